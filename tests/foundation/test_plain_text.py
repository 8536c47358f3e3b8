"""One rule for the characters of text, read from files or typed: control characters and
bidirectional overrides act instead of showing; everything else is ordinary text."""

import pytest

from afterview.domain.values import multi_line, plain_text, remove_controls, single_line
from afterview.errors import InvalidInput

# Each is taken out: C0 controls, DEL, C1 controls, the bidirectional embeddings, overrides and
# isolates.
ACTING = ["\x00", "\x01", "\x07", "\x08", "\x0e", "\x1b", "\x1c", "\x1f", "\x7f", "\x80", "\x84", "\x86", "\x9b",
          "\x9f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]
# Each is kept: accents, CJK, emoji with its joiner and variation selector, Arabic and Hebrew
# with their direction marks, a soft hyphen, a non-breaking space inside several lines.
ORDINARY = ["José Müller-Lüdenscheidt", "李小龙", "사랑", "👩\u200d💻", "❤\ufe0f", "👨\u200d👩\u200d👧",
            "مرحبا بك", "שלום\u200f", "\u200eabc", "co\u00adoperate", "Ça va ?"]


@pytest.mark.parametrize("char", ACTING)
@pytest.mark.parametrize("lines", [False, True])
def test_each_control_character_is_taken_out_and_counted(char, lines):
    assert plain_text(f"Ann{char} Lee{char}{char}", lines=lines) == ("Ann Lee", 3)
    assert remove_controls(f"a{char}b") == ("ab", 1)


@pytest.mark.parametrize("text", ORDINARY)
@pytest.mark.parametrize("lines", [False, True])
def test_ordinary_text_is_kept_as_it_is(text, lines):
    assert plain_text(text, lines=lines) == (text, 0)
    assert remove_controls(text) == (text, 0)


def test_one_line_and_several_lines():
    # One line: tabs, line breaks of every kind and runs of spaces are one space; the ends trimmed.
    assert plain_text(" Jane\r\nDoe\tJr\x0bIII\x0c\x85x  y ") == ("Jane Doe Jr III x y", 0)
    # Several lines: each line break is "\n", tabs and spaces stay.
    assert plain_text("a\r\nb\rc\nd\x0be\x0cf\x85g\t h  ", lines=True) == ("a\nb\nc\nd\ne\nf\ng\t h  ", 0)
    assert plain_text("first\r\n\x1b[31msecond\u202e", lines=True) == ("first\n[31msecond", 2)
    assert remove_controls("a\r\n\tb\x0b\x85") == ("a\r\n\tb\x0b\x85", 0)  # the lines are plain_text's
    assert plain_text("") == ("", 0) and plain_text("", lines=True) == ("", 0)


@pytest.mark.parametrize("char", ACTING)
def test_a_typed_value_with_one_is_refused_naming_it(char):
    with pytest.raises(InvalidInput) as refused:
        single_line(f"Ann{char} Lee", "name")
    assert str(refused.value) == (f"name contains the control character {char!r}, which would act on screens and "
                                  "in mail instead of showing: type it without")
    with pytest.raises(InvalidInput, match="^notes contains the control character"):
        multi_line(f"fine\nnot{char}", "notes")


@pytest.mark.parametrize("text", ORDINARY)
def test_typed_ordinary_text_is_kept(text):
    assert single_line(f"  {text} ", "name") == text
    assert multi_line(f"{text}\r\n{text}\t", "notes") == f"{text}\n{text}\t"


@pytest.mark.parametrize("value", ["Ann\nLee", "Ann\r\nLee", "Ann\rLee", "Ann\x0bLee", "Ann\x0cLee", "Ann\x85Lee"])
def test_a_typed_line_break_is_refused_as_before(value):
    with pytest.raises(InvalidInput, match="^title must be a single line$"):
        single_line(value, "title")
