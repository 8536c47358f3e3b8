"""People abroad: found by the part of their name you type, given the region their time zone
names for their public holidays, and the time zone their country has when it has one.

Found by a Berlin job seeker with interviewers worldwide: `person show "María José"` (her greet-as
name), "Klaus Müller" (without "Dr.-Ing.") and "García Márquez" said "no person"; `--tz
Europe/London` gave GB, without England's bank holidays; `--country JP` kept the user's zone."""

import json

import holidays
import pytest

from afterview.domain import model as m
from afterview.services import pipeline
from tests.helpers import afterview, assert_clean_error


def _db(tmp_path) -> str:
    db = str(tmp_path / "a.db")
    assert afterview("--db", db, "profile", "set", "--name", "Jörg Weiß", "--tz", "Europe/Berlin",
                     "--country", "DE-BE").code == 0
    return db


def _person(db: str, ref: str) -> dict:
    result = afterview("--db", db, "person", "show", ref, "--json")
    assert result.code == 0, result.err
    return json.loads(result.out)


def test_a_person_is_found_by_greet_as_by_name_without_titles_and_by_words_in_a_row(tmp_path):
    db = _db(tmp_path)
    assert afterview("--db", db, "person", "add", "Dr.-Ing. Klaus Müller", "--email", "k@acme.example").code == 0
    assert afterview("--db", db, "person", "add", "Dr. María José García Márquez", "--email", "m@acme.example",
                     "--greet-as", "María José").code == 0
    for typed, wanted in [("María José", 2), ("maría josé", 2), ("Klaus Müller", 1), ("García Márquez", 2),
                          ("José García", 2), ("garcia marquez", 2), ("Muller", 1),
                          ("Mu\u0308ller", 1),  # the accent written as a combining mark
                          ("Dr. María José García Márquez", 2), ("Klaus", 1)]:
        assert _person(db, typed)["id"] == wanted, typed
    assert_clean_error(afterview("--db", db, "person", "show", "Márquez García"), "no person 'Márquez García'")
    assert afterview("--db", db, "opportunity", "add", "--company", "Acme", "--role", "Engineer").code == 0
    result = afterview("--db", db, "interview", "add", "--opportunity", "1", "--start", "2026-03-02 10:00",
                       "--with", "María José:hiring_manager", "--with", "Klaus Müller")
    assert result.code == 0, result.err
    # several people so named: refused, naming their ids
    assert afterview("--db", db, "person", "add", "Anna Klaus").code == 0
    assert_clean_error(afterview("--db", db, "person", "show", "Klaus"), "2 people are called 'Klaus' (ids 1, 3)")
    assert _person(db, "Klaus Müller")["id"] == 1  # the whole name without its title: one


def test_whole_names_come_before_parts():
    people = [m.Person(id=1, name="María José"), m.Person(id=2, name="Dr. María José García Márquez")]
    assert [p.id for p in pipeline.people_named(people, "maría josé")] == [1]
    assert [p.id for p in pipeline.people_named(people, "García")] == [2]
    assert pipeline.people_named(people, "  ") == []


@pytest.mark.parametrize("zone, country", [
    ("Europe/London", "GB-ENG"), ("Europe/Belfast", "GB-NIR"), ("Australia/Sydney", "AU-NSW"),
    ("Australia/Melbourne", "AU-VIC"), ("Australia/Brisbane", "AU-QLD"), ("Australia/Perth", "AU-WA"),
    ("Australia/Adelaide", "AU-SA"), ("Australia/Hobart", "AU-TAS"), ("Australia/Darwin", "AU-NT"),
    ("Australia/Canberra", "AU-ACT"), ("America/Toronto", "CA-ON"), ("America/Vancouver", "CA-BC"),
    ("America/Montreal", "CA-QC"), ("Atlantic/Canary", "ES-CN"), ("Pacific/Honolulu", "US-HI"),
    # a zone of a whole country, or of many states: the country
    ("Europe/Berlin", "DE"), ("Asia/Kolkata", "IN"), ("America/New_York", "US"), ("America/Chicago", "US"),
    ("Asia/Tokyo", "JP"), ("UTC", ""),
])
def test_a_zone_of_one_region_gives_the_region(zone, country):
    assert pipeline.country_of_zone(zone) == country


def test_every_region_a_zone_gives_is_one_the_holidays_package_knows():
    supported = holidays.list_supported_countries()
    for zone, region in pipeline.ZONE_REGIONS.items():
        country, _, sub = region.partition("-")
        assert sub in supported[country], (zone, region)
        assert pipeline.zone_of_country(region) or len(pipeline.zone_choices(country)) > 1


def test_the_region_is_said_and_its_holidays_kept(tmp_path):
    db = _db(tmp_path)
    result = afterview("--db", db, "person", "add", "Test UK", "--tz", "Europe/London")
    assert result.out == "added person 1: Test UK (country GB-ENG (England), from the time zone Europe/London)\n"
    assert _person(db, "1")["country"] == "GB-ENG"
    assert afterview("--db", db, "person", "add", "Test AU").code == 0
    result = afterview("--db", db, "person", "edit", "2", "--tz", "Australia/Sydney")
    assert result.out == ("updated person 2: Test AU (country AU-NSW (New South Wales), "
                          "from the time zone Australia/Sydney)\n")


@pytest.mark.parametrize("country, zone", [
    ("JP", "Asia/Tokyo"), ("IN", "Asia/Kolkata"), ("DE", "Europe/Berlin"), ("DE-BY", "Europe/Berlin"),
    ("FR", "Europe/Paris"), ("GB", "Europe/London"), ("GB-SCT", "Europe/London"), ("AU-NSW", "Australia/Sydney"),
    ("US-HI", "Pacific/Honolulu"), ("US", ""), ("AU", ""), ("CA", ""), ("BR", ""), ("RU", ""), ("ES", ""),
])
def test_a_country_of_one_time_zone_gives_it(country, zone):
    assert pipeline.zone_of_country(country, 2026) == zone


def test_a_person_given_a_country_of_one_zone_gets_it(tmp_path):
    db = _db(tmp_path)
    assert afterview("--db", db, "person", "add", "Taro Yamada", "--country", "JP").code == 0
    assert _person(db, "1")["timezone"] == "Asia/Tokyo"
    assert afterview("--db", db, "person", "add", "Joe Doe", "--country", "US").code == 0
    joe = _person(db, "2")
    assert joe["timezone"] == "" and joe["country"] == "US"
    said = pipeline.zone_unknown(m.Person(name="Joe Doe", country="US"))
    assert said.startswith("US has several time zones (America/New_York, ") and "--tz" in said
    assert pipeline.zone_unknown(m.Person(name="Taro", country="JP", timezone="Asia/Tokyo")) == ""
    result = afterview("--db", db, "person", "edit", "2", "--country", "IN")
    assert result.out == "updated person 2: Joe Doe (time zone Asia/Kolkata, from the country IN)\n"
    assert _person(db, "2")["timezone"] == "Asia/Kolkata"
    # a zone given wins, and a zone they have is kept
    assert afterview("--db", db, "person", "add", "Aiko Sato", "--country", "JP", "--tz", "Europe/Berlin").code == 0
    assert _person(db, "3")["timezone"] == "Europe/Berlin"
    result = afterview("--db", db, "person", "edit", "3", "--country", "FR")
    assert result.out == "updated person 3: Aiko Sato\n" and _person(db, "3")["timezone"] == "Europe/Berlin"
