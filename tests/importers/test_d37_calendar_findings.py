"""A tester's calendar findings: who is on the panel, which company, which zone.

Invitees who declined (or sent someone in their place) are not on the panel; a room listed
without CUTYPE is no interviewer; a domain's company is the label left of its public suffix, for
any country; an all-day event of a calendar that names its zone gives its people that zone; a UTC
time is a moment, filed in the user's zone; a title with "call" is a phone interview; a title part
that ends like a company's name names it.
"""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from afterview.domain.model import Company, Interview, InterviewFormat, Person
from afterview.importers.recognition import Rule
from afterview.services.imports import import_calendar

from tests.helpers import afterview
from tests.importers.test_invite_zones import store  # noqa: F401  (the fixture: a profile in Berlin)

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=timezone.utc)


def calendar(*events: str, head: str = "METHOD:REQUEST") -> str:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Google Inc//Google Calendar 70.9054//EN"]
    lines += [head] if head else []
    lines += [*events, "END:VCALENDAR", ""]
    return "\r\n".join(lines)


def event(*lines: str, uid: str = "d37-1@qa", summary: str = "Technical interview",
          start: str = "DTSTART;TZID=America/New_York:20261203T100000",
          end: str = "DTEND;TZID=America/New_York:20261203T110000") -> str:
    return "\r\n".join(["BEGIN:VEVENT", f"UID:{uid}", "DTSTAMP:20261201T100000Z", start, end,
                        f"SUMMARY:{summary}", *lines, "END:VEVENT"])


def imported(store, tmp_path, text: str, name: str = "invite.ics", **options):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return import_calendar(store, path, now=NOW, rule=Rule(everything=True), user_tz="Europe/Berlin", **options)


def panel(store) -> set[str]:
    with store.transaction() as tx:
        people = {p.id: p for p in tx.list(Person)}
        return {people[part.person_id].name for i in tx.list(Interview) for part in i.participants}


def interviews(store) -> list[Interview]:
    with store.transaction() as tx:
        return sorted(tx.list(Interview), key=lambda i: i.start)


def companies(store) -> set[str]:
    with store.transaction() as tx:
        return {c.name for c in tx.list(Company)}


# -- 1. who declined was not there


def test_the_testers_invitation_leaves_the_one_who_declined_off_the_panel(store, tmp_path):
    text = (__import__("pathlib").Path(__file__).parent / "data" / "d37_declined.ics").read_text(encoding="utf-8")
    imported(store, tmp_path, text)
    assert "Marcus Webb" not in panel(store)  # PARTSTAT=DECLINED
    assert {"Rita Recruiter", "José Núñez"} <= panel(store)  # accepted, tentative


@pytest.mark.parametrize("answer", ["DECLINED", "DELEGATED;DELEGATED-TO=\"mailto:kim@globex.com\""])
def test_who_declined_or_delegated_is_not_on_the_panel_and_the_delegate_is(store, tmp_path, answer):
    text = calendar(event(
        "ORGANIZER;CN=Rita Recruiter:mailto:rita@globex.com",
        f"ATTENDEE;CN=Marcus Webb;PARTSTAT={answer}:mailto:marcus@globex.com",
        "ATTENDEE;CN=Kim Lee;PARTSTAT=ACCEPTED;DELEGATED-FROM=\"mailto:marcus@globex.com\":mailto:kim@globex.com",
        "ATTENDEE;CN=Sam Seeker;PARTSTAT=ACCEPTED:mailto:sam.seeker@gmail.com"))
    imported(store, tmp_path, text)
    assert panel(store) == {"Rita Recruiter", "Kim Lee"}


def test_an_organizer_who_declined_their_own_event_is_not_on_the_panel(store, tmp_path):
    text = calendar(event(
        "ORGANIZER;CN=Rita Recruiter:mailto:rita@globex.com",
        "ATTENDEE;CN=Rita Recruiter;PARTSTAT=DECLINED:mailto:rita@globex.com",
        "ATTENDEE;CN=Dana Reyes;PARTSTAT=ACCEPTED:mailto:dana@globex.com"))
    imported(store, tmp_path, text)
    assert panel(store) == {"Dana Reyes"}
    assert companies(store) >= {"Globex"}


