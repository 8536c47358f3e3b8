"""A template's text is parsed and checked once per process (composer.templates.compile_source):
the desk and many commands in one process render it again without compiling it again; a text
changed (a user's edit) is compiled anew, and a broken one is never kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from afterview.composer import templates
from afterview.errors import ConfigError


def _counting(monkeypatch) -> list[str]:
    seen: list[str] = []
    real = templates._checked_code

    def counted(env, source, path):
        seen.append(source)
        return real(env, source, path)

    monkeypatch.setattr(templates, "_checked_code", counted)
    return seen


def test_the_same_text_is_compiled_once_and_renders_in_each_environment(monkeypatch):
    seen = _counting(monkeypatch)
    path, source = Path("/nowhere/thank_you.txt.j2"), "Subject: Thanks\n\nHi {{ recipient }},\n"
    first = templates.compile_source(templates.make_environment(), source, path)
    again = templates.compile_source(templates.make_environment(), source, path)
    assert len(seen) == 1
    assert first.render(recipient="Priya") == again.render(recipient="Priya") == "Subject: Thanks\n\nHi Priya,"


def test_a_changed_text_is_compiled_anew_and_a_broken_one_is_not_kept(monkeypatch):
    seen = _counting(monkeypatch)
    path = Path("/nowhere/follow_up.txt.j2")
    env = templates.make_environment()
    templates.compile_source(env, "Hi {{ recipient }}", path)
    assert templates.compile_source(env, "Hello {{ recipient }}", path).render(recipient="Tom") == "Hello Tom"
    for _ in range(2):
        with pytest.raises(ConfigError, match="unknown variable 'nobody'"):
            templates.compile_source(env, "Hi {{ nobody }}", path)
    assert len(seen) == 4  # the broken text checked each time: its error is said each time
