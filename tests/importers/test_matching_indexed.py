"""The indexes that keep a big import linear find what a plain scan of everyone recorded finds.

`People` looks at only the namesakes at the company (or at none) and each name recorded at the
company once, and works the other namesakes out only when asked; `Companies.named_in` keeps its
titles index as companies are added. Here both are checked against the rule written as the scan
it replaces, on random people, companies, moves and lookups, candidates and their order included.
"""

import random
from difflib import SequenceMatcher

import pytest

from afterview.domain.model import UNKNOWN_COMPANY, Company, Person
from afterview.importers.matching import FUZZY, TITLE_NOISE, Companies, People, _other_mailbox
from afterview.importers.names import company_key, linkedin_key, person_key, title_words

FIRST = ["Ann", "Anne", "Jon", "John", "Kai", "Li", "José", "Jose", "Zoë", "Ola"]
LAST = ["Lee", "Leé", "Smith", "Smyth", "Fischer", "Fisher", "Nordmann"]
COMPANIES = ["Globex", "Globex Inc.", "Initech", "Fenwick & Hale Ltd", "Fenwick and Hale", "Acme", "Panel",
             "Umbrella Corp", UNKNOWN_COMPANY, "Data", "Big Corp"]


def scan(people: People, *, email="", url="", name="", company="") -> tuple:
    """What the lookup finds, by the rule: a scan of everyone of the name, then everyone at the
    company (as `People._by_name` did before it had indexes)."""
    if email and email.lower() in people.by_email:
        return people.by_email[email.lower()], "email", []
    url_key = linkedin_key(url)
    if url_key and url_key in people.by_url:
        return people.by_url[url_key], "LinkedIn URL", []
    nkey, ckey, email = person_key(name), company_key(company), email.lower()
    if not nkey:
        return None, "", []

    def excluded(person):
        own = linkedin_key(person.linkedin_url)
        return bool(url_key) and bool(own) and own != url_key or _other_mailbox(person, email)

    strong, weak = {}, {}
    for person in people.by_name.get(nkey, []):
        if excluded(person):
            continue
        pkey = company_key(people.companies.by_id[person.company_id].name) if person.company_id else ""
        (strong if not pkey or not ckey or pkey == ckey else weak)[id(person)] = person
    if ckey:
        for person in people.by_company.get(ckey, []):
            if id(person) in strong or excluded(person):
                continue
            matcher = SequenceMatcher(None, nkey, person_key(person.name))
            if matcher.real_quick_ratio() >= FUZZY and matcher.quick_ratio() >= FUZZY and matcher.ratio() >= FUZZY:
                strong[id(person)] = person
    if len(strong) == 1:
        return next(iter(strong.values())), "name and company", []
    return None, "", list(strong.values()) or list(weak.values())


def named_in(companies: dict[int, Company], title: str):
    """The recorded company a title names, by the rule: all titles indexed again, the longest first."""
    from afterview.importers.matching import CALL_SERVICES

    titles = {}
    for company in sorted(companies.values(), key=lambda c: c.id):
        words = tuple(title_words(company_key(company.name)))
        if words and company.name != UNKNOWN_COMPANY and not set(words) <= TITLE_NOISE:
            titles.setdefault(words, company)
    if not titles:
        return None
    words = title_words(CALL_SERVICES.sub(" ", title))
    for size in range(min(max(map(len, titles)), len(words)), 0, -1):
        for start in range(len(words) - size + 1):
            if tuple(words[start:start + size]) in titles:
                return titles[tuple(words[start:start + size])]
    return None


@pytest.mark.parametrize("seed", range(6))
def test_lookups_find_what_a_scan_finds(seed):
    rng = random.Random(seed)
    companies = Companies([])
    recorded: dict[int, Company] = {}
    people = People([], companies)
    everyone: list[Person] = []
    for step in range(1500):
        roll = rng.random()
        if roll < 0.08 or not recorded:  # a new company
            company = Company(id=len(recorded) + 1, name=rng.choice(COMPANIES) + rng.choice(["", "", " GmbH", " 2"]))
            recorded[company.id] = company
            companies.add(company)
        elif roll < 0.45:  # a new person, maybe at a company, maybe with an address or a profile
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}" if rng.random() < 0.95 else rng.choice(FIRST)
            person = Person(id=None if rng.random() < 0.2 else 1000 + step, name=name,
                            company_id=rng.choice([None, *recorded]) if rng.random() < 0.8 else None,
                            emails=[f"{name.split()[0].lower()}{rng.randrange(9)}@{rng.choice(['globex.com', 'acme.com'])}"]
                            if rng.random() < 0.5 else [],
                            linkedin_url=f"https://www.linkedin.com/in/p{rng.randrange(30)}" if rng.random() < 0.2 else "")
            people.add(person)
            everyone.append(person)
        elif roll < 0.55 and everyone:  # someone completed: an address, a company (as imports do)
            person = rng.choice(everyone)
            old = person.company_id
            if person.company_id is None or rng.random() < 0.3:
                person.company_id = rng.choice(list(recorded))
            if rng.random() < 0.5:
                person.emails.append(f"x{step}@initech.com")
            people.reindex(person, old_company_id=old)
        else:  # a lookup
            query = {"name": f"{rng.choice(FIRST)} {rng.choice(LAST)}" if rng.random() < 0.9 else "",
                     "company": rng.choice(["", *COMPANIES, "Nowhere Ltd"]) if rng.random() < 0.9 else ""}
            if rng.random() < 0.3:
                query["email"] = f"{rng.choice(FIRST).lower()}{rng.randrange(9)}@{rng.choice(['globex.com', 'acme.com'])}"
            if rng.random() < 0.2:
                query["url"] = f"https://www.linkedin.com/in/p{rng.randrange(30)}"
            found = people.find(**query)
            person, how, candidates = scan(people, **query)
            assert (found.person, found.how) == (person, how), query
            assert [id(p) for p in found.candidates] == [id(p) for p in candidates], query
            assert found.ambiguous == (person is None and bool(candidates))
            title = " ".join(rng.choice(["Interview", "at", "Globex", "Fenwick", "and", "Hale", "Big", "Corp", "Panel",
                                         "Zoom", "Meeting", "Acme", "Data"]) for _ in range(rng.randrange(1, 6)))
            assert companies.named_in(title) is named_in(recorded, title), title
