"""The review reads a rejection's moment from the status history as the planner does: the history
in force (`planner.facts.in_force`), where a status taken back the same day in your zone is as if
never recorded.

Rejected on Monday; on Wednesday the process is set open again by mistake and, half an hour
later, rejected again: the reopening was the slip, and the rejection stands from Monday. The
planner times the rejection reply from Monday; the review read the raw history, took Wednesday's
reopening as real, and called a reply set for Wednesday morning too soon after a rejection that
had "just" arrived.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from afterview.domain.model import (
    Company, Facts, Interview, Message, MessageKind, MessageState, Opportunity, OpportunityStatus, Participant,
    Person, Profile, StatusChange,
)
from afterview.planner import DEFAULT_PLAYBOOK, plan
from afterview.reviewer import review
from afterview.reviewer.context import context_for_message, rejections

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY = datetime(2026, 11, 16, 10, 0, tzinfo=BERLIN)  # rejected, told by Jon
WEDNESDAY = datetime(2026, 11, 18, 9, 0, tzinfo=BERLIN)  # set open again by mistake ...
AGAIN = WEDNESDAY + timedelta(minutes=30)  # ... and rejected again: the reopening taken back
BODY = ("Hi Jon,\n\nThank you for letting me know, and for the time you and the team gave me. I enjoyed the "
        "conversation about the Kafka migration. I would be glad to hear of future roles.\n\nBest regards,\n"
        "Alex Morgan\n")


def _facts(*history: tuple[OpportunityStatus, datetime], reply: bool = True) -> Facts:
    changes = [StatusChange(status=status, at=at, person_id=1 if status == OpportunityStatus.REJECTED else None)
               for status, at in history]
    messages = [Message(id=1, kind=MessageKind.REJECTION_REPLY, person_id=1, opportunity_id=1,
                        action_key="rejection_reply:o1:p1", subject="Re: Data Engineer", body=BODY,
                        state=MessageState.SCHEDULED, to_address="jon@globex.example",
                        scheduled_at=AGAIN + timedelta(minutes=30))] if reply else []
    return Facts(
        profile=Profile(name="Alex Morgan", timezone="Europe/Berlin", country="DE"),
        companies={1: Company(id=1, name="Globex")},
        opportunities={1: Opportunity(id=1, company_id=1, role="Data Engineer", status=changes[-1].status,
                                      history=changes)},
        people={1: Person(id=1, name="Jon Smith", emails=["jon@globex.example"], company_id=1,
                          timezone="Europe/Berlin", country="DE")},
        interviews={1: Interview(id=1, opportunity_id=1, start=MONDAY - timedelta(days=5),
                                 end=MONDAY - timedelta(days=5, hours=-1), timezone="Europe/Berlin",
                                 participants=[Participant(person_id=1)])},
        messages=messages,
    )


SLIP = ((OpportunityStatus.INTERVIEWING, MONDAY - timedelta(days=10)), (OpportunityStatus.REJECTED, MONDAY),
        (OpportunityStatus.INTERVIEWING, WEDNESDAY), (OpportunityStatus.REJECTED, AGAIN))


def _planned_reply(facts: Facts):
    return next(a for a in plan(facts, DEFAULT_PLAYBOOK, AGAIN + timedelta(minutes=5))
                if a.key == "rejection_reply:o1:p1")


def test_a_reopening_taken_back_the_same_day_leaves_mondays_rejection_for_both():
    # the planner: the rejection is Monday's, the reply may go two hours after it
    assert _planned_reply(_facts(*SLIP, reply=False)).earliest == MONDAY + timedelta(hours=2)
    facts = _facts(*SLIP)
    context = context_for_message(facts, facts.messages[0], DEFAULT_PLAYBOOK)
    # a reply set for Wednesday morning, two days after the rejection: not too soon
    assert [f.message for f in review("Re: Data Engineer", BODY, context) if f.code == "timing"] == []
    assert context.rejection_at == MONDAY
    # and the composer's reading (who told you) is the same one
    assert [when for when, *_ in rejections(facts, facts.opportunities[1])] == [MONDAY]


def test_a_reopening_that_stood_past_its_day_is_a_new_start_for_both():
    kept = ((OpportunityStatus.INTERVIEWING, MONDAY - timedelta(days=10)), (OpportunityStatus.REJECTED, MONDAY),
            (OpportunityStatus.INTERVIEWING, WEDNESDAY - timedelta(days=1)), (OpportunityStatus.REJECTED, AGAIN))
    assert _planned_reply(_facts(*kept, reply=False)).earliest == AGAIN + timedelta(hours=2)
    facts = _facts(*kept)
    context = context_for_message(facts, facts.messages[0], DEFAULT_PLAYBOOK)
    assert context.rejection_at == AGAIN
    (finding,) = [f for f in review("Re: Data Engineer", BODY, context) if f.code == "timing"]
    assert "a rejection reply set to go out 30 minutes after the rejection arrived" in finding.message
