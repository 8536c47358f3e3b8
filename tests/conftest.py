"""Shared test setup.

Every test runs with AFTERVIEW_HOME in its own temporary folder, so nothing touches the
user's real data. Real servers (PostgreSQL, Dovecot, aiosmtpd, Chromium) come from
tests/fixtures/servers.py, started once per test run on 127.0.0.1.
"""

import pytest

pytest_plugins = ["tests.fixtures.servers", "tests.fixtures.keyrings"]


@pytest.fixture(autouse=True)
def afterview_home(tmp_path, monkeypatch):
    home = tmp_path / "afterview-home"
    home.mkdir()
    monkeypatch.setenv("AFTERVIEW_HOME", str(home))
    monkeypatch.delenv("AFTERVIEW_DB", raising=False)
    monkeypatch.delenv("AFTERVIEW_AT", raising=False)
    monkeypatch.setenv("TZ", "UTC")
    # pytest-xdist's workers are given COLUMNS=80 and LINES=24: output is read as in a pipe,
    # where no terminal width applies, unless a test sets one itself
    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.delenv("LINES", raising=False)
    return home
