"""Names of companies and people as imports meet them: from email domains, normalised for matching."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from afterview.domain.companies import LEGAL_FORMS, core_words  # the one list of legal forms
# name_from_email: the name an import guesses from an address, kept with the greeting rules that judge it
from afterview.domain.names import name_from_email, spaceless_script  # noqa: F401

# Addresses at these domains say nothing about the employer.
WEBMAIL = frozenset(
    """gmail.com googlemail.com outlook.com hotmail.com hotmail.co.uk live.com msn.com
    yahoo.com yahoo.co.uk yahoo.fr ymail.com icloud.com me.com mac.com aol.com proton.me
    protonmail.com pm.me gmx.de gmx.net gmx.com web.de t-online.de mail.com zoho.com
    fastmail.com hey.com yandex.ru mail.ru qq.com 163.com orange.fr free.fr libero.it
    comcast.net verizon.net att.net""".split()
)

# Applicant tracking and scheduling services send invitations for many employers.
ATS = frozenset(
    """greenhouse.io greenhouse-mail.io lever.co hire.lever.co ashbyhq.com workday.com
    myworkday.com myworkdayjobs.com smartrecruiters.com icims.com jobvite.com taleo.net
    successfactors.com teamtailor.com recruitee.com workable.com bamboohr.com breezy.hr
    personio.de personio.com jazzhr.com gem.com goodtime.io modernloop.io calendly.com
    hirevue.com codility.com hackerrank.com coderpad.io karat.io karat.com rippling.com
    paradox.ai beamery.com avature.net pinpointhq.com""".split()
)

# Calendar services' own addresses: rooms, groups, notification senders.
CALENDAR_SERVICE = frozenset(
    """resource.calendar.google.com group.calendar.google.com calendar.google.com
    calendar-notification.google.com""".split()
)

# Public-sector and academic suffixes: a domain under them names a department or a university,
# but the first label is a weak guess at a name ("hmrc.gov.uk", "statcan.gc.ca"). Which suffixes
# are public ones (where the registrable name is one label further left: "fenwickhale.co.uk" is
# Fenwickhale, "brainstation.com.bd" Brainstation, never "Co" or "Com") is the Public Suffix
# List's to say (`_suffix_list`); these say which of them are a public body's, and are suffixes
# too where the list does not name them ("mod.uk", "admin.ch").
PUBLIC_SECTOR = frozenset(
    """gov.uk ac.uk nhs.uk police.uk mod.uk sch.uk gc.ca gov.au edu.au govt.nz ac.nz gov.in
    ac.in nic.in gouv.fr gv.at ac.at gov.ie gob.es gov.br edu.br gob.mx gov.sg edu.sg gov.za
    ac.za go.jp ac.jp go.kr ac.kr gov.cn edu.cn gov.tw edu.tw gov.il ac.il gob.ar gov.ph
    go.id ac.id go.th ac.th gov.my edu.my gov.pl edu.pl gov.it admin.ch""".split()
)
_PUBLIC_TLD = frozenset({"gov", "mil", "edu", "int"})

_RECRUITING = re.compile(
    r"recruit|talent|hiring|careers?|jobs?\b|^hr$|^hr[.-]|people[.-]?ops|scheduling|schedul|"
    r"coordinat|interviews?\b|staffing|no-?reply|do-?not-?reply",
    re.IGNORECASE,
)


def domain_of(email: str) -> str:
    return email.rsplit("@", 1)[1].lower().strip(".") if "@" in email else ""


def is_employer_domain(domain: str) -> bool:
    """Whether an address at this domain tells who the employer is."""
    if not domain or domain in WEBMAIL or domain in CALENDAR_SERVICE:
        return False
    if "." not in domain or _suffix_length(domain.lower()) > domain.count("."):
        return False  # a suffix is nobody's name ("gc.ca", "co.uk", "com.bd")
    return not is_ats_domain(domain)


def is_ats_domain(domain: str) -> bool:
    """An applicant-tracking service's domain, or one under it ("mail.greenhouse.io")."""
    return _under(domain, ATS)


