"""A sheet whose slash dates could be read either way (1/2/69) is read month first, with one
warning for the sheet naming an example. That example was read with its two-digit year in the
2000s ("2 January 2069", "write them as 2069-02-01") while the import places such a year in the
1900s when the 2000s put it more than a year ahead: the example now says the year as read."""

from __future__ import annotations

from datetime import date

import pytest

from afterview.importers.tracker import Mapping
from tests.helpers import afterview

TODAY = date(2026, 11, 26)


@pytest.mark.parametrize("example, month_first, day_first", [
    ("1/2/69", "2 January 1969", "1969-02-01"),
    ("03/04/26", "4 March 2026", "2026-04-03"),
    ("1/2/2069", "2 January 2069", "2069-02-01"),  # written in full: as written
    # the two readings a year apart: each placed on its own
    ("12/01/27", "1 December 1927", "2027-01-12"),
])
def test_the_month_first_example_says_the_year_as_read(example, month_first, day_first):
    said = Mapping({}, [], 0, "unsure", example).date_warning("d46.csv", TODAY)
    assert said == (f"d46.csv: dates such as {example} are read month first ({month_first}); if the sheet writes "
                    f"the day first, write them as {day_first} and import again")


def test_the_day_first_example_says_the_year_as_read():
    assert Mapping({}, [], 0, "day", "25/12/69").date_warning("d46.csv", TODAY) == (
        "d46.csv: dates are read day first, as the sheet writes them (25/12/69 is 25 December 1969)")


def test_the_year_is_placed_as_the_rows_are():
    from afterview.importers.tracker import placed_year

    assert placed_year(date(2027, 11, 26), TODAY) == date(2027, 11, 26)  # a year ahead: kept
    assert placed_year(date(2027, 11, 28), TODAY) == date(1927, 11, 28)
    assert placed_year(date(2096, 2, 29), TODAY) == date(1996, 2, 29)  # (not 1 March: 1996 has one)
    assert placed_year(date(2028, 2, 29), date(2026, 1, 1)) == date(1928, 2, 29)
    assert Mapping({}, [], 0, "unsure", "12/01/27").date_warning("d46.csv", date(2027, 6, 1)).startswith(
        "d46.csv: dates such as 12/01/27 are read month first (1 December 2027)")


@pytest.mark.parametrize("preview", [True, False], ids=["preview", "import"])
def test_the_import_says_1969(tmp_path, preview):
    sheet = tmp_path / "d46.csv"
    sheet.write_text("Company,Role,Date Applied\nAcme,Engineer,1/2/69\nGlobex,Analyst,3/4/69\n", encoding="utf-8")
    done = afterview("--db", str(tmp_path / "a.db"), "csv", "import", str(sheet), *(["--preview"] if preview else []))
    assert done.code == 0, done.err
    assert ("d46.csv: dates such as 1/2/69 are read month first (2 January 1969); if the sheet writes the day first, "
            "write them as 1969-02-01 and import again") in done.err
    assert "January 2069" not in done.err and "2069-02-01" not in done.err
