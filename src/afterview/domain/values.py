"""Parsing and checking of the values users type: dates and times, zones, addresses, countries.

Pure functions: the current moment is always passed in (`now`), never read. Each raises
`InvalidInput` with a one-line message naming the value and what is wrong with it.

>>> from datetime import datetime, timezone
>>> now = datetime(2026, 11, 26, 9, 0, tzinfo=timezone.utc)
>>> parse_when("2026-12-03 10:00 Europe/Berlin", now=now, tz="UTC").isoformat()
'2026-12-03T10:00:00+01:00'
>>> parse_when("2026-12-03 10:00 EST", now=now, tz="UTC")
Traceback (most recent call last):
...
afterview.errors.InvalidInput: 'EST' in '2026-12-03 10:00 EST' is an abbreviation, which can name more than one zone: give the zone's name, e.g. '2026-12-03 10:00 America/New_York', or an offset, e.g. -05:00
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from afterview.errors import InvalidInput


def plain_digits(text: str) -> bool:
    """Only the ASCII digits 0-9: '12', not '+12', '1_2', '１２' or '²'.

    `str.isdigit()` accepts superscripts that `int()` refuses (an internal error), and `int()`
    accepts signs, underscores and other scripts' digits: ids and numbers typed or received are
    checked with this first.
    """
    return text.isascii() and text.isdigit()


# Characters that act on the text around them instead of showing as themselves: the C0 controls
# (but tab and the line breaks), DEL, the C1 controls (but NEL, a line break), and the
# bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069), which reorder
# what follows them. A name or a note with one, put in a message to an employer, can hide or
# reverse words, or drive the reader's terminal. Everything else is ordinary text, kept as it
# is: accents, CJK, emoji and their joiners (U+200D), Arabic and Hebrew with their marks
# (U+200E, U+200F). Also the two private-use characters U+E000 and U+E001, which the desk uses
# to mark its own links in the lines it shows (interfaces.web.views.draft_link): text from outside
# (a name, a calendar's words, a file's name) never carries them.
_ACTING = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u202a-\u202e\u2066-\u2069\ue000\ue001]")
# Line breaks as files and programs write them: CRLF, CR, LF, vertical tab (Word's line break),
# form feed, NEL, and Unicode's line and paragraph separators (U+2028, U+2029).
_LINE_BREAK = re.compile("\r\n|[\n\r\x0b\x0c\x85\u2028\u2029]")
# Characters that show as nothing and have no place in a name: zero-width space, word joiner and
# the invisible operators, byte order mark (zero-width no-break space), soft hyphen, Mongolian
# vowel separator, combining grapheme joiner, the Hangul fillers, the tag characters, and the
# bidirectional marks (LRM, RLM, ALM). "Priya\u200b Raman" looks like Priya Raman in every list
# but is another name. The joiners U+200C/U+200D are kept where a script needs them: see _JOINER.
_INVISIBLE = re.compile("[\u00ad\u034f\u061c\u115f\u1160\u180e\u200b\u200e\u200f\u2060-\u2064"
                        "\u3164\uffa0\ufeff\U000e0000-\U000e007f]")
# ZWNJ and ZWJ shape the letters around them in Arabic, Persian, Syriac, the Indic scripts,
# Sinhala, Tibetan, Myanmar, Khmer and Mongolian ("می‌خواهم", "ക്‍"): kept between two letters
# (or marks) of those scripts, and ZWJ between emoji; taken out anywhere else (between Latin
# letters, at a word's edge), where they only hide.
_JOINER = re.compile("[\u200c\u200d]")
_JOINING_SCRIPTS = ((0x0600, 0x08FF), (0x0900, 0x0DFF), (0x0F00, 0x109F), (0x1780, 0x18AF),
                    (0xA840, 0xA8FF), (0xA980, 0xAAFF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFE),
                    (0x10A00, 0x10A5F), (0x11000, 0x111FF))


def plain_text(text: str, *, lines: bool = False) -> tuple[str, int]:
    """`text` without the characters that act instead of showing (see _ACTING), and how many
    were taken out; one rule for text read from files and text typed.

    One line (`lines=False`: a name, a title, a company, a subject, a tag): tabs, line breaks and
    runs of spaces are one space (a line break in a name is an export glitch: "Jane\\nDoe" is Jane
    Doe), and the ends are trimmed. Several lines (`lines=True`: notes, a description): each line
    break is "\\n" ("\\r\\n" included), tabs are kept. Nothing else is changed.

    >>> plain_text("Ann\\x1b[31m Lee\\u202e")
    ('Ann[31m Lee', 2)
    >>> plain_text("first\\r\\nsecond\\x00", lines=True)
    ('first\\nsecond', 1)
    """
    if text.isprintable():  # the usual case, at C speed: no control or format character at all
        return (text, 0) if lines else (" ".join(text.split()), 0)
    text, removed = remove_controls(text)
    if lines:
        return _LINE_BREAK.sub("\n", text), removed
    return " ".join(text.split()), removed


def remove_controls(text: str) -> tuple[str, int]:
    """`text` without the characters that act instead of showing, and how many there were; tabs
    and line breaks as they are (`plain_text` is this, then the lines or the one line)."""
    if text.isprintable():
        return text, 0
    return _ACTING.subn("", text)


def name_text(text: str) -> tuple[str, int]:
    """A name without the characters that show as nothing (see _INVISIBLE, _JOINER), its spaces
    as one, and how many were taken out. One rule for names typed, imported and restored.

    >>> name_text("Priya\u200b Raman")
    ('Priya Raman', 1)
    >>> name_text("Nik\u00adki \u200dLee\U000e0041")
    ('Nikki Lee', 3)
    >>> name_text("\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645")  # Persian: the ZWNJ stays
    ('\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645', 0)
    """
    if text.isprintable() and text.isascii():
        return text, 0
    text, removed = _INVISIBLE.subn("", text)
    if _JOINER.search(text):
        kept = []
        for i, char in enumerate(text):
            if char in "\u200c\u200d" and not _joins(text[i - 1] if i else "", text[i + 1:i + 2], char):
                removed += 1
                continue
            kept.append(char)
        text = "".join(kept)
    return (" ".join(text.split()) if removed else text), removed


def _joins(before: str, after: str, joiner: str) -> bool:
    """Whether a ZWNJ/ZWJ between `before` and `after` does something: letters or marks of a
    script that joins its letters on both sides, or (ZWJ) emoji."""
    import unicodedata

    if not before or not after:
        return False
    if joiner == "\u200d" and unicodedata.category(after) == "So" and (
            unicodedata.category(before) in ("So", "Sk") or before == "\ufe0f"):
        return True  # an emoji sequence
    return all(unicodedata.category(c)[0] in "LM" and any(lo <= ord(c) <= hi for lo, hi in _JOINING_SCRIPTS)
               for c in (before, after))


def typed_name(value: str, what: str) -> str:
    """A typed name: one line without a control character (`single_line`), without the characters
    that show as nothing (`name_text`, taken out rather than refused: nobody types them on purpose,
    a paste brings them)."""
    return name_text(single_line(value, what))[0]


def single_line(value: str, what: str) -> str:
    """A typed one-line value, trimmed ("" allowed): a name, a title or a tag goes into mail
    headers, greetings and signatures, where a line break breaks the mail (or adds a header) and a
    control character acts instead of showing. Either is refused, naming it, rather than taken
    out behind the user's back (an import takes them out and says how many: `plain_text`)."""
    text = (value or "").strip()
    if _LINE_BREAK.search(text):
        raise InvalidInput(f"{what} must be a single line")
    _refuse_acting(text, what)
    return text


def multi_line(value: str, what: str) -> str:
    """Typed text of several lines (notes): its line breaks as "\\n" ("\\r\\n" from a browser's
    form included); a control character is refused, as `single_line` refuses it."""
    text = _LINE_BREAK.sub("\n", value or "")
    _refuse_acting(text, what)
    return text


# How long a note typed with a decision may be: a skip's reason, a done or snooze note, a status
# change's or an outcome's note, what a reply said. They are shown whole in a line on Today, the
# opportunity's and the person's pages: a sentence or two, as a card's item (MAX_ITEM in
# services.pipeline). Notes of several lines (an opportunity's, an interview's): MAX_NOTES.
MAX_NOTE = 1000
MAX_NOTES = 100_000  # some 17,000 words: more is a paste gone wrong (as services.pipeline.MAX_TEXT)


def check_length(text: str, what: str, most: int) -> str:
    """`text` if it is at most `most` characters long; else one line saying so ("skip reason is
    300,000 characters long: at most 1,000 are allowed"), never the text itself."""
    if len(text) > most:
        raise InvalidInput(f"{what} is {len(text):,} characters long: at most {most:,} are allowed")
    return text


def typed_note(value: str | None, what: str, most: int = MAX_NOTE) -> str:
    """A short note typed with a decision or a change (a skip's reason, a status change's note),
    trimmed ("" allowed): at most `most` characters (checked first, so a paste gone wrong is
    refused at once), one line without a control character or a bidirectional override, as
    `single_line` takes a name: a U+202E in a reason would turn the line it is shown in around.

    >>> typed_note("  already thanked by phone ", "skip reason")
    'already thanked by phone'
    >>> typed_note("a\u202ed", "skip reason")
    Traceback (most recent call last):
    ...
    afterview.errors.InvalidInput: skip reason contains the control character '\u202e', which would act on screens and in mail instead of showing: type it without
    """
    text = (value or "").strip()
    check_length(text, what, most)
    return single_line(text, what)


