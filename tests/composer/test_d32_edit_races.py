"""`afterview edit` while the note is changed elsewhere (found by a tester of shared databases):

- approved (in another terminal, or the desk) while the editor was open, then saved with a new
  text: "#7 saved", the note back to drafted without a word, and never sent. What its approval
  became is judged on the note as the save finds it, and said as for an approved note.
- the editor closed with nothing typed after another edit was saved meanwhile: refused as
  "changed since you opened it" (exit 2), though nothing was typed. Nothing typed is nothing to
  save: "#6 unchanged", exit 0, and the other edit stands.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from tests.helpers import afterview

AT = ("--at", "2026-11-26T15:00:00Z")


def av(*args, **kwargs):
    return afterview(*AT, *args, **kwargs)


@pytest.fixture(scope="session")
def drafted_built(prebuilt):
    """The demo with interview 1's notes drafted."""
    return prebuilt.build((*AT, "demo", "--no-agenda"), (*AT, "draft", "--interview", "1"))


@pytest.fixture
def drafted(prebuilt, drafted_built, afterview_home) -> int:
    """The demo with interview 1's notes drafted, an account to approve them from; one draft's id."""
    prebuilt.copy(drafted_built, afterview_home)
    (afterview_home / "config.toml").write_text('[accounts.personal]\nemail = "alex.morgan@mail.example"\n'
                                                'smtp_host = "127.0.0.1"\npassword_env = "AV_TEST_PASSWORD"\n')
    # (a server on this computer: a note to one of the demo's people is approved only for one)
    listed = json.loads(av("drafts", "--json").out)
    return next(d["id"] for d in listed if d["state"] == "drafted")


def _editor(tmp_path: Path, meanwhile: list[str], typed: str | None) -> dict:
    """An $EDITOR that first runs `afterview ARGS` in a process of its own (what someone else does
    while the editor is open), then adds `typed` to the file (None: leaves it as it is)."""
    script = tmp_path / "meanwhile-editor.py"
    script.write_text(
        "import subprocess, sys\n"
        f"done = subprocess.run([{sys.executable!r}, '-m', 'afterview', *{list(AT)!r}, *{meanwhile!r}], "
        "capture_output=True, text=True, env={**__import__('os').environ, 'VISUAL': '', "
        f"'EDITOR': {sys.executable!r} + ' ' + {str(tmp_path / 'other-editor.py')!r}}})\n"
        "assert done.returncode == 0, done.stderr\n"
        + (f"open(sys.argv[1], 'a', encoding='utf-8').write({typed!r})\n" if typed is not None else ""),
        encoding="utf-8")
    (tmp_path / "other-editor.py").write_text(
        "import sys\nopen(sys.argv[1], 'a', encoding='utf-8').write('PS from the other window.\\n')\n",
        encoding="utf-8")
    return {"EDITOR": f"{sys.executable} {script}", "VISUAL": ""}


def _message(number: int) -> dict:
    shown = av("show", str(number), "--json")
    assert shown.code == 0, shown.err
    return json.loads(shown.out)["message"]


def test_an_approval_given_while_the_editor_was_open_is_said_withdrawn_by_the_new_text(drafted, tmp_path):
    result = av("edit", str(drafted), env=_editor(tmp_path, ["approve", str(drafted)], "My own last line.\n"))
    assert result.code == 0, result.err
    first = result.out.splitlines()[0]
    assert first.startswith(f"#{drafted} saved; the text changed, so its approval is withdrawn (it was "), first
    assert f"approve it again to send it by SMTP (afterview approve {drafted})" in first
    message = _message(drafted)
    assert message["state"] == "drafted" and message["body"].endswith("My own last line.")


def test_nothing_typed_after_an_approval_meanwhile_says_it_still_stands(drafted, tmp_path):
    result = av("edit", str(drafted), env=_editor(tmp_path, ["approve", str(drafted)], None))
    assert result.code == 0, result.err
    first = result.out.splitlines()[0]
    assert first.startswith(f"#{drafted} unchanged: still "), first
    assert f"afterview approve {drafted} --withdraw" in first
    assert _message(drafted)["state"] in ("approved", "scheduled")


def test_nothing_typed_after_another_edit_was_saved_is_no_error(drafted, tmp_path):
    result = av("edit", str(drafted), env=_editor(tmp_path, ["edit", str(drafted)], None))
    assert result.code == 0, result.err
    assert result.err == ""
    assert result.out.splitlines()[0] == (f"#{drafted} unchanged (its text was changed elsewhere while your editor "
                                          f"was open: afterview show {drafted} shows it)")
    assert _message(drafted)["body"].endswith("PS from the other window.")  # the other edit stands


def test_a_text_typed_over_another_edit_saved_meanwhile_is_still_refused_and_kept(drafted, tmp_path):
    # (the rule nothing typed no longer meets: what was typed is never saved over the other edit)
    result = av("edit", str(drafted), env=_editor(tmp_path, ["edit", str(drafted)], "My own last line.\n"))
    assert result.code == 2
    assert f"message {drafted} was changed since you opened it" in result.err
    body = _message(drafted)["body"]
    assert body.endswith("PS from the other window.") and "My own last line." not in body
