"""Shared helpers for the import tests: the fixture files and a fixed clock."""

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
AT = ["--at", "2026-11-26 09:00 UTC"]  # the CLI's clock in these tests: NOW
NOW = datetime(2026, 11, 26, 9, 0, tzinfo=timezone.utc)
WINDOW = (NOW - timedelta(days=365), NOW + timedelta(days=365))


def run(capsys, *argv):
    """Run the CLI in-process at AT; return (exit status, stdout, stderr)."""
    return cli_at(capsys, AT[1], *argv)


def cli_at(capsys, at: str, *argv):
    """Run the CLI in-process at `at`; return (exit status, stdout, stderr)."""
    from afterview.interfaces.cli.main import main

    with pytest.raises(SystemExit) as done:
        main(["--at", at, *argv])
    out, err = capsys.readouterr()
    return done.value.code, out, err


def ok_at(capsys, at: str, *argv) -> str:
    """`cli_at` that must succeed; its stdout."""
    code, out, err = cli_at(capsys, at, *argv)
    assert code == 0, err
    return out


def stored(fn):
    """`fn(tx)` in one transaction on the database the CLI uses (AFTERVIEW_HOME's)."""
    from afterview.config import database_url, load_config, paths
    from afterview.storage import open_store

    where = paths()
    store = open_store(database_url(None, load_config(where), where))
    try:
        with store.transaction() as tx:
            return fn(tx)
    finally:
        store.close()


@pytest.fixture
def data() -> Path:
    return DATA


@pytest.fixture
def store(tmp_path):
    """A fresh SQLite store in a real file, with a profile."""
    from afterview.domain.model import Profile
    from afterview.storage import open_store

    opened = open_store(f"sqlite:///{tmp_path / 'afterview.db'}")
    with opened.transaction() as tx:
        tx.save_profile(Profile(name="Sam Seeker", email="sam.seeker@gmail.com", timezone="America/New_York"))
    yield opened
    opened.close()