def _under(domain: str, domains: frozenset[str]) -> bool:
    """Whether `domain` is one of `domains` or under one: the same as trying each of them
    (`domain == d or domain.endswith("." + d)`), by looking up the domain's own suffixes."""
    while True:
        if domain in domains:
            return True
        dot = domain.find(".")
        if dot < 0:
            return False
        domain = domain[dot + 1:]


@lru_cache(maxsize=1 << 12)
def registrable(domain: str) -> str:
    """The domain an organisation registered: "jobs.acme.co.uk" -> "acme.co.uk",
    "rahim@brainstation.com.bd" -> "brainstation.com.bd" (the Public Suffix List's public suffix
    and one label more)."""
    labels = domain.lower().strip(".").split(".")
    keep = min(_suffix_length(".".join(labels)) + 1, len(labels))
    return ".".join(labels[-keep:])


@lru_cache(maxsize=1 << 12)
def _suffix_length(domain: str) -> int:
    """How many labels of a (lower-case) domain are its public suffix: 2 for "acme.co.uk" and
    "statcan.gc.ca", 1 for "acme.com" and for a top-level domain the list does not know."""
    labels = domain.split(".")
    # The list's own entries for internationalised suffixes are in Unicode: an ASCII form
    # ("xn--p1ai") is looked up as the Unicode it stands for, label for label.
    plain = [_unicode_label(label) for label in labels]
    suffix = _suffix_list().publicsuffix(".".join(plain))
    length = suffix.count(".") + 1 if suffix else len(labels)
    for size in range(length + 1, len(labels) + 1):
        if ".".join(labels[-size:]) in PUBLIC_SECTOR:
            length = size
    return length


def _unicode_label(label: str) -> str:
    if not label.startswith("xn--"):
        return label
    try:
        return label[4:].encode("ascii").decode("punycode")
    except (UnicodeError, ValueError):
        return label


@lru_cache(maxsize=1)
def _suffix_list():
    """The Public Suffix List the `publicsuffixlist` package ships (read from its own file, no
    network), loaded when a domain is first looked up (about a tenth of a second), never by the
    commands that look none up."""
    from publicsuffixlist import PublicSuffixList

    # accept_encoded_idn=False: no ASCII copy of the list's Unicode entries (three times the
    # load); `_suffix_length` looks an ASCII label up as its Unicode instead.
    return PublicSuffixList(accept_encoded_idn=False)


def is_public_sector(domain: str) -> bool:
    """Whether a domain is a public body's or a university's ("statcan.gc.ca", "ox.ac.uk",
    "cdc.gov"): its first label is a weak guess at the employer's name."""
    labels = domain.lower().strip(".").split(".")
    return ".".join(labels[-2:]) in PUBLIC_SECTOR or labels[-1] in _PUBLIC_TLD


def company_from_domain(domain: str) -> str:
    """A readable company name for a domain: "big-corp.io" -> "Big Corp"."""
    label = registrable(domain).split(".")[0]
    words = re.split(r"[-_]+", label)
    return " ".join(word.upper() if len(word) <= 2 else word.capitalize() for word in words if word)


def is_recruiting_address(email: str, name: str = "") -> bool:
    """Whether an address belongs to recruiting or interview coordination, not an interviewer."""
    local = email.split("@", 1)[0]
    return bool(_RECRUITING.search(local) or _RECRUITING.search(name or "")) or is_ats_domain(domain_of(email))


# A meeting room an invitation lists as an attendee without saying it is one (no CUTYPE=ROOM):
# by its name ("Conf Room 3B", "Boardroom", "Raum 2.14", "Salle Monet") or its address's local
# part ("confroom3b@", "meeting-room-4@", "raum.berlin@"). Whole words only, so that a person
# named Rooney or Broome is never taken for one; "Raum" and "Salle", which are surnames too
# ("David Salle"), only as the first word, as rooms are named.
_ROOM_NAME = re.compile(r"\b(?:room|boardroom)\b|^(?:raum|salle)\b", re.IGNORECASE)
_ROOM_WORDS = frozenset({"room", "confroom", "conferenceroom", "meetingroom", "boardroom"})
_ROOM_FIRST_WORDS = frozenset({"raum", "salle"})


