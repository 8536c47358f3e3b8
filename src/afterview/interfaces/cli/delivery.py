"""`afterview account|approve|send|send-due|worker|sync|replies`: delivery and replies."""

from __future__ import annotations

import contextlib

from pathlib import Path

import click

from afterview.interfaces.cli.common import (
    Env, echo, fmt_time, in_tx, json_option, pass_env, plans_after, print_json, table, withdraw_unplanned,
)

# accounts.PRESETS' names, kept here so that loading the command line needs no more than click
PRESETS = ["gmail", "outlook", "microsoft365", "fastmail", "icloud", "proton-bridge"]


def _accounts(env: Env, *, say_broken: bool = False):
    """The accounts of config.toml (accounts.Accounts); with `say_broken`, each one written wrong
    said in one line on stderr (the others are used as ever)."""
    from afterview.delivery.accounts import broken_words, load_accounts

    accounts = load_accounts(env.config)
    if say_broken:
        for name, problem in sorted(accounts.broken.items()):
            echo(f"afterview: {broken_words(name, problem)}", err=True)
    return accounts


def _id(value: str, what: str = "message") -> int:
    from afterview.services.pipeline import parse_id

    return parse_id(value, what)


# --- accounts -------------------------------------------------------------------------------

@click.group()
def account() -> None:
    """Mail accounts: add, edit, list, test, remove (passwords stay in your keyring, env or a command)."""


@account.command("add")
@click.argument("name")
@click.option("--email", required=True, help="The address you send from.")
@click.option("--preset", type=click.Choice(PRESETS), help="Server settings of a common provider.")
@click.option("--name", "display_name", default="",
              help="A name of its own for recipients to see (default: your profile's name, as it is when each "
                   "note goes).")
@click.option("--smtp-host", default=None, help="The SMTP server (needed without --preset).")
@click.option("--smtp-port", type=int, default=None,
              help="Default: the preset's, else by --smtp-tls: 465 implicit, 587 starttls or none.")
@click.option("--smtp-tls", type=click.Choice(["implicit", "starttls", "none"]), default=None,
              help="Default: the preset's, else starttls.")
@click.option("--imap-host", default=None, help="The IMAP server.")
@click.option("--imap-port", type=int, default=None,
              help="Default: the preset's, else by --imap-tls: 993 implicit, 143 starttls or none.")
@click.option("--imap-tls", type=click.Choice(["implicit", "starttls", "none"]), default=None,
              help="Default: the preset's, else implicit.")
@click.option("--user", default=None, help="Login name for both servers, when it is not the address.")
@click.option("--password-keyring", is_flag=True, help="Read the password from the OS keyring (service afterview, user NAME).")
@click.option("--ask-password", is_flag=True, help="Ask for the password now (not echoed) and keep it in the OS keyring.")
@click.option("--password-env", default=None, metavar="VAR", help="Read the password from this environment variable.")
@click.option("--password-command", default=None, metavar="CMD", help="Run CMD; its first output line is the password.")
@click.option("--auth", type=click.Choice(["password", "xoauth2"]), default=None,
              help="Default: as the secret given says (a password source: password; --token-command: xoauth2), "
                   "else the preset's.")
@click.option("--token-command", default=None, metavar="CMD", help="Prints an OAuth2 access token (auth xoauth2).")
@click.option("--append-sent/--no-append-sent", default=None, help="Copy sent mail into Sent (off when the server does it).")
@click.option("--rate", "rate_per_minute", type=int, default=None, help="At most this many messages a minute (0: no limit).")
@click.option("--drafts-folder", "drafts_folder", default=None, metavar="NAME",
              help="Its Drafts folder, as the server names it (default: the one marked Drafts, else a known name).")
@click.option("--sent-folder", "sent_folder", default=None, metavar="NAME",
              help="Its Sent folder, as the server names it (default: the one marked Sent, else a known name).")
@click.option("--read-folder", "read_folders", multiple=True, metavar="NAME",
              help="Also read replies from this folder, besides the INBOX (one a filter or rule of yours files "
                   "them into); give it again for another.")
@click.option("--tls-ca-file", "tls_ca_file", default=None, metavar="FILE",
              help="Trust this CA certificate (PEM): a self-hosted server with its own (self-signed) certificate.")
@click.option("--insecure-login", "insecure_login", is_flag=True, default=None,
              help="Log in without TLS to a server on another computer all the same (the password crosses the "
                   "network unencrypted).")
@pass_env
def account_add(env: Env, name: str, email: str, preset: str | None, ask_password: bool, **settings) -> None:
    """Add an account to config.toml (never a password: only where to find it).

    Give one secret: a password (--ask-password, --password-keyring, --password-env or
    --password-command) or, for OAuth2, --token-command; the sign-in follows it."""
    from afterview.delivery.accounts import account_notes, add_account, from_section, keyring_usable
    from afterview.errors import InvalidInput

    settings["password_keyring"] = settings["password_keyring"] or None
    settings["insecure_login"] = settings["insecure_login"] or None  # written only when said
    # your profile's name given as the account's is not written: written, it would stay the
    # sender's name after the profile's is corrected (the account's own name wins)
    from afterview.services.delivery import name_to_keep

    given = settings["display_name"]
    settings["display_name"] = name_to_keep(given, _profile_name(env))
    merely_yours = bool(given.strip()) and not settings["display_name"]
    if settings["tls_ca_file"]:  # kept absolute: later commands run from other folders
        settings["tls_ca_file"] = str(Path(settings["tls_ca_file"]).expanduser().absolute())
    ask = None
    if ask_password:
        if settings["password_env"] or settings["password_command"]:
            raise InvalidInput("--ask-password keeps the password in the keyring: leave out --password-env "
                               "and --password-command")

        def ask() -> str:  # only once the rest is checked: a typo is said before the prompt
            return click.prompt("Password (or app password)", hide_input=True, confirmation_prompt=True, err=True)

    from afterview.delivery.accounts import SettingRefused

    try:
        values = add_account(env.paths.config_file, name, email=email, preset=preset, ask=ask, **settings)
    except SettingRefused as err:  # said as the option typed: the file was not written
        raise InvalidInput(_option_words(str(err), err.key, ADD_OPTIONS)) from None
    from afterview.domain.values import address_note

    stored = address_note(email)
    echo(f"added account {name} to {env.paths.config_file}" + (f"; its address {stored}" if stored else "")
         + ("; its password is in the keyring" if ask_password else ""))
    if merely_yours:
        echo(f"note: --name is your profile's name, so it is not written: the account sends under your profile's "
             f"name as it is when each note goes (afterview profile set --name changes it)", err=True)
    for note in account_notes(name, values):
        echo(f"note: {note}", err=True)
    if values.get("password_keyring") and not ask_password and not keyring_usable():
        echo("note: this system has no keyring, so the password cannot be read from one: give it with "
             f"password_env or password_command in [accounts.{name}] instead", err=True)
    if not any(k in values for k in ("password_keyring", "password_env", "password_command", "token_command")):
        if from_section(name, values).auth == "xoauth2":
            echo(f"next: say how to get an access token: token_command = \"...\" (a command that prints one) in "
                 f"[accounts.{name}]; then: afterview account test {name}")
        elif keyring_usable():
            echo(f"next: say where its password comes from, e.g. `keyring set afterview {name}` and "
                 f"password_keyring = true in [accounts.{name}]; then: afterview account test {name}")
        else:
            echo(f"next: say where its password comes from: password_env = \"VARIABLE\" or "
                 f"password_command = \"...\" in [accounts.{name}] (this system has no keyring); "
                 f"then: afterview account test {name}")


def _profile_name(env: Env) -> str:
    """Your profile's name ("" when there is no database yet, or none is recorded)."""
    from afterview.errors import StorageError

    try:
        store = env.store(create=False)
    except StorageError:
        return ""
    with store.reading() as tx:
        return (tx.profile().name or "").strip()



# `account add`'s options that are not named as their setting is (--smtp-host for smtp_host)
ADD_OPTIONS = {"rate_per_minute": "--rate", "read_folders": "--read-folder", "display_name": "--name"}


def _option_words(said: str, key: str, options: dict) -> str:
    """A refusal that begins with a setting's name ("smtp_host: ...") begun with the option typed
    for it instead ("--smtp-host: ...")."""
    if not key or not said.startswith(f"{key}:"):
        return said
    option = options.get(key) or "--" + key.replace("_", "-")
    return f"{option}{said[len(key):]}"


# `account edit`'s options for the settings of the desk's edit form: the setting each changes
# (delivery.account_edit.EDITABLE), by click's parameter name
EDIT_OPTIONS = {"email": "--email", "display_name": "--name", "smtp_host": "--smtp-host", "smtp_port": "--smtp-port",
                "smtp_tls": "--smtp-tls", "imap_host": "--imap-host", "imap_port": "--imap-port",
                "imap_tls": "--imap-tls", "user": "--user", "insecure_login": "--insecure-login",
                "tls_ca_file": "--tls-ca-file", "drafts_folder": "--drafts-folder", "sent_folder": "--sent-folder",
                "read_folders": "--read-folder", "append_sent": "--append-sent", "rate_per_minute": "--rate"}
# ... and where the password comes from: the option, and the source it names (account_edit.SOURCES)
SECRET_OPTIONS = {"ask_password": ("--ask-password", "keyring"), "password_env": ("--password-env", "env"),
                  "password_command": ("--password-command", "command"),
                  "token_command": ("--token-command", "token")}


@account.command("edit")
@click.argument("name")
@click.option("--email", default=None, metavar="ADDRESS", help="The address you send from.")
@click.option("--name", "display_name", default=None, metavar="TEXT",
              help="A name of its own for recipients to see, instead of your profile's.")
@click.option("--profile-name", is_flag=True,
              help="Send under your profile's name, as it is when each note goes (its own name is taken out).")
@click.option("--smtp-host", default=None, metavar="HOST", help="The SMTP server.")
@click.option("--smtp-port", default=None, metavar="PORT",
              help='Its port; "" for the usual one (the preset\'s, else by its security: 465 implicit, 587 '
                   'starttls or none).')
@click.option("--smtp-tls", default=None, metavar="implicit|starttls|none", help="Its security.")
@click.option("--imap-host", default=None, metavar="HOST", help='The IMAP server ("": none, replies are not read).')
@click.option("--imap-port", default=None, metavar="PORT",
              help='Its port; "" for the usual one (the preset\'s, else by its security: 993 implicit, 143 '
                   'starttls or none).')
