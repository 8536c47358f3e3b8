"""A rejection after an offer (an offer withdrawn) gets a reply that thanks them for the offer: the
plan's note no longer asks for interview feedback, which the draft (composer) leaves out too. An
ordinary rejection still asks, once."""

from afterview.domain.model import OpportunityStatus, StatusChange
from afterview.planner import DEFAULT_PLAYBOOK, plan

from tests.planner.builders import at, by_key
from tests.planner.test_after_decision import rejected_world


def _reply(offered: bool):
    w, opp, _, rita, _ = rejected_world(via_reply=False)
    if offered:
        opp.history.insert(0, StatusChange(status=OpportunityStatus.OFFER, at=at("2026-12-03 10:00")))
    actions = by_key(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-04 17:00")))
    return actions[f"rejection_reply:o{opp.id}:p{rita.id}"], opp


def test_a_rejection_after_an_offer_asks_no_interview_feedback():
    reply, opp = _reply(offered=True)
    assert opp.rejected_after_offer()
    assert "feedback request" not in reply.note


def test_an_ordinary_rejection_still_asks_for_feedback():
    reply, opp = _reply(offered=False)
    assert not opp.rejected_after_offer()
    assert "feedback request" in reply.note
