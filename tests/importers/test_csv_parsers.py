"""LinkedIn Connections.csv and spreadsheet trackers, with the quirks of real exports."""

import codecs
from datetime import date

import pytest

from afterview.errors import ImportFailed, InvalidInput
from afterview.importers.csvrows import precheck
from afterview.importers.files import check_file
from afterview.importers.linkedin import parse_linkedin_date, read_connections
from afterview.importers.records import Connection, Problem, TrackerRow
from afterview.importers.tracker import parse_map, parse_sheet_date, parse_status, read_tracker
from tests.importers.conftest import DATA


def connections(path, max_rows=1000):
    return list(read_connections(check_file(path, "a CSV file"), max_rows=max_rows))


def test_linkedin_export_with_bom_crlf_preamble_quotes_and_empty_rows():
    rows = connections(DATA / "linkedin_connections.csv")
    assert all(isinstance(r, Connection) for r in rows)
    assert [r.name for r in rows] == [
        "Priya Natarajan", "Marcus Lee", "José Álvarez", "Chen Wei", "Ana de la Cruz", "Kai Fischer",
    ]
    priya = rows[0]
    assert priya.line == 5  # after the Notes line, the quoted paragraph, a blank line and the header
    assert priya.position == "Staff Engineer, Data Platform"
    assert priya.connected_on == date(2026, 11, 14)
    assert priya.email == ""
    assert rows[1].email == "marcus.lee@globex.com"
    assert rows[2].company == "Acme, Inc."
    assert rows[3].line == 9  # the empty row (",,,,,,") is left out, line numbers stay true
    assert rows[5].url == "https://de.linkedin.com/in/kai-fischer-soylent/"


def test_linkedin_export_without_url_column_or_preamble():
    rows = connections(DATA / "linkedin_no_url.csv")
    assert [(r.name, r.url, r.company) for r in rows] == [
        ("Tom Reid", "", "Umbrella Ltd"), ("Olivia Hart", "", "Umbrella"), ("Bill Lumbergh", "", "Initech"),
    ]
    assert rows[0].line == 2 and rows[2].connected_on == date(2021, 4, 1)


def test_linkedin_bad_rows_are_problems_with_line_numbers(tmp_path):
    path = tmp_path / "Connections.csv"
    path.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        ",,https://www.linkedin.com/in/ghost,,Acme,,01 Jan 2025\n"
        "Jane,Doe,https://www.linkedin.com/in/jd,,Acme,,yesterday\n"
        "John,Roe,https://www.linkedin.com/in/jr,not-an-email,Acme,,\n"
    )
    rows = connections(path)
    assert rows[0] == Problem(2, "no name")
    assert isinstance(rows[1], Problem) and rows[1].line == 3 and "unreadable date 'yesterday'" in rows[1].message
    assert rows[2].email == "" and rows[2].connected_on is None


@pytest.mark.parametrize(
    "content, expected",
    [
        (b"Name,Company\nJane,Acme\n", "is not LinkedIn's Connections.csv: no header row"),
        (b"<html><head><title>LinkedIn</title></head></html>", "is not a CSV file: it is an HTML page"),
        (b"PK\x03\x04\x14\x00\x06\x00", "is not a CSV file: it is a ZIP archive"),
        (
            b'First Name,Last Name,Company\nJane,"Doe,Acme\nJohn,Roe,Initech\n',
            "is truncated or has an unterminated quote: the row starting on line 2 never ends",
        ),
    ],
)
def test_linkedin_files_that_are_not_connections(tmp_path, content, expected):
    path = tmp_path / "Connections.csv"
    path.write_bytes(content)
    with pytest.raises(ImportFailed) as caught:
        source = check_file(path, "a CSV file")
        precheck(source, max_rows=100)
        list(read_connections(source, max_rows=100))
    assert expected in str(caught.value)


def test_row_limit_is_checked_while_streaming(tmp_path):
    path = tmp_path / "Connections.csv"
    lines = ["First Name,Last Name,URL"] + [f"A{i},B{i},https://www.linkedin.com/in/{i}" for i in range(30)]
    path.write_text("\n".join(lines))
    with pytest.raises(ImportFailed, match="has more than 20 rows"):
        precheck(check_file(path, "a CSV file"), max_rows=20)


def test_utf16_and_cp1252_connections(tmp_path):
    text = "First Name,Last Name,Company\r\nRenée,Müller,Zürich AG\r\n"
    utf16 = tmp_path / "utf16.csv"
    utf16.write_bytes(text.encode("utf-16"))
    assert connections(utf16)[0].name == "Renée Müller"
    legacy = tmp_path / "legacy.csv"
    legacy.write_bytes(text.encode("cp1252"))
    source = check_file(legacy, "a CSV file")
    assert source.encoding == "cp1252" and "read it as Windows-1252" in source.warnings[0]
    assert list(read_connections(source, max_rows=10))[0].company == "Zürich AG"


@pytest.mark.parametrize("text, expected", [("12 Mar 2024", date(2024, 3, 12)), ("2024-03-12", date(2024, 3, 12)), ("Mar 12, 2024", date(2024, 3, 12))])
def test_linkedin_dates(text, expected):
    assert parse_linkedin_date(text) == expected


# trackers ------------------------------------------------------------------------------


def tracker(path, overrides=None):
    mapping, records = read_tracker(check_file(path, "a CSV file"), overrides=overrides or {}, max_rows=1000)
    return mapping, list(records)


