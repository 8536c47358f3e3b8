"""Settings (profile and signature, LinkedIn account type, mail accounts with a connection test,
the playbook and its overrides, the calendar feed) and imports with a preview."""

from __future__ import annotations

import re
import secrets
from pathlib import Path

from starlette.routing import Route

from afterview.domain import model as m
from afterview.domain.values import shown as quoted
from afterview.errors import AfterviewError, InvalidInput
from afterview.interfaces.web import versions
from afterview.interfaces.web.app import flash, form_pages, page, redirect, unconfirmed, upload_folder
from afterview.interfaces.web.common import FormError, at_field, desk, form, run, session
from afterview.interfaces.web.security import form_wrote

PROFILE_FIELDS = ("name", "email", "phone", "signature", "timezone", "country", "linkedin_account",
                  "linkedin_url", "default_tone")
PROFILE_FIELD_IDS = {"name": ("p-name", "Name"), "email": ("p-email", "Email"), "phone": ("p-phone", "Phone"),
                     "signature": ("p-sig", "Signature"), "timezone": ("p-tz", "Time zone"),
                     "country": ("p-country", "Country"), "linkedin_account": ("p-li", "LinkedIn account"),
                     "linkedin_url": ("p-liurl", "LinkedIn profile URL"), "default_tone": ("p-tone", "Default tone"),
                     "opt_in_early_linkedin": ("p-early", "Connect on LinkedIn early")}
# The import form lists every registered import format (afterview.plugins.importers()), grouped
# by what it gives; the built-in ones keep their short labels.
IMPORT_KINDS = {"calendar": "Interviews", "connections": "Contacts", "tracker": "Applications"}
BUILTIN_LABELS = {"ics": "Calendar (.ics)", "linkedin": "LinkedIn Connections.csv",
                  "csv": "Spreadsheet tracker (.csv)"}
BUILTIN_ACCEPT = ".ics,.csv,text/calendar,text/csv"  # the file chooser's hint, when no plugin adds a format
OLD_FORM_VALUES = {"calendar": "ics"}  # the form's value for the .ics format before formats were listed


def _settings_context(the_desk) -> dict:
    from afterview.delivery.accounts import PRESETS, host_port, keyring_usable
    from afterview.planner.playbook import format_value

    profile = the_desk.read(lambda tx: tx.profile())
    try:
        found = the_desk.accounts()
        accounts, accounts_error = list(found.values()), ""
        # one written wrong is listed with what is wrong, its Edit and its Remove; the others are as ever
        broken = _broken_shown(the_desk, getattr(found, "broken", {}))
    except AfterviewError as err:
        accounts, accounts_error, broken = [], str(err), []
    try:
        rules, playbook_error = list(the_desk.playbook()), ""
    except AfterviewError as err:
        rules, playbook_error = [], str(err)
    return {"profile": profile, "accounts": accounts, "accounts_error": accounts_error, "broken": broken,
            "stopped": _stopped(the_desk, accounts),
            "rules": rules, "playbook_error": playbook_error, "format_value": format_value,
            "feed": _feed_shown(the_desk), "linkedin_types": list(m.LinkedInAccount),
            "config_file": str(the_desk.paths.config_file),
            "presets": list(PRESETS), "keyring_usable": keyring_usable(), "host_port": host_port,
            "mail": (_mail_rounds(the_desk.mail, the_desk.user_tz(), bool(accounts))
                     if the_desk.mail is not None else None),
            "playbook_file": str(the_desk.paths.playbook_file)}


def _broken_shown(the_desk, broken: dict) -> list[dict]:
    """The accounts written wrong in config.toml (delivery.accounts.Accounts.broken), as Settings
    lists them: name, what is wrong (the file, the key and its line), and whether it keeps its
    password in the keyring (its Remove offers to forget it)."""
    from afterview.delivery.account_edit import read_section

    shown = []
    for name, problem in sorted(broken.items()):
        try:
            keyring = read_section(the_desk.paths.config_file, name).get("password_keyring") is True
        except AfterviewError:
            keyring = False
        shown.append({"name": name, "problem": problem, "keyring": keyring})
    return shown


# how an account is checked on this page, where its line is read (services.holds_said.stopped_words)
CHECK_HERE = "Test the connection, just below"


def _stopped(the_desk, accounts: list) -> dict[str, str]:
    """The accounts the outbox stopped (services.holds_said), by name, each with its line: since
    when, its last error, when it is tried again (your time), the notes that wait on it, what to do."""
    if not accounts:
        return {}
    from afterview.interfaces.web.views import when
    from afterview.services.holds_said import stopped_accounts, stopped_words

    def read(tx):
        waiting = tx.list(m.Message, state=[m.MessageState.APPROVED, m.MessageState.SCHEDULED])
        return stopped_accounts(tx, waiting, names=[a.name for a in accounts])

    found = the_desk.read(read)
    if not found:
        return {}
    tz, now = the_desk.user_tz(), the_desk.now()
    return {s.account: stopped_words(s, now=now, when=lambda moment: f"{when(moment, tz)} your time ({tz})",
                                     check=CHECK_HERE) for s in found}


def _mail_rounds(loop, tz: str, accounts_now: bool = False) -> dict:
    """The desk's recent mail rounds, newest first, their times in the user's zone `tz`: each with
    what it did (`MailState.said`) and what went wrong (`problems`); rounds in a row that did the
    same and nothing new are one entry with their span ("Thu 26 Nov 2026, 10:04 to 10:06 (3
    rounds)"). Only this desk's, since it started: the store keeps no record of mail rounds.
    A round that found no mail account is said as past once there is one (`accounts_now`): its
    "add one below" no longer holds (`mail.said_now`)."""
    from afterview.interfaces.web.mail import KEPT, said_now
    from afterview.interfaces.web.views import local, when

    rounds = []
    for state in loop.rounds:
        span = when(state.at, tz)
        if state.count > 1 and state.until is not None:
            same_day = local(state.until, tz).date() == local(state.at, tz).date()
            span += f" to {local(state.until, tz):%H:%M}" if same_day else f" to {when(state.until, tz)}"
            span += f" ({state.count} rounds)"
        rounds.append({"span": span, "at": local(state.at, tz).isoformat(), "said": said_now(state, accounts_now),
                       "problems": state.problems})
    return {"rounds": rounds, "started": when(loop.started, tz), "tz": tz, "kept": KEPT}


async def settings_page(request, *, error: str | AfterviewError = "", values: dict | None = None, status: int = 200,
                        checks=None, feed_url: str = "", stored: dict | None = None):
    context = await run(_settings_context, desk(request))
    return page(request, "settings.html", status=status, error=error, values=values or {}, checks=checks,
                feed_url=feed_url, stored=stored or {}, version=versions.version(profile_shown(context["profile"])),
                **context)


