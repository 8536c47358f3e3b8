"""An offer recorded by mistake and taken back the same day was never made: a later rejection is
an ordinary one. Its reply asks for feedback (the plan's note) and the draft does not thank them
for an offer (composer). Found by the taken-back property (test_taken_back_properties), which
met it in about one run in ten: the offer was read from the history as recorded."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from afterview.composer import DraftRequest, compose
from afterview.domain.model import OpportunityStatus, StatusChange
from afterview.planner import DEFAULT_PLAYBOOK, plan

from tests.composer.helpers import K, TEMPLATES, TONES, panel_facts
from tests.planner.builders import at, by_key
from tests.planner.test_after_decision import rejected_world

UTC = timezone.utc


def _slip(history, day: str, tz: str = "Europe/Berlin"):
    """An offer at 10:00 and the status before it set again at 10:05, the same day."""
    before = history[-1].status if history else OpportunityStatus.INTERVIEWING
    history += [StatusChange(status=OpportunityStatus.OFFER, at=at(f"{day} 10:00", tz), note="outcome: by mistake"),
                StatusChange(status=before, at=at(f"{day} 10:05", tz))]


@pytest.mark.parametrize("slipped, asks", [(False, True), (True, True)])
def test_an_offer_taken_back_the_same_day_leaves_the_rejection_ordinary(slipped, asks):
    w, opp, _, rita, _ = rejected_world(via_reply=False)
    if slipped:
        earlier = [StatusChange(status=OpportunityStatus.APPLIED, at=at("2026-11-01 09:00"))]
        _slip(earlier, "2026-11-20")
        opp.history[0:0] = earlier
    actions = by_key(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-04 17:00")))
    reply = actions[f"rejection_reply:o{opp.id}:p{rita.id}"]
    assert ("feedback request" in reply.note) is asks, reply.note


def test_an_offer_kept_past_its_day_still_makes_the_rejection_one_after_an_offer():
    """The guard: an offer that stood (not taken back that day) still counts."""
    w, opp, _, rita, _ = rejected_world(via_reply=False)
    opp.history[0:0] = [StatusChange(status=OpportunityStatus.OFFER, at=at("2026-11-20 10:00")),
                        StatusChange(status=OpportunityStatus.INTERVIEWING, at=at("2026-11-21 10:00"))]
    reply = by_key(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-04 17:00")))[f"rejection_reply:o{opp.id}:p{rita.id}"]
    assert "feedback request" not in reply.note


@pytest.mark.parametrize("tone", TONES)
def test_the_draft_after_an_offer_taken_back_asks_for_feedback_and_names_no_offer(tone):
    facts = panel_facts()
    opportunity = facts.opportunities[1]
    history = [StatusChange(status=OpportunityStatus.INTERVIEWING, at=datetime(2026, 11, 20, tzinfo=UTC))]
    _slip(history, "2026-12-01", facts.profile.timezone or "UTC")
    history.append(StatusChange(status=OpportunityStatus.REJECTED, at=datetime(2026, 12, 5, tzinfo=UTC)))
    opportunity.history, opportunity.status = history, OpportunityStatus.REJECTED
    draft = compose(facts, DraftRequest(kind=K.REJECTION_REPLY, person_id=1, opportunity_id=1, ask_feedback=True),
                    tone, TEMPLATES)
    assert "the offer" not in draft.body and "interviews to come" in draft.body, draft.body
