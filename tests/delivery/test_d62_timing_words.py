"""A reply's words about timing whose date is no date to go by say why (found by a tester: "we are
deciding by 12 Feb" told on 30 March, "we will decide by 20 April, not 12 Feb as said" and
"decision expected 09/04/2027" all gave "no date could be read from their words", though a date
was read: past, one of two, or one that reads two ways), with the command that records the one
meant."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from tests.delivery.test_crash import run_cli

AT = datetime(2027, 3, 30, 12, 0, tzinfo=timezone.utc)


def ok(db, *args) -> str:
    done = run_cli(db, *args, at=AT)
    assert done.returncode == 0, (args, done.stdout, done.stderr)
    return done.stdout


@pytest.fixture
def db(afterview_home, tmp_path):
    db = tmp_path / "afterview.db"
    ok(db, "profile", "set", "--name", "Zoë Keller", "--email", "zoe@example.test", "--tz", "UTC")
    ok(db, "opportunity", "add", "--company", "Acme", "--role", "Engineer")
    ok(db, "person", "add", "Jurgen Weber", "--email", "jurgen@acme.example", "--company", "Acme")
    ok(db, "interview", "add", "--opportunity", "1", "--start", "2027-03-20 10:00", "--duration", "60m",
       "--with", "Jurgen Weber")
    return db


COMMAND = "afterview debrief 1 --person 1 --decision-date"


def line(said: str) -> str:
    return next(x for x in said.splitlines() if x.startswith("reply 1: "))


def test_a_past_date_is_said_to_be_past(db):
    said = line(ok(db, "replies", "add", "Jurgen", "--says", "We are deciding by 12 Feb."))
    assert "Fri 12 Feb 2027, is past" in said and "no date could be read" not in said
    assert f"{COMMAND} DATE" in said


def test_two_dates_are_said_to_be_two(db):
    said = line(ok(db, "replies", "add", "Jurgen", "--says", "We will decide by 20 April, not 12 Feb as said."))
    assert "their words name 2 dates (Tue 20 Apr 2027, Fri 12 Feb 2027)" in said
    assert f"{COMMAND} DATE" in said


def test_a_date_that_reads_two_ways_gives_both(db):
    said = line(ok(db, "replies", "add", "Jurgen", "--says", "Decision expected 09/04/2027."))
    assert "09/04/2027 reads two ways, Fri 9 Apr 2027 or Sat 4 Sep 2027" in said
    assert f"{COMMAND} 2027-04-09 (or 2027-09-04)" in said


def test_no_date_at_all_is_said_as_before(db):
    said = line(ok(db, "replies", "add", "Jurgen", "--says", "We will decide in due course and let you know soon."))
    assert f"no date could be read from their words; if they gave one: {COMMAND} DATE" in said
