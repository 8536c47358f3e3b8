"""Use cases for delivery: approve, the three ways out, the outbox, reconciling, reply sync.

Sending is split into short transactions on purpose: the claim is committed before the SMTP
transaction, the result after it. Everything else is one transaction per use case. Functions
take `now`; only the worker loop (interfaces) reads the clock.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field, replace
from typing import ClassVar
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from afterview.delivery import outbox
from afterview.delivery.accounts import Account
from afterview.delivery.smtp import OutcomeUnknown, RecipientRefused, TimedOut, crash_point
from afterview.domain.model import (
    Channel, Company, DecisionKind, Facts, Inbound, InboundKind, Message, MessageKind, MessageState, Opportunity,
    OpportunityStatus, Person, ReplyClass,
)
from afterview.domain.timeline import reply_status_note  # the note confirm_reply writes (the timeline reads it)
from afterview.errors import AfterviewError, ConfigError, Conflict, DeliveryError, InvalidInput, NotFound, StorageError

UNKNOWN_PREFIX = outbox.UNKNOWN_PREFIX  # how the last error of a send that may have arrived begins
outcome_unknown = outbox.outcome_unknown  # whether a message's last send may have arrived (delivery.outbox)
# Said with every unknown outcome, and stored with it (see delivery.outbox).
UNKNOWN_ADVICE = outbox.UNKNOWN_ADVICE
UNKNOWN_OUTCOME = f"{UNKNOWN_PREFIX}: the send was interrupted and no copy was found in the Sent folder; {UNKNOWN_ADVICE}"
# The note of a message approved again after an unknown outcome, at the user's word (`resend`)
RESENT_NOTE = outbox.RESENT_NOTE
NOT_EMAIL = "{kind} messages are not sent by email: copy or print it, then mark it done with 'afterview done {key}'"
SUGGESTED_STATUS = {
    ReplyClass.REJECTION: OpportunityStatus.REJECTED,
    ReplyClass.OFFER: OpportunityStatus.OFFER,
    ReplyClass.NEXT_ROUND: OpportunityStatus.INTERVIEWING,
}


# --- approving and the three ways out ------------------------------------------------------------

def _message(tx, message_id: int) -> Message:
    return tx.get(Message, message_id)


def _require_email(message: Message) -> None:
    if message.channel != Channel.EMAIL:
        raise InvalidInput(NOT_EMAIL.format(kind=message.channel.value, key=message.action_key or message.id))


class NotSendable(Conflict):
    """Refused: the message is out of reach of every way out (sent, being sent, marked sent,
    discarded), said by `gone` in the same words wherever it is met (approve, send --now, send
    --at, a copy out; the desk's Send now and Schedule)."""

    def __init__(self, message_id: int, line: str):
        self.message_id = message_id
        super().__init__(line)


def gone(tx, message: Message, *, now: datetime, tz: str = "", playbook=None) -> str:
    """What became of a message that can no longer be sent, approved, scheduled or copied out,
    in one line ("" while it can still go). `tz`: the user's zone (the profile's when not given)
    for the moments said.

        message 7 was discarded (afterview discard): nothing to send
        message 7 was sent already (at Tue 2026-11-17 17:30 your time (America/Chicago)); nothing more to send

    A note marked sent by hand (`afterview done`) says so; one being sent says whether another
    program has it now or its send was cut off (`outbox.LEASE`). A discarded one says what is
    left of it: another note kept for the same action (a later draft, the one a merge kept), or
    whether its action is still planned, to draft again, or no longer (`playbook`: the
    effective one when not given)."""
    from afterview.delivery.outbox import LEASE, checked_from
    from afterview.domain.values import wall_clock
    from afterview.planner.facts import safe_zone

    number = f"message {message.id}"
    tz = tz or tx.profile().timezone or "UTC"
    zone = safe_zone(tz, "UTC")
    if message.state == MessageState.SENT:
        when = f" (at {wall_clock(message.sent_at, zone)} your time ({tz}))" if message.sent_at else ""
        return f"{number} was sent already{when}; nothing more to send"
    if message.state == MessageState.DONE_ELSEWHERE:
        how = f" (afterview done {message.action_key})" if message.action_key else ""
        return f"{number} was marked sent outside Afterview{how}: nothing more to send"
    if message.state == MessageState.SENDING:
        if message.updated_at is not None and message.updated_at <= now - LEASE:
            return (f"{number} was being sent by an Afterview program that was interrupted: the next afterview "
                    "send-due (or the worker) finds out whether it went out")
        if message.updated_at is None:
            return (f"{number} is being sent by another Afterview program right now: it is not sent twice "
                    f"(afterview show {message.id} says how it went)")
        # A program that stopped mid-send looks the same until its claim's lease runs out: say when
        # that is, so that someone whose own program crashed knows when it is found out.
        return (f"{number} is being sent by another Afterview program (since {wall_clock(message.updated_at, zone)}): "
                "it is not sent twice. If no other Afterview program is running, the send was interrupted, and "
                f"afterview send-due finds out from {wall_clock(checked_from(message.updated_at), zone)} on whether it "
                "went out")
    if message.state != MessageState.CANCELLED:
        return ""
    said = f"{number} was discarded (afterview discard): nothing to send"
    if not message.action_key:
        return said
    kept = [m for m in tx.list(Message, action_key=message.action_key)
            if m.id != message.id and m.state != MessageState.CANCELLED]
    if kept:  # a later draft of it, or the one a merge kept: that one is the note now
        other = max(kept, key=lambda m: m.id)
        return f"{said}; message {other.id} is its note now ({other.state.words}: afterview show {other.id})"
    try:
        planned = message.action_key in _plan(tx, now, playbook)
    except AfterviewError:  # no plan can be made (a playbook to correct): said where it is made
        return said
    if planned:
        return f"{said}; it is still planned: afterview draft {message.action_key} drafts it again"
    return f"{said}, and it is no longer planned"


def _refuse_gone(tx, message: Message, *, now: datetime, playbook=None) -> None:
    """Refuse a message out of reach of every way out with what became of it (`gone`), if it is."""
    line = gone(tx, message, now=now, playbook=playbook)
    if line:
        raise NotSendable(message.id, line)


NO_ACCOUNT = ("no mail account set up: add one on the desk's Settings page, or run "
              "'afterview account add NAME --preset gmail --email you@gmail.com'")


def _account_for(message: Message, accounts: dict[str, Account], name: str | None = None) -> Account:
    chosen = name or message.account
    broken = getattr(accounts, "broken", None) or {}
    if chosen in broken or (not chosen and not accounts and len(broken) == 1):
        from afterview.delivery.accounts import broken_words

        chosen = chosen or next(iter(broken))
        raise ConfigError(broken_words(chosen, broken[chosen]))
    if chosen:
        if chosen not in accounts:
            known = ", ".join(sorted(accounts)) or "none"
            raise NotFound(f"no account named {chosen!r} (known: {known}): add it (afterview account add {chosen} "
                           "--email ADDRESS --preset PROVIDER, or on the desk's Settings page), or send it from "
                           "another with --account NAME")
        return accounts[chosen]
    if len(accounts) == 1:
        return next(iter(accounts.values()))
    if not accounts:
        raise NotFound(NO_ACCOUNT)
    raise InvalidInput(f"several accounts ({', '.join(sorted(accounts))}): say which one with --account")


def _broken_for(message: Message, accounts: dict[str, Account]) -> tuple[str, str] | None:
    """(its account's name, what is wrong) when the account `message` goes from is written wrong
    in config.toml (accounts.Accounts.broken): the one it names, or, naming none, the only one."""
    broken = getattr(accounts, "broken", None) or {}
    name = message.account or (next(iter(broken)) if not accounts and len(broken) == 1 else "")
    return (name, broken[name]) if name in broken else None


def approve(tx, message_id: int, *, now: datetime, accounts: dict[str, Account], account: str | None = None,
            playbook=None, despite_errors: bool = False, config=None, instead_of_copy: bool = False,
            at: datetime | None = None, resend: bool = False, checked: Approval | None = None) -> Message:
    """A draft (or a failed message, explicitly) becomes approved for sending by email.

    Not one drafted for an action the plan no longer has (see `hold_back`): the outbox would
    not send it, so it is refused now, with why (`playbook`: the effective one when not given).
    Not one the reviewer finds errors in (a wrong name, a gap left to fill, a pushy line, a
    thank-you that would go out before its interview ends ...), unless `despite_errors`: the
    user has read them and sends it all the same. Its moment is judged as the one it goes out
    at: `at`, when the caller schedules it for then in the same transaction (the desk's planned
    moment), else now (an approved message goes out with the next round of the outbox).
    Not one a copy of which already left another way (Drafts, an .eml file, a link: one way
    out per message), unless `instead_of_copy`: the user sends it by SMTP instead of that copy
    (the interface has removed a Drafts copy first, see `withdraw_copy`).
    Not one whose last send's outcome is unknown (it may have arrived: `UnknownOutcome`), unless
    `resend`: the user says it did not arrive. Its note then keeps that trace, and withdrawing
    that approval makes it failed, outcome unknown, again (see `withdraw_approval`).

    `checked`: what `check_approval` found just before, asked the same, in a transaction that
    only read (the plan and the review are the slow part, kept out of the write lock). While it
    holds (`Approval.holds`: the facts they read are the facts now), they are not made again;
    else they are made here. The other checks are made here in any case.
    """
    from afterview.delivery.compose_email import ensure_message_id

    message = _message(tx, message_id)
    judge = checked is None or not checked.holds(tx, message_id, now=now, at=at, despite_errors=despite_errors)
    chosen, unknown, _ = _approvable(tx, message, now=now, accounts=accounts, account=account, playbook=playbook,
                                     despite_errors=despite_errors, config=config, instead_of_copy=instead_of_copy,
                                     at=at, resend=resend, judge=judge, moment=False)
    tried = _attempted(tx, message, now) if unknown else ""
    message.account = chosen.name
    ensure_message_id(message, chosen.email)  # fixed now, so every copy and retry carries it
    message.state = MessageState.APPROVED
    message.approved_at = now
    message.updated_at = now
    message.scheduled_at = None
    message.attempts = 0
    message.last_error = ""
    if copied_out(message):  # by SMTP instead of that copy: it is no longer out there to send
        message.note = f"approved for SMTP instead of the copy ({message.note.split(';')[0]})"
    elif unknown:  # the trace of the send that may have arrived stays with it (`show`)
        message.note = f"{RESENT_NOTE}: its send of {tried} may have arrived; you said it did not"
    return tx.update(message)


@dataclass(frozen=True)
class Approval:
    """What `check_approval` found, in a transaction that only read: what it was asked, the
    facts the plan and the review read, and the moment the message goes out (`at`, else now)
    as the review sees it (its warnings, and with `despite_errors` its errors, to say)."""

    message_id: int
    now: datetime
    at: datetime | None
    despite_errors: bool
    facts: Facts = field(repr=False)
    moment: Moment

    def holds(self, tx, message_id: int, *, now: datetime, at: datetime | None, despite_errors: bool) -> bool:
        """Whether what it found holds in `tx` (a writing transaction) for this approval: asked
        the same, and the facts unchanged since (the plan and the review, which read nothing
        else, find the same then). Any write since (another program's, or a change to the
        message itself) makes it not hold: then they are made again."""
        return ((self.message_id, self.now, self.at, self.despite_errors) == (message_id, now, at, despite_errors)
                and tx.facts() == self.facts)


def check_approval(tx, message_id: int, *, now: datetime, accounts: dict[str, Account], account: str | None = None,
                   playbook=None, despite_errors: bool = False, config=None, instead_of_copy: bool = False,
                   at: datetime | None = None, resend: bool = False) -> Approval:
    """What `approve` checks, refusing as it would, and nothing written: for `approve`'s
    `checked`, made in a transaction that only reads (see there)."""
    facts = tx.facts()
    _, _, moment = _approvable(tx, _message(tx, message_id), now=now, accounts=accounts, account=account,
                               playbook=playbook, despite_errors=despite_errors, config=config,
                               instead_of_copy=instead_of_copy, at=at, resend=resend, facts=facts)
    return Approval(message_id, now, at, despite_errors, facts, moment)


def _approvable(tx, message: Message, *, now: datetime, accounts: dict[str, Account], account: str | None,
                playbook, despite_errors: bool, config, instead_of_copy: bool, at: datetime | None, resend: bool,
                judge: bool = True, moment: bool = True,
                facts: Facts | None = None) -> tuple[Account, bool, Moment | None]:
    """`approve`'s checks of `message` (as read in `tx`; the address it goes to filled in, as
    `_fill_recipient` does), refusing as approve refuses it: the account it goes from, whether
    its last send's outcome is unknown, and, with `judge` (the plan and the review made) and
    `moment`, the moment it goes out as the review sees it (else None; without `moment`, a
    message approved despite its errors is not reviewed at all)."""
    message_id = message.id
    _refuse_gone(tx, message, now=now, playbook=playbook)  # sent, being sent, discarded: said as such
    _require_email(message)
    if message.state not in (MessageState.DRAFTED, MessageState.FAILED, MessageState.APPROVED):
        raise Conflict(f"message {message_id} is {message.state.words}: only a draft or a failed message "
                       "can be approved")
    if copied_out(message) and not instead_of_copy:
        raise CopiedOut(message)
    unknown = outcome_unknown(message)
    if unknown and not resend:
        raise UnknownOutcome(message)
    _fill_recipient(tx, message)
    judged = None
    if judge:
        facts = facts if facts is not None else tx.facts()
        # the plan once, for both questions (an email for a planned action: else neither plans)
        planned = _plan(tx, now, playbook, facts) if message.action_key and message.channel == Channel.EMAIL else {}
        found = unplanned(tx, [message], now=now, playbook=playbook, facts=facts,
                          actions=list(planned.values())).get(message.id)
        if found is not None:
            raise Conflict(f"message {message_id} cannot be approved: {found[0]} "
                           f"({all_the_same(tx, message, found[0])})")
        if moment or not despite_errors:
            judged = _reviewed(facts, message, max(at or now, now), config=config, despite_errors=despite_errors,
                               now=now)
        if moment and at is not None:  # scheduled with it: a moment before the plan's earliest is set on purpose
            judged.earliest = _earliest(tx, message, now=now, planned=planned)
    chosen = _account_for(message, accounts, account)
    from afterview.services.demo import refuse_demo_mail  # the demo's people: never through a real server

    refuse_demo_mail(tx.get(Person, message.person_id), chosen, message_id=message_id)
    return chosen, unknown, judged if moment else None


def _reviewed(facts, message: Message, at: datetime, *, config=None, despite_errors: bool = False,
              now: datetime | None = None) -> Moment:
    """The review of a message about to be approved, judged as sent at `at` (see
    `require_reviewed`): refused with `ReviewErrors` for its errors, unless `despite_errors`;
    the moment it goes out, as `judge_moment` gives it, from the same review (`now`: as there)."""
    from afterview.services.drafting import review_message

    found = review_message(facts, replace(message, scheduled_at=at), config)
    errors = [f for f in found if f.severity == "error"]
    if errors and not despite_errors:
        raise ReviewErrors(message.id, errors)
    person = facts.people.get(message.person_id)
    return Moment(at=at, zone=(person.timezone if person else "") or "",
                  findings=_timing(found, going_now=now is not None and at <= now))


def _attempted(tx, message: Message, now: datetime) -> str:
    """When the message's last send was attempted, in the user's zone: "Fri 27 Nov 2026 09:00
    (Europe/Berlin)" (its failure is recorded at the moment of the attempt)."""
    from afterview.planner.facts import safe_zone

    zone = safe_zone(tx.profile().timezone or "UTC", "UTC")
    at = min(message.updated_at or now, now).astimezone(zone)
    return f"{at:%a %d %b %Y %H:%M} ({zone.key})"


def resent(message: Message) -> bool:
    """Whether the message was approved again after an unknown outcome, at the user's word."""
    return message.note.startswith(RESENT_NOTE)


def carried_note(tx, message: Message, accounts: dict[str, Account]) -> str:
    """What to say when approving `message`, if it came from another copy of this data (a copy
    of the database file, a restore) with the Message-ID it had there: it may have gone from
    there already, and before it goes it is looked for in the Sent folder ("" for any other)."""
    origin = outbox.carried_from(outbox.carried(tx), message)
    if not origin:
        return ""
    account = accounts.get(message.account)
    look = ("before it goes, Afterview looks for it in your Sent folder and marks it sent instead if it is there"
            if account is None or account.imap_host else
            f"account {message.account} has no IMAP server to look for it in your Sent folder: look there yourself, "
            f"and if it went, withdraw this approval (afterview approve {message.id} --withdraw)")
    return (f"message {message.id} came from {origin} with the Message-ID it had there, so it may have gone from "
            f"there already: {look}")


class UnknownOutcome(Conflict):
    """Refused: the message's last send may have arrived (its outcome is unknown), and the user
    has not said that it did not. `again`: how to send it all the same (the interface's words;
    the command line's by default)."""

    def __init__(self, message: Message, again: str | None = None):
        self.record, self.message_id, self.key = message, message.id, message.action_key
        again = again or f"afterview approve {message.id} --resend"
        arrived = (f"mark it done (afterview done {message.action_key})" if message.action_key else
                   f"take it off your drafts (afterview discard {message.id})")
        super().__init__(f"message {message.id} may have arrived already: its last send's outcome is unknown, and "
                         "Afterview does not send it again unless you say it did not arrive. Look in your Sent "
                         "folder, but a copy that went out can be missing there after a crash: if it arrived, "
                         f"{arrived}; if you are sure it did not, send it again: {again}")


class CopiedOut(Conflict):
    """Approval (or an SMTP send) refused: a copy of the message already left another way."""

    def __init__(self, message: Message):
        self.message_id, self.in_drafts = message.id, message.note.startswith("placed in ")
        where = message.note.split(";")[0]
        key = message.action_key
        if self.in_drafts:
            sent = ("send it from your mail program (`afterview sync` then finds it in Sent and marks it sent"
                    + (f"; or: afterview done {key}" if key else "") + ")")
            instead = "the copy in Drafts is removed first"
        else:
            sent = (f"if you sent it from your mail program, mark it done (afterview done {key})" if key else
                    f"if you sent it from your mail program, take it off your drafts (afterview discard {message.id})")
            instead = "do not send that copy then"
        super().__init__(f"message {message.id} was already {where}: one way out per message: {sent}; "
                         f"to send it by SMTP instead: afterview approve {message.id} --smtp-instead ({instead})")


def planned_moment(tx, message: Message, *, now: datetime, playbook=None) -> datetime | None:
    """The moment the plan suggests for a message (its action's `send_at`, never before its
    earliest moment: a thank-you an hour after the interview, a Friday's on Monday morning), when
    that moment is still to come; else None (it goes as soon as it is approved)."""
    if not message.action_key:
        return None
    from afterview.planner import plan

    if playbook is None:
        from afterview.services.planning import effective_playbook

        playbook = effective_playbook()
    facts = tx.facts()
    return moment_of(facts, playbook, next((a for a in plan(facts, playbook, now) if a.key == message.action_key),
                                           None), now)


def moment_of(facts, playbook, action, now: datetime) -> datetime | None:
    """`planned_moment` of a note for `action`, from a plan made already (`facts` and `playbook`
    those it was made from; None for no action): its `send_at`, never before its earliest, and
    for one still upcoming, as the plan has it once its earliest has come (`_as_of_earliest`)."""
    if action is None:
        return None
    if action.state == "upcoming":
        action = _as_of_earliest(facts, playbook, action)
    moment = _suggested(action)
    return moment if moment > now else None


def _suggested(action) -> datetime:
    """When the plan suggests a note for `action` go out: its `send_at`, never before its earliest."""
    return max(action.send_at or action.earliest, action.earliest)


def _as_of_earliest(facts, playbook, action):
    """An upcoming action as the plan has it once its earliest moment has come: the planner says
    when to send one only when it is due (not on the recipient's weekend, holiday or night: their
    next business morning), so the plan is made again as of that moment. The action as it was
    when that plan does not have it."""
    from afterview.planner.engine import plan_due

    later = next((a for a in plan_due(facts, playbook, action.earliest)[0] if a.key == action.key), None)
    return later if later is not None and later.earliest == action.earliest else action


def schedule(tx, message_id: int, *, when: datetime, now: datetime, config=None, playbook=None) -> Message:
    """An approved message is sent at `when` (or at once when `when` <= now).

    Refused (`BadMoment`) when the review finds an error in that moment (a thank-you before its
    interview has ended): see `schedule_checked`, which also gives the review's warnings."""
    return schedule_checked(tx, message_id, when=when, now=now, config=config, playbook=playbook)[0]


@dataclass
class Moment:
    """When a message is set to go out, as the recipient sees it, and what the review says of it."""

    at: datetime
    zone: str  # the recipient's own IANA zone; "" when none is recorded (they are taken to share yours)
    findings: list = field(default_factory=list)  # the review's timing findings for that moment
    # the plan's earliest moment for the note's action when it was judged (None: not looked up,
    # or no action planned): set earlier than that, it was set so on purpose (see schedule_checked)
    earliest: datetime | None = None

    @property
    def errors(self) -> list:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list:
        return [f for f in self.findings if f.severity != "error"]


def judge_moment(tx, message: Message, at: datetime, config=None, facts=None, *,
                 now: datetime | None = None) -> Moment:
    """The review's timing findings for `message` sent at `at` (its weekend, holiday, night,
    the interview's end, lateness), and the recipient's zone to say that moment in.

    `now`: the command's moment. A moment not after it is no time set for later: the note goes
    out at once (`send --now`, an approval that goes with the outbox's next round), and its
    findings say so (`going out now, it arrives on a Saturday`, not `scheduled on a Saturday`)."""
    from afterview.services.drafting import review_message

    facts = facts if facts is not None else tx.facts()
    person = facts.people.get(message.person_id)
    there = replace(message, scheduled_at=at)
    found = _timing(review_message(facts, there, config), going_now=now is not None and at <= now)
    return Moment(at=at, zone=(person.timezone if person else "") or "", findings=found)


# The review says a moment as one set for later ("scheduled on a Saturday (...)", "scheduled 30
# minutes after the interview ends"), as `show` and `lint --draft` give it for a scheduled note.
# A note that goes out now was scheduled for nothing: what it does is arrive then, on their day.
_SAID_GOING_NOW = (("scheduled on a ", "going out now, it arrives on a "), ("scheduled ", "going out now, "))


def _timing(findings: list, *, going_now: bool) -> list:
    """The review's timing findings of `findings`; for a note that goes out now, in words that
    say so (_SAID_GOING_NOW)."""
    timing = [f for f in findings if f.code == "timing"]
    if not going_now:
        return timing
    said = []
    for finding in timing:
        for scheduled, going in _SAID_GOING_NOW:
            if finding.message.startswith(scheduled):
                finding = replace(finding, message=going + finding.message[len(scheduled):])
                break
        said.append(finding)
    return said


class BadMoment(Conflict):
    """Scheduling refused: the review finds an error in the moment (not in the text)."""

    def __init__(self, message_id: int, moment: Moment, now: bool = False):
        self.message_id, self.moment = message_id, moment
        first = moment.errors[0]
        fix = f": {first.suggestion[:1].lower()}{first.suggestion[1:].rstrip('.')}" if first.suggestion else ""
        super().__init__(f"message {message_id} cannot go out {'now' if now else 'then'}: {first.message} "
                         f"[{first.code}]{fix}; nothing was {'sent' if now else 'scheduled'}")


def schedule_checked(tx, message_id: int, *, when: datetime, now: datetime, config=None,
                     playbook=None, checked: tuple[Message, Moment] | None = None) -> tuple[Message, Moment]:
    """`schedule`, and the moment it goes out as `judge_moment` sees it (its warnings to say).

    A draft (or a failed message) is to be approved first; when approving it would be refused
    (its send's outcome is unknown, or the plan no longer has it: `playbook`, the effective one
    when not given), the refusal says why and the way that is left, at once.

    `checked`: what `check_schedule` found just before, in a transaction that only read (the
    review and the plan are the slow part, kept out of the write lock), or the message just
    approved in this transaction and the moment `check_approval` judged for `when`: used when
    the message is still the same record (an error in that moment refuses it, as here); else it
    is checked again here."""
    message = _message(tx, message_id)
    if checked is not None and checked[0] == message:
        moment = checked[1]
        if moment.errors:  # (approved despite its errors: the moment has no override)
            raise BadMoment(message.id, moment, now=when <= now)
    else:
        moment = _judged(tx, message, when=when, now=now, config=config, playbook=playbook)
    # Sent now, a message already due keeps its moment: another program sending it now (a
    # `send --now` started at the same time, the worker) finds it due by its own clock, and
    # claims it or sees it claimed; stamped with this clock, it would not be due yet for them.
    due = (message.state == MessageState.SCHEDULED and message.scheduled_at is not None
           and message.scheduled_at <= now)
    if not (due and when <= now):
        message.scheduled_at = max(when, now)
    message.state = MessageState.SCHEDULED
    message.updated_at = now
    if moment.earliest is not None and message.scheduled_at < moment.earliest:
        # before the plan's earliest, on purpose: the outbox does not hold it back for that
        outbox.remember_early(tx, message, moment.earliest)
    return tx.update(message), moment


def check_schedule(tx, message_id: int, *, when: datetime, now: datetime, config=None,
                   playbook=None) -> tuple[Message, Moment]:
    """What `schedule_checked` checks, refusing as it would, and nothing written: the message
    and the moment it would go out (for `schedule_checked`'s `checked`)."""
    message = _message(tx, message_id)
    return message, _judged(tx, message, when=when, now=now, config=config, playbook=playbook)


def _judged(tx, message: Message, *, when: datetime, now: datetime, config=None, playbook=None) -> Moment:
    """The checks before a message is scheduled for `when` (see schedule_checked), and its moment."""
    message_id = message.id
    _refuse_gone(tx, message, now=now, playbook=playbook)  # sent, being sent, discarded: said as such
    _require_email(message)
    if message.state in (MessageState.DRAFTED, MessageState.FAILED):
        _not_approved(tx, message, now=now, playbook=playbook)
    if message.state not in (MessageState.APPROVED, MessageState.SCHEDULED):
        raise Conflict(f"message {message_id} is {message.state.words} and cannot be scheduled")
    if copied_out(message):  # approved before one way out per message was enforced
        raise CopiedOut(message)
    if when < now - timedelta(minutes=1):  # a typo, not "send it now" (that is --now)
        raise InvalidInput(f"{when:%Y-%m-%d %H:%M %Z} is in the past: give a time to come, or send it now")
    # The text was reviewed when it was approved; the moment is judged now that it is known. An
    # error in it (a thank-you before its interview has ended) has no override: a time is to fix.
    moment = judge_moment(tx, message, max(when, now), config, now=now)
    if moment.errors:
        raise BadMoment(message.id, moment, now=when <= now)
    moment.earliest = _earliest(tx, message, now=now, playbook=playbook)
    return moment


def _earliest(tx, message: Message, *, now: datetime, playbook=None, facts: Facts | None = None,
              planned: dict | None = None) -> datetime | None:
    """The plan's earliest moment for the message's action now (None without one planned);
    `planned`: the plan by key (`_plan`), when made already."""
    if not message.action_key or message.channel != Channel.EMAIL:
        return None
    planned = planned if planned is not None else _plan(tx, now, playbook, facts)
    action = planned.get(message.action_key)
    return action.earliest if action is not None else None


def _not_approved(tx, message: Message, *, now: datetime, playbook=None) -> None:
    """Why a draft or a failed message cannot be scheduled: approve it first, or, when that
    would be refused too, what refuses it and the way left (never a hint that goes in a circle)."""
    if outcome_unknown(message):
        raise UnknownOutcome(message)
    found = None if copied_out(message) else unplanned(tx, [message], now=now, playbook=playbook).get(message.id)
    what = "a draft" if message.state == MessageState.DRAFTED else "failed"
    if found is not None:
        raise Conflict(f"message {message.id} is {what}, and it cannot be approved: {found[0]} "
                       f"({all_the_same(tx, message, found[0])})")
    if message.state == MessageState.DRAFTED and copied_out(message):
        # approving it is refused too (one way out per message): the ways that are left
        first = message.note.split(";")[0]
        raise Conflict(f"message {message.id} is a draft {first}: send that copy, or have Afterview send it instead "
                       f"(afterview approve {message.id} --smtp-instead), or take the copy back first "
                       f"(afterview approve {message.id} --withdraw)")
    if message.state == MessageState.DRAFTED:
        raise Conflict(f"message {message.id} is a draft: approve it first (afterview approve {message.id})")
    raise Conflict(f"message {message.id} failed: approve it again first (afterview approve {message.id})")


def require_reviewed(tx, message: Message, *, config=None, despite_errors: bool = False,
                     verb: str = "approve it", at: datetime | None = None) -> None:
    """The gate before a message leaves (approved for SMTP, or copied out to Drafts, an .eml
    file or a link: copying it out is sending it): refused with `ReviewErrors` when the reviewer
    finds errors in it, unless `despite_errors`. `at`: the moment it goes out (approved: now, or
    the moment it is scheduled for at once), judged with it (timing)."""
    if despite_errors:
        return
    from dataclasses import replace

    from afterview.services.drafting import review_message

    judged = replace(message, scheduled_at=at) if at is not None else message
    errors = [f for f in review_message(tx.facts(), judged, config) if f.severity == "error"]
    if errors:
        raise ReviewErrors(message.id, errors, verb)


class ReviewErrors(Conflict):
    """Approval refused: the reviewer found errors in the message (each interface says how to override)."""

    def __init__(self, message_id: int, errors: list, verb: str = "approve it"):
        self.message_id, self.errors = message_id, errors
        # the moment's error is said in full: `show` does not judge a moment not yet set
        codes = ", ".join(dict.fromkeys(f"timing: {f.message}" if f.code == "timing" else f.code for f in errors))
        one = len(errors) == 1
        if all(f.code == "timing" for f in errors):  # the moment, not the text: said, as `show` does not judge it
            why = ("(a copy out may be sent at once)" if verb == COPY_VERB else
                   "(approved, it goes out with the outbox's next round)")
            super().__init__(f"message {message_id} cannot go out now: {errors[0].message} [timing]: {verb} "
                             f"later {why}")
            return
        super().__init__(f"message {message_id} has {len(errors)} error{'' if one else 's'} ({codes}): "
                         f"fix the text first, or {verb} despite {'it' if one else 'them'}")

    @property
    def timing_only(self) -> bool:
        """Only the moment is wrong (it would go out now, before its interview has ended)."""
        return all(f.code == "timing" for f in self.errors)


@dataclass
class Built:
    message: Message
    account: Account
    data: bytes


def build(tx, message: Message, account: Account, now: datetime) -> Built:
    """The wire bytes of a message, from the account's identity and the recipient's name."""
    person = tx.get(Person, message.person_id)
    return Built(message, account, _wire(message, account, person, tx.profile().name, now))


COPY_VERB = "copy it out"  # what a refused copy says to do later, or despite the errors


def prepare_copy(tx, message_id: int, *, now: datetime, accounts: dict[str, Account], account: str | None = None,
                 review: bool = False, despite_errors: bool = False, config=None, resend: bool = False,
                 way: tuple[str, ...] = ()) -> Built:
    """A message built for Drafts or an .eml file (its Message-ID fixed and stored).

    `way`: how the notes of a copy that left the way asked begin (`PLACED`, `SAVED`): one whose
    copy left another way already is refused (`one_way_out`); the same way again is not (placed
    in Drafts again, it replaces the copy there).

    With `review`, refused (`ReviewErrors`) when the reviewer finds errors in it, as `approve`
    refuses it, unless `despite_errors`; its moment is judged as now (a copy out may be sent at
    once from your mail program): a thank-you before its interview has ended is such an error.
    Copying it out is sending it: one whose last send's outcome is unknown is refused
    (`UnknownOutcome`) unless `resend`, as `approve` refuses it.
    """
    message = _message(tx, message_id)
    _require_not_queued(tx, message, now)
    _require_email(message)
    if way:
        one_way_out(message, way)
    if outcome_unknown(message) and not resend:
        raise UnknownOutcome(message)
    _fill_recipient(tx, message)
    if review:  # copied out, it may go at once: its moment judged as now, as an approval's is
        require_reviewed(tx, message, config=config, despite_errors=despite_errors, verb=COPY_VERB, at=now)
    chosen = _account_for(message, accounts, account)
    message.account = message.account or chosen.name
    built = build(tx, message, chosen, now)
    tx.update(message)
    return built


PLACED = ("placed in ",)  # the note of a copy in Drafts (see COPY_NOTES)
SAVED = ("saved as ", "downloaded as ")  # of an .eml file, written or downloaded from the desk
LINKED = ("copied out as ",)  # of a mailto: link
_WAYS = {PLACED: "placed in Drafts", SAVED: "saved as an .eml file", LINKED: "copied out as a mailto: link"}


def one_way_out(message: Message, way: tuple[str, ...]) -> None:
    """Refuse (Conflict) a copy of `message` by `way` (PLACED, SAVED, LINKED) when a copy of it
    left another way already (one way out per message: two copies could both be sent). The same
    way again is left to its caller (Drafts replaces its copy; a file is written again)."""
    if not copied_out(message) or message.note.startswith(way):
        return
    first = message.note.split(";")[0]
    raise Conflict(f"message {message.id} was {first} already: one way out per message, so it is not "
                   f"{_WAYS.get(way, 'copied out')} too; send that copy, or, if it never left, take it back first "
                   f"(afterview approve {message.id} --withdraw), then copy it out again")


def _fill_recipient(tx, message: Message) -> None:
    """A message about to leave goes to an address of its person's: a draft made before they
    had an address, or a failed send to an address no longer theirs (it kept it as the record
    of that send: `pipeline.follow_addresses`), gets the one they have now; without one, say
    whose address is missing and how to add it."""
    if message.to_address and message.state != MessageState.FAILED:
        return
    person = tx.get(Person, message.person_id)
    if message.to_address.casefold() in {e.casefold() for e in person.emails}:
        return
    if not person.email:
        raise InvalidInput(f"{person.name} has no email address: add one first "
                           f"(afterview person edit {person.id} --email ..., or their page on the desk)")
    message.to_address = person.email


def _require_not_queued(tx, message: Message, now: datetime | None, playbook=None) -> None:
    """One way out per message: a message queued for SMTP must not also leave another way; one
    gone (sent, being sent, discarded) leaves no way at all, said as `gone` says it (`now`: the
    moment it is asked at; None, a caller that gives none: the message's last change)."""
    if message.state in (MessageState.APPROVED, MessageState.SCHEDULED):
        raise Conflict(f"message {message.id} is {message.state.value} for sending by SMTP: withdraw the approval "
                       f"first (afterview approve {message.id} --withdraw), then choose another way out")
    if message.state.is_final or message.state == MessageState.SENDING:
        moment = now or message.updated_at or message.sent_at or message.created_at
        if moment is not None:
            _refuse_gone(tx, message, now=moment, playbook=playbook)
        raise Conflict(f"message {message.id} is {message.state.words}")


def withdraw_approval(tx, message_id: int, *, now: datetime) -> tuple[Message, MessageState]:
    """An approved or scheduled message becomes a draft again: the outbox will not send it, and
    it may leave another way (Drafts, an .eml file, a link) or be approved again.

    The same conditional update as the outbox's hold: a message a worker has just claimed is
    left alone (and said to be on its way). Returns the message and the state it had.

    One approved again after an unknown outcome (`resend`) goes back to what it was: failed,
    its outcome unknown (it may have arrived), never a plain draft that hides it.
    """
    message = _message(tx, message_id)
    was = message.state
    if was == MessageState.SENDING:
        raise Conflict(f"message {message_id} is being sent right now: its approval can no longer be withdrawn")
    if was not in (MessageState.APPROVED, MessageState.SCHEDULED):
        what = was.value.replace("_", " ")
        if was.is_final:
            raise Conflict(f"message {message_id} is {what}: there is no approval to withdraw")
        raise Conflict(f"message {message_id} is {what}, not approved: there is no approval to withdraw")
    if resent(message):
        tried = message.note.partition("its send of ")[2].partition(" may have arrived")[0]
        why = (f"{UNKNOWN_PREFIX}: its send{f' of {tried}' if tried else ''} was interrupted; approved again, "
               f"then that approval was withdrawn; {UNKNOWN_ADVICE}")
        held = outbox.hold(tx, message_id, now, why, state=MessageState.FAILED, note="")
    else:
        held = outbox.hold(tx, message_id, now, "")
    if not held:
        raise Conflict(f"message {message_id} is being sent right now: its approval can no longer be withdrawn")
    return tx.get(Message, message_id), was


def retry_error(message: Message) -> str:
    """The last error of a message the outbox is trying again (approved or scheduled, with
    failed attempts behind it, or waiting for its account), as one line; "" for any other message."""
    if message.state not in (MessageState.APPROVED, MessageState.SCHEDULED) or not message.attempts:
        return ""
    return one_line(message.last_error)


def retries_waiting(tx, now: datetime) -> list[Message]:
    """The messages the outbox tries again later (`retry_error`, their next try after `now`),
    soonest first: what a round that found nothing due says is coming."""
    waiting = [m for m in tx.list(Message, state=[MessageState.SCHEDULED])
               if retry_error(m) and m.scheduled_at is not None and m.scheduled_at > now]
    return sorted(waiting, key=lambda m: (m.scheduled_at, m.id))


def waits_for_account(message: Message) -> bool:
    """Whether the message is due but its account could not send it (see `AccountProblem`)."""
    return (message.state in (MessageState.APPROVED, MessageState.SCHEDULED)
            and message.last_error.startswith(ACCOUNT_WAIT))


_WRITTEN_WRONG = " is written wrong in config.toml: "  # in the reason `_Batch._wait_broken` stores


def account_wait_words(message: Message, accounts) -> str:
    """A waiting note's last error (`waits_for_account`) said against its account as it is now
    (`accounts`: delivery.accounts.load_accounts of config.toml as it reads now), so that `show`,
    `drafts` and `today` never give a reason put right since: written wrong now, what is wrong now
    (not the mistake stored when it last waited); stored as written wrong and read fine now, that
    it waited and goes with the next send round; else the reason stored (a server unreachable, a
    login refused: known again only by trying). "" for a note that does not wait."""
    if not waits_for_account(message):
        return ""
    name = message.account
    broken = getattr(accounts, "broken", {}) if accounts is not None else {}
    if name in broken:
        return (f"{ACCOUNT_WAIT}account {name}{_WRITTEN_WRONG}{broken[name]}; put it right (afterview account edit "
                f"{name}), then it goes out")
    if name in (accounts or {}) and message.last_error.startswith(f"{ACCOUNT_WAIT}account {name}{_WRITTEN_WRONG}"):
        return (f"waited for its account {name}, which was written wrong in config.toml; it is put right now: it "
                "goes with the next send round")
    return message.last_error


def as_before_now(tx, message_id: int, *, before: Message, now: datetime) -> MessageState | None:
    """`send --now` that found the message's account unable to send (the message not claimed: it
    waits for its account): the message is put back as it was before it was set for now,
    approved (or scheduled for its own moment), as `send-due` leaves such a message, its last
    error kept. The state it has then, or None when it was changed meanwhile (left as it is)."""
    message = tx.get(Message, message_id)
    if (message is None or not waits_for_account(message) or message.state != MessageState.SCHEDULED
            or before.state not in (MessageState.APPROVED, MessageState.SCHEDULED)):
        return None
    if before.state == MessageState.SCHEDULED and before.scheduled_at == message.scheduled_at:
        return message.state  # it was due already: as it was
    message.state, message.scheduled_at, message.updated_at = before.state, before.scheduled_at, now
    tx.update(message)
    return message.state


def one_line(text: str, limit: int = 200) -> str:
    """A server's answer (it may span lines) as one line of at most `limit` characters."""
    flat = " ".join((text or "").split())
    return flat if len(flat) <= limit else flat[:limit - 1].rstrip() + "…"


COPY_NOTES, copied_out = outbox.COPY_NOTES, outbox.copied_out  # (here too, as ever)


class ChangedMeanwhile(Conflict):
    """Refused: the message changed (approved, edited, copied out) by another program while its
    copy was being made ready; that change stands, and no copy went out."""

    def __init__(self, message: Message, way: str = "placed in Drafts"):
        self.message_id = message.id
        super().__init__(f"message {message.id} changed while it was being copied out (it is {message.state.words} "
                         f"now{'; ' + message.note.split(';')[0] if message.note else ''}): it was not {way}, and "
                         f"stays as the other change left it (see it: afterview show {message.id})")


def note_copy(tx, message_id: int, note: str, now: datetime, *, read: Message | None = None) -> None:
    """Record that a copy of the message left (its note). With `read` (the message as the copy was
    made from it, in an earlier transaction: `to_drafts`), only while it is still so: changed by
    another program meanwhile (approved, edited), `ChangedMeanwhile`, and nothing is written."""
    if read is not None:
        if not outbox.note_unchanged(tx, read, note, now):
            raise ChangedMeanwhile(_message(tx, message_id))
        return
    message = _message(tx, message_id)
    message.note = note
    message.updated_at = now
    tx.update(message)


class Placed(str):
    """The Drafts folder `to_drafts` used (a str, as before), with how many earlier copies of the
    message there it replaced (`replaced`)."""

    replaced: int = 0

    def __new__(cls, folder: str, replaced: int = 0) -> "Placed":
        placed = super().__new__(cls, folder)
        placed.replaced = replaced
        return placed


def to_drafts(store, message_id: int, *, now: datetime, accounts: dict[str, Account], account: str | None = None,
              edit=None, playbook=None, **review) -> Placed:
    """Append the message to the mailbox's Drafts folder (flag \\Draft); the folder used.

    Placed again (its text changed, say), the earlier copy in Drafts (found by its Message-ID)
    is replaced: never two drafts of one message there. One that the user already sent from
    their mail program (its Message-ID in the Sent folder) is not placed again: it is marked
    sent (with the text found sent), and said.

    `edit`: a function of the transaction giving the message a new text first (the desk's editor,
    its text as typed): placed with it, and when the copy cannot be placed, the text is put back
    as it was too, so that the note and its copy in Drafts never differ.

    One placed while the plan no longer has its action is sent all the same: its note says so
    (`OUT_ALL_THE_SAME`), and a later hold-back leaves that copy alone (`hold_copies`).
    """

    with store.reading() as tx:  # planned outside the write lock
        apart = out_all_the_same(tx, tx.get(Message, message_id), now=now, playbook=playbook)
    with store.transaction() as tx:
        before = tx.get(Message, message_id)
        if edit is not None:
            edit(tx)
        built = prepare_copy(tx, message_id, now=now, accounts=accounts, account=account, way=PLACED, **review)
        from afterview.services.demo import refuse_demo_mail  # the demo's people: never in a real mailbox

        refuse_demo_mail(tx.get(Person, built.message.person_id), built.account, way="imap",
                         message_id=message_id)
    header = built.message.message_id
    appending = ""  # the folder, once the APPEND was sent: from then on the copy may be there
    try:
        with _mailbox(built.account) as imap:
            if before.message_id and _in_sent(imap, [header]):  # a copy may have gone out (from Drafts, by SMTP)
                raise _AlreadySent(message_id, _sent_copy(imap, header))
            folder = imap.drafts_folder()
            earlier = imap.uids_with_message_id(folder, header) if before.message_id else []
            # Recorded before the APPEND: killed right after it, the copy in Drafts is known (an
            # approval for SMTP then removes it first), never a copy nobody knows of that could
            # go out beside the one Afterview sends. Only while the message is still as it was
            # read (another program may have approved it meanwhile: then nothing is placed).
            with store.transaction() as tx:
                note_copy(tx, message_id, f"placed in {folder} of {built.account.name}; send it from your mail "
                          f"program{apart}", now, read=built.message)
            appending = folder
            imap.append(folder, built.data, (b"\\Draft", b"\\Seen"), now)
            crash_point("after_drafts_append")
            imap.remove(earlier)  # the new copy first: never none, and never two for long
    except ChangedMeanwhile:
        raise  # the other program's change stands: nothing of this copy is put back over it
    except AfterviewError as err:
        if not appending:
            _restore_ids(store, message_id, before)
            raise
        # The APPEND was sent: the copy may be in Drafts although no answer said so. Its record
        # and Message-ID stay, so that placing it again replaces it and taking it back finds it.
        raise DeliveryError(
            f"message {message_id} may be in {appending} of {built.account.name}: the server did not confirm the "
            f"copy ({err}); look there before sending anything: placing it again (afterview send {message_id} "
            f"--to-drafts) replaces the copy found by its Message-ID, and afterview approve {message_id} --withdraw "
            "takes it back", temporary=getattr(err, "temporary", False)) from None
    except _AlreadySent as found:
        _restore_ids(store, message_id, before)
        with store.transaction() as tx:
            _mark_found_in_sent(tx, message_id, now, copy=found.copy)
            differs = _text_differs_said(tx, message_id)
        raise Conflict(f"message {message_id} was already sent (found in your Sent folder): marked sent, "
                       f"not placed in Drafts again{differs}") from None
    except BaseException:
        # nothing was placed (or, stopped while the APPEND was under way, the copy may be there
        # and stays known): the message as it was (no network while a transaction is open)
        if not appending:
            _restore_ids(store, message_id, before)
        raise
    return Placed(folder, len(earlier))


class _AlreadySent(Exception):
    def __init__(self, message_id: int, copy: bytes | None = None, sent_as: str = ""):
        super().__init__(message_id)
        self.copy = copy  # the copy found in Sent, as it went (None: not read)
        self.sent_as = sent_as  # the Message-ID it went under, when another than its own


def _known_ids(tx, message_id: int) -> set[str]:
    """The Message-IDs of every message but this one: a copy in Sent under one of them is another
    note (of the same subject, to the same person), not this one sent anew."""
    return {m.message_id for m in tx.list(Message) if m.message_id and m.id != message_id}


def _sent_anew(imap, message: Message, known: set[str]) -> tuple[str, bytes] | None:
    """(the Message-ID it went under, the copy) of a note placed in Drafts that the user's mail
    program sent under a new Message-ID: found in a Sent folder by its address and subject, dated
    since it was drafted (`delivery.sent_like`); None when there is none (or the mailbox cannot
    search so)."""
    from afterview.delivery.sent_like import find_sent_like

    since = message.created_at or message.updated_at
    if since is None or not message.to_address:
        return None
    return find_sent_like(imap, _find_folder(imap, "sent").searched, to=message.to_address,
                          subject=message.subject, since=since, known=known)


def _sent_copy(imap, header: str) -> bytes | None:
    """The copy of the message with this Message-ID in a Sent folder of the mailbox (every one
    that qualifies, as `_in_sent` searches them), as the server has it; None when none is found
    or it cannot be read (a plugin's mailbox without `message_with_id`). What went, to record."""
    fetch = getattr(imap, "message_with_id", None)
    if fetch is None:
        return None
    for folder in _find_folder(imap, "sent").searched:
        try:
            found = fetch(folder, header)
        except AfterviewError:
            continue
        if found is not None:
            return found
    return None


def _sent_text(copy: bytes | None) -> tuple[str, str] | None:
    """The subject and plain text of a copy found in Sent (None when there is none to read)."""
    if not copy:
        return None
    from afterview.delivery import inbound

    parsed = inbound.parse(copy)
    text, _ = inbound.read_text(parsed)
    if not text.strip():
        return None
    try:
        subject = str(parsed.get("Subject") or "")
    except (ValueError, IndexError, TypeError, AttributeError):  # a malformed header: the text alone is compared
        subject = ""
    return subject, text


def _edited_copy(imap, uids: list[int], message: Message) -> tuple[str, str] | None:
    """The subject and text of the copy of `message` in Drafts (`uids`, of the folder selected)
    when the user edited it there (a mail program saves an edit as a new copy with the same
    Message-ID): the latest of them whose text is another than the note's (`_other_text`); None
    when each says the same, or it cannot be read (a plugin's mailbox without `bodies`)."""
    read = getattr(imap, "bodies", None)
    if read is None or not uids:
        return None
    copies = read(sorted(uids))
    for uid in sorted(copies, reverse=True):
        found = _other_text(_sent_text(copies[uid]), message)
        if found is not None:
            return found
    return None


def _other_text(found: tuple[str, str] | None, message: Message) -> tuple[str, str] | None:
    """`found` (a copy's subject and text, `_sent_text`) when it says other words than `message`
    (compared as `_same_text` compares them; a copy without a subject by its text alone); else None."""
    if found is None or (_same_text(found[1], message.body)
                         and (not found[0] or _same_text(found[0], message.subject))):
        return None
    return found


def _take_text(message: Message, found: tuple[str, str]) -> None:
    """Record the subject and text of a copy (found in Sent, or edited in Drafts) as the message's."""
    message.subject = " ".join(found[0].split()) or message.subject
    message.body = found[1].replace("\r\n", "\n")


def _same_text(one: str, other: str) -> bool:
    """Two texts that say the same words (a mail program rewraps lines, ends them with CRLF, adds
    or drops a last newline, writes a non-breaking space for a space): compared word by word."""
    return one.split() == other.split()


SENT_TEXT_DIFFERS = "the text that went differs from the one Afterview had: the text found sent is kept"


def _text_differs_said(tx, message_id: int) -> str:
    """"; the text that went differs ...", when `_mark_found_in_sent` kept another text; else ""."""
    return f"; {SENT_TEXT_DIFFERS}" if SENT_TEXT_DIFFERS in tx.get(Message, message_id).note else ""


def _restore_ids(store, message_id: int, before: Message) -> None:
    """A copy that was not placed: the message's ids, account and note as they were before (and
    its text and state, when a new text was to go with it: `to_drafts(edit=...)`)."""
    with store.transaction() as tx:
        message = tx.get(Message, message_id)
        message.message_id, message.account = before.message_id, before.account
        message.note, message.updated_at = before.note, before.updated_at
        if (message.subject, message.body) != (before.subject, before.body):
            message.subject, message.body = before.subject, before.body
            message.state, message.approved_at = before.state, before.approved_at
            message.scheduled_at, message.last_error = before.scheduled_at, before.last_error
        tx.update(message)


def _in_sent(imap, message_ids: list[str], searched: list[str] | None = None) -> set[str]:
    """Those of `message_ids` found in a Sent folder of the mailbox: every folder that qualifies
    as one (marked \\Sent, or with a known name, or set by sent_folder), not only the one copies
    are written to (two mail programs may each keep their own). `searched`, when given, collects
    the folders looked in."""
    choice = _find_folder(imap, "sent")
    found: set[str] = set()
    for folder in choice.searched:
        if searched is not None:
            searched.append(folder)
        found |= {m for m in message_ids if m not in found and imap.contains_message_id(folder, m)}
        if len(found) == len(set(message_ids)):
            break
    return found


class CopyVanished(Conflict):
    """Refused: the copy of a note placed in Drafts is no longer there, and no copy of it was
    found in Sent (by its Message-ID, nor by its address and subject): the user's mail program may
    have sent it under another Message-ID all the same (a Sent folder it files elsewhere, or
    none). Never sent again by SMTP but at the user's word (`again`: how to say it; the command
    line's by default)."""

    def __init__(self, message: Message, again: str | None = None, not_done: str = "approved"):
        self.message_id, self.key = message.id, message.action_key
        again = again or (f"take the copy back: afterview approve {message.id} --withdraw --not-sent"
                          if not_done == "taken back" else
                          f"send it by SMTP: afterview approve {message.id} --smtp-instead --not-sent")
        sent = (f"mark it done (afterview done {message.action_key})" if message.action_key else
                f"take it off your drafts (afterview discard {message.id})")
        super().__init__(f"message {message.id} was not {not_done}: its copy is no longer in Drafts and may have "
                         "been sent from your mail program: check your Sent folder; if it was sent, "
                         f"{sent}; if it was not sent, {again}")


class DraftsEdited(Conflict):
    """Refused: the copy of a note in Drafts was edited in the user's mail program (its text is
    another than the note's), and what was asked would drop those edits: Afterview's older text
    sent by SMTP instead. Nothing is changed."""

    def __init__(self, message: Message, not_done: str = "approved"):
        self.message_id = message.id
        super().__init__(f"message {message.id} was not {not_done}: its copy in Drafts was edited in your mail "
                         "program (its text is another than Afterview's), and that copy stays as it is: send it from "
                         f"there, or take it back to keep your edits here (afterview approve {message.id} --withdraw), "
                         f"see them (afterview show {message.id}), then approve it (afterview approve {message.id})")


class Withdrawn(int):
    """How many copies `withdraw_copy` removed from Drafts (an int, as before), and whether the
    user's edits of that copy were kept as the note's text (`kept`)."""

    kept: bool = False

    def __new__(cls, removed: int, kept: bool = False) -> "Withdrawn":
        made = super().__new__(cls, removed)
        made.kept = kept
        return made


EDITS_KEPT = "your edits in Drafts were kept in message {id}"  # said when a copy edited there is taken back


def withdraw_copy(store, message_id: int, *, now: datetime, accounts: dict[str, Account],
                  not_done: str = "approved", not_sent: bool = False, again: str | None = None,
                  keep_edits: bool = False) -> Withdrawn:
    """Before a message copied into Drafts is approved for SMTP instead (or taken back, see
    `take_back_copy`): its copy there is removed (how many were). One the user already sent from
    their mail program (found in Sent) is marked sent, with the text found there, and the
    approval refused: found by its Message-ID, or, its copy gone from Drafts, sent anew under
    another one (to its address, with its subject, since it was drafted: `_sent_anew`). A copy
    gone from Drafts and found in no Sent folder refuses it too (`CopyVanished`), unless
    `not_sent`: the user says it was not sent (`again`: how the refusal says to say so). A
    server that cannot be reached refuses it too, with nothing changed: the copy might still go
    out from Drafts. `not_done`: what was then not done ("approved").

    A copy the user edited in Drafts (its text another than the note's) is never lost: with
    `keep_edits` (taking the copy back) its subject and text become the note's, recorded before
    the copy is removed (`Withdrawn.kept`); without (an approval for SMTP, which would send the
    older text) refused (`DraftsEdited`), nothing removed."""
    with store.transaction() as tx:
        message = tx.get(Message, message_id)
        known = _known_ids(tx, message_id)
    if not (message.note.startswith("placed in ") and message.message_id):
        return Withdrawn(0)
    if message.state not in (MessageState.DRAFTED, MessageState.FAILED, MessageState.APPROVED):
        return Withdrawn(0)  # approve says why it cannot be approved
    try:
        chosen = _account_for(message, accounts)
        with _mailbox(chosen) as imap:
            if _in_sent(imap, [message.message_id]):
                raise _AlreadySent(message_id, _sent_copy(imap, message.message_id))
            folder = imap.drafts_folder()
            uids = imap.uids_with_message_id(folder, message.message_id)
            if not uids:  # gone from Drafts: sent anew under another Message-ID, perhaps
                anew = _sent_anew(imap, message, known)
                if anew is not None:
                    raise _AlreadySent(message_id, anew[1], anew[0])
                if not not_sent:
                    raise CopyVanished(message, again, not_done)
            edited = _edited_copy(imap, uids, message)
            if edited is not None and not keep_edits:
                raise DraftsEdited(message, not_done)
            if edited is not None:  # recorded first: removed after, their words are kept whatever happens
                _keep_edits(store, message, edited, now)
            imap.remove(uids)
    except _AlreadySent as found:
        with store.transaction() as tx:
            _mark_found_in_sent(tx, message_id, now, copy=found.copy, sent_as=found.sent_as)
            differs = _text_differs_said(tx, message_id)
        anew = " under another Message-ID, by its address and subject" if found.sent_as else ""
        raise Conflict(f"message {message_id} was already sent from your mail program (found in your Sent folder"
                       f"{anew}): marked sent, not {not_done}{differs}") from None
    except (CopyVanished, DraftsEdited):
        raise
    except AfterviewError as err:
        raise DeliveryError(f"message {message_id}: its copy in Drafts could not be removed, so it was not {not_done} "
                            f"(it might still be sent from there): {err}") from None
    return Withdrawn(len(uids), edited is not None)


def _keep_edits(store, message: Message, edited: tuple[str, str], now: datetime) -> None:
    """Record the text of a copy edited in Drafts as the note's, while the note is as it was read
    (one changed meanwhile is refused: its copy is then not removed)."""
    with store.transaction() as tx:
        current = tx.get(Message, message.id)
        if (current.state, current.note, current.subject, current.body) != (
                message.state, message.note, message.subject, message.body):
            raise Conflict(f"message {message.id} changed meanwhile (it is {current.state.words}): its copy in "
                           "Drafts is left as it is")
        _take_text(current, edited)
        current.updated_at = now
        tx.update(current)


@dataclass
class TakenBack:
    """A copy taken back (`take_back_copy`): the note, a draft again; where its copy had gone
    ("placed in Drafts of home", "saved as /home/me/note.eml"); how many copies were removed from
    the Drafts folder; whether it had gone there; whether the user's edits of that copy were kept
    as its text (`EDITS_KEPT`)."""

    message: Message
    where: str
    removed: int
    in_drafts: bool
    kept: bool = False


TAKEN_BACK = "its copy taken back"  # a draft's note once its copy is taken back: "its copy taken back (placed in ...)"


def take_back_copy(store, message_id: int, *, now: datetime, accounts: dict[str, Account], not_sent: bool = False,
                   again: str | None = None) -> TakenBack:
    """A note copied out (to the Drafts folder, an .eml file, a link) is a plain draft again: it
    may then get a new text (`drafting.CopyIsOut` refuses one while the copy is out), and be
    copied out again or approved. Its copy in Drafts is removed first, by its Message-ID (as
    `approve --smtp-instead` removes it); one the user sent from there already (found in Sent) is
    marked sent instead, with the text that went, and nothing is taken back; a mailbox that
    cannot be reached changes nothing; a copy gone from Drafts and found in no Sent folder is
    refused (`CopyVanished`) unless `not_sent` (as `withdraw_copy`). An .eml file or a link cannot
    be taken back: only the note of it goes (the interface says not to send that copy)."""
    from afterview.services.drafting import copy_is_out

    with store.reading() as tx:
        message = tx.get(Message, message_id)
    if not copy_is_out(message):
        raise Conflict(f"message {message_id} is {message.state.words} and has no copy out (Drafts, an .eml file, "
                       "a link) to take back")
    removed = withdraw_copy(store, message_id, now=now, accounts=accounts, not_done="taken back", not_sent=not_sent,
                            again=again, keep_edits=True)
    where = message.note.split(";")[0]
    with store.transaction() as tx:
        current = tx.get(Message, message_id)
        if (current.state, current.note) != (message.state, message.note):  # changed meanwhile: said as it is now
            raise Conflict(f"message {message_id} changed meanwhile (it is {current.state.words}): nothing taken back")
        current.note, current.updated_at = f"{TAKEN_BACK} ({where})", now
        if COPY_STILL in current.last_error:  # a hold-back named it, as it could not take it back then: it is now
            current.last_error = re.sub(rf"; {re.escape(COPY_STILL)}.*?afterview approve {current.id} --withdraw",
                                        "; its copy was taken back since", current.last_error, count=1
                                        ).replace(f"({SEND_THAT_COPY})", f"({_all_the_same_command(current)})")
        tx.update(current)
    return TakenBack(current, where, removed, message.note.startswith("placed in "), removed.kept)


def to_eml(store, message_id: int, path: Path, *, now: datetime, accounts: dict[str, Account], account: str | None = None,
           force: bool = False, playbook=None, **review) -> Path:
    """Write the message as an .eml file any mail program opens.

    With no mail account set up, the file is from the address in your profile: writing a file
    needs no server. A file given by name that exists already is refused unless `force`; in a
    folder the file is message-ID.eml, and an earlier copy of the same message there is
    replaced. A symbolic link is never written through (see afterview.files).
    """
    from afterview.files import is_folder, write_whole

    into_folder = is_folder(path)
    target = path / f"message-{message_id}.eml" if into_folder else path
    with store.reading() as tx:  # planned outside the write lock (see `to_drafts`)
        message = tx.get(Message, message_id)
        in_drafts(message, "saved as an .eml file")
        _one_file(message, target)
        apart = out_all_the_same(tx, message, now=now, playbook=playbook)
    from afterview.delivery.compose_email import as_unsent

    with store.transaction() as tx:  # the file written inside: a failed write leaves the message as it was
        built = eml_copy(tx, message_id, now=now, accounts=accounts, account=account, **review)
        write_whole(target, as_unsent(built.data), replace=into_folder or force,
                    exists=" (give another name, or add --force to replace it)")
        note_copy(tx, message_id, f"saved as {target}{apart}", now)
    return target


def _one_file(message: Message, target: Path) -> None:
    """Refuse (Conflict) a second .eml file of a note saved as another one: two files could both
    be sent, and only the last would be named when it is taken back. The same file again is
    written again (a corrected text)."""
    said = message.note.split(";")[0] if message.note else ""
    if not said.startswith("saved as ") or message.state != MessageState.DRAFTED:
        return
    first = said.removeprefix("saved as ")
    if Path(first) == target:
        return
    raise Conflict(f"message {message.id} was saved as {first} already: one way out per message, so it is not saved "
                   f"as {target} too; write it there again (afterview send {message.id} --eml {first}), or, if that "
                   f"file never left, take it back first (afterview approve {message.id} --withdraw)")


def in_drafts(message: Message, way: str) -> None:
    """Refuse a second way out for a note whose copy waits in the Drafts folder (Conflict): one
    way out per message, or two copies could go, and the one in Drafts would be lost track of."""
    from afterview.services.drafting import copy_in_drafts

    if copy_in_drafts(message):
        raise Conflict(f"message {message.id} is {message.note.split(';')[0]}: one way out per message, so it is not "
                       f"{way} too; send that copy from your mail program, or take it back: afterview approve "
                       f"{message.id} --withdraw (your edits there are kept), then copy it out again")


def eml_copy(tx, message_id: int, *, now: datetime, accounts: dict[str, Account], account: str | None = None,
             **review) -> Built:
    """A message built for an .eml file: from the account, or from your profile's address when
    no mail account is set up (writing a file needs no server)."""
    if not accounts and not account:
        _refuse_gone(tx, _message(tx, message_id), now=now)  # what became of it first, before whom it is from
        accounts = {"": _profile_identity(tx)}
    return prepare_copy(tx, message_id, now=now, accounts=accounts, account=account, way=SAVED, **review)


def _profile_identity(tx) -> Account:
    """The sender of an .eml file when no mail account is set up: you, as in your profile."""
    profile = tx.profile()
    if not profile.email:
        raise NotFound("no mail account set up and no email address in your profile: "
                       "run 'afterview profile set --email you@example.com' (or 'afterview account add')")
    return Account(name="", email=profile.email, display_name=profile.name)


def to_mailto(tx, message_id: int, *, now: datetime | None = None, review: bool = False,
              despite_errors: bool = False, config=None, resend: bool = False, playbook=None) -> str:
    """A mailto: link of the message (with `review`, gated as `prepare_copy` is; one whose last
    send's outcome is unknown only with `resend`; one the plan no longer has is said to be sent
    all the same in its note, as `to_drafts` says it)."""
    from afterview.delivery.compose_email import mailto_link

    message = _message(tx, message_id)
    _require_not_queued(tx, message, now, playbook)
    _require_email(message)
    one_way_out(message, LINKED)  # a copy that left another way (a file, Drafts) is the one to send
    if outcome_unknown(message) and not resend:
        raise UnknownOutcome(message)
    _fill_recipient(tx, message)
    if review:
        require_reviewed(tx, message, config=config, despite_errors=despite_errors, verb=COPY_VERB, at=now)
    apart = out_all_the_same(tx, message, now=now, playbook=playbook) if now is not None else ""
    if not copied_out(message):  # a note of an earlier copy stays: `sync` looks for one placed in Drafts
        message.note = "copied out as a mailto: link"
    if apart and OUT_ALL_THE_SAME not in message.note:
        message.note += apart
    tx.update(message)
    return mailto_link(message)


# --- the outbox ---------------------------------------------------------------------------------

@dataclass
class Retry:
    """A send that failed for now: its error and when the outbox tries it again."""

    message_id: int
    error: str
    at: datetime


@dataclass
class SendReport:
    sent: list[int] = field(default_factory=list)
    retrying: list[tuple[int, str]] = field(default_factory=list)  # why, with the next try in UTC
    retries: list[Retry] = field(default_factory=list)  # the same, for saying the time in the user's zone
    failed: list[tuple[int, str]] = field(default_factory=list)
    unknown: list[tuple[int, str]] = field(default_factory=list)
    reconciled: list[tuple[int, str]] = field(default_factory=list)
    held_by_rate: int = 0
    skipped: list[int] = field(default_factory=list)  # claimed by another worker
    # not sent this round, with why: no longer planned, or gone stale since its moment (back to
    # drafts), or found late at a bad moment for them (moved: see `moved`)
    held_back: list[tuple[int, str]] = field(default_factory=list)
    moved: list[tuple[int, datetime]] = field(default_factory=list)  # found late: moved to their next good moment
    waiting: list[tuple[int, str]] = field(default_factory=list)  # their account cannot send: not tried, still due
    account_problems: list["AccountProblem"] = field(default_factory=list)  # one per account that cannot send
    reached: list[str] = field(default_factory=list)  # accounts whose SMTP session opened this run (they can send)
    confirmed: list[str] = field(default_factory=list)  # accounts whose server took a message this run (its 250)
    uncopied: list[tuple[int, str]] = field(default_factory=list)  # sent, but no copy filed in Sent: why (its note)
    checking: list[tuple[int, str]] = field(default_factory=list)  # being sent, or cut off: when reconcile looks (see reconcile)
    stopped: list[int] = field(default_factory=list)  # due, not tried: the run was asked to stop (they stay as they were)
    # sent by an earlier run that could not record it then (kept beside the database): recorded now
    recorded_late: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class AccountProblem:
    """An account that could not send this round (its server unreachable, its login refused,
    its password unreadable): a problem of its settings or its server, not of the messages."""

    account: str
    error: str
    temporary: bool  # the server could not be reached, or asked to come back later: tried again after a pause
    messages: list[int] = field(default_factory=list)  # the due messages it concerned
    halted: bool = False  # its sends failed alike several times in a row: it is held (see Hold)
    until: str = ""  # held: the minute from which one of its messages is tried again, as said

    def line(self) -> str:
        """One line for the user: what is wrong, what becomes of the messages, how to check it."""
        if self.halted:  # no count: the same line each round while it is held the same way
            return (f"account {self.account} stopped sending: {self.error}; its due messages stay approved or "
                    f"scheduled and are not tried before {self.until}, then one first, and the others once the "
                    f"server takes it (check it: afterview account test {self.account}; then the next round tries "
                    f"one at once)")
        count = len(self.messages)
        them = f"{count} due message{'' if count == 1 else 's'}"
        stay = f"stay{'s' if count == 1 else ''} approved or scheduled and go{'es' if count == 1 else ''} out"
        fate = (f"{stay} once its server can be reached (this spends none of {'its' if count == 1 else 'their'} "
                "attempts; the server is tried again after a pause)" if self.temporary else f"{stay} once it is fixed")
        return (f"account {self.account} cannot send: {self.error}; {them} {fate} "
                f"(check it: afterview account test {self.account})")


ACCOUNT_WAIT = outbox.ACCOUNT_WAIT  # the last error of a message whose account cannot send
SENT_UNCHECKED = outbox.SENT_UNCHECKED  # one from another copy of the data, not yet looked for there


# what a reply stops (stop_on_reply): never sent while a reply may be waiting unread
STOPPED_BY_REPLY = (MessageKind.STATUS_CHECK, MessageKind.CLOSING_THE_LOOP)
UNREAD_WAIT = "waiting for its replies to be read: "  # see send_due's `unread`


class Unread(str):
    """Why an account's new mail could not be read (the values of `read_first`'s and
    `send_due`'s `unread`), as text; `timed_out`: its mailbox server did not answer in time.
    Then the round files no copy in that account's Sent folder: each try would wait as long for
    nothing, and hold up the due mail behind it."""

    timed_out: bool = False

    def __new__(cls, text: str, timed_out: bool = False):
        made = super().__new__(cls, text)
        made.timed_out = timed_out
        return made


def send_due(store, *, now: datetime, accounts: dict[str, Account], only: list[int] | None = None,
             limit: int = 10_000, report: SendReport | None = None, playbook=None,
             unread: dict[str, str] | None = None, should_stop=None, progress=None, config=None,
             grace: timedelta = outbox.GRACE, tz: str = "", clock=None) -> SendReport:
    """Send every approved message that is due, each claimed first; one SMTP session per account.

    `now` is the round's moment (what is due, what is late); each step of each send is stamped
    with the moment it happens, read from `clock()`: its claim (so that another program counts
    its lease from when it was claimed, not from the start of a long round), its Date header,
    its sent_at and its next try. The worker passes its clock; a command passes
    `running_clock(now)` (the real time, or `--at`'s moment moving on as the worker's clock does).
    Without `clock`, every step is stamped `now`.

    A due message whose action is no longer planned is not sent (see `hold_back`); `playbook`
    is the effective one (from the configuration when not given). `unread`: the accounts whose
    new mail could not be read just before (name -> why): a status follow-up or closing the loop
    from one of them waits (in `waiting`, still due), since a reply stopping it may be there
    unread; the worker, the desk and `send-due` read the mail first.

    What goes out is what is stored when it is claimed: the message is read again in the claim's
    transaction (an edit and a new approval while this run went through the others is sent as
    edited, to the address then stored). `should_stop()`: asked before each message; once it
    says so, the run ends after the send under way (the others, in `stopped`, stay as they
    were). `progress()`: called each time results were recorded (the worker says them then).

    A due message found late (its moment passed more than `grace` ago while nothing sent it:
    the computer asleep, no worker running) is not sent by surprise: its moment is reviewed again
    first (`review_late`), and one that no longer suits its recipient is moved to their next good
    moment or made a draft again, said in `held_back` (and `moved`). Not for `only`: those are
    the user's own `send --now`, the desk's Send now, not second-guessed. `config`: the user's
    (its `[lint]` settings: waking hours, when a thank-you is late). `tz`: the user's zone, in
    which a send that went out but could not be recorded says the minute it is looked for from
    (`_looked_for_from`; UTC without one).

    The plan is read outside the write lock (planning is the slow part): the due messages it no
    longer has, and those found late that no longer suit, are then held back in a short
    transaction of their own, each only while it is still approved or scheduled as it was read.
    """
    import afterview.services.pipeline  # noqa: F401 (imported before the lock is taken, not while it is held)

    report = report or SendReport()
    record_kept_aside(store, report)  # (reconcile did it already, unless this is `send --now`)
    batch = _Batch(store, now, accounts, report, progress, unread, tz, only=only is not None, clock=clock)
    late: dict[int, Late] = {}
    with store.reading() as tx:
        ids = outbox.due_ids(tx, now, limit, only)
        batch.load(tx, ids)
        loaded = list(batch.messages.values())
        facts = actions = None
        if only is None and any(outbox.found_late(m, now, grace) for m in loaded):
            from afterview.planner import plan

            if playbook is None:
                from afterview.services.planning import effective_playbook

                playbook = effective_playbook()
            facts = tx.facts()
            actions = plan(facts, playbook, now)
        found = (unplanned(tx, loaded, now=now, playbook=playbook, postponed=True, facts=facts, actions=actions)
                 if loaded else {})
        if facts is not None:
            late = review_late(tx, [m for m in loaded if m.id not in found], now=now, playbook=playbook,
                               config=config, facts=facts, actions=actions, grace=grace)
    if loaded:
        with store.transaction() as tx:
            held = dict(hold_back(tx, now=now, playbook=playbook, messages=loaded, found=found))
            moved = dict(_settle_late(tx, {i: v for i, v in late.items() if i not in held}, batch.messages,
                                      now=now))
        batch.report.moved.extend((i, late[i].to) for i in moved if late[i].to is not None)
        held.update(moved)
        if held:
            batch.report.held_back.extend(held.items())
            ids = [i for i in ids if i not in held]
    if unread:
        ids = [i for i in ids if not _waits_for_replies(batch.messages[i], accounts, unread, batch.report)]
    try:
        for index, message_id in enumerate(ids):
            if should_stop is not None and should_stop():
                batch.report.stopped.extend(ids[index:])
                break
            batch.send_one(batch.messages[message_id])
        batch.flush()
    except StorageError as err:
        raise batch.unrecorded(err) from None
    finally:
        batch.close()
    return batch.report


def running_clock(start: datetime):
    """A clock that reads `start` now and runs on with the real seconds: the real time for a
    `start` read from it, or a moment given with --at moving on as the worker's clock does."""
    import time

    began = time.monotonic()
    return lambda: start + timedelta(seconds=time.monotonic() - began)


def _waits_for_replies(message: Message, accounts: dict[str, Account], unread: dict[str, str],
                       report: SendReport) -> bool:
    """A follow-up from an account whose new mail could not be read: it waits (see send_due)."""
    if message.kind not in STOPPED_BY_REPLY:
        return False
    try:
        account = _account_for(message, accounts)
    except AfterviewError:
        return False  # the send says what is wrong with its account
    why = unread.get(account.name)
    if why is None:
        return False
    report.waiting.append((message.id, f"{UNREAD_WAIT}replies to {account.name} could not be read ({why}), and one "
                                       "may stop this follow-up; it goes once they are read"))
    return True


def hold_back(tx, *, now: datetime, playbook=None, messages: list[Message] | None = None,
              found: dict[int, tuple[str, datetime | None]] | None = None) -> list[tuple[int, str]]:
    """Approved or scheduled emails whose action the plan no longer has: back to drafts, with why.

    A message was approved for a situation that may have changed before it goes out: they
    replied, the process ended, the person asked not to be contacted, or you marked the action
    done or skipped. Sending it then would be a surprise, or a second copy. So the send is
    withdrawn: the message is a draft again and its last error says why. It is never sent by
    Afterview while its action is not planned (approving it again would only be held back
    again); to send it all the same, the user puts it in the mailbox's Drafts folder. A news
    item to share may give way to a better one: that is still a pending share for the person,
    and is sent as approved. A note set to go out while the person is away (an out-of-office
    reply postponed its action) is held back too, and may be approved again for after their
    return, as is one set to go out before the moment you snoozed its action to (approved
    before that snooze). So is a keep-in-touch or share-news note approved before the person
    wrote to you: their message is to answer first (the next touch is planned from it), and the
    note may be approved again. So is one set to go out before its action's earliest moment as
    the plan has it now (a longer wait in the playbook), unless set so on purpose since (see
    `unplanned`). One whose action you marked done is not a draft again: it counts as done
    elsewhere, as `done` makes a draft of it (`_done_elsewhere`); and for someone who asked not
    to be contacted no way to send it all the same is given (`all_the_same`).

    The records a note was approved for may also have changed while it was being sent, when
    `person edit` and `interview edit` could not touch it ("too late to change it"); a
    temporary failure then puts it back, approved, for a retry. So, as those edits do
    (`changed_since_approval`): a note to an address that is no longer one of its person's is
    readdressed and a draft again, and a note about an interview set to go out before that
    interview ends is a draft again. Returns (message id, why) for each.

    `found`: what `unplanned(..., postponed=True)` found of `messages`, as they were read before
    this transaction (the outbox, `hold_back_planned`: planning is kept out of the write lock).
    Each is held back on it only while it is still the record that was planned: holding it
    back then is what holding it back when the plan was made would have done (whatever else
    changed since, its hold changes nothing of it). One changed since (sent, withdrawn, approved
    again, rescheduled, edited) is planned again here, as it is now.
    """
    if messages is None:  # every approved or scheduled one (else: the due ones the outbox loaded)
        messages = tx.list(Message, state=[MessageState.APPROVED, MessageState.SCHEDULED])
    if found is not None:  # planned as they were read before: each as it is now
        read = {m.id: m for m in messages}
        stored = {m.id: m for m in tx.list(Message, id=sorted(read))} if read else {}
        found = {i: why for i, why in found.items() if i in read and stored.get(i) == read[i]}
        messages = list(stored.values())
        again = [m for m in messages if m != read[m.id] and m.state in (MessageState.APPROVED, MessageState.SCHEDULED)]
        if again:
            found.update(unplanned(tx, again, now=now, playbook=playbook, postponed=True))
    sendable = [m for m in messages if m.state in (MessageState.APPROVED, MessageState.SCHEDULED)]
    from afterview.services.pipeline import take_back

    by_id = {m.id: m for m in sendable}
    held = []
    if found is None:
        found = unplanned(tx, sendable, now=now, playbook=playbook, postponed=True)
    for message_id, (cause, later) in found.items():
        if message_id not in by_id:
            continue
        if later is None:
            done = _marked_done(tx, by_id[message_id].action_key)
            if done is not None:  # the note counts as the one you sent, as `done` on a draft makes it
                held += _done_elsewhere(tx, by_id[message_id], done, cause, now)
                continue
            hint = all_the_same(tx, by_id[message_id], cause)
        elif later <= now:  # still planned, and due: approved again, it goes as it is
            hint = "read it again, then approve it if it still fits"
        else:
            hint = f"approve it and schedule it again from {_yours(tx.profile().timezone, later, now)} on"
        held += take_back(tx, [by_id[message_id]], now, cause, hint)
    gone = {i for i, _ in held}
    held += changed_since_approval(tx, [m for m in sendable if m.id not in gone], now=now)
    return held


# Said of a note held back for someone who asked not to be contacted, instead of the way to send
# it all the same (there is none to give)
NOT_TO_CONTACT = "nothing goes to them while they ask not to be contacted"


# Said of a note held back because their reply stops it, instead of a way to send it all the same:
# the playbook calls a follow-up sent after a reply the worst failure (stop on reply)
AFTER_THEIR_REPLY = "sent now, it would cross their reply: read the reply ({reply}) and answer that instead"


class Stopped(str):
    """Why the plan no longer has a note's action (`unplanned`), as text; `reply`: the reply of
    theirs that stops it, when that is the cause (then no way to send it all the same is given,
    but how to read the reply: `all_the_same`)."""

    reply: Inbound | None = None

    def __new__(cls, text: str, reply: Inbound | None = None):
        made = super().__new__(cls, text)
        made.reply = reply
        return made


def all_the_same(tx, message: Message, cause: str = "") -> str:
    """How to send a note the plan no longer has all the same (`pipeline.ALL_THE_SAME`, with its
    id), said with its hold-back or refusal; for a person who asked not to be contacted, no
    such advice (`NOT_TO_CONTACT`); for one their reply stops (`cause`, a `Stopped` naming the
    reply), how to read that reply instead (`AFTER_THEIR_REPLY`)."""
    from afterview.services.pipeline import ALL_THE_SAME

    person = tx.get(Person, message.person_id) if message.person_id is not None else None
    if person is not None and (person.do_not_contact or _asked_in_a_reply(tx, person)):
        return NOT_TO_CONTACT
    reply = getattr(cause, "reply", None)
    if reply is not None:
        return AFTER_THEIR_REPLY.format(reply=f"reply {reply.id} in afterview replies --all")
    return ALL_THE_SAME.format(id=message.id)


def _asked_in_a_reply(tx, person: Person) -> bool:
    """Whether a reply of theirs asks not to be contacted again (planner.facts.stop_request)."""
    from afterview.planner.facts import stop_request

    return any(stop_request(r) for r in tx.list(Inbound, person_id=person.id))


# The reasons a draft keeps for being held back ("not sent: ..."), by what makes them out of date
# (see `hold_lapsed`): the plan no longer had its action (said with the way to send it all the
# same, how to read the reply that stopped it, or that nothing goes to someone who asked not to
# be contacted) ...
_PLAN_HOLDS = ("to send it all the same", NOT_TO_CONTACT, "it would cross their reply")
# ... or its text named a record's old name (services.pipeline's renames), or greeted its person so
_NAMED_HOLDS = tuple(re.compile(pattern) for pattern in (
    r"^not sent: it names (?:the company|the role) (?P<old>.+?), now .+?; a draft again \(",
    r"^not sent: it was written to (?P<old>.+?), now .+?; a draft again \(",
    r"^not sent: it greets .+? as (?P<old>.+?), now as .+?; a draft again \(",
))
HELD_EARLIER = "held back earlier, for a reason that no longer holds"


def hold_lapsed(message: Message, planned: set[str] | dict | None = None) -> str:
    """Why the reason a draft keeps for being held back no longer holds, in a few words ("it is
    planned again and can be approved", "its text no longer names Data Engineer, so it can be
    approved"), or "" when it still does (or it has none). One rule for every place that says
    the reason (`show`, the desk's editor), which says HELD_EARLIER then, rather than a cause
    that is gone: the plan no longer had its action (a cancelled interview, a closed process,
    do-not-contact, a decision) and `planned` (the keys of the plan now) has it again; or its
    text named an old name, and no longer does (drafted again, or edited; a reply's subject is
    its thread's, kept as it was). Other reasons (an address, the interview's time) hold until
    it is approved again, which clears them."""
    error = message.last_error or ""
    if message.state != MessageState.DRAFTED or not error.startswith("not sent"):
        return ""
    if any(marker in error for marker in _PLAN_HOLDS):
        again = planned is not None and message.action_key in planned
        if again and copied_out(message):  # its copy is out still (it could not be taken back)
            return "it is planned again: its copy may be sent after all"
        return "it is planned again and can be approved" if again else ""
    for pattern in _NAMED_HOLDS:
        found = pattern.match(error)
        if found is not None:
            old = found.group("old").strip()
            named = re.compile(rf"(?<!\w){re.escape(old)}(?!\w)", re.IGNORECASE)
            # the subject of a reply is its thread's (drafted again, it keeps it): its text is the body
            subject = "" if message.in_reply_to else message.subject or ""
            if old and not (named.search(subject) or named.search(message.body or "")):
                return f"its text no longer names {old}, so it can be approved"
            return ""
    return ""


def needs_plan(message: Message) -> bool:
    """Whether `hold_lapsed` of this message asks the plan (its reason is the plan's): only then is
    it worth making one for it."""
    error = message.last_error or ""
    return (message.state == MessageState.DRAFTED and error.startswith("not sent") and bool(message.action_key)
            and any(marker in error for marker in _PLAN_HOLDS))


def lapsed_hold(tx, message: Message, *, now: datetime, playbook=None, facts: Facts | None = None) -> str:
    """`hold_lapsed` of a message as stored in `tx`, the plan made only when its reason asks it."""
    planned = set(_plan(tx, now, playbook, facts)) if needs_plan(message) else None
    return hold_lapsed(message, planned)


def _marked_done(tx, key: str):
    """The done decision in force on `key` (the latest), or None."""
    from afterview.domain.model import Decision

    if not key:
        return None
    done = [d for d in tx.list(Decision, action_key=key) if d.kind == DecisionKind.DONE and d.undone_at is None]
    return max(done, key=lambda d: (d.at, d.id or 0)) if done else None


def _done_elsewhere(tx, message: Message, done, cause: str, now: datetime) -> list[tuple[int, str]]:
    """An approved or scheduled note whose action you marked done: its approval withdrawn, and it
    counts as done elsewhere (the one you sent), as `done` makes a draft of it (services.planning:
    stamped with the decision's moment, so that undoing the decision makes it a draft again). One
    approved again after an unknown outcome keeps that trace (undone, it is failed so again).
    Conditional on its state, like the outbox's hold: one a worker has just claimed is left alone."""
    unknown = resent(message)
    trace = (f"{UNKNOWN_PREFIX}: its send was interrupted; approved again, then its action was marked done; "
             f"{UNKNOWN_ADVICE}") if unknown else ""
    if not outbox.hold(tx, message.id, now, trace, state=MessageState.DONE_ELSEWHERE, note="" if unknown else None,
                       at=done.at):
        return []
    return [(message.id, f"not sent: {cause}; it counts as done elsewhere (its approval is withdrawn)")]


def marked_sent_warnings(tx, key: str, *, config=None, playbook=None) -> list[str]:
    """What the review finds wrong in the notes `afterview done KEY` (the desk's Done) counted as
    the ones you sent (done elsewhere from the moment of the done in force), one line each, to say
    as a warning: you said it went, and it went as stored only if you sent it as written. A
    LinkedIn note over the limit is said with what LinkedIn does to it (it cuts it, or refuses
    it) and how to take the done back. Nothing for a note the review finds no error in, nor once
    the done is undone. Run after the done and its hold-back (`hold_back`: an approved note
    counts as done elsewhere then).

        marked_sent_warnings(tx, "linkedin_note:p5")
        # ["message 5 (the LinkedIn request to Grace Liu), which you marked sent, has an error:
        #   211 characters, over the LinkedIn limit of 200 by 11 [linkedin-limit]: LinkedIn would
        #   have cut it or refused it; if it did not go as written, afterview undo ..."]
    """
    from afterview.domain.model import message_named
    from afterview.services.drafting import review_message

    done = _marked_done(tx, key)
    if done is None:
        return []
    # (marked at its moment, or just after it: the desk's Mark as sent stamps the note it is on)
    marked = [m for m in tx.list(Message, action_key=done.action_key, state=MessageState.DONE_ELSEWHERE)
              if m.updated_at is not None and m.updated_at >= done.at]
    if not marked:
        return []
    facts = tx.facts()
    lines = []
    for message in marked:
        errors = [f for f in review_message(facts, message, config, playbook) if f.severity == "error"]
        if not errors:
            continue
        person = facts.people.get(message.person_id)
        named = message_named(message.kind, person.name if person is not None else None)
        found = "; ".join(f"{f.message} [{f.code}]" for f in errors)
        said = (f"message {message.id} ({named}), which you marked sent, has "
                f"{'an error' if len(errors) == 1 else f'{len(errors)} errors'}: {found}")
        back = f"afterview undo {done.action_key} makes it a draft again"
        if any(f.code == "linkedin-limit" for f in errors):
            lines.append(f"{said}: LinkedIn would have cut it or refused it; if it did not go as written, {back}, "
                         "to shorten and send")
        else:
            lines.append(f"{said}: if you sent it as written, it went so; if it did not go, {back}")
    return lines


def changed_since_approval(tx, messages: list[Message], *, now: datetime) -> list[tuple[int, str]]:
    """Of these approved or scheduled emails, those whose records changed as `person edit` or
    `interview edit` would not have let them stay approved: a draft again, as those edits make
    them, with the same words (id, why).

    Their address is no longer one of their person's (or they have none): readdressed and a
    draft again (`pipeline.follow_addresses`). They are about an interview that now ends after
    the moment they go out: a draft again (`interviews.hold_early`). An edit makes these
    checks itself; here they catch a note the edit could not change because it was being sent,
    and that a temporary failure then put back for a retry."""
    from afterview.domain.model import Interview

    sendable = [m for m in messages if m.channel == Channel.EMAIL
                and m.state in (MessageState.APPROVED, MessageState.SCHEDULED)]
    if not sendable:
        return []
    held: list[tuple[int, str]] = []
    people = {p.id: p for p in tx.list(Person, id=sorted({m.person_id for m in sendable}))}
    moved = {m.person_id for m in sendable if address_moved(m, people.get(m.person_id))}
    if moved:
        from afterview.services.pipeline import follow_addresses

        for person_id in sorted(moved):
            held += [(r.message_id, r.held) for r in follow_addresses(tx, people[person_id], now=now) if r.held]
    gone = {i for i, _ in held}
    about = sorted({m.interview_id for m in sendable if m.interview_id is not None and m.id not in gone})
    interviews = {i.id: i for i in tx.list(Interview, id=about)} if about else {}
    early = sorted({m.interview_id for m in sendable if m.id not in gone
                    and goes_before_the_end(m, interviews.get(m.interview_id), now)})
    if early:
        from afterview.services.interviews import hold_early

        for interview_id in early:
            held += hold_early(tx, interviews[interview_id], now=now)
    gone = {i for i, _ in held}
    held += bounced_since_approval(tx, [m for m in sendable if m.id not in gone], now=now)
    return held


def bounced_since_approval(tx, messages: list[Message], *, now: datetime) -> list[tuple[int, str]]:
    """Of these approved or scheduled emails, those to an address a message of ours bounced from
    after they were approved (the bounce read since: by the sync of the very round that would
    send them): a draft again, with the server's words, rather than a second message to a dead
    address. Approved again once the bounce was read, a note goes: that is the user's answer.
    The moment a bounce was read is when it failed its message (`reading._mark_bounced`: its
    `updated_at`, its last error "bounced: ...")."""
    from afterview.services.pipeline import take_back

    emails = [m for m in messages if m.channel == Channel.EMAIL]
    found = bounced_after_approval(emails, tx.list(Message, state=[MessageState.FAILED]) if emails else [])
    held: list[tuple[int, str]] = []
    for message in emails:
        if message.id in found:
            held += take_back(tx, [message], now, bounce_cause(found[message.id]),
                              "approved again, it goes to the address it has")
    return held


# What `changed_since_approval` holds back, as pure tests on the records: the outbox's round
# applies them (and writes), `planning.changed_since` predicts them (and writes nothing).

def address_moved(message: Message, person: Person | None) -> bool:
    """The note's address is no longer one of its person's."""
    return (bool(message.to_address) and person is not None
            and message.to_address.casefold() not in {e.casefold() for e in person.emails})


def goes_before_the_end(message: Message, interview, now: datetime) -> bool:
    """The note goes out (at its scheduled moment, else now) before its interview ends."""
    return interview is not None and (message.scheduled_at or now) < interview.end


def bounced_after_approval(messages: list[Message], failed: list[Message]) -> dict[int, Message]:
    """Of these emails, each to an address one of the `failed` messages bounced from after it was
    approved: id -> the latest such message (the moment a bounce was read is when it failed its
    message: `reading._mark_bounced`, its `updated_at`, its last error "bounced: ...")."""
    from afterview.domain.values import address_key

    wanted = {address_key(m.to_address) for m in messages if m.to_address}
    latest: dict[str, Message] = {}
    for bounced in failed:
        address = address_key(bounced.to_address)
        if (address in wanted and bounced.state is MessageState.FAILED and bounced.last_error.startswith("bounced:")
                and bounced.updated_at is not None
                and (address not in latest or bounced.updated_at > latest[address].updated_at)):
            latest[address] = bounced
    found = {}
    for message in messages:
        bounced = latest.get(address_key(message.to_address)) if message.to_address else None
        if (bounced is not None and bounced.id != message.id and message.approved_at is not None
                and message.approved_at < bounced.updated_at):
            found[message.id] = bounced
    return found


def bounce_cause(failed: Message) -> str:
    """Why a note is held back after a bounce to its address, in the outbox's words."""
    from afterview.delivery.bounces import not_the_address

    reason = failed.last_error.removeprefix('bounced:').strip()
    why = not_the_address(reason)
    advice = f"{why}: try again later" if why else "check the address first"
    return f"message {failed.id} bounced ({reason}): {advice}"


# The notes a message from the person (a real reply, not an automatic one) makes out of date
# once it came after their approval: a touch "with a reason to write" when they just wrote.
ANSWER_FIRST = {MessageKind.KEEP_WARM: "answer them instead; the next touch is planned from their reply",
                MessageKind.SHARE_NEWS: "answer them instead (the news can go with your answer)"}


def unplanned(tx, messages: list[Message], *, now: datetime, playbook=None, postponed: bool = False,
              facts: Facts | None = None, actions: list | None = None) -> dict[int, tuple[str, datetime | None]]:
    """Of these emails, those drafted for an action the plan no longer has: id -> (why, None).

    With `postponed`, also those set to go out (scheduled, or now) before the moment an
    out-of-office reply postponed their action to: id -> (why, that moment). An approval for
    after that moment is kept. So are those set to go out before their action's earliest moment
    as the plan has it now (the playbook or the records moved it later since they were set:
    PLAN_MOVED), but one you set before it on purpose (`outbox.chosen_early`) while the plan's
    earliest has not moved later since, and one about an interview that ends after its moment
    (`changed_since_approval` says that, as `interview edit` does): id -> (why, the plan's
    moment). And the keep-in-touch and share-news notes (`ANSWER_FIRST`) approved before the
    person last wrote to you: id -> (why, the moment the plan has for the action now, or None
    when it has none). One approved again after their message is kept.
    `facts`: those of `tx`, when the caller has read them already; `actions`: the plan of those
    facts with `playbook` at `now`, when the caller has made it already.
    """
    from afterview.planner import plan
    from afterview.planner.engine import POSTPONED_OUT_OF_OFFICE
    from afterview.planner.facts import Index

    candidates = [m for m in messages if m.action_key and m.channel == Channel.EMAIL]
    if not candidates:
        return {}
    if playbook is None:
        from afterview.services.planning import effective_playbook

        playbook = effective_playbook()
    facts = facts if facts is not None else tx.facts()
    actions = actions if actions is not None else plan(facts, playbook, now)
    planned = {a.key: a for a in actions}
    sharing = {a.person_id for a in actions if a.kind == MessageKind.SHARE_NEWS}
    index = Index(facts, "UTC", "")
    early = outbox.chosen_early(tx) if postponed else {}
    found: dict[int, tuple[str, datetime | None]] = {}
    for m in candidates:
        action = planned.get(m.action_key)
        wrote = index.last_reply_from.get(m.person_id) if postponed and m.kind in ANSWER_FIRST else None
        snoozed = _snoozed_before(index, m, now) if postponed and action is not None else None
        if action is None and not (m.kind == MessageKind.SHARE_NEWS and m.person_id in sharing):
            found[m.id] = (_not_planned(index, facts, m), None)
        elif wrote is not None and m.approved_at is not None and wrote > m.approved_at:
            later = _suggested(action) if action is not None else now
            found[m.id] = (f"{_wrote(facts, m.person_id, wrote)} after you approved it: {ANSWER_FIRST[m.kind]}", later)
        elif snoozed is not None:
            found[m.id] = (f"{SNOOZED_IT}{_until(facts, snoozed, now)}", max(_suggested(action), snoozed))
        elif postponed and action is not None and (m.scheduled_at or now) < action.earliest:
            away = next((n for n in action.note.split("; ") if n.startswith(POSTPONED_OUT_OF_OFFICE)), None)
            if away is not None:  # ", back Thu 10 Dec or the business day after", or " (no return date given)"
                found[m.id] = (f"they are out of office{away[len(POSTPONED_OUT_OF_OFFICE):]}", action.earliest)
            elif not _set_early(early, m, action) and not _before_its_end(facts, m, now):
                set_for = _until(facts, m.scheduled_at or now, now)
                found[m.id] = (f"{PLAN_MOVED}{_until(facts, action.earliest, now)} (the playbook or the records it is "
                               f"planned from changed since it was set to go out {set_for})",
                               _suggested(action))
    return found


def held_back_then(tx, key: str, *, now: datetime, playbook=None, facts: Facts | None = None,
                   actions: list | None = None) -> str:
    """What the outbox's pre-send check holds back, as things stand now, of the note approved or
    scheduled for action `key` (`unplanned`, as `send_due` asks it): "message 8 is held back
    before it goes: WHY; ..." for `why` to warn before then ("" when it goes as set)."""
    on_its_way = [m for m in tx.list(Message, action_key=key)
                  if m.state in (MessageState.APPROVED, MessageState.SCHEDULED) and m.channel == Channel.EMAIL]
    if not on_its_way:
        return ""
    found = unplanned(tx, on_its_way, now=now, playbook=playbook, postponed=True, facts=facts, actions=actions)
    for message in on_its_way:
        if message.id in found:
            cause, later = found[message.id]
            if later is None:
                return f"message {message.id} is held back before it goes: {cause}"
            return (f"message {message.id} is held back before it goes: {cause}; to go by the plan now: "
                    f"afterview approve {message.id} --withdraw, then afterview approve {message.id}")
    return ""


# How the outbox's hold-back says a note set to go out before its action's earliest moment as the
# plan has it now (a playbook change, a new decision date moved it later since)
PLAN_MOVED = "the plan now has it from "


def _set_early(early: dict[int, tuple[datetime, datetime]], message: Message, action) -> bool:
    """Whether the note was set to go out before the plan's earliest on purpose (`outbox.chosen_early`),
    and the plan's earliest has not moved later since. Its moment may be later than the one set (a
    temporary failure retries it later); one set again before the earliest is recorded again."""
    entry = early.get(message.id)
    return (entry is not None and entry[1] >= action.earliest
            and (message.scheduled_at is None or entry[0] <= message.scheduled_at))


def _before_its_end(facts, message: Message, now: datetime) -> bool:
    """A note about an interview set to go out before that interview ends: held back with its own
    words (`changed_since_approval`, as `interview edit` holds it)."""
    interview = facts.interviews.get(message.interview_id) if message.interview_id is not None else None
    return interview is not None and (message.scheduled_at or now) < interview.end


# How the outbox's hold-back note says a snooze (services.planning forgets it when the snooze is undone)
SNOOZED_IT = "you snoozed it until "


def _snoozed_before(index, message: Message, now: datetime) -> datetime | None:
    """The moment its action is snoozed to, when the message was approved (before that snooze)
    to go out before it; else None. One approved after the snooze is your later word: kept."""
    until = index.snoozed_until(message.action_key)
    if until is None or (message.scheduled_at or now) >= until:
        return None
    snoozes = index.decisions_by_key.get(message.action_key, ())
    snooze = [d for d in snoozes if d.kind == DecisionKind.SNOOZE and d.until][-1]
    if message.approved_at is not None and message.approved_at > snooze.at:
        return None
    return until


def _until(facts, at: datetime, now: datetime) -> str:
    """"Sat 5 Dec 09:00", in the user's zone, with its year when it is not `now`'s ("Tue 5 Jan
    2027 09:00"), as the plan says a snooze."""
    return _yours(facts.profile.timezone, at, now)


def _yours(zone: str, at: datetime, now: datetime | None = None, far: timedelta | None = None) -> str:
    """"Sat 5 Dec 09:00" in the user's zone `zone` (the profile's): every moment of a hold-back
    line is said so, the snooze's and the one to schedule again from alike. Given `now`, a moment
    in a year other than now's says its year ("Tue 5 Jan 2027 09:00"), as the plan's day words
    do, and so does one more than `far` from now, when given; one in the hour the clocks go back
    says which ("Sun 1 Nov 01:30 CDT": `repeated_mark`)."""
    from afterview.domain.days import short_day
    from afterview.domain.values import repeated_mark
    from afterview.planner.facts import safe_zone

    tz = safe_zone(zone or "UTC", "UTC")
    local = at.astimezone(tz)
    return f"{short_day(local.date())}{_year(local, now, far)} {local:%H:%M}{repeated_mark(local)}"


def _year(local: datetime, now: datetime | None, far: timedelta | None = None) -> str:
    """" 2027" after a day when `local` (a moment in its zone) is in another year than `now` there,
    or more than `far` from it; "" otherwise, or without `now`."""
    if now is None:
        return ""
    other = now.astimezone(local.tzinfo).year != local.year
    return f" {local.year}" if other or (far is not None and abs(local - now) > far) else ""


def _wrote(facts, person_id: int, at: datetime) -> str:
    """"Dana Reyes wrote to you on Tue 12 Oct 2027" (the day in the user's zone)."""
    from afterview.planner.facts import safe_zone

    person = facts.people.get(person_id)
    day = at.astimezone(safe_zone(facts.profile.timezone or "UTC", "UTC"))
    return f"{person.name if person else 'they'} wrote to you on {day:%a} {day.day} {day:%b %Y}"


def _not_planned(index, facts, message: Message) -> str:
    """Why a message's action is not planned: what the user decided, what changed in the records
    it is about, their reply (a `Stopped` naming it), the process closed, or a stop condition."""
    done = index.completion(message.action_key)
    if done is not None:
        what = {"sent": "it was already sent", "done": "you marked it done", "skip": "you skipped it"}[done.how]
        return f"{what}{f' ({done.note})' if done.note else ''}"
    changed = _changed(facts, message)
    if changed:
        return changed
    from afterview.planner.engine import open_again_cause, withdrawal_cause
    from afterview.planner.facts import safe_zone

    zone = safe_zone(facts.profile.timezone or "UTC", "UTC")
    # the decision it followed, taken back (or the process open again): the cause, not a reply older than that
    moved = ((withdrawal_cause(facts, message.opportunity_id, zone) if message.kind == MessageKind.WITHDRAWAL else "")
             or open_again_cause(facts, message.action_key or "", zone))
    if moved:
        return moved
    reply = _stopping_reply(index, facts, message)
    if reply is not None:
        return Stopped(_replied_words(facts, reply), reply)
    return (_closed(facts, message)
            or "it is no longer planned (a reply, a decision, a closed process or do-not-contact stops it)")


# How a decision that closed a process (or an offer, which stops status follow-ups) is said of a
# note it holds back: "the process was closed: rejected on Tue 8 Dec"
_CLOSED_WORDS = {OpportunityStatus.REJECTED: "the process was closed: rejected on {day}",
                 OpportunityStatus.WITHDRAWN: "the process was closed: you withdrew on {day}",
                 OpportunityStatus.NO_RESPONSE: "the process was closed: no response, closed on {day}",
                 OpportunityStatus.ACCEPTED: "the process was closed: you accepted their offer on {day}",
                 OpportunityStatus.OFFER: "they made you an offer on {day}: no status follow-ups while it stands"}


def _closed(facts, message: Message) -> str:
    """The decision on the note's process that stops it, with its day in the user's zone ("the
    process was closed: rejected on Tue 8 Dec"); "" when its process is open."""
    from afterview.planner.facts import in_force, safe_zone

    opportunity_id = message.opportunity_id
    if opportunity_id is None and message.interview_id in facts.interviews:
        opportunity_id = facts.interviews[message.interview_id].opportunity_id
    opportunity = facts.opportunities.get(opportunity_id) if opportunity_id is not None else None
    if opportunity is None or opportunity.status not in _CLOSED_WORDS:
        return ""
    if opportunity.status == OpportunityStatus.OFFER and message.kind not in STOPPED_BY_REPLY:
        return ""  # an offer stops the status follow-ups alone
    zone = safe_zone(facts.profile.timezone or "UTC", "UTC")
    changes = in_force(opportunity.history, zone).changes
    start = len(changes)
    while start and changes[start - 1].status == opportunity.status:
        start -= 1
    if start == len(changes):  # no change recorded to this status (an old record): said without its day
        return _CLOSED_WORDS[opportunity.status].replace(" on {day}", "")
    day = changes[start].at.astimezone(zone)
    return _CLOSED_WORDS[opportunity.status].format(day=f"{day:%a} {day.day} {day:%b}")


def stop_cause(facts, key: str) -> str:
    """What stops an action that is no longer planned, when a record says it plainly (what
    changed in the records its key names, do-not-contact, or their reply: "Hana Ito replied on
    Tue 8 Dec"); "" otherwise. For `why` (services.planning.explain), as the outbox says it of a
    held-back note."""
    from afterview.domain.keys import parse_key
    from afterview.planner.facts import Index

    parsed = parse_key(key)
    ids = parsed[1] if parsed else {}
    if "p" not in ids:
        return ""
    opportunity = ids.get("o")
    if opportunity is None and ids.get("i") in facts.interviews:
        opportunity = facts.interviews[ids["i"]].opportunity_id
    probe = Message(kind=MessageKind.THANK_YOU, person_id=ids["p"], opportunity_id=opportunity, action_key=key)
    changed = _changed(facts, probe)
    if changed:
        return changed
    reply = _stopping_reply(Index(facts, "UTC", ""), facts, probe)
    if reply is None:
        return ""
    said = _replied_words(facts, reply)
    offer = decision_offer(facts, reply) if stated_decision_of(reply) is not None else None
    if offer is not None and parsed[0] in ("status_check", "closing_the_loop"):  # the follow-ups it stopped
        said += f"; {offer.words}: for the follow-ups to go by it, record it: {offer.command}"
        if offer.to_review:
            said += f" (then confirm the reply: afterview replies confirm {reply.id} --status {JUST_NOTED})"
    notice = left_notice(facts, reply)
    if notice is not None and notice.commands:  # what to do about it: a new address, or none
        said += "; " + "; ".join(f"{what}: {command}" for what, command in notice.commands)
    return said


def _stopping_reply(index, facts, message: Message) -> Inbound | None:
    """Their reply, when that is what stops the message's action (None when there is none, or
    the process is closed: then that is the likelier cause): a real reply about the message's
    opportunity, or from its person, received after the message was drafted (else the latest
    one). Said "Hana Ito replied on Tue 8 Dec" (`_replied_words`, in the user's zone)."""
    opportunity = facts.opportunities.get(message.opportunity_id) if message.opportunity_id is not None else None
    if opportunity is not None and opportunity.status.is_closed:
        return None
    found = [reply for reply, _person in (index.replies(opportunity.id, {message.person_id}) if opportunity is not None
                                          else index.replies_by_person.get(message.person_id, ()))]
    if not found:
        return None
    since = message.created_at
    recent = [r for r in found if since is None or r.received_at >= since] or found
    return max(recent, key=lambda r: r.received_at)


def _replied_words(facts, reply: Inbound) -> str:
    from afterview.delivery.reading import has_left, sender_words
    from afterview.planner.facts import safe_zone

    person = facts.people.get(reply.person_id) if reply.person_id is not None else None
    who = person.name if person else sender_words(facts, reply)
    zone = safe_zone(facts.profile.timezone or "UTC", "UTC")
    day = reply.received_at.astimezone(zone)
    if has_left(reply):  # their automatic reply says so: their address no longer reaches them
        return f"{who} has left, says their automatic reply of {day:%a} {day.day} {day:%b}"
    return f"{who} replied on {day:%a} {day.day} {day:%b}"


def _changed(facts, message: Message) -> str:
    """What changed in the records an action's key names, when that is why it is gone ("" when
    nothing plain did)."""
    from afterview.domain.keys import parse_key

    parsed = parse_key(message.action_key)
    ids = parsed[1] if parsed else {}
    person = facts.people.get(message.person_id)
    name = person.name if person else "the person"
    if "o" in ids and ids["o"] not in facts.opportunities:
        return f"opportunity {ids['o']} was deleted"
    if "i" in ids:
        interview = facts.interviews.get(ids["i"])
        if interview is None:
            return f"interview {ids['i']} was deleted"
        if interview.cancelled:
            return f"interview {ids['i']} is cancelled"
        # a follow-up's contact may come from another round of the process (one with nobody on
        # it names the latest round that had people: planner.facts.process_contact)
        rounds = ([i for i in facts.interviews.values() if i.opportunity_id == interview.opportunity_id]
                  if parsed and parsed[0] in ("status_check", "closing_the_loop") else [interview])
        if all(message.person_id != p.person_id for i in rounds for p in i.participants):
            return f"{name} is no longer on the panel of interview {ids['i']}"
    from afterview.planner.facts import no_contact_cause, safe_zone

    asked = no_contact_cause(facts, person, safe_zone(facts.profile.timezone or "UTC", "UTC"))
    if asked:  # marked do-not-contact, or asked in a reply: with how to take it back
        return asked
    if parsed and parsed[0] == "share_news" and not any(n.id == ids.get("n") for n in facts.news):
        return f"news item {ids['n']} was deleted"
    return ""


# --- a note found late: its moment passed while nothing sent it ----------------------------------

# A note found later than this past its plan's latest moment has gone stale (a reply to their
# decision days after it came, a keep-in-touch note past the end of its year of touches).
LATEST_SLACK = timedelta(days=1)
_MORNINGS = 10  # how many of the recipient's business mornings are tried for a note found late
# A moment a note found late names (when it was to go out, when it goes now) says its year when
# not in now's, or further from now than this: a note of last spring is not read as this year's.
_FAR = timedelta(days=183)


@dataclass(frozen=True)
class Late:
    """What the outbox does with a due note found late (see `review_late`): moved to `to`, or,
    with `to` None, made a draft again; `why` as the outbox says it, `hint` the ways on from a
    draft (see pipeline.take_back)."""

    to: datetime | None
    why: str
    hint: str = ""


def review_late(tx, messages: list[Message], *, now: datetime, playbook=None, config=None, facts: Facts | None = None,
                actions: list | None = None, grace: timedelta = outbox.GRACE) -> dict[int, Late]:
    """Of these due emails, those found late (their moment passed more than `grace` ago and
    nothing sent them then: `outbox.found_late`), their moment reviewed again as `send --at`
    reviews one, for now: id -> what to do with it. One that still suits its recipient now is
    not among them: it goes. Else, when only the hour or the day is wrong for them (their night,
    weekend or public holiday, too soon after another note), it moves to their next good moment,
    the slot the planner suggests for its action now, else their next business morning that the
    review passes; when the note itself has gone stale (a thank-you that is late now, a moment
    far past the plan's latest), or would be by then, it becomes a draft again. What the review
    found at the moment it was set for was known when it was approved (a Saturday chosen on
    purpose): that stays accepted while it is the same (the same days off, the same night).
    `facts`, `actions`: those of `tx`, and its plan with `playbook` at `now`, when the caller has
    them. (A note the plan no longer has is `unplanned`'s.)"""
    late = [m for m in messages if m.channel == Channel.EMAIL and outbox.found_late(m, now, grace)]
    if not late:
        return {}
    if playbook is None:
        from afterview.services.planning import effective_playbook

        playbook = effective_playbook()
    facts = facts if facts is not None else tx.facts()
    if actions is None:
        from afterview.planner import plan

        actions = plan(facts, playbook, now)
    planned = {a.key: a for a in actions}
    found: dict[int, Late] = {}
    for message in late:
        action = planned.get(message.action_key) if message.action_key else None
        verdict = _LateReview(facts, message, action, now=now, playbook=playbook, config=config).verdict()
        if verdict is not None:
            found[message.id] = verdict
    return found


def _trouble(finding) -> str:
    """What a timing finding of the review is about: "late" (a late thank-you), "weekend",
    "holiday", "night" (outside their waking hours), "error" (a thank-you before its interview
    ends), else "soon" (too soon after the interview, the rejection or another note)."""
    text = finding.message
    if finding.severity == "error":
        return "error"
    if text.startswith("a thank-you ") and " is late " in text:
        return "late"
    if text.startswith("scheduled on a public holiday"):
        return "holiday"
    if text.startswith("scheduled on a "):
        return "weekend"
    if text.startswith("arrives outside the recipient's waking hours"):
        return "night"
    return "soon"


class _LateReview:
    """One note found late, reviewed at the moments it could go (see `review_late`)."""

    def __init__(self, facts: Facts, message: Message, action, *, now: datetime, playbook, config):
        from afterview.domain.days import calendar
        from afterview.planner.facts import safe_zone
        from afterview.reviewer.context import context_for_message, recipient_place
        from afterview.services.drafting import lint_config

        self.facts, self.message, self.action, self.now, self.playbook = facts, message, action, now, playbook
        place = recipient_place(facts.people.get(message.person_id), facts.profile, playbook)
        self.zone_name = place["recipient_timezone"]
        self.tz = safe_zone(self.zone_name, "UTC")
        self.days = calendar((place["recipient_country"] or "").upper())
        self.mine = facts.profile.timezone or "UTC"
        self.settings = lint_config(config)
        from afterview.plugins import load_lint_rules
        from afterview.reviewer.engine import CHECKS

        load_lint_rules()  # the review of the moment alone: every other rule off
        others = frozenset(code for codes, _ in CHECKS for code in codes if code != "timing")
        self.timing_only = replace(self.settings, disabled=self.settings.disabled | others)
        self.context = context_for_message(facts, replace(message, scheduled_at=now), playbook)
        due = self.context.planned_due
        if callable(due):  # a plan: made once, for every moment tried
            import functools

            self.context = replace(self.context, planned_due=functools.cache(due))
        self.then = outbox.set_for(message)
        self.accepted = self._found(self.then)

    def _found(self, at: datetime) -> dict:
        """The review's timing findings for the note sent at `at`, by what they are about."""
        from afterview.reviewer.engine import review

        found: dict = {}
        for finding in review(None, self.message.body, replace(self.context, send_at=at), self.timing_only):
            if finding.code == "timing":
                found.setdefault(_trouble(finding), finding)
        return found

    def trouble(self, at: datetime) -> dict:
        """What the review finds wrong with sending it at `at` that was not accepted with its moment."""
        return {what: f for what, f in self._found(at).items() if not self._as_accepted(what, at)}

    def _as_accepted(self, what: str, at: datetime) -> bool:
        """Whether `what` was found at the moment the note was set for too, and is the same at `at`:
        the same days off (no business day between), the same night, spacing. A thank-you late at
        `at` on the very day (for them) it was approved or scheduled for is accepted, late then or
        not: it was set for that day, and goes that day as approved (the review's own advice for a
        late thank-you is to send it as soon as possible); the hour is still reviewed (their
        night), and a day later it is later than the one approved."""
        then, there = self.then.astimezone(self.tz), at.astimezone(self.tz)
        if what == "late":
            return then.date() == there.date()
        if what not in self.accepted or what == "error":
            return False
        if what in ("weekend", "holiday"):
            day = then.date()
            while day <= there.date():
                if self.days.is_business_day(day):
                    return False
                day += timedelta(days=1)
            return True
        if what == "night":  # not past the next morning (their waking hours) after it
            from afterview.domain.days import at_local

            waking = (datetime.min + timedelta(hours=self.settings.waking_from)).time()
            morning = at_local(then.date(), waking, self.tz)
            if morning <= then:
                morning = at_local(then.date() + timedelta(days=1), waking, self.tz)
            return at < morning
        return True

    def stale(self, trouble: dict, at: datetime) -> str:
        """Why the note has gone stale if sent at `at` ("" when it has not): late, or far past the
        plan's latest for it."""
        for what in ("error", "late"):
            if what in trouble:
                return trouble[what].message
        latest = self.action.latest if self.action is not None else None
        if latest is not None and at > latest + LATEST_SLACK and not self.then > latest + LATEST_SLACK:
            return f"it is past the latest moment the plan gives it, {_yours(self.mine, latest, self.now, _FAR)}"
        return ""

    def verdict(self) -> Late | None:
        now = self.now
        trouble = self.trouble(now)
        stale = self.stale(trouble, now)
        if stale:
            said = self._now_words({what: f for what, f in trouble.items() if what not in ("late", "error")})
            return Late(None, f"{self._not_then()}; {said + ', and ' if said else 'now '}{stale}{self._advice()}",
                        self._hint())
        if not trouble:
            return None  # the moment still suits them: it goes now
        said = self._now_words(trouble)
        for at in self._moments():
            later = self.trouble(at)
            stale = self.stale(later, at)
            if stale:
                return Late(None, f"{self._not_then()}; {said}, and at their next good moment, {self._both(at)}, "
                                  f"{stale.replace(' is late ', ' would be late ', 1)}{self._advice()}", self._hint())
            if not later:
                return Late(at, f"{outbox.MOVED}{self._both(at)}, their next good moment: {self._not_then()}, and "
                                f"{said}; to send it now all the same: afterview send {self.message.id} --now")
        return Late(None, f"{self._not_then()}; {said}, and no good moment for them was found in the next "
                          f"{_MORNINGS} business days", self._hint())

    def _moments(self) -> list[datetime]:
        """The moments tried, in order: the slot the planner suggests for its action now (their
        next business morning, their send window, ...), then their business mornings after it."""
        from afterview.domain.days import at_local
        from afterview.planner.engine import MORNING

        slot = moment_of(self.facts, self.playbook, self.action, self.now) if self.action is not None else None
        start = slot or self.now
        local = start.astimezone(self.tz)
        day = local.date() if local.time() < MORNING else local.date() + timedelta(days=1)
        moments = [slot] if slot is not None else []
        while len(moments) < _MORNINGS + (slot is not None):
            day = self.days.next_business_day(day)
            moments.append(at_local(day, MORNING, self.tz))
            day += timedelta(days=1)
        return moments

    def _not_then(self) -> str:
        """"it was to go out Mon 21 Dec 15:30 and no Afterview program sent it then (...)"."""
        if waits_for_account(self.message):
            why = "its account could not send then"
        else:
            why = "no Afterview program sent it then (the computer asleep, or no worker running)"
        return f"it was to go out {_yours(self.mine, self.then, self.now, _FAR)} and {why}"

    def _now_words(self, trouble: dict) -> str:
        """"now it is 03:00 for them (Tue 22 Dec)", "now it is a public holiday for them (Fri 25
        Dec, Christmas Day)", the review's words for the rest."""
        from afterview.domain.days import short_day

        local = self.now.astimezone(self.tz)
        day = short_day(local.date())
        parts = []
        if "holiday" in trouble:
            parts.append(f"a public holiday for them ({day}, {self.days.holiday_name(local.date())})")
        elif "weekend" in trouble:
            parts.append(f"the weekend for them ({day})")
        if "night" in trouble:
            parts.append(f"{local:%H:%M} for them" + ("" if parts else f" ({day})"))
        said = f"now it is {' and '.join(parts)}" if parts else ""
        if "soon" in trouble:
            said += ("; now: " if said else "now: ") + trouble["soon"].message
        return said

    def _both(self, at: datetime) -> str:
        """"Tue 22 Dec 15:00 your time (09:00 their time)": in the user's zone, and in theirs when it differs."""
        from afterview.domain.days import short_day
        from afterview.planner.facts import safe_zone

        said = f"{_yours(self.mine, at, self.now, _FAR)} your time"
        mine, theirs = at.astimezone(safe_zone(self.mine, "UTC")), at.astimezone(self.tz)
        if not self.zone_name or self.zone_name == self.mine or theirs.utcoffset() == mine.utcoffset():
            return said
        shown = (f"{theirs:%H:%M}" if theirs.date() == mine.date() else
                 f"{short_day(theirs.date())}{_year(theirs, self.now, _FAR)} {theirs:%H:%M}")
        return f"{said} ({shown} their time)"

    def _advice(self) -> str:
        """What the plan says of a late note, when it says it ("20 days after the interview of
        December 18, a thank-you on its own would read oddly now: thank them for it ...")."""
        note = self.action.note if self.action is not None else ""
        late = [part.removeprefix("late: ") for part in note.split("; ") if part.startswith("late: ")]
        return f": {late[0]}" if late else ""

    def _hint(self) -> str:
        """The ways on from the draft it becomes: nothing goes without the user's word."""
        message = self.message
        drop = (f"skip it (afterview skip {message.action_key} --reason ...)" if message.action_key else
                f"take it off your drafts (afterview discard {message.id})")
        return (f"nothing goes without your word: read it again, then approve it again if it still fits "
                f"(afterview approve {message.id}), or {drop}")


def _settle_late(tx, late: dict[int, Late], read: dict[int, Message], *, now: datetime) -> list[tuple[int, str]]:
    """What `review_late` found, done in the outbox's hold-back transaction: each note only while
    it is still the record that was reviewed (one changed since, claimed, sent, approved or
    scheduled again, is left to the next round), moved (`outbox.move`) or made a draft again.
    Returns (message id, why) for each, as the hold-back says them."""
    from afterview.services.pipeline import take_back

    if not late:
        return []
    stored = {m.id: m for m in tx.list(Message, id=sorted(late))}
    done: list[tuple[int, str]] = []
    for message_id, verdict in late.items():
        message = stored.get(message_id)
        if message is None or message != read.get(message_id):
            continue
        if verdict.to is not None:
            if outbox.move(tx, message, to=verdict.to, now=now, why=verdict.why):
                done.append((message_id, verdict.why))
        else:
            done += take_back(tx, [message], now, verdict.why, verdict.hint)
    return done


# How long the step that records a send's result waits for another program's write lock: the
# result must be recorded (what went out, unrecorded, stays claimed until the Sent folder is
# searched), so it waits longer than a command's ordinary five seconds.
RECORD_WAIT = 30.0
# Results of sends that the database could not take (locked by another program for longer than
# RECORD_WAIT, its disk full) are kept in a small file beside a SQLite database, one JSON line
# each, until a program can write them: the next `send-due`, `send --now`, worker round or mail
# round of the desk records them before anything else, so that a message the server accepted is
# never forgotten, counted as cut off, nor sent again. (The file beside it ending in `-sends`
# counts hand-overs to the server, for another purpose.) Both are storage.store's, which keeps them
# with the database (private, removed with a database an opening made).
UNRECORDED_SUFFIX = "-unrecorded"  # storage.store.UNRECORDED_SUFFIX


def unrecorded_path(store) -> Path | None:
    """The file of results kept aside for `store`'s database (None: not a SQLite file)."""
    side = getattr(store, "sidecar", None)
    if side is None:
        return None
    from afterview.storage.store import SIDECAR_SUFFIX, unrecorded_path as beside

    side = Path(side)
    return beside(side.with_name(side.name.removesuffix(SIDECAR_SUFFIX)))


@contextlib.contextmanager
def _journal(path: Path, *, create: bool):
    """The file of results kept aside, open and locked against other programs (flock), or None:
    it is not there (and not `create`), or (not `create`) another program holds it, recording it."""
    import fcntl
    import os

    while True:
        try:
            fd = os.open(path, os.O_RDWR | os.O_APPEND | (os.O_CREAT if create else 0), 0o600)
        except OSError:
            if create:  # (_keep_aside says the result could not be kept)
                raise
            yield None  # not there, or not a file that can be opened (a folder of that name): nothing kept
            return
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX if create else fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                yield None
                return
            if os.fstat(fd).st_nlink == 0:  # emptied and removed by the program that held it: open it anew
                if not create:
                    yield None
                    return
                continue
            yield fd
            return
        finally:
            os.close(fd)


def _keep_aside(store, entries: list[dict]) -> Path | None:
    """Append these results to the file beside the database, on disk before this returns; the
    file, or None when it could not be written (not a SQLite file, the disk full)."""
    import json
    import os

    path = unrecorded_path(store)
    if path is None or not entries:
        return None
    data = "".join(json.dumps(entry, sort_keys=True) + "\n" for entry in entries).encode()
    try:
        with _journal(path, create=True) as fd:
            os.write(fd, data)
            os.fsync(fd)
    except OSError:
        return None
    return path


def _kept_aside(path: Path | None) -> list[dict]:
    """The results in the file beside the database, as written; the lines that cannot be read skipped."""
    import json

    if path is None:
        return []
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    entries = []
    for line in text.splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if isinstance(entry, dict) and isinstance(entry.get("id"), int):
            entries.append(entry)
    return entries


def record_kept_aside(store, report: SendReport | None = None) -> list[int]:
    """Record the results kept beside the database (see UNRECORDED_SUFFIX), each only while its
    message is still in the claim it was sent under (or was settled as cut off since, for one
    the server accepted: outbox.went_after_all); the file is then removed. The messages recorded
    sent (said in `report.recorded_late`). StorageError while the database cannot be written:
    the file is left as it is, for the next program."""
    import os

    from afterview.services.pipeline import loop_closed

    path = unrecorded_path(store)
    if path is None or not path.exists():
        return []
    sent: list[int] = []
    with _journal(path, create=False) as fd:
        if fd is None:  # another program is recording them now
            return []
        entries = _kept_aside(path)
        if entries:
            with store.transaction(wait=RECORD_WAIT) as tx:
                for entry in entries:
                    if _record_one(tx, entry, loop_closed):
                        sent.append(entry["id"])
        os.unlink(path)  # recorded (committed): emptied, under its lock
    if report is not None:
        report.recorded_late.extend((i, "went out earlier, when the database could not be written: recorded as sent "
                                        "now") for i in sent)
    return sent


def _record_one(tx, entry: dict, loop_closed) -> bool:
    """One result kept aside, recorded; whether it was a send the server accepted, recorded sent."""
    try:
        state = MessageState(entry["state"])
        at, claimed = datetime.fromisoformat(entry["at"]), datetime.fromisoformat(entry["claimed"])
        retry_at = datetime.fromisoformat(entry["retry_at"]) if entry.get("retry_at") else None
        attempts, header = int(entry["attempts"]), str(entry.get("header") or "")
    except (KeyError, TypeError, ValueError):  # not written by this version: left to reconcile
        return False
    done = outbox.finish_claimed(tx, entry["id"], state=state, at=at, claimed=claimed, attempts=attempts,
                                 header=header, error=str(entry.get("error") or ""), retry_at=retry_at)
    if not done and state == MessageState.SENT:
        done = outbox.went_after_all(tx, entry["id"], attempts=attempts, claimed=claimed, header=header, at=at)
    if done and state == MessageState.SENT:
        loop_closed(tx, str(entry.get("key") or ""), at)
    return done and state == MessageState.SENT


# A connection-level outcome (not one recipient refused) that ends this many sends of one account
# in a row the same way stops that account's round: the server fails every message alike (it drops
# the connection after the data, it refuses every message), and trying the others would only make
# more of them failed, or of unknown outcome. They stay approved or scheduled, and the account is
# held (see Hold): later rounds try one of them after a pause, not three more.
SAME_OUTCOME_LIMIT = 3
HOLD_KEY = "outbox:held:"  # + the account's name: its Hold, in the state table
# The pause before a held account's next try, growing with each try that ends the same way again.
HOLD_PAUSES = (timedelta(minutes=5), timedelta(minutes=15), timedelta(hours=1), timedelta(hours=3))


@dataclass
class AccountPause:
    """An account not tried again before `until`, kept in the database (a small record under a key
    of its kind, read by every program on it): why (`error`), since when, and how many times in a
    row it was paused (`count`, stored under COUNT; each kind's pause grows with it)."""

    account: str
    error: str
    since: datetime
    until: datetime
    count: int = 1
    COUNT: ClassVar[str] = "count"

    def stored(self) -> dict:
        return {"error": self.error, "since": self.since.isoformat(), "until": self.until.isoformat(),
                self.COUNT: self.count}

    @classmethod
    def read(cls, account: str, value):
        """The record as stored, or None (none, or damaged: a damaged entry pauses nothing)."""
        if not isinstance(value, dict):
            return None
        try:
            return cls(account, str(value.get("error", "")), datetime.fromisoformat(value["since"]),
                       datetime.fromisoformat(value["until"]), int(value.get(cls.COUNT, 1)))
        except (KeyError, TypeError, ValueError):
            return None


@dataclass
class Hold(AccountPause):
    """An account whose sends ended the same way again and again (the server drops the connection
    after each message's data, refuses every message): its due messages are not tried before
    `until`; then one is, and only a send the server takes (its 250) lets the others go. Kept in
    the database, so that every program on it (the worker, `send-due`, the desk's rounds) holds
    it; `stops`: how many times in a row it was stopped (the pause grows with it)."""

    COUNT: ClassVar[str] = "stops"

    @property
    def stops(self) -> int:
        return self.count

    def again(self, error: str, now: datetime) -> "Hold":
        """The hold after its one try at `now` failed too: a longer pause."""
        stops = self.stops + 1
        return Hold(self.account, error, self.since, now + HOLD_PAUSES[min(stops, len(HOLD_PAUSES)) - 1], stops)


def account_hold(tx, name: str) -> Hold | None:
    """The account's hold (see Hold), or None."""
    return Hold.read(name, tx.get_state(HOLD_KEY + name))


def release_hold(store, name: str, *, now: datetime) -> Hold | None:
    """The user checked the account (`afterview account test NAME`): its next round tries one of
    its due messages at once, without waiting for the end of the pause; the others go once the
    server takes that one. Returns the hold as it was, or None when it was not held."""
    with store.transaction() as tx:
        hold = account_hold(tx, name)
        if hold is not None and hold.until > now:
            tx.set_state(HOLD_KEY + name, replace(hold, until=now).stored())
    return hold


# An account whose server could not be reached (connection refused, timed out, its name not found,
# a greeting or a login refused for now): a problem of the account, not of its messages, which
# wait, approved or scheduled, none of their attempts spent. The server is tried again after a
# pause that grows with each try that fails the same way, then every REACH_PAUSES[-1]: short, so
# that a laptop back online sends within minutes. Kept in the database, so that every program on
# it (cron's `send-due`, the worker, the desk) keeps to it; your own `send --now` tries at once.
UNREACHABLE_KEY = "outbox:unreachable:"  # + the account's name
REACH_PAUSES = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=15))


