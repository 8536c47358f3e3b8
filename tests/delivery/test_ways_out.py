"""The three ways out against the real servers: Drafts by IMAP, SMTP through the outbox, .eml."""

from datetime import timedelta
from email import message_from_bytes
from email.policy import default

import pytest

from afterview.domain.model import Message, MessageState
from afterview.errors import Conflict, DeliveryError, InvalidInput, NotFound
from afterview.services import delivery
from tests.delivery.conftest import NOW, add_message


def test_to_drafts_appends_with_draft_flag(mail, store, seeded, accounts):
    message_id = add_message(store, seeded)
    folder = delivery.to_drafts(store, message_id, now=NOW, accounts=accounts)
    assert folder == "Drafts"
    client = mail.imap("alice")
    try:
        client.select_folder("Drafts", readonly=True)
        uids = client.search("ALL")
        data = client.fetch(uids, ["FLAGS", "BODY.PEEK[]"])
    finally:
        client.logout()
    assert len(uids) == 1
    item = data[uids[0]]
    assert b"\\Draft" in item[b"FLAGS"]
    parsed = message_from_bytes(item[b"BODY[]"], policy=default)
    with store.transaction() as tx:
        stored = tx.get(Message, message_id)
    assert parsed["Message-ID"] == stored.message_id and stored.message_id.endswith("@example.test>")
    assert parsed["To"].addresses[0].display_name == "Bob Builder"
    assert mail.received == []  # nothing went out


def test_send_now_delivers_one_copy_and_files_it_in_sent(mail, store, seeded, accounts):
    message_id = add_message(store, seeded)
    with store.transaction() as tx:
        delivery.approve(tx, message_id, now=NOW, accounts=accounts)
        delivery.schedule(tx, message_id, when=NOW, now=NOW)
    report = delivery.send_due(store, now=NOW, accounts=accounts)
    assert report.sent == [message_id]
    inbox = mail.messages("bob")
    assert len(inbox) == 1 and inbox[0]["Subject"] == "Thank you for today"
    assert "Auto-Submitted" not in inbox[0]
    sent = mail.messages("alice", "Sent")
    assert [m["Message-ID"] for m in sent] == [inbox[0]["Message-ID"]]
    with store.transaction() as tx:
        stored = tx.get(Message, message_id)
    assert stored.state == MessageState.SENT and stored.sent_at == NOW
    # running again sends nothing more
    assert delivery.send_due(store, now=NOW, accounts=accounts).sent == []
    assert len(mail.messages("bob")) == 1


LATER = NOW + timedelta(hours=2)


def scheduled_later(store, seeded, accounts) -> int:
    """A message approved and scheduled for LATER."""
    message_id = add_message(store, seeded)
    with store.transaction() as tx:
        delivery.approve(tx, message_id, now=NOW, accounts=accounts)
        delivery.schedule(tx, message_id, when=LATER, now=NOW)
    return message_id


def test_scheduled_send_waits_for_its_time(mail, store, seeded, accounts):
    message_id = scheduled_later(store, seeded, accounts)
    assert delivery.send_due(store, now=NOW, accounts=accounts).sent == []
    assert mail.received == []
    assert delivery.send_due(store, now=LATER, accounts=accounts).sent == [message_id]
    assert len(mail.received) == 1


def test_a_discarded_scheduled_note_is_never_sent(mail, store, seeded, accounts):
    from afterview.services.drafting import discard_draft

    message_id = scheduled_later(store, seeded, accounts)
    with store.transaction() as tx:
        discarded = discard_draft(tx, message_id, now=NOW)
    assert discarded.state == MessageState.CANCELLED and discarded.scheduled_at is None
    assert delivery.send_due(store, now=LATER, accounts=accounts).sent == []
    assert mail.received == []
    with store.transaction() as tx, pytest.raises(Conflict, match="only open drafts can be discarded"):
        discard_draft(tx, message_id, now=LATER)


def test_eml_file_and_mailto(tmp_path, store, seeded, accounts):
    message_id = add_message(store, seeded, subject="Danke für das Gespräch")
    path = delivery.to_eml(store, message_id, tmp_path, now=NOW, accounts=accounts)
    parsed = message_from_bytes(path.read_bytes(), policy=default)
    assert parsed["Subject"] == "Danke für das Gespräch"
    assert parsed["From"].addresses[0].addr_spec == "alice@example.test"
    with store.transaction() as tx, pytest.raises(Conflict, match="one way out per message"):
        delivery.to_mailto(tx, message_id)  # saved as a file, that file is the copy to send
    other = add_message(store, seeded, subject="Danke für das Gespräch")
    with store.transaction() as tx:
        link = delivery.to_mailto(tx, other)
    assert link.startswith("mailto:bob@example.test?subject=Danke%20f%C3%BCr")


