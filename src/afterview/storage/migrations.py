"""Ordered, named schema migrations, recorded in the `afterview_migrations` table.

Each migration is a function of an open connection that runs inside the transaction that
records it, so a failed migration leaves the database as it was. A database that names a
migration this version does not know comes from a newer Afterview: it is refused, not touched.

To change the schema: add a function below and append it to MIGRATIONS (never edit or reorder
one that has shipped), and update `schema.py` to the new shape.
"""

from __future__ import annotations

from datetime import datetime, timezone

import sqlalchemy as sa

from afterview.storage import schema

# The tables as they were created by 0001 (the schema module describes the latest shape; while
# only 0001 exists they are the same).
INITIAL_TABLES = [t.name for t in schema.metadata.sorted_tables if t.name != "afterview_migrations"]


def _0001_initial(conn: sa.Connection) -> None:
    tables = [schema.metadata.tables[name] for name in INITIAL_TABLES]
    schema.metadata.create_all(conn, tables=tables)


MIGRATIONS: list[tuple[str, callable]] = [
    ("0001_initial", _0001_initial),
]

KNOWN = [name for name, _ in MIGRATIONS]


def applied(conn: sa.Connection) -> list[str]:
    """Names of the migrations the database has, or [] for a new database."""
    if not sa.inspect(conn).has_table("afterview_migrations"):
        return []
    rows = conn.execute(sa.select(schema.migrations_table.c.name)).scalars().all()
    return list(rows)


def pending(done: list[str]) -> list[tuple[str, callable]]:
    return [(name, fn) for name, fn in MIGRATIONS if name not in done]


def unknown(done: list[str]) -> list[str]:
    return sorted(set(done) - set(KNOWN))


def migrate(conn: sa.Connection, done: list[str]) -> list[str]:
    """Apply what is pending in order; return the names applied."""
    schema.migrations_table.create(conn, checkfirst=True)
    names = []
    for name, fn in pending(done):
        fn(conn)
        conn.execute(
            schema.migrations_table.insert().values(name=name, applied_at=datetime.now(timezone.utc))
        )
        names.append(name)
    return names
