"""The calendar export remembers the events it wrote (the state entry `exports.calendar`), so that
an event whose record has left Afterview without any record of why (the process closed or
withdrawn, the person asked not to be contacted, the interview or the opportunity deleted) is
written cancelled in the next export, with a higher SEQUENCE, for 30 days: a calendar that took
in the earlier file takes its reminder off. On a real SQLite file, each file read back with
icalendar and with an independent parser (vobject)."""

from __future__ import annotations

from datetime import timedelta

import icalendar
import pytest
import vobject

from afterview.errors import InvalidInput
from afterview.exporters.calendar_ics import MEMORY, action_uid, export_calendar, export_remembering
from afterview.files import write_whole
from afterview.planner import DEFAULT_PLAYBOOK, plan
from afterview.services.calendar_export import export_calendar_file
from afterview.storage import open_store

from tests.helpers import afterview
from tests.planner.builders import at
from tests.planner.test_cli import db  # noqa: F401  (the database fixture: a panel interview, Tue 1 Dec 2026)

FIRST = "2026-12-01 13:00"  # Berlin: both thank-you notes due, Rita's status follow-up on 10 Dec
LATER = "2026-12-01 14:00"


def keys(db) -> dict[str, str]:
    i, dana, rita, o = db["interview"], db["dana"], db["rita"], db["opp"]
    return {"dana": f"thank_you:i{i}:p{dana}", "rita": f"thank_you:i{i}:p{rita}",
            "status": f"status_check.1:o{o}:i{i}:p{rita}"}


def export(db, when: str, target, *, days: int = 20, reads_only: bool = False) -> dict[str, dict]:
    """The export at `when` (Berlin) written to `target`, as `calendar export -o` writes it; its events."""
    store = open_store(f"sqlite:///{db['path']}")
    store.reads_only = reads_only
    try:
        data = export_calendar_file(store, DEFAULT_PLAYBOOK, at(when), days, lambda data: write_whole(target, data))
    finally:
        store.close()
    assert target.read_bytes() == data
    return read(data)


def read(data: bytes) -> dict[str, dict]:
    """Each event by UID, as icalendar reads it; vobject must read the same, one event per UID."""
    cal = icalendar.Calendar.from_ical(data)
    mine = {str(e["uid"]): {"status": str(e["status"]), "sequence": int(e["sequence"]), "summary": str(e["summary"]),
                            "start": e.decoded("dtstart"), "end": e.decoded("dtend"),
                            "description": str(e.get("description", "")), "alarms": len(e.walk("VALARM"))}
            for e in cal.walk("VEVENT")}
    assert len(mine) == len(cal.walk("VEVENT"))
    theirs = {e.uid.value: {"status": e.status.value, "sequence": int(e.sequence.value), "summary": e.summary.value,
                            "start": e.dtstart.value, "end": e.dtend.value,
                            "description": e.description.value if "description" in e.contents else "",
                            "alarms": len(e.contents.get("valarm", []))}
              for e in vobject.readOne(data.decode("utf-8")).contents.get("vevent", [])}
    assert theirs == mine
    return mine


def remembered(db):
    store = open_store(f"sqlite:///{db['path']}")
    try:
        with store.transaction() as tx:
            return tx.get_state(MEMORY)
    finally:
        store.close()


def cli(db, when: str, *args: str) -> str:
    result = afterview("--db", db["path"], "--at", f"{when} Europe/Berlin", *args)
    assert result.code == 0, result.err
    return result.out


def test_a_withdrawn_process_takes_its_reminders_off_the_calendar(db, tmp_path):  # noqa: F811
    first = export(db, FIRST, tmp_path / "due.ics")
    uids = [action_uid(k) for k in keys(db).values()]
    assert all(first[uid]["status"] == "CONFIRMED" and first[uid]["alarms"] == 1 for uid in uids)
    cli(db, "2026-12-01 13:30", "opportunity", "status", str(db["opp"]), "withdrawn")
    second = export(db, LATER, tmp_path / "due.ics")
    for uid in uids:
        event = second[uid]
        assert event["status"] == "CANCELLED" and event["alarms"] == 0
        assert event["sequence"] > first[uid]["sequence"]
        assert event["summary"] == "No longer planned: " + first[uid]["summary"]
        assert event["description"].startswith(
            "No longer planned: the process is closed (withdrawn), as the export of Tue 01 Dec 2026 14:00 "
            "Europe/Berlin found; nothing more to do.")
    assert second[interview_uid_of(db)]["status"] == "CONFIRMED"  # the interview took place