@click.option("--imap-tls", default=None, metavar="implicit|starttls|none", help="Its security.")
@click.option("--user", default=None, metavar="LOGIN",
              help='Login name for both servers ("": the address).')
@click.option("--drafts-folder", default=None, metavar="NAME",
              help='Its Drafts folder, as the server names it ("": the one marked Drafts, else a known name).')
@click.option("--sent-folder", default=None, metavar="NAME",
              help='Its Sent folder, as the server names it ("": the one marked Sent, else a known name).')
@click.option("--read-folder", "read_folders", multiple=True, metavar="NAME",
              help='Read replies from this folder too, besides the INBOX; give it again for another (these replace '
                   'the ones it has; "" alone: none).')
@click.option("--tls-ca-file", default=None, metavar="FILE",
              help='Trust this CA certificate (PEM) ("": the system\'s).')
@click.option("--insecure-login/--no-insecure-login", default=None,
              help="Log in without TLS to a server on another computer all the same, or no longer.")
@click.option("--append-sent/--no-append-sent", default=None, help="Copy sent mail into Sent, or not.")
@click.option("--rate", "rate_per_minute", default=None, metavar="N",
              help="At most this many messages a minute (0: no limit).")
@click.option("--ask-password", is_flag=True,
              help="Ask for a new password (not echoed) and keep it in the OS keyring.")
@click.option("--password-env", default=None, metavar="VAR", help="Read the password from this environment variable.")
@click.option("--password-command", default=None, metavar="CMD", help="Run CMD; its first output line is the password.")
@click.option("--token-command", default=None, metavar="CMD", help="Prints an OAuth2 access token (auth xoauth2).")
@click.option("--test", "then_test", is_flag=True,
              help="Then connect to both servers with the changed settings, as afterview account test does.")
@pass_env
def account_edit(env: Env, name: str, display_name: str | None, profile_name: bool, then_test: bool,
                 **given) -> None:
    """Change an account's settings in config.toml, as the desk does, keeping the rest of the file.

    Only what you give changes; "" puts a setting back to its default. A password is never
    given on the command line: --ask-password asks for it and keeps it in the OS keyring."""
    from afterview.delivery.account_edit import EditRefused, Secret, edit_account
    from afterview.errors import InvalidInput

    secrets = [option for key, (option, _) in SECRET_OPTIONS.items() if given[key] not in (None, False)]
    settings = [option for key, option in EDIT_OPTIONS.items() if given.get(key) not in (None, ())]
    if display_name is not None and profile_name:
        raise InvalidInput("give one of --name TEXT (a name of its own) or --profile-name (your profile's), not both")
    if display_name is None and not profile_name and not secrets and not settings:
        raise InvalidInput(f"give one of --name TEXT or --profile-name, or another setting to change (afterview "
                           f"account edit --help lists them; to check the account as it is: afterview account "
                           f"test {name})")
    if len(secrets) > 1:
        raise InvalidInput(f"give one place the password comes from, not {len(secrets)}: {', '.join(secrets)}")
    try:
        wanted = _edit_wanted(given, display_name, profile_name, env)
        secret = next((Secret(source, given[key] if source != "keyring" else None)
                       for key, (_, source) in SECRET_OPTIONS.items() if given[key] not in (None, False)), None)
        done = edit_account(env.paths.config_file, name, wanted, secret=secret, ask=_ask_password)
    except EditRefused as err:
        raise InvalidInput(_refusal_words(err, name)) from None
    _say_edited(env, name, done, wanted, given)
    if then_test:
        _test_edited(env, name, done)
    elif set(done.changed) - {"display_name", "rate_per_minute"}:  # (neither changes a connection)
        echo(f"to check it: afterview account test {name}")


def _ask_password() -> str:
    return click.prompt("New password (or app password)", hide_input=True, confirmation_prompt=True, err=True)


def _edit_wanted(given: dict, display_name: str | None, profile_name: bool, env: Env) -> dict:
    """The settings `account edit` was given, as `edit_account` takes them, each checked as the
    desk's form checks it (EditRefused naming the setting)."""
    from afterview.delivery import account_edit as typed
    from afterview.errors import InvalidInput
    from afterview.services.delivery import name_to_keep

    wanted: dict = {}
    if given["email"] is not None:
        wanted["email"] = typed.typed_email(given["email"])
    if display_name is not None:
        if any(ord(ch) < 32 or ord(ch) == 127 for ch in display_name) or len(display_name) > 200:
            raise InvalidInput("--name must be one line of at most 200 characters, without control characters")
        display_name = " ".join(display_name.split())
        if not display_name:
            raise InvalidInput("--name is empty: give the name recipients should see, or --profile-name to send "
                               "under your profile's")
        # your profile's name is not written, so that the account follows the profile
        wanted["display_name"] = name_to_keep(display_name, _profile_name(env))
    elif profile_name:
        wanted["display_name"] = ""
    for key in ("smtp_host", "imap_host", "user"):
        if given[key] is not None:
            wanted[key] = typed.typed_line(key, given[key], 255)
    for key in ("smtp_tls", "imap_tls"):
        if given[key] is not None:
            wanted[key] = typed.typed_tls(key, given[key].strip())
    for key in ("smtp_port", "imap_port"):
        if given[key] is not None:
            wanted[key] = typed.typed_port(key, given[key])
    for key in ("drafts_folder", "sent_folder"):
        if given[key] is not None:
            wanted[key] = typed.typed_folder(key, given[key])
    if given["read_folders"]:
        wanted["read_folders"] = typed.typed_read_folders(given["read_folders"], "folder names, one to each "
                                                                                  "--read-folder")
    if given["tls_ca_file"] is not None:
        wanted["tls_ca_file"] = typed.typed_ca_file(given["tls_ca_file"], Path.cwd())
    for key in ("insecure_login", "append_sent"):
        if given[key] is not None:
            wanted[key] = given[key]
    if given["rate_per_minute"] is not None:
        rate = given["rate_per_minute"].strip()
        if not rate.isdigit() or not rate.isascii():
            raise InvalidInput(f"--rate must be a whole number of messages a minute, 0 or more (0: no limit), "
                               f"not {given['rate_per_minute']!r}")
        wanted["rate_per_minute"] = int(rate)
    return wanted


def _refusal_words(err, name: str) -> str:
    """A refusal of `account edit` (EditRefused) in one line naming the option it is about."""
    said = (str(err).replace("say insecure_login = true", f"say so: afterview account edit {name} --insecure-login")
            .replace("afterview account add NAME --ask-password", f"afterview account edit {name} --ask-password"))
    option = EDIT_OPTIONS.get(err.key) or next((o for k, (o, s) in SECRET_OPTIONS.items() if k == err.key), "")
    if err.key == "password":
        option = "--ask-password"
    if not option:
        return said
    if said.startswith(err.key):  # the setting's name: the option typed for it instead ("--smtp-host: ...")
        return _option_words(said, err.key, {err.key: option})
    return f"{option}: {said}"


def _say_edited(env: Env, name: str, done, wanted: dict, given: dict) -> None:
    """What `account edit` changed: the name it sends under as before, the rest in words, the notes."""
    from afterview.delivery.account_edit import changed_words

    if "display_name" in wanted:
        yours = _profile_name(env)
        if not wanted["display_name"]:
            shown = f" ({yours})" if yours else " (none yet: afterview profile set --name NAME)"
            echo(f"account {name} sends under your profile's name{shown}, as it is when each note goes")
        else:
            echo(f"account {name} sends as {wanted['display_name']}, a name of its own"
                 + (f" (your profile's is {yours})" if yours else ""))
    others = [key for key in done.changed if key != "display_name"]
    if others:
        echo(f"saved account {name} in {env.paths.config_file}: {changed_words(others)} changed")
    elif not done.changed and "display_name" not in wanted:
        echo(f"account {name} is as it was: nothing changed")
    if "email" in done.changed:
        from afterview.domain.values import address_note

        stored = address_note(given["email"])
        if stored:
            echo(f"note: its address {stored}", err=True)
    for note in done.notes:
        echo(f"note: {note}", err=True)
    for protocol in ("smtp", "imap"):  # a port written in the section stays when the security changes
        if f"{protocol}_tls" not in done.changed or given[f"{protocol}_port"] is not None:
            continue
        port = _written_port(env, name, protocol)
        if port is not None:
            echo(f"note: the {protocol.upper()} port stays {port}, as written in [accounts.{name}]; for the usual "
                 f"port of its security: --{protocol}-port \"\"", err=True)


def _written_port(env: Env, name: str, protocol: str):
    from afterview.delivery.account_edit import read_section

    return read_section(env.paths.config_file, name).get(f"{protocol}_port")


def _test_edited(env: Env, name: str, done) -> None:
    """`account edit --test`: the account as saved, connected to as `account test` does."""
    from afterview.config import load_config
    from afterview.delivery.accounts import get_account
    from afterview.errors import DeliveryError
    from afterview.services.delivery import test_account

    checks = test_account(get_account(load_config(env.paths), name))
    for check in checks:
        echo(f"{check.what}: {check.status or ('ok' if check.ok else 'FAILED')}: {check.detail}")
    if not all(c.ok for c in checks):
        kept = "the changes are saved" if done.changed else "nothing was changed"
        raise DeliveryError(f"the account test failed (see above); {kept}: change them with afterview account "
                            f"edit {name}")


@account.command("list")
@json_option
@pass_env
def account_list(env: Env, as_json: bool) -> None:
    """The configured accounts (without secrets)."""
    from afterview.delivery.accounts import broken_words, host_port

    accounts = _accounts(env)
    if as_json:
        from afterview.delivery.accounts import command_shown

        def shown(a) -> dict:
            fields = {k: getattr(a, k) for k in a.__slots__}
            for key in ("password_command", "token_command"):  # as listings show them: the program only
                if fields.get(key):
                    fields[key] = command_shown(fields[key])
            return {**fields, "secret_source": a.secret_source(), "problem": None}

        listed = {name: shown(a) for name, a in accounts.items()}
        listed.update({name: {"name": name, "problem": problem} for name, problem in accounts.broken.items()})
        print_json([listed[name] for name in accounts.names()])
        if accounts.broken:
            raise SystemExit(2)
        return None
    rows = {a.name: [a.name, a.email,
                     f"sender {a.sender}" if a.sender != "smtp" else f"{host_port(a.smtp_host, a.smtp_port)} {a.smtp_tls}",
                     f"mailbox {a.mailbox}" if a.mailbox != "imap" else
                     f"{host_port(a.imap_host, a.imap_port)} {a.imap_tls}" if a.imap_host
                     else "no IMAP (replies are not read)",
                     a.secret_source()] for a in accounts.values()}
    rows.update({name: [name, "-", "cannot be used (see below)", "-", "-"] for name in accounts.broken})
    table(["name", "email", "smtp", "imap", "password from"], [rows[name] for name in accounts.names()])
    for name, problem in sorted(accounts.broken.items()):  # listed above; what is wrong, as sync says it
        echo(f"afterview: {broken_words(name, problem)}", err=True)
    if accounts.broken:
        raise SystemExit(2)


