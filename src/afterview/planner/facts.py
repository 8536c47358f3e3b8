"""The facts indexed once per plan: by opportunity, person, interview and action key.

Planning visits every opportunity and person once; each lookup here is a dict access, so a
plan is linear in the size of the facts.
"""

from __future__ import annotations

import heapq
import re
import unicodedata
from collections import defaultdict
from itertools import groupby, islice, repeat
from dataclasses import dataclass
from functools import lru_cache
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from afterview.domain.model import (
    ASKS_NO_CONTACT,
    Channel,
    DecisionKind,
    IN_PROCESS_STATUSES,
    TOLD_ENDINGS,
    Facts,
    Inbound,
    InboundKind,
    Interview,
    MessageKind,
    MessageState,
    OpportunityStatus,
    Person,
    ReplyClass,
    Role,
    StatusChange,
    round_order,
)
from afterview.domain.days import BusinessDays, calendar
from afterview.domain.names import ORGANISATION_WORDS, is_organisation

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_LAST_SNOOZE = datetime(2200, 1, 1, tzinfo=timezone.utc)
_PERSON_IN_KEY = re.compile(r":p(\d+)$")
_SHARED_KEY = re.compile(r"^share_news:n(\d+):p(\d+)$")
_OPP_IN_KEY = re.compile(r"^status_check\.2:o(\d+):")
_ANY_OPP_IN_KEY = re.compile(r":o(\d+):")
_NAME_WORD = re.compile(r"[^\W_]+")

IN_PROGRESS = frozenset(
    {MessageState.PLANNED, MessageState.DRAFTED, MessageState.APPROVED, MessageState.SCHEDULED,
     MessageState.SENDING, MessageState.FAILED}
)


@dataclass(frozen=True, slots=True)
class Completion:
    """How and when an action was completed: sent, done elsewhere, or skipped."""

    how: str  # "sent" | "done" | "skip"
    at: datetime
    note: str = ""


def person_of_key(key: str) -> int | None:
    match = _PERSON_IN_KEY.search(key)
    return int(match.group(1)) if match else None


