"""Characters a reader never sees, pasted in with text copied from a web page, a chat or a PDF:
which ones the review flags (`found`), and a text as read without them (`Unseen`), so that the
words a zero-width space or a soft hyphen sits in are read whole ("con", U+200B, "versation" is
"conversation"), by the spelling and shorthand checks alike.

Not among them: the joiners written scripts need (U+200C; U+200D in an emoji or between letters
of another script), the marks and isolates that keep a right-to-left name in place (U+200E,
U+200F, U+2066-U+2069), a no-break space (seen as a space), the tags of an emoji tag sequence
(the flag of England: U+1F3F4, tags, U+E007F) and a Hangul filler inside a syllable written in
conjoining letters.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left
from dataclasses import dataclass

NAMES = {
    "\u200b": "zero-width space", "\u2060": "word joiner", "\ufeff": "zero-width no-break space",
    "\u00ad": "soft hyphen", "\u202a": "left-to-right embedding", "\u202b": "right-to-left embedding",
    "\u202c": "pop directional formatting", "\u202d": "left-to-right override", "\u202e": "right-to-left override",
    "\u2061": "function application", "\u2062": "invisible times", "\u2063": "invisible separator",
    "\u2064": "invisible plus", "\u115f": "Hangul choseong filler", "\u1160": "Hangul jungseong filler",
    "\u3164": "Hangul filler", "\uffa0": "halfwidth Hangul filler", "\u2800": "braille blank",
    "\u200d": "zero-width joiner",
}
_TAGS = range(0xE0020, 0xE0080)  # U+E0020-U+E007F: language tags once, emoji tag sequences now
_CANCEL_TAG = "\U000e007f"
_JAMO_LEAD = range(0x1100, 0x1160)  # conjoining initial consonants (U+115F, the filler, among them)
_JAMO_VOWEL = range(0x1160, 0x11A8)  # conjoining vowels (U+1160, the filler, among them)


def _latin(char: str) -> bool:
    return char.isalpha() and unicodedata.name(char, "").startswith("LATIN ")


def _emoji(char: str) -> bool:
    return 0x1F000 <= ord(char) <= 0x1FAFF or 0x2600 <= ord(char) <= 0x27BF


def _tag_run_end(text: str, start: int) -> int:
    """Where the run of tag characters beginning at `start` ends."""
    end = start
    while end < len(text) and ord(text[end]) in _TAGS:
        end += 1
    return end


def _in_emoji_tags(text: str, start: int, end: int) -> bool:
    """Whether the tags text[start:end] are an emoji tag sequence's: after an emoji, at least one
    tag, then the cancel tag ending them (the flag of England, of Scotland, of Wales)."""
    return (start > 0 and _emoji(text[start - 1]) and end - start >= 2 and text[end - 1] == _CANCEL_TAG
            and _CANCEL_TAG not in text[start:end - 1])


def _flagged(text: str, index: int) -> bool:
    """Whether the character at `index` (not a tag) is an invisible one the review flags."""
    char = text[index]
    if char not in NAMES:
        return False
    before = text[index - 1] if index > 0 else ""
    after = text[index + 1] if index + 1 < len(text) else ""
    if char == "\u200d":  # in an emoji, in Devanagari or Arabic it joins; between Latin letters, nothing
        return bool(before and after) and _latin(before) and _latin(after)
    if char == "\u115f":  # the initial of a syllable that has none, when a vowel follows
        return not (after and ord(after) in _JAMO_VOWEL)
    if char == "\u1160":  # the vowel of a syllable that has none, after its initial
        return not (before and ord(before) in _JAMO_LEAD)
    return True


def positions(text: str) -> list[int]:
    """The positions of the invisible characters the review flags in `text`, in order."""
    if text.isascii():
        return []
    found: list[int] = []
    index = 0
    while index < len(text):
        if ord(text[index]) in _TAGS:
            end = _tag_run_end(text, index)
            if not _in_emoji_tags(text, index, end):
                found.extend(range(index, end))
            index = end
            continue
        if _flagged(text, index):
            found.append(index)
        index += 1
    return found


def name(char: str) -> str:
    """How a flagged character is said: "U+200B (zero-width space)", "U+E0041 (tag)"."""
    return f"U+{ord(char):04X} ({'tag' if ord(char) in _TAGS else NAMES[char]})"


def found(text: str) -> list[tuple[int, int, str]]:
    """(start, end, names) of each run of flagged invisible characters in `text`: the names of
    those in it, each once, a run of tags as one ("tags U+E0020 to U+E007F")."""
    runs: list[tuple[int, int, str]] = []
    at = positions(text)
    index = 0
    while index < len(at):
        end = index
        while end + 1 < len(at) and at[end + 1] == at[end] + 1:
            end += 1
        chars = text[at[index]:at[end] + 1]
        said = [("tag characters (U+E0020 to U+E007F)" if ord(c) in _TAGS else name(c)) for c in chars]
        runs.append((at[index], at[end] + 1, ", ".join(dict.fromkeys(said))))
        index = end + 1
    return runs


@dataclass(frozen=True)
class Unseen:
    """A text as read without its flagged invisible characters (`text`), with the way back to a
    position in the text as given (`start`, `end`, `span`)."""

    given: str
    text: str
    kept: tuple[int, ...] | None  # the position given of each character of `text`; None: the same

    @classmethod
    def of(cls, given: str) -> "Unseen":
        dropped = set(positions(given))
        if not dropped:
            return cls(given, given, None)
        kept = tuple(i for i in range(len(given)) if i not in dropped)
        return cls(given, "".join(given[i] for i in kept), kept)

    @property
    def changed(self) -> bool:
        return self.kept is not None

    def start(self, offset: int) -> int:
        """Where a span beginning at `offset` of `text` begins in the text given."""
        if self.kept is None:
            return offset
        return self.kept[offset] if offset < len(self.kept) else len(self.given)

    def end(self, offset: int) -> int:
        """Where a span ending at `offset` of `text` ends in the text given."""
        if self.kept is None or offset == 0:
            return offset
        return self.kept[offset - 1] + 1

    def read(self, given: str) -> str:
        """Another text of the same length as the one given (the same with parts blanked out), as
        read without the same characters."""
        return given if self.kept is None else "".join(given[i] for i in self.kept)

    def inside(self, start: int, end: int) -> tuple[int, int]:
        """A span of the text given, as a span of `text`."""
        if self.kept is None:
            return start, end
        return bisect_left(self.kept, start), bisect_left(self.kept, end)
