"""The structure of a message that rules share: greeting, sign-off, sentences, words."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

# Greeting words of other languages a note may open with ("Hola José,", "Guten Tag Frau Weber,",
# "Bonjour Claire,"): a greeting, not part of the name greeted. Words that are also first names
# ("Dag", "Kara") are left out: "Dag," greets Dag.
FOREIGN_GREETINGS = (
    r"hola|buen[oa]s\s+(?:d[ií]as|tardes|noches)|estimad[oa]|querid[oa]"  # Spanish
    r"|ol[aá]|bom\s+dia|boa\s+(?:tarde|noite)|prezad[oa]"  # Portuguese
    r"|bonjour|bonsoir|salut|ch[eè]re?"  # French
    r"|ciao|salve|buongiorno|buonasera"  # Italian
    r"|hallo|guten\s+(?:tag|morgen|abend)|liebe[rs]?|sehr\s+geehrte[rs]?|moin|servus|gr[üu](?:ß|ss)\s+gott"  # German
    r"|hoi|goedemorgen|goedemiddag|goedendag"  # Dutch
    r"|hej|hei|god\s+(?:morgen|dag)|kära?"  # Nordic
)
_GREETING_WORDS = (r"dear|hi|hello|hey|hiya|heya|howdy|yo|greetings|good\s+(?:morning|afternoon|evening)|morning|"
                   + FOREIGN_GREETINGS)
GREETING = re.compile(
    r"^[ \t]*(?:(?:" + _GREETING_WORDS + r")"
    r"\b[ \t]*,?[ \t]*(?P<name>[^\n,!:;.]*?(?:\.[^\n,!:;.]*?)?)?[ \t]*[,!:;.\u2014-]?[ \t]*$"
    r"|(?P<bare>[A-Z][\w'\u2019-]+(?:[ \t]+[A-Z][\w'\u2019-]+)?)[ \t]*,[ \t]*$)",
    re.IGNORECASE,
)
# The closings a note may end with ("Best regards,"), as a line of their own: the one list of
# them, which the review reads a note's sign-off by (`Doc`, `doubled-closing`) and the composer
# reads a signature by (a signature that opens with one takes the place of the note's own).
CLOSINGS = (
    r"best|(?:with\s+)?(?:best|kind(?:est)?|warm(?:est)?)\s+(?:regards|wishes)|all\s+best"
    r"|regards|warmly|many\s+thanks(?:\s+again)?|thanks(?:\s+(?:again|so\s+much|a\s+lot))?"
    r"|thanks\s+(?:and|&)\s+(?:best\s+)?regards|thank\s+you(?:\s+(?:again|so\s+much))?"
    r"|with\s+(?:many\s+)?(?:thanks|gratitude|appreciation)|sincerely(?:\s+yours)?"
    r"|yours(?:\s+sincerely|\s+truly|\s+faithfully)?|respectfully|cheers(?:\s+mate)?|all\s+the\s+best"
    r"|take\s+care|talk\s+soon|gratefully"
    # other languages': German, French, Spanish, Portuguese, Italian, Dutch, Nordic, Finnish
    r"|(?:mit\s+)?(?:viele|vielen|beste|besten|liebe|lieben|herzliche|herzlichen|freundliche|freundlichen)"
    r"\s+gr(?:ü|ue|u)(?:ß|ss)en?|gr(?:ü|ue)(?:ß|ss)e|gru(?:ß|ss)"
    r"|(?:bien\s+)?cordialement|bien\s+[àa]\s+vous|(?:meilleures|sinc[èe]res)\s+salutations"
    r"|saludos(?:\s+cordiales)?|un\s+(?:cordial\s+)?saludo|atentamente|cordialmente"
    r"|atenciosamente|(?:com\s+os\s+)?(?:melhores\s+)?cumprimentos|(?:cordiali|distinti)\s+saluti"
    r"|(?:met\s+)?vriendelijke\s+groet(?:en)?|(?:hartelijke\s+)?groet(?:en)?"
    r"|(?:med\s+)?(?:vänliga|vennlig|venlig)\s+(?:hälsningar|hilsen)|(?:ystävällisin\s+)?terveisin"
    # and those for friends and family (the slang rule says so)
    r"|(?:lots\s+of\s+|much\s+)?love|hugs|luv|xoxo|xo|x|ta"
)
SIGN_OFF = re.compile(
    r"^[ \t]*(?:" + CLOSINGS + r")[ \t]*[,.!]?[ \t]*$|^--[ \t]*$",
    re.IGNORECASE,
)
# A closing line: a closing alone ("Best regards,"), or with the name it signs on the same line
# ("Best regards, Alex Morgan"). `ends` is the closing's own punctuation: a comma (or none) where
# it leads to a name, "!" or "." where it is a sentence ("Thanks again!").
CLOSING_LINE = re.compile(
    r"^[ \t]*(?P<closing>(?:" + CLOSINGS + r"))[ \t]*"
    r"(?:(?P<ends>[,.!]?)[ \t]*|,[ \t]*(?P<name>[^\W\d_][\w'\u2019.-]*(?:[ \t]+[^\W\d_][\w'\u2019.-]*){0,3}))$",
    re.IGNORECASE,
)


def ended(sentence: str, mark: str = ".") -> str:
    """A sentence of advice ended with `mark`, without doubling the full stop that a name or a
    value it ends with has ("Leave it out of a note to Fabrikam, Inc.", never "Inc..").

    >>> ended("Leave the other company out of a note to Fabrikam, Inc.")
    'Leave the other company out of a note to Fabrikam, Inc.'
    """
    text = sentence.rstrip()
    if mark == "." and text.endswith((".", "!", "?", "\u2026")):
        return text
    return text + mark


def closing_line(line: str) -> re.Match | None:
    """The match of `line` as a closing line (`CLOSING_LINE`), None when it is none; a name after
    the closing never begins with a small letter ("Thanks, Alex", "Best, 张伟", never "Thanks, all")."""
    match = CLOSING_LINE.match(line.rstrip("\r"))
    if match is None or (match.group("name") and match.group("name")[0].islower()):
        return None
    return match


def leads_to_name(line: str) -> bool:
    """Whether `line` is a closing alone that leads to the name below it ("Best regards," or
    "Best regards"), not a sentence ("Thanks again!") nor a closing that signs itself ("Best,
    Alex"): what another closing must not follow (`doubled-closing`)."""
    match = closing_line(line)
    return match is not None and not match.group("name") and match.group("ends") in (",", "")


def opens_with_closing(signature: str) -> bool:
    """Whether a signature begins with a closing of its own ("Best,\nAlex Morgan", "Kind regards,
    Alex"): then it is the note's closing, and the note adds none (the composer)."""
    first = next((line for line in signature.splitlines() if line.strip()), "")
    return closing_line(first) is not None
# "Hi Marcus, thank you for ..." on one line, as in a LinkedIn note.
INLINE_GREETING = re.compile(
    r"^[ \t]*(?i:dear|hi|hello|hey|hiya|heya|howdy|yo|good\s+(?:morning|afternoon|evening)|"
    + FOREIGN_GREETINGS + r")[ \t]+"
    r"(?P<name>(?:(?:mr|mrs|ms|dr|prof)\.?[ \t]+)?[A-Z][\w'\u2019-]+(?:[ \t]+[A-Z][\w'\u2019-]+)?)"
    r"[ \t]*[,!:\u2014]"
)
_LINE = re.compile(r"[^\r\n]*")
_WORD = re.compile(r"[^\W\d_](?:[\w'\u2019.-]*[^\W_])?")
# A combining accent (e + U+0301, as some programs write 'é') is part of its word, though
# Python's \w leaves it out: a text that is not ASCII is read with these patterns.
MARKS = "\u0300-\u036f"
_WORD_ACCENTED = re.compile(rf"[^\W\d_][{MARKS}]*(?:[\w{MARKS}'\u2019.-]*(?:[^\W_]|[{MARKS}]))?")


def has_marks(text: str) -> bool:
    """Whether a text holds a combining mark beyond the Latin accents (U+0300-U+036F): a vowel
    sign or virama of Devanagari and other Indic scripts, Arabic vowel marks, Thai vowels... (a
    word is not split at them: `marked_words`)."""
    return any(char > "\u036f" and unicodedata.category(char)[0] == "M" for char in set(text))


@lru_cache(maxsize=4)
def marked_words(chars: str = ".-"):
    """The word pattern (`regex`) for a text with marks beyond the Latin accents (`has_marks`):
    every combining mark (Unicode category M: nonspacing, spacing such as Devanagari's vowel
    signs, enclosing) belongs to the word it is in, which Python's \\w leaves out ('शर्मा' is one
    word, not 'शर' and 'म'). `chars`: the punctuation a word may hold inside it."""
    import regex

    inner = "".join(re.escape(char) for char in chars)
    return regex.compile(rf"[^\W\d_]\p{{M}}*(?:[\w\p{{M}}'\u2019{inner}]*(?:[^\W_]|\p{{M}}))?")
# A run of stops is tried from its first mark only: tried at each mark of a long run ("!!!!...x"),
# it would scan the rest of the run each time (quadratic).
_TERMINATOR = re.compile(r"(?<![.!?])[.!?]+[\"'\u201d\u2019)\]]*(?=\s|$)|\r?\n[ \t]*\r?\n|\r?\n(?=[ \t]*[-*\u2022])")
_ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "prof", "e.g", "i.e", "etc", "vs", "approx", "st", "jr", "sr", "inc", "ltd", "co", "no"}
_LONGEST_ABBREVIATION = max(map(len, _ABBREVIATIONS))


