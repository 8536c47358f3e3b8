"""Spelling: pyspellchecker's English dictionary, British variants, and the context's words.

The dictionary (about 180 ms to load) is imported on first use and kept for the process.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from afterview.reviewer.engine import Input, register
from afterview.reviewer.text import fold

# British -> American endings: the dictionary is American, both spellings are right.
_BRITISH = [
    (re.compile(r"our(?=(?:s|ed|ing|ite|ites|able|ably|al|ally|ful|less|hood|ist|er|ers|ism)?$)"), "or"),
    (re.compile(r"(?<=[^aeiou])is(?=(?:e|ed|es|er|ers|ing|ation|ations|able)$)"), "iz"),
    (re.compile(r"ys(?=(?:e|ed|es|er|ing)$)"), "yz"),
    (re.compile(r"tre(?=s?$)"), "ter"),
    (re.compile(r"tred$"), "tered"),
    (re.compile(r"ence(?=s?$)"), "ense"),
    (re.compile(r"ogue(?=s?$)"), "og"),
    (re.compile(r"ll(?=(?:ed|ing|er|ers|ation|ations)$)"), "l"),
    (re.compile(r"(?<=[aeiou][^aeiou])l(?=(?:s|ment|ments|ful)?$)"), "ll"),
    (re.compile(r"mme(?=s?$)"), "m"),
    (re.compile(r"(?<=[^aeiou])ae"), "e"),
    (re.compile(r"(?<=[^aeiou])oe"), "e"),
    (re.compile(r"^enquir"), "inquir"),
    (re.compile(r"que(?=s?$)"), "ck"),
    (re.compile(r"yse$"), "yze"),
    (re.compile(r"ogramme"), "ogram"),
    (re.compile(r"ement$"), "ment"),
]
_TOKEN = re.compile(r"[^\W\d_](?:[\w'\u2019-]*[^\W_])?")
_SKIP = re.compile(
    r"\S+@\S+|(?:https?://|www\.)\S+|\b[\w-]+\.(?:com|org|net|io|dev|ai|co|uk|de|edu|gov)\b\S*"
    r"|[@#]\w+|`[^`]*`|\b\w*\d\w*\b",
    re.IGNORECASE,
)
# Text speak is reported by the slang rule; reporting it again as a typo is noise.
_SLANG = frozenset("lol lmao rofl omg tbh btw imo imho idk ttyl brb smh fwiw thx thanx tnx tysm pls plz "
                   "rn hmu ikr xoxo xo awesomesauce".split())
_SENTENCE_START = re.compile(r"(?:^|[.!?:]\s+|\n\s*[-*\u2022]?\s*|[\"(\u201c]\s*)$")


@lru_cache(maxsize=1)
def _checker():
    from spellchecker import SpellChecker  # the dictionary loads here, once per process

    checker = SpellChecker(distance=1)
    extra = resources.files("afterview.reviewer").joinpath("words.txt").read_text("utf-8")
    checker.word_frequency.load_words([w for w in extra.split() if not w.startswith("#")])
    return checker


def is_word(word: str) -> bool:
    """Whether a lowercase word is in the dictionary, directly or in its British spelling."""
    dictionary = _checker().word_frequency.dictionary
    if word in dictionary:
        return True
    return any(variant in dictionary for variant in _variants(word))


@lru_cache(maxsize=4096)
def _variants(word: str) -> tuple[str, ...]:
    found = set()
    combined = word
    for pattern, replacement in _BRITISH:
        changed = pattern.sub(replacement, word)
        if changed != word:
            found.add(changed)
        combined = pattern.sub(replacement, combined)
    found.add(combined)
    return tuple(found - {word})


def known_to(context_words: set[str], word: str) -> bool:
    lower = fold(word)
    if lower in context_words:
        return True
    if lower.endswith("'s") and lower[:-2] in context_words:
        return True
    return False


def suggest(word: str) -> str | None:
    """The most frequent dictionary word one edit away, or None."""
    checker = _checker()
    candidates = checker.known(checker.edit_distance_1(word))
    if not candidates and len(word) <= 9:
        candidates = checker.known(checker.edit_distance_2(word))
    if not candidates:
        return None
    return max(candidates, key=lambda c: (checker.word_frequency.dictionary[c], c))


def context_words(data: Input) -> set[str]:
    ctx = data.context
    texts = [ctx.recipient_name, ctx.company, ctx.role, ctx.sender_name, *ctx.details,
             *ctx.other_companies, *ctx.known_words]
    words = set()
    for text in texts:
        for token in _TOKEN.findall(text):
            words.add(fold(token))
            words.update(fold(part) for part in re.split(r"[-'\u2019]", token) if part)
    return words


def check_spelling(data: Input):
    known = context_words(data)
    for field, text in data.fields():
        skip = _skipped_spans(data, field, text)
        capitalised_mid = _capitalised_mid(text)
        for match in _TOKEN.finditer(text):
            if any(s <= match.start() < e for s, e in skip):
                continue
            word = match.group().replace("\u2019", "'")
            for part, offset in _parts(word):
                if _misspelled(part, text, match.start() + offset, known, capitalised_mid):
                    hint = suggest(fold(part))
                    start = match.start() + offset
                    yield data.find("spelling", f"unknown word {part!r}", start, start + len(part),
                                    f"Did you mean {hint!r}? (or add it to personal-dictionary.txt)"
                                    if hint else "Check it, or add it to personal-dictionary.txt.",
                                    field=field)


def _parts(word: str):
    """Hyphenated words are checked part by part; possessive 's is dropped."""
    offset = 0
    for part in word.split("-"):
        clean = part[:-2] if part.lower().endswith("'s") else part.rstrip("'")
        if clean:
            yield clean, offset
        offset += len(part) + 1


def _misspelled(word: str, text: str, start: int, known: set[str], capitalised_mid: set[str]) -> bool:
    if len(word) < 2 or known_to(known, word) or word.lower() in _SLANG:
        return False
    if word.isupper() or (word[0].islower() and any(c.isupper() for c in word[1:])):
        return False  # acronyms and product names (SQL, iPhone)
    if word[0].isupper():
        if any(c.isupper() for c in word[1:]):
            return False  # JavaScript, GitHub
        at_start = _SENTENCE_START.search(text, 0, start) is not None
        if not at_start or word in capitalised_mid:
            return False  # a name: capitalised in mid-sentence
        # A capitalised unknown word opening a sentence is a name unless it is one edit from a word.
        lower = fold(word)
        return not is_word(lower) and not is_word(lower.replace("'", "")) and suggest(lower) is not None
    lower = fold(word)
    return not is_word(lower)


def _capitalised_mid(text: str) -> set[str]:
    """Capitalised words that also appear mid-sentence: names, wherever they appear."""
    found = set()
    for match in re.finditer(r"(?<=[a-z,;] )[A-Z][a-z'\u2019]+", text):
        found.add(match.group().replace("\u2019", "'"))
    return found


def _skipped_spans(data: Input, field: str, text: str) -> list[tuple[int, int]]:
    """Addresses, links, handles, numbers, and the greeting and signature (names live there)."""
    spans = [m.span() for m in _SKIP.finditer(text)]
    if field == "body":
        doc = data.doc
        if doc.greeting:
            spans.append((doc.greeting.start, doc.greeting.end))
        spans.append((doc.core_end, len(text)))
    return spans


register(("spelling",), check_spelling)
