"""`plan(facts, playbook, now)`: what is due, when, for whom, and why.

Pure and deterministic: no I/O, no clock reads. Each rule of the playbook proposes drafts of
actions; then decisions (snooze), out-of-office replies, the LinkedIn invitation cap and
per-person spacing move them later where needed; finally each gets its state as of `now`.
"""

from __future__ import annotations

from functools import lru_cache
from operator import attrgetter, itemgetter
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, fields
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from afterview.domain.model import (
    IN_PROCESS_STATUSES,
    Channel,
    Facts,
    Interview,
    LinkedInAccount,
    MessageKind,
    MessageState,
    NewsItem,
    Opportunity,
    OpportunityStatus,
    Pace,
    Person,
    ReplyClass,
    decision_date,
)
from afterview.domain.days import BusinessDays, at_local, month_first, plus
from afterview.domain.days import short_day as _day
from afterview.domain.values import repeated_mark
# the recipient's waking hours, 07:00-20:00 their time, the review's too: outside them it is night for
# them, no time for a message to arrive (see wait_for), and a due moment then reads as a mistake
from afterview.domain.waking import WAKES, awake
from afterview.planner.facts import (ON_ITS_WAY, Completion, Index, InForce, chapter, company_names,
                                     in_force, matches_prepared, not_a_person, process_contact, safe_zone,
                                     withdrawal_key)
from afterview.planner.playbook import Playbook, fallback_place, is_premium, note_limit, paced, window_days

SOURCE_DOC = "PLAYBOOK.md, Timing"
MORNING = time(9, 0)
END_OF_DAY = time(17, 0)
WINDOW_KINDS = frozenset({MessageKind.STATUS_CHECK, MessageKind.CLOSING_THE_LOOP})
OPEN = IN_PROCESS_STATUSES
# a process with no close time yet is still open with its people at these statuses (at an offer:
# undecided, or being declined); accepted is over, with no keep-warm after it
_NOT_CLOSED = OPEN | {OpportunityStatus.OFFER}
_SEVERAL = -1  # see _Planner.open_of: in more than one open process
# kinds written once per process, which one person can be owed for two processes on the same
# days (see note_same_days)
_ONCE_PER_PROCESS = {MessageKind.THANK_YOU: "thank-you", MessageKind.WITHDRAWAL: "withdrawal",
                     MessageKind.REJECTION_REPLY: "reply to a decision"}
_ONE_DAY = timedelta(days=1)
# kinds whose reason is gone once a move takes them past their news' age or their year
_PAST_REASON = frozenset({MessageKind.KEEP_WARM, MessageKind.SHARE_NEWS})
_A_DAY = 86400.0  # seconds
POSTPONED_OUT_OF_OFFICE = "postponed: out of office"  # in the note of an action moved after an auto-reply
SLOT_LEFT_BEHIND = "send it from then, not at the time the reason suggests"  # a move past the rule's slot
# replies after which a later stated decision date does not let the status follow-ups go on
_KEEPS_STOPPED = frozenset({ReplyClass.REJECTION, ReplyClass.OFFER, ReplyClass.NEEDS_REVIEW})
_GOES_ON = frozenset({ReplyClass.NEXT_ROUND, ReplyClass.OFFER})  # what a confirmed reply says of a process


@dataclass(frozen=True, slots=True)
class Action:
    """One thing the user should do: a message to one person, with its timing and its reason."""

    key: str
    kind: MessageKind
    person_id: int
    opportunity_id: int | None
    interview_id: int | None
    channel: Channel
    earliest: datetime
    due: datetime
    latest: datetime | None
    state: str  # "upcoming" | "due" | "overdue"
    rule: str
    reason: str
    source: str
    sequence: int = 1
    note: str = ""
    message_id: int | None = None  # a message already drafted/scheduled for it: do not draft again
    news_id: int | None = None  # the news item that gives the reason (share news, keep warm)
    send_at: datetime | None = None  # a suggested moment to schedule delivery, if any
    # the reply, read as a rejection and not confirmed yet, the plan has this action only because
    # of (its id): a rejection reply, a request after the rejection, a touch counted from it
    rests_on: int | None = None


def _builder(cls):
    """A function that makes a frozen slots dataclass from its fields, positionally.

    A frozen dataclass's __init__ sets each field through object.__setattr__, by name; for
    50,000 actions of 18 fields that is a tenth of a plan. This writes each slot through its
    descriptor instead: the very same object, for half the cost (no validation is skipped:
    the dataclass has none).
    """
    names = [f.name for f in fields(cls)]
    setters = {f"_set_{name}": getattr(cls, name).__set__ for name in names}
    body = "".join(f"    _set_{name}(obj, {name})\n" for name in names)
    source = f"def build({', '.join(names)}):\n    obj = _new(_cls)\n{body}    return obj\n"
    namespace = {"_new": object.__new__, "_cls": cls, **setters}
    exec(source, namespace)  # as dataclasses itself makes __init__
    return namespace["build"]


_new_action = _builder(Action)


@dataclass(slots=True)
class _Draft:
    key: str
    kind: MessageKind
    person: Person
    opportunity_id: int | None
    interview_id: int | None
    earliest: datetime
    due: datetime
    latest: datetime | None
    rule: str
    reason: str
    tz: ZoneInfo
    cal: BusinessDays
    channel: Channel = Channel.EMAIL
    sequence: int = 1
    notes: list[str] = field(default_factory=list)
    news_id: int | None = None
    send_at: datetime | None = None
    source: str = ""
    ts: float = 0.0  # earliest as a timestamp: compared often, and slow to work out from a zone
    # a moment the reason names as the time to act (a thank-you's slot, a day a reply is due by):
    # a move past it says so (see move)
    named: datetime | None = None
    # the latest is set by something else than the start (the day its news turns stale): a
    # move leaves it where it is (see move)
    fixed_latest: bool = False
    moved: bool = False  # a move changed its start (see drop_moved_past_reason)
    # a thank-you's lateness note, counted from the interview (see postponed_thank_you): the
    # note an out-of-office postponement replaces
    late: str = ""


@dataclass(frozen=True, slots=True)
class _AfterReply:
    """A real reply stopped a round's status follow-ups, and a decision date stated in the
    round's debriefs may let them go on after it (see status_sequence): the latest reply's
    moment, who sent it (a person id, when known), and the latest stated decision date."""

    at: datetime
    who: int | None
    stated: date


@dataclass(slots=True)
class _Request:
    """A LinkedIn connection request before the monthly cap: drafted only once it is kept.

    Thousands of requests can wait for a free account's few invitations a month; plan_due only
    counts those the cap queues past now, so it does not word them (see `requests`).
    """

    key: str
    person: Person
    opportunity_id: int | None
    interview_id: int | None
    earliest: datetime
    ts: float  # earliest as a timestamp
    tz: ZoneInfo
    cal: BusinessDays
    rule: str
    tail: str  # the end of the reason
    # after a decision, held while another process of theirs was open and moved to its close:
    # loses a tie with a request of that process's own (see linkedin_after)
    held: bool = False


