"""A career centre's job seekers on one PostgreSQL server stay apart: Afterview uses the first
schema of the URL's search_path or none, never a later one (docs/storage.md, PostgreSQL).

Found by a tester: with `?options=-csearch_path%3Dseeker_0042,public` and no schema seeker_0042,
`person add` wrote into public, and seeker 77's URL (`seeker_0077,public`) then listed seeker
42's contact."""

import pytest

from afterview.storage.store import search_path_names
from tests.foundation.pg_roles import admin as _admin, as_role as _as, roles, rows as _rows  # noqa: F401 (roles: a fixture)
from tests.helpers import afterview, assert_clean_error


def _tables_in(pg_url: str, schema: str) -> set[str]:
    return {row[0] for row in _rows(pg_url, f"SELECT tablename FROM pg_tables WHERE schemaname = '{schema}'")}


def test_a_missing_seeker_schema_never_falls_through_to_public(pg_url, roles):
    # one shared role that may create in public, one of the two set-ups docs/storage.md offers
    shared = roles("GRANT CREATE ON SCHEMA public TO {role}")
    seeker_42 = _as(pg_url, shared, "seeker_0042,public")
    result = afterview("--db", seeker_42, "person", "add", "Dana Fortytwo", "--email", "dana@northwind.example")
    assert_clean_error(result, "the schema in its search_path does not exist: seeker_0042",
                       "CREATE SCHEMA seeker_0042 AUTHORIZATION " + shared, "never uses a later one")
    assert _tables_in(pg_url, "public") == set()  # nothing made or written anywhere

    # seeker 77 on the same server, whose schema is missing too: refused, and sees no one
    result = afterview("--db", _as(pg_url, shared, "seeker_0077,public"), "person", "list")
    assert_clean_error(result, "seeker_0077", "create it first")

    # once the schema is made, seeker 42's records go there, and only there
    _admin(pg_url, f"CREATE SCHEMA seeker_0042 AUTHORIZATION {shared}",
           f"CREATE SCHEMA seeker_0077 AUTHORIZATION {shared}")
    result = afterview("--db", seeker_42, "person", "add", "Dana Fortytwo", "--email", "dana@northwind.example")
    assert result.code == 0, result.err
    assert _rows(pg_url, "SELECT name FROM seeker_0042.people") == [("Dana Fortytwo",)]
    assert _tables_in(pg_url, "public") == set()
    listed = afterview("--db", _as(pg_url, shared, "seeker_0077,public"), "person", "list")
    assert listed.code == 0, listed.err
    assert "Dana" not in listed.out
    assert "afterview_migrations" in _tables_in(pg_url, "seeker_0077")


def test_an_empty_seeker_schema_never_uses_the_tables_of_a_later_one(pg_url, roles):
    # public already holds a database (one seeker, or one written before the schemas were made);
    # a new seeker's empty schema before it must not take public's tables for its own
    shared = roles("GRANT CREATE ON SCHEMA public TO {role}")
    in_public = afterview("--db", _as(pg_url, shared), "person", "add", "Pat Public", "--email", "pat@globex.example")
    assert in_public.code == 0, in_public.err
    _admin(pg_url, f"CREATE SCHEMA seeker_0005 AUTHORIZATION {shared}")
    listed = afterview("--db", _as(pg_url, shared, "seeker_0005,public"), "person", "list")
    assert listed.code == 0, listed.err
    assert "Pat" not in listed.out
    added = afterview("--db", _as(pg_url, shared, "seeker_0005,public"), "person", "add", "Sam Five",
                      "--email", "sam@contoso.example")
    assert added.code == 0, added.err
    assert _rows(pg_url, "SELECT name FROM seeker_0005.people") == [("Sam Five",)]
    assert _rows(pg_url, "SELECT name FROM public.people") == [("Pat Public",)]


def test_the_users_own_schema_named_first_in_the_url_must_exist(pg_url, roles):
    shared = roles("GRANT CREATE ON SCHEMA public TO {role}")
    result = afterview("--db", _as(pg_url, shared, "%22%24user%22,public"), "person", "list")
    assert_clean_error(result, f"does not exist: {shared} (\"$user\"", f"CREATE SCHEMA {shared} AUTHORIZATION")
    assert _tables_in(pg_url, "public") == set()


