"""Reading iCalendar files as real calendars write them."""

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from afterview.errors import ImportFailed
from afterview.importers import ical
from afterview.importers.files import check_file
from afterview.importers.records import CalendarEvent, Problem
from afterview.importers.recognition import Rule, rule_from_config
from tests.importers.conftest import DATA, WINDOW


def read(path, *, tz="UTC", window=WINDOW, max_events=1000):
    source = check_file(path, ical.WHAT)
    info = ical.scan(source, max_events=max_events)
    return info, list(ical.read_events(source, info, default_tz=tz, window=window))


def by_summary(items, text):
    found = [e for e in items if isinstance(e, CalendarEvent) and text in e.summary]
    assert found, f"no event with {text!r}"
    return found


def test_google_export_utc_times_shown_in_calendar_zone():
    info, items = read(DATA / "google_calendar.ics")
    assert info.method == "PUBLISH" and not info.is_invitation
    assert info.calendar_tz == "America/New_York"
    assert info.owner == "sam.seeker@gmail.com"
    [event] = by_summary(items, "Technical Interview")
    assert event.start == datetime(2026, 12, 3, 15, 0, tzinfo=timezone.utc)
    assert event.timezone == "America/New_York"
    assert event.start.utcoffset() == timedelta(hours=-5)
    assert event.end - event.start == timedelta(hours=1)
    assert event.call_link == "https://meet.google.com/abc-defg-hij"
    assert event.uid == "7kukuqrfedlm2f9t0vu5oi9a1q@google.com"
    assert event.line == 26


def test_google_attendees_folded_names_and_rooms():
    _, items = read(DATA / "google_calendar.ics")
    [event] = by_summary(items, "Technical Interview")
    people = event.people()
    assert [p.email for p in people] == [
        "priya.natarajan@globex.com",
        "marcus.lee@globex.com",
        "sam.seeker@gmail.com",
    ]
    assert people[0].organizer and people[0].name == "Priya Natarajan"
    assert people[1].name == "Marcus Lee"  # folded across two lines with the space kept
    assert people[2].name == ""  # the CN was the address itself
    rooms = [a for a in event.attendees if a.resource]
    assert rooms and "resource.calendar.google.com" in rooms[0].email


def test_all_day_event_spans_the_day_in_the_calendar_zone():
    _, items = read(DATA / "google_calendar.ics")
    [event] = by_summary(items, "Onsite interview day")
    assert event.all_day
    assert event.start == datetime(2026, 12, 10, tzinfo=ZoneInfo("America/New_York"))
    # ends on its own day (23:59), not at the next midnight: a Thursday onsite is no Friday interview
    assert event.end == datetime(2026, 12, 10, 23, 59, tzinfo=ZoneInfo("America/New_York"))
    assert "Main St, New York" in event.location


def test_cancelled_status_in_an_export():
    _, items = read(DATA / "google_calendar.ics")
    [event] = by_summary(items, "Hiring manager interview")
    assert event.cancelled and event.sequence == 2


def test_recurring_series_expands_only_real_occurrences_within_window():
    _, items = read(DATA / "google_calendar.ics")
    weekly = by_summary(items, "Weekly sync")
    days = {e.start.date().isoformat() for e in weekly if not e.removed}  # an EXDATE comes as removed
    assert {e.start.date().isoformat() for e in weekly if e.removed} == {"2026-11-23"}
    assert "2026-11-16" in days and "2026-11-30" in days
    assert "2026-11-23" not in days  # EXDATE
    assert all(WINDOW[0] <= e.start <= WINDOW[1] for e in weekly)
    assert len({e.uid for e in weekly}) == len(weekly)


def test_recurrence_override_moves_one_occurrence():
    _, items = read(DATA / "recurring.ics")
    loop = [e for e in by_summary(items, "Soylent interview loop") if not e.removed]  # EXDATEs come as removed
    assert [e.start.strftime("%m-%d %H:%M") for e in loop] == ["12-01 10:00", "12-03 15:00", "12-04 10:00"]
    moved = loop[1]
    assert moved.summary.endswith("(moved)")
    assert moved.uid == "loop-1234@google.com/20261203T090000Z"  # keyed by the original slot
    assert (loop[0].line, moved.line) == (5, 17)  # each at its own VEVENT
    assert "mia.wagner@soylent.de" in [a.email for a in moved.attendees]


