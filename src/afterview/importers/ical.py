"""Reading interview candidates from iCalendar files (RFC 5545), streaming, event by event.

Exports from Google Calendar, Outlook / Microsoft 365 and Apple Calendar, and single invitations
saved from email (METHOD:REQUEST, METHOD:CANCEL). The file is read line by line: each VEVENT is
parsed on its own with `icalendar` once its END line is read, so memory stays bounded by the
largest event, not the file. Recurring series (RRULE, RDATE, EXDATE and RECURRENCE-ID overrides)
are kept aside and expanded at the end with `recurring_ical_events`, within a window, so that
only real occurrences come out.

Zones, dates and addresses are checked as typed ones are: an event whose TZID names no known
zone (and no VTIMEZONE of the file), that starts or ends outside the years 1900-2200, or whose
organizer or attendee has an address that is no address ("mailto:ann@@acme.com"), is a Problem;
so is an unknown X-WR-TIMEZONE (the calendar's zone), and events without a zone of their own are
then read in the user's zone.

Text is made plain as it is read: each event's title, place, description, call links and its
people's names lose their control characters and bidirectional overrides before anything reads
the event (`_plain_lines`), counted in the file's `TextFile.removed` once per event of the file
(not once per occurrence of a series); titles are then one line, descriptions and places keep
their lines (`checks.one_line`, `checks.text_lines`).
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from afterview.domain.values import as_utc, elapsed, remove_controls
from afterview.errors import ImportFailed
from afterview.importers.checks import email_address, one_line, text_lines, year_problem, zone_problem
from afterview.importers.files import TextFile, looks_like_markup
from afterview.importers.links import find_call_link
from afterview.importers.names import CALENDAR_SERVICE, attendee_name, domain_of, looks_like_room
from afterview.importers.records import Attendee, CalendarEvent, Problem
from afterview.importers.zones import equivalent_zone, iana_name, tzid_origin, zone_of

WHAT = "an iCalendar file"
MAX_OCCURRENCES = 1000  # per series: a daily meeting over three years, far more than interviews
MAX_RULE_STEPS = 200_000  # occurrences of a rule counted before the window's end, at the most (see _window_end)
# Lines of dateutil's rule expansion run to count one series, at the most (see _work_limit): about a
# second. A daily series from 1990 to the window's end takes about 600,000; a rule whose candidate
# times are many (BYSECOND and BYMINUTE lists: 29 million a year) or that never matches (the 30th of
# February, looked for up to the year 9999) would take minutes.
MAX_RULE_WORK = 1_000_000
# Dates one event lists in EXDATE and RDATE, at the most: a series that skips every public holiday
# for years lists dozens; an event with more is not read (each is parsed, kept and looked up).
MAX_LISTED_DATES = 5_000
_CANCEL_PREFIXES = ("canceled:", "cancelled:", "abgesagt:", "annulé:", "cancelado:")


@dataclass(slots=True)
class IcsEvent(CalendarEvent):
    """A calendar event read from an .ics file, which also says how the event named its zone:
    "iana" (its TZID is an IANA name, or a vendor-prefixed one; or it is an all-day or floating
    event of a calendar that names its zone, X-WR-TIMEZONE, whose days and clock times are that
    zone's), "windows" (a Windows name, "Eastern Standard Time", whose zone several countries
    share), or "" when the zone is not the event's own (UTC times, which are moments: the
    calendar's zone or the user's; floating times and all-day events of a calendar that names no
    zone: the user's; a custom VTIMEZONE matched to a real zone by its offsets: a guess). A
    calendar import gives the event's own zone to the people it creates (services.imports)."""

    zone_given: str = ""
    # an occurrence the series excludes (EXDATE): cancelled, and never imported when it was not before
    removed: bool = False
    # the attendees left off `attendees` because they will not be there, each with why: they
    # declined (PARTSTAT=DECLINED) or sent someone in their place (PARTSTAT=DELEGATED)
    absent: tuple[tuple[Attendee, str], ...] = ()
    # when this copy of the event was last changed: its LAST-MODIFIED, else, in an invitation
    # (METHOD), its DTSTAMP (a whole calendar's export stamps every event with the export's time);
    # None when it says neither. Tells two copies of one SEQUENCE apart: the older is ignored.
    stamp: datetime | None = None


