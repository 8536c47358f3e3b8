"""What the import and export commands say: skipped rows as one natural line, "1 more bad row",
a warning for an application dated after today, and one answer for a folder given as the file."""

import json

import pytest

from tests.importers.conftest import run





BAD_TRACKER = """Company,Role,Link
Acme,Engineer,https://acme.example/jobs/1
Umbrella,Chemist,javascript:alert(1)
Initech,Analyst,data:text/html,x
"""


def test_bad_rows_are_counted_in_the_singular_and_skipped_rows_read_naturally(capsys, tmp_path):
    path = tmp_path / "tracker.csv"
    path.write_text(BAD_TRACKER.replace("data:text/html,x", '"data:text/html,x"'))
    code, out, err = run(capsys, "csv", "import", str(path))
    assert (code, out) == (2, "")
    assert err == ("afterview: error: tracker.csv line 3: Umbrella: the link 'javascript:alert(1)' is not a web "
                   "address (only http:// and https:// links are imported) (and 1 more bad row); nothing was "
                   "imported (use --skip-bad to import the rest)\n")
    code, out, err = run(capsys, "csv", "import", "--skip-bad", str(path))
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == ("line 3: skipped: Umbrella: the link 'javascript:alert(1)' is not a web address "
                        "(only http:// and https:// links are imported)")
    assert lines[1].startswith("line 4: skipped: Initech: the link 'data:text/html,x'")


def test_two_more_bad_events_are_plural(capsys, tmp_path):
    bad = "BEGIN:VEVENT\nUID:{n}\nDTSTART:20261201T150000Z\nDTEND:20261201T140000Z\nSUMMARY:Panel {n}\nEND:VEVENT\n"
    path = tmp_path / "cal.ics"
    path.write_text("BEGIN:VCALENDAR\n" + "".join(bad.format(n=n) for n in range(3)) + "END:VCALENDAR\n")
    code, _, err = run(capsys, "calendar", "import", str(path))
    assert code == 2 and "ends before it starts (and 2 more bad rows); nothing was imported" in err
    code, out, _ = run(capsys, "calendar", "import", "--skip-bad", str(path))
    assert out.splitlines()[0] == "line 2: skipped: event 'Panel 0' ends before it starts"


def test_an_application_dated_after_today_is_imported_with_a_warning(capsys, tmp_path):
    path = tmp_path / "tracker.csv"
    path.write_text("Company,Role,Date Applied\nAcme,Engineer,2026-11-20\nInitech,Analyst,2027-05-01\n"
                    "Globex,Designer,2026-11-27\n")
    code, out, err = run(capsys, "csv", "import", "--dry-run", str(path))
    assert code == 0
    assert err.splitlines() == [
        "afterview: warning: tracker.csv line 3: Initech: applied on 2027-05-01, after today (2026-11-26); check the date",
        "afterview: warning: tracker.csv line 4: Globex: applied on 2026-11-27, after today (2026-11-26); check the date",
    ]
    code, out, err = run(capsys, "csv", "import", "--json", str(path))
    assert code == 0
    assert json.loads(out)["warnings"] == [line.removeprefix("afterview: warning: ") for line in err.splitlines()]
    assert json.loads(out)["counts"] == {"new": 3}


@pytest.mark.parametrize("argv", [
    ("calendar", "export", "-o", "{folder}"),
    ("export", "{folder}"),
    ("csv", "export", "people", "-o", "{folder}"),
    ("vcard", "export", "-o", "{folder}"),
])
def test_a_folder_given_as_the_file_to_write_is_one_line(capsys, tmp_path, argv):
    folder = tmp_path / "out"
    folder.mkdir()
    run(capsys, "company", "add", "Acme")
    code, out, err = run(capsys, *(a.format(folder=folder) for a in argv))
    assert (code, out, err) == (2, "", f"afterview: error: {folder} is a folder: give the name of a file to write\n")
    assert list(folder.iterdir()) == []
