"""Fitting a LinkedIn connection note into the account's character limit, gracefully.

Lengths are LinkedIn's (`linkedin_length`: UTF-16 code units, so an emoji counts 2), the count
the review checks the note with.
"""

from __future__ import annotations

import re
import unicodedata

from afterview.reviewer.text import linkedin_length, linkedin_prefix

_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def fit_note(text: str, limit: int) -> str:
    """The note on one paragraph within `limit` characters as LinkedIn counts them, dropping
    whole sentences first.

    The greeting and the first sentence (the reason to connect) are kept; later sentences are
    dropped from the end, one that asks to connect (`asks_to_connect`) only after the others;
    only a first sentence that alone is too long is cut at a word, and then it ends with a full stop rather than mid-thought. Accents are written composed (NFC:
    'é' as one character, not 'e' and a separate accent that LinkedIn counts as two).
    """
    text = unicodedata.normalize("NFC", " ".join(text.split()))
    if linkedin_length(text) <= limit:
        return text
    greeting, sentences, sign = _parts(text)
    while sentences:
        candidate = " ".join(p for p in (greeting, *sentences, sign) if p)
        if linkedin_length(candidate) <= limit:
            return candidate
        if len(sentences) == 1:
            break
        sentences.pop(_last_optional(sentences))
    rest = text if not greeting else text[len(greeting):].strip()
    head = " ".join(p for p in (greeting,) if p)
    room = limit - linkedin_length(head) - (1 if head else 0) - (linkedin_length(sign) + 1 if sign else 0)
    if room < 20:  # without space for a sign-off, keep only the message
        sign, room = "", limit - linkedin_length(head) - (1 if head else 0)
    cut = _cut_at_word(sentences[0] if sentences else rest, room)
    return " ".join(p for p in (head, cut, sign) if p)


# A sentence that asks to connect, or looks forward to working together: what a LinkedIn note is
# for, kept over every other sentence but the first ("I would like to stay connected.").
_ASK = re.compile(r"\b(?:connect(?:ed|ing|ion)?|(?:stay|keep|keeping|staying) in touch|touch base|network|"
                  r"work(?:ing)? (?:with you|together|alongside))\b", re.IGNORECASE)


def asks_to_connect(sentence: str) -> bool:
    """Whether a sentence of a note asks to connect ("I would be glad to stay in touch here.")."""
    return bool(_ASK.search(sentence))


def _parts(text: str) -> tuple[str, list[str], str]:
    """A note on one line as (its greeting, its sentences, its sign-off: a last "sentence" of at
    most three words, "Alex")."""
    greeting, rest = _split_greeting(text)
    sentences = [s for s in _SENTENCE.split(rest) if s]
    sign = sentences.pop() if len(sentences) > 1 and len(sentences[-1].split()) <= 3 else ""
    return greeting, sentences, sign


def _last_optional(sentences: list[str]) -> int:
    """Which sentence goes first when a note is too long: the last one after the first that does
    not ask to connect, else the last one."""
    return next((i for i in range(len(sentences) - 1, 0, -1) if not asks_to_connect(sentences[i])),
                len(sentences) - 1)


def without_optional(text: str, limit: int) -> str:
    """A note (on one line, accents composed) with its optional sentences dropped, the last first,
    until it fits `limit`: never its greeting, its first sentence (the reason to connect), a
    sentence that asks to connect, nor its sign-off. As short as that goes when it never fits."""
    text = unicodedata.normalize("NFC", " ".join(text.split()))
    greeting, sentences, sign = _parts(text)
    while linkedin_length(text) > limit:
        optional = [i for i in range(1, len(sentences)) if not asks_to_connect(sentences[i])]
        if not optional:
            break
        sentences.pop(optional[-1])
        text = " ".join(p for p in (greeting, *sentences, sign) if p)
    return text


def _split_greeting(text: str) -> tuple[str, str]:
    match = re.match(r"^((?:Hi|Hello|Dear)\s[^,]{1,60},)\s*(.*)$", text)
    return (match.group(1), match.group(2)) if match else ("", text)


_DANGLING = frozenset(
    "a an the of and or to in on for with about during my our your their at by from as".split()
)


