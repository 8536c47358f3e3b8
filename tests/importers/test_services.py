"""Imports applied to a real database: atomic, idempotent, dry runs, row-by-row skipping."""

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from afterview.domain.model import (
    Company,
    ConnectionState,
    Interview,
    InterviewFormat,
    Opportunity,
    OpportunityStatus,
    Person,
    Role,
)
from afterview.errors import ImportFailed
from afterview.importers.recognition import Rule
from afterview.services.imports import Limits, import_calendar, import_connections, import_tracker
from tests.importers.conftest import DATA, NOW


def calendar(store, name, **options):
    options.setdefault("rule", Rule())
    return import_calendar(store, DATA / name if isinstance(name, str) else name, now=NOW, user_tz="America/New_York", **options)


def snapshot(store):
    """Everything stored, as comparable plain data."""
    with store.transaction() as tx:
        facts = tx.facts()
    return repr((facts.companies, facts.opportunities, facts.people, facts.interviews))


def test_google_calendar_creates_companies_opportunities_people_and_interviews(store):
    report = calendar(store, "google_calendar.ics")
    # Ignored: the dentist, the weekly sync series, and the cancelled Hooli interview never imported.
    assert report.summary() == "3 interviews (3 new), 3 other events ignored"
    with store.transaction() as tx:
        facts = tx.facts()
        globex = tx.list(Company, name="Globex")[0]
        [technical] = tx.list(Interview, external_uid="7kukuqrfedlm2f9t0vu5oi9a1q@google.com")
    assert globex.website == "globex.com"
    opportunity = facts.opportunities[technical.opportunity_id]
    assert (opportunity.role, opportunity.status) == ("Data Engineer", OpportunityStatus.INTERVIEWING)
    assert technical.format == InterviewFormat.VIDEO and technical.stage == "technical"
    assert technical.call_link == "https://meet.google.com/abc-defg-hij"
    assert technical.timezone == "America/New_York"
    assert technical.start == datetime(2026, 12, 3, 15, 0, tzinfo=timezone.utc)
    names = {facts.people[p.person_id].name: p.role for p in technical.participants}
    assert names == {"Priya Natarajan": Role.INTERVIEWER, "Marcus Lee": Role.INTERVIEWER}  # not the user, not the room
    emails = {e for p in facts.people.values() for e in p.emails}
    assert "sam.seeker@gmail.com" not in emails
    # The all-day onsite has no attendees; its title names a company already known.
    [onsite] = [i for i in facts.interviews.values() if i.stage == "onsite"]
    assert facts.companies[facts.opportunities[onsite.opportunity_id].company_id].name == "Globex"
    assert onsite.format == InterviewFormat.ONSITE
    # A team mailbox organising the event is no one on the panel; the interview's notes name it.
    [screen] = [i for i in facts.interviews.values() if i.stage == "phone screen"]
    roles = {facts.people[p.person_id].emails[0]: p.role for p in screen.participants}
    assert roles == {"bill.lumbergh@initech.com": Role.INTERVIEWER}
    assert "Organised: Initech Recruiting <recruiting@initech.com> (a team mailbox, not on the panel)" in screen.notes
    assert "recruiting@initech.com" not in emails
    assert screen.format == InterviewFormat.PHONE
    assert facts.opportunities[screen.opportunity_id].role == "Senior Product Manager"


def test_reimport_changes_nothing(store):
    calendar(store, "google_calendar.ics")
    calendar(store, "outlook_export.ics")
    before = snapshot(store)
    again = calendar(store, "google_calendar.ics")
    assert again.counts["unchanged"] == 3 and again.counts["new"] == 0 and not again.counts["updated"]
    assert calendar(store, "outlook_export.ics").summary() == "2 interviews (2 unchanged), 1 other event ignored"
    assert snapshot(store) == before


def test_outlook_users_own_second_address_is_not_a_participant(store):
    calendar(store, "outlook_export.ics")
    with store.transaction() as tx:
        people = tx.list(Person)
        [contoso] = tx.list(Company, name="Contoso")
        [opportunity] = tx.list(Opportunity, company_id=contoso.id)
    assert "Sam Seeker" not in {p.name for p in people}  # X-OWNER and the profile's name
    assert opportunity.role == "Backend Developer"
    assert {p.name for p in people if p.company_id == contoso.id} == {"Jonas Becker", "Lena Vogel"}
    assert "Contoso Talent Acquisition" not in {p.name for p in people}  # a team mailbox, not a person