def test_the_servers_own_search_path_still_uses_public_for_a_role_without_a_schema(pg_url, roles):
    # "$user", public (PostgreSQL's default, not the URL's): one job seeker per database
    alone = roles("GRANT CREATE ON SCHEMA public TO {role}")
    result = afterview("--db", _as(pg_url, alone), "person", "add", "Ann Alone", "--email", "ann@initech.example")
    assert result.code == 0, result.err
    assert _rows(pg_url, "SELECT name FROM public.people") == [("Ann Alone",)]


def test_a_role_per_seeker_keeps_each_in_its_own_schema_and_out_of_the_others(pg_url, roles):
    # the safer set-up: CREATE ROLE s42 LOGIN; CREATE SCHEMA s42 AUTHORIZATION s42; the server's
    # "$user" search_path picks it
    s42, s77 = roles(), roles()
    _admin(pg_url, f"CREATE SCHEMA {s42} AUTHORIZATION {s42}", f"CREATE SCHEMA {s77} AUTHORIZATION {s77}")
    result = afterview("--db", _as(pg_url, s42), "person", "add", "Dana Fortytwo", "--email", "dana@northwind.example")
    assert result.code == 0, result.err
    assert _rows(pg_url, f"SELECT name FROM {s42}.people") == [("Dana Fortytwo",)]
    # seeker 77's role cannot open seeker 42's schema, even naming it
    result = afterview("--db", _as(pg_url, s77, f"{s42},public"), "person", "list")
    assert_clean_error(result, f"the role {s77} has no rights on schema {s42}",
                       f"GRANT USAGE, CREATE ON SCHEMA {s42} TO {s77}", "connect as the seeker's own role")
    assert "Dana" not in result.out
    own = afterview("--db", _as(pg_url, s77), "person", "list")
    assert own.code == 0, own.err
    assert "Dana" not in own.out


def test_a_schema_the_role_may_not_use_is_not_called_missing(pg_url, roles):
    # found by a tester: "does not exist: create it first", and CREATE SCHEMA then said "already exists"
    shared = roles()
    _admin(pg_url, "CREATE SCHEMA seeker_0009")
    result = afterview("--db", _as(pg_url, shared, "seeker_0009"), "person", "list")
    assert_clean_error(result, f"the role {shared} has no rights on schema seeker_0009",
                       f"GRANT USAGE, CREATE ON SCHEMA seeker_0009 TO {shared}")
    assert "does not exist" not in result.err
    # with USAGE alone it may not create the tables: said of that schema, not of public
    _admin(pg_url, f"GRANT USAGE ON SCHEMA seeker_0009 TO {shared}")
    result = afterview("--db", _as(pg_url, shared, "seeker_0009"), "person", "list")
    assert_clean_error(result, "may not create Afterview's tables", "GRANT CREATE ON SCHEMA seeker_0009 TO role")
    _admin(pg_url, f"GRANT CREATE ON SCHEMA seeker_0009 TO {shared}")
    result = afterview("--db", _as(pg_url, shared, "seeker_0009"), "person", "list")
    assert result.code == 0, result.err


def test_a_search_path_that_names_no_schema_is_refused(pg_url):
    assert_clean_error(afterview("--db", pg_url + "?options=-csearch_path%3D", "person", "list"),
                       "its search_path names no schema")


def test_a_url_without_a_host_whose_socket_is_missing_cannot_reach_the_server(tmp_path):
    # found by a tester: "database error ... connection is bad: connection to server on socket ..."
    folder = tmp_path / "no-server-here"
    result = afterview("--db", f"postgresql+psycopg:///av?host={folder}", "today")
    assert_clean_error(result, "cannot reach the database server", f"{folder}/.s.PGSQL.5432",
                       "name the server's host")
    assert "database error" not in result.err


@pytest.mark.parametrize("value, names", [
    ('"$user", public', ["$user", "public"]),
    ("seeker_0042,public", ["seeker_0042", "public"]),
    ("  Seeker_42 ,  PUBLIC  ", ["seeker_42", "public"]),
    ('"Seeker 42","we""ird",x', ["Seeker 42", 'we"ird', "x"]),
    ("$user", ["$user"]),
    ("", []),
    ("   ", []),
])
def test_search_path_names_are_read_as_postgresql_reads_them(value, names):
    assert search_path_names(value) == names