# Words that open a phrase of circumstance ("during my Fabrikam interviews"): a phrase cut
# short there is dropped whole, rather than ending on "during my Fabrikam."
_CIRCUMSTANCE = frozenset("during at in when while after before since".split())
_KEEP = 5  # ... when at least this many words are left before it


# Where a long sentence may end: before a comma or a semicolon, or before "and"/"or" that
# starts another item of a list ("the backfill strategy, the canary plan, and how the on-call
# team ...").
_CLAUSE_END = re.compile(r"\s*[,;]\s+|\s+(?=(?:and|or)\s)")
_JOINERS = frozenset("and or but including which who where when while as such with".split())


def fits(text: str, limit: int) -> bool:
    """Whether a note fits `limit` as it will be sent: on one line, accents composed, counted as
    LinkedIn counts (`fit_note` then changes nothing)."""
    return linkedin_length(unicodedata.normalize("NFC", " ".join(text.split()))) <= limit


def clause_cuts(text: str, least: int = 3) -> list[str]:
    """The whole phrases a phrase can be shortened to, longest first: up to each of its clause
    boundaries (`_CLAUSE_END`), with at least `least` words and not ending on a small word, two
    kept items of a list joined by "and" (as `_cut_at_clause` does)."""
    cuts = []
    for found in reversed(list(_CLAUSE_END.finditer(text))):
        kept = _whole(text[:found.start()], least)
        if kept and kept not in cuts:
            cuts.append(kept)
    return cuts


# Words that open a phrase a noun phrase can end before: "moving the batch jobs | to streaming",
# "data contracts | between product teams".
_PREPOSITIONS = frozenset(
    "of on in for with at to from between across into about over under via around within without "
    "through during after before against among per".split())


def head_cuts(text: str, least: int = 2) -> list[str]:
    """The phrase up to each preposition that follows at least `least` words, longest first:
    "moving the nightly batch jobs to streaming" gives "moving the nightly batch jobs" (what
    comes before a preposition reads whole; a phrase that cannot be shortened so gives none)."""
    words = text.split()
    cuts = []
    for index in range(len(words) - 1, least - 1, -1):
        if words[index].lower() in _PREPOSITIONS:
            kept = _whole(" ".join(words[:index]), least)
            if kept and kept not in cuts:
                cuts.append(kept)
    return cuts


def _whole(text: str, least: int) -> str:
    kept = text.rstrip(" ,;:-")
    words = kept.split()
    if len(words) < least or words[-1].lower() in _DANGLING:
        return ""
    items = kept.split(", ")
    if len(items) >= 3 and items[-1].split()[0].lower() not in _JOINERS:
        kept = ", ".join(items[:-1]) + " and " + items[-1]  # "A, B" -> "A and B"
    return kept


def _cut_at_clause(text: str) -> str:
    """`text` (the part of a sentence that fits) up to its last clause boundary, as a sentence
    that reads whole: "about X, including A, B, and how the on-call" reads "about X, including
    A and B" (two kept items of a list are joined by "and"); "" when no boundary leaves at
    least `_KEEP` words."""
    return next(iter(clause_cuts(text, _KEEP)), "")


def _cut_at_word(sentence: str, room: int) -> str:
    """A first sentence too long for the note: cut at its last clause boundary that fits (see
    `_cut_at_clause`), else at a word, never mid-phrase on a small word."""
    if linkedin_length(sentence) <= room:
        return sentence
    fits = sentence[: linkedin_prefix(sentence, max(room - 1, 0))]
    if fits != sentence and not sentence[len(fits):len(fits) + 1].isspace():
        fits = fits.rsplit(" ", 1)[0]  # the last word was cut: it does not count
    clause = _cut_at_clause(fits)
    if clause:
        return clause + "."
    words = fits.rstrip(" ,;:-").split(" ")
    opener = max((i for i, w in enumerate(words) if i >= _KEEP and w.lower() in _CIRCUMSTANCE), default=None)
    if opener is not None:
        words = words[:opener]
    while len(words) > 1 and words[-1].lower() in _DANGLING:  # never end on "about the."
        words.pop()
    return " ".join(words).rstrip(",;:-") + "."
