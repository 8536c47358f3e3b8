"""A wall time the clocks show twice, or skip, is never read by a guess.

On the night the clocks go back (Europe/Berlin, Sun 25 Oct 2026: 03:00 CEST becomes 02:00 CET)
02:30 happens twice; on the night they go forward (Sun 29 Mar 2026: 02:00 CET becomes 03:00
CEST) there is no 02:30. A time typed there is refused in one line that gives both readings with
their offsets and what to type; a time typed with its offset is that moment (in the user's zone
when the offset is one of its readings). A day typed without a time is the start of that day; a
duration ("in 2 hours") is real time.
"""

import json
import re
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from afterview.domain.values import elapsed, parse_date, parse_when
from afterview.errors import InvalidInput
from tests.helpers import afterview, assert_clean_error

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=timezone.utc)
BERLIN = "Europe/Berlin"
UTC = timezone.utc


def refusal(text: str, tz: str = BERLIN, now: datetime = NOW) -> str:
    with pytest.raises(InvalidInput) as caught:
        parse_when(text, now=now, tz=tz)
    message = str(caught.value)
    assert "\n" not in message and not message.startswith("not a date/time"), message
    return message


def typed(message: str) -> list[str]:
    """What the message says to type, in quotes."""
    return re.findall(r"'([^']+)'", message)


# -- the hour that happens twice ---------------------------------------------------------------

@pytest.mark.parametrize("text, tz", [
    ("2026-10-25 02:30", BERLIN),
    ("2026-10-25T02:30", BERLIN),
    ("2026-10-25 02:30 Europe/Berlin", "UTC"),
    ("25 Oct 2026 2:30am", BERLIN),
    ("25.10.2026 02:30", BERLIN),
    ("2026-10-25 02:00", BERLIN),  # the first minute of the hour seen twice
    ("2026-10-25 02:59", BERLIN),
])
def test_a_time_the_clocks_show_twice_is_refused_with_both_readings(text, tz):
    message = refusal(text, tz)
    assert "happens twice in Europe/Berlin" in message
    assert "+02:00 (CEST)" in message and "+01:00 (CET)" in message
    assert "from 03:00 to 02:00" in message
    first, second = typed(message)[-2:]
    wall = first[:16]
    assert (first, second) == (f"{wall}+02:00", f"{wall}+01:00")
    # what it says to type is accepted, and each is one of the two moments, an hour apart
    earlier, later = (parse_when(t, now=NOW, tz=tz) for t in (first, second))
    assert later.astimezone(UTC) - earlier.astimezone(UTC) == timedelta(hours=1)


def test_the_wall_time_is_said_beside_what_was_typed():
    now = datetime(2026, 10, 24, 10, 0, tzinfo=UTC)  # Saturday noon in Berlin
    message = refusal("tomorrow 2:30", now=now)
    assert message.startswith("'tomorrow 2:30' is 2026-10-25 02:30, which happens twice in Europe/Berlin")
    assert refusal("2026-10-25 02:30").startswith("2026-10-25 02:30 happens twice")


@pytest.mark.parametrize("text, utc, offset", [
    ("2026-10-25 02:30+02:00", "2026-10-25T00:30:00+00:00", "+02:00"),
    ("2026-10-25 02:30+01:00", "2026-10-25T01:30:00+00:00", "+01:00"),
    ("2026-10-25T02:30+0100", "2026-10-25T01:30:00+00:00", "+01:00"),
    ("2026-10-25 02:30 +01:00", "2026-10-25T01:30:00+00:00", "+01:00"),
    ("2026-10-25 02:30 UTC+1", "2026-10-25T01:30:00+00:00", "+01:00"),
    ("25 Oct 2026 2:30am +02:00", "2026-10-25T00:30:00+00:00", "+02:00"),
    ("2026-10-25 02:30Z", "2026-10-25T02:30:00+00:00", "+00:00"),
])
def test_a_time_typed_with_its_offset_is_that_moment(text, utc, offset):
    moment = parse_when(text, now=NOW, tz=BERLIN)
    assert moment.astimezone(UTC).isoformat() == utc
    assert moment.isoformat().endswith(offset)


def test_the_offset_chooses_a_reading_in_the_users_zone():
    # so that what is worked out from it follows the zone: the end an hour later, in Berlin
    summer = parse_when("2026-10-25 02:30+02:00", now=NOW, tz=BERLIN)
    winter = parse_when("2026-10-25 02:30+01:00", now=NOW, tz=BERLIN)
    assert summer.tzinfo == winter.tzinfo == ZoneInfo(BERLIN)
    assert (summer.fold, winter.fold) == (0, 1)
    # an offset that is neither reading stays an offset
    other = parse_when("2026-10-25 02:30-05:00", now=NOW, tz=BERLIN)
    assert other.tzinfo == timezone(timedelta(hours=-5))
    # elsewhere in the year an offset is said as typed, as ever
    assert parse_when("2026-12-03T10:00+01:00", now=NOW, tz=BERLIN).tzinfo == timezone(timedelta(hours=1))


