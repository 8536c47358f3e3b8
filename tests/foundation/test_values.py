from datetime import date, datetime, timedelta, timezone

import pytest

from afterview.domain.values import (
    check_country, check_timezone, parse_date, parse_duration, parse_email, parse_when, plain_digits,
)
from afterview.errors import InvalidInput

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=timezone.utc)  # a Thursday


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2026-12-03 10:00 Europe/Berlin", "2026-12-03T10:00:00+01:00"),
        ("2026-12-03T10:00", "2026-12-03T10:00:00-05:00"),
        ("2026-12-03T10:00Z", "2026-12-03T10:00:00+00:00"),
        ("2026-12-03T10:00:00+02:00", "2026-12-03T10:00:00+02:00"),
        ("tomorrow 14:00", "2026-11-27T14:00:00-05:00"),
        ("today at 4pm", "2026-11-26T16:00:00-05:00"),
        ("15:30", "2026-11-26T15:30:00-05:00"),
        ("in 3 days", "2026-11-29T04:00:00-05:00"),
        ("2026-07-01 09:00 UTC", "2026-07-01T09:00:00+00:00"),
        ("next monday 9am", "2026-11-30T09:00:00-05:00"),
        ("3 Dec 2026 10:00", "2026-12-03T10:00:00-05:00"),
    ],
)
def test_parse_when_accepts_common_forms(text, expected):
    assert parse_when(text, now=NOW, tz="America/New_York").isoformat() == expected


def test_summer_time_is_applied_by_date():
    summer = parse_when("2026-07-01 10:00 Europe/Berlin", now=NOW, tz="UTC")
    assert summer.utcoffset() == timedelta(hours=2)


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("2026-02-30", "impossible date"),
        ("2026-02-30 10:00", "impossible date"),
        ("2026-12-03 25:00", "impossible time"),
        ("2026-13-01", "impossible date"),
        ("someday soon-ish", "not a date/time"),
        ("", "empty"),
        ("2026-03-29 02:30 Europe/Berlin", "does not exist"),  # the spring-forward gap
        ("2026-12-03 10:00 Mars/Olympus", "unknown time zone"),
        ("9999-12-31 23:59", "too far away (years 1900-2200)"),  # would overflow every plan later
        ("in 9999999 days", "too far away"),
        ("in 999999999999 days", "too far away"),
        ("1850-01-01", "too far away"),
    ],
)
def test_parse_when_refuses_bad_input(text, fragment):
    with pytest.raises(InvalidInput) as caught:
        parse_when(text, now=NOW, tz="UTC")
    assert fragment in str(caught.value)
    assert "\n" not in str(caught.value)


def test_parse_date():
    assert parse_date("2026-12-10") == date(2026, 12, 10)
    assert parse_date("tomorrow", now=NOW, tz="UTC") == date(2026, 11, 27)
    with pytest.raises(InvalidInput, match="impossible date"):
        parse_date("2025-02-29")


@pytest.mark.parametrize("good", ["dana@initech.test", "a.b+tag@mail.example.co.uk", "o'neil@x.org"])
def test_good_emails(good):
    assert parse_email(f"  {good} ") == good


@pytest.mark.parametrize("bad", ["bad@", "@x.org", "a b@x.org", "a@x", "a..b@x.org", "a@x.org\nBcc: z@y.org", ".a@x.org"])
def test_bad_emails(bad):
    with pytest.raises(InvalidInput, match="invalid email"):
        parse_email(bad)


def test_zones_and_countries():
    assert check_timezone("America/New_York") == "America/New_York"
    for bad in ("Mars/Base", "../etc/passwd", ""):
        with pytest.raises(InvalidInput, match="unknown time zone"):
            check_timezone(bad)
    assert check_country("de") == "DE"
    with pytest.raises(InvalidInput, match="unknown country"):
        check_country("XX")
    # a region with public holidays of its own (ISO 3166-2)
    assert check_country(" gb-eng ") == "GB-ENG" and check_country("US-CA") == "US-CA"
    with pytest.raises(InvalidInput, match=r"unknown region of GB: 'GB-XX' \(one of GB-ENG, GB-NIR, GB-SCT, GB-WLS\)"):
        check_country("GB-XX")
    with pytest.raises(InvalidInput, match="unknown country"):
        check_country("XX-YY")


def test_durations():
    assert parse_duration("1h30m") == timedelta(minutes=90)
    assert parse_duration("45m") == timedelta(minutes=45)
    for bad in ("0m", "soon", "-1h", ""):
        with pytest.raises(InvalidInput):
            parse_duration(bad)


@pytest.mark.parametrize("text", ["1800-01-01", "9999-12-31"])
def test_parse_date_refuses_years_far_away(text):
    from afterview.domain.values import parse_date

    with pytest.raises(InvalidInput, match="too far away"):
        parse_date(text)


@pytest.mark.parametrize("text,expected", [("12", True), ("007", True), ("", False), ("+1", False), ("-1", False),
                                           ("1_0", False), ("\uff11", False), ("\u00b2", False), (" 1", False),
                                           ("1.0", False), ("\u0661", False)])
def test_plain_digits_are_ascii_digits_only(text, expected):
    assert plain_digits(text) is expected


@pytest.mark.parametrize("typed", ["\u00b2", "+1", "1_0", "\uff11", "0", "#0", "1e3"])
def test_ids_typed_loosely_are_refused_in_one_line(typed, tmp_path):
    from tests.helpers import afterview, assert_clean_error

    db = str(tmp_path / "av.db")
    assert afterview("--db", db, "demo").code == 0
    for command in (["person", "show", typed], ["company", "show", typed], ["opportunity", "show", typed],
                    ["show", typed], ["approve", typed]):
        result = afterview("--db", db, *command)
        assert_clean_error(result, repr(typed)[1:-1])  # names what was typed; never an internal error


def test_an_apple_vacation_end_in_other_digits_is_no_date():
    from email.message import EmailMessage

    from afterview.delivery.autoreply import apple_end_date

    msg = EmailMessage()
    msg["X-Apple-Criteria"] = '{"endDate": "\u00b2\u00b3"}'
    assert apple_end_date(msg) is None
    msg.replace_header("X-Apple-Criteria", '{"endDate": "1796083200000"}')
    assert apple_end_date(msg) == date(2026, 12, 1)


def test_a_date_with_dots_is_day_first():
    from datetime import date, datetime, timezone

    from afterview.domain.values import parse_date, parse_when

    now = datetime(2026, 11, 27, 12, tzinfo=timezone.utc)
    assert parse_date("05.01.2027", now=now, tz="Europe/Berlin") == date(2027, 1, 5)
    assert parse_date("10.12.2026", now=now, tz="Europe/Berlin") == date(2026, 12, 10)
    moment = parse_when("10.12.2026 14:30", now=now, tz="Europe/Berlin")
    assert (moment.day, moment.month, moment.hour, moment.minute) == (10, 12, 14, 30)
    with pytest.raises(InvalidInput):
        parse_date("31.02.2027", now=now, tz="Europe/Berlin")


def test_uk_is_stored_as_its_iso_code():
    from afterview.domain.values import check_country

    assert check_country("UK") == "GB" and check_country("uk-eng") == "GB-ENG"
