"""A pay concern left out of a thank-you is not reported as unanswered; a topic's "they" that
stands for a plural noun is no person; another person's topic quoted in a rejection reply is
theirs, not the reader's; and a topic about someone's private life is never quoted."""

from __future__ import annotations

import dataclasses

import pytest

from afterview.composer import DraftRequest, TemplateSet, compose
from afterview.composer.context import TOPIC_WORDING, topic_advice
from afterview.domain.model import Person
from afterview.reviewer import ReviewContext, review
from tests.composer.helpers import K, TEMPLATES, panel_facts, problems, review_drafts

TONES = ("warm", "formal", "concise")
PRIVATE = "her divorce and why she is leaving"


def checks(draft) -> list[str]:
    return [g.placeholder for g in draft.asks if g.optional and g.field == TOPIC_WORDING]


def thank_you(facts, person: int = 1, tone: str = "warm"):
    return compose(facts, DraftRequest(kind=K.THANK_YOU, person_id=person, opportunity_id=1, interview_id=1),
                   tone, TEMPLATES)


def rejection(facts, tone: str = "warm", templates=TEMPLATES):
    return compose(facts, DraftRequest(kind=K.REJECTION_REPLY, person_id=4, opportunity_id=1), tone, templates)


def with_rita(facts, priya_topics: list[str]):
    """The panel with the recruiter Rita (no debrief of hers), Priya's topics as given."""
    facts.people[4] = Person(id=4, name="Rita Alvarez", emails=["rita@northwind.example"], company_id=1)
    facts.debriefs = [dataclasses.replace(d, topics=priya_topics) if d.person_id == 1 else d
                      for d in facts.debriefs]
    return facts


def found(reviewed, code: str) -> list:
    return [f for _, findings in reviewed for f in findings if f.code == code]


# -- a concern about pay: left out on purpose, never "unanswered" -------------------------------


@pytest.mark.parametrize("concern", [
    "salary expectations too high",
    "salary expectations too high -> I am flexible on compensation",
    "whether I would relocate -> I am fine with the relocation package they offer",
])
def test_a_pay_concern_is_not_reported_as_unanswered(concern):
    body = "Hi Priya,\n\nThank you for our conversation about streaming.\n\nBest,\nAlex Morgan"
    context = ReviewContext(kind="thank_you", recipient_name="Priya Raman", concerns=[concern])
    assert not [f for f in review("Thank you", body, context) if f.code == "unanswered-concern"]


def test_a_pay_concern_beside_another_one_leaves_only_the_other_reported():
    body = "Hi Priya,\n\nThank you for our conversation about streaming.\n\nBest,\nAlex Morgan"
    context = ReviewContext(kind="thank_you", recipient_name="Priya Raman",
                            concerns=["salary expectations too high", "no healthcare experience"])
    (left,) = [f for f in review("Thank you", body, context) if f.code == "unanswered-concern"]
    assert "no healthcare experience" in left.message


@pytest.mark.parametrize("tone", TONES)
def test_a_thank_you_leaving_a_pay_concern_out_is_reviewed_clean_of_it(tone):
    facts = panel_facts()
    facts.debriefs[0].concerns = ["salary expectations too high -> I am flexible on compensation"]
    note = thank_you(facts, 1, tone)
    assert "compensation" not in note.body
    assert found(review_drafts(facts, [note]), "unanswered-concern") == []


# -- "they" for a plural noun of the topic is no person -----------------------------------------


@pytest.mark.parametrize("tone", TONES)
def test_they_standing_for_the_topics_plural_noun_draws_no_check_line(tone):
    facts = panel_facts()
    facts.debriefs[1].topics = ["Data contracts (and why they matter)"]
    note = thank_you(facts, 2, tone)
    assert "data contracts (and why they matter)" in note.body
    assert not [c for c in checks(note) if "'they'" in c], checks(note)
    assert problems(review_drafts(facts, [note])) == []


def test_a_topic_about_the_reader_still_draws_its_check_line():
    facts = panel_facts()
    facts.debriefs[1].topics = ["how they handle cluster upgrades"]
    (said,) = [c for c in checks(thank_you(facts, 2)) if "they" in c]
    assert "written from your side ('they')" in said


# -- another person's topic: written about them, not to the reader ------------------------------


