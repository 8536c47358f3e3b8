"""The timeline after a record was deleted (its decisions go with it), and a draft marked done."""

from afterview.domain.model import DecisionKind, MessageKind, MessageState
from afterview.domain.timeline import timeline

from tests.planner.builders import World, at


def _dana():
    """Dana Reyes at Acme, on the panel of interview 1 of Mon 1 Dec 10:00-11:00."""
    w = World()
    acme = w.company()
    dana = w.person("Dana Reyes", acme)
    opp = w.opportunity(acme)
    interview = w.interview(opp, at("2026-12-01 10:00"), at("2026-12-01 11:00"), dana)
    return w, dana, opp, interview


def test_decisions_about_a_deleted_interview_leave_the_timeline():
    # Found by a tester: "thank you to Dana Reyes: marked done" stayed on Dana's timeline after
    # the interview (entered by mistake) was deleted.
    w, dana, opp, kept = _dana()
    gone = w.interview(opp, at("2026-12-02 10:00"), at("2026-12-02 11:00"), dana)
    w.decide(f"thank_you:i{kept.id}:p{dana.id}", DecisionKind.DONE, at("2026-12-01 15:00"), note="by hand")
    w.decide(f"thank_you:i{gone.id}:p{dana.id}", DecisionKind.DONE, at("2026-12-02 15:00"))
    w.decide(f"status_check.1:o{opp.id}:i{kept.id}:p{dana.id}", DecisionKind.SKIP, at("2026-12-03 15:00"))
    del w.facts.interviews[gone.id]

    def decisions():
        return [e.text for e in timeline(w.facts, person_id=dana.id) if e.kind == "decision"]

    assert decisions() == ["thank you to Dana Reyes: marked done (by hand)", "status check to Dana Reyes: skipped"]
    del w.facts.opportunities[opp.id]
    del w.facts.interviews[kept.id]
    assert decisions() == []


def test_a_draft_marked_done_is_one_entry_not_two():
    # Found by a tester: every note copied out and marked done had two lines ("marked done",
    # and the message "done elsewhere").
    w, dana, opp, interview = _dana()
    key = f"thank_you:i{interview.id}:p{dana.id}"
    w.sent(key, MessageKind.THANK_YOU, dana, at("2026-12-01 15:00"), opp, state=MessageState.DONE_ELSEWHERE)
    w.decide(key, DecisionKind.DONE, at("2026-12-01 15:00"), note="sent from my phone")
    texts = [e.text for e in timeline(w.facts, person_id=dana.id) if e.kind in ("decision", "message")]
    assert texts == ["thank you to Dana Reyes: marked done (sent from my phone)"]
