"""The store: an opened, migrated database and its transactions.

>>> store = open_store("sqlite:////tmp/example.db")
>>> with store.transaction() as tx:
...     acme = tx.add(Company(name="Acme"))
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import stat
import threading
from dataclasses import replace
from pathlib import Path
from typing import Any, Iterator, NamedTuple, TypeVar

import sqlalchemy as sa
from sqlalchemy import exc

from afterview.domain import model as m
from afterview.config import hide_password, keep_private
from afterview.errors import Conflict, NotFound, StorageError
from afterview.storage import migrations, schema

T = TypeVar("T")

LABELS = {
    m.Company: "company",
    m.Opportunity: "opportunity",
    m.Person: "person",
    m.Interview: "interview",
    m.Debrief: "debrief",
    m.Message: "message",
    m.Inbound: "incoming message",
    m.Feedback: "feedback",
    m.NewsItem: "news item",
    m.Decision: "decision",
}


_SQLITE_BUSY_MS = 5000  # how long a SQLite write waits for another program's lock (see Store.transaction's `wait`)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={_SQLITE_BUSY_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _ats(url: str) -> int:
    """How many "@" a URL has before its query (a server URL has one, after the user and password)."""
    return url.partition("?")[0].count("@")


def _describe(url: sa.URL) -> str:
    if url.get_backend_name() == "sqlite":
        return url.database or ":memory:"
    return hide_password(url.render_as_string(hide_password=True))


def storage_error(err: Exception, where: str, schema: str | None = None, role: str | None = None) -> StorageError:
    """A one-line StorageError for a driver error. One that says the file cannot be written (a
    read-only place, a full or failing disk, a folder SQLite cannot write its -wal and -shm files
    in) has `unwritable`, why in a few words: a command that only reads may still read the file
    (open_store). `schema`, `role`: the PostgreSQL schema in use and the role, named in the way out
    of a table the role was refused (see Store.error)."""
    text = str(getattr(err, "orig", err) or err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
    lowered = text.lower()
    if "file is not a database" in lowered or "file is encrypted" in lowered:
        return StorageError(f"{where} is not an Afterview database (not SQLite)")
    if "disk image is malformed" in lowered or "malformed database schema" in lowered:
        return damaged(where, f"SQLite says: {text}")
    found = _unwritable(lowered, where)
    if found is not None:
        return found
    return _other_error(err, lowered, text, where, (schema, role))


def damaged(where: str, finding: str) -> StorageError:
    """A damaged SQLite file (SQLite found it malformed, or its own check found faults), with the
    two ways out: the last export restored into a new database, or what SQLite can still read
    saved into one (`.recover`); the damaged file is kept."""
    import shlex

    new = shlex.quote(str(Path(where).with_name("recovered.db")))
    return StorageError(f"{where} is damaged ({finding})",
                        advice=f"restore your last export into a new database (afterview --db {new} import "
                               f"BACKUP.json), or save what SQLite can still read into one (sqlite3 "
                               f"{shlex.quote(where)} .recover | sqlite3 {new}), then use that one (--db, or "
                               "database = in config.toml); keep the damaged file")


def _unwritable(lowered: str, where: str) -> StorageError | None:
    """The error for a file that cannot be written, its `unwritable` saying why in a few words."""
    if "readonly" in lowered or "read-only" in lowered:
        found, why = StorageError(f"cannot write {where}: the location is read-only"), "the location is read-only"
    elif "unable to open database" in lowered:
        found = StorageError(f"cannot open {where}: the folder is missing or not writable")
        why = "its folder is not writable"
    elif "disk is full" in lowered or "no space left on device" in lowered or "could not extend file" in lowered:
        found = StorageError(f"cannot write {where}: the disk is full", advice="free some space, then try again")
        why = "the disk is full"
    elif "disk i/o error" in lowered or "input/output error" in lowered:
        # SQLite's word for a write the system refused: a full disk as often as a failing or removed one
        found = StorageError(f"cannot write {where}: the disk reported an error (full, removed or failing)",
                             advice="free some space or check the disk, then try again")
        why = "the disk reported an error: full, removed or failing"
    else:
        return None
    found.unwritable = why
    return found


def _other_error(err: Exception, lowered: str, text: str, where: str,
                 used: tuple[str | None, str | None] = (None, None)) -> StorageError:
    if "database is locked" in lowered or "lock timeout" in lowered:
        return StorageError(f"{where} is busy: another Afterview program (the desk, the worker, a command) has been "
                            "changing it for a while", advice="try again in a moment")
    # PostgreSQL set-up problems, each with its way out (docs/storage.md: PostgreSQL)
    if re.search(r'database "[^"]*" does not exist', lowered):
        return StorageError(f"the database server {where} has no such database: create it first (createdb, or "
                            f"CREATE DATABASE ... OWNER ...;), then run Afterview again ({text})")
    if "no schema has been selected to create in" in lowered:
        return StorageError(f"{where}: the schema in its search_path does not exist: create it first (CREATE SCHEMA "
                            "name AUTHORIZATION role;), then run Afterview again")
    if "permission denied for schema" in lowered or "permission denied for database" in lowered:
        named = re.search(r"permission denied for schema (\S+)", text)
        schema_name = _identifier(named.group(1)) if named else "public"
        return StorageError(f"{where}: the role may not create Afterview's tables there ({text}): give it its own "
                            f"schema (CREATE SCHEMA name AUTHORIZATION role;) or GRANT CREATE ON SCHEMA {schema_name} "
                            "TO role;")
    if re.search(r"permission denied for (table|sequence|relation) ", lowered):
        return _tables_denied(err, text, where, *used)
    if "no password supplied" in lowered and _password_file() is not None and not _password_file_ignored():
        return _no_password_line(text, where)
    if "password authentication failed" in lowered or "no password supplied" in lowered:
        return StorageError(f"the database server {where} refused the login ({text}): check the role and its password "
                            f"(~/.pgpass, PGPASSFILE or PGPASSWORD){_password_file_ignored()}")
    socket = re.search(r'connection to server on socket "([^"]+)" failed: (.+)', text)
    if socket:  # a URL without a host: a local server's Unix socket (libpq's default folder)
        return StorageError(f"cannot reach the database server {where}: no server answers on the socket "
                            f"{socket.group(1)} ({socket.group(2).strip()}); a URL without a host means a server on "
                            "this machine: name the server's host in the URL (postgresql+psycopg://role@HOST/database)")
    if ("connection refused" in lowered or "could not connect" in lowered or "connection failed" in lowered
            or "failed to resolve host" in lowered or "could not translate host name" in lowered
            or "timeout expired" in lowered):
        return StorageError(f"cannot reach the database server {where}: {text}")
    if ("terminating connection" in lowered or "server closed the connection" in lowered
            or "the database system is shutting down" in lowered or "consuming input failed" in lowered
            or "connection is closed" in lowered or getattr(err, "connection_invalidated", False)):
        # the server went away under an open connection (restarted, stopped): the same as unreachable
        return StorageError(f"lost the connection to the database server {where}: {text}",
                            advice="try again once it is back")
    return StorageError(f"database error on {where}: {text}")


def _role_in(where: str) -> str:
    """The role a server URL logs in as, as SQL is to be given it; "role" when the URL names none
    (libpq then uses PGUSER, or the system user's name)."""
    try:
        name = sa.make_url(where).username
    except (exc.ArgumentError, ValueError):
        name = None
    return _identifier(name) if name else "role"


def _tables_denied(err: Exception, text: str, where: str, schema: str | None, role: str | None) -> StorageError:
    """A role refused a table of Afterview's: one that may read them but not write them (a
    statement that writes was refused: a role given SELECT alone, to look), or one that may not
    even read them. The way out first: the seeker's own role (the schema's owner); a GRANT only
    for a staff role shared by every seeker, as it opens one seeker's data to another."""
    role, name = _identifier(role) if role else _role_in(where), _identifier(schema) if schema else "name"
    statement = str(getattr(err, "statement", "") or "").lstrip()
    if statement[:6].upper() == "SELECT":
        return StorageError(f"{where}: the role {role} may not read Afterview's tables there ({text}): connect as the "
                            "seeker's own role (the one that owns the schema); only for a staff role shared by every "
                            f"seeker, GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {name} TO {role}; "
                            f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA {name} TO {role};")
    return StorageError(f"{where}: the role {role} can read Afterview's tables there but not write them ({text}), "
                        "and this changes them: run it as the seeker's own role (the one that owns the schema), or "
                        "give this one the right to write (GRANT INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "
                        f"{name} TO {role}; GRANT USAGE ON ALL SEQUENCES IN SCHEMA {name} TO {role};); as it is, it "
                        "can run only commands that read (today, drafts, export)")


def _password_file() -> Path | None:
    """The password file libpq looks in (PGPASSFILE, else ~/.pgpass), when it is a file it can read."""
    named = os.environ.get("PGPASSFILE")
    try:
        path = Path(named).expanduser() if named else Path.home() / ".pgpass"
        return path if stat.S_ISREG(path.stat().st_mode) and os.access(path, os.R_OK) else None
    except (OSError, RuntimeError):  # no such file (or no home folder)
        return None


def _no_password_line(text: str, where: str) -> StorageError:
    """No password was supplied though a password file is there (and read): no line of it named
    the host, port, database and role of the URL, most often for a mistyped database name, which
    the server has not yet been asked about (it asks for the password first)."""
    path = _password_file()
    wanted = ""
    try:
        url = sa.make_url(where)
        if url.host and url.database and url.username:
            wanted = f" ({url.host}:{url.port or 5432}:{url.database}:{url.username})"
    except (exc.ArgumentError, ValueError):  # a URL not read: the line is said without the entry wanted
        pass
    return StorageError(f"the database server {where} asked for a password and none was supplied ({text}): no line of "
                        f"{path} matched its host, port, database and role{wanted}: check the database name in the "
                        "URL (a mistyped one matches no line), or add a line for them "
                        "(host:port:database:role:password)")


def _password_file_ignored() -> str:
    """What to add to a refused login when libpq ignored the password file (its WARNING, on
    standard error, is easily missed): one that others may read (not 600) is not read at all."""
    if not hasattr(os, "getuid"):  # Windows: libpq does not check the file's permissions
        return ""
    path = _password_file()
    try:
        found = path.stat() if path is not None else None
    except OSError:  # gone meanwhile
        found = None
    if found is None or not found.st_mode & 0o077:
        return ""
    mode = f"{stat.S_IMODE(found.st_mode):o}"
    return (f"; libpq ignores {path}: others may read it (mode {mode}): make it yours alone "
            f"(chmod 600 {path})")


class Store:
    """An opened database. Use one `transaction()` per use case."""

    def __init__(self, engine: sa.Engine, where: str, created: Path | None = None):
        self.engine = engine
        self.where = where
        self.dialect = engine.dialect.name
        self.created = created  # the SQLite file this opening created (None: it was there, or a server)
        # Set by a caller that only reads (a listing, the desk's pages): its transactions read
        # one consistent state and do not wait for, or hold up, those that write (see transaction).
        self.reads_only = False
        self._open = threading.local()  # the connection of this thread's open transaction, if any
        self._file: tuple[Path, int, int] | None = None  # a SQLite file's path, device and inode (see `gone`)
        # What the interface says once, as a warning, about how the database was opened: a copy
        # of another one found (see _check_identity), a file only read (see _read_only).
        self.notices: list[str] = []
        # Why the file cannot be written, when it was opened only to be read (a full disk, a
        # read-only place: see open_store's `reads_only`); a transaction that may write fails so.
        self.unwritable: StorageError | None = None
        # A SQLite file's record of its hand-overs to the mail server, beside it (see `sidecar`):
        # None for a server, a file only read, or a database in memory.
        self.sidecar: Path | None = None

    def _remember_file(self, path: Path) -> None:
        try:
            found = path.stat()
        except OSError:
            return
        self._file = (path, found.st_dev, found.st_ino)

    def gone(self) -> str | None:
        """Why this store's SQLite file is no longer at its path (removed, or replaced by another
        file), or None. A program that runs on (the worker) asks it each round: SQLite goes on
        writing into a removed file, and what it recorded there would be lost with it."""
        if self._file is None:
            return None
        path, device, inode = self._file
        try:
            found = path.stat()
        except FileNotFoundError:
            return f"the database file {path} was removed"
        except OSError as err:
            return f"the database file {path} cannot be reached ({err.strerror})"
        if (found.st_dev, found.st_ino) != (device, inode):
            return f"the database file {path} was replaced by another file"
        return None

    def discard_created(self) -> None:
        """Close, and remove the SQLite file this opening created (a command that failed before
        anything of the user's was in it: no empty database is left behind)."""
        self.close()
        if self.created is not None:
            for suffix in ("", "-wal", "-shm", "-journal", SIDECAR_SUFFIX, UNRECORDED_SUFFIX):
                Path(f"{self.created}{suffix}").unlink(missing_ok=True)

    @contextlib.contextmanager
    def transaction(self, wait: float | None = None) -> Iterator["Tx"]:
        """One use case's transaction: commit when the block ends, roll back if it raises.

        Transactions that may write run one at a time per database, whichever process runs them
        (two commands, the desk, the worker, two desks of a career centre): each use case checks
        and then writes ("is there a debrief for Dana already?", "is this note drafted?"), and two
        of them interleaved would both find nothing and both write. SQLite: BEGIN IMMEDIATE takes
        the database's write lock at once (another writer waits, up to the busy timeout). PostgreSQL:
        a transaction-level advisory lock per schema; at READ COMMITTED each statement after it sees
        everything committed before. A transaction that wrote also moves the database's revision
        on PostgreSQL, so that a desk notices changes made by other processes (see `revision`).

        A store that only reads (`reads_only`) runs read transactions instead (see `reading`).
        A transaction begun while this thread has one open on this store is part of it (a
        savepoint: its own changes are undone if it raises): as a transaction of its own it would
        wait for the lock its caller holds.

        `wait`: seconds to wait for the write lock, instead of the usual (SQLite's busy timeout,
        PostgreSQL's lock timeout), for a step that must not give up soon (the outbox recording
        what the mail server accepted).
        """
        if self.reads_only:
            with self.reading() as tx:
                yield tx
            return
        with self._begun(write=True, wait=wait) as conn:
            yield Tx(conn, self.dialect, self.sidecar)

    @contextlib.contextmanager
    def reading(self) -> Iterator["Tx"]:
        """A transaction that reads one consistent state of the database and waits for no writer:
        SQLite, a deferred transaction (in WAL mode its snapshot is taken at the first read);
        PostgreSQL, REPEATABLE READ (one snapshot for all its statements)."""
        with self._begun(write=False) as conn:
            yield Tx(conn, self.dialect, self.sidecar)

    @contextlib.contextmanager
    def _begun(self, *, write: bool, wait: float | None = None) -> Iterator[sa.Connection]:
        if write and self.unwritable is not None:  # opened only to be read: said as the open found it
            raise StorageError(str(self.unwritable))
        outer = getattr(self._open, "conn", None)
        try:
            if outer is not None:
                counted = outer.info.get(_HANDED)
                try:
                    with outer.begin_nested():
                        yield outer
                except BaseException:
                    outer.info[_HANDED] = counted  # a hand-over counted in what was undone is undone too
                    raise
                return
            with self.engine.begin() as conn, self._waiting(conn, wait if write else None):
                conn.info[_HANDED] = None  # what this transaction counts (see Tx.handing_over)
                if self.dialect == "sqlite":
                    conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")
                elif self.dialect == "postgresql":
                    if write:
                        lock_wait = _PG_LOCK_WAIT if wait is None else f"{int(wait * 1000)}ms"
                        conn.exec_driver_sql(f"SET LOCAL lock_timeout = '{lock_wait}'")
                        conn.exec_driver_sql(_PG_WRITE_LOCK)
                    else:
                        conn.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                conn.info[_WROTE] = False  # from here on: the use case's own statements
                self._open.conn = conn
                try:
                    yield conn
                finally:
                    self._open.conn = None
                if write and self.dialect == "postgresql" and conn.info[_WROTE]:
                    _next_revision(conn)
                counted = conn.info.pop(_HANDED, None)
            if counted is not None and self.sidecar is not None:  # committed: now the file beside it
                write_sidecar(self.sidecar, *counted)
        except exc.IntegrityError as err:
            raise Conflict(_integrity_message(err)) from None
        except exc.DBAPIError as err:
            raise self.error(err) from None

    def error(self, err: exc.DBAPIError) -> StorageError:
        """`storage_error` for a driver error of this store: a table the role was refused names the
        schema in use and the role (PostgreSQL: read through a connection of its own, the failed
        one being done)."""
        schema = role = None
        if self.dialect == "postgresql" and "permission denied for" in str(getattr(err, "orig", err)):
            with contextlib.suppress(exc.DBAPIError, StorageError), self.engine.connect() as conn:
                schema, role = conn.exec_driver_sql("SELECT current_schema(), current_user").one()
        return storage_error(err, self.where, schema, role)

    @contextlib.contextmanager
    def _waiting(self, conn: sa.Connection, wait: float | None) -> Iterator[None]:
        """SQLite: the busy timeout `wait` seconds for this transaction, the usual one again after
        it, whatever happened (the connection goes back to the pool). PostgreSQL says it with SET
        LOCAL, which ends with the transaction."""
        if wait is None or self.dialect != "sqlite":
            yield
            return
        conn.exec_driver_sql(f"PRAGMA busy_timeout={int(wait * 1000)}")
        try:
            yield
        finally:
            with contextlib.suppress(exc.DBAPIError):
                conn.exec_driver_sql(f"PRAGMA busy_timeout={_SQLITE_BUSY_MS}")

    def revision(self) -> int | None:
        """PostgreSQL: a number that every committed transaction that wrote moves on (None before
        the first such transaction). SQLite: None (a change shows in the file itself)."""
        if self.dialect != "postgresql":
            return None
        try:
            with self.engine.connect() as conn:
                return conn.execute(sa.select(schema.state.c.value).where(schema.state.c.key == _REVISION)).scalar()
        except exc.DBAPIError as err:
            raise storage_error(err, self.where) from None

    def close(self) -> None:
        self.engine.dispose()


_WROTE = "afterview_wrote"  # in a connection's info: its transaction ran a statement that writes
_HANDED = "afterview_handed"  # in a connection's info: (identity id, count) its transaction's hand-overs reached
_COUNT_STATEMENT = ("INSERT INTO afterview_state (key, value) VALUES (?, ?) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value")  # JSON text, as SQLAlchemy writes it
_REVISION = "revision"  # the state entry `Store.revision` reads
# One lock for the writers of one schema of one database (two integer keys: Afterview's, and the
# schema's, so that job seekers kept in schemas of their own do not wait for each other)
_PG_WRITE_LOCK = "SELECT pg_advisory_xact_lock(1097233012, hashtext(current_schema()))"
_PG_LOCK_WAIT = "15s"  # then "database is locked", as SQLite says after its busy timeout


def _note_writes(conn, _cursor, statement: str, _parameters, _context, _executemany) -> None:
    """Mark the connection's transaction as one that wrote, at its first statement that is no read."""
    if not conn.info.get(_WROTE) and not statement.lstrip()[:6].upper().startswith(("SELECT", "SET ")):
        conn.info[_WROTE] = True


def _next_revision(conn: sa.Connection) -> None:
    """Move the revision on, inside the transaction that wrote (writers run one at a time)."""
    table = schema.state
    current = conn.execute(sa.select(table.c.value).where(table.c.key == _REVISION)).scalar()
    if current is None:
        conn.execute(table.insert().values(key=_REVISION, value=1))
    else:
        conn.execute(table.update().where(table.c.key == _REVISION).values(value=int(current) + 1))


def _integrity_message(err: exc.IntegrityError) -> str:
    text = str(err.orig).lower()
    if "foreign key" in text:
        return "that record is still referred to by other records (or refers to one that does not exist)"
    if "unique" in text or "duplicate" in text:
        return "a record with the same key already exists"
    return f"the change breaks a rule of the database: {str(err.orig).splitlines()[0]}"


def open_store(url: str, *, create: bool = True, reads_only: bool = False) -> Store:
    """Open (and create or migrate) the database at `url`; StorageError when it cannot be used.

    A SQLite file opened at another place or as another file than it was last (a copy), or an
    older copy of it put back over it, first becomes a database of its own: see `_check_identity`.
    An older database is upgraded, a SQLite file's copy as it was kept beside it first (see
    `_prepare`), and `notices` says so. `reads_only`: the caller only reads (a listing,
    `export`); a SQLite file that cannot be written (a full disk, a read-only place) is then
    opened read-only instead of refused, or read into memory and upgraded there when an older
    Afterview wrote it (see `_read_only`), and `notices` says so."""
    if _ats(url) > 1:  # the password's own "@" (or ":" and "/") must be percent-encoded
        raise StorageError("the database URL has more than one '@': in a password, write @ as %40, : as %3A "
                           "and / as %2F (or keep the password out of the URL: PGPASSFILE, see docs/storage.md)")
    try:
        parsed = sa.make_url(url)
        parsed.port  # noqa: B018 (a port that is no number is found now, not by the driver)
    except exc.ArgumentError:
        raise StorageError(f"not a database URL: {hide_password(url)!r}") from None
    except ValueError:
        raise StorageError(f"not a database URL: {hide_password(url)!r} (its port is not a number)") from None
    # a URL's scheme is read whatever its case (RFC 3986): POSTGRESQL://, SQLite:///
    parsed = parsed.set(drivername=parsed.drivername.lower())
    if parsed.drivername in ("postgres", "postgresql"):
        # the form hosting providers and libpq give (postgres://...): read with the driver
        # Afterview installs, psycopg, as postgresql+psycopg://... is
        parsed = parsed.set(drivername="postgresql+psycopg")
    where = _describe(parsed)
    is_sqlite = parsed.get_backend_name() == "sqlite"
    created = None
    if is_sqlite and parsed.database and parsed.database != ":memory:":
        # a URI filename ("file:/path/a.db?mode=ro&uri=true") names the file after "file:"
        path = Path(parsed.database[5:] if parsed.database.startswith("file:") else parsed.database)
        if path.is_dir():
            raise StorageError(f"{where} is a folder, not a database file")
        if not path.exists():
            if not create:
                raise StorageError(f"no database at {where} (check the path; 'afterview demo' or adding something creates one)")
            try:
                # private: a new folder is yours alone (700), and so is the file (600); SQLite
                # gives its -wal and -shm files the database file's mode
                path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
                os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
            except FileExistsError:
                pass  # made meanwhile by another process: opened as it is
            except OSError as err:
                raise StorageError(f"cannot create {path}: {err.strerror}") from None
            else:
                created = path
        _keep_private(path)
    try:
        engine = _engine(parsed, where)
    except (exc.ArgumentError, exc.NoSuchModuleError, ImportError) as err:
        if parsed.get_backend_name() not in ("sqlite", "postgresql") or parsed.get_driver_name() not in (
                "pysqlite", "psycopg"):
            raise StorageError(f"cannot use database {where}: Afterview works with SQLite (a file) and PostgreSQL "
                               "through psycopg (postgresql+psycopg://...), not with this one") from None
        if isinstance(err, ImportError) and parsed.get_backend_name() == "postgresql":
            raise StorageError(f"cannot use database {where}: PostgreSQL needs its driver, which is not installed: "
                               "pip install 'psycopg[binary]' (docs/storage.md)") from None
        raise StorageError(f"cannot use database {where}: {err}") from None
    store = Store(engine, where, created)
    file = path if is_sqlite and parsed.database and parsed.database != ":memory:" else None
    try:
        recorded = _prepare(store, is_sqlite, file=file)
        if file is not None:
            store.sidecar = sidecar_path(file)
            _check_identity(store, file, recorded)
    except StorageError as err:
        store.discard_created()  # a database that could not be set up is not left half-made
        if file is None or created is not None or not getattr(err, "unwritable", ""):
            raise
        store = _read_only(parsed, file, where, err, reads_only=reads_only)
    if file is not None:
        store._remember_file(file)
    return store


_ENGINES_KEPT = 8  # the URLs whose engine templates a process keeps (see _engine)
_engines: dict[str, sa.Engine] = {}  # URL -> template, the most recently used last
_engines_lock = threading.Lock()


def _engine(parsed: sa.URL, where: str) -> sa.Engine:
    """An engine of its own (its own pool of connections, closed by `Store.close`) for a store
    opened at `parsed`, sharing with every other store opened at the same URL in this process
    their dialect and their cache of compiled SQL. SQLAlchemy keeps that cache per engine and
    keys it by dialect, so a new engine per opening compiled every statement again: a process
    that opens the same database many times (the desk, the worker, tests) paid for it each
    time. The template's own pool is never used; each engine's pool is a fresh copy of it, with
    its listeners (the SQLite pragmas, PostgreSQL's one schema)."""
    key = parsed.render_as_string(hide_password=False)
    with _engines_lock:
        template = _engines.pop(key, None)
        if template is None:
            template = sa.create_engine(parsed)
            if template.dialect.name == "sqlite":
                sa.event.listen(template, "connect", _sqlite_pragmas)
            elif template.dialect.name == "postgresql":
                sa.event.listen(template, "connect", functools.partial(_one_schema, where))
            while len(_engines) >= _ENGINES_KEPT:
                _engines.pop(next(iter(_engines))).dispose()
        _engines[key] = template
    engine = sa.Engine(template.pool.recreate(), template.dialect, template.url, query_cache_size=0)
    engine._compiled_cache = template._compiled_cache
    if engine.dialect.name == "postgresql":
        sa.event.listen(engine, "before_cursor_execute", _note_writes)
    return engine


def _read_only(parsed: sa.URL, path: Path, where: str, err: StorageError, *, reads_only: bool) -> Store:
    """The SQLite file at `path`, which cannot be written (`err`), opened only to be read, for a
    caller that only reads (`reads_only`): a full disk or a read-only place still lets you see and
    export what you have. With no -wal file (or an empty one) nothing but the file holds the data,
    and it is opened as immutable (SQLite then needs to write nothing, not even its -shm file);
    with one, read-only (that works when its -shm file is there, as while the worker runs). A
    database an older Afterview wrote is upgraded in memory (see _upgraded_in_memory): upgrading
    the file writes. A caller that writes gets `err`, or for such an older database, why it
    cannot be upgraded there and what to do (_older_unwritable); a database that is not
    Afterview's, or a newer Afterview's, is said as such."""
    import sqlite3
    from urllib.parse import quote

    try:
        settled = Path(f"{path}-wal").stat().st_size == 0
    except FileNotFoundError:
        settled = True
    except OSError:
        settled = False
    uri = f"file:{quote(str(path.absolute()))}?{'immutable=1' if settled else 'mode=ro'}"
    engine = sa.create_engine(parsed, creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False))
    sa.event.listen(engine, "connect", _sqlite_pragmas)
    store = Store(engine, where)
    try:
        with engine.connect() as conn:
            done = _checked_versions(store, conn)
    except StorageError:
        store.close()
        raise  # not Afterview's, or a newer Afterview's: that, rather than why it cannot be written
    except exc.DBAPIError:
        store.close()
        raise err from None
    if done and migrations.pending(done):
        store.close()
        refusal = _older_unwritable(where, done, err)
        if not reads_only:
            raise refusal
        return _upgraded_in_memory(uri, where, done, err, refusal)
    if not reads_only or migrations.pending(done):
        store.close()
        raise err
    store.reads_only, store.unwritable = True, err
    store.notices.append(f"{where} cannot be written ({err.unwritable}): it was opened read-only, which is enough "
                         "for this command")
    return store


def _older_unwritable(where: str, done: list[str], err: StorageError) -> StorageError:
    """Why a database an older Afterview wrote cannot be used here to write: its upgrade writes
    to it (and keeps a copy of it as it was beside it), and it cannot be written (`err`)."""
    import shlex

    full = "full" in str(err.unwritable)
    name = shlex.quote(Path(where).name)
    return StorageError(
        f"{where} was written by an older Afterview (database schema {done[-1]}): this one must first upgrade it "
        f"to {migrations.KNOWN[-1]}, which writes to it and keeps a copy of it as it was beside it, and it cannot be "
        f"written ({err.unwritable})",
        advice=("free some space (as much as the file takes), then try again, or " if full else "")
        + f"copy it to a folder you can write (cp {shlex.quote(where)} FOLDER/) and use that copy (afterview --db "
          f"FOLDER/{name} ...); a command that only reads (today, drafts, export) reads it where it is")


def _upgraded_in_memory(uri: str, where: str, done: list[str], err: StorageError, refusal: StorageError) -> Store:
    """An older Afterview's database that cannot be written, for a caller that only reads: read
    into memory (SQLite's backup API) and upgraded there, the file left as it was. `refusal`
    is what a transaction that would write says."""
    import sqlite3

    from sqlalchemy.pool import StaticPool

    try:
        source = sqlite3.connect(uri, uri=True)
        try:
            memory = sqlite3.connect(":memory:", check_same_thread=False)
            source.backup(memory)
        finally:
            source.close()
    except sqlite3.Error:
        raise refusal from None
    engine = sa.create_engine("sqlite://", creator=lambda: memory, poolclass=StaticPool)
    store = Store(engine, where)
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")  # a migration may rebuild a table (see _prepare)
            migrations.migrate(conn, done)
            conn.commit()
            conn.exec_driver_sql("PRAGMA foreign_keys=ON")  # outside a transaction, or it does nothing
    except exc.DBAPIError:
        store.close()
        raise refusal from None
    store.reads_only, store.unwritable = True, refusal
    store.notices.append(f"{where} was written by an older Afterview (database schema {done[-1]}) and cannot be "
                         f"written ({err.unwritable}), so it cannot be upgraded: it was read into memory and upgraded "
                         "there, which is enough for this command; the file is left as it was")
    return store


# The state entry in which a SQLite database records its identity: a random id, and the file it
# is (its path, device and inode). See _check_identity.
IDENTITY = "identity"
# The state entry counting the messages the outbox handed (or was about to hand) to the mail
# server from this database, and the file beside a SQLite database that counts them too: see
# Tx.handing_over and _check_identity.
HANDED_OVER = "outbox.handed_over"
SIDECAR_SUFFIX = "-sends"
# The file beside a SQLite database keeping the results of sends the mail server accepted while
# the database could not be written, until a program records them (services.delivery): handled
# with the database as the -sends file is (yours alone; removed with a database an opening made).
UNRECORDED_SUFFIX = "-unrecorded"
_SIDECAR_SIZE = 120  # bytes: one record, always this long, written in one piece


class _Recorded(NamedTuple):
    """What a SQLite database recorded of itself: its identity (None before its first open by an
    Afterview that records one), and how many hand-overs to the mail server it counted."""

    identity: dict | None
    handed: int


class _Sidecar(NamedTuple):
    """The file beside a SQLite database: the identity id and hand-over count last written."""

    id: str
    handed: int


def _check_identity(store: Store, path: Path, recorded: _Recorded) -> None:
    """Whether the SQLite database at `path` is the one that was there, as `recorded` (read as it
    was opened) and the file beside it (`store.sidecar`) tell it; any other is made a database of
    its own before anything can send from it.

    - Opened as another file than the one it recorded, it is a copy: of a whole data folder, of
      the file alone (while the worker ran, say), or one put in place of another (`mv`). The
      original may still send what the copy has approved or scheduled, or have sent it since,
      under the same Message-ID; so, as after a restore, those come back as drafts, and the copy
      becomes a database of its own (a new identity), which `notices` says in one line
      (_becomes_own).
    - The same file knowing of fewer hand-overs to the mail server than the file beside it counts
      is an older copy put back over it (`cp backup.db afterview.db` keeps the file, and so its
      identity): what it has on its way may have gone since; the same again.
    - Never recorded (an older Afterview kept it), it cannot know that it is the only copy: see
      _first_identity.
    Moved or renamed (the same file: its inode, on its device or at its path), the new path is
    recorded, and nothing said. The usual case, the same file in step with the file beside it,
    costs the read that gave `recorded` and the read of that small file."""
    here = _whereabouts(path)
    if here is None:
        return
    identity, side = recorded.identity, read_sidecar(store.sidecar)
    if (identity is not None and _same_file(identity, here)
            and (identity.get("path"), identity.get("device")) == (here["path"], here["device"])
            and _in_step(side, identity, recorded.handed)):
        return
    unsafe = (identity is not None and not _same_file(identity, here)) or _behind(side, identity, recorded.handed)
    try:
        with store.transaction() as tx:
            # as it is now: another program may have done it, or sent meanwhile
            side = _settle_identity(store, tx, _recorded(tx.connection), read_sidecar(store.sidecar), here)
    except StorageError:
        if unsafe:
            raise  # a copy that cannot be made safe is not used
        return  # nothing to make safe: recorded the next time it can be
    if side is not None:
        write_sidecar(store.sidecar, *side)
    with contextlib.suppress(exc.DBAPIError), store.engine.connect() as conn:
        # into the file itself at once: a copy of the file alone, made meanwhile, has it too
        conn.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)")