def looks_like_room(name: str, email: str = "") -> bool:
    """Whether an attendee is a meeting room by its name or address: "Conf Room 3B",
    confroom3b@initrode.com, "Salle Monet"; never "Rooney" or "David Salle"."""
    if _ROOM_NAME.search(" ".join((name or "").split())):
        return True
    words = [w for w in re.split(r"[^a-z]+", email.split("@", 1)[0].lower()) if w] if "@" in (email or "") else []
    return any(w in _ROOM_WORDS for w in words) or bool(words and words[0] in _ROOM_FIRST_WORDS)


# The words of a shared team mailbox's address: "talent@", "careers-uk@", "no-reply@", "hrteam@".
_MAILBOX_WORD = (
    r"talent|acquisitions?|careers?|recruit(?:ing|ment|ers?)?|jobs?|hr|hiring|hire|people|ops|team|"
    r"no|not|do|reply|interviews?|schedul(?:ing|er|e)|coordinat(?:ors?|ion)|ta|staffing|resourcing|"
    r"human|resources|campus|grads?|graduates?|early|info|contact|hello|admin|office|"
    r"notifications?|invites?|invitations?|calendar|mailer|daemon|bounces?"
)
_MAILBOX_REGION = r"uk|us|usa|eu|emea|apac|amer|americas|global|intl|de|fr|nl|ca|au|in"
_MAILBOX_TOKEN = re.compile(rf"(?:{_MAILBOX_WORD}|{_MAILBOX_REGION}|\d)+")
_MAILBOX_CORE = re.compile(rf"^(?:{_MAILBOX_REGION}|\d)*(?:{_MAILBOX_WORD})")
# The end of a name that is a team's, not a person's: "Fenwick & Hale Talent", "Acme Recruiting Team".
_TEAM_NAME = re.compile(
    r"(?:^|\s)(?:talent(?: acquisition)?|recruit(?:ing|ment|ers)|careers?|hr|human resources|people(?: ops)?|"
    r"hiring|jobs|scheduling|interviews?|staffing|resourcing|team|ta)(?: team)?$"
)


def is_role_mailbox(email: str, name: str = "", companies=()) -> bool:
    """Whether an address is a team's shared mailbox, not a person's: its local part is only
    team words ("talent@", "careers-uk@", "noreply@"), or its name is a team's: team words alone
    ("Recruiting") or the company's name with them ("Fenwick & Hale Talent"), or the company's
    name alone. `companies` are the names the company goes by (the address's domain counts too).
    """
    local = email.split("@", 1)[0].split("+", 1)[0].lower()
    tokens = [t for t in re.split(r"[._-]+", local) if t]
    if tokens and all(_MAILBOX_TOKEN.fullmatch(t) for t in tokens) and any(
        _MAILBOX_CORE.search(t) for t in tokens
    ):
        return True
    words = fold((name or "").replace("&", " and "))
    if not words:
        return False
    team = _TEAM_NAME.search(words)
    rest = words[: team.start()].strip() if team else words
    if team and not rest:
        return True
    known = {compact_name(c) for c in companies if c}
    domain = domain_of(email)
    if is_employer_domain(domain):
        known.add(compact_name(registrable(domain).split(".")[0]))
    known.discard("")
    return compact_name(rest) in known


# How German writes its umlauts and sharp s without them, as domains do ("mueller-soehne.de").
_SPELLED_OUT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ẞ": "SS"})
_JOINING = frozenset({"and", "und", ""})  # "&" is "and" (`name_words`), German's "und"
_NAME_EDGES = " ,;:()[]{}<>\"'“”‘’«»-–—|/"
_LONGEST_SPAN = 8  # words of a company's name looked for in a title or a place


@lru_cache(maxsize=1 << 12)
def _spellings(word: str) -> frozenset[str]:
    """A word of a name as a domain may write it: accents dropped ("Müller": "muller") or spelled
    out ("mueller"); "" for "&", "and", "und" and a legal form ("GmbH"), which domains leave out."""
    found = set()
    for text in (word, word.translate(_SPELLED_OUT)):
        key = "".join(fold(text.replace("&", " and ")).split())
        found.add("" if key in _JOINING or (key,) in LEGAL_FORMS else key)
    return frozenset(found)


