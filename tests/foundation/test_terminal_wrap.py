"""`today`, `agenda` and `plan` in a real terminal 80 columns wide: a reason longer than the line
goes on under the name, indented as in a pipe (and in the README), not back at the margin.
Found by a tester (`script -qc "stty cols 80; afterview today" /dev/null`).

The real process, on a pseudo-terminal of the width given."""

from __future__ import annotations

import fcntl
import os
import re
import struct
import subprocess
import sys
import termios

import pytest

_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
_HEAD = re.compile(r"^  (OVERDUE|DUE|UPCOMING) +\S")


def _on_terminal(env: dict, args: list[str], columns: int) -> str:
    """What `afterview ARGS` shows on a terminal `columns` wide."""
    main, secondary = os.openpty()
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    process = subprocess.Popen([sys.executable, "-m", "afterview", *args], env=env, stdin=secondary,
                               stdout=secondary, stderr=subprocess.PIPE)
    os.close(secondary)
    chunks = []
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the terminal's other end is closed: all is read
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(main)
    assert process.wait(timeout=120) == 0, process.stderr.read()
    return _ANSI.sub("", b"".join(chunks).decode("utf-8")).replace("\r\n", "\n")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("wrap")
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    env.update(AFTERVIEW_HOME=str(folder / "home"), AFTERVIEW_AT="2026-11-26T15:00:00+00:00",
               AFTERVIEW_DB=str(folder / "demo.db"), TERM="xterm")
    made = subprocess.run([sys.executable, "-m", "afterview", "demo"], env=env, capture_output=True, text=True,
                          timeout=120)
    assert made.returncode == 0, made.stderr
    return env


@pytest.mark.parametrize("args", [["today"], ["agenda", "--days", "14"], ["plan"], ["today", "--by", "kind"]],
                         ids=" ".join)
@pytest.mark.parametrize("columns", [80, 60])
def test_a_wrapped_reason_stays_under_the_name(demo, args, columns):
    shown = _on_terminal(demo, args, columns)
    blocks, block = [], None
    for line in shown.split("\n"):
        if _HEAD.match(line):
            block = [line]
            blocks.append(block)
        elif not line.strip():
            block = None
        elif block is not None:
            block.append(line)
    assert blocks, shown
    wrapped = 0
    for lines in blocks:
        for line in lines:
            assert len(line) <= columns, line  # (the demo's text is all one cell a character)
        for line in lines[1:]:
            assert line.startswith(" " * 11) and not line[11].isspace(), (line, lines)
            assert not line.endswith(" "), line
        wrapped += sum(1 for line in lines[1:] if not line.lstrip().startswith(("key:", "note:")))
    assert wrapped > len(blocks)  # some reason did take more than one line


def test_the_words_are_those_of_a_pipe(demo):
    shown = _on_terminal(demo, ["today"], 80)
    piped = subprocess.run([sys.executable, "-m", "afterview", "today"], env=demo, capture_output=True,
                           text=True, timeout=120)
    assert piped.returncode == 0, piped.stderr
    assert shown.split() == piped.stdout.split()


def test_a_wide_terminal_breaks_nothing(demo):
    shown = _on_terminal(demo, ["today"], 400)
    piped = subprocess.run([sys.executable, "-m", "afterview", "today"], env=demo, capture_output=True,
                           text=True, timeout=120)
    assert [line.rstrip() for line in shown.strip("\n").split("\n")] == piped.stdout.strip("\n").split("\n")