def typed_notes(value: str | None, what: str, most: int = MAX_NOTES) -> str:
    """Notes of several lines typed (an opportunity's, an interview's, a debrief's): at most
    `most` characters, then as `multi_line` (line breaks as "\n", a control character refused)."""
    text = value or ""
    check_length(text, what, most)
    return multi_line(text, what).strip()


# What a refusal quotes of a value typed: the value itself when short, else its first words and
# its length ("“zzzz …” (300,000 characters)"), never a whole paste gone wrong in one line.
SHOWN_WHOLE = 80


def first_words(text: str, most: int = 40) -> str:
    """The start of a long text, to recognise it by: "Kafka migration and the streaming …"."""
    words = " ".join(text.split())
    if len(words) <= most:
        return words
    cut = words[:most].rsplit(" ", 1)[0] if " " in words[:most] else words[:most]
    return f"{cut} …"


def shown(value: object) -> str:
    """A typed value as a refusal quotes it: `repr` when it is short (up to SHOWN_WHOLE
    characters), else its first words and how long it is.

    >>> shown("Mars/Olympus")
    "'Mars/Olympus'"
    >>> shown("z" * 300_000)
    '“zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz …” (300,000 characters)'
    """
    text = value if isinstance(value, str) else str(value)
    if len(text) <= SHOWN_WHOLE:
        return repr(value)
    return f"“{remove_controls(first_words(text))[0]}” ({len(text):,} characters)"


def _refuse_acting(text: str, what: str) -> None:
    if plain_text(text, lines=True)[1]:
        first = _ACTING.search(text).group()
        raise InvalidInput(f"{what} contains the control character {first!r}, which would act on screens and in "
                           "mail instead of showing: type it without")


_EMAIL = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$")
NON_ASCII_LOCAL = ("addresses with non-ASCII characters before the @ are not supported (the mail would need "
                   "SMTPUTF8, which Afterview does not use)")


def parse_email(value: str) -> str:
    """Check an email address (addr-spec, no display name) and return it trimmed, its domain in
    the ASCII form mail carries: an internationalised domain ("bücher.example") in its IDNA
    form ("xn--bcher-kva.example", `ascii_domain`), which every address is stored, sent and
    compared in. Afterview sends 7-bit mail without SMTPUTF8, so a local part (before the @)
    that is not ASCII is refused, and said why.

    >>> parse_email("jose.nunez@bücher.example")
    'jose.nunez@xn--bcher-kva.example'
    """
    text = value.strip()
    local, at, domain = text.rpartition("@")
    if at and local and not local.isascii() and domain:
        raise InvalidInput(f"unsupported email address: {value!r}: {NON_ASCII_LOCAL}")
    if at and domain and not domain.isascii() and text.isprintable() and not any(c.isspace() for c in text):
        try:
            text = f"{local}@{_idna(domain)}"
        except UnicodeError:  # idna.IDNAError: not a domain name (a symbol, an empty label ...)
            raise InvalidInput(f"invalid email address: {value!r}: {domain!r} is not a valid "
                               "internationalised domain name") from None
    if not text or len(text) > 254 or not _EMAIL.match(text) or ".." in text:
        raise InvalidInput(f"invalid email address: {value!r}")
    local = text.rsplit("@", 1)[0]
    if local.startswith(".") or local.endswith(".") or len(local) > 64:
        raise InvalidInput(f"invalid email address: {value!r}")
    return text


def _idna(domain: str) -> str:
    """A non-ASCII domain's ASCII form (IDNA 2008 with the UTS #46 mapping: "BÜCHER.example" is
    "xn--bcher-kva.example"); UnicodeError (idna.IDNAError) when it is no domain name. The
    `idna` package (a dependency of the web server's, kept current with Unicode) rather than the
    standard library's codec, which is IDNA 2003 and maps "ß" to "ss" (another domain)."""
    import idna  # imported only for a non-ASCII domain

    return idna.encode(domain, uts46=True).decode("ascii")


def ascii_domain(domain: str) -> str:
    """A domain as it is compared: lower case, a non-ASCII one in its IDNA form (as `parse_email`
    stores it); one that is no domain name casefolded as it is. Never raises."""
    text = (domain or "").strip().rstrip(".")
    if text.isascii():
        return text.lower()
    try:
        return _idna(text)
    except UnicodeError:
        return text.casefold()


def address_key(address: str) -> str:
    """An address as two are compared, whoever wrote it: case-folded, its domain in its ASCII
    (IDNA) form: "Jose.Nunez@Bücher.example" in a reply (RFC 6532 UTF-8 headers) is the
    "jose.nunez@xn--bcher-kva.example" stored. Bytes a header parser kept as surrogates (8-bit
    header text) are read as UTF-8. Never raises; "" stays ""."""
    text = (address or "").strip()
    if any("\udc80" <= c <= "\udcff" for c in text):
        try:
            text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        except UnicodeError:  # a surrogate that stands for no byte: compared as it is
            pass
    local, at, domain = text.rpartition("@")
    if not at:
        return text.casefold()
    return f"{local.casefold()}@{ascii_domain(domain)}"


def address_note(typed) -> str:
    """What a command says of addresses typed that are kept otherwise than typed (their domain in
    its ASCII form): "stored as jose.nunez@xn--bcher-kva.example, the domain in its ASCII form, as
    mail carries it"; "" when each is kept as typed.
    `typed`: an address, or several (those that are not addresses are left to `parse_email`)."""
    said = []
    for value in [typed] if isinstance(typed, str) else list(typed or ()):
        try:
            stored = parse_email(value)
        except InvalidInput:
            continue
        if stored != value.strip():
            said.append(stored)
    return f"stored as {', '.join(said)}, the domain in its ASCII form, as mail carries it" if said else ""


MAX_ZONE = 100  # the longest IANA name, America/Argentina/ComodRivadavia, has 32 characters


@lru_cache(maxsize=256)
def zone(name: str) -> ZoneInfo:
    """The IANA time zone called `name` ("Europe/Berlin"); InvalidInput when unknown."""
    text = (name or "").strip()
    if not text or len(text) > MAX_ZONE or text.startswith(("/", ".")) or ".." in text:
        raise _unknown_zone(name)
    try:
        return ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise _unknown_zone(name) from None


def _unknown_zone(name: str) -> InvalidInput:
    """"unknown time zone: 'New York' (did you mean America/New_York? ...)": the zone meant, when
    the text is a zone's city ("New York", "sao paulo") or a near miss ("Europe/Berln")."""
    meant = meant_zone(name)
    hint = f"did you mean {meant}?" if meant else "use an IANA name like Europe/Berlin"
    return InvalidInput(f"unknown time zone: {shown(name)} ({hint})")


def _squeezed(text: str) -> str:
    """A zone's name or city as compared: lower case, accents, spaces, dashes and underscores
    aside ("São Paulo", "sao_paulo" and "SaoPaulo" are one)."""
    import unicodedata

    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return re.sub(r"[\s_\-.']+", "", plain).lower()


@lru_cache(maxsize=1)
def _zone_index() -> tuple[dict[str, str], dict[str, list[str]]]:
    """(squeezed full name -> name, squeezed city -> names) of the zones this machine knows,
    the legacy and POSIX-style ones aside."""
    from zoneinfo import available_timezones

    names = sorted(n for n in available_timezones()
                   if "/" in n and not n.startswith(("Etc/", "SystemV/", "US/", "Canada/", "Mexico/", "Brazil/", "Chile/", "posix/", "right/")))
    full = {_squeezed(n): n for n in names}
    cities: dict[str, list[str]] = {}
    for n in names:
        cities.setdefault(_squeezed(n.rsplit("/", 1)[1]), []).append(n)
    return full, cities


# Words of a region, not a place: no zone is guessed from them by likeness ("Eastern" is no typo
# of Pacific/Easter, Easter Island's zone)
_REGION_WORDS = {"eastern", "central", "mountain", "pacific", "atlantic", "western", "southern", "northern"}


def meant_zone(typed: str, *, near: bool = True) -> str:
    """The IANA zone most likely meant by a zone name that is none ("New York": America/New_York;
    "america/new_york"; with `near`, a near miss: "Europe/Berln": Europe/Berlin); "" when none
    stands out."""
    import difflib

    text = (typed or "").strip()
    if not text or len(text) > MAX_ZONE:
        return ""
    try:
        full, cities = _zone_index()
    except OSError:
        return ""
    key = _squeezed(text)
    if key in full:
        return full[key]
    if len(cities.get(key, ())) == 1:  # a city: "New York", "Kolkata" (one zone of that name)
        return cities[key][0]
    if not near or key in _REGION_WORDS:
        return ""
    close = difflib.get_close_matches(key, list(full), n=2, cutoff=0.85)
    if len(close) == 1 or len(close) == 2 and difflib.SequenceMatcher(None, key, close[0]).ratio() > \
            difflib.SequenceMatcher(None, key, close[1]).ratio():
        return full[close[0]]
    if "/" not in text:
        close = difflib.get_close_matches(key, list(cities), n=2, cutoff=0.8)
        if len(close) == 1 and len(cities[close[0]]) == 1:  # "Tokio": Asia/Tokyo
            return cities[close[0]][0]
    return ""


def check_timezone(name: str) -> str:
    zone(name)
    return name.strip()


