"""Folders that cannot take a message: a folder of folders (\\Noselect) named as drafts_folder or
sent_folder, or listed among the folders found; a Sent folder this login may only read (ACL);
and a server that takes no login before TLS (LOGINDISABLED), where the password must not be sent.

Real Dovecot: folders kept as directories (a parent made by a subfolder is \\Noselect), its ACL
plugin with a global ACL file, and plaintext logins disabled.
"""

from __future__ import annotations

import pytest

from afterview.domain.model import Message, MessageState
from afterview.errors import DeliveryError
from afterview.services import delivery
from tests.delivery.conftest import NOW, account_for, add_message
from tests.fixtures.folders import acl, mailbox, namespace, start_layout

READ_ONLY_SENT = "* owner lrwstipekxa\nSent user=alice lrwste\n"  # alice may read Sent, not add to it


@pytest.fixture(scope="module")
def plain():
    """No special-use folders; folders as directories."""
    server = start_layout(namespace(), fs_layout=True, prefix="nsl")
    yield server
    server.stop()


@pytest.fixture(scope="module")
def guarded():
    """Two folders marked \\Sent, "Sent" read-only for alice (ACL), "Sent Messages" writable."""
    server = start_layout(namespace(mailbox("Sent", "\\Sent", "subscribe"), mailbox("Sent Messages", "\\Sent", "subscribe"),
                                    mailbox("Drafts", "\\Drafts")),
                          extra=lambda server: acl(server.folder / "acl", READ_ONLY_SENT), prefix="acl")
    yield server
    server.stop()


@pytest.fixture(scope="module")
def tls_first():
    """Plaintext logins refused before STARTTLS: the server says LOGINDISABLED."""
    server = start_layout(namespace(mailbox("Drafts", "\\Drafts"), mailbox("Sent", "\\Sent")),
                          plaintext_refused=True, prefix="ldis")
    yield server
    server.stop()


@pytest.fixture
def fresh(monkeypatch):
    def reset(server):
        server.reset()
        monkeypatch.setenv("AV_TEST_PASSWORD", server.users["alice"].password)
        return server
    return reset


def make(server, *names: str) -> list[tuple]:
    client = server.imap("alice")
    try:
        for name in names:
            client.create_folder(name)
        return client.list_folders()
    finally:
        client.logout()


def on(server, mail, **changes):
    """Sending through `mail`'s SMTP, reading `server`: trusting both certificates."""
    path = server.folder / "both.pem"
    if not path.exists():
        path.write_bytes(server.cert_path.read_bytes() + mail.cert_path.read_bytes())
    return account_for(mail, imap_port=server.imap_port, tls_ca_file=str(path), **changes)


def imap_check(account):
    return {c.what: c for c in delivery.test_account(account)}["IMAP"]


# --- a folder of folders -------------------------------------------------------------------------------

def test_a_folder_of_folders_set_as_drafts_folder_is_refused_like_a_missing_one(plain, fresh, store, seeded):
    fresh(plain)
    listed = make(plain, "Archiv/2024", "Entwürfe")
    assert b"\\Noselect" in next(flags for flags, _d, name in listed if name == "Archiv")
    account = account_for(plain, drafts_folder="Archiv")
    expected = (f'IMAP {plain.host}: the folder "Archiv" set as drafts_folder in [accounts.test] of config.toml cannot '
                "hold messages: the server lists it as a folder of folders only (\\Noselect); the folders that can: "
                "Archiv/2024, Entwürfe, INBOX")
    check = imap_check(account)
    assert not check.ok and check.detail == expected
    message_id = add_message(store, seeded)
    with pytest.raises(DeliveryError) as refused:  # not a raw [TRYCREATE] from the server
        delivery.to_drafts(store, message_id, now=NOW, accounts={"test": account})
    assert str(refused.value) == expected
    with store.transaction() as tx:
        assert tx.get(Message, message_id).state == MessageState.DRAFTED
    sent = imap_check(account_for(plain, sent_folder="archiv"))  # the same, whatever its case
    assert not sent.ok and sent.detail.startswith(f'IMAP {plain.host}: the folder "archiv" set as sent_folder in '
                                                  "[accounts.test] of config.toml cannot hold messages")


