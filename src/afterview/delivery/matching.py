"""Which of our messages, people and opportunities an incoming message concerns.

In order of trust: In-Reply-To / References against the Message-IDs we generated; for a bounce,
the returned Message-ID (one not ours: a bounce of a mail the user wrote by hand, matched to
nothing), else, when it returns none, the failed recipient; then the sender's address (and the normalised
subject to pick among several messages to that person); last the sender's domain, ignoring
shared domains (applicant-tracking systems, job boards, webmail). Several candidates at the
last step are marked ambiguous and nothing is guessed. Mail from an address no one has, outside
any thread, that answers our subject and names whom it went to is never placed: `by_subject`
names the messages it may answer, for the user to place it.

Company names are compared without their legal form, either way round (`companies_named`:
"Acme" and "Acme Corporation" name "Acme Corp").

A thread names the message it answers, not who answers: a message in the thread of ours to one
person but from the address of another known person (a colleague answering a forwarded copy,
their out-of-office reply) is that sender's, placed as mail from them is (see `in_thread`).
An answer in the thread of a closed process from someone with an open one is placed by the
role its text names, else ambiguous (see `_thread_process`).

Addresses are compared as `domain.values.address_key` has them: case-folded, the domain in its
ASCII (IDNA) form, so that a reply whose UTF-8 header (RFC 6532) writes "jose@bücher.example"
is from the person stored with "jose@xn--bcher-kva.example". The process of a known person is
one they take part in (`takes_part_in`: on one of its interview panels, or at its company), as
`replies add` takes it. One placed there by their company alone (nothing of ours went to them,
no thread), or an address no one has at a company's domain, is marked so (`by_company_only`):
it counts for the process only by the rule `replies add` files by.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlparse

from afterview.domain.companies import core_words, name_words
from afterview.domain.model import Facts, Interview, Message, MessageState, Opportunity, Person
from afterview.domain.values import address_key, ascii_domain

WEBMAIL_DOMAINS = frozenset(
    {
        "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "msn.com",
        "yahoo.com", "ymail.com", "icloud.com", "me.com", "mac.com", "aol.com", "proton.me",
        "protonmail.com", "gmx.de", "gmx.net", "web.de", "fastmail.com", "zoho.com", "yandex.ru",
        "mail.ru", "t-online.de", "orange.fr", "free.fr", "laposte.net", "libero.it",
    }
)
# Applicant-tracking systems: they send for many employers, and only about applications made.
TRACKING_SYSTEMS = frozenset(
    {
        "greenhouse.io", "greenhouse-mail.io", "lever.co", "hire.lever.co", "myworkday.com",
        "workday.com", "smartrecruiters.com", "ashbyhq.com", "icims.com", "taleo.net",
        "successfactors.com", "successfactors.eu", "jobvite.com", "bamboohr.com", "recruitee.com",
        "personio.de", "personio.com", "teamtailor.com", "workable.com", "breezy.hr",
        "jazzhr.com", "applytojob.com",
    }
)
# Job boards: they send for many employers too, and much else (job alerts, newsletters).
JOB_BOARDS = frozenset(
    {
        "linkedin.com", "indeed.com", "glassdoor.com", "stepstone.de", "xing.com", "hired.com",
        "wellfound.com", "otta.com", "welcometothejungle.com",
    }
)
ATS_DOMAINS = TRACKING_SYSTEMS | JOB_BOARDS
SHARED_DOMAINS = WEBMAIL_DOMAINS | ATS_DOMAINS

_PREFIX = re.compile(
    r"^\s*(?:(?:re|aw|sv|vs|antw|antwort|réf|ref|rif|tr|fw|fwd|wg|rv|enc)\s*(?:\[\d+\])?\s*:\s*"
    r"|(?:auto|automatic reply|auto[- ]?reply|out of (?:the )?office|automatische antwort|abwesenheitsnotiz"
    r"|réponse automatique|respuesta automática|risposta automatica|automatisch antwoord|autosvar"
    r"|automatiskt svar|undeliverable|unzustellbar)\s*:\s*)+",
    re.I,
)


def fold(text: str) -> str:
    """A name or text in one form for comparing: spacing collapsed, NFC, casefolded ("Müller"
    written precomposed or with a combining mark, in any case, is one name)."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", " ".join((text or "").split())).casefold())