@dataclass
class Unreachable(AccountPause):
    """An account whose server could not be reached: not tried again before `until`; `tries`: how
    many tries in a row could not reach it (the pause grows with it)."""

    COUNT: ClassVar[str] = "tries"

    @property
    def tries(self) -> int:
        return self.count

    @classmethod
    def after(cls, before: "Unreachable | None", account: str, error: str, now: datetime) -> "Unreachable":
        """The pause after a try at `now` that could not reach the server (`before`: the pause it ended)."""
        tries = before.tries + 1 if before is not None else 1
        since = before.since if before is not None else now
        return cls(account, error, since, now + REACH_PAUSES[min(tries, len(REACH_PAUSES)) - 1], tries)


def account_unreachable(tx, name: str) -> Unreachable | None:
    """The account's pause after its server could not be reached (see Unreachable), or None."""
    return Unreachable.read(name, tx.get_state(UNREACHABLE_KEY + name))


# The SMTP servers ("host:port") each account was heard from (a session opened: its greeting
# came, its login passed; or `account test` passed): a timeout there later is that server hung or
# slow, not a port that expects implicit TLS (see delivery.smtp.network_error).
HEARD_KEY = "outbox:heard:"  # + the account's name


def _server(account: Account) -> str:
    return f"{account.smtp_host}:{account.smtp_port}"


