"""Merging a person entered twice into the one to keep.

Everything of the duplicate moves over: their places on interview panels, debriefs, messages,
replies, feedback, the decisions on actions planned for them, and having told you about a
decision; their addresses, interests and notes join the kept person's. Then the duplicate is
deleted. One transaction: all of it or nothing.

A planned action's key names its person ("thank_you:i12:p7"), so the keys of the duplicate's
messages and decisions are rewritten to the kept person's: a thank-you marked done for the
duplicate stays done, and nothing is planned twice. One note per action stays open: a note that
was sent or may have arrived always stands, and a plain draft for its action is discarded.

The kept person's own details stand: their first address stays first (the duplicate's follow
it), and the duplicate's title, time zone, country ... only fill what the kept person has not.
An unsent email moved over goes to the kept person's first address (a failed one keeps the
address it went to, the record of that send), and each one says where it goes; a draft that
names the duplicate's name where the kept person's is not is said, as `person edit --name`
says it (`pipeline.edit_person`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from afterview.domain import model as m
from afterview.errors import InvalidInput
from afterview.services.pipeline import take_back, unique

_CONNECTION_ORDER = [m.ConnectionState.NONE, m.ConnectionState.REQUESTED, m.ConnectionState.CONNECTED]


@dataclass
class Merged:
    """What a merge did: the kept person (as saved) and how many records moved, by kind."""

    kept: m.Person
    duplicate: m.Person
    moved: Counter = field(default_factory=Counter)
    # the duplicate's notes that were approved or scheduled: drafts again (they greet them by the
    # duplicate's name, perhaps at another address), (message id, why)
    held: list[tuple[int, str]] = field(default_factory=list)
    # the duplicate's unsent notes for an action the kept person has a note for already: discarded
    discarded: list[int] = field(default_factory=list)
    # the kept person's unsent plain drafts for an action whose note to the duplicate was sent or
    # may have arrived: discarded, that note stands (message id, why)
    superseded: list[tuple[int, str]] = field(default_factory=list)
    # each unsent email moved over and where it goes now
    addressed: list[Addressed] = field(default_factory=list)
    # the moved drafts whose text names the duplicate's name, not the kept person's (message id, action key)
    old_greeting: list[tuple[int, str]] = field(default_factory=list)
    was: str = ""  # the name those drafts name (the duplicate's; their greeting name when the names are one)
    now: str = ""  # the name said in its place
    # the kept person's details after the merge, in words: what the duplicate's filled, what of
    # theirs differed and was not taken, what the duplicate's decided (connection, do not contact)
    details: list[str] = field(default_factory=list)

    def summary(self) -> str:
        words = {"panels": ("interview panel", "interview panels"), "debriefs": ("debrief", "debriefs"),
                 "messages": ("message", "messages"), "decisions": ("decision", "decisions"),
                 "replies": ("reply", "replies"), "feedback": ("piece of feedback", "pieces of feedback"),
                 "statuses": ("status change", "status changes")}
        parts = [f"{n} {words[k][n != 1]}" for k, n in self.moved.items() if n and k in words]
        return ", ".join(parts) if parts else "nothing else"

    def notes(self) -> list[str]:
        """What to look at after the merge, one line each (the command line's words): the notes
        held, discarded, readdressed, and those that name the duplicate's name. (What became of
        the kept person's details: `details`.)"""
        lines = [f"message {i}: {why}" for i, why in self.held]
        lines += [f"message {i} discarded: {self.kept.name} has a note for the same action already"
                  for i in self.discarded]
        lines += [f"message {i} discarded: {why}" for i, why in self.superseded]
        return lines + self.moved_notes()

    def moved_notes(self) -> list[str]:
        """Of `notes`, where each moved email goes and the drafts that name the duplicate's name."""
        lines = [a.line(self.kept, self.duplicate) for a in self.addressed]
        for message_id, key in self.old_greeting:
            again = f"afterview draft {key} --force" if key else f"afterview edit {message_id}"
            lines.append(f"note: draft {message_id} names {self.was}, now {self.now}: correct it, or draft it again "
                         f"({again})")
        return lines


@dataclass(frozen=True)
class Addressed:
    """An unsent email moved over from the duplicate: the address it goes to now, and the one it
    had when that changed."""

    message_id: int
    to: str  # "" when neither of them has an address
    changed: bool = False  # readdressed to the kept person's first address
    was: str = ""  # its address before, when changed ("" for a draft that had none)
    failed: bool = False  # a failed send: it keeps the address it went to (the record of that send)
    busy: bool = False  # being sent right now: too late to change
    copied: bool = False  # a copy left another way (Drafts folder, .eml file, link) with the old address

    def line(self, kept: m.Person, duplicate: m.Person) -> str:
        if self.busy:
            return f"message {self.message_id} is being sent right now to {self.to} (afterview send-due says how it went)"
        if self.failed:
            return (f"message {self.message_id} (failed) went to {self.to}, an address of {kept.name}'s now: "
                    "approved again, it goes there")
        if not self.to:
            return f"draft {self.message_id}: no address ({kept.name} has none); add one before sending it"
        if not self.changed:
            return f"draft {self.message_id} goes to {self.to}"
        twin = f"person {duplicate.id}" if _one_name(duplicate, kept) else duplicate.name
        whose = f", {twin}'s" if self.was.casefold() in {e.casefold() for e in duplicate.emails} else ""
        was = f"was {self.was}{whose}" if self.was else "had none"
        text = f"draft {self.message_id}: now to {self.to}, {kept.name}'s first address ({was})"
        if self.copied:
            text += f"; the copy you made earlier still goes to {self.was}: delete it"
        return text


def rekey(key: str, duplicate_id: int, keep_id: int) -> str:
    """An action key for the duplicate, as the kept person's (the person is always last)."""
    from afterview.domain.keys import parse_key

    parsed = parse_key(key)
    tail = f":p{duplicate_id}"
    if parsed is None or parsed[1].get("p") != duplicate_id or not key.endswith(tail):
        return key
    return f"{key[:-len(tail)]}:p{keep_id}"


def merge_people(tx, duplicate_id: int, keep_id: int, *, now) -> Merged:
    if duplicate_id == keep_id:
        raise InvalidInput("that is the same person: name the duplicate, then the person to keep")
    duplicate = tx.get(m.Person, duplicate_id)  # NotFound (one line) for an unknown id
    kept = tx.get(m.Person, keep_id)
    result = Merged(kept=kept, duplicate=duplicate)
    moved = result.moved

    for interview in tx.list(m.Interview):
        ids = [p.person_id for p in interview.participants]
        if duplicate_id not in ids:
            continue
        if keep_id in ids:  # both on one panel: one place, with the role that says more
            twin_role = next(p.role for p in interview.participants if p.person_id == duplicate_id)
            interview.participants = [p for p in interview.participants if p.person_id != duplicate_id]
            for participant in interview.participants:
                if participant.person_id == keep_id and participant.role == m.Role.INTERVIEWER:
                    participant.role = twin_role
        else:
            for participant in interview.participants:
                if participant.person_id == duplicate_id:
                    participant.person_id = keep_id
        tx.update(interview)
        moved["panels"] += 1

    kept_debriefs = {d.interview_id: d for d in tx.list(m.Debrief, person_id=keep_id)}
    for debrief in tx.list(m.Debrief, person_id=duplicate_id):
        other = kept_debriefs.get(debrief.interview_id)
        if other is None:
            debrief.person_id = keep_id
            tx.update(debrief)
        else:  # both debriefed for one interview: one debrief with all of it
            for name in ("topics", "rapport", "concerns", "promises"):
                setattr(other, name, _union(getattr(other, name), getattr(debrief, name)))
            other.next_steps = _joined(other.next_steps, debrief.next_steps)
            other.notes = _joined(other.notes, debrief.notes)
            dates = [d for d in (other.decision_date, debrief.decision_date) if d is not None]
            other.decision_date = max(dates) if dates else None
            tx.update(other)
            tx.delete(m.Debrief, debrief.id)
        moved["debriefs"] += 1

    # One note per action. A note that was sent or may have arrived (`_went`) always stands: a
    # plain draft for its action, the duplicate's or the kept person's, goes to the bin (kept, it
    # would send a second copy). Of two plain drafts, the kept person's own stands.
    unsent = (m.MessageState.DRAFTED, m.MessageState.APPROVED, m.MessageState.SCHEDULED, m.MessageState.FAILED)
    kept_messages = tx.list(m.Message, person_id=keep_id)
    kept_keys = {x.action_key for x in kept_messages if x.action_key and (x.state in unsent or _went(x))}
    # where the duplicate's unsent emails go: the kept person's first address (theirs, else the duplicate's)
    first = kept.email or duplicate.email
    mine: list[m.Message] = []
    for message in tx.list(m.Message, person_id=duplicate_id):
        message.person_id = keep_id
        message.action_key = rekey(message.action_key, duplicate_id, keep_id)
        if message.action_key and _went(message):
            for plain in kept_messages:
                if plain.action_key == message.action_key and plain.state in unsent and not _went(plain):
                    _bin(plain, now)
                    tx.update(plain)
                    result.superseded.append((plain.id, f"the note for the same action written to {duplicate.name} "
                                              f"(message {message.id}) {_how_it_went(message)}"))
        elif message.state in unsent and message.action_key and message.action_key in kept_keys:
            # the kept person's own stands (or one of theirs was sent or may have arrived)
            _bin(message, now)
            result.discarded.append(message.id)
        addressed = _address(message, first)
        if addressed is not None:
            result.addressed.append(addressed)
        tx.update(message)
        mine.append(message)
        moved["messages"] += 1
        result.held += take_back(tx, [message], now, f"it was written to {duplicate.name} (person {duplicate_id}), "
                                 f"merged into {kept.name}", "read it, then approve it again")
    for decision in tx.list(m.Decision):
        key = rekey(decision.action_key, duplicate_id, keep_id)
        if key != decision.action_key:
            decision.action_key = key
            tx.update(decision)
            moved["decisions"] += 1
    for cls, name in ((m.Inbound, "replies"), (m.Feedback, "feedback")):
        for record in tx.list(cls, person_id=duplicate_id):
            record.person_id = keep_id
            tx.update(record)
            moved[name] += 1
    for opportunity in tx.list(m.Opportunity):
        told = [change for change in opportunity.history if change.person_id == duplicate_id]
        for change in told:
            change.person_id = keep_id
        if told:
            tx.update(opportunity)
            moved["statuses"] += len(told)

    tx.delete(m.Person, duplicate_id)  # before the kept person takes over their addresses
    result.details = _take_over(tx, kept, duplicate)
    tx.update(kept)
    _old_greetings(tx, result, [x.id for x in mine])
    return result


def _address(message: m.Message, first: str) -> Addressed | None:
    """Where a moved unsent email goes (readdressed to `first`, the kept person's first address,
    when it had another); None for a note that is not an email, went, is going or was discarded."""
    from afterview.delivery.outbox import copied_out

    if message.channel != m.Channel.EMAIL or message.state.is_final or _went(message) and (
            message.state != m.MessageState.SENDING):
        return None
    old = message.to_address
    if message.state == m.MessageState.SENDING:
        return Addressed(message.id, old, busy=True) if old.casefold() != first.casefold() else None
    if message.state == m.MessageState.FAILED and old:  # the record of that send: kept as it went
        return Addressed(message.id, old, failed=True)
    if old.casefold() == first.casefold():
        return Addressed(message.id, old)
    if not first:  # neither of them has an address (an old one is no longer theirs): none, as `person edit` leaves it
        message.to_address = ""
        return Addressed(message.id, "", changed=True, was=old)
    message.to_address = first
    return Addressed(message.id, first, changed=True, was=old, copied=bool(old) and copied_out(message))


def _old_greetings(tx, result: Merged, moved: list[int]) -> None:
    """The moved drafts that name the duplicate by their name (or greet them as they were greeted)
    and not the kept person: to correct, or draft again (as `person edit --name` says them)."""
    from afterview.services.pipeline import renaming

    change = renaming(result.duplicate, result.kept)
    if change.was == change.said:
        return
    held = {i for i, _ in result.held}
    result.old_greeting = [(x.id, x.action_key) for x in tx.list(m.Message, person_id=result.kept.id)
                           if x.id in moved and x.id not in held and change.names_old(x)]
    result.was, result.now = change.was, change.said


def _one_name(first: m.Person, second: m.Person) -> bool:
    return " ".join(first.name.split()) == " ".join(second.name.split())


def _went(message: m.Message) -> bool:
    """Whether the message was sent (or is going, or was sent by hand), or may have arrived."""
    from afterview.delivery.outbox import outcome_unknown

    return message.state in (m.MessageState.SENT, m.MessageState.SENDING, m.MessageState.DONE_ELSEWHERE) or (
        outcome_unknown(message))


def _how_it_went(message: m.Message) -> str:
    return {m.MessageState.SENT: "was sent", m.MessageState.SENDING: "is being sent",
            m.MessageState.DONE_ELSEWHERE: "was sent (marked done)"}.get(message.state, "may have arrived already")


def _bin(message: m.Message, now) -> None:
    message.state, message.approved_at, message.scheduled_at = m.MessageState.CANCELLED, None, None
    message.updated_at = now


_DETAILS = {"company_id": "company", "title": "title", "linkedin_url": "LinkedIn", "timezone": "time zone",
            "country": "country", "greet_as": "greet as"}


def _take_over(tx, kept: m.Person, duplicate: m.Person) -> list[str]:
    """The kept person's own values stand; the duplicate's fill what is empty and add to lists.
    Returns what that did, in words: what was taken from the duplicate, what of theirs was not."""
    own = list(kept.emails)
    twin = duplicate.name if not _one_name(duplicate, kept) else f"person {duplicate.id}"
    kept.emails = _union(kept.emails, duplicate.emails)
    kept.tags = _union(kept.tags, duplicate.tags)
    filled, differed = [], []

    def said(name: str, value) -> str:
        if name == "company_id":
            return tx.get(m.Company, value).name
        return value

    for name, label in _DETAILS.items():
        theirs, mine = getattr(duplicate, name), getattr(kept, name)
        if not theirs:
            continue
        if not mine:
            setattr(kept, name, theirs)
            filled.append(f"{label} {said(name, theirs)}")
        elif mine != theirs:
            differed.append(f"{label} {said(name, mine)} ({twin} had {said(name, theirs)})")
    kept.notes = _joined(kept.notes, duplicate.notes)
    lines = []
    added = kept.emails[len(own):]
    if own and added:
        lines.append(f"{kept.name}'s addresses: {', '.join([f'{own[0]} (first, as before)', *own[1:]])}, "
                     f"then {', '.join(added)} ({twin}'s)")
    if filled:
        lines.append(f"taken from {twin}, as {kept.name} had none: {', '.join(filled)}")
    if differed:
        lines.append(f"{kept.name}'s own kept: {', '.join(differed)}")
    if _CONNECTION_ORDER.index(duplicate.connection) > _CONNECTION_ORDER.index(kept.connection):
        kept.connection = duplicate.connection
        kept.connection_requested_at = duplicate.connection_requested_at or kept.connection_requested_at
        kept.connected_at = duplicate.connected_at or kept.connected_at
        lines.append(f"LinkedIn: {kept.connection.value}, as {twin} was (the further of the two)")
    # either of them asked not to be contacted: that stands
    if duplicate.do_not_contact and not kept.do_not_contact:
        kept.do_not_contact = True
        lines.append(f"do not contact: {twin} was marked so, and so is {kept.name} now")
    return lines


def _union(first: list[str], second: list[str]) -> list[str]:
    return unique([*first, *second])


def _joined(first: str, second: str) -> str:
    if not second or second.strip() == first.strip():
        return first
    return f"{first}\n{second}" if first else second
