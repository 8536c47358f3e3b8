"""`playbook show --json` gives typed values (found by a tester: every value was a string,
"business_days": "3", "roles": "[\"interviewer\", ...]"): numbers, booleans and lists as such,
durations and times of day as the playbook file writes them, each rule with its source."""

import json

from afterview.config import paths
from afterview.planner.playbook import DEFAULT_PLAYBOOK, load_playbook

from tests.helpers import afterview


def test_values_are_typed_as_the_file_takes_them():
    paths().playbook_file.write_text('[thank_you]\ndue_within = "20h"\nroles = ["interviewer", "recruiter"]\n'
                                     '[spacing]\nbusiness_days = 4\n[slow_pace]\nfactor = 2.5\n'
                                     '[keep_warm]\nfirst_after = "1d12h"\n', encoding="utf-8")
    shown = afterview("playbook", "show", "--json")
    assert shown.code == 0, shown.err
    data = json.loads(shown.out)
    thanks = data["thank_you"]
    assert thanks["settings"]["due_within"] == "20h"
    assert thanks["settings"]["roles"] == ["interviewer", "recruiter"]
    assert thanks["overridden"] == {"due_within": str(paths().playbook_file), "roles": str(paths().playbook_file)}
    assert thanks["source"].startswith("TopResume 2017") and thanks["title"]
    assert data["spacing"]["settings"]["business_days"] == 4
    assert data["slow_pace"]["settings"]["factor"] == 2.5
    assert data["keep_warm"]["settings"]["first_after"] == "1d12h"
    assert data["status_check"]["settings"]["without_date"] == 7
    assert data["second_status_check"]["settings"]["enabled"] is True
    assert data["afternoon_thank_you"]["settings"]["window_start"] == "08:00"
    assert data["send_window"]["settings"]["days"] == ["tue", "wed", "thu"]


def test_every_value_reads_back_as_the_same_setting(tmp_path):
    # what --json gives, written as a playbook file, is the same playbook
    data = json.loads(afterview("playbook", "show", "--json").out)
    kinds = {type(value) for rule in data.values() for value in rule["settings"].values()}
    assert kinds <= {int, float, bool, str, list}, kinds
    assert int in kinds and bool in kinds and list in kinds
    import tomli_w

    copy = tmp_path / "copy.toml"
    copy.write_text(tomli_w.dumps({name: rule["settings"] for name, rule in data.items()}), encoding="utf-8")
    again = load_playbook(copy)
    for rule in DEFAULT_PLAYBOOK:
        assert dict(again[rule.name].values) == dict(rule.values), rule.name
