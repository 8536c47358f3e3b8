"""Copying a note out is sending it: a thank-you copied out (to Drafts, an .eml file, a link)
before its interview has ended is refused as approving it to go out then is, a review error of
its moment ([timing]), unless --despite-errors (found by a tester: `send 11 --to-drafts` on 28
Nov for an interview on 3 Dec was taken with no word). Real Dovecot for the Drafts folder.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from afterview.domain.model import Message
from tests.delivery.conftest import NOW, add_interview, add_message
from tests.delivery.test_crash import run_cli, write_config

pytestmark = pytest.mark.mail


@pytest.fixture
def early(store, seeded, mail, afterview_home, tmp_path):
    """Bob's thank-you for an interview five days ahead, drafted already: (db, id)."""
    write_config(afterview_home, mail)
    found = add_interview(store, seeded, NOW + timedelta(days=5))
    return tmp_path / "afterview.db", add_message(store, seeded, action_key=found["key"], interview_id=found["interview"])


def refused(done, message_id: int, again: str) -> str:
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert "Traceback" not in done.stdout + done.stderr
    [line] = done.stderr.strip().splitlines()
    assert f"message {message_id} cannot go out now: a thank-you set to go out" in line, line
    assert "before the interview ends" in line and "[timing]" in line
    assert f"afterview send {message_id} {again} --despite-errors" in line
    return line


def note_of(store, message_id: int) -> str:
    with store.transaction() as tx:
        return tx.get(Message, message_id).note


def test_a_thank_you_is_not_placed_in_drafts_before_its_interview(mail, store, early):
    db, message_id = early
    refused(run_cli(db, "send", str(message_id), "--to-drafts"), message_id, "--to-drafts")
    assert mail.messages("alice", "Drafts") == [] and note_of(store, message_id) == ""
    placed = run_cli(db, "send", str(message_id), "--to-drafts", "--despite-errors")
    assert placed.returncode == 0, placed.stderr
    assert len(mail.messages("alice", "Drafts")) == 1


def test_nor_written_to_an_eml_file_nor_given_as_a_link(mail, store, early, tmp_path):
    db, message_id = early
    target = tmp_path / "note.eml"
    refused(run_cli(db, "send", str(message_id), "--eml", str(target)), message_id, f"--eml {target}")
    assert not target.exists()
    refused(run_cli(db, "send", str(message_id), "--mailto"), message_id, "--mailto")
    assert note_of(store, message_id) == ""
    link = run_cli(db, "send", str(message_id), "--mailto", "--despite-errors")
    assert link.returncode == 0 and link.stdout.startswith("mailto:"), link.stderr


def test_after_the_interview_it_is_copied_out_as_ever(mail, store, early):
    db, message_id = early
    later = NOW + timedelta(days=5, hours=3)  # the interview (an hour) ended two hours ago
    done = run_cli(db, "send", str(message_id), "--to-drafts", at=later)
    assert done.returncode == 0, done.stderr
    assert len(mail.messages("alice", "Drafts")) == 1


def test_the_desks_copy_out_is_refused_the_same_way(store, early, accounts):
    """The service both ways out use (the desk's Send to my Drafts folder and Download .eml)."""
    from afterview.services import delivery

    _, message_id = early
    with pytest.raises(delivery.ReviewErrors) as found:
        with store.transaction() as tx:
            delivery.eml_copy(tx, message_id, now=NOW, accounts=accounts, review=True)
    assert found.value.timing_only and "copy it out later" in str(found.value)
    with pytest.raises(delivery.ReviewErrors):
        delivery.to_drafts(store, message_id, now=NOW, accounts=accounts, review=True)
    with store.transaction() as tx:  # the box ticked: as it is
        assert delivery.eml_copy(tx, message_id, now=NOW, accounts=accounts, review=True, despite_errors=True).data
