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
    """The parsed config file; each part reads its own section."""

    path: Path
    data: dict = field(default_factory=dict)

    def section(self, name: str) -> dict:
        value = self.data.get(name, {})
        if not isinstance(value, dict):
            raise ConfigError(f"{self.path}: [{name}] must be a table")
        return value


def read_settings(path: Path, *, private: bool = False) -> bytes | None:
    """The bytes of a settings file (config.toml, playbook.toml), None when there is none; one
    line naming the file when it cannot be read. A folder of that name is refused, never taken
    for no file (playbook.toml made a folder by mistake once left the defaults in effect while
    `playbook check` said OK); so is a pipe or a device, which would be read for ever.
    `private` (config.toml: the accounts, where a password is kept): the file is made yours
    alone (see `keep_private`)."""
    import stat

    try:
        found = path.stat()
    except FileNotFoundError:
        return None
    except OSError as err:
        raise ConfigError(f"{path}: cannot read: {err.strerror}") from None
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
        raise ConfigError(f"{path}: cannot read: {err.strerror}") from None


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
        data = tomllib.loads(raw.decode("utf-8-sig"))  # a byte-order mark, as some editors write
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"{path}: {err}") from None
    _check_top_level(path, data)
    _check_sections(path, data)
    return Config(path=path, data=data)


# What config.toml holds at its top: two settings, and a table per part (each checks its own).
TOP_SETTINGS = ("database", "timezone")
TOP_TABLES = ("accounts", "composer", "import", "lint", "planner")


def _check_top_level(path: Path, data: dict) -> None:
    """A top-level setting written under a table (after `[accounts.work]`, TOML puts
    `database = ...` in that account) would be missed without a word, and the data would go to
    the default database: said in one line, as is a top-level name no part reads, a setting of
    the wrong kind or empty (`database = 5`, `database = ""`), a zone that does not exist, and
    a part's name given a value instead of a table (`lint = 5`)."""
    for table, value in data.items():
        if table in TOP_SETTINGS:
            _check_setting(path, table, value)
            continue
        if table not in TOP_TABLES:
            raise ConfigError(f"{path}: unknown setting or table {table!r} (known: "
                              f"{', '.join(TOP_SETTINGS + TOP_TABLES)})")
        if not isinstance(value, dict):
            section = f"[{table}.NAME]" if table == "accounts" else f"[{table}]"
            raise ConfigError(f"{path}: {table} must be a section of the file ({section} and its settings below "
                              f"it), not {_kind(value)}")
        for name, inner in _tables_in(table, value):
            # ([planner.calendar] has a timezone of its own: the playbook's fallback zone)
            for key in TOP_SETTINGS if table != "planner" else ("database",):
                if key in inner:
                    raise ConfigError(f"{path}: {key} is inside [{name}]: top-level settings go above the "
                                      "first [table] of the file")


_WHAT = {"database": "a database file or URL", "timezone": "an IANA time zone name like 'Europe/Berlin'"}
_EMPTY = {"database": "the default database", "timezone": "your profile's zone"}


def _check_setting(path: Path, key: str, value) -> None:
    """`database` and `timezone`: a string in quotes that says something (an empty one is never
    taken to mean the default, as --db "" and AFTERVIEW_DB= are not); a zone that exists, and
    no abbreviation (EST), as everywhere a zone is typed."""
    if not isinstance(value, str):
        raise ConfigError(f"{path}: {key} must be {_WHAT[key]}, in quotes, not {_kind(value)}")
    if not value.strip():
        raise ConfigError(f"{path}: {key} is empty: give {_WHAT[key]}, or remove the line for {_EMPTY[key]}")
    if "\0" in value or "\n" in value or "\r" in value:
        raise ConfigError(f"{path}: {key} contains a line break or a NUL character: give {_WHAT[key]} on one line")
    if key == "timezone" and not _area_zone(value):
        from afterview.domain.values import check_typed_timezone  # (its tables: only when needed)

        try:
            check_typed_timezone(value)
        except InvalidInput as err:
            raise ConfigError(f"{path}: timezone: {err}") from None


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


# The settings of each section, by name, with what a value must be ("" when it is fine):
# checked as the file is read, by every command and the desk, so that a misspelt key
# (`keyword` for `keywords`) is refused in one line naming the file, the section and the key,
# however long before the part that reads it runs. What only a part knows is checked by that
# part, again naming the file: the lint codes of [lint], the rules and settings of [planner]
# (the playbook's), an account's settings ([accounts.NAME], the mail part's).
def _any(value) -> str:
    return ""  # checked by the part that reads it


def _must(fine: bool, what: str, value) -> str:
    return "" if fine else f"must be {what}, not {_kind(value)}"


def _text(value) -> str:
    if isinstance(value, str) and not value.strip():
        return "is empty: give a value, or remove the line"
    return _must(isinstance(value, str) and value.isprintable(), "text in quotes, on one line", value)


def _flag(value) -> str:
    return _must(isinstance(value, bool), "true or false", value)


def _positive(value) -> str:
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    return _must(number and value > 0, "a positive number", value)


def _count(value) -> str:
    whole = isinstance(value, int) and not isinstance(value, bool)
    return _must(whole and value > 0, "a positive whole number", value)


