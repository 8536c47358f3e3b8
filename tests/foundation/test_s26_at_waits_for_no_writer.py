"""A command that only reads answers while another program holds the write lock (docs/storage.md:
"what only reads waits for no writer"), with `--at` too: reading the profile's zone, which `--at`
needs to understand a time, took the write lock, so `today --at ...` waited SQLite's busy timeout
and failed "busy" while a worker or an import wrote. A real SQLite file, and a real second
process holding BEGIN IMMEDIATE."""

from __future__ import annotations

import os
import subprocess
import sys

from click.testing import CliRunner

from afterview.interfaces.cli.main import cli

HOLDER = """
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN IMMEDIATE")
c.execute("UPDATE afterview_state SET key = key")
print("held", flush=True)
time.sleep(60)
"""


def test_today_at_a_moment_answers_while_another_program_writes(tmp_path, monkeypatch):
    monkeypatch.setenv("AFTERVIEW_HOME", str(tmp_path / "home"))
    db = tmp_path / "a.db"
    runner = CliRunner()
    made = runner.invoke(cli, ["--db", str(db), "demo"])
    assert made.exit_code == 0, made.output
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(db)], stdout=subprocess.PIPE, text=True,
                              env={**os.environ})
    try:
        assert holder.stdout.readline().strip() == "held"
        for args in (["today"], ["drafts"], ["plan", "--json"]):
            result = runner.invoke(cli, ["--db", str(db), "--at", "2026-11-27 08:30", *args])
            assert result.exit_code == 0, (args, result.output)
            assert "busy" not in result.output
    finally:
        holder.kill()
        holder.wait()
