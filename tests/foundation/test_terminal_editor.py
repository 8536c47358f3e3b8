"""`afterview edit` with the editors people have: one that saves in Latin-1, one that removes its
file, none set, or one set to spaces; in a terminal or in a script.

Found by a tester: an editor that saved Latin-1 was refused with a vague line and what was typed
was lost; one that removed its file ended with exit status 70; EDITOR="  " was run as a program
named " "; and with no editor set and no terminal, vi was started into the pipe.

The real process, with shell scripts for editors."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys

import pytest


def _editor(folder, name: str, body: str) -> str:
    path = folder / name
    path.write_text("#!/bin/sh\n" + body + "\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return str(path)


def _run(env: dict, *args: str, **extra) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "afterview", *args], env={**env, **extra},
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("editor")
    env = {k: v for k, v in os.environ.items() if k not in ("EDITOR", "VISUAL")}
    env.update(AFTERVIEW_HOME=str(folder / "home"), AFTERVIEW_AT="2026-11-26T15:00:00+00:00",
               AFTERVIEW_DB=str(folder / "demo.db"))
    for args in (["demo"], ["draft", "--interview", "1"]):
        made = _run(env, *args)
        assert made.returncode == 0, made.stderr
    return folder, env


def _draft(env: dict, number: int) -> dict:
    shown = _run(env, "show", str(number), "--json")
    assert shown.returncode == 0, shown.stderr
    return json.loads(shown.stdout)["message"]


def _kept_files(folder) -> set:
    return {p.name for p in (folder / "home").glob("draft-*-edited-*.txt")}


def test_an_editor_that_saves_latin1_is_refused_and_the_file_kept(demo):
    folder, env = demo
    # (octal: the printf of sh has no \x escapes; \351 is the byte of é in Latin-1)
    editor = _editor(folder, "latin1.sh", "printf 'Subject: Thank you\\n\\nHi Priya,\\n\\nCaf\\351 talk was great.\\n' > \"$1\"")
    before, kept = _draft(env, 2), _kept_files(folder)
    result = _run(env, "edit", "2", EDITOR=editor)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "the edited file is not UTF-8 text (byte 0xe9 on line 5" in lines[0]
    assert "nothing changed" in lines[0]
    assert _draft(env, 2) == before
    new = _kept_files(folder) - kept
    assert len(new) == 1 and str(folder / "home" / next(iter(new))) in lines[0]
    assert (folder / "home" / next(iter(new))).read_bytes().endswith(b"Caf\xe9 talk was great.\n")


def test_the_letters_backslash_x_are_text(demo):
    """What dash's printf writes for '\\xe9': four characters of text, kept as typed (valid UTF-8)."""
    folder, env = demo
    editor = _editor(folder, "literal.sh", "printf 'Subject: Thank you\\n\\nHi Tom,\\n\\nA\\\\xe9 b.\\n' > \"$1\"")
    result = _run(env, "edit", "3", EDITOR=editor)
    assert result.returncode == 0, result.stderr
    assert _draft(env, 3)["body"] == "Hi Tom,\n\nA\\xe9 b."


def test_an_editor_that_removes_its_file_changes_nothing(demo):
    folder, env = demo
    before = _draft(env, 4)
    for name, body in (("rm.sh", 'rm -f "$1"'), ("rmdir.sh", 'rm -rf "$(dirname "$1")"')):
        result = _run(env, "edit", "4", EDITOR=_editor(folder, name, body))
        assert result.returncode == 2, result.stderr
        assert result.stderr == "afterview: error: the editor removed the file: nothing changed\n"
    assert _draft(env, 4) == before


@pytest.fixture
def fake_vi(demo, tmp_path):
    """A `vi` first on PATH that says it was started (it must not be, without a terminal)."""
    folder, env = demo
    bin_folder = tmp_path / "bin"
    bin_folder.mkdir()
    marker = tmp_path / "vi-started"
    _editor(bin_folder, "vi", f'touch "{marker}"')
    return dict(env, PATH=f"{bin_folder}{os.pathsep}{env.get('PATH', '')}"), marker


@pytest.mark.parametrize("editor", [None, "", "  "], ids=["unset", "empty", "spaces"])
def test_no_editor_and_no_terminal_is_refused(fake_vi, editor):
    env, marker = fake_vi
    extra = {} if editor is None else {"EDITOR": editor, "VISUAL": editor}
    result = _run(env, "edit", "2", **extra)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("afterview: error: no editor to open without a terminal: set $EDITOR")
    assert len(result.stderr.splitlines()) == 1
    assert not marker.exists()
    template = _run(env, "templates", "edit", "thank_you", **extra)
    assert template.returncode == 2 and "no editor to open without a terminal" in template.stderr
    assert not marker.exists()


def test_an_editor_of_spaces_is_unset_and_the_other_one_is_used(demo):
    folder, env = demo
    editor = _editor(folder, "fine.sh", "printf 'Subject: Thanks again\\n\\nHi Priya,\\n\\nThank you.\\n' > \"$1\"")
    result = _run(env, "edit", "2", VISUAL="   ", EDITOR=editor)
    assert result.returncode == 0, result.stderr
    assert _draft(env, 2)["subject"] == "Thanks again"


def test_an_editor_set_in_a_script_is_run(demo):
    """Without a terminal, an editor that is set is run as always (scripts and tests use them)."""
    folder, env = demo
    editor = _editor(folder, "script.sh", "printf 'Subject: Thanks\\n\\nHi Lena,\\n\\nThank you!\\n' > \"$1\"")
    result = _run(env, "edit", "4", EDITOR=editor)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("#4 saved")