@dataclass
class CalendarInfo:
    """What the structure check found: the method, the calendar's zone, how many events."""

    method: str = ""
    calendar_tz: str = ""
    user_tz: str = ""  # the zone the user is in (`read_events`' default_tz): where UTC times are shown
    product: str = ""
    owner: str = ""  # the address whose calendar this is (Outlook's X-OWNER, Google's calendar name)
    events: int = 0
    late_timezones: bool = False  # a VTIMEZONE comes after an event that may use it
    bad_calendar_tz: tuple[int, str] | None = None  # (line, value) of an X-WR-TIMEZONE naming no zone
    removed: Counter = field(default_factory=Counter)  # the file's TextFile.removed

    @property
    def is_invitation(self) -> bool:
        """A single invitation saved from email rather than a whole calendar."""
        return self.method in ("REQUEST", "CANCEL", "REPLY", "COUNTER", "ADD")


def logical_lines(source: TextFile) -> Iterator[tuple[int, str]]:
    """Unfolded content lines (RFC 5545 3.1) with the number of their first physical line."""
    pending: list[str] = []
    start = 0
    with source.open() as stream:
        for number, raw in enumerate(stream, start=1):
            line = raw.rstrip("\r\n")
            if number == 1:
                line = line.lstrip("\ufeff")
            if line[:1] in (" ", "\t") and pending:
                pending.append(line[1:])
                continue
            if pending:
                yield start, "".join(pending)
            pending, start = [line], number
        if pending:
            yield start, "".join(pending)


def scan(source: TextFile, *, max_events: int) -> CalendarInfo:
    """Check the structure of the whole file before anything is imported (one pass, bounded memory)."""
    info = CalendarInfo(removed=source.removed)
    stack: list[tuple[str, int]] = []
    seen_calendar = False
    for number, line in logical_lines(source):
        if not line.strip():
            continue
        name, _, value = line.partition(":")
        upper = name.upper()
        if not seen_calendar:
            if upper != "BEGIN" or value.strip().upper() != "VCALENDAR":
                raise ImportFailed(_not_calendar(source, line))
            seen_calendar = True
        if upper == "BEGIN":
            stack.append((value.strip().upper(), number))
            if stack[-1][0] == "VTIMEZONE" and info.events:
                info.late_timezones = True
            if stack[-1][0] == "VEVENT":
                info.events += 1
                if info.events > max_events:
                    raise ImportFailed(
                        f"{source.name} has more than {max_events:,} event{'' if max_events == 1 else 's'}; export a shorter period "
                        "(or raise max_events in [import] of config.toml)"
                    )
        elif upper == "END":
            ending = value.strip().upper()
            if not stack or stack[-1][0] != ending:
                opened = f"{stack[-1][0]} from line {stack[-1][1]}" if stack else "nothing"
                raise ImportFailed(
                    f"{source.name} line {number}: END:{ending} does not close {opened}; the file is damaged"
                )
            stack.pop()
        elif len(stack) == 1:
            _calendar_property(info, upper.split(";", 1)[0], value.strip(), number)
    if stack:
        kind, number = stack[-1]
        raise ImportFailed(
            f"{source.name} is truncated: BEGIN:{kind} on line {number} is never closed "
            f"(no END:{kind}); export or save the file again"
        )
    if not seen_calendar:
        raise ImportFailed(f"{source.name} is not {WHAT}: it holds no BEGIN:VCALENDAR")
    return info


def _calendar_property(info: CalendarInfo, name: str, value: str, number: int = 0) -> None:
    if name == "METHOD":
        info.method = value.upper()
    elif name == "X-WR-TIMEZONE":
        info.calendar_tz = iana_name(value) or ""
        if value and not info.calendar_tz and info.bad_calendar_tz is None:
            info.bad_calendar_tz = (number, value)
    elif name == "PRODID":
        info.product = value
    elif name in ("X-OWNER", "X-WR-CALNAME"):
        address = value.split(":", 1)[1] if value.lower().startswith("mailto:") else value
        if "@" in address and " " not in address.strip() and not info.owner:
            info.owner = address.strip()


def _not_calendar(source: TextFile, line: str) -> str:
    kind = looks_like_markup(line)
    if kind and kind != "an iCalendar file":
        return f"{source.name} is not {WHAT}: it is {kind}"
    shown = line.strip()[:40]
    return f"{source.name} is not {WHAT}: it starts with {shown!r}, not BEGIN:VCALENDAR"


@dataclass
class _Series:
    line: int  # of the master event
    components: list = field(default_factory=list)
    lines: dict[str, int] = field(default_factory=dict)  # override's RECURRENCE-ID -> its line


