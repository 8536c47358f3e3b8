"""`afterview lint FILE` reads a file of at most the size an import takes (the imports' own check,
importers.files): a device (/dev/zero), a pipe (a FIFO, which would wait for a writer forever)
and a file larger than that are refused in one line before a byte is read; standard input,
once more than that has come. Each in a process of its own, with a time limit: the old reading
grew without end, or waited forever."""

import os
import subprocess
import sys

import pytest

from tests.helpers import afterview, assert_clean_error


def run(*args: str, stdin=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "afterview", *args], stdin=stdin, capture_output=True, text=True,
                          timeout=60, env=dict(os.environ, AFTERVIEW_AT="2026-11-26T10:00:00+00:00"))


def one_line_refusal(done: subprocess.CompletedProcess, fragment: str) -> None:
    assert done.returncode == 2, (done.returncode, done.stderr)
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines() == [done.stderr.strip()] and fragment in done.stderr, done.stderr


@pytest.mark.parametrize("option", [(), ("--sibling",)])
def test_a_device_is_refused(tmp_path, option):
    note = tmp_path / "note.txt"
    note.write_text("Subject: Thank you\n\nHi Bob,\nthank you for the talk.\nAlice\n")
    args = ("lint", str(note), "--sibling", "/dev/zero") if option else ("lint", "/dev/zero")
    one_line_refusal(run(*args), "afterview: error: /dev/zero: not a file")


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path):
    fifo = tmp_path / "note.txt"
    os.mkfifo(fifo)
    one_line_refusal(run("lint", str(fifo)), f"{fifo}: not a file")


def test_a_file_over_the_limit_is_refused_before_it_is_read(tmp_path):
    big = tmp_path / "note.txt"
    with open(big, "wb") as out:
        out.truncate(400 * 1024 * 1024)  # sparse: 400 MB that take no room on the disk
    assert_clean_error(afterview("lint", str(big)), f"{big} is 400.0 MB; files over 50 MB are refused")


def test_standard_input_is_read_up_to_the_limit():
    with open("/dev/zero", "rb") as endless:
        one_line_refusal(run("lint", "-", stdin=endless), "standard input holds over 50 MB")


def test_a_note_is_read_as_before(tmp_path):
    note = tmp_path / "note.eml"
    note.write_bytes(b"Subject: Thank you\r\nTo: Bob Builder <bob@example.test>\r\n\r\nHi Bob,\r\nthank you.\r\n")
    done = afterview("lint", str(note), "--kind", "thank_you")
    assert done.code in (0, 1) and "too-short" in done.out, done.err
