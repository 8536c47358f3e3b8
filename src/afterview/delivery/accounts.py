"""Mail accounts: `[accounts.NAME]` in config.toml, provider presets, and where secrets come from.

A password (or an OAuth2 access token) is never stored by Afterview: the account names its
source, the OS keyring (service "afterview", user = account name), an environment variable, or
a command whose first line of output is the secret (like msmtp's passwordeval). Secrets are
read when a connection is opened and never logged or written anywhere.
"""

from __future__ import annotations

import ipaddress
import os
import re
import shlex
import shutil
import subprocess
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from pathlib import Path

from afterview.domain.values import parse_email, shown
from afterview.errors import ConfigError, InvalidInput, NotFound

KEYRING_SERVICE = "afterview"
TLS_MODES = ("implicit", "starttls", "none")
AUTH_MODES = ("password", "xoauth2")

# The port each TLS mode uses when the account gives none: implicit TLS and STARTTLS as RFC 8314
# gives them for submission (465, 587) and IMAP (993, 143); without TLS, the same ports as
# STARTTLS (587 is the submission port with or without it, RFC 6409; 143 is IMAP's).
DEFAULT_PORTS = {"smtp": {"implicit": 465, "starttls": 587, "none": 587},
                 "imap": {"implicit": 993, "starttls": 143, "none": 143}}

PRESETS: dict[str, dict] = {
    # Gmail: an app password (two-step verification on) or OAuth2; Gmail files sent mail itself.
    "gmail": dict(smtp_host="smtp.gmail.com", smtp_port=465, smtp_tls="implicit",
                  imap_host="imap.gmail.com", imap_port=993, imap_tls="implicit", append_sent=False),
    # Outlook.com (personal): no password login any more (ONLY_TOKEN below); OAuth2 with a token command.
    "outlook": dict(smtp_host="smtp-mail.outlook.com", smtp_port=587, smtp_tls="starttls",
                    imap_host="outlook.office365.com", imap_port=993, imap_tls="implicit",
                    auth="xoauth2", append_sent=False),
    # Microsoft 365 (work or school): OAuth2, or a password where the organisation still allows it.
    "microsoft365": dict(smtp_host="smtp.office365.com", smtp_port=587, smtp_tls="starttls",
                         imap_host="outlook.office365.com", imap_port=993, imap_tls="implicit",
                         auth="xoauth2", append_sent=False),
    # Fastmail: an app password; SMTP submissions are not filed in Sent, so we append the copy.
    "fastmail": dict(smtp_host="smtp.fastmail.com", smtp_port=465, smtp_tls="implicit",
                     imap_host="imap.fastmail.com", imap_port=993, imap_tls="implicit", append_sent=True),
    # iCloud Mail: an app-specific password from appleid.apple.com.
    "icloud": dict(smtp_host="smtp.mail.me.com", smtp_port=587, smtp_tls="starttls",
                   imap_host="imap.mail.me.com", imap_port=993, imap_tls="implicit", append_sent=True),
    # Proton Mail Bridge on this computer: STARTTLS with Bridge's own certificate (tls_ca_file),
    # Bridge's own password; Bridge files sent mail in Sent itself.
    "proton-bridge": dict(smtp_host="127.0.0.1", smtp_port=1025, smtp_tls="starttls",
                          imap_host="127.0.0.1", imap_port=1143, imap_tls="starttls", append_sent=False),
}

# Presets whose provider takes no password at all: why, as an account added with one is refused.
ONLY_TOKEN = {
    "outlook": ("Outlook.com no longer accepts a password for IMAP and SMTP: sign in with OAuth2, through a "
                "command that prints an access token (token_command, afterview account add --token-command CMD); "
                "for a Microsoft 365 work or school account, choose the preset microsoft365"),
}

PASSWORD_SOURCES = ("password_keyring", "password_env", "password_command")

_NAME = re.compile(r"^[A-Za-z0-9_-]{1,40}$")
_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")  # a POSIX shell's variable names
_BEARER_TOKEN = re.compile(r"[A-Za-z0-9._~+/-]+=*")  # RFC 6750 b64token: all an access token can be


@dataclass(slots=True)
class Account:
    """One sending identity: who it is, its two servers, and where its secret comes from."""

    name: str
    email: str
    display_name: str = ""
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_tls: str = "starttls"
    imap_host: str = ""
    imap_port: int = 993
    imap_tls: str = "implicit"
    user: str = ""  # login; the email address when empty
    auth: str = "password"  # or "xoauth2"
    password_keyring: bool = False
    password_env: str = ""
    password_command: str = ""
    token_command: str = ""  # prints an OAuth2 access token (auth = "xoauth2")
    append_sent: bool = True  # append a copy to Sent after SMTP (off for Gmail, Microsoft 365)
    rate_per_minute: int = 20  # 0 = no limit
    tls_ca_file: str = ""  # trust this CA (a self-hosted server with its own certificate)
    insecure_login: bool = False  # log in without TLS to a server on another computer all the same
    timeout: float = 30.0
    sender: str = "smtp"  # how it sends: a sender registered by a plugin (built-in: smtp)
    mailbox: str = "imap"  # its mailbox adapter: one registered by a plugin (built-in: imap)
    drafts_folder: str = ""  # its Drafts folder by name, as the server lists it; else found (delivery.imap)
    sent_folder: str = ""  # its Sent folder by name, likewise
    read_folders: tuple[str, ...] = ()  # folders besides the INBOX replies are read from (a filter files them there)

    @property
    def login(self) -> str:
        return self.user or self.email

    @property
    def has_mailbox(self) -> bool:
        """Whether it has a mailbox to read replies from and file copies in: an IMAP server
        (imap_host), or a plugin's mailbox (`mailbox = NAME`), which needs no host."""
        return bool(self.imap_host) or self.mailbox != "imap"

    @property
    def domain(self) -> str:
        return self.email.rsplit("@", 1)[-1]

    def secret_source(self) -> str:
        """Where the secret comes from, in words (never the secret)."""
        if self.auth == "xoauth2":
            return f"token command: {command_shown(self.token_command)}" if self.token_command else "none"
        if self.password_command:
            return f"command: {command_shown(self.password_command)}"
        if self.password_env:
            return f"environment variable {self.password_env}"
        if self.password_keyring:
            return f"keyring ({KEYRING_SERVICE}/{self.name})"
        return "none"


