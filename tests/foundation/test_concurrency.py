"""Several processes on one database: writers take turns, readers wait for none of them.

Found by a career-centre tester on PostgreSQL (and true of SQLite too): each use case checks and
then writes, so two commands run at once both found nothing and both wrote: two debriefs for one
interviewer (the later additions going to the one the note did not use), two copies of one
calendar import, two drafts of one thank-you (both sent). Writers now run one at a time per
database (Store.transaction); these tests check that on the real SQLite file and PostgreSQL.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time

import sqlalchemy as sa

from afterview.domain.model import Company
from afterview.storage import open_store
from afterview.storage.schema import metadata

AFTERVIEW = [sys.executable, "-m", "afterview"]


def _names(store) -> list[str]:
    with store.reading() as tx:
        return sorted(c.name for c in tx.list(Company))


def test_two_writers_that_check_then_write_take_turns(db_url):
    first, second = open_store(db_url), open_store(db_url)  # two processes' stores, as it were
    checked = threading.Event()
    errors: list[BaseException] = []

    def count_then_add(store, wait_first: bool) -> None:
        try:
            if wait_first:
                checked.wait(5)
            with store.transaction() as tx:
                n = len(tx.list(Company))  # the check ...
                if not wait_first:
                    checked.set()
                    time.sleep(0.4)  # ... the other writer comes now
                tx.add(Company(name=f"company {n}"))  # ... and the write
        except BaseException as err:  # reported below
            errors.append(err)

    threads = [threading.Thread(target=count_then_add, args=(first, False)),
               threading.Thread(target=count_then_add, args=(second, True))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    assert not errors, errors
    # interleaved, both would have counted 0 companies and both added "company 0"
    assert _names(first) == ["company 0", "company 1"]
    first.close()
    second.close()


def test_a_reader_neither_waits_for_a_writer_nor_sees_half_its_work(db_url):
    writer, reader = open_store(db_url), open_store(db_url)
    with writer.transaction() as tx:
        tx.add(Company(name="Acme"))
    inside, read = threading.Event(), threading.Event()
    seen: list[list[str]] = []

    def write() -> None:
        with writer.transaction() as tx:
            tx.add(Company(name="Globex"))
            inside.set()
            # the reader must finish while this transaction is still open
            assert read.wait(10), "the reader waited for the writer"
            tx.add(Company(name="Initech"))

    thread = threading.Thread(target=write)
    thread.start()
    assert inside.wait(10)
    seen.append(_names(reader))
    read.set()
    thread.join(20)
    assert seen == [["Acme"]]  # nothing of the open transaction
    assert _names(reader) == ["Acme", "Globex", "Initech"]
    writer.close()
    reader.close()


def test_the_revision_moves_with_each_transaction_that_writes_on_postgresql(pg_url):
    store, other = open_store(pg_url), open_store(pg_url)
    before = store.revision()
    with other.transaction() as tx:
        tx.list(Company)  # a transaction that only read
    assert store.revision() == before
    with other.transaction() as tx:
        tx.add(Company(name="Acme"))
    after = store.revision()
    assert after is not None and after != before
    with other.transaction() as tx:  # a write by a statement of its own, not through Tx.add
        tx.connection.execute(sa.update(metadata.tables["companies"]).values(name="Acme Corp"))
    assert store.revision() not in (before, after)
    store.close()
    other.close()


def test_the_revision_is_none_on_sqlite(tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 'a.db'}")
    with store.transaction() as tx:
        tx.add(Company(name="Acme"))
    assert store.revision() is None  # the desk watches the file instead
    store.close()


def _afterview(db_url: str, home, *args: str) -> subprocess.Popen:
    env = dict(os.environ, AFTERVIEW_HOME=str(home))
    return subprocess.Popen([*AFTERVIEW, "--db", db_url, *args], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def _run(db_url: str, home, *args: str) -> str:
    process = _afterview(db_url, home, *args)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    return out


def _one_interview(db_url: str, tmp_path, name: str, email: str):
    """Interview 1 of opportunity 1 at Initech, with `name` alone on its panel; the home folder."""
    home = tmp_path / "home"
    _run(db_url, home, "opportunity", "add", "--company", "Initech", "--role", "Data Engineer")
    _run(db_url, home, "person", "add", name, "--email", email)
    _run(db_url, home, "interview", "add", "--opportunity", "1", "--start", "2026-12-01 10:00 UTC",
         "--duration", "1h", "--with", name)
    return home


def test_debriefs_run_at_once_make_one_card_with_every_topic(db_url, tmp_path):
    # the tester's case: parallel debriefs of one interviewer gave two cards, and lost topics
    home = _one_interview(db_url, tmp_path, "Dina Race", "dina@initech.test")
    topics = ["data contracts", "team offsites", "on-call rotation", "schema evolution"]
    running = [_afterview(db_url, home, "debrief", "1", "--person", "Dina", "--topic", topic) for topic in topics]
    for process in running:
        _, err = process.communicate(timeout=60)
        assert process.returncode == 0, err
    shown = json.loads(_run(db_url, home, "interview", "show", "1", "--json"))
    (card,) = shown["debriefs"]
    assert sorted(card["topics"]) == sorted(topics)


def test_the_same_note_drafted_at_once_is_drafted_once(db_url, tmp_path):
    home = _one_interview(db_url, tmp_path, "Hank Hill", "hank@initech.test")
    _run(db_url, home, "debrief", "1", "--person", "Hank", "--topic", "incident reviews")
    at = ("--at", "2026-12-01 13:00 UTC")
    running = [_afterview(db_url, home, *at, "draft", "thank_you:i1:p1") for _ in range(3)]
    for process in running:
        process.communicate(timeout=60)
    drafts = json.loads(_run(db_url, home, *at, "drafts", "--json"))
    assert [d["action"] for d in drafts] == ["thank_you:i1:p1"]
