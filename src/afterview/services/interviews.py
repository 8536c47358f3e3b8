"""Use cases for correcting an interview: its times and details, its panel, or deleting it.

The CLI (`afterview interview edit/delete`) and the desk both call these, so a time typed in
either place is read and checked the same way. Each function takes an open transaction.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Callable, Iterable

from afterview.domain import model as m
from afterview.errors import Conflict, InvalidInput, NotFound

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

    A start alone keeps the current length (an hour for a new interview); a start given as a
    bare time ("2pm") is today's, past or to come (interviews are recorded after they happen;
    `domain.values.today_at`); an end given as a bare time ("11:30") is on the start's day; a
    start with a zone ("... Europe/Berlin") sets the zone when none is given.
    """
    from zoneinfo import ZoneInfo

    from afterview.domain.values import as_utc, check_typed_timezone, elapsed, parse_duration, parse_when, today_at
    from afterview.domain.values import zone as zone_info

    zone = check_typed_timezone(tz) if tz else default_tz
    if end and duration:
        raise InvalidInput(f"give {names['end']} or {names['duration']}, not both")
    if start is not None and not start.strip() or current is None and not start:
        raise InvalidInput(f"say when it starts: {names['start']} '2026-12-03 10:00' (or 'tomorrow 14:00')")
    for given, what in ((end, names["end"]), (duration, names["duration"])):
        if given is not None and not given.strip():
            raise InvalidInput(f"{what} is empty: give a value or leave the option out")
    begins = today_at(start, now=now, tz=zone) if start else current[0].astimezone(zone_info(zone))
    if not tz and isinstance(begins.tzinfo, ZoneInfo):
        zone = begins.tzinfo.key  # "2026-12-03 10:00 Europe/Berlin": the interview's own zone
    # a length is real time, counted in UTC: across the night the clocks change, 02:30 + 1h is
    # 02:30 again on the new offset, not 03:30 (two hours on)
    length = (as_utc(current[1]) - as_utc(current[0])) if current else DEFAULT_LENGTH
    if end:
        ends = parse_when(end, now=begins, tz=zone)
        if len(end.strip()) <= 5:  # a bare time: the same day as the start
            ends = ends.replace(year=begins.year, month=begins.month, day=begins.day)
    else:
        ends = elapsed(begins, parse_duration(duration) if duration else length)
    return begins, ends, zone


# How a warning names the notes an action key is about ("thank-you to Priya Raman ...").
KIND_WORDS = {"thank_you": "thank-you", "status_check": "status follow-up", "closing_the_loop": "closing-the-loop note",
              # an opportunity's own (see `opportunity_notes_out`)
              "rejection_reply": "reply to the rejection", "keep_warm": "keep-warm note", "withdrawal": "withdrawal note"}
# The words that say where a command would be typed: the CLI's (a desk passes its own).
CLI_WORDS = {
    "redraft": "afterview draft --interview {interview} --force",
    "undo": "afterview undo {key}",
    "discard": "afterview discard {message}",
    "status": "afterview opportunity status {opportunity} STATUS",
}


def about_interview(key: str, interview_id: int) -> tuple[str, dict[str, int]] | None:
    """The kind and ids of an action key about this interview (its thank-yous, the follow-ups
    anchored on it); None for any other key."""
    from afterview.domain.keys import parse_key

    found = parse_key(key or "")
    if found is None or found[1].get("i") != interview_id:
        return None
    return found


@dataclass(frozen=True)
class Early:
    """A note about the interview marked done, or sent, before the interview's new end."""

    key: str
    person: str
    kind: str  # "thank-you"
    how: str  # "marked done" | "sent"
    at: datetime
    timezone: str  # the interview's, to say the moment in

    def line(self, words: dict[str, str]) -> str:
        from afterview.domain.values import zone

        said = (f"{self.kind} to {self.person} was {self.how} on "
                f"{self.at.astimezone(zone(self.timezone)):%a %d %b %Y %H:%M} {self.timezone}, "
                "before the interview's new time")
        if self.how == "sent":
            return f"{said}: check the time you gave"
        return f"{said}: {words['undo'].format(key=self.key)} if it was not sent"