def test_topic_advice_for_another_persons_topic():
    assert topic_advice("how she runs incident reviews", about="Priya Raman") == [
        "written about Priya Raman ('she'); name them before it ('the conversation with Priya about ...')"]
    assert topic_advice("how she runs incident reviews", about="Priya Raman", named=True) == []
    assert topic_advice("how she runs incident reviews") == [
        "written from your side ('she'); say it as you would to them ('you', 'your ...')"]


@pytest.mark.parametrize("tone", TONES)
def test_a_rejection_reply_naming_the_interviewer_first_draws_no_line_about_her(tone):
    facts = with_rita(panel_facts(), ["how she runs incident reviews"])
    note = rejection(facts, tone)
    assert "Priya Raman" in note.body and "how she runs incident reviews" in note.body
    assert not [c for c in checks(note) if "'she'" in c], checks(note)
    assert problems(review_drafts(facts, [note])) == []


def test_a_template_of_your_own_not_naming_her_first_is_told_the_topic_is_about_her(tmp_path):
    path = tmp_path / "warm" / "rejection_reply.txt.j2"
    path.parent.mkdir(parents=True)
    path.write_text("Subject: Thank you\n\n{{ recipient.salutation }},\n\nThank you for letting me know. I valued "
                    "hearing about {{ topic }}.\n\n{{ me.signature }}\n", encoding="utf-8")
    facts = with_rita(panel_facts(), ["how she runs incident reviews"])
    note = rejection(facts, "warm", TemplateSet(tmp_path))
    (said,) = [c for c in checks(note) if "'she'" in c]
    assert "written about Priya Raman ('she'); name them before it" in said
    assert "'you'" not in said
    assert [f.message for f in found(review_drafts(facts, [note]), "topic-wording")] == [
        "the topic 'how she runs incident reviews' is used as you typed it: written about Priya Raman ('she'); "
        "name them before it ('the conversation with Priya about ...')"]


# -- someone's private life is never quoted -----------------------------------------------------


def private_lines(draft) -> list[str]:
    return [c for c in checks(draft) if "private life" in c]


@pytest.mark.parametrize("tone", TONES)
def test_a_rejection_reply_never_quotes_an_interviewers_private_life(tone):
    facts = with_rita(panel_facts(), [PRIVATE])  # Priya's only topic: the reply takes Tom's
    note = rejection(facts, tone)
    assert "divorce" not in note.body and "leaving" not in note.body
    assert "Tom Becker" in note.body and "incident reviews" in note.body
    (said,) = private_lines(note)
    assert said.startswith(f"the topic '{PRIVATE}' is about someone's private life ('her divorce'): left out")
    assert 'afterview debrief 1 --person "Priya Raman" --replace' in said
    assert found(review_drafts(facts, [note]), "private-topic") == []
    assert problems(review_drafts(facts, [note])) == []


@pytest.mark.parametrize("tone", TONES)
@pytest.mark.parametrize("kind", [K.THANK_YOU, K.CARD, K.LINKEDIN_NOTE])
def test_a_note_to_her_skips_her_private_topic_for_the_next(tone, kind):
    facts = panel_facts()
    facts.debriefs[0].topics = ["Priya's new baby", "moving the nightly batch jobs to streaming"]
    note = compose(facts, DraftRequest(kind=kind, person_id=1, opportunity_id=1, interview_id=1), tone, TEMPLATES)
    assert "baby" not in note.body
    assert "streaming" in note.body
    (said,) = private_lines(note)
    assert "'Priya's new baby' is about someone's private life" in said
    assert found(review_drafts(facts, [note]), "private-topic") == []


def test_only_private_topics_ask_for_another_topic_not_about_pay():
    facts = panel_facts()
    facts.debriefs[1].topics = ["his father's illness"]
    note = thank_you(facts, 2)
    assert "illness" not in note.body
    assert note.gaps == ["[topic you discussed with Tom]"]
    (gap,) = [g for g in note.asks if not g.optional]
    assert "Pay" not in gap.question
    assert len(private_lines(note)) == 1


def test_a_topic_of_work_with_a_family_word_is_kept():
    facts = panel_facts()
    facts.debriefs[1].topics = ["the family leave policy tooling"]
    note = thank_you(facts, 2)
    assert "the family leave policy tooling" in note.body and private_lines(note) == []
