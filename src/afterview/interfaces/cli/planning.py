"""The daily loop: today, agenda, plan, why, done, snooze, skip, and the playbook."""

from __future__ import annotations

import sys

import click

from afterview.interfaces.cli.common import (
    echo, fmt_time, json_option, pass_env, print_json, terminal_text, hold_back, say_all,
)
from afterview.domain.values import repeated_hours, repeated_mark
from afterview.perf import keep_for_exit
from afterview.services.wording import WEEKDAYS, end_of_day

STATE_STYLE = {"overdue": "bold red", "due": "bold yellow", "upcoming": "cyan"}
KIND_LABEL = {
    "thank_you": "Thank-you notes", "status_check": "Status follow-ups",
    "closing_the_loop": "Closing the loop", "rejection_reply": "Rejection replies",
    "feedback_request": "Feedback requests", "keep_warm": "Keeping in touch",
    "share_news": "Sharing news", "linkedin_note": "LinkedIn requests", "card": "Cards",
    "withdrawal": "Withdrawals",
}


def _playbook(env):
    return env.playbook  # read once per command (an invalid one: one line, before anything changes)


def _load(env):
    """The facts and the plan as of env.now, in one transaction."""
    from afterview.services.planning import current_plan

    playbook = _playbook(env)
    now = env.now
    with env.store().transaction() as tx:
        facts = tx.facts()
    actions = current_plan(None, playbook, now, facts)
    keep_for_exit(facts, actions)  # see _read_only
    return facts, actions, playbook


def _read_only(func):
    """Run a command that only reads: the garbage collector paused, and nothing left to do after.

    Loading a large pipeline builds hundreds of thousands of records and no reference cycles;
    the collector would only rescan them, again and again, while the plan and the listing are
    made (a quarter of the time of `afterview today` on a large database).

    The command keeps its facts and plan until the process ends (perf.until_exit,
    keep_for_exit) and returns `Finished`: its output is written, so main() closes the store
    and, in the `afterview` process itself, ends the process at once (see main.Finished). A
    command that another one invokes (as `demo` invokes `today`) hands `Finished` to its
    caller, which ignores it.
    """
    import functools

    @functools.wraps(func)
    def wrapper(env, *args, **kwargs):
        from afterview.interfaces.cli.main import Finished
        from afterview.perf import paused_gc, until_exit

        env.reads_only = True  # never creates a database (see Env.store)
        with paused_gc(), until_exit():
            func(env, *args, **kwargs)
        return Finished(env)

    return wrapper


def _use_at(env, at: str | None) -> None:
    """A command's own --at wins over the global one."""
    if at is not None:
        env.at = at
        env.__dict__.pop("now", None)


def _named(actions, facts, out=None) -> list[dict]:
    """Actions as JSON records (to_jsonable), each with the name of its person and the title of
    its opportunity ("Senior Data Engineer at Northwind Analytics"; null for a contact outside any
    opportunity), last: a script needs no second command to say who and what. (Added to the
    records as they are: rebuilding 35,000 of them to place the names elsewhere takes a while.)
    `out`: the notes on their way and held back (services.planning.outgoing)."""
    from afterview.interfaces.cli.common import to_jsonable

    people, opportunities, companies = facts.people, facts.opportunities, facts.companies
    names: dict[object, str | None] = {}
    titles: dict[object, str | None] = {}
    records = to_jsonable(list(actions))
    going = {g.message.id for g in out.going} if out is not None else set()
    for action, record in zip(actions, records):
        person_id, opportunity_id = action.person_id, action.opportunity_id
        name = names.get(person_id, "")
        if name == "":
            person = people.get(person_id)
            name = names[person_id] = person.name if person is not None else None
        title = titles.get(opportunity_id, "")
        if title == "":
            opportunity = opportunities.get(opportunity_id)
            company = companies.get(opportunity.company_id) if opportunity is not None else None
            title = titles[opportunity_id] = (
                None if opportunity is None else f"{opportunity.role} at {company.name}" if company else opportunity.role)
        record["person_name"] = name
        record["opportunity_title"] = title
        # (services.planning.on_its_way, and not held back by the outbox): nothing to do
        record["on_its_way"] = action.message_id is not None and action.message_id in going
    return records


def _outgoing(env, facts, actions, playbook):
    """The notes on their way and those the outbox will hold back (services.planning.outgoing),
    the outbox's state read only when a note is on its way."""
    from afterview.services.planning import Outgoing, outgoing, sendable

    notes = sendable(facts, env.now)
    if not notes:
        return Outgoing()
    with env.store().reading() as tx:
        return outgoing(tx, facts, playbook, env.now, actions, notes=notes)


def _split(actions, out, everything: bool = False) -> tuple[list, list, list]:
    """The actions that need the user (in the plan's order), and the notes of `out` to list after
    them: those on their way (`Going`) and those held back (`HeldBack`). `everything`: all of
    `out` (today); else those of the actions listed, and those the plan has no action for.
    An action whose note is on its way or held back is listed there, not with the actions."""
    if out is None or not (out.going or out.held):
        return actions, [], []
    ids = out.message_ids()
    todo = [a for a in actions if a.message_id is None or a.message_id not in ids]
    if everything:
        return todo, list(out.going), list(out.held)
    listed = {a.message_id for a in actions if a.message_id is not None}
    return (todo, [g for g in out.going if g.action is None or g.message.id in listed],
            [h for h in out.held if h.action is None or h.message.id in listed])


def _group_title(action, facts, by: str) -> str:
    if by == "kind":
        return KIND_LABEL.get(action.kind.value, action.kind.value)
    return _opportunity_title(action.opportunity_id, facts)


def _opportunity_title(opportunity_id, facts) -> str:
    opp = facts.opportunities.get(opportunity_id)
    if opp is None:
        return "Other contacts"
    company = facts.companies.get(opp.company_id)
    return f"{opp.role} at {company.name}" if company else opp.role


