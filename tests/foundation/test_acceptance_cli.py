"""Accepting an offer from the command line: the other processes get a withdrawal note each,
the one with no contact is named, and a withdrawal done ends its process (undo takes it back)."""

from __future__ import annotations

import json
import re

import pytest

from tests.helpers import afterview


@pytest.fixture(scope="session")
def demo_made(prebuilt):
    return prebuilt.build(("--at", "2026-11-27T15:00:00+00:00", "demo", "--no-agenda"))


@pytest.fixture
def demo(tmp_path, afterview_home, prebuilt, demo_made):
    db = str(tmp_path / "demo.db")

    def run(*args, at="2026-11-27T15:00:00+00:00"):
        return afterview("--db", db, "--at", at, *args)

    prebuilt.copy(demo_made, afterview_home, db=db)  # as `run("demo", "--no-agenda")` leaves it
    return run


def _drafted_id(result) -> str:
    return re.match(r"#(\d+) ", result.out).group(1)


def _status(run, number: int) -> str:
    return json.loads(run("opportunity", "show", str(number), "--json").out)["status"]


def test_accepting_plans_the_withdrawals_and_names_who_has_no_contact(demo):
    accepted = demo("outcome", "2", "accepted")
    assert accepted.code == 0, accepted.err
    assert accepted.out.splitlines()[1:] == [
        "Next: a short note withdrawing from 2 other processes, with thanks (afterview today)",
        "No one to write to for Data Platform Engineer at Tailspin Labs: tell them yourself, then: "
        "afterview outcome 4 withdrawn"]
    records = json.loads(demo("today", "--json").out)
    keys = {a["key"] for a in records if a["key"] is not None}
    assert {"withdrawal:o1:p3", "withdrawal:o5:p6"} <= keys
    assert not [k for k in keys if k.startswith(("status_check", "thank_you"))]  # nothing else goes to them
    # the one with no one to write to stays on today's list until it is closed
    assert [r["opportunity_id"] for r in records if r["kind"] == "tell_yourself"] == [4]


def test_a_withdrawal_drafted_reviewed_and_done_ends_the_process(demo):
    demo("outcome", "2", "accepted")
    drafted = demo("draft", "withdrawal:o1:p3", "--tone", "formal")
    assert drafted.code == 0 and "(0 errors, 0 warnings)" in drafted.out
    shown = demo("show", _drafted_id(drafted)).out
    assert "I have accepted another offer, and I therefore withdraw my application." in shown
    assert "review: no findings" in shown  # saying you accepted another offer is not leverage here
    assert demo("done", "withdrawal:o1:p3", "--note", "sent from my phone").code == 0
    assert _status(demo, 1) == "withdrawn"
    assert demo("undo", "withdrawal:o1:p3").code == 0
    assert _status(demo, 1) == "interviewing"


def test_an_offer_declined_after_accepting_another(demo):
    assert demo("person", "add", "Jo Tan", "--email", "jo@tailspin.example", "--company", "Tailspin Labs").code == 0
    assert demo("outcome", "4", "offer", "--from", "Jo Tan").code == 0  # who made the offer
    demo("outcome", "2", "accepted")
    keys = {a["key"]: a for a in json.loads(demo("today", "--json").out)}
    [key] = [k for k in keys if k.startswith("withdrawal:o4:")]
    assert "you decline their offer for Data Platform Engineer at Tailspin Labs" in keys[key]["reason"]
    drafted = demo("draft", key, "--tone", "concise")
    assert drafted.code == 0
    body = demo("show", _drafted_id(drafted)).out
    assert "Thank you for the offer for the Data Platform Engineer role." in body and "must decline it" in body
    assert demo("done", key).code == 0 and _status(demo, 4) == "withdrawn"


def test_accepted_in_the_evening_points_to_the_agenda_until_the_notes_are_due(demo):
    accepted = demo("outcome", "2", "accepted", at="2026-11-27T23:30:00+00:00")  # 18:30 in New York
    assert accepted.out.splitlines()[1] == ("Next: a short note withdrawing from 2 other processes, with thanks "
                                           "(afterview agenda shows them now, afterview today once they are due)")


def test_a_process_begun_after_the_acceptance_is_named_as_such(demo):
    accepted = demo("outcome", "2", "accepted")
    assert accepted.code == 0, accepted.err
    # recorded a week later: a process of after the acceptance is not withdrawn from by the
    # acceptance, and accepting again says so rather than "no one to write to"
    assert demo("opportunity", "add", "--company", "Orbital", "--role", "Site Reliability Engineer", at="2026-12-04T15:00:00+00:00").code == 0
    again = demo("outcome", "2", "accepted", at="2026-12-04T16:00:00+00:00")
    assert again.code == 0, again.err
    [line] = [line for line in again.out.splitlines() if "Site Reliability Engineer" in line]
    assert line.startswith("Site Reliability Engineer at Orbital began after you accepted (")
    assert line.endswith("no withdrawal note is planned for it; if you are leaving it too: afterview outcome 6 withdrawn")


def test_withdrawal_notes_turned_off_are_said(demo, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / "playbook.toml").write_text("[withdraw_after_acceptance]\nenabled = false\n", encoding="utf-8")
    accepted = afterview("--db", str(tmp_path / "demo.db"), "--at", "2026-11-27T15:00:00+00:00",
                         "outcome", "2", "accepted", env={"AFTERVIEW_HOME": str(home)})
    assert accepted.code == 0, accepted.err
    assert accepted.out.splitlines()[1:] == [
        "Withdrawal notes are off in your playbook (withdraw_after_acceptance): tell the other processes "
        "yourself, then: afterview outcome ID withdrawn"]
