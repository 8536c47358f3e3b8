"""Moves (a snooze, an out-of-office reply, the LinkedIn cap, spacing): the rule's timing
holds from the new start, and the user is told of every move.

The due keeps its distance from the start in business days and the latest its distance from
the due, each at its own time of day; a latest set by something else than the start (the day
a piece of news turns stale) stays where it is.
"""

from __future__ import annotations

from datetime import date

from afterview.domain.model import DecisionKind, InboundKind, MessageKind
from afterview.planner import DEFAULT_PLAYBOOK, plan
from afterview.planner.engine import SLOT_LEFT_BEHIND

from tests.planner.builders import at, by_key
from tests.planner.test_after_decision import assert_plan_due_is_the_due_part, recruiter_world, rejected_panel, rejected_world


def reply_of(w, opp, person, now):
    return by_key(plan(w.facts, DEFAULT_PLAYBOOK, at(now)))[f"rejection_reply:o{opp.id}:p{person.id}"]


def test_a_rejection_reply_postponed_by_an_out_of_office_reply_keeps_a_day_between_due_and_latest():
    # Rejected Tue 1 Dec 09:00: from 11:00, due Wed 09:00, at the latest Thu 09:00.
    w, opp, _, rita, _ = rejected_world(received="2026-12-01 09:00", via_reply=False)
    reply = reply_of(w, opp, rita, "2026-12-01 12:00")
    assert (reply.earliest, reply.due, reply.latest) == (at("2026-12-01 11:00"), at("2026-12-02 09:00"), at("2026-12-03 09:00"))
    # away until Thu 3: from Fri 4 09:00 (return + 1 business day); due one business day on,
    # Mon 7 09:00, and the latest one more, Tue 8 09:00 (before, it stayed on the due: Mon 7)
    w.reply(rita, at("2026-12-01 10:00"), opp, kind=InboundKind.AUTO_REPLY, return_date=date(2026, 12, 3))
    reply = reply_of(w, opp, rita, "2026-12-01 12:00")
    assert reply.earliest == at("2026-12-04 09:00") and "out of office, back Thu 3 Dec or the business day after" in reply.note
    assert (reply.due, reply.latest) == (at("2026-12-07 09:00"), at("2026-12-08 09:00"))


def test_a_rejection_reply_snoozed_past_its_due_time_keeps_its_latest_a_day_after_the_due():
    # Recorded Wed 23:30: due Thu 17:00 (not at night), at the latest Fri 17:00. Snoozed to Thu
    # 18:00, past 17:00: due Fri 17:00, and the latest a business day after it, Mon 17:00.
    w, opp, _, rita, _ = rejected_world(received="2026-12-02 23:30")
    key = f"rejection_reply:o{opp.id}:p{rita.id}"
    w.decide(key, DecisionKind.SNOOZE, at("2026-12-03 08:00"), until=at("2026-12-03 18:00"))
    reply = reply_of(w, opp, rita, "2026-12-03 08:00")
    assert reply.earliest == at("2026-12-03 18:00")
    assert (reply.due, reply.latest) == (at("2026-12-04 17:00"), at("2026-12-07 17:00"))


def test_a_reply_snoozed_past_the_due_day_its_reason_names_says_the_day_no_longer_holds():
    # Rejected Fri 4 Dec 16:00: due Sat -> Mon 7 16:00, "so due Mon 7 Dec" in the reason.
    w, opp, _, rita, _ = rejected_world()
    key = f"rejection_reply:o{opp.id}:p{rita.id}"
    reply = reply_of(w, opp, rita, "2026-12-04 17:00")
    assert reply.reason.endswith("so due Mon 7 Dec. To Rita Cole, who delivered the news.")
    assert SLOT_LEFT_BEHIND not in reply.note
    w.decide(key, DecisionKind.SNOOZE, at("2026-12-04 17:00"), until=at("2026-12-08 09:00"))
    reply = reply_of(w, opp, rita, "2026-12-04 17:00")
    # from Tue 8 09:00, due a business day later as before the move (Fri 18:00 -> Mon 16:00):
    # Wed 9 16:00 (before, Fri 11 16:00: the four calendar days Fri-Tue); latest Thu 10 16:00
    assert (reply.earliest, reply.due, reply.latest) == (at("2026-12-08 09:00"), at("2026-12-09 16:00"), at("2026-12-10 16:00"))
    assert reply.note.endswith(f"snoozed until Tue 8 Dec 09:00; {SLOT_LEFT_BEHIND}")
    # a shorter snooze that keeps Mon 7 possible needs no word about the day
    w.facts.decisions.clear()
    w.decide(key, DecisionKind.SNOOZE, at("2026-12-04 17:00"), until=at("2026-12-07 09:00"))
    reply = reply_of(w, opp, rita, "2026-12-04 17:00")
    assert reply.note.endswith("snoozed until Mon 7 Dec 09:00")