def test_invitation_update_moves_then_cancel_cancels(store):
    first = calendar(store, "invite_request.ics", rule=Rule(keywords=()))  # invitations need no keyword
    assert first.counts["new"] == 1
    moved = calendar(store, "invite_update.ics")
    assert moved.counts["updated"] == 1
    assert "moved from 2026-12-15 14:00 to 2026-12-16 10:00 Europe/London" in moved.notes[0].detail
    with store.transaction() as tx:
        [interview] = tx.list(Interview)
    assert interview.start == datetime(2026, 12, 16, 10, 0, tzinfo=timezone.utc)
    assert interview.format == InterviewFormat.ONSITE and interview.stage == "panel"
    cancelled = calendar(store, "invite_cancel.ics")
    assert cancelled.summary() == "1 cancelled"
    with store.transaction() as tx:
        assert tx.get(Interview, interview.id).cancelled
        assert tx.count(Interview) == 1
    assert calendar(store, "invite_cancel.ics").counts["unchanged"] == 1


def test_an_older_copy_of_an_invitation_never_undoes_a_newer_one(store):
    calendar(store, "invite_request.ics", rule=Rule(keywords=()))
    calendar(store, "invite_update.ics")  # SEQUENCE 1: moved to the 16th
    stale = calendar(store, "invite_request.ics", rule=Rule(keywords=()))  # SEQUENCE 0 again
    assert stale.counts["unchanged"] == 1 and not stale.counts["updated"]
    with store.transaction() as tx:
        [interview] = tx.list(Interview)
    assert interview.start == datetime(2026, 12, 16, 10, 0, tzinfo=timezone.utc)
    assert interview.external_sequence == 1


def test_cancellation_of_an_unknown_interview_is_ignored(store):
    report = calendar(store, "invite_cancel.ics")
    assert report.counts["ignored"] == 1
    with store.transaction() as tx:
        assert tx.count(Interview) == 0


def test_recurring_occurrences_each_become_an_interview(store):
    report = calendar(store, "recurring.ics")
    assert report.counts["new"] == 3
    with store.transaction() as tx:
        interviews = tx.list(Interview, order_by="start")
        [soylent] = tx.list(Company, name="Soylent")
        [opportunity] = tx.list(Opportunity, company_id=soylent.id)
    assert [i.start.astimezone(ZoneInfo("Europe/Berlin")).strftime("%d %H:%M") for i in interviews] == [
        "01 10:00", "03 15:00", "04 10:00",
    ]
    assert len({i.opportunity_id for i in interviews}) == 1
    assert opportunity.role == "Platform Engineer"


def bad_calendar(tmp_path):
    path = tmp_path / "mixed.ics"
    path.write_text(
        "BEGIN:VCALENDAR\r\n"
        "BEGIN:VEVENT\r\nUID:good-1\r\nDTSTART:20261201T150000Z\r\nSUMMARY:Interview with Acme\r\n"
        "ORGANIZER;CN=Jo:mailto:jo@acme.com\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:bad-1\r\nSUMMARY:Interview without a time\r\nEND:VEVENT\r\n"
        "END:VCALENDAR\r\n"
    )
    return path


def test_one_bad_event_means_nothing_is_written(store, tmp_path):
    before = snapshot(store)
    with pytest.raises(ImportFailed) as caught:
        calendar(store, bad_calendar(tmp_path))
    assert str(caught.value) == (
        "mixed.ics line 8: event 'Interview without a time' has no start time; nothing was imported "
        "(use --skip-bad to import the rest)"
    )
    assert snapshot(store) == before


def test_skip_bad_imports_the_rest_and_says_what_was_skipped(store, tmp_path):
    report = calendar(store, bad_calendar(tmp_path), skip_bad=True)
    assert report.summary() == (
        "1 interview (1 new), 1 skipped (line 8: event 'Interview without a time' has no start time)"
    )
    with store.transaction() as tx:
        assert tx.count(Interview) == 1


def test_dry_run_reports_but_writes_nothing(store):
    before = snapshot(store)
    report = calendar(store, "google_calendar.ics", dry_run=True)
    assert report.summary().startswith("dry run, nothing written: 3 interviews (3 new)")
    assert snapshot(store) == before


def test_broken_file_leaves_database_as_it_was(store, tmp_path):
    calendar(store, "google_calendar.ics")
    before = snapshot(store)
    path = tmp_path / "cut.ics"
    path.write_bytes((DATA / "outlook_export.ics").read_bytes()[:2500])
    with pytest.raises(ImportFailed, match="cut.ics is truncated"):
        calendar(store, path)
    assert snapshot(store) == before


