"""Text speak typed in a rapport line ("we are both from ohio lol", "omg same dog breed") never
reaches the note: it is cleaned away, or the rapport is left out and the draft says so; a place
typed in lower case in your notes gets its capitals in the note."""

from __future__ import annotations

import dataclasses

import pytest

from afterview.composer import DraftRequest, compose
from tests.composer.helpers import K, TEMPLATES, TONES, panel_facts, review_drafts

LINES = {"warm": "I also enjoyed", "formal": "I was also glad", "concise": "Nice to"}


def _thank_tom(tone, **debrief):
    facts = panel_facts()
    facts.debriefs[1] = dataclasses.replace(facts.debriefs[1], **debrief)
    draft = compose(facts, DraftRequest(kind=K.THANK_YOU, person_id=2, opportunity_id=1, interview_id=1), tone,
                    TEMPLATES)
    return draft, review_drafts(facts, [draft])[0][1]


def _rapport_line(tone, body):
    found = [s for s in body.replace("\n", " ").split(". ") if LINES[tone] in s]
    return found[0] if found else ""


SPEAK = ("lol", "omg", "haha", "lmao", "tbh", "ngl", "rofl", "hehe", "smh", "!!", ":)", "\U0001F602", "xD")


@pytest.mark.parametrize("tone", TONES)
@pytest.mark.parametrize("typed, said", [
    ("we are both from ohio lol", "we are both from Ohio"),
    ("haha we both love tacos!!", "we both love tacos"),
    ("omg we both grew up in detroit!!!", "we both grew up in Detroit"),
    ("both from texas lmao", "we are both from Texas"),
    ("LOL we both ran the chicago marathon", "we both ran the Chicago marathon"),
    ("we both love hiking tbh", "we both love hiking"),
    ("ngl we both hate on-call rotations", "we both hate on-call rotations"),
    ("we both luv sailing :)", "we both love sailing"),
    ("we both have corgis (lol)", "we both have corgis"),
    ("we're both from texas... lmao", "we're both from Texas"),
    ("Hahaha we both studied in london", "we both studied in London"),
    ("we both support the same team \U0001F602", "we both support the same team"),
    ("yeah we both moved to new york haha", "we both moved to New York"),
    ("rofl we both cycle to work", "we both cycle to work"),
    ("we both bake sourdough xD", "we both bake sourdough"),
])
def test_text_speak_is_cleaned_out_of_the_rapport(tone, typed, said):
    draft, findings = _thank_tom(tone, rapport=[typed])
    line = _rapport_line(tone, draft.body)
    assert line.endswith(said) or f"{said}." in draft.body, draft.body
    for speak in SPEAK:
        assert speak.lower() not in draft.body.lower(), speak
    assert "!." not in draft.body and "yeah" not in draft.body
    assert not [f for f in findings if f.code in ("slang", "emoji", "exclamation")], findings
    assert not [g for g in draft.asks if "rapport" in g.placeholder]


@pytest.mark.parametrize("tone", TONES)
@pytest.mark.parametrize("typed, speak", [
    ("omg same dog breed", "'omg'"),
    ("omg, same dog breed!!", "'omg'"),
    ("LOL!!! same uni", "'LOL'"),
    ("haha so funny", "'haha'"),
    ("lol", "'lol'"),
    ("hahaha", "'hahaha'"),
    ("omg!!", "'omg'"),
    ("\U0001F602\U0001F602", "\U0001F602"),
])
def test_a_rapport_that_is_nothing_without_its_text_speak_is_left_out_and_said(tone, typed, speak):
    draft, findings = _thank_tom(tone, rapport=[typed])
    assert not _rapport_line(tone, draft.body), draft.body
    for word in ("omg", "lol", "haha", "same dog breed", "same uni", "so funny", "\U0001F602"):
        assert word not in draft.body.lower()
    assert not [f for f in findings if f.code in ("slang", "emoji", "exclamation")], findings
    told = [g.placeholder for g in draft.asks if "rapport" in g.placeholder]
    assert told and f"the rapport '{typed}' is left out" in told[0] and speak in told[0], draft.asks
    assert "text speak" in told[0]


@pytest.mark.parametrize("tone", TONES)
def test_a_clipped_rapport_without_text_speak_is_left_out_too(tone):
    draft, _ = _thank_tom(tone, rapport=["same dog breed"])
    assert "same dog breed" not in draft.body and "chat about same" not in draft.body
    told = [g.placeholder for g in draft.asks if "rapport" in g.placeholder]
    assert told and "'same dog breed' is left out" in told[0]


@pytest.mark.parametrize("tone", TONES)
def test_a_rapport_without_text_speak_reads_as_before(tone):
    draft, _ = _thank_tom(tone, rapport=["we both ran the Chicago marathon this year"])
    assert "we both ran the Chicago marathon this year." in draft.body


@pytest.mark.parametrize("tone", TONES)
@pytest.mark.parametrize("field, typed, said", [
    ("topics", "the london office move", "the London office move"),
    ("topics", "opening an office in texas", "opening an office in Texas"),
    ("topics", "the team in são paulo", "the team in São Paulo"),
    ("topics", "the office in baden-württemberg", "the office in Baden-Württemberg"),
    ("rapport", "we are both from ohio", "we are both from Ohio"),
    ("rapport", "loves hiking in colorado", "you love hiking in Colorado"),
])
def test_a_place_typed_in_lower_case_gets_its_capitals_in_the_note(tone, field, typed, said):
    value = [typed, "testing dbt models before deploys"] if field == "topics" else [typed]
    draft, findings = _thank_tom(tone, **{field: value})
    assert said in draft.body, draft.body
    assert not [f for f in findings if f.code == "spelling" and "lower case" in f.message], findings


@pytest.mark.parametrize("tone", TONES)
def test_ordinary_words_that_are_also_places_keep_their_case_in_the_note(tone):
    draft, _ = _thank_tom(tone, topics=["reading the nice orange split in march", "testing dbt models"],
                          rapport=["we both love mobile games"])
    assert "reading the nice orange split in march" in draft.body
    assert "mobile games" in draft.body


@pytest.mark.parametrize("tone", TONES)
def test_a_concern_answer_and_a_promise_get_the_capitals_of_their_places(tone):
    facts = panel_facts()
    facts.debriefs[0] = dataclasses.replace(
        facts.debriefs[0], concerns=["relocating -> I am moving to chicago in March anyway"],
        promises=["the write-up on the berlin migration"])
    draft = compose(facts, DraftRequest(kind=K.THANK_YOU, person_id=1, opportunity_id=1, interview_id=1), tone,
                    TEMPLATES)
    assert "I am moving to Chicago in March anyway" in draft.body
    assert "the write-up on the Berlin migration" in draft.body
