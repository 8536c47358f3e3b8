"""Merging a person (or a company) entered twice into the one to keep.

Everything of the duplicate moves over: their places on interview panels, debriefs, messages,
replies, feedback, the decisions on actions planned for them, and having told you about a
decision; their addresses, interests and notes join the kept person's. Then the duplicate is
deleted. One transaction: all of it or nothing.

A planned action's key names its person ("thank_you:i12:p7"), so the keys of the duplicate's
messages and decisions are rewritten to the kept person's: a thank-you marked done for the
duplicate stays done, and nothing is planned twice. One note per action stays open: of the two
people's notes for one action, the one furthest along stands (sent or may have arrived >
approved or scheduled > failed > edited draft > plain draft; the kept person's own on a tie),
and the others are discarded, each said with the note kept and why. A note that was sent or may
have arrived always stands.

An approved or scheduled note of the duplicate's keeps its approval only when it goes out as it
was approved: the same address, the same name greeted. Otherwise it is a draft again, saying
why. A note about an interview both were on may name the other as a fellow interviewer ("Speaking
with Dana Reyes showed me ..."), now the very person it is written to: approved, it is a draft
again; a draft is said, to correct or draft again.

The kept person's own details stand: their first address stays first (the duplicate's follow
it), and the duplicate's title, time zone, country ... only fill what the kept person has not.
An unsent email moved over goes to the kept person's first address (a failed one keeps the
address it went to, the record of that send), and each one says where it goes; a draft that
names the duplicate's name where the kept person's is not is said, as `person edit --name`
says it (`pipeline.edit_person`). A time zone or country taken from the duplicate moves the
times of the notes on their way to the kept person: each is said, with its time on their clock.

A company entered twice ("Contoso" and "Contoso GmbH" from two imports) is merged the same way
(`merge_companies`): its opportunities, people and news items move to the company kept, whose
own website and sector stand (the duplicate's fill only what it lacks) and whose notes gain the
duplicate's; the duplicate's name is kept among the names the company went by (`former_names`),
and the notes on their way that name it are said as `company edit --name` says them
(`pipeline.company_renamed`): approved or scheduled ones are drafts again, drafts are named.
Records keep their ids, so the plan is the one the company would have had from the start.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from afterview.domain import model as m
from afterview.errors import InvalidInput
from afterview.services.pipeline import renaming, take_back, unique

_CONNECTION_ORDER = [m.ConnectionState.NONE, m.ConnectionState.REQUESTED, m.ConnectionState.CONNECTED]


@dataclass
class Merged:
    """What a merge did: the kept person (as saved) and how many records moved, by kind."""

    kept: m.Person
    duplicate: m.Person
    at: datetime | None = None  # the moment of the merge
    moved: Counter = field(default_factory=Counter)
    # approved or scheduled notes that are drafts again (message id, why): the duplicate's whose
    # address or greeting changed, and any that names one of them as someone else on a panel
    # both were on, now the person it is written to
    held: list[tuple[int, str]] = field(default_factory=list)
    # the duplicate's approved or scheduled notes whose approval stands: the same address, the same name
    approval_kept: list[int] = field(default_factory=list)
    # of two notes for one action, the one not as far along (`_rank`), binned (message id, why):
    # the duplicate's, and the kept person's own
    discarded: list[tuple[int, str]] = field(default_factory=list)
    superseded: list[tuple[int, str]] = field(default_factory=list)
    # drafts that name one of them as someone else on a panel both were on, now the person they
    # go to: (message id, action key, interview id, the name)
    self_named: list[tuple[int, str, int, str]] = field(default_factory=list)
    # when the kept person's time zone or country came from the duplicate: what they were
    # (zone, country), and the notes on their way to them (message id, action key, scheduled at)
    place_was: tuple[str, str] | None = None
    on_the_way: list[tuple[int, str, datetime | None]] = field(default_factory=list)
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

    def notes(self, tz: str = "UTC", due: dict[int, datetime] | None = None) -> list[str]:
        """What to look at after the merge, one line each (the command line's words): the notes
        discarded (which one stands, and why), held, kept approved, readdressed, those that name
        the duplicate's name or name either of them as someone else, and the notes on their way
        when the kept person's zone or country changed (`tz`: the zone times are said in; `due`:
        message id -> the moment its action is due by now, for one set to go out after it).
        (What became of the kept person's details: `details`.)"""
        lines = [f"message {i} discarded: {why}" for i, why in self.discarded + self.superseded]
        lines += [f"message {i}: {why}" for i, why in self.held]
        lines += [f"message {i} stays approved: it goes to the address and greets the name it was approved with"
                  for i in self.approval_kept]
        return lines + self.moved_notes(tz) + self.place_notes(tz, due or {})

    def place_notes(self, tz: str = "UTC", due: dict[int, datetime] | None = None) -> list[str]:
        """The notes on their way to the kept person when their time zone or country came from the
        duplicate: the time each goes out, as it is now on their clock (`due`: as in `notes`)."""
        if self.place_was is None or not self.on_the_way:
            return []
        from afterview.domain.values import wall_clock

        kept, due = self.kept, due or {}
        # (only what they lacked is taken: a zone or a country they had before stays theirs)
        changed = [f"{label} {now}" for label, now, was in (("time zone", kept.timezone, self.place_was[0]),
                                                            ("country", kept.country, self.place_was[1])) if now != was]
        lines = [f"{kept.name} has {' and '.join(changed)} now, from person {self.duplicate.id}: the notes on their "
                 f"way to them were timed without it; check each"]
        for message_id, key, at in self.on_the_way:
            if at is None:
                lines.append(f"message {message_id} is approved to go at the next send, whatever their time")
                continue
            theirs = wall_clock(at, kept.timezone) if kept.timezone else ""
            text = (f"message {message_id} is scheduled for {wall_clock(at, tz)} ({tz})"
                    + (f": {theirs} their time ({kept.timezone})" if theirs else ""))
            late = due.get(message_id)
            if late is not None and at > late:
                text += (f", after {wall_clock(late, kept.timezone or tz)} "
                         f"their time, when it is due by now (afterview why {key})")
            lines.append(text + f"; to send it at another time: afterview send {message_id} --at WHEN")
        return lines

    def moved_notes(self, tz: str = "UTC") -> list[str]:
        """Of `notes`, where each moved email goes, the drafts that name the duplicate's name, and
        those that name either of them as someone else on a panel both were on."""
        lines = [a.line(self.kept, self.duplicate, tz, self.at) for a in self.addressed]
        for message_id, key in self.old_greeting:
            again = f"afterview draft {key} --force" if key else f"afterview edit {message_id}"
            lines.append(f"note: draft {message_id} names {self.was}, now {self.now}: correct it, or draft it again "
                         f"({again})")
        for message_id, key, interview_id, name in self.self_named:
            again = f"afterview draft {key} --force" if key else f"afterview edit {message_id}"
            lines.append(f"note: draft {message_id} names {name} as someone else on the panel of interview "
                         f"{interview_id}, now the person it goes to: correct it, or draft it again ({again})")
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
    busy: bool = False  # being sent, or its send was cut off: too late to change
    sending: m.Message | None = None  # when busy: the message as claimed (said as `today` says it)
    copied: bool = False  # a copy left another way (Drafts folder, .eml file, link) with the old address

    def line(self, kept: m.Person, duplicate: m.Person, tz: str = "UTC", at: datetime | None = None) -> str:
        """Its line in `notes`; `at`: the moment of the merge, against which a send under way is
        said (outbox.sending_words: being sent since ..., or cut off), on the clock of `tz`."""
        if self.busy:
            return f"message {self.message_id} goes to {self.to}, too late to change it: {self._sending(tz, at)}"
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


    def _sending(self, tz: str, at: datetime | None) -> str:
        from afterview.delivery.outbox import sending_words
        from afterview.domain.values import wall_clock

        if self.sending is None or at is None:
            return "afterview send-due says how it went"
        return sending_words(self.sending, at, lambda moment: wall_clock(moment, tz))


def merge_doubts(tx, duplicate: m.Person, kept: m.Person) -> str:
    """Why the two may not be one person, in words ("their names differ (Dana Reyes; Priya Raman)";
    "" when nothing says so): names that are not one name written two ways (`alike_names`), or two companies (not one company's two spellings).
    Asked before a merge, which has no undo: most likely the wrong ids were typed."""
    from afterview.importers.names import company_key

    doubts = []
    if not alike_names(duplicate.name, kept.name):
        doubts.append(f"names differ ({duplicate.name}; {kept.name})")
    if duplicate.company_id and kept.company_id and duplicate.company_id != kept.company_id:
        theirs, mine = tx.get(m.Company, duplicate.company_id).name, tx.get(m.Company, kept.company_id).name
        if company_key(theirs) != company_key(mine):
            doubts.append(f"companies differ ({theirs}; {mine})")
    if not doubts:
        return ""
    return f"their {' and their '.join(doubts)}"


def alike_names(one: str, other: str) -> bool:
    """Whether two names may be one person's written two ways: the same words in any order, case,
    accents, punctuation and titles aside ("Dr. José García", "garcia jose"); one with words left
    out or given as initials ("Priya Raman", "Priya", "P. Raman"); the same letters spaced otherwise
    ("Mary-Ann", "Maryann"); or one typo apart (`pipeline.one_typo_apart`)."""
    from afterview.domain.names import without_titles
    from afterview.importers.names import fold
    from afterview.services.pipeline import one_typo_apart

    first, second = (fold(without_titles(name) or name).split() for name in (one, other))
    if not first or not second or "".join(first) == "".join(second):
        return True
    if one_typo_apart(" ".join(first), " ".join(second)):
        return True
    short, long = sorted((first, second), key=len)
    left = list(long)
    for word in short:
        match = next((w for w in left if w == word or ((len(word) == 1 or len(w) == 1) and w[0] == word[0])
                      or one_typo_apart(w, word)), None)
        if match is None:
            return False
        left.remove(match)
    return True


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
    result = Merged(kept=kept, duplicate=duplicate, at=now)
    moved = result.moved
    shared: set[int] = set()  # the interviews both were on

    for interview in tx.list(m.Interview):
        ids = [p.person_id for p in interview.participants]
        if duplicate_id not in ids:
            continue
        if keep_id in ids:  # both on one panel: one place, with the role that says more
            shared.add(interview.id)
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

    # One note per action: of the kept person's and the duplicate's for one action, the one
    # furthest along stands (`_rank`: sent or may have arrived > approved or scheduled > failed >
    # edited draft > plain draft; the kept person's own on a tie) and the others go to the bin.
    # A note that was sent or may have arrived is never binned (it is the record of a send).
    kept_messages = tx.list(m.Message, person_id=keep_id)
    twin_messages = tx.list(m.Message, person_id=duplicate_id)
    theirs = {x.id for x in twin_messages}
    for message in twin_messages:
        message.person_id = keep_id
        message.action_key = rekey(message.action_key, duplicate_id, keep_id)
    binned = _one_per_action(tx, result, kept_messages + twin_messages, theirs, now)
    # where the duplicate's unsent emails go: the kept person's first address (theirs, else the duplicate's)
    first = kept.email or duplicate.email
    change = renaming(duplicate, kept)
    mine: list[m.Message] = []
    for message in twin_messages:
        addressed = None if message.id in binned else _address(message, first)
        if addressed is not None:
            result.addressed.append(addressed)
        tx.update(message)
        mine.append(message)
        moved["messages"] += 1
        if message.id in binned or message.state not in (m.MessageState.APPROVED, m.MessageState.SCHEDULED):
            continue
        # its approval stands only when nothing it was approved with changes: the address it
        # goes to, the name it greets, and no one else it names is now the person it is written to
        causes = []
        readdressed = addressed is not None and addressed.changed
        renamed = change.was != change.said  # (of one name: the names each greets them by)
        if renamed or readdressed:
            was, now_said = (change.was, change.said) if renamed else (duplicate.name, kept.name)
            causes.append(f"it was written to {was} (person {duplicate_id}), merged into {now_said}"
                          + (f": it goes to {addressed.to or 'no address'} now, not {addressed.was or 'no address'} "
                             "as approved" if readdressed else ""))
        if message.interview_id in shared and _names_as_another(message, kept):
            causes.append(_self_named(kept, message.interview_id))
        if causes:
            result.held += take_back(tx, [message], now, "; ".join(causes), "read it, then approve it again")
        else:
            result.approval_kept.append(message.id)
    # a note to one of them about an interview both were on may name the other as a fellow
    # interviewer: now the very person it is written to ("Speaking with Dana Reyes showed me ...")
    held = {i for i, _ in result.held}
    for message in kept_messages + twin_messages:
        other = kept if message.id in theirs else duplicate
        if (message.id in binned or message.id in held or message.interview_id not in shared
                or message.state not in UNSENT or not _names_as_another(message, other)):
            continue
        if message.state in (m.MessageState.APPROVED, m.MessageState.SCHEDULED):
            result.held += take_back(tx, [message], now, _self_named(other, message.interview_id),
                                     "correct it, or draft it again, then approve it")
            if message.id in result.approval_kept:
                result.approval_kept.remove(message.id)
        else:
            result.self_named.append((message.id, message.action_key, message.interview_id, other.name))
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
    place = (kept.timezone, kept.country)
    result.details = _take_over(tx, kept, duplicate)
    tx.update(kept)
    _old_greetings(tx, result, [x.id for x in mine])
    said = {i for i, *_ in result.old_greeting}
    result.self_named = [x for x in result.self_named if x[0] not in said]
    if (kept.timezone, kept.country) != place:
        # their time zone or country (public holidays) came from the duplicate: the notes on
        # their way were timed for the place they had (or yours, for want of one)
        result.place_was = place
        result.on_the_way = [(x.id, x.action_key, x.scheduled_at) for x in tx.list(
            m.Message, person_id=keep_id, state=[m.MessageState.APPROVED, m.MessageState.SCHEDULED])]
    return result


UNSENT = (m.MessageState.DRAFTED, m.MessageState.APPROVED, m.MessageState.SCHEDULED, m.MessageState.FAILED)

# how far along a note is, for one per action (`_one_per_action`): its rank, and its stage in words
_STAGES = {4: "", 3: "approved", 2: "approved once (its send failed)", 1: "an edited draft", 0: "a plain draft"}


def _rank(message: m.Message) -> int:
    """Sent, being sent or may have arrived (4) > approved or scheduled (3) > failed (2: approved
    once) > a draft edited after it was written (1) > a plain draft (0)."""
    if _went(message):
        return 4
    if message.state in (m.MessageState.APPROVED, m.MessageState.SCHEDULED):
        return 3
    if message.state == m.MessageState.FAILED:
        return 2
    edited = message.created_at is not None and message.updated_at is not None and message.updated_at > message.created_at
    return 1 if edited else 0


def _stage(message: m.Message) -> str:
    if _went(message):
        return _how_it_went(message)
    if message.state == m.MessageState.SCHEDULED:
        return "scheduled"
    return _STAGES[_rank(message)]


def _one_per_action(tx, result: Merged, messages: list[m.Message], theirs: set[int], now) -> set[int]:
    """Of the open notes (and those that went) for an action both of them have one for, the one
    furthest along stands (the kept person's own on a tie); the others that did not go are
    binned, each said with which note stands and why. Returns the ids binned."""
    by_key: dict[str, list[m.Message]] = {}
    for message in messages:
        if message.action_key and (message.state in UNSENT or _went(message)):
            by_key.setdefault(message.action_key, []).append(message)
    binned: set[int] = set()
    kept, twin = result.kept, result.duplicate
    for notes in by_key.values():
        if all(x.id in theirs for x in notes) or not any(x.id in theirs for x in notes):
            continue  # the notes of one of them alone: not the merge's to sort
        best = max(notes, key=lambda x: (_rank(x), x.id not in theirs))
        whose = f"to {twin.name} (person {twin.id})" if best.id in theirs else f"{kept.name}'s own"
        for note in notes:
            if note is best or _went(note):
                continue
            if _rank(best) > _rank(note):
                why = (f"message {best.id} for the same action, {whose}, is kept: it {_verb(best)}, "
                       f"this one was {_stage(note)}")
            else:
                why = f"message {best.id} for the same action, {whose}, is kept: both were {_stage(note)}"
            _bin(note, now)
            binned.add(note.id)
            (result.discarded if note.id in theirs else result.superseded).append((note.id, why))
            if note.id not in theirs:  # (the duplicate's are saved as they move over)
                tx.update(note)
    return binned


def _verb(message: m.Message) -> str:
    if _went(message):
        return _how_it_went(message)
    return f"is {_stage(message)}" if _rank(message) <= 1 else f"was {_stage(message)}"


def _names_as_another(message: m.Message, person: m.Person) -> bool:
    """Whether the note names `person` by their full name after its greeting (the first line): as
    a fellow interviewer, where it is now written to that very person."""
    full = " ".join(person.name.split())
    rest = (message.body or "").split("\n", 1)[1:] or [""]
    return bool(full) and re.search(rf"(?<!\w){re.escape(full)}(?!\w)", " ".join(rest[0].split())) is not None


def _self_named(person: m.Person, interview_id: int) -> str:
    return (f"it names {person.name} as someone else on the panel of interview {interview_id}, now the person "
            "it is written to")


def _address(message: m.Message, first: str) -> Addressed | None:
    """Where a moved unsent email goes (readdressed to `first`, the kept person's first address,
    when it had another); None for a note that is not an email, went, is going or was discarded."""
    from afterview.delivery.outbox import copied_out

    if message.channel != m.Channel.EMAIL or message.state.is_final or _went(message) and (
            message.state != m.MessageState.SENDING):
        return None
    old = message.to_address
    if message.state == m.MessageState.SENDING:
        return Addressed(message.id, old, busy=True, sending=message) if old.casefold() != first.casefold() else None
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


# -- companies ---------------------------------------------------------------------------------

# the company fields the duplicate's value fills when the kept one has none, in words
_COMPANY_DETAILS = ("website", "sector")


@dataclass
class CompaniesMerged:
    """What a company merge did (or would do: `company_merge_preview`, for the question)."""

    kept: m.Company
    duplicate: m.Company
    moved: Counter = field(default_factory=Counter)  # opportunities, people, news
    taken: list[str] = field(default_factory=list)  # the duplicate's details that filled the kept one's gaps
    # the duplicate's details that differed from the kept one's and go with it: (label, theirs, kept's)
    lost: list[tuple[str, str, str]] = field(default_factory=list)
    notes_added: bool = False  # the duplicate's notes were added to the kept one's
    # opportunities of the same role, one of each company, now both at the kept one: (kept's, moved, role)
    same_role: list[tuple[int, int, str]] = field(default_factory=list)
    renamed: Any = None  # pipeline.Renamed: the notes naming the duplicate's name (held, drafts)

    def summary(self) -> str:
        words = {"opportunities": ("opportunity", "opportunities"), "people": ("person", "people"),
                 "news": ("news item", "news items")}
        parts = [f"{n} {words[k][n != 1]}" for k, n in self.moved.items() if n and k in words]
        if len(parts) > 1:
            parts[-2:] = [f"{parts[-2]} and {parts[-1]}"]
        return ", ".join(parts) if parts else "nothing"

    def lost_words(self) -> str:
        """What goes with the duplicate, in words ("" when nothing does)."""
        return "; ".join(f"its {label} {theirs} ({self.kept.name} keeps {mine})" for label, theirs, mine in self.lost)

    def lines(self) -> list[str]:
        """What the merge did besides moving records, one line each (the command line's words)."""
        kept, twin = self.kept, self.duplicate
        lines = []
        if self.taken:
            lines.append(f"taken from {twin.name}, as {kept.name} had none: {', '.join(self.taken)}")
        if self.lost:
            lines.append(f"{kept.name}'s own kept: " + ", ".join(f"{label} {mine} ({twin.name} had {theirs})"
                                                             for label, theirs, mine in self.lost))
        if self.notes_added:
            lines.append(f"notes: {twin.name}'s added after {kept.name}'s")
        lines.append(f"{twin.name} is kept as a former name of {kept.name}: a note that names it is flagged "
                     "(lint: old-company-name)")
        for own, moved, role in self.same_role:
            lines.append(f"opportunity {own} and opportunity {moved} ({role}) are both at {kept.name} now, kept "
                         f"apart: if they are one application, delete one (afterview opportunity delete ID)")
        return lines

    def plain(self) -> dict:
        """The merge as JSON-ready values (`company merge --json`)."""
        from afterview.domain.serialize import to_plain

        renamed = self.renamed
        return {
            "kept": to_plain(self.kept),
            "duplicate": to_plain(self.duplicate),
            "moved": {k: self.moved.get(k, 0) for k in ("opportunities", "people", "news")},
            "taken": list(self.taken),
            "lost": [{"field": label, "duplicate": theirs, "kept": mine} for label, theirs, mine in self.lost],
            "notes_added": self.notes_added,
            "same_role": [{"kept": own, "moved": moved, "role": role} for own, moved, role in self.same_role],
            "held": [{"message": i, "why": why} for i, why in (renamed.held if renamed else [])],
            "drafts_to_check": [{"message": i, "action_key": key} for i, key in (renamed.written_before if renamed else [])],
        }


def _company_details(duplicate: m.Company, kept: m.Company) -> tuple[list[tuple[str, str]], list[tuple[str, str, str]]]:
    """The duplicate's website and sector: those that fill the kept company's gaps (name, value),
    and those that differ from the kept one's and go with the duplicate (name, theirs, kept's)."""
    taken, lost = [], []
    for name in _COMPANY_DETAILS:
        theirs, mine = getattr(duplicate, name), getattr(kept, name)
        if theirs and not mine:
            taken.append((name, theirs))
        elif theirs and mine.casefold() != theirs.casefold():
            lost.append((name, theirs, mine))
    return taken, lost


def company_merge_preview(tx, duplicate_id: int, keep_id: int) -> CompaniesMerged:
    """What `merge_companies` would move and what would be lost, read only: for the question
    asked before it (`moved` and `lost`; nothing else is filled)."""
    duplicate, kept = tx.get(m.Company, duplicate_id), tx.get(m.Company, keep_id)
    moved = Counter({name: tx.count(cls, company_id=duplicate_id)
                     for cls, name in ((m.Opportunity, "opportunities"), (m.Person, "people"), (m.NewsItem, "news"))})
    return CompaniesMerged(kept=kept, duplicate=duplicate, moved=moved, lost=_company_details(duplicate, kept)[1])


def merge_companies(tx, duplicate_id: int, keep_id: int, *, now) -> CompaniesMerged:
    """Merge company `duplicate_id` into `keep_id` and delete it, in the caller's transaction
    (all of it or nothing): see the module's docstring."""
    from afterview.services.pipeline import company_renamed, former_names, role_key

    if duplicate_id == keep_id:
        raise InvalidInput(f"company {keep_id} is the same company: name the duplicate, then the company to keep")
    duplicate = tx.get(m.Company, duplicate_id)  # NotFound (one line) for an unknown id
    kept = tx.get(m.Company, keep_id)
    result = CompaniesMerged(kept=kept, duplicate=duplicate)
    own = {}
    for opportunity in tx.list(m.Opportunity, company_id=keep_id):
        own.setdefault(role_key(opportunity.role), opportunity)
    for opportunity in tx.list(m.Opportunity, company_id=duplicate_id):
        twin = own.get(role_key(opportunity.role))
        if twin is not None:  # the same role at both: two processes as recorded, never joined
            result.same_role.append((twin.id, opportunity.id, opportunity.role))
        opportunity.company_id = keep_id
        tx.update(opportunity)
        result.moved["opportunities"] += 1
    for cls, name in ((m.Person, "people"), (m.NewsItem, "news")):
        for record in tx.list(cls, company_id=duplicate_id):
            record.company_id = keep_id
            tx.update(record)
            result.moved[name] += 1
    taken, result.lost = _company_details(duplicate, kept)
    for name, theirs in taken:
        setattr(kept, name, theirs)
        result.taken.append(f"{name} {theirs}")
    notes = _joined(kept.notes, duplicate.notes)
    result.notes_added = notes != kept.notes
    kept.notes = notes
    kept.former_names = former_names([*kept.former_names, *duplicate.former_names, duplicate.name], kept.name)
    tx.delete(m.Company, duplicate_id)  # nothing refers to it now
    result.kept = tx.update(kept)
    result.renamed = company_renamed(tx, result.kept, duplicate.name, now=now)
    return result
