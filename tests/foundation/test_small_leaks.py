"""Small leaks a security tester found: a database password in a URL's query was shown, the
crash log was readable by every user of the machine, and a line break in your own name (or a
person's title) was accepted, so that every later send failed on its From header."""

from __future__ import annotations

import os
import stat

import pytest

from afterview.config import hide_password
from afterview.interfaces.cli.common import log_crash

from tests.helpers import afterview, assert_clean_error


@pytest.mark.parametrize("url, shown", [
    ("postgresql+psycopg://127.0.0.1:1/db?password=QQQ2", "postgresql+psycopg://127.0.0.1:1/db?password=***"),
    ("postgresql+psycopg://u@h/db?sslmode=require&sslpassword=K3y&PASSWORD=x",
     "postgresql+psycopg://u@h/db?sslmode=require&sslpassword=***&PASSWORD=***"),
    ("postgresql+psycopg://u:pw@h/db?application_name=a", "postgresql+psycopg://u:***@h/db?application_name=a"),
    ("sqlite:////home/me/afterview.db", "sqlite:////home/me/afterview.db"),
])
def test_a_password_in_the_query_is_hidden_too(url, shown):
    assert hide_password(url) == shown


def test_config_and_errors_never_show_a_password_given_in_the_query():
    url = "postgresql+psycopg://127.0.0.1:1/db?sslmode=disable&password=QQQ2"
    shown = afterview("config", env={"AFTERVIEW_DB": url})
    assert shown.code == 0, shown.err
    assert "password=***" in shown.out and "QQQ2" not in shown.out
    failed = afterview("today", env={"AFTERVIEW_DB": url})
    assert failed.code != 0 and "cannot reach the database server" in failed.err
    assert "QQQ2" not in failed.err + failed.out


def test_the_crash_log_is_yours_alone(tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir(mode=0o755)
    monkeypatch.setenv("AFTERVIEW_HOME", str(home))
    where = log_crash(RuntimeError("boom"))
    assert "boom" in open(where, encoding="utf-8").read()
    assert stat.S_IMODE(os.stat(where).st_mode) == 0o600
    os.chmod(where, 0o644)  # one written before, with the umask's mode, is made private too
    log_crash(RuntimeError("again"))
    assert stat.S_IMODE(os.stat(where).st_mode) == 0o600


@pytest.mark.parametrize("args, words", [
    (["profile", "set", "--name", "Alex\r\nBcc: victim@evil.example"], "your name must be a single line"),
    (["profile", "set", "--phone", "555\n0100"], "your phone must be a single line"),
    (["person", "add", "Ann Lee", "--title", "CTO\nBcc: x@evil.example"], "title must be a single line"),
])
def test_a_line_break_in_a_name_or_title_is_refused(tmp_path, args, words):
    db = str(tmp_path / "a.db")
    assert afterview("--db", db, "company", "add", "Fabrikam").code == 0
    assert_clean_error(afterview("--db", db, *args), words)
    assert afterview("--db", db, "profile", "set", "--name", "Alex Morgan").code == 0
