"""Use cases of the planner: the effective playbook, the plan, and the user's decisions.

Each function takes an open transaction (`tx`) and `now`; the caller opens one transaction per
use case. Decisions (done, snooze, skip) are stored as `Decision` facts that `plan()` reads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from pathlib import Path

from afterview.domain.keys import canonical_key, parse_key
from afterview.domain.model import Decision, DecisionKind, Facts
from afterview.domain.values import typed_note
from afterview.errors import Conflict, InvalidInput, NotFound

SNOOZE_LIMIT = timedelta(days=5 * 365)  # further off, an action is better skipped


def effective_playbook(config=None, paths=None):
    """Defaults, then config.toml's [planner], then playbook.toml when it exists."""
    from afterview.config import load_config
    from afterview.config import paths as default_paths
    from afterview.planner import load_playbook

    where = paths or default_paths()
    config = config if config is not None else load_config(where)
    section = config.section("planner") if config is not None else None
    file = where.playbook_file
    # a folder there is refused (read_toml), not taken for no playbook
    return load_playbook(file if file.exists() else None, config=section,
                         config_origin=f"{config.path} [planner]", reader_tz=reader_tz(config))


def reader_tz(config) -> str:
    """config.toml's `timezone` (the zone you read times in, on a trip too), "" when not set."""
    return str(config.data.get("timezone") or "") if config is not None else ""


def check_playbook(file: str | Path | None = None, config=None, paths=None):
    """Validate a playbook file (or the effective one); ConfigError names what is wrong."""
    from afterview.planner import load_playbook

    if file is None:
        return effective_playbook(config, paths)
    return load_playbook(Path(file))


def current_plan(tx, playbook, now: datetime, facts: Facts | None = None) -> list:
    from afterview.planner import plan

    return plan(facts if facts is not None else tx.facts(), playbook, now)


def due_now(actions: list) -> list:
    """Due and overdue actions (what `today` shows)."""
    return [a for a in actions if a.state in ("due", "overdue")]


def on_its_way(message, now: datetime | None = None) -> bool:
    """Whether a planned action's note goes out with nothing left for the user to do: approved,
    scheduled or being sent, and not a note the outbox tried and could not send (retrying after
    an error, or waiting for its mail account, its login refused: `delivery.retry_error`), which
    may need them, nor, at `now`, a send cut off (its claim older than the outbox's lease:
    `outbox.cut_off`), which nothing sends on and only a round of `send-due`, the worker or the
    desk finds out about. A draft (one held back too), a failed send, one whose outcome is
    unknown, or no note at all: the action asks for the user. The rule of `today`, `agenda` and
    `plan`, and of their `--json` (`on_its_way`)."""
    from afterview.domain.model import MessageState
    from afterview.planner.facts import ON_ITS_WAY  # approved, scheduled, being sent

    if message is None or message.state not in ON_ITS_WAY:
        return False
    if message.state == MessageState.SENDING:
        from afterview.delivery.outbox import cut_off

        return now is None or not cut_off(message, now)
    if message.attempts:  # (rare: the delivery services only then)
        from afterview.services.delivery import retry_error

        return not retry_error(message)
    return True


@dataclass(frozen=True)
class Going:
    """A note that goes out by itself (`on_its_way`) and that the outbox sends as it is, with the
    planned action it is for (None when the plan has none: a note with no action, or news to
    share that another share stands in for, which the outbox sends all the same)."""

    message: object
    action: object | None


@dataclass(frozen=True)
class HeldBack:
    """A note approved or scheduled that the outbox's pre-send check holds back when its round
    comes (`delivery.unplanned`, as `send-due`, the worker and the desk run it): it does not go
    as it is. `why`: the reason, one line ("you skipped it (called her instead)"); `then`: what
    to do, with the commands to type (throw it away, approve it again for the plan's moment, or
    send it all the same); `later`: the moment the plan has for its action now, when it still
    has one to approve it again for (None when the plan no longer has it)."""

    message: object
    action: object | None
    why: str
    then: str
    later: datetime | None = None
    # what holds it, for a page to say what to do in its own words: "later" (approve it again for
    # `later`), "again" (read it, approve it again), "done", "not_to_contact", "reply", "unplanned",
    # "address" (no longer theirs), "interview" (it now ends after the note goes), "bounced"
    case: str = ""


@dataclass(frozen=True)
class Outgoing:
    """The notes approved, scheduled or being sent (`on_its_way`): those that go (`going`) and
    those the outbox will hold back (`held`), in the order of the messages. One answer for
    `today`, `agenda`, `plan` and the desk's Today."""

    going: tuple[Going, ...] = ()
    held: tuple[HeldBack, ...] = ()

    def message_ids(self) -> set:
        return {g.message.id for g in self.going} | {h.message.id for h in self.held}


def sendable(facts: Facts, now: datetime) -> list:
    """The notes on their way by the rule `on_its_way`: approved, scheduled or being sent, and not
    stuck nor cut off at `now` (states by identity: the messages can be many)."""
    from afterview.domain.model import MessageState

    approved, scheduled, sending = MessageState.APPROVED, MessageState.SCHEDULED, MessageState.SENDING
    return [m for m in facts.messages
            if ((state := m.state) is approved or state is scheduled or state is sending) and on_its_way(m, now)]


def outgoing(tx, facts: Facts, playbook, now: datetime, actions: list, *, notes: list | None = None) -> Outgoing:
    """What is on its way and what is approved but held back, by the outbox's own pre-send check
    (`delivery.unplanned`, with `postponed`: the plan no longer has its action, their reply, a
    decision, a closed process, do-not-contact; or a snooze, an out-of-office reply or a playbook
    change moved it past the moment it was set for; or they wrote since a keep-in-touch note was
    approved); and, read only, the holds it makes after that check (`delivery.changed_since_approval`,
    as `changed_since` predicts them): the address is no longer theirs, the interview now ends after
    the note goes, or a note to that address bounced since it was approved. A note the outbox would
    hold back at its round is not on its way: it needs you.

    `actions`: the plan at `now`, whole, or at least every planned action a note on its way names
    (`today_plan` makes the whole plan only when one is not among the due ones). `notes`: the
    notes on their way (`sendable`), when the caller has them. `tx` reads what the outbox reads
    besides the facts (the notes set early on purpose)."""
    notes = sendable(facts, now) if notes is None else notes
    if not notes:
        return Outgoing()
    from afterview.domain.model import MessageState
    from afterview.services.delivery import unplanned

    planned = {a.key: a for a in actions}
    waiting = [m for m in notes if m.state is not MessageState.SENDING]  # (being sent: nothing holds it now)
    found = unplanned(tx, waiting, now=now, playbook=playbook, postponed=True, facts=facts,
                      actions=actions) if waiting else {}
    changed = changed_since(facts, [m for m in waiting if m.id not in found], now)
    going, held = [], []
    for message in notes:
        action = planned.get(message.action_key) if message.action_key else None
        if message.id in changed:
            why, case, then = changed[message.id]
            held.append(HeldBack(message, action, why, then, None, case))
            continue
        if message.id not in found:
            going.append(Going(message, action))
            continue
        cause, later = found[message.id]
        why = " ".join(str(cause).split())
        case, then = _held_then(facts, message, cause, later, now)
        held.append(HeldBack(message, action, why, then, later, case))
    return Outgoing(tuple(going), tuple(held))


def _held_then(facts: Facts, message, cause, later: datetime | None, now: datetime) -> tuple[str, str]:
    """What to do about a note the outbox will hold back, as the hold-back's own words say it once
    it has (`delivery.hold_back`), the commands to type: it is still approved, so the approval is
    withdrawn before it is approved again or copied out. Its moments in the profile's zone, as the
    hold-back's reason says them. With the case it is (`HeldBack.case`)."""
    from afterview.services import delivery

    mid = message.id
    away = f"afterview discard {mid} throws it away"
    if later is not None:
        if later <= now:
            return "again", (f"read it again; if it still fits: afterview approve {mid} --withdraw, then afterview "
                             f"approve {mid}; {away}")
        since = _your_moment(later, facts.profile.timezone)
        return "later", (f"to send it by the plan now, from {since} on: afterview approve {mid} --withdraw, then "
                         f"afterview approve {mid}; {away}")
    done = [d for d in facts.decisions if d.action_key == message.action_key and d.kind == DecisionKind.DONE
            and d.undone_at is None]
    if done:
        return "done", ("nothing to do: the next send round counts it as the note you sent (afterview undo "
                        f"{message.action_key} takes the done back)")
    from afterview.planner.facts import not_to_contact

    if not_to_contact(facts, facts.people.get(message.person_id)):
        return "not_to_contact", f"{delivery.NOT_TO_CONTACT}: {away}"
    reply = getattr(cause, "reply", None)
    if reply is not None:
        return "reply", (f"{delivery.AFTER_THEIR_REPLY.format(reply=f'reply {reply.id} in afterview replies --all')}; "
                         f"{away}")
    return "unplanned", (f"{away}; to send it all the same: afterview approve {mid} --withdraw, then afterview send "
                         f"{mid} --to-drafts")


def changed_since(facts: Facts, notes: list, now: datetime) -> dict[int, tuple[str, str, str]]:
    """Of these notes approved or scheduled (and not held back by the plan: `delivery.unplanned`),
    those the outbox's round holds back after that check (`delivery.changed_since_approval`), read
    from the facts, nothing written: id -> (why, case, what to do), `why` in the outbox's words,
    each note held by the first that applies, in the outbox's order. Their address is no longer one
    of their person's ("address": at its round it is readdressed, a draft again); they are about an
    interview that now ends after they go out ("interview"); a note of ours to that address
    bounced after they were approved ("bounced")."""
    from afterview.domain.model import Channel
    from afterview.domain.values import zone
    from afterview.services.delivery import address_moved, bounce_cause, bounced_after_approval, goes_before_the_end

    sendable = [m for m in notes if m.channel == Channel.EMAIL]
    if not sendable:
        return {}
    found: dict[int, tuple[str, str, str]] = {}
    for m in sendable:
        person = facts.people.get(m.person_id)
        if address_moved(m, person):
            found[m.id] = _readdressed(m, person)
            continue
        interview = facts.interviews.get(m.interview_id) if m.interview_id is not None else None
        if goes_before_the_end(m, interview, now):
            ends = interview.end.astimezone(zone(interview.timezone))
            after = _your_moment(interview.end, facts.profile.timezone)
            found[m.id] = (f"the interview now ends {ends:%a %d %b %Y %H:%M} {interview.timezone}, after the note "
                           "was set to go out", "interview",
                           f"to send it after the interview: afterview send {m.id} --at WHEN (after {after}); "
                           f"afterview discard {m.id} throws it away")
    bounced = bounced_after_approval([m for m in sendable if m.id not in found], facts.messages)
    for m in sendable:
        failed = bounced.get(m.id)
        if failed is not None:
            found[m.id] = (bounce_cause(failed), "bounced",
                           f"check {m.to_address} (afterview person edit {m.person_id} --email ADDRESS "
                           f"gives another); if it is right: afterview approve {m.id} --withdraw, then afterview "
                           f"approve {m.id}; afterview discard {m.id} throws it away")
    return found


