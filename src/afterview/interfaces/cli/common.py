"""What every command shares: the environment (database, clock, config) and output helpers.

A command receives `env: Env` through `@pass_env`, opens the store with `env.store()` (which
imports SQLAlchemy only then), reads the moment from `env.now` (fixed by `--at`), and prints
with `emit(...)` so that `--json` works the same everywhere.

Text that came from the user, from other people or from imported files (names, subjects, notes)
reaches the terminal through `terminal_text`: the helpers here (`echo`, `table`, `show_fields`,
`echo_header`, `done`) and the rich `console()` apply it, so that a control character or a
bidirectional override in a name shows as an escape (`\\x1b`, `\\u202e`) instead of clearing the
screen or reordering the line. `--json` stays exact: those characters are JSON escapes there.
"""

from __future__ import annotations

import json
import os
import re
import sys
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import cached_property
from json.encoder import c_make_encoder, encode_basestring
from typing import Any, Callable

import click

from afterview.errors import AfterviewError


@dataclass
class Env:
    db: str | None = None
    at: str | None = None
    _store: Any = field(default=None, repr=False)
    reads_only: bool = field(default=False, repr=False)  # set by commands that never write (reads_only)
    at_from_env: bool = field(default=False, repr=False)  # `at` came from AFTERVIEW_AT, not --at
    at_set_aside: str | None = field(default=None, repr=False)  # AFTERVIEW_AT, when --at was given as well

    def __post_init__(self) -> None:
        self._at_given = self.at  # a command's own --at may replace it (see at_source)

    @property
    def at_source(self) -> str:
        """Where the moment in `at` was given: "AFTERVIEW_AT" or "--at", to name it in an error."""
        return "AFTERVIEW_AT" if self.at_from_env and self.at == self._at_given else "--at"

    @cached_property
    def paths(self):
        from afterview.config import paths

        return paths()

    @cached_property
    def config(self):
        from afterview.config import load_config

        return load_config(self.paths)

    @cached_property
    def db_url(self) -> str:
        from afterview.config import database_url

        return database_url(self.db, self.config, self.paths)

    def store(self, *, create: bool = True):
        """The opened, migrated store (created on first use unless create=False).

        A database named by --db (or AFTERVIEW_DB, or config.toml) is never created in a folder
        that does not exist, nor by a command that only reads: a mistyped path must not give an
        empty database that says "Nothing is due right now" while the real one waits elsewhere.
        The default database, in the data folder, is created on first use.
        """
        if self._store is None:
            from afterview.storage import open_store

            url = self.db_url
            if url != "sqlite:///" + str(self.paths.default_db):
                create = create and not self.reads_only
                self._check_folder(url)
            elif create and not os.path.exists(self.paths.default_db):  # (never raises: a folder closed to you)
                self._check_data_folder()
            # a command that only reads still reads a file it cannot write (a full disk, a read-only place)
            self._store = open_store(url, create=create, reads_only=self.reads_only)
            self._store.reads_only = self.reads_only or self._store.reads_only  # see Store.transaction
            for notice in self._store.notices:  # a copy made a database of its own, a file only read
                warn(notice)
        elif self.reads_only:  # opened before the command said it only reads (--at read the profile's zone)
            self._store.reads_only = True
        return self._store

    @staticmethod
    def _check_folder(url: str) -> None:
        from pathlib import Path

        from afterview.errors import StorageError

        scheme = url[:len("sqlite:///file:")].lower()  # a scheme is read in any case
        if not scheme.startswith("sqlite:///") or scheme.startswith("sqlite:///file:"):
            return  # a server, or an SQLite URI: the driver says what is wrong
        path = Path(url[len("sqlite:///"):])
        if not path.exists() and not path.parent.is_dir():
            raise StorageError(f"no folder {path.parent} for the database {path.name}: "
                               "check --db, or create the folder first")

    def _check_data_folder(self) -> None:
        """The data folder can hold the default database about to be made: else one line naming
        it, why (a read-only disk, permission denied, a file) and what to do, before anything is
        made (no folder half-made above it, no empty database)."""
        from afterview.config import unusable_folder
        from afterview.errors import StorageError

        said = unusable_folder(self.paths.data, keeps="its database")
        if said:
            raise StorageError(said)

    def close(self) -> None:
        """Close the store, if it was opened: its connections, and SQLite's -wal and -shm files."""
        if self._store is not None:
            self._store.close()
            self._store = None

    @cached_property
    def now(self) -> datetime:
        """The current moment, or the one fixed by --at (the clock is read only here). When two
        moments were given (AFTERVIEW_AT and --at, or afterview --at and a command's own, as
        `plan --at`), the more specific one is used, and a warning says which was set aside."""
        moment = self.check_at()
        if self.at is not None:
            self._say_set_aside(moment)
        return moment

    def check_at(self) -> datetime:
        """The moment `at` names (now when none): InvalidInput naming where it was given."""
        if self.at is None:
            return datetime.now(timezone.utc)
        checked = self.__dict__.get("_checked")
        if checked is not None and checked[0] == self.at:
            return checked[1]  # (read once by `afterview` itself, before the command)
        from afterview.errors import InvalidInput

        try:  # "" is a mistake (an empty variable), not "now": parse_when says so
            moment = self._moment(self.at)
        except InvalidInput as err:  # "AFTERVIEW_AT: not a date/time: ...": where it was given
            raise InvalidInput(f"{self.at_source}: {err}") from None
        self.__dict__["_checked"] = (self.at, moment)
        return moment

    def _moment(self, text: str) -> datetime:
        from afterview.domain.values import parse_when

        tz = self.user_tz  # a bad zone in config.toml is said as such, not as a bad --at
        return parse_when(text, now=datetime.now(timezone.utc), tz=tz)

    def _say_set_aside(self, moment: datetime) -> None:
        """One warning naming each moment given that is not the one used (see `now`)."""
        from afterview.errors import InvalidInput

        own = self.at != self._at_given  # a command's own --at replaced the global one
        given = []
        if own and self._at_given is not None:
            given.append(("AFTERVIEW_AT" if self.at_from_env else "afterview --at", self._at_given))
        if self.at_set_aside is not None:
            given.append(("AFTERVIEW_AT", self.at_set_aside))
        aside = []
        for where, text in given:
            if " ".join(text.split()) == " ".join(self.at.split()):
                continue
            try:
                if self._moment(text) == moment:
                    continue
            except InvalidInput:  # a value that reads as no moment differs from the one used: said aside
                pass
            aside.append(f"{where} {_quoted(text)}")
        if not aside:
            return
        if own:
            context = click.get_current_context(silent=True)
            command = context.command_path.partition(" ")[2] if context is not None else ""
            used = f"{command or 'the command'}'s own --at"
        else:
            used = "afterview --at"
        warn(f"two moments given: {used} {_quoted(self.at)} is used, not {' nor '.join(aside)} (the more "
             "specific wins: a command's own --at, then afterview --at, then AFTERVIEW_AT)")

    @cached_property
    def user_tz(self) -> str:
        """The user's zone: config.toml, else the profile's, else the machine's, else UTC."""
        tz = self.config.data.get("timezone")
        if tz:
            return str(tz)
        tz = self._profile_tz()
        if tz:
            return tz
        tz = os.environ.get("TZ", "")
        if tz and "/" in tz:
            return tz
        try:
            link = os.path.realpath("/etc/localtime")
            if "zoneinfo/" in link:
                return link.split("zoneinfo/", 1)[1]
        except OSError:
            pass
        return "UTC"

    def _profile_tz(self) -> str:
        from afterview.errors import StorageError

        try:
            saved = self.saved_profile()
        except StorageError:
            return ""  # no database yet, or a broken one: the command itself will say so
        return str(saved.get("timezone") or "")

    def saved_profile(self) -> dict:
        """Your profile as saved, its fields by name ({} when none is): StorageError when there is
        no database, or a broken one. A SQLite file is read with the standard library, without
        opening the store (SQLAlchemy, its checks and upgrades: a third of a second), for what
        needs only a field or two: the zone of --at, `config`, `playbook show`."""
        if self._store is None:
            saved = _saved_profile(self.db_url)
            if saved is not None:
                return saved
        store = self.store(create=False)
        with store.reading() as tx:  # waits for no writer: `today --at ...` answers while a worker writes
            return tx.get_state("profile") or {}

    def parse_when(self, text: str) -> datetime:
        from afterview.domain.values import parse_when

        return parse_when(text, now=self.now, tz=self.user_tz)

    @cached_property
    def playbook(self):
        """The effective playbook (defaults, config.toml's [planner], playbook.toml), read once:
        an invalid one is a ConfigError (one line, exit 2)."""
        from afterview.services.planning import effective_playbook

        return effective_playbook(self.config, self.paths)


