"""Drafts and Sent folders a server does not mark (RFC 6154 special use): found by their common
localized names, named by hand (drafts_folder, sent_folder), and said clearly when none is found.

Real Dovecot throughout: a server of its own here, with "." as its delimiter and no special-use
folders, whose folders each test sets; the session's mail server (marked Drafts and Sent) for
sending by SMTP and for a marked folder against a named one.
"""

from __future__ import annotations

import subprocess
import tomllib
from datetime import timedelta

import pytest

from afterview.delivery import outbox
from afterview.delivery.imap import ImapConnection
from afterview.domain.model import Message, MessageState
from afterview.errors import ConfigError, DeliveryError
from afterview.services import delivery
from tests.delivery.conftest import NOW, account_for, add_message
from tests.helpers import completed


# Folders this server marks \Sent once they exist (none does at first): two marked at once.
MARKED_SENT = ("Versandt", "Ausgang")


@pytest.fixture(scope="module")
def dotted():
    r"""Dovecot without special-use folders, "." its delimiter (INBOX.Gesendet, as Courier-style
    servers name folders under INBOX); only MARKED_SENT are marked \Sent, when a test makes them."""
    import tests.fixtures.mail as fixture

    plain = fixture._dovecot_config
    marked = "".join(f'  mailbox "{name}" {{\n    special_use = \\Sent\n    auto = no\n  }}\n' for name in MARKED_SENT)

    def with_dots(server, oauth2_file=None):
        return plain(server, oauth2_file).replace("separator = /\n", f"separator = .\n{marked}")

    server = fixture.new_server(fixture.MailServer, "lcl", smtp=False, special_use=False)
    fixture._dovecot_config = with_dots
    try:
        fixture.start_servers(server, fixture._start_dovecot)
    finally:
        fixture._dovecot_config = plain
    yield server
    server.stop()


def folders(server, *names: str) -> list[str]:
    """Make alice's mailbox hold INBOX and exactly these folders (created in this order); the
    folders the server then lists."""
    client = server.imap("alice")
    try:
        for _flags, _delimiter, name in sorted(client.list_folders(), key=lambda f: -len(f[2])):
            if name.upper() != "INBOX":
                client.delete_folder(name)
        for name in names:
            client.create_folder(name)
        return [name for _flags, _delimiter, name in client.list_folders()]
    finally:
        client.logout()


@pytest.fixture
def alice(monkeypatch):
    monkeypatch.setenv("AV_TEST_PASSWORD", "alice-secret")


def on(server, mail=None, **changes):
    """The test account reading `server` (sending through `mail`'s SMTP when given: then it
    trusts both servers' certificates)."""
    if mail is None:
        return account_for(server, **changes)
    return account_for(mail, imap_port=server.imap_port, tls_ca_file=str(both_certificates(server, mail)), **changes)


def both_certificates(server, mail):
    path = server.folder / "both.pem"
    if not path.exists():
        path.write_bytes(server.cert_path.read_bytes() + mail.cert_path.read_bytes())
    return path


def found(account) -> tuple[str | None, str | None]:
    with ImapConnection(account) as imap:
        try:
            drafts = imap.drafts_folder()
        except DeliveryError:
            drafts = None
        return drafts, imap.sent_folder()


def imap_check(account) -> str:
    checks = {c.what: c for c in delivery.test_account(account)}
    assert checks["IMAP"].ok, checks["IMAP"].detail
    return checks["IMAP"].detail


# --- the localized names -------------------------------------------------------------------------

@pytest.mark.parametrize("drafts, sent", [
    ("Entwürfe", "Gesendete Elemente"),
    ("INBOX.Brouillons", "INBOX.Éléments envoyés"),
    ("borradores", "ELEMENTOS ENVIADOS"),  # case ignored
    ("INBOX.Bozze", "Posta inviata"),
    ("Concepten", "INBOX.verzonden items"),
    ("Rascunhos", "Itens enviados"),
    ("Entwu\u0308rfe", "Gesendet"),  # "ü" written as u + a combining diaeresis
])
def test_localized_folders_are_found_at_the_top_or_under_inbox(dotted, alice, drafts, sent):
    folders(dotted, "Archiv", drafts, sent)
    assert found(on(dotted)) == (drafts, sent)