def _readdressed(message, person) -> tuple[str, str, str]:
    """A note to an address no longer its person's, as `pipeline.follow_addresses` holds it back."""
    old, new = message.to_address, person.email
    now_to = f"{person.name}'s address is now {new}" if new else f"{person.name} has no address now"
    then = ("the next send round readdresses it to them and makes it a draft again: read it, then approve it again"
            if new else f"give their address (afterview person edit {person.id} --email ADDRESS), then approve it "
                        "again")
    return f"not sent to {old}: {now_to}", "address", f"{then}; afterview discard {message.id} throws it away"


def _your_moment(at: datetime, tz: str) -> str:
    """"Sat 5 Dec 09:00" in the user's zone, as the outbox's hold-back says its moments."""
    from afterview.domain.days import short_day
    from afterview.planner.facts import safe_zone

    local = at.astimezone(safe_zone(tz or "UTC", "UTC"))
    return f"{short_day(local.date())} {local:%H:%M}"


@dataclass(frozen=True)
class Today:
    """What `today` lists: the due and overdue actions (`plan_due`), the notes on their way and
    those held back (`outgoing`: each with its action, later ones too, as the desk lists them),
    and how many more actions are planned later that are not listed."""

    due: list
    outgoing: Outgoing
    later: int
    upcoming: list = field(default_factory=list)  # the later actions of `outgoing`'s notes, in the plan's order


def today_plan(store, facts: Facts, playbook, now: datetime) -> Today:
    """`Today` from the facts read: the whole plan is made only when a note on its way may belong
    to a later action (`plan_due` counts those without making them), and the outbox's check is
    asked (in a short read of `store`) only when a note is on its way."""
    from afterview.planner import plan, plan_due

    due, later = plan_due(facts, playbook, now)
    notes = sendable(facts, now)
    if not notes:
        return Today(due, Outgoing(), later)
    keys = {action.key for action in due}
    # the due part will do when every note is of a due action, or nothing is planned later (then
    # it is the whole plan)
    enough = not later or all(not m.action_key or m.action_key in keys for m in notes)
    actions = due if enough else plan(facts, playbook, now)
    with store.reading() as tx:
        found = outgoing(tx, facts, playbook, now, actions, notes=notes)
    ids = found.message_ids()
    upcoming = [] if enough else [a for a in actions if a.state == "upcoming" and a.message_id in ids]
    return Today(due, found, later - len(upcoming), upcoming)


AGENDA_DAYS = 3660  # ten years ahead: further, a date is past what a calendar can say


def check_days(days: int) -> int:
    """`days` ahead for `agenda`, from 1 to AGENDA_DAYS; InvalidInput otherwise."""
    if days <= 0:
        raise InvalidInput(f"--days must be a positive number of days, got {days}")
    if days > AGENDA_DAYS:
        raise InvalidInput(f"--days must be at most {AGENDA_DAYS} (ten years), got {days}")
    return days


def agenda(actions: list, now: datetime, days: int) -> list:
    """Overdue and due actions, and those starting within `days` days (`check_days`)."""
    horizon = now + timedelta(days=check_days(days))
    return [a for a in actions if a.state != "upcoming" or a.earliest <= horizon]


def find_action(actions: list, key: str):
    return next((a for a in actions if a.key == key), None)


def typed_key(key: str) -> str:
    """A key the user typed (a command's argument, a form of the desk), in its canonical form,
    the only one used and stored after (keys.canonical_key: "thank_you:i01:p1 " is
    thank_you:i1:p1); NotFound, in one line, for what has no key's form."""
    canonical = canonical_key(key)
    if canonical is None:
        raise NotFound(f"unknown action {_said(key)} (keys look like thank_you:i12:p5; see 'afterview today')")
    return canonical


def _said(key) -> str:
    """A typed key quoted in a message, cut short when it is far longer than any key."""
    text = key if isinstance(key, str) else str(key)
    return repr(text if len(text) <= 80 else f"{text[:77]}...")


def check_key(facts: Facts, key: str, actions: list | None = None) -> str:
    """The canonical form of a typed key (`typed_key`) in the current plan, or about records that
    exist and belong together; NotFound otherwise."""
    key = typed_key(key)
    if actions is not None and find_action(actions, key) is not None:
        return key
    _check_ids(facts, key, parse_key(key)[1])
    return key


def _check_ids(facts: Facts, key: str, ids: dict) -> None:
    """Every id in the key names a record, and the records belong together.

    A key typed with one digit wrong can name records that all exist but have nothing to do
    with each other (a thank-you to someone who was not on that panel): recording a decision
    on it would do nothing, while the user believes the real action handled.
    """
    tables = {"p": (facts.people, "person"), "o": (facts.opportunities, "opportunity"),
              "i": (facts.interviews, "interview")}
    for letter, (table, label) in tables.items():
        value = ids.get(letter)
        if value is not None and int(value) not in table:
            raise NotFound(f"unknown action {key!r}: no {label} with id {value}")
    if ids.get("n") is not None:
        if ids.get("o") is None:  # share_news:nN:pP names a news item
            if not any(item.id == int(ids["n"]) for item in facts.news):
                raise NotFound(f"unknown action {key!r}: no news with id {ids['n']}")
        elif int(ids["n"]) < 1:  # keep_warm.N: touches are counted from 1
            raise NotFound(f"unknown action {key!r}: keep-warm touches are numbered from 1")
    person_id = int(ids["p"])
    person = facts.people[person_id].name
    interview = facts.interviews.get(int(ids["i"])) if ids.get("i") is not None else None
    if interview is not None:
        if ids.get("o") is not None and interview.opportunity_id != int(ids["o"]):
            raise NotFound(f"unknown action {key!r}: interview {interview.id} is not part of "
                           f"opportunity {ids['o']}")
        # a round's follow-ups may go to someone of a round before it (one with nobody on it, a
        # take-home; someone who has moved on: see planner.facts.process_contact)
        rounds = ([i for i in facts.interviews.values() if i.opportunity_id == interview.opportunity_id]
                  if key.startswith(tuple(_FOLLOW_UPS)) else [interview])
        if all(p.person_id != person_id for i in rounds for p in i.participants):
            raise NotFound(f"unknown action {key!r}: {person} (person {person_id}) is not on the "
                           f"panel of interview {interview.id}"
                           + (" nor of another of its opportunity" if len(rounds) > 1 else ""))
    elif ids.get("o") is not None:
        opportunity_id = int(ids["o"])
        involved = {p.person_id for i in facts.interviews.values() if i.opportunity_id == opportunity_id
                    for p in i.participants}
        involved.update(r.person_id for r in facts.inbound if r.opportunity_id == opportunity_id)
        # who told you of a decision (the rejection reply goes to them, on a panel or not)
        involved.update(c.person_id for c in facts.opportunities[opportunity_id].history if c.person_id is not None)
        if person_id not in involved:
            raise NotFound(f"unknown action {key!r}: {person} (person {person_id}) took no part in "
                           f"opportunity {opportunity_id}")


def _decide(tx, key: str, kind: DecisionKind, now: datetime, *, until=None, note: str = "",
            playbook=None) -> Decision:
    return _decided(tx, key, kind, now, until=until, note=note, playbook=playbook)[0]


def _decided(tx, key: str, kind: DecisionKind, now: datetime, *, until=None, note: str = "",
             playbook=None, before=None) -> tuple[Decision, Facts, list | None]:
    """The decision recorded, with the facts and the plan (with `playbook` only) it was checked
    against: as they were before it. `before(facts, key)`, given, runs once the key is checked and
    before the decision is added (a snooze replacing the one in force)."""
    note = typed_note(note, "the reason" if kind == DecisionKind.SKIP else "the note")
    facts = tx.facts()
    actions = current_plan(tx, playbook, now, facts) if playbook is not None else None
    key = check_key(facts, key, actions)  # stored in its canonical form only
    _not_settled(facts, key, kind)
    _not_being_sent(tx, key, kind, now)
    if before is not None:
        before(facts, key)
    return tx.add(Decision(action_key=key, kind=kind, at=now, until=until, note=note.strip())), facts, actions


def _not_settled(facts: Facts, key: str, kind: DecisionKind) -> None:
    """An action already sent, done or skipped takes no other decision: said, not recorded
    beside the first (a snooze of a note already sent would mean nothing)."""
    words = settled_words(facts, key, f"afterview undo {key}")
    if words:
        raise Conflict(f"{key} {words}")


def settled_words(facts: Facts, key: str, undo: str) -> str:
    """How an action already sent, done or skipped is said ("is already marked done (2026-11-28):
    to change that, undo it first (UNDO)", `undo` the way to take it back where it is said), or
    "" when it is none of these. One wording for the terminal and the desk."""
    from afterview.planner.facts import Index

    done = Index(facts, "UTC", "").completion(key)
    if done is None:
        return ""
    what = {"sent": "sent", "done": "marked done", "skip": "skipped"}.get(done.how, done.how)
    way = "" if done.how == "sent" else f": to change that, undo it first ({undo})"
    return f"is already {what} ({done.at:%Y-%m-%d}){way}"


# What each decision would claim of a note being sent, which it cannot stop
_WHILE_SENDING = {DecisionKind.DONE: "so it needs no done", DecisionKind.SKIP: "so it can no longer be skipped",
                  DecisionKind.SNOOZE: "so it can no longer be put off"}