def test_durations_from_a_chosen_reading_are_real_time():
    start = parse_when("2026-10-25 02:30+02:00", now=NOW, tz=BERLIN)
    end = elapsed(start, timedelta(hours=1))
    assert end - start == timedelta(hours=1) and end > start
    assert end.astimezone(ZoneInfo(BERLIN)).strftime("%H:%M%z") == "02:30+0100"
    later = parse_when("2026-10-25 02:30+01:00", now=NOW, tz=BERLIN)
    assert elapsed(later, timedelta(hours=1)).astimezone(UTC).isoformat() == "2026-10-25T02:30:00+00:00"


# -- the hour that is skipped ------------------------------------------------------------------

@pytest.mark.parametrize("text, minute", [("2026-03-29 02:30", "30"), ("29 Mar 2026 2:30am", "30"),
                                          ("2026-03-29 02:00", "00")])
def test_a_time_the_clocks_skip_is_refused_with_what_to_type(text, minute):
    message = refusal(text)
    assert "does not exist in Europe/Berlin" in message
    assert "the clocks go forward from 02:00 to 03:00 (+01:00 to +02:00)" in message
    after, before = typed(message)[-2:]
    assert (after, before) == (f"2026-03-29 03:{minute}", f"2026-03-29 01:{minute}")
    # each is one reading of the time typed: at the offset before the change, and after it
    naive = datetime(2026, 3, 29, 2, int(minute))
    assert parse_when(after, now=NOW, tz=BERLIN).astimezone(UTC).replace(tzinfo=None) == naive - timedelta(hours=1)
    assert parse_when(before, now=NOW, tz=BERLIN).astimezone(UTC).replace(tzinfo=None) == naive - timedelta(hours=2)


def test_a_skipped_time_typed_with_an_offset_is_that_moment():
    moment = parse_when("2026-03-29 02:30+01:00", now=NOW, tz=BERLIN)
    assert moment.astimezone(UTC).isoformat() == "2026-03-29T01:30:00+00:00"
    assert moment.astimezone(ZoneInfo(BERLIN)).strftime("%H:%M") == "03:30"


@pytest.mark.parametrize("text, tz, said", [
    ("2026-11-01 01:30", "America/New_York", "first at -04:00 (EDT), then an hour later at -05:00 (EST)"),
    ("2026-04-05 02:30", "Australia/Sydney", "first at +11:00 (AEDT), then an hour later at +10:00 (AEST)"),
    ("2026-04-05 01:45", "Australia/Lord_Howe", "then 30 minutes later at +10:30"),
    ("2026-04-04 23:30", "America/Santiago", "from 2026-04-05 00:00 to 2026-04-04 23:00"),
    ("2026-03-08 02:30", "America/New_York", "not exist in America/New_York: the clocks go forward from 02:00 to 03:00"),
    ("2026-09-06 00:30", "America/Santiago", "the clocks go forward from 00:00 to 01:00 (-04:00 to -03:00)"),
    ("2011-12-30 10:00", "Pacific/Apia", "from 2011-12-30 00:00 to 2011-12-31 00:00 (-10:00 to +14:00)"),
])
def test_other_zones_and_other_changes(text, tz, said):
    message = refusal(text, tz)
    assert said in message, message
    for option in typed(message)[-2:]:
        parse_when(option, now=NOW, tz=tz)  # what it says to type is accepted


ZONES = ["Europe/Berlin", "Europe/London", "America/New_York", "America/Santiago", "Australia/Lord_Howe",
         "Pacific/Chatham", "America/Havana", "America/St_Johns", "Africa/Casablanca"]


def _changes(tz: ZoneInfo, start: datetime, end: datetime):
    """(moment of the change, offset before, offset after) of each change of the clocks."""
    moment, offset = start, start.astimezone(tz).utcoffset()
    while moment < end:
        step = moment + timedelta(minutes=30)
        after = step.astimezone(tz).utcoffset()
        if after != offset:
            low, high = moment, step
            while high - low > timedelta(minutes=1):
                middle = low + (high - low) / 2
                low, high = (middle, high) if middle.astimezone(tz).utcoffset() == offset else (low, middle)
            yield high, offset, after
        moment, offset = step, after


