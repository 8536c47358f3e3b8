"""What templates show: labels, time formatting, and small view models built from facts."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

# a kind of message in words: the domain's, as every interface says it (the templates use these)
from afterview.domain.model import KIND_LABEL, addressed, kind_label, message_named  # noqa: F401

STATUS_LABEL = {
    "applied": "Applied", "interviewing": "Interviewing", "offer": "Offer", "accepted": "Accepted",
    "rejected": "Rejected", "withdrawn": "Withdrawn", "no-response": "No response",
}
SEVERITY_LABEL = {"error": "Error", "warning": "Warning", "info": "Note"}


def value_of(item: Any) -> str:
    return str(getattr(item, "value", item))


def action_label(key: str, facts) -> str:
    """An action key in words: "thank_you:i1:p2" -> "Thank-you note to Tom Becker"."""
    from afterview.planner.facts import person_of_key

    kind = key.split(":", 1)[0].split(".", 1)[0]
    person = facts.people.get(person_of_key(key)) if person_of_key(key) is not None else None
    if kind not in KIND_LABEL:
        return key
    return addressed(kind, person.name) if person is not None else kind_label(kind)


def action_named(key: str, facts) -> str:
    """An action key in a sentence: "thank_you:i1:p2" -> "the thank-you note to Tom Becker"
    (as `message_named` names its message); an unknown kind is said as its key."""
    from afterview.planner.facts import person_of_key

    kind = key.split(":", 1)[0].split(".", 1)[0]
    if kind not in KIND_LABEL:
        return repr(key)
    person = facts.people.get(person_of_key(key)) if person_of_key(key) is not None else None
    if person is None:  # gone meanwhile (deleted, merged): the note by its kind alone, never "to ?"
        return message_named(kind, "\0").rsplit(" ", 2)[0]
    return message_named(kind, person.name)


def status_label(status: Any) -> str:
    return STATUS_LABEL.get(value_of(status), value_of(status))


def local(moment: datetime | None, tz: str) -> datetime | None:
    if moment is None:
        return None
    from afterview.domain.values import zone

    try:
        return moment.astimezone(zone(tz))
    except Exception:  # an unknown zone in old data: show UTC rather than fail the page
        return moment


def when(moment: datetime | None, tz: str = "UTC") -> str:
    """"Fri 27 Nov 2026, 09:00" in the user's zone; in the hour the clocks go back, with the
    reading it is: "Sun 01 Nov 2026, 01:30 CDT" (domain.values.wall_clock)."""
    return _clock(moment, tz, "%a %d %b %Y, %H:%M")


# A minute a service says in UTC, having no zone to say it in: the minute from which a send that
# may have been cut off is looked for in the Sent folder ("from 2026-11-26 15:05 UTC on",
# services.delivery._looked_for_from), a send's next try ("next try 2026-11-26 15:10 UTC").
_UTC_MINUTE = re.compile(r"\b(from|next try) (\d{4}-\d{2}-\d{2} \d{2}:\d{2}) UTC\b")


def on_your_clock(text: str, tz: str) -> str:
    """A service's line with each minute it says in UTC (`_UTC_MINUTE`) said on the user's clock, as
    the desk says every time and the terminal says it with the user's zone: "from Thu 26 Nov 2026,
    10:05 on" (tz America/New_York). Without a zone, the line as it is."""
    from datetime import timezone

    if not tz or " UTC" not in text:
        return text

    def said(found) -> str:
        try:
            moment = datetime.strptime(found.group(2), "%Y-%m-%d %H:%M").replace(tzinfo=timezone.utc)
        except ValueError:
            return found.group(0)
        return f"{found.group(1)} {when(moment, tz)}"

    return _UTC_MINUTE.sub(said, text)


def deadline(moment: datetime | None, tz: str = "UTC") -> str:
    """A deadline as `when` says it ("Fri 27 Nov 2026, 09:00"), or, at midnight on that clock, as
    the end of the day before: "end of Wed 25 Nov 2026" (as `afterview why` and `today` say it:
    `services.wording.deadline`; the moment stays, only the words change)."""
    shown = local(moment, tz)
    if shown is None:
        return ""
    from afterview.services.wording import deadline as said

    return said(shown, lambda _: when(moment, tz), day)


def _clock(moment: datetime | None, tz: str, pattern: str) -> str:
    """`moment` on the clock of zone `tz` in `pattern` (ending with the time), with its reading
    where the clock shows that time twice; "" for no moment."""
    shown = local(moment, tz)
    if shown is None:
        return ""
    from afterview.domain.values import wall_clock

    return wall_clock(shown, pattern=pattern)


def day(value: date | datetime | None, tz: str = "UTC") -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = local(value, tz).date()
    return value.strftime("%a %d %b %Y")


def interview_span(interview) -> str:
    """"Thu 26 Nov 2026, 14:00-15:30 Europe/Berlin": an interview's times in its own zone, named
    (an end on another day gives its day too)."""
    tz = interview.timezone
    start, end = local(interview.start, tz), local(interview.end, tz)
    until = f"-{_clock(end, tz, '%H:%M')}" if end.date() == start.date() else f" to {when(interview.end, tz)}"
    return f"{when(interview.start, tz)}{until} {tz}"