def sqlite_file(url: str) -> str | None:
    """The file a plain SQLite URL names ("sqlite:///PATH"), else None (a server, memory, an SQLite
    URI or a URL with a query or an escape, left to SQLAlchemy to read as it reads them)."""
    if url[:len("sqlite:///")].lower() != "sqlite:///":
        return None
    path = url[len("sqlite:///"):]
    if not path or path == ":memory:" or path[:5].lower() == "file:" or "?" in path or "%" in path:
        return None
    return path


def read_sqlite(path: str, read):
    """`read(connection)` on the SQLite file at `path`, opened with the standard library, without
    the store (SQLAlchemy, its checks and upgrades), for a command that needs a few values only;
    sqlite3.Error as it comes. Read-only, but when a WAL database has no -wal file (no one has it
    open), a read-only connection would leave an empty -wal and a -shm behind, which only a writer
    may remove: such a file is opened for writing, and nothing is written (as the last connection
    it removes the two files on closing, as the store does)."""
    import sqlite3
    from urllib.parse import quote

    mode = "ro" if os.path.exists(path + "-wal") else "rw"
    connection = sqlite3.connect(f"file:{quote(os.path.abspath(path))}?mode={mode}", uri=True, timeout=5)
    try:
        return read(connection)
    finally:
        connection.close()


