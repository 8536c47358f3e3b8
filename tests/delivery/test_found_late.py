"""Nothing by surprise after the computer slept: a note whose moment passed while nothing sent it.

Found by testers: a thank-you scheduled for Monday 09:30 in New York went out on Tuesday at 03:00
their time, when `send-due` next ran; one approved on 18 December went out on 7 January at
22:00 their time, while the plan itself said a thank-you on its own would read oddly by then.
Now the outbox reviews such a note's moment again before it goes: one that only came at a bad
hour or day for them moves to their next good moment, one that has gone stale becomes a draft
again, with why. The user is in Berlin; the real SMTP server receives what goes.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest

from afterview.domain.model import Message, MessageKind, MessageState
from tests.helpers import afterview

pytestmark = pytest.mark.mail

NY = "America/New_York"


def at(moment: str):
    return lambda *args: afterview("--at", moment, *args)


def setup(mail, home, monkeypatch, *, start: str, zone: str = NY, country: str = "US",
          when: str = "2026-12-18 12:00 America/New_York"):
    """Alex in Berlin, an SMTP account on the test server, a thank-you to Jon Smith (in `zone`)
    for an hour's interview at `start` (their time), drafted at `when`."""
    monkeypatch.setenv("AV_TEST_PASSWORD", mail.users["alice"].password)
    (home / "config.toml").write_text(mail.account_toml("test", extra="rate_per_minute = 0\n"))
    av = at(when)
    for args in (("profile", "set", "--name", "Alex Morgan", "--email", "alex@mail.example", "--phone", "+49 30 1234",
                  "--tz", "Europe/Berlin", "--country", "DE"),
                 ("opportunity", "add", "--company", "Globex", "--role", "Data Engineer"),
                 ("person", "add", "Jon Smith", "--email", "jon@globex.example", "--company", "Globex",
                  "--tz", zone, "--country", country),
                 ("interview", "add", "--opportunity", "1", "--start", start, "--tz", zone,
                  "--with", "Jon Smith"),
                 ("debrief", "1", "--person", "Jon Smith", "--topic", "the Kafka migration"),
                 ("draft", "thank_you:i1:p1", "--no-ask")):
        done = av(*args)
        assert done.code == 0, (args, done.err)


def stored(home, message_id: int = 1) -> Message:
    from afterview.storage import open_store

    store = open_store(f"sqlite:///{home / 'afterview.db'}")
    try:
        with store.reading() as tx:
            return tx.get(Message, message_id)
    finally:
        store.close()


def test_a_thank_you_found_a_day_late_at_3_am_their_time_is_a_draft_again_with_why(mail, afterview_home, monkeypatch):
    # Friday's interview; the note was set for Monday 15:30 in Berlin (09:30 in New York);
    # send-due ran on Tuesday at 09:00 in Berlin, 03:00 in New York: it is their night, and the
    # thank-you is late now, a day later than the late one approved
    setup(mail, afterview_home, monkeypatch, start="2026-12-18 14:00")
    assert at("2026-12-18 22:00")("approve", "1").code == 0
    assert at("2026-12-18 22:00")("send", "1", "--at", "2026-12-21 15:30").code == 0
    ran = at("2026-12-22 09:00")("send-due")
    assert ran.code == 0, ran.err
    assert mail.received == []
    why = ("not sent: it was to go out Mon 21 Dec 15:30 and no Afterview program sent it then (the computer "
           "asleep, or no worker running); now it is 03:00 for them (Tue 22 Dec), and a thank-you 4 days after the "
           "interview is late (over 48 h, and past its planned due moment, Mon 2026-12-21 09:00 their time "
           f"({NY})): say 'thank you for our conversation on Friday', not 'yesterday'; a draft again (nothing goes "
           "without your word: read it again, then approve it again if it still fits (afterview approve 1), or skip "
           "it (afterview skip thank_you:i1:p1 --reason ...))")
    assert ran.out.splitlines() == [f"message 1: {why}"]
    message = stored(afterview_home)
    assert message.state == MessageState.DRAFTED and message.approved_at is None and message.scheduled_at is None
    assert message.last_error == why
    # said again where the note is looked at, and nothing goes at the next run
    today = at("2026-12-22 09:05")("today")
    assert "held back, a draft again (message 1): afterview show 1 says why" in today.out
    assert "held back: it was to go out Mon 21 Dec 15:30" in at("2026-12-22 09:05")("show", "1").out
    again = at("2026-12-22 15:00")("send-due")
    assert again.out.strip() == "nothing due" and mail.received == []
    # approved again, the user's new word: it goes
    assert at("2026-12-22 15:00")("approve", "1").code == 0
    assert "sent message 1" in at("2026-12-22 15:01")("send-due").out
    assert len(mail.received) == 1