class Index:
    """Lookups over one `Facts`, built in a single pass over each list."""

    def __init__(self, facts: Facts, fallback_tz: str, fallback_country: str):
        self.facts = facts
        self.fallback_tz = fallback_tz
        self.fallback_country = fallback_country
        self.interviews_by_opp: dict[int, list[Interview]] = defaultdict(list)
        for interview in facts.interviews.values():
            if not interview.cancelled:
                self.interviews_by_opp[interview.opportunity_id].append(interview)
        for items in self.interviews_by_opp.values():
            items.sort(key=round_order)  # a process's rounds: the last is the status follow-ups' anchor
        self.debriefs_by_interview = defaultdict(list)
        self.topics_by_person: dict[int, set[str]] = defaultdict(set)
        for debrief in facts.debriefs:
            self.debriefs_by_interview[debrief.interview_id].append(debrief)
            self.topics_by_person[debrief.person_id].update(debrief.topics)
        self._index_messages(facts)
        self._index_inbound(facts)
        self.decisions_by_key = defaultdict(list)
        self.has_snoozes = False
        for decision in facts.decisions:
            self.decisions_by_key[decision.action_key].append(decision)
            self.has_snoozes = self.has_snoozes or decision.kind == DecisionKind.SNOOZE
        for items in self.decisions_by_key.values():
            items.sort(key=lambda d: (d.at, d.id or 0))
        self.feedback_opps = {f.opportunity_id for f in facts.feedback}
        self._completed: dict[str, Completion] | None = None
        self.shared_by_person: dict[int, dict[int, Completion]] = defaultdict(dict)  # news id -> done
        self.news_follow_up_sent: dict[int, datetime] = {}  # person -> last second follow-up sent
        self.warm_sent: dict[int, datetime] = {}  # person -> last keep-warm touch sent or done
        # opportunity -> its last second follow-up sent or done: the news it carried reached the
        # process (see Planner.share_news_to)
        self.process_news_sent: dict[int, datetime] = {}
        for key in set(self.messages_by_key) | set(self.decisions_by_key):
            match = _SHARED_KEY.match(key)
            if match:
                done = self.completion(key)
                if done is not None:
                    self.shared_by_person[int(match.group(2))][int(match.group(1))] = done
            elif key.startswith(("status_check.2:", "keep_warm.")):
                # the news these carried (the second follow-up's, a touch's reason) was told then
                done = self.completion(key)
                person = person_of_key(key)
                if done is not None and done.how != "skip" and person is not None:
                    told = self.news_follow_up_sent if key[0] == "s" else self.warm_sent
                    known = told.get(person)
                    told[person] = done.at if known is None else max(known, done.at)
                    opp = _OPP_IN_KEY.match(key) if key[0] == "s" else None
                    if opp is not None:
                        known = self.process_news_sent.get(int(opp.group(1)))
                        self.process_news_sent[int(opp.group(1))] = done.at if known is None else max(known, done.at)
        # News by company and by every word of its tags: a person's interests find theirs fast.
        self.news_by_company: dict[int, list] = defaultdict(list)
        self.news_by_word: dict[str, list] = defaultdict(list)
        self.news_tags: dict[int, list[tuple[str, str, tuple[str, ...]]]] = {}
        self.news_sorted = sorted(facts.news, key=lambda n: (n.happened_on, n.id or 0))
        self.news_order = {id(n): position for position, n in enumerate(self.news_sorted)}
        for news in facts.news:
            if news.company_id is not None:
                self.news_by_company[news.company_id].append(news)
            for word in interests(tuple(news.tags)):
                self.news_by_word[word].append(news)
            self.news_tags[id(news)] = prepare_tags(news.tags)
        self._zones: dict[tuple[str, str], tuple[ZoneInfo, BusinessDays]] = {}

    def _index_messages(self, facts: Facts) -> None:
        self.messages_by_key = defaultdict(list)
        self.messages_by_id = {}
        self.outgoing_by_person: dict[int, list[datetime]] = defaultdict(list)
        self.emailed_by_person: dict[int, list[datetime]] = defaultdict(list)  # emails that went out
        self.sent_kinds_by_opp: dict[int, set[MessageKind]] = defaultdict(set)
        self.linkedin_sent: list[datetime] = []  # invitations made, for the monthly cap
        # opportunity -> the notes about it that went, or are set to go (when, to whom): a share
        # of news keeps share_news.interval from each (see Planner.process_spacing)
        self.notes_by_opp: dict[int, list[tuple[datetime, int]]] = defaultdict(list)
        requested: set[int] = set()  # people those were to
        for message in facts.messages:
            if message.id is not None:
                self.messages_by_id[message.id] = message
            if message.action_key:
                self.messages_by_key[message.action_key].append(message)
            moment = outgoing_moment(message)
            if moment is not None:
                self.outgoing_by_person[message.person_id].append(moment)
                if message.opportunity_id is not None and message.kind != MessageKind.LINKEDIN_NOTE:
                    self.notes_by_opp[message.opportunity_id].append((moment, message.person_id))
            if message.state == MessageState.SENT and message.channel == Channel.EMAIL:
                self.emailed_by_person[message.person_id].append(moment)
            if message.state in (MessageState.SENT, MessageState.DONE_ELSEWHERE):
                if message.opportunity_id is not None:
                    self.sent_kinds_by_opp[message.opportunity_id].add(message.kind)
                if message.kind == MessageKind.LINKEDIN_NOTE:
                    self.linkedin_sent.append(moment or message.created_at or _EPOCH)
                    requested.add(message.person_id)
        for decision in facts.decisions:
            person = person_of_key(decision.action_key) if decision.kind == DecisionKind.DONE else None
            if person is not None and not self._has_final_message(decision.action_key):
                self.outgoing_by_person[person].append(decision.at)
                about = _ANY_OPP_IN_KEY.search(decision.action_key)
                if about is not None:
                    self.notes_by_opp[int(about.group(1))].append((decision.at, person))
                if decision.action_key.startswith("linkedin_note:"):
                    self.linkedin_sent.append(decision.at)
                    requested.add(person)
        # a request the user recorded on the person ("requested", on a date) is an invitation
        # too, unless a sent or done request stands for it already; and, in the same pass, who
        # has no email address (see Planner.note_no_address)
        self.no_address: set[int] = set()
        for person in facts.people.values():
            if person.connection_requested_at is not None and person.id not in requested:
                self.linkedin_sent.append(person.connection_requested_at)
            if not person.emails:
                self.no_address.add(person.id)

    def _has_final_message(self, key: str) -> bool:
        return any(m.state in (MessageState.SENT, MessageState.DONE_ELSEWHERE)
                   for m in self.messages_by_key.get(key, ()))

    def _index_inbound(self, facts: Facts) -> None:
        # person -> their reply asking not to be contacted again: nothing more goes to them
        self.stop_requests: dict[int, Inbound] = stop_requests(facts.inbound, self.messages_by_id)
        self.replies_by_opp = defaultdict(list)
        self.replies_by_person = defaultdict(list)
        self.auto_replies_by_person = defaultdict(list)
        self.last_reply_from: dict[int, datetime] = {}
        self.last_bounce: dict[int, tuple[datetime, str]] = {}  # person: when, and the address (or "")
        for inbound in facts.inbound:
            person = inbound.person_id
            if person is None and inbound.answers_message_id in self.messages_by_id:
                person = self.messages_by_id[inbound.answers_message_id].person_id
            opp = inbound.opportunity_id
            if opp is None and inbound.answers_message_id in self.messages_by_id:
                opp = self.messages_by_id[inbound.answers_message_id].opportunity_id
            if inbound.kind == InboundKind.REPLY:
                if person is not None:
                    self.last_reply_from[person] = max(inbound.received_at, self.last_reply_from.get(person, inbound.received_at))
                if opp is not None:
                    self.replies_by_opp[opp].append((inbound, person))
                elif person is not None:
                    self.replies_by_person[person].append((inbound, person))
                elif inbound.classification == ReplyClass.NEEDS_REVIEW and not inbound.confirmed:
                    # placed nowhere (a tracking system's rejection that fits two processes of one
                    # company, an answer from a personal address): it pauses the follow-ups of every
                    # process it may be about until the user places it
                    from afterview.delivery.reading import may_be_about

                    for may in may_be_about(facts, inbound):
                        self.replies_by_opp[may].append((inbound, None))
            elif inbound.kind == InboundKind.AUTO_REPLY and person is not None:
                self.auto_replies_by_person[person].append(inbound)
            elif inbound.kind == InboundKind.BOUNCE and person is not None:
                earlier = self.last_bounce.get(person)
                if earlier is None or inbound.received_at >= earlier[0]:
                    bounced = self.messages_by_id.get(inbound.answers_message_id)
                    if bounced is not None and bounced.state in ON_ITS_WAY:
                        continue  # approved again (to their address now): the user's answer to the warning
                    # the address it bounced at: the message may have been re-addressed since
                    # (approved again after `person edit --email`), and the new one is not suspect
                    from afterview.delivery.bounces import bounced_address

                    at = bounced_address(inbound.summary) or (bounced.to_address if bounced else "")
                    self.last_bounce[person] = (inbound.received_at, at)

    # --- lookups -------------------------------------------------------------------------

    def replies(self, opp_id: int, people: set[int]):
        """Real replies about an opportunity: tied to it, or from one of its people."""
        found = list(self.replies_by_opp.get(opp_id, ()))
        for person in people:
            found.extend(self.replies_by_person.get(person, ()))
        return found

    def completion(self, key: str) -> Completion | None:
        """The first completion of `key`: a sent message, or a done/skip decision."""
        return self.completed().get(key)

    def completed(self) -> dict[str, Completion]:
        """Every completed key with its first completion (worked out on first use)."""
        if self._completed is None:
            self._completed = self._completions()
        return self._completed

    def _completions(self) -> dict[str, Completion]:
        """Every completed key, worked out in one pass over messages and decisions."""
        found: dict[str, Completion] = {}
        for key, messages in self.messages_by_key.items():
            for message in messages:
                if message.state in (MessageState.SENT, MessageState.DONE_ELSEWHERE):
                    at = message.sent_at or message.updated_at or message.created_at or _EPOCH
                    how = "sent" if message.state == MessageState.SENT else "done"
                    if key not in found or at < found[key].at:
                        found[key] = Completion(how, at, message.note)
        for key, decisions in self.decisions_by_key.items():
            for decision in decisions:
                if decision.kind in (DecisionKind.DONE, DecisionKind.SKIP):
                    how = "done" if decision.kind == DecisionKind.DONE else "skip"
                    # at the same moment as a message (a draft that `done` marked as sent by hand),
                    # the decision's words ("sent from my phone") are the ones to show
                    if key not in found or decision.at < found[key].at or (
                            decision.at == found[key].at and not found[key].note):
                        found[key] = Completion(how, decision.at, decision.note)
        return found

    def in_progress(self, key: str) -> int | None:
        """The id of a message already drafted/approved/scheduled for `key`, if any."""
        for message in self.messages_by_key.get(key, ()):
            if message.state in IN_PROGRESS:
                return message.id if message.id is not None else 0
        return None

    def snoozed_until(self, key: str) -> datetime | None:
        snoozes = [d for d in self.decisions_by_key.get(key, ()) if d.kind == DecisionKind.SNOOZE and d.until]
        # A snooze stored before typed times were limited (until 9999-12-31) must not stop every
        # plan with an overflow: no plan reaches past the first moment of 2200.
        return min(snoozes[-1].until, _LAST_SNOOZE) if snoozes else None

    def where(self, person: Person) -> tuple[ZoneInfo, BusinessDays]:
        """The recipient's zone and business-day calendar (the user's when none is recorded)."""
        place = (person.timezone, person.country)  # few distinct places among many people
        cached = self._zones.get(place)
        if cached is None:
            cached = self._zones[place] = where(person, self.fallback_tz, self.fallback_country)
        return cached

    def tokens(self, person: Person) -> frozenset[str]:
        """What a person cares about: their tags and what they discussed, as lower-case words."""
        return interests((*person.tags, *self.topics_by_person.get(person.id, ())))


