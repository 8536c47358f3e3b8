"""Several Sent folders (Apple Mail's "Sent Messages" beside another program's "Sent", both marked
\\Sent; a marked folder beside folders with known names): a message is looked for by its
Message-ID in every one of them, while copies are written to the one the documented order
chooses; `account test` names the folders with a known name that a marked one wins over.

Real Dovecot with those layouts.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from afterview.delivery import outbox
from afterview.domain.model import Message, MessageState
from afterview.errors import Conflict
from afterview.services import delivery
from tests.delivery.conftest import NOW, account_for, add_message
from tests.fixtures.folders import mailbox, namespace, start_layout


@pytest.fixture(scope="module")
def apple():
    """Two folders marked \\Sent: "Sent Messages" (Apple Mail's) and "Sent" (another program's)."""
    server = start_layout(namespace(mailbox("Sent Messages", "\\Sent"), mailbox("Sent", "\\Sent"),
                                    mailbox("Drafts", "\\Drafts")), prefix="apl")
    yield server
    server.stop()


@pytest.fixture(scope="module")
def mixed():
    """One folder marked \\Sent ("Outbox Copies") beside unmarked ones with known names."""
    server = start_layout(namespace(mailbox("Outbox Copies", "\\Sent"), mailbox("Sent"), mailbox("Gesendet"),
                                    mailbox("Sent Items"), mailbox("Drafts")), prefix="mix")
    yield server
    server.stop()


@pytest.fixture
def fresh(monkeypatch):
    def reset(server):
        server.reset()
        monkeypatch.setenv("AV_TEST_PASSWORD", server.users["alice"].password)
        return server
    return reset


def sent_from_mail_program(server, message_id: str, folder: str) -> None:
    """What the user's mail program does: the draft leaves Drafts, a copy of it goes to its Sent folder."""
    client = server.imap("alice")
    try:
        client.select_folder("Drafts")
        client.delete_messages(client.search(["HEADER", "Message-ID", message_id]))
        client.expunge()
        client.append(folder, f"From: alice@example.test\r\nTo: bob@example.test\r\nSubject: Thank you for today\r\n"
                              f"Message-ID: {message_id}\r\n\r\nDear Bob,\r\n".encode(), flags=[b"\\Seen"])
    finally:
        client.logout()


def placed(store, seeded, server) -> tuple[int, str]:
    message_id = add_message(store, seeded)
    assert delivery.to_drafts(store, message_id, now=NOW, accounts={"test": account_for(server)}) == "Drafts"
    with store.transaction() as tx:
        return message_id, tx.get(Message, message_id).message_id


def state(store, message_id) -> Message:
    with store.transaction() as tx:
        return tx.get(Message, message_id)


def test_a_draft_sent_from_apple_mail_is_found_in_its_own_sent_folder(apple, fresh, store, seeded):
    fresh(apple)
    account = account_for(apple)
    with delivery._mailbox(account) as imap:  # copies are written to "Sent", first by the names' order
        assert imap.sent_folder() == "Sent"
    message_id, header = placed(store, seeded, apple)
    sent_from_mail_program(apple, header, "Sent Messages")
    report = delivery.sync(store, now=NOW, account=account)
    assert report.sent_by_you == [message_id]
    assert state(store, message_id).state == MessageState.SENT


def test_placing_again_a_draft_sent_from_the_other_folder_is_refused(apple, fresh, store, seeded):
    fresh(apple)
    message_id, header = placed(store, seeded, apple)
    sent_from_mail_program(apple, header, "Sent Messages")
    with pytest.raises(Conflict, match=f"message {message_id} was already sent \\(found in your Sent folder\\)"):
        delivery.to_drafts(store, message_id, now=NOW, accounts={"test": account_for(apple)})
    assert apple.messages("alice", "Drafts") == []  # not placed again
    assert state(store, message_id).state == MessageState.SENT


def test_smtp_instead_of_a_draft_sent_from_the_other_folder_is_refused(apple, fresh, store, seeded):
    fresh(apple)
    message_id, header = placed(store, seeded, apple)
    sent_from_mail_program(apple, header, "Sent Messages")
    with pytest.raises(Conflict, match="already sent from your mail program"):
        delivery.withdraw_copy(store, message_id, now=NOW, accounts={"test": account_for(apple)})
    assert state(store, message_id).state == MessageState.SENT


def test_an_interrupted_send_is_settled_by_a_copy_in_either_sent_folder(apple, fresh, store, seeded):
    fresh(apple)
    accounts = {"test": account_for(apple)}
    message_id = add_message(store, seeded)
    with store.transaction() as tx:
        delivery.approve(tx, message_id, now=NOW, accounts=accounts)
        header = tx.get(Message, message_id).message_id
        assert outbox.claim(tx, message_id, NOW, header=header)
    client = apple.imap("alice")  # the provider filed its copy in the folder that is not used for copies
    try:
        client.append("Sent Messages", f"Message-ID: {header}\r\nSubject: Thank you for today\r\n\r\nDear Bob,\r\n".encode())
    finally:
        client.logout()
    report = delivery.reconcile(store, now=NOW + timedelta(hours=1), accounts=accounts)
    assert report.reconciled == [(message_id, "sent")] and report.unknown == []
    assert state(store, message_id).state == MessageState.SENT


def test_a_copy_in_a_folder_with_a_known_name_counts_beside_the_marked_one(mixed, fresh, store, seeded):
    fresh(mixed)
    account = account_for(mixed)
    with delivery._mailbox(account) as imap:
        assert imap.sent_folder() == "Outbox Copies"
    message_id, header = placed(store, seeded, mixed)
    sent_from_mail_program(mixed, header, "Gesendet")
    assert delivery.sync(store, now=NOW, account=account).sent_by_you == [message_id]


def test_account_test_names_the_folders_with_a_known_name_passed_over(mixed, apple, fresh):
    fresh(mixed)
    checks = {c.what: c for c in delivery.test_account(account_for(mixed))}
    assert checks["IMAP"].ok
    assert checks["IMAP"].detail.endswith(
        "; Sent folder: Outbox Copies; passed over for the folder marked \\Sent: Sent, Sent Items, Gesendet (by their "
        "names); to use one of them, set sent_folder = \"NAME\" in [accounts.test] of config.toml")
    fresh(apple)  # two marked, no other: as before
    checks = {c.what: c for c in delivery.test_account(account_for(apple))}
    assert checks["IMAP"].detail.endswith(
        "; Sent folder: Sent; 2 folders marked \\Sent qualify (Sent, Sent Messages): Sent is used; to use another, set "
        "sent_folder = \"NAME\" in [accounts.test] of config.toml")