def test_endless_series_is_cut_at_the_window():
    window = (datetime(2026, 1, 1, tzinfo=timezone.utc), datetime(2026, 2, 1, tzinfo=timezone.utc))
    _, items = read(DATA / "recurring.ics", window=window)
    standups = by_summary(items, "Job club standup")
    assert len(standups) == 4


def test_outlook_windows_zone_names_become_iana():
    info, items = read(DATA / "outlook_export.ics")
    assert info.owner == "sam.seeker@outlook.com"
    [contoso] = by_summary(items, "Contoso")
    assert contoso.timezone == "Europe/Berlin"
    assert contoso.start == datetime(2026, 12, 8, 9, 30, tzinfo=timezone.utc)
    assert contoso.call_link.startswith("https://teams.microsoft.com/l/meetup-join/19%3ameeting_NjE2ZTM4")
    assert contoso.organizer.email == "talent@contoso.de"
    [fabrikam] = by_summary(items, "Fabrikam")
    assert fabrikam.timezone == "America/Los_Angeles"
    assert fabrikam.start == datetime(2026, 12, 9, 17, 0, tzinfo=timezone.utc)
    assert fabrikam.call_link.startswith("https://fabrikam.zoom.us/j/98765432100")


def test_custom_outlook_zone_is_matched_to_a_real_zone():
    info, [event] = read(DATA / "invite_request.ics", tz="UTC")
    assert info.is_invitation and info.method == "REQUEST"
    assert event.timezone == "Europe/London"
    assert event.start == datetime(2026, 12, 15, 14, 0, tzinfo=timezone.utc)
    assert event.end - event.start == timedelta(minutes=90)
    room = [a for a in event.attendees if a.resource]
    assert room and room[0].email == "room401@umbrella.co.uk"


def test_cancel_invitation_is_cancelled_and_keeps_the_title():
    info, [event] = read(DATA / "invite_cancel.ics")
    assert info.method == "CANCEL"
    assert event.cancelled
    assert event.summary == "Panel interview - Research Scientist"


def test_apple_export_url_property_and_zone():
    _, items = read(DATA / "apple_calendar.ics")
    [event] = by_summary(items, "Design interview")
    assert event.timezone == "Europe/London"
    assert event.call_link.startswith("https://us02web.zoom.us/j/81234567890")
    assert event.location.startswith("Wonka Labs\n12 Chocolate Lane")


def test_event_without_start_is_a_problem_with_its_line(tmp_path):
    path = tmp_path / "broken.ics"
    path.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:a\r\nSUMMARY:Interview\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:b\r\nDTSTART:20261201T100000Z\r\nSUMMARY:Interview 2\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    _, items = read(path)
    assert isinstance(items[0], Problem) and items[0].line == 3 and "no start time" in items[0].message
    assert isinstance(items[1], CalendarEvent)
    assert items[1].end - items[1].start == timedelta(hours=1)  # no DTEND: an hour


def test_floating_time_uses_the_given_zone(tmp_path):
    path = tmp_path / "floating.ics"
    path.write_text(
        "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:f\nDTSTART:20261201T100000\nDURATION:PT45M\n"
        "SUMMARY:Interview\nEND:VEVENT\nEND:VCALENDAR\n"
    )
    _, [event] = read(path, tz="Asia/Tokyo")
    assert event.timezone == "Asia/Tokyo"
    assert event.start == datetime(2026, 12, 1, 1, 0, tzinfo=timezone.utc)
    assert event.end - event.start == timedelta(minutes=45)


