"""Trackers met in the field: a sheet and a calendar imported in either order, duplicate rows,
re-applications, Huntr, Notion and other exports' cells and dates, files of another kind, a
repeated header and a total row, two-digit years and dates without a year."""

from __future__ import annotations

import json
from datetime import date

import pytest

from afterview.importers import tracker
from tests.importers.conftest import run


def read_sheet_date(text: str, **options):
    return tracker.read_sheet_date(text, **options)

SHEET = """Company,Job Title,Status,Date Applied,Job Link,Source,Contact,Contact Email,Notes
Acme,Data Engineer,Applied,11/03/2026,https://acme.example/jobs/1,LinkedIn,Jane Roe,jane.roe@acme.example,Referral from Bob
ACME Inc.,Data Engineer,Phone screen,11/05/2026,,,,,dup spelled differently
Globex,Analytics Engineer,Rejected,09/20/2026,globex.example/careers/7,Indeed,Hank Scorpio,hank@globex.example,"Line one
Line two, with comma"
Initech,Backend Dev,Ghosted,08/01/2026,,,,,
,,,,,,,,
Umbrella,ML Engineer,Offer!,10/15/2026,,Referral,,,
Hooli,SRE,Interviewing,11/20/2026,,,Gavin B,gavin@hooli.example,onsite 11/25
"""


def _event(uid: str, start: str, summary: str, organizer: str) -> str:
    name, address = organizer.split(":")
    return (f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTART:{start}\r\nDTEND:{start[:9]}{int(start[9:11]) + 1:02d}0000Z\r\n"
            f"SUMMARY:{summary}\r\nORGANIZER;CN={name}:mailto:{address}\r\nATTENDEE;CN={name}:mailto:{address}\r\n"
            "ATTENDEE;CN=Sam Seeker:mailto:sam@mail.example\r\nEND:VEVENT\r\n")


CALENDAR = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\n"
            + _event("old1@google.com", "20260915T130000Z", "Globex | Analytics Engineer - Technical Interview",
                     "Hank Scorpio:hank@globex.example")
            + _event("old2@google.com", "20260805T130000Z", "Initech phone screen", "Bill Lumbergh:bill@initech.example")
            + _event("new1@google.com", "20261125T130000Z", "Hooli SRE onsite interview", "Gavin B:gavin@hooli.example")
            + _event("umb@google.com", "20261001T130000Z", "Umbrella final round", "Ada Wong:ada@umbrella.example")
            + "END:VCALENDAR\r\n")


@pytest.fixture
def files(tmp_path):
    sheet, calendar = tmp_path / "gsheets.csv", tmp_path / "cal.ics"
    sheet.write_text(SHEET, encoding="utf-8")
    calendar.write_text(CALENDAR, encoding="utf-8")
    return sheet, calendar


def _ok(capsys, *argv) -> tuple[str, str]:
    code, out, err = run(capsys, *argv)
    assert code == 0, err
    return out, err


def _profile(capsys) -> None:
    _ok(capsys, "profile", "set", "--name", "Sam Seeker", "--email", "sam@mail.example", "--tz", "Europe/Berlin")


def _opportunities(capsys) -> dict[tuple[str, str], dict]:
    companies = {c["id"]: c["name"] for c in json.loads(_ok(capsys, "company", "list", "--json")[0])}
    return {(companies[o["company_id"]], o["role"]): o
            for o in json.loads(_ok(capsys, "opportunity", "list", "--json")[0])}


def _plan(capsys) -> list[dict]:
    return json.loads(_ok(capsys, "plan", "--json")[0])["actions"]


def _interviews(capsys) -> list[dict]:
    return json.loads(_ok(capsys, "interview", "list", "--json")[0])


# -- 1. the sheet, then the calendar: a past interview of a closed application is filed there ---


