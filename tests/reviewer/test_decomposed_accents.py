"""An accent written as a separate mark (e + U+0301, as some Mac programs paste 'é') is the same
text to the review as the accent written as one character: every rule reads the text composed
(NFC), and what it finds is placed in the text as written. The LinkedIn note limit alone counts
the note as written, as LinkedIn's form does: there the separate mark counts 1 more."""

from __future__ import annotations

import random
import unicodedata

import pytest

from afterview.reviewer import ReviewContext, review
from afterview.reviewer.engine import Input, register, unregister
from afterview.reviewer.text import Written

ACUTE = "\u0301"
TAIL = ("thank you for the conversation about event sourcing at Acme Corp. I would be glad to stay "
        "in touch here.")


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def linkedin(body: str, to: str = "Tom Baker", limit: int = 200, **more):
    context = ReviewContext(kind="linkedin_note", channel="linkedin", recipient_name=to, linkedin_limit=limit, **more)
    return review(None, body, context)


def codes(findings) -> list[str]:
    return sorted(f.code for f in findings)


@pytest.mark.parametrize("greeting", ["Hi Jos\u00e9, ", "Hi Jose\u0301, "], ids=["composed", "decomposed"])
def test_a_wrong_name_is_found_however_its_accent_is_written(greeting):
    body = greeting + TAIL
    [wrong] = [f for f in linkedin(body) if f.code == "wrong-name"]
    assert "'Jos\u00e9'" in wrong.message  # said composed
    assert body[wrong.start:wrong.end] == greeting[3:-2]  # placed on the name as written


def test_the_limit_counts_a_separate_accent_mark_as_linkedin_does():
    """200 characters composed are within the limit; decomposed, LinkedIn counts 201."""
    composed = ("Hi Tom, Jos\u00e9 said you " + TAIL + " Best, Lena. " + "We discussed many things. " * 4)[:200]
    assert len(composed) == 200
    decomposed = nfd(composed)
    assert len(decomposed) == 201
    assert "linkedin-limit" not in codes(linkedin(composed))
    [over] = [f for f in linkedin(decomposed) if f.code == "linkedin-limit"]
    assert over.message.startswith("201 characters as LinkedIn counts them (200 as you see them")
    assert "an accent typed as a separate mark counts 1 more" in over.message
    # where LinkedIn would cut it, in the note as written
    assert (over.start, over.end) == (200, 201)


def test_the_qa_note_decomposed_gives_both_errors_when_it_is_over():
    """The note of the report, over the limit as written: wrong-name and linkedin-limit both."""
    body = ("Hi Jose" + ACUTE + ", " + TAIL + " Best, Lena. " + "We discussed many things and I enjoyed them all. " * 5)
    body = body[:201].rstrip() + "!"
    assert len(body.encode("utf-16-le")) // 2 > 200
    found = codes(linkedin(body))
    assert "wrong-name" in found and "linkedin-limit" in found


def test_spans_after_a_decomposed_accent_are_in_the_text_as_written():
    body = "Dear Jose" + ACUTE + ",\n\nThank you for the caf\u0065" + ACUTE + " chat, [Name] was great.\n\nBest,\nLena"
    context = ReviewContext(kind="thank_you", recipient_name="Jos\u00e9 Garc\u00eda", company="Acme")
    [placeholder] = [f for f in review("Thank you", body, context) if f.code == "placeholder"]
    assert body[placeholder.start:placeholder.end] == "[Name]"


def test_a_subject_with_a_decomposed_accent_is_placed_as_written():
    subject = "Caf\u0065" + ACUTE + " chat - [Role] interview"
    [found] = [f for f in review(subject, "Dear Ana,\n\nThanks.\n\nBest,\nLena", ReviewContext(recipient_name="Ana Ruiz"))
               if f.code == "placeholder" and f.field == "subject"]
    assert subject[found.start:found.end] == "[Role]"


def test_a_context_written_with_separate_marks_is_read_composed():
    """The recipient's name recorded decomposed greets as the composed name does: no wrong-name."""
    body = "Hi Ren\u00e9e, " + TAIL
    assert "wrong-name" not in codes(linkedin(body, to=nfd("Ren\u00e9e Dubois")))
    assert "wrong-name" not in codes(linkedin(nfd(body), to="Ren\u00e9e Dubois"))


def test_a_plugin_reads_the_composed_text_and_its_spans_are_placed_as_written():
    seen = []

    def check(data: Input):
        seen.append((data.body, data.written_body))
        start = data.body.index("Jos\u00e9")
        yield data.find("placeholder", "the name", start, start + 4)

    register(("placeholder",), check, plugin="test-plugin")
    try:
        body = "Hi Jose" + ACUTE + ", thanks."
        found = [f for f in review(None, body, ReviewContext()) if f.message == "the name"]
    finally:
        unregister(("placeholder",), check)
    assert seen == [("Hi Jos\u00e9, thanks.", body)]
    assert [body[f.start:f.end] for f in found] == ["Jose" + ACUTE]


# -- the composed text and the way back ------------------------------------------------------


def test_written_maps_each_composed_position_back():
    text = "Jose" + ACUTE + " and Rene" + ACUTE + "e"
    written = Written(text)
    assert written.text == "Jos\u00e9 and Ren\u00e9e" and written.changed
    start = written.text.index("Ren")
    end = start + len("Ren\u00e9e")
    assert text[written.start(start):written.end(end)] == "Rene" + ACUTE + "e"
    assert text[written.start(0):written.end(4)] == "Jose" + ACUTE


def test_a_composed_text_is_kept_as_it_is():
    for text in ("plain", "Jos\u00e9", "\u674e\u5c0f\u9f8d"):
        written = Written(text)
        assert written.text == text and not written.changed and written.start(2) == 2


# Letters, marks, and what joins differently: Hangul jamo into a syllable, Tamil and Oriya vowel
# signs, a character that stands for marks (U+0F73), one composition leaves apart (U+0958).
_POOL = ["a", "e", " ", ACUTE, "\u0300", "\u0323", "\u0327", "\u0308", "\u00e9", "\u1e0b", "\u0307",
         "\u1100", "\u1161", "\u11a8", "\uac00", "\u212b", "\u0958", "\u0b47", "\u0b3e", "\u0bc6",
         "\u0bbe", "\u0f73", "\u0344", "\U0001d15e", "\U0001d165"]


def test_written_composes_as_unicodedata_does_and_maps_within_bounds():
    rng = random.Random(7)
    for _ in range(5000):
        text = "".join(rng.choice(_POOL) for _ in range(rng.randint(0, 12)))
        written = Written(text)
        assert written.text == unicodedata.normalize("NFC", text)
        assert written.start(0) == 0 and written.end(len(written.text)) == len(text)
        for offset in range(len(written.text) + 1):
            assert 0 <= written.start(offset) <= written.end(offset) <= len(text)
