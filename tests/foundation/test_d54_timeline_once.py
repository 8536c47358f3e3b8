"""A note written for a planned action is on the timeline once: a draft (or a note whose send
failed) as the planned action, at the moment it is due, saying what the note is; a note on its
way (scheduled, approved) as the message, at the moment it goes, with the action's key; a sent
one as the message. Through the command line, on a real SQLite file."""

from __future__ import annotations

from datetime import datetime, timezone

from afterview.domain.model import Message, MessageState

from tests.helpers import afterview

WED = "2026-11-25 18:00 America/Chicago"  # the evening of the panel interview
FRI = "2026-11-27 09:00 America/Chicago"  # the thank-yous' due moment (Thursday is Thanksgiving)
SUBJECT = "Thank you - Data Engineer interview"


def _run(path, at, *args):
    result = afterview("--db", str(path), "--at", at, *args, env={"AV_TEST_PASSWORD": "unused"})
    assert result.code == 0, result.err
    return result.out


def _panel(tmp_path, home):
    """Priya, Tom and Sam on the panel of Wed 25 Nov, each with a drafted thank-you, and an
    account to approve them with (never connected to: nothing is sent)."""
    (home / "config.toml").write_text(
        '[accounts.home]\nemail = "alex@mail.example"\nsmtp_host = "127.0.0.1"\nsmtp_port = 2525\n'
        'smtp_tls = "none"\nimap_host = "127.0.0.1"\nimap_port = 1143\nimap_tls = "none"\n'
        'password_env = "AV_TEST_PASSWORD"\n')
    db = tmp_path / "afterview.db"
    _run(db, WED, "profile", "set", "--name", "Alex Morgan", "--email", "alex@mail.example", "--phone",
         "+1 555 0100", "--tz", "America/Chicago", "--country", "US")
    _run(db, WED, "opportunity", "add", "--company", "Northwind", "--role", "Data Engineer")
    for name in ("Priya Raman", "Tom Becker", "Sam Lee"):
        _run(db, WED, "person", "add", name, "--email", f"{name.split()[0].lower()}@northwind.example",
             "--company", "Northwind")
    _run(db, WED, "interview", "add", "--opportunity", "1", "--start", "2026-11-25 13:30", "--duration", "90m",
         "--stage", "panel interview", "--with", "Priya Raman:hiring_manager", "--with", "Tom Becker",
         "--with", "Sam Lee")
    for name, topic in (("Priya", "data pipeline migration"), ("Tom", "on-call rotation"), ("Sam", "dbt models")):
        _run(db, WED, "debrief", "1", "--person", name, "--topic", topic)
    _run(db, WED, "draft", "--interview", "1", "--no-ask")
    return db


def _lines(db, at, name):
    return [line for line in _run(db, at, "timeline", "--opportunity", "1").splitlines()
            if f"thank you to {name}" in line]


def test_a_scheduled_note_is_one_line_with_its_moment_and_key(tmp_path, afterview_home):
    # Found by a tester: a note scheduled for Monday showed twice, as the message and as the
    # planned action it fulfils.
    db = _panel(tmp_path, afterview_home)
    _run(db, WED, "approve", "2")
    _run(db, WED, "send", "2", "--at", "2026-11-30 09:00")
    assert _lines(db, WED, "Tom Becker") == [
        f"Mon 2026-11-30 09:00  thank you to Tom Becker: scheduled ({SUBJECT}) [thank_you:i1:p2]"]
    # approved before its moment: scheduled for the planned one (Fri 08:00 their time)
    _run(db, WED, "approve", "1")
    assert _lines(db, WED, "Priya Raman") == [
        f"Fri 2026-11-27 08:00  thank you to Priya Raman: scheduled ({SUBJECT}) [thank_you:i1:p1]"]


def test_a_draft_is_one_line_its_planned_action_saying_it_is_drafted(tmp_path, afterview_home):
    db = _panel(tmp_path, afterview_home)
    assert _lines(db, WED, "Sam Lee") == [
        f"Fri 2026-11-27 09:00  planned thank you to Sam Lee (due): drafted ({SUBJECT}) [thank_you:i1:p3]"]


def test_a_note_approved_to_go_now_and_a_sent_one_are_one_line_each(tmp_path, afterview_home):
    db = _panel(tmp_path, afterview_home)
    _run(db, FRI, "approve", "3")  # due now: it goes with the outbox's next round
    [line] = _lines(db, FRI, "Sam Lee")
    assert f"thank you to Sam Lee: approved ({SUBJECT}) [thank_you:i1:p3]" in line and "planned" not in line
    from afterview.storage import open_store

    store = open_store(f"sqlite:///{db}")
    try:
        with store.transaction() as tx:
            note = tx.get(Message, 3)
            note.state, note.sent_at = MessageState.SENT, datetime(2026, 11, 27, 15, 1, tzinfo=timezone.utc)
            tx.update(note)
    finally:
        store.close()
    assert _lines(db, FRI, "Sam Lee") == [f"Fri 2026-11-27 09:01  thank you to Sam Lee: sent ({SUBJECT})"]
