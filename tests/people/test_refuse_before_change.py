"""With an invalid playbook.toml, a command that changes data and then plans (holds back the notes
the change leaves unplanned, says what comes next) refuses before changing anything: one line,
exit 2, the data as it was. (Found by a tester: `discard` said "#13 discarded", then the
playbook's error, and the message was cancelled; `outcome` recorded the rejection, and a note
scheduled for the process stayed scheduled.)"""

import pytest

from tests.helpers import afterview, assert_clean_error

AT = "2026-11-28T18:37:00Z"

COMMANDS = [
    ("discard", "2"),
    ("person", "edit", "Priya", "--title", "CTO"),
    ("person", "edit", "Priya", "--do-not-contact"),
    ("person", "merge", "3", "--into", "2", "--yes"),
    ("opportunity", "status", "1", "withdrawn"),
    ("opportunity", "delete", "5", "--yes"),
    ("outcome", "5", "rejected"),
    ("interview", "edit", "4", "--stage", "second call"),
    ("interview", "delete", "4", "--yes"),
]


def _run(*args):
    return afterview("--at", AT, *args)


def _data():
    result = _run("export")
    assert result.code == 0, result.err
    return "\n".join(line for line in result.out.splitlines() if "exported_at" not in line)


@pytest.fixture
def demo(afterview_home):
    assert _run("demo", "--no-agenda").code == 0
    assert _run("draft", "thank_you:i1:p1", "--no-ask").code == 0  # message 2, a draft
    (afterview_home / "playbook.toml").write_text("[status_check]\nwithout_date = 2\n", encoding="utf-8")
    return afterview_home


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_a_command_that_plans_after_its_change_refuses_an_invalid_playbook_first(demo, command):
    before = _data()
    result = _run(*command)
    assert_clean_error(result, "playbook.toml", "without_date")
    assert result.out == ""  # nothing said done
    assert _data() == before  # nothing changed
