"""Where Afterview keeps things, and the user's config file.

- `AFTERVIEW_HOME`, when set, holds everything: the database, config.toml, templates, logs.
- Otherwise the platform's folders (platformdirs): data (the database, logs) and config
  (config.toml, playbook.toml, templates/).
- The database: `--db PATH|URL` or `AFTERVIEW_DB`, else `database = "..."` in config.toml,
  else `afterview.db` in the data folder.

The config file is TOML; sections belong to their parts (`[lint]`, `[planner]`,
`[accounts.NAME]`, `[composer]`, `[web]`). Secrets never go in it: accounts name where the
password comes from (keyring, an environment variable, a command).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from afterview.errors import ConfigError, InvalidInput

APP = "afterview"


@dataclass(frozen=True)
class Paths:
    data: Path
    config: Path

    @property
    def config_file(self) -> Path:
        return self.config / "config.toml"

    @property
    def playbook_file(self) -> Path:
        return self.config / "playbook.toml"

    @property
    def templates(self) -> Path:
        return self.config / "templates"

    @property
    def default_db(self) -> Path:
        return self.data / "afterview.db"

    @property
    def log_file(self) -> Path:
        return self.data / "afterview.log"


def home_folder() -> str | None:
    """AFTERVIEW_HOME, None when it is not set. Set but empty (an empty variable in a script) is
    refused, as `--db ""` and an empty AFTERVIEW_DB are: never taken to mean the default folders,
    where another database and other settings would be used without a word."""
    home = os.environ.get("AFTERVIEW_HOME")
    if home is not None and not home.strip():
        raise InvalidInput("AFTERVIEW_HOME is set but empty: give the folder for Afterview's data and settings, "
                           "or unset it for the default folders")
    return home


def paths() -> Paths:
    home = home_folder()
    if home:
        # a relative folder is the current folder's, said as the absolute path it is now (`config`
        # shows where a cron job started elsewhere would look)
        root = Path(home).expanduser().absolute()
        return Paths(data=root, config=root)
    import platformdirs

    return Paths(
        data=Path(platformdirs.user_data_dir(APP, appauthor=False)),
        config=Path(platformdirs.user_config_dir(APP, appauthor=False)),
    )


@dataclass
class Config:
    """The parsed config file; each part reads its own section. `text`: the file as written, for
    the line a part's message names (`line_of`)."""

    path: Path
    data: dict = field(default_factory=dict)
    text: str = ""
    # [accounts.NAME] sections written wrong, by name: what is wrong, in one line naming the file,
    # the key and its line. One account's mistake leaves the rest of the file, and the other
    # accounts, in use (afterview.delivery.accounts.load_accounts says it for that account).
    broken_accounts: dict = field(default_factory=dict)

    def section(self, name: str) -> dict:
        value = self.data.get(name, {})
        if not isinstance(value, dict):
            raise ConfigError(f"{self.path}: [{name}] must be a table")
        return value

    def line_of(self, *names: str) -> str:
        """" (line N)" for the setting or table at `names` ("lint", "severity", "emoji"), "" when
        it cannot be found: the end of a part's message about it."""
        return _line_suffix(self.text, tuple(names))


def read_settings(path: Path, *, private: bool = False) -> bytes | None:
    """The bytes of a settings file (config.toml, playbook.toml), None when there is none; one
    line naming the file when it cannot be read. A folder of that name is refused, never taken
    for no file (playbook.toml made a folder by mistake once left the defaults in effect while
    `playbook check` said OK); so is a pipe or a device, which would be read for ever; a folder
    above it that cannot be looked into, or that is a file, is named with what to do.
    `private` (config.toml: the accounts, where a password is kept): the file is made yours
    alone (see `keep_private`)."""
    import stat

    try:
        found = path.stat()
    except FileNotFoundError:
        return None
    except OSError as err:
        raise ConfigError(_unreadable(path, err)) from None
    mode = found.st_mode
    if stat.S_ISDIR(mode):
        raise ConfigError(f"{path}: cannot read: it is a folder, not a file")
    if not stat.S_ISREG(mode):
        raise ConfigError(f"{path}: cannot read: not a regular file")
    if private:
        keep_private(path, found)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as err:
        raise ConfigError(_unreadable(path, err)) from None


def _unreadable(path: Path, err: OSError) -> str:
    """Why a settings file cannot be read, said of its folder when the folder is the cause (a
    file, not a folder; one you may not look into), with what to do."""
    import errno

    if err.errno in (errno.ENOTDIR, errno.EACCES):
        said = unusable_folder(path.parent, write=False, keeps="its settings")
        if said:
            return said
    return f"{path}: cannot read: {err.strerror}"