def names(name: str, text: str) -> bool:
    """Whether `text` names `name` as a whole word or phrase (both compared `fold`ed)."""
    name = fold(name)
    return bool(name) and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", fold(text)) is not None


def company_core(name: str) -> str:
    """A company's name without its legal form, as mail is matched by (`domain.companies.core_words`,
    joined): "Acme Corporation", "Acme Corp." and "ACME, Inc." are all "acme"; "Müller Logistik
    GmbH & Co. KG" is "müller logistik". Matching's own rule: a rest shorter than 3 characters
    ("HP Inc", "3M Company") keeps the whole name: a word of one or two letters in a mail is
    often something else (initials, a unit, an "AB test"), the whole name seldom."""
    core = " ".join(core_words(name))
    return core if len(core) >= 3 else " ".join(name_words(name))


def companies_named(cores: dict[int, str], text: str) -> set[int]:
    """Of companies (id -> `company_core`), those a text names, each way round: "Acme" names
    "Acme Corp", "Acme Corporation" names "Acme Corp", "Globex Corporation" names "Globex". A
    name inside a longer one named too is the longer one's: "Acme Health" names Acme Health,
    not Acme as well."""
    words = " " + " ".join(name_words(text)) + " "
    found = {cid: core for cid, core in cores.items() if core and f" {core} " in words}
    return {cid for cid, core in found.items()
            if not any(core != other and f" {core} " in f" {other} " for other in found.values())}


def names_company(name: str, text: str) -> bool:
    """Whether a text names a company, its legal form aside (see `companies_named`)."""
    return bool(companies_named({0: company_core(name)}, text))


def normalise_subject(subject: str) -> str:
    """A subject without Re:/AW:/Fwd:/auto prefixes, case and spacing: for comparing threads."""
    text = " ".join((subject or "").split())
    previous = None
    while previous != text:
        previous = text
        text = _PREFIX.sub("", text).strip()
    return text.casefold()


@dataclass(slots=True)
class Incoming:
    """What matching needs from an incoming message."""

    from_address: str
    subject: str = ""
    in_reply_to: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    bounced_message_id: str = ""
    failed_recipients: list[str] = field(default_factory=list)
    body: str = ""  # the text, to tell apart two processes the sender is in (see _person_match)
    from_name: str = ""  # the sender's name as they give it ("Tony Rhodes"), for `by_subject`


@dataclass(slots=True)
class Match:
    message: Message | None = None
    person_id: int | None = None
    opportunity_id: int | None = None
    method: str = ""  # "thread", "bounce-id", "bounce-recipient", "sender", "domain", ""
    ambiguous: bool = False
    candidates: int = 0
    note: str = ""  # said with the record: why it is not the thread's (see in_thread)
    options: list[int] = field(default_factory=list)  # of an ambiguous match: the opportunities it may be about
    by_company: bool = False  # placed by its sender's company alone (see `by_company_only`)

    @property
    def found(self) -> bool:
        return self.method != "" and not self.ambiguous


def _norm_id(value: str) -> str:
    return value.strip().strip("<>").strip().lower()


def domain_of(address: str) -> str:
    """An address's domain as domains are compared: lower case, in its ASCII (IDNA) form."""
    return ascii_domain(address.rsplit("@", 1)[-1]) if "@" in address else ""


def _addresses(person: Person) -> set[str]:
    return {address_key(e) for e in person.emails}


def takes_part_in(person: Person, opportunities: Iterable[Opportunity], interviews: Iterable[Interview]) -> list[Opportunity]:
    """The opportunities a person takes part in, closed ones too: those with an interview on
    whose panel they are, and those at their company. The one rule `sync` (a reply from them
    outside a thread) and `replies add` (a reply told of) find their process by."""
    on_panel = {i.opportunity_id for i in interviews if any(p.person_id == person.id for p in i.participants)}
    return [o for o in opportunities
            if o.id in on_panel or (person.company_id is not None and o.company_id == person.company_id)]


def their_process(theirs: list[Opportunity]) -> list[Opportunity]:
    """Of the opportunities a person takes part in (`takes_part_in`), those their reply may be
    about: the open ones, else (none open) all of them. One is the process; several are for
    the user to choose among."""
    return [o for o in theirs if not o.status.is_closed] or theirs


def _within(domain: str, domains: frozenset[str]) -> bool:
    """Whether `domain` is one of `domains` or below one (us.greenhouse-mail.io)."""
    parts = domain.split(".")
    return any(".".join(parts[i:]) in domains for i in range(len(parts) - 1))