def test_a_past_interview_of_an_application_the_sheet_closed_is_filed_there(capsys, files):
    sheet, calendar = files
    _profile(capsys)
    _ok(capsys, "csv", "import", str(sheet))
    before = _opportunities(capsys)
    out, _ = _ok(capsys, "calendar", "import", str(calendar))
    after = _opportunities(capsys)
    assert len(after) == len(before) == 5  # no second Globex, no Initech "(role unknown)"
    globex, initech = after[("Globex", "Analytics Engineer")], after[("Initech", "Backend Dev")]
    assert globex["status"] == "rejected" and initech["status"] == "no-response"
    filed = {i["external_uid"]: i["opportunity_id"] for i in _interviews(capsys)}
    assert filed["old1@google.com"] == globex["id"] and filed["old2@google.com"] == initech["id"]
    assert "rejected: the interview is part of that process, which closed after it" in out
    assert "no new follow-up is planned" in out
    planned = {(a["kind"], a["opportunity_id"]) for a in _plan(capsys)}
    assert not {kind for kind, opportunity in planned if opportunity in (globex["id"], initech["id"])} - {
        "rejection_reply"}  # no thank-you, no status check, no "I remain very interested"


def test_an_interview_after_the_application_closed_is_a_new_process(capsys, tmp_path):
    _profile(capsys)
    sheet = tmp_path / "s.csv"
    sheet.write_text("Company,Role,Status,Date Applied\nGlobex,Analytics Engineer,Rejected,2026-08-01\n")
    calendar = tmp_path / "c.ics"
    calendar.write_text(CALENDAR, encoding="utf-8")
    _ok(capsys, "csv", "import", str(sheet))
    _ok(capsys, "calendar", "import", str(calendar))
    filed = {i["external_uid"]: i["opportunity_id"] for i in _interviews(capsys)}
    assert filed["old1@google.com"] == 1  # past: part of the closed process
    later = tmp_path / "later.ics"
    later.write_text(CALENDAR.replace("old1@google.com", "later@google.com").replace("20260915", "20261203"),
                     encoding="utf-8")
    _ok(capsys, "calendar", "import", str(later))
    filed = {i["external_uid"]: i["opportunity_id"] for i in _interviews(capsys)}
    assert filed["later@google.com"] != 1  # after it closed, and ahead: a new process


# -- 2. the calendar, then the sheet: old news stays old -----------------------------------------


def test_the_calendar_then_the_sheet_dates_a_status_on_its_row(capsys, files):
    sheet, calendar = files
    _profile(capsys)
    _ok(capsys, "calendar", "import", str(calendar))
    out, _ = _ok(capsys, "csv", "import", str(sheet))
    found = _opportunities(capsys)
    assert set(found) == {("Acme", "Data Engineer"), ("Globex", "Analytics Engineer"), ("Initech", "Backend Dev"),
                          ("Umbrella", "ML Engineer"), ("Hooli", "SRE")}  # "(role unknown)" took the row's role
    assert "role (role unknown) -> Backend Dev (the application a calendar import made without a role)" in out
    globex = found[("Globex", "Analytics Engineer")]
    assert [(c["status"], c["at"][:10]) for c in globex["history"]] == [
        ("interviewing", "2026-09-15"), ("rejected", "2026-09-20")]
    replies = [a for a in _plan(capsys) if a["kind"] == "rejection_reply"]
    assert replies and all(a["due"] < "2026-10-01" for a in replies)  # not "due within 24 h" of today


def test_both_orders_give_the_same_applications_and_plan(capsys, files, tmp_path, monkeypatch):
    sheet, calendar = files
    _profile(capsys)
    _ok(capsys, "csv", "import", str(sheet))
    _ok(capsys, "calendar", "import", str(calendar))
    first = ({k: v["status"] for k, v in _opportunities(capsys).items()}, sorted(a["kind"] for a in _plan(capsys)))
    other = tmp_path / "other-home"
    other.mkdir()
    monkeypatch.setenv("AFTERVIEW_HOME", str(other))
    _profile(capsys)
    _ok(capsys, "calendar", "import", str(calendar))
    _ok(capsys, "csv", "import", str(sheet))
    second = ({k: v["status"] for k, v in _opportunities(capsys).items()}, sorted(a["kind"] for a in _plan(capsys)))
    assert first == second


