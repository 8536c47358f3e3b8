"""The desk's mail, while it runs: approved and scheduled notes go out when due, and replies are
read, as `afterview worker` does (the outbox claims each message, so both may run at once
without a second copy).

A background thread runs a round every `interval` seconds, and at once when woken (a note
approved, "Check mail now", a mail account added, edited or removed on Settings). It never
sends anything the user has not approved: a round only sends what the outbox holds as approved
or scheduled and due. `afterview serve --no-mail` runs the desk without it.

What the last rounds did is kept in memory for Settings (`MailLoop.rounds`): the store records
each message's state, attempts and last error, but no mail rounds, so the list holds this desk's
rounds since it started.

A reply you told of by mistake (They replied) is taken back here too, from *Recorded by
mistake?* under What came in (`remove_reply`, `ROUTES`; templates/reply_remove.html).
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field, replace
from datetime import datetime

from starlette.routing import Route

from afterview.domain.model import InboundKind, message_named
from afterview.errors import AfterviewError
from afterview.interfaces.web.app import form_pages
from afterview.interfaces.web.views import desk_words, draft_link, in_desk_words, page_link

log = logging.getLogger("afterview.web.mail")


KEPT = 10  # the rounds listed on Settings (rounds in a row that did the same and nothing new count once)
# What a round with no mail account to use says: while there is none, and once one has been added
# (the round's words are kept, but its advice no longer holds: `said_now`).
NO_ACCOUNT = "no mail account yet: add one below"
NO_ACCOUNT_THEN = "no mail account then (one has been added since)"


@dataclass
class MailState:
    """What a round did, for the pages: when, and in words. Kept among the recent rounds, it may
    stand for several rounds in a row that said the same and changed nothing (`count` of them,
    the last at `until`)."""

    at: datetime | None = None
    said: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    changed: bool = False  # something was sent or read, or a note found to have arrived
    no_account: bool = False  # there was no mail account to use (`said_now`)
    until: datetime | None = None
    count: int = 1

    def again(self, later: MailState) -> bool:
        """Whether `later` is the same round again: the same words, and neither changed anything."""
        return (not self.changed and not later.changed
                and (self.said, self.problems) == (later.said, later.problems))


class MailLoop:
    def __init__(self, desk, interval: float = 60.0):
        self.desk = desk
        self.interval = interval
        self.state = MailState()
        self.started = desk.now()
        # the last KEPT rounds, newest first; a new tuple each round, so a page reads it whole
        self.rounds: tuple[MailState, ...] = ()
        self._round = threading.Lock()  # one round at a time: the loop's, or one asked for on a page
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="desk-mail", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 30.0) -> None:
        """Ask the loop to end and wait for a round in progress (a send is never cut off midway)."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def wake(self) -> None:
        """Run a round now rather than at the end of the wait."""
        self._wake.set()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.clear()
            self.run_round()
            self._wake.wait(self.interval)

    def run_round(self) -> MailState:
        """One round: send what is due, read new mail; what it did is kept in `state`."""
        with self._round:
            self.state = self._one_round()
            self._keep(self.state)
            return self.state

    def _keep(self, state: MailState) -> None:
        """Add a round to the recent ones: the same quiet round again stretches the newest entry."""
        if self.rounds and self.rounds[0].again(state):
            newest = self.rounds[0]
            self.rounds = (replace(newest, until=state.at, count=newest.count + 1), *self.rounds[1:])
        else:
            self.rounds = (state, *self.rounds[:KEPT - 1])

    def _zone(self):
        from afterview.domain.values import zone

        try:
            return zone(self.desk.user_tz())
        except AfterviewError:
            return zone("UTC")

    def _one_round(self) -> MailState:
        from afterview.services.delivery import mail_round

        state = MailState(at=self.desk.now())
        try:
            accounts = self.desk.accounts()
            if accounts:
                done = mail_round(self.desk.store, now=state.at, accounts=accounts, playbook=self.desk.playbook(),
                                  config=self.desk.config)
                names = _names(self.desk, done)
                state.said = _words(done, names) + _feedback(self.desk, done) + _offers(self.desk, done)
                state.problems = _problems(done, self._zone(), names)
                sent = done.sent
                state.changed = bool(sent.sent or done.replies or any(s.delivered for s in done.synced))
                if sent.sent or sent.failed or sent.held_back or done.replies or sent.reconciled or sent.waiting \
                        or sent.retries:
                    self.desk.changed()
            else:
                state.said, state.no_account = [NO_ACCOUNT], True
        except AfterviewError as err:  # a broken config.toml, a store that cannot be read
            state.problems = [str(err)]
        except Exception:  # noqa: BLE001 - the loop must outlive one bad round; the log has the detail
            log.exception("the desk's mail round failed")
            state.problems = ["the last mail round failed unexpectedly (see the desk's log)"]
        return state