# Added to a reply's summary once you said it asks no such thing (`afterview person edit ID
# --may-contact`): the request read in it no longer stops anything (see stop_request)
NOT_A_STOP = "not a request to stop writing (you said so)"


def stop_request(inbound: Inbound) -> str:
    """The sentence in which a reply asks not to be contacted again ("please stop emailing me"),
    however it was classified; "" for none, and for one you said asks no such thing (NOT_A_STOP).

    Read as `sync` and `afterview replies` read it (`delivery.reading.asks_no_contact`): from the
    summary, which keeps that sentence (a reply told with `replies add --says` keeps its words)."""
    summary = inbound.summary
    if inbound.kind != InboundKind.REPLY or not summary or NOT_A_STOP in summary:
        return ""
    marker = f"{ASKS_NO_CONTACT}: "
    if marker in summary:
        return summary.split(marker, 1)[1]
    from afterview.delivery.replies import opt_out  # its patterns take a moment to compile: only when needed

    return opt_out(summary)


def stop_requests(inbound, messages_by_id: dict | None = None) -> dict[int, Inbound]:
    """Person id -> their first reply asking not to be contacted again (see stop_request): from
    then on nothing is planned for them, as for someone marked do-not-contact. A reply filed
    under no person counts for the person of the message it answers (`messages_by_id`)."""
    found: dict[int, Inbound] = {}
    for reply in inbound:
        if reply.kind != InboundKind.REPLY or not reply.summary or not stop_request(reply):
            continue
        person = reply.person_id
        if person is None and messages_by_id and reply.answers_message_id in messages_by_id:
            person = messages_by_id[reply.answers_message_id].person_id
        if person is not None and (person not in found or reply.received_at < found[person].received_at):
            found[person] = reply
    return found