_FIELDS = {f.name: f for f in fields(Account)}


# What is wrong with a password_env value that is no variable name. The value is never repeated:
# it may be the password itself, typed into the wrong field.
ENV_NAME_PROBLEM = ("password_env must be the name of an environment variable, such as MAIL_PASSWORD "
                    "(letters, digits and _, not starting with a digit); what was given is not shown here, "
                    "in case it is the password itself")


# The longest environment variable name taken, and the longest password or token command: far
# more than any real one; longer is a paste gone wrong (or the secret), refused before it is read.
MAX_ENV_NAME = 255
MAX_COMMAND = 4096


def is_env_name(value: str) -> bool:
    return len(value) <= MAX_ENV_NAME and bool(_ENV_NAME.fullmatch(value))


def env_name_problem(value: str) -> str:
    """What is wrong with a password_env value that is no variable name, in one line that never
    repeats it (ENV_NAME_PROBLEM, or how long it is)."""
    if len(value) > MAX_ENV_NAME:
        return (f"password_env is {len(value):,} characters long: the name of an environment variable has at most "
                f"{MAX_ENV_NAME}, such as MAIL_PASSWORD; what was given is not shown here, in case it is the password "
                "itself")
    return ENV_NAME_PROBLEM


def is_loopback(host: str) -> bool:
    """Whether `host` is this computer (localhost, 127.0.0.0/8, ::1): no DNS is asked."""
    name = host.strip().strip("[]").rstrip(".").lower()
    if name == "localhost" or name.endswith(".localhost"):  # RFC 6761 6.3
        return True
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return False
    return (getattr(address, "ipv4_mapped", None) or address).is_loopback


_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)\Z", re.IGNORECASE)
HOST_KEYS = ("smtp_host", "imap_host")


def _is_ip(text: str, version: int) -> bool:
    try:
        return ipaddress.ip_address(text).version == version
    except ValueError:
        return False


def clean_host(host):
    """A server's name as it is kept: without spaces around it, and in its usual form (NFKC: a
    full-width "ｓｍｔｐ.example.com" is smtp.example.com); anything not text as it is (refused
    by host_problem)."""
    if not isinstance(host, str):
        return host
    import unicodedata

    return unicodedata.normalize("NFKC", host).strip()


def host_port(host: str, port) -> str:
    """A server with its port, as it is written in a link: "smtp.example.com:587", "[::1]:587"."""
    return f"[{host}]:{port}" if _is_ip(host, 6) else f"{host}:{port}"


def host_problem(host, protocol: str) -> str | None:
    """What is wrong with `host` as a server's name (`protocol` "smtp" or "imap"), or None: a
    host name (RFC 1123 labels; an international name as IDNA gives it), an IPv4 address or an
    IPv6 one (without brackets, as the connection takes it). No DNS is asked: a name that does not resolve is `account test`'s
    to find. Said early, so that "smtp.example.com:587" or "https://mail..." is not found at the
    first send."""
    if not isinstance(host, str):
        return f"must be a server's name, such as smtp.example.com, not {host!r}"
    name = host.strip()
    if not name:
        return None  # no server (a plugin's sender or mailbox; the need for one is checked elsewhere)
    if "://" in name or "/" in name:
        return f"give the server's name alone, such as {protocol}.example.com, not {shown(host)}"
    try:
        ipaddress.ip_address(name)
        return None
    except ValueError:
        pass
    if name.startswith("[") and name.endswith("]"):
        inside = name[1:-1].strip()
        if _is_ip(inside, 6):
            return f"give the IPv6 address without its brackets: {inside}"
        if _is_ip(inside, 4):
            return f"give the address without its brackets: {inside}"
        return (f"brackets are not part of a server's name (they go around an IPv6 address in a link): give "
                f"{shown(inside) if inside else f'its name, such as {protocol}.example.com'} without them")
    if re.fullmatch(r"[0-9.]+", name):  # the connection would read "1.2.3" as 1.2.0.3: only a full one is taken
        return (f"{shown(host)} is not a full IPv4 address (four numbers from 0 to 255 with dots between them, "
                "such as 192.0.2.10) nor a server's name")
    if name.count(":") == 1 and name.rsplit(":", 1)[1].isdigit():
        server, port = name.rsplit(":", 1)
        return f"give the server's name alone ({server}) and the port ({port}) as the port, not {shown(host)}"
    try:
        ascii_name = name.rstrip(".").encode("idna").decode("ascii")
    except UnicodeError:
        ascii_name = ""
    if not ascii_name or len(ascii_name) > 253 or not all(_LABEL.match(label) for label in ascii_name.split(".")):
        return (f"{shown(host)} is not a server's name (letters, digits, hyphens and dots, such as "
                f"{protocol}.example.com) nor an IP address")
    return None


def plaintext_login(account: "Account", protocol: str) -> str | None:
    """Why the account must not log in to its `protocol` ("smtp" or "imap") server, or None:
    without TLS the password crosses the network unencrypted, which is refused for a server on
    another computer unless the account says insecure_login = true (a local bridge on 127.0.0.1
    needs no TLS)."""
    host, tls = getattr(account, f"{protocol}_host"), getattr(account, f"{protocol}_tls")
    if tls != "none" or not host or is_loopback(host) or account.insecure_login:
        return None
    return (f"{protocol}_tls = \"none\" would send the password unencrypted to {host}, which is not this computer: "
            f"choose \"starttls\" or \"implicit\" (no TLS is for a server on this computer, such as a bridge on "
            "127.0.0.1); to log in unencrypted all the same, say insecure_login = true")


def check_name(name: str) -> str:
    if not _NAME.match(name or ""):
        raise InvalidInput(f"invalid account name: {shown(name)} (letters, digits, - and _; up to 40)")
    return name