def is_shared_domain(domain: str) -> bool:
    return _within(domain, SHARED_DOMAINS)


def is_ats_domain(domain: str) -> bool:
    """An applicant-tracking system's domain or a job board's (see `is_tracking_system`)."""
    return _within(domain, ATS_DOMAINS)


def is_tracking_system(domain: str) -> bool:
    """An applicant-tracking system's domain (greenhouse.io, myworkday.com ...), not a job board's."""
    return _within(domain, TRACKING_SYSTEMS)


def match(incoming: Incoming, facts: Facts, cores: dict[int, str] | None = None) -> Match:
    """The best match of an incoming message against what was recorded (`cores`: the companies'
    names without their legal form, by id, when the caller has them worked out already)."""
    sent = [m for m in facts.messages if m.message_id]
    by_id = {_norm_id(m.message_id): m for m in sent}
    for ref in [incoming.bounced_message_id, *incoming.in_reply_to, *reversed(incoming.references)]:
        found = by_id.get(_norm_id(ref)) if ref else None
        if found is not None:
            if ref == incoming.bounced_message_id:
                return _from_message(found, "bounce-id")
            return in_thread(found, incoming, facts)
    # A bounce that returns a message (its Message-ID) not one of ours is about a mail the user
    # wrote by hand: nothing of ours bounced, whoever it went to. The failed recipient is read
    # only when the bounce names no returned message at all.
    if incoming.bounced_message_id:
        return Match()
    for address in incoming.failed_recipients:
        hit = _latest_to(facts, address)
        if hit is not None:
            return _from_message(hit, "bounce-recipient")
    if incoming.failed_recipients:
        return Match()
    return by_company_only(names_another(by_sender(incoming, facts), incoming, facts, cores), facts)


def by_company_only(found: Match, facts: Facts) -> Match:
    """A match outside any thread placed by its sender's company alone, marked so (`by_company`):
    a known person nothing of ours went to, placed in a process of their company
    (`_person_match`), or an address no one has at a company's domain (`_company_match`, one
    process or several). Whether it counts for that process (they may be a friend at Acme, or
    its newsletter) is decided where its reading and your other records are known (sync files it
    by `services.delivery.counts_for_process`, as `replies add` files a reply told of)."""
    if found.note or found.message is not None:
        return found
    if found.method == "sender" and found.found and found.opportunity_id is not None:
        if any(m.person_id == found.person_id and m.state in _OUT_STATES for m in facts.messages):
            return found  # someone we wrote to: ours to answer, as ever
        found.by_company = True
    elif found.method == "domain" and found.person_id is None and (
            (found.found and found.opportunity_id is not None) or (found.ambiguous and found.options)):
        found.by_company = True
    return found


def names_another(found: Match, incoming: Incoming, facts: Facts, cores: dict[int, str] | None = None) -> Match:
    """A message placed by its sender alone (no thread) whose words name another company's
    process and not its own ("... your application for the ML Engineer role at Contoso", from
    someone at Northwind) is not placed: it is ambiguous between them, for you to place. A
    sender's address proves nothing (mail is not authenticated), and a reply read as a decision
    must not stop, close or plan anything for a process it does not name. Unchanged when it
    names its own company too, or no other recorded one."""
    if not found.found or found.opportunity_id is None:
        return found
    opportunity = facts.opportunities.get(found.opportunity_id)
    if opportunity is None:
        return found
    if opportunity.company_id not in facts.companies:
        return found
    # every company's name looked for at once, the text read once ("Acme Health" named is not Acme)
    if cores is None:
        cores = {cid: company_core(c.name) for cid, c in facts.companies.items()}
    named = companies_named(cores, f"{incoming.subject}\n{incoming.body}")
    if not named or opportunity.company_id in named:
        return found
    others = sorted(o.id for o in facts.opportunities.values() if o.company_id in named)
    if not others:
        return found
    return Match(person_id=found.person_id, method=found.method, ambiguous=True, candidates=1 + len(others),
                 options=[opportunity.id, *others])


_ANSWER_PREFIX = re.compile(r"^\s*(?:re|aw|sv|vs|antw|antwort|réf|ref|rif|r)\s*(?:\[\d+\])?\s*:", re.I)
_ANSWERED_STATES = {MessageState.SENT, MessageState.SENDING, MessageState.FAILED}