class _Planner:
    """One planning run: the indexed facts, the playbook's values, and the drafts so far."""

    def __init__(self, facts: Facts, playbook: Playbook, now: datetime, upcoming: bool = True):
        if now.tzinfo is None:
            raise ValueError("plan() needs an aware `now`")  # a programming error
        self.facts, self.pb, self.now = facts, playbook, now
        profile = facts.profile
        fallback_tz, fallback_country = fallback_place(playbook, profile)
        fallback_tz = fallback_tz or "UTC"
        self.ix = Index(facts, fallback_tz, fallback_country)
        self.completed = self.ix.completed()  # key -> completion: a plain dict, looked up per action
        self.messages_by_key = self.ix.messages_by_key
        self.stopped = self.ix.stop_requests
        self.user_tz = self.ix.where(Person(id=-1, name=""))[0]
        # the zone a reason says "yours" in: config.toml's on a trip, else the one above
        self.reader_tz = safe_zone(playbook.reader_tz, self.user_tz.key) if playbook.reader_tz else self.user_tz
        self.drafts: list[_Draft] = []
        self.upcoming, self.upcoming_count = upcoming, 0
        # traced (see trace_keep_warm): the touches a move left without a reason, and when each
        # person's last process closed; None in a plain plan, which keeps neither
        self.dropped: list[_Draft] | None = None
        self.closed: dict[int, tuple[datetime, Opportunity]] = {}
        # traced: person -> why no touch was planned for them ("no_news": no fresh news that
        # matters to them; "after_year": its time comes after the year of touches), None in a plain plan
        self.no_touch: dict[int, str] | None = None
        self.open_opps: list[Opportunity] = []  # still in process: no decision, not closed
        # person -> the process not closed yet that they are in (still in process, at an offer,
        # or being withdrawn from), _SEVERAL when more than one: no keep-warm touch for them,
        # and no request after another process's decision (see run, linkedin_after)
        self.open_of: dict[int, int] = {}
        # opp id -> from when a request after its rejection may go (with the reply), when that is
        # later than its close (see linkedin_after)
        self.release_at: dict[int, datetime] = {}
        # process -> the reply, not confirmed yet, on whose reading as a rejection the plan takes
        # it as rejected: every action of that process then rests on it (see finish)
        self.read_as_rejected: dict[int, int] = {}
        self.decided: list[tuple] = []  # linkedin_after's calls, made once open_of is known
        # people whose second status follow-up is still to go: it carries the news (see share_news)
        self.news_goes_with_follow_up: set[int] = set()
        # person -> the key of a reply to a decision of theirs not sent yet (see keep_warm_touch)
        self.replies_owed: dict[int, str] = {}
        self._news_cache: dict[frozenset[str], tuple[list, list, list, list]] = {}
        self._news_by_interest: dict[tuple, tuple[list, list, list, list]] = {}  # see _news_for
        self._news_by_company_interest: dict[tuple, tuple[list, list, list, list]] = {}  # see _news_for
        self._people: dict[int, list[int]] = {}
        self._thank_you_timing: dict[tuple, tuple] = {}
        self._stale_up_to: dict[ZoneInfo, date] = {}
        self._snapped: dict[tuple, tuple[datetime, datetime, float]] = {}
        self._after_talk: dict[tuple, tuple[date, datetime]] = {}
        self._share_timing: dict[tuple, tuple] = {}
        self._warm_timing: dict[tuple, tuple] = {}
        self._warm_window: dict[tuple, datetime] = {}
        self.now_ts = now.timestamp()
        self._now_in: dict[ZoneInfo, datetime] = {}  # now in each recipient's zone
        self._waits: dict[tuple, tuple] = {}  # see wait_for, per place: for most actions
        self._waits_window: dict[tuple, tuple] = {}  # and for those sent in the send window
        self._waits_by_hand: dict[tuple, tuple] = {}  # and for LinkedIn notes, which are sent by hand
        self.postponed: list[_Draft] = []  # thank-yous an out-of-office reply moved (see postponed_thank_you)
        self.sources = {rule.name: rule.source for rule in playbook}
        self.v = {rule.name: dict(rule.values) for rule in playbook}  # plain dicts: hot lookups
        # a set of values: a role (a StrEnum) is found by its value, without `.value` (slow)
        self.thank_you_roles = frozenset(self.v["thank_you"]["roles"])
        # the send window's weekdays as your playbook names them; None: mid-week, the recipient's
        # (`BusinessDays.midweek`: Tue-Thu, Mon-Wed for a Sunday-Thursday week)
        self.window_days = window_days(playbook)
        # When only what is due now is wanted (plan_due), a draft that starts later and that
        # spacing may move is counted, not made: moves only ever push a draft later, and the
        # LinkedIn cap and spacing visit drafts in time order, so it cannot change what is due
        # now. But for one thing: spacing places status follow-ups and closing the loop before
        # every other message it spaces, so a later follow-up can move a due share of news.
        # Those within spacing's reach of now are kept aside by person (within_reach) and taken
        # in for the few people who have such a due message (see apply_spacing).
        # Made all the same: kinds exempt from spacing (the later ones hold their day in
        # spacing). LinkedIn requests have their own test (see request_only_counted).
        exempt = frozenset(MessageKind(k) for k in self.v["spacing"]["exempt"])
        self.counted_only = frozenset() if upcoming else frozenset(MessageKind) - exempt - {MessageKind.LINKEDIN_NOTE}
        self.within_reach: dict[int, list[_Draft]] = {}  # person -> their later follow-ups
        self.beyond_reach: dict[int, list[tuple]] = {}  # and those further on (see later_follow_up)
        self._spacing_limit: dict[tuple, date] = {}  # see later_follow_up
        self.linkedin_exempt = MessageKind.LINKEDIN_NOTE in exempt
        self.linkedin_later: set[str] = set()  # keys of requests only counted (plan_due)
        self.requests: list[_Request] = []  # LinkedIn requests not drafted yet (see linkedin_dedupe)
        self._request_limit: dict[tuple, date] = {}
        self._queued_start: dict[tuple, datetime] = {}  # see queued_start
        self._started_with: dict[str, int] | None = None  # see started_with
        self._in_force: dict[int, InForce] = {}  # see history
        self._not_a_person: dict[tuple, bool] = {}  # see team_or_mailbox
        self._company_names: dict[tuple, list[str]] = {}
        # opp id -> the news its second status follow-up (to go) names, from when, its key and
        # recipient: the shares of it to the panel wait for it (see follow_up_news, share_news_to)
        self.process_news: dict[int, tuple[NewsItem, datetime, str, Person]] = {}
        self._follow_up_moment: dict[int, tuple[datetime, bool]] = {}  # see follow_up_moment
        # opp id -> the key of its closing the loop, once its second status follow-up has gone:
        # until the loop is closed, its people hear of no news (see share_news)
        self.closing_to_go: dict[int, str] = {}
        self.loop_closed: dict[int, tuple[datetime, int]] = {}  # opp id -> when, and to whom
        # opp id -> the notes about it planned (thank-yous, status follow-ups, closing the loop):
        # their start, recipient and key, as the rule made them (see process_spacing)
        self.planned_notes: dict[int, list[tuple[datetime, Person, str]]] = {}

    # --- helpers ---------------------------------------------------------------------------

    def history(self, opp: Opportunity) -> InForce:
        """The opportunity's status history as the plan reads it: without a decision taken back
        the same day (see facts.in_force), made once per opportunity that has more than one
        change."""
        history = opp.history
        if len(history) < 2:
            return InForce(history, None, None)
        found = self._in_force.get(opp.id)
        if found is None:
            found = self._in_force[opp.id] = in_force(history, self.user_tz)
        return found

    def person(self, person_id: int | None) -> Person | None:
        person = self.facts.people.get(person_id) if person_id is not None else None
        if person is None or person.do_not_contact or person_id in self.stopped:
            return None  # they asked not to be contacted: marked so, or in a reply (see facts.stop_request)
        return person

    def draft(self, key: str, kind: MessageKind, person: Person, *, opportunity_id: int | None,
              interview_id: int | None, earliest: datetime, due: datetime, latest: datetime | None,
              tz: ZoneInfo, cal: BusinessDays, rule: str, reason: str, channel: Channel = Channel.EMAIL,
              sequence: int = 1, news_id: int | None = None, send_at: datetime | None = None,
              ts: float | None = None) -> _Draft | None:
        """A new draft unless the action is already complete (tz, cal: the person's, from `where`;
        ts: earliest as a timestamp, when the caller has it already; send_at, a suggested sending
        time, is a moment the reason names)."""
        if self.completed.get(key) is not None:
            return None
        if ts is None:
            ts = earliest.timestamp()
        if kind in self.counted_only and ts > self.now_ts and not (
                kind in _PAST_REASON and self.touch_may_move(person.id, key)):
            self.upcoming_count += 1  # as only_counted(), inline: 50,000 calls
            return None
        # positional: one call per action, and keyword passing twice over costs at 50,000
        item = _Draft(key, kind, person, opportunity_id, interview_id, earliest, due, latest, rule,
                      reason, tz, cal, channel, sequence, [], news_id, send_at, "", ts, send_at)
        self.drafts.append(item)
        return item

    def only_counted(self, kind: MessageKind, earliest: datetime, ts: float | None = None) -> bool:
        """A draft that plan_due only counts (see `counted_only`): counted, and True.

        Rules ask before they word the reason and notes: for such a draft, that it exists is all
        that is needed.
        """
        if kind in self.counted_only and (earliest.timestamp() if ts is None else ts) > self.now_ts:
            self.upcoming_count += 1
            return True
        return False

    def touch_may_move(self, person_id: int, key: str) -> bool:
        """plan_due: whether a later keep-in-touch touch may be moved (a snooze of it, an away
        message from them): then it is made, not only counted, since a touch moved past its
        year or its news' freshness is dropped (drop_moved_past_reason), and a count could not
        be taken back. Few are: most people have neither."""
        return person_id in self.ix.auto_replies_by_person or (
            self.ix.has_snoozes and self.ix.snoozed_until(key) is not None)

    def later_follow_up(self, key: str, kind: MessageKind, person: Person, opportunity_id: int | None,
                        interview_id: int | None, earliest: datetime, due: datetime, tz: ZoneInfo,
                        cal: BusinessDays, rule: str, sequence: int) -> None:
        """plan_due: a status follow-up or closing the loop only counted (see only_counted),
        kept aside when it starts within spacing's reach of today, in case the person has a due
        message that spacing places after it (see apply_spacing). Its timing is all it needs:
        it starts later than now, so it is never listed, and it has no reason to word."""
        # Within reach: it starts on a day less than the gap after today. Placed in time order
        # before a due message, and only ever moved later, one starting on that day or later
        # stays clear of today, and so do all the follow-ups after it.
        limit = self._spacing_limit.get((tz, cal))
        if limit is None:
            today = self.now.astimezone(tz).date()
            limit = self._spacing_limit[(tz, cal)] = cal.add(today, self.v["spacing"]["business_days"])
        if earliest.date() < limit:  # earliest is in tz
            self.within_reach.setdefault(person.id, []).append(
                _Draft(key, kind, person, opportunity_id, interview_id, earliest, due, None, rule, "", tz, cal,
                       Channel.EMAIL, sequence, [], None, None, "", earliest.timestamp()))
        else:
            # beyond reach: only a share of news due now looks this far (its due keeps clear of
            # the next message, and where a move takes it decides whether it is still news)
            self.beyond_reach.setdefault(person.id, []).append(
                (key, kind, person, opportunity_id, interview_id, earliest, due, rule, tz, cal, sequence))

    def make_within_reach(self, person_id: int, everything: bool = False) -> list[_Draft]:
        """plan_due: the follow-ups to a person kept aside by later_follow_up, taken in as
        drafts (and moved as every draft was: snooze, out of office), so that spacing places a
        due message after them as plan does. Counted once: as drafts now, not as only counted."""
        made = self.within_reach.pop(person_id, [])
        if everything:
            made += [_Draft(key, kind, person, opp_id, interview_id, earliest, due, None, rule, "", tz, cal,
                            Channel.EMAIL, sequence, [], None, None, "", earliest.timestamp())
                     for key, kind, person, opp_id, interview_id, earliest, due, rule, tz, cal, sequence
                     in self.beyond_reach.pop(person_id, ())]
        self.drafts += made
        self.upcoming_count -= len(made)
        away = self.ix.auto_replies_by_person.get(person_id)
        for item in made:
            if self.ix.has_snoozes:
                self.apply_snooze(item)
            if away:
                self.out_of_office(item, away)
        return made

    def request_only_counted(self, day: date, moment: datetime | None, tz: ZoneInfo, cal: BusinessDays) -> bool:
        """plan_due: whether a LinkedIn request set for `day` (its recipient's date; `moment`, the
        time it is set for, when known) is later than now and cannot change what is due now.

        Requests are kept one per person and capped per month in time order, so a later one
        never takes an earlier one's place. When they are not exempt from spacing, spacing too
        visits them in time order, after every status follow-up: any later request will do.
        When they are exempt, a request holds its days in spacing and could move a draft due
        today (a due draft can only stay due with no clash at all), or a later follow-up that
        would otherwise keep a due share of news off today (see apply_spacing): only one twice
        the gap from today or later will do. (Follow-ups are placed in time order, each at
        least the gap after the one before: only the first can land less than the gap after
        today, and whether it does is settled on days before that, which such a request is
        too far from to clash with.)
        """
        if self.upcoming:
            return False
        limit = self._request_limit.get((tz, cal))
        if limit is None:
            today = self.now.astimezone(tz).date()
            limit = today + _ONE_DAY  # from tomorrow on: later than now, whatever the time
            if self.linkedin_exempt:
                limit = max(limit, cal.add(today, 2 * self.v["spacing"]["business_days"]))
            self._request_limit[(tz, cal)] = limit
        if day >= limit:
            return True
        return not self.linkedin_exempt and moment is not None and moment.timestamp() > self.now_ts

    def pace(self, opp: Opportunity, days: int) -> int:
        return paced(self.v, opp, days)

    def window(self, cal: BusinessDays, tz: ZoneInfo, day: date) -> tuple[datetime, datetime]:
        rule = self.v["send_window"]
        chosen = cal.next_in_window(day, self.window_days or cal.midweek)
        return at_local(chosen, rule["start"], tz), at_local(chosen, rule["end"], tz)

    # --- per opportunity -------------------------------------------------------------------

    def run(self) -> list[Action]:
        """Every rule, then the moves (snooze, out-of-office, cap, spacing), then the states."""
        closed = self.closed  # person -> when their last process closed, and that process
        self.accepted = self.acceptance()
        open_of, interviews_by_opp = self.open_of, self.ix.interviews_by_opp
        for opp in sorted(self.facts.opportunities.values(), key=lambda o: o.id or 0):
            ended = self.opportunity(opp)
            if ended is not None:
                for person_id in self.people_of(opp):
                    if person_id not in closed or closed[person_id][0] < ended:
                        closed[person_id] = (ended, opp)
            elif opp.status in _NOT_CLOSED:
                # not closed: its panel, and whoever told you of a status (an offer), are still in
                # a process with you
                for interview in interviews_by_opp.get(opp.id, ()):  # as people_of, without a list
                    for participant in interview.participants:
                        if open_of.setdefault(participant.person_id, opp.id) != opp.id:
                            open_of[participant.person_id] = _SEVERAL
                for change in self.history(opp).changes:
                    if change.person_id is not None and open_of.setdefault(change.person_id, opp.id) != opp.id:
                        open_of[change.person_id] = _SEVERAL
        for person_id, (ended, opp) in sorted(closed.items()):
            # keep-warm is for after a process: not while another one with them is open; once
            # all are closed, the cadence counts from the last close
            if person_id not in open_of:
                self.keep_warm(opp, person_id, ended)
        for decided in self.decided:
            self.linkedin_after(*decided)
        self.share_news()
        self.linkedin_dedupe()
        if self.ix.has_snoozes:
            for item in self.drafts:
                self.apply_snooze(item)
        self.apply_out_of_office()
        self.drop_moved_past_reason()
        self.note_no_address()
        self.note_bounces()
        self.apply_linkedin_cap()
        self.apply_spacing()  # last: "never two messages within the spacing" is the firm rule
        for item in self.postponed:  # worded where the moves left them (rare: a few at most)
            if self.upcoming or item.ts <= self.now_ts:
                self.postponed_thank_you(item)
        drafts = self.drafts
        if not self.upcoming:
            # timestamps: comparing moments of two zones directly costs twice as much
            now_ts = self.now_ts
            chosen = [d for d in drafts if d.ts <= now_ts]
            self.upcoming_count += len(drafts) - len(chosen)
            drafts = chosen
        finished = [self.finish(d) for d in drafts]
        # by due moment, then key: as two stable sorts, half the time of one on (due, key)
        # pairs (many actions share their due moment, so most comparisons went to the keys)
        finished.sort(key=itemgetter(1))
        finished.sort(key=itemgetter(0))
        return [f[2] for f in finished]

    def people_of(self, opp: Opportunity) -> list[int]:
        """Everyone who took part in the opportunity's interviews (cached)."""
        found = self._people.get(opp.id)
        if found is None:
            seen: dict[int, None] = {}
            for interview in self.ix.interviews_by_opp.get(opp.id, ()):
                for participant in interview.participants:
                    seen[participant.person_id] = None
            found = self._people[opp.id] = list(seen)
        return found

    def opportunity(self, opp: Opportunity) -> datetime | None:
        """Plan one opportunity; return when its process closed (for keep-warm), if it did."""
        interviews = self.ix.interviews_by_opp.get(opp.id, [])
        rejection = self.rejection(opp, interviews)
        status = opp.status
        if rejection is not None:
            # the rounds the rejection answered: an interview recorded under the process after it
            # (moved there from another) has no say in whom the reply goes to
            before = interviews
            if interviews and interviews[-1].start > rejection[0]:
                before = [i for i in interviews if i.start <= rejection[0]] or interviews
            if status in OPEN:  # taken as rejected from a reply, perhaps not confirmed yet
                said = self.unconfirmed_rejection(opp, interviews)
                if said is not None:
                    self.read_as_rejected[opp.id] = said.id
            self.rejection_reply(opp, before, *rejection)
            # the requests go with the reply, so not before it can go either
            with_reply = plus(rejection[0], self.v["rejection_reply"]["not_before"], self.user_tz)
            self.release_at[opp.id] = with_reply
            self.decided.append((opp, with_reply, "the rejection", rejection[1],
                                 None if before is interviews else before))
            return rejection[0]
        if status in (OpportunityStatus.WITHDRAWN, OpportunityStatus.NO_RESPONSE):
            return self.status_time(opp, status) or (interviews[-1].end if interviews else None)
        if status == OpportunityStatus.OFFER and self.accepted is not None and process_began(opp) <= self.accepted[0]:
            self.withdrawal(opp, interviews)  # you took another offer: decline this one, with thanks
            return None
        if status == OpportunityStatus.ACCEPTED or status == OpportunityStatus.OFFER:
            when = self.status_time(opp, status) or (interviews[-1].end if interviews else None)
            if when is not None:
                self.decided.append((opp, when, "the offer" if status == OpportunityStatus.OFFER else "your acceptance",
                                     None))
            if status == OpportunityStatus.OFFER:
                self.thank_yous(opp, interviews)
            return None
        if status not in OPEN:
            return None  # rejected with nothing to go on: no interview, no date
        if self.accepted is not None and process_began(opp) <= self.accepted[0]:
            self.withdrawal(opp, interviews)  # you took another job: tell them, nothing else
            return None
        self.open_opps.append(opp)
        self.thank_yous(opp, interviews)
        if self.facts.profile.opt_in_early_linkedin:
            self.linkedin_early(opp, interviews)
        if interviews:
            return self.status_sequence(opp, interviews)
        return None

    # --- after you accept an offer -------------------------------------------------------

    def acceptance(self) -> tuple[datetime, Opportunity] | None:
        """The offer you accepted (the first, when more are marked) and when, while the rule is on."""
        if not self.v["withdraw_after_acceptance"]["enabled"]:
            return None
        found = [(self.status_time(o, OpportunityStatus.ACCEPTED) or process_began(o), o.id or 0, o)
                 for o in self.facts.opportunities.values() if o.status == OpportunityStatus.ACCEPTED]
        if not found:
            return None
        at, _, opp = min(found, key=itemgetter(0, 1))
        return at, opp

    def withdrawal(self, opp: Opportunity, interviews: list[Interview]) -> None:
        """A process still open when you accepted another offer: a short note withdrawing from
        it, with thanks, to its contact; once it went, the process counts as withdrawn."""
        # whoever made the offer, when you said so (see set_status), else the usual contact; an
        # offer set again without naming anyone (a wrong acceptance corrected) was still theirs
        history = self.history(opp)
        told = next((c.person_id for c in reversed(history.changes)
                     if c.status == opp.status and c.person_id is not None), None)
        person = self.person(told) if told is not None else None
        moved = ""
        if person is None and interviews:
            person, moved = self.contact(opp, interviews)
        if person is None:
            return  # no one to tell (an application with no interview): set it withdrawn yourself
        rule = self.v["withdraw_after_acceptance"]
        accepted_at, accepted = self.accepted
        tz, cal = self.ix.where(person)
        local = accepted_at.astimezone(tz)
        # the same working day when there is still time in it, else the next business morning
        later = local.time() >= END_OF_DAY or not cal.is_business_day(local.date())
        day = cal.next_business_day(local.date(), include=not later)
        earliest = max(at_local(day, MORNING, tz), local)  # in their zone, as every time of a plan
        due = at_local(cal.add(earliest.astimezone(tz).date(), rule["due_business_days"]), END_OF_DAY, tz)
        if self.only_counted(MessageKind.WITHDRAWAL, earliest):
            return
        company = self.facts.companies.get(accepted.company_id)
        where = f" at {company.name}" if company else ""
        what = ("you decline their offer for" if opp.status == OpportunityStatus.OFFER
                else "you are withdrawing from")
        reason = (f"You accepted the offer for {accepted.role}{where} "
                  f"({_day(accepted_at.astimezone(tz), weekday=False)}): tell {person.name} {what} "
                  f"{opp.role}{self.company_name(opp)}, with thanks, so they can move on; due within "
                  f"{_business_days(rule['due_business_days'])}.")
        # a process open again after a kept decision is a new chapter: a note sent in an earlier
        # one (before the acceptance you took back) stands for nothing now
        key = withdrawal_key(opp.id, person.id, chapter(history.changes))
        item = self.draft(key, MessageKind.WITHDRAWAL, person, opportunity_id=opp.id,
                          interview_id=interviews[-1].id if interviews else None, earliest=earliest, due=due,
                          latest=None, tz=tz, cal=cal, rule="withdraw_after_acceptance", reason=reason)
        if item is not None and moved:
            item.notes.append(moved)

    def status_time(self, opp: Opportunity, status: OpportunityStatus) -> datetime | None:
        times = [c.at for c in self.history(opp).changes if c.status == status]
        return min(times) if times else None

    def replies(self, opp: Opportunity):
        """Real replies about an opportunity (see Index.replies), read only.

        Most replies are tied to their opportunity: when none is tied to a person alone, the
        opportunity's own list is the answer, with no set of its people to make (10,000 times).
        """
        if not self.ix.replies_by_person:
            return self.ix.replies_by_opp.get(opp.id, ())
        return self.ix.replies(opp.id, set(self.people_of(opp)))

    def contact(self, opp: Opportunity, interviews: list[Interview]) -> tuple[Person | None, str]:
        """Whom to write to about a process (see facts.process_contact), and a note when they
        have moved to another company and nobody still there is known ("" otherwise)."""
        person, moved = process_contact(reversed(interviews), self.person, opp.company_id)
        return person, self.moved_note(person, opp, interviews) if moved else ""

    def moved_note(self, person: Person, opp: Opportunity, interviews: list[Interview]) -> str:
        """'Hank Lee works at Globex now, not at Contoso, and nobody else at Contoso is known in
        this process: ...' (once per process whose only contact has moved: rare)."""
        there = self.facts.companies.get(opp.company_id)
        now_at = self.facts.companies.get(person.company_id)
        there = there.name if there else "the company of this process"
        return (f"{person.name} works at {now_at.name if now_at else 'another company'} now, not at {there}, "
                f"and nobody else at {there} is known in this process: write to {person.name} anyway, or add "
                f"someone who is to its panel (afterview interview edit {interviews[-1].id} --with NAME:recruiter)")

    # --- thank-you -------------------------------------------------------------------------

    def thank_you(self, opp: Opportunity, interview: Interview, last_seen: dict[int, datetime],
                  following: dict[tuple[int, int], Interview] | None = None) -> None:
        roles = self.thank_you_roles
        for participant in interview.participants:
            if participant.role not in roles:
                continue
            person = self.person(participant.person_id)
            # a later interview with the same person has ended: thank them for that one instead
            if person is None or last_seen.get(person.id, interview.end) > interview.end:
                continue
            # a loop (a series of interviews with them on consecutive business days, a recurring
            # invitation): one thank-you, after its last one, never one a day. A next round two or
            # more business days on still has this one thanked first, as etiquette expects
            after = (following or {}).get((interview.id, person.id))
            if after is not None and self.in_loop(interview, after, person):
                continue
            self.thank_you_to(opp, interview, person)

    @staticmethod
    def following(interviews: list[Interview]) -> dict[tuple[int, int], Interview]:
        """For each (interview id, person id), the next interview of the process with that person."""
        found: dict[tuple[int, int], Interview] = {}
        latest: dict[int, Interview] = {}
        for interview in reversed(interviews):  # sorted by end
            for participant in interview.participants:
                if participant.person_id in latest:
                    found[(interview.id, participant.person_id)] = latest[participant.person_id]
                latest[participant.person_id] = interview
        return found

    def in_loop(self, interview: Interview, after: Interview, person: Person) -> bool:
        """Whether `after` starts no later than the next business day after the interview ends, on
        the person's calendar: the thank-you for this one would go about when the next one starts."""
        tz, cal = self.ix.where(person)
        limit = cal.add(interview.end.astimezone(tz).date(), 1)
        return after.start > interview.end and after.start.astimezone(tz).date() <= limit

    def last_seen(self, interviews: list[Interview]) -> dict[int, datetime]:
        """When each person's last interview of this opportunity ended (of those that have)."""
        seen: dict[int, datetime] = {}
        for interview in interviews:  # sorted by end
            if interview.end <= self.now:
                for participant in interview.participants:
                    seen[participant.person_id] = interview.end
        return seen

    def thank_yous(self, opp: Opportunity, interviews: list[Interview]) -> None:
        if len(opp.history) > 1:
            # The one rule of what a reopening drops. A decision taken back the same day (a
            # "rejected" recorded on the wrong process and set back at once) is no part of the
            # history the plan reads (see history): it drops nothing, late notes included. A
            # process reopened after a decision that stood past its day (a new round) thanks a round
            # before the reopening only when its note was not late yet when it opened again;
            # for the others the moment has passed.
            reopened = self.history(opp).reopened
            if reopened is not None:
                late_after = self.v["thank_you"]["late_after"]
                interviews = [i for i in interviews
                              if i.end > reopened or reopened < plus(i.end, late_after, self.user_tz)]
        last_seen = self.last_seen(interviews)
        following = self.following(interviews)
        for interview in interviews:
            self.thank_you(opp, interview, last_seen, following)

    def thank_you_to(self, opp: Opportunity, interview: Interview, person: Person) -> None:
        key = f"thank_you:i{interview.id}:p{person.id}"
        if self.completed.get(key) is not None:
            return  # most notes of a busy pipeline are sent: skip the work
        tz, cal = self.ix.where(person)
        # the same for every panel member in one place, and for every interview that ends at
        # the same moment (interviews end on the hour and half hour): worked out once
        place = (interview.end, interview.start, interview.stage, tz, cal)
        timing = self._thank_you_timing.get(place)
        if timing is None:
            timing = self._thank_you_timing[place] = self.thank_you_timing(interview, tz, cal)
        earliest, ts, due, send_at, name, tail, late = timing
        item = self.draft(key, MessageKind.THANK_YOU, person, opportunity_id=opp.id,
                          interview_id=interview.id, earliest=earliest, due=due,
                          latest=None, tz=tz, cal=cal, rule=name, reason=f"Thank {person.name} for {tail}",
                          send_at=send_at, ts=ts)
        # planned whether made or, by plan_due, only counted (None then: complete ones returned
        # above): a share of news keeps its spacing from it either way (see process_spacing)
        self.planned_notes.setdefault(opp.id, []).append((earliest, person, key))
        if item is not None and late:
            item.notes.append(late)
            item.late = late

    def interview_named(self, interview: Interview, tz: ZoneInfo) -> tuple[datetime, date, str]:
        """When the interview began in `tz`, the day it is the interview of, and how a thank-you's
        reason names it ("the panel interview of Tue 24 Nov", with your days beside theirs when
        they differ)."""
        end = interview.end.astimezone(tz)
        # the interview's day is the day it began (one that runs past midnight is Monday's, as
        # the notes say), the moments are counted from its end
        began = interview.start.astimezone(tz) if interview.start <= interview.end else end
        day = began.date()
        days = _days_span(day, _last_day(began, end))
        what = f"{_stage(interview.stage)} of {days}"
        mine = began.astimezone(self.reader_tz)
        mine_days = _days_span(mine.date(), _last_day(mine, interview.end.astimezone(self.reader_tz)))
        if mine_days != days:  # their days are not yours: both, as the note names theirs
            what += f" ({mine_days} your time)"
        return began, day, what

    def said_day(self, began: datetime, day: date, cal: BusinessDays, tz: ZoneInfo) -> tuple[int, str]:
        """How many days ago (in `tz`) the interview's day was, and how a note names that day: its
        weekday ("Tuesday"), or six or more days back, its date their way ("November 24")."""
        # a weekday six or more days back reads as this week's or the coming one ("on Friday",
        # said on a Friday, is today): then the date is said instead
        ago = (datetime.fromtimestamp(self.now_ts, tz).date() - day).days
        month = _MONTHS_FULL[day.month - 1]
        dated = f"{month} {day.day}" if month_first(cal.country) else f"{day.day} {month}"
        return ago, dated if ago >= 6 else _WEEKDAYS_FULL[began.weekday()]

    def thank_you_timing(self, interview: Interview, tz: ZoneInfo, cal: BusinessDays) -> tuple:
        """When a note for this interview is due in one zone and country (earliest, its timestamp,
        due no earlier than earliest, send_at), the rule, the reason's tail and a lateness note."""
        rule = self.v["thank_you"]
        end = interview.end.astimezone(tz)
        earliest = plus(end, rule["not_before"], tz)
        began, day, what = self.interview_named(interview, tz)
        last = _last_day(began, end)
        # it may last into a later day's morning (an all-day interview in another zone than
        # theirs, one of several days): the morning after it ended, never one during it
        next_day = last + _ONE_DAY
        # what the afternoon rule says of it: an interview of several days is not an afternoon's
        # ended after its day, in the night (one ending at 00:00 ends with its day: due at the
        # end of the next one, as a deadline at midnight reads)
        past_midnight = end.date() > last and end.time() != time(0)
        span = (f"an interview over {_NUMBER_WORDS.get((last - day).days + 1, (last - day).days + 1)} days"
                if last > day else "an interview that ran past midnight" if past_midnight
                else "an afternoon interview")
        send_at = None
        # the times of a reason are the recipient's: said so when theirs are not the user's
        theirs = "" if tz == self.reader_tz else f" their time ({tz.key})"
        if not cal.is_business_day(next_day) or not cal.is_business_day(day):
            friday = self.v["friday_thank_you"]
            morning = cal.next_business_day(next_day)
            due = at_local(morning, friday["window_end"], tz)
            why = _non_business_reason(day, next_day, cal)
            # the same day, once it is morning for them (an interview in their night: not before 07:00)
            same_day_at = max(earliest, at_local(day, WAKES, tz))
            # ready *before* same_day_until (17:00): a note that can only be ready at 17:00 waits
            same_day = (same_day_at.date() == day and same_day_at.time() < friday["same_day_until"]
                        and cal.is_business_day(day))
            # the same day while it lasts (until same_day_until, not at it); once it is over, the
            # next business morning's slot (a suggestion in the past would make an approval send
            # at once, at any hour)
            same_day_open = same_day and self.now_ts < at_local(day, friday["same_day_until"], tz).timestamp()
            send_at = same_day_at if same_day_open else at_local(morning, friday["window_start"], tz)
            slot = f"{_day(morning)} {_hm(friday['window_start'])}-{_hm(friday['window_end'])}{theirs}"
            if self.now_ts > due.timestamp():
                tail = f"{what}; {why}, so it was due by {_day(morning)} {_hm(friday['window_end'])}{theirs}."
            elif same_day_open:
                tail = f"{what}; {why}, so send it the same day or schedule it for {slot}."
            else:  # the same day is past, or the note could not be ready in time for it
                tail = f"{what}; {why}, so schedule it for {slot}."
            name = "friday_thank_you"
        elif end.time() >= self.v["afternoon_thank_you"]["afternoon_from"] or past_midnight:
            # one that ran past midnight into the night (Mon 23:00-Tue 00:30: Monday's, see
            # _last_day) ended in the evening: the next business morning, not 24 h later, at night
            noon = self.v["afternoon_thank_you"]
            due = at_local(next_day, noon["window_end"], tz)
            send_at = at_local(next_day, noon["window_start"], tz)
            if self.now_ts > due.timestamp():
                tail = (f"{what}; {span}, so it was due by the next business morning, "
                        f"{_day(next_day)} {_hm(noon['window_end'])}{theirs}.")
            else:
                tail = (f"{what}; {span}: schedule it for the next business morning, "
                        f"{_day(next_day)} {_hm(noon['window_start'])}-{_hm(noon['window_end'])}{theirs}.")
            name = "afternoon_thank_you"
        else:
            due = plus(end, rule["due_within"], tz)
            tail = f"{what}; due within {_hours(rule['due_within'])} of its end."
            name = "thank_you"
        late = ""
        if self.now_ts > plus(end, rule["late_after"], tz).timestamp():  # as now > ..., faster
            # past the rule's own slot it is late; before it (a Friday's note on Monday morning)
            # it is on time, and only the wording must not say "yesterday"
            ago, on = self.said_day(began, day, cal, tz)
            if self.now_ts > plus(end, rule["fold_after"], tz).timestamp():
                # weeks later a thank-you on its own reads oddly; the thanks still belong somewhere
                if ago > 183 or day.year != datetime.fromtimestamp(self.now_ts, tz).year:
                    on += f", {day.year}" if on[:1].isalpha() else f" {day.year}"  # "December 18, 2025"
                late = (f"late: {ago} days after the interview of {on}, a thank-you on its own would read "
                        f"oddly now: thank them for it in your next note to them, or skip this one")
            else:
                late = (f"{'late: ' if self.now_ts > max(due, earliest).timestamp() else ''}say 'thank you "
                        f"for our conversation on {on}', not 'yesterday'")
        return earliest, earliest.timestamp(), max(due, earliest), send_at, name, tail, late

    # --- status follow-ups -----------------------------------------------------------------

    def status_sequence(self, opp: Opportunity, interviews: list[Interview]) -> datetime | None:
        """First and second follow-up, then close the loop; returns when the loop was closed.

        About the latest round (the anchor), even one with nobody on it (a take-home): its end
        times the sequence, and the contact comes from the latest round with someone to write to
        (see contact). A real reply after the round began stops what is pending (stop on reply).
        When the round's debriefs state a decision date later than the latest reply (its day in
        the contact's zone), the sequence goes on after that date: its next step, not before the
        date + the first follow-up's business days. A reply after that date stops it again.
        """
        anchor = interviews[-1]
        person, moved = self.contact(opp, interviews)
        if person is None:
            return None
        after_reply = None
        if self.v["stop_on_reply"]["enabled"]:
            replies = [found for found in self.replies(opp) if found[0].received_at >= anchor.start]
            if replies:
                # A reply stops the sequence, unless they stated a decision date later than it
                # (see _AfterReply); only then is there more to work out. A reply that says no or
                # brings an offer, or one still to be read by you, keeps it stopped.
                stated = self.decision_date(anchor)
                if stated is None or any(r.classification in _KEEPS_STOPPED for r, _ in replies):
                    return None
                reply, who = max(replies, key=lambda found: (found[0].received_at, found[0].id or 0))
                after_reply = _AfterReply(reply.received_at, who, stated)
        # The anchor interview is part of the key: a new round is a new sequence, and a
        # completed follow-up of an earlier round never comes back.
        ids = f"o{opp.id}:i{anchor.id}:p{person.id}"
        keys = [f"status_check.1:{ids}", f"status_check.2:{ids}", f"closing_the_loop:{ids}"]
        first = self.completed.get(keys[0])
        if first is None:
            started = self.started_with().get(f"o{opp.id}:i{anchor.id}")
            if started is not None and started != person.id:
                # The first follow-up went to someone else (the panel changed since: a recruiter
                # added, a role corrected): the sequence goes on with them, not again from the
                # start with a second "first" follow-up; not at all if they cannot be written to.
                person, moved = self.person(started), ""
                if person is None:
                    return None
                ids = f"o{opp.id}:i{anchor.id}:p{person.id}"
                keys = [f"status_check.1:{ids}", f"status_check.2:{ids}", f"closing_the_loop:{ids}"]
                first = self.completed[keys[0]]
        tz, cal = self.ix.where(person)
        if after_reply is not None and after_reply.stated <= after_reply.at.astimezone(tz).date():
            return None  # the date they stated is not after their latest reply: stopped
        item = None
        if first is None:
            if not self.held_for_reply(keys[0], after_reply):
                item = self.first_status(opp, anchor, person, keys[0], tz, cal, after_reply)
        elif first.how == "skip":
            return None
        else:
            second_on = self.v["second_status_check"]["enabled"]
            second = self.completed.get(keys[1]) if second_on else first
            if second is None:
                if not self.held_for_reply(keys[1], after_reply):
                    self.news_goes_with_follow_up.add(person.id)
                    item = self.second_status(opp, anchor, person, keys[1], first, tz, cal, after_reply)
            elif second.how == "skip" or not self.v["close_the_loop"]["enabled"]:
                return None
            else:
                closing = self.completed.get(keys[2])
                if closing is not None:
                    if closing.how != "skip":  # the news waits the interval after it, theirs too
                        self.loop_closed[opp.id] = (closing.at, person.id)
                    return closing.at if closing.how != "skip" else None
                self.closing_to_go[opp.id] = keys[2]
                if not self.held_for_reply(keys[2], after_reply):
                    item = self.close_loop(opp, anchor, person, keys[2], second, tz, cal, after_reply)
        if item is not None and moved:
            item.notes.append(moved)
        if item is not None and len(interviews) > 1:
            self.note_new_round(item, opp, interviews, tz)
        return None

    def note_new_round(self, item: _Draft, opp: Opportunity, interviews: list[Interview], tz: ZoneInfo) -> None:
        """A follow-up of a round after an earlier round that had follow-ups of its own (a process
        reopened by a new interview after a closed loop): says that the new round starts a new
        sequence, as "at most two, then a polite close" is counted per round."""
        started = self.started_with()
        earlier = [i for i in interviews[:-1] if f"o{opp.id}:i{i.id}" in started]
        if earlier:
            before, anchor = earlier[-1], interviews[-1]
            item.notes.append(
                f"a new round: the interview of {_day(anchor.start.astimezone(tz))} starts a new sequence "
                f"(at most two follow-ups, then closing the loop); the follow-ups after the interview of "
                f"{_day(before.start.astimezone(tz))} were about that round")

    def held_for_reply(self, key: str, after_reply: _AfterReply | None) -> bool:
        """A step going on after a reply whose note was approved (or scheduled) before that
        reply: not planned while it is on its way, so that the outbox takes it back to drafts
        (it was approved for a silence that has since been broken); planned again, after the
        stated date, once it is a draft. False when no reply stopped the sequence."""
        if after_reply is None:
            return False
        approved = self.approved_at(key)
        return approved is not None and approved < after_reply.at

    def next_step(self, opp: Opportunity, before: Completion, days: int, after_reply: _AfterReply | None,
                  tz: ZoneInfo, cal: BusinessDays) -> tuple[datetime, datetime, int | None]:
        """The send window of a step `days` business days after the step `before` it; going on
        after a reply, never before the stated decision date + the first follow-up's business
        days. Returns its start and end, and those days when the stated date set the day (else
        None)."""
        base, after_stated = cal.add(before.at.astimezone(tz).date(), days), None
        if after_reply is not None:
            gap = self.pace(opp, self.v["status_check"]["after_decision_date"])
            floor = cal.add(after_reply.stated, gap)
            if floor >= base:
                base, after_stated = floor, gap
        earliest, due = self.window(cal, tz, base)
        return earliest, due, after_stated

    def stated_when(self, opp: Opportunity, after_stated: int | None, otherwise: str) -> str:
        """How a step's reason says when it goes: after the stated date, or `otherwise`."""
        if after_stated is None:
            return otherwise
        return f"{_business_days(after_stated)} after that{self.slow_text(opp)}"

    def reply_prefix(self, after_reply: _AfterReply, person: Person, tz: ZoneInfo) -> tuple[str, str]:
        """'Priya Nair replied on Tue 2 Feb; they said they would decide by Fri 12 Feb', and how
        to name the contact after it ('' when they are the one who replied)."""
        replier = self.facts.people.get(after_reply.who) if after_reply.who is not None else None
        day = _day(after_reply.at.astimezone(tz))
        said = f"they said they would decide by {_day(after_reply.stated)}"
        if replier is not None and replier.id == person.id:
            return f"{person.name} replied on {day}; {said}", ""
        who = f"{replier.name} replied" if replier is not None else "A reply came"
        return f"{who} on {day}; {said}", f" {person.name}"

    def started_with(self) -> dict[str, int]:
        """"oN:iM" -> whom the first status follow-up of that round went to (sent or marked done;
        the earliest, when several were), made once, the first time a round's usual contact has
        none. A skipped one started nothing: the new contact's sequence begins."""
        if self._started_with is None:
            earliest: dict[str, tuple[datetime, int]] = {}
            for key, completion in self.completed.items():
                if key.startswith("status_check.1:") and completion.how != "skip":
                    round_of, _, person = key[len("status_check.1:"):].rpartition(":p")
                    if person.isdigit() and (round_of not in earliest or completion.at < earliest[round_of][0]):
                        earliest[round_of] = (completion.at, int(person))
            self._started_with = {round_of: person for round_of, (_, person) in earliest.items()}
        return self._started_with

    def decision_date(self, anchor: Interview) -> date | None:
        """The latest decision date the panel stated (someone taken off the panel since, for a
        mistake, stated nothing); for a round with nobody on it (a take-home), the latest one
        recorded for it, by whoever of the process gave it (`afterview debrief N --decision-date`)."""
        return decision_date(anchor, self.ix.debriefs_by_interview.get(anchor.id, ()))

    def first_status(self, opp, anchor, person, key, tz, cal, after_reply: _AfterReply | None = None) -> _Draft | None:
        rule = self.v["status_check"]
        stated = self.decision_date(anchor) if after_reply is None else after_reply.stated
        slow = self.slow_text(opp)
        if stated is not None:
            days = self.pace(opp, rule["after_decision_date"])
            base = cal.add(stated, days)
            anchor_text = f"they said they would decide by {_day(stated)}; {_business_days(days)} after that{slow}"
        else:
            days = self.pace(opp, rule["without_date"])
            base = cal.add(anchor.end.astimezone(tz).date(), days)
            # a round with nobody on it (a take-home) is named: the contact is from a round before it
            after = "the interview" if anchor.participants else (
                f"the {anchor.stage.strip() or 'latest round'} (ended {_day(anchor.end.astimezone(tz))})")
            anchor_text = f"no decision date was stated; {_business_days(days)} after {after}{slow}"
        earliest, due = self.window(cal, tz, base)
        self.planned_notes.setdefault(opp.id, []).append((earliest, person, key))
        if self.only_counted(MessageKind.STATUS_CHECK, earliest):
            self.later_follow_up(key, MessageKind.STATUS_CHECK, person, opp.id, anchor.id, earliest, due, tz, cal,
                                 "status_check", 1)
            return
        company = self.company_name(opp)
        if after_reply is not None:  # the stated date is later than their reply: it sets the day
            said, whom = self.reply_prefix(after_reply, person, tz)
            reason = (f"{said}: ask{whom} where things stand with {opp.role}{company}, "
                      f"{_business_days(days)} after that{slow}, in the send window.")
        else:
            reason = (f"Ask {person.name} about the status of {opp.role}{company}: {anchor_text}, "
                      f"in the send window.")
        return self.draft(key, MessageKind.STATUS_CHECK, person, opportunity_id=opp.id,
                          interview_id=anchor.id, earliest=earliest, due=due, latest=None,
                          tz=tz, cal=cal, rule="status_check", reason=reason)

    def second_status(self, opp, anchor, person, key, first: Completion, tz, cal,
                      after_reply: _AfterReply | None = None) -> _Draft | None:
        days = self.pace(opp, self.v["second_status_check"]["after_first"])
        earliest, due, after_stated = self.next_step(opp, first, days, after_reply, tz, cal)
        self.planned_notes.setdefault(opp.id, []).append((earliest, person, key))
        # news since the interview the follow-ups are about: while this follow-up is to go, no
        # share of its own is planned, so news from before the first one waits for it; chosen
        # even when plan_due only counts it, as the shares to its panel wait for it too
        chosen = self.follow_up_news(opp, anchor, person, tz, cal, earliest)
        if chosen is not None:
            self.process_news[opp.id] = (chosen[0], earliest, key, person)
        if self.only_counted(MessageKind.STATUS_CHECK, earliest):
            self.later_follow_up(key, MessageKind.STATUS_CHECK, person, opp.id, anchor.id, earliest, due, tz, cal,
                                 "second_status_check", 2)
            return
        if after_reply is not None:
            said, whom = self.reply_prefix(after_reply, person, tz)
            when = self.stated_when(opp, after_stated,
                                    f"{_business_days(days)} after your follow-up of {_day(first.at.astimezone(tz))}")
            reason = (f"{said}: ask{whom} once more where things stand with {opp.role}{self.company_name(opp)}, "
                      f"{when}, adding something new.")
        else:
            reason = (f"No reply to your follow-up of {_day(first.at.astimezone(tz))}: ask {person.name} "
                      f"once more about {opp.role}, {_business_days(days)} later, adding something new.")
        item = self.draft(key, MessageKind.STATUS_CHECK, person, opportunity_id=opp.id,
                          interview_id=anchor.id, earliest=earliest, due=due, latest=None,
                          tz=tz, cal=cal, rule="second_status_check", reason=reason, sequence=2)
        if item is not None:
            if chosen is not None:
                news, whom = chosen
                item.news_id = news.id
                item.notes.append(f"add something new: e.g. your news '{news.title}' (news {news.id}), {whom}")
            else:
                item.notes.append("needs something new (an article, a result, a portfolio piece): "
                                  "record it with 'afterview news add' first")
        return item

    def follow_up_news(self, opp: Opportunity, anchor: Interview, person: Person, tz: ZoneInfo,
                       cal: BusinessDays, earliest: datetime) -> tuple[NewsItem, str] | None:
        """The news a second status follow-up names, and whom it matters to (for its note).

        A status follow-up is about the process: news that matters to its recipient, to someone
        on the process's panel (its hiring manager, say), or that is about the process's company
        counts alike. The most relevant item (most matching tags, then the most recent) since
        the interview the follow-ups are about, still fresh when the follow-up starts; not one
        shared with the recipient already, nor one the process heard lately: shared with someone
        on its panel (sent or marked done) less than share_news.interval business days before
        the follow-up starts, or on its way to one of them (approved or scheduled).
        """
        rule = self.v["share_news"]
        since, by = anchor.end.astimezone(tz).date(), earliest.date()
        max_age = rule["max_age"]
        panel = [person]
        for person_id in self.people_of(opp):
            member = self.person(person_id) if person_id != person.id else None
            if member is not None:
                panel.append(member)
        found: dict[int, tuple] = {}  # news id -> (rank, item, to whom it matters, the tags)
        for order, member in enumerate(panel):
            for news, hits in self.relevant_news(member, since):
                if by - news.happened_on <= max_age:
                    rank = (len(hits), news.happened_on, -(news.id or 0), -order)  # the recipient first
                    kept = found.get(news.id)
                    if kept is None or rank > kept[0]:
                        found[news.id] = (rank, news, member, hits)
        for news in self.ix.news_by_company.get(opp.company_id, ()):
            if news.id not in found and news.happened_on > since and by - news.happened_on <= max_age:
                found[news.id] = ((1, news.happened_on, -(news.id or 0), -len(panel)), news, None, ())
        interval = rule["interval"]
        for _, news, member, hits in sorted(found.values(), key=itemgetter(0), reverse=True):
            if self.completed.get(f"share_news:n{news.id}:p{person.id}") is not None:
                continue  # they have it
            if any(self.heard_lately(news, other, by, interval, tz, cal) for other in panel[1:]):
                continue
            if member is None:
                company = self.facts.companies.get(opp.company_id)
                return news, f"about {company.name if company else 'its company'}, the company of this process"
            tags = ", ".join(hits)
            if member is person:
                return news, f"which matters to {person.name} ({tags})"
            return news, f"which matters to {member.name}, on the panel of this process ({tags})"
        return None

    def heard_lately(self, news: NewsItem, member: Person, by: date, interval: int, tz: ZoneInfo,
                     cal: BusinessDays) -> bool:
        """Whether a share of this news to someone on a panel went (sent or marked done) less
        than `interval` business days before `by` (a day in `tz`, counted in `cal`), or is on its
        way (approved or scheduled)."""
        key = f"share_news:n{news.id}:p{member.id}"
        done = self.ix.shared_by_person.get(member.id, {}).get(news.id)
        if done is not None:
            return done.how != "skip" and cal.add(done.at.astimezone(tz).date(), interval) > by
        return self.approved_at(key) is not None

    def close_loop(self, opp, anchor, person, key, second: Completion, tz, cal,
                   after_reply: _AfterReply | None = None) -> _Draft | None:
        days = self.pace(opp, self.v["close_the_loop"]["after_second"])
        earliest, due, after_stated = self.next_step(opp, second, days, after_reply, tz, cal)
        self.planned_notes.setdefault(opp.id, []).append((earliest, person, key))
        if self.only_counted(MessageKind.CLOSING_THE_LOOP, earliest):
            self.later_follow_up(key, MessageKind.CLOSING_THE_LOOP, person, opp.id, anchor.id, earliest, due, tz,
                                 cal, "close_the_loop", 3)
            return
        if after_reply is not None:
            said, _ = self.reply_prefix(after_reply, person, tz)
            when = self.stated_when(opp, after_stated, f"{_business_days(days)} after your last follow-up")
            reason = (f"{said}: close the loop about {opp.role} with {person.name} politely, {when}; "
                      f"then it counts as no response.")
        else:
            reason = (f"Still no reply about {opp.role}: close the loop with {person.name} politely, "
                      f"{_business_days(days)} after your last follow-up; then it counts as no response.")
        return self.draft(key, MessageKind.CLOSING_THE_LOOP, person, opportunity_id=opp.id,
                          interview_id=anchor.id, earliest=earliest, due=due, latest=None,
                          tz=tz, cal=cal, rule="close_the_loop", reason=reason, sequence=3)

    def slow_text(self, opp: Opportunity) -> str:
        """' (slow sector: timings x1.5)' for a slow process, else ''."""
        return " (slow sector: timings x{:g})".format(self.v["slow_pace"]["factor"]) if opp.pace == Pace.SLOW else ""

    def company_name(self, opp: Opportunity) -> str:
        company = self.facts.companies.get(opp.company_id)
        return f" at {company.name}" if company else ""

    # --- rejection -------------------------------------------------------------------------

    def rejection(self, opp: Opportunity, interviews: list[Interview]) -> tuple[datetime, int | None] | None:
        """When the rejection arrived and from whom, from the status or a classified reply.

        From whom: the sender of a rejection email, or the person the user said told them (the
        status change's person); the earliest such, whichever way it came.
        """
        found = self.rejections(opp, interviews)
        if not found:
            return None
        found.sort(key=lambda f: (f[0], f[1] is None))
        at = found[0][0]
        people = self.facts.people  # a person named on a status change may since have been deleted
        sender = next((p for _, p, _r in found if p is not None and p in people), None)
        return at, sender

    def unconfirmed_rejection(self, opp: Opportunity, interviews: list[Interview]):
        """The reply, read as a rejection and not confirmed yet, on which the plan takes a process
        still open as rejected (its thank-yous stopped, a reply to the rejection planned): the
        earliest such; None when the process is not taken as rejected, or a status says so."""
        if opp.status not in OPEN:
            return None
        said = [r for _at, _p, r in self.rejections(opp, interviews) if r is not None]
        if not said or any(r.confirmed for r in said):
            return None
        return min(said, key=lambda r: (r.received_at, r.id or 0))

    def rejections(self, opp: Opportunity, interviews: list[Interview]) -> list[tuple]:
        """Each rejection the plan reads for the process: (when, from whom, the reply it came in,
        None for a status you set), unsorted; [] when none counts."""
        if opp.status not in OPEN and opp.status != OpportunityStatus.REJECTED:
            return []  # a status the user set (offer, withdrawn ...) wins over a classified email
        replies = self.replies(opp)
        said_no = [(r, p) for r, p in replies if r.classification == ReplyClass.REJECTION]
        if said_no and not all(r.confirmed for r, _ in said_no):
            # a rejection email you did not confirm, from before an interview of the process that
            # has taken place since (old mail read by a first sync, one misplaced): no longer its
            # answer; confirmed, it is yours (the status says it)
            last = max((i.start for i in interviews if i.start <= self.now), default=None)
            if last is not None:
                said_no = [(r, p) for r, p in said_no if r.confirmed or r.received_at >= last]
        found = [(r.received_at, p, r) for r, p in said_no]
        if found:
            # a reply you confirmed as going on (a next round, an offer) outweighs a rejection
            # email before it that you never confirmed (an applicant-tracking system's mistake,
            # then "please ignore, third round")
            goes_on = [r.received_at for r, _ in replies if r.confirmed and r.classification in _GOES_ON]
            if goes_on:
                latest = max(goes_on)
                found = [f for f in found if f[0] > latest]
        if found and len(opp.history) > 1:
            # reopened by the user after a decision (they called back): an email from before
            # that no longer says no, nor says who told you of a later one; a closing taken
            # back the same day opened it again all the same (see facts.in_force)
            reopened = self.history(opp).set_aside
            if reopened is not None:
                found = [f for f in found if f[0] > reopened]
        if opp.status == OpportunityStatus.REJECTED:
            # and of the rejections you recorded, those after the last reopening, in the order
            # recorded (a rejection recorded at the very moment of a reopening came after it)
            history = self.history(opp)
            found += [(c.at, c.person_id, None) for c in history.changes[history.since:]
                      if c.status == OpportunityStatus.REJECTED]
        if not found and opp.status == OpportunityStatus.REJECTED and interviews:
            found.append((interviews[-1].end, None, None))
        return found

    def rejection_reply(self, opp, interviews, at: datetime, sender: int | None) -> None:
        rule = self.v["rejection_reply"]
        person = self.person(sender) if sender is not None else None  # who wrote, or who told you
        moved = ""
        if person is None and interviews:
            person, moved = self.contact(opp, interviews)
        if person is None:
            return
        tz, cal = self.ix.where(person)
        received = at.astimezone(tz)
        earliest = plus(received, rule["not_before"], tz)
        due = _before_night(plus(received, rule["due_within"], tz), earliest, tz)
        unmoved = due
        due = _snap(due, cal, tz)
        latest = _snap(_before_night(plus(due, rule["latest"] - rule["due_within"], tz), due, tz), cal, tz)
        reason = (f"Reply graciously to the rejection for {opp.role}{self.company_name(opp)} "
                  f"({_day(received)}): not before {_hours(rule['not_before'])} have passed, due within "
                  f"{_hours(rule['due_within'])} ({_hours(rule['latest'])} at the latest).")
        if due.date() != unmoved.date():  # the due day was not a business day: said, with the day it moved to
            off = unmoved.date()
            # every public holiday the move skips beyond the weekend, named (a rare path: once
            # per rejection whose due day is a day off)
            skipped = holidays_between(off, due.date(), cal)
            if skipped and skipped[0][0] == off:
                why = say_holidays(skipped)
            else:
                holiday = cal.holiday_name(off)
                why = f"{_day(unmoved)} is " + (f"a public holiday ({holiday})" if holiday else "not a business day")
                if skipped:
                    why += f" and {say_holidays(skipped)}"
            reason = reason[:-1] + f"; {why}, so due {_day(due)}."
        if person.id == sender:  # why to them and not to the usual contact
            reason += f" To {person.name}, who delivered the news."
        item = self.draft(f"rejection_reply:o{opp.id}:p{person.id}", MessageKind.REJECTION_REPLY,
                          person, opportunity_id=opp.id, interview_id=None, earliest=earliest,
                          due=max(due, earliest), latest=max(latest, due, earliest),
                          tz=tz, cal=cal, rule="rejection_reply", reason=reason)
        if item is not None:
            self.replies_owed[person.id] = item.key
            if moved:
                item.notes.append(moved)
        if item is not None and due.date() != unmoved.date():
            item.named = item.due  # "so due Mon 7 Dec": a move past it says so
        # after an offer withdrawn, the reply thanks them for the offer: no interview feedback asked
        if item is not None and rule["feedback_request"] and not self.feedback_handled(opp.id) \
                and not opp.rejected_after_offer(self.history(opp).changes):
            item.notes.append("include a short feedback request (one or two forward-looking points), once")

    def feedback_handled(self, opp_id: int) -> bool:
        sent = self.ix.sent_kinds_by_opp.get(opp_id, set())
        return MessageKind.FEEDBACK_REQUEST in sent or opp_id in self.ix.feedback_opps

    # --- LinkedIn --------------------------------------------------------------------------

    def linkedin_after(self, opp, when: datetime, what: str, sender: int | None,
                       interviews: list[Interview] | None = None) -> None:
        """Connection requests after a decision, to the people of the process (of `interviews`
        when given: those the decision was about) and whoever told you."""
        rule = self.v["linkedin_connection"]
        if not rule["after_decision"]:
            return
        if interviews is None:
            people = self.people_of(opp)
        else:
            people = list(dict.fromkeys(p.person_id for i in interviews for p in i.participants))
        people = people + ([sender] if sender is not None else [])
        reason_tail = ("right after a rejection, together with your reply" if "rejection" in what
                       else f"after {what}")
        open_of, closed = self.open_of, self.closed
        for person_id in dict.fromkeys(people):
            # Most recruiters prefer a request after the decision: not while they still decide
            # another process of yours. Held until it closes: then it comes with that process's
            # own request (a rejection, an offer), or at its close (no response, a withdrawal).
            other = open_of.get(person_id)
            if other is not None and other != opp.id:
                continue
            moment, tail, held = when, reason_tail, False
            last = closed.get(person_id)
            if last is not None and last[1] is not opp:
                release = self.release_at.get(last[1].id, last[0])
                rounds = self.ix.interviews_by_opp.get(last[1].id)
                began = min(process_began(last[1]), rounds[0].start) if rounds else process_began(last[1])
                if release > when and began <= when:  # it was open at this decision
                    moment, held = release, True
                    tail = (f"after {what} for {opp.role}{self.company_name(opp)}, held until "
                            f"{last[1].role} closed too")
            self.linkedin(opp, person_id, moment, f"after {what}", tail, "linkedin_connection", held=held)

    def linkedin_early(self, opp, interviews: list[Interview]) -> None:
        delay = self.v["linkedin_connection"]["early_after"]
        for interview in interviews:
            for participant in interview.participants:
                when = plus(interview.end, delay, self.user_tz)
                self.linkedin(opp, participant.person_id, when, "early (you opted in)",
                              f"{delay.days} days after the interview (you opted in to early requests)",
                              "linkedin_connection", interview.id)

    def linkedin(self, opp, person_id, when, label, tail, rule_name, interview_id=None, held=False) -> None:
        person = self.person(person_id)
        if person is None or person.connection != "none":  # a StrEnum equals its value
            return
        if self.completed.get(f"linkedin_note:p{person.id}") is not None:
            return
        tz, cal = self.ix.where(person)
        earliest = when.astimezone(tz)
        # The moment it fitted (a decision, a rejection, days after a talk) is long past: no
        # request any more (the keep-warm touches carry the relationship on)
        life = self.v["linkedin_connection"]["expires_after"]
        if (when.timestamp() + life.total_seconds() - _A_DAY <= self.now_ts  # cheap first: a day's margin
                and plus(earliest, life, tz).timestamp() <= self.now_ts):
            return
        if self.team_or_mailbox(person, opp):  # a connection is to a person (see not_a_person)
            return
        if self.request_only_counted(earliest.date(), earliest, tz, cal):
            self.linkedin_later.add(f"linkedin_note:p{person.id}")  # counted once, at dedupe
            return
        self.requests.append(_Request(f"linkedin_note:p{person.id}", person, opp.id, interview_id, earliest,
                                      earliest.timestamp(), tz, cal, rule_name, tail, held))

    def team_or_mailbox(self, person: Person, opp: Opportunity) -> bool:
        """Whether a person recorded on a panel is a team, a mailbox or a company ("Brisk Talent
        Team"), as drafts greet them ("Dear Hiring Team,"): the companies are theirs and the
        process's. Made once per person and company."""
        cache_key = (person.id, opp.company_id)
        found = self._not_a_person.get(cache_key)
        if found is None:
            companies = (person.company_id, opp.company_id)
            names = self._company_names.get(companies)
            if names is None:  # a few companies for many people
                names = self._company_names[companies] = company_names(self.facts, *companies)
            found = self._not_a_person[cache_key] = not_a_person(person, names)
        return found

    def request_draft(self, request: _Request) -> _Draft | None:
        """The draft of a LinkedIn request that is kept (or that a move may touch)."""
        rule = self.v["linkedin_connection"]
        tz, cal, earliest, person = request.tz, request.cal, request.earliest, request.person
        due = at_local(cal.add(earliest.date(), rule["due_business_days"]), END_OF_DAY, tz)
        account = self.facts.profile.linkedin_account
        chars, premium = note_limit(self.pb, account), is_premium(account)
        reason = f"Connect with {person.name} on LinkedIn {request.tail}, with a short personal note."
        item = self.draft(request.key, MessageKind.LINKEDIN_NOTE, person,
                          opportunity_id=request.opportunity_id, interview_id=request.interview_id,
                          earliest=earliest, due=max(due, earliest), latest=None, tz=tz, cal=cal,
                          rule=request.rule, reason=reason, channel=Channel.LINKEDIN, ts=request.ts)
        if item is not None:
            if not person.linkedin_url.strip():  # planned all the same: found by name on LinkedIn
                item.notes.append(f"{person.name}'s LinkedIn profile is not recorded: find them on LinkedIn by "
                                  f"name, or add it first (afterview person edit {person.id} --linkedin URL)")
            item.notes.append(f"note limit: {chars} characters ({'Premium' if premium else 'free'} account)")
        return item

    def linkedin_dedupe(self) -> None:
        """One connection request per person: keep the earliest suggestion.

        Then draft the requests now, except, in plan_due under the monthly cap, those no move
        before the cap can touch (no snooze, no out-of-office reply): the cap drafts those it
        keeps (the order of drafts is free: actions are sorted by due moment and unique key).
        """
        best: dict[str, _Request] = {}
        for item in self.requests:
            kept = best.get(item.key)
            if kept is None or item.ts < kept.ts or (item.ts == kept.ts and kept.held and not item.held):
                best[item.key] = item
        # a request only counted is upcoming unless one for the same person is made (sooner)
        self.upcoming_count += len(self.linkedin_later.difference(best))
        capped = self.facts.profile.linkedin_account != LinkedInAccount.PREMIUM
        snoozed = self.ix.decisions_by_key if self.ix.has_snoozes else {}
        away = self.ix.auto_replies_by_person
        waiting = []
        for item in best.values():
            if capped and not self.upcoming and item.key not in snoozed and not away.get(item.person.id):
                waiting.append(item)
            else:
                self.request_draft(item)
        self.requests = waiting

    # --- keep warm and share news ----------------------------------------------------------

    def relevant_news(self, person: Person, after: date | None = None) -> list[tuple[NewsItem, list[str]]]:
        """News about the person's company or tagged with what they care about, oldest first.

        With `after`, only news that happened after that day.
        """
        found, days = self._news_for(person)[:2]
        return found if after is None else found[bisect_right(days, after):]

    def ranked_news(self, person: Person) -> list[tuple[NewsItem, list[str]]]:
        """The same news, most relevant first: most matching tags, then the most recent."""
        return self._news_for(person)[2]

    def _news_for(self, person: Person) -> tuple[list, list, list, list]:
        """The person's news oldest first, their days, the news most relevant first, and the
        keep-warm rank of each (oldest first: fewer tags and then a higher id rank lower)."""
        # Interests come from a person's tags and the topics they discussed: thousands of people
        # share a few hundred such pairs, so the news is found once per pair, from a key that is
        # cheaper to make than the interests themselves.
        topics = self.ix.topics_by_person.get(person.id)
        interest = (tuple(person.tags), frozenset(topics) if topics else None)
        cached = self._news_by_interest.get(interest)
        if cached is None:
            cached = self._news_by_interest[interest] = self._tagged_news(self.ix.tokens(person))
        company = self.ix.news_by_company.get(person.company_id)
        if not company:
            return cached
        # merge the company's news into the tagged ones, keeping the order: once per interest and
        # company (a company's people often share their interests)
        key = (interest, person.company_id)
        merged = self._news_by_company_interest.get(key)
        if merged is None:
            merged = self._news_by_company_interest[key] = self._with_company_news(cached[0], company)
        return merged

    def _with_company_news(self, found: list, company: list) -> tuple[list, list, list, list]:
        """The tagged news `found` with the company's news merged in (see _news_for)."""
        merged = {self.ix.news_order[id(n)]: (n, h) for n, h in found}
        for news in company:
            position = self.ix.news_order[id(news)]
            if position not in merged:
                merged[position] = (news, ["their company"])
        found = [merged[p] for p in sorted(merged)]
        return found, [n.happened_on for n, _ in found], sorted(found, key=_rank), [_warm_rank(f) for f in found]

    def _tagged_news(self, tokens: frozenset[str]) -> tuple[list, list, list, list]:
        """News whose tags match these interests; cached, since many people share interests."""
        cached = self._news_cache.get(tokens)
        if cached is None:
            order = self.ix.news_order  # position in (happened_on, id) order: sort ints only
            candidates: set[int] = set()
            for token in tokens:
                candidates.update(order[id(n)] for n in self.ix.news_by_word.get(token, ()))
            found = []
            for position in sorted(candidates):
                news = self.ix.news_sorted[position]
                hits = matches_prepared(self.ix.news_tags[id(news)], tokens)
                if hits:
                    found.append((news, hits))
            cached = (found, [n.happened_on for n, _ in found], sorted(found, key=_rank),
                      [_warm_rank(f) for f in found])
            self._news_cache[tokens] = cached
        return cached

    def keep_warm(self, opp: Opportunity, person_id: int, closed_at: datetime) -> None:
        person = self.person(person_id)
        if person is None:
            return
        rule = self.v["keep_warm"]
        tz, cal = self.ix.where(person)
        previous, n = closed_at, 1
        contact: tuple[datetime, str] | None = None  # the last touch made, for the reason
        stop = closed_at + rule["stop_after"]
        while n < 100:
            key = f"keep_warm.{n}:o{opp.id}:p{person.id}"
            done = self.completed.get(key)
            if done is not None:
                previous, n = max(done.at, previous), n + 1
                if done.how != "skip":  # a touch skipped moves the cadence on, but was no contact
                    contact = (done.at, "last in touch") if contact is None or done.at > contact[0] else contact
                else:
                    contact = (done.at, f"touch {n - 1} skipped") if contact is None or done.at > contact[0] else contact
                continue
            # they wrote to you since (a reply to a touch, a word of thanks): the cadence starts
            # again from their message, and the reason says so
            replied = self.ix.last_reply_from.get(person.id)
            if replied is not None and replied > previous and replied > closed_at:
                previous, contact = replied, (replied, f"{person.name} wrote")
            # the same for everyone of a zone closed at the same moment: worked out once
            window = self._warm_window.get((previous, n == 1, tz))
            if window is None:
                window = self._warm_window[(previous, n == 1, tz)] = plus(
                    previous, rule["first_after"] if n == 1 else rule["every"], tz)
            if window > stop:
                if self.no_touch is not None:
                    self.no_touch[person.id] = "after_year"
                return
            self.keep_warm_touch(opp, person, key, n, previous, window, stop, tz, cal, closed_at, contact)
            return

    def keep_warm_touch(self, opp, person, key, n, previous, window, stop, tz, cal, closed_at,
                        contact: tuple[datetime, str] | None = None) -> None:
        max_age = self.v["share_news"]["max_age"]
        # news older than max_age by the time of the touch is no reason (and never older than
        # max_age before the previous contact)
        window_day = window.date()  # `plus` gives the window in tz already
        oldest = max(previous.astimezone(tz).date(), window_day) - max_age
        # and never news that is stale by now: a touch left unsent for months finds a fresher
        # reason, or none (the same freshness as for sharing news, worked out once per zone)
        stale_up_to = self._stale_up_to.get(tz)
        if stale_up_to is None:
            stale_up_to = self._stale_up_to[tz] = self.fresh_from(tz, self.v["share_news"]) - _ONE_DAY
        approved = self.approved_at(key)
        if approved is not None:  # fresh when you approved its note: the note goes as you approved it
            stale_up_to = self.fresh_from(tz, self.v["share_news"], approved) - _ONE_DAY
        if stale_up_to >= oldest:
            oldest = stale_up_to + _ONE_DAY
        # Never news they were told already: none from before a second status follow-up or a
        # touch that went to them (what each carried is not recorded: news from before it is
        # not used again, as for sharing), nor an item shared with them (sent or marked done).
        told = self.told_before(person.id, tz)
        if told is not None and told >= oldest:
            oldest = told + _ONE_DAY
        shared = self.ix.shared_by_person.get(person.id)
        shared = {i for i, c in shared.items() if c.how != "skip"} if shared else None
        # News of a day before this one has its morning before the window (even when a
        # daylight-saving gap pushes the morning on), so it starts at the window: no need to
        # place its morning. Most candidates are such (a hot loop: 150,000 turns at 10,000).
        before = window_day - timedelta(days=1)
        found, days, _, ranks = self._news_for(person)
        first = bisect_right(days, oldest - timedelta(days=1))  # from `oldest` on
        split = bisect_left(days, before, first)
        best = best_start = best_rank = position_start_past = None
        if split > first:
            # These all start at the window (never past `stop`: keep_warm checked) and are
            # fresh (they happened on or after `oldest`): the most relevant of them, found
            # by the C loop of min() (the first of equals, as a loop keeping the first would).
            # A hot spot: a few news items for each of 10,000 people.
            positions = range(first, split)
            if shared:
                positions = [p for p in positions if found[p][0].id not in shared]
            if positions:
                at = min(positions, key=ranks.__getitem__)
                best, best_start, best_rank = (window, *found[at]), window, ranks[at]
        for position in range(split, len(found)):
            news, hits = found[position]
            if shared and news.id in shared:
                continue
            day = news.happened_on
            start = max(window, at_local(day, MORNING, tz))
            if start > stop or (best is not None and start > best_start):
                if start > stop and best is None:
                    position_start_past = start
                break  # oldest first: every later item starts later still
            if (start.date() - day) > max_age:
                continue
            if best is None or start < best_start:
                best, best_start, best_rank = (start, news, hits), start, ranks[position]
            elif start == best_start:  # as soon: the more relevant (most is: the first checked)
                rank = ranks[position]
                if rank < best_rank:
                    best, best_rank = (start, news, hits), rank
        if best is None:
            if self.no_touch is not None:  # traced: which rule left it without one
                self.no_touch[person.id] = "no_news" if position_start_past is None else "after_year"
            return  # only with a reason: nothing to say, nothing planned
        start, news, hits = best
        earliest, ts, due = self.warm_timing(start, tz, cal)
        # none later than stop_after after the close: a touch starting near its end may go
        # until it is due, and is not planned once that has passed too (unless approved)
        latest = max(due, stop.astimezone(tz))
        if approved is None:
            # nor once its news is stale (past 17:00 the day it turns max_age old): then it has
            # no reason left, so it is due and at the latest by then, never shown due past it
            stale = at_local(news.happened_on + max_age, END_OF_DAY, tz)
            if stale < latest:
                latest = max(stale, earliest)
                if due > latest:
                    due = latest
        if self.now_ts > latest.timestamp() and approved is None:
            return
        if not self.touch_may_move(person.id, key) and self.only_counted(MessageKind.KEEP_WARM, earliest, ts):
            return
        about = ", ".join(hits)
        closed = closed_at.astimezone(tz)
        since = f"closed {_day(closed, weekday=False)} {closed.year}"
        if contact is not None:  # the last contact, as well as the close: what the note follows on from
            last = contact[0].astimezone(tz)
            since += f"; {contact[1]} {_day(last, weekday=False)} {last.year}"
        reason = (f"Keep in touch with {person.name} ({opp.role}{self.company_name(opp)} {since}): "
                  f"a reason to write, '{news.title}' ({about}).")
        item = self.draft(key, MessageKind.KEEP_WARM, person, opportunity_id=opp.id,
                          interview_id=None, earliest=earliest, due=due, latest=latest,
                          tz=tz, cal=cal, rule="keep_warm", reason=reason, sequence=n, news_id=news.id, ts=ts)
        if item is not None:
            item.fixed_latest = True  # the end of the year of touches: no move changes that
            item.notes.append("lead with the reason; no ask, or a very small one")
            owed = self.replies_owed.get(person.id)
            if owed is not None:  # a note to keep in touch before the answer to their news reads oddly
                item.notes.append(f"your reply to their decision ({owed}) has not gone yet: send it, or skip it, first")

    def told_before(self, person_id: int, tz: ZoneInfo) -> date | None:
        """The day of the last message to the person that carried news (a second status
        follow-up, a keep-warm touch; sent or marked done), in their zone: news from that day
        or before is not a reason to write to them again."""
        follow_up = self.ix.news_follow_up_sent.get(person_id)
        touch = self.ix.warm_sent.get(person_id)
        if follow_up is None and touch is None:
            return None
        last = follow_up if touch is None else touch if follow_up is None else max(follow_up, touch)
        return last.astimezone(tz).date()

    def warm_timing(self, start: datetime, tz: ZoneInfo, cal: BusinessDays) -> tuple:
        """A keep-warm touch's earliest (and its timestamp) and due, from its start.

        Starts are windows a fixed number of calendar days after a close (placed through the
        at_local cache) or news mornings: shared moment objects, worked out once each, by
        identity (the entry holds the start: an id is never reused).
        """
        found = self._warm_timing.get((id(start), tz, cal))
        if found is None or found[0] is not start:
            day = cal.next_business_day(start.date())
            earliest = max(start, at_local(day, MORNING, tz))
            due = at_local(cal.add(earliest.date(), self.v["keep_warm"]["due_business_days"]), END_OF_DAY, tz)
            found = self._warm_timing[(id(start), tz, cal)] = (start, earliest, earliest.timestamp(), due)
        return found[1:]

    def share_news(self) -> None:
        """At most one pending share-news per person, during an open process.

        Not to someone whose second status follow-up is still to go: that follow-up adds
        something new, the news itself, rather than a message of its own beside it.
        """
        rule = self.v["share_news"]
        last_talk: dict[int, tuple[datetime, Opportunity]] = {}
        # person -> the open processes they are on, when one has notes about it planned or gone:
        # a share keeps share_news.interval from each of those notes (see process_spacing)
        processes: dict[int, list[Opportunity]] = {}
        notes_by_opp, planned = self.ix.notes_by_opp, self.planned_notes
        for opp in self.open_opps:
            noted = opp.id in planned or opp.id in notes_by_opp or opp.id in self.loop_closed
            for interview in self.ix.interviews_by_opp.get(opp.id, ()):
                for p in interview.participants:
                    if p.person_id not in last_talk or last_talk[p.person_id][0] < interview.end:
                        last_talk[p.person_id] = (interview.end, opp)
                    if noted:
                        theirs = processes.setdefault(p.person_id, [])
                        if opp not in theirs:
                            theirs.append(opp)
        # once a process's second follow-up has gone, its people hear of no news until the loop
        # is closed: "at most two, then a polite close", never news in between
        closing = self.closing_to_go
        quiet = {person_id for person_id, opps in processes.items() if any(o.id in closing for o in opps)} \
            if closing else ()
        # the panels of processes whose second follow-up carries news (to go, or gone): a share
        # of the same news to them waits (see share_news_to)
        heard: dict[int, list[Opportunity]] = {}
        sent = self.ix.process_news_sent
        if self.process_news or sent:
            for opp in self.open_opps:
                if opp.id in self.process_news or opp.id in sent:
                    for person_id in self.people_of(opp):
                        heard.setdefault(person_id, []).append(opp)
        for person_id in sorted(last_talk):
            if person_id in quiet:
                continue
            person = self.person(person_id)
            if person is not None and person_id not in self.news_goes_with_follow_up:
                self.share_news_to(person, *last_talk[person_id], rule, heard.get(person_id, ()),
                                   processes.get(person_id, ()))

    def approved_at(self, key: str) -> datetime | None:
        """When the note of an action on its way (approved or scheduled, or being sent) was
        approved; None when none is. A reason that goes stale after that moment (news turning
        older than max_age) does not take back a note the user approved: it would silently
        become a draft again on its way out."""
        for message in self.ix.messages_by_key.get(key, ()):
            if message.state in ON_ITS_WAY and message.approved_at is not None:
                return message.approved_at
        return None

    def fresh_from(self, tz: ZoneInfo, rule, now: datetime | None = None) -> date:
        """The oldest day whose news is still fresh now (or at `now`), in a zone."""
        now_local = (self.now if now is None else now).astimezone(tz)
        # news is stale once now is past 17:00 on the day it turns max_age days old
        fresh_from = now_local.date() - timedelta(days=rule["max_age"].days)
        if now_local.time() > END_OF_DAY:
            fresh_from += timedelta(days=1)
        return fresh_from

    def share_news_to(self, person, talked: datetime, opp, rule, heard: list[Opportunity] | tuple = (),
                      processes: list[Opportunity] | tuple = ()) -> None:
        tz, cal = self.ix.where(person)
        # the same for every panel member in one zone, and for every interview that ends at the
        # same moment (on the hour, the half hour): worked out once
        after_talk = self._after_talk.get((talked, tz))
        if after_talk is None:
            after_talk = self._after_talk[(talked, tz)] = (talked.astimezone(tz).date(), plus(talked, _ONE_DAY, tz))
        talked_day, day_after = after_talk
        stale_up_to = self._stale_up_to.get(tz)
        if stale_up_to is None:  # the same for everyone in a zone: worked out once per zone
            stale_up_to = self._stale_up_to[tz] = self.fresh_from(tz, rule) - _ONE_DAY
        done = self.ix.shared_by_person.get(person.id, {})  # news id -> completion
        floor = max(talked_day, stale_up_to)
        carried = self.ix.news_follow_up_sent.get(person.id)
        if carried is not None:  # what was new then went with the second follow-up
            floor = max(floor, carried.astimezone(tz).date())
        for news, hits in self.ranked_news(person):  # the most relevant that is fresh and new
            if news.happened_on > floor and news.id not in done:
                break
        else:
            return
        shared = [c.at for c in done.values() if c.how != "skip"] if done else None
        start = max(at_local(news.happened_on, MORNING, tz), day_after)
        if shared:
            start = max(start, at_local(cal.add(max(shared).astimezone(tz).date(), rule["interval"]), MORNING, tz))
        waits = ""
        if heard:
            start, waits = self.after_process_heard(person, news, heard, start, tz, cal, rule)
            if waits and start > at_local(news.happened_on + rule["max_age"], END_OF_DAY, tz):
                return  # the process heard it, and it is no longer news by the time it may go again
        if processes and self.approved_at(f"share_news:n{news.id}:p{person.id}") is None:
            start, kept = self.process_spacing(person, processes, start, tz, cal, rule["interval"])
            if kept:
                if start > at_local(news.happened_on + rule["max_age"], END_OF_DAY, tz):
                    return  # it would go only once it is no longer news
                waits = f"{waits}; {kept}" if waits else kept
        earliest, ts, due, latest = self.share_timing(start, news, tz, cal, rule)
        key = f"share_news:n{news.id}:p{person.id}"
        # plan_due: one a snooze or an away message may move past its news' age is made, not
        # counted (see touch_may_move: it would leave the plan)
        if (ts <= self.now_ts or not self.touch_may_move(person.id, key)) \
                and self.only_counted(MessageKind.SHARE_NEWS, earliest, ts):
            return
        reason = (f"Share '{news.title}' with {person.name}: it relates to what they care about "
                  f"({', '.join(hits)}).")
        item = self.draft(key, MessageKind.SHARE_NEWS, person,
                          opportunity_id=opp.id, interview_id=None, earliest=earliest, due=due, latest=latest,
                          tz=tz, cal=cal, rule="share_news", reason=reason, news_id=news.id, ts=ts)
        if item is not None:
            item.fixed_latest = True  # the day the news turns stale: no move changes that
            if waits:
                item.notes.append(waits)

    def after_process_heard(self, person: Person, news: NewsItem, heard, start: datetime, tz: ZoneInfo,
                            cal: BusinessDays, rule) -> tuple[datetime, str]:
        """A share to someone on the panel of a process whose second status follow-up carries
        this news (to go: it names it) or may have carried it (gone: news from before it, as
        what it carried is not recorded) waits share_news.interval business days after that
        follow-up: the process does not hear it twice within the interval. Not a share whose
        note is on its way (approved or scheduled): that one goes first, and the follow-up names
        something else. Returns the start, and the note that says why it waits ("" for none)."""
        if self.approved_at(f"share_news:n{news.id}:p{person.id}") is not None:
            return start, ""
        interval, waits = rule["interval"], ""
        for opp in heard:
            pending = self.process_news.get(opp.id)
            if pending is not None and pending[0].id == news.id and pending[3].id != person.id:
                after, to_go = self.follow_up_moment(opp.id)
                after = after.astimezone(tz)
                said = (f"'{news.title}' reaches {opp.role}{self.company_name(opp)} with the status follow-up "
                        f"to {pending[3].name} ({pending[2]}) "
                        + (f"from {_day(after)}" if not to_go else "when it goes (not sent yet)"))
            else:
                went = self.ix.process_news_sent.get(opp.id)
                if went is None or news.happened_on > went.astimezone(tz).date():
                    continue
                after = went.astimezone(tz)
                said = (f"the second status follow-up about {opp.role}{self.company_name(opp)} went on {_day(after)} "
                        f"and may have carried '{news.title}'")
            wait = at_local(cal.add(after.date(), interval), MORNING, tz)
            if wait > start:
                start, waits = wait, f"waits: {said}; shared {_business_days(interval)} after it (share_news.interval)"
        return start, waits

    def process_spacing(self, person: Person, processes, start: datetime, tz: ZoneInfo, cal: BusinessDays,
                        interval: int) -> tuple[datetime, str]:
        """A share of news to someone on the panel of open processes keeps `interval` business
        days (share_news.interval) from every note about those processes to someone else of
        them: sent, done or scheduled, and planned (thank-yous, status follow-ups, closing the
        loop, at the start their rule gives them); from their own notes, spacing keeps it, but
        from the loop closed with them (the last word of "at most two, then a polite close"). A
        company never hears from you twice within days, whoever on its panel each note is to.
        Returns the start, and the note that says why it waits ("" for
        none)."""
        notes, own = [], person.id  # their own notes: spacing keeps the share from those
        for opp in processes:
            notes += [(m, p, opp) for m, p in self.ix.notes_by_opp.get(opp.id, ()) if p != own]
            notes += [(m, p.id, opp) for m, p, _ in self.planned_notes.get(opp.id, ()) if p.id != own]
            closed = self.loop_closed.get(opp.id)
            if closed is not None and closed[1] == own:  # the loop closed with them: news waits too
                notes.append((closed[0], own, opp))
        if not notes:
            return start, ""
        # each note's day, and the day its interval ends (worked out once, not once a round)
        days = sorted(((d, cal.add(d, interval), p, opp) for d, p, opp in
                       ((m.astimezone(tz).date(), p, opp) for m, p, opp in notes)), key=itemgetter(0))
        day, moved_by = start.astimezone(tz).date(), None
        for _ in range(len(days) + 1):
            clash = None
            end = cal.add(day, interval)
            for other, other_end, whom, opp in days:
                if other <= day < other_end or day <= other < end:
                    clash = (other, other_end, whom, opp)
            if clash is None:
                break
            day, moved_by = clash[1], clash
        if moved_by is None:
            return start, ""
        other, _, whom, opp = moved_by
        who = self.facts.people.get(whom)
        name = "you" if who is None else who.name
        return max(start, at_local(day, MORNING, tz)), (
            f"waits: keeps {_business_days(interval)} after your note to {name} about {opp.role}"
            f"{self.company_name(opp)} of {_day(other)} (share_news.interval)")

    def follow_up_moment(self, opp_id: int) -> tuple[datetime, bool]:
        """When the second status follow-up of a process that names news (process_news) may go:
        its planned start moved as the draft itself is moved (a snooze, an out-of-office reply);
        now, when that moment has passed and it is not sent yet (it may go any time). True with
        the latter. Worked out once per process: every share to its panel waits for it."""
        found = self._follow_up_moment.get(opp_id)
        if found is None:
            news, earliest, key, person = self.process_news[opp_id]
            tz, cal = self.ix.where(person)
            probe = _Draft(key, MessageKind.STATUS_CHECK, person, opp_id, None, earliest, earliest, None,
                           "second_status_check", "", tz, cal, Channel.EMAIL, 2, [], None, None, "",
                           earliest.timestamp())
            if self.ix.has_snoozes:
                self.apply_snooze(probe)
            away = self.ix.auto_replies_by_person.get(person.id)
            if away:
                self.out_of_office(probe, away)
            moment = probe.earliest
            found = (moment, False) if moment.timestamp() > self.now_ts else (self.now, True)
            self._follow_up_moment[opp_id] = found
        return found

    def share_timing(self, start: datetime, news: NewsItem, tz: ZoneInfo, cal: BusinessDays, rule) -> tuple:
        """A share-news draft's earliest (and its timestamp), due and latest, from its start.

        Most start on the morning of the news day (one moment object per news item and zone,
        from the at_local cache), so thousands of people share a few dozen timings: worked out
        once each, by the start's identity (the entry holds it: an id is never reused).
        """
        cache_key = (id(start), news.id, tz, cal)
        found = self._share_timing.get(cache_key)
        if found is None or found[0] is not start:
            day = cal.next_business_day(start.date())
            earliest = max(start, at_local(day, MORNING, tz))
            latest = at_local(news.happened_on + rule["max_age"], END_OF_DAY, tz)
            due = at_local(cal.add(earliest.date(), rule["due_business_days"]), END_OF_DAY, tz)
            found = self._share_timing[cache_key] = (start, earliest, earliest.timestamp(), due, max(latest, due))
        return found[1:]

    # --- moving drafts later ---------------------------------------------------------------

    def move(self, item: _Draft, not_before: datetime, note: str) -> None:
        """Move a draft so that it starts no earlier than `not_before`, keeping its shape."""
        if item.earliest >= not_before:
            return
        item.moved = True
        tz, cal = item.tz, item.cal
        if item.kind in WINDOW_KINDS:
            local = not_before.astimezone(tz)
            window = self.v["send_window"]
            if window["start"] < local.time() < window["end"] and \
                    cal.next_in_window(local.date(), self.window_days or cal.midweek) == local.date():
                # inside a window that is open that day (a snooze until 10:00): from then on, not
                # from the next window's start a day later
                earliest, due = local, at_local(local.date(), window["end"], tz)
            else:
                day = local.date() if local.time() <= window["start"] else local.date() + timedelta(days=1)
                earliest, due = self.window(cal, tz, day)
            item.earliest, item.due, item.ts = earliest, due, earliest.timestamp()
        else:
            ts = not_before.timestamp()
            if ts > self.now_ts and not self.upcoming:
                # plan_due: moved past now, it is only counted (moves only ever push a draft
                # later); its start is all that later moves and spacing look at
                item.earliest, item.ts = not_before.astimezone(tz), ts
                return
            # The rule's timing holds from the new start: the due keeps its distance from the
            # start in business days, and the latest its distance from the due, each at its own
            # time of day. A note due Fri 09:00 and snoozed from Wed to Mon is due Wed 09:00; a
            # LinkedIn request queued to a later month is due two business days after its new
            # start, as the rule says of one that becomes possible then; a reply to a rejection
            # postponed by an out-of-office reply keeps its day between due and latest. A latest
            # set by something else (the day a piece of news turns stale) stays where it is.
            start = not_before.astimezone(tz)
            due = _keep_distance(item.due, item.earliest, start, cal, tz)
            if item.latest is not None:
                if item.fixed_latest:
                    # the day its news turns stale, the end of a year of touches: the due never
                    # passes it; a start past it is left so (see drop_moved_past_reason, finish)
                    if start <= item.latest < due:
                        due = item.latest
                else:
                    latest = _keep_distance(item.latest, item.due, due, cal, tz)
                    item.latest = latest if latest >= due else due
            item.earliest, item.ts, item.due = start, ts, due
        item.notes.append(note)
        if item.send_at is not None and item.send_at < item.earliest:
            # the suggested sending time: from the new start, not in their night nor on their day
            # off (a snooze until your 10:00 is 04:00 in Chicago: their send window's start then)
            item.send_at = self.in_window_from(item.earliest, tz, cal)
        if item.named is not None and item.named < item.earliest:
            # The reason names a moment the rule chose (a thank-you's slot the next business
            # morning, the day a reply is due by): the move left it behind, and the note says
            # so, once.
            item.named = None
            item.notes.append(SLOT_LEFT_BEHIND)

    def in_window_from(self, moment: datetime, tz: ZoneInfo, cal: BusinessDays) -> datetime:
        """A suggested send time from `moment`: `moment` itself on one of the recipient's business
        days in their waking hours (domain.waking, as `wait_for` goes by); else, in their night or
        on their day off, the next start of their send window."""
        local = moment.astimezone(tz)
        day, clock = local.date(), local.time()
        if cal.is_business_day(day) and awake(clock):
            return local
        start = self.v["send_window"]["start"]
        if cal.is_business_day(day) and clock < start:  # before their morning: that day's window
            return at_local(day, start, tz)
        return at_local(cal.next_business_day(day, include=False), start, tz)

    def drop_moved_past_reason(self) -> None:
        """A keep-warm touch moved (a snooze, an out-of-office reply) past the end of its year,
        or to a day its news is no longer fresh, has no reason left then: not planned, unless
        its note is approved (it goes as approved). The next plan finds a fresher reason, or none.
        So is a share of news moved past the day its news turns `max_age` old (its latest).
        """
        moved = [item for item in self.drafts if item.moved and item.kind in _PAST_REASON]
        if not moved:
            return
        max_age = self.v["share_news"]["max_age"]
        news = {n.id: n for n in self.facts.news}
        gone = set()
        for item in moved:
            told = news.get(item.news_id)
            stale = told is not None and item.earliest.astimezone(item.tz).date() - told.happened_on > max_age
            if (stale or (item.latest is not None and item.earliest > item.latest)) and self.approved_at(item.key) is None:
                gone.add(id(item))
        if gone:
            if self.dropped is not None:  # keep-in-touch touches, for `afterview why`
                self.dropped.extend(item for item in self.drafts
                                    if id(item) in gone and item.kind is MessageKind.KEEP_WARM)
            self.drafts[:] = [item for item in self.drafts if id(item) not in gone]

    def apply_snooze(self, item: _Draft) -> None:
        until = self.ix.snoozed_until(item.key)
        if until is not None:
            mine = until.astimezone(self.reader_tz)  # as the user typed it: in their own zone
            # a snooze into another year says which ("Tue 5 Jan 2027"): the plan's days say none
            year = f" {mine.year}" if mine.year != self.now.astimezone(self.reader_tz).year else ""
            self.move(item, until, f"snoozed until {_day(mine)}{year} {_hm(mine)}")

    def apply_out_of_office(self) -> None:
        auto_replies = self.ix.auto_replies_by_person  # looked up once: the loop sees every draft
        if not auto_replies:
            return
        for item in self.drafts:
            replies = auto_replies.get(item.person.id)
            if replies:
                self.out_of_office(item, replies)

    def out_of_office(self, item: _Draft, replies) -> None:
        """Postpone a draft to someone whose latest auto-reply says they are away (unless they
        wrote since)."""
        rule = self.v["out_of_office"]
        last = max(replies, key=lambda r: (r.received_at, r.id or 0))
        back_since = self.ix.last_reply_from.get(item.person.id)
        if back_since is not None and back_since > last.received_at:
            return  # they wrote since: they are back
        cal, tz = item.cal, item.tz
        if last.return_date is not None:
            back = cal.add(last.return_date, rule["after_return"])
            # "back on 21 Dec" and "away until 14 Dec" both give the date read: said so that it
            # is true of both, as the move (a business day after it) is
            note = f"{POSTPONED_OUT_OF_OFFICE}, back {_day(last.return_date)} or the business day after"
        else:
            back = cal.add(last.received_at.astimezone(tz).date(), rule["without_date"])
            note = f"{POSTPONED_OUT_OF_OFFICE} (no return date given)"
        before = item.earliest
        self.move(item, at_local(back, MORNING, tz), note)
        if item.kind is MessageKind.THANK_YOU and item.earliest != before:
            self.postponed.append(item)

    def postponed_thank_you(self, item: _Draft) -> None:
        """A thank-you an out-of-office reply postponed: its reason says to when, and by whose reply
        (the rule's own slot, "due within 24 h of its end", no longer holds), and whether it is late
        is counted from that moment, not from the interview: a note that waited for their return
        is not late for having waited. (The note "postponed: out of office, back ..." stays.)"""
        interview = self.facts.interviews.get(item.interview_id)
        if interview is None:
            return
        tz, cal, rule = item.tz, item.cal, self.v["thank_you"]
        start = item.earliest.astimezone(tz)
        due, due_ts = self.snapped(item.due, tz, cal)
        began, day, what = self.interview_named(interview, tz)
        theirs = "" if tz == self.reader_tz else f" their time ({tz.key})"
        name = item.person.name
        was = "it was due" if self.now_ts > due_ts else "due"
        item.reason = (f"Thank {name} for {what}; postponed to {_day(start)} {_hm(start)}{theirs} by {name}'s "
                       f"out-of-office reply, so {was} by {_day(due)} {_hm(due)}{theirs}.")
        # the slot the rule chose and its lateness are the interview's: the reason says the new
        # moment, and lateness is counted again below
        notes = [n for n in item.notes if n is not item.late and n != SLOT_LEFT_BEHIND]
        late = ""
        if self.now_ts > plus(interview.end.astimezone(tz), rule["late_after"], tz).timestamp():
            _, on = self.said_day(began, day, cal, tz)  # long enough ago for "yesterday" to be wrong
            since = (datetime.fromtimestamp(self.now_ts, tz).date() - start.date()).days
            counted = (f"{since} day{'' if since == 1 else 's'} after {_day(start)} {_hm(start)}, the moment it was "
                       "postponed to")
            if self.now_ts > plus(start, rule["fold_after"], tz).timestamp():
                late = (f"late: {counted}, a thank-you on its own would read oddly now: thank them for it in "
                        f"your next note to them, or skip this one")
            elif self.now_ts > max(plus(start, rule["late_after"], tz).timestamp(), due_ts):
                late = f"late: {counted}; say 'thank you for our conversation on {on}', not 'yesterday'"
            else:
                late = f"say 'thank you for our conversation on {on}', not 'yesterday'"
        item.notes = [late, *notes] if late else notes
        item.late = late

    def note_no_address(self) -> None:
        """An email to someone with no email address (a LinkedIn profile only) cannot go: said on
        each, with the command that adds one, so that it is not first learnt at approval.

        Found per person (Index.no_address): most pipelines have an address for everyone, and
        then no action is visited."""
        missing = self.ix.no_address
        if not missing:
            return
        for item in self.drafts:
            if item.channel is Channel.EMAIL and item.person.id in missing:
                person = item.person
                item.notes.insert(0, f"{person.name} has no email address: add one first "
                                     f"(afterview person edit {person.id} --email ADDRESS), or send it "
                                     f"another way and mark it done (afterview done {item.key})")

    def note_bounces(self) -> None:
        """An email to them bounced, the address is still theirs, no email went out to them since,
        and no answer since proved the bounced one arrived (sync marked it sent again): the address
        needs checking, or, when the server said their mailbox was full (or failed only for now),
        the note is to be tried again later.

        Only an email sent proves anything about the address: a message merely scheduled, or
        an action marked done (perhaps on LinkedIn, perhaps by phone), does not. A new address
        recorded for them since is the user's answer to the warning.
        """
        if not self.ix.last_bounce:
            return
        returned = self.bounced_messages()
        arrived = self.answered_after_bounce(returned)
        words: dict[int, str] = {}  # person: what their bounce note says after its day
        for item in self.drafts:
            found = self.ix.last_bounce.get(item.person.id)
            if found is None or item.channel != Channel.EMAIL:
                continue
            bounced, address = found
            if address and address.casefold() != item.person.email.casefold():
                continue
            message = returned.get(item.person.id)
            if message is not None and message.id in arrived:
                continue  # an answer to it after the bounce proved it arrived (sync marked it sent again)
            sent = self.ix.emailed_by_person.get(item.person.id, ())
            if not any(moment > bounced for moment in sent):
                if item.person.id not in words:
                    words[item.person.id] = self.bounce_advice(message.last_error if message is not None else "")
                item.notes.append(f"an email to {item.person.name} bounced on {_day(bounced.astimezone(item.tz))}: "
                                  f"{words[item.person.id]}")

    @staticmethod
    def bounce_advice(last_error: str) -> str:
        """What a bounce note advises: to check the address, unless the server's reason says it
        is right (a full mailbox, a temporary failure: `delivery.bounces.not_the_address`)."""
        from afterview.delivery.bounces import not_the_address  # (pure; only when a bounce is noted)

        why = not_the_address(last_error.removeprefix("bounced:").strip())
        return f"{why}: try again later" if why else "check the address first"

    def answered_after_bounce(self, returned: dict) -> set[int]:
        """The ids of the messages of `returned` (`bounced_messages`) that an answer (a reply, an
        automatic reply: anything but a bounce) came to after their bounce: they arrived."""
        from afterview.domain.model import InboundKind

        bounced_at = {message.id: self.ix.last_bounce[person][0] for person, message in returned.items()}
        return {inbound.answers_message_id for inbound in self.facts.inbound
                if inbound.kind is not InboundKind.BOUNCE and inbound.answers_message_id in bounced_at
                and inbound.received_at > bounced_at[inbound.answers_message_id]}

    def bounced_messages(self) -> dict:
        """Person -> the message their latest bounce (`Index.last_bounce`) returned, when it is one
        of ours."""
        from afterview.domain.model import InboundKind

        found = {}
        by_id = self.ix.messages_by_id
        for inbound in self.facts.inbound:
            if inbound.kind is not InboundKind.BOUNCE or inbound.answers_message_id not in by_id:
                continue
            message = by_id[inbound.answers_message_id]
            person = inbound.person_id if inbound.person_id is not None else message.person_id
            last = self.ix.last_bounce.get(person)
            if last is not None and last[0] == inbound.received_at:
                found[person] = message
        return found

    def apply_spacing(self) -> None:
        rule = self.v["spacing"]
        gap, exempt = rule["business_days"], frozenset(MessageKind(k) for k in rule["exempt"])
        # gap business days never span more than this many seconds (weekends, a holiday run)
        reach = (2 * gap + 14) * 86400
        # One pass sorts the drafts, per person, into those to keep apart and the exempt ones:
        # most people have one draft or none to space, and 50,000 drafts go by.
        # An exempt action not sent yet counts on every day from its start to its due day: it
        # may go on any of them. A thank-you due on Friday keeps Friday's news to the same
        # person away; the days it holds stay the same once it can go (before, it held its
        # start's day until then and its due day after, and what came after it moved); and one
        # left unsent does not hold the others back for ever (only one due within spacing's
        # reach of now can clash with anything from now on).
        subjects: dict[int, list[_Draft]] = {}
        held: dict[int, list[_Draft]] = {}  # exempt drafts, per person
        for item in self.drafts:
            (subjects if item.kind not in exempt else held).setdefault(item.person.id, []).append(item)
        for items in held.values():
            if len(items) > 1:
                self.note_same_days(items)
        now_ts = self.now_ts
        recent = now_ts - reach
        within_reach = self.within_reach  # plan_due: later follow-ups only counted, by person
        dropped: set[int] = set()  # shares moved past their news' age (ids)
        for person_id, subject in subjects.items():  # each person on their own: order is free
            tz, cal = subject[0].tz, subject[0].cal
            if not self.upcoming and (person_id in within_reach or person_id in self.beyond_reach):
                due_now = [i.kind for i in subject if i.ts <= now_ts and i.kind not in WINDOW_KINDS]
                if MessageKind.SHARE_NEWS in due_now:
                    # plan_due, for a share of news due now: every later follow-up, as in plan
                    # (its due keeps clear of the next one; a move may take it past its news' age)
                    subject += self.make_within_reach(person_id, everything=True)
                elif due_now and person_id in within_reach:
                    # plan_due, for someone with a due message that waits for status follow-ups:
                    # those within reach are taken in, to be placed before it as in plan
                    subject += self.make_within_reach(person_id)
            theirs = held.get(person_id, ())
            later = [i for i in theirs if i.ts > now_ts or i.due.timestamp() > recent]
            # those left unsent long ago hold nothing from now on, but the days a draft was
            # planned for still keep clear of them (see space_one): a move they made stays made
            gone = [i for i in theirs if not (i.ts > now_ts or i.due.timestamp() > recent)] \
                if len(later) < len(theirs) else ()
            outgoing = self.ix.outgoing_by_person.get(person_id, ())
            if len(subject) == 1 and not later and not gone and self.far_apart(subject[0], outgoing, reach):
                continue  # alone, and far from every message sent: nothing to keep apart from
            if len(subject) > 1:
                # Status follow-ups and closing the loop first, in time order; then every other
                # message (news, keep-warm, a withdrawal), in time order: a piece of news waits
                # for a follow-up, never the other way round, and the order does not depend on
                # now, so neither do the days it gives (only a message due and unsent goes
                # from now on, and so holds back what comes after it). Before, news that could
                # go now came first, and pushed a follow-up starting within the gap to the
                # next week until the follow-up's own window opened: then the two swapped.
                subject.sort(key=_spacing_order)
            taken = [m.astimezone(tz).date() for m in outgoing]
            self.held_days(later, taken, tz, cal)
            old = self.held_days(gone, [], tz, cal) if gone else ()
            for item in subject:
                begun = item.ts <= now_ts
                day = self.space_one(item, taken, gap, tz, cal, self.own_days(item, tz), old)
                if begun and item.kind is MessageKind.SHARE_NEWS and item.earliest > item.latest \
                        and self.approved_at(item.key) is None:
                    # moved past the day its news turns max_age old: no longer news (see
                    # drop_moved_past_reason). Only one that could go already: plan_due makes
                    # those alone, and a later one is dropped once its day comes, if still so.
                    dropped.add(id(item))
                    continue
                taken.append(day)
        if dropped:
            self.drafts[:] = [item for item in self.drafts if id(item) not in dropped]

    def held_days(self, items: list[_Draft], days: list[date], tz, cal: BusinessDays) -> list[date]:
        """Add to `days` every day an exempt draft not sent yet holds: its start's to its due's."""
        for exempt_item in items:
            day, last = exempt_item.earliest.astimezone(tz).date(), self.snapped(exempt_item.due, tz, cal)[0].date()
            days.append(day)
            while day < last:
                day += _ONE_DAY
                days.append(day)
        return days

    def note_same_days(self, items: list[_Draft]) -> None:
        """One person owed two notes of one kind for two of your processes on the same days (a
        recruiter of two roles thanked twice on one afternoon, or told of two withdrawals): each
        names the other, as one note covering both reads better than two. Exempt from spacing,
        they are not moved apart; which to send is the user's choice."""
        for item in items:
            label = _ONCE_PER_PROCESS.get(item.kind)
            if label is None:
                continue
            tz = item.tz
            first, last = item.earliest.astimezone(tz).date(), item.due.astimezone(tz).date()
            for other in items:
                if other.kind is not item.kind or other.opportunity_id == item.opportunity_id:
                    continue
                if other.earliest.astimezone(tz).date() <= last and first <= other.due.astimezone(tz).date():
                    opp = self.facts.opportunities.get(other.opportunity_id)
                    role = f"{opp.role}{self.company_name(opp)}" if opp else "another process"
                    item.notes.append(
                        f"{item.person.name} is also owed a {label} for {role} on the same days "
                        f"({other.key}): one note covering both reads better than two; send one, "
                        f"then mark the other done")

    def own_days(self, item: _Draft, tz) -> list[date]:
        """The days the item's own message is scheduled for (it is among the outgoing ones): a
        note is not kept apart from itself."""
        own = self.messages_by_key.get(item.key)
        if not own:
            return []
        return [m.scheduled_at.astimezone(tz).date() for m in own
                if m.state in (MessageState.SCHEDULED, MessageState.SENDING) and m.scheduled_at]

    def far_apart(self, item: _Draft, outgoing, reach: float) -> bool:
        """No message sent or scheduled anywhere near the item's soonest moment."""
        if not outgoing:
            return True
        soonest = max(item.ts, self.now_ts)
        return all(abs(moment.timestamp() - soonest) > reach for moment in outgoing)

    def effective(self, item: _Draft) -> datetime:
        """When it can go out at the soonest: its earliest, or now when that has passed."""
        # as max(earliest, now), by timestamps: comparing moments of two zones costs twice as much
        if self.now_ts > item.ts:
            now = self._now_in.get(item.tz)
            if now is None:
                now = self._now_in[item.tz] = self.now.astimezone(item.tz)
            return now
        return item.earliest.astimezone(item.tz)

    def space_one(self, item: _Draft, taken: list[date], gap: int, tz, cal: BusinessDays,
                  own: list[date] = (), old: list[date] | tuple = ()) -> date:
        """Move the item clear of the days taken (but its own message's, `own`); returns the day
        it can go out at the soonest. `old`: days held by exempt drafts left unsent long ago,
        kept clear of only on the day the item was planned for."""
        if own:
            taken = list(taken)
            for day in own:
                if day in taken:
                    taken.remove(day)
        spaced = None  # the note of this round's last move
        for _ in range(50):
            day = self.effective(item).date()
            # A draft whose start has passed goes from now, but a clash on the day it was planned
            # for moves it all the same: its due must not come back earlier once now is past that
            # clash (a share planned the day after a thank-you, due two days later at midnight).
            planned = item.earliest.astimezone(tz).date() if item.ts < self.now_ts else day
            clashes = None
            for candidate in ((planned, day) if planned < day else (day,)):
                end = cal.add(candidate, gap)
                days = taken if candidate == day or not old else [*taken, *old]
                clashes = [d for d in days if (d <= candidate < cal.add(d, gap)) or (candidate <= d < end)]
                if clashes:
                    break
            if not clashes:
                if item.kind is MessageKind.SHARE_NEWS and item.latest is not None and item.earliest <= item.latest:
                    self.keep_before(item, day, taken, gap, tz, cal)
                return day
            target = cal.add(max(clashes), gap)
            # which day's message it keeps apart from, so that the user can find it; a move of
            # this round replaces the one before it, which no longer says where it stands
            if spaced is not None and spaced in item.notes:
                item.notes.remove(spaced)
            spaced = (f"moved: keeps {_business_days(gap)} after another message to {item.person.name} "
                      f"(on {_day(max(clashes))})")
            count = len(item.notes)
            self.move(item, at_local(target, MORNING, tz), spaced)
            if len(item.notes) == count:
                spaced = None  # not moved (it starts later already): no note of its own
        return self.effective(item).date()

    def keep_before(self, item: _Draft, day: date, taken: list[date], gap: int, tz, cal: BusinessDays) -> None:
        """A share of news placed on `day` runs until its due: that, and its latest, stay the gap
        clear of the next message to the same person after that day, as the start does (a
        share from Tue 6 Oct, due five business days later, would else be due Tue 13 Oct beside
        a status follow-up of that day: it is due Thu 8 Oct 17:00 instead)."""
        later = [d for d in taken if d > day]
        if not later:
            return
        nxt = min(later)
        last = item.due.astimezone(tz).date()
        if cal.add(last, gap) <= nxt:
            return
        # from its own start, not from now: the same due whatever the time you ask
        start = min(day, item.earliest.astimezone(tz).date())
        while last > start and (cal.add(last, gap) > nxt or not cal.is_business_day(last)):
            last -= _ONE_DAY
        if cal.add(last, gap) > nxt or not cal.is_business_day(last):
            return  # no business day clear of it from its start: its start's clear, as spacing keeps it
        by = at_local(last, END_OF_DAY, tz)
        if by < item.earliest:
            by = item.earliest
        if by >= item.due:
            return
        item.due = by
        if item.latest > by:
            item.latest = by
        item.notes.append(f"due by {_day(by)} {_hm(by)}: keeps {_business_days(gap)} before another message to "
                          f"{item.person.name} (on {_day(nxt)})")

    def apply_linkedin_cap(self) -> None:
        """A free account's personalised invitations, at most `cap` a calendar month (the user's
        time zone), in time order: a request beyond that is queued to the first business morning
        of the first month with room.

        A request whose moment has passed was placed then (queued to a later month if its own
        was full), and it goes out now: it also takes one of this month's invitations, or is
        queued past now when this month is full. Invitations sent count in their own months.
        """
        profile = self.facts.profile
        if profile.linkedin_account == LinkedInAccount.PREMIUM:
            return
        cap = self.v["linkedin_limits"]["free_monthly_invitations"]
        used: dict[tuple[int, int], int] = {}
        for moment in self.ix.linkedin_sent:
            local = moment.astimezone(self.user_tz)
            used[(local.year, local.month)] = used.get((local.year, local.month), 0) + 1
        note = MessageKind.LINKEDIN_NOTE  # once: a class attribute lookup per draft adds up
        # drafts and requests not drafted yet alike (both have ts, key, earliest, person, tz, cal)
        pending = [d for d in self.drafts if d.kind is note] + self.requests
        pending.sort(key=_person_id)  # then (stable) by moment: as by (ts, person), faster
        pending.sort(key=attrgetter("ts"))
        # every month before these is full: no need to walk through them again (moments only
        # grow along `pending`, so each walk starts where the last one found room)
        floor = past_floor = (0, 0)
        queued: set[int] = set()  # plan_due: drafts queued past now, only counted (ids)
        waiting = 0  # plan_due: requests not drafted yet queued past now, only counted
        now_ts = self.now_ts
        now_user = self.now.astimezone(self.user_tz)
        this_month = (now_user.year, now_user.month)
        for item in pending:
            own_moment = item.earliest.astimezone(self.user_tz)
            own = (own_moment.year, own_moment.month)
            if now_ts > item.ts:
                # where it was placed then: its own month, or the first later one with room
                placed = max(own, past_floor)
                while placed < this_month and used.get(placed, 0) >= cap:
                    placed = _next_month(placed)
                if placed < this_month:
                    past_floor = max(past_floor, placed) if used.get(placed, 0) + 1 >= cap else past_floor
                    used[placed] = used.get(placed, 0) + 1
                month = max(this_month, floor)  # and it goes now: this month's allowance
            else:
                placed = None
                month = max(own, floor)
            while used.get(month, 0) >= cap:
                month = _next_month(month)
            floor = max(floor, month) if used.get(month, 0) + 1 >= cap else floor
            used[month] = used.get(month, 0) + 1
            if placed is not None and month == this_month:
                month = min(placed, this_month)  # room now: shown where it was placed then
            if month != own:
                # Once queued it starts on or after the month's first business morning for them,
                # once that month has begun in your zone (and its earliest). plan_due counts such
                # a request, when that is enough to know, without placing it.
                target = self.queued_start(month, item.tz, item.cal)
                moved = target if target > item.earliest else item.earliest
                if self.request_only_counted(moved.date(), moved, item.tz, item.cal):
                    if type(item) is _Request:
                        waiting += 1
                    else:
                        queued.add(id(item))
                else:
                    if type(item) is _Request:
                        item = self.request_draft(item)
                    self.move(item, target,
                              f"queued: monthly LinkedIn invitation cap reached ({cap} personalised "
                              "invitations a month on a free account); or send it without a note")
            elif type(item) is _Request:
                self.request_draft(item)
        self.requests = []
        self.upcoming_count += waiting
        if queued:
            self.upcoming_count += len(queued)
            self.drafts = [d for d in self.drafts if id(d) not in queued]

    def queued_start(self, month: tuple[int, int], tz: ZoneInfo, cal: BusinessDays) -> datetime:
        """Where the cap queues a request to `month` (counted in your zone): the first moment
        that is both in that month for you and a business morning, awake, for the recipient.
        The later of 09:00 theirs on their first business day of the month and your midnight
        on the 1st, moved out of their night or day off (a user in Los Angeles, a recipient in
        Tokyo: Tue 1 Dec 17:00 theirs, not 09:00, which is still Mon 30 Nov for you)."""
        found = self._queued_start.get((month, tz, cal))
        if found is None:
            first = date(month[0], month[1], 1)
            target = max(at_local(cal.next_business_day(first), MORNING, tz), at_local(first, time(0), self.user_tz))
            local = target.astimezone(tz)
            if not awake(local.time()) or not cal.is_business_day(local.date()):
                day = local.date() if local.time() < WAKES else local.date() + _ONE_DAY
                target = at_local(cal.next_business_day(day), MORNING, tz)
            found = self._queued_start[(month, tz, cal)] = target.astimezone(tz)
        return found

    # --- the result ------------------------------------------------------------------------

    def snapped(self, moment: datetime, tz: ZoneInfo, cal: BusinessDays) -> tuple[datetime, float]:
        """`_snap(moment)` and its timestamp, worked out once per moment object and place."""
        # Most drafts share their due moment object with others of the same place (placed
        # through the at_local cache): snap each once. Keyed by identity, holding the moment,
        # so that an id is never reused; equal moments of other zones are not mixed up.
        found = self._snapped.get((id(moment), tz, cal))
        if found is None or found[0] is not moment:
            found = self._snapped[(id(moment), tz, cal)] = self._snap_entry(moment, tz, cal)
        return found[1], found[2]

    @staticmethod
    def _snap_entry(moment: datetime, tz: ZoneInfo, cal: BusinessDays) -> tuple[datetime, datetime, float]:
        snapped = _snap(moment, cal, tz)
        return moment, snapped, snapped.timestamp()

    def finish(self, item: _Draft) -> tuple[float, str, Action]:
        """The action as of `now`, with its sort key (due as a timestamp: fast to compare)."""
        cal, tz, key = item.cal, item.tz, item.key
        due = item.due
        found = self._snapped.get((id(due), tz, cal))  # as self.snapped(), inline: 35,000 calls
        if found is None or found[0] is not due:
            found = self._snapped[(id(due), tz, cal)] = self._snap_entry(due, tz, cal)
        due, due_ts = found[1], found[2]
        latest = item.latest
        if latest is not None:
            latest = self.snapped(latest, tz, cal)[0]
            if latest < due:  # a fixed latest a move passed, kept (approved, or not yet placed)
                latest = due
        now_ts = self.now_ts
        if now_ts < item.ts:
            state = "upcoming"
        elif now_ts <= due_ts:
            state = "due"
        else:
            state = "overdue"
        notes = item.notes
        send_at = item.send_at
        if state != "upcoming":
            # not now for them (their day off, their send window shut, their night): when, said
            # once per place; a thank-you has its own slots for days off, and waits only for the night
            by_hand = item.kind is MessageKind.LINKEDIN_NOTE
            waits = (self._waits_window if item.kind in WINDOW_KINDS
                     else self._waits_by_hand if by_hand else self._waits)
            wait = waits.get((tz, cal))
            if wait is None:
                wait = waits[(tz, cal)] = self.wait_for(tz, cal, item.kind in WINDOW_KINDS, by_hand=by_hand)
            if (wait is not _NO_WAIT and (wait[2] or item.kind is not MessageKind.THANK_YOU)
                    and (send_at is None or send_at.timestamp() <= now_ts)):
                send_at, notes = wait[0], [*notes, wait[1]]
        note = (notes[0] if len(notes) == 1 else "; ".join(dict.fromkeys(notes))) if notes else ""
        in_progress = self.ix.in_progress(key) if key in self.messages_by_key else None
        read = self.read_as_rejected
        action = _new_action(
            key, item.kind, item.person.id, item.opportunity_id, item.interview_id, item.channel,
            item.earliest, due, latest, state, item.rule, item.reason,
            item.source or self.sources[item.rule], item.sequence, note, in_progress, item.news_id,
            send_at, read.get(item.opportunity_id) if read else None,
        )
        return due_ts, key, action

    def wait_for(self, tz: ZoneInfo, cal: BusinessDays, window: bool, *,
                 by_hand: bool = False) -> tuple[datetime | None, str, bool]:
        """For an action due now: when to send it instead, a note that says why, and whether it
        is because it is night for them, while now is no time to send it to someone of this place
        (`_NO_WAIT` when it is).

        Never on the recipient's weekend or public holidays: then their next business morning
        (for status follow-ups and closing the loop, their next send window). A status follow-up
        outside their send window on a business day may go now, or in their next window; at
        night for them (outside their waking hours, 07:00-20:00: domain.waking, the review's
        too), the note says so first. `by_hand`: a note the user sends by
        hand (a LinkedIn note), which cannot be scheduled: the note says when to send it.
        """
        now = self.now.astimezone(tz)
        today = now.date()
        clock = now.time()
        night = False
        if window:
            rule = self.v["send_window"]
            start, end = self.window(cal, tz, today)
            night = cal.is_business_day(today) and not awake(clock)
            if start.date() != today and cal.is_business_day(today):
                # a business day with no window: now will do (the window is a heuristic), unless
                # it is night for them
                if not night:
                    return _NO_WAIT
                start = self.morning_after_night(clock, today, tz, cal, window)
            elif start <= now <= end:
                return _NO_WAIT
            elif now > end:
                start = self.window(cal, tz, today + _ONE_DAY)[0]
        elif cal.is_business_day(today):
            night = not awake(clock)
            if not night:
                return _NO_WAIT
            start = self.morning_after_night(clock, today, tz, cal, window)
        else:
            start = at_local(cal.next_business_day(today), MORNING, tz)
        when = f"{_day(start)} {_hm(start)}"
        if tz != self.reader_tz:
            mine = start.astimezone(self.reader_tz)
            same = mine.date() == start.date()
            when += f" their time ({_hm(mine) if same else f'{_day(mine)} {_hm(mine)}'} yours)"
        if not cal.is_business_day(today):
            holiday = cal.holiday_name(today)
            off = (f"it is a public holiday for them ({_day(today)}, {holiday})" if holiday
                   else f"it is the weekend for them ({_day(today)})")
            # their night too (after 20:00, before 07:00), said as the review says both ("... and
            # 23:00 for them"), and flagged as night: a thank-you, which has its own slots for days
            # off, is told it as well
            dark = not awake(clock)
            if dark:
                off += f" and {_hm(now)} for them"
            if by_hand:
                return start, f"{off}: send it by hand on their next business day, {when}", dark
            nxt = "their next send window" if window else "their next business morning"
            return start, f"{off}: schedule it for {nxt}, {when}", dark
        if night:
            if by_hand:
                return start, f"it is {_hm(now)} for them: send it by hand in their morning, {when}, or now", True
            then = "their send window" if window and start.time() == self.v["send_window"]["start"] else "their morning"
            return start, f"it is {_hm(now)} for them: schedule it for {then}, {when}, or send it now", True
        if start.date() == today:  # (a business day with a window: before it opens, or after it shut)
            return start, f"their send window opens today at {when}: schedule it for then, or send it now", False
        hours = f"{_hm(rule['start'])}-{_hm(rule['end'])}"
        return start, (f"their send window today ({hours} their time) has passed: schedule it for "
                       f"the next one, {when}, or send it now"), False


    def morning_after_night(self, clock: time, today: date, tz: ZoneInfo, cal: BusinessDays,
                            window: bool) -> datetime:
        """The business morning a message waits for at night on a business day: today's while
        it is not yet 07:00, else the next; a status follow-up's send window when that day has
        one."""
        day = cal.next_business_day(today if clock < WAKES else today + _ONE_DAY)
        if window:
            start = self.window(cal, tz, day)[0]
            if start.date() == day:
                return start
        return at_local(day, MORNING, tz)


