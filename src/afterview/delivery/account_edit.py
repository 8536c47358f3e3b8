"""Changing a mail account in place: its `[accounts.NAME]` section of config.toml gets the
settings that changed (the rest of the file, its comments included, kept as it is), and a new
password goes to the keyring, all or nothing.

A setting left as it is stays as it is written: one the section does not give (a preset's
server, the usual port of a TLS mode) is not written, so it keeps following its preset or mode.
A setting changed to what the section would give without it (a preset's own value, an empty
folder, an account's own name taken out) is taken out, and written otherwise. The checks are
those of `accounts.from_section` and `account add` (an unencrypted login to another computer,
a secret pasted as a command, a provider that takes no password), made before anything is written.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from afterview.config import set_account_settings
from afterview.delivery import accounts as acc
from afterview.errors import ConfigError, InvalidInput, NotFound

# What an edit changes, in the order the checks and the writing take them: a TLS mode before its
# port, whose usual value follows the mode.
EDITABLE = ("email", "display_name", "smtp_host", "smtp_tls", "smtp_port", "imap_host", "imap_tls", "imap_port",
            "user", "insecure_login", "tls_ca_file", "drafts_folder", "sent_folder", "read_folders", "append_sent",
            "rate_per_minute")
PORTS = ("smtp_port", "imap_port")
# Where the secret comes from: the setting each source fills in (keyring: password_keyring = true).
SOURCES = {"keyring": "password_keyring", "env": "password_env", "command": "password_command",
           "token": "token_command"}


class EditRefused(InvalidInput):
    """An edit refused, in one line; `key`: the setting it is about ("" for the account as a whole)."""

    def __init__(self, message: str, key: str = "") -> None:
        super().__init__(message)
        self.key = key


@dataclass(frozen=True)
class Secret:
    """Where the account's secret comes from after the edit: `source` (a key of SOURCES); `value`,
    the variable's name or the command (None: the command it has now); `password`, a new
    password for the keyring (None: the one it has now)."""

    source: str
    value: str | None = None
    password: str | None = None


@dataclass(frozen=True)
class Edited:
    """What `edit_account` did: `changed`, the settings written or taken out (in EDITABLE order,
    then the secret's: "password" for a new password in the keyring); `notes`, what to tell the
    user (as `account add` tells it, and what became of a password left in the keyring)."""

    changed: tuple[str, ...]
    notes: tuple[str, ...]


def source_of(section: dict) -> str:
    """Where the section's secret comes from: a key of SOURCES, or "" for none."""
    return next((source for source, key in SOURCES.items() if section.get(key)), "")


def read_section(path: Path, name: str) -> dict:
    """The account's section of config.toml as written; NotFound when there is none."""
    section = _accounts(_text(path), path).get(name)
    if not isinstance(section, dict):
        raise NotFound(f"no account named {name!r} in {path} (afterview account list shows them)")
    return section


def edit_account(path: Path, name: str, wanted: dict, *, secret: Secret | None = None,
                 ask: Callable[[], str] | None = None) -> Edited:
    """Change the account `name` in config.toml: `wanted`, the settings as they should be (keys of
    EDITABLE; a port None: the usual one of its TLS mode, or its preset's); `secret`, where its
    password comes from (None: as it is). Checked whole before anything is written (EditRefused
    in one line naming the setting); a new password is put in the keyring and taken back when the
    file cannot be written; a password left in the keyring by a change of source is deleted.

    `ask`, with a keyring secret: asks for the new password (a terminal's hidden prompt) once
    everything else is checked and the keyring is known to be usable, so that a typo is said
    before a password is typed for nothing."""
    section = read_section(path, name)
    try:
        current = acc.from_section(name, section, str(path))
    except (ConfigError, TypeError, ValueError):  # written wrong: the edit may be what puts it right
        current = None
    new = dict(section)
    for key in EDITABLE:
        if key in wanted:
            value = acc.clean_host(wanted[key]) if key in acc.HOST_KEYS else wanted[key]
            _apply(name, new, key, value, current)
    was = source_of(section)
    asking = ask is not None and secret is not None and secret.source == "keyring" and secret.password is None
    if secret is not None:
        _apply_secret(new, replace(secret, password="(asked for later)") if asking else secret, was)
    try:
        _checked(name, new, path)
    except EditRefused as err:
        if current is not None or err.key in wanted or (err.key and section.get(err.key) != new.get(err.key)):
            raise
        # wrong as it was written, and left as it is by this edit: said as the file's
        then = ("correct that line in the file (an edit changes settings, not a name no setting has)"
                if "unknown key" in str(err) else "change it too")
        raise EditRefused(f"{path}: [accounts.{name}] {err}: it is wrong as written in the file, and this edit "
                          f"leaves it as it is: {then}", "") from None
    changes = {key: new.get(key) for key in dict.fromkeys([*section, *new]) if section.get(key) != new.get(key)}
    password = secret.password if secret is not None and secret.source == "keyring" else None
    if asking:
        if not acc.keyring_usable():
            raise ConfigError(acc._NO_KEYRING)
        password = ask()
        if not password or any(ch in password for ch in "\r\n"):
            raise EditRefused("the password is empty or has a line break", "password")
    if not changes and password is None:
        return Edited((), ())
    restore = _keep_password(name, password, was) if password is not None else None
    try:
        set_account_settings(path, name, changes)
    except BaseException:  # any failure, Ctrl-C included: the keyring as it was, then raised on
        if restore is not None:
            restore()
        raise
    notes = list(acc.account_notes(name, new))
    if was == "keyring" and source_of(new) != "keyring":
        notes.append(_forgotten(name))
    order = [*EDITABLE, "auth", *SOURCES.values()]
    changed = sorted(changes, key=lambda key: order.index(key) if key in order else len(order))
    changed += ["password"] if password is not None else []
    return Edited(tuple(changed), tuple(notes))


def _apply(name: str, new: dict, key: str, value, current: acc.Account | None) -> None:
    """Set `key` in the section `new` to `value` unless it is what it is now; taken out when the
    section gives that value without it (its preset's, the default)."""
    if isinstance(value, list):
        value = tuple(value)
    if key in PORTS:
        if value is None:  # the usual port: none written
            new.pop(key, None)
        elif value != new.get(key):
            new[key] = value
        return
    if current is not None and value == getattr(current, key):
        return
    without = {k: v for k, v in new.items() if k != key}
    try:
        given = getattr(acc.from_section(name, without), key)
    except (ConfigError, TypeError):
        given = object()  # (the section does not stand without it: written)
    if given == value:
        new.pop(key, None)
    else:
        new[key] = list(value) if isinstance(value, tuple) else value


def _apply_secret(new: dict, secret: Secret, was: str) -> None:
    """Where the secret comes from, in the section `new`: the source's setting, the others out,
    and `auth` as the secret says it (as `account add` writes it)."""
    if secret.source not in SOURCES:
        raise EditRefused("choose where the password comes from", "secret")
    key = SOURCES[secret.source]
    value = secret.value
    if secret.source == "keyring":
        if was != "keyring" and secret.password is None:
            raise EditRefused("type the password (or app password) to keep in the keyring", "password")
        value = True
    elif secret.source == "env":
        if not value:
            raise EditRefused("say which environment variable holds the password", key)
        if not acc.is_env_name(value):
            raise EditRefused(acc.env_name_problem(value), key)
    elif value is None or value == new.get(key):
        if was != secret.source:
            raise EditRefused("give the command that prints the password" if secret.source == "command"
                              else "give the command that prints an access token", key)
        value = new[key]
    else:
        problem = acc.command_problem(key, value)
        if problem:
            raise EditRefused(problem, key)
    if secret.password is not None and (not secret.password or any(ch in secret.password for ch in "\r\n")):
        raise EditRefused("the password is empty or has a line break", "password")
    if secret.source != was:
        new.pop("auth", None)  # the sign-in follows the secret, as when an account is added
    for other in SOURCES.values():
        new.pop(other, None)
    new[key] = value
    preset = new.get("preset")
    auth = acc.choose_auth(new, preset)
    if "auth" not in new and auth != acc.choose_auth({}, preset):
        new["auth"] = auth
    if preset in acc.ONLY_TOKEN and auth != "xoauth2":
        raise EditRefused(acc.ONLY_TOKEN[preset], "secret")


def _checked(name: str, new: dict, path: Path) -> acc.Account:
    """The account the section `new` makes, checked as `account add` checks one: EditRefused."""
    prefix = f"{path}: [accounts.{name}] "
    try:
        account = acc.from_section(name, new, str(path))
    except ConfigError as err:
        said = str(err).removeprefix(prefix)
        key = next((k for k in (*EDITABLE, *SOURCES.values()) if said.startswith(k)), "")
        raise EditRefused(said, key) from None
    except TypeError:  # a value of the wrong kind (a script's form): said without a traceback
        raise EditRefused("a setting has a value of the wrong kind") from None
    if account.sender == "smtp" and not account.smtp_host:
        raise EditRefused("give the SMTP server", "smtp_host")
    for protocol in ("smtp", "imap"):
        refused = acc.plaintext_login(account, protocol)
        if refused:
            raise EditRefused(refused, f"{protocol}_tls")
    ca_file = new.get("tls_ca_file")
    if ca_file and not Path(str(ca_file)).expanduser().is_file():
        raise EditRefused(f"tls_ca_file: no such file: {ca_file}", "tls_ca_file")
    return account


def _keep_password(name: str, password: str, was: str):
    """Put `password` in the keyring for the account; returns how to put back what was there."""
    if not acc.keyring_usable():  # said before anything is written
        raise ConfigError(acc._NO_KEYRING)
    old = acc._keyring_call("get_password", name) if was == "keyring" else None
    acc._keyring_call("set_password", name, password)

    def restore() -> None:
        try:
            if old is not None:
                acc._keyring_call("set_password", name, old)
            else:
                acc.forget_password(name)
        except ConfigError:
            pass  # (the keyring's own trouble: the file's is the one to say)

    return restore


def _forgotten(name: str) -> str:
    """What became of the password the account kept in the keyring before its source changed."""
    delete = f"keyring del {acc.KEYRING_SERVICE} {name}"
    try:
        forgot = acc.forget_password(name)
    except acc.KeyringFailed as err:
        return f"its old password could not be deleted from the keyring ({err.reason}): delete it with: {delete}"
    except ConfigError as err:
        return f"its old password could not be deleted from the keyring ({err}): delete it with: {delete}"
    return "its old password was deleted from the keyring" if forgot else "the keyring held no password for it"


# --- what is typed ------------------------------------------------------------------------------
# A value typed for a setting (the desk's edit form, `afterview account edit`), checked in the
# words the desk says it in, before `edit_account` is asked: EditRefused naming the setting.

def typed_line(key: str, typed: str, most: int) -> str:
    """A one-line setting as typed (a server, a login): refused with a line break or another
    control character in it, or longer than `most`."""
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in typed):
        raise EditRefused("must be one line of text, without control characters", key)
    if len(typed) > most:
        raise EditRefused(f"is {len(typed):,} characters long: at most {most} are allowed", key)
    return typed.strip()


