"""Status follow-ups after a round with nobody on it (a take-home).

Found by a tester: the planner times a process's status follow-ups from its latest round, a
take-home included, and the draft named that round's day as the interview ("the Senior Data
Engineer role I interviewed for on 4 December", the day the exercise was sent). The note names
the last interview with people, and the take-home as what it is.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from afterview.composer import DraftRequest, compose
from afterview.domain.model import (
    Company, Debrief, Facts, Interview, Message, MessageState, Opportunity, Participant, Person, Profile, Role,
)
from tests.composer.helpers import K, TEMPLATES, UTC, problems, review_drafts


def take_home_facts(*, stage: str = "take-home assignment", before: bool = True) -> Facts:
    """Northwind: a recruiter screen with Dana Reyes on Mon 23 Nov 2026 (her debrief gives a topic
    and a decision date for the screen), then a round with nobody on it, Tue 1 Dec to Fri 4 Dec."""
    facts = Facts(profile=Profile(name="Alex Morgan", phone="+1 555 0100", email="alex@mail.example",
                                  timezone="Europe/London", country="GB"))
    facts.companies[1] = Company(id=1, name="Northwind Analytics")
    facts.opportunities[1] = Opportunity(id=1, company_id=1, role="Senior Data Engineer")
    facts.people[1] = Person(id=1, name="Dana Reyes", emails=["dana@northwind.example"], company_id=1,
                             timezone="Europe/London", country="GB")
    if before:
        facts.interviews[1] = Interview(
            id=1, opportunity_id=1, timezone="Europe/London", stage="recruiter screen",
            start=datetime(2026, 11, 23, 14, 0, tzinfo=UTC), end=datetime(2026, 11, 23, 14, 30, tzinfo=UTC),
            participants=[Participant(person_id=1, role=Role.RECRUITER)])
        facts.debriefs.append(Debrief(id=1, interview_id=1, person_id=1, topics=["the streaming platform roadmap"],
                                      decision_date=date(2026, 11, 27)))
    facts.interviews[2] = Interview(
        id=2, opportunity_id=1, timezone="Europe/London", stage=stage,
        start=datetime(2026, 12, 1, 9, 0, tzinfo=UTC), end=datetime(2026, 12, 4, 17, 0, tzinfo=UTC))
    return facts


def follow_up(facts: Facts, kind=K.STATUS_CHECK, tone: str = "warm", sequence: int = 1):
    request = DraftRequest(kind=kind, person_id=1, opportunity_id=1, interview_id=2, sequence=sequence,
                           key=f"{kind.value}{'.' + str(sequence) if kind is K.STATUS_CHECK else ''}:o1:i2:p1")
    return compose(facts, request, tone, TEMPLATES)


@pytest.mark.parametrize("tone", ["warm", "formal", "concise"])
@pytest.mark.parametrize("kind,sequence", [(K.STATUS_CHECK, 1), (K.STATUS_CHECK, 2), (K.CLOSING_THE_LOOP, 1)])
def test_a_follow_up_after_a_take_home_names_the_interview_before_it_and_the_take_home(tone, kind, sequence):
    # before: "... role I interviewed for on 1 December" (the take-home's day, as an interview)
    facts = take_home_facts()
    if sequence == 2:
        facts.messages.append(Message(id=5, kind=K.STATUS_CHECK, person_id=1, opportunity_id=1, interview_id=2,
                                      subject="x", body="Hi Dana, ...", state=MessageState.SENT,
                                      sent_at=datetime(2026, 12, 14, 10, tzinfo=UTC)))
        facts.news = []
    note = follow_up(facts, kind, tone, sequence)
    interviewed = "for which I interviewed on 23 November" if tone == "formal" else "I interviewed for on 23 November"
    assert interviewed in note.body, note.body
    assert "the take-home assignment I completed on 4 December" in note.body, note.body
    assert "1 December" not in note.body
    assert problems([(d, [f for f in findings if f.code != "placeholder"])  # the second one's gap: news to add
                     for d, findings in review_drafts(facts, [note])]) == []


def test_the_first_follow_up_keeps_the_topic_of_the_interview_and_not_its_decision_date():
    note = follow_up(take_home_facts())
    assert ("I am writing about the Senior Data Engineer role I interviewed for on 23 November, and the take-home "
            "assignment I completed on 4 December. I remain very interested in joining Northwind Analytics, "
            "especially after our conversation about the streaming platform roadmap. Could you share where things "
            "stand with the timeline?") in note.body, note.body
    assert "27 November" not in note.body  # the screen's date was for the screen: the take-home moved past it


def test_the_decision_date_given_for_the_take_home_is_the_one_the_note_recalls():
    facts = take_home_facts()
    facts.debriefs.append(Debrief(id=2, interview_id=2, person_id=1, decision_date=date(2026, 12, 11)))
    note = follow_up(facts)
    assert "You mentioned 11 December for the next steps" in note.body, note.body
    assert "especially after our conversation about the streaming platform roadmap" in note.body


def test_a_take_home_with_no_interview_before_it_is_named_alone():
    note = follow_up(take_home_facts(before=False))
    assert "I am writing about the Senior Data Engineer role and the take-home assignment I completed on 4 December." \
        in note.body, note.body
    assert "interviewed" not in note.body and not note.gaps


def test_a_round_with_nobody_on_it_that_was_an_interview_is_named_as_one():
    # a phone interview whose panel was never recorded (an invitation with no attendees)
    note = follow_up(take_home_facts(stage="phone interview"))
    assert "I interviewed for on 1 December." in note.body and "completed" not in note.body


def test_a_round_with_nobody_on_it_and_no_stage_is_not_named_and_the_interview_before_it_is():
    note = follow_up(take_home_facts(stage=""))
    assert "I interviewed for on 23 November." in note.body and "completed" not in note.body


def test_the_take_home_s_day_is_the_recipient_s_and_a_deadline_at_midnight_is_the_day_before():
    facts = take_home_facts()
    facts.interviews[2].end = datetime(2026, 12, 5, 0, 0, tzinfo=UTC)  # due by midnight, London
    assert "the take-home assignment I completed on 4 December" in follow_up(facts).body
    facts.people[1].timezone, facts.people[1].country = "America/New_York", "US"
    facts.interviews[2].end = datetime(2026, 12, 4, 23, 0, tzinfo=UTC)  # 18:00 in New York
    body = follow_up(facts).body
    assert "the take-home assignment I completed on December 4" in body and "November 23" in body


@pytest.mark.parametrize("stage,name", [
    ("Take-home assignment", "take-home assignment"),
    ("a coding challenge", "coding challenge"),
    ("HackerRank test", "HackerRank test"),
    ("Case study", "case study"),
    ("take-home exercise.", "take-home exercise"),
])
def test_the_take_home_is_named_as_its_stage_reads_inside_a_sentence(stage, name):
    from afterview.composer.context import work_name

    assert work_name(stage) == name