def _show(actions, facts, env, by: str, empty: str, clear: str = "Nothing needs you", out=None,
          everything: bool = False, stopped: dict | None = None) -> None:
    """A listing: the actions that need the user, grouped (`by` opportunity or kind), each with
    its state (overdue, due, upcoming); then, in sections of their own, the notes approved that
    the outbox will hold back, and those on their way (`out`: services.planning.outgoing; see
    `_split`, `everything` for today). `empty`: said when there is nothing at all; `clear`: the
    start of what is said when every note is on its way ("Nothing needs you right now").
    `stopped`: the accounts the outbox stopped (today: `_stopped`), each said first, in one line,
    and named by the notes that wait on them."""
    stopped = stopped or {}
    actions, going, held = _split(actions, out, everything)
    if not actions and not going and not held and not stopped:
        click.echo(empty)
        return
    from afterview.planner.facts import safe_zone

    # the user's zone as every command takes it (Env.user_tz: config.toml's, else the profile's,
    # else the machine's), the one `interview show`, `send --at` and a typed time use
    tz = safe_zone(env.user_tz, "UTC")
    rich = sys.stdout.isatty()
    top = [_stopped_line(account, env.now, tz, rich) for account in stopped.values()]
    groups: dict[str, list] = {}
    members: dict[object, list] = {}  # opportunity id (or kind) -> the list of its group
    by_kind = by == "kind"
    for action in actions:
        # a kind by identity: enum members are singletons, and their own hash is Python code
        what = id(action.kind) if by_kind else action.opportunity_id
        group = members.get(what)
        if group is None:
            group = members[what] = groups.setdefault(_group_title(action, facts, by), [])
        group.append(action)
    describe = _describer(facts, tz, rich, env.now, accounts_of=lambda: _accounts(env))
    # the times of the listing are the user's; a reason names the recipient's zone where it differs
    heading = f"Times are yours ({tz.key}); a reason says when a time is the recipient's."
    lines: list[str] = [f"[dim]{heading}[/dim]" if rich else heading, ""]
    for line in top:  # what keeps approved notes from going at all: before any list
        lines += [line, ""]
    if not actions and not going and not held:  # (a stopped account, and nothing listed)
        lines.append(empty)
    elif not actions and held:  # what needs you is a note held back: said first, then its section
        lines += [f"{_held_notes(len(held))} (below)" + (f"; {_notes(len(going))}" if going else "") + ".", ""]
    elif not actions:  # every one on its way: said first, then the section that lists them
        if top:  # (a stopped account needs you: said above)
            clear = clear.replace("Nothing needs", "Nothing else needs", 1)
        lines += [f"{clear}; {_notes(len(going))} (below).", ""]
    for title, items in groups.items():
        lines.append(f"[bold]{_escape(title)}[/bold]" if rich else terminal_text(title))
        for action in items:
            describe(action, lines)
        lines.append("")
        # Plain text goes out in pieces of a few thousand lines: a long listing as one piece would
        # be built, encoded and written as three fresh copies of its text (10 MB at 35,000 actions).
        if not rich and len(lines) >= _PIECE:
            click.echo("\n".join(lines))
            lines = []
    if held:
        lines = _going(held, facts, tz, rich, env.now, lines, HELD_BACK)
    if going:
        lines = _going(going, facts, tz, rich, env.now, lines, stopped=stopped)
    if rich:
        from afterview.interfaces.cli.common import console

        out = console()
        width = getattr(out, "width", None)  # the terminal's, as rich measures it
        text = "\n".join(lines) if not width else "\n".join(_broken(line, width, out) for line in lines)
        out.print(text)
    elif lines:  # the rest (a listing ends with its newline either way)
        click.echo("\n".join(lines))


def _notes(count: int) -> str:
    """"1 note is on its way", "3 notes are on their way"."""
    return "1 note is on its way" if count == 1 else f"{count} notes are on their way"


def _held_notes(count: int) -> str:
    """"1 approved note is held back and needs you", "2 approved notes are held back and need you"."""
    return ("1 approved note is held back and needs you" if count == 1
            else f"{count} approved notes are held back and need you")


ON_ITS_WAY = "ON ITS WAY (nothing to do)"  # the heading of the notes that go out by themselves
# the heading of the notes approved that the outbox holds back when their round comes
HELD_BACK = "HELD BACK (approved, but it will not go as it is)"


def _going(notes: list, facts, tz, rich: bool, now, lines: list[str], heading: str = ON_ITS_WAY,
           stopped: dict | None = None) -> list[str]:
    """A section of a listing after the actions that need the user: the notes on their way
    (`Going`), or with `heading` HELD_BACK those the outbox will hold back (`HeldBack`); its
    heading with their count, then each with whom it goes to, its state and message id, when it
    goes (in the user's zone: its time when scheduled, else with the next send round; a note whose
    account the outbox stopped (`stopped`, by name) waits for it, said above) or why it
    will not go, what it is, what to do (held back), and its action's key. The soonest first.
    Returns what is left of `lines` to write (plain text goes out in pieces, as in _show)."""
    from afterview.delivery.outbox import sending_words
    from afterview.delivery.outbox import late_words, moved
    from afterview.domain.model import MessageState, kind_label
    from afterview.services.holds_said import BrokenAccount

    hours = repeated_hours(tz)
    sending = MessageState.SENDING

    def goes(note):
        message = note.message
        at = message.scheduled_at
        return at if at is not None and at > now and message.state is not sending else now

    ordered = sorted(notes, key=goes)  # (stable: the order given among equals)
    count = f"{heading}: {len(notes)}"
    style = "bold green" if heading == ON_ITS_WAY else "bold red"
    lines.append(f"[{style}]{heading}[/{style}]: {len(notes)}" if rich else count)
    text = _escape if rich else terminal_text
    titles: dict[object, str] = {}
    waiting: list[int] = []  # on its way, its moment come: sent only when a sending program runs
    for note in ordered:
        action, message = note.action, note.message
        person_id = action.person_id if action is not None else message.person_id
        person = facts.people.get(person_id)
        name = text(person.name) if person is not None else f"person {person_id}"
        at = message.scheduled_at
        account = message.account if stopped and message.account in stopped else ""
        # why it waits on its account (said above): written wrong in config.toml, or stopped
        cannot = account and isinstance(stopped[account], BrokenAccount)
        if heading != ON_ITS_WAY:  # held back: why, in one line
            when = text(f"held back before it goes: {note.why}")
        elif message.state is sending:  # being sent, or cut off moments ago: said with when it is found out
            when = sending_words(message, now, lambda moment: _fmt(moment, tz, hours))
        elif at is not None and at > now:
            when = f"goes {_fmt(at, tz, hours)}"
            if moved(message):  # found late at a bad moment for them, and moved (docs/delivery.md)
                when += f" (moved there: afterview show {message.id} says why)"
            if account:
                when += text(f", if its account {account} is put right by then (it cannot be used: see above)"
                             if cannot else f", if its account {account} sends again by then (it stopped sending: "
                             "see above)")
        elif account:  # its account cannot send: it waits for it (said above, with what to do)
            when = text(f"waits for its account {account}, which "
                        + ("cannot be used (see above)" if cannot else "stopped sending (see above)"))
        else:  # approved, or its time has come: the next send-due, the worker or the desk sends it;
            # found late (nothing sent it at its moment), that round first looks at the moment again
            when = text(late_words(message, now, lambda moment: _fmt(moment, tz, hours)))
            if not when:
                when = "goes with the next send round"
                waiting.append(message.id)
        opportunity_id = action.opportunity_id if action is not None else message.opportunity_id
        what = titles.get(opportunity_id)
        if what is None:
            title = _opportunity_title(opportunity_id, facts)
            what = titles[opportunity_id] = "" if opportunity_id is None else f" ({text(title)})"
        key = action.key if action is not None else message.action_key
        channel = (action.channel if action is not None else message.channel).value
        kind = action.kind if action is not None else message.kind
        said = (f"  {name} ({channel}) {message.state.value} (message {message.id}): {when}\n"
                f"           {kind_label(kind)}{what}")
        if heading != ON_ITS_WAY:
            said += f"\n           then: {text(note.then)}"
        if key:
            said += f"\n           [dim]key: {key}[/dim]" if rich else f"\n           key: {key}"
        lines.append(said)
        if not rich and len(lines) >= _PIECE:
            click.echo("\n".join(lines))
            lines = []
    if waiting:
        lines.append(_not_sent_yet(waiting))
    lines.append("")
    return lines


