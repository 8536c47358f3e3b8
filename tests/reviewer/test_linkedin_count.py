"""A LinkedIn note is counted as LinkedIn's form counts it (UTF-16 code units, a JavaScript
string's length): an emoji outside the Basic Multilingual Plane counts 2, so a note of 199
visible characters with two emoji is over a 200 limit. The review and the composer count with
the same helper; a line break counts 1, CRLF included; an accent typed as a separate mark is a
character of its own."""

from __future__ import annotations

import pytest

from afterview.reviewer import ReviewContext, review
from afterview.reviewer.text import linkedin_length, linkedin_prefix

WAVE, THUMBS = "\U0001F44B", "\U0001F44D"  # two emoji beyond the BMP: 2 code units each
NOTE = ("Hi Priya, thank you for the conversation about forecasting grid load from smart-meter data "
        "during my Fabrikam interviews. Glad to stay in touch here.")


def limit_findings(body: str, limit: int = 200):
    context = ReviewContext(kind="linkedin_note", channel="linkedin", recipient_name="Priya Raman",
                            linkedin_limit=limit)
    return [f for f in review(None, body, context) if f.code == "linkedin-limit"]


@pytest.mark.parametrize("text, units", [
    ("plain note", 10),
    (WAVE, 2),
    ("\U0001F44D\U0001F3FD", 4),  # thumbs up with a skin tone: one on screen, 4 for LinkedIn
    ("\U0001F1EB\U0001F1F7", 4),  # a flag
    ("\u2764\ufe0f", 2),  # a heart with its emoji selector
    ("caf\u00e9", 4),  # é as one character
    ("cafe\u0301", 5),  # é typed as e + a combining accent: LinkedIn's form does not join them
    ("a\r\nb", 3),  # CRLF is one line break, as in the form
    ("a\nb", 3),
    ("a\rb", 3),
    ("\U0001D41B\U0001D428\U0001D425\U0001D41D", 8),  # 'mathematical' bold letters
])
def test_linkedin_length_counts_utf16_code_units(text, units):
    assert linkedin_length(text) == units


def test_the_prefix_is_where_linkedin_cuts():
    assert linkedin_prefix("abc", 2) == 2
    assert linkedin_prefix("a" + WAVE + "b", 2) == 1  # the emoji does not fit in the second unit
    assert linkedin_prefix("a" + WAVE + "b", 3) == 2
    assert linkedin_prefix("a\r\nbc", 3) == 4  # 'a', CRLF, 'b'
    assert linkedin_prefix("short", 200) == 5


def test_two_emoji_take_a_note_of_199_characters_over_the_limit():
    body = NOTE + " " + "z" * (196 - len(NOTE) - 1) + " " + WAVE + THUMBS
    assert len(body) == 199 and linkedin_length(body) == 201
    [finding] = limit_findings(body)
    assert finding.message == ("201 characters as LinkedIn counts them (199 as you see them: an emoji "
                               "counts 2 or more), over the LinkedIn limit of 200 by 1")
    assert body[finding.start:finding.end] == THUMBS  # where LinkedIn cuts it
    assert finding.severity == "error"


def test_a_plain_note_is_said_as_before():
    body = NOTE + " " + "z" * (205 - len(NOTE) - 1)
    [finding] = limit_findings(body)
    assert finding.message == "205 characters, over the LinkedIn limit of 200 by 5"
    assert (finding.start, finding.end) == (200, 205)
    assert limit_findings(NOTE) == []


def test_crlf_line_breaks_count_once():
    # 200 characters as LinkedIn counts them, 201 in Python (the CRLF)
    first = "Hi Priya, thank you for the conversation about grid load."
    body = first + "\r\n" + "w" * (200 - len(first) - 1)
    assert len(body) == 201 and linkedin_length(body) == 200
    assert limit_findings(body) == []
    assert [f.message for f in limit_findings(body + "w")] == ["201 characters, over the LinkedIn limit of 200 by 1"]


