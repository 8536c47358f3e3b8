"""A reply asking not to be contacted again stops everything to its sender at once, as
do-not-contact does (found by a tester: Greg Hale wrote "thanks, but please stop emailing me";
`sync` said so, but until `person edit --do-not-contact` the plan kept a keep-in-touch note to
him, its reason citing his request as warm contact, and `send-due` sent one)."""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest

from afterview.domain.model import InboundKind, MessageKind, OpportunityStatus, ReplyClass, Role, StatusChange
from afterview.planner import DEFAULT_PLAYBOOK, plan, plan_due
from afterview.planner.facts import NOT_A_STOP, no_contact_cause, stop_request

from tests.planner.builders import World, at

NOW = at("2027-08-25 10:00")
BERLIN = ZoneInfo("Europe/Berlin")


def world():
    """Greg (hiring manager) interviewed us in June; the process was rejected on 1 Jul; news that
    matters to him came on 20 Aug, so a keep-in-touch touch is planned."""
    w = World()
    acme = w.company()
    greg = w.person("Greg Hale", acme, tags=["streaming"])
    opp = w.opportunity(acme, status=OpportunityStatus.REJECTED)
    opp.history += [StatusChange(status=OpportunityStatus.INTERVIEWING, at=at("2027-06-01 09:00")),
                    StatusChange(status=OpportunityStatus.REJECTED, at=at("2027-07-01 09:00"))]
    interview = w.interview(opp, at("2027-06-10 10:00"), at("2027-06-10 11:00"), greg,
                            roles={greg.id: Role.HIRING_MANAGER})
    w.sent(f"thank_you:i{interview.id}:p{greg.id}", MessageKind.THANK_YOU, greg, at("2027-06-10 15:00"), opp)
    w.sent(f"rejection_reply:o{opp.id}:p{greg.id}", MessageKind.REJECTION_REPLY, greg, at("2027-07-01 15:00"), opp)
    w.news("Spoke at the streaming meetup", date(2027, 8, 20), tags=["streaming"])
    return w, opp, greg


def theirs(actions, person):
    return [a.key for a in actions if a.person_id == person.id]


def test_the_world_plans_a_touch_to_greg_without_the_request():
    w, opp, greg = world()
    assert any(k.startswith("keep_warm.") for k in theirs(plan(w.facts, DEFAULT_PLAYBOOK, NOW), greg))


@pytest.mark.parametrize("summary, classification", [
    # as `sync` stores it, whatever the reply was classified as
    ("other: asks not to be contacted: Thanks, but please stop emailing me.", ReplyClass.OTHER),
    ("rejection: We went another way; asks not to be contacted: please stop emailing me.", ReplyClass.REJECTION),
    ("needs_review: asks not to be contacted: Please take me off your mailing list.", ReplyClass.NEEDS_REVIEW),
    # told with `replies add --says`, and an older record whose summary keeps its text only
    ("told by you: thanks, but please stop emailing me", ReplyClass.OTHER),
    ("Thanks for the note. Please do not contact me again.", ReplyClass.OTHER),
])
def test_a_reply_asking_not_to_be_contacted_stops_everything_to_them(summary, classification):
    w, opp, greg = world()
    w.reply(greg, at("2027-08-18 09:30"), opp, classification=classification, summary=summary)
    assert theirs(plan(w.facts, DEFAULT_PLAYBOOK, NOW), greg) == []
    assert theirs(plan_due(w.facts, DEFAULT_PLAYBOOK, NOW + timedelta(days=30))[0], greg) == []


def test_a_reply_filed_under_nobody_counts_for_the_person_of_the_note_it_answers():
    w, opp, greg = world()
    answered = w.facts.messages[0]
    reply = w.reply(greg, at("2027-08-18 09:30"), summary="other: asks not to be contacted: please stop emailing me")
    reply.person_id, reply.answers_message_id = None, answered.id
    assert theirs(plan(w.facts, DEFAULT_PLAYBOOK, NOW), greg) == []


def test_why_names_the_day_of_the_request_and_how_to_take_it_back():
    w, opp, greg = world()
    reply = w.reply(greg, at("2027-08-18 09:30"), opp,
                    summary="other: asks not to be contacted: Thanks, but please stop emailing me.")
    assert no_contact_cause(w.facts, greg, BERLIN) == (
        f"Greg Hale asked on Wed 18 Aug 2027 not to be contacted (reply {reply.id}: \"Thanks, but please stop "
        f"emailing me.\"); read wrongly? afterview person edit {greg.id} --may-contact takes it back")
    greg.do_not_contact = True
    assert no_contact_cause(w.facts, greg, BERLIN) == (
        f"Greg Hale asked not to be contacted (afterview person edit {greg.id} --may-contact takes it back)")


def test_a_reply_you_said_was_read_wrongly_stops_nothing():
    w, opp, greg = world()
    reply = w.reply(greg, at("2027-08-18 09:30"), opp,
                    summary="other: asks not to be contacted: please stop emailing me at my old address")
    assert stop_request(reply)
    reply.summary += f"; {NOT_A_STOP}"
    assert stop_request(reply) == "" and no_contact_cause(w.facts, greg, BERLIN) == ""
    assert any(k.startswith("keep_warm.") for k in theirs(plan(w.facts, DEFAULT_PLAYBOOK, NOW), greg))


def test_an_ordinary_reply_an_auto_reply_or_a_conditional_stops_nothing():
    w, opp, greg = world()
    w.reply(greg, at("2027-08-18 09:30"), opp, summary="other: thanks, happy to stay in touch")
    w.reply(greg, at("2027-08-18 09:40"), opp, kind=InboundKind.AUTO_REPLY,
            summary="out of office (please stop emailing me this week)")
    w.reply(greg, at("2027-08-18 09:50"), opp, summary="other: If you would rather not hear from us, tell us.")
    assert any(k.startswith("keep_warm.") for k in theirs(plan(w.facts, DEFAULT_PLAYBOOK, NOW), greg))
