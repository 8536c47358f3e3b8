"""Names of places as they are written ('Ohio', 'New York', 'São Paulo'), to find one typed in
lower case ('we are both from ohio', 'the london office') and give it its capitals.

The names are the installed packages' own lists, never a hand-kept one: the countries and
their regions of `holidays` (its countries' subdivisions and their aliases: US states, Canada's
provinces, England, Bayern ...) and the cities of the IANA time zones (`tzdata`: London,
Chicago, Kolkata ...). A name that is also an ordinary English word is left out, so that
'reading', 'nice', 'bath', 'mobile', 'orange', 'split', 'march', 'turkey' or 'jersey' are never
taken for a place: a word common in the spelling dictionary, or one it knows in an inflected
form ('turkeys', 'acres', 'orally'), which a place's name never takes; and the few ordinary
words the dictionary cannot tell from a name (`_ORDINARY`). Building the table imports
`holidays` (a third of a second): it is kept in the data folder's `cache/`, named after what it
was built from, and read from there on later runs.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Ordinary English words (or phrases) that are also the name of a place in the lists, and that
# the dictionary's counts do not tell from a name ("midway through", "a manila envelope", "roma
# tomatoes", "a swift current"); the first seven are the usual examples of the kind, kept here
# whatever a later list holds.
_ORDINARY = frozenset("""
    reading nice bath mobile orange split march midway phoenix chihuahua panama lima cayenne bologna
    ascension roma latina como chile manila madeira
