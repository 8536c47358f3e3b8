"""Hedging as docs/lint-codes.md says it (a tester found 'kind of' and 'just' documented but
"It could be kind of useful." and "I just think it could be useful." passed), "1 hedge" in the
singular, `--rejection-at` in the page's usage, and the spelling check saying a word once with how
often it is written (it said `unknown word 'mucho'` twenty times)."""

from __future__ import annotations

from pathlib import Path

import pytest

from afterview.reviewer import ReviewConfig, review

ROOT = Path(__file__).resolve().parents[2]


def codes(text: str, config: ReviewConfig | None = None) -> list:
    return [f for f in review(None, text, config=config) if f.code == "hedging"]


@pytest.mark.parametrize("text, quoted", [
    ("It could be kind of useful.", "kind of"),
    ("I'm kind of interested in the role.", "kind of"),
    ("I\u2019m sort of hoping to hear back.", "sort of"),
    ("I kind of hoped so.", "kind of"),
    ("That's sort of what I meant.", "sort of"),
    ("It would really kind of help.", "kind of"),
    ("I just think it could be useful.", "just"),
    ("I just feel the role fits.", "just"),
    ("I just wanted to say thank you.", "just"),
    ("I just hope it went well.", "just"),
])
def test_a_softener_is_hedging(text, quoted):
    found = codes(text)
    assert [f.message for f in found] == [
        f"{'hedging' if quoted != 'just' else chr(39) + 'just' + chr(39) + ' weakens the sentence'}: '{quoted}'"]


@pytest.mark.parametrize("text", [
    "It was kind of a long day.",          # loose about the day, not about the writer
    "It is the kind of role I want.",
    "What kind of team is it?",
    "This kind of work suits me.",
    "A new kind of tool came up.",
    "It is kind of you to offer.",
    "That was so kind of them.",
    "We spoke just before the call.",
    "It was a just decision.",
    "I have just finished the report.",
    "It is just the two of us.",
])
def test_these_are_not_hedging(text):
    assert codes(text) == []


def test_one_hedge_is_said_in_the_singular():
    found = codes("I just wanted to say thank you.", ReviewConfig(hedging_warn_at=1))
    assert [f.message for f in found] == ["'just' weakens the sentence: 'just' (1 hedge in one message)"]
    assert found[0].severity == "warning"
    found = codes("I just wanted to say thanks. It could be kind of useful.", ReviewConfig(hedging_warn_at=2))
    assert all(f.message.endswith("(2 hedges in one message)") for f in found) and len(found) == 2


def test_the_page_says_what_is_caught_and_rejection_at():
    page = (ROOT / "docs" / "lint-codes.md").read_text("utf-8")
    assert "[--rejection-at ISO]" in page and "`--rejection-at` is when the rejection arrived" in page
    assert "'it could be kind of useful'" in page and "'it was kind of a long day'" in page
    assert "'just before the call'" in page and "'I just think'" in page


def test_an_unknown_word_is_said_once_with_how_often():
    text = "Hi Priya,\n\n" + " ".join(["I liked it mucho."] * 20) + "\nMucho gracias.\n\nBest,\nSam"
    spelling = [f for f in review(None, text) if f.code == "spelling"]
    mucho = [f for f in spelling if "mucho" in f.message.lower()]
    # (the capitalised one opening a sentence is one letter from "much": counted with them)
    assert [f.message for f in mucho] == ["unknown word 'mucho' (21 times)"]
    assert text[mucho[0].start:mucho[0].end] == "mucho"  # placed at its first
    assert mucho[0].start == text.index("mucho")
    gracias = [f for f in spelling if "gracias" in f.message]
    assert [f.message for f in gracias] == ["unknown word 'gracias'"]  # once: no count


def test_a_misspelt_name_is_said_once_too():
    from afterview.reviewer import ReviewContext

    text = "Hi Priya,\n\nThank you, Pryia. It was good to meet you, Pryia.\n\nBest,\nSam"
    found = [f for f in review(None, text, ReviewContext(recipient_name="Priya Raman")) if f.code == "spelling"]
    assert len(found) == 1 and found[0].message.startswith("'Pryia' is ")
    assert found[0].message.endswith("as the recipient, the company or the role is written (2 times)")
