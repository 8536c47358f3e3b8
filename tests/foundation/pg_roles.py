"""Login roles and plain SQL on the test run's PostgreSQL, for the tests of a shared server
(a career centre's seekers apart, the rights a seeker's role has): import `roles` (a fixture),
`admin`, `rows` and `as_role`."""

from __future__ import annotations

import itertools
import os

import pytest
import sqlalchemy as sa

_names = itertools.count(1)


def admin(pg_url: str, *statements: str) -> None:
    """Run these statements in one transaction, as the cluster's owner."""
    engine = sa.create_engine(pg_url)
    try:
        with engine.begin() as conn:
            for statement in statements:
                conn.exec_driver_sql(statement)
    finally:
        engine.dispose()


def rows(pg_url: str, query: str) -> list[tuple]:
    """The rows of `query`, as tuples."""
    engine = sa.create_engine(pg_url)
    try:
        with engine.connect() as conn:
            return [tuple(row) for row in conn.exec_driver_sql(query)]
    finally:
        engine.dispose()


@pytest.fixture
def roles(pg_url):
    """Make login roles (cluster-wide: names of their own, dropped with what they own):
    `roles(*statements)`, each statement's `{role}` the new role's name; returns the name."""
    made: list[str] = []

    def make(*statements: str) -> str:
        name = f"r{os.getpid()}_{next(_names)}"
        admin(pg_url, f"CREATE ROLE {name} LOGIN", *(s.format(role=name) for s in statements))
        made.append(name)
        return name

    yield make
    for name in made:
        admin(pg_url, f"REASSIGN OWNED BY {name} TO postgres", f"DROP OWNED BY {name}", f"DROP ROLE {name}")


def as_role(pg_url: str, role: str, search_path: str | None = None) -> str:
    """The URL of the same database for `role`, with this search_path when given."""
    url = pg_url.replace("postgresql+psycopg://postgres@", f"postgresql+psycopg://{role}@")
    return url if search_path is None else f"{url}?options=-csearch_path%3D{search_path}"