def read_events(
    source: TextFile,
    info: CalendarInfo,
    *,
    default_tz: str,
    window: tuple[datetime, datetime],
    keep: Callable[[str], bool] | None = None,
) -> Iterator[CalendarEvent | Problem]:
    """Every event occurrence in the file, or a Problem saying why one cannot be read.

    `keep`, given an event's unparsed text, may say False to skip it without parsing.
    """
    import warnings

    import icalendar

    icalendar.use_zoneinfo()  # also empties icalendar's cache of custom VTIMEZONEs from other files
    # icalendar warns on stderr when it strips a vendor's prefix from a TZID ("/mozilla.org/...
    # /Europe/Berlin"): the zone is read here as `zones.iana_name` reads it, which is no guess to
    # tell the user about in a library's words
    guessed = getattr(icalendar, "GloballyUniqueTZIDGuessed", None)
    if guessed is not None:
        warnings.filterwarnings("ignore", category=guessed)
    home = info.calendar_tz or default_tz
    info.user_tz = default_tz
    if info.bad_calendar_tz is not None:  # skipped with --skip-bad: the events are read in `home`
        line, value = info.bad_calendar_tz
        yield Problem(line, f"the calendar's zone (X-WR-TIMEZONE): {zone_problem(value) or _unknown(value)}")
    if info.late_timezones:  # read the zones first, so that the events before them can use them
        for line, block in _blocks(source, ("VTIMEZONE",)):
            yield from _component(block, line, "VTIMEZONE", info, home, {})
    series: dict[str, _Series] = {}
    block: list[str] = []
    block_line = 0
    depth_name: list[str] = []
    for number, line in logical_lines(source):
        if not line.strip():
            continue
        name, _, value = line.partition(":")
        upper, value = name.upper(), value.strip().upper()
        if upper == "BEGIN":
            depth_name.append(value)
            if len(depth_name) == 2:
                block, block_line = [], number
        if len(depth_name) >= 2:
            block.append(line)
        if upper == "END":
            closed = depth_name.pop()
            if len(depth_name) == 1 and closed in ("VEVENT", "VTIMEZONE"):
                if closed == "VEVENT":
                    block = _plain_lines(block, info.removed)
                if closed == "VEVENT" and keep is not None and not keep("\n".join(block)):
                    continue
                yield from _component(block, block_line, closed, info, home, series)
    for uid, found in series.items():
        yield from _expand(uid, found, info, home, window)


# The properties whose text an import keeps (by the kind of field the report counts), and the
# people's lines, whose parameters (CN, the name) are text too; their values are addresses.
_CALL_PROPERTIES = ("X-GOOGLE-CONFERENCE", "X-MICROSOFT-SKYPETEAMSMEETINGURL", "X-MICROSOFT-ONLINEMEETINGEXTERNALLINK",
                    "CONFERENCE", "URL")  # where invitations give the call link (`_call_link`)
_TEXT_PROPERTIES = {"SUMMARY": "titles", "DESCRIPTION": "descriptions", "LOCATION": "locations",
                    **{name: "call links" for name in _CALL_PROPERTIES}}
_PEOPLE_PROPERTIES = {"ORGANIZER": "names", "ATTENDEE": "names"}


def _plain_lines(block: list[str], removed: Counter) -> list[str]:
    """An event's content lines with the control characters and bidirectional overrides taken
    out of its text (counted in `removed`): of the values of its title, description and place,
    and of its people's parameters (a name: icalendar leaves out a line whose parameter holds
    one, as RFC 5545 does not allow it). An address keeps what it has, and is then refused as
    an address with it is."""
    changed = None
    for index, line in enumerate(block):
        if line.isprintable():
            continue
        name = line[:40].split(":", 1)[0].split(";", 1)[0].upper()
        kind = _TEXT_PROPERTIES.get(name)
        if kind is not None:
            plain, count = remove_controls(line)
        elif name in _PEOPLE_PROPERTIES:
            kind = _PEOPLE_PROPERTIES[name]
            split = _value_colon(line)
            plain, count = remove_controls(line[:split])
            plain += line[split:]
        else:
            continue
        if count:
            removed[kind] += count
            changed = changed or list(block)
            changed[index] = plain
    return changed or block


def _value_colon(line: str) -> int:
    """Where a content line's value begins: its first colon outside a quoted parameter value."""
    quoted = False
    for index, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == ":" and not quoted:
            return index
    return len(line)


def _blocks(source: TextFile, kinds: tuple[str, ...]) -> Iterator[tuple[int, list[str]]]:
    """(first line, content lines) of every top-level component of the given kinds."""
    depth, block, start = 0, [], 0
    for number, line in logical_lines(source):
        name, _, value = line.partition(":")
        upper, value = name.upper(), value.strip().upper()
        if upper == "BEGIN":
            depth += 1
            if depth == 2:
                block, start = [], number
        if depth >= 2:
            block.append(line)
        if upper == "END":
            depth -= 1
            if depth == 1 and value in kinds:
                yield start, block


_LISTED = re.compile(r"(?:EXDATE|RDATE)[;:]", re.IGNORECASE)