def _stopped(env, facts) -> dict:
    """The accounts approved or scheduled notes wait on that cannot send: those written wrong in
    config.toml (services.holds_said.BrokenAccount) and those the outbox stopped (StoppedAccount),
    by name: read only when such a note exists."""
    from afterview.domain.model import MessageState

    approved, scheduled = MessageState.APPROVED, MessageState.SCHEDULED
    if not any((m.state is approved or m.state is scheduled) and m.account for m in facts.messages):
        return {}
    from afterview.services.holds_said import broken_accounts, stopped_accounts

    found = {b.account: b for b in broken_accounts(env.config, facts.messages)}
    with env.store().reading() as tx:
        found.update({s.account: s for s in stopped_accounts(tx, facts.messages) if s.account not in found})
    return found


def _stopped_line(stopped, now, tz, rich: bool) -> str:
    """The line of an account notes wait on (services.holds_said.stopped_words, or
    broken_account_words for one written wrong), its times on the user's clock."""
    line = _account_words(stopped, now, tz)
    return f"[bold red]{_escape(line)}[/bold red]" if rich else terminal_text(line)


def _account_words(stopped, now, tz) -> str:
    from afterview.services.holds_said import BrokenAccount, broken_account_words, stopped_words

    if isinstance(stopped, BrokenAccount):
        return broken_account_words(stopped)
    return stopped_words(stopped, now=now, when=lambda moment: _fmt(moment, tz))


def _not_sent_yet(ids: list[int]) -> str:
    """Under ON ITS WAY: the notes whose moment has come that are not sent yet, and what sends
    them: nothing goes out while no sending program runs (a note approved with no desk or worker
    running waits, unsent, however long)."""
    one = len(ids) == 1
    which = f"message {ids[0]} is" if one else f"messages {', '.join(map(str, ids))} are"
    return (f"  {which} not sent yet, {'its' if one else 'their'} moment come: {'it goes' if one else 'they go'} "
            "when the desk (afterview serve) or afterview worker is running, or when you run afterview send-due")


_INDENT = 11  # the columns of an action's head ("  OVERDUE  "), under which its text stands


def _broken(piece: str, width: int, out) -> str:
    """A piece of a listing on a terminal (markup: a heading, a group's title, an action's lines),
    each of an action's lines too long for `width` columns broken between words, the pieces
    indented under the name, as in a pipe: a long reason never runs back to the margin (as rich
    would break it). A line that fits is left as it is, unparsed."""
    from rich.cells import cell_len

    if not piece.startswith("  "):  # a heading or a title: broken where the terminal breaks it
        return piece
    lines = piece.split("\n")
    if all(cell_len(line) <= width for line in lines):  # (markup only adds to what is shown)
        return piece
    from rich.text import Text

    room = max(width - _INDENT, 20)
    indent = " " * _INDENT
    said = []
    for line in lines:
        if cell_len(line) <= width:
            said.append(line)
            continue
        text = Text.from_markup(line, emoji=False)
        if text.cell_len <= width:
            said.append(line)
            continue
        head, rest = text[:_INDENT], text[_INDENT:]  # "  OVERDUE  " or the indent, then the words
        for number, part in enumerate(rest.wrap(out, room)):
            part.rstrip()
            said.append((head.markup if number == 0 else indent) + part.markup)
    return "\n".join(said)


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


_PIECE = 2000  # lines of a plain listing written at a time (see _show)


def _day(day) -> str:
    """A day as the terminal says it: 'Wed 2026-11-25' (a deadline at midnight is 'end of' it)."""
    return f"{WEEKDAYS[day.weekday()]} {day.isoformat()}"


def _fmt(moment, tz, hours=None) -> str:
    """Like common.fmt_time ('Tue 2026-12-01 10:00'; in the hour the clocks go back, with the
    reading it is: 'Sun 2026-11-01 01:30 CDT'), without strftime: agendas can be long. `hours`:
    the zone's `repeated_hours` (domain.values), when the caller has it at hand: a time is given
    its `repeated_mark` only in an hour that may need one."""
    if hours is None:
        hours = repeated_hours(tz)
    d = moment.astimezone(tz)
    year, month, day, hour = d.year, d.month, d.day, d.hour
    text = f"{WEEKDAYS[d.weekday()]} {year:04d}-{month:02d}-{day:02d} {hour:02d}:{d.minute:02d}"
    if hours[year, month, day, hour]:
        return text + repeated_mark(d)
    return text


def _their_time(moment, tz) -> str:
    """The recipient's wall clock at `moment` (the planner gives each moment in the recipient's
    zone), said beside the user's ('11:30', or 'Wed 02:00' on another day; in the hour their
    clocks go back, with the reading it is: '01:30 CST'); "" when both clocks show the same.
    A deadline at midnight is the end of the day before: 'end of Wed' (`services.wording.end_of_day`)."""
    mine = moment.astimezone(tz)
    if moment.replace(tzinfo=None) == mine.replace(tzinfo=None):
        return ""
    ended = end_of_day(moment)
    if ended is not None:
        return f"end of {WEEKDAYS[ended.weekday()]}"
    hour = moment.hour
    hm = f"{hour:02d}:{moment.minute:02d}"
    if repeated_hours(moment.tzinfo)[moment.year, moment.month, moment.day, hour]:
        hm += repeated_mark(moment)
    return hm if moment.date() == mine.date() else f"{WEEKDAYS[moment.weekday()]} {hm}"


def _accounts(env):
    """config.toml's accounts as they read now (delivery.accounts.load_accounts)."""
    from afterview.delivery.accounts import load_accounts

    return load_accounts(env.config)


