"""Words that fit who reads them: a note speaks of "your decision" only to the person who decides.

A busy week of four panels: the thank-you notes told a peer engineer "I look forward to the next
steps, and to your decision" and "... to the outcome of the process", because the close was
picked by the panel member's place, whoever they were. Now only the hiring manager (the person
recorded with the role hiring_manager in the interview, or in another round of the process) can
get such a close; an interviewer, the recruiter (who passes the decision on) and anyone whose
part was not recorded get one that fits anyone. The notes to one panel still differ.
"""

from __future__ import annotations

import re
from datetime import datetime

import pytest

from afterview.composer import DraftRequest, compose
from afterview.composer.context import build_context
from afterview.domain.model import (
    Company, Debrief, Facts, Interview, Opportunity, OpportunityStatus, Participant, Person, Profile, Role,
    StatusChange,
)
from tests.composer.helpers import K, TEMPLATES, TONES, UTC
from tests.composer.test_every_variant_repeats import VARIANTS, flavours, repeated

# words that assume the reader makes the decision
DECISION = re.compile(r"\b(?:your (?:decision|choice|verdict)|(?:when )?you decide|outcome of the process)\b",
                      re.IGNORECASE)
HM, TOM, OMAR, SAM = 1, 2, 3, 4
PEOPLE = {HM: "Priya Raman", TOM: "Tom Becker", OMAR: "Omar Haddad", SAM: "Sam Ortiz"}


def panel(hm: int = HM, roles: dict | None = None) -> Facts:
    """A panel interview: a hiring manager (`hm`), two engineers and the recruiter who set it up."""
    roles = roles if roles is not None else {hm: Role.HIRING_MANAGER, SAM: Role.RECRUITER}
    facts = Facts(profile=Profile(name="Alex Morgan", phone="+1 555 0100", email="alex@mail.example"))
    facts.companies[1] = Company(id=1, name="Northwind Analytics")
    facts.opportunities[1] = Opportunity(id=1, company_id=1, role="Senior Data Engineer",
                                         status=OpportunityStatus.INTERVIEWING)
    for pid, name in PEOPLE.items():
        facts.people[pid] = Person(id=pid, name=name, emails=[f"p{pid}@northwind.example"], company_id=1)
    facts.interviews[1] = Interview(
        id=1, opportunity_id=1, timezone="America/Chicago", stage="panel interview",
        start=datetime(2026, 11, 24, 18, 30, tzinfo=UTC), end=datetime(2026, 11, 24, 20, 0, tzinfo=UTC),
        participants=[Participant(person_id=pid, role=roles.get(pid, Role.INTERVIEWER)) for pid in PEOPLE])
    topics = {1: "moving the nightly batch jobs to streaming", 2: "how the team runs incident reviews",
              3: "testing dbt models before deploys", 4: "the interview schedule"}
    facts.debriefs += [Debrief(id=pid, interview_id=1, person_id=pid, topics=[topics[pid]]) for pid in PEOPLE]
    return facts


def thank_you(pid: int) -> DraftRequest:
    return DraftRequest(kind=K.THANK_YOU, person_id=pid, opportunity_id=1, interview_id=1, key=f"thank_you:i1:p{pid}")


def every_wording(facts: Facts, request: DraftRequest, tone: str, varied: bool = False):
    """The note to this person rendered at every variant a panel or a series can reach (`varied`:
    with each flavour of the repeated-words check, too)."""
    context = build_context(facts, request, tone)
    for variables in (flavours(context.template, context.variables) if varied else [context.variables]):
        for variant in VARIANTS:
            yield variables, variant, TEMPLATES.render(context.template, tone, {**variables, "variant": variant}).body


@pytest.mark.parametrize("tone", TONES)
@pytest.mark.parametrize("hm", [HM, TOM, OMAR])  # the hiring manager at each place of the panel
def test_only_the_hiring_manager_reads_of_their_decision(tone, hm):
    facts = panel(hm)
    notes = {pid: compose(facts, thank_you(pid), tone, TEMPLATES).body for pid in PEOPLE}
    for pid, body in notes.items():
        if pid != hm:
            assert not DECISION.search(body), f"to {PEOPLE[pid]}:\n{body}"
    # every wording a panel member can get, as their own context builds it
    for pid in PEOPLE:
        said = [body for _, _, body in every_wording(facts, thank_you(pid), tone) if DECISION.search(body)]
        if pid == hm:
            assert said, f"no wording speaks of {PEOPLE[pid]}'s decision ({tone})"
        else:
            assert not said, f"to {PEOPLE[pid]} ({tone}):\n{said[0]}"
    # the notes to one panel still share no sentence: the closes stay apart
    closes = [body.split("\n\n")[-2] for body in notes.values()]
    assert len(set(closes)) == len(closes), closes