def typed_port(key: str, typed: str) -> int | None:
    """A port as typed: a number from 1 to 65535, or None for the usual one (nothing typed)."""
    from afterview.domain.values import plain_digits, shown

    typed = typed.strip()
    if typed and (not plain_digits(typed) or len(typed) > 5 or not 0 < int(typed) <= 65535):
        raise EditRefused(f"give a number from 1 to 65535, or leave it empty for the usual port, not {shown(typed)}",
                          key)
    return int(typed) if typed else None


def typed_tls(key: str, typed: str) -> str:
    """A TLS mode as typed: one of accounts.TLS_MODES."""
    if typed not in acc.TLS_MODES:
        raise EditRefused(f"choose one of {', '.join(acc.TLS_MODES)}", key)
    return typed


def typed_email(typed: str) -> str:
    """The address you send from, as typed: checked and trimmed (`parse_email`)."""
    from afterview.domain.values import parse_email

    typed = typed.strip()
    if not typed:
        raise EditRefused("give the address you send from", "email")
    try:
        return parse_email(typed)
    except InvalidInput as err:
        raise EditRefused(str(err), "email") from None


def typed_folder(key: str, typed: str) -> str:
    """A Drafts or Sent folder's name as typed ("": found as the server marks or names it)."""
    typed = typed.strip()
    problem = acc.folder_problem(key, typed) if typed else ""
    if problem:
        raise EditRefused(f"give {problem}", key)
    return typed