def _not_being_sent(tx, key: str, kind: DecisionKind, now: datetime) -> None:
    """A Conflict when a note of this action is being sent right now (claimed by the outbox):
    a decision would not stop it (done would say it was handled elsewhere as it goes out; skip
    or snooze, that it will not go). The same for the terminal and the desk: nothing recorded."""
    from afterview.delivery.outbox import LEASE
    from afterview.domain.model import Message, MessageState

    sending = tx.list(Message, action_key=key, state=MessageState.SENDING)
    if not sending:
        return
    message = sending[0]
    if message.updated_at is not None and message.updated_at <= now - LEASE:  # its sender was interrupted
        raise Conflict(f"{key}: message {message.id} was being sent by an Afterview program that was "
                       "interrupted, so it may have gone out: the next afterview send-due (or the worker) finds out; "
                       f"nothing was recorded (afterview show {message.id} then says how it went)")
    then = ("if that send fails and you handled it yourself, mark it done then" if kind == DecisionKind.DONE
            else "if that send fails, decide then")
    raise Conflict(f"{key}: message {message.id} is being sent right now, {_WHILE_SENDING[kind]}: once sent, "
                   f"the action counts as done; nothing was recorded (afterview show {message.id} says how it "
                   f"went; {then})")


def mark_done(tx, key: str, note: str = "", now: datetime | None = None, *, playbook=None) -> Decision:
    """Record that an action was handled outside Afterview ("sent from my phone")."""
    from afterview.services.pipeline import loop_closed

    decision = _decide(tx, key, DecisionKind.DONE, _need(now), note=note, playbook=playbook)
    loop_closed(tx, decision.action_key, decision.at)
    _copies(tx, decision.action_key, decision.at, sent=True)
    _requested(tx, decision.action_key, decision.at, done=True)
    return decision


def _requested(tx, key: str, at: datetime, *, done: bool) -> None:
    """A LinkedIn request marked done was sent: its person shows it (requested, then), as
    `person edit --connection requested` would; undone, the person is as before, unless they
    changed since (connected, or requested at another moment)."""
    from afterview.domain.model import ConnectionState, Person

    parsed = parse_key(key)
    if parsed is None or parsed[0] != "linkedin_note":
        return
    person = tx.get(Person, parsed[1]["p"])  # there: the key was checked when it was decided
    if done and person.connection == ConnectionState.NONE:
        person.connection, person.connection_requested_at = ConnectionState.REQUESTED, at
        tx.update(person)
    elif not done and person.connection == ConnectionState.REQUESTED and person.connection_requested_at == at:
        person.connection, person.connection_requested_at = ConnectionState.NONE, None
        tx.update(person)


def _copies(tx, key: str, at: datetime, *, sent: bool) -> None:
    """The draft of an action the user marks done is the one they sent: it counts as sent by
    hand. It may have left as a copy (Drafts folder, .eml file, mailto: link), on a channel
    Afterview never sends itself (a LinkedIn note, copied by hand), or be copied into a phone's
    mail app; left a draft, it stayed among the drafts as "no longer planned", inviting a
    discard that the timeline then showed as a cancelled note beside the done one (found by a
    tester). Undone (`sent` False), the drafts that Done marked (at its moment) are drafts again.

    A message whose send may have arrived (outcome unknown) is the one that went, too, when the
    user says the action is done; undone, it is that again, never a plain draft."""
    from afterview.domain.model import Message, MessageState
    from afterview.services.delivery import UNKNOWN_PREFIX, outcome_unknown

    if sent:
        found = tx.list(Message, action_key=key, state=MessageState.DRAFTED) + tx.list(
            Message, action_key=key, state=MessageState.FAILED)
        for message in found:
            if outcome_unknown(message) or message.state == MessageState.DRAFTED:
                message.state, message.updated_at = MessageState.DONE_ELSEWHERE, at
                tx.update(message)
        return
    for message in tx.list(Message, action_key=key, state=MessageState.DONE_ELSEWHERE):
        if message.updated_at == at:
            unknown = message.last_error.startswith(UNKNOWN_PREFIX)
            message.state, message.updated_at = (MessageState.FAILED if unknown else MessageState.DRAFTED), at
            tx.update(message)


def snooze(tx, key: str, until: datetime, now: datetime | None = None, *, playbook=None) -> Decision:
    """Put an action off: it is not planned before `until`. A note approved for it to go out
    before then is not sent: the outbox's hold-back makes it a draft again, saying so
    (`delivery.hold_back`, which the interfaces run after the decision, as after done and skip)."""
    return snooze_warned(tx, key, until, now, playbook=playbook).decision


@dataclass(frozen=True)
class Snoozed:
    """A snooze recorded, and what it means for its action when it puts it past the action's latest
    moment ("" when it does not, or without a plan to read it from)."""

    decision: Decision
    warning: str = ""
    replaced: Decision | None = None  # the snooze that was in force before it: kept, marked undone


def snooze_in_force(decisions, key: str) -> Decision | None:
    """The snooze in force on action `key` among `decisions` (live ones: not undone): the last
    recorded, as the planner reads it (planner.facts.Index.snoozed_until), or None."""
    found = [d for d in decisions if d.action_key == key and d.kind == DecisionKind.SNOOZE and d.undone_at is None]
    return max(found, key=lambda d: (d.at, d.id or 0)) if found else None


def snooze_said(until: datetime, tz, now: datetime | None = None) -> str:
    """A snooze's end as the plan says it ("Mon 30 Nov 10:00"; its year when not now's), on the
    clock of `tz` (a zone's name or a tzinfo)."""
    from afterview.domain.values import repeated_mark

    local = until.astimezone(_zone_of(tz))
    year = f" {local.year}" if now is None or local.year != now.astimezone(local.tzinfo).year else ""
    return f"{local:%a} {local.day} {local:%b}{year} {local:%H:%M}{repeated_mark(local)}"


def _replace_snooze(tx, key: str, now: datetime, shown: int | None, tz) -> Decision | None:
    """Before a new snooze of `key`: the snoozes still live on it are marked undone at `now` (one
    snooze is in force at a time; the earlier stays in the timeline), and the one in force is
    returned. `shown`: the id of the snooze in force as the page asking showed it (0: none);
    another in force now was recorded since that page was shown: Conflict, nothing changed (as
    Done refuses an action done meanwhile). None (the terminal, a script): not checked."""
    live = [d for d in tx.list(Decision, action_key=key, kind=DecisionKind.SNOOZE) if d.undone_at is None]
    current = snooze_in_force(live, key)
    if shown is not None and current is not None and current.id != shown:
        raise Conflict(f"{key} is already snoozed until {snooze_said(current.until, tz, now)} since this page was "
                       "shown; nothing changed: undo it first, or reload the page and snooze it again (when Today "
                       "shows it no more: from its person's page or its opportunity's)")
    for decision in live:
        decision.undone_at = now
        tx.update(decision)
    return current


def working_morning(until: datetime) -> datetime:
    """The moment a snooze keeps: a day with no time ("next tuesday", read as its midnight) is
    09:00 that day, the working morning; any other time as it is."""
    return until.replace(hour=9) if until.time() == time(0, 0) else until


def snooze_warned(tx, key: str, until: datetime, now: datetime | None = None, *, playbook=None,
                  tz: str = "", shown: int | None = None) -> Snoozed:
    """`snooze`, and with a playbook, a warning when `until` is past the action's latest moment in
    the plan as it was (`past_latest`: a thank-you late by then, a reason gone): recorded all
    the same, since you may know better. Its times in `tz`, the user's zone.

    A snooze already in force is replaced (`Snoozed.replaced`; kept, marked undone): one snooze
    holds an action at a time. `shown`: see `_replace_snooze` (the desk's form says which snooze
    its page showed, so that a second tab does not replace one it never saw)."""
    now = _need(now)
    if until.tzinfo is None:
        raise InvalidInput("the snooze time needs a time zone")
    until = working_morning(until)
    if until <= now:
        raise InvalidInput(f"snooze until {until:%Y-%m-%d %H:%M %Z} is not in the future")
    if until > now + SNOOZE_LIMIT:
        raise InvalidInput(f"snooze until {until:%Y-%m-%d} is more than {SNOOZE_LIMIT.days // 365} years away: "
                           "skip the action instead (afterview skip KEY --reason ...)")
    replaced: list[Decision | None] = [None]

    def replace_it(facts: Facts, canonical: str) -> None:
        replaced[0] = _replace_snooze(tx, canonical, now, shown, _user_zone(facts, tz))

    decision, facts, actions = _decided(tx, key, DecisionKind.SNOOZE, now, until=until, playbook=playbook,
                                        before=replace_it)
    action = find_action(actions, decision.action_key) if actions is not None else None
    if action is None:
        return Snoozed(decision, replaced=replaced[0])
    _moves_it(tx, facts, playbook, action, until, now, tz, replaced[0])  # (raised: the transaction keeps nothing)
    return Snoozed(decision, past_latest(facts, playbook, action, until, now, tz), replaced[0])


def _moves_it(tx, facts: Facts, playbook, action, until: datetime, now: datetime, tz: str,
              replaced: Decision | None) -> None:
    """A Conflict when a snooze until `until` would change nothing: the plan has the action from
    then or later anyway (by its own rule, without the snooze in force, which the new one would
    replace), and no note of it is set to go out before then (which the snooze would hold back).
    Said, since "snoozed until Mon" of an action planned for Wed reads as if it were brought
    forward; a snooze only ever moves an action later."""
    from afterview.domain.model import Channel, Message, MessageState

    if replaced is not None and replaced.until == until:  # the same snooze again: it changes nothing either
        raise Conflict(f"{action.key} is snoozed until {snooze_said(until, _user_zone(facts, tz), now)} already: "
                       "nothing recorded")
    if until > action.earliest:  # (a snooze in force only ever has it later than its own rule)
        return
    earliest = action.earliest if replaced is None else _own_action(facts, playbook, action, now).earliest
    if until > earliest:
        return
    if any(m.channel == Channel.EMAIL and m.state in (MessageState.APPROVED, MessageState.SCHEDULED)
           and (m.scheduled_at or now) < until for m in tx.list(Message, action_key=action.key)):
        return  # a note set to go out before then (send --at): the snooze holds it back
    zone = _user_zone(facts, tz)

    def said(moment: datetime) -> str:
        return snooze_said(moment, zone, now)

    if replaced is None:
        raise Conflict(f"{action.key} is already planned {'for later, ' if until < earliest else ''}from "
                       f"{said(earliest)}: a snooze only ever "
                       f"moves an action later, so one until {said(until)} would change nothing; nothing recorded")
    raise Conflict(f"{action.key} is snoozed until {said(replaced.until)}, and its own rule plans it from "
                   f"{said(earliest)}, not before {said(until)} either: a snooze only ever moves an action later; "
                   f"nothing recorded (to have it from {said(earliest)}, undo the snooze in force)")


