"""The calendar of what is due: interviews and planned actions as an iCalendar file (RFC 5545).

Built with the `icalendar` library. Every event has a stable UID derived from the record it
shows (an interview id, an action key), so importing a newer export updates the events instead
of duplicating them. SEQUENCE (`_next_sequence`) rises only when what an event says changed: an
export that remembers (below) keeps, by UID, the SEQUENCE it wrote and a digest of the event
without DTSTAMP and SEQUENCE; an unchanged event keeps its number, a changed one gets the
number of minutes from 2020 to the export, or one more than the number written before when
that is higher (an export at an earlier --at, a clock set back, two changes in one minute), so
it never goes down and calendar apps accept the update (the jump to the minutes also overtakes
a number a calendar raised itself when the event was edited there). An event with no number
remembered (new, or the export remembers nothing: the desk's feed) gets the minutes from 2020
to the export, so a feed's events rise at each reading, which a subscribed calendar accepts;
an export that remembers gives such an event one more than the highest number it remembers
when that is higher, so that an event forgotten by an export at a later --at than the clock's
(an interview past the 30 days shown) comes back above the numbers that export wrote (the
actions it wrote are still planned, and remembered, at the clock's moment).
DTSTAMP is the `now` passed in: the same facts, the same `now` and the same memory give the
same bytes. `afterview calendar import` knows these UIDs (`own_event`): an interview comes back
to the interview it shows, an action is a reminder, never an interview.

An interview recorded as whole days (`_all_days`: from the first moment of a day to 23:59 of
the same or a later day, in its zone, as `calendar import` records an all-day event) is written
as an all-day event (DTSTART;VALUE=DATE, DTEND the day after its last day, RFC 5545 3.6.1), so
that it stays on its days in every zone, with its alarm at 18:00 the evening before (as the
calendar shows that day), not 30 minutes before midnight. A copy imported back stands for its
days in the interview's zone (`whole_days_in`), whatever zone the import reads dates in.

Each interview event also says what Afterview exported (X-AFTERVIEW-EXPORTED, a non-standard
property as RFC 5545 3.8.8.2 allows, with its default TEXT value type and nothing to escape:
`start=20261124T150000Z end=20261124T160000Z place=<digest>`, the times in UTC and a digest of
the place and call link as an import reads them back). Many calendar apps keep such properties,
so an import of a copy can tell an event moved in the calendar (its times differ from the
exported ones) from one that was exported before the interview changed in Afterview and left
alone since (`read_exported`); a copy without it is read as before.

An action whose note is approved or scheduled goes out by itself: it is shown when it goes out,
without an alarm. What an earlier export showed and is over (an action done, skipped or sent, an
interview cancelled) is written as a cancelled event for 30 days, so that a calendar that took
in the earlier file takes it off. An export that remembers (`export_remembering`, for a file a
calendar takes in) keeps each event it wrote in the state table (MEMORY); one whose record has
since left Afterview without any record of why (an interview or opportunity deleted, an action
taken off the plan by a closed process or a person who asked not to be contacted) is written
cancelled too, for 30 days. Each zone an interview is written in has a VTIMEZONE made here from
the zone database, rule-based where the zone's rule allows (see `_Zones`): icalendar's own
(RDATE lists) is misread by vobject and came in the order of a set.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache

from afterview.domain.keys import parse_key
from afterview.domain.model import DecisionKind, Facts, Interview, Message, MessageState
from afterview.planner.facts import ON_ITS_WAY

PRODID = "-//Afterview//Follow-up plan//EN"
UID_DOMAIN = "afterview.local"
_SEQUENCE_EPOCH = datetime(2020, 1, 1, tzinfo=timezone.utc)
ACTION_MINUTES = 30
KIND_TITLE = {
    "thank_you": "Thank-you note", "status_check": "Status follow-up",
    "closing_the_loop": "Close the loop", "rejection_reply": "Reply to the rejection",
    "feedback_request": "Feedback request", "keep_warm": "Keep in touch",
    "share_news": "Share news", "linkedin_note": "LinkedIn request", "card": "Thank-you card",
    "withdrawal": "Withdraw your application",
}


def interview_uid(interview: Interview) -> str:
    return f"interview-{interview.id}@{UID_DOMAIN}"


def _event_of(key: str, title: str, start: datetime, now: datetime) -> "Event":
    """The event of an action (live or over): its UID from the key, stamped with the export's
    moment, ACTION_MINUTES long from `start` (its SEQUENCE is given once all are made: `_export`)."""
    from icalendar import Event

    event = Event()
    event.add("uid", action_uid(key))
    event.add("dtstamp", now.astimezone(timezone.utc))
    event.add("summary", title)
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(minutes=ACTION_MINUTES))
    return event


def action_uid(key: str) -> str:
    return "action-" + key.replace(":", "-") + f"@{UID_DOMAIN}"


_OWN_UID = re.compile(rf"^(interview|action)-(.+)@{re.escape(UID_DOMAIN)}$", re.IGNORECASE)


def own_event(uid: str) -> tuple[str, int | str] | None:
    """What an event of our own export shows, from its UID: ("interview", its id) or ("action",
    the UID's key part); None for anyone else's event. A calendar app that imported the export
    keeps the UIDs, so its own export of that calendar carries them too."""
    match = _OWN_UID.match((uid or "").strip())
    if not match:
        return None
    kind, rest = match.group(1).lower(), match.group(2)
    if kind == "interview":
        return ("interview", int(rest)) if rest.isdigit() else None
    return "action", rest


EXPORTED = "X-AFTERVIEW-EXPORTED"
_STAMP = "%Y%m%dT%H%M%SZ"
_EXPORTED = re.compile(r"start=(\d{8}T\d{6}Z) end=(\d{8}T\d{6}Z) place=([0-9a-f]{16})")


@dataclass(frozen=True, slots=True)
class Exported:
    """What an export wrote into an interview event: its times and a digest of its place and call link."""

    start: datetime
    end: datetime
    place: str

    def same_times(self, start: datetime, end: datetime) -> bool:
        """Whether these are the exported times (the same instants, in whatever zone)."""
        return (start, end) == (self.start, self.end)

    def same_place(self, location: str, call_link: str) -> bool:
        """Whether this is the exported place and call link (as an import reads them)."""
        return place_digest(location, call_link) == self.place


def place_digest(location: str, call_link: str) -> str:
    """A digest of a place and a call link, blind to how a calendar app spaces or wraps the text."""
    text = " ".join((location or "").split()) + "\n" + (call_link or "").strip()
    return hashlib.sha256(text.encode("utf-8", "replace")).hexdigest()[:16]


def exported_mark(start: datetime, end: datetime, location: str, call_link: str) -> str:
    """The X-AFTERVIEW-EXPORTED value of an event with these times, place and call link."""
    utc = timezone.utc
    return (f"start={start.astimezone(utc):{_STAMP}} end={end.astimezone(utc):{_STAMP}} "
            f"place={place_digest(location, call_link)}")


def read_exported(value) -> Exported | None:
    """The X-AFTERVIEW-EXPORTED value found in an event, read; None when it is missing or is not
    one an export wrote (another program's, damaged): then the event is taken as if it had none."""
    if not isinstance(value, str):
        return None
    match = _EXPORTED.fullmatch(value.strip())
    if not match:
        return None
    try:
        start, end = (datetime.strptime(match.group(i), _STAMP).replace(tzinfo=timezone.utc) for i in (1, 2))
    except ValueError:  # a month 13, a 25th hour
        return None
    return Exported(start, end, match.group(3)) if start <= end else None


def might_be_own(raw: str) -> bool:
    """A quick look at an event's unparsed text: False when it cannot be one of our own events
    (they all carry CATEGORIES:Afterview and a UID at afterview.local)."""
    return "afterview" in raw.lower()


def _sequence(now: datetime) -> int:
    """Minutes since 2020: the SEQUENCE of an event with none remembered (see `_next_sequence`)."""
    return max(0, int((now - _SEQUENCE_EPOCH).total_seconds() // 60))


MAX_SEQUENCE = 2**31 - 1  # RFC 5545 INTEGER


def _next_sequence(before: "_Written | None", digest: str, now: datetime, highest: int = 0) -> int:
    """The SEQUENCE of an event whose content digest is `digest`, given what the export before
    remembered of its UID (`before`, None when nothing): the same number when the content is the
    same; else the minutes since 2020, or one more than the number written before when that is
    higher, so that it never goes down. A number remembered by an older Afterview, which kept
    none (it wrote at most the minute's number, one more for an event written cancelled), is
    taken as this minute's: the event gets the next one, once. An event not remembered (new, or
    forgotten while a calendar may still hold it, with a number an export wrote) gets the
    minutes, or one more than `highest`, the highest number remembered, when that is higher: an
    export at a later --at than the clock's wrote numbers of that moment."""
    minutes = _sequence(now)
    if before is None:
        return min(max(minutes, highest + 1 if highest else 0), MAX_SEQUENCE)
    last = before.sequence if before.sequence is not None else minutes
    if before.sequence is not None and before.digest == digest:
        return last
    return min(max(last + 1, minutes), MAX_SEQUENCE)


_STAMPS = re.compile(r"^(?:DTSTAMP|SEQUENCE)[;:]", re.IGNORECASE)


def _content_digest(content_lines) -> str:
    """A digest of what an event says (its properties and alarms, unfolded: its content lines),
    without DTSTAMP and SEQUENCE, which an export sets whatever changed."""
    lines = [line for line in content_lines if not _STAMPS.match(line)]
    return hashlib.sha256("\r\n".join(lines).encode("utf-8")).hexdigest()[:16]


def _ceil_quarter(moment: datetime) -> datetime:
    moment = moment.astimezone(timezone.utc).replace(second=0, microsecond=0)
    return moment + timedelta(minutes=(-moment.minute) % 15)


def export_calendar(facts: Facts, actions: list, now: datetime, days: int = 14) -> bytes:
    """Interviews and actions of the coming `days` days (and what is overdue), as .ics bytes.

    Also, for `RECENT_DAYS`, what an earlier export showed and is over now, as cancelled events
    (STATUS:CANCELLED, RFC 5545 3.8.1.11) with the same UID and a higher SEQUENCE, so that a
    calendar that took in the earlier file drops or strikes out the reminder when it takes in
    this one: an action marked done or skipped, or whose note went out, and a cancelled
    interview. The VTIMEZONE of each zone used is written first, in the order of the zones'
    names (see `_Zones`): the same facts and the same `now` give the same bytes.

    This export remembers nothing (the desk's feed: a subscribed calendar replaces all its
    events at each reading); `export_remembering` also writes cancelled what left without a record.
    With nothing remembered, each event's SEQUENCE is the minutes from 2020 to `now`: it rises at
    each reading, so a changed event always has a higher one than at the reading before (unless
    the clock went back), which calendars that take in a feed need to apply a change.
    """
    return _export(facts, actions, now, days, {}, remember=False)[0]


def export_remembering(facts: Facts, actions: list, now: datetime, days: int, remembered) -> tuple[bytes, dict]:
    """`export_calendar` for a file a calendar takes in, and what to remember of it.

    `remembered` is the state entry MEMORY as stored by the export before (anything else, None
    included, is nothing remembered): each event an export wrote, by UID, with the SEQUENCE it
    was written with and a digest of what it said. Given it, each event keeps its SEQUENCE while
    it says the same and gets a higher one when it changed (`_next_sequence`), and this export
    also writes:
    - each remembered event whose record is gone without any record of why (an interview or
      opportunity deleted; an action no longer planned, neither done, skipped nor sent: the
      process closed, the person asked not to be contacted, a newer interview took over a
      follow-up) as a cancelled event for `RECENT_DAYS` from the first export that found it gone
      (a change: a higher SEQUENCE than when it was written live, even in the same minute);
    - each remembered event still planned, even past the `days` asked for: it moves with its
      action or interview, instead of staying in the calendar at the time written before.

    Returns the bytes and the entry to store once they are written (the same as `remembered`,
    in its plain form, when nothing changed): the same facts, `now` and memory give the same
    bytes, and exporting again with the memory returned gives them again.
    """
    memory = _read_memory(remembered)
    highest = max([0, *(entry.sequence or 0 for entry in memory.values())])
    return _export(facts, actions, now, days, memory, highest=highest)


def _export(facts: Facts, actions: list, now: datetime, days: int,
            memory: dict[str, "_Written"], remember: bool = True, highest: int = 0) -> tuple[bytes, dict]:
    from icalendar import Calendar

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", "Afterview")
    horizon = now + timedelta(days=days)
    recent = now - timedelta(days=RECENT_DAYS)
    live = {uid for uid, entry in memory.items() if not entry.gone}  # in the calendar, as far as we know
    # an interview or action an earlier export wrote is still written past the horizon, at its
    # new time, and so is an action snoozed past it: else the calendar would keep it at the time
    # an earlier export gave it
    shown = [i for i in sorted(facts.interviews.values(), key=lambda i: (i.start, i.id or 0))
             if i.end >= recent and (i.start <= horizon or interview_uid(i) in live)]
    whole = {i.id: _all_days(i) for i in shown}
    zones = _Zones([i for i in shown if whole[i.id] is None])  # whole days are written as dates, in no zone
    events = [_interview_event(interview, facts, now, zones, whole[interview.id]) for interview in shown]
    written = {interview_uid(i): _Written(str(i.id), _interview_title(i, facts), _utc_text(i.start),
                                          _utc_text(i.end)) for i in shown}
    messages = {m.id: m for m in facts.messages if m.id is not None}
    snoozed = {d.action_key for d in facts.decisions if d.kind == DecisionKind.SNOOZE and d.at >= recent}
    planned = set()
    for action in actions:
        planned.add(action.key)
        if (action.state != "upcoming" or action.earliest <= horizon or action.key in snoozed
                or (live and action_uid(action.key) in live)):
            events.append(_action_event(action, facts, now, messages.get(action.message_id)))
            written[action_uid(action.key)] = _Written(action.key, _action_title(action.kind.value,
                                                                                 action.person_id, facts))
    for ended in _ended_actions(facts, planned, recent, now):
        events.append(_ended_event(ended, facts, now))
        # remembered while it is written, for its SEQUENCE (then forgotten: `_vanished`)
        written[action_uid(ended.key)] = _Written(ended.key, _action_title(ended.kind, ended.person_id, facts))
    if memory:
        events += _vanished(memory, written, facts, planned, recent, now)
    # Each event is turned into its lines once, for its digest and for the file (icalendar's
    # to_ical made them again: 14 of the 78 s of CPU an export of 65,000 events took):
    # with a SEQUENCE standing for the one the digest then gives, whose line is put in its place.
    # The file is what cal.to_ical() gives once the events are added: the calendar's own lines,
    # then the zones' and the events' (each component's lines end with an empty one, left out).
    body = []
    for event in events:
        uid = str(event["uid"])
        event.add("sequence", 0)
        lines = event.content_lines()
        digest = _content_digest(lines) if remember else ""  # (what the feed writes is not kept)
        sequence = _next_sequence(memory.get(uid), digest, now, highest)
        event["sequence"] = event.types_factory.for_property("sequence")(sequence)
        at = next(i for i, line in enumerate(lines) if line.startswith("SEQUENCE:"))
        lines[at] = event.content_line("SEQUENCE", event["sequence"])
        written[uid] = replace(written[uid], sequence=sequence, digest=digest)
        body += lines
    head = cal.content_lines()  # BEGIN:VCALENDAR, its properties, END:VCALENDAR, ""
    for component in zones.components():
        head[-2:-2] = component.content_lines()
    data = b"\r\n".join(line.to_ical() for line in (*head[:-2], *body, *head[-2:]) if line) + b"\r\n"
    return data, {uid: written[uid].plain() for uid in sorted(written)}


RECENT_DAYS = 30  # interviews of the last 30 days, and actions over in them (as cancelled events)


def _interview_event(interview: Interview, facts: Facts, now: datetime, zones: "_Zones",
                     days: tuple[date, date] | None = None):
    """An interview's event: at its times in its zone, or on its days (`days`: its first and last
    day, for one recorded as whole days) as an all-day event."""
    from icalendar import Event

    from afterview.importers.links import find_call_link
    from afterview.planner.facts import safe_zone

    tz = safe_zone(interview.timezone, "UTC")
    title = _interview_title(interview, facts)
    people = []
    for participant in interview.participants:
        person = facts.people.get(participant.person_id)
        if person is not None:
            people.append(f"{person.name} ({participant.role.value.replace('_', ' ')})")
    event = Event()
    event.add("uid", interview_uid(interview))
    event.add("dtstamp", now.astimezone(timezone.utc))
    event.add("summary", f"Cancelled: {title}" if interview.cancelled else title)
    if days is not None:
        event.add("dtstart", days[0])  # a DATE: RFC 5545 ends the event at the start of DTEND's day
        event.add("dtend", days[1] + timedelta(days=1))
    else:
        event.add("dtstart", zones.local(interview.start, tz))
        event.add("dtend", zones.local(interview.end, tz))
    if interview.location:
        event.add("location", interview.location)
    if interview.call_link:
        event.add("url", interview.call_link)
    details = [f"With: {', '.join(people)}"] if people else []
    if interview.cancelled:
        details.append("Cancelled: kept in this file as a cancelled event, so that a calendar that took in an "
                       "earlier export takes it off too.")
    else:
        details.append("Afterview plans a thank-you note to each person after it.")
    description = "\n".join(details)
    event.add("description", description)
    event.add("categories", ["Afterview", "interview"])
    # the place and call link as an import reads them back from this event (importers.ical)
    shown_link = find_call_link(interview.call_link, interview.location, description)
    event.add(EXPORTED.lower(), exported_mark(interview.start, interview.end, interview.location, shown_link))
    if interview.cancelled:
        event.add("status", "CANCELLED")
        event.add("transp", "TRANSPARENT")
    else:
        event.add("status", "CONFIRMED")  # said, so that one cancelled in an earlier export is live again
        if days is not None:  # relative to the first day's midnight, as the calendar shows it
            event.add_component(_alarm(ALL_DAY_ALARM, f"Interview tomorrow: {title}"))
        else:
            event.add_component(_alarm(timedelta(minutes=-30), f"Interview soon: {title}"))
    return event


# The alarm of an all-day interview: 18:00 the evening before, time to prepare for the day (30
# minutes before its start would be 23:30 the night before).
ALL_DAY_ALARM = timedelta(hours=-6)


def _all_days(interview: Interview) -> tuple[date, date] | None:
    """The first and last day of an interview recorded as whole days, else None.

    The model has no flag for it: `calendar import` records an all-day event (DTSTART;VALUE=DATE)
    from the first moment of its first day (midnight, or the hour a clock that skips midnight
    starts the day with) to 23:59 of its last day, in its zone (importers.ical.ALL_DAY_END), and
    so does someone who types those times. An interview with exactly those times, in its zone, is
    one; any other time, even a minute off, is not."""
    from afterview.importers.ical import ALL_DAY_END
    from afterview.planner.facts import safe_zone

    tz = safe_zone(interview.timezone, "UTC")
    start, end = interview.start.astimezone(timezone.utc), interview.end.astimezone(timezone.utc)
    first = start.astimezone(tz).date()
    if start != _wall(first, time(0, 0), tz):
        return None
    shown = end.astimezone(tz).date()
    for last in (shown, shown - timedelta(days=1)):  # (23:59 in an hour a clock skips is read as 00:59)
        if last >= first and end == _wall(last, ALL_DAY_END, tz):
            return first, last
    return None


def whole_days_in(start: datetime, end: datetime, zone: str) -> tuple[datetime, datetime]:
    """The times an all-day copy of an exported interview stands for, given the times an import
    read it as (its first day at midnight, its last at 23:59, in whatever zone the import took):
    the same days in the interview's own `zone`. An export writes a whole-day interview as dates,
    which have no zone; read in the interview's zone they are the times exported, in any other
    they would be hours off and taken for a move."""
    from afterview.importers.ical import ALL_DAY_END
    from afterview.planner.facts import safe_zone

    tz = safe_zone(zone, "UTC")
    return datetime.combine(start.date(), time(0, 0), tzinfo=tz), datetime.combine(end.date(), ALL_DAY_END, tzinfo=tz)


def _wall(day: date, at: time, tz) -> datetime:
    """The moment (in UTC) a wall time of a day is taken for, as the import takes it (in an hour a
    clock skips: with the offset before the change)."""
    return datetime.combine(day, at, tzinfo=tz).astimezone(timezone.utc)


def _interview_title(interview: Interview, facts: Facts) -> str:
    """"Interview: final - Data Engineer at Acme"."""
    opp = facts.opportunities.get(interview.opportunity_id)
    company = facts.companies.get(opp.company_id) if opp else None
    role = opp.role if opp else "interview"
    title = f"Interview{': ' + interview.stage if interview.stage else ''} - {role}"
    if company:
        title += f" at {company.name}"
    return title


def _action_title(kind: str, person_id: int, facts: Facts) -> str:
    """"Thank-you note: Dana Reyes"."""
    person = facts.people.get(person_id)
    name = person.name if person else f"person {person_id}"
    return f"{KIND_TITLE.get(kind, kind)}: {name}"


def _action_event(action, facts: Facts, now: datetime, message: Message | None = None):
    """An action as a 30-minute reminder at its suggested time, with an alarm then; one whose
    note is approved or scheduled goes out by itself: it is shown when it goes out, as going
    out, without an alarm (nothing to do), unless it waits for its mail account or failed."""
    from icalendar import Event

    title = _action_title(action.kind.value, action.person_id, facts)
    lines = [action.reason, f"Due: {action.due.isoformat()} (their time)"]
    alarm = title
    # a note that goes out by itself: approved (at the next mail round) or scheduled (at its time)
    if message is not None and message.state in ON_ITS_WAY:
        goes = message.scheduled_at or now
        start = goes if goes > now else _ceil_quarter(now)
        problem = " ".join((message.last_error or "").split())[:200]  # a retry, or its account cannot send
        if problem:
            title = f"Not sent yet: {title}"
            alarm = f"{title}: {problem}"
            lines[:0] = [f"Set to go out {_shown(goes, facts)}, not sent yet: {problem}"]
        else:
            title = f"Goes out: {title}"
            alarm = ""  # nothing to do: no alarm asking to act
            when = f"{_shown(goes, facts)}" if goes > now else "in its next mail round"
            lines[:0] = [f"{'Scheduled' if goes > now else 'On its way'}: Afterview sends it {when} by itself "
                         "(the desk while it runs, else afterview worker or afterview send-due); nothing to do."]
    else:
        start = action.send_at if action.send_at is not None and action.send_at >= now else action.earliest
        if start < now:
            start = _ceil_quarter(now)  # overdue: do it now, not in the past where it goes unseen
        if message is not None and message.state == MessageState.DRAFTED:
            lines.append(f"A draft is ready: afterview show {message.id}")
        elif message is not None and message.state == MessageState.FAILED:
            failed = " ".join((message.last_error or "").split())[:200]
            lines.append(f"Sending it failed{': ' + failed if failed else ''}: afterview show {message.id}")
    start = start.astimezone(timezone.utc)
    if action.note:
        lines.append(f"Note: {action.note}")
    lines += [f"Rule: {action.rule}. Source: {action.source}", f"afterview why {action.key}"]
    event = _event_of(action.key, title, start, now)
    event.add("description", "\n".join(lines))
    event.add("categories", ["Afterview", action.kind.value])
    event.add("x-afterview-key", action.key)
    event.add("status", "CONFIRMED")  # said, so that one cancelled in an earlier export (done, then undone) is live again
    event.add("transp", "TRANSPARENT")  # a reminder, not a meeting: it does not block time
    if alarm:
        event.add_component(_alarm(timedelta(0), alarm))
    return event


def _shown(moment: datetime, facts: Facts) -> str:
    """A moment as the user reads it: "Fri 27 Nov 2026 17:30 Europe/Berlin" (their profile's zone);
    in the hour the clocks go back, with the reading it is: "Sun 01 Nov 2026 01:30 CST
    America/Chicago" (domain.values.wall_clock)."""
    from afterview.domain.values import wall_clock
    from afterview.planner.facts import safe_zone

    tz = safe_zone(facts.profile.timezone, "UTC")
    return f"{wall_clock(moment, tz, '%a %d %b %Y %H:%M')} {tz.key}"


@dataclass(frozen=True, slots=True)
class _Ended:
    """An action an earlier export may have shown, over since: how ("done", "skipped", "sent") and when."""

    key: str
    kind: str
    person_id: int
    how: str
    at: datetime


def _ended_actions(facts: Facts, planned: set[str], recent: datetime, now: datetime) -> list[_Ended]:
    """The actions no longer planned that were marked done or skipped, or whose note went out (or
    was marked done elsewhere), since `recent`: by key, the latest such record, oldest first.

    Only what a record says was over: an action that left the plan for another reason (the
    process closed, the person asked not to be contacted, its interview deleted) has none; a
    remembering export writes those it wrote before cancelled (`_vanished`)."""
    found: dict[str, tuple[str, datetime]] = {}

    def over(key: str, how: str, at: datetime | None) -> None:
        if not key or key in planned or at is None or not recent <= at <= now:
            return
        if key not in found or at >= found[key][1]:
            found[key] = (how, at)

    for decision in facts.decisions:
        if decision.kind == DecisionKind.DONE:
            over(decision.action_key, "done", decision.at)
        elif decision.kind == DecisionKind.SKIP:
            over(decision.action_key, "skipped", decision.at)
    for message in facts.messages:
        if message.state == MessageState.SENT:
            over(message.action_key, "sent", message.sent_at or message.updated_at)
        elif message.state == MessageState.DONE_ELSEWHERE:
            over(message.action_key, "done", message.updated_at)
    ended = []
    for key, (how, at) in found.items():
        parsed = parse_key(key)
        if parsed is None or "p" not in parsed[1]:
            continue
        ended.append(_Ended(key, parsed[0], parsed[1]["p"], how, at))
    return sorted(ended, key=lambda e: (e.at, e.key))


_ENDED_WORDS = {"done": ("Done", "marked done"), "skipped": ("Skipped", "skipped"), "sent": ("Sent", "sent")}


def _ended_event(ended: _Ended, facts: Facts, now: datetime):
    """A cancelled event with the UID of the action's reminder: a calendar that took in an
    earlier export takes the reminder off (or strikes it out) when it takes in this one."""
    from icalendar import Event

    label, said = _ENDED_WORDS[ended.how]
    title = f"{label}: {_action_title(ended.kind, ended.person_id, facts)}"
    start = ended.at.astimezone(timezone.utc).replace(microsecond=0)
    event = _event_of(ended.key, title, start, now)
    event.add("description", f"{said[0].upper()}{said[1:]} {_shown(ended.at, facts)}; nothing more to do. Kept in "
                             "this file as a cancelled event, so that a calendar that took in an earlier export "
                             "takes its reminder off.")
    event.add("categories", ["Afterview", ended.kind])
    event.add("x-afterview-key", ended.key)
    event.add("status", "CANCELLED")
    event.add("transp", "TRANSPARENT")
    return event


# -- what a remembering export keeps: the events it wrote ----------------------------------------
#
# The state entry MEMORY holds, by UID, each event the last remembering export wrote (an
# interview: its id, title and times; an action: its key and title), with the SEQUENCE it was
# written with and a digest of what it said (`_content_digest`): live, cancelled because it is
# over by a record (done, skipped, sent: `_ended_actions`), or cancelled because its record was
# gone (`gone`: when an export first found it so). An action planned again after it was written
# cancelled and not written yet (the calendar has it cancelled; it is written live once within
# the days asked for) is kept as it was. An entry is forgotten once it is no longer written:
# over by a record for `RECENT_DAYS`, past (an interview ended 30 days ago), or gone for
# `RECENT_DAYS`. Titles are kept because the record they were made from may be gone. An entry
# from an older Afterview has no SEQUENCE and digest (`_next_sequence` reads it so).

MEMORY = "exports.calendar"
@dataclass(frozen=True, slots=True)
class _Written:
    """An event a remembering export wrote: the record it shows (an interview's id, an action's
    key), its title, an interview's times (ISO 8601, UTC), when it was found gone ("" else), and
    the SEQUENCE it was written with and the digest of what it said (None and "": not known, an
    entry of an older Afterview)."""

    key: str
    title: str
    start: str = ""
    end: str = ""
    gone: str = ""
    sequence: int | None = None
    digest: str = ""

    def plain(self) -> dict:
        plain = {"key": self.key, "title": self.title, "start": self.start, "end": self.end, "gone": self.gone}
        if self.sequence is not None:
            plain.update(sequence=self.sequence, digest=self.digest)
        return plain


_WRITTEN_FIELDS = ("key", "title", "start", "end", "gone")
_NUMBERED_FIELDS = (*_WRITTEN_FIELDS, "sequence", "digest")  # since SEQUENCE rises only on a change
_DIGEST = re.compile(r"[0-9a-f]{16}")


def _utc_text(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).replace(microsecond=0).isoformat()


def _moment(text: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return None
    return moment if moment.tzinfo is not None else None


def _read_memory(value) -> dict[str, _Written]:
    """The state entry as stored, each entry checked: one that is not as an export writes it
    (written by something else, damaged) is left out, as if that event had never been written."""
    if not isinstance(value, dict):
        return {}
    found = {}
    for uid, entry in value.items():
        own = own_event(uid) if isinstance(uid, str) else None
        if own is None or not isinstance(entry, dict) or set(entry) not in (set(_WRITTEN_FIELDS),
                                                                             set(_NUMBERED_FIELDS)):
            continue
        if not all(isinstance(entry[name], str) for name in _WRITTEN_FIELDS):
            continue
        written = _Written(*(entry[name] for name in _WRITTEN_FIELDS))
        if "sequence" in entry:
            sequence, digest = entry["sequence"], entry["digest"]
            if (not isinstance(sequence, int) or isinstance(sequence, bool) or not 0 <= sequence <= MAX_SEQUENCE
                    or not isinstance(digest, str) or not _DIGEST.fullmatch(digest)):
                continue
            written = replace(written, sequence=sequence, digest=digest)
        if own[0] == "interview":
            if written.key != str(own[1]) or _moment(written.start) is None or _moment(written.end) is None:
                continue
        elif action_uid(written.key) != uid:
            continue
        if written.gone and _moment(written.gone) is None:
            continue
        found[uid] = written
    return found


def check_written(value, where: str = MEMORY) -> dict:
    """The state entry MEMORY checked as a restore needs it ({UID: entry}, each as an export
    writes it), in its plain form; InvalidInput names the first entry that is not, by its place
    under `where` (a restored entry is trusted by every later export)."""
    from afterview.domain.values import check_year
    from afterview.errors import InvalidInput

    if not isinstance(value, dict):
        raise InvalidInput(f"{where}: expected an object (event UID -> what the export wrote)")
    checked = {}
    for uid, entry in value.items():
        place = f"{where}[{uid!r}]"
        if not isinstance(entry, dict) or set(entry) not in (set(_WRITTEN_FIELDS), set(_NUMBERED_FIELDS)):
            raise InvalidInput(f"{place}: expected an object with {', '.join(_WRITTEN_FIELDS)} "
                               f"(and {', '.join(_NUMBERED_FIELDS[len(_WRITTEN_FIELDS):])}, or neither)")
        found = _read_memory({uid: entry}).get(uid)
        if found is None:
            raise InvalidInput(f"{place}: not an event a calendar export writes (its UID, key and times "
                               "do not fit together, a time has no UTC offset, or its sequence is no whole "
                               f"number from 0 to {MAX_SEQUENCE} or its digest not one an export writes)")
        for name in ("start", "end", "gone"):
            if entry[name]:
                moment = _moment(entry[name])
                check_year(moment.year, entry[name])
        checked[uid] = found.plain()
    return checked


def remembered_events(value) -> dict:
    """The state entry MEMORY as an export keeps it, its entries checked (others left out)."""
    return {uid: written.plain() for uid, written in _read_memory(value).items()}


def _over_keys(facts: Facts) -> set[str]:
    """The keys of actions a record says are over, whenever: done, skipped, sent, done elsewhere."""
    keys = {d.action_key for d in facts.decisions if d.kind in (DecisionKind.DONE, DecisionKind.SKIP)}
    keys |= {m.action_key for m in facts.messages
             if m.state in (MessageState.SENT, MessageState.DONE_ELSEWHERE) and m.action_key}
    return keys


def _vanished(memory: dict[str, _Written], written: dict[str, _Written], facts: Facts, planned: set[str],
              recent: datetime, now: datetime) -> list:
    """The cancelled events of the remembered events whose record is gone without a record of
    why, found gone since `recent`, oldest first; each is added to `written`, to be remembered,
    and so is a remembered action planned again but not written (see MEMORY)."""
    over = None
    found: list[tuple[datetime, str, _Written]] = []
    for uid, entry in memory.items():
        if uid in written:
            continue
        kind, ident = own_event(uid)
        if kind == "interview":
            if ident in facts.interviews:
                continue  # still recorded: past, or written live again when within the days
        else:
            if entry.key in planned:
                # planned again after it was written cancelled, not yet within the days: kept
                # (with the SEQUENCE written) until it is written live again
                written[uid] = entry
                continue
            if over is None:
                over = _over_keys(facts)
            if entry.key in over:
                continue  # over by a record, and no longer written cancelled: forgotten
        gone = _moment(entry.gone) if entry.gone else now.astimezone(timezone.utc).replace(microsecond=0)
        if gone < recent:
            continue  # long enough: forgotten
        found.append((gone, uid, replace(entry, gone=_utc_text(gone))))
    events = []
    for gone, uid, entry in sorted(found, key=lambda f: (f[0], f[1])):
        written[uid] = entry
        events.append(_gone_event(uid, entry, gone, facts, now))
    return events


def _gone_event(uid: str, entry: _Written, gone: datetime, facts: Facts, now: datetime):
    """A cancelled event with the UID of an event an earlier export wrote, whose record is gone:
    a deleted interview at its times, an action no longer planned when that was found. It says
    something else than the live event did: its SEQUENCE is higher (`_next_sequence`)."""
    from icalendar import Event

    keep = ("Kept in this file as a cancelled event, so that a calendar that took in an earlier export "
            "takes it off too.")
    if own_event(uid)[0] == "interview":
        event = Event()
        event.add("uid", uid)
        event.add("dtstamp", now.astimezone(timezone.utc))
        event.add("summary", f"Deleted: {entry.title}")
        event.add("dtstart", _moment(entry.start).astimezone(timezone.utc))
        event.add("dtend", _moment(entry.end).astimezone(timezone.utc))
        event.add("description", f"Deleted from Afterview, as the export of {_shown(gone, facts)} found. " + keep)
        event.add("categories", ["Afterview", "interview"])
    else:
        why = _why_gone(entry.key, facts)
        event = _event_of(entry.key, f"No longer planned: {entry.title}", gone, now)
        event.add("description", f"No longer planned{': ' + why if why else ''}, as the export of "
                                 f"{_shown(gone, facts)} found; nothing more to do. " + keep)
        parsed = parse_key(entry.key)
        event.add("categories", ["Afterview", parsed[0] if parsed else "action"])
        event.add("x-afterview-key", entry.key)
    event.add("status", "CANCELLED")
    event.add("transp", "TRANSPARENT")
    return event


def _why_gone(key: str, facts: Facts) -> str:
    """Why an action left the plan, as far as the records say: "the process is closed (withdrawn)",
    "Dana Reyes asked not to be contacted", "its interview was deleted"; "" when they do not say
    (the plan changed: a newer interview took over a follow-up, say)."""
    parsed = parse_key(key)
    if parsed is None:
        return ""
    kind, ids = parsed
    if "o" in ids:
        opp = facts.opportunities.get(ids["o"])
        if opp is None:
            return "its opportunity was deleted"
        if opp.status.is_closed:
            return f"the process is closed ({opp.status.value})"
    if "i" in ids:
        interview = facts.interviews.get(ids["i"])
        if interview is None:
            return "its interview was deleted"
        if interview.cancelled:
            return "its interview was cancelled"
        opp = facts.opportunities.get(interview.opportunity_id)
        if opp is not None and opp.status.is_closed and "o" not in ids:
            return f"the process is closed ({opp.status.value})"
    person = facts.people.get(ids.get("p"))
    if "p" in ids and person is None:
        return "the person was deleted"
    if person is not None and person.do_not_contact:
        return f"{person.name} asked not to be contacted"
    if kind == "share_news" and not any(n.id == ids.get("n") for n in facts.news):
        return "the news item was deleted"
    return ""


def _alarm(trigger: timedelta, text: str):
    from icalendar import Alarm

    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("trigger", trigger)
    alarm.add("description", text)
    return alarm


# -- time zones ---------------------------------------------------------------------------------
#
# Each zone an event is written in gets a VTIMEZONE (RFC 5545 3.6.5) from which every reader
# (icalendar, vobject, dateutil, calendar programs) gets the offsets zoneinfo gives for every
# moment written. It is rule-based, as calendar programs write theirs (a DAYLIGHT and a STANDARD
# component, each with a yearly RRULE, or one STANDARD component for a zone without daylight
# time), when the zone's rule (the POSIX TZ string that ends its TZif file, such as
# "EST5EDT,M3.2.0,M11.1.0") gives exactly the zone's changes from the year before the first
# moment written to the year after the last; it starts in the first year since 1970 from which
# the rule holds (New York 2007, Berlin 1996), so that it never says what was not so. Otherwise
# (Africa/Casablanca's Ramadan changes, a rule that changed in those years, or one an RRULE
# cannot say: a change at "24:00" or "-1:00") it lists the zone's exact changes from 2000 (or
# the year before the first moment, if earlier) to the year after the last moment, one
# component each with its DTSTART (never RDATE lists: vobject 0.9.9 reads only their first
# date). A zone whose VTIMEZONE would read as UTC from 2000 to 2020 (offset 0, no daylight time:
# vobject then takes it for UTC, drops it, and reads the times without a zone) is written in
# UTC, as UTC itself is, and so is a local time that occurs twice (the hour a clock goes back):
# readers disagree on which of the two it is.


class _Zones:
    """How each moment of the interviews shown is written, and the VTIMEZONE of each zone used."""

    def __init__(self, interviews) -> None:
        from afterview.planner.facts import safe_zone

        found: dict[str, list[datetime]] = {}
        for interview in interviews:
            tz = safe_zone(interview.timezone, "UTC")
            for moment in (interview.start, interview.end):
                if _writable(moment, tz):
                    found.setdefault(tz.key, []).append(moment)
        self.plans = {name: _zone_plan(name, min(m).year - 1, max(m).year + 1) for name, m in found.items()}
        self.utc = {name for name, plan in self.plans.items() if _utc_to_vobject(name, plan)}

    def local(self, moment: datetime, tz) -> datetime:
        """The moment as an event writes it: local time in `tz` (with its TZID), else in UTC (see
        above: a UTC zone, one vobject would take for UTC, a local time that occurs twice)."""
        if not _writable(moment, tz) or tz.key in self.utc:
            return moment.astimezone(timezone.utc)
        return moment.astimezone(tz)

    def components(self) -> list:
        """The VTIMEZONE of each zone a moment is written in, in the order of the zones' names."""
        from zoneinfo import ZoneInfo

        out = []
        for name in sorted(set(self.plans) - self.utc):
            how, found, start = self.plans[name]
            build = _rule_timezone if how == "rule" else _exact_timezone
            out.append(build(name, ZoneInfo(name), found, start))
        return out


def _writable(moment: datetime, tz) -> bool:
    """Whether a moment can be written as a local time of the zone: one named (UTC is written as
    UTC) whose wall time occurs once."""
    name = getattr(tz, "key", "") or ""
    local = moment.astimezone(tz)
    return bool(name) and not _is_utc(name) and local.replace(fold=1 - local.fold).utcoffset() == local.utcoffset()


_UTC_NAMES = frozenset("UTC UCT UNIVERSAL ZULU GMT GMT0 GMT+0 GMT-0 GREENWICH".split())
_YEAR_2000 = datetime(2000, 1, 1, tzinfo=timezone.utc)
_YEAR_2021 = datetime(2021, 1, 1, tzinfo=timezone.utc)


def _is_utc(name: str) -> bool:
    text = name.upper()
    return (text[4:] if text.startswith("ETC/") else text) in _UTC_NAMES


def _utc_to_vobject(name: str, plan: tuple) -> bool:
    """Whether the VTIMEZONE written for the plan reads as UTC from 2000 to 2020 (offset 0, no
    daylight time): vobject then takes it for UTC, drops it, and reads its times without a zone
    (Africa/Abidjan; Africa/Sao_Tome, +01 only in 2018, written from 2019)."""
    from zoneinfo import ZoneInfo

    how, found, start = plan
    if how == "rule":
        if found.dst is None:
            return found.std == timedelta(0)
        # before its first onset a reader takes the standard (smaller) offset
        return start > 2020 and min(found.std, found.dst) == timedelta(0)
    tz = ZoneInfo(name)
    return (_offset(tz, start) == timedelta(0) and not _daylight(tz, start)
            and not any(_daylight(tz, instant) for instant, _, _ in found if instant < _YEAR_2021))


@dataclass(frozen=True, slots=True)
class _Onset:
    """When, in a year, a POSIX TZ rule changes the offset: the d-th weekday (0 Sunday) of the
    w-th week (5: the last) of a month, at a local time in seconds."""

    month: int
    week: int
    weekday: int
    seconds: int

    def local(self, year: int) -> datetime:
        import calendar as days

        first = date(year, self.month, 1)
        day = 1 + ((self.weekday - 1) % 7 - first.weekday()) % 7 + 7 * (self.week - 1)
        last = days.monthrange(year, self.month)[1]
        while day > last:
            day -= 7
        return datetime(year, self.month, day) + timedelta(seconds=self.seconds)

    def rrule(self) -> dict:
        day = ("SU", "MO", "TU", "WE", "TH", "FR", "SA")[self.weekday]
        return {"freq": "yearly", "bymonth": self.month, "byday": f"{self.week if self.week < 5 else -1}{day}"}


@dataclass(frozen=True, slots=True)
class _Rule:
    """A POSIX TZ rule: a fixed offset, or a standard and a daylight offset with their onsets."""

    std: timedelta
    dst: timedelta | None = None
    to_dst: _Onset | None = None  # when the daylight offset begins (local standard time)
    to_std: _Onset | None = None  # when it ends (local daylight time)
    name: str = ""  # a fixed offset's abbreviation, as the rule writes it ("+0545", "ChST")

    def changes(self, year: int) -> tuple[tuple[datetime, timedelta, timedelta], ...]:
        """The year's changes, in order: (the UTC instant, the offset before, the offset after)."""
        return _rule_changes(self, year)

    def offset(self, instant: datetime) -> timedelta:
        if self.dst is None:
            return self.std
        offset = self.changes(instant.year - 2)[-1][2]
        for year in (instant.year - 1, instant.year, instant.year + 1):
            for change, _, after in self.changes(year):
                if change <= instant:
                    offset = after
        return offset


@lru_cache(maxsize=4096)
def _rule_changes(rule: _Rule, year: int) -> tuple[tuple[datetime, timedelta, timedelta], ...]:
    if rule.dst is None:
        return ()
    out = [((rule.to_dst.local(year) - rule.std).replace(tzinfo=timezone.utc), rule.std, rule.dst),
           ((rule.to_std.local(year) - rule.dst).replace(tzinfo=timezone.utc), rule.dst, rule.std)]
    return tuple(sorted(out, key=lambda c: c[0]))


_POSIX = re.compile(r"^(?:<(?P<quoted>[A-Za-z0-9+-]+)>|(?P<plain>[A-Za-z]{3,}))(?P<std>[+-]?\d{1,3}(?::\d{1,2}){0,2})"
                    r"(?:(?:<[A-Za-z0-9+-]+>|[A-Za-z]{3,})(?P<dst>[+-]?\d{1,3}(?::\d{1,2}){0,2})?"
                    r",(?P<start>[^,]+),(?P<end>[^,]+))?$")
_ONSET = re.compile(r"^M(\d{1,2})\.([1-5])\.([0-6])(?:/([+-]?\d{1,3}(?::\d{1,2}){0,2}))?$")


def _posix_seconds(text: str) -> int:
    sign = -1 if text.startswith("-") else 1
    parts = [int(p) for p in text.lstrip("+-").split(":")] + [0, 0]
    return sign * (parts[0] * 3600 + parts[1] * 60 + parts[2])


def _parse_rule(text: str | None) -> _Rule | None:
    """A POSIX TZ string as a rule a yearly RRULE can say; None for one it cannot (none, a day of
    the year "J60", an onset outside its day "/25" or "/-1": not a weekday of the month)."""
    match = _POSIX.match(text or "")
    if not match:
        return None
    std = timedelta(seconds=-_posix_seconds(match.group("std")))  # POSIX counts west of Greenwich
    if match.group("start") is None:
        return _Rule(std, name=match.group("quoted") or match.group("plain"))
    dst = (timedelta(seconds=-_posix_seconds(match.group("dst"))) if match.group("dst")
           else std + timedelta(hours=1))
    onsets = []
    for part in (match.group("start"), match.group("end")):
        found = _ONSET.match(part)
        if not found:
            return None
        seconds = _posix_seconds(found.group(4)) if found.group(4) else 7200
        month = int(found.group(1))
        if not 1 <= month <= 12 or not 0 <= seconds < 86400:
            return None
        onsets.append(_Onset(month, int(found.group(2)), int(found.group(3)), seconds))
    return _Rule(std, dst, onsets[0], onsets[1])


def _offset(tz, instant: datetime) -> timedelta:
    return instant.astimezone(tz).utcoffset()


def _transitions(tz, start: datetime, end: datetime, step: timedelta = timedelta(hours=6)) -> list:
    """The zone's changes of offset between two UTC instants, as zoneinfo gives them:
    (the instant, the offset before, the offset after), found every `step`, then to the second."""
    out = []
    moment, offset = start, _offset(tz, start)
    while moment < end:
        following = min(moment + step, end)
        after = _offset(tz, following)
        if after != offset:
            low, high = moment, following  # `offset` at low, another at high
            while high - low > timedelta(seconds=1):
                middle = (low + (high - low) / 2).replace(microsecond=0)
                if _offset(tz, middle) == offset:
                    low = middle
                else:
                    high = middle
            out.append((high, offset, _offset(tz, high)))
            offset = _offset(tz, high)
            moment = high
            continue
        moment = following
    return out


@lru_cache(maxsize=256)
def _zone_plan(name: str, first_year: int, last_year: int) -> tuple:
    """How to write a zone for moments of these years: ("rule", the rule, the year it holds
    since) or ("exact", the changes, the instant they are listed from). Kept: the desk's
    calendar feed writes the same zones again and again."""
    from zoneinfo import ZoneInfo

    from afterview.importers.zones import posix_rule

    tz = ZoneInfo(name)
    begin = datetime(first_year, 1, 1, tzinfo=timezone.utc)
    end = datetime(last_year + 1, 1, 1, tzinfo=timezone.utc)
    rule = _parse_rule(posix_rule(name))
    if rule is not None and _rule_fits(rule, tz, begin, end):
        return "rule", rule, _rule_since(rule, tz, first_year)
    start = min(begin, _YEAR_2000)
    return "exact", tuple(_transitions(tz, start, end)), start


def _rule_fits(rule: _Rule, tz, begin: datetime, end: datetime) -> bool:
    """Whether the rule gives exactly the zone's changes between two instants, and its offset then."""
    if rule.offset(begin) != _offset(tz, begin):
        return False
    changes = [c for year in range(begin.year, end.year + 1) for c in rule.changes(year) if begin < c[0] < end]
    return changes == _transitions(tz, begin, end)


def _rule_since(rule: _Rule, tz, year: int) -> int:
    """The first year, from 1970 on, since which the rule gives the zone's offsets (checked at its
    changes and every week between), up to `year`."""
    while year > 1970:
        earlier = year - 1
        instants = [datetime(earlier, 1, 1, tzinfo=timezone.utc) + timedelta(days=day) for day in range(0, 366, 7)]
        for instant, before, after in rule.changes(earlier):
            instants += [instant - timedelta(seconds=1), instant]
        if any(rule.offset(instant) != _offset(tz, instant) for instant in instants):
            break
        year = earlier
    return year


def _component(daylight: bool, start: datetime, before: timedelta, after: timedelta, name: str):
    from icalendar import TimezoneDaylight, TimezoneStandard

    part = TimezoneDaylight() if daylight else TimezoneStandard()
    part.add("dtstart", start)
    part.add("tzoffsetfrom", before)
    part.add("tzoffsetto", after)
    if name:
        part.add("tzname", name)
    return part


def _zone_name(tz, instant: datetime) -> str:
    return instant.astimezone(tz).tzname() or ""


def _rule_timezone(name: str, tz, rule: _Rule, since: int):
    """Rule-based: one STANDARD component with the fixed offset, or a DAYLIGHT and a STANDARD one
    with their yearly RRULE, from their onsets in the year `since` (the larger offset is the
    daylight one: Ireland's winter offset, negative daylight saving in the zone database, is
    its standard time here)."""
    from icalendar import Timezone

    zone = Timezone()
    zone.add("tzid", name)
    if rule.dst is None:
        start = datetime(since, 1, 1)
        # its name as the rule writes it, the name of every time it gives: not the one of the
        # moment before `start` (Kathmandu's +0530 until 1986, not its +0545), nor of the years
        # since it holds (Guam's GST until 2000, ChST since)
        zone.add_component(_component(False, start, rule.std, rule.std, rule.name or _zone_name(
            tz, datetime(since, 1, 1, tzinfo=timezone.utc))))
        return zone
    for instant, before, after in rule.changes(since):
        onset = rule.to_dst if (before, after) == (rule.std, rule.dst) else rule.to_std
        part = _component(after > before, (instant + before).replace(tzinfo=None), before, after,
                          _zone_name(tz, instant))
        part.add("rrule", onset.rrule())
        zone.add_component(part)
    return zone


def _exact_timezone(name: str, tz, changes: list, start: datetime):
    """The exact changes: the offset at `start`, then one component per change, each with its
    DTSTART (the local time before the change) and nothing to expand."""
    from icalendar import Timezone

    zone = Timezone()
    zone.add("tzid", name)
    offset = _offset(tz, start)
    zone.add_component(_component(_daylight(tz, start), (start + offset).replace(tzinfo=None),
                                  offset, offset, _zone_name(tz, start)))
    for instant, before, after in changes:
        zone.add_component(_component(_daylight(tz, instant), (instant + before).replace(tzinfo=None), before,
                                      after, _zone_name(tz, instant)))
    return zone


def _daylight(tz, instant: datetime) -> bool:
    """Whether the zone keeps daylight time then (a positive DST; a negative one, Ireland's
    winter or Morocco's Ramadan in the zone database, is standard time here)."""
    dst = instant.astimezone(tz).dst()
    return dst is not None and dst > timedelta(0)
