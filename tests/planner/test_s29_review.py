"""Five planner timings a review proved wrong, each on a concrete timeline."""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

from afterview.domain.model import MessageKind, ReplyClass, Role
from afterview.planner import DEFAULT_PLAYBOOK, plan, plan_due
from tests.planner.builders import World, at

LA = "America/Los_Angeles"


def _one(actions, prefix):
    found = [a for a in actions if a.key.startswith(prefix)]
    assert len(found) == 1, [a.key for a in actions]
    return found[0]


def _same_as_plan_due(w, now):
    actions = plan(w.facts, DEFAULT_PLAYBOOK, now)
    due, upcoming = plan_due(w.facts, DEFAULT_PLAYBOOK, now)
    assert due == [a for a in actions if a.state != "upcoming"]
    assert upcoming == sum(1 for a in actions if a.state == "upcoming")
    return actions


def _capped_world():
    """A user in Los Angeles who sent five invitations in November; a request to someone in Tokyo."""
    w = World(tz=LA, country="US", opt_in_early_linkedin=True)
    c = w.company("Acme")
    for k in range(5):
        q = w.person(f"Sent Person{k}", c)
        w.sent(f"linkedin_note:p{q.id}", MessageKind.LINKEDIN_NOTE, q, at(f"2026-11-0{k + 2} 10:00", LA))
    kenji = w.person("Kenji Sato", c, timezone="Asia/Tokyo", country="JP")
    o = w.opportunity(c)
    w.interview(o, at("2026-11-20 10:00", "Asia/Tokyo"), at("2026-11-20 11:00", "Asia/Tokyo"), kenji)
    return w


def test_a_request_queued_by_the_cap_starts_once_the_month_has_begun_for_the_user():
    w = _capped_world()
    for now in (at("2026-11-25 09:00", LA), at("2026-11-30 17:00", LA)):
        request = _one(_same_as_plan_due(w, now), "linkedin_note")
        assert "queued: monthly LinkedIn invitation cap reached" in request.note
        # 09:00 Tue 1 Dec in Tokyo is still Mon 30 Nov 16:00 in Los Angeles: the capped month
        assert request.earliest.astimezone(ZoneInfo(LA)).month == 12
        # the first moment of December for the user, a business afternoon in Tokyo
        assert request.earliest == at("2026-12-01 00:00", LA) == at("2026-12-01 17:00", "Asia/Tokyo")
        assert request.state == "upcoming"


def test_a_request_queued_to_a_month_begun_at_night_for_the_recipient_waits_for_their_morning():
    # the user in Tokyo, the recipient in Berlin: December begins at 16:00 on 30 Nov in Berlin
    w = World(tz="Asia/Tokyo", country="JP", opt_in_early_linkedin=True)
    c = w.company("Acme")
    for k in range(5):
        q = w.person(f"Sent Person{k}", c)
        w.sent(f"linkedin_note:p{q.id}", MessageKind.LINKEDIN_NOTE, q, at(f"2026-11-0{k + 2} 10:00", "Asia/Tokyo"))
    rita = w.person("Rita Cole", c, timezone="Europe/Berlin", country="DE")
    o = w.opportunity(c)
    w.interview(o, at("2026-11-20 10:00"), at("2026-11-20 11:00"), rita)
    request = _one(_same_as_plan_due(w, at("2026-11-25 09:00")), "linkedin_note")
    assert request.earliest == at("2026-12-01 09:00")  # their first business morning of December


def _rejected(when):
    w = World()
    c = w.company("Acme")
    rita = w.person("Rita Cole", c, timezone="Europe/Berlin", country="DE")
    o = w.opportunity(c)
    w.interview(o, at("2026-11-24 10:00"), at("2026-11-24 11:00"), rita, roles={rita.id: Role.RECRUITER})
    w.reply(rita, at(when), o, classification=ReplyClass.REJECTION)
    return w


def test_a_rejection_before_seven_is_answered_by_that_evening_never_after_a_day():
    for when in ("2026-12-01 05:30", "2026-12-01 06:59", "2026-12-01 00:30"):
        reply = _one(_same_as_plan_due(_rejected(when), at("2026-12-01 08:00")), "rejection_reply")
        received = at(when)
        # the due in their night (05:30 the next day) moves EARLIER, to 17:00 that day
        assert reply.due == at("2026-12-01 17:00"), when
        assert reply.due - received <= timedelta(hours=24)
        assert reply.latest == at("2026-12-02 17:00"), when
        assert reply.latest - received <= timedelta(hours=48)
        assert "due within 24 h (48 h at the latest)" in reply.reason