def _in_step(side: _Sidecar | None, identity: dict, handed: int) -> bool:
    """Whether the file beside the database says what the database says (none, before a send)."""
    return side == (identity.get("id"), handed) if side is not None else handed == 0


def _behind(side: _Sidecar | None, identity: dict | None, handed: int) -> bool:
    """Whether the database knows of fewer hand-overs than the file beside it counted for it (or,
    never recorded, for any database there): an older copy of it put back over it."""
    return side is not None and side.handed > handed and (identity is None or side.id == identity.get("id"))


def _settle_identity(store: Store, tx: "Tx", recorded: _Recorded, side: _Sidecar | None,
                     here: dict) -> tuple[str, int] | None:
    """Record what `_check_identity` found (in its transaction); what the file beside the
    database is to say once it commits (the identity id and the count), or None for no file."""
    identity, handed = recorded
    if store.created is not None:  # made by this opening: a file left beside it is another's
        new = _new_id()
        tx.set_state(IDENTITY, {"id": new, **here})
        return (new, 0) if side is not None else None
    if identity is not None and not _same_file(identity, here):
        new = _becomes_own(store, tx, identity, here)
    elif _behind(side, identity, handed):
        new = _becomes_own(store, tx, identity, here, behind=side.handed - handed)
    elif identity is None:
        new = _new_id()
        tx.set_state(IDENTITY, {"id": new, **here})
        _first_identity(store, tx, here)
    else:
        new = identity["id"]
        if (identity["path"], identity.get("device")) != (here["path"], here["device"]):
            tx.set_state(IDENTITY, {**identity, **here})
    return (new, handed) if handed or side is not None else None