def _user_zone(facts: Facts, tz: str = ""):
    from afterview.planner.facts import safe_zone

    return safe_zone(tz or facts.profile.timezone or "UTC", "UTC")


def past_latest(facts: Facts, playbook, action, until: datetime, now: datetime, tz: str = "") -> str:
    """What putting `action` off until `until` means when that is past its latest moment and now
    is not yet ("" otherwise): a thank-you late by then (thank_you.late_after, and past the
    moment the plan has it due: a Friday's note is on time in Monday's slot), or reading oddly
    on its own (fold_after), counted from the interview's end, or from the moment an out-of-office
    reply postponed it to; a rejection reply past its 48 hours; a keep-in-touch touch or a share
    of news whose reason is gone by then. Times in `tz` (the user's zone; the profile's when
    not given)."""
    from afterview.domain.days import plus
    from afterview.domain.values import wall_clock
    from afterview.planner.facts import safe_zone

    zone = safe_zone(tz or facts.profile.timezone or "UTC", "UTC")

    def said(moment) -> str:
        return f"{wall_clock(moment, zone)} your time"

    kind = action.kind.value
    if kind == "thank_you":
        interview = facts.interviews.get(action.interview_id)
        if interview is None:
            return ""
        rule, theirs = playbook["thank_you"], action.due.tzinfo
        # lateness counts from the interview's end, or from the moment their out-of-office reply
        # postponed the note to (planner: postponed_thank_you)
        base, since = ((action.earliest, "the moment their out-of-office reply postponed it to") if _postponed(action)
                       else (interview.end, "the interview ended"))
        late, fold = plus(base, rule["late_after"], theirs), plus(base, rule["fold_after"], theirs)
        if now < fold < until:
            return (f"until {said(until)} is past the thank-you's latest moment, {said(fold)}: by then it "
                    f"would be more than {_days(rule['fold_after'])} after {since}, when a thank-you on its own "
                    f"reads oddly (thank_you.fold_after): thank them in your next note instead, or skip it "
                    f"(afterview skip {action.key} --reason ...)")
        # late only once past both the hours and the moment the plan has it due, as the planner's
        # "late:" and the review's timing count it: a Friday's or pre-holiday note is on time in
        # the next business morning's slot, days after the interview
        due = _own_due(facts, playbook, action, now)
        if due > late:
            if now < due < until:
                return (f"until {said(until)} is past the thank-you's latest moment, {said(due)}, the "
                        f"moment the plan has it due: by then it would be late, past that moment and more than "
                        f"{_span(rule['late_after'])} after {since} (thank_you.late_after); still worth "
                        "sending then, without 'yesterday'")
            return ""
        if now < late < until:
            return (f"until {said(until)} is past the thank-you's latest moment, {said(late)}: by then it "
                    f"would be late, more than {_span(rule['late_after'])} after {since} (thank_you.late_after); "
                    "still worth sending then, without 'yesterday'")
        return ""
    latest = action.latest
    if latest is None or not now < latest < until:
        return ""
    past = f"until {said(until)} is past its latest moment, {said(latest)}"
    if kind == "rejection_reply":
        return (f"{past}: the reply would come more than {_span(playbook['rejection_reply']['latest'])} after "
                "the rejection (rejection_reply.latest), when a gracious word reads as an afterthought")
    if kind in ("keep_warm", "share_news"):
        news = next((n for n in facts.news if n.id == action.news_id), None)
        reason = f"'{news.title}'" if news is not None else "its news"
        if kind == "share_news":
            return (f"{past}: by then {reason} is no longer news (share_news.max_age: "
                    f"{_days(playbook['share_news']['max_age'])}), and sharing it reads as old news")
        return (f"{past}: by then the touch has no reason left ({reason} no longer news, or its year of "
                "keep-in-touch touches over), and it leaves the plan")
    return past


def _own_action(facts: Facts, playbook, action, now: datetime):
    """`action` as the plan has it by its own rule: without the snoozes of its key (the plan's
    own `action` when it has none)."""
    def snoozed(decision) -> bool:
        return decision.kind == DecisionKind.SNOOZE and decision.action_key == action.key

    if not any(snoozed(d) for d in facts.decisions):
        return action
    from dataclasses import replace

    from afterview.planner import plan

    own = replace(facts, decisions=[d for d in facts.decisions if not snoozed(d)])
    return next((a for a in plan(own, playbook, now) if a.key == action.key), action)


def _own_due(facts: Facts, playbook, action, now: datetime) -> datetime:
    """When the plan has `action` due by its own rule: as planned, or, when an earlier snooze moved
    it, as planned without that snooze (a snooze is not made on time by the one before it; the
    planner's "late:" counts from the rule's slot too)."""
    def snoozed(decision) -> bool:
        return decision.kind == DecisionKind.SNOOZE and decision.action_key == action.key

    if not any(snoozed(d) for d in facts.decisions):
        return action.due
    from dataclasses import replace

    from afterview.planner import plan

    own = replace(facts, decisions=[d for d in facts.decisions if not snoozed(d)])
    return next((a.due for a in plan(own, playbook, now) if a.key == action.key), action.due)


def _span(duration: timedelta) -> str:
    """A playbook duration in hours when under three days ("48 h"), else in days."""
    hours = duration.total_seconds() / 3600
    return f"{hours:g} h" if hours < 72 else _days(duration)


def skip(tx, key: str, reason: str, now: datetime | None = None, *, playbook=None) -> Decision:
    """Never do an action, with a reason."""
    if not (reason or "").strip():
        raise InvalidInput("say why you skip it: a reason of a few words is kept with the decision")
    return _decide(tx, key, DecisionKind.SKIP, _need(now), note=reason, playbook=playbook)


def undo(tx, key: str, now: datetime | None = None, *, expected: int | None = None) -> Decision:
    """Take back the last decision (done, snooze or skip) on an action: it is planned again.

    A misclicked Done must not make a thank-you silently disappear for good. The decision is
    kept, marked undone at `now`: the timeline shows both, and nothing that plans reads it.
    `expected`: the id of the decision the caller means (the desk's Undo button names it); any
    other would be taken back in its place, so that is refused, with nothing changed.
    """
    return undo_decision(tx, key, now, expected=expected).decision


@dataclass(frozen=True)
class Undone:
    """A decision taken back (`undo_decision`), and what that did besides to its action's notes and
    records: an undo gives back no approval, so a note the decision took off its way stays a draft."""

    decision: Decision
    approvals_gone: tuple[int, ...] = ()  # notes approved or scheduled that the decision held back: drafts
    drafts_again: tuple[int, ...] = ()  # done: drafts it counted as sent by hand, drafts again
    unknown_again: tuple[int, ...] = ()  # done: a send that may have arrived, counted as that again
    status: tuple[str, str] | None = None  # done of an ending: the opportunity's status (before, now)
    request_taken_back: bool = False  # done of a LinkedIn request: the request it recorded is gone
    still: Decision | None = None  # a decision before it that still holds the action back (`holding`)


def holding(decisions, key: str, now: datetime) -> Decision | None:
    """What still holds action `key` back among the live `decisions`: the last of them when it is a
    done or a skip, or a snooze not over at `now` (an earlier snooze, recorded twice before one
    snooze replaced another); None when the plan has it at its own moment again."""
    live = sorted((d for d in decisions if d.action_key == key and d.undone_at is None),
                  key=lambda d: (d.at, d.id or 0))
    if not live:
        return None
    last = live[-1]
    if last.kind == DecisionKind.SNOOZE:
        last = snooze_in_force(live, key)
        return last if last.until is not None and last.until > now else None
    return last


def holding_words(decision: Decision | None, tz, now: datetime) -> str:
    """What an undo leaves in force, in words for the terminal and the desk: "an earlier snooze still
    holds it back, until Mon 30 Nov 10:00", "it is still marked done (2026-11-28)"; "it is planned
    again" when nothing holds it back (`holding`)."""
    if decision is None:
        return "it is planned again"
    if decision.kind == DecisionKind.SNOOZE:
        return f"an earlier snooze still holds it back, until {snooze_said(decision.until, tz, now)}"
    what = "marked done" if decision.kind == DecisionKind.DONE else "skipped"
    return f"it is still {what} ({decision.at.astimezone(_zone_of(tz)):%Y-%m-%d}), by an earlier decision"


def _zone_of(tz):
    from afterview.domain.values import zone

    return zone(tz) if isinstance(tz, str) else tz


def undo_decision(tx, key: str, now: datetime | None = None, *, expected: int | None = None) -> Undone:
    """`undo`, saying what it did besides (`Undone`)."""
    now = _need(now)
    key = typed_key(key)
    decisions = sorted((d for d in tx.list(Decision, action_key=key) if d.undone_at is None),
                       key=lambda d: (d.at, d.id or 0))
    if expected is not None and not any(d.id == expected for d in decisions):
        raise Conflict("that decision is already undone; nothing changed")
    if expected is not None and decisions[-1].id != expected:
        raise Conflict("a later decision about it was made since this page was shown; nothing changed "
                       "(reload the page to undo that one)")
    if not decisions:
        check_key(tx.facts(), key)  # a malformed key (thank_you:i1) is said to be one, as `done` says it
        raise NotFound(f"nothing to undo for {key!r}: no done, snooze or skip in force was recorded for it")
    last = decisions[-1]
    last.undone_at = now
    tx.update(last)
    still = holding(decisions[:-1], key, now)
    if last.kind != DecisionKind.DONE:
        return Undone(last, _forget_held_back(tx, key, last), still=still)
    from afterview.domain.model import ConnectionState, Message, MessageState, Opportunity, Person
    from afterview.services.pipeline import loop_reopened

    ids = parse_key(key)[1]
    # (either may have been deleted since the decision: then nothing of it to take back)
    opportunity = next(iter(tx.list(Opportunity, id=ids["o"])), None) if ids.get("o") is not None else None
    before = opportunity.status.value if opportunity is not None else None
    marked = [m.id for m in tx.list(Message, action_key=key, state=MessageState.DONE_ELSEWHERE)
              if m.updated_at == last.at]
    person = next(iter(tx.list(Person, id=ids["p"])), None) if key.startswith("linkedin_note:") else None
    requested = person is not None and person.connection == ConnectionState.REQUESTED
    loop_reopened(tx, key)
    _copies(tx, key, last.at, sent=False)
    _requested(tx, key, last.at, done=False)
    gone = _forget_held_back(tx, key, last)
    now_in = {m.id: m.state for m in tx.list(Message, id=marked)} if marked else {}
    after = tx.get(Opportunity, opportunity.id).status.value if opportunity is not None else None
    return Undone(last, gone,
                  tuple(i for i in marked if now_in.get(i) == MessageState.DRAFTED and i not in gone),
                  tuple(i for i in marked if now_in.get(i) == MessageState.FAILED),
                  (before, after) if before != after else None,
                  requested and tx.get(Person, person.id).connection != ConnectionState.REQUESTED, still)


