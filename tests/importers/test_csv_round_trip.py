"""`afterview csv export opportunities` then `afterview csv import` of that file: what was
exported comes back as it was. The export puts an apostrophe before a cell a spreadsheet would
run as a formula (= + - @); the import takes exactly that apostrophe off again, and nothing else."""

import csv
import json

import pytest

from afterview.importers.csvrows import protect, unprotect
from tests.importers.conftest import run

# (company, role, notes): values a spreadsheet would run, and values that only look close to them
ROWS = [
    ("=1+1", "-Lead @Data", "+note"),
    ("@Acme", "+Ops", "=HYPERLINK(\"http://evil\")"),
    ("'Olelo Media", "'=x", "'-- a note in quotes"),
    ("Rock 'n' Roll Ltd", "''+y", "it's '=fine' inside"),
    ("Plain Co", "Engineer", ""),
]


def _ok(capsys, *argv) -> str:
    code, out, err = run(capsys, *argv)
    assert code == 0, err
    return out


def _opportunities(capsys, db) -> list[tuple[str, str, str]]:
    companies = {c["id"]: c["name"] for c in json.loads(_ok(capsys, "--db", str(db), "company", "list", "--json"))}
    return sorted((companies[o["company_id"]], o["role"], o["notes"])
                  for o in json.loads(_ok(capsys, "--db", str(db), "opportunity", "list", "--json")))


@pytest.fixture
def exported(tmp_path, capsys):
    """A real SQLite file holding ROWS, and its `csv export opportunities -o` file."""
    db = tmp_path / "mine.db"
    for company, role, notes in ROWS:
        _ok(capsys, "--db", str(db), "opportunity", "add", "--company", company, "--role", role, "--notes", notes)
    assert _opportunities(capsys, db) == sorted(ROWS)  # as typed
    _ok(capsys, "--db", str(db), "csv", "export", "opportunities", "-o", str(tmp_path / "out.csv"))
    return db, tmp_path / "out.csv"


def test_the_export_protects_formula_cells(exported):
    _, path = exported
    with open(path, newline="", encoding="utf-8") as f:
        rows = {row["Company"]: row for row in csv.DictReader(f)}
    assert rows["'=1+1"]["Role"] == "'-Lead @Data" and rows["'=1+1"]["Notes"] == "'+note"
    assert rows["'@Acme"]["Notes"].startswith("'=HYPERLINK")
    # an apostrophe before a formula's start gets one more: it is read back as it was
    assert rows["'Olelo Media"]["Role"] == "''=x" and rows["'Olelo Media"]["Notes"] == "''-- a note in quotes"
    assert rows["Rock 'n' Roll Ltd"]["Role"] == "'''+y"
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows.values() for cell in row.values())


def test_an_export_imported_into_a_new_database_comes_back_as_it_was(exported, tmp_path, capsys):
    _, path = exported
    fresh = tmp_path / "fresh.db"
    out = _ok(capsys, "--db", str(fresh), "csv", "import", str(path))
    assert "5 applications (5 new)" in out
    assert _opportunities(capsys, fresh) == sorted(ROWS)


def test_an_export_imported_again_into_its_own_database_adds_nothing(exported, capsys):
    db, path = exported
    out = _ok(capsys, "--db", str(db), "csv", "import", str(path))
    assert out.strip() == "5 applications (5 unchanged)", out
    assert _opportunities(capsys, db) == sorted(ROWS)


def test_a_cell_protected_by_another_program_is_read_as_its_value(tmp_path, capsys):
    """The same protection written by another tool's export (OWASP's advice) is undone alike; an
    apostrophe before anything else stays: it is part of the name."""
    sheet = tmp_path / "tracker.csv"
    sheet.write_text("Company,Role,Status\n'@Initech,'=Analyst,Applied\n'Olelo,'Ohana lead,Applied\n",
                     encoding="utf-8")
    db = tmp_path / "t.db"
    _ok(capsys, "--db", str(db), "csv", "import", str(sheet))
    assert _opportunities(capsys, db) == [("'Olelo", "'Ohana lead", ""), ("@Initech", "=Analyst", "")]


@pytest.mark.parametrize("value", ["=1", "+1", "-1", "@a", "\tx", "\rx", "'=1", "''@a", "'a", "'", "''",
                                   "a=1", "", "'\t", "Ol'=a"])
def test_protect_and_unprotect_are_one_rule_both_ways(value):
    assert unprotect(protect(value)) == value
    assert not protect(value).startswith(("=", "+", "-", "@", "\t", "\r"))