def profile_shown(profile: m.Profile) -> dict[str, str]:
    """Your profile as its form shows it (and as its version digests it)."""
    shown = {name: getattr(profile, name) for name in PROFILE_FIELDS}
    shown["linkedin_account"] = profile.linkedin_account.value
    shown["opt_in_early_linkedin"] = "on" if profile.opt_in_early_linkedin else ""
    return {name: "" if value is None else str(value) for name, value in shown.items()}


async def save_profile(request):
    """Save your profile as `afterview profile set` does (`set_profile`): an approved or scheduled
    note written with your old name or signature is a draft again, and said."""
    from afterview.interfaces.web.drafts import message_name
    from afterview.services.pipeline import set_profile

    data = await form(request)
    changes = {k: data[k].strip() if k != "signature" else data[k].rstrip() for k in PROFILE_FIELDS if k in data}
    changes["opt_in_early_linkedin"] = data.get("opt_in_early_linkedin") == "on"
    the_desk = desk(request)

    held: list[tuple[int, str]] = []
    signed: dict[int, tuple[str, str, bool]] = {}  # drafts, being sent or copied out: (name, what, on its way)
    names: list[str] = ["", ""]  # your profile's name before and after

    def save(tx):
        profile = tx.profile()
        was = profile.country
        names[0] = profile.name or ""
        held.clear(), signed.clear()  # (a write tried again starts afresh)
        # changed since the page was opened (another tab, the terminal): nothing saved (versions.py)
        typed = {**data, "opt_in_early_linkedin": "on" if data.get("opt_in_early_linkedin") == "on" else ""}
        versions.check(data.get(versions.FIELD), profile_shown(profile), typed, labels=PROFILE_FIELD_IDS,
                       what="your profile")
        for name, value in changes.items():  # one field at a time: what is wrong names its field
            field_id, label = PROFILE_FIELD_IDS.get(name, ("", ""))
            with at_field(field_id, label):
                done = set_profile(tx, {name: value}, now=the_desk.now())
            held.extend(done.held)
            for message, what in done.drafts + done.gone:
                signed[message.id] = (message_name(tx, message.id), what, (message, what) in done.gone)
        names[1] = tx.profile().name or ""
        return tx.profile().country != was

    try:
        moved = await run(the_desk.write, save)
    except versions.EditedMeanwhile as err:  # the form again: what was typed, and what changed meanwhile
        return await settings_page(request, error=err, values={**err.values, versions.FIELD: err.version},
                                   status=409, stored=err.stored)
    except AfterviewError as err:
        typed = {**data, "opt_in_early_linkedin": data.get("opt_in_early_linkedin", "")}  # an unticked box is not sent
        return await settings_page(request, error=err, values=typed, status=400)
    from afterview.interfaces.web.pages import country_said, held_text

    said = country_said(changes.get("country", ""), the_desk.now()) if moved else ""
    taken = {message_id for message_id, _ in held}
    held = [(i, _REDRAFT.sub("open it and use Redraft, or correct its text, then approve it", why)) for i, why in held]
    said += await run(held_text, the_desk, held) + _signed_text({i: note for i, note in signed.items() if i not in taken})
    if "name" in changes and names[0] != names[1]:
        said += _own_names_text(the_desk, names[1].strip(), names[0])
    flash(request, f"Profile saved{said}.")
    return redirect("/settings")


# How `set_profile` says to write a note again, as a command (the desk's Redraft in its place).
_REDRAFT = re.compile(r"write it again with afterview (?:draft \S+ --force|edit \d+), or correct it with "
                      r"afterview edit \d+, then approve it")


def _signed_text(signed: dict[int, tuple[str, str, bool]]) -> str:
    """The notes not taken back that give your old name or signature: drafts to write again, and
    those on their way already (being sent, copied out), which keep it."""
    from afterview.interfaces.web.views import draft_link

    if not signed:
        return ""
    parts = [f"{draft_link(i, name)} has {what}{' and is on its way already (being sent or copied out)' if gone else ''}"
             for i, (name, what, gone) in sorted(signed.items())]
    return (f". Written before this change: {'; '.join(parts)}: to write a draft again, open it and use Redraft, "
            "or correct its text")


def _own_names_text(the_desk, name: str, before: str) -> str:
    """After a new name: each mail account that sends under a name of its own, which wins over the
    profile's in the From of every mail it sends (`delivery.own_names`), as the desk says it: the
    account linked to its place on this page, and the desk's way instead of `account edit`."""
    from afterview.interfaces.web.views import page_link
    from afterview.services.delivery import own_names

    try:
        accounts = the_desk.accounts()
    except AfterviewError:  # config.toml unreadable: this page says what is wrong with it
        return ""
    lines = []
    for found in own_names(accounts, name, before):
        line = found.line(name)
        account = page_link(f"/settings#account-{found.account}", f"Account {found.account}")
        line = line.replace(f"account {found.account} sends", f"{account} sends", 1)
        edit = page_link(f"/settings/accounts/{found.account}/edit#e-display", f"edit account {found.account}")
        lines.append(_ACCOUNT_EDIT.sub(lambda _found: _OWN_NAME_WAY.format(edit=edit), line))
    return "".join(f". {line}" for line in lines)


# How `OwnName.line` says to change an account's name, as commands; the desk's way is the
# account's edit form (`edit_account_page`), at its name field.
_ACCOUNT_EDIT = re.compile(r": to send under your profile's name: afterview account edit \S+ --profile-name "
                           r"\(or give it another: afterview account edit \S+ --name NAME\)")
_OWN_NAME_WAY = (": to send under your profile's name (or another), {edit} and leave Your name as recipients "
                 "see it empty (or type the name to use)")


async def test_account(request):
    """Test the connection, as `afterview account test NAME` does: an account the outbox stopped
    whose SMTP check passes has its pause ended (services.delivery.checked), and it is said."""
    from afterview.services.delivery import checked, test_account as check

    name = request.path_params.get("name", "")
    the_desk = desk(request)

    def run_checks():
        accounts = the_desk.accounts()
        if name not in accounts:
            raise InvalidInput(f"no account named {quoted(name)}")
        results = check(accounts[name])
        return results, checked(the_desk.store, name, results, now=the_desk.now())

    try:
        checks, released = await run(run_checks)
    except AfterviewError as err:
        return await settings_page(request, error=str(err), status=400)
    return await settings_page(request, checks={"name": name, "results": checks, "released": released})


# Where an account's password comes from, as the add form offers it: the setting it fills in.
SECRET_SOURCES = {"env": "password_env", "command": "password_command", "token": "token_command"}
# The password source fields as settings.html labels them, for a refusal about one of them.
SECRET_LABELS = {"env": "Variable name", "command": "Password command", "token": "Token command"}
SERVER_FIELDS = ("smtp_host", "smtp_port", "smtp_tls", "imap_host", "imap_port", "imap_tls", "user")