def test_a_note_found_at_their_night_moves_to_their_next_good_moment_and_goes_then(mail, afterview_home, monkeypatch):
    # a morning interview in New York; the note went with the next round from Monday 17:00 in
    # Berlin (11:00 theirs), but nothing ran until Tuesday 09:00 in Berlin, 03:00 in New York
    setup(mail, afterview_home, monkeypatch, start="2026-12-21 09:00", when="2026-12-21 10:30 America/New_York")
    assert at("2026-12-21 17:00")("approve", "1").code == 0
    assert stored(afterview_home).scheduled_at is None  # with the next round
    ran = at("2026-12-22 09:00")("send-due")
    assert ran.code == 0, ran.err
    why = ("moved to Tue 22 Dec 15:00 your time (09:00 their time), their next good moment: it was to go out Mon 21 "
           "Dec 17:00 and no Afterview program sent it then (the computer asleep, or no worker running), and now it "
           "is 03:00 for them (Tue 22 Dec); to send it now all the same: afterview send 1 --now")
    assert ran.out.splitlines() == [f"message 1: {why}"]
    assert mail.received == []
    message = stored(afterview_home)
    assert message.state == MessageState.SCHEDULED and message.last_error == why
    assert message.scheduled_at == datetime(2026, 12, 22, 14, 0, tzinfo=timezone.utc)
    assert "to be sent at Tue 2026-12-22 15:00 your time (Europe/Berlin), 09:00 their time" in \
        at("2026-12-22 09:05")("show", "1").out
    # --json says where it went
    assert at("2026-12-22 09:06")("send-due", "--json").out.count('"moved"') == 1
    # at that moment it goes, as moved: nothing more to approve
    assert at("2026-12-22 14:59")("send-due").out.strip() == "nothing due"
    went = at("2026-12-22 15:00")("send-due")
    assert went.out.splitlines() == ["sent message 1"] and len(mail.received) == 1


def test_a_note_sent_on_time_is_untouched_even_at_their_night(mail, afterview_home, monkeypatch):
    # set on purpose for 21:30 their time (the review warned of it); the worker ran five minutes late
    setup(mail, afterview_home, monkeypatch, start="2026-12-21 09:00", when="2026-12-21 10:30 America/New_York")
    assert at("2026-12-21 17:00")("approve", "1").code == 0
    assert at("2026-12-21 17:00")("send", "1", "--at", f"2026-12-21 21:30 {NY}").code == 0
    went = at(f"2026-12-21 21:35 {NY}")("send-due")
    assert went.out.splitlines() == ["sent message 1"] and len(mail.received) == 1


def test_a_note_found_late_at_a_moment_that_still_suits_them_goes(mail, afterview_home, monkeypatch):
    setup(mail, afterview_home, monkeypatch, start="2026-12-21 09:00", when="2026-12-21 10:30 America/New_York")
    assert at("2026-12-21 17:00")("approve", "1").code == 0  # 11:00 theirs, with the next round
    went = at(f"2026-12-21 14:30 {NY}")("send-due")  # three and a half hours later: still their afternoon
    assert went.out.splitlines() == ["sent message 1"] and len(mail.received) == 1


def test_a_saturday_chosen_on_purpose_stays_chosen_on_that_weekend(mail, afterview_home, monkeypatch):
    # a Friday morning interview; the note set for Saturday 10:00 their time, on purpose (the
    # review warned of the weekend then): found at 14:00 the same Saturday, it goes
    setup(mail, afterview_home, monkeypatch, start="2026-12-18 09:00", when="2026-12-18 11:00 America/New_York")
    assert at("2026-12-18 18:00")("approve", "1").code == 0
    assert at("2026-12-18 18:00")("send", "1", "--at", f"2026-12-19 10:00 {NY}").code == 0
    went = at(f"2026-12-19 14:00 {NY}")("send-due")
    assert went.out.splitlines() == ["sent message 1"] and len(mail.received) == 1


