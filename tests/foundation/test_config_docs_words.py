"""What the docs promise, as a docs tester checked it against the program: a link is never
written through (storage.md said it was followed), the playbook names commands rather than
internal fields, web.md lists `serve --no-mail` and finds the Drafts folder as delivery.md does."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.helpers import afterview

ROOT = Path(__file__).resolve().parents[2]


def doc(name: str) -> str:
    return " ".join((ROOT / "docs" / name).read_text("utf-8").split())


# never skipped on Linux or in CI: only a system without symbolic links cannot make one
@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_storage_says_what_a_link_gets(afterview_home, tmp_path):
    text = doc("storage.md")
    assert "a **link** is followed" not in text
    assert "a **symbolic link** is never written through" in text
    target = tmp_path / "target.txt"
    target.write_text("mine")
    (tmp_path / "out.ics").symlink_to(target)
    done = afterview("calendar", "export", "-o", str(tmp_path / "out.ics"))
    assert done.code == 2 and "is a symbolic link: Afterview never writes through a link" in done.err
    assert "Afterview never writes through a link (it could replace the file it points to); give the name of a file" \
        in text
    assert target.read_text() == "mine"


def test_the_playbook_names_commands(afterview_home):
    text = doc("playbook.md")
    assert "opt_in_early_linkedin" not in text and "`afterview profile set --early-linkedin`" in text
    assert "--pace slow" in text and "`pace = slow`" not in text
    assert "--early-linkedin" in afterview("profile", "set", "--help").out
    assert "--pace" in afterview("opportunity", "edit", "--help").out


def test_web_lists_no_mail_and_the_drafts_folder_rule(afterview_home):
    text = doc("web.md")
    assert "| `--no-mail` |" in text and "--no-mail" in afterview("serve", "--help").out
    assert "IMAP APPEND to the account's `\\Drafts` folder" not in text
    assert "the one set as `drafts_folder`, else the folder the server marks `\\Drafts`, else one with a known name" \
        in text