def _new_account(data: dict[str, str], known=(), profile_name: str = "") -> tuple[str, dict, str | None]:
    """The add-account form read into (name, settings, password for the keyring): InvalidInput,
    in one line naming the field (`common.at_field`), for anything missing or malformed; nothing
    is written here. `known`: the names of the accounts there are; `profile_name`: yours, which
    as the account's display name is not written (`name_to_keep`: it follows the profile)."""
    from afterview.delivery.accounts import check_name, command_problem, env_name_problem, is_env_name
    from afterview.domain.values import parse_email, plain_digits
    from afterview.services.delivery import name_to_keep

    name = data.get("account_name", "").strip()
    email = data.get("account_email", "").strip()
    with at_field("a-name", "Short name"):
        if not name:
            raise InvalidInput("give the account a short name (e.g. home)")
        check_name(name)
        same = next((other for other in known if other.lower() == name.lower()), None)
        if same is not None:
            raise InvalidInput(f"account {same!r} already exists: choose another short name, or remove that one first"
                               + (f" (names differ only in capitals: {name!r})" if same != name else ""))
    with at_field("a-email", "Address you send from"):
        if not email:
            raise InvalidInput("give the address you send from")
        parse_email(email)
    preset = data.get("preset", "").strip() or None
    settings: dict = {"display_name": name_to_keep(data.get("display_name", ""), profile_name)}
    if preset is None:
        for key in SERVER_FIELDS:
            value = data.get(key, "").strip()
            if key.endswith("_port") and value:
                with at_field(SERVER_FIELD_IDS[key]):
                    if not plain_digits(value) or len(value) > 5 or not 0 < int(value) <= 65535:
                        raise InvalidInput(f"{key.replace('_', ' ').replace('smtp', 'SMTP').replace('imap', 'IMAP')}"
                                           f" must be a number from 1 to 65535, not {quoted(value)}")
                value = int(value)
            settings[key] = value
        if not settings["smtp_host"]:
            with at_field("a-smtp"):
                raise InvalidInput("give the SMTP server (or choose your provider)")
    # whatever the provider: Proton Mail Bridge's preset needs Bridge's own certificate
    typed_ca = data.get("tls_ca_file", "").strip()
    if typed_ca:
        settings["tls_ca_file"] = _ca_file(typed_ca)
    for key, (field_id, label) in FOLDER_FIELDS.items():  # empty: found on the server (docs/delivery.md)
        typed = data.get(key, "").strip()
        if typed:
            with at_field(field_id, label):
                settings[key] = _folder(key, typed)
    source = data.get("secret", "")
    password = None
    if source == "keyring":
        password = data.get("password", "")
        if not password:
            with at_field("a-password"):
                raise InvalidInput("type the password (or app password) to keep in the keyring")
    elif source in SECRET_SOURCES:
        value = data.get(SECRET_SOURCES[source], "").strip()
        if not value:
            with at_field(f"a-{source}", SECRET_LABELS[source]):
                raise InvalidInput("say which environment variable holds the password" if source == "env"
                                   else "give the command that prints the password" if source == "command"
                                   else "give the command that prints an access token")
        if source == "env" and not is_env_name(value):  # a password typed in the wrong box: never kept
            with at_field("a-env", SECRET_LABELS[source]):
                raise InvalidInput(env_name_problem(value))
        problem = command_problem(SECRET_SOURCES[source], value) if source != "env" else None
        if problem:  # a program not found here: maybe the secret itself, pasted in: never kept either
            with at_field(f"a-{source}", SECRET_LABELS[source]):
                raise InvalidInput(problem)
        settings[SECRET_SOURCES[source]] = value  # the sign-in follows it (accounts.choose_auth)
    else:
        with at_field("s-keyring"):
            raise InvalidInput("choose where the password comes from")
    if data.get("insecure_login"):
        settings["insecure_login"] = True
    return name, {"email": email, "preset": preset, **settings}, password


def _note_words(note: str, name: str) -> str:
    """A note of `accounts.account_notes` in the desk's words: its fields and buttons, not config.toml's keys
    and commands."""
    note = _BRIDGE_FILE.sub("give it as the account's Certificate authority file (Edit)", note)
    return note.replace(f"before afterview account test {name}", "before you Test the connection")


_BRIDGE_FILE = re.compile(r"say tls_ca_file = \"/path/to/cert\.pem\" in \[accounts\.\S+\] \(or add the account with "
                          r"--tls-ca-file FILE\)")


def _ca_file(typed: str, field: str = "a-ca") -> str:
    """The certificate authority file as config.toml keeps it, as `afterview account add
    --tls-ca-file` keeps it: an absolute path (the mail is sent later, from any folder). A file
    that is not there, or a path relative to no folder the user can see (the desk's own), is
    refused, naming the field (`field`: its id, on the add form or an account's edit form)."""
    import ssl

    shown = _cut(typed)
    with at_field(field, "Certificate authority file"):
        path = Path(typed).expanduser()
        if not path.is_absolute():
            raise InvalidInput(f"give the file's full path (such as /home/you/ca.pem), not {shown!r}")
        try:
            folder, there = path.is_dir(), path.is_file()
        except OSError as err:  # (a name too long for the system, say)
            raise InvalidInput(f"{shown} cannot be read: {err.strerror or err}") from None
        if folder:
            raise InvalidInput(f"{shown} is a folder, not a certificate file (PEM)")
        if not there:
            raise InvalidInput(f"no such file: {shown}")
        try:  # read as the mail is sent (docs/delivery.md): one that is no certificate fails here, not later
            ssl.create_default_context(cafile=str(path))
        except ssl.SSLError:
            raise InvalidInput(f"{shown} is not a certificate file (PEM)") from None
        except OSError as err:
            raise InvalidInput(f"{shown} cannot be read: {err.strerror or err}") from None
        return str(path.absolute())


def _folder(key: str, typed: str) -> str:
    """A Drafts or Sent folder's name as config.toml keeps it (`drafts_folder`, `sent_folder`),
    as `afterview account add --drafts-folder/--sent-folder` writes it: by the rule config.toml is
    read by (`accounts.folder_problem`), said here at its field."""
    from afterview.delivery.accounts import folder_problem

    problem = folder_problem(key, typed)
    if problem:
        raise InvalidInput(f"give {problem}")
    return typed


def _cut(typed: str, most: int = 200) -> str:
    """A value typed in a field, as an error line repeats it: a very long one cut, with an ellipsis."""
    return typed if len(typed) <= most else typed[:most] + "…"


# The add-account form's field ids, for an error about one of them.
SERVER_FIELD_IDS = {"smtp_host": "a-smtp", "smtp_port": "a-smtp-port", "smtp_tls": "a-smtp-tls", "imap_host": "a-imap",
                    "imap_port": "a-imap-port", "imap_tls": "a-imap-tls", "user": "a-user", "tls_ca_file": "a-ca"}
