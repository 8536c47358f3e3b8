"""What an invitation says about the interview: its role, stage and format, from the title and place."""

from __future__ import annotations

import re

from afterview.domain.model import UNKNOWN_ROLE, InterviewFormat
from afterview.importers.links import find_call_link
from afterview.importers.names import NAME_ENDING
from afterview.importers.records import CalendarEvent

_STAGES = [
    ("phone screen", r"phone screen|phone interview|screening call|intro call|initial call|initial screen"),
    ("recruiter call", r"recruiter"),
    ("technical", r"technical|tech screen|coding|live coding|pair programming|system design|whiteboard"),
    ("hiring manager", r"hiring manager"),
    ("case study", r"case study|case interview|take[- ]home|presentation"),
    ("panel", r"panel"),
    ("onsite", r"on-?site|in[- ]person"),
    ("final round", r"final round|final interview|final stage"),
    ("screen", r"\bscreen(ing)?\b"),
]
_ROUND = re.compile(r"\b(?:round|stage)\s*(\d+)\b|\b(\d+)(?:st|nd|rd|th)\s+(?:round|interview)\b", re.IGNORECASE)

_ROLE_WORDS = re.compile(
    r"\b(engineer|developer|programmer|architect|manager|director|designer|analyst|scientist|"
    r"consultant|specialist|coordinator|administrator|accountant|associate|assistant|researcher|"
    r"writer|editor|intern|lead|head of|vp|officer|owner|strategist|marketer|representative|"
    r"advisor|technician|nurse|teacher|lecturer|professor|counsel|lawyer|recruiter|sre|devops|"
    r"product|marketing|sales|support|operations|data|frontend|backend|full[- ]?stack)\b",
    re.IGNORECASE,
)
_NOISE = re.compile(
    r"\b(interview(s|ing)?|phone screen|screening|screen|call|chat|conversation|meeting|panel|"
    r"on-?site|technical|tech|final|round\s*\d*|stage\s*\d*|\d+(st|nd|rd|th)|with|for|the|"
    r"hiring manager|recruiter|intro(duction)?|initial|video|zoom|teams|google meet|invitation|"
    r"updated|position|role|job|opening|re)\b",
    re.IGNORECASE,
)
_FOR_ROLE = re.compile(r"\bfor\s+(?:the\s+|a\s+|an\s+)?(.+?)(?:\s+(?:role|position|opening))?(?:\s+(?:at|@|with)\s+.+)?$", re.IGNORECASE)


def stage_of(summary: str) -> str:
    """The interview stage named in a title ("Technical interview" -> "technical"), or ""."""
    text = summary.lower()
    round_match = _ROUND.search(summary)
    for stage, pattern in _STAGES:
        if re.search(pattern, text):
            return stage
    if round_match:
        return f"round {round_match.group(1) or round_match.group(2)}"
    return ""


_INVITATION_PREFIX = re.compile(r"^\s*(updated invitation|invitation|accepted|canceled|cancelled)\s*:\s*", re.IGNORECASE)
# Words of a role that also name companies ("Wayne Data", "Product Hunt", "Sales Force"): before a
# colon with a role after it, they are the company's ("Wayne Data: Analytics Engineer - technical").
_WEAK_ROLE_WORDS = frozenset({"data", "product", "marketing", "sales", "support", "operations", "frontend",
                              "backend", "full stack", "full-stack", "fullstack"})
# What a calendar or a sender writes before a colon that is no company ("Reminder: ...").
_NOT_A_COMPANY = re.compile(
    r"^(?:reminder|fwd?|re|aw|wg|confirmed|confirmation|rescheduled|new time proposed|tentative|declined|hold|"
    r"tbc|tbd|save the date|urgent|important|follow[- ]?up|update|next steps?)$", re.IGNORECASE)
_BEFORE_COLON = re.compile(r"^\s*([^:|–—]{2,60}?)\s*:\s*(\S.*)$")