_NO_WAIT = (None, "", False)  # see wait_for: now will do


def _before_night(moment: datetime, floor: datetime, tz: ZoneInfo) -> datetime:
    """A moment in the recipient's night (outside their waking hours) moved EARLIER, to the end
    of the working day before it: 17:00 that day when it is late in the evening (a rejection
    recorded at 23:30: due 17:00 the next day), 17:00 the day before when it is before 07:00 (one
    recorded at 05:30: due 17:00 the same day, not 17:00 the day after, 35 h on). Never earlier
    than `floor` (a time limit shorter than a night: then the morning that ends the night)."""
    local = moment.astimezone(tz)
    clock = local.time()
    if awake(clock):
        return moment
    day = local.date() if clock >= WAKES else local.date() - _ONE_DAY
    moved = at_local(day, END_OF_DAY, tz)
    if moved < floor:
        moved = max(floor, at_local(local.date() if clock < WAKES else local.date() + _ONE_DAY, WAKES, tz))
    return moved


def _spacing_order(item: _Draft) -> tuple:
    """Status follow-ups and closing the loop first, then every other message spaced; each in
    time order (see apply_spacing)."""
    return (item.kind not in WINDOW_KINDS, item.ts, item.key)


def _business_days(n: int) -> str:
    return "1 business day" if n == 1 else f"{n} business days"


