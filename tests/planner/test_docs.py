"""docs/playbook.md documents every rule, every setting and its source, and every command."""

from pathlib import Path

from afterview.planner import DEFAULT_PLAYBOOK
from afterview.planner.playbook import format_value

DOC = (Path(__file__).resolve().parents[2] / "docs" / "playbook.md").read_text(encoding="utf-8")


def test_every_rule_and_setting_is_documented_with_its_default():
    for rule in DEFAULT_PLAYBOOK:
        section = DOC.split(f"### {rule.name}:", 1)
        assert len(section) == 2, rule.name
        body = section[1].split("\n### ", 1)[0]
        assert "Source:" in body, rule.name
        for name, value in rule.values.items():
            assert f"`{name}`" in body, (rule.name, name)
            shown = format_value(value)
            if not isinstance(value, (list, tuple)) and value != "":
                assert shown.strip('"') in body, (rule.name, name, shown)


def test_commands_and_formats_are_documented():
    for text in ("afterview today", "afterview agenda", "afterview plan --at", "afterview why",
                 "afterview done", "afterview snooze", "afterview skip", "afterview playbook show",
                 "afterview playbook check", "afterview calendar export", "[planner]", "status_check.1:o3:i12:p7"):
        assert text in DOC, text
