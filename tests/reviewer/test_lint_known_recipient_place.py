"""`afterview lint FILE --to NAME --send-at WHEN`: when NAME is one stored person, the moment is
checked on their calendar (their zone and country), as a draft of theirs is (found by a tester:
a note to a Munich interviewer set for Corpus Christi, or for 03:00 Saturday in Munich, got no
warning when linted as a file)."""

from __future__ import annotations

from tests.helpers import afterview

NOTE = ("Subject: Thank you for the platform interview\n\nHi Max,\n\nThank you for walking me through how the "
        "platform team plans its quarter and runs its reviews. Our talk about the move to event-driven "
        "services stayed with me, and I would be glad to bring my experience with streaming pipelines to "
        "the team. I left with a clear picture of the role and of how the team works together every day, "
        "and I am looking forward to the next steps in the process.\n\nBest regards,\nAlex Morgan\n")


def _setup(tmp_path):
    added = afterview("person", "add", "Max Munich", "--email", "max@acme.example", "--country", "DE-BY",
                      "--tz", "Europe/Berlin")
    assert added.code == 0, added.err
    path = tmp_path / "note.txt"
    path.write_text(NOTE, encoding="utf-8")
    return str(path)


def test_a_known_recipient_s_holiday_is_found(tmp_path):
    note = _setup(tmp_path)
    done = afterview("lint", note, "--kind", "thank_you", "--to", "Max Munich", "--send-at",
                     "2026-06-04 10:00 Europe/Berlin")  # Corpus Christi, a public holiday in Bavaria
    assert "public holiday" in done.out and "Corpus Christi" in done.out, done.out


def test_a_known_recipient_s_weekend_is_found_from_a_moment_in_another_zone(tmp_path):
    note = _setup(tmp_path)
    done = afterview("lint", note, "--kind", "thank_you", "--to", "Max Munich", "--send-at",
                     "2026-06-05T21:00-04:00")  # Sat 03:00 in Munich
    assert "Saturday" in done.out and "Europe/Berlin" in done.out, done.out


def test_a_name_no_one_has_checks_as_before(tmp_path):
    note = _setup(tmp_path)
    done = afterview("lint", note, "--kind", "thank_you", "--to", "Nobody Known", "--send-at",
                     "2026-06-04 10:00 Europe/Berlin")
    assert "Corpus Christi" not in done.out, done.out
