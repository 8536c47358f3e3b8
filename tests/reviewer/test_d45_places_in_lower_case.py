"""A place's name written in lower case ("we are both from ohio", "the london office") is a
spelling warning with its capitals as the fix; ordinary words that are also places ("reading",
"nice", "bath", "mobile", "orange", "split", "march") never are."""

from __future__ import annotations

import subprocess
import sys

import pytest

from afterview.reviewer import ReviewContext, review
from afterview.reviewer.catalogue import RULES


def _lower_case(body: str, context: ReviewContext | None = None):
    found = review(None, body, context or ReviewContext(kind="thank_you"))
    return [f for f in found if f.code == "spelling" and "in lower case: as the name of a place" in f.message]


@pytest.mark.parametrize("text, typed, name", [
    ("I enjoyed finding out we are both from ohio.", "ohio", "Ohio"),
    ("I am moving to texas in the spring.", "texas", "Texas"),
    ("The london office sounds like a great place to work.", "london", "London"),
    ("It was great to hear about the new york team.", "new york", "New York"),
    ("We both grew up in north carolina.", "north carolina", "North Carolina"),
    ("I spent two years in são paulo.", "são paulo", "São Paulo"),
    ("I spent two years in sao paulo.", "sao paulo", "Sao Paulo"),
    ("Your paris-based team impressed me.", "paris", "Paris"),
    ("I know ohio's winters well.", "ohio", "Ohio"),
    ("The office in rio de janeiro opens soon.", "rio de janeiro", "Rio de Janeiro"),
    ("My family is in the united kingdom.", "united kingdom", "United Kingdom"),
    ("The team in New york was welcoming.", "New york", "New York"),
    ("Our chat about bavaria and bayern made my day.", "bayern", "Bayern"),
    ("I worked in chicago for five years.", "chicago", "Chicago"),
    ("She moved from kolkata to berlin.", "kolkata", "Kolkata"),
])
def test_a_place_in_lower_case_is_a_warning_with_its_capitals(text, typed, name):
    body = f"Hi Tom,\n\nThank you for the conversation yesterday. {text}\n\nBest,\nAlex"
    found = _lower_case(body)
    assert found, review(None, body, ReviewContext(kind="thank_you"))
    finding = found[0]
    assert finding.severity == "warning"
    assert body[finding.start:finding.end] == typed
    assert f"'{name}'" in finding.message and finding.suggestion == f"Write '{name}'."


@pytest.mark.parametrize("text", [
    "I am reading a book on stream processing.",
    "It was nice to meet you.",
    "I took a bath in the data this week.",
    "Our mobile app work was a highlight.",
    "The orange dashboard caught my eye.",
    "We discussed how to split the monolith.",
    "We should march on with the migration.",
    "A turkey sandwich and a jersey from the team shop.",
    "Midway through the call we covered China's market and fine china.",
    "I bought a new jersey for the match.",
    "We talked about the chihuahua she adopted and the panama hat.",
    "The west wing, the central office and the south coast.",
    "My email is alex@london.example and my site is ohio.edu/alex.",
    "I want to wake up early and read about the guinea pig.",
    "Please see https://example.com/texas for the details.",
    "OHIO is written in capitals here.",
])
def test_ordinary_words_that_are_also_places_are_not_flagged(text):
    body = f"Hi Tom,\n\nThank you for the conversation yesterday. {text}\n\nBest,\nAlex"
    assert _lower_case(body) == []


def test_a_place_said_twice_is_one_finding_with_its_count():
    body = "Hi Tom,\n\nI loved ohio. I will be back in ohio soon.\n\nBest,\nAlex"
    found = _lower_case(body)
    assert len(found) == 1 and "(2 times)" in found[0].message


def test_a_name_the_context_writes_in_lower_case_is_theirs():
    body = "Hi Tom,\n\nThank you for telling me about lima and its roadmap; I liked denver too.\n\nBest,\nAlex"
    assert [f for f in _lower_case(body, ReviewContext(kind="thank_you", company="denver"))] == []


def test_the_signature_and_the_greeting_are_not_read():
    body = "Hi Tom,\n\nThank you for the conversation about data contracts.\n\nBest,\nAlex\nchicago"
    assert _lower_case(body) == []


def test_the_subject_is_read_too():
    found = [f for f in review("Thank you - the london office", "Hi Tom,\n\nThanks.\n\nBest,\nAlex",
                               ReviewContext(kind="thank_you"))
             if f.code == "spelling" and f.field == "subject"]
    assert found and "'London'" in found[0].message


def test_the_catalogue_says_so():
    catches = RULES["spelling"].catches
    assert "place's name written in lower case" in catches and "from ohio" in catches


def test_the_place_list_comes_from_the_installed_packages_and_is_cached(tmp_path):
    """Built from `holidays` and the time zones once; later runs read the cache and never import `holidays`."""
    import os

    env = {**os.environ, "AFTERVIEW_HOME": str(tmp_path / "home")}
    probe = ("import sys\nfrom afterview.reviewer.places import places\nnames = places()\n"
             "print(names['ohio'], names['new york'], 'reading' in names, 'holidays' in sys.modules)")
    runs = [subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=120)
            for _ in range(2)]
    assert [r.stdout.split() for r in runs] == [["('Ohio',)", "('New',", "'York')", "False", "True"],
                                                ["('Ohio',)", "('New',", "'York')", "False", "False"]], runs
    assert list((tmp_path / "home" / "cache").glob("places-*.marshal"))
