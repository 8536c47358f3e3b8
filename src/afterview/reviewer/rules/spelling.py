"""Spelling: pyspellchecker's English dictionary, British variants, and the context's words.

The dictionary (about 150 ms to load) is read on first use and kept for the process.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from importlib import resources
from pathlib import Path

from afterview.reviewer.engine import Input, register
from afterview.reviewer.rules.phrases import SLANG_WORDS
from afterview.reviewer.invisible import Unseen
from afterview.reviewer.shorthand import shorthand_in
from afterview.reviewer.text import MARKS, composed, fold, has_marks, marked_words

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
_TOKEN_ACCENTED = re.compile(rf"[^\W\d_][{MARKS}]*(?:[\w{MARKS}'\u2019-]*(?:[^\W_]|[{MARKS}]))?")
# Each pattern starts only where a run of its letters starts: tried at every letter of a long
# unbroken run, it would scan the rest of the run each time (quadratic).
_SKIP = re.compile(
    r"(?<![\w.%+-])[\w.%+-]+@\S+|(?:https?://|www\.)\S+"
    r"|(?<![\w-])[\w-]+\.(?:com|org|net|io|dev|ai|co|uk|de|edu|gov)\b\S*"
    r"|[@#]\w+|`[^`]*`|\b\w*\d\w*\b",
    re.IGNORECASE,
)
# Text speak is reported by the slang rule; reporting it again as a typo is noise.
_SLANG = SLANG_WORDS
_SENTENCE_START = re.compile(r"(?:[.!?:]\s+|\n\s*[-*\u2022]?\s*|[\"(\u201c]\s*)$")


def latin(word: str) -> bool:
    """Whether every letter of a word is a Latin one ('café', 'Weiß', 'Nguyễn'): only those are
    read against the English dictionary. A word with a letter of another script (Greek, Cyrillic,
    Arabic, Devanagari, Chinese, Japanese, Korean ...) is never reported as misspelled."""
    return word.isascii() or all(not char.isalpha() or _latin_letter(char) for char in word)


@lru_cache(maxsize=4096)
def _latin_letter(char: str) -> bool:
    return char.isascii() or unicodedata.name(char, "").startswith("LATIN")


def _opens_sentence(text: str, start: int, lead: int) -> bool:
    """Whether the word at `start` opens a sentence (`lead`: where the text's first word is)."""
    if start <= lead:
        return True
    return _SENTENCE_START.search(text[max(0, start - 12):start]) is not None


@lru_cache(maxsize=1)
def _dictionary() -> dict[str, int]:
    """pyspellchecker's English word frequencies plus words.txt, loaded once per process.

    Parsing the 2.7 MB JSON list is most of a cold `afterview lint`; the merged table is kept
    in the cache folder as marshal data, which loads about three times faster.
    """
    import marshal

    cache = _cache_file()
    if cache is not None:
        try:
            words = marshal.loads(cache.read_bytes())
            if isinstance(words, dict):
                return words
        except (OSError, EOFError, ValueError, TypeError):
            pass  # missing or damaged: rebuilt below
    words = _build_dictionary()
    if cache is not None:
        _write_cache(cache, marshal.dumps(words))
    return words


def _build_dictionary() -> dict[str, int]:
    import gzip
    import json

    words: dict[str, int] = json.loads(gzip.decompress(_frequency_list().read_bytes()))
    for line in _extra_words().splitlines():
        if not line.startswith("#"):
            for word in line.split():
                words.setdefault(word.lower(), 1)
    return words


def _extra_words() -> str:
    return resources.files("afterview.reviewer").joinpath("words.txt").read_text("utf-8")


def _frequency_list() -> Path:
    """pyspellchecker's English list, found without importing the package (it is not used)."""
    import importlib.util

    spec = importlib.util.find_spec("spellchecker")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("pyspellchecker is not installed")
    return Path(list(spec.submodule_search_locations)[0]) / "resources" / "en.json.gz"


def _cache_file() -> Path | None:
    """Where the merged table is cached, named after what it is built from; None if unknown."""
    import hashlib

    from afterview.config import paths

    try:
        listing = _frequency_list().stat()
        source = f"{listing.st_size}:{listing.st_mtime_ns}:" + _extra_words()
    except OSError:
        return None
    digest = hashlib.sha256(source.encode()).hexdigest()[:16]
    return paths().data / "cache" / f"spelling-{digest}.marshal"


def _write_cache(path, data: bytes) -> None:
    write_cache(path, data, "spelling")


def write_cache(path, data: bytes, name: str) -> None:
    """Write a cache file `name`-*.marshal atomically; a read-only or full disk only costs
    speed, and leaves no temporary file behind (docs/storage.md): a half-written one is removed
    whatever stopped the write. The older files of the same name are removed."""
    import os
    import tempfile

    temp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{name}-")
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(temp, path)
        temp = None
        for old in path.parent.glob(f"{name}-*.marshal"):
            if old != path:  # built from an older dictionary, words.txt or package
                old.unlink(missing_ok=True)
    except OSError:
        pass
    finally:
        if temp is not None:
            try:
                os.unlink(temp)
            except OSError:
                pass


@lru_cache(maxsize=16384)
def is_word(word: str) -> bool:
    """Whether a lowercase word is in the dictionary, directly or in its British spelling."""
    dictionary = _dictionary()
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


_COMMON_WORD = 100_000  # occurrences in pyspellchecker's English frequency list


def frequency(word: str) -> int:
    """How common a word is in the dictionary's frequency list (0 when unknown)."""
    return _dictionary().get(word, 0)


def known_to(context_words: set[str], word: str) -> bool:
    lower = fold(word)
    if lower in context_words:
        return True
    if lower.endswith("'s") and lower[:-2] in context_words:
        return True
    return False


_LETTERS = "abcdefghijklmnopqrstuvwxyz"
# The dictionary's longest word ('pneumonoultramicroscopicsilicovolcanoconiosis'); the edits
# of a longer token find nothing and cost memory quadratic in its length.
MAX_WORD = 45


# Words a suggestion never offers: a note's reader would see the checker propose them
# ("lookups" -> "hookups").
_RUDE = frozenset("""
    hookup hookups hooker hookers sex sexy sexual porn porno booty boob boobs butt butts ass asses arse
    crap damn damned hell piss pissed shit shits fuck fucks dick dicks cock cocks tit tits slut sluts
    whore whores bitch bitches bastard bastards nude nudes horny rape raped penis anal orgasm erotic
    stripper strippers kinky fetish
""".split())
_SHORTHAND_PREFIX = 1000  # how common a word a typed stem must begin to read as cut short
_VOWELS = frozenset("aeiouy")


@lru_cache(maxsize=256)
def shorthand(word: str) -> bool:
    """Whether an unknown lowercase word reads as shorthand rather than a typo: no vowel
    ('mgmt', 'msg'), or the first three to six letters of a common word ('sched', 'migr'),
    where a one-edit suggestion ('shed', 'mir') would be wrong."""
    if not word.isalpha() or not word.islower() or not 3 <= len(word) <= 6:
        return False
    if not _VOWELS.intersection(word):
        return True
    dictionary = _dictionary()
    return any(len(known) >= len(word) + 2 and known.startswith(word) and count >= _SHORTHAND_PREFIX
               for known, count in dictionary.items())


@lru_cache(maxsize=1024)
def suggest(word: str) -> str | None:
    """The most frequent dictionary word one edit away (Norvig's edits), or None (always for a
    token longer than any word: its edits would take memory quadratic in its length)."""
    if len(word) > MAX_WORD + 1:
        return None
    dictionary = _dictionary()
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    edits = {left + right[1:] for left, right in splits if right}
    edits |= {left + right[1] + right[0] + right[2:] for left, right in splits if len(right) > 1}
    edits |= {left + c + right[1:] for left, right in splits if right for c in _LETTERS}
    edits |= {left + c + right for left, right in splits for c in _LETTERS}
    known = [w for w in edits if w in dictionary and w != word and w not in _RUDE]
    return max(known, key=lambda w: (dictionary[w], w)) if known else None


def context_words(data: Input) -> set[str]:
    """The words spelling never reports: those of the names, the companies, the role and the
    known words (people, companies, your personal dictionary), as they are; of your own notes
    (debrief details, news), only the names and terms, as written there: a word with a capital
    or a digit in it ('Kafka', 'PySpark', 'S3'). An ordinary word in lower case is checked, as
    what you type into a debrief ('becuase', 'maintaing') goes out when a note repeats it."""
    ctx = data.context
    names = [ctx.recipient_name, ctx.company, ctx.recipient_company, ctx.role, ctx.sender_name,
             *ctx.other_companies, *ctx.known_words]
    words: set[str] = set()
    for text in names:
        for token in _TOKEN.findall(composed(text)):
            _add(words, token)
    for text in [*ctx.details, *ctx.news]:
        for token in _TOKEN.findall(composed(text)):
            if _name_or_term(token):
                _add(words, token)
    return words


def _add(words: set[str], token: str) -> None:
    words.add(fold(token))
    words.update(fold(part) for part in re.split(r"[-'\u2019]", token) if part)


def _name_or_term(token: str) -> bool:
    """Whether a word of your notes is a name or a term as written: a capital anywhere in it
    ('Kafka', 'PySpark', 'EMR') or a digit ('S3', 'k8s')."""
    return any(char.isupper() or char.isdigit() for char in token)


def _one_edit(a: str, b: str) -> bool:
    """Whether two different words are one edit apart: a letter left out, added, changed, or two
    neighbours swapped ('Robtics' and 'Robotics', 'Pryia' and 'Priya')."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) < len(b):
        return a[i:] == b[i + 1:]
    return a[i + 1:] == b[i + 1:] or (a[i + 2:] == b[i + 2:] and a[i:i + 2] == b[i:i + 2][::-1])


def _two_swaps(a: str, b: str) -> bool:
    """Whether two words of the same letters are two swaps of neighbours apart: a letter moved two
    places ('Pryai' for 'Priya'), or two pairs swapped ('Rpiay'). Letters changed, added or left
    out are not: 'Priyanka' and 'Supriya' are other names."""
    if len(a) != len(b):
        return False
    diff = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
    if len(diff) == 3 and diff[2] - diff[0] == 2:
        x, y = a[diff[0]:diff[0] + 3], b[diff[0]:diff[0] + 3]
        return y in (x[1:] + x[0], x[2] + x[:2])
    if len(diff) == 4 and diff[1] == diff[0] + 1 and diff[3] == diff[2] + 1:
        return all(a[i] == b[i + 1] and a[i + 1] == b[i] for i in (diff[0], diff[2]))
    return False


def _names_of(data: Input) -> dict[str, str]:
    """The words of the recipient's name, the company and the role, as written there, by their
    folded form (those of five letters or more: a short name is too near too many others)."""
    ctx = data.context
    found: dict[str, str] = {}
    for text in (ctx.recipient_name, ctx.company, ctx.role):
        for token in _TOKEN.findall(composed(text or "")):
            if len(token) >= 5:
                found.setdefault(fold(token), token)
    return found


def _near_name(part: str, names: dict[str, str], known: set[str]) -> tuple[str | None, str]:
    """The name, company or role word that a capitalised word not known anywhere is one edit
    from ('Fabrikam Robtics' for Fabrikam Robotics, 'Pryia' for Priya), or two swaps of
    neighbouring letters from ('Pryai' for Priya), and how it differs; (None, "") for none."""
    if len(part) < 5 or not part[0].isupper() or known_to(known, part):
        return None, ""
    folded = fold(part)
    for word, written in names.items():
        if _one_edit(folded, word):
            return written, "one letter"
        if _two_swaps(folded, word):
            return written, "two swapped letters"
    return None, ""


def check_spelling(data: Input):
    known = context_words(data)
    dictionary = _dictionary()
    names = _names_of(data)
    # A word found wrong is said once, where it is first written, with how often it is:
    # ("unknown word 'mucho' (20 times)"), not once for each time. word -> [finding, times]
    repeated: dict[tuple[str, str], list] = {}

    def once(key: tuple[str, str], make) -> None:
        if key in repeated:
            repeated[key][1] += 1
        else:
            repeated[key] = [make(), 1]

    yield from _words_and_marks(data, known, dictionary, names, once)
    for finding, times in repeated.values():
        if times > 1:
            finding.message += f" ({times} times)"
        yield finding


def _words_and_marks(data: Input, known, dictionary, names, once):
    """The spelling findings of each field; those about a word go to `once(key, make)`."""
    for field, given in data.fields():
        # words read whole, without the invisible characters pasted in them ("con", U+200B,
        # "versation"): said once, by the invisible-character rule; what is found here is placed
        # in the text as given
        unseen = Unseen.of(given)
        place = _placing(unseen)
        here = once if not unseen.changed else (lambda key, make, place=place: once(key, lambda: place(make())))
        text = unseen.text
        skipped = [unseen.inside(start, end) for start, end in _skipped_spans(data, field, given)]
        visible = _mask(text, skipped)
        capitalised_mid = _capitalised_mid(text)
        lead = len(text) - len(text.lstrip())
        plain = text.isascii()
        tokens = _TOKEN if plain else marked_words("-") if has_marks(text) else _TOKEN_ACCENTED
        placed = _places_in_lower_case(data, field, visible, here)
        for match in tokens.finditer(visible):
            if placed and any(start <= match.start() < end for start, end in placed):
                continue  # said as a place's name in lower case, not again as a word
            written = match.group().replace("\u2019", "'")
            word = written if plain else composed(written)
            if word.lower() in dictionary:
                continue  # most words: known as they are, wherever they stand
            if not plain and not latin(word):
                continue  # 'शर्मा', '张伟', 'ليلى', 'Αθήνα': not for an English dictionary to judge
            if "-" in word and (is_word(fold(word)) or known_to(known, word)):
                continue  # 'co-op', 'follow-up' as a whole
            for written_part, offset in _parts(written):
                part = written_part if plain else composed(written_part)  # checked composed, placed as written
                length = len(written_part)
                near, how = _near_name(part, names, known) if names else (None, "")
                start = match.start() + offset
                if near is not None:  # a name of the note misspelled: found wherever it stands
                    here(("near", part), lambda: data.find(
                        "spelling", f"{part!r} is {how} from {near!r}, as the recipient, the company or the "
                        "role is written", start, start + length, f"Did you mean {near!r}?", field=field))
                elif len(part) > MAX_WORD:  # a pasted hash or a run of keys: said once, shortened
                    here(("long", part), lambda: data.find(
                        "spelling", f"a {len(part):,}-letter word {part[:20] + '...'!r}", start, start + length,
                        "No English word is this long: check what was pasted here.", field=field))
                elif _in_a_name(visible, match.start(), match.end(), part):
                    continue  # 'und' of 'Müller und Partner', 'y' of 'Ortiz y Asociados'
                elif _misspelled(part, text, start, lead, known, capitalised_mid):
                    def unknown():
                        if shorthand(part):
                            return data.find("spelling", f"{part!r} reads as shorthand", start, start + length,
                                             "Write the word out in full (or add it to "
                                             "personal-dictionary.txt).", field=field)
                        hint = suggest(fold(part))
                        return data.find("spelling", f"unknown word {part!r}", start, start + length,
                                         f"Did you mean {hint!r}? (or add it to personal-dictionary.txt)"
                                         if hint else "Check it, or add it to personal-dictionary.txt.",
                                         field=field)

                    here(("unknown", fold(part)), unknown)
        for short in shorthand_in(text):  # "the eng team", "in H2": a note to self, in a note
            if any(s <= short.start and short.end <= e and e - s > short.end - short.start for s, e in skipped):
                continue  # inside a link, an address, the greeting or the signature (a number alone is not)
            here(("shorthand", short.word), lambda short=short: data.find(
                "spelling", f"{short.word!r} reads as shorthand", short.start, short.end,
                f"Write it out in full: {short.meant!r}.", field=field))
        for match in DOUBLE_STOP.finditer(text):
            if visible[match.start():match.end()] != "..":
                continue  # in a link, an address, the signature
            yield place(data.find("spelling", "two full stops '..'", match.start(), match.end(),
                                  "Keep one full stop (after 'Inc.' too), or write an ellipsis '...'.",
                                  field=field))
        yield from map(place, _doubled_words(data, field, visible, known))
        yield from map(place, _its(data, field, visible))
        for match in _lower_i(visible):  # said once, with how often, as a word found wrong is
            word, start, end = match.group(), match.start(), match.end()
            here(("lower-i", field, word.replace("\u2019", "'")), lambda: data.find(
                "spelling", f"'{word}' in lower case: the pronoun is written '{'I' + word[1:]}'", start, end,
                f"Write '{'I' + word[1:]}'.", field=field))


def _placing(unseen: Unseen):
    """What places a finding in the text as given, from the text as read without its invisible
    characters (`unseen`)."""
    def place(finding):
        if unseen.changed and finding.start is not None:
            finding.start = unseen.start(finding.start)
        if unseen.changed and finding.end is not None:
            finding.end = unseen.end(finding.end)
        return finding

    return place


def _places_in_lower_case(data: Input, field: str, visible: str, once) -> list[tuple[int, int]]:
    """A place's name written in lower case ('we are both from ohio', 'the london office'),
    each said once with its capitals as the suggestion (`reviewer.places`); the spans found.
    A word the context writes in lower case itself (a company's or a person's name as written,
    your personal dictionary) is theirs to write so."""
    from afterview.reviewer.places import lower_case_places

    found = lower_case_places(visible)
    if not found:
        return []
    ctx = data.context
    theirs = {token for text in (ctx.recipient_name, ctx.company, ctx.recipient_company, ctx.role,
                                 ctx.sender_name, *ctx.other_companies, *ctx.known_words)
              for token in _TOKEN.findall(composed(text or "")) if token.islower()}
    spans = []
    for start, end, name in found:
        typed = visible[start:end]
        if theirs and all(word in theirs for word in _TOKEN.findall(typed)):
            continue
        spans.append((start, end))
        once(("place", fold(typed)), lambda: data.find(
            "spelling", f"'{typed}' in lower case: as the name of a place it is written '{name}'", start, end,
            f"Write '{name}'.", field=field))
    return spans


# A word typed twice ("for the the conversation", "and and I"): the same word again after
# blank space only (a line break included, not a blank line), in any case. Letters only: numbers
# ("10 10") are never words here, and the masked greeting and signature are not read. A word
# joined to the next by "&" or "/", or by a stop to a letter, is part of a name or a compound, not
# a word of its own: "at AT&T", "to TO/DO", "the THE.com site" (nor "AT&T at", "TO/DO to").
_DOUBLED = re.compile(r"(?<![\w'\u2019&/.-])([^\W\d_]+)((?:[ \t]+(?:\r?\n[ \t]*)?|\r?\n[ \t]*))(\1)"
                      r"(?![\w'\u2019&/-]|\.\w)", re.IGNORECASE)
# Words English repeats on purpose: "had had", "that that", a reduplication ("bye bye", "so so",
# "no no"), an intensifier ("very very", "much much better"), a sound ("ha ha").
_REPEATED_ON_PURPOSE = frozenset(
    "had that bye so no very really much far ha haha ho hip tut tsk knock chop blah bla yada boo "
    "la dum ding woo yum wah ta cha choo pom aye hear".split()
)
# "What it is is ...": the second 'is' belongs to the main clause.
_WHAT_CLAUSE = re.compile(r"\b(?:what|whatever|all|the (?:thing|problem|point|question|reason))\b[^.?!\n]*$",
                          re.IGNORECASE)


def _doubled_words(data: Input, field: str, visible: str, known: set[str]):
    for match in _DOUBLED.finditer(visible):
        first, second = match.group(1), match.group(3)
        lower = first.lower()
        if lower in _REPEATED_ON_PURPOSE:
            continue
        if len(second) > 1 and second.isupper() and not first.isupper():
            continue  # "in IN.", "or OR": an abbreviation (a state, a department) after the word
        if lower == "is" and _WHAT_CLAUSE.search(visible[max(0, match.start() - 80):match.start()]):
            continue
        if first[0].isupper() and second[0].isupper() and (
                known_to(known, first) or frequency(lower) < _COMMON_WORD):
            continue  # a name that repeats a word: "Duran Duran", "Bora Bora", "Baden Baden"
        quoted = visible[match.start():match.end()].replace("\r", "").replace("\n", " ")
        yield data.find("spelling", f"repeated word {quoted!r}", match.start(), match.end(),
                        f"Delete the second {second!r}.", field=field)


# "its" where "it's" (it is, it has) was meant, only where the possessive cannot be read: before
# "been", an article, "not", a pronoun's possessive, or an adjective that ends the clause or
# takes "to"/"that" ("its clear that", "its great to") - never "its team", "its great culture".
_ITS_ADJECTIVES = (
    "clear|great|good|nice|true|important|possible|likely|unlikely|hard|easy|exciting|obvious|fine|"
    "ok|okay|worth|amazing|wonderful|interesting|helpful|essential|vital|crucial|difficult|fair|safe|"
    "strange|rare|common|lovely|fantastic|impressive|encouraging|reassuring|refreshing|inspiring"
)
_ITS = re.compile(
    r"\b(?P<its>its)(?=[ \t]+(?:(?:been|a|an|the|not|my|your|our|their|going to|gonna|got)\b"
    r"|(?:(?:so|very|really|also|always|still|just|quite)[ \t]+)?(?:" + _ITS_ADJECTIVES + r")"
    r"(?=[ \t]*(?:[.,;:!?]|\r?\n|$)|[ \t]+(?:to|that|how|what|when|whether|seeing|hearing|working|"
    r"talking|knowing|being)\b)))",
    re.IGNORECASE,
)
# "it's own" is always the possessive.
_ITS_OWN = re.compile(r"\bit['\u2019]s(?=[ \t]+own\b)", re.IGNORECASE)


def _its(data: Input, field: str, visible: str):
    for match in _ITS.finditer(visible):
        word = match.group("its")
        if word.isupper():
            continue  # "ITS": an acronym (intelligent transport systems)
        after = visible[match.end():match.end() + 30].split("\n")[0].strip()
        shown = f"{word} {after.split()[0].rstrip('.,;:!?')}" if after else word
        right = "It's" if word[0].isupper() else "it's"
        yield data.find("spelling", f"'{shown}': '{right}' (it is, it has) is meant; 'its' is the possessive",
                        match.start(), match.end(), f"Write '{right}'.", field=field)
    for match in _ITS_OWN.finditer(visible):
        right = "Its" if match.group()[0].isupper() else "its"
        yield data.find("spelling", f"'{match.group()} own': the possessive is '{right}', without an "
                        "apostrophe", match.start(), match.end(), f"Write '{right}'.", field=field)


# The pronoun 'i' in lower case ("i enjoyed", "i'm", "i've"), typed in a hurry or copied from
# your notes: not "i.e.", a list's "(i)" or "i)", nor a line opening with "i." (a numbered item).
_LOWER_I = re.compile(
    r"(?<![\w.'\u2019/\\@#(&+-])i(?:['\u2019](?:m|ve|ll|d))?(?![\w'\u2019/\\@&+-]|\.\w|\))"
)
_LIST_ITEM = re.compile(r"(?:^|\n)[ \t]*$")


def _lower_i(visible: str):
    for match in _LOWER_I.finditer(visible):
        if visible[match.end():match.end() + 1] == "." and _LIST_ITEM.search(
                visible[max(0, match.start() - 20):match.start()]):
            continue  # "i. First point": a numbered item
        yield match


# Two full stops, as a typo ("Fabrikam Inc.. If"): not an ellipsis ("...", "…"), and not in
# a link, an address or a version range ("v1..v2"), which the spelling check skips or are words.
DOUBLE_STOP = re.compile(r"(?<!\.)\.\.(?![.\w/])")


def _parts(word: str):
    """Hyphenated words are checked part by part; possessive 's is dropped."""
    offset = 0
    for part in word.split("-"):
        clean = part[:-2] if part.lower().endswith("'s") else part.rstrip("'")
        if clean:
            yield clean, offset
        offset += len(part) + 1


def _misspelled(word: str, text: str, start: int, lead: int, known: set[str], capitalised_mid: set[str]) -> bool:
    if len(word) < 2 or known_to(known, word) or word.lower() in _SLANG:
        return False
    if word.isupper() or (word[0].islower() and any(c.isupper() for c in word[1:])):
        return False  # acronyms and product names (SQL, iPhone)
    if word[0].isupper():
        if any(c.isupper() for c in word[1:]):
            return False  # JavaScript, GitHub
        at_start = _opens_sentence(text, start, lead)
        if not at_start or word in capitalised_mid:
            return False  # a name: capitalised in mid-sentence
        # A capitalised unknown word opening a sentence is a name ("Priya said"), unless it is
        # one or two edits from a very common word ("Thnak you").
        lower = fold(word)
        if is_word(lower) or is_word(lower.replace("'", "")):
            return False
        hint = suggest(lower)
        return hint is not None and frequency(hint) >= _COMMON_WORD
    lower = fold(word)
    return not is_word(lower)


# The small words that join the words of a name in other languages ("Müller und Partner",
# "Ortiz y Asociados", "Banco do Brasil", "Ludwig van Beethoven"), read as part of a name between
# two capitalised words, not as English words misspelled or cut short.
_NAME_LINKS = frozenset("""
    und et y e i da de di do du des del della dello dei der den van von zu zum zur dos das och og
    en af ter ten le la lo los las
""".split())
_WORD_BEFORE = re.compile(r"([^\W\d_][\w'\u2019.&-]*)[ \t]+$")
_WORD_AFTER = re.compile(r"[ \t]+([^\W\d_])")


def _in_a_name(visible: str, start: int, end: int, word: str) -> bool:
    """Whether a small joining word stands inside a capitalised name of several words: between
    a capitalised word and another on the same line ("Müller und Partner")."""
    if word not in _NAME_LINKS:
        return False
    before = _WORD_BEFORE.search(visible, max(0, start - 60), start)
    after = _WORD_AFTER.match(visible, end)
    return bool(before and after and before.group(1)[0].isupper() and after.group(1).isupper())


def _mask(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with the skipped spans blanked out (offsets unchanged)."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def _capitalised_mid(text: str) -> set[str]:
    """Capitalised words that also appear mid-sentence: names, wherever they appear."""
    found = set()
    for match in re.finditer(r"(?<=[a-z,;] )[A-Z][a-z'\u2019]+", text):
        found.add(match.group().replace("\u2019", "'"))
    return found


def _skipped_spans(data: Input, field: str, text: str) -> list[tuple[int, int]]:
    """Addresses, links, handles, numbers, and the greeting and signature (names live there);
    what is theirs, quoted: their subject after "Re:" (`_their_subject`) and the lines of their
    mail quoted in the body ("> ...", with the line that introduces them)."""
    spans = [m.span() for m in _SKIP.finditer(text)]
    if field == "subject":
        theirs = _their_subject(text, data.context.thread_subject)
        if theirs is not None:
            spans.append(theirs)
    if field == "body":
        doc = data.doc
        if doc.greeting:
            spans.append((doc.greeting.start, doc.greeting.end))
        spans.append((doc.core_end, len(text)))
        spans += [m.span() for m in _QUOTED_LINES.finditer(text)]
    return spans


# Lines quoted from their mail ("> Leider müssen wir ..."), and the line before them that says
# who wrote them ("On 3 May, Anna Weber wrote:", "Am 3. Mai schrieb Anna Weber:").
_QUOTED_LINES = re.compile(r"^(?:[^\n>]*:[ \t]*\r?\n)?(?:[ \t]*>[^\n]*(?:\n|$))+", re.MULTILINE)


def _their_subject(subject: str, thread: str) -> tuple[int, int] | None:
    """Where a reply's subject repeats theirs after "Re:", "AW:" ...: the thread's subject when
    it is known and the subject begins with it (what you added after it is yours); else all that
    follows the prefix, which may be theirs (a pasted text). None for a subject of your own."""
    from afterview.reviewer.rules.mechanics import REPLY_PREFIX

    prefix = REPLY_PREFIX.match(subject)
    if prefix is None:
        return None
    thread = " ".join(REPLY_PREFIX.sub("", thread).split())
    if not thread:
        return prefix.end(), len(subject)
    words = re.finditer(r"\S+", subject[prefix.end():])
    spans = [m.span() for m, _ in zip(words, thread.split())]
    said = " ".join(subject[prefix.end() + s:prefix.end() + e] for s, e in spans)
    if said.casefold() != thread.casefold():
        return None  # not their subject: yours, checked as written
    return prefix.end(), prefix.end() + spans[-1][1]


register(("spelling",), check_spelling)
