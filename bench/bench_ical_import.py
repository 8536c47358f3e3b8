"""Calendar import at scale: 20,000 and 100,000 events through `afterview calendar import`.

Each calendar is generated to look like a whole year of a busy person's export: VTIMEZONEs
(Berlin, New York, Kolkata, and Outlook's Windows name for Pacific time), one-off meetings given
in those zones, in UTC and all day, weekly series with an EXDATE and a moved occurrence
(RECURRENCE-ID), cancelled events, attendees, multi-line descriptions, and about one event in
eight an interview (an organizer at the employer, a panel, a video-call link, a title naming
the stage). It is imported into a fresh SQLite database (a fresh AFTERVIEW_HOME, whose
config.toml raises max_file_mb, as the 100,000-event file is larger than the default 50 MB).

Reported for each size: the whole command's time (s), events per second, and the interviews
it recorded. No goal: the figures are for comparing one change with the code before it, on one
machine, in one run (`python bench/bench_ical_import.py 20000` measures one size).
"""

from __future__ import annotations

import random
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import BenchError, afterview_argv, isolated_env, report  # noqa: E402

AT = "2026-11-26 09:00 UTC"
NOW = datetime(2026, 11, 26, 9, tzinfo=timezone.utc)
SIZES = (20_000, 100_000)
FIRST = "Anna Ben Chen Dana Elif Femi Gita Hugo Ines Jonas Kofi Lena Mateo Nora Omar Priya Quinn Rosa Sven Tariq".split()
LAST = "Abe Berg Costa Diaz Eze Fischer Garcia Hart Ivanova Jensen Kaur Lopez Meyer Nakamura Okafor Petrov".split()
ROLES = ["Software Engineer", "Data Engineer", "Product Manager", "Site Reliability Engineer", "Designer"]
STAGES = ["Phone Screen", "Technical Interview", "Hiring Manager Interview", "Panel Interview",
          "Onsite Interview", "Final Round"]
OTHER = ["Dentist", "Gym", "Coffee with Alex", "Call mum", "Study group", "1:1", "Team standup",
         "Quarterly planning", "Book club", "Flight to Lisbon"]
# (TZID as the file writes it, zone whose rules the VTIMEZONE gives)
ZONES = [("Europe/Berlin", "Europe/Berlin"), ("America/New_York", "America/New_York"),
         ("Asia/Kolkata", "Asia/Kolkata"), ("Pacific Standard Time", "America/Los_Angeles")]
VTIMEZONES = {
    "Europe/Berlin": [("DAYLIGHT", "+0100", "+0200", "CEST", "19700329T020000", "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU"),
                      ("STANDARD", "+0200", "+0100", "CET", "19701025T030000", "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU")],
    "America/New_York": [("DAYLIGHT", "-0500", "-0400", "EDT", "19700308T020000", "FREQ=YEARLY;BYMONTH=3;BYDAY=2SU"),
                         ("STANDARD", "-0400", "-0500", "EST", "19701101T020000", "FREQ=YEARLY;BYMONTH=11;BYDAY=1SU")],
    "Asia/Kolkata": [("STANDARD", "+0530", "+0530", "IST", "19700101T000000", "")],
    "Pacific Standard Time": [("DAYLIGHT", "-0800", "-0700", "PDT", "19700308T020000", "FREQ=YEARLY;BYMONTH=3;BYDAY=2SU"),
                              ("STANDARD", "-0700", "-0800", "PST", "19701101T020000", "FREQ=YEARLY;BYMONTH=11;BYDAY=1SU")],
}