def typed_read_folders(names, listed: str = "folder names, one a line") -> tuple[str, ...]:
    """The folders besides the INBOX replies are read from, as typed (blank ones left out);
    `listed`: how the form or command takes several."""
    names = [name.strip() for name in names if name.strip()]
    problem = acc.read_folders_problem(names)
    if problem:
        raise EditRefused(f"give {problem.replace('a list of folder names', listed)}", "read_folders")
    return tuple(names)


def typed_ca_file(typed: str, base: Path | None = None) -> str:
    """The certificate authority file as config.toml keeps it: an absolute path (mail is sent
    later, from any folder), to a certificate file (PEM) that is there; "" for the system's CAs.
    `base`: the folder a relative path is read from (the terminal's; the desk has none a user sees)."""
    import ssl

    typed = typed.strip()
    if not typed:
        return ""
    shown = typed if len(typed) <= 200 else typed[:200] + "…"
    path = Path(typed).expanduser()
    if not path.is_absolute():
        if base is None:
            raise EditRefused(f"give the file's full path (such as /home/you/ca.pem), not {shown!r}", "tls_ca_file")
        path = base / path
    try:
        folder, there = path.is_dir(), path.is_file()
    except (OSError, ValueError) as err:  # (a name too long for the system, say)
        raise EditRefused(f"{shown} cannot be read: {getattr(err, 'strerror', None) or err}", "tls_ca_file") from None
    if folder:
        raise EditRefused(f"{shown} is a folder, not a certificate file (PEM)", "tls_ca_file")
    if not there:
        raise EditRefused(f"no such file: {shown}", "tls_ca_file")
    try:  # read as the mail is sent: one that is no certificate fails here, not later
        ssl.create_default_context(cafile=str(path))
    except ssl.SSLError:
        raise EditRefused(f"{shown} is not a certificate file (PEM)", "tls_ca_file") from None
    except OSError as err:
        raise EditRefused(f"{shown} cannot be read: {err.strerror or err}", "tls_ca_file") from None
    return str(path.absolute())