@dataclass(frozen=True)
class Edited:
    """An interview after a change, and what the change did to notes about it."""

    interview: m.Interview
    moved: bool  # its start or end changed (a new zone alone keeps both: nothing moved)
    held: list[tuple[int, str]] = field(default_factory=list)  # (message id, why) back to drafts
    # drafts about it written before the change, with what in their text may now be wrong
    stale: list[tuple[list[int], str]] = field(default_factory=list)
    rezoned: bool = False  # its zone changed
    was_zone: str = ""  # its zone before the change
    left: m.Opportunity | None = None  # the opportunity it was moved from (None: not moved)
    opportunity: m.Opportunity | None = None  # the one it was moved to
    carried: tuple[int, int] = (0, 0)  # the decisions and messages that moved with it
    emptied: bool = False  # the opportunity it left has no interview now
    to_leavers: list[tuple[int, str]] = field(default_factory=list)  # drafts to those taken off the panel
    early: list[Early] = field(default_factory=list)  # done or sent before its new time
    overtaken: int | None = None  # moved: the target's latest interview before, now earlier than it
    # given to add but on the panel already, with no role or the one they have: (name, role), kept as they are
    already: list[tuple[str, str]] = field(default_factory=list)

    def notes(self, words: dict[str, str] = CLI_WORDS, name: Callable[[int], str] | None = None) -> list[str]:
        """What to check after the change, one line each ([] when nothing): the drafts written
        before it, drafts to people no longer on the panel, notes marked done before the
        interview's new time, where it moved. `words` are the interface's ways to act; `name`,
        how it names a draft by its id ("the thank-you note to Tom Becker"; None: "draft 4")."""
        lines = []
        for ids, check in self.stale:
            if name is None:
                numbers = ", ".join(str(i) for i in ids)
                which = f"draft {numbers} was" if len(ids) == 1 else f"drafts {numbers} were"
            else:
                named = [name(i) for i in ids]
                which = named[0] if len(named) == 1 else f"{', '.join(named[:-1])} and {named[-1]}"
                which += " was" if len(ids) == 1 else " were"
            redraft = words["redraft"].format(interview=self.interview.id)
            lines.append(f"{which} written before this change: check {check}, or draft again ({redraft})")
        for message_id, person in self.to_leavers:
            discard = words["discard"].format(message=message_id)
            if name is None:
                lines.append(f"draft {message_id} is to {person}, who is no longer on the panel: "
                             f"{discard} if you will not send it")
            else:
                lines.append(f"{name(message_id)} is a draft to someone no longer on the panel: "
                             f"{discard} if you will not send it")
        lines.extend(early.line(words) for early in self.early)
        for person, role in self.already:
            lines.append(f"{person} is on the panel already, as {role.replace('_', ' ')}: nothing changed for them")
        target, left = self.opportunity, self.left
        if target is not None and target.status.is_closed:
            lines.append(f"opportunity {target.id} is {target.status.value}: nothing more is planned for "
                         "this interview there")
        if self.overtaken is not None and target is not None and not target.status.is_closed:
            lines.append(f"interview {self.interview.id} is now the latest of opportunity {target.id}: its status "
                         f"follow-ups are planned from it, no longer from interview {self.overtaken}")
        if left is not None and self.emptied and not left.status.is_closed:
            lines.append(f"opportunity {left.id} has no interview left and stays {left.status.value} "
                         f"({words['status'].format(opportunity=left.id)} to change that)")
        return lines


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
    opportunity: str | int | None = None,
    add: Iterable[str] = (),
    remove: Iterable[str] = (),
    names: dict[str, str] = FIELD_NAMES,
    same_clock: bool = False,
) -> Edited:
    """Change what was given (None: kept); `add` "PERSON[:ROLE]" to the panel, `remove` PERSON
    (who must be on it), `opportunity` the id of the one it belongs to.

    Times are read in `tz`, else in the interview's own zone. A `tz` given alone keeps the
    moments and shows them in it, unless `same_clock`: then the start and end are read again as
    the same clock times in it (a zone typed wrong: 14:00 UTC becomes 14:00 in New York). Notes
    about the interview that were approved to go out before it now ends are drafts again (see
    `hold_early`), as are, moved to another day, those whose text names the old day or that
    are scheduled for the moment the plan gave them from it (see `hold_old_day`), and
    those to someone taken off the panel, those of a cancelled interview, and, when it moves to
    another opportunity, all of its own (their text names the old role and company). Moved, it
    takes its thank-yous, follow-ups and what was decided about them along (see `carry`).
    The same interview twice (the same start in one opportunity, or the same person at the same
    start in two) is refused, as `afterview interview add` refuses it.
    """
    from afterview.services import pipeline

    record = tx.get(m.Interview, interview_id)
    earlier = dataclasses.replace(record)  # as it was: the plan from its old times (`hold_old_day`)
    was = (record.start, record.end)
    was_zone, was_cancelled, before = record.timezone, record.cancelled, {p.person_id for p in record.participants}
    if same_clock and tz and not (start or end or duration):
        from afterview.domain.values import zone as zone_info

        start, end = (f"{t.astimezone(zone_info(record.timezone)):%Y-%m-%d %H:%M}" for t in was)
    if start or end or duration or tz:
        record.start, record.end, record.timezone = interview_times(
            start, end, duration, tz or record.timezone, now=now, default_tz=record.timezone,
            current=(record.start, record.end), names=names)
        pipeline.check_interview_times(record.start, record.end)
    if stage is not None and stage.strip() != record.stage:
        record.stage = pipeline.single_line(stage, "stage")
    if call_link is not None and call_link.strip() != record.call_link:
        # a web link, as every link field takes it (javascript: is none); one stored before is kept as it is
        record.call_link = pipeline.web_link(call_link)
    for name, value in pipeline.free_text({"location": location, "notes": notes}).items():
        if value is not None:
            setattr(record, name, value)
    if format:
        record.format = pipeline.parse_enum(m.InterviewFormat, format, "format")
    if cancelled is not None:
        record.cancelled = cancelled
    leavers = {}
    for ref in remove:
        person = panel_member(tx, record, ref)
        leavers[person.id] = person
    panel = [p for p in record.participants if p.person_id not in leavers]
    added, already = _joining(tx, add, record.participants)
    known = {p.person_id for p in added}
    # on the panel already: their place kept, their role the one given (kept when none is)
    given = {p.person_id: p for p in added}
    record.participants = [given.pop(p.person_id, p) for p in panel] + list(given.values())
    leavers = {i: person for i, person in leavers.items() if i not in known}  # taken off, then back on
    left = target = None
    if opportunity is not None:
        try:
            target = tx.get(m.Opportunity, pipeline.parse_id(opportunity, "opportunity"))
        except NotFound as err:  # bad input here: the interview is what is looked for (the desk's form again)
            raise InvalidInput(str(err)) from None
        if target.id == record.opportunity_id:
            target = None  # where it is already
        else:
            left = tx.get(m.Opportunity, record.opportunity_id)
            record.opportunity_id = target.id
    from afterview.domain.values import as_utc

    # as moments: the same times read in another zone (or in the repeated hour) are no move
    moved = (as_utc(record.start), as_utc(record.end)) != tuple(as_utc(t) for t in was)
    joined = {p.person_id for p in record.participants} - before
    if not record.cancelled and (moved or left or joined or was_cancelled):
        check_not_twice(tx, record)
    record = tx.update(record)

    held: list[tuple[int, str]] = []
    if leavers:
        held += _hold_keyed(tx, record, now, lambda key: _leaver_reason(key, leavers, record.id))
    if record.cancelled and not was_cancelled:
        held += _hold_keyed(tx, record, now, lambda key: (f"interview {record.id} is cancelled"
                                                         if about_interview(key, record.id) else None))
    carried, carried_ids, emptied, overtaken = (0, 0), set(), False, None
    if left is not None:
        # the interview the target's status follow-ups were about, when this one now comes after
        # it: they are planned from this one from now on (its round's, or none if you skipped them)
        latest = max((i for i in tx.list(m.Interview, opportunity_id=target.id)
                      if i.id != record.id and not i.cancelled), key=lambda i: (i.end, i.id), default=None)
        if latest is not None and not record.cancelled and (record.end, record.id) > (latest.end, latest.id):
            overtaken = latest.id
        if target.status == m.OpportunityStatus.APPLIED:  # as adding it there would
            pipeline.set_status(tx, target.id, m.OpportunityStatus.INTERVIEWING, now=now,
                                note=f"interview {record.id} moved here")
        carried, carried_ids = carry(tx, record, left, target)
        why = (f"interview {record.id} now belongs to {_label(tx, target)} (opportunity {target.id}), and the "
               f"note may name {_label(tx, left)}")
        held += pipeline.take_back(tx, tx.list(m.Message, id=sorted(carried_ids)), now, why,
                                   "check it, or draft it again, then approve it")
        emptied = not tx.count(m.Interview, opportunity_id=left.id)
    if leavers:
        held += _hold_naming(tx, record, now, leavers)
    said_day: set[int] = set()  # held for the day: their line says what to check
    if moved:
        held += hold_early(tx, record, now=now)
        on_old_day = hold_old_day(tx, record, was=earlier, now=now)
        held += on_old_day
        said_day = {i for i, _ in on_old_day}
    stale, to_leavers = _stale_drafts(tx, record, moved=moved, carried=carried_ids, leavers=leavers,
                                      joined=[tx.get(m.Person, i) for i in joined], held={i for i, _ in held},
                                      said_day=said_day)
    early = _done_early(tx, record) if moved else []
    return Edited(record, moved, held, stale, rezoned=record.timezone != was_zone, was_zone=was_zone, left=left,
                  opportunity=tx.get(m.Opportunity, target.id) if target else None, carried=carried,
                  emptied=emptied, to_leavers=to_leavers, early=early, overtaken=overtaken, already=already)


