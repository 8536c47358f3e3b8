"""The delivery commands as a user runs them: exit status, one-line errors, real servers."""

import json
import subprocess
import tomllib

import pytest

from afterview.domain.model import Channel, Message, MessageKind, MessageState, OpportunityStatus, Opportunity
from tests.delivery.conftest import NOW, add_message
from tests.delivery.test_crash import write_config
from tests.helpers import completed


def cli(*args, db=None, password="alice-secret") -> subprocess.CompletedProcess:
    """`afterview ARGS...` (in this process: what is read is the answer)."""
    return completed(*(["--db", str(db)] if db else []), *args,
                     env={"AV_TEST_PASSWORD": password, "AFTERVIEW_AT": NOW.isoformat()})


def test_account_add_list_remove_keeps_the_rest_of_the_file(afterview_home):
    config = afterview_home / "config.toml"
    config.write_text('# my own comment\ntimezone = "Europe/Berlin"\n')
    done = cli("account", "add", "work", "--preset", "gmail", "--email", "me@gmail.com", "--name", "Zoë",
               "--password-env", "GMAIL_APP_PASSWORD")
    assert done.returncode == 0, done.stderr
    data = tomllib.loads(config.read_text())
    assert data["accounts"]["work"] == {"email": "me@gmail.com", "preset": "gmail", "display_name": "Zoë",
                                        "password_env": "GMAIL_APP_PASSWORD"}
    assert "# my own comment" in config.read_text()
    listed = json.loads(cli("account", "list", "--json").stdout)
    assert listed[0]["smtp_host"] == "smtp.gmail.com" and listed[0]["append_sent"] is False
    assert listed[0]["secret_source"] == "environment variable GMAIL_APP_PASSWORD"
    again = cli("account", "add", "work", "--email", "me@gmail.com")
    assert again.returncode == 2 and "already exists" in again.stderr
    assert cli("account", "remove", "work").returncode == 0
    assert tomllib.loads(config.read_text()) == {"timezone": "Europe/Berlin"}
    assert "# my own comment" in config.read_text()


@pytest.mark.parametrize(
    "args, words",
    [
        (["account", "add", "x y", "--email", "a@b.example"], "invalid account name"),
        (["account", "add", "w", "--email", "not-an-address"], "invalid email address"),
        (["account", "remove", "nope"], "no account named"),
        (["account", "test"], "no mail account set up"),
    ],
)
def test_account_errors_are_one_line(args, words):
    done = cli(*args)
    assert done.returncode == 2 and words in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr


def test_account_test_says_what_failed(mail, afterview_home):
    write_config(afterview_home, mail)
    good = cli("account", "test")
    assert good.returncode == 0 and "SMTP: ok" in good.stdout and "IMAP: ok" in good.stdout
    bad = cli("account", "test", "test", password="nope")
    assert bad.returncode == 2 and "SMTP: FAILED" in bad.stdout and "authentication failed" in bad.stdout
    assert "nope" not in bad.stdout + bad.stderr


def test_approve_send_sync_and_confirm_from_the_command_line(mail, store, seeded, afterview_home, tmp_path):
    write_config(afterview_home, mail)
    db = tmp_path / "afterview.db"
    message_id = add_message(store, seeded)
    refused = cli("send", str(message_id), "--now", db=db)
    assert refused.returncode == 2 and "approve it first" in refused.stderr
    assert cli("approve", str(message_id), db=db).returncode == 0
    sent = cli("send", str(message_id), "--now", db=db)
    assert sent.returncode == 0 and f"sent message {message_id}" in sent.stdout, sent.stderr
    with store.transaction() as tx:
        header = tx.get(Message, message_id).message_id
    mail.deliver_to_inbox("alice", f"From: Bob <bob@example.test>\nTo: alice@example.test\nSubject: Re: Thank you\n"
                                   f"Message-ID: <r1@example.test>\nIn-Reply-To: {header}\n\n"
                                   "We are pleased to offer you the position.\n")
    synced = cli("sync", db=db)
    assert synced.returncode == 0 and "1 recorded" in synced.stdout
    replies = json.loads(cli("replies", "--json", db=db).stdout)
    assert [(r["kind"], r["classification"], r["suggested_status"]) for r in replies] == [("reply", "offer", "offer")]
    confirmed = cli("replies", "confirm", str(replies[0]["id"]), db=db)
    assert confirmed.returncode == 0 and "is now offer" in confirmed.stdout
    with store.transaction() as tx:
        assert tx.get(Opportunity, seeded["opportunity"]).status == OpportunityStatus.OFFER


