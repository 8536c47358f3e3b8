"""The end of a search: offers accepted, taken back, rescinded, declines sent (found by a tester
who took four processes through it).

- A process reopened after a withdrawal that stood is a new chapter: accepting another offer then
  plans a new note withdrawing from it (`withdrawal.2:...`), not "No one to write to".
- A decision taken back or changed names each note that already went because of it.
- A withdrawal drafted before the process made an offer is said to be written before the change.
- An offer set again without --from keeps who made it: the decline goes to them.
- The reason a held-back decline gives is the acceptance taken back, not an older reply.
- `why` of a keep-in-touch touch of a reopened process says it is open again.
- An accepted offer rescinded says which withdrawals stand and which drafts are no longer planned.
"""

from __future__ import annotations

import pytest

from tests.delivery.test_crash import write_config
from tests.helpers import afterview


def _run(db, at, *args):
    return afterview("--db", str(db), *args, env={"AFTERVIEW_AT": at, "AV_TEST_PASSWORD": "alice-secret"})


def _ok(db, at, *args) -> str:
    done = _run(db, at, *args)
    assert done.code == 0, (args, done.out, done.err)
    assert "Traceback" not in done.out + done.err
    return done.out


def _world(tmp_path):
    """Acme (opportunity 1, an offer from Rita), Globex (2, interviewing with Gina), Umbrella (3, an
    offer from Una; Uli, its recruiter, ran the interview). Rita's and Gina's addresses are test
    mailboxes."""
    db = tmp_path / "afterview.db"
    at = "2026-11-16 09:00"
    _ok(db, at, "profile", "set", "--name", "Alex Morgan", "--tz", "UTC", "--country", "GB")
    for company, role in (("Acme", "Data Engineer"), ("Globex", "Platform Engineer"), ("Umbrella", "Data Engineer")):
        _ok(db, at, "opportunity", "add", "--company", company, "--role", role)
    for name, email, company in (("Rita Cole", "bob@example.test", "Acme"), ("Gina Park", "carol@example.test", "Globex"),
                                 ("Una Byrne", "una@umbrella.example", "Umbrella"),
                                 ("Uli Stern", "uli@umbrella.example", "Umbrella")):
        _ok(db, at, "person", "add", name, "--email", email, "--company", company)
    _ok(db, at, "interview", "add", "--opportunity", "1", "--start", "2026-11-16 10:00", "--duration", "60m",
        "--with", "Rita Cole:recruiter")
    _ok(db, at, "interview", "add", "--opportunity", "2", "--start", "2026-11-17 10:00", "--duration", "60m",
        "--with", "Gina Park:recruiter")
    _ok(db, at, "interview", "add", "--opportunity", "3", "--start", "2026-11-18 10:00", "--duration", "60m",
        "--with", "Uli Stern:recruiter", "--with", "Una Byrne:hiring_manager")
    _ok(db, "2026-11-23 10:00", "outcome", "1", "offer", "--from", "Rita")
    _ok(db, "2026-11-23 11:00", "outcome", "3", "offer", "--from", "Una")
    return db


def _keys(db, at) -> list[str]:
    import json

    return [a["key"] for a in json.loads(_ok(db, at, "plan", "--json"))["actions"]]


def _withdrawn_by_hand(db, at, key):
    """The withdrawal drafted, then marked sent from elsewhere (the process counts as withdrawn)."""
    _ok(db, at, "draft", key)
    _ok(db, at, "done", key)


def test_a_second_acceptance_after_a_rescinded_one_plans_a_new_withdrawal(afterview_home, tmp_path):
    db = _world(tmp_path)
    _ok(db, "2026-11-30 10:00", "outcome", "3", "accepted")
    _withdrawn_by_hand(db, "2026-11-30 10:05", "withdrawal:o2:p2")
    _ok(db, "2026-12-02 10:00", "outcome", "3", "rejected", "--from", "Una")  # the offer rescinded
    _ok(db, "2026-12-02 10:10", "opportunity", "status", "2", "interviewing")  # Globex again
    said = _ok(db, "2026-12-07 10:00", "outcome", "1", "accepted")
    assert "No one to write to" not in said
    assert "Next: a short note withdrawing from 1 other process" in said
    assert "withdrawal.2:o2:p2" in _keys(db, "2026-12-07 10:00")
    drafted = _ok(db, "2026-12-07 10:01", "draft", "withdrawal.2:o2:p2")
    assert "withdrawal to Gina Park" in drafted and "drafted" in drafted
    assert "You accepted the offer for Data Engineer at Acme" in _ok(db, "2026-12-07 10:02", "why", "withdrawal.2:o2:p2")


def test_no_one_to_write_to_only_when_there_is_nobody(afterview_home, tmp_path):
    db = _world(tmp_path)
    _ok(db, "2026-11-16 09:00", "opportunity", "add", "--company", "Hooli", "--role", "ML Engineer")
    _ok(db, "2026-11-30 09:00", "skip", "withdrawal:o2:p2", "--reason", "I will call Gina")
    said = _ok(db, "2026-11-30 10:00", "outcome", "3", "accepted")
    assert "No one to write to for ML Engineer at Hooli" in said  # nobody known at all
    # Gina is there, with an address: the true reason is said
    assert "No one to write to for Platform Engineer at Globex" not in said
    assert "No withdrawal note is planned for Platform Engineer at Globex (to Gina Park: skipped on" in said