def _listed_dates(block: list[str]) -> int:
    """How many dates the event's EXDATE and RDATE lines list (counted on the text, unparsed)."""
    return sum(line.count(",") + 1 for line in block if _LISTED.match(line))


def _component(block, line, kind, info, home, series) -> Iterator[CalendarEvent | Problem]:
    import icalendar

    if kind == "VEVENT":
        listed = _listed_dates(block)
        if listed > MAX_LISTED_DATES:  # said before the event is parsed: parsing them is the work
            uid = next((text.split(":", 1)[1].strip() for text in block if text[:4].upper() == "UID:"), "")
            yield Problem(line, f"event {uid[:80]!r} lists {listed:,} dates in EXDATE and RDATE, more than the "
                                f"{MAX_LISTED_DATES:,} an event is read with")
            return
    text = "\r\n".join(block) + "\r\n"
    try:
        component = icalendar.Component.from_ical(text)  # a VTIMEZONE is remembered for the events
    except Exception as err:  # icalendar raises ValueError and friends on malformed content
        yield Problem(line, f"unreadable {kind}: {_short(err)}")
        return
    if kind != "VEVENT":
        return
    if "RRULE" in component or "RDATE" in component or "RECURRENCE-ID" in component:
        uid = str(component.get("UID") or "")
        found = series.setdefault(uid, _Series(line))
        found.components.append(component)
        if "RECURRENCE-ID" in component:  # an override: its occurrence is reported at its own line
            try:
                found.lines[_instant_key(component.decoded("RECURRENCE-ID"))] = line
            except Exception:  # an unreadable RECURRENCE-ID is reported when the series expands
                pass
        else:
            found.line = line
        return
    yield _event(component, line, info, home, uid_suffix="")


def _expand(uid, found: _Series, info, home, window) -> Iterator[CalendarEvent | Problem]:
    import icalendar
    import recurring_ical_events

    calendar = icalendar.Calendar()
    for component in found.components:
        calendar.add_component(component)
    start, end = window
    try:
        capped = _window_end(found, start, end)
    except Exception:  # a rule dateutil reads otherwise than the library (an UNTIL's zone): as before
        capped = end
    try:
        if capped is None:
            yield Problem(found.line, f"recurring event {uid!r} repeats too often to be read (more than "
                                      f"{MAX_RULE_STEPS:,} times before the import's window ends, or more "
                                      "candidate times than can be worked out: a BYSECOND or BYMINUTE list, a rule "
                                      "that never matches)")
            return
        query = recurring_ical_events.of(calendar)
        occurrences = query.between(start, capped)
    except Exception as err:  # a broken RRULE in one series must not stop the others
        yield Problem(found.line, f"recurring event {uid!r} cannot be expanded: {_short(err)}")
        return
    given = set()
    for count, occurrence in enumerate(occurrences):
        if count >= MAX_OCCURRENCES:
            yield Problem(found.line, f"recurring event {uid!r}: only its first {MAX_OCCURRENCES} occurrences were read")
            return
        key = _instant_key(occurrence.decoded("RECURRENCE-ID")) if "RECURRENCE-ID" in occurrence else ""
        given.add(key)
        line = found.lines.get(key, found.line)
        yield _event(occurrence, line, info, home, uid_suffix=f"/{key}" if key else "")
    yield from _excluded(found, info, home, window, given)


def _window_end(found: _Series, start: datetime, end: datetime) -> datetime | None:
    """Where to stop expanding the series: the window's end, or, when its rule has more than the
    cap of occurrences in the window, just past the first one beyond the cap (so that the cap is
    said, as before); None when the rule steps more than MAX_RULE_STEPS times before the window
    ends (FREQ=SECONDLY from years back). The library expands every occurrence of the window
    before it returns, and a one-line rule (FREQ=SECONDLY;COUNT=1000000) took minutes and
    hundreds of MB to be cut to the cap afterwards: the rule is counted first, lazily, with
    dateutil, which the library expands it with. Occurrences an EXDATE takes out are counted
    too: the cap can come a little early, never late. The counting's own work is bounded too
    (`_work_limit`): a rule that makes dateutil work long for each occurrence, or for none at
    all, is None as well, found in about a second."""
    from dateutil.rrule import rrulestr

    master = next((c for c in found.components if "RECURRENCE-ID" not in c and "RRULE" in c), None)
    if master is None:
        return end
    first = master.decoded("DTSTART")
    if not isinstance(first, datetime):  # an all-day series: its days at midnight
        first = datetime.combine(first, time())
    rules = master.get("RRULE")
    texts = [r.to_ical().decode() for r in (rules if isinstance(rules, list) else [rules])]

    def comparable(moment: datetime) -> datetime:  # a floating time is read in the window's zone
        return moment.replace(tzinfo=end.tzinfo) if moment.tzinfo is None else moment

    counted = 0
    try:
        with _work_limit(MAX_RULE_WORK):
            for text in texts:
                for steps, moment in enumerate(rrulestr(text, dtstart=first)):
                    moment = comparable(moment)
                    if moment > end:
                        break
                    if steps >= MAX_RULE_STEPS:
                        return None
                    if moment >= start:
                        counted += 1
                        if counted > MAX_OCCURRENCES:
                            return min(end, moment + timedelta(seconds=1))
    except _TooMuchWork:
        return None
    return end


