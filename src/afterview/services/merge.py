"""Merging a person entered twice into the one to keep.

Everything of the duplicate moves over: their places on interview panels, debriefs, messages,
replies, feedback, the decisions on actions planned for them, and having told you about a
decision; their addresses, interests and notes join the kept person's. Then the duplicate is
deleted. One transaction: all of it or nothing.

A planned action's key names its person ("thank_you:i12:p7"), so the keys of the duplicate's
messages and decisions are rewritten to the kept person's: a thank-you marked done for the
duplicate stays done, and nothing is planned twice. One note per action stays open: a note that
was sent or may have arrived always stands, and a plain draft for its action is discarded.
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

    def summary(self) -> str:
        words = {"panels": ("interview panel", "interview panels"), "debriefs": ("debrief", "debriefs"),
                 "messages": ("message", "messages"), "decisions": ("decision", "decisions"),
                 "replies": ("reply", "replies"), "feedback": ("piece of feedback", "pieces of feedback"),
                 "statuses": ("status change", "status changes")}
        parts = [f"{n} {words[k][n != 1]}" for k, n in self.moved.items() if n and k in words]
        return ", ".join(parts) if parts else "nothing else"

    def notes(self) -> list[str]:
        """What to look at after the merge, one line each (the command line's words)."""
        lines = [f"message {i}: {why}" for i, why in self.held]
        lines += [f"message {i} discarded: {self.kept.name} has a note for the same action already"
                  for i in self.discarded]
        lines += [f"message {i} discarded: {why}" for i, why in self.superseded]
        return lines


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
        tx.update(message)
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
    _take_over(kept, duplicate)
    tx.update(kept)
    return result


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


def _take_over(kept: m.Person, duplicate: m.Person) -> None:
    """The kept person's own values stand; the duplicate's fill what is empty and add to lists."""
    kept.emails = _union(kept.emails, duplicate.emails)
    kept.tags = _union(kept.tags, duplicate.tags)
    for name in ("company_id", "title", "linkedin_url", "timezone", "country", "greet_as"):
        if not getattr(kept, name) and getattr(duplicate, name):
            setattr(kept, name, getattr(duplicate, name))
    kept.notes = _joined(kept.notes, duplicate.notes)
    if _CONNECTION_ORDER.index(duplicate.connection) > _CONNECTION_ORDER.index(kept.connection):
        kept.connection = duplicate.connection
        kept.connection_requested_at = duplicate.connection_requested_at or kept.connection_requested_at
        kept.connected_at = duplicate.connected_at or kept.connected_at
    # either of them asked not to be contacted: that stands
    kept.do_not_contact = kept.do_not_contact or duplicate.do_not_contact


def _union(first: list[str], second: list[str]) -> list[str]:
    return unique([*first, *second])


def _joined(first: str, second: str) -> str:
    if not second or second.strip() == first.strip():
        return first
    return f"{first}\n{second}" if first else second