def from_section(name: str, section: dict, where: str = "config.toml") -> Account:
    """An Account from its config section, checked; ConfigError names the file and key."""
    if not isinstance(section, dict):
        raise ConfigError(f"{where}: [accounts.{name}] must be a table")
    values: dict = {}
    preset = section.get("preset")
    if preset is not None:
        if preset not in PRESETS:
            raise ConfigError(f"{where}: [accounts.{name}] preset: unknown {preset!r} (one of {', '.join(PRESETS)})")
        values.update(PRESETS[preset])
    for key, value in section.items():
        if key == "preset":
            continue
        if key not in _FIELDS or key == "name":
            from afterview.config import ACCOUNT_KEYS, unknown_name

            raise ConfigError(f"{where}: [accounts.{name}] {unknown_name('key', key, ACCOUNT_KEYS)}")
        values[key] = clean_host(value) if key in HOST_KEYS else value
    if "email" not in values:
        raise ConfigError(f"{where}: [accounts.{name}] needs email = \"you@example.com\"")
    values.update(default_ports(section, preset))
    try:
        values["auth"] = choose_auth(section, preset)
    except InvalidInput as err:
        raise ConfigError(f"{where}: [accounts.{name}] {err}") from None
    if isinstance(values.get("read_folders"), list):
        values["read_folders"] = tuple(values["read_folders"])
    account = Account(name=name, **values)
    _check(account, where)
    return account


class SettingRefused(InvalidInput):
    """A setting given (typed, not read from config.toml) refused, in one line that begins with
    the setting's name when it is about one; `key`: that setting ("" for none)."""

    def __init__(self, message: str, key: str = "") -> None:
        super().__init__(message)
        self.key = key


_TYPED = "(given)"  # where a section checked before it is written comes from (taken out of what is said)


def typed_section(name: str, section: dict) -> Account:
    """`from_section` for settings given, not read from a file: a refusal is SettingRefused,
    worded "smtp_host: ..." (the file was not written, so it is not named)."""
    try:
        return from_section(name, section, _TYPED)
    except ConfigError as err:
        said = str(err).removeprefix(f"{_TYPED}: [accounts.{name}] ")
        key = next((k for k in sorted(_FIELDS, key=len, reverse=True)
                    if said.startswith(k) and said[len(k):len(k) + 1] in (" ", ":", "")), "")
        raise SettingRefused(said, key) from None


def default_ports(section: dict, preset: str | None = None) -> dict:
    """The ports the section does not give, as its TLS modes have them: a preset's own port while
    its TLS mode is the one in use, else the mode's usual port (DEFAULT_PORTS). So `smtp_tls =
    "implicit"` alone means 465, and a preset's TLS mode changed without a port takes that mode's."""
    preset_values = PRESETS.get(preset or "", {})
    ports = {}
    for protocol in ("smtp", "imap"):
        port, tls = f"{protocol}_port", f"{protocol}_tls"
        if section.get(port) is not None:
            continue
        mode = section.get(tls) or preset_values.get(tls) or _FIELDS[tls].default
        if port in preset_values and preset_values.get(tls) == mode:
            ports[port] = preset_values[port]
        elif mode in TLS_MODES:  # (another mode is refused by the checks, naming the key)
            ports[port] = DEFAULT_PORTS[protocol][mode]
    return ports


def choose_auth(settings: dict, preset: str | None = None) -> str:
    """How the account signs in, from the secret it names: a password source (password_keyring,
    password_env, password_command) means "password", a token command "xoauth2", whatever the
    preset would have; with neither, `auth` as given, else the preset's, else "password".
    InvalidInput, in one line, for both kinds of secret, or an `auth` the secret contradicts."""
    passwords = [key for key in PASSWORD_SOURCES if settings.get(key)]
    token = bool(settings.get("token_command"))
    given = settings.get("auth")
    if passwords and token:
        raise InvalidInput(f"give one secret, not both: a password ({', '.join(passwords)}) or a command that "
                           "prints an OAuth2 access token (token_command)")
    follows = "xoauth2" if token else "password" if passwords else None
    if given in AUTH_MODES and follows and given != follows:
        if given == "xoauth2":
            raise InvalidInput(f"auth = \"xoauth2\" signs in with an access token from token_command, not with a "
                               f"password ({passwords[0]}): give token_command instead, or leave auth out")
        raise InvalidInput("auth = \"password\" signs in with a password (password_keyring, password_env or "
                           "password_command); token_command is for auth = \"xoauth2\": leave auth out")
    if given is not None:
        return given  # (one that is no auth mode is refused by the checks, naming the key)
    return follows or PRESETS.get(preset or "", {}).get("auth", _FIELDS["auth"].default)


def folder_problem(key: str, value) -> str:
    """What is wrong with a drafts_folder / sent_folder value ("" when nothing: empty is fine,
    the folder is then found): the end of a sentence, for config.toml's check and the desk's field."""
    if isinstance(value, str) and (not value or (value.strip() and value.isprintable())):
        return ""
    example = "Entwürfe" if key == "drafts_folder" else "Gesendete Elemente"
    return f"a folder's name as your mail server lists it, such as \"{example}\" (one line of text)"


def read_folders_problem(value) -> str:
    """What is wrong with a read_folders value ("" when nothing): the end of a sentence, for
    config.toml's check and `account add --read-folder`."""
    example = "such as read_folders = [\"Jobs/Recruiters\"]"
    if not isinstance(value, (list, tuple)):
        return f"a list of folder names as your mail server lists them, {example}"
    for name in value:
        if folder_problem("read_folders", name) or not name:
            return f"a list of folder names as your mail server lists them (each one line of text), {example}"
    return ""


