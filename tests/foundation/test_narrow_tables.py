"""Listings on a narrow terminal (found by a scripts tester): at COLUMNS=40, `person list` cut
every email address to two letters ("an…"). A terminal too narrow for the columns now gets one
record at a time, a field a line, every value whole; a wide one keeps the table. Real SQLite
file, the command on a real pseudo-terminal."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest

from afterview.interfaces.cli.common import _too_narrow

AFTERVIEW = str(Path(sys.executable).with_name("afterview"))
STYLES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def _run(home: Path, *args: str, columns: int = 200, terminal: bool = False) -> str:
    env = {**os.environ, "AFTERVIEW_HOME": str(home), "COLUMNS": str(columns), "TERM": "xterm-256color"}
    env.pop("NO_COLOR", None)
    if not terminal:
        done = subprocess.run([AFTERVIEW, *args], env=env, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        return done.stdout
    master, slave = pty.openpty()
    process = subprocess.Popen([AFTERVIEW, *args], stdin=subprocess.DEVNULL, stdout=slave,
                               stderr=subprocess.PIPE, env=env)
    os.close(slave)
    screen = b""
    try:
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            screen += chunk
        err = process.communicate(timeout=60)[1].decode()
    finally:
        os.close(master)
    assert process.returncode == 0, err
    return STYLES.sub("", screen.decode()).replace("\r", "")


@pytest.fixture
def home(tmp_path):
    for name, email in [("Anneliese Vandenberghe", "anneliese.vandenberghe@northwind.example"),
                        ("Tom Becker", "tom.becker@northwind.example")]:
        _run(tmp_path, "person", "add", name, "--email", email)
    return tmp_path


def test_a_narrow_terminal_lists_one_record_at_a_time_every_value_whole(home):
    screen = _run(home, "person", "list", columns=40, terminal=True)
    assert "anneliese.vandenberghe@northwind.example" in screen, screen
    assert "tom.becker@northwind.example" in screen
    assert "…" not in screen
    assert all(len(line) <= 40 or "@" in line for line in screen.splitlines()), screen


def test_a_wide_terminal_keeps_the_table(home):
    screen = _run(home, "person", "list", columns=200, terminal=True)
    assert "anneliese.vandenberghe@northwind.example" in screen
    # one row a person: both names on lines of their own, with the address on the same line
    [line] = [x for x in screen.splitlines() if "Anneliese" in x]
    assert "anneliese.vandenberghe@northwind.example" in line


def test_a_pipe_keeps_its_tab_separated_lines_whatever_the_width(home):
    text = _run(home, "person", "list", columns=40)
    lines = text.splitlines()
    assert "\t" in lines[0] and len(lines) == 3


@pytest.mark.parametrize("width, narrow", [(40, True), (80, False), (200, False)])
def test_too_narrow_counts_each_column_up_to_a_readable_width(width, narrow):
    columns = ["id", "name", "email", "company", "role", "tz", "country"]
    rows = [[1, "Anneliese Vandenberghe", "anneliese@northwind.example", "Northwind", "hiring manager",
             "Europe/Brussels", "BE"]]
    assert _too_narrow(columns, rows, width) is narrow
    assert _too_narrow(columns, [], 10) is False
