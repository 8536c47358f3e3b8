"""`afterview opportunity status ID STATUS` with the status the opportunity has already says so,
as `afterview outcome` does ("opportunity 1 is interviewing already: nothing changed"), exits
0, and records nothing: no change in its history, no entry on its timeline, no note held back."""

from __future__ import annotations

import json

import pytest

from afterview.domain import model as m
from afterview.services.backup import export_document
from afterview.storage import open_store
from tests.helpers import afterview

AT = "2026-11-26 10:00 America/New_York"


@pytest.fixture
def db(tmp_path):
    path = str(tmp_path / "afterview.db")

    def run(*args, at: str = AT):
        return afterview("--db", path, "--at", at, *args)

    run.path = path
    for args in (["opportunity", "add", "--company", "Initech", "--role", "Data Engineer"],
                 ["person", "add", "Dana Reyes", "--email", "dana@initech.test", "--company", "Initech"],
                 ["interview", "add", "--opportunity", "1", "--start", "2026-11-20 14:00 America/New_York",
                  "--end", "15:00", "--with", "Dana Reyes:hiring-manager"]):
        result = run(*args)
        assert result.code == 0, (args, result.err)
    return run


def _stored(db) -> dict:
    store = open_store(f"sqlite:///{db.path}")
    try:
        with store.reading() as tx:
            return export_document(tx)
    finally:
        store.close()


def _history(db) -> list:
    return json.loads(db("opportunity", "show", "1", "--json").out)["history"]


@pytest.mark.parametrize("status, words", [
    ("interviewing", "is interviewing"),
    ("offer", "has an offer"),
    ("rejected", "is rejected"),
])
def test_the_status_it_has_already_changes_nothing(db, status, words):
    if status != "interviewing":
        assert db("opportunity", "status", "1", status).code == 0
    before, timeline = _stored(db), db("timeline", "--opportunity", "1").out
    result = db("opportunity", "status", "1", status, at="2026-11-27 09:00 America/New_York")
    assert (result.code, result.out, result.err) == (0, f"opportunity 1 {words} already: nothing changed\n", "")
    assert _stored(db) == before  # nothing recorded
    assert db("timeline", "--opportunity", "1").out == timeline


def test_said_again_with_who_told_you_already_recorded_changes_nothing(db):
    assert db("opportunity", "status", "1", "rejected", "--from", "Dana").code == 0
    before = _stored(db)
    result = db("opportunity", "status", "1", "rejected", "--from", "dana@initech.test")
    assert (result.code, result.out) == (0, "opportunity 1 is rejected already: nothing changed\n")
    assert _stored(db) == before


def test_an_approved_note_is_left_as_it_is(db):
    """Nothing changed, so nothing is held back on its account either (the plan is as it was)."""
    assert db("skip", "thank_you:i1:p1", "--reason", "said it in person").code == 0
    store = open_store(f"sqlite:///{db.path}")
    try:
        with store.transaction() as tx:  # approved for the action skipped: the next change holds it back
            tx.add(m.Message(kind=m.MessageKind.THANK_YOU, channel=m.Channel.EMAIL, person_id=1, opportunity_id=1,
                             interview_id=1, action_key="thank_you:i1:p1", subject="Thank you", body="Hello Dana",
                             to_address="dana@initech.test", state=m.MessageState.APPROVED))
    finally:
        store.close()
    before = _stored(db)
    result = db("opportunity", "status", "1", "interviewing")
    assert (result.code, result.out) == (0, "opportunity 1 is interviewing already: nothing changed\n")
    assert _stored(db) == before


def test_with_a_note_the_note_is_recorded_and_said(db):
    result = db("opportunity", "status", "1", "interviewing", "--note", "they said next week")
    assert (result.code, result.out) == (0, "opportunity 1 is interviewing already: your note is recorded with it\n")
    assert _history(db)[-1]["note"] == "they said next week"


def test_a_move_is_still_said_as_a_move(db):
    result = db("opportunity", "status", "1", "offer")
    assert (result.code, result.out) == (0, "opportunity 1 is now offer\n")
    assert [h["status"] for h in _history(db)][-1] == "offer"