@pytest.mark.mail
def test_a_decline_sent_for_an_acceptance_taken_back_is_named(mail, afterview_home, tmp_path):
    write_config(afterview_home, mail)
    db = _world(tmp_path)
    _ok(db, "2026-11-30 11:00", "outcome", "3", "accepted")
    _ok(db, "2026-11-30 11:01", "draft", "withdrawal:o1:p1")
    _ok(db, "2026-11-30 11:02", "approve", "1")
    assert "sent message 1" in _ok(db, "2026-11-30 11:05", "send", "1", "--now")
    line = "message 1 declining Acme's offer went to Rita Cole on Mon 30 Nov 11:05"
    back = _ok(db, "2026-11-30 11:30", "opportunity", "status", "3", "offer")
    assert line in back and "after the acceptance you took back" in back and "tell Rita Cole yourself" in back
    accepted = _ok(db, "2026-11-30 11:31", "outcome", "1", "accepted")
    assert line in accepted and "tell Rita Cole yourself" in accepted


def test_a_withdrawal_drafted_before_an_offer_is_said_to_be_written_before(afterview_home, tmp_path):
    db = _world(tmp_path)
    _ok(db, "2026-11-30 10:00", "outcome", "3", "accepted")
    _ok(db, "2026-11-30 10:01", "draft", "withdrawal:o2:p2")
    offered = _ok(db, "2026-11-30 12:00", "outcome", "2", "offer", "--from", "Gina")
    words = ("draft 1 was written before this change: it says you are withdrawing from the process, and they have "
             "made you an offer since; draft it again (afterview draft withdrawal:o2:p2 --force)")
    assert words in offered
    kept = _ok(db, "2026-11-30 12:01", "draft", "withdrawal:o2:p2")
    assert "kept" in kept and words in kept
    _ok(db, "2026-11-30 12:02", "draft", "withdrawal:o2:p2", "--force")
    assert "written before" not in _ok(db, "2026-11-30 12:03", "draft", "withdrawal:o2:p2")


def test_an_offer_set_again_without_from_keeps_who_made_it(afterview_home, tmp_path):
    db = _world(tmp_path)
    _ok(db, "2026-11-30 10:00", "outcome", "3", "accepted")
    _ok(db, "2026-12-01 10:00", "opportunity", "status", "3", "offer")  # the next day: not a same-day slip
    _ok(db, "2026-12-01 10:05", "outcome", "1", "accepted")
    keys = _keys(db, "2026-12-01 10:06")
    assert "withdrawal:o3:p3" in keys and "withdrawal:o3:p4" not in keys  # Una made the offer, not Uli


@pytest.mark.mail
def test_a_decline_held_back_says_the_acceptance_was_taken_back(mail, afterview_home, tmp_path):
    write_config(afterview_home, mail)
    db = _world(tmp_path)
    _ok(db, "2026-11-25 16:00", "replies", "add", "Rita", "--says", "Thanks, we look forward to hearing from you.",
        )
    _ok(db, "2026-11-30 11:00", "outcome", "3", "accepted")
    _ok(db, "2026-11-30 11:01", "draft", "withdrawal:o1:p1")
    _ok(db, "2026-11-30 11:02", "approve", "1")
    back = _ok(db, "2026-11-30 11:30", "opportunity", "status", "3", "offer")
    assert ("message 1: not sent: the acceptance it followed no longer stands: Data Engineer at Umbrella "
            "(opportunity 3), accepted on Mon 30 Nov, has an offer now") in back
    assert "replied on" not in back
    assert "the acceptance it followed no longer stands" in _ok(db, "2026-11-30 11:31", "why", "withdrawal:o1:p1")


def test_why_of_a_touch_of_a_reopened_process_says_it_is_open_again(afterview_home, tmp_path):
    db = _world(tmp_path)
    _ok(db, "2026-11-30 10:00", "outcome", "3", "accepted")
    _withdrawn_by_hand(db, "2026-11-30 10:05", "withdrawal:o2:p2")
    _ok(db, "2026-11-30 16:00", "replies", "add", "Gina", "--says", "Thank you, all the best.", )
    _ok(db, "2026-12-02 10:00", "outcome", "3", "rejected", "--from", "Una")
    _ok(db, "2026-12-02 10:10", "opportunity", "status", "2", "interviewing")
    why = _ok(db, "2026-12-02 10:20", "why", "keep_warm.1:o2:p2")
    assert "Platform Engineer at Globex (opportunity 2) is open again (reopened on Wed 2 Dec)" in why
    assert "replied" not in why


def test_an_accepted_offer_rescinded_says_what_stands_and_what_is_no_longer_planned(afterview_home, tmp_path):
    db = _world(tmp_path)
    _ok(db, "2026-11-30 10:00", "outcome", "3", "accepted")
    _withdrawn_by_hand(db, "2026-11-30 10:05", "withdrawal:o2:p2")
    _ok(db, "2026-11-30 10:06", "draft", "withdrawal:o1:p1")  # message 2, not sent
    said = _ok(db, "2026-12-02 10:00", "outcome", "3", "rejected", "--from", "Una")
    assert ("The notes your acceptance caused stand: withdrawing from Platform Engineer at Globex (message 1 to "
            "Gina Park, opportunity 2); to take up one of those processes again: afterview opportunity status 2 "
            "interviewing") in said
    assert "draft 2 (withdrawal to Rita Cole) is no longer planned: discard it (afterview discard 2)" in said
