"""The outbox holds back a note approved or scheduled for someone whose reply asks not to be
contacted again, as it does for someone marked do-not-contact; `why` names the request's day and
how to take it back when it was read wrongly (`person edit --may-contact`), which plans the note
again. Real SQLite file, real SMTP server."""

from __future__ import annotations

from datetime import timedelta

import pytest

from afterview.domain.model import Inbound, InboundKind, Message, MessageState, Person, ReplyClass, Role
from afterview.planner import DEFAULT_PLAYBOOK
from afterview.services import delivery
from afterview.services.pipeline import edit_person
from afterview.services.planning import explain

from tests.delivery.conftest import NOW, account, accounts, add_interview, add_message, seeded, store  # noqa: F401
from tests.delivery.test_hold_back import scheduled

pytestmark = pytest.mark.mail

ASKED = "other: asks not to be contacted: Thanks, but please stop emailing me."


@pytest.fixture
def interview(store, seeded):  # noqa: F811
    """Bob interviewed us yesterday (he is the recruiter): his thank-you note is planned."""
    return add_interview(store, seeded, NOW - timedelta(days=1), role=Role.RECRUITER)


def ask_to_stop(store, interview, summary=ASKED):
    with store.transaction() as tx:
        return tx.add(Inbound(kind=InboundKind.REPLY, received_at=NOW + timedelta(minutes=30),
                              person_id=interview["person"], opportunity_id=interview["opportunity"],
                              classification=ReplyClass.OTHER, summary=summary)).id


def test_a_note_on_its_way_to_someone_asking_not_to_be_contacted_is_held_back(mail, store, interview, accounts):  # noqa: F811
    message_id = scheduled(store, interview, accounts)
    reply = ask_to_stop(store, interview)
    report = delivery.send_due(store, now=NOW + timedelta(hours=3), accounts=accounts)
    assert report.sent == [] and mail.messages("bob") == []
    [(held, why)] = report.held_back
    assert held == message_id
    assert (f"Bob Builder asked on Thu 26 Nov 2026 not to be contacted (reply {reply}: \"Thanks, but please stop "
            f"emailing me.\"); read wrongly? afterview person edit {interview['person']} --may-contact") in why
    assert why.endswith(f"; a draft again ({delivery.NOT_TO_CONTACT})")
    with store.transaction() as tx:
        assert tx.get(Person, interview["person"]).do_not_contact is False  # nothing set for them
        facts = tx.facts()
    said = explain(facts, DEFAULT_PLAYBOOK, interview["key"], NOW + timedelta(hours=3), "UTC")
    assert said.detail == (
        f"not planned now: Bob Builder asked on Thu 26 Nov 2026 not to be contacted (reply {reply}: \"Thanks, but "
        f"please stop emailing me.\"); read wrongly? afterview person edit {interview['person']} --may-contact "
        f"takes it back")


def test_may_contact_says_the_request_was_read_wrongly_and_plans_the_note_again(mail, store, interview, accounts):  # noqa: F811
    message_id = scheduled(store, interview, accounts)
    ask_to_stop(store, interview)
    delivery.send_due(store, now=NOW + timedelta(hours=3), accounts=accounts)
    with store.transaction() as tx:
        edit_person(tx, interview["person"], {"do_not_contact": False}, now=NOW + timedelta(hours=4))
    with store.transaction() as tx:
        delivery.approve(tx, message_id, now=NOW + timedelta(hours=4), accounts=accounts)
    report = delivery.send_due(store, now=NOW + timedelta(hours=5), accounts=accounts)
    assert report.sent == [message_id] and report.held_back == []
    with store.transaction() as tx:
        assert tx.get(Message, message_id).state == MessageState.SENT