def test_send_ways_and_refusals(mail, store, seeded, afterview_home, tmp_path):
    write_config(afterview_home, mail)
    db = tmp_path / "afterview.db"
    message_id = add_message(store, seeded)
    note = add_message(store, seeded, kind=MessageKind.LINKEDIN_NOTE, channel=Channel.LINKEDIN, subject="Hi")
    both = cli("send", str(message_id), "--now", "--eml", str(tmp_path), db=db)
    assert both.returncode == 2 and "choose one way out" in both.stderr
    linkedin = cli("send", str(note), "--now", db=db)
    assert linkedin.returncode == 2 and "not sent by email" in linkedin.stderr
    eml = cli("send", str(message_id), "--eml", str(tmp_path), db=db)
    assert eml.returncode == 0 and (tmp_path / f"message-{message_id}.eml").exists()
    # one way out per message: a copy saved as a file is the one to send, not a second in Drafts or a link
    for way in ("--to-drafts", "--mailto"):
        second = cli("send", str(message_id), way, db=db)
        assert second.returncode == 2 and "one way out per message" in second.stderr and "saved as" in second.stderr
    assert mail.messages("alice", "Drafts") == []
    assert cli("send", str(message_id), "--eml", str(tmp_path), db=db).returncode == 0  # the same way again
    assert cli("approve", str(message_id), "--withdraw", db=db).returncode == 0  # the file never left: taken back
    drafts = cli("send", str(message_id), "--to-drafts", db=db)
    assert drafts.returncode == 0 and "is in Drafts" in drafts.stdout, drafts.stderr
    assert len(mail.messages("alice", "Drafts")) == 1
    mailto = cli("send", str(message_id), "--mailto", db=db)
    assert mailto.returncode == 2 and "one way out per message" in mailto.stderr
    # one way out per message: copied out, it is approved for SMTP only when told (its Drafts copy removed)
    refused = cli("approve", str(message_id), db=db)
    assert refused.returncode == 2 and "was already placed in Drafts of test" in refused.stderr
    assert cli("approve", str(message_id), "--smtp-instead", db=db).returncode == 0
    assert mail.messages("alice", "Drafts") == []
    later = cli("send", str(message_id), "--at", "2026-11-27 09:00 Europe/Berlin", db=db)
    assert later.returncode == 0 and "will be sent at" in later.stdout
    with store.transaction() as tx:
        message = tx.get(Message, message_id)
    assert message.state == MessageState.SCHEDULED and message.scheduled_at.isoformat() == "2026-11-27T08:00:00+00:00"
    assert cli("send-due", db=db).stdout.strip() == "nothing due"
    assert mail.received == []


def test_approve_refuses_a_draft_with_errors_unless_told(store, seeded, afterview_home, tmp_path, mail):
    write_config(afterview_home, mail)
    db = tmp_path / "afterview.db"
    message_id = add_message(store, seeded, body="Dear Dana,\nthank you for the conversation today.\nAlice\n")
    refused = cli("approve", str(message_id), db=db)
    assert refused.returncode == 2 and len(refused.stderr.strip().splitlines()) == 1
    assert refused.stderr.strip() == (
        f"afterview: error: message {message_id} has 1 error (wrong-name): fix the text first, or approve it despite "
        f"it (see it: afterview show {message_id}; approve anyway: afterview approve {message_id} --despite-errors)")
    assert cli("approve", str(message_id), "--despite-errors", db=db).returncode == 0


def test_a_time_in_the_past_and_a_busy_worker_are_refused(store, seeded, afterview_home, tmp_path, mail):
    write_config(afterview_home, mail)
    db = tmp_path / "afterview.db"
    message_id = add_message(store, seeded)
    assert cli("approve", str(message_id), db=db).returncode == 0
    late = cli("send", str(message_id), "--at", "2020-01-01 10:00", db=db)
    assert late.returncode == 2 and "is in the past" in late.stderr and len(late.stderr.strip().splitlines()) == 1
    with store.transaction() as tx:
        assert tx.get(Message, message_id).state == MessageState.APPROVED  # nothing scheduled
    for ways in (("--now", "--mailto"), ("--to-drafts", "--mailto"), ("--mailto", "--eml", str(tmp_path))):
        both = cli("send", str(message_id), *ways, db=db)
        assert both.returncode == 2 and "choose one way out" in both.stderr, ways
    for interval in ("0", "-1", "nan", "inf"):
        busy = cli("worker", "--interval", interval, db=db)
        assert busy.returncode == 2 and "--interval must be between 5 seconds and a day" in busy.stderr, interval


def test_confirming_a_reply_that_keeps_the_status_says_still(mail, store, seeded, afterview_home, tmp_path):
    """A next round while interviewing: "is still interviewing", not "is now" (a tester's find)."""
    write_config(afterview_home, mail)
    db = tmp_path / "afterview.db"
    message_id = add_message(store, seeded)
    with store.transaction() as tx:
        opp = tx.get(Opportunity, seeded["opportunity"])
        opp.status = OpportunityStatus.INTERVIEWING
        tx.update(opp)
    assert cli("approve", str(message_id), db=db).returncode == 0
    assert cli("send", str(message_id), "--now", db=db).returncode == 0
    with store.transaction() as tx:
        header = tx.get(Message, message_id).message_id
    mail.deliver_to_inbox("alice", f"From: Bob <bob@example.test>\nTo: alice@example.test\nSubject: Re: Thank you\n"
                                   f"Message-ID: <r2@example.test>\nIn-Reply-To: {header}\n\n"
                                   "We would like to invite you to a second interview next week.\n")
    assert cli("sync", db=db).returncode == 0
    [reply] = json.loads(cli("replies", "--json", db=db).stdout)
    confirmed = cli("replies", "confirm", str(reply["id"]), db=db)
    assert confirmed.returncode == 0, confirmed.stderr
    assert confirmed.stdout.strip() == f"opportunity {seeded['opportunity']} is still interviewing (reply {reply['id']} confirmed)"
