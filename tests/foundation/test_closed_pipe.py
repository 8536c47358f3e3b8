"""A reader that goes away (`afterview show 1 | head -1`) ends the command quietly with status 0,
as closing a pipe early is no error of the command's: found by a tester, who saw status 1 and
no word from commands printed with rich (which ends with 1) or whose writing click caught (1).

The real process, with its standard output a pipe closed before it writes anything."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

COMMANDS = [["show", "1"], ["interview", "show", "1"], ["timeline", "--opportunity", "1"], ["today"],
            ["plan"], ["drafts", "--all"], ["person", "list"], ["plan", "--json"]]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pipe")
    env = dict(os.environ, AFTERVIEW_HOME=str(folder / "home"), AFTERVIEW_AT="2026-11-26T15:00:00+00:00")
    db = folder / "demo.db"
    made = subprocess.run([sys.executable, "-m", "afterview", "--db", str(db), "demo"], env=env,
                          capture_output=True, text=True, timeout=120)
    assert made.returncode == 0, made.stderr
    drafted = subprocess.run([sys.executable, "-m", "afterview", "--db", str(db), "draft", "--interview", "1"],
                             env=env, capture_output=True, text=True, timeout=120)
    assert drafted.returncode == 0, drafted.stderr
    return db, env


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_a_reader_gone_is_status_0_and_no_word(demo, command):
    db, env = demo
    process = subprocess.Popen([sys.executable, "-m", "afterview", "--db", str(db), *command], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.close()  # gone before the command writes a line
    err = process.stderr.read()
    assert process.wait(timeout=120) == 0, err
    assert err == b""
