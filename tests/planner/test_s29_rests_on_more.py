"""What a reply read as a rejection, not confirmed yet, holds back and starts, said everywhere.

While a reply that reads as a rejection waits to be confirmed, the plan takes its process as
rejected: the thank-yous of its panel stop, and a reply to the rejection and LinkedIn requests
after it are planned. `today` says, under REPLIES TO CONFIRM, which thank-yous the reply holds
back (and `today --json` their keys, on the reply's record); every action the plan has only
because of that reading says it rests on the reply, on `today` and in `why`. And a snooze's
suggested send time falls in the recipient's send window, not in their night.

The README's panel (Priya Raman and Tom Becker, Wed 25 Nov 2026, Chicago), on a real SQLite file.
"""

from __future__ import annotations

import json

import pytest

from tests.helpers import afterview
from tests.planner.test_d63_unconfirmed_rejection import NOW, run
from tests.planner.test_d63_unconfirmed_rejection import db as panel  # noqa: F401 (a fixture)

LATER = "2026-11-27 16:00"  # the reply to the rejection and the requests are due
RESTS = ("this rests on a reply not confirmed yet: it is due only if the reply from Tom Becker is a rejection "
         "(afterview replies confirm 1; if it is not one: afterview replies confirm 1 --status none)")


@pytest.fixture
def db(panel):
    """The README's panel (test_d63_unconfirmed_rejection's), with Tom's reply read as a rejection."""
    run(panel, "replies", "add", "Tom", "--says", "we have decided to move forward with another candidate")
    return panel


def test_today_says_which_thank_yous_the_reply_holds_back(db):
    said = run(db, "today")
    section = said[said.index("REPLIES TO CONFIRM"):]
    assert ("until you confirm it, it holds back the thank-you notes to Priya Raman and Tom Becker (due Fri 27 "
            "Nov 09:00 if it is no rejection: overdue already)") in section.replace("\n           ", " "), section
    records = json.loads(run(db, "today", "--json"))
    reply = next(r for r in records if r["kind"] == "reply_to_confirm")
    assert reply["holds_back"] == ["thank_you:i1:p1", "thank_you:i1:p2"]
    # said no rejection, they come back, and the reply holds back nothing any more
    run(db, "replies", "confirm", "1", "--status", "none")
    said = run(db, "today")
    assert "holds back" not in said and "thank_you:i1:p1" in said and "thank_you:i1:p2" in said


def test_every_action_started_by_the_reading_rests_on_the_reply(db):
    said = run(db, "today", now=LATER).replace("\n           ", "\n")
    for key in ("rejection_reply:o1:p2", "linkedin_note:p1", "linkedin_note:p2"):
        block = said[:said.index(f"key: {key}")].rsplit("\n  ", 1)[-1]
        assert RESTS in block, (key, block)
        assert RESTS in run(db, "why", key, now=LATER).splitlines(), key
    records = {r["key"]: r for r in json.loads(run(db, "plan", "--json", now=LATER))["actions"]}
    assert records["linkedin_note:p1"]["rests_on"] == 1
    run(db, "replies", "confirm", "1", now=LATER)  # a rejection indeed: nothing rests on a reply any more
    assert "rests on" not in run(db, "today", now=LATER) and "rests on" not in run(db, "why", "linkedin_note:p1", now=LATER)


def test_a_snoozed_suggested_send_time_falls_in_their_send_window(tmp_path):
    db = str(tmp_path / "demo.db")
    assert afterview("--db", db, "demo").code == 0
    at = ("--db", db, "--at", "2026-11-30 16:00 UTC")
    assert afterview(*at, "profile", "set", "--tz", "UTC").code == 0
    assert afterview(*at, "snooze", "thank_you:i1:p1", "--until", "2026-12-02 10:00").code == 0
    said = afterview(*at, "why", "thank_you:i1:p1").out
    line = next(x for x in said.splitlines() if x.startswith("suggested send time"))
    assert line == ("suggested send time: Wed 2026-12-02 15:30 your time (UTC), 09:30 their time "
                    "(America/Chicago)"), said
