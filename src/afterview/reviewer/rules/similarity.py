"""near-duplicate: word-pair overlap with the other notes of the same interview loop;
repeated-sentence: the same sentence twice or more in one note.

Each note is reduced to the set of adjacent word pairs inside its sentences, after removing
the greeting, the sign-off and the names of the people greeted. A set ignores sentence
order, and pairs survive a changed greeting or a swapped word here and there.
"""

from __future__ import annotations

import re

from afterview.reviewer.engine import Input, register
from afterview.reviewer.text import Doc, composed, fold

_WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)?")  # of a text with composed accents (text.composed)


def shingles(doc: Doc, drop: set[str]) -> set[tuple[str, str]]:
    pairs = set()
    for sentence in doc.sentences:
        words = [w for w in (fold(t) for t in _WORD.findall(composed(sentence.text))) if w not in drop]
        pairs.update(zip(words, words[1:]))
        if len(words) == 1:
            pairs.add((words[0], ""))
    return pairs


def overlap(a: set, b: set) -> float:
    """Share of the smaller note that the other one repeats (0-1)."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def _greeted(doc: Doc) -> set[str]:
    return set(fold(doc.greeting_name.text).replace(".", " ").split()) if doc.greeting_name else set()


def check_duplicates(data: Input):
    siblings = [Doc(text) for text in data.context.siblings if text and text.strip()]
    if not siblings:
        return
    names = set(fold(data.context.recipient_name).split()) | _greeted(data.doc)
    mine = shingles(data.doc, names)
    if len(mine) < 6:
        return
    best, which = 0.0, None
    for index, sibling in enumerate(siblings):
        score = overlap(mine, shingles(sibling, names | _greeted(sibling)))
        if score > best:
            best, which = score, (index, sibling)
    if which is None or best < data.config.near_duplicate:
        return
    _, sibling = which
    # the other note by the name it greets; its place among the siblings means nothing to a reader
    to = f"your note to {sibling.greeting_name.text}, another member" if sibling.greeting_name else \
        "your note to another member"
    yield data.find("near-duplicate", f"{best:.0%} the same as {to} of this interview loop", *data.doc.core_span,
                    "Rewrite the middle around what this person discussed with you.")


# A sentence shorter than this may repeat on purpose ("Thank you." in the opening and the close).
_MIN_REPEATED_WORDS = 4


def check_repeated_sentences(data: Input):
    """Each sentence of the note that appears again (its words, in any case and spacing), once,
    at its second copy, with the number of copies."""
    copies: dict[tuple[str, ...], list] = {}
    for sentence in data.doc.sentences:
        words = tuple(fold(w) for w in _WORD.findall(composed(sentence.text)))
        if len(words) >= _MIN_REPEATED_WORDS:
            copies.setdefault(words, []).append(sentence)
    for spans in copies.values():
        if len(spans) < 2:
            continue
        first, second = spans[0], spans[1]
        shown = first.text if len(first.text) <= 60 else first.text[:57] + "..."
        times = "twice" if len(spans) == 2 else f"{len(spans)} times"
        yield data.find("repeated-sentence", f"the sentence {shown!r} appears {times} in this note",
                        second.start, spans[-1].end,
                        "Keep it once and delete the other copies." if len(spans) > 2
                        else "Keep it once and delete the other copy.")


register(("near-duplicate",), check_duplicates)
register(("repeated-sentence",), check_repeated_sentences)
