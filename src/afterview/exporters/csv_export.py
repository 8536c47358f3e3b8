"""Opportunities and people as CSV (RFC 4180), ready for a spreadsheet and for `afterview csv import`.

The opportunity columns use the names the tracker import recognises, so an export can be
edited in a spreadsheet and imported again. Cells that a spreadsheet would run as a formula
(starting with = + - @) are prefixed with an apostrophe (OWASP's advice on CSV injection):
names and notes come from other people and from imported files. The import takes that
apostrophe off again (`importers.csvrows.protect` and `unprotect`, one rule both ways), so a
name comes back as it was, not as "'=1+1".

The Contacts cell lists the people at the opportunity's company as the import reads them back
(`importers.tracker.contact_list`): separated by semicolons, each `Name <address>` when the
person has an address, else the name.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from datetime import datetime
from typing import TextIO
from zoneinfo import ZoneInfo

from afterview.domain.model import Company, Opportunity, Person
from afterview.importers.csvrows import protect

OPPORTUNITY_COLUMNS = ["Id", "Company", "Role", "Status", "Status Since", "Applied", "Source", "Link", "Contacts", "Notes"]
PEOPLE_COLUMNS = [
    "Id", "Name", "Greet As", "Email", "Other Emails", "Company", "Title", "LinkedIn URL", "Connection",
    "Connected On", "Time Zone", "Country", "Tags", "Do Not Contact", "Notes",
]


def safe(value: object) -> str:
    """A cell value that a spreadsheet shows as text, never runs (see csvrows.protect)."""
    return protect(value)


def _day(moment: datetime | None, tz: str) -> str:
    if moment is None:
        return ""
    try:
        zone = ZoneInfo(tz or "UTC")
    except Exception:  # an odd zone in the profile must not stop an export
        zone = ZoneInfo("UTC")
    return moment.astimezone(zone).date().isoformat()


def write_opportunities(
    out: TextIO,
    opportunities: Iterable[Opportunity],
    companies: dict[int, Company],
    people: Iterable[Person] = (),
    *,
    tz: str = "UTC",
) -> int:
    """Write one row per opportunity; return how many were written."""
    contacts: dict[int, list[str]] = {}
    for person in people:
        if person.company_id is not None:
            contacts.setdefault(person.company_id, []).append(contact(person))
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(OPPORTUNITY_COLUMNS)
    count = 0
    for o in opportunities:
        company = companies.get(o.company_id)
        since = o.history[-1].at if o.history else o.created_at
        writer.writerow(
            [
                o.id,
                safe(company.name if company else ""),
                safe(o.role),
                o.status.value,
                _day(since, tz),
                _day(o.created_at, tz),
                safe(o.source),
                safe(o.link),
                safe("; ".join(contacts.get(o.company_id, []))),
                safe(o.notes),
            ]
        )
        count += 1
    return count


def contact(person: Person) -> str:
    """A person as the Contacts cell lists them: "Ann Lee <ann@acme.com>", or the name alone.
    A name that holds what separates or marks the cell's parts (; < >) is given by its address
    alone when there is one (the import finds the person by it), else with ; as a comma."""
    name, email = " ".join(person.name.split()), person.email
    if any(char in name for char in ";<>"):
        return email or name.replace(";", ",")
    return f"{name} <{email}>" if email else name


def write_people(out: TextIO, people: Iterable[Person], companies: dict[int, Company], *, tz: str = "UTC") -> int:
    """Write one row per person; return how many were written."""
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(PEOPLE_COLUMNS)
    count = 0
    for p in people:
        company = companies.get(p.company_id) if p.company_id is not None else None
        writer.writerow(
            [
                p.id,
                safe(p.name),
                safe(p.greet_as),
                safe(p.email),
                safe("; ".join(p.emails[1:])),
                safe(company.name if company else ""),
                safe(p.title),
                safe(p.linkedin_url),
                p.connection.value,
                _day(p.connected_at, tz),
                p.timezone,
                p.country,
                safe("; ".join(p.tags)),
                "yes" if p.do_not_contact else "",
                safe(p.notes),
            ]
        )
        count += 1
    return count
