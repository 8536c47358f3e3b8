"""The fast paths of `today` and the other read-only commands print exactly what the plain ones did.

- the listing (`_show`) and `--json` (to_plain, json_text) against the code as first written;
- the end of a read-only command run as its own process: the store is closed, everything printed
  reaches a pipe or a file, errors stay one line with their status, a reader that goes away
  early gets the usual silent end, and the collector's last passes are skipped only there.
"""

from __future__ import annotations

import dataclasses
import gc
import io
import json
import math
import subprocess
import sys
from datetime import date, datetime, timedelta, timezone
from enum import Enum
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from afterview.domain.model import (
    Channel, Company, Interview, MessageKind, OpportunityStatus, Opportunity, Participant, Person, Profile, Role,
)
from afterview.domain.serialize import to_plain
from afterview.interfaces.cli import common, planning
from afterview.interfaces.cli.common import json_text
from afterview.planner import DEFAULT_PLAYBOOK, plan
from afterview.planner.engine import Action
from afterview.planner.facts import safe_zone
from afterview.storage import open_store

from tests.helpers import afterview
from tests.planner.builders import World
from tests.planner.test_properties import SETTINGS, timelines
from tests.planner.test_speed_equivalence import reference_describe

AT = "2026-12-02T15:00:00+00:00"
# a device that refuses every write (Linux): the way to test a full disk without filling one
NEEDS_DEV_FULL = pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")


# --- the listing -------------------------------------------------------------------------------


def reference_listing(actions, facts, tz, by: str, rich: bool) -> str:
    """The text `_show` prints, as first written: groups by title in order of first action."""
    groups: dict[str, list] = {}
    for action in actions:
        groups.setdefault(planning._group_title(action, facts, by), []).append(action)
    heading = f"Times are yours ({tz.key}); a reason says when a time is the recipient's."
    lines: list[str] = [f"[dim]{heading}[/dim]" if rich else heading, ""]
    for title, items in groups.items():
        lines.append(f"[bold]{planning._escape(title)}[/bold]" if rich else title)
        for action in items:
            lines.extend(reference_describe(action, facts, tz, rich))
        lines.append("")
    return "\n".join(lines)


class FakeEnv:
    """The user's zone as Env.user_tz gives it with no config.toml: the profile's, else UTC."""

    def __init__(self, facts) -> None:
        self.user_tz = facts.profile.timezone or "UTC"
        self.now = None  # (no note of these timelines is being sent: the moment is never asked)


def shown(actions, facts, by: str, rich: bool, monkeypatch) -> str:
    """What `_show` hands to the terminal (rich) or writes to a pipe (plain)."""
    printed: list[str] = []

    class Console:
        def print(self, text):
            printed.append(text + "\n")

    class Out(io.StringIO):
        def isatty(self):
            return rich

    out = Out()
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(common, "console", Console)
    planning._show(actions, facts, FakeEnv(facts), by, "nothing")
    monkeypatch.undo()
    return out.getvalue() + "".join(printed)


@SETTINGS
@given(timelines())
def test_the_listing_is_the_reference_listing(timeline):
    w, now, _ = timeline
    actions = plan(w.facts, DEFAULT_PLAYBOOK, now + timedelta(days=20))
    tz = safe_zone(w.facts.profile.timezone or "UTC", "UTC")
    with pytest.MonkeyPatch.context() as monkeypatch:
        for by in ("opportunity", "kind"):
            for rich in (False, True):
                want = reference_listing(actions, w.facts, tz, by, rich) + "\n" if actions else "nothing\n"
                assert shown(actions, w.facts, by, rich, monkeypatch) == want
                # plain text goes out in pieces: whatever their size and wherever a listing ends
                for piece in () if rich else (1, 2, 3, 5):
                    monkeypatch.setattr(planning, "_PIECE", piece)
                    assert shown(actions, w.facts, by, rich, monkeypatch) == want