def heard_from(tx, account: Account) -> bool:
    """Whether the database knows the account's SMTP server (its host and port as set now) to have
    answered: recorded so, or, for an account with nothing recorded yet (a database older than
    the record), a message sent through it."""
    stored = tx.get_state(HEARD_KEY + account.name)
    if isinstance(stored, list):
        return _server(account) in stored
    import sqlalchemy as sa

    t = tx.table(Message)
    query = sa.select(t.c.id).where(t.c.account == account.name, t.c.state == MessageState.SENT.value).limit(1)
    return tx.connection.execute(query).first() is not None


def _heard(tx, account: Account) -> list[str] | None:
    """The record of servers heard from with the account's server added, or None when it is there."""
    stored = tx.get_state(HEARD_KEY + account.name)
    servers = [str(s) for s in stored] if isinstance(stored, list) else []
    return None if _server(account) in servers else [*servers, _server(account)][-8:]


def checked(store, name: str, checks: list, *, now: datetime) -> str:
    """After `afterview account test NAME`: when its SMTP check passed, its server is recorded as
    heard from, a pause after it could not be reached ends (its due messages go with the next
    round), and when the account is held, the next round tries one of its due messages at once
    (`release_hold`); what to say of that, or "" when it was not held."""
    if not any(c.what == "SMTP" and c.ok for c in checks):
        return ""
    account = _configured_accounts().get(name)
    with store.transaction() as tx:
        if account_unreachable(tx, name) is not None:
            tx.set_state(UNREACHABLE_KEY + name, None)
        servers = _heard(tx, account) if account is not None else None
        if servers is not None:
            tx.set_state(HEARD_KEY + name, servers)
    hold = release_hold(store, name, now=now)
    if hold is None:
        return ""
    return (f"account {name} was stopped ({hold.error}): the next round (afterview send-due, the worker, the "
            "desk) tries one of its due messages at once, and the others once the server takes it")