""".split()) | frozenset((
    "swift current", "rainy river", "broken hill", "goose bay", "tell city", "south center", "lower princes",
    "capital territory",
))
# A single word this common in the spelling dictionary is an ordinary word first ("wake", "china")
_COMMON = 2500
# ... and one the dictionary knows in an inflected form this often ("turkeys", "jerseys", "acres")
_INFLECTED = 100
# Words inside a name written in lower case ("Isle of Man", "Trinidad and Tobago"), whatever the
# list's own spelling of it ("Isle Of Man", a class name's "TrinidadAndTobago")
_SMALL = frozenset("of and the".split())
# Time zone areas whose cities are places people live in (not Etc/, nor Antarctica's stations)
_AREAS = frozenset("Africa America Asia Atlantic Australia Europe Indian Pacific".split())
_WORD = re.compile(r"[^\W\d_]+")
_FORMAT = 1  # changes when what the table holds changes, so that an older cache is not read


def fold(text: str) -> str:
    """A name or text as matched: composed (NFC) and in lower case."""
    return unicodedata.normalize("NFC", text).lower()


def places() -> dict[str, tuple[str, ...]]:
    """Every place name by its words in lower case, joined by one space ("new york"), as its
    words are written (("New", "York")); a name with accents is found without them too
    ("sao paulo": ("Sao", "Paulo"))."""
    return _table()[0]


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, tuple[str, ...]], dict[str, int]]:
    """The names, and by each name's first word the most words a name that opens with it has."""
    import marshal

    cache = _cache_file()
    names = None
    if cache is not None:
        try:
            names = marshal.loads(cache.read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            names = None  # missing or damaged: built again
        if not (isinstance(names, dict) and all(isinstance(v, tuple) for v in names.values())):
            names = None
    if names is None:
        names = _build()
        if cache is not None:
            from afterview.reviewer.rules.spelling import write_cache

            write_cache(cache, marshal.dumps(names), "places")
    longest: dict[str, int] = {}
    for key in names:
        words = key.split(" ")
        longest[words[0]] = max(longest.get(words[0], 0), len(words))
    return names, longest


def _build() -> dict[str, tuple[str, ...]]:
    from afterview.reviewer.rules.spelling import _dictionary

    dictionary = _dictionary()
    names: dict[str, tuple[str, ...]] = {}
    for written in _listed():
        words = _written_words(written)
        if words is None:
            continue
        for form in dict.fromkeys((words, tuple(_unaccented(w) for w in words))):
            key = " ".join(w.lower() for w in form)
            if key in _ORDINARY or (len(form) == 1 and _ordinary(key, dictionary)):
                continue
            # the same name listed twice ("Isle of Man", "Isle Of Man"): the fewest capitals
            if key not in names or _capitals(form) < _capitals(names[key]):
                names[key] = form
    return names


def _listed() -> list[str]:
    """The names as the packages write them: countries, their regions, time zones' cities."""
    import holidays
    from holidays.registry import COUNTRIES

    found = []
    for class_name, *_ in COUNTRIES.values():
        # "UnitedStates" is "United States"; a class name with a run of capitals ("DRCongo")
        # or a "Mc" ("HeardIslandAndMcDonaldIslands") is no name as written
        if not re.search(r"[A-Z]{2}|Mc[A-Z]", class_name):
            found.append(re.sub(r"(?<=[a-z])(?=[A-Z])", " ", class_name))
        country = getattr(holidays, class_name, None)
        found.extend(getattr(country, "subdivisions_aliases", None) or {})
    found.extend(_zone_cities())
    return found


def _zone_cities() -> list[str]:
    """The last part of each time zone of a continent or an ocean ("America/New_York": New York)."""
    try:
        from importlib import resources

        zones = resources.files("tzdata").joinpath("zones").read_text("utf-8").split()
    except (ModuleNotFoundError, OSError):
        import zoneinfo

        zones = sorted(zoneinfo.available_timezones())
    return [zone.rsplit("/", 1)[-1].replace("_", " ") for zone in zones
            if "/" in zone and zone.split("/", 1)[0] in _AREAS]


def _written_words(name: str) -> tuple[str, ...] | None:
    """A listed name as its words ("Rio de Janeiro": ("Rio", "de", "Janeiro"); "Castilla-La
    Mancha": ("Castilla", "-", "La", "Mancha")), hyphens and apostrophes kept as words of their
    own; None for what reads as no name: an abbreviation ("NSW", "Knox IN", "Virgin Islands,
    U.S."), a word in lower case first, a single word of fewer than four letters."""
    name = unicodedata.normalize("NFC", " ".join(name.split()))
    if not name or not re.fullmatch(r"[^\W\d_]+(?:[ '\u2019-][^\W\d_]+)*", name):
        return None
    parts = [p for p in re.split(r"( |-|')", name.replace("\u2019", "'")) if p and p != " "]
    words = [w for w in parts if w[0].isalpha()]
    if not words[0][0].isupper() or any(len(w) > 1 and w.isupper() for w in words):
        return None
    if len(parts) == 1 and len(name) < 4:
        return None
    return tuple(p.lower() if p.lower() in _SMALL and i else p for i, p in enumerate(parts))


def _unaccented(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


def _capitals(words: tuple[str, ...]) -> int:
    return sum(c.isupper() for w in words for c in w)


def _ordinary(word: str, dictionary: dict[str, int]) -> bool:
    """Whether a single word is an ordinary English word first: common in the dictionary, or
    known to it inflected ("turkeys", "acres", "resolutely", "coasting"), as no name is."""
    if dictionary.get(word, 0) >= _COMMON:
        return True
    forms = [word + "s", word + "es", word + "ly", word + "ness", word + "ed", word + "ing"]
    if word.endswith("e"):
        forms += [word + "d", word[:-1] + "ing"]
    if word.endswith("y"):
        forms += [word[:-1] + "ies", word[:-1] + "ily"]
    return any(dictionary.get(form, 0) >= _INFLECTED for form in forms)


def _cache_file():
    """cache/places-<digest>.marshal in the data folder, named after the packages the names
    come from and the dictionary that filters them; None when one is not found."""
    import hashlib
    import importlib.util
    from pathlib import Path

    from afterview.config import paths
    from afterview.reviewer.rules.spelling import _frequency_list

    try:
        source = [str(_FORMAT), " ".join(sorted(_ORDINARY))]
        for package, file in (("holidays", "version.py"), ("tzdata", "__init__.py")):
            spec = importlib.util.find_spec(package)
            if spec is None or not spec.submodule_search_locations:
                return None
            source.append((Path(list(spec.submodule_search_locations)[0]) / file).read_text("utf-8"))
        listing = _frequency_list().stat()
        source.append(f"{listing.st_size}:{listing.st_mtime_ns}")
    except (OSError, ValueError, ImportError):
        return None
    digest = hashlib.sha256("\n".join(source).encode()).hexdigest()[:16]
    return paths().data / "cache" / f"places-{digest}.marshal"


# -- finding them in a text --------------------------------------------------------------------

# Before a name: no letter, digit or mark that makes it part of a word, an address or a link
_BEFORE = frozenset("-_@./#\\")


def lower_case_places(text: str) -> list[tuple[int, int, str]]:
    """Each place name the text writes without its capitals, as (start, end, the name written
    right): "moving to texas" gives (10, 15, "Texas"); "New york" gives "New York". A name in
    capitals ("OHIO"), one inside a word, an address or a link ("ohio.edu", "@london"), and one
    of several words after "a"/"an" ("a new jersey": an ordinary phrase there) are not."""
    if not any(c.islower() for c in text):
        return []
    names, longest = _table()
    words = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    found = []
    at = 0
    while at < len(words):
        start, end = words[at]
        first = fold(text[start:end])
        most = longest.get(first, 0)
        hit = None
        if most and _free_before(text, start):
            hit = _longest_at(text, words, at, most, names)
        if hit is None:
            at += 1
            continue
        count, written, stop = hit
        if count > 1 and _after_a(text, start):
            at += 1
            continue
        typed = text[start:stop]
        if _needs_capitals(typed, written):
            found.append((start, stop, "".join(written)))
        at += count
    return found


def _longest_at(text: str, words, at: int, most: int, names):
    """The longest name that starts at word `at`: (its words in the text, the name as written,
    where it ends); None when none does."""
    best = None
    key_parts: list[str] = []
    written_end = words[at][1]
    for n in range(most):
        if at + n >= len(words):
            break
        start, end = words[at + n]
        if n:
            between = text[written_end:start]
            sep = " " if between.strip() == "" and between and "\n\n" not in between else between
            if sep not in (" ", "-", "'", "\u2019"):
                break
            key_parts.append(sep.replace("\u2019", "'"))
        key_parts.append(fold(text[start:end]))
        written_end = end
        key = _key(key_parts)
        if key in names and _free_after(text, end):
            best = (n + 1, _spaced(names[key]), end)
    return best


def _key(parts: list[str]) -> str:
    """The lookup key of words and their separators as found ("castilla", "-", "la" ...)."""
    out = []
    for part in parts:
        if part == " ":
            continue
        out.append(part)
    return " ".join(out)


def _spaced(words: tuple[str, ...]) -> list[str]:
    """A name's words with what stands between them: a space between two words, nothing
    around a hyphen or an apostrophe."""
    out: list[str] = []
    for i, word in enumerate(words):
        if i and word[0].isalpha() and words[i - 1][0].isalpha():
            out.append(" ")
        out.append(word)
    return out


def _free_before(text: str, start: int) -> bool:
    if start == 0:
        return True
    before = text[start - 1]
    if before in "'\u2019":  # "d'ivoire", never an opening quote ("'texas' bbq")
        return start < 2 or not text[start - 2].isalnum()
    return not (before.isalnum() or before in _BEFORE or unicodedata.combining(before))


def _free_after(text: str, end: int) -> bool:
    """Nothing after the name makes it part of a word, an address or a link: a possessive
    ("ohio's") and a hyphen before a word ("paris-based") are fine."""
    if end == len(text):
        return True
    after = text[end]
    if after.isalnum() or after == "_" or after == "@" or unicodedata.combining(after):
        return False
    if after in "./" and end + 1 < len(text) and text[end + 1].isalnum():
        return False  # ohio.edu, london/paris
    return True


_A = re.compile(r"(?:^|\W)an?\s+$", re.IGNORECASE)


def _after_a(text: str, start: int) -> bool:
    return _A.search(text[max(0, start - 6):start]) is not None


def _needs_capitals(typed: str, written: list[str]) -> bool:
    """Whether the text wrote a name without a capital it has: each of its words in lower case
    or as the name writes it, one at least in lower case where the name has a capital."""
    typed_words = _WORD.findall(typed)
    name_words = [w for w in written if w[0].isalpha()]
    if len(typed_words) != len(name_words):
        return False
    lowered = False
    for mine, theirs in zip(typed_words, name_words):
        mine = unicodedata.normalize("NFC", mine)
        if mine == theirs or mine == _unaccented(theirs):
            continue
        if not mine.islower():
            return False
        if theirs != theirs.lower():
            lowered = True
    return lowered


def with_capitals(text: str) -> str:
    """The text with each place name it writes in lower case given its capitals ("we are both
    from ohio" is "we are both from Ohio"); the words as typed otherwise (accents included)."""
    found = lower_case_places(text)
    if not found:
        return text
    out, last = [], 0
    for start, end, name in found:
        out.append(text[last:start])
        out.append(_capitalised(text[start:end], name))
        last = end
    out.append(text[last:])
    return "".join(out)


def _capitalised(typed: str, name: str) -> str:
    """A name as typed, each word that the name writes with a capital given its first one
    ("são paulo" is "São Paulo", "rio de janeiro" "Rio de Janeiro", "castilla-la mancha"
    "Castilla-La Mancha")."""
    theirs = iter(_WORD.findall(name))
    out = []
    for part in re.split(r"([^\W\d_]+)", typed):
        if part and part[0].isalpha():
            written = next(theirs, part)
            out.append(part[0].upper() + part[1:] if written[0].isupper() else part)
        else:
            out.append(part)
    return "".join(out)
