"""SEQUENCE rises only for an event whose content changed, and always above the number the last
export wrote for its UID: an unchanged event keeps its number however many exports follow (only
DTSTAMP moves); a change in the same minute, or an export at an earlier --at, still raises it.
`calendar export` keeps, by UID, the number written and a digest of the event in the state entry
`exports.calendar`. The desk's feed, which records nothing, numbers every event with the minutes
since 2020 at the reading. On a real SQLite file, through the command line; each file read back
with icalendar and with vobject."""

from __future__ import annotations

import re
from datetime import datetime, timezone

import icalendar
import pytest
import vobject

from afterview.errors import InvalidInput
from afterview.exporters.calendar_ics import MEMORY, action_uid, check_written, export_calendar
from afterview.planner import DEFAULT_PLAYBOOK, plan
from afterview.storage import open_store

from tests.helpers import afterview
from tests.planner.builders import at
from tests.planner.test_calendar_export import world
from tests.planner.test_cli import db  # noqa: F401  (the database fixture: a panel interview, Tue 1 Dec 2026)

BEFORE = "2026-11-25 09:00"  # Berlin: the interview is ahead, its notes are planned after it
EPOCH = datetime(2020, 1, 1, tzinfo=timezone.utc)


def minutes(when: str) -> int:
    return int((at(when) - EPOCH).total_seconds() // 60)


def read(data: bytes) -> dict[str, dict]:
    """Each event by UID: its SEQUENCE, DTSTAMP and its text without them; vobject reads the
    same UIDs, SEQUENCEs and DTSTAMPs as icalendar."""
    cal = icalendar.Calendar.from_ical(data)
    mine = {}
    for event in cal.walk("VEVENT"):
        text = event.to_ical().decode()
        content = re.sub(r"\r\n(?:DTSTAMP|SEQUENCE)[:;][^\r]*", "", text)
        mine[str(event["uid"])] = {"sequence": int(event["sequence"]), "stamp": event.decoded("dtstamp"),
                                   "status": str(event["status"]), "content": content}
    theirs = {e.uid.value: (int(e.sequence.value), e.dtstamp.value)
              for e in vobject.readOne(data.decode("utf-8")).contents.get("vevent", [])}
    assert theirs == {uid: (e["sequence"], e["stamp"]) for uid, e in mine.items()}
    return mine


def export(db, when: str, target) -> dict[str, dict]:
    result = afterview("--db", db["path"], "--at", f"{when} Europe/Berlin", "calendar", "export", "-o", str(target),
                       "--days", "20")
    assert result.code == 0 and result.err == "", result.err
    return read(target.read_bytes())


def cli(db, when: str, *args: str) -> None:
    result = afterview("--db", db["path"], "--at", f"{when} Europe/Berlin", *args)
    assert result.code == 0, result.err


def remembered(db) -> dict:
    store = open_store(f"sqlite:///{db['path']}")
    try:
        with store.reading() as tx:
            return tx.get_state(MEMORY)
    finally:
        store.close()


def assert_rises_only_where_changed(before: dict, after: dict) -> set[str]:
    """Each event in both: the same SEQUENCE when its content is the same, a higher one else.
    Returns the UIDs that changed."""
    changed = set()
    for uid in set(before) & set(after):
        if before[uid]["content"] == after[uid]["content"]:
            assert after[uid]["sequence"] == before[uid]["sequence"], uid
        else:
            assert after[uid]["sequence"] > before[uid]["sequence"], uid
            changed.add(uid)
    return changed


def interview_uid_of(db) -> str:
    return f"interview-{db['interview']}@afterview.local"


def test_exports_of_the_same_events_keep_their_sequence(db, tmp_path):  # noqa: F811
    first = export(db, BEFORE, tmp_path / "a.ics")
    assert len(first) == 4 and {e["sequence"] for e in first.values()} == {minutes(BEFORE)}
    later = export(db, "2026-11-27 16:45", tmp_path / "b.ics")
    assert sorted(later) == sorted(first)
    for uid, event in later.items():
        assert event["content"] == first[uid]["content"]
        assert event["sequence"] == first[uid]["sequence"]  # not the minutes of this export
        assert event["stamp"] == at("2026-11-27 16:45")  # DTSTAMP moves


def test_a_change_raises_only_the_events_it_changed(db, tmp_path):  # noqa: F811
    first = export(db, BEFORE, tmp_path / "a.ics")
    cli(db, "2026-11-25 09:30", "interview", "edit", str(db["interview"]), "--location", "Acme HQ, Berlin")
    second = export(db, "2026-11-25 10:00", tmp_path / "b.ics")
    changed = assert_rises_only_where_changed(first, second)
    assert interview_uid_of(db) in changed
    assert second[interview_uid_of(db)]["sequence"] == minutes("2026-11-25 10:00")
    assert len(changed) < len(second)  # the notes' reminders say the same: their numbers stay


def test_a_change_in_the_same_minute_still_raises_it(db, tmp_path):  # noqa: F811
    first = export(db, BEFORE, tmp_path / "a.ics")
    cli(db, BEFORE, "interview", "edit", str(db["interview"]), "--location", "Acme HQ, Berlin")
    second = export(db, BEFORE, tmp_path / "b.ics")
    uid = interview_uid_of(db)
    assert second[uid]["sequence"] == first[uid]["sequence"] + 1
    assert_rises_only_where_changed(first, second)


def test_an_export_at_an_earlier_moment_never_lowers_it(db, tmp_path):  # noqa: F811
    """An export with --at before the last one (or after the clock was set back): a changed event
    gets one more than the number written before, an unchanged one keeps its number."""
    first = export(db, "2026-11-27 12:00", tmp_path / "a.ics")
    cli(db, "2026-11-25 08:00", "interview", "edit", str(db["interview"]), "--location", "Acme HQ, Berlin")
    earlier = export(db, BEFORE, tmp_path / "b.ics")
    uid = interview_uid_of(db)
    assert earlier[uid]["sequence"] == first[uid]["sequence"] + 1 > minutes(BEFORE)
    assert_rises_only_where_changed(first, earlier)
    assert all(e["sequence"] >= minutes("2026-11-27 12:00") for e in earlier.values())


def test_an_action_marked_done_is_cancelled_above_its_live_number_and_keeps_it(db, tmp_path):  # noqa: F811
    first = export(db, "2026-12-01 13:00", tmp_path / "a.ics")
    key = f"thank_you:i{db['interview']}:p{db['dana']}"
    uid = action_uid(key)
    cli(db, "2026-12-01 13:30", "done", key)
    done = export(db, "2026-12-01 14:00", tmp_path / "b.ics")
    assert done[uid]["status"] == "CANCELLED" and done[uid]["sequence"] > first[uid]["sequence"]
    again = export(db, "2026-12-20 14:00", tmp_path / "c.ics")
    assert again[uid]["status"] == "CANCELLED" and again[uid]["sequence"] == done[uid]["sequence"]
    assert remembered(db)[uid]["sequence"] == done[uid]["sequence"]
    late = export(db, "2027-01-01 14:00", tmp_path / "d.ics")  # over for more than 30 days
    assert uid not in late and uid not in remembered(db)


def test_a_memory_kept_by_an_older_afterview_rises_once(db, tmp_path):  # noqa: F811
    """An older Afterview kept no numbers (it wrote the minutes since 2020, one more for an event
    found gone): the first export after the upgrade writes one more than this minute's, even for
    an event that did not change, then keeps it."""
    first = export(db, BEFORE, tmp_path / "a.ics")
    store = open_store(f"sqlite:///{db['path']}")
    try:
        with store.transaction() as tx:
            old = {uid: {k: v for k, v in entry.items() if k not in ("sequence", "digest")}
                   for uid, entry in tx.get_state(MEMORY).items()}
            tx.set_state(MEMORY, old)
    finally:
        store.close()
    upgraded = export(db, BEFORE, tmp_path / "b.ics")
    assert all(upgraded[uid]["sequence"] == first[uid]["sequence"] + 1 for uid in first)
    assert all("sequence" in entry for entry in remembered(db).values())
    kept = export(db, "2026-11-25 09:30", tmp_path / "c.ics")
    assert all(kept[uid]["sequence"] == upgraded[uid]["sequence"] for uid in upgraded)


def test_the_feed_numbers_each_reading_with_its_minute():
    """The desk's feed (`export_calendar`) records nothing: every event's SEQUENCE is the minutes
    since 2020 at the reading, so a changed event is always higher than at the reading before."""
    w, first, upcoming = world()
    earlier, later = at("2026-12-01 13:00"), at("2026-12-01 13:07")
    one = read(export_calendar(w.facts, plan(w.facts, DEFAULT_PLAYBOOK, earlier), earlier, 14))
    upcoming.location = "Acme Tower, Berlin"
    two = read(export_calendar(w.facts, plan(w.facts, DEFAULT_PLAYBOOK, later), later, 14))
    assert {e["sequence"] for e in one.values()} == {minutes("2026-12-01 13:00")}
    assert {e["sequence"] for e in two.values()} == {minutes("2026-12-01 13:07")}


def test_the_memory_is_checked_in_both_forms_on_a_restore():
    live = {"key": "thank_you:i1:p2", "title": "Thank-you note: Dana Reyes", "start": "", "end": "", "gone": ""}
    uid = action_uid("thank_you:i1:p2")
    assert check_written({uid: live}) == {uid: live}  # kept by an older Afterview
    numbered = {**live, "sequence": 3638160, "digest": "0123456789abcdef"}
    assert check_written({uid: numbered}) == {uid: numbered}
    fields = "expected an object with key, title, start, end, gone (and sequence, digest, or neither)"
    for bad, said in [({**live, "sequence": 5}, fields),
                      ({**numbered, "sequence": -1}, "its sequence is no whole number"),
                      ({**numbered, "sequence": True}, "its sequence is no whole number"),
                      ({**numbered, "sequence": 2**31}, "its sequence is no whole number"),
                      ({**numbered, "digest": "xyz"}, "its digest not one an export writes")]:
        with pytest.raises(InvalidInput, match=re.escape(said)):
            check_written({uid: bad})
