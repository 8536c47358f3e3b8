"""What Afterview holds about one person: exported for them, or forgotten at their request.

`held_about` gathers it: the person, their places on interview panels, debriefs about them,
messages to them, replies and feedback from them, the status changes they told you of, the
decisions on actions planned for them, and what the state table remembers of them (what a
calendar export wrote, what imports took from a row naming them). `person_document` is that as
one JSON document (a data-subject access request), in the records' own `--json` form.

`forget_person` erases all of it in one transaction: all of it or nothing. The decisions a
status change records stay (the user's own record), without who told you; an interview stays
for the rest of its panel (one with nobody else on it stays with an empty panel: it is the
user's own interview, with its time and notes). The user's own free text that names them (an
interview's notes, a note to someone else, another person's debrief) is not rewritten: it is
counted, for the user to look at. A note on its way that cannot be stopped from here refuses
the whole: one being sent right now, or one whose copy waits in the Drafts folder
(`drafting.copy_in_drafts`: take it back first, `afterview approve ID --withdraw`).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from afterview.domain import model as m
from afterview.errors import Conflict

FORMAT = "afterview-person"
VERSION = 1

# State entries never about a contact: the user's profile, the database's identity and
# counters, mailbox positions, an account's hold, the desk's feed digest.
_OWN_STATE = ("profile", "identity", "revision", "web.calendar_feed", "worker:written")
_OWN_PREFIXES = ("sync:", "outbox:held:", "handed")
# State entries keyed by message id (delivery.outbox CARRIED and EARLY)
_BY_MESSAGE = ("outbox.carried", "outbox.early")
_CONNECTIONS = "imports.connections"  # (services.imports.CONNECTIONS_MEMORY): its entries name a person's id
_DROP = object()


@dataclass
class Held:
    """Everything held about one person."""

    person: m.Person
    panels: list[tuple[m.Interview, m.Role]] = field(default_factory=list)
    debriefs: list[m.Debrief] = field(default_factory=list)
    messages: list[m.Message] = field(default_factory=list)
    replies: list[m.Inbound] = field(default_factory=list)
    feedback: list[m.Feedback] = field(default_factory=list)
    told: list[tuple[m.Opportunity, m.StatusChange]] = field(default_factory=list)
    decisions: list[m.Decision] = field(default_factory=list)
    # state key -> what of it names them (the entries), and what it is without them (_DROP: all of it)
    state: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    # the user's own text that names them, not rewritten: (what, id)
    named_in: list[tuple[str, int]] = field(default_factory=list)

    def counts(self) -> Counter:
        return Counter({"person": 1, "panel places": len(self.panels), "debriefs": len(self.debriefs),
                        "messages": len(self.messages), "replies": len(self.replies),
                        "feedback": len(self.feedback), "decisions": len(self.decisions),
                        "status changes": len(self.told), "remembered entries": len(self.state)})

    def summary(self) -> str:
        """The counts in words: "1 person, 2 debriefs, 4 messages, 1 reply"."""
        words = {"person": ("person", "people"), "panel places": ("place on an interview panel", "places on interview panels"),
                 "debriefs": ("debrief", "debriefs"), "messages": ("message", "messages"),
                 "replies": ("reply", "replies"), "feedback": ("piece of feedback", "pieces of feedback"),
                 "decisions": ("decision on an action for them", "decisions on actions for them"),
                 "remembered entries": ("remembered entry (imports, calendar export)",
                                        "remembered entries (imports, calendar export)")}
        counts = self.counts()
        parts = [f"{n} {words[k][n != 1]}" for k, n in counts.items() if n and k in words]
        if counts["status changes"]:
            n = counts["status changes"]
            parts.append(f"who told you of {n} status change{'s' if n != 1 else ''} (the change stays)")
        return ", ".join(parts)

    def not_rewritten(self) -> str:
        """The user's own text that names them, in words ("" when none)."""
        if not self.named_in:
            return ""
        by: dict[str, list[str]] = {}
        for what, record_id in self.named_in:
            by.setdefault(what, []).append(str(record_id))
        listed = "; ".join(f"{what} {', '.join(ids)}" for what, ids in by.items())
        return f"your own text that names them is not rewritten: {listed}"


