"""Upgrades said, with a copy kept (found by a tester of upgrades and moves).

- Opening a database an older Afterview wrote applied the migrations without a word, and the
  older Afterview then refused it. Now one line says it was upgraded, from which schema to which,
  that older versions can no longer open it, and, on SQLite, where a copy of it as it was is
  kept (beside it, private); that copy, opened, is a copy: its notes on their way come back as
  drafts. A copy that cannot be kept (a full disk) refuses the upgrade, the database as it was.
- An older database on a read-only disk was "cannot open ...: the folder is missing or not
  writable". Now a command that only reads upgrades it in memory and reads it, the file left as
  it was; one that writes is told it is from an older Afterview and must be upgraded, which
  writes, and how to go on.

`data/afterview-0004-before-identity.db`: see test_d18_copies_and_rollbacks. The read-only and
full places are real: a tmpfs mounted in a mount namespace of its own (`unshare -m`, as root)."""

from __future__ import annotations

import gc
import json
import os
import shlex
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest
import sqlalchemy as sa

from afterview.domain import model as m
from afterview.storage import open_store
from afterview.storage.migrations import KNOWN

from tests.helpers import afterview

OLD = Path(__file__).parent / "data" / "afterview-0004-before-identity.db"
BEFORE = "0004_people_greet_as"
AT = "2026-11-26T15:00:00Z"


def _rows(db: Path) -> list[str]:
    """The records of a database, read without changing it (its identity entry left out)."""
    with closing(sqlite3.connect(f"file:{db}?immutable=1", uri=True)) as conn:
        return sorted(line for line in conn.iterdump()
                      if line.startswith("INSERT") and "'identity'" not in line)


def _files(folder: Path) -> list[str]:
    """What the folder holds once the commands run in this process have closed their
    connections, as a process that ends closes them (SQLite then removes its -wal and -shm)."""
    gc.collect()
    return sorted(p.name for p in folder.iterdir())


def test_an_upgrade_is_said_and_keeps_a_copy_as_it_was(tmp_path):
    db = tmp_path / "afterview.db"
    shutil.copy(OLD, db)
    before = _rows(db)
    opened = afterview("--db", str(db), "--at", AT, "company", "list")
    assert opened.code == 0, opened.err
    kept = tmp_path / f"afterview.schema-{BEFORE}.db"
    assert opened.err.splitlines()[0] == (
        f"afterview: warning: upgraded {db} from database schema {BEFORE} to {KNOWN[-1]}: older Afterview versions "
        f"can no longer open it; a copy of it as it was is kept at {kept} (for the Afterview that wrote it; opened, "
        "it is a copy: what it had on its way comes back as drafts)")
    assert kept.stat().st_mode & 0o777 == 0o600
    assert _rows(kept) == before  # as it was: its schema and every record
    with closing(sqlite3.connect(kept)) as conn:
        assert [name for (name,) in conn.execute("SELECT name FROM afterview_migrations ORDER BY name")][-1] == BEFORE
        identity = json.loads(conn.execute("SELECT value FROM afterview_state WHERE key = 'identity'").fetchone()[0])
    assert (identity["path"], identity["inode"]) == (str(db.resolve()), db.stat().st_ino)  # it names the original
    again = afterview("--db", str(db), "--at", AT, "company", "list")
    assert again.code == 0 and again.err == ""  # said once
    assert _files(tmp_path) == ["afterview-home", "afterview.db", kept.name]


def test_the_copy_kept_before_an_upgrade_is_a_copy_when_opened(tmp_path):
    db = tmp_path / "afterview.db"
    shutil.copy(OLD, db)
    assert afterview("--db", str(db), "--at", AT, "company", "list").code == 0
    kept = tmp_path / f"afterview.schema-{BEFORE}.db"
    opened = afterview("--db", str(kept), "--at", AT, "drafts")
    assert opened.code == 0, opened.err
    assert (f"afterview: warning: this database is a copy of {db.resolve()}: 2 approved or scheduled messages came "
            "back as drafts, so that a copy never sends what the original may have sent") in opened.err
    store = open_store(f"sqlite:///{kept}")
    try:
        with store.reading() as tx:
            assert {message.id: message.state for message in tx.list(m.Message)}[3] == m.MessageState.DRAFTED
    finally:
        store.close()


def test_a_current_database_is_not_copied_and_nothing_is_said(tmp_path):
    db = tmp_path / "afterview.db"
    assert afterview("--db", str(db), "company", "add", "Acme").code == 0
    again = afterview("--db", str(db), "company", "list")
    assert again.code == 0 and again.err == ""
    assert _files(tmp_path) == ["afterview-home", "afterview.db"]