def test_existing_applied_opportunity_moves_to_interviewing(store):
    with store.transaction() as tx:
        globex = tx.add(Company(name="Globex Corporation"))
        tx.add(Opportunity(company_id=globex.id, role="Data Engineer", status=OpportunityStatus.APPLIED))
        tx.add(Person(name="Priya Natarajan", company_id=globex.id))
    calendar(store, "google_calendar.ics")
    with store.transaction() as tx:
        [opportunity] = tx.list(Opportunity, company_id=globex.id)
        companies = tx.list(Company)
        priya = [p for p in tx.list(Person) if p.name == "Priya Natarajan"]
    assert opportunity.status == OpportunityStatus.INTERVIEWING
    assert opportunity.history[-1].note == "interview imported from google_calendar.ics"
    assert [c.name for c in companies].count("Globex Corporation") == 1 and "Globex" not in [c.name for c in companies]
    assert len(priya) == 1 and priya[0].emails == ["priya.natarajan@globex.com"]  # matched by name and company


# LinkedIn ------------------------------------------------------------------------------


def connections(store, name, **options):
    return import_connections(store, DATA / name if isinstance(name, str) else name, now=NOW, user_tz="Europe/Berlin", **options)


def test_connections_create_people_connected_on_their_date(store):
    report = connections(store, "linkedin_connections.csv")
    assert report.summary() == "6 connections (6 new)"
    with store.transaction() as tx:
        people = {p.name: p for p in tx.list(Person)}
        companies = {c.id: c.name for c in tx.list(Company)}
    priya = people["Priya Natarajan"]
    assert priya.connection == ConnectionState.CONNECTED
    assert priya.connected_at == datetime(2026, 11, 14, 12, tzinfo=ZoneInfo("Europe/Berlin"))  # a day: its noon
    assert priya.title == "Staff Engineer, Data Platform"
    assert companies[people["José Álvarez"].company_id] == "Acme, Inc."
    assert people["Ana de la Cruz"].company_id is None and people["Ana de la Cruz"].emails == ["ana@delacruz.dev"]


def test_connections_reimport_is_unchanged(store):
    connections(store, "linkedin_connections.csv")
    before = snapshot(store)
    assert connections(store, "linkedin_connections.csv").summary() == "6 connections (6 matched: 6 unchanged)"
    assert snapshot(store) == before


def test_connections_match_people_from_interviews(store):
    calendar(store, "google_calendar.ics")
    report = connections(store, "linkedin_connections.csv")
    assert report.summary() == "6 connections (4 new, 2 matched: 2 updated)"
    details = {n.what: n.detail for n in report.notes if n.action == "updated"}
    assert details["Priya Natarajan"].startswith("matched by name and company")  # "Globex Corporation" ~ "Globex"
    assert details["Marcus Lee"].startswith("matched by email")
    with store.transaction() as tx:
        [marcus] = [p for p in tx.list(Person) if p.name == "Marcus Lee"]
    assert marcus.linkedin_url == "https://www.linkedin.com/in/marcuslee"
    assert marcus.connection == ConnectionState.CONNECTED


def test_ambiguous_rows_are_reported_and_left_alone(store):
    with store.transaction() as tx:
        hooli = tx.add(Company(name="Hooli"))
        tx.add(Person(name="Chen Wei", company_id=hooli.id, notes="met at the panel"))
        tx.add(Person(name="Wei Chen", company_id=hooli.id))  # same name, the other order
        acme = tx.add(Company(name="Initech"))
        tx.add(Person(name="Kai Fischer", company_id=acme.id))
    report = connections(store, "linkedin_connections.csv")
    ambiguous = {n.what: n.detail for n in report.notes if n.action == "ambiguous"}
    assert set(ambiguous) == {"Chen Wei", "Kai Fischer"}  # two candidates; or someone at another company
    assert "could be #1 Chen Wei, #2 Wei Chen" == ambiguous["Chen Wei"]
    assert report.summary() == "6 connections (4 new), 2 ambiguous (not changed: check them by hand)"
    with store.transaction() as tx:
        assert tx.count(Person) == 7


def test_connections_with_a_bad_row_are_atomic_unless_skip_bad(store, tmp_path):
    path = tmp_path / "Connections.csv"
    path.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
        "Jane,Doe,https://www.linkedin.com/in/jd,,Acme,,01 Jan 2025\r\n"
        ",,https://www.linkedin.com/in/x,,Acme,,01 Jan 2025\r\n"
        "John,Roe,https://www.linkedin.com/in/jr,,Acme,,31 Feb 2025\r\n"
    )
    with pytest.raises(ImportFailed, match=r"Connections.csv line 3: no name \(and 1 more bad row\); nothing was imported"):
        connections(store, path)
    with store.transaction() as tx:
        assert tx.count(Person) == 0 and tx.count(Company) == 0
    report = connections(store, path, skip_bad=True)
    assert report.summary() == (
        "1 connection (1 new), 2 skipped (line 3: no name; line 4: John Roe: unreadable date '31 Feb 2025' "
        "(expected like 12 Mar 2024))"
    )