_POSIX_ZONE = re.compile(r"([A-Z]{3,4})\d{1,2}([A-Z]{3,4})")  # EST5EDT, CST6CDT, MST7MDT, PST8PDT


def check_typed_timezone(name: str) -> str:
    """A zone the user typed (a person's, the profile's, an interview's, the playbook's): as
    check_timezone, but never an abbreviation. "EST" is a legacy name of the tz database, -05:00
    all year, so a New York recruiter entered as EST would be an hour off all summer; "MST",
    "HST", "CET", "EST5EDT", or one the database does not know ("PST"), likewise. Refused with
    the zone the typed-time parser suggests for it (America/New_York for EST). Zones read from
    files (an invitation's TZID) go through check_timezone: they are the sender's, not typos."""
    text = (name or "").strip()
    key = text.upper()
    posix = _POSIX_ZONE.fullmatch(key)
    found = (_ABBREVIATIONS.get(posix.group(2)) or _ABBREVIATIONS.get(posix.group(1))) if posix else _ABBREVIATIONS.get(key)
    if not found:
        return check_timezone(name)
    zones = found[0]
    named = f"e.g. {zones[0][0]!r}" + (f" ({zones[0][1]})" if len(zones) > 1 else "")
    for other, where in zones[1:]:
        named += f", or {other} ({where})"
    what = "an abbreviation, which can name more than one zone" if len(zones) > 1 else "an abbreviation"
    try:
        legacy = zone(key)
    except InvalidInput:  # not in the tz database at all ("PST")
        legacy = None
    if legacy is not None:
        offsets = {legacy.utcoffset(datetime(2026, month, 15)) for month in (1, 7)}
        if len(offsets) == 1:
            minutes = int(offsets.pop() / timedelta(minutes=1))
            fixed = f"{'-' if minutes < 0 else '+'}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
            what = f"an abbreviation (in the tz database a fixed {fixed} all year, without daylight saving)"
        else:
            what = "an abbreviation (kept in the tz database for old systems)"
    raise InvalidInput(f"time zone {text!r} is {what}: give the zone's name, {named}")


def check_country(code: str) -> str:
    """An ISO 3166 alpha-2 country code the holidays package knows ("DE", "US"), or one of its
    regions with public holidays of their own, as ISO 3166-2 ("GB-ENG", "DE-BY"; a US state has the federal holidays)."""
    text = (code or "").strip().upper()
    if not text:
        return ""
    import holidays  # ~80 ms: only when a country is actually given

    supported = holidays.list_supported_countries()
    country, dash, region = text.partition("-")
    if country == "UK":  # what many people write for the United Kingdom; its ISO code is GB
        country = "GB"
        text = country + dash + region
    if country not in supported:
        raise InvalidInput(f"unknown country: {code!r} (use an ISO code like US, GB, DE)")
    if dash and region not in supported[country]:
        regions = ", ".join(f"{country}-{r}" for r in supported[country][:12])
        more = " ..." if len(supported[country]) > 12 else ""
        raise InvalidInput(f"unknown region of {country}: {code!r}"
                           + (f" (one of {regions}{more})" if regions else f" ({country} has no regions)"))
    return text


def country_note(code: str, year: int) -> str:
    """What to tell the user once `check_country` has taken `code` (as typed), "" when nothing:
    that "UK" is kept as GB, its ISO code; and, for a country given without a region whose
    regions mostly keep public holidays the country as a whole does not (GB alone has neither
    Easter Monday nor the August bank holiday, which England, Wales and Northern Ireland have),
    which holidays apply and which regions to give instead. Worked out from the holidays
    package's tables for `year`."""
    text = (code or "").strip().upper()
    country, dash, region = text.partition("-")
    said = []
    if country == "UK":
        said.append(f"{text} is kept as GB{dash}{region} (GB is the United Kingdom's ISO code)")
        country = "GB"
    if not dash:
        missing, regions = _regional_holidays(country, year)
        if missing:
            named = _either(list(missing[:3]) + (["others"] if len(missing) > 3 else []))
            listed = [f"{country}-{r}" + (f" ({name})" if name else "") for r, name in regions[:6]]
            choice = (_either(listed) if len(regions) <= 6
                      else f"one of {len(regions)}, e.g. " + ", ".join(listed[:3]))
            said.append(f"{country} alone has only the public holidays all of its regions share, not {named}, "
                        f"which most of them keep: give the region instead, {choice}")
    return "; ".join(said)


def _either(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


@lru_cache(maxsize=32)
def _regional_holidays(country: str, year: int) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
    """(the holidays most of the country's regions keep that the country as a whole does not,
    in the order of the year; the regions with their names), or ((), ()) when there are none."""
    import holidays

    from afterview.domain.days import holiday_code

    try:  # the country's own table only (listing every country's imports them all: slow)
        table = holidays.country_holidays(country, years=year)
    except NotImplementedError:  # how `holidays` says it has no table for a code (checked already: no note)
        return (), ()
    regions = list(table.subdivisions)
    if not regions or holiday_code(f"{country}-{regions[0]}") == country:  # none, or they keep the country's
        return (), ()
    national = {n for joined in table.values() for n in joined.split("; ")}
    count: dict[str, int] = {}
    first: dict[str, date] = {}
    for region in regions:
        kept = holidays.country_holidays(country, subdiv=region, years=year)
        for name in {n for day, joined in kept.items() for n in joined.split("; ") if n not in national}:
            count[name] = count.get(name, 0) + 1
        for day, joined in kept.items():
            for name in joined.split("; "):
                first[name] = min(first.get(name, day), day)
    missing = tuple(sorted((n for n, k in count.items() if 2 * k > len(regions)), key=lambda n: (first[n], n)))
    if not missing:
        return (), ()
    names = region_names(country)
    return missing, tuple((r, names.get(r, "")) for r in regions)


@lru_cache(maxsize=32)
def region_names(country: str) -> dict[str, str]:
    """The names of a country's regions as the holidays package gives them, by code ("ENG":
    "England" for GB); empty for a country it has no table for."""
    import holidays

    try:
        aliases = holidays.country_holidays(country).subdivisions_aliases
    except NotImplementedError:  # how `holidays` says it has no table for a code
        return {}
    names: dict[str, str] = {}
    for name, region in aliases.items():
        names.setdefault(region, name)
    return names


def alphabetical(name: str) -> tuple[str, str]:
    """The key names are listed by: case and accents aside ("Ärzte ohne Grenzen" among the A's,
    "Émile" among the E's, "Łukasz" among the L's), then the name as written, so that the order
    is the same every time."""
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", " ".join(name.split()).casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return plain.translate(_UNMARKED), name


# letters with a stroke or joined, which have no decomposition: as they are written without it
_UNMARKED = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ð": "d", "ħ": "h", "ŧ": "t", "ı": "i",
                           "æ": "ae", "œ": "oe", "þ": "th"})


def as_utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("naive datetime")  # a programming error, not user input
    return moment.astimezone(timezone.utc)


_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_ISO_DT = re.compile(
    r"^(\d{4})-(\d{1,2})-(\d{1,2})[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?$"
)
_RELATIVE = re.compile(
    r"^(today|tomorrow|yesterday|now)(?:\s+(?:at\s+)?(\d{1,2})(?::(\d{2}))?\s*(am|pm)?)?$",
    re.IGNORECASE,
)
_TIME_ONLY = re.compile(r"^(\d{1,2}):(\d{2})$")
_IN = re.compile(r"^in\s+(\d+)\s+(minute|hour|day|week)s?$", re.IGNORECASE)

# What may end a typed moment to say its zone: an IANA name, UTC/GMT/Z, an offset (+01:00,
# -0500) or UTC/GMT with one (UTC+1, GMT-05:00: the sign as people write it, east positive).
_IANA = re.compile(r"^[A-Za-z_]+(?:/[A-Za-z0-9_+-]+)+$")
_OFFSET = re.compile(r"^([+-])(\d{2}):?(\d{2})$")
_NAMED_OFFSET = re.compile(r"^(?:UTC|GMT)(?:([+-])(\d{1,2})(?::?(\d{2}))?)?$", re.IGNORECASE)

