"""The demo's people are on a clock of their country (the United States), whatever the machine's
zone (the machine's own when it is one of theirs, else Chicago's): found by a tester, `afterview demo` on a UTC machine gave them Etc/UTC with country US, and
once the profile said America/Chicago their thank-yous were planned for 02:00-03:00 their time."""

import json

import pytest

from tests.helpers import afterview

AT = "2026-11-28T22:21:00+00:00"  # a Saturday evening: the panel was on Friday


def run(db, *args, tz="UTC"):
    done = afterview("--db", str(db), "--at", AT, *args, env={"TZ": tz})
    assert done.code == 0 and "Traceback" not in done.err, (done.out, done.err)
    return done.out


@pytest.mark.parametrize("machine", ["UTC", "Europe/Berlin", "Asia/Tokyo"])
def test_demo_people_are_on_a_us_clock_whatever_the_machines_zone(machine, tmp_path):
    db = tmp_path / "demo.db"
    run(db, "demo", "--no-agenda", tz=machine)
    people = json.loads(run(db, "person", "list", "--json", tz=machine))
    assert people and {(p["timezone"], p["country"]) for p in people} == {("America/Chicago", "US")}, people
    interviews = json.loads(run(db, "interview", "list", "--json", tz=machine))
    panel = next(i for i in interviews if i["stage"] == "panel interview")
    assert panel["timezone"] == "America/Chicago"
    assert panel["start"].startswith("2026-11-27T19:30"), panel  # 13:30 in Chicago, at their office hours


def test_a_machine_on_a_us_clock_keeps_them_on_it(tmp_path):
    db = tmp_path / "demo.db"
    run(db, "demo", "--no-agenda", tz="America/New_York")
    people = json.loads(run(db, "person", "list", "--json", tz="America/New_York"))
    assert {p["timezone"] for p in people} == {"America/New_York"}, people


def test_after_giving_your_zone_the_thank_yous_fall_in_their_morning(tmp_path):
    db = tmp_path / "demo.db"
    run(db, "demo", "--no-agenda")
    run(db, "profile", "set", "--tz", "America/Chicago")
    today = run(db, "today")
    assert "Priya Raman (email) due Mon 2026-11-30 09:00\n" in today, today
    assert "so schedule it for Mon 30 Nov 08:00-09:00." in today, today