def _saved_profile(url: str) -> dict | None:
    """The profile saved in the SQLite file `url` names, read with the standard library ({} when
    none is saved): StorageError when there is no such file. None when the file cannot be read
    so (not SQLite, no such table, locked) or `url` names no plain file: the store is then
    opened, as before, and says what is wrong."""
    path = sqlite_file(url)
    if path is None:
        return None
    if not os.path.isfile(path):
        from afterview.errors import StorageError

        raise StorageError(f"no database file at {path}")
    import sqlite3

    try:
        row = read_sqlite(path, lambda c: c.execute("SELECT value FROM afterview_state WHERE key = 'profile'").fetchone())
        saved = json.loads(row[0]) if row is not None and row[0] is not None else {}
    except (sqlite3.Error, TypeError, ValueError):
        return None
    return saved if isinstance(saved, dict) else None


def _quoted(text: str) -> str:
    return "'" + terminal_text(" ".join(text.split()), one_line=True) + "'"


pass_env = click.make_pass_decorator(Env, ensure=True)


def plans_after(func):
    """Mark a command that changes data and then plans (placed after @pass_env): after the
    change, the approved or scheduled notes it leaves unplanned are held back (`hold_back`),
    and what to say next is read from the plan. Both need the playbook, so it is read first:
    an invalid playbook.toml refuses the command before anything changes (one line, exit 2),
    never after the change was made with its hold-backs left undone."""
    import functools

    @functools.wraps(func)
    def wrapper(env, *args, **kwargs):
        env.playbook  # noqa: B018 - read now: a ConfigError ends the command before it changes anything
        return func(env, *args, **kwargs)

    return wrapper


def reads_only(func):
    """Mark a command that only reads (placed after @pass_env): it never creates a database."""
    import functools

    @functools.wraps(func)
    def wrapper(env, *args, **kwargs):
        env.reads_only = True
        return func(env, *args, **kwargs)

    return wrapper