def calendar_ics(path: Path, count: int, seed: int = 5, employers: int | None = None) -> int:
    """Write a calendar of `count` VEVENTs (overrides of a series included) to `path`; returns
    how many of them are interviews (one-off events whose title names a stage). The interviews
    are at `employers` companies (by default one for every 30 events: about four interviews
    each)."""
    rng = random.Random(seed)
    employers = employers or max(10, count // 30)
    interviews = 0
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(_lines([
            "BEGIN:VCALENDAR", "PRODID:-//Google Inc//Google Calendar 70.9054//EN", "VERSION:2.0",
            "CALSCALE:GREGORIAN", "METHOD:PUBLISH", "X-WR-CALNAME:sam.seeker@gmail.com",
            "X-WR-TIMEZONE:Europe/Berlin",
        ]))
        for tzid, parts in VTIMEZONES.items():
            block = ["BEGIN:VTIMEZONE", f"TZID:{tzid}"]
            for kind, before, after, name, start, rule in parts:
                block += [f"BEGIN:{kind}", f"TZOFFSETFROM:{before}", f"TZOFFSETTO:{after}", f"TZNAME:{name}",
                          f"DTSTART:{start}"] + ([f"RRULE:{rule}"] if rule else []) + [f"END:{kind}"]
            out.write(_lines(block + ["END:VTIMEZONE"]))
        written = 0
        i = 0
        while written < count:
            events, interview = _events(i, rng, count - written, employers)
            for event in events:
                out.write(_lines(event))
            written += len(events)
            interviews += interview
            i += 1
        out.write("END:VCALENDAR\r\n")
    return interviews


def _lines(lines: list[str]) -> str:
    """Content lines folded at 75 octets, as exports write them, each ending in CRLF."""
    out = []
    for line in lines:
        while len(line.encode()) > 75:
            cut = 74
            while len(line[:cut].encode()) > 74:
                cut -= 1
            out.append(line[:cut])
            line = " " + line[cut:]
        out.append(line)
    return "\r\n".join(out) + "\r\n"


def _when(rng: random.Random) -> tuple[datetime, str, str]:
    """A start in the year around NOW, in one of the zones: (aware start, TZID, zone)."""
    tzid, name = rng.choice(ZONES)
    from zoneinfo import ZoneInfo

    day = NOW + timedelta(days=rng.randrange(-330, 330))
    local = datetime(day.year, day.month, day.day, rng.randrange(8, 18), rng.choice((0, 15, 30, 45)),
                     tzinfo=ZoneInfo(name))
    return local, tzid, name


def _events(i: int, rng: random.Random, room: int, employers: int) -> tuple[list[list[str]], int]:
    """The VEVENTs of event number `i` (a series may give several), and 1 if it is an interview."""
    local = "%Y%m%dT%H%M%S"
    utc = "%Y%m%dT%H%M%SZ"
    start, tzid, _ = _when(rng)
    head = ["BEGIN:VEVENT", f"UID:{i:07d}-{rng.randrange(10**9):09d}@google.com", "DTSTAMP:20261120T101500Z"]
    kind = i % 40
    if kind < 5:  # an interview: organizer and panel at the employer, a call link, a stage
        company = f"Employer{i // 40 % employers}"  # one employer's interviews follow each other
        domain = f"{company.lower()}.com"
        people = [(f"{rng.choice(FIRST)} {rng.choice(LAST)}", f"p{i}x{n}@{domain}") for n in range(rng.randrange(1, 4))]
        link = f"https://{company.lower()}.zoom.us/j/{rng.randrange(10**10, 10**11)}"
        event = head + [
            f"SEQUENCE:{rng.randrange(3)}",
            f"DTSTART;TZID={tzid}:{start.strftime(local)}",
            f"DTEND;TZID={tzid}:{(start + timedelta(minutes=rng.choice((30, 45, 60)))).strftime(local)}",
            f"ORGANIZER;CN={rng.choice(FIRST)} (Recruiting):mailto:recruiting.{i}@{domain}",
            *(f"ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;CN={name}:mailto:{email}"
              for name, email in people),
            "ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;CN=Sam Seeker:mailto:sam.seeker@gmail.com",
            f"SUMMARY:{company} | {rng.choice(ROLES)} - {rng.choice(STAGES)}",
            f"DESCRIPTION:Hi Sam\\,\\n\\nThanks for your time. Join Zoom Meeting: {link}\\n"
            f"Meeting ID: {rng.randrange(10**9)}\\n\\nBest\\, the {company} team",
            f"LOCATION:{link}",
            "END:VEVENT",
        ]
        return [event], 1
    if kind == 5:  # an all-day event
        day = start.strftime("%Y%m%d")
        after = (start + timedelta(days=1)).strftime("%Y%m%d")
        return [head + [f"DTSTART;VALUE=DATE:{day}", f"DTEND;VALUE=DATE:{after}", "SUMMARY:Holiday",
                        "TRANSP:TRANSPARENT", "END:VEVENT"]], 0
    if kind == 6 and room >= 2:  # a weekly series, one occurrence skipped and one moved
        uid = head[1]
        end = start + timedelta(minutes=30)
        series = head + [
            f"DTSTART;TZID={tzid}:{start.strftime(local)}", f"DTEND;TZID={tzid}:{end.strftime(local)}",
            "RRULE:FREQ=WEEKLY;COUNT=12", f"EXDATE;TZID={tzid}:{(start + timedelta(days=14)).strftime(local)}",
            f"ORGANIZER;CN=Alex Boss:mailto:alex@oldjob.com",
            "ATTENDEE;CN=Sam Seeker;PARTSTAT=ACCEPTED:mailto:sam.seeker@gmail.com",
            f"SUMMARY:{rng.choice(OTHER)}", "END:VEVENT",
        ]
        moved = start + timedelta(days=21)
        override = ["BEGIN:VEVENT", uid, "DTSTAMP:20261120T101500Z",
                    f"RECURRENCE-ID;TZID={tzid}:{moved.strftime(local)}",
                    f"DTSTART;TZID={tzid}:{(moved + timedelta(hours=1)).strftime(local)}",
                    f"DTEND;TZID={tzid}:{(moved + timedelta(hours=1, minutes=30)).strftime(local)}",
                    "SEQUENCE:1", "SUMMARY:Moved sync", "END:VEVENT"]
        return [series, override], 0
    if kind == 7:  # cancelled
        return [head + [f"DTSTART:{start.astimezone(timezone.utc).strftime(utc)}",
                        f"DTEND:{(start + timedelta(hours=1)).astimezone(timezone.utc).strftime(utc)}",
                        "STATUS:CANCELLED", f"SUMMARY:{rng.choice(OTHER)}", "END:VEVENT"]], 0
    return [head + [  # a meeting or an appointment, in a zone or in UTC
        f"DTSTART;TZID={tzid}:{start.strftime(local)}" if i % 3 else f"DTSTART:{start.astimezone(timezone.utc).strftime(utc)}",
        f"DTEND;TZID={tzid}:{(start + timedelta(minutes=45)).strftime(local)}" if i % 3
        else f"DTEND:{(start + timedelta(minutes=45)).astimezone(timezone.utc).strftime(utc)}",
        f"ATTENDEE;CN={rng.choice(FIRST)} {rng.choice(LAST)};PARTSTAT=ACCEPTED:mailto:friend{i % 97}@example.org",
        f"SUMMARY:{rng.choice(OTHER)}", "DESCRIPTION:Agenda:\\n- updates\\n- next steps",
        "LOCATION:Room 4.12", "END:VEVENT"]], 0


def import_once(path: Path, home: Path) -> tuple[float, str]:
    """Import `path` into a fresh database in `home`: (seconds, the summary line)."""
    home.mkdir()
    (home / "config.toml").write_text("[import]\nmax_file_mb = 500\n")
    argv = afterview_argv("--at", AT, "calendar", "import", str(path))
    started = time.perf_counter()
    done = subprocess.run(argv, env=isolated_env(home), capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise BenchError(f"calendar import failed: {(done.stderr.strip().splitlines() or [''])[-1]}")
    lines = done.stdout.strip().splitlines()
    return seconds, lines[-1] if lines else ""


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    sizes = tuple(int(a) for a in args) or SIZES
    with tempfile.TemporaryDirectory(prefix="afterview-bench-ical-") as folder:
        work = Path(folder)
        for size in sizes:
            path = work / f"calendar-{size}.ics"
            interviews = calendar_ics(path, size)
            mb = path.stat().st_size / 1024 / 1024
            seconds, summary = import_once(path, work / f"home-{size}")
            print(f"{size:,} events ({mb:.1f} MB, {interviews:,} interviews): {summary}", flush=True)
            report(f"import a calendar of {size:,} events", seconds, "s")
            report(f"import a calendar of {size:,} events, rate", size / seconds, "events/s")


if __name__ == "__main__":
    main()