def unusable_folder(folder: Path, *, write: bool = True, keeps: str = "its data") -> str:
    """"" when Afterview can keep `keeps` in `folder` (its data folder, its settings folder: made
    when missing), else the one line that says which folder, why (a read-only disk, permission
    denied, a file, not a folder) and what to do. `write`: written in, else only read."""
    from afterview.files import folder_problem

    kind, why = folder_problem(folder, write=write)
    if not kind:
        return ""
    home = os.environ.get("AFTERVIEW_HOME") or ""
    named = bool(home.strip()) and Path(home).expanduser().absolute() == folder
    where = f"the folder {folder} (AFTERVIEW_HOME)" if named else f"the folder {folder}"
    if kind == "not a folder":
        other = "set AFTERVIEW_HOME to a folder (one that does not exist yet is made)"
    else:
        other = "set AFTERVIEW_HOME to a folder you can write" if write else "set AFTERVIEW_HOME to another folder"
    fix = {
        "read-only": "mount that disk writable",
        "permission": ("give yourself the right to write there (chmod u+w) or run Afterview as its owner" if write
                       else "give yourself the right to look into it (chmod u+x) or run Afterview as its owner"),
        "not a folder": "move that file out of the way" if not named else "",
    }.get(kind, "")
    doing = "keep" if write else "read"
    return f"Afterview cannot {doing} {keeps} in {where}: {why}; {f'{fix}, or ' if fix else ''}{other}"


def keep_private(path: Path, found: os.stat_result) -> None:
    """A file yours alone (config.toml; the database and its -wal and -shm files:
    storage.store._keep_private): one readable by others (mode 644: written by hand or by an
    editor with the umask's mode, copied) loses the group's and others' permissions each time it
    is read (`found`: its stat). Only a file you own is changed; nothing is said when that fails
    (a file system without permissions: read as it is)."""
    import stat

    if not hasattr(os, "getuid") or found.st_uid != os.getuid() or not found.st_mode & 0o077:
        return
    try:
        os.chmod(path, stat.S_IMODE(found.st_mode) & 0o700)
    except OSError:
        pass


def load_config(where: Paths | None = None) -> Config:
    where = where or paths()
    path = where.config_file
    raw = read_settings(path, private=True)
    if raw is None:
        return Config(path=path)
    import tomllib  # only when there is a file to parse: most commands run without one

    try:
        text = raw.decode("utf-8-sig")  # a byte-order mark, as some editors write
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        raise ConfigError(f"{path}: not UTF-8 text: save it as UTF-8 in your editor (line {line})") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"{path}: {toml_problem(text, err)}") from None
    broken: dict[str, str] = {}
    try:
        _check_top_level(data)
        _check_sections(data, broken)
    except _Wrong as wrong:
        raise ConfigError(f"{path}: {wrong.said}{_line_suffix(text, wrong.names)}") from None
    return Config(path=path, data=data, text=text,
                  broken_accounts={name: f"{path}: {wrong.said}{_line_suffix(text, wrong.names)}"
                                   for name, wrong in broken.items()})


class _Wrong(Exception):
    """A setting of config.toml refused: what is said, and the names that lead to it (for its line)."""

    def __init__(self, said: str, *names: str) -> None:
        super().__init__(said)
        self.said, self.names = said, names


# What config.toml holds at its top: two settings, and a table per part (each checks its own).
TOP_SETTINGS = ("database", "timezone")
TOP_TABLES = ("accounts", "composer", "import", "lint", "planner")


def _check_top_level(data: dict) -> None:
    """A top-level setting written under a table (after `[accounts.work]`, TOML puts
    `database = ...` in that account) would be missed without a word, and the data would go to
    the default database: said in one line, as is a top-level name no part reads, a setting of
    the wrong kind or empty (`database = 5`, `database = ""`), a zone that does not exist, and
    a part's name given a value instead of a table (`lint = 5`)."""
    for table, value in data.items():
        if table in TOP_SETTINGS:
            _check_setting(table, value)
            continue
        if table not in TOP_TABLES:
            raise _Wrong(unknown_name("setting or table", table, TOP_SETTINGS + TOP_TABLES), table)
        if not isinstance(value, dict):
            section = f"[{table}.NAME]" if table == "accounts" else f"[{table}]"
            raise _Wrong(f"{table} must be a section of the file ({section} and its settings below it), not "
                         f"{_kind(value, shown=table != 'accounts')}", table)
        for name, inner in _tables_in(table, value):
            # ([planner.calendar] has a timezone of its own: the playbook's fallback zone)
            for key in TOP_SETTINGS if table != "planner" else ("database",):
                if key in inner:
                    raise _Wrong(f"{key} is inside [{name}]: top-level settings go above the first [table] of "
                                 "the file", *name.split("."), key)


_WHAT = {"database": "a database file or URL", "timezone": "an IANA time zone name like 'Europe/Berlin'"}
_EMPTY = {"database": "the default database", "timezone": "your profile's zone"}


