"""A note whose copy is out (in the Drafts folder, an .eml file, a link) is on its way by that
route: a new text for it here is refused, with the ways on, and never silently differs from the
copy that goes (found by a tester: `draft --force` and `edit` changed the stored text while the
old copy stayed in Drafts, and once that copy was sent, `show` claimed the new text went).

`approve ID --withdraw` takes the copy back (removed from Drafts), so that the text may change
and go out again; a copy found in Sent records the text that went. Real Dovecot, the commands as
a user runs them.
"""

from __future__ import annotations

import dataclasses
import os
import stat
import sys
from datetime import timedelta

import pytest

from afterview.domain.model import Message, MessageState
from afterview.errors import AfterviewError
from tests.delivery.conftest import NOW, add_interview, add_message
from tests.delivery.test_crash import run_cli, write_config

pytestmark = pytest.mark.mail

FIRST = "Dear Bob,\nthank you for the conversation today.\nAlice\n"


def stored(store, message_id) -> Message:
    with store.transaction() as tx:
        return tx.get(Message, message_id)


@pytest.fixture
def note(store, seeded, mail, afterview_home, tmp_path):
    """Bob's thank-you for yesterday's interview, drafted for its planned action: (db, id, key)."""
    write_config(afterview_home, mail)
    found = add_interview(store, seeded, NOW - timedelta(days=1))
    return tmp_path / "afterview.db", add_message(store, seeded, action_key=found["key"]), found["key"]


def placed(mail, db, message_id) -> None:
    done = run_cli(db, "send", str(message_id), "--to-drafts")
    assert done.returncode == 0, done.stderr
    assert len(mail.messages("alice", "Drafts")) == 1


def drafts_text(mail) -> list[str]:
    return [m.get_content() for m in mail.messages("alice", "Drafts")]


def editor(tmp_path, text: str) -> dict:
    """An $EDITOR that writes `text` into the file it is given."""
    script = tmp_path / "ed.py"
    script.write_text(f"import sys\nopen(sys.argv[1], 'w').write({text!r})\n"
                      f"open({str(tmp_path / 'ran')!r}, 'w').write('ran')\n")
    command = tmp_path / "ed.sh"
    command.write_text(f"#!/bin/sh\nexec {sys.executable} {script} \"$1\"\n")
    command.chmod(command.stat().st_mode | stat.S_IXUSR)
    return {"VISUAL": str(command), "EDITOR": str(command)}


def test_drafting_again_with_force_keeps_a_note_placed_in_drafts_and_says_why(mail, store, note):
    db, message_id, key = note
    placed(mail, db, message_id)
    again = run_cli(db, "draft", key, "--force", "--no-ask")
    assert again.returncode == 2, (again.stdout, again.stderr)
    assert "Traceback" not in again.stdout + again.stderr
    assert f"#{message_id} thank_you" in again.stdout and "not redrafted" in again.stdout
    assert "redrafted:" not in again.stdout.replace("not redrafted", "")
    said = again.stderr
    assert f"message {message_id} was placed in Drafts of test" in said
    assert f"afterview approve {message_id} --withdraw" in said and f"afterview send {message_id} --to-drafts" in said
    assert stored(store, message_id).body == FIRST  # the copy in Drafts and the note stay the same
    [copy] = drafts_text(mail)
    assert "thank you for the conversation today" in copy
    kept = run_cli(db, "draft", key, "--no-ask")  # without --force: kept, with the way that changes it
    assert kept.returncode == 0 and f"take that copy back first: afterview approve {message_id} --withdraw" in kept.stdout
    assert "use --force" not in kept.stdout


def test_edit_of_a_note_placed_in_drafts_is_refused_before_the_editor_opens(mail, store, note, tmp_path,
                                                                             monkeypatch):
    db, message_id, _ = note
    placed(mail, db, message_id)
    for name, value in editor(tmp_path, "Subject: Thank you\n\nDear Bob,\nthanks a lot.\nAlice\n").items():
        monkeypatch.setenv(name, value)
    edited = run_cli(db, "edit", str(message_id))
    assert edited.returncode == 2, (edited.stdout, edited.stderr)
    [line] = edited.stderr.strip().splitlines()
    assert "that copy is the one on its way" in line and f"afterview approve {message_id} --withdraw" in line
    assert not (tmp_path / "ran").exists()  # nothing typed for nothing
    assert stored(store, message_id).body == FIRST
    from afterview.services import drafting  # the service refuses it too (the desk, `edit --rewrite`)

    with pytest.raises(drafting.CopyIsOut), store.transaction() as tx:
        drafting.edit_draft(tx, message_id, "Thank you", "Dear Bob,\nthanks a lot.\nAlice\n", now=NOW)
    assert stored(store, message_id).body == FIRST
    assert "thanks a lot" not in drafts_text(mail)[0]


