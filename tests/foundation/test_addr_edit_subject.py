"""`afterview edit`: an email's file starts with "Subject: ...", as its help says; a file left
without that line is refused, and what was typed is kept, never sent with an empty subject."""

from __future__ import annotations

import json
import sys

import pytest

from tests.helpers import afterview, assert_clean_error

AT = ("--at", "2026-11-26T15:00:00Z")


def av(*args, **kwargs):
    return afterview(*AT, *args, **kwargs)


def editor(tmp_path, text: str) -> dict:
    """An $EDITOR that writes `text` into the file it is given."""
    script = tmp_path / "editor.py"
    script.write_text(f"import sys, pathlib\npathlib.Path(sys.argv[1]).write_text({text!r}, encoding='utf-8')\n",
                      encoding="utf-8")
    return {"EDITOR": f"{sys.executable} {script}", "VISUAL": ""}


@pytest.fixture(scope="session")
def demo_drafted(prebuilt):
    return prebuilt.build((*AT, "demo"), (*AT, "draft", "--interview", "1"))


@pytest.fixture
def draft_id(afterview_home, prebuilt, demo_drafted):
    prebuilt.copy(demo_drafted, afterview_home)  # as `av("demo")` then `av("draft", "--interview", "1")` leave it
    listed = json.loads(av("drafts", "--json").out)
    return str(listed[0]["id"])


def message(draft_id: str) -> dict:
    return json.loads(av("show", draft_id, "--json").out)["message"]


def test_the_help_says_the_subject_line_as_it_is_read():
    shown = av("edit", "--help")
    assert shown.code == 0
    assert '"Subject: ..."' in shown.out and "(subject on the first line)" not in shown.out


@pytest.mark.parametrize("text, said", [
    ("Thanks for the conversation\n\nHi Lena,\n\nThank you.\n\nAlex\n", "the first line is not the subject"),
    ("Hi Lena,\n\nThank you.\n\nAlex\n", "the first line is not the subject"),  # its Subject line deleted
    ("Subject:   \n\nHi Lena,\n\nThank you.\n\nAlex\n", "the subject is empty"),
])
def test_a_file_without_its_subject_line_is_refused_and_kept(draft_id, tmp_path, text, said):
    before = message(draft_id)
    result = av("edit", draft_id, env=editor(tmp_path, text))
    assert_clean_error(result, said, "nothing changed", "your edited text was not saved; it is kept in")
    kept = result.err.split("it is kept in ")[1].split(")")[0]
    assert open(kept, encoding="utf-8").read() == text
    after = message(draft_id)
    assert (after["subject"], after["body"], after["updated_at"]) == (before["subject"], before["body"],
                                                                      before["updated_at"])


def test_the_subject_line_in_any_case_is_the_subject(draft_id, tmp_path):
    result = av("edit", draft_id, env=editor(tmp_path, "subject: Thanks again\n\nHi Lena,\n\nThank you.\n\nAlex\n"))
    assert result.code == 0, result.err
    after = message(draft_id)
    assert (after["subject"], after["body"]) == ("Thanks again", "Hi Lena,\n\nThank you.\n\nAlex")
