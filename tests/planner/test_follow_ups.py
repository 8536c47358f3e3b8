"""Status follow-ups: decision date, 7 business days, second, close the loop, pace, window, DST,
stop on reply, out-of-office, spacing, snooze/skip."""

from datetime import date

from afterview.domain.model import (
    DecisionKind,
    InboundKind,
    MessageKind,
    MessageState,
    Pace,
    Role,
)
from afterview.planner import DEFAULT_PLAYBOOK, plan

from tests.planner.builders import World, at, by_key


def setup(tz="Europe/Berlin", country="DE", start="2026-12-01 10:00", end="2026-12-01 11:00",
          decision_date=None, pace=Pace.NORMAL, thanked=True):
    w = World(tz=tz, country=country)
    acme = w.company()
    rita = w.person("Rita Cole", acme)
    dana = w.person("Dana Reyes", acme, tags=["rust"])
    opp = w.opportunity(acme, pace=pace)
    interview = w.interview(opp, at(start, tz), at(end, tz), dana, rita, roles={rita.id: Role.RECRUITER})
    if decision_date:
        w.debrief(interview, dana, decision_date=decision_date, topics=["data pipelines"])
    if thanked:
        for person in (rita, dana):
            w.sent(f"thank_you:i{interview.id}:p{person.id}", MessageKind.THANK_YOU, person,
                   at("2026-01-01 09:00"), opp)  # long before: out of the way of spacing
    return w, opp, interview, rita, dana


def status(actions):
    return [a for a in actions if a.kind in (MessageKind.STATUS_CHECK, MessageKind.CLOSING_THE_LOOP)]