# How the outbox's hold-back note begins for a draft held back by a decision (services.delivery;
# a snooze holds back a note set to go out before it ends: delivery.SNOOZED_IT)
_HELD_BY = {DecisionKind.DONE: "not sent: you marked it done", DecisionKind.SKIP: "not sent: you skipped it",
            DecisionKind.SNOOZE: "not sent: you snoozed it until "}


def _forget_held_back(tx, key: str, decision: Decision) -> tuple[int, ...]:
    """The decision taken back: a draft the outbox held back because of it no longer says so (its
    last error would blame a decision that is gone). Returns their ids: notes approved or
    scheduled before the decision, whose approval went with it and does not come back."""
    from afterview.domain.model import Message, MessageState

    said = _HELD_BY.get(decision.kind)
    if said is None:
        return ()
    cleared = []
    for message in tx.list(Message, action_key=key, state=MessageState.DRAFTED):
        if message.last_error.startswith(said):
            message.last_error = ""
            tx.update(message)
            cleared.append(message.id)
    return tuple(cleared)


def _need(now: datetime | None) -> datetime:
    if now is None or now.tzinfo is None:
        raise ValueError("a service needs an aware `now`")  # a programming error
    return now


@dataclass(frozen=True)
class Shaping:
    """A rule that shaped an action's timing besides its own: what it did, and its source."""

    rule: str
    title: str
    effect: str  # what it did to this action, in a few words
    source: str
    heuristic: bool = False  # no data behind it, only practice: said so


@dataclass(frozen=True)
class OnItsWay:
    """The message already made for a planned action: which one, and how far it got."""

    id: int
    state: str  # drafted | approved | scheduled | sending | failed
    subject: str = ""
    scheduled_at: datetime | None = None  # scheduled: when it goes out
    error: str = ""  # the error it is being retried after, if any


@dataclass(frozen=True)
class Explanation:
    """Why an action is due, or what became of it."""

    key: str
    action: object | None  # the planned Action, when it is still planned
    # "planned" (no message made yet), the state of the message made for it ("drafted",
    # "approved", "scheduled", "sending", "failed"; "may have arrived" for a failed send cut off
    # after the server may have taken it: `_arrived_maybe`), or "done" | "sent" | "skipped" | "not planned"
    status: str
    detail: str  # one line for the user
    rule_title: str = ""
    source: str = ""
    heuristic: bool = False  # the action's own rule has no data behind it
    zone: str = ""  # the recipient's time zone, in which the action's times are given
    shaped_by: tuple[Shaping, ...] = ()  # the other rules that shaped its timing
    message: OnItsWay | None = None
    # planned only because a reply not confirmed yet reads as a rejection: that, with the commands
    # that settle it (services.replies_waiting.resting_words, as `today` and the desk say it)
    rests_on: str = ""


def why(facts: Facts, playbook, key: str, now: datetime, tz: str = "") -> tuple[Explanation, list]:
    """`explain` for one action, planning only the part of the pipeline around its person and
    opportunity (`planner.around`); with the plan it used. A key that part does not plan is
    explained from the whole plan (what became of it may turn on any action)."""
    from afterview.planner import plan
    from afterview.planner.around import plan_around

    key = typed_key(key)
    people, opps = _ids_of_key(facts, key)
    if people or opps:
        actions = plan_around(facts, playbook, now, person_ids=people, opportunity_ids=opps)
        if find_action(actions, key) is not None:
            return explain(facts, playbook, key, now, tz, actions), actions
    actions = plan(facts, playbook, now)
    return explain(facts, playbook, key, now, tz, actions), actions


def _resting(facts: Facts, action) -> str:
    """What a planned action resting on a reply not confirmed yet says of it ("" for any other)."""
    if action.rests_on is None:
        return ""
    from afterview.services.replies_waiting import rested_on, resting_words

    reply = rested_on(facts, action)
    return resting_words(facts, reply) if reply is not None else ""


def _ids_of_key(facts: Facts, key: str) -> tuple[set[int], set[int]]:
    """The person and the opportunity an action key names (that of its interview, if it names one)."""
    parsed = parse_key(key)
    ids = parsed[1] if parsed else {}
    opp = ids.get("o")
    interview = facts.interviews.get(ids.get("i"))
    if opp is None and interview is not None:
        opp = interview.opportunity_id
    return ({ids["p"]} if "p" in ids else set()), ({opp} if opp is not None else set())


def timeline_entries(facts: Facts, playbook, now: datetime, *, opportunity_id: int | None = None,
                     person_id: int | None = None) -> list:
    """The timeline of one opportunity or person, with the actions the planner has for them
    (`services.overview.planned_entries`), planning only the part of the pipeline around them
    (`planner.around`)."""
    from afterview.domain.timeline import timeline
    from afterview.planner.around import plan_around
    from afterview.services.overview import planned_entries

    actions = plan_around(facts, playbook, now, person_ids=[person_id] if person_id is not None else (),
                          opportunity_ids=[opportunity_id] if opportunity_id is not None else ())
    return timeline(facts, opportunity_id=opportunity_id, person_id=person_id,
                    planned=planned_entries(actions, facts))


def explain(facts: Facts, playbook, key: str, now: datetime, tz: str = "", actions: list | None = None) -> Explanation:
    """The reason, rule and source of a planned action, or what happened to it (times of what
    happened in `tz`, the user's zone: the profile's when not given; `actions`: the plan of
    `facts` at `now`, when made already)."""
    from afterview.planner import plan
    from afterview.planner.facts import Index
    from afterview.planner.playbook import HEURISTIC_RULES

    key = typed_key(key)  # "thank_you:i1:p1 " is the action thank_you:i1:p1, as for done or skip
    actions = actions if actions is not None else plan(facts, playbook, now)
    action = find_action(actions, key)
    if action is not None:
        rule = playbook[action.rule]
        message = _on_its_way(facts, action.message_id)
        status = ("planned" if message is None else MAY_HAVE_ARRIVED if _arrived_maybe(facts, message)
                  else message.state)
        return Explanation(key, action, status, action.reason, rule.title,
                           action.source, action.rule in HEURISTIC_RULES, getattr(action.due.tzinfo, "key", ""),
                           shaped_by(facts, playbook, action), message, _resting(facts, action))
    try:
        check_key(facts, key)
    except NotFound:
        # a key the records knew (a message or a decision names it) whose interview or
        # opportunity was deleted since: said so below; any other is unknown
        if not _known_key(facts, key):
            raise
    done = Index(facts, "UTC", "").completion(key)
    from afterview.planner.facts import safe_zone

    zone = safe_zone(tz or facts.profile.timezone or "UTC", "UTC")  # said in the user's time, named
    if done is not None:
        label = {"sent": "sent", "done": "done", "skip": "skipped"}[done.how]
        extra = f" ({done.note})" if done.note else ""
        back = "" if done.how == "sent" else f"; afterview undo {key} takes it back"
        return Explanation(key, None, label,
                           f"{label} on {done.at.astimezone(zone):%a %d %b %Y %H:%M} ({zone.key}){extra}{back}")
    from afterview.planner.engine import open_again_cause, unconfirmed_rejection_cause, withdrawal_cause
    from afterview.services.delivery import stop_cause

    parsed = parse_key(key)
    cause = (_record_cause(facts, key, zone) or _decision_cause(facts, playbook, key, zone, actions)
             or unconfirmed_rejection_cause(facts, playbook, key, now, zone)
             or (withdrawal_cause(facts, parsed[1].get("o"), zone) if parsed and parsed[0] == "withdrawal" else "")
             or open_again_cause(facts, key, zone)
             or _off_round(facts, key, actions) or stop_cause(facts, key) or _linkedin_cause(facts, key, tz)
             or _keep_warm_cause(facts, playbook, key, now, tz)
             or _step_cause(facts, playbook, key, now, zone, actions))
    if cause:  # what a record says plainly: "Hana Ito replied on Tue 8 Dec"
        return Explanation(key, None, "not planned", f"not planned now: {cause}")
    also = ""
    if key.startswith("linkedin_note:"):
        from afterview.planner.playbook import format_value

        life = format_value(playbook["linkedin_connection"]["expires_after"]).strip('"')
        also = f"; a connection request not sent also leaves the plan {life} after the moment it fitted"
    return Explanation(key, None, "not planned",
                       f"not planned now: no record stops it (a reply, a decision, do-not-contact); it has no "
                       f"reason yet{also}")


def _off_round(facts: Facts, key: str, actions: list) -> str:
    """A follow-up of a round to someone not on its panel, whose follow-ups go to someone else
    (the round has nobody on it, a take-home: they go to someone of a round before it): that,
    rather than that the person is not on its panel ("" otherwise)."""
    parsed = parse_key(key)
    if parsed is None or parsed[0] not in _FOLLOW_UPS:
        return ""
    ids = parsed[1]
    interview = facts.interviews.get(ids.get("i"))
    opp = facts.opportunities.get(ids.get("o"))
    if interview is None or opp is None or any(p.person_id == ids.get("p") for p in interview.participants):
        return ""
    return _round_contact(facts, actions, opp, interview, ids["p"])


def _known_key(facts: Facts, key: str) -> bool:
    return (any(m.action_key == key for m in facts.messages)
            or any(d.action_key == key for d in facts.decisions))


