"""An incoming message filed under the wrong person or opportunity, re-filed from the desk.

*Filed under the wrong person?*, beside each reply on Today and each message under *What came
in* on a person's and an opportunity's page (templates/refile.html), posts here: the message is
re-filed as `afterview replies move` re-files it (one service, `delivery.move_reply`, in one
transaction), and what the planner reads of it follows. The line after says what changed in the
desk's words: where it is filed now and was, the message of yours it answers, who told you of a
decision, the changes to the plan in brief, and the notes held back, each by its name.
A refusal is said at the field it is about, the box open again with what was chosen.
"""

from __future__ import annotations

import re

from starlette.routing import Route

from afterview.domain import model as m
from afterview.domain.values import plain_digits
from afterview.errors import AfterviewError, InvalidInput, NotFound
from afterview.interfaces.web.app import flash, form_pages, redirect
from afterview.interfaces.web.common import at_field, desk, form, optional_id, path_id, run, safe_next

PLAN_SAID = 5  # changes to the plan named in the line after; the rest are counted

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
    person = data.get("person_id", "").strip()
    place = data.get("opportunity_id", "").strip()
    tz = await run(the_desk.user_tz)

    def move_it(tx):
        tx.get(m.Inbound, inbound_id)  # an unknown one: a 404
        with at_field(person_box, "Whom it is from"):
            if not plain_digits(person):
                raise InvalidInput("choose the person")
            _known(tx, m.Person, int(person))  # gone meanwhile: said at the field, not a 404
        with at_field(place_box, "About which opportunity"):
            chosen = optional_id(place, "opportunity")
            if chosen is not None:
                _known(tx, m.Opportunity, chosen)
        playbook = the_desk.playbook()  # none to read: the form's line (the plan cannot be made)
        try:
            moved = delivery.move_reply(tx, inbound_id, person, now=the_desk.now(), opportunity_id=chosen,
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
        # what was chosen goes back to the box, both fields ("PERSON|OPPORTUNITY": templates/refile.html)
        flash(request, await run(the_desk.read, lambda tx: refusal(tx, inbound_id, err)), "error",
              field=getattr(err, "field", ""), value=f"{person}|{place}")
        return redirect(back)
    flash(request, said + await run(held_text, the_desk, moved.held) + ".")
    return redirect(back)


def _known(tx, kind, record_id: int) -> None:
    try:
        tx.get(kind, record_id)
    except NotFound as err:
        raise InvalidInput(str(err)) from None


def named(record: m.Inbound, people: dict) -> str:
    """An incoming message in a sentence, by the address it came from: "the automatic reply from
    dana@globex.example" (whom it is filed under may be the mistake)."""
    from afterview.services.delivery import incoming_kind

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
    09:30, not Tue 02 Feb 2027, 09:30 (postponed: out of office until Wed 10 Feb); …"."""
    from afterview.interfaces.web.views import desk_words, message_named

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


ROUTES = [
    Route("/replies/{id}/move", refile_reply, methods=["POST"]),
    *form_pages({"/replies/{id}/move": "/"}),
]