def _check(account: Account, where: str) -> None:
    label = f"{where}: [accounts.{account.name}]"
    try:
        parse_email(str(account.email))
    except InvalidInput as err:
        raise ConfigError(f"{label} email: {err}") from None
    for key in ("smtp_tls", "imap_tls"):
        if getattr(account, key) not in TLS_MODES:
            raise ConfigError(f"{label} {key} must be one of {', '.join(TLS_MODES)}")
    if account.auth not in AUTH_MODES:
        raise ConfigError(f"{label} auth must be one of {', '.join(AUTH_MODES)}")
    for key in ("smtp_port", "imap_port"):
        value = getattr(account, key)
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 65535:
            raise ConfigError(f"{label} {key} must be a port number, a whole number from 0 to 65535, not {value!r}")
    rate = account.rate_per_minute
    if not isinstance(rate, int) or isinstance(rate, bool) or rate < 0:
        raise ConfigError(f"{label} rate_per_minute must be a whole number, 0 or more (0: no limit), not {rate!r}")
    timeout = account.timeout
    if not isinstance(timeout, (int, float)) or isinstance(timeout, bool) or not 0 < timeout < float("inf"):
        raise ConfigError(f"{label} timeout must be a number of seconds greater than 0, such as 30, not {timeout!r}")
    for key in ("sender", "mailbox"):
        if not isinstance(getattr(account, key), str) or not getattr(account, key).strip():
            raise ConfigError(f"{label} {key} must be the name of a registered {key} (built-in: "
                              f"{'smtp' if key == 'sender' else 'imap'}), not {getattr(account, key)!r}")
    for key in ("display_name", "smtp_host", "imap_host", "user"):
        if any(ch in str(getattr(account, key)) for ch in "\r\n"):
            raise ConfigError(f"{label} {key} contains a line break")
    for key in ("smtp_host", "imap_host"):
        problem = host_problem(getattr(account, key), key.split("_")[0])
        if problem:
            raise ConfigError(f"{label} {key}: {problem}")
    for key in ("drafts_folder", "sent_folder"):
        problem = folder_problem(key, getattr(account, key))
        if problem:
            raise ConfigError(f"{label} {key} must be {problem}")
    problem = read_folders_problem(account.read_folders)
    if problem:
        raise ConfigError(f"{label} read_folders must be {problem}")
    sources = [bool(account.password_keyring), bool(account.password_env), bool(account.password_command)]
    if sum(sources) > 1:
        raise ConfigError(f"{label} give one of password_keyring, password_env, password_command")
    if account.password_env and not (isinstance(account.password_env, str) and is_env_name(account.password_env)):
        problem = env_name_problem(account.password_env) if isinstance(account.password_env, str) else ENV_NAME_PROBLEM
        raise ConfigError(f"{label} {problem}; remove the account (afterview account remove "
                          f"{account.name}) and add it again")
    for key in ("password_command", "token_command"):
        command = getattr(account, key)
        if command and not isinstance(command, str):
            raise ConfigError(f"{label} {key} must be a command, in one string")
        printed = printed_secret(key, command, account=account.name) if command else ""
        if printed:  # the secret itself, in the file in plain text: refused as account add refuses it
            raise ConfigError(f"{label} {printed}")
    if not isinstance(account.insecure_login, bool):
        raise ConfigError(f"{label} insecure_login must be true or false")


class Accounts(dict):
    """The accounts of config.toml that can be used, by name (Account values); `broken`, those
    whose section is wrong, by name, each with what is wrong in one line (naming the file and the
    key). One account written wrong does not stop the others."""

    def __init__(self, usable=(), broken: dict[str, str] | None = None) -> None:
        super().__init__(usable)
        self.broken: dict[str, str] = dict(broken or {})

    def names(self) -> list[str]:
        """Every account's name, broken ones too, sorted."""
        return sorted({*self, *self.broken})


def broken_words(name: str, problem: str) -> str:
    """One line on an account whose section is wrong: what is wrong, and how to put it right."""
    return f"account {name} cannot be used: {problem} ({repair_words(name, problem)})"


def repair_words(name: str, problem: str) -> str:
    """How to put right an account whose section is wrong: `account edit` changes a setting it
    knows, but not a name no setting has (a misspelt key: only the file's line can be corrected)."""
    if "unknown key" in problem:
        return (f"correct that line in the file: afterview account edit {name} changes settings, not a name no "
                f"setting has; afterview account remove {name} takes it out")
    return f"put it right with afterview account edit {name}, or in the file; afterview account remove {name} takes it out"


def load_accounts(config) -> Accounts:
    """Every account in the config (a Config from afterview.config), each read on its own: one
    whose section is wrong is in `broken` with its error, and the others are there as ever."""
    found = Accounts()
    written_wrong = config.broken_accounts  # found when the file was read
    for name, value in config.section("accounts").items():
        if name in written_wrong:
            found.broken[name] = written_wrong[name]
            continue
        try:
            found[name] = from_section(name, value, str(config.path))
        except ConfigError as err:
            found.broken[name] = str(err)
        except (TypeError, ValueError):  # a value of a kind no check expected: said, never a traceback
            found.broken[name] = f"{config.path}: [accounts.{name}] a setting has a value of the wrong kind"
    return found


def get_account(config, name: str | None) -> Account:
    """The named account, or the only one when no name is given; ConfigError with what is wrong
    for one whose section is wrong."""
    accounts = load_accounts(config)
    known = accounts.names()
    if not known:
        raise NotFound("no mail account set up: run 'afterview account add NAME --preset gmail --email you@gmail.com'")
    if name is None:
        if len(known) > 1:
            raise InvalidInput(f"several accounts ({', '.join(known)}): say which one with --account")
        name = known[0]
    if name in accounts.broken:
        raise ConfigError(broken_words(name, accounts.broken[name]))
    if name not in accounts:
        raise NotFound(f"no account named {name!r} (known: {', '.join(known)})")
    return accounts[name]


# --- secrets ----------------------------------------------------------------------------------

def secret(account: Account) -> str:
    """The password (or, for xoauth2, the access token), from its configured source."""
    if account.auth == "xoauth2":
        if not account.token_command:
            raise ConfigError(f"account {account.name}: auth = \"xoauth2\" needs token_command")
        token = run_secret_command(account.token_command, account.name, "token_command")
        if not _BEARER_TOKEN.fullmatch(token):  # e.g. a message printed with exit status 0; never shown
            raise ConfigError(f"account {account.name}: token_command printed something that is not an access token "
                              "(one line of letters, digits and -._~+/= expected)")
        return token
    if account.password_command:
        return run_secret_command(account.password_command, account.name, "password_command")
    if account.password_env:
        value = os.environ.get(account.password_env)
        if not value:
            raise ConfigError(f"account {account.name}: environment variable {account.password_env} "
                              f"{'is empty' if value is not None else 'is not set'}")
        return value
    if account.password_keyring:
        return _keyring_password(account.name)
    raise ConfigError(
        f"account {account.name}: no password source (set password_keyring = true, password_env or password_command)"
    )