def send_due_status(report: "SendReport", unread: dict[str, str] | None = None) -> int:
    """The exit status of `send-due`: 3 when this run found a message failed for good or one whose
    outcome is unknown (it needs you, whatever else happened: cron is to tell you); else 2 when an
    account could not send (or was held, or its replies could not be read); else 0."""
    if report.failed or report.unknown:
        return 3
    return 2 if report.account_problems or unread else 0


class _Batch:
    """One run of the outbox: its SMTP and IMAP sessions, its rate allowance, its pending results.

    A send's result is committed in the same transaction as the next message's claim: both are
    committed before that next SMTP transaction starts, so this saves a commit per message
    without widening what a crash can leave behind. That transaction waits longer for the write
    lock (`RECORD_WAIT`) while it carries results.
    """

    def __init__(self, store, now: datetime, accounts: dict[str, Account], report: SendReport, progress=None,
                 unread: dict[str, str] | None = None, tz: str = "", only: bool = False, clock=None):
        self.store, self.now, self.accounts, self.report = store, now, accounts, report
        # each step's own moment (a claim, a Date header, a send's end, a next try): see send_due
        self.clock = clock or (lambda: now)
        # a claim is stamped with the moment it is made, always: another program counts its lease
        # from it, and a claim made minutes into a long round (a first sync of a big mailbox, a
        # slow server) stamped with the round's start would look cut off while its send goes on
        self.claim_clock = clock or running_clock(now)
        self.claims: dict[int, tuple[datetime, int, str]] = {}  # message -> its claim's moment, attempts, Message-ID
        self.tz = tz  # the user's zone, for the minute an unrecorded send is looked for from
        self.progress = progress
        self.unread = unread or {}
        self.smtp: dict[str, object] = {}
        self.imap: dict[str, object] = {}
        self.sent_folders: dict[str, object] = {}  # account -> its Sent folder (imap.FolderChoice), found once a session
        self.no_copy: dict[str, str] = {}  # account -> why its Sent copies failed this run (not tried again)
        self.allowance: dict[str, int] = {}
        self.pending: list[tuple[int, MessageState, dict]] = []
        self.messages: dict[int, Message] = {}
        self.broken: dict[str, DeliveryError] = {}  # accounts whose session could not be opened this run
        self.halted: dict[str, AccountProblem] = {}  # accounts whose sends failed alike, again and again
        self.streak: dict[str, tuple[str, int]] = {}  # account -> (its last outcome, how many in a row)
        self.only = only  # the user's own send --now (or the desk's Send now): a held account's one try
        self.holds: dict[str, Hold] = {}  # accounts held (see Hold), as stored when this run began or as it held them
        self.probing: set[str] = set()  # held accounts whose next send is their one try: it fails, they stay held
        self.state_writes: dict[str, object] = {}  # holds to store (None: to end) with the results pending
        self.notes: list[tuple[int, str]] = []  # sent messages' notes to store (no copy filed in Sent: why)
        self.people: dict[int, Person] = {}
        self.profile_name = ""
        self.carried: dict[int, tuple[str, str]] = {}  # came from another copy of the data: see _went_before
        self.unreachable: dict[str, Unreachable] = {}  # accounts whose server could not be reached (see Unreachable)
        self.heard: dict[str, list[str] | None] = {}  # account -> its record of servers heard from, to write (None: as is)

    def load(self, tx, ids: list[int]) -> None:
        if not ids:
            return
        self.messages = {m.id: m for m in tx.list(Message, id=ids)}
        self.carried = outbox.carried(tx)
        self.people = {p.id: p for p in tx.list(Person, id=sorted({m.person_id for m in self.messages.values()}))}
        self.profile_name = tx.profile().name
        for name in {m.account for m in self.messages.values()}:
            account = self.accounts.get(name)
            if account is not None and account.rate_per_minute > 0:
                self.allowance[name] = account.rate_per_minute - outbox.sent_recently(tx, name, self.now)
        self._load_servers(tx)
        for name in {account.name for account in self.accounts.values()}:
            hold = account_hold(tx, name)
            if hold is None:
                continue
            self.holds[name] = hold
            if hold.until > self.now and not self.only:  # not tried before then (said once one is due)
                self.halted[name] = AccountProblem(name, hold.error, True, halted=True,
                                                   until=_minute_from(hold.until, self.tz))
            else:
                self.probing.add(name)

    def _load_servers(self, tx) -> None:
        """What the database knows of each account's server: whether it was heard from (so that a
        timeout there is not said as a port expecting implicit TLS: smtp.greeted), and a pause
        after it could not be reached, during which it is not tried (not for `only`: your own
        send --now tries at once)."""
        from afterview.delivery.smtp import greeted

        for account in {a.name: a for a in self.accounts.values()}.values():
            known = heard_from(tx, account)
            self.heard[account.name] = _heard(tx, account)
            if known and account.smtp_host:
                greeted("SMTP", account.smtp_host, account.smtp_port)
            paused = account_unreachable(tx, account.name)
            if paused is None:
                continue
            self.unreachable[account.name] = paused
            if paused.until > self.now and not self.only:
                self.broken[account.name] = DeliveryError(paused.error, temporary=True)

    @contextlib.contextmanager
    def _recording(self):
        """A write transaction that records the results still pending first (waiting longer for
        the lock while there are any); `progress` is told once it committed. One that could not
        be committed leaves them pending (see `unrecorded`)."""
        wait = RECORD_WAIT if self.pending else None
        kept = (list(self.pending), list(self.notes), dict(self.state_writes))
        try:
            with self.store.transaction(wait=wait) as tx:
                self._flush_into(tx)
                yield tx
        except StorageError:  # failed before or at the commit: whatever was flushed is pending again, once
            self.pending = kept[0] + [p for p in self.pending if not any(p is k for k in kept[0])]
            self.notes = kept[1] + [n for n in self.notes if not any(n is k for k in kept[1])]
            self.state_writes = {**kept[2], **self.state_writes}
            raise
        if self.progress is not None:
            self.progress()

    def send_one(self, message: Message) -> None:
        built = self._prepare(message)
        if built is None:
            return
        problem = self._session_problem(built.account)  # before the claim: an account problem claims nothing
        if problem is not None:
            self._account_problem(message, built.account, problem)
            return
        if self._went_before(message, built.account):
            return
        # its Message-ID stored with the claim (one approved before ids were fixed at approval has none yet)
        claimed = self._claim(message, header=message.message_id)
        if claimed is None:
            self.report.skipped.append(message.id)
            return
        crash_point("after_claim")
        stored, person = claimed
        if stored != replace(message, state=stored.state, attempts=stored.attempts, updated_at=stored.updated_at) or (
                person.name != self.people[message.person_id].name):
            built = self._rebuilt(stored, person)  # changed since this run loaded it: sent as it is now
            if built is None:
                return
        else:
            built = Built(stored, built.account, built.data)
        self._transmit(built)

    def _went_before(self, message: Message, account: Account) -> bool:
        """Whether a message that came from another copy of this data (a copy of the database
        file, a restore: see outbox.carried) with the Message-ID it had there is not to be sent
        now. It may have gone from there already, under that id: it is looked for in the Sent
        folder first, and found there it is marked sent, not sent again. When the folder cannot
        be searched, it waits for the next round (still approved, its last error saying why);
        with no IMAP server to look in, it goes (its approval said so)."""
        origin = outbox.carried_from(self.carried, message)
        if not origin or not account.imap_host:
            return False
        found, problem = _search_sent(account, [message])
        if message.id in found:
            with self._recording() as tx:
                marked = _mark_found_in_sent(tx, message.id, self.clock())
            if marked:
                self.report.held_back.append((message.id, f"not sent: it is in your Sent folder already (it came from "
                                                          f"{origin}, and went from there): marked sent"))
            else:
                self.report.skipped.append(message.id)
            return True
        if not problem:
            return False
        why = (f"{SENT_UNCHECKED}it came from {origin} and may have gone from there, and {problem}; it goes once "
               f"the Sent folder can be searched")
        self._wait(message, why, f"waits: it came from {origin} and may have gone from there, and {problem}; it "
                                 f"stays {message.state.value}")
        return True

    def _claim(self, message: Message, header: str = "") -> tuple[Message, Person] | None:
        """Claim the message, and read it (and its person) again in the claim's transaction: what
        is stored when it is claimed, and can no longer change while it is being sent, is what goes
        out and what is recorded. None when another program (or a change) got there first."""
        with self._recording() as tx:
            at = self.claim_clock()  # the claim's own moment: its lease runs from it
            if not outbox.claim(tx, message.id, at, header=header):
                claimed = None
            else:
                stored = tx.get(Message, message.id)
                claimed = (stored, tx.get(Person, stored.person_id))
                self.claims[message.id] = (stored.updated_at or at, stored.attempts, stored.message_id or "")
            crash_point("before_claim_commit")
        return claimed

    def _rebuilt(self, message: Message, person: Person) -> Built | None:
        """The wire copy of a message changed after this run loaded it (edited and approved again,
        readdressed, its person renamed, another account chosen): built from the claimed copy.
        One that cannot be built now fails (it is claimed: nothing of it went out)."""
        try:
            account = _account_for(message, self.accounts)
            data = _wire(message, account, person, self.profile_name, self.clock())
        except AfterviewError as err:
            self.pending.append((message.id, MessageState.FAILED, {"error": str(err), "at": self.clock()}))
            self.report.failed.append((message.id, str(err)))
            return None
        self.people[person.id] = person
        return Built(message, account, data)

    def _prepare(self, message: Message) -> Built | None:
        broken = _broken_for(message, self.accounts)
        if broken is not None:  # its section in config.toml is wrong: it waits, approved, until it is put right
            self._wait_broken(message, *broken)
            return None
        try:
            account = _account_for(message, self.accounts)
            from afterview.services.demo import refuse_demo_mail  # the demo's people: failed, never sent

            refuse_demo_mail(self.people.get(message.person_id), account, message_id=message.id)
            halted = self.halted.get(account.name)
            if halted is not None:  # its sends failed alike again and again: held, not tried
                if not any(p is halted for p in self.report.account_problems):
                    self.report.account_problems.append(halted)
                halted.messages.append(message.id)
                return None
            if not self._within_rate(account):
                self.report.held_by_rate += 1
                return None
            return Built(message, account, _wire(message, account, self.people[message.person_id], self.profile_name,
                                                 self.clock()))  # dated when it goes, not when the round began
        except AfterviewError as err:
            with self._recording() as tx:
                outbox.fail_unsendable(tx, message.id, self.clock(), str(err))
            self.report.failed.append((message.id, str(err)))
            return None

    def _wait_broken(self, message: Message, name: str, problem: str) -> None:
        """A due message whose account is written wrong in config.toml: not claimed, not failed; it
        stays approved or scheduled with why, and goes out at the first round after it is put right."""
        found = next((p for p in self.report.account_problems if p.account == name), None)
        if found is None:
            found = AccountProblem(name, f"it is written wrong in config.toml: {problem}", False)
            self.report.account_problems.append(found)
        found.messages.append(message.id)
        why = (f"{ACCOUNT_WAIT}account {name}{_WRITTEN_WRONG}{problem}; put it right (afterview account edit "
               f"{name}), then it goes out")
        self._wait(message, why, f"waits for account {name}, which is written wrong in config.toml: it stays "
                                 f"{message.state.value}")

    def _wait(self, message: Message, why: str, said: str) -> None:
        """A due message that waits, neither claimed nor failed (outbox.wait_for_account): its last
        error `why`; `said` in the round's report when it did (not when another program took it)."""
        with self._recording() as tx:
            waits = outbox.wait_for_account(tx, message.id, self.clock(), why)
        if waits:
            self.report.waiting.append((message.id, said))

    def _session_problem(self, account: Account) -> DeliveryError | None:
        """The account's SMTP session opened (once a run), or why it cannot be: then the account
        is not tried again this run."""
        name = account.name
        known = self.broken.get(name)
        if known is not None:
            if not any(p.account == name for p in self.report.account_problems):  # paused: not tried this run
                self.report.account_problems.append(AccountProblem(name, str(known), known.temporary))
            return known
        try:
            self._smtp(account)
        except DeliveryError as err:
            self.broken[name] = err
            self.report.account_problems.append(AccountProblem(name, str(err), err.temporary))
            if err.temporary:  # tried again after a pause, kept in the database
                paused = self.unreachable[name] = Unreachable.after(self.unreachable.get(name), name, str(err),
                                                                    self.clock())
                self.state_writes[UNREACHABLE_KEY + name] = paused.stored()
            return err
        if self.unreachable.pop(name, None) is not None:
            self.state_writes[UNREACHABLE_KEY + name] = None
        servers = self.heard.pop(name, None)
        if servers is not None:  # recorded once: a later timeout there is not said as a TLS port
            self.state_writes[HEARD_KEY + name] = servers
        if name not in self.report.reached:
            self.report.reached.append(name)
        return None

    def _account_problem(self, message: Message, account: Account, err: DeliveryError) -> None:
        """A due message whose account cannot send: a problem of the account, never of the
        message, which is not claimed, spends none of its attempts and never fails for it. It
        stays approved or scheduled, due, its last error saying why. Its server unreachable (or
        asking to come back later): it goes once the server can be reached, tried again after the
        account's pause (see Unreachable). Its login refused or its password unreadable (the
        account's settings): it goes out at the first run after the account is fixed."""
        problem = next(p for p in self.report.account_problems if p.account == account.name)
        problem.messages.append(message.id)
        name = account.name
        if err.temporary:
            paused = self.unreachable.get(name)
            why = (f"{ACCOUNT_WAIT}{err}; it goes once the server can be reached (tried again after a pause; "
                   f"check it: afterview account test {name})")
            said = f"waits for account {name}, whose server cannot be reached now: it stays {message.state.value}"
            if paused is not None:  # its next try, for the desk's words ("tried again at 10:06")
                self.report.retries.append(Retry(message.id, str(err), paused.until))
        else:
            why = f"{ACCOUNT_WAIT}{err}; fix it (check it: afterview account test {name}), then it goes out"
            said = f"waits for account {name}, which cannot send: it stays {message.state.value}"
        self._wait(message, why, said)

    def _within_rate(self, account: Account) -> bool:
        if account.rate_per_minute <= 0:
            return True
        left = self.allowance.get(account.name, account.rate_per_minute)
        self.allowance[account.name] = left - 1
        return left > 0

    def _transmit(self, built: Built) -> None:
        message, account = built.message, built.account
        try:
            self._smtp(account).send(account.email, [message.to_address], built.data)
        except OutcomeUnknown as err:
            self.smtp.pop(account.name, None)
            reason = f"{UNKNOWN_PREFIX}: {err}; {UNKNOWN_ADVICE}"
            self.pending.append((message.id, MessageState.FAILED, {"error": reason, "at": self.clock()}))
            self.report.unknown.append((message.id, reason))
            self._count(account, err)
            return
        except DeliveryError as err:
            if err.temporary:
                self.smtp.pop(account.name, None)
            self._retry_or_fail(message, err)
            self._count(account, err)
            return
        self._count(account, None)
        crash_point("after_250")
        sent_at = self.clock()  # the moment the server took it (its 250)
        self.pending.append((message.id, MessageState.SENT, {"key": message.action_key, "at": sent_at}))
        self.report.sent.append(message.id)
        if not account.append_sent:
            return  # recorded with the next claim, or at the end of the run
        # Recorded as sent before its copy is filed in Sent: a slow mailbox server, or a crash
        # while it is filed, must not leave a message the server took as "outcome unknown".
        try:
            self.flush()
        except StorageError:
            # Not recorded: it stays claimed, and reconcile looks for it in Sent (as `unrecorded`
            # says): its copy is filed there all the same.
            self._append_sent(account, built.data, sent_at)
            raise
        crash_point("before_sent_copy")
        note = self._append_sent(account, built.data, sent_at)
        crash_point("after_sent_copy")
        if note:
            self.notes.append((message.id, note))
            self.report.uncopied.append((message.id, note))

    def _count(self, account: Account, err: DeliveryError | None) -> None:
        """Count the account's sends that ended the same way in a row; at `SAME_OUTCOME_LIMIT`,
        the account is held (see Hold; said once, as an account problem). A held account's one
        try that fails holds it again, for longer; one the server takes (its 250) ends the hold.
        One recipient refused (a matter of that address) is no such outcome."""
        name = account.name
        if err is None or isinstance(err, RecipientRefused):
            self.streak.pop(name, None)
            if err is None:
                if name not in self.report.confirmed:
                    self.report.confirmed.append(name)
                if self.holds.pop(name, None) is not None:
                    self.state_writes[HOLD_KEY + name] = None
                self.probing.discard(name)
            return
        outcome = str(err)
        if name in self.probing and name in self.holds:
            held = self.holds[name]
            self._hold(held.again(f"its sends ended the same way again and again, and its try after a pause "
                                  f"failed too: {outcome}", self.clock()))
            return
        last, count = self.streak.get(name, ("", 0))
        count = count + 1 if outcome == last else 1
        self.streak[name] = (outcome, count)
        if count >= SAME_OUTCOME_LIMIT and name not in self.halted:
            at = self.clock()
            self._hold(Hold(name, f"its last {count} sends ended the same way: {outcome}", at, at + HOLD_PAUSES[0]))

    def _hold(self, hold: Hold) -> None:
        """Hold the account (stored with the results pending): its other messages are not tried."""
        self.holds[hold.account] = hold
        self.probing.discard(hold.account)
        self.state_writes[HOLD_KEY + hold.account] = hold.stored()
        problem = AccountProblem(hold.account, hold.error, True, halted=True, until=_minute_from(hold.until, self.tz))
        self.halted[hold.account] = problem
        self.report.account_problems.append(problem)

    def _retry_or_fail(self, message: Message, err: DeliveryError) -> None:
        """`message`: as claimed (its attempts count this one)."""
        attempts, at = message.attempts, self.clock()  # the next try counts from this failure, not the round's start
        retry_at = outbox.next_try(attempts, at) if err.temporary else None
        if retry_at is None:
            reason = str(err) if not err.temporary else f"gave up after {attempts} attempts: {err}"
            self.pending.append((message.id, MessageState.FAILED, {"error": reason, "at": at}))
            self.report.failed.append((message.id, reason))
            return
        self.pending.append((message.id, MessageState.SCHEDULED, {"error": str(err), "retry_at": retry_at, "at": at}))
        self.report.retrying.append((message.id, f"{err}; next try {retry_at.astimezone(timezone.utc):%Y-%m-%d %H:%M} UTC"))
        self.report.retries.append(Retry(message.id, str(err), retry_at))

    def _smtp(self, account: Account):

        session = self.smtp.get(account.name)
        if session is None or session.client is None:
            session = _sender(account).open()
            self.smtp[account.name] = session
        return session

    def _append_sent(self, account: Account, data: bytes, at: datetime | None = None) -> str | None:
        """Put the sent copy in Sent where the server does not; a failure here is only noted,
        naming the folder and, when the server refused that folder, the setting that names
        another. After a failure, the account's later copies this run are not tried (a server
        that does not answer would hold up every send by its timeout): each says why."""
        if not account.append_sent:
            return None
        if not account.has_mailbox:
            return (f"sent; no copy filed in Sent: the account has no IMAP server (imap_host in "
                    f"[accounts.{account.name}] of config.toml; append_sent = false says to file none)")
        failed = self.no_copy.get(account.name)
        if failed is not None:
            return f"sent; no copy filed in Sent: not tried again after an earlier copy failed in this run ({failed})"
        unread = self.unread.get(account.name)
        if getattr(unread, "timed_out", False):
            return f"sent; no copy filed in Sent: its mailbox did not answer when its mail was read just before ({unread})"
        choice, appending = None, False
        try:
            imap = self.imap.get(account.name)
            if imap is None or imap.client is None:
                imap = self.imap[account.name] = _mailbox(account).open()
            choice = self.sent_folders.get(account.name)
            if choice is None:  # one LIST per session, not one per message sent
                choice = self.sent_folders[account.name] = _find_folder(imap, "sent")
            if choice.folder is None:
                return f"sent; no copy filed in Sent: {choice.missing()}"
            appending = True
            imap.append(choice.folder, data, (b"\\Seen",), at or self.clock())
        except AfterviewError as err:
            session = self.imap.pop(account.name, None)
            if session is not None:
                session.close()
            self.sent_folders.pop(account.name, None)  # found again with the next session
            self.no_copy[account.name] = str(err)
            if choice is None or choice.folder is None:
                return f"sent; the copy for the Sent folder failed: {err}"
            if appending and isinstance(err, TimedOut):  # the server may have filed it, and not said so in time
                return (f"sent; the copy for the Sent folder \"{choice.folder}\" may have been filed (no answer from "
                        f"the server in time: {err}): check Sent before filing it again")
            return f"sent; the copy for the Sent folder \"{choice.folder}\" failed: {err}{_folder_refused(choice, err)}"
        return None

    def _flush_into(self, tx) -> None:
        from afterview.services.pipeline import loop_closed

        for message_id, state, values in self.pending:
            at = values.get("at") or self.clock()
            finished = outbox.finish(tx, message_id, state=state, now=at, error=values.get("error", ""),
                                     retry_at=values.get("retry_at"), note=values.get("note"))
            if not finished and state == MessageState.SENT:
                finished = self._taken_late(tx, message_id, at)
            if finished and state == MessageState.SENT:
                loop_closed(tx, values.get("key", ""), at)
        self.pending.clear()
        if self.notes:
            table = tx.table(Message)
            for message_id, note in self.notes:  # only on the sent record, whatever changed since
                tx.connection.execute(table.update().where(table.c.id == message_id,
                                                           table.c.state == MessageState.SENT.value).values(note=note))
            self.notes.clear()
        for key, value in self.state_writes.items():
            tx.set_state(key, value)
        self.state_writes.clear()

    def _taken_late(self, tx, message_id: int, at: datetime) -> bool:
        """A message the server took (its 250) whose end of send changed no row: another program
        found its claim older than the lease meanwhile and settled it (a send longer than the
        lease). Recorded sent after all while nothing else happened to it since
        (`outbox.went_after_all`: so that it is never sent twice); else never said "sent" as if
        it were recorded: said as it is, with what not to do."""
        claim = self.claims.get(message_id)
        if claim is not None and outbox.went_after_all(tx, message_id, attempts=claim[1], claimed=claim[0],
                                                       header=claim[2], at=at):
            return True
        if message_id in self.report.sent:
            self.report.sent.remove(message_id)
        stored = tx.get(Message, message_id)
        self.report.held_back.append((message_id, (
            f"went out (the mail server took it), but another program changed its record meanwhile (it is "
            f"{stored.state.words} now), so it is not recorded as sent: do not send it again")))
        return False

    def unrecorded(self, err: StorageError) -> StorageError:
        """The error to raise when the database failed while results were still to be recorded.

        A message the server accepted but that could not be recorded is still "sending" in the
        database. Saying only "try again" would invite a second copy: this says it went out. Its
        result is kept beside the database (`_keep_aside`), and the next program that can write
        it records it first (`record_kept_aside`); when it cannot be kept there either, the
        check of interrupted sends (`reconcile`) looks for it in the Sent folder, as said.
        """
        sent = [message_id for message_id, state, _ in self.pending if state == MessageState.SENT]
        kept = _keep_aside(self.store, self._aside())
        if kept is not None:
            self.pending.clear()
        if not sent:
            return err
        one = len(sent) == 1
        which = f"message {sent[0]}" if one else f"messages {', '.join(map(str, sent))}"
        it = "it" if one else "them"
        if kept is not None:
            return StorageError(
                f"{which} went out (the mail server accepted {it}), but could not be recorded yet: {err.what}. Do "
                f"not send {it} again: {'its result is' if one else 'their results are'} kept in {kept}, and the next "
                f"Afterview program that can write the database (afterview send-due, the worker) records {it} as sent "
                "first")
        claimed = max((self.claims[i][0] for i in sent if i in self.claims), default=self.now)  # the lease's start
        return StorageError(
            f"{which} went out (the mail server accepted {it}), but could not be recorded: {err.what}. Do not send "
            f"{it} again: from {_looked_for_from(claimed, self.tz)} on, afterview send-due (or the worker) "
            f"looks for {it} in the Sent folder and records {it} as sent")

    def _aside(self) -> list[dict]:
        """The pending results of claimed sends, as kept beside the database (see UNRECORDED_SUFFIX)."""
        entries = []
        for message_id, state, values in self.pending:
            claim = self.claims.get(message_id)
            if claim is None:
                continue
            at, retry_at = values.get("at") or self.clock(), values.get("retry_at")
            entries.append({"id": message_id, "state": state.value, "at": at.isoformat(),
                            "claimed": claim[0].isoformat(), "attempts": claim[1], "header": claim[2],
                            "error": values.get("error", ""), "key": values.get("key", ""),
                            "retry_at": retry_at.isoformat() if retry_at else None})
        return entries

    def flush(self) -> None:
        if self.pending or self.notes or self.state_writes:
            with self._recording():
                pass

    def close(self) -> None:
        for session in [*self.smtp.values(), *self.imap.values()]:
            session.close()


