"""Exporting the calendar again. `afterview calendar export` is byte-for-byte repeatable: the same
facts and the same moment give the same bytes in every process, whatever Python's hash seed (the
VTIMEZONE blocks once came in the order of a set), with the zones in the order of their names,
before the events. And a calendar that took in an earlier export follows what changed since."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

import afterview
from afterview.domain.model import (
    Company, DecisionKind, Interview, MessageKind, MessageState, Opportunity, OpportunityStatus, Participant, Person,
    Profile,
)
from afterview.exporters.calendar_ics import action_uid, export_calendar, interview_uid
from afterview.planner import DEFAULT_PLAYBOOK, plan
from afterview.storage import open_store

from tests.importers.conftest import run
from tests.planner.builders import World, at

AT = "2026-11-25 22:30"
ZONES = ("America/New_York", "Europe/London", "Asia/Kolkata", "Europe/Berlin", "Australia/Sydney",
         "America/Sao_Paulo", "Pacific/Chatham")


def database(path: Path) -> str:
    """Interviews given in seven zones around 25 Nov 2026, for a user in Berlin."""
    store = open_store(f"sqlite:///{path}")
    with store.transaction() as tx:
        tx.save_profile(Profile(name="Sam Lee", email="sam@example.org", timezone="Europe/Berlin", country="DE"))
        company = tx.add(Company(name="Globex"))
        opportunity = tx.add(Opportunity(company_id=company.id, role="Data Engineer",
                                         status=OpportunityStatus.INTERVIEWING))
        for number, zone in enumerate(ZONES):
            person = tx.add(Person(name=f"Person {number}", emails=[f"p{number}@globex.com"], company_id=company.id))
            start = datetime(2026, 11, 16 + number, 10, 0, tzinfo=ZoneInfo(zone))
            tx.add(Interview(opportunity_id=opportunity.id, start=start, end=start + timedelta(hours=1),
                             timezone=zone, participants=[Participant(person_id=person.id)]))
    store.close()
    return str(path)


def export(db: str, seed: int, home: Path) -> bytes:
    source = str(Path(afterview.__file__).resolve().parents[1])  # this checkout's code, in the child too
    env = {**os.environ, "PYTHONHASHSEED": str(seed), "AFTERVIEW_HOME": str(home), "TZ": "UTC",
           "PYTHONPATH": os.pathsep.join(filter(None, (source, os.environ.get("PYTHONPATH", ""))))}
    env.pop("AFTERVIEW_DB", None)
    env.pop("AFTERVIEW_AT", None)
    done = subprocess.run([sys.executable, "-m", "afterview", "--db", db, "--at", AT, "calendar", "export"],
                          capture_output=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout


@pytest.fixture(scope="module")
def exports(tmp_path_factory):
    """The export of one database by four processes, each with its own hash seed."""
    folder = tmp_path_factory.mktemp("repeatable")
    (folder / "home").mkdir()
    db = database(folder / "av.db")
    return {seed: export(db, seed, folder / "home") for seed in (0, 1, 2, 3)}


def test_the_same_bytes_whatever_the_hash_seed(exports):
    first = exports[0]
    assert first.count(b"BEGIN:VTIMEZONE") == len(ZONES)
    for seed, data in exports.items():
        assert data == first, f"PYTHONHASHSEED={seed} gave other bytes than PYTHONHASHSEED=0"


def test_the_zones_come_first_in_the_order_of_their_names(exports):
    data = exports[1].decode()
    names = re.findall(r"BEGIN:VTIMEZONE\r\nTZID:([^\r]+)\r\n", data)
    assert names == sorted(ZONES)
    assert data.rindex("END:VTIMEZONE") < data.index("BEGIN:VEVENT")


# -- exporting again after a change: a calendar that took in the earlier file follows ----------
#
# A calendar app replaces an event by one with the same UID and a higher SEQUENCE. An action
# that is over (done, skipped, sent) or an interview cancelled is written again as a cancelled
# event (STATUS:CANCELLED) for 30 days, so the calendar takes its reminder off; a note that is
# scheduled is shown when it goes out, without an alarm asking to act.


def panel():
    """Wed 25 Nov 2026, 14:00-15:00 in Berlin, with Dana and Rita: two thank-you notes planned
    for the next business morning."""
    w = World()
    acme = w.company("Acme")
    dana, rita = w.person("Dana Reyes", acme), w.person("Rita Cole", acme)
    opp = w.opportunity(acme)
    interview = w.interview(opp, at("2026-11-25 14:00"), at("2026-11-25 15:00"), dana, rita)
    return w, interview, dana, rita


def events(w, now, days=14) -> dict:
    import icalendar

    data = export_calendar(w.facts, plan(w.facts, DEFAULT_PLAYBOOK, now), now, days)
    return {str(e["uid"]): e for e in icalendar.Calendar.from_ical(data).walk("VEVENT")}


def test_a_scheduled_note_is_shown_when_it_goes_out_without_an_alarm():
    w, interview, dana, rita = panel()
    key = f"thank_you:i{interview.id}:p{dana.id}"
    w.sent(key, MessageKind.THANK_YOU, dana, at("2026-11-27 17:30"), state=MessageState.SCHEDULED)
    found = events(w, at("2026-11-25 22:30"))
    scheduled = found[action_uid(key)]
    assert scheduled.decoded("dtstart") == at("2026-11-27 17:30")  # not its planned due moment
    assert str(scheduled["summary"]) == "Goes out: Thank-you note: Dana Reyes"
    assert str(scheduled["description"]).startswith("Scheduled: Afterview sends it Fri 27 Nov 2026 17:30 "
                                                   "Europe/Berlin by itself")
    assert scheduled.walk("VALARM") == [] and str(scheduled["transp"]) == "TRANSPARENT"
    other = found[action_uid(f"thank_you:i{interview.id}:p{rita.id}")]  # to write: a reminder, with its alarm
    assert other.decoded("dtstart") == at("2026-11-26 08:00") and len(other.walk("VALARM")) == 1


def test_a_note_whose_time_has_come_is_shown_now_and_one_that_cannot_go_rings():
    w, interview, dana, rita = panel()
    now = at("2026-11-27 18:02")
    late = w.sent(f"thank_you:i{interview.id}:p{dana.id}", MessageKind.THANK_YOU, dana, at("2026-11-27 17:30"),
                  state=MessageState.SCHEDULED)
    stuck = w.sent(f"thank_you:i{interview.id}:p{rita.id}", MessageKind.THANK_YOU, rita, at("2026-11-27 17:30"),
                   state=MessageState.SCHEDULED, attempts=1,
                   last_error="waiting for its account: SMTP login refused")
    found = events(w, now)
    going = found[action_uid(late.action_key)]
    assert going.decoded("dtstart") == at("2026-11-27 18:15") and going.walk("VALARM") == []
    assert "next mail round" in str(going["description"])
    waiting = found[action_uid(stuck.action_key)]
    assert str(waiting["summary"]) == "Not sent yet: Thank-you note: Rita Cole"
    [alarm] = waiting.walk("VALARM")
    assert "SMTP login refused" in str(alarm["description"])


@pytest.mark.parametrize("how, said", [("done", "Done"), ("skip", "Skipped"), ("sent", "Sent")])
def test_an_action_over_is_written_again_cancelled_with_a_higher_sequence(how, said):
    w, interview, dana, _ = panel()
    key = f"thank_you:i{interview.id}:p{dana.id}"
    before = events(w, at("2026-11-25 22:30"))[action_uid(key)]
    if how == "sent":
        w.sent(key, MessageKind.THANK_YOU, dana, at("2026-11-26 08:05"))
    else:
        w.decide(key, DecisionKind.DONE if how == "done" else DecisionKind.SKIP, at("2026-11-26 08:05"))
    after = events(w, at("2026-11-26 09:00"))[action_uid(key)]  # the same UID: it replaces the reminder
    assert str(after["status"]) == "CANCELLED" and str(before["status"]) == "CONFIRMED"
    assert int(after["sequence"]) > int(before["sequence"])
    assert str(after["summary"]) == f"{said}: Thank-you note: Dana Reyes"
    assert after.walk("VALARM") == [] and str(after["x-afterview-key"]) == key
    assert action_uid(key) not in events(w, at("2026-12-27 09:00"), days=1)  # after 30 days: gone


def test_a_cancelled_interview_is_written_cancelled_and_an_undone_action_is_live_again():
    w, interview, dana, _ = panel()
    key = f"thank_you:i{interview.id}:p{dana.id}"
    decision = w.decide(key, DecisionKind.DONE, at("2026-11-26 08:05"))
    w.facts.decisions.remove(decision)  # `afterview undo`
    again = events(w, at("2026-11-26 09:00"))[action_uid(key)]
    assert str(again["status"]) == "CONFIRMED" and len(again.walk("VALARM")) == 1
    interview.cancelled = True
    shown = events(w, at("2026-11-26 09:00"))[interview_uid(interview)]
    assert str(shown["status"]) == "CANCELLED" and shown.walk("VALARM") == []
    assert str(shown["summary"]).startswith("Cancelled: Interview")


def test_an_action_snoozed_past_the_days_shown_moves_instead_of_staying_behind():
    w, interview, dana, _ = panel()
    key = f"thank_you:i{interview.id}:p{dana.id}"
    w.decide(key, DecisionKind.SNOOZE, at("2026-11-26 08:05"), until=at("2026-12-21 09:00"))
    moved = events(w, at("2026-11-26 09:00"), days=3)[action_uid(key)]
    assert moved.decoded("dtstart") == at("2026-12-21 09:00") and str(moved["status"]) == "CONFIRMED"


def test_the_cli_after_done_writes_the_reminder_cancelled(tmp_path, capsys):
    def export(at_time):
        from afterview.interfaces.cli.main import main

        with pytest.raises(SystemExit) as done:
            main(["--db", db, "--at", at_time, "calendar", "export"])
        assert done.value.code == 0
        return capsys.readouterr().out

    db = database(tmp_path / "av.db")
    key = "thank_you:i7:p7"  # Person 6's interview of Sun 22 Nov in Chatham
    assert f"X-AFTERVIEW-KEY:{key}" in export(AT)
    assert run(capsys, "--db", db, "done", key)[0] == 0  # at 26 Nov 09:00 UTC (the tests' clock)
    text = export("2026-11-26 10:00 UTC")
    block = text[text.index(f"UID:{action_uid(key)}"):]
    block = block[:block.index("END:VEVENT")]
    assert "STATUS:CANCELLED" in block and "BEGIN:VALARM" not in block
