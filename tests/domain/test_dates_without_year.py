"""A date typed without a year ("Nov 27 14:00", "Dec 29", "5 Jan", "08.01.") is the latest such
day when that is at most RECENT_DAYS ago, else the next one: what is recorded happened lately,
what is planned is ahead. It was always the next one: on 2 January an interview typed "Dec 29"
went to the end of the year to come, a reply of "Dec 29" was refused as later than now, and a
decision date "5 Jan" typed on 6 January went a year on. A time to come read as just past is
refused by its own field's check, which names the date with its year. The rule is parse_when's,
so every command and the desk read it alike.
"""

from __future__ import annotations

import html
from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from afterview.domain import model as m
from afterview.domain.values import RECENT_DAYS, parse_date, parse_when
from afterview.errors import InvalidInput
from afterview.storage import open_store
from tests.helpers import afterview, assert_clean_error

BERLIN, NY = "Europe/Berlin", "America/New_York"
NOV_28 = datetime(2026, 11, 28, 10, 0, tzinfo=timezone.utc)  # a Saturday
JAN_2 = datetime(2027, 1, 2, 15, 0, tzinfo=timezone.utc)


def when(text: str, now: datetime = NOV_28, tz: str = BERLIN) -> str:
    return parse_when(text, now=now, tz=tz).isoformat()


def refused(text: str, now: datetime = NOV_28, *, day: bool = False) -> str:
    with pytest.raises(InvalidInput) as caught:
        (parse_date if day else parse_when)(text, now=now, tz=BERLIN)
    return str(caught.value)


# -- the rule ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, now, expected", [
    ("Nov 27 14:00", NOV_28, "2026-11-27T14:00:00+01:00"),  # yesterday's interview, recorded today
    ("Nov 28 09:00", NOV_28, "2026-11-28T09:00:00+01:00"),  # today, an hour ago
    ("Dec 3", NOV_28, "2026-12-03T00:00:00+01:00"),  # a plan: ahead, this year
    ("5 Jan 10:00", NOV_28, "2027-01-05T10:00:00+01:00"),  # ahead, next year
    ("Mar 3", NOV_28, "2027-03-03T00:00:00+01:00"),  # long past this year: the next one
    ("Dec 29 15:00 America/New_York", JAN_2, "2026-12-29T15:00:00-05:00"),  # across New Year
    ("Dec 29 10:00", JAN_2, "2026-12-29T10:00:00+01:00"),
    ("5 Jan", datetime(2027, 1, 6, 10, tzinfo=timezone.utc), "2027-01-05T00:00:00+01:00"),
    ("Dec 24", datetime(2026, 12, 28, 10, tzinfo=timezone.utc), "2026-12-24T00:00:00+01:00"),
    # the edge of the window: RECENT_DAYS ago is the past one, a day more the next one
    ("Aug 30", NOV_28, "2026-08-30T00:00:00+02:00"),
    ("Aug 29", NOV_28, "2027-08-29T00:00:00+02:00"),
    # 29 February: of the latest leap year when recent, else of the next
    ("Feb 29", datetime(2028, 3, 15, 10, tzinfo=timezone.utc), "2028-02-29T00:00:00+01:00"),
    ("Feb 29", datetime(2028, 6, 1, 10, tzinfo=timezone.utc), "2032-02-29T00:00:00+01:00"),
    ("Feb 29", datetime(2027, 3, 1, 10, tzinfo=timezone.utc), "2028-02-29T00:00:00+01:00"),
    # numbers: slashes when only one way round, dots day first (a trailing dot without a year)
    ("11/27", NOV_28, "2026-11-27T00:00:00+01:00"),
    ("08.01.", NOV_28, "2027-01-08T00:00:00+01:00"),
    ("8.1.", NOV_28, "2027-01-08T00:00:00+01:00"),
    ("27.11. 14:30", NOV_28, "2026-11-27T14:30:00+01:00"),
    ("27.11.", JAN_2, "2026-11-27T00:00:00+01:00"),
    ("08.01.2027 9:00", NOV_28, "2027-01-08T09:00:00+01:00"),
    # a year given is that year, past or not
    ("Nov 27 2027", NOV_28, "2027-11-27T00:00:00+01:00"),
    ("Jan 5 2026", NOV_28, "2026-01-05T00:00:00+01:00"),
])
def test_a_date_without_a_year_is_the_recent_past_one_else_the_next(text, now, expected):
    assert RECENT_DAYS == 90
    assert when(text, now) == expected


MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@settings(max_examples=150, deadline=None)
@given(today=st.dates(date(1950, 1, 1), date(2150, 12, 31)), typed=st.dates(date(2000, 1, 1), date(2000, 12, 31)))
def test_any_day_is_the_recent_one_or_the_next(today, typed):
    """Every day typed without a year is that day and month, at most RECENT_DAYS back, and only
    ever further ahead when no such day lies in the window (29 February: up to 8 years on)."""
    now = datetime.combine(today, datetime.min.time(), timezone.utc).replace(hour=12)
    got = parse_date(f"{typed.day} {MONTHS[typed.month - 1]}", now=now, tz="UTC")
    assert (got.month, got.day) == (typed.month, typed.day)
    assert today - timedelta(days=RECENT_DAYS) <= got
    if got > today:
        ahead = got - today
        assert ahead < timedelta(days=366) or (typed.month, typed.day) == (2, 29) and ahead < timedelta(days=8 * 366)
        earlier = [year for year in range(today.year - 8, got.year) if (typed.month, typed.day) != (2, 29)
                   or year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)]
        assert all(not today - timedelta(days=RECENT_DAYS) <= date(year, typed.month, typed.day) <= today
                   for year in earlier)


@pytest.mark.parametrize("text, expected", [
    ("Monday", "2026-11-30T00:00:00+01:00"),  # a weekday alone: the next one, as before
    ("friday 3pm", "2026-12-04T15:00:00+01:00"),
    ("last friday", "2026-11-27T00:00:00+01:00"),
    ("Fri 27 Nov 14:00", "2026-11-27T14:00:00+01:00"),
])
def test_weekday_names_keep_their_meaning(text, expected):
    assert when(text) == expected


def test_a_weekday_with_the_date_says_which_year():
    """29 December was a Tuesday in 2026 and is a Wednesday in 2027: the weekday typed picks the
    one it names; one that names neither is refused, naming the date read."""
    assert when("Tue 29 Dec", JAN_2) == "2026-12-29T00:00:00+01:00"
    assert when("Wed, 29 Dec 10:00", JAN_2) == "2027-12-29T10:00:00+01:00"
    assert refused("Mon 29 Dec", JAN_2) == "not a date/time: 'Mon 29 Dec': 29 Dec 2026 is a Tuesday"


def test_dates_only_read_by_the_same_rule():
    assert parse_date("5 Jan", now=datetime(2027, 1, 6, 10, tzinfo=timezone.utc), tz=BERLIN).isoformat() == "2027-01-05"
    assert parse_date("Nov 27", now=NOV_28, tz=BERLIN).isoformat() == "2026-11-27"
    assert parse_date("8.1.", now=NOV_28, tz=BERLIN).isoformat() == "2027-01-08"


# -- refusals kept, and said well -------------------------------------------------------------------

@pytest.mark.parametrize("text, fragment", [
    ("11/10", "ambiguous date '11/10'"),
    ("Nov 27 14:00 EST", "'EST' in 'Nov 27 14:00 EST' is an abbreviation"),
    ("10.11.26", "give the year in full, e.g. '10.11.2026'"),
    ("Nov 27 2201", "too far away (years 1900-2200)"),
    ("Nov 27 1899", "too far away (years 1900-2200)"),
    ("31.4.", "impossible date: '31.4.'"),
    ("30.2. 10:00", "impossible date: '30.2. 10:00'"),
    ("Apr 31", "impossible date: 'Apr 31'"),
    ("4/31", "impossible date: '4/31'"),
    ("14.30.", "not a date/time: '14.30.' (try"),  # a time at the end of a sentence: no day 14 of month 30
    ("Thu 27 Nov", "27 Nov 2026 is a Friday"),
])
def test_refusals_are_kept(text, fragment):
    assert fragment in refused(text)


@pytest.mark.parametrize("text", ["soon", "xyz 3 Dec", "the day after", "next"])
def test_a_date_refused_says_what_a_date_looks_like(text):
    said = refused(text, day=True)
    assert said.startswith(f"not a date: {text!r}") and "try 2026-12-03, '3 Dec 2026', '3 Dec'" in said, said
    assert "10:00" not in said and "date/time" not in said, said
    assert "10:00" in refused(text)  # a date and time: its own example


def test_a_date_refused_with_its_own_reason_keeps_it():
    assert refused("5th", day=True) == "not a date: '5th': give the month too, e.g. '5 Dec'"
    assert refused("Dec 3 please", day=True).startswith("not a date: 'Dec 3 please': 'please' is not understood")


def test_a_date_refused_for_what_it_is_is_said_as_it_is():
    assert refused("11/10", day=True).startswith("ambiguous date '11/10'")
    assert refused("31.4.", day=True) == "impossible date: '31.4.'"