def _matcher(person: m.Person, *, by_part: bool = False):
    """Whether a text names the person: one of their addresses, their name as a whole word, or an
    action key planned for them ("thank_you:i3:p7"). `by_part`: their first name or their surname
    alone counts too (as written, a capital first: "Priya ran late", not "will" for Will), for
    text about their own company's processes, where "Priya" is most likely them."""
    from afterview.planner.facts import person_of_key

    emails = [e.casefold() for e in person.emails if e.strip()]
    name = " ".join(person.name.split()).casefold()
    pattern = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)") if name else None
    parts = [w for w in person.name.split() if len(w) > 1 and w[0].isupper()] if by_part else []
    part = re.compile(rf"(?<!\w)(?:{'|'.join(re.escape(w) for w in parts)})(?!\w)") if parts else None

    def hit(text: str) -> bool:
        folded = " ".join(text.split()).casefold()
        if any(e in folded for e in emails) or (pattern is not None and pattern.search(folded)):
            return True
        if part is not None and part.search(text):
            return True
        return ":p" in text and person_of_key(text) == person.id

    return hit


def _strip(value: Any, hit) -> Any:
    """`value` without what names them: an item of a list, an entry of an object whose key names
    them, an object one of whose texts names them (a record of theirs, all of it); _DROP when
    the value itself does."""
    if isinstance(value, str):
        return _DROP if hit(value) else value
    if isinstance(value, list):
        return [kept for kept in (_strip(item, hit) for item in value) if kept is not _DROP]
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if hit(str(key)):
                continue
            kept = _strip(item, hit)
            if kept is _DROP:
                if isinstance(item, str):  # one of its texts names them: the record is theirs
                    return _DROP
                continue
            out[key] = kept
        return out
    return value


def _state_about(tx, person: m.Person, message_ids: set[int]) -> dict[str, tuple[Any, Any]]:
    """The state entries that name them: key -> (the value as stored, the value without them)."""
    import sqlalchemy as sa

    from afterview.storage import schema

    hit = _matcher(person)
    found = {}
    for key, value in tx.connection.execute(sa.select(schema.state.c.key, schema.state.c.value)).all():
        if key in _OWN_STATE or key.startswith(_OWN_PREFIXES) or value is None:
            continue
        kept = value
        if key in _BY_MESSAGE and isinstance(value, dict):
            kept = {k: v for k, v in value.items() if not (str(k).isdigit() and int(k) in message_ids)}
        elif key == _CONNECTIONS and isinstance(value, dict):
            kept = {k: v for k, v in value.items() if not (isinstance(v, dict) and v.get("record") == person.id)}
        kept = _strip(kept, hit)
        if kept is _DROP or kept != value:
            found[key] = (value, kept)
    return found


def held_about(tx, person_id: int) -> Held:
    """Everything held about one person (NotFound when there is no such person)."""
    person = tx.get(m.Person, person_id)
    held = Held(person)
    for interview in tx.list(m.Interview):
        for place in interview.participants:
            if place.person_id == person_id:
                held.panels.append((interview, place.role))
    held.debriefs = tx.list(m.Debrief, person_id=person_id)
    held.messages = tx.list(m.Message, person_id=person_id)
    theirs = {x.id for x in held.messages}
    addresses = {e.casefold() for e in person.emails}
    held.replies = [x for x in tx.list(m.Inbound) if x.person_id == person_id
                    or (x.from_address and x.from_address.casefold() in addresses)
                    or (x.person_id is None and x.answers_message_id in theirs)]  # a bounce of a note to them
    held.feedback = tx.list(m.Feedback, person_id=person_id)
    held.told = [(o, c) for o in tx.list(m.Opportunity) for c in o.history if c.person_id == person_id]
    from afterview.planner.facts import person_of_key

    held.decisions = [d for d in tx.list(m.Decision) if person_of_key(d.action_key) == person_id]
    held.state = _state_about(tx, person, theirs)
    held.named_in = _named_in(tx, person, held)
    return held


