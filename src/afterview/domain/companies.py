"""Companies' names: their legal form, and the name people call them by.

A company may be recorded, written in mail and named in a note with or without its legal form
("Acme", "Acme Corp", "ACME, Inc."; "Müller Logistik GmbH & Co. KG"). `LEGAL_FORMS` lists the
forms, as the words `name_words` reads them (case, the stops inside a word, "A/S"'s slash
aside; "&" read as "and"); `core_words` is a name without its legal form, to compare names by;
`common_name` is the name a note says, as the user wrote it but without its legal form. Neither
ever leaves a name with nothing: "Inc." and "The Company" are kept whole.

Only a form at the end of a name is taken off (several: "Sony Group Co., Ltd."), never one at
its start or inside it ("Plc Solutions", "AB Volvo", "Corpus Christi Health"), except the
Japanese, Chinese and Korean ones written before the name too ("株式会社ソニー").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# The Japanese, Chinese and Korean forms, written without a space ("ソニー株式会社"): each is a
# word of its own wherever it stands (`name_words`). "㈱" and "（株）" read as "(株)".
_CJK_FORMS = ("株式会社", "有限会社", "合同会社", "合資会社", "合名会社", "(株)", "(有)", "股份有限公司",
              "有限公司", "주식회사", "(주)", "유한회사")
# The legal forms, as `name_words` reads them (so "S.A.", "SA" and "s.a." are one form), by
# country: English-speaking; German, Austrian and Swiss; French and Belgian; Dutch; Spanish,
# Portuguese and Latin American; Italian; Nordic and Baltic; Central and Eastern European and
# Turkish; Asian and Australian. A form of several words ("a|b") is matched whole ("Private
# Limited": "Private" alone is no form), the longest first. Left out as too often a word of a
# name: "PC", "CV", "AD", "BT".
LEGAL_FORMS = frozenset(
    tuple(form.split("|"))
    for form in """
    inc incorporated corp corporation co company ltd limited llc llp lp lllp plc pllc pbc cic dac
    private|limited public|limited|company limited|liability|company limited|partnership
    limited|liability|partnership p|ltd
    gmbh ggmbh mbh gesmbh ag kg kgaa ohg gbr ug ek ev eg se ug|haftungsbeschränkt
    and|co|kg and|co|kgaa and|co|ohg and|cie|kg
    sa sas sasu sarl eurl sca scs snc scop sprl bvba srl cie
    bv nv vof
    sl slu sau sab lda ltda de|cv s|de|rl
    spa sapa
    ab oy oyj asa as aps hf uab sia oü
    sro sp|z|oo kft zrt nyrt doo dd ood eood jsc pjsc ooo oao pao zao aş ltd|şti
    kk gk kabushiki|kaisha godo|kaisha yugen|kaisha pty pte pvt bhd sdn tbk
    """.split()
) | {(form,) for form in _CJK_FORMS}
# Forms written before the name as well as after it: "株式会社ソニー", "Kabushiki Kaisha Toshiba".
# (Latin-script ones before a name are left: "AB Volvo", "PT Solutions", "SA Power Networks".)
LEADING_FORMS = frozenset({("株式会社",), ("有限会社",), ("合同会社",), ("(株)",), ("(有)",), ("주식회사",), ("(주)",),
                           ("kabushiki", "kaisha")})
# Forms that are ordinary words too ("Serenity Day Spa", "Just As"): forms only when written as
# one ("SpA", "SPA", "S.p.A.", "AS", "A/S", "a.s."), not as a word ("Spa", "as").
_WORDLIKE = frozenset({"spa", "as"})
# Forms a name is said with, which a note keeps (`common_name`): "Company" written out ("Ford
# Motor Company", "The Browser Company", "Fast Company"), and "Co."/"Company"/"Cie" after "&" or
# "and" ("Fenwick & Co.", "Bain & Company"): without them the name is another, or a person's.
_SAID = frozenset({("company",)})
_SAID_AFTER_AND = frozenset({("co",), ("company",), ("cie",)})
# Forms that "The" goes with: "The Kroger Co." is Kroger, "The Boeing Company" compares as Boeing.
_WITH_THE = frozenset({("co",), ("company",), ("corp",), ("corporation",)})
# Words that are not a name by themselves: a name of only these is kept whole ("The Company").
_NO_NAME = frozenset({"the", "and"})

_LONGEST = max(len(form) for form in LEGAL_FORMS | LEADING_FORMS)
_CJK_FORM = "|".join(re.escape(form) for form in sorted(_CJK_FORMS, key=len, reverse=True) + ["㈱", "㈲", "㈜",
                                                                                            "（株）", "（有）", "（주）"])
# A word's letters with their marks (an accent written apart, "Mu\u0308ller"; the vowel signs of
# the Indic scripts), which `\w` alone leaves out.
_MARKS = (r"\u0300-\u036F\u0483-\u0489\u0591-\u05C7\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED"
          r"\u0900-\u0963\u0966-\u0DFF\u0E00-\u0EFF\u1000-\u109F\u1AB0-\u1AFF\u1DC0-\u1DFF\u20D0-\u20FF"
          r"\u3099\u309A\uFE20-\uFE2F")
_LETTER = rf"[\w{_MARKS}]"
_TOKEN = re.compile(
    rf"{_CJK_FORM}"  # "株式会社", "(株)"
    r"|&"
    r"|\w(?:/\w)+(?![\w/])\.?"  # "A/S" (not "and/or": only single letters)
    rf"|{_LETTER}+(?:[.'’]{_LETTER}+)*\.?"  # "Acme", "S.A.", "McDonald's", "Booking.com"
)
_CJK_INSIDE = re.compile(_CJK_FORM)
# what may stand between a name and its form, taken off with it: "Acme, Inc.", "Acme (Pvt) Ltd"
_BETWEEN = " ,;:(-–—/"


@dataclass(frozen=True, slots=True)
class _Token:
    text: str
    start: int
    end: int
    key: str


_UNMARKED = str.maketrans("", "", ".'’/")


def _key(word: str) -> str:
    if word == "&":
        return "and"
    if word.isascii():
        return word.lower().translate(_UNMARKED)
    return unicodedata.normalize("NFKC", word).casefold().translate(_UNMARKED)


def _spans(text: str):
    """Each word of a text (see `name_words`) and where it is; a Japanese, Chinese or Korean
    form a word of its own wherever it is ("ソニー株式会社": "ソニー", "株式会社")."""
    for match in _TOKEN.finditer(text):
        word, start = match.group(), match.start()
        inside = None if word.isascii() else list(_CJK_INSIDE.finditer(word))
        if not inside:
            yield word, start
            continue
        at = 0
        for form in inside:
            if form.start() > at:
                yield word[at:form.start()], start + at
            yield form.group(), start + form.start()
            at = form.end()
        if at < len(word):
            yield word[at:], start + at


def _tokens(text: str) -> list[_Token]:
    return [_Token(word, start, start + len(word), _key(word)) for word, start in _spans(text)]


def name_words(text: str) -> list[str]:
    """A name or a text as words to compare names in: in one case and form (NFKC, casefolded),
    "&" read as "and", the stops and apostrophes inside a word left out ("S.A." is "sa",
    "McDonald's" "mcdonalds"), "A/S" one word ("as"), any other punctuation a space."""
    return [_key(word) for word, _ in _spans(text)]


def _is_form(tokens: list[_Token]) -> bool:
    form = tuple(t.key for t in tokens)
    if form not in LEGAL_FORMS:
        return False
    return not (len(form) == 1 and form[0] in _WORDLIKE and not any(c in tokens[0].text for c in "./")
                and (tokens[0].text.istitle() or tokens[0].text.islower()))


def _has_name(tokens: list[_Token]) -> bool:
    return any(t.key not in _NO_NAME for t in tokens)


@dataclass(frozen=True, slots=True)
class _Cut:
    """One legal form taken off the end of a name: the rest is tokens[:at]."""

    at: int
    form: tuple[str, ...]
    after_and: bool  # written after "&" or "and", which goes with it ("Fenwick & Co.")


def _leading(tokens: list[_Token]) -> int:
    """How many tokens at the start are a form written before the name ("株式会社ソニー")."""
    for size in range(min(_LONGEST, len(tokens) - 1), 0, -1):
        if tuple(t.key for t in tokens[:size]) in LEADING_FORMS and _has_name(tokens[size:]):
            return size
    return 0


def _cuts(tokens: list[_Token], first: int) -> list[_Cut]:
    """The legal forms at the end of a name (from tokens[first:]), the last first, each as long
    as it can be, while a name is left before them."""
    cuts: list[_Cut] = []
    end = len(tokens)
    while True:
        for size in range(min(_LONGEST, end - first - 1), 0, -1):
            at = end - size
            if _is_form(tokens[at:end]) and _has_name(tokens[first:at]):
                after_and = tokens[at - 1].key == "and" and _has_name(tokens[first:at - 1])
                end = at - 1 if after_and else at
                cuts.append(_Cut(end, tuple(t.key for t in tokens[at:at + size]), after_and))
                break
        else:
            return cuts


def _start(tokens: list[_Token], first: int, end: int, cuts: list[_Cut]) -> int:
    """Where the name begins: after a leading "The" that goes with the form taken off ("The
    Kroger Co."), if a name is left that is not a legal form too ("The AG Company")."""
    if (cuts and tokens[first].key == "the" and any(c.form in _WITH_THE for c in cuts)
            and any((t.key,) not in LEGAL_FORMS and t.key not in _NO_NAME for t in tokens[first + 1:end])):
        return first + 1
    return first


def core_words(name: str) -> list[str]:
    """A company's name without its legal form, as words to compare names by (`name_words`):
    "Acme Corporation", "Acme Corp." and "ACME, Inc." are ["acme"]; "Müller Logistik GmbH & Co.
    KG" is ["müller", "logistik"]; "Fenwick & Co." is ["fenwick"]; "The Boeing Company" is
    ["boeing"]. A name that is only a legal form ("Inc.", "The Company") keeps all its words."""
    tokens = _tokens(" ".join(str(name).split()))
    first = _leading(tokens)
    cuts = _cuts(tokens, first)
    end = cuts[-1].at if cuts else len(tokens)
    return [t.key for t in tokens[_start(tokens, first, end, cuts):end]]


def common_name(name: str) -> str:
    """The name a note calls a company by: the recorded name, in the user's own capitals and
    punctuation, without its legal form ("Brisk Analytics GmbH" is "Brisk Analytics", "Acme,
    Inc." "Acme", "Müller & Söhne GmbH" "Müller & Söhne", "Sony Group Co., Ltd." "Sony Group",
    "The Kroger Co." "Kroger"), but with the forms it is said with ("Ford Motor Company",
    "Fenwick & Co.", "Bain & Company"); the recorded name when nothing would be left ("Inc.",
    "The Company")."""
    text = " ".join(str(name).split())
    tokens = _tokens(text)
    first = _leading(tokens)
    cuts = []
    for cut in _cuts(tokens, first):
        if cut.form in _SAID or (cut.after_and and cut.form in _SAID_AFTER_AND):
            break
        cuts.append(cut)
    end = cuts[-1].at if cuts else len(tokens)
    start = _start(tokens, first, end, cuts)
    if start == 0 and not cuts:
        return text
    begin = tokens[start].start if start < len(tokens) else 0
    short = text[begin:tokens[end].start if end < len(tokens) else len(text)].rstrip(_BETWEEN)
    return short if any(c.isalnum() for c in short) else text


def names_company(name: str, text: str) -> bool:
    """Whether a text names a company, legal form aside, as whole words: "Fenwick and Hale win
    ..." names "Fenwick & Hale, Inc."; "Globex Corporation" names Globex, and "Globex" Globex
    Corporation."""
    core = core_words(name)
    words = name_words(text)
    return bool(core) and any(words[i:i + len(core)] == core for i in range(len(words) - len(core) + 1))
