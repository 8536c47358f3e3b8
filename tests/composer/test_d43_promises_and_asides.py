"""A promise reads right from the forms people type it in, and a topic's aside about the reader
("he asked a LOT abt stats") is never pasted into a sentence to them."""

from __future__ import annotations

import dataclasses

import pytest

from afterview.composer import DraftRequest, compose
from tests.composer.helpers import K, TEMPLATES, TONES, panel_facts

FRAMES = {"warm": "As promised, I will get {} to you.", "formal": "As promised, I will follow up with {}.",
          "concise": "As promised, I will send {}."}


def _thank_tom(tone, **debrief):
    facts = panel_facts()
    facts.debriefs[1] = dataclasses.replace(facts.debriefs[1], **debrief)
    return compose(facts, DraftRequest(kind=K.THANK_YOU, person_id=2, opportunity_id=1, interview_id=1), tone,
                   TEMPLATES)


@pytest.mark.parametrize("tone", TONES)
@pytest.mark.parametrize("typed, thing", [
    ("send her my portfolio link", "my portfolio link"),
    ("will send deck", "the deck"),
    ("follow up w/ refs", "references"),
    ("get you my references", "my references"),
    ("I'll send him the case study he asked for", "the case study you asked for"),
    ("email them my refs by friday", "my references"),
    ("Send over the slides tmrw", "the slides"),
    ("forward the article to her", "the article"),
    ("the write-up on schema evolution I mentioned", "the write-up on schema evolution I mentioned"),
    ("portfolio link", "the portfolio link"),
])
def test_a_promise_is_the_thing_sent_to_you(tone, typed, thing):
    body = _thank_tom(tone, promises=[typed]).body
    assert FRAMES[tone].format(thing) in body
    for wrong in ("her ", "him ", "them ", "send send", "get send", "with send", "get get"):
        assert wrong not in body.split("As promised")[1].split("\n")[0]


@pytest.mark.parametrize("tone", TONES)
def test_a_promise_that_is_no_thing_is_said_to_you(tone):
    body = _thank_tom(tone, promises=["connect her with my old manager"]).body
    assert "As promised, I will connect you with my old manager." in body


@pytest.mark.parametrize("tone", TONES)
def test_an_aside_about_the_reader_is_left_out_and_said(tone):
    draft = _thank_tom(tone, topics=["ab testing, how they pick metrics... he asked a LOT abt stats"])
    assert "he asked" not in draft.body and "LOT" not in draft.body and "abt" not in draft.body
    assert "ab testing and how they pick metrics" in draft.body
    told = [g.placeholder for g in draft.asks if "is left out" in g.placeholder]
    assert told and "he asked a lot abt stats" in told[0]


@pytest.mark.parametrize("tone", TONES)
def test_a_topic_that_is_only_an_aside_keeps_what_it_was_about(tone):
    draft = _thank_tom(tone, topics=["he asked a LOT abt stats"])
    assert "he asked" not in draft.body and " stats" in draft.body