def test_a_rejection_late_in_the_evening_is_still_due_at_five_the_next_day():
    reply = _one(plan(_rejected("2026-12-01 23:30").facts, DEFAULT_PLAYBOOK, at("2026-12-02 08:00")),
                 "rejection_reply")
    assert (reply.due, reply.latest) == (at("2026-12-02 17:00"), at("2026-12-03 17:00"))
    reply = _one(plan(_rejected("2026-12-01 07:00").facts, DEFAULT_PLAYBOOK, at("2026-12-01 08:00")),
                 "rejection_reply")
    assert (reply.due, reply.latest) == (at("2026-12-02 07:00"), at("2026-12-03 07:00"))


def _share_world():
    w = World()
    c = w.company("Acme")
    priya = w.person("Priya Raman", c, timezone="Europe/Berlin", country="DE", tags=["kafka"])
    o = w.opportunity(c)
    i = w.interview(o, at("2026-10-01 10:00"), at("2026-10-01 11:00"), priya, roles={priya.id: Role.RECRUITER})
    w.sent(f"thank_you:i{i.id}:p{priya.id}", MessageKind.THANK_YOU, priya, at("2026-10-01 15:00"), o)
    w.news("Passed the Kafka certification", date(2026, 10, 5), tags=["kafka"])
    return w


def test_a_share_pushed_on_by_spacing_never_outlives_its_news():
    w = _share_world()
    stale = at("2026-11-04 17:00")  # 30 days after the news (share_news.max_age)
    share = _one(_same_as_plan_due(w, at("2026-10-28 09:00")), "share_news")
    # an unsent status follow-up pushes the share on day by day: to Mon 2 Nov, due by the news' age
    assert share.earliest == at("2026-11-02 09:00")
    assert share.due <= stale and share.latest <= stale
    # once the push takes it past that day, it is not planned: it is no longer news
    for now in ("2026-11-02 09:00", "2026-11-03 09:00"):
        actions = _same_as_plan_due(w, at(now))
        assert not [a for a in actions if a.kind == MessageKind.SHARE_NEWS], now


def test_a_share_is_due_before_the_next_message_to_the_same_person():
    w = _share_world()
    actions = _same_as_plan_due(w, at("2026-10-06 09:00"))
    share, follow_up = _one(actions, "share_news"), _one(actions, "status_check")
    assert follow_up.earliest == at("2026-10-13 09:30")
    assert share.earliest == at("2026-10-06 09:00")
    # due five business days on would be Tue 13 Oct, beside the follow-up: 3 business days before it
    assert share.due == share.latest == at("2026-10-08 17:00")
    assert "due by Thu 8 Oct 17:00: keeps 3 business days before another message to Priya Raman " \
           "(on Tue 13 Oct)" in share.note


def test_a_spacing_move_names_the_message_it_keeps_apart_from_now():
    share = _one(plan(_share_world().facts, DEFAULT_PLAYBOOK, at("2026-10-20 09:00")), "share_news")
    assert share.earliest == at("2026-10-23 09:00")
    assert "(on Tue 20 Oct)" in share.note
    assert "Thu 1 Oct" not in share.note  # the thank-you of three weeks ago moves it no more


def _late_call(start, end):
    w = World()
    c = w.company("Acme")
    rita = w.person("Rita Cole", c, timezone="Europe/Berlin", country="DE")
    o = w.opportunity(c)
    w.interview(o, at(start), at(end), rita)
    return w


def test_an_interview_past_midnight_is_thanked_the_next_business_morning():
    w = _late_call("2026-11-30 23:00", "2026-12-01 00:30")
    note = _one(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-01 09:00")), "thank_you")
    assert note.rule == "afternoon_thank_you"
    assert note.send_at == at("2026-12-01 08:00")
    assert note.due == at("2026-12-01 10:00")  # not Wed 00:30, in their night
    assert note.reason == ("Thank Rita Cole for the panel interview of Mon 30 Nov; an interview that ran past "
                           "midnight: schedule it for the next business morning, Tue 1 Dec 08:00-10:00.")
    # one that ends before midnight is an afternoon one, as before
    w = _late_call("2026-11-30 22:30", "2026-11-30 23:45")
    note = _one(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-01 09:00")), "thank_you")
    assert (note.rule, note.due) == ("afternoon_thank_you", at("2026-12-01 10:00"))
    assert "an afternoon interview" in note.reason
