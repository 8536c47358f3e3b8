"""After a decision: rejection reply, LinkedIn requests and their cap, keep-warm, share news,
withdrawn and accepted processes."""

from datetime import date, timezone

from afterview.domain.model import (
    ConnectionState,
    DecisionKind,
    Feedback,
    LinkedInAccount,
    MessageKind,
    MessageState,
    OpportunityStatus,
    ReplyClass,
    Role,
    StatusChange,
)
from afterview.planner import DEFAULT_PLAYBOOK, plan, plan_due

from tests.planner.builders import World, at, by_key


def rejected_world(tz="Europe/Berlin", country="DE", via_reply=True, received="2026-12-04 16:00"):
    w = World(tz=tz, country=country)
    acme = w.company()
    rita = w.person("Rita Cole", acme)
    dana = w.person("Dana Reyes", acme, tags=["kafka"])
    opp = w.opportunity(acme)
    interview = w.interview(opp, at("2026-12-01 10:00", tz), at("2026-12-01 11:00", tz), dana, rita,
                            roles={rita.id: Role.RECRUITER})
    w.debrief(interview, dana, topics=["stream processing with Kafka"])
    if via_reply:
        w.reply(rita, at(received, tz), opp, classification=ReplyClass.REJECTION)
    else:
        opp.status = OpportunityStatus.REJECTED
        opp.history.append(StatusChange(status=OpportunityStatus.REJECTED, at=at(received, tz)))
    return w, opp, interview, rita, dana


def recruiter_world(day: str = "2026-12-01", *, thanked: bool = True):
    """Rita, a recruiter who cares about Kafka, interviewed us 10:00-11:00 on `day` (Berlin); her
    thank-you went at 13:00 when `thanked`."""
    w = World()
    acme = w.company()
    rita = w.person("Rita Cole", acme, tags=["kafka"])
    opp = w.opportunity(acme)
    interview = w.interview(opp, at(f"{day} 10:00"), at(f"{day} 11:00"), rita, roles={rita.id: Role.RECRUITER})
    if thanked:
        w.sent(f"thank_you:i{interview.id}:p{rita.id}", MessageKind.THANK_YOU, rita, at(f"{day} 13:00"), opp)
    return w, opp, interview, rita


def kinds(actions):
    return sorted(a.kind.value for a in actions)


