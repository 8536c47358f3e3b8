"""The invisible-character warning: a zero-width space, word joiner, byte-order mark, soft hyphen
or bidirectional override pasted into a note is named with its position; the joiners and marks a
script or a right-to-left name needs, and a no-break space, are not. Tags outside an emoji flag,
invisible operators, Hangul fillers, a braille blank and a joiner between Latin letters are named
too; the spelling check reads the words they sit in without them; an emoji sequence is one."""

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


# --- the words they sit in are read without them; more of them; an emoji sequence is one -----------

def _codes(body: str, *codes: str):
    return [f for f in review("Thank you - Backend Engineer interview", body, ReviewContext(kind="thank_you"))
            if f.code in codes]


@pytest.mark.parametrize("word", ["con\u200bversation", "conver\u00adsation", "conver\u2060sation",
                                  "conver\u200dsation", "conver\u2062sation"])
def test_the_spelling_check_reads_the_word_without_them(word):
    body = f"Hi Mei,\n\nThank you for the {word} about data quality.\n\nBest regards,\nSam"
    found = _codes(body, "spelling", "invisible-character")
    assert [f.code for f in found] == ["invisible-character"], [f.message for f in found]


def test_a_misspelled_word_with_one_in_it_is_said_once_and_placed_where_written():
    body = "Hi Mei,\n\nThank you for the con\u200bvresation about data quality.\n\nBest regards,\nSam"
    [spelling] = _codes(body, "spelling")
    assert spelling.message.startswith("unknown word 'convresation'")
    assert body[spelling.start:spelling.end] == "con\u200bvresation"


def test_shorthand_is_read_without_them_too():
    body = "Hi Mei,\n\nThank you for the talk about the e\u00adng team and data quality.\n\nBest regards,\nSam"
    [short] = _codes(body, "spelling")
    assert "'eng' reads as shorthand" in short.message and body[short.start:short.end] == "e\u00adng"


@pytest.mark.parametrize("char, name", [
    ("\U000e0041\U000e0042", "tag characters (U+E0020 to U+E007F)"),
    ("\u2061", "U+2061 (function application)"), ("\u2062", "U+2062 (invisible times)"),
    ("\u2063", "U+2063 (invisible separator)"), ("\u2064", "U+2064 (invisible plus)"),
    ("\u115f", "U+115F (Hangul choseong filler)"), ("\u1160", "U+1160 (Hangul jungseong filler)"),
    ("\u3164", "U+3164 (Hangul filler)"), ("\uffa0", "U+FFA0 (halfwidth Hangul filler)"),
    ("\u2800", "U+2800 (braille blank)"),
])
def test_more_invisible_characters_are_named(char, name):
    body = f"Hi Mei,\n\nThank you for the talk about data{char} quality.\n\nBest regards,\nSam"
    [finding] = _found(body)
    assert name in finding.message and body[finding.start:finding.end] == char


def test_a_joiner_between_two_latin_letters_is_named():
    body = "Hi Mei,\n\nThank you for the talk about data qual\u200dity.\n\nBest regards,\nSam"
    [finding] = _found(body)
    assert "U+200D (zero-width joiner)" in finding.message and body[finding.start:finding.end] == "\u200d"


@pytest.mark.parametrize("text", [
    "\U0001f3f4\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f",  # the flag of England
    "\U0001f469\u200d\U0001f4bb",  # woman technologist
    "\u0915\u094d\u200d\u0937",  # Devanagari: a half form asked for
    "\u0644\u200d",  # Arabic: a joining form shown alone
    "\u115f\u1161",  # a Hangul syllable with no initial, in conjoining letters
    "\u1100\u1160",  # one with no vowel
])
def test_what_emoji_and_scripts_need_is_not_an_invisible_character(text):
    assert _found(f"Hi Mei,\n\nThank you, {text}, for the talk.\n\nBest regards,\nSam") == []


@pytest.mark.parametrize("emoji", ["\U0001f469\u200d\U0001f4bb", "\U0001f468\u200d\U0001f469\u200d\U0001f467",
                                   "\U0001f3f4\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f"])
def test_an_emoji_sequence_is_one_finding(emoji):
    body = f"Hi Mei,\n\nThank you for the talk about data quality {emoji}.\n\nBest regards,\nSam"
    [finding] = _codes(body, "emoji", "invisible-character")
    assert finding.code == "emoji" and body[finding.start:finding.end] == emoji
