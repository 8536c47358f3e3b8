"""After you accept an offer, the other processes still open get a short withdrawal note (to
their contact, with thanks) instead of status follow-ups; sent, the process counts as withdrawn."""

from __future__ import annotations

from afterview.domain.keys import parse_key
from afterview.domain.model import DecisionKind, MessageKind, OpportunityStatus, Role, StatusChange
from afterview.planner import DEFAULT_PLAYBOOK, plan

from tests.planner.builders import World, at, by_key


def world():
    """Acme (Rita, recruiter) and Globex (Dana, hiring manager) interviewed you; Initech only
    has your application. Acme's offer is accepted on Friday 4 Dec at 16:00."""
    w = World()
    acme, globex, initech = w.company("Acme"), w.company("Globex"), w.company("Initech")
    rita, dana = w.person("Rita Cole", acme), w.person("Dana Reyes", globex)
    tom = w.person("Tom Park", globex)
    accepted = w.opportunity(acme, "Platform Engineer")
    other = w.opportunity(globex, "Data Engineer")
    applied = w.opportunity(initech, "ML Engineer", status=OpportunityStatus.APPLIED)
    w.interview(accepted, at("2026-11-20 10:00"), at("2026-11-20 11:00"), rita, roles={rita.id: Role.RECRUITER})
    w.interview(other, at("2026-12-01 10:00"), at("2026-12-01 11:00"), dana, tom,
                roles={dana.id: Role.HIRING_MANAGER})
    accepted.status = OpportunityStatus.ACCEPTED
    accepted.history.append(StatusChange(status=OpportunityStatus.ACCEPTED, at=at("2026-12-04 16:00")))
    return w, accepted, other, applied, dana, tom


def test_the_other_open_process_gets_a_withdrawal_and_nothing_else():
    w, accepted, other, applied, dana, tom = world()
    actions = plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-04 17:00"))
    mine = [a for a in actions if a.opportunity_id == other.id]
    assert [a.key for a in mine] == [f"withdrawal:o{other.id}:p{dana.id}"]  # no thank-yous, no follow-ups
    [note] = mine
    assert note.kind == MessageKind.WITHDRAWAL and note.rule == "withdraw_after_acceptance"
    # from the acceptance (Friday 16:00, still the working day), two business days to send it
    assert note.earliest == at("2026-12-04 16:00") and note.due == at("2026-12-08 17:00")
    assert "You accepted the offer for Platform Engineer at Acme (4 Dec)" in note.reason
    assert "withdrawing from Data Engineer at Globex" in note.reason
    # an application with no interview has no one to tell: nothing planned, no follow-up either
    assert not [a for a in actions if a.opportunity_id == applied.id]


def test_an_acceptance_in_the_evening_gives_the_next_business_morning():
    w, accepted, other, applied, dana, tom = world()
    accepted.history[-1] = StatusChange(status=OpportunityStatus.ACCEPTED, at=at("2026-12-04 21:30"))
    [note] = [a for a in plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-04 22:00")) if a.opportunity_id == other.id]
    assert note.earliest == at("2026-12-07 09:00") and note.due == at("2026-12-09 17:00")  # Monday; Wednesday


def test_without_the_rule_the_other_processes_are_followed_up_as_before():
    w, accepted, other, applied, dana, tom = world()
    playbook = DEFAULT_PLAYBOOK.override({"withdraw_after_acceptance": {"enabled": False}}, "test")
    keys = by_key(plan(w.facts, playbook, at("2026-12-14 12:00")))
    assert not [k for k in keys if k.startswith("withdrawal")]
    assert f"status_check.1:o{other.id}:i" in " ".join(keys)


def test_a_process_begun_after_the_acceptance_is_not_withdrawn():
    w, accepted, other, applied, dana, tom = world()
    other.created_at = at("2026-12-05 09:00")  # a new search after the job you took
    keys = by_key(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-07 12:00")))
    assert not [k for k in keys if k.startswith("withdrawal")]
    assert f"thank_you:i{w.facts.interviews and max(w.facts.interviews)}:p{dana.id}" in keys


def test_once_sent_it_is_done_and_a_reply_changes_nothing():
    w, accepted, other, applied, dana, tom = world()
    key = f"withdrawal:o{other.id}:p{dana.id}"
    w.sent(key, MessageKind.WITHDRAWAL, dana, at("2026-12-07 10:00"), opp=other)
    w.reply(dana, at("2026-12-07 12:00"), other)
    keys = by_key(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-08 12:00")))
    assert key not in keys and not [k for k in keys if f":o{other.id}:" in k and "status_check" in k]


def test_skipped_it_stays_skipped():
    w, accepted, other, applied, dana, tom = world()
    key = f"withdrawal:o{other.id}:p{dana.id}"
    w.decide(key, DecisionKind.SKIP, at("2026-12-07 10:00"), note="told Dana on the phone")
    assert key not in by_key(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-08 12:00")))


def test_the_key_names_the_opportunity_and_the_person():
    assert parse_key("withdrawal:o12:p5") == ("withdrawal", {"o": 12, "p": 5})


def test_the_first_acceptance_counts_when_two_are_marked():
    w, accepted, other, applied, dana, tom = world()
    # marking the Globex process accepted too (a slip): nothing is withdrawn from it, and the
    # earlier acceptance at Acme stays the one the notes speak of
    other.status = OpportunityStatus.ACCEPTED
    other.history.append(StatusChange(status=OpportunityStatus.ACCEPTED, at=at("2026-12-05 10:00")))
    keys = by_key(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-07 12:00")))
    assert not [k for k in keys if k.startswith("withdrawal")]


def test_an_offer_you_did_not_take_is_declined_to_whoever_made_it():
    w, accepted, other, applied, dana, tom = world()
    other.status = OpportunityStatus.OFFER
    other.history.append(StatusChange(status=OpportunityStatus.OFFER, at=at("2026-12-03 12:00"), person_id=tom.id))
    actions = [a for a in plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-04 17:00")) if a.opportunity_id == other.id]
    # to Tom, who made the offer (not Dana, the usual contact); no thank-yous beside it
    assert [a.key for a in actions] == [f"withdrawal:o{other.id}:p{tom.id}"]
    assert "you decline their offer for Data Engineer at Globex" in actions[0].reason