# Its Drafts and Sent folder fields: the setting each fills in, its id and its label.
FOLDER_FIELDS = {"drafts_folder": ("a-drafts", "Drafts folder"), "sent_folder": ("a-sent", "Sent folder")}


async def add_account(request):
    from afterview.delivery.accounts import account_notes, command_problem, is_env_name
    from afterview.delivery.accounts import add_account as add

    data = await form(request)
    the_desk = desk(request)

    def write():
        try:
            found = the_desk.accounts()
            known = [*found, *getattr(found, "broken", {})]
        except AfterviewError:
            known = []  # a config that cannot be read: `add` says why
        profile_name = (the_desk.read(lambda tx: tx.profile()).name or "").strip()
        name, settings, password = _new_account(data, known, profile_name)
        values = add(the_desk.paths.config_file, name, password=password, **settings)
        _accounts_changed(the_desk)
        form_wrote(the_desk.now())  # config.toml written: the form sent again adds nothing
        return name, account_notes(name, values)

    try:
        name, notes = await run(write)
    except AfterviewError as err:
        # the form comes back as typed, except the password, which is never sent back, nor a
        # variable name that is none or a command whose program is not found here (a password or
        # a token pasted into that box)
        kept = {k: v for k, v in data.items() if k not in ("password", "csrf")
                and not (k == "password_env" and not is_env_name(v.strip()))
                and not (k in ("password_command", "token_command") and v.strip() and command_problem(k, v.strip()))}
        return await settings_page(request, error=err, values=kept, status=400)
    flash(request, f"Added the mail account {name}. Test the connection below.")
    for note in notes:
        flash(request, f"Note: {_note_words(note, name)}.")
    return redirect("/settings")  # the message at the top, in view (and focused: desk.js)


async def remove_account(request):
    from afterview.delivery.accounts import remove_account as remove

    name = request.path_params.get("name", "")
    data = await form(request)
    refused = unconfirmed(request, data, f"Not removed: tick the box to remove the account {name}.", "/settings")
    if refused is not None:
        return refused
    the_desk = desk(request)

    def write():
        removal = remove(the_desk.paths.config_file, name, forget=data.get("forget") == "yes")
        _accounts_changed(the_desk)
        form_wrote(the_desk.now())
        return removal

    try:
        removal = await run(write)
    except AfterviewError as err:
        return await settings_page(request, error=str(err), status=400)
    flash(request, f"Removed the mail account {name}{removal.said}.")
    return redirect("/settings")


def _accounts_changed(the_desk) -> None:
    """config.toml's accounts were written: read it again, and wake the desk's mail loop, so that
    its next round (which uses them) comes now rather than within a minute."""
    the_desk.reload_config()
    if the_desk.mail is not None:
        the_desk.mail.wake()


# --- an account's edit form -------------------------------------------------------------------
# /settings/accounts/NAME/edit: what `afterview account add` gave it, changed in place
# (`delivery.account_edit.edit_account`): the rest of config.toml is kept, a setting left as it is
# stays as written, and the password, never shown, stays as it is unless one is typed.

# Its fields: the form's name for each, its id and label on the page, and the setting it fills in.
EDIT_FIELDS = {
    "account_email": ("e-email", "Address you send from", "email"),
    "display_name": ("e-display", "Your name as recipients see it", "display_name"),
    "smtp_host": ("e-smtp", "SMTP server", "smtp_host"),
    "smtp_port": ("e-smtp-port", "SMTP port", "smtp_port"),
    "smtp_tls": ("e-smtp-tls", "SMTP security", "smtp_tls"),
    "imap_host": ("e-imap", "IMAP server", "imap_host"),
    "imap_port": ("e-imap-port", "IMAP port", "imap_port"),
    "imap_tls": ("e-imap-tls", "IMAP security", "imap_tls"),
    "user": ("e-user", "Login", "user"),
    "insecure_login": ("e-insecure", "Log in without TLS all the same", "insecure_login"),
    "tls_ca_file": ("e-ca", "Certificate authority file", "tls_ca_file"),
    "drafts_folder": ("e-drafts", "Drafts folder", "drafts_folder"),
    "sent_folder": ("e-sent", "Sent folder", "sent_folder"),
    "read_folders": ("e-read", "Other folders replies are read from", "read_folders"),
    "append_sent": ("e-append", "A copy in the Sent folder", "append_sent"),
    "secret": ("e-s-keyring", "Where the password comes from", "secret"),
    "password": ("e-password", "Password or app password", "password"),
    "password_env": ("e-env", "Variable name", "password_env"),
    "password_command": ("e-command", "Password command", "password_command"),
    "token_command": ("e-token", "Token command", "token_command"),
}
# ... by the setting a refusal of `edit_account` names (EditRefused.key)
EDIT_FIELD_OF = {setting: (field_id, label) for field_id, label, setting in EDIT_FIELDS.values()}
# The fields as `versions` digests them (the form's values, the password and commands never among them).
EDIT_VERSIONED = ("account_email", "display_name", "smtp_host", "smtp_port", "smtp_tls", "imap_host", "imap_port",
                  "imap_tls", "user", "insecure_login", "tls_ca_file", "drafts_folder", "sent_folder",
                  "read_folders", "append_sent", "secret", "password_env")


def account_shown(section: dict, account) -> dict[str, str]:
    """An account as its edit form shows it (and as its version digests it): the settings in
    effect, but a port only when the section gives one (empty: its TLS mode's usual port, or its
    preset's), and never a password or a command (it may hold the secret)."""
    from afterview.delivery.account_edit import source_of

    return {"account_email": account.email, "display_name": account.display_name,
            "smtp_host": account.smtp_host, "smtp_port": str(section.get("smtp_port", "")),
            "smtp_tls": account.smtp_tls, "imap_host": account.imap_host,
            "imap_port": str(section.get("imap_port", "")), "imap_tls": account.imap_tls, "user": account.user,
            "insecure_login": "yes" if account.insecure_login else "", "tls_ca_file": account.tls_ca_file,
            "drafts_folder": account.drafts_folder, "sent_folder": account.sent_folder,
            "read_folders": "\n".join(account.read_folders), "append_sent": "yes" if account.append_sent else "",
            "secret": source_of(section), "password_env": str(section.get("password_env", ""))}


def _account_now(the_desk, name: str):
    """The account `name` as config.toml has it now: (its section as written, the Account, what is
    wrong with it: "" for one that can be used). One written wrong (accounts.Accounts.broken) is
    opened as `afterview account edit` opens it, from its section as written: the Account is the
    one its settings written right make (`_lenient`), and the form shows the rest as written."""
    from afterview.delivery.account_edit import read_section
    from afterview.errors import NotFound
    from afterview.interfaces.web.views import page_link

    accounts = the_desk.accounts()
    problem = getattr(accounts, "broken", {}).get(name, "")
    if name not in accounts and not problem:
        raise NotFound(f"no mail account named {quoted(name)}: it may have been removed (in another tab, or in "
                       f"the terminal). {page_link('/settings#acc-h', 'See the mail accounts')}")
    section = read_section(the_desk.paths.config_file, name)
    if not problem:
        return section, accounts[name], ""
    return section, _lenient(name, section), problem