def _check_setting(key: str, value) -> None:
    """`database` and `timezone`: a string in quotes that says something (an empty one is never
    taken to mean the default, as --db "" and AFTERVIEW_DB= are not); a zone that exists, and
    no abbreviation (EST), as everywhere a zone is typed."""
    if not isinstance(value, str):
        raise _Wrong(f"{key} must be {_WHAT[key]}, in quotes, not {_kind(value)}", key)
    if not value.strip():
        raise _Wrong(f"{key} is empty: give {_WHAT[key]}, or remove the line for {_EMPTY[key]}", key)
    if "\0" in value or "\n" in value or "\r" in value:
        raise _Wrong(f"{key} contains a line break or a NUL character: give {_WHAT[key]} on one line", key)
    if key == "timezone" and not _area_zone(value):
        from afterview.domain.values import check_typed_timezone  # (its tables: only when needed)

        try:
            check_typed_timezone(value)
        except InvalidInput as err:
            raise _Wrong(f"timezone: {err}", key) from None


def _area_zone(name: str) -> bool:
    """An Area/City zone of the tz database ("Europe/Berlin"): one a user may type, without the
    checks of afterview.domain.values (loaded for the rest: "UTC", "EST", typos)."""
    if "/" not in name or name != name.strip() or name.startswith(("/", ".")) or ".." in name:
        return False
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def unknown_name(what: str, name: str, known) -> str:
    """The one way a name no part reads is said, in every section and by every part:
    "unknown key 'keyword': did you mean 'keywords'? (known: keywords, extra_keywords, ...)"."""
    return f"unknown {what} {name!r}{did_you_mean(name, known)} (known: {', '.join(known)})"


# The settings of each section, by name, with what a value must be: checked as the file is read,
# by every command and the desk, so that a misspelt key (`keyword` for `keywords`) or a value of
# the wrong kind (`[lint] severity = 5`) is refused in one line naming the file, the section,
# the key and its line, however long before the part that reads it runs. What only a part
# knows is checked by that part, again naming the file: the lint codes of [lint] (plugins add
# some), the rules and settings of [planner] (the playbook's), an account's address, preset,
# TLS modes and secret (the mail part's). A check returns what is wrong ("" when nothing), or
# raises _Wrong itself for a value inside the value (`[lint.severity] emoji`).
def _must(fine: bool, what: str, value, *, shown: bool = True) -> str:
    return "" if fine else f"must be {what}, not {_kind(value, shown=shown)}"


def _text(value) -> str:
    if isinstance(value, str) and not value.strip():
        return "is empty: give a value, or remove the line"
    return _must(isinstance(value, str) and value.isprintable(), "text in quotes, on one line", value)


def _string(value) -> str:
    return _must(isinstance(value, str), "text in quotes", value)


def _secret_source(value) -> str:
    # what is written there may be the password itself, typed into the wrong setting: never repeated
    return _must(isinstance(value, str), "text in quotes", value, shown=False)


def _flag(value) -> str:
    return _must(isinstance(value, bool), "true or false", value)


def _positive(value) -> str:
    return _must(_is_number(value) and value > 0, "a positive number", value)


def _count(value) -> str:
    return _must(_is_whole(value) and value > 0, "a positive whole number", value)


def _strings(value) -> str:
    fine = isinstance(value, list) and all(isinstance(item, str) for item in value)
    return _must(fine, 'a list of strings, such as ["a", "b"]', value)