def test_rejection_reply_timing_friday_afternoon():
    w, opp, _, rita, dana = rejected_world()
    actions = by_key(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-04 17:00")))
    reply = actions[f"rejection_reply:o{opp.id}:p{rita.id}"]
    assert reply.earliest == at("2026-12-04 18:00")  # not before 2 h
    assert reply.due == at("2026-12-07 16:00")  # Saturday 16:00 -> Monday
    assert reply.latest == at("2026-12-08 16:00")
    assert reply.state == "upcoming"
    assert "feedback request" in reply.note
    # a rejection stops thank-you notes and status follow-ups
    assert not any(a.kind in (MessageKind.THANK_YOU, MessageKind.STATUS_CHECK) for a in actions.values())


def test_rejection_by_status_alone_and_feedback_request_only_once():
    w, opp, _, rita, _ = rejected_world(via_reply=False, received="2026-12-02 09:00")
    actions = by_key(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-02 12:00")))
    reply = actions[f"rejection_reply:o{opp.id}:p{rita.id}"]
    assert reply.state == "due" and reply.due == at("2026-12-03 09:00")
    w.facts.feedback.append(Feedback(id=99, opportunity_id=opp.id, received_at=at("2026-12-02 11:00"), text="x"))
    reply = by_key(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-02 12:00")))[reply.key]
    assert "feedback" not in reply.note
    book = DEFAULT_PLAYBOOK.override({"rejection_reply": {"feedback_request": False}}, "test")
    w.facts.feedback.clear()
    assert "feedback" not in by_key(plan(w.facts, book, at("2026-12-02 12:00")))[reply.key].note


def test_rejection_reply_dst_fall_back_in_new_york():
    # Saturday 31 Oct 2026 12:00 EDT + 24 h elapsed = Sunday 11:00 EST -> Monday 11:00 EST.
    ny = "America/New_York"
    w, opp, _, rita, _ = rejected_world(tz=ny, country="US", received="2026-10-31 12:00")
    reply = by_key(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-10-31 13:00", ny)))[f"rejection_reply:o{opp.id}:p{rita.id}"]
    assert reply.due == at("2026-11-02 11:00", ny)
    assert reply.due.astimezone(timezone.utc).hour == 16


def test_a_due_moved_off_their_weekend_is_not_before_the_morning_it_is_told_to_go():
    # Saturday 31 Oct 2026 09:00 EDT + 24 h elapsed = Sunday 08:00 EST: moved to Monday, not at
    # 08:00 while the note says to schedule it for Monday 09:00 (their business morning)
    ny = "America/New_York"
    w, opp, _, rita, _ = rejected_world(tz=ny, country="US", received="2026-10-31 09:00")
    reply = by_key(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-11-01 10:00", ny)))[f"rejection_reply:o{opp.id}:p{rita.id}"]
    assert reply.due == at("2026-11-02 09:00", ny)
    assert reply.send_at == reply.due and "Mon 2 Nov 09:00" in reply.note


def test_handled_rejection_leaves_only_linkedin_and_keep_warm():
    w, opp, _, rita, dana = rejected_world()
    w.sent(f"rejection_reply:o{opp.id}:p{rita.id}", MessageKind.REJECTION_REPLY, rita, at("2026-12-05 10:00"), opp)
    actions = plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-07 09:00"))
    assert kinds(actions) == ["linkedin_note", "linkedin_note"]


def test_linkedin_right_after_rejection_with_note_limit():
    w, opp, _, rita, dana = rejected_world()
    # the rejection came at 16:00; the reply (and with it the request) not before 18:00
    actions = by_key(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-04 17:00")))
    request = actions[f"linkedin_note:p{dana.id}"]
    reply = actions[f"rejection_reply:o{opp.id}:p{rita.id}"]
    assert request.earliest == reply.earliest == at("2026-12-04 18:00")
    assert request.state == reply.state == "upcoming"
    request = by_key(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-04 18:30")))[request.key]
    assert request.state == "due"
    assert request.channel.value == "linkedin" and "200 characters" in request.note
    w.facts.profile.linkedin_account = LinkedInAccount.PREMIUM
    request = by_key(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-04 18:30")))[request.key]
    assert "300 characters" in request.note


def test_no_linkedin_before_a_decision_unless_opted_in():
    w = World()
    acme = w.company()
    dana = w.person("Dana Reyes", acme)
    opp = w.opportunity(acme)
    w.interview(opp, at("2026-12-01 10:00"), at("2026-12-01 11:00"), dana)
    assert not [a for a in plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-02 09:00")) if a.kind == MessageKind.LINKEDIN_NOTE]
    w.facts.profile.opt_in_early_linkedin = True
    [request] = [a for a in plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-02 09:00")) if a.kind == MessageKind.LINKEDIN_NOTE]
    assert request.earliest == at("2026-12-04 11:00") and request.state == "upcoming"
    dana.connection = ConnectionState.CONNECTED
    assert not [a for a in plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-02 09:00")) if a.kind == MessageKind.LINKEDIN_NOTE]


def test_offer_suggests_linkedin_after_the_decision():
    w = World()
    acme = w.company()
    dana = w.person("Dana Reyes", acme)
    opp = w.opportunity(acme, status=OpportunityStatus.OFFER)
    opp.history.append(StatusChange(status=OpportunityStatus.OFFER, at=at("2026-12-08 15:00")))
    w.interview(opp, at("2026-12-01 10:00"), at("2026-12-01 11:00"), dana)
    [request] = [a for a in plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-08 16:00")) if a.kind == MessageKind.LINKEDIN_NOTE]
    assert request.earliest == at("2026-12-08 15:00")


def rejected_panel(size: int):
    """A panel of `size` people, then a rejection on Thu 10 Dec: a LinkedIn request to each of them."""
    w = World()
    acme = w.company()
    people = [w.person(f"Person {n}", acme) for n in range(size)]
    opp = w.opportunity(acme)
    w.interview(opp, at("2026-12-01 10:00"), at("2026-12-01 11:00"), *people)
    w.reply(people[0], at("2026-12-10 09:00"), opp, classification=ReplyClass.REJECTION)
    return w, people


def assert_plan_due_is_the_due_part(w, playbook, now) -> list:
    """plan_due gives plan's due part and counts the rest; returns the whole plan."""
    actions = plan(w.facts, playbook, now)
    due, upcoming = plan_due(w.facts, playbook, now)
    assert due == [a for a in actions if a.state != "upcoming"]
    assert upcoming == sum(1 for a in actions if a.state == "upcoming")
    return actions


def test_free_account_cap_queues_beyond_five_a_month():
    w, people = rejected_panel(7)
    w.sent("linkedin_note:p999", MessageKind.LINKEDIN_NOTE, people[0], at("2026-12-02 09:00"))
    requests = [a for a in plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-10 10:00")) if a.kind == MessageKind.LINKEDIN_NOTE]
    assert len(requests) == 7
    queued = [a for a in requests if "queued" in a.note]
    assert len(queued) == 3  # one already used + 4 planned = 5 in December
    assert all(a.earliest == at("2027-01-04 09:00") for a in queued)  # 1 Jan holiday, then a weekend
    assert all(a.state == "upcoming" for a in queued)
    w.facts.profile.linkedin_account = LinkedInAccount.PREMIUM
    requests = [a for a in plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-10 10:00")) if a.kind == MessageKind.LINKEDIN_NOTE]
    assert not any("queued" in a.note for a in requests)


def test_plan_due_counts_requests_queued_by_the_cap_as_upcoming():
    """plan_due skips the work for requests the cap queues past now; it counts them instead."""
    w, _ = rejected_panel(9)
    not_exempt = DEFAULT_PLAYBOOK.override({"spacing": {"exempt": ["rejection_reply"]}}, "test")
    for playbook in (DEFAULT_PLAYBOOK, not_exempt):
        for now in (at("2026-12-10 10:00"), at("2026-12-31 16:00"), at("2027-01-04 10:00")):
            actions = assert_plan_due_is_the_due_part(w, playbook, now)
            queued = [a for a in actions if "queued" in a.note]
            assert queued and all(a.state == "upcoming" for a in queued), (playbook, now)


def test_plan_due_keeps_a_queued_request_that_holds_its_day_within_spacing():
    """LinkedIn requests are exempt from spacing, so a queued one holds its day: within the
    spacing of today it moves the due follow-up, and plan_due must see that too."""
    w = World(opt_in_early_linkedin=True)
    acme = w.company()
    rita, dana = w.person("Rita Cole", acme), w.person("Dana Reyes", acme)
    opp = w.opportunity(acme)
    w.interview(opp, at("2026-12-16 10:00"), at("2026-12-16 11:00"), dana, rita, roles={rita.id: Role.RECRUITER})
    for n in range(5):  # December's five invitations are used: the early requests wait for January
        other = w.person(f"Other {n}", acme)
        w.sent(f"linkedin_note:p{other.id}", MessageKind.LINKEDIN_NOTE, other, at(f"2026-12-0{n + 1} 09:00"))
    now = at("2026-12-29 12:00")
    for gap, follow_up in ((3, "overdue"), (5, "upcoming")):  # Mon 4 Jan is 3 business days on
        playbook = DEFAULT_PLAYBOOK.override({"spacing": {"business_days": gap}}, "test")
        actions = assert_plan_due_is_the_due_part(w, playbook, now)
        [check] = [a for a in actions if a.kind == MessageKind.STATUS_CHECK]
        assert check.state == follow_up, gap
        assert all(a.earliest == at("2027-01-04 09:00") for a in actions if a.kind == MessageKind.LINKEDIN_NOTE)


def test_keep_warm_needs_a_reason_then_about_every_three_months_for_a_year():
    w, opp, _, rita, dana = rejected_world()
    for person in (rita, dana):
        w.sent(f"rejection_reply:o{opp.id}:p{person.id}", MessageKind.REJECTION_REPLY, person, at("2026-12-05 10:00"), opp)
        w.decide(f"linkedin_note:p{person.id}", DecisionKind.DONE, at("2026-12-05 10:00"))
    assert plan(w.facts, DEFAULT_PLAYBOOK, at("2027-01-20 09:00")) == []  # no reason: nothing
    news = w.news("Talk on Kafka at a meetup", date(2027, 1, 10), ["kafka"])  # a Sunday
    [touch] = plan(w.facts, DEFAULT_PLAYBOOK, at("2027-01-20 09:00"))
    assert touch.key == f"keep_warm.1:o{opp.id}:p{dana.id}" and touch.news_id == news.id
    assert touch.earliest == at("2027-01-11 09:00") and touch.state == "overdue"
    assert "Talk on Kafka" in touch.reason
    # too early: a news item right after the rejection waits for a month
    w.facts.news.clear()
    w.news("Kafka certificate", date(2026, 12, 8), ["kafka"])
    [touch] = plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-10 09:00"))
    assert touch.earliest == at("2027-01-04 09:00")  # 30 days after: Sun 3 Jan -> Mon 4 Jan
    w.sent(touch.key, MessageKind.KEEP_WARM, dana, at("2027-01-05 10:00"), opp)
    assert plan(w.facts, DEFAULT_PLAYBOOK, at("2027-01-06 09:00")) == []  # old news is not a reason
    w.news("Company launched a Kafka product", date(2027, 4, 1), company_id=dana.company_id)
    later = plan(w.facts, DEFAULT_PLAYBOOK, at("2027-03-01 09:00"))
    # company news is a reason for everyone at the company: Rita's first touch, Dana's second
    assert sorted(a.key for a in later) == [f"keep_warm.1:o{opp.id}:p{rita.id}", f"keep_warm.2:o{opp.id}:p{dana.id}"]
    [second] = [a for a in later if a.person_id == dana.id]
    assert second.key == f"keep_warm.2:o{opp.id}:p{dana.id}" and second.sequence == 2
    assert second.earliest == at("2027-04-06 10:00")  # 5 Jan 10:00 CET + 91 days: 10:00 CEST
    w.sent(second.key, MessageKind.KEEP_WARM, dana, at("2027-04-06 10:00"), opp)
    w.news("Kafka Summit talk", date(2027, 12, 20), ["kafka"])  # past a year: stop
    assert [a for a in plan(w.facts, DEFAULT_PLAYBOOK, at("2027-12-21 09:00")) if a.person_id == dana.id] == []


def test_a_keep_warm_note_approved_while_its_news_was_fresh_stays_planned_once_the_news_is_older():
    """Found by a tester: a keep-in-touch note approved and scheduled the day its news turned 30
    days old quietly became a draft again on its way out (the news, stale by then, was no reason
    any more), while `today` said "on its way, nothing to do". Approved, it goes as approved."""
    w, opp, _, rita, dana = rejected_world()
    for person in (rita, dana):
        w.sent(f"rejection_reply:o{opp.id}:p{person.id}", MessageKind.REJECTION_REPLY, person, at("2026-12-05 10:00"), opp)
        w.decide(f"linkedin_note:p{person.id}", DecisionKind.DONE, at("2026-12-05 10:00"))
    w.news("Talk on Kafka at a meetup", date(2027, 1, 10), ["kafka"])  # fresh until 9 Feb, 17:00
    [touch] = plan(w.facts, DEFAULT_PLAYBOOK, at("2027-02-08 09:00"))
    assert plan(w.facts, DEFAULT_PLAYBOOK, at("2027-02-10 09:00")) == []  # not approved: the reason is gone
    note = w.sent(touch.key, MessageKind.KEEP_WARM, dana, at("2027-02-10 09:45"), opp, state=MessageState.SCHEDULED,
                  approved_at=at("2027-02-08 09:00"))
    for now in ("2027-02-10 09:00", "2027-02-10 10:00"):  # before it goes, and as it should go
        [kept] = plan(w.facts, DEFAULT_PLAYBOOK, at(now))
        assert kept.key == touch.key and kept.message_id == note.id, now
    note.approved_at = at("2027-02-09 18:00")  # approved once the news was stale: nothing changes for it
    assert plan(w.facts, DEFAULT_PLAYBOOK, at("2027-02-10 09:00")) == []


def test_keep_warm_stops_on_do_not_contact():
    w, opp, _, rita, dana = rejected_world()
    w.news("Kafka certificate", date(2027, 1, 10), ["kafka"])
    dana.do_not_contact = True
    assert not [a for a in plan(w.facts, DEFAULT_PLAYBOOK, at("2027-01-20 09:00")) if a.person_id == dana.id]


def test_withdrawn_leaves_only_keep_warm_and_accepted_nothing_but_linkedin():
    w = World()
    acme = w.company()
    dana = w.person("Dana Reyes", acme, tags=["kafka"])
    opp = w.opportunity(acme, status=OpportunityStatus.WITHDRAWN)
    opp.history.append(StatusChange(status=OpportunityStatus.WITHDRAWN, at=at("2026-12-02 09:00")))
    w.interview(opp, at("2026-12-01 10:00"), at("2026-12-01 11:00"), dana)
    assert plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-02 10:00")) == []
    w.news("Kafka certificate", date(2027, 1, 10), ["kafka"])
    assert kinds(plan(w.facts, DEFAULT_PLAYBOOK, at("2027-01-11 10:00"))) == ["keep_warm"]
    opp.status = OpportunityStatus.ACCEPTED
    assert kinds(plan(w.facts, DEFAULT_PLAYBOOK, at("2027-01-11 10:00"))) == ["linkedin_note"]


def test_share_news_once_per_interval_and_it_counts_for_spacing():
    w, opp, interview, rita = recruiter_world()
    first = w.news("Kafka certificate", date(2026, 12, 7), ["kafka"])
    w.news("Unrelated award", date(2026, 12, 7), ["gardening"])
    actions = plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-07 10:00"))
    share = [a for a in actions if a.kind == MessageKind.SHARE_NEWS]
    assert [a.key for a in share] == [f"share_news:n{first.id}:p{rita.id}"]
    assert share[0].earliest == at("2026-12-07 09:00") and share[0].state == "due"
    status = [a for a in actions if a.kind == MessageKind.STATUS_CHECK][0]
    # the status check (Thu 10 Dec) would be 3 business days after Mon 7: still allowed
    assert status.earliest == at("2026-12-10 09:30")
    w.sent(share[0].key, MessageKind.SHARE_NEWS, rita, at("2026-12-08 09:00"), opp)
    second = w.news("Kafka talk", date(2026, 12, 9), ["kafka"])
    actions = plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-09 10:00"))
    share = [a for a in actions if a.kind == MessageKind.SHARE_NEWS]
    assert share[0].key == f"share_news:n{second.id}:p{rita.id}"
    # Tue 8 + 7 business days = Thu 17, but 3 business days after the status check: Fri 18
    assert share[0].earliest == at("2026-12-18 09:00") and "3 business days" in share[0].note
    status = [a for a in actions if a.kind == MessageKind.STATUS_CHECK][0]
    assert status.earliest == at("2026-12-15 09:30")  # Tue 8 + 3 = Fri 11 -> next Tue window


def test_a_thank_you_not_yet_sent_keeps_news_to_the_same_person_off_its_day():
    # Wed 2 Dec interview in Berlin: the thank-you is due Thu 3 Dec. News tagged with what Rita
    # cares about comes on Thu: alone it would be shared from Thu 11:00, the thank-you's day.
    w, opp, interview, rita = recruiter_world("2026-12-02", thanked=False)
    news = w.news("Kafka certificate", date(2026, 12, 3), ["kafka"])
    thank_key = f"thank_you:i{interview.id}:p{rita.id}"
    share_key = f"share_news:n{news.id}:p{rita.id}"
    actions = by_key(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-03 07:00")))
    due = actions[thank_key].due.astimezone(actions[thank_key].due.tzinfo).date()
    assert due == date(2026, 12, 3)
    # Thu 3 + 3 business days = Tue 8 (the thank-you is exempt: it is never the one moved)
    assert actions[share_key].earliest == at("2026-12-08 09:00")
    assert "3 business days" in actions[share_key].note
    # plan_due agrees: on Thu the share is not due yet, the thank-you is
    due_now, _ = plan_due(w.facts, DEFAULT_PLAYBOOK, at("2026-12-03 10:00"))
    assert [a.key for a in due_now] == [thank_key]
    # sent on Thu: the share keeps its distance from the message itself
    w.sent(thank_key, MessageKind.THANK_YOU, rita, at("2026-12-03 08:30"), opp)
    actions = by_key(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-03 10:00")))
    assert actions[share_key].earliest == at("2026-12-08 09:00")
    # never sent, and long overdue (its day and 3 business days after it are past, on Tue 8):
    # the share keeps the move it had on the day it was planned for (a due never comes back
    # earlier as the clock moves on)
    w.facts.messages.clear()
    later = by_key(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-08 10:00")))
    assert later[thank_key].state == "overdue"
    assert later[share_key].earliest == at("2026-12-08 09:00") and "3 business days" in later[share_key].note
    # the share left unsent until Mon 14 waits for the first follow-up (Tue 15), not for it
    later = by_key(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-14 10:00")))
    follow_up = next(a for a in later.values() if a.kind == MessageKind.STATUS_CHECK)
    assert follow_up.earliest == at("2026-12-15 09:30") and follow_up.note == ""
    assert later[share_key].earliest == at("2026-12-18 09:00") and "3 business days" in later[share_key].note


def test_the_second_follow_up_carries_the_news_and_is_never_held_back_by_it():
    # First follow-up sent Thu 10 Dec, no reply. News for Rita on Mon 14: without care, a share
    # of it was due at once and, left unsent, pushed the second follow-up on day after day.
    w, opp, interview, rita = recruiter_world()
    w.sent(f"status_check.1:o{opp.id}:i{interview.id}:p{rita.id}", MessageKind.STATUS_CHECK, rita,
           at("2026-12-10 09:30"), opp)
    news = w.news("Kafka certificate", date(2026, 12, 14), ["kafka"])
    second_key = f"status_check.2:o{opp.id}:i{interview.id}:p{rita.id}"
    for day in ("2026-12-14", "2026-12-17", "2026-12-22", "2027-01-05"):
        actions = plan(w.facts, DEFAULT_PLAYBOOK, at(f"{day} 10:00"))
        assert [a.key for a in actions] == [second_key], day  # no separate share beside it
        second = actions[0]
        assert second.earliest == at("2026-12-22 09:30") and second.news_id == news.id, day
    assert "Kafka certificate" in second.note
    # sent with the news on Tue 22: that news is not shared again; newer news neither, until the
    # loop is closed (at most two, then a polite close: docs/playbook.md, share_news)
    w.sent(second_key, MessageKind.STATUS_CHECK, rita, at("2026-12-22 09:45"), opp)
    assert [a.kind for a in plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-23 10:00"))] == [MessageKind.CLOSING_THE_LOOP]
    w.news("Kafka talk", date(2026, 12, 28), ["kafka"])
    shares = [a for a in plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-28 10:00")) if a.kind == MessageKind.SHARE_NEWS]
    assert shares == []


def test_among_actions_due_together_the_status_follow_up_goes_first():
    # A share and a first follow-up both due now for one person: the follow-up keeps its day,
    # the share waits the spacing after it (before, the earlier share won and held it back).
    w, opp, interview, rita = recruiter_world()
    w.news("Kafka certificate", date(2026, 12, 3), ["kafka"])
    actions = by_key(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-14 10:00")))
    first = actions[f"status_check.1:o{opp.id}:i{interview.id}:p{rita.id}"]
    share = next(a for a in actions.values() if a.kind == MessageKind.SHARE_NEWS)
    assert first.state == "overdue" and first.note == ""
    assert share.earliest == at("2026-12-17 09:00") and "3 business days" in share.note


def test_a_rejection_recorded_at_night_is_due_by_the_end_of_a_working_day():
    # Recorded Wednesday 23:30 in Berlin: 24 h later is Thursday 23:30, an hour nobody writes.
    w, opp, _, rita, _ = rejected_world(received="2026-12-02 23:30")
    reply = by_key(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-03 08:00")))[f"rejection_reply:o{opp.id}:p{rita.id}"]
    assert reply.earliest == at("2026-12-03 01:30")  # not before 2 h, as ever
    assert reply.due == at("2026-12-03 17:00")  # by the end of Thursday
    assert reply.latest >= reply.due


def test_a_keep_in_touch_left_unsent_never_cites_news_that_is_stale_by_now():
    # Found by a tester: a touch due in May still cited May's news in September.
    w, opp, _, rita, dana = rejected_world()
    for person in (rita, dana):
        w.sent(f"rejection_reply:o{opp.id}:p{person.id}", MessageKind.REJECTION_REPLY, person, at("2026-12-05 10:00"), opp)
        w.decide(f"linkedin_note:p{person.id}", DecisionKind.DONE, at("2026-12-05 10:00"))
    news = w.news("Talk on Kafka at a meetup", date(2027, 1, 10), ["kafka"])
    [touch] = plan(w.facts, DEFAULT_PLAYBOOK, at("2027-01-20 09:00"))
    assert touch.news_id == news.id
    assert plan(w.facts, DEFAULT_PLAYBOOK, at("2027-03-01 09:00")) == []  # 50 days old: no reason any more
    fresher = w.news("Kafka certificate", date(2027, 2, 20), ["kafka"])
    [touch] = plan(w.facts, DEFAULT_PLAYBOOK, at("2027-03-01 09:00"))
    assert touch.news_id == fresher.id and "Kafka certificate" in touch.reason