# The server's words for a folder it will not take a message into (RFC 5530, RFC 3501 TRYCREATE):
# the folder, not the connection, is the trouble, and another one may be named.
_FOLDER_REFUSED = re.compile(r"\[(NOPERM|TRYCREATE|NONEXISTENT)\]", re.I)


def _folder_refused(choice, err: AfterviewError) -> str:
    """For a copy the server refused to file in `choice`'s folder (no right to add there, no
    such folder): the setting that names another, and the one to use when one is known
    writable; "" for any other failure (a connection lost)."""
    if not _FOLDER_REFUSED.search(str(err)):
        return ""
    kind = choice.kind
    writable = [name for name in choice.searched if name != choice.folder and choice.may_append(name)]
    instead = f"\"{writable[0]}\"" if writable else "\"NAME\""
    return (f"; to file copies in another folder, set {kind.setting} = {instead} in [accounts.{choice.account}] of "
            f"config.toml (afterview account test {choice.account} says which folders there are)")


def same_name(one: str, other: str) -> bool:
    """Whether two names are the same, spaces aside ("" is no name)."""
    return bool(" ".join((other or "").split())) and " ".join((one or "").split()) == " ".join(other.split())


def name_to_keep(display_name: str, profile_name: str) -> str:
    """The display_name to write for a mail account given `display_name` (`account add --name`,
    the desk's form): "" when it is merely your profile's name, so that the account sends under
    the profile's name as it is when each note goes, never one frozen when the account was added."""
    return "" if same_name(display_name, profile_name) else " ".join((display_name or "").split())


@dataclass(frozen=True)
class OwnName:
    """A mail account that sends under a name of its own, not your profile's (`own_names`)."""

    account: str
    name: str
    was_yours: bool  # your profile's name before the change: most likely frozen when the account was added

    def line(self, profile_name: str) -> str:
        was = ", your name before this change" if self.was_yours else ""
        return (f"account {self.account} sends under a name of its own, {self.name}{was}, not "
                f"{profile_name or 'your profile name'}: to send under your profile's name: afterview account edit "
                f"{self.account} --profile-name (or give it another: afterview account edit {self.account} --name NAME)")


def own_names(accounts: dict[str, Account], profile_name: str, before: str = "") -> list[OwnName]:
    """After your profile's name changed (from `before`): the accounts whose own display_name, which
    wins over the profile's in the From of every mail they send, is another."""
    return [OwnName(a.name, " ".join(a.display_name.split()), same_name(a.display_name, before))
            for a in accounts.values() if a.display_name.strip() and not same_name(a.display_name, profile_name)]


def _wire(message: Message, account: Account, person: Person, profile_name: str, now: datetime) -> bytes:
    from afterview.delivery.compose_email import as_bytes, build_email

    email = build_email(message, sender_name=account.display_name or profile_name, sender_address=account.email,
                        recipient_name=person.name, now=now)
    return as_bytes(email)


checked_from = outbox.checked_from  # (with the outbox, so that `today` says it without these services)


def _minute_from(at: datetime, tz: str = "") -> str:
    """The first whole minute at or after `at`, said as `_looked_for_from` says one."""
    from afterview.domain.values import wall_clock

    start = at if not (at.second or at.microsecond) else (
        at.replace(second=0, microsecond=0) + timedelta(minutes=1))
    return wall_clock(start, tz) if tz else f"{start.astimezone(timezone.utc):%Y-%m-%d %H:%M} UTC"


def _looked_for_from(claimed: datetime, tz: str = "") -> str:
    """The minute from which a send claimed at `claimed` is looked for in the Sent folder, as
    said: on the user's clock ('Fri 2026-11-27 20:16', as `today` says it), or without a zone
    to say it in, in UTC ('2026-11-28 01:16 UTC')."""
    from afterview.domain.values import wall_clock

    start = checked_from(claimed)
    return wall_clock(start, tz) if tz else f"{start:%Y-%m-%d %H:%M} UTC"


def reconcile(store, *, now: datetime, accounts: dict[str, Account], report: SendReport | None = None,
              tz: str = "") -> SendReport:
    """Sends interrupted mid-way: found in Sent -> sent; otherwise failed, outcome unknown.
    Each is said (`report.reconciled`, `report.unknown`) only by the program that settled it:
    another one reconciling at the same time finds it settled and says nothing (see _settle).
    One still in its lease (being sent, or cut off moments ago) is said in `report.checking`,
    with the minute from which it is looked for: on the user's clock (`tz`, as `today` says it),
    else in UTC."""
    from afterview.domain.values import wall_clock

    report = report or SendReport()
    record_kept_aside(store, report)  # results an earlier run could not record: before anything else
    aside = {entry["id"] for entry in _kept_aside(unrecorded_path(store))}  # being recorded by another program
    with store.reading() as tx:  # each one found is then settled in a transaction of its own (_settle)
        stuck = [m for m in outbox.interrupted(tx, now) if m.id not in aside]
        stuck_ids = {m.id for m in stuck}
        in_lease = [m for m in tx.list(Message, state=MessageState.SENDING) if m.id not in stuck_ids]
    for message in in_lease:  # claimed by another program, as far as can be told until its lease ends
        claimed = message.updated_at or now
        since = wall_clock(claimed, tz) if tz else f"{claimed.astimezone(timezone.utc):%Y-%m-%d %H:%M} UTC"
        report.checking.append((message.id, (
            f"is being sent by another Afterview program (since {since}): it is not sent twice. If no other "
            f"Afterview program is running, the send was cut off and it may have gone out: do not send it again; "
            f"from {_looked_for_from(claimed, tz)} on, afterview send-due (or the worker) looks for it in the "
            "Sent folder")))
    by_account: dict[str, list[Message]] = {}
    for message in stuck:
        by_account.setdefault(message.account, []).append(message)
    for name, messages in by_account.items():
        found, problem = _search_sent(accounts.get(name), messages)
        for message in messages:
            # said only by the program that settles it: another one reconciling at the same time
            # (a worker, send-due, the desk's mail round) found it too, and may have been first
            if message.id in found:
                if _settle(store, message, MessageState.SENT, "", now,
                           note="sent (found in the Sent folder after an interruption)"):
                    report.reconciled.append((message.id, "sent"))
            else:
                reason = UNKNOWN_OUTCOME if not problem else (
                    f"{UNKNOWN_PREFIX}: the send was interrupted and {problem}; {UNKNOWN_ADVICE}")
                if _settle(store, message, MessageState.FAILED, reason, now):
                    report.unknown.append((message.id, reason))
    return report


def _settle(store, message: Message, state: MessageState, error: str, now: datetime, *,
            note: str | None = None) -> bool:
    """An interrupted send settled, at its claim's moment (when the send was attempted), in one
    transaction that checks it is still that claim (outbox.settle); True when this program
    settled it."""
    from afterview.services.pipeline import loop_closed

    attempted = min(message.updated_at or now, now)
    with store.transaction() as tx:
        if not outbox.settle(tx, message, state=state, at=attempted, error=error, note=note):
            return False
        if state == MessageState.SENT:
            loop_closed(tx, message.action_key, attempted)
    return True


def _search_sent(account: Account | None, messages: list[Message]) -> tuple[set[int], str]:
    """The messages (ids) found by their Message-ID in any folder that qualifies as the Sent
    folder (see _in_sent), and why the others could not be looked for ("" when they were)."""
    if account is None:
        return set(), "the Sent folder could not be searched: its account is no longer configured"

    found: set[int] = set()
    problem = ""
    wanted = {m.id: m.message_id for m in messages if m.message_id}
    try:
        with _mailbox(account) as imap:
            choice = _find_folder(imap, "sent")
            if not choice.searched:
                return set(), f"could not be checked: {choice.missing()}"
            for folder in choice.searched:
                try:
                    found |= {i for i, header in wanted.items()
                              if i not in found and imap.contains_message_id(folder, header)}
                except DeliveryError as err:  # one folder (its rights, say): the others are still searched
                    problem = problem or f"the Sent folder \"{folder}\" could not be searched: {err}"
                if len(found) == len(wanted):
                    break
    except AfterviewError as err:
        return found, f"the Sent folder could not be searched: {err}"
    return found, problem


# --- reply sync ---------------------------------------------------------------------------------

@dataclass
class SyncReport:
    account: str
    scanned: int = 0
    fetched: int = 0
    recorded: list[Inbound] = field(default_factory=list)
    bounced: list[int] = field(default_factory=list)  # our messages now failed
    sent_by_you: list[int] = field(default_factory=list)  # placed in Drafts, found in Sent: marked sent
    other_text: list[int] = field(default_factory=list)  # of those, the ones whose text there is another: it is kept
    delivered: list[tuple[int, str]] = field(default_factory=list)  # a reply answers it: marked sent, why
    rescanned: bool = False  # UIDVALIDITY changed
    since: date | None = None  # read again from this day on (sync --since): what was read before, again
    feedback: list[int] = field(default_factory=list)  # replies (ids) answering our request for feedback
    folders: list[str] = field(default_factory=list)  # read besides the INBOX (the account's read_folders)
    unread: list[str] = field(default_factory=list)  # why a folder of read_folders could not be read (one line each)
    unreadable: list[str] = field(default_factory=list)  # messages left unread where they are (reading.unreadable_line)
    # what the replies read stopped: (reply id, "status follow-up to Dana Reyes (Tue 8 Dec) is no
    # longer planned: Tom Becker replied"), see stopped_by_replies; and what one filed under no
    # opportunity left going, with the command that files it there (_file_by_company)
    stopped: list[tuple[int, str]] = field(default_factory=list)

    def bounced_line(self, message_id: int) -> str:
        """How a message this round failed by a bounce is said: "message 5 bounced: marked failed",
        and when the server said the address is right (a full mailbox), what to do instead."""
        from afterview.delivery.bounces import not_the_address

        said = next((i.summary for i in self.recorded
                     if i.kind == InboundKind.BOUNCE and i.answers_message_id == message_id), "")
        why = not_the_address(said.removeprefix("bounce:").strip())
        if why:
            return (f"message {message_id} bounced: {why}: marked failed; the address is right: approve it "
                    f"again to try later (afterview approve {message_id})")
        return f"message {message_id} bounced: marked failed"


def sync(store, *, now: datetime, account: Account, batch: int = 500, since: date | None = None) -> SyncReport:
    """Read new messages in the INBOX and the account's read_folders; record replies,
    auto-replies and bounces about our messages.
    `since`: read again the messages that arrived from that day on (UTC), new ones too."""

    report = SyncReport(account.name)
    with _mailbox(account) as imap:
        sync_with(store, imap, now=now, account=account, report=report, batch=batch, since=since)
    return report


def sync_with(store, imap, *, now: datetime, account: Account, report: SyncReport, batch: int = 500,
              since: date | None = None) -> SyncReport:
    """One incremental pass over an open IMAP connection (the worker keeps one open): the
    folders of the account's read_folders (where a filter of the user's files replies), then the
    INBOX, each from where it was last read (its own UIDVALIDITY and last UID). A folder of
    read_folders that cannot be read is said in `report.unread`; the others are read all the same.

    With `since`, the messages that arrived (their INTERNALDATE) from that day on are read again
    as well: mail from an address recorded after it came. What was recorded is never recorded
    twice (by its Message-ID: one message in two folders is one reply), and the position read
    up to never moves back."""
    from afterview.delivery import reading

    with store.reading() as tx:  # (read only: no other program waits for it)
        # the user's own addresses: a copy of their own mail in the INBOX is no reply to them
        index = reading.Index.build(tx.facts(), own=(account.email, account.login, tx.profile().email))
    report.since = since
    first = len(report.recorded)
    folders, problems = _reply_folders(imap, account)
    report.unread.extend(problems)
    for folder in folders:
        try:
            _read_folder(store, imap, folder, index, now=now, account=account, report=report, batch=batch, since=since)
        except DeliveryError as err:  # its rights, say: the INBOX and the others are read all the same
            report.unread.append(f"the folder \"{folder}\" set in read_folders could not be read: {err}")
            continue
        report.folders.append(folder)
    _read_folder(store, imap, "INBOX", index, now=now, account=account, report=report, batch=batch, since=since)
    by_you, after_all, carried, other_text = _notice_sent_drafts(store, imap, now)
    report.sent_by_you.extend(by_you)
    report.other_text.extend(other_text)
    report.delivered.extend((message_id, FOUND_AFTER_ALL) for message_id in after_all)
    report.delivered.extend((message_id, FOUND_CARRIED) for message_id in carried)
    replies = [r for r in report.recorded[first:] if r.kind == InboundKind.REPLY]
    if replies:
        with store.reading() as tx:
            report.stopped.extend(stopped_by_replies(tx, replies, now=now))
    return report


FOLLOW_UP_WORDS = {MessageKind.STATUS_CHECK: "status follow-up", MessageKind.CLOSING_THE_LOOP: "closing note"}


def stopped_by_replies(tx, replies: list[Inbound], *, now: datetime, playbook=None) -> list[tuple[int, str]]:
    """What these replies (just recorded) stopped, one line each: the status follow-ups (and
    closing notes) the plan had without them and has no longer ("a reply arrives: cancel every
    pending status follow-up of that opportunity"), each said with the reply that stopped it
    (the one about its opportunity, else from its person, else the first): (reply id, "status
    follow-up to Dana Reyes (Tue 8 Dec) is no longer planned: Tom Becker replied"). The plan is
    made twice, without these replies and with them, each only around their senders and
    processes; nothing when the playbook cannot be read."""
    from afterview.domain.days import short_day
    from afterview.errors import ConfigError
    from afterview.planner import plan
    from afterview.planner.facts import safe_zone

    if playbook is None:
        from afterview.services.planning import effective_playbook

        try:
            playbook = effective_playbook()
        except ConfigError:  # the replies are said all the same; the plan is said where it is read
            return []
    from afterview.planner.around import plan_around

    facts = tx.facts()
    new = {r.id for r in replies}
    # what they can stop is about their senders and processes: the part of the pipeline around
    # those is planned (planner.around), unless a reply is placed with neither (then everything)
    people = {r.person_id for r in replies if r.person_id is not None}
    opportunities = {r.opportunity_id for r in replies if r.opportunity_id is not None}
    around = dict(person_ids=people, opportunity_ids=opportunities)
    if any(r.person_id is None and r.opportunity_id is None for r in replies):
        around = None

    def planned(facts_now):
        return plan(facts_now, playbook, now) if around is None else plan_around(facts_now, playbook, now, **around)

    before = planned(replace(facts, inbound=[i for i in facts.inbound if i.id not in new]))
    kept = {a.key for a in planned(facts)}
    tz = safe_zone(facts.profile.timezone or "UTC", "UTC")
    ordered = sorted(replies, key=lambda r: (r.received_at, r.id or 0))
    lines = []
    hinted: set[int | None] = set()
    for action in before:
        if action.key in kept or action.kind not in FOLLOW_UP_WORDS:
            continue
        by = (next((r for r in ordered if r.opportunity_id is not None and r.opportunity_id == action.opportunity_id), None)
              or next((r for r in ordered if r.person_id == action.person_id), None) or ordered[0])
        person = facts.people.get(action.person_id)
        sender = facts.people.get(by.person_id) if by.person_id is not None else None
        to = person.name if person is not None else f"person {action.person_id}"
        if person is not None and _in_several(facts, person):  # which of their processes
            to += f" about {_process_words(facts, action.opportunity_id)}"
        who = sender.name if sender is not None else by.from_address or "someone"
        day = short_day(action.earliest.astimezone(tz).date())
        line = f"{FOLLOW_UP_WORDS[action.kind]} to {to} ({day}) is no longer planned: {who} replied"
        if action.opportunity_id not in hinted:  # the way back, once per process
            hinted.add(action.opportunity_id)
            back = going_on_hint(facts, action.opportunity_id, by.person_id, reply=by)
            line += f" ({back})" if back else ""
        lines.append((by.id, line))
    return lines


def _in_several(facts: Facts, person: Person) -> bool:
    """Whether the person takes part in more than one process (on its panels, or at its company)."""
    from afterview.delivery.matching import takes_part_in

    return len(takes_part_in(person, facts.opportunities.values(), facts.interviews.values())) > 1


def _reads_stopped(reply: Inbound, ahead: date, *, desk: bool = False) -> str:
    """Why a reply stops follow-ups a decision date still ahead would have kept (its reading),
    with the way to settle it; "" when its reading is not why."""
    reads = _KEEPS_STOPPED_WORDS.get(reply.classification)
    if reads is None or reply.kind != InboundKind.REPLY or reply.id is None:
        return ""
    if reply.confirmed:  # you said what it means: nothing to settle
        return ""
    said = f"the reply {reads}, although the decision date {_dated(ahead)} is still ahead"
    suggested = suggested_status(reply)
    if desk:
        return f"{said}: confirm what it means under Replies to confirm, on Today"
    confirm = (f"afterview replies confirm {reply.id} (it is {reads.removeprefix('reads as ')})" if suggested else
               f"afterview replies confirm {reply.id} --status STATUS")
    return (f"{said}: confirm it or not: {confirm}, or afterview replies confirm {reply.id} --status none (it is "
            "not: they wait until after that date)")


def _process_words(facts: Facts, opportunity_id: int | None) -> str:
    """"Data Engineer at Acme" (a process as a line about it names it)."""
    opportunity = facts.opportunities.get(opportunity_id)
    if opportunity is None:
        return f"opportunity {opportunity_id}"
    company = facts.companies.get(opportunity.company_id)
    return f"{opportunity.role} at {company.name}" if company is not None else opportunity.role


_KEEPS_STOPPED_WORDS = {ReplyClass.REJECTION: "reads as a rejection", ReplyClass.OFFER: "reads as an offer",
                        ReplyClass.NEEDS_REVIEW: "is still to be read by you"}


def going_on_hint(facts: Facts, opportunity_id: int | None, person_id: int | None = None, *,
                  desk: bool = False, reply: Inbound | None = None) -> str:
    """How a process's status follow-ups stopped by a reply come back, said where they stop: the
    date a decision is now due, recorded in a debrief of its latest round (the follow-ups go on
    after it: docs/playbook.md, stop_on_reply): "to have them go on, record when a decision is
    due: afterview debrief 3 --person 2 --decision-date DATE" (the reply's sender when on that
    round's panel, else its first member); "" for a process with no round to keep it with.
    `desk`: in the desk's words, which name no command.

    With a decision date recorded already and not before `reply` (the reply that stopped them),
    recording one is no way back: what stops them is how the reply reads (the planner keeps them
    stopped after a reply that reads as a rejection or an offer, whatever the date), so that is
    said, with the command that settles it: "the reply reads as a rejection, although the
    decision date ... is still ahead: confirm it or not: afterview replies confirm 4 (a rejection)
    or afterview replies confirm 4 --status none (it is not: they wait until after that date)";
    else ("" : something else closed the process) nothing."""
    from afterview.domain.model import latest_round

    round_ = latest_round(i for i in facts.interviews.values() if i.opportunity_id == opportunity_id)
    if round_ is None or not round_.participants:
        return ""
    ahead = _panel_decision(facts, opportunity_id)
    if ahead is not None and reply is not None:
        from afterview.planner.facts import safe_zone

        day = reply.received_at.astimezone(safe_zone(facts.profile.timezone or "UTC", "UTC")).date()
        if ahead >= day:
            return _reads_stopped(reply, ahead, desk=desk)
    if desk:
        return ("to have them go on, record when a decision is due: its Decision date, on the cards of the "
                "latest interview")
    panel = [p.person_id for p in round_.participants]
    who = person_id if person_id in panel else panel[0]
    return (f"to have them go on, record when a decision is due: afterview debrief {round_.id} --person {who} "
            "--decision-date DATE")


def _reply_folders(imap, account: Account) -> tuple[list[str], list[str]]:
    """The folders besides the INBOX to read replies from, as the server names them, and why
    those that cannot be read cannot (imap.ImapConnection.read_folders); a plugin's mailbox
    without that takes the names as they are written."""
    find = getattr(imap, "read_folders", None)
    if find is not None:
        return find()
    return [name for name in dict.fromkeys(account.read_folders) if name.casefold() != "inbox"], []


def sync_key(account: str, folder: str) -> str:
    """The state entry keeping where reading `folder` of `account` stopped: "sync:NAME:INBOX"
    for the INBOX, as ever; a folder whose name would make it too long, by a digest of it."""
    key = f"sync:{account}:{folder}"
    if len(key) <= 200:  # (the state table's key column)
        return key
    import hashlib

    return f"sync:{account}:#{hashlib.sha256(folder.encode('utf-8')).hexdigest()[:40]}"