def _becomes_own(store: Store, tx: "Tx", recorded: dict | None, here: dict, *, behind: int = 0) -> str:
    """A copy becomes a database of its own: what it had on its way taken back (see
    delivery.outbox.carried_back), the Message-IDs it carries named (`remember_carried`), a new
    identity recorded (returned); the line that says so in `store.notices`. `behind`: it is an
    older copy put back over the file (it knows of that many fewer hand-overs to the mail server
    than the file beside it counted): said so, even when nothing was on its way."""
    from datetime import datetime, timezone

    from afterview.delivery import outbox

    now = datetime.now(timezone.utc)
    before = str((recorded or {}).get("path") or "another file")
    if behind:
        origin = f"{here['path']} before an older copy was put back over it"
        what = f"an older copy put back over {here['path']}"
        why = (f"not sent: it came back as a draft: this database is {what}, which may have sent it since; approve "
               "it again once you know it did not go")
        while_sent = (f"it was being sent when this older copy of {here['path']} was made, and it cannot tell "
                      "whether it went")
    else:
        origin = what = (f"a copy of {before}" if before != here["path"]
                         else f"a copy put in place of the database file that was at {before}")
        # "not sent: ", as every message held back begins (`show` says it "held back: ...")
        why = (f"not sent: it came back as a draft: this database is {origin}, which may send it or have sent it; "
               "approve it again once you know it did not go from there")
        while_sent = (f"it was being sent when this database was copied from {before}, and this copy cannot tell "
                      "whether it went")
    done = {outbox.DRAFTED_BACK: 0, outbox.MAY_HAVE_ARRIVED: 0}
    on_its_way = [m.MessageState.APPROVED, m.MessageState.SCHEDULED, m.MessageState.SENDING]
    for message in tx.list(m.Message, state=on_its_way):
        taken = outbox.carried_back(message, while_sent=while_sent, why=why)
        if taken:
            message.updated_at = now
            tx.update(message)
            done[taken] += 1
    outbox.remember_carried(tx, tx.list(m.Message, state=[s for s in m.MessageState if not s.is_final]), origin)
    new = _new_id()
    tx.set_state(IDENTITY, {"id": new, **here, "copy_of": here["path"] if behind else before})
    drafts, unknown = done[outbox.DRAFTED_BACK], done[outbox.MAY_HAVE_ARRIVED]
    said = []
    if drafts:
        one = drafts == 1
        it, they = ("it", "it") if one else ("them", "they")
        said.append(f"{drafts} approved or scheduled message{'' if one else 's'} came back as "
                    f"{'a draft' if one else 'drafts'}, so that "
                    + (f"none goes twice; approve {it} again once you know {they} did not go" if behind else
                       f"a copy never sends what the original may have sent; approve {it} again once you know the "
                       "original cannot") + " (afterview drafts)")
    if unknown:
        said.append(f"{unknown} message{'' if unknown == 1 else 's'} being sent there may have arrived "
                    f"(afterview show ID says how to go on)")
    if behind:  # said even when nothing was on its way: what went since looks unsent here
        said.append("a note sent since shows here as not sent: look in your Sent folder before sending one again "
                    "(afterview sync marks sent those it finds there)")
        what = (f"{what}, which had handed {behind} more message{'' if behind == 1 else 's'} to the mail server since "
                "it was made")
    if said:
        store.notices.append(f"this database is {what}: " + "; ".join(said))
    return new