def test_taking_the_copy_back_lets_the_text_change_and_go_to_drafts_again(mail, store, note, tmp_path, monkeypatch):
    db, message_id, key = note
    placed(mail, db, message_id)
    back = run_cli(db, "approve", str(message_id), "--withdraw")
    assert back.returncode == 0, back.stderr
    assert f"message {message_id} is a draft again" in back.stdout
    assert "removed from your Drafts folder" in back.stdout
    assert mail.messages("alice", "Drafts") == []
    message = stored(store, message_id)
    assert message.state == MessageState.DRAFTED and not message.note.startswith("placed in ")
    for name, value in editor(tmp_path, "Subject: Thank you for today\n\nDear Bob,\nthanks a lot.\nAlice\n").items():
        monkeypatch.setenv(name, value)
    edited = run_cli(db, "edit", str(message_id))
    assert edited.returncode == 0 and f"#{message_id} saved" in edited.stdout, edited.stderr
    placed(mail, db, message_id)
    assert "thanks a lot" in drafts_text(mail)[0]
    # approved for SMTP now: refused as a copy out, as ever (one way out per message)
    assert run_cli(db, "approve", str(message_id)).returncode == 2


def test_a_stale_copy_sent_from_drafts_records_the_text_that_went(mail, store, note):
    """An older version let the text change after the copy was placed (or the user changed the
    copy in their mail program): the text found in Sent is what is recorded as sent, and said."""
    db, message_id, _ = note
    placed(mail, db, message_id)
    [copy] = mail.raw_messages("alice", "Drafts")
    with store.transaction() as tx:  # the text changed here after the copy was placed
        message = tx.get(Message, message_id)
        message.body = "Dear Bob,\nan entirely new text, never sent.\nAlice\n"
        tx.update(message)
    client = mail.imap("alice")  # the user sent the copy in Drafts from their mail program
    try:
        client.append("Sent", copy, flags=[b"\\Seen"])
    finally:
        client.logout()
    synced = run_cli(db, "sync")
    assert synced.returncode == 0, synced.stderr
    line = next(x for x in synced.stdout.splitlines() if f"message {message_id} " in x)
    assert "sent from your mail program" in line and "marked sent" in line
    assert "the text that went differs" in line and "the text found sent is kept" in line
    message = stored(store, message_id)
    assert message.state == MessageState.SENT
    assert "thank you for the conversation today" in message.body and "never sent" not in message.body
    assert "the text that went differs" in message.note
    shown = run_cli(db, "show", str(message_id))
    assert "never sent" not in shown.stdout and "thank you for the conversation today" in shown.stdout


def test_the_same_copy_found_in_sent_keeps_its_text_and_says_nothing_more(mail, store, note):
    db, message_id, _ = note
    placed(mail, db, message_id)
    [copy] = mail.raw_messages("alice", "Drafts")
    client = mail.imap("alice")
    try:
        client.append("Sent", copy, flags=[b"\\Seen"])
    finally:
        client.logout()
    synced = run_cli(db, "sync")
    line = next(x for x in synced.stdout.splitlines() if f"message {message_id} " in x)
    assert line.strip() == f"message {message_id} was sent from your mail program (found in Sent): marked sent"
    assert stored(store, message_id).body == FIRST


def test_taking_back_a_copy_already_sent_from_drafts_marks_it_sent_with_that_text(mail, store, note):
    db, message_id, _ = note
    placed(mail, db, message_id)
    [copy] = mail.raw_messages("alice", "Drafts")
    changed = copy.replace(b"thank you for the conversation today", b"thank you for the long talk today")
    client = mail.imap("alice")  # changed in the mail program, then sent
    try:
        client.append("Sent", changed, flags=[b"\\Seen"])
    finally:
        client.logout()
    back = run_cli(db, "approve", str(message_id), "--withdraw")
    assert back.returncode == 2, back.stdout
    [line] = back.stderr.strip().splitlines()
    assert "already sent from your mail program" in line and "not taken back" in line
    assert "the text that went differs" in line
    message = stored(store, message_id)
    assert message.state == MessageState.SENT and "the long talk today" in message.body


@pytest.mark.parametrize("way", ["eml", "mailto"])
def test_a_file_or_a_link_copied_out_is_not_changed_either(mail, store, note, tmp_path, way):
    db, message_id, key = note
    args = ["--eml", str(tmp_path / "out")] if way == "eml" else ["--mailto"]
    if way == "eml":
        os.mkdir(tmp_path / "out")
    assert run_cli(db, "send", str(message_id), *args).returncode == 0
    again = run_cli(db, "draft", key, "--force", "--no-ask")
    assert again.returncode == 2 and "not redrafted" in again.stdout, again.stderr
    assert f"mark it done (afterview done {key})" in again.stderr
    assert stored(store, message_id).body == FIRST
    back = run_cli(db, "approve", str(message_id), "--withdraw")
    assert back.returncode == 0, back.stderr
    assert "cannot be taken back, so do not send it" in back.stdout
    redrafted = run_cli(db, "draft", key, "--force", "--no-ask")
    assert redrafted.returncode == 0 and "redrafted" in redrafted.stdout, redrafted.stderr
    assert stored(store, message_id).body != FIRST


