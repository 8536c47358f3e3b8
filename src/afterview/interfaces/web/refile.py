"""An incoming message filed under the wrong person or opportunity, re-filed from the desk.

*Filed under the wrong person?*, beside each reply on Today and each message under *What came
in* on a person's and an opportunity's page (templates/refile.html), posts here: the message is
re-filed as `afterview replies move` re-files it (one service, `delivery.move_reply`, in one
transaction), and what the planner reads of it follows. The line after says what changed in the
desk's words: where it is filed now and was, the message of yours it answers, who told you of a
decision, the changes to the plan in brief, and the notes held back, each by its name.
A refusal is said at the field it is about, the box open again with what was chosen.

Whom it is from is typed (a name, an email address, a person's number: `pipeline.find_person`),
with a list of the people near the message to pick from, and About which opportunity offers
theirs (`offer`): what a box lists grows with what is near the message, never with the
pipeline, from lookups made once for each facts object the desk reads (`Near`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import chain, islice
from typing import Iterable, Iterator

from jinja2 import pass_context
from starlette.routing import Route

from afterview.domain import model as m
from afterview.domain.values import plain_digits
from afterview.domain.values import shown as quoted
from afterview.errors import AfterviewError, Conflict, InvalidInput, NotFound
from afterview.interfaces.web.app import flash, form_pages, redirect
from afterview.interfaces.web.common import at_field, desk, form, optional_id, path_id, run, safe_next

PLAN_SAID = 5  # changes to the plan named in the line after; the rest are counted
PEOPLE_LISTED = 60  # people offered under Whom it is from, the nearest first
PLACES_LISTED = 40  # opportunities offered under About which opportunity, open ones first
PICK = "or pick them from the list"  # how a refusal at Whom it is from ends


def boxes(inbound_id: int) -> tuple[str, str]:
    """The ids of the form's two fields (templates/refile.html names them alike)."""
    return f"mv-person-{inbound_id}", f"mv-opp-{inbound_id}"


async def refile_reply(request):
    """Re-file an incoming message under the person (and opportunity) chosen, then go back."""
    from afterview.interfaces.web.pages import held_text
    from afterview.services import delivery

    inbound_id = path_id(request)
    data = await form(request)
    the_desk = desk(request)
    back = safe_next(data.get("next"), "/")
    person_box, place_box = boxes(inbound_id)
    person = data.get("person", "").strip()
    place = data.get("opportunity_id", "").strip()
    tz = await run(the_desk.user_tz)

    def move_it(tx):
        tx.get(m.Inbound, inbound_id)  # an unknown one: a 404
        with at_field(person_box, "Whom it is from"):
            whom = typed_person(tx, person)
        with at_field(place_box, "About which opportunity"):
            chosen = optional_id(place, "opportunity")
            if chosen is not None:
                _known(tx, m.Opportunity, chosen)
        playbook = the_desk.playbook()  # none to read: the form's line (the plan cannot be made)
        try:
            moved = delivery.move_reply(tx, inbound_id, str(whom.id), now=the_desk.now(), opportunity_id=chosen,
                                        playbook=playbook)
        except AfterviewError as err:
            # about the opportunity (several to choose from, one the person has no part in, a status the
            # message set there that stands: `err.about`), else about the person chosen
            err.field = place_box if getattr(err, "about", "") == "opportunity" else person_box
            raise
        return moved, moved_text(tx, moved, tz)

    try:
        moved, said = await run(the_desk.write, move_it)
    except AfterviewError as err:
        if isinstance(err, NotFound) and not getattr(err, "field", ""):
            raise  # the message in the address is unknown: a 404
        # what was chosen goes back to the box, both fields ("PERSON|OPPORTUNITY": `Near.offer`; an
        # opportunity that is no number is chosen nowhere, and a "|" typed stays the person's)
        flash(request, await run(the_desk.read, lambda tx: refusal(tx, inbound_id, err)), "error",
              field=getattr(err, "field", ""), value=f"{person}|{place if plain_digits(place) else ''}")
        return redirect(back)
    flash(request, said + await run(held_text, the_desk, moved.held) + ".")
    return redirect(back)


