"""The recruiter's thank-you speaks of one conversation when there was one other person to meet."""

from __future__ import annotations

import pytest

from afterview.composer import DraftRequest, compose
from afterview.composer.draft import TONES
from tests.composer.helpers import K, TEMPLATES, panel_facts, problems, review_drafts


def recruiter_note(facts, tone):
    return compose(facts, DraftRequest(kind=K.THANK_YOU, person_id=3, opportunity_id=1, interview_id=1), tone,
                   TEMPLATES)


def every_wording(facts, tone):
    """The recruiter's note in each of its wordings (the recruiters of one panel take one each)."""
    from afterview.composer.context import build_context

    context = build_context(facts, DraftRequest(kind=K.THANK_YOU, person_id=3, opportunity_id=1, interview_id=1),
                            tone)
    assert context.template == "thank_you_recruiter"
    return [TEMPLATES.render(context.template, tone, {**context.variables, "variant": v}).body for v in range(8)]


@pytest.mark.parametrize("tone", TONES)
def test_one_person_met_is_one_conversation(tone):
    facts = panel_facts()
    two = every_wording(facts, tone)
    assert any("onversations gave me" in body for body in two)
    interview = facts.interviews[1]
    interview.participants = [p for p in interview.participants if p.person_id != 2]  # Tom was not there
    one = every_wording(facts, tone)
    assert any("onversation gave me" in body for body in one)
    assert not any("onversations" in body for body in one)
    assert not any("They confirmed" in body for body in one + two)  # "they" had nothing to point at
    assert problems(review_drafts(facts, [recruiter_note(facts, tone)])) == []


@pytest.mark.parametrize("tone", ["warm", "formal"])
def test_small_talk_in_a_word_reads_as_a_chat_not_a_shared_interest(tone):
    facts = panel_facts()
    facts.debriefs[1].rapport = ["bouldering"]
    note = compose(facts, DraftRequest(kind=K.THANK_YOU, person_id=2, opportunity_id=1, interview_id=1), tone,
                   TEMPLATES)
    # the note cannot know the interest is shared: it says only that you talked about it
    assert "about bouldering." in note.body and "common ground: bouldering" not in note.body
    assert "interest in bouldering" not in note.body
    facts.debriefs[1].rapport = ["we both ran the Chicago marathon"]
    note = compose(facts, DraftRequest(kind=K.THANK_YOU, person_id=2, opportunity_id=1, interview_id=1), tone,
                   TEMPLATES)
    assert "common ground" in note.body and "we both ran the Chicago marathon." in note.body


# -- who set it up, and who held it -------------------------------------------------------------

import re  # noqa: E402

from afterview.domain.model import Participant, Role  # noqa: E402
from tests.composer.helpers import compose_all  # noqa: E402

SET_UP = re.compile(r"\b(?:organi[sz]|arrang)(?:e|ed|es|ing)\b", re.I)
# British spellings that a US reader would see as errors (and American ones a British reader would)
BRITISH = re.compile(r"\b\w*(?:organis|recognis|realis|apologis|prioritis|specialis|summaris|colour|favour"
                     r"|behaviour|honour|centre|programme)\w*", re.I)
AMERICAN = re.compile(r"\b\w*(?:organiz|recogniz|realiz|apologiz|prioritiz|specializ|summariz|color\b|favor\b"
                      r"|behavior|honor\b|center\b)\w*", re.I)


def phone_screen(facts, role=Role.RECRUITER):
    """Lena, the recruiter, held the phone screen alone: no one else was on the panel."""
    interview = facts.interviews[1]
    interview.stage = "phone screen"
    interview.participants = [Participant(person_id=3, role=role)]
    return facts


@pytest.mark.parametrize("tone", TONES)
def test_a_recruiter_who_held_the_screen_is_thanked_for_the_conversation(tone):
    facts = phone_screen(panel_facts())
    note = recruiter_note(facts, tone)
    assert note.template == "thank_you_recruiter"
    assert not SET_UP.search(note.body), note.body  # they did not organise it for someone else
    assert re.search(r"speak(?:ing)? with me about the Senior Data Engineer", note.body), note.body
    assert "meeting" not in note.body.split("\n\n")[2] and "conversations" not in note.body, note.body
    assert "hybrid schedule" in note.body  # what they talked about
    assert problems(review_drafts(facts, [note])) == []


@pytest.mark.parametrize("tone", TONES)
def test_a_recruiter_who_set_up_a_panel_is_thanked_for_arranging_it(tone):
    facts = panel_facts()
    facts.interviews[1].participants[2] = Participant(person_id=3, role=Role.RECRUITER)
    note = recruiter_note(facts, tone)
    assert "Thank you for arranging my panel interview" in note.body, note.body
    assert "Priya Raman and Tom Becker" in note.body


@pytest.mark.parametrize("tone", TONES)
def test_a_coordinator_is_thanked_for_arranging_even_alone(tone):
    facts = phone_screen(panel_facts(), Role.COORDINATOR)
    note = recruiter_note(facts, tone)
    assert "Thank you for arranging my phone screen" in note.body, note.body


@pytest.mark.parametrize("tone", TONES)
@pytest.mark.parametrize("country", ["US", "GB"])
def test_no_note_uses_a_spelling_of_one_country_only(tone, country):
    facts = panel_facts()
    facts.profile.country = country
    bodies = [d.body for d in compose_all(facts, tone)] + [recruiter_note(phone_screen(panel_facts()), tone).body]
    for body in bodies:
        assert not BRITISH.search(body) and not AMERICAN.search(body), body