def _next_month(month: tuple[int, int]) -> tuple[int, int]:
    return (month[0] + (month[1] == 12), month[1] % 12 + 1)


def _person_id(item) -> int:
    return item.person.id


def _rank(item: tuple[NewsItem, list[str]]) -> tuple:
    news, hits = item
    return (-len(hits), -news.happened_on.toordinal(), news.id or 0)


def _keep_distance(moment: datetime, base: datetime, new_base: datetime, cal: BusinessDays,
                   tz: ZoneInfo) -> datetime:
    """`moment` as many business days after `new_base` as it was after `base`, at its own time
    of day (on a business day); a business day later while that would be before `new_base`."""
    local = moment.astimezone(tz)
    wall, day = local.time(), local.date()
    start_day = new_base.astimezone(tz).date()
    # most moves keep the day (a due later the same day) or are a few days long: few steps
    target = cal.add(start_day, cal.between(base.astimezone(tz).date(), day))
    moved = local if target == day else at_local(target, wall, tz)
    while moved < new_base:
        target = cal.next_business_day(target, include=False)
        moved = at_local(target, wall, tz)
    return moved


def _warm_rank(item: tuple[NewsItem, list[str]]) -> tuple:
    """Among news that give a keep-warm touch the same start: most matching tags, lowest id."""
    news, hits = item
    return (-len(hits), news.id or 0)