def not_to_contact(facts: Facts, person: Person | None) -> bool:
    """Whether nothing may go to a person: marked do-not-contact, or a reply of theirs asks it."""
    return person is not None and (person.do_not_contact or bool(no_contact_cause(facts, person, None)))


def no_contact_cause(facts: Facts, person: Person | None, zone: ZoneInfo | None) -> str:
    """Why nothing is planned for a person who asked not to be contacted, with the command that
    takes it back ("" for anyone else): marked do-not-contact, or a reply of theirs that asks it
    ("Greg Hale asked on Wed 18 Aug 2027 not to be contacted (reply 8: "...")"), which a
    `--may-contact` says was read wrongly. `zone`: the one the day is said in."""
    if person is None:
        return ""
    if person.do_not_contact:
        return (f"{person.name} asked not to be contacted (afterview person edit {person.id} --may-contact "
                "takes it back)")
    messages = {m.id: m for m in facts.messages if m.id is not None} if any(
        r.person_id is None for r in facts.inbound) else None
    reply = stop_requests(facts.inbound, messages).get(person.id)
    if reply is None:
        return ""
    day = reply.received_at.astimezone(zone or timezone.utc)
    return (f"{person.name} asked on {day:%a} {day.day} {day:%b %Y} not to be contacted (reply {reply.id}: "
            f"\"{stop_request(reply)}\"); read wrongly? afterview person edit {person.id} --may-contact takes it back")


def where(person: Person, fallback_tz: str, fallback_country: str) -> tuple[ZoneInfo, BusinessDays]:
    """A person's zone and business-day calendar, the fallbacks (the user's) for what is not
    recorded: what `Index.where` keeps per place, for one person without an index."""
    return safe_zone(person.timezone, fallback_tz), calendar(_country(person.country) or fallback_country)


def outgoing_moment(message) -> datetime | None:
    """When a message went (or will go) out: sent, done elsewhere, or scheduled."""
    if message.state == MessageState.SENT:
        return message.sent_at or message.updated_at or message.created_at
    if message.state == MessageState.DONE_ELSEWHERE:
        return message.sent_at or message.updated_at or message.created_at
    if message.state in (MessageState.SCHEDULED, MessageState.SENDING) and message.scheduled_at:
        return message.scheduled_at
    return None


