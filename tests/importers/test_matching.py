"""Names, domains, call links and matching people: the pure helpers the imports rely on."""

import pytest

from afterview.domain.model import Company, Person
from afterview.importers.interviews import UNKNOWN_ROLE, role_from_summary, stage_of
from afterview.importers.links import find_call_link
from afterview.importers.matching import Companies, People
from afterview.importers.names import (
    company_from_domain,
    company_key,
    is_employer_domain,
    is_recruiting_address,
    linkedin_key,
    name_from_email,
    person_key,
)
from afterview.importers.zones import iana_name


@pytest.mark.parametrize(
    "domain, name", [("acme.com", "Acme"), ("jobs.big-corp.io", "Big Corp"), ("mail.umbrella.co.uk", "Umbrella"), ("ge.com", "GE")]
)
def test_company_from_domain(domain, name):
    assert company_from_domain(domain) == name


def test_employer_domains():
    assert is_employer_domain("acme.com")
    for domain in ("gmail.com", "outlook.com", "greenhouse.io", "hire.lever.co", "resource.calendar.google.com"):
        assert not is_employer_domain(domain)


def test_recruiting_addresses():
    assert is_recruiting_address("recruiting@acme.com")
    assert is_recruiting_address("talent@contoso.de")
    assert is_recruiting_address("jane@acme.com", "Acme Talent Acquisition")
    assert is_recruiting_address("no-reply@greenhouse.io")
    assert not is_recruiting_address("jane.doe@acme.com", "Jane Doe")
    assert not is_recruiting_address("hrvoje@acme.com", "Hrvoje Horvat")


def test_keys():
    assert company_key("Acme, Inc.") == company_key("ACME") == "acme"
    assert company_key("Soylent GmbH") == "soylent"
    assert person_key("José Álvarez") == person_key("alvarez jose")
    assert linkedin_key("http://de.linkedin.com/in/Kai-Fischer/?trk=x") == "linkedin.com/in/kai-fischer"
    assert name_from_email("jane.doe+jobs@acme.com") == "Jane Doe"


def test_windows_and_vendor_zone_ids():
    assert iana_name("W. Europe Standard Time") == "Europe/Berlin"
    assert iana_name("Pacific Standard Time") == "America/Los_Angeles"
    assert iana_name("/mozilla.org/20050126_1/Europe/Paris") == "Europe/Paris"
    assert iana_name('"Asia/Tokyo"') == "Asia/Tokyo"
    assert iana_name("Customized Time Zone") is None
    assert iana_name("../../etc/passwd") is None


@pytest.mark.parametrize(
    "text, link",
    [
        ("Join: https://us02web.zoom.us/j/81234567890?pwd=abc.", "https://us02web.zoom.us/j/81234567890?pwd=abc"),
        ("<https://teams.microsoft.com/l/meetup-join/19%3a/0?context=x>", "https://teams.microsoft.com/l/meetup-join/19%3a/0?context=x"),
        ("meet: https://meet.google.com/abc-defg-hij", "https://meet.google.com/abc-defg-hij"),
        ("https://acme.webex.com/acme/j.php?MTID=m1", "https://acme.webex.com/acme/j.php?MTID=m1"),
        ("see https://example.com/zoom", ""),
    ],
)
def test_call_links(text, link):
    assert find_call_link(None, text) == link


@pytest.mark.parametrize(
    "summary, role",
    [
        ("Interview: Senior Engineer", "Senior Engineer"),
        ("Globex | Data Engineer - Technical Interview", "Data Engineer"),
        ("Phone screen - Senior Product Manager", "Senior Product Manager"),
        ("Design interview with Ada (Senior Product Designer)", "Senior Product Designer"),
        ("Interview for the Staff SRE role at Acme", "Staff SRE"),
        ("Interview with Jane", UNKNOWN_ROLE),
        ("Fabrikam: chat with the hiring manager", UNKNOWN_ROLE),
    ],
)
def test_role_from_summary(summary, role):
    assert role_from_summary(summary, "Globex") == role


@pytest.mark.parametrize(
    "summary, stage",
    [("Phone Screen", "phone screen"), ("Technical interview", "technical"), ("Interview (Round 2)", "round 2"),
     ("Panel interview", "panel"), ("Onsite day", "onsite"), ("Interview", "")],
)
def test_stage_of(summary, stage):
    assert stage_of(summary) == stage


def people():
    acme = Company(id=1, name="Acme Inc.")
    globex = Company(id=2, name="Globex")
    companies = Companies([acme, globex])
    index = People(
        [
            Person(id=1, name="Jonathan Smith", company_id=1, emails=["jon@acme.com"]),
            Person(id=2, name="Maria Garcia", company_id=1, linkedin_url="https://www.linkedin.com/in/mgarcia"),
            Person(id=3, name="Lee Chen", company_id=2),
            Person(id=4, name="Lee Chen", company_id=None),
            Person(id=5, name="Anna Berg", company_id=2),
        ],
        companies,
    )
    return index


def test_find_by_email_url_and_name():
    index = people()
    assert index.find(email="JON@acme.com").person.id == 1
    assert index.find(url="http://linkedin.com/in/MGarcia/").person.id == 2
    found = index.find(name="Jonathon Smith", company="ACME")
    assert (found.person.id, found.how) == (1, "name and company")  # fuzzy within the company


def test_different_profiles_are_different_people():
    index = people()
    found = index.find(name="Maria Garcia", company="Acme", url="https://www.linkedin.com/in/other-maria")
    assert found.person is None and not found.ambiguous


def test_ambiguous_and_other_company_candidates():
    index = people()
    assert index.find(name="Lee Chen", company="Globex").ambiguous  # one at Globex, one with no company
    elsewhere = index.find(name="Anna Berg", company="Initech")
    assert elsewhere.ambiguous and [p.id for p in elsewhere.candidates] == [5]  # may have moved on
    assert index.find(name="Nobody Here", company="Acme").person is None


def test_two_mailboxes_at_one_domain_are_two_people():
    index = people()
    assert index.find(email="jonathon@acme.com", name="Jonathon Smith", company="Acme").person is None
    assert index.find(email="jon.smith@gmail.com", name="Jonathan Smith", company="Acme").person.id == 1
