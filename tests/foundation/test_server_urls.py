"""Database URLs as users type them: one clear line for a wrong one, and a password never shown."""

import pytest

from tests.helpers import afterview, assert_clean_error


@pytest.mark.parametrize("url, fragments", [
    # found by a tester: a password typed as it is split the URL, and the error showed the rest of it
    ("postgresql+psycopg://afterview:Tr1cky:P@ss/word@127.0.0.1:5432/av", ["more than one '@'", "%40"]),
    # ... and a port that is no number was an internal error
    ("postgresql+psycopg://afterview:pw@127.0.0.1:notaport/av", ["port is not a number"]),
])
def test_a_malformed_server_url_is_one_line_without_its_password(url, fragments):
    result = afterview("--db", url, "today")
    assert_clean_error(result, *fragments)
    assert "Tr1cky" not in result.err and "P@ss" not in result.err and ":pw@" not in result.err


def test_postgres_urls_as_providers_write_them_are_read_with_psycopg(pg_url):
    # postgres:// (hosting providers, libpq) was "Can't load plugin: sqlalchemy.dialects:postgres"
    for scheme in ("postgres://", "postgresql://"):
        url = pg_url.replace("postgresql+psycopg://", scheme)
        result = afterview("--db", url, "opportunity", "list")
        assert result.code == 0, result.err


def test_demo_never_prints_the_password_of_a_server_url(pg_url):
    # found by a tester: "Next: 'afterview --db postgresql+psycopg://afterview:PASSWORD@...'"
    # (the test server trusts its users, so any password is accepted)
    url = pg_url.replace("postgresql+psycopg://postgres@", "postgresql+psycopg://postgres:s3cr%40t@")
    result = afterview("--db", url, "demo", "--no-agenda")
    assert result.code == 0, result.err
    assert "--db postgresql+psycopg://postgres:***@" in result.out
    assert "s3cr" not in result.out + result.err


# Found by a tester: set-up problems of a PostgreSQL database were one line, but said the wrong
# thing ("cannot reach the server" of a server reached) or gave no way forward.
def test_a_database_that_does_not_exist_says_to_create_it(pg_url):
    url = pg_url.rsplit("/", 1)[0] + "/no_such_database_here"
    assert_clean_error(afterview("--db", url, "today"), "has no such database: create it first")


def test_a_schema_that_does_not_exist_says_to_create_it(pg_url):
    url = pg_url + "?options=-csearch_path%3Dseeker_999"
    assert_clean_error(afterview("--db", url, "opportunity", "list"),
                       "the schema in its search_path does not exist", "CREATE SCHEMA")


def test_a_role_that_may_not_create_tables_says_what_to_grant(pg_url):
    import sqlalchemy as sa

    engine = sa.create_engine(pg_url)
    with engine.begin() as conn:  # a role of its own, which may connect but not create in public
        conn.exec_driver_sql("DROP ROLE IF EXISTS av_weak")
        conn.exec_driver_sql("CREATE ROLE av_weak LOGIN")
        conn.exec_driver_sql("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
    engine.dispose()
    try:
        weak = pg_url.replace("postgresql+psycopg://postgres@", "postgresql+psycopg://av_weak@")
        assert_clean_error(afterview("--db", weak, "opportunity", "list"),
                           "the role may not create Afterview's tables there", "GRANT CREATE ON SCHEMA public")
    finally:
        engine = sa.create_engine(pg_url)
        with engine.begin() as conn:
            conn.exec_driver_sql("REASSIGN OWNED BY av_weak TO postgres")
            conn.exec_driver_sql("DROP OWNED BY av_weak")
            conn.exec_driver_sql("DROP ROLE av_weak")
        engine.dispose()


@pytest.mark.parametrize("url", ["mysql://u@127.0.0.1/x", "postgresql+asyncpg://u@127.0.0.1/x"])
def test_a_database_afterview_does_not_work_with_says_which_it_does(url):
    assert_clean_error(afterview("--db", url, "today"), "Afterview works with SQLite (a file) and PostgreSQL "
                       "through psycopg")
