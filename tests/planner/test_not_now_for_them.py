"""An action due while it is no time to send it to the recipient (their weekend or public
holiday; for a status follow-up, outside their send window) says when to send it instead, and
suggests that moment (send_at), in both plan and plan_due."""

from afterview.domain.model import MessageKind
from afterview.planner import DEFAULT_PLAYBOOK, plan, plan_due

from tests.planner.builders import World, at


def _world():
    w = World(tz="America/Chicago", country="US")
    acme = w.company()
    lena = w.person("Lena Fischer", acme, timezone="Europe/Berlin", country="DE", tags=["kafka"])
    opp = w.opportunity(acme)
    interview = w.interview(opp, at("2027-02-01 16:00", "Europe/Berlin"), at("2027-02-01 17:00", "Europe/Berlin"), lena)
    w.sent(f"thank_you:i{interview.id}:p{lena.id}", MessageKind.THANK_YOU, lena,
           at("2027-02-02 09:00", "Europe/Berlin"), opp)
    return w


def _share_world():
    """The same, with a reply from Lena that stops the status follow-up of Wed 10 Feb: a share
    due within 3 business days of it would be due before it (see spacing), and these are about
    the share's own days."""
    w = _world()
    w.reply(w.facts.people[2], at("2027-02-03 10:00", "Europe/Berlin"), w.facts.opportunities[3])
    return w


def _one(w, now, kind):
    actions = plan(w.facts, DEFAULT_PLAYBOOK, now)
    due, _ = plan_due(w.facts, DEFAULT_PLAYBOOK, now)
    assert due == [a for a in actions if a.state != "upcoming"]
    (action,) = [a for a in due if a.kind == kind]
    return action


def test_share_news_due_on_their_saturday_waits_for_their_monday_morning():
    w = _share_world()
    w.news("Passed the Kafka certification", at("2027-02-05 12:00", "Europe/Berlin").date(), ["kafka"])
    now = at("2027-02-06 10:00", "America/Chicago")  # Sat 17:00 in Berlin
    action = _one(w, now, MessageKind.SHARE_NEWS)
    assert action.state == "due"
    assert action.send_at == at("2027-02-08 09:00", "Europe/Berlin")
    assert action.note == ("it is the weekend for them (Sat 6 Feb): schedule it for their next business "
                           "morning, Mon 8 Feb 09:00 their time (02:00 yours)")


def test_on_their_business_day_nothing_is_added():
    w = _share_world()
    w.news("Passed the Kafka certification", at("2027-02-05 12:00", "Europe/Berlin").date(), ["kafka"])
    action = _one(w, at("2027-02-05 08:00", "America/Chicago"), MessageKind.SHARE_NEWS)  # Fri 15:00 there
    assert action.state == "due" and action.note == "" and action.send_at is None


def test_a_follow_up_whose_window_today_has_passed_names_the_next_one():
    w = _world()
    now = at("2027-02-10 07:30", "America/Chicago")  # Wed 14:30 in Berlin: 09:30-11:30 is over
    action = _one(w, now, MessageKind.STATUS_CHECK)
    assert action.state == "overdue"
    assert action.send_at == at("2027-02-11 09:30", "Europe/Berlin")
    assert action.note == ("their send window today (09:30-11:30 their time) has passed: schedule it for the "
                           "next one, Thu 11 Feb 09:30 their time (02:30 yours), or send it now")


def test_a_follow_up_in_its_window_is_left_alone():
    w = _world()
    action = _one(w, at("2027-02-10 03:00", "America/Chicago"), MessageKind.STATUS_CHECK)  # 10:00 there
    assert action.state == "due" and action.note == "" and action.send_at is None


def test_a_follow_up_overdue_on_their_business_day_with_no_window_may_go_now():
    w = _world()
    action = _one(w, at("2027-02-12 07:30", "America/Chicago"), MessageKind.STATUS_CHECK)  # Fri 14:30 there
    assert action.state == "overdue" and action.note == "" and action.send_at is None


def test_share_news_due_in_their_night_waits_for_their_morning():
    w = _share_world()
    w.news("Passed the Kafka certification", at("2027-02-05 12:00", "Europe/Berlin").date(), ["kafka"])
    action = _one(w, at("2027-02-05 16:30", "America/Chicago"), MessageKind.SHARE_NEWS)  # Fri 23:30 there
    assert action.state == "due"
    assert action.send_at == at("2027-02-08 09:00", "Europe/Berlin")  # the weekend between
    assert action.note == ("it is 23:30 for them: schedule it for their morning, Mon 8 Feb 09:00 their time "
                           "(02:00 yours), or send it now")


def test_before_seven_there_it_waits_for_the_same_mornings_nine():
    w = _share_world()
    # thanked on the interview's evening: 3 business days later, Thu 4, is free for the news (a
    # thank-you on Tue 2 moves it to Fri 09:00, whatever the time)
    w.facts.messages[0].sent_at = at("2027-02-01 18:00", "Europe/Berlin")
    w.news("Passed the Kafka certification", at("2027-02-04 12:00", "Europe/Berlin").date(), ["kafka"])
    action = _one(w, at("2027-02-04 22:30", "America/Chicago"), MessageKind.SHARE_NEWS)  # Fri 05:30 there
    assert action.send_at == at("2027-02-05 09:00", "Europe/Berlin")
    assert action.note == ("it is 05:30 for them: schedule it for their morning, Fri 5 Feb 09:00 their time "
                           "(02:00 yours), or send it now")


def test_a_follow_up_at_night_on_their_day_without_a_window_waits_for_their_next_business_morning():
    w = _world()
    # Fri 12 Feb 23:00 in Berlin: no window on Fridays or Mondays, where a follow-up may go by
    # day; so Monday morning, 09:00
    action = _one(w, at("2027-02-12 16:00", "America/Chicago"), MessageKind.STATUS_CHECK)
    assert action.state == "overdue"
    assert action.send_at == at("2027-02-15 09:00", "Europe/Berlin")
    assert action.note == ("it is 23:00 for them: schedule it for their morning, Mon 15 Feb 09:00 their time "
                           "(02:00 yours), or send it now")


def test_in_their_evening_until_eight_nothing_is_added():
    """Their waking hours end at 20:00 (domain.waking, the review's too): until then nothing is
    added; from 20:01 it is late in the evening for them, as the review says of that moment."""
    w = _share_world()
    w.news("Passed the Kafka certification", at("2027-02-05 12:00", "Europe/Berlin").date(), ["kafka"])
    action = _one(w, at("2027-02-05 13:00", "America/Chicago"), MessageKind.SHARE_NEWS)  # Fri 20:00 there
    assert action.state == "due" and action.note == "" and action.send_at is None
    action = _one(w, at("2027-02-05 13:30", "America/Chicago"), MessageKind.SHARE_NEWS)  # Fri 20:30 there
    assert action.note == ("it is 20:30 for them: schedule it for their morning, Mon 8 Feb 09:00 their time "
                           "(02:00 yours), or send it now")