def _describer(facts, tz, rich: bool, now=None, accounts_of=None):
    """A function that adds an action's lines to a listing (as one piece of text).

    A listing can hold tens of thousands of actions among far fewer people, states, channels
    and moments: each of those is formatted once, not once per action.
    """
    hours = repeated_hours(tz)  # the hours of the user's clock that may need a time's reading said
    people = facts.people
    names: dict[int, str] = {}
    heads: dict[tuple, tuple] = {}
    moments: dict[int, tuple] = {}
    dues: dict[int, tuple] = {}  # due moment (by identity) -> its text, with the recipient's time
    channels: dict[int, tuple] = {}  # the entry keeps the channel alive: its id is never reused
    key_open, key_close = ("\n           [dim]key: ", "[/dim]") if rich else ("\n           key: ", "")

    def fmt(moment) -> str:
        # keyed by identity (the planner hands out the same moment object to many actions);
        # the entry keeps the object alive, so an id is never reused for another moment
        known = moments.get(id(moment))
        if known is None or known[0] is not moment:
            known = moments[id(moment)] = (moment, _fmt(moment, tz, hours))
        return known[1]

    messages: dict[int, object] | None = None  # message id -> message, made on first need
    accounts = None  # config.toml's accounts as they read now, read on first need

    def on_its_way(message_id: int) -> str:
        """What became of the action's message: a draft (held back, perhaps), approved or
        scheduled but retrying after an error or waiting for its mail account (then it may need
        the user), failed. (A note on its way is listed in a section of its own: `_going`.)"""
        nonlocal messages, accounts
        if messages is None:
            messages = {message.id: message for message in facts.messages}
        message = messages.get(message_id)
        state = message.state.value if message is not None else "drafted"
        if state in ("approved", "scheduled", "sending"):
            if state == "sending" and now is not None:  # (listed here only when cut off: _split)
                from afterview.delivery.outbox import sending_words

                said = sending_words(message, now, fmt)
                return f"sending (message {message_id}): {_escape(said) if rich else terminal_text(said)}"
            if state != "sending" and message.attempts:
                from afterview.services.delivery import account_wait_words, one_line, retry_error, waits_for_account

                # an account's words end with the command that fixes it: longer than a server's answer;
                # said against the account as config.toml reads now, not the reason stored then
                if waits_for_account(message):
                    if accounts is None and accounts_of is not None:  # (read on first need)
                        accounts = accounts_of()
                    error = one_line(account_wait_words(message, accounts), 500)
                else:
                    error = retry_error(message)
                if error:
                    # waiting for its account says what to fix ("waiting for its account: ...; fix it ...")
                    said = error if waits_for_account(message) else f"retrying after an error: {error}"
                    said = _escape(said) if rich else terminal_text(said)
                    return f"{state} (message {message_id}): {said} (afterview show {message_id})"
            return f"{state} (message {message_id}): on its way, nothing to do"
        if state == "failed":
            from afterview.delivery.outbox import outcome_unknown  # (light: not services.delivery, for `today`)

            if outcome_unknown(message):  # interrupted after the server may have taken it
                return f"its send may have arrived (message {message_id}): afterview show {message_id}"
            return f"its send failed (message {message_id}): afterview show {message_id}"
        if message is not None:
            from afterview.delivery.outbox import copied_out

            if copied_out(message):  # it left as a copy, which Afterview cannot see go out
                copy = message.note.split(";")[0]
                copy = _escape(copy) if rich else terminal_text(copy)
                return (f"{copy} (message {message_id}): once you have sent it, afterview done "
                        f"{message.action_key}")
        if message is not None and message.last_error.startswith("not sent"):  # held back by the outbox
            return f"held back, a draft again (message {message_id}): afterview show {message_id} says why"
        return f"a draft exists (message {message_id})"

    def resting(action) -> str:
        """An action the plan has only because it reads a reply not confirmed yet as a rejection
        (the reply to it, a request after it): said, with the commands that settle it (as the
        desk's card says it)."""
        from afterview.services.replies_waiting import rested_on, resting_words

        reply = rested_on(facts, action)
        if reply is None:
            return ""
        said = resting_words(facts, reply)
        return _escape(said) if rich else terminal_text(said)

    def describe(action, lines: list[str]) -> None:
        person_id = action.person_id
        name = names.get(person_id)
        if name is None:
            person = people.get(person_id)
            name = person.name if person else f"person {person_id}"
            name = names[person_id] = _escape(name) if rich else terminal_text(name)
        state = action.state
        head = heads.get(state)
        if head is None:
            label = state.upper()
            head = heads[state] = f"  [{STATE_STYLE[state]}]{label:<8}[/] " if rich else f"  {label:<8} "
        channel = channels.get(id(action.channel))  # by identity: an enum's own hash is Python code
        if channel is None:
            channel = channels[id(action.channel)] = (f" ({action.channel.value}) ", action.channel)
        due = action.due
        known = dues.get(id(due))
        if known is None or known[0] is not due:
            # the recipient's time beside the user's, where their clocks differ: the send
            # window and the mornings of the rules are theirs
            theirs = _their_time(due, tz)
            ended = end_of_day(due.astimezone(tz))  # a deadline at your midnight: the end of the day before
            mine = _fmt(due, tz, hours) if ended is None else f"end of {_day(ended)}"
            text = f"{mine} ({theirs} their time)" if theirs else mine
            known = dues[id(due)] = (due, text)
        when = f"due {known[1]}" if state != "upcoming" else f"from {fmt(action.earliest)}, due {known[1]}"
        reason, note = ((_escape(action.reason), _escape(action.note)) if rich
                        else (terminal_text(action.reason), terminal_text(action.note)))
        # an action's lines as one piece of text: the listing joins its pieces with newlines
        if note:
            reason = f"{reason}\n           note: {note}"
        if action.message_id is not None:
            reason = f"{reason}\n           {on_its_way(action.message_id)}"
        if action.rests_on is not None:
            rested = resting(action)
            if rested:
                reason = f"{reason}\n           {rested}"
        lines.append(f"{head}{name}{channel[0]}{when}\n           {reason}{key_open}{action.key}{key_close}")

    return describe


def _grouping(func):
    return click.option("--by", "by", type=click.Choice(["opportunity", "kind"]), default="opportunity",
                        show_default=True, help="Group by opportunity or by kind of message.")(func)