def typed_person(tx, text: str) -> m.Person:
    """The person typed under Whom it is from: a name, an email address or a person's number, as
    `pipeline.find_person` takes them; its refusals in the desk's words (no id to use: the list
    offers the people near the message, each by an address or a name that names them alone)."""
    from afterview.services.pipeline import find_person

    if not text:
        raise InvalidInput(f"type their name or email address, {PICK}")
    try:
        return find_person(tx, text)
    except NotFound:
        raise InvalidInput(f"no person {quoted(text)}: type their name or email address, {PICK}") from None
    except Conflict as err:  # "2 people are called 'Dana' (ids 3, 9): use an id"
        said = re.sub(r" \(ids [\d, ]+\): use an id$", "", str(err))
        raise InvalidInput(f"{said}: type their email address, {PICK}") from None


def _known(tx, kind, record_id: int) -> None:
    try:
        tx.get(kind, record_id)
    except NotFound as err:
        raise InvalidInput(str(err)) from None


def named(record: m.Inbound, people: dict) -> str:
    """An incoming message in a sentence, by the address it came from: "the automatic reply from
    dana@globex.example" (whom it is filed under may be the mistake)."""
    from afterview.services.delivery import incoming_kind, told_by_you

    if told_by_you(record):  # no mail came: its address is only that of whom it is filed under
        return "the reply you told of"
    if record.from_address:
        return f"the {incoming_kind(record)} from {record.from_address}"
    person = people.get(record.person_id) if record.person_id is not None else None
    return f"the {incoming_kind(record)} filed under {person.name if person is not None else 'no one'}"


def where(facts, opportunity_id: int | None) -> str:
    """"Analyst at Globex"; "no opportunity"."""
    opportunity = facts.opportunities.get(opportunity_id) if opportunity_id is not None else None
    if opportunity is None:
        return "no opportunity" if opportunity_id is None else f"opportunity {opportunity_id}"
    company = facts.companies.get(opportunity.company_id)
    return f"{opportunity.role}{f' at {company.name}' if company is not None else ''}"