def json_option(func: Callable) -> Callable:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")(func)


def to_jsonable(value: Any) -> Any:
    from afterview.domain.serialize import to_plain

    return to_plain(value)


def print_json(value: Any, *, plain: bool = False) -> None:
    """`value` as JSON on standard output: UTF-8, whatever the locale (main.write_document).
    `plain`: the value is JSON-ready already (to_jsonable's): not walked a second time."""
    from afterview.interfaces.cli.main import write_document

    write_document(_json_for_terminal(json_text(value if plain else to_jsonable(value))) + "\n")


# What would act on a terminal instead of showing: the C0 controls but for tab and newline, DEL,
# the C1 controls, and the bidirectional embeddings, overrides and isolates (U+202A-U+202E,
# U+2066-U+2069) that reorder the text after them. A Windows line end is a line end.
_UNSAFE = re.compile("\r\n|[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_UNSAFE_IN_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")  # tab and newline too
_UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")  # json escapes the C0 controls
_SHORT_ESCAPES = {"\r\n": "\n", "\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escape_char(match: re.Match) -> str:
    char = match.group()
    short = _SHORT_ESCAPES.get(char)
    if short is not None:
        return short
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_text(text: str, *, one_line: bool = False) -> str:
    """`text` safe to print on a terminal: each control character (but tab and newline) and each
    bidirectional override or isolate shown as its escape ("\\x1b[2J", "\\u202e"); any other
    text (accents, CJK, emoji, Arabic and Hebrew) as it is. `one_line`: tab and newline too, for
    a cell of tab-separated output."""
    if text.isprintable():  # the usual case, at C speed: no control or format character at all
        return text
    pattern = _UNSAFE_IN_LINE if one_line else _UNSAFE
    return pattern.sub(_escape_char, text) if pattern.search(text) else text


def _json_for_terminal(text: str) -> str:
    """JSON text with the characters json leaves as they are (DEL, C1 controls, bidirectional
    overrides) as its own escapes ("\\u202e"): the same values, safe on a terminal. They can
    only stand inside strings, where an escape means the very same character."""
    if (text.isascii() and "\x7f" not in text) or _UNSAFE_IN_JSON.search(text) is None:
        return text  # (isascii costs nothing, the search a pass over a long listing's text)
    return _UNSAFE_IN_JSON.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def echo(text: Any = "", **kwargs: Any) -> None:
    """click.echo of text that may hold someone's words (see terminal_text); a line for standard
    error (err=True) comes after what standard output holds so far (`flush_output`)."""
    if kwargs.get("err"):
        flush_output()
    click.echo(terminal_text(str(text)), **kwargs)


def warn(text: str) -> None:
    """A warning, one line on standard error: "afterview: warning: TEXT", after the output so far."""
    echo(f"afterview: warning: {text}", err=True)


def flush_output() -> None:
    """Write out what standard output holds, before a line goes to standard error: the two often
    reach one terminal or one pipe (`2>&1`), and a warning written while a line of output waits
    in its buffer lands inside that line ("...Sent: Sentafterview: warning: ..."). A reader gone
    or a full disk is left to the exit, which reports it as always."""
    try:
        sys.stdout.flush()
    except (OSError, ValueError, AttributeError):
        pass


def json_text(value: Any) -> str:
    """`json.dumps(value, indent=2, ensure_ascii=False)`: the same text, faster for many records.

    With an indent, the json module encodes in pure Python, one value at a time: a second for the
    35,000 actions of `today --json` on a large database. Here each object or array that holds
    only strings, numbers, booleans and nulls (a record, as to_plain gives it) goes through
    json's own C encoder in one call, with separators that lay it out as indent=2 does; only
    the containers around them are walked in Python. Anything else (a key or a value that is
    not plain JSON) is left to json.dumps itself, for the very same text or error.
    """
    if c_make_encoder is not None:
        out: list[str] = []
        try:
            _json_lines(value, 0, out)
        except (_NotPlain, TypeError, ValueError):
            pass
        else:
            return "".join(out)
    return json.dumps(value, indent=2, ensure_ascii=False)


_SCALARS = frozenset({str, int, float, bool, type(None)})
_flat_encoders: dict[int, Callable] = {}


class _NotPlain(Exception):
    """A value json_text leaves to json.dumps."""


def _flat(level: int) -> Callable:
    """json's C encoder for an object or array of scalars whose items sit at depth level + 1."""
    encode = _flat_encoders.get(level)
    if encode is None:
        # json.dumps's settings (no default, no sorting, NaN allowed), the indent inside the item
        # separator, and no markers for cycles: there is nothing to recurse into
        separator = ",\n" + "  " * (level + 1)
        encode = c_make_encoder(None, None, encode_basestring, None, ": ", separator, False, False, True)
        _flat_encoders[level] = encode
    return encode


def _json_lines(value: Any, level: int, out: list[str]) -> None:
    kind = type(value)
    if kind is dict or kind is list:
        if not value:
            out.append("{}" if kind is dict else "[]")
            return
        opening, closing = ("{", "}") if kind is dict else ("[", "]")
        inner, end = "\n" + "  " * (level + 1), "\n" + "  " * level + closing
        if _SCALARS.issuperset(map(type, value.values() if kind is dict else value)):
            out.append(opening + inner)
            out.append("".join(_flat(level)(value, 0))[1:-1])
            out.append(end)
            return
        separator = opening + inner
        if kind is dict:
            for key, item in value.items():
                if type(key) is not str:
                    raise _NotPlain
                out.append(separator + encode_basestring(key) + ": ")
                _json_lines(item, level + 1, out)
                separator = "," + inner
        else:
            for item in value:
                out.append(separator)
                _json_lines(item, level + 1, out)
                separator = "," + inner
        out.append(end)
    elif kind in _SCALARS:
        out.append("".join(_flat(level)([value], 0))[1:-1])
    else:
        raise _NotPlain


def console():
    """A rich console whose text reaches the terminal through terminal_text, whatever it prints
    (strings, markup, Text, tables): rich itself lets an escape sequence through."""
    from rich.console import Console
    from rich.segment import Segment

    class _Console(Console):
        def on_broken_pipe(self) -> None:
            """The reader is gone (`afterview show 1 | head -1`): as for any output, exit status 0
            (cli.main), where rich's own ends the process with status 1."""
            self.quiet = True
            raise BrokenPipeError

        def render(self, renderable, options=None):
            # every segment of text passes here, nested renderables' too (rich's own control
            # codes, its styles included, are not text: they are written apart)
            for segment in super().render(renderable, options):
                text = segment.text
                if segment.control or text.isprintable():
                    yield segment
                else:
                    safe = terminal_text(text)
                    yield segment if safe is text else Segment(safe, segment.style, segment.control)

    # no emoji codes either: a key like status_check.1:o2:i2:p4 holds rich's ":o2:", and a name
    # or a note may hold ":smile:"; each is shown as typed
    return _Console(highlight=False, soft_wrap=False, emoji=False)


def table(columns: list[str], rows: list[list[Any]], title: str | None = None) -> None:
    """Print rows as a table: rich on a terminal, plain tab-separated text in a pipe (one line a
    row: a tab or a line break inside a cell is shown as its escape). Cells are text, never rich
    markup: a subject like "[/b] x" is shown as typed."""
    if not sys.stdout.isatty():
        click.echo("\t".join(columns))
        for row in rows:
            click.echo("\t".join("" if v is None else terminal_text(str(v), one_line=True) for v in row))
        return
    from rich.table import Table
    from rich.text import Text

    out = console()
    if _too_narrow(columns, rows, out.width):
        # a terminal too narrow for the columns (a phone's ssh, a split pane): rich would cut
        # every cell to a few letters ("an…"); one record at a time, a field a line, reads whole
        if title:
            out.print(Text(title, style="bold"))
        label = max(len(c) for c in columns) + 1
        for number, row in enumerate(rows):
            if number:
                out.print()
            for column, value in zip(columns, row):
                out.print(Text.assemble((f"{column + ':':<{label}} ", "bold"),
                                        "" if value is None else terminal_text(str(value))))
        return
    t = Table(title=title, show_lines=False, header_style="bold")
    for column in columns:
        t.add_column(column)
    for row in rows:
        t.add_row(*(Text("" if v is None else terminal_text(str(v))) for v in row))
    out.print(t)


_NARROWEST_CELL = 10  # characters: a cell cut below this (or its own length) no longer reads


def _too_narrow(columns: list[str], rows: list[list[Any]], width: int) -> bool:
    """Whether a table of these rows would cut cells below what reads (each column at least
    its header's or its longest value's width, up to _NARROWEST_CELL), borders and padding
    counted (three characters a column, one more for the last border)."""
    if not rows:
        return False
    needed = 1
    for i, column in enumerate(columns):
        longest = max([len(column)] + [len(str(row[i])) for row in rows if i < len(row) and row[i] is not None])
        needed += min(longest, _NARROWEST_CELL) + 3
    return needed > width


def fmt_time(moment: datetime | None, tz: str = "UTC") -> str:
    """'Tue 2026-12-01 10:00' on the clock of zone `tz`; in the hour the clocks go back, with
    the reading it is: 'Sun 2026-11-01 01:30 CDT' (domain.values.wall_clock)."""
    if moment is None:
        return ""
    from afterview.domain.values import wall_clock

    return wall_clock(moment, tz)


def fail(message: str) -> None:
    raise AfterviewError(message)


def log_crash(err: BaseException) -> str:
    """Append the traceback of an unexpected error to the log file; return where it went."""
    import traceback

    try:
        from afterview.config import paths

        path = paths().log_file
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        # yours alone, as every file Afterview writes: a traceback can show your notes
        with open(os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600), "a", encoding="utf-8") as log:
            os.chmod(path, 0o600)  # one made before, with the umask's mode
            log.write(f"--- {datetime.now(timezone.utc).isoformat()}\n")
            log.write("".join(traceback.format_exception(err)))
        return str(path)
    except OSError:
        return "stderr (log file not writable)"


