"""The outbox's database steps: what is due, the claim, and the end of a send.

The claim is a conditional UPDATE (state approved/scheduled -> sending) that must change exactly
one row and is committed before the SMTP transaction starts, so two workers (or a worker and a
`send-due`) never send the same message, on SQLite as on PostgreSQL. Every later step is also
conditional on the state it expects, so a stale worker cannot overwrite a newer decision. The
outbox reads the message again in its claim's transaction (services.delivery): what goes out is
what is stored when it is claimed, not the copy a round loaded at its start.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import lru_cache

from afterview.domain.model import Channel, Message, MessageState

UNKNOWN_PREFIX = "outcome unknown"  # how the last error of a send that may have arrived begins
# Said with every unknown outcome, and stored with it (no command in it: the desk shows it too).
# The Sent folder cannot settle it: a copy Afterview files there itself is made only after the
# server's 250, so a send cut off just then arrived with no copy in Sent.
UNKNOWN_ADVICE = ("it may have arrived all the same (a send cut off after the server took it can leave no copy in "
                  "your Sent folder), so Afterview never sends it again on its own")
# The note of a message approved again after an unknown outcome, at the user's word (`resend`)
RESENT_NOTE = "approved again after an unknown outcome"


def outcome_unknown(message: Message) -> bool:
    """Whether the message's last send may have arrived although Afterview does not know it:
    interrupted after the message was handed over (or before its result was recorded), and
    neither found in the Sent folder nor answered since. Failed so, or a draft again (edited).
    Here, with the outbox, so that `today`'s listing asks it without the delivery services."""
    return (message.state in (MessageState.FAILED, MessageState.DRAFTED)
            and message.last_error.startswith(UNKNOWN_PREFIX))

# How a message's note begins once a copy of it left by another way than SMTP (see
# services.delivery: note_copy, to_mailto, and the desk's .eml download): the user sends that copy
# themselves. Here, with the outbox, so that `today`'s listing asks it without the delivery services.
COPY_NOTES = ("placed in ", "saved as ", "downloaded as ", "copied out as ")


def copied_out(message: Message) -> bool:
    """Whether a copy of the message went to Drafts, an .eml file or a mailto: link."""
    return message.note.startswith(COPY_NOTES)


SENDABLE = (MessageState.APPROVED.value, MessageState.SCHEDULED.value)
LEASE = timedelta(minutes=5)  # a send still "sending" after this was interrupted
BACKOFF = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=15), timedelta(hours=1), timedelta(hours=3))
MAX_ATTEMPTS = 8


def cut_off(message: Message, now: datetime) -> bool:
    """Whether a message being sent was claimed longer ago than the lease: the program sending it
    was interrupted (killed, or its result could not be recorded), and nothing sends it on. Only
    a round of the outbox (`send-due`, the worker, the desk's mail round) finds out whether it
    went: found in the Sent folder, it is sent; else failed, its outcome unknown, for the user to
    decide (see services.delivery.reconcile)."""
    return message.state == MessageState.SENDING and (message.updated_at is None
                                                       or message.updated_at <= now - LEASE)


def checked_from(claimed: datetime) -> datetime:
    """The first whole minute at which a send claimed at `claimed` counts as interrupted (its
    lease ended): said to the user, so rounded up, never down (a lease ending at 01:15:40 is
    "from 01:16 on")."""
    end = claimed + LEASE
    whole = end.replace(second=0, microsecond=0)
    return whole if whole == end else whole + timedelta(minutes=1)


def sending_words(message: Message, now: datetime, when) -> str:
    """What a listing says of a message being sent (`today`, `agenda`, `plan`, `why`), `when(moment)`
    giving a moment in the user's zone. Within its claim's lease it is being sent, or was cut off
    moments ago: the two look the same until the lease ends, so both are said, with the minute
    from which a cut-off send is found out. Past the lease it was cut off (`cut_off`), and what
    happens next is said: never "being sent now" for a send no program is making. Here, with the
    outbox, so that `today` says it without the delivery services."""
    claimed = message.updated_at
    if cut_off(message, now):
        at = f" at {when(claimed)}" if claimed is not None else ""
        return (f"its send was cut off{at} and it may have gone out: do not send it again; afterview send-due (or "
                "the worker) looks for it in your Sent folder and marks it sent if it is there, else asks you whether "
                "it arrived")
    return (f"being sent since {when(claimed)}; if no Afterview program is sending it, the send was cut off, and "
            f"afterview send-due finds out from {when(checked_from(claimed))} on whether it went out")