def run_secret_command(command: str, name: str, key: str) -> str:
    """Run a password (or token) command without a shell (no injection surprises); its first
    output line.

    What it says on stderr is never kept: it may hold the secret (a helper that echoes what it
    read). It goes to the terminal when Afterview runs in one (`account test`, `send --now`, a
    desk or worker started by hand), where the user sees it as if they had run the command; else
    nowhere. The error says only the exit status and how to see why."""
    try:
        argv = shlex.split(command)
    except ValueError as err:
        raise ConfigError(f"account {name}: {key} cannot be parsed: {err}") from None
    if not argv:
        raise ConfigError(f"account {name}: {key} is empty")
    stderr = None if _on_a_terminal() else subprocess.DEVNULL
    try:
        done = subprocess.run(argv, stdout=subprocess.PIPE, stderr=stderr, timeout=60, check=False,
                              stdin=subprocess.DEVNULL)
    except FileNotFoundError:
        raise ConfigError(f"account {name}: {key}: program not found (the command is not shown here, in case it is "
                          f"the secret itself: check {key} in [accounts.{name}] of config.toml)") from None
    except subprocess.TimeoutExpired:
        raise ConfigError(f"account {name}: {key} did not finish within 60 s") from None
    except OSError as err:
        raise ConfigError(f"account {name}: {key} cannot run: {err.strerror}") from None
    if done.returncode != 0:
        # neither its output (the secret, maybe) nor its messages (which may repeat it) are kept
        raise ConfigError(f"account {name}: {key} failed (exit {done.returncode}): run it yourself in a terminal "
                          "to see why (its messages are not kept, in case they hold the secret)")
    lines = done.stdout.decode("utf-8", "replace").splitlines()
    if not lines or not lines[0]:
        raise ConfigError(f"account {name}: {key} printed nothing")
    return lines[0]


def _on_a_terminal() -> bool:
    """Whether this process's stderr is a terminal (a person watching), not a pipe or a log."""
    try:
        return os.isatty(2)
    except OSError:
        return False


def command_shown(command: str) -> str:
    """A password or token command as listings show it (`account list`, the desk's Settings): its
    program only, never its arguments, which may be the secret itself or name where it is kept;
    nothing of a command whose program is not found here (it may be the secret, pasted there)."""
    try:
        argv = shlex.split(command)
    except ValueError:
        argv = []
    if not argv or shutil.which(argv[0]) is None:
        return "(not shown: its program is not found here; see config.toml)"
    program = os.path.basename(argv[0])
    return f"{program} ... (its arguments are not shown)" if len(argv) > 1 else program


# A guard against a common mistake, not a proof: a "command" that prints text written in it is
# the secret itself, written in config.toml in plain text (`echo S3cret`), and so may be one that
# runs code written in it (`python3 -c 'print("S3cret")'`), whose output cannot be known without
# running it. Both are refused; code kept in a script file, named by its path, is not.
# Programs that print their own arguments, and what runs a program in their place:
_PRINTERS = frozenset({"echo", "printf", "yes"})
_WRAPPERS = frozenset({"env", "command", "builtin", "exec", "nohup", "nice", "time", "timeout", "stdbuf"})
_SHELLS = frozenset({"sh", "bash", "dash", "zsh", "ksh", "mksh", "fish"})
# Interpreters that take their program on the command line, and the options that give it
# (a program's name is read without its version: python3.11, perl5.36, lua5.4).
_INLINE = {"python": ("-c",), "pypy": ("-c",), "perl": ("-e", "-E"), "ruby": ("-e",), "node": ("-e", "-p"),
           "nodejs": ("-e", "-p"), "deno": ("eval",), "bun": ("-e", "--eval", "-p", "--print"), "php": ("-r",),
           "lua": ("-e",), "luajit": ("-e",), "rscript": ("-e",), "osascript": ("-e",), "jq": ("-n",),
           "pwsh": ("-c", "-command"), "powershell": ("-c", "-command")}
_LONG_INLINE = ("--eval", "--print", "--command", "--source")  # node's, pwsh's, gawk's own long forms
_AWKS = frozenset({"awk", "gawk", "mawk", "nawk", "original-awk"})  # their program is inline but for -f FILE
_CLUSTERED = frozenset({"perl", "ruby", "python", "pypy"})  # -le, -lne, -Sc: the option last of a few


def written_in(argv: list[str], depth: int = 0) -> str:
    """How the command's output may be written in the command itself, or "": "prints" (echo,
    printf, a here-string `<<<`, a shell running one of those) or "runs code: PROGRAM OPTION"
    (an interpreter given its program inline: python3 -c, perl -e, node -e, an awk program; a
    shell running one of those). A shell's script (sh -c '...') is read command by command."""
    if any(word.startswith("<<") for word in argv):  # a here-string or a here-document
        return "prints"
    argv = _unwrapped(argv)
    if not argv:
        return ""
    program = os.path.basename(argv[0])
    name = re.sub(r"[\d.]+$", "", program.lower().removesuffix(".exe")) or program.lower()
    if program in _PRINTERS:
        return "prints"
    if program == "busybox" and len(argv) > 1 and depth < 3:  # busybox echo ..., busybox awk ...
        return written_in(argv[1:], depth + 1)
    if program in _SHELLS or name in _SHELLS:
        return _script_written_in(argv, depth)
    if name in _AWKS:
        files = any(word in ("-f", "--file") or word.startswith(("-f", "--file=")) for word in argv[1:])
        return "" if files else f"runs code: {program} PROGRAM"
    if name in _INLINE:
        for word in argv[1:]:
            lowered = word.lower()
            clustered = (name in _CLUSTERED and re.fullmatch(r"-[a-zA-Z]{2,5}", word) is not None
                         and word[1] not in "MmIiWXr" and any(word[-1] == option[1] for option in _INLINE[name]))
            if lowered in _INLINE[name] or lowered.startswith(_LONG_INLINE) or clustered:
                return f"runs code: {program} {word.split('=', 1)[0]}"
    return ""