class _TooMuchWork(Exception):
    """Raised inside dateutil's expansion of a rule when counting it has run MAX_RULE_WORK lines."""


@contextmanager
def _work_limit(lines: int) -> Iterator[None]:
    """Within it, dateutil's rule expansion (dateutil/rrule.py) runs at most `lines` lines of its
    code in this thread, then stops with _TooMuchWork. One `next()` of a rule runs until it finds
    an occurrence, however many candidates that takes (a whole year's at once): counting the
    occurrences alone bounds nothing when there are few or none. Lines, not seconds, so that a
    rule is read the same way on any machine and under any load. The thread's own trace function
    (a debugger's, a coverage tool's) is put back after."""
    import dateutil.rrule

    code_file = dateutil.rrule.rrule._iter.__code__.co_filename
    left = lines

    def count(frame, event, arg):
        nonlocal left
        if event == "line":
            left -= 1
            if left < 0:
                raise _TooMuchWork
        return count

    def enter(frame, event, arg):  # only dateutil's rule code is counted, line by line
        return count if frame.f_code.co_filename == code_file else None

    before = sys.gettrace()
    sys.settrace(enter)
    try:
        yield
    finally:
        sys.settrace(before)


def _excluded(found: _Series, info, home, window, given: set[str]) -> Iterator[CalendarEvent]:
    """The occurrences the series excludes (EXDATE) within the window, each as a cancelled event
    (`IcsEvent.removed`): an organizer who takes one occurrence out of a series writes an EXDATE
    for it (and no cancelled copy), so that an interview imported from it is cancelled on the
    next import, as a cancelled event's is."""
    master = next((c for c in found.components if "RECURRENCE-ID" not in c), None)
    if master is None or "EXDATE" not in master:
        return
    built = _event(master, found.line, info, home, uid_suffix="")
    if not isinstance(built, IcsEvent):
        return  # the series itself is unreadable: said with its occurrences
    written = master.get("EXDATE")
    lists = written if isinstance(written, list) else [written]
    length = as_utc(built.end) - as_utc(built.start)  # real time, across a change of the clocks too
    low, high = window
    for values in lists:
        for value in getattr(values, "dts", ()):
            try:
                moment = value.dt
                key = _instant_key(moment)
                start = _aware(moment, built.timezone)
            except Exception:  # an unreadable EXDATE excludes nothing
                continue
            if key in given or not low <= start < high:
                continue
            given.add(key)
            yield replace(built, uid=f"{built.uid}/{key}", start=start, end=elapsed(start, length), cancelled=True,
                          removed=True)


def _event(component, line: int, info: CalendarInfo, home: str, *, uid_suffix: str) -> CalendarEvent | Problem:
    try:
        return _build(component, line, info, home, uid_suffix)
    except _Bad as bad:
        return Problem(line, str(bad))
    except Exception as err:  # a value icalendar could not decode (a bad date, a bad zone)
        return Problem(line, f"unreadable event: {_short(err)}")


class _Bad(Exception):
    pass


