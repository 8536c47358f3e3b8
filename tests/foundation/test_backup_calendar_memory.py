"""The export document carries what a restore needs of the state table: what calendar imports
remember of each event (so that a restored database neither re-creates an interview the user
deleted nor puts back on a panel someone the user took off it), and the mailbox positions of
`afterview sync`; never the calendar feed's secret. Version 1 documents, without it, still restore.

Alex imports Jane Smith's invitation to a technical interview at Globex (with Bob Lee) and one to
a panel interview two days later, takes Bob off the first panel and deletes the second interview;
then backs up and restores into a fresh database, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

from afterview.domain import model as m
from afterview.importers.recognition import Rule
from afterview.services.backup import export_document, import_document
from afterview.services.imports import MEMORY, import_calendar
from afterview.storage import open_store

from tests.helpers import afterview, assert_clean_error

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc)
JANE = ("Jane Smith", "jane.smith@globex.com")
BOB = ("Bob Lee", "bob.lee@globex.com")
CAROL = ("Carol Diaz", "carol.diaz@globex.com")
POSITION = "sync:personal:INBOX"


def invite(folder, name="invite.ics", *, uid="abc123@google.com", day=23, sequence=0, people=(JANE, BOB),
           title="Technical Interview"):
    attendees = "".join(f"ATTENDEE;CN={who}:mailto:{address}\r\n" for who, address in (*people, ("Alex Morgan", "alex@mail.example")))
    path = folder / name
    path.write_text(
        "BEGIN:VCALENDAR\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\n"
        f"BEGIN:VEVENT\r\nDTSTART:202611{day}T150000Z\r\nDTEND:202611{day}T160000Z\r\nDTSTAMP:20261118T120000Z\r\n"
        f"ORGANIZER;CN=Jane Smith:mailto:jane.smith@globex.com\r\nUID:{uid}\r\n{attendees}SEQUENCE:{sequence}\r\n"
        f"SUMMARY:Globex | Data Engineer - {title}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n", encoding="utf-8")
    return path


def calendar(store, path):
    return import_calendar(store, path, now=NOW, rule=Rule(), user_tz="America/Chicago")


def _sqlite(path):
    store = open_store(f"sqlite:///{path}")
    with store.transaction() as tx:
        tx.save_profile(m.Profile(name="Alex Morgan", email="alex@mail.example", timezone="America/Chicago"))
    return store


def _panel(store, interview_id=1) -> set[str]:
    with store.transaction() as tx:
        return {tx.get(m.Person, p.person_id).name for p in tx.get(m.Interview, interview_id).participants}


@pytest.fixture
def original(tmp_path):
    """Alex's database: interview 1 (Bob taken off its panel by hand), interview 2 deleted."""
    from afterview.services.interviews import delete_interview, edit_interview

    store = _sqlite(tmp_path / "original.db")
    assert calendar(store, invite(tmp_path)).counts["new"] == 1
    assert calendar(store, invite(tmp_path, "panel.ics", uid="panel-7@google.com", day=25,
                                  title="Panel Interview")).counts["new"] == 1
    with store.transaction() as tx:
        edit_interview(tx, 1, now=NOW, remove=["Bob Lee"])
        delete_interview(tx, 2, now=NOW)
        tx.set_state(POSITION, {"uidvalidity": 1700000000, "last_uid": 412})
    yield store
    store.close()


def _document(store) -> dict:
    with store.transaction() as tx:
        return json.loads(json.dumps(export_document(tx)))


def test_a_restored_database_remembers_what_calendar_imports_took(original, db_url, tmp_path):
    document = _document(original)
    assert document["version"] == 2
    assert sorted(document["state"]) == [MEMORY, POSITION]
    assert sorted(document["state"][MEMORY]) == ["abc123@google.com", "panel-7@google.com"]
    restored = open_store(db_url)
    try:
        with restored.transaction() as tx:
            counts = import_document(tx, document)
        assert counts["remembered calendar events"] == 2 and counts["mailbox positions"] == 1
        # the deleted interview is not re-created from the same version of its event
        again = calendar(restored, tmp_path / "panel.ics")
        assert again.summary() == "1 not re-created (you deleted its interview)"
        assert "(interview 2)" in again.notes[0].detail
        # a newer version of the first invitation adds Carol, not Bob, whom Alex took off
        newer = calendar(restored, invite(tmp_path, "moved.ics", day=24, sequence=1, people=(JANE, BOB, CAROL)))
        assert newer.counts["updated"] == 1 and _panel(restored) == {"Jane Smith", "Carol Diaz"}
        with restored.transaction() as tx:
            assert tx.get_state(POSITION) == {"uidvalidity": 1700000000, "last_uid": 412}
            # interview 2, deleted before the backup and named by the memory, keeps its id unused
            assert tx.add(m.Interview(opportunity_id=1, start=NOW + timedelta(days=9), end=NOW + timedelta(days=9, hours=1),
                                      timezone="UTC")).id == 3
    finally:
        restored.close()


