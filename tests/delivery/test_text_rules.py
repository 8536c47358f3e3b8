"""Return dates, Auto-Submitted keywords, reply classes and subject normalisation."""

from datetime import date

import pytest

from afterview.delivery.autoreply import auto_submitted_keyword, return_date
from afterview.delivery.matching import normalise_subject
from afterview.delivery.replies import classify_reply, strip_reply
from afterview.domain.model import ReplyClass

TODAY = date(2026, 11, 26)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("I am out of the office until December 3rd.", date(2026, 12, 3)),
        ("Back on Monday, Dec 7th.", date(2026, 12, 7)),
        ("I'm away from Nov 20 to Dec 9 with no access to email.", date(2026, 12, 9)),
        ("Out Dec 1-15, back Dec 16.", date(2026, 12, 16)),
        ("Returning on 2026-12-20.", date(2026, 12, 20)),
        ("I will be back on 3 January.", date(2027, 1, 3)),
        ("Ich bin bis zum 4.12. nicht im Büro.", date(2026, 12, 4)),
        ("Vom 1.-5. Dezember bin ich abwesend.", date(2026, 12, 5)),
        ("Zurück am 10. Dezember 2026.", date(2026, 12, 10)),
        ("Je suis absente jusqu'au 7 décembre 2026 inclus.", date(2026, 12, 7)),
        ("Estoy fuera hasta el 10 de diciembre.", date(2026, 12, 10)),
        ("Sarò fuori ufficio fino al 11 dicembre.", date(2026, 12, 11)),
        ("Ik ben afwezig tot en met 12 december.", date(2026, 12, 12)),
        # a time is not a date; a date in the past or over a year ahead is ignored
        ("Ich bin bis 9.30 Uhr in einer Besprechung.", None),
        ("I was out until November 1.", None),
        ("Back on 3 January 2029.", None),
        ("I am travelling with limited access to email.", None),
    ],
)
def test_return_dates(text, expected):
    assert return_date(text, TODAY) == expected


@pytest.mark.parametrize(
    "value, keyword",
    [("auto-replied", "auto-replied"), ("auto-generated; owner-email=x@y", "auto-generated"),
     ("auto-notified (vacation)", "auto-notified"), ("No", "no"), ("", "")],
)
def test_auto_submitted_keyword(value, keyword):
    assert auto_submitted_keyword(value) == keyword


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Unfortunately we have decided to move forward with other candidates.", ReplyClass.REJECTION),
        ("We regret to inform you that the position has been filled.", ReplyClass.REJECTION),
        ("The process moved to the next step and your application was not selected.", ReplyClass.REJECTION),
        ("Leider müssen wir Ihnen mitteilen, dass wir uns für einen anderen Kandidaten entschieden haben.", ReplyClass.REJECTION),
        ("Malheureusement votre candidature n'a pas été retenue.", ReplyClass.REJECTION),
        ("We are pleased to offer you the position. The offer letter is attached.", ReplyClass.OFFER),
        ("We'd like to invite you to a second interview. What is your availability?", ReplyClass.NEXT_ROUND),
        ("Please complete the coding challenge on HackerRank by Friday.", ReplyClass.NEXT_ROUND),
        ("Unfortunately I am out Monday; could you share your availability for Tuesday?", ReplyClass.NEXT_ROUND),
        ("If you are selected for the next round, we will contact you.", ReplyClass.OTHER),
        ("Should we decide to extend an offer, HR will reach out.", ReplyClass.NEEDS_REVIEW),
        ("Congratulations on the launch!", ReplyClass.NEEDS_REVIEW),
        ("Thanks, got it.", ReplyClass.OTHER),
    ],
)
def test_reply_classes(text, expected):
    assert classify_reply(text)[0] == expected


def test_strip_reply_removes_quote_and_signature():
    text = "Sounds good, see you then.\n\nBest,\nJane\n\nOn Mon, Nov 23, 2026 at 10:00 AM Alex <a@x.example> wrote:\n> old text\n"
    stripped = strip_reply(text)
    assert stripped.startswith("Sounds good") and "old text" not in stripped


@pytest.mark.parametrize(
    "subject, expected",
    [("Re: RE: AW: Thank you", "thank you"), ("Automatic reply: Re: Follow-up", "follow-up"),
     ("Fwd: WG: SV:  Next   steps", "next steps"), ("Réponse automatique : Merci", "merci")],
)
def test_normalise_subject(subject, expected):
    assert normalise_subject(subject) == expected
