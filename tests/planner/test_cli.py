"""The planning commands on a real SQLite database: today, agenda, plan, why, done, snooze, skip,
playbook show/check, and the one-line errors."""

from __future__ import annotations

import json

import pytest

from afterview.config import paths
from afterview.domain.model import DecisionKind, Role
from afterview.errors import InvalidInput, NotFound
from afterview.services import planning
from afterview.storage import open_store

from tests.helpers import afterview, assert_clean_error
from tests.planner.builders import World, at


@pytest.fixture
def db(tmp_path):
    """A database with one panel interview (Tue 1 Dec 2026, Berlin) and its recruiter."""
    w = World()
    acme = w.company("Acme")
    dana = w.person("Dana Reyes", acme)
    rita = w.person("Rita Cole", acme)
    opp = w.opportunity(acme, role="Data Engineer")
    w.interview(opp, at("2026-12-01 10:00"), at("2026-12-01 11:00"), dana, rita, roles={rita.id: Role.RECRUITER})
    path = tmp_path / "av.db"
    store = open_store(f"sqlite:///{path}")
    with store.transaction() as tx:
        tx.save_profile(w.facts.profile)
        ids = {}
        for company in w.facts.companies.values():
            ids[company.id] = tx.add(type(company)(name=company.name)).id
        people = {p.id: tx.add(type(p)(name=p.name, company_id=ids[p.company_id], emails=p.emails)).id
                  for p in w.facts.people.values()}
        opps = {o.id: tx.add(type(o)(company_id=ids[o.company_id], role=o.role, status=o.status)).id
                for o in w.facts.opportunities.values()}
        for i in w.facts.interviews.values():
            i.opportunity_id = opps[i.opportunity_id]
            for p in i.participants:
                p.person_id = people[p.person_id]
            i.id = None
            interview = tx.add(i)
    store.close()
    return {"path": str(path), "interview": interview.id, "dana": people[dana.id], "rita": people[rita.id],
            "opp": opps[opp.id]}


def run(db, *args):
    return afterview("--db", db["path"], *args)


def test_today_lists_due_with_reason_and_key(db):
    result = run(db, "--at", "2026-12-01 13:00 Europe/Berlin", "today")
    assert result.code == 0, result.err
    key = f"thank_you:i{db['interview']}:p{db['dana']}"
    assert "Data Engineer at Acme" in result.out
    assert f"key: {key}" in result.out
    assert "Thank Dana Reyes for the panel interview of Tue 1 Dec" in result.out
    assert "status" not in result.out.lower().split("more planned")[0]  # not due yet
    assert "1 more planned later" in result.out
    by_kind = run(db, "--at", "2026-12-01 13:00 Europe/Berlin", "today", "--by", "kind")
    assert by_kind.out.startswith("Times are yours (Europe/Berlin); a reason says when a time is the "
                                  "recipient's.\n\nThank-you notes")


def test_today_json_and_nothing_due(db):
    result = run(db, "--at", "2026-12-01 09:00 Europe/Berlin", "today", "--json")
    assert json.loads(result.out) == []
    assert "Nothing is due" in run(db, "--at", "2026-12-01 09:00 Europe/Berlin", "today").out


def test_agenda_days(db):
    short = run(db, "--at", "2026-12-02 12:00 Europe/Berlin", "agenda", "--days", "3", "--json")
    long = run(db, "--at", "2026-12-02 12:00 Europe/Berlin", "agenda", "--days", "10", "--json")
    assert [a["kind"] for a in json.loads(short.out)] == ["thank_you", "thank_you"]
    assert "status_check" in [a["kind"] for a in json.loads(long.out)]
    assert_clean_error(run(db, "agenda", "--days", "0"), "--days")


def test_plan_at_as_option_or_global(db):
    own = run(db, "plan", "--at", "2026-12-10T10:00+01:00", "--json")
    glob = run(db, "--at", "2026-12-10T10:00+01:00", "plan", "--json")
    assert own.code == 0 and json.loads(own.out) == json.loads(glob.out)
    data = json.loads(own.out)
    assert data["now"] == "2026-12-10T10:00:00+01:00"
    status = [a for a in data["actions"] if a["kind"] == "status_check"][0]
    assert status["state"] == "due" and status["earliest"] == "2026-12-10T09:30:00+01:00"
    assert status["rule"] == "status_check" and "Indeed" in status["source"]


