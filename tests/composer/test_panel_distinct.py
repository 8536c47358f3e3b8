"""The notes to the members of one panel share no sentence (templates.md, Distinct notes).

- A recruiter and a coordinator on one panel got word for word the same thank-you ("Thank you
  for arranging my panel interview ... Everything ran smoothly ..."), which the review's
  near-duplicate rule reports as an error.
- Panels of five or more reused whole sentences ("Talking with you about X was a highlight of
  my interviews at ...", "I came away with a clear view of the challenges ahead for the team.").
"""

from __future__ import annotations

import itertools
import re
from datetime import datetime

import pytest

from afterview.composer import DraftRequest, compose
from afterview.composer.context import build_context
from afterview.domain.model import (
    Company, Debrief, Facts, Interview, NewsItem, Opportunity, Participant, Person, Profile, Role,
)
from tests.composer.helpers import K, TEMPLATES, TONES, UTC, problems, review_drafts

NAMES = ["Priya Raman", "Tom Becker", "Lena Fischer", "Omar Haddad", "Mia Chen", "Raj Patel", "Sara Lind"]
RECRUITER, COORDINATOR = 8, 9
ANSWER = "I have since done the work in production."


def big_panel(size: int, with_results: bool = False) -> Facts:
    facts = Facts(profile=Profile(name="Alex Morgan", phone="+1 555 0100", email="alex@mail.example"))
    facts.companies[1] = Company(id=1, name="Lumen Health")
    facts.opportunities[1] = Opportunity(id=1, company_id=1, role="Platform Engineer")
    for pid in range(1, size + 1):
        facts.people[pid] = Person(id=pid, name=NAMES[pid - 1], company_id=1, tags=[f"area{pid}"])
    facts.people[RECRUITER] = Person(id=RECRUITER, name="Sam Ortiz", company_id=1)
    facts.people[COORDINATOR] = Person(id=COORDINATOR, name="Jordan Lee", company_id=1)
    facts.interviews[1] = Interview(
        id=1, opportunity_id=1, timezone="America/New_York", stage="panel",
        start=datetime(2026, 3, 10, 15, tzinfo=UTC), end=datetime(2026, 3, 10, 18, tzinfo=UTC),
        participants=[Participant(person_id=p) for p in range(1, size + 1)]
        + [Participant(person_id=RECRUITER, role=Role.RECRUITER),
           Participant(person_id=COORDINATOR, role=Role.COORDINATOR)],
    )
    for pid in range(1, size + 1):
        facts.debriefs.append(Debrief(
            id=pid, interview_id=1, person_id=pid, topics=[f"the area{pid} roadmap", f"the area{pid} tooling"],
            concerns=[f"gap {pid} -> {ANSWER}"]))
    facts.debriefs.append(Debrief(id=RECRUITER, interview_id=1, person_id=RECRUITER,
                                  topics=["the interview process"]))
    if with_results:
        facts.news += [NewsItem(id=pid, title=f"Led the area{pid} migration", tags=[f"area{pid}"],
                                happened_on=datetime(2026, 2, 1).date()) for pid in range(1, size + 1)]
    return facts


def sentences(body: str) -> list[str]:
    """The sentences of a note, greeting and sign-off left out."""
    paragraphs = body.split("\n\n")[1:-1]
    said = [s.strip() for p in paragraphs for s in re.split(r"(?<=[.!?])\s+", p) if s.strip()]
    return [s for s in said if s != ANSWER]  # their concern's answer is the user's own words


def skeleton(sentence: str) -> str:
    """A sentence with what is this person's own (their topics, result, answer) taken out, so
    that two notes built on the same wording compare equal."""
    return re.sub(r"area\d+|gap \d+", "X", sentence)


@pytest.mark.parametrize("tone", TONES)
def test_a_recruiter_and_a_coordinator_get_different_notes(tone):
    facts = big_panel(5)
    drafts = [compose(facts, DraftRequest(kind=K.THANK_YOU, person_id=p, opportunity_id=1, interview_id=1),
                      tone, TEMPLATES) for p in (RECRUITER, COORDINATOR)]
    assert all(d.template == "thank_you_recruiter" for d in drafts)
    one, other = (set(sentences(d.body)) for d in drafts)
    assert not one & other, one & other
    assert problems(review_drafts(facts, drafts)) == []


@pytest.mark.parametrize("tone", TONES)
@pytest.mark.parametrize("size", [5, 6, 7])
@pytest.mark.parametrize("with_results", [False, True])
def test_panel_notes_share_no_sentence(tone, size, with_results):
    facts = big_panel(size, with_results)
    drafts = [compose(facts, DraftRequest(kind=K.THANK_YOU, person_id=p, opportunity_id=1, interview_id=1),
                      tone, TEMPLATES) for p in range(1, size + 1)]
    if with_results:
        assert all("migration" in d.body for d in drafts)  # each member's own result is cited
    for one, other in itertools.combinations(drafts, 2):
        shared = {skeleton(s) for s in sentences(one.body)} & {skeleton(s) for s in sentences(other.body)}
        assert not shared, (one.person_id, other.person_id, shared)
    assert problems(review_drafts(facts, drafts)) == []


@pytest.mark.parametrize("tone", TONES)
def test_a_later_round_keeps_the_panel_apart(tone):
    """Moving a whole panel to other wordings for its next round keeps its notes apart."""
    facts = big_panel(7)
    second = Interview(id=2, opportunity_id=1, timezone="America/New_York", stage="final",
                       start=datetime(2026, 3, 20, 15, tzinfo=UTC), end=datetime(2026, 3, 20, 17, tzinfo=UTC),
                       participants=list(facts.interviews[1].participants))
    facts.interviews[2] = second
    facts.debriefs += [Debrief(id=100 + d.id, interview_id=2, person_id=d.person_id, topics=d.topics)
                       for d in list(facts.debriefs)]
    drafts = [compose(facts, DraftRequest(kind=K.THANK_YOU, person_id=p, opportunity_id=1, interview_id=2),
                      tone, TEMPLATES) for p in range(1, 8)]
    for one, other in itertools.combinations(drafts, 2):
        shared = {skeleton(s) for s in sentences(one.body)} & {skeleton(s) for s in sentences(other.body)}
        assert not shared, (one.person_id, other.person_id, shared)


@pytest.mark.parametrize("tone", TONES)
def test_no_variant_repeats_a_sentence_within_one_panel_of_seven(tone):
    """Every wording list of the built-in thank-you has seven entries: any seven consecutive
    variants (one panel) render seven notes without a sentence in common, with the same facts."""
    facts = big_panel(1, with_results=True)
    context = build_context(facts, DraftRequest(kind=K.THANK_YOU, person_id=1, opportunity_id=1,
                                                interview_id=1), tone)
    for strength in (context.variables["strength"], {}):
        bodies = [TEMPLATES.render(context.template, tone, {**context.variables, "strength": strength,
                                                             "variant": v}).body for v in range(7)]
        for one, other in itertools.combinations(bodies, 2):
            assert not set(sentences(one)) & set(sentences(other)), set(sentences(one)) & set(sentences(other))
