"""Automatic replies: RFC 3834 and vendor headers, subject prefixes, and the return date.

Two outcomes matter: an out-of-office reply (the follow-up is postponed to the return date) and
other automated mail (`auto-generated`, bulk): an applicant-tracking system's rejection is
automated too, so automated mail is never thrown away here; the caller reads it when it comes
from a known employer.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from email.message import EmailMessage

from afterview.delivery.spelling import any_spelling, spellings
from afterview.domain.values import plain_digits


def _read(pattern: str, flags: int = 0) -> re.Pattern:
    """A pattern that also reads its accented words written without their accents ("nicht im
    Buero", "reponse automatique", "nicht mehr fuer ... taetig": `spelling.any_spelling`)."""
    return re.compile(any_spelling(pattern), flags)


OOO_SUBJECT = _read(
    r"^\s*(?:\[[^\]]*\]\s*)?(?:auto:|automatic reply|auto[- ]?reply|autoreply|auto[- ]?response|out of (the )?office"
    r"|ooo\b|on vacation|vacation reply|away from (the )?office|abwesenheit|automatische antwort"
    r"|abwesenheitsnotiz|réponse automatique|absence du bureau|respuesta automática"
    r"|fuera de la oficina|risposta automatica|fuori ufficio|automatisch antwoord|afwezig"
    r"|autosvar|automatiskt svar|automaattinen vastaus|resposta automática|ausência do escritório"
    r"|fora do escritório|【?(?:自動返信|自動応答|不在))"
    # Japanese mail programs put their words anywhere in it ("Re: 面接のお礼 [自動返信]")
    r"|自動返信|自動応答",
    re.I,
)
OOO_BODY = _read(
    r"out of (the )?office|on (annual |parental |sick )?leave|on vacation|on holiday|away from (my|the) (desk|office)"
    r"|limited access to (my )?e-?mail|nicht im büro|abwesend|im urlaub|absent du bureau|en congés?"
    r"|fuera de la oficina|de vacaciones|fuori ufficio|in ferie|afwezig|met vakantie|ledig|på semester"
    r"|fora do escritório|de férias|em férias|estarei ausente|不在にして|休暇",
    re.I,
)
_VENDOR_HEADERS = ("X-Autoreply", "X-Autorespond", "X-Autoresponse", "X-Autoresponder")
# An automatic reply saying its owner has left: their address no longer reaches them, and no
# return date will come (English, German, French, Spanish, Italian, Dutch, Swedish).
# "Left" needs what was left: the company, the organisation, a position, or a name ("I have left
# Acme Corp"); "I have left for a short vacation" is an out-of-office reply.
_LEFT_WHAT = (r"(?:the (?:company|organi[sz]ation|firm|business|team|position|role)\b|my (?:position|role|job)\b"
              r"|(?!(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|may"
              r"|june|july|august|september|october|november|december)\b)(?-i:[A-Z])[\w&.-]+)")
# The mailbox no longer read: the weak sign (said during a long leave too), which an
# out-of-office reply's return date outranks
LEFT_MAILBOX = _read(
    r"\b(?:mailbox|e-?mail address|e-?mail account|inbox|address|account) is no longer (?:being )?"
    r"(?:monitored|active|in use|checked|read)|postfach wird nicht mehr (?:überwacht|gelesen|abgerufen)",
    re.I,
)
LEFT_GONE = _read(
    r"\bno longer (?:with|at (?!(?:my|the|this|our|your)\b)|employed|works? (?:at|for|with)|working (?:at|for|with)"
    r"|part of|a member of)\b"
    r"|\b(?:i|he|she|they) (?:have|has) (?:now |recently )?left " + _LEFT_WHAT +
    r"|\bhas (?:now |recently )?left (?:the company|the organi[sz]ation|the firm|the business)"
    r"|\bmy last day (?:at|with) .{1,60}? was\b"
    r"|nicht mehr (?:bei|für|im|in) .{0,60}?(?:tätig|beschäftigt|angestellt)|nicht mehr im unternehmen"
    r"|(?:habe|hat) (?:das unternehmen|die firma) .{0,20}?verlassen"
    r"|ne fait plus partie|n['’](?:est|suis) plus (?:chez|au sein|en poste|employée?)"
    r"|(?:a|ai) quitté (?:la société|l['’]entreprise)"
    r"|ya no (?:trabaja|trabajo|forma parte|formo parte)|(?:ha|he) dejado (?:la empresa|la compañía)"
    r"|non (?:lavora|lavoro|fa|faccio) più (?:per|presso|parte)|(?:ha|ho) lasciato (?:l['’]azienda|la società)"
    r"|(?:werkt|werk) niet meer (?:bij|voor)|(?:is|ben) niet meer (?:werkzaam|in dienst)"
    r"|(?:heeft|heb) (?:het bedrijf|de organisatie) verlaten"
    r"|arbetar inte längre (?:på|hos|för)|(?:har|jag har) slutat (?:på|hos)",
    re.I,
)
LEFT = re.compile(f"{LEFT_GONE.pattern}|{LEFT_MAILBOX.pattern}", re.I)
# What an applicant-tracking system says of an application is not said of a person: "your
# application is no longer part of our active selection" is a rejection, not someone gone
_NOT_A_PERSON = re.compile(
    r"\b(?:application|candidacy|candidature|profile|cv|resume|résumé|submission)s?\b"
    r"[^.;]{0,40}?\bno longer\b", re.I)
_ADDRESS = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")


_LIST_HEADERS = ("List-Id", "List-Unsubscribe", "List-Unsubscribe-Post", "List-Post", "List-Help")


@dataclass(slots=True)
class AutoSignals:
    automated: bool  # any sign of a machine sender
    out_of_office: bool
    reason: str
    bulk: bool = False  # mailing-list or bulk mail (List-* headers, Precedence: bulk/list/junk): never a reply
    # out of office by its wording alone (no header or subject says it): a decision read in it
    # outranks that ("our recruiting team is out of the office" in a rejection)
    worded: bool = False


def auto_submitted_keyword(value: str) -> str:
    """The RFC 3834 keyword of an Auto-Submitted value ("auto-replied; owner=x" -> "auto-replied")."""
    return re.split(r"[;(\s]", value.strip(), maxsplit=1)[0].lower() if value else ""


def signals(msg: EmailMessage, subject: str, body: str, *, person: bool = False) -> AutoSignals:
    """Whether a message is automated, whether it is an out-of-office reply, and whether it is
    mailing-list or bulk mail (a newsletter, a marketing mail: `List-Id`, `List-Unsubscribe`,
    `Precedence: bulk`). A list's mail is never taken for an out-of-office reply by its wording
    ("our office will be closed"); the classic vacation program's `Precedence: bulk` reply, with
    no list header, still is. `person`: it comes from a recorded person's own address, whose mail
    is theirs whatever a recruiting tool adds (Gem, Outreach: `List-Unsubscribe`): never bulk."""
    keyword = auto_submitted_keyword(str(msg.get("Auto-Submitted", "")))
    precedence = str(msg.get("Precedence", "")).strip().lower()
    listed = "" if person else next((h for h in _LIST_HEADERS if h in msg), "")
    bulk = not person and (bool(listed) or precedence in ("bulk", "junk", "list"))
    vendor = next((h for h in _VENDOR_HEADERS if str(msg.get(h, "")).strip().lower() not in ("", "no", "false", "0")), "")
    apple = str(msg.get("X-Apple-Action", "")).strip().upper() == "VACATION"
    exchange = "X-Auto-Response-Suppress" in msg and "X-MS-Exchange-Inbox-Rules-Loop" in msg
    ooo_subject = bool(OOO_SUBJECT.search(subject))
    if apple:
        return AutoSignals(True, True, "X-Apple-Action: VACATION")
    if exchange:
        return AutoSignals(True, True, "Exchange out-of-office headers")
    if vendor:
        return AutoSignals(True, True, f"{vendor} header")
    if precedence == "auto_reply":
        return AutoSignals(True, True, "Precedence: auto_reply")
    if keyword == "auto-replied":
        return AutoSignals(True, True, "Auto-Submitted: auto-replied")
    if ooo_subject:
        return AutoSignals(True, True, "out-of-office subject")
    if listed:
        return AutoSignals(True, False, f"{listed} header", bulk=True)
    automated = (keyword not in ("", "no")) or bulk or precedence in ("bulk", "junk", "list")
    if automated and OOO_BODY.search(body[:3000]):
        return AutoSignals(True, True, "automated, out-of-office wording", bulk=bulk, worded=True)
    if automated:
        reason = f"Auto-Submitted: {keyword}" if keyword else f"Precedence: {precedence}"
        return AutoSignals(True, False, reason, bulk=bulk)
    return AutoSignals(False, False, "")


def left(text: str, sender: str = "") -> tuple[str, list[str]]:
    """Of an automatic reply: (the sentence saying its owner has left, the addresses it points
    to instead, not the sender's own); ("", []) when it says no such thing."""
    from afterview.delivery.replies import sentences

    said = next((s for s in sentences(text[:4000]) if LEFT.search(s) and not _NOT_A_PERSON.search(s)), "")
    if not said:
        return "", []
    found: list[str] = []
    for address in _ADDRESS.findall(text[:4000]):
        address = address.lower().rstrip(".")
        if address != sender.lower() and address not in found:
            found.append(address)
    return said[:200], found[:3]


def only_mailbox(said: str) -> bool:
    """Whether a sentence `left` found says only that a mailbox is no longer read (no word of
    leaving the employer): a weak sign, which an out-of-office reply's return date outranks."""
    return bool(LEFT_MAILBOX.search(said)) and not LEFT_GONE.search(said)


# --- the return date -------------------------------------------------------------------------

# A cue about the sender's own return ("until", "back on", "returning on", "bis", "jusqu'au" ...):
# its date is preferred to any range elsewhere (a footer's "our offices are closed from December 24
# to January 4")
STRONG_CUES = _read(
    r"\b(?:until|till|through|thru|back (?:in the office )?on|back in the office on|back on|return(?:ing|s)? on"
    r"|returning|returns?|back"
    r"|bis (?:zum|einschließlich)?|bis|zurück am|ab|wieder (?:im büro )?am|wieder"
    r"|jusqu'?au|jusqu'?à|de retour le|retour le|à partir du"
    r"|hasta el|hasta|de vuelta el|regreso el|fino al|fino a|rientro il"
    r"|tot en met|tot|terug op|vanaf|t/m|t\.?m\.?"
    r"|até|de volta|regress\w*|retorno|voltarei|a partir de)\b",
    re.I,
)
# Range words: read only when no cue above gives a date ("away from 11/30 to 12/4": its later end)
RANGE_CUES = _read(r"\b(?:from|between|to|and|vom|von|du|au|dal|al)\b", re.I)
# The cues written in English: a date such as "5/1" after one of them is read by the sender's
# country, after any other language's day first (see `return_date`)
_ENGLISH_CUE = re.compile(r"(?:until|till|through|thru|back|return|returns|returning|from|between|to|and)\b", re.I)
_MONTHS = {
    # full names in English, German, French, Spanish, Italian, Dutch, Swedish, Portuguese; any
    # prefix of three letters or more is accepted ("Dec", "Dez.", "sept", "juil")
    1: ("january", "januar", "janvier", "enero", "gennaio", "januari", "jänner", "janeiro"),
    2: ("february", "februar", "février", "fevrier", "febrero", "febbraio", "februari", "fevereiro"),
    3: ("march", "märz", "maerz", "mars", "marzo", "maart", "março"),
    4: ("april", "avril", "abril", "aprile"),
    5: ("may", "mai", "mayo", "maggio", "mei", "maj", "maio"),
    6: ("june", "juni", "juin", "junio", "giugno", "junho"),
    7: ("july", "juli", "juillet", "julio", "luglio", "julho"),
    8: ("august", "août", "aout", "agosto", "augustus", "augusti"),
    9: ("september", "septembre", "septiembre", "settembre", "setembro"),
    10: ("october", "oktober", "octobre", "octubre", "ottobre", "outubro"),
    11: ("november", "novembre", "noviembre", "novembro"),
    12: ("december", "dezember", "décembre", "decembre", "diciembre", "dicembre", "dezembro"),
}
# English words that begin like a month of another language: no month ("out 3 days" is no
# 3 October; Portuguese writes "out." for outubro)
_NOT_MONTHS = frozenset({"out"})
_MONTHS = {number: tuple(sorted({s for name in names for s in spellings(name)})) for number, names in _MONTHS.items()}
_MONTH_WORD = r"[A-Za-zÀ-ÿ]{3,10}\.?"
_PATTERNS = [
    # ranges first, so the later end is read: "1-5 December", "1.-5. Dezember", "Dec 1-5"
    ("drange", re.compile(r"\b\d{1,2}\.?\s*[-–]\s*(\d{1,2})\.?\s*(" + _MONTH_WORD + r")(?:\s+(\d{4}))?", re.I)),
    ("mrange", re.compile(r"\b(" + _MONTH_WORD + r")\s+\d{1,2}\s*[-–]\s*(\d{1,2})\b(?:,?\s+(\d{4}))?", re.I)),
    # 2026-12-03
    ("ymd", re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")),
    # 03.12.2026 / 3.12. / 03/12/2026 / 12/3 / 04-01-2027 (with dashes only with its year)
    ("num", re.compile(r"\b(\d{1,2})(?:([./])(\d{1,2})(?:\2(\d{2,4}))?\.?|(-)(\d{1,2})-(\d{2,4}))(?![\d-])")),
    # 3 December 2026 / 3. Dezember / 3rd of Dec / 9 de dezembro de 2026
    ("dmy", re.compile(r"\b(\d{1,2})(?:st|nd|rd|th|er|\.|º)?\s*(?:of\s+|de\s+)?(" + _MONTH_WORD
                       + r")(?:\s+(?:de\s+)?(\d{4}))?", re.I)),
    # December 3, 2026 / Dec 3rd
    ("mdy", re.compile(r"\b(" + _MONTH_WORD + r")\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(\d{4}))?", re.I)),
]
_WINDOW = 48


def _month(word: str) -> int | None:
    w = word.lower().rstrip(".")
    if len(w) < 3 or word.lower() in _NOT_MONTHS:
        return None
    for number, names in _MONTHS.items():
        if any(name.startswith(w) for name in names):
            return number
    return None


def _make(year: int | None, month: int, day: int, today: date) -> date | None:
    try:
        if year is not None:
            year = year + 2000 if year < 100 else year
            return date(year, month, day)
        candidate = date(today.year, month, day)
        # A date a few weeks back is the start of a range ("from Nov 20"), not next year's.
        if candidate < today - timedelta(days=60):
            candidate = date(today.year + 1, month, day)
        return candidate
    except ValueError:
        return None


def dates_in(text: str, today: date, *, day_first: bool = True, strict: bool = False) -> list[date]:
    """Every date found in a short text, resolved against `today` when the year is missing.
    `strict`: a date in figures that is no date in the order `day_first` says ("11/30" day
    first) is none, not read the other way round."""
    return [value for _, value, _m in _dated(text, today, day_first, strict=strict)]


def _from_match(kind: str, m: re.Match, today: date, day_first: bool, strict: bool = False) -> date | None:
    g = m.groups()
    if kind == "ymd":
        return _make(int(g[0]), int(g[1]), int(g[2]), today)
    if kind == "num":
        if g[4]:  # d-m-Y
            g = (g[0], "-", g[5], g[6])
        a, b = int(g[0]), int(g[2])
        year = int(g[3]) if g[3] else None
        if g[1] == ".":  # always day.month; "9.30" without a closing dot is a time
            return _make(year, b, a, today) if year or m.group(0).endswith(".") else None
        day, month = (a, b) if day_first else (b, a)
        if month > 12 >= day and not strict:
            day, month = month, day
        return _make(year, month, day, today)
    if kind in ("dmy", "drange"):
        month = _month(g[1])
        return _make(int(g[2]) if g[2] else None, month, int(g[0]), today) if month else None
    month = _month(g[0])
    return _make(int(g[2]) if g[2] else None, month, int(g[1]), today) if month else None



def date_at(text: str, written: date, *, day_first: bool | None = None, soonest: int = 92) -> date | None | bool:
    """The date `text` begins with ("10 December", "Dec 10th", "10.12.", "2026-12-10", "12/10"),
    as a date to come after `written`: one without its year is the next such day after it, and
    only up to `soonest` days on (else None). None when it begins with no date; False when it
    begins with one that reads two ways ("3/4", `day_first` None: the sender's usage not known)."""
    text = text.lstrip()
    for kind, pattern in _PATTERNS:
        m = pattern.match(text)
        if m is None:
            continue
        g = m.groups()
        yearless = not (kind == "ymd" or (kind == "num" and (g[3] or g[6])) or (kind not in ("num", "ymd") and g[2]))
        ways = {_from_match(kind, m, written, first) for first in ((True, False) if day_first is None else (day_first,))}
        ways.discard(None)
        if len(ways) > 1:
            return False
        if not ways:  # not a date after all ("next 10"): perhaps another pattern's
            continue
        value = ways.pop()
        if yearless:
            try:
                value = value.replace(year=written.year)
                if value <= written:
                    value = value.replace(year=written.year + 1)
            except ValueError:  # 29 February
                return None
            if value > written + timedelta(days=soonest):
                return None
        return value
    return None

# Where dates are written month first ("12/7" is 7 December): the United States and the places
# that follow its usage, Canada (mixed, mostly month first in English) and the Philippines.
MONTH_FIRST = frozenset({"US", "CA", "PH", "PR", "GU", "VI", "AS", "MP", "UM", "FM", "MH", "PW"})


def day_first_in(country: str) -> bool | None:
    """Whether dates such as "5/1" are read day first for someone of `country` (an ISO code,
    "US-NY" as "US"): month first in MONTH_FIRST, day first anywhere else; None when no country
    is known (then `return_date` goes by the words around the date)."""
    code = (country or "").strip().upper().partition("-")[0]
    return None if not code else code not in MONTH_FIRST


# A Japanese date the absence lasts until, or the day work resumes: "12月11日まで", "2026年12月11日(金)
# まで", "12月14日より出社", "12月14日に戻ります"
_JAPANESE_UNTIL = re.compile(
    r"(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*(?:[(（][^)）]{1,4}[)）]\s*)?"
    r"(?:まで|迄|(?:より|から)\s*(?:出社|出勤|復帰|通常)|に\s*(?:戻|復帰|出社))")


# How far ahead a date written in figures alone ("12/7") may lie: further, it was read in the
# wrong order (12 July for 7 December), or is no return date
NUMERIC_AHEAD = timedelta(days=244)  # 8 months
# An absence is rarely longer than a few weeks: a date in figures that reads two ways is taken in
# the sender's order only when that reading is this near, or the other one is not
TWO_WAYS_NEAR = timedelta(days=45)


@dataclass(frozen=True, slots=True)
class TwoWays:
    """A return date in figures that reads two ways, and so was not taken: "12/7" from someone in
    Britain, 12 July in their order, 7 December the other way round (see `return_reading`)."""

    written: str  # as written: "12/7"
    theirs: date  # read in the sender's order
    other: date  # read the other way round


def return_date(text: str, today: date, *, day_first: bool | None = None) -> date | None:
    """The date someone is back (see `return_reading`); None when none is given, or when the one
    given reads two ways."""
    return return_reading(text, today, day_first=day_first)[0]


def return_reading(text: str, today: date, *, day_first: bool | None = None) -> tuple[date | None, TwoWays | None]:
    """(The date someone is back, the date in figures that reads two ways when that is why none
    was taken). The date is read from the words after a cue: the first date after each one, the
    latest of those after a cue about their return ("until", "back on", "returning on", "bis",
    "jusqu'au" ...), else, when none gives one, the later end of a range ("away from 11/30 to
    12/4"). Another date in the same words ("until Dec 4; before Dec 10 contact Lena") is no
    return date, nor is a range in a footer ("our offices are closed from December 24 to
    January 4") when a cue about them gives one.

    A date such as "5/1" after an English cue (any of them: "until", "return on", "from ... to",
    "between") is read as `day_first` says, by the sender's country (`day_first_in`: "until 5/1"
    from Germany is 5 January, from the United States 1 May; None, no country known: month
    first); after a cue in another language, day first, as those languages write it ("hasta el
    5/1"). One that is no date in that order ("11/30" day first), or lies more than
    NUMERIC_AHEAD on, is not taken. One that reads two ways is taken in that order only when it
    lies within TWO_WAYS_NEAR of `today` (the note's day), or the other reading does not: "until
    12/7" from Britain on 29 November is 12 July or 7 December, and is not taken (a `TwoWays`)."""
    strong: list[date | TwoWays] = []
    for found in _JAPANESE_UNTIL.finditer(text[:6000]):  # "12月11日まで": the cue comes after the date
        year = found.group(1)
        value = _make(int(year) if year else None, int(found.group(2)), int(found.group(3)), today)
        if value is not None and today <= value <= today + timedelta(days=365):
            strong.append(value)
    strong += _after(STRONG_CUES, text, today, day_first)
    if not strong:
        strong = _after(RANGE_CUES, text, today, day_first)
    dates = [value for value in strong if isinstance(value, date)]
    if dates:
        return max(dates), None
    return None, next((value for value in strong if isinstance(value, TwoWays)), None)


def _after(cues: re.Pattern, text: str, today: date, day_first: bool | None) -> list[date | TwoWays]:
    """The first date after each of `cues` in `text` that is a plausible return date, or that
    reads two ways (`TwoWays`)."""
    found: list[date | TwoWays] = []
    for cue in cues.finditer(text[:6000]):
        window = text[cue.end(): cue.end() + _WINDOW]
        window = re.split(r"(?<=[a-z])\.\s|\n\s*\n", window, maxsplit=1)[0]
        first = bool(day_first) if _ENGLISH_CUE.match(cue.group(0)) else True
        value = _first_date(window, today, first)
        if value is not None:
            found.append(value)
    return found


def _first_date(window: str, today: date, day_first: bool) -> date | TwoWays | None:
    """The first date written in `window`, when it lies 0-365 days on (a date in figures alone,
    at most NUMERIC_AHEAD, and one that reads two ways: see `return_reading`); None otherwise."""
    firsts = _dated(window, today, day_first, strict=True)
    if not firsts:
        return None
    kind, value, m = firsts[0]
    near = today + TWO_WAYS_NEAR
    if kind == "num" and not today <= value <= near:
        other = _from_match(kind, m, today, not day_first, strict=True)
        if other is not None and other != value and today <= other <= near:
            return TwoWays(m.group(0).rstrip("."), value, other)
    limit = NUMERIC_AHEAD if kind == "num" else timedelta(days=365)
    return value if today <= value <= today + limit else None


def _dated(text: str, today: date, day_first: bool, *, strict: bool = False) -> list[tuple[str, date, re.Match]]:
    """(The pattern's kind, the date, its match) of each date in `text`, in the order written (see
    `dates_in`)."""
    found: list[tuple[int, str, date, re.Match]] = []
    taken: list[range] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            span = range(m.start(), m.end())
            if any(span.start < t.stop and t.start < span.stop for t in taken):
                continue
            value = _from_match(kind, m, today, day_first, strict)
            if value is not None:
                taken.append(span)
                found.append((m.start(), kind, value, m))
    return [(kind, value, m) for _, kind, value, m in sorted(found, key=lambda f: f[0])]


def apple_end_date(msg: EmailMessage) -> date | None:
    """iCloud's X-Apple-Criteria carries the vacation's end as endDate (ISO or epoch ms), in JSON
    or as a property list (`<key>endDate</key><date>2027-01-08T23:00:00Z</date>`)."""
    raw = str(msg.get("X-Apple-Criteria", ""))
    if "endDate" not in raw:
        return None
    try:
        value = json.loads(raw).get("endDate")
    except (ValueError, AttributeError):
        match = re.search(r"endDate(?:\W|</?\w+>)*([0-9][0-9T:\-+.Z]*)", raw)
        value = match.group(1) if match else None
    if isinstance(value, (int, float)) or (isinstance(value, str) and plain_digits(value)):
        seconds = float(value) / (1000 if float(value) > 1e11 else 1)
        return datetime.fromtimestamp(seconds, tz=timezone.utc).date()
    if isinstance(value, str):
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None
