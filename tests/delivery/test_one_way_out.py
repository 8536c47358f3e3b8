"""One way out per message: a copy in Drafts, an .eml file or a link is not also sent by SMTP.

After `send N --to-drafts` (or `--eml`, `--mailto`), `approve N` is refused in one line saying
where the copy went and how to go on; `approve N --smtp-instead` sends it by SMTP instead, and
removes its copy from Drafts first (one already sent from there is marked sent instead). Placing
it in Drafts again replaces the earlier copy there. Real servers, the commands as a user runs them.
"""

from datetime import timedelta

import pytest

from afterview.domain.model import Message, MessageState
from tests.delivery.conftest import NOW, add_interview, add_message
from tests.delivery.test_crash import run_cli, write_config

pytestmark = pytest.mark.mail


def one_line_error(done, *words: str) -> str:
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert "Traceback" not in done.stdout + done.stderr
    [line] = done.stderr.strip().splitlines()
    for word in words:
        assert word in line, line
    return line


def stored(store, message_id) -> Message:
    with store.transaction() as tx:
        return tx.get(Message, message_id)


@pytest.fixture
def note(store, seeded, mail, afterview_home, tmp_path):
    """Bob's thank-you for yesterday's interview, drafted: (db, message id, action key)."""
    write_config(afterview_home, mail)
    found = add_interview(store, seeded, NOW - timedelta(days=1))
    return tmp_path / "afterview.db", add_message(store, seeded, action_key=found["key"]), found["key"]


def drafts_of(mail) -> list:
    return mail.messages("alice", "Drafts")


def test_a_draft_in_drafts_is_not_approved_for_smtp_too(mail, store, note):
    db, message_id, key = note
    assert run_cli(db, "send", str(message_id), "--to-drafts").returncode == 0
    refused = run_cli(db, "approve", str(message_id))
    line = one_line_error(refused, f"message {message_id} was already placed in Drafts of test",
                          f"afterview done {key}", f"afterview approve {message_id} --smtp-instead")
    assert stored(store, message_id).state == MessageState.DRAFTED
    now = run_cli(db, "send", str(message_id), "--now")
    # the ways left, not "approve it first", which is refused (one way out per message)
    one_line_error(now, f"message {message_id} is a draft placed in Drafts of test: send that copy",
                   f"afterview approve {message_id} --smtp-instead", f"afterview approve {message_id} --withdraw")
    assert mail.received == [] and len(drafts_of(mail)) == 1
    assert line.startswith("afterview: error: ")


def test_smtp_instead_removes_the_drafts_copy_and_sends_one(mail, store, note):
    db, message_id, _ = note
    assert run_cli(db, "send", str(message_id), "--to-drafts").returncode == 0
    approved = run_cli(db, "approve", str(message_id), "--smtp-instead")
    assert approved.returncode == 0, approved.stderr
    assert "its copy in Drafts was removed" in approved.stdout
    assert drafts_of(mail) == []
    sent = run_cli(db, "send", str(message_id), "--now")
    assert sent.returncode == 0 and f"sent message {message_id}" in sent.stdout, sent.stderr
    assert len(mail.messages("bob")) == 1
    assert stored(store, message_id).state == MessageState.SENT


def test_smtp_instead_of_a_drafts_copy_already_sent_marks_it_sent(mail, store, note):
    db, message_id, _ = note
    assert run_cli(db, "send", str(message_id), "--to-drafts").returncode == 0
    [draft] = mail.raw_messages("alice", "Drafts")
    client = mail.imap("alice")  # the user sent it from their mail program: it is in Sent
    try:
        client.append("Sent", draft, flags=[b"\\Seen"])
    finally:
        client.logout()
    refused = run_cli(db, "approve", str(message_id), "--smtp-instead")
    one_line_error(refused, "already sent from your mail program", "marked sent")
    assert stored(store, message_id).state == MessageState.SENT
    assert run_cli(db, "send-due").stdout.strip() == "nothing due" and mail.received == []


@pytest.mark.parametrize("way", ["eml", "mailto"])
def test_a_file_or_a_link_is_not_approved_for_smtp_too(mail, store, note, tmp_path, way):
    db, message_id, key = note
    args = ["--eml", str(tmp_path)] if way == "eml" else ["--mailto"]
    assert run_cli(db, "send", str(message_id), *args).returncode == 0
    where = f"saved as {tmp_path / f'message-{message_id}.eml'}" if way == "eml" else "copied out as a mailto: link"
    one_line_error(run_cli(db, "approve", str(message_id)), f"was already {where}",
                   f"mark it done (afterview done {key})", "--smtp-instead")
    instead = run_cli(db, "approve", str(message_id), "--smtp-instead")
    assert instead.returncode == 0, instead.stderr
    assert "do not send that copy too" in instead.stderr
    assert stored(store, message_id).state == MessageState.APPROVED


def test_placing_it_in_drafts_again_replaces_the_earlier_copy(mail, store, note):
    db, message_id, _ = note
    assert run_cli(db, "send", str(message_id), "--to-drafts").returncode == 0
    with store.transaction() as tx:  # the text changed since
        message = tx.get(Message, message_id)
        message.body = message.body.replace("conversation", "long conversation")
        tx.update(message)
    again = run_cli(db, "send", str(message_id), "--to-drafts")
    assert again.returncode == 0, again.stderr
    assert "replaces the earlier copy there" in again.stdout
    [draft] = drafts_of(mail)
    assert "long conversation" in draft.get_content()
    assert draft["Message-ID"] == stored(store, message_id).message_id


def test_placing_it_again_after_it_was_sent_from_drafts_is_refused(mail, store, note):
    db, message_id, _ = note
    assert run_cli(db, "send", str(message_id), "--to-drafts").returncode == 0
    [draft] = mail.raw_messages("alice", "Drafts")
    client = mail.imap("alice")
    try:
        client.append("Sent", draft, flags=[b"\\Seen"])
    finally:
        client.logout()
    one_line_error(run_cli(db, "send", str(message_id), "--to-drafts"), "already sent", "marked sent")
    assert stored(store, message_id).state == MessageState.SENT


def test_a_copy_placed_in_drafts_just_before_a_kill_is_known(mail, store, note):
    """Killed right after the APPEND, the copy in Drafts is recorded all the same: an approval
    for SMTP is refused as for any copy there, and --smtp-instead removes it before it sends."""
    import signal

    db, message_id, _ = note
    killed = run_cli(db, "send", str(message_id), "--to-drafts", crash="after_drafts_append")
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert len(drafts_of(mail)) == 1
    refused = run_cli(db, "approve", str(message_id))
    one_line_error(refused, f"message {message_id} was already placed in Drafts of test")
    approved = run_cli(db, "approve", str(message_id), "--smtp-instead")
    assert approved.returncode == 0 and "its copy in Drafts was removed" in approved.stdout, approved.stderr
    assert drafts_of(mail) == []
