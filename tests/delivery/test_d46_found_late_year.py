"""A note found late says when it was to go out, and the plan's word on a thank-you weeks late
names the interview's day: both without a year, so that a note of 18 December found in January,
or one of last spring, read as this year's. The year is said when the day is not in the current
year or is more than about six months away.

As tests/delivery/test_found_late.py: Alex in Berlin, Jon Smith in New York, the real SMTP server."""

from __future__ import annotations

import pytest

from afterview.domain.model import MessageState
from tests.delivery.test_found_late import at, setup, stored

pytestmark = pytest.mark.mail


def test_a_note_of_december_found_in_january_says_its_year(mail, afterview_home, monkeypatch):
    setup(mail, afterview_home, monkeypatch, start="2026-12-18 14:00")
    assert at("2026-12-18 22:00")("approve", "1").code == 0
    ran = at("2027-01-08 03:00")("send-due")
    assert ran.code == 0, ran.err
    assert mail.received == []
    [line] = ran.out.splitlines()
    assert line.startswith("message 1: not sent: it was to go out Fri 18 Dec 2026 22:00 and no Afterview program "
                           "sent it then"), line
    assert "now it is 21:00 for them (Thu 7 Jan)," in line  # now: this year's, said without one
    assert "20 days after the interview of December 18, 2026, a thank-you on its own would read oddly now" in line
    assert stored(afterview_home).state == MessageState.DRAFTED
    assert "held back: it was to go out Fri 18 Dec 2026 22:00" in at("2027-01-08 03:05")("show", "1").out


def test_a_note_of_the_same_year_more_than_six_months_back_says_its_year(mail, afterview_home, monkeypatch):
    setup(mail, afterview_home, monkeypatch, start="2027-01-15 14:00", when="2027-01-15 16:00 America/New_York")
    assert at("2027-01-15 23:00")("approve", "1").code == 0  # goes at the plan's moment, Tue 19 Jan
    ran = at("2027-08-20 16:00")("send-due")
    assert ran.code == 0, ran.err
    [line] = ran.out.splitlines()
    assert line.startswith("message 1: not sent: it was to go out Tue 19 Jan 2027 14:00 and"), line
    assert "days after the interview of January 15, 2027, a thank-you on its own" in line


def test_a_note_of_a_week_ago_says_no_year(mail, afterview_home, monkeypatch):
    setup(mail, afterview_home, monkeypatch, start="2026-12-01 14:00", when="2026-12-01 16:00 America/New_York")
    assert at("2026-12-01 23:00")("approve", "1").code == 0  # goes at the plan's moment, Wed 2 Dec
    ran = at("2026-12-22 09:00")("send-due")
    [line] = ran.out.splitlines()
    assert line.startswith("message 1: not sent: it was to go out Wed 2 Dec 14:00 and"), line
    assert "days after the interview of December 1, a thank-you on its own" in line