def _snap(moment: datetime, cal: BusinessDays, tz: ZoneInfo) -> datetime:
    """The same wall time on the next business day when `moment` falls on a day off, but not
    before that day's MORNING: a due moved off their weekend is never earlier than the business
    morning a note waiting for that day is told to go at (`wait_for`), so "due Mon 07:00" never
    comes with "schedule it for Mon 09:00"."""
    local = moment.astimezone(tz)
    today = local.date()
    day = cal.next_business_day(today)
    return local if day == today else at_local(day, max(local.time(), MORNING), tz)


_WEEKDAYS_FULL = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS_FULL = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December")


def _hm(moment) -> str:
    """'09:30'; a time its clock shows twice (the hour the clocks go back) with which reading it
    is: '01:30 CST' (`repeated_mark`: a lookup once its hour is known; "" for a time of day)."""
    return f"{moment.hour:02d}:{moment.minute:02d}{repeated_mark(moment)}"


@lru_cache(maxsize=256)  # a pipeline has a few stage names for thousands of interviews
def _stage(stage: str) -> str:
    """'panel' -> 'the panel interview'; 'screening call' and 'panel interview' stay as they are."""
    text = stage.strip()
    if not text:
        return "the interview"
    lowered = text.lower()
    if lowered.endswith(("interview", "call", "screen", "round", "chat", "meeting")):
        return f"the {text}"
    return f"the {text} interview"