def _first_identity(store: Store, tx: "Tx", here: dict) -> None:
    """A database that records its identity for the first time (an older Afterview kept none)
    cannot know that it is the only copy: a data folder copied before the upgrade (to a new
    laptop, a backup folder) holds the same notes on their way, with the same Message-IDs, and
    both would send them. So each is named as carried (delivery.outbox.remember_carried): looked
    for in the Sent folder before it goes, and marked sent if it is there. One whose account
    cannot be searched (no IMAP server, as this program's config.toml says) comes back as a
    draft, saying why. `notices` says so in one line; a database with nothing on its way, nothing."""
    from datetime import datetime, timezone

    from afterview.delivery import outbox

    waiting = tx.list(m.Message, state=[m.MessageState.APPROVED, m.MessageState.SCHEDULED])
    if not waiting:
        return
    origin = (f"{here['path']} as an older Afterview left it (a copy made before this upgrade, on another computer or "
              "in a backup folder, has it too)")
    why = ("not sent: it came back as a draft: an older Afterview kept this database without recording which file it "
           "was, so a copy of it made before this upgrade (another computer, a backup folder) may send it or have "
           "sent it, and its account has no IMAP server to look for it in your Sent folder; approve it again once "
           "you know no copy sent it")
    searchable = outbox.searchable(waiting)
    now = datetime.now(timezone.utc)
    looked, done = 0, {outbox.DRAFTED_BACK: 0, outbox.MAY_HAVE_ARRIVED: 0}
    for message in waiting:
        if message.id in searchable and message.message_id:
            looked += 1
            continue
        taken = outbox.carried_back(message, while_sent="", why=why)
        message.updated_at = now
        tx.update(message)
        done[taken] += 1
    outbox.remember_carried(tx, tx.list(m.Message, state=[s for s in m.MessageState if not s.is_final]), origin)
    store.notices.append(_first_identity_words(here["path"], looked, done[outbox.DRAFTED_BACK],
                                               done[outbox.MAY_HAVE_ARRIVED]))