def domain_label(domain: str) -> str:
    """The name part of a domain as names are compared with it: "mueller-soehne.de" -> "muellersoehne"."""
    return "".join(fold(registrable(domain).split(".")[0]).split()) if domain else ""


def spells_domain(name: str, domain: str) -> bool:
    """Whether a company's name is the one its domain spells, with its accents dropped or its
    umlauts spelled out, its "&", "and", "und" and legal form left out: "Müller & Söhne GmbH" and
    mueller-soehne.de, "Wayne Data" and waynedata.io."""
    label = domain_label(domain)
    words = (name or "").split()
    if not label or not words or len(words) > 3 * _LONGEST_SPAN:
        return False
    spelled = [_spellings(word) for word in words]
    return any(all("" in rest for rest in spelled[end + 1:]) for end in _spell(spelled, 0, label, len(words)))


def name_for_domain(texts, domain: str) -> str:
    """The company name the first of `texts` (a title, a place) that writes it gives for a domain:
    the words of it that spell the domain (`spells_domain`), as written there ("Vorstellungsgespräch
    Müller & Söhne" gives "Müller & Söhne" for mueller-soehne.de; "Wayne Data: Analytics Engineer"
    "Wayne Data" for waynedata.io); "" when none does, or only in small letters ("interview - globex":
    the domain's own name is as good)."""
    label = domain_label(domain)
    if not label:
        return ""
    for text in texts:
        found = name_in_text(text or "", label)
        if found and found != found.lower():
            return found
    return ""


# The words a company's name ends with that are no legal form, nor a word an interview's title
# uses otherwise (not "tech": "Globex Tech screen"): "Infosphere Technologies", "Stark Industries".
NAME_ENDING = re.compile(
    r"\b(?:inc|corp|corporation|company|llc|ltd|limited|plc|gmbh|ag|pty|labs|technologies|technology|"
    r"systems|solutions|software|group|holdings|partners|bank|capital|ventures|studios|consulting|"
    r"industries|enterprises)\.?$", re.IGNORECASE)
_NAME_ENDING_WORDS = frozenset({"labs", "technologies", "technology", "systems", "solutions", "software", "group",
                                "holdings", "partners", "bank", "capital", "ventures", "studios", "consulting",
                                "industries", "enterprises"})
_PART_END = frozenset("-–—|:(/")


def name_in_text(text: str, label: str) -> str:
    """The first run of words of a text (of its first line) that spells `label` (`_spellings`), as
    written, or ""."""
    words = (text.strip().splitlines() or [""])[0].split()[:60]
    spelled = [_spellings(word) for word in words]
    for first in range(len(words)):
        if "" in spelled[first] and len(spelled[first]) == 1:
            continue  # a name does not begin with "&" or "GmbH"
        ends = _spell(spelled, first, label)
        if ends:
            last = max(ends)
            # "Infosphere Technologies" for infosphere.in, when the ending closes that part of the text
            after = last + 1
            if after < len(words) and words[after].strip(_NAME_EDGES).lower() in _NAME_ENDING_WORDS and (
                    after + 1 == len(words) or words[after + 1][:1] in _PART_END or words[after][-1:] in ",:;)"):
                last = after
            found = " ".join(words[first:last + 1]).strip(_NAME_EDGES)
            return found
    return ""


def _spell(spelled: list[frozenset[str]], first: int, label: str, limit: int = _LONGEST_SPAN) -> list[int]:
    """The last words of the runs from `first` whose spellings make up `label` exactly."""
    ends, states = [], [(first, "")]
    while states:
        at, made = states.pop()
        if at >= len(spelled) or at - first >= limit:
            continue
        for key in spelled[at]:
            joined = made + key
            if not label.startswith(joined):
                continue
            if joined == label and key:
                ends.append(at)
            states.append((at + 1, joined))
    return ends


def compact_name(name: str) -> str:
    """A company name with no spaces, "and", "&" or legal suffix: "Fenwick & Hale Ltd" and
    "fenwickhale" give "fenwickhale"."""
    return "".join(w for w in company_key((name or "").replace("&", " and ")).split() if w != "and")