def _named_in(tx, person: m.Person, held: Held) -> list[tuple[str, int]]:
    """The user's own text that names them and is not theirs: interviews' notes, notes to other
    people, other people's debriefs and notes, opportunities' notes and status changes' notes,
    companies' notes. In text about their company's processes (its interviews, notes and
    debriefs, notes to its people, its applications and its own notes) a first name or surname
    alone names them too (`_matcher`'s `by_part`); elsewhere their full name or an address."""
    hit, near = _matcher(person), _matcher(person, by_part=True)
    own_debriefs = {d.id for d in held.debriefs}
    opportunities = tx.list(m.Opportunity)
    theirs = {o.id for o in opportunities if person.company_id is not None and o.company_id == person.company_id}
    people_there = {p.id for p in tx.list(m.Person) if person.company_id is not None
                    and p.company_id == person.company_id}
    interviews = tx.list(m.Interview)
    at_theirs = {i.id for i in interviews if i.opportunity_id in theirs}
    found = [("interview", i.id) for i in interviews
             if (near if i.id in at_theirs else hit)(i.notes) or (near if i.id in at_theirs else hit)(i.stage)]
    found += [("message", x.id) for x in tx.list(m.Message) if x.person_id != person.id
              and any((near if x.opportunity_id in theirs or x.person_id in people_there else hit)(text)
                      for text in (x.body, x.subject))]
    found += [("debrief", d.id) for d in tx.list(m.Debrief) if d.id not in own_debriefs
              and (near if d.interview_id in at_theirs else hit)(
                  json.dumps([d.topics, d.rapport, d.concerns, d.promises, d.next_steps, d.notes], ensure_ascii=False))]
    found += [("person", p.id) for p in tx.list(m.Person) if p.id != person.id
              and (near if p.id in people_there else hit)(p.notes)]
    found += [("opportunity", o.id) for o in opportunities
              if any((near if o.id in theirs else hit)(text) for text in (o.notes, *(c.note for c in o.history)))]
    found += [("company", c.id) for c in tx.list(m.Company)
              if (near if c.id == person.company_id else hit)(c.notes)]
    return found


def person_document(tx, person_id: int, *, now: datetime) -> dict[str, Any]:
    """Everything held about one person as one JSON document (records in their `--json` form)."""
    from afterview.domain.keys import parse_key
    from afterview.domain.serialize import to_plain

    held = held_about(tx, person_id)
    person = held.person
    company = tx.get(m.Company, person.company_id) if person.company_id else None
    news_ids = {parse_key(x.action_key)[1].get("n") for x in held.messages
                if x.kind is m.MessageKind.SHARE_NEWS and parse_key(x.action_key)}
    return {
        "format": FORMAT, "version": VERSION, "exported_at": now.isoformat(),
        "person": to_plain(person),
        "company": to_plain(company) if company else None,
        "interviews": [{"interview_id": i.id, "opportunity_id": i.opportunity_id, "start": i.start.isoformat(),
                        "end": i.end.isoformat(), "stage": i.stage, "cancelled": i.cancelled, "role": role.value}
                       for i, role in held.panels],
        "debriefs": to_plain(held.debriefs),
        "messages": to_plain(held.messages),
        "replies": to_plain(held.replies),
        "feedback": to_plain(held.feedback),
        "status_changes": [{"opportunity_id": o.id, **to_plain(c)} for o, c in held.told],
        "news_shared": to_plain([n for n in tx.list(m.NewsItem) if n.id in news_ids]),
        "decisions": to_plain(held.decisions),
        "remembered": {key: _named_part(value, kept) for key, (value, kept) in held.state.items()},
        "named_in": [{"record": what, "id": record_id} for what, record_id in held.named_in],
    }


