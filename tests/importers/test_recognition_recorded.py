"""A calendar import files an interview under what is already recorded: the company of the
people in it, a recorded company named in the title, then the email domain (never a public
suffix such as gc.ca), and an open opportunity there."""

import json

import pytest

from afterview.domain.model import Company, Interview, Opportunity, OpportunityStatus, Person
from afterview.importers.names import company_from_domain, is_employer_domain, registrable
from afterview.importers.recognition import Rule
from afterview.services.imports import import_calendar, import_connections, import_tracker
from tests.importers.conftest import NOW, run


TRACKER = """Company,Role,Status,Date Applied
Fenwick & Hale,Data Platform Lead,Applied,2026-10-01
Harbor Robotics,Robotics Engineer,Applied,2026-10-05
Statistics Canada,Senior Data Analyst,Applied,2026-10-07
"""
CONNECTIONS = """First Name,Last Name,URL,Email Address,Company,Position,Connected On
Olivia,Hart,https://www.linkedin.com/in/oliviahart,olivia.hart@fenwickhale.co.uk,Fenwick & Hale,Head of Data,12 Mar 2024
"""


def event(uid, summary, *lines, day=1):
    return "\r\n".join([
        "BEGIN:VEVENT", f"UID:{uid}", f"DTSTART:202612{day:02d}T150000Z", f"DTEND:202612{day:02d}T160000Z",
        f"SUMMARY:{summary}", *lines, "ATTENDEE;CN=Sam Seeker:mailto:sam.seeker@gmail.com", "END:VEVENT",
    ])


def calendar_file(*events):
    return "\r\n".join(["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Google Inc//Google Calendar 70.9054//EN",
                        *events, "END:VCALENDAR", ""])


CALENDAR = calendar_file(
    event("fh-panel-1@google.com", "Fenwick & Hale | Data Platform Lead - Panel Interview",
          "ORGANIZER;CN=Fenwick & Hale Talent:mailto:talent@fenwickhale.co.uk",
          "ATTENDEE;CN=Olivia Hart:mailto:olivia.hart@fenwickhale.co.uk", day=1),
    event("harbor-1@google.com", "Technical interview - Harbor Robotics",
          "ATTENDEE;CN=Dev Patel:mailto:dev.patel@harborrobotics.com", day=2),
    event("statcan-1@google.com", "Interview: Senior Data Analyst",
          "ATTENDEE;CN=Marie Tremblay:mailto:marie.tremblay@statcan.gc.ca", day=3),
)




@pytest.fixture
def recorded(tmp_path, capsys):
    """The tester's steps: a tracker and LinkedIn connections imported, a calendar to import."""
    (tmp_path / "tracker.csv").write_text(TRACKER)
    (tmp_path / "Connections.csv").write_text(CONNECTIONS)
    (tmp_path / "cal.ics").write_text(CALENDAR)
    assert run(capsys, "profile", "set", "--name", "Sam Seeker", "--email", "sam.seeker@gmail.com")[0] == 0
    assert run(capsys, "csv", "import", str(tmp_path / "tracker.csv"))[0] == 0
    assert run(capsys, "linkedin", "import", str(tmp_path / "Connections.csv"))[0] == 0
    return tmp_path


EXPECTED = [
    "line 4: new: Fenwick & Hale | Data Platform Lead - Panel Interview on 2026-12-01 15:00 Etc/UTC: Fenwick & Hale, Data Platform Lead"
    "; video assumed: the invitation gives no call link, no place and no word of phone or on site",
    "line 13: new: Technical interview - Harbor Robotics on 2026-12-02 15:00 Etc/UTC: Harbor Robotics, Robotics Engineer"
    "; video assumed: the invitation gives no call link, no place and no word of phone or on site",
    "line 21: new: Interview: Senior Data Analyst on 2026-12-03 15:00 Etc/UTC: Statistics Canada, Senior Data Analyst"
    "; video assumed: the invitation gives no call link, no place and no word of phone or on site",
]


def test_the_recorded_companies_and_opportunities_are_used_and_the_dry_run_says_so(recorded, capsys):
    code, out, err = run(capsys, "calendar", "import", "--dry-run", str(recorded / "cal.ics"))
    assert code == 0, err
    assert out.splitlines() == [*EXPECTED, "dry run, nothing written: 3 interviews (3 new)"]
    code, out, err = run(capsys, "calendar", "import", str(recorded / "cal.ics"))
    assert code == 0, err
    assert out.splitlines() == [*EXPECTED, "3 interviews (3 new)"]
    code, out, _ = run(capsys, "company", "list", "--json")
    assert sorted(c["name"] for c in json.loads(out)) == ["Fenwick & Hale", "Harbor Robotics", "Statistics Canada"]
    code, out, _ = run(capsys, "opportunity", "list", "--json")
    opportunities = json.loads(out)
    assert len(opportunities) == 3 and {o["status"] for o in opportunities} == {"interviewing"}