def title_words(text: str) -> list[str]:
    """The words of a title or a company name as compared: "Fenwick & Hale" and "Fenwick and
    Hale" give ["fenwick", "hale"]."""
    return list(_title_words(text or ""))


def _remembered(maxsize: int):
    """Work a key out once per text (names, titles: a few hundred characters at most; a longer
    text, a whole cell say, is worked out each time rather than kept)."""
    def wrap(function):
        cached = lru_cache(maxsize=maxsize)(function)

        def key(text: str):
            return cached(text) if not text or len(text) <= 300 else function(text)

        key.__doc__, key.__name__, key.__wrapped__ = function.__doc__, function.__name__, function
        return key

    return wrap


@_remembered(1 << 14)
def _title_words(text: str) -> tuple[str, ...]:
    return tuple(w for w in fold(text.replace("&", " and ")).split() if w != "and")


_REMARK = re.compile(r"^(?P<name>.*?\S)\s*[(\[](?P<remark>[^()\[\]]*)[)\]]\s*$")


def split_remark(name: str) -> tuple[str, str]:
    """A calendar's display name without the remark written after it in parentheses, and the
    remark: "Dana Reyes (Recruiting)" -> ("Dana Reyes", "Recruiting"), "Tom Reid [External]" ->
    ("Tom Reid", "External"). A name that is nothing but a remark ("(Recruiting)") is kept whole."""
    text = " ".join((name or "").split())
    match = _REMARK.match(text)
    if not match or not match.group("remark").strip():
        return text, ""
    return match.group("name").strip(), match.group("remark").strip()


def attendee_name(name: str, email: str) -> tuple[str, str]:
    """The name a calendar gives an attendee, and the remark after it (`split_remark`): "" for
    a name that is only an address (Google writes CN=ann@acme.com for a guest added by address),
    which gives no name: the import then guesses one from the address and says so."""
    text = " ".join((name or "").split()).strip('"').strip()
    if not text or text.lower() == (email or "").lower() or (EMAIL_LIKE.fullmatch(text) is not None):
        return "", ""
    return split_remark(text)


EMAIL_LIKE = re.compile(r"[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+")


# The keys below are asked for again and again in one import (each company's, each person's,
# for each event and row): each is worked out once per text.
@_remembered(1 << 16)
def fold(text: str) -> str:
    """Lower case, accents removed, punctuation as spaces, spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[^\w]+", " ", plain).split())


@_remembered(1 << 14)
def company_key(name: str) -> str:
    """A company name for matching: "Acme, Inc." and "ACME" give the same key."""
    return fold(" ".join(core_words(name or "")))


_LONGEST_NAME = 200  # as typed names are limited (services.pipeline.MAX_LINE)


@_remembered(1 << 14)
def person_key(name: str) -> str:
    """A person's name for matching: order of parts, case and accents ignored.

    A name in a script written without spaces between family and given name (Chinese,
    Japanese, Korean) is the same name with or without a space, either part first: 李小龍,
    "小龍 李" and "李 小龍" give one key (LinkedIn's export splits it into First and Last Name).
    """
    parts = fold(name).split()
    if parts and all(spaceless_script(part) for part in parts):
        joined = "".join(parts)  # family name then given name, or the other way round: rotations
        if len(joined) > _LONGEST_NAME:  # no name: a pasted column (not worth rotating, at n² cost)
            return joined
        return min(joined[i:] + joined[:i] for i in range(len(joined)))
    return " ".join(sorted(parts))


def linkedin_key(url: str) -> str:
    """A LinkedIn profile URL for matching: "http://www.linkedin.com/in/Jane/" -> "linkedin.com/in/jane"."""
    text = (url or "").strip().lower()
    if not text:
        return ""
    text = re.sub(r"^https?://", "", text)
    text = re.sub(r"^([a-z]{2,3}\.)?(www\.)?linkedin\.com", "linkedin.com", text)
    text = text.split("?", 1)[0].split("#", 1)[0]
    return text.rstrip("/")
