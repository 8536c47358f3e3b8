"""`afterview replies add` run twice for the same reply (the same person, the same day, the same
words; or no words where one is recorded that day) records it once: the second is refused in
one line naming the reply recorded, and nothing is written. A reply that says something else,
or gives a decision date, is recorded (found by a tester: the desk's *They replied*, which is
the same use case, saved every copy of a form sent twice)."""

from __future__ import annotations

from afterview.domain import model as m
from afterview.storage import open_store

from tests.helpers import afterview, assert_clean_error

AT = "2027-01-21 10:00 America/Chicago"


def run(db, *args, at=AT):
    result = afterview("--db", db, "--at", at, *args)
    assert result.code == 0, (args, result.err)
    return result


def replies(db) -> list[m.Inbound]:
    store = open_store(f"sqlite:///{db}")
    try:
        with store.transaction() as tx:
            return tx.list(m.Inbound)
    finally:
        store.close()


def pipeline(tmp_path) -> str:
    db = str(tmp_path / "a.db")
    run(db, "profile", "set", "--name", "Jordan Lee", "--email", "j@mail.example", "--tz", "America/Chicago",
        "--country", "US")
    run(db, "opportunity", "add", "--company", "Meridian Health", "--role", "Analytics Engineer")
    run(db, "person", "add", "Priya Nair", "--email", "priya@meridian.example", "--company", "Meridian Health")
    run(db, "interview", "add", "--opportunity", "1", "--start", "2027-01-20 10:00", "--tz", "America/Chicago",
        "--with", "Priya Nair:recruiter")
    return db


def test_the_same_reply_told_twice_is_refused_naming_the_one_recorded(tmp_path):
    db = pipeline(tmp_path)
    run(db, "replies", "add", "Priya", "--says", "We will decide next week")
    again = afterview("--db", db, "--at", "2027-01-21 16:30 America/Chicago", "replies", "add", "Priya",
                      "--says", "we will  decide next week")  # the same words, case and spaces aside, later that day
    assert_clean_error(again, "reply 1 from Priya Nair on Thu 21 Jan 2027 is recorded already",
                       "('We will decide next week')", "nothing was recorded again")
    assert len(replies(db)) == 1


def test_no_words_after_a_reply_that_day_adds_nothing(tmp_path):
    db = pipeline(tmp_path)
    run(db, "replies", "add", "Priya", "--says", "We will decide next week")
    again = afterview("--db", db, "--at", AT, "replies", "add", "Priya")
    assert_clean_error(again, "reply 1 from Priya Nair", "with no words of what they said, adds nothing")
    assert len(replies(db)) == 1


def test_other_words_another_day_or_a_decision_date_are_recorded(tmp_path):
    db = pipeline(tmp_path)
    run(db, "replies", "add", "Priya", "--says", "We will decide next week")
    run(db, "replies", "add", "Priya", "--says", "They asked for references")  # something else
    run(db, "replies", "add", "Priya", "--says", "We will decide next week", at="2027-01-22 10:00 America/Chicago")
    run(db, "replies", "add", "Priya", "--says", "We will decide next week", "--decision-date", "2027-01-29",
        at="2027-01-22 11:00 America/Chicago")  # a date given: not the same reply
    assert len(replies(db)) == 4