def test_names_travel_in_modified_utf7_and_are_read_decoded(dotted, alice, store, seeded):
    folders(dotted, "Entwürfe", "Éléments envoyés")
    raw = dotted.imap("alice")
    try:
        raw.folder_encode = False  # the names as the server sends them
        on_the_wire = {name for _f, _d, name in raw.list_folders()}
    finally:
        raw.logout()
    assert {b"Entw&APw-rfe", b"&AMk-l&AOk-ments envoy&AOk-s"} <= on_the_wire
    message_id = add_message(store, seeded)
    placed = delivery.to_drafts(store, message_id, now=NOW, accounts={"test": on(dotted)})
    assert placed == "Entwürfe"
    [copy] = dotted.messages("alice", "Entwürfe")
    assert copy["Subject"] == "Thank you for today"


def test_account_test_finds_what_sending_finds(dotted, alice, store, seeded):
    # it said "Drafts folder: none" while send --to-drafts found the Drafts folder by its name
    folders(dotted, "INBOX.Entwürfe", "INBOX.Gesendet")
    detail = imap_check(on(dotted))
    assert "Drafts folder: INBOX.Entwürfe (by its name); Sent folder: INBOX.Gesendet (by its name)" in detail
    placed = delivery.to_drafts(store, add_message(store, seeded), now=NOW, accounts={"test": on(dotted)})
    assert placed == "INBOX.Entwürfe"


# --- none found ----------------------------------------------------------------------------------

def test_no_drafts_folder_names_the_folders_and_the_setting(dotted, alice, store, seeded):
    folders(dotted, "Archiv", "Privat")
    message_id = add_message(store, seeded)
    with pytest.raises(DeliveryError) as refused:
        delivery.to_drafts(store, message_id, now=NOW, accounts={"test": on(dotted)})
    said = str(refused.value)
    assert "\n" not in said
    assert said == (f"IMAP {dotted.host}: the mailbox has no Drafts folder: none is marked \\Drafts or has a known "
                    "name (its folders: Archiv, INBOX, Privat); name yours with drafts_folder = \"NAME\" in "
                    "[accounts.test] of config.toml, or use --eml or --mailto")
    with store.transaction() as tx:
        assert tx.get(Message, message_id).state == MessageState.DRAFTED


def test_account_test_without_folders_says_which_setting_and_warns_of_lost_copies(dotted, alice):
    folders(dotted, "Archiv")
    detail = imap_check(on(dotted, append_sent=True))
    assert ("Drafts folder: none: --to-drafts will not work (the mailbox has no Drafts folder: none is marked \\Drafts or "
            "has a known name (its folders: Archiv, INBOX); name yours with drafts_folder = \"NAME\"") in detail
    assert ("Sent folder: none: copies of sent mail will not be filed there (append_sent is on) (the mailbox has no Sent "
            "folder: none is marked \\Sent or has a known name (its folders: Archiv, INBOX); name yours with "
            "sent_folder = \"NAME\" in [accounts.test] of config.toml)") in detail
    quiet = imap_check(on(dotted, append_sent=False))
    assert "copies of sent mail" not in quiet and "sent_folder = \"NAME\"" in quiet


def test_interrupted_send_without_a_sent_folder_says_what_to_set(dotted, mail, alice, store, seeded):
    folders(dotted, "Archiv")
    accounts = {"test": on(dotted, mail)}
    message_id = add_message(store, seeded)
    with store.transaction() as tx:
        delivery.approve(tx, message_id, now=NOW, accounts=accounts)
        assert outbox.claim(tx, message_id, NOW, header=tx.get(Message, message_id).message_id)
    report = delivery.reconcile(store, now=NOW + timedelta(hours=1), accounts=accounts)
    [(got, reason)] = report.unknown
    assert got == message_id
    assert ("the send was interrupted and could not be checked: the mailbox has no Sent folder: none is marked "
            "\\Sent or has a known name (its folders: Archiv, INBOX); name yours with sent_folder = \"NAME\"") in reason


# --- named by hand ---------------------------------------------------------------------------------

def test_a_configured_folder_wins_over_names(dotted, alice, store, seeded):
    folders(dotted, "Drafts", "Meine Entwürfe", "Sent", "Postausgang")
    account = on(dotted, drafts_folder="Meine Entwürfe", sent_folder="Postausgang")
    assert found(account) == ("Meine Entwürfe", "Postausgang")
    detail = imap_check(account)
    assert "Drafts folder: Meine Entwürfe (set by drafts_folder); Sent folder: Postausgang (set by sent_folder)" in detail
    assert delivery.to_drafts(store, add_message(store, seeded), now=NOW, accounts={"test": account}) == "Meine Entwürfe"
    assert len(dotted.messages("alice", "Meine Entwürfe")) == 1 and dotted.messages("alice", "Drafts") == []