def _lenient(name: str, section: dict):
    """The account an [accounts.NAME] section written wrong makes with its wrong settings left
    out (an unknown key, a value of the wrong kind): what the form shows for the settings it
    does not give, and what it checks a save by."""
    import dataclasses

    from afterview.config import ACCOUNT_KEYS
    from afterview.delivery import accounts as acc
    from afterview.errors import ConfigError

    right = {key: value for key, value in section.items() if key in ACCOUNT_KEYS and not ACCOUNT_KEYS[key](value)}
    try:
        return acc.from_section(name, right)
    except (ConfigError, TypeError, ValueError):
        pass
    values = dict(acc.PRESETS.get(right.get("preset") or "", {}))
    fields = {field.name for field in dataclasses.fields(acc.Account)} - {"name"}
    values.update({key: value for key, value in right.items() if key in fields})
    try:
        return acc.Account(name=name, **{**values, **acc.default_ports(right, right.get("preset"))})
    except (TypeError, ValueError):
        return acc.Account(name=name, email=str(right.get("email", "")))


def _as_written(section: dict, shown: dict) -> dict[str, str]:
    """An account written wrong as its edit form shows it: each setting its section gives, as
    written there (a port written as text, "30401", in its field), the others as `account_shown`."""
    shown = dict(shown)
    for field, (_, _, setting) in EDIT_FIELDS.items():
        if field not in shown or setting not in section or field in ("secret",):
            continue
        value = section[setting]
        if setting in ("insecure_login", "append_sent"):
            shown[field] = "yes" if value is True or str(value).strip().lower() in ("true", "yes") else ""
        elif isinstance(value, list):
            shown[field] = "\n".join(str(item) for item in value)
        else:
            shown[field] = str(value)
    return shown


def _unknown_keys(the_desk, name: str, section: dict) -> list[str]:
    """The keys of an account's section the form cannot show (misspelt, or no setting at all),
    each with its line in config.toml: "emial (line 3)"."""
    from afterview.config import ACCOUNT_KEYS

    return [f"{key}{the_desk.config.line_of('accounts', name, key)}" for key in section if key not in ACCOUNT_KEYS]


def _written_wrong_said(the_desk, name: str, section: dict, problem: str) -> tuple[str, str]:
    """What the edit form of an account written wrong says above it: what is wrong, and the keys
    it cannot show, which only the file puts right ("" when there are none)."""
    unknown = _unknown_keys(the_desk, name, section)
    cannot = ""
    if unknown:
        cannot = (f"This form cannot show {', '.join(unknown)}: correct that line in config.toml "
                  f"({the_desk.paths.config_file}), then open this page again")
    return problem, cannot


def _edit_context(the_desk, name: str) -> dict:
    from afterview.delivery.accounts import PRESETS, command_shown, keyring_usable

    section, account, problem = _account_now(the_desk, name)
    profile = the_desk.read(lambda tx: tx.profile())
    shown = account_shown(section, account)
    if problem:
        shown = _as_written(section, shown)
    preset = section.get("preset") if section.get("preset") in PRESETS else ""
    usual = {protocol: f"{getattr(account, f'{protocol}_port')}" for protocol in ("smtp", "imap")}
    commands = {key: command_shown(section[key]) for key in ("password_command", "token_command")
                if isinstance(section.get(key), str) and section.get(key)}
    written_wrong, cannot = _written_wrong_said(the_desk, name, section, problem) if problem else ("", "")
    return {"account": account, "shown": shown, "preset": preset, "usual_ports": usual, "commands": commands,
            "profile": profile, "keyring_usable": keyring_usable(), "config_file": str(the_desk.paths.config_file),
            "written_wrong": written_wrong, "cannot_show": cannot,
            "version": versions.version({key: shown[key] for key in EDIT_VERSIONED})}


async def edit_account_page(request, *, error: str | AfterviewError = "", values: dict | None = None, status: int = 200,
                            stored: dict | None = None, error_at_top: bool = False):
    """An account's edit form, filled in as config.toml has it (or as typed, after a refusal)."""
    name = request.path_params.get("name", "")
    context = await run(_edit_context, desk(request), name)
    return page(request, "account_edit.html", status=status, error=error, values=values or {}, stored=stored or {},
                error_at_top=error_at_top, **context)


def _edit_values(data: dict[str, str], account, profile_name: str):
    """The edit form read into (the settings wanted, where the secret comes from): every field
    wrong said at once, beside it (`common.Fields`); nothing is written here."""
    from afterview.delivery.account_edit import Secret, typed_folder, typed_port, typed_tls
    from afterview.delivery.accounts import command_problem, env_name_problem, is_env_name
    from afterview.delivery.accounts import read_folders_problem
    from afterview.domain.values import parse_email
    from afterview.interfaces.web.common import Fields
    from afterview.services.delivery import name_to_keep

    fields, wanted = Fields(), {}

    def at(name: str):
        return fields.at(EDIT_FIELDS[name][0], EDIT_FIELDS[name][1])

    with at("account_email"):
        email = data.get("account_email", "").strip()
        if not email:
            raise InvalidInput("give the address you send from")
        wanted["email"] = parse_email(email)
    with at("display_name"):
        typed = " ".join(_one_line(data.get("display_name", ""), 200).split())
        wanted["display_name"] = name_to_keep(typed, profile_name)  # your profile's: not written, it follows it
    for key in ("smtp_host", "imap_host", "user"):
        with at(key):
            wanted[key] = _one_line(data.get(key, ""), 255).strip()
            if key == "smtp_host" and not wanted[key] and account.sender == "smtp":
                raise InvalidInput("give the SMTP server")
    for key in ("smtp_port", "imap_port"):
        with at(key):
            wanted[key] = typed_port(key, data.get(key, ""))
    for key in ("smtp_tls", "imap_tls"):
        with at(key):
            wanted[key] = typed_tls(key, data.get(key, ""))
    wanted["insecure_login"] = data.get("insecure_login") == "yes"
    wanted["append_sent"] = data.get("append_sent") == "yes"
    with at("tls_ca_file"):
        typed = data.get("tls_ca_file", "").strip()
        # kept as written when left as it is (checked when it was given); a new one is read now
        wanted["tls_ca_file"] = typed if typed in ("", account.tls_ca_file) else _ca_file(typed, "e-ca")
    for key in ("drafts_folder", "sent_folder"):
        with at(key):
            wanted[key] = typed_folder(key, data.get(key, ""))
    with at("read_folders"):
        names = [line.strip() for line in data.get("read_folders", "").splitlines() if line.strip()]
        problem = read_folders_problem(names)
        if problem:
            raise InvalidInput(f"give {problem.replace('a list of folder names', 'folder names, one a line')}")
        wanted["read_folders"] = tuple(names)
    source, secret = data.get("secret", ""), None
    if not source and account.secret_source() == "none":
        pass  # an account that names no secret (written so by hand): left so
    elif source == "keyring":
        secret = Secret("keyring", password=data.get("password", "") or None)
    elif source in SECRET_SOURCES:
        key = SECRET_SOURCES[source]
        with at(key):
            typed = data.get(key, "").strip()
            if source == "env" and not typed:
                raise InvalidInput("say which environment variable holds the password")
            if source == "env" and not is_env_name(typed):  # a password typed in the wrong box: never kept
                raise InvalidInput(env_name_problem(typed))
            problem = command_problem(key, typed) if source != "env" and typed else None
            if problem:  # a program not found here: maybe the secret itself, pasted in: never kept either
                raise InvalidInput(problem)
            secret = Secret(source, typed or None)
    else:
        with at("secret"):
            raise InvalidInput("choose where the password comes from")
    fields.check()
    return wanted, secret


