"""Running the real `afterview` entry point in-process, as a user would from a shell."""

from __future__ import annotations

from dataclasses import dataclass

import click
from click.testing import CliRunner

from afterview.interfaces.cli.main import main


@click.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True, "help_option_names": []})
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def _entry(args) -> None:
    main(list(args))


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def error_line(self) -> str:
        lines = [line for line in self.err.splitlines() if line.strip()]
        return lines[-1] if lines else ""


def afterview(*args: str, input: str | None = None, env: dict | None = None) -> Result:
    """Run `afterview ARGS...`; returns exit code, stdout and stderr."""
    runner = CliRunner()
    result = runner.invoke(_entry, list(args), input=input, env=env, catch_exceptions=False)
    return Result(result.exit_code, result.stdout, result.stderr)


def assert_clean_error(result: Result, *fragments: str, code: int = 2) -> None:
    """A user error: the expected exit status, one line on stderr naming the problem, no traceback."""
    assert result.code == code, (result.code, result.out, result.err)
    assert "Traceback" not in result.err + result.out
    lines = [line for line in result.err.splitlines() if line.strip()]
    assert len(lines) == 1, result.err
    for fragment in fragments:
        assert fragment.lower() in lines[0].lower(), (fragment, lines[0])