def test_opportunities_with_the_same_title_share_one_group(monkeypatch):
    w = World()
    acme, other = w.company("Acme"), w.company("Other")
    dana = w.person("Dana [Reyes]", acme)
    first, second, third = (w.opportunity(acme, role="Data Engineer"), w.opportunity(other, role="Data Engineer"),
                            w.opportunity(acme, role="Data Engineer"))
    moment = datetime(2026, 12, 1, 10, tzinfo=timezone.utc)
    cases = [(first, MessageKind.THANK_YOU, "due"), (second, MessageKind.STATUS_CHECK, "overdue"),
             (third, MessageKind.THANK_YOU, "upcoming"), (None, MessageKind.KEEP_WARM, "due")]
    actions = [Action(f"k{n}", kind, dana.id, opp.id if opp else None, None, Channel.EMAIL, moment, moment, None,
                      state, "r", "a reason", "s", note="a [note]" if n % 2 else "", message_id=7 if n == 2 else None)
               for n, (opp, kind, state) in enumerate(cases)]
    got = shown(actions, w.facts, "opportunity", False, monkeypatch)
    assert [line for line in got.splitlines() if not line.startswith(" ")][2:] == [
        "Data Engineer at Acme", "", "Data Engineer at Other", "", "Other contacts", ""]
    for by in ("opportunity", "kind"):
        for rich in (False, True):
            assert shown(actions, w.facts, by, rich, monkeypatch) == \
                reference_listing(actions, w.facts, safe_zone(w.tz, "UTC"), by, rich) + "\n"


# --- --json --------------------------------------------------------------------------------------


def reference_to_plain(value):
    """to_plain as first written: every test in order, for every value."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: reference_to_plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): reference_to_plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [reference_to_plain(v) for v in value]
    return value


def same_json(value) -> None:
    want = json.dumps(reference_to_plain(value), indent=2, ensure_ascii=False)
    assert json.dumps(to_plain(value), indent=2, ensure_ascii=False) == want
    assert json_text(to_plain(value)) == want


@SETTINGS
@given(timelines())
def test_json_of_the_plan_and_the_facts_is_the_reference_json(timeline):
    w, now, _ = timeline
    actions = plan(w.facts, DEFAULT_PLAYBOOK, now + timedelta(days=20))
    same_json(actions)
    same_json({"now": now, "actions": actions})
    same_json(w.facts)


class Colour(Enum):
    RED = (1, 2)


@dataclasses.dataclass
class Box:
    items: tuple
    when: date
    note: str = "x"


def test_to_plain_converts_odd_values_as_the_reference():
    values = [
        {Colour.RED: Box((1, Colour.RED), date(2026, 1, 2)), 3: {frozenset({4}), None}, ("a", 1): [1.5, True]},
        [Box, Colour, Company, int, Path("/x"), b"bytes", 2**80, -0.0],
        Box(items=(Box((), date(2026, 1, 1)),), when=datetime(2026, 3, 29, 1, 30, tzinfo=timezone.utc)),
        Person(name="Ana", emails=["a@example.com"], tags=["x"]),
        (MessageKind.THANK_YOU, Channel.EMAIL, OpportunityStatus.REJECTED),
    ]
    for value in values:
        assert to_plain(value) == reference_to_plain(value)
        assert repr(to_plain(value)) == repr(reference_to_plain(value))


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=5), children, max_size=4),
    max_leaves=30,
)


def dumped(function, value) -> str:
    try:
        return function(value)
    except Exception as err:  # the same error, when json refuses a value
        return f"{type(err).__name__}: {err}"


@given(JSON)
def test_json_text_is_json_dumps_with_an_indent(value):
    assert json_text(value) == json.dumps(value, indent=2, ensure_ascii=False)


@pytest.mark.parametrize("value", [
    [], {}, [[]], [{}], {"a": []}, {"a": {}}, [[], {}, [[]]], "", "\x1b[31mred\u2028\ud800\x00\"\\", 0, -1, 1.5, 1e300,
    -0.0, math.nan, math.inf, -math.inf, True, False, None, {"a": [1, [2, {"b": [None]}]], "é": "ü"},
    {1: "int key"}, {1.5: 1, None: 2, True: 3}, {"a": {2: [1]}}, {("a",): 1}, [object()], {"a": date(2026, 1, 1)},
    (1, 2), {"a": (1,)}, [1, (2,)], {"a": 10**5000}, [10**5000], type("S", (str,), {})("sub"),
    [type("S", (str,), {})("sub")], {type("S", (str,), {})("k"): 1}, {"a": {type("S", (str,), {})("k"): [1]}},
])
def test_json_text_gives_the_text_or_the_error_of_json_dumps(value):
    assert dumped(json_text, value) == dumped(lambda v: json.dumps(v, indent=2, ensure_ascii=False), value)


# --- the end of a read-only command, as its own process --------------------------------------------


@pytest.fixture(scope="module")
def big_db(tmp_path_factory) -> str:
    """150 panels of three, one every five hours from 2 November: a listing far longer than a pipe's buffer."""
    path = tmp_path_factory.mktemp("speed") / "av.db"
    store = open_store(f"sqlite:///{path}")
    with store.transaction() as tx:
        tx.save_profile(Profile(name="Sam Lee", timezone="Europe/Berlin", country="DE"))
        for n in range(150):
            company = tx.add(Company(name=f"Company {n}"))
            people = [tx.add(Person(name=f"Person {n}-{k}", company_id=company.id, emails=[f"p{n}.{k}@example.com"]))
                      for k in range(3)]
            opp = tx.add(Opportunity(company_id=company.id, role=f"Role {n}", status=OpportunityStatus.INTERVIEWING))
            start = datetime(2026, 11, 2, 9, tzinfo=timezone.utc) + timedelta(hours=5 * n)
            panel = [Participant(person_id=p.id, role=Role.INTERVIEWER) for p in people]
            tx.add(Interview(opportunity_id=opp.id, start=start, end=start + timedelta(hours=1),
                             timezone="Europe/Berlin", stage="panel", participants=panel))
    store.close()
    return str(path)