# Zone abbreviations are refused, never guessed: many name more than one zone (CST: US Central
# and China; IST: India, Ireland and Israel; BST: Britain and Bangladesh), and the rest are used
# loosely (US invitations say "EST" all year, meaning -04:00 in summer). A wrong guess moves an
# interview by hours; a refusal costs one retyping, and says what to type: the zone's IANA name,
# which follows daylight saving, or an offset. Each: the zones it names (name, where), offsets.
_ABBREVIATIONS: dict[str, tuple[tuple[tuple[str, str], ...], str]] = {
    "EST": ((("America/New_York", "US Eastern"),), "-05:00"),
    "EDT": ((("America/New_York", "US Eastern"),), "-04:00"),
    "ET": ((("America/New_York", "US Eastern"),), "-05:00 in winter, -04:00 in summer"),
    "CST": ((("America/Chicago", "US Central"), ("Asia/Shanghai", "China")), "-06:00 (US) or +08:00 (China)"),
    "CDT": ((("America/Chicago", "US Central"),), "-05:00"),
    "CT": ((("America/Chicago", "US Central"),), "-06:00 in winter, -05:00 in summer"),
    "MST": ((("America/Denver", "US Mountain"), ("America/Phoenix", "Arizona")), "-07:00"),
    "MDT": ((("America/Denver", "US Mountain"),), "-06:00"),
    "MT": ((("America/Denver", "US Mountain"),), "-07:00 in winter, -06:00 in summer"),
    "PST": ((("America/Los_Angeles", "US Pacific"), ("Asia/Manila", "Philippines")), "-08:00 (US) or +08:00 (Philippines)"),
    "PDT": ((("America/Los_Angeles", "US Pacific"),), "-07:00"),
    "PT": ((("America/Los_Angeles", "US Pacific"),), "-08:00 in winter, -07:00 in summer"),
    "AKST": ((("America/Anchorage", "Alaska"),), "-09:00"),
    "AKDT": ((("America/Anchorage", "Alaska"),), "-08:00"),
    "HST": ((("Pacific/Honolulu", "Hawaii"),), "-10:00"),
    "AST": ((("America/Halifax", "Atlantic"), ("Asia/Riyadh", "Arabia")), "-04:00 (Atlantic) or +03:00 (Arabia)"),
    "ADT": ((("America/Halifax", "Atlantic"),), "-03:00"),
    "NST": ((("America/St_Johns", "Newfoundland"),), "-03:30"),
    "NDT": ((("America/St_Johns", "Newfoundland"),), "-02:30"),
    "BST": ((("Europe/London", "Britain"), ("Asia/Dhaka", "Bangladesh")), "+01:00 (Britain, summer) or +06:00 (Bangladesh)"),
    "IST": ((("Asia/Kolkata", "India"), ("Europe/Dublin", "Ireland"), ("Asia/Jerusalem", "Israel")),
            "+05:30 (India), +01:00 (Ireland, summer) or +02:00 (Israel)"),
    "WET": ((("Europe/Lisbon", "Western Europe"),), "+00:00"),
    "WEST": ((("Europe/Lisbon", "Western Europe"),), "+01:00"),
    "CET": ((("Europe/Berlin", "Central Europe"),), "+01:00"),
    "CEST": ((("Europe/Berlin", "Central Europe"),), "+02:00"),
    "MET": ((("Europe/Berlin", "Central Europe"),), "+01:00"),
    "MEST": ((("Europe/Berlin", "Central Europe"),), "+02:00"),
    "EET": ((("Europe/Athens", "Eastern Europe"),), "+02:00"),
    "EEST": ((("Europe/Athens", "Eastern Europe"),), "+03:00"),
    "MSK": ((("Europe/Moscow", "Moscow"),), "+03:00"),
    "GST": ((("Asia/Dubai", "Gulf"),), "+04:00"),
    "PKT": ((("Asia/Karachi", "Pakistan"),), "+05:00"),
    "ICT": ((("Asia/Bangkok", "Indochina"),), "+07:00"),
    "WIB": ((("Asia/Jakarta", "Western Indonesia"),), "+07:00"),
    "SGT": ((("Asia/Singapore", "Singapore"),), "+08:00"),
    "HKT": ((("Asia/Hong_Kong", "Hong Kong"),), "+08:00"),
    "PHT": ((("Asia/Manila", "Philippines"),), "+08:00"),
    "JST": ((("Asia/Tokyo", "Japan"),), "+09:00"),
    "KST": ((("Asia/Seoul", "Korea"),), "+09:00"),
    "AWST": ((("Australia/Perth", "Western Australia"),), "+08:00"),
    "ACST": ((("Australia/Adelaide", "Central Australia"), ("Australia/Darwin", "Northern Territory")), "+09:30"),
    "ACDT": ((("Australia/Adelaide", "South Australia"),), "+10:30"),
    "AEST": ((("Australia/Sydney", "Eastern Australia"), ("Australia/Brisbane", "Queensland")), "+10:00"),
    "AEDT": ((("Australia/Sydney", "Eastern Australia"),), "+11:00"),
    "NZST": ((("Pacific/Auckland", "New Zealand"),), "+12:00"),
    "NZDT": ((("Pacific/Auckland", "New Zealand"),), "+13:00"),
    "SAST": ((("Africa/Johannesburg", "South Africa"),), "+02:00"),
    "WAT": ((("Africa/Lagos", "West Africa"),), "+01:00"),
    "CAT": ((("Africa/Maputo", "Central Africa"),), "+02:00"),
    "EAT": ((("Africa/Nairobi", "East Africa"),), "+03:00"),
    "BRT": ((("America/Sao_Paulo", "Brazil"),), "-03:00"),
    "ART": ((("America/Argentina/Buenos_Aires", "Argentina"),), "-03:00"),
}

# The words of the less common forms ("next monday 9am", "Wed, 2 Dec 2026 14:00", "in 2 weeks"):
# anything else is refused, never skipped. Each is given to dateparser in its canonical spelling.
_MONTHS = {name: number for number, names in enumerate((
    ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
    ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
    ("oct", "october"), ("nov", "november"), ("dec", "december")), start=1) for name in names}
_MONTH_NAMES = ("", "january", "february", "march", "april", "may", "june", "july", "august",
                "september", "october", "november", "december")
_WEEKDAYS = {name: number for number, names in enumerate((
    ("mon", "monday"), ("tue", "tues", "tuesday"), ("wed", "weds", "wednesday"),
    ("thu", "thur", "thurs", "thursday"), ("fri", "friday"), ("sat", "saturday"), ("sun", "sunday")))
    for name in names}
_WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DAY_WORDS = {"today", "tomorrow", "yesterday", "tonight", "now"}
_DAY_PARTS = {"morning", "afternoon", "evening"}  # after a day: 09:00, 15:00, 18:00
_NEXT = {"next": "next", "coming": "next", "this": "this", "last": "last"}
_UNITS = {"minute": "minute", "minutes": "minutes", "min": "minute", "mins": "minutes",
          "hour": "hour", "hours": "hours", "hr": "hour", "hrs": "hours", "day": "day", "days": "days",
          "week": "week", "weeks": "weeks", "fortnight": "fortnight", "fortnights": "fortnights",
          "month": "month", "months": "months", "year": "year", "years": "years"}
_CLOCK_WORDS = {"noon": (12, 0), "midday": (12, 0), "midnight": (0, 0)}
_MERIDIEM = {"am": "am", "pm": "pm", "a.m.": "am", "p.m.": "pm"}
_CLOCK = re.compile(r"^(\d{1,2})(?:([:.])(\d{2})(?::(\d{2}))?)?(am|pm|a\.m\.|p\.m\.)?$")
_ORDINAL = re.compile(r"^(\d{1,2})(st|nd|rd|th)$")
# 11/10/2026, 25-11-2026, 2026/12/03, 11/25: day and month either way round (see _numeric_date)
_NUMERIC_DATE = re.compile(r"^(\d{1,4})([/-])(\d{1,2})(?:\2(\d{1,4}))?$")
# 05.01.2027, 05.01.: a date with dots is day first wherever it is written so (Germany,
# Switzerland, Russia, Finland ...), never month first; without a year it ends with its dot
_DOTTED = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{0,4})$")
_TRY = "try 2026-12-03 10:00, 'tomorrow 14:00' or '3 Dec 2026 10:00'; a zone goes last: 2026-12-03 10:00 Europe/Berlin"
_TRY_DAY = "try 2026-12-03, '3 Dec 2026', '3 Dec' or 'next friday'"  # for a date alone (parse_date)

# A day and month typed without a year are the latest such day when it is at most RECENT_DAYS
# ago (today included), else the next one. What is recorded happened lately ("the interview on
# Nov 27", typed the day after; "the reply of Dec 29", typed on 2 January); what is planned is
# ahead, and rarely more than nine months ahead. A time to come read as just past is refused by
# its field's own check ("in the past"), which names the date and year: better than a silent
# year ahead.
RECENT_DAYS = 90


def _date(y: int, m: int, d: int, original: str) -> date:
    try:
        return date(y, m, d)
    except ValueError:
        raise InvalidInput(f"impossible date: {original!r}") from None


def _offset(text: str) -> tzinfo:
    if text == "Z":
        return timezone.utc
    sign = 1 if text[0] == "+" else -1
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:])
    if hours > 23 or minutes > 59:
        raise InvalidInput(f"invalid UTC offset: {text!r}")
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def _localize(naive: datetime, tz: tzinfo, original: str = "", *, typed: bool = True) -> datetime:
    """Attach a zone to a wall time, never guessing across a change of the clocks.

    A wall time typed (`typed`) that the clocks skip (02:30 on the night they go forward) or
    show twice (02:30 on the night they go back) is refused, in one line that gives the readings
    with their offsets and what to type instead: the user knows which they meant, Afterview
    does not. One only implied (the midnight of "2026-10-25", the 09:00 of "tomorrow") is the
    day's first such moment: its first reading, or the moment the clocks jump to.
    """
    aware = naive.replace(tzinfo=tz, fold=0)
    if not isinstance(tz, ZoneInfo):
        return aware  # an offset: one reading
    readings = _readings(naive, tz)
    if readings == "one":
        return aware
    if not typed:
        return aware.astimezone(timezone.utc).astimezone(tz) if readings == "none" else aware
    raise InvalidInput(_clocks_change(naive, tz, original, skipped=readings == "none"))


def _readings(naive: datetime, tz: ZoneInfo) -> str:
    """How many moments the wall time `naive` names in `tz`: "one", "twice" (the clocks go back
    over it) or "none" (they skip it)."""
    first, second = naive.replace(tzinfo=tz, fold=0), naive.replace(tzinfo=tz, fold=1)
    if first.utcoffset() == second.utcoffset():
        return "one"
    return "none" if first.astimezone(timezone.utc).astimezone(tz).replace(tzinfo=None) != naive else "twice"


