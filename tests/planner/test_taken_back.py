"""A decision taken back the same day loses nothing; one kept longer is a new start.

Found by a tester (demo, Chicago): interview 4's thank-you was overdue on Sat 28 Nov;
`outcome 5 withdrawn`, then at once `opportunity status 5 interviewing`, and the thank-you was
gone ("not planned"), as it was after rejected -> interviewing. docs/playbook.md promised that a
"rejected" taken back the same day loses nothing; that held only for notes not late yet.
"""

from __future__ import annotations

import json

import pytest

from afterview.domain.model import MessageKind, OpportunityStatus, Role, StatusChange
from afterview.planner import DEFAULT_PLAYBOOK, plan

from tests.helpers import afterview
from tests.planner.builders import World, at, by_key

CHICAGO = "America/Chicago"
CLOSINGS = [OpportunityStatus.WITHDRAWN, OpportunityStatus.REJECTED, OpportunityStatus.ACCEPTED,
            OpportunityStatus.NO_RESPONSE, OpportunityStatus.OFFER]


def chicago(text: str):
    return at(text, CHICAGO)


def world():
    """A screening call on Tue 24 Nov (Chicago) with Ana, the recruiter; the process open since
    it was added, its thank-you overdue by Sat 28 Nov."""
    w = World(tz=CHICAGO, country="US")
    city = w.company("City of Springfield")
    ana = w.person("Ana Souza", city, timezone=CHICAGO, country="US")
    opp = w.opportunity(city, role="Data Analyst")
    opp.history.append(StatusChange(status=OpportunityStatus.APPLIED, at=chicago("2026-10-29 08:00")))
    opp.history.append(StatusChange(status=OpportunityStatus.INTERVIEWING, at=chicago("2026-11-20 08:00")))
    w.interview(opp, chicago("2026-11-24 03:00"), chicago("2026-11-24 03:45"), ana, stage="screening call",
                roles={ana.id: Role.RECRUITER})
    return w, opp, ana


def record(opp, status, when: str, person=None):
    opp.status = status
    opp.history.append(StatusChange(status=status, at=chicago(when), person_id=person.id if person else None))


@pytest.mark.parametrize("closing", CLOSINGS, ids=lambda s: s.value)
def test_a_decision_taken_back_at_once_keeps_the_late_thank_you_and_the_whole_plan(closing):
    w, opp, ana = world()
    key = f"thank_you:i{next(iter(w.facts.interviews))}:p{ana.id}"
    never = {now: plan(w.facts, DEFAULT_PLAYBOOK, chicago(now)) for now in
             ("2026-11-28 12:38", "2026-11-30 09:00", "2026-12-09 10:00", "2027-01-20 10:00")}
    assert never["2026-11-28 12:38"][0].key == key and never["2026-11-28 12:38"][0].state == "overdue"
    record(opp, closing, "2026-11-28 12:37")
    record(opp, OpportunityStatus.INTERVIEWING, "2026-11-28 12:38")
    for now, actions in never.items():
        assert plan(w.facts, DEFAULT_PLAYBOOK, chicago(now)) == actions, now


def test_the_same_day_is_the_users_and_a_day_later_is_a_new_start():
    # 17:30 to 18:30 in Chicago is the same day there (and two days in UTC): taken back
    w, opp, ana = world()
    record(opp, OpportunityStatus.REJECTED, "2026-11-28 17:30")
    record(opp, OpportunityStatus.INTERVIEWING, "2026-11-28 18:30")
    actions = by_key(plan(w.facts, DEFAULT_PLAYBOOK, chicago("2026-11-28 19:00")))
    assert [k for k in actions if k.startswith("thank_you")] and not [k for k in actions if k.startswith("rejection")]
    # taken back the next morning: a process reopened after a decision kept overnight, whose
    # late note's moment had passed (a round before a reopening is thanked only when its note
    # was not late yet when it opened again)
    opp.history[-1] = StatusChange(status=OpportunityStatus.INTERVIEWING, at=chicago("2026-11-29 08:00"))
    actions = by_key(plan(w.facts, DEFAULT_PLAYBOOK, chicago("2026-11-29 09:00")))
    assert not [k for k in actions if k.startswith("thank_you")]
    assert [k for k in actions if k.startswith("status_check")]  # the process goes on


