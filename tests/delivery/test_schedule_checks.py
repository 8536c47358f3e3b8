"""The moment a message goes out is reviewed when it is set, and said in the recipient's time.

A user in Europe/Berlin writes to interviewers in New York. A thank-you is never sent before its
interview has ended: approving it while it would go out at once, `send --at` a moment during the
interview and `send --now` during it are refused in one line (exit 2), nothing written, nothing
sent. A moment the review has warnings for (their public holiday, their night, late) is said with
the confirmation, which gives the recipient's own time; `show` does too, and `drafts --json`
has the scheduled time. The real SMTP server shows what went out, and when.
"""

from __future__ import annotations

import json
from datetime import datetime
from email.utils import parsedate_to_datetime

import pytest

from afterview.domain.model import Message, MessageState
from tests.helpers import afterview, assert_clean_error


def at(moment: str):
    """`afterview --at MOMENT ...`, the clock moved there."""
    return lambda *args: afterview("--at", moment, *args)


def stored(message_id: int = 1) -> Message:
    from afterview.config import paths
    from afterview.storage import open_store

    store = open_store(f"sqlite:///{paths().default_db}")
    try:
        with store.transaction() as tx:
            return tx.get(Message, message_id)
    finally:
        store.close()


@pytest.fixture
def berlin(mail, afterview_home, monkeypatch):
    """Alex in Berlin, an SMTP account on the test server, Jon Smith in New York (US)."""
    monkeypatch.setenv("AV_TEST_PASSWORD", mail.users["alice"].password)
    (afterview_home / "config.toml").write_text(mail.account_toml("test", extra="rate_per_minute = 0\n"))
    av = at("2026-11-01 12:00")
    for args in (("profile", "set", "--name", "Alex Morgan", "--email", "alex@mail.example", "--phone",
                  "+49 30 1234", "--tz", "Europe/Berlin", "--country", "DE"),
                 ("opportunity", "add", "--company", "Globex", "--role", "Data Engineer"),
                 ("person", "add", "Jon Smith", "--email", "jon@globex.example", "--company", "Globex",
                  "--tz", "America/New_York", "--country", "US")):
        done = av(*args)
        assert done.code == 0, done.err
    return mail


def thank_you_for(start: str, drafted_at: str) -> None:
    """An hour's interview with Jon (New York time), his topic recorded, the thank-you drafted."""
    av = at(drafted_at)
    for args in (("interview", "add", "--opportunity", "1", "--start", start, "--tz", "America/New_York",
                  "--with", "Jon Smith"),
                 ("debrief", "1", "--person", "Jon Smith", "--topic", "the Kafka migration"),
                 ("draft", "thank_you:i1:p1", "--no-ask")):
        done = av(*args)
        assert done.code == 0, done.err


NY = "America/New_York"


def test_a_thank_you_never_goes_out_during_its_interview(berlin):
    # Found by a tester: scheduled for 10:30 during a 10:00-11:00 interview, it was sent at 10:31.
    thank_you_for("2027-01-13 10:00", f"2027-01-13 08:00 {NY}")
    before, during = at(f"2027-01-13 09:01 {NY}"), at(f"2027-01-13 10:31 {NY}")

    # approved before the interview, it is set for the planned moment, an hour after its end
    # (not the outbox's next round, before the interview has even begun)
    approved = before("approve", "1")
    assert approved.code == 0, approved.err
    assert ("it goes out Wed 2027-01-13 18:00 your time (Europe/Berlin), 12:00 their time (America/New_York), "
            "the planned moment") in approved.out
    planned = datetime.fromisoformat("2027-01-13T12:00:00-05:00")
    assert stored().state == MessageState.SCHEDULED and stored().scheduled_at == planned

    # it cannot be set for a moment during the interview
    refused = before("send", "1", "--at", f"2027-01-13 10:30 {NY}")
    assert_clean_error(refused, "message 1 cannot go out then", "30 minutes before the interview ends",
                       "nothing was scheduled")
    assert refused.out == ""
    assert stored().state == MessageState.SCHEDULED and stored().scheduled_at == planned

    # nor sent at once while it lasts
    refused = during("send", "1", "--now")
    assert_clean_error(refused, "message 1 cannot go out now", "29 minutes before the interview ends",
                       "nothing was sent")
    assert berlin.received == []
    assert stored().state == MessageState.SCHEDULED and stored().scheduled_at == planned

    # after it, as the playbook has it: scheduled, said in both zones, sent once when due
    done = during("send", "1", "--at", f"2027-01-13 12:30 {NY}")
    assert done.code == 0, done.err
    assert (f"will be sent at Wed 2027-01-13 18:30 your time (Europe/Berlin), 12:30 their time ({NY})"
            in done.out)
    assert done.err == ""  # a fine moment: nothing to warn about
    assert "nothing due" in at(f"2027-01-13 12:29 {NY}")("send-due").out
    sent = at(f"2027-01-13 12:31 {NY}")("send-due")
    assert sent.code == 0 and "sent message 1" in sent.out, sent.err
    assert len(berlin.received) == 1
    date = parsedate_to_datetime(berlin.received[0].message["Date"])
    assert f"{date:%Y-%m-%d %H:%M %z}" == "2027-01-13 12:31 -0500"
    assert "nothing due" in at(f"2027-01-13 12:40 {NY}")("send-due").out
    assert len(berlin.received) == 1


