"""The calendar of what is due: interviews and planned actions as an iCalendar file (RFC 5545).

Built with the `icalendar` library. Every event has a stable UID derived from the record it
shows (an interview id, an action key), so importing a newer export updates the events instead
of duplicating them; SEQUENCE grows with the export time so that calendar apps accept the update.
DTSTAMP is the `now` passed in: the same facts and the same `now` give the same bytes.
`afterview calendar import` knows these UIDs (`own_event`): an interview comes back to the
interview it shows, an action is a reminder, never an interview.

Each interview event also says what Afterview exported (X-AFTERVIEW-EXPORTED, a non-standard
property as RFC 5545 3.8.8.2 allows, with its default TEXT value type and nothing to escape:
`start=20261124T150000Z end=20261124T160000Z place=<digest>`, the times in UTC and a digest of
the place and call link as an import reads them back). Many calendar apps keep such properties,
so an import of a copy can tell an event moved in the calendar (its times differ from the
exported ones) from one that was exported before the interview changed in Afterview and left
alone since (`read_exported`); a copy without it is read as before.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from afterview.domain.model import Facts, Interview

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
    """Minutes since 2020: later exports carry a higher SEQUENCE, so they replace earlier ones."""
    return max(0, int((now - _SEQUENCE_EPOCH).total_seconds() // 60))


def _ceil_quarter(moment: datetime) -> datetime:
    moment = moment.astimezone(timezone.utc).replace(second=0, microsecond=0)
    return moment + timedelta(minutes=(-moment.minute) % 15)


def export_calendar(facts: Facts, actions: list, now: datetime, days: int = 14) -> bytes:
    """Interviews and actions of the coming `days` days (and what is overdue), as .ics bytes."""
    from icalendar import Calendar

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", "Afterview")
    horizon = now + timedelta(days=days)
    recent = now - timedelta(days=30)
    for interview in sorted(facts.interviews.values(), key=lambda i: (i.start, i.id or 0)):
        if not interview.cancelled and interview.end >= recent and interview.start <= horizon:
            cal.add_component(_interview_event(interview, facts, now))
    for action in actions:
        if action.state != "upcoming" or action.earliest <= horizon:
            cal.add_component(_action_event(action, facts, now))
    cal.add_missing_timezones()
    return cal.to_ical()


def _interview_event(interview: Interview, facts: Facts, now: datetime):
    from icalendar import Event

    from afterview.importers.links import find_call_link
    from afterview.planner.facts import safe_zone

    tz = safe_zone(interview.timezone, "UTC")
    opp = facts.opportunities.get(interview.opportunity_id)
    company = facts.companies.get(opp.company_id) if opp else None
    role = opp.role if opp else "interview"
    title = f"Interview{': ' + interview.stage if interview.stage else ''} - {role}"
    if company:
        title += f" at {company.name}"
    people = []
    for participant in interview.participants:
        person = facts.people.get(participant.person_id)
        if person is not None:
            people.append(f"{person.name} ({participant.role.value.replace('_', ' ')})")
    event = Event()
    event.add("uid", interview_uid(interview))
    event.add("dtstamp", now.astimezone(timezone.utc))
    event.add("sequence", _sequence(now))
    event.add("summary", title)
    event.add("dtstart", interview.start.astimezone(tz))
    event.add("dtend", interview.end.astimezone(tz))
    if interview.location:
        event.add("location", interview.location)
    if interview.call_link:
        event.add("url", interview.call_link)
    details = [f"With: {', '.join(people)}"] if people else []
    details.append("Afterview plans a thank-you note to each person after it.")
    description = "\n".join(details)
    event.add("description", description)
    event.add("categories", ["Afterview", "interview"])
    # the place and call link as an import reads them back from this event (importers.ical)
    shown_link = find_call_link(interview.call_link, interview.location, description)
    event.add(EXPORTED.lower(), exported_mark(interview.start, interview.end, interview.location, shown_link))
    event.add_component(_alarm(timedelta(minutes=-30), f"Interview soon: {title}"))
    return event


def _action_event(action, facts: Facts, now: datetime):
    from icalendar import Event

    person = facts.people.get(action.person_id)
    name = person.name if person else f"person {action.person_id}"
    title = f"{KIND_TITLE.get(action.kind.value, action.kind.value)}: {name}"
    start = action.send_at if action.send_at is not None and action.send_at >= now else action.earliest
    if start < now:
        start = _ceil_quarter(now)  # overdue: do it now, not in the past where it goes unseen
    start = start.astimezone(timezone.utc)
    lines = [action.reason, f"Due: {action.due.isoformat()} (their time)"]
    if action.note:
        lines.append(f"Note: {action.note}")
    lines += [f"Rule: {action.rule}. Source: {action.source}", f"afterview why {action.key}"]
    event = Event()
    event.add("uid", action_uid(action.key))
    event.add("dtstamp", now.astimezone(timezone.utc))
    event.add("sequence", _sequence(now))
    event.add("summary", title)
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(minutes=ACTION_MINUTES))
    event.add("description", "\n".join(lines))
    event.add("categories", ["Afterview", action.kind.value])
    event.add("x-afterview-key", action.key)
    event.add("transp", "TRANSPARENT")  # a reminder, not a meeting: it does not block time
    event.add_component(_alarm(timedelta(0), title))
    return event


def _alarm(trigger: timedelta, text: str):
    from icalendar import Alarm

    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("trigger", trigger)
    alarm.add("description", text)
    return alarm
