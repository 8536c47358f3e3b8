"""Properties of the planner on generated timelines (Hypothesis).

A timeline is a small pipeline (people in several zones and countries, interviews around the
daylight-saving changes and holidays, replies, rejections, news), then a simulation: at random
moments the user sends some of what is due, marks some done, skips or snoozes others.
"""

from __future__ import annotations

import math
import random
from datetime import datetime, timedelta, timezone

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from afterview.domain.model import (
    DecisionKind,
    InboundKind,
    MessageKind,
    OpportunityStatus,
    Pace,
    ReplyClass,
    Role,
    StatusChange,
)
from afterview.planner import DEFAULT_PLAYBOOK, plan, plan_due
from afterview.domain.days import calendar
from afterview.planner.engine import OPEN
from afterview.planner.facts import Index, safe_zone

from tests.planner.builders import World

ZONES = [("Europe/Berlin", "DE"), ("America/New_York", "US"), ("Europe/London", "GB"), ("Asia/Tokyo", "JP"), ("", "")]
TAGS = ["kafka", "rust", "data pipelines", "design", "hiring"]
START = datetime(2026, 10, 15, tzinfo=timezone.utc)  # covers both DST changes, Thanksgiving, Christmas
STATUS_KINDS = (MessageKind.STATUS_CHECK, MessageKind.CLOSING_THE_LOOP)
KEEPS_STOPPED = (ReplyClass.REJECTION, ReplyClass.OFFER, ReplyClass.NEEDS_REVIEW)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def timelines(draw):
    home_tz, home_country = draw(st.sampled_from(ZONES[:4]))
    w = World(tz=home_tz, country=home_country, opt_in_early_linkedin=draw(st.booleans()))
    rng = random.Random(draw(st.integers(0, 2**32)))
    companies = [w.company(f"C{n}") for n in range(draw(st.integers(1, 2)))]
    people = []
    for n in range(draw(st.integers(1, 5))):
        tz, country = rng.choice(ZONES)
        people.append(w.person(f"Person {n}", rng.choice(companies), timezone=tz, country=country,
                               tags=rng.sample(TAGS, rng.randint(0, 2)),
                               do_not_contact=rng.random() < 0.1))
    hours = lambda: timedelta(hours=rng.randint(0, 24 * 90))  # noqa: E731
    for n in range(draw(st.integers(1, 3))):
        opp = w.opportunity(rng.choice(companies), role=f"Role {n}", pace=rng.choice(list(Pace)))
        for _ in range(rng.randint(0, 2)):
            start = START + hours()
            panel = rng.sample(people, rng.randint(1, min(3, len(people))))
            roles = {p.id: rng.choice(list(Role)) for p in panel}
            interview = w.interview(opp, start, start + timedelta(minutes=rng.choice([30, 60, 90])), *panel,
                                    roles=roles)
            if rng.random() < 0.4:
                w.debrief(interview, panel[0], topics=rng.sample(TAGS, 1),
                          decision_date=(start + timedelta(days=rng.randint(1, 20))).date())
        if rng.random() < 0.2:
            status = rng.choice([OpportunityStatus.REJECTED, OpportunityStatus.WITHDRAWN,
                                 OpportunityStatus.ACCEPTED, OpportunityStatus.OFFER, OpportunityStatus.NO_RESPONSE])
            opp.status = status
            opp.history.append(StatusChange(status=status, at=START + hours()))
    for _ in range(rng.randint(0, 4)):
        person = rng.choice(people)
        kind = rng.choice([InboundKind.REPLY, InboundKind.AUTO_REPLY])
        opp = rng.choice([None, *w.facts.opportunities.values()])
        received = START + hours()
        w.reply(person, received, opp, kind=kind,
                classification=rng.choice(list(ReplyClass)) if kind == InboundKind.REPLY else ReplyClass.OTHER,
                return_date=(received + timedelta(days=rng.randint(1, 10))).date() if rng.random() < 0.5 else None)
    for _ in range(rng.randint(0, 3)):
        w.news(f"News {rng.random():.3f}", (START + hours()).date(), rng.sample(TAGS, 1),
               company_id=rng.choice([None, companies[0].id]))
    now = START + hours()
    simulate(w, rng, now)
    return w, now, rng


