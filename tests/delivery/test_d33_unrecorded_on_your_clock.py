"""A send the server accepted but the database could not record: `send-due` and `send --now` say
the minute it is looked for in the Sent folder on your clock, as the worker and `today` say it
(they said it in UTC)."""

import pytest

from afterview.services import delivery
from tests.delivery.test_crash import approved_note
from tests.delivery.test_unrecorded_send import Lock, run_cli

pytestmark = pytest.mark.mail


@pytest.mark.parametrize("command", [["send-due"], ["send", "{id}", "--now"]])
def test_the_minute_an_unrecorded_send_is_looked_for_is_on_your_clock(command, mail, store, seeded, accounts,
                                                                      afterview_home, tmp_path, monkeypatch):
    monkeypatch.setattr(delivery, "RECORD_WAIT", 1.0)
    monkeypatch.setattr(delivery, "_keep_aside", lambda store, entries: None)  # not kept beside it: the Sent folder
    with store.transaction() as tx:
        profile = tx.profile()
        profile.timezone = "America/Chicago"
        tx.save_profile(profile)
    message_id, _, db = approved_note(store, seeded, accounts, mail, afterview_home, tmp_path)
    lock = Lock(db)
    mail.smtp.before_250 = lock.take
    try:
        done = run_cli(db, *[part.format(id=message_id) for part in command])
    finally:
        lock.release()
        mail.smtp.before_250 = None
    assert done.code == 2, (done.out, done.err)
    [line] = [x for x in done.err.splitlines() if not x.startswith("warning: ")]
    # claimed at 10:00 UTC and a moment (the claim is stamped when it is made): looked for from the
    # end of its five minutes, the minute after 04:05 in Chicago
    assert "Do not send it again: from Thu 2026-11-26 04:06 on, afterview send-due (or the worker) looks for it" \
        in line, line
    assert "UTC" not in line