def _read_folder(store, imap, folder: str, index, *, now: datetime, account: Account, report: SyncReport,
                 batch: int, since: date | None) -> None:
    """Read one folder's new messages (and with `since`, those from that day on) into facts,
    from where reading it stopped; a new UIDVALIDITY reads it all again."""
    from afterview.delivery import reading

    key = sync_key(account.name, folder)
    uidvalidity = imap.select(folder)
    # Read in a transaction of its own, not in the one that writes it: the messages are fetched
    # from the server in between, and a write transaction held across the network would keep
    # every other program (the desk, the worker, send-due) waiting for the mail server. So
    # another sync of this account may move the position on meanwhile: each write below takes
    # the stored one again, in its own transaction, and never moves it back (_moved_on).
    with store.reading() as tx:
        position = tx.get_state(key) or {}
    last = int(position.get("last_uid", 0))
    if position.get("uidvalidity") not in (None, uidvalidity):
        last, report.rescanned = 0, True  # a new mailbox identity: read all again, dedupe by Message-ID
    start_day = datetime.combine(since, datetime.min.time(), timezone.utc) if since is not None else None
    uids = imap.uids_after(0 if since is not None else last)
    for start in range(0, len(uids), batch):
        chunk = uids[start:start + batch]
        headers = imap.headers(chunk)
        if start_day is not None:  # of those read before, only the ones that came from that day on
            headers = {uid: head for uid, head in headers.items()
                       if uid > last or _arrived(head[2]) >= start_day}
        report.scanned += len(headers)
        wanted = reading.select_relevant(headers, index)
        bodies = imap.bodies(sorted(wanted)) if wanted else {}
        report.fetched += len(bodies)
        with store.transaction() as tx:
            proven = len(report.delivered)
            for uid in sorted(bodies):
                reading.record(tx, bodies[uid], wanted[uid], facts=index.facts, now=now, report=report, index=index,
                               folder=folder, by_company=lambda tx, inbound, found: _file_by_company(tx, inbound, found, report))
            for message_id, _why in report.delivered[proven:]:  # sent after all: as any sent message
                _loop_closed(tx, message_id)
            tx.set_state(key, _moved_on(tx, key, uidvalidity, max(last, chunk[-1])))
    kept = {"uidvalidity": uidvalidity, "last_uid": last}
    if not uids and position != kept:  # nothing new: written only when it says something new
        with store.transaction() as tx:
            moved = _moved_on(tx, key, uidvalidity, last)
            if tx.get_state(key) != moved:
                tx.set_state(key, moved)


def _file_by_company(tx, inbound: Inbound, found, report: SyncReport) -> None:
    """A message just recorded that matching placed by its sender's company alone
    (`matching.by_company_only`, `reading.record`'s `by_company`): filed as `replies add` files a
    reply (`counts_for_process`). A reply that does not count (from a friend at Acme, nothing of
    ours answered, no status in its words) is kept with no opportunity, so that it stops none of
    the process's follow-ups, and said in the report with the command that files it there
    (`unfiled_words`)."""
    from afterview.delivery.reading import read_as

    opportunity = tx.get(Opportunity, inbound.opportunity_id) if inbound.opportunity_id is not None else None
    reads_as = read_as(inbound)
    if inbound.kind != InboundKind.REPLY or counts_for_process(
            tx, inbound.person_id, opportunity, reads_as=reads_as, told=stated_decision_of(inbound) is not None):
        return  # filed as matched
    if opportunity is not None:
        candidates = [opportunity]
    else:  # several processes at the company's domain (the match's options), none of them its
        at_company = [o for o in (tx.get(Opportunity, i) for i in found.options) if o is not None]
        candidates = [o for o in at_company if not o.status.is_closed] or at_company
        if inbound.summary.startswith("ambiguous: "):  # no longer among them to choose: none counts
            inbound.summary = inbound.summary.split("; ", 1)[-1]
        inbound.classification = reads_as
    inbound.opportunity_id = None
    tx.update(inbound)
    person = tx.get(Person, inbound.person_id) if inbound.person_id is not None else None
    if candidates:
        report.stopped.append((inbound.id, f"reply {inbound.id}: {unfiled_words(tx, inbound, candidates, person)}"))


def _moved_on(tx, key: str, uidvalidity: int, read_to: int) -> dict:
    """The position to store once a folder was read up to `read_to`, checked against the one
    stored now, in the transaction that writes it: another sync of the account (a worker beside
    `afterview sync`, the desk's mail round) that read further meanwhile keeps its further one."""
    stored = tx.get_state(key) or {}
    if stored.get("uidvalidity") == uidvalidity:
        read_to = max(read_to, int(stored.get("last_uid", 0)))
    return {"uidvalidity": uidvalidity, "last_uid": read_to}


def _arrived(internal: datetime | None) -> datetime:
    """A message's INTERNALDATE, aware (a naive one is the server's local time: taken as UTC,
    as --since's day is); none at all counts as long ago."""
    if internal is None:
        return datetime.min.replace(tzinfo=timezone.utc)
    return internal if internal.tzinfo is not None else internal.replace(tzinfo=timezone.utc)


def _loop_closed(tx, message_id: int) -> None:
    from afterview.services.pipeline import loop_closed

    message = tx.get(Message, message_id)
    loop_closed(tx, message.action_key, message.sent_at)


FOUND_AFTER_ALL = "its send's outcome was unknown, and it is in the Sent folder now: marked sent"
FOUND_CARRIED = ("it came from another copy of your data (a copy of the database, a restore), and it is in the Sent "
                 "folder: it went from there; marked sent")


def _notice_sent_drafts(store, imap, now: datetime) -> tuple[list[int], list[int], list[int], list[int]]:
    """Messages found in a Sent folder since the last look (every folder that qualifies as one:
    see _in_sent), marked sent: those the user placed in Drafts and then sent from their own
    program, those whose send's outcome was unknown (the Sent folder could not be searched
    then, or its copy came late), and those that came from another copy of the data with the
    Message-ID they had there (outbox.carried), which went from there; and of the first, those
    whose text found sent differs from the one kept here (SENT_TEXT_DIFFERS): (ids, ids, ids, ids)."""
    with store.reading() as tx:
        carried = outbox.carried(tx)

        def looked_for(m: Message) -> bool:
            if outbox.carried_from(carried, m):
                return True
            return outcome_unknown(m) if m.state == MessageState.FAILED else m.note.startswith(BY_YOU)

        waiting = [m for m in tx.list(Message, state=[MessageState.DRAFTED, MessageState.APPROVED, MessageState.FAILED])
                   if m.message_id and looked_for(m)]
        known = {m.message_id for m in tx.list(Message) if m.message_id} if waiting else set()
    if not waiting:
        return [], [], [], []
    searched: list[str] = []
    in_sent = _in_sent(imap, [m.message_id for m in waiting], searched)
    if searched:
        imap.select("INBOX")  # (the worker waits for new mail there)
    found = [m for m in waiting if m.message_id in in_sent]
    # a copy gone from Drafts that the mail program sent under a new Message-ID: found by its
    # address and subject (`_sent_anew`); what went, as the Sent folder has it
    anew = _gone_from_drafts(imap, [m for m in waiting if m not in found and m.note.startswith("placed in ")
                                    and m.state != MessageState.FAILED], known)
    # an .eml file sent by "Edit as New" (Thunderbird, Apple Mail) went under a new Message-ID
    anew.update(_sent_from_file(imap, [m for m in waiting if m not in found and m.note.startswith("saved as ")
                                       and m.state != MessageState.FAILED], known))
    found += [m for m in waiting if m.id in anew]
    if not found:
        return [], [], [], []
    # what went, as the Sent folder has it: a copy placed in Drafts may have been changed there,
    # or here since (an older version let its text change): the text found sent is the record
    copies = {m.id: _sent_copy(imap, m.message_id) for m in found
              if m.note.startswith(BY_YOU) and m.id not in anew}
    copies.update({i: raw for i, (_, raw) in anew.items()})
    if copies:
        imap.select("INBOX")
    with store.transaction() as tx:
        # an unknown outcome's send happened when it was attempted (its record's moment), not now
        marked = [m for m in found if _mark_found_in_sent(
            tx, m.id, now, sent_at=min(m.updated_at or now, now) if outcome_unknown(m) else now,
            copy=copies.get(m.id), sent_as=anew[m.id][0] if m.id in anew else "")]
        by_you = [m.id for m in marked if m.note.startswith(BY_YOU)]
        # whether the text that went is another is known here, from what was just written: read
        # in this transaction, not in one of its own after it
        other_text = [i for i in by_you if _text_differs_said(tx, i)]
    after_all = [m.id for m in marked if m.id not in by_you and outcome_unknown(m)]
    return by_you, after_all, [m.id for m in marked if m.id not in by_you and m.id not in after_all], other_text


# the notes of a copy out the user sends from their mail program: placed in Drafts, an .eml file
BY_YOU = ("placed in ", "saved as ")


def _sent_from_file(imap, saved: list[Message], known: set[str]) -> dict[int, tuple[str, bytes]]:
    """Of these notes saved as an .eml file (and not found in Sent by their Message-ID), those sent
    under another Message-ID (`_sent_anew`: a mail program sends a file it opens by "Edit as New"
    as a new message): id -> (the Message-ID it went under, the copy); a mailbox that cannot
    search so finds none."""
    found: dict[int, tuple[str, bytes]] = {}
    try:
        for m in saved:
            anew = _sent_anew(imap, m, known - {m.message_id})
            if anew is not None:
                found[m.id] = anew
    except AfterviewError:  # (a search refused): looked for by its Message-ID alone
        pass
    if saved:
        imap.select("INBOX")  # (the worker waits for new mail there)
    return found


def _gone_from_drafts(imap, placed: list[Message], known: set[str]) -> dict[int, tuple[str, bytes]]:
    """Of these notes placed in Drafts (and not found in Sent by their Message-ID), those no longer
    in the Drafts folder that were sent anew under another Message-ID (`_sent_anew`): id -> (the
    Message-ID it went under, the copy). One still in Drafts, or a mailbox without a Drafts folder
    or that cannot search so, finds none (by its Message-ID they are found as ever)."""
    if not placed:
        return {}
    try:
        folder = imap.drafts_folder()
        gone = [m for m in placed if not imap.contains_message_id(folder, m.message_id)]
        found = {m.id: anew for m in gone if (anew := _sent_anew(imap, m, known - {m.message_id})) is not None}
    except AfterviewError:  # (no Drafts folder, a search refused): looked for by its Message-ID alone
        found = {}
    imap.select("INBOX")  # (the worker waits for new mail there)
    return found


def sent_by_you_line(report: SyncReport, message_id: int) -> str:
    """What `sync` (and the worker) say of a note placed in Drafts and found in Sent."""
    line = f"message {message_id} was sent from your mail program (found in Sent): marked sent"
    if message_id in report.other_text:
        line += f"; {SENT_TEXT_DIFFERS} (afterview show {message_id})"
    return line


def _mark_found_in_sent(tx, message_id: int, now: datetime, *, sent_at: datetime | None = None,
                        copy: bytes | None = None, sent_as: str = "") -> bool:
    """A message whose Message-ID is in the Sent folder went out: sent (from the user's mail
    program when a copy of it was placed in Drafts) at `sent_at` (else now). Not one sent, done
    or being sent.

    `copy`: the copy found in Sent, as it went. When its subject or text is another than the
    stored one (changed in the mail program, or here after the copy was placed), the text that
    went is recorded, and its note says so: never a text that did not go recorded as sent."""
    from afterview.services.pipeline import loop_closed

    current = tx.get(Message, message_id)
    how = "sent from your mail program" if current.note.startswith(BY_YOU) else "sent"
    went = _other_text(_sent_text(copy), current)
    differs = went is not None
    note = f"{how} (found in the Sent folder)" + (f"; {SENT_TEXT_DIFFERS}" if differs else "")
    states = (MessageState.DRAFTED, MessageState.APPROVED, MessageState.SCHEDULED, MessageState.FAILED)
    if not outbox.delivered(tx, message_id, states=states, now=now, sent_at=sent_at or now, note=note):
        return False  # conditional, as the outbox's claim: one claimed meanwhile is left to its worker
    if differs or sent_as:
        message = tx.get(Message, message_id)
        if differs:
            _take_text(message, went)
        if sent_as:  # sent anew under another Message-ID: the one that went, which their replies answer
            message.message_id = sent_as
        tx.update(message)
    loop_closed(tx, current.action_key, sent_at or now)
    return True


# --- replies ------------------------------------------------------------------------------------

def list_replies(tx, *, unconfirmed_only: bool = False) -> list[Inbound]:
    records = tx.list(Inbound, order_by="received_at")
    return [r for r in records if not (unconfirmed_only and r.confirmed)]


def suggested_status(inbound: Inbound) -> OpportunityStatus | None:
    if inbound.kind != InboundKind.REPLY:
        return None
    return SUGGESTED_STATUS.get(inbound.classification)


def feedback_hint(tx, inbound: Inbound) -> str:
    """For a reply that answers our request for feedback (the rejection reply, or the feedback
    request): the command that records what it says as feedback; "" for any other, and once
    feedback for its process was recorded since it came (`reading.feedback_recorded`)."""
    from afterview.delivery.reading import answers_feedback_request, feedback_recorded
    from afterview.domain.model import Feedback

    if inbound.answers_message_id is None:
        return ""
    message = tx.get(Message, inbound.answers_message_id)
    if not answers_feedback_request(inbound, message):
        return ""
    opportunity = inbound.opportunity_id or message.opportunity_id
    if opportunity is None:
        return ""
    if feedback_recorded(inbound, tx.list(Feedback, opportunity_id=opportunity), opportunity):
        return ""
    person = f" --person {inbound.person_id}" if inbound.person_id is not None else ""
    return f'afterview feedback {opportunity} "WHAT THEY SAID"{person}'


def feedback_line(tx, inbound: Inbound) -> str:
    """One line saying that a reply answers our request for feedback, and how to record it; ""
    for any other reply."""
    from afterview.delivery.reading import ASKS_FOR_FEEDBACK

    command = feedback_hint(tx, inbound)
    if not command:
        return ""
    asked = ASKS_FOR_FEEDBACK[tx.get(Message, inbound.answers_message_id).kind]
    return (f"reply {inbound.id} answers your {asked} (message {inbound.answers_message_id}), which asked for "
            f"feedback: if it gives some, record it: {command}")


@dataclass(frozen=True)
class DecisionOffer:
    """A decision date a reply said ("We expect to make a decision by 10 December"), offered to
    the user with what records it: the debrief of the round's interview for a person of its
    panel (the sender when they are on it, else the round's contact), whose decision date the
    planner anchors the status follow-ups on (docs/playbook.md). Never recorded on its own."""

    reply_id: int
    day: date
    interview_id: int
    person_id: int
    person: str  # their name
    to_review: bool  # the reply still to confirm: until then its follow-ups stay stopped

    @property
    def words(self) -> str:
        """"they said a decision by Thu 10 Dec 2026"."""
        return f"they said a decision by {self.day:%a} {self.day.day} {self.day:%b %Y}"

    @property
    def command(self) -> str:
        return (f"afterview debrief {self.interview_id} --person {self.person_id} "
                f"--decision-date {self.day.isoformat()}")

    def line(self) -> str:
        """One line for the terminal: the date said, and the command that records it."""
        then = (f"; then confirm the reply (e.g. afterview replies confirm {self.reply_id} --status {JUST_NOTED}), "
                "which is still to review" if self.to_review else "")
        return (f"reply {self.reply_id}: {self.words}: for the follow-ups to go by it, record it: "
                f"{self.command}{then}")


def decision_offer(facts: Facts, inbound: Inbound) -> DecisionOffer | None:
    """The decision date a recorded reply said, to offer (`DecisionOffer`); None when it said
    none, or when there is nothing to record it with or for: a reply that decided (a rejection,
    an offer, a next round), one linked to no opportunity (to place first) or to a closed one,
    one from before the process's latest round, a date not after the reply's day nor the
    round's, and once a debrief of the round states that date (recorded: nothing more to offer)."""
    from afterview.delivery.reading import has_left
    from afterview.delivery.replies import stated_decision

    day = stated_decision(inbound.summary) if inbound.kind == InboundKind.REPLY else None
    if day is None or has_left(inbound) or inbound.classification not in (ReplyClass.OTHER, ReplyClass.NEEDS_REVIEW):
        return None
    found = _decision_debrief(facts, inbound)
    if found is None:
        return None
    round_, person = found
    if day <= round_.start.date():
        return None
    if day < inbound.received_at.date():  # (after the reply's own day, where it was written: see replies.decision_date)
        return None
    from afterview.domain.model import stated_decision_dates

    if day in stated_decision_dates(round_, facts.debriefs):
        return None
    return DecisionOffer(inbound.id, day, round_.id, person.id, person.name,
                         to_review=not inbound.confirmed and inbound.classification == ReplyClass.NEEDS_REVIEW)


def _decision_debrief(facts: Facts, inbound: Inbound):
    """Where a decision date a reply gives is recorded (see `decision_offer`): the latest round of
    its open process and a person of its panel, the sender when they are on it, else the round's
    contact, as the planner asks them: (interview, person); None when there is none (no
    opportunity, a closed one, no round, a reply from before the round)."""
    from afterview.domain.model import latest_round
    from afterview.planner.facts import CONTACT_ORDER

    opportunity = facts.opportunities.get(inbound.opportunity_id) if inbound.opportunity_id is not None else None
    if opportunity is None or opportunity.status.is_closed:
        return None
    round_ = latest_round(i for i in facts.interviews.values() if i.opportunity_id == opportunity.id)
    if round_ is None or inbound.received_at < round_.start:
        return None
    panel = {p.person_id for p in round_.participants}
    person = facts.people.get(inbound.person_id) if inbound.person_id in panel else None
    if not panel:  # a take-home: the sender speaks for it when of the process, else the process's contact
        from afterview.domain.model import round_order
        from afterview.planner.facts import process_contact

        loop = sorted((i for i in facts.interviews.values() if i.opportunity_id == opportunity.id
                       and not i.cancelled), key=round_order)
        sender = facts.people.get(inbound.person_id) if inbound.person_id is not None else None
        if sender is not None and (sender.company_id == opportunity.company_id
                                   or any(p.person_id == sender.id for i in loop for p in i.participants)):
            return round_, sender
        person = process_contact(reversed(loop), facts.people.get, opportunity.company_id)[0]
        return (round_, person) if person is not None else None
    if person is None:  # the round's contact, as the planner asks them
        by_role = sorted(round_.participants, key=lambda p: (
            CONTACT_ORDER.index(p.role) if p.role in CONTACT_ORDER else len(CONTACT_ORDER)))
        person = next((facts.people[p.person_id] for p in by_role if p.person_id in facts.people), None)
    return (round_, person) if person is not None else None


def stated_decision_of(inbound: Inbound) -> date | None:
    """The decision date a reply's summary keeps, without reading anything else (a cheap check)."""
    from afterview.delivery.replies import stated_decision

    return stated_decision(inbound.summary) if inbound.kind == InboundKind.REPLY else None


def record_offered_decision(tx, inbound_id: int) -> DecisionOffer:
    """Record the decision date a reply said, as its offer says (`decision_offer`): in the
    debrief of the round's interview for its person, as `afterview debrief N --person P
    --decision-date D` does. Refused in one line when there is none to record (recorded already,
    in another tab; the reply changed since)."""
    from afterview.services.pipeline import record_debrief

    inbound = tx.get(Inbound, inbound_id)
    offer = decision_offer(tx.facts(), inbound)
    if offer is None:
        day = stated_decision_of(inbound)
        if day is None:
            raise InvalidInput(f"reply {inbound_id} says no decision date")
        raise Conflict(f"reply {inbound_id} has no decision date to record now: {day:%a} {day.day} {day:%b %Y} is "
                       "recorded already, or no longer one to go by (its process closed, a later round, a decision read)")
    from afterview.domain.model import Interview

    if tx.get(Interview, offer.interview_id).participants:
        record_debrief(tx, offer.interview_id, offer.person_id, decision_date=offer.day)
    else:  # a round with nobody on it (a take-home): kept as said by them
        from afterview.services.interviews import record_round_timing

        record_round_timing(tx, offer.interview_id, offer.person_id, decision_date=offer.day)
    return offer


@dataclass(frozen=True)
class LeftNotice:
    """An automatic reply saying its sender has left (`reading.has_left`), as said to the user:
    "Dana Reyes has left Acme; the reply names new@acme.example", and what to do about it
    (never done for them: nothing is rescheduled, their address is not changed)."""

    reply_id: int
    words: str
    commands: tuple[tuple[str, str], ...]  # (what it does, the command)

    def line(self) -> str:
        todo = "; ".join(f"{what}: {command}" for what, command in self.commands)
        return f"reply {self.reply_id}: {self.words}" + (f"; {todo}" if todo else "")


LEFT_NAMES = "; the reply names "  # how a "left" notice names the addresses it points to


def recorded_kind(inbound: Inbound) -> str:
    """How a list names what an incoming message is: its kind ("reply", "auto_reply", "bounce"),
    and "left" for an automatic reply saying its sender has left (`reading.has_left`: kept as a
    reply, which stops the follow-ups an out-of-office reply would only postpone)."""
    from afterview.delivery.reading import has_left

    return "left" if has_left(inbound) else inbound.kind.value


def recorded_words(inbound: Inbound) -> str:
    """A recorded message's summary as a list says it: without the decision date it keeps (said
    in a line of its own, with the command that records it: `offer_lines`); of one saying its
    sender has left, listed as "left" (`recorded_kind`), the sentence that says so."""
    from afterview.delivery.inbound import LEFT_SAID
    from afterview.delivery.reading import has_left
    from afterview.delivery.replies import without_decision

    if has_left(inbound):  # its kind says it ("left"): the sentence that said so, and where it points
        return re.sub(rf"\b\w+: {re.escape(LEFT_SAID)}: ", "", inbound.summary, count=1)
    return without_decision(inbound.summary)


def left_points_to(summary: str) -> list[str]:
    """The addresses an automatic reply saying its sender left points to, as its summary keeps them."""
    head, found, rest = (summary or "").rpartition("; it points to ")
    return [a.strip() for a in rest.split(",") if "@" in a] if found else []


def left_notice(facts: Facts, inbound: Inbound) -> LeftNotice | None:
    """For an automatic reply saying its sender has left: who has left where, the addresses it
    names, and the commands that give them the one it names (when it names one) or take the old
    one away, while the old address is still theirs; None for any other message."""
    from afterview.delivery.reading import has_left
    from afterview.domain.values import address_key

    if not has_left(inbound):
        return None
    person = facts.people.get(inbound.person_id) if inbound.person_id is not None else None
    opportunity = facts.opportunities.get(inbound.opportunity_id) if inbound.opportunity_id is not None else None
    company_id = person.company_id if person is not None and person.company_id is not None else (
        opportunity.company_id if opportunity is not None else None)
    company = facts.companies.get(company_id) if company_id is not None else None
    who = person.name if person is not None else (inbound.from_address or "they")
    names = left_points_to(inbound.summary)
    words = f"{who} has left{f' {company.name}' if company else ''}" + (
        f"{LEFT_NAMES}{', '.join(names)}" if names else "; the reply names no other address")
    commands: list[tuple[str, str]] = []
    old = address_key(inbound.from_address)
    if person is not None and old and old in {address_key(e) for e in person.emails}:
        others = [e for e in person.emails if address_key(e) != old]
        for new in names[:1]:
            kept = " ".join(f"--email {e}" for e in [new, *others])
            commands.append((f"if {new} is their new address", f"afterview person edit {person.id} {kept}"))
        gone = " ".join(f"--email {e}" for e in others) if others else "--no-email"
        commands.append(("if they are gone, so that nothing more goes to " + inbound.from_address,
                         f"afterview person edit {person.id} {gone}"))
    return LeftNotice(inbound.id, words, tuple(commands))


def offer_lines(tx, records, facts: Facts | None = None) -> list[str]:
    """For the replies among `records`: the decision date each said, with the command that
    records it (`decision_offer`), or, when they spoke of timing with no date that can be read,
    the command to give one (`timing_line`), and who has left, with what to do (`left_notice`);
    one line each, in their order. The facts are read once, and only when one of them has such
    a line."""
    from afterview.delivery.reading import has_left

    wanted = [r for r in records if stated_decision_of(r) is not None or has_left(r) or _speaks_of_timing(r)]
    if not wanted:
        return []
    facts = facts if facts is not None else tx.facts()
    lines = []
    for record in wanted:
        offer = decision_offer(facts, record)
        notice = left_notice(facts, record)
        lines += [thing.line() for thing in (offer, notice) if thing is not None]
        if offer is None and stated_decision_of(record) is None:
            timing = _timing_line(facts, record)
            if timing:
                lines.insert(len(lines) - (notice is not None), timing)
    return lines


def _speaks_of_timing(inbound: Inbound) -> bool:
    """Whether a reply's words, as kept (what it said, or what you told of it), speak of when they
    will decide or tell (`replies.timing_said`) with no date read from them: a cheap check."""
    from afterview.delivery.reading import has_left
    from afterview.delivery.replies import timing_said

    if (inbound.kind != InboundKind.REPLY or stated_decision_of(inbound) is not None or has_left(inbound)
            or inbound.classification not in (ReplyClass.OTHER, ReplyClass.NEEDS_REVIEW)):
        return False
    words = (inbound.summary or "").partition(": ")[2]  # "other: ...", "told by you: ..."
    return bool(words) and bool(timing_said(words))


def timing_line(tx, inbound: Inbound) -> str:
    """`_timing_line` of a reply just recorded ("" when it has none)."""
    return _timing_line(tx.facts(), inbound) if _speaks_of_timing(inbound) else ""


def _timing_line(facts: Facts, inbound: Inbound) -> str:
    """For a reply whose words speak of timing ("we'll get back to you in a couple of weeks") but
    give no date that can be read: the command that records the date they gave, if they gave one,
    in the debrief the follow-ups go by (as `decision_offer` would offer it); "" when they do not,
    when there is no round to record it with, or a decision date after the reply is recorded there."""
    if not _speaks_of_timing(inbound):
        return ""
    found = _decision_debrief(facts, inbound)
    if found is None:
        return ""
    round_, person = found
    if any(d.interview_id == round_.id and d.decision_date and d.decision_date > inbound.received_at.date()
           for d in facts.debriefs):
        return ""
    command = f"afterview debrief {round_.id} --person {person.id} --decision-date"
    why = _why_no_date(facts, inbound, command) or f"no date could be read from their words; if they gave one: {command} DATE"
    return f"reply {inbound.id}: {why}"


def _why_no_date(facts: Facts, inbound: Inbound, command: str) -> str:
    """Why the dates a reply's words about timing name give none to go by, with `command` to record
    the one meant: one that reads two ways ("09/04/2027", where the sender's usage is not known),
    several ("by 20 April, not 12 Feb"), one already past ("by 12 Feb" written on 30 March); ""
    when they name none of these (the caller says that no date could be read)."""
    from afterview.delivery.autoreply import day_first_in
    from afterview.delivery.replies import timing_said
    from afterview.planner.facts import safe_zone

    sender = facts.people.get(inbound.person_id) if inbound.person_id is not None else None
    zone = safe_zone((sender.timezone if sender is not None else "") or facts.profile.timezone or "UTC", "UTC")
    written = inbound.received_at.astimezone(zone).date()
    words = (inbound.summary or "").partition(": ")[2]
    ones, twos = _dates_named(timing_said(words) or words, written,
                              day_first_in((sender.country if sender is not None else "") or facts.profile.country))
    if twos:
        typed, one, other = twos[0]
        return (f"their date {typed} reads two ways, {_day(one)} or {_day(other)}, so none was taken: give the one "
                f"they meant: {command} {one.isoformat()} (or {other.isoformat()})")
    if len(ones) > 1:
        return (f"their words name {len(ones)} dates ({', '.join(_day(d) for d in ones)}), so none was taken: give "
                f"the one they decide by: {command} DATE")
    if ones and ones[0] <= written:
        return (f"the date in their words, {_day(ones[0])}, is past (the reply is of {_day(written)}), so it was not "
                f"taken: if they gave a later one: {command} DATE")
    return ""


