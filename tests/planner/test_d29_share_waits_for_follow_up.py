"""A share of news to someone on a panel waits share_news.interval business days after the
second status follow-up that names the same news: after that follow-up as it actually stands
(snoozed, postponed by an out-of-office reply) and, while it is not sent, after it goes."""

from datetime import date

from afterview.domain.model import DecisionKind, InboundKind, MessageKind
from afterview.planner import DEFAULT_PLAYBOOK, plan, plan_due

from tests.planner.builders import by_key
from tests.planner.test_followup_news_of_the_process import kafka, northwind, when


def _share(w, priya, item, now):
    actions = by_key(plan(w.facts, DEFAULT_PLAYBOOK, when(now)))
    due, _ = plan_due(w.facts, DEFAULT_PLAYBOOK, when(now))
    key = f"share_news:n{item.id}:p{priya.id}"
    return actions, actions.get(key), key in {a.key for a in due}


def test_a_snoozed_follow_up_holds_the_share_back_with_it():
    """The tester's Rita and Hank: the follow-up naming the news snoozed from Tue 22 Dec to
    Tue 5 Jan; the share to the hiring manager waited from the planned day and was overdue while
    the follow-up was just due."""
    w, opp, priya, carlos, key = northwind()
    item = kafka(w)
    w.decide(key, DecisionKind.SNOOZE, when("2026-12-18 10:00"), until=when("2027-01-05 09:00"))
    for now in ("2026-12-21 10:00", "2027-01-05 10:00"):
        actions, share, due = _share(w, priya, item, now)
        assert actions[key].news_id == item.id and actions[key].earliest == when("2027-01-05 09:30")
        # Tue 5 Jan + 7 business days (Mon 18 Jan is a US holiday: not reached) is Thu 14 Jan
        assert share.earliest == when("2027-01-14 09:00"), (now, share.earliest)
        assert "with the status follow-up to Carlos Reyes" in share.note
        # before its day, from that day; on it, not sent yet: from when it goes
        assert ("from Tue 5 Jan" if now < "2027" else "when it goes (not sent yet)") in share.note, share.note
        assert not due


def test_an_out_of_office_reply_postpones_the_share_with_the_follow_up():
    w, opp, priya, carlos, key = northwind()
    item = kafka(w)
    w.reply(carlos, when("2026-12-18 11:00"), kind=InboundKind.AUTO_REPLY, return_date=date(2026, 12, 30))
    actions, share, due = _share(w, priya, item, "2026-12-21 10:00")
    follow_up = actions[key].earliest
    assert follow_up > when("2026-12-30 00:00")
    assert share.earliest > follow_up and share.earliest > when("2027-01-04 09:00"), share.earliest
    assert not due


def test_the_share_waits_while_the_follow_up_is_not_sent():
    """Planned from Tue 22 Dec and still not sent on Mon 4 Jan: the share, which would have gone
    from that day, is not due; it waits 7 business days after the follow-up goes."""
    w, opp, priya, carlos, key = northwind()
    item = kafka(w)
    w.facts.news[-1].happened_on = date(2026, 12, 16)
    actions, share, due = _share(w, priya, item, "2027-01-04 10:00")
    assert actions[key].news_id == item.id
    assert not due
    assert share is None or share.earliest >= when("2027-01-13 09:00"), share.earliest
    if share is not None:
        assert "not sent yet" in share.note
    w.sent(key, MessageKind.STATUS_CHECK, carlos, when("2027-01-04 11:00"), opp)
    actions, share, due = _share(w, priya, item, "2027-01-04 12:00")
    assert share is None or share.earliest == when("2027-01-13 09:00")