def _joining(tx, specs: Iterable[str], panel: list[m.Participant]) -> tuple[list[m.Participant], list[tuple[str, str]]]:
    """The participants "PERSON[:ROLE]" specs add (`pipeline.parse_participants`), and who of
    them is on the panel already as they would be, by name and role. Someone on it already keeps
    their role unless one is given: `--with "Priya Raman"` for the hiring manager of the panel
    leaves her its hiring manager (it once made her an interviewer, said by nothing)."""
    from afterview.services import pipeline

    roles = {p.person_id: p.role for p in panel}
    found: dict[int, m.Participant] = {}
    for spec in specs:
        for participant in pipeline.parse_participants(tx, [spec]):
            if participant.person_id in roles and not _role_given(spec):
                participant = m.Participant(person_id=participant.person_id, role=roles[participant.person_id])
            found[participant.person_id] = participant
    already = [(tx.get(m.Person, p.person_id).name, p.role.value) for p in found.values()
               if roles.get(p.person_id) == p.role]
    return list(found.values()), already


def _role_given(spec: str) -> bool:
    """"PERSON:ROLE" names a role, as `pipeline.parse_participants` reads it (a colon before a
    word that is no role is part of the name)."""
    if ":" not in spec or spec.rstrip().endswith(":"):
        return False
    ref, _, role = spec.rpartition(":")
    return bool(ref) and role.strip().lower().replace("-", "_") in {r.value for r in m.Role}


def panel_member(tx, interview: m.Interview, ref: str) -> m.Person:
    """The person on the interview's panel that `ref` (an id, an address, a name or a first
    name) names; one line naming who is on it for anyone else."""
    from afterview.errors import Conflict
    from afterview.services import pipeline

    text = str(ref).strip()
    people = [tx.get(m.Person, p.person_id) for p in interview.participants]
    try:
        person = pipeline.find_person(tx, text)
    except (NotFound, Conflict):  # unknown, or two of that name: perhaps only one on the panel
        person = None
    if person is not None and any(p.id == person.id for p in people):
        return person
    wanted = text.casefold()
    found = [p for p in people if wanted and (wanted == p.name.casefold() or wanted in p.name.casefold().split()
                                              or wanted in (e.casefold() for e in p.emails))]
    if len(found) == 1:
        return found[0]
    who = person.name if person is not None else text
    on = f"on it: {', '.join(p.name for p in people)}" if people else "its panel is empty"
    raise InvalidInput(f"{who} is not on the panel of interview {interview.id} ({on})")


class SameMoment(Conflict):
    """Someone of the panel is on another opportunity's interview that starts then: `person_id`
    (the desk marks their row of the form) and that interview's id (`other`)."""

    def __init__(self, message: str, *, person_id: int, other: int):
        super().__init__(message)
        self.person_id, self.other = person_id, other


def check_not_twice(tx, interview: m.Interview, *, adding: bool = False) -> None:
    """Refuse the same interview recorded twice: another of its opportunity that starts then,
    or another opportunity's with someone of its panel at that time (each would be thanked
    twice: `SameMoment`). `adding`: the interview is about to be added (`pipeline.add_interview`
    checks it so, and refuses the first case itself, in its own words); it may have no id yet."""
    panel = {p.person_id for p in interview.participants}
    for other in tx.list(m.Interview, start=interview.start):
        if other.id == interview.id or other.cancelled:
            continue
        if other.opportunity_id == interview.opportunity_id:
            if adding:
                continue
            raise Conflict(f"interview {other.id} of this opportunity already starts then: keep one of "
                           f"interviews {other.id} and {interview.id} (afterview interview delete ID, or its "
                           "page on the desk)")
        shared = next((p.person_id for p in other.participants if p.person_id in panel), None)
        if shared is None:
            continue
        name = tx.get(m.Person, shared).name
        where = f"interview {other.id} ({_label(tx, tx.get(m.Opportunity, other.opportunity_id))})"
        if adding:
            raise SameMoment(f"{name} is already on {where}, which starts then: if it is this one, move it "
                             f"(afterview interview edit {other.id} --opportunity {interview.opportunity_id}, or "
                             "its page on the desk) instead of adding it again", person_id=shared, other=other.id)
        raise SameMoment(f"{name} is already on {where}, which starts then too: the same interview twice "
                         f"would thank them twice; keep one of interviews {other.id} and {interview.id} "
                         "(afterview interview delete ID, or its page on the desk)", person_id=shared, other=other.id)


def _label(tx, opportunity: m.Opportunity) -> str:
    """"Senior Data Engineer at Northwind Analytics" """
    company = tx.get(m.Company, opportunity.company_id) if opportunity.company_id else None
    return f"{opportunity.role} at {company.name}" if company else opportunity.role