def _last_day(began: datetime, end: datetime) -> date:
    """The last day of an interview, in the zone of `began` and `end`: the day it began, unless
    it lasts into a later day's morning (one of several days; an all-day interview seen from a
    zone ahead); one that ends in the night after its day (Mon 23:00-Tue 00:30) is its day's."""
    if end.date() > began.date() and end.time() >= WAKES:
        return end.date()
    return began.date()


_NUMBER_WORDS = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven"}


def _days_span(first: date, last: date) -> str:
    """'Mon 7 Dec', or the days of an interview of several: 'Mon 7-Tue 8 Dec', 'Mon 30 Nov-Tue 1 Dec'."""
    if last <= first:
        return _day(first)
    if (first.year, first.month) == (last.year, last.month):
        return f"{_day(first).rpartition(' ')[0]}-{_day(last)}"  # the month once
    return f"{_day(first)}-{_day(last)}"


def _hours(delta: timedelta) -> str:
    hours = delta.total_seconds() / 3600
    return f"{hours:g} h" if hours < 72 else f"{delta.days} days"


def _non_business_reason(day: date, next_day: date, cal: BusinessDays) -> str:
    """Why a note waits for the next business morning; every public holiday the wait skips,
    beyond the weekend, is named (made once per place and moment: see thank_you_timing).

    A holiday on a weekend day moves nothing, so it is never the reason: a Friday interview
    before German Unity Day on a Saturday is "a Friday interview"; a Friday's whose Monday is a
    holiday says both ("a Friday interview, and Mon 25 May is a public holiday (Memorial Day)").
    """
    skipped = holidays_between(next_day, cal.next_business_day(next_day), cal)
    if not cal.is_business_day(day):
        holiday = cal.holiday_name(day) if _working_weekday(day, cal) else ""
        text = f"the interview was on a day off ({holiday})" if holiday else "the interview was on a day off"
        return f"{text}, and {say_holidays(skipped)}" if skipped else text
    if skipped and skipped[0][0] == next_day:
        if len(skipped) == 1:
            return f"the next day is a public holiday ({skipped[0][1]})"
        return say_holidays(skipped)  # "Thu 26 Nov and Fri 27 Nov are public holidays (...)"
    lead = "a Friday interview" if day.weekday() == 4 else "the next day is not a business day"
    return f"{lead}, and {say_holidays(skipped)}" if skipped else lead


