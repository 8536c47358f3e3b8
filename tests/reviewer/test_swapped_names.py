"""A word with the letters of the recipient's name, the company or the role, two swaps of
neighbours apart ('Pryai' for 'Priya': one letter moved two places), is a spelling warning like
a word one edit away; another name two letters longer or different ('Priyanka', 'Supriya',
'Pria') is not."""

from __future__ import annotations

import pytest

from afterview.reviewer import review
from afterview.reviewer.rules.spelling import _two_swaps

from .test_rules import SUBJECT, ctx, with_sentence


def spelling(sentence: str) -> list:
    return [f for f in review(SUBJECT, with_sentence(sentence), ctx()) if f.code == "spelling"]


@pytest.mark.parametrize("sentence, word, near", [
    ("I enjoyed talking with you, Pryai, about the rollout.", "Pryai", "Priya"),
    ("I enjoyed talking with you, Rpiay, about the rollout.", "Rpiay", "Priya"),
    ("I would love to bring that to Nortwhind Logsitcis.", "Logsitcis", "Logistics"),
    ("The Seinro Data Engineer role fits what I want next.", "Seinro", "Senior"),
])
def test_two_swapped_letters_of_a_name_are_found(sentence, word, near):
    found = [f for f in spelling(sentence) if f.message.startswith(repr(word))]
    assert [f.suggestion for f in found] == [f"Did you mean {near!r}?"], spelling(sentence)
    assert found[0].message.startswith(f"{word!r} is two swapped letters from {near!r}")
    assert found[0].severity == "warning"


@pytest.mark.parametrize("sentence", [
    "I met Priyanka and Supriya from the data team as well.",  # other people
    "Pria from the platform team says hello.",  # shorter than five letters: not compared
    "I enjoyed meeting Marco and Tamsin from the platform team.",
])
def test_other_names_are_not_flagged(sentence):
    assert spelling(sentence) == []


def test_two_swaps_is_strict():
    assert _two_swaps("pryai", "priya") and _two_swaps("rpiay", "priya")
    assert not _two_swaps("priya", "priya")
    assert not _two_swaps("pryia", "priya")  # one swap (the one-edit rule's)
    assert not _two_swaps("paiyr", "priya")  # far letters exchanged
    assert not _two_swaps("pryoa", "priya")  # a swap and a changed letter
    assert not _two_swaps("supriya", "priya")
