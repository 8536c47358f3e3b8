"""A database named with --db is never made up by a command that only reads, nor in a folder
that does not exist: a mistyped path must not answer "Nothing is due right now"."""

from __future__ import annotations

import os

import pytest

from afterview.config import paths

from tests.helpers import afterview, assert_clean_error

READERS = [
    ["today"], ["agenda"], ["plan"], ["why", "thank_you:i1:p1"], ["timeline", "--opportunity", "1"],
    ["person", "list"], ["person", "show", "1"], ["interview", "list"], ["interview", "show", "1"], ["company", "list"], ["company", "show", "1"],
    ["opportunity", "list"], ["opportunity", "show", "1"], ["news", "list"], ["profile", "show"],
    ["drafts"], ["show", "1"], ["export"], ["calendar", "export"], ["csv", "export", "people"],
    ["vcard", "export"],
]


@pytest.mark.parametrize("command", READERS, ids=lambda c: " ".join(c))
def test_a_command_that_only_reads_never_creates_the_named_database(tmp_path, command):
    folder = tmp_path / "jobs"
    folder.mkdir()
    typo = folder / "afterveiw.db"
    result = afterview("--db", str(typo), *command)
    assert_clean_error(result, f"no database at {typo}", "check the path")
    assert not typo.exists()
    assert os.listdir(folder) == []  # no -wal, -shm or journal either


def test_a_missing_folder_is_never_created(tmp_path):
    wrong = tmp_path / "jobs-2O27" / "av.db"
    for command in (["company", "add", "Acme"], ["today"], ["demo"]):
        assert_clean_error(afterview("--db", str(wrong), *command), f"no folder {wrong.parent}", "check --db")
        assert not wrong.parent.exists()
    assert_clean_error(afterview("company", "add", "Acme", env={"AFTERVIEW_DB": str(wrong)}), "no folder")
    assert not wrong.parent.exists()


def test_the_first_command_that_writes_creates_it_then_readers_use_it(tmp_path):
    db = tmp_path / "av.db"
    added = afterview("--db", str(db), "company", "add", "Acme")
    assert added.code == 0, added.err
    assert db.exists()
    listed = afterview("--db", str(db), "company", "list")
    assert listed.code == 0 and "Acme" in listed.out


def test_the_default_database_is_created_on_first_use():
    default = paths().default_db
    assert not default.exists()
    result = afterview("today")
    assert result.code == 0, result.err
    assert "Nothing is due right now" in result.out
    assert default.exists()


def test_an_empty_db_option_or_variable_never_means_the_default_database(tmp_path, monkeypatch):
    # Found by a tester: `--db ""` (or AFTERVIEW_DB set to nothing, an empty variable in a script)
    # wrote into the default database, the user's real data.
    home = tmp_path / "home"
    monkeypatch.setenv("AFTERVIEW_HOME", str(home))
    assert_clean_error(afterview("--db", "", "company", "add", "Acme"), "--db is empty", "leave --db out")
    assert_clean_error(afterview("--db", "  ", "today"), "--db is empty")
    assert_clean_error(afterview("company", "add", "Acme", env={"AFTERVIEW_DB": ""}),
                       "AFTERVIEW_DB is set but empty", "unset it")
    assert not (home / "afterview.db").exists()
    named = tmp_path / "named.db"  # a --db given wins over the empty variable
    assert afterview("--db", str(named), "company", "add", "Acme", env={"AFTERVIEW_DB": ""}).code == 0
