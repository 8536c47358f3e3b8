"""Finding who and what is already recorded: people by email, LinkedIn URL or name and company.

The indexes are built once per import from the stored records and kept up to date as the
import adds people, so that a file matches itself too and a second run matches everything.
Fuzzy name matching (difflib) only compares people within one company, which keeps a
10,000-row import fast without a compiled matcher.

A lookup visits only the people who can match: those of the name at the company (or at none),
and, for the fuzzy match, each name recorded at the company once (difflib's verdict on two names
is kept). Namesakes at other companies are looked at only when the import asks who the
candidates are. So a calendar of 100,000 events, which brings in thousands of people, many of
them namesakes ("Ben Diaz" at twenty employers), takes no longer per person at its end than at
its start.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache

from afterview.domain.model import UNKNOWN_COMPANY, Company, Person
from afterview.importers.names import company_key, linkedin_key, person_key, registrable, title_words

FUZZY = 0.88  # "Jon Smith" ~ "John Smith", "Kate Miller" !~ "Kate Muller-Stein"

# Words that alone name no company in a title ("Panel", "Technical interview").
TITLE_NOISE = frozenset(
    "interview interviews panel technical onsite screen call chat final round team meeting data the with at for "
    "phone video hiring manager recruiter intro".split()
)

# How a call is made names no employer: "Technical interview (Google Meet)" is not at Google.
CALL_SERVICES = re.compile(
    r"\b(?:google\s+(?:meet|hangouts?|calendar)|microsoft\s+teams|ms\s+teams|amazon\s+chime|zoom(?:\s+meeting)?|"
    r"webex|whereby|jitsi|bluejeans|skype)\b", re.IGNORECASE)


@dataclass
class Found:
    """The outcome of a lookup: one person, several candidates (ambiguous), or nobody."""

    person: Person | None = None
    how: str = ""  # "email", "LinkedIn URL", "name and company"
    # the candidates, found only when asked for (a calendar import never asks: it adds a person)
    find_candidates: Callable[[], list[Person]] | None = field(default=None, repr=False, compare=False)
    _candidates: list[Person] | None = field(default=None, repr=False, compare=False)

    @property
    def candidates(self) -> list[Person]:
        if self._candidates is None:
            self._candidates = self.find_candidates() if self.find_candidates is not None else []
        return self._candidates

    @property
    def ambiguous(self) -> bool:
        return self.person is None and bool(self.candidates)


class Companies:
    """Companies by name key, by web domain, and by the words of their names (`named_in`)."""

    def __init__(self, companies: list[Company]):
        self.by_key: dict[str, Company] = {}
        self.by_domain: dict[str, Company] = {}
        self.by_id: dict[int, Company] = {}
        self._keys: dict[int, tuple[str, str]] = {}  # id -> (name, company_key(name))
        self._titles: dict[tuple[str, ...], Company] = {}  # by the words of the name: the first recorded
        self._longest = 0  # words in the longest of those names
        for company in companies:
            self.add(company)
        for company in companies:  # a name it went by before (a rename, a merge): found by it too,
            for former in company.former_names:  # unless a company has it now
                self.by_key.setdefault(company_key(former), company)
                if company.id is not None:
                    self._title(company, former, only_new=True)

    def add(self, company: Company) -> None:
        self.by_key.setdefault(company_key(company.name), company)
        domain = website_domain(company.website)
        if domain:
            self.by_domain.setdefault(domain, company)
        if company.id is not None:
            self.by_id[company.id] = company
            self._title(company)

    def _title(self, company: Company, name: str | None = None, *, only_new: bool = False) -> None:
        name = company.name if name is None else name
        words = tuple(title_words(company_key(name)))
        if not words or name == UNKNOWN_COMPANY or set(words) <= TITLE_NOISE:
            return
        known = self._titles.get(words)
        if known is None or (not only_new and company.id <= known.id):  # the lowest id: recorded first
            self._titles[words] = company
            self._longest = max(self._longest, len(words))

    def named_in(self, title: str) -> Company | None:
        """A recorded company whose name appears in the title, as whole words, case, accents,
        punctuation, legal suffixes and "&"/"and" aside ("Fenwick and Hale - Panel" names
        "Fenwick & Hale Ltd"); the longest name found wins. A call service's name ("Google
        Meet") and words that name no company alone ("Panel") are no company's."""
        if not self._titles:
            return None
        words = title_words(CALL_SERVICES.sub(" ", title))
        for size in range(min(self._longest, len(words)), 0, -1):
            for start in range(len(words) - size + 1):
                found = self._titles.get(tuple(words[start:start + size]))
                if found is not None:
                    return found
        return None

    def find(self, *, name: str = "", domain: str = "") -> Company | None:
        if domain and registrable(domain) in self.by_domain:
            return self.by_domain[registrable(domain)]
        key = company_key(name)
        return self.by_key.get(key) if key else None

    def key_of(self, company_id: int | None) -> str:
        company = self.by_id.get(company_id) if company_id is not None else None
        if company is None:
            return ""
        known = self._keys.get(company_id)
        if known is None or known[0] != company.name:  # computed once per name
            known = self._keys[company_id] = (company.name, company_key(company.name))
        return known[1]


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
        # The same people indexed for `_by_name`, kept in step by `add` and `reindex`:
        self._added: dict[int, int] = {}  # id(person) -> its place in by_name (the order added)
        self._name_key: dict[int, str] = {}  # id(person) -> person_key of its name, as filed in by_name
        self._filed: dict[int, str] = {}  # id(person) -> its company key ("" for none), as filed in _named
        self._named: dict[tuple[str, str], list[Person]] = {}  # (name key, company key or "") -> people
        # company key -> name key -> {id(person): (place in by_company[company key], person)}
        self._names_at: dict[str, dict[str, dict[int, tuple[int, Person]]]] = {}
        for person in people:
            self.add(person)

    def add(self, person: Person) -> None:
        for email in person.emails:
            self.by_email.setdefault(email.lower(), person)
        url = self.url_keys[id(person)] = linkedin_key(person.linkedin_url)
        if url:
            self.by_url.setdefault(url, person)
        nkey = self._name_key[id(person)] = person_key(person.name)
        self.by_name.setdefault(nkey, []).append(person)
        self._added[id(person)] = len(self._added)
        key = self.companies.key_of(person.company_id)
        self._file(person, key)
        if key:
            self._at_company(person, key)

    def reindex(self, person: Person, *, old_company_id: int | None) -> None:
        """After an update: new emails, URL or company become findable."""
        for email in person.emails:
            self.by_email.setdefault(email.lower(), person)
        url = self.url_keys[id(person)] = linkedin_key(person.linkedin_url)
        if url:
            self.by_url.setdefault(url, person)
        key = self.companies.key_of(person.company_id)
        if key and person.company_id != old_company_id:
            self._at_company(person, key)
        if self._filed.get(id(person)) != key:
            self._file(person, key)

    def _file(self, person: Person, key: str) -> None:
        """File the person under its name and (current) company in _named."""
        nkey = self._name_key[id(person)]
        before = self._filed.get(id(person))
        if before is not None:
            group = self._named[(nkey, before)]
            del group[next(i for i, other in enumerate(group) if other is person)]  # by identity, not ==
        self._filed[id(person)] = key
        self._named.setdefault((nkey, key), []).append(person)

    def _at_company(self, person: Person, key: str) -> None:
        group = self.by_company.setdefault(key, [])
        self._names_at.setdefault(key, {}).setdefault(self._name_key[id(person)], {}).setdefault(
            id(person), (len(group), person))  # its first place, as a scan of by_company meets it
        group.append(person)

    def find(self, *, email: str = "", url: str = "", name: str = "", company: str = "") -> Found:
        if email and email.lower() in self.by_email:
            return Found(self.by_email[email.lower()], "email")
        url_key = linkedin_key(url)
        if url_key and url_key in self.by_url:
            return Found(self.by_url[url_key], "LinkedIn URL")
        return self._by_name(name, company_key(company), url_key, email.lower())

    def _by_name(self, name: str, ckey: str, url_key: str, email: str = "") -> Found:
        """The one person of that name at the company `ckey` (or with no company, or anywhere when
        `ckey` is ""), or of a close spelling at the company; else the candidates: everyone who
        fits, or when nobody does, the namesakes at other companies. Someone with another LinkedIn
        profile or another address at the same domain never fits."""
        nkey = person_key(name)
        if not nkey:
            return Found()

        def excluded(person: Person) -> bool:
            return self._other_profile(person, url_key) or _other_mailbox(person, email)

        if ckey:  # the namesakes at no company and at this one, in the order they were added
            near = self._named.get((nkey, ""), []) + self._named.get((nkey, ckey), [])
            if len(near) > 1:
                near.sort(key=lambda person: self._added[id(person)])
        else:
            near = self.by_name.get(nkey, [])
        strong: dict[int, Person] = {id(p): p for p in near if not excluded(p)}
        if ckey:  # close spellings at the company, in the order they joined it
            # Whom the row rules out (another address at its domain, another profile) is checked
            # first, a cheap test: a sheet whose every contact has an address at the company's
            # domain then compares no names at all, and the import stays linear however many
            # people a company has.
            close = [entry for other, group in self._names_at.get(ckey, {}).items()
                     if not all(excluded(person) for _, person in group.values()) and _similar(nkey, other)
                     for entry in group.values()]
            close.sort(key=lambda entry: entry[0])
            for _, person in close:
                if id(person) not in strong and not excluded(person):
                    strong[id(person)] = person
        if len(strong) == 1:
            return Found(next(iter(strong.values())), "name and company")
        if strong or not ckey:
            return Found(_candidates=list(strong.values()))

        # Only someone of that name at another company (who may have moved on, or may be a
        # namesake): the user decides.
        def elsewhere() -> list[Person]:
            return [p for p in self.by_name.get(nkey, [])
                    if self.companies.key_of(p.company_id) not in ("", ckey) and not excluded(p)]

        return Found(find_candidates=elsewhere)

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


@lru_cache(maxsize=1 << 16)
def _similar(a: str, b: str) -> bool:
    """difflib's ratio of the two name keys is at least FUZZY.

    Its two upper bounds are checked first, as SequenceMatcher's real_quick_ratio and quick_ratio
    compute them (the shorter length, then the letters both have, over both lengths), without
    building a matcher: most names at a company are too different to need one.
    """
    length = len(a) + len(b)
    if _ratio(min(len(a), len(b)), length) < FUZZY:
        return False
    mine, theirs = _letters(a), _letters(b)
    if _ratio(sum(min(count, theirs.get(letter, 0)) for letter, count in mine.items()), length) < FUZZY:
        return False
    return SequenceMatcher(None, a, b).ratio() >= FUZZY


def _ratio(matches: int, length: int) -> float:
    return 2.0 * matches / length if length else 1.0  # as difflib computes it


@lru_cache(maxsize=1 << 14)
def _letters(key: str) -> dict[str, int]:
    return dict(Counter(key))
