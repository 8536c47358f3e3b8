"""The invisible-character warning: a zero-width space, word joiner, byte-order mark, soft hyphen
or bidirectional override pasted into a note is named with its position; the joiners and marks a
script or a right-to-left name needs, and a no-break space, are not."""

from __future__ import annotations

import pytest

from afterview.reviewer import ReviewContext, review
from tests.helpers import afterview


def _found(body: str):
    return [f for f in review("Thank you - Backend Engineer interview", body, ReviewContext(kind="thank_you"))
            if f.code == "invisible-character"]


@pytest.mark.parametrize("char, name", [("\u200b", "U+200B (zero-width space)"), ("\u2060", "U+2060 (word joiner)"),
                                        ("\ufeff", "U+FEFF (zero-width no-break space)"),
                                        ("\u00ad", "U+00AD (soft hyphen)"),
                                        ("\u202e", "U+202E (right-to-left override)")])
def test_each_invisible_character_is_named_where_it_is(char, name):
    body = f"Hi Mei,\n\nThank you for the talk about data{char} quality.\n\nBest regards,\nSam"
    [finding] = _found(body)
    assert finding.severity == "warning" and name in finding.message
    assert body[finding.start:finding.end] == char


@pytest.mark.parametrize("text", ["Quillon\u00a0Software", "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",
                                  "\u200fFatima\u200f", "\u2067\u0641\u0627\u0637\u0645\u0647\u2069"])
def test_what_scripts_and_names_need_is_not_flagged(text):
    assert _found(f"Hi Mei,\n\nThank you, {text}.\n\nBest regards,\nSam") == []


def test_lint_names_it_on_the_command_line(tmp_path):
    note = tmp_path / "note.txt"
    note.write_text("Subject: Thank you - Backend Engineer interview\n\nHi Mei,\n\nThank you for the data\u200b "
                    "platform talk.\n\nBest regards,\nSam\n", encoding="utf-8")
    done = afterview("lint", str(note), "--kind", "thank_you")
    assert done.code == 0, done.err
    assert f"{note}:5:23: warning: an invisible character: U+200B (zero-width space) [invisible-character]" in done.out
