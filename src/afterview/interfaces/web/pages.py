"""Login, Today and its action buttons, the pipeline board, opportunity and person pages,
the rejection flow, insights, and the calendar feed."""

from __future__ import annotations

import re

from starlette.routing import Route

from afterview.domain import model as m
from afterview.domain.values import plain_digits
from afterview.domain.values import shown as quoted
from afterview.errors import AfterviewError, Conflict, InvalidInput, NotFound
from afterview.interfaces.web.app import (
    error_page, flash, form_pages, page, redirect, unconfirmed, write_then_redirect,
)
from afterview.interfaces.web.common import (
    at_field, cached, desk, form, optional_id, page_key, path_id, quick, remember, run, safe_next, session, snapshot,
)
from afterview.interfaces.web import versions
from afterview.interfaces.web.security import cookie_name, set_cookie_header
from afterview.interfaces.web.versions import version
from afterview.interfaces.web.views import action_views, timeline_rows
from afterview.services.replies_waiting import READS  # how a reply reads, in the terminal's words too

FEED_DAYS = 30  # a subscribed calendar shows the coming month; it refreshes itself
BOARD_LIMIT = 60  # cards per column; the rest are counted (a board of 10,000 cards helps nobody)


# login ---------------------------------------------------------------------------------------
async def login(request):
    guard = request.app.state.guard
    current = session(request)
    new = guard.redeem(request.query_params.get("token", ""))
    if new is None:
        if current is not None:
            return redirect("/")
        return error_page(request, 403, "This link does not work",
                          "A login link works once. Start 'afterview serve' again for a new one.")
    response = redirect("/")
    cookie = set_cookie_header(cookie_name(request.scope), guard.cookie_value(new))
    response.raw_headers.append((b"set-cookie", cookie))
    return response


async def logout(request):
    current = session(request)
    if current is not None:
        # files uploaded for an import not confirmed go with the session (the guard's on_end)
        request.app.state.guard.end(current)
    # the bare page: no menu and no Log out button, which would only lead to "Please log in"
    response = page(request, "bare_error.html", title="Logged out", status=200,
                    message="You are logged out. Start 'afterview serve' again to come back.")
    response.raw_headers.append((b"set-cookie", set_cookie_header(cookie_name(request.scope), "", max_age=0)))
    return response


# today ---------------------------------------------------------------------------------------
TODAY_PAGE = 25  # due actions per page: a day's work; a long backlog is worked through a page at a time


