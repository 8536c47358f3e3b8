"""Dates, times and zones as users type them: nothing typed is dropped or guessed.

A zone abbreviation ("10:00 AM EST", as US invitations say) is refused with what to type
instead, never read as the user's own time; a word that is not understood is refused wherever
it is; a day and month that could be either way round (11/10/2026) are refused; a duration is
real time, also across a daylight-saving change.
"""

import json
import sqlite3
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from afterview.domain.values import parse_date, parse_when
from afterview.errors import InvalidInput
from tests.helpers import afterview, assert_clean_error

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=timezone.utc)  # a Thursday; 10:00 in Berlin
BERLIN = "Europe/Berlin"


def when(text: str, tz: str = BERLIN) -> str:
    return parse_when(text, now=NOW, tz=tz).isoformat()


def refusal(text: str, tz: str = BERLIN) -> str:
    with pytest.raises(InvalidInput) as caught:
        parse_when(text, now=NOW, tz=tz)
    message = str(caught.value)
    assert "\n" not in message
    return message


# -- zone abbreviations ------------------------------------------------------------------------

@pytest.mark.parametrize("text, abbreviation, name, offset", [
    ("2026-11-30 08:00 EST", "EST", "America/New_York", "-05:00"),
    ("2027-01-19 10:00 EST", "EST", "America/New_York", "-05:00"),
    ("2026-12-03T10:00 EST", "EST", "America/New_York", "-05:00"),
    ("2026-12-03 10:00 est", "est", "America/New_York", "-05:00"),
    ("10am ET", "ET", "America/New_York", "-05:00"),
    ("Dec 3 2026 10am EST", "EST", "America/New_York", "-05:00"),
    ("tomorrow 9:00 PST", "PST", "America/Los_Angeles", "-08:00"),
    ("next monday 9am PT", "PT", "America/Los_Angeles", "-08:00"),
    ("2026-07-01 10:00 BST", "BST", "Europe/London", "+01:00"),
    ("2026-12-03 10:00 CET", "CET", "Europe/Berlin", "+01:00"),
    ("2026-12-03 10:00 CST", "CST", "America/Chicago", "-06:00"),
    ("2026-12-03 10:00 IST", "IST", "Asia/Kolkata", "+05:30"),
    ("10:00 (EST)", "EST", "America/New_York", "-05:00"),
    ("10am EST tomorrow", "EST", "America/New_York", "-05:00"),
    ("in 3 days JST", "JST", "Asia/Tokyo", "+09:00"),
])
def test_a_zone_abbreviation_is_refused_with_what_to_type(text, abbreviation, name, offset):
    message = refusal(text)
    assert f"{abbreviation!r}" in message and "abbreviation" in message
    assert name in message and offset in message


def test_the_zone_name_an_abbreviation_refusal_suggests_reads_as_meant():
    message = refusal("2026-11-30 08:00 EST")
    assert message == ("'EST' in '2026-11-30 08:00 EST' is an abbreviation, which can name more than one zone: "
                       "give the zone's name, e.g. '2026-11-30 08:00 America/New_York', or an offset, e.g. -05:00")
    assert when("2026-11-30 08:00 America/New_York") == "2026-11-30T08:00:00-05:00"
    assert when("2026-11-30 08:00 -05:00") == "2026-11-30T08:00:00-05:00"
    # somewhere in the middle, the suggestion moves the zone to the end, where it is read
    suggested = refusal("10am EST tomorrow").split("e.g. '")[1].split("'")[0]
    assert suggested == "10am tomorrow America/New_York"
    assert when(suggested) == "2026-11-27T10:00:00-05:00"


@pytest.mark.parametrize("abbreviation, places", [("CST", ["America/Chicago", "Asia/Shanghai"]),
                                                  ("IST", ["Asia/Kolkata", "Europe/Dublin", "Asia/Jerusalem"]),
                                                  ("BST", ["Europe/London", "Asia/Dhaka"])])
def test_an_abbreviation_of_several_zones_names_them_all(abbreviation, places):
    message = refusal(f"2026-12-03 10:00 {abbreviation}")
    assert all(place in message for place in places)


