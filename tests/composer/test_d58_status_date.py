"""The status follow-up cites the date the plan goes by, as said by whoever said it.

Found by a tester: Priya's debrief recorded 7 December; Tom later wrote that they expected to
decide by 18 December (`afterview debrief 1 --person 2 --decision-date 2026-12-18`). The plan
moved the follow-up to Tue 22 Dec, but the note still read "You mentioned December 7 for the next
steps": sent on 22 Dec, as if they were two weeks late, and to Priya, who never said 18 December.
The note now cites the latest date the round's panel stated (the planner's reading), and says
"You mentioned" only to the person who gave it: another's is theirs ("Tom mentioned"), several
people's is said impersonally.
"""

from __future__ import annotations

import re

import pytest

from tests.helpers import afterview

EVENING = "2026-11-25 18:00 America/Chicago"
DUE = "2026-12-22 10:00 America/Chicago"  # the follow-up's day once Tom's 18 December is kept
KEY = "status_check.1:o1:i1:p1"
TONES = ("warm", "formal", "concise")
# what each tone says of a date the recipient gave, another person gave, several gave
YOURS = {"warm": "You mentioned {day} for the next steps", "formal": "You indicated {day} for the next steps",
         "concise": "You mentioned {day} for next steps"}
TOMS = {"warm": "Tom mentioned {day} for the next steps", "formal": "Tom Becker indicated {day} for the next steps",
        "concise": "Tom mentioned {day} for next steps"}
THEIRS = {"warm": "I understand a decision was expected around {day};",
          "formal": "I understand that a decision was expected around {day};",
          "concise": "I understand a decision was expected around {day};"}
SAID_BACK = re.compile(r"\b(?:You|you) (?:mentioned|indicated)\b")


@pytest.fixture
def run(tmp_path):
    """Northwind: a panel interview on Wed 25 Nov 2026 with Priya Raman (the hiring manager, who
    gets the status follow-ups), Tom Becker and Omar Haddad; Priya said they would decide by 7
    December."""
    db = str(tmp_path / "av.db")

    def run(*args, when=EVENING):
        result = afterview("--db", db, "--at", when, *args)
        assert result.code == 0, (args, result.err)
        return result

    for args in (
        ["profile", "set", "--name", "Alex Morgan", "--email", "alex@mail.example", "--tz", "America/Chicago",
         "--country", "US"],
        ["opportunity", "add", "--company", "Northwind Analytics", "--role", "Senior Data Engineer"],
        ["person", "add", "Priya Raman", "--email", "priya.raman@northwind.example", "--company",
         "Northwind Analytics"],
        ["person", "add", "Tom Becker", "--email", "tom.becker@northwind.example", "--company", "Northwind Analytics"],
        ["person", "add", "Omar Haddad", "--email", "omar@northwind.example", "--company", "Northwind Analytics"],
        ["interview", "add", "--opportunity", "1", "--start", "2026-11-25 13:30", "--duration", "90m",
         "--stage", "panel interview", "--with", "Priya Raman:hiring_manager", "--with", "Tom Becker",
         "--with", "Omar Haddad"],
        ["debrief", "1", "--person", "Priya", "--topic", "moving nightly batch jobs to streaming",
         "--decision-date", "2026-12-07"],
        ["debrief", "1", "--person", "Tom", "--topic", "how the team runs incident reviews"],
        ["debrief", "1", "--person", "Omar", "--topic", "testing dbt models before deploys"],
    ):
        run(*args)
    return run


def drafts(run, when=DUE, key=KEY) -> dict[str, str]:
    """The follow-up drafted in each tone (the same draft, written again): tone -> body."""
    bodies = {}
    for tone in TONES:
        made = run("draft", key, "--no-ask", "--force", "--tone", tone, when=when)
        assert "(0 errors, 0 warnings)" in made.out, made.out
        number = re.search(r"#(\d+) ", made.out).group(1)
        bodies[tone] = run("show", number, when=when).out
    return bodies


