"""What a reply means, as the services say it (found by testers):

- a friendly reply on a closed process ("happy to grab a coffee") could only leave the list of
  replies to confirm by inventing a status (confirmed as rejected, it wrote a second rejection
  into the history): `confirm_reply(status="none")` notes it as read, with no status change;
- "incoming message 6 is a auto reply, not a reply": an automatic reply, a bounce;
- the feedback a reply may carry was offered for recording again once recorded;
- what a reply told of leaves of the status follow-ups is said as the plan has them, one wording
  for the terminal and the desk.

Real SQLite file.
"""

from datetime import date, datetime, timedelta, timezone

import pytest

from afterview.domain.model import (
    Channel, Feedback, Inbound, InboundKind, Message, MessageKind, MessageState, Opportunity, OpportunityStatus,
    ReplyClass, Role, StatusChange,
)
from afterview.errors import Conflict, InvalidInput
from afterview.planner import DEFAULT_PLAYBOOK, plan
from afterview.planner.facts import Index
from afterview.services import delivery
from tests.delivery.conftest import add_interview

NOW = datetime(2027, 3, 2, 10, 0, tzinfo=timezone.utc)


@pytest.fixture
def closed(store, seeded):
    """The process with Bob ended in a rejection a month ago; Bob writes "happy to grab a coffee"
    (read as needs_review). Returns the reply's id."""
    with store.transaction() as tx:
        opp = tx.get(Opportunity, seeded["opportunity"])
        opp.status = OpportunityStatus.REJECTED
        opp.history = [StatusChange(status=OpportunityStatus.REJECTED, at=NOW - timedelta(days=30))]
        tx.update(opp)
        reply = tx.add(Inbound(kind=InboundKind.REPLY, received_at=NOW - timedelta(hours=1), person_id=seeded["person"],
                               opportunity_id=opp.id, classification=ReplyClass.NEEDS_REVIEW,
                               from_address="bob@example.test", subject="Re: Keeping in touch",
                               summary="needs_review: happy to grab a coffee when you are in town"))
    return reply.id


def test_a_reply_is_noted_with_no_status_change(store, seeded, closed):
    with store.transaction() as tx:
        reply, opportunity = delivery.confirm_reply(tx, closed, now=NOW, status="none")
    assert reply.confirmed and reply.classification == ReplyClass.OTHER
    assert opportunity.id == seeded["opportunity"] and opportunity.status == OpportunityStatus.REJECTED
    with store.transaction() as tx:
        history = tx.get(Opportunity, seeded["opportunity"]).history
        assert [c.status for c in history] == [OpportunityStatus.REJECTED]  # no second rejection
        assert delivery.list_replies(tx, unconfirmed_only=True) == []
        # still their reply, for the planner (a keep-in-touch cadence starts again from it)
        assert Index(tx.facts(), "UTC", "").last_reply_from[seeded["person"]] == NOW - timedelta(hours=1)
    with pytest.raises(Conflict, match=f"reply {closed} is already confirmed: opportunity"), store.transaction() as tx:
        delivery.confirm_reply(tx, closed, now=NOW, status="none")


def test_a_reply_linked_to_no_opportunity_is_noted_too(store, seeded):
    with store.transaction() as tx:
        reply = tx.add(Inbound(kind=InboundKind.REPLY, received_at=NOW, person_id=seeded["person"],
                               classification=ReplyClass.NEEDS_REVIEW, from_address="bob@example.test",
                               summary="needs_review: thanks!"))
        noted, opportunity = delivery.confirm_reply(tx, reply.id, now=NOW, status="None")
    assert noted.confirmed and opportunity is None


def test_a_reply_with_nothing_to_suggest_says_it_can_be_noted(store, seeded, closed):
    with pytest.raises(InvalidInput) as refused, store.transaction() as tx:
        delivery.confirm_reply(tx, closed, now=NOW)
    assert str(refused.value) == (f"reply {closed} is 'needs_review': say what it means with --status (e.g. --status "
                                  "interviewing, or --status none to note it with no status change)")


@pytest.mark.parametrize("kind, words", [(InboundKind.AUTO_REPLY, "an automatic reply"),
                                         (InboundKind.BOUNCE, "a bounce")])
def test_what_is_no_reply_is_noted_as_seen_and_named_in_words(store, seeded, kind, words):
    with store.transaction() as tx:
        record = tx.add(Inbound(kind=kind, received_at=NOW, person_id=seeded["person"],
                                from_address="bob@example.test"))
    with store.transaction() as tx:
        noted, _ = delivery.confirm_reply(tx, record.id, now=NOW, status="none")
    assert noted.confirmed
    with pytest.raises(InvalidInput) as refused, store.transaction() as tx:
        delivery.confirm_reply(tx, record.id, now=NOW, status="rejected")
    assert f"{delivery.incoming_kind(record)} {record.id} is {words}: it says nothing of the process" in str(refused.value)


def test_feedback_recorded_is_not_offered_again(store, seeded, closed):
    with store.transaction() as tx:
        asked = tx.add(Message(kind=MessageKind.REJECTION_REPLY, channel=Channel.EMAIL, person_id=seeded["person"],
                               opportunity_id=seeded["opportunity"], subject="Thank you", body="...",
                               to_address="bob@example.test", state=MessageState.SENT,
                               sent_at=NOW - timedelta(days=29)))
        reply = tx.add(Inbound(kind=InboundKind.REPLY, received_at=NOW - timedelta(days=20),
                               person_id=seeded["person"], opportunity_id=seeded["opportunity"],
                               answers_message_id=asked.id, classification=ReplyClass.OTHER,
                               from_address="bob@example.test", summary="other: the panel wanted more depth"))
        hint = f'afterview feedback {seeded["opportunity"]} "WHAT THEY SAID" --person {seeded["person"]}'
        assert delivery.feedback_hint(tx, reply) == hint
        assert delivery.feedback_line(tx, reply).endswith(hint)
        tx.add(Feedback(opportunity_id=seeded["opportunity"], person_id=seeded["person"],
                        received_at=NOW - timedelta(days=19), text="More depth on streaming"))
        assert delivery.feedback_hint(tx, reply) == ""
        assert delivery.feedback_line(tx, reply) == ""


@pytest.mark.parametrize("decided", [None, date(2027, 3, 12)])
def test_what_a_reply_told_of_leaves_of_the_follow_ups_is_said_as_the_plan_has_it(store, seeded, decided):
    add_interview(store, seeded, NOW - timedelta(days=3), role=Role.RECRUITER)
    with store.transaction() as tx:
        reply, _, _ = delivery.record_reply(tx, "Bob", now=NOW, says="still deciding", decision_date=decided,
                                            playbook=DEFAULT_PLAYBOOK)
        said = delivery.follow_ups_after_reply(tx, reply, now=NOW, playbook=DEFAULT_PLAYBOOK, decision_date=decided)
        going = [a for a in plan(tx.facts(), DEFAULT_PLAYBOOK, NOW) if a.kind == MessageKind.STATUS_CHECK]
    if decided is None:
        assert going == [] and said.startswith("this process's pending status follow-ups stop (to have them go "
                                               "on, record when a decision is due: afterview debrief "), said
    else:
        [follow_up] = going
        assert follow_up.earliest.date() > decided
        assert said == ("decision date Fri 12 Mar 2027 kept in their debrief; the follow-ups go on after it (the next "
                        f"on {follow_up.earliest:%a %d %b %Y})")