def simulate(w: World, rng: random.Random, until: datetime) -> None:
    """The user acts on the plan at a few moments up to `until`."""
    moment = START
    while True:
        moment += timedelta(hours=rng.randint(6, 24 * 6))
        if moment >= until:
            return
        for action in plan(w.facts, DEFAULT_PLAYBOOK, moment):
            if action.state == "upcoming":
                continue
            roll = rng.random()
            person = w.facts.people[action.person_id]
            if roll < 0.5:
                w.sent(action.key, action.kind, person, moment, w.facts.opportunities.get(action.opportunity_id))
            elif roll < 0.6:
                w.decide(action.key, DecisionKind.DONE, moment)
            elif roll < 0.65:
                w.decide(action.key, DecisionKind.SKIP, moment, note="no")
            elif roll < 0.75:
                w.decide(action.key, DecisionKind.SNOOZE, moment, until=moment + timedelta(days=rng.randint(1, 5)))


def where(w: World, person_id: int):
    person = w.facts.people[person_id]
    profile = w.facts.profile
    tz = safe_zone(person.timezone, profile.timezone)
    return tz, calendar(person.country or profile.country)


@SETTINGS
@given(timelines())
def test_nothing_is_due_on_a_weekend_or_holiday_of_the_recipient(timeline):
    w, now, _ = timeline
    for action in plan(w.facts, DEFAULT_PLAYBOOK, now):
        tz, cal = where(w, action.person_id)
        local = action.due.astimezone(tz)
        assert cal.is_business_day(local.date()), (action.key, local)
        assert action.earliest <= action.due
        assert action.latest is None or action.due <= action.latest


@SETTINGS
@given(timelines())
def test_never_two_outgoing_messages_to_one_person_within_the_spacing(timeline):
    w, now, _ = timeline
    gap = DEFAULT_PLAYBOOK["spacing"]["business_days"]
    exempt = set(DEFAULT_PLAYBOOK["spacing"]["exempt"])
    actions = plan(w.facts, DEFAULT_PLAYBOOK, now)
    index = Index(w.facts, w.facts.profile.timezone, w.facts.profile.country)
    for action in actions:
        if action.kind.value in exempt:
            continue
        tz, cal = where(w, action.person_id)
        mine = max(action.earliest, now).astimezone(tz).date()
        others = [m.astimezone(tz).date() for m in index.outgoing_by_person.get(action.person_id, ())]
        others += [max(o.earliest, now).astimezone(tz).date() for o in actions
                   if o.person_id == action.person_id and o.key != action.key
                   and (o.kind.value not in exempt or o.earliest > now)]
        # an exempt action that is due but unsent counts on its due day
        others += [o.due.astimezone(tz).date() for o in actions
                   if o.person_id == action.person_id and o.kind.value in exempt and o.earliest <= now]
        for other in others:
            low, high = min(mine, other), max(mine, other)
            assert high >= cal.add(low, gap), (action.key, mine, other)


@SETTINGS
@given(timelines())
def test_nothing_is_planned_after_a_stop_condition(timeline):
    w, now, _ = timeline
    actions = plan(w.facts, DEFAULT_PLAYBOOK, now)
    index = Index(w.facts, w.facts.profile.timezone, w.facts.profile.country)
    for action in actions:
        assert not w.facts.people[action.person_id].do_not_contact
        opp = w.facts.opportunities.get(action.opportunity_id)
        if opp is None:
            continue
        if opp.status in (OpportunityStatus.WITHDRAWN, OpportunityStatus.NO_RESPONSE):
            assert action.kind == MessageKind.KEEP_WARM, action.key
        if opp.status == OpportunityStatus.ACCEPTED:
            assert action.kind == MessageKind.LINKEDIN_NOTE, action.key
        # a rejection email counts unless you did not confirm it and an interview of the process
        # has taken place since it came (old mail, or one misplaced: see engine.rejection)
        held = [i.start for i in index.interviews_by_opp.get(opp.id, ()) if i.start <= now]
        rejected = opp.status == OpportunityStatus.REJECTED or opp.status in OPEN and any(
            r.classification == ReplyClass.REJECTION and (r.confirmed or not held or r.received_at >= max(held))
            for r, _ in index.replies_by_opp.get(opp.id, ()))
        if rejected:
            assert action.kind not in (MessageKind.THANK_YOU, *STATUS_KINDS), action.key
            handled = [k for k in index.messages_by_key if k.startswith(f"rejection_reply:o{opp.id}:")]
            if any(index.completion(k) for k in handled):
                assert action.kind in (MessageKind.KEEP_WARM, MessageKind.LINKEDIN_NOTE), action.key
        if action.kind in STATUS_KINDS:
            anchor = w.facts.interviews[action.interview_id]
            people = {p.person_id for i in index.interviews_by_opp[opp.id] for p in i.participants}
            replies = [r for r, _ in index.replies(opp.id, people) if r.received_at >= anchor.start]
            if replies:
                # only a decision date stated later than the latest reply (none saying no, bringing
                # an offer or still to review) lets it go on, and not before that date + the gap
                panel = {p.person_id for p in anchor.participants}
                stated = max((d.decision_date for d in w.facts.debriefs if d.interview_id == anchor.id
                              and d.decision_date and d.person_id in panel), default=None)
                tz, cal = where(w, action.person_id)
                latest = max(r.received_at for r in replies).astimezone(tz).date()
                assert stated is not None and stated > latest, action.key
                assert not [r for r in replies if r.classification in KEEPS_STOPPED], action.key
                gap = math.ceil(2 * (1.5 if opp.pace == Pace.SLOW else 1))
                assert action.earliest.astimezone(tz).date() >= cal.add(stated, gap), action.key
            closing = action.key.replace(action.key.split(":")[0], "closing_the_loop", 1)
            assert index.completion(closing) is None