def _day(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


def _dates_named(words: str, written: date, day_first: bool | None) -> tuple[list[date], list[tuple[str, date, date]]]:
    """The dates `words` name, read from `written` (`autoreply.date_at`): (those read one way, a
    date without its year as the nearest such day, past or to come; (as typed, one reading, the
    other) of those that read two ways)."""
    from afterview.delivery.autoreply import date_at
    from afterview.delivery.replies import SOONEST_YEARLESS

    ones: list[date] = []
    twos: list[tuple[str, date, date]] = []
    for token in re.finditer(r"\S+", words[:2000]):
        rest = words[token.start():].lstrip("(\"'")
        near = date_at(rest, written, day_first=day_first, soonest=SOONEST_YEARLESS)
        if near is False:
            ways = [date_at(rest, written, day_first=first, soonest=366) for first in (True, False)]
            if all(isinstance(w, date) for w in ways) and ways[0] != ways[1]:
                twos.append((token.group(0).strip(".,;:()"), *ways))
            continue
        if near is None:  # a day without its year further than SOONEST_YEARLESS on: the last one, past
            far = date_at(rest, written, day_first=day_first, soonest=366)
            if not isinstance(far, date):
                continue
            try:
                near = far.replace(year=far.year - 1)
            except ValueError:  # 29 February
                continue
        if near not in ones:
            ones.append(near)
    return ones, twos


# `confirm_reply`'s status for a reply read that changes no status ("happy to grab a coffee")
JUST_NOTED = "none"
_NOT_A_REPLY = {InboundKind.AUTO_REPLY: "an automatic reply", InboundKind.BOUNCE: "a bounce"}


def noted_as_seen(inbound: Inbound, status: str | None) -> bool:
    """Whether `confirm_reply` notes the message as seen, with no status change: an automatic
    reply or a bounce (they decide nothing), a reply with `status` JUST_NOTED, and a reply saying
    its sender has left when no status is said."""
    from afterview.delivery.reading import has_left

    if inbound.kind != InboundKind.REPLY:
        return True
    if status is not None:
        return status.strip().casefold() == JUST_NOTED
    return has_left(inbound)


def _note_seen(tx, inbound: Inbound, status: str | None,
               opportunity_id: int | None) -> tuple[Inbound, Opportunity | None]:
    """`confirm_reply` of an automatic reply or a bounce: seen, it leaves the list of replies to
    confirm; nothing else changes (the planner reads neither by whether it was seen: an
    out-of-office reply still postpones, a bounce still asks to check the address). A status
    or an opportunity said with it is refused in one line: it tells nothing of the process."""
    what = incoming_kind(inbound)
    if status is not None and status.strip().casefold() != JUST_NOTED:
        raise InvalidInput(f"{what} {inbound.id} is {_NOT_A_REPLY[inbound.kind]}: it says nothing of the process, "
                           f"so it sets no status; nothing changed (afterview replies confirm {inbound.id} notes it "
                           "as seen)")
    if opportunity_id is not None:
        raise InvalidInput(f"{what} {inbound.id} is {_NOT_A_REPLY[inbound.kind]}: it is confirmed about no "
                           f"opportunity; filed under the wrong one: afterview replies move {inbound.id} --person P "
                           "--opportunity N; nothing changed")
    if inbound.confirmed:
        raise Conflict(f"{what} {inbound.id} is noted as seen already; nothing changed")
    inbound.confirmed = True
    tx.update(inbound)
    linked = tx.list(Opportunity, id=[inbound.opportunity_id]) if inbound.opportunity_id is not None else []
    return inbound, (linked[0] if linked else None)


def seen_words(tx, inbound: Inbound) -> str:
    """What an incoming message noted as seen (`noted_as_seen`) goes on doing to the plan, in one
    line, said alike by the terminal and the desk: "Dana Reyes is away until Mon 07 Dec 2026: what
    is planned for them still waits until then"; for a bounce, that the address is to check;
    for a reply, that it stays their reply (the follow-ups it stopped stay stopped)."""
    from afterview.delivery.reading import has_left
    from afterview.domain.values import address_key

    person = _person_or_none(tx, inbound.person_id)
    who = person.name if person is not None else (inbound.from_address or "they")
    if inbound.kind == InboundKind.AUTO_REPLY:
        if inbound.return_date is None:
            return f"{who}'s automatic reply said no return date: the plan reads it as before, nothing else changes"
        day = inbound.return_date
        return (f"{who} is away until {day:%a %d %b %Y}: what is planned for them still waits until then "
                "(noting it changes nothing in the plan)")
    if inbound.kind == InboundKind.BOUNCE:
        bounced = _bounced_address(tx, inbound)
        if person is not None and bounced and address_key(bounced) != address_key(person.email):
            # a new address recorded since is the answer to the warning (as the planner reads it)
            return (f"a mail to {who} at {bounced} did not arrive; they have a new address since ({person.email}): "
                    "nothing more to check")
        from afterview.delivery.bounces import not_the_address

        why = not_the_address(_bounced_reason(tx, inbound))
        if why:  # the address is right: nothing to check, only to try again later
            return (f"a mail to {who} did not arrive: {why}; the next email to them still says to try again later, "
                    "until an email to them goes out")
        fix = f" (afterview person edit {person.id} --email NEW)" if person is not None else ""
        return (f"a mail to {who} did not arrive: the next email to them still says to check the address first, "
                f"until you give a new one{fix} or an email to them goes out")
    if has_left(inbound):
        return (f"it stays their reply for the plan: the follow-ups to {who} it stopped stay stopped; the address "
                "is yours to change (afterview replies --all lists the commands)")
    return "it stays their reply for the plan, with no status change"


def _bounced_reason(tx, inbound: Inbound) -> str:
    """The server's reason a bounce gave (as its message keeps it, else its summary)."""
    found = tx.list(Message, id=[inbound.answers_message_id]) if inbound.answers_message_id is not None else []
    if found and found[0].last_error.startswith("bounced:"):
        return found[0].last_error.removeprefix("bounced:").strip()
    return inbound.summary.removeprefix("bounce:").strip()


def _bounced_address(tx, inbound: Inbound) -> str:
    """The address a bounce says a mail did not reach: that of the message it returns ("" when it
    names none of ours)."""
    if inbound.answers_message_id is None:
        return ""
    found = tx.list(Message, id=[inbound.answers_message_id])
    return found[0].to_address if found else ""


def status_before_confirming(tx, inbound_id: int, opportunity_id: int | None = None) -> OpportunityStatus | None:
    """The status of the opportunity `confirm_reply` would change (the one chosen, else the
    reply's), before it does: to say "is still interviewing" rather than "is now". None when
    there is no such reply or opportunity (confirm_reply then says why)."""
    if opportunity_id is None:
        replied = tx.list(Inbound, id=[inbound_id])
        opportunity_id = replied[0].opportunity_id if replied else None
    found = tx.list(Opportunity, id=[opportunity_id]) if opportunity_id is not None else []
    return found[0].status if found else None


@dataclass(frozen=True)
class Confirmed:
    """What confirming a reply did (`reply_confirmed`): the reply, its opportunity as it is now,
    and the status change made (`pipeline.StatusMove`; None when it changed no status), whose
    `note` says a reopening, a step back or a skip as `afterview opportunity status` says it."""

    inbound: Inbound
    opportunity: Opportunity | None
    move: object | None = None
    # placed by the user (`opportunity_id`): what the plan has otherwise since (a reply that
    # matched several processes paused the follow-ups of each; placed, the others come back)
    plan: tuple = ()

    def note(self, tz: str, *, see: str = "afterview today") -> str:
        """The sentence the status change needs ("this reopens an opportunity that was closed
        with no response on 28 Nov; ..."), or ""."""
        return self.move.note(tz, see=see) if self.move is not None else ""


def confirm_reply(tx, inbound_id: int, *, now: datetime, status: str | None = None,
                  opportunity_id: int | None = None) -> tuple[Inbound, Opportunity | None]:
    """`reply_confirmed`, as (the reply, its opportunity as it is now)."""
    done = reply_confirmed(tx, inbound_id, now=now, status=status, opportunity_id=opportunity_id)
    return done.inbound, done.opportunity


def reply_confirmed(tx, inbound_id: int, *, now: datetime, status: str | None = None,
                    opportunity_id: int | None = None) -> Confirmed:
    """The user confirms what a reply means: the opportunity's status changes, with history;
    the change is returned with it, so that a reopened process is said whichever way its status
    changed (`replies confirm`, `replies add --status`, the desk's Confirm), as `opportunity
    status` says it.

    `opportunity_id`: the opportunity it is about, said by the user (a reply that matched
    several, or none). Confirmed once: confirming it again changes nothing and says so
    (`Conflict`), unless `status` says another status than the opportunity has (a correction).

    `status` JUST_NOTED ("none"): read, and it changes no status (a friendly word on a closed
    process). It leaves the list of replies to confirm, writes nothing in the status history,
    and stays their reply for the planner, as one that brings no decision (`ReplyClass.OTHER`:
    never read as a rejection or an offer again). It needs no opportunity; the one returned is
    the one it is linked to, as it is (None when none). A reply saying its sender has left is
    noted so with no `status` (it decides nothing: `noted_as_seen`).

    An automatic reply or a bounce has nothing to confirm: it is noted as seen (it leaves the
    list), and what it does to the plan stays as it is (`_note_seen`; `seen_words` says it).
    """
    from afterview.delivery.reading import read_as, unplaced
    from afterview.domain.model import Interview
    from afterview.services.pipeline import TOLD_BY, check_teller, parse_status, set_status, status_move

    inbound = tx.get(Inbound, inbound_id)
    if inbound.kind != InboundKind.REPLY:
        return Confirmed(*_note_seen(tx, inbound, status, opportunity_id))
    just_noted = noted_as_seen(inbound, status)
    wanted = parse_status(status) if status and not just_noted else None
    if opportunity_id is not None:
        tx.get(Opportunity, opportunity_id)  # an unknown id is said as such
    if inbound.confirmed:
        linked = tx.get(Opportunity, inbound.opportunity_id) if inbound.opportunity_id is not None else None
        if linked is None or opportunity_id not in (None, linked.id) or wanted in (None, linked.status):
            where = f": opportunity {linked.id} is {linked.status.value}" if linked is not None else ""
            raise Conflict(f"reply {inbound_id} is already confirmed{where}; nothing changed"
                           + (f" (to change its status: afterview opportunity status {linked.id} STATUS)"
                              if linked is not None else ""))
    plan_before = _plan_or_none(tx, now) if opportunity_id is not None else None
    if opportunity_id is not None:  # placed by the user: what its text says counts again
        inbound.opportunity_id = opportunity_id
        inbound.classification = read_as(inbound)
    if just_noted:
        inbound.confirmed = True
        inbound.classification = ReplyClass.OTHER
        tx.update(inbound)
        linked = tx.get(Opportunity, inbound.opportunity_id) if inbound.opportunity_id is not None else None
        return Confirmed(inbound, linked, plan=_placed_changes(tx, now, plan_before))
    if inbound.opportunity_id is None:
        raise Conflict(f"reply {inbound_id} is not linked to an opportunity: {unplaced(tx.facts(), inbound)}; "
                       f"say which: afterview replies confirm {inbound_id} --opportunity N")
    new_status = wanted or suggested_status(inbound)
    if new_status is None:
        hint = feedback_hint(tx, inbound)
        raise InvalidInput(f"reply {inbound_id} is '{inbound.classification.value}': say what it means with --status "
                           f"(e.g. --status interviewing, or --status {JUST_NOTED} to note it with no status change)"
                           + (f"; if it gives feedback, record it instead: {hint}" if hint else ""))
    note = reply_status_note(inbound)
    teller = None  # who sent a rejection or an offer: the reply (or the declining note) goes to them
    if inbound.person_id is not None and new_status in TOLD_BY:
        try:
            check_teller(tx, tx.get(Opportunity, inbound.opportunity_id), new_status, inbound.person_id)
            teller = inbound.person_id
        except InvalidInput:
            pass  # someone outside the process (an agency): the status alone, as before
    before = tx.get(Opportunity, inbound.opportunity_id)
    move = status_move(before, new_status, at=now,
                       interviewed=tx.count(Interview, opportunity_id=before.id) > 0)
    opportunity = set_status(tx, inbound.opportunity_id, new_status, now=now, note=note, person_id=teller)
    inbound.confirmed = True
    # what the user says it means is what it means from now on: a reply read as a rejection
    # and corrected to "interviewing" no longer plans a rejection reply (the planner reads the
    # classification)
    inbound.classification = _MEANS.get(new_status, ReplyClass.OTHER)
    tx.update(inbound)
    return Confirmed(inbound, opportunity, move, plan=_placed_changes(tx, now, plan_before))


def _plan_or_none(tx, now: datetime) -> dict | None:
    """The plan by key (`_plan`), or None when the playbook cannot be read (the change is made
    all the same; the plan is said where it is read)."""
    from afterview.errors import ConfigError

    try:
        return _plan(tx, now, None)
    except ConfigError:
        return None


def _placed_changes(tx, now: datetime, before: dict | None) -> tuple:
    """What placing a reply changed in the plan (`Confirmed.plan`); () when it was not made."""
    if before is None:
        return ()
    after = _plan_or_none(tx, now)
    return tuple(_plan_changes(before, after)) if after is not None else ()


@dataclass(frozen=True)
class Recorded:
    """What recording a reply told of did (`reply_recorded`): the reply, its opportunity as it is
    now, the approved notes held back (message id, why), and, given a status, what confirming it
    did (`Confirmed`: the note a reopening needs)."""

    inbound: Inbound
    opportunity: Opportunity | None
    held: list[tuple[int, str]]
    confirmed: Confirmed | None = None


def record_reply(tx, person_ref: str, *, now: datetime, at: datetime | None = None, opportunity_id: int | None = None,
                 says: str = "", status: str | None = None, decision_date=None,
                 playbook=None) -> tuple[Inbound, Opportunity | None, list[tuple[int, str]]]:
    """`reply_recorded`, as (the reply, its opportunity as it is now, the notes held back)."""
    done = reply_recorded(tx, person_ref, now=now, at=at, opportunity_id=opportunity_id, says=says, status=status,
                          decision_date=decision_date, playbook=playbook)
    return done.inbound, done.opportunity, done.held


def reply_recorded(tx, person_ref: str, *, now: datetime, at: datetime | None = None,
                   opportunity_id: int | None = None, says: str = "", status: str | None = None,
                   decision_date=None, playbook=None) -> Recorded:
    """A reply the user tells of (a phone call, a mail read on the phone, a mailbox Afterview does
    not read): recorded as one read from the mailbox would be, so that the planner stops the
    opportunity's pending status follow-ups (stop on reply) and what was approved for them is held
    back at once. `status`: what it means (rejected, offer, interviewing), confirmed at once, as
    `replies confirm` does; without it the reply changes no status and asks no confirmation.

    The opportunity is the one given, else the person's only process still open (on one of its
    panels, or at its company); Conflict naming the candidates when there are several or none.
    Returns the reply, the opportunity as it is now (its status changed when `status` said so),
    the approved notes held back (message id, why) and what confirming `status` did (`Confirmed`,
    whose note says a reopened process, as `replies confirm` says it).

    `decision_date`: the date they now say they will decide by, recorded in the person's debrief
    of the latest interview of the process they were on (as `afterview debrief N --person P
    --decision-date D` records it), so that the follow-ups go on after it (docs/playbook.md)."""
    from afterview.domain.values import typed_note
    from afterview.services.pipeline import find_person, parse_status, record_debrief

    says = typed_note(says, "what they said")
    person = find_person(tx, person_ref)
    when = at or now
    if when > now:
        raise InvalidInput(f"a reply cannot arrive later than now ({when:%a %d %b %Y %H:%M %Z})")
    if opportunity_id is not None:
        opportunity = tx.get(Opportunity, opportunity_id)
    else:
        opportunity = _their_process(tx, person)
    summary = "told by you" + (f": {one_line(says, 480)}" if says.strip() else "")
    if decision_date is None and says.strip():  # a date their words give is offered, as for mail read
        summary += _said_decision(tx, person, says, when, playbook)
    elif decision_date is not None:  # kept with it too: what came with this reply (see remove_reply)
        from afterview.delivery.replies import decision_marker

        summary += f"; {decision_marker(decision_date)}"
    if decision_date is None and (status is None or parse_status(status) == opportunity.status):
        _not_twice(tx, person, opportunity, when, summary)
    # their words read as the words of a mail are (a rejection, an offer, a next round): without
    # --status, that reading waits to be confirmed, as it does for a reply read by `sync`
    read = told_reading(says)[0] if status is None else None
    answers = _last_to(tx, person.id, opportunity.id, when)
    # someone found only by their company (a friend who referred you) is not the employer
    # answering: their word is kept with no opportunity, so that it stops none of its follow-ups
    # (docs/playbook.md, stop_on_reply); named with --opportunity, or meaning a status, it counts
    filed = counts_for_process(tx, person.id, opportunity, answers=answers is not None, reads_as=read,
                               told=opportunity_id is not None or status is not None or decision_date is not None)
    inbound = Inbound(kind=InboundKind.REPLY, received_at=when, person_id=person.id,
                      opportunity_id=opportunity.id if filed else None, answers_message_id=answers,
                      classification=read or ReplyClass.OTHER, from_address=person.email, summary=summary,
                      confirmed=status is None and read is None)  # else a status change to confirm
    inbound = tx.add(inbound)
    if decision_date is not None:
        from afterview.domain.model import Interview, latest_round

        # the round the follow-ups are about (as the planner takes it), whose debriefs hold the
        # date it reads
        latest = latest_round(tx.list(Interview, opportunity_id=opportunity.id))
        if latest is None:
            raise InvalidInput(f"opportunity {opportunity.id} has no interview, so there is no round to keep the "
                               "date with: record the reply without it")
        if not latest.participants:  # a take-home: the date they gave for it, kept as said by them
            from afterview.services.interviews import record_round_timing

            record_round_timing(tx, latest.id, person.id, decision_date=decision_date)
        elif not any(p.person_id == person.id for p in latest.participants):
            raise InvalidInput(f"{person.name} is not on the panel of the latest interview ({latest.id}), whose "
                               f"notes hold the date the follow-ups go by: record it with someone of it "
                               f"(afterview debrief {latest.id} --person NAME --decision-date DATE)")
        else:
            record_debrief(tx, latest.id, person.id, decision_date=decision_date)
    confirmed = None
    if status is not None:
        confirmed = reply_confirmed(tx, inbound.id, now=now, status=status)
        inbound, opportunity = confirmed.inbound, confirmed.opportunity or opportunity
    held = hold_back(tx, now=now, playbook=playbook)
    return Recorded(inbound, opportunity, held, confirmed)


def told_reading(says: str) -> tuple[ReplyClass | None, str]:
    """What the words of a reply told of (`record_reply`'s `says`) say, read as `sync` reads a
    mail's text (`replies.classify_reply`): (a rejection, an offer or a next round, the sentence
    that says it), else (None, "")."""
    from afterview.delivery.replies import classify_reply

    if not says.strip():
        return None, ""
    found, sentence = classify_reply(says)
    return (found, sentence) if found in SUGGESTED_STATUS else (None, "")


_READS_AS = {ReplyClass.REJECTION: "a rejection", ReplyClass.OFFER: "an offer",
             ReplyClass.NEXT_ROUND: "an invitation to a next round"}


def reading_line(tx, inbound: Inbound) -> str:
    """What `replies add` says of a reply whose words read as a decision it was not given a
    status for: "reply 4: this reads as a rejection ("..."): record it with afterview replies
    confirm 4 (opportunity 1 becomes rejected)" ("" for any other, and once confirmed)."""
    if inbound.confirmed or not told_by_you(inbound) or inbound.classification not in SUGGESTED_STATUS:
        return ""
    from afterview.delivery.replies import without_decision

    _, sentence = told_reading(without_decision(inbound.summary)[len(TOLD):].lstrip(": "))
    status = SUGGESTED_STATUS[inbound.classification]
    about = ""
    if inbound.opportunity_id is not None:
        # confirmed, it may reopen a closed process: said before, as it is said once it is done
        from afterview.domain.model import Interview
        from afterview.services.pipeline import status_move

        opportunity = tx.get(Opportunity, inbound.opportunity_id)
        move = status_move(opportunity, status, at=inbound.received_at,
                           interviewed=tx.count(Interview, opportunity_id=opportunity.id) > 0)
        note = move.note(tx.profile().timezone or "UTC").partition("; it is planned as")[0]  # (one bracket)
        about = f" (opportunity {inbound.opportunity_id} becomes {status.value}{f': {note}' if note else ''})"
    quoted = f' ("{one_line(sentence, 120)}")' if sentence else ""
    return (f"reply {inbound.id}: this reads as {_READS_AS[inbound.classification]}{quoted}: record it with "
            f"afterview replies confirm {inbound.id}{about}; if it is not, note it as read: afterview replies "
            f"confirm {inbound.id} --status {JUST_NOTED}")


def _said_decision(tx, person: Person, says: str, when: datetime, playbook=None) -> str:
    """"; decision said for 2027-02-12" when the words of a reply told of (`record_reply`'s
    `says`) give the day they will decide by, read as the words of a mail from them are
    (`replies.decision_date`, from the reply's day where they said it, "3/4" as their country
    writes it, business days and Christmas on their calendar: their zone and country as
    recorded, else yours, `employer_country`): kept in its summary, where `decision_offer` finds
    it, so that it is offered with the command that records it, as a date read in a mail is. ""
    when they give none."""
    from afterview.delivery import replies
    from afterview.delivery.autoreply import day_first_in
    from afterview.planner.facts import safe_zone

    profile = tx.profile()
    written = when.astimezone(safe_zone(person.timezone or profile.timezone or "UTC", "UTC")).date()
    country = employer_country(tx, person, playbook)
    day, _ = replies.decision_date(says, written, day_first=day_first_in(country), country=country)
    return f"; {replies.decision_marker(day)}" if day is not None else ""


def employer_country(tx, person: Person | None, playbook=None) -> str:
    """The country on whose calendar a date the employer gave is read ("in 5 business days",
    "before Christmas": `replies.typed_decision_date`, `decision_date`): that of the person who
    gave it as recorded, with its region ("GB-SCT"), else the one the planner takes for them
    (the playbook's `[calendar]` country, else yours: `playbook.fallback_place`; `playbook`: the
    effective one, read when not given); "" when none is known.

        employer_country(tx, tx.get(Person, 4), env.playbook)  # "IL"
    """
    from afterview.planner.playbook import fallback_place

    own = (person.country or "").strip().upper() if person is not None else ""
    if own:
        return own
    if playbook is None:
        from afterview.services.planning import effective_playbook

        playbook = effective_playbook()
    return fallback_place(playbook, tx.profile())[1]


def decision_told(tx, inbound: Inbound) -> DecisionOffer | None:
    """The decision date the words of a reply told of give (`record_reply`'s `says`), to offer as
    `sync` offers one read in a mail (`decision_offer`): None when they give none, or it is
    recorded already."""
    return decision_offer(tx.facts(), inbound) if stated_decision_of(inbound) is not None else None


TOLD = "told by you"  # how a reply the user tells of is summed up (then ": " and what they said)
GO_ON = "the follow-ups go on after it"  # a decision date later than the reply (docs/playbook.md)
STOP = "this process's pending status follow-ups stop"


def follow_ups_after_reply(tx, inbound: Inbound, *, now: datetime, playbook=None, decision_date=None,
                           desk: bool = False) -> str:
    """What a reply told of (`record_reply`) leaves of its process's status follow-ups, as the
    plan has them now, said alike by the terminal and the desk: "this process's pending status
    follow-ups stop"; with `decision_date`, "decision date Fri 12 Feb 2027 kept in their
    debrief; the follow-ups go on after it (the next on Mon 22 Feb 2027)" when the plan goes on
    after it (a decision date later than the reply, theirs or one the panel gave), else that
    they stop. `playbook`: the effective one when not given; `desk`: in the desk's words."""
    from afterview.planner import plan
    from afterview.planner.facts import safe_zone

    kept = f"decision date {_dated(decision_date)} kept in their debrief; " if decision_date is not None else ""
    if decision_date is not None:
        said_on = _reply_day(tx, inbound)
        if decision_date < said_on:  # kept as given, but it cannot be what they meant to come
            kept = (f"decision date {_dated(decision_date)} kept in their debrief, though it is before the "
                    f"reply itself ({_dated(said_on)}): check the date they gave; ")
    if playbook is None:
        from afterview.errors import ConfigError
        from afterview.services.planning import effective_playbook

        try:
            playbook = effective_playbook()
        except ConfigError:  # the reply is recorded all the same; the plan waits for the playbook
            return f"{kept}what the follow-ups do is said once the playbook can be read"
    unfiled = unfiled_line(tx, inbound)
    if unfiled:
        return unfiled
    facts = tx.facts()
    follow_ups = (MessageKind.STATUS_CHECK, MessageKind.CLOSING_THE_LOOP)
    about = inbound.opportunity_id
    going = [a for a in plan(facts, playbook, now) if about is not None and a.opportunity_id == about
             and a.kind in follow_ups]
    if not going:
        back = going_on_hint(facts, about, inbound.person_id, desk=desk, reply=inbound) if decision_date is None else ""
        return f"{kept}{STOP}" + (f" ({back})" if back else "")
    first = min(a.earliest for a in going).astimezone(safe_zone(facts.profile.timezone or "UTC", "UTC"))
    if kept:
        on = GO_ON
    else:  # why a reply did not stop them: a decision date the panel gave, later than the reply
        ahead = _panel_decision(facts, about)
        on = "this process's status follow-ups go on" + (
            f" after the decision date in your notes of the interview, {_dated(ahead)}" if ahead else "")
    return f"{kept}{on} (the next on {_dated(first)})"


def counts_for_process(tx, person_id: int | None, opportunity: Opportunity | None, *, told: bool = False,
                       reads_as: ReplyClass | None = None, answers: bool = False) -> bool:
    """Whether a reply from someone found by the company of a process (not in a thread of ours)
    counts for that process: filed under it, it stops its status follow-ups (docs/playbook.md,
    stop_on_reply). The one rule `replies add` and `sync` file by. It counts when it was told
    to be about it (`told`: --opportunity, a status or a decision date given; for mail read, a
    decision date its words give), when its words read as a status (`reads_as`: a rejection, an
    offer, a next round), when it answers a message of ours (`answers`), or when its sender is
    one of the process's own people (`one_of_its_people`); not when they are only at its
    company (a friend who referred you), nor for an address no one has at its domain (a
    newsletter). `opportunity` None: a process not told apart (several at the company), for
    which only its words can count."""
    if told or answers or reads_as in SUGGESTED_STATUS:
        return True
    return person_id is not None and opportunity is not None and one_of_its_people(tx, person_id, opportunity)


def one_of_its_people(tx, person_id: int, opportunity: Opportunity) -> bool:
    """Whether the person is one of the process's own people: on a panel of one of its
    interviews (the recruiter and the coordinator included), the one who told you one of its
    decisions (its status history), or its contact on a tracker row you imported
    (services.imports.named_on_rows), as opposed to someone found only by their company."""
    from afterview.domain.model import Interview
    from afterview.services.imports import named_on_rows

    if any(c.person_id == person_id for c in opportunity.history):
        return True
    if any(p.person_id == person_id for i in tx.list(Interview, opportunity_id=opportunity.id)
           for p in i.participants):
        return True
    return opportunity.id in named_on_rows(tx, tx.get(Person, person_id), [opportunity])


def unfiled_line(tx, inbound: Inbound) -> str:
    """What `replies add` says of a reply told of by someone found only by the company of their
    one process (`reply_recorded` files it under no opportunity): "Ben Pal is not one of the
    people of opportunity 1 (Data Engineer at Acme), only at Acme: this process's status
    follow-ups go on; if the reply is the employer's answer, file it there: afterview replies
    move 4 --person 2 --opportunity 1"; "" for any other."""
    if inbound.opportunity_id is not None or inbound.person_id is None or not told_by_you(inbound):
        return ""
    person = tx.get(Person, inbound.person_id)
    try:
        opportunity = _their_process(tx, person)
    except Conflict:
        return ""
    return unfiled_words(tx, inbound, [opportunity], person)


def unfiled_words(tx, inbound: Inbound, opportunities: list[Opportunity], person: Person | None = None) -> str:
    """How a reply filed under no opportunity, its sender found only by the company of
    `opportunities` (`counts_for_process`), is said, with the command that files it there: by
    `replies add` (`unfiled_line`) and by `sync` for mail from someone only at the company
    ("Ben Pal is not one of the people of opportunity 1 (Data Engineer at Acme), only at Acme:
    this process's status follow-ups go on; if the reply is the employer's answer, file it
    there: afterview replies move 4 --person 2 --opportunity 1"), or from an address no one has
    at its domain (filed with `replies confirm ... --opportunity N --status none`)."""
    company = tx.get(Company, opportunities[0].company_id).name
    named = [f"{o.id} ({o.role} at {company})" for o in opportunities]
    if len(named) == 1:
        which, going = f"opportunity {named[0]}", "this process's status follow-ups go on"
    else:
        which = f"opportunities {', '.join(named[:-1])} or {named[-1]}"
        going = "their status follow-ups go on"
    target = str(opportunities[0].id) if len(opportunities) == 1 else "N"
    if person is not None:
        return (f"{person.name} is not one of the people of {which}, only at {company}: {going}; if the reply is "
                f"the employer's answer, file it there: afterview replies move {inbound.id} --person {person.id} "
                f"--opportunity {target}")
    return (f"{inbound.from_address} is no one recorded, only at the domain of {company} ({which}): {going}; if "
            f"the reply is the employer's answer, file it there: afterview replies confirm {inbound.id} "
            f"--opportunity {target} --status {JUST_NOTED}")


def _dated(day: date) -> str:
    """A day as the terminal says it in a line about a reply: "Mon 7 Dec 2026" (not "07")."""
    return f"{day:%a} {day.day} {day:%b %Y}"


def _reply_day(tx, inbound: Inbound) -> date:
    """The day of a reply where its sender wrote it: in their zone as recorded, else yours."""
    from afterview.planner.facts import safe_zone

    person = _person_or_none(tx, inbound.person_id)
    zone = (person.timezone if person is not None else "") or tx.profile().timezone or "UTC"
    return inbound.received_at.astimezone(safe_zone(zone, "UTC")).date()


def _panel_decision(facts: Facts, opportunity_id: int | None) -> date | None:
    """The latest decision date the panel of the process's latest round gave (their debriefs),
    which the planner goes by (a reply before it does not stop the follow-ups after it)."""
    from afterview.domain.model import latest_round, stated_decision_dates

    round_ = latest_round(i for i in facts.interviews.values() if i.opportunity_id == opportunity_id)
    if round_ is None:
        return None
    stated = stated_decision_dates(round_, facts.debriefs)
    return max(stated) if stated else None


def _not_twice(tx, person, opportunity: Opportunity, when: datetime, summary: str) -> None:
    """Refuse a reply told of twice (a command run again, a form sent twice): one from the same
    person about the same process on the same day (in the user's zone) with the same words, or
    with no words of its own where one is recorded that day (it adds nothing): a Conflict naming
    the reply recorded. Only what changes nothing is refused: a reply that says something else,
    gives a decision date or another status is recorded."""
    from afterview.planner.facts import safe_zone

    zone = safe_zone(tx.profile().timezone or "UTC", "UTC")
    day = when.astimezone(zone).date()

    def words(text: str) -> str:
        return " ".join(text.split()).casefold()

    told = [r for r in tx.list(Inbound, person_id=person.id) if r.opportunity_id in (opportunity.id, None)
            and r.kind == InboundKind.REPLY and (r.summary or "").startswith(TOLD)
            and r.received_at.astimezone(zone).date() == day]
    same = next((r for r in told if words(r.summary) == words(summary)), None)
    if same is None and summary == TOLD and told:
        same = told[-1]
    if same is None:
        return
    said = same.summary[len(TOLD):].lstrip(": ")
    quoted = f" ('{said}')" if said else " (with no words of what they said)"
    tail = ("; this one, with no words of what they said, adds nothing" if summary == TOLD and said
            else "")
    raise Conflict(f"reply {same.id} from {person.name} on {day:%a %d %b %Y} is recorded already{quoted}"
                   f"{tail}: nothing was recorded again")


# --- taking back a reply told of by mistake -------------------------------------------------------

def told_by_you(inbound: Inbound) -> bool:
    """Whether a recorded message is a reply the user told of (`record_reply`), not mail read."""
    return (inbound.kind == InboundKind.REPLY and (inbound.summary or "").startswith(TOLD)
            and not inbound.header_message_id)


@dataclass
class Removed:
    """What `remove_reply` did."""

    record: Inbound  # the reply, as it was (it is no longer recorded)
    opportunity: Opportunity | None  # its opportunity as it is now
    status_back: OpportunityStatus | None = None  # the status it set, taken back (the opportunity has its earlier one)
    status_gone: OpportunityStatus | None = None  # the status it set, left out of the history; a later one stands
    status_kept: str = ""  # why a status it set is left as it is (its change cannot be told apart), else ""
    held: list[tuple[int, str]] = field(default_factory=list)  # approved notes held back (id, why)
    plan: list[PlanChange] = field(default_factory=list)
    # the decision date that came with the reply (told with it, or read from its words and
    # recorded), still kept by their debrief of the latest round (interview, person, day); None for none
    decision: tuple[int, int, date] | None = None

    def decision_line(self) -> str:
        """The decision date that came with the reply and is kept, with the command that clears it
        ("" when none is kept)."""
        if self.decision is None:
            return ""
        interview, person, day = self.decision
        return (f"their debrief of interview {interview} still says a decision by {day:%a %d %b %Y}, the date that "
                f"came with this reply; if it is wrong too: afterview debrief {interview} --person {person} "
                "--decision-date none")


def remove_reply(tx, inbound_id: int, *, now: datetime, playbook=None) -> Removed:
    """Take back a reply the user told of by mistake (`record_reply`: the wrong person, or it
    never happened): it is no longer recorded, so the follow-ups it stopped are planned again,
    and the status change it made, if any (the one `confirm_reply` wrote, found by its note), is
    taken back as an undone Done takes back the status it set (`pipeline.loop_reopened`): while
    it is still the latest, the opportunity has the status before it again; decided since (an
    offer after it), the later status stands and its change leaves the history. The plan is
    then what it would have been without it; what was approved and the plan no longer has
    (a rejection reply) is held back at once.

    Refused in one line, with nothing changed: an unknown id; mail read from the mailbox (a
    reply: re-filed with `move_reply`; an automatic reply or a bounce: noted as seen with
    `confirm_reply`). A decision date told with it (`record_reply`'s `decision_date`) is kept in
    the debrief, where it may have been before: said, with the command that clears it."""
    inbound = tx.get(Inbound, inbound_id)
    what = incoming_kind(inbound)
    if inbound.kind != InboundKind.REPLY:
        raise Conflict(f"{what} {inbound.id} was read from your mailbox, not told by you: it is not removed; it leaves "
                       f"afterview replies once seen: afterview replies confirm {inbound.id}")
    if not told_by_you(inbound):
        sender = f" from {inbound.from_address}" if inbound.from_address else ""
        raise Conflict(f"reply {inbound.id}{sender} was read from your mailbox, not told by you: it is not removed; "
                       f"filed under the wrong person or opportunity, it is re-filed with: afterview replies move "
                       f"{inbound.id} --person P")
    plan_before = _plan(tx, now, playbook)
    found = tx.list(Opportunity, id=[inbound.opportunity_id]) if inbound.opportunity_id is not None else []
    removed = Removed(record=replace(inbound), opportunity=found[0] if found else None)
    if found and inbound.confirmed:
        _take_back_status(tx, found[0], inbound, removed)
    tx.delete(Inbound, inbound.id)
    removed.held = hold_back(tx, now=now, playbook=playbook)
    removed.plan = _plan_changes(plan_before, _plan(tx, now, playbook))
    if removed.opportunity is not None:
        removed.opportunity = tx.get(Opportunity, removed.opportunity.id)
    removed.decision = _decision_kept(tx, inbound)
    return removed


def _take_back_status(tx, opportunity: Opportunity, inbound: Inbound, removed: Removed) -> None:
    """The status changes a reply confirmed (their note is `reply_status_note`), taken back as
    `pipeline.loop_reopened` takes back the status an undone action set: still the latest, they
    leave the history and the status is the one before them; decided since, the later status
    stands and they leave the history all the same (they did not happen). Another confirmed
    reply from the same address on the same day writes the same note: then which change is
    whose cannot be told, and the status is left as it is (said)."""
    note = reply_status_note(inbound)
    history = opportunity.history
    mine = [c for c in history if c.note == note]
    if not mine:
        return
    twins = [r.id for r in tx.list(Inbound, opportunity_id=opportunity.id)
             if r.id != inbound.id and r.kind == InboundKind.REPLY and r.confirmed and reply_status_note(r) == note]
    if twins:
        removed.status_kept = (f"reply {twins[0]} from the same address that day set a status too, and which change is "
                               f"whose cannot be told: opportunity {opportunity.id} stays {opportunity.status.value} "
                               f"(afterview opportunity status {opportunity.id} STATUS)")
        return
    latest = history[-1].note == note
    gone = mine[-1].status
    opportunity.history = [c for c in history if c.note != note]
    if latest:
        opportunity.status = opportunity.history[-1].status if opportunity.history else OpportunityStatus.INTERVIEWING
        removed.status_back = gone
    else:
        removed.status_gone = gone
    tx.update(opportunity)


def _decision_kept(tx, inbound: Inbound) -> tuple[int, int, date] | None:
    """The decision date that came with the reply (its summary keeps it: told with it, or read from
    its words), when the debrief of its person in its process's latest round keeps it, where
    `record_reply` keeps one told with a reply: (interview, person, day); None when none, or when
    the debrief's date is another (it came with the debrief, not with this reply)."""
    from afterview.delivery.replies import stated_decision
    from afterview.domain.model import Debrief, Interview, latest_round

    told = stated_decision(inbound.summary)
    if inbound.opportunity_id is None or inbound.person_id is None or told is None:
        return None
    latest = latest_round(tx.list(Interview, opportunity_id=inbound.opportunity_id))
    if latest is None:
        return None
    kept = [d for d in tx.list(Debrief, interview_id=latest.id, person_id=inbound.person_id)
            if d.decision_date == told]
    return (latest.id, inbound.person_id, told) if kept else None


# --- re-filing a reply --------------------------------------------------------------------------

@dataclass
class PlanChange:
    """One action the plan has otherwise once a record changed: "added", "removed" (no longer
    planned) or "moved" (its earliest moment changed: an out-of-office postponement now for
    someone else)."""

    change: str
    key: str
    person_id: int
    earliest: datetime  # as the plan has it now (removed: as it had it)
    note: str = ""  # the action's note (why it moved: "postponed: out of office, back ...")
    was: datetime | None = None  # moved: its earliest moment before


@dataclass
class Moved:
    """What `move_reply` did."""

    record: Inbound  # as it is now
    before: Inbound  # as it was
    person: Person  # whom it is filed under now
    was: Person | None  # whom it was filed under (None: no one, or a person since deleted)
    opportunity: Opportunity  # the opportunity it is filed under now
    told_by: list[OpportunityStatus] = field(default_factory=list)  # its status changes that now name `person`
    reconfirm: bool = False  # it changed another opportunity's status (since set back): to confirm again
    held: list[tuple[int, str]] = field(default_factory=list)  # approved notes held back (id, why)
    plan: list[PlanChange] = field(default_factory=list)
    # the answer to its opportunity's news went out already, and the plan now has one to `person`
    # too: ("the rejection reply to Tom Becker was sent (message 4)", the new action's key)
    answered: tuple[str, str] | None = None


def move_reply(tx, inbound_id: int, person_ref: str, *, now: datetime, opportunity_id: int | None = None,
               playbook=None) -> Moved:
    """Re-file an incoming message (a reply, an automatic reply, a bounce) recorded under the wrong
    person and/or opportunity; what the planner reads of it (stop on reply, an out-of-office
    postponement, a rejection's sender) then goes with it, and what was approved for the new
    person and the plan no longer has is held back at once, as for a reply recorded.

    `person_ref`: an id, an address or a name (as `record_reply` takes it). The opportunity is
    the one given, else the one it is filed under when the person takes part in it (on one of
    its panels, or at its company), else the person's only process (their only open one, or
    their only one). The person must take part in it. Refused in one line, with nothing
    changed: an unknown id, a person of several processes with no `opportunity_id`, a person
    with no part in it, and the place it has already.

    A confirmed status change that came from it (the history entry `confirm_reply` wrote): when
    it stays with its opportunity, the change now names the new person as who told you (for a
    rejection or an offer: the answer goes to them). It does not move to another opportunity:
    while the status it set stands, moving it there is refused (set that status back first);
    once set back, the reply moves and is to be confirmed again for its new opportunity.

    Its link to one of our messages (`answers_message_id`): a bounce keeps it (it is about the
    message that bounced, whoever it is filed under); a reply told by you is linked again as
    `record_reply` links one (our latest message to them about that opportunity); mail read
    from the mailbox keeps its link only when that message went to the new person (its thread
    names it), else it is cleared: it answers no message of ours to them.
    """
    from dataclasses import replace

    from afterview.delivery.reading import read_as
    from afterview.services.pipeline import ANSWERED_BY, TOLD_BY, _current_changes, find_person, reply_gone

    inbound = tx.get(Inbound, inbound_id)
    person = find_person(tx, person_ref)
    theirs = _their_opportunities(tx, person)
    if opportunity_id is not None:
        opportunity = tx.get(Opportunity, opportunity_id)
        if opportunity.id not in {o.id for o in theirs}:
            company = tx.get(Company, opportunity.company_id)
            raise _about_the_opportunity(InvalidInput(
                f"{person.name} is neither at {company.name} nor on a panel of opportunity {opportunity.id}: their "
                f"{incoming_kind(inbound)} cannot be filed there; nothing changed"))
    else:
        opportunity = next((o for o in theirs if o.id == inbound.opportunity_id), None)
        if opportunity is None:
            open_ones = [o for o in theirs if not o.status.is_closed]
            chosen = open_ones or theirs
            if not chosen:
                raise Conflict(f"{person.name} takes part in no opportunity (on no interview's panel, at no "
                               f"opportunity's company): {incoming_kind(inbound)} {inbound.id} cannot be filed "
                               "under them; nothing changed")
            if len(chosen) > 1:
                ids = ", ".join(str(o.id) for o in chosen)
                raise _about_the_opportunity(Conflict(
                    f"{person.name} is part of {len(chosen)} {'open ' if open_ones else ''}processes (opportunities "
                    f"{ids}): say which {incoming_kind(inbound)} {inbound.id} is about (--opportunity N); nothing "
                    "changed"))
            opportunity = chosen[0]
    if person.id == inbound.person_id and opportunity.id == inbound.opportunity_id:
        raise Conflict(f"{incoming_kind(inbound)} {inbound.id} is already filed under {person.name}, "
                       f"{opportunity_words(tx, opportunity)}: nothing changed")
    before = replace(inbound)
    old = tx.get(Opportunity, inbound.opportunity_id) if inbound.opportunity_id is not None else None
    from_it = ([c for c in old.history if c.note == reply_status_note(inbound)]
               if old is not None and inbound.kind == InboundKind.REPLY and inbound.confirmed else [])
    moved = Moved(record=inbound, before=before, person=person, was=_person_or_none(tx, inbound.person_id),
                  opportunity=opportunity)
    if from_it and old.id != opportunity.id:
        standing = [c for c in from_it if any(c is d for d in _current_changes(old))]
        if standing:
            earlier = next((c.status for c in reversed(old.history) if c.status != old.status), None)
            back = earlier.value if earlier is not None else "STATUS"
            raise _about_the_opportunity(Conflict(
                f"{incoming_kind(inbound)} {inbound.id} made opportunity {old.id} {old.status.value} when you "
                f"confirmed it, and that status stands: set it back first (afterview opportunity status {old.id} "
                f"{back}), then move the reply; nothing changed"))
        inbound.confirmed = False  # confirmed for the other opportunity: what it means for this one is to say
        moved.reconfirm = True
    plan_before = _plan(tx, now, playbook)
    told_by_you = inbound.kind == InboundKind.REPLY and inbound.summary.startswith(TOLD)
    if told_by_you:  # recorded from what the user said: its address is its person's (as record_reply has it)
        inbound.from_address = person.email
    if from_it and old.id == opportunity.id:  # the news came from them, as `confirm_reply` would have kept it
        for change in from_it:
            change.note = reply_status_note(inbound)
            if change.status in TOLD_BY:
                change.person_id = person.id
                moved.told_by.append(change.status)
        tx.update(old)
        opportunity = moved.opportunity = old
    if told_by_you:
        inbound.answers_message_id = _last_to(tx, person.id, opportunity.id, inbound.received_at)
    elif inbound.answers_message_id is not None and inbound.kind != InboundKind.BOUNCE:
        answered = tx.list(Message, id=[inbound.answers_message_id])
        if not answered or answered[0].person_id != person.id:
            inbound.answers_message_id = None
    inbound.person_id, inbound.opportunity_id = person.id, opportunity.id
    inbound.classification = read_as(inbound)  # placed by the user: what its text says counts again
    moved.record = tx.update(inbound)
    moved.held = hold_back(tx, now=now, playbook=playbook)
    moved.plan = _plan_changes(plan_before, _plan(tx, now, playbook))
    if opportunity.status in ANSWERED_BY:  # the answer to its news went to someone else already
        prefix = f"{ANSWERED_BY[opportunity.status][0].value}:o{opportunity.id}:p"
        added = next((c.key for c in moved.plan if c.change == "added" and c.key.startswith(prefix)), "")
        gone = reply_gone(tx, opportunity) if added else ""
        if gone:
            moved.answered = (gone, added)
    return moved


def _about_the_opportunity(err: AfterviewError) -> AfterviewError:
    """A refusal of `move_reply` about the opportunity chosen (or to choose), not the person:
    `err.about` says so, for a form to show it at that field."""
    err.about = "opportunity"
    return err


def incoming_kind(inbound: Inbound) -> str:
    """"reply", "automatic reply" or "bounce": how a line names an incoming message."""
    return {InboundKind.AUTO_REPLY: "automatic reply", InboundKind.BOUNCE: "bounce"}.get(inbound.kind, "reply")


def _person_or_none(tx, person_id: int | None) -> Person | None:
    found = tx.list(Person, id=[person_id]) if person_id is not None else []
    return found[0] if found else None


def opportunity_words(tx, opportunity: Opportunity) -> str:
    """"opportunity 3 (Engineer at Acme)"."""
    found = tx.list(Company, id=[opportunity.company_id])
    return f"opportunity {opportunity.id} ({opportunity.role}{f' at {found[0].name}' if found else ''})"


def _plan(tx, now: datetime, playbook=None, facts: Facts | None = None) -> dict:
    """The plan at `now`, by action key (`facts`: those of `tx`, when read already)."""
    from afterview.planner import plan

    if playbook is None:
        from afterview.services.planning import effective_playbook

        playbook = effective_playbook()
    return {a.key: a for a in plan(facts if facts is not None else tx.facts(), playbook, now)}


def _plan_changes(before: dict, after: dict) -> list[PlanChange]:
    """What the plan has otherwise: the actions added, removed and moved (by key, in time order)."""
    changes = [PlanChange("removed", k, a.person_id, a.earliest, a.note) for k, a in before.items() if k not in after]
    for key, action in after.items():
        was = before.get(key)
        if was is None:
            changes.append(PlanChange("added", key, action.person_id, action.earliest, action.note))
        elif was.earliest != action.earliest:
            changes.append(PlanChange("moved", key, action.person_id, action.earliest, action.note, was.earliest))
    return sorted(changes, key=lambda c: (c.earliest, c.key))


def _their_opportunities(tx, person, *, as_named: bool = False) -> list[Opportunity]:
    """The opportunities the person takes part in: on one of their panels, or at their company
    (as `pipeline.of_the_process` takes it), closed ones too; and those a tracker row named them
    for (services.imports.named_on_rows: an agency's recruiter named for Acme and for Initech is
    recorded at Acme alone). `as_named`: at a company whose rows named them, only the applications
    they were named for (or are on a panel of), not every one of that company."""
    from afterview.delivery.matching import takes_part_in
    from afterview.domain.model import Interview
    from afterview.services.imports import named_on_rows

    opportunities, interviews = tx.list(Opportunity), tx.list(Interview)
    theirs = takes_part_in(person, opportunities, interviews)
    named = named_on_rows(tx, person, opportunities)
    if not named:
        return theirs
    if as_named:
        rows_at = {o.company_id for o in opportunities if o.id in named}
        panels = {i.opportunity_id for i in interviews if any(p.person_id == person.id for p in i.participants)}
        theirs = [o for o in theirs if o.company_id not in rows_at or o.id in panels]
    kept = {o.id for o in theirs} | named
    return [o for o in opportunities if o.id in kept]


def _their_process(tx, person) -> Opportunity:
    """The person's only opportunity not closed: on one of its panels, at its company, or the
    application a tracker row named them for."""
    from afterview.delivery.matching import their_process

    theirs = _their_opportunities(tx, person, as_named=True)
    open_ones = [o for o in theirs if not o.status.is_closed]
    chosen = their_process(theirs)  # as sync places a reply of theirs outside a thread
    if len(chosen) == 1:
        return chosen[0]
    if not chosen:
        raise Conflict(f"{person.name} is on no opportunity's panel nor at its company: say which opportunity the "
                       "reply is about (--opportunity N)")
    ids = ", ".join(str(o.id) for o in chosen)
    raise Conflict(f"{person.name} is part of {len(chosen)} {'open ' if open_ones else ''}processes (opportunities "
                   f"{ids}): say which the reply is about (--opportunity N)")


def _last_to(tx, person_id: int, opportunity_id: int, before: datetime) -> int | None:
    """Our latest message to the person about the opportunity that went before `before`: the
    one the reply answers (so that an answer to a feedback request is known as one)."""
    gone = [m for m in tx.list(Message, person_id=person_id, opportunity_id=opportunity_id,
                               state=[MessageState.SENT, MessageState.DONE_ELSEWHERE])
            if (m.sent_at or m.updated_at) is not None and (m.sent_at or m.updated_at) <= before]
    if not gone:
        return None
    return max(gone, key=lambda m: (m.sent_at or m.updated_at, m.id)).id


_MEANS = {OpportunityStatus.REJECTED: ReplyClass.REJECTION, OpportunityStatus.OFFER: ReplyClass.OFFER,
          OpportunityStatus.ACCEPTED: ReplyClass.OFFER, OpportunityStatus.INTERVIEWING: ReplyClass.NEXT_ROUND}


# --- accounts -----------------------------------------------------------------------------------

@dataclass
class Check:
    what: str
    ok: bool
    detail: str
    status: str = ""  # said instead of "ok" / "FAILED" ("not set up": nothing to check, and nothing wrong)


TEST_TIMEOUT = 10.0  # seconds: a connection test answers soon (a port expecting TLS otherwise hangs twice)


def test_account(account: Account) -> list[Check]:
    """Check SMTP and IMAP separately; each result says precisely what failed. An account with
    no IMAP server (IMAP is optional) says so, without failing."""
    from dataclasses import replace

    from afterview.delivery.accounts import host_port

    account = replace(account, timeout=min(account.timeout, TEST_TIMEOUT))
    checks: list[Check] = []
    smtp = _sender(account)
    try:
        smtp.open()
        checks.append(Check("SMTP", True, f"sender {account.sender!r}, opened" if account.sender != "smtp" else
                            f"{host_port(account.smtp_host, account.smtp_port)} ({account.smtp_tls}), logged in as {account.login}"))
    except AfterviewError as err:
        checks.append(Check("SMTP", False, str(err)))
    finally:
        smtp.close()
    if not account.has_mailbox:
        checks.append(Check("IMAP", True, no_imap_words(account), status="not set up"))
        return checks
    try:
        with _mailbox(account) as imap:
            drafts, sent = _find_folder(imap, "drafts"), _find_folder(imap, "sent")
            reading = _check_read_folders(imap, account)
        said = [_folder_words(drafts, "none: --to-drafts will not work", "--to-drafts will fail"),
                _folder_words(sent, "none: copies of sent mail will not be filed there (append_sent is on)"
                              if account.append_sent else "none: messages sent from your mail program are not "
                              "noticed, nor interrupted sends found there",
                              "copies of sent mail cannot be filed there (append_sent is on)"
                              if account.append_sent else "")]
        if reading:
            said.append(f"replies are read from INBOX, {', '.join(reading)} (read_folders)")
        where = (f"mailbox {account.mailbox!r}, opened" if account.mailbox != "imap" else
                 f"{host_port(account.imap_host, account.imap_port)} ({account.imap_tls}), logged in")
        checks.append(Check("IMAP", True, f"{where}; " + "; ".join(said)))
    except AfterviewError as err:
        checks.append(Check("IMAP", False, str(err)))
    return checks


def no_imap_words(account: Account) -> str:
    """What an account without an IMAP server (no imap_host) goes without, in one line."""
    lost = "replies to it are not read (a reply does not stop its follow-ups), --to-drafts does not work"
    if account.append_sent:
        lost += " and no copy of sent mail is filed in Sent"
    return f"no imap_host in [accounts.{account.name}] of config.toml: {lost}"


def _check_read_folders(imap, account: Account) -> list[str]:
    """The account's read_folders as the server names them, each opened (read-only) to be sure
    it can be read; DeliveryError in one line for those that cannot (not there, a folder of
    folders, no right to read it)."""
    folders, problems = _reply_folders(imap, account)
    for folder in folders:
        try:
            imap.select(folder)
        except DeliveryError as err:
            problems.append(f"the folder \"{folder}\" set in read_folders cannot be read: {err}")
    if problems:
        raise DeliveryError("; ".join(problems))
    return folders


def _folder_words(choice, none: str, unwritable: str = "") -> str:
    """What `account test` says of the Drafts or Sent folder: the one used (and how, unless the
    server marks it), the others that qualified as well, the folders with a known name passed
    over for a marked one, and, where the server says so (ACL), that the login may not add
    messages to it (`unwritable`: what then fails; "" when nothing is added there); or why there
    is none."""
    kind = choice.kind
    label = f"{kind.label} folder: "  # "Sent folder: Sent", never "Sent: Sent"
    if choice.folder is None:
        return f"{label}{none} ({choice.missing()})"
    setting = f"in [accounts.{choice.account}] of config.toml"
    how = {"setting": f" (set by {kind.setting})", "name": " (by its name)"}.get(choice.how, "")
    also = choice.also()
    if also:
        which = f"marked {kind.flag.decode()}" if choice.how == "flag" else "with a known name"
        refused = [name for name in also if choice.may_append(name) is False]
        how += (f"; {len(choice.candidates)} folders {which} qualify ({', '.join(choice.candidates)}): "
                f"{choice.folder} is used"
                + (f" (this login may not add messages to {', '.join(refused)})" if refused and unwritable else "")
                + f"; to use another, set {kind.setting} = \"NAME\" {setting}")
    if choice.passed_over:
        names = choice.passed_over
        how += (f"; passed over for the folder marked {kind.flag.decode()}: {', '.join(names)} (by "
                f"{'its name' if len(names) == 1 else 'their names'})")
        if not also:
            how += (f"; to use {'it' if len(names) == 1 else 'one of them'}, set {kind.setting} = "
                    f"\"{names[0] if len(names) == 1 else 'NAME'}\" {setting}")
    if unwritable and choice.may_append() is False:
        how += (f"; this login may not add messages to {choice.folder} (its rights there: "
                f"{choice.rights_of(choice.folder)}): {unwritable}; set {kind.setting} = \"NAME\" {setting} to "
                "a folder it may add to")
    return f"{label}{choice.folder}{how}"


def _find_folder(imap, which: str):
    """The mailbox's Drafts or Sent folder ("drafts", "sent"), and why (an imap.FolderChoice): the
    one discovery sending, Drafts and `account test` share. A plugin's mailbox that only has
    the protocol's drafts_folder() and sent_folder() is asked those."""
    from afterview.delivery.imap import DRAFTS, SENT, FolderChoice

    kind = DRAFTS if which == "drafts" else SENT
    find = getattr(imap, "find_folder", None)
    if find is not None:
        return find(kind)
    try:
        folder = imap.drafts_folder() if which == "drafts" else imap.sent_folder()
    except DeliveryError:  # (its own words say why there is none)
        folder = None
    name = getattr(getattr(imap, "account", None), "name", "")
    return FolderChoice(kind, name, folder, "", (folder,) if folder else (), (), qualifying=(folder,) if folder else ())


# --- the worker ---------------------------------------------------------------------------------

def run_worker(store, *, accounts: dict[str, Account], clock, should_stop, interval: float = 60.0, say=print,
               say_send=None, warn=None, playbook=None, stop_now=None, config=None, tz: str = "") -> None:
    """Send what is due and sync replies until `should_stop()`; waits with IMAP IDLE when it can.

    `say_send(report)` tells each round's sends (the command line's own wording, times in the
    user's zone); without it, one line per message through `say`. It is called as the sends are
    recorded, with what is new since its last call (so a log shows each send when it happened,
    not at the end of a long round), and once more as the round ends. An account that cannot send
    or be read is said through `warn` (else `say`), once, and again only when what is wrong
    changes; that it sends again only once its server took a message again (its 250: a round
    with nothing due for it, or a session that opens and then fails, proves nothing). A message waiting for its account, or being sent by another
    program (or cut off, until its lease ends), is passed to `say_send` once (again when its line
    changes). Between rounds it waits `interval` seconds, or less when a scheduled message or a
    retry comes due sooner (at least a second). After a sync that recorded replies, what the plan
    no longer has is held back at once (as `afterview sync` does), not at its send time.
    `playbook`: the effective one, as for `send_due`. `should_stop()` is asked between rounds;
    `stop_now()` (a stop asked for by a signal), also between the messages of a round: then the
    round ends after the send under way, and the others stay as they were.

    A database that cannot be used is said once; that it can be used again only once something
    was written to it again (a full disk still lets it be read). A note found late is reviewed
    before it goes (see `send_due`; `config`, the user's): late by more than the outbox's grace
    and the worker's own interval, so that waiting for its next round never makes a note late.
    `tz`: the user's zone, in which a send being made or cut off says the minute it is looked for
    in the Sent folder from (`reconcile`, `send_due`; UTC without one).
    """
    warn = warn or say
    grace = outbox.GRACE + timedelta(seconds=interval)
    idle_account = next((a for a in accounts.values() if a.imap_host and a.mailbox == "imap"), None)  # IDLE is IMAP's
    imap = None
    said: dict[str, str] = {}  # what was last said about each account ("" once it worked again)
    once: dict[str, dict[int, str]] = {"waiting": {}, "checking": {}}  # said once per message (see _told)
    while not should_stop():
        now = clock()
        gone = store.gone()
        if gone is not None:  # SQLite would go on recording into the removed file, and lose it all
            raise StorageError(f"{gone}: the worker stops, and sends nothing more (start it again with the database "
                               "in place)")
        try:
            if said.get("database:"):
                _write_probe(store, now)  # raises while it cannot be written to: said already
                # said before this round's sends, not after them
                _say_problems({k: v for k, v in said.items() if v and k != "database:"}, said, warn)
            report = reconcile(store, now=now, accounts=accounts, tz=tz)
            # the mail first: a reply that came while nothing was running stops its follow-up
            # before the follow-up could go (stop_on_reply)
            imap, _, unread, held = read_first(store, now=now, accounts=accounts, say=say, playbook=playbook,
                                               imap=imap, idle_account=idle_account)
            for message_id, why in held:
                say(f"message {message_id}: {why}")
            seen: dict[str, int] = {}
            seen_now: dict[str, dict[int, str]] = {"waiting": {}, "checking": {}}

            def told(last: bool = False) -> None:
                fresh = _told(report, seen, once, seen_now)
                if last or _says_something(fresh):
                    (say_send or (lambda r: _say_send(r, say)))(fresh)

            send_due(store, now=now, accounts=accounts, report=report, playbook=playbook, unread=unread,
                     should_stop=stop_now, progress=told, config=config, grace=grace, tz=tz)
            told(last=True)
            once = seen_now  # a message no longer waiting (or being sent) is said again if it comes back
            problems = {f"send:{p.account}": p.line() for p in report.account_problems}
            for key, line in said.items():  # an account whose server took nothing this round: still as said
                if line and key.startswith("send:") and key not in problems and key[5:] not in report.confirmed:
                    problems[key] = line
            problems.update({f"read:{name}": f"replies to {name} could not be read: {error}" for name, error in unread.items()})
        except StorageError as err:
            # The database server restarting, busy, or its disk full: this round stops where it
            # was, as a crash would leave it (a send whose outcome was not recorded is reconciled
            # at the next round, never sent blindly again), and the worker tries again after its
            # wait. Said once: again only when what is wrong changes.
            problems = {key: line for key, line in said.items() if line and not key.startswith("database:")}
            problems["database:"] = f"the database cannot be used ({err}); trying again every {interval:g} s"
        _say_problems(problems, said, warn)
        _wait(imap, _until_next(store, now, interval), should_stop)
    if imap is not None:
        imap.close()


WRITE_PROBE = "worker:written"  # the state entry the worker writes to learn that the database takes writes again


def _write_probe(store, now: datetime) -> None:
    """Write one small entry (the moment), so that a database said to be unusable is said usable
    again only once a write went through: a full disk still lets it be read. StorageError when
    it cannot be written to."""
    with store.transaction() as tx:
        tx.set_state(WRITE_PROBE, now.isoformat())


def _told(report: SendReport, seen: dict[str, int], once: dict[str, dict[int, str]],
          seen_now: dict[str, dict[int, str]]) -> SendReport:
    """What `report` gained since `seen` (each list's length when last told, updated); of the
    messages waiting or being sent, only those not said so already (`once`, from the round
    before, and `seen_now`, this round's: updated)."""
    from dataclasses import fields

    fresh = SendReport()
    for item in fields(SendReport):
        value = getattr(report, item.name)
        if isinstance(value, list):
            start = seen.get(item.name, 0)
            setattr(fresh, item.name, list(value[start:]))
            seen[item.name] = len(value)
    fresh.held_by_rate = report.held_by_rate - seen.get("held_by_rate", 0)
    seen["held_by_rate"] = report.held_by_rate
    for name in ("waiting", "checking"):
        entries = getattr(fresh, name)
        seen_now[name].update(entries)
        setattr(fresh, name, [(i, why) for i, why in entries if once[name].get(i) != why])
    return fresh


def _says_something(report: SendReport) -> bool:
    """Whether a report has anything for the user (its account problems are said apart)."""
    return bool(report.sent or report.uncopied or report.reconciled or report.recorded_late or report.retrying
                or report.failed
                or report.unknown or report.waiting or report.held_by_rate or report.held_back or report.checking
                or report.stopped)


def _until_next(store, now: datetime, interval: float) -> float:
    """Seconds to wait before the next round: the interval, or less when a scheduled message (or a
    retry) comes due sooner; never under a second (not a busy loop)."""
    try:
        with store.reading() as tx:
            coming = [m.scheduled_at for m in tx.list(Message, state=[MessageState.APPROVED, MessageState.SCHEDULED])
                      if m.channel == Channel.EMAIL and m.scheduled_at is not None and m.scheduled_at > now]
    except StorageError:  # the database is away: the interval, as for the round itself
        return interval
    if not coming:
        return interval
    return min(interval, max(1.0, (min(coming) - now).total_seconds()))


def _say_problems(problems: dict[str, str], said: dict[str, str], warn) -> None:
    """Each account problem once: again only when it changes, and a word when it is gone."""
    for key, line in problems.items():
        if said.get(key) != line:
            warn(line)
            said[key] = line
    for key in [k for k, line in said.items() if line and k not in problems]:
        kind, name = key.split(":", 1)
        warn({"send": f"account {name} sends again", "read": f"replies to {name} are read again",
              "database": "the database can be used again"}[kind])
        said[key] = ""


@dataclass
class MailRound:
    """One round of the desk's mail: what was sent, what arrived, and what went wrong."""

    at: datetime
    sent: SendReport
    synced: list[SyncReport] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # one line each: an account that could not send or sync

    @property
    def replies(self) -> int:
        return sum(len(report.recorded) for report in self.synced)


def mail_round(store, *, now: datetime, accounts: dict[str, Account], playbook=None, config=None,
               tz: str = "") -> MailRound:
    """Read each account's new mail, then send what is due (interrupted sends reconciled first):
    what `afterview worker` does each round, with a connection opened for the round only
    (`playbook`: the effective one, as for `send_due`). A reply recorded holds back at once what
    the plan no longer has (in `sent.held_back`, as the outbox's own), before anything goes; a
    follow-up from an account that could not be read waits (see send_due), and a note found late
    is reviewed before it goes (`config`: the user's, as for `send_due`). `tz`: the user's zone,
    for the minute a send cut off is looked for from (as the worker says it; UTC without one)."""
    report = reconcile(store, now=now, accounts=accounts, tz=tz)
    _, synced, unread, held = read_first(store, now=now, accounts=accounts, say=lambda line: None, playbook=playbook)
    report.held_back.extend(held)
    send_due(store, now=now, accounts=accounts, report=report, playbook=playbook, unread=unread, config=config, tz=tz)
    return MailRound(now, report, synced, [p.line() for p in report.account_problems]
                     + [f"replies to {name} could not be read: {error}" for name, error in unread.items()])


def read_first(store, *, now: datetime, accounts: dict[str, Account], say, playbook=None, imap=None,
               idle_account: Account | None = None):
    """Before a round of sends: each account's new mail read (what arrived said through `say`),
    and what a reply recorded makes unplanned held back at once, so that a reply that came while
    nothing was running stops its follow-up before it can go (stop_on_reply). Returns the IDLE
    connection (see _sync_all), the reports, the accounts that could not be read (name -> why:
    send_due's `unread`) and what was held back."""
    imap, synced, unread = _sync_all(store, accounts, now, imap, idle_account, say)
    held: list[tuple[int, str]] = []
    if any(r.recorded for r in synced):
        held = hold_back_planned(store, now=now, playbook=playbook, accounts=accounts)
    return imap, synced, dict(unread), held


def hold_back_planned(store, *, now: datetime, playbook=None,
                      accounts: dict[str, Account] | None = None) -> list[tuple[int, str]]:
    """`hold_back` of every approved or scheduled message, planned outside the write lock
    (planning is the slow part; see send_due), then held back in a short transaction, each
    only while it is still the message planned (see `hold_back`'s `found`): after new mail,
    and after a decision or a change that may leave a note unplanned.

    A draft whose copy is out (the Drafts folder, an .eml file, a link) for an action the plan
    no longer has is handled too (`hold_copies`): its copy in Drafts taken back, or named, with
    what to do. `accounts`: those to reach the Drafts folder with (None: the accounts of the
    user's config.toml)."""
    import afterview.services.pipeline  # noqa: F401 (imported before the lock is taken, not while it is held)

    with store.reading() as tx:
        messages = tx.list(Message, state=[MessageState.APPROVED, MessageState.SCHEDULED])
        copies = copies_out(tx)
        found = (unplanned(tx, messages + copies, now=now, playbook=playbook, postponed=True)
                 if messages or copies else {})
        copies = [(m, found[m.id][0]) for m in copies if m.id in found and found[m.id][1] is None
                  and _marked_done(tx, m.action_key) is None]  # marked done: most likely the copy you sent
    held: list[tuple[int, str]] = []
    if messages:
        with store.transaction() as tx:
            held = hold_back(tx, now=now, playbook=playbook, messages=messages, found=found)
    if copies:
        held += hold_copies(store, copies, now=now, accounts=accounts)
    return held


# --- a copy out that the plan no longer wants ---------------------------------------------------
#
# A note copied out (to the Drafts folder, an .eml file, a link) is on its way by that road, which
# Afterview does not drive: once the plan no longer has its action (a rejection, their reply, a
# closed process, a skip), the copy must not go out unnoticed. A copy in Drafts is taken back
# (removed, by its Message-ID, as `approve --withdraw` takes it back); one that cannot be (the
# mailbox unreachable), an .eml file or a link is named, with what to do. Each once: the note
# records it. A copy made while the plan no longer had its action is the user's choice (the way to
# send such a note all the same) and is left alone.

# In the note of a copy made while the plan no longer had its action
OUT_ALL_THE_SAME = "copied out all the same (the plan no longer had it)"
# In the note of a copy out that a hold-back named (it could not be taken back)
COPY_HELD = "held back: do not send this copy"
# In the last error of a copy in Drafts that could not be taken back, up to the command that takes it back
COPY_STILL = "its copy is still in "
# How to send all the same a note whose copy is out still
SEND_THAT_COPY = "to send it all the same: send that copy from your mail program"


def out_all_the_same(tx, message: Message, *, now: datetime, playbook=None) -> str:
    """"; copied out all the same ..." for the note of a copy about to be made of `message` when
    the plan no longer has its action (it is sent all the same); else ""."""
    from afterview.errors import ConfigError

    if not message.action_key or message.channel != Channel.EMAIL:
        return ""
    try:
        found = unplanned(tx, [message], now=now, playbook=playbook).get(message.id)
    except ConfigError:  # no plan to tell (a broken playbook): the copy goes as any
        return ""
    return f"; {OUT_ALL_THE_SAME}" if found is not None else ""


def copies_out(tx) -> list[Message]:
    """Drafts for a planned action whose copy is out and was neither held back already nor made
    all the same: those `hold_copies` looks at."""
    return [m for m in tx.list(Message, state=[MessageState.DRAFTED])
            if m.action_key and m.channel == Channel.EMAIL and copied_out(m)
            and OUT_ALL_THE_SAME not in m.note and COPY_HELD not in m.note]


def hold_copies(store, copies: list[tuple[Message, str]], *, now: datetime,
                accounts: dict[str, Account] | None = None) -> list[tuple[int, str]]:
    """Each (draft, why the plan no longer has it) whose copy is out: a copy in Drafts taken back
    (`withdraw_copy`: one sent from there already is marked sent instead), else the copy named in
    the draft's reason and note, with what to do. No network inside a transaction; each recorded
    only while the draft is as it was read. Returns (message id, what was done) for each."""
    said: list[tuple[int, str]] = []
    for message, cause in copies:
        where = message.note.split(";")[0]
        removed, trouble = None, ""
        if message.note.startswith("placed in "):
            if accounts is None:
                accounts = _configured_accounts()
            try:
                # (a copy gone from Drafts and from Sent is nothing to take back: not_sent, as before)
                removed = withdraw_copy(store, message.id, now=now, accounts=accounts, not_done="taken back",
                                        not_sent=True, keep_edits=True)
            except Conflict:  # sent from the mail program already: marked sent, as `sync` would
                said.append((message.id, f"the plan no longer has it ({cause}), but it was sent from your mail "
                                         "program already (found in your Sent folder): marked sent"))
                continue
            except AfterviewError as err:  # the mailbox cannot be reached: named instead
                trouble = one_line(str(err).partition("(it might still be sent from there): ")[2] or str(err))
        with store.transaction() as tx:
            current = tx.get(Message, message.id)
            if (current.state, current.note) != (message.state, message.note):
                continue  # changed meanwhile (sent, taken back, copied again): as it is now
            hint = all_the_same(tx, current, cause)
            if removed is not None:
                copy = (f"its copy in {where.removeprefix('placed in ')} was taken back (removed from there), so it "
                        "cannot go out from there" if removed else
                        f"no copy of it was found in {where.removeprefix('placed in ')} (by its Message-ID): if your "
                        "mail program keeps one there, delete it")
                if removed.kept:  # edited there: their words are the note's now, never lost
                    copy += f"; {EDITS_KEPT.format(id=current.id)} (afterview show {current.id})"
                current.note = f"{TAKEN_BACK} ({where})"
                why = f"not sent: {cause}; {copy}; a plain draft again ({hint})"
            else:
                if hint == _all_the_same_command(current):
                    hint = SEND_THAT_COPY
                if current.note.startswith("placed in "):
                    copy = (f"{COPY_STILL}{where.removeprefix('placed in ')}, and could not be taken back ({trouble}): "
                            f"delete it there, or take it back: afterview approve {current.id} --withdraw")
                else:
                    copy = f"it was {where}: a file or a link cannot be taken back, so do not send that copy"
                current.note = f"{where}; {COPY_HELD}"
                why = f"not sent: {cause}; {copy} ({hint})"
            current.last_error, current.updated_at = why, now
            tx.update(current)
        said.append((message.id, why))
    return said


def _all_the_same_command(message: Message) -> str:
    from afterview.services.pipeline import ALL_THE_SAME

    return ALL_THE_SAME.format(id=message.id)


def _configured_accounts() -> dict[str, Account]:
    """The accounts of the user's config.toml; none when it cannot be read (a copy in Drafts is
    then named, not taken back: the command that reads it says what is wrong)."""
    from afterview.config import load_config
    from afterview.delivery.accounts import load_accounts

    try:
        return load_accounts(load_config())
    except AfterviewError:
        return {}


def _sync_all(store, accounts: dict[str, Account], now: datetime, imap, idle_account, say):
    """Read each account's new mail; (the IDLE connection, the reports, (account, error) of those
    that could not be read)."""
    synced: list[SyncReport] = []
    unread: list[tuple[str, str]] = []
    for account in accounts.values():
        if not account.has_mailbox:
            continue
        try:
            if account is idle_account:
                if imap is None or imap.client is None:
                    imap = _mailbox(account).open()
                report = sync_with(store, imap, now=now, account=account, report=SyncReport(account.name))
            else:
                report = sync(store, now=now, account=account)
        except Exception as err:  # noqa: BLE001 (see below)
            # a server down, a password refused or unreadable (AfterviewError); or reading failed
            # in a way no mail should make it: the sends go on all the same, this account's
            # follow-ups waiting as for an account not read (send_due's `unread`)
            why = str(err) if isinstance(err, AfterviewError) else f"reading its mail failed ({type(err).__name__}: {err})"
            unread.append((account.name, Unread(why, timed_out=isinstance(err, TimedOut))))
            if account is idle_account and imap is not None:
                imap.close()
                imap = None
            continue
        synced.append(report)
        if report.unread:  # a folder of read_folders: its replies unread, as for an account not read
            unread.append((account.name, "; ".join(report.unread)))
        for line in report.unreadable:  # a message left where it is: said once, the others read
            say(line)
        for item in report.recorded:
            say(f"{recorded_kind(item)} from {item.from_address}: {recorded_words(item)}")
        for _reply, line in report.stopped:  # what a reply stopped: never silently
            say(line)
        offered: list[str] = []
        if report.recorded:
            try:
                with store.reading() as tx:
                    offered = offer_lines(tx, report.recorded)
            except AfterviewError:  # a comfort: the replies are said all the same
                offered = []
        for line in offered:
            say(line)
        for message_id, why in report.delivered:
            say(f"message {message_id}: {why}")
        for message_id in report.bounced:
            say(report.bounced_line(message_id))
        for message_id in report.sent_by_you:
            say(sent_by_you_line(report, message_id))
        if report.feedback:
            with store.transaction() as tx:
                for inbound_id in report.feedback:
                    say(feedback_line(tx, tx.get(Inbound, inbound_id)))
    return imap, synced, unread


def _say_send(report: SendReport, say) -> None:
    for message_id in report.sent:
        say(f"sent message {message_id}")
    for message_id, note in report.uncopied:
        say(f"message {message_id}: {note}")
    for message_id, said in report.recorded_late:
        say(f"message {message_id} {said}")
    for message_id, reason in report.retrying + report.failed + report.unknown + report.held_back + report.waiting:
        say(f"message {message_id}: {reason}")


def _wait(imap, interval: float, should_stop) -> None:
    """Wait up to `interval` seconds; new mail (IMAP IDLE) or a stop request ends it early."""
    import time

    deadline = time.monotonic() + interval
    idling = False
    try:
        if imap is not None and imap.client is not None:
            # mail that came between the round's read and now wakes no IDLE (it is no news once IDLE
            # starts): asked first, it starts the next round at once
            if _new_mail(imap.client.noop()):
                return
            imap.client.idle()
            idling = True
        while not should_stop() and time.monotonic() < deadline:
            if idling:
                if imap.client.idle_check(timeout=1):
                    break
            else:
                time.sleep(0.5)
    except Exception:  # a dropped IDLE connection: the next round reconnects
        if imap is not None:
            imap.client = None
        idling, failed = False, True
    else:
        failed = False
    finally:
        if idling and imap is not None and imap.client is not None:
            try:
                imap.client.idle_done()
            except Exception:
                imap.client = None
    # IDLE that failed (at once, every round: a server that refuses it) still waits the interval,
    # so that a round never follows another without a pause; new mail or a stop ends a wait at once
    while failed and not should_stop() and time.monotonic() < deadline:
        time.sleep(min(0.5, max(0.0, deadline - time.monotonic())))


def _new_mail(answer) -> bool:
    """Whether an IMAP NOOP's answer (imapclient: (text, untagged responses)) says that mail came:
    an EXISTS or a RECENT with a count (a change of flags is none)."""
    responses = answer[1] if isinstance(answer, tuple) and len(answer) > 1 else []
    return any(isinstance(r, tuple) and len(r) >= 2 and r[1] in (b"EXISTS", b"RECENT")
               and (r[1] == b"EXISTS" or r[0]) for r in responses)


def _sender(account):
    """The account's sender (`sender = NAME` in its section), as registered through the plugin
    hooks (built-in: smtp). A name no plugin registered is the account's problem (a
    DeliveryError naming the known ones): its messages wait, as for a refused login."""
    from afterview.errors import ConfigError
    from afterview.plugins import sender

    try:
        factory = sender(account.sender)
    except ConfigError as err:  # "unknown sender 'x' (known: smtp)", said as the setting it is
        raise DeliveryError(f"its setting sender = {account.sender!r}: {err}") from None
    return factory(account)


def _mailbox(account):
    """The account's mailbox adapter (`mailbox = NAME`), as registered through the plugin hooks
    (built-in: imap); a name no plugin registered as for `_sender`."""
    from afterview.errors import ConfigError
    from afterview.plugins import mailbox

    try:
        factory = mailbox(account.mailbox)
    except ConfigError as err:
        raise DeliveryError(f"its setting mailbox = {account.mailbox!r}: {err}") from None
    return factory(account)
