"""`today` for a newcomer: a note approved whose moment has come sits unsent while no desk,
worker or send-due runs, and says what sends it; replies read and waiting to be confirmed are
listed (with the command), in --json too; the desk says where a debrief's thank-yous are on Today."""

import json
from datetime import datetime, timezone

from tests.helpers import afterview

AT = "2026-12-01T16:00:00+00:00"


def _set(tmp_path, message_id: int, state: str, *, approved_at, scheduled_at=None) -> None:
    """A note approved or scheduled as `approve` or `send --at` leave it (no mail account needed)."""
    from afterview.domain.model import Message, MessageState
    from afterview.storage import open_store

    store = open_store(f"sqlite:///{tmp_path / 'a.db'}")
    with store.transaction() as tx:
        message = tx.get(Message, message_id)
        message.state, message.approved_at, message.scheduled_at = MessageState(state), approved_at, scheduled_at
        tx.update(message)
    store.close()


def _setup(tmp_path):
    db = f"sqlite:///{tmp_path / 'a.db'}"

    def av(*args, at=AT):
        return afterview("--db", db, "--at", at, *args)

    assert av("profile", "set", "--name", "Alex Morgan", "--email", "alex@mail.example", "--phone", "+1 555 0100",
              "--tz", "Etc/UTC", "--country", "US").code == 0
    assert av("opportunity", "add", "--company", "Acme", "--role", "Engineer").code == 0
    assert av("person", "add", "Li Wei", "--email", "li.wei@acme.example", "--company", "Acme").code == 0
    assert av("interview", "add", "--opportunity", "1", "--start", "2026-11-30 10:00", "--with", "Li Wei").code == 0
    assert av("debrief", "1", "--person", "Li", "--topic", "the data platform").code == 0
    return av


def test_an_approved_note_whose_moment_came_says_what_sends_it(tmp_path):
    av = _setup(tmp_path)
    assert av("draft", "thank_you:i1:p1", "--no-ask").code == 0
    _set(tmp_path, 1, "approved", approved_at=datetime(2026, 12, 1, 16, 0, tzinfo=timezone.utc))
    later = "2026-12-01T16:20:00+00:00"  # nothing has run since
    listed = av("today", at=later).out
    going = listed[listed.index("ON ITS WAY"):]
    assert "approved (message 1): goes with the next send round" in going
    assert ("message 1 is not sent yet, its moment come: it goes when the desk (afterview serve) or afterview worker "
            "is running, or when you run afterview send-due") in going, going


def test_a_note_scheduled_later_says_nothing_of_it(tmp_path):
    av = _setup(tmp_path)
    assert av("draft", "thank_you:i1:p1", "--no-ask").code == 0
    _set(tmp_path, 1, "scheduled", approved_at=datetime(2026, 12, 1, 16, 0, tzinfo=timezone.utc),
         scheduled_at=datetime(2026, 12, 2, 15, 0, tzinfo=timezone.utc))
    listed = av("today").out
    assert "ON ITS WAY" in listed and "not sent yet" not in listed


def test_today_lists_replies_to_confirm(tmp_path):
    av = _setup(tmp_path)
    assert av("replies", "add", "Li Wei", "--says", "we have decided to move forward with another candidate").code == 0
    assert av("skip", "thank_you:i1:p1", "--reason", "thanked in person").code == 0
    listed = av("today").out
    assert "Nothing is due right now; 1 reply waits to be confirmed (below)." in listed, listed
    section = listed[listed.index("REPLIES TO CONFIRM: 1"):]
    assert "Li Wei replied Tue 2026-12-01 16:00 about Engineer at Acme: it reads as a rejection" in section
    assert "afterview replies confirm 1 (the opportunity becomes rejected" in section
    records = json.loads(av("today", "--json").out)
    reply = [r for r in records if r["kind"] == "reply_to_confirm"]
    assert len(reply) == 1 and reply[0]["reply_id"] == 1 and reply[0]["suggested_status"] == "rejected"
    assert reply[0]["command"] == "afterview replies confirm 1" and reply[0]["person_name"] == "Li Wei"
    # confirmed, it leaves the list
    assert av("replies", "confirm", "1").code == 0
    after = av("today")
    assert "REPLIES TO CONFIRM" not in after.out
    assert not [r for r in json.loads(av("today", "--json").out) if r["kind"] == "reply_to_confirm"]


def test_the_desk_says_where_the_thank_yous_are_on_today():
    from afterview.interfaces.web.capture import _where_on_today

    assert _where_on_today(1, 0) == " The thank-you note is on Today."
    assert _where_on_today(0, 1) == " The thank-you note is under Coming up on Today (not due yet)."
    assert _where_on_today(0, 2) == " The thank-you notes are under Coming up on Today (not due yet)."
    assert _where_on_today(1, 1) == " Thank-you notes: 1 due on Today, 1 under Coming up (not due yet)."
    assert _where_on_today(0, 0) == ""


def test_the_desk_counts_a_friday_interviews_thank_you_as_coming_up(tmp_path):
    from types import SimpleNamespace

    from afterview.domain.model import MessageKind
    from afterview.interfaces.web.capture import _thank_yous

    def action(state):
        return SimpleNamespace(interview_id=3, kind=MessageKind.THANK_YOU, state=state)

    actions = [action("upcoming"), action("due"), action("overdue"),
               SimpleNamespace(interview_id=4, kind=MessageKind.THANK_YOU, state="due")]
    desk = SimpleNamespace(snapshot=lambda unplanned: SimpleNamespace(actions=actions))
    assert _thank_yous(desk, 3) == (2, 1)
