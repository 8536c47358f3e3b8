"""A decision taken back the same day loses nothing (Hypothesis, on the timelines of
test_properties).

For any timeline, a status recorded and taken back on the same day in the user's zone (the
status before it set again: a "rejected" on the wrong process, an outcome clicked by mistake)
gives the very plan that never recording it gives, at every moment after the take-back: the
same actions, keys, times and reasons. Found by a tester: a late thank-you was dropped by a
withdrawal taken back at once.
"""

from __future__ import annotations

import copy
import random
from datetime import datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from afterview.domain.model import IN_PROCESS_STATUSES, OpportunityStatus, ReplyClass, StatusChange
from afterview.planner import DEFAULT_PLAYBOOK, plan, plan_due
from afterview.planner.facts import safe_zone

from tests.planner.test_properties import OTHER_PLAYBOOK, SETTINGS, START, timelines

EVERY_STATUS = list(OpportunityStatus)


def phase(status):
    return None if status in IN_PROCESS_STATUSES else status


def taken_back(w, rng: random.Random, now: datetime):
    """The timeline's facts as they are (each process given a first change, as `opportunity add`
    records one), and a copy in which one process had a status recorded and taken back the
    same day; the moment of the take-back. None when there is no room for one."""
    for opp in w.facts.opportunities.values():
        if not opp.history or opp.history[0].at >= START:
            opp.history.insert(0, StatusChange(status=OpportunityStatus.APPLIED, at=START - timedelta(days=30)))
    opp = rng.choice(sorted(w.facts.opportunities.values(), key=lambda o: o.id))
    home = safe_zone(w.facts.profile.timezone, "UTC")
    moment = START + (now - START) * rng.random()
    local = moment.astimezone(home)
    end_of_day = local.replace(hour=23, minute=59, second=0, microsecond=0)
    back_at = moment + (end_of_day - local) * rng.random()
    history = opp.history
    place = sum(1 for change in history if change.at <= moment)
    if any(change.at.astimezone(home).date() == local.date() for change in history):
        # A change of its own that day makes the slip one of two readings ("rejected,
        # interviewing, rejected" the same day: which was the slip?); in_force reads them in
        # the order recorded, tested on its own (test_taken_back).
        return None
    before = history[place - 1].status
    status = rng.choice([s for s in EVERY_STATUS if phase(s) != phase(before)])
    back = before
    if phase(before) is None:
        back = rng.choice(sorted(IN_PROCESS_STATUSES))  # applied and interviewing are one
    people = sorted(w.facts.people)
    teller = rng.choice([None, *people]) if status in (OpportunityStatus.REJECTED, OpportunityStatus.OFFER) else None
    mistaken = copy.deepcopy(w.facts)
    changed = mistaken.opportunities[opp.id]
    changed.history[place:place] = [StatusChange(status=status, at=moment, note="outcome: by mistake",
                                                 person_id=teller),
                                    StatusChange(status=back, at=back_at)]
    if place == len(history):
        changed.status = back
    if phase(before) is None and status.is_closed:
        # Setting a process open again after a closing says that what came before no longer
        # says no: a rejection email before it is set aside however soon it came (the reason
        # to take a closing back, when they called back). Such emails are left out of both.
        for facts in (w.facts, mistaken):
            for reply in facts.inbound:
                if reply.classification == ReplyClass.REJECTION and reply.received_at <= back_at:
                    reply.classification = ReplyClass.OTHER
    return w.facts, mistaken, back_at


@SETTINGS
@given(timelines(), st.integers(0, 2**32))
def test_a_status_taken_back_the_same_day_gives_the_plan_of_never_recording_it(timeline, seed):
    w, now, _ = timeline
    rng = random.Random(seed)
    found = taken_back(w, rng, now)
    if found is None:
        return
    facts, mistaken, back_at = found
    for moment in (back_at, back_at + timedelta(minutes=1), back_at + timedelta(hours=rng.randint(1, 24 * 20)),
                   max(now, back_at), back_at + timedelta(days=rng.randint(20, 120))):
        for playbook in (DEFAULT_PLAYBOOK, OTHER_PLAYBOOK):
            assert plan(mistaken, playbook, moment) == plan(facts, playbook, moment), moment
        assert plan_due(mistaken, DEFAULT_PLAYBOOK, moment) == plan_due(facts, DEFAULT_PLAYBOOK, moment)


def test_the_property_meets_closings_that_drop_something_when_kept():
    """The generator reaches timelines where the decision, kept, changes the plan (so the
    property above means something): a good part of them."""
    differ = [0, 0]

    @SETTINGS
    @given(timelines(), st.integers(0, 2**32))
    def count(timeline, seed):
        w, now, _ = timeline
        rng = random.Random(seed)
        found = taken_back(w, rng, now)
        if found is None:
            return
        facts, mistaken, back_at = found
        kept = copy.deepcopy(mistaken)
        for opp in kept.opportunities.values():
            for i, change in enumerate(opp.history):
                if change.note == "outcome: by mistake":
                    del opp.history[i + 1]  # never taken back
                    opp.status = change.status if i == len(opp.history) - 1 else opp.status
                    break
        differ[1] += 1
        moment = max(now, back_at) + timedelta(hours=1)
        differ[0] += plan(kept, DEFAULT_PLAYBOOK, moment) != plan(facts, DEFAULT_PLAYBOOK, moment)

    count()
    assert differ[1] >= 30 and differ[0] >= differ[1] // 4, differ