def _build(component, line, info, home, uid_suffix) -> CalendarEvent:
    written = _text(component, "SUMMARY")
    summary = one_line(written)
    if "DTSTART" not in component:
        raise _Bad(f"event {summary or '(no title)'!r} has no start time")
    raw_start = component.decoded("DTSTART")
    tzid = component["DTSTART"].params.get("TZID")
    _check_value(component, "DTSTART", raw_start, summary)
    zone_name, zone_given = _zone_for(raw_start, tzid, home, info)
    all_day = not isinstance(raw_start, datetime)
    start = _aware(raw_start, zone_name)
    end = _end(component, start, zone_name, all_day, summary)
    shown = _shown_zone(zone_name, all_day, info)
    if shown != zone_name:  # a UTC time is a moment: shown and filed on the user's clock
        start, end, zone_name = start.astimezone(ZoneInfo(shown)), end.astimezone(ZoneInfo(shown)), shown
    wrong = year_problem(end)
    if wrong:
        raise _Bad(f"event {summary!r}: the end {wrong}")
    if as_utc(end) < as_utc(start):  # as moments: by the clock, 01:29 CST is after 01:59 CDT
        raise _Bad(f"event {summary!r} ends before it starts")
    cancelled = info.method == "CANCEL" or _text(component, "STATUS").upper() == "CANCELLED"
    if summary.lower().startswith(_CANCEL_PREFIXES):
        cancelled = cancelled or info.method == "CANCEL"
        summary = summary.split(":", 1)[1].strip()
    description = text_lines(_text(component, "DESCRIPTION")).strip()
    location = text_lines(_text(component, "LOCATION")).strip()
    organizer, attendees, absent = _people(component, summary)
    return IcsEvent(
        line=line,
        uid=(_uid(component, start, written) + uid_suffix),
        start=start,
        end=end,
        timezone=zone_name,
        summary=summary,
        description=description,
        location=location,
        call_link=_call_link(component, location, description),
        organizer=organizer,
        attendees=attendees,
        sequence=sequence_number(component.get("SEQUENCE")),
        cancelled=cancelled,
        all_day=all_day,
        exported=_exported(component),
        zone_given=zone_given,
        absent=absent,
        stamp=_stamp(component, info),
    )


def _check_value(component, name: str, raw: date | datetime, summary: str) -> None:
    """Refuse a DTSTART or DTEND outside the years 1900-2200, or given in a zone that does not exist.

    icalendar leaves a time naive when its TZID names no known zone and no VTIMEZONE of the
    file: read in another zone, it would be hours off without a word.
    """
    what = "start" if name == "DTSTART" else "end"
    if not isinstance(raw, date):  # icalendar hands back what it could not read as it was
        shown = component[name].to_ical().decode(errors="replace") if hasattr(component[name], "to_ical") else str(raw)
        raise _Bad(f"event {summary!r}: the {what} is not a date or time: {shown[:40]!r}")
    wrong = year_problem(raw)
    if wrong:
        raise _Bad(f"event {summary!r}: the {what} {wrong}")
    tzid = component[name].params.get("TZID") if name in component else None
    if tzid and isinstance(raw, datetime) and raw.tzinfo is None and not iana_name(str(tzid)):
        raise _Bad(f"event {summary!r}: {zone_problem(str(tzid)) or _unknown(str(tzid))}")


def _unknown(name: str) -> str:
    return f"unknown time zone: {name!r}"


def _zone_for(raw: date | datetime, tzid, home: str, info: CalendarInfo) -> tuple[str, str]:
    """The zone of the event, and how the event named it (IcsEvent.zone_given)."""
    if isinstance(raw, datetime) and raw.tzinfo is not None:
        utc = raw.utcoffset() == timedelta(0) and (not tzid or is_utc(str(tzid)))
        if not utc:
            name = zone_of(raw, str(tzid) if tzid else None, "")
            given = tzid_origin(str(tzid)) if tzid and name else ""
            if not name and tzid:  # a custom VTIMEZONE: find the real zone with the same rules
                name = equivalent_zone(raw.tzinfo, raw.year, prefer=(home,)) or ""
            return (name, given) if name else (home, "")
        return home, ""  # UTC (Google writes Z times): shown in the calendar's zone (`_shown_zone`)
    # Floating or all-day: its clock times and days are the calendar's zone's, which is then the
    # event's own, as a TZID is (its people take it); without one, the user's.
    if info.calendar_tz and home == info.calendar_tz and not is_utc(home):
        return home, "iana"
    if is_utc(home) and not isinstance(raw, datetime) and info.user_tz:
        return info.user_tz, ""  # the days of a calendar "in UTC" are the user's days
    return home, ""


# The names of UTC itself (as a TZID or an X-WR-TIMEZONE): a time given in it is a moment, no place.
_UTC_NAMES = frozenset(name.lower() for name in (
    "UTC", "Etc/UTC", "UCT", "Etc/UCT", "Z", "Zulu", "Etc/Zulu", "Universal", "Etc/Universal",
    "GMT", "Etc/GMT", "GMT0", "Etc/GMT0", "GMT+0", "Etc/GMT+0", "GMT-0", "Etc/GMT-0", "Greenwich",
    "Etc/Greenwich"))


def is_utc(name: str) -> bool:
    """Whether a zone's name is UTC's own ("UTC", "Etc/UTC", "GMT"), not a place's."""
    return name.strip().strip('"').lower() in _UTC_NAMES


