"""Use cases for correcting an interview: its times and details, its panel, or deleting it.

The CLI (`afterview interview edit/delete`) and the desk both call these, so a time typed in
either place is read and checked the same way. Each function takes an open transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Iterable

from afterview.domain import model as m
from afterview.errors import InvalidInput

# How an interface names the time fields in the one-line messages about them: "give --end or
# --duration, not both" in a terminal, "give an end or a duration, not both" under a form.
# ("start" is only ever followed by an example: "say when it starts: --start '2026-12-03 10:00'".)
OPTION_NAMES = {"start": "--start", "end": "--end", "duration": "--duration"}  # the CLI
FIELD_NAMES = {"start": "for example", "end": "an end", "duration": "a duration"}  # a form
DEFAULT_LENGTH = timedelta(hours=1)


def interview_times(start: str | None, end: str | None, duration: str | None, tz: str | None, *,
                    now: datetime, default_tz: str, current: tuple[datetime, datetime] | None = None,
                    names: dict[str, str] = FIELD_NAMES) -> tuple[datetime, datetime, str]:
    """Start, end and zone from what was typed; `current` (start, end) fills what was not.

        interview_times("2026-12-03 10:00", "11:30", None, None, now=now, default_tz="Europe/Berlin")

    A start alone keeps the current length (an hour for a new interview); an end given as a
    bare time ("11:30") is on the start's day; a start with a zone ("... Europe/Berlin") sets the
    zone when none is given.
    """
    from zoneinfo import ZoneInfo

    from afterview.domain.values import check_timezone, parse_duration, parse_when
    from afterview.domain.values import zone as zone_info

    zone = check_timezone(tz) if tz else default_tz
    if end and duration:
        raise InvalidInput(f"give {names['end']} or {names['duration']}, not both")
    if start is not None and not start.strip() or current is None and not start:
        raise InvalidInput(f"say when it starts: {names['start']} '2026-12-03 10:00' (or 'tomorrow 14:00')")
    for given, what in ((end, names["end"]), (duration, names["duration"])):
        if given is not None and not given.strip():
            raise InvalidInput(f"{what} is empty: give a value or leave the option out")
    begins = parse_when(start, now=now, tz=zone) if start else current[0].astimezone(zone_info(zone))
    if not tz and isinstance(begins.tzinfo, ZoneInfo):
        zone = begins.tzinfo.key  # "2026-12-03 10:00 Europe/Berlin": the interview's own zone
    length = (current[1] - current[0]) if current else DEFAULT_LENGTH
    if end:
        ends = parse_when(end, now=begins, tz=zone)
        if len(end.strip()) <= 5:  # a bare time: the same day as the start
            ends = ends.replace(year=begins.year, month=begins.month, day=begins.day)
    else:
        ends = begins + (parse_duration(duration) if duration else length)
    return begins, ends, zone


@dataclass(frozen=True)
class Edited:
    """An interview after a change, and what the change did to notes about it."""

    interview: m.Interview
    moved: bool  # its start, end or zone changed
    held: list[tuple[int, str]] = field(default_factory=list)  # (message id, why) back to drafts
    # drafts about it written before the move: their text may name the old day ("yesterday")
    written_before: list[int] = field(default_factory=list)

    def reread(self, redraft: str) -> str:
        """The advice about drafts written before the move ('' when there are none)."""
        if not self.written_before:
            return ""
        ids = ", ".join(str(i) for i in self.written_before)
        which = f"draft {ids} was" if len(self.written_before) == 1 else f"drafts {ids} were"
        return f"{which} written before this change: check the day it names, or draft again ({redraft})"


def edit_interview(
    tx,
    interview_id: int,
    *,
    now: datetime,
    start: str | None = None,
    end: str | None = None,
    duration: str | None = None,
    tz: str | None = None,
    format: str | None = None,
    stage: str | None = None,
    location: str | None = None,
    call_link: str | None = None,
    notes: str | None = None,
    cancelled: bool | None = None,
    add: Iterable[str] = (),
    remove: Iterable[str] = (),
    names: dict[str, str] = FIELD_NAMES,
) -> Edited:
    """Change what was given (None: kept); `add` "PERSON[:ROLE]" to the panel, `remove` PERSON.

    Times are read in `tz`, else in the interview's own zone. Notes about the interview that
    were approved to go out before it now ends are drafts again (see `hold_early`).
    """
    from afterview.services import pipeline

    record = tx.get(m.Interview, interview_id)
    was = (record.start, record.end, record.timezone)
    if start or end or duration or tz:
        record.start, record.end, record.timezone = interview_times(
            start, end, duration, tz or record.timezone, now=now, default_tz=record.timezone,
            current=(record.start, record.end), names=names)
        pipeline.check_interview_times(record.start, record.end)
    for name, value in (("stage", stage), ("location", location), ("call_link", call_link), ("notes", notes)):
        if value is not None:
            setattr(record, name, value.strip())
    if format:
        record.format = pipeline.parse_enum(m.InterviewFormat, format, "format")
    if cancelled is not None:
        record.cancelled = cancelled
    removed = {pipeline.find_person(tx, ref).id for ref in remove}
    panel = [p for p in record.participants if p.person_id not in removed]
    added = pipeline.parse_participants(tx, add)
    known = {p.person_id for p in added}
    record.participants = [p for p in panel if p.person_id not in known] + added
    record = tx.update(record)
    moved = (record.start, record.end, record.timezone) != was
    if not moved:
        return Edited(record, False)
    held = hold_early(tx, record, now=now)
    drafts = tx.list(m.Message, interview_id=record.id, state=[m.MessageState.DRAFTED])
    return Edited(record, True, held, sorted(d.id for d in drafts))


def hold_early(tx, interview: m.Interview, *, now: datetime) -> list[tuple[int, str]]:
    """Notes about an interview approved to go out before it ends: drafts again, with why.

    A thank-you scheduled for the morning after a mistyped date would reach them before the
    interview (moved to next week) has even happened. The plan still has the note, so
    `delivery.hold_back` keeps it; this is the one case where the moment, not the plan, is wrong.
    """
    from afterview.delivery import outbox
    from afterview.domain.values import zone

    sendable = tx.list(m.Message, interview_id=interview.id,
                       state=[m.MessageState.APPROVED, m.MessageState.SCHEDULED])
    ends = interview.end.astimezone(zone(interview.timezone))
    held = []
    for message in sendable:
        if (message.scheduled_at or now) >= interview.end:
            continue
        why = (f"not sent: the interview now ends {ends:%a %d %b %Y %H:%M} {interview.timezone}, after the note "
               "was set to go out; a draft again (approve it and schedule it again for after the interview)")
        if outbox.hold(tx, message.id, now, why):
            held.append((message.id, why))
    return held


@dataclass(frozen=True)
class Deletion:
    """An interview to delete and what goes with it: its panel and debriefs; messages stay."""

    interview: m.Interview
    debriefs: int  # deleted with it
    messages: int  # kept (drafts and sent notes), no longer linked to it

    def question(self) -> str:
        """"Delete interview 3 and its 2 debriefs? Its 1 message is kept." """
        kept = (f" Its {_count(self.messages, 'message')} (drafts, sent notes) "
                f"{'is' if self.messages == 1 else 'are'} kept." if self.messages else "")
        return f"Delete interview {self.interview.id} and its {_count(self.debriefs, 'debrief')}?{kept}"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def deletion(tx, interview_id: int) -> Deletion:
    """What deleting the interview would take with it (to ask before doing it)."""
    record = tx.get(m.Interview, interview_id)
    return Deletion(record, tx.count(m.Debrief, interview_id=interview_id),
                    tx.count(m.Message, interview_id=interview_id))


def delete_interview(tx, interview_id: int) -> Deletion:
    """Delete an interview with its panel and debriefs; messages about it are kept, unlinked.

    Approved or scheduled notes for it are then no longer planned: `delivery.hold_back` makes
    them drafts again.
    """
    gone = deletion(tx, interview_id)
    tx.delete(m.Interview, interview_id)
    return gone
