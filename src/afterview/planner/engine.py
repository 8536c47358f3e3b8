"""`plan(facts, playbook, now)`: what is due, when, for whom, and why.

Pure and deterministic: no I/O, no clock reads. Each rule of the playbook proposes drafts of
actions; then decisions (snooze), out-of-office replies, per-person spacing and the LinkedIn
invitation cap move them later where needed; finally each gets its state as of `now`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from afterview.domain.model import (
    Channel,
    Facts,
    Interview,
    LinkedInAccount,
    MessageKind,
    NewsItem,
    Opportunity,
    OpportunityStatus,
    Pace,
    Person,
    ReplyClass,
)
from afterview.planner.days import BusinessDays, at_local, plus
from afterview.planner.facts import CONTACT_ORDER, Completion, Index, matches
from afterview.planner.playbook import WEEKDAYS, Playbook

SOURCE_DOC = "PLAYBOOK.md, Timing"
MORNING = time(9, 0)
END_OF_DAY = time(17, 0)
WINDOW_KINDS = frozenset({MessageKind.STATUS_CHECK, MessageKind.CLOSING_THE_LOOP})
OPEN = frozenset({OpportunityStatus.APPLIED, OpportunityStatus.INTERVIEWING})


@dataclass(frozen=True)
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


@dataclass
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


class _Planner:
    def __init__(self, facts: Facts, playbook: Playbook, now: datetime):
        if now.tzinfo is None:
            raise ValueError("plan() needs an aware `now`")  # a programming error
        self.facts, self.pb, self.now = facts, playbook, now
        profile = facts.profile
        fallback_tz = playbook["calendar"]["timezone"] or profile.timezone or "UTC"
        fallback_country = playbook["calendar"]["country"] or (profile.country or "").upper()
        self.ix = Index(facts, fallback_tz, fallback_country)
        self.user_tz = self.ix.where(Person(id=-1, name=""))[0]
        self.drafts: list[_Draft] = []

    # --- helpers ---------------------------------------------------------------------------

    def person(self, person_id: int | None) -> Person | None:
        person = self.facts.people.get(person_id) if person_id is not None else None
        if person is None or person.do_not_contact:
            return None
        return person

    def draft(self, key: str, kind: MessageKind, person: Person, **kw) -> _Draft | None:
        """A new draft unless the action is already complete."""
        if self.ix.completion(key) is not None:
            return None
        tz, cal = self.ix.where(person)
        item = _Draft(key=key, kind=kind, person=person, tz=tz, cal=cal, **kw)
        self.drafts.append(item)
        return item

    def pace(self, opp: Opportunity, days: int) -> int:
        factor = self.pb["slow_pace"]["factor"] if opp.pace == Pace.SLOW else 1
        return math.ceil(days * factor - 1e-9)

    def window(self, cal: BusinessDays, tz: ZoneInfo, day: date) -> tuple[datetime, datetime]:
        rule = self.pb["send_window"]
        weekdays = frozenset(WEEKDAYS.index(d) for d in rule["days"])
        chosen = cal.next_in_window(day, weekdays)
        return at_local(chosen, rule["start"], tz), at_local(chosen, rule["end"], tz)

    # --- per opportunity -------------------------------------------------------------------

    def run(self) -> list[Action]:
        closed: dict[int, tuple[datetime, Opportunity]] = {}
        for opp in sorted(self.facts.opportunities.values(), key=lambda o: o.id or 0):
            ended = self.opportunity(opp)
            if ended is not None:
                for person_id in self.people_of(opp):
                    if person_id not in closed or closed[person_id][0] < ended:
                        closed[person_id] = (ended, opp)
        for person_id, (ended, opp) in sorted(closed.items()):
            self.keep_warm(opp, person_id, ended)
        self.share_news()
        self.linkedin_dedupe()
        for item in self.drafts:
            self.apply_snooze(item)
        self.apply_out_of_office()
        self.apply_spacing()
        self.apply_linkedin_cap()
        return sorted((self.finish(d) for d in self.drafts), key=lambda a: (a.due, a.key))

    def people_of(self, opp: Opportunity) -> list[int]:
        seen: dict[int, None] = {}
        for interview in self.ix.interviews_by_opp.get(opp.id, ()):
            for participant in interview.participants:
                seen[participant.person_id] = None
        return list(seen)

    def opportunity(self, opp: Opportunity) -> datetime | None:
        """Plan one opportunity; return when its process closed (for keep-warm), if it did."""
        interviews = self.ix.interviews_by_opp.get(opp.id, [])
        rejection = self.rejection(opp, interviews)
        status = opp.status
        if rejection is not None:
            self.rejection_reply(opp, interviews, *rejection)
            self.linkedin_after(opp, rejection[0], "the rejection", rejection[1])
            return rejection[0]
        if status in (OpportunityStatus.WITHDRAWN, OpportunityStatus.NO_RESPONSE):
            return self.status_time(opp, status) or (interviews[-1].end if interviews else None)
        if status == OpportunityStatus.ACCEPTED or status == OpportunityStatus.OFFER:
            when = self.status_time(opp, status) or (interviews[-1].end if interviews else None)
            if when is not None:
                self.linkedin_after(opp, when, "the offer" if status == OpportunityStatus.OFFER else "your acceptance", None)
            if status == OpportunityStatus.OFFER:
                for interview in interviews:
                    self.thank_you(opp, interview, interviews)
            return None
        for interview in interviews:
            self.thank_you(opp, interview, interviews)
        if self.facts.profile.opt_in_early_linkedin:
            self.linkedin_early(opp, interviews)
        if interviews:
            return self.status_sequence(opp, interviews[-1])
        return None

    def status_time(self, opp: Opportunity, status: OpportunityStatus) -> datetime | None:
        times = [c.at for c in opp.history if c.status == status]
        return min(times) if times else None

    def contact(self, interview: Interview) -> Person | None:
        """Whom to ask about the status: the recruiter or coordinator, else the hiring manager."""
        for role in CONTACT_ORDER:
            for participant in interview.participants:
                if participant.role == role:
                    person = self.person(participant.person_id)
                    if person is not None:
                        return person
        return None

    # --- thank-you -------------------------------------------------------------------------

    def thank_you(self, opp: Opportunity, interview: Interview, interviews: list[Interview]) -> None:
        rule = self.pb["thank_you"]
        roles = set(rule["roles"])
        for participant in interview.participants:
            if participant.role.value not in roles:
                continue
            person = self.person(participant.person_id)
            if person is None or self.superseded(interview, person.id, interviews):
                continue
            self.thank_you_to(opp, interview, person)

    def superseded(self, interview: Interview, person_id: int, interviews: list[Interview]) -> bool:
        """A later interview with the same person has ended: thank them for that one instead."""
        return any(
            other.end > interview.end and other.end <= self.now
            and any(p.person_id == person_id for p in other.participants)
            for other in interviews
        )

    def thank_you_to(self, opp: Opportunity, interview: Interview, person: Person) -> None:
        rule = self.pb["thank_you"]
        key = f"thank_you:i{interview.id}:p{person.id}"
        tz, cal = self.ix.where(person)
        end = interview.end.astimezone(tz)
        earliest = plus(end, rule["not_before"], tz)
        day = end.date()
        stage = f"the {interview.stage} interview" if interview.stage else "the interview"
        what = f"Thank {person.name} for {stage} of {end:%a %-d %b}"
        next_day = day + timedelta(days=1)
        send_at = None
        if not cal.is_business_day(next_day):
            friday = self.pb["friday_thank_you"]
            morning = cal.next_business_day(next_day)
            due = at_local(morning, friday["window_end"], tz)
            why = _non_business_reason(day, next_day, cal)
            same_day = earliest.date() == day and earliest.time() <= friday["same_day_until"] and cal.is_business_day(day)
            send_at = earliest if same_day else at_local(morning, friday["window_start"], tz)
            reason = (f"{what}; {why}, so send it the same day or schedule it for "
                      f"{morning:%a %-d %b} {friday['window_start']:%H:%M}-{friday['window_end']:%H:%M}.")
            name, source = "friday_thank_you", friday.source
        elif end.time() >= self.pb["afternoon_thank_you"]["afternoon_from"]:
            noon = self.pb["afternoon_thank_you"]
            due = at_local(next_day, noon["window_end"], tz)
            send_at = at_local(next_day, noon["window_start"], tz)
            reason = (f"{what}; an afternoon interview: schedule it for the next business morning, "
                      f"{next_day:%a %-d %b} {noon['window_start']:%H:%M}-{noon['window_end']:%H:%M}.")
            name, source = "afternoon_thank_you", noon.source
        else:
            due = plus(end, rule["due_within"], tz)
            reason = f"{what}; due within {_hours(rule['due_within'])} of its end."
            name, source = "thank_you", rule.source
        item = self.draft(key, MessageKind.THANK_YOU, person, opportunity_id=opp.id,
                          interview_id=interview.id, earliest=earliest, due=max(due, earliest),
                          latest=None, rule=name, reason=reason, send_at=send_at)
        if item is not None:
            item.source = source
            if self.now > plus(end, rule["late_after"], tz):
                item.notes.append(
                    f"late: say 'thank you for our conversation on {end:%A}', not 'yesterday'"
                )

    # --- status follow-ups -----------------------------------------------------------------

    def status_sequence(self, opp: Opportunity, anchor: Interview) -> datetime | None:
        """First and second follow-up, then close the loop; returns when the loop was closed."""
        person = self.contact(anchor)
        if person is None:
            return None
        people = set(self.people_of(opp))
        if self.pb["stop_on_reply"]["enabled"]:
            replies = [r for r, _ in self.ix.replies(opp.id, people) if r.received_at >= anchor.start]
            if replies:
                return None
        tz, cal = self.ix.where(person)
        keys = [f"status_check.1:o{opp.id}:p{person.id}", f"status_check.2:o{opp.id}:p{person.id}",
                f"closing_the_loop:o{opp.id}:p{person.id}"]
        first = self.ix.completion(keys[0], after=anchor.start)
        if first is None:
            self.first_status(opp, anchor, person, keys[0], tz, cal)
            return None
        if first.how == "skip":
            return None
        second_on = self.pb["second_status_check"]["enabled"]
        second = self.ix.completion(keys[1], after=anchor.start) if second_on else first
        if second is None:
            self.second_status(opp, anchor, person, keys[1], first, tz, cal)
            return None
        if second.how == "skip" or not self.pb["close_the_loop"]["enabled"]:
            return None
        closing = self.ix.completion(keys[2], after=anchor.start)
        if closing is None:
            self.close_loop(opp, person, keys[2], second, tz, cal)
            return None
        return closing.at if closing.how != "skip" else None

    def decision_date(self, anchor: Interview) -> date | None:
        stated = [d.decision_date for d in self.ix.debriefs_by_interview.get(anchor.id, ()) if d.decision_date]
        return max(stated) if stated else None

    def first_status(self, opp, anchor, person, key, tz, cal) -> None:
        rule = self.pb["status_check"]
        stated = self.decision_date(anchor)
        slow = " (slow sector: timings x{:g})".format(self.pb["slow_pace"]["factor"]) if opp.pace == Pace.SLOW else ""
        if stated is not None:
            days = self.pace(opp, rule["after_decision_date"])
            base = cal.add(stated, days)
            anchor_text = f"they said they would decide by {stated:%a %-d %b}; {days} business days after that{slow}"
        else:
            days = self.pace(opp, rule["without_date"])
            base = cal.add(anchor.end.astimezone(tz).date(), days)
            anchor_text = f"no decision date was stated; {days} business days after the interview{slow}"
        earliest, due = self.window(cal, tz, base)
        company = self.company_name(opp)
        reason = (f"Ask {person.name} about the status of {opp.role}{company}: {anchor_text}, "
                  f"in the send window.")
        self.draft(key, MessageKind.STATUS_CHECK, person, opportunity_id=opp.id,
                   interview_id=anchor.id, earliest=earliest, due=due, latest=None,
                   rule="status_check", reason=reason)

    def second_status(self, opp, anchor, person, key, first: Completion, tz, cal) -> None:
        days = self.pace(opp, self.pb["second_status_check"]["after_first"])
        base = cal.add(first.at.astimezone(tz).date(), days)
        earliest, due = self.window(cal, tz, base)
        reason = (f"No reply to your follow-up of {first.at.astimezone(tz):%a %-d %b}: ask {person.name} "
                  f"once more about {opp.role}, {days} business days later, adding something new.")
        item = self.draft(key, MessageKind.STATUS_CHECK, person, opportunity_id=opp.id,
                          interview_id=anchor.id, earliest=earliest, due=due, latest=None,
                          rule="second_status_check", reason=reason, sequence=2)
        if item is not None:
            news = self.best_news(person, first.at.astimezone(tz).date(), earliest.date())
            if news is not None:
                item.news_id = news.id
                item.notes.append(f"add something new: e.g. your news '{news.title}' (news {news.id})")
            else:
                item.notes.append("needs something new (an article, a result, a portfolio piece): "
                                  "record it with 'afterview news add' first")

    def close_loop(self, opp, person, key, second: Completion, tz, cal) -> None:
        days = self.pace(opp, self.pb["close_the_loop"]["after_second"])
        base = cal.add(second.at.astimezone(tz).date(), days)
        earliest, due = self.window(cal, tz, base)
        reason = (f"Still no reply about {opp.role}: close the loop with {person.name} politely, "
                  f"{days} business days after your last follow-up; then it counts as no response.")
        self.draft(key, MessageKind.CLOSING_THE_LOOP, person, opportunity_id=opp.id,
                   interview_id=None, earliest=earliest, due=due, latest=None,
                   rule="close_the_loop", reason=reason, sequence=3)

    def company_name(self, opp: Opportunity) -> str:
        company = self.facts.companies.get(opp.company_id)
        return f" at {company.name}" if company else ""

    # --- rejection -------------------------------------------------------------------------

    def rejection(self, opp: Opportunity, interviews: list[Interview]) -> tuple[datetime, int | None] | None:
        """When the rejection arrived and from whom, from the status or a classified reply."""
        people = set(self.people_of(opp))
        found = [(r.received_at, p) for r, p in self.ix.replies(opp.id, people)
                 if r.classification == ReplyClass.REJECTION]
        if opp.status == OpportunityStatus.REJECTED:
            found += [(c.at, None) for c in opp.history if c.status == OpportunityStatus.REJECTED]
            if not found and interviews:
                found.append((interviews[-1].end, None))
        if not found:
            return None
        found.sort(key=lambda f: (f[0], f[1] is None))
        at = found[0][0]
        sender = next((p for _, p in found if p is not None), None)
        return at, sender

    def rejection_reply(self, opp, interviews, at: datetime, sender: int | None) -> None:
        rule = self.pb["rejection_reply"]
        person = self.person(sender) if sender is not None else None
        if person is None and interviews:
            person = self.contact(interviews[-1])
        if person is None:
            return
        tz, cal = self.ix.where(person)
        received = at.astimezone(tz)
        earliest = plus(received, rule["not_before"], tz)
        due = _snap(plus(received, rule["due_within"], tz), cal, tz)
        latest = _snap(plus(due, rule["latest"] - rule["due_within"], tz), cal, tz)
        reason = (f"Reply graciously to the rejection for {opp.role}{self.company_name(opp)} "
                  f"({received:%a %-d %b}): not before {_hours(rule['not_before'])}, due within "
                  f"{_hours(rule['due_within'])}-{_hours(rule['latest'])}.")
        item = self.draft(f"rejection_reply:o{opp.id}:p{person.id}", MessageKind.REJECTION_REPLY,
                          person, opportunity_id=opp.id, interview_id=None, earliest=earliest,
                          due=max(due, earliest), latest=max(latest, due, earliest),
                          rule="rejection_reply", reason=reason)
        if item is not None and rule["feedback_request"] and not self.feedback_handled(opp.id):
            item.notes.append("include a short feedback request (one or two forward-looking points), once")

    def feedback_handled(self, opp_id: int) -> bool:
        sent = self.ix.sent_kinds_by_opp.get(opp_id, set())
        return MessageKind.FEEDBACK_REQUEST in sent or opp_id in self.ix.feedback_opps

    # --- LinkedIn --------------------------------------------------------------------------

    def linkedin_after(self, opp, when: datetime, what: str, sender: int | None) -> None:
        rule = self.pb["linkedin_connection"]
        if not rule["after_decision"]:
            return
        people = self.people_of(opp) + ([sender] if sender is not None else [])
        for person_id in dict.fromkeys(people):
            reason_tail = ("right after a rejection, together with your reply" if "rejection" in what
                           else f"after {what}")
            self.linkedin(opp, person_id, when, f"after {what}", reason_tail, "linkedin_connection")

    def linkedin_early(self, opp, interviews: list[Interview]) -> None:
        delay = self.pb["linkedin_connection"]["early_after"]
        for interview in interviews:
            for participant in interview.participants:
                when = interview.end + delay
                self.linkedin(opp, participant.person_id, when, "early (you opted in)",
                              f"{delay.days} days after the interview (you opted in to early requests)",
                              "linkedin_connection", interview.id)

    def linkedin(self, opp, person_id, when, label, tail, rule_name, interview_id=None) -> None:
        person = self.person(person_id)
        if person is None or person.connection.value != "none":
            return
        rule = self.pb["linkedin_connection"]
        tz, cal = self.ix.where(person)
        earliest = when.astimezone(tz)
        due = at_local(cal.add(earliest.date(), rule["due_business_days"]), END_OF_DAY, tz)
        limits = self.pb["linkedin_limits"]
        premium = self.facts.profile.linkedin_account == LinkedInAccount.PREMIUM
        chars = limits["premium_note_chars"] if premium else limits["free_note_chars"]
        reason = f"Connect with {person.name} on LinkedIn {tail}, with a short personal note."
        item = self.draft(f"linkedin_note:p{person.id}", MessageKind.LINKEDIN_NOTE, person,
                          opportunity_id=opp.id, interview_id=interview_id, earliest=earliest,
                          due=max(due, earliest), latest=None, rule=rule_name, reason=reason,
                          channel=Channel.LINKEDIN)
        if item is not None:
            item.notes.append(f"note limit: {chars} characters ({'Premium' if premium else 'free'} account)")

    def linkedin_dedupe(self) -> None:
        """One connection request per person: keep the earliest suggestion."""
        best: dict[str, _Draft] = {}
        for item in self.drafts:
            if item.kind == MessageKind.LINKEDIN_NOTE:
                if item.key not in best or item.earliest < best[item.key].earliest:
                    best[item.key] = item
        self.drafts = [d for d in self.drafts if d.kind != MessageKind.LINKEDIN_NOTE or best[d.key] is d]

    # --- keep warm and share news ----------------------------------------------------------

    def relevant_news(self, person: Person) -> list[tuple[NewsItem, list[str]]]:
        tokens = self.ix.tokens(person)
        found = []
        for news in self.facts.news:
            company = news.company_id is not None and news.company_id == person.company_id
            hits = matches(news.tags, tokens)
            if company or hits:
                found.append((news, hits or ["their company"]))
        return found

    def best_news(self, person: Person, since: date, by: date) -> NewsItem | None:
        """The most relevant news item that happened after `since` and is still fresh by `by`."""
        max_age = self.pb["share_news"]["max_age"]
        fresh = [(len(h), n.happened_on, -(n.id or 0), n) for n, h in self.relevant_news(person)
                 if since < n.happened_on and (by - n.happened_on) <= max_age]
        return max(fresh, key=lambda f: f[:3])[3] if fresh else None

    def keep_warm(self, opp: Opportunity, person_id: int, closed_at: datetime) -> None:
        person = self.person(person_id)
        if person is None:
            return
        rule = self.pb["keep_warm"]
        tz, cal = self.ix.where(person)
        previous, n = closed_at, 1
        stop = closed_at + rule["stop_after"]
        while n < 100:
            key = f"keep_warm.{n}:o{opp.id}:p{person.id}"
            done = self.ix.completion(key)
            if done is not None:
                previous, n = max(done.at, previous), n + 1
                continue
            window = plus(previous, rule["first_after"] if n == 1 else rule["every"], tz)
            if window > stop:
                return
            self.keep_warm_touch(opp, person, key, n, previous, window, stop, tz, cal)
            return

    def keep_warm_touch(self, opp, person, key, n, previous, window, stop, tz, cal) -> None:
        max_age = self.pb["share_news"]["max_age"]
        options = []
        for news, hits in self.relevant_news(person):
            start = max(window, at_local(news.happened_on, MORNING, tz))
            if news.happened_on <= previous.astimezone(tz).date() - max_age or start > stop:
                continue
            if (start.date() - news.happened_on) > max_age:
                continue
            options.append((start, -len(hits), news.id or 0, news, hits))
        if not options:
            return  # only with a reason: nothing to say, nothing planned
        start, _, _, news, hits = min(options, key=lambda o: o[:3])
        day = cal.next_business_day(start.date())
        earliest = max(start, at_local(day, MORNING, tz))
        due = at_local(cal.add(earliest.date(), self.pb["keep_warm"]["due_business_days"]), END_OF_DAY, tz)
        about = ", ".join(hits)
        reason = (f"Keep in touch with {person.name} ({opp.role}{self.company_name(opp)} closed "
                  f"{previous.astimezone(tz):%-d %b %Y}): a reason to write, '{news.title}' ({about}).")
        item = self.draft(key, MessageKind.KEEP_WARM, person, opportunity_id=opp.id,
                          interview_id=None, earliest=earliest, due=due, latest=None,
                          rule="keep_warm", reason=reason, sequence=n, news_id=news.id)
        if item is not None:
            item.notes.append("lead with the reason; no ask, or a very small one")

    def share_news(self) -> None:
        """At most one pending share-news per person, during an open process."""
        rule = self.pb["share_news"]
        last_talk: dict[int, tuple[datetime, Opportunity]] = {}
        for opp in self.facts.opportunities.values():
            if opp.status not in OPEN:
                continue
            for interview in self.ix.interviews_by_opp.get(opp.id, ()):
                for p in interview.participants:
                    if p.person_id not in last_talk or last_talk[p.person_id][0] < interview.end:
                        last_talk[p.person_id] = (interview.end, opp)
        for person_id in sorted(last_talk):
            person = self.person(person_id)
            if person is not None:
                self.share_news_to(person, *last_talk[person_id], rule)

    def share_news_to(self, person, talked: datetime, opp, rule) -> None:
        tz, cal = self.ix.where(person)
        talked_day = talked.astimezone(tz).date()
        options = []
        for news, hits in self.relevant_news(person):
            key = f"share_news:n{news.id}:p{person.id}"
            if news.happened_on <= talked_day or self.ix.completion(key) is not None:
                continue
            options.append((-len(hits), -news.happened_on.toordinal(), news.id or 0, news, hits, key))
        if not options:
            return
        _, _, _, news, hits, key = min(options, key=lambda o: o[:3])
        latest = at_local(news.happened_on + rule["max_age"], END_OF_DAY, tz)
        if self.now > latest:
            return  # no longer news
        shared = [c.at for n, _ in self.relevant_news(person)
                  if (c := self.ix.completion(f"share_news:n{n.id}:p{person.id}")) and c.how != "skip"]
        start = max(at_local(news.happened_on, MORNING, tz), plus(talked, timedelta(days=1), tz))
        if shared:
            start = max(start, at_local(cal.add(max(shared).astimezone(tz).date(), rule["interval"]), MORNING, tz))
        day = cal.next_business_day(start.date())
        earliest = max(start, at_local(day, MORNING, tz))
        due = at_local(cal.add(earliest.date(), rule["due_business_days"]), END_OF_DAY, tz)
        reason = (f"Share '{news.title}' with {person.name}: it relates to what they care about "
                  f"({', '.join(hits)}).")
        self.draft(key, MessageKind.SHARE_NEWS, person, opportunity_id=opp.id, interview_id=None,
                   earliest=earliest, due=due, latest=max(latest, due), rule="share_news",
                   reason=reason, news_id=news.id)

    # --- moving drafts later ---------------------------------------------------------------

    def move(self, item: _Draft, not_before: datetime, note: str) -> None:
        """Move a draft so that it starts no earlier than `not_before`, keeping its shape."""
        if item.earliest >= not_before:
            return
        tz, cal = item.tz, item.cal
        if item.kind in WINDOW_KINDS:
            local = not_before.astimezone(tz)
            day = local.date() if local.time() <= self.pb["send_window"]["start"] else local.date() + timedelta(days=1)
            earliest, due = self.window(cal, tz, day)
            item.earliest, item.due = earliest, due
        else:
            shift = not_before - item.earliest
            item.earliest = not_before.astimezone(tz)
            item.due = _snap(plus(item.due, shift, tz), cal, tz)
            if item.latest is not None:
                item.latest = _snap(plus(item.latest, shift, tz), cal, tz)
        if item.send_at is not None and item.send_at < item.earliest:
            item.send_at = item.earliest
        item.notes.append(note)

    def apply_snooze(self, item: _Draft) -> None:
        until = self.ix.snoozed_until(item.key)
        if until is not None:
            self.move(item, until, f"snoozed until {until.astimezone(item.tz):%a %-d %b %H:%M}")

    def apply_out_of_office(self) -> None:
        rule = self.pb["out_of_office"]
        for item in self.drafts:
            replies = self.ix.auto_replies_by_person.get(item.person.id)
            if not replies:
                continue
            last = max(replies, key=lambda r: (r.received_at, r.id or 0))
            if any(r.received_at > last.received_at for r, _ in self.ix.replies_by_person.get(item.person.id, ())):
                continue  # they wrote since: they are back
            cal, tz = item.cal, item.tz
            if last.return_date is not None:
                back = cal.add(last.return_date, rule["after_return"])
                note = f"postponed: out of office until {last.return_date:%a %-d %b}"
            else:
                back = cal.add(last.received_at.astimezone(tz).date(), rule["without_date"])
                note = "postponed: out of office (no return date given)"
            self.move(item, at_local(back, MORNING, tz), note)

    def apply_spacing(self) -> None:
        rule = self.pb["spacing"]
        gap, exempt = rule["business_days"], {MessageKind(k) for k in rule["exempt"]}
        by_person: dict[int, list[_Draft]] = {}
        for item in self.drafts:
            by_person.setdefault(item.person.id, []).append(item)
        for person_id, items in by_person.items():
            subject = sorted((i for i in items if i.kind not in exempt), key=lambda i: (i.earliest, i.key))
            if not subject:
                continue
            tz, cal = subject[0].tz, subject[0].cal
            taken = [m.astimezone(tz).date() for m in self.ix.outgoing_by_person.get(person_id, ())]
            taken += [self.effective(i).date() for i in items if i.kind in exempt]
            for item in subject:
                self.space_one(item, taken, gap, tz, cal)
                taken.append(self.effective(item).date())

    def effective(self, item: _Draft) -> datetime:
        """When it can go out at the soonest: its earliest, or now when that has passed."""
        return max(item.earliest, self.now).astimezone(item.tz)

    def space_one(self, item: _Draft, taken: list[date], gap: int, tz, cal: BusinessDays) -> None:
        for _ in range(50):
            day = self.effective(item).date()
            clashes = [d for d in taken if (d <= day < cal.add(d, gap)) or (day <= d < cal.add(day, gap))]
            if not clashes:
                return
            target = cal.add(max(clashes), gap)
            self.move(item, at_local(target, MORNING, tz),
                      f"moved: keeps {gap} business days after another message to {item.person.name}")

    def apply_linkedin_cap(self) -> None:
        profile = self.facts.profile
        if profile.linkedin_account == LinkedInAccount.PREMIUM:
            return
        cap = self.pb["linkedin_limits"]["free_monthly_invitations"]
        used: dict[tuple[int, int], int] = {}
        for moment in self.ix.linkedin_sent:
            local = moment.astimezone(self.user_tz)
            used[(local.year, local.month)] = used.get((local.year, local.month), 0) + 1
        pending = sorted((d for d in self.drafts if d.kind == MessageKind.LINKEDIN_NOTE),
                         key=lambda d: (d.earliest, d.key))
        for item in pending:
            moment = self.effective(item).astimezone(self.user_tz)
            month = (moment.year, moment.month)
            while used.get(month, 0) >= cap:
                month = (month[0] + (month[1] == 12), month[1] % 12 + 1)
            if month != (moment.year, moment.month):
                first = item.cal.next_business_day(date(month[0], month[1], 1))
                self.move(item, at_local(first, MORNING, item.tz),
                          f"queued: monthly LinkedIn invitation cap reached ({cap} personalised "
                          "invitations a month on a free account); or send it without a note")
            used[month] = used.get(month, 0) + 1

    # --- the result ------------------------------------------------------------------------

    def finish(self, item: _Draft) -> Action:
        due = _snap(item.due, item.cal, item.tz)
        latest = _snap(item.latest, item.cal, item.tz) if item.latest is not None else None
        if self.now < item.earliest:
            state = "upcoming"
        elif self.now <= due:
            state = "due"
        else:
            state = "overdue"
        rule = self.pb[item.rule]
        source = item.source or rule.source
        return Action(
            key=item.key, kind=item.kind, person_id=item.person.id, opportunity_id=item.opportunity_id,
            interview_id=item.interview_id, channel=item.channel, earliest=item.earliest, due=due,
            latest=latest, state=state, rule=item.rule, reason=item.reason, source=source,
            sequence=item.sequence, note="; ".join(dict.fromkeys(item.notes)),
            message_id=self.ix.in_progress(item.key), news_id=item.news_id, send_at=item.send_at,
        )


def _snap(moment: datetime, cal: BusinessDays, tz: ZoneInfo) -> datetime:
    """The same wall time on the next business day when `moment` falls on a day off."""
    local = moment.astimezone(tz)
    day = cal.next_business_day(local.date())
    return local if day == local.date() else at_local(day, local.time(), tz)


def _hours(delta: timedelta) -> str:
    hours = delta.total_seconds() / 3600
    return f"{hours:g} h" if hours < 72 else f"{delta.days} days"


def _non_business_reason(day: date, next_day: date, cal: BusinessDays) -> str:
    holiday = cal.holiday_name(next_day)
    if holiday:
        return f"the next day is a public holiday ({holiday})"
    if day.weekday() == 4:
        return "a Friday interview"
    return "the next day is not a business day"


def plan(facts: Facts, playbook: Playbook, now: datetime) -> list[Action]:
    """Every open action as of `now`, sorted by due time: pure and deterministic."""
    return _Planner(facts, playbook, now).run()
