"""What goes out is what is stored when the message is claimed (found by a crash tester: a note
edited and approved again while a round of the outbox went through the others went out with its
old text, and one readdressed meanwhile to its old address, while the record said the new ones).

The round loads its messages at its start; the edit comes while the server takes the first
message (the SMTP server's `before_250` hook), the way `afterview edit 2` and `afterview approve 2`
(or `person edit --email` and `approve`) would come from another terminal. Real SMTP and IMAP
servers; SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from afterview.domain.model import Company, Message, MessageState, Opportunity, Person
from afterview.services import delivery
from afterview.storage import open_store
from tests.delivery.conftest import NOW, add_message

pytestmark = pytest.mark.mail


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'afterview.db'}"
    return request.getfixturevalue("pg_url")


@pytest.fixture
def opened(db_url):
    store = open_store(db_url)
    with store.transaction() as tx:
        acme = tx.add(Company(name="Acme"))
        opp = tx.add(Opportunity(company_id=acme.id, role="Engineer", created_at=NOW))
        bob = tx.add(Person(name="Bob Builder", emails=["bob@example.test"], company_id=acme.id))
        profile = tx.profile()
        profile.name = "Alice Seeker"
        tx.save_profile(profile)
    yield store, {"company": acme.id, "opportunity": opp.id, "person": bob.id}
    store.close()


def _two_approved(store, seeded, accounts) -> tuple[int, int]:
    first = add_message(store, seeded, subject="Thank you for Monday")
    second = add_message(store, seeded, subject="Thank you again")
    with store.transaction() as tx:
        for message_id in (first, second):
            delivery.approve(tx, message_id, now=NOW, accounts=accounts)
    return first, second


def _once(action):
    """A before_250 hook that runs `action` at the first message the server takes, only then."""
    done = []

    def hook():
        if not done:
            done.append(True)
            action()
    return hook, done


def _received(mail, header: str):
    return [r for r in mail.received if r.message["Message-ID"] == header]


def test_a_note_edited_and_approved_again_mid_round_goes_out_as_edited(mail, opened, db_url, accounts):
    from afterview.services.drafting import edit_draft

    store, seeded = opened
    first, second = _two_approved(store, seeded, accounts)
    edited = "Dear Bob,\nthank you for the conversation today, EDITED after approval.\nAlice\n"

    def edit_and_approve():  # another program, its own connection
        other = open_store(db_url)
        try:
            with other.transaction() as tx:
                edit_draft(tx, second, "Thank you again", edited, now=NOW)
            with other.transaction() as tx:
                delivery.approve(tx, second, now=NOW, accounts=accounts)
        finally:
            other.close()

    mail.smtp.before_250, done = _once(edit_and_approve)
    try:
        report = delivery.send_due(store, now=NOW, accounts=accounts)
    finally:
        mail.smtp.before_250 = None
    assert done and report.sent == [first, second], report
    with store.transaction() as tx:
        stored = tx.get(Message, second)
    assert stored.state == MessageState.SENT and "EDITED after approval" in stored.body
    [copy] = _received(mail, stored.message_id)
    assert "EDITED after approval" in copy.message.get_content()  # what went is what the record says
    assert "EDITED after approval" in mail.messages("bob")[-1].get_content()


def test_a_note_readdressed_and_approved_again_mid_round_goes_to_the_new_address(mail, opened, db_url, accounts):
    from afterview.services.pipeline import edit_person

    store, seeded = opened
    first, second = _two_approved(store, seeded, accounts)

    def readdress_and_approve():  # person edit --email: the approved note is readdressed, a draft again
        other = open_store(db_url)
        try:
            with other.transaction() as tx:
                edited = edit_person(tx, seeded["person"], {"emails": ["bob.new@example.test"]}, now=NOW)
            assert [r.message_id for r in edited.readdressed if r.held] == [second]
            with other.transaction() as tx:
                delivery.approve(tx, second, now=NOW, accounts=accounts)
        finally:
            other.close()

    mail.smtp.before_250, done = _once(readdress_and_approve)
    try:
        report = delivery.send_due(store, now=NOW, accounts=accounts)
    finally:
        mail.smtp.before_250 = None
    assert done and report.sent == [first, second], report
    with store.transaction() as tx:
        stored = tx.get(Message, second)
    assert stored.state == MessageState.SENT and stored.to_address == "bob.new@example.test"
    [copy] = _received(mail, stored.message_id)
    assert copy.rcpt_tos == ["bob.new@example.test"]  # the envelope, as the record says
    assert "bob.new@example.test" in copy.message["To"]
    assert all(r.rcpt_tos == ["bob@example.test"] for r in mail.received if r.message["Message-ID"] != stored.message_id)


def test_a_note_left_a_draft_mid_round_is_not_sent(mail, opened, db_url, accounts):
    """Edited and not approved again: the claim finds it a draft, and nothing of it goes."""
    from afterview.services.drafting import edit_draft

    store, seeded = opened
    first, second = _two_approved(store, seeded, accounts)

    def edit():
        other = open_store(db_url)
        try:
            with other.transaction() as tx:
                edit_draft(tx, second, "Thank you again", "Dear Bob,\nstill thinking about it.\nAlice\n", now=NOW)
        finally:
            other.close()

    mail.smtp.before_250, done = _once(edit)
    try:
        report = delivery.send_due(store, now=NOW, accounts=accounts)
    finally:
        mail.smtp.before_250 = None
    assert done and report.sent == [first] and report.skipped == [second], report
    with store.transaction() as tx:
        assert tx.get(Message, second).state == MessageState.DRAFTED
    assert len(mail.received) == 1


def test_an_unchanged_note_is_sent_as_built_before_its_claim(mail, opened, accounts, monkeypatch):
    """Read again at its claim, a note nobody changed is the record the round loaded: built once."""
    store, seeded = opened
    first, second = _two_approved(store, seeded, accounts)
    rebuilt = []
    monkeypatch.setattr(delivery._Batch, "_rebuilt", lambda self, message, person: rebuilt.append(message.id))
    report = delivery.send_due(store, now=NOW, accounts=accounts)
    assert report.sent == [first, second] and rebuilt == []
