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
    dropped from the end; only a first sentence that alone is too long is cut at a word, and
    then it ends with a full stop rather than mid-thought. Accents are written composed (NFC:
    'é' as one character, not 'e' and a separate accent that LinkedIn counts as two).
    """
    text = unicodedata.normalize("NFC", " ".join(text.split()))
    if linkedin_length(text) <= limit:
        return text
    greeting, rest = _split_greeting(text)
    sentences = [s for s in _SENTENCE.split(rest) if s]
    sign = sentences.pop() if len(sentences) > 1 and len(sentences[-1].split()) <= 3 else ""
    while sentences:
        candidate = " ".join(p for p in (greeting, *sentences, sign) if p)
        if linkedin_length(candidate) <= limit:
            return candidate
        if len(sentences) == 1:
            break
        sentences.pop()
    head = " ".join(p for p in (greeting,) if p)
    room = limit - linkedin_length(head) - (1 if head else 0) - (linkedin_length(sign) + 1 if sign else 0)
    if room < 20:  # without space for a sign-off, keep only the message
        sign, room = "", limit - linkedin_length(head) - (1 if head else 0)
    cut = _cut_at_word(sentences[0] if sentences else rest, room)
    return " ".join(p for p in (head, cut, sign) if p)


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


def _cut_at_word(sentence: str, room: int) -> str:
    if linkedin_length(sentence) <= room:
        return sentence
    words = sentence[: linkedin_prefix(sentence, max(room - 1, 0))].rsplit(" ", 1)[0].rstrip(",;:-").split(" ")
    opener = max((i for i, w in enumerate(words) if i >= _KEEP and w.lower() in _CIRCUMSTANCE), default=None)
    if opener is not None:
        words = words[:opener]
    while len(words) > 1 and words[-1].lower() in _DANGLING:  # never end on "about the."
        words.pop()
    return " ".join(words).rstrip(",;:-") + "."
