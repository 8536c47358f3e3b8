"""A note withdrawing from a process belongs to the chapter of the process it ends.

Found by a tester: Acme accepted, a withdrawal sent to Globex (which then counted as withdrawn);
Acme rescinded, Globex reopened, then another offer accepted: the withdrawal key of the first
round was complete, so no note was planned for Globex. And an offer set again without naming who
made it sent the decline to the recruiter instead of the one who made the offer.
"""

from afterview.domain.model import MessageKind, OpportunityStatus, Role, StatusChange
from afterview.planner import DEFAULT_PLAYBOOK, plan
from afterview.planner.facts import chapter, withdrawal_key

from tests.planner.builders import World, at


def _set(opp, status, when, person=None):
    opp.status = status
    opp.history.append(StatusChange(status=status, at=at(when), person_id=person.id if person else None))


def _world():
    w = World()
    acme, globex, initech = w.company("Acme"), w.company("Globex"), w.company("Initech")
    rita, gina, ivan = w.person("Rita Cole", acme), w.person("Gina Park", globex), w.person("Ivan Petrov", initech)
    opps = [w.opportunity(c) for c in (acme, globex, initech)]
    for opp, person, day in zip(opps, (rita, gina, ivan), ("16", "17", "18")):
        w.interview(opp, at(f"2026-11-{day} 10:00"), at(f"2026-11-{day} 11:00"), person, roles={person.id: Role.RECRUITER})
        _set(opp, OpportunityStatus.INTERVIEWING, f"2026-11-{day} 12:00")
    return w, opps, (rita, gina, ivan)


def _withdrawals(w, now):
    return [a.key for a in plan(w.facts, DEFAULT_PLAYBOOK, at(now)) if a.kind == MessageKind.WITHDRAWAL]


def test_a_process_reopened_after_a_withdrawal_gets_a_new_one_on_the_next_acceptance():
    w, (acme, globex, initech), (rita, gina, ivan) = _world()
    _set(acme, OpportunityStatus.OFFER, "2026-11-23 10:00", rita)
    _set(acme, OpportunityStatus.ACCEPTED, "2026-11-30 10:00")
    w.sent(f"withdrawal:o{globex.id}:p{gina.id}", MessageKind.WITHDRAWAL, gina, at("2026-11-30 11:00"), globex)
    _set(globex, OpportunityStatus.WITHDRAWN, "2026-11-30 11:00")
    _set(initech, OpportunityStatus.WITHDRAWN, "2026-11-30 11:00")  # told by hand
    _set(acme, OpportunityStatus.REJECTED, "2026-12-02 10:00", rita)  # the offer rescinded
    _set(globex, OpportunityStatus.INTERVIEWING, "2026-12-02 10:10")  # open again: a new chapter
    _set(initech, OpportunityStatus.OFFER, "2026-12-03 09:00", ivan)
    _set(initech, OpportunityStatus.ACCEPTED, "2026-12-07 10:00")
    assert chapter(globex.history) == 2
    assert _withdrawals(w, "2026-12-07 12:00") == [withdrawal_key(globex.id, gina.id, 2)]
    assert withdrawal_key(globex.id, gina.id, 2) == f"withdrawal.2:o{globex.id}:p{gina.id}"


def test_the_first_chapter_keeps_its_plain_key_and_an_acceptance_set_back_is_no_new_chapter():
    w, (acme, globex, initech), (rita, gina, ivan) = _world()
    sam = w.person("Sam Ortiz", w.facts.companies[acme.company_id])  # the recruiter of a later round
    w.interview(acme, at("2026-11-20 10:00"), at("2026-11-20 11:00"), sam, roles={sam.id: Role.RECRUITER})
    _set(acme, OpportunityStatus.OFFER, "2026-11-23 10:00", rita)
    _set(acme, OpportunityStatus.ACCEPTED, "2026-11-30 10:00")
    _set(acme, OpportunityStatus.OFFER, "2026-12-01 10:00")  # the next day, naming no one
    _set(initech, OpportunityStatus.ACCEPTED, "2026-12-01 10:05")
    assert chapter(acme.history) == 1
    # the decline goes to Rita, who made the offer (the offer set again named no one)
    keys = _withdrawals(w, "2026-12-01 12:00")
    assert f"withdrawal:o{acme.id}:p{rita.id}" in keys and f"withdrawal:o{acme.id}:p{sam.id}" not in keys
