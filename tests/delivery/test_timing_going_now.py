"""The review's timing warnings in words that fit how the note goes: `send --at` a Saturday is
"scheduled on a Saturday"; `send --now` (or an approval that goes with the next round) on the
recipient's Saturday schedules nothing: it goes now and arrives on their Saturday.

Found in review: `send 1 --now` warned "scheduled on a Saturday ... - Schedule it for the next
business morning" and then sent it: nothing was scheduled, and the advice could no longer be
taken. The user is in Berlin, Jon Smith in New York; the real SMTP server receives the note.
"""

from __future__ import annotations

import pytest

from tests.helpers import afterview

NY = "America/New_York"
SATURDAY = f"2026-12-05 10:00 {NY}"  # 16:00 in Berlin: a Saturday for both


def at(moment: str):
    return lambda *args: afterview("--at", moment, *args)


@pytest.fixture
def drafted(mail, afterview_home, monkeypatch):
    """Alex in Berlin, an SMTP account on the test server, a thank-you to Jon Smith (New York)
    for Thursday's interview, drafted."""
    monkeypatch.setenv("AV_TEST_PASSWORD", mail.users["alice"].password)
    (afterview_home / "config.toml").write_text(mail.account_toml("test", extra="rate_per_minute = 0\n"))
    av = at(f"2026-12-03 12:00 {NY}")
    for args in (("profile", "set", "--name", "Alex Morgan", "--email", "alex@mail.example", "--phone", "+49 30 1234",
                  "--tz", "Europe/Berlin", "--country", "DE"),
                 ("opportunity", "add", "--company", "Globex", "--role", "Data Engineer"),
                 ("person", "add", "Jon Smith", "--email", "jon@globex.example", "--company", "Globex",
                  "--tz", NY, "--country", "US"),
                 ("interview", "add", "--opportunity", "1", "--start", "2026-12-03 10:00", "--tz", NY,
                  "--with", "Jon Smith"),
                 ("debrief", "1", "--person", "Jon Smith", "--topic", "the Kafka migration"),
                 ("draft", "thank_you:i1:p1", "--no-ask")):
        done = av(*args)
        assert done.code == 0, (args, done.err)
    return mail


def warnings(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("warning:")]


def test_send_now_on_their_saturday_says_it_goes_now_and_arrives_then(drafted):
    # approved on their Saturday, past its planned moment: it goes with the next round, now
    approved = at(SATURDAY)("approve", "1")
    assert approved.code == 0, approved.err
    assert warnings(approved.err) == [
        f"warning: going out now, it arrives on a Saturday (2026-12-05 10:00 their time ({NY})) [timing] - Schedule "
        "it for the next business morning."]

    # set for a Saturday to come: that moment is scheduled, and said so
    later = at(SATURDAY)("send", "1", "--at", f"2026-12-12 10:00 {NY}")
    assert later.code == 0, later.err
    assert warnings(later.err)[0] == (
        f"warning: scheduled on a Saturday (2026-12-12 10:00 their time ({NY})) [timing] - Schedule it for the next "
        "business morning.")
    assert warnings(later.err)[1].startswith("warning: a thank-you 9 days after the interview is late")  # then

    # sent now: nothing is scheduled, and no advice to schedule it follows a note that goes at once
    now = at(SATURDAY)("send", "1", "--now")
    assert now.code == 0, now.err
    assert warnings(now.err) == [f"warning: going out now, it arrives on a Saturday (2026-12-05 10:00 their time "
                                 f"({NY})) [timing]"]
    assert "sent message 1" in now.out
    assert len(drafted.received) == 1
