"""Finding who and what is already recorded: people by email, LinkedIn URL or name and company.

The indexes are built once per import from the stored records and kept up to date as the
import adds people, so that a file matches itself too and a second run matches everything.
Fuzzy name matching (difflib) only compares people within one company, which keeps a
10,000-row import fast without a compiled matcher.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from difflib import SequenceMatcher

from afterview.domain.model import Company, Person
from afterview.importers.names import company_key, linkedin_key, person_key, registrable

FUZZY = 0.88  # "Jon Smith" ~ "John Smith", "Kate Miller" !~ "Kate Muller-Stein"


@dataclass
class Found:
    """The outcome of a lookup: one person, several candidates (ambiguous), or nobody."""

    person: Person | None = None
    how: str = ""  # "email", "LinkedIn URL", "name and company"
    candidates: list[Person] = field(default_factory=list)

    @property
    def ambiguous(self) -> bool:
        return self.person is None and bool(self.candidates)


class Companies:
    """Companies by name key and by web domain."""

    def __init__(self, companies: list[Company]):
        self.by_key: dict[str, Company] = {}
        self.by_domain: dict[str, Company] = {}
        self.by_id: dict[int, Company] = {}
        for company in companies:
            self.add(company)

    def add(self, company: Company) -> None:
        self.by_key.setdefault(company_key(company.name), company)
        domain = website_domain(company.website)
        if domain:
            self.by_domain.setdefault(domain, company)
        if company.id is not None:
            self.by_id[company.id] = company

    def find(self, *, name: str = "", domain: str = "") -> Company | None:
        if domain and registrable(domain) in self.by_domain:
            return self.by_domain[registrable(domain)]
        key = company_key(name)
        return self.by_key.get(key) if key else None

    def key_of(self, company_id: int | None) -> str:
        company = self.by_id.get(company_id) if company_id is not None else None
        return company_key(company.name) if company else ""


def website_domain(website: str) -> str:
    """The registrable domain of a company's website ("https://www.acme.co.uk/jobs" -> "acme.co.uk"), or ""."""
    text = (website or "").strip().lower()
    for prefix in ("https://", "http://"):
        text = text.removeprefix(prefix)
    text = text.split("/", 1)[0].removeprefix("www.")
    return registrable(text) if "." in text else ""


class People:
    """People by email, LinkedIn URL, name, and company."""

    def __init__(self, people: list[Person], companies: Companies):
        self.companies = companies
        self.by_email: dict[str, Person] = {}
        self.by_url: dict[str, Person] = {}
        self.by_name: dict[str, list[Person]] = {}
        self.by_company: dict[str, list[Person]] = {}
        self.url_keys: dict[int, str] = {}  # id(person) -> LinkedIn key, computed once
        for person in people:
            self.add(person)

    def add(self, person: Person) -> None:
        for email in person.emails:
            self.by_email.setdefault(email.lower(), person)
        url = self.url_keys[id(person)] = linkedin_key(person.linkedin_url)
        if url:
            self.by_url.setdefault(url, person)
        self.by_name.setdefault(person_key(person.name), []).append(person)
        key = self.companies.key_of(person.company_id)
        if key:
            self.by_company.setdefault(key, []).append(person)

    def reindex(self, person: Person, *, old_company_id: int | None) -> None:
        """After an update: new emails, URL or company become findable."""
        for email in person.emails:
            self.by_email.setdefault(email.lower(), person)
        url = self.url_keys[id(person)] = linkedin_key(person.linkedin_url)
        if url:
            self.by_url.setdefault(url, person)
        key = self.companies.key_of(person.company_id)
        if key and person.company_id != old_company_id:
            self.by_company.setdefault(key, []).append(person)

    def find(self, *, email: str = "", url: str = "", name: str = "", company: str = "") -> Found:
        if email and email.lower() in self.by_email:
            return Found(self.by_email[email.lower()], "email")
        url_key = linkedin_key(url)
        if url_key and url_key in self.by_url:
            return Found(self.by_url[url_key], "LinkedIn URL")
        return self._by_name(name, company_key(company), url_key, email.lower())

    def _by_name(self, name: str, ckey: str, url_key: str, email: str = "") -> Found:
        nkey = person_key(name)
        if not nkey:
            return Found()
        strong: dict[int, Person] = {}
        weak: dict[int, Person] = {}
        for person in self.by_name.get(nkey, []):
            if self._other_profile(person, url_key) or _other_mailbox(person, email):
                continue
            pkey = self.companies.key_of(person.company_id)
            target = strong if (not pkey or not ckey or pkey == ckey) else weak
            target[id(person)] = person
        if ckey:
            for person in self.by_company.get(ckey, []):
                if id(person) in strong or self._other_profile(person, url_key) or _other_mailbox(person, email):
                    continue
                if _similar(nkey, person_key(person.name)):
                    strong[id(person)] = person
        if len(strong) == 1:
            return Found(next(iter(strong.values())), "name and company")
        # Several people fit, or only someone of that name at another company (who may have
        # moved on, or may be a namesake): the user decides.
        return Found(candidates=list(strong.values()) or list(weak.values()))

    def _other_profile(self, person: Person, url_key: str) -> bool:
        """Two different LinkedIn profiles are two different people, whatever their names."""
        if not url_key:
            return False
        own = self.url_keys.get(id(person))
        if own is None:
            own = self.url_keys[id(person)] = linkedin_key(person.linkedin_url)
        return bool(own) and own != url_key


def _other_mailbox(person: Person, email: str) -> bool:
    """Two addresses at one domain are two people ("jon@acme.com" is not "jan@acme.com")."""
    if not email or "@" not in email:
        return False
    domain = email.rsplit("@", 1)[1]
    return any(e.lower() != email and e.lower().endswith("@" + domain) for e in person.emails)


def _similar(a: str, b: str) -> bool:
    matcher = SequenceMatcher(None, a, b)
    return matcher.real_quick_ratio() >= FUZZY and matcher.quick_ratio() >= FUZZY and matcher.ratio() >= FUZZY