def said_now(state: MailState, accounts_now: bool) -> list[str]:
    """What a kept round did, as said now: a round that found no mail account, once there is one
    (`accounts_now`: added on Settings or in the terminal since), says so as past rather than
    asking for one (the next round uses it: adding, editing or removing an account on Settings
    wakes the loop, `MailLoop.wake`)."""
    if state.no_account and accounts_now:
        return [NO_ACCOUNT_THEN]
    return state.said


def _words(done, names: dict[int, str]) -> list[str]:
    said = []
    if done.sent.sent:
        said.append(f"sent {len(done.sent.sent)}")
    if done.replies:
        said.append(f"{done.replies} new {'reply' if done.replies == 1 else 'replies'} read")
    for synced in done.synced:  # a reply showed that a send of unknown outcome arrived
        said += [_about(message_id, why, names) for message_id, why in synced.delivered]
    if said:
        return said
    return ["nothing sent" if done.problems or done.sent.failed or done.sent.retries else
            "nothing to send, no new replies"]


def _problems(done, zone, names: dict[int, str]) -> list[str]:
    """What went wrong in a round, one line each, in the desk's words: an account that could not
    send first (one line for all its due notes), then each note that failed or was held back."""
    report = done.sent
    lines = [account_line(problem, report, zone, names) for problem in report.account_problems]
    said_for_account = {p.line() for p in report.account_problems}
    lines += [desk_words(line) for line in done.problems if line not in said_for_account]  # replies not read
    waiting = {i for p in report.account_problems for i in p.messages}  # said in their account's line
    lines += [_about(r.message_id, f"{r.error}; tried again at {r.at.astimezone(zone):%H:%M}", names)
              for r in report.retries if r.message_id not in waiting]
    lines += [_about(message_id, why, names) for message_id, why in report.failed + report.held_back]
    # a send that may have arrived: the note named and linked, to say in its editor whether it did
    lines += [_about(message_id, why, names, link=True) + " Open it to say whether it arrived."
              for message_id, why in report.unknown]
    if report.held_by_rate:
        lines.append(f"{report.held_by_rate} held back by the rate limit until the next round")
    return lines


def account_line(problem, report, zone, names: dict[int, str] | None = None, *, one: bool = False) -> str:
    """An account that could not send, as the desk says it in one line: nothing was sent because of
    the account (and why), what to check (the account, on the Settings page), and that its notes
    wait: still approved, tried again at their next try (a server that could not be reached) or in
    the first round once the account works (a login refused, a password that cannot be read).
    `one`: said about the one note sent with Send now, in its editor."""
    failed = {message_id for message_id, _ in report.failed}
    notes = [i for i in problem.messages if i not in failed]  # one that gave up is said as failed
    retry = min((r.at for r in report.retries if r.message_id in notes), default=None)
    cannot = "cannot reach its server" if problem.temporary else "cannot send"
    error = desk_words(problem.error).removeprefix(f"account {problem.account}: ").rstrip(". ")
    check = "Check it on the Settings page (Test the connection)"
    then = (f"is tried again at {retry.astimezone(zone):%H:%M}" if retry is not None else
            "goes out once the account works, with no new approval")
    if one:
        return (f"Not sent: the mail account {problem.account} {cannot}: {error}. {check}; "
                f"the note stays approved and {then}.")
    if len(notes) == 1:
        whose = (names or {}).get(notes[0]) or "the due note"
        waits = f"{whose} waits, still approved, and {then}"
    else:
        then = then.replace("is tried", "are tried").replace("goes out", "go out")
        waits = f"the {len(notes)} due notes wait, still approved, and {then}"
    return f"Nothing was sent from the mail account {problem.account}, which {cannot}: {error}. {check}; {waits}."


