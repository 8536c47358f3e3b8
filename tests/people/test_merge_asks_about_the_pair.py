"""`person merge` says there is no undo, and warns when the two look like two people (found by a
tester: `person merge 4 --into 2` asked only "Merge ... and delete person 4?", for a pair of
different names at different companies: most likely a mistyped id)."""

import pytest

from tests.helpers import afterview

AT = "2026-11-26 10:00 America/New_York"


@pytest.fixture
def people(db_path):
    def run(*args, input=None):
        return afterview("--db", db_path, "--at", AT, *args, input=input)

    for args in (
        ["person", "add", "Priya Raman", "--email", "priya@northwind.example", "--company", "Northwind Analytics"],
        ["person", "add", "Dana Reyes", "--email", "dana@fabrikam.example", "--company", "Fabrikam"],
        ["person", "add", "P. Raman", "--email", "p.raman@northwind.example", "--company", "Northwind Analytics"],
        ["person", "add", "Tom Becker", "--email", "tom@northwind.example", "--company", "Northwind Analytics"],
    ):
        assert run(*args).code == 0, args
    return run


def test_the_question_says_there_is_no_undo_and_warns_of_two_names_and_companies(people):
    asked = people("person", "merge", "2", "--into", "1", input="n\n")
    assert asked.code == 130
    assert ("Merge Dana Reyes (person 2) into Priya Raman (person 1)? Person 2 is then deleted, with no undo. "
            "Warning: their names differ (Dana Reyes; Priya Raman) and their companies differ (Fabrikam; "
            "Northwind Analytics): check that they are one person. Merge? [y/N]") in asked.err
    assert "Dana Reyes" in people("person", "show", "2").out  # nothing merged


def test_one_name_written_two_ways_is_asked_without_a_warning(people):
    asked = people("person", "merge", "3", "--into", "1", input="n\n")
    assert asked.code == 130
    assert ("Merge P. Raman (person 3) into Priya Raman (person 1)? Person 3 is then deleted, with no undo. "
            "Merge? [y/N]") in asked.err
    assert "Warning" not in asked.err


def test_names_alone_differing_at_one_company_are_warned_of(people):
    asked = people("person", "merge", "4", "--into", "1", input="n\n")
    assert "Warning: their names differ (Tom Becker; Priya Raman): check that they are one person." in asked.err


def test_with_yes_the_warning_follows_the_merge(people):
    merged = people("person", "merge", "2", "--into", "1", "--yes")
    assert merged.code == 0, merged.err
    assert merged.out.startswith("merged person 2 into person 1 (Priya Raman)")
    assert merged.err == ("afterview: warning: person 2 was merged although their names differ (Dana Reyes; Priya "
                          "Raman) and their companies differ (Fabrikam; Northwind Analytics); a merge has no undo\n")
    assert people("person", "merge", "3", "--into", "1", "--yes").err == ""  # one name: nothing to warn of


@pytest.mark.parametrize("one, other, alike", [
    ("Priya Raman", "Priya", True),
    ("Priya Raman", "P. Raman", True),
    ("Priya Raman", "raman  PRIYA", True),
    ("Dr. José García", "Jose Garcia", True),
    ("Mary-Ann Lee", "Maryann Lee", True),
    ("Nguyễn Thị Minh Khai", "Khai", True),
    ("Hnak Lee", "Hank Lee", True),
    ("Tom Becker", "Tom Beker", True),
    ("Dana Reyes", "Priya Raman", False),
    ("Tom Becker", "Tom Baker", False),
    ("Li Wei", "Li Wen", False),
])
def test_alike_names(one, other, alike):
    from afterview.services.merge import alike_names

    assert alike_names(one, other) is alike
    assert alike_names(other, one) is alike
