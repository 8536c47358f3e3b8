"""A rejection told with `replies add --says` is read as one, as `sync` reads a rejection mail
(found by a tester: "Unfortunately we have decided to move forward with another candidate." only
stopped the follow-ups, with no word of the rejection, though a decision date in the same words
was read).

Without --status, its words are read by the reader `sync` uses: a rejection, an offer or a next
round waits in `afterview replies` with the status it suggests, and the command says how to
record it; the status itself changes only when confirmed, as for a mail read by `sync`."""

from __future__ import annotations

from tests.helpers import afterview

AT = {"AFTERVIEW_AT": "2026-11-26 10:00"}
NO = "Unfortunately we have decided to move forward with another candidate."


def _ok(db, *args):
    done = afterview("--db", str(db), *args, env=AT)
    assert done.code == 0, (args, done.out, done.err)
    return done.out


def _process(tmp_path):
    db = tmp_path / "afterview.db"
    _ok(db, "profile", "set", "--name", "Alex Morgan", "--tz", "UTC", "--country", "GB")
    _ok(db, "opportunity", "add", "--company", "Acme", "--role", "Engineer")
    _ok(db, "person", "add", "Priya Raman", "--email", "priya@acme.example", "--company", "Acme")
    _ok(db, "interview", "add", "--opportunity", "1", "--start", "2026-11-20 10:00", "--duration", "60m",
        "--with", "Priya Raman")
    return db


def test_a_rejection_told_is_read_as_one_and_waits_to_be_confirmed(afterview_home, tmp_path):
    db = _process(tmp_path)
    said = _ok(db, "replies", "add", "Priya", "--says", NO)
    assert (f'reply 1: this reads as a rejection ("{NO}"): record it with afterview replies confirm 1 '
            "(opportunity 1 becomes rejected); if it is not, note it as read: afterview replies confirm 1 "
            "--status none") in said
    assert "interviewing" in _ok(db, "opportunity", "show", "1")  # not changed silently
    listed = _ok(db, "replies")
    assert "rejection\trejected" in listed
    assert "opportunity 1 is now rejected (reply 1 confirmed)" in _ok(db, "replies", "confirm", "1")


def test_a_rejection_told_with_a_date_is_read_as_one_and_no_date_offered_as_for_mail(afterview_home, tmp_path):
    db = _process(tmp_path)
    said = _ok(db, "replies", "add", "Priya", "--says", f"{NO} We will decide on the other roles by 12 Dec.")
    # a reply that decided offers no decision date to keep the follow-ups going by (as `sync` reads a mail)
    assert "reply 1: this reads as a rejection" in said and "they said a decision by" not in said


def test_words_with_no_decision_or_a_status_given_say_nothing_more(afterview_home, tmp_path):
    db = _process(tmp_path)
    plain = _ok(db, "replies", "add", "Priya", "--says", "Thanks, we are still talking to candidates.")
    assert "reads as" not in plain
    given = _ok(db, "replies", "add", "Priya", "--says", NO, "--status", "rejected", "--on", "2026-11-26 09:00")
    assert "reads as" not in given and "opportunity 1 is now rejected" in given
    assert "no replies to confirm" in _ok(db, "replies")


def test_an_offer_told_is_read_as_one(afterview_home, tmp_path):
    db = _process(tmp_path)
    said = _ok(db, "replies", "add", "Priya", "--says", "We are delighted to offer you the position.")
    assert "reply 1: this reads as an offer" in said and "(opportunity 1 becomes offer)" in said
