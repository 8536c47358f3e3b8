"""A reply that reopens a closed process says so, whichever way its status changes: `replies
confirm`, `replies add --status`, a reading of mail `sync` recorded once confirmed; as `opportunity
status` says it (found by a tester: an invitation to a second interview confirmed on a process
closed as "no response" reopened it without a word)."""

from datetime import timedelta

from afterview.domain.model import Inbound, InboundKind, ReplyClass
from afterview.services import delivery
from tests.delivery.conftest import NOW, add_interview
from tests.helpers import completed

REOPENS = ("note: this reopens an opportunity that was closed with no response on 26 Nov; it is planned as an "
           "open process again (afterview today)")


def cli(db, *args, at=NOW):
    """`afterview --db DB ARGS...` at `at`, in this process."""
    done = completed("--db", str(db), *args, env={"AFTERVIEW_AT": at.isoformat()})
    assert done.returncode == 0 and "Traceback" not in done.stderr, (done.stdout, done.stderr)
    return done.stdout


def closed(store, seeded, tmp_path):
    """Bob's process, interviewed, then closed as "no response" an hour ago: the database's path."""
    add_interview(store, seeded, NOW - timedelta(days=10))
    db = tmp_path / "afterview.db"
    cli(db, "opportunity", "status", str(seeded["opportunity"]), "no-response", at=NOW - timedelta(hours=1))
    return db


def test_confirming_a_reply_that_reopens_the_process_says_so(store, seeded, tmp_path):
    db = closed(store, seeded, tmp_path)
    said = cli(db, "replies", "add", "Bob", "--says", "We would like to invite you to a second interview")
    # offered with what confirming it does
    assert ("record it with afterview replies confirm 1 (opportunity 1 becomes interviewing: this reopens an "
            "opportunity that was closed with no response on 26 Nov); ") in said, said
    assert cli(db, "replies", "confirm", "1", at=NOW + timedelta(minutes=1)).splitlines() == [
        "opportunity 1 is now interviewing (reply 1 confirmed)", REOPENS]


def test_a_reply_told_with_a_status_that_reopens_says_so(store, seeded, tmp_path):
    db = closed(store, seeded, tmp_path)
    said = cli(db, "replies", "add", "Bob", "--says", "they called", "--status", "interviewing").splitlines()
    assert said[1:3] == ["opportunity 1 is now interviewing", REOPENS], said


def test_a_confirmed_reading_of_mail_that_reopens_gives_the_note(store, seeded, tmp_path):
    """As `sync` records a reply (its reading waits to be confirmed): the desk's Confirm says it from here."""
    closed(store, seeded, tmp_path)
    with store.transaction() as tx:
        reply = tx.add(Inbound(kind=InboundKind.REPLY, received_at=NOW, person_id=seeded["person"],
                               opportunity_id=seeded["opportunity"], classification=ReplyClass.NEXT_ROUND,
                               from_address="bob@example.test", summary="next round: a second interview"))
        done = delivery.reply_confirmed(tx, reply.id, now=NOW + timedelta(minutes=1))
    assert done.opportunity.status.value == "interviewing"
    assert f"note: {done.note('UTC')}" == REOPENS


def test_a_change_that_reopens_nothing_says_no_note(store, seeded, tmp_path):
    add_interview(store, seeded, NOW - timedelta(days=10))
    db = tmp_path / "afterview.db"
    said = cli(db, "replies", "add", "Bob", "--says", "they called", "--status", "rejected")
    assert "opportunity 1 is now rejected" in said and "note:" not in said, said
