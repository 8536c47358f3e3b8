"""Withdrawing an approval to choose another way out, and recording a copy the user sent.

The advice printed must be a command that works as typed; bad input is one line, exit 2, and
changes nothing.
"""

import shlex
import subprocess
from datetime import timedelta

import pytest

from afterview.domain.model import Message, MessageState
from afterview.errors import Conflict
from tests.delivery.conftest import NOW, add_interview, add_message
from tests.delivery.test_crash import write_config
from tests.helpers import completed


def cli(db, *args, editor=None) -> subprocess.CompletedProcess:
    """`afterview --db DB ARGS...` (in this process: what is read is the answer)."""
    env = {"AV_TEST_PASSWORD": "alice-secret", "AFTERVIEW_AT": NOW.isoformat(), "VISUAL": None}
    if editor is not None:
        env["EDITOR"] = editor
    return completed("--db", str(db), *args, env=env)


def stored(store, message_id) -> Message:
    with store.transaction() as tx:
        return tx.get(Message, message_id)


def one_line_error(done, words: str) -> None:
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert words in done.stderr and len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""


def planned_note(store, seeded) -> tuple[int, str]:
    """Bob's thank-you for yesterday's interview, drafted: (message id, action key)."""
    found = add_interview(store, seeded, NOW - timedelta(days=1))
    return add_message(store, seeded, action_key=found["key"]), found["key"]


def advised_command(stderr: str) -> list[str]:
    """The `afterview ...` command an error line advises, as arguments."""
    start = stderr.index("(afterview ") + 1
    return shlex.split(stderr[start:stderr.index(")", start)])[1:]


def test_the_advice_for_another_way_out_works(mail, store, seeded, afterview_home, tmp_path):
    write_config(afterview_home, mail)
    db = tmp_path / "afterview.db"
    message_id, key = planned_note(store, seeded)
    assert cli(db, "approve", str(message_id)).returncode == 0
    assert cli(db, "send", str(message_id), "--at", "2026-11-27 09:00").returncode == 0
    refused = cli(db, "send", str(message_id), "--eml", str(tmp_path))
    one_line_error(refused, f"withdraw the approval first (afterview approve {message_id} --withdraw)")
    assert stored(store, message_id).state == MessageState.SCHEDULED

    advice = advised_command(refused.stderr)
    assert advice == ["approve", str(message_id), "--withdraw"]
    withdrawn = cli(db, *advice)
    assert withdrawn.returncode == 0, withdrawn.stderr
    assert f"message {message_id} is a draft again (it was scheduled)" in withdrawn.stdout
    message = stored(store, message_id)
    assert (message.state, message.approved_at, message.scheduled_at) == (MessageState.DRAFTED, None, None)

    wrote = cli(db, "send", str(message_id), "--eml", str(tmp_path))
    assert wrote.returncode == 0, wrote.stderr
    assert (tmp_path / f"message-{message_id}.eml").exists()
    assert f"once you have sent it: afterview done {key}" in wrote.stdout
    assert stored(store, message_id).note == f"saved as {tmp_path / f'message-{message_id}.eml'}"
    assert cli(db, "send-due").stdout.strip() == "nothing due"
    assert mail.received == []


def test_withdrawing_refuses_what_has_no_approval(mail, store, seeded, afterview_home, tmp_path):
    write_config(afterview_home, mail)
    db = tmp_path / "afterview.db"
    draft = add_message(store, seeded)
    sent = add_message(store, seeded, state=MessageState.SENT)
    approved = add_message(store, seeded)
    assert cli(db, "approve", str(approved)).returncode == 0
    before = {i: stored(store, i) for i in (draft, sent, approved)}
    one_line_error(cli(db, "approve", "999", "--withdraw"), "no message with id 999")
    one_line_error(cli(db, "approve", "x", "--withdraw"), "not a message id")
    one_line_error(cli(db, "approve", str(sent), "--withdraw"), f"message {sent} is sent: there is no approval to withdraw")
    one_line_error(cli(db, "approve", str(draft), "--withdraw"), f"message {draft} is drafted, not approved")
    one_line_error(cli(db, "approve", str(approved), "--withdraw", "--account", "test"), "leave out --account")
    assert {i: stored(store, i) for i in before} == before  # nothing changed


def test_a_message_being_sent_keeps_its_approval(store, seeded):
    from afterview.services import delivery

    message_id = add_message(store, seeded, state=MessageState.SENDING)
    with pytest.raises(Conflict, match="being sent right now"):
        with store.transaction() as tx:
            delivery.withdraw_approval(tx, message_id, now=NOW)
    assert stored(store, message_id).state == MessageState.SENDING