# What a line after saving calls each setting changed (`Edited.changed`).
CHANGED_WORDS = {"email": "the address", "display_name": "the name recipients see", "smtp_host": "the SMTP server",
                 "smtp_port": "the SMTP port", "smtp_tls": "the SMTP security", "imap_host": "the IMAP server",
                 "imap_port": "the IMAP port", "imap_tls": "the IMAP security", "user": "the login",
                 "insecure_login": "the login without TLS", "tls_ca_file": "the certificate authority file",
                 "drafts_folder": "the Drafts folder", "sent_folder": "the Sent folder",
                 "read_folders": "the other folders read", "append_sent": "the copies in Sent",
                 **{key: "where the password comes from" for key in ("auth", *SOURCES.values())},
                 "password": "the password (in the keyring)"}


def changed_words(changed) -> str:
    """The settings an edit changed, in words: "the SMTP server, the SMTP port and the login"."""
    said = list(dict.fromkeys(CHANGED_WORDS.get(key, key.replace("_", " ")) for key in changed))
    return said[0] if len(said) == 1 else f"{', '.join(said[:-1])} and {said[-1]}"


# --- writing config.toml ------------------------------------------------------------------------

def _text(path: Path) -> str:
    from afterview.config import read_settings

    raw = read_settings(path, private=True)
    try:
        return raw.decode("utf-8-sig") if raw is not None else ""
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text: save it as UTF-8 in your editor") from None


def _parse(text: str, path: Path) -> dict:
    from afterview.config import toml_problem

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"{path}: {toml_problem(text, err)}") from None


def _accounts(text: str, path: Path) -> dict:
    found = _parse(text, path).get("accounts") or {}
    return found if isinstance(found, dict) else {}
