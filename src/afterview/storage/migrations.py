"""Ordered, named schema migrations, recorded in the `afterview_migrations` table.

Each migration is a function of an open connection that runs inside the transaction that
records it, so a failed migration leaves the database as it was. A database that names a
migration this version does not know comes from a newer Afterview: it is refused, not touched.

To change the schema: add a function below and append it to MIGRATIONS (never edit or reorder
one that has shipped), and update `schema.py` to the new shape. A new database runs them all:
0001 creates the tables in the latest shape, so a later migration must leave a table that
already has its shape as it is.

On SQLite, the migrations run in one explicit transaction with foreign keys off, so that a
migration may rebuild a table (SQLite's own procedure for schema changes ALTER TABLE cannot
make: https://www.sqlite.org/lang_altertable.html#otheralter); the references are checked
before the transaction commits (see store._prepare).
"""

from __future__ import annotations

from datetime import datetime, timezone

import re

import sqlalchemy as sa

from afterview.storage import schema

# The tables created by 0001 (in the latest shape: see above).
INITIAL_TABLES = [t.name for t in schema.metadata.sorted_tables if t.name != "afterview_migrations"]


def _0001_initial(conn: sa.Connection) -> None:
    tables = [schema.metadata.tables[name] for name in INITIAL_TABLES]
    schema.metadata.create_all(conn, tables=tables)


def _0002_ids_never_reused(conn: sa.Connection) -> None:
    """SQLite: rebuild each record table with AUTOINCREMENT, so that an id is never handed out
    twice (before, deleting the newest interview gave its id to the next one, and a decision or
    a sent note keyed to the old interview, "thank_you:i12:p5", counted for the new one).

    Each table's counter starts past the highest id it holds and the highest id that a
    decision's or a message's action key names: an id already deleted but still named by a key
    is not handed out again either. PostgreSQL's sequences never reuse an id: nothing to do.
    """
    if conn.dialect.name != "sqlite":
        return
    named = ids_named_by_keys(conn)
    for mapping in schema.MAPPINGS.values():
        table = mapping.table
        created = conn.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE type='table' AND name=?", (table.name,)
        ).scalar()
        if "AUTOINCREMENT" not in created.upper():
            _rebuild(conn, table)
        top = max(conn.exec_driver_sql(f"SELECT COALESCE(MAX(id), 0) FROM {table.name}").scalar(),
                  named.get(table.name, 0))
        set_counter(conn, table.name, top)


def set_counter(conn: sa.Connection, table: str, top: int) -> None:
    """SQLite: the next id of an AUTOINCREMENT table is past `top` (and past any id it gave)."""
    seq = conn.exec_driver_sql("SELECT seq FROM sqlite_sequence WHERE name=?", (table,)).scalar()
    if seq is None:
        conn.exec_driver_sql("INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)", (table, top))
    elif seq < top:
        conn.exec_driver_sql("UPDATE sqlite_sequence SET seq=? WHERE name=?", (top, table))


# the letter of an id in an action key -> the table of its records (keys.KEY_FORMS; "n" is a
# news item only in share_news keys, elsewhere a sequence number)
_KEY_TABLES = {"i": "interviews", "o": "opportunities", "p": "people"}


def ids_named_by_keys(conn: sa.Connection) -> dict[str, int]:
    """Table -> the highest id that an action key of a decision or a message names."""
    from afterview.domain.keys import parse_key

    highest: dict[str, int] = {}
    for table in ("decisions", "messages"):
        for (key,) in conn.exec_driver_sql(f"SELECT action_key FROM {table} WHERE action_key IS NOT NULL"):
            parsed = parse_key(key)
            if parsed is None:
                continue
            kind, ids = parsed
            for letter, value in ids.items():
                name = "news" if (letter, kind) == ("n", "share_news") else _KEY_TABLES.get(letter)
                if name is not None:
                    highest[name] = max(highest.get(name, 0), value)
    return highest


