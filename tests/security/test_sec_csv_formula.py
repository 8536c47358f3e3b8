"""A CSV export never leaves a formula for a spreadsheet to run behind characters it passes over
(found by a security tester: "\\ufeff=1+1", a byte-order mark then "=", was written without its
apostrophe). The apostrophe goes before any value that starts with a formula's character once a
byte-order mark, zero-width characters, spaces and line breaks are passed over; the import takes
it off again (one rule both ways), so the value comes back as it was."""

from __future__ import annotations

import csv

import pytest

from afterview.exporters.csv_export import safe
from afterview.importers.csvrows import protect, unprotect
from tests.helpers import afterview

HIDDEN = ["\ufeff=1+1", "\ufeff\ufeff@SUM(A1)", "\u200b+1", "\u200d-1", "\u2060=x", " =1+1", "\u00a0=1",
          "\u3000=1", "\n=cmd|' /c calc'!A1", " \ufeff=1"]


@pytest.mark.parametrize("value", HIDDEN)
def test_a_formula_behind_characters_a_spreadsheet_passes_over_is_protected(value):
    assert safe(value) == "'" + value
    assert unprotect(protect(value)) == value
    assert unprotect(protect("'" + value)) == "'" + value


@pytest.mark.parametrize("value", ["\ufeffAcme", " Acme", "a =1", "\u200bhello", "", " ", "\ufeff"])
def test_other_values_are_written_as_they_are(value):
    assert safe(value) == value and unprotect(value) == value


def test_the_export_protects_it_and_an_import_gives_it_back(tmp_path):
    db, path = str(tmp_path / "mine.db"), tmp_path / "out.csv"
    added = afterview("--db", db, "opportunity", "add", "--company", "Acme", "--role", "Engineer", "--notes",
                      "\ufeff=1+1")
    assert added.code == 0, added.err
    done = afterview("--db", db, "csv", "export", "opportunities", "-o", str(path))
    assert done.code == 0, done.err
    with open(path, newline="", encoding="utf-8") as f:
        row = next(csv.DictReader(f))
    assert row["Notes"] == "'\ufeff=1+1"
    fresh = str(tmp_path / "fresh.db")
    done = afterview("--db", fresh, "csv", "import", str(path))
    assert done.code == 0, done.err
    listed = afterview("--db", fresh, "opportunity", "list", "--json")
    assert '"notes": "\\ufeff=1+1"' in listed.out or '"notes": "\ufeff=1+1"' in listed.out, listed.out
