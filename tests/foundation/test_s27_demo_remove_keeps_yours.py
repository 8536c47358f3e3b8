"""`demo --remove` takes the demo's own records and no other: an opportunity of your own added at
one of the demo's invented companies (with its interview, its notes and replies) was removed with
the demo, though the command said "your own records are kept", and a person of yours there lost
their company. It is refused in one line instead, nothing removed, saying what to move first.
Found by a tester."""

from __future__ import annotations

from afterview.services.demo import DEMO_OPPORTUNITIES
from tests.helpers import afterview, assert_clean_error

AT = "2026-11-29T15:00:00Z"


def av(*args: str):
    done = afterview("--at", AT, *args)
    assert done.code == 0, (args, done.out, done.err)
    return done


def test_an_opportunity_of_yours_at_a_demo_company_is_not_removed_with_it():
    av("demo", "--no-agenda")
    av("opportunity", "add", "--company", "Northwind Analytics", "--role", "Real Role Mine")
    before = av("opportunity", "list").out
    assert_clean_error(afterview("--at", AT, "demo", "--remove"), "opportunity 6 (Real Role Mine) is one of your own",
                       "afterview opportunity delete 6", "nothing was removed")
    assert av("opportunity", "list").out == before


def test_a_person_of_yours_at_a_demo_company_is_said_first():
    av("demo", "--no-agenda")
    av("person", "add", "Rita Realperson", "--email", "rita@real.example", "--company", "Northwind Analytics")
    assert_clean_error(afterview("--at", AT, "demo", "--remove"), "Rita Realperson (person 7) is one of your own",
                       "afterview person edit 7 --company NAME", "nothing was removed")
    assert "Rita Realperson" in av("person", "list").out and "Northwind" in av("company", "list").out


def test_the_demos_opportunities_are_those_it_loads():
    av("demo", "--no-agenda")
    import json

    companies = {c["id"]: c["name"] for c in json.loads(av("company", "list", "--json").out)}
    loaded = {(companies[o["company_id"]], o["role"]) for o in json.loads(av("opportunity", "list", "--json").out)}
    assert loaded == DEMO_OPPORTUNITIES
