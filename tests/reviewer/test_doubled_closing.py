"""Two closings in a row are a finding (`doubled-closing`).

Found by a tester: a signature that carried its own sign-off ("Best,\\nAlex Morgan") under a
draft's closing gave "Best,\\nBest,\\nAlex Morgan", and the review said "no findings".
"""

from __future__ import annotations

import pytest

from afterview.reviewer import RULES, ReviewContext, review
from afterview.reviewer.catalogue import explain

SUBJECT = "Thank you - Senior Data Engineer interview"
CORE = ("Hi Tom,\n\nThank you for the conversation about how the team runs incident reviews. I enjoyed "
        "hearing how blameless write-ups became a habit, and I would be glad to bring the same care to "
        "Northwind Analytics.\n\nI look forward to hearing about the next steps.\n\n")


def doubled(ending: str) -> list[tuple[str, str, str]]:
    body = CORE + ending
    context = ReviewContext(kind="thank_you", recipient_name="Tom Becker", company="Northwind Analytics",
                            role="Senior Data Engineer", sender_name="Alex Morgan")
    return [(f.message, body[f.start:f.end], f.suggestion) for f in review(SUBJECT, body, context)
            if f.code == "doubled-closing"]


@pytest.mark.parametrize("ending, first, second", [
    ("Best,\nBest,\nAlex Morgan", "Best,", "Best,"),
    ("Warm regards,\nBest,\nAlex Morgan\n+1 555 0100", "Warm regards,", "Best,"),
    ("Kind regards,\n\nBest regards,\nAlex Morgan", "Kind regards,", "Best regards,"),
    ("Thanks,\nBest regards, Alex Morgan", "Thanks,", "Best regards, Alex Morgan"),
    ("Many thanks\nMit freundlichen Grüßen\nAlex Morgan", "Many thanks", "Mit freundlichen Grüßen"),
    ("All the best,\nViele Grüße,\nAlex", "All the best,", "Viele Grüße,"),
])
def test_two_closings_in_a_row_are_reported_at_the_second(ending, first, second):
    [(said, where, fix)] = doubled(ending)
    assert said == f"two closings in a row: {first!r}, then {second!r}"
    assert where == second
    assert fix.startswith(f"Keep one of them: delete {first!r}")


@pytest.mark.parametrize("ending", [
    "Best,\nAlex Morgan",
    "Thanks again!\n\nBest,\nAlex Morgan",  # a sentence of thanks, then the closing
    "Thank you.\nKind regards,\nAlex Morgan",
    "Best regards,\nAlex Morgan\nSenior Data Engineer\n+1 555 0100",
    "Viele Grüße\nAlex Morgan",
    "Best,\nLove Andersson",  # a first name that is a closing word, with the family name
    "-- \nAlex Morgan\nBest regards to all",
])
def test_one_closing_is_not(ending):
    assert doubled(ending) == []


def test_the_code_is_catalogued():
    rule = RULES["doubled-closing"]
    assert (rule.severity, rule.family) == ("warning", "mechanics")
    assert explain("doubled-closing").startswith("doubled-closing [warning]: two closings in a row")