# -- 3. a second row for the same application ----------------------------------------------------


def test_a_duplicate_row_adds_its_notes_and_dates_its_status_on_its_row(capsys, files):
    sheet, _ = files
    _profile(capsys)
    out, _ = _ok(capsys, "csv", "import", str(sheet))
    assert "line 3: updated: Acme, Data Engineer: status applied -> interviewing, notes added" in out
    acme = _opportunities(capsys)[("Acme", "Data Engineer")]
    assert acme["notes"] == "Referral from Bob\ndup spelled differently"
    assert [(c["status"], c["at"][:10]) for c in acme["history"]] == [
        ("applied", "2026-11-03"), ("interviewing", "2026-11-05")]
    out, _ = _ok(capsys, "csv", "import", str(sheet))
    assert out.strip().endswith("6 applications (6 unchanged)")


# -- 9. two applications to one role -------------------------------------------------------------


def test_an_export_with_two_applications_to_one_role_imports_as_two(capsys, tmp_path):
    export = tmp_path / "opps.csv"
    export.write_text(
        "Id,Company,Role,Status,Status Since,Applied,Source,Link,Contacts,Notes\r\n"
        "2,Globex,Analytics Engineer,rejected,2026-09-20,2026-09-20,Indeed,,Hank Scorpio <hank@globex.example>,\r\n"
        "6,Globex,Analytics Engineer,interviewing,2026-11-20,2026-11-20,calendar,,Hank Scorpio <hank@globex.example>,\r\n",
        encoding="utf-8")
    out, _ = _ok(capsys, "csv", "import", str(export))
    assert out.strip().endswith("2 applications (2 new)")
    statuses = sorted(o["status"] for o in json.loads(_ok(capsys, "opportunity", "list", "--json")[0]))
    assert statuses == ["interviewing", "rejected"]
    out, _ = _ok(capsys, "csv", "import", str(export))
    assert out.strip().endswith("2 applications (2 unchanged)")
    export.write_text(export.read_text(encoding="utf-8").replace("calendar,,", "calendar,https://globex.example/7,"),
                      encoding="utf-8")  # the second row changed: it applies to the second application
    out, _ = _ok(capsys, "csv", "import", str(export))
    assert "line 3: updated: Globex, Analytics Engineer: link" in out
    links = {o["status"]: o["link"] for o in json.loads(_ok(capsys, "opportunity", "list", "--json")[0])}
    assert links == {"rejected": "", "interviewing": "https://globex.example/7"}


# -- 4. other trackers' exports --------------------------------------------------------------------


def test_huntr_keeps_the_status_in_its_list_column(capsys, tmp_path):
    huntr = tmp_path / "huntr.csv"
    huntr.write_text(
        "Job Title,Employer,Job URL,Location,Salary,List,Date Created,Date Applied,Job Description\n"
        "Data Scientist,Pied Piper,https://jobs.lever.co/pp/123,\"Palo Alto, CA\",$150k,Interviewing,"
        "2026-10-01T14:22:00.000Z,2026-10-02T09:00:00.000Z,Long desc\n"
        "ML Eng,Raviga,https://raviga.example/j,Remote,,Rejected,2026-09-01T14:22:00.000Z,2026-09-03T09:00:00.000Z,\n",
        encoding="utf-8")
    _ok(capsys, "csv", "import", str(huntr))
    found = _opportunities(capsys)
    assert found[("Pied Piper", "Data Scientist")]["status"] == "interviewing"
    assert found[("Raviga", "ML Eng")]["status"] == "rejected"


