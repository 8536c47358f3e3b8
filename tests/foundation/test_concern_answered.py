"""A concern's answer added later is that concern, answered (found by a tester: following the
draft's own hint, "record your answer in the debrief as 'concern -> answer'", stored the concern
twice: "no German; no German -> I am taking B1 classes"). On a real SQLite file, through the CLI."""

from __future__ import annotations

from tests.helpers import afterview

AT = "2027-01-12T12:00:00-06:00"


def run(db, *args):
    result = afterview("--db", db, "--at", AT, *args)
    assert result.code == 0, (args, result.err)
    return result.out


def concerns(db) -> str:
    return next(line for line in run(db, "interview", "show", "1").splitlines() if "concerns:" in line).split(
        "concerns:", 1)[1].strip()


def test_an_answer_added_later_answers_the_concern(tmp_path):
    db = str(tmp_path / "a.db")
    run(db, "opportunity", "add", "--company", "Acme", "--role", "Data Engineer")
    run(db, "person", "add", "Dana Reyes", "--email", "dana@acme.example", "--company", "Acme")
    run(db, "interview", "add", "--opportunity", "1", "--start", "2027-01-12 09:00", "--with", "Dana Reyes:hiring_manager")
    run(db, "debrief", "1", "--person", "Dana", "--concern", "no German", "--concern", "relocation")
    run(db, "debrief", "1", "--person", "Dana", "--concern", "No German -> I am taking B1 classes")
    assert concerns(db) == "No German -> I am taking B1 classes; relocation"
    run(db, "debrief", "1", "--person", "Dana", "--concern", "no german")  # without its answer: nothing new
    assert concerns(db) == "No German -> I am taking B1 classes; relocation"
    run(db, "debrief", "1", "--person", "Dana", "--concern", "no German -> B1 exam booked for March")
    assert concerns(db) == "no German -> B1 exam booked for March; relocation"
    run(db, "debrief", "1", "--person", "Dana", "--concern", "the commute")
    assert concerns(db) == "no German -> B1 exam booked for March; relocation; the commute"