@account.command("test")
@click.argument("name", required=False)
@pass_env
def account_test(env: Env, name: str | None) -> None:
    """Connect to SMTP and IMAP separately and say precisely what failed."""
    from afterview.delivery.accounts import get_account
    from afterview.errors import DeliveryError
    from afterview.services.delivery import checked, test_account

    tested = get_account(env.config, name)
    checks = test_account(tested)
    for check in checks:
        echo(f"{check.what}: {check.status or ('ok' if check.ok else 'FAILED')}: {check.detail}")
    released = checked(env.store(), tested.name, checks, now=env.now)
    if released:
        echo(released)
    if not all(c.ok for c in checks):
        raise DeliveryError("the account test failed (see above)")


@account.command("remove")
@click.argument("name")
@click.option("--forget-password/--keep-password", default=True,
              help="Delete its password from the OS keyring too (the default, as on the desk), or leave it there.")
@pass_env
def account_remove(env: Env, name: str, forget_password: bool) -> None:
    """Remove an account from config.toml, and its password from the OS keyring unless
    --keep-password; says what became of the password."""
    from afterview.delivery.accounts import remove_account

    removal = remove_account(env.paths.config_file, name, forget=forget_password)
    echo(f"removed account {name}{removal.said}")


# --- approving and sending ------------------------------------------------------------------

@click.command()
@click.argument("draft")
@click.option("--account", "account_name", help="Send from this account.")
@click.option("--despite-errors", is_flag=True, help="Approve it although the review found errors in it.")
@click.option("--withdraw", is_flag=True,
              help="Take the approval back: a draft again, not sent by SMTP (then it may go out another way). "
                   "Of a draft copied out: take that copy back (removed from Drafts), so that its text may change.")
@click.option("--smtp-instead", is_flag=True,
              help="A copy already went to Drafts, an .eml file or a link: send it by SMTP instead (a copy in "
                   "Drafts is removed first).")
@click.option("--resend", is_flag=True,
              help="Its last send's outcome is unknown and you are sure it did not arrive: send it again.")
@click.option("--not-sent", "not_sent", is_flag=True,
              help="With --smtp-instead or --withdraw: its copy is gone from Drafts and you are sure it was not "
                   "sent from your mail program.")
@pass_env
def approve(env: Env, draft: str, account_name: str | None, despite_errors: bool, withdraw: bool,
            smtp_instead: bool, resend: bool, not_sent: bool) -> None:
    """Approve a draft for sending (then: afterview send DRAFT --now | --at WHEN).

    Approved before the moment the plan suggests (a thank-you before its interview has ended
    and an hour has passed, a Friday's note before Monday morning), it is scheduled for that
    moment, as the desk does; otherwise it goes out with the outbox's next round.

    A draft the review finds errors in is approved only with --despite-errors. With --withdraw,
    an approved or scheduled message becomes a draft again: the outbox does not send it, and it
    may go to Drafts, an .eml file or a mailto: link instead (or be approved again).

    One way out per message: a draft already copied to Drafts, an .eml file or a link is not
    approved (send that copy, then `afterview done`), unless --smtp-instead: then its copy in
    Drafts is removed (one already sent from there is marked sent instead), and it is approved.
    While that copy is out its text does not change here; --withdraw takes the copy back (removed
    from Drafts; a file or a link cannot be: do not send it), and it is a plain draft again. A copy
    gone from Drafts and not found in Sent may have been sent from your mail program: neither is
    done unless --not-sent says it was not.

    Never sent twice: a message whose last send's outcome is unknown (interrupted after the
    server may have taken it) may have arrived, so it is not approved unless --resend says it
    did not. If it did arrive, mark its action done instead (afterview done KEY).
    """
    from afterview.domain.model import Message, MessageState
    from afterview.services import delivery

    if withdraw:
        return _withdraw(env, draft, account_name, despite_errors, smtp_instead, resend, not_sent)
    if not_sent and not smtp_instead:
        from afterview.errors import InvalidInput

        raise InvalidInput("--not-sent goes with --smtp-instead (or --withdraw): it says that a copy gone from "
                           "your Drafts folder was not sent")
    message_id = _id(draft)
    accounts = _accounts(env)
    removed = 0
    if smtp_instead:  # the copy in Drafts first (no network inside a transaction); nothing approved if it fails
        removed = delivery.withdraw_copy(env.store(), message_id, now=env.now, accounts=accounts, not_sent=not_sent)

    from afterview.services.planning import effective_playbook

    playbook = effective_playbook(env.config, env.paths)
    asked = dict(now=env.now, accounts=accounts, account=account_name, despite_errors=despite_errors,
                 config=env.config, instead_of_copy=smtp_instead, playbook=playbook, resend=resend)

    def check(tx):
        # Approved before its planned moment (a thank-you before the interview has ended, a
        # Friday's note on Friday night), it goes out then, as on the desk: not at the next round.
        # The plan and the review are made here, outside the write lock (they are the slow part).
        planned = delivery.planned_moment(tx, tx.get(Message, message_id), now=env.now, playbook=playbook)
        return delivery.check_approval(tx, message_id, at=planned, **asked)

    def use_case(tx):
        before = tx.get(Message, message_id)
        checked = found if found.holds(tx, message_id, now=env.now, at=found.at, despite_errors=despite_errors) \
            else None  # something changed since: all of it made again here
        planned = found.at if checked is not None else delivery.planned_moment(tx, before, now=env.now,
                                                                                playbook=playbook)
        message = delivery.approve(tx, message_id, at=planned, checked=checked, **asked)
        if planned is not None:
            # the planned moment is said on their clock too (a 03:30 of yours is 08:00 of theirs),
            # with the review's warnings for it, as for a note that goes at once
            message, judged = delivery.schedule_checked(
                tx, message_id, when=planned, now=env.now, config=env.config, playbook=playbook,
                checked=(message, checked.moment) if checked is not None else None)
            return before, message, planned, judged
        # it goes out with the next round: its moment's warnings said, as `send --now` says them
        judged = checked.moment if checked is not None else delivery.judge_moment(tx, message, env.now, env.config,
                                                                                  now=env.now)
        return before, message, planned, judged

    try:
        with env.store().reading() as tx:
            found = check(tx)
        before, message, planned, judged = in_tx(env, use_case)
    except delivery.ReviewErrors as err:
        from afterview.errors import Conflict

        if err.timing_only:  # the moment (now), which `show` does not judge: said in full already
            raise Conflict(f"{err}; to approve it all the same: afterview approve {err.message_id} --despite-errors") from None
        raise Conflict(f"{err} (see {'it' if len(err.errors) == 1 else 'them'}: afterview show {err.message_id}; "
                       f"approve anyway: afterview approve {err.message_id} --despite-errors)") from None
    echo(f"approved message {message.id} to {message.to_address} from {message.account}"
         + ("; its copy in Drafts was removed" if removed else "")
         + ("; it goes out again at your word (its last send's outcome was unknown)"
                  if delivery.outcome_unknown(before) else ""))
    if planned is not None:
        echo(f"it goes out {your_time(planned, env.user_tz, theirs=judged.zone)}, the planned moment (afterview send "
             f"{message.id} --now or --at WHEN to change it)")
        echo("it goes then only if the desk (afterview serve) or `afterview worker` is running at that moment, "
             "or when you next run `afterview send-due`")
        say_timing(judged.warnings)
    elif judged is not None and message.channel.value == "email":
        echo(f"it goes out at the next round of `afterview worker` or `send-due`, that is now: "
             f"{your_time(env.now, env.user_tz, theirs=judged.zone)}; to choose the moment: "
             f"afterview send {message.id} --at WHEN")
        echo("nothing sends it unless the desk (afterview serve) or `afterview worker` is running, "
             "or you run `afterview send-due`")
        say_timing(judged.warnings)
    if smtp_instead and delivery.copied_out(before):
        if not before.note.startswith("placed in "):
            echo(f"note: message {message.id} was {before.note.split(';')[0]}: do not send that copy too",
                 err=True)
        elif not removed:  # gone from Drafts, and you said it was not sent (--not-sent)
            echo(f"note: no copy of message {message.id} was found in Drafts (by its Message-ID), and you said it "
                 "was not sent: if your mail program keeps one there under another name, delete it", err=True)
    if before.state == MessageState.FAILED and before.last_error.startswith("bounced:"):
        from afterview.domain.values import address_key

        reason = delivery.one_line(before.last_error.removeprefix("bounced:").strip(), 120)
        from afterview.delivery.bounces import not_the_address

        why = not_the_address(before.last_error.removeprefix("bounced:").strip())
        if why and address_key(before.to_address) == address_key(message.to_address):  # a full mailbox
            echo(f"note: message {message.id} bounced last time ({reason}): {why}; it goes to "
                 f"{message.to_address} again")
        elif address_key(before.to_address) == address_key(message.to_address):
            echo(f"warning: message {message.id} bounced last time ({reason}): check that {message.to_address} "
                 f"is right before it goes out (afterview person edit {message.person_id} --email ...)", err=True)
        else:  # a new address given since is the answer to that warning (docs/delivery.md)
            echo(f"message {message.id} bounced last time at {before.to_address} ({reason}); it goes to "
                 f"{message.to_address} now, the address you gave since")
    with env.store().reading() as tx:  # from a copy of the database or a restore: it may have gone from there
        carried = delivery.carried_note(tx, message, accounts)
    if carried:
        echo(f"warning: {carried}", err=True)