def composed(text: str) -> str:
    """The text with its accents composed ('e' + U+0301 as 'é'), for reading its words where
    their positions do not matter."""
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Lowercase without accents, for comparing names ('José' == 'jose')."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower().replace("\u2019", "'")


class Written:
    """A text as written and as the rules read it: composed (NFC, 'e' + U+0301 as 'é'), with
    the way back from a position in the composed text to one in the written text.

    A text written with separate accent marks (as some Mac programs paste 'José') and the same
    text written composed are one text to the rules: the same names, words and sentences. The
    review reads `text`; it places what it finds in the text as written (`start`, `end`).
    """

    def __init__(self, written: str):
        self.written = written
        self._starts: list[int] | None = None  # None: the text is composed already
        self._ends: list[int] | None = None
        if written.isascii() or unicodedata.is_normalized("NFC", written):
            self.text = written
            return
        parts, starts, ends = [], [], []
        for begin, end in _clusters(written):
            piece = written[begin:end]
            made = unicodedata.normalize("NFC", piece)
            parts.append(made)
            if made == piece:  # as written: position for position
                starts.extend(range(begin, end))
                ends.extend(range(begin, end))
            else:  # 'é' from 'e' + U+0301: a position inside it is the whole of it
                starts.extend([begin] * len(made))
                ends.extend([begin] + [end] * (len(made) - 1))
        starts.append(len(written))
        ends.append(len(written))
        self.text = "".join(parts)
        self._starts, self._ends = starts, ends

    @property
    def changed(self) -> bool:
        """Whether the rules read another text than the one written."""
        return self._starts is not None

    def start(self, offset: int) -> int:
        """Where a span beginning at `offset` of `text` begins in the text as written."""
        return offset if self._starts is None else self._starts[offset]

    def end(self, offset: int) -> int:
        """Where a span ending at `offset` of `text` ends in the text as written."""
        return offset if self._ends is None else self._ends[offset]


