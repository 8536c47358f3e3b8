"""The recruiter's thank-you speaks of one conversation when there was one other person to meet."""

from __future__ import annotations

import pytest

from afterview.composer import DraftRequest, compose
from afterview.composer.draft import TONES
from tests.composer.helpers import K, TEMPLATES, panel_facts, problems, review_drafts


def recruiter_note(facts, tone):
    return compose(facts, DraftRequest(kind=K.THANK_YOU, person_id=3, opportunity_id=1, interview_id=1), tone,
                   TEMPLATES)


@pytest.mark.parametrize("tone", TONES)
def test_one_person_met_is_one_conversation(tone):
    facts = panel_facts()
    two = recruiter_note(facts, tone)
    assert two.template == "thank_you_recruiter"
    assert "onversations gave me" in two.body
    interview = facts.interviews[1]
    interview.participants = [p for p in interview.participants if p.person_id != 2]  # Tom was not there
    one = recruiter_note(facts, tone)
    assert "onversation gave me" in one.body and "onversations" not in one.body
    assert "They confirmed" not in one.body + two.body  # "they" had nothing to point at
    assert problems(review_drafts(facts, [one])) == []


@pytest.mark.parametrize("tone", ["warm", "formal"])
def test_small_talk_in_a_word_reads_as_a_shared_interest(tone):
    facts = panel_facts()
    facts.debriefs[1].rapport = ["bouldering"]
    note = compose(facts, DraftRequest(kind=K.THANK_YOU, person_id=2, opportunity_id=1, interview_id=1), tone,
                   TEMPLATES)
    assert "interest in bouldering." in note.body and "common ground: bouldering" not in note.body
    facts.debriefs[1].rapport = ["we both ran the Chicago marathon"]
    note = compose(facts, DraftRequest(kind=K.THANK_YOU, person_id=2, opportunity_id=1, interview_id=1), tone,
                   TEMPLATES)
    assert "common ground" in note.body and "we both ran the Chicago marathon." in note.body
