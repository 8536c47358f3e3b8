"""Imports: 10,000 LinkedIn connections and a 5,000-event calendar, through the `afterview` command.

Each file is generated to look like a real export (Connections.csv with its BOM, preamble and
quoted commas; a Google Calendar export with a VTIMEZONE, attendees, Meet links, all-day events
and weekly series), then imported into a fresh SQLite database. Reported: rows (or events) per
second of the whole command, its peak memory, and the time of a second, idempotent run.
Goal (issue 7): 10,000 connections in under 10 s and under 300 MB.
"""

from __future__ import annotations

import codecs
import random
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import BenchError, afterview_argv, isolated_env, peak_rss_of_cmd, report  # noqa: E402

AT = "2026-11-26 09:00 UTC"
FIRST = "Anna Ben Chen Dana Elif Femi Gita Hugo Ines Jonas Kofi Lena Mateo Nora Omar Priya Quinn Rosa Sven Tariq Uma Viktor Wen Ximena Yusuf Zoe".split()
LAST = "Abe Berg Costa Diaz Eze Fischer Garcia Hart Ivanova Jensen Kaur Lopez Meyer Nakamura Okafor Petrov Quispe Rossi Silva Tanaka Urban Vogel Wang Xu Yilmaz Zhang".split()
SUFFIX = ["", " Inc.", ", Inc.", " GmbH", " Ltd", " LLC", " AG", ""]


def connections_csv(path: Path, count: int, seed: int = 7) -> None:
    """A Connections.csv of `count` people, with LinkedIn's preamble and quirks."""
    rng = random.Random(seed)
    with path.open("wb") as raw:
        raw.write(codecs.BOM_UTF8)
        out = codecs.getwriter("utf-8")(raw)
        out.write('Notes:\r\n"When exporting your connection data, you may notice that some of the email '
                  'addresses are missing."\r\n\r\n')
        out.write("First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n")
        start = datetime(2015, 1, 1)
        for i in range(count):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            company = f"Company {rng.randrange(count // 5)}{rng.choice(SUFFIX)}"
            email = f"{first.lower()}.{last.lower()}{i}@example.org" if rng.random() < 0.05 else ""
            day = (start + timedelta(days=rng.randrange(4000))).strftime("%d %b %Y")
            out.write(f'{first},{last},https://www.linkedin.com/in/{first.lower()}-{last.lower()}-{i:05d},{email},'
                      f'"{company}","Engineer, Platform",{day}\r\n')
            if i % 997 == 0:
                out.write(",,,,,,\r\n")  # LinkedIn leaves empty rows now and then


def calendar_ics(path: Path, count: int, seed: int = 11) -> None:
    """A Google Calendar export of `count` events: interviews, meetings, all-day events, series."""
    rng = random.Random(seed)
    now = datetime(2026, 11, 26, 9, tzinfo=timezone.utc)
    lines = [
        "BEGIN:VCALENDAR", "PRODID:-//Google Inc//Google Calendar 70.9054//EN", "VERSION:2.0",
        "CALSCALE:GREGORIAN", "METHOD:PUBLISH", "X-WR-CALNAME:sam.seeker@gmail.com",
        "X-WR-TIMEZONE:Europe/Berlin",
        "BEGIN:VTIMEZONE", "TZID:Europe/Berlin", "BEGIN:DAYLIGHT", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200",
        "TZNAME:CEST", "DTSTART:19700329T020000", "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "END:DAYLIGHT",
        "BEGIN:STANDARD", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100", "TZNAME:CET", "DTSTART:19701025T030000",
        "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "END:STANDARD", "END:VTIMEZONE",
    ]
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("\r\n".join(lines) + "\r\n")
        for i in range(count):
            start = now + timedelta(days=rng.randrange(-300, 300), hours=rng.randrange(8, 18))
            out.write("\r\n".join(_event(i, start, rng)) + "\r\n")
        out.write("END:VCALENDAR\r\n")


