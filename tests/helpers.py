"""Running the real `afterview` entry point in-process, as a user would from a shell."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass

import click
from click.testing import CliRunner

from afterview.interfaces.cli.main import main


@click.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True, "help_option_names": []})
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def _entry(args) -> None:
    main(list(args))


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def error_line(self) -> str:
        lines = [line for line in self.err.splitlines() if line.strip()]
        return lines[-1] if lines else ""


def afterview(*args: str, input: str | None = None, env: dict | None = None) -> Result:
    """Run `afterview ARGS...`; returns exit code, stdout and stderr."""
    runner = CliRunner()
    result = runner.invoke(_entry, list(args), input=input, env=env, catch_exceptions=False)
    return Result(result.exit_code, result.stdout, result.stderr)


def completed(*args: str, input: str | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """`afterview ARGS...` run in-process as `afterview` runs it, its answer in the form
    subprocess.run gives (returncode, stdout, stderr): for a test that reads a command's answer,
    where a process of its own is not what is tested (a signal, a closed stream, the locale)."""
    done = afterview(*args, input=input, env=env)
    return subprocess.CompletedProcess(["afterview", *args], done.code, done.out, done.err)


def assert_clean_error(result: Result, *fragments: str, code: int = 2) -> None:
    """A user error: the expected exit status, one line on stderr naming the problem, no traceback."""
    assert result.code == code, (result.code, result.out, result.err)
    assert "Traceback" not in result.err + result.out
    lines = [line for line in result.err.splitlines() if line.strip()]
    assert len(lines) == 1, result.err
    for fragment in fragments:
        assert fragment.lower() in lines[0].lower(), (fragment, lines[0])


class Prebuilt:
    """Databases built once and copied: see the `prebuilt` fixture (tests/conftest.py).

    `build(*commands)` runs the `afterview` commands (each a tuple of arguments giving --at,
    so that what they make does not depend on when) in-process, in a data folder of their own,
    in the environment a test starts in; called from a session-scoped fixture, it runs between
    two tests, when no test's changes (a plugin registered, a setting patched) are in effect.
    What they leave besides the database is a cache only (checked); it is not copied.

    A SQLite database records the file it is (its identity, afterview_state 'identity'), and
    one opened as another file is a copy that holds back what was approved
    (storage.store._check_identity); so the database is kept without one, checkpointed (the
    file alone holds it), and each copy is opened where it lies before the test uses it (by
    `copy`, or by `opened`, whose store is the test's), which records it there as the first
    open of a database made there does (tests/test_infrastructure.py checks that a copy is the
    same as a database built in place)."""

    def __init__(self, root, environment: dict) -> None:
        self.root, self.environment, self.built = root, environment, {}

    def build(self, *commands: tuple[str, ...]):
        """The database `commands` make in an empty data folder (no commands: a new database, as
        opening a file that does not exist makes it), built the first time it is asked for;
        every command must succeed."""
        if commands not in self.built:
            self.built[commands] = self._build(commands)
        return commands

    def copy(self, built, home, db=None):
        """A copy of the database `build` gave, at `db` (home/afterview.db when None), opened
        once; the data folder `home` must be empty when commands made it (what they do depends
        on what is there, config.toml). Returns its path."""
        from afterview.storage import open_store

        db = self._copy(built, home, db)
        open_store(f"sqlite:///{db}").close()  # records its identity, as a database made there has
        return db

    def opened(self, built, home, db=None):
        """As `copy`, but returned opened (a Store): the open that records its identity is the caller's."""
        from afterview.storage import open_store

        return open_store(f"sqlite:///{self._copy(built, home, db)}")

    def _copy(self, built, home, db):
        import shutil
        from pathlib import Path

        home = Path(home)
        db = Path(db) if db is not None else home / "afterview.db"
        if built:
            assert not any(home.iterdir()), f"{home} is not empty: the commands would not start from nothing there"
        assert not db.exists(), db
        db.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(self.built[built], db)
        return db

    def _build(self, commands):
        import os
        import tempfile
        from pathlib import Path

        import pytest

        from afterview.storage import open_store

        home = Path(tempfile.mkdtemp(prefix="home", dir=self.root))  # a build that failed leaves its own
        db = home / "afterview.db"
        if not commands:
            open_store(f"sqlite:///{db}").close()
        with pytest.MonkeyPatch.context() as monkeypatch:
            for name in set(os.environ) - set(self.environment):
                monkeypatch.delenv(name)
            for name, value in self.environment.items():
                if value is None:
                    monkeypatch.delenv(name, raising=False)
                else:
                    monkeypatch.setenv(name, value)
            monkeypatch.setenv("AFTERVIEW_HOME", str(home))
            monkeypatch.chdir(home)
            for args in commands:
                assert "--at" in args, f"{args}: the commands must give the time, for every copy to be what they make"
                done = afterview(*args)
                assert done.code == 0, (args, done.out, done.err)
        keep_to_copy(db)
        left = {item.name for item in home.iterdir()} - {"afterview.db", "afterview.db-wal", "afterview.db-shm", "cache"}
        assert not left, f"the commands left more than a database and a cache: {sorted(left)}"
        return db


def keep_to_copy(db) -> None:
    """A SQLite database made ready to be copied (`Prebuilt`, the desk tests' demo): without the
    identity it records of the file it is, so that each copy records its own where it is first
    opened, and all of it in the file itself (its write-ahead log checkpointed), as the
    connections that made it may still be open."""
    import sqlite3

    connection = sqlite3.connect(db, isolation_level=None)
    try:
        connection.execute("DELETE FROM afterview_state WHERE key = 'identity'")
        busy, _, _ = connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        assert busy == 0, f"{db} could not be checkpointed"
    finally:
        connection.close()


def worker_rounds(*args: str, rounds: int | None = None, env: dict | None = None, between=None,
                  waits: bool = False) -> Result:
    """`afterview ARGS...` (ending in `worker`) run in this process for `rounds` rounds, each
    straight after the other: its wait between rounds (services.delivery._wait, IMAP IDLE
    included) is cut to a moment (unless `waits`, for a test of when it wakes), and after the
    last round it is stopped by SIGTERM as `kill` stops it, through its own handler. For a test
    of what the worker says and does over its rounds, not of a process of its own.
    `between(n)` runs after round n (1, 2, ...), before the wait for the next one (what happens
    meanwhile); when it returns true, round n was the last."""
    import signal

    import pytest

    from afterview.services import delivery

    real_wait, ended = delivery._wait, []

    def wait(imap, seconds, should_stop) -> None:
        ended.append(seconds)
        last = between is not None and between(len(ended))
        if last or (rounds is not None and len(ended) >= rounds):
            assert signal.getsignal(signal.SIGTERM) not in (signal.SIG_DFL, signal.SIG_IGN, None), \
                "the worker did not take SIGTERM"
            signal.raise_signal(signal.SIGTERM)  # the stop a user asks for; the worker ends its loop
        real_wait(imap, seconds if waits else min(seconds, 0.05), should_stop)

    assert rounds is not None or between is not None, "give the rounds, or `between` to end them"
    handlers = {number: signal.getsignal(number) for number in (signal.SIGTERM, signal.SIGINT)}
    try:
        with pytest.MonkeyPatch.context() as monkeypatch:
            monkeypatch.setattr(delivery, "_wait", wait)
            return afterview(*args, env=env)
    finally:
        for number, handler in handlers.items():  # the worker's own are for its process alone
            signal.signal(number, handler)
