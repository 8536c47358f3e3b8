"""Use cases for the pipeline: companies, opportunities, people, interviews, debriefs, outcomes.

Each function takes an open transaction `tx` (and `now` where time matters), validates what the
user gave, and raises `afterview.errors` exceptions with one-line messages. The interfaces call
exactly one of these per request.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime, timedelta
from typing import Any, Iterable

from afterview.domain import model as m
from afterview.domain.values import (
    address_key, as_utc, check_country, check_timezone, check_typed_timezone, parse_email, plain_digits,
)
from afterview.domain.values import check_length, multi_line, shown, typed_name, typed_note, typed_notes
from afterview.domain.values import single_line as typed_line
from afterview.errors import Conflict, InvalidInput, NotFound
from afterview.storage.store import LABELS, Tx


# lookups ---------------------------------------------------------------------------------
def a_or_an(word: str) -> str:
    """The article for a word as it is said: "an opportunity", "an interview", "a news item"."""
    return "an" if word[:1].lower() in "aeiou" and word[:1] else "a"


def parse_id(value: str | int, what: str) -> int:
    """An id as typed: '12' or '#12'."""
    text = str(value).strip()
    text = text[1:] if text.startswith("#") else text
    if not plain_digits(text) or int(text) < 1:
        raise InvalidInput(f"not {a_or_an(what)} {what} id: {value!r}")
    return int(text)


def find_company(tx: Tx, ref: str | int) -> m.Company:
    """A company by id or by name (case-insensitive), by the name as an import compares it, or
    by the first words of a unique name; a name it went by before finds it too (`former_names`).

    "Initech Inc." and "INITECH" find Initech, as `csv import` matches them (legal suffixes,
    case, accents and punctuation aside: `importers.names.company_key`). "Northwind" finds
    Northwind Analytics when no company is called just that and no other name starts so; with
    several such names it says which, rather than guess or add another.
    """
    text = str(ref).strip()
    if plain_digits(text):
        return tx.get(m.Company, int(text))
    companies = tx.list(m.Company)
    wanted = text.casefold()
    matches = [c for c in companies if c.name.casefold() == wanted]
    if not matches and wanted:  # a name it went by before (renamed, or a company merged into it)
        matches = [c for c in companies if any(n.casefold() == wanted for n in c.former_names)]
        if len(matches) > 1:
            names = ", ".join(f"{c.name} ({c.id})" for c in matches)
            raise InvalidInput(f"{text!r} was the name of {names}: give the name it has now or the id")
    if not matches and wanted:
        matches = same_company(companies, text)
        if len(matches) > 1:
            names = ", ".join(f"{c.name} ({c.id})" for c in matches)
            raise InvalidInput(f"{text!r} could be {names}: give the full name or the id")
    if not matches and wanted:
        words = wanted.split()
        matches = [c for c in companies if c.name.casefold().split()[:len(words)] == words]
        if len(matches) > 1:
            names = ", ".join(f"{c.name} ({c.id})" for c in matches)
            raise InvalidInput(f"{text!r} could be {names}: give the full name or the id")
    if not matches:
        raise NotFound(f"no company named {text!r}")
    return matches[0]


def find_person(tx: Tx, ref: str | int) -> m.Person:
    """A person by id, email address, or unique name (`people_named`)."""
    text = str(ref).strip()
    if plain_digits(text):
        return tx.get(m.Person, int(text))
    people = tx.list(m.Person)
    if "@" in text:  # as typed, or with its domain as stored ("bücher.example": "xn--bcher-kva.example")
        key = address_key(text)
        found = [p for p in people if key in (address_key(e) for e in p.emails)]
    else:
        found = people_named(people, text)
    if not found:
        raise NotFound(f"no person {text!r}")
    if len(found) > 1:
        ids = ", ".join(str(p.id) for p in found)
        raise Conflict(f"{len(found)} people are called {text!r} (ids {ids}): use an id")
    return found[0]


def people_named(people: list[m.Person], text: str) -> list[m.Person]:
    """Those `text` names, case aside and however their accents are written (NFC): first whoever
    has it as their whole name; else whoever has it as their greet-as name or as their name
    without its titles ("Klaus Müller" for Dr.-Ing. Klaus Müller); else whoever has its words
    in a row in their name ("Dana" for Dana Reyes, "María José" or "García Márquez" for María
    José García Márquez, "Nana" for Ana "Nana" Silva). Then the same with accents left out
    ("Muller" for Müller)."""
    from afterview.domain.names import without_titles

    if not _name_words(text):
        return []
    for plain in (False, True):
        key = _name_words(text, plain)
        named = [(p, _name_words(p.name, plain)) for p in people]
        found = [p for p, words in named if words == key]
        if not found:
            found = [p for p, words in named if key in (_name_words(p.greet_as, plain),
                                                           _name_words(without_titles(p.name), plain))]
        if not found:
            found = [p for p, words in named
                     if any(words[i:i + len(key)] == key for i in range(len(words) - len(key) + 1))]
        if found:
            return found
    return []


def _name_words(name: str, plain: bool = False) -> list[str]:
    """A name's words as names are compared: NFC, casefolded, without the punctuation around
    them (the quotes of a nickname, 'Ana "Nana" Silva' or Ana „Nana“ Silva, its brackets, the
    comma of "Smith, Jr."; O'Brien and Smith-Jones keep theirs, inside the word); `plain`:
    without accents."""
    import unicodedata

    text = unicodedata.normalize("NFC", " ".join((name or "").split())).casefold()
    if plain:
        text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    words = []
    for word in text.split():
        start, end = 0, len(word)
        while start < end and unicodedata.category(word[start]).startswith("P"):
            start += 1
        while end > start and unicodedata.category(word[end - 1]).startswith("P"):
            end -= 1
        if start < end:
            words.append(word[start:end])
    return words


# companies -------------------------------------------------------------------------------
# The longest text a field keeps. A name (of a person, a company), a role, a title or a stage is
# said in subjects, greetings, page titles and headings: anything longer than MAX_LINE is a paste
# gone wrong, not a name. One line of a card (a topic, a concern with its answer, a promise) is a
# sentence or two: MAX_ITEM. Refused with one line saying how long it is and what is kept.
MAX_LINE = 200
MAX_ITEM = 1000
# A note's text or a piece of feedback: a note after an interview is a few hundred words, the longest
# a few thousand; 100,000 characters (some 17,000 words) is a paste gone wrong, which would also
# take the review minutes to read.
MAX_TEXT = 100_000


def require_text(value: str, what: str, most: int = MAX_LINE) -> str:
    text = single_line(value, what, most)
    if not text:
        raise InvalidInput(f"{what} must not be empty")
    return text


def require_name(value: str, what: str, most: int = MAX_LINE) -> str:
    """A name (of a person, a company, yours): as `require_text`, and without the characters that
    show as nothing (a zero-width space, a bidi mark: `domain.values.name_text`), which would make
    "Priya\u200b Raman" another person who looks the same in every list."""
    text = check_length(typed_name(value, what), what, most)
    if not text:
        raise InvalidInput(f"{what} must not be empty")
    return text


def single_line(value: str, what: str, most: int = MAX_LINE) -> str:
    """A one-line value, trimmed ("" allowed), of at most `most` characters: a name or a title
    goes into mail headers, the greeting and the signature, where a line break breaks the mail
    (or adds a header)."""
    text = typed_line(value, what)  # no line break, no control character (one rule with imports)
    check_length(text, what, most)
    return text


def check_items(items: Iterable[str], what: str, most: int = MAX_ITEM) -> None:
    """Each item of a card's list (`what`: "a topic") at most `most` characters long."""
    for item in items:
        check_length(" ".join((item or "").split()), what, most)


def add_company(tx: Tx, name: str, *, website: str = "", sector: str = "", notes: str = "") -> m.Company:
    name = require_name(name, "company name")
    check_company_name(tx, name)
    return tx.add(m.Company(name=name, website=web_link(website), sector=single_line(sector, "sector"),
                            notes=typed_notes(notes, "the notes' text")))


def same_company(companies: Iterable[m.Company], name: str) -> list[m.Company]:
    """The companies `name` names as an import compares names ("Globex Corporation" is Globex):
    the same key by `importers.names.company_key`."""
    from afterview.importers.names import company_key

    key = company_key(name)
    return [c for c in companies if key and company_key(c.name) == key] if key else []


def check_company_name(tx: Tx, name: str, *, other_than: int | None = None) -> None:
    """No two companies with one name (a name finds a company), nor with names an import takes
    for the same company ("Initech Inc." and Initech)."""
    companies = [c for c in tx.list(m.Company) if c.id != other_than]
    if any(c.name.casefold() == name.casefold() for c in companies):
        raise Conflict(f"a company named {name!r} already exists")
    same = same_company(companies, name)
    if same:
        raise Conflict(f"{name!r} is the company {same[0].name} (company {same[0].id}) already: use that one, "
                       f"or rename it (afterview company edit {same[0].id} --name ...)")


def check_emails(tx: Tx, emails: Iterable[str], *, other_than: int | None = None) -> None:
    """No address on two people (an address finds a person, and replies are matched by it)."""
    wanted = {e.casefold(): e for e in emails}
    for person in tx.list(m.Person):
        if person.id != other_than:
            for email in person.emails:
                if email.casefold() in wanted:
                    raise Conflict(f"{person.name} already has the address {wanted[email.casefold()]}")


def company_for(tx: Tx, ref: str) -> tuple[m.Company, bool]:
    """The company `ref` names, created when it is a new name; (company, created)."""
    try:
        return find_company(tx, ref), False
    except NotFound:
        if plain_digits(str(ref).strip()):
            raise
        return add_company(tx, ref), True


def delete_company(tx: Tx, company_id: int) -> m.Company:
    company = tx.get(m.Company, company_id)
    count = tx.count(m.Opportunity, company_id=company_id)
    if count:
        raise Conflict(
            f"company {company_id} ({company.name}) has {count} opportunit{'y' if count == 1 else 'ies'}: delete "
            "those first"
        )
    tx.delete(m.Company, company_id)
    return company


# opportunities ---------------------------------------------------------------------------
def parse_enum(enum: type, value: str, what: str):
    """An enum member from what the user typed ("hiring-manager", "Hiring_Manager")."""
    text = str(value).strip().lower()
    for candidate in (text, text.replace("-", "_"), text.replace("_", "-"), text.replace(" ", "_")):
        try:
            return enum(candidate)
        except ValueError:
            continue
    choices = ", ".join(e.value for e in enum)
    raise InvalidInput(f"unknown {what} {value!r} (one of: {choices})")


def parse_status(value: str) -> m.OpportunityStatus:
    return parse_enum(m.OpportunityStatus, value, "status")


def add_opportunity(
    tx: Tx,
    company: str,
    role: str,
    *,
    now: datetime,
    source: str = "",
    link: str = "",
    status: str = "applied",
    pace: str = "normal",
    notes: str = "",
    another: bool = False,
) -> tuple[m.Opportunity, bool]:
    """Add a role at a company (created if new); returns (opportunity, company_created).

    The same role at the same company while one is open is the application recorded already
    (as the desk's Capture takes it): refused, naming it, unless `another` says it is a
    second opening of that title.
    """
    role = require_text(role, "role")
    state = parse_status(status)
    speed = parse_enum(m.Pace, pace, "pace")
    link = web_link(link)
    owner, created = company_for(tx, company)
    if not created and not another:
        same = open_with_role(tx, owner.id, role)
        if same:
            found = same[0]
            raise Conflict(f"opportunity {found.id} ({found.role} at {owner.name}, {found.status.value}) is open "
                           f"already: use it (afterview opportunity show {found.id}), or add a second one "
                           "with --another")
    opportunity = m.Opportunity(
        company_id=owner.id,
        role=role,
        source=single_line(source, "source"),
        link=link,
        status=state,
        pace=speed,
        notes=typed_notes(notes, "the notes' text"),
        created_at=now,
        history=[m.StatusChange(status=state, at=now, note="added")],
    )
    return tx.add(opportunity), created


def role_key(role: str) -> str:
    """A role as compared: case and spaces aside ("Senior  backend engineer" is the same role)."""
    return " ".join(role.split()).casefold()


def open_with_role(tx: Tx, company_id: int, role: str) -> list[m.Opportunity]:
    """The open opportunities (not closed) at a company with that role, case and spaces aside."""
    wanted = role_key(role)
    return [o for o in tx.list(m.Opportunity, company_id=company_id)
            if not o.status.is_closed and role_key(o.role) == wanted]


def set_status(
    tx: Tx, opportunity_id: int, status: str | m.OpportunityStatus, *, now: datetime, note: str = "",
    person_id: int | None = None,
) -> m.Opportunity:
    """Change an opportunity's status, keeping its history.

    `person_id` says who delivered the news (the hiring manager phoned): kept on the change, and
    the rejection reply goes to them. Given again, alone, for the status the opportunity already
    has, it corrects who told you of that same news rather than recording it twice; with a note,
    it is a change of its own, and the earlier ones stay as they were.
    """
    state = status if isinstance(status, m.OpportunityStatus) else parse_status(status)
    opportunity = tx.get(m.Opportunity, opportunity_id)
    if person_id is not None:
        check_teller(tx, opportunity, state, person_id)
    if opportunity.status == state and not note:
        current = _current_changes(opportunity)
        if person_id is None or (current and all(c.person_id == person_id for c in current)):
            return opportunity
        if current:
            gone = reply_gone(tx, opportunity)
            if gone:  # the reply went to whoever it went to: correcting who told you changes nothing now
                raise Conflict(f"{gone}: who told you is left as it was")
            for change in current:
                change.person_id = person_id
            return tx.update(opportunity)
    opportunity.status = state
    opportunity.history.append(m.StatusChange(status=state, at=now, note=note, person_id=person_id))
    return tx.update(opportunity)


def _current_changes(opportunity: m.Opportunity) -> list[m.StatusChange]:
    """The changes at the end of the history that set the status it has now (one news, and the
    notes added to it)."""
    found = []
    for change in reversed(opportunity.history):
        if change.status != opportunity.status:
            break
        found.append(change)
    return found


# Who delivered the news is kept for what the employer decides (not for your own withdrawal).
TOLD_BY = frozenset({m.OpportunityStatus.REJECTED, m.OpportunityStatus.OFFER})
# The note that answers that news goes to them: its kind, and how a sentence names it.
ANSWERED_BY = {m.OpportunityStatus.REJECTED: (m.MessageKind.REJECTION_REPLY, "the rejection reply"),
               m.OpportunityStatus.OFFER: (m.MessageKind.WITHDRAWAL, "the note declining the offer")}
_GONE = {m.MessageState.SENT: "was sent", m.MessageState.SENDING: "is being sent right now",
         m.MessageState.DONE_ELSEWHERE: "was marked sent outside Afterview"}


def teller(opportunity: m.Opportunity) -> int | None:
    """Who the answer to the news it has goes to, as the planner reads it: for a rejection, the
    first person named on a rejection (planner.engine `rejection`); for an offer, the person on
    the latest change to it (`withdrawal`)."""
    if opportunity.status == m.OpportunityStatus.REJECTED:
        return next((c.person_id for c in opportunity.history
                     if c.status == m.OpportunityStatus.REJECTED and c.person_id is not None), None)
    return next((c.person_id for c in reversed(opportunity.history) if c.status == opportunity.status), None)


def reply_gone(tx: Tx, opportunity: m.Opportunity) -> str:
    """"the rejection reply to Tom Becker was sent (message 4)" when the answer to the news the
    opportunity has now went out (or is going, or you marked it done) since that news; "" when
    it has not, or the status is answered by no note."""
    if opportunity.status not in ANSWERED_BY:
        return ""
    kind, what = ANSWERED_BY[opportunity.status]
    current = _current_changes(opportunity)
    since = current[-1].at if current else None  # the first change of the news it has now

    def name(person_id: int | None) -> str:
        try:
            return tx.get(m.Person, person_id).name if person_id is not None else "them"
        except NotFound:
            return "them"

    for message in tx.list(m.Message, opportunity_id=opportunity.id):
        moment = message.sent_at or message.updated_at or message.created_at
        if (message.kind == kind and message.state in _GONE
                and (since is None or moment is None or moment >= since)):
            return f"{what} to {name(message.person_id)} {_GONE[message.state]} (message {message.id})"
    prefix = f"{kind.value}:o{opportunity.id}:p"
    for decision in tx.list(m.Decision):  # (rare: a correction) marked done without a message
        if (decision.kind == m.DecisionKind.DONE and decision.undone_at is None and decision.action_key.startswith(prefix)
                and (since is None or decision.at >= since)):
            found = decision.action_key[len(prefix):]
            return f"you marked {what} to {name(int(found) if found.isdigit() else None)} done"
    return ""


@dataclass(frozen=True, slots=True)
class TellerCorrection:
    """Who told you of the news an opportunity has, corrected: the answer to it goes to them."""

    status: m.OpportunityStatus  # rejected or offer
    after: str  # their name
    before: str = ""  # who the answer was going to by name ("" for nobody named: the usual contact)
    drafts: tuple[tuple[int, str], ...] = ()  # (id, name): drafts of the answer to someone else, now unplanned

    def sentence(self) -> str:
        """"the rejection reply now goes to Priya Raman, who told you (not Tom Becker)" """
        what = ANSWERED_BY[self.status][1]
        if self.status == m.OpportunityStatus.OFFER:
            what += " (once you accept another)"
        text = f"{what} now goes to {self.after}, who told you"
        return text + (f" (not {self.before})" if self.before and self.before != self.after else "")


def check_teller(tx: Tx, opportunity: m.Opportunity, state: m.OpportunityStatus, person_id: int) -> m.Person:
    """The person who delivered the news must be one of the opportunity's: on one of its interview
    panels, or at its company. An unknown id is bad input here (the opportunity is what is looked
    for), so the desk shows its form again rather than a missing page."""
    if state not in TOLD_BY:
        raise InvalidInput(f"who told you is kept for a rejection or an offer, not for {state.value}")
    return of_the_process(tx, opportunity, person_id)


def of_the_process(tx: Tx, opportunity: m.Opportunity, person_id: int) -> m.Person:
    """The person, who must be on one of the opportunity's panels or at its company (who told
    you of a decision, who gave you feedback); InvalidInput, in one line, for anyone else."""
    try:
        person = tx.get(m.Person, person_id)
    except NotFound as err:
        raise InvalidInput(str(err)) from None
    if person.company_id is not None and person.company_id == opportunity.company_id:
        return person
    for interview in tx.list(m.Interview, opportunity_id=opportunity.id):
        if any(p.person_id == person.id for p in interview.participants):
            return person
    company = tx.get(m.Company, opportunity.company_id)
    raise InvalidInput(f"{person.name} is neither at {company.name} nor on a panel of opportunity "
                       f"{opportunity.id}: name someone of this process")


# The way a process goes: applied, interviewing, an offer, accepted. Rejected, withdrawn and
# no response end it from any step; OpportunityStatus.is_closed says which statuses end it.
STATUS_LINE = (m.OpportunityStatus.APPLIED, m.OpportunityStatus.INTERVIEWING,
               m.OpportunityStatus.OFFER, m.OpportunityStatus.ACCEPTED)
_FOLLOWED_UP = m.IN_PROCESS_STATUSES  # the planner's OPEN
_CLOSED_AS = {m.OpportunityStatus.NO_RESPONSE: "closed with no response"}


@dataclass(frozen=True, slots=True)
class SentNote:
    """A note that went out because of a decision now taken back or changed (a withdrawal, or a
    decline of an offer, after an acceptance): it stands, and the user says so themselves."""

    message_id: int
    opportunity_id: int
    person: str  # their name
    what: str  # "declining Acme Corp's offer", "withdrawing from Platform Engineer at Globex"
    at: datetime
    because_of: str = ""  # "" for a note about this process; else what it followed ("the acceptance you took back")

    def sentence(self, tz: str = "UTC") -> str:
        """"message 1 declining Acme Corp's offer went to Rita Cole on Mon 30 Nov 11:05: ..." """
        from afterview.planner.facts import safe_zone

        day = self.at.astimezone(safe_zone(tz, "UTC"))
        text = f"message {self.message_id} {self.what} went to {self.person} on {day:%a} {day.day} {day:%b} {day:%H:%M}"
        return f"{text}{f' after {self.because_of}' if self.because_of else ''}: it cannot be unsent; tell {self.person} yourself"


_SENT_OUT = (m.MessageState.SENT, m.MessageState.DONE_ELSEWHERE)


def _sent_moment(message: m.Message) -> datetime | None:
    return message.sent_at or message.updated_at or message.created_at


def _note_words(tx: Tx, opportunity: m.Opportunity, at: datetime) -> str:
    """What a withdrawal about `opportunity` sent at `at` said: a decline of its offer when an
    offer stood then, else a withdrawal from the process."""
    try:
        company = tx.get(m.Company, opportunity.company_id).name
    except NotFound:
        company = ""
    stood = [c.status for c in opportunity.history if c.at <= at and c.status != m.OpportunityStatus.WITHDRAWN]
    if stood and stood[-1] == m.OpportunityStatus.OFFER:
        return f"declining {company}'s offer" if company else f"declining the offer for {opportunity.role}"
    return f"withdrawing from {opportunity.role}{f' at {company}' if company else ''}"


def sent_because(tx: Tx, opportunity: m.Opportunity, new: m.OpportunityStatus) -> tuple[SentNote, ...]:
    """The notes already out because of the decision that moving `opportunity` (as it is, before
    the move) to `new` takes back or changes: after an acceptance taken back, the withdrawals and
    declines sent to the other processes since it; for a process you withdrew from that is open
    (or accepted) again, the note that withdrew from it. Sent or marked done, in time order."""
    old = opportunity.status
    current = _current_changes(opportunity)
    if not current or old == new:
        return ()
    since = current[-1].at  # the first change of the run of the status it leaves
    found: list[tuple[datetime, m.Message, m.Opportunity, str]] = []
    if old == m.OpportunityStatus.ACCEPTED:
        role = "the acceptance you took back"
        for message in tx.list(m.Message, kind=m.MessageKind.WITHDRAWAL):
            moment = _sent_moment(message)
            if (message.state in _SENT_OUT and message.opportunity_id not in (None, opportunity.id)
                    and moment is not None and moment >= since):
                try:
                    found.append((moment, message, tx.get(m.Opportunity, message.opportunity_id), role))
                except NotFound:
                    continue
    elif old == m.OpportunityStatus.WITHDRAWN and (not new.is_closed or new == m.OpportunityStatus.ACCEPTED):
        history = opportunity.history
        start = len(history) - len(current)
        after = history[start - 1].at if start > 0 else None  # the note went in the chapter that ended so
        for message in tx.list(m.Message, opportunity_id=opportunity.id, kind=m.MessageKind.WITHDRAWAL):
            moment = _sent_moment(message)
            if message.state in _SENT_OUT and moment is not None and (after is None or moment >= after):
                found.append((moment, message, opportunity, ""))
    names = {p.id: p.name for p in tx.list(m.Person)} if found else {}
    return tuple(SentNote(message.id, about.id, names.get(message.person_id, "them"), _note_words(tx, about, moment), moment,
                          because)
                 for moment, message, about, because in sorted(found, key=lambda f: (f[0], f[1].id or 0)))


_WRITTEN = (m.MessageState.DRAFTED, m.MessageState.FAILED, m.MessageState.APPROVED, m.MessageState.SCHEDULED)


def written_before(opportunity: m.Opportunity, message: m.Message) -> str:
    """A note withdrawing from a process written before an offer came (or an offer it declines
    taken back): its text says the other thing now. The sentence that says so, with the command
    that writes it again; "" for any other message, and for one written after the change."""
    if message.kind is not m.MessageKind.WITHDRAWAL or message.state not in _WRITTEN or message.opportunity_id != opportunity.id:
        return ""
    written = message.updated_at or message.created_at
    if written is None:
        return ""
    stood = [c for c in opportunity.history if c.at <= written and c.status != m.OpportunityStatus.WITHDRAWN]
    offered = bool(stood) and stood[-1].status == m.OpportunityStatus.OFFER
    now = opportunity.status == m.OpportunityStatus.OFFER
    if offered == now or (not now and opportunity.status.is_closed):
        return ""
    said = ("it declines their offer, and no offer stands now" if offered
            else "it says you are withdrawing from the process, and they have made you an offer since")
    return (f"draft {message.id} was written before this change: {said}; draft it again "
            f"(afterview draft {message.action_key} --force)")


def rewrites(tx: Tx, opportunity: m.Opportunity) -> tuple[str, ...]:
    """`written_before` of each note withdrawing from the opportunity still to go."""
    found = (written_before(opportunity, x) for x in tx.list(m.Message, opportunity_id=opportunity.id)
             if x.kind is m.MessageKind.WITHDRAWAL)
    return tuple(line for line in found if line)


@dataclass(frozen=True, slots=True)
class StatusMove:
    """What kind of move a status change is, read from the order of statuses.

    kind: "same" (nothing changes), "on" (the usual way: a step forward, or one way of ending
    for another), "reopen" (a closed process open again), "back" (a step back along the
    line), "skip" (from applied to an offer with no interview). The last three
    are allowed, as users correct mistakes, but said: `note` is the sentence that says so.
    """

    kind: str
    before: m.OpportunityStatus
    after: m.OpportunityStatus
    since: datetime | None  # when the opportunity got the status it leaves
    at: datetime  # when the move is made
    teller: TellerCorrection | None = None  # a "same" move that corrected who told you of the news
    # notes that already went because of the decision this move takes back or changes (see
    # `sent_because`): they stand, and the user tells those people themselves
    sent: tuple[SentNote, ...] = ()
    rewrite: tuple[str, ...] = ()  # drafts of it written before the move, that it makes wrong (`written_before`)

    def note(self, tz: str = "UTC", *, see: str = "afterview today") -> str:
        """One sentence for the move, or "" for a move that needs none."""
        if self.kind not in ("reopen", "back", "skip"):
            return ""
        if self.kind == "skip":
            return (f"this goes from {self.before.value} straight to {self.after.value} with no interview "
                    f"recorded: add its interviews (afterview interview add) to have their thank-yous planned")
        day = self._day(tz) if self.since is not None else ""
        if self.kind == "reopen":
            text = f"this reopens an opportunity that was {_CLOSED_AS.get(self.before, self.before.value)}"
            text += f" on {day}" if day else ""
        else:
            text = f"this moves the opportunity back from {self.before.value}"
            text += f" (since {day})" if day else ""
            text += f" to {self.after.value}"
        if self.after in _FOLLOWED_UP and self.before not in _FOLLOWED_UP:
            text += f"; it is planned as an open process again ({see})"
        return text

    def _day(self, tz: str) -> str:
        from afterview.domain.days import short_day
        from afterview.planner.facts import safe_zone

        zone = safe_zone(tz, "UTC")
        day = self.since.astimezone(zone).date()
        text = short_day(day, weekday=False)
        return text if day.year == self.at.astimezone(zone).year else f"{text} {day.year}"


def status_move(opportunity: m.Opportunity, new: m.OpportunityStatus, *, at: datetime,
                interviewed: bool = True) -> StatusMove:
    """What moving `opportunity` to `new` would be (pure: reads its status and history only).

    `interviewed`: whether it has an interview recorded (a skip is only a skip without one).
    """
    old = opportunity.status
    current = _current_changes(opportunity)
    since = current[-1].at if current else None
    if new == old:
        kind = "same"
    elif old.is_closed and not new.is_closed:
        kind = "reopen"
    elif old in STATUS_LINE and new in STATUS_LINE and STATUS_LINE.index(new) < STATUS_LINE.index(old):
        kind = "back"
    elif new == m.OpportunityStatus.OFFER and old == m.OpportunityStatus.APPLIED and not interviewed:
        kind = "skip"  # (an acceptance plans no thank-yous: nothing to say of it)
    else:
        kind = "on"
    return StatusMove(kind=kind, before=old, after=new, since=since, at=at)


def change_status(
    tx: Tx, opportunity_id: int, status: str | m.OpportunityStatus, *, now: datetime, note: str = "",
    person: str | int | None = None,
) -> tuple[m.Opportunity, StatusMove]:
    """`set_status` as the user asks for it: `person` (an id, email or name, as everywhere) says
    who delivered the news; returns the opportunity and what kind of move it was, for the note
    the interfaces show."""
    state = status if isinstance(status, m.OpportunityStatus) else parse_status(status)
    note = typed_note(note, "the note")  # shown whole on the opportunity's and the person's pages
    opportunity = tx.get(m.Opportunity, opportunity_id)
    person_id = None
    if person is not None:
        try:
            person_id = person if isinstance(person, int) else find_person(tx, person).id
        except NotFound as err:
            raise InvalidInput(str(err)) from None
    interviewed = tx.count(m.Interview, opportunity_id=opportunity.id) > 0
    move = status_move(opportunity, state, at=now, interviewed=interviewed)
    before = teller(opportunity) if move.kind == "same" and state in TOLD_BY else None
    sent = sent_because(tx, opportunity, state)
    if sent:
        move = replace(move, sent=sent)
    record = set_status(tx, opportunity.id, state, now=now, note=note, person_id=person_id)
    if move.kind != "same" and (state == m.OpportunityStatus.OFFER) != (move.before == m.OpportunityStatus.OFFER):
        stale = rewrites(tx, record)
        if stale:
            move = replace(move, rewrite=stale)
    if move.kind == "same" and person_id is not None and not note and state in TOLD_BY:
        after = teller(record)
        if after == person_id and before != person_id:
            move = replace(move, teller=_correction(tx, record, before, after))
    return record, move


def _correction(tx: Tx, opportunity: m.Opportunity, before: int | None, after: int) -> TellerCorrection:
    """Who told you, corrected from `before` to `after`, and the drafts of the answer to someone
    else (the plan no longer has them: a draft greets whoever it was written to)."""
    kind = ANSWERED_BY[opportunity.status][0]
    names = {p.id: p.name for p in tx.list(m.Person)}
    drafts = tuple((x.id, names.get(x.person_id, "")) for x in tx.list(m.Message, opportunity_id=opportunity.id)
                   if x.kind == kind and x.person_id != after
                   and x.state in (m.MessageState.DRAFTED, m.MessageState.FAILED))
    return TellerCorrection(opportunity.status, names.get(after, ""), names.get(before, "") if before else "",
                            drafts)


LOOP_CLOSED, WITHDREW = m.LOOP_CLOSED, m.WITHDREW  # the notes of the status changes that say so
# Actions whose completion ends the process, as the playbook says: the status they set, and the
# note that marks the change as theirs (so that undoing the action takes it back).
ENDINGS = {"closing_the_loop": (m.OpportunityStatus.NO_RESPONSE, LOOP_CLOSED),
           "withdrawal": (m.OpportunityStatus.WITHDRAWN, WITHDREW)}


def _ending(tx: Tx, key: str) -> tuple[m.Opportunity, m.OpportunityStatus, str] | None:
    """The opportunity an ending action's key is about, the status and the note it sets (None
    for any other key)."""
    from afterview.domain.keys import parse_key

    found = parse_key(key or "")
    if found is None or found[0] not in ENDINGS:
        return None
    try:
        return tx.get(m.Opportunity, found[1]["o"]), *ENDINGS[found[0]]
    except NotFound:
        return None


def loop_closed(tx: Tx, key: str, at: datetime) -> None:
    """Closing the loop (or a withdrawal) went out, or was done elsewhere: as the playbook says,
    the opportunity now counts as no response (withdrawn), unless it was decided meanwhile (an
    offer, a rejection...)."""
    found = _ending(tx, key)
    if found is None:
        return
    opportunity, status, note = found
    still_open = (m.OpportunityStatus.APPLIED, m.OpportunityStatus.INTERVIEWING)
    if status == m.OpportunityStatus.WITHDRAWN:
        still_open += (m.OpportunityStatus.OFFER,)  # an offer declined is a withdrawal too
    if opportunity.status in still_open:
        set_status(tx, opportunity.id, status, now=at, note=note)


def loop_reopened(tx: Tx, key: str) -> None:
    """Undo of `loop_closed` (a misclicked Done taken back): the status it set is taken back too."""
    found = _ending(tx, key)
    if found is None:
        return
    opportunity, status, note = found
    history = opportunity.history
    if opportunity.status != status:
        # decided since (a rejection after the loop was closed): the status stands, and the
        # closing it recorded, which did not happen after all, leaves the history
        at = next((i for i in range(len(history) - 1, -1, -1)
                   if history[i].status == status and history[i].note == note), None)
        if at is not None and at < len(history) - 1:
            del history[at]
            tx.update(opportunity)
        return
    if history and history[-1].status == status and history[-1].note == note:
        history.pop()
        opportunity.status = history[-1].status if history else m.OpportunityStatus.INTERVIEWING
        tx.update(opportunity)


def delete_opportunity(tx: Tx, opportunity_id: int) -> m.Opportunity:
    opportunity = tx.get(m.Opportunity, opportunity_id)
    for interview in tx.list(m.Interview, opportunity_id=opportunity_id):
        tx.delete(m.Interview, interview.id)
    tx.delete(m.Opportunity, opportunity_id)
    return opportunity


# What a hold says of how to send a message all the same (as `delivery.hold_back` says it; the
# desk puts its button in its place).
ALL_THE_SAME = "to send it all the same: afterview send {id} --to-drafts"


def take_back(tx: Tx, messages: Iterable[m.Message], now: datetime, cause: str,
              hint: str = ALL_THE_SAME) -> list[tuple[int, str]]:
    """Approved or scheduled messages back to drafts at once, each with why ("not sent: CAUSE; a
    draft again (HINT)"); a message a worker has just claimed is left alone (`outbox.hold`).
    Returns (message id, why) for each taken back."""
    from afterview.delivery import outbox

    held = []
    for message in messages:
        if message.state in (m.MessageState.APPROVED, m.MessageState.SCHEDULED):
            why = f"not sent: {cause}; a draft again ({hint.format(id=message.id)})"
            if outbox.hold(tx, message.id, now, why):
                held.append((message.id, why))
    return held


@dataclass(frozen=True)
class Deleted:
    """A record deleted, and the approved or scheduled messages about it taken back (id, why)."""

    record: Any
    held: list[tuple[int, str]] = field(default_factory=list)
    forgotten: list = field(default_factory=list)  # notes out it forgets (`interviews.Out`), when insisted on


# How an interface names its ways out of a refused opportunity deletion (a desk passes its own).
DELETE_OPPORTUNITY_WORDS = {
    "edit": "afterview opportunity edit {opportunity} (--role, --company ...) or afterview opportunity status "
            "{opportunity} STATUS",
    "insist": "afterview opportunity delete {opportunity} --forget-sent",
}


def remove_opportunity(tx: Tx, opportunity_id: int, *, now: datetime, forget_sent: bool = False,
                       tz: str = "UTC", words: dict[str, str] = DELETE_OPPORTUNITY_WORDS) -> Deleted:
    """Delete an opportunity with its interviews and debriefs; its messages are kept, and those
    approved or scheduled are drafts again at once, not at the next send (a note about a
    process you deleted must not go out on its own).

    Refused (Conflict) while notes about it went out or are on their way, as `delete_interview`
    refuses (`interviews.opportunity_notes_out`: their keys name it or its interviews, so the
    same opportunity added again would plan them, and send them, again), unless `forget_sent`:
    `Deleted.forgotten` then names them (days said in `tz`)."""
    from afterview.services.interviews import opportunity_notes_out, refusal

    opportunity = tx.get(m.Opportunity, opportunity_id)
    company = tx.get(m.Company, opportunity.company_id)
    out = opportunity_notes_out(tx, opportunity, tz)
    if out and not forget_sent:
        said = {name: text.format(opportunity=opportunity.id) for name, text in words.items()}
        raise Conflict(refusal("opportunity", opportunity.id, out, said["edit"], said["insist"]))
    held = take_back(tx, tx.list(m.Message, opportunity_id=opportunity.id), now,
                     f"its opportunity ({opportunity.role} at {company.name}) was deleted")
    taken = {message_id for message_id, _ in held}
    return Deleted(delete_opportunity(tx, opportunity.id), held,
                   [o for o in out if o.message_id is None or o.message_id not in taken])


def remove_news(tx: Tx, news_id: int, *, now: datetime) -> Deleted:
    """Delete a news item; the notes sharing it that are approved or scheduled are drafts again
    at once (another item planned for the same person would otherwise let them go out)."""
    from afterview.domain.keys import parse_key

    item = tx.get(m.NewsItem, news_id)

    def shares_it(message: m.Message) -> bool:
        found = parse_key(message.action_key or "")
        return message.kind == m.MessageKind.SHARE_NEWS and found is not None and found[1].get("n") == news_id

    sharing = [x for x in tx.list(m.Message, state=[m.MessageState.APPROVED, m.MessageState.SCHEDULED])
               if shares_it(x)]
    held = take_back(tx, sharing, now, f"the news item it shares ({item.title}) was deleted")
    tx.delete(m.NewsItem, news_id)
    return Deleted(item, held)


# correcting a name: drafts written before the change ----------------------------------------
UNSENT = (m.MessageState.PLANNED, m.MessageState.DRAFTED, m.MessageState.FAILED,
          m.MessageState.APPROVED, m.MessageState.SCHEDULED)


@dataclass(frozen=True)
class Renamed:
    """A company or a role renamed, and the unsent notes whose text names it as it was."""

    record: Any
    old: str = ""
    written_before: list[tuple[int, str]] = field(default_factory=list)  # (draft id, action key)
    held: list[tuple[int, str]] = field(default_factory=list)  # approved or scheduled: drafts again, with why

    def reread(self, what: str, redraft: str) -> str:
        """"draft 3 was written before this change: check the company name it gives, or draft
        again (afterview draft KEY --force)"; "" when there are none. `redraft` is formatted with
        the drafts' action keys (`{keys}`)."""
        if not self.written_before:
            return ""
        ids = ", ".join(str(i) for i, _ in self.written_before)
        which = f"draft {ids} was" if len(self.written_before) == 1 else f"drafts {ids} were"
        keys = " ".join(k for _, k in self.written_before if k)
        again = f", or draft again ({redraft.format(keys=keys)})" if keys else ""
        gives = "it gives" if len(self.written_before) == 1 else "they give"
        return f"{which} written before this change: check the {what} {gives}{again}"


def _naming(messages: Iterable[m.Message], old: str, new: str = "") -> list[m.Message]:
    """The unsent messages whose subject or text names `old` (as a whole word, any case), not
    counting where it is part of `new` ("Contoso" inside "Contoso GmbH", the name it has now)."""
    pattern = re.compile(rf"(?<!\w){re.escape(old.strip())}(?!\w)", re.IGNORECASE)
    return [x for x in messages if x.state in UNSENT and old.strip()
            and (_names_outside(x.subject or "", pattern, new) or _names_outside(x.body or "", pattern, new))]


def _names_outside(text: str, old: re.Pattern, new: str = "") -> bool:
    """Whether `text` names what `old` finds outside the places it names `new` (as a whole word,
    any case): "Contoso" is not named by "Contoso GmbH" when that is the name now."""
    found = list(old.finditer(text))
    if not found or not new.strip():
        return bool(found)
    now = [(x.start(), x.end()) for x in re.finditer(rf"(?<!\w){re.escape(new.strip())}(?!\w)", text, re.IGNORECASE)]
    return any(not any(start <= x.start() and x.end() <= end for start, end in now) for x in found)


def former_names(names: Iterable[str], now: str) -> list[str]:
    """The names a company went by, oldest first: once each (case aside), never the name it has
    `now` (renamed back, it no longer went by it)."""
    return [name for name in unique(" ".join(n.split()) for n in names if n.strip())
            if name.casefold() != " ".join(now.split()).casefold()]


def _renamed(tx: Tx, record: Any, old: str, new: str, messages: list[m.Message], what: str,
             now: datetime) -> Renamed:
    """The notes that name `old`: drafts to check (named), and approved or scheduled ones taken
    back (their approval was given to a text that is now wrong)."""
    if old.strip().casefold() == new.strip().casefold():
        return Renamed(record, old)
    naming = _naming(messages, old, new)
    held = take_back(tx, naming, now, f"it names {what} {old}, now {new}",
                     "check the name it gives, then approve it again")
    gone = {i for i, _ in held}
    drafts = [(x.id, x.action_key) for x in naming
              if x.id not in gone and x.state not in (m.MessageState.APPROVED, m.MessageState.SCHEDULED)]
    return Renamed(record, old, sorted(drafts), held)


# The free text of a record's fields, checked as it is typed (at most so long, no control character
# or bidi override): one line (a company's sector, where an opportunity came from, where an
# interview is) or several (notes).
FREE_TEXT = {"sector": "sector", "source": "source", "location": "location"}


def free_text(changes: dict[str, Any]) -> dict[str, Any]:
    """`changes` with their free text checked (FREE_TEXT's one-line fields, and "notes")."""
    for key, what in FREE_TEXT.items():
        if changes.get(key) is not None:
            changes[key] = single_line(changes[key], what)
    if changes.get("notes") is not None:
        changes["notes"] = typed_notes(changes["notes"], "the notes' text")
    return changes


def rename_company(tx: Tx, company_id: int, changes: dict[str, Any], *, now: datetime) -> Renamed:
    """Change a company's fields; a new name is checked (`check_company_name`), the old one is
    kept among the names it went by (`former_names`: lint flags a note that still gives one),
    and the unsent notes about the company (its opportunities, its people) that name it as it
    was are said."""
    company = tx.get(m.Company, company_id)
    old = company.name
    if "name" in changes:
        changes["name"] = require_name(changes["name"], "company name")
        check_company_name(tx, changes["name"], other_than=company.id)
    if "website" in changes:
        changes["website"] = web_link(changes["website"] or "")
    free_text(changes)
    record = edit_record(tx, m.Company, company.id, changes)
    if record.name == old:
        return Renamed(record, old)
    kept = former_names([*record.former_names, old], record.name)  # (a change of case alone adds none)
    if kept != record.former_names:
        record.former_names = kept
        record = tx.update(record)
    return company_renamed(tx, record, old, now=now)


def company_renamed(tx: Tx, company: m.Company, old: str, *, now: datetime) -> Renamed:
    """The unsent notes about `company` that name it `old` (its name before, or that of a company
    merged into it): approved or scheduled ones taken back, drafts said (`_renamed`)."""
    return _renamed(tx, company, old, company.name, notes_about_company(tx, company.id), "the company", now)


def notes_about_company(tx: Tx, company_id: int) -> list[m.Message]:
    """The unsent notes about a company: to its people, or about its opportunities."""
    opportunities = {o.id for o in tx.list(m.Opportunity, company_id=company_id)}
    people = {p.id for p in tx.list(m.Person, company_id=company_id)}
    return [x for x in tx.list(m.Message, state=list(UNSENT))
            if x.opportunity_id in opportunities or x.person_id in people]


def edit_opportunity(tx: Tx, opportunity_id: int, changes: dict[str, Any], *, now: datetime) -> Renamed:
    """Change an opportunity's fields (not its status: `set_status`); a new role says the unsent
    notes about it that name the role as it was."""
    opportunity = tx.get(m.Opportunity, opportunity_id)
    old = opportunity.role
    if "pace" in changes:
        changes["pace"] = parse_enum(m.Pace, changes["pace"], "pace")
    if "role" in changes:
        changes["role"] = require_text(changes["role"], "role")
    if "link" in changes:
        changes["link"] = web_link(changes["link"] or "")
    free_text(changes)
    record = edit_record(tx, m.Opportunity, opportunity.id, changes)
    if record.role == old:
        return Renamed(record, old)
    return _renamed(tx, record, old, record.role, tx.list(m.Message, opportunity_id=record.id), "the role", now)


# people ----------------------------------------------------------------------------------
def clean_person_fields(tx: Tx, values: dict[str, Any]) -> dict[str, Any]:
    """Validate the fields of a person the user gave (only those present)."""
    out: dict[str, Any] = {}
    for name, value in values.items():
        if name == "name":
            out[name] = require_name(value, "name")
        elif name == "emails":
            out[name] = unique(parse_email(e) for e in value if e.strip())
        elif name == "timezone":
            out[name] = check_typed_timezone(value) if value.strip() else ""
        elif name == "country":
            out[name] = check_country(value)
        elif name == "company":
            out["company_id"] = company_for(tx, value)[0].id if value.strip() else None
        elif name == "connection":
            out[name] = parse_enum(m.ConnectionState, value, "connection state")
        elif name == "linkedin_url":
            out[name] = _linkedin_url(value)
        elif name == "tags":
            out[name] = unique(single_line(t, "a tag") for t in value if t.strip())
        elif name == "title":
            out[name] = single_line(value, "title")
        elif name == "greet_as":  # "" clears it: their first name again
            out[name] = " ".join(check_length(typed_name(value, "the greet-as name"), "the greet-as name",
                                              MAX_LINE).split())
        else:
            out[name] = value
    return out


def web_link(value: str) -> str:
    """A typed link (a job ad, a news item) checked as the CSV import checks one (`web_address`):
    an http:// or https:// address ("www.acme.com/jobs/42" gets https://); anything else
    (javascript:, data:, "see email" ...) is refused in the import's words. "" stays "". """
    from afterview.importers.checks import web_address

    text = (value or "").strip()
    if not text:
        return ""
    try:
        link = web_address(text)
    except ValueError as err:  # (said of a file's cell: a link typed is kept, or not)
        raise InvalidInput(str(err).replace("links are imported", "links are kept")) from None
    if not link:  # not an address at all ("see email"): the import keeps such a cell in the notes
        shown = text if len(text) <= 80 else text[:80] + "..."
        raise InvalidInput(f"the link {shown!r} is not a web address (only http:// and https:// links are kept)")
    return link


def _linkedin_url(value: str) -> str:
    """A LinkedIn profile's address: a web link as every link field takes it (`web_link`), on
    LinkedIn."""
    text = (value or "").strip()
    if not text:
        return ""
    from urllib.parse import urlsplit

    link = web_link(text)
    if "linkedin" not in (urlsplit(link).hostname or "").split("."):  # on LinkedIn, not a link that names it
        shown = text if len(text) <= 80 else text[:80] + "..."
        raise InvalidInput(f"not a LinkedIn profile URL: {shown!r}")
    return link


def unique(items: Iterable[str]) -> list[str]:
    """The items once each, case aside, in their first order and spelling."""
    seen: dict[str, str] = {}
    for item in items:
        seen.setdefault(item.casefold(), item)
    return list(seen.values())


def add_person(tx: Tx, name: str, **values: Any) -> m.Person:
    """Add a person; one given a time zone and no country gets the zone's (`country_of_zone`:
    `from_zone` says it), and one given a country of one time zone and no zone gets that zone
    (`zone_of_country`: `from_country` says it; of several, `zone_unknown` says so)."""
    cleaned = clean_person_fields(tx, {"name": name, **values})
    check_emails(tx, cleaned.get("emails", []))
    if cleaned.get("timezone") and "country" not in cleaned:
        cleaned["country"] = country_of_zone(cleaned["timezone"])
    elif cleaned.get("country") and not cleaned.get("timezone"):  # a country of one time zone gives it
        cleaned["timezone"] = zone_of_country(cleaned["country"])
    return tx.add(m.Person(**cleaned))


def country_of_zone(zone: str) -> str:
    """The country a person's time zone names, for their public holidays, as a calendar import
    gives it to the people it brings in: the one the zone database names the zone for
    ("Asia/Kolkata": IN), when it names exactly one the holidays are known for; else "" (UTC,
    a zone several countries share). A zone of one region with public holidays of its own gives
    that region (`ZONE_REGIONS`: "Europe/London" GB-ENG, "Australia/Sydney" AU-NSW), as the
    holidays package knows it."""
    from afterview.importers.zones import zone_country

    region = ZONE_REGIONS.get((zone or "").strip())
    if region:
        try:
            return check_country(region)
        except InvalidInput:  # a holidays package without that region: the country's days
            pass
    code = zone_country(zone) or (region or "").partition("-")[0]
    try:
        return check_country(code) if code else ""
    except InvalidInput:  # a country with no public holidays table: the user's days then
        return ""


# The zones whose places are all, or nearly all, in one region with public holidays of its own,
# as typed (an old name too: "Europe/Belfast", "America/Montreal", "Australia/Canberra"). Not a
# zone of a whole country whose capital is a region too (Europe/Berlin: all of Germany), nor the
# US zones of many states (America/New_York): those give the country. Europe/London gives
# England, whose bank holidays Wales keeps too (Scotland: --country GB-SCT).
ZONE_REGIONS = {
    "Europe/London": "GB-ENG", "Europe/Belfast": "GB-NIR",
    "Australia/Sydney": "AU-NSW", "Australia/NSW": "AU-NSW", "Australia/Lord_Howe": "AU-NSW",
    "Australia/LHI": "AU-NSW", "Australia/Broken_Hill": "AU-NSW", "Australia/Yancowinna": "AU-NSW",
    "Australia/Canberra": "AU-ACT", "Australia/ACT": "AU-ACT",
    "Australia/Melbourne": "AU-VIC", "Australia/Victoria": "AU-VIC",
    "Australia/Brisbane": "AU-QLD", "Australia/Queensland": "AU-QLD", "Australia/Lindeman": "AU-QLD",
    "Australia/Perth": "AU-WA", "Australia/West": "AU-WA", "Australia/Eucla": "AU-WA",
    "Australia/Adelaide": "AU-SA", "Australia/South": "AU-SA",
    "Australia/Hobart": "AU-TAS", "Australia/Tasmania": "AU-TAS", "Australia/Currie": "AU-TAS",
    "Australia/Darwin": "AU-NT", "Australia/North": "AU-NT",
    "America/Toronto": "CA-ON", "America/Thunder_Bay": "CA-ON", "America/Nipigon": "CA-ON",
    "America/Atikokan": "CA-ON", "America/Rainy_River": "CA-ON",
    "America/Montreal": "CA-QC", "America/Blanc-Sablon": "CA-QC",
    "America/Vancouver": "CA-BC", "America/Creston": "CA-BC", "America/Dawson_Creek": "CA-BC",
    "America/Fort_Nelson": "CA-BC",
    "America/Edmonton": "CA-AB", "America/Winnipeg": "CA-MB",
    "America/Regina": "CA-SK", "America/Swift_Current": "CA-SK", "Canada/Saskatchewan": "CA-SK",
    "America/Halifax": "CA-NS", "America/Glace_Bay": "CA-NS", "America/Moncton": "CA-NB",
    "America/St_Johns": "CA-NL", "America/Goose_Bay": "CA-NL", "Canada/Newfoundland": "CA-NL",
    "America/Whitehorse": "CA-YT", "America/Dawson": "CA-YT", "Canada/Yukon": "CA-YT",
    "America/Yellowknife": "CA-NT", "America/Inuvik": "CA-NT",
    "America/Iqaluit": "CA-NU", "America/Rankin_Inlet": "CA-NU", "America/Resolute": "CA-NU",
    "America/Cambridge_Bay": "CA-NU",
    "Atlantic/Canary": "ES-CN", "Africa/Ceuta": "ES-CE",
    "Atlantic/Madeira": "PT-30", "Atlantic/Azores": "PT-20",
    "Pacific/Chatham": "NZ-CIT", "NZ-CHAT": "NZ-CIT",
    "Europe/Busingen": "DE-BW",
    "Pacific/Honolulu": "US-HI", "US/Hawaii": "US-HI",
    "America/Anchorage": "US-AK", "America/Juneau": "US-AK", "America/Sitka": "US-AK",
    "America/Metlakatla": "US-AK", "America/Yakutat": "US-AK", "America/Nome": "US-AK",
    "America/Adak": "US-AK", "US/Alaska": "US-AK", "US/Aleutian": "US-AK",
    "America/Phoenix": "US-AZ", "US/Arizona": "US-AZ",
    "America/Manaus": "BR-AM", "America/Eirunepe": "BR-AM", "America/Porto_Velho": "BR-RO",
    "America/Boa_Vista": "BR-RR", "America/Rio_Branco": "BR-AC", "America/Bahia": "BR-BA",
    "America/Recife": "BR-PE", "America/Noronha": "BR-PE", "America/Campo_Grande": "BR-MS",
    "America/Cuiaba": "BR-MT", "America/Araguaina": "BR-TO", "America/Santarem": "BR-PA",
}


# Countries with one official time whose zone database lists a second clock kept by part of
# the country unofficially or under another's control: the official one is theirs. China keeps
# Beijing time everywhere (Asia/Urumqi is the local "Xinjiang time" some keep, two hours behind);
# Ukraine keeps Kyiv's (Europe/Simferopol is Crimea, on Moscow time since 2014).
OFFICIAL_ZONES = {"CN": "Asia/Shanghai", "UA": "Europe/Kyiv"}


def zone_of_country(code: str, year: int | None = None) -> str:
    """The time zone of a country (or region) whose clocks are all one, for a person given a
    country and no zone: the zone the zone database names first for it ("JP": Asia/Tokyo; "DE",
    whose Büsingen keeps Berlin's clocks: Europe/Berlin; "GB-SCT": Europe/London); for a region
    of a country of several zones, the region's own (`ZONE_REGIONS`: "AU-NSW" Australia/Sydney);
    the official one of a country of one official time (`OFFICIAL_ZONES`: "CN" Asia/Shanghai);
    else "" (US, AU, CA, BR, RU: several, see `zone_choices`)."""
    text = (code or "").strip().upper()
    country = text.partition("-")[0]
    zones = _country_zones(country)
    if not zones:
        return ""
    if OFFICIAL_ZONES.get(country) in zones:  # (an older zone database may name it otherwise)
        return OFFICIAL_ZONES[country]
    if len(zone_choices(country, year or date.today().year)) == 1:  # one clock (Büsingen keeps Berlin's)
        return zones[0]
    if "-" in text:
        own = [zone for zone, region in ZONE_REGIONS.items() if region == text and zone in zones]
        return own[0] if own else ""
    return ""


def zone_choices(code: str, year: int | None = None) -> list[str]:
    """The clocks of a country, one zone each, in the zone database's order ("US":
    America/New_York, America/Chicago, America/Denver, ...): not three zones of one clock. Two
    zones keep one clock when they tell the same time all year (noon UTC, on the 1st and 15th of
    each month)."""
    from datetime import timezone
    from zoneinfo import ZoneInfo

    year = year or datetime.now(timezone.utc).year
    moments = [datetime(year, month, day, 12, tzinfo=timezone.utc) for month in range(1, 13) for day in (1, 15)]
    chosen: dict[tuple, str] = {}
    for zone in _country_zones((code or "").strip().upper().partition("-")[0]):
        chosen.setdefault(tuple(moment.astimezone(ZoneInfo(zone)).utcoffset() for moment in moments), zone)
    return list(chosen.values())


def _country_zones(country: str) -> list[str]:
    from afterview.importers.zones import zone_table

    return [zone for zone, theirs in zone_table().items() if theirs == country]


def from_zone(person: m.Person) -> str:
    """What a command says of a country taken from the time zone: "country IN, from the time
    zone Asia/Kolkata"; a region by its name too: "country GB-ENG (England), from the time zone
    Europe/London"."""
    named = _region_name(person.country)
    return f"country {person.country}{f' ({named})' if named else ''}, from the time zone {person.timezone}"


def from_country(person: m.Person) -> str:
    """What a command says of a time zone taken from the country: "time zone Asia/Tokyo, from
    the country JP"."""
    return f"time zone {person.timezone}, from the country {person.country}"


def zone_unknown(person: m.Person) -> str:
    """What to tell of a person given a country of several time zones and no zone, "" else: their
    times are worked out in the user's zone until theirs is given ("US has several time zones
    (America/New_York, America/Chicago, ...): give theirs with --tz; until then your time zone
    stands for theirs")."""
    if person.timezone or not person.country or zone_of_country(person.country):
        return ""
    zones = zone_choices(person.country)
    if not zones:
        return ""
    listed = ", ".join(zones[:3]) + (", ..." if len(zones) > 3 else "")
    return (f"{person.country} has several time zones ({listed}): give theirs with --tz; "
            "until then your time zone stands for theirs")


def _region_name(code: str) -> str:
    """"GB-ENG": "England", as the holidays package names the region ("" for a country)."""
    from afterview.domain.values import region_names

    country, dash, region = (code or "").partition("-")
    return region_names(country).get(region, "") if dash else ""


def namesakes(tx: Tx, person: m.Person) -> list[m.Person]:
    """Others with the same name (case and spaces aside) at the same company (or both at none):
    most likely the same person, recorded twice. Then, at the same company, those whose name
    is one typo away ("Hnak Lee" for Hank Lee: `one_typo_apart`)."""
    others = [p for p in tx.list(m.Person, company_id=person.company_id) if p.id != person.id]
    same = [p for p in others if same_name(p.name, person.name)]
    if person.company_id is None:
        return same
    return same + [p for p in others if p not in same and one_typo_apart(p.name, person.name)]


def same_name(one: str, other: str) -> bool:
    """One name, case and spacing aside ("tom  becker", "Tom Becker")."""
    return one.casefold().split() == other.casefold().split()


def one_typo_apart(one: str, other: str) -> bool:
    """Two names alike but for one typo in one of their words: a letter left out, added,
    changed, or two swapped ("Hnak Lee", "Hank Lee"; "Jon Smith", "John Smith"). Short words
    must match but for a letter added: "Li Wei" and "Li Wen" are two people."""
    a, b = one.casefold().split(), other.casefold().split()
    if len(a) != len(b):
        return False
    differing = [(x, y) for x, y in zip(a, b) if x != y]
    if len(differing) != 1:
        return False
    x, y = differing[0]
    if min(len(x), len(y)) < 3 or abs(len(x) - len(y)) > 1:
        return False
    if len(x) == len(y):
        if len(x) < 4:
            return False
        changed = [i for i in range(len(x)) if x[i] != y[i]]
        return len(changed) == 1 or (len(changed) == 2 and changed[1] == changed[0] + 1
                                     and x[changed[0]] == y[changed[1]] and x[changed[1]] == y[changed[0]])
    short, long = (x, y) if len(x) < len(y) else (y, x)
    return any(long[:i] + long[i + 1:] == short for i in range(len(long)))


@dataclass(frozen=True)
class Readdressed:
    """An unsent email to a person whose addresses changed, at an address no longer theirs."""

    message_id: int
    old: str
    new: str  # their address now; "" when they have none
    held: str = ""  # it was approved or scheduled: why it is a draft again
    busy: bool = False  # being sent right now (claimed by the outbox): too late to change
    copied: bool = False  # a copy left another way (Drafts folder, .eml file, link) with the old address
    failed: bool = False  # (no longer set: a failed send keeps the address it went to, see follow_addresses)


def follow_addresses(tx: Tx, person: m.Person, *, now: datetime) -> list[Readdressed]:
    """Every unsent email to `person` whose address is no longer one of theirs follows the change:
    a draft is readdressed; an approved or scheduled one is readdressed and a draft again, to
    approve again; none goes to the old address. With no address left, the draft has none
    either, and approving it asks for one.

    A failed send (a bounce, a refusal) keeps the address it went to, as a sent one does: it is
    the record of what happened there (`show`, the bounce warning, which a new address ends).
    Approved again, or copied out, it goes to the address they have then (`delivery.approve`).
    """
    from afterview.delivery import outbox
    from afterview.services.delivery import copied_out

    theirs = {e.casefold() for e in person.emails}
    new = person.email
    found = []
    for message in tx.list(m.Message, person_id=person.id):
        old = message.to_address
        if message.channel != m.Channel.EMAIL or message.state.is_final or old.casefold() in theirs:
            continue
        if message.state == m.MessageState.FAILED and old:  # the record of a send: kept as it went
            continue
        if not old:  # drafted before they had an address: it gets the one they have now
            if new and message.state in (m.MessageState.PLANNED, m.MessageState.DRAFTED, m.MessageState.FAILED):
                message.to_address, message.updated_at = new, now
                tx.update(message)
                found.append(Readdressed(message.id, "", new))
            continue
        if message.state == m.MessageState.SENDING:
            found.append(Readdressed(message.id, old, new, busy=True))
            continue
        why = ""
        if message.state in (m.MessageState.APPROVED, m.MessageState.SCHEDULED):
            now_to = (f"{person.name}'s address is now {new}" if new
                      else f"{person.name} has no address now")
            why = (f"not sent to {old}: {now_to}; a draft again "
                   f"({'read it, then approve it again' if new else 'add their address, then approve it again'})")
            if not outbox.hold(tx, message.id, now, why):  # just claimed by a worker
                found.append(Readdressed(message.id, old, new, busy=True))
                continue
            message = tx.get(m.Message, message.id)
        message.to_address = new
        message.updated_at = now
        tx.update(message)
        found.append(Readdressed(message.id, old, new, held=why, copied=copied_out(message)))
    return found


@dataclass(frozen=True)
class PersonEdited:
    person: m.Person
    readdressed: list[Readdressed] = field(default_factory=list)
    # (message id, why) approved ones held: a new name, or a new greeting (greet-as name)
    renamed: list[tuple[int, str]] = field(default_factory=list)
    # drafts to them that name them by the old name (message id, action key): to read again
    old_greeting: list[tuple[int, str]] = field(default_factory=list)
    was: str = ""  # their name before the change (with the same name, the name notes greeted them by)
    now: str = ""  # what is said in its place: their name now, or the name notes greet them by now
    place: str = ""  # "country IN, from the time zone Asia/Kolkata" when the country came from the zone
    # (or "time zone Asia/Tokyo, from the country JP" when the zone came from the country)
    # notes that failed at an address no longer theirs, or were sent there lately (`went_to_old`)
    old_sends: list[OldSend] = field(default_factory=list)


SENT_LATELY = timedelta(weeks=4)  # a note sent to an old address before this is history, not news


@dataclass(frozen=True)
class OldSend:
    """A note that went, or was tried, to an address that is no longer the person's: one that
    failed there (refused, bounced) keeps that address, the record of its send (`follow_addresses`),
    and approved again goes to the address they have now; one sent there is not sent again."""

    message_id: int
    address: str
    sent: bool  # sent (within SENT_LATELY); else failed
    at: datetime | None  # when it was sent, or last tried
    error: str = ""  # why it failed ("550 5.1.1 No such user here", "bounced: ...")
    unknown: bool = False  # failed with its outcome unknown: it may have arrived


def went_to_old(tx: Tx, person: m.Person, dropped: set[str], *, now: datetime) -> list[OldSend]:
    """Their emails that failed at an address just taken from them (`dropped`, case folded), and
    those sent to one within SENT_LATELY, by id: what a new address does not change, to say after it."""
    from afterview.delivery.outbox import outcome_unknown

    found = []
    for message in tx.list(m.Message, person_id=person.id, state=[m.MessageState.FAILED, m.MessageState.SENT]):
        address = message.to_address
        if message.channel != m.Channel.EMAIL or not address or address.casefold() not in dropped:
            continue
        if message.state == m.MessageState.SENT:
            if message.sent_at is not None and message.sent_at >= now - SENT_LATELY:
                found.append(OldSend(message.id, address, True, message.sent_at))
            continue
        found.append(OldSend(message.id, address, False, message.updated_at, message.last_error,
                             outcome_unknown(message)))
    return sorted(found, key=lambda sent: sent.message_id)


def edit_person(tx: Tx, person_id: int, changes: dict[str, Any], *, now: datetime) -> PersonEdited:
    """Apply already-cleaned changes to a person (`clean_person_fields`): their addresses must be
    nobody else's, a connection keeps when it was made, and new addresses reach the unsent
    emails to them (`follow_addresses`)."""
    record = tx.get(m.Person, person_id)
    if "emails" in changes:
        check_emails(tx, changes["emails"], other_than=record.id)
    # a zone given to someone with no country gives theirs, unless a country is given (the desk's
    # form sends every field: one as it was is none given)
    country_given = changes.get("country", record.country) != record.country
    zone_gave = False
    if changes.get("timezone") and not record.country and not country_given:
        changes["country"] = country_of_zone(changes["timezone"])
        zone_gave = bool(changes["country"])
    country_gave = False  # a country of one time zone given to someone with no zone gives it
    if country_given and changes.get("country") and not changes.get("timezone", record.timezone):
        changes["timezone"] = zone_of_country(changes["country"])
        country_gave = bool(changes["timezone"])
    if changes.get("connection") == m.ConnectionState.CONNECTED and not record.connected_at:
        changes["connected_at"] = now
    if changes.get("connection") == m.ConnectionState.REQUESTED and not record.connection_requested_at:
        changes["connection_requested_at"] = now
    old = replace(record)  # as it was: its name
    person = edit_record(tx, m.Person, record.id, changes)
    if changes.get("do_not_contact") is False:
        read_wrongly(tx, person)
    renamed, old_greeting = [], []
    change = renaming(old, person)
    if change.was != change.said:
        # An approved note greets them by the name it was written with: read again before it
        # goes (first, so that a new address said below finds it a draft already). A draft that
        # names the old name is said, to correct or draft again.
        cause = (f"it greets {person.name} as {change.was}, now as {change.said}" if change.greeting_only
                 else f"it was written to {change.was}, now {change.said}")
        theirs = tx.list(m.Message, person_id=person.id)
        renamed = take_back(tx, theirs, now, cause, "read the greeting, then approve it again")
        again = {i for i, _ in renamed}
        old_greeting = [(x.id, x.action_key) for x in tx.list(m.Message, person_id=person.id)
                        if x.id not in again and change.names_old(x)]
    moved = follow_addresses(tx, person, now=now) if "emails" in changes else []
    dropped = {e.casefold() for e in old.emails} - {e.casefold() for e in person.emails}
    old_sends = went_to_old(tx, person, dropped, now=now) if dropped else []
    return PersonEdited(person, moved, renamed, old_greeting, change.was, change.said,
                        from_zone(person) if zone_gave else from_country(person) if country_gave else "", old_sends)


def read_wrongly(tx: Tx, person: m.Person) -> list[int]:
    """`person edit --may-contact`: their replies read as asking not to be contacted again
    (planner.facts.stop_request) are marked as read wrongly, so that they stop nothing; returns
    their ids."""
    from afterview.planner.facts import NOT_A_STOP, stop_request

    theirs = {x.id for x in tx.list(m.Message, person_id=person.id)}
    marked = []
    for reply in tx.list(m.Inbound):
        if (reply.person_id == person.id or (reply.person_id is None and reply.answers_message_id in theirs)) \
                and stop_request(reply):
            reply.summary = f"{reply.summary}; {NOT_A_STOP}"
            tx.update(reply)
            marked.append(reply.id)
    return marked


@dataclass(frozen=True)
class Renaming:
    """How notes named someone (`was`) and how they name them now (`said`): their name, or, when
    the name stayed, the name a note greets them by (`greeting_only`)."""

    was: str
    said: str
    named: re.Pattern  # the old name in a note
    naming: re.Pattern  # the new one
    greeting_only: bool

    def names_old(self, message: m.Message) -> bool:
        """A draft (or failed note) that names them the old way and not the new: to correct, or
        draft again (`person edit --name`, `person merge`)."""
        text = f"{message.subject}\n{message.body}"
        return (message.state in (m.MessageState.DRAFTED, m.MessageState.FAILED)
                and self.was != self.said and bool(self.named.search(text)) and not self.naming.search(text))


def renaming(old: m.Person, new: m.Person) -> Renaming:
    """The Renaming from `old` (a person as notes were written to them) to `new`."""
    if " ".join(new.name.split()) != " ".join(old.name.split()):
        from afterview.services.interviews import name_pattern

        return Renaming(old.name, new.name, name_pattern(old), name_pattern(new), False)
    # the same name: a greeting of their own set, changed or cleared (greet_as)
    was, said = old.greeting_name() or old.name, new.greeting_name() or new.name
    return Renaming(was, said, _word_pattern(was), _word_pattern(said), True)


def _word_pattern(text: str) -> re.Pattern:
    """`text` as a word of a note (a greeting name: "Khai", "Ms. Nguyen")."""
    return re.compile(r"(?<!\w)" + re.escape(text) + r"(?!\w)")


def edit_record(tx: Tx, cls: type, record_id: int, changes: dict[str, Any]) -> Any:
    """Apply already-validated field changes to a record."""
    record = tx.get(cls, record_id)
    names = {f.name for f in fields(cls)}
    for name, value in changes.items():
        if name not in names or name == "id":
            raise InvalidInput(f"{LABELS[cls]} has no field {name!r}")
        setattr(record, name, value)
    return tx.update(record)


def delete_person(tx: Tx, person_id: int) -> m.Person:
    """Delete a person with nothing of theirs to lose: no debrief, no message but discarded
    drafts (those go with them, as a bin is emptied)."""
    person = tx.get(m.Person, person_id)
    theirs = tx.list(m.Message, person_id=person_id)
    messages = sum(1 for x in theirs if x.state != m.MessageState.CANCELLED)
    debriefs = tx.count(m.Debrief, person_id=person_id)
    if messages or debriefs:
        raise Conflict(
            f"{person.name} has {messages} message(s) and {debriefs} debrief(s): keep them, merge the person "
            f"into the one to keep (afterview person merge {person_id} --into PERSON), or mark the person "
            f"do-not-contact instead; to erase them and all of it at their request: afterview person forget {person_id}"
        )
    from afterview.storage import schema
    import sqlalchemy as sa

    if tx.connection.execute(
        sa.select(sa.func.count()).select_from(schema.participants).where(schema.participants.c.person_id == person_id)
    ).scalar_one():
        raise Conflict(f"{person.name} is on an interview panel: remove them from the interview first")
    for opportunity in tx.list(m.Opportunity):  # (rare: a deletion) wherever they may have told you
        told = [change for change in opportunity.history if change.person_id == person_id]
        for change in told:  # the decision stays in the history; who told you goes with them
            change.person_id = None
        if told:
            tx.update(opportunity)
    for message in theirs:  # discarded drafts only, by now
        tx.delete(m.Message, message.id)
    tx.delete(m.Person, person_id)
    return person


# interviews ------------------------------------------------------------------------------
def check_interview_times(start: datetime, end: datetime) -> None:
    # as moments: two times of one zone compare by their clocks (01:29 CST is "before" 01:59 CDT)
    if as_utc(end) <= as_utc(start):
        raise InvalidInput(f"the interview ends ({end:%Y-%m-%d %H:%M}) before it starts ({start:%Y-%m-%d %H:%M})")
    if (as_utc(end) - as_utc(start)).days >= 1:
        raise InvalidInput("an interview longer than a day: check the end time")


def parse_participants(tx: Tx, specs: Iterable[str]) -> list[m.Participant]:
    """Participants from "PERSON[:ROLE]" specs (PERSON an id, email or unique name)."""
    found: dict[int, m.Participant] = {}
    for spec in specs:
        ref, _, role = spec.rpartition(":") if ":" in spec and not spec.rstrip().endswith(":") else (spec, "", "")
        if ref and role and role.strip().lower().replace("-", "_") not in {r.value for r in m.Role}:
            _person_or_bad_role(tx, spec, ref, role)
            ref, role = spec, ""  # a colon that is part of the name
        person = find_person(tx, ref or spec)
        kind = parse_enum(m.Role, role, "role") if role else m.Role.INTERVIEWER
        found[person.id] = m.Participant(person_id=person.id, role=kind)
    return list(found.values())


def _person_or_bad_role(tx: Tx, spec: str, ref: str, role: str) -> m.Person:
    """"PERSON:WORD" with a WORD that is no role: the person named so, colon and all; or, when
    nobody is but PERSON is someone, the role is what is wrong, and said so."""
    try:
        return find_person(tx, spec)
    except NotFound as whole:
        try:
            person = find_person(tx, ref)
        except (NotFound, Conflict, InvalidInput):
            raise whole from None  # nobody is named so
        roles = ", ".join(r.value for r in m.Role)
        raise InvalidInput(f"unknown role {role.strip()!r} for {person.name} ({roles})") from None


def add_interview(
    tx: Tx,
    opportunity_id: int,
    start: datetime,
    end: datetime,
    *,
    timezone: str,
    now: datetime,
    format: str = "video",
    stage: str = "",
    location: str = "",
    call_link: str = "",
    participants: list[m.Participant] | None = None,
    notes: str = "",
    external_uid: str = "",
) -> m.Interview:
    """Add an interview with its panel, refusing the same interview twice (every thank-you would
    be planned twice): another of the opportunity that starts then (a form sent again after
    Back, a command run twice), or someone of the panel on another opportunity's interview that
    starts then (`interviews.check_not_twice`: `afterview interview add` and the desk's Capture
    both come here). The call link is a web link, as every link field takes it (`web_link`)."""
    from afterview.services.interviews import check_not_twice

    opportunity = tx.get(m.Opportunity, opportunity_id)
    check_interview_times(start, end)
    check_timezone(timezone)
    same = [i for i in tx.list(m.Interview, opportunity_id=opportunity.id) if i.start == start and not i.cancelled]
    if same:
        raise Conflict(f"interview {same[0].id} of this opportunity already starts then: correct it "
                       f"(afterview interview edit {same[0].id}, or its page on the desk) instead of adding another")
    record = m.Interview(
        opportunity_id=opportunity.id,
        start=start,
        end=end,
        timezone=timezone,
        format=parse_enum(m.InterviewFormat, format, "format"),
        stage=single_line(stage, "stage"),
        location=single_line(location, "location"),
        call_link=web_link(call_link),
        participants=participants or [],
        notes=typed_notes(notes, "the notes' text"),
        external_uid=external_uid,
    )
    check_not_twice(tx, record, adding=True)
    interview = tx.add(record)
    if opportunity.status == m.OpportunityStatus.APPLIED:
        set_status(tx, opportunity.id, m.OpportunityStatus.INTERVIEWING, now=now, note="interview added")
    return interview


# debriefs --------------------------------------------------------------------------------
DEBRIEF_LISTS = ("topics", "rapport", "concerns", "promises")


def record_debrief(
    tx: Tx,
    interview_id: int,
    person_id: int,
    *,
    topics: list[str] | None = None,
    rapport: list[str] | None = None,
    concerns: list[str] | None = None,
    promises: list[str] | None = None,
    next_steps: str | None = None,
    decision_date: date | None = None,
    notes: str | None = None,
    replace: bool = False,
    clear_decision_date: bool = False,
) -> tuple[m.Debrief, bool]:
    """Record what one participant discussed; adds to an existing debrief unless replace=True.

    `clear_decision_date` takes back a decision date recorded by mistake (they gave none).
    Returns (debrief, created).
    """
    if clear_decision_date and decision_date is not None:
        raise InvalidInput("give a decision date or clear it, not both")
    interview = tx.get(m.Interview, interview_id)
    person = tx.get(m.Person, person_id)
    if person_id not in {p.person_id for p in interview.participants}:
        raise InvalidInput(
            f"{person.name} is not on the panel of interview {interview_id}: add them with "
            f"'afterview interview edit {interview_id} --with {person_id}'"
        )
    existing = tx.list(m.Debrief, interview_id=interview_id, person_id=person_id)
    debrief = existing[0] if existing else m.Debrief(interview_id=interview_id, person_id=person_id)
    from afterview.composer.context import list_items

    # one item per line, without list markers: "- data labeling pipeline\n- vendor QA" is two
    # topics, never "- data labeling pipeline - vendor QA" (concerns keep a dash in an answer)
    given = {name: None if items is None else list_items([i for i in items if i], split=name != "concerns")
             for name, items in (("topics", topics), ("rapport", rapport), ("concerns", concerns),
                                 ("promises", promises))}
    for name, items in given.items():
        check_card_list(name, items or [])
    for name, items in given.items():
        if items is None:
            continue
        clean = [" ".join(i.split()) for i in items if i and i.strip()]
        if name == "concerns" and not replace:
            setattr(debrief, name, _with_answers(debrief.concerns, clean))
            continue
        setattr(debrief, name, clean if replace else unique([*getattr(debrief, name), *clean]))
    if next_steps is not None:
        debrief.next_steps = typed_notes(next_steps, "next steps", MAX_ITEM)
    if decision_date is not None:
        check_decision_date(interview, decision_date)
        debrief.decision_date = decision_date
    if clear_decision_date:
        debrief.decision_date = None
    if notes is not None:
        debrief.notes = typed_notes(notes, "the notes' text")
    if existing:
        return tx.update(debrief), False
    return tx.add(debrief), True


# One item of each of a card's lists, in a sentence ("a topic is 1,200 characters long ...").
ITEM_WORDS = {"topics": "a topic", "rapport": "a shared interest", "concerns": "a concern", "promises": "a promise"}


def check_card_list(name: str, items: Iterable[str]) -> None:
    """One list of a card (`name`: one of DEBRIEF_LISTS) as `record_debrief` takes it: each item
    at most MAX_ITEM characters long, a concern's arrow with both sides."""
    items = list(items)
    check_items(items, ITEM_WORDS[name])
    if name == "concerns":
        _check_concerns(items)


def check_decision_date(interview: m.Interview, decision_date: date, what: str = "the decision date ") -> None:
    """A decision date as stated cannot be before the interview it was stated at; `what` begins
    the sentence ("" where the field is named already: "Decision date for Noah Kim: 2020-01-01
    is before ...")."""
    from afterview.planner.facts import safe_zone

    held_on = interview.start.astimezone(safe_zone(interview.timezone, "UTC")).date()
    if decision_date < held_on:
        raise InvalidInput(f"{what}{decision_date.isoformat()} is before the interview "
                           f"({held_on.isoformat()}): check the date they gave")


def _with_answers(recorded: list[str], added: list[str]) -> list[str]:
    """Concerns added to those recorded: one about a doubt recorded already is that concern, not
    a second one ("no German", then "no German -> I am taking B1 classes", as the draft's hint
    says to write it, is one concern with its answer; a concern without an answer adds nothing
    to one recorded with its answer)."""
    from afterview.composer.context import CONCERN_ARROWS, split_concern

    merged = list(recorded)
    for concern in added:
        doubt = split_concern(concern)[0].casefold()
        same = [i for i, known in enumerate(merged) if split_concern(known)[0].casefold() == doubt]
        if not same:
            merged.append(concern)
        elif CONCERN_ARROWS.search(concern):  # the answer given now: in the first one's place
            merged[same[0]] = concern
            merged = [known for i, known in enumerate(merged) if i not in same[1:]]
    return merged


def _check_concerns(concerns: list[str]) -> None:
    """A concern with an arrow has both sides: what they doubted, and what you would say."""
    from afterview.composer.context import CONCERN_ARROWS

    for text in concerns:
        parts = CONCERN_ARROWS.split(text.strip(), maxsplit=1)
        if len(parts) == 2 and not (parts[0].strip() and parts[1].strip()):
            raise InvalidInput(f"concern {text.strip()!r}: write both sides of the arrow, "
                               "'what they doubted -> what you would say about it' (or leave the arrow out)")


# outcomes, feedback, news ----------------------------------------------------------------
OUTCOMES = {
    "rejected": m.OpportunityStatus.REJECTED,
    "offer": m.OpportunityStatus.OFFER,
    "accepted": m.OpportunityStatus.ACCEPTED,
    "withdrawn": m.OpportunityStatus.WITHDRAWN,
    "no-response": m.OpportunityStatus.NO_RESPONSE,
}


def record_outcome(tx: Tx, opportunity_id: int, outcome: str, *, now: datetime, note: str = "",
                   person: str | int | None = None) -> m.Opportunity:
    return change_outcome(tx, opportunity_id, outcome, now=now, note=note, person=person)[0]


def change_outcome(tx: Tx, opportunity_id: int, outcome: str, *, now: datetime, note: str = "",
                   person: str | int | None = None) -> tuple[m.Opportunity, StatusMove]:
    """A decision recorded (see `change_status`); `person` is who delivered it."""
    key = outcome.strip().lower()
    if key not in OUTCOMES:
        raise InvalidInput(f"unknown outcome {shown(outcome)} (one of: {', '.join(OUTCOMES)})")
    note = typed_note(note, "the note")
    if not note and tx.get(m.Opportunity, opportunity_id).status == OUTCOMES[key]:
        # the decision it has already, said again (with who told you, to correct that): no
        # second change of its own, as `opportunity status` does
        return change_status(tx, opportunity_id, OUTCOMES[key], now=now, person=person)
    return change_status(tx, opportunity_id, OUTCOMES[key], now=now, note=note or f"outcome: {key}", person=person)


def record_feedback(tx: Tx, opportunity_id: int, text: str, *, now: datetime, person_id: int | None = None) -> m.Feedback:
    opportunity = tx.get(m.Opportunity, opportunity_id)
    if person_id is not None:
        of_the_process(tx, opportunity, person_id)
    body = (text or "").strip()
    if not body:
        raise InvalidInput("feedback text must not be empty")
    body = typed_notes(body, "the feedback", MAX_TEXT)
    return tx.add(m.Feedback(opportunity_id=opportunity_id, person_id=person_id, received_at=now, text=body))


def feedback_replies_handled(tx: Tx, feedback: m.Feedback) -> list[int]:
    """The replies waiting in `afterview replies` that answer the process's request for feedback
    (from the person who gave it, when named), received before it was recorded: what they said is
    recorded now, so they are handled (confirmed, with no change of status), and no longer
    suggest recording it. Returns their ids."""
    from afterview.delivery.reading import answers_feedback_request

    handled = []
    for reply in tx.list(m.Inbound, opportunity_id=feedback.opportunity_id):
        if reply.confirmed or reply.received_at > feedback.received_at or reply.answers_message_id is None:
            continue
        if feedback.person_id is not None and reply.person_id not in (None, feedback.person_id):
            continue
        if answers_feedback_request(reply, tx.get(m.Message, reply.answers_message_id)):
            reply.confirmed = True
            tx.update(reply)
            handled.append(reply.id)
    return handled


def add_news(
    tx: Tx, title: str, *, happened_on: date, kind: str = "achievement", detail: str = "", link: str = "",
    tags: list[str] | None = None, company: str | None = None,
) -> m.NewsItem:
    company_id = find_company(tx, company).id if company else None
    return tx.add(
        m.NewsItem(
            kind=parse_enum(m.NewsKind, kind, "news kind"),
            title=require_text(title, "title"),
            detail=detail.strip(),
            link=web_link(link),
            happened_on=happened_on,
            tags=unique(t.strip() for t in (tags or []) if t.strip()),
            company_id=company_id,
        )
    )


# profile ---------------------------------------------------------------------------------
def update_profile(tx: Tx, changes: dict[str, Any]) -> m.Profile:
    profile = tx.profile()
    for name, value in changes.items():
        if name == "email" and value:
            value = parse_email(value)
        elif name == "timezone":
            value = check_typed_timezone(value)
        elif name == "country":
            value = check_country(value)
        elif name == "linkedin_account":
            value = parse_enum(m.LinkedInAccount, value, "LinkedIn account type")
        elif name == "default_tone":
            if value not in ("warm", "formal", "concise"):
                raise InvalidInput(f"unknown tone {value!r} (one of: warm, formal, concise)")
        elif name == "name" and isinstance(value, str):
            # the notes are signed with it: given, it is given (`profile set --name`, the desk's form)
            value = require_name(value, "your name")
        elif name == "linkedin_url" and isinstance(value, str):
            value = _linkedin_url(value)  # a link, as every link field takes it
        elif name == "phone" and isinstance(value, str):
            value = single_line(value, "your phone")
        elif name == "signature" and isinstance(value, str):
            # several lines, tabs kept; a control character (ESC, a bidi override) would act on the
            # screen and in every note it signs instead of showing: refused, as in notes
            value = multi_line(value, "your signature")
        elif not hasattr(profile, name):
            raise InvalidInput(f"the profile has no field {name!r}")
        setattr(profile, name, value)
    tx.save_profile(profile)
    return profile


@dataclass(frozen=True)
class ProfileSet:
    """The profile after a change, and the notes written with the name or signature it had.

    A note's text is written when it is drafted: a new name or signature reaches only the notes
    drafted after it. Those approved or scheduled are drafts again (`held`), as `person edit
    --name` holds the notes written to an old name: their approval was given to a signature now
    wrong. Those already on their way by another road (being sent, copied out) are only named;
    drafts are named, to write again."""

    profile: m.Profile
    held: list[tuple[int, str]] = field(default_factory=list)  # (message id, why): drafts again
    drafts: list[tuple[m.Message, str]] = field(default_factory=list)  # (draft, "your old signature")
    gone: list[tuple[m.Message, str]] = field(default_factory=list)  # being sent, or copied out


def set_profile(tx: Tx, changes: dict[str, Any], *, now: datetime) -> ProfileSet:
    """`update_profile`, then the notes not yet sent that give the name or signature it had
    (read only when one of them is given: they alone give a note's text)."""
    from afterview.delivery.outbox import copied_out

    was = tx.profile()
    before = {"name": was.name or "", "signature": was.signature or ""}
    record = update_profile(tx, changes)
    if not {"name", "signature"} & changes.keys():
        return ProfileSet(record)
    result = ProfileSet(record)
    states = [*UNSENT, m.MessageState.SENDING]
    for message, what in signed_before(tx.list(m.Message, state=states), before, record):
        key = message.action_key
        again = f"afterview draft {key} --force" if key else f"afterview edit {message.id}"
        if copied_out(message) or message.state == m.MessageState.SENDING:
            result.gone.append((message, what))
        elif message.state in (m.MessageState.APPROVED, m.MessageState.SCHEDULED):
            cause = ("it has your old signature" if what == OLD_SIGNATURE
                     else f"it is signed {before['name'].strip()}, now {record.name.strip()}")
            held = take_back(tx, [message], now, cause,
                             f"write it again with {again}, or correct it with afterview edit {{id}}, then approve it")
            if held:
                result.held.extend(held)
            else:  # just claimed by a worker: on its way
                result.gone.append((tx.get(m.Message, message.id), what))
        else:
            result.drafts.append((message, what))
    return result


OLD_SIGNATURE = "your old signature"


def signed_before(messages: Iterable[m.Message], before: dict[str, str],
                  record: m.Profile) -> list[tuple[m.Message, str]]:
    """The notes whose text was signed before this change: (message, what it gives as it was:
    "your name as Alex Morgon", "your old signature"), by id."""
    old_name, old_signature = before["name"].strip(), before["signature"].strip()
    named = (re.compile(rf"(?<!\w){re.escape(old_name)}(?!\w)") if old_name
             and old_name.casefold() != (record.name or "").strip().casefold() else None)
    resigned = old_signature if old_signature and old_signature != (record.signature or "").strip() else ""
    found = []
    for message in messages:
        body = message.body or ""
        if resigned and resigned in body:
            found.append((message, OLD_SIGNATURE))
        elif named is not None and named.search(body):
            found.append((message, f"your name as {old_name}"))
    return sorted(found, key=lambda pair: pair[0].id)