def carry(tx, interview: m.Interview, left: m.Opportunity, target: m.Opportunity) -> tuple[tuple[int, int], set[int]]:
    """An interview now under `target`: what is about it comes along from `left`.

    The keys of its follow-ups name the opportunity (status_check.1:o1:i3:p2): they are
    rewritten (o1 -> o2) in the decisions and messages, so that what was done, skipped or
    drafted for them still counts and nothing is planned twice; its thank-yous' keys name only
    the interview. Its messages (and the replies to them) now belong to `target`. A loop closed
    on it (its closing-the-loop note) no longer closes `left`; it closes `target` when the
    interview is now the one `target`'s follow-ups are about. Notes about `left` as a whole
    (a rejection reply, a withdrawal) stay with it. Returns (decisions, messages) moved, and
    the ids of the messages.
    """
    from afterview.services import pipeline

    def rekey(key: str) -> str:
        found = about_interview(key, interview.id)
        if found is None or found[1].get("o") != left.id:
            return key
        return key.replace(f":o{left.id}:i{interview.id}:", f":o{target.id}:i{interview.id}:")

    closed_at: dict[str, datetime] = {}  # a closing-the-loop key of this interview -> when it was done or sent
    decisions = 0
    for decision in tx.list(m.Decision):
        if about_interview(decision.action_key, interview.id) is None:
            continue
        decisions += 1  # a thank-you's key names only the interview: it comes along as it is
        new = rekey(decision.action_key)
        if new == decision.action_key:
            continue
        if new.startswith("closing_the_loop:") and decision.kind == m.DecisionKind.DONE and decision.undone_at is None:
            closed_at[decision.action_key] = min(decision.at, closed_at.get(decision.action_key, decision.at))
        decision.action_key = new
        tx.update(decision)
    moved: set[int] = set()
    for message in tx.list(m.Message, interview_id=interview.id):
        found = about_interview(message.action_key, interview.id)
        if found is None and message.action_key:
            continue  # about the opportunity it was for (a withdrawal), whichever interview it was drafted from
        if message.opportunity_id not in (left.id, None):
            continue
        new = rekey(message.action_key)
        if (new.startswith("closing_the_loop:") and message.state in (m.MessageState.SENT, m.MessageState.DONE_ELSEWHERE)):
            at = message.sent_at or message.updated_at or message.created_at
            if at is not None:
                closed_at[message.action_key] = min(at, closed_at.get(message.action_key, at))
        message.action_key, message.opportunity_id = new, target.id
        tx.update(message)
        moved.add(message.id)
    for inbound in tx.list(m.Inbound, opportunity_id=left.id):
        if inbound.answers_message_id in moved:  # a reply to one of its notes is about it too
            inbound.opportunity_id = target.id
            tx.update(inbound)
    anchor = m.latest_round(tx.list(m.Interview, opportunity_id=target.id))
    for key, at in closed_at.items():
        pipeline.loop_reopened(tx, key)
        if anchor is not None and anchor.id == interview.id:
            pipeline.loop_closed(tx, rekey(key), at)
    return (decisions, len(moved)), moved


def _leaver_reason(key: str, leavers: dict[int, m.Person], interview_id: int) -> str | None:
    found = about_interview(key, interview_id)
    if found is None or found[1].get("p") not in leavers:
        return None
    return f"{leavers[found[1]['p']].name} is no longer on the panel of interview {interview_id}"


def _hold_keyed(tx, interview: m.Interview, now: datetime, cause) -> list[tuple[int, str]]:
    """The approved or scheduled notes about the interview (by their keys) whose `cause(key)`
    is not None: drafts again, saying that cause (the plan no longer has them)."""
    from afterview.services.pipeline import take_back

    held = []
    for message in tx.list(m.Message, interview_id=interview.id,
                           state=[m.MessageState.APPROVED, m.MessageState.SCHEDULED]):
        why = cause(message.action_key)
        if why:
            held += take_back(tx, [message], now, why)
    return held


def name_pattern(person: m.Person) -> re.Pattern:
    """How a note may name someone: their full name, or the name a note greets them by
    (`Person.greeting_name`: their greet-as name, else their first name) as a word."""
    forms = {" ".join(person.name.split())}
    first = person.greeting_name()
    if len(first) > 1:
        forms.add(first)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True)) + r")(?!\w)")


def _hold_naming(tx, interview: m.Interview, now: datetime, leavers: dict[int, m.Person]) -> list[tuple[int, str]]:
    """Approved or scheduled notes about the interview that name someone taken off its panel
    ("I enjoyed meeting Priya Raman and Tom Becker"): drafts again, saying whom."""
    from afterview.services.pipeline import take_back

    held = []
    for message in tx.list(m.Message, interview_id=interview.id,
                           state=[m.MessageState.APPROVED, m.MessageState.SCHEDULED]):
        named = [p.name for p in leavers.values() if name_pattern(p).search(f"{message.subject}\n{message.body}")]
        if named:
            held += take_back(tx, [message], now,
                              f"it names {' and '.join(named)}, no longer on the panel of interview {interview.id}",
                              "correct it, or draft it again, then approve it")
    return held


def _stale_drafts(tx, interview: m.Interview, *, moved: bool, carried: set[int], leavers: dict[int, m.Person],
                  joined: list[m.Person], held: set[int],
                  said_day: set[int] = frozenset()) -> tuple[list[tuple[list[int], str]], list[tuple[int, str]]]:
    """The interview's drafts whose text the change may have made wrong, grouped by what to
    check in them; and the drafts to people taken off the panel (to discard, unless sent anyway).
    `said_day`: drafts just taken back for the interview's old day (`hold_old_day`), whose own
    line says to check it already."""
    drafts = tx.list(m.Message, interview_id=interview.id, state=[m.MessageState.DRAFTED])
    panel = {p.person_id for p in interview.participants}
    others = {i: name_pattern(tx.get(m.Person, i)) for i in panel}
    checks: dict[int, list[str]] = {}
    to_leavers = []
    for draft in drafts:
        if draft.person_id in leavers:  # no longer planned: to discard (one just held back is said already)
            if draft.id not in held:
                to_leavers.append((draft.id, leavers[draft.person_id].name))
            continue
        text = f"{draft.subject}\n{draft.body}"
        found = []
        if moved and draft.id not in said_day:
            found.append("the day")
        if draft.id in carried:
            found += ["the role", "the company"]
        names_gone = any(name_pattern(p).search(text) for p in leavers.values())
        # a note that names the panel (the recruiter's) is short of whoever joined it
        lists_panel = joined and any(i != draft.person_id and pattern.search(text) for i, pattern in others.items())
        if names_gone or lists_panel:
            found.append("the people")
        if found:
            checks[draft.id] = found
    groups: dict[tuple[str, ...], list[int]] = {}
    for draft_id, found in sorted(checks.items()):
        groups.setdefault(tuple(found), []).append(draft_id)
    stale = []
    for found, ids in groups.items():
        said = found[0] if len(found) == 1 else f"{', '.join(found[:-1])} and {found[-1]}"
        said += " it names"
        if "the people" in found:
            said += f" ({_panel_change(list(leavers.values()), joined)})"
        stale.append((ids, said))
    return stale, to_leavers