def test_a_configured_folder_wins_over_the_servers_mark(mail, alice, store, seeded):
    client = mail.imap("alice")
    try:
        client.create_folder("Gesendet")
    finally:
        client.logout()
    marked = account_for(mail, rate_per_minute=0)
    assert found(marked) == ("Drafts", "Sent")  # marked \Drafts, \Sent: the mark wins over a known name
    assert "Drafts folder: Drafts; Sent folder: Sent" in imap_check(marked)
    named = account_for(mail, rate_per_minute=0, sent_folder="Gesendet")
    accounts = {"test": named}
    message_id = add_message(store, seeded)
    with store.transaction() as tx:
        delivery.approve(tx, message_id, now=NOW, accounts=accounts)
    report = delivery.send_due(store, now=NOW, accounts=accounts)
    assert report.sent == [message_id] and report.uncopied == []
    assert [m["Subject"] for m in mail.messages("alice", "Gesendet")] == ["Thank you for today"]
    assert mail.messages("alice", "Sent") == []


def test_a_configured_folder_that_is_not_there_is_one_line_naming_it(dotted, alice, store, seeded):
    folders(dotted, "Entwürfe", *[f"Projekt {n:02}" for n in range(1, 16)])
    account = on(dotted, drafts_folder="Entwurf")
    expected = (f"IMAP {dotted.host}: the folder \"Entwurf\" set as drafts_folder in [accounts.test] of config.toml "
                "does not exist; the server has: Entwürfe, INBOX, Projekt 01, Projekt 02, Projekt 03, Projekt 04, "
                "Projekt 05, Projekt 06, Projekt 07, Projekt 08, Projekt 09, Projekt 10 and 5 more")
    with pytest.raises(DeliveryError) as refused:
        delivery.to_drafts(store, add_message(store, seeded), now=NOW, accounts={"test": account})
    assert str(refused.value) == expected
    checks = {c.what: c for c in delivery.test_account(account)}
    assert not checks["IMAP"].ok and checks["IMAP"].detail == expected


# --- several candidates ----------------------------------------------------------------------------

def test_several_known_names_choose_by_the_list_not_the_servers_order(dotted, alice):
    account = on(dotted)
    for made in (["Sent Items", "Gesendet", "Verzonden", "Entwürfe", "Brouillons"],
                 ["Brouillons", "Verzonden", "Entwürfe", "Gesendet", "Sent Items"]):
        folders(dotted, *made)
        assert found(account) == ("Entwürfe", "Sent Items")  # whatever order the server lists them in
    detail = imap_check(account)
    assert ("Drafts folder: Entwürfe (by its name); 2 folders with a known name qualify (Entwürfe, Brouillons): Entwürfe "
            "is used; to use another, set drafts_folder = \"NAME\" in [accounts.test] of config.toml") in detail
    assert ("Sent folder: Sent Items (by its name); 3 folders with a known name qualify (Sent Items, Gesendet, Verzonden): "
            "Sent Items is used") in detail


def test_two_marked_folders_choose_alphabetically_and_a_mark_wins_over_a_name(dotted, alice):
    folders(dotted, "Sent", "Versandt", "Ausgang")
    account = on(dotted)
    assert found(account)[1] == "Ausgang"
    detail = imap_check(account)
    assert ("Sent folder: Ausgang; 2 folders marked \\Sent qualify (Ausgang, Versandt): Ausgang is used; to use another, set "
            "sent_folder = \"NAME\" in [accounts.test] of config.toml") in detail
    folders(dotted, "Sent", "Versandt")
    assert found(account)[1] == "Versandt"
    # one marked: nothing to choose; the known name it passed over is named
    assert imap_check(account).endswith('; Sent folder: Versandt; passed over for the folder marked \\Sent: Sent (by its '
                                        'name); to use it, set sent_folder = "Sent" in [accounts.test] of config.toml')


def test_one_name_at_the_top_and_under_inbox_is_chosen_alphabetically(dotted, alice):
    folders(dotted, "Sent", "INBOX.Sent")
    assert found(on(dotted))[1] == "INBOX.Sent"
    folders(dotted, "INBOX.Sent", "Sent")  # created the other way round: the same choice
    assert found(on(dotted))[1] == "INBOX.Sent"


