"""After an upgrade, each refusal gives its way on (found by a tester upgrading a career
centre): `--version` names the schema and the backup version it knows, a database from a newer
Afterview is compared with them, an upgrade refused for a broken row says how to go on, and an
import into a PostgreSQL database that is not empty suggests a new schema there, not a file."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa

from afterview import __version__
from afterview.services.backup import VERSION
from afterview.storage.migrations import KNOWN
from tests.helpers import afterview, assert_clean_error

OLD = Path(__file__).parent / "data" / "afterview-0001.db"  # schema 0001 (see test_ids)


def test_version_names_the_schema_and_the_backup_version_it_knows():
    said = afterview("--version")
    assert said.code == 0 and said.err == ""
    assert said.out == f"afterview {__version__} (database schema {KNOWN[-1]}, backups up to version {VERSION})\n"
    assert KNOWN[-1] == "0005_companies_former_names" and VERSION == 7  # as docs/storage.md says them
    # the process itself, as a user runs it (and a command after it is not run)
    done = subprocess.run([sys.executable, "-m", "afterview", "--version", "company", "list"], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0 and done.stdout == said.out and done.stderr == ""


def test_a_database_from_a_newer_afterview_is_compared_with_what_this_one_knows(tmp_path):
    path = tmp_path / "new.db"
    assert afterview("--db", str(path), "company", "add", "Acme").code == 0
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO afterview_migrations VALUES ('0004_future', '2030-01-01 00:00:00')")
    assert_clean_error(afterview("--db", str(path), "company", "list"),
                       f"was written by a newer version of Afterview (schema 0004_future; this one knows up to "
                       f"{KNOWN[-1]}); upgrade Afterview to open it")


def _old_with_a_broken_row(tmp_path) -> Path:
    path = tmp_path / "old copy.db"  # a space in the name: the command it suggests quotes it
    shutil.copy(OLD, path)
    with sqlite3.connect(path) as conn:  # foreign keys are off in a plain connection
        conn.execute("INSERT INTO debriefs (id, interview_id, person_id) VALUES (9, 77, 1)")
    return path


def test_an_upgrade_refused_for_a_broken_row_says_the_ways_on(tmp_path):
    path = _old_with_a_broken_row(tmp_path)
    refused = afterview("--db", str(path), "company", "list")
    assert_clean_error(refused)
    line = refused.error_line
    assert line.startswith(f"afterview: error: cannot upgrade {path}: table debriefs row 9 refers to a missing "
                           "interviews record (its interview_id); the database was left as it was. ")
    assert ("The Afterview that wrote it (database schema 0001_initial) still opens it, and `afterview export` "
            "there keeps a backup; to upgrade, mend or remove that row first, a copy of the file kept") in line
    # the command it gives shows that row
    command = shlex.split(re.search(r"\((sqlite3 .*) shows it\)$", line).group(1))
    assert command[:2] == ["sqlite3", str(path)]
    with sqlite3.connect(path) as conn:
        assert conn.execute(command[2]).fetchall() == [conn.execute("SELECT * FROM debriefs WHERE id = 9").fetchone()]
        assert conn.execute("SELECT name FROM afterview_migrations").fetchall() == [("0001_initial",)]
        conn.execute("UPDATE debriefs SET interview_id = 1 WHERE rowid = 9")  # mended as docs/storage.md says
    assert afterview("--db", str(path), "company", "list").code == 0  # then it upgrades


def test_a_backup_with_the_broken_row_is_refused_by_import_at_that_record(tmp_path):
    """What docs/storage.md says of the other way: the backup names the same record to mend.
    Such a backup is one an older Afterview wrote (this one refuses to export the broken row:
    tests/foundation/test_copy_damaged.py): the document as that one wrote it."""
    path = tmp_path / "current.db"
    assert afterview("--db", str(path), "demo").code == 0
    backup = tmp_path / "backup.json"
    assert afterview("--db", str(path), "export", str(backup)).code == 0
    document = json.loads(backup.read_text())
    document["debriefs"][0]["interview_id"] = 77  # as the broken row is exported
    backup.write_text(json.dumps(document))
    assert_clean_error(afterview("--db", str(tmp_path / "new.db"), "import", str(backup)),
                       "debriefs[0].interview_id: no interview 77 in this export")


def test_import_into_a_database_that_is_not_empty_suggests_a_new_file_on_sqlite(tmp_path):
    path = tmp_path / "full.db"
    assert afterview("--db", str(path), "company", "add", "Acme").code == 0
    backup = tmp_path / "backup.json"
    assert afterview("--db", str(path), "export", str(backup)).code == 0
    assert_clean_error(afterview("--db", str(path), "import", str(backup)),
                       "the database is not empty: import into a new one (--db new.db) to avoid mixing data")


def test_import_into_a_database_that_is_not_empty_suggests_a_new_schema_on_postgresql(pg_url, tmp_path):
    url = pg_url + "?options=-csearch_path%3Dseeker_042"
    engine = sa.create_engine(pg_url)
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE SCHEMA seeker_042")
    assert afterview("--db", url, "company", "add", "Acme").code == 0
    backup = tmp_path / "backup.json"
    assert afterview("--db", url, "export", str(backup)).code == 0
    refused = afterview("--db", url, "import", str(backup))
    assert_clean_error(refused)
    role = sa.make_url(pg_url).username
    suggested = pg_url + "?options=-csearch_path%3Dnew_schema"
    assert refused.error_line == (
        f"afterview: error: the database is not empty: import into a new, empty schema (CREATE SCHEMA new_schema "
        f"AUTHORIZATION {role}; then afterview --db {shlex.quote(suggested)} import ...) or a new database "
        "(docs/storage.md) to avoid mixing data")
    assert "--db new.db" not in refused.err
    # the way it gives works: that schema made, the backup goes into it
    with engine.begin() as conn:
        conn.exec_driver_sql(f"CREATE SCHEMA new_schema AUTHORIZATION {role}")
    engine.dispose()
    restored = afterview("--db", suggested, "import", str(backup))
    assert restored.code == 0, restored.err
    assert restored.out.startswith("imported 1 company")
    assert "Acme" in afterview("--db", suggested, "company", "list").out