def interview_uid_of(db) -> str:
    return f"interview-{db['interview']}@afterview.local"


def test_a_person_who_asked_not_to_be_contacted(db, tmp_path):  # noqa: F811
    export(db, FIRST, tmp_path / "due.ics")
    cli(db, "2026-12-01 13:30", "person", "edit", str(db["dana"]), "--do-not-contact")
    found = export(db, LATER, tmp_path / "due.ics")
    dana, rita = found[action_uid(keys(db)["dana"])], found[action_uid(keys(db)["rita"])]
    assert (dana["status"], dana["summary"]) == ("CANCELLED", "No longer planned: Thank-you note: Dana Reyes")
    assert "Dana Reyes asked not to be contacted" in dana["description"]
    assert rita["status"] == "CONFIRMED"


def test_a_deleted_interview_is_written_cancelled_at_its_times_with_its_actions(db, tmp_path):  # noqa: F811
    first = export(db, FIRST, tmp_path / "due.ics")
    cli(db, "2026-12-01 13:30", "interview", "delete", str(db["interview"]), "--yes")
    found = export(db, LATER, tmp_path / "due.ics")
    interview = found[interview_uid_of(db)]
    assert interview["status"] == "CANCELLED"
    assert interview["summary"] == "Deleted: Interview: panel - Data Engineer at Acme"
    assert (interview["start"], interview["end"]) == (at("2026-12-01 10:00"), at("2026-12-01 11:00"))
    assert interview["sequence"] > first[interview_uid_of(db)]["sequence"]
    for key in keys(db).values():
        assert found[action_uid(key)]["status"] == "CANCELLED"
        assert "its interview was deleted" in found[action_uid(key)]["description"]
    # taken in again, nothing comes back: the interview is not recorded, the reminders are reminders
    out = cli(db, LATER, "calendar", "import", str(tmp_path / "due.ics"))
    assert out == "0 interviews, 3 Afterview reminders skipped (not interviews), 1 other event ignored\n"
    assert cli(db, LATER, "interview", "list").splitlines()[1:] == []


def test_a_deleted_opportunity_takes_everything_off(db, tmp_path):  # noqa: F811
    export(db, FIRST, tmp_path / "due.ics")
    cli(db, "2026-12-01 13:30", "opportunity", "delete", str(db["opp"]), "--yes")
    found = export(db, LATER, tmp_path / "due.ics")
    assert sorted(found) == sorted([interview_uid_of(db), *(action_uid(k) for k in keys(db).values())])
    assert {e["status"] for e in found.values()} == {"CANCELLED"}
    assert "its opportunity was deleted" in found[action_uid(keys(db)["status"])]["description"]


def test_kept_for_30_days_from_when_it_was_found_gone_then_forgotten(db, tmp_path):  # noqa: F811
    export(db, FIRST, tmp_path / "due.ics")
    cli(db, "2026-12-01 13:30", "interview", "delete", str(db["interview"]), "--yes")
    found = export(db, LATER, tmp_path / "due.ics")
    dana = action_uid(keys(db)["dana"])
    assert found[dana]["start"] == at(LATER)  # where the reminder is put: when it was found gone
    late = export(db, "2026-12-30 14:00", tmp_path / "due.ics")
    assert late[dana]["status"] == "CANCELLED" and late[dana]["start"] == at(LATER)
    assert late[dana]["sequence"] == found[dana]["sequence"]  # unchanged since: the same SEQUENCE
    gone = export(db, "2026-12-31 14:01", tmp_path / "due.ics")
    assert dana not in gone and interview_uid_of(db) not in gone
    assert remembered(db) == {}


def test_the_same_facts_give_the_same_bytes_and_write_nothing_more(db, tmp_path, monkeypatch):  # noqa: F811
    export(db, FIRST, tmp_path / "due.ics")
    cli(db, "2026-12-01 13:30", "opportunity", "status", str(db["opp"]), "withdrawn")
    export(db, LATER, tmp_path / "one.ics")
    kept = remembered(db)
    from afterview.storage.store import Tx

    writes = []
    original = Tx.set_state
    monkeypatch.setattr(Tx, "set_state", lambda self, key, value: (writes.append(key), original(self, key, value)))
    export(db, LATER, tmp_path / "two.ics")
    assert (tmp_path / "one.ics").read_bytes() == (tmp_path / "two.ics").read_bytes()
    assert writes == [] and remembered(db) == kept
    gone = {uid for uid, entry in kept.items() if entry["gone"]}
    assert gone == {action_uid(k) for k in keys(db).values()}