def test_edit_says_what_became_of_the_approval(mail, store, seeded, afterview_home, tmp_path):
    write_config(afterview_home, mail)
    db = tmp_path / "afterview.db"
    message_id = add_message(store, seeded)
    assert cli(db, "approve", str(message_id)).returncode == 0
    kept = cli(db, "edit", str(message_id), editor="true")
    assert kept.returncode == 0, kept.stderr
    assert kept.stdout.startswith(f"#{message_id} unchanged: still approved "
                                  f"(to take the approval back: afterview approve {message_id} --withdraw)")
    assert stored(store, message_id).state == MessageState.APPROVED
    changed = cli(db, "edit", str(message_id), editor="sed -i s/conversation/talk/")
    assert changed.returncode == 0, changed.stderr
    assert f"#{message_id} saved; the text changed, so its approval is withdrawn (it was approved)" in changed.stdout
    message = stored(store, message_id)
    assert message.state == MessageState.DRAFTED and "talk today" in message.body


def test_a_mailto_link_alone_on_stdout_and_how_to_record_it(mail, store, seeded, afterview_home, tmp_path):
    write_config(afterview_home, mail)
    db = tmp_path / "afterview.db"
    message_id, key = planned_note(store, seeded)
    link = cli(db, "send", str(message_id), "--mailto")
    assert link.returncode == 0, link.stderr
    assert link.stdout.startswith("mailto:bob@example.test?subject=") and len(link.stdout.splitlines()) == 1
    assert link.stderr.strip() == f"once you have sent it: afterview done {key} (its follow-ups then count from it)"
    assert stored(store, message_id).note == "copied out as a mailto: link"
    assert f"note: copied out as a mailto: link" in cli(db, "show", str(message_id)).stdout


def test_a_copy_sent_yourself_counts_as_sent_once_done_until_undone(mail, store, seeded, afterview_home, tmp_path):
    write_config(afterview_home, mail)
    db = tmp_path / "afterview.db"
    message_id, key = planned_note(store, seeded)
    hint = cli(db, "send", str(message_id), "--eml", str(tmp_path)).stdout.splitlines()[-1]
    assert hint.startswith(f"once you have sent it: afterview done {key}")
    assert cli(db, *shlex.split(hint.split(": ", 1)[1].split(" (")[0])[1:]).returncode == 0  # as advised

    def row() -> str:
        listed = cli(db, "drafts")
        return next((x for x in listed.stdout.splitlines() if x.startswith(f"{message_id}\t")), "") + listed.stderr

    # the copy is the note they sent: done, it counts as sent by hand, and leaves the drafts
    assert stored(store, message_id).state == MessageState.DONE_ELSEWHERE
    assert not row().startswith(f"{message_id}\t")
    assert cli(db, "undo", key).returncode == 0  # a slip: the draft is back, as it was
    assert stored(store, message_id).state == MessageState.DRAFTED
    assert "\tdrafted\t" in row() and "no longer planned" not in row()


def test_a_copy_without_a_planned_action_says_how_to_clear_it(mail, store, seeded, afterview_home, tmp_path):
    write_config(afterview_home, mail)
    db = tmp_path / "afterview.db"
    message_id = add_message(store, seeded)  # no action key
    wrote = cli(db, "send", str(message_id), "--eml", str(tmp_path))
    assert wrote.returncode == 0, wrote.stderr
    assert (f"once you have sent it: message {message_id} has no planned action to mark done; "
            f"`afterview discard {message_id}` takes it off your drafts") in wrote.stdout


def test_a_linkedin_note_marked_done_counts_as_sent_by_hand_until_undone():
    """A LinkedIn note is copied by hand (Afterview never sends it): once its action is marked
    done, its draft is the one sent, not a dropped draft left to discard."""
    from tests.helpers import afterview

    def av(*args):
        return afterview("--at", "2026-11-30T23:30:00Z", *args)

    assert av("demo").code == 0
    drafted = av("draft", "linkedin_note:p5")
    assert drafted.code == 0, drafted.err
    message_id = drafted.out.split()[0].lstrip("#")
    assert av("done", "linkedin_note:p5").code == 0
    listed = av("drafts").out + av("drafts").err
    assert "no longer planned" not in listed and "discard" not in listed
    assert f"{message_id}\t" not in av("drafts").out
    assert "· done_elsewhere ·" in av("show", message_id).out.splitlines()[0]
    assert av("undo", "linkedin_note:p5").code == 0  # a slip: the draft is back, as it was
    row = next(x for x in av("drafts").out.splitlines() if x.startswith(f"{message_id}\t"))
    assert "\tdrafted\t" in row and "no longer planned" not in row
