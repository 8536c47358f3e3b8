"""`afterview debrief` asks its questions in a real terminal (a pseudo-terminal here)."""

import json
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

from tests.helpers import afterview

AFTERVIEW = str(Path(sys.executable).parent / "afterview")


def _converse(argv: list[str], answers: list[str], env: dict, timeout: float = 30.0) -> str:
    """Run a command on a pseudo-terminal, answering each prompt in turn; return the screen (the
    command must succeed)."""
    code, screen = on_terminal(argv, answers, env, timeout)
    assert code == 0, screen
    return screen


def on_terminal(argv: list[str], answers: list[str], env: dict, timeout: float = 30.0) -> tuple[int, str]:
    """Run a command on a pseudo-terminal, answering each prompt (a line ending in ":") in turn;
    return its exit status and the screen."""
    master, slave = pty.openpty()
    process = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True)
    os.close(slave)
    screen, pending = b"", list(answers)
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(master, 4096)
                except OSError:  # the command ended and closed the terminal
                    break
                if not chunk:
                    break
                screen += chunk
                if pending and screen.rstrip().endswith(b":"):
                    os.write(master, pending.pop(0).encode() + b"\r")
            elif process.poll() is not None:
                break
        process.wait(timeout=5)
    finally:
        os.close(master)
        if process.poll() is None:
            process.kill()
    return process.returncode, screen.decode(errors="replace")


def test_debrief_asks_each_panel_member_in_turn(tmp_path):
    db = str(tmp_path / "a.db")
    at = ["--db", db, "--at", "2026-11-26 10:00 America/New_York"]
    assert afterview(*at, "opportunity", "add", "--company", "Initech", "--role", "Data Engineer").code == 0
    assert afterview(*at, "person", "add", "Dana Reyes", "--email", "dana@initech.test").code == 0
    assert afterview(*at, "person", "add", "Sam Ortiz", "--email", "sam@initech.test").code == 0
    assert afterview(*at, "interview", "add", "--opportunity", "1", "--start", "2026-11-25 14:00",
                     "--with", "Dana Reyes", "--with", "Sam Ortiz").code == 0
    env = {**os.environ, "TERM": "dumb", "COLUMNS": "100"}
    answers = [
        "streaming migration; data contracts", "", "no Kafka in production", "the schema article",
        "decision after references", "2026-12-10",
        "on-call rotations", "marathons", "", "", "", "",
    ]
    screen = _converse([AFTERVIEW, *at, "debrief", "1"], answers, env)
    assert "Dana Reyes" in screen and "Sam Ortiz" in screen
    assert "recorded debrief for Dana Reyes" in screen and "recorded debrief for Sam Ortiz" in screen
    shown = json.loads(afterview(*at, "interview", "show", "1", "--json").out)
    debriefs = {d["person_id"]: d for d in shown["debriefs"]}
    assert debriefs[1]["topics"] == ["streaming migration", "data contracts"]
    assert debriefs[1]["concerns"] == ["no Kafka in production"]
    assert debriefs[1]["promises"] == ["the schema article"]
    assert debriefs[1]["decision_date"] == "2026-12-10"
    assert debriefs[2]["topics"] == ["on-call rotations"] and debriefs[2]["rapport"] == ["marathons"]