def _unwrapped(argv: list[str]) -> list[str]:
    """The command that a wrapper runs (env LANG=C echo ..., command echo ..., timeout 5 ...)."""
    while argv and os.path.basename(argv[0]) in _WRAPPERS:
        wrapper = os.path.basename(argv[0])
        argv = argv[1:]
        while argv and (argv[0].startswith("-") or "=" in argv[0]):
            argv = argv[1:]
        if wrapper == "timeout" and argv:  # its duration
            argv = argv[1:]
    return argv


def _script_written_in(argv: list[str], depth: int) -> str:
    """`written_in` for a shell given a script with -c: the first of its commands (between ;, |,
    &&, ||, & and line breaks) whose output is written in it."""
    if "-c" not in argv[1:] or depth >= 3:
        return ""
    script = argv[argv.index("-c", 1) + 1:argv.index("-c", 1) + 2]
    if not script:
        return ""
    if "<<" in script[0]:
        return "prints"
    try:
        lexer = shlex.shlex(script[0], posix=True, punctuation_chars=True)
        lexer.whitespace_split = True
        words = list(lexer)
    except ValueError:
        return ""
    command: list[str] = []
    for word in [*words, ";"]:
        if word and all(char in "();<>|&" for char in word) and "<" not in word and ">" not in word:
            found = written_in(command, depth + 1) if command else ""
            if found:
                return found
            command = []
        else:
            command.append(word)
    return ""


def command_problem(key: str, command: str) -> str | None:
    """What is wrong with a password_command or token_command given as an account is added, or
    None: one that cannot be split into words, whose program is not found (on PATH, or at the
    path given), or that only prints text written in it (`echo S3cret`: the secret itself, in
    config.toml in plain text). Never repeats it: it may be the secret itself, pasted into the
    wrong field."""
    if len(command) > MAX_COMMAND:  # first: reading a paste gone wrong word by word takes seconds
        return (f"{key} is {len(command):,} characters long: a command has at most {MAX_COMMAND:,}; what was given is "
                "not shown here, in case it is the secret itself")
    printed = printed_secret(key, command)
    if printed:
        return printed
    try:
        argv = shlex.split(command)
    except ValueError:
        what = "cannot be split into words (a quote left open?)"
    else:
        if argv and shutil.which(argv[0]) is not None:
            return None
        what = "names a program that is not found here (on PATH, or at the path given)" if argv else "is empty"
    example = ("an access token, such as an OAuth2 helper" if key == "token_command"
               else "the password, such as a password manager's (pass show mail/work)")
    return (f"{key} {what}: give a command that prints {example}; what was given is not shown here, in case it is "
            "the secret itself")


def printed_secret(key: str, command: str, *, account: str = "") -> str:
    """What is wrong with a password_command or token_command that only prints text written in
    it (`echo S3cret`: the secret itself, kept in config.toml in plain text), or "" (see
    written_in). `account`: the account whose section in config.toml holds it already
    (then: how to take it out). Never repeats it."""
    try:
        argv = shlex.split(command)
    except ValueError:
        return ""
    found = written_in(argv) if argv else ""
    if not found:
        return ""
    secret_word = "access token" if key == "token_command" else "password"
    again = ("--token-command and a command that fetches a token, such as an OAuth2 helper" if key == "token_command"
             else "--ask-password (the keyring), --password-env VAR, or --password-command and a command that "
                  "reads it from a password manager (pass show mail/work)")
    instead = ("a command that fetches a token, such as an OAuth2 helper" if key == "token_command" else
               "the keyring (afterview account add NAME --ask-password), password_env, or a command that "
               "reads it from a password manager (pass show mail/work)")
    if found.startswith("runs code"):  # its program and option only: the code may be the secret
        what = (f"{key} runs code written in it ({found.removeprefix('runs code: ')} ...), which may hold the "
                f"{secret_word} in config.toml in plain text (Afterview cannot tell)")
        if account:
            return (f"{what}; remove the account (afterview account remove {account}) and add it again with the "
                    f"code in a script file, named by its path, or with {again}")
        return f"{what}; put the code in a script file and give its path, or use {instead}"
    what = f"{key} only prints text written in it (echo, printf, <<<): the {secret_word}"
    if account:
        return (f"{what} is written in config.toml in plain text; remove the account (afterview account remove "
                f"{account}) and add it again with {again}")
    return f"{what} would be kept in config.toml in plain text; use {instead}"


def _keyring_password(name: str) -> str:
    if not keyring_usable():
        raise ConfigError(f"account {name}: password_keyring = true, but {_NO_KEYRING_HERE}: give the password "
                          "through an environment variable or a command that prints it, such as a password manager's "
                          f"(password_env = \"VAR\" or password_command = \"pass show mail/work\" in [accounts.{name}])")
    value = _keyring_call("get_password", name)
    if not value:
        raise ConfigError(f"account {name}: no password in the keyring; store it with: keyring set {KEYRING_SERVICE} {name}")
    return value


def redact(text: str, secret: str | None, login: str = "") -> str:
    """`text` (made from a server's reply or a program's output) with `secret` hidden: the secret
    as it is, as IMAP quotes it, and in base64 as SASL carries it (AUTH LOGIN: alone; PLAIN:
    after the login; XOAUTH2: in its bearer string), each replaced by "***". Every error text
    the SMTP and IMAP sessions make while they know the secret goes through this one step, before
    it is cut or its spaces folded (a server may echo what it was sent)."""
    if not secret:
        return text
    import base64

    def encoded(raw: str) -> tuple[str, str]:
        full = base64.b64encode(raw.encode("utf-8", "surrogateescape")).decode("ascii")
        return full, full.rstrip("=")

    forms = {secret, secret.replace("\\", "\\\\").replace('"', '\\"'), *encoded(secret),
             *encoded(f"\0{login}\0{secret}"), *encoded(f"user={login}\x01auth=Bearer {secret}\x01\x01")}
    for form in sorted(forms, key=len, reverse=True):
        if form:
            text = text.replace(form, "***")
    return text


# --- writing config.toml ------------------------------------------------------------------------