@pytest.mark.parametrize("tone", TONES)
def test_the_other_closes_repeat_no_word(tone):
    """The closes written for those who do not decide keep to words of their own."""
    facts = panel()
    problems = [f"variant {variant}: {again}\n{body}"
                for pid in (TOM, OMAR) for variables, variant, body in every_wording(facts, thank_you(pid), tone, True)
                if (again := repeated(body, variables))]
    assert not problems, problems[0]


@pytest.mark.parametrize("tone", TONES)
def test_every_note_to_those_who_do_not_decide(tone):
    """No kind of note assumes the power of an engineer or the recruiter."""
    facts = panel()
    facts.opportunities[1].status = OpportunityStatus.REJECTED
    facts.opportunities[1].history = [StatusChange(status=OpportunityStatus.REJECTED,
                                                   at=datetime(2026, 12, 4, 15, tzinfo=UTC), person_id=SAM)]
    kinds = [(K.CARD, 1), (K.LINKEDIN_NOTE, 1), (K.STATUS_CHECK, 1), (K.CLOSING_THE_LOOP, 1),
             (K.REJECTION_REPLY, 1), (K.FEEDBACK_REQUEST, 1), (K.KEEP_WARM, 1), (K.WITHDRAWAL, 1)]
    for pid in (TOM, OMAR, SAM):
        requests = [thank_you(pid)] + [DraftRequest(kind=kind, person_id=pid, opportunity_id=1, sequence=sequence,
                                                    key=f"{kind.value}:{sequence}:p{pid}") for kind, sequence in kinds]
        for request in requests:
            for _, variant, body in every_wording(facts, request, tone):
                assert not DECISION.search(body), f"{request.kind.value} to {PEOPLE[pid]}, variant {variant}:\n{body}"


def test_the_recruiter_passes_the_decision_on():
    """The recruiter who wrote the rejection is thanked for the decision, never for "your decision"."""
    facts = panel()
    facts.opportunities[1].status = OpportunityStatus.REJECTED
    facts.opportunities[1].history = [StatusChange(status=OpportunityStatus.REJECTED,
                                                   at=datetime(2026, 12, 4, 15, tzinfo=UTC), person_id=SAM)]
    to_sam = compose(facts, DraftRequest(kind=K.REJECTION_REPLY, person_id=SAM, opportunity_id=1), "formal",
                     TEMPLATES).body
    assert "Thank you for informing me of the decision regarding" in to_sam, to_sam
    facts.opportunities[1].history[0].person_id = HM  # the hiring manager wrote it: hers
    to_priya = compose(facts, DraftRequest(kind=K.REJECTION_REPLY, person_id=HM, opportunity_id=1), "formal",
                       TEMPLATES).body
    assert "Thank you for informing me of your decision regarding" in to_priya, to_priya


def test_the_hiring_manager_of_an_earlier_round_still_decides():
    facts = panel()
    facts.interviews[2] = Interview(
        id=2, opportunity_id=1, timezone="America/Chicago", stage="final round",
        start=datetime(2026, 12, 1, 18, tzinfo=UTC), end=datetime(2026, 12, 1, 19, tzinfo=UTC),
        participants=[Participant(person_id=HM), Participant(person_id=TOM)])
    request = DraftRequest(kind=K.THANK_YOU, person_id=HM, opportunity_id=1, interview_id=2)
    assert build_context(facts, request, "warm").variables["recipient"]["decides"] is True
    request = DraftRequest(kind=K.THANK_YOU, person_id=TOM, opportunity_id=1, interview_id=2)
    assert build_context(facts, request, "warm").variables["recipient"]["decides"] is False


@pytest.mark.parametrize("tone", TONES)
def test_a_panel_of_one_whose_part_is_unknown_reads_words_for_anyone(tone):
    """One interviewer, no role given (`--with "Tom Becker"`): nothing says they decide."""
    facts = panel(roles={})
    facts.interviews[1].participants = [Participant(person_id=TOM)]
    assert not DECISION.search(compose(facts, thank_you(TOM), tone, TEMPLATES).body)
    for _, variant, body in every_wording(facts, thank_you(TOM), tone):
        assert not DECISION.search(body), f"variant {variant}:\n{body}"
    assert build_context(facts, thank_you(TOM), tone).variables["recipient"]["decides"] is False
