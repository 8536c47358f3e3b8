"""Spacing between a status follow-up (or closing the loop) and news to the same person.

A status follow-up or closing the loop never waits for a piece of news; the news waits for
them. And the plan holds as time passes: what it says on Monday morning about Thursday still
holds on Monday afternoon, and on Thursday, unless a fact changed. Before, a share that came
due first pushed the follow-up to the next week until the follow-up's own window opened, and
then the two swapped places.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from afterview.domain.model import DecisionKind, InboundKind, MessageKind, OpportunityStatus, Role, StatusChange
from afterview.planner import DEFAULT_PLAYBOOK, plan

from tests.planner.builders import World, at, by_key
from tests.planner.test_after_decision import assert_plan_due_is_the_due_part, recruiter_world

NY = "America/New_York"


def follow_up_and_share(actions):
    [follow_up] = [a for a in actions if a.kind in (MessageKind.STATUS_CHECK, MessageKind.CLOSING_THE_LOOP)]
    [share] = [a for a in actions if a.kind == MessageKind.SHARE_NEWS]
    return follow_up, share


def test_a_first_follow_up_keeps_its_day_while_news_due_before_it_waits():
    # Berlin. Interview Tue 1 Dec, thanked: the first follow-up is Thu 10 Dec 09:30-11:30.
    # News for Rita on Tue 8 Dec: alone, shared from Tue 8 09:00, within 3 business days of Thu.
    w, opp, interview, rita = recruiter_world()
    w.news("Kafka certificate", date(2026, 12, 8), ["kafka"])
    moments = ["2026-12-07 09:00", "2026-12-07 15:00", "2026-12-08 08:00", "2026-12-08 10:00",
               "2026-12-09 10:00", "2026-12-10 08:00", "2026-12-10 10:00"]
    for moment in moments:
        actions = assert_plan_due_is_the_due_part(w, DEFAULT_PLAYBOOK, at(moment))
        follow_up, share = follow_up_and_share(actions)
        assert follow_up.earliest == at("2026-12-10 09:30") and follow_up.note == "", moment
        # Thu 10 + 3 business days: Tue 15, at every moment (before, Tue 8 and the follow-up
        # on Tue 15, until Thu 10 10:00 swapped them)
        assert share.earliest == at("2026-12-15 09:00") and share.state == "upcoming", moment
        assert "keeps 3 business days after another message to Rita Cole" in share.note, moment
        assert follow_up.state == ("due" if moment == "2026-12-10 10:00" else "upcoming"), moment
    # the follow-up left unsent: the news waits for it, never the other way round
    follow_up, share = follow_up_and_share(assert_plan_due_is_the_due_part(w, DEFAULT_PLAYBOOK, at("2026-12-11 10:00")))
    assert follow_up.state == "overdue" and follow_up.earliest == at("2026-12-10 09:30")
    assert share.earliest == at("2026-12-16 09:00")  # Fri 11 + 3
    # sent on Thu: the second follow-up is what comes next (no share of its own beside it)
    w.sent(follow_up.key, MessageKind.STATUS_CHECK, rita, at("2026-12-10 10:15"), opp)
    for moment in ("2026-12-10 11:00", "2026-12-15 10:00"):
        [second] = assert_plan_due_is_the_due_part(w, DEFAULT_PLAYBOOK, at(moment))
        assert second.sequence == 2 and second.earliest == at("2026-12-22 09:30"), moment


def test_a_thank_you_not_sent_yet_holds_the_same_days_before_and_after_it_can_go():
    # Interview Tue 1 Dec 10:00-11:00 in Berlin: the thank-you can go from 12:00, due Wed 2
    # 11:00. News for Rita on Fri 4 Dec: Tue + 3 business days is Fri, Wed + 3 is Mon. Before,
    # the share was planned for Fri 4 at 11:30 (the note held Tuesday, its start) and for Mon 7
    # at 12:30 (it held Wednesday, its due day); it holds both days all along.
    w, opp, interview, rita = recruiter_world(thanked=False)
    news = w.news("Kafka certificate", date(2026, 12, 4), ["kafka"])
    for moment in ("2026-12-01 09:00", "2026-12-01 11:30", "2026-12-01 12:30", "2026-12-02 10:00"):
        share = by_key(assert_plan_due_is_the_due_part(w, DEFAULT_PLAYBOOK, at(moment)))[f"share_news:n{news.id}:p{rita.id}"]
        assert share.earliest == at("2026-12-07 09:00") and "3 business days" in share.note, moment


def closing_world():
    """A recruiter in New York (the user in Berlin) who did not answer two follow-ups; closing
    the loop is Wed 9 Dec 09:30 their time (Tue 24 Nov + 10 business days, Thanksgiving off)."""
    w = World()
    acme = w.company()
    rita = w.person("Rita Cole", acme, tags=["kafka"], timezone=NY, country="US")
    opp = w.opportunity(acme)
    interview = w.interview(opp, at("2026-11-03 10:00", NY), at("2026-11-03 11:00", NY), rita,
                            roles={rita.id: Role.RECRUITER})
    ids = f"o{opp.id}:i{interview.id}:p{rita.id}"
    w.sent(f"thank_you:i{interview.id}:p{rita.id}", MessageKind.THANK_YOU, rita, at("2026-11-03 15:00", NY), opp)
    w.sent(f"status_check.1:{ids}", MessageKind.STATUS_CHECK, rita, at("2026-11-12 10:00", NY), opp)
    w.sent(f"status_check.2:{ids}", MessageKind.STATUS_CHECK, rita, at("2026-11-24 10:00", NY), opp)
    return w, opp, rita, f"closing_the_loop:{ids}"


def test_closing_the_loop_in_another_zone_keeps_its_day_while_news_waits():
    # News for Rita on Mon 7 Dec: alone, shared from 09:00 New York time (15:00 in Berlin); after
    # her second follow-up it waits for the loop to be closed, then share_news.interval more.
    w, opp, rita, closing_key = closing_world()
    w.news("Kafka certificate", date(2026, 12, 7), ["kafka"])
    # the user's own clock (Berlin): Mon morning, before the news can go; Mon afternoon and
    # evening, when it could; Tue; Wed before and inside the window (09:30 New York: 15:30 here)
    moments = ["2026-12-07 09:00", "2026-12-07 16:00", "2026-12-07 22:00", "2026-12-08 16:00",
               "2026-12-09 15:00", "2026-12-09 16:00"]
    for moment in moments:
        actions = assert_plan_due_is_the_due_part(w, DEFAULT_PLAYBOOK, at(moment))
        [closing] = actions  # no news beside it
        assert closing.key == closing_key
        assert closing.earliest == at("2026-12-09 09:30", NY) and closing.note == "", moment
        assert closing.state == ("due" if moment == "2026-12-09 16:00" else "upcoming"), moment
    w.sent(closing_key, MessageKind.CLOSING_THE_LOOP, rita, at("2026-12-09 10:00", NY), opp)
    share = next(a for a in plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-10 10:00")) if a.kind == MessageKind.SHARE_NEWS)
    assert share.earliest == at("2026-12-18 09:00", NY)  # Wed 9 + 7 business days


def test_a_due_share_waits_for_a_follow_up_snoozed_or_postponed_into_its_reach():
    # The follow-up's own moves (a snooze, an out-of-office reply) come first; the news is
    # then kept apart from where the follow-up went.
    w, opp, interview, rita = recruiter_world()
    w.news("Kafka certificate", date(2026, 12, 8), ["kafka"])
    key = f"status_check.1:o{opp.id}:i{interview.id}:p{rita.id}"
    w.decide(key, DecisionKind.SNOOZE, at("2026-12-07 09:00"), until=at("2026-12-16 10:00"))
    for moment in ("2026-12-08 10:00", "2026-12-10 10:00", "2026-12-11 10:00"):
        follow_up, share = follow_up_and_share(assert_plan_due_is_the_due_part(w, DEFAULT_PLAYBOOK, at(moment)))
        assert follow_up.earliest == at("2026-12-16 10:00"), moment  # inside Wed's window: from then
        # Tue 8 is 3 business days before Wed 16 (Tue 8 + 3 = Fri 11): the share goes now
        assert share.earliest == at("2026-12-08 09:00") and share.state == "due", moment
    w.reply(rita, at("2026-12-09 08:00"), kind=InboundKind.AUTO_REPLY, return_date=date(2026, 12, 10))
    # back Thu 10 + 1 business day: everything waits for Fri 11, then the follow-up the
    # window after its snooze; the share goes first (Fri 11), 3 business days before Wed 16
    follow_up, share = follow_up_and_share(assert_plan_due_is_the_due_part(w, DEFAULT_PLAYBOOK, at("2026-12-09 10:00")))
    assert follow_up.earliest == at("2026-12-16 10:00")
    assert share.earliest == at("2026-12-11 09:00") and share.state == "upcoming"


def random_world(seed: int):
    """A recruiter (sometimes in another zone) in one or two open processes, news on random
    days, sometimes an early LinkedIn request, an out-of-office reply or a snooze."""
    rng = random.Random(seed)
    zone, country = rng.choice([("Europe/Berlin", "DE"), (NY, "US"), ("Asia/Tokyo", "JP")])
    w = World(opt_in_early_linkedin=rng.random() < 0.5)
    acme = w.company()
    rita = w.person("Rita Cole", acme, tags=["kafka"], timezone=zone, country=country)
    dana = w.person("Dana Reyes", acme, tags=["kafka"])
    start = at("2026-11-02 09:00")
    for n in range(rng.randint(1, 2)):
        opp = w.opportunity(acme, role=f"Role {n}")
        begin = start + timedelta(days=rng.randint(0, 20), hours=rng.randint(0, 8))
        interview = w.interview(opp, begin, begin + timedelta(hours=1), rita, dana,
                                roles={rita.id: Role.RECRUITER})
        if rng.random() < 0.7:
            w.sent(f"thank_you:i{interview.id}:p{rita.id}", MessageKind.THANK_YOU, rita,
                   begin + timedelta(hours=3), opp)
        if rng.random() < 0.3:
            sent = begin + timedelta(days=rng.randint(8, 14))
            w.sent(f"status_check.1:o{opp.id}:i{interview.id}:p{rita.id}", MessageKind.STATUS_CHECK, rita, sent, opp)
        if rng.random() < 0.3:
            key = f"status_check.1:o{opp.id}:i{interview.id}:p{rita.id}"
            moment = begin + timedelta(days=rng.randint(2, 10))
            w.decide(key, DecisionKind.SNOOZE, moment, until=moment + timedelta(days=rng.randint(1, 6), hours=rng.randint(0, 12)))
    if rng.random() < 0.2:
        other = w.opportunity(acme, role="Closed", status=OpportunityStatus.REJECTED)
        other.history.append(StatusChange(status=OpportunityStatus.REJECTED, at=start + timedelta(days=rng.randint(0, 25))))
        w.interview(other, start - timedelta(days=20), start - timedelta(days=20) + timedelta(hours=1), rita)
    for _ in range(rng.randint(1, 4)):
        w.news(f"News {rng.random():.4f}", date(2026, 11, 10) + timedelta(days=rng.randint(0, 40)), ["kafka"])
    if rng.random() < 0.3:
        received = start + timedelta(days=rng.randint(5, 30))
        w.reply(rita, received, kind=InboundKind.AUTO_REPLY,
                return_date=(received + timedelta(days=rng.randint(1, 6))).date() if rng.random() < 0.7 else None)
    return w, rng


@pytest.mark.parametrize("seed", range(40))
def test_plan_due_lists_what_plan_lists_with_follow_ups_and_news_to_one_person(seed):
    """plan_due makes a later follow-up only for someone with a due message it may move: the
    due part of plan, and the count of the rest, all the same."""
    w, rng = random_world(seed)
    spaced = 0
    for playbook in (DEFAULT_PLAYBOOK, DEFAULT_PLAYBOOK.override({"spacing": {"business_days": 5}}, "test"),
                     DEFAULT_PLAYBOOK.override({"spacing": {"exempt": ["rejection_reply"]}}, "test")):
        moment = at("2026-11-09 07:00")
        while moment < at("2027-01-15 00:00"):
            actions = assert_plan_due_is_the_due_part(w, playbook, moment)
            # kept apart by spacing, or a share held back by the follow-up that names its news
            spaced += sum("business days after another message" in a.note or "waits:" in a.note for a in actions)
            moment += timedelta(hours=rng.choice([5, 7, 11, 23]))
    assert spaced  # the worlds do make follow-ups and news meet


def test_the_plan_of_a_follow_up_and_news_holds_from_morning_to_afternoon():
    """What plan says at 09:00 about later days still holds at 15:00 (no fact changed)."""
    checked = 0
    for seed in range(40):
        w, _ = random_world(seed)
        day = date(2026, 11, 9)
        while day < date(2027, 1, 8):
            morning = by_key(plan(w.facts, DEFAULT_PLAYBOOK, at(f"{day} 09:00")))
            afternoon = by_key(plan(w.facts, DEFAULT_PLAYBOOK, at(f"{day} 15:00")))
            for key, action in morning.items():
                if action.earliest.astimezone(at("2026-01-01 00:00").tzinfo).date() > day and key in afternoon:
                    later = afternoon[key]
                    assert (later.earliest, later.due) == (action.earliest, action.due), (seed, day, key)
                    checked += 1
            day += timedelta(days=1)
    assert checked


def test_plan_due_sees_a_linkedin_request_that_moves_a_later_follow_up_off_a_due_share():
    """A LinkedIn request is exempt from spacing and holds its days. One starting 3 business
    days after today moves nothing due today by itself, but it moves a follow-up on Wednesday
    to the next week, and with it out of the way the share due today stays due: plan_due must
    make that request too, as it makes the follow-up. (An early request, snoozed to Thu 10: a
    request after another process's decision waits while Rita's process here is open.)"""
    w = World(opt_in_early_linkedin=True)
    acme = w.company()
    rita = w.person("Rita Cole", acme, tags=["kafka"])
    opp = w.opportunity(acme)  # interview Mon 30 Nov: first follow-up Wed 9 Dec, 7 business days on
    interview = w.interview(opp, at("2026-11-30 10:00"), at("2026-11-30 11:00"), rita, roles={rita.id: Role.RECRUITER})
    w.sent(f"thank_you:i{interview.id}:p{rita.id}", MessageKind.THANK_YOU, rita, at("2026-11-30 15:00"), opp)
    w.decide(f"linkedin_note:p{rita.id}", DecisionKind.SNOOZE, at("2026-12-01 09:00"),
             until=at("2026-12-10 10:00"))  # a request Thu 10
    news = w.news("Kafka certificate", date(2026, 12, 7), ["kafka"])
    actions = by_key(assert_plan_due_is_the_due_part(w, DEFAULT_PLAYBOOK, at("2026-12-07 10:00")))
    share = actions[f"share_news:n{news.id}:p{rita.id}"]
    follow_up = actions[f"status_check.1:o{opp.id}:i{interview.id}:p{rita.id}"]
    request = actions[f"linkedin_note:p{rita.id}"]
    assert request.earliest == at("2026-12-10 10:00") and request.due == at("2026-12-14 17:00")
    assert follow_up.earliest == at("2026-12-17 09:30")  # clear of the request's days, Thu 10 to Mon 14
    # due today, not five business days on (Mon 14): clear of the request's first day, Thu 10
    assert share.state == "due" and share.due == at("2026-12-07 17:00")
    assert share.note == ("due by Mon 7 Dec 17:00: keeps 3 business days before another message to Rita Cole "
                          "(on Thu 10 Dec)")
    # without the request, the follow-up keeps Wed 9 and the share waits until Mon 14
    w.facts.profile.opt_in_early_linkedin = False
    actions = by_key(assert_plan_due_is_the_due_part(w, DEFAULT_PLAYBOOK, at("2026-12-07 10:00")))
    assert f"linkedin_note:p{rita.id}" not in actions
    assert actions[follow_up.key].earliest == at("2026-12-09 09:30")
    assert actions[share.key].earliest == at("2026-12-14 09:00")