@pytest.mark.parametrize("name", ZONES)
def test_every_time_in_a_change_is_refused_and_each_suggestion_is_one_of_its_readings(name):
    tz = ZoneInfo(name)
    for change, before, after in _changes(tz, datetime(2024, 1, 1, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC)):
        old, new = (change + before).replace(tzinfo=None), (change + after).replace(tzinfo=None)
        low, high = min(old, new), max(old, new)
        for naive in (low, low + (high - low) / 2, high - timedelta(minutes=1)):
            naive = naive.replace(second=0, microsecond=0)
            message = refusal(f"{naive:%Y-%m-%d %H:%M}", name)
            readings = {naive - before, naive - after}  # in UTC
            assert f"{'happens twice' if after < before else 'does not exist'} in {name}" in message
            found = {parse_when(t, now=NOW, tz=name).astimezone(UTC).replace(tzinfo=None) for t in typed(message)[-2:]}
            assert found == readings, (message, found, readings)


# -- what is not typed: a day alone, a time from now ---------------------------------------------

def test_a_day_alone_is_the_start_of_that_day():
    # Havana: on 8 Mar 2026 the clocks go from 00:00 to 01:00, on 1 Nov 2026 from 01:00 back to 00:00
    assert parse_when("2026-03-08", now=NOW, tz="America/Havana").isoformat() == "2026-03-08T01:00:00-04:00"
    assert parse_when("2026-11-01", now=NOW, tz="America/Havana").isoformat() == "2026-11-01T00:00:00-04:00"
    assert parse_when("8 Mar 2026", now=NOW, tz="America/Havana").isoformat() == "2026-03-08T01:00:00-04:00"
    assert parse_date("8 Mar 2026", now=NOW, tz="America/Havana").isoformat() == "2026-03-08"
    # a time typed on that day is still refused
    assert "happens twice in America/Havana" in refusal("2026-11-01 00:30", "America/Havana")


@pytest.mark.parametrize("now, text, utc", [
    # 01:30 CEST on the night the clocks go back: two hours on is 02:30 CET
    (datetime(2026, 10, 24, 23, 30, tzinfo=UTC), "in 2 hours", "2026-10-25T01:30:00+00:00"),
    (datetime(2026, 10, 24, 23, 30, tzinfo=UTC), "in 2 hrs", "2026-10-25T01:30:00+00:00"),
    (datetime(2026, 10, 24, 23, 30, tzinfo=UTC), "in 90 minutes", "2026-10-25T01:00:00+00:00"),
    (datetime(2026, 10, 25, 1, 30, tzinfo=UTC), "2 hours ago", "2026-10-24T23:30:00+00:00"),
    (datetime(2026, 10, 25, 1, 30, tzinfo=UTC), "an hour ago", "2026-10-25T00:30:00+00:00"),
    # 01:30 CET on the night the clocks go forward: an hour on is 03:30 CEST
    (datetime(2026, 3, 29, 0, 30, tzinfo=UTC), "in 1 hour", "2026-03-29T01:30:00+00:00"),
    (datetime(2026, 3, 29, 0, 30, tzinfo=UTC), "in an hour", "2026-03-29T01:30:00+00:00"),
    # days are days on the clock: the same time of day
    (datetime(2026, 10, 24, 8, 0, tzinfo=UTC), "in 2 days", "2026-10-26T09:00:00+00:00"),
    # a day from 02:30 on the Saturday: the clocks skip 02:30 that Sunday, so it is 03:30
    (datetime(2026, 3, 28, 1, 30, tzinfo=UTC), "in 1 day", "2026-03-29T01:30:00+00:00"),
])
def test_a_time_from_now_counts_real_time(now, text, utc):
    moment = parse_when(text, now=now, tz=BERLIN)
    assert moment.astimezone(UTC).isoformat() == utc
    assert moment.tzinfo == ZoneInfo(BERLIN)
    assert moment.astimezone(UTC).astimezone(ZoneInfo(BERLIN)) == moment  # a wall time that exists


# -- every way in: one line, exit 2 on the command line; the field's error on the desk -----------

@pytest.fixture
def demo(tmp_path, afterview_home):
    (afterview_home / "config.toml").write_text('timezone = "Europe/Berlin"\n', encoding="utf-8")
    db = str(tmp_path / "av.db")
    assert afterview("--db", db, "demo").code == 0
    return db