def company_before_colon(summary: str) -> tuple[str, str]:
    """("Wayne Data", "Analytics Engineer - technical interview") for a title written "Company:
    Role - stage": what comes before the colon is a company when it is no interview word
    ("Interview: Senior Data Analyst", "Phone screen: ...", "Chat with Ann: ..."), no role ("Senior Data Engineer:
    Technical Interview") and no sender's word ("Reminder: ..."), and a role comes after it
    ("Fabrikam: chat with the hiring manager" says none). ("", "") otherwise."""
    text = _INVITATION_PREFIX.sub("", summary)
    match = _BEFORE_COLON.match(text)
    if not match:
        return "", ""
    before, after = match.group(1).strip(), match.group(2).strip()
    if _NOT_A_COMPANY.match(before) or _NOISE.search(before) or not before[:1].isupper():
        return "", ""
    strong = [w for w in _ROLE_WORDS.findall(before) if w.lower() not in _WEAK_ROLE_WORDS]
    if strong or _roles(after, "") == UNKNOWN_ROLE:
        return "", ""
    return before, after


def role_from_summary(summary: str, company: str = "") -> str:
    """The role a title names ("Interview: Senior Data Engineer" -> "Senior Data Engineer";
    "Wayne Data: Analytics Engineer - technical interview" -> "Analytics Engineer": a company
    before the colon, `company_before_colon`), or UNKNOWN_ROLE."""
    text = _INVITATION_PREFIX.sub("", summary)
    before, after = company_before_colon(text)
    return _roles(after if before else text, company)


def _roles(text: str, company: str) -> str:
    # The most specific first: "for the X role", then the parts between separators, then all of it.
    match = _FOR_ROLE.search(text)
    candidates = [match.group(1)] if match else []
    candidates += re.split(r"\s+[-–—|/]\s+|:\s*|\(|\)|,", text)
    candidates.append(text)
    for candidate in candidates:
        role = _clean_role(candidate, company)
        if role and _ROLE_WORDS.search(role):
            return role
    return UNKNOWN_ROLE


def _clean_role(text: str, company: str) -> str:
    if company:
        text = re.sub(rf"(?:\b(?:at|@|with)\s+)?\b{re.escape(company)}\b('s)?", " ", text, flags=re.IGNORECASE)
    text = re.sub(r"\b(?:at|@)\s+\S+$", " ", text)
    text = _NOISE.sub(" ", text)
    text = re.sub(r"[-–—|:/()\[\],]+", " ", text)
    words = text.split()
    return " ".join(words)[:80]


def format_of(event: CalendarEvent) -> InterviewFormat:
    """Video when there is a call link, phone when it says so, on site when it has a street
    address (`format_guess`)."""
    return format_guess(event)[0]


_VIDEO_WORDS = re.compile(r"\b(?:video|zoom|teams|google meet|meet|webex|hangouts?|skype|online|virtual|remote)\b")
_PHONE_WORDS = re.compile(r"\bphone\b|\btelephone\b|\bcall\b|\bcall me\b")


def format_guess(event: CalendarEvent) -> tuple[InterviewFormat, str]:
    """The interview's format, and what was assumed to find it ("" when the invitation says):
    video when there is a call link; phone when the place is a telephone number ("tel:") or the
    title or place says phone or call ("Phone screen", "Intro call") without saying video; on site
    when they say on site or in person, or the place is no online one (a street address); else,
    with neither a call link nor a place, video when the title or place says so, otherwise video
    as an assumption, said."""
    if event.call_link or find_call_link(event.location):
        return InterviewFormat.VIDEO, ""
    text = f"{event.summary} {event.location}".lower()
    onsite = re.search(r"on-?site|in[- ]person", text)
    video = _VIDEO_WORDS.search(text)
    if event.location.lower().startswith("tel:") or _PHONE_WORDS.search(text) and not onsite and not video:
        return InterviewFormat.PHONE, ""
    if onsite or re.search(r"office", text):
        return InterviewFormat.ONSITE, ""
    location = event.location.lower()
    online = ("teams", "zoom", "meet", "webex", "online", "virtual", "remote", "http")
    if location and not any(word in location for word in online):
        return InterviewFormat.ONSITE, ""
    if location or video:
        return InterviewFormat.VIDEO, ""
    return InterviewFormat.VIDEO, ("video assumed: the invitation gives no call link, no place and no word of "
                                   "phone or on site")