def test_a_thank_you_found_on_their_christmas_day_is_not_moved_past_its_time(mail, afterview_home, monkeypatch):
    # Wednesday's interview in London, the note set for Thursday 09:00 theirs; found on Christmas
    # Day: their next business morning is Tuesday 29 December (Boxing Day is a Saturday, its bank
    # holiday Monday), when a thank-you would be late: a draft again, not moved there
    setup(mail, afterview_home, monkeypatch, start="2026-12-23 15:00", zone="Europe/London", country="GB-ENG",
          when="2026-12-23 17:00 Europe/London")
    assert at("2026-12-23 19:00")("approve", "1").code == 0
    assert at("2026-12-23 19:00")("send", "1", "--at", "2026-12-24 10:00").code == 0
    ran = at("2026-12-25 13:00")("send-due")
    assert ran.code == 0, ran.err
    assert mail.received == []
    assert ran.out.startswith(
        "message 1: not sent: it was to go out Thu 24 Dec 10:00 and no Afterview program sent it then (the computer "
        "asleep, or no worker running); now it is a public holiday for them (Fri 25 Dec, Christmas Day), and at "
        "their next good moment, Tue 29 Dec 10:00 your time (09:00 their time), a thank-you 6 days after the "
        "interview would be late (over 48 h")
    assert stored(afterview_home).state == MessageState.DRAFTED


def test_a_reply_to_their_decision_found_far_past_its_latest_is_a_draft_again(mail, afterview_home, monkeypatch):
    # rejected on Wednesday; the gracious reply approved that afternoon (48 h at the latest, by the
    # playbook), found the Monday after, at a good hour for them: it has gone stale
    setup(mail, afterview_home, monkeypatch, start="2026-12-14 09:00", when="2026-12-14 10:30 America/New_York")
    for moment, args in ((f"2026-12-14 10:30 {NY}", ("done", "thank_you:i1:p1")),
                         (f"2026-12-16 10:00 {NY}", ("outcome", "1", "rejected")),
                         (f"2026-12-16 13:00 {NY}", ("draft", "rejection_reply:o1:p1", "--no-ask")),
                         (f"2026-12-16 13:00 {NY}", ("approve", "2"))):
        assert at(moment)(*args).code == 0, args
    ran = at(f"2026-12-21 10:00 {NY}")("send-due")
    assert ran.out.splitlines() == [
        "message 2: not sent: it was to go out Wed 16 Dec 19:00 and no Afterview program sent it then (the computer "
        "asleep, or no worker running); now it is past the latest moment the plan gives it, Fri 18 Dec 16:00; a draft "
        "again (nothing goes without your word: read it again, then approve it again if it still fits (afterview "
        "approve 2), or skip it (afterview skip rejection_reply:o1:p1 --reason ...))"]
    assert mail.received == [] and stored(afterview_home, 2).state == MessageState.DRAFTED


def test_send_now_of_a_note_found_late_is_the_users_own_choice(mail, afterview_home, monkeypatch):
    setup(mail, afterview_home, monkeypatch, start="2026-12-18 14:00")
    assert at("2026-12-18 22:00")("approve", "1").code == 0
    assert at("2026-12-18 22:00")("send", "1", "--at", "2026-12-21 15:30").code == 0
    now = at("2026-12-22 09:00")("send", "1", "--now")
    assert now.code == 0, now.err
    assert "sent message 1" in now.out and len(mail.received) == 1


def test_the_worker_says_it_in_its_log_and_sends_nothing(mail, afterview_home, monkeypatch):
    # approved on 18 December with the next round (16:00 theirs); the worker next ran on
    # 8 January at 03:00 in Berlin, 21:00 in New York: the plan itself says a thank-you on its
    # own would read oddly by now
    from tests.helpers import worker_rounds

    setup(mail, afterview_home, monkeypatch, start="2026-12-18 14:00")
    assert at("2026-12-18 22:00")("approve", "1").code == 0
    assert stored(afterview_home).scheduled_at is None
    done = worker_rounds("--at", "2027-01-08 03:00", "worker", "--interval", "5", rounds=2)
    assert done.code == 0, done.err
    assert mail.received == []
    [line] = [line for line in done.out.splitlines() if "message 1" in line]
    assert line.startswith("2027-01-08 03:00 message 1: not sent: it was to go out Fri 18 Dec 2026 22:00 and no Afterview "
                           "program sent it then (the computer asleep, or no worker running); now it is 21:00 for them "
                           "(Thu 7 Jan), and a thank-you 20 days after the interview is late (over 48 h")
    assert ("): 20 days after the interview of December 18, 2026, a thank-you on its own would read oddly now: thank them "
            "for it in your next note to them, or skip this one; a draft again (") in line
    assert stored(afterview_home).state == MessageState.DRAFTED