def zoned_time(moment: datetime | None, tz: str = "UTC") -> str:
    """"02:45 Europe/Berlin": a time of day with the zone it is in ("01:30 CST America/Chicago"
    in the hour the clocks go back)."""
    return f"{_clock(moment, tz, '%H:%M')} {tz}" if moment is not None else ""


def business_day(value: date | datetime | None, tz: str = "UTC", country: str = "") -> str:
    """The first business day on or after a day (weekends and the country's public holidays
    skipped, as the planner places a note), as `day` shows it: "Mon 28 Dec 2026"."""
    if value is None:
        return ""
    from afterview.domain.days import calendar

    if isinstance(value, datetime):
        value = local(value, tz).date()
    return day(calendar((country or "").upper()).next_business_day(value))


def snooze_from(action, now: datetime, tz: str = "UTC") -> str:
    """What a card's Snooze box suggests: a moment a snooze moves the action to, later than the
    plan has it (a snooze to before then is refused: it would change nothing), the business
    morning (09:00, a weekend skipped) of the day after it starts, or after now once it has
    started. As typed: "tomorrow 9:00" when it is tomorrow, else "2026-12-01 09:00"."""
    from datetime import timedelta

    from afterview.domain.days import calendar

    earliest = getattr(action, "earliest", None)
    start = local(max(earliest, now) if earliest is not None else now, tz)
    today = local(now, tz).date()
    morning = calendar("").next_business_day(start.date() + timedelta(days=1))
    if morning == today + timedelta(days=1):
        return "tomorrow 9:00"
    return f"{morning:%Y-%m-%d} 09:00"


def iso_local(moment: datetime | None, tz: str = "UTC") -> str:
    """"2026-11-27 08:00": the wall time in zone `tz`, bare (the interview edit form reads its
    times again in the zone given, a new one included: `capture.shown_times`). A field a time
    is typed back into as that moment takes `typed_local`."""
    shown = local(moment, tz)
    return shown.strftime("%Y-%m-%d %H:%M") if shown else ""


def typed_local(moment: datetime | None, tz: str = "UTC") -> str:
    """A moment as typed back into a field in the user's zone `tz`: "2026-11-27 08:00"; in the
    hour the clocks go back, with its offset, which says the reading (domain.values.typed_clock:
    "2026-11-01 01:30-06:00"), so that sending the field as it stands is that very moment."""
    shown = local(moment, tz)
    if shown is None:
        return ""
    from afterview.domain.values import typed_clock

    return typed_clock(shown)