def _first_identity_words(path: str, looked: int, drafted: int, may_have_arrived: int) -> str:
    said = []
    if looked:
        one = looked == 1
        said.append(f"{looked} approved or scheduled message{'' if one else 's'} {'is' if one else 'are'} looked "
                    f"for in your Sent folder before {'it goes' if one else 'they go'}, and marked sent instead if "
                    f"{'it is' if one else 'they are'} there")
    if drafted:
        one = drafted == 1
        said.append(f"{drafted} came back as {'a draft' if one else 'drafts'}, {'its' if one else 'their'} account "
                    f"having no IMAP server to look in: approve {'it' if one else 'them'} again once you know no copy "
                    f"sent {'it' if one else 'them'} (afterview drafts)")
    if may_have_arrived:
        one = may_have_arrived == 1
        said.append(f"{may_have_arrived} approved again after an unknown outcome {'is' if one else 'are'} back to that "
                    "question (afterview show ID says how to go on)")
    return (f"{path} now records which file it is (an older Afterview did not), so it cannot tell whether a copy of it "
            "made before this upgrade (on another computer, in a backup folder) sends the same notes: "
            + "; ".join(said))


def _whereabouts(path: Path) -> dict | None:
    """The file at `path` as an identity records it: its absolute path, device and inode."""
    try:
        found = path.stat()
        return {"path": str(path.resolve()), "device": found.st_dev, "inode": found.st_ino}
    except (OSError, RuntimeError):
        return None


def _same_file(recorded: dict, here: dict) -> bool:
    """Whether `recorded` names the file `here` is: the same inode on the same device, or at the
    same path (a disk mounted again may come back as another device). A file system that has no
    inode numbers (0): the same path."""
    if not here["inode"] or not recorded.get("inode"):
        return recorded.get("path") == here["path"]
    return recorded.get("inode") == here["inode"] and (
        recorded.get("device") == here["device"] or recorded.get("path") == here["path"])


def _identity(value: Any) -> dict | None:
    return value if isinstance(value, dict) and "inode" in value and "path" in value else None


def _count(value: Any) -> int:
    """A stored count (HANDED_OVER): 0 when missing or not a count."""
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 0


def _recorded(conn) -> _Recorded:
    """What the database recorded of itself (one small read), see _Recorded. `conn`: a SQLAlchemy
    connection, or the SQLite connection under one."""
    import json

    found = {}
    execute = conn.exec_driver_sql if isinstance(conn, sa.Connection) else conn.execute
    for key, raw in execute("SELECT key, value FROM afterview_state WHERE key IN (?, ?)", (IDENTITY, HANDED_OVER)):
        try:  # a number comes back as one (the column's type, JSON, has SQLite's numeric affinity)
            found[key] = json.loads(raw) if isinstance(raw, str) else raw
        except ValueError:
            continue
    return _Recorded(_identity(found.get(IDENTITY)), _count(found.get(HANDED_OVER)))


def _new_id() -> str:
    import secrets

    return secrets.token_hex(16)


def sidecar_path(path: Path) -> Path:
    """The file beside a SQLite database that counts its hand-overs to the mail server."""
    return Path(f"{path}{SIDECAR_SUFFIX}")


def unrecorded_path(path: Path) -> Path:
    """The file beside a SQLite database that keeps the results of sends it could not record
    (see UNRECORDED_SUFFIX)."""
    return Path(f"{path}{UNRECORDED_SUFFIX}")


def read_sidecar(path: Path | None) -> _Sidecar | None:
    """What the file beside the database says, or None: no file, or one that says nothing this
    version wrote (cut short, damaged: then it counts as none, and is written again)."""
    import json

    if path is None:
        return None
    try:
        with open(path, "rb") as file:
            data = json.loads(file.read(4096))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    identity, handed = data.get("id"), data.get("handed_over")
    if not isinstance(identity, str) or _count(handed) != handed:
        return None
    return _Sidecar(identity, handed)


def write_sidecar(path: Path | None, identity: str, handed: int) -> None:
    """Write the file beside the database: the identity id and the hand-over count, unless it
    says as much already for that identity (two programs sending at once never move it back).
    Private (600), never through a link, and whole: one record of a fixed size (a hundred-odd
    bytes, within one disk sector) written at its start in one write, in place, never half one
    and half the other (a rename would cost a wait for the disk at each send on ext4). A write
    that fails (a full disk) is not said: the file then counts fewer, and detects less."""
    import json

    if path is None:
        return
    side = read_sidecar(path)
    if side is not None and side.id == identity and side.handed >= handed:
        return
    record = json.dumps({"id": identity, "handed_over": handed}).encode()
    record = record.ljust(_SIDECAR_SIZE - 1) + b"\n"
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0),
                     0o600)
    except OSError:
        return
    try:
        os.write(fd, record)
        if os.fstat(fd).st_size > len(record):  # something longer was there: its tail would spoil the record
            os.ftruncate(fd, len(record))
    except OSError:
        pass
    finally:
        os.close(fd)


