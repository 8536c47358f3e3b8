"""What the README says, checked against what the commands do (found by a tester):

- `lint --company Northwind` after the walk-through (Northwind Analytics, Senior Data Engineer)
  blamed the note for naming its own company and role ("another company in your pipeline"): a
  --company that is the first words of one pipeline company is that company; one that could be
  several, or is none, is said in one line. The README's example shows its note and its output.
- `interview add` of an interview to come with no one on its panel said nothing of it (no "still
  to come", no "a weekday alone is the next one"): said too, with the command that adds people.
- `snooze --until` a moment before the action is planned anyway said "snoozed: ... until Mon"
  though nothing changed: refused in one line, nothing recorded (terminal, --json, the service
  the desk's form calls).
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path

from tests.helpers import afterview

README = Path(__file__).parents[2] / "README.md"
AT = "2026-11-25T23:00:00-06:00"  # the evening of the walk-through's panel interview
KEY = "status_check.1:o1:i1:p1"


def _walk_through(tmp_path):
    """The README's walk-through, to its debriefs (Priya said they would decide by Mon 7 Dec)."""
    db = f"sqlite:///{tmp_path / 'a.db'}"

    def av(*args, at=AT, input=None):
        return afterview("--db", db, "--at", at, *args, input=input)

    for args in (("profile", "set", "--name", "Alex Morgan", "--email", "alex@mail.example", "--phone",
                  "+1 555 0100", "--tz", "America/Chicago", "--country", "US"),
                 ("opportunity", "add", "--company", "Northwind Analytics", "--role", "Senior Data Engineer"),
                 ("person", "add", "Priya Raman", "--email", "priya.raman@northwind.example", "--company",
                  "Northwind Analytics"),
                 ("person", "add", "Tom Becker", "--email", "tom.becker@northwind.example", "--company",
                  "Northwind Analytics"),
                 ("interview", "add", "--opportunity", "1", "--start", "2026-11-25 13:30", "--duration", "90m",
                  "--stage", "panel interview", "--with", "Priya Raman:hiring_manager", "--with", "Tom Becker"),
                 ("debrief", "1", "--person", "Priya", "--topic", "moving nightly batch jobs to streaming",
                  "--decision-date", "2026-12-07")):
        done = av(*args)
        assert done.code == 0, done.err
    return av


def _readme_lint() -> tuple[str, str, str]:
    """The README's lint example: the note's text, the command and the output it shows."""
    text = README.read_text(encoding="utf-8")
    block = re.search(r"```\n\$ cat my-note\.txt\n(.*?)\n\$ (afterview lint my-note\.txt[^\n]*)\n(.*?)```", text,
                      re.DOTALL)
    assert block, "the README's lint example shows its note (cat my-note.txt), the command and its output"
    return block.group(1) + "\n", block.group(2), block.group(3)


def _lint(av, tmp_path, note: str, *args: str):
    path = tmp_path / "my-note.txt"
    path.write_text(note, encoding="utf-8")
    return av("lint", str(path), "--kind", "status_check", "--to", "Priya Raman", *args)


# --- lint --company ------------------------------------------------------------------------