def _when(moment: datetime, zone) -> str:
    """"Sat 28 Nov" in the user's zone (the year when it is not the current one is not needed:
    the records are recent)."""
    from afterview.domain.days import short_day

    return short_day(moment.astimezone(zone).date())


def _record_cause(facts: Facts, key: str, zone) -> str:
    """A cancelled interview or do-not-contact (marked, or asked in a reply: said on its day in
    `zone`), with the command that takes it back ("" for anything else)."""
    parsed = parse_key(key)
    ids = parsed[1] if parsed else {}
    interview = facts.interviews.get(ids.get("i"))
    if interview is not None and interview.cancelled:
        return (f"interview {interview.id} is cancelled (afterview interview edit {interview.id} --not-cancelled "
                "takes it back)")
    from afterview.planner.facts import no_contact_cause

    return no_contact_cause(facts, facts.people.get(ids.get("p")), zone)


# What a decision on a process stops (the kinds of action the planner no longer plans for it)
_FOLLOW_UPS = frozenset({"status_check", "closing_the_loop"})
_STOPPED_BY = {
    "rejected": _FOLLOW_UPS | {"thank_you", "withdrawal"},
    "withdrawn": _FOLLOW_UPS | {"thank_you", "rejection_reply", "withdrawal"},
    "no-response": _FOLLOW_UPS | {"thank_you", "rejection_reply", "withdrawal"},
    "accepted": _FOLLOW_UPS | {"thank_you", "rejection_reply", "withdrawal", "keep_warm"},
    "offer": _FOLLOW_UPS | {"rejection_reply"},
}


def _home_zone(facts: Facts, playbook):
    """The zone the planner counts the user's days in (see planner.facts.in_force)."""
    from afterview.planner.facts import safe_zone
    from afterview.planner.playbook import fallback_place

    return safe_zone(fallback_place(playbook, facts.profile)[0], "UTC")


def _decision_cause(facts: Facts, playbook, key: str, zone, actions: list) -> str:
    """The decision that stops an action of a process: its own status (rejected on a day,
    withdrawn, an offer, closed with no response, accepted), or another offer you accepted;
    with the command that takes it back. "" when no decision stops this kind of action."""
    from afterview.domain.model import OpportunityStatus
    from afterview.planner.facts import in_force

    parsed = parse_key(key)
    if parsed is None:
        return ""
    kind, ids = parsed
    opp_id = ids.get("o")
    if opp_id is None and ids.get("i") in facts.interviews:
        opp_id = facts.interviews[ids["i"]].opportunity_id
    opp = facts.opportunities.get(opp_id)
    if opp is None:
        return ""
    home = _home_zone(facts, playbook)
    changes = in_force(opp.history, home).changes
    named = f"{opp.role}{_at_company(facts, opp)} (opportunity {opp.id})"
    status = opp.status
    if kind in _STOPPED_BY.get(status.value, ()):
        start = len(changes)
        while start and changes[start - 1].status == status:
            start -= 1
        on = f" on {_when(changes[start].at, zone)}" if start < len(changes) else ""
        before = changes[start - 1].status if 0 < start < len(changes) else OpportunityStatus.INTERVIEWING
        back = f"afterview opportunity status {opp.id} {before.value}"
        ending = _ending_undone(facts, opp, changes[start:])
        if ending:
            back = f"afterview undo {ending}"
        stops = {"thank_you": "thank-you notes", "status_check": "status follow-ups",
                 "closing_the_loop": "status follow-ups", "rejection_reply": "a reply to a rejection",
                 "withdrawal": "a note withdrawing from it", "keep_warm": "keep-in-touch touches"}[kind]
        said = {
            OpportunityStatus.REJECTED: f"{named} was rejected{on}: a rejection stops {stops}",
            OpportunityStatus.WITHDRAWN: f"you withdrew from {named}{on}: that stops {stops}",
            OpportunityStatus.NO_RESPONSE: f"{named} counts as no response{on} (the loop is closed): that stops {stops}",
            OpportunityStatus.ACCEPTED: f"you accepted the offer for {named}{on}: that stops {stops}",
            OpportunityStatus.OFFER: f"they made you an offer for {named}{on}: while it stands, that stops {stops}",
        }[status]
        return f"{said}; recorded by mistake? {back} takes it back"
    accepted = _accepted_elsewhere(facts, playbook, opp, home)
    if accepted is not None and kind in ("thank_you", "status_check", "closing_the_loop"):
        other, at = accepted
        note = next((a.key for a in actions if a.kind == "withdrawal" and a.opportunity_id == opp.id), None)
        instead = f" ({note})" if note else ""
        return (f"you accepted the offer for {other.role}{_at_company(facts, other)} (opportunity {other.id}) on "
                f"{_when(at, zone)}: of {named} only a note withdrawing from it is planned{instead}; accepted by "
                f"mistake? afterview opportunity status {other.id} offer takes it back")
    return ""


def _at_company(facts: Facts, opp) -> str:
    company = facts.companies.get(opp.company_id)
    return f" at {company.name}" if company else ""


def _ending_undone(facts: Facts, opp, run) -> str:
    """The key of the action whose Done set the status of `run` (closing the loop, a withdrawal
    note), when a Done in force recorded it: undoing it takes the status back too."""
    from afterview.services.pipeline import ENDINGS

    for change in run:
        for kind, (status, note) in ENDINGS.items():
            if change.status == status and change.note == note:
                prefix = f"{kind}:o{opp.id}:"
                found = [d for d in facts.decisions if d.undone_at is None and d.kind == DecisionKind.DONE
                         and d.action_key.startswith(prefix)]
                if found:
                    return max(found, key=lambda d: (d.at, d.id or 0)).action_key
    return ""


def _accepted_elsewhere(facts: Facts, playbook, opp, home):
    """The offer you accepted that makes this process one to withdraw from (as the planner's
    `acceptance` reads it), and when; None when there is none."""
    from afterview.domain.model import IN_PROCESS_STATUSES, OpportunityStatus

    if opp.status not in IN_PROCESS_STATUSES | {OpportunityStatus.OFFER}:
        return None
    accepted = _first_acceptance(facts, playbook, home)
    return accepted if accepted is not None and _open_at(opp, accepted) else None


def _open_at(opp, accepted) -> bool:
    """Whether a process still open began by the time of the acceptance (`_first_acceptance`),
    so that accepting it withdraws from it: the planner's rule."""
    from afterview.domain.model import IN_PROCESS_STATUSES, OpportunityStatus
    from afterview.planner.engine import process_began

    return (opp is not accepted[0] and opp.status in IN_PROCESS_STATUSES | {OpportunityStatus.OFFER}
            and process_began(opp) <= accepted[1])


def _first_acceptance(facts: Facts, playbook, home):
    """The offer you accepted first and when (the planner's `acceptance`), while the rule that
    withdraws from the other processes is on; None otherwise."""
    from afterview.domain.model import OpportunityStatus
    from afterview.planner.engine import process_began
    from afterview.planner.facts import in_force

    if not playbook["withdraw_after_acceptance"]["enabled"]:
        return None
    found = []
    for other in facts.opportunities.values():
        if other.status == OpportunityStatus.ACCEPTED:
            times = [c.at for c in in_force(other.history, home).changes if c.status == OpportunityStatus.ACCEPTED]
            found.append((min(times) if times else process_began(other), other.id or 0, other))
    if not found:
        return None
    at, _, other = min(found, key=lambda f: (f[0], f[1]))
    return other, at


def people_of(facts: Facts, opp, interviews=None) -> list[int]:
    """Who may hear of a process: whoever told you of its news (latest first), then its panels'
    people (latest round first). `interviews`: the process's, when the caller has them at hand."""
    told = [c.person_id for c in reversed(opp.history) if c.person_id is not None]
    if interviews is None:
        interviews = [i for i in facts.interviews.values() if i.opportunity_id == opp.id]
    rounds = sorted((i for i in interviews if not i.cancelled), key=lambda i: (i.end, i.id or 0), reverse=True)
    return list(dict.fromkeys(told + [p.person_id for i in rounds for p in i.participants]))


def reachable(facts: Facts, opp, interviews=None) -> list:
    """The people of a process a note may be written to (an address, not marked do not contact)."""
    return [p for p in (facts.people.get(i) for i in people_of(facts, opp, interviews))
            if p is not None and p.emails and not p.do_not_contact]


@dataclass(frozen=True)
class LeftToTell:
    """A process an accepted offer leaves open with no note to tell them (see `left_to_tell`)."""

    opportunity: object  # the process still open
    accepted: object  # the offer you accepted
    at: datetime  # when
    why: str = "with no one to write to"  # or that you skipped its note (and your reason)
    skipped: bool = False  # its note skipped: they may know already

    @property
    def then(self) -> str:
        """What to do before closing it, in words for either interface."""
        return "once they know, close it" if self.skipped else "tell them yourself, then close it"


def left_to_tell(facts: Facts, playbook) -> list[LeftToTell]:
    """The processes still open that an accepted offer leaves with no one to write to: no
    withdrawal note can be planned (nobody of theirs has an address you may write to), so you
    tell them yourself and close them (`afterview outcome ID withdrawn`). `outcome ... accepted`
    names them once; `today` and the desk's Today until they are closed. So are those whose
    withdrawal note you skipped (told by phone, or not to be told): a skipped note closes
    nothing, so they stay open until you close them. By opportunity."""
    home = _home_zone(facts, playbook)
    accepted = _first_acceptance(facts, playbook, home)
    if accepted is None:
        return []
    from afterview.planner.facts import chapter, in_force, withdrawal_key

    skipped = {d.action_key: d for d in facts.decisions
               if d.kind == DecisionKind.SKIP and d.undone_at is None and d.action_key.startswith("withdrawal")}
    rounds: dict[int, list] = {}  # opportunity -> its interviews, read once for every process
    for interview in facts.interviews.values():
        rounds.setdefault(interview.opportunity_id, []).append(interview)
    found = []
    for opp in sorted(facts.opportunities.values(), key=lambda o: o.id or 0):
        if not _open_at(opp, accepted):  # (the acceptance found once, not once a process)
            continue
        people = reachable(facts, opp, rounds.get(opp.id, []))
        if not people:
            found.append(LeftToTell(opp, *accepted))
            continue
        number = chapter(in_force(opp.history, home).changes)
        skip = next((skipped[k] for k in (withdrawal_key(opp.id, p.id, number) for p in people) if k in skipped), None)
        if skip is not None:
            reason = f" ({skip.note})" if skip.note else ""
            found.append(LeftToTell(opp, *accepted, why=f"and you skipped the note withdrawing from it{reason}",
                                    skipped=True))
    return found