def test_too_many_rows_is_refused_before_anything_is_written(store, tmp_path):
    path = tmp_path / "Connections.csv"
    rows = ["First Name,Last Name,URL"] + [f"A{i},B{i},https://www.linkedin.com/in/p{i}" for i in range(200)]
    path.write_text("\n".join(rows))
    with pytest.raises(ImportFailed, match="has more than 100 rows"):
        connections(store, path, limits=Limits(max_rows=100))
    with store.transaction() as tx:
        assert tx.count(Person) == 0


# trackers ------------------------------------------------------------------------------


def test_tracker_import_and_reimport(store):
    report = import_tracker(store, DATA / "tracker_sheets.csv", now=NOW)
    assert report.summary() == "5 applications (5 new)"
    with store.transaction() as tx:
        opportunities = {o.role: o for o in tx.list(Opportunity)}
        people = {p.name: p for p in tx.list(Person)}
    hooli = opportunities["Product Analyst"]
    assert hooli.status == OpportunityStatus.REJECTED
    assert [h.status for h in hooli.history] == [OpportunityStatus.APPLIED, OpportunityStatus.REJECTED]
    assert hooli.created_at.date() == date(2026, 9, 15)
    assert people["Monica Hall"].emails == ["monica@piedpiper.com"]
    before = snapshot(store)
    assert import_tracker(store, DATA / "tracker_sheets.csv", now=NOW).summary() == "5 applications (5 unchanged)"
    assert snapshot(store) == before


def test_tracker_status_only_moves_forward(store, tmp_path):
    import_tracker(store, DATA / "tracker_sheets.csv", now=NOW)
    older = tmp_path / "old.csv"
    older.write_text("Company,Role,Status\nPied Piper,Backend Engineer,Applied\nInitech,Senior Product Manager,Final round\n")
    report = import_tracker(store, older, now=NOW)
    assert report.counts == {"unchanged": 1, "updated": 1}
    with store.transaction() as tx:
        statuses = {o.role: o.status for o in tx.list(Opportunity)}
    assert statuses["Backend Engineer"] == OpportunityStatus.OFFER  # not back to applied
    assert statuses["Senior Product Manager"] == OpportunityStatus.INTERVIEWING


def test_tracker_calendar_then_sheet_meet_on_the_same_opportunity(store):
    calendar(store, "google_calendar.ics")
    report = import_tracker(store, DATA / "tracker_sheets.csv", now=NOW)
    assert report.counts["new"] == 3 and report.counts["updated"] == 2
    with store.transaction() as tx:
        assert tx.count(Opportunity) == 2 + 3  # Globex and Initech came from the calendar


@pytest.mark.postgres
def test_calendar_and_connections_on_postgresql(pg_url):
    from afterview.domain.model import Profile
    from afterview.storage import open_store

    store = open_store(pg_url)
    try:
        with store.transaction() as tx:
            tx.save_profile(Profile(name="Sam Seeker", email="sam.seeker@gmail.com"))
        assert calendar(store, "google_calendar.ics").counts["new"] == 3
        assert connections(store, "linkedin_connections.csv").counts == {"new": 4, "updated": 2}
        before = snapshot(store)
        assert calendar(store, "google_calendar.ics").counts["unchanged"] == 3
        assert connections(store, "linkedin_connections.csv").counts == {"unchanged": 6}
        with pytest.raises(ImportFailed):
            calendar(store, DATA / "linkedin_connections.csv")
        assert snapshot(store) == before
    finally:
        store.close()


def test_a_day_without_a_time_stays_that_day_when_the_zone_changes_later(store, tmp_path):
    # Imported while the profile had no zone (UTC), shown after it is set to Los Angeles: the
    # application date must not become the day before.
    sheet = tmp_path / "tracker.csv"
    sheet.write_text("Company,Role,Applied\nGlobex,Data Engineer,2026-04-05\n")
    import_tracker(store, sheet, now=NOW, user_tz="UTC")
    with store.transaction() as tx:
        applied = tx.list(Opportunity)[0].history[0].at
    for zone in ("America/Los_Angeles", "Asia/Tokyo", "UTC"):  # (noon holds within 11 hours either way)
        assert applied.astimezone(ZoneInfo(zone)).date() == date(2026, 4, 5), zone