def _panel_change(leavers: list[m.Person], joined: list[m.Person]) -> str:
    """"Priya Raman is no longer on the panel; Sam Ortiz joined it" """
    parts = []
    if leavers:
        names = " and ".join(p.name for p in leavers)
        parts.append(f"{names} {'is' if len(leavers) == 1 else 'are'} no longer on the panel")
    if joined:
        names = " and ".join(p.name for p in joined)
        parts.append(f"{names} joined it" if leavers else f"{names} joined the panel")
    return "; ".join(parts)


def _done_early(tx, interview: m.Interview) -> list[Early]:
    """Its thank-yous and follow-ups marked done, or sent, before the interview now ends: a
    thank-you marked done on Tuesday for an interview moved to next Monday was not for it."""
    found: dict[str, Early] = {}

    def person(key: str) -> str:
        ids = about_interview(key, interview.id)[1]
        try:
            return tx.get(m.Person, ids["p"]).name
        except NotFound:  # deleted since: said by its id
            return f"person {ids['p']}"

    for decision in sorted(tx.list(m.Decision, kind=m.DecisionKind.DONE), key=lambda d: (d.at, d.id or 0)):
        ids = about_interview(decision.action_key, interview.id)
        if ids is None or decision.action_key in found or decision.at >= interview.end:
            continue
        found[decision.action_key] = Early(decision.action_key, person(decision.action_key), KIND_WORDS[ids[0]],
                                           "marked done", decision.at, interview.timezone)
    for message in tx.list(m.Message, interview_id=interview.id, state=[m.MessageState.SENT]):
        ids = about_interview(message.action_key, interview.id)
        at = message.sent_at
        if ids is None or at is None or message.action_key in found or at >= interview.end:
            continue
        found[message.action_key] = Early(message.action_key, person(message.action_key), KIND_WORDS[ids[0]],
                                          "sent", at, interview.timezone)
    return sorted(found.values(), key=lambda e: (e.at, e.key))


def hold_early(tx, interview: m.Interview, *, now: datetime) -> list[tuple[int, str]]:
    """Notes about an interview approved to go out before it ends: drafts again, with why.

    A thank-you scheduled for the morning after a mistyped date would reach them before the
    interview (moved to next week) has even happened. The plan still has the note, so
    `delivery.hold_back` keeps it; this is the one case where the moment, not the plan, is wrong.
    """
    from afterview.domain.values import zone
    from afterview.services.pipeline import take_back

    sendable = tx.list(m.Message, interview_id=interview.id,
                       state=[m.MessageState.APPROVED, m.MessageState.SCHEDULED])
    ends = interview.end.astimezone(zone(interview.timezone))
    early = [message for message in sendable if (message.scheduled_at or now) < interview.end]
    return take_back(tx, early, now, f"the interview now ends {ends:%a %d %b %Y %H:%M} {interview.timezone}, after "
                                     "the note was set to go out", "approve it and schedule it again for after the interview")


def hold_old_day(tx, interview: m.Interview, *, was: m.Interview, now: datetime, playbook=None) -> list[tuple[int, str]]:
    """Notes about an interview moved to another day, approved or scheduled for after it: drafts
    again when their text names its old day ("... final round on 15 May"), or when they are
    scheduled for the moment the plan gave them from that day (approved for the planned moment:
    a thank-you for the Monday after a Friday interview now on Thursday), unless the plan gives
    them that moment still. A moment you chose yourself (`send --at`) stands, and so does an
    approved note with no moment of its own (it goes when the plan, made from the new day, says):
    of these only the text is read.

    `was`: the interview before the move. A day is the one its start falls on in its zone, the
    recipient's or yours (a note names the day on its reader's clock); a move within those days
    holds nothing. `playbook`: the plan's (the effective one when not given).
    """
    from afterview.domain.values import zone
    from afterview.planner.facts import safe_zone
    from afterview.services.pipeline import take_back

    sendable = tx.list(m.Message, interview_id=interview.id, state=[m.MessageState.APPROVED, m.MessageState.SCHEDULED])
    if not sendable:
        return []
    yours = tx.profile().timezone or ""
    old = f"{was.start.astimezone(safe_zone(was.timezone, 'UTC')):%a %d %b %Y}"
    new = f"{interview.start.astimezone(zone(interview.timezone)):%a %d %b %Y}"
    planned = _Planned(tx, was, now, playbook)
    held = []
    for message in sendable:
        try:
            theirs = tx.get(m.Person, message.person_id).timezone
        except NotFound:
            theirs = ""
        zones = {safe_zone(name, interview.timezone)
                 for name in (was.timezone, interview.timezone, theirs, yours) if name}
        after = {interview.start.astimezone(z).date() for z in zones}
        gone = sorted({was.start.astimezone(z).date() for z in zones} - after)
        if not gone:
            continue
        named = names_a_day(f"{message.subject}\n{message.body}", gone, keep=after)
        timed = (message.scheduled_at is not None and about_interview(message.action_key, interview.id) is not None
                 and planned.from_old_day(message))
        if not (named or timed):
            continue
        causes = ["it names the old day"] if named else []
        if timed:
            at = message.scheduled_at.astimezone(safe_zone(yours, interview.timezone))
            causes.append(f"{'' if named else 'it '}was set to go out {at:%a %d %b %Y %H:%M} {at.tzinfo.key}, the "
                          f"moment planned from {'it' if named else 'the old day'}")
        hint = ("review it: afterview show {id}; correct the day it names, or draft it again, then approve it" if named
                else "review it: afterview show {id}; approved again, it goes at the moment planned from the new day")
        cause = f"interview {interview.id} moved from {old} to {new}, and {' and '.join(causes)}"
        held += take_back(tx, [message], now, cause, hint)
    return held


