"""A database that cannot grow (a full disk) is said as such, and loses nothing already there.

SQLite's own page limit (PRAGMA max_page_count) makes it answer a write exactly as it does on a
full disk ("database or disk is full", SQLITE_FULL), without filling a real disk."""

import pytest

from afterview.domain.model import Company
from afterview.errors import StorageError
from afterview.storage import open_store
from afterview.storage.store import storage_error


def test_a_full_database_says_the_disk_is_full_and_keeps_what_it_had(tmp_path):
    db = tmp_path / "afterview.db"
    store = open_store(f"sqlite:///{db}")
    with store.transaction() as tx:
        tx.add(Company(name="Acme"))
    with pytest.raises(StorageError) as caught:
        with store.transaction() as tx:
            pages = tx.connection.exec_driver_sql("PRAGMA page_count").scalar()
            tx.connection.exec_driver_sql(f"PRAGMA max_page_count = {pages}")
            for number in range(500):
                tx.add(Company(name=f"Company {number} " + "x" * 400))
    store.close()
    assert str(caught.value) == f"cannot write {db}: the disk is full; free some space, then try again"
    assert caught.value.what == f"cannot write {db}: the disk is full"
    reopened = open_store(f"sqlite:///{db}")
    with reopened.transaction() as tx:
        assert [c.name for c in tx.list(Company)] == ["Acme"]  # nothing half-written
    reopened.close()


@pytest.mark.parametrize("text, said", [
    ("disk I/O error", "cannot write X: the disk reported an error (full, removed or failing); free some space or "
                       "check the disk, then try again"),
    ('could not extend file "base/16384/2619": No space left on device', "cannot write X: the disk is full; free "
                                                                          "some space, then try again"),
    ("database is locked", "X is busy: another Afterview program (the desk, the worker, a command) has been changing "
                           "it for a while; try again in a moment"),
])
def test_driver_words_for_a_disk_that_cannot_take_more(text, said):
    import sqlite3

    assert str(storage_error(sqlite3.OperationalError(text), "X")) == said
