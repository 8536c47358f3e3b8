"""Keep-in-touch notes after what a tester found in a year of them: a reply from the person
starts the cadence again, a skipped touch is no contact, the year ends the touches, and a touch
moved (out of office) to a day its news is stale, or past the year, is not planned."""

from datetime import date

from afterview.domain.model import DecisionKind, InboundKind, MessageKind, MessageState, ReplyClass
from afterview.planner import DEFAULT_PLAYBOOK, plan, plan_due

from tests.planner.builders import at
from tests.planner.test_after_decision import rejected_world


def handled():
    w, opp, _, rita, dana = rejected_world()  # rejected Fri 4 Dec 2026, 16:00 Berlin
    for person in (rita, dana):
        w.sent(f"rejection_reply:o{opp.id}:p{person.id}", MessageKind.REJECTION_REPLY, person, at("2026-12-05 10:00"), opp)
        w.decide(f"linkedin_note:p{person.id}", DecisionKind.DONE, at("2026-12-05 10:00"))
    return w, opp, rita, dana


def touches(w, now, person):
    actions = plan(w.facts, DEFAULT_PLAYBOOK, at(now))
    due, _ = plan_due(w.facts, DEFAULT_PLAYBOOK, at(now))
    assert due == [a for a in actions if a.state != "upcoming"]
    return [a for a in actions if a.kind == MessageKind.KEEP_WARM and a.person_id == person.id]


def test_their_reply_starts_the_cadence_again():
    w, opp, rita, dana = handled()
    w.sent(f"keep_warm.1:o{opp.id}:p{dana.id}", MessageKind.KEEP_WARM, dana, at("2027-01-05 10:00"), opp)
    w.news("Kafka Summit talk", date(2027, 4, 20), ["kafka"])
    [touch] = touches(w, "2027-04-21 09:00", dana)
    assert touch.earliest == at("2027-04-20 09:00")  # 5 Jan + 91 days = 6 Apr: the news morning
    assert "last in touch 5 Jan 2027" in touch.reason
    w.reply(dana, at("2027-04-08 18:00"), opp, classification=ReplyClass.OTHER)  # "great to hear from you"
    assert touches(w, "2027-04-21 09:00", dana) == []  # the news is stale by July: no reason then
    w.news("Kafka streams course finished", date(2027, 7, 7), ["kafka"])
    [touch] = touches(w, "2027-04-21 09:00", dana)
    assert touch.state == "upcoming"
    assert touch.earliest.date() == date(2027, 7, 8)  # 91 days after her reply
    assert "Dana Reyes wrote 8 Apr 2027" in touch.reason


def test_a_skipped_touch_moves_the_cadence_on_but_is_no_contact():
    w, opp, rita, dana = handled()
    w.decide(f"keep_warm.1:o{opp.id}:p{dana.id}", DecisionKind.SKIP, at("2027-01-05 10:00"), note="not now")
    w.news("Kafka Summit talk", date(2027, 4, 20), ["kafka"])
    [touch] = touches(w, "2027-04-21 09:00", dana)
    assert touch.key == f"keep_warm.2:o{opp.id}:p{dana.id}"
    assert "touch 1 skipped 5 Jan 2027" in touch.reason and "last in touch" not in touch.reason


def test_the_year_of_touches_ends_them():
    w, opp, rita, dana = handled()
    w.sent(f"keep_warm.1:o{opp.id}:p{dana.id}", MessageKind.KEEP_WARM, dana, at("2027-01-05 10:00"), opp)
    w.sent(f"keep_warm.2:o{opp.id}:p{dana.id}", MessageKind.KEEP_WARM, dana, at("2027-04-06 10:00"), opp)
    w.sent(f"keep_warm.3:o{opp.id}:p{dana.id}", MessageKind.KEEP_WARM, dana, at("2027-07-06 10:00"), opp)
    w.news("Kafka Summit talk", date(2027, 11, 30), ["kafka"])  # touch 4 starts 5 Oct + ... = the news day
    [touch] = touches(w, "2027-12-01 09:00", dana)
    # the year ends Sat 4 Dec 2027 16:00; the touch is due 5 business days after its start
    assert touch.latest == at("2027-12-07 17:00") and touch.due == at("2027-12-07 17:00")
    assert touch.state == "overdue" or touch.state == "due"
    assert touches(w, "2027-12-08 09:00", dana) == []  # past its due and the year: no more
    note = w.sent(touch.key, MessageKind.KEEP_WARM, dana, at("2027-12-06 09:00"), opp,
                  state=MessageState.SCHEDULED, approved_at=at("2027-12-01 09:00"))
    assert [t.message_id for t in touches(w, "2027-12-08 09:00", dana)] == [note.id]  # approved: it goes


