"""A LinkedIn request to someone whose profile is not recorded is planned all the same (found on
LinkedIn by name), and its note says so with the command that records it, wherever the plan is
shown (found by a tester: one was planned and drafted with no word of it)."""

from afterview.domain.model import MessageKind
from afterview.planner import DEFAULT_PLAYBOOK, plan

from tests.planner.builders import at
from tests.planner.test_why_keep_warm import handled  # rejected Fri 4 Dec 2026, requests done


def requests(w, now):
    return {a.person_id: a for a in plan(w.facts, DEFAULT_PLAYBOOK, at(now)) if a.kind == MessageKind.LINKEDIN_NOTE}


def test_a_request_without_a_profile_says_how_to_add_it():
    w, opp, rita, dana = handled()
    w.facts.decisions.clear()  # the requests not done yet
    dana.linkedin_url = "https://www.linkedin.com/in/dana-reyes"
    found = requests(w, "2026-12-05 12:00")
    assert set(found) == {rita.id, dana.id}
    assert found[rita.id].note.startswith(
        f"Rita Cole's LinkedIn profile is not recorded: find them on LinkedIn by name, or add it first "
        f"(afterview person edit {rita.id} --linkedin URL); note limit: 200 characters")
    assert "profile is not recorded" not in found[dana.id].note
