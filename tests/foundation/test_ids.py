"""Ids are never handed out twice, and a database from before that rule is upgraded in place.

`data/afterview-0001.db` was written by the release before migration 0002 (schema 0001): Dana
and Sam at Acme, interview 1 (thank-you marked done, debriefed) and interview 2 (both
thank-yous skipped as "entered twice", then deleted), and one achievement.
"""

import shutil
import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from afterview.domain import model as m
from afterview.errors import StorageError
from afterview.storage import migrations, open_store
from tests.helpers import afterview, assert_clean_error

OLD = Path(__file__).parent / "data" / "afterview-0001.db"
T0 = datetime(2026, 11, 23, 10, 0, tzinfo=timezone.utc)
TABLES = ["companies", "opportunities", "people", "interviews", "participants", "debriefs", "messages",
          "inbound", "feedback", "news", "decisions", "afterview_state"]


def _interview(tx, opp_id, person_id):
    return tx.add(m.Interview(opportunity_id=opp_id, start=T0, end=T0 + timedelta(hours=1), timezone="UTC",
                              participants=[m.Participant(person_id=person_id)]))


def test_the_newest_record_deleted_leaves_its_id_unused(store):
    with store.transaction() as tx:
        company = tx.add(m.Company(name="Acme"))
        opp = tx.add(m.Opportunity(company_id=company.id, role="Data Engineer"))
        dana = tx.add(m.Person(name="Dana Ruiz"))
        first = _interview(tx, opp.id, dana.id)
        sam = tx.add(m.Person(name="Sam Ortiz"))
    with store.transaction() as tx:
        tx.delete(m.Interview, first.id)
        tx.delete(m.Person, sam.id)
    with store.transaction() as tx:
        assert _interview(tx, opp.id, dana.id).id > first.id
        assert tx.add(m.Person(name="Kim Lee")).id > sam.id


def _copy_of_old(tmp_path) -> Path:
    path = tmp_path / "old.db"
    shutil.copy(OLD, path)
    return path


def _rows(path) -> dict[str, list]:
    with sqlite3.connect(path) as conn:
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in TABLES}


def test_an_old_database_is_upgraded_with_every_row_and_index_kept(tmp_path):
    path = _copy_of_old(tmp_path)
    before = _rows(path)
    with sqlite3.connect(path) as conn:
        indexes = sorted(r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='index'"))
    assert before["debriefs"] and before["participants"] and before["decisions"]  # the file is what it says

    store = open_store(f"sqlite:///{path}")
    with store.engine.connect() as conn:
        assert migrations.applied(conn) == migrations.KNOWN
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1  # on again after the rebuild
    store.close()

    after = _rows(path)
    # the identity the database records when first opened (storage.store._check_identity)
    after["afterview_state"] = [row for row in after["afterview_state"] if row[0] != "identity"]
    # 0003 added a column for a decision taken back: empty on every decision the old file held
    assert [row[-1] for row in after["decisions"]] == [None] * len(before["decisions"])
    after["decisions"] = [row[:-1] for row in after["decisions"]]
    # 0004 added how a person is greeted: empty for everyone the old file held
    assert [row[-1] for row in after["people"]] == [None] * len(before["people"])
    after["people"] = [row[:-1] for row in after["people"]]
    # 0005 added the names a company went by: none for every company the old file held
    assert [row[-1] for row in after["companies"]] == [None] * len(before["companies"])
    after["companies"] = [row[:-1] for row in after["companies"]]
    assert after == before
    with sqlite3.connect(path) as conn:
        assert sorted(r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='index'")) == indexes
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        tables = dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type='table'").fetchall())
        for table in ("companies", "opportunities", "people", "interviews", "debriefs", "messages", "inbound",
                      "feedback", "news", "decisions"):
            assert "AUTOINCREMENT" in tables[table], table
        # counters start past every id held, and past the ids the old decisions name (interview 2)
        assert dict(conn.execute("SELECT name, seq FROM sqlite_sequence").fetchall())["interviews"] == 2


def test_after_the_upgrade_a_new_interview_is_thanked_not_taken_for_the_deleted_one(tmp_path):
    # Before 0002 the new interview got id 2, and the two "skip thank_you:i2:..." decisions of
    # the deleted interview silently covered it: nothing was due.
    path = _copy_of_old(tmp_path)

    def run(*args):
        return afterview("--db", str(path), "--at", "2026-11-24T09:00:00+00:00", *args)

    added = run("interview", "add", "--opportunity", "1", "--start", "2026-11-23 10:30",
                "--with", "dana@acme.example", "--with", "sam@acme.example")
    assert added.code == 0, added.err
    assert "added interview 3" in added.out
    today = run("today")
    assert "thank_you:i3:p1" in today.out and "thank_you:i3:p2" in today.out
    assert "thank_you:i2" not in today.out
    assert run("interview", "delete", "3", "--yes").code == 0
    assert "added interview 4" in run("interview", "add", "--opportunity", "1", "--start", "2026-11-23 10:30",
                                      "--with", "dana@acme.example").out


def test_a_failed_upgrade_leaves_the_database_as_it_was(tmp_path, monkeypatch):
    path = _copy_of_old(tmp_path)
    before = _rows(path)
    with sqlite3.connect(path) as conn:
        schema_before = conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()

    rebuilt = []
    real = migrations._rebuild

    def fail_midway(conn, table):
        if len(rebuilt) == 3:
            conn.exec_driver_sql("SELECT * FROM a_table_that_is_not_there")  # fails as a driver error would
        real(conn, table)
        rebuilt.append(table.name)

    monkeypatch.setattr(migrations, "_rebuild", fail_midway)
    with pytest.raises(StorageError, match="a_table_that_is_not_there"):
        open_store(f"sqlite:///{path}")
    assert len(rebuilt) == 3  # three tables were made again before the failure: all undone
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall() == schema_before
        assert conn.execute("SELECT name FROM afterview_migrations").fetchall() == [("0001_initial",)]
    assert _rows(path) == before


def test_an_old_database_with_a_broken_reference_is_refused_untouched(tmp_path):
    path = _copy_of_old(tmp_path)
    with sqlite3.connect(path) as conn:  # foreign keys are off in a plain connection
        conn.execute("INSERT INTO debriefs (id, interview_id, person_id) VALUES (9, 77, 1)")
    before = _rows(path)
    result = afterview("--db", str(path), "company", "list")
    assert_clean_error(result, "cannot upgrade")
    assert "debriefs" in result.err
    assert _rows(path) == before
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT name FROM afterview_migrations").fetchall() == [("0001_initial",)]


def test_a_restored_backup_keeps_deleted_ids_unused(db_url, tmp_path):
    """A backup taken after interview 2 was deleted (its skipped thank-yous still name it) and
    restored elsewhere: the next interview is 3, on SQLite and PostgreSQL."""
    import json

    from afterview.services.backup import export_document, import_document

    path = _copy_of_old(tmp_path)
    old = open_store(f"sqlite:///{path}")
    with old.transaction() as tx:
        document = json.loads(json.dumps(export_document(tx), default=str))
    old.close()
    assert [i["id"] for i in document["interviews"]] == [1]
    restored = open_store(db_url)
    with restored.transaction() as tx:
        import_document(tx, document)
    with restored.transaction() as tx:
        assert _interview(tx, 1, 1).id == 3
        assert tx.add(m.Company(name="Globex")).id == 2
    restored.close()
