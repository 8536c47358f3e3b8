"""Shorthand that reads as a note to self in prose: "eng" (engineering), a half-year ("H2") or a
quarter ("Q3") after a word of time ("in H2", "by Q3", "end of Q4"). Shared by the review's
spelling rule and the composer's topic hints, so that what a draft is told about is what its
review reports.

A quarter or a half-year stands alone only after such a word: "the H2 database", "HTTP/2",
"an Audi Q3" and "H2O" are names, never reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_WORDS_OUT = {"eng": "engineering"}
_ORDINALS = {"1": "first", "2": "second", "3": "third", "4": "fourth"}
_TIME = (r"in|by|for|during|until|till|before|after|from|through|throughout|since|next|this|last|early|late|"
         r"mid|of|into|across|over")
_PERIOD = re.compile(rf"(?<![\w/.@=-])(?:{_TIME})(?:\s+|-)(?P<word>H[12]|Q[1-4])(?![\w/@=+]|[.-]\w)",
                     re.IGNORECASE)
_WORD = re.compile(r"(?<![\w/.@=#'\u2019-])(?P<word>eng)(?![\w/@=#'\u2019]|[.-]\w)")


@dataclass(frozen=True, slots=True)
class Shorthand:
    word: str  # as typed: "eng", "H2"
    start: int
    end: int
    meant: str  # written out: "engineering", "the second half of the year"


def shorthand_in(text: str) -> list[Shorthand]:
    """The shorthand of prose in `text`, in order.

    >>> [s.word for s in shorthand_in("hiring for the eng team in H2")]
    ['eng', 'H2']
    >>> shorthand_in("the H2 database, an Audi Q3, HTTP/2")
    []
    """
    found = [Shorthand(m["word"], m.start("word"), m.end("word"), _WORDS_OUT[m["word"]]) for m in _WORD.finditer(text)]
    for m in _PERIOD.finditer(text):
        word = m["word"]
        if not word[0].isupper():
            continue  # "in h2" is too unlike the shorthand to be sure of
        number = _ORDINALS[word[1]]
        meant = f"the {number} half of the year" if word[0] == "H" else f"the {number} quarter"
        found.append(Shorthand(word, m.start("word"), m.end("word"), meant))
    return sorted(found, key=lambda s: s.start)
