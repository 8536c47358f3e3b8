"""A contact's data: `person export` (all that is held about them) and `person forget` (all of it
erased, at once or not at all), from the demo, with one record of each kind made by the commands."""

from __future__ import annotations

import json
import os
import sqlite3
from datetime import datetime, timezone

import pytest

from afterview.domain import model as m
from afterview.storage import open_store
from tests.helpers import afterview, assert_clean_error

T0, T1, T2, T3 = "2026-03-02T09:00", "2026-03-02T10:00", "2026-03-05T10:00", "2026-03-06T10:00"
NAME, EMAIL = "Priya Raman", "priya.raman@northwind.example"

# Priya (person 1) with one of each kind: a place on a panel and a debrief (the demo's), a
# thank-you draft, what a calendar export remembers of her, a reply, the rejection she told of, her
# feedback, a skipped action for her and a rejection reply drafted to her.
FULL = (
    ("--at", T0, "demo", "--no-agenda"),
    ("--at", T1, "draft", "thank_you:i1:p1"),
    ("--at", T1, "calendar", "export", "-o", os.devnull),
    ("--at", T1, "replies", "add", "1", "--says", "Thanks, we will be in touch"),
    ("--at", T2, "outcome", "1", "rejected", "--from", "1", "--note", "by phone"),
    ("--at", T3, "feedback", "1", "--person", "1", "Strong on design, less on streaming"),
    ("--at", T3, "skip", "linkedin_note:p1", "--reason", "not on LinkedIn"),
    ("--at", T3, "draft", "rejection_reply:o1:p1"),
)
# The same before the decision: nothing she told of (who told of a rejection is whom its reply goes to)
BEFORE_DECISION = FULL[:4]


@pytest.fixture(scope="session")
def full(prebuilt):
    return prebuilt.build(*FULL)


@pytest.fixture(scope="session")
def early(prebuilt):
    return prebuilt.build(*BEFORE_DECISION)


@pytest.fixture
def db(full, prebuilt, afterview_home):
    return str(prebuilt.copy(full, afterview_home))


def run(db, *args, input=None):
    return afterview("--db", db, "--at", T3, *args, input=input)


def _document(db) -> dict:
    from afterview.services.backup import export_document

    store = open_store(f"sqlite:///{db}")
    try:
        with store.transaction() as tx:
            return export_document(tx)
    finally:
        store.close()


def _add_news_shared(db) -> None:
    store = open_store(f"sqlite:///{db}")
    with store.transaction() as tx:
        tx.add(m.Message(kind=m.MessageKind.SHARE_NEWS, person_id=1, action_key="share_news:n1:p1",
                         subject="A certificate", body="Hi Priya, ...", state=m.MessageState.DRAFTED,
                         to_address=EMAIL, created_at=datetime(2026, 3, 6, tzinfo=timezone.utc)))
    store.close()


# --- export -----------------------------------------------------------------------------------

def test_export_holds_every_kind_of_record_about_them(db, tmp_path):
    _add_news_shared(db)
    done = run(db, "person", "export", NAME)
    assert done.code == 0, done.err
    document = json.loads(done.out)
    assert document["format"] == "afterview-person" and document["person"]["emails"] == [EMAIL]
    assert [(i["interview_id"], i["role"]) for i in document["interviews"]] == [(1, "hiring_manager")]
    assert [d["person_id"] for d in document["debriefs"]] == [1]
    assert {x["kind"] for x in document["messages"]} == {"thank_you", "rejection_reply", "share_news"}
    assert all({"subject", "body", "state", "created_at"} <= set(x) for x in document["messages"])
    assert [r["summary"] for r in document["replies"]] == ["told by you: Thanks, we will be in touch"]
    assert [f["text"] for f in document["feedback"]] == ["Strong on design, less on streaming"]
    assert [(c["opportunity_id"], c["status"], c["person_id"]) for c in document["status_changes"]] == [(1, "rejected", 1)]
    assert [n["id"] for n in document["news_shared"]] == [1]
    assert [(d["action_key"], d["kind"]) for d in document["decisions"]] == [("linkedin_note:p1", "skip")]
    assert NAME in json.dumps(document["remembered"]["exports.calendar"])
    # to a file: the same document, readable by the user alone
    out = tmp_path / "priya.json"
    done = run(db, "person", "export", "1", "--out", str(out))
    assert done.code == 0, done.err
    assert json.loads(out.read_text()) == document
    assert out.stat().st_mode & 0o777 == 0o600