def _keep_private(path: Path) -> None:
    """A database file yours alone, as the log and config.toml are: one readable by others (644:
    copied, or made with the umask's mode by another program) loses the group's and others'
    permissions each time it is opened, and so do its -wal and -shm files (SQLite gives new ones
    the database file's mode), the file beside it that counts its sends (`sidecar_path`) and the
    one keeping the results of sends it could not record (`unrecorded_path`). Only a file you own
    is changed; nothing is said when that fails."""
    for one in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), sidecar_path(path), unrecorded_path(path)):
        try:
            found = one.stat()
        except OSError:
            continue  # not there (no -wal yet), or gone meanwhile
        if stat.S_ISREG(found.st_mode):
            keep_private(one, found)  # config.toml's rule (Windows: no permissions of this kind)


def _prepare(store: Store, is_sqlite: bool, file: Path | None = None) -> _Recorded | None:
    """Check the schema version; migrate a new or older database. An upgrade (of a database an
    older Afterview wrote) is said in `store.notices`; a SQLite file's copy as it was is kept
    beside it first (see _keep_as_it_was). With `file` (a SQLite file), what it recorded of
    itself (see _check_identity), read in the same connection."""
    migrated = False
    recorded = None
    upgraded: tuple[str, str] | None = None
    kept: Path | None = None
    upgrading: list[str] = []  # the migrations an older database had, while it is being upgraded
    try:
        with store.engine.begin() as conn:
            if not is_sqlite and conn.dialect.name == "postgresql":
                # processes opening a new database at once (a desk and its worker) migrate it one
                # at a time: the second finds it done (SQLite: BEGIN IMMEDIATE below)
                conn.exec_driver_sql("SELECT pg_advisory_xact_lock(1097233013, hashtext(current_schema()))")
            done = _checked_versions(store, conn)
            if migrations.pending(done):
                if is_sqlite:
                    # The driver begins a transaction only before a change of rows, and runs a
                    # CREATE or DROP on its own: one explicit transaction holds the migrations
                    # (all or nothing), with foreign keys off so that one may rebuild a table
                    # (see migrations); they are checked before it commits. Both pragmas work
                    # only outside a transaction, so they come first.
                    conn.exec_driver_sql("PRAGMA journal_mode=WAL")
                    conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
                    conn.exec_driver_sql("BEGIN IMMEDIATE")
                    migrated = True  # this connection has foreign keys off: not to be reused
                    done = _checked_versions(store, conn)  # another process may have migrated meanwhile
                    if file is not None and done and migrations.pending(done):
                        kept = _keep_as_it_was(store, file, done)
                upgrading = done
                applied = migrations.migrate(conn, done)
                upgrading = []
                if done and applied:
                    upgraded = (done[-1], applied[-1])
                if is_sqlite:
                    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").first()
                    if broken is not None:
                        raise StorageError(_cannot_upgrade(store, conn, broken, done))
            if file is not None:
                recorded = _recorded(conn)
    except StorageError:
        store.close()
        _remove(kept)
        raise
    except exc.DBAPIError as err:
        refused = _owner_must_upgrade(store, err, upgrading) if upgrading and not is_sqlite else None
        refused = refused or store.error(err)
        store.close()
        _remove(kept)
        raise refused from None
    if migrated:
        store.engine.dispose()  # new connections have foreign keys on again (_sqlite_pragmas)
    if upgraded is not None:
        store.notices.append(_upgraded_words(store.where, *upgraded, kept))
    return recorded