# -- 4. rooms without CUTYPE


def test_a_room_listed_without_cutype_is_no_interviewer_and_rooney_is(store, tmp_path):
    text = calendar(event(
        "ORGANIZER;CN=\"Smith, John\":mailto:john.smith@initrode.com",
        "ATTENDEE;CN=\"Conf Room 3B\":mailto:confroom3b@initrode.com",
        "ATTENDEE:mailto:meeting-room-4@initrode.com",
        "ATTENDEE;CN=Boardroom:mailto:board@initrode.com",
        "ATTENDEE;CN=\"Salle Monet\":mailto:monet@initrode.com",
        "ATTENDEE;CN=Wayne Rooney:mailto:wayne.rooney@initrode.com",
        "ATTENDEE;CN=David Salle:mailto:david.salle@initrode.com"))
    imported(store, tmp_path, text)
    assert panel(store) == {"Smith, John", "Wayne Rooney", "David Salle"}


# -- 2. the company of a domain, by the Public Suffix List


@pytest.mark.parametrize("address, company", [
    ("rahim@brainstation.com.bd", "Brainstation"), ("nimal@virtusa.com.lk", "Virtusa"),
    ("sofia@kushki.com.ec", "Kushki"), ("ana@nubank.com.uy", "Nubank"), ("omar@careem.com.qa", "Careem"),
    ("kato@safeboda.co.ug", "Safeboda"), ("bikash@himal-soft.com.np", "Himal Soft"),
    ("yuki@mercari.co.jp", "Mercari"), ("ann@jobs.fenwickhale.co.uk", "Fenwickhale"),
])
def test_the_company_of_a_domain_under_any_countrys_suffix(store, tmp_path, address, company):
    text = calendar(event(f"ORGANIZER;CN=Ann Example:mailto:{address}"), head="")
    imported(store, tmp_path, text)
    assert company in companies(store)


def test_registrable_domains_and_suffixes():
    from afterview.importers.names import company_from_domain, is_employer_domain, is_public_sector, registrable

    assert registrable("mail.brainstation.com.bd") == "brainstation.com.bd"
    assert registrable("statcan.gc.ca") == "statcan.gc.ca" and is_public_sector("statcan.gc.ca")
    assert registrable("army.mod.uk") == "army.mod.uk"  # a public-sector suffix the list does not name
    assert not is_employer_domain("com.bd") and not is_employer_domain("co.ug") and not is_employer_domain("gc.ca")
    assert company_from_domain("safeboda.co.ug") == "Safeboda"