def _rebuild(conn: sa.Connection, table: sa.Table) -> None:
    """Make `table` again in its shape in schema.py, with the same rows and indexes (foreign keys
    must be off: dropping the old table would otherwise delete or refuse the rows that refer
    to it)."""
    temporary = f"_rebuild_{table.name}"
    create = str(sa.schema.CreateTable(table).compile(dialect=conn.dialect)).strip()
    create, found = re.subn(rf'^CREATE TABLE "?{table.name}"? \(', f"CREATE TABLE {temporary} (", create)
    if found != 1:  # a programming error: the statement is SQLAlchemy's for our own table
        raise RuntimeError(f"cannot rename the table in: {create}")
    conn.exec_driver_sql(f"DROP TABLE IF EXISTS {temporary}")  # never ours to keep: a leftover is stale
    conn.exec_driver_sql(create)
    present = {row[1] for row in conn.exec_driver_sql(f'PRAGMA table_info("{table.name}")')}
    columns = ", ".join(f'"{c.name}"' for c in table.columns if c.name in present)
    conn.exec_driver_sql(f'INSERT INTO {temporary} ({columns}) SELECT {columns} FROM "{table.name}"')
    conn.exec_driver_sql(f'DROP TABLE "{table.name}"')  # its indexes go with it
    conn.exec_driver_sql(f'ALTER TABLE {temporary} RENAME TO "{table.name}"')
    for index in table.indexes:
        conn.exec_driver_sql(str(sa.schema.CreateIndex(index).compile(dialect=conn.dialect)))


def _0003_decisions_undone_at(conn: sa.Connection) -> None:
    """Decisions taken back (`afterview undo`) are kept, with when: a column `undone_at`, empty
    for those in force. Before, undo deleted the decision, and the timeline lost it."""
    if "undone_at" in {column["name"] for column in sa.inspect(conn).get_columns("decisions")}:
        return  # made in the latest shape (0001 on a new database, 0002's rebuild on SQLite)
    column = schema.metadata.tables["decisions"].c.undone_at
    kind = column.type.compile(dialect=conn.dialect)
    conn.exec_driver_sql(f"ALTER TABLE decisions ADD COLUMN undone_at {kind}")


def _0004_people_greet_as(conn: sa.Connection) -> None:
    """How a note greets a person, when not by their first name ("Khai" for Nguyễn Thị Minh Khai,
    "Ms. Nguyen"): a column `greet_as`, empty for everyone an older Afterview recorded."""
    if "greet_as" in {column["name"] for column in sa.inspect(conn).get_columns("people")}:
        return  # made in the latest shape (0001 on a new database, 0002's rebuild on SQLite)
    column = schema.metadata.tables["people"].c.greet_as
    kind = column.type.compile(dialect=conn.dialect)
    conn.exec_driver_sql(f"ALTER TABLE people ADD COLUMN greet_as {kind}")


def _0005_companies_former_names(conn: sa.Connection) -> None:
    """The names a company went by before (`company edit --name`, `company merge`): a column
    `former_names` (a JSON list), empty for every company an older Afterview recorded."""
    if "former_names" in {column["name"] for column in sa.inspect(conn).get_columns("companies")}:
        return  # made in the latest shape (0001 on a new database, 0002's rebuild on SQLite)
    column = schema.metadata.tables["companies"].c.former_names
    kind = column.type.compile(dialect=conn.dialect)
    conn.exec_driver_sql(f"ALTER TABLE companies ADD COLUMN former_names {kind}")


MIGRATIONS: list[tuple[str, callable]] = [
    ("0001_initial", _0001_initial),
    ("0002_ids_never_reused", _0002_ids_never_reused),
    ("0003_decisions_undone_at", _0003_decisions_undone_at),
    ("0004_people_greet_as", _0004_people_greet_as),
    ("0005_companies_former_names", _0005_companies_former_names),
]

KNOWN = [name for name, _ in MIGRATIONS]


def applied(conn: sa.Connection) -> list[str]:
    """Names of the migrations the database has, in their order, or [] for a new database."""
    if not sa.inspect(conn).has_table("afterview_migrations"):
        return []
    name = schema.migrations_table.c.name
    rows = conn.execute(sa.select(name).order_by(name)).scalars().all()
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