@dataclass(frozen=True, slots=True)
class InForce:
    """An opportunity's status history as a plan reads it (see `in_force`)."""

    changes: list[StatusChange]  # the history without the changes taken back the same day
    reopened: datetime | None  # the last reopening in force: a closed status, then one in process
    # a rejection email before this moment no longer says no: the last reopening, counting one
    # that took back a closing the same day (setting the process open again is what says so)
    set_aside: datetime | None
    taken_back: tuple[StatusChange, ...] = ()  # the changes left out, in their order
    since: int = 0  # changes[since:] came after the last reopening in force (in the order recorded)


def chapter(changes: list[StatusChange]) -> int:
    """Which chapter of its process the changes in force end in: 1, plus one for each reopening
    after a kept ending (rejected, withdrawn or no response, then a status not closed:
    interviewing again, or an offer made again after you withdrew; an acceptance set back to the
    offer is no ending). A note that ends a chapter (a withdrawal) is a note of that chapter:
    one sent in an earlier chapter does not stand for the next one's."""
    return 1 + sum(1 for before, after in zip(changes, changes[1:])
                   if before.status in _ENDINGS and not after.status.is_closed)


_ENDINGS = frozenset({OpportunityStatus.REJECTED, OpportunityStatus.WITHDRAWN, OpportunityStatus.NO_RESPONSE})


def withdrawal_key(opp_id: int, person_id: int, number: int = 1) -> str:
    """The key of the note withdrawing from a process, in its chapter `number`:
    "withdrawal:o2:p3" in the first, "withdrawal.2:o2:p3" after a reopening."""
    return f"withdrawal{'' if number == 1 else f'.{number}'}:o{opp_id}:p{person_id}"


def _phase(status):
    """Applied and interviewing are one: still in process (None); any other status is its own."""
    return None if status in IN_PROCESS_STATUSES else status


def in_force(history: list[StatusChange], tz: ZoneInfo) -> InForce:
    """The status history without what was taken back the same day.

    A status set and then taken back on the same day in `tz` (the user's zone) was a slip: a
    "rejected" recorded on the wrong process, an outcome clicked by mistake. A change takes
    back the changes before it when it sets again the status they replaced (applied and
    interviewing count as one, still in process; before its first change a process is in
    process), and the first of them was made that same day: they are left out, and so is the
    change that takes them back when it only says again the status before them. Read in the
    order recorded, a change takes back the latest such run (rejected, set open by mistake,
    rejected again: the reopening was the slip). The plan is then what it would have been had
    they never been recorded. A decision kept past that day is a chapter of the process: its
    reopening is a new start (see `reopened`).

    An ending that a note which went out set (closing the loop, a withdrawal: its note is one of
    TOLD_ENDINGS) is no slip: they were told, and a process open again after it is a new chapter,
    even the same day (`chapter`).

    The same day, not a span of hours: the day is what the user sees ("I fixed it right away"),
    and a process closed overnight and opened again the next day may be news, not a slip.
    """
    kept: list[StatusChange] = []
    taken: list[StatusChange] = []
    aside = None
    for change in history:
        phase = _phase(change.status)
        start = len(kept)  # the run it takes back: kept[start:], when there is one
        if kept and _phase(kept[-1].status) != phase:
            start -= 1
            while start and _phase(kept[start - 1].status) != phase:
                start -= 1
            if start == 0 and phase is not None:
                start = len(kept)  # no status before it was this one: nothing to take back
        if (start == len(kept) or kept[start].at.astimezone(tz).date() != change.at.astimezone(tz).date()
                or any(c.note in TOLD_ENDINGS for c in kept[start:])):
            # (an ending a note that went out told them of is no slip: reopened, it is a new chapter)
            kept.append(change)
            continue
        if phase is None and kept[-1].status.is_closed:
            # a closing taken back is a reopening all the same: the user said the process is open
            aside = change.at if aside is None else max(aside, change.at)
        taken += kept[start:]
        del kept[start:]
        if kept and kept[-1].status == change.status:
            taken.append(change)  # it only says again the status before the slip
        else:
            kept.append(change)
    changes = history if not taken else kept
    since = next((k for k in range(len(changes) - 1, 0, -1)
                  if changes[k].status in IN_PROCESS_STATUSES and changes[k - 1].status.is_closed), 0)
    reopened = changes[since].at if since else None
    if reopened is not None and (aside is None or reopened > aside):
        aside = reopened
    return InForce(changes, reopened, aside, tuple(taken), since)


def _country(code: str) -> str:
    return (code or "").strip().upper()


