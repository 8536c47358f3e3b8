"""A decision date for a round with nobody on it (a take-home).

Found by a tester: after a take-home the employer says when they will decide, and
`afterview debrief 2 --decision-date 2026-12-10` refused ("interview 2 has 0 participants: say
which with --person"), and with --person ("Dana Reyes is not on the panel of interview 2"); the
planner read no date for such a round either. It is kept as said by whoever of the process gave it
(the follow-ups' contact unless named), and the follow-ups go by it as for any round.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from afterview.domain.model import MessageKind
from afterview.planner import DEFAULT_PLAYBOOK, plan
from tests.helpers import afterview, assert_clean_error
from tests.planner.builders import World, at

WED = "2026-12-02 10:00 America/Chicago"


@pytest.fixture
def run(tmp_path):
    """Northwind: a recruiter screen with Dana Reyes and Priya Raman on Mon 23 Nov 2026, then a
    take-home exercise with nobody on it on Tue 1 Dec (interview 2)."""
    db = str(tmp_path / "av.db")

    def run(*args, when=WED):
        return afterview("--db", db, "--at", when, *args)

    for args in (
        ["profile", "set", "--name", "Alex Morgan", "--email", "alex@mail.example", "--tz", "America/Chicago",
         "--country", "US"],
        ["opportunity", "add", "--company", "Northwind Analytics", "--role", "Senior Data Engineer"],
        ["person", "add", "Priya Raman", "--email", "priya@northwind.example", "--company", "Northwind Analytics"],
        ["person", "add", "Dana Reyes", "--email", "dana@northwind.example", "--company", "Northwind Analytics"],
        ["person", "add", "Lee Park", "--email", "lee@initech.example", "--company", "Initech"],
        ["interview", "add", "--opportunity", "1", "--start", "2026-11-23 13:30", "--duration", "60m",
         "--stage", "recruiter screen", "--with", "Dana Reyes:recruiter", "--with", "Priya Raman:hiring_manager"],
        ["interview", "add", "--opportunity", "1", "--start", "2026-12-01 09:00", "--duration", "4h",
         "--stage", "take-home exercise"],
    ):
        result = run(*args, when="2026-11-20 10:00 America/Chicago")
        assert result.code == 0, (args, result.err)
    return run


def test_a_decision_date_is_accepted_for_a_take_home_and_kept_as_said_by_the_process_s_contact(run):
    said = run("debrief", "2", "--decision-date", "2026-12-10")
    assert said.code == 0, said.err
    assert said.out.splitlines() == [
        "recorded debrief for Dana Reyes",
        "  nobody is on the panel of interview 2 (take-home exercise): kept as said by Dana Reyes, the contact of "
        "its process (--person to name another)",
        "  decision date: Thu 10 Dec 2026",
    ]
    shown = json.loads(run("interview", "show", "2", "--json").out)
    debriefs = {d["person_id"]: d["decision_date"] for d in shown["debriefs"]}
    assert debriefs == {2: "2026-12-10"}


def test_someone_of_the_process_may_be_named_and_next_steps_offer_their_date(run):
    said = run("debrief", "2", "--person", "Priya", "--decision-date", "Dec 9",
               "--next-steps", "They will decide by December 11")
    assert said.code == 0, said.err
    assert "kept as said by Priya Raman\n" in said.out and "decision date: Wed 9 Dec 2026" in said.out
    assert "their next steps say a decision by Fri 11 Dec: afterview debrief 2 --person 1 --decision-date 2026-12-11" \
        in said.out
    assert run("debrief", "2", "--person", "1", "--decision-date", "none").out.endswith("decision date: none\n")


def test_what_a_take_home_cannot_hold_is_refused_in_one_line(run):
    assert_clean_error(run("debrief", "2", "--person", "Lee Park", "--decision-date", "2026-12-10"),
                       "Lee Park is neither at Northwind Analytics nor on a panel of opportunity 1")
    assert_clean_error(run("debrief", "2", "--topic", "the exercise's data model"),
                       "nobody discussed topics with you there", "(afterview debrief 1)")
    assert_clean_error(run("debrief", "2", "--decision-date", "2026-11-30"),
                       "2026-11-30 is before the interview (2026-12-01)")
    # a take-home with no round before it: nobody to take the date from unless named
    assert run("opportunity", "add", "--company", "Initech", "--role", "Analyst").code == 0
    assert run("interview", "add", "--opportunity", "2", "--start", "2026-12-01 09:00", "--duration", "2h",
               "--stage", "coding challenge").code == 0
    assert_clean_error(run("debrief", "3", "--decision-date", "2026-12-10"),
                       "say who gave the date with --person (someone at Initech)")
    assert run("debrief", "3", "--person", "Lee", "--decision-date", "2026-12-10").code == 0


def test_a_debrief_file_for_a_take_home_is_read_the_same_way(run, tmp_path):
    path = tmp_path / "take-home.toml"
    path.write_text('[[debrief]]\nperson = "Dana Reyes"\ndecision-date = "2026-12-10"\n'
                    'next_steps = "a call once they have reviewed it"\n', encoding="utf-8")
    said = run("debrief", "2", "--file", str(path))
    assert said.code == 0 and "decision date: Thu 10 Dec 2026" in said.out, said.err


def test_the_follow_ups_go_by_the_take_home_s_decision_date(run):
    # before: "no decision date was stated; 7 business days after the take-home exercise"
    assert run("debrief", "2", "--decision-date", "2026-12-10").code == 0
    why = run("why", "status_check.1:o1:i2:p2")
    assert why.code == 0, why.err
    assert ("Ask Dana Reyes about the status of Senior Data Engineer at Northwind Analytics: they said they would "
            "decide by Thu 10 Dec; 2 business days after that, in the send window.") in why.out, why.out
    today = run("today", when="2026-12-14 10:00 America/Chicago")
    assert "status_check.1" not in today.out  # not before Tue 15 Dec
    today = run("today", when="2026-12-15 10:00 America/Chicago")
    assert "key: status_check.1:o1:i2:p2" in today.out and "they said they would decide by Thu 10 Dec" in today.out
    draft = run("draft", "status_check.1:o1:i2:p2", "--no-ask", when="2026-12-15 10:00 America/Chicago")
    assert draft.code == 0, draft.err
    body = run("show", "1").out
    assert "You mentioned December 10 for the next steps" in body, body
    assert "the take-home exercise I completed on December 1" in body
    # cleared: back to the days after the take-home
    assert run("debrief", "2", "--person", "Dana", "--decision-date", "none").code == 0
    assert "no decision date was stated; 7 business days after the take-home exercise" in \
        run("why", "status_check.1:o1:i2:p2").out


def test_the_planner_reads_a_date_given_for_a_round_with_nobody_on_it():
    w = World()
    globex = w.company("Globex")
    tom = w.person("Tom Reid", globex)
    opp = w.opportunity(globex)
    w.interview(opp, at("2026-12-01 10:00"), at("2026-12-01 11:00"), tom, stage="technical")
    take_home = w.interview(opp, at("2026-12-04 09:00"), at("2026-12-04 13:00"), stage="take-home assignment")
    w.debrief(take_home, tom, decision_date=date(2026, 12, 11))
    [first] = [a for a in plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-15 10:00"))
               if a.kind is MessageKind.STATUS_CHECK]
    assert first.key == f"status_check.1:o{opp.id}:i{take_home.id}:p{tom.id}"
    assert "they said they would decide by Fri 11 Dec; 2 business days after that" in first.reason, first.reason


def test_a_reply_after_a_take_home_keeps_the_date_it_gives(run):
    # before: "Dana Reyes is not on the panel of the latest interview (2) ...", and a date read in
    # their words was offered for nobody
    told = run("replies", "add", "Dana", "--says", "We expect to make a decision by 10 December")
    assert told.code == 0, told.err
    assert "afterview debrief 2 --person 2 --decision-date 2026-12-10" in told.out, told.out
    given = run("replies", "add", "Priya", "--decision-date", "2026-12-11", when="2026-12-03 10:00 America/Chicago")
    assert given.code == 0, given.err
    assert "the follow-ups go on after it" in given.out
    assert "they said they would decide by Fri 11 Dec" in run("why", "status_check.1:o1:i2:p2",
                                                              when="2026-12-03 11:00 America/Chicago").out


def test_interview_show_says_the_date_given_for_a_take_home(run):
    assert run("debrief", "2", "--decision-date", "2026-12-10").code == 0
    shown = run("interview", "show", "2").out
    assert "said by Dana Reyes (person 2)\n    decision by: 2026-12-10" in shown, shown