def answered_subject(subject: str) -> str:
    """The subject a message answers ("Re: Thank you" answers "thank you", see
    `normalise_subject`); "" when it does not say it answers one (no Re:, AW:, SV: ...)."""
    return normalise_subject(subject) if _ANSWER_PREFIX.match(subject or "") else ""


def sent_subjects(facts: Facts) -> set[str]:
    """The subjects of the messages we sent, normalised: what `by_subject` compares with."""
    return {normalise_subject(m.subject) for m in facts.messages
            if m.state in _ANSWERED_STATES and m.message_id and m.subject.strip()}


def by_subject(incoming: Incoming, facts: Facts) -> Match:
    """Mail from an address no one recorded has (an interviewer's personal address), outside any
    thread, whose subject answers one of our messages ("Re: " and its subject exactly, prefixes,
    case and spacing aside) sent to someone it names: their name as its sender's, or their
    company in its subject or text. It is never placed on that ground (a webmail address is
    anyone's): kept unplaced, with the messages it may answer in its note, for the user to
    place. Nothing (no method) otherwise."""
    subject = answered_subject(incoming.subject)
    sent = [m for m in facts.messages if subject and m.state in _ANSWERED_STATES and m.message_id
            and normalise_subject(m.subject) == subject]
    if not sent:
        return Match()
    text = f"{incoming.subject}\n{incoming.body}"
    sender = fold(incoming.from_name)

    def theirs(message: Message) -> bool:
        person = facts.people.get(message.person_id) if message.person_id is not None else None
        return person is not None and bool(sender) and fold(person.name) == sender

    def company_named(message: Message) -> bool:
        opportunity = facts.opportunities.get(message.opportunity_id) if message.opportunity_id is not None else None
        company = facts.companies.get(opportunity.company_id) if opportunity is not None else None
        return company is not None and names_company(company.name, text)

    hits = [m for m in sent if theirs(m)] or [m for m in sent if company_named(m)]
    if not hits:
        return Match()
    hits.sort(key=lambda m: m.id or 0)
    ids = [str(m.id) for m in hits]
    words = ids[0] if len(ids) == 1 else f"{', '.join(ids[:-1])} or {ids[-1]}"
    people = sorted({facts.people[m.person_id].name for m in hits if m.person_id in facts.people})
    to = f" to {', '.join(people)}" if people else ""
    note = (f"{ANSWERS_BY_SUBJECT}{words}{to}: its subject, from {address_key(incoming.from_address)}, "
            "an address of no one recorded")
    return Match(method="subject", candidates=len(hits), note=note,
                 options=sorted({m.opportunity_id for m in hits if m.opportunity_id is not None}))


ANSWERS_BY_SUBJECT = "unplaced: may answer message "  # how its summary says it (see reading.places)


def in_thread(message: Message, incoming: Incoming, facts: Facts, method: str = "thread") -> Match:
    """An incoming message that answers `message` (its thread names it, or it quotes it).

    Theirs when it comes from the person the message went to (or from an address no person
    has). From another known person, the sender wins: it is placed as mail from them is, by
    their own messages (ambiguous when their address is several people's, or they are in
    several processes it does not tell apart), and says whose thread it came in; their
    process is the thread's when their own records name none and they take part in it (on
    one of its panels, or at its company: `takes_part_in`).
    """
    sender = address_key(incoming.from_address)
    recipient = facts.people.get(message.person_id) if message.person_id is not None else None
    theirs = sender == address_key(message.to_address) or (recipient is not None and sender in _addresses(recipient))
    if not sender or theirs or not any(sender in _addresses(p) for p in facts.people.values()):
        found = _thread_process(message, incoming, facts, method)
        if sender and not theirs:
            # an address no one has: theirs by the thread, but said, with who wrote
            to = recipient.name if recipient is not None else message.to_address
            said = f"in the thread of message {message.id} to {to}, but from {sender}, an address of no one recorded"
            found.note = f"{said}; {found.note}" if found.note else said
        return found
    found = by_sender(incoming, facts)
    sender_person = facts.people.get(found.person_id) if found.person_id is not None else None
    thread_opportunity = facts.opportunities.get(message.opportunity_id) if message.opportunity_id is not None else None
    if (found.opportunity_id is None and sender_person is not None and thread_opportunity is not None
            and not any(m.person_id == sender_person.id and m.state in _OUT_STATES for m in facts.messages)
            and takes_part_in(sender_person, [thread_opportunity], facts.interviews.values())):
        # their own records name no process (of several they take part in, it was ambiguous)
        found.opportunity_id = thread_opportunity.id
        found.ambiguous, found.options, found.candidates = False, [], 1
    to = recipient.name if recipient is not None else message.to_address
    who = sender_person.name if sender_person is not None else sender
    found.note = f"in the thread of message {message.id} to {to}, but from {who}"
    return found