def _table(value) -> str:
    return _must(isinstance(value, dict), "a table", value)


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_whole(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _between(kind: type, low: float, high: float):
    """A [lint] threshold: a number (a whole one for `int`) from `low` to `high`."""
    what = f"{'a whole number' if kind is int else 'a number'} from {low:g} to {high:g}"

    def check(value) -> str:
        fine = (_is_whole(value) if kind is int else _is_number(value)) and low <= value <= high
        return _must(fine, what, value)

    return check


def _port(value) -> str:
    return _must(_is_whole(value) and 0 <= value <= 65535, "a port number, a whole number from 0 to 65535", value)


def _rate(value) -> str:
    return _must(_is_whole(value) and value >= 0, "a whole number, 0 or more (0: no limit)", value)


def _seconds(value) -> str:
    fine = _is_number(value) and 0 < value < float("inf")
    return _must(fine, "a number of seconds greater than 0, such as 30", value)


# [lint]: the thresholds (kind, lowest, highest), the severities and the kinds of message a
# length is given for: the reviewer's own (reviewer.config and reviewer.model take them from
# here), kept here so that every command checks them without loading the reviewer.
LINT_NUMBERS = {
    "near_duplicate": (float, 0.05, 1.0),
    "max_exclamations": (int, 0, 100),
    "hedging_warn_at": (int, 1, 100),
    "negative_tone": (float, -1.0, 1.0),
    "negative_sentence": (float, -1.0, 1.0),
    "subject_max": (int, 10, 500),
    "min_gap_hours": (float, 0.0, 48.0),
    "thank_you_late_hours": (float, 1.0, 24.0 * 30),
    "waking_from": (float, 0.0, 24.0),
    "waking_until": (float, 0.0, 24.0),
}
LINT_SEVERITIES = ("error", "warning", "info")
MESSAGE_KINDS = ("thank_you", "status_check", "closing_the_loop", "rejection_reply", "feedback_request",
                 "keep_warm", "share_news", "linkedin_note", "card", "withdrawal")


def _lint_disable(value) -> str:
    fine = isinstance(value, str) or (isinstance(value, list) and all(isinstance(code, str) for code in value))
    return _must(fine, 'a list of lint codes, such as ["hedging", "cliche"]', value)


def _lint_severity(value) -> str:
    if not isinstance(value, dict):
        return _must(False, 'a table of code = "error", "warning" or "info" (a [lint.severity] section)', value)
    for code, severity in value.items():
        if severity not in LINT_SEVERITIES:
            raise _Wrong(f"[lint.severity] {code} must be one of {', '.join(LINT_SEVERITIES)}, not "
                         f"{_kind(severity)}", "lint", "severity", code)
    return ""


def _lint_length(value) -> str:
    if not isinstance(value, dict):
        return _must(False, "a table of kind = [min, max] in words (a [lint.length] section)", value)
    for kind, bounds in value.items():
        if kind not in MESSAGE_KINDS:
            raise _Wrong(f"[lint.length] {unknown_name('message kind', kind, MESSAGE_KINDS)}", "lint", "length", kind)
        fine = (isinstance(bounds, list) and len(bounds) == 2 and all(_is_whole(b) and b >= 0 for b in bounds)
                and bounds[0] <= bounds[1])
        if not fine:
            shown = repr(bounds) if isinstance(bounds, list) else _kind(bounds)
            raise _Wrong(f"[lint.length] {kind} must be [min, max] in words, min <= max, such as [80, 230], not "
                         f"{shown}", "lint", "length", kind)
    return ""


# waking_from and waking_until when not given: domain.waking's hours (not imported here: importing
# afterview.domain loads the model; a test keeps the two equal)
LINT_WAKING = (7.0, 20.0)


def _lint_hours(table: dict) -> None:
    """The recipient's waking hours: the first before the second, as the reviewer reads them."""
    start, end = table.get("waking_from", LINT_WAKING[0]), table.get("waking_until", LINT_WAKING[1])
    if start >= end:
        said = "waking_from" if "waking_from" in table else "waking_until"
        raise _Wrong(f"[lint] waking_from must be before waking_until, not {start:g} and {end:g}", "lint", said)


# An account: each setting of afterview.delivery.accounts.Account (but its name), and `preset`
# (a test keeps the two the same).
ACCOUNT_KEYS: dict = {
    "preset": _text, "email": _text, "display_name": _string,
    "smtp_host": _string, "smtp_port": _port, "smtp_tls": _string,
    "imap_host": _string, "imap_port": _port, "imap_tls": _string,
    "user": _string, "auth": _string,
    "password_keyring": _flag, "password_env": _secret_source, "password_command": _secret_source,
    "token_command": _secret_source,
    "append_sent": _flag, "rate_per_minute": _rate, "tls_ca_file": _string, "insecure_login": _flag,
    "timeout": _seconds, "sender": _string, "mailbox": _string,
    "drafts_folder": _string, "sent_folder": _string, "read_folders": _strings,
}

# `rewriter` names the rewriter; the others are the built-in "openai" rewriter's. A rewriter a
# plugin adds reads [composer] itself: its own settings are its own to check. "accounts.NAME":
# each [accounts.NAME] section.
SECTION_KEYS: dict[str, dict] = {
    "composer": {"rewriter": _text, "base_url": _text, "model": _text, "api_key_env": _text, "timeout": _positive},
    "import": {"max_file_mb": _positive, "max_rows": _count, "max_events": _count, "calendar": _table},
    "import.calendar": {"keywords": _strings, "extra_keywords": _strings, "domains": _strings, "uids": _strings,
                        "recruiting_services": _flag, "my_addresses": _strings},
    "lint": {"disable": _lint_disable, "severity": _lint_severity, "length": _lint_length,
             **{key: _between(*spec) for key, spec in LINT_NUMBERS.items()}},
    "accounts.NAME": ACCOUNT_KEYS,
}


def _check_sections(data: dict, broken: dict | None = None) -> None:
    """Every key of the sections in SECTION_KEYS is known and of the right kind. With `broken`,
    an [accounts.NAME] section's first mistake goes there (by account name) instead of stopping
    the check: that account alone cannot be used."""
    for name, keys in SECTION_KEYS.items():
        for section, table in _sections(data, name):
            try:
                _check_section(name, section, table, keys)
            except _Wrong as wrong:
                if broken is None or name != "accounts.NAME":
                    raise
                broken[section.partition(".")[2]] = wrong


def _check_section(name: str, section: str, table: dict, keys: dict) -> None:
    plugin_rewriter = name == "composer" and table.get("rewriter", "openai") != "openai"
    for key, value in table.items():
        check = keys.get(key)
        if check is None:
            if plugin_rewriter:
                continue
            raise _Wrong(f"[{section}] {unknown_name('key', key, keys)}", *section.split("."), key)
        problem = check(value)
        if problem:
            raise _Wrong(f"[{section}] {key} {problem}", *section.split("."), key)
    if name == "lint":
        _lint_hours(table)


def _sections(data: dict, name: str) -> list[tuple[str, dict]]:
    """The tables of `data` that `name` stands for ("import.calendar"; "accounts.NAME": each
    account), with the name each is said by."""
    head, _, inner = name.partition(".")
    table = data.get(head, {})
    if not isinstance(table, dict):
        return []  # (said by the check of the top level)
    if not inner:
        return [(head, table)]
    if inner != "NAME":
        inner_table = table.get(inner, {})
        return [(name, inner_table)] if isinstance(inner_table, dict) else []  # (else said by its own key)
    found = []
    for each, value in table.items():
        if not isinstance(value, dict):  # `[accounts]` and `email = ...` under it: no account
            raise _Wrong(f"[{head}] {each} is not an account: each account is a section of its own "
                         f"([{head}.NAME] and its settings below it), not {_kind(value, shown=False)}", head, each)
        found.append((f"{head}.{each}", value))
    return found


def did_you_mean(key: str, known) -> str:
    """": did you mean 'keywords'?" for the known name nearest `key`, "" when none is near: for a
    part's own message about a name it does not know (the playbook's rules, lint codes)."""
    import difflib  # (only for a message)

    close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.75)
    return f": did you mean {close[0]!r}?" if close else ""