def safe_zone(name: str, fallback: str) -> ZoneInfo:
    from afterview.domain.values import zone
    from afterview.errors import InvalidInput

    for candidate in (name, fallback, "UTC"):
        if candidate:
            try:
                return zone(candidate)
            except InvalidInput:
                continue
    return zone("UTC")


_WORD = re.compile(r"[a-z0-9+#]+")
ON_ITS_WAY = frozenset({MessageState.APPROVED, MessageState.SCHEDULED, MessageState.SENDING})  # approved, not gone yet


def interests(phrases: tuple[str, ...]) -> frozenset[str]:
    """Phrases and tags as a set: each whole phrase, each word of three letters or more (joining
    words, and the verb that opens a phrase such as "running Spark", left out: see
    `_text_and_words`), and each two-letter word that may be an acronym ("ML", "QA": see
    `_short_words`)."""
    return frozenset().union(*map(_phrase_interests, phrases))


@lru_cache(maxsize=4096)  # people and news share a small vocabulary of tags and topics
def _phrase_interests(phrase: str) -> frozenset[str]:
    text, words = _text_and_words(phrase)
    return frozenset([text, *words, *_short_words(text)]) if text else frozenset()


# Two-letter words that say nothing of a subject: the rest ("ml", "qa", "ai", "ux", "go") are
# kept as whole words, so that a tag "ML" reaches "ML team" (and never "html": words, not letters)
_SHORT_JOINING = frozenset("of to in on at by as is it an or we my be do so up us no if me he vs am re".split())


def _short_words(text: str) -> tuple[str, ...]:
    """The two-letter words of a lower-case phrase that may name a subject (an acronym)."""
    return tuple(w for w in _WORD.findall(text) if len(w) == 2 and w not in _SHORT_JOINING)


# Words that join a phrase's words and say nothing of a subject: "data and ai" is not about "and"
_JOINING_WORDS = frozenset("""
    and the for with from into onto over under about after before between than via per
    our your their its his her are was were has have had not but nor yet all any
""".split())


# Words that join two "-ing" words that open a phrase: "building and running pipelines"
_OR_AND = frozenset({"and", "or"})
# The "-ing" forms of verbs that say what someone did, when they open a phrase ("running Spark on
# Kubernetes", "building and running pipelines", "migrating to k8s", "scaling the team"). A list,
# not a rule on the ending: an "-ing" word that opens a phrase is as often a noun ("streaming
# pipelines", "monitoring stack", "hiring plan", "onboarding plan", "pricing model", "machine
# learning platform"), and those are subjects a person cares about.
_DOING = frozenset("""
    adopting automating bringing building choosing comparing consolidating coordinating creating
    cutting debugging delivering deploying designing developing discussing doing driving evaluating
    expanding explaining fixing getting growing handling hardening helping implementing improving
    integrating introducing launching leading maintaining making managing measuring mentoring
    merging migrating modernising modernizing moving optimising optimizing organising organizing
    owning porting presenting reducing refactoring replacing reviewing rewriting rolling running
    scaling securing setting shipping simplifying speeding splitting standardising standardizing
    starting streamlining supporting switching taking talking tuning turning upgrading using
    working writing
""".split())


def _doing(words: list[str]) -> int:
    """How many of a phrase's first words say what was done rather than what it was about.

    The verbs (`_DOING`) that open a phrase of several words ("running Spark on Kubernetes",
    "building and running pipelines", "migrating to k8s", "scaling the team"): what was done, not
    a subject. The same word that ends a phrase is a noun ("trail running"), and so is one alone:
    they stay; an "-ing" noun that opens one ("streaming pipelines", "monitoring stack") stays too.
    """
    done = i = 0
    last = len(words) - 1
    while i < last and words[i] in _DOING:
        done = i = i + 1
        if i < last and words[i] in _OR_AND:
            i += 1
    return done


def _text_and_words(phrase: str) -> tuple[str, tuple[str, ...]]:
    """A phrase in lower case, and its words of three letters or more that are not joining
    words ("and", "the", "for", ...) nor the verb that opens it ("running" in "running Spark":
    see `_doing`)."""
    text = phrase.strip().lower()
    words = _WORD.findall(text)
    return text, tuple(w for w in words[_doing(words):] if len(w) >= 3 and w not in _JOINING_WORDS)


def prepare_tags(tags) -> list[tuple[str, str, tuple[str, ...]]]:
    """Each tag with its lower-case text and its words, worked out once per news item."""
    prepared = []
    for tag in tags:
        text, words = _text_and_words(tag)
        # a tag of short words only ("ML", "AI/ML") matches by them; one with longer words by
        # those, as before
        prepared.append((tag, text, words or _short_words(text)))
    return prepared