def test_blank_space_around_the_note_is_not_counted():
    body = "\n\n  " + NOTE + "  \r\n\r\n"
    assert limit_findings(body, len(NOTE)) == []
    [finding] = limit_findings(body, len(NOTE) - 3)
    assert body[finding.start:finding.end] == NOTE[-3:]


def test_an_accent_typed_as_a_separate_mark_counts_and_is_said():
    # 198 letters as seen, two of them e + U+0301: 200 for LinkedIn, then 201 with one more
    word = "Jose\u0301 and Rene\u0301e"
    body = NOTE + " " + word
    body += " " + "k" * (200 - linkedin_length(body) - 1)
    assert linkedin_length(body) == 200 and limit_findings(body) == []
    [finding] = limit_findings(body + "k")
    assert finding.message == ("201 characters as LinkedIn counts them (199 as you see them: an accent "
                               "typed as a separate mark counts 1 more), over the LinkedIn limit of 200 by 1")


def test_lint_file_counts_a_crlf_note_and_emoji_as_linkedin_does(tmp_path, capsys):
    from .test_cli import run

    path = tmp_path / "note.txt"
    first = "Hi Priya, thank you for the conversation about grid load."
    path.write_bytes((first + "\r\n" + "w" * (200 - len(first) - 1) + "\r\n").encode())  # 200 for LinkedIn
    code, out, err = run([str(path), "--kind", "linkedin_note", "--linkedin-limit", "200"], capsys)
    assert code == 0 and "linkedin-limit" not in out, out + err
    path.write_text(NOTE + " " + "z" * (196 - len(NOTE) - 1) + " " + WAVE + THUMBS, encoding="utf-8")
    code, out, err = run([str(path), "--kind", "linkedin_note", "--linkedin-limit", "200"], capsys)
    assert code == 1
    assert ("201 characters as LinkedIn counts them (199 as you see them: an emoji counts 2 or more), "
            "over the LinkedIn limit of 200 by 1 [linkedin-limit]") in out


def test_lint_file_uses_the_limit_of_the_profiles_account(tmp_path, capsys, afterview_home):
    from .test_cli import run

    (afterview_home / "playbook.toml").write_text("[linkedin_limits]\nfree_note_chars = 150\n"
                                                  "premium_note_chars = 260\n", encoding="utf-8")
    path = tmp_path / "note.txt"
    path.write_text(NOTE + " " + "q" * (249 - len(NOTE) - 1), encoding="utf-8")  # 249 characters
    code, out, _ = run([str(path), "--kind", "linkedin_note"], capsys)
    assert code == 1 and "over the LinkedIn limit of 150 by 99" in out  # a free account
    from afterview.interfaces.cli.main import main

    with pytest.raises(SystemExit):
        main(["profile", "set", "--linkedin-account", "premium"])
    capsys.readouterr()
    code, out, _ = run([str(path), "--kind", "linkedin_note"], capsys)
    assert code == 0, out  # the planner's and a stored draft's limit: Premium's 260


def test_accents_typed_as_separate_marks_are_reviewed_as_the_composed_text():
    """A note pasted with e + U+0301 for 'é' (as some Mac programs write it) gets the findings of
    the same note with composed accents: no word is cut in two at its accent."""
    import unicodedata
    from dataclasses import replace

    from tests.reviewer.quality import load_cases

    def said(findings):
        return [(f.code, unicodedata.normalize("NFC", f.message)) for f in findings]

    extra = ("Thank you for the conversation about the caf\u00e9 roadmap and Ren\u00e9e's r\u00e9sum\u00e9 "
             "review. Thanks again")
    for case in load_cases():
        body = case.body.replace("Thanks again", extra) if case.context.kind != "linkedin_note" else case.body
        composed = unicodedata.normalize("NFC", body)
        apart = unicodedata.normalize("NFD", body)
        context = replace(case.context, siblings=[unicodedata.normalize("NFD", s) for s in case.context.siblings])
        if case.context.kind == "linkedin_note":  # LinkedIn counts a separate accent: not the same length
            context = replace(context, linkedin_limit=10_000)
            case.context = replace(case.context, linkedin_limit=10_000)
        assert said(review(case.subject, apart, context)) == said(review(case.subject, composed, case.context)), case.file