def test_in_the_same_minute_the_cancelled_event_still_wins(db, tmp_path):  # noqa: F811
    first = export(db, FIRST, tmp_path / "due.ics")
    cli(db, FIRST, "person", "edit", str(db["dana"]), "--do-not-contact")
    again = export(db, FIRST, tmp_path / "due.ics")
    dana = action_uid(keys(db)["dana"])
    assert again[dana]["status"] == "CANCELLED" and again[dana]["sequence"] == first[dana]["sequence"] + 1


def test_a_file_that_cannot_be_written_remembers_nothing(db, tmp_path):  # noqa: F811
    missing = tmp_path / "no such folder" / "due.ics"
    with pytest.raises(InvalidInput, match="cannot write"):
        export(db, FIRST, missing)
    assert remembered(db) is None
    export(db, FIRST, tmp_path / "due.ics")
    kept = remembered(db)
    cli(db, "2026-12-01 13:30", "interview", "delete", str(db["interview"]), "--yes")
    with pytest.raises(InvalidInput, match="cannot write"):
        export(db, LATER, missing)
    assert remembered(db) == kept  # not "found gone": the calendar has not been told yet
    assert export(db, LATER, tmp_path / "due.ics")[interview_uid_of(db)]["status"] == "CANCELLED"


def test_an_action_marked_done_is_written_done_once(db, tmp_path):  # noqa: F811
    export(db, FIRST, tmp_path / "due.ics")
    cli(db, "2026-12-01 13:30", "done", keys(db)["dana"])
    found = export(db, LATER, tmp_path / "due.ics")
    assert found[action_uid(keys(db)["dana"])]["summary"] == "Done: Thank-you note: Dana Reyes"
    uid = action_uid(keys(db)["dana"])
    assert remembered(db)[uid]["sequence"] == found[uid]["sequence"]  # kept while written cancelled


def test_a_process_reopened_is_live_again(db, tmp_path):  # noqa: F811
    export(db, FIRST, tmp_path / "due.ics")
    cli(db, "2026-12-01 13:30", "opportunity", "status", str(db["opp"]), "withdrawn")
    cancelled = export(db, LATER, tmp_path / "due.ics")
    cli(db, "2026-12-01 14:30", "opportunity", "status", str(db["opp"]), "interviewing")
    live = export(db, "2026-12-01 15:00", tmp_path / "due.ics")
    for key in keys(db).values():
        uid = action_uid(key)
        assert live[uid]["status"] == "CONFIRMED" and live[uid]["alarms"] == 1
        assert live[uid]["sequence"] > cancelled[uid]["sequence"]
    assert all(not entry["gone"] for entry in remembered(db).values())


def test_an_action_written_before_is_still_written_past_the_days_asked_for(db, tmp_path):  # noqa: F811
    status = action_uid(keys(db)["status"])  # due on 10 Dec
    assert status in export(db, FIRST, tmp_path / "due.ics", days=20)
    again = export(db, LATER, tmp_path / "due.ics", days=3)
    assert again[status]["status"] == "CONFIRMED"  # it moves with its action, rather than staying behind
    assert again[status]["start"] == at("2026-12-10 09:30")
    store = open_store(f"sqlite:///{db['path']}")
    try:
        with store.transaction() as tx:
            facts = tx.facts()
    finally:
        store.close()
    feed = read(export_calendar(facts, plan(facts, DEFAULT_PLAYBOOK, at(LATER)), at(LATER), 3))
    assert status not in feed  # remembering nothing, 3 days do not reach it


def test_a_store_that_only_reads_remembers_nothing(db, tmp_path):  # noqa: F811
    found = export(db, FIRST, tmp_path / "due.ics", reads_only=True)
    assert action_uid(keys(db)["dana"]) in found
    assert remembered(db) is None