def _one_line(typed: str, most: int) -> str:
    """A one-line setting as typed (a name, a server): refused with a line break or another control
    character in it, or longer than `most`."""
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in typed):
        raise InvalidInput("must be one line of text, without control characters")
    if len(typed) > most:
        raise InvalidInput(f"is {len(typed):,} characters long: at most {most} are allowed")
    return typed


# The words of `accounts.plaintext_login`, as the edit form says them (its fields, not config.toml's keys).
_PLAINTEXT = ((re.compile(r'^(?:smtp|imap)_tls = "none"'), '"none"'),
              (re.compile(r'choose "starttls" or "implicit"'), "choose starttls or implicit"),
              (re.compile(r"say insecure_login = true"),
               "tick Log in without TLS to a server on another computer all the same"))


def _refused_at(err) -> AfterviewError:
    """A refusal of `edit_account` (EditRefused) at the field of the setting it names."""
    field_id, label = EDIT_FIELD_OF.get(getattr(err, "key", ""), ("", ""))
    if not field_id:
        return err
    text = str(err)
    for pattern, words in _PLAINTEXT:
        text = pattern.sub(words, text)
    refused = InvalidInput(text)
    refused.field, refused.message = field_id, f"{label}: {text}"
    return refused


def _repairs(wanted: dict, data: dict, shown: dict, section: dict) -> dict:
    """Of the settings the form of an account written wrong sends, those to write, as `afterview
    account edit` is given only the settings to change: each typed other than the form showed it,
    and each whose value is written in the section as another kind than it is read as (a port
    written as text, "30401": 30401, the repair). The others stay as written."""
    kept = {}
    for field, (_, _, setting) in EDIT_FIELDS.items():
        if setting not in wanted:
            continue
        value = wanted[setting]
        typed = str(data.get(field, "")).replace("\r\n", "\n")
        written_so = setting in section and section[setting] == (list(value) if isinstance(value, tuple) else value)
        if typed != shown.get(field, "") or (setting in section and not written_so):
            kept[setting] = value
    return kept


async def edit_account(request):
    """Save an account's edit form (`edit_account`), then back to Settings with what changed."""
    from afterview.delivery.account_edit import EditRefused
    from afterview.delivery.account_edit import edit_account as edit
    from afterview.delivery.accounts import command_problem, is_env_name

    name = request.path_params.get("name", "")
    data = await form(request)
    the_desk = desk(request)

    def write():
        section, account, problem = _account_now(the_desk, name)
        shown = account_shown(section, account)
        if problem:  # written wrong: its form shows the section as written
            shown = _as_written(section, shown)
        labels = {key: EDIT_FIELDS[key][:2] for key in EDIT_VERSIONED}
        # changed since the page was opened (another tab, the terminal): nothing saved (versions.py)
        versions.check(data.get(versions.FIELD), {key: shown[key] for key in EDIT_VERSIONED},
                       {key: data.get(key, "") for key in EDIT_VERSIONED}, labels=labels,
                       what=f"the mail account {name}")
        if problem:
            _, cannot = _written_wrong_said(the_desk, name, section, problem)
            if cannot:  # a line the form cannot show: only the file puts it right
                raise InvalidInput(f"{cannot}; nothing was saved")
        profile_name = (the_desk.read(lambda tx: tx.profile()).name or "").strip()
        wanted, secret = _edit_values(data, account, profile_name)
        if problem:
            wanted = _repairs(wanted, data, shown, section)
        try:
            done = edit(the_desk.paths.config_file, name, wanted, secret=secret)
        except EditRefused as err:
            raise _refused_at(err) from None
        if done.changed:
            _accounts_changed(the_desk)
            form_wrote(the_desk.now())  # config.toml written: the form sent again changes nothing
        return done, account.display_name, wanted.get("display_name", account.display_name), profile_name

    def kept(values: dict) -> dict:
        """The form as it comes back: never the password, nor a variable name that is none or a
        command whose program is not found here (a password or a token pasted into that box)."""
        return {k: v for k, v in values.items() if k not in ("password", "csrf", "once")
                and not (k == "password_env" and v.strip() and not is_env_name(v.strip()))
                and not (k in ("password_command", "token_command") and v.strip() and command_problem(k, v.strip()))}

    try:
        done, was, now, yours = await run(write)
    except versions.EditedMeanwhile as err:  # what was typed, and what changed meanwhile
        values = {**kept({**data, **err.values}), versions.FIELD: err.version}
        return await edit_account_page(request, error=err, values=values, status=409, stored=err.stored,
                                       error_at_top=True)
    except AfterviewError as err:
        return await edit_account_page(request, error=err, values=kept(data), status=400)
    if not done.changed:
        flash(request, f"Nothing to save: the mail account {name} is as it was.")
        return redirect("/settings")
    from afterview.delivery.account_edit import changed_words

    flash(request, f"Saved the mail account {name}: {changed_words(done.changed)} changed.{_name_said(name, was, now, yours)}"
                   " Test the connection below.")
    for note in done.notes:
        flash(request, f"Note: {_note_words(note, name)}.")
    return redirect("/settings")


def _name_said(name: str, was: str, now: str, yours: str) -> str:
    """After an edit that changed the name an account sends under: which it is now, as `afterview
    account edit` says it."""
    if was == now:
        return ""
    if not now:
        return (f" It sends under your profile's name ({yours or 'none yet: give it above'}), as it is when each "
                "note goes.")
    return f" It sends as {now}, a name of its own" + (f" (your profile's is {yours})." if yours else ".")


async def check_mail(request):
    """Run the desk's mail round now (send what is due, read replies) and say what it did."""
    the_desk = desk(request)
    if the_desk.mail is None:
        raise InvalidInput("this desk does not send or read mail (it was started with --no-mail or --at): "
                           "run 'afterview send-due' and 'afterview sync'")
    state = await run(the_desk.mail.run_round)
    for problem in state.problems:
        flash(request, problem, "error")
    flash(request, "Mail checked: " + "; ".join(state.said) + ".")
    return redirect("/settings")


