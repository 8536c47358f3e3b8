"""`interview add` of an interview still to come says so instead of asking for its debrief at
once; one typed as a weekday alone ("Fri 10:00", read as the next Friday) also says how to give
a past day. Found by a tester: on a Monday evening, "Fri 10:00" for last Friday's interview was
recorded a week ahead and `next: afterview debrief N` was printed, so its thank-you was planned a
week late without a word."""

from __future__ import annotations

from tests.helpers import afterview

AT = "2027-04-05T18:00:00+00:00"  # a Monday evening


def _added(*start: str):
    assert afterview("--at", AT, "demo", "--no-agenda").code == 0
    return afterview("--at", AT, "interview", "add", "--opportunity", "1", "--with", "1", "--format", "phone",
                     "--start", *start)


def test_a_weekday_alone_to_come_says_how_to_give_a_past_day():
    result = _added("Fri 10:00")
    assert result.code == 0, result.err
    assert "Fri 2027-04-09 10:00" in result.out
    assert "still to come (a weekday alone is the next one; if it has happened, type its date: " \
           "afterview interview edit 5 --start DATE); after it: afterview debrief 5" in result.out
    assert "next: afterview debrief" not in result.out


def test_a_dated_interview_to_come_waits_for_its_debrief():
    result = _added("2027-04-20 10:00")
    assert result.code == 0, result.err
    assert "still to come; after it: afterview debrief 5" in result.out
    assert "weekday alone" not in result.out


def test_an_interview_that_has_happened_asks_for_its_debrief():
    result = _added("2027-04-05 10:00")
    assert result.code == 0, result.err
    assert "next: afterview debrief 5" in result.out
    assert "still to come" not in result.out