class _Planned:
    """The moments the plan gives notes about an interview, from its old times and from its new
    ones: made only when a note scheduled for after it asks (planning is the slow part)."""

    def __init__(self, tx, was: m.Interview, now: datetime, playbook=None):
        self.tx, self.was, self.now, self.playbook = tx, was, now, playbook
        self.plans: dict[str, tuple] = {}

    def _moment(self, which: str, key: str) -> datetime | None:
        from dataclasses import replace

        from afterview.errors import AfterviewError
        from afterview.planner import plan
        from afterview.services.delivery import moment_of

        if which not in self.plans:
            try:
                if self.playbook is None:
                    from afterview.services.planning import effective_playbook

                    self.playbook = effective_playbook()
                facts = self.tx.facts()
                if which == "old":
                    facts = replace(facts, interviews={**facts.interviews, self.was.id: self.was})
                self.plans[which] = (facts, {a.key: a for a in plan(facts, self.playbook, self.now)})
            except AfterviewError:  # no plan can be made (a playbook to correct): the moment is not judged
                self.plans[which] = (None, {})
        facts, actions = self.plans[which]
        action = actions.get(key)
        return moment_of(facts, self.playbook, action, self.now) if action is not None else None

    def from_old_day(self, message: m.Message) -> bool:
        """Scheduled for the moment the plan gave it from the interview's old times, which the
        plan from its new ones no longer gives."""
        at = message.scheduled_at
        return self._moment("old", message.action_key) == at and self._moment("new", message.action_key) != at


_MONTH_WORDS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                "November", "December")
_DAY_WORDS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def names_a_day(text: str, days: Iterable, keep: Iterable = ()) -> bool:
    """Whether `text` names one of `days` (dates): "15 May", "15th of May", "May 15th", "Fri 15 May",
    2026-05-15, 15/05 or 5/15, or its weekday ("on Friday") when that is not the weekday of one of
    `keep` (the days it is on now).

        names_a_day("our final round on May 15", [date(2026, 5, 15)])  # True
    """
    keep_weekdays = {d.weekday() for d in keep}
    for day in days:
        full = _MONTH_WORDS[day.month - 1]
        short = "Sept?" if day.month == 9 else full[:3]
        month = rf"(?:{full}|{short}\.?)"
        number = rf"0?{day.day}(?:st|nd|rd|th)?"
        forms = [rf"(?<![\d/.-]){number}(?:\s+of)?\s+{month}(?![a-z])",  # 15 May, 15th of May
                 rf"(?<![A-Za-z]){month}\s+{number}(?![\d/])",  # May 15, May 15th
                 rf"(?<!\d){day:%Y-%m-%d}(?!\d)",  # 2026-05-15
                 rf"(?<![\d/])(?:0?{day.day}/0?{day.month}|0?{day.month}/0?{day.day})(?:/(?:{day:%Y}|{day:%y}))?(?![\d/])"]
        if day.weekday() not in keep_weekdays:
            forms.append(rf"(?<![A-Za-z]){_DAY_WORDS[day.weekday()]}(?![a-z])")
        if re.search("|".join(forms), text):
            return True
    return False


@dataclass(frozen=True)
class Out:
    """A note about an interview (its thank-you, a follow-up anchored on it) that went out or is
    on its way. Its key names the interview: deleted, the interview takes with it what says the
    note was sent, and one added again in its place plans the note again."""

    key: str
    person: str
    kind: str  # "thank-you"
    how: str  # "sent Thu 26 Nov", "scheduled for Fri 27 Nov", "marked done" ... (days in the interview's zone)
    message_id: int | None = None  # None: marked done, with no note of Afterview's

    def words(self) -> str:
        """"the thank-you to Priya Raman (sent Thu 26 Nov)" """
        return f"the {self.kind} to {self.person} ({self.how})"


@dataclass(frozen=True)
class Dropped:
    """An action planned about an interview (a thank-you not yet sent, a follow-up anchored on
    it): no longer planned once the interview is deleted."""

    key: str
    person: str
    kind: str
    due: datetime
    message_id: int | None = None  # its draft, kept

    def words(self, tz: str) -> str:
        """"the status follow-up to Priya Raman (due Tue 8 Dec; draft 4 kept)" """
        from afterview.domain.values import zone

        kept = f"; draft {self.message_id} kept" if self.message_id else ""
        return f"the {self.kind} to {self.person} (due {self.due.astimezone(zone(tz)):%a %d %b}{kept})"


# How an interface names its ways out of a refused deletion (a desk passes its own).
DELETE_WORDS = {
    "edit": "afterview interview edit {interview} (--start, --end, --tz, --with, --without)",
    "cancel": "afterview interview edit {interview} --cancelled",
    "insist": "afterview interview delete {interview} --forget-sent",
}
_LISTED = 4  # notes named in one line; the others counted


def listing(parts: list[str], limit: int = _LISTED) -> str:
    """"a, b and c"; past `limit`, "a, b, c, d and 3 more"."""
    if len(parts) > limit:
        return f"{', '.join(parts[:limit])} and {len(parts) - limit} more"
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


@dataclass(frozen=True)
class Deletion:
    """An interview to delete and what goes with it: its panel and debriefs; messages stay.

    `out`: its notes that went out or are on their way (a deletion is refused while there are
    any, unless the user insists); `dropped`: what the plan has about it now (see `planned_about`)."""

    interview: m.Interview
    debriefs: int  # deleted with it
    messages: int  # kept (drafts and sent notes), no longer linked to it
    held: list[tuple[int, str]] = field(default_factory=list)  # (message id, why) back to drafts
    out: list[Out] = field(default_factory=list)
    dropped: list[Dropped] = field(default_factory=list)

    def question(self, tz: str = "UTC") -> str:
        """"Delete interview 3 and its 2 debriefs? Its 1 message is kept. No longer planned: ..." """
        kept = (f" Its {_count(self.messages, 'message')} (drafts, sent notes) "
                f"{'is' if self.messages == 1 else 'are'} kept." if self.messages else "")
        held = ""
        if self.held:  # (a trial deletion's: what the deletion takes back)
            ids = listing([str(message_id) for message_id, _ in self.held])
            held = f" {'Message' if len(self.held) == 1 else 'Messages'} {ids}, approved, would be drafts again."
        said = "".join(f" {line[0].upper()}{line[1:]}." for line in self.lines(tz))
        return f"Delete interview {self.interview.id} and its {_count(self.debriefs, 'debrief')}?{kept}{held}{said}"

    def lines(self, tz: str = "UTC") -> list[str]:
        """What the deletion drops and forgets, one line each ([] when nothing); the notes it
        takes back (`held`) are said on their own."""
        taken = {message_id for message_id, _ in self.held}
        dropped = [d for d in self.dropped if d.message_id is None or d.message_id not in taken]
        out = [o for o in self.out if o.message_id is None or o.message_id not in taken]
        lines = []
        if dropped:
            lines.append(f"no longer planned: {listing([d.words(tz) for d in dropped])}")
        if out:
            lines.append(forgotten("interview", out))
        return lines

    def refusal(self, words: dict[str, str] = DELETE_WORDS) -> str:
        """Why it is not deleted, and the ways out, in one line."""
        said = {name: text.format(interview=self.interview.id) for name, text in words.items()}
        return refusal("interview", self.interview.id, self.out,
                       f"{said['edit']}, or {said['cancel']} if it did not take place", said["insist"])