def _about(message_id: int, why: str, names: dict[int, str], *, link: bool = False) -> str:
    """A line about one message, named as the desk names it ("The thank-you note to Ana Souza: ...");
    `link`: the name a link to its editor."""
    name = names.get(message_id) or "a note"
    shown = f"{name[:1].upper()}{name[1:]}"
    line = f"{shown}: {in_desk_words(why, message_id, name)}"
    if link:
        line = f"{draft_link(message_id, shown)}{line[len(shown):]}"
    return line.rstrip(".") + "." if link else line


def _feedback(desk, done) -> list[str]:
    """A reply the round read that answers your request for feedback (`SyncReport.feedback`): who,
    what it answers, and a link to record what they said ("Dana Weiss's reply answers your
    rejection reply, which asked for feedback: record what they said")."""
    from afterview.domain import model as m
    from afterview.interfaces.web.pages import _feedback_answer, _sender

    ids = [i for synced in done.synced for i in getattr(synced, "feedback", [])]
    if not ids:
        return []

    def say(tx) -> list[str]:
        facts = tx.facts()
        messages = {x.id: x for x in facts.messages}
        lines = []
        for reply in tx.list(m.Inbound, id=ids):
            answer = _feedback_answer(facts, reply, messages)
            if answer is None:
                continue
            link = page_link(f"/opportunities/{answer[1]}/rejection?reply={reply.id}#fb-text", "record what they said")
            lines.append(f"{_sender(facts, reply, own=True)} reply answers your {answer[0]}, which asked for "
                         f"feedback: {link}")
        return lines

    try:
        return desk.read(say)
    except AfterviewError:  # a comfort: the reply is on Today all the same
        return []


def _offers(desk, done) -> list[str]:
    """A reply the round read that said a decision date (`delivery.decision_offer`), or that says
    its sender has left (`delivery.left_notice`): what it said, and a link to Today's replies,
    where it is recorded ("Jordan Lee's reply: they said a decision by Thu 10 Dec 2026: record
    it on Today")."""
    from afterview.delivery.reading import has_left
    from afterview.interfaces.web.pages import _sender
    from afterview.services.delivery import decision_offer, left_notice, stated_decision_of

    records = [r for synced in done.synced for r in synced.recorded
               if stated_decision_of(r) is not None or has_left(r)]
    if not records:
        return []

    def say(tx) -> list[str]:
        facts = tx.facts()
        lines = []
        for reply in records:
            offer, notice = decision_offer(facts, reply), left_notice(facts, reply)
            if offer is not None:
                lines.append(f"{_sender(facts, reply, own=True)} reply: {offer.words}: "
                             f"{page_link('/#rep-h', 'record it on Today')}")
            if notice is not None:
                lines.append(f"{notice.words}: {page_link('/#rep-h', 'see Today')}")
        return lines

    try:
        return desk.read(say)
    except AfterviewError:  # a comfort: the reply is on Today all the same
        return []


def _names(desk, done) -> dict[int, str]:
    """The desk's name of each message the round has something to say about."""
    from afterview.domain import model as m

    report = done.sent
    ids = {i for p in report.account_problems for i in p.messages}
    ids |= {r.message_id for r in report.retries}
    ids |= {i for i, _ in report.failed + report.unknown + report.held_back}
    ids |= {i for synced in done.synced for i, _ in synced.delivered}
    if not ids:
        return {}

    def name_them(tx) -> dict[int, str]:
        found = {}
        messages = tx.list(m.Message, id=sorted(ids))
        people = {p.id: p.name for p in tx.list(m.Person, id=sorted({x.person_id for x in messages}))}
        for message in messages:
            found[message.id] = message_named(message.kind, people.get(message.person_id))
        return found

    try:
        return desk.read(name_them)
    except AfterviewError:  # a name is a comfort: the line is said without it
        return {}


# --- a reply told of by mistake, taken back ------------------------------------------------------
# The desk's mail and replies: *Recorded by mistake?* beside a reply you told of (They replied),
# under What came in on an opportunity's and a person's page (templates/reply_remove.html), posts
# here: it is taken back as `afterview replies remove` takes it back (`delivery.remove_reply`, in
# one transaction), and the line after says the same in the desk's words.