def _clusters(text: str):
    """(start, end) of the runs of `text` that compose on their own: a letter with the marks
    after it (the marks may join it: 'e' + U+0301), or the letters that join into one (Hangul
    jamo into a syllable). Composing each run and joining them composes the whole text."""
    begin = 0
    for index in range(1, len(text)):
        char = text[index]
        if char.isascii() or (not _mark(char) and _apart(text[begin:index], char)):
            yield begin, index
            begin = index
    if text:
        yield begin, len(text)


def _mark(char: str) -> bool:
    """A mark, which belongs with what comes before it: a combining one, or a character that
    stands for marks (U+0F73, Tibetan ii, is U+0F71 U+0F72)."""
    return bool(unicodedata.combining(char) or unicodedata.combining(unicodedata.normalize("NFD", char)[0]))


def _apart(run: str, char: str) -> bool:
    """Whether `char` (a letter, not a mark) composes apart from the run before it."""
    return unicodedata.normalize("NFC", run + char) == unicodedata.normalize("NFC", run) + unicodedata.normalize("NFC", char)


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
            if match.group().startswith(".") and self._abbreviation(start, match.start()):
                continue
            spans.append(self._span(start, match.end()))
            start = match.end()
        spans.append(self._span(start, self.core_end))
        return [s for s in spans if s.text.strip()]

    def _abbreviation(self, start: int, stop: int) -> bool:
        """Whether the word before a full stop at `stop` is an abbreviation ('Dr.', 'e.g.'): read
        from a few characters back only, as a long sentence of them would otherwise be read again
        at each one (quadratic)."""
        before = self.text[max(start, stop - _LONGEST_ABBREVIATION - 2):stop].rsplit(None, 1)
        return bool(before) and before[-1].lower().strip("(") in _ABBREVIATIONS

    def _span(self, start: int, end: int) -> Span:
        raw = self.text[start:end]
        lead = len(raw) - len(raw.lstrip())
        body = raw.strip()
        return Span(start + lead, start + lead + len(body), body)

    @cached_property
    def words(self) -> list[Span]:
        """Words of the whole body (letters, inner apostrophes, dots and hyphens)."""
        return [Span(m.start(), m.end(), m.group()) for m in self._word_pattern().finditer(self.text)]

    def _word_pattern(self) -> re.Pattern:
        if self.text.isascii():
            return _WORD
        return marked_words() if has_marks(self.text) else _WORD_ACCENTED

    @cached_property
    def core_words(self) -> list[Span]:
        return [w for w in self.words if self.core_start <= w.start < self.core_end]

    def word_count(self) -> int:
        """Words of the core (as `core_words`, counted without keeping them), and the greeting's."""
        core = sum(1 for _ in self._word_pattern().finditer(self.text, self.core_start, self.core_end))
        return core + (len(self.greeting.text.split()) if self.greeting else 0)


