"""The first steps are safe: the help leads to a throwaway demo, a demo loaded into your own
database is said to be one and comes out again (`afterview demo --remove`, profile included),
a database with data of its own gets no word about a demo panel, the demo's records are marked
as invented (kept by export and import), and Ctrl+C on `make demo` is no error of make's."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tests.helpers import afterview, assert_clean_error

AT = "2026-11-29T15:00:00Z"  # a Sunday: the demo's panel was on Friday
ROOT = Path(__file__).resolve().parents[2]


def av(*args: str):
    done = afterview("--at", AT, *args)
    assert done.code == 0, (args, done.out, done.err)
    return done


def test_the_help_leads_to_a_throwaway_demo():
    said = " ".join(afterview("--help").out.split())
    assert "`afterview --db demo.db demo`, then `afterview --db demo.db today`" in said
    assert "Start with `afterview demo`" not in said


def test_no_demo_panel_is_spoken_of_over_data_of_your_own():
    av("opportunity", "add", "--company", "Acme", "--role", "Engineer")
    out = av("demo", "--no-agenda").out
    assert "already has data of its own: the demo was not loaded" in out
    assert "draft --interview 1" not in out and "panel's" not in out
    assert "afterview --db demo.db demo" in out


def test_a_demo_in_your_own_database_comes_out_again_profile_included(afterview_home):
    out = av("demo", "--no-agenda").out
    assert "'afterview demo --remove' takes it all out again" in out
    av("profile", "set", "--phone", "+44 20 7946 0000")  # changed since: yours, kept
    av("opportunity", "add", "--company", "Acme", "--role", "Engineer")  # your own record: kept
    av("skip", "thank_you:i1:p3", "--reason", "the recruiter")  # a decision about the demo: goes with it
    removed = av("demo", "--remove").out
    assert removed.startswith(f"The demo was taken out of {afterview_home / 'afterview.db'}: 5 companies, "
                              "5 opportunities, 6 people, 4 interviews, 6 debriefs, 1 message, 2 news items, "
                              "1 decision;"), removed
    assert [line.split("\t")[1] for line in av("company", "list").out.splitlines()[1:]] == ["Acme"]
    assert "Alex" not in av("person", "list").out
    profile = av("profile", "show").out
    assert "Alex Morgan" not in profile and "linkedin.com/in/alexmorgan" not in profile
    assert "+44 20 7946 0000" in profile
    assert "nothing was removed" in av("demo", "--remove").out
    # and the demo can be loaded again only into an empty database
    assert "the demo was not loaded" in av("demo", "--no-agenda").out


def test_remove_does_only_that():
    av("demo", "--no-agenda")
    assert_clean_error(afterview("--at", AT, "demo", "--remove", "--serve"), "--remove takes the demo out")


def test_a_demo_person_on_your_own_interview_is_said_and_nothing_is_removed():
    av("demo", "--no-agenda")
    av("opportunity", "add", "--company", "Acme", "--role", "Engineer")
    av("interview", "add", "--opportunity", "6", "--start", "2026-11-20 10:00", "--with", "Priya Raman")
    assert_clean_error(afterview("--at", AT, "demo", "--remove"), "has one of the demo's people on its panel",
                       "afterview interview edit 5")
    assert "Northwind Analytics" in av("company", "list").out


def test_the_demo_records_are_marked_and_an_export_keeps_the_mark(tmp_path):
    from afterview.services.demo import DEMO_MARK, is_demo
    from afterview.domain.model import Company, Person
    from afterview.storage import open_store

    av("demo", "--no-agenda")
    av("export", str(tmp_path / "backup.json"))
    other = tmp_path / "other.db"
    done = afterview("--db", str(other), "import", str(tmp_path / "backup.json"))
    assert done.code == 0, done.err
    store = open_store(f"sqlite:///{other}")
    try:
        with store.reading() as tx:
            people, companies = tx.list(Person), tx.list(Company)
    finally:
        store.close()
    assert len(people) == 6 and all(is_demo(p) for p in people)
    assert len(companies) == 5 and all(is_demo(c) for c in companies)
    assert DEMO_MARK in av("person", "show", "Priya").out  # said where the person is shown


def test_the_readme_says_the_demo_panels_day_as_it_is_every_day():
    readme = (ROOT / "README.md").read_text()
    assert "a panel interview yesterday" not in readme
    assert "a panel interview on the last working day before today" in readme


def _make_demo(tmp_path: Path, status: int) -> subprocess.CompletedProcess:
    """`make demo` with an `afterview` that ends with `status` (130: stopped with Ctrl+C)."""
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    fake = venv / "bin" / "afterview"
    fake.write_text(f"#!/bin/sh\nexit {status}\n")
    fake.chmod(0o755)
    return subprocess.run(["make", "-s", "-o", "setup", "demo", f"VENV={venv}", f"DB={tmp_path / 'x.db'}"],
                          cwd=ROOT, capture_output=True, text=True, env={**os.environ}, timeout=60)


def test_ctrl_c_on_make_demo_is_no_error(tmp_path):
    stopped = _make_demo(tmp_path, 130)
    assert stopped.returncode == 0, stopped.stderr
    assert "Error" not in stopped.stderr


def test_make_demo_still_fails_when_the_demo_fails(tmp_path):
    failed = _make_demo(tmp_path, 2)
    assert failed.returncode != 0 and "Error 1" in failed.stderr
