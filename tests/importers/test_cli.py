"""The import and export commands, run as a user runs them."""

import json
import os
import subprocess
import sys

import pytest

from tests.importers.conftest import DATA, run





def test_calendar_import_prints_rows_and_a_summary(capsys):
    code, out, err = run(capsys, "calendar", "import", str(DATA / "google_calendar.ics"))
    assert code == 0, err
    lines = out.strip().splitlines()
    assert lines[-1] == "3 interviews (3 new), 3 other events ignored"
    assert "line 26: new: Globex | Data Engineer - Technical Interview on 2026-12-03 10:00 America/New_York: Globex, Data Engineer" in lines
    code, out, _ = run(capsys, "calendar", "import", str(DATA / "google_calendar.ics"))
    assert out.strip() == "3 interviews (3 unchanged), 3 other events ignored"


def test_calendar_import_options_override_the_rule(capsys):
    code, out, _ = run(capsys, "calendar", "import", "--dry-run", "--keyword", "dentist", str(DATA / "google_calendar.ics"))
    assert code == 0 and out.strip().endswith("1 interview (1 new), 5 other events ignored")
    code, out, _ = run(capsys, "calendar", "import", "--dry-run", "--all", "--json", str(DATA / "outlook_export.ics"))
    data = json.loads(out)
    assert data["dry_run"] and data["counts"] == {"new": 3}
    assert data["summary"] == "dry run, nothing written: 3 interviews (3 new)"
    assert data["rows"][0]["line"] == 44 and data["rows"][0]["action"] == "new"
    code, out, _ = run(capsys, "calendar", "import", "--dry-run", "--keyword", "zzz", "--domain", "fabrikam.com", str(DATA / "outlook_export.ics"))
    assert out.strip().endswith("1 interview (1 new), 2 other events ignored")


def test_calendar_config_section_is_used(capsys, afterview_home):
    (afterview_home / "config.toml").write_text(
        '[import.calendar]\nkeywords = ["lunch"]\nmy_addresses = ["sam.seeker@outlook.com"]\n'
    )
    code, out, err = run(capsys, "calendar", "import", "--dry-run", str(DATA / "outlook_export.ics"))
    assert code == 0, err
    assert out.strip().endswith("1 interview (1 new), 2 other events ignored")


@pytest.mark.parametrize(
    "content, message",
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00", "afterview: error: photo.ics is not an iCalendar file: it is a PNG image\n"),
        (b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n", "afterview: error: photo.ics is truncated: BEGIN:VEVENT on line 2 is never closed (no END:VEVENT); export or save the file again\n"),
    ],
)
def test_bad_calendar_files_exit_2_with_one_line(capsys, tmp_path, content, message):
    path = tmp_path / "photo.ics"
    path.write_bytes(content)
    code, out, err = run(capsys, "calendar", "import", str(path))
    assert (code, out, err) == (2, "", message)


def test_bad_event_fails_atomically_or_is_skipped(capsys, tmp_path):
    path = tmp_path / "mixed.ics"
    path.write_text(
        "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:1\nDTSTART:20261201T150000Z\nSUMMARY:Interview\nEND:VEVENT\n"
        "BEGIN:VEVENT\nUID:2\nDTSTART:20261201T150000Z\nDTEND:20261201T140000Z\nSUMMARY:Panel\nEND:VEVENT\nEND:VCALENDAR\n"
    )
    code, out, err = run(capsys, "calendar", "import", str(path))
    assert code == 2 and err == (
        "afterview: error: mixed.ics line 7: event 'Panel' ends before it starts; nothing was imported "
        "(use --skip-bad to import the rest)\n"
    )
    code, out, err = run(capsys, "calendar", "import", "--skip-bad", str(path))
    assert code == 0
    assert out.splitlines()[-1] == "1 interview (1 new), 1 skipped (line 7: event 'Panel' ends before it starts)"
    assert "line 7: skipped: event 'Panel' ends before it starts" in out


def test_linkedin_import_and_exports(capsys, tmp_path):
    code, out, _ = run(capsys, "linkedin", "import", str(DATA / "linkedin_connections.csv"))
    assert out.strip() == "6 connections (6 new)"
    code, out, _ = run(capsys, "linkedin", "import", "--dry-run", str(DATA / "linkedin_connections.csv"))
    assert out.strip() == "dry run, nothing written: 6 connections (6 matched: 6 unchanged)"
    code, out, _ = run(capsys, "csv", "export", "people")
    rows = out.splitlines()
    assert rows[0].startswith("Id,Name,Greet As,Email,")
    assert '3,José Álvarez,,,,"Acme, Inc.",Talent Partner,https://www.linkedin.com/in/jose-alvarez-9,connected,2024-01-03' in out
    target = tmp_path / "contacts.vcf"
    code, out, err = run(capsys, "vcard", "export", "-o", str(target))
    assert code == 0 and err.strip() == f"6 contacts written to {target}"
    text = target.read_bytes().decode("utf-8")
    assert text.count("BEGIN:VCARD\r\nVERSION:4.0\r\n") == 6
    assert "FN:José Álvarez\r\nN:Álvarez;José;;;\r\n" in text
    assert "ORG:Acme\\, Inc.\r\n" in text
    assert "N:de la Cruz;Ana;;;\r\n" in text