@click.command()
@_grouping
@json_option
@pass_env
@_read_only
def today(env, by: str, as_json: bool) -> None:
    """What is due and overdue now, each with its reason and key."""
    from afterview.services.planning import left_to_tell, today_plan

    playbook = _playbook(env)
    now = env.now
    with env.store().transaction() as tx:
        facts = tx.facts()
    # the due actions; every note on its way, listed under ON ITS WAY whatever is due, and every
    # one the outbox will hold back, under HELD BACK (as the desk lists them); the later actions
    # of those notes are not counted among those planned later
    listing = today_plan(env.store(), facts, playbook, now)
    chosen, out = listing.due, listing.outgoing
    keep_for_exit(facts, chosen, listing.upcoming, out)  # see _read_only
    replies = _to_confirm(facts)
    stopped = _stopped(env, facts)  # an account the outbox stopped: its approved notes do not go
    untold = left_to_tell(facts, playbook)  # processes an acceptance left open with no note to tell them
    if as_json:
        from afterview.planner.facts import safe_zone
        from afterview.services.holds_said import BrokenAccount, broken_json, stopped_json
        from afterview.services.replies_waiting import holds_back_finder

        tz = safe_zone(env.user_tz, "UTC")
        first = [(broken_json if isinstance(s, BrokenAccount) else stopped_json)(s, _account_words(s, now, tz))
                 for s in stopped.values()]
        holds_back = holds_back_finder(facts, playbook, now)  # the facts indexed once, for every reply
        print_json(first + _named(chosen + listing.upcoming, facts, out)
                   + [_untold_json(u, facts, env) for u in untold]
                   + [_reply_json(r, facts, holds_back) for r in replies],
                   plain=True)
        return
    empty = "Nothing is due right now."
    if replies:  # what the desk lists under Replies to confirm
        empty = f"Nothing is due right now; {_count_replies(len(replies))} (below).\n"
    elif not facts.opportunities:  # a first run: say how to begin
        empty += (" Record an interview to begin (afterview opportunity add, interview add, debrief),"
                  " or try everything on invented data: afterview --db /tmp/demo.db demo")
    _show(chosen, facts, env, by, empty, "Nothing needs you right now", out, everything=True, stopped=stopped)
    if untold:
        click.echo(_untold_section(untold, facts, env))
    if replies:
        click.echo(_replies_section(replies, facts, env, playbook, now))
    held = _held_drafts(facts, playbook, now, chosen + listing.upcoming, listing.later)
    if held:
        from afterview.services.holds_said import held_drafts_words

        click.echo(held_drafts_words(held) + "\n")
    if listing.later:
        click.echo(f"{listing.later} more planned later (afterview agenda --days 14 shows the next two weeks, "
                   "afterview plan all of them)")


def _held_drafts(facts, playbook, now, listed: list, later: int) -> list:
    """The drafts held back earlier that `today` lists nowhere (services.holds_said.held_drafts):
    the whole plan is made only when such a draft names an action (`listed` is the whole plan
    when nothing more is planned `later`)."""
    from afterview.services.holds_said import held_drafts

    def planned() -> dict:
        if not later:
            return {a.key: a for a in listed}
        from afterview.planner import plan

        actions = plan(facts, playbook, now)
        keep_for_exit(actions)  # see _read_only
        return {a.key: a for a in actions}

    return held_drafts(facts, {a.message_id for a in listed if a.message_id is not None}, planned)


UNTOLD = "TO TELL YOURSELF"  # the heading of the processes an acceptance left open with no one to write to


def _untold_words(item, facts, env) -> str:
    from afterview.services.planning import left_to_tell_words

    said = left_to_tell_words(item, facts, lambda moment: fmt_time(moment, env.user_tz))
    return f"{said}: {item.then}: afterview outcome {item.opportunity.id} withdrawn"


def _untold_section(untold: list, facts, env) -> str:
    """After today's listing: each process an acceptance left open with no one to write to."""
    lines = [f"{UNTOLD}: {len(untold)}"]
    lines += [terminal_text(f"  {_untold_words(item, facts, env)}") for item in untold]
    return "\n".join(lines) + "\n"


def _untold_json(item, facts, env) -> dict:
    """Such a process among the records of `today --json`: the fields of an action (those that do
    not apply null), its kind "tell_yourself", and the command that closes it."""
    from afterview.interfaces.cli.common import to_jsonable

    opp = item.opportunity
    return _no_action(kind="tell_yourself", opportunity_id=opp.id, state="to_tell", rule="withdraw_after_acceptance",
                      reason=_untold_words(item, facts, env), opportunity_title=_opportunity_title(opp.id, facts),
                      accepted_opportunity_id=item.accepted.id, accepted_at=to_jsonable(item.at),
                      command=f"afterview outcome {opp.id} withdrawn")


def _no_action(**fields) -> dict:
    """A record of `today --json` that is no action (a reply to confirm, a process to tell): the
    fields of an action, in their order, null where they do not apply, then its own `fields`."""
    record = dict.fromkeys(("key", "kind", "person_id", "opportunity_id", "interview_id", "channel", "earliest",
                            "due", "latest", "state", "rule", "reason", "source", "sequence", "note", "message_id",
                            "news_id", "send_at", "rests_on", "person_name", "opportunity_title"))
    record.update(note="", on_its_way=False)
    record.update(fields)
    return record


REPLIES = "REPLIES TO CONFIRM"  # the heading of the replies read that wait for you to say what they mean


def _to_confirm(facts) -> list:
    """The replies read or told that wait to be confirmed, newest first, by the rule of the desk's
    Today (services.replies_waiting: not one overtaken by what you decided since)."""
    from afterview.services.replies_waiting import to_confirm

    return to_confirm(facts)


def _count_replies(count: int) -> str:
    """"1 reply waits to be confirmed", "2 replies wait to be confirmed"."""
    return "1 reply waits to be confirmed" if count == 1 else f"{count} replies wait to be confirmed"


def _confirm_command(reply) -> str:
    """The command that confirms a reply; one linked to no opportunity needs the one it is about."""
    return f"afterview replies confirm {reply.id}" + (" --opportunity ID" if reply.opportunity_id is None else "")


def _reply_words(reply, facts) -> tuple[str, str, str]:
    """(who it is from, the opportunity's title or "", how it reads) of a reply to confirm."""
    from afterview.services.replies_waiting import how_it_reads

    person = facts.people.get(reply.person_id)
    sender = person.name if person is not None else reply.from_address or f"reply {reply.id}"
    title = _opportunity_title(reply.opportunity_id, facts) if reply.opportunity_id is not None else ""
    reads = how_it_reads(facts, reply)  # a decision date it gives, with the command that records it
    return sender, title, reads


def _replies_section(replies: list, facts, env, playbook, now) -> str:
    """The section after today's listing: each reply waiting to be confirmed, whom it is from, when
    it came (your time), what it is about and how it reads, with the command that confirms it,
    and what it holds back until you do (services.replies_waiting.holds_back_finder)."""
    from afterview.planner.facts import safe_zone
    from afterview.services.delivery import suggested_status
    from afterview.services.replies_waiting import holds_back_finder, holds_back_words

    tz = safe_zone(env.user_tz, "UTC")
    holds_back = holds_back_finder(facts, playbook, now)  # the facts indexed once, for every reply
    lines = [f"{REPLIES}: {len(replies)}"]
    for reply in replies:
        sender, title, reads = _reply_words(reply, facts)
        about = f" about {title}" if title else " (linked to no opportunity: say which with --opportunity)"
        lines.append(terminal_text(f"  {sender} replied {fmt_time(reply.received_at, tz.key)}{about}: {reads}"))
        status = suggested_status(reply)
        current = facts.opportunities.get(reply.opportunity_id) if reply.opportunity_id is not None else None
        if status is not None and current is not None and current.status == status:
            # (a revised offer while at an offer): nothing to become, the reply is noted with it
            then = f" (the opportunity is {status.value} already: it stays so, the reply noted in its history)"
        elif status is not None:
            then = f" (the opportunity becomes {status.value}; if it does not mean that: --status none)"
        else:
            then = " --status STATUS (or --status none: nothing changes)"
        lines.append(f"           to confirm it: {_confirm_command(reply)}{then}")
        held = holds_back_words(facts, holds_back(reply), now, tz)
        if held:
            lines.append(terminal_text(f"           {held}"))
    return "\n".join(lines) + "\n"