@pytest.mark.parametrize("text, expected", [
    ("2026-12-03 10:00 -05:00", "2026-12-03T10:00:00-05:00"),
    ("2026-12-03 10:00 -0500", "2026-12-03T10:00:00-05:00"),
    ("2026-12-03T10:00-05:00", "2026-12-03T10:00:00-05:00"),
    ("2026-12-03 10:00 UTC", "2026-12-03T10:00:00+00:00"),
    ("2026-12-03 10:00 GMT", "2026-12-03T10:00:00+00:00"),
    ("2026-12-03 10:00 America/New_York", "2026-12-03T10:00:00-05:00"),
    ("2026-07-01 10:00 America/New_York", "2026-07-01T10:00:00-04:00"),
    # the forms in words keep their zone too (the offset was dropped before)
    ("Dec 3 2026 10am -05:00", "2026-12-03T10:00:00-05:00"),
    ("Dec 3 2026 10am America/New_York", "2026-12-03T10:00:00-05:00"),
    ("Dec 3 2026 10am UTC+1", "2026-12-03T10:00:00+01:00"),
    ("3 Dec 2026 10:00 GMT-5", "2026-12-03T10:00:00-05:00"),
    ("tomorrow 14:00 America/New_York", "2026-11-27T14:00:00-05:00"),
    ("next monday 9am Asia/Tokyo", "2026-11-30T09:00:00+09:00"),
])
def test_zones_given_by_name_or_offset_are_kept(text, expected):
    assert when(text) == expected


def test_a_moment_with_two_zones_is_refused():
    assert "two zones" in refusal("2026-12-03T10:00Z Europe/Berlin")


# -- words that are not understood, junk ------------------------------------------------------

@pytest.mark.parametrize("text, fragment", [
    ("2026-12-03 10:00 foo", "'foo' is not understood"),
    ("tomorrow 14:00 please", "'please' is not understood"),
    ("next monday 9am sharp", "'sharp' is not understood"),
    ("3 Dec 2026 10:00 Eastern", "'Eastern' is not understood"),
    ("2026-12-03 10:00 Europe/Berlin UTC", "'Europe/Berlin' is not understood"),
    ("someday soon-ish", "not a date/time"),
    ("-1", "not a date/time: '-1'"),
    ("5", "not a date/time: '5'"),
    ("2026", "not a date/time: '2026'"),
    ("10 11", "not a date/time"),
    ("in 5", "not a date/time"),
    ("monday 5", "not a date/time"),
    ("at 5", "5am or 5pm"),
    ("the 5th", "give the month too"),
    ("december", "give the day of the month too"),
    ("Dec 45", "impossible date"),
    ("13pm", "impossible time"),
    ("in 2 weeks ago", "opposite"),
    ("Tuesday, December 7, 2026", "7 Dec 2026 is a Monday"),
    ("tomorrow friday", "more than once"),
    ("10.11.26", "give the year in full, e.g. '10.11.2026'"),
    ("11/25/26", "give the year in full"),
    ("2026-12-03 10:00 UTC+25", "invalid UTC offset"),
    ("Dec \u00b2", "not understood"),  # a superscript is a digit to str.isdigit, not to int()
    ("\u00b2 days ago", "not understood"),
])
def test_what_is_not_understood_is_refused_never_skipped(text, fragment):
    assert fragment in refusal(text)


def test_junk_is_no_day_either():
    for junk in ("-1", "5", "the 5th"):
        with pytest.raises(InvalidInput):
            parse_date(junk, now=NOW, tz=BERLIN)


# -- day and month ------------------------------------------------------------------------------

def test_a_day_and_month_either_way_round_are_refused():
    message = refusal("11/10/2026")
    assert message == ("ambiguous date '11/10/2026': it could be 10 Nov 2026 (month first, as in the US) or "
                       "11 Oct 2026 (day first): type 2026-11-10 or 2026-10-11, or the month as a word ('10 Nov 2026')")
    assert "in '11/10/2026 10:00'" in refusal("11/10/2026 10:00")
    assert "'10 Nov' or '11 Oct'" in refusal("11/10")
    assert "ambiguous date" in refusal("11-10-2026")
    with pytest.raises(InvalidInput, match="ambiguous date"):
        parse_date("11/10/2026", now=NOW, tz=BERLIN)


