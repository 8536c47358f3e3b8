"""What the delivery commands say, found by a tester against real servers: a redraft that
withdraws an approval says so, an unknown outcome is said once, a message being sent is said to
be, a TLS hint names a real key, an undone Done leaves no stale reason, a bounced message is
approved with a warning, and a reply in 8-bit with no charset is read as written."""

import signal
from dataclasses import replace
from datetime import timedelta

import pytest

from afterview.domain.model import Inbound, Message, MessageState, Person, Role
from afterview.services import delivery
from tests.delivery.conftest import NOW, add_interview, add_message
from tests.delivery.test_crash import LATER, run_cli, write_config

pytestmark = pytest.mark.mail


def stored(store, message_id) -> Message:
    with store.transaction() as tx:
        return tx.get(Message, message_id)


def one_line(done) -> str:
    assert "Traceback" not in done.stdout + done.stderr
    [line] = done.stderr.strip().splitlines()
    return line


@pytest.fixture
def planned(store, seeded, mail, afterview_home, tmp_path):
    """Bob (the recruiter) interviewed us yesterday: his thank-you is planned. (db, key, ids)"""
    write_config(afterview_home, mail)
    found = add_interview(store, seeded, NOW - timedelta(days=1), role=Role.RECRUITER)
    return tmp_path / "afterview.db", found["key"], found


@pytest.mark.parametrize("state", ["approved", "scheduled"])
def test_draft_force_on_an_approved_note_says_its_approval_is_withdrawn(planned, store, state):
    db, key, _ = planned
    drafted = run_cli(db, "draft", key, "--no-ask")
    assert drafted.returncode == 0, drafted.stderr
    message_id = int(drafted.stdout.split()[0].lstrip("#"))
    assert run_cli(db, "approve", str(message_id), "--despite-errors").returncode == 0
    if state == "scheduled":
        assert run_cli(db, "send", str(message_id), "--at", (NOW + timedelta(hours=5)).isoformat()).returncode == 0
    again = run_cli(db, "draft", key, "--force", "--no-ask")
    assert again.returncode == 0, again.stderr
    [line] = [x for x in again.stdout.splitlines() if x.startswith(f"#{message_id} ")]
    assert " redrafted" in line
    assert line.endswith(f"; the text changed, so its approval is withdrawn (it was {state}): approve it again to "
                         f"send it by SMTP (afterview approve {message_id}), or choose another way out")
    assert stored(store, message_id).state == MessageState.DRAFTED
    unchanged = run_cli(db, "draft", key, "--force", "--no-ask")  # a draft already: nothing to withdraw
    assert "approval is withdrawn" not in unchanged.stdout


def test_an_interrupted_send_says_outcome_unknown_once(mail, store, seeded, accounts, afterview_home, tmp_path):
    write_config(afterview_home, mail)
    message_id = add_message(store, seeded)
    with store.transaction() as tx:
        delivery.approve(tx, message_id, now=NOW, accounts=accounts)
    db = tmp_path / "afterview.db"
    assert run_cli(db, "send-due", crash="after_250").returncode == -signal.SIGKILL
    restarted = run_cli(db, "send-due", at=LATER)
    [line] = [x for x in restarted.stdout.splitlines() if x.startswith(f"message {message_id} ")]
    assert line.startswith(f"message {message_id} outcome unknown: the send was interrupted")
    assert line.count("outcome unknown") == 1


def test_send_now_of_a_message_being_sent_says_so(mail, store, seeded, afterview_home, tmp_path):
    write_config(afterview_home, mail)
    message_id = add_message(store, seeded, state=MessageState.SENDING, account="test", updated_at=NOW)
    done = run_cli(tmp_path / "afterview.db", "send", str(message_id), "--now")
    assert done.returncode == 2
    assert one_line(done) == (f"afterview: error: message {message_id} is being sent by another Afterview program "
                              "(since Thu 2026-11-26 10:00): it is not sent twice. If no other Afterview program is "
                              "running, the send was interrupted, and afterview send-due finds out from Thu "
                              "2026-11-26 10:05 on whether it went out")
    assert mail.received == []


def test_a_tls_mismatch_names_the_key_to_change(mail, account):
    """Implicit TLS asked of ports that speak plain text first (STARTTLS ones)."""
    checks = delivery.test_account(replace(account, smtp_tls="implicit", imap_tls="implicit", timeout=5))
    smtp, imap = (c.detail for c in checks)
    assert "TLS mismatch: the port does not speak TLS right away: try smtp_tls = \"starttls\"" in smtp
    assert "TLS mismatch: the port does not speak TLS right away: try imap_tls = \"starttls\"" in imap
    assert 'try tls =' not in smtp + imap