def test_the_follow_up_cites_tom_s_later_date_as_tom_s(run):
    run("debrief", "1", "--person", "2", "--decision-date", "2026-12-18", when="2026-12-03 10:00 America/Chicago")
    assert "they said they would decide by Fri 18 Dec" in run("why", KEY, when=DUE).out
    for tone, body in drafts(run).items():
        assert TOMS[tone].format(day="December 18") in body, (tone, body)
        assert "December 7" not in body and not SAID_BACK.search(body), (tone, body)


def test_the_date_priya_s_own_reply_gave_is_hers(run):
    run("replies", "add", "Priya", "--on", "2026-12-04 09:00", "--says", "We expect to decide by 18 December",
        "--decision-date", "2026-12-18", when="2026-12-04 10:00 America/Chicago")
    assert "they said they would decide by Fri 18 Dec" in run("why", KEY, when=DUE).out
    for tone, body in drafts(run).items():
        assert YOURS[tone].format(day="December 18") in body, (tone, body)
        assert "December 7" not in body, (tone, body)


def test_tom_s_reply_moves_the_date_and_the_note_says_it_is_his(run):
    run("replies", "add", "Tom", "--on", "2026-12-04 09:00", "--says", "we expect to decide by 18 December",
        "--decision-date", "2026-12-18", when="2026-12-04 10:00 America/Chicago")
    for tone, body in drafts(run).items():
        assert TOMS[tone].format(day="December 18") in body, (tone, body)
        assert not SAID_BACK.search(body), (tone, body)


def test_a_date_several_others_gave_is_said_impersonally(run):
    for who in ("Tom", "Omar"):
        run("debrief", "1", "--person", who, "--decision-date", "2026-12-18", when="2026-12-03 10:00 America/Chicago")
    for tone, body in drafts(run).items():
        assert THEIRS[tone].format(day="December 18") in body, (tone, body)
        assert not SAID_BACK.search(body) and "Tom" not in body and "Omar" not in body, (tone, body)


def test_the_plan_s_date_is_the_latest_stated_so_an_earlier_one_said_later_is_not_cited(run):
    # Tom, after Priya, gave an earlier day: the plan still goes by the latest date (Priya's 7
    # December, docs/playbook.md), and so does the note, as hers
    run("debrief", "1", "--person", "Tom", "--decision-date", "2026-12-03", when="2026-12-01 10:00 America/Chicago")
    when = "2026-12-09 10:00 America/Chicago"
    assert "they said they would decide by Mon 7 Dec" in run("why", KEY, when=when).out
    for tone, body in drafts(run, when=when).items():
        assert YOURS[tone].format(day="December 7") in body, (tone, body)
        assert "December 3" not in body and "Tom" not in body, (tone, body)


def test_the_second_follow_up_and_the_close_cite_no_date_as_theirs(run):
    run("debrief", "1", "--person", "2", "--decision-date", "2026-12-18", when="2026-12-03 10:00 America/Chicago")
    run("done", KEY, when=DUE)
    second = "status_check.2:o1:i1:p1"
    run("news", "add", "Cut a client's nightly batch window from six hours to forty minutes with Kafka",
        "--date", "2026-12-28", "--tag", "streaming", when="2026-12-28 10:00 America/Chicago")
    when = "2027-01-05 10:00 America/Chicago"
    for tone, body in drafts(run, when=when, key=second).items():
        assert "forty minutes" in body and "December" not in body and not SAID_BACK.search(body), (tone, body)
    run("done", second, when=when)
    close = "closing_the_loop:o1:i1:p1"
    when = "2027-01-20 10:00 America/Chicago"
    assert close in run("plan", when=when).out
    for tone, body in drafts(run, when=when, key=close).items():
        assert "December" not in body and not SAID_BACK.search(body), (tone, body)
