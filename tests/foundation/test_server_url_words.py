"""Database URLs from a tester running a career centre on PostgreSQL: a scheme in capitals
(POSTGRESQL://) was refused as "another database"; a password with "/" and "?" typed as it is
was shown whole by `afterview config`; a ~/.pgpass readable by others gave only "no password
supplied"."""

import os

import pytest
import sqlalchemy as sa

from afterview.config import hide_password
from afterview.storage.store import storage_error

from tests.helpers import afterview


@pytest.mark.parametrize("scheme", ["POSTGRESQL://", "PostgreSQL+Psycopg://", "Postgres://"])
def test_a_scheme_in_capitals_is_read_as_in_small_letters(pg_url, scheme):
    url = pg_url.replace("postgresql+psycopg://", scheme)
    added = afterview("--db", url, "company", "add", "Acme")
    assert added.code == 0, added.err
    listed = afterview("--db", pg_url, "company", "list")
    assert listed.code == 0 and "Acme" in listed.out, listed.err


def test_a_sqlite_scheme_in_capitals_is_read_too(tmp_path):
    path = tmp_path / "mine.db"
    added = afterview("--db", f"SQLite:///{path}", "company", "add", "Acme")
    assert added.code == 0, added.err
    assert "Acme" in afterview("--db", str(path), "company", "list").out


ODD = "postgresql+psycopg://odd:ab/cd#ef?gh%zz@127.0.0.1:1/centre"


def test_a_password_with_slash_and_question_mark_is_read_and_hidden_whole():
    # read as the driver reads it (what docs/storage.md says) ...
    parsed = sa.make_url(ODD)
    assert (parsed.username, parsed.password, parsed.host, parsed.database) == ("odd", "ab/cd#ef?gh%zz", "127.0.0.1",
                                                                                "centre")
    assert sa.make_url("postgresql+psycopg://u:ab%41@h/db").password == "abA"
    # ... and never shown, in part or whole
    assert hide_password(ODD) == "postgresql+psycopg://odd:***@127.0.0.1:1/centre"
    shown = afterview("config", env={"AFTERVIEW_DB": ODD})
    assert shown.code == 0, shown.err
    assert "odd:***@127.0.0.1:1/centre" in shown.out and "cd#ef" not in shown.out and "gh%zz" not in shown.out
    failed = afterview("today", env={"AFTERVIEW_DB": ODD})
    assert failed.code == 2 and "cannot reach the database server" in failed.err
    assert "cd#ef" not in failed.err + failed.out


@pytest.mark.parametrize("url, shown", [
    ("postgresql://u:pw@h/db?application_name=me@home", "postgresql://u:***@h/db?application_name=me@home"),
    ("postgresql://u@h/db?application_name=me@home", "postgresql://u@h/db?application_name=me@home"),
    ("postgresql://u@h:5432/db", "postgresql://u@h:5432/db"),
    ("postgresql+psycopg://a:Tr1cky:P@ss/word@127.0.0.1:5432/av", "postgresql+psycopg://a:***@127.0.0.1:5432/av"),
])
def test_what_is_hidden_and_what_is_not(url, shown):
    assert hide_password(url) == shown


class _Refused(Exception):
    """A driver's error as psycopg words a login refused for want of a password."""


# the file-mode check is POSIX only (libpq checks modes there alone): never skipped on Linux or in CI
@pytest.mark.skipif(not hasattr(os, "getuid"), reason="file modes")
def test_a_password_file_others_may_read_is_named_with_its_mode(tmp_path, monkeypatch):
    pgpass = tmp_path / "pgpass"
    pgpass.write_text("db.internal:5432:centre:afterview:secret\n")
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    refused = _Refused('connection failed: connection to server at "10.0.0.5", port 5432 failed: '
                       "fe_sendauth: no password supplied")
    pgpass.chmod(0o644)
    said = str(storage_error(refused, "postgresql+psycopg://afterview@db.internal/centre"))
    assert "refused the login" in said and "\n" not in said
    assert f"libpq ignores {pgpass}: others may read it (mode 644): make it yours alone (chmod 600 {pgpass})" in said
    pgpass.chmod(0o600)  # as libpq wants it: the hint is not given
    assert "libpq ignores" not in str(storage_error(refused, "postgresql+psycopg://afterview@db.internal/centre"))
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "none"))
    assert "libpq ignores" not in str(storage_error(refused, "postgresql+psycopg://afterview@db.internal/centre"))