def section_for(name: str, *, email: str, preset: str | None = None, **settings) -> dict:
    """The config section of a new account: preset values plus what was given (never a secret)."""
    check_name(name)
    values: dict = {"email": parse_email(email)}
    env_name = settings.get("password_env")
    if env_name and not (isinstance(env_name, str) and is_env_name(env_name)):
        raise InvalidInput(env_name_problem(env_name))  # before anything else could repeat it
    if preset:
        if preset not in PRESETS:
            raise InvalidInput(f"unknown preset {preset!r} (one of {', '.join(PRESETS)})")
        values["preset"] = preset
    for key, value in settings.items():
        if value is None or value == "" or value == ():
            continue
        if key not in _FIELDS or key in ("name",):
            raise InvalidInput(f"unknown account setting {key!r}")
        values[key] = list(value) if isinstance(value, tuple) else value
    if not preset and not values.get("smtp_host") and values.get("sender", "smtp") == "smtp":
        raise InvalidInput("give the SMTP server (--smtp-host HOST) or choose your provider (--preset NAME)")
    auth = choose_auth(values, preset)
    if "auth" not in values and auth != choose_auth({}, preset):
        values["auth"] = auth  # said in the file: the secret, not the preset, decides it
    if preset in ONLY_TOKEN and auth != "xoauth2":
        raise InvalidInput(ONLY_TOKEN[preset])
    for key in HOST_KEYS:
        if key in values:
            values[key] = clean_host(values[key])
            if values[key] == "":
                del values[key]
    account = typed_section(name, values)  # the same checks as when it is read back
    for protocol in ("smtp", "imap"):
        refused = plaintext_login(account, protocol)
        if refused:
            raise InvalidInput(f"{refused} (afterview account add --insecure-login)")
    ca_file = values.get("tls_ca_file")
    if ca_file and not Path(str(ca_file)).expanduser().is_file():  # said now, not at the first send
        raise InvalidInput(f"tls_ca_file: no such file: {ca_file}")
    return values


def account_notes(name: str, values: dict) -> list[str]:
    """What to tell the user about an account section just written (never a refusal): its
    password's environment variable is not set here (the worker's environment may have it), or
    it logs in unencrypted to another computer because it says so."""
    account = from_section(name, values)
    notes = []
    if account.password_env and account.auth == "password" and not os.environ.get(account.password_env):
        state = "is empty" if os.environ.get(account.password_env) == "" else "is not set"
        notes.append(f"the environment variable {account.password_env} {state} here: set it wherever "
                     f"Afterview sends and reads mail (the worker, the desk) before afterview account test {name}")
    if values.get("preset") == "proton-bridge" and not account.tls_ca_file:
        notes.append("Proton Mail Bridge uses its own certificate, which is not trusted without tls_ca_file: export "
                     f"it from Bridge and say tls_ca_file = \"/path/to/cert.pem\" in [accounts.{name}] (or add the "
                     f"account with --tls-ca-file FILE) before afterview account test {name}")
    strict = replace(account, insecure_login=False)
    hosts = dict.fromkeys(getattr(account, f"{protocol}_host") for protocol in ("smtp", "imap")
                          if plaintext_login(strict, protocol))
    if hosts:
        notes.append(f"the password goes over the network unencrypted to {' and '.join(hosts)} "
                     "(no TLS, insecure_login = true)")
    return notes


def add_to_config(path: Path, name: str, values: dict) -> None:
    """Append `[accounts.NAME]` to config.toml, keeping the rest of the file (and its comments)."""
    import tomli_w

    original = _read(path)
    if name in _parse(original, path).get("accounts", {}):
        raise InvalidInput(f"account {name!r} already exists in {path}; remove it first")
    block = tomli_w.dumps({"accounts": {name: values}})
    text = original + ("\n" if original and not original.endswith("\n") else "") + ("\n" if original else "") + block
    _write_checked(path, text)


def remove_from_config(path: Path, name: str) -> None:
    """Cut `[accounts.NAME]` (and its sub-tables) out of config.toml, keeping everything else."""
    original = _read(path)
    if name not in _parse(original, path).get("accounts", {}):
        raise NotFound(f"no account named {name!r} in {path}")
    header = re.compile(r"^\s*\[+\s*accounts\s*\.\s*(?:\"" + re.escape(name) + r"\"|" + re.escape(name) + r")\s*[\].]")
    any_table = re.compile(r"^\s*\[")
    kept, skipping = [], False
    for line in original.splitlines(keepends=True):
        if any_table.match(line):
            skipping = bool(header.match(line))
        if not skipping:
            kept.append(line)
    text = "".join(kept)
    if name in _parse(text, path).get("accounts", {}):
        raise ConfigError(f"{path}: account {name!r} is written inline; remove it by editing the file")
    _write_checked(path, text)


def add_account(path: Path, name: str, *, email: str, preset: str | None = None, password: str | None = None,
                ask: Callable[[], str] | None = None, **settings) -> dict:
    """Add an account to config.toml; a password (given, or asked for by `ask` once the rest is
    checked) goes to the OS keyring, never the file.

    Checked before anything is written, a password_command or token_command included (its
    program must be found here: see command_problem); the keyring entry is taken back when the
    file cannot be written, so a failure leaves neither behind. Returns the section written.
    """
    keep = password is not None or ask is not None
    if keep:
        settings = {**settings, "password_keyring": True, "password_env": None, "password_command": None}
    check_name(name)
    for key in ("password_command", "token_command"):
        problem = command_problem(key, str(settings[key])) if settings.get(key) else None
        if problem:  # before anything else could repeat it
            raise InvalidInput(problem)
    known = _parse(_read(path), path).get("accounts", {})
    same = next((other for other in known if other.lower() == name.lower()), None)
    if same is not None:  # "Home" beside "home": two names for one mailbox, one typo apart
        raise InvalidInput(f"account {same!r} already exists in {path}; remove it first"
                           + (f" (names differ only in capitals: {name!r})" if same != name else ""))
    values = section_for(name, email=email, preset=preset, **settings)
    if keep and not keyring_usable():  # said before a password is typed for nothing
        raise ConfigError(_NO_KEYRING)
    if ask is not None:
        password = ask()
    if keep:
        if not password or any(ch in password for ch in "\r\n"):
            raise InvalidInput("the password is empty or has a line break")
        _keyring_call("set_password", name, password)
    try:
        add_to_config(path, name, values)
    except BaseException:  # any failure, Ctrl-C included: the keyring entry goes too, then it is raised on
        if password is not None:
            try:
                forget_password(name)
            except ConfigError:
                pass  # (the keyring's own trouble: the file's is the one to say)
        raise
    return values