# "with X" names a person ("Interview with Dana Reyes") unless X ends like a company's name
_COMPANY_ENDINGS = re.compile(
    r"\b(?:inc|corp|corporation|co|company|llc|ltd|limited|plc|gmbh|ag|sa|bv|nv|oy|ab|pty|labs?|"
    r"technologies|technology|tech|systems|solutions|software|analytics|group|holdings|partners|"
    r"bank|capital|ventures|studios?|health|energy|media|consulting)\.?$", re.IGNORECASE)


def company_from_summary(summary: str, location: str = "") -> str:
    """A company named in a title ("Interview at Acme", "Interview with Acme Corp", "Wayne Data:
    Analytics Engineer - technical interview"), or "" ("with X" usually names a person). A part
    of the title set off by a dash or a bar names one when it ends like a company's name
    ("Phone screen - Infosphere Technologies", "Stark Industries | Onsite"), or when the place
    begins with it and a legal form or such an ending ("Onsite interview day - Initech" at
    "Initech GmbH, Friedrichstraße 100"): a bare name there may be a person's ("Phone screen -
    Dana")."""
    match = re.search(r"\b(?:at|@)\s+([A-Z][\w&.' -]{1,40}?)\s*(?:[-–—|:(]|$)", summary)
    if match:
        return match.group(1).strip()
    match = re.search(r"\bwith\s+([A-Z][\w&.' -]{1,40}?)\s*(?:[-–—|:(]|$)", summary)
    if match and _COMPANY_ENDINGS.search(match.group(1).strip()):
        return match.group(1).strip()
    return company_before_colon(summary)[0] or _company_part(summary, location)


_PARTS = re.compile(r"\s+[-–—|]\s+")
def _company_part(summary: str, location: str) -> str:
    """The part of a title between dashes or bars that names a company (`company_from_summary`)."""
    text = _INVITATION_PREFIX.sub("", summary)
    parts = [p.strip(" ,;:()") for p in _PARTS.split(text)]
    if len(parts) < 2:
        return ""
    place = re.split(r"[,\n]", location or "", maxsplit=1)[0].strip()
    for part in (parts[-1], parts[0]):
        words = part.split()
        if not 1 <= len(words) <= 5 or not all(w[:1].isupper() or w[:1] == "&" for w in words):
            continue
        if _NOISE.search(part) or [w for w in _ROLE_WORDS.findall(part) if w.lower() not in _WEAK_ROLE_WORDS]:
            continue
        if NAME_ENDING.search(part):
            return part
        if place and NAME_ENDING.search(place) and re.match(rf"{re.escape(part)}\b", place, re.IGNORECASE):
            return part
    return ""


def personal_guests(people, own_domains=frozenset()) -> list:
    """The attendees of an event (`people`: its Attendees, the user left out) who write from a
    personal address (a webmail domain: names.WEBMAIL) while someone else of it writes from an
    employer's domain: at a group interview or an assessment day, the other candidates (or
    someone's guest), not the panel. The organizer never is one (a candidate invites nobody).
    None when nobody writes from an employer's domain (a small company on Gmail: its people
    are the panel). `own_domains`: the user's own employer domains, which tell no company."""
    from afterview.importers.names import WEBMAIL, domain_of, is_ats_domain, is_employer_domain, registrable

    def employer(attendee) -> bool:
        domain = domain_of(attendee.email)
        return is_employer_domain(domain) and registrable(domain) not in own_domains

    if not any(employer(a) for a in people):
        return []
    return [a for a in people if not a.organizer and not is_ats_domain(domain_of(a.email))
            and registrable(domain_of(a.email)) in WEBMAIL]