@SETTINGS
@given(timelines())
def test_same_facts_and_now_give_the_same_plan_whatever_the_order(timeline):
    w, now, rng = timeline
    first = plan(w.facts, DEFAULT_PLAYBOOK, now)
    assert plan(w.facts, DEFAULT_PLAYBOOK, now) == first
    due, upcoming = plan_due(w.facts, DEFAULT_PLAYBOOK, now)
    assert due == [a for a in first if a.state != "upcoming"]
    assert upcoming == sum(1 for a in first if a.state == "upcoming")
    for name in ("messages", "inbound", "decisions", "news", "debriefs"):
        rng.shuffle(getattr(w.facts, name))
    assert plan(w.facts, DEFAULT_PLAYBOOK, now) == first


@SETTINGS
@given(timelines(), st.integers(1, 24 * 120))
def test_moving_now_forward_never_brings_back_a_completed_action(timeline, hours):
    w, now, _ = timeline
    index = Index(w.facts, w.facts.profile.timezone, w.facts.profile.country)
    completed = {key for key in set(index.messages_by_key) | set(index.decisions_by_key) if index.completion(key)}
    for moment in (now, now + timedelta(hours=hours)):
        keys = {a.key for a in plan(w.facts, DEFAULT_PLAYBOOK, moment)}
        assert not keys & completed


def test_generated_timelines_exercise_the_rules():
    """The generator reaches every kind of action (so the properties above mean something)."""
    seen: set[str] = set()

    @settings(max_examples=80, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
    @given(timelines())
    def collect(timeline):
        w, now, _ = timeline
        seen.update(a.kind.value for a in plan(w.facts, DEFAULT_PLAYBOOK, now))
        seen.update(m.kind.value for m in w.facts.messages)

    collect()
    assert {"thank_you", "status_check", "rejection_reply", "linkedin_note"} <= seen


OTHER_PLAYBOOK = DEFAULT_PLAYBOOK.override({
    "spacing": {"business_days": 5, "exempt": ["rejection_reply"]},
    "send_window": {"days": ["mon", "fri"], "start": "08:00", "end": "09:00"},
    "thank_you": {"due_within": "20h", "late_after": "30h"},
    "status_check": {"without_date": 5},
    "calendar": {"country": "GB"},
}, "test")


@SETTINGS
@given(timelines())
def test_properties_hold_with_another_playbook(timeline):
    w, now, _ = timeline
    gap = OTHER_PLAYBOOK["spacing"]["business_days"]
    actions = plan(w.facts, OTHER_PLAYBOOK, now)
    assert plan(w.facts, OTHER_PLAYBOOK, now) == actions
    # plan_due counts later drafts without making them; LinkedIn requests are not exempt here
    due, upcoming = plan_due(w.facts, OTHER_PLAYBOOK, now)
    assert due == [a for a in actions if a.state != "upcoming"]
    assert upcoming == sum(1 for a in actions if a.state == "upcoming")
    index = Index(w.facts, w.facts.profile.timezone, "GB")
    for action in actions:
        person = w.facts.people[action.person_id]
        tz = safe_zone(person.timezone, w.facts.profile.timezone)
        cal = calendar(person.country or "GB")
        assert cal.is_business_day(action.due.astimezone(tz).date()), action.key
        if action.kind in STATUS_KINDS:
            assert action.earliest.astimezone(tz).weekday() in (0, 4), action.key
        if action.kind == MessageKind.REJECTION_REPLY:
            continue
        mine = max(action.earliest, now).astimezone(tz).date()
        others = [m.astimezone(tz).date() for m in index.outgoing_by_person.get(action.person_id, ())]
        others += [max(o.earliest, now).astimezone(tz).date() for o in actions
                   if o.person_id == action.person_id and o.key != action.key
                   and (o.kind != MessageKind.REJECTION_REPLY or o.earliest > now)]
        for other in others:
            low, high = min(mine, other), max(mine, other)
            assert high >= cal.add(low, gap), (action.key, mine, other)