def process(*args: str, stdout=subprocess.PIPE) -> subprocess.CompletedProcess:
    """`afterview ARGS` as its own process, as a shell runs it (main() reads the command line)."""
    return subprocess.run([sys.executable, "-m", "afterview", *args], stdout=stdout, stderr=subprocess.PIPE,
                          timeout=300)


READ_ONLY = [["today"], ["today", "--json"], ["today", "--by", "kind"], ["agenda", "--days", "14"], ["plan"],
             ["plan", "--json"], ["why", "thank_you:i1:p2"], ["why", "thank_you:i1:p2", "--json"]]


@pytest.mark.parametrize("args", READ_ONLY, ids=" ".join)
def test_a_read_only_process_prints_all_of_it_to_a_pipe(big_db, args):
    done = process("--db", big_db, "--at", AT, *args)
    in_process = afterview("--db", big_db, "--at", AT, *args)
    assert (done.returncode, done.stderr) == (0, b"")
    assert in_process.code == 0
    assert done.stdout.decode() == in_process.out
    if args[0] != "why":
        assert len(done.stdout) > 100_000  # more than a pipe holds (64 kB)


def test_a_read_only_process_prints_all_of_it_to_a_file(big_db, tmp_path):
    target = tmp_path / "out.txt"
    with target.open("wb") as out:
        done = process("--db", big_db, "--at", AT, "today", stdout=out)
    assert (done.returncode, done.stderr) == (0, b"")
    assert target.read_text() == afterview("--db", big_db, "--at", AT, "today").out


def test_a_read_only_command_closes_the_store(big_db):
    for run in (lambda: process("--db", big_db, "--at", AT, "agenda"),
                lambda: afterview("--db", big_db, "--at", AT, "agenda")):
        run()
        assert not Path(big_db + "-wal").exists() and not Path(big_db + "-shm").exists()


@pytest.mark.parametrize("args, fragment", [
    (["why", "thank_you:i1:p999"], "unknown action"),
    (["--at", "not a time", "today"], "not a time"),
    (["plan", "--at", "soonish"], "soonish"),
])
def test_an_error_is_still_one_line_and_its_status(big_db, args, fragment):
    done = process("--db", big_db, *args)
    lines = done.stderr.decode().strip().splitlines()
    assert done.returncode == 2 and done.stdout == b""
    assert len(lines) == 1 and fragment in lines[0] and "Traceback" not in lines[0]


@NEEDS_DEV_FULL
@pytest.mark.parametrize("args", [["today"], ["plan", "--json"]], ids=" ".join)
def test_output_that_cannot_be_written_is_still_one_line_and_a_status(big_db, args):
    with open("/dev/full", "wb") as full:
        done = process("--db", big_db, "--at", AT, *args, stdout=full)
    lines = done.stderr.decode().strip().splitlines()
    assert done.returncode == 74  # EX_IOERR: not an internal error, a full disk
    assert lines == ["afterview: error: could not write the output: No space left on device"]


