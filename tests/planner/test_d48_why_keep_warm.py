"""`why` on a keep-in-touch touch with no reason names the cause that applies, not "X; or Y"
(found by a tester: for someone who had moved to another company it said "no news of yours ...;
or its time comes after the year ...", where the cause was that they work elsewhere now)."""

from datetime import date

from afterview.domain.model import MessageKind
from afterview.planner.engine import trace_keep_warm
from afterview.planner import DEFAULT_PLAYBOOK
from afterview.planner.facts import works_elsewhere

from tests.planner.builders import at
from tests.planner.test_why_keep_warm import handled, why


def test_someone_who_moved_is_said_to_work_elsewhere_now():
    w, opp, rita, dana = handled()  # rejected Fri 4 Dec 2026
    dana.company_id = w.company("Globex").id
    w.news("Acme opens a Berlin office", date(2027, 1, 20), company_id=opp.company_id)
    assert works_elsewhere(w.facts, dana, opp) == "Dana Reyes works at Globex now, not at Acme"
    assert trace_keep_warm(w.facts, DEFAULT_PLAYBOOK, at("2027-02-01 09:00")).no_touch[dana.id] == "no_news"
    assert why(w, f"keep_warm.1:o{opp.id}:p{dana.id}", "2027-02-01 09:00") == (
        "not planned now: Dana Reyes works at Globex now, not at Acme: no reason to write yet: no news of yours, "
        "at most 30 days old (share_news.max_age), about Globex or what Dana Reyes cares about")


def test_no_news_names_only_the_news():
    w, opp, rita, dana = handled()
    assert why(w, f"keep_warm.1:o{opp.id}:p{dana.id}", "2027-02-01 09:00") == (
        "not planned now: no reason to write yet: no news of yours, at most 30 days old (share_news.max_age), "
        "about what Dana Reyes cares about")


def test_a_next_touch_past_the_year_names_only_the_year():
    w, opp, rita, dana = handled()
    for n, day in enumerate(["2027-01-05", "2027-04-06", "2027-09-10"], start=1):
        w.sent(f"keep_warm.{n}:o{opp.id}:p{dana.id}", MessageKind.KEEP_WARM, dana, at(f"{day} 10:00"), opp)
    assert trace_keep_warm(w.facts, DEFAULT_PLAYBOOK, at("2027-10-01 09:00")).no_touch[dana.id] == "after_year"
    assert why(w, f"keep_warm.4:o{opp.id}:p{dana.id}", "2027-10-01 09:00") == (
        "not planned now: no reason to write yet: its time comes after the year of keep-in-touch touches after "
        "the process closed on Fri 4 Dec 2026 ends on Sat 4 Dec 2027 (keep_warm.stop_after: 365 days)")