async def new_feed(request):
    the_desk = desk(request)
    token = await run(the_desk.new_feed_token)
    url = str(request.url_for("calendar_feed", token=token))
    return await settings_page(request, feed_url=url)


def _feed_shown(the_desk) -> dict:
    """The calendar feed as Settings says it: {"made": when its address was made} while it works,
    {"stopped": when it was turned off} after, {} when none was ever made (in your zone; UTC while
    config.toml cannot be read, which the page says)."""
    from datetime import datetime

    from afterview.interfaces.web.views import when

    state = the_desk.feed_state()
    if not isinstance(state, dict):
        return {}
    try:
        tz = the_desk.user_tz()
    except AfterviewError:
        tz = "UTC"
    for key, said in (("sha256", "made"), ("stopped", "stopped")):
        if state.get(key):
            moment = state.get("created") if key == "sha256" else state["stopped"]
            try:
                return {said: when(datetime.fromisoformat(str(moment)), tz)}
            except (TypeError, ValueError):
                return {said: "an earlier day"}
    return {}


async def stop_feed(request):
    """Turn the calendar feed off (a box to tick): the address stops working at once."""
    data = await form(request)
    refused = unconfirmed(request, data, "Not turned off: tick the box to turn the calendar feed off.", "/settings")
    if refused is not None:
        return refused
    stopped = await run(desk(request).stop_feed)
    flash(request, "Turned the calendar feed off: its address no longer works. Make a feed address to subscribe again."
          if stopped else "There is no calendar feed to turn off; nothing changed.")
    return redirect("/settings")


# imports -------------------------------------------------------------------------------------
def _format_choices() -> dict:
    """The registered formats for the form: [(group, [(name, label)])], and the file chooser's hint."""
    from afterview.services.imports import formats

    groups: dict[str, list[tuple[str, str]]] = {kind: [] for kind in IMPORT_KINDS}
    found = formats()
    for item in found:
        if item.builtin and item.name in BUILTIN_LABELS:
            label = BUILTIN_LABELS[item.name]
        else:
            label = f"{item.description or item.name} ({item.name}, from {item.plugin})"
        groups[item.produces].append((item.name, label))
    return {"kinds": [(IMPORT_KINDS[kind], choices) for kind, choices in groups.items() if choices],
            "accept": BUILTIN_ACCEPT if all(i.builtin for i in found) else ""}


async def imports_page(request, *, error: str | AfterviewError = "", status: int = 200, preview=None, chosen: str = "",
                       columns: str = ""):
    try:
        choices = await run(_format_choices)
    except AfterviewError as err:  # a broken plugin: say so, on the page
        choices = {"kinds": [], "accept": ""}
        error, status = error or str(err), status if error else 409
    from afterview.importers.tracker import FIELDS

    return page(request, "imports.html", status=status, error=error, preview=preview, chosen=chosen,
                columns=columns or (preview or {}).get("columns", ""), tracker_fields=list(FIELDS), **choices)


def _format(kind: str):
    """The import format the form names: a format's name (or the form's older "calendar")."""
    from afterview.plugins import importer, importers

    name = kind if kind in importers() else OLD_FORM_VALUES.get(kind, kind)
    return importer(name)


def _run_import(the_desk, name: str, path: Path, *, dry_run: bool, columns: str = ""):
    """Import (or dry-run) the file with the format called `name`, through the service of its kind."""
    from afterview.plugins import importer
    from afterview.services import imports

    produces = importer(name).produces
    now, tz = the_desk.now(), the_desk.user_tz()
    if produces == "calendar":
        from afterview.importers.recognition import rule_from_config

        # as `afterview calendar import` reads them: [import.calendar] for the rule and the
        # addresses that are yours, [import] for the limits
        section = the_desk.config.section("import")
        calendar = section.get("calendar", {}) if isinstance(section.get("calendar", {}), dict) else {}
        rule = rule_from_config(calendar)
        profile = the_desk.read(lambda tx: tx.profile())
        mine = tuple(dict.fromkeys([*(a for a in calendar.get("my_addresses", []) if isinstance(a, str)),
                                    *((profile.email,) if profile.email else ())]))
        return imports.import_calendar(the_desk.store, path, now=now, rule=rule, user_tz=tz,
                                       my_addresses=mine, dry_run=dry_run, skip_bad=True, importer=name,
                                       playbook=the_desk.playbook, limits=imports.limits_from_config(section))
    if produces == "connections":
        return imports.import_connections(the_desk.store, path, now=now, user_tz=tz, dry_run=dry_run,
                                          skip_bad=True, importer=name)
    from afterview.importers.tracker import parse_map

    return imports.import_tracker(the_desk.store, path, now=now, user_tz=tz, dry_run=dry_run, skip_bad=True,
                                  importer=name, overrides=parse_map(columns, "Columns"))


def _message_changes(the_desk, report) -> list[str]:
    """What a calendar import's changes did to messages, one sentence each, as the desk says it
    after an interview is edited: the notes made drafts again, and what to check in the drafts."""
    from afterview.interfaces.web.capture import DESK_WORDS
    from afterview.interfaces.web.pages import held_text

    said = [held_text(the_desk, [held])[2:] for held in report.held]
    for edited in report.edited:
        said += [f"Interview {edited.interview.id}: {line}" for line in edited.notes(DESK_WORDS)]
    return said


def _tracker_preview(the_desk, path: Path, name: str, columns: str = ""):
    from afterview.importers.tracker import parse_map
    from afterview.services.imports import preview_tracker

    # on the desk's clock, as the import itself ("Nov 3" is the most recent 3 November)
    return preview_tracker(path, overrides=parse_map(columns, "Columns"), importer=name, now=the_desk.now(),
                           user_tz=the_desk.user_tz())


async def import_preview(request):
    data = await request.form()
    kind = str(data.get("kind", ""))
    upload = data.get("file")
    if not kind:
        return await imports_page(request, error=FormError.of("choose what kind of file it is", "kind"), status=400)
    try:
        chosen = await run(_format, kind)
    except AfterviewError as err:
        return await imports_page(request, error=FormError.of(err, "kind"), status=400)
    if upload is None or isinstance(upload, str) or not upload.filename:
        return await imports_page(request, error=FormError.of("choose a file to import", "file"), status=400,
                                  chosen=chosen.name)
    content = await upload.read()
    upload_id = secrets.token_urlsafe(12)
    # in a folder of its own under the name it was uploaded with: messages name the user's file
    path = upload_folder(request.app) / upload_id / _safe_name(upload.filename)
    name = _shown_name(upload.filename)
    path.parent.mkdir()
    try:
        return await _preview(request, data, chosen, path, name, upload_id, content)
    except BaseException:  # refused, or anything else: the file does not stay behind
        _remove_upload(path)
        raise