def _kind(value, *, shown: bool = True) -> str:
    """What a TOML value is, as said in a message: `a number (5)`, `a list`; without the value
    itself when it may be a secret (`shown=False`)."""
    if isinstance(value, bool):
        said = f"true/false ({'true' if value else 'false'})"
    elif isinstance(value, (int, float)):
        said = f"a number ({value})"
    elif isinstance(value, str):
        said = f"a string ({value!r})"
    elif isinstance(value, list):
        return "a list"
    elif isinstance(value, dict):
        return "a table"
    else:
        said = f"a date or time ({value})"  # TOML's dates and times
    return said if shown else said.split(" (")[0]


def _tables_in(name: str, value) -> list[tuple[str, dict]]:
    """A table and the tables in it (one level: [accounts.work], [import.calendar])."""
    if not isinstance(value, dict):
        return []
    found = [(name, value)]
    found += [(f"{name}.{key}", inner) for key, inner in value.items() if isinstance(inner, dict)]
    return found


# --- where a setting is written, and what a TOML parser's error means -------------------------

_PART = r"""(?:[A-Za-z0-9_-]+|"(?:[^"\\\n]|\\.)*"|'[^'\n]*')"""
_DOTTED = rf"{_PART}(?:[ \t]*\.[ \t]*{_PART})*"
_KEY_LINE = re.compile(rf"[ \t]*({_DOTTED})[ \t]*=")
_HEADER_LINE = re.compile(rf"[ \t]*\[(\[?)[ \t]*({_DOTTED})[ \t]*\]")
_ONE_PART = re.compile(_PART)


def _names(dotted: str) -> tuple[str, ...]:
    """`accounts . "work"` -> ("accounts", "work")."""
    return tuple(part[1:-1] if part[0] in "\"'" else part for part in _ONE_PART.findall(dotted))


def _statements(lines: list[str]) -> list[tuple[int, tuple[str, ...], str]]:
    """(line number, full names, "table" or "key") of each line that opens a table or starts a
    setting. Read line by line, as a person reads the file: good enough to point at a line."""
    found, table = [], ()
    for number, line in enumerate(lines, 1):
        header = _HEADER_LINE.match(line)
        if header:
            table = _names(header.group(2))
            found.append((number, table, "table"))
            continue
        key = _KEY_LINE.match(line)
        if key:
            found.append((number, table + _names(key.group(1)), "key"))
    return found


def _line_of(text: str, names: tuple[str, ...]) -> int | None:
    """The line where the setting or table at `names` is written, else where the nearest table
    holding it is (a value inside an inline table: `severity = { emoji = "fatal" }`)."""
    if not text or not names:
        return None
    statements = _statements(text.split("\n"))
    for length in range(len(names), 0, -1):
        wanted = names[:length]
        for number, found, _ in statements:
            if found == wanted:
                return number
    return None