def test_export_import_export_gives_the_same_document_with_state(original, tmp_path):
    document = _document(original)
    copy = _sqlite(tmp_path / "copy.db")
    with copy.transaction() as tx:
        tx.save_profile(m.Profile())  # the document's profile replaces it
    with copy.transaction() as tx:
        import_document(tx, document)
    assert _document(copy) == document
    copy.close()


def test_a_database_with_nothing_to_carry_writes_a_version_1_document(tmp_path):
    store = _sqlite(tmp_path / "plain.db")
    with store.transaction() as tx:
        tx.add(m.Company(name="Globex"))
        tx.set_state("web.calendar_feed", {"sha256": "0" * 64, "created": NOW.isoformat()})
        tx.set_state("a_plugin.settings", {"token": "secret"})
    document = _document(store)
    store.close()
    assert document["version"] == 1 and "state" not in document  # an older Afterview reads it


def test_the_feed_secret_and_other_entries_are_never_exported(original):
    with original.transaction() as tx:
        tx.set_state("web.calendar_feed", {"sha256": "0" * 64, "created": NOW.isoformat()})
        tx.set_state("a_plugin.settings", {"token": "secret"})
        tx.set_state("sync:other:INBOX", {"uidvalidity": "garbage"})  # not a position sync reads: left out
    document = _document(original)
    assert sorted(document["state"]) == [MEMORY, POSITION]
    assert "0" * 64 not in json.dumps(document) and "secret" not in json.dumps(document)


def test_a_version_1_document_still_restores(original, tmp_path):
    """An export written before it carried state: restored as ever; re-imports then know only
    what the interviews hold (the same SEQUENCE is the same version: hand edits stand)."""
    from afterview.services.interviews import edit_interview

    document = _document(original)
    del document["state"]
    document["version"] = 1
    restored = _sqlite(tmp_path / "restored.db")
    with restored.transaction() as tx:
        counts = import_document(tx, document)
        assert tx.get_state(MEMORY) is None
    assert counts["remembered calendar events"] == 0
    with restored.transaction() as tx:
        edit_interview(tx, 1, now=NOW, start="2026-11-23 10:00")
    assert calendar(restored, tmp_path / "invite.ics").summary() == "1 interview (1 unchanged)"
    with restored.transaction() as tx:
        assert tx.get(m.Interview, 1).start == datetime(2026, 11, 23, 16, 0, tzinfo=timezone.utc)
    restored.close()


def test_a_restore_replaces_what_an_emptied_database_remembered(original, tmp_path):
    """A database whose records were all deleted is empty, but its imports still remember: the
    restore leaves the document's memory (and positions), not a mix with another database's."""
    emptied = _sqlite(tmp_path / "emptied.db")
    with emptied.transaction() as tx:
        tx.set_state(MEMORY, {"elsewhere@google.com": {"sequence": 0, "interview": 9, "version": "ab", "people": [],
                                                       "start": "", "end": ""}})
        tx.set_state("sync:old:INBOX", {"uidvalidity": 1, "last_uid": 5})
    document = _document(original)
    with emptied.transaction() as tx:
        import_document(tx, document)
    with emptied.transaction() as tx:
        assert sorted(tx.get_state(MEMORY)) == ["abc123@google.com", "panel-7@google.com"]
        assert tx.get_state("sync:old:INBOX") is None
    emptied.close()


def _broken(document: dict, change) -> dict:
    copy = json.loads(json.dumps(document))
    change(copy)
    return copy


def _entry(**values):
    def change(document):
        document["state"][MEMORY]["abc123@google.com"].update(values)
    return change


def _drop(name):
    def change(document):
        del document["state"][MEMORY]["abc123@google.com"][name]
    return change


