"""`templates list` checks every template by parsing its text once: the tree it checks is the one
compiled (Jinja2 takes a parsed template in place of the text), not the text parsed again."""

from __future__ import annotations

from collections import Counter

import pytest
from jinja2 import Environment

from afterview.composer import TemplateSet, templates
from afterview.errors import ConfigError


@pytest.fixture
def parsed(monkeypatch) -> Counter:
    """How many times each template file's text was parsed, by its path; nothing compiled before."""
    monkeypatch.setattr(templates, "_COMPILED", {})
    counts: Counter = Counter()
    real = Environment._parse

    def counting(self, source, name, filename):
        counts[filename] += 1
        return real(self, source, name, filename)

    monkeypatch.setattr(Environment, "_parse", counting)
    return counts


def test_each_template_is_parsed_once_when_all_are_checked(parsed):
    found = TemplateSet(None)
    assert found.check() == []
    paths = {str(info.path) for info in found.list()}
    assert set(parsed) == paths
    assert set(parsed.values()) == {1}, parsed


def test_a_template_checked_from_its_tree_renders_and_is_still_checked(tmp_path, parsed):
    path = tmp_path / "warm" / "thank_you.txt.j2"
    path.parent.mkdir()
    path.write_text("Subject: Thanks {{ recipient }}\n\n{% set who = recipient %}Hi {{ who | short(20) }},\n",
                    encoding="utf-8")
    found = TemplateSet(tmp_path)
    rendered = found.render("thank_you", "warm", {"recipient": "Priya"})
    assert rendered.subject == "Thanks Priya" and rendered.body.startswith("Hi Priya,")
    assert parsed[str(path)] == 1
    path.write_text("Subject: Thanks\n\n{{ nobody }}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"thank_you.txt.j2:3: unknown variable 'nobody'"):
        TemplateSet(tmp_path).compile("thank_you", "warm")
    path.write_text("Subject: Thanks\n\n{% for x in recipient %}{% break %}{% endfor %}\n", encoding="utf-8")
    # a tag of an extension not loaded: an error of the parser, said with its line as before
    with pytest.raises(ConfigError, match=r"thank_you.txt.j2:3: template syntax error"):
        TemplateSet(tmp_path).compile("thank_you", "warm")