def test_the_suffix_list_is_not_loaded_by_help():
    import subprocess
    import sys

    code = ("import sys\nfrom afterview.interfaces.cli.main import main\ntry:\n    main(['--help'])\n"
            "except SystemExit:\n    pass\nprint('publicsuffixlist' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "False"


# -- 3. an all-day event of a calendar that names its zone


ALL_DAY = ("DTSTART;VALUE=DATE:20261203", "DTEND;VALUE=DATE:20261204")


def test_an_all_day_events_people_take_the_calendars_zone(store, tmp_path):
    text = calendar(event("ORGANIZER;CN=Pepper Potts:mailto:pepper@starkindustries.com",
                          "ATTENDEE;CN=Happy Hogan:mailto:happy@starkindustries.com",
                          summary="Onsite interview day - Stark Industries", start=ALL_DAY[0], end=ALL_DAY[1]),
                    head="X-WR-TIMEZONE:America/New_York\r\nMETHOD:REQUEST")
    imported(store, tmp_path, text)
    with store.transaction() as tx:
        zones = {p.name: (p.timezone, p.country) for p in tx.list(Person)}
    assert zones == {"Pepper Potts": ("America/New_York", "US"), "Happy Hogan": ("America/New_York", "US")}
    assert interviews(store)[0].timezone == "America/New_York"


def test_the_testers_all_day_event_plans_the_thank_you_on_new_yorks_morning(tmp_path):
    db = str(tmp_path / "b.db")
    text = calendar(event("ORGANIZER;CN=Pepper Potts:mailto:pepper@starkindustries.com",
                          summary="Onsite interview day - Stark Industries", start=ALL_DAY[0], end=ALL_DAY[1]),
                    head="X-WR-TIMEZONE:America/New_York\r\nMETHOD:REQUEST")
    (tmp_path / "allday.ics").write_text(text)
    assert afterview("--db", db, "profile", "set", "--name", "Sam Seeker", "--email", "sam.seeker@gmail.com",
                     "--tz", "Europe/Berlin", "--country", "DE").code == 0
    result = afterview("--db", db, "--at", "2026-11-26 10:00", "calendar", "import", str(tmp_path / "allday.ics"))
    assert result.code == 0, result.err
    why = afterview("--db", db, "--at", "2026-11-26 10:00", "why", "thank_you:i1:p1")
    assert why.code == 0, why.err
    assert "next business morning" in why.out and "America/New_York" in why.out, why.out


# -- 6. a UTC time is a moment


@pytest.mark.parametrize("start, end, head", [
    ("DTSTART:20261214T080000Z", "DTEND:20261214T090000Z", ""),
    ("DTSTART;TZID=UTC:20261214T080000", "DTEND;TZID=UTC:20261214T090000", ""),
    ("DTSTART;TZID=Etc/UTC:20261214T080000", "DTEND;TZID=Etc/UTC:20261214T090000", ""),
    ("DTSTART:20261214T080000Z", "DTEND:20261214T090000Z", "X-WR-TIMEZONE:UTC"),
    ("DTSTART:20261214T080000", "DTEND:20261214T090000", "X-WR-TIMEZONE:Etc/UTC"),  # floating, read in UTC
])
def test_a_utc_time_is_filed_in_the_users_zone(store, tmp_path, start, end, head):
    imported(store, tmp_path, calendar(event("ORGANIZER;CN=Ann Lee:mailto:ann@globex.com", start=start, end=end),
                                       head=head))
    [interview] = interviews(store)
    assert interview.timezone == "Europe/Berlin"
    assert interview.start == datetime(2026, 12, 14, 8, 0, tzinfo=timezone.utc)  # the same moment


# -- 7. and 8. the format and the company from the title


@pytest.mark.parametrize("summary, expected", [
    ("Intro call", InterviewFormat.PHONE), ("Phone screen", InterviewFormat.PHONE),
    ("Video call with the team", InterviewFormat.VIDEO), ("Technical interview", InterviewFormat.VIDEO),
])
def test_the_format_without_a_call_link_or_a_place(store, tmp_path, summary, expected):
    imported(store, tmp_path, calendar(event("ORGANIZER;CN=Ann Lee:mailto:ann@globex.com", summary=summary)))
    assert interviews(store)[0].format == expected


def test_format_guess_says_what_it_assumed():
    from afterview.importers.interviews import format_guess
    from afterview.importers.records import CalendarEvent

    moment = datetime(2026, 12, 3, 15, 0, tzinfo=timezone.utc)
    bare = CalendarEvent(line=1, uid="x", start=moment, end=moment, timezone="UTC", summary="Technical interview")
    assert format_guess(bare)[0] == InterviewFormat.VIDEO and "assumed" in format_guess(bare)[1]
    linked = CalendarEvent(line=1, uid="x", start=moment, end=moment, timezone="UTC", summary="Technical interview",
                           call_link="https://meet.google.com/abc-defg-hij")
    assert format_guess(linked) == (InterviewFormat.VIDEO, "")


def test_a_company_named_in_full_in_the_title_keeps_its_name(store, tmp_path):
    imported(store, tmp_path, calendar(event("ORGANIZER;CN=Priya Raman:mailto:priya.raman@infosphere.in",
                                             summary="Phone screen - Infosphere Technologies")))
    assert "Infosphere Technologies" in companies(store)


@pytest.mark.parametrize("summary, location, company", [
    ("Onsite interview day - Initech", "Initech GmbH, Friedrichstraße 100, 10117 Berlin", "Initech"),
    ("Onsite interview day - Stark Industries", "", "Stark Industries"),
    ("Phone screen - Dana Reyes", "", ""),  # a person's name, maybe
    ("Onsite interview day - Initech", "", ""),
    ("Technical interview - Senior Data Engineer", "", ""),
])
def test_company_from_a_titles_part(summary, location, company):
    from afterview.importers.interviews import company_from_summary

    assert company_from_summary(summary, location) == company
