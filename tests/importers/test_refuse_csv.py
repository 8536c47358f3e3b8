"""`csv import` refuses in one line what it would read wrongly: LinkedIn's Connections.csv (each
connection would become an application), a row or header of thousands of cells (split, they
took a minute and half a gigabyte), and a --map that gives one column to two fields or one
field twice. Nothing is written."""

from __future__ import annotations

import time
import tracemalloc

import pytest

from afterview.errors import ImportFailed, InvalidInput
from afterview.importers.csvrows import MAX_COLUMNS, rows
from afterview.importers.files import check_file
from afterview.importers.tracker import parse_map
from tests.helpers import afterview, assert_clean_error

CONNECTIONS = ("Notes:\n\"When exporting your connection data, you may notice that some of the email addresses are "
               "missing.\"\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
               "Jane,Doe,https://www.linkedin.com/in/janedoe,jane@acme.example,Acme,Recruiter,12 Mar 2024\n")


def _db(tmp_path) -> tuple[str, ...]:
    return ("--db", str(tmp_path / "afterview.db"))


def _applications(tmp_path) -> str:
    return afterview(*_db(tmp_path), "opportunity", "list").out


@pytest.mark.parametrize("text", [CONNECTIONS, CONNECTIONS.split("\n\n", 1)[1],
                                  "Connected On;Company;First Name;Last Name;Position\n12 Mar 2024;Acme;Jane;Doe;CTO\n"])
def test_linkedin_connections_given_to_csv_import_are_refused_with_the_command_to_use(tmp_path, text):
    path = tmp_path / "My Connections.csv"
    path.write_text(text, encoding="utf-8")
    result = afterview(*_db(tmp_path), "csv", "import", str(path))
    assert_clean_error(result, "My Connections.csv is LinkedIn's Connections.csv", "not a job tracker",
                       "afterview linkedin import 'My Connections.csv'")
    assert "Acme" not in _applications(tmp_path)
    # the command it names reads it
    assert afterview(*_db(tmp_path), "linkedin", "import", str(path)).code == 0


def test_a_tracker_with_first_and_last_names_of_contacts_is_still_a_tracker(tmp_path):
    path = tmp_path / "tracker.csv"
    path.write_text("Company,Role,First Name,Last Name,Status\nAcme,Analyst,Jane,Doe,applied\n", encoding="utf-8")
    result = afterview(*_db(tmp_path), "csv", "import", str(path))
    assert result.code == 0, result.err
    assert "Analyst" in _applications(tmp_path)


@pytest.mark.parametrize("where, text, line", [
    ("row", "Company,Role\nAcme,Analyst\nInitech" + "," * 2_000_000 + "\nGlobex,Engineer\n", 3),
    ("header", "Company,Role" + ",x" * 500_000 + "\nAcme,Analyst\n", 1),
    ("row of many lines", "Company,Role,Notes\nAcme,Analyst,\"a\nb\"" + ",x" * 1500 + "\n", 3),  # the line of the cells
])
def test_a_row_or_header_of_thousands_of_cells_is_refused_early_naming_its_line(tmp_path, where, text, line):
    path = tmp_path / "wide.csv"
    path.write_text(text, encoding="utf-8")
    tracemalloc.start()
    started = time.monotonic()
    try:
        with pytest.raises(ImportFailed) as refused:
            for _ in rows(check_file(path, "a CSV file"), max_rows=100):
                pass
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert str(refused.value).startswith(f"wide.csv line {line}: more than {MAX_COLUMNS:,} cells in one row"), where
    assert time.monotonic() - started < 5
    assert peak < 50 * 1024 * 1024  # the line itself, not a list of its million cells
    result = afterview(*_db(tmp_path), "csv", "import", str(path))
    assert_clean_error(result, f"wide.csv line {line}: more than 1,000 cells")
    assert "Acme" not in _applications(tmp_path)


def test_cells_holding_the_delimiter_in_quotes_are_no_columns(tmp_path):
    """Thousands of commas in quoted notes (over several lines, too) are one cell each."""
    path = tmp_path / "notes.csv"
    path.write_text("Company,Role,Notes\nAcme,Analyst,\"" + "a, " * 3000 + "\"\nGlobex,Engineer,\"first line\n"
                    + "b, " * 3000 + "\nend\"\n", encoding="utf-8")
    result = afterview(*_db(tmp_path), "csv", "import", str(path))
    assert result.code == 0, result.err
    assert "2 applications (2 new)" in result.out


def test_a_header_of_a_thousand_cells_is_read(tmp_path):
    path = tmp_path / "broad.csv"
    path.write_text("Company,Role" + "".join(f",c{i}" for i in range(MAX_COLUMNS - 2)) + "\nAcme,Analyst\n",
                    encoding="utf-8")
    assert afterview(*_db(tmp_path), "csv", "import", str(path)).code == 0


@pytest.mark.parametrize("text, said", [
    ("Company=company,Company=role", "the column 'Company' is mapped twice (company and role)"),
    ("Company=company, company =role", "the column 'company' is mapped twice"),
    ("Company=company,Employer=company", "the field company is given twice ('Company' and 'Employer')"),
])
def test_a_map_giving_a_column_two_fields_or_a_field_two_columns_is_refused(tmp_path, text, said):
    with pytest.raises(InvalidInput, match="^--map: " + said.replace("(", r"\(").replace(")", r"\)")):
        parse_map(text)
    path = tmp_path / "tracker.csv"
    path.write_text("Company,Role\nAcme,Analyst\n", encoding="utf-8")
    assert_clean_error(afterview(*_db(tmp_path), "csv", "import", str(path), "--map", text), said)
    assert parse_map("Company=company,Role=role") == {"company": "Company", "role": "Role"}