# A note found due longer than this after the moment it was set for was not sent then: nothing
# ran (the computer asleep, no worker running), or its account could not send. Before it goes, the
# outbox reviews the moment again for its recipient (services.delivery.review_late): it may be
# their night or their holiday now, or the note may have gone stale. Longer than a round of the
# desk's mail (a minute) and than `send-due` run by cron every hour, so that a note sent on time
# is never reviewed again; the worker adds its own interval to it.
GRACE = timedelta(hours=1)


def set_for(message: Message) -> datetime | None:
    """The moment an approved or scheduled message was set to go out: its scheduled time, else its
    approval (it goes with the next round)."""
    return message.scheduled_at or message.approved_at


def found_late(message: Message, now: datetime, grace: timedelta = GRACE) -> bool:
    """Whether an approved or scheduled note is due and its moment passed more than `grace` ago:
    it was not sent then, and is reviewed before it goes (see GRACE). Only a note drafted for a
    planned action (every note `afterview draft` makes), as the outbox's other checks of the plan:
    one with none (a record made by hand) has no plan to be reviewed against, and goes as set."""
    moment = set_for(message)
    return (message.state.value in SENDABLE and bool(message.action_key) and moment is not None
            and now - moment > grace)


# How the last error of a note the outbox moved to a later moment begins (see `move`)
MOVED = "moved to "


def moved(message: Message) -> bool:
    """Whether an approved or scheduled message was moved to a later moment by the outbox (found
    late at a bad moment for its recipient): its last error says from when, to when and why."""
    return message.state.value in SENDABLE and message.last_error.startswith(MOVED)


def late_words(message: Message, now: datetime, when) -> str:
    """What a listing says of a note on its way whose moment passed more than GRACE ago, nothing
    having sent it (`today`, `agenda`, `plan`; `when(moment)` gives a moment in the user's zone):
    not "goes with the next round", since the next round reviews it first. Here, with the outbox,
    so that `today` says it without the delivery services; "" for any other note."""
    if not found_late(message, now):
        return ""
    return (f"its moment, {when(set_for(message))}, passed and nothing sent it then: the next round (afterview "
            "send-due, the worker or the desk) looks at the moment again before it goes, and moves it to their next "
            "good moment, or makes it a draft again, if it no longer suits them (to send it now all the same: "
            f"afterview send {message.id} --now)")


def move(tx, message: Message, *, to: datetime, now: datetime, why: str) -> bool:
    """A due message found late (read as `message`) moved to a later moment `to`, scheduled, its
    last error saying why (it begins with MOVED). Conditional like the claim: only while it is
    still approved or scheduled for the moment it was read with, so that a program that claimed
    it meanwhile sends it once, and a note approved or scheduled again since is left alone."""
    t = _table(tx)
    at = t.c.scheduled_at.is_(None) if message.scheduled_at is None else t.c.scheduled_at == message.scheduled_at
    approved = t.c.approved_at.is_(None) if message.approved_at is None else t.c.approved_at == message.approved_at
    result = tx.connection.execute(
        t.update().where(t.c.id == message.id, t.c.state.in_(SENDABLE), at, approved)
        .values(state=MessageState.SCHEDULED.value, scheduled_at=to, updated_at=now, last_error=why))
    return result.rowcount == 1


def next_try(attempts: int, now: datetime) -> datetime | None:
    """When to try again after `attempts` temporary failures; None when it is time to give up."""
    if attempts >= MAX_ATTEMPTS:
        return None
    return now + BACKOFF[min(attempts, len(BACKOFF)) - 1]


def _table(tx):
    return tx.table(Message)


def due_ids(tx, now: datetime, limit: int, only: list[int] | None = None) -> list[int]:
    """Approved or scheduled email messages whose time has come, oldest first."""
    import sqlalchemy as sa

    t = _table(tx)
    query = (
        sa.select(t.c.id)
        .where(t.c.state.in_(SENDABLE), t.c.channel == Channel.EMAIL.value)
        .where(sa.or_(t.c.scheduled_at.is_(None), t.c.scheduled_at <= now))
        .order_by(sa.func.coalesce(t.c.scheduled_at, t.c.approved_at), t.c.id)
        .limit(limit)
    )
    if only is not None:
        query = query.where(t.c.id.in_(only))
    return list(tx.connection.execute(query).scalars())