def test_a_touch_moved_by_an_out_of_office_reply_to_when_its_news_is_stale_is_not_planned():
    w, opp, rita, dana = handled()
    w.sent(f"keep_warm.1:o{opp.id}:p{dana.id}", MessageKind.KEEP_WARM, dana, at("2027-01-05 10:00"), opp)
    w.news("Kafka Summit talk", date(2027, 4, 20), ["kafka"])
    assert len(touches(w, "2027-04-21 09:00", dana)) == 1
    w.reply(dana, at("2027-04-20 12:00"), opp, kind=InboundKind.AUTO_REPLY, return_date=date(2027, 5, 31))
    assert touches(w, "2027-04-21 09:00", dana) == []  # back 31 May: the news is 41 days old then
    w.facts.inbound[-1].return_date = date(2027, 5, 3)  # back 3 May: 14 days, still fresh
    [touch] = touches(w, "2027-04-21 09:00", dana)
    assert touch.earliest.date() == date(2027, 5, 4)


def test_a_later_touch_an_out_of_office_reply_makes_stale_is_not_counted_as_upcoming():
    """plan_due counts later touches without making them; one that an away message moves to
    when its news is stale is dropped by plan, so it must not be counted either (`today` says
    how many more are upcoming). Found by the property test with another playbook."""
    w, opp, rita, dana = handled()
    w.sent(f"keep_warm.1:o{opp.id}:p{dana.id}", MessageKind.KEEP_WARM, dana, at("2027-01-05 10:00"), opp)
    w.news("Kafka Summit talk", date(2027, 4, 1), ["kafka"])
    now = at("2027-04-02 09:00")
    [touch] = [a for a in plan(w.facts, DEFAULT_PLAYBOOK, now) if a.person_id == dana.id
               and a.kind == MessageKind.KEEP_WARM]
    assert touch.state == "upcoming" and touch.earliest.date() == date(2027, 4, 6)
    w.reply(dana, at("2027-04-01 12:00"), opp, kind=InboundKind.AUTO_REPLY, return_date=date(2027, 5, 31))
    actions = plan(w.facts, DEFAULT_PLAYBOOK, now)
    assert not [a for a in actions if a.person_id == dana.id and a.kind == MessageKind.KEEP_WARM]
    due, upcoming = plan_due(w.facts, DEFAULT_PLAYBOOK, now)
    assert due == [a for a in actions if a.state != "upcoming"]
    assert upcoming == sum(1 for a in actions if a.state == "upcoming")


def test_a_touch_is_due_at_the_latest_when_its_news_turns_stale():
    """Found in a months-long run: a touch shown 'due Mon 1 Mar, at the latest Jan 2028' vanished
    on Thu 25 Feb, its news turning 30 days old on 24 Feb. Due and latest now end with the news."""
    w, opp, rita, dana = handled()
    w.news("Kafka Summit talk", date(2026, 12, 8), ["kafka"])  # 30 days old on Thu 7 Jan
    [touch] = touches(w, "2027-01-05 09:00", dana)
    assert touch.earliest == at("2027-01-04 09:00")  # the close + 30 days: Sun 3 Jan, so Monday
    # five business days would be Mon 11 Jan, and the year's end the latest: both past the news
    assert touch.due == at("2027-01-07 17:00") and touch.latest == at("2027-01-07 17:00")
    assert touches(w, "2027-01-07 16:59", dana)[0].state == "due"
    assert touches(w, "2027-01-07 17:01", dana) == []  # stale: no reason left, and never shown due after


def test_an_approved_touch_keeps_its_time_after_its_news_turns_stale():
    w, opp, rita, dana = handled()
    w.news("Kafka Summit talk", date(2026, 12, 8), ["kafka"])
    key = f"keep_warm.1:o{opp.id}:p{dana.id}"
    w.sent(key, MessageKind.KEEP_WARM, dana, at("2027-01-08 09:00"), opp, state=MessageState.SCHEDULED,
           approved_at=at("2027-01-05 10:00"))
    [touch] = touches(w, "2027-01-07 18:00", dana)  # the news is stale, the note approved before
    assert touch.key == key and touch.due == at("2027-01-11 17:00")  # as approved: its own timing


def test_a_touch_before_the_reply_to_their_decision_says_so():
    """Found in a months-long run: a keep-in-touch touch was planned while the reply to the
    rejection, to the same person, had not gone; the touch now says to send (or skip) it first."""
    w, opp, _, rita, dana = rejected_world()  # rejected Fri 4 Dec 2026, 16:00 Berlin, in Rita's reply
    rita.tags = ["kafka"]
    w.decide(f"linkedin_note:p{rita.id}", DecisionKind.DONE, at("2026-12-05 10:00"))
    w.news("Kafka Summit talk", date(2027, 1, 4), ["kafka"])
    [touch] = touches(w, "2027-01-05 09:00", rita)
    assert (f"your reply to their decision (rejection_reply:o{opp.id}:p{rita.id}) has not gone yet: "
            "send it, or skip it, first") in touch.note
    [touch] = touches(w, "2027-01-05 09:00", dana)  # Dana is owed no reply: nothing said
    assert "has not gone yet" not in touch.note
    w.sent(f"rejection_reply:o{opp.id}:p{rita.id}", MessageKind.REJECTION_REPLY, rita, at("2026-12-05 10:00"), opp)
    [touch] = touches(w, "2027-01-05 09:00", rita)
    assert "has not gone yet" not in touch.note
