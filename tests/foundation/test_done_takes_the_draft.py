"""`done` on an action with an email draft: the draft is the note the user sent (from a phone,
pasted), so it counts as sent by hand, as a LinkedIn note's or a copied-out one's does; `undo`
makes it a draft again. Found by a tester: it stayed among the drafts as "no longer planned",
and discarding it put a cancelled note beside the done one in the timeline."""

from __future__ import annotations

from tests.helpers import afterview

AT = "2027-01-12T12:00:00-06:00"


def run(db, *args):
    result = afterview("--db", db, "--at", AT, *args)
    assert result.code == 0, (args, result.err)
    return result


def test_done_counts_the_draft_as_sent_by_hand_and_undo_takes_it_back(tmp_path):
    db = str(tmp_path / "a.db")
    run(db, "profile", "set", "--name", "Jordan Lee", "--email", "j@mail.example", "--tz", "America/Chicago",
        "--country", "US")
    run(db, "opportunity", "add", "--company", "Acme", "--role", "Data Engineer")
    run(db, "person", "add", "Dana Reyes", "--email", "dana@acme.example", "--company", "Acme")
    run(db, "interview", "add", "--opportunity", "1", "--start", "2027-01-12 09:00", "--with", "Dana Reyes:hiring_manager")
    run(db, "debrief", "1", "--person", "Dana", "--topic", "pipeline migration")
    run(db, "draft", "thank_you:i1:p1", "--no-ask")
    run(db, "done", "thank_you:i1:p1", "--note", "sent from my phone")
    assert "no longer planned" not in run(db, "drafts").out
    listed = run(db, "drafts", "--all").out
    assert "no longer planned" not in listed and "Thank you" in listed
    assert "done_elsewhere" in run(db, "show", "1").out.splitlines()[0]
    timeline = run(db, "timeline", "--opportunity", "1").out
    assert "cancelled" not in timeline and "marked done (sent from my phone)" in timeline
    assert "(sent from my phone)" in run(db, "why", "thank_you:i1:p1").out  # the decision's words, not the draft's
    run(db, "undo", "thank_you:i1:p1")
    again = run(db, "drafts").out
    assert "Thank you" in again and "no longer planned" not in again  # planned again, a draft again


def test_today_says_a_copied_out_note_waits_for_done(tmp_path):
    """After `send --eml`, `today` said "a draft exists" (found by a tester): it says the copy,
    and the command that records it once sent."""
    db = str(tmp_path / "a.db")
    run(db, "profile", "set", "--name", "Jordan Lee", "--email", "j@mail.example")
    run(db, "opportunity", "add", "--company", "Acme", "--role", "Data Engineer")
    run(db, "person", "add", "Dana Reyes", "--email", "dana@acme.example", "--company", "Acme")
    run(db, "interview", "add", "--opportunity", "1", "--start", "2027-01-12 09:00", "--with", "Dana Reyes:hiring_manager")
    run(db, "debrief", "1", "--person", "Dana", "--topic", "pipeline migration")
    run(db, "draft", "thank_you:i1:p1", "--no-ask")
    run(db, "send", "1", "--eml", str(tmp_path / "note.eml"), "--despite-errors")
    listed = run(db, "today").out
    assert f"saved as {tmp_path / 'note.eml'} (message 1): once you have sent it, afterview done thank_you:i1:p1" in listed
    assert "a draft exists" not in listed
