"""A template of yours that names an unknown filter or test, or brings in another file, is one
line naming the file and the line, exit status 2, from `draft` and `templates list` alike."""

from __future__ import annotations

import json

import pytest

from afterview.composer import DraftRequest, TemplateSet, compose
from afterview.composer.draft import TONES
from afterview.composer.templates import BUILTIN_DIR, relative_name
from afterview.errors import ConfigError
from tests.composer.helpers import K, panel_facts
from tests.helpers import afterview, assert_clean_error

AT = ("--at", "2026-11-26T15:00:00Z")

BROKEN = [
    ("{{ company | nosuchfilter }}", "unknown filter 'nosuchfilter'"),
    # inside a branch that is never taken: Jinja2 itself would find it only when the branch runs
    ("{% if company is nosuchtest %}x{% endif %}", "unknown test 'nosuchtest'"),
    ("{% if false %}{{ company | nosuchfilter }}{% endif %}", "unknown filter 'nosuchfilter'"),
    ('{% include "other.txt.j2" %}', "{% include %} is not supported"),
    ('{% extends "base.txt.j2" %}', "{% extends %} is not supported"),
    ('{% import "macros.txt.j2" as m %}', "{% import %} is not supported"),
    ('{% from "macros.txt.j2" import x %}', "{% from ... import %} is not supported"),
]


def broken_copy(folder, tone: str, line: str):
    """The built-in thank-you with one broken line added at its end; the path and that line's number."""
    source = (BUILTIN_DIR / relative_name("thank_you", tone)).read_text(encoding="utf-8").rstrip("\n")
    path = folder / relative_name("thank_you", tone)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(source + "\n" + line + "\n", encoding="utf-8")
    return path, source.count("\n") + 2


@pytest.mark.parametrize("line, said", BROKEN)
def test_a_compile_time_error_is_a_config_error_with_file_and_line(tmp_path, line, said):
    path, number = broken_copy(tmp_path, "warm", line)
    templates = TemplateSet(tmp_path)
    problems = templates.check()
    assert len(problems) == 1 and problems[0].startswith(f"{path}:{number}: {said}"), problems
    with pytest.raises(ConfigError) as err:
        compose(panel_facts(), DraftRequest(kind=K.THANK_YOU, person_id=1, opportunity_id=1, interview_id=1),
                "warm", templates)
    assert str(err.value).startswith(f"{path}:{number}: {said}")


def test_the_filters_of_afterview_and_of_jinja_are_known(tmp_path):
    path = tmp_path / relative_name("thank_you", "warm")
    path.parent.mkdir(parents=True)
    path.write_text("Subject: {{ role | upper | short(20) }}\n\n{{ company | the | title }} "
                    "{% if topic is string %}{{ topic }}{% endif %}\n", encoding="utf-8")
    assert TemplateSet(tmp_path).check() == []


@pytest.fixture
def demo(prebuilt, afterview_home):
    prebuilt.copy(prebuilt.build((*AT, "demo")), afterview_home)


@pytest.mark.parametrize("line, said", BROKEN[:4])
def test_draft_and_templates_list_say_it_in_one_line(demo, afterview_home, line, said):
    folder = afterview_home / "templates"
    for tone in TONES:  # whichever tone the demo's notes are drafted in
        path, number = broken_copy(folder, tone, line)
    drafted = afterview(*AT, "draft", "--interview", "1", "--force", "--no-ask")
    assert_clean_error(drafted, "thank_you.txt.j2:", said)
    assert "internal error" not in drafted.err
    listed = afterview(*AT, "templates", "list")
    assert listed.code == 2 and "Traceback" not in listed.err
    problems = [line for line in listed.err.splitlines() if line.startswith("afterview: error:")]
    assert len(problems) == len(TONES) and all(said in p for p in problems)
    assert any(f"{path}:{number}: {said}" in p for p in problems)
    as_json = afterview(*AT, "templates", "list", "--json")
    assert as_json.code == 2 and len(json.loads(as_json.out)["problems"]) == len(TONES)
