"""A subject is no sign-off: "Subject: x" was reported as "over-familiar sign-off: 'x'", as a
line "x" under a note is (a kiss). The sign-off and mobile-signature lines are looked for in the
body only; everything else is still checked in the subject."""

from __future__ import annotations

from afterview.reviewer import ReviewContext, review

BODY = "Hi Tom,\n\nThank you for the call about the data platform.\n\nBest,\nAl"


def _slang(subject: str, body: str = BODY) -> list[str]:
    return [f.message for f in review(subject, body, ReviewContext(kind="thank_you")) if f.code == "slang"]


def test_a_subject_is_no_sign_off():
    assert _slang("x") == []
    assert _slang("Love") == []
    assert _slang("Sent from my iPhone") == []


def test_the_body_still_has_its_sign_off_checked():
    assert _slang("Thank you", BODY + "\nx") == ["over-familiar sign-off: 'x'"]


def test_the_subject_is_still_checked_for_text_speak():
    assert any("lol" in m for m in _slang("Thanks lol"))
