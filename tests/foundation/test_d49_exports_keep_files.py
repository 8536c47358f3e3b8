"""`csv export -o FILE`, `vcard export -o FILE` and `calendar export -o FILE` keep an existing
file unless --force, in the words `send --eml FILE` refuses one with, before any work (nothing
written, nothing remembered); --force replaces it, and goes with -o FILE only."""

from __future__ import annotations

import json

import pytest

from tests.helpers import afterview, assert_clean_error

AT = "2026-11-26 10:00 America/New_York"
EXPORTS = [("csv", "export", "people"), ("vcard", "export"), ("calendar", "export")]


@pytest.fixture
def db(tmp_path):
    path = str(tmp_path / "afterview.db")

    def run(*args):
        return afterview("--db", path, "--at", AT, *args)

    for args in (["opportunity", "add", "--company", "Northwind", "--role", "Data Engineer"],
                 ["person", "add", "Priya Raman", "--email", "priya@northwind.example", "--company", "Northwind"],
                 ["interview", "add", "--opportunity", "1", "--start", "2026-11-25 13:30", "--with", "Priya"]):
        assert run(*args).code == 0, args
    run.path = path
    return run


@pytest.mark.parametrize("command", EXPORTS, ids=lambda c: c[0])
def test_an_existing_file_is_kept_unless_force(db, tmp_path, command):
    target = tmp_path / "precious.txt"
    target.write_text("my own notes\n")
    refused = db(*command, "-o", str(target))
    assert_clean_error(refused, f"{target} already exists: it was not replaced (give another name, or add --force "
                                "to replace it)")
    assert target.read_text() == "my own notes\n"
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".afterview-")]  # no temporary file left
    replaced = db(*command, "-o", str(target), "--force")
    assert replaced.code == 0, replaced.err
    assert target.read_text() != "my own notes\n"


@pytest.mark.parametrize("command", EXPORTS, ids=lambda c: c[0])
def test_a_new_file_needs_no_force_and_force_needs_a_file(db, tmp_path, command):
    target = tmp_path / "out.txt"
    written = db(*command, "-o", str(target))
    assert written.code == 0, written.err
    assert target.stat().st_size > 0
    assert_clean_error(db(*command, "--force"), "--force goes with -o FILE")


def test_a_refused_calendar_export_remembers_nothing(db, tmp_path):
    target = tmp_path / "due.ics"
    target.write_text("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    assert_clean_error(db("calendar", "export", "-o", str(target)), "already exists")
    backup = tmp_path / "backup.json"
    assert db("export", str(backup)).code == 0
    assert "exports.calendar" not in json.loads(backup.read_text()).get("state", {})


def test_send_eml_refuses_in_the_same_words(db, tmp_path):
    assert db("profile", "set", "--name", "Alex Morgan", "--email", "alex@mail.example").code == 0
    assert db("debrief", "1", "--person", "Priya", "--topic", "the team").code == 0
    assert db("draft", "--interview", "1", "--no-ask").code == 0
    target = tmp_path / "note.eml"
    target.write_text("mine\n")
    eml = db("send", "1", "--eml", str(target), "--despite-errors")
    calendar = db("calendar", "export", "-o", str(target))
    assert eml.error_line.split(": ", 2)[2] == calendar.error_line.split(": ", 2)[2]