def _reply_json(reply, facts, holds_back) -> dict:
    """A reply to confirm among the records of `today --json`: the fields of an action (those that
    do not apply null), its kind "reply_to_confirm", and the reply's own, with `holds_back`: the
    keys of the actions it holds back until you confirm it (thank-yous while it reads as a rejection:
    `holds_back`, services.replies_waiting.holds_back_finder's function)."""
    from afterview.interfaces.cli.common import to_jsonable
    from afterview.services.delivery import suggested_status

    sender, title, reads = _reply_words(reply, facts)
    status = suggested_status(reply)
    return _no_action(kind="reply_to_confirm", person_id=reply.person_id, opportunity_id=reply.opportunity_id,
                      channel="email", state="to_confirm",
                      reason=f"{sender} replied{f' about {title}' if title else ''}: {reads}",
                      message_id=reply.answers_message_id,
                      person_name=facts.people[reply.person_id].name if reply.person_id in facts.people else None,
                      opportunity_title=title or None, reply_id=reply.id,
                      received_at=to_jsonable(reply.received_at), classification=reply.classification.value,
                      suggested_status=status.value if status is not None else None, command=_confirm_command(reply),
                      holds_back=[a.key for a in holds_back(reply)])


@click.command()
@click.option("--days", type=int, default=7, show_default=True, help="How many days ahead (at most 3660).")
@_grouping
@json_option
@pass_env
@_read_only
def agenda(env, days: int, by: str, as_json: bool) -> None:
    """What is due now and over the next days."""
    from afterview.services.planning import agenda as select, check_days

    check_days(days)  # before the database is read: a bad number is one line, exit 2
    facts, actions, playbook = _load(env)
    chosen = select(actions, env.now, days)
    out = _outgoing(env, facts, actions, playbook)
    if as_json:
        print_json(_named(chosen, facts, out), plain=True)
        return
    _show(chosen, facts, env, by, f"Nothing planned in the next {days} days.",
          f"Nothing needs you in the next {days} days", out)


@click.command(name="plan")
@click.option("--at", "at", metavar="WHEN",
              help="As of this moment (ISO, or '2026-12-03 10:00 Europe/Berlin'): it moves the clock only; "
                   "what was recorded after it counts too.")
@json_option
@pass_env
@_read_only
def plan(env, at: str | None, as_json: bool) -> None:
    """The whole plan as of any moment.

    --at moves the clock, not the records: the plan is made from everything recorded so far,
    including what was recorded after that moment (a rejection recorded on 2 December shows in
    `plan --at 2026-11-26`, as if it had been known then). It answers "what is due at that
    moment, given all I know now", not "what did the plan say back then".
    """
    _use_at(env, at)
    now = env.now  # parse --at before touching the database: a bad time is one line, exit 2
    facts, actions, playbook = _load(env)
    out = _outgoing(env, facts, actions, playbook)
    if as_json:
        print_json({"now": now.isoformat(), "actions": _named(actions, facts, out)}, plain=True)
        return
    _show(actions, facts, env, "opportunity", "Nothing planned.", "Nothing planned needs you", out)


@click.command()
@click.argument("action")
@json_option
@pass_env
@_read_only
def why(env, action: str, as_json: bool) -> None:
    """Why an action is due: its rule, timing and source.

    Its times are given in your zone and, where the clocks differ, in the recipient's (where
    the send window and the other rules apply); with the message made for it (drafted,
    approved, or scheduled for when), and every other rule that shaped its timing, with its
    source (heuristics said to be heuristics).
    """
    from afterview.services.planning import why as explained

    playbook = _playbook(env)
    with env.store().transaction() as tx:
        facts = tx.facts()
    keep_for_exit(facts)  # see _read_only
    # planned once, for the explanation and the outbox's check: only the part of the pipeline
    # around the action (planner.around)
    found, actions = explained(facts, playbook, action, env.now, env.user_tz)  # (the zone as in _show)
    if as_json:
        print_json(found)
        return
    echo(f"{found.key}: {found.status}")
    echo(found.detail)
    if found.action is not None:
        for line in _why_lines(found, env.user_tz, facts, env.now):
            echo(line)
        if found.message is not None and found.message.state in ("approved", "scheduled"):
            # what the outbox's pre-send check will hold it back for (the plan moved past its moment)
            from afterview.services.delivery import held_back_then

            with env.store().reading() as tx:
                warning = held_back_then(tx, found.key, now=env.now, playbook=playbook, facts=facts,
                                         actions=actions)
            if warning:
                echo(f"warning: {warning}")


_NOT_DATA = "a heuristic, not data"


