"""Shorthand of a note to self that reached a note: "eng" (engineering), a half-year ("in H2")
or a quarter ("by Q3") after a word of time are spelling warnings with the words to write; the
same letters as a name ("the H2 database", "an Audi Q3", "HTTP/2", "ENG", "Eng Lee") never are."""

from __future__ import annotations

import pytest

from afterview.reviewer import ReviewContext, review


def _shorthand(text: str):
    body = f"Hi Tom,\n\nThank you for the conversation yesterday. {text}\n\nBest,\nAlex"
    found = review(None, body, ReviewContext(kind="thank_you"))
    return [(body[f.start:f.end], f.suggestion) for f in found
            if f.code == "spelling" and "reads as shorthand" in f.message]


@pytest.mark.parametrize("text, word, meant", [
    ("I enjoyed hearing about the eng team.", "eng", "engineering"),
    ("The eng managers were welcoming.", "eng", "engineering"),
    ("You plan to hire two people in H2.", "H2", "the second half of the year"),
    ("The launch is planned for H1 2027.", "H1", "the first half of the year"),
    ("The migration should finish by Q3.", "Q3", "the third quarter"),
    ("The roadmap for the end of Q4 sounds ambitious.", "Q4", "the fourth quarter"),
    ("Hiring picks up mid-Q2.", "Q2", "the second quarter"),
])
def test_shorthand_in_prose_is_a_warning_with_the_words_to_write(text, word, meant):
    found = _shorthand(text)
    assert [w for w, _ in found] == [word], found
    assert meant in found[0][1]


@pytest.mark.parametrize("text", [
    "We talked about the H2 database for tests.",
    "I drive an Audi Q3 to the office.",
    "The service speaks HTTP/2 and gRPC.",
    "The ENG department was welcoming.",
    "Please say hello to Eng Lee for me.",
    "I read the Q3 results with interest.",
    "Water, or H2O, came up as a joke.",
    "The engine team and the English course were mentioned.",
    "My notes are at https://example.com/eng/h2 for reference.",
    "The H2 heading of the page was missing.",
])
def test_the_same_letters_as_a_name_are_never_shorthand(text):
    assert _shorthand(text) == []


def test_shorthand_in_the_signature_or_the_greeting_is_left_alone():
    body = "Hi Tom,\n\nThank you for the conversation yesterday.\n\nBest,\nAlex\nEng Manager, plans for H2"
    found = review(None, body, ReviewContext(kind="thank_you"))
    assert not [f for f in found if "reads as shorthand" in f.message]