def left_to_tell_words(item: LeftToTell, facts: Facts, when) -> str:
    """"Data Engineer at Hooli (opportunity 5, applied) is still open since you accepted Platform
    Engineer at Acme (Mon 30 Nov), with no one to write to" (or "and you skipped the note
    withdrawing from it (told Gina by phone)"; each interface then says how to close it); `when(moment)` says a moment in the reader's words."""
    def title(opp) -> str:
        company = facts.companies.get(opp.company_id)
        return f"{opp.role}{f' at {company.name}' if company else ''}"

    opp = item.opportunity
    return (f"{title(opp)} (opportunity {opp.id}, {opp.status.value}) is still open since you accepted "
            f"{title(item.accepted)} ({when(item.at)}), {item.why}")


def _step_cause(facts: Facts, playbook, key: str, now: datetime, zone, actions: list) -> str:
    """Why an action of a process still open is not planned, by the planner's own rules: a later
    round or interview takes its place, another person gets it, an earlier step is still to go
    or was skipped, a round thanked no more after a reopening, or no reason yet ("" when none
    of these)."""
    from afterview.planner.facts import in_force

    parsed = parse_key(key)
    if parsed is None:
        return ""
    kind, ids = parsed
    person = facts.people.get(ids.get("p"))
    name = person.name if person else "them"
    interview = facts.interviews.get(ids.get("i"))
    opp = facts.opportunities.get(ids.get("o") if "o" in ids else interview.opportunity_id if interview else None)
    if opp is None:
        return ""
    named = f"{opp.role}{_at_company(facts, opp)}"

    def planned(prefix: str, **match) -> str:
        found = next((a for a in actions if a.key.startswith(prefix) and a.opportunity_id == opp.id
                      and all(getattr(a, k) == v for k, v in match.items())), None)
        return f" ({found.key}, afterview why {found.key})" if found else ""

    rounds = sorted((i for i in facts.interviews.values() if i.opportunity_id == opp.id and not i.cancelled),
                    key=lambda i: (i.end, i.id or 0))
    if kind == "thank_you" and interview is not None:
        role = next((p.role for p in interview.participants if p.person_id == ids["p"]), None)
        if role is not None and role not in playbook["thank_you"]["roles"]:
            return f"{name}'s role on that panel ({role.value}) is not in thank_you.roles"
        later = [i for i in rounds if i.end > interview.end and i.end <= now
                 and any(p.person_id == ids["p"] for p in i.participants)]
        if later:
            return (f"a later interview with {name} (interview {later[-1].id} of {_when(later[-1].start, zone)}) "
                    f"takes its place: thank_you:i{later[-1].id}:p{ids['p']}")
        home = _home_zone(facts, playbook)
        history = in_force(opp.history, home)
        late = playbook["thank_you"]["late_after"]
        from afterview.domain.days import plus

        if history.reopened is not None and interview.end < history.reopened >= plus(interview.end, late, home):
            from afterview.planner.playbook import format_value

            return (f"{named} was opened again on {_when(history.reopened, zone)}, after a decision that stood "
                    f"past its day, when this note was late already (thank_you.late_after: "
                    f"{format_value(late).strip(chr(34))}): a round before a reopening is thanked only when "
                    f"its note was not late yet")
    if kind in _FOLLOW_UPS and interview is not None:
        if rounds and rounds[-1].id != interview.id:
            last = rounds[-1]
            return (f"the status follow-ups of {named} are about its latest round, interview {last.id} of "
                    f"{_when(last.start, zone)}{planned('status_check') or planned('closing_the_loop')}")
        from afterview.planner.facts import Index

        index = Index(facts, "UTC", "")
        steps = [f"status_check.1:o{opp.id}:i{interview.id}:p{ids['p']}",
                 f"status_check.2:o{opp.id}:i{interview.id}:p{ids['p']}", key]
        step = 1 if kind == "status_check" and ids.get("n") == 2 else 2 if kind == "closing_the_loop" else 0
        rule = {1: "second_status_check", 2: "close_the_loop"}.get(step)
        if rule is not None and not playbook[rule]["enabled"]:
            return f"{rule} is off in your playbook"
        other = _round_contact(facts, actions, opp, interview, ids["p"])
        if other:
            return other
        for earlier in steps[:step]:
            done = index.completion(earlier)
            if done is None:
                return f"it comes after {earlier}, which is not sent or marked done yet"
            if done.how == "skip":
                return f"you skipped {earlier}, which ends the sequence (afterview undo {earlier} takes it back)"
    if kind == "rejection_reply":
        other = next((a for a in actions if a.key.startswith(f"rejection_reply:o{opp.id}:")), None)
        if other is not None:
            who = facts.people.get(other.person_id)
            return (f"the reply to the rejection goes to {who.name if who else 'someone else'} "
                    f"({other.key}, afterview why {other.key})")
        if opp.status.value != "rejected":
            return (f"no rejection is recorded for {named}: nothing to reply to yet (afterview outcome {opp.id} "
                    "rejected records one)")
    if kind == "withdrawal":
        return ("no reason yet: a note withdrawing from a process is planned once you accept another offer "
                "(afterview outcome ID accepted)")
    return ""


def _round_contact(facts: Facts, actions: list, opp, interview, person_id: int) -> str:
    """'the status follow-ups of this round go to Dana Reyes (...)', with why not to the person
    asked about when the choice passed them over (no email address, moved to another company:
    planner.facts.process_contact); "" when nobody else gets them."""
    from afterview.planner.facts import moved_on

    other = next((a for a in actions if a.kind.value in _FOLLOW_UPS and a.interview_id == interview.id
                  and a.person_id != person_id), None)
    if other is None:
        return ""
    who = facts.people.get(other.person_id)
    text = (f"the status follow-ups of this round go to {who.name if who else 'someone else'} "
            f"({other.key}, afterview why {other.key})")
    asked = facts.people.get(person_id)
    roles = [p.role for i in facts.interviews.values() if i.opportunity_id == opp.id and not i.cancelled
             for p in i.participants if p.person_id == person_id]
    if asked is not None and roles and who is not None:
        if all(moved_on(asked, role, opp.company_id) for role in roles):
            company = facts.companies.get(asked.company_id)
            text += f": {asked.name} works at {company.name if company else 'another company'} now"
        elif not asked.emails and who.emails:
            text += f": {asked.name} has no email address"
    return text


def _linkedin_cause(facts: Facts, key: str, tz: str) -> str:
    """Why a LinkedIn request is not planned, when its person says it: connected, a request
    recorded, or a name that is a team's, not a person's ("" otherwise)."""
    if not key.startswith("linkedin_note:"):
        return ""
    from afterview.domain.model import ConnectionState
    from afterview.planner.facts import safe_zone

    parsed = parse_key(key)
    person = facts.people.get((parsed[1] if parsed else {}).get("p"))
    if person is None:
        return ""
    zone = safe_zone(tz or facts.profile.timezone or "UTC", "UTC")
    if person.connection == ConnectionState.CONNECTED:
        since = f" since {person.connected_at.astimezone(zone):%d %b %Y}" if person.connected_at else ""
        return f"you are connected with {person.name} on LinkedIn{since}"
    if person.connection == ConnectionState.REQUESTED:
        when = (f" on {person.connection_requested_at.astimezone(zone):%d %b %Y}"
                if person.connection_requested_at else "")
        return f"a connection request to {person.name} is recorded{when}"
    from afterview.planner.facts import team_linkedin_cause

    return team_linkedin_cause(facts, person) or _closed_loop_cause(facts, person, zone)


def _closed_loop_cause(facts: Facts, person, zone) -> str:
    """A request to someone whose processes with you all ended without a decision of theirs (no
    response: the loop closed; or you withdrew): a request goes after their decision, or early
    while a process is open, and neither is left ("" when another process of theirs is open or
    decided, or none ended so)."""
    from afterview.domain.model import OpportunityStatus

    ended = (OpportunityStatus.NO_RESPONSE, OpportunityStatus.WITHDRAWN)
    theirs = {i.opportunity_id for i in facts.interviews.values()
              if any(p.person_id == person.id for p in i.participants)}
    opps = [facts.opportunities[o] for o in sorted(theirs) if o in facts.opportunities]
    if not opps or any(o.status not in ended for o in opps):
        return ""
    opp = max(opps, key=lambda o: (max((c.at.timestamp() for c in o.history), default=0.0), o.id or 0))
    on = [c.at for c in opp.history if c.status == opp.status]
    day = f" on {_when(max(on), zone)}" if on else ""
    named = f"{opp.role}{_at_company(facts, opp)} (opportunity {opp.id})"
    said = (f"{named} counts as no response{day} (the loop is closed)" if opp.status == OpportunityStatus.NO_RESPONSE
            else f"you withdrew from {named}{day}")
    return (f"{said}: a request to {person.name} goes early only while a process is open, or after their "
            f"decision, and neither is left; afterview opportunity status {opp.id} interviewing reopens it")