def _thread_process(message: Message, incoming: Incoming, facts: Facts, method: str) -> Match:
    """An answer to `message` from the person it went to: about the thread's process, unless
    that process is closed and the person has an open one. Then its text decides: the one
    process whose role it names (a longer role named wins over one inside it: "Senior Data
    Engineer", not "Data Engineer"), else it is ambiguous among the closed one and the open
    ones (their follow-ups pause until it is placed). Its subject is the old thread's and does
    not count. It answers `message` all the same (proof that it arrived)."""
    found = _from_message(message, method)
    thread = facts.opportunities.get(message.opportunity_id) if message.opportunity_id is not None else None
    person = facts.people.get(message.person_id) if message.person_id is not None else None
    if thread is None or person is None or not thread.status.is_closed:
        return found
    theirs = {m.opportunity_id for m in facts.messages if m.person_id == person.id and m.opportunity_id is not None}
    theirs |= {o.id for o in takes_part_in(person, facts.opportunities.values(), facts.interviews.values())}
    open_ones = {o for o in theirs if o in facts.opportunities and not facts.opportunities[o].status.is_closed}
    if not open_ones:
        return found
    pool = open_ones | {thread.id}
    named = _named(Incoming(from_address=incoming.from_address, body=incoming.body), pool, facts, by_company=False)
    if len(named) == 1:
        chosen = next(iter(named))
        if chosen != thread.id:
            found.opportunity_id = chosen
            found.note = (f"in the thread of message {message.id} about {_opportunity_words(facts, thread.id)}, "
                          f"but naming {_opportunity_words(facts, chosen)}")
        return found
    found.opportunity_id = None
    found.ambiguous = True
    found.options = sorted(pool)
    found.candidates = len(pool)
    found.note = f"in the thread of message {message.id} about {_opportunity_words(facts, thread.id)}"
    return found


def _opportunity_words(facts: Facts, opportunity_id: int) -> str:
    """"opportunity 1 (Data Engineer, rejected)"."""
    o = facts.opportunities[opportunity_id]
    return f"opportunity {o.id} ({o.role}, {o.status.value.replace('_', ' ')})"


def _from_message(message: Message, method: str) -> Match:
    return Match(message=message, person_id=message.person_id, opportunity_id=message.opportunity_id, method=method, candidates=1)


def _latest_to(facts: Facts, address: str) -> Message | None:
    address = address_key(address)
    hits = [m for m in facts.messages if address_key(m.to_address) == address and m.state in _OUT_STATES]
    return max(hits, key=_sort_key) if hits else None


# The messages that went out (or may have: being sent, or failed after the server had them): a
# reply by sender alone, or a bounce by recipient, is about one of those. One approved or
# scheduled has not gone yet (and may be withdrawn): nothing can answer it.
_OUT_STATES = {MessageState.SENT, MessageState.SENDING, MessageState.FAILED}


def _sort_key(message: Message):
    moment = message.sent_at or message.updated_at or message.created_at
    return (moment.timestamp() if moment else 0.0, message.id or 0)


def by_sender(incoming: Incoming, facts: Facts) -> Match:
    """A message placed by its sender's address: the one person who has it (their process, see
    `_person_match`), else the one company of its domain (not a shared one), else nothing."""
    sender = address_key(incoming.from_address)
    people = [p for p in facts.people.values() if sender in _addresses(p)]
    if len(people) == 1:
        return _person_match(people[0], incoming, facts, "sender")
    if len(people) > 1:
        return Match(method="sender", ambiguous=True, candidates=len(people))
    domain = domain_of(sender)
    if not domain or is_shared_domain(domain):
        return Match()
    companies = _companies_with_domain(domain, facts)
    if len(companies) == 1:
        return _company_match(companies[0], facts)
    if len(companies) > 1:
        return Match(method="domain", ambiguous=True, candidates=len(companies))
    return Match()