def _line_suffix(text: str, names: tuple[str, ...]) -> str:
    line = _line_of(text, names)
    return f" (line {line})" if line else ""


_PARSER_AT = re.compile(r"(.*) \(at (?:line (\d+), column (\d+)|end of document)\)", re.DOTALL)


def toml_problem(text: str, err: Exception) -> str:
    """A TOML parser's error in Afterview's words: the section and setting, what is wrong and
    what to write instead, and the line (`[composer] timeout: '1s' is not a value: ... (line 4)`).

    The parser says where it stopped; the setting it was reading starts at the first line after
    the longest start of the file that parses (a list or a string left open stops the parser
    only at the end of the file)."""
    said = str(err)
    found = _PARSER_AT.fullmatch(said)
    problem = found.group(1) if found else said
    lines = text.split("\n")
    last = max((n for n, line in enumerate(lines, 1) if line.strip()), default=1)
    line = int(found.group(2)) if found and found.group(2) else last
    column = int(found.group(3)) if found and found.group(3) else None
    start = _statement_start(lines, line)
    before = _statements(lines[:start])
    names, kind = (before[-1][1], before[-1][2]) if before and before[-1][0] == start else ((), "")
    tables = [found for number, found, what in before if what == "table" and not (kind and number == start)]
    table = tables[-1] if tables else ()
    if kind == "key":
        label = f"[{'.'.join(table)}] {'.'.join(names[len(table):])}" if table else ".".join(names)
    elif kind == "table":
        label = f"[{'.'.join(names)}]"
    else:
        label = f"[{'.'.join(table)}]" if table else ""
    what = _what_the_parser_means(problem, lines[start - 1], lines[line - 1] if line <= len(lines) else "",
                                  column, label, names, kind, lines[:start - 1], start)
    if isinstance(what, _LinesSaid):  # (a setting written twice: both lines said in the sentence)
        return f"{label} {what}"
    where = line if column is not None else start
    return f"{label}: {what} (line {where})" if label else f"{what} (line {where})"


def _statement_start(lines: list[str], line: int) -> int:
    """The line where the statement the parser stopped in begins (see toml_problem)."""
    import tomllib

    for kept in range(line - 1, max(line - 200, 0) - 1, -1):
        try:
            tomllib.loads("\n".join(lines[:kept]))
        except tomllib.TOMLDecodeError:
            continue
        for number in range(kept + 1, line + 1):
            stripped = lines[number - 1].strip()
            if stripped and not stripped.startswith("#"):
                return number
        return line
    return line


def _value_of(line: str) -> str:
    """What is written after the `=` of a setting's line, without a comment after it."""
    value = line.partition("=")[2].strip()
    quote = ""
    for index, char in enumerate(value):
        if quote:
            quote = "" if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char == "#":
            return value[:index].rstrip()
    return value


def _word_at(line: str, column: int | None) -> str:
    if column is None:
        return ""
    return re.split(r"[\s,\]}#]", line[column - 1:], maxsplit=1)[0]


_IN_QUOTES = ("text goes in quotes (\"like this\"); numbers, true and false, dates, lists [...] and tables {...} "
              "are written without")


class _LinesSaid(str):
    """A message that names the lines it is about itself."""