def test_a_notion_relation_gives_the_name(capsys, tmp_path):
    notion = tmp_path / "notion.csv"
    notion.write_text(
        "\ufeffCompany,Position,Status,Applied,Link,Contacts,Notes\n"
        "Dunder Mifflin,Sales,Interviewing,\"November 3, 2026\",https://dm.example,"
        "\"Michael Scott (https://www.notion.so/Michael-Scott-abc123), Pam Beesly (https://www.notion.so/Pam-9f)\",first\n"
        "Vandelay,Importer,Applied,\"October 12, 2026 2:00 PM\",,,\n", encoding="utf-8")
    _ok(capsys, "csv", "import", str(notion))
    names = sorted(p["name"] for p in json.loads(_ok(capsys, "person", "list", "--json")[0]))
    assert names == ["Michael Scott", "Pam Beesly"]
    assert _opportunities(capsys)[("Vandelay", "Importer")]["created_at"].startswith("2026-10-12")


@pytest.mark.parametrize("text", ["2026/11/03", "11-03-2026", "Tuesday, November 3, 2026", "3. November 2026",
                                  "20261103", "November 3, 2026 2:00 PM", "Nov 3rd, 2026", "3. November 2026 14:00",
                                  "3 de noviembre de 2026", "3. November, 2026", "Tue, Nov 3, 2026"])
def test_dates_as_other_exports_write_them(text):
    assert read_sheet_date(text) == (date(2026, 11, 3), "")


def test_a_dash_date_follows_the_sheets_order():
    assert read_sheet_date("03-11-2026", day_first=True) == (date(2026, 11, 3), "")


@pytest.mark.parametrize("text", ["Monday, November 3, 2026", "Nov 3 2026 and more", "31/31/2026", "Date Applied"])
def test_a_date_that_says_two_things_is_not_read(text):
    with pytest.raises(ValueError):
        read_sheet_date(text)


def test_a_day_without_a_year_is_the_most_recent_one_said(capsys, tmp_path):
    sheet = tmp_path / "noyear.csv"
    sheet.write_text("Company,Role,Date Applied\nA,R,Nov 3\nB,R,Dec 3\n", encoding="utf-8")
    out, err = _ok(capsys, "csv", "import", str(sheet))
    found = _opportunities(capsys)
    assert found[("A", "R")]["created_at"].startswith("2026-11-03")
    assert found[("B", "R")]["created_at"].startswith("2025-12-03")  # Dec 3, 2026 is ahead of 26 Nov 2026
    assert "noyear.csv line 3: B: the applied date gives no year (Dec 3): read as 2025-12-03" in err
    out, _ = _ok(capsys, "csv", "import", str(sheet))
    assert out.strip().endswith("2 applications (2 unchanged)")


# -- 7. two-digit years ----------------------------------------------------------------------------


def test_a_two_digit_year_far_ahead_is_of_the_1900s(capsys, tmp_path):
    sheet = tmp_path / "y2.csv"
    sheet.write_text("Company,Role,Date Applied\nA10,R,1/2/69\nA11,R,12/31/99\nA12,R,3/11/26\n", encoding="utf-8")
    _, err = _ok(capsys, "csv", "import", str(sheet))
    found = _opportunities(capsys)
    assert found[("A10", "R")]["created_at"].startswith("1969-01-02")
    assert found[("A11", "R")]["created_at"].startswith("1999-12-31")
    assert found[("A12", "R")]["created_at"].startswith("2026-03-11")
    assert "y2.csv line 2: A10: the applied date has a two-digit year: read as 1969-01-02" in err


# -- 5. files of another kind ----------------------------------------------------------------------


@pytest.mark.parametrize("command", [("csv", "import"), ("linkedin", "import")])
def test_a_vcard_or_a_calendar_is_named_for_what_it_is(capsys, tmp_path, command):
    card = tmp_path / "g.vcf"
    card.write_text("BEGIN:VCARD\nVERSION:3.0\nFN:Zoë Test\nN:Test;Zoë;;;\nEMAIL;TYPE=INTERNET:zoe@x.example\n"
                    "END:VCARD\n", encoding="utf-8")
    code, _, err = run(capsys, *command, str(card))
    assert code == 2 and "Traceback" not in err
    assert "g.vcf is not a CSV file: it is a vCard file (contacts), which Afterview exports" in err
    assert "separated by semicolons" not in err
    calendar = tmp_path / "cal.ics"
    calendar.write_text(CALENDAR, encoding="utf-8")
    code, _, err = run(capsys, *command, str(calendar))
    assert code == 2
    assert "cal.ics is not a CSV file: it is an iCalendar file (a calendar); import its interviews with " \
           "afterview calendar import cal.ics" in err