def in_tx(env: Env, use_case: Callable[[Any], Any]) -> Any:
    """Run one use case in one transaction of the user's store."""
    with env.store().transaction() as tx:
        return use_case(tx)


def hold_back(env: Env) -> list[str]:
    """After a decision, a change or new mail: approved or scheduled emails that the plan no
    longer has (they replied, the process ended, you skipped it ...) go back to drafts; returns
    the line that says each. Planned outside the write lock, then held back in a short
    transaction (`hold_back_planned`). A command calls it as soon as its change is made, before
    it prints anything: a reader that goes away early (`... | head -1`) must not leave a note
    on its way that the change made unplanned (the command is marked `plans_after`)."""
    from afterview.services.delivery import hold_back_planned

    return [f"message {message_id}: {why}"
            for message_id, why in hold_back_planned(env.store(), now=env.now, playbook=env.playbook)]


def withdraw_unplanned(env: Env) -> None:
    """`hold_back`, then each line said (for a command with nothing printed before it)."""
    for line in hold_back(env):
        echo(line)


def say_all(lines) -> None:
    """Print the lines a command made once its work is done (see `hold_back`)."""
    for line in lines:
        echo(line)


def terminal_width() -> int | None:
    """How wide a header may be: COLUMNS when it is set (as rich reads it), else the terminal's
    width; None in a pipe or a file, where each header stays on one line whatever its length."""
    columns = os.environ.get("COLUMNS", "").strip()
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    try:
        if sys.stdout.isatty():
            return os.get_terminal_size(sys.stdout.fileno()).columns or None
    except (OSError, ValueError, AttributeError):  # no file behind standard output
        pass
    return None