def _what_the_parser_means(problem: str, first: str, line: str, column: int | None, label: str,
                           names: tuple[str, ...], kind: str, earlier: list[str], start: int) -> str:
    """What a TOML parser's `problem` means, said of the setting written on `first` (line
    `start`: its first), the parser having stopped on `line` at `column`; `earlier`: the lines
    before it."""
    value = _value_of(first) if kind == "key" else ""
    at = _word_at(line, column)
    word = at or value
    if problem.startswith(("Cannot overwrite a value", "Cannot declare")):
        seen = [(number, what) for number, found, what in _statements(earlier) if kind and found == names]
        if seen and kind == "table" == seen[0][1]:
            return _LinesSaid(f"is written twice, on lines {seen[0][0]} and {start}: put all its settings "
                              f"under one {label}")
        if seen and kind == seen[0][1]:
            return _LinesSaid(f"is written twice, on lines {seen[0][0]} and {start}: keep one")
        if seen:
            return _LinesSaid(f"is given twice, as a setting on line {seen[0][0]} and as a section on line "
                              f"{start}: keep one")
        whole = [(number, found) for number, found, what in _statements(earlier)
                 if kind and what == "key" and found == names[:len(found)]]
        if whole:
            number, found = whole[-1]
            return (f"{'.'.join(found)} was written whole on line {number} (in braces {{...}}): add this "
                    f"there, or write {'.'.join(found)} as a section of its own ([{'.'.join(found)}])")
        return "is given twice (once as a section or a dotted name a.b = ... above): keep one"
    if problem.startswith("Duplicate inline table key"):
        return f"{problem.split(' key ', 1)[1]} is written twice inside the braces: keep one"
    if problem.startswith(("Cannot mutate immutable namespace", "Cannot redefine namespace")):
        return ("this table was written whole in braces ({...}) or brackets above: add its settings there, or "
                "write it as a section of its own")
    multiline = value.startswith(('"""', "'''"))
    if (problem in ("Unterminated string", "Illegal character '\\n'", "Found invalid character '\\n'")
            or problem.startswith("Expected \"'")):
        quote = value[:3] if multiline else (value[:1] if value[:1] in "\"'" else '"')
        place = "" if multiline else " on the same line"
        return f"the text in quotes is not closed: end it with {quote}{place}"
    if problem.startswith(("Illegal character", "Found invalid character")):
        char = problem.split("character ", 1)[1]
        return (f"a control character ({char}) cannot be in the file: remove it (in text in double quotes, "
                "write \\t for a tab or \\n for a line break)")
    if problem == "Invalid value":
        if not value:
            return "no value after '=': give one (text in quotes, a number, true or false, a list [...])"
        if word.lower() in ("true", "false"):
            return f"write {word.lower()} in small letters, not {word!r}"
        if word.lower() in ("yes", "no", "on", "off"):
            return f"{word!r} is not a value: write true or false"
        if column is not None and not at:
            return f"a value is missing in {value}: give each item of a list, separated by commas"
        return f"{word!r} is not a value: {_IN_QUOTES}"
    if problem.startswith("Expected newline or end of document after a statement"):
        if kind == "table":
            return "after the section's name only a comment (# ...) may follow on its line"
        if value[:1] in "\"'":
            return (f"text follows the closing quote in {value}: put the whole value in the quotes, or start a "
                    "comment with #")
        if re.match(r"\d{4}-\d\d-\d\d", value):
            return f"{value!r} is not a date that exists: write it as YYYY-MM-DD, or put text in quotes"
        if re.fullmatch(r"[+-]?\d+,\d+", value):
            return f"{value!r} is not a number: write a decimal number with a dot ({value.replace(',', '.')})"
        if re.fullmatch(r"[+-]?\d+(\.\d+)?\s*[A-Za-z]+", value):
            return (f"{value!r} is not a value: a number is written alone, without a unit (such as 30); "
                    f"where text is meant, put it in quotes (\"{value}\")")
        return f"{value!r} is not a value: {_IN_QUOTES}"
    if problem == "Expected '=' after a key in a key/value pair":
        return (f"{first.strip()!r} is not a setting: write name = value, the name one word (letters, digits, "
                "_ and -) or in quotes")
    if problem.startswith("Expected ']'"):
        return "the section's name is not closed: write it as [name] on a line of its own"
    if problem in ("Invalid statement", "Invalid initial character for a key part"):
        if kind == "key" and value.startswith("{"):
            return ("a table in braces is written on one line ({ a = 1, b = 2 }): over several lines, make "
                    "it a section of its own ([name] and its settings below it)")
        if first.lstrip().startswith("["):
            return "the section's name is missing or broken: write [name] or [name.part]"
        return (f"{first.strip()!r} is not a setting (name = value), a section ([name]) or a comment "
                "(# ...)")
    if problem == "Unclosed array":
        return ('the list is not closed with ], or its items are not separated by commas: write it as '
                '["a", "b"]')
    if problem == "Unclosed inline table":
        return ("the table in braces is not closed with } on its line, or its settings are not separated "
                "by commas: write it as { a = 1, b = 2 }")
    if problem.startswith("Unescaped") or problem in ("Invalid hex value",
                                                      "Escaped character is not a Unicode scalar value"):
        return ("a backslash in text in double quotes starts an escape (\\n, \\t, \\u00e9): write \\\\ for a "
                "backslash (\"C:\\\\Users\"), or put the text in single quotes ('C:\\Users')")
    if problem == "Invalid date or datetime":
        return f"{word!r} is not a date that exists: write it as YYYY-MM-DD, or put text in quotes"
    return f"not valid TOML: {problem}"


def database_url(option: str | None, config: Config | None = None, where: Paths | None = None) -> str:
    """The database to use, as a SQLAlchemy URL."""
    where = where or paths()
    value = option
    # `--db ""` or AFTERVIEW_DB="" (an empty variable in a script): never the default database
    if value is not None and not value.strip():
        raise InvalidInput("--db is empty: give a database file or URL, or leave --db out for the default database")
    if value is None and os.environ.get("AFTERVIEW_DB") is not None and not os.environ["AFTERVIEW_DB"].strip():
        raise InvalidInput("AFTERVIEW_DB is set but empty: give a database file or URL, or unset it for the "
                           "default database")
    if not value and config is not None:
        value = config.data.get("database")
    if not value:
        return "sqlite:///" + str(where.default_db)
    if "://" in value:
        return value
    return "sqlite:///" + str(Path(value).expanduser().resolve())


