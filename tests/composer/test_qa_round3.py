"""Wording a tester read as a hiring manager would (round 3): a topic typed with a capital
article, the recruiter's note about two conversations, and idioms of the built-in templates."""

from __future__ import annotations

from pathlib import Path

import pytest

from afterview.composer import DraftRequest, compose
from afterview.composer.draft import TONES
from tests.composer.helpers import K, TEMPLATES, panel_facts

TEMPLATE_DIR = Path(__file__).resolve().parents[2] / "src" / "afterview" / "composer" / "templates"


def note(facts, person: int, tone: str):
    return compose(facts, DraftRequest(kind=K.THANK_YOU, person_id=person, opportunity_id=1, interview_id=1), tone,
                   TEMPLATES)


@pytest.mark.parametrize("tone", TONES)
def test_a_topic_typed_with_a_capital_article_reads_inside_the_sentence(tone):
    # "Talking with you about The Kubernetes upgrade strategy was a highlight"
    facts = panel_facts()
    debrief = next(d for d in facts.debriefs if d.person_id == 1)
    debrief.topics = ["The Kubernetes upgrade strategy", "Our on-call rotation"]
    body = note(facts, 1, tone).body
    assert "the Kubernetes upgrade strategy" in body and "The Kubernetes upgrade strategy" not in body
    assert "Our on-call rotation" not in body  # (as a second topic, when the tone uses one: lower case too)


@pytest.mark.parametrize("tone", TONES)
def test_the_recruiters_note_about_two_conversations_has_no_pronoun_left_over(tone):
    # "... and the conversations gave me a clear picture ... It confirmed how much ..."
    body = note(panel_facts(), 3, tone).body
    assert "It confirmed" not in body and "They confirmed" not in body


def test_no_template_says_in_a_next_conversation_or_leads_an_answer_with_a_fragment():
    text = "\n".join(p.read_text(encoding="utf-8") for p in TEMPLATE_DIR.rglob("*.j2"))
    assert "a next conversation" not in text
    assert "A follow-up on the question you raised." not in text and "Back to the point you raised." not in text
