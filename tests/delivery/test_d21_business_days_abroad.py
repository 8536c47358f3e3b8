""""Within 5 business days" said in a reply is counted by its sender's calendar: their weekend
and public holidays (Israel works Sunday to Thursday), else yours, else Monday to Friday (found by
a tester: a reply from Tel Aviv on a Sunday was counted to the Friday, their weekend)."""

from __future__ import annotations

from datetime import date

import pytest

from afterview.delivery.replies import decision_date, spoken_day, typed_decision_date

from tests.delivery.test_replies_add import run

SAYS = "We will get back to you within 5 business days."
SUNDAY = date(2026, 11, 29)


def test_business_days_are_counted_by_the_senders_week():
    assert decision_date(SAYS, SUNDAY, country="IL")[0] == date(2026, 12, 6)  # Sun-Thu: Fri 4, Sat 5 off
    assert decision_date(SAYS, SUNDAY, country="il")[0] == date(2026, 12, 6)


def test_their_public_holidays_are_not_counted():
    # Germany: 24 Dec is worked, 25 and 26 Dec are holidays (a Friday and a Saturday in 2026)
    said = "Wir melden uns innerhalb von 3 Werktagen."
    assert decision_date(said, date(2026, 12, 22), country="DE")[0] == date(2026, 12, 28)
    assert decision_date(said, date(2026, 12, 22))[0] == date(2026, 12, 25)


@pytest.mark.parametrize("country", ["", "XX"])
def test_with_no_calendar_known_monday_to_friday(country):
    assert decision_date(SAYS, SUNDAY, country=country)[0] == date(2026, 12, 4)


def test_a_typed_count_of_business_days_goes_by_the_calendar_given():
    assert spoken_day("in 5 business days", SUNDAY, "IL") == (date(2026, 12, 6), "")
    assert spoken_day("in 5 business days", SUNDAY) == (date(2026, 12, 4), "")
    from datetime import datetime, timezone
    now = datetime(2026, 11, 29, 8, tzinfo=timezone.utc)
    assert typed_decision_date("within 5 business days", now, "Asia/Jerusalem", "IL") == date(2026, 12, 6)


def test_replies_add_counts_them_by_the_senders_country(tmp_path):
    """`replies add ... --says` at Sun 29 Nov 2026 in Israel: Sun 6 Dec, not Fri 4 Dec."""
    db = str(tmp_path / "a.db")
    at = "2026-11-29 10:00"
    run(db, at, "profile", "set", "--name", "Dana Levi", "--email", "dana@mail.example", "--tz", "Europe/London",
        "--country", "GB")
    run(db, at, "opportunity", "add", "--company", "Tel Aviv Labs", "--role", "Data Engineer")
    run(db, at, "person", "add", "Michal Cohen", "--email", "michal@tlv.example", "--company", "Tel Aviv Labs",
        "--tz", "Asia/Jerusalem", "--country", "IL")
    run(db, at, "interview", "add", "--opportunity", "1", "--start", "2026-11-26 10:00", "--tz", "Asia/Jerusalem",
        "--with", "Michal Cohen")
    said = run(db, "2026-11-29 12:00", "replies", "add", "michal@tlv.example", "--says",
               "we will get back to you within 5 business days").out
    assert "they said a decision by Sun 6 Dec 2026" in said, said
    assert "--decision-date 2026-12-06" in said


def test_a_mail_read_by_sync_counts_them_by_its_senders_country():
    from afterview.delivery import inbound
    from tests.delivery.test_replies_european import message

    raw = message("Hi Dana,\n\nThanks for your note. " + SAYS + "\n\nMichal",
                  sender="Michal Cohen <michal@tlv.example>", subject="Re: Thank you")
    raw = raw.replace(b"Fri, 27 Nov 2026 16:00:00 +0100", b"Sun, 29 Nov 2026 09:00:00 +0200")
    item = inbound.classify(raw, today=SUNDAY, sender_country=lambda address: "IL")
    assert item.decision_date == date(2026, 12, 6)