def test_the_desk_copy_placed_again_with_a_new_text_is_both_or_neither(mail, store, note, accounts):
    """The desk's Send to my Drafts folder with a text typed: placed with that text, the earlier
    copy replaced; a mailbox that refuses it leaves the stored text as it was too."""
    from afterview.services import delivery, drafting

    db, message_id, _ = note
    placed(mail, db, message_id)

    def edit(text):
        return lambda tx: drafting.edit_draft(tx, message_id, "Thank you for today", text, now=NOW, recopy=True)

    folder = delivery.to_drafts(store, message_id, now=NOW, accounts=accounts, edit=edit("Dear Bob,\nnew one.\nAlice\n"))
    assert folder.replaced == 1
    assert ["new one" in t for t in drafts_text(mail)] == [True]
    assert "new one" in stored(store, message_id).body
    broken = {name: dataclasses.replace(a, imap_port=1) for name, a in accounts.items()}
    with pytest.raises(AfterviewError):
        delivery.to_drafts(store, message_id, now=NOW, accounts=broken, edit=edit("Dear Bob,\nnot placed.\nAlice\n"))
    assert "new one" in stored(store, message_id).body  # the text put back: the copy in Drafts has it
    assert ["new one" in t for t in drafts_text(mail)] == [True]
    # without recopy, the service refuses a new text while the copy is out
    with pytest.raises(drafting.CopyIsOut):
        with store.transaction() as tx:
            drafting.edit_draft(tx, message_id, "Thank you", "Dear Bob,\nother.\nAlice\n", now=NOW)


# the desk: one rule with the terminal (the services refuse a new text while the copy is out) ------
from tests.web.conftest import db_url, mail_desk  # noqa: E402,F401  (the desk's fixtures, used here)
from tests.web.conftest import draft as desk_draft, read  # noqa: E402

ANA = "thank_you:i4:p6"  # the demo's note to Ana
TEXT = "Hi Ana,\n\nThank you for the conversation about the {what}.\n\nBest,\nAlex\n"


def _said(page) -> str:
    import html
    import re

    found = re.findall(r'<p class="flash[^"]*"[^>]*>(.*?)</p>', page.text, re.S)
    return " ".join(" ".join(html.unescape(re.sub(r"<[^>]+>", "", line)).split()) for line in found)


def _submit(client, csrf, message_id, do, what):
    return client.post(f"/drafts/{message_id}", follow_redirects=True, data={
        "csrf": csrf, "do": do, "subject": "Thank you - Data Analyst interview", "body": TEXT.format(what=what),
        "despite": "yes"})


@pytest.fixture
def desk_in_drafts(mail_desk, db_url, mail):
    """Ana's note placed in alice's Drafts folder from its editor: (client, csrf, id)."""
    _, client, csrf = mail_desk(mail_interval=3600)
    message_id = desk_draft(client, csrf, ANA)
    placed_page = _submit(client, csrf, message_id, "drafts", "migration plan")
    assert "Placed in your mailbox's Drafts folder" in _said(placed_page)
    return client, csrf, message_id


def _body(db_url, message_id) -> str:
    return read(db_url, lambda tx: tx.get(Message, message_id)).body


def test_the_desks_save_and_redraft_of_a_note_in_drafts_are_refused_in_its_words(desk_in_drafts, mail, db_url):
    client, csrf, message_id = desk_in_drafts
    saved = _submit(client, csrf, message_id, "save", "budget")
    assert saved.status_code == 400
    said = _said(saved)
    assert said.startswith("Not saved: a copy of the thank-you note to Ana Souza was placed in Drafts of home, and "
                           "that copy is the one on its way"), said
    assert "Send to my Drafts folder to replace that copy" in said and "afterview " not in said
    assert "the budget" in saved.text  # the text as typed stays on the page
    assert "migration plan" in _body(db_url, message_id)
    redrafted = client.post(f"/drafts/{message_id}/tone", data={"csrf": csrf, "tone": "formal"},
                            follow_redirects=True)
    assert _said(redrafted).startswith("Not redrafted: a copy of the thank-you note to Ana Souza was placed")
    assert "migration plan" in _body(db_url, message_id)
    assert ["migration plan" in t for t in drafts_text(mail)] == [True]


def test_the_desks_send_to_drafts_replaces_the_copy_and_take_back_saves_the_text(desk_in_drafts, mail, db_url):
    client, csrf, message_id = desk_in_drafts
    again = _submit(client, csrf, message_id, "drafts", "budget")
    assert "It replaces the earlier copy there." in _said(again)
    assert ["the budget" in t for t in drafts_text(mail)] == [True]
    assert "the budget" in _body(db_url, message_id)
    editor_page = client.get(f"/drafts/{message_id}").text
    assert 'value="take_back"' in editor_page
    back = _submit(client, csrf, message_id, "take_back", "roadmap")
    said = _said(back)
    assert said.startswith("The thank-you note to Ana Souza is a draft again: its copy was removed"), said
    assert "Your text is saved." in said
    assert mail.messages("alice", "Drafts") == []
    note = read(db_url, lambda tx: tx.get(Message, message_id))
    assert "the roadmap" in note.body and not note.note.startswith("placed in ")
    assert "Draft saved." in _said(_submit(client, csrf, message_id, "save", "hiring plan"))
