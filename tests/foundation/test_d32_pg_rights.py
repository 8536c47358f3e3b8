"""PostgreSQL set-up problems of a career centre, each said with its way out (docs/storage.md,
PostgreSQL, Rights). Found by a tester of shared databases:

- an older Afterview's tables opened by a role that does not own them: "database error on ...:
  must be owner of table companies";
- a write by a role that may only read: "database error on ...: permission denied for table ...";
- a role without rights on another seeker's schema was offered the GRANT first, which in a
  centre gives one seeker another's data;
- a missing schema named pg_1 was to be made with `CREATE SCHEMA pg_1`, which PostgreSQL refuses;
- a mistyped database name, with a password file, read as a password problem.
"""

from __future__ import annotations

import os

import pytest

from tests.foundation.pg_roles import admin as _admin, as_role as _as, roles, rows as _rows  # noqa: F401 (roles: a fixture)
from tests.helpers import afterview, assert_clean_error


@pytest.fixture
def seeker(pg_url, roles):
    """A seeker's own role owning a schema of its name, holding Afterview's tables and one company;
    a second role may use the schema (USAGE)."""
    owner = roles()
    _admin(pg_url, f"CREATE SCHEMA {owner} AUTHORIZATION {owner}")
    added = afterview("--db", _as(pg_url, owner), "company", "add", "Acme")
    assert added.code == 0, added.err
    return owner


def test_an_older_schema_opened_by_a_role_that_does_not_own_its_tables_names_the_owner(pg_url, roles, seeker):
    staff = roles(f"GRANT USAGE ON SCHEMA {seeker} TO {{role}}",
                  f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {seeker} TO {{role}}",
                  f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA {seeker} TO {{role}}")
    _admin(pg_url, f"DELETE FROM {seeker}.afterview_migrations WHERE name = '0005_companies_former_names'",
           f"ALTER TABLE {seeker}.companies DROP COLUMN former_names")  # as the Afterview before 0005 left it
    result = afterview("--db", _as(pg_url, staff, seeker), "company", "list")
    assert_clean_error(result, "as an older Afterview left them (database schema 0004_people_greet_as)",
                       f"only their owner, {seeker}, can do that, not the role {staff}",
                       f"run any afterview command once as {seeker} (afterview --db "
                       f"'{_as(pg_url, seeker, seeker)}' today)", f"then {staff} can use them again")
    assert "database error" not in result.err
    # nothing half-done: still the older schema, until its owner opens it
    assert _rows(pg_url, f"SELECT name FROM {seeker}.afterview_migrations ORDER BY name")[-1] == (
        "0004_people_greet_as",)
    assert afterview("--db", _as(pg_url, seeker), "company", "list").code == 0
    listed = afterview("--db", _as(pg_url, staff, seeker), "company", "list")
    assert listed.code == 0 and "Acme" in listed.out, listed.err


def test_a_role_that_may_only_read_is_told_so_when_it_writes(pg_url, roles, seeker):
    reader = roles(f"GRANT USAGE ON SCHEMA {seeker} TO {{role}}",
                   f"GRANT SELECT ON ALL TABLES IN SCHEMA {seeker} TO {{role}}")
    url = _as(pg_url, reader, seeker)
    listed = afterview("--db", url, "company", "list")  # reading works
    assert listed.code == 0 and "Acme" in listed.out, listed.err
    result = afterview("--db", url, "company", "add", "Globex")
    assert_clean_error(result, f"the role {reader} can read Afterview's tables there but not write them",
                       "run it as the seeker's own role",
                       f"GRANT INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {seeker} TO {reader}",
                       "only commands that read")
    assert "database error" not in result.err
    assert _rows(pg_url, f"SELECT name FROM {seeker}.companies") == [("Acme",)]


def test_a_role_that_may_not_read_the_tables_is_told_so(pg_url, roles, seeker):
    nobody = roles(f"GRANT USAGE ON SCHEMA {seeker} TO {{role}}")
    result = afterview("--db", _as(pg_url, nobody, seeker), "company", "list")
    assert_clean_error(result, f"the role {nobody} may not read Afterview's tables there",
                       "connect as the seeker's own role")
    assert "database error" not in result.err


def test_a_role_without_rights_on_a_schema_is_sent_to_its_own_role_first(pg_url, roles, seeker):
    other = roles()
    result = afterview("--db", _as(pg_url, other, seeker), "company", "list")
    assert_clean_error(result, f"the role {other} has no rights on schema {seeker}")
    said = result.err
    own, grant = said.index("connect as the seeker's own role"), said.index("GRANT USAGE, CREATE ON SCHEMA")
    assert own < grant and "only for a staff role shared by every seeker, GRANT" in said


@pytest.mark.parametrize("name", ["pg_1", "pg_catalog"])
def test_a_schema_named_with_postgresqls_own_prefix_is_refused_with_its_reason(pg_url, roles, name):
    shared = roles("GRANT CREATE ON SCHEMA public TO {role}")
    result = afterview("--db", _as(pg_url, shared, f"{name},public"), "person", "list")
    assert_clean_error(result, f"the schema {name}, the first of its search_path, cannot be Afterview's",
                       "names beginning with pg_", "a name without it")
    assert "CREATE SCHEMA pg_" not in result.err
    assert _rows(pg_url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'") == []


@pytest.fixture
def password_role(postgres, pg_url, roles):
    """A role the server asks a password of (scram-sha-256 for it alone, on this cluster)."""
    role = roles("ALTER ROLE {role} PASSWORD 'sekret'")
    _admin(pg_url, f"CREATE SCHEMA {role} AUTHORIZATION {role}")
    hba = postgres.folder / "data" / "pg_hba.conf"
    before = hba.read_text()
    hba.write_text(f"host all {role} 127.0.0.1/32 scram-sha-256\n" + before)
    _admin(pg_url, "SELECT pg_reload_conf()")
    try:
        yield role
    finally:
        hba.write_text(before)
        _admin(pg_url, "SELECT pg_reload_conf()")


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="libpq checks a password file's mode on POSIX only")
def test_a_mistyped_database_with_a_password_file_is_said_as_no_line_of_it_matching(
        postgres, pg_url, password_role, tmp_path, monkeypatch):
    database = pg_url.rsplit("/", 1)[1]
    pgpass = tmp_path / "pgpass"
    pgpass.write_text(f"{postgres.host}:{postgres.port}:{database}:{password_role}:sekret\n")
    pgpass.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    monkeypatch.delenv("PGPASSWORD", raising=False)
    right = _as(pg_url, password_role)
    assert afterview("--db", right, "company", "list").code == 0  # the line matches: logged in
    mistyped = right.rsplit("/", 1)[0] + f"/{database}x"
    result = afterview("--db", mistyped, "company", "list")
    assert_clean_error(result, "no password supplied",
                       f"no line of {pgpass} matched its host, port, database and role "
                       f"({postgres.host}:{postgres.port}:{database}x:{password_role})",
                       "check the database name in the URL")
    assert "check the role and its password" not in result.err
    # without a password file, it is a password problem as before
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "none"))
    result = afterview("--db", mistyped, "company", "list")
    assert_clean_error(result, "refused the login", "check the role and its password")
