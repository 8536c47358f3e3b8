"""The docs are part of the product: the command reference is current and the links resolve."""

import re
import subprocess
import sys
from pathlib import Path

import click

ROOT = Path(__file__).resolve().parent.parent


def test_command_reference_is_current():
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "cli_reference.py"), "--check"],
                            capture_output=True, text=True, env={"COLUMNS": "100", "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr


def test_every_command_has_help():
    from afterview.interfaces.cli.main import COMMANDS, cli

    root = click.Context(cli, info_name="afterview")
    for name in COMMANDS:
        command = cli.get_command(root, name)
        assert command is not None, name
        assert (command.help or "").strip(), f"{name} has no help"
        if isinstance(command, click.Group):
            sub = click.Context(command, info_name=name, parent=root)
            for child in command.list_commands(sub):
                assert (command.get_command(sub, child).help or "").strip(), f"{name} {child} has no help"


def test_links_in_readme_and_docs_resolve():
    for page in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", page.read_text(encoding="utf-8")):
            if "://" in target or target.startswith("mailto:"):
                continue
            assert (page.parent / target).exists(), f"{page.name}: broken link {target}"


def test_readme_starts_with_the_two_commands():
    lines = [line for line in (ROOT / "README.md").read_text().splitlines() if line.strip()]
    block = lines[lines.index("```sh") + 1: lines.index("```sh") + 3]
    assert [line.split()[0:2] for line in block] == [["make", "demo"], ["make", "test"]]
    assert "make test" in (ROOT / ".ci" / "run").read_text()