def _owner_must_upgrade(store: Store, err: exc.DBAPIError, done: list[str]) -> StorageError | None:
    """PostgreSQL: an older Afterview's tables that this role may not upgrade (ALTER TABLE is
    their owner's alone: "must be owner of table companies"), said as such, with their owner
    named (when it can be read) and how to upgrade them once; None for any other error."""
    text = str(getattr(err, "orig", err) or err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
    if getattr(getattr(err, "orig", None), "sqlstate", None) != "42501" and "must be owner of" not in text:
        return None  # not a want of rights (42501: insufficient_privilege)
    named = re.search(r"(?:must be owner of|permission denied for) (?:table|relation|sequence) \"?([\w$]+)", text)
    role = owner = None
    with contextlib.suppress(exc.DBAPIError, StorageError), store.engine.connect() as conn:
        role, owner = conn.execute(sa.text(
            "SELECT current_user, (SELECT tableowner FROM pg_tables WHERE schemaname = current_schema() "
            "AND tablename = :name)"), {"name": named.group(1) if named else "afterview_migrations"}).one()
    if role is not None and role == owner:
        return None  # its owner: something else stands in the way
    who = _identifier(role) if role else _role_in(store.where)
    by = f"their owner, {_identifier(owner)}," if owner else "their owner (the role that created them)"
    run = f"as {_identifier(owner)}" if owner else "as that role"
    url = _as_role(store.where, owner) if owner else None
    return StorageError(
        f"{store.where} holds Afterview's tables as an older Afterview left them (database schema {done[-1]}): they "
        f"must be upgraded to {migrations.KNOWN[-1]} before this Afterview can use them, and only {by} can do that, "
        f"not the role {who} ({text})",
        advice=f"run any afterview command once {run}" + (f" (afterview --db '{url}' today)" if url else "")
               + f", which upgrades them; then {who} can use them again")


def _as_role(where: str, role: str) -> str | None:
    """A server URL (as shown: no password) with another role in it."""
    try:
        return sa.make_url(where)._replace(username=role, password=None).render_as_string(hide_password=False)
    except (exc.ArgumentError, ValueError):
        return None


def _upgraded_words(where: str, before: str, after: str, kept: Path | None) -> str:
    said = (f"upgraded {where} from database schema {before} to {after}: older Afterview versions can no longer "
            "open it")
    if kept is None:  # a server: its own tools keep copies (pg_dump)
        return said
    return (f"{said}; a copy of it as it was is kept at {kept} (for the Afterview that wrote it; opened, it is a copy: "
            "what it had on its way comes back as drafts)")


def _keep_as_it_was(store: Store, path: Path, done: list[str]) -> Path:
    """Before an upgrade, a copy of the SQLite file as it is, beside it (afterview.schema-0004_...db):
    what an older Afterview, which cannot open the upgraded one, still opens. Made with SQLite's
    backup API while the upgrade holds the write lock (nothing changes the file meanwhile),
    private (600), and recorded as a copy of `path` (its identity names `path`'s file), so that,
    opened, it is a copy: what it has on its way comes back as drafts (see _becomes_own), never
    sent a second time. StorageError when it cannot be made (a full disk): the database is then
    not upgraded either, and the error says why in `unwritable` (a command that only reads
    still reads it: see _read_only)."""
    import json
    import sqlite3

    kept = None
    try:
        kept = _free_name(path, done[-1])
        # read through a connection of its own: SQLite's backup refuses to read through one that
        # holds the write lock, and WAL lets this one read what is committed, which nothing can
        # change while the upgrade holds that lock
        with contextlib.closing(sqlite3.connect(path)) as source, contextlib.closing(sqlite3.connect(kept)) as target:
            source.backup(target)
            row = target.execute("SELECT value FROM afterview_state WHERE key = ?", (IDENTITY,)).fetchone()
            try:
                had = _identity(json.loads(row[0])) if row and isinstance(row[0], str) else None
            except ValueError:
                had = None
            here = _whereabouts(path)
            if here is not None:
                target.execute("INSERT OR REPLACE INTO afterview_state (key, value) VALUES (?, ?)",
                               (IDENTITY, json.dumps({"id": (had or {}).get("id") or _new_id(), **here})))
                target.commit()
    except (sqlite3.Error, OSError) as err:
        _remove(kept)
        text = str(err)
        found = _unwritable(text.lower(), str(kept or path))
        why = found.unwritable if found is not None else text
        refused = StorageError(
            f"cannot upgrade {store.where} from database schema {done[-1]} to {migrations.KNOWN[-1]}: a copy of it as "
            f"it was could not be kept beside it ({why}); the database was left as it was, and the Afterview that "
            "wrote it still opens it",
            advice="free some space (as much as the file takes), then try again" if "full" in why else "")
        refused.unwritable = why if found is not None else ""
        raise refused from None
    _keep_private(kept)
    return kept


def _free_name(path: Path, schema_name: str) -> Path:
    """A name beside `path` for its copy before an upgrade from `schema_name`, made (empty,
    private) so that no other program takes it meanwhile."""
    stem = re.sub(r"\.schema-\d{4}_\w+?(-\d+)?$", "", path.stem) or path.stem  # a kept copy, upgraded in its turn
    for n in range(1, 100):
        name = path.with_name(f"{stem}.schema-{schema_name}{'' if n == 1 else f'-{n}'}{path.suffix}")
        try:
            os.close(os.open(name, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        except FileExistsError:
            continue
        return name
    raise FileExistsError(f"{path.with_name(stem)}.schema-{schema_name}-99{path.suffix} and every name before it "
                          "exist")


def _remove(path: Path | None) -> None:
    """Remove a SQLite file this opening made, and what SQLite made beside it."""
    if path is not None:
        for suffix in ("", "-wal", "-shm", "-journal"):
            with contextlib.suppress(OSError):
                Path(f"{path}{suffix}").unlink(missing_ok=True)


def _one_schema(where: str, dbapi_connection, _record) -> None:
    """PostgreSQL, each new connection: StorageError unless the schema PostgreSQL would use is the
    first of the search_path; then that schema alone is the connection's search_path.

    PostgreSQL creates and looks for tables in the first schema of the search_path that exists
    and that the role may use (`current_schema()`), and finds a table in any later one, without a
    word: with `search_path=seeker_0042,public` and no schema seeker_0042, one job seeker's
    records would go into public, where every other seeker whose schema is missing would read
    them; and a new seeker's empty schema, before public, would find the tables in public as
    its own. So the first schema must be the one used, whatever follows it: one that does not
    exist, or that the role may not use, is refused, each with its way out; and the connection
    then sees that schema alone. "$user" (the role's own schema) first counts so when the URL
    sets the search_path; in the server's own search_path ("$user", public, by default) a role
    without a schema of its name uses the next one, as PostgreSQL does (one job seeker per
    database)."""
    try:
        with dbapi_connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('search_path'), current_schema(), current_user, "
                           "(SELECT source FROM pg_settings WHERE name = 'search_path')")
            path, used, role, source = cursor.fetchone()
            _check_first_schema(cursor, where, search_path_names(path), used, role, source)
            cursor.execute("SELECT set_config('search_path', quote_ident(%s), false)", (used,))
        dbapi_connection.commit()  # the connection's own setting, and no transaction left open
    except BaseException:
        dbapi_connection.close()  # never handed out
        raise


def _check_first_schema(cursor, where: str, names: list[str], used: str | None, role: str, source: str) -> None:
    if not names:
        raise StorageError(f"{where}: its search_path names no schema: name the job seeker's schema "
                           "(?options=-csearch_path%3Dname, docs/storage.md)")
    first = role if names[0] == "$user" else names[0]
    if first.startswith("pg_"):  # PostgreSQL's own (pg_catalog, pg_toast): CREATE SCHEMA refuses the prefix
        raise StorageError(f"{where}: the schema {_identifier(first)}, the first of its search_path, cannot be "
                           "Afterview's: PostgreSQL keeps names beginning with pg_ for its own schemas (CREATE SCHEMA "
                           "refuses them): give the job seeker's schema a name without it (such as seeker_0001)")
    if first == used:
        return
    cursor.execute("SELECT has_schema_privilege(oid, 'USAGE') FROM pg_namespace WHERE nspname = %s", (first,))
    found = cursor.fetchone()
    said, who = _identifier(first), _identifier(role)
    if found is None:
        if names[0] == "$user" and source != "client" and used is not None:
            return  # the server's "$user", public: the role has no schema of its own, and uses the next
        own = ' ("$user": the schema named as the role)' if names[0] == "$user" else ""
        raise StorageError(f"{where}: the schema in its search_path does not exist: {said}{own}, the first one, "
                           "where Afterview keeps its tables (it never uses a later one instead): create it first "
                           f"(CREATE SCHEMA {said} AUTHORIZATION {who};), then run Afterview again")
    if not found[0]:
        # the seeker's own role first: in a career centre, the GRANT opens one seeker's data to another
        raise StorageError(f"{where}: the role {who} has no rights on schema {said}: connect as the seeker's own role "
                           "(the one their schema belongs to); only for a staff role shared by every seeker, GRANT "
                           f"USAGE, CREATE ON SCHEMA {said} TO {who}")
    raise StorageError(f"{where}: PostgreSQL uses the schema {used or 'none'} rather than {said}, the first of its "
                       "search_path: put the schema Afterview is to use first")


def search_path_names(value: str) -> list[str]:
    """The schema names of a search_path setting, as PostgreSQL reads them (SplitIdentifierString):
    separated by commas, unquoted ones in lower case (ASCII letters), quoted ones as they are
    ("" inside for a quote); "$user" stays "$user"."""
    names, at = [], 0
    while True:
        while at < len(value) and value[at].isspace():
            at += 1
        if at >= len(value):
            return names
        if value[at] == '"':
            name, at = "", at + 1
            while at < len(value):
                if value[at] == '"':
                    if value[at + 1:at + 2] != '"':
                        break
                    at += 1
                name += value[at]
                at += 1
            at += 1
        else:
            end = at
            while end < len(value) and value[end] != "," and not value[end].isspace():
                end += 1
            name, at = value[at:end].translate(_ASCII_LOWER), end
        names.append(name)
        while at < len(value) and value[at].isspace():
            at += 1
        if at >= len(value) or value[at] != ",":
            return names
        at += 1


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _identifier(name: str) -> str:
    """A schema or role name as SQL is to be given it: quoted when it needs to be."""
    return name if re.fullmatch(r"[a-z_][a-z0-9_$]*", name) else '"' + name.replace('"', '""') + '"'


def _cannot_upgrade(store: Store, conn: sa.Connection, broken, done: list[str]) -> str:
    """An upgrade refused for a row that refers to a record that does not exist (SQLite's
    foreign_key_check: table, rowid, parent table, which reference), with the ways on: mend the
    row (the command that shows it), or keep using it with the Afterview that wrote it."""
    import shlex

    table, rowid, parent, which = broken[:4]
    column = next((row[3] for row in conn.exec_driver_sql(f'PRAGMA foreign_key_list("{table}")')
                   if row[0] == which), None)
    names = f" (its {column})" if column else ""
    show = shlex.quote(f"SELECT * FROM {table} WHERE rowid = {rowid}")
    wrote = f" (database schema {done[-1]})" if done else ""
    return (f"cannot upgrade {store.where}: table {table} row {rowid} refers to a missing {parent} record{names}; "
            f"the database was left as it was. The Afterview that wrote it{wrote} still opens it, and "
            f"`afterview export` there keeps a backup; to upgrade, mend or remove that row first, a copy of the file "
            f"kept (sqlite3 {shlex.quote(store.where)} {show} shows it)")


def _checked_versions(store: Store, conn: sa.Connection) -> list[str]:
    """The migrations the database has; StorageError for a database that is not Afterview's or
    that a newer Afterview wrote."""
    done = _applied_fast(conn)
    if done is None:
        if _has_foreign_tables(conn):
            raise StorageError(f"{store.where} is a database, but not Afterview's")
        done = []
    unknown = migrations.unknown(done)
    if unknown:
        raise StorageError(
            f"{store.where} was written by a newer version of Afterview "
            f"(schema {unknown[-1]}; this one knows up to {migrations.KNOWN[-1]}); upgrade Afterview to open it"
        )
    return done


def _applied_fast(conn: sa.Connection) -> list[str] | None:
    """Applied migration names, or None when the table does not exist (one query, no reflection)."""
    if conn.dialect.name == "sqlite":
        found = conn.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='afterview_migrations'"
        ).first()
        if not found:
            return None
    elif not sa.inspect(conn).has_table("afterview_migrations"):
        return None
    return list(conn.execute(sa.select(schema.migrations_table.c.name)).scalars())


def _has_foreign_tables(conn: sa.Connection) -> bool:
    return bool(sa.inspect(conn).get_table_names())


class Tx:
    """One transaction: add, get, list, update and delete records of any domain type."""

    def __init__(self, connection: sa.Connection, dialect: str, sidecar: Path | None = None):
        self.connection = connection
        self.dialect = dialect
        self._sidecar = sidecar

    def handing_over(self) -> None:
        """Count one message about to be handed to the mail server (the outbox's claim): in the
        database (afterview_state, `HANDED_OVER`), and, once this transaction has committed, in
        the small file beside a SQLite database (`sidecar`). A file copied back over the database
        (`cp backup.db afterview.db`) knows of fewer than the file beside it: see _check_identity.
        Nothing on a server, whose database no one copies over. It runs for every message the
        outbox sends: two statements given to SQLite itself, and a write of a few bytes."""
        if self._sidecar is None:
            return
        raw = self.connection.connection.dbapi_connection  # this transaction's, without SQLAlchemy's cost
        recorded = _recorded(raw)
        count = recorded.handed + 1
        raw.execute(_COUNT_STATEMENT, (HANDED_OVER, str(count)))
        self.connection.info[_HANDED] = (str((recorded.identity or {}).get("id") or ""), count)

    # generic record access -------------------------------------------------------------
    @staticmethod
    def table(cls: type) -> sa.Table:
        return schema.MAPPINGS[cls].table

    def add(self, record: T) -> T:
        mapping = schema.MAPPINGS[type(record)]
        row = mapping.to_row(record)
        # insert() with the row as parameters compiles once per column set (cached), not per row
        result = self.connection.execute(mapping.table.insert(), row)
        if record.id is None:
            record.id = result.inserted_primary_key[0]
        if isinstance(record, m.Interview):
            self._write_participants(record)
        return record

    def add_many(self, records: list[T]) -> list[T]:
        """Add records of one type in batches; each gets its id (as `add` does, faster)."""
        if not records:
            return records
        if any(isinstance(r, m.Interview) for r in records):
            return [self.add(r) for r in records]
        mapping = schema.MAPPINGS[type(records[0])]
        fresh = [r for r in records if r.id is None]
        given = [r for r in records if r.id is not None]
        if given:
            self.connection.execute(mapping.table.insert(), [mapping.to_row(r) for r in given])
        for start in range(0, len(fresh), 1000):
            batch = fresh[start:start + 1000]
            rows = [mapping.to_row(r) for r in batch]
            ids = self.connection.execute(
                mapping.table.insert().returning(mapping.table.c.id, sort_by_parameter_order=True), rows
            ).scalars().all()
            for record, new_id in zip(batch, ids):
                record.id = new_id
        return records

    def get(self, cls: type[T], record_id: int) -> T:
        mapping = schema.MAPPINGS[cls]
        if _beyond(record_id):  # beyond any stored id (and what SQL integers hold)
            raise NotFound(f"no {LABELS[cls]} with id {record_id}")
        row = self.connection.execute(
            sa.select(mapping.table).where(mapping.table.c.id == record_id)
        ).mappings().first()
        if row is None:
            raise NotFound(f"no {LABELS[cls]} with id {record_id}")
        record = mapping.from_row(row)
        if cls is m.Interview:
            record.participants = self._participants([record_id]).get(record_id, [])
        return record

    def list(self, cls: type[T], *, order_by: str = "id", **filters: Any) -> list[T]:
        mapping = schema.MAPPINGS[cls]
        table = mapping.table
        query = _filtered(sa.select(table), table, filters)
        if query is None:  # a number no row can hold (an id of 30 digits, typed): none
            return []
        query = query.order_by(table.c[order_by], table.c.id)
        records = [mapping.from_row(row) for row in self.connection.execute(query).mappings()]
        if cls is m.Interview and records:
            people = self._participants([r.id for r in records] if filters else None)
            for record in records:
                record.participants = people.get(record.id, [])
        return records

    def count(self, cls: type, **filters: Any) -> int:
        table = schema.MAPPINGS[cls].table
        query = _filtered(sa.select(sa.func.count()).select_from(table), table, filters)
        return 0 if query is None else self.connection.execute(query).scalar_one()

    def update(self, record: T) -> T:
        mapping = schema.MAPPINGS[type(record)]
        row = mapping.to_row(record)
        row.pop("id", None)
        result = self.connection.execute(
            mapping.table.update().where(mapping.table.c.id == record.id).values(**row)
        )
        if result.rowcount != 1:
            raise NotFound(f"no {LABELS[type(record)]} with id {record.id}")
        if isinstance(record, m.Interview) and self._participants([record.id]).get(record.id, []) != list(
                record.participants):  # the panel's rows are written again only when it changed
            self.connection.execute(
                schema.participants.delete().where(schema.participants.c.interview_id == record.id)
            )
            self._write_participants(record)
        return record

    def delete(self, cls: type, record_id: int) -> None:
        table = schema.MAPPINGS[cls].table
        if _beyond(record_id):
            raise NotFound(f"no {LABELS[cls]} with id {record_id}")
        result = self.connection.execute(table.delete().where(table.c.id == record_id))
        if result.rowcount != 1:
            raise NotFound(f"no {LABELS[cls]} with id {record_id}")

    # participants ----------------------------------------------------------------------
    def _write_participants(self, interview: m.Interview) -> None:
        if interview.participants:
            self.connection.execute(
                schema.participants.insert(),
                [
                    {"interview_id": interview.id, "person_id": p.person_id, "role": p.role.value, "position": i}
                    for i, p in enumerate(interview.participants)
                ],
            )

    def _participants(self, interview_ids: list[int] | None) -> dict[int, list[m.Participant]]:
        table = schema.participants
        query = sa.select(table).order_by(table.c.interview_id, table.c.position)
        if interview_ids is not None:
            query = query.where(table.c.interview_id.in_(interview_ids))
        found: dict[int, list[m.Participant]] = {}
        for row in self.connection.execute(query).mappings():
            found.setdefault(row["interview_id"], []).append(
                m.Participant(person_id=row["person_id"], role=m.Role(row["role"]))
            )
        return found

    # the file's health ----------------------------------------------------------------------
    def check_intact(self) -> None:
        """StorageError when the database itself is damaged, with the ways out: on SQLite, what its
        own check of the file finds (PRAGMA quick_check: a file copied over a database in use, a
        failing disk), or a row that refers to a record that does not exist (PRAGMA
        foreign_key_check: rows changed with foreign keys off, or what `.recover` saved).
        PostgreSQL keeps both itself: nothing to check. It reads the whole file once (`export`
        asks it before writing a backup that would not restore)."""
        if self.dialect != "sqlite":
            return
        import shlex

        where = next((row[2] for row in self.connection.exec_driver_sql("PRAGMA database_list") if row[1] == "main"),
                     "") or "the database"
        found = [line.strip() for row in self.connection.exec_driver_sql("PRAGMA quick_check(3)")
                 for line in str(row[0]).splitlines() if line.strip() and not line.startswith("***")]
        if found != ["ok"]:
            raise damaged(where, "SQLite's check of the file: " + "; ".join(found[:3])
                          + ("; ..." if found[3:] else ""))
        broken = self.connection.exec_driver_sql("PRAGMA foreign_key_check").first()
        if broken is None:
            return
        table, rowid, parent, which = broken[:4]
        column = next((row[3] for row in self.connection.exec_driver_sql(f'PRAGMA foreign_key_list("{table}")')
                       if row[0] == which), None)
        show = shlex.quote(f"SELECT * FROM {table} WHERE rowid = {rowid}")
        raise StorageError(f"{where} is damaged: table {table} row {rowid} refers to a missing {parent} record"
                           + (f" (its {column})" if column else ""),
                           advice=f"mend or remove that row, a copy of the file kept (sqlite3 {shlex.quote(where)} "
                                  f"{show} shows it), or restore your last export into a new database (afterview "
                                  "--db NEW.db import BACKUP.json)")

    # named state: profile, sync positions ----------------------------------------------
    def get_state(self, key: str, default: Any = None) -> Any:
        row = self.connection.execute(
            sa.select(schema.state.c.value).where(schema.state.c.key == key)
        ).first()
        return default if row is None else row[0]

    def set_state(self, key: str, value: Any) -> None:
        table = schema.state
        updated = self.connection.execute(table.update().where(table.c.key == key).values(value=value))
        if updated.rowcount == 0:
            self.connection.execute(table.insert().values(key=key, value=value))

    def profile(self) -> m.Profile:
        data = self.get_state("profile") or {}
        profile = m.Profile()
        for name, value in data.items():
            if hasattr(profile, name):
                setattr(profile, name, value)
        profile.linkedin_account = m.LinkedInAccount(profile.linkedin_account)
        return profile

    def save_profile(self, profile: m.Profile) -> None:
        from dataclasses import asdict

        data = asdict(profile)
        data["linkedin_account"] = profile.linkedin_account.value
        self.set_state("profile", data)

    # everything at once ----------------------------------------------------------------
    def facts(self) -> m.Facts:
        from afterview.perf import paused_gc

        with paused_gc():
            return self._facts()

    def _facts(self) -> m.Facts:
        decisions, undone = [], []
        for decision in self.list(m.Decision):
            (decisions if decision.undone_at is None else undone).append(decision)
        return m.Facts(
            profile=self.profile(),
            companies={c.id: c for c in self.list(m.Company)},
            opportunities={o.id: o for o in self.list(m.Opportunity)},
            people={p.id: p for p in self.list(m.Person)},
            interviews={i.id: i for i in self.list(m.Interview)},
            debriefs=self.list(m.Debrief),
            messages=self.list(m.Message),
            inbound=self.list(m.Inbound),
            feedback=self.list(m.Feedback),
            news=self.list(m.NewsItem),
            decisions=decisions,
            undone=undone,
        )

    def fix_sequences(self) -> None:
        """After inserting explicit ids (a restore), move each table's id counter past the
        highest id it holds and the highest id an action key names (a record deleted before the
        backup, still named by a decision: its id must not come back; see migrations 0002)."""
        named = migrations.ids_named_by_keys(self.connection)
        for mapping in schema.MAPPINGS.values():
            name = mapping.table.name
            top = max(self.connection.exec_driver_sql(f"SELECT COALESCE(MAX(id), 0) FROM {name}").scalar(),
                      named.get(name, 0))
            if self.dialect == "postgresql":
                self.connection.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), {int(top) + 1}, false)"
                )
            elif self.dialect == "sqlite":
                migrations.set_counter(self.connection, name, top)


def _beyond(value: Any) -> bool:
    """A whole number no SQL integer column holds (an id typed with 20 digits): the driver would
    fail on it (OverflowError), while no stored record can have it."""
    return isinstance(value, int) and not isinstance(value, bool) and not -(2**63) <= value < 2**63


def _filtered(query, table, filters: dict[str, Any]):
    """`query` where each column equals its value (or is one of a list of them); None when no
    row can match: a number beyond what the column holds (`_beyond`)."""
    for name, value in filters.items():
        if isinstance(value, (list, tuple, set, frozenset)):
            values = [_plain(v) for v in value if not _beyond(v)]
            query = query.where(table.c[name].in_(values))
        elif _beyond(value):
            return None
        else:
            query = query.where(table.c[name] == _plain(value))
    return query


def _plain(value: Any) -> Any:
    from enum import Enum

    return value.value if isinstance(value, Enum) else value


def copy(record: T, **changes: Any) -> T:
    return replace(record, **changes)