def _clocks_change(naive: datetime, tz: ZoneInfo, original: str, *, skipped: bool) -> str:
    """Why the wall time `naive` names no one moment in `tz`, and what to type instead (one line)."""
    before, after, change = _offsets_around(naive, tz)
    wall = _wall(naive)
    said = " ".join(original.split())
    what = f"{said!r} is {wall}, which" if said and said != wall else wall
    old, new = change + before, change + after  # the clocks at the change, before and after it
    moved = f"from {_clock(old)} to {_clock(new)}" if old.date() == new.date() else f"from {_wall(old)} to {_wall(new)}"
    if skipped:
        # 02:30 at the offset before the change is 03:30 on the clock after it; at the offset
        # after the change, 01:30 on the clock before it. A zone typed with the time is kept in
        # what to type instead: without it, the time would be read on the user's own clock.
        zone = f" {tz.key}" if tz.key.lower() in said.lower() else ""
        return (f"{what} does not exist in {tz.key}: the clocks go forward {moved} "
                f"({_signed(before)} to {_signed(after)}); type a time that does, e.g. "
                f"'{_wall(naive + (after - before))}{zone}' ({_clock(naive)} at {_signed(before)}) or "
                f"'{_wall(naive - (after - before))}{zone}' ({_clock(naive)} at {_signed(after)})")

    def named(fold: int) -> str:  # "CEST"; not "+03", which the offset says already
        name = naive.replace(tzinfo=tz, fold=fold).tzname() or ""
        return f" ({name})" if name.isalpha() else ""

    return (f"{what} happens twice in {tz.key}, as the clocks go back {moved}: first at {_signed(before)}"
            f"{named(0)}, then {_span(before - after)} later at {_signed(after)}{named(1)}; type the offset "
            f"to say which: '{wall}{_signed(before)}' or '{wall}{_signed(after)}'")


def _offsets_around(naive: datetime, tz: ZoneInfo) -> tuple[timedelta, timedelta, datetime]:
    """The offsets before and after the change of the clocks that makes `naive` skipped or seen
    twice, and the moment of that change (naive UTC)."""
    before = naive.replace(tzinfo=tz, fold=0).utcoffset()  # in a gap and in a fold alike (PEP 495)
    after = naive.replace(tzinfo=tz, fold=1).utcoffset()
    early, late = naive - max(before, after), naive - min(before, after)  # at `before`, at `after`
    while late - early > timedelta(seconds=1):
        middle = early + (late - early) // 2
        if middle.replace(tzinfo=timezone.utc).astimezone(tz).utcoffset() == before:
            early = middle
        else:
            late = middle
    return before, after, late


def _wall(moment: datetime) -> str:
    return f"{moment:%Y-%m-%d %H:%M}" + (f":{moment:%S}" if moment.second else "")


def _clock(moment: datetime) -> str:
    return f"{moment:%H:%M}" + (f":{moment:%S}" if moment.second else "")


def _signed(offset: timedelta) -> str:
    """An offset as typed: +02:00, -03:30."""
    seconds = int(offset.total_seconds())
    sign, seconds = ("-" if seconds < 0 else "+"), abs(seconds)
    text = f"{sign}{seconds // 3600:02}:{seconds % 3600 // 60:02}"
    return text + (f":{seconds % 60:02}" if seconds % 60 else "")


