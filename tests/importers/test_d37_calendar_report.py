"""What a calendar import says of the tester's findings: who declined and was left off the
panel, ids a dry run never writes, an older copy of an invitation ignored, a format assumed."""

from __future__ import annotations

from pathlib import Path

from afterview.domain.model import Interview

from tests.importers.test_d37_calendar_findings import calendar, event, imported, interviews, panel, store  # noqa: F401

DATA = Path(__file__).parent / "data"


def test_who_declined_is_said_and_noted(store, tmp_path):  # noqa: F811
    report = imported(store, tmp_path, (DATA / "d37_declined.ics").read_text(encoding="utf-8"))
    [interview] = interviews(store)
    said = [w for w in report.warnings if "Marcus Webb" in w]
    assert said == [
        f"invite.ics line 24: Marcus Webb <marcus.webb@globex.com>: not put on the panel of interview {interview.id}: "
        "declined the invitation; if they interviewed you after all: afterview person add 'Marcus Webb' --email "
        f"marcus.webb@globex.com --company Globex, then afterview interview edit {interview.id} --with "
        "marcus.webb@globex.com"]
    assert "Also invited: Marcus Webb <marcus.webb@globex.com> (declined the invitation; not on the panel)" \
        in interview.notes


def test_a_dry_run_names_people_not_ids_it_never_writes(store, tmp_path):  # noqa: F811
    report = imported(store, tmp_path, (DATA / "d37_declined.ics").read_text(encoding="utf-8"), dry_run=True)
    assert not interviews(store)
    zones = [w for w in report.warnings if "time zone" in w]
    assert zones and all("person edit 1" not in w and "person edit 2" not in w for w in zones)
    assert any(w.endswith("correct with afterview person edit 'Rita Recruiter'") for w in zones)
    assert all("interview 1" not in w for w in report.warnings)


def copy(stamp: str, start: str) -> str:
    return calendar(event("ORGANIZER;CN=Ann Lee:mailto:ann@globex.com", "SEQUENCE:0",
                          f"LAST-MODIFIED:{stamp}", start=f"DTSTART;TZID=America/New_York:{start}",
                          end=f"DTEND;TZID=America/New_York:{start[:-6]}235900"))


def test_an_older_copy_of_the_same_sequence_does_not_move_the_interview_back(store, tmp_path):  # noqa: F811
    imported(store, tmp_path, copy("20261202T100000Z", "20261210T100000"), name="new.ics")
    report = imported(store, tmp_path, copy("20261201T100000Z", "20261209T100000"), name="old.ics")
    [interview] = interviews(store)
    assert interview.start.date().isoformat() == "2026-12-10"
    assert report.counts["unchanged"] == 1
    assert [w for w in report.warnings if "older copy" in w] == [
        f"old.ics line 5: event 'Technical interview' is an older copy of the invitation than the one imported "
        f"(changed 2026-12-01 10:00 UTC, the one imported 2026-12-02 10:00 UTC, with the same SEQUENCE), so "
        f"interview {interview.id} was left as it is"]
    # a copy changed after it still moves it
    report = imported(store, tmp_path, copy("20261203T100000Z", "20261211T100000"), name="newest.ics")
    assert interviews(store)[0].start.date().isoformat() == "2026-12-11"
    assert report.counts["updated"] == 1


def test_an_older_copy_is_said_to_be_ignored(tmp_path):
    from tests.helpers import afterview

    db = str(tmp_path / "b.db")
    (tmp_path / "new.ics").write_text(copy("20261202T100000Z", "20261210T100000"))
    (tmp_path / "old.ics").write_text(copy("20261201T100000Z", "20261209T100000"))
    assert afterview("--db", db, "--at", "2026-11-26 10:00", "calendar", "import", str(tmp_path / "new.ics")).code == 0
    result = afterview("--db", db, "--at", "2026-11-26 10:00", "calendar", "import", str(tmp_path / "old.ics"))
    assert result.code == 0, result.err
    assert "an older copy of the invitation than the one imported" in result.err


def test_the_format_assumed_is_said(store, tmp_path):  # noqa: F811
    report = imported(store, tmp_path, calendar(event("ORGANIZER;CN=Ann Lee:mailto:ann@globex.com")))
    [note] = [n for n in report.notes if n.action == "new"]
    assert "video assumed" in note.detail


def test_the_place_names_the_company_a_title_gives_bare(store, tmp_path):  # noqa: F811
    from afterview.domain.model import Company

    imported(store, tmp_path, calendar(event("LOCATION:Initech GmbH\\, Friedrichstraße 100\\, 10117 Berlin",
                                             summary="Onsite interview day - Initech",
                                             start="DTSTART;VALUE=DATE:20261217", end="DTEND;VALUE=DATE:20261218")))
    with store.transaction() as tx:
        assert {c.name for c in tx.list(Company)} == {"Initech"}
    assert Interview  # the model is imported for readers of this file
