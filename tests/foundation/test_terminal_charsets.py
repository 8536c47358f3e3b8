"""A terminal whose character set is short of Unicode (a Latin-1 or ASCII locale, PYTHONIOENCODING)
shows what it cannot encode as an escape instead of failing the command; JSON and the exports
are UTF-8 whatever the locale. Found by a tester: with a Chinese name in the data, `today`,
`person list` and most listings ended with exit status 70 (UnicodeEncodeError), and `export` to
standard output wrote nothing while `export FILE` worked.

The real process, with the encodings of its standard streams set as a locale sets them."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

NAME = "李雷 Núñez"  # outside Latin-1 and ASCII, with letters Latin-1 has
COMPANY = "Northwind 北風"

# the character sets of a terminal: Latin-1, ASCII, and the C locale without coercion (ASCII
# with surrogateescape, which fails the same way)
TERMINALS = {
    "latin-1": {"PYTHONIOENCODING": "latin-1"},
    "ascii": {"PYTHONIOENCODING": "ascii"},
    "C locale": {"LC_ALL": "C", "LANG": "C", "PYTHONCOERCECLOCALE": "0", "PYTHONUTF8": "0"},
}


def _run(env: dict, *args: str, extra: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "afterview", *args], env={**env, **(extra or {})},
                          stdin=subprocess.DEVNULL, capture_output=True, timeout=120)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("charsets")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONIOENCODING", "LC_ALL", "LANG", "COLUMNS")}
    env.update(AFTERVIEW_HOME=str(folder / "home"), AFTERVIEW_AT="2026-11-26T15:00:00+00:00",
               AFTERVIEW_DB=str(folder / "demo.db"), PYTHONUTF8="1")
    for args in (["demo"], ["person", "edit", "1", "--name", NAME], ["company", "edit", "1", "--name", COMPANY],
                 ["draft", "--interview", "1"]):
        made = _run(env, *args)
        assert made.returncode == 0, made.stderr.decode()
    env.pop("PYTHONUTF8")
    return folder, env


LISTINGS = [["today"], ["agenda"], ["plan"], ["person", "list"], ["person", "show", "1"], ["company", "list"],
            ["opportunity", "list"], ["timeline", "--person", "1"], ["why", "thank_you:i1:p1"], ["drafts", "--all"],
            ["show", "2"], ["interview", "show", "1"]]


@pytest.mark.parametrize("terminal", TERMINALS, ids=str)
@pytest.mark.parametrize("command", LISTINGS, ids=" ".join)
def test_a_listing_shows_what_the_terminal_cannot_as_escapes(demo, terminal, command):
    _, env = demo
    result = _run(env, *command, extra=TERMINALS[terminal])
    assert result.returncode == 0, result.stderr.decode()
    assert result.stderr == b""
    if terminal == "latin-1":
        out = result.stdout.decode("latin-1")
        chinese, company = "\\u674e\\u96f7", "Northwind \\u5317\\u98a8"  # each as its escape
    else:  # (click takes an ASCII stream for a mistake, and writes its own lines in UTF-8)
        out = result.stdout.decode("utf-8")
        chinese, company = ("\\u674e\\u96f7", "李雷"), ("Northwind \\u5317\\u98a8", COMPANY)
    if command[0] in ("person", "today", "agenda", "plan", "timeline", "why", "drafts", "show", "interview"):
        assert any(shown in out for shown in ([chinese] if isinstance(chinese, str) else chinese)), out
    if command[0] in ("company", "opportunity"):
        assert any(shown in out for shown in ([company] if isinstance(company, str) else company)), out
    if terminal == "latin-1" and command[0] in ("person", "today", "plan"):
        assert "Núñez" in out  # what Latin-1 has is shown as it is


JSON = [["today", "--json"], ["plan", "--json"], ["person", "list", "--json"], ["person", "show", "1", "--json"],
        ["company", "list", "--json"], ["timeline", "--person", "1", "--json"], ["config", "--json"]]


@pytest.mark.parametrize("terminal", TERMINALS, ids=str)
@pytest.mark.parametrize("command", JSON, ids=" ".join)
def test_json_is_utf8_whatever_the_locale(demo, terminal, command):
    _, env = demo
    result = _run(env, *command, extra=TERMINALS[terminal])
    assert result.returncode == 0, result.stderr.decode()
    assert result.stderr == b""
    text = result.stdout.decode("utf-8")  # strictly
    json.loads(text)
    if command[0] != "config":
        assert NAME in text or COMPANY in text, text[:500]


@pytest.mark.parametrize("terminal", TERMINALS, ids=str)
def test_export_to_standard_output_is_the_file_export(demo, terminal):
    folder, env = demo
    to_file = folder / f"export-{terminal}.json"
    written = _run(env, "export", str(to_file), extra=TERMINALS[terminal])
    assert written.returncode == 0, written.stderr.decode()
    result = _run(env, "export", extra=TERMINALS[terminal])
    assert result.returncode == 0, result.stderr.decode()
    assert result.stderr == b""
    document = json.loads(result.stdout.decode("utf-8"))
    assert NAME in {p["name"] for p in document["people"]}
    assert document == json.loads(to_file.read_text("utf-8"))


@pytest.mark.parametrize("terminal", TERMINALS, ids=str)
@pytest.mark.parametrize("command", [["csv", "export", "people"], ["vcard", "export"], ["calendar", "export"]],
                         ids=" ".join)
def test_the_other_exports_are_utf8_too(demo, terminal, command):
    _, env = demo
    result = _run(env, *command, extra=TERMINALS[terminal])
    assert result.returncode == 0, result.stderr.decode()
    text = result.stdout.decode("utf-8")
    assert ("李雷" if command[0] != "calendar" else "Northwind") in text


@pytest.mark.parametrize("terminal", TERMINALS, ids=str)
def test_lint_of_a_note_naming_someone_in_cjk(demo, terminal, tmp_path):
    _, env = demo
    note = tmp_path / "note.txt"
    note.write_text("Subject: Thank you, 李雷\n\nHi 李雷,\n\nThank you for the conversation about the "
                    "pipeline migration at Northwind 北風 yesterday. I enjoyed it.\n\nBest,\nAlex\n", "utf-8")
    shown = _run(env, "lint", str(note), extra=TERMINALS[terminal])
    assert shown.returncode in (0, 1), shown.stderr.decode()
    assert b"Traceback" not in shown.stderr and b"internal error" not in shown.stderr
    as_json = _run(env, "lint", str(note), "--json", extra=TERMINALS[terminal])
    assert as_json.returncode in (0, 1), as_json.stderr.decode()
    assert json.loads(as_json.stdout.decode("utf-8"))["findings"]


@pytest.mark.parametrize("terminal", TERMINALS, ids=str)
def test_an_error_naming_what_the_terminal_cannot_show_is_one_line(demo, terminal):
    _, env = demo
    result = _run(env, "company", "delete", "1", "--yes", extra=TERMINALS[terminal])  # it has opportunities
    assert result.returncode == 2, result.stderr.decode()
    lines = result.stderr.decode("latin-1" if terminal == "latin-1" else "utf-8").splitlines()
    assert len(lines) == 1 and ("\\u5317\\u98a8" in lines[0] or "北風" in lines[0]), lines