def forgotten(what: str, out: list[Out]) -> str:
    """What a deletion insisted on forgets: "forgotten: the thank-you to ...; an interview added
    again in its place plans it again (...)"."""
    them = "it" if len(out) == 1 else "them"
    return (f"forgotten: {listing([o.words() for o in out])}; an {what} added again in its "
            f"place plans {them} again (mark {them} done then: afterview done KEY)")


def refusal(what: str, number: int, out: list[Out], correct: str, insist: str) -> str:
    """Why a record with notes out (an interview, an opportunity) is not deleted, and the ways out,
    in one line: "interview 1 has notes out: ...; deleted, it forgets them, ...". """
    them = "it" if len(out) == 1 else "them"
    return (f"{what} {number} has notes out: {listing([o.words() for o in out])}; deleted, it forgets "
            f"{them}, and an {what} added again in its place would plan {them} again. Correct it instead, "
            f"which keeps its notes: {correct}; to delete it all the same: {insist}")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def notes_out(tx, interview: m.Interview) -> list[Out]:
    """Its notes that went out or are on their way, one per action: sent (or marked sent),
    being sent, approved or scheduled, copied out (to Drafts, an .eml file, a link), or whose
    send may have arrived; and its actions marked done (handled outside Afterview)."""
    return keyed_out(tx, tx.list(m.Message, interview_id=interview.id),
                     lambda key: about_interview(key, interview.id), interview.timezone)


def opportunity_notes_out(tx, opportunity: m.Opportunity, tz: str) -> list[Out]:
    """`notes_out` of an opportunity: those whose key names it (its follow-ups, its closing and
    rejection notes) or one of its interviews (their thank-yous), days said in `tz`."""
    from afterview.domain.keys import parse_key

    interviews = {i.id for i in tx.list(m.Interview, opportunity_id=opportunity.id)}

    def about(key: str):
        found = parse_key(key or "")
        if found is None or not (found[1].get("o") == opportunity.id or found[1].get("i") in interviews):
            return None
        return found

    messages = {x.id: x for x in tx.list(m.Message, opportunity_id=opportunity.id)}
    for number in interviews:  # (a thank-you's message names its interview)
        messages.update({x.id: x for x in tx.list(m.Message, interview_id=number)})
    return keyed_out(tx, list(messages.values()), about, tz)


def keyed_out(tx, messages: list[m.Message], about, tz: str) -> list[Out]:
    """Of `messages` and of the actions marked done, those whose key `about(key)` reads (kind, ids)
    that went out or are on their way (see `notes_out`), one per action, days said in `tz`."""
    from afterview.delivery.outbox import copied_out, outcome_unknown
    from afterview.domain.values import zone

    here = zone(tz)
    names: dict[int, str] = {}

    def person(key: str) -> str:
        number = about(key)[1]["p"]
        if number not in names:
            try:
                names[number] = tx.get(m.Person, number).name
            except NotFound:  # deleted since: said by its id
                names[number] = f"person {number}"
        return names[number]

    def kind(key: str) -> str:
        found = about(key)[0]
        return KIND_WORDS.get(found, found.replace("_", " "))

    def how(message: m.Message) -> str:
        state = message.state
        if state == m.MessageState.SENT:
            return f"sent {message.sent_at.astimezone(here):%a %d %b}" if message.sent_at else "sent"
        if state == m.MessageState.DONE_ELSEWHERE:
            return "marked sent"
        if state == m.MessageState.SENDING:
            return "being sent right now"
        if state == m.MessageState.SCHEDULED and message.scheduled_at is not None:
            return f"scheduled for {message.scheduled_at.astimezone(here):%a %d %b}"
        if state in (m.MessageState.APPROVED, m.MessageState.SCHEDULED):
            return "approved"
        if outcome_unknown(message):
            return "may have arrived"
        if state in (m.MessageState.DRAFTED, m.MessageState.FAILED) and copied_out(message):
            return "copied out"
        return ""

    found: dict[str, Out] = {}
    for message in sorted(messages, key=lambda x: x.id or 0):
        said = how(message) if about(message.action_key) is not None else ""
        if said and message.action_key not in found:
            found[message.action_key] = Out(message.action_key, person(message.action_key), kind(message.action_key),
                                            said, message.id)
    for decision in tx.list(m.Decision, kind=m.DecisionKind.DONE):
        key = decision.action_key
        if about(key) is not None and decision.undone_at is None and key not in found:
            found[key] = Out(key, person(key), kind(key), "marked done")
    return sorted(found.values(), key=lambda o: (o.message_id is None, o.message_id or 0, o.key))


def planned_about(tx, interview_id: int, *, now: datetime, playbook=None, actions=None) -> list[Dropped]:
    """The actions the plan has about the interview now (its thank-yous not yet sent, the
    follow-ups anchored on it), in the order they are due: what deleting it drops. Made in a
    reading transaction (planning is the slow part), before the deletion; `actions`: a plan made
    already (the desk's), else one is made."""
    from afterview.services.planning import current_plan, effective_playbook

    tx.get(m.Interview, interview_id)  # NotFound (one line) first
    if actions is None:
        actions = current_plan(tx, playbook if playbook is not None else effective_playbook(), now)
    dropped = []
    for action in actions:
        about = about_interview(action.key, interview_id)
        if about is None:
            continue
        try:
            name = tx.get(m.Person, action.person_id).name
        except NotFound:
            name = f"person {action.person_id}"
        dropped.append(Dropped(action.key, name, KIND_WORDS[about[0]], action.due, action.message_id))
    return dropped