@pytest.mark.parametrize("args, code", [(["agenda", "--days", "30"], 0), (["today"], 0)])
def test_a_reader_that_goes_away_early_gets_the_usual_silent_end(big_db, args, code):
    """One long write that loses its reader ends with 0, and so does a later write, where click
    ended with 1 (a reader gone is no error of the command's: tests/foundation/test_closed_pipe.py)."""
    started = subprocess.Popen([sys.executable, "-m", "afterview", "--db", big_db, "--at", AT, *args],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert started.stdout.read(100)
    started.stdout.close()
    assert started.stderr.read() == b""
    assert started.wait(timeout=300) == code


FAST_EXIT = (
    "import atexit, sys\n"
    "class TornDown:\n"
    "    def __del__(self):\n"
    "        print('torn down', file=sys.stderr)\n"
    "left = TornDown()  # freed when the interpreter tears the modules down, as it does at a usual exit\n"
    "atexit.register(lambda: print('atexit ran', file=sys.stderr))\n"
    "from afterview.interfaces.cli.main import main\n"
    "sys.argv[0] = 'afterview'\n"
    "main()\n"
)


@pytest.mark.parametrize("args, code, at_once", [
    (["today"], 0, True), (["why", "thank_you:i1:p2"], 0, True),
    (["done", "thank_you:i1:p2"], 0, False),  # a command that writes ends as always
    (["why", "thank_you:i1:p999"], 2, False),  # so does a failed one
])
def test_only_a_read_only_process_ends_at_once(big_db, tmp_path, args, code, at_once):
    db = tmp_path / "copy.db"
    db.write_bytes(Path(big_db).read_bytes())
    done = subprocess.run([sys.executable, "-c", FAST_EXIT, "--db", str(db), "--at", AT, *args],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == code
    ends = [line for line in done.stderr.splitlines() if line in ("atexit ran", "torn down")]
    assert ends == (["atexit ran"] if at_once else ["atexit ran", "torn down"])  # atexit handlers always run
    if args == ["today"]:
        assert done.stdout.rstrip().endswith("more planned later (afterview agenda --days 14 shows the next two weeks, afterview plan all of them)")  # all written


@NEEDS_DEV_FULL
@pytest.mark.parametrize("args", [
    ["agenda", "--days", "30"],  # a short listing stays in the buffer until the end
    ["person"],  # a group alone prints its help
    ["--version"],
    ["export"],
], ids=" ".join)
def test_a_full_disk_at_any_write_is_one_line_and_a_status(tmp_path, args):
    db = str(tmp_path / "small.db")
    assert afterview("--db", db, "demo").code == 0
    with open("/dev/full", "wb") as full:
        done = process("--db", db, "--at", AT, *args, stdout=full)
    assert done.returncode == 74
    assert done.stderr.decode().splitlines() == ["afterview: error: could not write the output: No space left on device"]


def test_in_process_nothing_is_kept_or_frozen(big_db):
    """A caller in Python (the tests, the desk, the worker) goes on: nothing is held for an exit."""
    from afterview import perf

    frozen = gc.get_freeze_count()
    assert afterview("--db", big_db, "--at", AT, "today").code == 0
    assert perf._KEPT is None and gc.get_freeze_count() == frozen
    assert perf.keep_for_exit(object()) is False

def test_keeping_is_only_inside_a_read_only_command_of_a_one_shot_process(monkeypatch):
    from afterview import perf

    monkeypatch.setattr(perf, "_ONE_SHOT", True)
    monkeypatch.setattr(perf, "_HELD", [])
    monkeypatch.setattr(gc, "freeze", lambda: None)  # this test process goes on: nothing frozen
    held = object()
    with perf.until_exit():
        assert perf.keep_for_exit(held) is True
    assert perf.keep_for_exit(object()) is False  # after it (the desk after `demo`): nothing held
    assert perf._HELD == [[(held,)]]
    with pytest.raises(ValueError), perf.until_exit():
        raise ValueError
    assert perf._KEPT is None