@pytest.mark.parametrize("change, message", [
    (lambda d: d.__setitem__("state", ["imports.calendar"]), "broken export: state: expected an object"),
    (lambda d: d["state"].__setitem__("web.calendar_feed", {"sha256": "ab"}),
     "state['web.calendar_feed']: not an entry an export carries (only imports.calendar, imports.tracker, imports.connections, exports.calendar, sync:ACCOUNT:FOLDER)"),
    (lambda d: d["state"].__setitem__("profile", {}), "state['profile']: not an entry an export carries"),
    (lambda d: d["state"].__setitem__(MEMORY, []), "state['imports.calendar']: expected an object"),
    (lambda d: d["state"][MEMORY].__setitem__("", d["state"][MEMORY]["abc123@google.com"]),
     "state['imports.calendar']: an event UID is empty"),
    (lambda d: d["state"][MEMORY].__setitem__("x@y", "seen"), "state['imports.calendar']['x@y']: expected an object"),
    (_drop("version"), "state['imports.calendar']['abc123@google.com']: missing field 'version'"),
    (_entry(extra=1), "state['imports.calendar']['abc123@google.com']: unknown field 'extra'"),
    (_entry(sequence="0"), "['abc123@google.com'].sequence: expected a whole number from 0 to 2147483647, not '0'"),
    (_entry(sequence=True), ".sequence: expected a whole number from 0 to 2147483647, not True"),
    (_entry(sequence=-1), ".sequence: expected a whole number from 0 to 2147483647, not -1"),
    (_entry(interview=0), ".interview: expected an interview id or null, not 0"),
    (_entry(interview="1"), ".interview: expected an interview id or null, not '1'"),
    (_entry(version="not a digest"), ".version: expected the digest of an event's version (hexadecimal)"),
    (_entry(people="jane.smith@globex.com"), ".people: expected a list of email addresses"),
    (_entry(start="2026-11-23 15:00"), ".start: expected a date-time with its UTC offset, or \"\""),
    (_entry(end="9999-12-31T12:00:00+00:00"), ".end: '9999-12-31T12:00:00+00:00' is too far away"),
    (lambda d: d["state"].__setitem__(POSITION, {"uidvalidity": 7}),
     "state['sync:personal:INBOX']: missing field 'last_uid'"),
    (lambda d: d["state"].__setitem__(POSITION, {"uidvalidity": 7, "last_uid": -2}),
     "state['sync:personal:INBOX'].last_uid: expected a whole number, 0 or more, not -2"),
    (lambda d: d["state"].__setitem__("exports.calendar", {"x@y": {"key": "1"}}),
     "state['exports.calendar']['x@y']: expected an object with key, title, start, end, gone"),
    (lambda d: d["state"].__setitem__("exports.calendar", {"interview-3@afterview.local": {
        "key": "4", "title": "Interview", "start": "2026-11-23T15:00:00+00:00", "end": "2026-11-23T16:00:00+00:00",
        "gone": ""}}), "state['exports.calendar']['interview-3@afterview.local']: not an event a calendar export writes"),
    (lambda d: d["state"].__setitem__("exports.calendar", {"interview-3@afterview.local": {
        "key": "3", "title": "Interview", "start": "2026-11-23T15:00:00+00:00", "end": "9999-11-23T16:00:00+00:00",
        "gone": ""}}), "'9999-11-23T16:00:00+00:00' is too far away"),
    (lambda d: d.__setitem__("version", 1), "the export is version 1, which has no \"state\" section"),
    (lambda d: d.__setitem__("version", 8), "the export is version 8, from a newer Afterview; this one reads up to 7"),
    (lambda d: d.__setitem__("version", True), "the export has no version number"),
    (lambda d: d.__setitem__("version", 0), "the export says version 0; versions start at 1"),
])
def test_a_document_with_a_malformed_state_is_refused_in_one_line_and_nothing_is_written(
        original, tmp_path, change, message):
    path = tmp_path / "backup.json"
    path.write_text(json.dumps(_broken(_document(original), change)))
    target = tmp_path / "new.db"
    result = afterview("--db", str(target), "import", str(path))
    assert_clean_error(result, f"{path}: ", message)
    assert not target.exists()  # the database this command would have created is not left behind
    # into an existing empty database: nothing at all written, not even the profile
    existing = _sqlite(tmp_path / "existing.db")
    before = _document(existing)
    existing.close()
    result = afterview("--db", str(tmp_path / "existing.db"), "import", str(path))
    assert_clean_error(result, message)
    existing = open_store(f"sqlite:///{tmp_path / 'existing.db'}")
    assert _document(existing) == before
    with existing.transaction() as tx:
        assert tx.get_state(MEMORY) is None and tx.get_state(POSITION) is None
    existing.close()


def test_the_cli_restore_says_what_the_state_held(original, tmp_path):
    path = tmp_path / "backup.json"
    assert afterview("--db", f"sqlite:///{tmp_path / 'original.db'}", "export", str(path)).code == 0
    assert json.loads(path.read_text())["version"] == 2
    result = afterview("--db", str(tmp_path / "new.db"), "import", str(path))
    assert result.code == 0, result.err
    assert result.out == ("imported 1 company, 1 opportunity, 2 people, 1 interview, 2 remembered calendar events, "
                          "1 mailbox position\n")


def test_where_sync_stopped_in_a_folder_besides_the_inbox_is_carried_as_version_6(original, tmp_path):
    """An account that also reads replies from another folder (`read_folders`) keeps where sync
    stopped there per folder ("sync:ACCOUNT:FOLDER"): a backup carries it, as version 6, so that
    a restored database does not read that folder whole again; an older Afterview refuses it."""
    folder_key = "sync:personal:Jobs/Recruiters"
    with original.transaction() as tx:
        tx.set_state(folder_key, {"uidvalidity": 42, "last_uid": 7})
    document = _document(original)
    assert document["version"] == 6
    assert document["state"][folder_key] == {"uidvalidity": 42, "last_uid": 7}
    restored = _sqlite(tmp_path / "restored.db")
    try:
        with restored.transaction() as tx:
            import_document(tx, document)
        with restored.transaction() as tx:
            assert tx.get_state(folder_key) == {"uidvalidity": 42, "last_uid": 7}
            assert tx.get_state(POSITION) == {"uidvalidity": 1700000000, "last_uid": 412}
    finally:
        restored.close()