def test_a_memory_written_by_something_else_counts_as_nothing_remembered(db, tmp_path):  # noqa: F811
    store = open_store(f"sqlite:///{db['path']}")
    try:
        with store.transaction() as tx:
            facts = tx.facts()
        actions = plan(facts, DEFAULT_PLAYBOOK, at(FIRST))
        plain = export_calendar(facts, actions, at(FIRST), 20)
        damaged = {"someone-else@example.com": {"key": "1"}, "interview-99@afterview.local": {"key": "98"},
                   action_uid("thank_you:i9:p9"): {"key": "thank_you:i9:p9", "title": 5, "start": "", "end": "",
                                                   "gone": ""},
                   action_uid("thank_you:i8:p8"): {"key": "thank_you:i8:p8", "title": "x", "start": "", "end": "",
                                                   "gone": "yesterday"}}
        for memory in (None, {}, [], "text", damaged):
            data, kept = export_remembering(facts, actions, at(FIRST), 20, memory)
            assert data == plain  # what the desk's feed writes, remembering nothing
            assert sorted(kept) == sorted(read(plain))
        with store.transaction() as tx:
            tx.set_state(MEMORY, damaged)
    finally:
        store.close()
    assert export(db, FIRST, tmp_path / "due.ics") == read(plain)
    assert sorted(remembered(db)) == sorted(read(plain))


def test_remembering_changes_nothing_of_the_first_export_or_of_the_feed(db, tmp_path):  # noqa: F811
    store = open_store(f"sqlite:///{db['path']}")
    try:
        with store.transaction() as tx:
            facts = tx.facts()
    finally:
        store.close()
    now = at(FIRST)
    export(db, FIRST, tmp_path / "due.ics")
    assert (tmp_path / "due.ics").read_bytes() == export_calendar(facts, plan(facts, DEFAULT_PLAYBOOK, now), now, 20)
    later = now + timedelta(hours=1)
    feed = export_calendar(facts, plan(facts, DEFAULT_PLAYBOOK, later), later, 20)
    assert b"STATUS:CANCELLED" not in feed  # the feed remembers nothing: nothing left, nothing cancelled


def test_the_cli_remembers_and_a_deleted_interview_leaves_the_calendar(db, tmp_path):  # noqa: F811
    """`afterview calendar export -o FILE`, then the interview deleted, then again: the file says it."""
    target = tmp_path / "due.ics"
    assert cli(db, FIRST, "calendar", "export", "-o", str(target), "--days", "20") == f"wrote {target}\n"
    first = read(target.read_bytes())
    assert remembered(db) and all(not entry["gone"] for entry in remembered(db).values())
    cli(db, "2026-12-01 13:30", "interview", "delete", str(db["interview"]), "--yes")
    cli(db, LATER, "calendar", "export", "-o", str(target), "--days", "20", "--force")
    second = read(target.read_bytes())
    assert sorted(second) == sorted(first) and {e["status"] for e in second.values()} == {"CANCELLED"}
    # to standard output, the same bytes (the test runner's text output turns CRLF into LF)
    out = cli(db, LATER, "calendar", "export", "--days", "20")
    assert out.replace("\n", "\r\n").encode() == target.read_bytes()
    # a file that cannot be written: nothing remembered, the command says why
    before = remembered(db)
    result = afterview("--db", db["path"], "--at", "2026-12-02 09:00 Europe/Berlin", "calendar", "export", "-o",
                       str(tmp_path / "no" / "due.ics"))
    assert result.code == 2 and "cannot write" in result.err
    assert remembered(db) == before


def test_a_restored_database_remembers_what_the_export_wrote(db, tmp_path):  # noqa: F811
    """Moved to a new machine by backup and restore, the next export still takes a deleted
    interview off the calendar that imported the file written before the move."""
    import json

    export(db, FIRST, tmp_path / "due.ics")
    backup = tmp_path / "backup.json"
    cli(db, FIRST, "export", str(backup))
    document = json.loads(backup.read_text())
    assert document["state"][MEMORY] == remembered(db)
    restored = {**db, "path": str(tmp_path / "restored.db")}
    assert afterview("--db", restored["path"], "import", str(backup)).code == 0
    assert remembered(restored) == remembered(db)
    cli(restored, "2026-12-01 13:30", "interview", "delete", str(db["interview"]), "--yes")
    found = export(restored, LATER, tmp_path / "due.ics")
    assert found[interview_uid_of(db)]["status"] == "CANCELLED"
    assert found[action_uid(keys(db)["dana"])]["status"] == "CANCELLED"