# A URL's query may carry a password too (libpq's keywords: ?password=..., ?sslpassword=...).
_QUERY_SECRET = re.compile(r"((?:^|&)[^=&]*password=)[^&]*", re.IGNORECASE)


def hide_password(url: str) -> str:
    """A database URL as it may be shown: its password (if any) as ***, in the user part and in
    the query (`?password=...`). The password is the text after the user's ":" up to the "@"
    before the host: the last "@" before the query (a password with an "@" of its own is refused
    when the URL is opened, but never shown), else the first "@", as SQLAlchemy reads a password
    holding "/" or "?" ("u:ab/c?d@host"): hidden whole, not taken for the path or the query."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        return url
    user = re.match(r"[^:/]*", rest).end()
    shown = ""
    if rest[user:user + 1] == ":":
        head = rest.partition("?")[0]
        at = head.rfind("@") if "@" in head[user:] else rest.find("@", user)
        if at > 0:
            shown = rest[:user] + ":***@"
            rest = rest[at + 1:]
    address, question, query = rest.partition("?")
    query = _QUERY_SECRET.sub(r"\1***", query)
    return f"{scheme}://{shown}{address}{question}{query}"


def set_account_setting(path: Path, account: str, key: str, value: str | None) -> None:
    """Set one setting of `[accounts.ACCOUNT]` in config.toml (`value` None: take it out): see
    `set_account_settings`."""
    set_account_settings(path, account, {key: value})


def set_account_settings(path: Path, account: str, changes: dict) -> None:
    """Set settings of `[accounts.ACCOUNT]` in config.toml at once (a value None: take it out), in
    place, keeping the rest of the file and its comments; written whole or not at all.

    A setting is changed where it is written (over all its lines, an array written over several
    included) or added after the section's last setting; a section written otherwise (inline,
    with dotted keys) is refused in one line (ConfigError) rather than rewritten, and the file is
    checked to say exactly what it said before, these settings aside."""
    import tomllib

    import tomli_w

    from afterview.errors import NotFound
    from afterview.files import write_whole

    raw = read_settings(path, private=True)
    try:
        text = raw.decode("utf-8-sig") if raw is not None else ""
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text: save it as UTF-8 in your editor") from None
    try:
        before = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"{path}: {toml_problem(text, err)}") from None
    if account not in (before.get("accounts") or {}):
        raise NotFound(f"no account named {account!r} in {path} (afterview account list shows them)")
    name = rf"(?:\"{re.escape(account)}\"|'{re.escape(account)}'|{re.escape(account)})"
    header = re.compile(rf"^\s*\[\s*accounts\s*\.\s*{name}\s*\]\s*(?:#.*)?$")
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if header.match(line)), None)
    if start is None:
        raise ConfigError(f"{path}: [accounts.{account}] is not written as a table of its own: change it there by hand")
    if not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    for key, value in changes.items():
        end = next((i for i in range(start + 1, len(lines)) if lines[i].lstrip().startswith("[")), len(lines))
        setting = re.compile(rf"^\s*(?:\"{re.escape(key)}\"|'{re.escape(key)}'|{re.escape(key)})\s*=")
        at = next((i for i in range(start + 1, end) if setting.match(lines[i])), None)
        new = [tomli_w.dumps({key: list(value) if isinstance(value, tuple) else value})] if value is not None else []
        if at is not None:
            lines[at:_statement_end(lines, at, end)] = new
        else:
            last = max((i for i in range(start, end) if lines[i].strip() and not lines[i].lstrip().startswith("#")),
                       default=start)
            lines[last + 1:last + 1] = new
    changed = "".join(lines)
    kept = {k: v for k, v in {**before["accounts"][account], **changes}.items() if v is not None}
    expected = {**before, "accounts": {**before["accounts"], account: {
        k: list(v) if isinstance(v, tuple) else v for k, v in kept.items()}}}
    try:
        written = tomllib.loads(changed)
    except tomllib.TOMLDecodeError:
        written = None
    if written != expected:
        raise ConfigError(f"{path}: [accounts.{account}] could not be changed in place (a setting written twice, or "
                          "with dotted keys): change it there by hand")
    write_whole(path, changed, error=ConfigError)


def _statement_end(lines: list[str], at: int, end: int) -> int:
    """The line after the setting that starts at line `at` (an array or a string may go on over
    several lines): the first end at which it reads as a whole; just its own line otherwise."""
    import tomllib

    for stop in range(at + 1, end + 1):
        try:
            tomllib.loads("".join(lines[at:stop]))
        except tomllib.TOMLDecodeError:
            continue
        return stop
    return at + 1
