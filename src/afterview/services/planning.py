"""Use cases of the planner: the effective playbook, the plan, and the user's decisions.

Each function takes an open transaction (`tx`) and `now`; the caller opens one transaction per
use case. Decisions (done, snooze, skip) are stored as `Decision` facts that `plan()` reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from pathlib import Path

from afterview.domain.keys import KEY_FORMS
from afterview.domain.model import Decision, DecisionKind, Facts
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
    return load_playbook(file if file.is_file() else None, config=section,
                         config_origin=f"{config.path} [planner]")


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


def agenda(actions: list, now: datetime, days: int) -> list:
    """Overdue and due actions, and those starting within `days` days."""
    if days <= 0:
        raise InvalidInput(f"--days must be a positive number of days, got {days}")
    horizon = now + timedelta(days=days)
    return [a for a in actions if a.state != "upcoming" or a.earliest <= horizon]


def find_action(actions: list, key: str):
    return next((a for a in actions if a.key == key), None)


def check_key(facts: Facts, key: str, actions: list | None = None) -> None:
    """A key in the current plan, or well-formed and about records that exist; NotFound otherwise."""
    if actions is not None and find_action(actions, key) is not None:
        return
    text = key.strip()
    for form in KEY_FORMS.values():
        match = form.match(text)
        if match:
            _check_ids(facts, key, match.groupdict())
            return
    raise NotFound(f"unknown action {key!r} (keys look like thank_you:i12:p5; see 'afterview today')")


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
        if all(p.person_id != person_id for p in interview.participants):
            raise NotFound(f"unknown action {key!r}: {person} (person {person_id}) is not on the "
                           f"panel of interview {interview.id}")
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
    facts = tx.facts()
    actions = current_plan(tx, playbook, now, facts) if playbook is not None else None
    check_key(facts, key, actions)
    _not_settled(facts, key.strip(), kind)
    return tx.add(Decision(action_key=key.strip(), kind=kind, at=now, until=until, note=note.strip()))


def _not_settled(facts: Facts, key: str, kind: DecisionKind) -> None:
    """An action already sent, done or skipped takes no other decision: said, not recorded
    beside the first (a snooze of a note already sent would mean nothing)."""
    from afterview.planner.facts import Index

    done = Index(facts, "UTC", "").completion(key)
    if done is None:
        return
    what = {"sent": "sent", "done": "marked done", "skip": "skipped"}[done.how]
    way = ("" if done.how == "sent" else f": to change that, undo it first (afterview undo {key})")
    raise Conflict(f"{key} is already {what} ({done.at:%Y-%m-%d}){way}")


def mark_done(tx, key: str, note: str = "", now: datetime | None = None, *, playbook=None) -> Decision:
    """Record that an action was handled outside Afterview ("sent from my phone")."""
    from afterview.services.pipeline import loop_closed

    decision = _decide(tx, key, DecisionKind.DONE, _need(now), note=note, playbook=playbook)
    loop_closed(tx, decision.action_key, decision.at)
    _copies(tx, decision.action_key, decision.at, sent=True)
    return decision


def _copies(tx, key: str, at: datetime, *, sent: bool) -> None:
    """A draft of the action that left as a copy (Drafts folder, .eml file, mailto: link), or one
    on a channel Afterview never sends itself (a LinkedIn note, copied by hand), is the one the
    user sent when they mark the action done: it counts as sent by hand. Undone (`sent` False),
    the drafts that Done marked (at its moment) are drafts again."""
    from afterview.domain.model import Channel, Message, MessageState
    from afterview.services.delivery import copied_out

    before, after = ((MessageState.DRAFTED, MessageState.DONE_ELSEWHERE) if sent
                     else (MessageState.DONE_ELSEWHERE, MessageState.DRAFTED))
    for message in tx.list(Message, action_key=key, state=before):
        by_hand = copied_out(message) or message.channel != Channel.EMAIL
        if by_hand and (sent or message.updated_at == at):
            message.state, message.updated_at = after, at
            tx.update(message)


def snooze(tx, key: str, until: datetime, now: datetime | None = None, *, playbook=None) -> Decision:
    """Put an action off: it is not planned before `until`."""
    now = _need(now)
    if until.tzinfo is None:
        raise InvalidInput("the snooze time needs a time zone")
    if until.time() == time(0, 0):  # a day with no time ("next tuesday"): from the working morning
        until = until.replace(hour=9)
    if until <= now:
        raise InvalidInput(f"snooze until {until:%Y-%m-%d %H:%M %Z} is not in the future")
    if until > now + SNOOZE_LIMIT:
        raise InvalidInput(f"snooze until {until:%Y-%m-%d} is more than {SNOOZE_LIMIT.days // 365} years away: "
                           "skip the action instead (afterview skip KEY --reason ...)")
    return _decide(tx, key, DecisionKind.SNOOZE, now, until=until, playbook=playbook)


def skip(tx, key: str, reason: str, now: datetime | None = None, *, playbook=None) -> Decision:
    """Never do an action, with a reason."""
    if not (reason or "").strip():
        raise InvalidInput("say why you skip it: a reason of a few words is kept with the decision")
    return _decide(tx, key, DecisionKind.SKIP, _need(now), note=reason, playbook=playbook)


def undo(tx, key: str) -> Decision:
    """Take back the last decision (done, snooze or skip) on an action: it is planned again.

    A misclicked Done must not make a thank-you silently disappear for good.
    """
    key = key.strip()
    decisions = sorted(tx.list(Decision, action_key=key), key=lambda d: (d.at, d.id or 0))
    if not decisions:
        check_key(tx.facts(), key)  # a malformed key (thank_you:i1) is said to be one, as `done` says it
        raise NotFound(f"nothing to undo for {key!r}: no done, snooze or skip was recorded for it")
    last = decisions[-1]
    tx.delete(Decision, last.id)
    if last.kind == DecisionKind.DONE:
        from afterview.services.pipeline import loop_reopened

        loop_reopened(tx, key)
        _copies(tx, key, last.at, sent=False)
    _forget_held_back(tx, key, last)
    return last


# How the outbox's hold-back note begins for a draft held back by a decision (services.delivery)
_HELD_BY = {DecisionKind.DONE: "not sent: you marked it done", DecisionKind.SKIP: "not sent: you skipped it"}


def _forget_held_back(tx, key: str, decision: Decision) -> None:
    """The decision taken back: a draft the outbox held back because of it no longer says so (its
    last error would blame a decision that is gone)."""
    from afterview.domain.model import Message, MessageState

    said = _HELD_BY.get(decision.kind)
    if said is None:
        return
    for message in tx.list(Message, action_key=key, state=MessageState.DRAFTED):
        if message.last_error.startswith(said):
            message.last_error = ""
            tx.update(message)


def _need(now: datetime | None) -> datetime:
    if now is None or now.tzinfo is None:
        raise ValueError("a service needs an aware `now`")  # a programming error
    return now


@dataclass(frozen=True)
class Explanation:
    """Why an action is due, or what became of it."""

    key: str
    action: object | None  # the planned Action, when it is still planned
    status: str  # "planned" | "done" | "sent" | "skipped" | "not planned"
    detail: str  # one line for the user
    rule_title: str = ""
    source: str = ""


def explain(facts: Facts, playbook, key: str, now: datetime, tz: str = "") -> Explanation:
    """The reason, rule and source of a planned action, or what happened to it (times of what
    happened in `tz`, the user's zone: the profile's when not given)."""
    from afterview.planner import plan
    from afterview.planner.facts import Index

    actions = plan(facts, playbook, now)
    action = find_action(actions, key)
    if action is not None:
        rule = playbook[action.rule]
        return Explanation(key, action, "planned", action.reason, rule.title, action.source)
    check_key(facts, key)
    done = Index(facts, "UTC", "").completion(key)
    if done is not None:
        label = {"sent": "sent", "done": "done", "skip": "skipped"}[done.how]
        extra = f" ({done.note})" if done.note else ""
        from afterview.planner.facts import safe_zone

        zone = safe_zone(tz or facts.profile.timezone or "UTC", "UTC")  # said in the user's time, named
        return Explanation(key, None, label,
                           f"{label} on {done.at.astimezone(zone):%a %d %b %Y %H:%M} ({zone.key}){extra}")
    from afterview.services.delivery import stop_cause

    cause = stop_cause(facts, key)  # what a record says plainly: "Hana Ito replied on Tue 8 Dec"
    if cause:
        return Explanation(key, None, "not planned", f"not planned now: {cause}")
    return Explanation(key, None, "not planned",
                       "not planned now: a stop condition applies (a reply, a decision, a closed "
                       "process, do-not-contact) or it has no reason yet")