def test_the_readmes_lint_example_prints_what_it_shows(tmp_path, monkeypatch):
    av = _walk_through(tmp_path)
    note, command, shown = _readme_lint()
    assert command == 'afterview lint my-note.txt --kind status_check --to "Priya Raman" --company Northwind'
    (tmp_path / "my-note.txt").write_text(note, encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # the file named as the README names it, so the output is the same
    done = av("lint", "my-note.txt", "--kind", "status_check", "--to", "Priya Raman", "--company", "Northwind")
    assert done.code == 1, done.err
    assert done.out == shown
    assert done.err == ""
    assert "wrong-role" not in done.out and "wrong-company" not in done.out


def test_the_first_words_of_one_company_are_that_company(tmp_path):
    av = _walk_through(tmp_path)
    note = ("Subject: Following up on the Senior Data Engineer role\n\nHi Priya,\n\nThank you again for the "
            "panel interview. I am still very excited about the Senior Data Engineer role at Northwind "
            "Analytics. Could you share an update on the timeline?\n\nBest regards,\nAlex Morgan\n")
    for company in ("Northwind", "northwind inc.", "Northwind Analytics"):
        done = _lint(av, tmp_path, note, "--company", company)
        assert done.code == 0, (company, done.out)
        assert done.out == "no problems found\n" and done.err == "", (company, done.out, done.err)


def test_another_company_is_still_another_when_the_first_words_name_this_one(tmp_path):
    av = _walk_through(tmp_path)
    assert av("opportunity", "add", "--company", "Globex", "--role", "Analytics Engineer").code == 0
    note = ("Hi Priya,\n\nThank you for the panel interview for the Analytics Engineer role at Globex. "
            "Could you share an update on the timeline?\n\nBest regards,\nAlex Morgan\n")
    done = _lint(av, tmp_path, note, "--company", "Northwind")
    assert done.code == 1
    assert ("names 'Globex', another company in your pipeline (this note is for Northwind Analytics) "
            "[wrong-company]") in done.out
    assert "names 'Analytics Engineer', the role of another opportunity" in done.out
    assert done.err == ""


def test_a_company_that_could_be_several_is_said_and_neither_is_blamed(tmp_path):
    av = _walk_through(tmp_path)
    assert av("opportunity", "add", "--company", "Northwind Traders", "--role", "Buyer").code == 0
    note = ("Hi Priya,\n\nThank you again for the interview at Northwind Analytics. Could you share an "
            "update on the timeline?\n\nBest regards,\nAlex Morgan\n")
    done = _lint(av, tmp_path, note, "--company", "Northwind")
    assert "wrong-company" not in done.out, done.out
    assert done.err == ("note: --company 'Northwind' could be Northwind Analytics or Northwind Traders: neither is "
                        "checked as another company (give the full name to check the other)\n")
    named = _lint(av, tmp_path, note, "--company", "Northwind Traders")  # the full name: checked
    assert "names 'Northwind Analytics', another company in your pipeline" in named.out
    assert named.err == ""


def test_a_company_of_no_pipeline_is_said(tmp_path):
    av = _walk_through(tmp_path)
    note = "Hi Priya,\n\nCould you share an update on the timeline?\n\nBest regards,\nAlex Morgan\n"
    done = _lint(av, tmp_path, note, "--company", "Nortwind")
    assert done.code == 0, done.out
    assert done.err == ("note: --company 'Nortwind' names no company in your pipeline (afterview company list): "
                        "each of them is checked as another company\n")
    alone = afterview("--db", f"sqlite:///{tmp_path / 'none.db'}", "lint", str(tmp_path / "my-note.txt"),
                      "--company", "Nortwind")
    assert alone.code == 0 and alone.err == ""  # no database, no pipeline: nothing to say


# --- interview add with no one on its panel ---------------------------------------------------


MONDAY = "2026-11-30T15:00:00+00:00"


def test_an_interview_to_come_with_no_one_on_it_is_said_to_come_with_its_panel_to_add(tmp_path):
    av = _walk_through(tmp_path)
    added = av("interview", "add", "--opportunity", "1", "--start", "Fri 10:00", "--stage", "onsite", at=MONDAY)
    assert added.code == 0, added.err
    lines = added.out.splitlines()
    assert lines[0] == "added interview 2: Fri 2026-12-04 10:00 America/Chicago, 0 on the panel"
    assert ("still to come (a weekday alone is the next one; if it has happened, type its date: afterview interview "
            "edit 2 --start DATE); after it: afterview debrief 2") in lines
    assert lines[-1] == ("no one is on its panel yet: no thank-you can be planned until you add them "
                         "(afterview interview edit 2 --with PERSON[:ROLE])")
    dated = av("interview", "add", "--opportunity", "1", "--start", "2026-12-10 10:00", "--format", "onsite",
               at=MONDAY)
    assert dated.out.splitlines()[1:] == [
        "still to come; after it: afterview debrief 3",
        "no one is on its panel yet: no thank-you can be planned until you add them "
        "(afterview interview edit 3 --with PERSON[:ROLE])"]


def test_a_panel_named_says_nothing_of_people_to_add_and_a_past_one_without_says_it(tmp_path):
    av = _walk_through(tmp_path)
    panel = av("interview", "add", "--opportunity", "1", "--start", "Fri 10:00", "--with", "Tom Becker",
               "--format", "onsite", at=MONDAY)
    assert "still to come" in panel.out and "no one is on its panel" not in panel.out
    past = av("interview", "add", "--opportunity", "1", "--start", "2026-11-27 10:00", "--format", "phone",
              at=MONDAY)  # a round with no one on it, recorded after it: its people are what is missing
    assert past.out == ("added interview 3: Fri 2026-11-27 10:00 America/Chicago, 0 on the panel\n"
                        "no one is on its panel: no thank-you can be planned until you add them (afterview interview "
                        "edit 3 --with PERSON[:ROLE]); then: afterview debrief 3\n")


# --- snooze to a moment the action is planned after anyway ------------------------------------


TUESDAY = "2026-12-01T15:00:00+00:00"  # the status follow-up is planned from Wed 9 Dec 09:30


def _snoozes(tmp_path) -> list:
    from afterview.domain.model import Decision, DecisionKind
    from afterview.storage import open_store

    store = open_store(f"sqlite:///{tmp_path / 'a.db'}")
    try:
        with store.transaction() as tx:
            return [d for d in tx.list(Decision) if d.kind == DecisionKind.SNOOZE]
    finally:
        store.close()


def test_a_snooze_before_the_planned_moment_is_refused_and_nothing_recorded(tmp_path):
    av = _walk_through(tmp_path)
    assert "from Wed 2026-12-09 09:30" in av("why", KEY, at=TUESDAY).out
    for json in ((), ("--json",)):
        refused = av("snooze", KEY, "--until", "next monday 9am", *json, at=TUESDAY)
        assert refused.code == 2, refused.out
        assert refused.out == ""
        assert refused.err == (f"afterview: error: {KEY} is already planned for later, from Wed 9 Dec 09:30: a "
                               "snooze only ever moves an action later, so one until Mon 7 Dec 09:00 would change "
                               "nothing; nothing recorded\n")
    same = av("snooze", KEY, "--until", "2026-12-09 09:30", at=TUESDAY)
    assert same.code == 2 and "is already planned from Wed 9 Dec 09:30" in same.err
    assert _snoozes(tmp_path) == []
    later = av("snooze", KEY, "--until", "2026-12-10 10:00", at=TUESDAY)
    assert later.code == 0 and later.out == f"snoozed: {KEY} until Thu 2026-12-10 10:00\n", later.err


def test_a_snooze_in_force_is_kept_when_the_new_one_is_before_the_rules_moment(tmp_path):
    av = _walk_through(tmp_path)
    assert av("snooze", KEY, "--until", "2026-12-10 10:00", at=TUESDAY).code == 0
    refused = av("snooze", KEY, "--until", "next monday 9am", at=TUESDAY)
    assert refused.code == 2
    assert refused.err == (f"afterview: error: {KEY} is snoozed until Thu 10 Dec 10:00, and its own rule plans it "
                           "from Wed 9 Dec 09:30, not before Mon 7 Dec 09:00 either: a snooze only ever moves an "
                           "action later; nothing recorded (to have it from Wed 9 Dec 09:30, undo the snooze in "
                           "force)\n")
    [kept] = _snoozes(tmp_path)
    assert kept.undone_at is None
    earlier = av("snooze", KEY, "--until", "2026-12-09 10:00", at=TUESDAY)  # between the two: replaces it
    assert earlier.code == 0, earlier.err
    assert earlier.out.splitlines()[0] == f"snoozed: {KEY} until Wed 2026-12-09 10:00"


def test_the_desks_service_refuses_it_alike(tmp_path):
    import pytest

    from afterview.errors import Conflict
    from afterview.services.planning import effective_playbook, snooze_warned
    from afterview.storage import open_store

    _walk_through(tmp_path)
    now = datetime(2026, 12, 1, 15, tzinfo=timezone.utc)
    store = open_store(f"sqlite:///{tmp_path / 'a.db'}")
    try:
        with pytest.raises(Conflict, match="a snooze only ever moves an action later"):
            with store.transaction() as tx:
                snooze_warned(tx, KEY, datetime(2026, 12, 7, 15, tzinfo=timezone.utc), now,
                              playbook=effective_playbook(), tz="America/Chicago", shown=0)
    finally:
        store.close()
    assert _snoozes(tmp_path) == []