def claim(tx, message_id: int, now: datetime, header: str = "") -> bool:
    """Move one due message to `sending`; False when another worker got it first.

    `header`: the Message-ID of the copy about to go out. A message approved before ids were
    fixed at approval has none stored yet: the claim stores it, in its one conditional statement,
    so that only the program that sends the message records its id (writing the whole record as
    it was read before the claim could put back a state another program set meanwhile, and send
    it twice). A message that has another id by now was built from a stale copy: not claimed.
    """
    params = {"mid": message_id, "now": now}
    if header:
        params["header"] = header
    result = tx.connection.execute(_claim_statement(_table(tx), bool(header)), params)
    if result.rowcount != 1:
        return False
    tx.handing_over()  # counted, so that an older copy of the file put back over it is found out (storage.store)
    return True


def finish(tx, message_id: int, *, state: MessageState, now: datetime, error: str = "",
           retry_at: datetime | None = None, note: str | None = None) -> bool:
    """End a send: sent, failed, or back to scheduled for a retry. Only from `sending`."""
    statement = _finish_statement(_table(tx), state, retry_at is not None, note is not None)
    params = {"mid": message_id, "now": now, "error": error, "retry_at": retry_at, "note": note}
    return tx.connection.execute(statement, params).rowcount == 1


# The outbox runs these once per message: built once, so SQLAlchemy only binds new values.
@lru_cache(maxsize=None)
def _claim_statement(t, header: bool = False):
    import sqlalchemy as sa

    now = sa.bindparam("now", type_=t.c.updated_at.type)
    # A message that only waited for its account (or its Sent folder) shows one attempt as a mark
    # (`wait_for_account`): its first real send is its first attempt. (One that had one real
    # attempt before it waited gets one more: never fewer than MAX_ATTEMPTS tries.)
    waited = sa.and_(t.c.attempts == 1, sa.or_(t.c.last_error.startswith(ACCOUNT_WAIT),
                                               t.c.last_error.startswith(SENT_UNCHECKED)))
    statement = (
        t.update()
        .where(t.c.id == sa.bindparam("mid"), t.c.state.in_(SENDABLE))
        .where(sa.or_(t.c.scheduled_at.is_(None), t.c.scheduled_at <= now))
        .values(state=MessageState.SENDING.value, attempts=sa.case((waited, 1), else_=t.c.attempts + 1),
                updated_at=now)
    )
    if header:  # its id stored with the claim, unless it has another one by now
        given = sa.bindparam("header", type_=t.c.message_id.type)
        statement = statement.where(sa.func.coalesce(t.c.message_id, "").in_(["", given])).values(message_id=given)
    return statement


@lru_cache(maxsize=None)
def _finish_statement(t, state: MessageState, retry: bool, note: bool):
    import sqlalchemy as sa

    now = sa.bindparam("now", type_=t.c.updated_at.type)
    values: dict = {"state": state.value, "updated_at": now, "last_error": sa.bindparam("error")}
    if state == MessageState.SENT:
        values["sent_at"] = now
    if retry:
        values["scheduled_at"] = sa.bindparam("retry_at", type_=t.c.scheduled_at.type)
    if note:
        values["note"] = sa.bindparam("note")
    return t.update().where(t.c.id == sa.bindparam("mid"), t.c.state == MessageState.SENDING.value).values(**values)


# The note of a message the server took while another program counted its send as cut off
# (`went_after_all`): recorded sent all the same, at the server's word.
TAKEN_LATE = "sent: the server took it after another program had counted its send as cut off"


def went_after_all(tx, message_id: int, *, attempts: int, claimed: datetime, header: str, at: datetime) -> bool:
    """A send the server took (its 250) whose claim another program settled meanwhile, as a send
    cut off (its lease ran out while the server was still taking it): recorded sent at `at` after
    all, so that it is never sent twice. Only while nothing else happened to it since: failed,
    its outcome unknown, by the settling of this very claim (`attempts` and `claimed`, its
    moment, as this program made it), or approved again after that unknown outcome (`approve
    --resend`) and not claimed since; and with the Message-ID it went out with (`header`)."""
    import sqlalchemy as sa

    t = _table(tx)
    settled = sa.and_(t.c.state == MessageState.FAILED.value, t.c.last_error.startswith(UNKNOWN_PREFIX),
                      t.c.attempts == attempts, t.c.updated_at == claimed)
    resent = sa.and_(t.c.state.in_(SENDABLE), t.c.note.startswith(RESENT_NOTE), t.c.attempts == 0)
    result = tx.connection.execute(
        t.update().where(t.c.id == message_id, sa.or_(settled, resent),
                         sa.func.coalesce(t.c.message_id, "") == header)
        .values(state=MessageState.SENT.value, sent_at=at, updated_at=at, last_error="", scheduled_at=None,
                note=TAKEN_LATE))
    return result.rowcount == 1


