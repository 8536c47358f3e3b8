"""`done`, `skip` and `snooze` hold back the note they make unplanned with `--json` too (before,
`--json` skipped the hold-back: the note stayed scheduled and went out at its time), and the
output stays one JSON document: the held-back lines go to standard error."""

import json

import pytest

from afterview.domain import model as m
from tests.people.test_hold_back_without_reader import _state, scheduled  # noqa: F401 - the fixture
from tests.helpers import afterview

AT = "2026-11-28T18:37:00Z"


@pytest.mark.parametrize("args", [["done", "thank_you:i1:p1", "--note", "sent from my phone"],
                                  ["skip", "thank_you:i1:p1", "--reason", "we spoke on the phone"],
                                  ["snooze", "thank_you:i1:p1", "--until", "2026-12-03 09:00"]])
def test_a_decision_with_json_holds_back_the_note_and_says_it_on_stderr(scheduled, args):  # noqa: F811
    home, note_id = scheduled
    result = afterview("--at", AT, *args, "--json")
    assert result.code == 0, result.err
    assert json.loads(result.out)["action_key"] == "thank_you:i1:p1"
    assert f"message {note_id}: " in result.err
    assert _state(home, note_id) != m.MessageState.SCHEDULED


def test_without_json_the_hold_back_is_said_after_the_decision(scheduled):  # noqa: F811
    home, note_id = scheduled
    result = afterview("--at", AT, "skip", "thank_you:i1:p1", "--reason", "we spoke on the phone")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0] == "skipped: thank_you:i1:p1" and any(line.startswith(f"message {note_id}: ") for line in lines[1:])
    assert _state(home, note_id) != m.MessageState.SCHEDULED