@dataclass(frozen=True)
class Removal:
    """What `remove_account` did: `forgot`, its keyring password deleted; `password`, what
    became of its password, in words ("" for an account that named no secret)."""

    forgot: bool
    password: str

    @property
    def said(self) -> str:
        """The end of "removed account NAME...": what became of its password."""
        if not self.password:
            return ""
        return (" and " if self.forgot else "; ") + self.password


def remove_account(path: Path, name: str, *, forget: bool = False) -> Removal:
    """Remove an account from config.toml; with `forget`, its keyring password too. The file is
    written first; the keyring's trouble afterwards is said in the words, never raised (the
    account is gone by then)."""
    section = _parse(_read(path), path).get("accounts", {}).get(name)
    remove_from_config(path, name)
    section = section if isinstance(section, dict) else {}
    if section.get("token_command"):
        return Removal(False, "its access token came from a command, which is left as it is")
    if section.get("password_command"):
        return Removal(False, "its password came from a command, which is left as it is")
    if section.get("password_env"):
        return Removal(False, f"its password came from the environment variable {section['password_env']}, "
                              "which is left as it is")
    if not section.get("password_keyring"):
        return Removal(False, "")
    if _priority(_backend()) <= 0:  # keyring's "fail" stand-in: nothing was ever kept
        return Removal(False, "this system has no keyring, so none held its password")
    delete = f"keyring del {KEYRING_SERVICE} {name}"
    if not forget:
        return Removal(False, f"its password stays in the keyring (to delete it: {delete})")
    try:
        forgot = forget_password(name)
    except KeyringFailed as err:
        return Removal(False, f"its password could not be deleted from the keyring ({err.reason}): delete it with: "
                              f"{delete}")
    if forgot:
        return Removal(True, "forgot its password (deleted from the keyring)")
    return Removal(False, "the keyring held no password for it")


def forget_password(name: str) -> bool:
    """Delete the account's password from the keyring; False when it held none, or there is no
    keyring here at all. A keyring that is not counted as one (a plain-text file backend, see
    keyring_usable) is asked too: a password stored there before is better gone. ConfigError,
    in one line, when the keyring fails."""
    if _priority(_backend()) <= 0:  # none, or keyring's "fail" and "null" stand-ins: nothing kept
        return False
    from keyring.errors import PasswordDeleteError

    try:
        _keyring_call("delete_password", name)
    except PasswordDeleteError:
        return False
    return True


# No keyring, or only one that keyring does not recommend (keyrings.alt's plain-text file): said in
# one line with the documented ways instead, never keyring's own advice to install such a backend.
_NO_KEYRING_HERE = "this system has no keyring (none, or only one that keeps passwords in a plain file)"
_NO_KEYRING = (f"{_NO_KEYRING_HERE} to keep the password in: give it through an environment variable or a command "
               "that prints it, such as a password manager's (--password-env VAR or --password-command CMD)")


def keyring_usable() -> bool:
    """Whether this system has a keyring to keep passwords in: one that keyring recommends
    (priority 1 or more: Secret Service, Keychain, Credential Locker). Its "fail" stand-in does
    not count, nor a backend that keeps passwords in a plain file (keyrings.alt's, priority
    below 1); a chain of backends counts when the one it writes to does."""
    backend = _backend()
    try:
        from keyring.backends.chainer import ChainerBackend

        if isinstance(backend, ChainerBackend):  # it writes to the first of its backends
            backend = next(iter(backend.backends), None)
    except Exception:  # noqa: BLE001 - a chain that cannot list its backends keeps nothing
        return False
    return _priority(backend) >= 1


def _backend():
    """The keyring backend in use, or None (no keyring package, or one that cannot be loaded:
    PYTHON_KEYRING_BACKEND naming a module that is not there, say)."""
    try:
        import keyring

        return keyring.get_keyring()
    except Exception:  # noqa: BLE001 - ImportError, or whatever loading a backend raised
        return None


def _priority(backend) -> float:
    """A keyring backend's priority; -1 for none, or one that cannot say it."""
    try:
        return float(backend.priority) if backend is not None else -1.0
    except Exception:  # noqa: BLE001 - a backend's priority may raise when it is not viable
        return -1.0


class KeyringFailed(ConfigError):
    """The keyring failed (its reason, in `reason`): said in one line."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


def _keyring_call(what: str, name: str, *args):
    """keyring.get_password / set_password / delete_password for the account, with any error of
    the keyring (a KeyringError, or whatever a broken backend raises) in one line that never
    repeats a password given to it."""
    try:
        import keyring
        from keyring.errors import NoKeyringError, PasswordDeleteError
    except ImportError:
        raise ConfigError("the keyring package is not installed") from None
    try:
        return getattr(keyring, what)(KEYRING_SERVICE, name, *args)
    except PasswordDeleteError:
        raise
    except NoKeyringError:  # (its message advises installing plain-text backends: not relayed)
        raise KeyringFailed(_NO_KEYRING, "no keyring") from None
    except Exception as err:  # noqa: BLE001 - a broken backend may raise anything
        doing = {"get_password": "cannot be read", "set_password": "refused the password",
                 "delete_password": "could not delete the password"}[what]
        lines = redact(str(err), args[0] if args else None).strip().splitlines()
        reason = " ".join(lines[0].split())[:200] if lines else type(err).__name__
        raise KeyringFailed(f"account {name}: the keyring {doing}: {reason}", reason) from None


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ""
    except (OSError, UnicodeDecodeError) as err:
        raise ConfigError(f"{path}: cannot read: {err}") from None


def _parse(text: str, path: Path) -> dict:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:  # said in words, with its line (config.toml_problem)
        from afterview.config import toml_problem

        raise ConfigError(f"{path}: {toml_problem(text, err)}") from None


def _write_checked(path: Path, text: str) -> None:
    """Write through a temporary file and a rename, so a crash never leaves half a config."""
    from afterview.files import write_whole

    _parse(text, path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)  # the data folder: yours alone
    except OSError as err:
        raise ConfigError(f"cannot write {path}: {err.strerror}") from None
    write_whole(path, text, error=ConfigError)
