"""An arrow left in a note is note-taking, not prose: the reviewer reports it (placeholder).

A debrief concern is recorded as `concern -> answer`; a second arrow stays in the answer the
draft pastes ("Ran it in production -> for a client."), and a note written by hand may keep one.
"""

from __future__ import annotations

import pytest

from afterview.reviewer import ReviewContext, review


def arrows(sentence: str, subject: str | None = None) -> list[tuple[str, str]]:
    body = f"Hi Priya,\n\n{sentence}\n\nBest,\nAlex"
    return [(f.field, (subject if f.field == "subject" else body)[f.start:f.end])
            for f in review(subject, body, ReviewContext()) if f.code == "placeholder"]


@pytest.mark.parametrize("sentence,found", [
    ("Ran it in production -> for a client.", "->"),
    ("Ran it in production --> for a client.", "-->"),
    ("Ran it in production\u2192for a client.", "\u2192"),
    ("Side project -> production, since May.", "->"),
])
def test_an_arrow_is_reported(sentence, found):
    (finding,) = [f for f in review(None, f"Hi Priya,\n\n{sentence}\n\nBest,\nAlex", ReviewContext())
                  if f.code == "placeholder"]
    assert finding.severity == "error" and found in finding.message
    assert arrows(sentence) == [("body", found)]


def test_an_arrow_in_the_subject_is_reported():
    assert arrows("Thank you for the conversation.", "Kafka -> production") == [("subject", "->")]


@pytest.mark.parametrize("sentence", [
    "A well-known, hands-on e-mail about the 2024-2025 plan.",
    "Latency fell from 6 hours to < 2 minutes, and x > y - z.",
    "Write to Alex Morgan <alex-morgan@mail.example> any time.",
    "Trade-offs <-> costs were the theme.",
])
def test_hyphens_and_angle_brackets_are_not_arrows(sentence):
    assert arrows(sentence) == []