async def _preview(request, data, chosen, path: Path, name: str, upload_id: str, content: bytes):
    """The preview of an uploaded file saved at `path` (`import_preview`)."""
    path.write_bytes(content)
    the_desk = desk(request)
    # a spreadsheet's own names for its columns ("Employer=company, Where=source"), as --map
    columns = str(data.get("columns", "")).strip() if chosen.produces == "tracker" else ""
    try:
        if columns:
            from afterview.importers.tracker import parse_map

            with at_field("columns"):  # (the line names the field: "Columns: ...")
                parse_map(columns, "Columns")
        with at_field("file"):  # what is wrong with the file (its name begins the line)
            report = await run(_run_import, the_desk, chosen.name, path, dry_run=True, columns=columns)
            tracker = await run(_tracker_preview, the_desk, path, chosen.name, columns) if chosen.produces == "tracker" else None
        changes = await run(_message_changes, the_desk, report)
    except AfterviewError as err:
        _remove_upload(path)
        return await imports_page(request, error=err, status=400, chosen=chosen.name, columns=columns)
    keep_preview(session(request).uploads, upload_id,
                 {"path": str(path), "format": chosen.name, "name": name, "columns": columns})
    label = BUILTIN_LABELS.get(chosen.name, "") if chosen.builtin else ""
    return await imports_page(
        request, chosen=chosen.name,
        preview={"id": upload_id, "format": chosen.name, "read_as": label or chosen.description or chosen.name,
                 "name": name, "report": report, "tracker": tracker, "columns": columns,
                 "changes": changes})


# Previews kept per session, waiting for Confirm (with their files): uploading more forgets the oldest
# (its file removed) first. A preview confirmed is kept (without its file) to say it was imported.
PREVIEWS_KEPT = 5


def keep_preview(uploads: dict, upload_id: str, pending: dict) -> None:
    """Keep `pending` under `upload_id`, forgetting the oldest previews not confirmed beyond PREVIEWS_KEPT."""
    uploads[upload_id] = pending
    waiting = [key for key, item in uploads.items() if item.get("path") and not item.get("busy")]
    for key in waiting[:max(0, len(waiting) - PREVIEWS_KEPT)]:
        _remove_upload(Path(uploads.pop(key)["path"]))
    done = [key for key, item in uploads.items() if not item.get("path")]
    for key in done[:max(0, len(done) - 50)]:  # "imported already" remembered for the last 50
        uploads.pop(key)


def drop_previews(uploads: dict) -> None:
    """Remove a session's previews not confirmed, and their files (it logged out)."""
    for key, item in list(uploads.items()):
        if item.get("path") and not item.get("busy"):
            _remove_upload(Path(item["path"]))
        uploads.pop(key, None)


def _shown_name(filename: str) -> str:
    """The uploaded file's name as the desk says it: one line, without the characters that act
    instead of showing (domain.values.plain_text: the desk's link marks among them)."""
    from afterview.domain.values import plain_text

    return plain_text(filename)[0][:300] or "the file"


def _safe_name(filename: str) -> str:
    """The uploaded file's own name, without any folder part or control characters."""
    name = "".join(c for c in filename.replace("\\", "/").rsplit("/", 1)[-1] if c.isprintable()).strip()
    # its end (the extension) within 120 bytes: file systems limit names in bytes (255), not letters;
    # checked once cut ("x" and 118 spaces and ".." is ".." once cut and trimmed)
    name = name.encode("utf-8")[-120:].decode("utf-8", "ignore").strip()
    return "upload" if name in ("", ".", "..") else name


def _remove_upload(path: Path) -> None:
    path.unlink(missing_ok=True)
    try:
        path.parent.rmdir()
    except OSError:
        pass


async def import_confirm(request):
    from afterview.interfaces.web.views import page_link, when

    data = await form(request)
    uploads = session(request).uploads
    pending = uploads.get(data.get("upload", ""))
    if pending is not None and pending.get("imported") is not None:  # (its form sent again: see security.py)
        at = when(pending["imported"], await run(desk(request).user_tz))
        return await imports_page(request, status=400, error=(
            f"{pending['name']} was imported already ({at}): nothing was imported again (its preview is used, "
            f"and has expired). {page_link('/pipeline', 'See the pipeline')}"))
    if pending is not None and pending.get("busy"):
        return await imports_page(request, status=409, error=(
            f"{pending['name']} is being imported right now: nothing was imported again. "
            f"{page_link('/pipeline', 'See the pipeline')} in a minute"))
    if pending is None:
        return await imports_page(request, error="that preview has expired: upload the file again", status=400)
    pending["busy"] = True  # (no await since it was read: a second confirm sees it)
    path = Path(pending["path"])
    the_desk = desk(request)
    try:
        report = await run(_run_import, the_desk, pending["format"], path, dry_run=False,
                           columns=pending.get("columns", ""))
    except BaseException as err:  # refused, or anything else: the preview is gone, never left busy
        uploads.pop(data.get("upload", ""), None)
        if isinstance(err, AfterviewError):
            return await imports_page(request, error=str(err), status=400)
        raise
    finally:
        pending["busy"] = False
        _remove_upload(path)
        the_desk.changed()
    # the preview is done with: kept only to say, if it is confirmed again, that it was imported
    pending.update(imported=the_desk.now(), path="")
    form_wrote(the_desk.now())
    changes = await run(_message_changes, the_desk, report)  # as after an interview is edited
    flash(request, "".join([f"Imported {pending['name']}: {report.summary()}", *(f". {c}" for c in changes)]))
    return redirect("/pipeline")


ROUTES = [
    Route("/settings", settings_page),
    Route("/settings/profile", save_profile, methods=["POST"]),
    Route("/settings/accounts", add_account, methods=["POST"]),
    Route("/settings/mail/check", check_mail, methods=["POST"]),
    Route("/settings/accounts/{name}/test", test_account, methods=["POST"]),
    Route("/settings/accounts/{name}/remove", remove_account, methods=["POST"]),
    Route("/settings/accounts/{name}/edit", edit_account_page),
    Route("/settings/accounts/{name}/edit", edit_account, methods=["POST"]),
    Route("/settings/calendar-feed", new_feed, methods=["POST"]),
    Route("/settings/calendar-feed/off", stop_feed, methods=["POST"]),
    Route("/imports", imports_page),
    Route("/imports/preview", import_preview, methods=["POST"]),
    Route("/imports/confirm", import_confirm, methods=["POST"]),
    *form_pages({"/settings/profile": "/settings", "/settings/accounts": "/settings", "/settings/mail/check": "/settings",
                 "/settings/accounts/{name}/test": "/settings", "/settings/accounts/{name}/remove": "/settings",
                 "/settings/calendar-feed": "/settings", "/settings/calendar-feed/off": "/settings",
                 "/imports/preview": "/imports", "/imports/confirm": "/imports"}),
]