# --- the same, as the services see it: the desk's mail round, and never sent twice ---------------

@pytest.fixture
def late_at_night(store, seeded, accounts):
    """Bob's thank-you for yesterday's interview (Wed 25 Nov, 10:00-11:00 UTC, where he is taken to
    be), approved on Thursday at 10:00 to go with the next round; nothing ran until 22:00 that day."""
    from afterview.services import delivery
    from tests.delivery.conftest import NOW, add_interview, add_message

    found = add_interview(store, seeded, NOW - timedelta(days=1))
    message_id = add_message(store, found, action_key=found["key"], interview_id=found["interview"])
    with store.transaction() as tx:
        delivery.approve(tx, message_id, now=NOW, accounts=accounts)
    return message_id, NOW + timedelta(hours=12)


def test_the_desks_mail_round_says_it_in_the_same_words(mail, store, accounts, late_at_night):
    from afterview.services import delivery

    message_id, night = late_at_night
    done = delivery.mail_round(store, now=night, accounts=accounts)
    [(held, why)] = done.sent.held_back
    assert held == message_id and done.sent.sent == [] and mail.received == []
    assert why == ("moved to Fri 27 Nov 09:00 your time, their next good moment: it was to go out Thu 26 Nov 10:00 and "
                   "no Afterview program sent it then (the computer asleep, or no worker running), and now it is "
                   "22:00 for them (Thu 26 Nov); to send it now all the same: afterview send "
                   f"{message_id} --now")
    assert done.sent.moved == [(message_id, datetime(2026, 11, 27, 9, 0, tzinfo=timezone.utc))]


def test_a_note_claimed_by_another_program_meanwhile_is_not_moved(mail, store, accounts, late_at_night):
    """The review is made outside the write lock; the move is conditional, as the claim is: a
    note another program claimed (or one approved again) since it was read is left as it is."""
    from afterview.delivery import outbox
    from afterview.services import delivery

    message_id, night = late_at_night
    with store.reading() as tx:
        read = tx.get(Message, message_id)
        [verdict] = delivery.review_late(tx, [read], now=night).values()
    assert verdict.to is not None
    with store.transaction() as tx:  # another program's claim comes first
        assert outbox.claim(tx, message_id, night)
    with store.transaction() as tx:
        assert not outbox.move(tx, read, to=verdict.to, now=night, why=verdict.why)
        assert tx.get(Message, message_id).state == MessageState.SENDING
    with store.transaction() as tx:  # approved again since it was read: not the note reviewed
        tx.connection.execute(tx.table(Message).update().values(state="approved", approved_at=night))
        assert not outbox.move(tx, read, to=verdict.to, now=night, why=verdict.why)
        assert tx.get(Message, message_id).scheduled_at is None


def test_what_a_listing_says_of_a_note_found_late_and_of_one_moved():
    """The words `today` can give a note on its way (delivery.outbox, read without the delivery
    services): found late, before a round reviewed it; moved, after."""
    from afterview.delivery import outbox

    set_at = datetime(2026, 12, 21, 16, 0, tzinfo=timezone.utc)
    note = Message(id=4, kind=MessageKind.THANK_YOU, person_id=1, action_key="thank_you:i1:p1", state=MessageState.APPROVED,
                   approved_at=set_at)
    when = "{:%a %H:%M}".format
    assert outbox.late_words(note, set_at + outbox.GRACE, when) == ""  # on time: nothing to say
    said = outbox.late_words(note, set_at + timedelta(hours=17), when)
    assert said.startswith("its moment, Mon 16:00, passed and nothing sent it then: the next round (afterview "
                           "send-due, the worker or the desk) looks at the moment again before it goes")
    assert said.endswith("(to send it now all the same: afterview send 4 --now)")
    assert outbox.late_words(replace(note, action_key=""), set_at + timedelta(days=3), when) == ""  # no plan
    assert not outbox.moved(note)
    assert outbox.moved(replace(note, state=MessageState.SCHEDULED, last_error="moved to Tue 22 Dec 15:00 ..."))