def test_first_follow_up_seven_business_days_after_in_the_send_window():
    w, opp, interview, rita, _ = setup()
    [first] = status(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-02 09:00")))
    assert first.key == f"status_check.1:o{opp.id}:i{interview.id}:p{rita.id}"  # to the recruiter
    # Tue 1 Dec + 7 business days = Thu 10 Dec, a Tue-Thu day: 09:30-11:30 Berlin time.
    assert first.earliest == at("2026-12-10 09:30") and first.due == at("2026-12-10 11:30")
    assert first.state == "upcoming" and first.rule == "status_check"
    assert "Indeed" in first.source


def test_stated_decision_date_plus_two_business_days():
    w, *_ = setup(decision_date=date(2026, 12, 4))  # Friday
    [first] = status(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-02 09:00")))
    assert first.earliest == at("2026-12-08 09:30")  # Mon 7 (1), Tue 8 (2)
    assert "decide by Fri 4 Dec" in first.reason


def test_window_moves_a_monday_to_tuesday():
    w, *_ = setup(decision_date=date(2026, 12, 3))  # Thu + 2 = Mon 7 Dec: outside Tue-Thu
    [first] = status(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-02 09:00")))
    assert first.earliest == at("2026-12-08 09:30")


def test_slow_pace_stretches_by_one_and_a_half():
    w, *_ = setup(pace=Pace.SLOW)
    [first] = status(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-02 09:00")))
    # 7 x 1.5 = 10.5 -> 11 business days: Wed 16 Dec.
    assert first.earliest == at("2026-12-16 09:30") and "x1.5" in first.reason
    w, *_ = setup(pace=Pace.SLOW, decision_date=date(2026, 12, 4))
    [first] = status(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-02 09:00")))
    assert first.earliest == at("2026-12-09 09:30")  # 2 x 1.5 = 3 business days


def test_without_date_setting_is_used():
    w, *_ = setup()
    book = DEFAULT_PLAYBOOK.override({"status_check": {"without_date": 5}}, "test")
    [first] = status(plan(w.facts, book, at("2026-12-02 09:00")))
    assert first.earliest == at("2026-12-08 09:30")


def test_second_then_close_the_loop_then_nothing():
    w, opp, interview, rita, dana = setup()
    key1 = f"status_check.1:o{opp.id}:i{interview.id}:p{rita.id}"
    w.sent(key1, MessageKind.STATUS_CHECK, rita, at("2026-12-10 10:00"), opp)
    [second] = status(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-11 09:00")))
    assert second.key == f"status_check.2:o{opp.id}:i{interview.id}:p{rita.id}" and second.sequence == 2
    assert second.earliest == at("2026-12-22 09:30")  # Thu 10 + 7 = Mon 21 -> Tue 22
    assert "needs something new" in second.note
    news = w.news("Passed the AWS data certificate", date(2026, 12, 15), ["data pipelines"])
    rita.tags = ["data pipelines"]
    [second] = status(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-11 09:00")))
    assert second.news_id == news.id and "Passed the AWS data certificate" in second.note

    w.sent(second.key, MessageKind.STATUS_CHECK, rita, at("2026-12-22 10:00"), opp)
    [closing] = status(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-23 09:00")))
    assert closing.kind == MessageKind.CLOSING_THE_LOOP
    # Tue 22 Dec + 10 business days in Germany (25, 26 Dec and 1 Jan are holidays): Thu 7 Jan.
    assert closing.earliest == at("2027-01-07 09:30")
    w.sent(closing.key, MessageKind.CLOSING_THE_LOOP, rita, at("2027-01-07 10:00"), opp)
    assert status(plan(w.facts, DEFAULT_PLAYBOOK, at("2027-01-08 09:00"))) == []


def test_second_can_be_turned_off():
    w, opp, interview, rita, _ = setup()
    w.sent(f"status_check.1:o{opp.id}:i{interview.id}:p{rita.id}", MessageKind.STATUS_CHECK, rita, at("2026-12-10 10:00"), opp)
    book = DEFAULT_PLAYBOOK.override({"second_status_check": {"enabled": False}}, "test")
    [closing] = status(plan(w.facts, book, at("2026-12-11 09:00")))
    assert closing.kind == MessageKind.CLOSING_THE_LOOP


def test_a_real_reply_stops_follow_ups_but_an_auto_reply_does_not():
    w, opp, _, rita, dana = setup()
    w.reply(rita, at("2026-12-03 15:00"), kind=InboundKind.AUTO_REPLY, return_date=date(2026, 12, 4))
    assert status(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-04 09:00")))
    w.reply(dana, at("2026-12-05 10:00"), opp)
    assert status(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-05 11:00"))) == []


def test_reply_without_opportunity_from_one_of_its_people_stops_too():
    w, opp, interview, rita, _ = setup()
    w.sent(f"status_check.1:o{opp.id}:i{interview.id}:p{rita.id}", MessageKind.STATUS_CHECK, rita, at("2026-12-10 10:00"), opp)
    w.reply(rita, at("2026-12-11 10:00"))
    assert status(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-21 09:00"))) == []


def test_new_interview_after_a_reply_starts_a_new_sequence():
    w, opp, _, rita, dana = setup()
    w.reply(rita, at("2026-12-05 10:00"), opp)
    w.interview(opp, at("2026-12-14 10:00"), at("2026-12-14 11:00"), dana, rita,
                roles={rita.id: Role.RECRUITER}, stage="final")
    [first] = status(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-15 09:00")))
    assert first.earliest == at("2026-12-23 09:30")  # Mon 14 + 7 = Wed 23


def test_out_of_office_with_return_date():
    w, opp, _, rita, _ = setup()
    w.reply(rita, at("2026-12-09 08:00"), kind=InboundKind.AUTO_REPLY, return_date=date(2026, 12, 14))
    [first] = status(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-09 09:00")))
    assert first.earliest == at("2026-12-15 09:30")  # back Mon 14, +1 business day, Tue window
    assert "out of office, back Mon 14 Dec or the business day after" in first.note


def test_out_of_office_without_date_adds_five_business_days():
    w, opp, _, rita, _ = setup()
    w.reply(rita, at("2026-12-09 08:00"), kind=InboundKind.AUTO_REPLY)
    [first] = status(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-09 09:00")))
    assert first.earliest == at("2026-12-16 09:30")  # Wed 9 + 5 = Wed 16
    assert "no return date" in first.note


def test_out_of_office_is_over_once_they_write():
    w, opp, _, rita, dana = setup(thanked=False)
    w.reply(dana, at("2026-12-09 08:00"), kind=InboundKind.AUTO_REPLY)
    w.reply(dana, at("2026-12-09 12:00"))  # no opportunity: counts for the person
    actions = plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-01 11:30"))
    thanks = [a for a in actions if a.person_id == dana.id and a.kind == MessageKind.THANK_YOU]
    assert thanks[0].note == ""


def test_spacing_between_two_opportunities_with_the_same_recruiter():
    w = World()
    acme = w.company()
    rita = w.person("Rita Cole", acme)
    first_opp, second_opp = w.opportunity(acme, role="A"), w.opportunity(acme, role="B")
    for opp in (first_opp, second_opp):
        w.interview(opp, at("2026-12-01 10:00"), at("2026-12-01 11:00"), rita, roles={rita.id: Role.RECRUITER})
    actions = status(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-02 09:00")))
    assert [a.earliest for a in actions] == [at("2026-12-10 09:30"), at("2026-12-15 09:30")]
    assert "3 business days" in actions[1].note


def test_spacing_after_a_message_sent_the_day_before():
    w, opp, _, rita, _ = setup()
    w.sent("manual", MessageKind.SHARE_NEWS, rita, at("2026-12-09 16:00"))
    [first] = status(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-02 09:00")))
    assert first.earliest == at("2026-12-15 09:30")  # Wed 9 + 3 = Mon 14 -> Tue 15 window


def test_scheduled_message_counts_for_spacing():
    w, opp, _, rita, _ = setup()
    w.sent("manual", MessageKind.SHARE_NEWS, rita, at("2026-12-11 09:00"), state=MessageState.SCHEDULED)
    [first] = status(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-02 09:00")))
    assert first.earliest == at("2026-12-16 09:30")  # Fri 11 + 3 = Wed 16


def test_a_note_is_not_kept_apart_from_its_own_scheduled_message():
    # Found by a tester: the follow-up's own message, scheduled, counted as "another message":
    # the action moved 3 business days past it, and after an out-of-office reply the outbox
    # held the message back for going before its action, again and again.
    w, opp, interview, rita, _ = setup()
    key = f"status_check.1:o{opp.id}:i{interview.id}:p{rita.id}"
    w.sent(key, MessageKind.STATUS_CHECK, rita, at("2026-12-10 10:00"), opp, state=MessageState.SCHEDULED)
    [first] = status(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-02 09:00")))
    assert first.earliest == at("2026-12-10 09:30") and "keeps 3 business days" not in first.note
    # another message scheduled that day still counts
    w.sent("manual", MessageKind.SHARE_NEWS, rita, at("2026-12-10 15:00"), state=MessageState.SCHEDULED)
    [first] = status(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-02 09:00")))
    assert first.earliest == at("2026-12-15 09:30")


def test_a_snooze_ending_inside_the_send_window_comes_back_then_not_a_day_later():
    # Found by a tester: snoozed "until tomorrow 9:00" (10:00 for the recipient, inside the
    # 09:30-11:30 window), the follow-up came back the next day's window instead.
    w, opp, interview, rita, _ = setup()
    key = f"status_check.1:o{opp.id}:i{interview.id}:p{rita.id}"
    w.decide(key, DecisionKind.SNOOZE, at("2026-12-10 09:00"), until=at("2026-12-15 10:00"))  # a Tuesday
    [first] = status(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-10 10:00")))
    assert first.earliest == at("2026-12-15 10:00") and first.due == at("2026-12-15 11:30")
    # after the window has closed that day: the next window day's start, as before
    w.decide(key, DecisionKind.SNOOZE, at("2026-12-10 09:05"), until=at("2026-12-15 12:00"))
    [first] = status(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-10 10:00")))
    assert first.earliest == at("2026-12-16 09:30")


def test_snooze_moves_and_skip_removes():
    w, opp, interview, rita, _ = setup()
    key = f"status_check.1:o{opp.id}:i{interview.id}:p{rita.id}"
    w.decide(key, DecisionKind.SNOOZE, at("2026-12-10 09:00"), until=at("2026-12-14 12:00"))
    [first] = status(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-10 10:00")))
    assert first.earliest == at("2026-12-15 09:30") and first.state == "upcoming"
    assert "snoozed until Mon 14 Dec 12:00" in first.note
    w.decide(key, DecisionKind.SKIP, at("2026-12-10 10:00"), note="they told me by phone")
    assert status(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-10 10:00"))) == []


def test_overdue_state_after_the_window():
    w, *_ = setup()
    [first] = status(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-10 12:00")))
    assert first.state == "overdue"
    [first] = status(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-10 10:00")))
    assert first.state == "due"


def test_berlin_dst_week_keeps_the_wall_clock_window():
    # Tue 20 Oct 2026 + 7 business days = Thu 29 Oct, after the change on Sun 25 Oct.
    w, *_ = setup(start="2026-10-20 10:00", end="2026-10-20 11:00")
    [first] = status(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-10-21 09:00")))
    assert first.earliest == at("2026-10-29 09:30")
    assert first.earliest.utcoffset().total_seconds() == 3600  # CET, 08:30 UTC


def test_new_york_dst_week_keeps_the_wall_clock_window():
    # Thu 5 Mar 2026 + 7 business days = Mon 16 Mar -> Tue 17 Mar; DST began Sun 8 Mar.
    ny = "America/New_York"
    w, *_ = setup(tz=ny, country="US", start="2026-03-05 10:00", end="2026-03-05 11:00")
    [first] = status(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-03-06 09:00", ny)))
    assert first.earliest == at("2026-03-17 09:30", ny)
    assert first.earliest.utcoffset().total_seconds() == -4 * 3600  # EDT


def test_us_thanksgiving_is_not_a_business_day():
    ny = "America/New_York"
    w, *_ = setup(tz=ny, country="US", start="2026-11-19 10:00", end="2026-11-19 11:00")
    [first] = status(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-11-20 09:00", ny)))
    # Thu 19 Nov + 7 business days, skipping Thanksgiving (Thu 26): Mon 30 Nov -> Tue 1 Dec.
    assert first.earliest == at("2026-12-01 09:30", ny)


def test_a_new_round_is_a_new_sequence_with_its_own_key():
    w, opp, interview, rita, dana = setup()
    key = f"status_check.1:o{opp.id}:i{interview.id}:p{rita.id}"
    w.sent(key, MessageKind.STATUS_CHECK, rita, at("2026-12-10 10:00"), opp)
    w.interview(opp, at("2026-12-14 10:00"), at("2026-12-14 11:00"), dana, rita,
                roles={rita.id: Role.RECRUITER})
    keys = by_key(status(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-15 09:00"))))
    assert len(keys) == 1 and key not in keys  # a new round: the same follow-up, a new key


def test_a_bounce_asks_to_check_the_address_until_something_is_sent_again():
    w, opp, interview, rita, _ = setup()
    w.reply(rita, at("2026-12-02 09:00"), kind=InboundKind.BOUNCE)
    [first] = status(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-03 09:00")))
    assert "bounced on Wed 2 Dec: check the address" in first.note
    w.sent("manual", MessageKind.SHARE_NEWS, rita, at("2026-12-03 10:00"))
    [first] = status(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-03 11:00")))
    assert "bounced" not in first.note


def test_a_contact_added_after_the_first_follow_up_does_not_start_the_sequence_again():
    # Found by a tester: the first follow-up went to Dana (the hiring manager, the contact then);
    # a recruiter added to the panel afterwards got a second "first" follow-up at once, and
    # Dana's second one disappeared.
    w, opp, interview, rita, dana = setup()
    recruiter = [p for p in interview.participants if p.person_id == rita.id]
    interview.participants = [p for p in interview.participants if p.person_id == dana.id]
    first = f"status_check.1:o{opp.id}:i{interview.id}:p{dana.id}"
    assert first in by_key(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-09 12:00")))
    w.decide(first, DecisionKind.DONE, at("2026-12-10 10:00"))
    interview.participants += recruiter  # Rita, the recruiter: the usual contact from now on
    keys = {a.key for a in status(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-11 12:00")))}
    assert keys == {f"status_check.2:o{opp.id}:i{interview.id}:p{dana.id}"}


def test_a_skipped_first_follow_up_lets_the_new_contact_begin():
    # a guard: a first follow-up skipped (not this one) starts nothing, the new contact's does
    w, opp, interview, rita, dana = setup()
    recruiter = [p for p in interview.participants if p.person_id == rita.id]
    interview.participants = [p for p in interview.participants if p.person_id == dana.id]
    w.decide(f"status_check.1:o{opp.id}:i{interview.id}:p{dana.id}", DecisionKind.SKIP, at("2026-12-10 10:00"))
    interview.participants += recruiter
    keys = {a.key for a in status(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-11 12:00")))}
    assert keys == {f"status_check.1:o{opp.id}:i{interview.id}:p{rita.id}"}


def test_a_decision_date_from_someone_taken_off_the_panel_no_longer_counts():
    # Found by a tester: Dana's debrief said 14 Dec; Dana was taken off the panel (a mistake),
    # and the follow-up still waited for 14 Dec.
    w, opp, interview, rita, dana = setup(decision_date=date(2026, 12, 14))
    w.debrief(interview, rita, decision_date=date(2026, 12, 4))
    [first] = status(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-02 09:00")))
    assert "decide by Mon 14 Dec" in first.reason  # the latest the panel said
    interview.participants = [p for p in interview.participants if p.person_id != dana.id]
    [first] = status(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-02 09:00")))
    assert "decide by Fri 4 Dec" in first.reason


def test_second_names_news_from_before_the_first_follow_up():
    """News from before the first follow-up, not shared by the time it went, is held for the
    second one (no share of its own is planned while it is to go): the second names it, unless
    it was shared with them already."""
    w, opp, interview, rita, dana = setup()
    rita.tags = ["data pipelines"]
    news = w.news("Passed the AWS data certificate", date(2026, 12, 4), ["data pipelines"])  # before the first
    shares = [a for a in plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-07 09:00"))
              if a.kind == MessageKind.SHARE_NEWS and a.person_id == rita.id]
    assert [a.news_id for a in shares] == [news.id]  # planned, not sent yet
    key1 = f"status_check.1:o{opp.id}:i{interview.id}:p{rita.id}"
    w.sent(key1, MessageKind.STATUS_CHECK, rita, at("2026-12-10 10:00"), opp)
    actions = plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-11 09:00"))
    assert not [a for a in actions if a.kind == MessageKind.SHARE_NEWS and a.person_id == rita.id]
    [second] = status(actions)
    assert second.news_id == news.id and "Passed the AWS data certificate" in second.note

    w.sent(f"share_news:n{news.id}:p{rita.id}", MessageKind.SHARE_NEWS, rita, at("2026-12-04 15:00"), opp)
    [second] = status(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-11 09:00")))
    assert second.news_id is None and "needs something new" in second.note


def test_second_does_not_name_news_from_before_the_interview():
    w, opp, interview, rita, dana = setup()
    rita.tags = ["data pipelines"]
    w.news("Passed the AWS data certificate", date(2026, 11, 30), ["data pipelines"])  # the day before it
    w.sent(f"status_check.1:o{opp.id}:i{interview.id}:p{rita.id}", MessageKind.STATUS_CHECK, rita,
           at("2026-12-10 10:00"), opp)
    [second] = status(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-11 09:00")))
    assert second.news_id is None
