"""`afterview why` on a keep-in-touch touch that is not planned names the rule that ended it
(found by a tester who lived a year of them: it said "a stop condition applies ... or it has no
reason yet" for a touch past the year, and for one an out-of-office reply moved past its news)."""

from datetime import date

from afterview.domain.model import DecisionKind, InboundKind, MessageKind
from afterview.planner import DEFAULT_PLAYBOOK, plan
from afterview.services.planning import explain

from tests.planner.builders import at
from tests.planner.test_after_decision import rejected_world


def handled():
    """Rejected Fri 4 Dec 2026, 16:00 Berlin (the status, as once the reply is confirmed), the
    rejection replies sent and the LinkedIn requests done."""
    w, opp, _, rita, dana = rejected_world(via_reply=False)
    for person in (rita, dana):
        w.sent(f"rejection_reply:o{opp.id}:p{person.id}", MessageKind.REJECTION_REPLY, person,
               at("2026-12-05 10:00"), opp)
        w.decide(f"linkedin_note:p{person.id}", DecisionKind.DONE, at("2026-12-05 10:00"))
    return w, opp, rita, dana


def why(w, key: str, now: str) -> str:
    assert key not in {a.key for a in plan(w.facts, DEFAULT_PLAYBOOK, at(now))}
    said = explain(w.facts, DEFAULT_PLAYBOOK, key, at(now))
    assert said.status == "not planned"
    return said.detail


def test_a_touch_past_the_year_names_stop_after_and_the_day_the_year_ended():
    w, opp, rita, dana = handled()  # rejected Fri 4 Dec 2026, 16:00 Berlin
    for n, day in enumerate(["2027-01-05", "2027-04-06", "2027-07-06"], start=1):
        w.sent(f"keep_warm.{n}:o{opp.id}:p{dana.id}", MessageKind.KEEP_WARM, dana, at(f"{day} 10:00"), opp)
    w.news("Kafka Summit talk", date(2027, 11, 30), ["kafka"])
    assert why(w, f"keep_warm.4:o{opp.id}:p{dana.id}", "2027-12-08 09:00") == (
        "not planned now: the year of keep-in-touch touches after the process closed on Fri 4 Dec 2026 ended "
        "on Sat 4 Dec 2027 (keep_warm.stop_after: 365 days): no touch after it")


def test_a_touch_within_the_year_with_no_reason_names_the_rule_that_applies():
    w, opp, rita, dana = handled()
    said = why(w, f"keep_warm.1:o{opp.id}:p{dana.id}", "2027-02-01 09:00")
    assert said == ("not planned now: no reason to write yet: no news of yours, at most 30 days old "
                    "(share_news.max_age), about what Dana Reyes cares about")


def test_a_touch_an_out_of_office_reply_moved_past_its_news_says_so():
    w, opp, rita, dana = handled()
    w.sent(f"keep_warm.1:o{opp.id}:p{dana.id}", MessageKind.KEEP_WARM, dana, at("2027-01-05 10:00"), opp)
    w.news("Kafka Summit talk", date(2027, 4, 20), ["kafka"])
    w.reply(dana, at("2027-04-20 12:00"), opp, kind=InboundKind.AUTO_REPLY, return_date=date(2027, 5, 31))
    assert why(w, f"keep_warm.2:o{opp.id}:p{dana.id}", "2027-04-21 09:00") == (
        "not planned now: Dana Reyes's out-of-office reply (postponed: out of office, back Mon 31 May or the business day after) moves it "
        "to Tue 1 Jun 2027, when its reason, 'Kafka Summit talk' (20 Apr 2027), is no longer news "
        "(share_news.max_age: 30 days)")


def test_a_later_touch_asked_about_names_the_one_that_comes_first():
    w, opp, rita, dana = handled()
    w.news("Kafka Summit talk", date(2027, 1, 20), ["kafka"])
    first = f"keep_warm.1:o{opp.id}:p{dana.id}"
    assert first in {a.key for a in plan(w.facts, DEFAULT_PLAYBOOK, at("2027-01-21 09:00"))}
    assert why(w, f"keep_warm.2:o{opp.id}:p{dana.id}", "2027-01-21 09:00") == (
        f"not planned now: the next touch to Dana Reyes is {first} (afterview why {first})")


def test_a_touch_snoozed_past_its_news_says_so():
    w, opp, rita, dana = handled()
    w.news("Kafka Summit talk", date(2027, 1, 20), ["kafka"])
    key = f"keep_warm.1:o{opp.id}:p{dana.id}"
    w.decide(key, DecisionKind.SNOOZE, at("2027-01-21 09:00"), until=at("2027-03-15 09:00"))
    said = why(w, key, "2027-01-21 10:00")
    assert said.startswith("not planned now: your snooze (snoozed until "), said
    assert said.endswith("is no longer news (share_news.max_age: 30 days)"), said