def test_a_linkedin_request_queued_to_a_later_month_is_due_two_business_days_after_it():
    # December's five invitations are taken: three requests of Thu 10 Dec are queued to the
    # first business morning of January, Mon 4 Jan 09:00 (1 Jan a holiday, then a weekend).
    w, people = rejected_panel(7)
    w.sent("linkedin_note:p999", MessageKind.LINKEDIN_NOTE, people[0], at("2026-12-02 09:00"))
    actions = assert_plan_due_is_the_due_part(w, DEFAULT_PLAYBOOK, at("2026-12-10 10:00"))
    requests = [a for a in actions if a.kind == MessageKind.LINKEDIN_NOTE]
    kept = [a for a in requests if "queued" not in a.note]
    queued = [a for a in requests if "queued" in a.note]
    assert len(kept) == 4 and len(queued) == 3
    # kept: from Thu 10 11:00 (with the reply, 2 h after the rejection), due Mon 14 17:00
    assert all((a.earliest, a.due) == (at("2026-12-10 11:00"), at("2026-12-14 17:00")) for a in kept)
    # queued: due two business days after Mon 4 Jan, as the rule says (before: Fri 8 Jan, the
    # four calendar days of Thu-Mon carried over)
    assert all((a.earliest, a.due) == (at("2027-01-04 09:00"), at("2027-01-06 17:00")) for a in queued)


def test_a_share_moved_by_spacing_keeps_the_day_its_news_turns_stale_as_its_latest():
    # News of Tue 8 Dec: stale after Thu 7 Jan 17:00 (30 days). The first follow-up (Thu 10)
    # moves the share to Tue 15 09:00, due five business days later, Tue 22 17:00; its latest
    # stays Thu 7 Jan (before, it moved on with the share to Thu 14 Jan, a week after the
    # share leaves the plan).
    w, opp, interview, rita = recruiter_world()
    news = w.news("Kafka certificate", date(2026, 12, 8), ["kafka"])
    share = by_key(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-08 10:00")))[f"share_news:n{news.id}:p{rita.id}"]
    assert share.earliest == at("2026-12-15 09:00") and "keeps 3 business days" in share.note
    assert (share.due, share.latest) == (at("2026-12-22 17:00"), at("2027-01-07 17:00"))


def test_every_move_is_said_in_the_note():
    """A snooze, an out-of-office reply, the cap and spacing each leave their note."""
    w, opp, interview, rita = recruiter_world()
    news = w.news("Kafka certificate", date(2026, 12, 8), ["kafka"])
    first = f"status_check.1:o{opp.id}:i{interview.id}:p{rita.id}"
    w.decide(first, DecisionKind.SNOOZE, at("2026-12-07 09:00"), until=at("2026-12-10 11:00"))
    w.reply(rita, at("2026-12-07 08:00"), kind=InboundKind.AUTO_REPLY, return_date=date(2026, 12, 14))
    actions = by_key(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-07 10:00")))
    # snoozed to Thu 10 11:00 (inside its window), then away until Mon 14: Tue 15's window
    assert actions[first].earliest == at("2026-12-15 09:30")
    assert actions[first].note == "snoozed until Thu 10 Dec 11:00; postponed: out of office, back Mon 14 Dec or the business day after"
    # the share: away until Mon 14 (Tue 15 09:00), then kept apart from the follow-up (Fri 18)
    share = actions[f"share_news:n{news.id}:p{rita.id}"]
    assert share.earliest == at("2026-12-18 09:00")
    assert share.note == ("postponed: out of office, back Mon 14 Dec or the business day after; "
                          "moved: keeps 3 business days after another message to Rita Cole (on Tue 15 Dec)")