@pytest.mark.parametrize("text, expected", [
    ("25/11/2026", "2026-11-25T00:00:00+01:00"),  # 25 is no month: day first
    ("11/25/2026", "2026-11-25T00:00:00+01:00"),  # 25 is no month: month first
    ("12/12/2026", "2026-12-12T00:00:00+01:00"),  # either way the same
    ("25-11-2026 14:30", "2026-11-25T14:30:00+01:00"),
    ("2026/11/25", "2026-11-25T00:00:00+01:00"),
    ("25/11", "2026-11-25T00:00:00+01:00"),  # no year, yesterday's date: the day just past
    ("10.11.2026", "2026-11-10T00:00:00+01:00"),  # dots: day first, as documented
    ("10.11.2026 14:30", "2026-11-10T14:30:00+01:00"),
    ("10.12.2026 10am", "2026-12-10T10:00:00+01:00"),  # was read month first: 12 October
    ("10 Nov 2026", "2026-11-10T00:00:00+01:00"),
    ("Nov 10", "2026-11-10T00:00:00+01:00"),  # 16 days ago: within the recent past, so this year's
    ("Dec 10", "2026-12-10T00:00:00+01:00"),  # ahead: this year's
    ("Jan 10", "2027-01-10T00:00:00+01:00"),  # long past this year: the next one
    ("Nov 26 15:00", "2026-11-26T15:00:00+01:00"),  # today's date: this year, not the next
    ("tomorrow", "2026-11-27T09:00:00+01:00"),
    ("next tuesday", "2026-12-01T00:00:00+01:00"),
    ("next monday 9am", "2026-11-30T09:00:00+01:00"),
    ("Dec 3rd, 2026 at 10:00 AM", "2026-12-03T10:00:00+01:00"),
    ("Wed, 2 Dec 2026 14:00", "2026-12-02T14:00:00+01:00"),
    ("on the 3rd of December", "2026-12-03T00:00:00+01:00"),
    ("friday 9.30am", "2026-11-27T09:30:00+01:00"),
    ("tomorrow at noon", "2026-11-27T12:00:00+01:00"),
    ("in 2 weeks", "2026-12-10T10:00:00+01:00"),
    ("2 days ago", "2026-11-24T10:00:00+01:00"),
])
def test_unambiguous_forms_keep_working(text, expected):
    assert when(text) == expected


# -- properties ---------------------------------------------------------------------------------

ZONES = ["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Sydney", "America/St_Johns"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
FORMS = [
    lambda t, z: t.isoformat(timespec="minutes"),
    lambda t, z: f"{t:%Y-%m-%d %H:%M} {z}",
    lambda t, z: f"{t:%Y-%m-%dT%H:%M} {z}",
    lambda t, z: f"{t.day} {MONTHS[t.month - 1]} {t.year} {t:%H:%M} {z}",
    lambda t, z: f"{MONTHS[t.month - 1]} {t.day}, {t.year} at {t.hour % 12 or 12}:{t:%M} {'PM' if t.hour >= 12 else 'AM'} {z}",
    lambda t, z: f"{t:%A}, {t.day} {MONTHS[t.month - 1]} {t.year} {t:%H:%M} {z}",
    lambda t, z: f"{t:%d.%m.%Y %H:%M} {z}",
    lambda t, z: f"{t:%Y-%m-%d %H:%M} {t:%z}",
]
moments = st.datetimes(min_value=datetime(1950, 1, 1), max_value=datetime(2150, 12, 31)).map(
    lambda t: t.replace(second=0, microsecond=0, tzinfo=timezone.utc))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(moment=moments, zone_name=st.sampled_from(ZONES), form=st.sampled_from(FORMS))
def test_every_accepted_form_round_trips(moment, zone_name, form):
    local = moment.astimezone(ZoneInfo(zone_name))
    # the wall time must name this moment alone (not the hour that happens twice in autumn)
    assume(local.replace(fold=1).astimezone(timezone.utc) == local.replace(fold=0).astimezone(timezone.utc))
    text = form(local, zone_name)
    assert parse_when(text, now=NOW, tz="Asia/Tokyo") == moment, text


ACCEPTED = ["2026-12-03 10:00", "2026-12-03", "tomorrow 14:00", "15:30", "in 3 days", "next monday 9am",
            "3 Dec 2026 10:00", "10.11.2026", "25/11/2026", "2026-12-03 10:00 Europe/Berlin", "now",
            "2026-12-03T10:00-05:00"]
# words the parser knows: any other word after an accepted moment must be refused
KNOWN = {"am", "pm", "at", "on", "of", "the", "in", "ago", "a", "an", "now", "today", "tomorrow", "yesterday",
         "tonight", "noon", "midday", "midnight", "morning", "afternoon", "evening", "next", "this", "last",
         "coming", "utc", "gmt", "z", "minute", "minutes", "min", "mins", "hour", "hours", "hr", "hrs", "day",
         "days", "week", "weeks", "fortnight", "fortnights", "month", "months", "year", "years"}
KNOWN |= {m.lower() for m in MONTHS} | {"january", "february", "march", "april", "june", "july", "august",
                                         "sept", "september", "october", "november", "december"}
KNOWN |= {"mon", "monday", "tue", "tues", "tuesday", "wed", "weds", "wednesday", "thu", "thur", "thurs",
          "thursday", "fri", "friday", "sat", "saturday", "sun", "sunday"}
words = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_!?'", min_size=1, max_size=9)


@settings(max_examples=200, deadline=None)
@given(accepted=st.sampled_from(ACCEPTED), word=words.filter(lambda w: w.lower().strip(",.()") not in KNOWN))
def test_no_input_with_a_trailing_unknown_word_is_accepted(accepted, word):
    parse_when(accepted, now=NOW, tz=BERLIN)
    with pytest.raises(InvalidInput):
        parse_when(f"{accepted} {word}", now=NOW, tz=BERLIN)


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(list("0123456789 -+:/.,apmAPMESTdecnowyrhix\u00b2\uff11\u0663")),
                   max_size=24))