def header_lines(parts: list[str] | tuple[str, ...], width: int | None, indent: str = "") -> list[str]:
    """A header as the lines to print: one line when it fits in `width`, else broken between its
    parts ("Senior Data Engineer" / "at Northwind Analytics (opportunity 1)"), so that a narrow
    terminal never cuts it mid-word. A part too long for a line on its own is broken between its
    words; a single word longer than the line (an address) is kept whole. Each line starts with
    `indent`."""
    import textwrap

    parts = [terminal_text(" ".join(str(part).split())) for part in parts]
    parts = [part for part in parts if part]
    room = None if width is None else max(width - len(indent), 20)
    if room is None or len(" ".join(parts)) <= room:
        return [indent + " ".join(parts)]
    lines: list[str] = []
    line = ""
    for part in parts:
        joined = f"{line} {part}" if line else part
        if len(joined) <= room:
            line = joined
        elif len(part) <= room:
            lines.append(line)
            line = part
        else:  # too long on its own: words of it fill the current line, the rest the next ones
            pieces = textwrap.wrap(joined, room, break_long_words=False, break_on_hyphens=False)
            lines.extend(pieces[:-1])
            line = pieces[-1]
    lines.append(line)
    return [indent + line for line in lines]


def echo_header(parts: list[str] | tuple[str, ...], indent: str = "", *, bold: bool = True) -> None:
    """Print a show command's header (in bold), fitted to the terminal (see header_lines)."""
    for line in header_lines(parts, terminal_width(), indent):
        if bold:
            click.secho(line, bold=True)
        else:
            click.echo(line)


