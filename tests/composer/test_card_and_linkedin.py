"""The printable card page and the LinkedIn note fitting."""

from __future__ import annotations

from afterview.composer import DraftRequest, card_html, compose
from afterview.composer.linkedin import fit_note
from tests.composer.helpers import K, TEMPLATES, panel_facts


def test_card_page_is_print_ready_and_escapes_text():
    page = card_html("Dear Priya,\n\nThanks for <script>alert(1)</script> & {{ 7*7 }}.\n\nWarm wishes,\nAlex")
    assert "@page" in page and "size: 148mm 105mm" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; {{ 7*7 }}" in page
    assert "<script>" not in page
    assert '<p class="greeting">Dear Priya,</p>' in page
    assert '<p class="signature">Warm wishes,<br>Alex</p>' in page


def test_card_draft_renders_as_a_page():
    draft = compose(panel_facts(), DraftRequest(kind=K.CARD, person_id=2, opportunity_id=1), "formal", TEMPLATES)
    page = card_html(draft.body, "Card for Tom Becker")
    assert "<title>Card for Tom Becker</title>" in page and "incident reviews" in page


def test_fit_note_keeps_short_notes():
    assert fit_note("Hi Dana,  thanks.\nAlex", 200) == "Hi Dana, thanks. Alex"


def test_fit_note_drops_whole_sentences_first():
    note = ("Hi Dana, thank you for our conversation about streaming. "
            "I would be glad to stay in touch here. It was a real pleasure. Alex")
    assert fit_note(note, 100) == "Hi Dana, thank you for our conversation about streaming. I would be glad to stay in touch here. Alex"
    fitted = fit_note(note, 80)
    assert fitted == "Hi Dana, thank you for our conversation about streaming. Alex"


def test_fit_note_cuts_a_long_first_sentence_at_a_word():
    note = "Hi Dana, " + "thank you for the conversation about " + "pipelines and contracts " * 20 + ". Alex"
    fitted = fit_note(note, 120)
    assert len(fitted) <= 120 and fitted.startswith("Hi Dana, thank you") and fitted.endswith(". Alex")
    assert not fitted.endswith("and. Alex")


def test_fit_note_counts_as_linkedin_does():
    from afterview.reviewer.text import linkedin_length

    # 83 characters as Python counts them, 85 as LinkedIn does: the emoji sentence is dropped
    note = "Hi Dana, thank you for our conversation about streaming. Great to meet you \U0001F44B\U0001F44D. Alex"
    assert len(note) == 83 and linkedin_length(note) == 85
    assert fit_note(note, 85) == note
    assert fit_note(note, 84) == "Hi Dana, thank you for our conversation about streaming. Alex"
    # a first sentence cut at a word: the emoji count twice in the room left
    long = "Hi Dana, " + "thanks \U0001F44B for the talk about pipelines " * 8 + ". Alex"
    for limit in range(60, 200, 7):
        fitted = fit_note(long, limit)
        assert linkedin_length(fitted) <= limit and fitted.endswith(". Alex"), (limit, fitted)


def test_fit_note_writes_accents_composed():
    decomposed = "Hi Rene\u0301e, thank you for the talk about the cafe\u0301 app. Alex"
    fitted = fit_note(decomposed, 200)
    assert fitted == "Hi Ren\u00e9e, thank you for the talk about the caf\u00e9 app. Alex"