def test_an_upgrade_on_a_server_is_said(pg_url):
    """PostgreSQL: said the same way; no copy is kept there (a server's own tools keep them)."""
    open_store(pg_url).close()
    engine = sa.create_engine(pg_url)
    with engine.begin() as conn:  # as the Afterview before migration 0005 left it
        conn.exec_driver_sql("DELETE FROM afterview_migrations WHERE name = '0005_companies_former_names'")
        conn.exec_driver_sql("ALTER TABLE companies DROP COLUMN former_names")
    engine.dispose()
    store = open_store(pg_url)
    store.close()
    assert store.notices == [f"upgraded {store.where} from database schema {BEFORE} to {KNOWN[-1]}: older Afterview "
                             "versions can no longer open it"]
    again = open_store(pg_url)
    again.close()
    assert again.notices == []


# --- places that cannot be written ------------------------------------------------------------

def _in_a_place(tmp_path: Path, how: str, commands: list[list[str]]) -> list[tuple[int, str, str]]:
    """The older database in a tmpfs of its own, the place made `how` ("read-only": mounted again
    read-only; "full": room for the database, its -wal and -shm files, but not for a copy of it),
    then each command run on it: (exit status, stdout, stderr) of each. The file's digest before
    and after, and what the place holds at the end, in tmp_path/out."""
    if shutil.which("unshare") is None:
        pytest.fail("these tests need `unshare` (Debian package util-linux) to mount a real read-only or full disk")
    place, out = tmp_path / "place", tmp_path / "out"
    place.mkdir()
    out.mkdir()
    db = shlex.quote(str(place / "afterview.db"))
    python = shlex.quote(sys.executable)
    free = 100 * 1024  # bytes left: enough for a -shm file (32 KiB) and a little -wal, not a copy (150 KiB)
    make = (f"mount -o remount,ro {shlex.quote(str(place))}" if how == "read-only" else
            f"dd if=/dev/zero of={shlex.quote(str(place / 'filler'))} bs=1024 "
            f"count=$(( ($(stat -f -c '%a*%S' {shlex.quote(str(place))}) - {free}) / 1024 )) 2>/dev/null")
    files = {n: {kind: shlex.quote(str(out / f"{n}.{kind}")) for kind in ("out", "err", "rc")}
             for n in range(len(commands))}
    script = "\n".join([
        "set -e", f"mount -t tmpfs -o size=1m tmpfs {shlex.quote(str(place))}",
        f"cp {shlex.quote(str(OLD))} {db}", make, f"sha256sum < {db} > {shlex.quote(str(out / 'before'))}",
        "set +e"]) + "\n" + "\n".join(
        f"{python} -m afterview --db {db} {shlex.join(command)} > {files[n]['out']} 2> {files[n]['err']}; "
        f"echo $? > {files[n]['rc']}" for n, command in enumerate(commands)) + "\n" + "\n".join([
        f"sha256sum < {db} > {shlex.quote(str(out / 'after'))}",
        f"ls {shlex.quote(str(place))} > {shlex.quote(str(out / 'files'))}"])
    done = subprocess.run(["unshare", "-m", "sh", "-c", script], env=dict(os.environ, AFTERVIEW_AT=AT),
                          capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        pytest.fail(f"these tests need root and `unshare -m` to mount a tmpfs: {done.stderr.strip()}")
    return [(int((out / f"{n}.rc").read_text()), (out / f"{n}.out").read_text(), (out / f"{n}.err").read_text())
            for n in range(len(commands))]


@pytest.mark.parametrize("how, why", [
    ("read-only", "its folder is not writable"),
    ("full", "the disk is full"),
])
def test_an_older_database_that_cannot_be_written_is_read_and_refused_as_older(how, why, tmp_path):
    backup = tmp_path / "backup.json"
    today, exported, drafts, added = _in_a_place(tmp_path, how, [
        ["today"], ["export", str(backup)], ["drafts"], ["company", "add", "Acme"]])
    db = tmp_path / "place" / "afterview.db"
    read = (f"afterview: warning: {db} was written by an older Afterview (database schema {BEFORE}) and cannot be "
            f"written ({why}), so it cannot be upgraded: it was read into memory and upgraded there, which is enough "
            "for this command; the file is left as it was")
    for code, out, err in (today, exported, drafts):
        assert code == 0 and err.splitlines()[0] == read, (code, out, err)
    assert "Tom Becker" in drafts[1]
    document = json.loads(backup.read_text())
    assert document["format"] == "afterview-export" and len(document["messages"]) == 4
    code, out, err = added
    assert code == 2 and len(err.splitlines()) == 1 and "Traceback" not in err, err
    assert err.startswith(
        f"afterview: error: {db} was written by an older Afterview (database schema {BEFORE}): this one must first "
        f"upgrade it to {KNOWN[-1]}, which writes to it and keeps a copy of it as it was beside it, and it cannot be "
        f"written ({why}); "), err
    assert f"copy it to a folder you can write (cp {db} FOLDER/) and use that copy" in err
    assert ("free some space" in err) == (how == "full")
    out = tmp_path / "out"
    assert (out / "before").read_text() == (out / "after").read_text()  # the file as it was
    assert sorted((out / "files").read_text().split()) == sorted(["afterview.db"] + (["filler"] if how == "full" else []))