@pytest.mark.parametrize(
    "content, expected",
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "is not an iCalendar file: it is a PNG image"),
        (b"<!DOCTYPE html><html><body>Sign in</body></html>", "is not an iCalendar file: it is an HTML page"),
        (b"BEGIN:VCARD\r\nVERSION:4.0\r\nEND:VCARD\r\n", "is not an iCalendar file: it is a vCard file"),
        (b"Subject: invitation\r\n\r\nhello", "starts with 'Subject: invitation', not BEGIN:VCALENDAR"),
        (b"", "is not an iCalendar file: the file is empty"),
        (b"PK\x03\x04\x14\x00\x00\x00", "it is a ZIP archive"),
        (b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART:20261201T100000Z\r\n", "is truncated: BEGIN:VEVENT on line 2 is never closed"),
        (b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VALARM\r\nEND:VCALENDAR\r\n", "line 3: END:VALARM does not close VEVENT from line 2"),
        (b"BEGIN:VCALENDAR\r\nSUMMARY:caf\xe9 \x81\x8d\r\nEND:VCALENDAR\r\n", "is not text in UTF-8 or Windows-1252: byte 0x81 on line 2"),
    ],
)
def test_files_that_are_not_calendars_are_refused_in_one_line(tmp_path, content, expected):
    path = tmp_path / "invite.ics"
    path.write_bytes(content)
    with pytest.raises(ImportFailed) as caught:
        read(path)
    message = str(caught.value)
    assert expected in message
    assert message.startswith("invite.ics")
    assert "\n" not in message


def test_utf16_calendar_with_bom_is_read(tmp_path):
    path = tmp_path / "utf16.ics"
    text = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:u\r\nDTSTART:20261201T100000Z\r\nSUMMARY:Entretien d’embauche\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    path.write_bytes(text.encode("utf-16"))
    _, [event] = read(path)
    assert event.summary == "Entretien d’embauche"


def test_too_many_events_and_too_large_files_are_refused(tmp_path):
    path = tmp_path / "big.ics"
    events = "".join(f"BEGIN:VEVENT\r\nUID:{i}\r\nDTSTART:20261201T100000Z\r\nEND:VEVENT\r\n" for i in range(5))
    path.write_text("BEGIN:VCALENDAR\r\n" + events + "END:VCALENDAR\r\n")
    with pytest.raises(ImportFailed, match="more than 3 events"):
        read(path, max_events=3)
    with pytest.raises(ImportFailed, match=r"big.ics is 0.0 MB; files over 1e-05 MB are refused"):
        check_file(path, ical.WHAT, max_mb=0.00001)


def test_a_100_mb_file_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "huge.ics"
    with path.open("wb") as stream:
        stream.truncate(100 * 1024 * 1024)  # sparse: the size check must not read it
    with pytest.raises(ImportFailed, match=r"huge.ics is 100.0 MB; files over 50 MB are refused"):
        check_file(path, ical.WHAT)


def test_missing_file_is_one_line(tmp_path):
    with pytest.raises(ImportFailed, match="no such file"):
        check_file(tmp_path / "nope.ics", ical.WHAT)


# recognition ---------------------------------------------------------------------------


def event(summary="", emails=(), uid="u1", description=""):
    from afterview.importers.records import Attendee

    now = datetime(2026, 12, 1, tzinfo=timezone.utc)
    return CalendarEvent(
        line=1, uid=uid, start=now, end=now, timezone="UTC", summary=summary, description=description,
        attendees=[Attendee(email=e) for e in emails],
    )


@pytest.mark.parametrize(
    "summary, expected",
    [
        ("Interview: Senior Engineer", "keyword 'interview'"),
        ("Phone Screen w/ Acme", "keyword 'phone screen'"),
        ("Hiring Manager chat", "keyword 'hiring manager'"),
        ("On-site at Globex", "keyword 'on-site'"),
        ("Dentist", ""),
        ("Interviewer training", ""),  # a word that only starts like a keyword
        ("Screenshots review", ""),
    ],
)
def test_keywords_match_whole_words(summary, expected):
    assert Rule().reason(event(summary)) == expected


def test_domains_uids_and_recruiting_services():
    rule = Rule(keywords=(), domains=("acme.com",), uids=("listed@x",))
    assert rule.reason(event("Chat", ["jane@eu.acme.com"])) == "domain acme.com"
    assert rule.reason(event("Coffee", uid="listed@x/20261201T100000Z")) == "listed UID"
    assert rule.reason(event("Chat", ["no-reply@greenhouse.io"])) == "sent by a recruiting service"
    assert rule.reason(event("Chat", ["friend@gmail.com"])) == ""
    assert Rule(everything=True).reason(event("Dentist")) == "all events"