# -- 6. a repeated header row and a total row -------------------------------------------------------


CONCAT = ("Company,Role,Status,Date Applied,Notes\n\"Big\nCo\",Dev,Applied,2026-11-01,x\n"
          "Company,Role,Status,Date Applied,Notes\nSmallCo,Dev,Applied,2026-11-02,y\nTotal,,,,2 applications\n")


def test_a_repeated_header_and_a_total_row_are_left_out_with_a_note(capsys, tmp_path):
    sheet = tmp_path / "concat.csv"
    sheet.write_text(CONCAT, encoding="utf-8")
    out, err = _ok(capsys, "csv", "import", str(sheet))
    assert out.strip().endswith("2 applications (2 new), 2 ignored")
    assert "concat.csv line 4: a repeated header row" in err
    assert "concat.csv line 6: Total: a total, not an application: left out" in err
    assert "unreadable date" not in err
    assert set(_opportunities(capsys)) == {("Big Co", "Dev"), ("SmallCo", "Dev")}


def test_a_total_row_with_anything_of_an_application_is_one(capsys, tmp_path):
    sheet = tmp_path / "total.csv"
    sheet.write_text("Company,Role,Date Applied,Notes\nTotal,Analyst,2026-11-01,3\n", encoding="utf-8")
    _ok(capsys, "csv", "import", str(sheet))
    assert set(_opportunities(capsys)) == {("Total", "Analyst")}


def test_the_preview_says_that_a_bad_row_would_refuse_the_import(capsys, tmp_path):
    sheet = tmp_path / "bad.csv"
    sheet.write_text("Company,Role,Date Applied\nAcme,Dev,31/31/2026\nInitech,QA,2026-11-01\n", encoding="utf-8")
    _, err = _ok(capsys, "csv", "import", str(sheet), "--preview")
    assert ("bad.csv: line 2: bad row: the import would refuse the whole file (use --skip-bad to leave them out)"
            in err)
    code, _, err = run(capsys, "csv", "import", str(sheet))
    assert code == 2 and "nothing was imported" in err


# -- 8. a big sheet stays linear ----------------------------------------------------------------------


def test_contacts_with_their_own_addresses_are_not_compared_by_spelling(monkeypatch, store, tmp_path):
    """Each contact has an address at the company's domain: no one recorded there can be them by a
    close spelling of the name, so no names are compared (it was every name at the company, for
    each row: a sheet of 10,000 rows took three and a half times the time of 5,000)."""
    from datetime import datetime, timezone

    from afterview.importers import matching
    from afterview.services.imports import import_tracker

    calls = []
    similar = matching._similar
    monkeypatch.setattr(matching, "_similar", lambda a, b: calls.append(1) or similar(a, b))
    sheet = tmp_path / "big.csv"
    rows = [f"Company{i % 7},Role {i},Applied,2026-10-01,Person {i},p{i}@c{i % 7}.example" for i in range(700)]
    sheet.write_text("Company,Role,Status,Date Applied,Contact,Contact Email\n" + "\n".join(rows) + "\n")
    report = import_tracker(store, sheet, now=datetime(2026, 11, 26, 9, tzinfo=timezone.utc))
    assert report.counts["new"] == 700 and report.created["people"] == 700
    assert not calls


def test_a_status_word_is_read_once_per_spelling():
    from afterview.importers.tracker import parse_status

    assert parse_status("Rejected after onsite") == "rejected" and parse_status("Offer accepted") == "accepted"
    assert parse_status("Phone screen") == "interviewing" and parse_status("Blue") == ""
