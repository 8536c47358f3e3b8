"""Notes to one person across rounds differ; a topic is never assumed to be a technical problem;
and one note never says the same thing twice."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest

from afterview.composer import DraftRequest, compose
from afterview.composer.context import build_context
from afterview.composer.draft import TONES
from afterview.domain.model import Debrief, Interview, Participant, Person, Role
from tests.composer.helpers import K, TEMPLATES, UTC, panel_facts, problems, review_drafts


def sentences(body: str) -> list[str]:
    """The sentences of a note's core (no greeting, no sign-off, no signature)."""
    core = "\n".join(body.split("\n\n")[1:-1])
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", core) if s.strip()]


def with_round_two(facts, panel=(1,), topics=None):
    """A second interview of the same opportunity, a week later, with `panel`."""
    start = datetime(2026, 12, 1, 18, 30, tzinfo=UTC)
    facts.interviews[2] = Interview(
        id=2, opportunity_id=1, timezone="America/New_York", stage="round 2", start=start,
        end=start + timedelta(hours=1),
        participants=[Participant(person_id=p, role=Role.HIRING_MANAGER if p == 1 else Role.INTERVIEWER)
                      for p in panel])
    for n, pid in enumerate(panel):
        facts.debriefs.append(Debrief(id=20 + n, interview_id=2, person_id=pid,
                                      topics=(topics or {}).get(pid, ["the roadmap for the next quarter"])))
    return facts


def thank_you(facts, person, interview, tone):
    return compose(facts, DraftRequest(kind=K.THANK_YOU, person_id=person, opportunity_id=1,
                                       interview_id=interview), tone, TEMPLATES)


# -- rounds ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("tone", TONES)
@pytest.mark.parametrize("panel", [(1,), (1, 2), (2, 1, 3), (4, 1)])
def test_a_second_rounds_note_to_the_same_person_is_worded_differently(tone, panel):
    facts = panel_facts()
    facts.people[4] = Person(id=4, name="Ana Souza", company_id=1)
    # the same topic both times: only the wording can tell the notes apart
    facts = with_round_two(facts, panel, {1: ["moving the nightly batch jobs to streaming"]})
    first, second = thank_you(facts, 1, 1, tone), thank_you(facts, 1, 2, tone)
    assert sentences(first.body)[0] != sentences(second.body)[0]  # another opening
    shared = set(sentences(first.body)) & set(sentences(second.body))
    # what is recorded is said again (the result, the promise, the concern's answer), not the wording
    recorded = {s for s in shared if "Confluent" in s or "schema evolution" in s or "Kafka" in s}
    assert len(shared - recorded) <= 1, shared - recorded
    assert thank_you(facts, 1, 2, tone).body == second.body  # deterministic


@pytest.mark.parametrize("tone", TONES)
def test_a_later_rounds_panel_still_gets_distinct_notes(tone):
    facts = with_round_two(panel_facts(), (1, 2), {1: ["pricing experiments"], 2: ["pricing experiments"]})
    notes = [thank_you(facts, p, 2, tone) for p in (1, 2)]
    assert sentences(notes[0].body)[0] != sentences(notes[1].body)[0]
    found = [f for _, fs in review_drafts(facts, notes) for f in fs if f.code == "near-duplicate"]
    assert found == []


def test_the_first_interviews_notes_are_unchanged_by_later_rounds():
    facts = panel_facts()
    before = [thank_you(facts, p, 1, "warm").body for p in (1, 2)]
    after = [thank_you(with_round_two(panel_facts(), (1, 2)), p, 1, "warm").body for p in (1, 2)]
    assert before == after


# -- a topic that is not a problem ---------------------------------------------------------------

NOT_A_PROBLEM = re.compile(r"problem|kind of work|work I (?:want|wish)|what I do best|questions such as|"
                           r"challenges you described|those challenges|work like this", re.I)


@pytest.mark.parametrize("tone", TONES)
def test_a_topic_like_the_onboarding_plan_is_never_called_a_problem(tone):
    # (relocation support, this test's first example, is pay and benefits: a note no longer
    # praises it at all, see tests/composer/test_qa_rejection_drafts.py)
    topic = "the onboarding plan for new joiners"
    facts = panel_facts()
    facts.news = []  # no result of yours to cite: the note says why the talk mattered
    names = ["Dana Lee", "Sam Ortiz", "Kim Park", "Lou Diaz", "Ira Roth", "Ada Wong"]
    facts.people = {i: Person(id=i, name=n, company_id=1) for i, n in enumerate(names, 1)}
    facts.interviews[1].participants = [Participant(person_id=i) for i in facts.people]
    facts.debriefs = [Debrief(interview_id=1, person_id=i, topics=[topic]) for i in facts.people]
    facts = with_round_two(facts, (1, 2, 3), {p: [topic] for p in (1, 2, 3)})
    notes = [thank_you(facts, p, 1, tone) for p in facts.people] + [thank_you(facts, p, 2, tone) for p in (1, 2, 3)]
    for note in notes:
        assert topic in note.body
        assert not NOT_A_PROBLEM.search(note.body), note.body
    assert len({n.body.split("\n", 1)[1] for n in notes[:6]}) == 6  # the panel's notes still differ
    assert problems(review_drafts(facts, notes[:6])) == []
    assert problems(review_drafts(facts, notes[6:])) == []


# -- one note, no sentence said twice -------------------------------------------------------------

# Sentences that say the same thing: one note may hold at most one of each group.
SAME_THING = [
    re.compile(r"what the .* position requires|responsibilities of the position", re.I),
    re.compile(r"\b(?:gave|give) me a (?:clear|real|clearer)", re.I),
    re.compile(r"\bshowed me\b", re.I),
]


@pytest.mark.parametrize("tone", TONES)
@pytest.mark.parametrize("strength", [True, False])
def test_no_two_sentences_of_a_thank_you_say_the_same_thing(tone, strength):
    facts = panel_facts()
    if not strength:
        facts.news = []
    request = DraftRequest(kind=K.THANK_YOU, person_id=1, opportunity_id=1, interview_id=1)
    context = build_context(facts, request, tone)
    for variant in range(48):  # every combination of the wordings, in every round
        text = TEMPLATES.render(context.template, tone, {**context.variables, "variant": variant}).body
        for group in SAME_THING:
            said = [s for s in sentences(text) if group.search(s)]
            assert len(said) <= 1, (variant, said)


def test_the_formal_note_of_the_reported_case_says_it_once():
    facts = panel_facts()
    facts.debriefs[0].topics = ["moving the nightly batch jobs to streaming"]  # no second topic
    request = DraftRequest(kind=K.THANK_YOU, person_id=1, opportunity_id=1, interview_id=1)
    context = build_context(facts, request, "formal")
    text = TEMPLATES.render(context.template, "formal", {**context.variables, "variant": 1}).body
    assert "It clarified what the Senior Data Engineer position requires." in text
    assert "responsibilities of the position" not in text
