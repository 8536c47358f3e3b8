"""A reply that only reads as a rejection, not confirmed yet, and the thank-yous it stops.

A reply read as a rejection counts as one for the plan while the process is still open (its
reply is planned within the playbook's 24-48 h, and, as any rejection, it stops the thank-you
notes); the status waits for your confirmation. `why` of a thank-you it stops names that reply,
that it is not confirmed yet, and both commands that settle it: not "Tom Becker replied", since a
reply that does not say no stops no thank-you. Confirmed as no status change (`--status none`),
the thank-yous are planned again.

The README's panel (Priya Raman and Tom Becker, Wed 25 Nov 2026, 13:30-15:00, Chicago), as a
user types it, on a real SQLite file.
"""

from __future__ import annotations

import pytest

from tests.helpers import afterview

CHICAGO = "America/Chicago"
PRIYA_TY, TOM_TY = "thank_you:i1:p1", "thank_you:i1:p2"
NOW = "2026-11-27 12:00"
READ_AS_REJECTION = (
    "not planned now: it rests on a reply from Tom Becker on Fri 27 Nov that reads as a rejection, not confirmed "
    "yet (afterview replies confirm 1; if it is not a rejection: afterview replies confirm 1 --status none); "
    "a rejection stops thank-you notes")


def run(db: str, *args: str, now: str = NOW):
    done = afterview("--db", db, "--at", f"{now} {CHICAGO}", *args)
    assert done.code == 0, (args, done.out, done.err)
    return done.out


@pytest.fixture
def db(tmp_path):
    path = str(tmp_path / "av.db")
    for command in (
        ("profile", "set", "--name", "Alex Morgan", "--email", "alex@mail.example", "--tz", CHICAGO, "--country", "US"),
        ("opportunity", "add", "--company", "Northwind Analytics", "--role", "Senior Data Engineer"),
        ("person", "add", "Priya Raman", "--email", "priya.raman@northwind.example", "--company", "Northwind Analytics"),
        ("person", "add", "Tom Becker", "--email", "tom.becker@northwind.example", "--company", "Northwind Analytics"),
        ("interview", "add", "--opportunity", "1", "--start", "2026-11-25 13:30", "--duration", "90m",
         "--stage", "panel interview", "--with", "Priya Raman:hiring_manager", "--with", "Tom Becker"),
    ):
        run(path, *command, now="2026-11-25 16:00")
    return path


def test_why_names_the_reply_read_as_a_rejection_not_confirmed_yet(db):
    run(db, "replies", "add", "Tom", "--says", "we have decided to move forward with another candidate")
    for key in (PRIYA_TY, TOM_TY):
        said = run(db, "why", key)
        assert said.splitlines() == [f"{key}: not planned", READ_AS_REJECTION], said
    # the plan reads it as a rejection: the reply to it is planned, the status is unchanged
    plan = run(db, "plan")
    assert "rejection_reply:o1:p2" in plan and "thank_you:" not in plan
    assert "interviewing" in run(db, "opportunity", "show", "1")


def test_a_friendly_reply_stops_no_thank_you_and_confirming_none_brings_them_back(db):
    run(db, "replies", "add", "Tom", "--says", "we have decided to move forward with another candidate")
    run(db, "replies", "confirm", "1", "--status", "none")
    for key in (PRIYA_TY, TOM_TY):
        said = run(db, "why", key)
        assert said.splitlines()[0] == f"{key}: planned", said
    assert "rejection_reply" not in run(db, "plan")


def test_once_confirmed_the_rejection_itself_is_the_reason(db):
    run(db, "replies", "add", "Tom", "--says", "we have decided to move forward with another candidate")
    run(db, "replies", "confirm", "1")
    said = run(db, "why", PRIYA_TY)
    assert "was rejected on Fri 27 Nov: a rejection stops thank-you notes" in said, said
    assert "not confirmed yet" not in said


def test_a_reply_that_reads_as_no_rejection_keeps_the_thank_yous(db):
    run(db, "replies", "add", "Tom", "--says", "Thanks for coming in, it was great to meet you.")
    said = run(db, "why", PRIYA_TY)
    assert said.splitlines()[0] == f"{PRIYA_TY}: planned", said