def test_an_unknown_person_is_one_line_and_exit_2(db):
    before = _document(db)
    for command in (("person", "export", "99"), ("person", "forget", "99", "--yes"),
                    ("person", "forget", "Nobody Here", "--yes")):
        assert_clean_error(run(db, *command), "no person")
    assert _document(db) == before


# --- forget -----------------------------------------------------------------------------------

def _rows_naming(db) -> list[str]:
    """Each row of the database that names person 1, by id, name or address."""
    found = []
    with sqlite3.connect(db) as conn:
        tables = [t for (t,) in conn.execute("select name from sqlite_master where type='table'")]
        for table in tables:
            columns = [c[1] for c in conn.execute(f"pragma table_info({table})")]
            for row in conn.execute(f"select * from {table}"):
                values = dict(zip(columns, row))
                text = json.dumps(values, default=str, ensure_ascii=False).lower()
                if NAME.lower() in text or EMAIL in text or "\\u" in text and NAME.lower() in json.loads(text):
                    found.append(f"{table}: {values}")
                if table == "people" and values["id"] == 1 or values.get("person_id") == 1:
                    found.append(f"{table}: {values}")
                if table == "decisions" and values["action_key"].endswith(":p1"):
                    found.append(f"{table}: {values}")
                if table == "opportunities" and '"person_id": 1' in (values["history"] or ""):
                    found.append(f"{table}: {values}")
    return found


def test_forget_erases_every_row_that_names_them_and_nothing_is_left_in_the_file(db):
    _add_news_shared(db)
    assert _rows_naming(db)
    others = {p["id"] for p in _document(db)["people"]} - {1}
    done = run(db, "person", "forget", NAME, "--yes")
    assert done.code == 0, done.err
    said = done.out.splitlines()
    assert said[0].startswith(f"forgot {NAME} (person 1): erased 1 person, 1 place on an interview panel, 1 debrief, "
                              "3 messages, 1 reply, 1 piece of feedback, 1 decision"), said[0]
    assert "who told you of 1 status change (the change stays)" in said[0]
    assert said[1].startswith("not erased: mail to and from them in your own mailbox") and "backups made before" in said[1]
    assert _rows_naming(db) == []
    document = _document(db)
    assert {p["id"] for p in document["people"]} == others
    # the interview stays for the rest of its panel; the decision stays, without who told of it
    [interview] = [i for i in document["interviews"] if i["id"] == 1]
    assert [p["person_id"] for p in interview["participants"]] == [2, 3]
    [opportunity] = [o for o in document["opportunities"] if o["id"] == 1]
    assert opportunity["status"] == "rejected" and opportunity["history"][-1]["status"] == "rejected"
    # nothing of theirs in the file's bytes, free pages and log included (secure_delete, then a checkpoint)
    for path in (db, db + "-wal"):
        if os.path.exists(path):
            data = open(path, "rb").read().lower()
            assert EMAIL.encode() not in data and NAME.lower().encode() not in data, path
    # and the planner plans nothing for them
    plan = json.loads(run(db, "plan", "--json").out)["actions"]
    assert plan and not [a for a in plan if a["person_id"] == 1]


def test_the_question_counts_what_goes_and_no_changes_nothing(db):
    before = _document(db)
    done = run(db, "person", "forget", "1", input="n\n")
    assert done.code != 0
    assert (f"Forget {NAME} (person 1)? This erases 1 person, 1 place on an interview panel, 1 debrief, 2 messages, "
            "1 reply") in " ".join(done.err.split())
    assert "It cannot be undone." in " ".join(done.err.split())
    assert _document(db) == before
    done = run(db, "person", "forget", "1", input="y\n")
    assert done.code == 0, done.err
    assert not [p for p in _document(db)["people"] if p["id"] == 1]


