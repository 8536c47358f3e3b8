"""`calendar export` never loses the export to a database it cannot write: when keeping what the
file holds fails (a full disk, a read-only database), the file (or standard output) is written
all the same, one line on stderr says what could not be recorded and what that means, the exit
status is 0, and the database is left as it was (all or nothing). The next export that can
write records it. On real SQLite files: a database opened read-only (mode=ro), and one that
cannot grow (max_page_count at its size: SQLite's "database or disk is full")."""

from __future__ import annotations

from datetime import timedelta

import icalendar
import pytest
import sqlalchemy as sa
import vobject

from afterview.domain.model import Interview, Participant, Role
from afterview.errors import StorageError
from afterview.exporters.calendar_ics import MEMORY
from afterview.files import write_whole
from afterview.planner import DEFAULT_PLAYBOOK
from afterview.services.calendar_export import export_calendar_file
from afterview.storage import open_store

from tests.helpers import afterview
from tests.planner.builders import at
from tests.planner.test_cli import db  # noqa: F401  (the database fixture: a panel interview, Tue 1 Dec 2026)

WHEN = "2026-11-25 09:00"


def events(data: bytes) -> list[str]:
    """The UIDs of a whole calendar, as icalendar and vobject read it."""
    mine = sorted(str(e["uid"]) for e in icalendar.Calendar.from_ical(data).walk("VEVENT"))
    theirs = sorted(e.uid.value for e in vobject.readOne(data.decode("utf-8")).contents.get("vevent", []))
    assert mine == theirs and mine
    return mine


def state(path: str):
    store = open_store(f"sqlite:///{path}")
    try:
        with store.reading() as tx:
            return tx.get_state(MEMORY)
    finally:
        store.close()


def read_only(db) -> str:
    return f"sqlite:///file:{db['path']}?mode=ro&uri=true"


def assert_one_warning(err: str, why: str) -> None:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("afterview: warning: the calendar was written whole, but what it holds could not "
                               f"be recorded (cannot write "), lines[0]
    assert why in lines[0] and "is not written cancelled" in lines[0], lines[0]


def test_a_read_only_database_still_gives_the_file(db, tmp_path):  # noqa: F811
    target = tmp_path / "elsewhere" / "due.ics"
    target.parent.mkdir()
    result = afterview("--db", read_only(db), "--at", f"{WHEN} Europe/Berlin", "calendar", "export", "-o", str(target))
    assert result.code == 0, result.err
    assert result.out == f"wrote {target}\n"
    assert_one_warning(result.err, "the location is read-only")
    assert len(events(target.read_bytes())) == 3  # the interview and its two thank-you notes
    assert state(db["path"]) is None  # nothing recorded
    # to standard output: the same bytes, the warning on stderr alone
    out = afterview("--db", read_only(db), "--at", f"{WHEN} Europe/Berlin", "calendar", "export")
    assert out.code == 0 and out.out.replace("\n", "\r\n").encode() == target.read_bytes()
    assert_one_warning(out.err, "the location is read-only")
    # once it can be written, the next export records what it wrote
    again = afterview("--db", db["path"], "--at", f"{WHEN} Europe/Berlin", "calendar", "export", "-o", str(target),
                       "--force")
    assert again.code == 0 and again.err == ""
    assert sorted(state(db["path"])) == events(target.read_bytes())


def _many_interviews(db, count: int = 40) -> None:
    """More interviews of the same panel, one a day from 2 Dec: a memory larger than a page."""
    store = open_store(f"sqlite:///{db['path']}")
    try:
        with store.transaction() as tx:
            first = tx.get(Interview, db["interview"])
            for day in range(1, count + 1):
                tx.add(Interview(opportunity_id=first.opportunity_id, start=first.start + timedelta(days=day),
                                 end=first.end + timedelta(days=day), timezone=first.timezone, stage=f"round {day}",
                                 participants=[Participant(person_id=db["dana"], role=Role.INTERVIEWER),
                                               Participant(person_id=db["rita"], role=Role.RECRUITER)]))
    finally:
        store.close()


def _full(path: str):
    """The store of a database that cannot grow by a page: its disk is full, for SQLite."""
    store = open_store(f"sqlite:///{path}")
    with store.reading() as tx:
        pages = tx.connection.exec_driver_sql("PRAGMA page_count").scalar()
    store.engine.dispose()
    sa.event.listen(store.engine, "connect", lambda conn, _: conn.execute(f"PRAGMA max_page_count={pages}"))
    return store


def test_a_full_disk_still_gives_the_file_and_leaves_the_database_as_it_was(db, tmp_path):  # noqa: F811
    _many_interviews(db)
    target = tmp_path / "due.ics"
    warnings: list[str] = []
    store = _full(db["path"])
    try:
        data = export_calendar_file(store, DEFAULT_PLAYBOOK, at(WHEN), 60, lambda d: write_whole(target, d),
                                    warnings.append)
    finally:
        store.close()
    assert target.read_bytes() == data and len(events(data)) > 40
    assert len(warnings) == 1 and "(cannot write " in warnings[0] and "the disk is full)" in warnings[0]
    assert state(db["path"]) is None
    # without a way to warn, the error is raised, after the file was written
    target.unlink()
    store = _full(db["path"])
    try:
        with pytest.raises(StorageError, match="the disk is full"):
            export_calendar_file(store, DEFAULT_PLAYBOOK, at(WHEN), 60, lambda d: write_whole(target, d))
    finally:
        store.close()
    assert target.read_bytes() == data and state(db["path"]) is None