def test_a_folder_of_folders_is_neither_found_nor_offered(plain, fresh, store, seeded):
    fresh(plain)
    make(plain, "Entwürfe/Alt", "Sent Items/2024")  # "Entwürfe" and "Sent Items": known names, \Noselect
    account = account_for(plain)
    with pytest.raises(DeliveryError) as refused:
        delivery.to_drafts(store, add_message(store, seeded), now=NOW, accounts={"test": account})
    assert str(refused.value) == (
        f"IMAP {plain.host}: the mailbox has no Drafts folder: none is marked \\Drafts or has a known name (its "
        "folders: Entwürfe/Alt, INBOX, Sent Items/2024); name yours with drafts_folder = \"NAME\" in [accounts.test] "
        "of config.toml, or use --eml or --mailto")
    check = imap_check(account)
    assert check.ok and "Sent folder: none: copies of sent mail will not be filed there (append_sent is on) (the mailbox " \
                        "has no Sent folder: none is marked \\Sent or has a known name (its folders: Entwürfe/Alt, " \
                        "INBOX, Sent Items/2024)" in check.detail
    make(plain, "Sent", "Drafts")  # (a server without ACL: no rights are asked, none said)
    check = imap_check(account)
    assert check.ok and check.detail.endswith("; Drafts folder: Drafts (by its name); Sent folder: Sent (by its name)")


# --- a Sent folder this login may only read (ACL) ------------------------------------------------------

def test_a_writable_sent_folder_is_preferred_and_gets_the_copy(guarded, fresh, mail, store, seeded):
    fresh(guarded)
    account = on(guarded, mail)
    check = imap_check(account)
    assert check.ok
    assert check.detail.endswith(
        "; Sent folder: Sent Messages; 2 folders marked \\Sent qualify (Sent, Sent Messages): Sent Messages is used (this "
        "login may not add messages to Sent); to use another, set sent_folder = \"NAME\" in [accounts.test] of "
        "config.toml")
    accounts = {"test": account}
    message_id = add_message(store, seeded)
    with store.transaction() as tx:
        delivery.approve(tx, message_id, now=NOW, accounts=accounts)
    report = delivery.send_due(store, now=NOW, accounts=accounts)
    assert report.sent == [message_id] and report.uncopied == []
    assert [m["Subject"] for m in guarded.messages("alice", "Sent Messages")] == ["Thank you for today"]


def test_a_read_only_sent_folder_is_said_by_account_test_and_when_the_copy_fails(guarded, fresh, mail, store, seeded):
    fresh(guarded)
    account = on(guarded, mail, sent_folder="Sent")
    check = imap_check(account)
    assert check.ok
    rights = check.detail.split("(its rights there: ")[1].split(")")[0]
    assert "r" in rights and "i" not in rights
    assert check.detail.endswith(
        f"; Sent folder: Sent (set by sent_folder); this login may not add messages to Sent (its rights there: {rights}): "
        "copies of sent mail cannot be filed there (append_sent is on); set sent_folder = \"NAME\" in "
        "[accounts.test] of config.toml to a folder it may add to")
    accounts = {"test": account}
    message_id = add_message(store, seeded)
    with store.transaction() as tx:
        delivery.approve(tx, message_id, now=NOW, accounts=accounts)
    report = delivery.send_due(store, now=NOW, accounts=accounts)
    assert report.sent == [message_id]
    [(got, note)] = report.uncopied
    assert got == message_id
    assert note.startswith(f'sent; the copy for the Sent folder "Sent" failed: IMAP {guarded.host}: ')
    assert "[NOPERM]" in note and "\n" not in note
    assert note.endswith("; to file copies in another folder, set sent_folder = \"NAME\" in [accounts.test] of "
                         "config.toml (afterview account test test says which folders there are)")
    with store.transaction() as tx:
        assert tx.get(Message, message_id).note == note


# --- LOGINDISABLED ----------------------------------------------------------------------------------------

def test_no_password_is_sent_to_a_server_that_takes_no_login_before_tls(tls_first, fresh):
    fresh(tls_first)
    log = tls_first.folder / "dovecot.log"
    before = log.read_text(errors="replace")
    check = imap_check(account_for(tls_first, imap_tls="none"))
    assert not check.ok
    assert check.detail == (f"IMAP {tls_first.host}: not logging in: the server takes no login before TLS "
                            "(LOGINDISABLED); use imap_tls = \"starttls\" in [accounts.test] of config.toml")
    said = log.read_text(errors="replace")[len(before):]
    assert "plaintext" not in said.lower(), said  # Dovecot never saw a login (it logs one it refused)
    assert imap_check(account_for(tls_first)).ok  # STARTTLS: logged in