def matches(news_tags, tokens: frozenset[str]) -> list[str]:
    """The news tags a person's interests match (a tag matches as a phrase or by all its words)."""
    return matches_prepared(prepare_tags(news_tags), tokens)


def matches_prepared(prepared, tokens: frozenset[str]) -> list[str]:
    return [tag for tag, text, words in prepared
            if text in tokens or (words and all(w in tokens for w in words))]


CONTACT_ORDER = (Role.RECRUITER, Role.COORDINATOR, Role.HIRING_MANAGER, Role.INTERVIEWER)
# whom to ask about a process: a recruiter or a coordinator (one standing: CONTACT_ORDER breaks
# the tie), else the hiring manager, else an interviewer
_STANDING = {Role.RECRUITER: 0, Role.COORDINATOR: 0, Role.HIRING_MANAGER: 1, Role.INTERVIEWER: 2}
_ROLE_RANK = {role: n for n, role in enumerate(CONTACT_ORDER)}
# roles that speak for an employer from another company too (an agency's recruiter): only a
# hiring manager or an interviewer at another company than the process's has moved on
_FROM_ELSEWHERE = frozenset({Role.RECRUITER, Role.COORDINATOR})
_FIRST_CHOICE = (0, False, 0)  # a contact's rank but its place on the panel: a recruiter with an address


def moved_on(person: Person, role: Role, company_id: int | None) -> bool:
    """Whether someone on a panel works at another company than the process's now (a hiring
    manager or an interviewer whose company was changed since: `person edit --company`)."""
    return (role not in _FROM_ELSEWHERE and person.company_id is not None and company_id is not None
            and person.company_id != company_id)


def works_elsewhere(facts: Facts, person: Person, opp) -> str:
    """'Dana Reyes works at Globex now, not at Acme' for someone whose company is no longer the
    process's (`person edit --company`), "" otherwise: news about the process's company is then
    no longer news about theirs (see Planner.keep_warm)."""
    if person.company_id is None or opp.company_id is None or person.company_id == opp.company_id:
        return ""
    now_at, there = facts.companies.get(person.company_id), facts.companies.get(opp.company_id)
    return (f"{person.name} works at {now_at.name if now_at else 'another company'} now, not at "
            f"{there.name if there else 'the company of that process'}")


def process_contact(rounds, person_of, company_id: int | None) -> tuple[Person | None, bool]:
    """Whom to write to about a process (its status, closing the loop, a reply to its decision,
    a withdrawal), and whether they have moved to another company: True only when nobody still
    at the process's company is known in any round.

    `rounds`: its interviews, latest first; `person_of`: a person by id, None for one who may not
    be contacted. Of the latest round with anyone to write to (a take-home with nobody on it
    passes to the round before): the recruiter or coordinator, else the hiring manager, else an
    interviewer; of one standing, someone with an email address before someone without. Someone
    who has moved on is passed over for the best of the latest round with someone still there.
    """
    moved: Person | None = None
    for interview in rounds:
        best = best_moved = None
        for position, participant in enumerate(interview.participants):
            person = person_of(participant.person_id)
            if person is None:
                continue
            role = participant.role
            rank = (_STANDING.get(role, 3), not person.emails, _ROLE_RANK.get(role, 4), position)
            if moved_on(person, role, company_id):
                if best_moved is None or rank < best_moved[0]:
                    best_moved = (rank, person)
            elif best is None or rank < best[0]:
                if rank[:3] == _FIRST_CHOICE:  # a recruiter with an address: nobody after comes first
                    return person, False
                best = (rank, person)
        if best is not None:
            return best[1], False
        if moved is None and best_moved is not None:
            moved = best_moved[1]
    return moved, moved is not None


