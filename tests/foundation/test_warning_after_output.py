"""A warning on standard error comes after the output written before it, when both streams reach
one terminal or one pipe: never inside a line of output ("...Sent: Sentafterview: warning: ...")."""

from __future__ import annotations

import io
import os
import sys

import pytest


@pytest.fixture
def one_file(tmp_path, monkeypatch):
    """`one_file()`: standard output buffered as in a pipe and standard error written at once,
    both to one file (as `2>&1` gives them), from then on in the test (pytest sets its own
    streams again between a fixture and the test); the file's path."""
    path = tmp_path / "both.txt"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)

    def install():
        out = io.TextIOWrapper(io.BufferedWriter(io.FileIO(fd, "w", closefd=False), 8192), encoding="utf-8")
        err = io.TextIOWrapper(io.FileIO(fd, "w", closefd=False), encoding="utf-8", write_through=True)
        monkeypatch.setattr(sys, "stdout", out)
        monkeypatch.setattr(sys, "stderr", err)
        return path

    yield install
    os.close(fd)


def test_a_warning_waits_for_the_output_before_it(one_file):
    from afterview.interfaces.cli.common import echo, warn

    path = one_file()
    sys.stdout.write("IMAP: ok: Drafts: Drafts, Sent: Sent\n")  # still in standard output's buffer
    warn("DE alone has only the public holidays all of its regions share")
    sys.stdout.write("SMTP: ok\n")
    echo("afterview: warning: second", err=True)
    sys.stdout.flush()
    assert path.read_text() == (
        "IMAP: ok: Drafts: Drafts, Sent: Sent\n"
        "afterview: warning: DE alone has only the public holidays all of its regions share\n"
        "SMTP: ok\n"
        "afterview: warning: second\n")


def test_a_closed_output_does_not_stop_the_warning(monkeypatch, capsys):
    from afterview.interfaces.cli.common import warn

    class Gone(io.StringIO):
        def flush(self):
            raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(sys, "stdout", Gone())
    warn("still said")
    assert capsys.readouterr().err == "afterview: warning: still said\n"
