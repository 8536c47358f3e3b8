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