def relative(moment: datetime | None, now: datetime) -> str:
    """"in 3 days", "2 hours ago": how far a due time is from now."""
    if moment is None:
        return ""
    delta = moment - now
    future = delta >= timedelta(0)
    span = abs(delta)
    if span < timedelta(minutes=1):
        return "now"
    if span < timedelta(hours=1):
        text = f"{int(span.total_seconds() // 60)} min"
    elif span < timedelta(days=2):
        hours = int(span.total_seconds() // 3600)
        text = f"{hours} hour{'s' if hours != 1 else ''}"
    else:
        text = f"{span.days} days"
    return f"in {text}" if future else f"{text} ago"


def duration(delta: timedelta | None) -> str:
    if delta is None:
        return "-"
    hours = delta.total_seconds() / 3600
    if hours < 1:  # "0 h" says nothing
        return f"{max(1, round(delta.total_seconds() / 60))} min"
    if hours < 48:
        return f"{hours:.0f} h"
    return f"{hours / 24:.1f} days"


def percent(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.0f}%"


def lines(items: list[str] | None) -> str:
    return "\n".join(items or [])


def web_url(value: str | None) -> str:
    """A link the user typed, only when it is http(s): never javascript: or data: URLs."""
    text = (value or "").strip()
    return text if text.lower().startswith(("https://", "http://")) else ""


def after_label(text: str, label: str) -> str:
    """A timeline entry's text beside its kind's label: "feedback: more SQL depth" under the
    label FEEDBACK reads "more SQL depth" (the command line, without labels, keeps the word).
    Beside INTERVIEW, "panel interview with Priya Raman" reads "panel, with Priya Raman"; beside
    MESSAGE, "thank you to Priya Raman: drafted" reads "Thank-you note to Priya Raman: drafted"."""
    if label == "interview":
        stage, sep, rest = text.partition(" with ")
        words = stage.split()
        cut = next((i for i, w in enumerate(words) if w.lower() == "interview"), None)
        if sep and cut is not None and cut > 0:  # "panel interview (cancelled)": "panel (cancelled)"
            return f"{' '.join(words[:cut] + words[cut + 1:])}, with {rest}"
        return text
    if label == "message":
        for kind, named in KIND_LABEL.items():
            spoken = kind.replace("_", " ")
            if text.startswith(f"{spoken} to ") or text.startswith(f"{spoken} with "):
                return named + text[len(spoken):]
        return text
    if text[:len(label)].lower() == label.lower():
        rest = text[len(label):].lstrip(" :")
        if rest:
            return rest
    return text


def waits_for_account(message) -> bool:
    """Whether an approved note waits for its mail account (its login refused, its password
    unreadable): it goes out once the account works, not at a time; it needs you (`stuck`)."""
    from afterview.services.delivery import waits_for_account as waits

    return waits(message)


@dataclass(frozen=True)
class Stuck:
    """A note approved or scheduled that the outbox tried and could not send: not on its way
    (`services.planning.on_its_way`) but among what needs you, as `afterview today` lists it.
    `error`: the last error in the desk's words (one line); `account`: it waits for its mail
    account (its login refused), else it is retrying after an error, next at `next_try` if known."""

    state: str
    error: str
    account: bool
    next_try: datetime | None
    broken: bool = False  # its account is written wrong in config.toml: put right, not tested (Edit on Settings)

    @property
    def badge(self) -> str:
        return "waiting for its account" if self.account else "retrying"

    @property
    def line(self) -> str:
        """What `afterview today` says of it, in the desk's words: "Scheduled, retrying after an
        error: SMTP ...: 451 try again later"; "Approved, waiting for its account: ...; fix it
        (check it: Test the connection, on the Settings page), then it goes out"."""
        said = self.error if self.account else f"retrying after an error: {self.error}"
        return f"{self.state.capitalize()}, {said.rstrip('. ')}"  # (a page ends the sentence)


def stuck(message) -> Stuck | None:
    """The note as `Stuck` when it is approved or scheduled but not on its way (the outbox tried
    and could not send it: `services.planning.on_its_way`), else None."""
    if message is None or value_of(message.state) not in ("approved", "scheduled") or not message.attempts:
        return None
    from afterview.services.planning import on_its_way

    if on_its_way(message):
        return None
    from afterview.services.delivery import one_line

    account = waits_for_account(message)
    # (the desk's way in place of a command first: cut short, the command would not be found)
    error = one_line(desk_words(" ".join(message.last_error.split())), 400)
    broken = account and WRITTEN_WRONG in message.last_error
    return Stuck(value_of(message.state), error, account, None if account else message.scheduled_at, broken)


# How the outbox says a note waits for an account written wrong in config.toml
# (services.delivery's _wait_broken): its card says to put the account right, not to test it.
WRITTEN_WRONG = "is written wrong in config.toml"


def outcome_unknown(message) -> bool:
    """Whether a note's last send may have arrived although nobody knows it (interrupted after
    the server may have taken it): its editor asks whether it did, and nothing sends it again
    but the user's word there."""
    from afterview.delivery.outbox import outcome_unknown as unknown

    return message is not None and unknown(message)


FILTERS = {
    "web_url": web_url, "after_label": after_label, "waits_for_account": waits_for_account,
    "outcome_unknown": outcome_unknown, "stuck": stuck,
    "kind_label": kind_label, "addressed": addressed, "status_label": status_label, "when": when, "deadline": deadline,
    "day": day, "snooze_from": snooze_from,
    "iso_local": iso_local, "typed_local": typed_local, "duration": duration, "percent": percent, "lines": lines,
    "interview_span": interview_span, "zoned_time": zoned_time, "business_day": business_day,
    "value": value_of, "desk_words": lambda text: desk_words(str(text or "")), "linked": lambda text: linked(
        desk_words(str(text or ""))),
}
def loop_id(key: str) -> str:
    """An action key as an HTML id fragment."""
    return re.sub(r"[^A-Za-z0-9_-]", "-", str(key))


def invalid(error: Any, field: str, *hints: str):
    """A field's error and hint attributes: aria-invalid and the error line among what describes it
    when `error` (a form's line, `common.FormError`) is about that field (its id), and the ids of
    its `hints` (e.g. the line saying what a time looks like). Of several fields wrong at once,
    each is described by its own line, beside it (`field_error`)."""
    from markupsafe import Markup, escape

    several = getattr(error, "fields", None) or {}
    if several:
        wrong, line = field in several, [field_error_id(field)] if field in several else []
    else:
        wrong = bool(error) and getattr(error, "field", "") == field
        line = ["form-error"] if wrong else []
    ids = line + [hint for hint in hints if hint]
    text = ' aria-invalid="true"' if wrong else ""
    if ids:
        text += f' aria-describedby="{escape(" ".join(ids))}"'
    return Markup(text)


def review_summary(findings: list) -> str:
    """The review in one line: "1 error, 2 warnings, 1 note" ("No findings" when it reads well).
    editor.js says it the same way as the findings change."""
    counts = {severity: 0 for severity in SEVERITY_LABEL}
    for finding in findings:
        severity = getattr(finding, "severity", None) or finding["severity"]
        counts[severity] = counts.get(severity, 0) + 1
    words = {"error": ("error", "errors"), "warning": ("warning", "warnings"), "info": ("note", "notes")}
    parts = [f"{n} {words[s][0] if n == 1 else words[s][1]}" for s, n in counts.items() if n and s in words]
    return ", ".join(parts) if parts else "No findings"


def field_of(error: Any) -> str:
    """The id of the field a form's error line is about ("" for the form as a whole)."""
    return getattr(error, "field", "") or ""


def field_error_id(field: str) -> str:
    """The id of the line saying what is wrong with one field of several (`field_error`)."""
    return f"{field}-error"


def field_error(error: Any, field: str) -> str:
    """What is wrong with `field` when several fields of a form are (`common.FieldErrors`), said
    beside it; "" otherwise (one error is said by the form's line)."""
    return (getattr(error, "fields", None) or {}).get(field, "")


def fields_wrong(error: Any) -> list[tuple[str, str]]:
    """The fields a form's line is about, each (id, label), when it is about several; else []."""
    labels = getattr(error, "labels", None) or {}
    return list(labels.items()) if len(getattr(error, "fields", None) or {}) > 1 else []


def page_url(address: str, query: dict, number: int) -> str:
    """The address of page `number` of a long list (`macros.pager`): "/people?q=ann&page=3"; the
    first page without its number ("/" for Today's)."""
    from urllib.parse import urlencode

    fields = {name: value for name, value in query.items() if value}
    if number > 1:
        fields["page"] = number
    return address + (f"?{urlencode(fields)}" if fields else "")


GLOBALS = {"relative": relative, "loop_id": loop_id, "invalid": invalid, "field_of": field_of, "page_url": page_url,
           "field_error": field_error, "field_error_id": field_error_id, "fields_wrong": fields_wrong,
           "review_summary": review_summary, "KIND_LABEL": KIND_LABEL, "STATUS_LABEL": STATUS_LABEL,
           "SEVERITY_LABEL": SEVERITY_LABEL}


@dataclass
class ActionView:
    """A planned action with the names a page shows."""

    action: Any
    person: Any
    opportunity: Any
    company: Any
    message: Any  # the open draft, if one exists
    # planned only because a reply not confirmed yet reads as a rejection: its sender (`resting_on`)
    rests_on: str = ""

    @property
    def title(self) -> str:
        return addressed(self.action.kind, self.person.name if self.person else None)

    @property
    def where(self) -> str:
        if self.opportunity is None:
            return ""
        return f"{self.opportunity.role} at {self.company.name}" if self.company else self.opportunity.role


def action_views(actions: list, facts, snap=None) -> list[ActionView]:
    wanted = {a.message_id for a in actions if a.message_id}
    if snap is not None:
        messages = snap.memo("messages_by_id", lambda s: {x.id: x for x in s.facts.messages})
    else:
        messages = {x.id: x for x in facts.messages if x.id in wanted} if wanted else {}
    views = []
    for action in actions:
        opportunity = facts.opportunities.get(action.opportunity_id) if action.opportunity_id else None
        company = facts.companies.get(opportunity.company_id) if opportunity else None
        message = messages.get(action.message_id) if action.message_id else None
        views.append(ActionView(action, facts.people.get(action.person_id), opportunity, company, message,
                                resting_on(facts, action) if action.rests_on is not None else ""))
    return views


def resting_on(facts, action) -> str:
    """Who sent the reply, not confirmed yet, that a planned action rests on (`Action.rests_on`:
    the reply to a rejection, a LinkedIn request after it): the card says so, and where to confirm
    it, as `today` does; "" for any other action."""
    from afterview.services.replies_waiting import rested_on, sender_of

    reply = rested_on(facts, action)
    return sender_of(facts, reply) if reply is not None else ""


class Explainer:
    """Why a planned action is timed as it is, as `afterview why` says it: its rule and source,
    the other rules that shaped its timing (each with its source; heuristics said to be
    heuristics), and the recipient's zone its times are given in. Built from the page's plan
    (`planning.shaped_by`), not by planning again; the playbook is read once per page."""

    def __init__(self, the_desk):
        self._desk, self._playbook, self._facts, self._debriefs = the_desk, None, None, None

    def __call__(self, view):
        from afterview.planner.playbook import HEURISTIC_RULES
        from afterview.services.planning import Explanation, shaped_by

        action = getattr(view, "action", None)
        if action is None:
            return None
        try:
            if self._playbook is None:  # the playbook the page's plan was made with
                snap = self._desk.snapshot()
                self._playbook, self._facts = snap.playbook, snap.facts
                self._debriefs = snap.index("debriefs_by_interview")
            rule = self._playbook[action.rule]
            shaping = shaped_by(self._facts, self._playbook, action, debriefs=self._debriefs)
        except Exception:  # a page is not refused for want of its explanation, but it is logged
            import logging

            logging.getLogger("afterview.web").exception("Why this timing of %s could not be made", action.key)
            return None
        zone_name = getattr(action.due.tzinfo, "key", "") or (getattr(view.person, "timezone", "") or "")
        return Explanation(action.key, action, action.state, action.reason, rule.title, action.source,
                           action.rule in HEURISTIC_RULES, zone_name, shaping)


NOT_DATA = "a heuristic, not data"


def sourced(source: str, heuristic: bool = False) -> str:
    """A rule's source, said to be a heuristic when it is one and does not say so itself."""
    source = str(source or "")
    if heuristic and "heuristic" not in source.lower():
        return f"{source}; {NOT_DATA}" if source else NOT_DATA
    return source


def their_time(moment: datetime | None, theirs: str, tz: str) -> str:
    """`moment` on the recipient's clock (zone `theirs`) when it differs from the user's (`tz`):
    "16:00" on the same day, else "Wed 09 Dec 2026, 03:00"; "" when both clocks agree, or
    either zone is unknown."""
    from afterview.domain.values import clock_there

    if moment is None or not theirs or theirs == tz:
        return ""
    try:
        return clock_there(moment, theirs, tz, "%a %d %b %Y, %H:%M")
    except Exception:  # a zone recorded before it was checked: their time is not said
        return ""


def both_clocks(moment: datetime, theirs: str, tz: str) -> str:
    """A moment on your clock and, when theirs differs (zone `theirs`), on the recipient's: "Mon 30
    Nov 2026, 09:00 your time, 15:00 their time (Europe/Berlin)" (the templates' `both_clocks`)."""
    there = their_time(moment, theirs, tz)
    return f"{when(moment, tz)} your time" + (f", {there} their time ({theirs})" if there else "")


def recipient_zone(view) -> str:
    """The zone a planned action's times are the recipient's in (where its rules apply)."""
    action = getattr(view, "action", None)
    found = getattr(getattr(action, "due", None), "tzinfo", None)
    return getattr(found, "key", "") or (getattr(getattr(view, "person", None), "timezone", "") or "")


def their_deadline(moment: datetime | None, theirs: str, tz: str) -> str:
    """A card's *due* on the recipient's clock, said beside yours as `afterview today` says it:
    "10:00" the same day, else with its day; at midnight on their clock, the end of the day
    before ("end of Wed 25 Nov 2026"); "" when both clocks agree."""
    there = their_time(moment, theirs, tz)
    if not there:
        return ""
    from afterview.domain.values import zone
    from afterview.services.wording import end_of_day

    ended = end_of_day(moment.astimezone(zone(theirs)))
    return f"end of {day(ended)}" if ended is not None else there


NOW_WORD = "now"  # Schedule's Send at when now is a good moment: read as the moment the form is sent


class SendAt:
    """What a card's Schedule fills *Send at* with: the moment the plan suggests for its note, as
    Approve sends it (`delivery.moment_of`: its `send_at`, never before its start; for an action
    still upcoming, as the plan has it once it has started), else `now` (the plan has no reason
    to wait: inside their send window, not their night or day off). Never the deadline itself:
    sent at its due minute, a note is late. One plan per upcoming note, kept for the page's plan."""

    def __init__(self, the_desk):
        self._desk = the_desk

    def __call__(self, view, now: datetime, tz: str) -> str:
        action = view.action
        try:
            snap = self._desk.snapshot()
            moment = snap.memo(f"send_at:{action.key}", lambda s: _moment_of(s, action, now))
        except Exception:  # a page is not refused for want of it, but it is logged
            import logging

            logging.getLogger("afterview.web").exception("Send at of %s could not be made", action.key)
            moment = action.send_at
        if moment is not None and moment > now:
            return typed_local(moment, tz)
        return NOW_WORD


def _moment_of(snap, action, now: datetime):
    from afterview.services.delivery import moment_of

    return moment_of(snap.facts, snap.playbook, action, now)


FILTERS["sourced"] = sourced
GLOBALS.update({"their_time": their_time, "recipient_zone": recipient_zone, "clocks": both_clocks,
                "their_deadline": their_deadline})


def decision_offer_of(facts, inbound):
    """The decision date a recorded reply said, to offer beside it (`delivery.decision_offer`),
    or None: Today offers it for a reply to confirm, an opportunity's *What came in* for one you
    told of (`afterview replies add --says "deciding by 12 Feb"`), which is confirmed at once."""
    from afterview.services.delivery import decision_offer

    return decision_offer(facts, inbound)


GLOBALS["decision_offer_of"] = decision_offer_of


def open_messages(facts, *, opportunity_id: int | None = None, person_id: int | None = None) -> list:
    """Drafts, approved and scheduled messages not yet sent, newest first."""
    from afterview.services.drafting import OPEN_STATES

    found = [m for m in facts.messages if m.state in OPEN_STATES
             and (opportunity_id is None or m.opportunity_id == opportunity_id)
             and (person_id is None or m.person_id == person_id)]
    return sorted(found, key=lambda m: m.id or 0, reverse=True)


def timeline_rows(entries, now: datetime) -> list[dict]:
    """Timeline entries split into the past and what is planned."""
    return [{"entry": e, "future": e.planned or e.at > now} for e in entries]


# the state of a planned action ------------------------------------------------------------
ON_ITS_WAY = "on its way"
SENDING_STATES = frozenset({"approved", "scheduled", "sending"})  # the user's part may be done


def action_state(action, message=None, now: datetime | None = None) -> str:
    """What every page calls a planned action: "on its way" when its message goes out with
    nothing left to do, by the rule of `afterview today` (`services.planning.on_its_way`:
    approved, scheduled or being sent, and not one the outbox tried and could not send, which
    needs you: `stuck`; nor a failed send), else its state as of `now` by the planner's rule:
    "upcoming" before its earliest moment, "due" until its due moment, then "overdue" (the
    state the plan was made with when `now` is not given)."""
    if message is not None and value_of(message.state) in SENDING_STATES:
        from afterview.services.planning import on_its_way

        if on_its_way(message, now):  # (a send cut off by then needs the user)
            return ON_ITS_WAY
    if now is None:
        return action.state
    return "upcoming" if now < action.earliest else "due" if now <= action.due else "overdue"


def in_desk_words(text: str, message_id: int | None = None, name: str = "", *, opened: bool = False) -> str:
    """A service's sentence, as the desk says it: the desk's button or page instead of a command
    to type (`DESK_WAYS`; the command line keeps its own wording), and, for a sentence about one
    message, the message by its name instead of its id. `opened`: said in the message's own editor."""
    if message_id is not None:
        way = "use" if opened else "open it and use"
        text = text.replace(f"afterview send {message_id} --to-drafts", f"{way} Send to my Drafts folder")
        text = text.replace(f"to send it by SMTP instead: afterview approve {message_id} --smtp-instead",
                            f"or {way} Send by SMTP instead")
        # a copy in Drafts a hold-back could not take back (services.delivery.hold_copies)
        text = text.replace(f"take it back: afterview approve {message_id} --withdraw",
                            f"{way} Take the copy back")
        for prefix, rest in ((f"message {message_id} ", " "), (f"Message {message_id} ", " "),
                             (f"message {message_id}: ", ": ")):
            if text.startswith(prefix) and name:
                text = f"{name[:1].upper()}{name[1:]}{rest}{text[len(prefix):]}"
    return desk_words(text)


# A draft named in a flash is a link to it. A flash is text: the link is marked there with two
# private-use characters around "KEY ID<sep>name" (`draft_link`) and made a link, the name escaped, when
# the flash (or a form's error line) is shown (`linked`). Text from outside (a name, a file's name, a
# calendar's words) never carries the two characters (domain.values takes them out where it comes
# in), and the mark starts with a secret made when the desk starts (`_KEY`), so that only a link the
# desk made is honoured: any other mark (a record written before, a file) shows as its text.
_LINK, _SEP = "\ue000", "\ue001"
_KEY = secrets.token_hex(8)
_OPEN = f"{_LINK}{_KEY}"
_LINKED = re.compile(f"{_OPEN}(\\d+|/(?!/)[^{_LINK}{_SEP}\\s\"'<>\\\\]*){_SEP}([^{_LINK}]*){_LINK}")
_MARKS = re.compile(f"[{_LINK}{_SEP}]")


# The services' sentences give the command to type (for the terminal); the desk gives its own way
# instead. Each pattern is a command as a service words it, and what the desk says in its place.
# `flash` and the error lines apply them to every sentence shown, so that no command reaches a page.
DESK_WAYS: list[tuple[re.Pattern, str]] = [(re.compile(pattern), way) for pattern, way in (
    # a note held back or not approvable, when the sentence does not say which (see in_desk_words)
    (r"afterview send \d+ --to-drafts", "open it and use Send to my Drafts folder"),
    # a note held back by a move of its interview to another day (services.interviews.hold_old_day)
    (r"review it: afterview show \d+; ", "open it to review it; "),
    # someone who asked not to be contacted (planner.facts.no_contact_cause): marked so, or in a reply
    (r"\(afterview person edit (\d+) --may-contact takes it back\)",
     f"(untick Do not contact on {_OPEN}/people/\\1{_SEP}their page{_LINK} to take it back)"),
    (r"read wrongly\? afterview person edit (\d+) --may-contact takes it back",
     f"read wrongly? On {_OPEN}/people/\\1{_SEP}their page{_LINK}, tick Do not contact and save, then untick it and "
     "save: that takes it back"),
    # a LinkedIn request to someone whose profile is not recorded (the desk has no field for it)
    (r", or add it first \(afterview person edit \d+ --linkedin URL\)", ""),
    # a note found late and moved to their next good moment (services.delivery.review_late)
    (r"to send it now all the same: afterview send \d+ --now", "to send it now all the same: open it and use Send now"),
    # a follow-up their reply stops: the reply to read instead (services.delivery.AFTER_THEIR_REPLY)
    (r"\(reply \d+ in afterview replies --all\)", "(under What came in, on the opportunity's page)"),
    (r"add one on the desk's Settings page, or run 'afterview account add[^']*'", "add one on the Settings page"),
    (r"run 'afterview account add[^']*'", "add one on the Settings page"),
    (r"run 'afterview profile set --email [^']*' \(or 'afterview account add'\)",
     "give your address on the Settings page (or add a mail account there)"),
    (r"\(check it: afterview account test [^)]*\)", "(check it: Test the connection, on the Settings page)"),
    # an account written wrong in config.toml (delivery.accounts.broken_words, services.delivery's
    # _wait_broken): put right with its Edit on Settings
    (r"\(put it right with afterview account edit \S+, or in the file; afterview account remove \S+ takes it out\)",
     "(put it right with its Edit, on the Settings page, or in the file; its Remove there takes it out)"),
    (r"put it right \(afterview account edit \S+\)", "put it right (its Edit, on the Settings page)"),
    (r"\(afterview person edit \d+ --email [^,()]*, or their page on the desk\)",
     "(on their page: Correct the details)"),
    # an email planned to someone with no address (planner: note_no_address)
    (r"\(afterview person edit \d+ --email ADDRESS\)", "(on their page: Correct the details)"),
    (r"\(afterview person merge \d+ --into PERSON\)", "(Entered twice?, on their page)"),
    # an import's report (services.imports): what a person took from a file, their page linked
    (r"correct with afterview person edit (\d+)\b", f"correct it on {_OPEN}/people/\\1{_SEP}their page{_LINK}"),
    (r"until you give theirs: afterview person edit (\d+) --name NAME",
     f"until you give theirs on {_OPEN}/people/\\1{_SEP}their page{_LINK}"),
    (r"\(afterview interview delete ID, or its page on the desk\)",
     "(delete one of them on its page: correct or delete)"),
    (r"\(afterview interview edit \d+[^(),]*, or its page on the desk\)", "(on its page: correct or delete)"),
    (r"'afterview interview edit \d+ --with \d+'", "the panel on the interview's cards page"),
    (r"\(afterview interview add\)", "(Capture)"),
    (r"\(afterview draft [^()]*--force\)", "(Redraft, in the draft editor)"),
    (r" ?\(or afterview undo [^()\s]+\)", ""),
    (r"\(afterview undo [^()\s]+\)", "(Undo, under Recently decided on Today)"),
    (r"\(afterview skip [^()\s]+ --reason \.\.\.\)", "(Skip, on Today)"),
    (r"see 'afterview today'", "see Today"),
    (r"\(see `afterview plan`[^()]*\)", "(see Today)"),
    (r"\(afterview approve \d+\)", "(Approve, in its editor)"),
    (r"\(afterview approve \d+ --withdraw\)", "(change its text and Save it)"),
    # a copy in Drafts a hold-back could not take back (services.delivery.hold_copies)
    (r"take it back: afterview approve \d+ --withdraw", "open it and use Take the copy back"),
    # a note copied out (Drafts, .eml, link) sent by SMTP instead: the editor's button
    (r"to send it by SMTP instead: afterview approve \d+ --smtp-instead", "or open it and use Send by SMTP instead"),
    # a send whose outcome is unknown (services.delivery.UnknownOutcome, when the desk did not say
    # it in its own words already): the editor's two choices
    (r"if it arrived, mark it done \(afterview done [^()\s]+\); if you are sure it did not, send it again: "
     r"afterview (?:approve \d+|send \d+ (?:--to-drafts|--mailto|--eml \S+)(?: --despite-errors)?) --resend",
     "open it and choose: It arrived (mark it sent), or It did not arrive (send it again)"),
    (r"if it arrived, take it off your drafts \(afterview discard \d+\); if you are sure it did not, send it again: "
     r"afterview (?:approve \d+|send \d+ (?:--to-drafts|--mailto|--eml \S+)(?: --despite-errors)?) --resend",
     "open it and choose: It arrived (mark it sent), or It did not arrive (send it again)"),
    (r"if it arrived, mark it so: afterview (?:done [^;\s]+|discard \d+); if you are sure it did not, send it "
     r"again: afterview approve \d+ --resend",
     "open it and choose: It arrived (mark it sent), or It did not arrive (send it again)"),
    (r"\(`afterview sync` then finds it in Sent and marks it sent(?:; or: afterview done [^()\s]+)?\)",
     "(the desk's mail then finds it in Sent and marks it sent; or use Done on Today)"),
    # a decision on an action whose note is being sent (services.planning._not_being_sent)
    (r"the next afterview send-due \(or the worker\) finds out", "the next mail round finds out"),
    # a send the server took that could not be recorded, or one that may have been cut off
    # (services.delivery: Sender.unrecorded, reconcile): from when it is looked for in Sent
    (r"on, afterview send-due \(or the worker\) looks for (it|them) in the Sent folder",
     r"on, the mail round looks for \1 in your Sent folder"),
    # ... or whose result is kept beside the database until a program can record it
    (r"the next Afterview program that can write the database \(afterview send-due, the worker\) records",
     "the next mail round (or another Afterview program that can write the database) records"),
    (r"\(afterview show \d+ (then )?says how it went", r"(the note's page \1says how it went"),
    (r"\(afterview done [^()\s]+\)", "(Done, on Today)"),
    # a note gone (services.delivery.gone): discarded, and what stands in its place
    (r" \(afterview discard\)", ""),
    (r"afterview draft [^\s;,()]+ drafts it again", "Today offers to draft it again"),
    (r"; message \d+ is its note now \(([\w ]+): afterview show \d+\)", r"; another note for it stands in its place (\1)"),
    # a note marked sent that the review finds errors in (services.delivery.marked_sent_warnings)
    (r"afterview undo [^\s;,()]+ makes it a draft again", "Undo, under Recently decided on Today, makes it a draft again"),
    (r"take it off your drafts \(afterview discard \d+\)", "discard it (Discard this draft, in its editor)"),
    (r"afterview approve \d+ --resend", "It did not arrive (send it again), in its editor"),
    # a reply confirmed already, or one linked to no opportunity (services.delivery.confirm_reply)
    (r"\(to change its status: afterview opportunity status \d+ STATUS\)",
     "(to change its status: Change status, on the opportunity's page)"),
    (r"say which: afterview replies confirm \d+ --opportunity N",
     "choose it under About which opportunity, then Confirm, on Today"),
    (r"say what it means with --status \(e\.g\. --status interviewing, or --status none to note it with no status "
     r"change\)", "say what it means (What it means), or use Just note it"),
    # a reply that answers your request for feedback (services.delivery.feedback_hint)
    (r"record it( instead)?: afterview feedback \d+ \"WHAT THEY SAID\"(?: --person \d+)?",
     r"record it\1 on the opportunity's rejection page (Record the feedback)"),
    (r"afterview feedback \d+ \"WHAT THEY SAID\"(?: --person \d+)?",
     "Record the feedback, on the opportunity's rejection page"),
    # a server whose certificate is its own (delivery.smtp.untrusted_hint)
    (r"trust it with tls_ca_file = \"/path/to/ca\.pem\" in the account's section of config\.toml, or add the "
     r"account with --tls-ca-file FILE",
     "trust it with its Certificate authority file: remove the account on the Settings page and add it again, "
     "giving that file (the CA certificate, PEM)"),
    (r"it is not signed by tls_ca_file ", "it is not signed by the certificate authority file "),
    (r"mark it done with 'afterview done [^']*'", "mark it sent in its editor"),
    (r"with 'afterview opportunity status'", "on the opportunity's page"),
    (r"\(afterview opportunity show \d+\)", "(its page, from Pipeline)"),
    (r" \(afterview company edit \d+ --name \.\.\.\)", ""),
    (r"record it with 'afterview news add' first", "record it on the News page first"),
    (r"record this with the matching afterview command", "record it on the interview's cards page"),
    # a message by its number: the desk shows none (it names and links messages instead)
    (r" \(message \d+\)", ""),
    # a reply re-filed while the status it set stands (services.delivery.move_reply): set it back first
    (r"\(afterview opportunity status \d+ STATUS\)", "(Change status, on the opportunity's page)"),
    (r"\(afterview opportunity status \d+ ([a-z-]+)\)", r"(Change status to \1, on the opportunity's page)"),
)]


# What a sentence with a command (or a setting) of DESK_WAYS in it has: others are left as they are.
_MARKERS = ("afterview", "(message ", "tls_ca_file", "--status")


def desk_words(text: str) -> str:
    """A sentence with each command of `DESK_WAYS` replaced by the desk's own way."""
    if not any(marker in text for marker in _MARKERS):
        return text
    for pattern, way in DESK_WAYS:
        text = pattern.sub(way, text)
    return text


def draft_link(message_id: int, name: str) -> str:
    """"the thank-you note to Tom Becker", linked to /drafts/ID where it is shown."""
    return f"{_OPEN}{message_id}{_SEP}{_MARKS.sub('', name)}{_LINK}"


def page_link(path: str, name: str) -> str:
    """`name` linked to one of the desk's own pages (`path`, local: "/opportunities/3/rejection#fb-text")
    where it is shown, as `draft_link` links a draft; anything but a local path is left as text."""
    from afterview.interfaces.web.common import safe_next

    if safe_next(path, "") != path or not re.fullmatch(r"/[^\s\"'<>\\]*", path):
        return name
    return f"{_OPEN}{path}{_SEP}{_MARKS.sub('', name)}{_LINK}"


def linked(text: Any):
    """Text with its links (`draft_link`, `page_link`) as HTML links; everything else escaped, with
    no mark the desk did not make (see _KEY)."""
    from markupsafe import Markup, escape

    text = str(text)
    parts, at = [], 0
    for found in _LINKED.finditer(text):
        parts.append(escape(_MARKS.sub("", text[at:found.start()])))
        target = found.group(1)
        href = f"/drafts/{int(target)}" if target.isdigit() else target
        parts.append(Markup('<a href="{}">{}</a>').format(href, _MARKS.sub("", found.group(2))))
        at = found.end()
    parts.append(escape(_MARKS.sub("", text[at:])))
    return Markup("").join(parts)