def _stores(tmp_path, store):
    (tmp_path / "tracker.csv").write_text(TRACKER)
    (tmp_path / "Connections.csv").write_text(CONNECTIONS)
    import_tracker(store, tmp_path / "tracker.csv", now=NOW)
    import_connections(store, tmp_path / "Connections.csv", now=NOW)


def _import(store, tmp_path, text, **options):
    path = tmp_path / "cal.ics"
    path.write_text(text)
    return import_calendar(store, path, now=NOW, rule=Rule(), user_tz="Europe/London", **options)


def _company_of(store, uid):
    with store.transaction() as tx:
        [interview] = tx.list(Interview, external_uid=uid)
        opportunity = tx.get(Opportunity, interview.opportunity_id)
        return tx.get(Company, opportunity.company_id).name, opportunity


def test_a_recorded_persons_company_decides_over_the_title_and_the_domain(store, tmp_path):
    _stores(tmp_path, store)
    # The title names no company; the address's domain would say "Fenwickhale".
    _import(store, tmp_path, calendar_file(event(
        "a@x", "Panel interview", "ATTENDEE;CN=Olivia Hart:mailto:olivia.hart@fenwickhale.co.uk")))
    name, opportunity = _company_of(store, "a@x")
    assert name == "Fenwick & Hale" and opportunity.role == "Data Platform Lead"
    assert opportunity.status == OpportunityStatus.INTERVIEWING
    with store.transaction() as tx:
        assert tx.count(Company) == 3 and tx.count(Opportunity) == 3


def test_a_recorded_company_named_in_the_title_decides_whatever_the_punctuation(store, tmp_path):
    _stores(tmp_path, store)
    _import(store, tmp_path, calendar_file(
        event("b@x", "FENWICK AND HALE: final round", "ATTENDEE;CN=Tom Reid:mailto:tom.reid@fenwick-hale.com"),
        event("c@x", "Interview (harbor-robotics)", "ATTENDEE;CN=Dev Patel:mailto:dev@hr-mail.example", day=2),
    ))
    assert _company_of(store, "b@x")[0] == "Fenwick & Hale"
    assert _company_of(store, "c@x")[0] == "Harbor Robotics"
    with store.transaction() as tx:
        assert tx.count(Company) == 3
        # someone new writing from the recorded colleagues' domain joins their company
        tom = tx.list(Person, name="Tom Reid")[0]
    assert tom.company_id is not None


def test_a_public_sector_domain_never_becomes_a_company_named_after_its_suffix(store, tmp_path):
    _import(store, tmp_path, calendar_file(event(
        "d@x", "Interview: Policy Analyst", "ATTENDEE;CN=Marie Tremblay:mailto:marie.tremblay@statcan.gc.ca")))
    name, opportunity = _company_of(store, "d@x")
    assert name == "Statcan" and opportunity.role == "Policy Analyst"  # never "GC"


def test_a_public_sector_domain_yields_to_the_title(store, tmp_path):
    _import(store, tmp_path, calendar_file(event(
        "e@x", "Interview at Statistics Canada - Policy Analyst", "ATTENDEE;CN=Marie:mailto:marie@statcan.gc.ca")))
    assert _company_of(store, "e@x")[0] == "Statistics Canada"


@pytest.mark.parametrize("domain, name", [
    ("fenwickhale.co.uk", "Fenwickhale"), ("jobs.acme.co.uk", "Acme"), ("statcan.gc.ca", "Statcan"),
    ("digital.cabinet-office.gov.uk", "Cabinet Office"), ("ox.ac.uk", "OX"), ("globex.com", "Globex"),
])
def test_company_names_from_domains_skip_second_level_suffixes(domain, name):
    assert company_from_domain(domain) == name


def test_suffixes_are_nobodys_domain():
    from afterview.importers.names import is_public_sector

    assert not is_employer_domain("gc.ca") and not is_employer_domain("co.uk") and not is_employer_domain("gov.uk")
    assert registrable("statcan.gc.ca") == "statcan.gc.ca"
    assert is_public_sector("statcan.gc.ca") and is_public_sector("cdc.gov") and not is_public_sector("acme.co.uk")


def test_the_call_service_in_a_title_names_no_company(store, tmp_path):
    (tmp_path / "tracker.csv").write_text("Company,Role\nGoogle,Data Engineer\n")
    import_tracker(store, tmp_path / "tracker.csv", now=NOW)
    _import(store, tmp_path, calendar_file(event(
        "f@x", "Technical interview (Google Meet)", "ATTENDEE;CN=Priya:mailto:priya@globex.com")))
    assert _company_of(store, "f@x")[0] == "Globex"