def _shown_zone(zone_name: str, all_day: bool, info: CalendarInfo) -> str:
    """The zone an event is shown and filed in: its own, unless that is UTC itself (a time given
    in UTC, or read in a calendar "in UTC"), which is a moment's, no one's clock: then the user's
    (docs/imports.md, "time zones")."""
    if not all_day and is_utc(zone_name) and info.user_tz and not is_utc(info.user_tz):
        return info.user_tz
    return zone_name


def _aware(raw: date | datetime, zone_name: str) -> datetime:
    tz = ZoneInfo(zone_name)
    if not isinstance(raw, datetime):
        return datetime.combine(raw, time(0, 0), tzinfo=tz)
    if raw.tzinfo is None:  # floating time: the calendar's own zone
        return raw.replace(tzinfo=tz)
    return raw.astimezone(tz)  # with the fold (PEP 495) of a wall time the clocks show twice


# An all-day event ends at this time of its last day, in its zone (`_end`).
ALL_DAY_END = time(23, 59)


def _end(component, start: datetime, zone_name: str, all_day: bool, summary: str = "") -> datetime:
    if all_day:
        return _all_day_end(component, start, zone_name, summary)
    if "DTEND" in component:
        raw = component.decoded("DTEND")
        _check_value(component, "DTEND", raw, summary)
        return _aware(raw, zone_name)
    if "DURATION" in component:
        # RFC 5545 3.3.6: days and weeks are calendar days (the same clock time), hours, minutes
        # and seconds real time (across a daylight-saving change too)
        length = component.decoded("DURATION")
        return elapsed(start + timedelta(days=length.days), timedelta(seconds=length.seconds))
    # RFC 5545 ends such events at their start; an interview invitation without an end is in
    # practice an hour long.
    return elapsed(start, timedelta(hours=1))


def _all_day_end(component, start: datetime, zone_name: str, summary: str) -> datetime:
    """The end of an all-day event: 23:59 of its last day, in its zone. RFC 5545 ends it at the
    midnight after that day (DTEND;VALUE=DATE:20261204 for Thursday 3 December alone), which is
    the next day: an interview stored so would be over on the Friday, and its notes timed from a
    Friday interview. The day's last minute keeps it on its own day, and never before it is
    over (an onsite day may run into the evening; no note is planned to go out before it ends).
    Without DTEND the event is one day long (DURATION in days: as many)."""
    first = start.date()
    if "DTEND" in component:
        raw = component.decoded("DTEND")
        _check_value(component, "DTEND", raw, summary)
        after = raw.date() if isinstance(raw, datetime) else raw  # the day after the last
    elif "DURATION" in component:
        after = first + timedelta(days=max(component.decoded("DURATION").days, 1))
    else:
        after = first + timedelta(days=1)
    last = max(after - timedelta(days=1), first)
    return datetime.combine(last, ALL_DAY_END, tzinfo=ZoneInfo(zone_name))


def _uid(component, start: datetime, written: str) -> str:
    """The event's UID; for one without, a digest of its start and its title as read (without a
    cancellation's prefix, not made one line: as imports made it before titles were)."""
    uid = _text(component, "UID")
    if uid:
        return uid
    summary = written.split(":", 1)[1].strip() if written.lower().startswith(_CANCEL_PREFIXES) else written
    # Without a UID, the start and title identify the event well enough to re-import it.
    digest = hashlib.sha1(f"{start.astimezone(timezone.utc).isoformat()}|{summary}".encode()).hexdigest()
    return f"afterview-{digest[:20]}"


def _instant_key(value: date | datetime) -> str:
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(timezone.utc)
        return value.strftime("%Y%m%dT%H%M%SZ")
    return value.strftime("%Y%m%d")


def _call_link(component, location: str, description: str) -> str:
    extra = [_text(component, name) for name in _CALL_PROPERTIES]
    return find_call_link(*extra, location, description)


def _address(value, summary: str = "", what: str = "attendee") -> Attendee | None:
    """The person an ORGANIZER or ATTENDEE names, None when it names no address (a calendar's
    "invalid:nomail", a urn:uuid:). Its address is checked as a typed --email is
    (`checks.email_address`, which takes off the mailto:): one that is no address makes the event a
    bad row (_Bad), unless it is a room's or a non-participant's, which is never recorded."""
    params = getattr(value, "params", {})
    name = one_line(str(params.get("CN", "") or "")).strip('"').strip()
    cutype = str(params.get("CUTYPE", "") or "").upper()
    resource = cutype in ("ROOM", "RESOURCE") or str(params.get("ROLE", "") or "").upper() == "NON-PARTICIPANT"
    try:
        named, text = email_address(str(value))
    except ValueError as err:
        if resource:
            return None
        who = f"{what} {name!r}" if name else what
        raise _Bad(f"event {summary or '(no title)'!r}: {who}: {err}") from None
    if not text:
        return None
    name, remark = attendee_name(name or named, text)
    # a room listed without its CUTYPE ("Conf Room 3B" <confroom3b@...>), as Outlook lists one
    resource = resource or domain_of(text) in CALENDAR_SERVICE or looks_like_room(name, text)
    return Attendee(email=text, name=name, resource=resource, remark=remark)


