"""Dates the employer gave are read on the employer's calendar, and moments are said on the
user's clock (found by testers):

- a decision date typed "in 5 business days" (`debrief --decision-date`, `replies add
  --decision-date`) was counted Monday to Friday, while the same words in their mail were
  counted on the sender's country's calendar (an interviewer in Tel Aviv works Sunday to
  Thursday; Thanksgiving is no business day in the United States);
- "before Christmas" gave no date at all, in a reply, a debrief's next steps or typed;
- a note held back by a snooze into the next year said "until Tue 5 Jan 09:00", no year;
- the worker's log said 01:30 twice in the night the clocks go back, and the minute a cut-off
  send is looked for from in UTC.

Real SQLite files, the commands as a user runs them."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from afterview.delivery.replies import decision_date, spoken_day, typed_decision_date
from afterview.domain import model as m
from afterview.errors import InvalidInput
from afterview.storage import open_store
from tests.delivery.test_replies_add import run
from tests.helpers import afterview, assert_clean_error

SUNDAY = "2026-11-29 10:00"  # in Denver (tests.delivery.test_replies_add.run)


def _israel(tmp_path, *, panel: bool = True) -> str:
    """You in London (GB), Michal in Tel Aviv (IL), an interview with her on Thu 26 Nov 2026;
    with `panel` False, also a take-home after it with nobody on it (interview 2)."""
    db = str(tmp_path / "a.db")
    run(db, SUNDAY, "profile", "set", "--name", "Dana Levi", "--email", "dana@mail.example", "--tz", "Europe/London",
        "--country", "GB")
    run(db, SUNDAY, "opportunity", "add", "--company", "Tel Aviv Labs", "--role", "Data Engineer")
    run(db, SUNDAY, "person", "add", "Michal Cohen", "--email", "michal@tlv.example", "--company", "Tel Aviv Labs",
        "--tz", "Asia/Jerusalem", "--country", "IL")
    run(db, SUNDAY, "interview", "add", "--opportunity", "1", "--start", "2026-11-26 10:00", "--tz", "Asia/Jerusalem",
        "--with", "Michal Cohen")
    if not panel:
        run(db, SUNDAY, "interview", "add", "--opportunity", "1", "--start", "2026-11-27 09:00", "--stage",
            "take-home", "--duration", "3h")
    return db


def _decision_dates(db) -> dict[int, date | None]:
    store = open_store(f"sqlite:///{db}")
    try:
        with store.transaction() as tx:
            return {d.interview_id: d.decision_date for d in tx.list(m.Debrief)}
    finally:
        store.close()


# --- 1. typed decision dates on the employer's calendar --------------------------------------

def test_debrief_counts_typed_business_days_on_the_interviewers_calendar(tmp_path):
    db = _israel(tmp_path)
    said = run(db, SUNDAY, "debrief", "1", "--person", "Michal", "--decision-date", "in 5 business days").out
    # Sun-Thu in Israel: Fri 4 and Sat 5 Dec off (Monday to Friday said Fri 4 Dec)
    assert "decision date: Sun 6 Dec 2026" in said, said
    assert _decision_dates(db) == {1: date(2026, 12, 6)}


def test_without_their_country_the_planners_country_for_them_counts(tmp_path):
    """No country recorded for the interviewer: yours (US), whose Thanksgiving is no business day."""
    db = str(tmp_path / "a.db")
    at = "2026-11-24 10:00"  # a Tuesday
    run(db, at, "profile", "set", "--name", "Jordan Lee", "--email", "j@mail.example", "--tz", "America/Chicago",
        "--country", "US")
    run(db, at, "opportunity", "add", "--company", "Meridian Health", "--role", "Analytics Engineer")
    run(db, at, "person", "add", "Priya Nair", "--email", "priya@meridian.example", "--company", "Meridian Health")
    run(db, at, "interview", "add", "--opportunity", "1", "--start", "2026-11-23 10:00", "--with", "Priya Nair")
    said = run(db, at, "debrief", "1", "--person", "Priya", "--decision-date", "within 3 business days").out
    assert "decision date: Mon 30 Nov 2026" in said, said  # Wed 25, (Thu 26 Thanksgiving), Fri 27, Mon 30


def test_a_take_home_counts_them_on_the_calendar_of_whoever_gave_the_date(tmp_path):
    db = _israel(tmp_path, panel=False)
    said = run(db, SUNDAY, "debrief", "2", "--decision-date", "in 5 business days").out
    assert "decision date: Sun 6 Dec 2026" in said, said
    assert _decision_dates(db)[2] == date(2026, 12, 6)


def test_replies_add_counts_a_typed_date_on_the_senders_calendar(tmp_path):
    db = _israel(tmp_path)
    run(db, "2026-11-29 12:00", "replies", "add", "Michal", "--decision-date", "within 5 business days")
    assert _decision_dates(db) == {1: date(2026, 12, 6)}


# --- 2. "before Christmas" -------------------------------------------------------------------

SAYS = "We will make a decision before Christmas."


@pytest.mark.parametrize("country, written, expected", [
    ("US", date(2026, 12, 1), date(2026, 12, 24)),  # a Thursday
    ("us-ny", date(2026, 12, 1), date(2026, 12, 24)),
    ("US", date(2027, 12, 1), date(2027, 12, 23)),  # Fri 24 Dec 2027: Christmas Day (observed)
    ("GB", date(2027, 12, 1), date(2027, 12, 24)),
    ("DE", date(2026, 12, 1), date(2026, 12, 24)),
    ("JP", date(2026, 12, 1), None),  # no public holiday there
    ("IL", date(2026, 12, 1), None),
    ("", date(2026, 12, 1), None),  # no country known: whether it is a day off is not known
    ("US", date(2026, 12, 24), None),  # said on the day itself: no day after it
])
def test_before_christmas_is_the_last_working_day_before_it_where_it_is_a_holiday(country, written, expected):
    assert decision_date(SAYS, written, country=country)[0] == expected


@pytest.mark.parametrize("says", [
    "You'll hear from us by Christmas.", "We hope to get back to you ahead of the holidays.",
    "We will decide before the Christmas break.", "We aim to make offers before the holiday season.",
    "Wir melden uns noch vor Weihnachten.", "Eine Entscheidung gibt es vor den Feiertagen.",
])
def test_its_other_words(says):
    assert decision_date(says, date(2026, 12, 1), country="DE")[0] == date(2026, 12, 24)


def test_the_holidays_unnamed_only_when_no_other_holiday_of_theirs_comes_first():
    says = "We hope to get back to you before the holidays."
    assert decision_date(says, date(2026, 11, 5), country="US")[0] is None  # Thanksgiving may be meant
    assert decision_date(says, date(2026, 11, 27), country="US")[0] == date(2026, 12, 24)
    assert decision_date(says, date(2026, 3, 2), country="GB")[0] is None  # Easter's, months before Christmas
    assert decision_date("We will decide before Christmas.", date(2026, 3, 2), country="GB")[0] == date(2026, 12, 24)


def test_the_end_of_the_year_is_its_last_day():
    for says in ("We will decide by the end of the year.", "We'll have an answer for you by year-end.",
                 "Wir melden uns bis zum Jahresende."):
        assert decision_date(says, date(2026, 12, 1), country="US")[0] == date(2026, 12, 31), says
    assert spoken_day("end of year", date(2026, 12, 1)) == (date(2026, 12, 31), "")


def test_vor_is_read_only_before_the_years_end():
    # "vor zwei Wochen" is two weeks ago: no cue
    assert decision_date("Wir melden uns vor zwei Wochen.", date(2026, 12, 1), country="DE")[0] is None


def test_typed_before_christmas_on_the_employers_calendar():
    now = datetime(2027, 12, 1, 15, tzinfo=timezone.utc)
    assert typed_decision_date("before Christmas", now, "America/Chicago", "US") == date(2027, 12, 23)
    assert typed_decision_date("vor Weihnachten", now, "Europe/Berlin", "DE") == date(2027, 12, 24)
    with pytest.raises(InvalidInput, match="Christmas Day is no public holiday in JP: give the day they named"):
        typed_decision_date("before Christmas", now, "Asia/Tokyo", "JP")


def test_debrief_before_christmas_typed_and_in_next_steps(tmp_path):
    db = _israel(tmp_path)
    run(db, SUNDAY, "person", "add", "Tom Becker", "--email", "tom@tlv.example", "--company", "Tel Aviv Labs",
        "--country", "DE")
    run(db, SUNDAY, "interview", "edit", "1", "--with", "Michal Cohen", "--with", "Tom Becker")
    said = run(db, SUNDAY, "debrief", "1", "--person", "Tom", "--decision-date", "before Christmas").out
    assert "decision date: Thu 24 Dec 2026" in said, said
    # the same words in their next steps: offered, with the command that records it
    said = run(db, SUNDAY, "debrief", "1", "--person", "Tom", "--decision-date", "none", "--next-steps",
               "they will decide before Christmas and let me know").out
    assert "their next steps say a decision by Thu 24 Dec: afterview debrief 1 --person 2 --decision-date 2026-12-24" \
        in said, said
    # Michal's country has no Christmas holiday: refused in one line, nothing recorded
    refused = afterview("--db", db, "--at", f"{SUNDAY} America/Denver", "debrief", "1", "--person", "Michal",
                        "--decision-date", "before Christmas")
    assert_clean_error(refused, "decision date 'before Christmas': Christmas Day is no public holiday in IL")
    assert _decision_dates(db).get(1) is None


def test_a_mail_saying_before_christmas_offers_that_day():
    from afterview.delivery import inbound
    from tests.delivery.test_replies_european import message

    raw = message("Hi Dana,\n\nThanks for your note. We will make a decision before Christmas.\n\nTom",
                  sender="Tom Becker <tom@tlv.example>", subject="Re: Thank you")
    item = inbound.classify(raw, today=date(2026, 11, 30), sender_country=lambda address: "GB")
    assert item.decision_date == date(2026, 12, 24)


# --- 3. a snooze into another year says it ---------------------------------------------------

def test_a_note_held_back_by_a_snooze_into_next_year_says_the_year(store, seeded):
    from afterview.services.planning import snooze
    from tests.delivery.conftest import NOW, add_interview, add_message

    found = add_interview(store, seeded, NOW - timedelta(days=1), role=m.Role.RECRUITER)
    message_id = add_message(store, found, action_key=found["key"], interview_id=found["interview"],
                             state=m.MessageState.SCHEDULED, approved_at=NOW, scheduled_at=NOW + timedelta(days=4))
    until = datetime(2027, 1, 5, 9, tzinfo=timezone.utc)
    with store.transaction() as tx:
        snooze(tx, found["key"], until=until, now=NOW)
    from afterview.services import delivery

    with store.transaction() as tx:
        [(_, why)] = delivery.hold_back(tx, now=NOW)
    assert why.startswith("not sent: you snoozed it until Tue 5 Jan 2027 09:00; a draft again (approve it and "
                          "schedule it again from Tue 5 Jan 2027 09:00 on)"), why
    with store.transaction() as tx:
        assert tx.get(m.Message, message_id).state == m.MessageState.DRAFTED


# --- 4. the worker's clock -------------------------------------------------------------------

def test_the_workers_log_says_which_0130_it_is_the_night_the_clocks_go_back(capsys):
    from afterview.interfaces.cli.delivery import _stamped

    moments = iter([datetime(2026, 11, 1, 6, 30, tzinfo=timezone.utc), datetime(2026, 11, 1, 7, 30, tzinfo=timezone.utc),
                    datetime(2026, 11, 1, 9, 0, tzinfo=timezone.utc)])
    say = _stamped(lambda: next(moments), "America/Chicago")
    say("sent message 1")
    say("sent message 2")
    say("sent message 3")
    assert capsys.readouterr().out.splitlines() == [
        "2026-11-01 01:30 CDT sent message 1", "2026-11-01 01:30 CST sent message 2", "2026-11-01 03:00 sent message 3"]


def test_the_worker_says_a_cut_off_sends_minute_on_your_clock(store, seeded):
    from afterview.services import delivery
    from tests.delivery.conftest import add_message

    claimed = datetime(2026, 11, 28, 1, 10, 40, tzinfo=timezone.utc)
    message_id = add_message(store, seeded, state=m.MessageState.SENDING, message_id="<flight-1@example.test>",
                             updated_at=claimed)
    reports, rounds = [], []

    def clock():
        rounds.append(1)
        return datetime(2026, 11, 28, 1, 15, 11, tzinfo=timezone.utc)

    delivery.run_worker(store, accounts={}, clock=clock, should_stop=lambda: len(rounds) >= 1, interval=0.05,
                        say=lambda line: None, say_send=reports.append, tz="America/New_York")
    checking = [line for report in reports for line in report.checking]
    assert checking == [(message_id, "is being sent by another Afterview program (since Fri 2026-11-27 20:10): it "
                                     "is not sent twice. If no other Afterview program is running, the send was cut "
                                     "off and it may have gone out: do not send it again; from Fri 2026-11-27 20:16 "
                                     "on, afterview send-due (or the worker) looks for it in the Sent folder")]


def test_a_send_that_could_not_be_recorded_says_the_minute_on_your_clock(store):
    from afterview.errors import StorageError
    from afterview.services import delivery
    from afterview.services.delivery import SendReport, _Batch

    batch = _Batch(store, datetime(2026, 11, 26, 15, 0, 40, tzinfo=timezone.utc), {}, SendReport(),
                   tz="America/New_York")
    batch.pending.append((3, m.MessageState.SENT, {}))
    said = str(batch.unrecorded(StorageError("the database is busy")))
    assert "Do not send it again: from Thu 2026-11-26 10:06 on, afterview send-due" in said, said
    assert delivery.checked_from(datetime(2026, 11, 26, 15, 0, 40, tzinfo=timezone.utc)).minute == 6