def holidays_between(first: date, stop: date, cal: BusinessDays) -> list[tuple[date, str]]:
    """The public holidays in [first, stop) that fall on working weekdays (a holiday on the
    weekend moves nothing), with their names."""
    found = []
    day = first
    while day < stop:
        name = cal.holiday_name(day)
        if name and _working_weekday(day, cal):
            found.append((day, name))
        day += _ONE_DAY
    return found


def _working_weekday(day: date, cal: BusinessDays) -> bool:
    """Whether `day`'s weekday is a working one in `cal` (the weekend depends on the country)."""
    return day.weekday() not in cal.weekend


def say_holidays(found: list[tuple[date, str]]) -> str:
    """'Fri 25 Dec is a public holiday (Christmas Day)'; 'Fri 26 Mar and Mon 29 Mar are public
    holidays (Good Friday, Easter Monday)'."""
    days = [_day(day) for day, _ in found]
    names = ", ".join(dict.fromkeys(name for _, name in found))
    if len(days) == 1:
        return f"{days[0]} is a public holiday ({names})"
    return f"{', '.join(days[:-1])} and {days[-1]} are public holidays ({names})"


def plan(facts: Facts, playbook: Playbook, now: datetime) -> list[Action]:
    """Every open action as of `now`, sorted by due time: pure and deterministic."""
    return _run(facts, playbook, now, upcoming=True)[0]


