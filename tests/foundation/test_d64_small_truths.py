"""Small truths in the terminal: `undo` of an action due says "due Thu ...", not "due, due Thu
..."; a reply overtaken by what was decided since no longer waits under REPLIES TO CONFIRM (the
reply itself kept); `playbook check` with no playbook.toml says so instead of calling a file
that does not exist OK; `debrief` and `replies add` say a day in one form ("Mon 7 Dec 2026")."""

from __future__ import annotations

import json

from tests.helpers import afterview

AT = "2026-11-26T16:00:00+00:00"


def _setup(tmp_path):
    db = f"sqlite:///{tmp_path / 'a.db'}"

    def av(*args, at=AT):
        return afterview("--db", db, "--at", at, *args)

    for args in (("profile", "set", "--name", "Alex Morgan", "--email", "alex@mail.example", "--phone",
                  "+1 555 0100", "--tz", "Etc/UTC", "--country", "US"),
                 ("opportunity", "add", "--company", "Acme", "--role", "Engineer"),
                 ("person", "add", "Li Wei", "--email", "li.wei@acme.example", "--company", "Acme"),
                 ("interview", "add", "--opportunity", "1", "--start", "2026-11-25 10:00", "--with", "Li Wei"),
                 ("debrief", "1", "--person", "Li", "--topic", "the data platform")):
        done = av(*args)
        assert done.code == 0, done.err
    return av


def test_undo_of_an_action_due_says_due_once(tmp_path):
    av = _setup(tmp_path)
    key = "thank_you:i1:p1"
    at = "2026-11-26T09:00:00+00:00"  # within its day: due, not overdue
    assert "DUE " in av("today", at=at).out
    assert av("done", key, at=at).code == 0
    undone = av("undo", key, at=at)
    assert undone.code == 0, undone.err
    now = undone.out.splitlines()[-1]
    assert now.startswith("now: planned again at the plan's own moment: due Fri 2026-11-27 09:00"), now
    assert "due, due" not in undone.out


def _unconfirmed(tmp_path, reply_id: int) -> None:
    """A reply left to confirm, as one read from the mailbox is (one told that reads as no
    decision is confirmed at once)."""
    from afterview.domain.model import Inbound
    from afterview.storage import open_store

    store = open_store(f"sqlite:///{tmp_path / 'a.db'}")
    with store.transaction() as tx:
        reply = tx.get(Inbound, reply_id)
        reply.confirmed = False
        tx.update(reply)
    store.close()


def _listed(av, at=AT) -> list[int]:
    records = json.loads(av("today", "--json", at=at).out)
    return [r["reply_id"] for r in records if r["kind"] == "reply_to_confirm"]


def test_a_reply_of_a_process_closed_since_no_longer_waits(tmp_path):
    av = _setup(tmp_path)
    first = av("replies", "add", "Li Wei", "--says", "thanks, we will be in touch", at="2026-11-27T10:00:00+00:00")
    assert first.code == 0, first.err
    _unconfirmed(tmp_path, 1)
    assert _listed(av, "2026-11-27T12:00:00+00:00") == [1]
    later = "2027-04-02T12:00:00+00:00"
    no = av("replies", "add", "Li Wei", "--says", "we have decided to move forward with another candidate",
            at="2027-04-01T10:00:00+00:00")
    assert no.code == 0, no.err
    assert _listed(av, later) == [2, 1]
    assert av("replies", "confirm", "2", at=later).code == 0
    listed = av("today", at=later).out
    assert "REPLIES TO CONFIRM" not in listed, listed
    assert _listed(av, later) == []
    # the reply itself is kept, unconfirmed, where `replies` lists them
    kept = av("replies", at=later)
    assert kept.code == 0 and "thanks, we will be in touch" in kept.out, kept.out


def test_a_reply_from_after_the_process_closed_still_waits(tmp_path):
    av = _setup(tmp_path)
    assert av("opportunity", "status", "1", "rejected", at="2026-11-27T09:00:00+00:00").code == 0
    late = "2026-12-02T12:00:00+00:00"
    assert av("replies", "add", "Li Wei", "--says", "we would like to invite you to another interview",
              at="2026-12-01T10:00:00+00:00").code == 0
    _unconfirmed(tmp_path, 1)
    assert _listed(av, late) == [1]


def test_a_reply_whose_decision_date_was_recorded_no_longer_waits(tmp_path):
    av = _setup(tmp_path)
    at = "2026-11-27T12:00:00+00:00"
    told = av("replies", "add", "Li Wei", "--says", "we expect to make a decision by 10 December", at=at)
    assert told.code == 0, told.err
    _unconfirmed(tmp_path, 1)
    assert _listed(av, at) == [1]
    assert av("debrief", "1", "--person", "Li", "--decision-date", "2026-12-10", at=at).code == 0
    assert _listed(av, at) == []


def test_playbook_check_without_a_playbook_says_the_defaults_are_in_use(afterview_home):
    checked = afterview("playbook", "check")
    assert checked.code == 0, checked.err
    assert checked.out.strip() == f"no playbook.toml at {afterview_home / 'playbook.toml'}: the defaults are in use"
    (afterview_home / "playbook.toml").write_text("[spacing]\nbusiness_days = 3\n")
    checked = afterview("playbook", "check")
    assert checked.out.strip() == f"{afterview_home / 'playbook.toml'}: OK (1 setting changed from the defaults)"


def test_debrief_and_replies_add_say_a_day_alike(tmp_path):
    av = _setup(tmp_path)
    at = "2026-11-26T12:00:00+00:00"
    debrief = av("debrief", "1", "--person", "Li", "--decision-date", "2026-12-07", at=at)
    assert debrief.code == 0, debrief.err
    told = av("replies", "add", "Li Wei", "--says", "still deciding", at=at)
    assert told.code == 0, told.err
    said = debrief.out + debrief.err + told.out + told.err
    assert "Mon 7 Dec 2026" in said, said
    assert "Mon 07 Dec" not in said, said