# -- through the command line and the desk ----------------------------------------------------------

def run(db, at, *args):
    return afterview("--db", db, "--at", f"{at} {NY}", *args)


def ok(db, at, *args):
    done = run(db, at, *args)
    assert done.code == 0, (args, done.err)
    return done.out


def stored(db, kind, **where):
    store = open_store(f"sqlite:///{db}")
    try:
        with store.transaction() as tx:
            return tx.list(kind, **where)
    finally:
        store.close()


@pytest.fixture
def db(tmp_path):
    """Jordan in New York: a first round on 10 December 2026 with Priya Nair."""
    db = str(tmp_path / "a.db")
    ok(db, "2026-12-10 09:00", "profile", "set", "--name", "Jordan Lee", "--email", "j@mail.example", "--tz", NY,
       "--country", "US")
    ok(db, "2026-12-10 09:00", "opportunity", "add", "--company", "Meridian Health", "--role", "Analytics Engineer")
    ok(db, "2026-12-10 09:00", "person", "add", "Priya Nair", "--email", "priya@meridian.example", "--company",
       "Meridian Health")
    ok(db, "2026-12-10 09:00", "interview", "add", "--opportunity", "1", "--start", "2026-12-10 10:00",
       "--with", "Priya Nair:recruiter")
    return db


def test_the_commands_of_the_new_year_read_last_years_days(db):
    # an interview of 29 December recorded on 2 January: that one, not one a year on
    ok(db, "2027-01-02 09:00", "interview", "add", "--opportunity", "1", "--start", "Dec 29 15:00 America/New_York",
       "--with", "Priya Nair")
    second = stored(db, m.Interview, id=2)[0]
    assert second.start == datetime(2026, 12, 29, 20, 0, tzinfo=timezone.utc)
    # the decision date they gave, 5 January, recorded on the 6th
    ok(db, "2027-01-06 09:00", "debrief", "2", "--person", "Priya", "--topic", "dbt", "--decision-date", "5 Jan")
    [debrief] = stored(db, m.Debrief, interview_id=2)
    assert debrief.decision_date.isoformat() == "2027-01-05"
    # their reply of 29 December, recorded on 2 January: not refused as later than now
    said = ok(db, "2027-01-02 09:00", "replies", "add", "Priya", "--on", "Dec 29 10:00")
    assert "reply 1 recorded: Tue 2026-12-29 10:00" in said, said


def test_a_time_to_come_typed_as_a_day_just_past_is_refused_with_its_year(db):
    refused = run(db, "2026-12-28 09:00", "snooze", "thank_you:i1:p1", "--until", "Dec 24")
    assert_clean_error(refused, "snooze until 2026-12-24 09:00", "is not in the future")
    store = open_store(f"sqlite:///{db}")
    try:
        with store.transaction() as tx:
            tx.add(m.Message(kind=m.MessageKind.STATUS_CHECK, person_id=1, opportunity_id=1, interview_id=1,
                             action_key="status_check.1:o1:i1:p1", subject="Following up", body="Hello.",
                             state=m.MessageState.SCHEDULED, to_address="priya@meridian.example",
                             approved_at=datetime(2026, 12, 27, 15, tzinfo=timezone.utc),
                             scheduled_at=datetime(2026, 12, 29, 15, tzinfo=timezone.utc)))
    finally:
        store.close()
    refused = run(db, "2026-12-28 09:00", "send", "1", "--at", "Dec 24 10:00")
    assert_clean_error(refused, "2026-12-24 10:00", "is in the past")


def test_the_desk_reads_the_same_rule(db_url):
    """The desk's They replied form on 2 January: a reply of "Dec 29" is last year's."""
    from tests.web.conftest import TOKEN, client_for, csrf_of, make_app, read

    client = client_for(make_app(db_url, now=JAN_2))
    client.get(f"/login?token={TOKEN}")
    csrf = csrf_of(client.get("/").text)
    person = read(db_url, lambda tx: next(p for p in tx.list(m.Person) if p.name == "Priya Raman"))
    answer = client.post("/opportunities/1/replied", follow_redirects=True,
                         data={"csrf": csrf, "person_id": str(person.id), "day": "Dec 29", "time": "10:00"})
    assert answer.status_code == 200 and "Reply from Priya Raman recorded" in html.unescape(answer.text), answer.text
    [reply] = read(db_url, lambda tx: tx.list(m.Inbound))
    assert reply.received_at.astimezone(timezone.utc) == datetime(2026, 12, 29, 15, 0, tzinfo=timezone.utc)


@pytest.fixture
def db_url(tmp_path):
    return f"sqlite:///{tmp_path / 'desk.db'}"
