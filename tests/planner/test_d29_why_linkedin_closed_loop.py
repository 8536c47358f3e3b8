"""`why` on an early LinkedIn request that left the plan when the loop closed (no response)
names the closed loop, not "no record stops it; it has no reason yet"."""

from __future__ import annotations

from afterview.domain.model import OpportunityStatus
from afterview.planner import DEFAULT_PLAYBOOK, plan

from tests.planner.test_why_stops import record, why, world
from tests.planner.builders import at


def test_an_early_request_dropped_when_the_loop_closed_names_the_close():
    w, opp, interview, rita, dana = world()
    w.facts.profile.opt_in_early_linkedin = True
    key = f"linkedin_note:p{dana.id}"
    assert key in {a.key for a in plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-03 12:00"))}
    record(opp, OpportunityStatus.NO_RESPONSE, "2027-01-11 10:00", "no response")
    now = at("2027-01-12 10:00")
    assert key not in {a.key for a in plan(w.facts, DEFAULT_PLAYBOOK, now)}
    detail = why(w, key, now)
    assert "no record stops it" not in detail, detail
    assert f"Data Engineer at Acme (opportunity {opp.id}) counts as no response on Mon 11 Jan (the loop is closed)" \
        in detail, detail
    assert f"afterview opportunity status {opp.id} interviewing reopens it" in detail


def test_a_withdrawal_is_named_too_and_an_open_process_is_not_a_cause():
    w, opp, interview, rita, dana = world()
    w.facts.profile.opt_in_early_linkedin = True
    key = f"linkedin_note:p{dana.id}"
    other = w.opportunity(w.facts.companies[opp.company_id], "Analyst")
    w.interview(other, at("2026-12-02 10:00"), at("2026-12-02 11:00"), dana)
    record(opp, OpportunityStatus.WITHDRAWN, "2027-01-11 10:00")
    from afterview.services.planning import _closed_loop_cause

    assert _closed_loop_cause(w.facts, dana, at("2027-01-12 10:00").tzinfo) == ""  # Analyst is open
    record(other, OpportunityStatus.WITHDRAWN, "2027-01-11 11:00")
    detail = why(w, key, at("2027-01-12 10:00"))
    assert f"you withdrew from Analyst at Acme (opportunity {other.id}) on Mon 11 Jan" in detail, detail
