"""The file keeping the results of sends a SQLite database could not record (`afterview.db-unrecorded`)
is handled with the database as the other files beside it are: yours alone, and removed with a
database that an opening made and gave up."""

import stat

from afterview.services import delivery
from afterview.storage import store as storage
from afterview.storage.store import open_store


def test_the_unrecorded_file_is_the_one_the_outbox_keeps(tmp_path):
    db = tmp_path / "afterview.db"
    opened = open_store(f"sqlite:///{db}")
    try:
        assert delivery.unrecorded_path(opened) == storage.unrecorded_path(db) == tmp_path / "afterview.db-unrecorded"
        assert delivery.UNRECORDED_SUFFIX == storage.UNRECORDED_SUFFIX
    finally:
        opened.close()


def test_an_unrecorded_file_readable_by_others_becomes_yours_alone(tmp_path):
    db = tmp_path / "afterview.db"
    open_store(f"sqlite:///{db}").close()
    kept = storage.unrecorded_path(db)
    kept.write_text('{"id": 1, "state": "sent"}\n', encoding="utf-8")
    kept.chmod(0o644)  # copied with the database, or made with the umask's mode
    open_store(f"sqlite:///{db}").close()
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert kept.read_text(encoding="utf-8") == '{"id": 1, "state": "sent"}\n'  # kept, not emptied


def test_a_database_given_up_when_made_takes_its_unrecorded_file_with_it(tmp_path):
    db = tmp_path / "afterview.db"
    made = open_store(f"sqlite:///{db}")
    assert made.created is not None
    storage.unrecorded_path(db).write_text("{}\n", encoding="utf-8")
    made.discard_created()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("afterview.db")) == []


def test_a_folder_where_the_file_of_results_goes_is_no_traceback(tmp_path):
    """A folder named as the file of results kept aside (afterview.db-unrecorded) is nothing kept:
    reading it records nothing and raises nothing; keeping a result there says it could not."""
    from afterview.services import delivery

    folder = tmp_path / "afterview.db-unrecorded"
    folder.mkdir()
    with delivery._journal(folder, create=False) as fd:
        assert fd is None
    try:
        with delivery._journal(folder, create=True):
            raise AssertionError("a folder was opened as the file")
    except OSError:
        pass