def finish_claimed(tx, message_id: int, *, state: MessageState, at: datetime, claimed: datetime, attempts: int,
                   header: str, error: str = "", retry_at: datetime | None = None) -> bool:
    """`finish` for a result kept aside while the database could not be written (see
    services.delivery.UNRECORDED_SUFFIX): only while the message is still in that very claim (its
    moment, its attempts and its Message-ID as the sending program made them)."""
    import sqlalchemy as sa

    t = _table(tx)
    values = _ended(state, at, error)
    if retry_at is not None:
        values["scheduled_at"] = retry_at
    result = tx.connection.execute(
        t.update().where(t.c.id == message_id, t.c.state == MessageState.SENDING.value, t.c.attempts == attempts,
                         t.c.updated_at == claimed, sa.func.coalesce(t.c.message_id, "") == header)
        .values(**values))
    return result.rowcount == 1


def _ended(state: MessageState, at: datetime, error: str) -> dict:
    """The values that end a claim: its outcome, when, why (and when it was sent, if it was)."""
    values: dict = {"state": state.value, "updated_at": at, "last_error": error}
    if state == MessageState.SENT:
        values["sent_at"] = at
    return values


def settle(tx, message: Message, *, state: MessageState, at: datetime, error: str = "",
           note: str | None = None) -> bool:
    """End a send found interrupted (`interrupted`, read as `message`): sent or failed, at `at`.

    Only while it is still the claim that was found: still sending, with the claim's moment
    and attempts as read. Two programs reconciling at once (two workers, a worker and
    `send-due` or the desk's mail round) both find it and both search the Sent folder; the
    first to write settles it, and the other changes nothing, so only the program that made
    the change says it (True). A claim made again since (approved again at the user's word,
    then claimed anew) is another send, left to the program that made it.
    """
    t = _table(tx)
    claimed = t.c.updated_at.is_(None) if message.updated_at is None else t.c.updated_at == message.updated_at
    values = _ended(state, at, error)
    if note is not None:
        values["note"] = note
    result = tx.connection.execute(
        t.update().where(t.c.id == message.id, t.c.state == MessageState.SENDING.value,
                         t.c.attempts == message.attempts, claimed).values(**values))
    return result.rowcount == 1


def note_unchanged(tx, message: Message, note: str, now: datetime) -> bool:
    """The note of a copy about to leave (Drafts) written on `message`, only while it is still as
    read (`message`: its state, moment of change, text, address and note): a program that
    approved, edited or copied it out meanwhile wins, and this changes nothing (False)."""
    import sqlalchemy as sa

    t = _table(tx)
    changed = t.c.updated_at.is_(None) if message.updated_at is None else t.c.updated_at == message.updated_at
    result = tx.connection.execute(
        t.update().where(t.c.id == message.id, t.c.state == message.state.value, changed,
                         t.c.subject == message.subject, t.c.body == message.body,
                         t.c.to_address == message.to_address, sa.func.coalesce(t.c.note, "") == message.note)
        .values(note=note, updated_at=now))
    return result.rowcount == 1


def fail_unsendable(tx, message_id: int, now: datetime, error: str) -> bool:
    """A due message that cannot even be built (a missing attachment): failed, not claimed."""
    t = _table(tx)
    result = tx.connection.execute(
        t.update().where(t.c.id == message_id, t.c.state.in_(SENDABLE))
        .values(state=MessageState.FAILED.value, updated_at=now, last_error=error)
    )
    return result.rowcount == 1


def hold(tx, message_id: int, now: datetime, why: str, *, state: MessageState = MessageState.DRAFTED,
         note: str | None = None, at: datetime | None = None) -> bool:
    """An approved or scheduled message back to a draft (its approval withdrawn), saying why.

    `state`: failed instead, for a message approved again after an unknown outcome (it goes back
    to what it was: a send that may have arrived); `note`, its note then; done elsewhere, for
    one whose action was marked done (`at`: the decision's moment, stamped as its update, as
    `done` stamps a draft it marks).
    Conditional on its state, like the claim: a message a worker already claimed is left alone.
    """
    t = _table(tx)
    values = dict(state=state.value, approved_at=None, scheduled_at=None, updated_at=at or now, last_error=why)
    if note is not None:
        values["note"] = note
    result = tx.connection.execute(t.update().where(t.c.id == message_id, t.c.state.in_(SENDABLE)).values(**values))
    return result.rowcount == 1