def _organizer(component, summary: str = "") -> Attendee | None:
    value = component.get("ORGANIZER")
    found = _address(value, summary, "organizer") if value is not None else None
    if found is None:
        return None
    return replace(found, organizer=True)


def _attendees(component, summary: str = "") -> list[Attendee]:
    return [found for found, _ in _attendee_answers(component, summary)]


def _attendee_answers(component, summary: str = "") -> list[tuple[Attendee, str]]:
    """Each attendee with why they will not be there ("" when they may): `_absence`."""
    values = component.get("ATTENDEE")
    if values is None:
        return []
    if not isinstance(values, list):
        values = [values]
    found = []
    for value in values:
        attendee = _address(value, summary)
        if attendee is not None:
            found.append((attendee, _absence(getattr(value, "params", {}))))
    return found


def _absence(params) -> str:
    """Why an attendee will not be there, by their answer (PARTSTAT, RFC 5545 3.2.12): "declined",
    or "delegated to ..." (someone else goes in their place, listed with DELEGATED-FROM); "" for
    any other answer (accepted, tentative, none yet)."""
    answer = str(params.get("PARTSTAT", "") or "").strip().upper()
    if answer == "DECLINED":
        return "declined the invitation"
    if answer == "DELEGATED":
        to = params.get("DELEGATED-TO")
        names = [str(v) for v in (to if isinstance(to, list) else [to] if to else [])]
        names = [n.split(":", 1)[1] if n.lower().startswith("mailto:") else n for n in names]
        return f"sent {', '.join(names[:3])} in their place" if names else "sent someone else in their place"
    return ""


def _people(component, summary: str) -> tuple[Attendee | None, list[Attendee], tuple[tuple[Attendee, str], ...]]:
    """The organizer, the attendees who may be there, and those who will not (`IcsEvent.absent`).
    An organizer whose own attendee line declines is left out too: they will not be there either."""
    organizer = _organizer(component, summary)
    attendees, absent = [], []
    for attendee, why in _attendee_answers(component, summary):
        if why and not attendee.resource:
            absent.append((attendee, why))
        elif not why:
            attendees.append(attendee)
    gone = {a.email.lower() for a, _ in absent}
    if organizer is not None and organizer.email.lower() in gone:
        organizer = None
    # someone who declined in one line and is listed again as coming (a second address line) comes
    return organizer, attendees, tuple(
        (a, why) for a, why in absent if a.email.lower() not in {x.email.lower() for x in attendees})


def _stamp(component, info: CalendarInfo) -> datetime | None:
    """When this copy of the event was last changed (`IcsEvent.stamp`), in UTC."""
    names = ("LAST-MODIFIED", "DTSTAMP") if info.method else ("LAST-MODIFIED",)
    for name in names:
        try:
            value = component.decoded(name) if name in component else None
        except Exception:  # an unreadable stamp says nothing
            value = None
        if isinstance(value, datetime):
            return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)
    return None


def _exported(component) -> str:
    """The X-AFTERVIEW-EXPORTED text of one of our own events, "" when it has none. Whatever is
    there (a value type it does not have, a list) never makes the event unreadable: only what
    reads as the export's mark counts (exporters.calendar_ics.read_exported)."""
    from afterview.exporters.calendar_ics import EXPORTED

    try:
        value = component.get(EXPORTED)
        if isinstance(value, list):
            value = value[0] if value else None
        return "" if value is None else str(value).strip()[:200]
    except Exception:  # a value icalendar kept broken: as if absent
        return ""


def _text(component, name: str) -> str:
    value = component.get(name)
    if value is None:
        return ""
    if isinstance(value, list):
        value = value[0]
    return str(value).strip()


MAX_SEQUENCE = 2**31 - 1  # what a database integer holds; RFC 5545 gives no upper bound


def sequence_number(value) -> int:
    """An event's SEQUENCE: 0 when it has none (RFC 5545's default) or an unreadable one, and
    within 0..2**31-1, so that an absurd one is still a version, never a database error."""
    try:
        number = int(str(value).strip()) if value is not None else 0
    except (TypeError, ValueError):
        return 0
    return min(max(number, 0), MAX_SEQUENCE)


def _short(err: Exception) -> str:
    return " ".join(str(err).split())[:120] or type(err).__name__
