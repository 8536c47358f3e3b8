"""Every command, every parameter, fed values a user (or a script) could get wrong.

The command tree is walked as `--help` walks it, so a new command is covered the day it is
added. Each parameter in turn gets each bad value while the others stay plausible; whatever
the command makes of it, the answer is a known exit status, never an internal error, and a
refusal is one line on stderr.

One test per top-level command (so that test workers share the sweep out), each on a copy of
the same database: the demo, with interview 1's notes drafted. A flag takes no value: it is
tried once, not once per bad value.
"""

from __future__ import annotations

import click
import pytest

from afterview.interfaces.cli.main import cli
from tests.helpers import afterview

AT = ("--at", "2026-11-26T15:00:00Z")
LONG_RUNNING = {("serve",), ("worker",), ("demo", "then_serve")}  # they serve until stopped
KNOWN_STATUS = {0, 1, 2, 130}  # done, lint findings, bad input, aborted at a prompt (no input)


def commands(group: click.Group, path: tuple[str, ...] = ()):
    context = click.Context(group)
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        if isinstance(command, click.Group):
            yield from commands(command, (*path, name))
        elif (*path, name) not in LONG_RUNNING:
            yield (*path, name), command


def commands_named(name: str):
    """The commands under the top-level one `name` (itself, when it is no group)."""
    command = cli.get_command(click.Context(cli), name)
    if isinstance(command, click.Group):
        yield from commands(command, (name,))
    elif (name,) not in LONG_RUNNING:
        yield (name,), command


# the top-level names, as --help lists them (nothing is loaded to know them)
TOP_LEVEL = [name for name in cli.list_commands(click.Context(cli)) if (name,) not in LONG_RUNNING]


def bad_values(tmp_path) -> list[str]:
    binary = tmp_path / "photo.jpg"
    binary.write_bytes(bytes(range(256)) * 8)
    broken = tmp_path / "broken.csv"
    broken.write_text('name,email\n"unclosed,a@b\n', encoding="utf-8")
    return ["abc", "-1", "0", "99999999999999999999", "2026-13-45", "", "x" * 300, str(binary),
            str(broken), str(tmp_path / "no such folder" / "x"), str(tmp_path), "a@", "💥"]


def invocations(path: tuple[str, ...], command: click.Command, values: list[str]):
    params = [p for p in command.params
              if p.name != "help" and (path[0], p.name) not in LONG_RUNNING]
    seen = set()
    for chosen in params:
        for value in values:
            argv = list(path)
            for param in params:
                if isinstance(param, click.Argument):
                    argv.append(value if param is chosen else "1")
                elif param is chosen:
                    argv += [param.opts[0]] if param.is_flag else [param.opts[0], value]
            if tuple(argv) not in seen:  # a flag's is the same whatever the value
                seen.add(tuple(argv))
                yield argv


@pytest.fixture(scope="session")
def demo_drafted(prebuilt):
    return prebuilt.build((*AT, "demo", "--no-agenda"), (*AT, "draft", "--interview", "1"))


@pytest.mark.parametrize("name", TOP_LEVEL)
def test_every_command_answers_bad_values_with_one_line(name, tmp_path, monkeypatch, afterview_home, prebuilt,
                                                        demo_drafted):
    monkeypatch.chdir(tmp_path)  # files a command writes under a garbage name land here
    monkeypatch.setenv("EDITOR", "true")
    prebuilt.copy(demo_drafted, afterview_home)  # as `afterview AT demo --no-agenda`, `... draft --interview 1` leave it
    values = bad_values(tmp_path)
    problems, count = [], 0
    for path, command in commands_named(name):
        for argv in invocations(path, command, values):
            count += 1
            result = afterview(*AT, *argv, input="")
            lines = [line for line in result.err.splitlines() if line.strip()]
            if (result.code not in KNOWN_STATUS or "Traceback" in result.out + result.err
                    or (result.code == 2 and len(lines) != 1)):
                problems.append(f"afterview {' '.join(argv)[:120]} -> {result.code}: {result.err.strip()[:200]}")
    assert count > 0
    assert not problems, "\n".join(problems)


def test_the_sweep_reaches_every_command(tmp_path):
    walked = list(commands(cli))
    assert sorted({path[0] for path, _ in walked}) == TOP_LEVEL  # each has its test above
    assert [path for name in TOP_LEVEL for path, _ in commands_named(name)] == [path for path, _ in walked]
    values = bad_values(tmp_path)
    count = sum(1 for path, command in walked for _ in invocations(path, command, values))
    assert count > 1000  # the walk found the commands (lazily loaded groups included)


@pytest.mark.parametrize("path", [("serve",), ("worker",)])
def test_the_long_running_commands_left_out_still_exist(path):
    assert dict(commands(cli)).get(path) is None
    context = click.Context(cli)
    assert cli.get_command(context, path[0]) is not None