def audience(people, debriefs, items, limit: int | None = None) -> dict[int, tuple[int, list[tuple[Person, list[str]]]]]:
    """For each news item (by id): how many people it matters to, by the planner's own rule,
    and the first `limit` of them (all without one) with the tags that matched.

    A person cares about their tags and the topics they discussed (see `Index.tokens`); an item
    matters to them when one of its tags matches (see `matches_prepared`), or when it is about
    their company. People marked do-not-contact are left out. Most matching tags first, then by
    name. Many people share the same interests: each distinct set is matched once.
    """
    topics: dict[int, set[str]] = defaultdict(set)
    for debrief in debriefs:
        topics[debrief.person_id].update(debrief.topics)
    groups: dict[frozenset[str], list[Person]] = defaultdict(list)  # interests -> who has them
    by_company: dict[int, list[Person]] = defaultdict(list)
    for person in people:
        if not person.do_not_contact:
            groups[interests((*person.tags, *topics.get(person.id, ())))].append(person)
            if person.company_id is not None:
                by_company[person.company_id].append(person)
    by_name = lambda p: (p.name.casefold(), p.id or 0)  # noqa: E731
    for members in groups.values():
        members.sort(key=by_name)  # once: the groups are shared by every item
    by_token: dict[str, list[frozenset[str]]] = defaultdict(list)
    for tokens in groups:
        for token in tokens:
            by_token[token].append(tokens)
    found: dict[int, tuple[int, list[tuple[Person, list[str]]]]] = {}
    for news in items:
        prepared = prepare_tags(news.tags)
        # a tag matches as a phrase or by all its words: any set it matches has its text or a word
        candidates = {tokens for _, text, words in prepared for token in (text, *words)
                      for tokens in by_token.get(token, ())}
        matched = [(hits, groups[tokens]) for tokens in candidates if (hits := matches_prepared(prepared, tokens))]
        if news.company_id is not None:
            seen = {p.id for _, members in matched for p in members}
            colleagues = sorted((p for p in by_company.get(news.company_id, ()) if p.id not in seen), key=by_name)
            if colleagues:
                matched.append((["their company"], colleagues))
        matched.sort(key=lambda group: -len(group[0]))  # most matching tags first (stable)
        rows: list[tuple[Person, list[str]]] = []
        for _, same in groupby(matched, key=lambda group: len(group[0])):
            # each group is sorted by name already: merge them, as far as is wanted
            merged = heapq.merge(*(zip(members, repeat(hits)) for hits, members in same),
                                 key=lambda row: by_name(row[0]))
            rows += merged if limit is None else islice(merged, limit - len(rows))
            if limit is not None and len(rows) >= limit:
                break
        found[news.id] = (sum(len(members) for _, members in matched), rows)
    return found


def company_names(facts: Facts, *company_ids: int | None) -> list[str]:
    """The names these companies go by, their former names too (a person typed in as a
    company, before it was renamed, is still not a person)."""
    names: list[str] = []
    for company_id in dict.fromkeys(company_ids):
        company = facts.companies.get(company_id) if company_id is not None else None
        if company is not None:
            names += [company.name, *company.former_names]
    return names


def not_a_person(person: Person, companies: list[str]) -> bool:
    """Whether a recorded person is a team, a mailbox or a company, by the rule drafts greet
    them by ("Dear Hiring Team,": an empty `Person.greeting_name`): no greet-as name, and a
    name that is not a person's ("Brisk Talent Team", "Acme Careers", "Globex HR", "Fenwick &
    Hale", or one of `companies`: `domain.names.is_organisation`). A greet-as name says it is a
    person (a Mr Jobs greeted as "Steve").

    The full test is made only for a name that may fail it (an "&", a word of a team's, a word
    in common with one of the companies): most names are plainly people's, and the test reads
    each company's name afresh."""
    if person.greet_as.strip():
        return False
    name = person.name
    if not name.split():
        return True  # greeted "Dear Hiring Team" too
    words = _plain_words(name)
    if "&" in name or not words.isdisjoint(ORGANISATION_WORDS):
        return is_organisation(name, companies)
    near = [c for c in companies if c and not words.isdisjoint(_company_words(c))]
    return bool(near) and is_organisation(name, near)


@lru_cache(maxsize=1 << 12)
def _company_words(name: str) -> frozenset[str]:
    return _plain_words(name)  # a few companies, asked about for many people


def _plain_words(text: str) -> frozenset[str]:
    """The words of a name in lower case, accents aside ("Müller Bau" -> {"muller", "bau"})."""
    folded = text.casefold()
    if not folded.isascii():
        folded = "".join(c for c in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(c))
    return frozenset(_NAME_WORD.findall(folded))


def team_linkedin_cause(facts: Facts, person: Person) -> str:
    """Why no LinkedIn connection request is planned for a team, a mailbox or a company
    recorded as a person ("" for a person): a connection is between people. The companies are
    theirs and those of the processes they took part in, as the planner reads them."""
    ids = [person.company_id] + [facts.opportunities[i.opportunity_id].company_id
                                 for i in facts.interviews.values()
                                 if i.opportunity_id in facts.opportunities
                                 and any(p.person_id == person.id for p in i.participants)]
    if not not_a_person(person, company_names(facts, *ids)):
        return ""
    return (f"{person.name} is a team, a mailbox or a company, not a person, as its name says: a LinkedIn "
            f"connection is to a person, so none is planned (connect with someone there by name; if it is a "
            f"person's name, afterview person edit {person.id} --greet-as NAME says how to greet them)")
