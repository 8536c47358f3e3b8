"""spelling-mix: British and American spellings in one note ('organised' and 'realize')."""

from __future__ import annotations

import re

from afterview.reviewer.engine import Input, register
from afterview.reviewer.rules.spelling import _TOKEN, _mask, _skipped_spans, context_words, is_word, known_to

# Stems spelled -our in British and -or in American English, with the endings they take
# (a list, not a pattern: 'four', 'hour', 'your' and 'tour' are no 'for', 'hor', 'yor', 'tor').
_OUR = ("colour favour behaviour honour labour neighbour flavour humour rumour harbour endeavour rigour "
        "vigour odour armour savour vapour parlour valour clamour candour splendour fervour saviour").split()
_OUR_ENDINGS = "s|ed|ing|ite|ites|able|ably|al|ally|ful|fully|less|hood|er|ers|ist|ists|ism"
_OUR_WORD = re.compile(r"(" + "|".join(stem[:-3] for stem in _OUR) + r")(our|or)(" + _OUR_ENDINGS + r")?")
# Verbs doubling their final l before -ed, -ing, -er in British English only ('travelled').
_DOUBLE_L = "travel cancel model label signal fuel level channel total counsel marvel jewel dial equal".split()
_L_WORD = re.compile(r"(" + "|".join(_DOUBLE_L) + r")(l?)(ed|ing|er|ers)")
_TRE = {"centre": "center", "theatre": "theater", "litre": "liter", "fibre": "fiber",
        "calibre": "caliber", "lustre": "luster", "spectre": "specter", "sombre": "somber", "meagre": "meager"}
_PAIRS = {"defence": "defense", "offence": "offense", "grey": "gray", "catalogue": "catalog",
          "analogue": "analog", "mould": "mold", "manoeuvre": "maneuver", "aluminium": "aluminum",
          "paediatric": "pediatric", "anaesthesia": "anesthesia", "oestrogen": "estrogen"}
for _british, _american in list(_TRE.items()):
    _PAIRS[_british], _PAIRS[_british + "s"] = _american, _american + "s"
_AMERICAN = {american: british for british, american in _PAIRS.items()}
# -ise and -yse verbs and their family ('organised', 'organisation', 'analysing'); 'advise',
# 'revise', 'surprise' are -ise in both: a British form counts only when it is not itself a word
_ISE = re.compile(r"([a-z]{3,}[^aeiouy\W])([iy])([sz])(e|ed|es|er|ers|ing|ation|ations)")


def spelling_of(word: str) -> tuple[str, str] | None:
    """('british' or 'american', the other form) for a word spelled one way only; else None.

    >>> spelling_of("organised")
    ('british', 'organized')
    """
    if word in _PAIRS:
        return "british", _PAIRS[word]
    if word in _AMERICAN:
        return "american", _AMERICAN[word]
    found = _OUR_WORD.fullmatch(word)
    if found:
        stem, middle, ending = found.group(1), found.group(2), found.group(3) or ""
        if middle == "our":
            return "british", f"{stem}or{ending}"
        return "american", f"{stem}our{ending}"
    found = _L_WORD.fullmatch(word)
    if found:
        stem, doubled, ending = found.groups()
        return ("british", stem + ending) if doubled else ("american", f"{stem}l{ending}")
    found = _ISE.fullmatch(word)
    if found and len(word) >= 6:
        stem, vowel, letter, ending = found.groups()
        other = f"{stem}{vowel}{'z' if letter == 's' else 's'}{ending}"
        if letter == "s":  # British only when not itself a word ('advise') and its -ize form is one
            return ("british", other) if not _plain_word(word) and _plain_word(other) else None
        return ("american", other) if _plain_word(word) else None
    return None


def _plain_word(word: str) -> bool:
    """In the dictionary as it is (is_word also accepts a British form of a word)."""
    from afterview.reviewer.rules.spelling import _dictionary

    return word in _dictionary()


def check_spelling_mix(data: Input):
    known = context_words(data)
    forms: dict[str, dict[str, tuple[str, int, int]]] = {"british": {}, "american": {}}
    for field, text in data.fields():
        visible = _mask(text, _skipped_spans(data, field, text))
        for match in _TOKEN.finditer(visible):
            word = match.group()
            lower = word.lower()
            if not lower.isalpha() or known_to(known, word) or (word[:1].isupper() and not _opens(visible, match.start())):
                continue  # a name ('Colour Labs', 'Mr. Grey') is spelled as its owner spells it
            found = spelling_of(lower)
            if found is not None and (found[0] == "american" or is_word(lower)):
                forms[found[0]].setdefault(lower, (field, match.start(), match.end()))
    british, american = forms["british"], forms["american"]
    if not british or not american:
        return
    # placed on the first word of the spelling used less (where a fix is likely to go)
    fewer = british if len(british) <= len(american) else american
    field, start, end = next(iter(fewer.values()))
    both = [w for w in british if spelling_of(w)[1] in american]
    message = (f"British and American spellings mixed: {_quoted(british)} (British) and "
               f"{_quoted(american)} (American)")
    if both:
        message += f"; the same word both ways ({_quoted(both)})"
    yield data.find("spelling-mix", message, start, end,
                    "Pick one: British spelling for a reader in the UK, Ireland, Australia or India, "
                    "American for one in the US; then write every word that way.", field=field)


def _opens(text: str, start: int) -> bool:
    before = text[:start].rstrip(" \t\"'(")
    return not before or before[-1] in ".!?\n"


def _quoted(words) -> str:
    return ", ".join(f"'{w}'" for w in words)


register(("spelling-mix",), check_spelling_mix)