def _person_match(person: Person, incoming: Incoming, facts: Facts, method: str) -> Match:
    person_id = person.id
    theirs = [m for m in facts.messages if m.person_id == person_id and m.state in _OUT_STATES]
    subject = normalise_subject(incoming.subject)
    same_subject = [m for m in theirs if subject and normalise_subject(m.subject) == subject]
    pool = same_subject or theirs
    if pool:
        # Someone in two processes (a recruiter of an agency) writing without a thread: the
        # process the message names (by its role, else its company), or none: ambiguous, for the
        # user to place, rather than the latest process by guess.
        opportunities = {m.opportunity_id for m in pool if m.opportunity_id is not None}
        if len(opportunities) > 1:
            # of several, every process they take part in is a candidate, not only those written
            # about (a recruiter on the panel of a third process nothing went to yet)
            opportunities |= {o.id for o in their_process(takes_part_in(
                person, facts.opportunities.values(), facts.interviews.values()))}
            named = _named(incoming, opportunities, facts)
            if len(named) != 1:
                return Match(person_id=person_id, method=method, ambiguous=True, candidates=len(opportunities),
                             options=sorted(opportunities))
            pool = [m for m in pool if m.opportunity_id in named]
            if not pool:  # it names a process of theirs nothing went to yet
                return Match(person_id=person_id, opportunity_id=next(iter(named)), method=method, candidates=1)
        message = max(pool, key=_sort_key)
        return Match(message=message, person_id=person_id, opportunity_id=message.opportunity_id, method=method, candidates=len(pool))
    # nothing sent to them: the process they take part in (on one of its panels, or at its
    # company), as `replies add` finds it; of several, the one the message names, else ambiguous
    chosen = {o.id for o in their_process(takes_part_in(person, facts.opportunities.values(), facts.interviews.values()))}
    if len(chosen) > 1:
        named = _named(incoming, chosen, facts)
        if len(named) != 1:
            return Match(person_id=person_id, method=method, ambiguous=True, candidates=len(chosen),
                         options=sorted(chosen))
        chosen = named
    return Match(person_id=person_id, opportunity_id=next(iter(chosen)) if chosen else None, method=method,
                 candidates=1)


def _named(incoming: Incoming, opportunities: set[int], facts: Facts, *, by_company: bool = True) -> set[int]:
    """Of these opportunities, those the incoming message names: by their role when that
    tells one apart (a role named inside a longer one named too, "Data Engineer" in "Senior
    Data Engineer", is the longer one's), else by their company."""
    text = fold(f"{incoming.subject}\n{incoming.body}")

    def says(name: str) -> bool:
        return names(name, text)

    roles = {o: fold(facts.opportunities[o].role) for o in opportunities
             if o in facts.opportunities and facts.opportunities[o].role.strip() and says(facts.opportunities[o].role)}
    found = {o for o, role in roles.items() if not any(role != other and names(role, other) for other in roles.values())}
    if len(found) == 1 or not by_company:
        return found
    companies = {o for o in (found or opportunities) if o in facts.opportunities
                 and facts.opportunities[o].company_id in facts.companies
                 and names_company(facts.companies[facts.opportunities[o].company_id].name, text)}
    return companies if len(companies) == 1 else found


def _company_match(company_id: int, facts: Facts) -> Match:
    opportunities = _open_opportunities(company_id, facts)
    if len(opportunities) > 1:
        return Match(method="domain", ambiguous=True, candidates=len(opportunities), options=opportunities)
    return Match(opportunity_id=opportunities[0] if opportunities else None, method="domain", candidates=1)


def _open_opportunities(company_id: int | None, facts: Facts) -> list[int]:
    if company_id is None:
        return []
    return sorted(o.id for o in facts.opportunities.values() if o.company_id == company_id and not o.status.is_closed)


def _companies_with_domain(domain: str, facts: Facts) -> list[int]:
    found: set[int] = set()
    for person in facts.people.values():
        if person.company_id is not None and any(domain_of(e) == domain for e in person.emails):
            found.add(person.company_id)
    for company in facts.companies.values():
        site = company.website.strip().lower()
        if site:
            host = ascii_domain(urlparse(site if "//" in site else "//" + site).hostname or "")
            host = host.removeprefix("www.")
            if host and (domain == host or domain.endswith("." + host)):
                found.add(company.id)
    return sorted(found)