def test_anything_typed_is_a_moment_or_one_line_of_why_not(text):
    try:
        moment = parse_when(text, now=NOW, tz=BERLIN)
    except InvalidInput as err:
        assert "\n" not in str(err) and str(err)
    else:
        assert moment.tzinfo is not None and 1900 <= moment.astimezone(timezone.utc).year <= 2200


# -- durations across a daylight-saving change --------------------------------------------------

@pytest.mark.parametrize("start, length, end", [
    ("2026-10-25 02:30+02:00", "1h", "2026-10-25T02:30:00+01:00"),  # the hour that happens twice
    ("2026-10-25 01:30", "2h", "2026-10-25T02:30:00+01:00"),
    ("2026-10-25 00:30", "3h", "2026-10-25T02:30:00+01:00"),
    ("2026-03-29 01:30", "1h", "2026-03-29T03:30:00+02:00"),  # the hour that is skipped
    ("2026-11-26 10:00", "1h30m", "2026-11-26T11:30:00+01:00"),
])
def test_a_duration_is_real_time(start, length, end):
    from afterview.services.interviews import interview_times

    begins, ends, zone = interview_times(start, None, length, None, now=NOW, default_tz=BERLIN)
    assert ends.isoformat() == end and zone == BERLIN
    assert ends - begins == timedelta(hours=int(length[0]), minutes=30 if "30m" in length else 0)
    assert ends > begins


def test_an_edit_keeps_the_real_length():
    from afterview.services.interviews import interview_times

    stored = (datetime(2026, 10, 24, 23, 30, tzinfo=timezone.utc), datetime(2026, 10, 25, 1, 30, tzinfo=timezone.utc))
    # moved onto the night the clocks go back: still two hours
    begins, ends, _ = interview_times("2026-10-25 01:00", None, None, None, now=NOW, default_tz=BERLIN,
                                      current=stored)
    assert ends - begins == timedelta(hours=2) and ends.isoformat() == "2026-10-25T02:00:00+01:00"
    # a new duration alone, from the stored start (01:30 summer time)
    begins, ends, _ = interview_times(None, None, "1h", None, now=NOW, default_tz=BERLIN, current=stored)
    assert ends - begins == timedelta(hours=1) and ends.isoformat() == "2026-10-25T02:30:00+02:00"
    begins, ends, _ = interview_times(None, None, "3h", None, now=NOW, default_tz=BERLIN, current=stored)
    assert ends - begins == timedelta(hours=3) and ends.isoformat() == "2026-10-25T03:30:00+01:00"


def test_elapsed_counts_real_time_and_compares_as_the_moments_do():
    from afterview.domain.values import elapsed

    start = parse_when("2026-10-25 02:30+02:00", now=NOW, tz=BERLIN)
    end = elapsed(start, timedelta(hours=1))
    assert end > start and end - start == timedelta(hours=1)
    assert end.astimezone(ZoneInfo(BERLIN)).strftime("%H:%M%z") == "02:30+0100"
    same_day = elapsed(parse_when("2026-11-26 10:00", now=NOW, tz=BERLIN), timedelta(hours=1))
    assert same_day.tzinfo == ZoneInfo(BERLIN)  # no change of offset: the zone itself


