"""The review's timing check judges a send time by the recipient's own business days, as the
planner counts them (domain.days.BusinessDays): their country's weekend, corrected where the
holidays package is wrong, and the make-up working days that count as business days.

- Israel and Saudi Arabia rest on Friday and Saturday: a Sunday morning is a business morning,
  a Friday is the weekend.
- Nepal rests on Saturday only.
- China's make-up working Saturdays are business days; the weekdays off they pay for are
  public holidays.
- A person with no country keeps the Saturday-Sunday weekend.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from afterview.domain.model import (
    Company, Facts, Interview, Message, MessageKind, MessageState, Opportunity, Participant, Person, Profile,
)
from afterview.reviewer import ReviewContext, review
from afterview.reviewer.context import context_for_message

SUBJECT = "Following up - Data Engineer"
BODY = ("Hi Dana,\n\nI wanted to follow up on our conversation about the data platform role. I enjoyed "
        "hearing how your team moved its batch jobs to streaming, and I remain very interested.\n\n"
        "Could you share where things stand?\n\nBest regards,\nAlex Morgan\n")


def timing(when: str, zone: str, country: str) -> list[str]:
    send = datetime.fromisoformat(when).replace(tzinfo=ZoneInfo(zone))
    context = ReviewContext(kind="status_check", recipient_name="Dana Cohen", send_at=send,
                            recipient_timezone=zone, recipient_country=country)
    return [f.message for f in review(SUBJECT, BODY, context) if f.code == "timing"]


@pytest.mark.parametrize("country, zone", [("IL", "Asia/Jerusalem"), ("SA", "Asia/Riyadh")])
def test_a_sunday_morning_is_a_business_morning_where_the_week_starts_on_sunday(country, zone):
    assert timing("2026-11-08 09:30", zone, country) == []  # Sunday
    [said] = timing("2026-11-06 09:30", zone, country)  # Friday
    assert said == (f"scheduled on a Friday, the weekend in {country} (Friday-Saturday) "
                    f"(2026-11-06 09:30 their time ({zone}))")
    [said] = timing("2026-11-07 09:30", zone, country)  # Saturday
    assert said.startswith("scheduled on a Saturday, the weekend in")


def test_nepal_rests_on_saturday_only():
    zone = "Asia/Kathmandu"
    assert timing("2026-03-01 10:00", zone, "NP") == []  # Sunday
    [said] = timing("2026-03-07 10:00", zone, "NP")
    assert said.startswith("scheduled on a Saturday, the weekend in NP (Saturday) (")


def test_china_s_make_up_saturday_is_a_business_day():
    zone = "Asia/Shanghai"
    assert timing("2026-02-14 10:00", zone, "CN") == []
    assert timing("2026-02-28 10:00", zone, "CN") == []
    [said] = timing("2026-02-21 10:00", zone, "CN")  # an ordinary Saturday
    assert said.startswith("scheduled on a Saturday (")  # a Saturday-Sunday weekend: no need to say
    [said] = timing("2026-02-20 10:00", zone, "CN")  # the Friday off that 14 Feb pays for
    assert said == "scheduled on a public holiday in CN: Day off (substituted from 02/14/2026) (2026-02-20)"


def test_without_a_country_the_weekend_is_saturday_and_sunday():
    zone = "Asia/Jerusalem"
    assert timing("2026-11-06 09:30", zone, "") == []  # Friday
    [said] = timing("2026-11-08 09:30", zone, "")
    assert said.startswith("scheduled on a Sunday (")


def test_a_stored_draft_is_judged_by_its_recipient_s_week():
    """`lint --draft`, `approve` and `send --at` build the context from the stored person."""
    jerusalem = ZoneInfo("Asia/Jerusalem")
    start = datetime(2026, 11, 2, 10, tzinfo=jerusalem)
    facts = Facts(
        profile=Profile(name="Alex Morgan", timezone="America/New_York", country="US"),
        companies={1: Company(id=1, name="Globex")},
        opportunities={1: Opportunity(id=1, company_id=1, role="Data Engineer")},
        people={1: Person(id=1, name="Dana Cohen", emails=["dana@globex.example"], company_id=1,
                          timezone="Asia/Jerusalem", country="IL")},
        interviews={1: Interview(id=1, opportunity_id=1, start=start, end=start.replace(hour=11),
                                 timezone="Asia/Jerusalem", participants=[Participant(person_id=1)])},
        messages=[Message(id=1, kind=MessageKind.STATUS_CHECK, person_id=1, opportunity_id=1, interview_id=1,
                          action_key="status_check.1:o1:i1:p1", subject=SUBJECT, body=BODY,
                          state=MessageState.SCHEDULED, to_address="dana@globex.example")],
    )
    message = facts.messages[0]

    def said(when: datetime) -> list[str]:
        message.scheduled_at = when
        return [f.message for f in review(SUBJECT, BODY, context_for_message(facts, message)) if f.code == "timing"]

    assert said(datetime(2026, 11, 15, 9, 30, tzinfo=jerusalem)) == []  # Sunday
    assert [m.split(" (")[0] for m in said(datetime(2026, 11, 13, 9, 30, tzinfo=jerusalem))] == [
        "scheduled on a Friday, the weekend in IL"]
