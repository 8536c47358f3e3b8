"""Words as a keyboard without accents writes them: "fuer" for "für", "Gruesse" for "Grüße",
"ete" for "été". The reader's patterns are written with their accents; `any_spelling` makes each
one read these spellings too, and `spellings` gives a word's for lists of words.
"""

from __future__ import annotations

import unicodedata
from itertools import product

# German writes an umlaut without its dots as the vowel and an e ("Rueckmeldung"), sometimes as
# the bare vowel ("zuruck"), and ß as ss (always so in Switzerland)
_GERMAN = {"ä": ("ae", "a"), "ö": ("oe", "o"), "ü": ("ue", "u"), "ß": ("ss",)}


def forms(char: str) -> tuple[str, ...]:
    """A letter and the ways it is written without its accent: "ü" -> ("ü", "ue", "u"), "é" ->
    ("é", "e"); any other character alone."""
    if char.isascii() or not char.isalpha():
        return (char,)
    german = _GERMAN.get(char.lower())
    if german is not None:
        return (char, *german)
    base = unicodedata.normalize("NFD", char)[0]
    return (char, base) if base != char and base.isascii() and base.isalpha() else (char,)


def any_spelling(pattern: str) -> str:
    """A regular expression that also reads its accented letters written without their accents
    ("für" reads "fuer", "fur"; "été" reads "ete"). Letters inside a character class are left as
    they are (write "ü" rather than "[üu]"); so are escapes. Not for a look-behind: its
    alternatives would differ in width."""
    out: list[str] = []
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            out.append(pattern[i:i + 2])
            i += 2
        elif char == "[":
            end = _class_end(pattern, i)
            out.append(pattern[i:end])
            i = end
        else:
            written = forms(char)
            out.append(char if len(written) == 1 else f"(?:{'|'.join(written)})")
            i += 1
    return "".join(out)


def _class_end(pattern: str, start: int) -> int:
    """Where the character class opened at `start` ends (just after its "]")."""
    i = start + 1
    if pattern[i:i + 1] == "^":
        i += 1
    if pattern[i:i + 1] == "]":  # a "]" first is one of its characters
        i += 1
    while i < len(pattern) and pattern[i] != "]":
        i += 2 if pattern[i] == "\\" else 1
    return i + 1


def spellings(word: str) -> set[str]:
    """Every way of writing `word` with or without its accents: "grüße" -> {"grüße", "gruesse",
    "grusse", "grueße", ...}."""
    return {"".join(letters) for letters in product(*(forms(c) for c in word))}


def nfc(text: str) -> str:
    """Text with its accents composed: "u" followed by a combining diaeresis (as some mail programs
    send it) is "ü", which the patterns read."""
    return text if text.isascii() else unicodedata.normalize("NFC", text)
