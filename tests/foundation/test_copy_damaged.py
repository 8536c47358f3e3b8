"""A damaged database is named as such, with its ways out, and never exported as a backup that
would not restore (found by a data tester: `cp backup.db afterview.db` over the database while a
program wrote to it left a file with integrity errors; `export` then wrote a backup that `import`
refused, "broken export: messages[6].person_id: no person 6"; and "database disk image is
malformed" was all a damaged file ever said). Real SQLite files, through the command line."""

from __future__ import annotations

import json
import shlex
import shutil
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

from afterview.domain import model as m
from afterview.services.demo import load_demo
from afterview.storage import open_store
from afterview.storage.store import storage_error

from tests.helpers import afterview, assert_clean_error

NOW = datetime(2026, 11, 26, 15, 0, tzinfo=timezone.utc)


def _demo(path: Path) -> None:
    store = open_store(f"sqlite:///{path}")
    try:
        with store.transaction() as tx:
            load_demo(tx, now=NOW, tz="America/Chicago")
    finally:
        store.close()


def _ways_out(line: str, path: Path) -> None:
    recovered = path.with_name("recovered.db")
    assert (f"restore your last export into a new database (afterview --db {shlex.quote(str(recovered))} import "
            "BACKUP.json), or save what SQLite can still read into one (sqlite3 "
            f"{shlex.quote(str(path))} .recover | sqlite3 {shlex.quote(str(recovered))}), then use that one") in line


def test_a_backup_copied_over_the_database_in_use_is_not_exported(tmp_path):
    """The tester's way: a copy of the file put over it (the same inode, so the worker's check of
    its file does not see it) while a program has newer pages in its -wal file, which it then
    writes back into the copy: a file of two ages."""
    live = tmp_path / "afterview.db"
    _demo(live)
    shutil.copy(live, tmp_path / "backup.db")
    store = open_store(f"sqlite:///{live}")
    try:
        with store.transaction() as tx:
            for number in range(200):
                tx.add(m.Person(name=f"Person {number} " + "x" * 60, emails=[f"p{number}@example.com"]))
        with store.engine.connect() as conn:  # those pages into the file itself
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        with store.transaction() as tx:
            for person in tx.list(m.Person)[-50:]:
                tx.add(m.Message(kind=m.MessageKind.THANK_YOU, person_id=person.id, subject="Thanks", body="Thank you.",
                                 to_address=person.emails[0]))
        shutil.copyfile(tmp_path / "backup.db", live)  # cp backup.db afterview.db: the same file, older content
        with store.transaction() as tx:
            tx.add(m.Company(name="Written after the copy"))
    finally:
        store.close()  # its -wal pages go into the copied file
    backup = tmp_path / "out.json"
    refused = afterview("--db", str(live), "export", str(backup))
    assert_clean_error(refused, f"cannot export: {live} is damaged (SQLite's check of the file: ")
    _ways_out(refused.error_line, live)
    assert not backup.exists()  # no backup that would not restore


def test_a_row_referring_to_a_missing_record_is_not_exported(tmp_path):
    path = tmp_path / "afterview.db"
    _demo(path)
    with sqlite3.connect(path) as conn:  # foreign keys are off in a plain connection
        message = conn.execute("SELECT MIN(id) FROM messages").fetchone()[0]
        conn.execute("UPDATE messages SET person_id = 999 WHERE id = ?", (message,))
    refused = afterview("--db", str(path), "export", str(tmp_path / "out.json"))
    assert_clean_error(refused, f"cannot export: {path} is damaged: table messages row {message} refers to a missing "
                                "people record (its person_id); mend or remove that row")
    command = shlex.split(refused.error_line.split("a copy of the file kept (")[1].split(" shows it)")[0])
    with sqlite3.connect(path) as conn:  # the command it gives shows that row
        assert conn.execute(command[2]).fetchall() == conn.execute("SELECT * FROM messages WHERE id = ?",
                                                                   (message,)).fetchall()
    assert not (tmp_path / "out.json").exists()


def test_a_history_naming_a_missing_person_is_not_exported(tmp_path):
    """What the database's references do not cover (who told you of a status change, kept in the
    history): checked as a restore checks it."""
    path = tmp_path / "afterview.db"
    _demo(path)
    with sqlite3.connect(path) as conn:
        row, history = conn.execute("SELECT id, history FROM opportunities ORDER BY id LIMIT 1").fetchone()
        changes = json.loads(history)
        changes[0]["person_id"] = 999
        conn.execute("UPDATE opportunities SET history = ? WHERE id = ?", (json.dumps(changes), row))
    refused = afterview("--db", str(path), "export", "-")
    assert_clean_error(refused, "cannot export: opportunities[0].history[0].person_id: no person 999 in the database, "
                                "so a backup of it would not restore")
    assert refused.out == ""


def test_a_malformed_database_says_the_ways_out(tmp_path):
    path = tmp_path / "afterview.db"
    _demo(path)
    with sqlite3.connect(path) as conn:
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'people'").fetchone()[0]
        size = conn.execute("PRAGMA page_size").fetchone()[0]
    with path.open("r+b") as file:  # the people table's first page, overwritten
        file.seek((root - 1) * size)
        file.write(b"\xff" * 64)
    refused = afterview("--db", str(path), "person", "list")
    assert_clean_error(refused, f"{path} is damaged (SQLite says: database disk image is malformed)")
    _ways_out(refused.error_line, path)
    assert "keep the damaged file" in refused.error_line


def test_the_driver_words_for_a_damaged_file():
    said = str(storage_error(sqlite3.DatabaseError("database disk image is malformed"), "/data/afterview.db"))
    assert said.startswith("/data/afterview.db is damaged (SQLite says: database disk image is malformed); restore ")
    # PostgreSQL's "malformed" is about a value, not the database: not called damaged
    said = str(storage_error(Exception('malformed array literal: "x"'), "postgresql://db/x"))
    assert said == 'database error on postgresql://db/x: malformed array literal: "x"'


def test_a_sound_database_is_exported_as_before(tmp_path):
    path = tmp_path / "afterview.db"
    _demo(path)
    exported = afterview("--db", str(path), "export", str(tmp_path / "out.json"))
    assert exported.code == 0, exported.err
    restored = afterview("--db", str(tmp_path / "new.db"), "import", str(tmp_path / "out.json"))
    assert restored.code == 0, restored.err