def _strings(value) -> str:
    fine = isinstance(value, list) and all(isinstance(item, str) for item in value)
    return _must(fine, 'a list of strings, such as ["a", "b"]', value)


def _table(value) -> str:
    return _must(isinstance(value, dict), "a table", value)


# `rewriter` names the rewriter; the others are the built-in "openai" rewriter's. A rewriter a
# plugin adds reads [composer] itself: its own settings are its own to check.
SECTION_KEYS: dict[str, dict] = {
    "composer": {"rewriter": _text, "base_url": _text, "model": _text, "api_key_env": _text, "timeout": _positive},
    "import": {"max_file_mb": _positive, "max_rows": _count, "max_events": _count, "calendar": _table},
    "import.calendar": {"keywords": _strings, "extra_keywords": _strings, "domains": _strings, "uids": _strings,
                        "recruiting_services": _flag, "my_addresses": _strings},
    # (the values: afterview.reviewer.config, with their ranges and the lint codes)
    "lint": dict.fromkeys(("disable", "severity", "length", "near_duplicate", "max_exclamations",
                           "hedging_warn_at", "negative_tone", "negative_sentence", "subject_max",
                           "min_gap_hours", "thank_you_late_hours", "waking_from", "waking_until"), _any),
}


def _check_sections(path: Path, data: dict) -> None:
    """Every key of the sections in SECTION_KEYS is known and of the right kind."""
    for name, keys in SECTION_KEYS.items():
        head, _, inner = name.partition(".")
        table = data.get(head, {})
        if inner:
            table = table.get(inner, {}) if isinstance(table, dict) else {}
        if not isinstance(table, dict):
            continue  # (said by the check of the table above it)
        plugin_rewriter = name == "composer" and table.get("rewriter", "openai") != "openai"
        for key, value in table.items():
            check = keys.get(key)
            if check is None:
                if plugin_rewriter:
                    continue
                raise ConfigError(f"{path}: [{name}] unknown key {key!r}{_did_you_mean(key, keys)} "
                                  f"(known: {', '.join(keys)})")
            problem = check(value)
            if problem:
                raise ConfigError(f"{path}: [{name}] {key} {problem}")


def _did_you_mean(key: str, known) -> str:
    import difflib  # (only for a message)

    close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.75)
    return f": did you mean {close[0]!r}?" if close else ""


def _kind(value) -> str:
    """What a TOML value is, as said in a message: `a number (5)`, `a list`."""
    if isinstance(value, bool):
        return f"true/false ({'true' if value else 'false'})"
    if isinstance(value, (int, float)):
        return f"a number ({value})"
    if isinstance(value, str):
        return f"a string ({value!r})"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return f"a date or time ({value})"  # TOML's dates and times


def _tables_in(name: str, value) -> list[tuple[str, dict]]:
    """A table and the tables in it (one level: [accounts.work], [import.calendar])."""
    if not isinstance(value, dict):
        return []
    found = [(name, value)]
    found += [(f"{name}.{key}", inner) for key, inner in value.items() if isinstance(inner, dict)]
    return found


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
    """Set one setting of `[accounts.ACCOUNT]` in config.toml (`value` None: take it out), in place,
    keeping the rest of the file and its comments; written whole or not at all.

    Only a setting written on a line of its own in that section's table is changed (or a new line
    added after its header): a section written otherwise (inline, with dotted keys) is refused in
    one line (ConfigError) rather than rewritten, and the file is checked to say exactly what it
    said before, that setting aside."""
    import tomllib

    import tomli_w

    from afterview.errors import NotFound
    from afterview.files import write_whole

    raw = read_settings(path, private=True)
    text = raw.decode("utf-8-sig") if raw is not None else ""
    try:
        before = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"{path}: {err}") from None
    if account not in (before.get("accounts") or {}):
        raise NotFound(f"no account named {account!r} in {path} (afterview account list shows them)")
    name = rf"(?:\"{re.escape(account)}\"|'{re.escape(account)}'|{re.escape(account)})"
    header = re.compile(rf"^\s*\[\s*accounts\s*\.\s*{name}\s*\]\s*(?:#.*)?$")
    setting = re.compile(rf"^\s*(?:\"{re.escape(key)}\"|'{re.escape(key)}'|{re.escape(key)})\s*=")
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if header.match(line)), None)
    if start is None:
        raise ConfigError(f"{path}: [accounts.{account}] is not written as a table of its own: change {key} there "
                          "by hand")
    end = next((i for i in range(start + 1, len(lines)) if lines[i].lstrip().startswith("[")), len(lines))
    at = next((i for i in range(start + 1, end) if setting.match(lines[i])), None)
    new = [tomli_w.dumps({key: value})] if value is not None else []
    if at is not None:
        lines[at:at + 1] = new
    else:
        if not lines[start].endswith("\n"):
            lines[start] += "\n"
        lines[start + 1:start + 1] = new
    changed = "".join(lines)
    expected = {**before, "accounts": {**before["accounts"], account: {
        k: v for k, v in {**before["accounts"][account], key: value}.items() if v is not None}}}
    try:
        written = tomllib.loads(changed)
    except tomllib.TOMLDecodeError:
        written = None
    if written != expected:
        raise ConfigError(f"{path}: {key} of [accounts.{account}] could not be changed in place (written over several "
                          "lines, or twice): change it there by hand")
    write_whole(path, changed, error=ConfigError)