def _set_message(db, number, **values):
    store = open_store(f"sqlite:///{db}")
    with store.transaction() as tx:
        message = tx.get(m.Message, number)
        for name, value in values.items():
            setattr(message, name, value)
        tx.update(message)
    store.close()


@pytest.mark.parametrize("values, words", [
    (dict(state=m.MessageState.SENDING), ["message 2 to Priya Raman (person 1) is being sent right now"]),
    (dict(note="placed in Drafts (account me)", message_id="<thanks-1@mail.example>"),
     ["message 2 to Priya Raman (person 1) is placed in Drafts", "afterview approve 2 --withdraw"]),
])
def test_a_note_on_its_way_that_cannot_be_stopped_here_refuses_it_all(db, values, words):
    _set_message(db, 2, **values)
    before = _document(db)
    assert_clean_error(run(db, "person", "forget", "1", "--yes"), *words)
    assert_clean_error(run(db, "person", "forget", "1"), *words)  # before the question
    assert _document(db) == before


def test_an_approved_or_scheduled_note_is_cancelled_and_erased_with_the_rest(db):
    _set_message(db, 3, state=m.MessageState.SCHEDULED, approved_at=datetime(2026, 3, 6, tzinfo=timezone.utc),
                 scheduled_at=datetime(2026, 3, 7, 15, tzinfo=timezone.utc))
    done = run(db, "person", "forget", "1", "--yes")
    assert done.code == 0, done.err
    assert not [x for x in _document(db)["messages"] if x["person_id"] == 1]


def test_a_failure_midway_leaves_everything_as_it_was(db, monkeypatch):
    from afterview.errors import StorageError
    from afterview.storage.store import Tx

    before = _document(db)
    delete = Tx.delete

    def failing(self, cls, record_id):
        if cls is m.Person:  # after the debriefs, replies, messages ... are gone
            raise StorageError("the disk reported an error")
        return delete(self, cls, record_id)

    monkeypatch.setattr(Tx, "delete", failing)
    assert_clean_error(run(db, "person", "forget", "1", "--yes"), "the disk reported an error")
    monkeypatch.undo()
    assert _document(db) == before


def test_the_plan_changes_only_by_what_was_theirs(early, prebuilt, afterview_home):
    db = str(prebuilt.copy(early, afterview_home))
    before = json.loads(run(db, "plan", "--json").out)["actions"]
    assert [a for a in before if a["person_id"] == 1]
    assert run(db, "person", "forget", "1", "--yes").code == 0
    after = json.loads(run(db, "plan", "--json").out)["actions"]
    others = [a for a in before if a["person_id"] != 1]
    assert [a["key"] for a in after] == [a["key"] for a in others]
    for now, was in zip(after, others):
        if NAME in was["reason"]:  # "Priya Raman replied on Mon 2 Mar; ...": said of them, so no longer said
            assert NAME not in now["reason"]
            now, was = dict(now, reason=""), dict(was, reason="")
        assert now == was  # the same time, the same person, the same rule
    assert NAME not in json.dumps(after)


def test_forget_on_postgresql_erases_the_same(pg_url, afterview_home):
    for command in FULL[:5]:
        done = afterview("--db", pg_url, *command)
        assert done.code == 0, done.err
    done = afterview("--db", pg_url, "--at", T3, "person", "forget", NAME, "--yes")
    assert done.code == 0, done.err
    assert "erased 1 person, 1 place on an interview panel, 1 debrief, 1 message, 1 reply" in done.out
    store = open_store(pg_url)
    try:
        with store.transaction() as tx:
            facts = tx.facts()
            state = json.dumps(tx.get_state("exports.calendar"), ensure_ascii=False)
    finally:
        store.close()
    assert 1 not in facts.people
    assert not [x for x in facts.messages + facts.debriefs + facts.inbound if x.person_id == 1]
    assert all(p.person_id != 1 for i in facts.interviews.values() for p in i.participants)
    assert all(c.person_id != 1 for o in facts.opportunities.values() for c in o.history)
    assert NAME not in state and ":p1" not in state