async def today(request):
    snap = await snapshot(request)
    key = page_key(request, snap)
    hit = cached(request, key)
    if hit is not None:
        return hit
    facts = snap.facts
    lists = snap.memo_ready("today")
    due, upcoming, replies = lists if lists is not None else await run(snap.memo, "today", _today_lists)
    notes = snap.memo_ready("outgoing")
    if notes is None:
        notes = await run(snap.memo, "outgoing", lambda s: _outgoing(desk(request), s))
    # on their way, newest first; then those the outbox will hold back (`services.planning.outgoing`),
    # each with why and what to do, as the opportunity's and the person's pages list them
    outgoing = sorted((g.message for g in notes.going), key=lambda x: x.id or 0, reverse=True)[:20]
    held = sorted(notes.held, key=lambda h: h.message.id or 0, reverse=True)[:20]
    page_number = _page_number(request, len(due))
    shown = due[(page_number - 1) * TODAY_PAGE: page_number * TODAY_PAGE]
    tz = desk(request).user_tz(facts)
    paused = snap.memo_ready("paused")
    if paused is None:
        paused = await run(snap.memo, "paused", lambda s: paused_accounts(desk(request), s))
    untold = snap.memo("untold", lambda s: _untold(s, tz))
    return remember(request, key, page(
        request, "today.html", tz=tz, now=snap.now, actions=action_views(shown, facts, snap),
        paused=paused, untold=untold, reads=READS,
        # where its forms come back to: this page of the backlog, not the first
        back=today_address(page_number),
        due_count=len(due), page_number=page_number, pages=-(-len(due) // TODAY_PAGE),
        upcoming=action_views(upcoming[:8], facts, snap), upcoming_count=len(upcoming),
        outgoing=_going_rows(outgoing, facts.people), theirs=_their_zones(outgoing, snap), people=facts.people,
        replies=replies[:20], held=held_rows(desk(request), snap, held), held_count=len(notes.held),
        suggested=_suggested(replies[:20], facts, _messages_by_id(snap) if replies else None),
        about=snap.memo("reply_views", lambda s: _reply_views(s, replies[:20], tz)),
        statuses=list(m.OpportunityStatus), opportunities=facts.opportunities, companies=facts.companies,
        decided=_recent_decisions(facts, snap.now), facts=facts,
        snoozes=snoozes_in_force(snap), sending=being_sent(snap, tz)))


def _untold(snap, tz: str) -> list[tuple]:
    """The processes an accepted offer left open with no one to write to (`services.planning.
    left_to_tell`, as the terminal's `today` lists them under TO TELL YOURSELF): (opportunity,
    the line that says it, what to do)."""
    from afterview.interfaces.web.views import when
    from afterview.services.planning import left_to_tell, left_to_tell_words

    return [(item.opportunity, left_to_tell_words(item, snap.facts, lambda moment: when(moment, tz)), item.then)
            for item in left_to_tell(snap.facts, snap.playbook)]


def paused_accounts(the_desk, snap) -> dict:
    """The accounts approved notes wait on that cannot send, in the words the terminal's `today`
    and the desk's Settings use (services.holds_said): those the outbox stopped after repeated
    failures and those written wrong in config.toml, said first. {"lines": [one line per stopped
    account], "broken": [one line per account written wrong], "messages": {id of a note approved or
    scheduled to go through such an account: its account's name}, "cannot": {the names of those
    written wrong}}."""
    from afterview.interfaces.web.views import when
    from afterview.services.holds_said import broken_accounts, stopped_accounts, stopped_words

    try:
        broken = broken_accounts(the_desk.config, snap.facts.messages)
    except AfterviewError:  # config.toml unreadable: Settings says why
        broken = []
    named = {b.account for b in broken}
    stopped = [s for s in the_desk.read(lambda tx: stopped_accounts(tx, snap.facts.messages)) if s.account not in named]
    if not stopped and not broken:
        return {"lines": [], "broken": [], "messages": {}, "cannot": set()}
    tz = the_desk.user_tz(snap.facts)
    messages = {message_id: s.account for s in [*stopped, *broken] for message_id in s.waiting}
    return {"lines": [stopped_words(s, now=snap.now, when=lambda moment: f"{when(moment, tz)} your time ({tz})",
                                    check=CHECK_ON_SETTINGS) for s in stopped],
            "broken": [broken_words_here(b) for b in broken], "messages": messages, "cannot": named}


# how an account is checked, said on Today (services.holds_said.stopped_words)
CHECK_ON_SETTINGS = "Test the connection, on the Settings page"
# what to do about an account written wrong, said on Today in place of the terminal's commands
# (services.holds_said.broken_account_words)
PUT_RIGHT_ON_SETTINGS = ("Edit it on the Settings page (or put it right in the file), then Test the connection "
                         "there; Remove, there, takes it out")


def broken_words_here(broken) -> str:
    """The line of `afterview today` on an account written wrong (holds_said.broken_account_words),
    with what to do in the desk's words."""
    from afterview.services.holds_said import broken_account_words

    then = (f"correct that line in config.toml (the Settings page's Edit changes settings, not a name no setting "
            f"has), then Test the connection there; Remove, there, takes it out" if "unknown key" in broken.problem
            else PUT_RIGHT_ON_SETTINGS)
    return broken_account_words(broken, then=then)


def _going_rows(messages: list, people: dict) -> list[dict]:
    """Notes on their way as Today's table lists them, each with whom it is to and its name ("the
    thank-you note to Tom Becker", for its Withdraw approval), as `held_rows` has the notes held
    back (`macros.notes_table`)."""
    from afterview.domain.model import message_named

    rows = []
    for x in messages:
        to = people[x.person_id].name if x.person_id in people else ""
        rows.append({"message": x, "to": to, "name": message_named(x.kind, to or None)})
    return rows


def _their_zones(messages: list, snap) -> dict[int, str]:
    """Each message's recipient's zone, as its card names it (`views.recipient_zone`): the times
    under *On their way* are said on both clocks (`macros.both_clocks`)."""
    from afterview.interfaces.web.views import ActionView, recipient_zone

    actions = snap.memo("actions_by_key", lambda s: {a.key: a for a in s.actions})
    people = snap.facts.people
    return {x.id: recipient_zone(ActionView(actions.get(x.action_key) if x.action_key else None,
                                            people.get(x.person_id), None, None, x)) for x in messages}


def _recent_decisions(facts, now, days: int = 14, limit: int = 10) -> list[tuple]:
    """The latest done, snooze and skip of the last two weeks, each in words, to undo a slip."""
    from datetime import timedelta

    from afterview.interfaces.web.views import action_label

    latest: dict[str, m.Decision] = {}
    for decision in facts.decisions:
        if decision.at >= now - timedelta(days=days):
            known = latest.get(decision.action_key)
            if known is None or (decision.at, decision.id or 0) > (known.at, known.id or 0):
                latest[decision.action_key] = decision
    chosen = sorted(latest.values(), key=lambda d: (d.at, d.id or 0), reverse=True)[:limit]
    return [(d, action_label(d.action_key, facts)) for d in chosen]


def _messages_by_id(snap) -> dict:
    return snap.memo("messages_by_id", lambda s: {x.id: x for x in s.facts.messages})


def _suggested(replies: list, facts=None, messages: dict | None = None) -> dict[int, str]:
    """The status each reply's *What it means* offers first: the one it suggests (read as its text
    says, for one linked to no opportunity yet); for a reply with nothing to suggest that answers
    your request for feedback, the status its opportunity has (confirming it keeps that status,
    rather than reopen a closed process as a new round); else "" (nothing chosen: the user says
    what it means, and Confirm changes no status they did not pick)."""
    from dataclasses import replace

    from afterview.delivery.reading import read_as
    from afterview.services.delivery import suggested_status

    found = {}
    for r in replies:
        status = suggested_status(replace(r, classification=read_as(r)))
        answer = (_feedback_answer(facts, r, messages, unrecorded=False)
                  if status is None and facts is not None else None)
        if answer is not None:
            status = facts.opportunities[answer[1]].status
        found[r.id] = status.value if status is not None else ""
    return found


def _feedback_answer(facts, reply, messages: dict | None = None, *, unrecorded: bool = True) -> tuple[str, int] | None:
    """(What it answers: "rejection reply", the opportunity) for a reply to your request for
    feedback, which may carry the feedback (as `delivery.feedback_hint` finds it); else None,
    and once feedback for its process was recorded since it came (`reading.feedback_recorded`),
    unless not `unrecorded`. `messages`: the facts' messages by id, when the caller has them."""
    from afterview.delivery.reading import ASKS_FOR_FEEDBACK, answers_feedback_request, feedback_recorded

    if reply.answers_message_id is None:
        return None
    if messages is not None:
        message = messages.get(reply.answers_message_id)
    else:
        message = next((x for x in facts.messages if x.id == reply.answers_message_id), None)
    if not answers_feedback_request(reply, message):
        return None
    opportunity = reply.opportunity_id or message.opportunity_id
    if opportunity is None or opportunity not in facts.opportunities:
        return None
    if unrecorded and feedback_recorded(reply, facts.feedback, opportunity):
        return None
    return ASKS_FOR_FEEDBACK[message.kind], opportunity


def _reply_views(snap, replies: list, tz=None) -> dict[int, dict]:
    """What Today says of each reply besides its text: for one that answers your request for
    feedback, that it may carry some and where to record it (`feedback`: the sentence, `link`: the
    rejection page's feedback form); for one linked to no opportunity, why (`why`) and the
    opportunities to choose from (`likely`: those it may be about, then `others`); for one whose
    sender asks not to be contacted again while they are not marked so, that sentence
    (`no_contact`, as `reading.no_contact_line` says it, without the command) and their page
    (`person_link`), where Do not contact is set; for one that said a decision date not recorded
    yet, that date (`decision`, "They said a decision by Thu 10 Dec 2026") and where the form that
    records it keeps it (`decision_where`); for an automatic reply saying its sender has left, who
    and where it points (`left`), and their page (`person_link`), where their address is changed.
    `summary`: its summary as shown (the decision date it keeps said in words of its own).
    `holds_back`: what it holds back until you confirm it, as `today` says it (the thank-yous of
    its process while it reads as a rejection: services.replies_waiting.holds_back_finder)."""
    from afterview.delivery.reading import no_contact_line
    from afterview.services.replies_waiting import holds_back_finder, holds_back_words
    from afterview.services.delivery import decision_offer, left_notice, recorded_words, stated_decision_of

    facts = snap.facts
    messages = _messages_by_id(snap) if replies else {}
    found: dict[int, dict] = {}
    ranked: list = []  # every opportunity, open ones first, newest first (made once, when needed)
    held_by = None  # services.replies_waiting.holds_back_finder's function, made on first need
    for r in replies:
        view: dict = {"feedback": "", "link": "", "why": "", "likely": [], "others": [], "no_contact": "",
                      "person_link": "", "decision": "", "decision_where": "", "left": "",
                      "summary": recorded_words(r) if stated_decision_of(r) is not None else r.summary,
                      "holds_back": ""}
        if snap.playbook is not None:
            if held_by is None:  # the facts indexed once, for every reply
                held_by = holds_back_finder(facts, snap.playbook, snap.now)
            held = held_by(r)
            if held:
                said = holds_back_words(facts, held, snap.now, _zone(tz))
                view["holds_back"] = said[:1].upper() + said[1:]
        offer = decision_offer(facts, r) if stated_decision_of(r) is not None else None
        if offer is not None:
            view["decision"] = offer.words[:1].upper() + offer.words[1:]
            view["decision_where"] = (f"kept with {offer.person}'s notes of the latest interview, and the follow-ups "
                                      "go by it" + (" once the reply is confirmed" if offer.to_review else ""))
        notice = left_notice(facts, r)
        if notice is not None:
            view["left"] = notice.words
            if notice.commands:
                view["person_link"] = f"/people/{r.person_id}#edit-h"
        answer = _feedback_answer(facts, r, messages)
        if answer is not None:
            view["feedback"] = f"{_sender(facts, r, own=True)} reply answers your {answer[0]}, which asked for feedback"
            view["link"] = f"/opportunities/{answer[1]}/rejection?reply={r.id}#fb-text"
        asking = no_contact_line(r, facts.people.get(r.person_id)) if r.person_id is not None else ""
        if asking:  # "reply 7: Ann Lee asks not to be contacted again ("..."): nothing more ...: COMMAND"
            said = asking.removeprefix(f"reply {r.id}: ")
            view["no_contact"] = said.rpartition(": afterview person edit ")[0] or said
            view["person_link"] = f"/people/{r.person_id}#edit-h"
        if r.opportunity_id is None:
            if not ranked:
                ranked = sorted(facts.opportunities.values(),
                                key=lambda o: (o.status.value in CLOSED_STATUSES, -(o.id or 0)))
            view.update(_placing(facts, r, ranked))
        found[r.id] = view
    return found


def _zone(tz):
    """The user's zone as a tzinfo (the desk keeps its name)."""
    from afterview.planner.facts import safe_zone

    return safe_zone(tz or "UTC", "UTC") if tz is None or isinstance(tz, str) else tz


# Opportunities offered for a reply linked to none: those it may be about, then the newest open ones.
PLACES_LIMIT = 60


def _placing(facts, reply, ranked: list) -> dict:
    """For a reply linked to no opportunity: why (as `reading.unplaced` says it, without ids) and
    the opportunities to choose from, those it may be about first, then the others in the order
    of `ranked`."""
    from afterview.delivery import reading

    likely: list[int] = []
    try:  # which opportunities it may be about: a comfort (the list below offers every open one)
        likely = [i for i in reading.places(facts, reply)[0] if i in facts.opportunities]
    except Exception:  # noqa: BLE001 - a page is not refused for want of a suggestion
        likely = []
    try:
        why = _without_ids(reading.unplaced(facts, reply))
    except Exception:  # noqa: BLE001
        why = ""
    wanted = max(0, PLACES_LIMIT - len(likely))
    others = []
    for opportunity in ranked:
        if len(others) >= wanted:
            break
        if opportunity.id not in likely:
            others.append(opportunity)
    return {"why": why, "likely": [facts.opportunities[i] for i in likely], "others": others}


CLOSED_STATUSES = ("accepted", "rejected", "withdrawn", "no-response")


def _without_ids(text: str) -> str:
    """"it may be about any of opportunities 3 (Data Engineer at Northwind, rejected) or 5 (...)"
    as the desk says it: "it may be about any of Data Engineer at Northwind (rejected) or ..."."""
    import re

    text = re.sub(r"opportunit(?:y|ies) (?=\d+ \()", "", text)
    return re.sub(r"\b\d+ \(([^()]*), ([^(),]+)\)", r"\1 (\2)", text)


def _sender(facts, reply, *, own: bool = False) -> str:
    """Who sent a reply, by name when known ("Dana Weiss"; `own`: "Dana Weiss's")."""
    person = facts.people.get(reply.person_id) if reply.person_id is not None else None
    name = person.name if person is not None else reply.from_address
    return f"{name}'s" if own else name


async def confirm_reply(request):
    """The user confirms what a reply means: the opportunity's status changes (one linked to no
    opportunity: the one chosen). Or, with Just note it (`meaning` = none), it was read and
    changes no status: it leaves the list, and nothing is written in the status history. A
    refusal (confirmed already, in another tab; no opportunity chosen) is said in the desk's
    words, naming the reply and the opportunity.

    Only a status the user chose changes anything: *What it means* left at "(choose what it
    means)" is refused at that field; a status that would reopen a closed process (a rejection,
    an offer declined) is refused there too, saying so, until "Yes, reopen it" is ticked."""
    from afterview.services.delivery import JUST_NOTED, reply_confirmed, status_before_confirming
    from afterview.services.pipeline import parse_status

    inbound_id = path_id(request)
    data = await form(request)
    the_desk = desk(request)
    box = f"reply-opp-{inbound_id}"  # About which opportunity (a reply linked to none)
    sbox = f"reply-status-{inbound_id}"  # What it means
    back = safe_next(data.get("next"))  # the page of Today it was confirmed on
    just_noted = data.get("meaning") == JUST_NOTED
    chosen = (data.get("status") or "").strip()

    def confirm_it(tx):
        reply = tx.get(m.Inbound, inbound_id)  # an unknown reply: a 404
        with at_field(box):  # the opportunity chosen: not a number, or gone meanwhile
            opportunity_id = optional_id(data.get("opportunity_id"), "opportunity")
            if opportunity_id is not None:
                tx.get(m.Opportunity, opportunity_id)
        before = status_before_confirming(tx, reply.id, opportunity_id)
        if not just_noted:
            with at_field(sbox):
                if not chosen:  # never a status the user did not pick
                    people = tx.list(m.Person, id=[reply.person_id]) if reply.person_id is not None else []
                    sender = people[0].name if people else reply.from_address
                    raise InvalidInput(f"Choose what the reply from {sender} means under "
                                       "What it means (or use Just note it: no status change); nothing changed")
                wanted = parse_status(chosen)
                if before is not None and before.is_closed and not wanted.is_closed and data.get("reopen") != "yes":
                    target = tx.get(m.Opportunity, opportunity_id if opportunity_id is not None else reply.opportunity_id)
                    raise InvalidInput(f"{wanted.value.replace('_', ' ').capitalize()} would reopen {_named(tx, target)}, "
                                       f"which is {before.value.replace('_', ' ')}; nothing changed. To reopen it, tick "
                                       "Yes, reopen it and confirm again")
        confirmed = reply_confirmed(tx, inbound_id, now=the_desk.now(), status=JUST_NOTED if just_noted else chosen,
                                    opportunity_id=opportunity_id)
        opportunity = confirmed.opportunity
        # named, as the reply may have been linked to none (chosen in a list)
        named = _named(tx, opportunity) if opportunity is not None else ""
        return confirmed, named, before

    try:
        confirmed, named, before = await run(the_desk.write, confirm_it)
    except NotFound as err:
        if getattr(err, "field", "") != box:
            raise
        flash(request, await run(_reply_refusal, the_desk, inbound_id, err), "error", field=box, value="")
        return redirect(back)
    except AfterviewError as err:
        said = await run(_reply_refusal, the_desk, inbound_id, err)
        unplaced = "is not linked to an opportunity" in str(err)  # the box to choose it in
        field = box if unplaced or getattr(err, "field", "") == box else getattr(err, "field", "")
        # what was chosen comes back with the refusal: "OPPORTUNITY|STATUS", and "|reopen" when
        # the refusal was a reopening (the page then offers "Yes, reopen it")
        reopening = field == sbox and "would reopen" in said
        kept = f"{data.get('opportunity_id', '')}|{chosen}" + ("|reopen" if reopening else "")
        flash(request, said, "error", field=field if field in (box, sbox) else "", value=kept)
        return redirect(back)
    if just_noted:
        sender = await run(lambda: _sender(the_desk.snapshot(unplanned=True).facts, confirmed.inbound))
        flash(request, f"Noted the reply from {sender}{f' about {named}' if named else ''}: no status changed.")
        return redirect(back)
    status = confirmed.opportunity.status
    # (a reply that means what the process is already, such as a next round while interviewing)
    said = f"Status unchanged ({status.value})." if status == before else f"Status changed to {status.value}."
    note = confirmed.note(await run(the_desk.user_tz), see="Today")
    flash(request, (f"Confirmed for {named}. " if named else "") + said + (f" Note: {note}." if note else ""))
    return redirect(back)


def _named(tx, opportunity) -> str:
    """An opportunity as the desk names it: "Data Engineer at Northwind"."""
    try:
        company = tx.get(m.Company, opportunity.company_id).name if opportunity.company_id else ""
    except NotFound:
        company = ""
    return f"{opportunity.role}{f' at {company}' if company else ''}"


async def record_reply_decision(request):
    """The decision date a reply said, kept as the offer on Today says (`delivery.decision_offer`):
    in the debrief of its round's interview for its person, as `afterview debrief N --person P
    --decision-date D` keeps it; the follow-ups then go by it. A refusal (kept already, in
    another tab; nothing to keep any more) is said in the desk's words."""
    from afterview.services.delivery import record_offered_decision

    inbound_id = path_id(request)
    data = await form(request)
    the_desk = desk(request)
    back = safe_next(data.get("next"))

    def record_it(tx):
        tx.get(m.Inbound, inbound_id)  # an unknown reply: a 404
        return record_offered_decision(tx, inbound_id)

    try:
        offer = await run(the_desk.write, record_it)
    except NotFound:
        raise
    except AfterviewError as err:
        flash(request, await run(_reply_refusal, the_desk, inbound_id, err), "error")
        return redirect(back)
    day = f"{offer.day:%a} {offer.day.day} {offer.day:%b %Y}"
    flash(request, f"Decision date {day} kept for {offer.person}: the follow-ups go by it"
                   + (" once the reply is confirmed." if offer.to_review else "."))
    return redirect(back)


def _reply_refusal(the_desk, inbound_id: int, err: AfterviewError) -> str:
    """A refusal about a reply as the desk says it: the reply by its sender, an opportunity by its
    role and company, and the desk's way instead of a command ("The reply from Dana Weiss is
    already confirmed: Data Engineer at Northwind is rejected; nothing changed (to change its
    status: Change status, on the opportunity's page)")."""
    import re

    from afterview.interfaces.web.views import desk_words

    text = getattr(err, "unlabelled", "") or str(err)
    facts = the_desk.snapshot(unplanned=True).facts
    reply = next((r for r in facts.inbound if r.id == inbound_id), None)
    if reply is not None:
        for prefix in (f"reply {inbound_id} ", f"incoming message {inbound_id} "):
            if text.startswith(prefix):
                text = f"The reply from {_sender(facts, reply)} {text[len(prefix):]}"

    def named(found) -> str:
        opportunity = facts.opportunities.get(int(found.group(1)))
        if opportunity is None:
            return found.group(0)
        company = facts.companies.get(opportunity.company_id)
        return f"{opportunity.role}{f' at {company.name}' if company else ''}"

    text = re.sub(r"\bopportunity (\d+)(?= is )", named, text)
    return desk_words(_without_ids(text))


def _today_lists(snap) -> tuple[list, list, list]:
    """Due actions (overdue first), upcoming ones, replies to confirm. (The notes on their way and
    those held back: `_outgoing`.)"""
    todo = snap.memo("split", lambda s: split(s.actions, s))[0]
    due = sorted((a for a in todo if a.state in ("due", "overdue")), key=lambda a: (a.state != "overdue", a.due))
    upcoming = [a for a in todo if a.state == "upcoming"]
    # (one linked to no opportunity too: it is confirmed with the opportunity chosen; one overtaken
    # by what you decided since waits no more: the rule of `afterview today`)
    from afterview.services.replies_waiting import to_confirm

    replies = to_confirm(snap.facts)
    return due, upcoming, replies


def _outgoing(the_desk, snap):
    """The notes on their way and those the outbox will hold back when their round comes, by the
    rule of `afterview today` (`services.planning.outgoing`): the user's part is done for the
    first, listed under *On their way* alone, not as due; the second will not go as they are
    (their action skipped or done, their reply, the process closed, a snooze or an out-of-office
    reply past their moment): listed apart, with why, to discard or approve again. Not a failed
    send, one whose last send may have arrived (its card asks "Did it arrive?"), nor one the
    outbox tried and could not send (retrying, waiting for its account): those need the user, and
    their cards say what to do (`services.planning.on_its_way`)."""
    from afterview.services.planning import outgoing

    return the_desk.read(lambda tx: outgoing(tx, snap.facts, snap.playbook, snap.now, snap.actions))


def split(actions: list, snap, held=frozenset()) -> tuple[list, list]:
    """Planned actions as every page shows them, by `views.action_state`: those left to do, each
    with its state as of the snapshot's minute (upcoming, due, overdue), and those whose message
    is on its way (approved, scheduled or being sent, and not one the outbox tried and could not
    send: `services.planning.on_its_way`; nothing to approve or schedule), in order. One whose
    message is in `held` (the ids of the notes the outbox will hold back: `held_back`) is left to
    do, as HELD_BACK: it needs you, and it is not on its way."""
    from dataclasses import replace

    from afterview.interfaces.web.views import ON_ITS_WAY, action_state

    messages = snap.memo("messages_by_id", lambda s: {x.id: x for x in s.facts.messages})
    todo, going = [], []
    for action in actions:
        message = messages.get(action.message_id) if action.message_id else None
        state = action_state(action, message, snap.now)
        if state == ON_ITS_WAY and action.message_id in held:
            todo.append(replace(action, state=HELD_BACK))
        elif state == ON_ITS_WAY:
            going.append(action)
        else:
            todo.append(action if action.state == state else replace(action, state=state))
    return todo, going


# an action whose note is approved, but the outbox will hold it back (the timeline says it on the action)
from afterview.domain.timeline import HELD_BACK  # noqa: E402


def held_back(the_desk, snap) -> dict:
    """The notes approved or scheduled that the outbox will hold back when their round comes, by
    message id (`services.planning.HeldBack`): Today's list (`_outgoing`, made once per snapshot),
    the one rule of every page that says whether a note is on its way. None without a plan."""
    if snap.problem:
        return {}
    notes = snap.memo("outgoing", lambda s: _outgoing(the_desk, s))
    return {h.message.id: h for h in notes.held}


async def _held_ready(request, snap) -> None:
    """`held_back` made in a worker thread (it reads the outbox's records), before a page's lookups."""
    if not snap.problem and snap.memo_ready("outgoing") is None:
        the_desk = desk(request)
        await run(snap.memo, "outgoing", lambda s: _outgoing(the_desk, s))


def held_rows(the_desk, snap, held: list) -> list[dict]:
    """Notes the outbox will hold back, as a page lists them: each named, with why it will not go
    (the outbox's words) and what to do, in the desk's words (`HeldBack.case`)."""
    from afterview.domain.model import message_named
    from afterview.interfaces.web.views import in_desk_words

    people = snap.facts.people
    rows = []
    for h in sorted(held, key=lambda h: h.message.id or 0, reverse=True):
        person = people.get(h.message.person_id)
        name = message_named(h.message.kind, person.name if person else None)
        rows.append({"held": h, "message": h.message, "name": name, "to": person.name if person else "",
                     "why": in_desk_words(h.why, h.message.id, name),
                     "then": _held_then_words(the_desk, snap, h, person)})
    return rows


def _held_then_words(the_desk, snap, h, person) -> str:
    """What to do about a note the outbox will hold back, as `afterview today` says it after
    *then:*, with the desk's ways (its editor's buttons, a person's page) in place of commands."""
    from afterview.interfaces.web.views import desk_words, when
    from afterview.services.delivery import NOT_TO_CONTACT

    tz = the_desk.user_tz(snap.facts)
    away = "open it and discard it (Discard this draft)"
    case = h.case
    if case == "later" and h.later is not None:
        return f"open it and approve it again for the plan's moment, from {when(h.later, tz)} on; or {away}"
    if case == "again":
        return f"open it, read it again and approve it again if it still fits; or {away}"
    if case == "done":
        return ("nothing to do: the next mail round counts it as the note you sent (Undo, under Recently decided on "
                "Today, takes the done back)")
    if case == "not_to_contact":
        return f"{NOT_TO_CONTACT}: {away}"
    if case == "reply":  # (AFTER_THEIR_REPLY, its reply under What came in)
        return f"{desk_words(h.then.split('; afterview discard ')[0])}; or {away}"
    if case == "address":
        if person is not None and person.email:
            return (f"the next mail round makes it a draft again, to {person.email}: read it then and approve it "
                    f"again; or {away}")
        return f"give their address (on their page: Correct the details), then approve it again; or {away}"
    if case == "interview":
        return f"open it and schedule it again for after the interview; or {away}"
    if case == "bounced":
        return (f"check {h.message.to_address} (on their page: Correct the details); if it is right, open it and "
                f"approve it again; or {away}")
    return f"{away}; to send it all the same, open it and use Send to my Drafts folder"


def _as_shown(todo: list, going: list) -> list:
    """The actions for a timeline: those on their way say so instead of "due"."""
    from dataclasses import replace

    from afterview.interfaces.web.views import ON_ITS_WAY

    return todo + [replace(a, state=ON_ITS_WAY) for a in going]


def _page_number(request, total: int, size: int | None = None) -> int:
    """The page of a long list the address asks for (`?page=N`), 1 to the last (`size` to a page)."""
    size = size or TODAY_PAGE
    raw = request.query_params.get("page", "1").strip()[:30]  # (a number past the last: the last page)
    number = int(raw) if plain_digits(raw) else 1
    return max(1, min(number, max(1, -(-total // size))))


def today_address(number: int) -> str:
    """Today's address at page `number` of its due list: "/" for the first, "/?page=40"."""
    return "/" if number <= 1 else f"/?page={number}"


def card_page(the_desk, back: str, key: str) -> str:
    """Where a refused decision on a card goes back to, its box to be opened again there: on Today,
    the page of the due list its card is on now; else `back`, as the form gave it."""
    from urllib.parse import urlsplit

    if urlsplit(back).path != "/" or not key:
        return back
    try:
        due = the_desk.snapshot().memo("today", _today_lists)[0]
    except AfterviewError:  # no plan to find it in (the database cannot be read): the page the form came from
        return back
    index = next((i for i, action in enumerate(due) if action.key == key), None)
    return back if index is None else today_address(index // TODAY_PAGE + 1)


# What each decision's box is, for a refusal said on the page it came from: what could not be
# done ("Could not snooze the thank-you note to Tom Becker: ..."), and the box's field (its id on
# the action's card, `macros.action_card`), opened again there with what was typed.
DECISIONS = {"done": ("mark {name} done", "", ""), "snooze": ("snooze {name}", "until", "until"),
             "skip": ("skip {name}", "reason", "reason"), "undo": ("undo what you decided about {name}", "", ""),
             "draft": ("draft {name}", "", "")}


def refusal(the_desk, key: str, what: str, err: AfterviewError) -> str:
    """A refusal about a planned action, naming it: "Could not skip the thank-you note to Tom
    Becker: say why you skip it"."""
    from afterview.interfaces.web.views import action_named

    facts = None
    try:
        facts = the_desk.snapshot(unplanned=True).facts
        name = action_named(key, facts)
    except AfterviewError:
        name = repr(key)
    return f"Could not {DECISIONS[what][0].format(name=name)}: {without_key(str(err), key, facts)}"


def without_key(text: str, key: str, facts=None) -> str:
    """A service's refusal about an action as the desk says it: the action is named by the line
    around it ("Could not skip the rejection reply to Grace Liu: ..."), so its key, which the
    terminal shows ("rejection_reply:o3:p5 is already marked done ..."), is "it" here; "no
    planned action 'KEY'" (a page shown before the note was done or skipped in another tab) says
    why it is no longer planned, when the facts say it (`facts`)."""
    from afterview.domain.keys import canonical_key

    keys = sorted({k for k in (key.strip(), canonical_key(key)) if k}, key=len, reverse=True)
    for shown in keys:
        if text.startswith(f"no planned action {shown!r}"):
            text = _not_planned(shown, facts) or "it is no longer planned" + text[len(f"no planned action {shown!r}"):]
        for form in (repr(shown), shown):
            if re.match(rf"unknown action {re.escape(form)}: no [a-z ]+ with id \d+$", text):
                # a record it needs gone meanwhile (its interview, its person): said as the desk says
                # any record gone (app.gone_within: "that interview no longer exists ...")
                text = text[len(f"unknown action {form}: "):]
            elif text.startswith(f"unknown action {form}"):
                text = "there is no such note" + text[len(f"unknown action {form}"):]
            if text.startswith(f"{form}: "):
                text = text[len(form) + 2:]
            elif text.startswith(f"{form} "):
                text = "it " + text[len(form) + 1:]
            text = text.replace(f" ({form})", "").replace(form, "it")
    return text


def _not_planned(key: str, facts) -> str:
    """Why a note is no longer planned, when the facts say it ("it is already marked done
    (2026-11-28): to change that, undo it first (Undo, under Recently decided on Today)"), or ""."""
    from afterview.services.planning import settled_words

    words = settled_words(facts, key, "Undo, under Recently decided on Today") if facts is not None else ""
    return f"it {words}" if words else ""


async def _decide(request, decide, what: str):
    from afterview.interfaces.web.views import loop_id

    data = await form(request)
    key = data.get("key", "").strip()
    back = safe_next(data.get("next"))
    the_desk = desk(request)
    try:
        message = await run(decide, the_desk, key, data)
        flash(request, message)
    except AfterviewError as err:
        _, prefix, name = DECISIONS[what]
        line = await run(refusal, the_desk, key, what, err)
        flash(request, line, "error", field=f"{prefix}-{loop_id(key)}" if prefix else "", value=data.get(name))
        back = await run(card_page, the_desk, back, key)  # its box opened again where its card is
    return redirect(back)


def _done(the_desk, key, data):
    from afterview.interfaces.web.views import desk_words
    from afterview.services import delivery, planning

    now = the_desk.now()
    the_desk.write(lambda tx: planning.mark_done(tx, key, data.get("note", "") or "done outside Afterview", now))
    held = held_back_text(the_desk, now)
    # the note counted as sent, when the review finds errors in it (a LinkedIn request over the limit)
    warned = the_desk.read(lambda tx: delivery.marked_sent_warnings(tx, key, config=the_desk.config))
    # by its name, not its number ("message 5 (the LinkedIn request to Grace Liu), which ...")
    named = [re.sub(r"^message \d+ \((.+?)\), ", lambda f: f"{f.group(1)[:1].upper()}{f.group(1)[1:]}, ", w)
             for w in warned]
    said = f"Marked done: {_label(the_desk, key)}{held}"
    return f"{said.rstrip('.')}." + "".join(f" Note: {desk_words(w)}." for w in named) if named else said


def country_said(typed: str, now) -> str:
    """". UK is kept as GB ...": a country's note (values.country_note) as a sentence of a flash."""
    from afterview.domain.values import country_note

    note = country_note(typed, now.year) if typed.strip() else ""
    return f". {note[:1].upper()}{note[1:]}" if note else ""


def _label(the_desk, key: str) -> str:
    from afterview.interfaces.web.views import action_label

    return action_label(key, the_desk.snapshot(unplanned=True).facts)


def held_back_text(the_desk, now) -> str:
    """After a decision: approved or scheduled emails the plan no longer has go back to drafts."""
    from afterview.errors import ConfigError
    from afterview.services.delivery import hold_back_planned

    try:
        playbook = the_desk.playbook()
    except ConfigError:  # no plan to hold them against (said on every page that shows the plan)
        return NOT_CHECKED
    try:  # the desk's mail accounts: a copy out in Drafts that the plan no longer wants is taken back there
        accounts = the_desk.accounts()
    except AfterviewError:  # config.toml unreadable: such a copy is named instead (Settings says what is wrong)
        accounts = {}
    try:  # planned outside the write lock, then held back in a short transaction
        held = hold_back_planned(the_desk.store, now=now, playbook=playbook, accounts=accounts)
    finally:
        the_desk.changed()
    return held_text(the_desk, held)


# After a change, when the playbook cannot be read: what it did is done, what follows from the plan waits.
NOT_CHECKED = (". No plan can be made until the playbook is corrected (see Settings): notes you approved are "
               "checked against the plan then")


def held_text(the_desk, held: list[tuple[int, str]]) -> str:
    """Messages held back, as the desk says it: ". The thank-you note to Dana Weiss: not sent:
    ...; a draft again (to send it all the same: open it and use Send to my Drafts folder)"
    (the services' sentences name the message by its id and give the command to type)."""
    from afterview.interfaces.web.drafts import message_name
    from afterview.interfaces.web.views import in_desk_words

    if not held:
        return ""
    names = the_desk.read(lambda tx: {message_id: message_name(tx, message_id) for message_id, _ in held})
    return "".join(f". {names[i][:1].upper()}{names[i][1:]}: {in_desk_words(why, i, names[i])}" for i, why in held)


def _snooze(the_desk, key, data):
    """Snooze as `afterview snooze` does (`snooze_warned`): the notice says the moment stored (a
    day alone is 09:00 that day), and what it means when it is past the action's latest moment."""
    from afterview.errors import ConfigError
    from afterview.interfaces.web.views import when
    from afterview.services import planning

    now, tz = the_desk.now(), the_desk.user_tz()
    text = data.get("until", "").strip()
    if not text:
        raise InvalidInput("say until when to snooze it (e.g. 'tomorrow 9:00' or 2026-12-01)")
    until = snooze_moment(text, now=now, tz=tz)
    try:
        playbook = the_desk.playbook()
    except ConfigError:  # recorded all the same; the warning needs the plan
        playbook = None
    shown = _snooze_shown(data)
    snoozed = the_desk.write(lambda tx: planning.snooze_warned(tx, key, until, now, playbook=playbook, tz=tz,
                                                               shown=shown))
    warning = f". Note: {snoozed.warning}" if snoozed.warning else ""
    was = f" (was snoozed until {when(snoozed.replaced.until, tz)})" if snoozed.replaced is not None else ""
    # the note named, as Done and Skip name it
    return (f"Snoozed until {when(snoozed.decision.until, tz)}{was}: {_label(the_desk, key)}{warning}"
            f"{held_back_text(the_desk, now)}")


# A card's Snooze form says which snooze was in force on its action when the page was shown (the
# decision's id; 0: none), so that a snooze recorded since (another tab, the page loaded twice) is
# not replaced by one that never saw it (`planning.snooze_warned`'s `shown`). A form without it (a
# script) replaces the snooze in force, as `afterview snooze` does.
SNOOZE_SHOWN = "snoozed"


def _snooze_shown(data) -> int | None:
    named = data.get(SNOOZE_SHOWN)
    if named is None:
        return None
    if not plain_digits(named.strip()):
        raise InvalidInput(f"no snooze {quoted(named)}: reload the page and snooze it there")
    return int(named.strip())


def snoozes_in_force(snap) -> dict[str, int]:
    """The snooze in force on each snoozed action (its decision's id), for the cards' Snooze forms."""
    from afterview.services.planning import snooze_in_force

    def made(s) -> dict[str, int]:
        keys = {d.action_key for d in s.facts.decisions if d.kind == m.DecisionKind.SNOOZE}
        return {key: snooze_in_force(s.facts.decisions, key).id for key in keys}

    return snap.memo("snoozes_in_force", made)


def being_sent(snap, tz: str) -> dict[int, str]:
    """What the desk says of each note being sent (`delivery.outbox.sending_words`, as `afterview
    today` says it, in the desk's words): being sent since when, or cut off and found out by the
    next mail round; by the note's id."""
    from afterview.delivery.outbox import sending_words
    from afterview.interfaces.web.views import when

    return {x.id: sending_desk_words(sending_words(x, snap.now, lambda moment: when(moment, tz)))
            for x in snap.facts.messages if x.state == m.MessageState.SENDING}


def sending_desk_words(text: str) -> str:
    """`sending_words` with the desk's mail round in place of the commands that find out."""
    return (text.replace("afterview send-due (or the worker) looks for it", "the next mail round looks for it")
            .replace("afterview send-due finds out", "the next mail round finds out"))


# "next Friday": this coming one, or the one a week later? (as the decision-date box reads it)
NEXT_WEEKDAY = re.compile(r"\s*(next\s+[^\W\d_]+)\b", re.I)


def snooze_moment(text: str, *, now, tz: str):
    """The moment a Snooze box's text names, read as the decision-date box reads a day: words
    that read two ways ("next Friday") refused, saying both days; a moment past refused as
    Schedule refuses it. A day alone is 09:00 that day, as `snooze_warned` keeps it."""
    from afterview.delivery.replies import spoken_day
    from afterview.domain.values import parse_when, zone
    from afterview.interfaces.web.views import when
    from afterview.services.planning import working_morning

    found = NEXT_WEEKDAY.match(text)
    if found:
        _, why = spoken_day(found.group(1), now.astimezone(zone(tz)).date(), meant="you mean")
        if why:
            raise InvalidInput(f"{quoted(text)}: {why}")
    until = working_morning(parse_when(text, now=now, tz=tz))
    if until <= now:
        raise InvalidInput(f"{when(until, tz)} is in the past: give a time to come (e.g. 'tomorrow 9:00')")
    return until


def _skip(the_desk, key, data):
    from afterview.services import planning

    now = the_desk.now()
    the_desk.write(lambda tx: planning.skip(tx, key, data.get("reason", ""), now))
    return f"Skipped: {_label(the_desk, key)}{held_back_text(the_desk, now)}"


async def action_done(request):
    return await _decide(request, _done, "done")


async def action_snooze(request):
    return await _decide(request, _snooze, "snooze")


async def action_skip(request):
    return await _decide(request, _skip, "skip")


async def action_undo(request):
    return await _decide(request, _undo, "undo")


def _undo(the_desk, key, data):
    """Undo the decision the button names (its id, `decision`): only while it is the one in force
    that `planning.undo` takes back (the latest on the action). A page shown before it was
    undone (another tab, a second click) changes nothing: its button was labelled for that
    decision, and must not take back the one before it."""
    from afterview.services import planning

    named = (data.get("decision") or "").strip()
    if named and not plain_digits(named):
        raise InvalidInput(f"no decision {quoted(named)}: reload the page and use Undo there")
    now = the_desk.now()

    def use_case(tx):
        return planning.undo_decision(tx, key, now, expected=int(named) if named else None)

    undone = the_desk.write(use_case)
    decision = undone.decision
    what = {"done": "marked done", "skip": "skipped", "snooze": "snoozed"}.get(decision.kind.value, decision.kind.value)
    # what the plan now has, not an assumption: an earlier decision may still hold it back
    still = planning.holding_words(undone.still, the_desk.user_tz(), now)
    return f"Undone: {_label(the_desk, key)} is no longer {what}; {still}"


async def action_draft(request):
    """Draft one planned action and open it in the editor."""
    data = await form(request)
    key = data.get("key", "").strip()
    the_desk = desk(request)

    def draft():
        from afterview.services.drafting import draft_actions

        now = the_desk.now()
        snap = the_desk.snapshot()
        results = the_desk.write(lambda tx: draft_actions(
            tx, keys=[key], tone=data.get("tone") or None, now=now, config=the_desk.config,
            actions=snap.actions))
        # what the draft left out for want of a fact (a concern with no answer recorded): said
        # once, here, as `afterview draft` prints it; the gaps in the text the review shows
        return results[0].message.id, [gap.placeholder for gap in results[0].asks if gap.optional]

    try:
        message_id, left_out = await run(draft)
    except AfterviewError as err:
        flash(request, await run(refusal, the_desk, key, "draft", err), "error")
        return redirect(await run(card_page, the_desk, safe_next(data.get("next")), key))
    for line in left_out:
        flash(request, f"To consider: {line}", "note")
    return redirect(f"/drafts/{message_id}")


# pipeline ------------------------------------------------------------------------------------
async def pipeline(request):
    snap = await snapshot(request)
    key = page_key(request, snap)
    hit = cached(request, key)
    if hit is not None:
        return hit
    facts = snap.facts
    # each card's next action by Today's rule: the first one left to do (a note held back among
    # them), else one on its way
    from afterview.interfaces.web.views import ON_ITS_WAY

    await _held_ready(request, snap)
    held = held_back(desk(request), snap)
    todo, going = snap.memo("split_held", lambda s: split(s.actions, s, held))
    next_due: dict[int, tuple] = {}
    for action in todo:
        if action.opportunity_id is not None and action.opportunity_id not in next_due:
            next_due[action.opportunity_id] = (action, action.state)
    for action in going:
        if action.opportunity_id is not None and action.opportunity_id not in next_due:
            next_due[action.opportunity_id] = (action, ON_ITS_WAY)
    columns = []
    for status in m.OpportunityStatus:
        cards = [o for o in facts.opportunities.values() if o.status == status]
        cards.sort(key=lambda o: (o.history[-1].at if o.history else o.created_at) or snap.now, reverse=True)
        columns.append({"status": status, "count": len(cards), "cards": cards[:BOARD_LIMIT]})
    return remember(request, key, page(
        request, "pipeline.html", tz=desk(request).user_tz(facts), now=snap.now, columns=columns,
        companies=facts.companies, next_due=next_due, limit=BOARD_LIMIT))


def _opportunity_context(the_desk, opportunity_id: int) -> dict:
    snap = the_desk.snapshot()
    facts = snap.facts
    opportunity = facts.opportunities.get(opportunity_id)
    if opportunity is None:
        raise NotFound(f"no opportunity with id {opportunity_id}")
    held = held_back(the_desk, snap)
    todo, going = split(snap.index("actions_by_opportunity").get(opportunity_id, []), snap, held)
    interviews = sorted(snap.index("interviews_by_opportunity").get(opportunity_id, []), key=lambda i: i.start)
    people_ids = {p.person_id for i in interviews for p in i.participants}
    people = [facts.people[i] for i in sorted(people_ids) if i in facts.people]
    people += [p for p in snap.index("people_by_company").get(opportunity.company_id, []) if p.id not in people_ids]
    messages = snap.index("messages_by_opportunity").get(opportunity_id, [])
    feedback = snap.index("feedback_by_opportunity").get(opportunity_id, [])
    related = m.Facts(
        profile=facts.profile, companies=facts.companies, opportunities={opportunity_id: opportunity},
        people=facts.people, interviews={i.id: i for i in interviews}, messages=messages,
        inbound=snap.index("inbound_by_opportunity").get(opportunity_id, []), feedback=feedback,
        **_decisions(snap.index("decisions_by_opportunity").get(opportunity_id, [])))
    debriefs = {(d.interview_id, d.person_id): d for i in interviews
                for d in snap.index("debriefs_by_interview").get(i.id, [])}
    return {
        "facts": facts, "now": snap.now, "tz": the_desk.user_tz(facts), "opportunity": opportunity,
        "company": facts.companies.get(opportunity.company_id), "interviews": interviews,
        "people": people, "actions": action_views(_to_do(todo), facts, snap),
        "going": action_views(going, facts, snap),
        "timeline": _timeline(related, snap.now, _as_shown(todo, going), opportunity_id=opportunity_id),
        "messages": sorted(messages, key=lambda x: x.id or 0, reverse=True),
        "feedback": feedback, "debriefs": debriefs,
        # approved, but the outbox will hold them back: apart, with why and what to do
        "held": held_rows(the_desk, snap, [h for h in held.values() if _about_opportunity(h, opportunity_id)]),
        "snoozes": snoozes_in_force(snap), "sending": being_sent(snap, the_desk.user_tz(facts)),
    }


def _to_do(todo: list) -> list:
    """The actions a page shows as cards: a note held back is listed apart (`held_rows`)."""
    return [a for a in todo if a.state != HELD_BACK]


def _about_opportunity(held, opportunity_id: int) -> bool:
    """Whether a note held back is about this opportunity (its own, or its action's)."""
    action = held.action
    return (held.message.opportunity_id == opportunity_id
            or (action is not None and action.opportunity_id == opportunity_id))


def _decisions(found: list) -> dict[str, list]:
    """A slice's decisions as the facts keep them: those in force, and those taken back."""
    return {"decisions": [d for d in found if d.undone_at is None],
            "undone": [d for d in found if d.undone_at is not None]}


def _timeline(facts, now, actions, **which) -> list[dict]:
    """The timeline from the records about one opportunity or person (a slice of all facts)."""
    from afterview.domain.timeline import timeline
    from afterview.services.overview import planned_entries

    return timeline_rows(timeline(facts, planned=planned_entries(actions, facts), **which), now)


async def opportunity_page(request):
    opportunity_id = path_id(request)
    snap = await snapshot(request)
    key = page_key(request, snap)
    hit = cached(request, key)
    if hit is not None:
        return hit
    await _held_ready(request, snap)
    context = await quick(request, _opportunity_context, desk(request), opportunity_id)
    return remember(request, key, page(request, "opportunity.html", statuses=list(m.OpportunityStatus), **context))


def _changed(done: str, move, tz: str) -> str:
    """The flash after a status change: what was done, and the note a reopening (or a step back,
    or a skip) needs, the sentence the command line prints."""
    sentence = move.note(tz, see="Today")
    text = f"{done.rstrip('.')}. Note: {sentence}." if sentence else done
    if move.after == m.OpportunityStatus.ACCEPTED and move.before != move.after:
        text = (f"{text.rstrip('.')}. Congratulations! Any other process still open gets a short "
                "withdrawal note, with thanks, on Today.")
    return text


async def opportunity_status(request):
    """Change an opportunity's status (`afterview opportunity status`). The status it has already
    records nothing: the timeline shows each change once, whatever was sent twice."""
    from afterview.services.pipeline import change_status, parse_status

    opportunity_id = path_id(request)
    data = await form(request)
    the_desk = desk(request)
    now = the_desk.now()
    tz = await run(the_desk.user_tz)  # for the day a note names
    note = data.get("note", "").strip()

    def change(tx):
        opportunity = tx.get(m.Opportunity, opportunity_id)
        with at_field("status", "New status"):
            wanted = parse_status(data.get("status", ""))
        if wanted == opportunity.status:  # the status it has: nothing is recorded (nor a second time)
            return opportunity, None
        return change_status(tx, opportunity_id, wanted, now=now, note=note)

    try:
        record, move = await run(the_desk.write, change)
    except NotFound:
        raise
    except AfterviewError as err:
        flash(request, str(err), "error", field=getattr(err, "field", ""), value=data.get("status", ""))
        return redirect(f"/opportunities/{opportunity_id}#st-h")
    if move is None:
        kept = ", your note included (a note goes with a change of status)" if note else ""
        flash(request, f"Status unchanged ({record.status.value}). It is {record.status.value} already: nothing "
                       f"was recorded{kept}.")
        return redirect(f"/opportunities/{opportunity_id}")
    # a note approved or scheduled for the process as it was is not sent now (as after an outcome)
    withdrawn = await run(held_back_text, the_desk, now)
    flash(request, _changed(f"Status changed to {record.status.value}{withdrawn}.", move, tz))
    return redirect(f"/opportunities/{opportunity_id}")


async def opportunity_replied(request):
    """They replied, in a way Afterview could not read (a call, a mail read on the phone): the
    reply is recorded as `afterview replies add` records it, so that the pending status
    follow-ups stop; what was approved for them goes back to drafts."""
    from afterview.errors import ConfigError
    from afterview.interfaces.web.common import typed_day, typed_decision_day, typed_time
    from afterview.services.delivery import (
        decision_told, employer_country, follow_ups_after_reply, reading_line, record_reply,
    )

    opportunity_id = path_id(request)
    data = await form(request)
    the_desk = desk(request)
    now = the_desk.now()
    tz = await run(the_desk.user_tz)

    def save(tx):
        tx.get(m.Opportunity, opportunity_id)  # an unknown one: a 404
        with at_field("rp-person", "Who replied"):
            if not plain_digits(data.get("person_id", "")):
                raise InvalidInput("choose who replied")
            try:
                tx.get(m.Person, int(data["person_id"]))  # gone meanwhile: said at the field, not a 404
            except NotFound as err:
                raise InvalidInput(str(err)) from None
        at = None
        if data.get("day", "").strip():
            with at_field("rp-day", "Day"):
                day = typed_day(data["day"].strip(), now=now, tz=tz)
            with at_field("rp-time", "Time"):
                at = typed_time(day, data.get("time", "").strip() or "12:00", now=now, tz=tz)
                if at > now:
                    raise InvalidInput("a reply cannot arrive later than now")
        try:
            playbook = the_desk.playbook()
        except ConfigError:
            playbook = None
        decided = None
        if data.get("decision_date", "").strip():
            with at_field("rp-date", "They will decide by"):
                # read from the day they said it, as `replies add --decision-date` reads it from --on,
                # on their calendar (business days, Christmas)
                country = employer_country(tx, tx.get(m.Person, int(data["person_id"])), playbook)
                decided = typed_decision_day(data["decision_date"].strip(), now=at or now, tz=tz, country=country)
        record, _, held = record_reply(tx, data["person_id"], now=now, at=at, opportunity_id=opportunity_id,
                                       says=data.get("says", ""), decision_date=decided, playbook=playbook)
        # what becomes of the follow-ups, as the plan has them now (the terminal says it alike)
        said = follow_ups_after_reply(tx, record, now=now, playbook=playbook, decision_date=decided, desk=True)
        # a date in their words: offered, never kept; words that read as a decision: to confirm
        return record, held, said, decision_told(tx, record), reading_line(tx, record)

    try:
        record, held, said, offer, reading = await run(the_desk.write, save)
    except NotFound:
        raise
    except AfterviewError as err:
        flash(request, _reply_twice(str(err), opportunity_id), "error")
        return redirect(f"/opportunities/{opportunity_id}#rp-h")
    who = await run(lambda: the_desk.snapshot().facts.people.get(record.person_id))
    offered = (f" {offer.words[:1].upper()}{offer.words[1:]}: to keep it, use Record this decision date under "
               "What came in." if offer is not None else "")
    # a copy out (Drafts, a file, a link) of a note the plan no longer has: taken back, or named
    held_copies = await run(held_back_text, the_desk, now)
    flash(request, f"Reply from {who.name if who else 'them'} recorded: {said}{held_text(the_desk, held)}"
                   f"{held_copies}.{reading_said(reading)}{offered}")
    return redirect(f"/opportunities/{opportunity_id}")


# How `delivery.reading_line` says a reply's words read as a decision, with the commands to confirm it
_READING = re.compile(r"^reply \d+: this reads as (.+?): record it with afterview replies confirm \d+")


def reading_said(line: str) -> str:
    """" It reads as a rejection ("..."): confirm it under Replies to confirm, on Today." for a reply
    told of whose words read as a decision (`delivery.reading_line`); "" for any other."""
    from afterview.interfaces.web.views import page_link

    found = _READING.match(line)
    if not found:
        return ""
    where = page_link("/#rep-h", "Replies to confirm")
    return (f" It reads as {found.group(1)}: confirm it under {where}, on Today (or use Just note it there, "
            "if it is not).")


def _reply_twice(text: str, opportunity_id: int) -> str:
    """A reply told of twice (`delivery.record_reply`), as the desk says it: the reply by its
    sender and day, not its number, and where it is shown ("reply 12 from Mia Wong on ..." ->
    "The reply from Mia Wong on ...: ... (see the Timeline)")."""
    import re

    from afterview.interfaces.web.views import page_link

    if not re.match(r"reply \d+ from ", text):
        return text
    said = re.sub(r"^reply \d+ from ", "The reply from ", text)
    return f"{said} ({page_link(f'/opportunities/{opportunity_id}#tl-h', 'see the Timeline')})."


# the rejection flow ----------------------------------------------------------------------------
REJECTION_KINDS = ("rejection_reply", "feedback_request", "keep_warm", "linkedin_note", "closing_the_loop")


def _rejection_context(the_desk, opportunity_id: int) -> dict:
    context = _opportunity_context(the_desk, opportunity_id)
    snap = the_desk.snapshot()
    opportunity = context["opportunity"]
    people_ids = {p.id for p in context["people"]}
    related = [a for a in snap.actions
               if (a.opportunity_id == opportunity_id or (a.opportunity_id is None and a.person_id in people_ids))
               and a.kind.value in REJECTION_KINDS]
    held = held_back(the_desk, snap)
    todo, going = split(related, snap, held)  # labelled as on every other page
    by_kind: dict[str, list] = {}
    for view in action_views(todo, context["facts"], snap):
        by_kind.setdefault(view.action.kind.value, []).append(view)
    going_by_kind: dict[str, list] = {}
    for view in action_views(going, context["facts"], snap):
        going_by_kind.setdefault(view.action.kind.value, []).append(view)
    rejected_at, told_by = _rejection_news(opportunity)
    planned = {a.key for a in related}
    replies = [x for x in context["messages"] if x.kind == m.MessageKind.REJECTION_REPLY]
    context.update(by_kind=by_kind, going_by_kind=going_by_kind, rejected_at=rejected_at, told_by=told_by,
                   warm=_warm_rule(the_desk, rejected_at),
                   replied=_replies_handled(context["facts"], opportunity_id, replies),
                   # a draft of the reply the plan no longer has (to someone who did not tell you)
                   stale_replies=[x for x in replies if x.state in _STILL_OPEN and x.action_key not in planned],
                   sent={k: [x for x in context["messages"] if x.kind.value == k] for k in REJECTION_KINDS},
                   held=held_rows(the_desk, snap, _held_here(held, opportunity_id, related)))
    return context


def _held_here(held: dict, opportunity_id: int, related: list) -> list:
    """The notes held back that the rejection page lists: the opportunity's, and those of its cards
    (a keep-in-touch note about no opportunity), so that each card badged *held back* has its why."""
    carded = {a.message_id for a in related if a.message_id}
    return [h for i, h in held.items() if i in carded or _about_opportunity(h, opportunity_id)]


_STILL_OPEN = frozenset({m.MessageState.DRAFTED, m.MessageState.FAILED, m.MessageState.APPROVED,
                         m.MessageState.SCHEDULED})
_HANDLED = {m.MessageState.SENT: "sent", m.MessageState.SENDING: "being sent since",
            m.MessageState.DONE_ELSEWHERE: "marked sent"}


def _rejection_news(opportunity: m.Opportunity) -> tuple:
    """When the rejection it has came and who told you, as the planner reads them (the reply goes
    to that person): the first change of the rejection it has now (a later one with a note, or
    saying someone else told you, is a change of its own: the first stands). For a process no
    longer rejected, its last rejection."""
    rejected = m.OpportunityStatus.REJECTED
    current = []
    if opportunity.status == rejected:
        for change in reversed(opportunity.history):
            if change.status != rejected:
                break
            current.insert(0, change)
    if not current:
        current = [c for c in opportunity.history if c.status == rejected][-1:]
    at = current[0].at if current else None
    return at, next((c.person_id for c in current if c.person_id is not None), None)


def _replies_handled(facts, opportunity_id: int, replies: list) -> list[dict]:
    """The rejection replies that went (sent, being sent, marked sent) or that you marked done on
    Today, each with whom and when, oldest first."""
    from datetime import datetime, timezone

    from afterview.planner.facts import person_of_key

    def name(person_id) -> str:
        person = facts.people.get(person_id) if person_id is not None else None
        return person.name if person is not None else "them"

    found = [{"message": x, "person": name(x.person_id), "how": _HANDLED[x.state],
              "at": x.sent_at or x.updated_at or x.created_at} for x in replies if x.state in _HANDLED]
    gone = {x.action_key for x in replies if x.state in _HANDLED}
    prefix = f"rejection_reply:o{opportunity_id}:p"
    latest: dict[str, m.Decision] = {}
    for decision in facts.decisions:
        if decision.kind == m.DecisionKind.DONE and decision.action_key.startswith(prefix):
            known = latest.get(decision.action_key)
            if known is None or (decision.at, decision.id or 0) > (known.at, known.id or 0):
                latest[decision.action_key] = decision
    for key, decision in latest.items():
        if key not in gone:  # (a note marked sent by hand is said once, as sent)
            found.append({"message": None, "person": name(person_of_key(key)), "how": "marked done",
                          "at": decision.at})
    return sorted(found, key=lambda r: r["at"] or datetime.min.replace(tzinfo=timezone.utc))


def _warm_rule(the_desk, closed_at) -> dict | None:
    """The keep-warm rule in words, for a page that says what comes after the reply."""
    try:
        rule = the_desk.playbook()["keep_warm"]
    except AfterviewError:
        return None  # a broken playbook is reported on Settings and Today
    return {"first_after": rule["first_after"].days, "every": rule["every"].days,
            "stop_after": rule["stop_after"].days,
            "from": closed_at + rule["first_after"] if closed_at is not None else None}


async def rejection_page(request, *, error: str | AfterviewError = "", values: dict | None = None, status: int = 200):
    context = await run(_rejection_context, desk(request), path_id(request))
    # from a reply that answers your request for feedback (Today: "record what they said"): the
    # reply, beside the form, and its sender as who gave the feedback
    raw = request.query_params.get("reply", "") if request.method == "GET" else ""
    answer = next((r for r in context["facts"].inbound if plain_digits(raw) and r.id == int(raw)
                   and context["opportunity"].id in (r.opportunity_id, _answered_opportunity(context["facts"], r))),
                  None)
    return page(request, "rejection.html", status=status, error=error, values=values or {}, answer=answer,
                **context)


def _answered_opportunity(facts, reply) -> int | None:
    """The opportunity of the message a reply answers (None when it answers none)."""
    message = next((x for x in facts.messages if x.id == reply.answers_message_id), None)
    return message.opportunity_id if message is not None else None


async def record_outcome(request):
    from afterview.services.pipeline import change_outcome

    opportunity_id = path_id(request)
    data = await form(request)
    the_desk = desk(request)
    now = the_desk.now()
    try:
        told_by = data.get("person_id", "").strip()  # who delivered the news; empty: not said
        if told_by and not plain_digits(told_by):
            with at_field("outcome-person", "Told by"):
                raise InvalidInput(f"not a person id: {quoted(told_by)}")
        _, move = await run(the_desk.write, lambda tx: _record_outcome(
            tx, opportunity_id, data.get("outcome", ""), now=now, note=data.get("note", "").strip(),
            person=int(told_by) if told_by else None))
    except NotFound:
        raise
    except AfterviewError as err:
        return await rejection_page(request, error=err, values=data, status=400)
    withdrawn = await run(held_back_text, the_desk, now)
    tz = await run(the_desk.user_tz)
    if move.teller is not None:  # the decision it had, with who told you corrected
        flash(request, f"Who told you is corrected: {_teller_text(move.teller)}{withdrawn}.")
    else:
        flash(request, _changed(f"Outcome recorded: {data.get('outcome', '')}{withdrawn}.", move, tz))
    if data.get("outcome") == "rejected":
        return redirect(f"/opportunities/{opportunity_id}/rejection")
    return redirect(f"/opportunities/{opportunity_id}")


def _record_outcome(tx, opportunity_id: int, outcome: str, *, now, note: str, person: int | None):
    """`pipeline.change_outcome`, except that once the reply to the news was sent or marked done,
    the same news recorded again as told by someone else changes nothing, a note or not (without
    one, the service refuses it itself): the reply went to whom it went to, and the page would
    name someone it did not go to."""
    from afterview.errors import Conflict
    from afterview.services import pipeline

    opportunity = tx.get(m.Opportunity, opportunity_id)
    state = pipeline.OUTCOMES.get(outcome.strip().lower())
    if state is None:
        with at_field("outcome", "Outcome"):
            raise InvalidInput(f"unknown outcome {quoted(outcome)} (one of: {', '.join(pipeline.OUTCOMES)})")
    if person is not None:
        with at_field("outcome-person", "Told by"):
            pipeline.of_the_process(tx, opportunity, person)
    if person is not None and state == opportunity.status and state in pipeline.ANSWERED_BY:
        told = (_rejection_news(opportunity)[1] if state == m.OpportunityStatus.REJECTED
                else pipeline.teller(opportunity))
        gone = pipeline.reply_gone(tx, opportunity) if person != told else ""
        if gone:
            with at_field("outcome-person"):  # (the line names who told you)
                raise Conflict(f"{gone}: who told you is left as it was")  # as the service says it
    return pipeline.change_outcome(tx, opportunity_id, outcome, now=now, note=note, person=person)


def _teller_text(teller) -> str:
    """"the rejection reply now goes to Priya Raman, who told you (not Tom Becker). Your draft of
    it to Tom Becker is no longer planned: discard it" """
    from afterview.interfaces.web.views import draft_link

    text = teller.sentence()
    for message_id, name in teller.drafts:  # (the draft linked, to open and discard it)
        draft = draft_link(message_id, f"draft of it{f' to {name}' if name else ''}")
        text += f". Your {draft} is no longer planned: discard it"
    return text


async def record_feedback(request):
    from afterview.services import pipeline
    from afterview.services.pipeline import record_feedback as record

    opportunity_id = path_id(request)
    data = await form(request)
    the_desk = desk(request)
    def save(tx):
        opportunity = tx.get(m.Opportunity, opportunity_id)  # an unknown one: a 404
        person = int(data["person_id"]) if plain_digits(data.get("person_id", "")) else None
        if person is not None:
            with at_field("fb-person", "From"):
                pipeline.of_the_process(tx, opportunity, person)
        if not data.get("text", "").strip():
            with at_field("fb-text", "What they said"):
                raise InvalidInput("feedback text must not be empty")  # (as the service says it)
        recorded = record(tx, opportunity_id, data.get("text", ""), now=the_desk.now(), person_id=person)
        pipeline.feedback_replies_handled(tx, recorded)  # the reply that gave it leaves What came in
        return recorded

    try:
        await run(the_desk.write, save)
    except NotFound:
        raise
    except AfterviewError as err:
        return await rejection_page(request, error=err, values=data, status=400)
    flash(request, "Feedback recorded. Thank them for it, and keep it for your next interviews.")
    return redirect(safe_next(data.get("next"), f"/opportunities/{opportunity_id}/rejection"))


# people --------------------------------------------------------------------------------------
def _person_context(the_desk, person_id: int) -> dict:
    from afterview.interfaces.web.desk import decision_opportunity

    snap = the_desk.snapshot()
    facts = snap.facts
    person = facts.people.get(person_id)
    if person is None:
        raise NotFound(f"no person with id {person_id}")
    held = held_back(the_desk, snap)
    todo, going = split(snap.index("actions_by_person").get(person_id, []), snap, held)
    interviews = sorted(snap.index("interviews_by_person").get(person_id, []), key=lambda i: i.start)
    messages = snap.index("messages_by_person").get(person_id, [])
    decided = snap.index("decisions_by_person").get(person_id, [])
    # status changes are not a person's: only the opportunities their decisions are about (a
    # decision about one that is gone is left out, as the timeline does everywhere)
    named = {o for d in decided for o in decision_opportunity(facts, d)}
    related = m.Facts(
        profile=facts.profile, companies=facts.companies,
        opportunities={o: facts.opportunities[o] for o in named if o in facts.opportunities},
        people=facts.people, interviews={i.id: i for i in interviews}, messages=messages,
        inbound=snap.index("inbound_by_person").get(person_id, []),
        feedback=snap.index("feedback_by_person").get(person_id, []), **_decisions(decided))
    company = facts.companies.get(person.company_id) if person.company_id else None
    shown = person_shown(person, company)
    candidates = _merge_candidates(facts, person)
    tz = the_desk.user_tz(facts)
    return {
        "reply_stop": reply_stop(person, [*related.inbound, *snap.memo("unfiled_replies", _unfiled)], messages, tz),
        "facts": facts, "now": snap.now, "tz": tz, "person": person,
        "company": company, "shown": shown, "version": version(shown), "stored": {},
        "actions": action_views(_to_do(todo), facts, snap), "going": action_views(going, facts, snap),
        "timeline": _timeline(related, snap.now, _as_shown(todo, going), person_id=person_id),
        # approved, but the outbox will hold them back: apart, with why and what to do
        "held": held_rows(the_desk, snap, [h for h in held.values() if h.message.person_id == person_id]),
        "interviews": interviews,
        "debriefs": snap.index("debriefs_by_person").get(person_id, []),
        # the interviews whose panel they are on (a card of one they were taken off is kept, read only)
        "panels": {i.id for i in interviews if any(p.person_id == person_id for p in i.participants)},
        "messages": sorted(messages, key=lambda x: x.id or 0, reverse=True),
        "merge_into": candidates,
        "merge_doubts": _merge_doubts(the_desk, person, candidates),
        "snoozes": snoozes_in_force(snap), "sending": being_sent(snap, tz),
    }


def _unfiled(snap) -> list:
    """The replies filed under no one (a reply to one of a person's notes counts as theirs)."""
    return [r for r in snap.facts.inbound if r.person_id is None and r.answers_message_id is not None]


def reply_stop(person: m.Person, replies: list, messages: list, tz: str) -> dict | None:
    """The reply of theirs that asks not to be contacted again and stops their plan
    (`planner.facts.stop_requests`, as `no_contact_cause` reads it), as their page says it: the
    day it came in your zone and its sentence ({"day": "Fri 20 Nov 2026", "said": "...",
    "reply": id}); None when no reply of theirs stops anything. `replies`: those filed under them
    and those filed under no one (which count when they answer one of their `messages`)."""
    from zoneinfo import ZoneInfo

    from afterview.planner.facts import stop_request, stop_requests

    reply = stop_requests(replies, {x.id: x for x in messages}).get(person.id)
    if reply is None:
        return None
    day = reply.received_at.astimezone(ZoneInfo(tz))
    return {"day": f"{day:%a} {day.day:02d} {day:%b %Y}", "said": stop_request(reply), "reply": reply.id}


def _merge_doubts(the_desk, person: m.Person, candidates: list[m.Person]) -> dict[int, str]:
    """Why each person it may be merged into may be someone else (`merge_doubts`: names or
    companies that differ), by id; said next to the merge box, since a merge has no undo."""
    from afterview.services.merge import merge_doubts

    if not candidates:
        return {}
    found = the_desk.read(lambda tx: {p.id: merge_doubts(tx, person, p) for p in candidates})
    return {number: doubts for number, doubts in found.items() if doubts}


def _merge_candidates(facts: m.Facts, person: m.Person) -> list[m.Person]:
    """Whom a person entered twice may be merged into: namesakes first, then colleagues."""
    name = " ".join(person.name.split()).casefold()
    same = [p for p in facts.people.values() if p.id != person.id and " ".join(p.name.split()).casefold() == name]
    colleagues = sorted((p for p in facts.people.values() if p.id != person.id and p not in same
                         and person.company_id is not None and p.company_id == person.company_id),
                        key=lambda p: p.name.casefold())
    return sorted(same, key=lambda p: p.id) + colleagues


async def person_page(request):
    person_id = path_id(request)
    snap = await snapshot(request)
    key = page_key(request, snap)
    hit = cached(request, key)
    if hit is not None:
        return hit
    await _held_ready(request, snap)
    context = await quick(request, _person_context, desk(request), person_id)
    return remember(request, key, page(request, "person.html", error="", values={}, **context))


PERSON_FIELDS = ("name", "emails", "title", "company", "timezone", "country", "greet_as", "tags")


def person_shown(person: m.Person, company: m.Company | None) -> dict[str, str]:
    """A person's details as their edit form shows them (and as its version digests them)."""
    return {"name": person.name, "greet_as": person.greet_as, "emails": "\n".join(person.emails),
            "title": person.title, "company": company.name if company else "", "timezone": person.timezone,
            "country": person.country, "tags": ", ".join(person.tags),
            "do_not_contact": "yes" if person.do_not_contact else "", "linkedin_url": person.linkedin_url}
# each field's id and label on the person page (an error names the field it is about)
PERSON_FIELD_IDS = {"name": ("p-name", "Name"), "emails": ("p-emails", "Email addresses"), "title": ("p-title", "Title"),
                    "company": ("p-company", "Company"), "timezone": ("p-tz", "Time zone"),
                    "country": ("p-country", "Country"), "greet_as": ("p-greet", "Greet as"),
                    "tags": ("p-tags", "Interests"), "do_not_contact": ("p-dnc", "Do not contact"),
                    "linkedin_url": ("p-linkedin", "LinkedIn profile URL")}


async def person_edit(request):
    """Correct what Capture recorded about a person: name, addresses, title, company, place, interests.

    Unsent emails to them follow a changed address, as `afterview person edit` does: drafts are
    readdressed, approved or scheduled ones too and are drafts again; each is said."""
    from afterview.services import pipeline

    person_id = path_id(request)
    data = await form(request)
    the_desk = desk(request)
    now = the_desk.now()

    def save(tx):
        stored = tx.get(m.Person, person_id)  # an unknown id is a 404, not a form error
        was = stored.country
        # changed since the page was opened (another tab, the terminal): nothing saved (versions.py)
        company = tx.get(m.Company, stored.company_id) if stored.company_id else None
        versions.check(data.get(versions.FIELD), person_shown(stored, company), data, labels=PERSON_FIELD_IDS,
                       what=f"{stored.name}'s details")
        given = {name: data.get(name, "") for name in PERSON_FIELDS}
        given["emails"] = [e for e in given["emails"].replace(",", "\n").split("\n") if e.strip()]
        given["tags"] = [t for t in given["tags"].replace(";", ",").split(",") if t.strip()]
        changes = {}
        for name, value in given.items():  # one field at a time: what is wrong names its field
            field_id, label = PERSON_FIELD_IDS[name]
            with at_field(field_id, label):
                changes.update(pipeline.clean_person_fields(tx, {name: value}))
                if name == "emails":  # nobody else's (the service checks it again)
                    pipeline.check_emails(tx, changes["emails"], other_than=person_id)
        if "linkedin_url" in data:  # checked as `person edit --linkedin` checks it; a form without the field keeps it
            with at_field(*PERSON_FIELD_IDS["linkedin_url"]):
                changes.update(pipeline.clean_person_fields(tx, {"linkedin_url": data["linkedin_url"]}))
        wanted = data.get("do_not_contact") == "yes"
        # the box left unticked for someone not marked asks nothing: a stop read in their reply
        # stands (unticking the box, as --may-contact, takes such a stop back: pipeline.read_wrongly)
        if wanted or stored.do_not_contact:
            changes["do_not_contact"] = wanted
        edited = pipeline.edit_person(tx, person_id, changes, now=now)
        place = f". {edited.place[:1].upper()}{edited.place[1:]}" if edited.place else ""
        if edited.person.country != was:  # a country typed: what it means for the holidays, when worth saying
            place += country_said(data.get("country", ""), now)
        return edited.person, (place + _renamed_text(tx, edited) + _readdressed_text(tx, edited.readdressed)
                               + _old_sends_text(tx, edited.old_sends, edited.person, the_desk.user_tz()))

    try:
        person, said = await run(the_desk.write, save)
    except NotFound:
        raise
    except versions.EditedMeanwhile as err:  # the form again: what was typed, and what changed meanwhile
        context = await run(_person_context, the_desk, person_id)
        context["stored"] = err.stored
        return page(request, "person.html", status=409, error=err, values={**err.values, versions.FIELD: err.version},
                    **context)
    except AfterviewError as err:  # the page again, the details open as typed, with one line
        context = await run(_person_context, the_desk, person_id)
        return page(request, "person.html", status=400, error=err, values=data, **context)
    withdrawn = await run(held_back_text, the_desk, now)  # e.g. do not contact: their approved notes
    flash(request, f"Saved: {person.name}{said}{withdrawn}")
    return redirect(f"/people/{person_id}")


async def person_may_contact(request):
    """*They may be contacted again*: a stop read in their reply taken back, as `afterview person
    edit N --may-contact` takes it (`pipeline.edit_person` with do_not_contact off: the reply is
    marked as read wrongly, and the do-not-contact box is unticked with it). Sent from a page left
    open after that (nothing left to take back): one line, nothing changed."""
    from afterview.services import pipeline

    person_id = path_id(request)
    await form(request)
    the_desk = desk(request)
    now = the_desk.now()

    tz = the_desk.user_tz()

    def allow(tx):
        person = tx.get(m.Person, person_id)  # an unknown id is a 404
        replies = [r for r in tx.list(m.Inbound) if r.person_id in (person_id, None)]
        stop = reply_stop(person, replies, tx.list(m.Message, person_id=person_id), tz)
        if stop is None:  # taken back meanwhile: the box (their own choice) is left as it is
            raise Conflict(f"Nothing changed: no reply from {person.name} asks not to be contacted now (perhaps "
                           "taken back in another tab)" + ("; the do not contact box, your own choice, is "
                                                           "ticked: untick it and save to contact them"
                                                           if person.do_not_contact else ""))
        pipeline.edit_person(tx, person_id, {"do_not_contact": False}, now=now)
        return person, stop

    def said(done) -> str:
        person, stop = done
        return (f"{person.name} may be contacted again: their reply of {stop['day']} is no longer read as asking "
                "not to be contacted; notes to them are planned again.")

    return await write_then_redirect(request, allow, done=said, to=f"/people/{person_id}")


async def person_merge(request):
    """A person entered twice, merged into the one to keep (`afterview person merge`): the box
    must be ticked; the duplicate's page is gone after, so the kept person's page follows."""
    from afterview.services.merge import merge_people

    person_id = path_id(request)
    data = await form(request)
    refused = unconfirmed(request, data, "Not merged: tick the box to confirm.", f"/people/{person_id}#merge-h")
    if refused is not None:
        return refused
    try:
        keep = int(data.get("into", ""))
    except ValueError:
        flash(request, "Not merged: choose the person to keep.", "error")
        return redirect(f"/people/{person_id}#merge-h")
    the_desk = desk(request)
    try:
        merged = await run(the_desk.write, lambda tx: merge_people(tx, person_id, keep, now=the_desk.now()))
    except NotFound:
        if not await run(the_desk.read, lambda tx: tx.count(m.Person, id=person_id)):
            raise  # this page's person is gone: a 404
        flash(request, "Not merged: the person to keep no longer exists.", "error")
        return redirect(f"/people/{person_id}")
    except AfterviewError as err:
        flash(request, f"Not merged: {err}", "error")
        return redirect(f"/people/{person_id}")
    said = ""
    # what became of the kept person's details, which of two notes for one action stands and why,
    # the notes held back or kept approved, where each moved email goes, the drafts that name the
    # duplicate's name, and the notes on their way when a zone came over: the command line's
    # lines (`MergeResult.notes`), each a sentence here
    for line in [*merged.details, *merged.notes(the_desk.user_tz())]:
        line = line.removeprefix("note: ")
        said += f". {line[:1].upper()}{line[1:]}"
    flash(request, f"Merged {merged.duplicate.name} (person {person_id}) into {merged.kept.name}: "
                   f"{merged.summary()} moved over{said}")
    return redirect(f"/people/{keep}")


def _renamed_text(tx, edited) -> str:
    """A new name: the approved notes taken back to read their greeting, and the drafts that
    name the old name, as the desk says it."""
    from afterview.interfaces.web.drafts import message_name

    text = ""
    for message_id, _ in edited.renamed:
        name = message_name(tx, message_id)
        text += (f". {name[:1].upper()}{name[1:]} is a draft again: it was written to {edited.was}; "
                 "read the greeting, then approve it again")
    for message_id, _ in edited.old_greeting:
        name = message_name(tx, message_id)
        text += f". {name[:1].upper()}{name[1:]} names {edited.was}: correct it, or draft it again"
    return text


def _readdressed_text(tx, readdressed: list) -> str:
    """The unsent emails that followed a change of address, as the desk says it: ". The
    thank-you note to Tom Becker now goes to tom@new.example (was tom@old.example)"."""
    from afterview.interfaces.web.drafts import message_name
    from afterview.interfaces.web.views import in_desk_words

    text = ""
    for moved in readdressed:
        name = message_name(tx, moved.message_id)
        name = name[:1].upper() + name[1:]
        if moved.busy:
            line = f"{name} is being sent right now to {moved.old}: too late to change it"
        elif moved.held:
            line = f"{name}: {in_desk_words(moved.held, moved.message_id, name)}"
        elif moved.new:
            line = f"{name} now goes to {moved.new}" + (f" (was {moved.old})" if moved.old else "")
        else:
            line = f"{name} has no address now (was {moved.old}): add one before sending it"
        if moved.copied:
            line += f"; the copy you made earlier still goes to {moved.old}: delete it"
        text += f". {line}"
    return text


def _old_sends_text(tx, old_sends: list, person: m.Person, tz: str) -> str:
    """The notes that failed at, or were sent lately to, an address no longer theirs
    (`PersonEdited.old_sends`), as the desk says it: what a new address does not change."""
    from afterview.interfaces.web.drafts import message_name
    from afterview.interfaces.web.views import draft_link, when as said_when

    new = person.emails[0] if person.emails else ""
    text = ""
    for sent in old_sends:
        name = message_name(tx, sent.message_id)
        link = draft_link(sent.message_id, f"{name[:1].upper()}{name[1:]}")
        if sent.sent:
            at = f" on {said_when(sent.at, tz)}" if sent.at else ""
            again = (f"if it did not reach them, copy its text into an email to {new}" if new
                     else "if it did not reach them, give them an address and write to it")
            text += (f". {link} was sent to {sent.address}{at}, the old address: a sent note is not sent "
                     f"again; {again}")
        elif sent.unknown:
            text += (f". {link} may have arrived at {sent.address}, the old address (its send was cut off): if it "
                     f"did not, open it and send it again, to {new or 'their address, once they have one'}")
        else:
            why = f" ({sent.error})" if sent.error else ""
            text += (f". {link} failed at {sent.address}, the old address{why}: open it and approve it again to "
                     f"send it to {new or 'their address, once they have one'}")
    return text


PEOPLE_PAGE = 100  # people to a page of the People list


async def people_page(request):
    """Everyone, by name, a page at a time (`?page=N`); `?q=` keeps those whose name, address or
    company has the words typed (any case, accents aside, as the list is sorted)."""
    snap = await snapshot(request, unplanned=True)  # the people alone: no plan needed
    key = page_key(request, snap)
    hit = cached(request, key)
    if hit is not None:
        return hit
    from afterview.domain.values import plain_text

    # the words to find, without the control characters no name holds (a NUL would show in the
    # page's title as boxes): taken out, as an import takes them out
    typed = plain_text(request.query_params.get("q", "")[:1000])[0][:200]
    facts = snap.facts

    def listed() -> list[m.Person]:
        everyone = snap.memo("people_by_name", lambda s: sorted(s.facts.people.values(), key=m.Person.name_order))
        if not typed:
            return everyone
        words = [_folded(word) for word in typed.split()]
        companies = facts.companies

        def found(person: m.Person) -> bool:
            company = companies.get(person.company_id) if person.company_id is not None else None
            said = _folded(" ".join([person.name, *person.emails, company.name if company else ""]))
            return all(word in said for word in words)

        return [person for person in everyone if found(person)]

    people = await quick(request, listed)
    number = _page_number(request, len(people), PEOPLE_PAGE)
    shown = people[(number - 1) * PEOPLE_PAGE: number * PEOPLE_PAGE]
    return remember(request, key, page(
        request, "people.html", people=shown, matching=len(people), total=len(facts.people), typed=typed,
        page_number=number, pages=max(1, -(-len(people) // PEOPLE_PAGE)), first=(number - 1) * PEOPLE_PAGE + 1,
        companies=facts.companies))


def _folded(text: str) -> str:
    """Text as the search compares it, as names are sorted: any case, accents aside ("Ángel" finds
    "angel", "Łukasz" "lukasz")."""
    from afterview.domain.values import alphabetical

    return alphabetical(text)[0]


# insights ------------------------------------------------------------------------------------
async def insights_page(request):
    from afterview.services.insights import insights

    snap = await snapshot(request, unplanned=True)  # what happened: no plan needed
    key = page_key(request, snap)
    hit = cached(request, key)
    if hit is not None:
        return hit
    figures = await run(insights, snap.facts)
    return remember(request, key, page(request, "insights.html", figures=figures, charts=chart_rows(figures)))


def chart_rows(figures) -> dict[str, list[tuple[str, float, float, str]]]:
    """(label, value, scale maximum, text) rows for the three bar charts."""
    from afterview.interfaces.web.views import kind_label, percent, status_label

    rates = [(kind_label(r.kind), r.rate, 1.0, f"{percent(r.rate)} ({r.answered}/{r.sent})") for r in figures.rates]
    top = max((n for _, n in figures.reply_buckets), default=0)
    delays = [(label, n, top, str(n)) for label, n in figures.reply_buckets]
    first = figures.stages[0].reached if figures.stages else 0
    stages = [(status_label(s.status), s.reached, first,
               f"{s.reached}" + (f" ({percent(s.conversion)} of the stage before)" if s.conversion is not None else ""))
              for s in figures.stages]
    return {"rates": rates, "delays": delays, "stages": stages}


# the calendar feed ------------------------------------------------------------------------------
async def calendar_feed(request):
    from starlette.responses import Response

    token = request.path_params.get("token", "")
    the_desk = desk(request)
    if not await run(the_desk.feed_token_ok, token):
        return Response("Not found\n", status_code=404, media_type="text/plain")
    from afterview.exporters.calendar_ics import export_calendar
    from afterview.interfaces.web.app import NO_PLAN_STATUS
    from afterview.interfaces.web.desk import PlanUnavailable

    try:
        snap = await run(the_desk.snapshot)
    except PlanUnavailable as err:  # a calendar program keeps what it had; never an old plan as new
        return Response(f"No plan: {err}\n", status_code=NO_PLAN_STATUS, media_type="text/plain")
    data = await run(export_calendar, snap.facts, snap.actions, snap.now, FEED_DAYS)
    return Response(data, media_type="text/calendar; charset=utf-8",
                    headers={"content-disposition": 'inline; filename="afterview.ics"'})


ROUTES = [
    Route("/login", login),
    Route("/logout", logout, methods=["POST"]),
    Route("/", today),
    Route("/actions/draft", action_draft, methods=["POST"]),
    Route("/actions/done", action_done, methods=["POST"]),
    Route("/actions/snooze", action_snooze, methods=["POST"]),
    Route("/actions/skip", action_skip, methods=["POST"]),
    Route("/actions/undo", action_undo, methods=["POST"]),
    Route("/replies/{id}/confirm", confirm_reply, methods=["POST"]),
    Route("/replies/{id}/decision-date", record_reply_decision, methods=["POST"]),
    Route("/pipeline", pipeline),
    Route("/opportunities/{id}", opportunity_page),
    Route("/opportunities/{id}/status", opportunity_status, methods=["POST"]),
    Route("/opportunities/{id}/replied", opportunity_replied, methods=["POST"]),
    Route("/opportunities/{id}/rejection", rejection_page),
    Route("/opportunities/{id}/outcome", record_outcome, methods=["POST"]),
    Route("/opportunities/{id}/feedback", record_feedback, methods=["POST"]),
    Route("/people", people_page),
    Route("/people/{id}", person_page),
    Route("/people/{id}/edit", person_edit, methods=["POST"]),
    Route("/people/{id}/merge", person_merge, methods=["POST"]),
    Route("/people/{id}/may-contact", person_may_contact, methods=["POST"]),
    Route("/insights", insights_page),
    Route("/calendar/{token}.ics", calendar_feed),
    *form_pages({"/logout": "/", "/actions/draft": "/", "/actions/done": "/", "/actions/snooze": "/",
                 "/actions/skip": "/", "/actions/undo": "/", "/replies/{id}/confirm": "/",
                 "/replies/{id}/decision-date": "/",
                 "/opportunities/{id}/status": "/opportunities/{id}",
                 "/opportunities/{id}/outcome": "/opportunities/{id}/rejection",
                 "/opportunities/{id}/feedback": "/opportunities/{id}/rejection",
                 "/people/{id}/edit": "/people/{id}", "/people/{id}/merge": "/people/{id}",
                 "/people/{id}/may-contact": "/people/{id}"}),
]


# A person forgotten at their request (`afterview person forget`) ---------------------------------
async def person_forget(request):
    """*Forget this person*: everything about them erased (`services.privacy.forget_person`); the
    box must be ticked. Their page is gone after, so People follows, with what was erased and
    what stays in the mailbox; a note to them on its way that cannot be stopped here refuses it."""
    from afterview.services.privacy import forget_person, kept_elsewhere, wipe_freed

    person_id = path_id(request)
    data = await form(request)
    refused = unconfirmed(request, data, "Not forgotten: tick the box to confirm.", f"/people/{person_id}#forget-h")
    if refused is not None:
        return refused
    the_desk = desk(request)
    try:
        erased = await run(the_desk.write, lambda tx: forget_person(tx, person_id))
    except NotFound:
        raise  # this page's person is gone: a 404
    except AfterviewError as err:
        flash(request, f"Not forgotten: {err}", "error")
        return redirect(f"/people/{person_id}#forget-h")
    await run(wipe_freed, the_desk.store)
    withdrawn = await run(held_back_text, the_desk, the_desk.now())
    own = erased.not_rewritten()
    flash(request, f"Forgot {erased.person.name} (person {person_id}): erased {erased.summary()}. Not erased: "
                   f"{kept_elsewhere(the_desk.store)}" + (f". {own[:1].upper()}{own[1:]}" if own else "") + f"{withdrawn}.")
    return redirect("/people")


ROUTES += [  # noqa: E305
    Route("/people/{id}/forget", person_forget, methods=["POST"]),
    *form_pages({"/people/{id}/forget": "/people/{id}"}),
]