@pytest.mark.parametrize("args", [("plan", "--at", "not a time"), ("--at", "2026-13-45", "plan"),
                                  ("--at", "whenever", "today")])
def test_at_that_is_not_a_time_is_one_line_exit_2(db, args):
    assert_clean_error(run(db, *args))


def test_why_explains_planned_and_completed(db):
    key = f"thank_you:i{db['interview']}:p{db['dana']}"
    result = run(db, "--at", "2026-12-01 13:00 Europe/Berlin", "why", key)
    assert result.code == 0
    assert f"{key}: planned" in result.out and "rule: thank_you" in result.out and "source: TopResume" in result.out
    done = run(db, "--at", "2026-12-01 13:00 Europe/Berlin", "done", key, "--note", "sent from my phone")
    assert done.out.strip() == f"done: {key}"
    after = run(db, "--at", "2026-12-01 14:00 Europe/Berlin", "why", key)
    assert f"{key}: done" in after.out and "sent from my phone" in after.out
    assert key not in run(db, "--at", "2026-12-01 14:00 Europe/Berlin", "today").out
    # a decision on what is settled means nothing: said, nothing recorded beside it
    again = run(db, "--at", "2026-12-01 14:00 Europe/Berlin", "snooze", key, "--until", "2026-12-03 09:00")
    assert_clean_error(again, "already marked done", f"afterview undo {key}")
    assert_clean_error(run(db, "--at", "2026-12-01 14:00 Europe/Berlin", "done", key), "already marked done")


def test_snooze_and_skip_from_the_cli(db):
    key = f"thank_you:i{db['interview']}:p{db['rita']}"
    at = ("--at", "2026-12-01 13:00 Europe/Berlin")
    assert run(db, *at, "snooze", key, "--until", "2026-12-01 18:00").code == 0
    plan = json.loads(run(db, *at, "plan", "--json").out)["actions"]
    mine = [a for a in plan if a["key"] == key][0]
    assert mine["state"] == "upcoming" and "snoozed" in mine["note"]
    assert_clean_error(run(db, *at, "snooze", key, "--until", "2026-11-01 10:00"), "not in the future")
    # a day with no time is that day's working morning, not midnight
    assert run(db, *at, "snooze", key, "--until", "2026-12-02").code == 0
    day_only = [a for a in json.loads(run(db, *at, "plan", "--json").out)["actions"] if a["key"] == key][0]
    assert "snoozed until Wed 2 Dec 09:00" in day_only["note"], day_only["note"]
    assert run(db, *at, "undo", key).code == 0
    assert_clean_error(run(db, *at, "snooze", key, "--until", "2040-01-01"), "more than 5 years away")
    assert_clean_error(run(db, *at, "snooze", key, "--until", "9999-12-31 23:59"), "too far away")
    assert run(db, *at, "today").code == 0  # nothing stored that could break a plan
    assert_clean_error(run(db, *at, "skip", key, "--reason", "  "), "reason")
    assert run(db, *at, "skip", key, "--reason", "met them in person").code == 0
    assert key not in run(db, *at, "plan").out
    # a slip taken back: the skip (the snoozes before it were replaced, then undone); then nothing is left
    undone = run(db, *at, "undo", key)
    assert undone.code == 0 and undone.out.startswith(f"undone: skip of {key}")
    mine = [a for a in json.loads(run(db, *at, "plan", "--json").out)["actions"] if a["key"] == key][0]
    assert "snoozed" not in mine["note"]
    assert_clean_error(run(db, *at, "undo", key), "nothing to undo")


@pytest.mark.parametrize("key,fragment", [("bogus", "unknown action 'bogus'"),
                                          ("thank_you:i999:p1", "no interview with id 999"),
                                          ("status_check.3:o1:i1:p1", "unknown action"),
                                          ("thank_you:i1", "unknown action 'thank_you:i1' (keys look like")])
def test_unknown_action_is_not_found(db, key, fragment):
    assert_clean_error(run(db, "done", key), fragment)
    assert_clean_error(run(db, "why", key), fragment)
    assert_clean_error(run(db, "undo", key), fragment)  # not "nothing to undo": the key itself is wrong