def test_csv_preview_import_and_export_round_trip(capsys, tmp_path):
    sheet = DATA / "tracker_excel_cp1252.csv"
    code, out, err = run(capsys, "csv", "import", "--preview", "--map", "Where=source", str(sheet))
    assert code == 0
    assert "Where\tsource" in out and "Stage\tstatus" in out
    assert "2\tSociété Générale\tRisk Analyst\tinterviewing\t2026-11-03\t" in out
    assert "read it as Windows-1252" in err
    code, out, _ = run(capsys, "csv", "import", "--map", "Where=source", str(sheet))
    assert out.strip() == "2 applications (2 new)"
    exported = tmp_path / "opportunities.csv"
    run(capsys, "csv", "export", "opportunities", "-o", str(exported))
    code, out, err = run(capsys, "csv", "import", str(exported))
    assert (code, out.strip()) == (0, "2 applications (2 unchanged)"), err


def test_csv_import_bad_map_and_html(capsys, tmp_path):
    code, _, err = run(capsys, "csv", "import", "--map", "Company", str(DATA / "tracker_sheets.csv"))
    assert (code, err) == (2, "afterview: error: --map: 'Company' is not HEADER=field\n")
    page = tmp_path / "tracker.csv"
    page.write_text("<!DOCTYPE html>\n<html><body>Sheet</body></html>\n")
    code, _, err = run(capsys, "csv", "import", str(page))
    assert (code, err) == (2, "afterview: error: tracker.csv is not a CSV file: it is an HTML page (saved from a browser?)\n")


def test_export_without_a_database_is_one_line(capsys):
    code, _, err = run(capsys, "csv", "export", "people")
    assert code == 2 and err.startswith("afterview: error: no database at ")


def _cli(*argv, env):
    # VmHWM is this process's own peak (ru_maxrss would also count the forked pytest before exec)
    script = (
        "import re, sys\n"
        "from afterview.interfaces.cli.main import main\n"
        "try:\n    main(sys.argv[1:])\n"
        "finally:\n"
        "    status = open('/proc/self/status').read()\n"
        "    print(re.search(r'VmHWM:\\s+(\\d+) kB', status).group(1), file=sys.stderr)\n"
    )
    return subprocess.run([sys.executable, "-c", script, *argv], capture_output=True, text=True, env=env, timeout=300)


@pytest.mark.slow
def test_100000_rows_are_refused_with_bounded_memory(tmp_path, afterview_home):
    path = tmp_path / "Connections.csv"
    with path.open("w", newline="") as out:
        out.write("First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n")
        for i in range(100_000):
            out.write(f'Name{i},Last{i},https://www.linkedin.com/in/p{i},,"Company {i % 900}, Inc.",Engineer,12 Mar 2024\r\n')
    env = {**os.environ, "AFTERVIEW_HOME": str(afterview_home)}
    done = _cli("linkedin", "import", str(path), env=env)
    message, maxrss = done.stderr.strip().rsplit("\n", 1)
    assert done.returncode == 2
    assert message == (
        "afterview: error: Connections.csv has more than 50,000 rows; that is not a tracker or a connections "
        "list (raise max_rows in [import] of config.toml if it really is)"
    )
    assert int(maxrss) < 150_000  # KiB: the file was streamed, never held
    assert not (afterview_home / "afterview.db").exists()  # refused before the database was opened


def test_a_refused_file_creates_no_database(capsys, afterview_home, tmp_path):
    page = tmp_path / "calendar.ics"
    page.write_text("<html></html>")
    code, _, err = run(capsys, "calendar", "import", str(page))
    assert code == 2 and "it is an HTML page" in err
    assert not (afterview_home / "afterview.db").exists()


def test_a_100_mb_csv_is_refused_in_one_line(capsys, tmp_path, afterview_home):
    path = tmp_path / "Connections.csv"
    with path.open("wb") as stream:
        stream.truncate(100 * 1024 * 1024)
    code, out, err = run(capsys, "linkedin", "import", str(path))
    assert (code, out) == (2, "")
    assert err == (
        "afterview: error: Connections.csv is 100.0 MB; files over 50 MB are refused (export a shorter "
        "period, or raise max_file_mb in [import] of config.toml)\n"
    )
    assert not (afterview_home / "afterview.db").exists()
