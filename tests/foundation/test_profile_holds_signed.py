"""A corrected name or signature holds back the notes approved with the old one (found by a
tester: after `profile set --name`, notes approved before went out signed with the wrong name,
only a warning said so), as `person edit --name` and `company edit --name` hold back theirs. A
note on its way by another road (being sent, copied out) is named, and a draft is named as before."""

from datetime import datetime, timedelta, timezone

import pytest

from afterview.domain import model as m
from afterview.storage import open_store
from tests.helpers import afterview

AT = "2026-11-26 10:00 America/New_York"
NOW = datetime(2026, 11, 26, 15, 0, tzinfo=timezone.utc)


@pytest.fixture
def db(tmp_path):
    path = str(tmp_path / "afterview.db")

    def run(*args):
        return afterview("--db", path, "--at", AT, *args)

    for args in (
        ["profile", "set", "--name", "Alex Morgon", "--signature", "Alex Morgon\\nData Engineer, Chicago",
         "--email", "alex@mail.example", "--tz", "America/New_York", "--country", "US"],
        ["opportunity", "add", "--company", "Northwind Analytics", "--role", "Data Engineer"],
        ["person", "add", "Priya Raman", "--email", "priya@northwind.example", "--company", "Northwind Analytics"],
        ["interview", "add", "--opportunity", "1", "--start", "2026-11-25 13:30", "--duration", "90m",
         "--with", "Priya Raman"],
    ):
        result = run(*args)
        assert result.code == 0, (args, result.err)
    run.path = path
    return run


def _notes(path, *specs):
    """Notes to Priya, each (state, body ending, fields), as the outbox leaves them; their ids."""
    store = open_store(f"sqlite:///{path}")
    try:
        with store.transaction() as tx:
            return [tx.add(m.Message(kind=m.MessageKind.THANK_YOU, person_id=1, opportunity_id=1, interview_id=1,
                                     action_key="thank_you:i1:p1", subject="Thank you",
                                     body=f"Hi Priya,\n\nThank you for the interview.\n\n{signed}",
                                     to_address="priya@northwind.example", state=state,
                                     created_at=NOW - timedelta(hours=1), **fields)).id
                    for state, signed, fields in specs]
    finally:
        store.close()


def _states(path) -> dict[int, m.MessageState]:
    store = open_store(f"sqlite:///{path}")
    try:
        with store.transaction() as tx:
            return {x.id: x.state for x in tx.list(m.Message)}
    finally:
        store.close()


def test_a_new_name_holds_back_the_notes_approved_with_the_old_one(db):
    approved, scheduled, drafted, sending, copied, sent = _notes(
        db.path,
        (m.MessageState.APPROVED, "Best,\nAlex Morgon", {"approved_at": NOW}),
        (m.MessageState.SCHEDULED, "Best,\nAlex Morgon", {"approved_at": NOW, "scheduled_at": NOW + timedelta(days=1)}),
        (m.MessageState.DRAFTED, "Best,\nAlex Morgon", {}),
        (m.MessageState.SENDING, "Best,\nAlex Morgon", {"approved_at": NOW}),
        (m.MessageState.DRAFTED, "Best,\nAlex Morgon", {"note": "saved as /tmp/priya.eml on 2026-11-26 10:00"}),
        (m.MessageState.SENT, "Best,\nAlex Morgon", {"sent_at": NOW}),
    )
    done = db("profile", "set", "--name", "Alex Morgan")
    assert done.code == 0, done.err
    again = ("write it again with afterview draft thank_you:i1:p1 --force, or correct it with afterview edit {}, "
             "then approve it")
    assert done.out.splitlines() == [
        "profile updated",
        f"message {approved}: not sent: it is signed Alex Morgon, now Alex Morgan; a draft again ({again.format(approved)})",
        f"message {scheduled}: not sent: it is signed Alex Morgon, now Alex Morgan; a draft again "
        f"({again.format(scheduled)})",
        # said as `today` says it (outbox.sending_words): its claim is long past, so it was cut off
        f"message {sending} has your name as Alex Morgon, too late to change it: its send was cut off and it may have "
        "gone out: do not send it again; afterview send-due (or the worker) looks for it in your Sent folder and marks "
        "it sent if it is there, else asks you whether it arrived",
        f"message {copied} was copied out with your name as Alex Morgon (to Drafts, a file or a link): that copy reads "
        f"as it was; to write it again, take the copy back first (afterview approve {copied} --withdraw)",
    ]
    assert done.err == (f"afterview: warning: 1 note not yet sent was written before this change: message {drafted} "
                        "(drafted) has your name as Alex Morgon; to write it again: afterview draft thank_you:i1:p1 "
                        "--force, or edit it: afterview edit ID\n")
    assert _states(db.path) == {approved: m.MessageState.DRAFTED, scheduled: m.MessageState.DRAFTED,
                                drafted: m.MessageState.DRAFTED, sending: m.MessageState.SENDING,
                                copied: m.MessageState.DRAFTED, sent: m.MessageState.SENT}
    assert "held back: it is signed Alex Morgon, now Alex Morgan" in db("show", str(approved)).out
    # the same name again (or another field) holds nothing
    assert db("profile", "set", "--name", "Alex Morgan").out == "profile updated\n"


def test_a_new_signature_holds_back_a_note_approved_with_the_old_one(db):
    old = "Best,\nAlex Morgon\nData Engineer, Chicago"
    approved, other = _notes(db.path, (m.MessageState.APPROVED, old, {"approved_at": NOW}),
                             (m.MessageState.APPROVED, "Best,\nAlex", {"approved_at": NOW}))
    done = db("profile", "set", "--signature", "Alex Morgan\\nData Engineer, Chicago")
    assert done.code == 0, done.err
    assert done.out.splitlines()[1].startswith(f"message {approved}: not sent: it has your old signature; a draft again")
    assert _states(db.path) == {approved: m.MessageState.DRAFTED, other: m.MessageState.APPROVED}
