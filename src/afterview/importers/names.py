"""Names of companies and people as imports meet them: from email domains, normalised for matching."""

from __future__ import annotations

import re
import unicodedata

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

# Second-level suffixes under which the registrable name is one label further left.
_TWO_LEVEL = frozenset(
    "co.uk org.uk ac.uk gov.uk com.au net.au org.au co.nz co.jp co.in com.br com.mx co.za "
    "com.sg com.hk co.kr com.tr com.cn com.tw co.il".split()
)

_RECRUITING = re.compile(
    r"recruit|talent|hiring|careers?|jobs?\b|^hr$|^hr[.-]|people[.-]?ops|scheduling|schedul|"
    r"coordinat|interviews?\b|staffing|no-?reply|do-?not-?reply",
    re.IGNORECASE,
)

_LEGAL_SUFFIX = re.compile(
    r"[\s,]+(inc|incorporated|corp|corporation|co|company|llc|l\.l\.c|ltd|limited|gmbh|ag|se|sa|"
    r"sas|sarl|bv|b\.v|nv|plc|pty|pvt|oy|ab|as|aps|kg|srl|spa|s\.a|s\.p\.a)\.?$",
    re.IGNORECASE,
)


def domain_of(email: str) -> str:
    return email.rsplit("@", 1)[1].lower().strip(".") if "@" in email else ""


def is_employer_domain(domain: str) -> bool:
    """Whether an address at this domain tells who the employer is."""
    if not domain or domain in WEBMAIL or domain in CALENDAR_SERVICE:
        return False
    return not any(domain == ats or domain.endswith("." + ats) for ats in ATS)


def is_ats_domain(domain: str) -> bool:
    return any(domain == ats or domain.endswith("." + ats) for ats in ATS)


def registrable(domain: str) -> str:
    """The domain an organisation registered: "jobs.acme.co.uk" -> "acme.co.uk"."""
    labels = domain.lower().strip(".").split(".")
    keep = 3 if ".".join(labels[-2:]) in _TWO_LEVEL else 2
    return ".".join(labels[-keep:])


def company_from_domain(domain: str) -> str:
    """A readable company name for a domain: "big-corp.io" -> "Big Corp"."""
    label = registrable(domain).split(".")[0]
    words = re.split(r"[-_]+", label)
    return " ".join(word.upper() if len(word) <= 2 else word.capitalize() for word in words if word)


def is_recruiting_address(email: str, name: str = "") -> bool:
    """Whether an address belongs to recruiting or interview coordination, not an interviewer."""
    local = email.split("@", 1)[0]
    return bool(_RECRUITING.search(local) or _RECRUITING.search(name or "")) or is_ats_domain(domain_of(email))


def name_from_email(email: str) -> str:
    """A best-guess name from an address: "jane.doe@acme.com" -> "Jane Doe"."""
    local = email.split("@", 1)[0].split("+", 1)[0]
    words = [w for w in re.split(r"[._-]+", local) if w and not w.isdigit()]
    return " ".join(w.capitalize() for w in words) or email


def fold(text: str) -> str:
    """Lower case, accents removed, punctuation as spaces, spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[^\w]+", " ", plain).split())


def company_key(name: str) -> str:
    """A company name for matching: "Acme, Inc." and "ACME" give the same key."""
    text = (name or "").strip()
    for _ in range(2):  # "Acme Holdings Co. Ltd." has two suffixes
        text = _LEGAL_SUFFIX.sub("", text)
    return fold(text)


def person_key(name: str) -> str:
    """A person's name for matching: order of parts, case and accents ignored."""
    return " ".join(sorted(fold(name).split()))


def linkedin_key(url: str) -> str:
    """A LinkedIn profile URL for matching: "http://www.linkedin.com/in/Jane/" -> "linkedin.com/in/jane"."""
    text = (url or "").strip().lower()
    if not text:
        return ""
    text = re.sub(r"^https?://", "", text)
    text = re.sub(r"^([a-z]{2,3}\.)?(www\.)?linkedin\.com", "linkedin.com", text)
    text = text.split("?", 1)[0].split("#", 1)[0]
    return text.rstrip("/")
