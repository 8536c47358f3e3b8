"""A newcomer's first evening in the terminal: an interview recorded after it happened ("2pm"),
a zone typed wrong and corrected, a phone number given after the drafts were made, a thank-you
found very late, a city typed for a zone."""

import json

from tests.helpers import afterview, assert_clean_error

AT = "2026-12-01T16:00:00+00:00"  # Tue 1 Dec, 16:00 UTC


def _setup(tmp_path, *, phone: bool = True):
    db = f"sqlite:///{tmp_path / 'a.db'}"

    def av(*args, at=AT):
        return afterview("--db", db, "--at", at, *args)

    details = ["--phone", "+1 555 0100"] if phone else []
    assert av("profile", "set", "--name", "Alex Morgan", "--email", "alex@mail.example", "--tz", "Etc/UTC",
              "--country", "US", *details).code == 0
    assert av("opportunity", "add", "--company", "Acme", "--role", "Engineer").code == 0
    assert av("person", "add", "Li Wei", "--email", "li.wei@acme.example", "--company", "Acme").code == 0
    return av


def _start(av, interview="1"):
    return json.loads(av("interview", "show", interview, "--json").out)["start"]


# 1. a bare time for an interview's start is today's, past or to come --------------------------------
def test_a_bare_time_past_today_is_today_not_tomorrow(tmp_path):
    av = _setup(tmp_path)
    added = av("interview", "add", "--opportunity", "1", "--start", "2pm", "--with", "Li Wei")
    assert added.code == 0, added.err
    assert "added interview 1: today, Tue 2026-12-01 14:00 Etc/UTC" in added.out, added.out
    assert _start(av).startswith("2026-12-01T14:00")


def test_a_bare_time_to_come_is_today_too_and_other_forms_are_unchanged(tmp_path):
    av = _setup(tmp_path)
    assert av("interview", "add", "--opportunity", "1", "--start", "6pm").code == 0
    assert _start(av).startswith("2026-12-01T18:00")
    added = av("interview", "add", "--opportunity", "1", "--start", "tomorrow 2pm")
    assert "today," not in added.out and _start(av, "2").startswith("2026-12-02T14:00")


def test_interview_edit_start_reads_a_bare_time_as_today(tmp_path):
    av = _setup(tmp_path)
    assert av("interview", "add", "--opportunity", "1", "--start", "2026-11-30 10:00").code == 0
    edited = av("interview", "edit", "1", "--start", "2:30pm")
    assert edited.code == 0, edited.err
    assert "today, Tue 2026-12-01 14:30 Etc/UTC" in edited.out, edited.out
    assert _start(av).startswith("2026-12-01T14:30")


def test_a_snooze_still_reads_a_bare_time_as_the_next_one():
    from datetime import datetime, timezone

    from afterview.domain.values import parse_when

    now = datetime(2026, 12, 1, 16, 0, tzinfo=timezone.utc)
    assert parse_when("2pm", now=now, tz="Etc/UTC").day == 2  # a time to come (snooze, send at)


def test_the_help_of_start_says_a_bare_time_is_today():
    said = " ".join(afterview("interview", "add", "--help").out.split())
    assert "a time alone ('2pm') is today's" in said


# 2. --tz alone corrects a zone typed wrong: the same clock time in the zone meant -------------------
def test_tz_alone_reads_the_same_clock_time_in_the_new_zone(tmp_path):
    av = _setup(tmp_path)
    assert av("interview", "add", "--opportunity", "1", "--start", "2026-12-01 14:00", "--duration", "90m").code == 0
    edited = av("interview", "edit", "1", "--tz", "America/New_York")
    assert edited.code == 0, edited.err
    assert "14:00 now read in America/New_York (was 14:00 Etc/UTC)" in edited.out, edited.out
    shown = json.loads(av("interview", "show", "1", "--json").out)
    # 14:00-15:30 in New York: 19:00-20:30 UTC (no longer 14:00 UTC, 09:00 there)
    assert shown["start"].startswith("2026-12-01T19:00") and shown["end"].startswith("2026-12-01T20:30"), shown
    assert shown["timezone"] == "America/New_York"
    # the way to keep the moment instead is given, and works
    keep = "--start '2026-12-01 14:00 Etc/UTC' --tz America/New_York"
    assert keep in edited.out
    assert av("interview", "edit", "1", "--start", "2026-12-01 14:00 Etc/UTC", "--tz", "America/New_York").code == 0
    assert _start(av).startswith("2026-12-01T14:00:00+00:00")
    assert "Tue 2026-12-01 09:00 - 10:30 America/New_York" in av("interview", "show", "1").out