@dataclass(frozen=True, slots=True)
class KeepWarmTrace:
    """The plan with what explains a keep-in-touch touch it lacks (see trace_keep_warm)."""

    actions: list[Action]
    # touches a move (a snooze, an out-of-office reply) took past the end of their year, or to a
    # day their news is stale: as planned before they were dropped
    dropped: list[Action]
    closed: dict[int, tuple[datetime, int]]  # person id -> (when their last process closed, its id)
    # person id -> a process not closed yet that they are in (-1: several): no touch meanwhile
    still_open: dict[int, int] = field(default_factory=dict)
    # person id -> why no touch is planned for them, when the rules found no reason: "no_news" (no
    # fresh news that matters to them) or "after_year" (the time of the next one comes after the
    # year of touches)
    no_touch: dict[int, str] = field(default_factory=dict)


def trace_keep_warm(facts: Facts, playbook: Playbook, now: datetime) -> KeepWarmTrace:
    """`plan`, keeping what `afterview why` needs to say why a keep-in-touch touch is not in it.
    Slower than `plan` (it keeps and finishes what it drops), and as pure."""
    planner = _Planner(facts, playbook, now, True)
    planner.dropped, planner.no_touch = [], {}
    actions = planner.run()
    dropped = [planner.finish(item)[2] for item in planner.dropped]
    closed = {person_id: (when, opp.id) for person_id, (when, opp) in planner.closed.items()}
    return KeepWarmTrace(actions, dropped, closed, dict(planner.open_of), planner.no_touch)


def unconfirmed_rejection_cause(facts: Facts, playbook: Playbook, key: str, now: datetime, zone: ZoneInfo) -> str:
    """Why a thank-you is not planned when a reply read as a rejection, not confirmed yet, stops
    it (its day said in `zone`), with the commands that settle it; "" otherwise. For `afterview
    why`: "Tom Becker replied" is no reason, since a reply that does not say no stops no thank-you.

    "it rests on a reply from Tom Becker on Fri 27 Nov that reads as a rejection, not confirmed
    yet (afterview replies confirm 3; if it is not a rejection: afterview replies confirm 3
    --status none); a rejection stops thank-you notes"
    """
    from afterview.domain.keys import parse_key

    parsed = parse_key(key)
    if parsed is None or parsed[0] != "thank_you":
        return ""
    interview = facts.interviews.get(parsed[1]["i"])
    opp = facts.opportunities.get(interview.opportunity_id) if interview is not None else None
    if opp is None or opp.status not in OPEN or not any(
            r.classification == ReplyClass.REJECTION and not r.confirmed for r in facts.inbound):
        return ""
    planner = _Planner(facts, playbook, now)
    reply = planner.unconfirmed_rejection(opp, planner.ix.interviews_by_opp.get(opp.id, []))
    if reply is None:
        return ""
    person = facts.people.get(reply.person_id) if reply.person_id is not None else None
    who = person.name if person is not None else reply.from_address
    day = reply.received_at.astimezone(zone)
    return (f"it rests on a reply from {who} on {day:%a} {day.day} {day:%b} that reads as a rejection, not confirmed "
            f"yet (afterview replies confirm {reply.id}; if it is not a rejection: afterview replies confirm "
            f"{reply.id} --status none); a rejection stops thank-you notes")


def held_back_by(facts: Facts, playbook: Playbook, now: datetime, reply) -> list[Action]:
    """The thank-yous a reply read as a rejection, not confirmed yet, holds back: those the plan
    would have for its process were the reply no rejection, with the moments they would be due
    (a snooze of one moves it); [] when the plan does not take the process as rejected from it.
    `today`'s REPLIES TO CONFIRM and the desk's Replies to confirm say them on the reply; for
    several replies, `held_back_finder` indexes the facts once."""
    return held_back_finder(facts, playbook, now)(reply)


def held_back_finder(facts: Facts, playbook: Playbook, now: datetime):
    """`held_back_by` for many replies of the same facts: one function, the facts indexed once
    (on the first reply that may hold something back), not once per reply."""
    planner: _Planner | None = None

    def held(reply) -> list[Action]:
        nonlocal planner
        opp = facts.opportunities.get(reply.opportunity_id) if reply.opportunity_id is not None else None
        if opp is None or opp.status not in OPEN or reply.classification != ReplyClass.REJECTION or reply.confirmed:
            return []
        if planner is None:
            planner = _Planner(facts, playbook, now)
        interviews = planner.ix.interviews_by_opp.get(opp.id, [])
        said = planner.unconfirmed_rejection(opp, interviews)
        if said is None or said.id != reply.id:
            return []
        planner.drafts = []  # this process's alone
        planner.thank_yous(opp, interviews)
        if planner.ix.has_snoozes:
            for item in planner.drafts:
                planner.apply_snooze(item)
        return sorted((planner.finish(item)[2] for item in planner.drafts), key=lambda a: (a.due, a.key))

    return held


_LONG_AGO = datetime(1970, 1, 1, tzinfo=ZoneInfo("UTC"))


def process_began(opp: Opportunity) -> datetime:
    """When the process began: its recorded creation, else its first status (else long ago)."""
    if opp.created_at is not None:
        return opp.created_at
    return opp.history[0].at if opp.history else _LONG_AGO


def plan_due(facts: Facts, playbook: Playbook, now: datetime) -> tuple[list[Action], int]:
    """Only the due and overdue actions of `plan`, and how many more are upcoming (faster)."""
    return _run(facts, playbook, now, upcoming=False)


def _run(facts: Facts, playbook: Playbook, now: datetime, upcoming: bool) -> tuple[list[Action], int]:
    from afterview.perf import keep_for_exit, paused_gc

    with paused_gc():
        planner = _Planner(facts, playbook, now, upcoming)
        actions, count = planner.run(), planner.upcoming_count
        # Free the drafts, the index and the caches while the collector is still paused: left
        # alive, the first collection after it resumes would scan them all (0.2 s at 50,000).
        # A command that only reads, in a process that ends right after, keeps them instead.
        if not keep_for_exit(planner):
            del planner
    return actions, count


def _named(facts: Facts, opp: Opportunity) -> str:
    company = facts.companies.get(opp.company_id)
    return f"{opp.role}{f' at {company.name}' if company else ''} (opportunity {opp.id})"


def withdrawal_cause(facts: Facts, opportunity_id: int | None, zone: ZoneInfo) -> str:
    """Why a note withdrawing from a process is not planned when no acceptance calls for it any
    more: the acceptance it followed was taken back, or ended ("" while one stands, or none ever
    did). For `why` and for a note held back, rather than a reply older than that acceptance.

    "the acceptance it followed no longer stands: Data Engineer at Umbrella Health (opportunity
    4), accepted on Mon 30 Nov, has an offer now"
    """
    if any(o.status == OpportunityStatus.ACCEPTED and o.id != opportunity_id for o in facts.opportunities.values()):
        return ""
    found = [(c.at, o) for o in facts.opportunities.values() if o.id != opportunity_id
             for c in o.history if c.status == OpportunityStatus.ACCEPTED]
    if not found:
        return ""
    at, opp = max(found, key=lambda f: (f[0], f[1].id or 0))
    now = "has an offer" if opp.status == OpportunityStatus.OFFER else f"is {opp.status.value}"
    return (f"the acceptance it followed no longer stands: {_named(facts, opp)}, accepted on {_day(at.astimezone(zone))}, "
            f"{now} now")


def open_again_cause(facts: Facts, key: str, zone: ZoneInfo) -> str:
    """Why a keep-in-touch touch of a process is not planned while the process is open (again,
    after a decision): that, rather than a reply of theirs; "" for any other key or process."""
    from afterview.domain.keys import parse_key

    parsed = parse_key(key)
    if parsed is None or parsed[0] != "keep_warm":
        return ""
    opp = facts.opportunities.get(parsed[1].get("o"))
    if opp is None or opp.status.is_closed:
        return ""
    history = in_force(opp.history, zone) if len(opp.history) > 1 else InForce(opp.history, None, None)
    reopened = next((after.at for before, after in zip(reversed(history.changes[:-1]), reversed(history.changes))
                     if before.status.is_closed and not after.status.is_closed), None)
    again = f" again (reopened on {_day(reopened.astimezone(zone))})" if reopened is not None else ""
    return f"{_named(facts, opp)} is open{again}: keep-in-touch touches come once a process has closed"
