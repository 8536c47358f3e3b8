"""A big calendar gives the same records in one import as the same events imported in several
smaller files, one after the other: what one import keeps in memory to stay fast (people by name
and company, companies by the words of their names, keys worked out once) finds what the indexes
built again from the database find; and the same records as the matching rules written as plain
scans of everyone recorded (tests/importers/test_matching_indexed.py), as the import found them
before it had indexes. The calendar is bench/bench_ical_import.py's: a busy year, with series,
zones, all-day and cancelled events, and interviews at dozens of employers whose people share
their names."""

import importlib.util
import sqlite3
import sys
from pathlib import Path

from afterview.importers.matching import Companies, Found, People
from tests.importers.conftest import run
from tests.importers.test_matching_indexed import named_in, scan

BENCH = Path(__file__).resolve().parents[2] / "bench" / "bench_ical_import.py"


def generator():
    spec = importlib.util.spec_from_file_location("bench_ical_import", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(BENCH.parent))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(BENCH.parent))
    return module.calendar_ics


def split(path: Path, parts: int) -> list[str]:
    """The calendar as `parts` calendars, each with the header and zones; the events of one UID
    (a series and its moved occurrence) stay together."""
    with path.open(encoding="utf-8", newline="") as stream:
        text = stream.read()
    head, _, rest = text.partition("BEGIN:VEVENT\r\n")
    body = ("BEGIN:VEVENT\r\n" + rest).removesuffix("END:VCALENDAR\r\n")
    events = ["BEGIN:VEVENT\r\n" + block for block in body.split("BEGIN:VEVENT\r\n") if block]
    groups: list[list[str]] = []
    for event in events:
        uid = event.split("UID:", 1)[1].split("\r\n", 1)[0]
        if groups and groups[-1][0].split("UID:", 1)[1].split("\r\n", 1)[0] == uid:
            groups[-1].append(event)
        else:
            groups.append([event])
    size = -(-len(groups) // parts)
    return [head + "".join(e for group in groups[i:i + size] for e in group) + "END:VCALENDAR\r\n"
            for i in range(0, len(groups), size)]


def records(db: Path) -> list[str]:
    connection = sqlite3.connect(db)
    try:
        tables = [name for (name,) in connection.execute(
            "select name from sqlite_master where type = 'table' and name != 'afterview_migrations' order by name")]
        return sorted(f"{table}: {row!r}" for table in tables for row in connection.execute(f"select * from '{table}'")
                      if not (table == "afterview_state" and row[0] == "identity"))  # where each file lives
    finally:
        connection.close()


def test_one_import_gives_what_imports_in_parts_give(tmp_path, capsys, monkeypatch):
    path = tmp_path / "calendar.ics"
    interviews = generator()(path, 3000, seed=11, employers=40)
    assert interviews > 300
    whole, parts = tmp_path / "whole.db", tmp_path / "parts.db"
    for db in (whole, parts):
        code, _, err = run(capsys, "--db", str(db), "profile", "set", "--name", "Sam Seeker",
                           "--email", "sam.seeker@gmail.com", "--tz", "Europe/Berlin")
        assert code == 0, err
    code, out, err = run(capsys, "--db", str(whole), "calendar", "import", str(path))
    assert code == 0, err
    summary = out.strip().splitlines()[-1]
    assert summary.startswith(f"{interviews:,} interviews ("), summary
    for number, text in enumerate(split(path, 5)):
        part = tmp_path / f"part{number}" / "calendar.ics"  # the name is recorded, as where it came from
        part.parent.mkdir()
        part.write_text(text, encoding="utf-8", newline="")
        code, _, err = run(capsys, "--db", str(parts), "calendar", "import", str(part))
        assert code == 0, err
    found = records(whole)
    assert len(found) > 1000
    assert found == records(parts)

    def find_by_scanning(self, *, email="", url="", name="", company=""):
        person, how, candidates = scan(self, email=email, url=url, name=name, company=company)
        return Found(person, how, _candidates=candidates)

    monkeypatch.setattr(People, "find", find_by_scanning)
    monkeypatch.setattr(Companies, "named_in", lambda self, title: named_in(self.by_id, title))
    scanned = tmp_path / "scanned" / "whole.db"  # the same file name as `whole`'s: it is recorded
    scanned.parent.mkdir()
    for argv in (("profile", "set", "--name", "Sam Seeker", "--email", "sam.seeker@gmail.com", "--tz", "Europe/Berlin"),
                 ("calendar", "import", str(path))):
        code, _, err = run(capsys, "--db", str(scanned), *argv)
        assert code == 0, err
    assert records(scanned) == found
