"""The no-specific hint quotes what was discussed (topics, rapport), never a concern.

A concern is the user's own note of a doubt the interviewer raised ("salary expectations above
the band"), with their answer after `->`: it is not something to put in a note, so the hint's
"e.g." never offers it, nor its answer. A note that does address it still counts as specific.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from afterview.domain.model import (
    Channel,
    Company,
    Debrief,
    Facts,
    Interview,
    Message,
    MessageKind,
    Opportunity,
    Participant,
    Person,
    Profile,
    Role,
)
from afterview.reviewer import ReviewContext, context_for_message, review
from afterview.services.drafting import review_message

END = datetime(2026, 11, 24, 20, 0, tzinfo=timezone.utc)
CONCERN = "salary expectations above the band -> I am flexible on the package for the right role"
GENERIC = "Hi Lena,\n\nThank you for organising the interviews. I look forward to hearing from you.\n\nBest,\nAlex"


def facts(topics=("the hybrid schedule with two office days",), rapport=("we both grew up in Hamburg",),
          promises=()) -> Facts:
    return Facts(
        profile=Profile(name="Alex Morgan"),
        companies={1: Company(id=1, name="Northwind Analytics")},
        opportunities={1: Opportunity(id=1, company_id=1, role="Senior Data Engineer")},
        people={3: Person(id=3, name="Lena Fischer", company_id=1)},
        interviews={1: Interview(id=1, opportunity_id=1, start=END - timedelta(hours=1), end=END,
                                 timezone="America/New_York",
                                 participants=[Participant(person_id=3, role=Role.COORDINATOR)])},
        debriefs=[Debrief(id=1, interview_id=1, person_id=3, topics=list(topics), rapport=list(rapport),
                          concerns=[CONCERN], promises=list(promises))],
    )


def message(kind=MessageKind.THANK_YOU, body=GENERIC) -> Message:
    channel = Channel.LINKEDIN if kind is MessageKind.LINKEDIN_NOTE else Channel.EMAIL
    return Message(id=1, kind=kind, channel=channel, person_id=3, opportunity_id=1,
                   interview_id=1 if kind is MessageKind.THANK_YOU else None,
                   subject="Thank you - Senior Data Engineer interview", body=body)


def hint(f: Facts, m: Message) -> str:
    (finding,) = [x for x in review_message(f, m) if x.code == "no-specific"]
    return finding.suggestion


@pytest.mark.parametrize("kind", [MessageKind.THANK_YOU, MessageKind.LINKEDIN_NOTE])
def test_the_hint_quotes_topics_and_rapport_not_the_concern(kind):
    body = GENERIC if kind is MessageKind.THANK_YOU else "Hi Lena, thank you for organising the interviews."
    suggestion = hint(facts(), message(kind, body))
    assert suggestion == ("Add one sentence about something you discussed, e.g.: the hybrid schedule "
                          "with two office days; we both grew up in Hamburg")
    assert "salary" not in suggestion and "flexible" not in suggestion and "->" not in suggestion


def test_with_only_a_concern_recorded_the_hint_gives_no_example():
    suggestion = hint(facts(topics=(), rapport=(), promises=("my references",)), message())
    assert suggestion == "Add one sentence about something you discussed."


def test_a_note_that_answers_the_concern_is_still_specific():
    body = GENERIC.replace("I look forward", "I am flexible on the package for the right role. I look forward")
    assert [f for f in review_message(facts(), message(body=body)) if f.code == "no-specific"] == []


def test_the_context_keeps_every_detail_and_offers_topics_and_rapport_as_examples():
    context = context_for_message(facts(promises=("my references",)), message())
    assert CONCERN in context.details and "my references" in context.details
    assert context.examples == ["the hybrid schedule with two office days", "we both grew up in Hamburg"]


def test_lint_details_given_by_hand_are_still_the_examples():
    context = ReviewContext(kind="thank_you", details=["the hybrid schedule"])
    (finding,) = [f for f in review(None, GENERIC, context) if f.code == "no-specific"]
    assert finding.suggestion == "Add one sentence about something you discussed, e.g.: the hybrid schedule"
