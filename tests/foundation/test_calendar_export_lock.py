"""`calendar export` plans in a reading transaction and takes the write lock only to keep what the
file holds: while it plans and writes the file, the desk, the worker and other commands can
write (SQLite's busy timeout is 5 s, and planning a large pipeline takes seconds). Two exports at
once still lose nothing: one that finds the memory changed since it began makes its file again.
On a real SQLite file."""

from __future__ import annotations

from afterview.exporters.calendar_ics import MEMORY
from afterview.files import write_whole
from afterview.planner import DEFAULT_PLAYBOOK
from afterview.services.calendar_export import export_calendar_file
from afterview.storage import open_store

from tests.planner.builders import at
from tests.planner.test_cli import db  # noqa: F401  (the database fixture: a panel interview, Tue 1 Dec 2026)

WHEN = "2026-12-01 13:00"


def _memory(path) -> dict:
    store = open_store(f"sqlite:///{path}")
    try:
        with store.reading() as tx:
            return tx.get_state(MEMORY) or {}
    finally:
        store.close()


def test_another_program_writes_while_the_file_is_written(db, tmp_path):  # noqa: F811
    target = tmp_path / "cal.ics"
    wrote_meanwhile = []

    def write(data: bytes) -> None:
        other = open_store(f"sqlite:///{db['path']}")
        try:
            with other.transaction() as tx:  # waited 5 s and failed while the export held the lock
                tx.set_state("probe", {"written": True})
        finally:
            other.close()
        wrote_meanwhile.append(True)
        write_whole(target, data)

    store = open_store(f"sqlite:///{db['path']}")
    try:
        data = export_calendar_file(store, DEFAULT_PLAYBOOK, at(WHEN), 20, write)
    finally:
        store.close()
    assert wrote_meanwhile == [True]
    assert target.read_bytes() == data and b"BEGIN:VEVENT" in data
    remembered = _memory(db["path"])
    assert remembered, "the export keeps what it wrote"
    check = open_store(f"sqlite:///{db['path']}")
    try:
        with check.reading() as tx:
            assert tx.get_state("probe") == {"written": True}
    finally:
        check.close()


def test_two_exports_at_once_agree_with_the_memory(db, tmp_path):  # noqa: F811
    """The second export runs inside the first one's file write: the first then finds the memory
    changed, makes its file again from it, and the file and the memory agree."""
    first_target, second_target = tmp_path / "first.ics", tmp_path / "second.ics"
    calls = []

    def second(data: bytes) -> None:
        write_whole(second_target, data)

    def first(data: bytes) -> None:
        calls.append(data)
        if len(calls) == 1:
            other = open_store(f"sqlite:///{db['path']}")
            try:
                export_calendar_file(other, DEFAULT_PLAYBOOK, at(WHEN), 20, second)
            finally:
                other.close()
        write_whole(first_target, data)

    store = open_store(f"sqlite:///{db['path']}")
    try:
        data = export_calendar_file(store, DEFAULT_PLAYBOOK, at(WHEN), 20, first)
    finally:
        store.close()
    assert len(calls) == 2, "the first export was made again from the memory the second kept"
    assert first_target.read_bytes() == data
    # made from the same facts at the same moment, both files hold the same events
    assert first_target.read_bytes() == second_target.read_bytes()
    remembered = _memory(db["path"])
    assert remembered  # kept by the second export; the first found it already there
    # a third export of the same events writes nothing new
    again = open_store(f"sqlite:///{db['path']}")
    try:
        export_calendar_file(again, DEFAULT_PLAYBOOK, at(WHEN), 20, lambda data: None)
    finally:
        again.close()
    assert _memory(db["path"]) == remembered