# How the last error of a message waiting begins: for its account (it cannot send: its server
# unreachable, its login refused), or for its Sent folder to be searched (see services.delivery).
ACCOUNT_WAIT = "waiting for its account: "
SENT_UNCHECKED = "waiting for its Sent folder: "


def wait_for_account(tx, message_id: int, now: datetime, why: str) -> bool:
    """A due message whose account cannot send (its server unreachable, its login refused, its
    password unreadable): not claimed, not failed; it stays approved or scheduled, its last error
    (`why`, beginning with ACCOUNT_WAIT or SENT_UNCHECKED) says why. Its attempts show 1 when none
    were made (so that it is not listed as on its way with nothing to do): a mark, not a try of
    its own, which its next claim does not count again (see `_claim_statement`)."""
    import sqlalchemy as sa

    t = _table(tx)
    result = tx.connection.execute(
        t.update().where(t.c.id == message_id, t.c.state.in_(SENDABLE))
        .values(last_error=why, updated_at=now, attempts=sa.case((t.c.attempts == 0, 1), else_=t.c.attempts))
    )
    return result.rowcount == 1


def delivered(tx, message_id: int, *, states: tuple[MessageState, ...], now: datetime, sent_at: datetime,
              note: str) -> bool:
    """A message shown to have arrived (a reply answers it): sent, whatever it was waiting for.

    Conditional on the states it may be found in, like every step of the outbox: a message
    sent, done or discarded meanwhile is left alone.
    """
    t = _table(tx)
    result = tx.connection.execute(
        t.update().where(t.c.id == message_id, t.c.state.in_([s.value for s in states]))
        .values(state=MessageState.SENT.value, sent_at=sent_at, updated_at=now, last_error="", note=note,
                scheduled_at=None)
    )
    return result.rowcount == 1


def interrupted(tx, now: datetime) -> list[Message]:
    """Messages left in `sending` longer than the lease: a worker died mid-send."""
    return [m for m in tx.list(Message, state=MessageState.SENDING) if cut_off(m, now)]


def sent_recently(tx, account: str, now: datetime) -> int:
    """How many messages this account sent in the last minute (for the rate limit)."""
    import sqlalchemy as sa

    t = _table(tx)
    query = sa.select(sa.func.count()).select_from(t).where(
        t.c.account == account, t.c.state.in_([MessageState.SENT.value, MessageState.SENDING.value]),
        sa.or_(t.c.sent_at > now - timedelta(minutes=1), t.c.state == MessageState.SENDING.value),
    )
    return int(tx.connection.execute(query).scalar_one())


# --- messages carried from another copy of the data (a restore, a copy of the database file) ---

# The state entry naming the messages this database got from elsewhere with the Message-ID they
# had there: record id -> {"message_id": header, "from": where from, in words}. Such a message may
# have gone from there already (the old machine's worker, the original file's), under that id: it
# is looked for in the Sent folder before it goes (services.delivery), and its approval says so.
CARRIED = "outbox.carried"
DRAFTED_BACK, MAY_HAVE_ARRIVED = "drafted", "may have arrived"  # what `carried_back` did


def carried_back(message: Message, *, while_sent: str, why: str = "") -> str:
    """A message of a database that came from elsewhere (a restore, a copy of the file) as it
    must be here: nothing goes out on its own, since the other copy may still send it, or have
    sent it since. Approved or scheduled: a draft again (its last error `why`, when given);
    being sent, or approved again after an unknown outcome: failed, its outcome unknown
    (`while_sent` says why for the first). Returns what it did (DRAFTED_BACK, MAY_HAVE_ARRIVED),
    or "" for a message left as it was."""
    state = message.state
    if state not in (MessageState.APPROVED, MessageState.SCHEDULED, MessageState.SENDING):
        return ""
    message.approved_at = message.scheduled_at = None
    if state == MessageState.SENDING:
        message.state = MessageState.FAILED
        message.last_error = f"{UNKNOWN_PREFIX}: {while_sent}; {UNKNOWN_ADVICE}"
        return MAY_HAVE_ARRIVED
    if message.note.startswith(RESENT_NOTE):  # approved again after an unknown outcome: back to that question
        message.state = MessageState.FAILED
        message.last_error = f"{UNKNOWN_PREFIX}: its send was interrupted; {UNKNOWN_ADVICE}"
        message.note = ""
        return MAY_HAVE_ARRIVED
    message.state = MessageState.DRAFTED
    if why:
        message.last_error = why
    return DRAFTED_BACK