def _withdraw(env: Env, draft: str, account_name: str | None, despite_errors: bool, smtp_instead: bool,
              resend: bool = False, not_sent: bool = False) -> None:
    from afterview.errors import InvalidInput
    from afterview.services import delivery

    if account_name or despite_errors or smtp_instead or resend:
        raise InvalidInput("--withdraw takes the approval back: leave out --account, --despite-errors, "
                           "--smtp-instead and --resend")
    message_id = _id(draft)
    from afterview.domain.model import Message
    from afterview.services.drafting import copy_is_out

    if copy_is_out(in_tx(env, lambda tx: tx.get(Message, message_id))):  # its copy out is taken back instead
        return _take_back(env, message_id, not_sent)
    if not_sent:
        raise InvalidInput(f"--not-sent goes with a copy placed in your Drafts folder; message {message_id} has "
                           "none out to take back")
    message, was = in_tx(env, lambda tx: delivery.withdraw_approval(tx, message_id, now=env.now))
    if delivery.outcome_unknown(message):  # approved again after an unknown outcome: back to that
        echo(f"message {message.id} is failed again, its outcome unknown (it was {was.value} to be sent "
             f"again): it will not be sent by SMTP, and it may have arrived: {_unknown_ways(message)}")
        return
    echo(f"message {message.id} is a draft again (it was {was.value}): it will not be sent by SMTP. "
         f"Next: afterview send {message.id} --to-drafts | --eml FOLDER | --mailto, "
         f"or approve it again (afterview approve {message.id})")


def _take_back(env: Env, message_id: int, not_sent: bool = False) -> None:
    """`approve ID --withdraw` of a note copied out: that copy taken back (removed from Drafts),
    a plain draft again, whose text may change (services.delivery.take_back_copy)."""
    from afterview.services import delivery

    back = delivery.take_back_copy(env.store(), message_id, now=env.now, accounts=_accounts(env), not_sent=not_sent)
    if back.in_drafts:
        copy = ("its copy was removed from your Drafts folder, so it cannot go out from there" if back.removed else
                "no copy of it was found in your Drafts folder (by its Message-ID), and you said it was not sent: if "
                "your mail program keeps one there under another name, delete it")
    else:
        copy = f"it was {back.where}: that copy cannot be taken back, so do not send it"
    if back.kept:  # edited in the mail program: those words are the note's now
        copy += f"; {delivery.EDITS_KEPT.format(id=message_id)} (afterview show {message_id})"
    echo(f"message {message_id} is a draft again: {copy}. Change it (afterview edit {message_id}), then copy it out "
         f"again (afterview send {message_id} --to-drafts | --eml FOLDER | --mailto) or approve it "
         f"(afterview approve {message_id})")


def _unknown_ways(message) -> str:
    """The two ways on from a send whose outcome is unknown, as commands."""
    arrived = (f"afterview done {message.action_key}" if message.action_key else
               f"afterview discard {message.id}")
    return (f"if it arrived, mark it so: {arrived}; if you are sure it did not, send it again: "
            f"afterview approve {message.id} --resend")


@click.command()
@click.argument("draft")
@click.option("--to-drafts", "to_drafts", is_flag=True, help="Put it in your mailbox's Drafts folder.")
@click.option("--now", "now", is_flag=True, help="Send it by SMTP now (it must be approved).")
@click.option("--at", "when", metavar="WHEN", help="Send it by SMTP at this time (it must be approved).")
@click.option("--eml", type=click.Path(dir_okay=True), help="Write it as an .eml file (or into this folder).")
@click.option("--mailto", "mailto", is_flag=True, help="Print a mailto: link for your mail program.")
@click.option("--account", "account_name", help="Use this account.")
@click.option("--despite-errors", is_flag=True,
              help="With --to-drafts, --eml or --mailto: copy it out although the review found errors in it.")
@click.option("--resend", is_flag=True,
              help="With --to-drafts, --eml or --mailto: its last send's outcome is unknown and you are sure "
                   "it did not arrive: copy it out all the same.")
@click.option("--force", is_flag=True, help="With --eml FILE: replace the file if it exists.")
@pass_env
def send(env: Env, draft: str, to_drafts: bool, now: bool, when: str | None, eml: str | None, mailto: bool,
         account_name: str | None, despite_errors: bool, resend: bool, force: bool) -> None:
    """Deliver a message: to Drafts, by SMTP now or later, as an .eml file or a mailto: link.

    Copying a message out (--to-drafts, --eml, --mailto) is sending it: as with `approve`, a
    draft the review finds errors in is refused, unless --despite-errors (a thank-you copied out
    before its interview has ended among them: its moment is judged as now), and one whose last
    send's outcome is unknown (it may have arrived) is refused, unless --resend. While a copy is
    out, its text does not change (take it back first: afterview approve DRAFT --withdraw).
    """
    from afterview.errors import Conflict, InvalidInput
    from afterview.services import delivery

    given = {"drafts": to_drafts, "now": now, "at": when is not None, "eml": eml is not None, "mailto": mailto}
    chosen = [way for way, asked in given.items() if asked]
    if len(chosen) != 1:
        raise InvalidInput("choose one way out: --to-drafts, --now, --at WHEN, --eml FILE or --mailto")
    if despite_errors and chosen[0] in ("now", "at"):
        raise InvalidInput("--despite-errors goes with --to-drafts, --eml or --mailto: a message sent by SMTP "
                           "was reviewed when approved (afterview approve DRAFT --despite-errors), and the moment "
                           "it goes out is judged when it is set (an error in it asks for another time)")
    if resend and chosen[0] in ("now", "at"):
        raise InvalidInput("--resend goes with --to-drafts, --eml or --mailto: to send it by SMTP again, approve "
                           "it again (afterview approve DRAFT --resend)")
    if force and chosen[0] != "eml":
        raise InvalidInput("--force goes with --eml FILE: it replaces an existing file of that name")
    message_id = _id(draft)
    review = {"review": True, "despite_errors": despite_errors, "config": env.config}
    if resend:
        review["resend"] = True
    import shlex

    again = {"drafts": "--to-drafts", "eml": f"--eml {shlex.quote(eml or '')}{' --force' if force else ''}",
             "mailto": "--mailto"}.get(chosen[0])
    try:
        _SENDERS[chosen[0]](env, message_id, when=when, eml=eml, account=account_name, review=review, force=force)
    except delivery.ReviewErrors as err:
        if err.timing_only:  # the moment (now), which `show` does not judge: said in full already
            raise Conflict(f"{err}; to copy it out all the same: afterview send {err.message_id} {again} "
                           "--despite-errors") from None
        raise Conflict(f"{err} (see {'it' if len(err.errors) == 1 else 'them'}: afterview show {err.message_id}; "
                       f"copy it out anyway: afterview send {err.message_id} {again} --despite-errors)") from None
    except delivery.UnknownOutcome as err:
        if again is None:  # by SMTP: approving it again is the way (approve's own words)
            raise
        flags = " --despite-errors" if despite_errors else ""
        raise delivery.UnknownOutcome(err.record, f"afterview send {message_id} {again}{flags} --resend") from None


def _send_drafts(env: Env, message_id: int, account: str | None, review: dict, **_) -> None:
    from afterview.services import delivery

    folder = delivery.to_drafts(env.store(), message_id, now=env.now, accounts=_accounts(env), account=account,
                                playbook=_playbook(env), **review)
    replaced = " (it replaces the earlier copy there)" if getattr(folder, "replaced", 0) else ""
    echo(f"message {message_id} is in {folder}{replaced}: review and send it from your mail program")
    echo(f"once you have sent it: `afterview sync` finds it in your Sent folder and marks it sent"
         f"{_or_done(env, message_id, ' (or: ', ')')}")


def _send_eml(env: Env, message_id: int, eml: str, account: str | None, review: dict, force: bool = False,
              **_) -> None:
    from afterview.errors import InvalidInput
    from afterview.services import delivery

    if not eml.strip():  # an empty name is not the current folder
        raise InvalidInput("no file name given: give the .eml file (or the folder) to write")
    path = delivery.to_eml(env.store(), message_id, Path(eml), now=env.now, accounts=_accounts(env), account=account,
                           force=force, playbook=_playbook(env), **review)
    echo(f"wrote {path}: open it in your mail program and send it from there")
    echo(_once_sent(env, message_id))


def _send_mailto(env: Env, message_id: int, review: dict, **_) -> None:
    from afterview.services import delivery

    playbook = _playbook(env)
    echo(in_tx(env, lambda tx: delivery.to_mailto(tx, message_id, now=env.now, playbook=playbook, **review)))
    echo(_once_sent(env, message_id), err=True)  # the link alone on stdout: it may be piped to a browser


def _once_sent(env: Env, message_id: int) -> str:
    """How to record that the user sent the copy themselves (Afterview cannot see it go out)."""
    done = _or_done(env, message_id, "", "")
    if done:
        return f"once you have sent it: {done} (its follow-ups then count from it)"
    return (f"once you have sent it: message {message_id} has no planned action to mark done; "
            f"`afterview discard {message_id}` takes it off your drafts")


def _or_done(env: Env, message_id: int, before: str, after: str) -> str:
    """`afterview done KEY` for the message's action, wrapped in before/after; "" without one."""
    from afterview.domain.model import Message

    key = in_tx(env, lambda tx: tx.get(Message, message_id).action_key)
    return f"{before}afterview done {key}{after}" if key else ""


def _send_at(env: Env, message_id: int, when: str, **_) -> None:
    moment = env.parse_when(when)
    playbook = _playbook(env)
    message, judged = _scheduled(env, message_id, moment, playbook)
    typed = moment.tzinfo if message.scheduled_at == moment else None  # not "now" for a time just past
    echo(f"message {message_id} will be sent at "
         f"{your_time(message.scheduled_at, env.user_tz, typed, theirs=judged.zone)} "
         "by `afterview worker` (or the next `afterview send-due`)")
    say_timing(judged.warnings)


def _scheduled(env: Env, message_id: int, when, playbook):
    """The message scheduled for `when` (now: sent by the caller), and the moment as judged: the
    review and the plan read first in a transaction that only reads, so that other programs (a
    worker recording its sends) do not wait for them; then written in a short one."""
    from afterview.services import delivery

    with env.store().reading() as tx:
        checked = delivery.check_schedule(tx, message_id, when=when, now=env.now, config=env.config,
                                          playbook=playbook)
    return in_tx(env, lambda tx: delivery.schedule_checked(tx, message_id, when=when, now=env.now, config=env.config,
                                                           playbook=playbook, checked=checked))


