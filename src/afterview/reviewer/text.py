"""The structure of a message that rules share: greeting, sign-off, sentences, words."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property

GREETING = re.compile(
    r"^[ \t]*(?:(?:dear|hi|hello|hey|hiya|greetings|good\s+(?:morning|afternoon|evening)|morning)"
    r"\b[ \t]*,?[ \t]*(?P<name>[^\n,!:;.]*?(?:\.[^\n,!:;.]*?)?)?[ \t]*[,!:;.\u2014-]?[ \t]*$"
    r"|(?P<bare>[A-Z][\w'\u2019-]+(?:[ \t]+[A-Z][\w'\u2019-]+)?)[ \t]*,[ \t]*$)",
    re.IGNORECASE,
)
SIGN_OFF = re.compile(
    r"^[ \t]*(?:best|best\s+wishes|best\s+regards|kind(?:est)?\s+regards|warm(?:est)?\s+regards|"
    r"regards|warmly|warm\s+wishes|many\s+thanks|thanks(?:\s+(?:again|so\s+much))?|thank\s+you"
    r"(?:\s+again)?|with\s+(?:thanks|gratitude|appreciation)|sincerely|yours(?:\s+sincerely|"
    r"\s+truly)?|respectfully|cheers|all\s+the\s+best|take\s+care|talk\s+soon|gratefully)"
    r"[ \t]*[,.!]?[ \t]*$|^--[ \t]*$",
    re.IGNORECASE,
)
# "Hi Marcus, thank you for ..." on one line, as in a LinkedIn note.
INLINE_GREETING = re.compile(
    r"^[ \t]*(?i:dear|hi|hello|hey|good\s+(?:morning|afternoon|evening))[ \t]+"
    r"(?P<name>(?:(?:mr|mrs|ms|dr|prof)\.?[ \t]+)?[A-Z][\w'\u2019-]+(?:[ \t]+[A-Z][\w'\u2019-]+)?)"
    r"[ \t]*[,!:\u2014]"
)
_LINE = re.compile(r"[^\r\n]*")
_WORD = re.compile(r"[^\W\d_](?:[\w'\u2019.-]*[^\W_])?")
_TERMINATOR = re.compile(r"[.!?]+[\"'\u201d\u2019)\]]*(?=\s|$)|\r?\n[ \t]*\r?\n|\r?\n(?=[ \t]*[-*\u2022])")
_ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "prof", "e.g", "i.e", "etc", "vs", "approx", "st", "jr", "sr", "inc", "ltd", "co", "no"}


def fold(text: str) -> str:
    """Lowercase without accents, for comparing names ('José' == 'jose')."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower().replace("\u2019", "'")


@dataclass
class Span:
    start: int
    end: int
    text: str


@dataclass
class Doc:
    """A body with the positions of its parts; built once per review and shared by the rules."""

    text: str
    lines: list[Span] = field(init=False)
    greeting: Span | None = field(init=False)
    greeting_name: Span | None = field(init=False)
    core_start: int = field(init=False)
    core_end: int = field(init=False)  # where the sign-off (and signature) begins

    def __post_init__(self) -> None:
        self.lines = [Span(m.start(), m.end(), m.group()) for m in _LINE.finditer(self.text)
                      if m.start() != m.end() or m.start() == 0]
        self._find_greeting()
        self._find_sign_off()

    def _find_greeting(self) -> None:
        self.greeting = self.greeting_name = None
        self.core_start = 0
        first = next((line for line in self.lines if line.text.strip()), None)
        if first is None:
            return
        match = GREETING.match(first.text)
        if not match or len(first.text.split()) > 7:
            inline = INLINE_GREETING.match(first.text)
            if inline:
                s, e = inline.span("name")
                self.greeting = Span(first.start, first.start + inline.end(), inline.group())
                self.greeting_name = Span(first.start + s, first.start + e, inline.group("name"))
                self.core_start = self.greeting.end
            return
        self.greeting = first
        self.core_start = first.end
        group = "name" if match.group("name") else "bare" if match.group("bare") else None
        if group:
            s, e = match.span(group)
            name = first.text[s:e].strip()
            if name:
                s = first.start + s + (len(first.text[s:e]) - len(first.text[s:e].lstrip()))
                self.greeting_name = Span(s, s + len(name), name)

    def _find_sign_off(self) -> None:
        self.core_end = len(self.text)
        tail = [line for line in self.lines if line.start >= self.core_start]
        # The sign-off sits among the last lines; a "Thanks," earlier in the text is content.
        for line in tail[-8:]:
            if SIGN_OFF.match(line.text):
                self.core_end = line.start
                return

    @property
    def core(self) -> str:
        """The body without its greeting and sign-off."""
        return self.text[self.core_start:self.core_end]

    @property
    def core_span(self) -> tuple[int, int]:
        """The core's start and end without surrounding blank space."""
        span = self._span(self.core_start, self.core_end)
        return span.start, span.end

    @cached_property
    def sentences(self) -> list[Span]:
        """Sentences of the core (a blank line or a list item also ends one)."""
        spans, start = [], self.core_start
        for match in _TERMINATOR.finditer(self.text, self.core_start, self.core_end):
            before = self.text[start:match.start()].rsplit(None, 1)
            if match.group().startswith(".") and before and before[-1].lower().strip("(") in _ABBREVIATIONS:
                continue
            spans.append(self._span(start, match.end()))
            start = match.end()
        spans.append(self._span(start, self.core_end))
        return [s for s in spans if s.text.strip()]

    def _span(self, start: int, end: int) -> Span:
        raw = self.text[start:end]
        lead = len(raw) - len(raw.lstrip())
        body = raw.strip()
        return Span(start + lead, start + lead + len(body), body)

    @cached_property
    def words(self) -> list[Span]:
        """Words of the whole body (letters, inner apostrophes, dots and hyphens)."""
        return [Span(m.start(), m.end(), m.group()) for m in _WORD.finditer(self.text)]

    @cached_property
    def core_words(self) -> list[Span]:
        return [w for w in self.words if self.core_start <= w.start < self.core_end]

    def word_count(self) -> int:
        return len(self.core_words) + (len(self.greeting.text.split()) if self.greeting else 0)
