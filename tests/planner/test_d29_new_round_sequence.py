"""A process reopened by a new interview after its loop closed starts a new sequence of
follow-ups: "at most two, then a polite close" is counted per round, and the follow-ups of the
new round say so."""

from afterview.domain.model import MessageKind, OpportunityStatus, Role, StatusChange
from afterview.planner import DEFAULT_PLAYBOOK, plan

from tests.planner.builders import World, at, by_key


def test_the_follow_ups_of_a_new_round_say_they_start_a_new_sequence():
    w = World()
    acme = w.company()
    linda = w.person("Linda Park", acme)
    opp = w.opportunity(acme)
    first = w.interview(opp, at("2026-10-06 10:00"), at("2026-10-06 11:00"), linda, roles={linda.id: Role.RECRUITER})
    ids = f"o{opp.id}:i{first.id}:p{linda.id}"
    w.sent(f"thank_you:i{first.id}:p{linda.id}", MessageKind.THANK_YOU, linda, at("2026-10-06 15:00"), opp)
    w.sent(f"status_check.1:{ids}", MessageKind.STATUS_CHECK, linda, at("2026-10-15 10:00"), opp)
    w.sent(f"status_check.2:{ids}", MessageKind.STATUS_CHECK, linda, at("2026-10-27 10:00"), opp)
    w.sent(f"closing_the_loop:{ids}", MessageKind.CLOSING_THE_LOOP, linda, at("2026-11-10 10:00"), opp)
    for status, when in ((OpportunityStatus.NO_RESPONSE, "2026-11-10 10:00"),
                         (OpportunityStatus.INTERVIEWING, "2026-11-20 10:00")):
        opp.status = status
        opp.history.append(StatusChange(status=status, at=at(when)))
    second = w.interview(opp, at("2026-11-24 10:00"), at("2026-11-24 11:00"), linda,
                         roles={linda.id: Role.RECRUITER})
    w.sent(f"thank_you:i{second.id}:p{linda.id}", MessageKind.THANK_YOU, linda, at("2026-11-24 15:00"), opp)
    actions = by_key(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-03 10:00")))
    follow_up = actions[f"status_check.1:o{opp.id}:i{second.id}:p{linda.id}"]
    assert ("a new round: the interview of Tue 24 Nov starts a new sequence (at most two follow-ups, then "
            "closing the loop); the follow-ups after the interview of Tue 6 Oct were about that round") in follow_up.note


def test_a_single_round_says_nothing_of_it():
    w = World()
    acme = w.company()
    linda = w.person("Linda Park", acme)
    opp = w.opportunity(acme)
    first = w.interview(opp, at("2026-11-24 10:00"), at("2026-11-24 11:00"), linda, roles={linda.id: Role.RECRUITER})
    w.sent(f"thank_you:i{first.id}:p{linda.id}", MessageKind.THANK_YOU, linda, at("2026-11-24 15:00"), opp)
    actions = by_key(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-03 10:00")))
    assert "new round" not in actions[f"status_check.1:o{opp.id}:i{first.id}:p{linda.id}"].note