# -- every command alike -----------------------------------------------------------------------

@pytest.fixture
def demo(tmp_path, afterview_home):
    (afterview_home / "config.toml").write_text('timezone = "Europe/Berlin"\n', encoding="utf-8")
    db = str(tmp_path / "av.db")
    assert afterview("--db", db, "demo").code == 0
    return db


def state(db: str) -> str:
    """Every row of every table: what a refused command must leave as it was."""
    with sqlite3.connect(db) as connection:
        tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        return json.dumps({t: [list(map(str, r)) for r in connection.execute(f'SELECT * FROM "{t}"')] for t in tables})


@pytest.mark.parametrize("args, fragments", [
    (["--at", "2026-12-03 10:00 EST", "plan", "--json"], ["'EST'", "America/New_York", "-05:00"]),
    (["--at", "Dec 3 2026 10am EST", "today"], ["'EST'", "America/New_York"]),
    (["--at", "-1", "plan", "--json"], ["'-1'"]),
    (["--at", "5", "plan", "--json"], ["'5'"]),
    (["--at", "11/10/2026", "plan"], ["2026-11-10", "2026-10-11", "10 Nov 2026"]),
    (["interview", "add", "--opportunity", "1", "--start", "2027-01-19 10:00 EST", "--with", "Tom Becker",
      "--json"], ["'EST'", "America/New_York"]),
    (["interview", "add", "--opportunity", "1", "--start", "2027-01-19 10am ET", "--with", "Tom Becker"],
     ["'ET'"]),
    (["interview", "add", "--opportunity", "1", "--start", "2027-01-19 10:00 sharp", "--with", "Tom Becker"],
     ["'sharp' is not understood"]),
    (["interview", "edit", "1", "--start", "2026-11-26 13:30 CET"], ["'CET'", "Europe/Berlin", "+01:00"]),
    (["interview", "edit", "1", "--end", "15:00 CET"], ["'CET'"]),
    (["debrief", "2", "--person", "Marcus Webb", "--decision-date", "-1"], ["'-1'"]),
    (["debrief", "2", "--person", "Marcus Webb", "--decision-date", "5"], ["'5'"]),
    (["debrief", "2", "--person", "Marcus Webb", "--decision-date", "11/10/2026"], ["ambiguous date"]),
    (["snooze", "thank_you:i1:p1", "--until", "tomorrow 9:00 PST"], ["'PST'", "America/Los_Angeles"]),
])
def test_every_command_refuses_alike_and_writes_nothing(demo, args, fragments):
    before = state(demo)
    assert_clean_error(afterview("--db", demo, *args), *fragments)
    assert state(demo) == before


def test_send_at_refuses_an_abbreviation(demo):
    # drafted now, as the demo was made now: its panel was on its people's last business day
    assert afterview("--db", demo, "draft", "--interview", "1", "--no-ask").code == 0
    drafts = json.loads(afterview("--db", demo, "drafts", "--json").out)
    assert drafts
    before = state(demo)
    assert_clean_error(afterview("--db", demo, "send", str(drafts[0]["id"]), "--at", "2026-11-30 08:00 EST"),
                       "'EST'", "America/New_York")
    assert state(demo) == before


def test_interview_add_across_the_autumn_change(demo):
    made = afterview("--db", demo, "interview", "add", "--opportunity", "1", "--start", "2026-10-25 02:30+02:00",
                     "--duration", "1h", "--with", "Tom Becker", "--json")
    assert made.code == 0, made.err
    record = json.loads(made.out)
    assert (record["start"], record["end"]) == ("2026-10-25T02:30:00+02:00", "2026-10-25T02:30:00+01:00")
    made = afterview("--db", demo, "interview", "add", "--opportunity", "2", "--start", "2026-10-25 01:30",
                     "--duration", "2h", "--with", "Marcus Webb", "--json")
    record = json.loads(made.out)
    assert (record["start"], record["end"]) == ("2026-10-25T01:30:00+02:00", "2026-10-25T02:30:00+01:00")
    number = str(record["id"])
    assert afterview("--db", demo, "interview", "edit", number, "--duration", "3h").code == 0
    shown = json.loads(afterview("--db", demo, "interview", "list", "--json").out)
    mine = next(i for i in shown if str(i["id"]) == number)
    start, end = (datetime.fromisoformat(mine[k]) for k in ("start", "end"))
    assert end - start == timedelta(hours=3)
