"""A reply that gives a range ("in two to three weeks") is read by its later end, as before; the
readers also say which range that was (`replies.later_end`, from the reply's recorded summary),
for the line that says the date to say it took the later end."""

from datetime import date

import pytest

from afterview.delivery import inbound
from afterview.delivery.replies import later_end, stated_decision

FRI = date(2026, 11, 27)


def reply(text: str) -> bytes:
    return (f"From: Dana Reyes <dana@acme.example>\nTo: alice@example.test\nSubject: Re: Thank you\n"
            f"Date: Fri, 27 Nov 2026 10:00:00 -0500\nMessage-ID: <d54@acme.example>\n"
            f"Content-Type: text/plain; charset=utf-8\n\nHi Alice,\n\n{text}\n\nBest,\nDana\n").encode()


@pytest.mark.parametrize("text, day, span", [
    ("Thanks for your note! We'll get back to you in two to three weeks.", date(2026, 12, 18), "two to three weeks"),
    ("You should hear back from us in 5-7 business days.", date(2026, 12, 8), "5-7 business days"),
    ("We expect to decide in about two or three weeks.", date(2026, 12, 18), "two or three weeks"),
    ("We'll get back to you within two weeks.", date(2026, 12, 11), ""),  # one count: nothing to say
    ("We'll get back to you by 10 December.", date(2026, 12, 10), ""),
])
def test_the_range_a_date_was_read_from_is_said(text, day, span):
    read = inbound.classify(reply(text), today=FRI)
    summary = inbound.summary(read)
    assert read.decision_date == day and stated_decision(summary) == day  # the reading itself, as it was
    assert later_end(summary) == span


def test_a_range_in_words_that_are_no_decision_is_not_said():
    assert later_end("other: The office moves in two to three weeks; decision said for 2026-12-18") == ""