def test_the_erased_rows_are_overwritten_in_the_file_even_where_sqlite_keeps_freed_space(db):
    """SQLite built without SECURE_DELETE (as on macOS and Windows) leaves a deleted row's bytes in
    the page until they are reused: forgetting overwrites them (PRAGMA secure_delete for its
    transaction), and empties the write-ahead log after."""
    from afterview.services.privacy import forget_person, wipe_freed

    store = open_store(f"sqlite:///{db}")
    try:
        with store.transaction() as tx:
            tx.connection.exec_driver_sql("PRAGMA secure_delete=OFF")  # as such a build opens it
            forget_person(tx, 1)
        assert wipe_freed(store)
    finally:
        store.close()
    data = open(db, "rb").read().lower()
    assert EMAIL.encode() not in data and NAME.lower().encode() not in data


def test_your_own_text_that_names_them_is_listed_not_rewritten(db):
    assert run(db, "interview", "edit", "1", "--notes", "Priya Raman ran late; Tom led the design part").code == 0
    done = run(db, "person", "forget", "1", "--yes")
    assert done.code == 0, done.err
    assert "note: your own text that names them is not rewritten: interview 1" in done.out
    [interview] = [i for i in _document(db)["interviews"] if i["id"] == 1]
    assert interview["notes"] == "Priya Raman ran late; Tom led the design part"


def test_an_interview_whose_only_participant_they_were_stays_with_an_empty_panel(db):
    [before] = [i for i in _document(db)["interviews"] if i["id"] == 4]
    assert [p["person_id"] for p in before["participants"]] == [6]
    done = run(db, "person", "forget", "6", "--yes")
    assert done.code == 0, done.err
    [after] = [i for i in _document(db)["interviews"] if i["id"] == 4]
    assert after["participants"] == [] and after["start"] == before["start"]


def test_what_the_state_table_remembers_of_them_goes_and_the_rest_stays(db):
    """Imports' memories lose their address (the invitation stays remembered) or their row, the
    outbox's notes on their messages go, an unreadable mail's record naming them goes; mailbox
    positions and entries about others stay."""
    from afterview.services.privacy import forget_person

    other = {"sequence": 0, "interview": 2, "version": "ab", "people": ["tom.becker@northwind.example"]}
    seeded = {
        "imports.calendar": {"uid-1": {"sequence": 0, "interview": 1, "version": "cd",
                                       "people": [EMAIL, "tom.becker@northwind.example"]}, "uid-2": other},
        "imports.connections": {"row-1": {"record": 1, "version": "ef", "contacts": []},
                                "row-2": {"record": 2, "version": "01", "contacts": []}},
        "imports.tracker": {"row-9": {"record": 1, "version": "02", "contacts": [NAME, "Tom Becker"]}},
        "outbox.early": {"2": {"at": "x", "earliest": "y"}, "99": {"at": "x", "earliest": "y"}},
        "unreadable:0123": {"folder": "INBOX", "uid": 4, "why": f"from {EMAIL}: bad charset", "at": "z"},
        "sync:me:INBOX": {"uidvalidity": 1, "last": 40},
    }
    store = open_store(f"sqlite:///{db}")
    try:
        with store.transaction() as tx:
            for key, value in seeded.items():
                tx.set_state(key, value)
        with store.transaction() as tx:
            forget_person(tx, 1)
        with store.transaction() as tx:
            state = {key: tx.get_state(key) for key in seeded}
    finally:
        store.close()
    assert state["imports.calendar"] == {"uid-1": {"sequence": 0, "interview": 1, "version": "cd",
                                                   "people": ["tom.becker@northwind.example"]}, "uid-2": other}
    assert state["imports.connections"] == {"row-2": seeded["imports.connections"]["row-2"]}
    assert state["imports.tracker"] == {"row-9": {"record": 1, "version": "02", "contacts": ["Tom Becker"]}}
    assert state["outbox.early"] == {"99": {"at": "x", "earliest": "y"}}
    assert state["unreadable:0123"] is None
    assert state["sync:me:INBOX"] == seeded["sync:me:INBOX"]