def _why_lines(found, tz: str, facts=None, now=None) -> list[str]:
    """The timing of a planned action in the user's time and the recipient's, the message made
    for it (as of `now`, from `facts`), and every rule that shaped it with its source (heuristics
    said to be heuristics)."""
    from afterview.domain.values import clock_there
    from afterview.services.planning import MAY_HAVE_ARRIVED

    a, theirs = found.action, found.zone
    lines = [f"when: {a.state}; from {fmt_time(a.earliest, tz)}, due {_deadline(a.due, tz)}"
             + (f", at the latest {_deadline(a.latest, tz)}" if a.latest else "")
             + f" (your time, {tz})"]
    differs = theirs and any(clock_there(m, theirs, tz) for m in (a.earliest, a.due, a.latest) if m)
    if differs:
        lines.append(f"      their time: from {fmt_time(a.earliest, theirs)}, due {_deadline(a.due, theirs)}"
                     + (f", at the latest {_deadline(a.latest, theirs)}" if a.latest else "")
                     + f" ({theirs}, where the rules apply)")

    def both(moment) -> str:
        there = clock_there(moment, theirs, tz) if theirs else ""
        # as `send --at` says it: "Tue 2026-12-08 16:00 your time (Europe/Berlin), 10:00 their time (America/New_York)"
        return f"{fmt_time(moment, tz)} your time ({tz})" + (f", {there} their time ({theirs})" if there else "")

    if a.send_at is not None:
        lines.append(f"suggested send time: {both(a.send_at)}")
    message = found.message
    if message is not None:
        mid = message.id
        named = f"message {mid}" + (f' ("{message.subject}")' if message.subject else "")
        if message.state == "scheduled" and message.scheduled_at is not None:
            text = f"scheduled as {named}: it goes out {both(message.scheduled_at)}"
        elif message.state == "approved":
            text = f"approved as {named}: it goes out with the next send round (send-due, the worker or the desk)"
        elif message.state == "sending":  # being sent, or cut off: when it is found out
            from afterview.delivery.outbox import sending_words

            sent = next((m for m in facts.messages if m.id == mid), None) if facts is not None else None
            words = sending_words(sent, now, lambda moment: fmt_time(moment, tz)) if sent and now else "being sent now"
            text = f"{named}: {words}"
        elif found.status == MAY_HAVE_ARRIVED:  # cut off after the server may have taken it: as `today` says it
            text = f"its send may have arrived ({named}): afterview show {mid}"
        elif message.state == "failed":
            text = f"the send of {named} failed: afterview show {mid}"
        else:
            text = f"drafted as {named}: afterview show {mid}, then approve it"
        if message.error:
            text += f"; retrying after an error: {message.error}"
        lines.append(f"message: {text}")
    if a.note:
        lines.append(f"note: {a.note}")
    if found.rests_on:
        lines.append(found.rests_on)
    lines.append(f"rule: {a.rule} ({found.rule_title})")
    lines.append(f"source: {_sourced(found.source, found.heuristic)}")
    if found.shaped_by:
        lines.append("also shaped by:")
        for shaping in found.shaped_by:
            lines.append(f"  {shaping.rule}: {shaping.effect}")
            lines.append(f"    source: {_sourced(shaping.source, shaping.heuristic)}")
    return lines


def _deadline(moment, zone: str) -> str:
    """A deadline on the clock of `zone`: 'Thu 2026-11-26 10:00', or at midnight the end of the
    day before, 'end of Wed 2026-11-25' (as `today` and the desk say it: `services.wording`)."""
    from afterview.domain.values import zone as zone_of
    from afterview.services.wording import deadline

    return deadline(moment.astimezone(zone_of(zone)), lambda _: fmt_time(moment, zone),
                    _day)


def _sourced(source: str, heuristic: bool) -> str:
    """A rule's source, said to be a heuristic when it is one and does not say so itself."""
    if heuristic and "heuristic" not in source.lower():
        return f"{source}; {_NOT_DATA}"
    return source


def _json_then(decision, held: list[str]) -> None:
    """A decision as JSON on standard output, and the notes it held back on standard error (the
    output stays one JSON document for a script)."""
    print_json(decision)
    for line in held:
        click.echo(terminal_text(line), err=True)


def _decision(env, func, action: str, **kw) -> None:
    playbook = _playbook(env)
    with env.store().transaction() as tx:
        decision = func(tx, action, now=env.now, playbook=playbook, **kw)
    return decision


@click.command()
@click.argument("action")
@click.option("--note", default="", help="E.g. 'sent from my phone'.")
@json_option
@pass_env
def done(env, action: str, note: str, as_json: bool) -> None:
    """Mark an action done (handled outside Afterview).

    Not while its note is being sent by Afterview: once sent, the action counts as done, and if
    that send fails it is planned again (then mark it done, if you handled it yourself).
    """
    from afterview.interfaces.cli.common import in_tx
    from afterview.services.delivery import marked_sent_warnings
    from afterview.services.planning import mark_done

    decision = _decision(env, mark_done, action, note=note)
    held = hold_back(env)  # a note approved for it is not sent a second time: before anything is printed
    # the note counted as the one sent, when the review finds errors in it (a LinkedIn note over the limit)
    warned = [f"warning: {line}" for line in in_tx(env, lambda tx: marked_sent_warnings(
        tx, decision.action_key, config=env.config, playbook=env.playbook))]
    if as_json:
        return _json_then(decision, held + warned)
    click.echo(f"done: {decision.action_key}")
    say_all(held)
    for line in warned:  # as approve says its warnings: on standard error
        echo(line, err=True)


@click.command()
@click.argument("action")
@click.option("--until", "until", required=True, metavar="WHEN", help="E.g. 'tomorrow 9:00', '2026-12-07 10:00'; a day alone is 09:00 that day.")
@json_option
@pass_env
def snooze(env, action: str, until: str, as_json: bool) -> None:
    """Put an action off until a given time.

    A note approved or scheduled for it to go out before then is a draft again (approve it
    again for then); `afterview undo` of the snooze does not approve it again. A time past the
    action's latest moment is warned about, not refused: what it means (a thank-you late by
    then, a reason gone) is said. An action already snoozed is snoozed until the new time
    instead: the earlier snooze is replaced (kept in the timeline, undone), and said.

    A snooze only ever moves an action later: until a moment it is planned from or after anyway
    (by its own rule) is refused, nothing recorded, unless a note of it is set to go out before
    then.
    """
    from afterview.services.planning import snooze_warned

    moment = env.parse_when(until)
    snoozed = _decision(env, snooze_warned, action, until=moment, tz=env.user_tz)
    decision = snoozed.decision
    held = hold_back(env)  # a note approved to go out before then is not sent then: before anything is printed
    warning = [f"warning: {snoozed.warning}"] if snoozed.warning else []
    if as_json:
        return _json_then(decision, warning + held)
    # what is stored, not what was typed: a day without a time is 09:00 that day
    click.echo(f"snoozed: {decision.action_key} until {fmt_time(decision.until, env.user_tz)}")
    if snoozed.replaced is not None:  # one snooze in force at a time: the earlier is kept, undone
        click.echo(f"was snoozed until {fmt_time(snoozed.replaced.until, env.user_tz)}; now until "
                   f"{fmt_time(decision.until, env.user_tz)} (the earlier snooze is replaced: afterview timeline "
                   "shows it, undone)")
    for line in warning:  # as approve says its warnings: on standard error
        echo(line, err=True)
    say_all(held)


@click.command()
@click.argument("action")
@click.option("--reason", required=True, help="Why you skip it.")
@json_option
@pass_env
def skip(env, action: str, reason: str, as_json: bool) -> None:
    """Skip an action for good, with a reason.

    Not while its note is being sent by Afterview (a skip would not stop it): once sent, the
    action counts as done; if that send fails, decide then. The same holds for snooze.
    """
    from afterview.services.planning import skip as never

    decision = _decision(env, never, action, reason=reason)
    held = hold_back(env)  # a note approved for it is not sent after all: before anything is printed
    if as_json:
        return _json_then(decision, held)
    click.echo(f"skipped: {decision.action_key}")
    say_all(held)


