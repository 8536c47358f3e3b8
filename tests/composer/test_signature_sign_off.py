"""A signature that carries its own sign-off closes the note once.

Found by a tester: `afterview profile set --signature 'Best,\\nAlex Morgan'` (the docs call the
signature "your sign-off block"), then any note ended "Best,\\nBest,\\nAlex Morgan" (or "Warm
regards,\\nBest,\\nAlex Morgan"), and its review said "no findings". A draft now leaves out its
own closing when the signature opens with one (the review's one list of closings, other
languages' too); a signature without one keeps the note's closing.
"""

from __future__ import annotations

import json

import pytest

from afterview.composer import DraftRequest, compose
from afterview.composer.draft import TONES
from afterview.reviewer.text import SIGN_OFF, closing_line
from tests.composer.helpers import K, TEMPLATES, every_request, panel_facts, review_drafts
from tests.helpers import afterview

AT = ("--at", "2026-11-26T15:00:00Z")


@pytest.fixture(scope="session")
def demo_built(prebuilt):
    return prebuilt.build((*AT, "demo", "--no-agenda"))

EMAIL_KINDS = {K.THANK_YOU, K.STATUS_CHECK, K.CLOSING_THE_LOOP, K.REJECTION_REPLY, K.FEEDBACK_REQUEST,
               K.KEEP_WARM, K.SHARE_NEWS, K.WITHDRAWAL}


def _drafts(signature: str, tone: str):
    facts = panel_facts()
    facts.profile.signature = signature
    requests = [r for r in every_request(facts) if r.kind in EMAIL_KINDS]
    return facts, [compose(facts, r, tone, TEMPLATES) for r in requests]


def _closings(body: str) -> list[str]:
    """The closing lines among the note's last lines."""
    return [line for line in body.splitlines()[-8:] if closing_line(line)]


@pytest.mark.parametrize("tone", TONES)
@pytest.mark.parametrize("signature, closing", [
    ("Best,\nAlex Morgan", "Best,"),
    ("Kind regards,\n\nAlex Morgan\n+1 555 0100", "Kind regards,"),
    ("Thank you\nAlex Morgan", "Thank you"),
    ("Viele Grüße\nAlex Morgan", "Viele Grüße"),
    ("Mit freundlichen Grüßen,\nAlex Morgan", "Mit freundlichen Grüßen,"),
    ("Best regards, Alex Morgan", "Best regards, Alex Morgan"),
])
def test_a_signature_with_its_own_sign_off_closes_the_note_once(tone, signature, closing):
    facts, drafts = _drafts(signature, tone)
    for draft in drafts:
        assert _closings(draft.body) == [closing], draft.body
        assert draft.body.endswith((signature, signature + "\n+1 555 0100")), draft.body  # the phone: a thank-you's
    for draft, findings in review_drafts(facts, drafts):
        assert not [f for f in findings if f.code == "doubled-closing"], draft.body


@pytest.mark.parametrize("tone", TONES)
@pytest.mark.parametrize("signature", ["Alex Morgan", "-- \nAlex Morgan", "Alex Morgan\nBest regards to all at home", ""])
def test_a_signature_without_a_sign_off_keeps_the_note_s_own(tone, signature):
    _, drafts = _drafts(signature, tone)
    for draft in drafts:
        closings = [line for line in draft.body.splitlines() if SIGN_OFF.match(line) and line.strip() != "--"]
        assert len(closings) == 1, draft.body


def test_a_note_without_a_closing_of_its_own_is_left_as_it_is():
    from afterview.composer.compose import one_closing

    body = "Hi Tom,\n\nThank you for the conversation.\n\nBest,\nAlex Morgan"
    assert one_closing(body, "Best,\nAlex Morgan") == body
    # a sentence of thanks before the signature is the note's, not a closing to take out
    thanks = "Hi Tom,\n\nI look forward to it. Thanks again!\nBest,\nAlex Morgan"
    assert one_closing(thanks, "Best,\nAlex Morgan") == thanks
    assert one_closing("Hi Tom,\n\nNotes.\n\nWarm regards,\nBest,\nAlex", "Best,\nAlex") == "Hi Tom,\n\nNotes.\n\nBest,\nAlex"


def test_the_cli_drafts_one_closing_and_reviews_a_doubled_one(prebuilt, demo_built, afterview_home):
    prebuilt.copy(demo_built, afterview_home)
    at = AT
    assert afterview(*at, "profile", "set", "--name", "Alex Morgan", "--signature", "Best,\\nAlex Morgan").code == 0
    drafted = afterview(*at, "draft", "--interview", "1", "--no-ask")
    assert drafted.code == 0, drafted.err
    drafts = json.loads(afterview(*at, "drafts", "--json").out)
    notes = [d for d in drafts if d["kind"] == "thank_you" and d["state"] == "drafted"]
    assert len(notes) >= 2
    for note in notes:
        shown = afterview(*at, "show", str(note["id"]))
        assert shown.code == 0, shown.err
        assert "Best,\nBest," not in shown.out and shown.out.count("Best,\nAlex Morgan") == 1, shown.out
        assert not [line for line in shown.out.splitlines()[-12:] if line in ("Warm regards,", "All the best,")]
    # a note edited back to two closings is reviewed as such
    (afterview_home / "note.txt").write_text(
        "Subject: Thank you - Senior Data Engineer interview\n\nHi Tom,\n\nThank you for the conversation about "
        "incident reviews.\n\nWarm regards,\nBest,\nAlex Morgan\n", encoding="utf-8")
    linted = afterview(*at, "lint", str(afterview_home / "note.txt"), "--kind", "thank_you")
    assert "warning: two closings in a row: 'Warm regards,', then 'Best,' [doubled-closing]" in linted.out, linted.out