def _named_part(value: Any, kept: Any) -> Any:
    """Of a state entry, the part that names them: the whole value, or the entries left out."""
    if kept is _DROP or not isinstance(value, dict) or not isinstance(kept, dict):
        return value
    return {k: v for k, v in value.items() if kept.get(k) != v}


def check_forgettable(held: Held) -> None:
    """Conflict when a note to them is on its way and cannot be stopped from here: being sent
    right now, or its copy waiting in the Drafts folder (take it back first)."""
    from afterview.services.drafting import copy_in_drafts

    who = f"{held.person.name} (person {held.person.id})"
    for message in held.messages:
        if message.state is m.MessageState.SENDING:
            raise Conflict(f"message {message.id} to {who} is being sent right now: it cannot be stopped from here; "
                           "once it is sent or failed (afterview send-due says how it went), forget them again")
        if not message.state.is_final and copy_in_drafts(message):
            raise Conflict(f"message {message.id} to {who} is {message.note.split(';')[0]}: forgotten here, that copy "
                           f"would stay there and could still be sent; take it back first: afterview approve "
                           f"{message.id} --withdraw, then forget them")


def forget_person(tx, person_id: int) -> Held:
    """Erase the person and everything theirs or about them (see the module's docstring);
    returns what was erased. On SQLite the freed space is overwritten (secure_delete)."""
    import sqlalchemy as sa

    from afterview.storage import schema

    if tx.dialect == "sqlite":  # deleted rows are zeroed in the file, not left in free pages
        tx.connection.exec_driver_sql("PRAGMA secure_delete=ON")
    held = held_about(tx, person_id)
    check_forgettable(held)
    theirs = [x.id for x in held.messages]
    tx.connection.execute(schema.participants.delete().where(schema.participants.c.person_id == person_id))
    for debrief in held.debriefs:
        tx.delete(m.Debrief, debrief.id)
    for reply in held.replies:
        tx.delete(m.Inbound, reply.id)
    if theirs:  # someone else's reply to a note of theirs stays, no longer tied to it
        inbound = schema.MAPPINGS[m.Inbound].table
        tx.connection.execute(inbound.update().where(inbound.c.answers_message_id.in_(theirs))
                              .values(answers_message_id=None))
    for feedback in held.feedback:
        tx.delete(m.Feedback, feedback.id)
    for decision in held.decisions:
        tx.delete(m.Decision, decision.id)
    for message_id in theirs:
        tx.delete(m.Message, message_id)
    for opportunity in {id(o): o for o, _ in held.told}.values():
        for change in opportunity.history:
            if change.person_id == person_id:  # the decision stays; who told you goes with them
                change.person_id = None
        tx.update(opportunity)
    tx.delete(m.Person, person_id)
    for key, (_, kept) in held.state.items():
        if kept is _DROP:
            tx.connection.execute(schema.state.delete().where(schema.state.c.key == key))
        else:
            tx.set_state(key, kept)
    return held


def wipe_freed(store) -> bool:
    """After a forgetting on SQLite, move what the write-ahead log holds into the file and empty
    it, so that no older copy of their rows stays in it; False when a reader kept it from
    finishing (the desk, the worker: their next write does it)."""
    if store.dialect != "sqlite":
        return True
    try:
        with store.engine.connect() as conn:
            busy, _, _ = conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").one()
    except Exception:  # noqa: BLE001 - the erasure is committed; this is only tidying the log
        return False
    return not busy


def kept_elsewhere(store) -> str:
    """What forgetting cannot reach, in words the terminal and the desk both say: the user's
    mailbox, copies made before."""
    where = ""
    if store.dialect == "sqlite" and store.where:
        from pathlib import Path

        where = f" (and the copies kept beside the database at upgrades, in {Path(store.where).parent})"
    return ("mail to and from them in your own mailbox (Sent, INBOX, a copy you moved out of Drafts), "
            f"backups made before{where}, files you exported or saved (.eml, .ics, .csv, .vcf), "
            "and events already in your calendar program")