def say_timing(findings, *, sent_now: bool = False) -> None:
    """The review's warnings about the moment a message goes out (a weekend, a holiday, the
    night, late), on stderr: what `show` and `lint --draft` list with the text's findings.
    `sent_now` (`send --now`): the note goes at once, as the user asked, so each is said without
    its advice (another moment, another wording), which can no longer be taken for it."""
    for f in findings:
        hint = f" - {f.suggestion}" if f.suggestion and not sent_now else ""
        echo(f"warning: {f.message} [{f.code}]{hint}", err=True)


def your_time(moment, tz: str, typed=None, theirs: str = "") -> str:
    """A moment in the user's zone, named: 'Tue 2026-12-01 01:30 your time (America/Chicago)',
    then ', 08:30 in Europe/Berlin' when it was typed in another zone (`typed`: its tzinfo), and
    ', 02:30 their time (America/New_York)' in the recipient's own zone (`theirs`) when it is not
    yours."""
    from afterview.domain.values import zone

    if moment is None:
        return ""
    home = moment.astimezone(zone(tz))
    text = f"{fmt_time(moment, tz)} your time ({tz})"

    def shown(there) -> str:
        return f"{there:%H:%M}" if there.date() == home.date() else f"{there:%a %Y-%m-%d %H:%M}"

    their_zone = _zone_or_none(theirs) if theirs and theirs != tz else None
    if typed is not None:
        there = moment.astimezone(typed)
        name = getattr(typed, "key", None)  # an IANA zone; else a fixed offset (ISO "+01:00" or "Z")
        if name is None and there.utcoffset() == home.utcoffset():
            name = tz  # the user's own offset: nothing more to say
        elif name is None:
            offset = f"{there:%z}"
            name = "UTC" if not there.utcoffset() else f"UTC{offset[:3]}:{offset[3:]}"
        if name != tz and (their_zone is None or name != theirs):
            text = f"{text}, {shown(there)} in {name}"
    if their_zone is not None:
        text = f"{text}, {shown(moment.astimezone(their_zone))} their time ({theirs})"
    return text


def _zone_or_none(name: str):
    from afterview.domain.values import zone
    from afterview.errors import InvalidInput

    try:
        return zone(name)
    except InvalidInput:  # a zone recorded before it was checked: the recipient's time is not said
        return None


def _put_back_waiting(env: Env, report, message_id: int, before) -> None:
    """The message `send --now` set for now, which waits for its account (it was not tried): back
    as it was, approved (or scheduled for its own moment), as `send-due` leaves it; its line says
    the state it keeps."""
    from afterview.services import delivery

    said = dict(report.waiting).get(message_id)
    if said is None or before is None:
        return
    state = in_tx(env, lambda tx: delivery.as_before_now(tx, message_id, before=before, now=env.now))
    if state is not None and ": it stays " in said:
        said = f"{said.rsplit(': it stays ', 1)[0]}: it stays {state.value}"
        report.waiting = [(i, said if i == message_id else why) for i, why in report.waiting]


def _send_now(env: Env, message_id: int, **_) -> None:
    from afterview.domain.model import Message
    from afterview.errors import Conflict, DeliveryError
    from afterview.services import delivery

    playbook = _playbook(env)
    with env.store().reading() as tx:  # as it was: put back so when its account cannot send
        before = next(iter(tx.list(Message, id=[message_id])), None)  # (none: refused below, as ever)
    try:
        _, judged = _scheduled(env, message_id, env.now, playbook)
    except Conflict:
        _sent_elsewhere(env, message_id)  # another program took it (or sent it) first: said as such
        raise
    say_timing(judged.warnings, sent_now=True)  # said before it goes: sending now is the user's call, knowingly
    with finishing_sends() as asked:
        report = delivery.send_due(env.store(), now=env.now, accounts=_accounts(env), only=[message_id],
                                   playbook=playbook, tz=env.user_tz)
    _put_back_waiting(env, report, message_id, before)
    _print_report(report, env.user_tz, env)
    stop_if_asked(asked)
    if message_id not in report.sent:
        problem = next((p for p in report.account_problems if message_id in p.messages), None)
        if problem is not None:  # the account, not the message: said as such
            raise DeliveryError(f"message {message_id} was not sent: {problem.line()}")
        if not _said(report, message_id):  # not due any more: another program claimed it, or sent it
            _sent_elsewhere(env, message_id, claimed=message_id in report.skipped)
        if any(message_id == entry[0] for entry in report.unknown):  # it may have arrived: never "not sent"
            raise DeliveryError(f"message {message_id} was not confirmed sent (see above)")
        raise DeliveryError(f"message {message_id} was not sent (see above)")