def show_fields(pairs: list[tuple[str, Any]], title: str | list[str] | tuple[str, ...] | None = None) -> None:
    """Print a record as aligned `label: value` lines, under its title. A title given as parts
    (`[role, "at Company", "(opportunity 3)"]`) is broken between them on a narrow terminal."""
    if title:
        echo_header([title] if isinstance(title, str) else title)
    width = max((len(label) for label, _ in pairs), default=0)
    for label, value in pairs:
        if value in (None, "", []):
            continue
        if isinstance(value, (list, tuple)):
            value = "; ".join(str(v) for v in value)
        # a value of several lines (notes) keeps its lines under the first, not at the margin
        value = terminal_text(str(value)).replace("\n", "\n" + " " * (width + 4))
        click.echo(f"  {label.ljust(width)}  {value}")


def split_list(values: tuple[str, ...] | list[str]) -> list[str]:
    """Items given as repeated options and/or separated by ';' (commas stay inside items)."""
    items: list[str] = []
    for value in values:
        items.extend(part.strip() for part in value.split(";") if part.strip())
    return items


def done(message: str) -> None:
    echo(message)


class _Deletable(Exception):
    """Ends the trial deletion of confirm_and_delete: its transaction is rolled back."""

    def __init__(self, record: Any) -> None:
        super().__init__()
        self.record = record


def confirm_and_delete(env: Env, *, find: Callable, remove: Callable, question: Callable, done: Callable,
                       yes: bool, then: Callable[[], list[str]] | None = None) -> None:
    """Look a record up, ask (unless --yes) with no transaction open, then delete it in one.

    `find(tx)` returns the record, `remove(tx, record)` deletes it (checking again, in its own
    transaction, what may have changed while the user read the question). Before asking, the
    deletion is tried in a transaction that is then rolled back: a record that cannot be deleted
    (a company with opportunities, a person with messages) is refused at once, by the very
    checks of `remove`, not after the user said yes. The question goes to standard error:
    standard output, redirected to a file, holds only the result. `then()`, run once the record
    is deleted and before anything is printed (the hold-backs that follow a deletion), returns
    lines to say after `done`.
    """
    if yes:
        record = in_tx(env, find)
    else:
        def trial(tx):
            found = find(tx)
            remove(tx, found)
            raise _Deletable(found)  # rolls the deletion back

        try:
            in_tx(env, trial)
        except _Deletable as deletable:
            record = deletable.record
        click.confirm(terminal_text(question(record)), abort=True, err=True)
    in_tx(env, lambda tx: remove(tx, record))
    after = then() if then is not None else []
    echo(done(record))
    say_all(after)