# 4. a profile detail given after the drafts were made -----------------------------------------------
def test_profile_set_names_the_drafts_still_showing_what_it_fills(tmp_path):
    av = _setup(tmp_path, phone=False)
    assert av("interview", "add", "--opportunity", "1", "--start", "2026-12-01 10:00", "--with", "Li Wei").code == 0
    assert av("debrief", "1", "--person", "Li", "--topic", "the data platform").code == 0
    drafted = av("draft", "--interview", "1", "--no-ask")
    assert "missing: [your phone number]" in drafted.out, drafted.out
    done = av("profile", "set", "--phone", "+1 555 0100")
    assert done.code == 0
    assert ("message 1 (drafted) still shows [your phone number], which your profile now fills; to fill it, write it "
            "again: afterview draft thank_you:i1:p1 --force") in done.err, done.err
    kept = av("draft", "--interview", "1", "--no-ask")
    assert "kept (use --force to replace)" in kept.out
    assert ("kept with [your phone number], which is known now: draft it again: afterview draft thank_you:i1:p1 "
            "--force") in kept.out, kept.out
    assert json.loads(av("draft", "--interview", "1", "--no-ask", "--json").out)[0]["fillable"] == [
        "[your phone number]"]
    redrafted = av("draft", "thank_you:i1:p1", "--force", "--no-ask")
    assert "[your phone number]" not in av("show", "1").out and "known now" not in redrafted.out


def test_a_draft_with_nothing_newly_known_is_kept_as_before(tmp_path):
    av = _setup(tmp_path, phone=False)
    assert av("interview", "add", "--opportunity", "1", "--start", "2026-12-01 10:00", "--with", "Li Wei").code == 0
    assert av("debrief", "1", "--person", "Li", "--topic", "the data platform").code == 0
    assert av("draft", "--interview", "1", "--no-ask").code == 0
    kept = av("draft", "--interview", "1", "--no-ask")
    assert "kept (use --force to replace)" in kept.out and "known now" not in kept.out
    assert "[your phone number]" not in av("profile", "set", "--tone", "formal").err


# 6. a thank-you found very late: drafting it says so ---------------------------------------------------
def test_drafting_a_very_late_thank_you_says_it_is_late(tmp_path):
    av = _setup(tmp_path)
    assert av("interview", "add", "--opportunity", "1", "--start", "2026-10-05 10:00", "--with", "Li Wei",
              at="2026-10-05T12:00:00+00:00").code == 0
    assert av("debrief", "1", "--person", "Li", "--topic", "the data platform").code == 0
    later = "2026-12-03T16:00:00+00:00"  # 59 days on
    listed = av("today", at=later).out
    assert "would read oddly now" in listed, listed
    late = next(line.strip()[len("note: "):] for line in listed.splitlines() if "would read oddly now" in line)
    drafted = av("draft", "thank_you:i1:p1", "--no-ask", at=later)
    assert drafted.code == 0, drafted.err
    assert f"    note: {late}" in drafted.out, drafted.out
    assert "skip this one" in drafted.out
    as_json = json.loads(av("draft", "thank_you:i1:p1", "--no-ask", "--json", at=later).out)
    assert as_json[0]["late"] == late


# 7. a city or near miss typed for a zone ---------------------------------------------------------------
def test_a_city_typed_for_a_zone_suggests_the_zone_meant(tmp_path):
    av = _setup(tmp_path)
    assert_clean_error(av("profile", "set", "--tz", "New York"),
                       "unknown time zone: 'New York' (did you mean America/New_York?)")
    assert_clean_error(av("person", "add", "Dana Reyes", "--tz", "Europe/Berln"), "did you mean Europe/Berlin?")
    assert_clean_error(av("interview", "add", "--opportunity", "1", "--start", "2026-12-01 10:00", "--tz",
                          "sao paulo"), "did you mean America/Sao_Paulo?")
    assert_clean_error(av("interview", "add", "--opportunity", "1", "--start", "2pm New York"),
                       "did you mean America/New_York?", "'2pm America/New_York'")
    # nothing near: as before
    assert_clean_error(av("profile", "set", "--tz", "Mars/Olympus"),
                       "unknown time zone: 'Mars/Olympus' (use an IANA name like Europe/Berlin)")
