"""Confirming what a reply means corrects the reading of it: a reply taken for a rejection and
confirmed as "interviewing" plans no rejection reply."""

from __future__ import annotations

from datetime import timedelta

from afterview.domain.model import Inbound, MessageKind, Opportunity, OpportunityStatus, ReplyClass
from afterview.planner import DEFAULT_PLAYBOOK, plan
from afterview.services import delivery
from tests.delivery.conftest import NOW, add_interview


def _kinds(store, now):
    with store.transaction() as tx:
        facts = tx.facts()
    return {a.kind for a in plan(facts, DEFAULT_PLAYBOOK, now)}


def test_a_reply_misread_as_a_rejection_and_corrected_plans_no_rejection_reply(store, seeded):
    interviewed = add_interview(store, seeded, NOW - timedelta(days=3))
    with store.transaction() as tx:
        reply = tx.add(Inbound(kind="reply", received_at=NOW, person_id=seeded["person"],
                               opportunity_id=seeded["opportunity"], classification=ReplyClass.REJECTION,
                               from_address="bob@example.test", summary="rejection: unfortunately ..."))
    later = NOW + timedelta(hours=3)
    assert MessageKind.REJECTION_REPLY in _kinds(store, later)  # read as a rejection: a reply is planned
    with store.transaction() as tx:
        delivery.confirm_reply(tx, reply.id, now=later, status="interviewing")
        opportunity = tx.get(Opportunity, interviewed["opportunity"])
        stored = tx.get(Inbound, reply.id)
    assert opportunity.status == OpportunityStatus.INTERVIEWING
    assert stored.classification == ReplyClass.NEXT_ROUND and stored.confirmed
    assert MessageKind.REJECTION_REPLY not in _kinds(store, later)
    assert MessageKind.LINKEDIN_NOTE not in _kinds(store, later)  # nor the request "right after a rejection"
