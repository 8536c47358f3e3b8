"""The timeline of an opportunity or a person, derived from the recorded facts (never stored)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Iterable

from afterview.domain import model as m
from afterview.domain.keys import parse_key


@dataclass(frozen=True, slots=True)
class Entry:
    at: datetime
    kind: str  # status, interview, message, reply, feedback, decision, planned
    text: str
    opportunity_id: int | None = None
    person_id: int | None = None
    planned: bool = False
    key: str = ""  # a planned action's key: the handle for `afterview why/done/snooze/skip`
    state: str = ""  # a planned action's state ("due", "upcoming", "held back", ...)
    # the opportunity it is about ("Data Engineer at Contoso"), in a timeline that spans more
    # than one (a person's): two thank-yous marked done at one minute say which is which
    about: str = ""


def _names(facts: m.Facts, ids: Iterable[int]) -> str:
    return ", ".join(facts.people[i].name for i in ids if i in facts.people)


# Events of one same moment (a day's commands all run with one --at, a reply and the status
# it confirmed) in the order things happen: the interview, what came in, the status it changed,
# what went out, the feedback, then what the user decided; within a kind, in the order recorded.
_KIND_ORDER = {"interview": 0, "reply": 1, "status": 2, "message": 3, "feedback": 4, "decision": 5}


def _entries(facts: m.Facts, folded: dict[int, Entry] | None = None) -> Iterable[tuple[datetime, int, Entry]]:
    """Each entry with the moment it is ordered by and its place among records of its kind.

    The moment is the entry's own, but a status change confirmed from a reply never comes before
    that reply (its Date, the sender's clock, may be a little later). The place is the record's
    id (ids only grow: the order they were recorded), a status change's place in its history.
    `folded`: message id -> the planned action it fulfils (`_fulfilling`).
    """
    replies = _reply_notes(facts)
    for opp in facts.opportunities.values():
        for n, change in enumerate(opp.history):
            reply = replies.get((opp.id, change.note))
            note = f" ({change.note})" if change.note and not _says_status(change) else ""
            if reply is not None:  # the reply it was confirmed from, by its person, on your day
                who = facts.people[reply.person_id].name if reply.person_id in facts.people else reply.from_address
                note = f" (from {who}'s reply of {_local(reply.received_at, facts.profile.timezone):%a %d %b %Y})"
            if change.person_id in facts.people:  # who delivered the news
                note = f" (told by {facts.people[change.person_id].name}){note}"
            after = reply.received_at if reply is not None else None
            yield (max(change.at, after) if after else change.at, n,
                   Entry(change.at, "status", f"{opp.role}: {change.status.value}{note}", opp.id))
    yield from _other_entries(facts, folded or {})


def _says_status(change: m.StatusChange) -> bool:
    """The note `afterview outcome` gives a decision recorded without one ("outcome: rejected"):
    the status says it already."""
    return change.note.replace("-", "_") == f"outcome: {change.status.value}"


def reply_status_note(inbound: m.Inbound) -> str:
    """The note `services.delivery.confirm_reply` writes on the status change a reply brought,
    by which the timeline finds that reply again (the text is stored: keep it as it is)."""
    return f"from the reply of {inbound.from_address} ({inbound.received_at:%Y-%m-%d})"


def _reply_notes(facts: m.Facts) -> dict[tuple[int, str], m.Inbound]:
    """(opportunity, note) of a status change confirmed from a reply -> that reply.

    The note is the one `services.delivery.confirm_reply` writes on the change; an automatic
    reply or a bounce, confirmed as seen, sets none (and may share a reply's note that day)."""
    return {(item.opportunity_id, reply_status_note(item)): item
            for item in facts.inbound
            if item.confirmed and item.opportunity_id is not None and item.kind == m.InboundKind.REPLY}


def _inbound_text(facts: m.Facts, item: m.Inbound) -> str:
    """An incoming message in words, by the person it is matched to (else its address); the
    timeline shows its kind already ("reply"), so the text does not say it again."""
    person = facts.people.get(item.person_id)
    who = person.name if person is not None else (item.from_address or "someone")
    back = f" (back {item.return_date.isoformat()})" if item.return_date else ""
    if item.kind == m.InboundKind.BOUNCE:
        return f"mail to {who} bounced" if person is not None else f"mail bounced ({who})"
    sender = (item.from_address or "").strip()
    if person is not None and sender and sender.casefold() not in {e.casefold() for e in person.emails}:
        # from another address (a colleague in their thread, a shared inbox): said as it came
        who = f"{sender} (filed under {person.name})"
    if item.kind == m.InboundKind.AUTO_REPLY:
        return f"automatic answer from {who}{back}"
    said = "" if item.classification == m.ReplyClass.OTHER else f" ({item.classification.value.replace('_', ' ')})"
    return f"{who} wrote back{said}"


_SAYS_FEEDBACK = re.compile(r"feedback\b\s*(?:[:\-\u2013\u2014]+\s*)?", re.IGNORECASE)


def _feedback_text(text: str) -> str:
    """Feedback as one line that says "feedback" once: "feedback: more depth in SQL", also when
    it was written "Feedback: more depth in SQL" or "Feedback from Sam: ..." ("feedback from
    Sam: ..."), not "feedback: Feedback: ...". All of it: a page or a terminal that has less
    room shortens it (at a word, saying so)."""
    said = " ".join(text.split())
    match = _SAYS_FEEDBACK.match(said)
    if match is None:
        return f"feedback: {said}"
    rest = said[match.end():]
    if not rest:
        return "feedback"
    if match.group(0).rstrip().lower() == "feedback":  # "Feedback from Sam: ...", "Feedback was ..."
        return f"feedback {rest}"
    return f"feedback: {rest}"


def _other_entries(facts: m.Facts, folded: dict[int, Entry]) -> Iterable[tuple[datetime, int, Entry]]:
    for interview in facts.interviews.values():
        panel = [p.person_id for p in interview.participants]
        label = interview.stage or f"{interview.format.value} interview"
        state = " (cancelled)" if interview.cancelled else ""
        text = f"{label}{state} with {_names(facts, panel) or 'nobody recorded'}"
        seq = interview.id or 0
        yield interview.start, seq, Entry(interview.start, "interview", text, interview.opportunity_id)
        for person_id in panel:
            yield interview.start, seq, Entry(interview.start, "interview", text, interview.opportunity_id, person_id)
    # a draft copied out and then marked done is one event: the decision says it ("marked done")
    marked = {d.action_key for d in facts.decisions if d.kind == m.DecisionKind.DONE}
    bounced: dict[int, datetime] = {}  # message -> when the first bounce about it came
    for item in facts.inbound:
        if item.kind == m.InboundKind.BOUNCE and item.answers_message_id is not None:
            first = bounced.get(item.answers_message_id)
            bounced[item.answers_message_id] = item.received_at if first is None else min(first, item.received_at)
    for msg in facts.messages:
        at = msg.sent_at or msg.scheduled_at or msg.updated_at or msg.created_at
        if at is None or (msg.state == m.MessageState.DONE_ELSEWHERE and msg.action_key in marked):
            continue
        who = facts.people[msg.person_id].name if msg.person_id in facts.people else "?"
        became = _became(msg, bounced.get(msg.id), facts.profile.timezone)
        text = f"{msg.kind.value.replace('_', ' ')} to {who}: {became}"
        if msg.subject:
            text += f" ({msg.subject})"
        action = folded.get(msg.id)
        if action is not None and not _goes(msg, action):
            continue  # a draft (or a note held back) is said on its planned action (`_fold`)
        yield at, msg.id or 0, Entry(at, "message", text, msg.opportunity_id if action is None else
                                     msg.opportunity_id or action.opportunity_id, msg.person_id,
                                     key=action.key if action is not None else "")
    for item in facts.inbound:
        yield (item.received_at, item.id or 0,
               Entry(item.received_at, "reply", _inbound_text(facts, item), item.opportunity_id, item.person_id))
    for fb in facts.feedback:
        yield (fb.received_at, fb.id or 0,
               Entry(fb.received_at, "feedback", _feedback_text(fb.text), fb.opportunity_id, fb.person_id))
    for decision in facts.decisions:
        entry = _decision_entry(facts, decision)
        if entry is not None:
            yield entry.at, decision.id or 0, entry
    for decision in facts.undone:  # both: what was decided then, and that it was taken back
        entry = _decision_entry(facts, decision)
        if entry is not None:
            yield entry.at, decision.id or 0, entry
            taken_back = f"{entry.text.split(': ', 1)[0]}: undone (was {_verb(decision, facts.profile.timezone)})"
            yield decision.undone_at, decision.id or 0, Entry(decision.undone_at, "decision", taken_back,
                                                              entry.opportunity_id, entry.person_id)


# What a message sent once may be after that: bounced (failed), discarded, or waiting to go again.
_AFTER_SENT = {m.MessageState.FAILED: "", m.MessageState.CANCELLED: "discarded",
               m.MessageState.DRAFTED: "a draft again", m.MessageState.APPROVED: "approved again",
               m.MessageState.SCHEDULED: "scheduled again"}


def _became(msg: m.Message, bounce: datetime | None, tz: str) -> str:
    """A message's state in words; for one that was sent and is no longer (it bounced), all it went
    through: "sent, bounced Tue 11 May 2027, then discarded Thu 13 May 2027" (days in the user's
    zone `tz`), not "cancelled", which would say it never went out."""
    state = msg.state.value.replace("_", " ")
    if msg.sent_at is None or msg.state not in _AFTER_SENT:
        return state
    bounced = msg.last_error.startswith("bounced:") or bounce is not None
    said = "sent"
    if bounced:
        said += f", bounced {_local(bounce, tz):%a %d %b %Y}" if bounce is not None else ", bounced"
    then = _AFTER_SENT[msg.state]
    if msg.state == m.MessageState.CANCELLED and msg.updated_at is not None:
        then += f" {_local(msg.updated_at, tz):%a %d %b %Y}"
    if then:
        said += f", then {then}"
    elif not bounced:
        said += ", then failed"
    return said


def decision_about(facts: m.Facts, ids: dict[str, int]) -> tuple[int | None, int | None]:
    """The opportunity and the person a decision's action is about, from the ids its key names
    (`keys.parse_key`): the opportunity named, else its interview's; None for what it names not."""
    opportunity_id = ids.get("o")
    if opportunity_id is None and ids.get("i") in facts.interviews:
        opportunity_id = facts.interviews[ids["i"]].opportunity_id
    return opportunity_id, ids.get("p")


def _decision_entry(facts: m.Facts, decision: m.Decision) -> Entry | None:
    """A done, skip or snooze the user recorded on a planned action, with its note; None for an
    action about an interview or an opportunity deleted since (ids are never reused, so such a
    decision can only be about the record that is gone)."""
    kind, ids = parse_key(decision.action_key) or (decision.action_key.split(":", 1)[0], {})
    if ("i" in ids and ids["i"] not in facts.interviews) or ("o" in ids and ids["o"] not in facts.opportunities):
        return None
    opportunity_id, person_id = decision_about(facts, ids)
    what = kind.split(".", 1)[0].replace("_", " ")
    who = facts.people[person_id].name if person_id in facts.people else "?"
    note = f" ({decision.note})" if decision.note else ""
    text = f"{what} to {who}: {_verb(decision, facts.profile.timezone)}{note}"
    return Entry(decision.at, "decision", text, opportunity_id, person_id)


def _verb(decision: m.Decision, tz: str) -> str:
    """What the decision did: "marked done", "skipped", "snoozed until 2026-12-03 09:00 CET" (in
    the user's zone `tz`, as every other time of the timeline)."""
    verb = {m.DecisionKind.DONE: "marked done", m.DecisionKind.SKIP: "skipped"}.get(decision.kind)
    if verb is None:  # a snooze
        verb = f"snoozed until {_local(decision.until, tz):%Y-%m-%d %H:%M %Z}" if decision.until else "snoozed"
    return verb


def _local(moment: datetime, tz: str) -> datetime:
    from afterview.domain.values import zone
    from afterview.errors import InvalidInput

    try:
        return moment.astimezone(zone(tz or "UTC"))
    except InvalidInput:  # a zone recorded before zones were checked: as stored
        return moment


def timeline(
    facts: m.Facts,
    *,
    opportunity_id: int | None = None,
    person_id: int | None = None,
    planned: Iterable[Entry] = (),
) -> list[Entry]:
    """Everything that happened (and is planned) for one opportunity or one person, in order."""

    def wanted(entry: Entry) -> bool:
        if opportunity_id is not None and entry.opportunity_id != opportunity_id:
            return False
        if person_id is not None:
            return entry.person_id == person_id
        return entry.person_id is None or entry.kind != "interview"

    planned = list(planned)
    folded = _fulfilling(facts, planned)
    # what happened, then what is planned (in the planner's order of due moments)
    entries = [(at, False, _KIND_ORDER.get(e.kind, 9), seq, e.text, e)
               for at, seq, e in _entries(facts, folded) if wanted(e)]
    entries += [(e.at, True, 9, n, "", e) for n, e in enumerate(_fold(facts, planned, folded)) if wanted(e)]
    entries.sort(key=lambda row: row[:5])
    return _abouts(facts, [row[5] for row in entries])


# A message on its way: said once, as the message, at the moment it goes (scheduled) or was
# approved; its planned action is folded into it (the message entry takes the action's key).
_ON_ITS_WAY = frozenset({m.MessageState.APPROVED, m.MessageState.SCHEDULED, m.MessageState.SENDING})
# A message not yet approved (a draft): said once, as its planned action (a failed send is an
# event of its own, beside the action still to do), at the moment it is due, with what the note is ("(due): drafted (Subject)").
_NOT_YET_OUT = frozenset({m.MessageState.PLANNED, m.MessageState.DRAFTED})


def _fulfilling(facts: m.Facts, planned: list[Entry]) -> dict[int, Entry]:
    """Message id -> the planned action it is the note of: a message drafted, approved or
    scheduled for the action's key (the planner's `in_progress`: the first such), never sent
    (a note that went out once and bounced is an event of its own, and so is its plan)."""
    keys = {e.key: e for e in planned if e.key}
    if not keys:
        return {}
    found: dict[int, Entry] = {}
    taken: set[str] = set()
    for msg in facts.messages:
        action = keys.get(msg.action_key)
        if (action is None or msg.action_key in taken or msg.id is None or msg.sent_at is not None
                or msg.state not in _ON_ITS_WAY | _NOT_YET_OUT):
            continue
        taken.add(msg.action_key)
        found[msg.id] = action
    return found


def _goes(msg: m.Message, action: Entry) -> bool:
    """Whether `msg`, the note of the planned `action`, is on its way: approved or scheduled, and
    not held back (a note the outbox holds back is said on its action, which says why)."""
    return msg.state in _ON_ITS_WAY and action.state != HELD_BACK


HELD_BACK = "held back"  # the state the desk gives an action whose approved note will not go


def _fold(facts: m.Facts, planned: list[Entry], folded: dict[int, Entry]) -> list[Entry]:
    """The planned entries with their notes folded in (`_fulfilling`): one whose note is on its way
    is left out (the message says it, with its moment and the key); one whose note is a draft
    says so: "thank you to Priya Raman (due): drafted (Thank you - Data Engineer interview)"."""
    if not folded:
        return planned
    messages = {msg.id: msg for msg in facts.messages if msg.id in folded}
    gone, drafts = set(), {}
    for message_id, action in folded.items():
        msg = messages[message_id]
        if _goes(msg, action):
            gone.add(action.key)
        else:
            subject = f" ({msg.subject})" if msg.subject else ""
            drafts[action.key] = f"{action.text}: {msg.state.value.replace('_', ' ')}{subject}"
    return [replace(e, text=drafts[e.key]) if e.key in drafts else e for e in planned if e.key not in gone]


def _abouts(facts: m.Facts, entries: list[Entry]) -> list[Entry]:
    """`entries` each with the opportunity it is about (`Entry.about`) when they span more than
    one. Two opportunities of one role at one company are told apart by their ids."""
    ids = {e.opportunity_id for e in entries if e.opportunity_id in facts.opportunities}
    if len(ids) < 2:
        return entries
    labels = {}
    for opportunity_id in ids:
        opportunity = facts.opportunities[opportunity_id]
        company = facts.companies.get(opportunity.company_id)
        labels[opportunity_id] = f"{opportunity.role} at {company.name}" if company else opportunity.role
    twice = {label for label in labels.values() if list(labels.values()).count(label) > 1}
    labels = {i: f"{label} (opportunity {i})" if label in twice else label for i, label in labels.items()}
    return [replace(e, about=labels[e.opportunity_id]) if e.opportunity_id in labels else e for e in entries]
