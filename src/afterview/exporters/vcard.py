"""Contacts as vCard 4.0 (RFC 6350): escaped values, lines folded at 75 octets, CRLF endings.

Address books (Apple Contacts, Google Contacts, Outlook, Thunderbird) import the file as is.
"""

from __future__ import annotations

import unicodedata
import uuid
from collections.abc import Iterable, Iterator

from afterview.domain.model import Company, Person

# Family-name particles: "Ana de la Cruz" files under "de la Cruz", given name "Ana".
_PARTICLES = frozenset("de la le du da di del della van von der den ter ten bin al el dos das".split())
_NAMESPACE = uuid.UUID("6f1c2a52-7c1e-4c55-9a43-8f0f3d9c2b11")


def escape(value: str, *, compound: bool = False) -> str:
    """Escape a text value (RFC 6350 3.4): backslash, comma, newline; semicolon in compound values."""
    text = value.replace("\\", "\\\\").replace(",", "\\,").replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return text.replace(";", "\\;") if compound else text


def fold(line: str, limit: int = 75) -> str:
    """Fold a content line at `limit` octets, never inside a UTF-8 character (RFC 6350 3.2)."""
    data = line.encode("utf-8")
    if len(data) <= limit:
        return line
    parts: list[str] = []
    start, width = 0, limit
    while start < len(data):
        end = min(start + width, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:  # a continuation byte: step back
            end -= 1
        parts.append(data[start:end].decode("utf-8"))
        start, width = end, limit - 1  # continuation lines begin with one space
    return "\r\n ".join(parts)


def split_name(name: str) -> tuple[str, str]:
    """(family, given) from a full name: "Jane Q. Doe" -> ("Doe", "Jane Q.")."""
    words = name.split()
    if len(words) < 2:
        return (name.strip(), "")
    index = len(words) - 1
    while index > 1 and words[index - 1].lower() in _PARTICLES:
        index -= 1
    return (" ".join(words[index:]), " ".join(words[:index]))


# Titles a greet-as name may start with ("Ms. Nguyen"): the name after one is a family name.
_TITLES = frozenset("mr mrs ms mx miss dr prof professor sir dame herr frau mme mlle madame monsieur".split())
# Titles written after a name in Chinese, Japanese and Korean (李先生, 田中さん).
_TITLES_AFTER = ("先生", "女士", "小姐", "さん", "さま", "様", "氏", "선생님", "님", "씨")


def name_parts(person: Person) -> tuple[str, str, str]:
    """(family, given, additional) names, as the greeting has them (`Person.greet_as`).

    Without a greet-as name, the family name is the last word (`split_name`); a name written
    without spaces (李小龍) cannot be split and is all family name. A greet-as name says the
    order: a bare one that ends the name is the given name, the family name then first
    ("Nguyễn Thị Minh Khai" greeted "Khai": family Nguyễn, given Khai, additional Thị Minh;
    "李小龍" greeted "小龍": 李, 小龍); one with a title names the family name ("Ms. Nguyen",
    "Mr. Kim" for Kim Min-jun, "李先生"), which, when it starts the name, is first too.
    """
    from afterview.domain.names import spaceless_script

    name = " ".join(person.name.split())
    words = name.split()
    greeted, titled = _without_title(" ".join(person.greet_as.split()))
    if greeted and spaceless_script(name) and len(words) == 1:
        if not titled and name.endswith(greeted) and greeted != name:
            return (name[:-len(greeted)], greeted, "")
        if titled and name.startswith(greeted) and greeted != name:
            return (greeted, name[len(greeted):], "")
    elif greeted and len(words) > 1:
        size = len(greeted.split())
        if not titled and _fold(" ".join(words[-size:])) == _fold(greeted) and size < len(words):
            return (words[0], " ".join(words[-size:]), " ".join(words[1:-size]))
        if titled and _fold(words[0]) == _fold(greeted):
            return (words[0], words[-1], " ".join(words[1:-1]))
    family, given = split_name(name)
    return (family, given, "")


def _fold(text: str) -> str:
    """Case and accents aside ("Nguyễn" is "nguyen")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _without_title(greeted: str) -> tuple[str, bool]:
    """A greet-as name without its title ("Ms. Nguyen": "Nguyen"), and whether it had one."""
    words = greeted.split()
    if len(words) > 1 and words[0].rstrip(".").lower() in _TITLES:
        return " ".join(words[1:]), True
    for title in _TITLES_AFTER:
        if greeted.endswith(title) and len(greeted) > len(title):
            return greeted[:-len(title)].strip(), True
    return greeted, False


def card(person: Person, company: Company | None = None) -> str:
    """One vCard for a person."""
    family, given, additional = name_parts(person)
    lines = [
        "BEGIN:VCARD",
        "VERSION:4.0",
        f"UID:urn:uuid:{uuid.uuid5(_NAMESPACE, f'person:{person.id}:{person.name}')}",
        f"FN:{escape(person.name)}",
        f"N:{escape(family, compound=True)};{escape(given, compound=True)};{escape(additional, compound=True)};;",
    ]
    greeted = " ".join(person.greet_as.split())
    if greeted and not _without_title(greeted)[1] and greeted not in (given, family, person.name.strip()):
        lines.append(f"NICKNAME:{escape(greeted)}")  # a name they go by ("Bob", "Sunny")
    for index, email in enumerate(person.emails):
        pref = ";PREF=1" if index == 0 and len(person.emails) > 1 else ""
        lines.append(f"EMAIL{pref}:{escape(email)}")
    if company is not None:
        lines.append(f"ORG:{escape(company.name, compound=True)}")
    if person.title:
        lines.append(f"TITLE:{escape(person.title)}")
    if person.linkedin_url:
        lines.append(f"URL:{person.linkedin_url.strip()}")
    if person.timezone:
        lines.append(f"TZ;VALUE=text:{escape(person.timezone)}")
    if person.tags:
        lines.append("CATEGORIES:" + ",".join(escape(tag) for tag in person.tags))
    if person.notes:
        lines.append(f"NOTE:{escape(person.notes)}")
    lines.append("END:VCARD")
    return "".join(fold(line) + "\r\n" for line in lines)


def cards(people: Iterable[Person], companies: dict[int, Company]) -> Iterator[str]:
    """vCards for people, one at a time."""
    for person in people:
        yield card(person, companies.get(person.company_id) if person.company_id is not None else None)