def remember_carried(tx, messages: list[Message], origin: str) -> int:
    """Name in the state table the messages of `messages` (as stored) that carry a Message-ID and
    may still go out (none sent, done elsewhere or cancelled): they came from `origin` ("a copy of
    /old/afterview.db", "the backup it was restored from"), where they may have gone since.
    Returns how many."""
    carried = dict(tx.get_state(CARRIED) or {})
    named = 0
    for message in messages:
        if message.message_id and not message.state.is_final:
            carried[str(message.id)] = {"message_id": message.message_id, "from": origin}
            named += 1
    if named:
        tx.set_state(CARRIED, carried)
    return named


def searchable(messages: list[Message], accounts: dict | None = None) -> set[int]:
    """The ids of `messages` whose account can have its Sent folder searched before they go: one
    with an IMAP server, in `accounts` (by name), or, when not given, in this program's
    config.toml (none, when it cannot be read). A message names its account when approved; one
    that names none goes from the only account there is."""
    if accounts is None:
        from afterview.config import load_config
        from afterview.delivery.accounts import load_accounts
        from afterview.errors import AfterviewError

        try:
            accounts = load_accounts(load_config())
        except AfterviewError:
            accounts = {}
    found = set()
    for message in messages:
        name = message.account or (next(iter(accounts)) if len(accounts) == 1 else "")
        account = accounts.get(name)
        if account is not None and getattr(account, "imap_host", ""):
            found.add(message.id)
    return found


def carried(tx) -> dict[int, tuple[str, str]]:
    """The messages that came from elsewhere with their Message-ID: id -> (that Message-ID,
    where from). One read of the state table (a round of the outbox asks it once)."""
    found: dict[int, tuple[str, str]] = {}
    stored = tx.get_state(CARRIED) or {}
    if isinstance(stored, dict):
        for key, entry in stored.items():
            if isinstance(entry, dict) and str(key).isdigit() and isinstance(entry.get("message_id"), str):
                found[int(key)] = (entry["message_id"], str(entry.get("from") or "another copy of your data"))
    return found


def carried_from(known: dict[int, tuple[str, str]], message: Message) -> str:
    """Where `message` came from with the Message-ID it has now (from `carried`), or "": one
    that came so and may have gone from there already under that id."""
    entry = known.get(message.id)
    if entry is None or not message.message_id or entry[0] != message.message_id:
        return ""
    return entry[1]


# --- a moment chosen before the plan's earliest -----------------------------------------------

# The state entry naming the notes you set to go out before the plan's earliest moment for their
# action, on purpose (`send --at`, `send --now`, the desk's Schedule and Send now): record id ->
# {"at": that moment, "earliest": the plan's earliest then}, ISO. The outbox's pre-send check
# holds back a note set to go out before its action's earliest (the playbook or the records moved
# it later since it was set: services.delivery.unplanned), but not one of these, while its moment
# is not before the one you set (a retry goes later) and the plan's earliest has not moved later since.
EARLY = "outbox.early"


def remember_early(tx, message: Message, earliest: datetime) -> None:
    """Name `message` (as it is now scheduled) as set to go out before `earliest` on purpose;
    entries of notes no longer on their way are forgotten at the same time."""
    kept = {key: entry for key, entry in (tx.get_state(EARLY) or {}).items() if str(key).isdigit()}
    ids = sorted(int(key) for key in kept)
    if ids:
        waiting = {m.id for m in tx.list(Message, id=ids) if m.state.value in SENDABLE}
        kept = {key: entry for key, entry in kept.items() if int(key) in waiting}
    kept[str(message.id)] = {"at": message.scheduled_at.isoformat(), "earliest": earliest.isoformat()}
    tx.set_state(EARLY, kept)


def chosen_early(tx) -> dict[int, tuple[datetime, datetime]]:
    """The notes set to go out before the plan's earliest on purpose: id -> (the moment set, the
    plan's earliest then). One read of the state table."""
    found: dict[int, tuple[datetime, datetime]] = {}
    stored = tx.get_state(EARLY) or {}
    if isinstance(stored, dict):
        for key, entry in stored.items():
            try:
                found[int(key)] = (datetime.fromisoformat(entry["at"]), datetime.fromisoformat(entry["earliest"]))
            except (TypeError, KeyError, ValueError):  # an entry not written by this version: none
                continue
    return found