def _event(i: int, start: datetime, rng: random.Random) -> list[str]:
    stamp = "%Y%m%dT%H%M%SZ"
    head = ["BEGIN:VEVENT", f"UID:bench-{i}@google.com", "DTSTAMP:20261120T101500Z", "SEQUENCE:0"]
    kind = i % 10
    if kind < 2:  # an interview with two people at the employer and a Meet link
        company = f"employer{i % 300}"
        return head + [
            f"DTSTART:{start.strftime(stamp)}", f"DTEND:{(start + timedelta(hours=1)).strftime(stamp)}",
            f"ORGANIZER;CN=Recruiter {i}:mailto:recruiting@{company}.com",
            f"ATTENDEE;CN=Interviewer {i};PARTSTAT=ACCEPTED:mailto:person{i}@{company}.com",
            "ATTENDEE;CN=Sam Seeker;PARTSTAT=ACCEPTED:mailto:sam.seeker@gmail.com",
            f"SUMMARY:{company.title()} | Software Engineer - Technical Interview",
            "X-GOOGLE-CONFERENCE:https://meet.google.com/abc-defg-hij",
            "DESCRIPTION:Join with Google Meet: https://meet.google.com/abc-defg-hij",
            "END:VEVENT",
        ]
    if kind == 2:  # an all-day event
        day = start.strftime("%Y%m%d")
        return head + [f"DTSTART;VALUE=DATE:{day}", f"DTEND;VALUE=DATE:{day}", "SUMMARY:Holiday", "END:VEVENT"]
    if kind == 3 and i % 50 == 3:  # a weekly series with an exception
        local = start.strftime("%Y%m%dT%H%M%S")
        return head + [
            f"DTSTART;TZID=Europe/Berlin:{local}", f"DTEND;TZID=Europe/Berlin:{(start + timedelta(minutes=30)).strftime('%Y%m%dT%H%M%S')}",
            "RRULE:FREQ=WEEKLY;COUNT=20", f"EXDATE;TZID=Europe/Berlin:{(start + timedelta(days=7)).strftime('%Y%m%dT%H%M%S')}",
            "SUMMARY:Weekly sync", "END:VEVENT",
        ]
    return head + [
        f"DTSTART:{start.strftime(stamp)}", f"DTEND:{(start + timedelta(minutes=45)).strftime(stamp)}",
        f"SUMMARY:{rng.choice(['Dentist', 'Gym', 'Coffee with Alex', 'Call mum', 'Study group'])}",
        "LOCATION:Somewhere", "END:VEVENT",
    ]


def _timed(argv: list[str], env: dict) -> float:
    import subprocess

    started = time.perf_counter()
    done = subprocess.run(argv, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise BenchError(f"{' '.join(argv)} failed: {done.stderr.strip().splitlines()[-1:]}")
    return elapsed


def measure(label: str, command: list[str], path: Path, rows: int, unit: str, work: Path, goal_s=None, goal_mb=None) -> None:
    """Import into fresh homes: once to warm caches, once timed, once for memory; then again (idempotent)."""
    argv = afterview_argv("--at", AT, *command, str(path))
    for name in ("warm", "timed", "memory"):
        (work / name).mkdir()
    _timed(argv, isolated_env(work / "warm"))
    seconds = _timed(argv, isolated_env(work / "timed"))
    peak = peak_rss_of_cmd(argv, env=isolated_env(work / "memory"))
    again = _timed(argv, isolated_env(work / "timed"))
    report(f"import {rows:,} {label}", seconds, "s", goal=goal_s)
    report(f"import {rows:,} {label}, rate", rows / seconds, f"{unit}/s")
    report(f"import {rows:,} {label}, peak memory", peak / 1024 / 1024, "MB", goal=goal_mb)
    report(f"re-import {rows:,} {label} (nothing changes)", again, "s")


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="afterview-bench-") as folder:
        work = Path(folder)
        csv_path = work / "Connections.csv"
        connections_csv(csv_path, 10_000)
        (work / "linkedin").mkdir()
        measure("LinkedIn connections", ["linkedin", "import"], csv_path, 10_000, "rows", work / "linkedin",
                goal_s="< 10", goal_mb="< 300")
        ics_path = work / "calendar.ics"
        calendar_ics(ics_path, 5_000)
        (work / "calendar").mkdir()
        measure("calendar events", ["calendar", "import"], ics_path, 5_000, "events", work / "calendar")


if __name__ == "__main__":
    main()