def _keep_warm_cause(facts: Facts, playbook, key: str, now: datetime, tz: str) -> str:
    """Why a keep-in-touch touch is not planned, by the planner's own rules ("" for another key,
    or a touch of a person it plans none for): a move (their out-of-office reply, your snooze)
    took it to a day its news is stale, or past the end of its year; the year of touches after
    the close ended (keep_warm.stop_after); another touch comes first; else no fresh reason yet,
    or its time falls after that year."""
    if not key.startswith("keep_warm."):
        return ""
    from afterview.planner.engine import POSTPONED_OUT_OF_OFFICE, trace_keep_warm
    from afterview.planner.facts import safe_zone

    parsed = parse_key(key)
    ids = parsed[1] if parsed else {}
    person = facts.people.get(ids.get("p"))
    if person is None or ids.get("o") not in facts.opportunities:
        return ""

    traced = trace_keep_warm(facts, playbook, now)
    actions = traced.actions
    zone = safe_zone(tz or facts.profile.timezone or "UTC", "UTC")

    def day(moment) -> str:
        local = moment.astimezone(zone)
        return f"{local:%a} {local.day} {local:%b %Y}"

    max_age, stop_after = _days(playbook["share_news"]["max_age"]), _days(playbook["keep_warm"]["stop_after"])
    kept = next((a for a in traced.dropped if a.key == key), None)
    if kept is not None:  # planned but for a move, which left it without its reason
        notes = kept.note.split("; ") if kept.note else []
        away = next((n for n in notes if n.startswith(POSTPONED_OUT_OF_OFFICE)), None)
        snoozed = next((n for n in notes if n.startswith("snoozed until")), None)
        by = (f"{person.name}'s out-of-office reply ({away})" if away is not None
              else f"your snooze ({snoozed})" if snoozed is not None else "a move")
        moved = f"{by} moves it to {day(kept.earliest)}"
        news = next((n for n in facts.news if n.id == kept.news_id), None)
        if kept.latest is not None and kept.earliest > kept.latest:
            return (f"{moved}, past the end of its year of touches, {day(kept.latest)} "
                    f"(keep_warm.stop_after: {stop_after})")
        if news is not None:
            return (f"{moved}, when its reason, '{news.title}' ({news.happened_on:%d %b %Y}), is no longer news "
                    f"(share_news.max_age: {max_age})")
    closed = traced.closed.get(person.id)
    if closed is None or closed[1] != ids["o"]:
        return ""
    still = traced.still_open.get(person.id)
    if still is not None:
        which = (f"opportunity {still} ({facts.opportunities[still].role})" if still in facts.opportunities
                 else "other processes")
        return (f"{person.name} is still in {which} with you, which is not closed: keep-in-touch comes after "
                "it closes")
    stop = closed[0] + playbook["keep_warm"]["stop_after"]
    year = f"the year of keep-in-touch touches after the process closed on {day(closed[0])}"
    if now > stop:
        return f"{year} ended on {day(stop)} (keep_warm.stop_after: {stop_after}): no touch after it"
    other = next((a.key for a in actions if a.person_id == person.id and a.key.startswith("keep_warm.")), None)
    if other is not None:
        return f"the next touch to {person.name} is {other} (afterview why {other})"
    from afterview.planner.facts import works_elsewhere

    # the rule that left it without a reason, as the planner found it (both when it did not say)
    about = f"what {person.name} cares about"
    moved = works_elsewhere(facts, person, facts.opportunities[ids["o"]])
    if moved:  # news about the process's company is no longer about theirs: the real cause
        company = facts.companies.get(person.company_id)
        about = f"{company.name if company else 'their company'} or {about}"
    news = f"no news of yours, at most {max_age} old (share_news.max_age), about {about}"
    late = f"its time comes after {year} ends on {day(stop)} (keep_warm.stop_after: {stop_after})"
    cause = traced.no_touch.get(person.id)
    said = late if cause == "after_year" else news if cause == "no_news" else f"{news}; or {late}"
    return f"{moved + ': ' if moved else ''}no reason to write yet: {said}"


def _days(span: timedelta) -> str:
    """A playbook's duration in words: "365 days" (as given when not whole days)."""
    if span % timedelta(days=1):
        from afterview.planner.playbook import format_value

        return format_value(span).strip('"')
    return f"{span.days} day{'' if span.days == 1 else 's'}"


MAY_HAVE_ARRIVED = "may have arrived"  # the status of an action whose send's outcome is unknown


def _arrived_maybe(facts: Facts, message: OnItsWay) -> bool:
    """Whether the action's failed send was cut off after the server may have taken it
    (`outbox.outcome_unknown`): it may have arrived, never said failed, as `today` and `show` say."""
    if message.state != "failed":
        return False
    from afterview.delivery.outbox import outcome_unknown

    stored = next((m for m in facts.messages if m.id == message.id), None)
    return stored is not None and outcome_unknown(stored)


def _on_its_way(facts: Facts, message_id: int | None) -> OnItsWay | None:
    if message_id is None:
        return None
    message = next((m for m in facts.messages if m.id == message_id), None)
    if message is None:
        return OnItsWay(message_id, "drafted")
    error = ""
    if message.attempts and message.state.value in ("approved", "scheduled"):
        from afterview.services.delivery import retry_error

        error = retry_error(message) or ""
    scheduled = message.scheduled_at if message.state.value in ("scheduled", "sending") else None
    return OnItsWay(message_id, message.state.value, message.subject, scheduled, error)


_STATUS_KINDS = ("status_check", "closing_the_loop")


def shaped_by(facts: Facts, playbook, action, *, debriefs=None) -> tuple[Shaping, ...]:
    """The rules besides its own that shaped an action's timing: the send window and the slow
    pace of status messages, spacing, an out-of-office reply, the LinkedIn cap, and the
    recipient's public holidays, each with its source (heuristics marked as such)."""
    from afterview.domain.model import Pace
    from afterview.planner.engine import POSTPONED_OUT_OF_OFFICE
    from afterview.planner.playbook import HEURISTIC_RULES

    found: list[Shaping] = []

    def add(rule: str, effect: str, title: str = "") -> None:
        if rule != action.rule:
            r = playbook[rule]
            found.append(Shaping(rule, title or r.title, effect, r.source, rule in HEURISTIC_RULES))

    kind = action.kind.value
    place = _recipient_place(facts, playbook, action)  # (zone, business days), read once for both below
    if kind in _STATUS_KINDS:
        window = playbook["send_window"]
        days = [d.capitalize() for d in _window_days_of(playbook, place)]
        named = days[0] if len(days) == 1 else f"{', '.join(days[:-1])} or {days[-1]}"
        add("send_window", f"placed in the send window: {named}, {window['start']:%H:%M}-{window['end']:%H:%M} "
                           "their time, on a business day")
        opp = facts.opportunities.get(action.opportunity_id)
        if opp is not None and opp.pace == Pace.SLOW:
            add("slow_pace", f"{opp.role} is marked slow: its business days x{playbook['slow_pace']['factor']:g}, "
                             "rounded up")
    notes = action.note.split("; ") if action.note else []
    if any(n.startswith("moved: keeps") for n in notes):
        add("spacing", f"moved to keep {playbook['spacing']['business_days']} business days from another "
                       "message to the same person")
    if any(n.startswith(POSTPONED_OUT_OF_OFFICE) for n in notes):
        add("out_of_office", "postponed after their out-of-office reply")
    if any(n.startswith("queued: monthly LinkedIn") for n in notes):
        add("linkedin_limits", "queued past the monthly cap of personalised invitations")
    holidays = _holidays_met(facts, playbook, action, place, debriefs)
    if holidays:
        skipped, country = holidays
        from afterview.planner.engine import say_holidays

        one = len(skipped) == 1
        add("calendar", f"{say_holidays(skipped)} in {country}: not counted as "
                        f"{'a business day' if one else 'business days'}, and nothing is due on "
                        f"{'it' if one else 'them'}", "The recipient's business days: weekends and public holidays")
    return tuple(found)


def _postponed(action) -> bool:
    """Whether an out-of-office reply moved the action (its note says so): its timing counts
    from the moment it was moved to."""
    from afterview.planner.engine import POSTPONED_OUT_OF_OFFICE

    return bool(action.note) and any(n.startswith(POSTPONED_OUT_OF_OFFICE) for n in action.note.split("; "))


def _recipient_place(facts: Facts, playbook, action):
    """The action recipient's zone and business days (theirs, else the planner's fallback), or
    None without a recipient: the person's place alone (an index of all the facts, per action
    card, took 0.2 s each)."""
    from afterview.planner.facts import where
    from afterview.planner.playbook import fallback_place

    person = facts.people.get(action.person_id)
    if person is None:
        return None
    zone, country = fallback_place(playbook, facts.profile)
    return where(person, zone or "UTC", country)


def _window_days_of(playbook, place) -> list[str]:
    """The send window's days for the recipient at `place` (`_recipient_place`): the ones
    `[send_window] days` names, else mid-week of the recipient's own working week (Mon-Wed in
    Israel), in the order of that week (planner.playbook.window_days)."""
    from afterview.planner.playbook import WEEKDAYS, window_days

    given = window_days(playbook)
    if given is None and place is not None:
        given = place[1].midweek
    if given is None:
        return list(playbook["send_window"]["days"])
    first = min(set(range(7)) - given, default=0)  # the week read from a day off, so Sun-Thu reads in order
    return [WEEKDAYS[(first + i) % 7] for i in range(7) if (first + i) % 7 in given]


def _holidays_met(facts: Facts, playbook, action, place, debriefs=None):
    """The recipient's public holidays on working weekdays between the moment the action's
    timing counts from and its due day, with the country; None when there are none.

    `debriefs`: the debriefs by interview id, when the caller keeps them (a page of action
    cards); else they are looked for in the facts."""
    from afterview.planner.engine import holidays_between
    from afterview.planner.facts import Index

    if place is None:
        return None
    tz, cal = place
    if not cal.country:
        return None  # weekends only
    due = action.due.astimezone(tz).date()
    start = action.earliest.astimezone(tz).date()  # business days after the start (LinkedIn, keep warm ...)
    interview = facts.interviews.get(action.interview_id) if action.interview_id is not None else None
    kind = action.kind.value
    if kind == "thank_you" and interview is not None and not _postponed(action):
        start = interview.end.astimezone(tz).date()
    elif kind in _STATUS_KINDS and interview is not None:
        if action.sequence == 1:  # from the decision date the panel stated, else the interview
            from afterview.domain.model import stated_decision_dates

            stated = stated_decision_dates(interview, debriefs.get(interview.id, ()) if debriefs is not None
                                           else facts.debriefs)
            start = max(stated) if stated else interview.end.astimezone(tz).date()
        else:  # from the follow-up before it
            ids = action.key.split(":", 1)[1]
            # the closing message counts from the second (from the first when there is none)
            before = ("status_check.1",) if action.sequence == 2 else ("status_check.2", "status_check.1")
            index = Index(facts, "UTC", "")  # the completions (a follow-up's second or third only)
            done = next(filter(None, (index.completion(f"{b}:{ids}") for b in before)), None)
            if done is not None:
                start = done.at.astimezone(tz).date()
    elif kind == "rejection_reply":
        start = (action.earliest - playbook["rejection_reply"]["not_before"]).astimezone(tz).date()
    skipped = holidays_between(start + timedelta(days=1), due + timedelta(days=1), cal)
    return (skipped, cal.country) if skipped else None