@click.command()
@click.argument("action")
@json_option
@pass_env
def undo(env, action: str, as_json: bool) -> None:
    """Take back the last done, snooze or skip of an action: it is planned again.

    The decision is kept, marked undone: `afterview timeline` shows what was decided and when
    it was taken back. A second undo takes back the decision before it, if one is in force.
    Then it says what is in force: the plan's own moment again (or an earlier snooze still in
    force), and what the undo did not give back: a note the decision took off its way (approved
    or scheduled then) stays a draft, to approve again.
    """
    from afterview.interfaces.cli.common import in_tx
    from afterview.services.planning import undo_decision

    now = env.now
    playbook = _playbook(env)  # an invalid one: one line, before anything changes
    undone = in_tx(env, lambda tx: undo_decision(tx, action, now))
    decision = undone.decision
    if as_json:
        return print_json(decision)
    key = decision.action_key
    what = {"done": "done", "snooze": "snooze", "skip": "skip"}[decision.kind.value]
    click.echo(f"undone: {what} of {key}")
    with env.store().reading() as tx:
        facts = tx.facts()
    for line in _undone_lines(undone, facts, playbook, env.user_tz, now):
        echo(line)


def _undone_lines(undone, facts, playbook, tz: str, now) -> list[str]:
    """What an undo did besides taking its decision back, and what is in force after it: "now:
    ..." (see `_in_force`)."""
    decision = undone.decision
    key, kind = decision.action_key, decision.kind.value
    took = {"done": "marking it done", "snooze": "the snooze", "skip": "the skip"}[kind]
    lines = []
    for message_id in undone.approvals_gone:
        lines.append(f"message {message_id} stays a draft: its approval went with {took}, and undo does not "
                     f"give it back (afterview approve {message_id} approves it again)")
    for message_id in undone.drafts_again:
        # (an approved or scheduled note that Done took off its way is among them, as a draft it
        # marked: nothing tells the two apart once done, and neither comes back approved)
        lines.append(f"message {message_id} is a draft again: marking it done had counted it as sent by hand "
                     f"and withdrawn any approval it had; undo gives none back (afterview approve {message_id} "
                     "approves it again)")
    for message_id in undone.unknown_again:
        lines.append(f"message {message_id}: its send may have arrived, as before you marked it done "
                     f"(afterview show {message_id})")
    if undone.status is not None:
        before, after = undone.status
        lines.append(f"the opportunity is {after} again (marking it done had made it {before})")
    if undone.request_taken_back:
        lines.append("the LinkedIn connection request it recorded is taken back")
    lines.append(f"now: {_in_force(facts, playbook, key, tz, now)}")
    return lines


def _in_force(facts, playbook, key: str, tz: str, now) -> str:
    """What is in force for an action after an undo, in a few words: planned again at the plan's
    own moment (from when, due when, its state), still snoozed by an earlier snooze, another
    decision still in force, or why it is not planned; with its note on its way."""
    from afterview.errors import NotFound
    from afterview.planner.facts import Index
    from afterview.services.planning import explain

    try:
        found = explain(facts, playbook, key, now, tz)
    except NotFound as err:  # its interview or opportunity deleted since: nothing plans it
        return f"not planned: {err}"
    action = found.action
    if action is None:  # done, skipped or sent all the same (a decision before it), or not planned now
        return found.detail  # ("done on Fri 27 Nov 2026 10:00 ...", "not planned now: ...")
    until = Index(facts, "UTC", "").snoozed_until(key)
    if until is not None and until > now:  # a snooze before it is still in force
        said = (f"an earlier snooze is in force, until {fmt_time(until, tz)} (afterview undo {key} takes that "
                "one back too)")
    else:
        said = "planned again at the plan's own moment"
    due = _deadline(action.due, tz)
    if action.state == "upcoming":
        when = f"from {fmt_time(action.earliest, tz)}, due {due}"
    elif action.state == "due":  # its state is its deadline's word: "due Thu ...", not "due, due Thu ..."
        when = f"due {due}"
    else:
        when = f"{action.state}, due {due}"
    message = found.message
    if message is not None:
        when += f"; message {message.id} is {'a draft' if message.state == 'drafted' else message.state}"
    return f"{said}: {when} (afterview why {key})"


@click.group()
def playbook() -> None:
    """Show or check the follow-up playbook."""


@playbook.command()
@json_option
@pass_env
def show(env, as_json: bool) -> None:
    """The effective playbook: every rule, its settings, its source, and what you changed."""
    from afterview.planner.playbook import format_value, json_value

    effective = _playbook(env)
    if as_json:  # typed values: numbers, true/false, lists; durations and times as the file writes them
        print_json({r.name: {"title": r.title, "source": r.source,
                             "settings": {k: json_value(v) for k, v in r.values.items()},
                             "overridden": dict(r.origins)} for r in effective})
        return
    profile = _profile_place(env)
    for rule in effective:
        mark = "  (changed)" if rule.overridden else ""
        click.echo(f"[{rule.name}]{mark}")
        click.echo(f"# {rule.title}")
        click.echo(f"# source: {rule.source}")
        for setting in rule.settings:
            origin = rule.origins.get(setting.name)
            suffix = f"  # set in {origin}" if origin else f"  # default; {setting.help}"
            if rule.name == "calendar" and not rule[setting.name] and setting.name in profile:
                # empty: your profile's place is the one in effect, said as such
                found = profile[setting.name]
                suffix += (f" (in effect: {found}, from your profile)" if found
                           else " (none in your profile either: UTC and no public holidays)")
            click.echo(f"{setting.name} = {format_value(rule[setting.name])}{suffix}")
        click.echo("")


def _profile_place(env) -> dict[str, str]:
    """Your profile's zone and country, which an empty [calendar] setting falls back to; none
    when there is no database yet (playbook show never creates one)."""
    from afterview.errors import AfterviewError

    env.reads_only = True
    try:
        saved = env.saved_profile()  # read without SQLAlchemy from a SQLite file
    except AfterviewError:
        return {}
    return {"timezone": str(saved.get("timezone", "UTC") or ""),  # the profile's default zone when none is saved
            "country": str(saved.get("country") or "").strip().upper()}


@playbook.command()
@click.argument("file", required=False, type=click.Path(dir_okay=False))
@pass_env
def check(env, file: str | None) -> None:
    """Check a playbook file (default: your playbook.toml and config.toml [planner])."""
    from afterview.services.planning import check_playbook

    effective = check_playbook(file, env.config, env.paths)
    changed = sum(len(r.origins) for r in effective)
    settings = f"{changed} setting{'s' if changed != 1 else ''} changed from the defaults"
    where = file or env.paths.playbook_file
    if file is None and not where.exists():  # nothing to check there: said, not called OK
        if not changed:
            click.echo(f"no playbook.toml at {where}: the defaults are in use")
        else:  # config.toml's [planner] changes some
            click.echo(f"no playbook.toml at {where}; {env.config.path} [planner]: OK ({settings})")
        return
    click.echo(f"{where}: OK ({settings})")