def test_approving_after_the_interview_is_not_held_up(berlin):
    thank_you_for("2027-01-13 10:00", f"2027-01-13 08:00 {NY}")
    done = at(f"2027-01-13 12:05 {NY}")("approve", "1")
    assert done.code == 0 and done.err == "", done.err


def test_scheduling_says_their_time_and_the_reviews_warnings(berlin):
    # Found by a tester: Thanksgiving (09:00 in New York) and 02:00 their time were accepted in
    # silence, in Berlin time only.
    # Wednesday before Thanksgiving: the plan has it due by Friday 09:00 their time
    thank_you_for("2026-11-25 10:00", "2026-11-25 20:00")
    av = at("2026-11-25 22:06")
    assert av("approve", "1").code == 0

    holiday = av("send", "1", "--at", "2026-11-26 15:00")
    assert holiday.code == 0, holiday.err
    assert ("will be sent at Thu 2026-11-26 15:00 your time (Europe/Berlin), 09:00 their time "
            f"({NY}) by `afterview worker`") in holiday.out
    assert "warning: scheduled on a public holiday in US: Thanksgiving" in holiday.err
    assert "[timing]" in holiday.err

    night = av("send", "1", "--at", "2026-11-27 08:00")
    assert night.code == 0, night.err
    assert f"Fri 2026-11-27 08:00 your time (Europe/Berlin), 02:00 their time ({NY})" in night.out
    assert "warning: arrives outside the recipient's waking hours (07:00-20:00)" in night.err
    assert f"Fri 2026-11-27 02:00 their time ({NY})" in night.err
    assert "outside the recipient's waking hours" in av("lint", "--draft", "1").out  # the review says it too

    shown = av("show", "1")
    assert f"to be sent at Fri 2026-11-27 08:00 your time (Europe/Berlin), 02:00 their time ({NY})" in shown.out
    listed = json.loads(av("drafts", "--all", "--json").out)
    assert [item["scheduled_at"] for item in listed] == ["2026-11-27T07:00:00+00:00"]

    fine = av("send", "1", "--at", "2026-11-27 15:00")
    assert fine.code == 0 and fine.err == "", fine.err
    assert f"Fri 2026-11-27 15:00 your time (Europe/Berlin), 09:00 their time ({NY})" in fine.out
    assert berlin.received == []


def test_a_recipient_in_your_own_zone_gets_one_time(berlin):
    av = at("2026-11-01 12:00")
    assert av("person", "edit", "Jon Smith", "--tz", "Europe/Berlin").code == 0
    thank_you_for("2026-11-24 10:00", "2026-11-24 20:00")
    later = at("2026-11-25 09:00")
    assert later("approve", "1").code == 0
    done = later("send", "1", "--at", "2026-11-25 15:00")
    assert done.code == 0, done.err
    assert "will be sent at Wed 2026-11-25 15:00 your time (Europe/Berlin) by" in done.out
    assert "their time" not in done.out + later("show", "1").out


def test_a_friday_note_in_its_monday_slot_is_not_called_late(berlin):
    # Found by a tester: the planner says "schedule it for Mon 7 Dec 08:00-09:00 their time",
    # and the review called that slot late (69 h, over 48 h).
    thank_you_for("2026-12-04 10:00", "2026-12-04 20:00")  # a Friday
    av = at("2026-12-04 20:00")
    assert "schedule it for Mon 7 Dec 08:00-09:00 their time" in av("why", "thank_you:i1:p1").out
    assert av("approve", "1").code == 0
    slot = av("send", "1", "--at", "2026-12-07 14:00")  # Mon 08:00 in New York
    assert slot.code == 0 and slot.err == "", slot.err
    assert "no problems found" in av("lint", "--draft", "1").out
    past = av("send", "1", "--at", "2026-12-07 15:30")  # 09:30, after the slot
    assert past.code == 0, past.err
    assert "is late (over 48 h, and past its planned due moment, Mon 2026-12-07 09:00 their time" in past.err