def test_rule_from_config_and_command_line_override():
    rule = rule_from_config({"keywords": ["Gespräch"], "domains": ["contoso.de"], "uids": ["x"]})
    assert rule.reason(event("Gespräch mit Contoso")) == "keyword 'gespräch'"
    assert rule.reason(event("Interview")) == ""
    overridden = rule_from_config({"keywords": ["Gespräch"]}, keywords=("loop",))
    assert overridden.reason(event("Gespräch")) == "" and overridden.reason(event("Onsite loop"))
    extra = rule_from_config({"extra_keywords": ["kennenlernen"]})
    assert extra.reason(event("Kennenlernen")) and extra.reason(event("Interview"))


def test_bad_config_is_a_config_error():
    from afterview.errors import ConfigError

    with pytest.raises(ConfigError, match=r"\[import.calendar\] keywords must be a list of strings"):
        rule_from_config({"keywords": "interview"})


def test_a_custom_zone_defined_after_its_events_is_still_used(tmp_path):
    path = tmp_path / "late.ics"
    path.write_text(
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART;TZID=My Zone:20261201T100000\r\nSUMMARY:Interview\r\n"
        "END:VEVENT\r\nBEGIN:VTIMEZONE\r\nTZID:My Zone\r\nBEGIN:STANDARD\r\nDTSTART:16010101T000000\r\n"
        "TZOFFSETFROM:+0530\r\nTZOFFSETTO:+0530\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\nEND:VCALENDAR\r\n"
    )
    info, [event] = read(path, tz="Europe/Paris")
    assert info.late_timezones
    assert event.start == datetime(2026, 12, 1, 4, 30, tzinfo=timezone.utc)
    assert event.timezone in ("Asia/Kolkata", "Asia/Calcutta")


def test_broken_recurrences_are_problems_not_crashes(tmp_path):
    path = tmp_path / "badrec.ics"
    path.write_text(
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:s\r\nDTSTART:20261201T100000Z\r\nRRULE:FREQ=DAILY;COUNT=2\r\n"
        "SUMMARY:Interview\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:s\r\nRECURRENCE-ID:garbage\r\n"
        "DTSTART:20261202T120000Z\r\nSUMMARY:Interview\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:t\r\n"
        "DTSTART:20261201T100000Z\r\nRRULE:FREQ=SOMETIMES\r\nSUMMARY:Interview\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    _, items = read(path)
    assert [(type(i), i.line) for i in items] == [(Problem, 2), (Problem, 14)]
    assert "recurring event 's' cannot be expanded" in items[0].message


def test_a_start_that_is_not_a_time_is_a_problem_in_words(tmp_path):
    path = tmp_path / "typed.ics"
    path.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:a\r\nSUMMARY:Interview\r\nDTSTART:2026-12-03 99:00\r\n"
        "END:VEVENT\r\nBEGIN:VEVENT\r\nUID:b\r\nSUMMARY:Interview 2\r\nDTSTART:20261203T100000Z\r\n"
        "DTEND:tomorrow\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    _, items = read(path)
    assert [type(i) for i in items] == [Problem, Problem]
    assert items[0].message == "event 'Interview': the start is not a date or time: '2026-12-03 99:00'"
    assert items[1].message == "event 'Interview 2': the end is not a date or time: 'tomorrow'"


@pytest.mark.parametrize("summary, company", [
    ("Interview with Acme Corp - Backend Engineer", "Acme Corp"),
    ("Phone screen with Contoso Health (Data Analyst)", "Contoso Health"),
    ("Interview with Initech Inc.", "Initech Inc."),
    ("Interview at Globex", "Globex"),
    ("Interview with Dana Reyes", ""),  # a person
    ("Chat with Tom Becker - Data Engineer", ""),
])
def test_the_company_a_title_names(summary, company):
    from afterview.importers.interviews import company_from_summary

    assert company_from_summary(summary) == company