def _all(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def refusal(tx, inbound_id: int, err: AfterviewError) -> str:
    """A refusal as the desk says it: "Could not move the reply from dana@globex.example: Dana Reyes
    is part of 2 open processes (Analyst at Globex and Engineer at Acme): say which it is about
    (choose it under About which opportunity); nothing changed" (the service's sentence, with the
    message and the opportunities by name, and the desk's way instead of a command)."""
    from afterview.interfaces.web.views import desk_words
    from afterview.services.delivery import incoming_kind

    facts = tx.facts()
    record = next((r for r in facts.inbound if r.id == inbound_id), None)
    text = str(err)
    if record is None:
        return f"Could not move it: {desk_words(text)}"
    text = re.sub(rf"\b{re.escape(incoming_kind(record))} {inbound_id}\b", "it", text)
    text = re.sub(r"\bopportunity (\d+) \([^()]*\)", lambda found: where(facts, int(found.group(1))), text)
    text = re.sub(r"\(opportunities ([\d, ]+)\)",
                  lambda found: f"({_all([where(facts, int(i)) for i in found.group(1).split(', ')])})", text)
    text = re.sub(r"\bopportunity (\d+)\b", lambda found: where(facts, int(found.group(1))), text)
    text = text.replace(" (--opportunity N)", " (choose it under About which opportunity)")
    return f"Could not move {named(record, facts.people)}: {desk_words(text)}"


def moved_text(tx, moved, tz: str) -> str:
    """What changed, as the command line says it, in the desk's words (held-back notes are added
    by the caller, `pages.held_text`): "Moved: the automatic reply from dana@globex.example is now
    filed under Dana Reyes, about Analyst at Globex (it was under Tom Becker, about Engineer at
    Acme). It no longer answers the thank-you note to Tom Becker: that went to Tom Becker, not to
    Dana Reyes. The plan: the status follow-up to Dana Reyes is now planned from Thu 11 Feb 2027,
    09:30, not Tue 02 Feb 2027, 09:30 (postponed: out of office, back Wed 10 Feb or the business day after); …"."""
    from afterview.domain.model import message_named
    from afterview.interfaces.web.views import desk_words

    facts = tx.facts()
    record, before, person = moved.record, moved.before, moved.person.name
    now_at = where(facts, record.opportunity_id)
    was = moved.was.name if moved.was is not None else "no one"
    if before.opportunity_id != record.opportunity_id:
        was += f", about {where(facts, before.opportunity_id)}"
    lines = [f"Moved: {named(record, facts.people)} is now filed under {person}, about {now_at} (it was under {was})"]
    messages = {x.id: x for x in facts.messages}

    def message(message_id: int) -> str:
        found = messages.get(message_id)
        if found is None:
            return "a message of yours"
        to = facts.people.get(found.person_id)
        return message_named(found.kind, to.name if to is not None else None)

    if before.answers_message_id != record.answers_message_id:
        if before.answers_message_id is not None:
            old = messages.get(before.answers_message_id)
            to = facts.people.get(old.person_id) if old is not None else None
            why = (f"that went to {to.name if to is not None else 'someone else'}, not to {person}"
                   if old is None or old.person_id != moved.person.id else "that was about another opportunity")
            lines.append(f"It no longer answers {message(before.answers_message_id)}: {why}")
        if record.answers_message_id is not None:
            lines.append(f"It answers {message(record.answers_message_id)}, your latest to them about it")
    for status in moved.told_by:
        lines.append(f"{now_at} is {status.value}: who told you is now {person}")
    if moved.reconfirm:
        lines.append(f"It changed the status of {where(facts, before.opportunity_id)} when you confirmed it there: "
                     f"say what it means for {now_at} under Replies to confirm, on Today")
    plan = plan_text(facts, moved.plan, tz)
    if plan:
        lines.append(plan)
    if moved.answered is not None:
        lines.append(f"Note: {moved.answered[0]}: if one is enough, skip the one now planned to {person} "
                     "(Skip, on Today)")
    return desk_words(". ".join(lines))


def plan_text(facts, changes: list, tz: str) -> str:
    """The changes to the plan in brief, each note by its name: "The plan: the status follow-up to
    Tom Becker is now planned from Tue 02 Feb 2027, 09:30; the status follow-up to Dana Reyes is no
    longer planned" ("" when the plan has nothing otherwise)."""
    from afterview.interfaces.web.views import action_named, when

    said = []
    for change in changes[:PLAN_SAID]:
        name = action_named(change.key, facts)
        if change.change == "removed":
            said.append(f"{name} is no longer planned")
            continue
        away = next((n for n in change.note.split("; ") if n.startswith("postponed:")), "")
        why = f" ({away})" if away else ""
        if change.change == "added":
            said.append(f"{name} is now planned from {when(change.earliest, tz)}{why}")
        else:
            said.append(f"{name} is now planned from {when(change.earliest, tz)}, not {when(change.was, tz)}{why}")
    if not said:
        return ""
    more = len(changes) - PLAN_SAID
    return "The plan: " + "; ".join(said) + (f"; and {more} more (see Today)" if more > 0 else "")


# What a box offers ------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Choice:
    """A person offered under Whom it is from: what the field takes to name them (`value`: their
    address, else their name, else their number, whichever names them alone) and how the list
    says them ("Dana Reyes, Globex")."""

    value: str
    label: str


@dataclass(slots=True)
class Offer:
    """What one box shows: the people to pick from (`people`, the nearest first), what its field
    holds (`typed`), the opportunities to choose (`open`, `closed`) and the one chosen (`place`)."""

    people: list[Choice]
    typed: str = ""
    place: str = ""
    open: list[m.Opportunity] = field(default_factory=list)
    closed: list[m.Opportunity] = field(default_factory=list)


def _unique(items: Iterable, key=lambda item: item) -> Iterator:
    seen = set()
    for item in items:
        if key(item) not in seen:
            seen.add(key(item))
            yield item


class Near:
    """Lookups over one facts object, made once (`near`): people by address (casefolded), by the
    domain of their address, by company, and by name (as `find_person` compares one: made when
    a name is looked up); who sat on each opportunity's panels, and the opportunities each
    person is on the panel of and each company has (what `delivery.move_reply` calls taking part
    in an opportunity)."""

    def __init__(self, facts):
        from afterview.delivery.matching import SHARED_DOMAINS
        from afterview.perf import paused_gc

        self.facts = facts  # kept: a later facts object can then never take its identity (`near`)
        self.people = facts.people
        self.shared = SHARED_DOMAINS  # webmail, job boards: an address there says nothing of its company
        self.by_email: dict[str, list[m.Person]] = {}
        self.by_domain: dict[str, list[m.Person]] = {}
        self.by_company: dict[int, list[m.Person]] = {}
        self.panel: dict[int, dict[int, None]] = {}  # opportunity -> its panels' people, as they sat
        self.panels_of: dict[int, dict[int, None]] = {}  # person -> the opportunities of their panels
        self.at_company: dict[int, list[int]] = {}  # company -> its opportunities
        with paused_gc():  # many small lists, no cycles
            for person in facts.people.values():
                for address in person.emails:
                    address = address.strip().casefold()
                    mine = self.by_email.setdefault(address, [])
                    if not mine or mine[-1] is not person:  # "Dana@x" and "dana@x" of one person: once
                        mine.append(person)
                    if "@" in address:
                        same = self.by_domain.setdefault(address.rpartition("@")[2], [])
                        if not same or same[-1] is not person:  # two addresses of theirs there: once
                            same.append(person)
                if person.company_id is not None:
                    self.by_company.setdefault(person.company_id, []).append(person)
            for interview in facts.interviews.values():
                for participant in interview.participants:
                    self.panel.setdefault(interview.opportunity_id, {})[participant.person_id] = None
                    self.panels_of.setdefault(participant.person_id, {})[interview.opportunity_id] = None
            for opportunity in facts.opportunities.values():
                self.at_company.setdefault(opportunity.company_id, []).append(opportunity.id)

    def named(self, text: str) -> list[m.Person]:
        """The people `text` names as `pipeline.find_person` reads it (several: it is ambiguous)."""
        text = text.strip()
        if plain_digits(text):
            found = self.people.get(int(text))
            return [found] if found is not None else []
        key = text.casefold()
        if "@" in text:
            return self.by_email.get(key, [])
        from afterview.services.pipeline import people_named

        return people_named(list(self.people.values()), text)  # as the command line reads a name

    def value(self, person: m.Person) -> str:
        """What names `person` alone in the field: their address, else their name, else their number."""
        for text in (person.email.strip(), person.name.strip()):
            if text and self.named(text) == [person]:
                return text
        return str(person.id)

    def theirs(self, person: m.Person) -> list[int]:
        """The opportunities `person` takes part in: on a panel, or at the company."""
        at = self.at_company.get(person.company_id, []) if person.company_id is not None else []
        return [*self.panels_of.get(person.id, []), *at]

    def nearest(self, record: m.Inbound, named: list[m.Person]) -> Iterator[m.Person]:
        """The people a message may be from, the nearest first: those `named` (typed in its box),
        whose address it came from, with an address at its domain, whom it is filed under; then
        the people of their companies and of its opportunity's, and that opportunity's panel."""
        address = (record.from_address or "").strip().casefold()
        domain = address.rpartition("@")[2] if "@" in address else ""
        filed = self.people.get(record.person_id) if record.person_id is not None else None
        opportunity = self.facts.opportunities.get(record.opportunity_id) if record.opportunity_id is not None else None
        # (at a large employer's domain, half the list at most: whom it is filed under and the rest still fit)
        first = [named, self.by_email.get(address, []) if address else [],
                 self.by_domain.get(domain, [])[:PEOPLE_LISTED // 2] if domain and domain not in self.shared else [],
                 [filed] if filed is not None else []]
        for group in first:
            yield from group
        companies = [p.company_id for group in first for p in group if p.company_id is not None]
        for company in _unique([*companies, *([opportunity.company_id] if opportunity is not None else [])]):
            yield from self.by_company.get(company, [])
        if opportunity is not None:
            yield from (self.people[i] for i in self.panel.get(opportunity.id, []) if i in self.people)

    def offer(self, record: m.Inbound, kept: str | None = None) -> Offer:
        """What the box of `record` offers; `kept`: "PERSON|OPPORTUNITY" as chosen in it when that
        was refused (refile_reply), None when the box is shown afresh."""
        facts = self.facts
        typed, _, place = (kept or "").rpartition("|") if kept is not None else ("", "", "")
        named = self.named(typed) if typed.strip() else []
        chosen = list(islice(_unique(self.nearest(record, named), key=lambda p: p.id), PEOPLE_LISTED))
        companies = facts.companies
        people = []
        for person in chosen:
            company = companies.get(person.company_id) if person.company_id is not None else None
            label = f"{person.name}, {company.name}" if company is not None else person.name
            people.append(Choice(self.value(person), label + (" (filed under now)" if person.id == record.person_id
                                                              else "")))
        if kept is None:  # the person whose address it came from, when it is filed under someone else
            owner = next((p for p in self.by_email.get((record.from_address or "").strip().casefold(), [])
                          if p.id != record.person_id), None)
            typed = self.value(owner) if owner is not None else ""
        # the opportunities of whom was typed, the one it is about, then those of the people listed
        first = [i for p in named for i in self.theirs(p)]
        if record.opportunity_id is not None:
            first.append(record.opportunity_id)
        theirs = chain((i for p in chosen for i in self.panels_of.get(p.id, [])),
                       (i for c in _unique(p.company_id for p in chosen) for i in self.at_company.get(c, [])))
        near = [facts.opportunities[i] for i in _unique(chain(first, theirs)) if i in facts.opportunities]
        count = len([i for i in _unique(first) if i in facts.opportunities])
        listed = [*near[:count], *sorted(near[count:], key=lambda o: o.status.is_closed)][:PLACES_LISTED]
        return Offer(people, typed.strip(), place,
                     [o for o in listed if not o.status.is_closed], [o for o in listed if o.status.is_closed])


_near: Near | None = None  # the lookups of the facts the desk read last (one at a time)


def near(facts) -> Near:
    """The lookups over `facts`, made once for each facts object the desk reads (every box of a
    page, and the pages after until something is written, use the same ones)."""
    global _near
    found = _near
    if found is None or found.facts is not facts:
        found = _near = Near(facts)
    return found


@pass_context
def box_offer(context, record: m.Inbound, people: dict, companies: dict, opportunities: dict,
              kept: str | None = None) -> Offer:
    """What the box of `record` offers (templates/refile.html; a global of the desk's templates).

    The lookups are made from the facts the page shows (its `facts`, whose `people` these are);
    a page without them is offered from what it passed, without the panels."""
    facts = context.get("facts")
    if getattr(facts, "people", None) is not people:
        facts = m.Facts(people=people, companies=companies, opportunities=opportunities)
    return near(facts).offer(record, kept)


ROUTES = [
    Route("/replies/{id}/move", refile_reply, methods=["POST"]),
    *form_pages({"/replies/{id}/move": "/"}),
]
