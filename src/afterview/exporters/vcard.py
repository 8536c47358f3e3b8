"""Contacts as vCard 4.0 (RFC 6350): escaped values, lines folded at 75 octets, CRLF endings.

Address books (Apple Contacts, Google Contacts, Outlook, Thunderbird) import the file as is.
"""

from __future__ import annotations

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


def card(person: Person, company: Company | None = None) -> str:
    """One vCard for a person."""
    family, given = split_name(person.name)
    lines = [
        "BEGIN:VCARD",
        "VERSION:4.0",
        f"UID:urn:uuid:{uuid.uuid5(_NAMESPACE, f'person:{person.id}:{person.name}')}",
        f"FN:{escape(person.name)}",
        f"N:{escape(family, compound=True)};{escape(given, compound=True)};;;",
    ]
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