@contextlib.contextmanager
def finishing_sends():
    """SIGTERM and SIGHUP (a cron job's `timeout`, a terminal closed) wait while the sends under
    way finish and are recorded: stopped in the middle of a send, its outcome would be unknown
    (the server may have taken it). Yields the signals asked for; `stop_if_asked` then ends the
    command as they asked, once what was sent is said. Ctrl-C stops at once, as ever."""
    import signal

    asked: list[int] = []
    kept = {number: signal.signal(number, lambda got, _frame: asked.append(got))
            for number in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield asked
    finally:
        for number, handler in kept.items():
            signal.signal(number, handler)


def stop_if_asked(asked: list[int]) -> None:
    """End the command with status 128 + the signal a `finishing_sends` block deferred, if any."""
    if asked:
        echo(f"afterview: stopped by signal {asked[0]} once the sends under way were recorded", err=True)
        raise SystemExit(128 + asked[0])


def _said(report, message_id: int) -> bool:
    """Whether `_print_report` said something of this message."""
    return any(message_id == entry[0] for entry in report.retrying + report.failed + report.unknown
               + report.reconciled + report.waiting + report.held_back) or bool(report.held_by_rate)


def _sent_elsewhere(env: Env, message_id: int, claimed: bool = False) -> None:
    """A message `send --now` did not send because another Afterview program (a worker, a
    send-due, another send --now) claimed it first or sent it already, or because it is gone
    otherwise (discarded, marked sent): a Conflict saying which, in the words every way out uses
    (`delivery.gone`). `claimed`: the outbox found it claimed by another program (then it is said
    so whatever became of that send since). Nothing when it can still go and was not claimed
    (the caller's own error then stands)."""
    from afterview.domain.model import Message
    from afterview.errors import Conflict
    from afterview.services.delivery import gone

    def read(tx):
        message = tx.get(Message, message_id)
        return gone(tx, message, now=env.now, tz=env.user_tz, playbook=_playbook(env))

    line = in_tx(env, read)
    if line:
        raise Conflict(line)
    if claimed:  # that program is done with it already (it failed, or waits to be tried again)
        raise Conflict(f"message {message_id} was being sent by another Afterview program meanwhile: it is not "
                       f"sent twice (afterview show {message_id} says how it went)")


_SENDERS = {"drafts": _send_drafts, "eml": _send_eml, "mailto": _send_mailto, "at": _send_at, "now": _send_now}


def _playbook(env: Env):
    from afterview.services.planning import effective_playbook

    return effective_playbook(env.config, env.paths)


def _print_report(report, tz: str, env: Env | None = None, *, echo=echo, named: bool = False) -> None:
    """What a round of the outbox did, one line each; a retry's time in the user's zone (`tz`).
    With `env`, a send whose outcome is unknown is said with the ways on from it (commands), and
    with `named` (the worker's log), each message sent with what it was and to whom ("sent
    message 5, thank-you note to Priya Raman"). `echo`: how each line is said."""
    names = _named(env, report.sent) if named and env is not None and report.sent else {}
    for message_id in report.sent:
        echo(f"sent message {message_id}{names.get(message_id, '')}")
    for message_id, note in report.uncopied:  # sent, but its copy was not filed in Sent: said now, not only in show
        echo(f"message {message_id}: {note}")
    for message_id, state in report.reconciled:
        echo(f"message {message_id}: found in the Sent folder after an interruption: {state}")
    for message_id, said in report.recorded_late:
        echo(f"message {message_id} {said}")
    retries = {r.message_id: r for r in report.retries}
    for message_id, reason in report.retrying:
        retry = retries.get(message_id)
        if retry is not None:
            reason = f"{retry.error}; next try {your_time(retry.at, tz)}"
        echo(f"message {message_id} will retry: {reason}")
    for message_id, reason in report.failed:
        echo(f"message {message_id} failed: {reason}")
    unknown = _stored(env, [i for i, _ in report.unknown]) if env is not None and report.unknown else {}
    for message_id, reason in report.unknown:  # the reason says "outcome unknown: ..." itself
        ways = f": {_unknown_ways(unknown[message_id])}" if message_id in unknown else ""
        echo(f"message {message_id} outcome unknown: {reason.removeprefix('outcome unknown').lstrip(': ')}"
             f"{ways}")
    for message_id, why in report.waiting:
        echo(f"message {message_id} {why}")
    if report.held_by_rate:
        echo(f"{report.held_by_rate} message(s) held back by the rate limit; they go out on the next run")
    for message_id, why in report.held_back:
        echo(f"message {message_id}: {why}")
    for message_id, why in report.checking:  # still in its lease: said, not only "nothing due"
        echo(f"message {message_id} {why}")
    if report.stopped:
        count = len(report.stopped)
        echo(f"{count} due message{'' if count == 1 else 's'} not tried: stopped before {'its' if count == 1 else 'their'} "
             f"turn; {'it stays' if count == 1 else 'they stay'} approved or scheduled for the next run")


def _named(env: Env, ids: list[int]) -> dict[int, str]:
    """", thank-you note to Priya Raman" for each of these messages, by id."""
    from afterview.domain.model import Message, Person, message_named

    with env.store().reading() as tx:
        messages = tx.list(Message, id=ids)
        people = {p.id: p.name for p in tx.list(Person, id=sorted({m.person_id for m in messages}))}
    return {m.id: f", {message_named(m.kind, people.get(m.person_id)).removeprefix('the ')}" for m in messages}


def _stored(env: Env, ids: list[int]) -> dict:
    """These messages as stored now, by id."""
    from afterview.domain.model import Message

    return {m.id: m for m in in_tx(env, lambda tx: tx.list(Message, id=ids))}


def _nothing_due(env: Env) -> str:
    """"nothing due", or when a retry is waiting, "nothing due now; message 4 is tried again at ..."."""
    from afterview.services import delivery

    waiting = in_tx(env, lambda tx: delivery.retries_waiting(tx, env.now))
    if not waiting:
        return "nothing due"
    first = waiting[0]
    more = len(waiting) - 1
    others = f" ({more} more after it: afterview drafts)" if more else ""
    return (f"nothing due now; message {first.id} is tried again at {your_time(first.scheduled_at, env.user_tz)}"
            f"{others}")


def _merged(first, then):
    """One report of a run: what `first` found (the reconciliation), then what `then` did."""
    import dataclasses

    from afterview.services.delivery import SendReport

    return SendReport(**{f.name: getattr(first, f.name) + getattr(then, f.name) for f in dataclasses.fields(SendReport)})


@click.command("send-due")
@click.option("--quiet", "-q", is_flag=True,
              help="Say nothing when nothing was due (for cron, which mails you whatever a job prints).")
@json_option
@pass_env
def send_due(env: Env, quiet: bool, as_json: bool) -> None:
    """Send approved messages that are due, once (interrupted sends are reconciled, and said, first).

    New mail is read first, from each account with an IMAP server (as `afterview sync` reads
    it): a reply that came since stops its follow-up before it goes. A status follow-up or
    closing the loop from an account whose mail could not be read waits for the next run.

    An account that cannot send (its server unreachable, its password wrong or unreadable) is
    said in one line on stderr, with exit status 2. Its due messages are not failed for it and
    spend none of their attempts: they wait, approved or scheduled, and go once its server can
    be reached (tried again after a pause) or once it is fixed.

    A message this run found failed for good (the server refused it) or whose send's outcome
    it found unknown (a send interrupted after the server may have taken it) ends the command
    with exit status 3, so that a script run by cron can tell you: each is said above. 3 wins
    over 2 when the same run found both. A later
    run that finds nothing new ends with 0. With --quiet, a run that finds nothing to do prints
    nothing (what it sends, and every problem, is said as ever).
    """
    from afterview.services import delivery

    accounts = _accounts(env, say_broken=True)
    from afterview.services.planning import effective_playbook

    playbook = effective_playbook(env.config, env.paths)
    unread: dict[str, str] = {}
    with finishing_sends() as asked:
        first = delivery.reconcile(env.store(), now=env.now, accounts=accounts, tz=env.user_tz)
        if not as_json:  # interrupted sends are settled first, and said first
            _print_report(first, env.user_tz, env)
        report = delivery.SendReport()
        if not asked:  # a stop asked for: what is under way finishes, nothing new begins
            _, _, unread, held = delivery.read_first(env.store(), now=env.now, accounts=accounts, playbook=playbook,
                                                     say=(lambda line: None) if as_json else echo)
            report.held_back.extend(held)
            delivery.send_due(env.store(), now=env.now, accounts=accounts, report=report, playbook=playbook,
                              unread=unread, should_stop=lambda: bool(asked), config=env.config, tz=env.user_tz)
    then, report = report, _merged(first, report)
    status = delivery.send_due_status(report, unread)
    if status:  # the result stands even if the reader of the report goes away (`| head -1`)
        from afterview.interfaces.cli.main import keep_status

        keep_status(status)
    if as_json:
        print_json(report)
    else:
        _print_report(then, env.user_tz, env)
        if not (report.sent or report.failed or report.retrying or report.unknown or report.reconciled
                or report.recorded_late or report.held_by_rate or report.held_back or report.waiting or report.stopped or asked) \
                and not quiet:
            echo(_nothing_due(env))
    stop_if_asked(asked)
    for problem in report.account_problems:
        echo(f"afterview: {problem.line()}", err=True)
    for name, why in unread.items():
        echo(f"afterview: replies to {name} could not be read: {why}", err=True)
    if status:  # 3: a failed send or one of unknown outcome (for the job to tell you); else 2: an account that cannot send
        raise SystemExit(status)


@click.command()
@click.option("--interval", type=float, default=60.0, show_default=True,
              help="Seconds between rounds, 5 to 86400 (new mail wakes it early).")
@pass_env
def worker(env: Env, interval: float) -> None:
    """Keep sending due messages and syncing replies until stopped (Ctrl-C or SIGTERM).

    A reply it reads withdraws at once the notes the plan no longer has (as `sync` does). An
    account that cannot send or be read is said in one line on stderr, once (again when that
    changes); its messages are not failed for it.

    With afterview's --at (`afterview --at "2026-12-01 09:00" worker`), its clock starts at that
    moment and runs on from there: every round (what is due, the rate limit, what it records)
    reads that one clock, as `afterview --at ... send-due` does.
    """
    import math
    import signal

    from afterview.errors import InvalidInput
    from afterview.services import delivery

    if not (math.isfinite(interval) and 5 <= interval <= 86_400):  # not a busy loop against the mail servers
        raise InvalidInput(f"--interval must be between 5 seconds and a day, got {interval:g}")

    stop = {"now": False}

    def request_stop(signum, _frame):
        stop["now"] = True

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
    from afterview.services.planning import effective_playbook

    tz = env.user_tz
    playbook = effective_playbook(env.config, env.paths)
    clock = _clock(env)  # a bad --at is said before the start too
    env.store()  # opened (and checked) first: a database it cannot use is its one line, not a start
    say = _stamped(clock, tz)
    say(f"worker started (times in your zone, {tz}); stop it with Ctrl-C")
    delivery.run_worker(env.store(), accounts=_accounts(env, say_broken=True), clock=clock,
                        should_stop=lambda: stop["now"], stop_now=lambda: stop["now"], interval=interval, say=say,
                        say_send=lambda report: _print_report(report, tz, env, echo=say, named=True),
                        warn=lambda line: echo(f"afterview: {line}", err=True), playbook=playbook,
                        config=env.config, tz=tz)
    say("worker stopped")


def _stamped(clock, tz: str):
    """How the worker says a line: after the minute it is said at, in the user's zone
    ("2026-11-26 10:04 sent message 5, ..."; in the hour the clocks go back, with which reading
    it is: "2026-11-01 01:30 CDT ...", then "2026-11-01 01:30 CST ...": `values.wall_clock`), on
    a line of its own at once, whatever the output is (a log file is written line by line, not
    when the worker ends)."""
    import sys

    from afterview.domain.values import wall_clock
    from afterview.planner.facts import safe_zone

    zone = safe_zone(tz, "UTC")
    with contextlib.suppress(AttributeError, ValueError):  # a stream that cannot say it (a test's)
        sys.stdout.reconfigure(line_buffering=True)

    def say(line: str) -> None:
        echo(f"{wall_clock(clock(), zone, '%Y-%m-%d %H:%M')} {line}")

    return say


def _clock(env: Env):
    """The worker's clock: the real time, or, with --at, that moment running on with the real
    seconds (one clock for all it does: never --at for one thing and today for another)."""
    import time
    from datetime import datetime, timedelta, timezone

    if env.at is None:
        return lambda: datetime.now(timezone.utc)
    start, began = env.now, time.monotonic()
    return lambda: start + timedelta(seconds=time.monotonic() - began)


# --- replies --------------------------------------------------------------------------------

@click.command()
@click.option("--account", "account_name", help="Only this account.")
@click.option("--since", metavar="DATE",
              help="Also read again the mail that came from this day on (YYYY-MM-DD or '10 days ago'): "
                   "mail from an address recorded after it came. Nothing is recorded twice.")
@json_option
@pass_env
def sync(env: Env, account_name: str | None, since: str | None, as_json: bool) -> None:
    """Read new replies, out-of-office notes and bounces from the INBOX (and the account's read_folders)."""
    from afterview.services import delivery

    from afterview.delivery.accounts import get_account

    day = None
    if since is not None:
        from afterview.domain.values import parse_date
        from afterview.errors import InvalidInput

        day = parse_date(since, now=env.now, tz=env.user_tz)
        from zoneinfo import ZoneInfo

        if day > env.now.astimezone(ZoneInfo(env.user_tz)).date():
            raise InvalidInput(f"--since {since}: {day.isoformat()} is in the future; give a day that has come")

    from afterview.delivery.accounts import broken_words
    from afterview.errors import AfterviewError, ConfigError, DeliveryError

    reports, failures, errors = [], [], []
    if account_name:
        chosen = [get_account(env.config, account_name)]
    else:
        accounts = _accounts(env)
        chosen = list(accounts.values())
        if not chosen and not accounts.broken:
            get_account(env.config, None)  # says how to set one up
        for name, problem in sorted(accounts.broken.items()):  # not read, said with the others not read
            failures.append(f"{name}: {problem}")
            errors.append(ConfigError(broken_words(name, problem)))
    for account in (a for a in chosen if a.has_mailbox):
        try:
            reports.append(delivery.sync(env.store(), now=env.now, account=account, since=day))
        except AfterviewError as err:  # one server down or one password missing: the others are read
            failures.append(f"{account.name}: {err}")
            errors.append(err)
    if len(errors) == 1 and not reports:
        raise errors[0]  # the one account there is: its error, as any command says one
    if failures and not reports:
        raise DeliveryError("; ".join(failures))
    # a folder of read_folders that could not be read: said as an account not read, the rest as read
    failures.extend(f"{report.account}: {problem}" for report in reports for problem in report.unread)
    if as_json:
        print_json(reports)
        _failed_sync(failures)
        return
    for report in reports:
        note = " (the mailbox changed identity: read again, nothing recorded twice)" if report.rescanned else ""
        if report.since is not None and not report.rescanned:
            note = f" (read again from {report.since.isoformat()} on: nothing recorded twice)"
        counted = "new or from then on" if report.since is not None else "new"
        where = f" in INBOX, {', '.join(report.folders)}" if report.folders else ""
        echo(f"{report.account}: {report.scanned} {counted}{where}, {report.fetched} read, {len(report.recorded)} "
             f"recorded{note}")
        for item in report.recorded:
            echo(f"  {delivery.recorded_kind(item)} from {item.from_address}: {delivery.recorded_words(item)}")
        for _reply, line in report.stopped:  # what a reply stopped
            echo(f"  {line}")
        for line in _no_contact_lines(env, report.recorded):  # asked, never done for them
            echo(f"  {line}")
        # a decision date said, who has left: offered with the command that records it, never done
        for line in (in_tx(env, lambda tx, r=report: delivery.offer_lines(tx, r.recorded)) if report.recorded else []):
            echo(f"  {line}")
        for message_id, why in report.delivered:
            echo(f"  message {message_id}: {why}")
        for message_id in report.bounced:
            echo(f"  {report.bounced_line(message_id)}")
        for message_id in report.sent_by_you:
            echo(f"  {delivery.sent_by_you_line(report, message_id)}")
        for line in report.unreadable:  # left where it is, said once: the others were read
            echo(f"  {line}")
        if report.feedback:  # an answer to the rejection reply's request for feedback
            for line in in_tx(env, lambda tx, r=report: [_feedback_line(tx, i) for i in r.feedback]):
                if line:
                    echo(f"  {line}")
    if any(report.recorded for report in reports):
        withdraw_unplanned(env)  # e.g. a follow-up approved before their reply came
    _failed_sync(failures)


def _no_contact_lines(env: Env, records) -> list[str]:
    """For the replies among `records` that ask not to be contacted again: each one's line with the
    command that records it (reading.no_contact_line)."""
    from afterview.delivery.reading import asks_no_contact, no_contact_line

    asking = [r for r in records if r.person_id is not None and asks_no_contact(r)]
    if not asking:
        return []

    def read(tx):
        from afterview.domain.model import Person

        people = {p.id: p for p in tx.list(Person, id=sorted({r.person_id for r in asking}))}
        return [line for line in (no_contact_line(r, people.get(r.person_id)) for r in asking) if line]

    return in_tx(env, read)


def _feedback_line(tx, inbound_id: int) -> str:
    from afterview.domain.model import Inbound
    from afterview.services.delivery import feedback_hint, feedback_line

    record = tx.get(Inbound, inbound_id)
    return feedback_line(tx, record) if feedback_hint(tx, record) else ""  # none once recorded


def _failed_sync(failures: list[str]) -> None:
    """Accounts that could not be read while others were: each said, and exit status 2."""
    for line in failures:
        echo(f"afterview: could not read {line}", err=True)
    if failures:
        raise SystemExit(2)


@click.group(invoke_without_command=True)
@click.option("--all", "show_all", is_flag=True, help="Include confirmed ones.")
@json_option
@click.pass_context
def replies(ctx: click.Context, show_all: bool, as_json: bool) -> None:
    """Replies received; confirm a suggested status change with `replies confirm ID`.

    Every message listed leaves the list once confirmed: an automatic reply or a bounce is
    noted as seen with `replies confirm ID` (what it does to the plan stays). One filed under
    the wrong person or opportunity is re-filed with `replies move ID --person P`; one you
    recorded by mistake (`replies add`) is taken back with `replies remove ID`."""
    if ctx.invoked_subcommand is not None:
        return
    from afterview.interfaces.cli.common import Env as _Env
    from afterview.services import delivery

    env = ctx.ensure_object(_Env)

    def read(tx):
        from afterview.delivery.reading import no_contact_hint, no_contact_line
        from afterview.domain.model import Person

        found = delivery.list_replies(tx, unconfirmed_only=not show_all)
        people = {p.id: p for p in tx.list(Person, id=sorted({r.person_id for r in found if r.person_id is not None}))}
        return found, {r.id: delivery.feedback_hint(tx, r) for r in found}, {
            r.id: (no_contact_hint(r, people.get(r.person_id)), no_contact_line(r, people.get(r.person_id)))
            for r in found}, _offers(tx, found)

    records, feedback, no_contact, offers = in_tx(env, read)
    if as_json:
        return print_json([{**_plain(r), "suggested_status": _suggest(r), "suggested_feedback": feedback[r.id],
                            "suggested_do_not_contact": no_contact[r.id][0], **offers.get(r.id, {}).get("json", {})}
                           for r in records])
    if not records:
        echo("no replies to confirm: `afterview sync` reads new mail (`--all` lists confirmed ones too)"
             if not show_all else "no replies yet: `afterview sync` reads new mail")
        return
    tz = env.user_tz
    rows = [[r.id, fmt_time(r.received_at, tz), delivery.recorded_kind(r), r.from_address, r.opportunity_id or "",
             r.classification.value,
             _suggest(r) or ("feedback" if feedback[r.id] else "") or ("do-not-contact" if no_contact[r.id][0] else "")
             or offers.get(r.id, {}).get("suggest", ""),
             r.return_date or "", delivery.recorded_words(r)[:70]] for r in records]
    table(["id", f"received ({tz})", "kind", "from", "opp", "class", "suggest", "back on", "summary"], rows)
    for r in records:
        if feedback[r.id]:  # an answer to the request for feedback: what to record it with
            echo(f"reply {r.id} may give feedback: {feedback[r.id]}")
        if no_contact[r.id][1]:  # they ask to hear no more: said, never done for them
            echo(no_contact[r.id][1])
        for line in offers.get(r.id, {}).get("lines", []):  # a decision date said, who has left: offered
            echo(line)
        if not r.confirmed and delivery.noted_as_seen(r, None):  # nothing to decide: how it leaves the list
            echo(f"{delivery.incoming_kind(r)} {r.id}: nothing to decide; seen, it leaves this list: "
                 f"afterview replies confirm {r.id}")


def _offers(tx, records) -> dict[int, dict]:
    """For each reply that said a decision date, or says its sender has left: the lines that offer
    what to record (services.delivery.decision_offer, left_notice), the word for the `suggest`
    column, and what --json adds ("suggested_decision_date", "left")."""
    from afterview.delivery.reading import has_left
    from afterview.services import delivery

    wanted = [r for r in records if delivery.stated_decision_of(r) is not None or has_left(r)]
    if not wanted:
        return {}
    facts = tx.facts()
    found: dict[int, dict] = {}
    for r in wanted:
        offer, notice = delivery.decision_offer(facts, r), delivery.left_notice(facts, r)
        view: dict = {"lines": [], "json": {}, "suggest": ""}
        if offer is not None:
            view["lines"].append(offer.line())
            view["suggest"] = "decision-date"
            view["json"]["suggested_decision_date"] = {"date": offer.day.isoformat(), "interview": offer.interview_id,
                                                       "person": offer.person_id, "command": offer.command}
        if notice is not None:
            view["lines"].append(notice.line())
            view["suggest"] = view["suggest"] or ("address" if notice.commands else "")
            view["json"]["left"] = {"words": notice.words, "points_to": delivery.left_points_to(r.summary),
                                    "commands": [command for _, command in notice.commands]}
        found[r.id] = view
    return found


def _plain(record):
    from afterview.interfaces.cli.common import to_jsonable

    return to_jsonable(record)


def _suggest(record) -> str:
    from afterview.services.delivery import suggested_status

    status = suggested_status(record)
    return status.value if status else ""


@replies.command("add")
@click.argument("person")
@click.option("--on", "on", metavar="WHEN", help="When they replied (default: now), e.g. '2027-02-02 14:30' or 'yesterday 16:00'.")
@click.option("--opportunity", "opportunity", metavar="ID",
              help="The opportunity it is about, when they are part of several.")
@click.option("--says", default="", metavar="TEXT", help="What they said, in a few words (kept with the reply).")
@click.option("--status", help="What it means, when it changes the process: rejected, offer, interviewing.")
@click.option("--decision-date", metavar="DATE",
              help="The date they now say they will decide by (YYYY-MM-DD, 'Friday', 'within two weeks': from the "
                   "day of --on): kept in their debrief.")
@pass_env
def replies_add(env: Env, person: str, on: str | None, opportunity: str | None, says: str, status: str | None,
                decision_date: str | None) -> None:
    """Record a reply Afterview could not read: a call, a mail read on your phone.

    As a reply read from your mailbox: the opportunity's pending status follow-ups stop, and a
    follow-up approved to go is taken back. With --status, the process's status changes at once
    (as `replies confirm` does). PERSON: an id, an address or a name.
    """
    from afterview.services import delivery

    playbook = _playbook(env)
    when = env.parse_when(on) if on else None
    chosen = _id(opportunity, "opportunity") if opportunity is not None else None
    def use_case(tx):
        decided = None
        if decision_date is not None:
            from afterview.delivery.replies import typed_decision_date
            from afterview.services.pipeline import find_person

            # "Monday", "within two weeks": from when they said it, as their words (--says) are
            # read; business days and "before Christmas" on their calendar (the employer's)
            country = delivery.employer_country(tx, find_person(tx, person), playbook)
            decided = typed_decision_date(decision_date, when or env.now, env.user_tz, country)
        done = delivery.reply_recorded(tx, person, now=env.now, at=when, opportunity_id=chosen, says=says,
                                       status=status, decision_date=decided, playbook=playbook)
        record = done.inbound
        # what the plan now does with the follow-ups: the desk says it in the same words
        return record, done.opportunity, done.held, delivery.follow_ups_after_reply(
            tx, record, now=env.now, playbook=playbook, decision_date=decided), \
            delivery.decision_told(tx, record), delivery.timing_line(tx, record) if decided is None else "", \
            delivery.reading_line(tx, record), done.confirmed

    record, found, held, said, offer, timing, reading, confirmed = in_tx(env, use_case)
    # a copy out (Drafts, a file, a link) of a note the plan no longer has: taken back, or named
    held = held + delivery.hold_back_planned(env.store(), now=env.now, playbook=playbook)
    about = (f"about opportunity {found.id} ({found.role})" if record.opportunity_id is not None
             else "filed under no opportunity")  # someone only at its company: said in `said`
    echo(f"reply {record.id} recorded: {fmt_time(record.received_at, env.user_tz)}, {about}; {said}")
    if reading:  # their words read as a decision (a rejection ...): to confirm, as for a reply read by sync
        echo(reading)
    if offer is not None:  # a date their words give, not given with --decision-date: offered, as sync offers one
        echo(offer.line())
    elif timing:  # they spoke of when, but no date can be read from their words
        echo(timing)
    if status is not None:
        echo(f"opportunity {found.id} is now {found.status.value}")
        _say_note(confirmed.note(env.user_tz) if confirmed is not None else "")
    for message_id, why in held:
        echo(f"message {message_id}: {why}")


def _say_note(sentence: str) -> None:
    """The note a status change needs (a closed process reopened, a step back, a skip: `StatusMove.note`)."""
    if sentence:
        echo(f"note: {sentence}")


@replies.command("confirm")
@click.argument("reply_id")
@click.option("--status", help="The status it means, when there is no suggestion or it is wrong; "
                               "'none': read, no status change (nothing in the status history).")
@click.option("--opportunity", "opportunity", metavar="ID",
              help="The opportunity it is about, when it matched several or none.")
@pass_env
@plans_after
def replies_confirm(env: Env, reply_id: str, status: str | None, opportunity: str | None) -> None:
    """Confirm what a reply means: the opportunity's status changes.

    Once: a reply confirmed already is not confirmed again (nothing changes, exit status 2);
    `afterview opportunity status` changes the status after that. With --status none it is noted
    as read and changes no status (a friendly word on a closed process): it leaves `afterview
    replies`, nothing is written in the status history, and it stays their reply for the planner.

    An automatic reply (out of office, "has left") or a bounce decides nothing: confirmed, it is
    noted as seen and leaves `afterview replies`; what it does to the plan stays (an
    out-of-office reply still postpones the notes to them, a bounce still asks to check the
    address), and is said.
    """
    from afterview.services import delivery

    number = _id(reply_id, "reply")
    chosen = _id(opportunity, "opportunity") if opportunity is not None else None
    def use_case(tx):
        before = delivery.status_before_confirming(tx, number, chosen)
        confirmed = delivery.reply_confirmed(tx, number, now=env.now, status=status, opportunity_id=chosen)
        record = confirmed.inbound
        seen = delivery.seen_words(tx, record) if delivery.noted_as_seen(record, status) else ""
        from afterview.domain.model import Person

        names = {p.id: p.name for p in tx.list(Person, id=sorted({c.person_id for c in confirmed.plan}))} \
            if confirmed.plan else {}
        return record, confirmed.opportunity, before, seen, confirmed.note(env.user_tz), confirmed.plan, names

    record, found, before, seen, note, plan_changes, names = in_tx(env, use_case)
    if seen:
        about = f" about opportunity {found.id} ({found.role})" if found is not None else ""
        echo(f"{delivery.incoming_kind(record)} {record.id} noted{about}: no status changed; {seen}")
        _say_plan(env, plan_changes, names)  # placed: the follow-ups of the others it paused come back
        return
    # a reply that confirms the status it has already (a next round while interviewing) is said so
    still = before == found.status
    echo(f"opportunity {found.id} is {'still' if still else 'now'} {found.status.value} (reply {record.id} confirmed)")
    _say_note(note)  # a closed process reopened, a step back: said as `opportunity status` says it
    _say_plan(env, plan_changes, names)
    withdraw_unplanned(env)  # what the new status leaves unplanned: approved notes, copies out


@replies.command("remove")
@click.argument("reply_id")
@json_option
@pass_env
def replies_remove(env: Env, reply_id: str, as_json: bool) -> None:
    """Take back a reply you told of by mistake with `replies add`.

    For one recorded under the wrong person, or that never came. It is no longer recorded: the status follow-ups it stopped are planned again, and the
    status it set (--status) is taken back while it is still the latest (the opportunity has its
    status before it again); decided since, the later status stands. The changes to the plan
    are said, and a note approved that the plan no longer has is taken back at once. Mail read
    from your mailbox is not removed: `replies move` re-files a reply, `replies confirm` notes
    an automatic reply or a bounce as seen.
    """
    from afterview.domain.model import Person
    from afterview.services import delivery

    playbook = _playbook(env)
    number = _id(reply_id, "reply")

    def use_case(tx):
        removed = delivery.remove_reply(tx, number, now=env.now, playbook=playbook)
        ids = sorted({c.person_id for c in removed.plan} | (
            {removed.record.person_id} if removed.record.person_id is not None else set()))
        return removed, {p.id: p.name for p in tx.list(Person, id=ids)} if ids else {}

    removed, names = in_tx(env, use_case)
    record, opportunity = removed.record, removed.opportunity
    if as_json:
        return print_json({"removed": record, "opportunity_id": opportunity.id if opportunity else None,
                           "status": opportunity.status if opportunity else None,
                           "status_taken_back": removed.status_back, "status_left_out": removed.status_gone,
                           "status_kept": removed.status_kept,
                           "decision_date_kept": ({"interview": removed.decision[0], "person": removed.decision[1],
                                                   "date": removed.decision[2].isoformat()}
                                                  if removed.decision is not None else None),
                           "held_back": [{"message_id": i, "why": why} for i, why in removed.held],
                           "plan": removed.plan})
    who = names.get(record.person_id, record.from_address or "them")
    about = f", about opportunity {opportunity.id} ({opportunity.role})" if opportunity is not None else ""
    echo(f"reply {record.id} removed: the reply from {who} on {fmt_time(record.received_at, env.user_tz)}{about} "
         "is no longer recorded")
    if removed.status_back is not None:
        echo(f"opportunity {opportunity.id} is {opportunity.status.value} again: the status it set "
             f"({removed.status_back.value}) is taken back")
    elif removed.status_gone is not None:
        echo(f"opportunity {opportunity.id} stays {opportunity.status.value}, as decided since; the status it set "
             f"({removed.status_gone.value}) leaves its history")
    if removed.status_kept:
        echo(f"note: {removed.status_kept}")
    if removed.decision is not None:
        echo(f"note: {removed.decision_line()}")
    _say_plan(env, removed.plan, names)
    for message_id, why in removed.held:
        echo(f"message {message_id}: {why}")


@replies.command("move")
@click.argument("reply_id")
@click.option("--person", "person", required=True, metavar="PERSON",
              help="Whom it is from: an id, an address or a name.")
@click.option("--opportunity", "opportunity", metavar="ID",
              help="The opportunity it is about (default: the one it is filed under when PERSON takes part in it, "
                   "else PERSON's only process).")
@json_option
@pass_env
def replies_move(env: Env, reply_id: str, person: str, opportunity: str | None, as_json: bool) -> None:
    """Re-file a reply, an out-of-office reply or a bounce recorded under the wrong person or opportunity.

    Example: afterview replies move 12 --person "Dana Reyes" --opportunity 3

    What the plan reads of it goes with it: the follow-ups it stops (a reply), the notes it
    postpones (an out-of-office reply with its return date), who told you of a rejection. The
    changes to the plan are said, and a note approved for PERSON that the plan no longer has
    is taken back at once. PERSON must take part in the opportunity (on one of its panels, or
    at its company). A reply whose confirmed status change still stands moves only within its
    opportunity: to move it to another, set that status back first (`afterview opportunity
    status`); it then waits in `afterview replies` to be confirmed for the new one.
    """
    from afterview.domain.model import Person
    from afterview.services import delivery

    playbook = _playbook(env)
    number = _id(reply_id, "reply")
    chosen = _id(opportunity, "opportunity") if opportunity is not None else None

    def use_case(tx):
        moved = delivery.move_reply(tx, number, person, now=env.now, opportunity_id=chosen, playbook=playbook)
        answered = {m.id: m.person_id for m in _answered(tx, moved)}
        ids = {c.person_id for c in moved.plan} | set(answered.values())
        names = {p.id: p.name for p in tx.list(Person, id=sorted(ids))} if ids else {}
        return moved, answered, names, delivery.opportunity_words(tx, moved.opportunity), _was_words(tx, moved)

    moved, answered, names, where, was = in_tx(env, use_case)
    record, before = moved.record, moved.before
    if as_json:
        return print_json({"reply": record, "before": {k: getattr(before, k) for k in (
                               "person_id", "opportunity_id", "answers_message_id", "confirmed")},
                           "status_changes_told_by": moved.told_by, "to_confirm": moved.reconfirm,
                           "held_back": [{"message_id": i, "why": why} for i, why in moved.held],
                           "plan": moved.plan, "answered_already": moved.answered[0] if moved.answered else ""})
    what = delivery.incoming_kind(record)
    sender = f" from {record.from_address}" if record.from_address else ""
    if delivery.told_by_you(record):  # no mail came from an address: its address is only its person's
        sender = " (told by you)"
    echo(f"{what} {record.id}{sender} now filed under {moved.person.name}, {where}; before: {was}")
    if before.answers_message_id != record.answers_message_id:
        if before.answers_message_id is not None:
            to = answered.get(before.answers_message_id)
            why = (f"that went to {names.get(to, 'someone else')}, not to {moved.person.name}"
                   if to != moved.person.id else "that was about another opportunity")
            echo(f"it no longer answers message {before.answers_message_id}: {why}")
        if record.answers_message_id is not None:
            echo(f"it answers message {record.answers_message_id}, your latest to {moved.person.name} about it")
    for status in moved.told_by:
        echo(f"opportunity {moved.opportunity.id} is {status.value}: who told you is now {moved.person.name}")
    if moved.reconfirm:
        echo(f"it changed the status of opportunity {before.opportunity_id} when you confirmed it there: confirm "
             f"what it means for opportunity {moved.opportunity.id}: afterview replies confirm {record.id}")
    _say_plan(env, moved.plan, names)
    if moved.answered is not None:
        gone, key = moved.answered
        echo(f"note: {gone}: skip the one now planned to {moved.person.name} if one is enough (afterview skip {key})")
    for message_id, why in moved.held:
        echo(f"message {message_id}: {why}")


def _answered(tx, moved) -> list:
    """The messages it answered before and answers now (whom they went to is said)."""
    from afterview.domain.model import Message

    ids = sorted({i for i in (moved.before.answers_message_id, moved.record.answers_message_id) if i is not None})
    return tx.list(Message, id=ids) if ids else []


def _was_words(tx, moved) -> str:
    """Where it was filed: "Tom Becker" (the same opportunity), "Tom Becker, opportunity 3 (Engineer
    at Acme)", "no one, no opportunity"."""
    from afterview.domain.model import Opportunity
    from afterview.services import delivery

    before = moved.before
    who = moved.was.name if moved.was is not None else "no one"
    if before.opportunity_id == moved.opportunity.id:
        return who
    found = tx.list(Opportunity, id=[before.opportunity_id]) if before.opportunity_id is not None else []
    return f"{who}, {delivery.opportunity_words(tx, found[0]) if found else 'no opportunity'}"


def _say_plan(env: Env, changes, names: dict) -> None:
    """What the plan has otherwise after a record changed, one line each (times in your zone)."""
    for change in changes:
        who = names.get(change.person_id, f"person {change.person_id}")
        if change.change == "removed":
            echo(f"plan: no longer planned: {change.key} ({who})")
            continue
        away = next((n for n in change.note.split("; ") if n.startswith("postponed:")), "")
        why = f" ({away})" if away else ""
        if change.change == "added":
            echo(f"plan: now planned: {change.key} ({who}), from {fmt_time(change.earliest, env.user_tz)}{why}")
        else:
            echo(f"plan: {change.key} ({who}) now from {fmt_time(change.earliest, env.user_tz)}, not "
                 f"{fmt_time(change.was, env.user_tz)}{why}")
