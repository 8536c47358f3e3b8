"""What is said where the user looks of what keeps approved notes or drafts from going: an
account the outbox stopped (services.delivery.Hold) and the drafts held back earlier that no
listing shows any more. One wording for `afterview today`, the desk's Settings and its Today."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Callable, Iterable

# How a hold's recorded error begins (services.delivery._Batch._count): the words before the
# outcome itself, which is what is said as its last error.
_HOLD_PREFIX = re.compile(r"^its (?:last \d+ sends ended the same way|sends ended the same way again and again, "
                          r"and its try after a pause failed too): ")
ERROR_WORDS = 160  # at most this many characters of the last error


@dataclass(frozen=True)
class StoppedAccount:
    """A mail account the outbox stopped (see services.delivery.Hold) and the approved or
    scheduled notes that wait on it. `error`: the outcome its sends ended with, as recorded ("" if
    none was); `until`: the moment from which the next send round tries one of its notes."""

    account: str
    since: datetime
    until: datetime
    error: str
    stops: int
    waiting: tuple[int, ...]  # the ids of the notes approved or scheduled to go through it

    @property
    def last_error(self) -> str:
        """The outcome its last send ended with, in a few words ("" when none was recorded)."""
        from afterview.services.delivery import one_line

        return one_line(_HOLD_PREFIX.sub("", self.error), ERROR_WORDS)

    @property
    def command(self) -> str:
        """The command that checks the account (and, its SMTP check passing, ends the pause)."""
        return f"afterview account test {self.account}"


def stopped_accounts(tx, messages: Iterable, *, names: Iterable[str] = ()) -> list[StoppedAccount]:
    """The accounts the outbox stopped that notes of `messages` approved or scheduled wait on,
    and those of `names` whether notes wait on them or not (the desk's Settings lists every
    account), by name. `tx`: a transaction of the store, read only (one state read per account).

        with store.reading() as tx:
            stopped = stopped_accounts(tx, facts.messages)
    """
    from afterview.domain.model import MessageState

    waiting: dict[str, list[int]] = {name: [] for name in names}
    approved, scheduled = MessageState.APPROVED, MessageState.SCHEDULED
    for message in messages:
        if (message.state is approved or message.state is scheduled) and message.account:
            waiting.setdefault(message.account, []).append(message.id)
    if not waiting:
        return []
    from afterview.services.delivery import account_hold

    found = []
    for name in sorted(waiting):
        hold = account_hold(tx, name)
        if hold is not None:
            found.append(StoppedAccount(name, hold.since, hold.until, hold.error, hold.stops,
                                        tuple(sorted(waiting[name]))))
    return found


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


@dataclass(frozen=True)
class BrokenAccount:
    """A mail account written wrong in config.toml (delivery.accounts.Accounts.broken) that
    approved or scheduled notes wait on: the outbox sends none of them until it is put right.
    `problem`: what is wrong, in one line naming the file, the key and its line."""

    account: str
    problem: str
    waiting: tuple[int, ...]  # the ids of the notes approved or scheduled to go through it

    @property
    def command(self) -> str:
        """The command that puts it right."""
        return f"afterview account edit {self.account}"


def broken_accounts(config, messages: Iterable) -> list[BrokenAccount]:
    """The accounts of config.toml written wrong that notes of `messages` approved or scheduled
    wait on, by name (`config`: an afterview.config.Config, as read)."""
    from afterview.domain.model import MessageState

    if not config.broken_accounts:
        return []
    waiting: dict[str, list[int]] = {}
    approved, scheduled = MessageState.APPROVED, MessageState.SCHEDULED
    for message in messages:
        if (message.state is approved or message.state is scheduled) and message.account in config.broken_accounts:
            waiting.setdefault(message.account, []).append(message.id)
    return [BrokenAccount(name, config.broken_accounts[name], tuple(sorted(ids))) for name, ids in sorted(waiting.items())]


def broken_account_words(broken: BrokenAccount, *, then: str = "") -> str:
    """One line on an account written wrong that approved notes wait on: what is wrong, which
    notes wait, and what to do.

        account work cannot be used: /home/me/.config/afterview/config.toml: [accounts.work]
        smtp_port must be a port number, ... (line 4); 1 approved note waits on it (message 3): it
        goes only once the account is put right. What to do: afterview account edit work ..., or
        put it right in the file; afterview account remove work takes it out

    `then`: what to do, where the line is read (default: the commands; the desk says its own)."""
    from afterview.delivery.accounts import repair_words

    count = len(broken.waiting)
    ids = ", ".join(map(str, broken.waiting[:5])) + (", …" if count > 5 else "")
    return (f"account {broken.account} cannot be used: {broken.problem}; "
            f"{_count(count, 'approved note waits', 'approved notes wait')} on it "
            f"({'message' if count == 1 else 'messages'} {ids}): {'it goes' if count == 1 else 'they go'} only once "
            f"the account is put right. What to do: "
            + (then or f"{repair_words(broken.account, broken.problem)}; then check it: afterview account test "
                       f"{broken.account}"))


def broken_json(broken: BrokenAccount, line: str) -> dict:
    """An account written wrong as a record of `today --json`, as `stopped_json` has a stopped one
    (its kind "account_broken")."""
    return _account_record("account_broken", "broken", line, account=broken.account, problem=broken.problem,
                           waiting=list(broken.waiting), command=broken.command)


def _account_record(kind: str, state: str, line: str, **own) -> dict:
    """An account's record of `today --json`: the fields of an action (those that do not apply
    null), its kind and state, the line said (`reason`), then its own fields."""
    return {"key": None, "kind": kind, "person_id": None, "opportunity_id": None, "interview_id": None,
            "channel": "email", "earliest": None, "due": None, "latest": None, "state": state, "rule": None,
            "reason": line, "source": None, "sequence": None, "note": "", "message_id": None, "news_id": None,
            "send_at": None, "rests_on": None, "person_name": None, "opportunity_title": None, "on_its_way": False,
            **own}


def stopped_words(stopped: StoppedAccount, *, now: datetime, when: Callable[[datetime], str],
                  check: str = "") -> str:
    """One line on an account the outbox stopped: which, since when, its last error, when it is
    tried again, how many approved notes wait on it, and what to do. `when`: a moment in the
    user's words and zone ('Thu 2026-11-26 10:05 your time (America/Chicago)'); `check`: how to
    check the account where the line is read (default: the command, `afterview account test NAME`).

        account work stopped sending on Thu 2026-11-26 04:00 your time (America/Chicago): its sends
        ended the same way again and again (last: SMTP smtp.example.com: the connection broke ...);
        2 approved notes wait on it (messages 4, 5); they are not tried before ..., then one first,
        and the others once the server takes it. What to do: check it (afterview account test
        work); once its SMTP check passes, ... Only a message its server takes ends the stop: ...
    """
    name = stopped.account
    error = stopped.last_error
    said = (f"account {name} stopped sending on {when(stopped.since)}: its sends ended the same way again and again"
            + (f" (last: {error})" if error else ""))
    count = len(stopped.waiting)
    if count:
        ids = ", ".join(map(str, stopped.waiting[:5])) + (", …" if count > 5 else "")
        said += (f"; {_count(count, 'approved note waits', 'approved notes wait')} on it "
                 f"({'message' if count == 1 else 'messages'} {ids})")
    if stopped.until > now:
        said += (f"; it is not tried before {when(stopped.until)}" if count == 1 else
                 f"; {'they are' if count else 'its notes are'} not tried before {when(stopped.until)}, then one "
                 "first, and the others once the server takes it")
    else:
        said += ("; the next send round (afterview send-due, the worker, the desk) tries "
                 + ("it at once" if count == 1 else "one at once, and the others once the server takes it"))
    check = check or f"afterview account test {name}"
    then = (f"once its SMTP check passes, the next round tries one at once, without waiting for {when(stopped.until)}"
            if stopped.until > now else "it says what is wrong with its server or its settings")
    return (f"{said}. What to do: check it ({check}); {then}. Only a message its server takes ends the stop: "
            "nothing else clears it")


def stopped_json(stopped: StoppedAccount, line: str) -> dict:
    """A stopped account as a record of `today --json`: the fields of an action (those that do not
    apply null), its kind "account_stopped", the line said (`reason`), and its own fields."""
    return _account_record("account_stopped", "stopped", line, account=stopped.account,
                           since=stopped.since.isoformat(), until=stopped.until.isoformat(),
                           last_error=stopped.last_error, stops=stopped.stops, waiting=list(stopped.waiting),
                           command=stopped.command)


def held_drafts(facts, shown: set, planned: Callable[[], dict]) -> list:
    """The drafts held back earlier (the outbox made them drafts again: "not sent: ...") that a
    listing does not show and never will: their action is no longer planned (they replied, it was
    skipped, it went stale and the plan moved on), or they have none. `shown`: the ids of the
    messages the listing shows with their action; `planned()`: the whole plan's actions by key,
    asked only when such a draft has an action key (it is made once, by the caller)."""
    from afterview.domain.model import MessageState

    drafted = MessageState.DRAFTED
    found = [m for m in facts.messages
             if m.state is drafted and m.last_error.startswith("not sent") and m.id not in shown]
    if not found:
        return []
    actions = planned() if any(m.action_key for m in found) else {}
    kept = []
    for message in found:
        action = actions.get(message.action_key) if message.action_key else None
        if action is None or action.message_id != message.id:  # listed once due, with why: nothing to add
            kept.append(message)
    return sorted(kept, key=lambda m: m.id)


def held_drafts_words(drafts: list) -> str:
    """One line on the drafts of `held_drafts`: how many, which, and what to do.

        2 drafts held back earlier are not planned now, so not listed above (messages 3, 7): afterview
        show 3 says why; afterview discard 3 throws one away (afterview drafts lists every draft)
    """
    count = len(drafts)
    ids = [m.id for m in drafts]
    shown = ", ".join(map(str, ids[:5])) + (", …" if count > 5 else "")
    first = ids[0]
    if count == 1:
        return (f"1 draft held back earlier is not planned now, so not listed above (message {first}): afterview "
                f"show {first} says why and what to do; afterview discard {first} throws it away (afterview drafts "
                "lists every draft)")
    return (f"{count} drafts held back earlier are not planned now, so not listed above (messages {shown}): "
            f"afterview show ID says why and what to do (afterview show {first}); afterview discard ID throws one "
            "away (afterview drafts lists every draft)")
