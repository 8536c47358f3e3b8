"""A country given without its region, where the regions keep public holidays of their own: the
United Kingdom's nations above all. The holidays package gives GB alone only the bank holidays
all four nations share: no Easter Monday and no August bank holiday, so a London contact stored
as GB (or UK, which is kept as GB) would get notes planned on them. `country_note` says so and
which regions to give; it says nothing of a country whose regions add nothing most of them
keep, nor of one whose regions keep the country's holidays (a US state)."""

from __future__ import annotations

from datetime import date

import pytest

from afterview.domain import days
from afterview.domain.values import check_country, country_note

GB_NOTE = ("GB alone has only the public holidays all of its regions share, not Easter Monday or Late Summer "
           "Bank Holiday, which most of them keep: give the region instead, GB-ENG (England), GB-NIR (Northern "
           "Ireland), GB-SCT (Scotland) or GB-WLS (Wales)")


def test_gb_alone_is_not_england():
    """What the note is about: Easter Monday 2027 is a business day for GB, a holiday for GB-ENG."""
    easter_monday = date(2027, 3, 29)
    assert not days.calendar("GB").holiday_name(easter_monday)
    assert days.calendar("GB-ENG").holiday_name(easter_monday) == "Easter Monday"


@pytest.mark.parametrize("given, note", [
    ("GB", GB_NOTE),
    ("gb", GB_NOTE),
    ("UK", "UK is kept as GB (GB is the United Kingdom's ISO code); " + GB_NOTE),
    ("uk-sct", "UK-SCT is kept as GB-SCT (GB is the United Kingdom's ISO code)"),
    ("GB-ENG", ""),
    ("US", ""),  # a state keeps the federal holidays
    ("FR", ""),
    ("JP", ""),  # no regions
    ("", ""),
])
def test_the_note_for_a_country_as_typed(given, note):
    assert country_note(given, 2027) == note


def test_uk_is_still_stored_as_gb():
    assert check_country("UK") == "GB" and check_country("uk-eng") == "GB-ENG"


def test_other_countries_whose_regions_keep_their_own_holidays_are_told_too():
    said = country_note("CH", 2027)
    assert said.startswith("CH alone has only the public holidays all of its regions share, not Good Friday, ")
    assert said.endswith("give the region instead, one of 27, e.g. CH-AG (Aargau), CH-AI (Appenzell Innerrhoden), "
                         "CH-AR (Appenzell Ausserrhoden)")
    assert "Reformation Day" in country_note("DE", 2027)


def test_the_commands_say_it_after_the_country_is_kept(tmp_path):
    from tests.helpers import afterview

    db = f"sqlite:///{tmp_path / 'a.db'}"
    added = afterview("--db", db, "person", "add", "Brit One", "--country", "UK")
    assert added.code == 0 and added.out.strip() == "added person 1: Brit One (time zone Europe/London, from the country GB)"
    assert added.err.strip() == f"afterview: warning: UK is kept as GB (GB is the United Kingdom's ISO code); {GB_NOTE}"
    edited = afterview("--db", db, "person", "edit", "1", "--country", "GB-ENG")
    assert edited.code == 0 and edited.err == ""
    profile = afterview("--db", db, "profile", "set", "--country", "GB")
    assert profile.code == 0 and profile.err.strip() == f"afterview: warning: {GB_NOTE}"