def test_a_key_whose_records_do_not_belong_together_is_refused(db):
    """Every id exists, but the records have nothing to do with each other: one slipped digit."""
    store = open_store(f"sqlite:///{db['path']}")
    with store.transaction() as tx:
        from afterview.domain import model as m

        stranger = tx.add(m.Person(name="Sam Stranger")).id
        other = tx.add(m.Opportunity(company_id=None, role="Analyst")).id
        decisions = len(tx.facts().decisions)
    store.close()
    i, o, dana = db["interview"], db["opp"], db["dana"]
    refused = {
        f"thank_you:i{i}:p{stranger}": f"Sam Stranger (person {stranger}) is not on the panel of interview {i}",
        f"status_check.1:o{other}:i{i}:p{dana}": f"interview {i} is not part of opportunity {other}",
        f"closing_the_loop:o{o}:i{i}:p{stranger}": "is not on the panel",
        f"rejection_reply:o{o}:p{stranger}": f"took no part in opportunity {o}",
        f"keep_warm.1:o{other}:p{dana}": f"took no part in opportunity {other}",
        f"keep_warm.0:o{o}:p{dana}": "numbered from 1",
        f"share_news:n77:p{dana}": "no news with id 77",
    }
    for key, fragment in refused.items():
        for command in (["done", key], ["skip", key, "--reason", "x"], ["why", key]):
            assert_clean_error(run(db, "--at", "2026-12-01 13:00 Europe/Berlin", *command), fragment)
    # well-formed keys of records that belong together are still accepted when not planned
    assert run(db, "--at", "2026-12-01 13:00 Europe/Berlin", "skip", f"keep_warm.1:o{o}:p{dana}", "--reason", "x").code == 0
    store = open_store(f"sqlite:///{db['path']}")
    with store.transaction() as tx:
        assert len(tx.facts().decisions) == decisions + 1  # only the last one was recorded
    store.close()


def test_services_store_decisions(db):
    store = open_store(f"sqlite:///{db['path']}")
    now = at("2026-12-01 13:00")
    key = f"thank_you:i{db['interview']}:p{db['dana']}"
    with store.transaction() as tx:
        decision = planning.snooze(tx, key, at("2026-12-02 08:00"), now)
        assert decision.kind == DecisionKind.SNOOZE and decision.id is not None
        planning.mark_done(tx, key, "by phone", now)
        planning.skip(tx, f"keep_warm.1:o{db['opp']}:p{db['dana']}", "not now", now)  # well-formed, not planned
        with pytest.raises(NotFound):
            planning.mark_done(tx, "nope", "", now)
        with pytest.raises(InvalidInput):
            planning.snooze(tx, key, at("2026-12-01 12:00"), now)
        assert [d.kind for d in tx.facts().decisions] == [DecisionKind.SNOOZE, DecisionKind.DONE, DecisionKind.SKIP]
    store.close()


def test_playbook_show_marks_overrides_and_sources(db):
    paths().playbook_file.write_text('[thank_you]\ndue_within = "20h"\n', encoding="utf-8")
    result = afterview("playbook", "show")
    assert result.code == 0
    assert "[thank_you]  (changed)" in result.out
    assert f'due_within = "20h"  # set in {paths().playbook_file}' in result.out
    assert "# source: Glassdoor" in result.out
    data = json.loads(afterview("playbook", "show", "--json").out)
    assert data["thank_you"]["settings"]["due_within"] == "20h"
    assert data["status_check"]["overridden"] == {}
    plan = json.loads(run(db, "--at", "2026-12-01 13:00 Europe/Berlin", "plan", "--json").out)["actions"]
    assert plan[0]["due"] == "2026-12-02T07:00:00+01:00"  # 11:00 + 20 h


def test_playbook_check(tmp_path):
    good = tmp_path / "good.toml"
    good.write_text("[spacing]\nbusiness_days = 4\n", encoding="utf-8")
    result = afterview("playbook", "check", str(good))
    assert result.code == 0 and "OK (1 setting changed" in result.out
    bad = tmp_path / "bad.toml"
    bad.write_text("[spacing]\nbusiness_days = 0\n", encoding="utf-8")
    assert_clean_error(afterview("playbook", "check", str(bad)), str(bad), "[spacing] business_days", "positive")
    assert_clean_error(afterview("playbook", "check", str(tmp_path / "missing.toml")), "no such file")
    paths().config_file.write_text("[planner.calendar]\ntimezone = 'Nowhere/Town'\n", encoding="utf-8")
    assert_clean_error(afterview("playbook", "check"), "config.toml [planner]", "unknown time zone")
    assert_clean_error(afterview("playbook", "show"), "unknown time zone")