# -- a LinkedIn note's length, as LinkedIn counts it --------------------------------------------


def linkedin_length(text: str) -> int:
    """The length of a LinkedIn note as LinkedIn's form counts it against the note limit.

    The form counts UTF-16 code units, what a JavaScript string's length gives: a character
    beyond the Basic Multilingual Plane (most emoji, 'mathematical' bold letters) counts 2, and
    an emoji built of several (a skin tone, a flag, a family) counts each of them. An accent
    pasted as a separate mark (e followed by U+0301, as some Mac programs write 'é') is a
    character of its own: the browser does not join it to its letter. A line break counts 1,
    CRLF included (the form's text has LF line breaks). The composer and the review both count
    with this, so that a note the review passes is a note LinkedIn takes whole.
    """
    if text.isascii():
        return len(text) - text.count("\r\n")
    return len(text.encode("utf-16-le", "surrogatepass")) // 2 - text.count("\r\n")


def linkedin_prefix(text: str, limit: int) -> int:
    """How many characters (Python's, code points) of `text` fit within `limit` as LinkedIn
    counts them (`linkedin_length`): where LinkedIn would cut the note."""
    if text.isascii() and "\r" not in text:
        return max(0, min(len(text), limit))
    count = 0
    for index, char in enumerate(text):
        step = 2 if char > "\uffff" else 0 if char == "\n" and index and text[index - 1] == "\r" else 1
        if count + step > limit:
            return index
        count += step
    return len(text)


def linkedin_difference(text: str) -> tuple[int, list[str]]:
    """For a text LinkedIn counts longer than it looks: how many characters it shows (grapheme
    clusters: an emoji with its skin tone is one, e + a combining accent is one, CRLF is one),
    and why LinkedIn's count differs (in words for the user); (shown, []) when it does not."""
    import regex

    shown = len(regex.findall(r"\X", text))
    if shown == linkedin_length(text):
        return shown, []
    reasons = []
    if any(char > "\uffff" or char in "\u200d\ufe0f" for char in text):
        reasons.append("an emoji counts 2 or more")
    if any(unicodedata.combining(char) for char in text):
        reasons.append("an accent typed as a separate mark counts 1 more")
    return shown, reasons or ["some characters count 2"]