def test_an_eml_file_needs_no_mail_account_only_an_address(tmp_path, store, seeded):
    """Writing a file needs no server: with no account set up, it is from the profile's address."""
    message_id = add_message(store, seeded)
    with pytest.raises(NotFound, match="no email address in your profile"):
        delivery.to_eml(store, message_id, tmp_path, now=NOW, accounts={})
    with store.transaction() as tx:
        profile = tx.profile()
        profile.email = "alice.seeker@mail.example"
        tx.save_profile(profile)
    path = delivery.to_eml(store, message_id, tmp_path, now=NOW, accounts={})
    parsed = message_from_bytes(path.read_bytes(), policy=default)
    assert str(parsed["From"]) == "Alice Seeker <alice.seeker@mail.example>"
    assert parsed["To"].addresses[0].addr_spec == "bob@example.test" and parsed["Message-ID"]


def test_linkedin_note_is_never_sent_by_smtp(store, seeded, accounts):
    from afterview.domain.model import Channel, MessageKind

    message_id = add_message(store, seeded, kind=MessageKind.LINKEDIN_NOTE, channel=Channel.LINKEDIN)
    with pytest.raises(InvalidInput, match="not sent by email"):
        with store.transaction() as tx:
            delivery.approve(tx, message_id, now=NOW, accounts=accounts)


def test_a_draft_must_be_approved_before_smtp(store, seeded, accounts):
    message_id = add_message(store, seeded)
    with pytest.raises(Conflict, match="approve it first"):
        with store.transaction() as tx:
            delivery.schedule(tx, message_id, when=NOW, now=NOW)


def test_a_queued_message_cannot_also_leave_another_way(tmp_path, store, seeded, accounts):
    message_id = add_message(store, seeded)
    with store.transaction() as tx:
        delivery.approve(tx, message_id, now=NOW, accounts=accounts)
    with pytest.raises(Conflict, match="approved for sending by SMTP"):
        delivery.to_eml(store, message_id, tmp_path, now=NOW, accounts=accounts)
    with pytest.raises(Conflict, match="approved for sending by SMTP"):
        with store.transaction() as tx:
            delivery.to_mailto(tx, message_id)


def test_a_draft_with_review_errors_is_approved_only_despite_them(store, seeded, accounts):
    """The greeting names someone else: the review says so, and approval waits for a decision."""
    message_id = add_message(store, seeded, body="Dear Dana,\nthank you for the conversation today.\nAlice\n")
    with pytest.raises(delivery.ReviewErrors) as refused, store.transaction() as tx:
        delivery.approve(tx, message_id, now=NOW, accounts=accounts)
    assert "wrong-name" in str(refused.value) and str(refused.value).endswith("approve it despite it")
    with store.transaction() as tx:
        assert tx.get(Message, message_id).state == MessageState.DRAFTED
        approved = delivery.approve(tx, message_id, now=NOW, accounts=accounts, despite_errors=True)
    assert approved.state == MessageState.APPROVED


def test_a_failed_eml_or_drafts_copy_leaves_the_message_as_it_was(tmp_path, store, seeded, accounts):
    from dataclasses import replace

    message_id = add_message(store, seeded)
    with store.transaction() as tx:
        before = tx.get(Message, message_id)
    with pytest.raises(InvalidInput, match="cannot write"):
        delivery.to_eml(store, message_id, tmp_path / "no such folder" / "x.eml", now=NOW, accounts=accounts)
    unreachable = {"test": replace(accounts["test"], imap_port=1, timeout=2)}
    with pytest.raises(DeliveryError):
        delivery.to_drafts(store, message_id, now=NOW, accounts=unreachable)
    with store.transaction() as tx:
        after = tx.get(Message, message_id)
    assert (after.message_id, after.account, after.note, after.state) == \
        (before.message_id, before.account, before.note, before.state)


def test_a_draft_made_before_its_person_had_an_address_takes_the_one_they_have_now(tmp_path, store, seeded, accounts):
    from afterview.domain.model import Person

    message_id = add_message(store, seeded, to_address="")
    second = add_message(store, seeded, to_address="")  # one way out each: a link, a file
    with store.transaction() as tx:
        bob = tx.get(Person, seeded["person"])
        emails, bob.emails = bob.emails, []
        tx.update(bob)
    with store.transaction() as tx, pytest.raises(InvalidInput, match=rf"^{bob.name} has no email address: add one first"):
        delivery.approve(tx, message_id, now=NOW, accounts=accounts)
    with store.transaction() as tx:
        bob.emails = emails
        tx.update(bob)
    with store.transaction() as tx:
        assert "mailto:bob@example.test" in delivery.to_mailto(tx, message_id)
    path = delivery.to_eml(store, second, tmp_path / "note.eml", now=NOW, accounts=accounts)
    assert "To: Bob Builder <bob@example.test>" in path.read_text()
