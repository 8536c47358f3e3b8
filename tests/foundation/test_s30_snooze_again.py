"""The same snooze given again (the moment of the snooze in force) changes nothing: refused in one
line, nothing recorded (before, each repeat recorded a new snooze and marked the last undone, and
said "was snoozed until X; now until X")."""

from __future__ import annotations

from tests.foundation.test_d79_docs_findings import KEY, TUESDAY, _snoozes, _walk_through


def test_the_same_snooze_again_is_refused_and_nothing_recorded(tmp_path):
    av = _walk_through(tmp_path)
    first = av("snooze", KEY, "--until", "2026-12-11 10:00", at=TUESDAY)
    assert first.code == 0, first.err
    again = av("snooze", KEY, "--until", "2026-12-11 10:00", at=TUESDAY)
    assert again.code == 2 and again.out == ""
    assert again.err == f"afterview: error: {KEY} is snoozed until Fri 11 Dec 10:00 already: nothing recorded\n"
    [kept] = _snoozes(tmp_path)
    assert kept.undone_at is None
    later = av("snooze", KEY, "--until", "2026-12-14 10:00", at=TUESDAY)  # another moment: replaces it
    assert later.code == 0 and "was snoozed until" in later.out, (later.out, later.err)
