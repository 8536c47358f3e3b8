"""Ctrl-C ends the `afterview` process with "afterview: aborted" and status
130, and a second Ctrl-C during the exit ends it as quietly: once, it met Python's own handlers
there (a traceback from threading._shutdown, waiting for a thread still running, or from an
exit handler), or killed the process by the signal. The process itself is run, as a user runs
it: the exit is what is tested."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

# The command: Ctrl-C (KeyboardInterrupt) while a thread that is no daemon still runs, and a
# second Ctrl-C during the exit (from an exit handler, as if the user pressed it again then).
SCRIPT = r"""
import atexit, os, signal, sys, threading, time

import click

from afterview.interfaces.cli import main as entry

@click.command()
def slow():
    threading.Thread(target=time.sleep, args=(60,), name="still-running").start()
    if {second}:
        def again():
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(0.5)
        atexit.register(again)
    raise KeyboardInterrupt

entry.COMMANDS["slow"] = ("__main__:slow", "A command interrupted.")
sys.argv = ["afterview", "slow"]
entry.main()
"""


@pytest.mark.parametrize("second", [False, True])
def test_ctrl_c_ends_at_once_quietly_with_130_even_when_pressed_again(second, tmp_path):
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", SCRIPT.format(second=second)], capture_output=True, text=True,
                          timeout=30, env={"AFTERVIEW_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert time.monotonic() - started < 20  # not waiting for the thread's minute
    assert (done.returncode, done.stderr, done.stdout) == (130, "\nafterview: aborted\n", "")  # (click ends the ^C line first)