@pytest.mark.parametrize("args", [
    ["--at", "2026-10-25 02:30", "today"],
    ["--at", "2026-10-25 02:30", "plan", "--json"],
    ["snooze", "thank_you:i1:p1", "--until", "2027-10-31 02:30"],
    ["interview", "add", "--opportunity", "1", "--start", "2027-10-31 02:30", "--with", "Tom Becker"],
    # (in Europe/Berlin, not the interview's zone: the demo's people are on Chicago's clock)
    ["interview", "edit", "1", "--start", "2027-10-31 02:30", "--tz", "Europe/Berlin"],
    ["lint", "-", "--kind", "thank_you", "--send-at", "2027-10-31 02:30"],
])
def test_the_command_line_refuses_in_one_line(demo, args):
    result = afterview("--db", demo, *args, input="Subject: Thank you\n\nHi Tom,\n\nThank you.\n")
    assert_clean_error(result, "happens twice in Europe/Berlin", "+02:00", "+01:00")


def test_the_command_line_refuses_a_skipped_time_in_one_line(demo):
    assert_clean_error(afterview("--db", demo, "--at", "2026-03-29 02:30", "today"),
                       "does not exist in Europe/Berlin", "'2026-03-29 03:30'", "'2026-03-29 01:30'")
    assert_clean_error(afterview("--db", demo, "snooze", "thank_you:i1:p1", "--until", "2027-03-28 02:30"),
                       "does not exist in Europe/Berlin")


def test_the_command_line_takes_the_offset(demo):
    assert afterview("--db", demo, "--at", "2026-10-25 02:30+01:00", "today").code == 0
    made = afterview("--db", demo, "interview", "add", "--opportunity", "1", "--start", "2027-10-31 02:30+01:00",
                     "--duration", "1h", "--with", "Tom Becker", "--json")
    assert made.code == 0, made.err
    record = json.loads(made.out)
    assert (record["start"], record["end"]) == ("2027-10-31T02:30:00+01:00", "2027-10-31T03:30:00+01:00")
    made = afterview("--db", demo, "interview", "add", "--opportunity", "2", "--start", "2027-10-31 02:30+02:00",
                     "--duration", "1h", "--with", "Marcus Webb", "--json")
    assert made.code == 0, made.err
    record = json.loads(made.out)
    assert (record["start"], record["end"]) == ("2027-10-31T02:30:00+02:00", "2027-10-31T02:30:00+01:00")


def test_send_at_refuses_a_time_seen_twice(demo):
    # drafted now, as the demo was made now: its panel was on its people's last business day
    assert afterview("--db", demo, "draft", "--interview", "1", "--no-ask").code == 0
    drafts = json.loads(afterview("--db", demo, "drafts", "--json").out)
    assert drafts
    assert_clean_error(afterview("--db", demo, "send", str(drafts[0]["id"]), "--at", "2027-10-31 02:30"),
                       "happens twice", "'2027-10-31 02:30+02:00'")


def _desk(tmp_path):
    from tests.web.conftest import TOKEN, client_for, csrf_of, make_app

    url = f"sqlite:///{tmp_path / 'desk.db'}"
    client = client_for(make_app(url))  # the demo's zone: America/New_York
    assert client.get(f"/login?token={TOKEN}", follow_redirects=False).status_code == 303
    return url, client, csrf_of(client.get("/").text)


def _text(html_text: str) -> str:
    import html

    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", html_text)))


def test_the_desk_says_it_at_the_field(tmp_path, afterview_home):
    from afterview.domain import model as m
    from tests.web.conftest import read

    url, client, csrf = _desk(tmp_path)
    # New York, Sun 7 Nov 2027: 02:00 EDT becomes 01:00 EST
    page = client.post("/actions/snooze", data={"csrf": csrf, "key": "thank_you:i1:p2", "until": "2027-11-07 01:30"},
                       follow_redirects=True).text
    assert "2027-11-07 01:30 happens twice in America/New_York" in _text(page)
    assert read(url, lambda tx: tx.count(m.Decision)) == 0
    # the interview form: the error is the Start field's, said of the time typed there
    form = {"csrf": csrf, "opportunity": "", "company": "Globex", "role": "Platform Engineer", "date": "2027-11-07",
            "start": "1:30", "end": "", "timezone": "America/New_York", "format": "video", "stage": "panel",
            "name_1": "Hank Scorpio", "email_1": "hank@globex.test"}
    page = client.post("/capture", data=form)
    assert page.status_code == 400
    said = _text(page.text)
    assert "Start: '1:30' is 2027-11-07 01:30, which happens twice in America/New_York" in said, said
    assert "'01:30-04:00' or '01:30-05:00'" in said  # what to type in that field
    page = client.post("/capture", data={**form, "start": "01:30-05:00"}, follow_redirects=True)
    assert page.status_code == 200, _text(page.text)[:500]
    starts = read(url, lambda tx: [i.start for i in tx.list(m.Interview)])
    assert datetime(2027, 11, 7, 6, 30, tzinfo=UTC) in starts