def _span(length: timedelta) -> str:
    """'an hour', '30 minutes', '2 hours', '1 hour 30 minutes'."""
    hours, minutes = divmod(int(length.total_seconds()) // 60, 60)
    if not minutes:
        return "an hour" if hours == 1 else f"{hours} hours"
    return f"{minutes} minutes" if not hours else f"{hours} hour{'s' if hours > 1 else ''} {minutes} minutes"


def clock_there(moment: datetime, there, here, other_day: str = "%a %Y-%m-%d %H:%M") -> str:
    """`moment` on the clock of zone `there`, said beside the same moment on `here`'s clock:
    '09:30' the same day, else in the `other_day` format; "" when both clocks show the same (one
    zone, or two at one offset then). Zones as names or ZoneInfo. A time the clock of `there`
    shows twice says which (`repeated_mark`): '01:30 CDT'."""
    there_at = moment.astimezone(zone(there) if isinstance(there, str) else there)
    here_at = moment.astimezone(zone(here) if isinstance(here, str) else here)
    if there_at.replace(tzinfo=None) == here_at.replace(tzinfo=None):
        return ""
    shown = f"{there_at:%H:%M}" if there_at.date() == here_at.date() else there_at.strftime(other_day)
    return shown + repeated_mark(there_at)


def wall_clock(moment: datetime, tz=None, pattern: str = "%a %Y-%m-%d %H:%M") -> str:
    """A moment as people read it: on the clock of zone `tz` (a name or a tzinfo; None: its own),
    in `pattern` ('Sun 2026-11-01 01:30'), which ends with the time; a time that clock shows
    twice says which (`repeated_mark`): 'Sun 2026-11-01 01:30 CDT'. Every time shown to people
    is written so (or given `repeated_mark` after it), so that two moments an hour apart in the
    hour the clocks go back never read as one, nor a later one as earlier."""
    local = moment if tz is None else moment.astimezone(zone(tz) if isinstance(tz, str) else tz)
    return local.strftime(pattern) + repeated_mark(local)


def typed_clock(moment: datetime, tz=None, pattern: str = "%Y-%m-%d %H:%M") -> str:
    """A moment as it is typed back into a field (`parse_when` reads it as that moment): on the
    clock of zone `tz` (a name or a tzinfo; None: its own), in `pattern`, which ends with the
    time; a time that clock shows twice (`repeated_mark`) with its offset, the one way to type
    which reading it is: '2026-11-01 01:30-05:00' (a zone's letters, CDT, are refused there)."""
    local = moment if tz is None else moment.astimezone(zone(tz) if isinstance(tz, str) else tz)
    return local.strftime(pattern) + (_signed(local.utcoffset()) if repeated_mark(local) else "")


def repeated_mark(local: datetime) -> str:
    """' CDT' when the wall time of `local` is one its zone's clock shows twice (the hour the
    clocks go back: 01:30 in Chicago on 1 November 2026 is first 01:30 CDT, then an hour later
    01:30 CST), so that the time says which it is: the zone's abbreviation for it, or its offset
    (' -05:00') when the zone has no letters for it ('+03') or names both alike; "" for every
    other time, and for a time at a fixed offset. Only the fold (PEP 495) tells the two apart:
    a local time made with `astimezone`, or read back from storage (UTC), carries the right one.
    Most hours of a clock have no such time: those are known by their hour (`repeated_hours`)."""
    tz = local.tzinfo
    if tz is None or not repeated_hours(tz)[local.year, local.month, local.day, local.hour]:
        return ""
    offset = local.utcoffset()
    other = local.replace(fold=1 - local.fold)
    if other.utcoffset() == offset:
        return ""
    name = local.tzname() or ""
    if name.isalpha() and name != other.tzname():
        return f" {name}"
    return f" {_signed(offset)}"


class _Hours(dict):
    """(year, month, day, hour) -> whether that hour of one zone's clock may hold a time it shows
    twice, worked out once per hour asked for (see `repeated_hours`)."""

    __slots__ = ("tz",)
    LIMIT = 100_000  # hours kept per zone; a long-running desk starts again past it

    def __init__(self, tz: tzinfo):
        super().__init__()
        self.tz = tz

    def __missing__(self, hour: tuple[int, int, int, int]) -> bool:
        if len(self) >= self.LIMIT:
            self.clear()
        found = self[hour] = _may_repeat(self.tz, hour)
        return found


class _Unknown(dict):
    """The hours of a tzinfo that cannot be a key (no hash): each may hold a repeated time."""

    def __missing__(self, hour) -> bool:
        return True


_HOURS: dict[tzinfo, _Hours] = {}


def repeated_hours(tz: tzinfo) -> dict:
    """For many times on the clock of `tz` (a listing of thousands): `repeated_hours(tz)[year,
    month, day, hour]` is False when no wall time of that hour of that day is one the clock shows
    twice, so that none has a `repeated_mark`; True when one may be (the hour the clocks go back,
    and the hours next to a change of the clocks), for `repeated_mark` to say. A lookup once
    the hour is known, as `repeated_mark` itself starts with; kept for the process, per zone."""
    try:
        hours = _HOURS.get(tz)
    except TypeError:  # a tzinfo without a hash
        return _Unknown()
    if hours is None:
        if len(_HOURS) >= 1000:
            _HOURS.clear()
        hours = _HOURS[tz] = _Hours(tz)
    return hours


def _may_repeat(tz: tzinfo, hour: tuple[int, int, int, int]) -> bool:
    """Whether some wall time of `hour` (year, month, day, hour) on the clock of `tz` may be one
    it shows twice. It is not when the hour's start and the next hour's start each have one
    reading (PEP 495: both folds give one offset), and the same one: the clocks do not change in
    between (no zone changes them twice within an hour or two), and a span they go back over,
    which would hold one of those two times (two readings) or lie between them (two offsets),
    does not touch the hour. Otherwise (the hour of a change, or next to one) it may be."""
    try:
        start = datetime(*hour, tzinfo=tz)
        end = (start.replace(tzinfo=None) + timedelta(hours=1)).replace(tzinfo=tz, fold=1)
        first, last = start.utcoffset(), end.utcoffset()
        return (first != last or first != start.replace(fold=1).utcoffset()
                or last != end.replace(fold=0).utcoffset())
    except (ArithmeticError, ValueError):  # the last hour there is, or a clock that cannot say:
        return True  # `repeated_mark` works it out itself


def elapsed(start: datetime, length: timedelta) -> datetime:
    """The moment `length` of real time after `start`, on the clock of `start`'s zone.

    Python adds a timedelta to the wall clock of a zoned datetime: 02:30 + 1h on the night the
    clocks go back would be 03:30 of the later offset, two real hours on. This counts in UTC.
    Python also compares and subtracts two datetimes of one zone by their wall clocks (02:30
    before the change "equals" 02:30 after it): when the offset changed in between, the result
    carries its offset alone (+01:00), so that it compares with `start` as the moments do.
    """
    moment = (as_utc(start) + length).astimezone(start.tzinfo)
    if moment.utcoffset() != start.utcoffset():
        moment = moment.astimezone(timezone(moment.utcoffset()))
    return moment


def parse_date(value: str, *, now: datetime | None = None, tz: str = "UTC", examples: str = _TRY_DAY) -> date:
    """A calendar date: ISO ("2026-12-03"), or any day parse_when reads, relative to `now`.
    `examples`: what a date looks like, said when the text is none (a field that refuses some
    of these words gives its own)."""
    text = value.strip()
    match = _ISO_DATE.match(text)
    if match:
        day = _date(*map(int, match.groups()), text)
        check_year(day.year, text)
        return day
    if now is not None:
        try:
            return parse_when(text, now=now, tz=tz).date()
        except InvalidInput as err:  # said with what a date looks like, not a date and time
            if not err.message.startswith("not a date/time"):
                raise  # an impossible or ambiguous day, a year too far away: said as it is
            said = err.message.replace("not a date/time", "not a date", 1).replace(_TRY, examples)
            raise InvalidInput(said.replace("longer than any date and time", "longer than any date")) from None
    raise InvalidInput(f"not a date: {shown(value)} (use YYYY-MM-DD)")


WHEN_YEARS = (1900, 2200)  # a moment outside these years is a typing mistake (and near year
# 9999 date arithmetic overflows: a stored far-future snooze would break every plan)


def check_year(year: int | None, shown: str) -> None:
    """InvalidInput when a date or time, shown as given, lies outside WHEN_YEARS (None: beyond
    what can be computed). Typed, imported and restored dates are all checked by this."""
    if year is None or not WHEN_YEARS[0] <= year <= WHEN_YEARS[1]:
        raise InvalidInput(f"{shown!r} is too far away (years {WHEN_YEARS[0]}-{WHEN_YEARS[1]})")


def parse_when(value: str, *, now: datetime, tz: str) -> datetime:
    """A moment the user typed, as an aware datetime.

    Accepts ISO 8601 ("2026-12-03T10:00", with an offset or Z), "today/tomorrow [at] 14:00",
    "in 3 days", dates with dots (day first: "10.11.2026", "10.11."), with slashes when day and
    month can only be read one way ("25/11/2026"), and, through dateparser, common English forms
    ("next monday 9am", "3 Dec 2026 10:00"). Any of these may end with a zone: an IANA name ("...
    Europe/Berlin"), UTC or GMT, or an offset ("... -05:00", "UTC+1"). A time with no zone is in
    `tz` (the user's zone). A date without a year is the latest such day when at most
    RECENT_DAYS ago, else the next one. Years 1900-2200 only.

    Refused, in one line saying what would work: a zone abbreviation (EST, CET, IST: ambiguous),
    a day and month that could be either way round ("11/10/2026"), a wall time the clocks show
    twice or skip in its zone (02:30 on the night they go back or forward: typed with its offset,
    "2026-10-25 02:30+01:00", it is that moment, in the user's zone), and any word or number
    that is not understood: nothing typed is ever skipped. A day without a time is the start of
    that day; "in 2 hours" is real time, "in 3 days" the same time of day.
    """
    if len(value) > MAX_WHEN:
        raise _not_a_moment(value, f"it is longer than any date and time ({_TRY})")
    try:
        moment = _reading_in(_parse_when(value, now=now, tz=tz), zone(tz))
        year = moment.astimezone(timezone.utc).year
    except OverflowError:
        year = None
    check_year(year, value.strip())
    return moment


def bare_clock(value: str) -> bool:
    """Whether a typed moment is a time of day alone, no day said ("2pm", "14:00", "at noon",
    "2:30 pm Europe/Berlin"): parse_when reads it as the next such time; a moment that is past
    by nature (an interview's start) reads it as today's (see `today_at`)."""
    text = " ".join((value or "").strip().split())
    if not text or len(text) > MAX_WHEN:
        return False
    try:
        text, _ = _zone_suffix(text, value)
        if _TIME_ONLY.match(text):
            return True
        if _RELATIVE.match(text) or _IN.match(text) or _ISO_DATE.match(text) or _ISO_DT.match(text):
            return False
        read = _read_words(text, value)
    except InvalidInput:
        return False
    return not read.kinds and read.clock is not None and read.clock[0] >= 0


def today_at(value: str, *, now: datetime, tz: str) -> datetime:
    """A time of day alone (`bare_clock`) read as today's, past or to come ("2pm" at 16:00:
    14:00 today, not tomorrow), in the zone it names, else in `tz`; any other moment as
    parse_when reads it."""
    if not bare_clock(value):
        return parse_when(value, now=now, tz=tz)
    moment = parse_when(value, now=now, tz=tz)
    home = moment.tzinfo if isinstance(moment.tzinfo, ZoneInfo) else zone(tz)
    day = now.astimezone(home).date()
    if moment.astimezone(home).date() == day:
        return moment
    return parse_when(f"{day.isoformat()} {moment.astimezone(home):%H:%M}{_zone_named(value)}", now=now, tz=tz)


def _zone_named(value: str) -> str:
    """" Europe/Berlin" when a typed moment ends with a zone, else ""."""
    text = " ".join(value.strip().split())
    head, given = _zone_suffix(text, value)
    return f" {text[len(head):].strip()}" if given is not None else ""


def _reading_in(moment: datetime, home: ZoneInfo) -> datetime:
    """A moment typed with an offset that says which reading of a wall time the user's zone
    shows twice ("2026-10-25 02:30+01:00" in Europe/Berlin): that reading, in the zone, so that
    what is worked out from it (an end an hour later, a time on the same day) follows the zone as
    for any other moment typed. Any other moment as it is."""
    if isinstance(moment.tzinfo, ZoneInfo):
        return moment
    wall = moment.replace(tzinfo=None)
    if _readings(wall, home) != "twice":
        return moment  # one reading, or none (a time the clocks skip): said by its offset alone
    readings = (wall.replace(tzinfo=home, fold=0), wall.replace(tzinfo=home, fold=1))
    return next((reading for reading in readings if reading.utcoffset() == moment.utcoffset()), moment)


def _not_a_moment(original: str, why: str = "") -> InvalidInput:
    return InvalidInput(f"not a date/time: {shown(original)}" + (f": {why}" if why else f" ({_TRY})"))


# The longest moment typed: "next Wednesday the 23rd of December 2026 at 10:30 am America/Argentina/ComodRivadavia"
# is under 100 characters. A longer one is no moment, refused before it is read.
MAX_WHEN = 200


def _bare(token: str) -> str:
    """A word as it is looked up: no commas, brackets or full stop around it, lower case."""
    word = token.strip(",()").lower()
    return word if word in _MERIDIEM else word.rstrip(".")


def _refuse_abbreviations(text: str, original: str) -> None:
    """InvalidInput for a zone abbreviation anywhere in `text`, saying what to type instead."""
    words = text.split(" ")
    for index, token in enumerate(words):
        found = _ABBREVIATIONS.get(token.strip(",().").upper())
        if found is None or _bare(token) in _WEEKDAYS or _bare(token) in _MONTHS:
            continue
        zones, offsets = found
        rest = " ".join(words[:index] + words[index + 1:])
        example = f"{rest} {zones[0][0]}".strip()
        named = f"e.g. {example!r}" + (f" ({zones[0][1]})" if len(zones) > 1 else "")
        for name, where in zones[1:]:
            named += f", or {name} ({where})"
        # not "not a date/time: ...", which a form may replace with its own words for what a field takes
        within = f" in {original.strip()!r}" if len(words) > 1 else ""
        raise InvalidInput(f"{token.strip(',()')!r}{within} is an abbreviation, which can name more than one "
                           f"zone: give the zone's name, {named}, or an offset, e.g. {offsets}")


def _zone_suffix(text: str, original: str) -> tuple[str, tzinfo | None]:
    """(what comes before the zone, the zone) when `text` ends with one, else (text, None)."""
    head, _, last = text.rpartition(" ")
    if not head:
        return text, None
    if _IANA.match(last):
        return head, zone(last)
    if last.upper() in ("UTC", "GMT", "Z"):
        return head, zone("UTC")
    match = _NAMED_OFFSET.match(last) or _OFFSET.match(last)
    if match:
        sign, hours, minutes = match.groups()
        if int(hours) > 23 or int(minutes or 0) > 59:
            raise InvalidInput(f"invalid UTC offset: {last!r} in {original!r}")
        shift = timedelta(hours=int(hours), minutes=int(minutes or 0))
        return head, timezone(-shift if sign == "-" else shift)
    return text, None


def _numeric_date(token: str, original: str) -> list[str]:
    """A date of numbers with slashes, dashes or dots, as ISO ("2026-11-25") or, with no year,
    as words ("25 november"); other tokens unchanged. InvalidInput when day and month could be
    either way round (11/10/2026: 11 October in Germany, November 10 in the US) or the year has
    two digits."""
    dotted = _DOTTED.match(token)
    if dotted:
        day, month, year = dotted.groups()
        if not year:  # "08.01.": day and month, the year by the rule of RECENT_DAYS
            if int(month) > 12:
                return [token]  # no date ("14.30." ends a sentence with a time): not understood
            if not (1 <= int(month) and 1 <= int(day) <= 31):
                raise InvalidInput(f"impossible date: {original!r}")
            return [str(int(day)), _MONTH_NAMES[int(month)]]
        if len(year) != 4:
            full = f"'{day}.{month}.20{year}'" if len(year) == 2 else "'10.12.2026'"
            raise _not_a_moment(original, f"give the year in full, e.g. {full}")
        return [_date(int(year), int(month), int(day), original).isoformat()]
    match = _NUMERIC_DATE.match(token)
    if not match or match.group(2) == "-" and match.group(4) is None:
        return [token]
    first, _, second, third = match.groups()
    if len(first) == 4:  # 2026/12/03: year first, then month and day
        if third is None:
            return [token]  # not a date: said as not understood
        return [_date(int(first), int(second), int(third), original).isoformat()]
    if third is not None and len(third) != 4 or len(first) > 2:
        raise _not_a_moment(original, "give the year in full, e.g. 2026-12-03 or '3 Dec 2026'")
    a, b = int(first), int(second)
    if not a or not b:
        raise InvalidInput(f"impossible date: {original!r}")
    if a <= 12 and b <= 12 and a != b:
        year = f" {third}" if third else ""
        us, europe = f"{b} {_MONTH_NAMES[a][:3].title()}{year}", f"{a} {_MONTH_NAMES[b][:3].title()}{year}"
        where = f" in {original!r}" if token != original.strip() else ""
        instead = (f"type {third}-{a:02}-{b:02} or {third}-{b:02}-{a:02}, or the month as a word ('{us}')"
                   if third else f"write the month as a word: '{us}' or '{europe}'")
        raise InvalidInput(f"ambiguous date {token!r}{where}: it could be {us} (month first, as in the US) "
                           f"or {europe} (day first): {instead}")
    day, month = (a, b) if a > 12 else (b, a)  # one of them is no month; equal: either way
    if third is None:
        if not 1 <= month <= 12 or not 1 <= day <= 31:
            raise InvalidInput(f"impossible date: {original!r}")
        return [str(day), _MONTH_NAMES[month]]
    return [_date(int(third), month, day, original).isoformat()]


def _parse_when(value: str, *, now: datetime, tz: str) -> datetime:
    text = " ".join(value.strip().split())
    if not text:
        raise InvalidInput("empty date/time")
    home: tzinfo = zone(tz)
    _refuse_abbreviations(text, value)
    text, given = _zone_suffix(text, value)
    if given is not None:
        home = given
    text = " ".join(part for token in text.split(" ") for part in _numeric_date(token, value))
    match = _ISO_DT.match(text)
    if match:
        y, mo, d, h, mi, s, off = match.groups()
        day = _date(int(y), int(mo), int(d), value)
        if int(h) > 23 or int(mi) > 59 or (s and int(s) > 59):
            raise InvalidInput(f"impossible time: {value!r}")
        if off and given is not None:
            raise _not_a_moment(value, "it gives two zones: keep the offset or the zone's name")
        naive = datetime.combine(day, time(int(h), int(mi), int(s or 0)))
        return naive.replace(tzinfo=_offset(off)) if off else _localize(naive, home, value)
    match = _ISO_DATE.match(text)
    if match:
        day = _date(*map(int, match.groups()), value)
        return _localize(datetime.combine(day, time(0, 0)), home, value, typed=False)
    local_now = now.astimezone(home)
    match = _TIME_ONLY.match(text)
    if match:
        text = f"today {text}"
    match = _RELATIVE.match(text)
    if match:
        word, hour, minute, meridiem = match.groups()
        word = word.lower()
        if word == "now" and hour is None:
            return local_now
        day = local_now.date() + timedelta(days={"today": 0, "now": 0, "tomorrow": 1, "yesterday": -1}[word])
        if hour is None:
            return _localize(datetime.combine(day, time(9, 0)), home, value, typed=False)
        h = int(hour)
        if meridiem:
            if not 1 <= h <= 12:
                raise InvalidInput(f"impossible time: {value!r}")
            h = h % 12 + (12 if meridiem.lower() == "pm" else 0)
        if h > 23 or int(minute or 0) > 59:
            raise InvalidInput(f"impossible time: {value!r}")
        return _localize(datetime.combine(day, time(h, int(minute or 0))), home, value)
    match = _IN.match(text)
    if match:
        amount, unit = int(match.group(1)), match.group(2).lower()
        return _after(local_now, timedelta(**{unit + "s": amount}), real=unit in ("minute", "hour"))
    return _in_words(text, value, local_now, home)


def _after(start: datetime, length: timedelta, *, real: bool) -> datetime:
    """`length` after `start`, in `start`'s zone: real time for minutes and hours ("in 2 hours"
    is two hours on, also on the night the clocks change), the wall clock for days and weeks ("in
    3 days" is the same time of day)."""
    if real:
        return (as_utc(start) + length).astimezone(start.tzinfo)
    return _localize(start.replace(tzinfo=None) + length, start.tzinfo, typed=False)


class _Words:
    """What a moment typed in words says explicitly, to check dateparser's reading against."""

    def __init__(self) -> None:
        self.day: int | None = None
        self.month: int | None = None
        self.year: int | None = None
        self.iso: date | None = None
        self.weekday: int | None = None
        # hour (0-23), minute, second; (-1, -1, -1): a part of the day ("morning"), dateparser's hour
        self.clock: tuple[int, int, int] | None = None
        self.kinds: list[str] = []  # of day: "date", "word", "weekday", "next", "amount"
        self.canonical: list[str] = []  # the words for dateparser
        self.unit = ""  # of an amount ("2 hours", "a day ago"), as in _UNITS


def _read_words(text: str, original: str) -> _Words:
    """Check every word of a moment typed in words, and what each says; InvalidInput naming the
    first word that is not understood or not where it belongs."""
    tokens = text.split(" ")
    bare = [_bare(t) for t in tokens]
    read = _Words()
    month_given = any(b in _MONTHS for b in bare)

    def unknown(index: int) -> InvalidInput:
        if len(tokens) == 1:
            return _not_a_moment(original)
        word = tokens[index]
        for start in range(max(0, index - 2), index + 1) if word.isalpha() else ():  # "2pm New York"
            place = " ".join(tokens[start:])
            meant = meant_zone(place, near=False) if all(t.isalpha() for t in tokens[start:]) else ""
            if meant:
                return _not_a_moment(original, f"{place!r} is not a zone's name: did you mean {meant}? (e.g. "
                                               f"'{' '.join(tokens[:start])} {meant}')")
        if index == len(tokens) - 1 and word.isalpha():
            return _not_a_moment(original, f"{word!r} is not understood (a zone is given by its name, e.g. "
                                           "Europe/Berlin, or an offset, e.g. -05:00)")
        return _not_a_moment(original, f"{word!r} is not understood ({_TRY})")

    def once(kind: str, index: int) -> None:
        if kind in read.kinds:
            raise _not_a_moment(original, f"{tokens[index]!r} says the day a second time")

    def clock(index: int, hour: int, minute: int, second: int, meridiem: str | None) -> None:
        if read.clock is not None:
            raise _not_a_moment(original, f"{tokens[index]!r} says the time a second time")
        if meridiem:
            if not 1 <= hour <= 12:
                raise InvalidInput(f"impossible time: {original!r}")
            hour = hour % 12 + (12 if meridiem == "pm" else 0)
        if hour > 23 or minute > 59 or second > 59:
            raise InvalidInput(f"impossible time: {original!r}")
        read.clock = (hour, minute, second)
        read.canonical.append(f"{hour:02}:{minute:02}:{second:02}")

    def next_to_month(index: int) -> bool:
        before = bare[index - 1] if index else ""
        after = bare[index + 1: index + 3]
        return before in _MONTHS or bool(after) and (after[0] in _MONTHS or after[:1] == ["of"]
                                                    and len(after) > 1 and after[1] in _MONTHS)

    def a_day(index: int, number: int) -> None:
        if read.day is not None:
            raise _not_a_moment(original, f"{tokens[index]!r} says the day a second time")
        if not 1 <= number <= 31:
            raise InvalidInput(f"impossible date: {original!r}")
        read.day = number
        read.canonical.append(str(number))

    i = 0
    while i < len(tokens):
        word, after = bare[i], (bare[i + 1] if i + 1 < len(tokens) else "")
        shape = _CLOCK.match(word)
        if _ISO_DATE.match(word):
            once("date", i)
            y, mo, d = map(int, word.split("-"))
            read.iso = _date(y, mo, d, original)
            read.kinds.append("date")
            read.canonical.append(read.iso.isoformat())
        elif word in _MONTHS:
            if read.month is not None:
                raise _not_a_moment(original, f"{tokens[i]!r} says the month a second time")
            read.month = _MONTHS[word]
            read.canonical.append(_MONTH_NAMES[read.month])
        elif word in _WEEKDAYS:
            once("weekday", i)
            read.weekday = _WEEKDAYS[word]
            read.kinds.append("weekday")
            read.canonical.append(_WEEKDAY_NAMES[read.weekday])
            if after in _DAY_PARTS:
                i += 1
                read.canonical.append(after)
                read.clock = (-1, -1, -1)  # a part of the day: dateparser's hour
        elif word in _DAY_WORDS:
            once("word", i)
            read.kinds.append("word")
            read.canonical.append(word)
            if after in _DAY_PARTS and word != "tonight":
                i += 1
                read.canonical.append(after)
                read.clock = (-1, -1, -1)
        elif word in _NEXT:
            if after in _WEEKDAYS:
                once("next", i)
                read.weekday = _WEEKDAYS[after]
                read.canonical += [_NEXT[word], _WEEKDAY_NAMES[read.weekday]]
            elif after in ("week", "month", "year") and word != "this":
                once("next", i)
                read.canonical += [_NEXT[word], after]
            elif word == "this" and after in _DAY_PARTS:
                once("next", i)
                read.canonical += ["this", after]
                read.clock = (-1, -1, -1)
            else:
                raise unknown(i)
            read.kinds.append("next")
            i += 1
        elif word == "in" and after and (plain_digits(after) or after in ("a", "an")) and i + 2 < len(tokens) \
                and bare[i + 2] in _UNITS:
            read.canonical.append("in")
        elif word in ("a", "an") and after in _UNITS:
            once("amount", i)
            read.kinds.append("amount")
            read.canonical += [word, _UNITS[after]]
            read.unit = _UNITS[after]
            i += 1
            if i + 1 < len(tokens) and bare[i + 1] == "ago":
                read.canonical.append("ago")
                i += 1
        elif plain_digits(word) and after in _UNITS:
            once("amount", i)
            read.kinds.append("amount")
            read.canonical += [str(int(word)), _UNITS[after]]
            read.unit = _UNITS[after]
            i += 1
            if i + 1 < len(tokens) and bare[i + 1] == "ago":
                read.canonical.append("ago")
                i += 1
        elif plain_digits(word) and after in _MERIDIEM:
            clock(i, int(word), 0, 0, _MERIDIEM[after])
            i += 1
        elif shape and (shape.group(2) or shape.group(5)):
            hour, separator, minute, second, meridiem = shape.groups()
            if not meridiem and after in _MERIDIEM:
                meridiem = after
                i += 1
            if separator == "." and not meridiem:
                raise unknown(i)
            clock(i, int(hour), int(minute or 0), int(second or 0), _MERIDIEM.get(meridiem or ""))
        elif word in _CLOCK_WORDS:
            clock(i, *_CLOCK_WORDS[word], 0, None)
        elif _ORDINAL.match(word) and next_to_month(i):
            a_day(i, int(_ORDINAL.match(word).group(1)))
        elif plain_digits(word) and len(word) <= 2 and next_to_month(i):
            a_day(i, int(word))
        elif plain_digits(word) and len(word) == 4 and month_given and read.year is None:
            read.year = int(word)
            read.canonical.append(word)
        elif word == "at" and after and (_CLOCK.match(after) and (":" in after or after[-1:] in "m.")
                                         or after in _CLOCK_WORDS or plain_digits(after) and i + 2 < len(tokens)
                                         and bare[i + 2] in _MERIDIEM):
            pass  # "at 10am": the time says it
        elif word == "on" and after and (after in _WEEKDAYS or after in _MONTHS or after in _NEXT
                                         or after == "the" or plain_digits(after[:1])):
            pass
        elif word == "the" and after and (_ORDINAL.match(after) or plain_digits(after)) and next_to_month(i + 1):
            pass
        elif word == "of" and i and (_ORDINAL.match(bare[i - 1]) or plain_digits(bare[i - 1])) and after in _MONTHS:
            pass
        elif _ORDINAL.match(word) or word == "the" and _ORDINAL.match(after):
            day = (_ORDINAL.match(word) or _ORDINAL.match(after)).group(1)
            if not 1 <= int(day) <= 31:  # no example with it: "45 Dec" would be an impossible date
                raise _not_a_moment(original, f"no month has a day {int(day)}: give a day from 1 to 31 and the "
                                              "month, e.g. '3 Dec'")
            raise _not_a_moment(original, f"give the month too, e.g. '{int(day)} Dec'")
        elif word == "at" and plain_digits(after) and len(after) <= 2:
            hour = int(after)
            raise _not_a_moment(original, f"say which: {hour}am or {hour}pm" if 1 <= hour <= 12
                                else f"write {hour}:00" if hour < 24 else "")
        else:
            raise unknown(i)
        i += 1
    if "in" in read.canonical and "ago" in read.canonical:
        raise _not_a_moment(original, "'in' and 'ago' say opposite things")
    if read.month is not None and read.day is None:
        raise _not_a_moment(original, f"give the day of the month too, e.g. '3 {_MONTH_NAMES[read.month][:3].title()}'")
    if read.day is not None:
        read.kinds.append("date")
    days = [kind for kind in read.kinds if kind != "weekday"]
    if len(days) > 1 or days and "weekday" in read.kinds and days[0] != "date":  # "tomorrow friday"
        raise _not_a_moment(original, f"it says the day more than once ({_TRY})")
    if not read.kinds and read.clock is None:
        raise _not_a_moment(original)
    return read


def _in_words(text: str, original: str, local_now: datetime, home: tzinfo) -> datetime:
    """A moment typed in words ("next monday 9am", "3 Dec 2026 10:00"), each word checked first
    (_read_words) and dateparser's reading checked against what they say."""
    import dateparser  # only for the less common forms; ~90 ms

    read = _read_words(text, original)
    if read.day is not None and read.month is not None:  # 31 April: dateparser would read nothing
        _date(read.year or 2000, read.month, read.day, original)  # 2000: 29 February is a day
    settings = {
        "RELATIVE_BASE": local_now.replace(tzinfo=None),
        "PREFER_DATES_FROM": "future",
        "RETURN_AS_TIMEZONE_AWARE": False,
        "STRICT_PARSING": False,
    }
    try:
        parsed = dateparser.parse(" ".join(read.canonical), languages=["en"], settings=settings)
    except Exception:  # dateparser raises assorted errors on odd input
        parsed = None
    if parsed is None or parsed.tzinfo is not None:
        raise _not_a_moment(original)
    parsed = parsed.replace(microsecond=0)
    if read.day is not None and read.month is not None:
        if read.year is None:  # dateparser would take the next such day after today
            wanted = _without_year(read.month, read.day, local_now.date(), read.weekday)
        else:
            wanted = _date(read.year, read.month, read.day, original)
        parsed = datetime.combine(wanted, parsed.time())
    if read.iso is not None:
        parsed = datetime.combine(read.iso, parsed.time())
    if read.clock is not None and read.clock[0] >= 0:
        parsed = datetime.combine(parsed.date(), time(*read.clock))
    if read.weekday is not None and parsed.weekday() != read.weekday:
        raise _not_a_moment(original, f"{parsed.day} {parsed:%b %Y} is a {_WEEKDAY_NAMES[parsed.weekday()].title()}")
    if read.kinds == ["amount"] and read.clock is None and read.unit.startswith(("minute", "hour")):
        start = local_now.replace(microsecond=0)  # "in 2 hrs", "an hour ago": real time
        return _after(start, parsed - start.replace(tzinfo=None), real=True)
    return _localize(parsed, home, original, typed=read.clock is not None and read.clock[0] >= 0)


def _without_year(month: int, day: int, today: date, weekday: int | None) -> date:
    """The day `month`/`day` typed without a year, on `today`: the latest such day when it is at
    most RECENT_DAYS ago (today included), else the next one (29 February: of the next leap
    year). A weekday typed with it ("Wed 29 Dec") picks the one of the two it names; when it
    names neither, the date is refused by the weekday check, as with a year. The day is one
    that some year has (not 31 April)."""
    def on(year: int) -> date | None:
        return date(year, month, day) if month != 2 or day != 29 or _leap(year) else None

    latest = next(found for year in range(today.year, today.year - 9, -1)
                  if (found := on(year)) is not None and found <= today)
    coming = next(found for year in range(today.year, today.year + 9)
                  if (found := on(year)) is not None and found >= today)
    readings = [latest, coming] if (today - latest).days <= RECENT_DAYS else [coming]
    named = [reading for reading in readings if reading.weekday() == weekday]
    return named[0] if named else readings[0]


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)  # as calendar.isleap, not imported (~10 ms)


def parse_duration(value: str) -> timedelta:
    """A positive duration: "45m", "1h", "1h30m", "2d"."""
    text = value.strip().lower().replace(" ", "")
    match = re.fullmatch(r"(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m(?:in)?)?", text)
    if not text or not match or not any(match.groups()):
        raise InvalidInput(f"not a duration: {value!r} (use 45m, 1h, 1h30m)")
    days, hours, minutes = (int(g or 0) for g in match.groups())
    result = timedelta(days=days, hours=hours, minutes=minutes)
    if result <= timedelta(0):
        raise InvalidInput(f"duration must be positive: {value!r}")
    return result