# --- a copy not filed, said at once ----------------------------------------------------------------

def cli(db, *args) -> subprocess.CompletedProcess:
    """`afterview --db DB ARGS...` in this process (what is read is its answer)."""
    return completed("--db", str(db), *args, env={"AV_TEST_PASSWORD": "alice-secret", "AFTERVIEW_AT": NOW.isoformat()})


def write_config(home, mail, dotted, extra: str = "") -> None:
    section = mail.account_toml("test", extra=f"append_sent = true\nrate_per_minute = 0\n{extra}")
    section = section.replace(f"imap_port = {mail.imap_port}", f"imap_port = {dotted.imap_port}")
    (home / "config.toml").write_text(section.replace(str(mail.cert_path), str(both_certificates(dotted, mail))))


@pytest.mark.parametrize("command", [("send", "{id}", "--now"), ("send-due",)])
def test_a_copy_not_filed_is_said_when_sending(command, dotted, mail, alice, store, seeded, afterview_home, tmp_path):
    folders(dotted, "Archiv")
    write_config(afterview_home, mail, dotted)
    accounts = {"test": on(dotted, mail)}
    message_id = add_message(store, seeded)
    with store.transaction() as tx:
        delivery.approve(tx, message_id, now=NOW, accounts=accounts)
    done = cli(tmp_path / "afterview.db", *[part.format(id=message_id) for part in command])
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[:2] == [
        f"sent message {message_id}",
        f"message {message_id}: sent; no copy filed in Sent: the mailbox has no Sent folder: none is marked \\Sent "
        "or has a known name (its folders: Archiv, INBOX); name yours with sent_folder = \"NAME\" in [accounts.test] "
        "of config.toml"]
    assert len(mail.messages("bob")) == 1


def test_the_worker_says_a_copy_not_filed(dotted, mail, alice, store, seeded):
    folders(dotted, "Archiv")
    accounts = {"test": on(dotted, mail)}
    message_id = add_message(store, seeded)
    with store.transaction() as tx:
        delivery.approve(tx, message_id, now=NOW, accounts=accounts)
    said: list[str] = []
    delivery.run_worker(store, accounts=accounts, clock=lambda: NOW, interval=5, say=said.append,
                        should_stop=lambda: f"sent message {message_id}" in said)  # after its first round
    assert f"sent message {message_id}" in said
    assert any(line.startswith(f"message {message_id}: sent; no copy filed in Sent: the mailbox has no Sent folder")
               for line in said), said


def test_a_localized_sent_folder_gets_the_copy(dotted, mail, alice, store, seeded):
    folders(dotted, "INBOX.Gesendete Elemente")
    accounts = {"test": on(dotted, mail, rate_per_minute=0)}
    message_id = add_message(store, seeded)
    with store.transaction() as tx:
        delivery.approve(tx, message_id, now=NOW, accounts=accounts)
    report = delivery.send_due(store, now=NOW, accounts=accounts)
    assert report.sent == [message_id] and report.uncopied == []
    assert [m["Subject"] for m in dotted.messages("alice", "INBOX.Gesendete Elemente")] == ["Thank you for today"]


# --- the settings --------------------------------------------------------------------------------

def test_account_add_writes_the_folders(afterview_home):
    done = completed("account", "add", "home", "--email", "a@example.test", "--smtp-host", "smtp.example.test",
                     "--imap-host", "imap.example.test", "--password-env", "MAIL_PW", "--drafts-folder", "Entwürfe",
                     "--sent-folder", "INBOX.Gesendete Elemente")
    assert done.returncode == 0, done.stderr
    section = tomllib.loads((afterview_home / "config.toml").read_text())["accounts"]["home"]
    assert section["drafts_folder"] == "Entwürfe" and section["sent_folder"] == "INBOX.Gesendete Elemente"


@pytest.mark.parametrize("value", ["5", "true", '"  "', '"Sent\\nItems"'])
def test_a_folder_setting_that_is_no_name_is_refused(tmp_path, value):
    from afterview.delivery.accounts import from_section

    section = tomllib.loads(f'email = "a@example.test"\nsmtp_host = "s"\nsent_folder = {value}\n')
    with pytest.raises(ConfigError) as refused:
        from_section("home", section)
    assert str(refused.value).startswith("config.toml: [accounts.home] sent_folder must be a folder's name")
    assert "\n" not in str(refused.value)