def test_undoing_a_done_leaves_no_stale_reason_on_the_draft(planned, store, accounts):
    db, key, found = planned
    message_id = add_message(store, found, action_key=key)
    with store.transaction() as tx:
        delivery.approve(tx, message_id, now=NOW, accounts=accounts)
        delivery.schedule(tx, message_id, when=NOW + timedelta(hours=2), now=NOW)
    marked = run_cli(db, "done", key, "--note", "phoned")
    assert f"message {message_id}: not sent: you marked it done (phoned)" in marked.stdout
    # done elsewhere, its approval withdrawn (as `done` makes a plain draft), with no advice to send it
    assert stored(store, message_id).state == MessageState.DONE_ELSEWHERE
    assert "--to-drafts" not in marked.stdout
    assert run_cli(db, "undo", key).returncode == 0
    message = stored(store, message_id)
    assert message.state == MessageState.DRAFTED and message.last_error == ""
    assert "marked it done" not in run_cli(db, "show", str(message_id)).stdout


def test_approving_a_bounced_message_warns_in_one_line(mail, store, seeded, accounts, afterview_home, tmp_path):
    write_config(afterview_home, mail)
    message_id = add_message(store, seeded)
    with store.transaction() as tx:
        delivery.approve(tx, message_id, now=NOW, accounts=accounts)
    assert delivery.send_due(store, now=NOW, accounts=accounts).sent == [message_id]
    header = stored(store, message_id).message_id
    dsn = (open(__file__.replace("test_delivery_wording.py", "samples/postfix_dsn.eml")).read()
           .replace("<thanks-1@candidate.example>", header).replace("nobody@acme.example", "bob@example.test"))
    mail.deliver_to_inbox("alice", dsn)
    assert delivery.sync(store, now=NOW, account=accounts["test"]).bounced == [message_id]
    approved = run_cli(tmp_path / "afterview.db", "approve", str(message_id))
    assert approved.returncode == 0 and approved.stdout.startswith(f"approved message {message_id}")
    warning = one_line(approved)
    assert warning.startswith(f"warning: message {message_id} bounced last time (")
    assert "5.1.1" in warning and warning.endswith(
        f"check that bob@example.test is right before it goes out (afterview person edit {seeded['person']} --email ...)")


@pytest.mark.parametrize("body", ["Wir melden uns nächste Woche.".encode("utf-8"),
                                  "Wir melden uns nächste Woche.".encode("cp1252")], ids=["utf-8", "windows-1252"])
def test_a_reply_in_8bit_without_a_charset_is_read_as_written(mail, store, seeded, account, body):
    raw = (b"From: Bob Builder <bob@example.test>\r\nTo: alice@example.test\r\nSubject: Re: Danke\r\n"
           b"Date: Thu, 26 Nov 2026 09:00:00 +0000\r\nMessage-ID: <bob-8bit@example.test>\r\n"
           b"MIME-Version: 1.0\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + body + b"\r\n")
    mail.deliver_to_inbox("alice", raw)
    assert len(delivery.sync(store, now=NOW, account=account).recorded) == 1
    with store.transaction() as tx:
        [reply] = tx.list(Inbound)
    assert "nächste Woche" in reply.summary and "\ufffd" not in reply.summary


def test_a_reply_that_stops_an_action_is_named(planned, store):
    """For a held-back note (see test_reply_withdraws_at_once) and for `why` (services.planning
    can say it with delivery.stop_cause)."""
    from afterview.domain.model import InboundKind

    _, key, found = planned
    with store.transaction() as tx:
        assert delivery.stop_cause(tx.facts(), key) == ""
        tx.add(Inbound(kind=InboundKind.REPLY, received_at=NOW + timedelta(days=2), person_id=found["person"],
                       opportunity_id=found["opportunity"], from_address="bob@example.test",
                       header_message_id="<r@example.test>"))
    with store.transaction() as tx:
        assert delivery.stop_cause(tx.facts(), key) == "Bob Builder replied on Sat 28 Nov"


def test_approving_a_note_that_goes_at_once_says_when_on_both_clocks_with_the_moments_warnings(
        mail, store, seeded, afterview_home, tmp_path):
    # Found by two testers: approved at 10:00 UTC, a note to Tokyo goes out at 19:00 there, with
    # no word; at 15:30 UTC it went at 00:30 their time, and only `send --at` warned of it.
    write_config(afterview_home, mail)
    with store.transaction() as tx:
        bob = tx.get(Person, seeded["person"])
        bob.timezone = "Asia/Tokyo"
        tx.update(bob)
    message_id = add_message(store, seeded)
    approved = run_cli(tmp_path / "afterview.db", "approve", str(message_id), at=NOW.replace(hour=15, minute=30))
    assert approved.returncode == 0, approved.stderr
    assert (f"it goes out at the next round of `afterview worker` or `send-due`, that is now: Thu 2026-11-26 15:30 "
            "your time") in approved.stdout
    assert "Fri 2026-11-27 00:30 their time (Asia/Tokyo)" in approved.stdout
    assert f"afterview send {message_id} --at WHEN" in approved.stdout
    assert "warning: arrives outside the recipient's waking hours (07:00-20:00)" in approved.stderr
    assert stored(store, message_id).state == MessageState.APPROVED  # a warning, not a refusal
