"""A snooze stops a note already approved or scheduled to go out before it ends, as done and
skip stop theirs: a draft again, said at once (terminal and desk); `undo` of the snooze clears
what it said.

Found by a tester: `approve 3` (scheduled Mon 30 Nov 09:00), then `snooze thank_you:i1:p11
--until "2026-12-05 09:00"` was accepted with no word of the note, and Monday's send-due sent it.

Real SQLite file, real SMTP server (aiosmtpd delivering into Dovecot), the commands as a user
runs them; the desk through its pages.
"""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest

from afterview.domain import model as m
from afterview.services import delivery
from tests.delivery.conftest import NOW, account_for, add_interview, add_message, seeded, store  # noqa: F401
from tests.delivery.test_crash import run_cli, write_config
from tests.web.conftest import app, client, csrf, db_url, draft, mark_scheduled, read  # noqa: F401
from tests.web.conftest import NOW as DESK_NOW

MONDAY = NOW + timedelta(days=4, hours=-1)  # Mon 30 Nov 09:00 UTC
HELD = ("not sent: you snoozed it until Sat 5 Dec 09:00; a draft again (approve it and schedule it again from "
        "Sat 5 Dec 09:00 on)")


def _state(store, message_id: int) -> m.Message:
    with store.transaction() as tx:
        return tx.get(m.Message, message_id)


@pytest.mark.mail
def test_snooze_holds_back_a_note_scheduled_before_it_ends_and_undo_clears_that(mail, store, seeded, tmp_path,
                                                                               afterview_home):
    write_config(afterview_home, mail)
    db = tmp_path / "afterview.db"
    found = add_interview(store, seeded, NOW - timedelta(days=1), role=m.Role.RECRUITER)
    key = found["key"]
    message_id = add_message(store, found, action_key=key, interview_id=found["interview"])
    with store.transaction() as tx:
        delivery.approve(tx, message_id, now=NOW, accounts={"test": account_for(mail)})
        delivery.schedule(tx, message_id, when=MONDAY, now=NOW)

    snoozed = run_cli(db, "snooze", key, "--until", "2026-12-05 09:00")
    assert snoozed.returncode == 0, snoozed.stderr
    lines = snoozed.stdout.splitlines()
    assert lines[0].startswith(f"snoozed: {key} until "), lines
    assert len(lines) == 2 and lines[1].startswith(f"message {message_id}: {HELD}"), lines
    held = _state(store, message_id)
    assert held.state == m.MessageState.DRAFTED and held.scheduled_at is None and held.approved_at is None

    due = run_cli(db, "send-due", at=MONDAY + timedelta(minutes=5))
    assert due.returncode == 0 and due.stdout.strip() == "nothing due", due.stdout
    assert mail.messages("bob") == []

    undone = run_cli(db, "undo", key, at=NOW + timedelta(minutes=5))
    assert undone.returncode == 0, undone.stderr
    after = _state(store, message_id)
    assert after.state == m.MessageState.DRAFTED and after.last_error == ""  # no longer blames a snooze


@pytest.mark.mail
def test_a_note_scheduled_after_the_snooze_ends_stays_scheduled(mail, store, seeded, tmp_path, afterview_home):
    write_config(afterview_home, mail)
    db = tmp_path / "afterview.db"
    found = add_interview(store, seeded, NOW - timedelta(days=1), role=m.Role.RECRUITER)
    message_id = add_message(store, found, action_key=found["key"], interview_id=found["interview"])
    with store.transaction() as tx:
        delivery.approve(tx, message_id, now=NOW, accounts={"test": account_for(mail)})
        delivery.schedule(tx, message_id, when=MONDAY, now=NOW)
    snoozed = run_cli(db, "snooze", found["key"], "--until", "2026-11-28 09:00")
    assert snoozed.returncode == 0, snoozed.stderr
    [line] = snoozed.stdout.splitlines()  # no note is held back
    assert line.startswith(f"snoozed: {found['key']} until "), line
    assert _state(store, message_id).state == m.MessageState.SCHEDULED


def test_snooze_on_the_desk_says_the_scheduled_note_is_a_draft_again(client, csrf, db_url):  # noqa: F811
    key = "thank_you:i1:p1"
    message_id = draft(client, csrf, key)
    mark_scheduled(db_url, message_id, at=DESK_NOW + timedelta(days=1))
    client.app.state.desk.changed()
    page = client.post("/actions/snooze", data={"csrf": csrf, "key": key, "next": "/", "until": "2026-12-05 09:00"},
                       follow_redirects=True)
    flashes = [html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", text))).strip()
               for text in re.findall(r'<p class="flash[^"]*"[^>]*>(.*?)</p>', page.text, re.S)]
    said = next((f for f in flashes if f.startswith("Snoozed until")), None)
    assert said is not None, flashes
    assert "not sent: you snoozed it until Sat 5 Dec 09:00; a draft again" in said, said
    message = read(db_url, lambda tx: tx.get(m.Message, message_id))
    assert message.state == m.MessageState.DRAFTED and message.last_error.startswith("not sent: you snoozed it")