def test_sheet_with_title_row_and_odd_headers():
    mapping, rows = tracker(DATA / "tracker_sheets.csv")
    assert mapping.header_line == 2
    assert dict(mapping.described()) == {
        "Company Name": "company", "Job Title": "role", "Status": "status",
        "Date Applied (MM/DD/YYYY)": "applied_on", "Link to posting": "link", "Recruiter": "contact_name",
        "Recruiter Email": "contact_email", "Notes": "notes",
    }
    assert [(r.company, r.status) for r in rows] == [
        ("Globex", "interviewing"), ("Initech", "applied"), ("Hooli", "rejected"),
        ("Vandelay Industries", "no-response"), ("Pied Piper", "offer"),
    ]
    globex = rows[0]
    assert globex.applied_on == date(2026, 10, 28) and globex.contact_email == "priya.natarajan@globex.com"
    assert globex.notes == "Referral from Marcus, follow up after onsite"
    assert rows[2].notes == 'Said "keep in touch"'
    assert rows[3].line == 7  # the empty row is skipped, the numbering is the file's


def test_european_excel_semicolons_cp1252_and_map_override():
    mapping, rows = tracker(DATA / "tracker_excel_cp1252.csv", parse_map("Where=source, Comments=notes"))
    assert rows[0] == TrackerRow(
        line=2, company="Société Générale", role="Risk Analyst", status="interviewing",
        applied_on=date(2026, 11, 3), source="Welcome to the Jungle", notes="Très bien passé",
    )
    assert rows[1].applied_on == date(2026, 11, 12)


def test_map_errors():
    with pytest.raises(InvalidInput, match="unknown field 'employer'"):
        parse_map("Company=employer")
    with pytest.raises(InvalidInput, match="is not HEADER=field"):
        parse_map("Company")
    with pytest.raises(ImportFailed, match="column 'Firm' is not in tracker_sheets.csv"):
        tracker(DATA / "tracker_sheets.csv", parse_map("Firm=company"))


def test_sheet_without_company_column(tmp_path):
    path = tmp_path / "sheet.csv"
    path.write_text("What,When\nSomething,2026-01-01\n")
    with pytest.raises(ImportFailed, match="no header row with a company column"):
        tracker(path)


def test_rows_without_company_or_with_bad_dates_are_problems(tmp_path):
    path = tmp_path / "sheet.csv"
    path.write_text("Company,Role,Applied,Status\n,Engineer,2026-01-01,\nAcme,Engineer,next week,Weird status\n")
    _, rows = tracker(path)
    assert rows[0] == Problem(2, "no company")
    assert rows[1] == Problem(3, "Acme: unreadable date 'next week'")


def test_unknown_status_is_kept_in_notes(tmp_path):
    path = tmp_path / "sheet.csv"
    path.write_text("Company,Status\nAcme,Blue\n")
    _, [row] = tracker(path)
    assert row.status == "" and row.notes == "Status in the spreadsheet: Blue"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Applied", "applied"), ("Phone screen", "interviewing"), ("Rejected after onsite", "rejected"),
        ("Offer accepted", "accepted"), ("Offer!", "offer"), ("Ghosted", "no-response"),
        ("no-response", "no-response"), ("Withdrew", "withdrawn"), ("", ""), ("Blue", ""),
        ("interviewing", "interviewing"), ("Presented", ""),
    ],
)
def test_statuses(text, expected):
    assert parse_status(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2026-03-12", date(2026, 3, 12)), ("2026-03-12 14:30", date(2026, 3, 12)), ("3/12/2026", date(2026, 3, 12)),
        ("13/03/2026", date(2026, 3, 13)), ("12.03.2026", date(2026, 3, 12)), ("12 Mar 2026", date(2026, 3, 12)),
        ("Mar 12, 2026", date(2026, 3, 12)), ("46093", date(2026, 3, 12)), ("3/12/26", date(2026, 3, 12)),
    ],
)
def test_sheet_dates(text, expected):
    assert parse_sheet_date(text) == expected


def test_bad_sheet_dates():
    for text in ("soon", "31/31/2026", "2026-13-01"):
        with pytest.raises(ValueError):
            parse_sheet_date(text)


def test_bom_is_not_part_of_the_first_header(tmp_path):
    path = tmp_path / "sheet.csv"
    path.write_bytes(codecs.BOM_UTF8 + b"Company,Role\r\nAcme,Engineer\r\n")
    mapping, [row] = tracker(path)
    assert mapping.columns == {"company": 0, "role": 1} and row.company == "Acme"


@pytest.mark.parametrize("cells, order, dates", [
    # one date says the day comes first (25/04): the whole sheet is read so, 03/04 included
    (["03/04/2026", "25/04/2026"], "day", [date(2026, 4, 3), date(2026, 4, 25)]),
    (["03/04/2026", "04/25/2026"], "month", [date(2026, 3, 4), date(2026, 4, 25)]),
    (["03/04/2026"], "unsure", [date(2026, 3, 4)]),  # month first, with a warning (below)
    (["2026-04-03", "12 Mar 2026"], "", [date(2026, 4, 3), date(2026, 3, 12)]),
])
def test_a_sheet_writes_its_dates_one_way(tmp_path, cells, order, dates):
    from afterview.plugins.builtin import read_spreadsheet

    path = tmp_path / "sheet.csv"
    path.write_text("Company,Role,Applied\n" + "".join(f"Co{i},Role,{c}\n" for i, c in enumerate(cells)))
    mapping, rows = tracker(path)
    assert mapping.date_order == order
    assert [r.applied_on for r in rows] == dates
    warnings = read_spreadsheet(check_file(path, "a CSV file"), max_rows=1000).warnings
    expected = {"day": "dates are read day first, as the sheet writes them (03/04/2026 is 3 April 2026)",
                "unsure": "dates such as 03/04/2026 are read month first (4 March 2026)"}
    assert [w for w in warnings if "dates" in w] == ([f"sheet.csv: {expected[order]}" + (
        "; if the sheet writes the day first, write them as 2026-04-03 and import again" if order == "unsure" else "")]
        if order in expected else [])