def test_a_decision_recorded_again_later_counts_from_then_not_from_the_one_taken_back():
    # An offer recorded by mistake and taken back; the real offer weeks later. The LinkedIn
    # request after the offer is from the real one (before: from the first, the earliest offer
    # of the history, as if the mistake had been the offer).
    w, opp, ana = world()
    record(opp, OpportunityStatus.OFFER, "2026-11-28 12:37")
    record(opp, OpportunityStatus.INTERVIEWING, "2026-11-28 12:38")
    record(opp, OpportunityStatus.OFFER, "2027-01-12 10:00")
    request = by_key(plan(w.facts, DEFAULT_PLAYBOOK, chicago("2027-01-12 11:00")))[f"linkedin_note:p{ana.id}"]
    assert request.earliest == chicago("2027-01-12 10:00")


def test_a_rejection_taken_back_and_recorded_again_the_same_day_is_the_last_one():
    # Read in the order recorded: "interviewing" took the first "rejected" back; the second is
    # the news, as if the first had never been recorded (the reply is due from it).
    w, opp, ana = world()
    record(opp, OpportunityStatus.REJECTED, "2026-11-27 10:06")
    never = plan(w.facts, DEFAULT_PLAYBOOK, chicago("2026-11-27 15:00"))
    opp.history[-1:] = [StatusChange(status=OpportunityStatus.REJECTED, at=chicago("2026-11-27 10:00"),
                                     person_id=ana.id),
                        StatusChange(status=OpportunityStatus.INTERVIEWING, at=chicago("2026-11-27 10:05")),
                        opp.history[-1]]
    assert plan(w.facts, DEFAULT_PLAYBOOK, chicago("2026-11-27 15:00")) == never
    [reply] = [a for a in never if a.kind == MessageKind.REJECTION_REPLY]
    assert reply.earliest == chicago("2026-11-27 12:06")


# --- the commands, on the tester's demo -------------------------------------------------------

AT = "2026-11-28T18:37:00Z"  # Sat 28 Nov 12:37 in Chicago
LATER = ["2026-11-28T18:39:00Z", "2026-11-30T15:00:00Z", "2026-12-08T15:00:00Z"]


@pytest.fixture(scope="session")
def _demo_in_chicago(prebuilt):
    return prebuilt.build(("--at", AT, "demo", "--no-agenda"), ("--at", AT, "profile", "set", "--tz", CHICAGO))


def _plans(db) -> list[list[dict]]:
    plans = []
    for moment in LATER:
        done = afterview("--db", str(db), "--at", moment, "plan", "--json")
        assert done.code == 0, done.err
        plans.append(json.loads(done.out)["actions"])
    return plans


@pytest.mark.parametrize("opportunity, outcome", [(5, "withdrawn"), (5, "rejected"), (1, "rejected"),
                                                  (1, "offer"), (2, "withdrawn")])
def test_an_outcome_taken_back_at_once_gives_the_plan_of_never_recording_it(
        prebuilt, _demo_in_chicago, tmp_path, opportunity, outcome):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    never = prebuilt.copy(_demo_in_chicago, tmp_path / "a")
    taken_back = prebuilt.copy(_demo_in_chicago, tmp_path / "b")
    want = _plans(never)
    assert any(a["key"] == "thank_you:i4:p6" and a["state"] == "overdue" for a in want[0])  # the tester's note
    done = afterview("--db", str(taken_back), "--at", AT, "outcome", str(opportunity), outcome)
    assert done.code == 0, done.err
    done = afterview("--db", str(taken_back), "--at", "2026-11-28T18:38:00Z", "opportunity", "status",
                     str(opportunity), "interviewing")
    assert done.code == 0, done.err
    assert _plans(taken_back) == want
    why = afterview("--db", str(taken_back), "--at", LATER[0], "why", "thank_you:i4:p6")
    assert why.out.startswith("thank_you:i4:p6: planned"), why.out


def test_an_offer_taken_back_then_made_for_real_dates_the_request_from_the_real_one(
        prebuilt, _demo_in_chicago, tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    never = prebuilt.copy(_demo_in_chicago, tmp_path / "a")
    taken_back = prebuilt.copy(_demo_in_chicago, tmp_path / "b")
    for db, steps in ((taken_back, [(AT, "offer"), ("2026-11-28T18:38:00Z", "interviewing")]), (never, [])):
        for moment, status in steps + [("2027-01-12T16:00:00Z", "offer")]:
            done = afterview("--db", str(db), "--at", moment, "opportunity", "status", "1", status)
            assert done.code == 0, done.err
    plans = []
    for db in (never, taken_back):
        done = afterview("--db", str(db), "--at", "2027-01-12T17:00:00Z", "plan", "--json")
        assert done.code == 0, done.err
        plans.append(json.loads(done.out)["actions"])
    assert plans[1] == plans[0]
    # (said in Priya's zone, the demo's: America/Chicago)
    assert [a["earliest"] for a in plans[0] if a["key"] == "linkedin_note:p1"] == ["2027-01-12T10:00:00-06:00"]