def deletion(tx, interview_id: int) -> Deletion:
    """What deleting the interview would take with it (to ask before doing it), and its notes
    out (which refuse the deletion unless the user insists)."""
    record = tx.get(m.Interview, interview_id)
    return Deletion(record, tx.count(m.Debrief, interview_id=interview_id),
                    tx.count(m.Message, interview_id=interview_id), out=notes_out(tx, record))


def delete_interview(tx, interview_id: int, *, now: datetime, forget_sent: bool = False,
                     words: dict[str, str] = DELETE_WORDS) -> Deletion:
    """Delete an interview with its panel and debriefs; messages about it are kept, unlinked.

    Refused (Conflict, `Deletion.refusal`: `words` are the interface's ways out) while notes
    about it went out or are on their way (`notes_out`), unless `forget_sent`: their keys name
    the interview, so deleting it forgets that they were sent, and the same interview added
    again (a correction typed as delete and add) would plan them, and send them, again.
    `interview edit` corrects an interview and keeps them. Approved or scheduled notes for it
    are then no longer planned: drafts again, saying that the interview was deleted.
    """
    from dataclasses import replace

    gone = deletion(tx, interview_id)
    if gone.out and not forget_sent:
        raise Conflict(gone.refusal(words))
    held = _hold_keyed(tx, gone.interview, now, lambda key: (f"interview {interview_id} was deleted"
                                                            if about_interview(key, interview_id) else None))
    tx.delete(m.Interview, interview_id)
    return replace(gone, held=held)


# --- a round with nobody on it (a take-home) ------------------------------------------------------

# What a debrief of an interview you had with people holds, and one of a round with nobody on it
# cannot: nobody discussed anything with you there
CONVERSATION_LISTS = ("topics", "rapport", "concerns", "promises")


@dataclass(frozen=True)
class RoundTiming:
    """What the employer said of the timing of a round with nobody on it, as recorded."""

    debrief: m.Debrief
    created: bool
    person: m.Person
    named: bool  # the user named who said it (else it is the process's contact's)

    def line(self, interview: m.Interview) -> str:
        """"nobody is on the panel of interview 2 (take-home assignment): kept as said by Dana
        Reyes, the contact of its process (--person to name another)"."""
        what = f" ({interview.stage})" if interview.stage.strip() else ""
        head = f"nobody is on the panel of interview {interview.id}{what}: kept as said by {self.person.name}"
        return head if self.named else f"{head}, the contact of its process (--person to name another)"


def round_contact(tx, interview: m.Interview) -> m.Person | None:
    """Whom the status follow-ups of a process ask when its round `interview` has nobody on it,
    as the planner takes them (`planner.facts.process_contact`): of the latest round before it
    with someone to write to. None when no round before it has anyone."""
    from afterview.planner.facts import process_contact

    rounds = sorted((i for i in tx.list(m.Interview, opportunity_id=interview.opportunity_id)
                     if not i.cancelled and m.round_order(i) <= m.round_order(interview)), key=m.round_order)

    def person_of(person_id: int) -> m.Person | None:
        try:
            person = tx.get(m.Person, person_id)
        except NotFound:
            return None
        return None if person.do_not_contact else person

    opportunity = tx.get(m.Opportunity, interview.opportunity_id)
    return process_contact(reversed(rounds), person_of, opportunity.company_id)[0]


def record_round_timing(tx, interview_id: int, person_ref: str | int | None, *, decision_date=None,
                        clear_decision_date: bool = False, next_steps: str | None = None,
                        notes: str | None = None, lists: dict[str, object] | None = None) -> RoundTiming:
    """Record what the employer said of the timing of a round with nobody on it (a take-home):
    the decision date they gave for it (`clear_decision_date`: none), their next steps, your
    notes, kept in a debrief of the round for `person_ref`, who said it: someone of the process
    (at its company, or on one of its panels); with nobody named, the contact its status
    follow-ups go to. The planner times them by that date as for any round.

        record_round_timing(tx, 2, "Dana", decision_date=date(2026, 12, 10))

    What you discussed (`lists`: topics, rapport, concerns, promises) belongs with an interview
    you had with people, and is refused here, naming it."""
    from afterview.domain.values import typed_notes
    from afterview.services import pipeline

    interview = tx.get(m.Interview, interview_id)
    if interview.participants:
        raise InvalidInput(f"interview {interview_id} has people on its panel: record what each said in their debrief")
    given = [name for name in CONVERSATION_LISTS if (lists or {}).get(name)]
    if given:
        earlier = round_before(tx, interview)
        where = f" (afterview debrief {earlier.id})" if earlier is not None else ""
        raise InvalidInput(f"nobody is on the panel of interview {interview_id}, so nobody discussed {given[0]} with "
                           f"you there: record them with an interview you had with people{where}; here, give "
                           f"--decision-date or --next-steps")
    if clear_decision_date and decision_date is not None:
        raise InvalidInput("give a decision date or clear it, not both")
    opportunity = tx.get(m.Opportunity, interview.opportunity_id)
    if person_ref not in (None, ""):
        person = pipeline.of_the_process(tx, opportunity, pipeline.find_person(tx, str(person_ref)).id)
    else:
        person = round_contact(tx, interview)
        if person is None:
            company = tx.get(m.Company, opportunity.company_id).name
            raise InvalidInput(f"nobody is on the panel of interview {interview_id} nor of a round before it: say "
                               f"who gave the date with --person (someone at {company})")
    if decision_date is not None:
        pipeline.check_decision_date(interview, decision_date)
    existing = tx.list(m.Debrief, interview_id=interview.id, person_id=person.id)
    debrief = existing[0] if existing else m.Debrief(interview_id=interview.id, person_id=person.id)
    if next_steps is not None:
        debrief.next_steps = typed_notes(next_steps, "next steps", pipeline.MAX_ITEM)
    if decision_date is not None or clear_decision_date:
        debrief.decision_date = decision_date
    if notes is not None:
        debrief.notes = typed_notes(notes, "the notes' text")
    saved = tx.update(debrief) if existing else tx.add(debrief)
    return RoundTiming(saved, not existing, person, named=person_ref not in (None, ""))


def round_before(tx, interview: m.Interview) -> m.Interview | None:
    """The latest round of the process before `interview` with someone on its panel (not cancelled)."""
    before = [i for i in tx.list(m.Interview, opportunity_id=interview.opportunity_id)
              if i.participants and not i.cancelled and m.round_order(i) < m.round_order(interview)]
    return max(before, key=m.round_order, default=None)
