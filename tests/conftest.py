"""Shared test setup.

Every test runs with AFTERVIEW_HOME in its own temporary folder, so nothing touches the
user's real data. Real servers (PostgreSQL, Dovecot, aiosmtpd, Chromium) come from
tests/fixtures/servers.py, started once per test run on 127.0.0.1.
"""

from pathlib import Path

import pytest

pytest_plugins = ["tests.fixtures.servers", "tests.fixtures.keyrings"]


def _environment(home: Path) -> dict:
    """What every test's environment has (a value) or has not (None), its data folder at `home`."""
    # pytest-xdist's workers are given COLUMNS=80 and LINES=24: output is read as in a pipe,
    # where no terminal width applies, unless a test sets one itself
    return {"AFTERVIEW_HOME": str(home), "AFTERVIEW_DB": None, "AFTERVIEW_AT": None, "TZ": "UTC",
            "COLUMNS": None, "LINES": None}


@pytest.fixture(autouse=True)
def afterview_home(tmp_path, monkeypatch):
    home = tmp_path / "afterview-home"
    home.mkdir()
    for name, value in _environment(home).items():
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    return home


@pytest.fixture(scope="session")
def prebuilt(tmp_path_factory):
    """Databases built once per test run (per worker) and copied for each test that starts from
    one (tests.helpers.Prebuilt): in a session-scoped fixture, `prebuilt.build(*commands)`, the
    commands each a tuple of arguments giving --at, such as `("--at", AT, "demo",
    "--no-agenda")` (no commands: a new database); then, for each test, `prebuilt.copy(built,
    home, db=None)` or `prebuilt.opened(built, home, db=None)`. For a test that starts from an
    empty data folder and does not check those commands' own output."""
    import os

    from tests.helpers import Prebuilt

    return Prebuilt(tmp_path_factory.mktemp("prebuilt"), {**os.environ, **_environment(Path("unused"))})


@pytest.fixture(scope="session")
def new_database(prebuilt):
    """A new database (as opening a file that does not exist makes it), to copy with
    `prebuilt.copy(new_database, home, db)` or `prebuilt.opened(...)`."""
    return prebuilt.build()