async def remove_reply(request):
    """Take back a reply told of by mistake, then go back to the page it was removed on. Without
    the Yes box ticked nothing is done; an unknown reply is a 404; mail read from the mailbox is
    refused in one line, with the desk's way instead (Filed under the wrong person?)."""
    from afterview.domain import model as m
    from afterview.errors import NotFound
    from afterview.interfaces.web.app import flash, redirect, unconfirmed
    from afterview.interfaces.web.common import desk, form, path_id, run, safe_next
    from afterview.interfaces.web.pages import held_text
    from afterview.services import delivery

    inbound_id = path_id(request)
    data = await form(request)
    the_desk = desk(request)
    back = safe_next(data.get("next"), "/")
    refused = unconfirmed(request, data, "Not removed: tick the box to confirm.", back)
    if refused is not None:
        return refused
    tz = await run(the_desk.user_tz)

    def remove_it(tx):
        record = tx.get(m.Inbound, inbound_id)  # an unknown one: a 404
        if not delivery.told_by_you(record):
            raise _NotRemoved(_not_told(tx, record))
        removed = delivery.remove_reply(tx, inbound_id, now=the_desk.now(), playbook=the_desk.playbook())
        return removed, removed_text(tx, removed, tz)

    try:
        removed, said = await run(the_desk.write, remove_it)
    except NotFound:
        raise
    except _NotRemoved as err:
        flash(request, str(err), "error")
        return redirect(back)
    except AfterviewError as err:  # a playbook that cannot be read, the store
        flash(request, f"Not removed: {desk_words(str(err))}", "error")
        return redirect(back)
    flash(request, said + await run(held_text, the_desk, removed.held) + ".")
    return redirect(back)


class _NotRemoved(AfterviewError):
    """A refusal said in the desk's own words (no command in it)."""


def _not_told(tx, record) -> str:
    from afterview.interfaces.web.refile import named

    facts = tx.facts()
    if record.kind != InboundKind.REPLY:
        return (f"Not removed: {named(record, facts.people)} was read from your mailbox, not told by you: it stays "
                "recorded; an automatic reply or a bounce has nothing to confirm, nothing to take back")
    return (f"Not removed: {named(record, facts.people)} was read from your mailbox, not told by you: it stays "
            "recorded; filed under the wrong person or opportunity, use Filed under the wrong person? beside it")


def removed_text(tx, removed, tz: str) -> str:
    """What `delivery.remove_reply` did, as the command line says it, in the desk's words (held-back
    notes are added by the caller): "Removed: the reply from Priya Nair on Thu 11 Feb 2027, 11:00,
    about Analytics Engineer at Meridian Health, is no longer recorded. Analytics Engineer at
    Meridian Health is interviewing again: the status it set (rejected) is taken back. The plan:
    the status follow-up to Priya Nair is now planned from …"."""
    from afterview.interfaces.web.refile import plan_text, where
    from afterview.interfaces.web.views import when

    facts = tx.facts()
    record, opportunity = removed.record, removed.opportunity
    person = facts.people.get(record.person_id) if record.person_id is not None else None
    who = person.name if person is not None else (record.from_address or "them")
    place = where(facts, opportunity.id) if opportunity is not None else ""
    lines = [f"Removed: the reply from {who} on {when(record.received_at, tz)}"
             + (f", about {place}," if place else "") + " is no longer recorded"]
    if removed.status_back is not None:
        lines.append(f"{place} is {opportunity.status.value} again: the status it set ({removed.status_back.value}) "
                     "is taken back")
    elif removed.status_gone is not None:
        lines.append(f"{place} stays {opportunity.status.value}, as decided since; the status it set "
                     f"({removed.status_gone.value}) leaves its history")
    if removed.status_kept:
        lines.append(desk_words(removed.status_kept).replace(f"opportunity {opportunity.id}", place))
    if removed.decision is not None:
        day = removed.decision[2]
        lines.append(f"Their notes of that interview still say a decision by {day:%a %d %b %Y}: if that came with "
                     "this reply and is wrong too, clear it on the interview's cards page")
    plan = plan_text(facts, removed.plan, tz)
    if plan:
        lines.append(plan)
    return ". ".join(line[:1].upper() + line[1:] for line in lines)


ROUTES = [
    Route("/replies/{id}/remove", remove_reply, methods=["POST"]),
    *form_pages({"/replies/{id}/remove": "/"}),
]
