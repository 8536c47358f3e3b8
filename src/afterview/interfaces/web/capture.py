"""Capture an interview in under a minute: one form for the interview and its panel, then one
short card per interviewer (topics, concerns, promises, next steps as stated, decision date).
An interview typed wrong is corrected (time, zone, stage, format ...) or deleted here too."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import timedelta

from starlette.routing import Route

from afterview.domain import model as m
from afterview.errors import AfterviewError, Conflict, InvalidInput, NotFound
from afterview.services.interviews import SameMoment
from afterview.interfaces.web import versions
from afterview.interfaces.web.app import flash, form_pages, page, redirect
from afterview.interfaces.web.common import (
    Fields, FormError, at_field, desk, form, items, optional_id, path_id, run, safe_next, typed_day,
    typed_decision_day, typed_time,
)

PANEL_ROWS = 5  # blank panel rows on the form; a panel larger than five is rare
MAX_ROWS = 49  # panel rows read from a form (rows beyond the form's five are shown again after an error)


def _capture_context(the_desk) -> dict:
    snap = the_desk.snapshot(unplanned=True)  # an interview is captured with or without a plan
    facts = snap.facts
    open_opportunities = sorted(
        (o for o in facts.opportunities.values() if not o.status.is_closed),
        key=lambda o: (_company_name(facts, o.company_id).casefold(), o.role),
    )
    tz = the_desk.user_tz(facts)
    return {"opportunities": open_opportunities[:300], "companies": facts.companies, "tz": tz,
            "now": snap.now, "roles": list(m.Role), "formats": list(m.InterviewFormat),
            "rows": PANEL_ROWS}


async def capture_form(request, *, error: str | AfterviewError = "", values: dict | None = None, status: int = 200,
                       recorded: int | None = None):
    """The form; after a refusal, what was typed, the line saying why, and the interview recorded
    already (`recorded`) when that was the reason."""
    context = await run(_capture_context, desk(request))
    chosen = request.query_params.get("opportunity", "")
    defaults = {"opportunity": chosen, "timezone": context["tz"],
                "date": context["now"].astimezone(_zone(context["tz"])).strftime("%Y-%m-%d")}
    # a panel sent with more rows than the form has: as many rows again (an error names one of them)
    context["rows"] = max([PANEL_ROWS, *(int(r["n"]) for r in panel_from(values or {}))])
    return page(request, "capture.html", status=status, error=error, values={**defaults, **(values or {})},
                recorded=recorded, **context)


def _company_name(facts, company_id: int) -> str:
    company = facts.companies.get(company_id)
    return company.name if company else ""


def _zone(name: str):
    from afterview.domain.values import zone

    return zone(name)


def panel_from(data: dict[str, str]) -> list[dict[str, str]]:
    """The filled panel rows of the capture form: name, email, title, role."""
    rows = []
    for n in range(1, MAX_ROWS + 1):
        if f"name_{n}" not in data and n > PANEL_ROWS:
            break
        row = {key: data.get(f"{key}_{n}", "").strip() for key in ("name", "email", "title", "role")}
        if row["name"] or row["email"]:
            rows.append({**row, "n": str(n)})
    return rows


class AlreadyRecorded(Conflict):
    """The interview of the form is recorded already (the form sent again after Back)."""

    def __init__(self, message: str, interview_id: int):
        super().__init__(message)
        self.interview_id = interview_id


@dataclass(frozen=True)
class Captured:
    interview_id: int
    reused: str = ""  # "Senior Backend Engineer at Zalando": the open application a new company and role matched


def _same_role(role: str) -> str:
    """A role as compared: case and spaces aside ("Senior  backend engineer" is the same role),
    as `afterview opportunity add` compares it."""
    from afterview.services.pipeline import role_key

    return role_key(role)


def _open_match(tx, company: str, role: str, start) -> m.Opportunity | None:
    """The open application a "new" company and role of the form already are, or None.

    The company is found as `add_opportunity` finds it (by name, any case, or the first words of
    a unique name); the role is the same ignoring case and spaces. Of several such applications,
    the one with an interview at that start (the form sent twice), else the newest.
    """
    from afterview.services import pipeline

    try:
        owner = pipeline.find_company(tx, company)
    except NotFound:
        return None  # a new company: nothing of it is open
    wanted = _same_role(role)
    found = [o for o in tx.list(m.Opportunity, company_id=owner.id)
             if not o.status.is_closed and _same_role(o.role) == wanted]
    if not found:
        return None
    return max(found, key=lambda o: (bool(_same_interview(tx, o.id, start)), o.id or 0))


def _same_interview(tx, opportunity_id: int, start) -> m.Interview | None:
    """The interview of that application recorded with that start (as `add_interview` checks)."""
    same = [i for i in tx.list(m.Interview, opportunity_id=opportunity_id) if i.start == start and not i.cancelled]
    return same[0] if same else None


def _already_recorded(tx, interview: m.Interview, opportunity: m.Opportunity) -> AlreadyRecorded:
    """The refusal of a second copy, in the desk's words (the page adds a link to the first)."""
    from afterview.interfaces.web.views import interview_span

    company = tx.get(m.Company, opportunity.company_id) if opportunity.company_id else None
    where = f"{opportunity.role} at {company.name}" if company else opportunity.role
    what = interview.stage or f"{interview.format.value} interview"
    return AlreadyRecorded(
        f"This interview is recorded already: {what}, {interview_span(interview)}, {where}. "
        "Open it to write its cards or correct it, rather than recording it again: nothing was saved.",
        interview.id)


def save_capture(the_desk, data: dict[str, str]) -> Captured:
    """Create the interview (and any new company, opportunity and people).

    A "new" company and role that name an open application already (the same company, the
    role equal but for case and spaces) are that application: the form sent again after Back,
    or typed again, records no second application, and the same interview twice is refused.
    """
    from afterview.domain.values import check_typed_timezone, elapsed

    now = the_desk.now()
    with at_field("timezone", "Time zone"):
        tz = check_typed_timezone(data.get("timezone", "").strip() or the_desk.user_tz())
    day_text, start_text, end_text = (data.get(k, "").strip() for k in ("date", "start", "end"))
    # each field read on its own: an error names the field as labelled, with what was typed there
    with at_field("date", "Date"):
        if not day_text:
            raise InvalidInput("give the interview's date")
        day = typed_day(day_text, now=now, tz=tz)
    with at_field("start", "Start"):
        if not start_text:
            raise InvalidInput("give the time it starts")
        start = typed_time(day, start_text, now=now, tz=tz)
    with at_field("end", "End"):
        end = typed_time(day, end_text, now=now, tz=tz) if end_text else elapsed(start, timedelta(hours=1))
        from afterview.services.pipeline import check_interview_times

        check_interview_times(start, end)
    rows = panel_from(data)

    from afterview.services import pipeline

    with at_field("format", "Format"):
        interview_format = chosen_format(data.get("format", ""))
    with at_field("stage", "Stage"):
        pipeline.single_line(data.get("stage", ""), "stage")
    if data.get("call_link", "").strip():
        with at_field("call_link", "Call link"):
            pipeline.web_link(data["call_link"])

    def use_case(tx):
        reused = ""
        with at_field("opportunity", "Opportunity"):
            opportunity_id = optional_id(data.get("opportunity"), "opportunity")
            if opportunity_id is not None:
                try:  # gone meanwhile (deleted in another tab): said at the list, not a missing page
                    tx.get(m.Opportunity, opportunity_id)
                except NotFound as err:
                    raise InvalidInput(str(err)) from None
        if opportunity_id is None:
            company, role = data.get("company", "").strip(), data.get("role", "").strip()
            if not company or not role:
                with at_field(*(("company", "Company") if not company else ("role", "Role"))):
                    raise InvalidInput("choose an opportunity, or give the company and the role")
            with at_field("company", "Company"):
                pipeline.require_text(company, "company name")
            with at_field("role", "Role"):
                pipeline.require_text(role, "role")
            known = _open_match(tx, company, role, start)
            if known is not None:
                opportunity_id = known.id
                owner = tx.get(m.Company, known.company_id)
                reused = f"{known.role} at {owner.name}"
            else:
                opportunity_id = pipeline.add_opportunity(tx, company, role, now=now)[0].id
        opportunity = tx.get(m.Opportunity, opportunity_id)
        same = _same_interview(tx, opportunity.id, start)
        if same is not None:
            raise _already_recorded(tx, same, opportunity)
        rows_of: dict[int, str] = {}  # each person's row on the form (the first, when typed twice)
        participants = []
        for row in rows:
            participant = _participant(tx, row, opportunity.company_id)
            rows_of.setdefault(participant.person_id, row["n"])
            participants.append(participant)
        try:
            interview = pipeline.add_interview(
                tx, opportunity_id, start, end, timezone=tz, now=now, format=interview_format,
                stage=data.get("stage", ""), location=data.get("location", ""),
                call_link=data.get("call_link", ""), participants=_unique(participants),
                notes=data.get("notes", ""))
        except SameMoment as err:  # the check `afterview interview add` makes: said at that person's row
            n = rows_of.get(err.person_id, "1")
            with at_field(f"name_{n}", f"Name {n}"):
                raise _on_another(tx, err) from None
        return Captured(interview.id, reused)

    return the_desk.write(use_case)


def chosen_format(text: str) -> str:
    """The format chosen on the form (phone, video, onsite): a choice the user makes, never one made
    up for them (no "video" when nothing was chosen)."""
    from afterview.services import pipeline

    if not text.strip():
        raise InvalidInput("choose how the interview was held: phone, video or onsite")
    return pipeline.parse_enum(m.InterviewFormat, text, "format").value


def _on_another(tx, err) -> Conflict:
    """Someone of the panel on another opportunity's interview that starts then
    (`interviews.SameMoment`), in the desk's words, that interview named and linked."""
    from afterview.interfaces.web.views import interview_span, page_link

    other = tx.get(m.Interview, err.other)
    opportunity = tx.get(m.Opportunity, other.opportunity_id)
    company = tx.get(m.Company, opportunity.company_id) if opportunity.company_id else None
    where = f"{opportunity.role} at {company.name}" if company else opportunity.role
    what = other.stage or f"{other.format.value} interview"
    name = tx.get(m.Person, err.person_id).name
    return Conflict(f"{name} is already on another interview that starts then ({what}, {interview_span(other)}, "
                    f"{where}): the same interview twice would thank them twice. If it is this one, move it to this "
                    f"application on its page (Opportunity) instead of capturing it again; nothing was saved. "
                    f"{page_link(f'/interviews/{other.id}/edit', 'Open that interview')}")


def _unique(participants: list[m.Participant]) -> list[m.Participant]:
    return list({p.person_id: p for p in participants}.values())


def _participant(tx, row: dict[str, str], company_id: int) -> m.Participant:
    """A panel row as a participant: an existing person (see `_panel_match`) or a new one. What
    is wrong is said of the row's field ("Email 2: invalid email address: ...")."""
    from afterview.domain.values import parse_email
    from afterview.services import pipeline

    n = row.get("n", "")
    with at_field(f"role_{n}", f"Part {n}"):
        role = pipeline.parse_enum(m.Role, row["role"] or "interviewer", "role")
    if not row["name"] and not row["email"]:
        raise InvalidInput("give a name or an email address for each person on the panel")
    if row["email"]:
        with at_field(f"email_{n}", f"Email {n}"):
            parse_email(row["email"])
    if row["name"]:
        with at_field(f"name_{n}", f"Name {n}"):
            pipeline.require_text(row["name"], "name")
    with at_field(f"title_{n}", f"Title {n}"):
        pipeline.single_line(row["title"], "title")
    person = _panel_match(tx, row["name"], row["email"], company_id)
    if person is None:
        if not row["name"]:
            with at_field(f"name_{n}", f"Name {n}"):
                raise InvalidInput(f"give a name for {row['email']}")
        company = tx.get(m.Company, company_id)
        person = pipeline.add_person(tx, row["name"], emails=[row["email"]] if row["email"] else [],
                                     title=row["title"], company=str(company.id))
    return m.Participant(person_id=person.id, role=role)


async def capture_submit(request):
    data = await form(request)
    try:
        captured = await run(save_capture, desk(request), data)
    except AlreadyRecorded as err:
        return await capture_form(request, error=str(err), values=data, status=409, recorded=err.interview_id)
    except AfterviewError as err:  # (someone of the panel on another interview then: a conflict, 409)
        return await capture_form(request, error=err, values=data, status=409 if isinstance(err, Conflict) else 400)
    to = f" for your open application {captured.reused}" if captured.reused else ""
    flash(request, f"Interview saved{to}. Now one short card per interviewer.")
    return redirect(f"/interviews/{captured.interview_id}/debrief")


# debrief cards -------------------------------------------------------------------------------
def _debrief_context(the_desk, interview_id: int) -> dict:
    snap = the_desk.snapshot(unplanned=True)
    facts = snap.facts
    interview = facts.interviews.get(interview_id)
    if interview is None:
        raise NotFound(f"no interview with id {interview_id}")
    opportunity = facts.opportunities.get(interview.opportunity_id)
    debriefs = {d.person_id: d for d in facts.debriefs if d.interview_id == interview_id}
    cards = [{"person": facts.people.get(p.person_id), "role": p.role, "debrief": debriefs.get(p.person_id)}
             for p in interview.participants if p.person_id in facts.people]
    return {"interview": interview, "opportunity": opportunity, "cards": cards, "now": snap.now,
            "company": facts.companies.get(opportunity.company_id) if opportunity else None,
            "tz": the_desk.user_tz(facts), "roles": list(m.Role)}


async def panel_change(request):
    """Add someone to an interview's panel (found by email or name, else added) or take them off.

    Through the use case of the edit form and `afterview interview edit --with/--without`
    (`services.interviews.edit_interview`): an approved or scheduled note to or about someone
    taken off is a draft again, with that cause; the drafts that name them, or are to them, are
    named; and someone added who is on another interview at that moment is refused (the same
    interview twice would thank them twice). A refusal gives the page again with one line and
    what was typed."""
    from afterview.interfaces.web.pages import held_back_text

    interview_id = path_id(request)
    data = await form(request)
    the_desk = desk(request)
    try:
        done, edited = await run(save_panel_change, the_desk, interview_id, data)
    except NotFound:
        raise  # an unknown interview: a missing page (a person is looked up as bad input)
    except AfterviewError as err:
        status = 409 if isinstance(err, Conflict) else 400
        return await debrief_form(request, panel_error=err, panel=data, status=status)
    said = await run(consequences, the_desk, edited)
    withdrawn = await run(held_back_text, the_desk, the_desk.now())
    flash(request, _sentence(f"{done}{said}{withdrawn}"))
    return redirect(f"/interviews/{interview_id}/debrief")


def save_panel_change(the_desk, interview_id: int, data: dict[str, str]):
    """The panel form applied by `edit_interview`: ("Added to the panel: Sam Ortiz", Edited)."""
    from afterview.services import pipeline
    from afterview.services.interviews import edit_interview

    now = the_desk.now()

    def use_case(tx):
        interview = tx.get(m.Interview, interview_id)
        if data.get("remove"):
            gone = optional_id(data.get("remove"), "person")
            if not any(p.person_id == gone for p in interview.participants):
                raise InvalidInput("that person is not on this interview's panel")
            name = tx.get(m.Person, gone).name
            return f"Taken off the panel: {name}", edit_interview(tx, interview_id, now=now, remove=[str(gone)])
        with at_field("panel-name", "Name"):
            name = pipeline.require_text(data.get("name", ""), "name")
        with at_field("panel-role", "Part"):
            role = pipeline.parse_enum(m.Role, data.get("role") or "interviewer", "role")
        email = data.get("email", "").strip()
        if email:
            from afterview.domain.values import parse_email

            with at_field("panel-email", "Email"):
                parse_email(email)
        person = _panel_person(tx, interview, name, email)  # (undone if refused)
        if any(p.person_id == person.id for p in interview.participants):
            with at_field("panel-name"):
                raise InvalidInput(f"{person.name} is already on the panel")
        return (f"Added to the panel: {person.name}",
                edit_interview(tx, interview_id, now=now, add=[f"{person.id}:{role.value}"]))

    return the_desk.write(use_case)


def consequences(the_desk, edited) -> str:
    """What a change to an interview did to its notes, as the desk says it: each note held back
    (by its name, with why), then what to check (". Note: ..."), the drafts named and linked."""
    from afterview.interfaces.web.drafts import message_name
    from afterview.interfaces.web.pages import held_text
    from afterview.interfaces.web.views import draft_link

    named = [i for ids, _ in edited.stale for i in ids] + [i for i, _ in edited.to_leavers]
    names = the_desk.read(lambda tx: {i: message_name(tx, i) for i in named}) if named else {}
    lines = edited.notes(DESK_WORDS, name=lambda i: draft_link(i, names[i]))
    return held_text(the_desk, edited.held) + "".join(f". Note: {line}" for line in lines)


def _panel_person(tx, interview, name: str, email: str):
    """The person (see `_panel_match`), or a new one at the interview's company."""
    from afterview.services import pipeline

    opportunity = tx.get(m.Opportunity, interview.opportunity_id)
    person = _panel_match(tx, name, email, opportunity.company_id)
    if person is not None:
        return person
    return pipeline.add_person(tx, name, emails=[email] if email else [],
                               **({"company": str(opportunity.company_id)} if opportunity.company_id else {}))


def _panel_match(tx, name: str, email: str, company_id: int | None):
    """Who a panel row is, when they are known already: the one with that address, else the one
    with exactly that name at the interview's company (or at none). Someone of the same name at
    another company is another person: a note meant for this panel must not go to their address.
    A known person given an address for the first time keeps it."""
    from afterview.domain.values import parse_email
    from afterview.services import pipeline

    if email:
        try:
            return pipeline.find_person(tx, parse_email(email))
        except NotFound:
            pass
    wanted = " ".join(name.split()).casefold()
    if not wanted:
        return None
    # only those at that company or at none are read (not every person of a large database)
    nearby = tx.list(m.Person, company_id=None) + (tx.list(m.Person, company_id=company_id) if company_id else [])
    same = [p for p in nearby if " ".join(p.name.split()).casefold() == wanted]
    if len(same) != 1:
        return None  # nobody, or several: a new person is clearer than a guess
    person = same[0]
    if email and not person.emails:
        person = pipeline.edit_record(tx, m.Person, person.id, {"emails": [parse_email(email)]})
    return person


async def debrief_form(request, *, error: str | AfterviewError = "", values: dict | None = None, status: int = 200,
                       panel_error: str | AfterviewError = "", panel: dict | None = None):
    """The cards (`values`: the cards as typed, with `error`), and the panel's form (`panel`: as
    typed, with `panel_error`)."""
    context = await run(_debrief_context, desk(request), path_id(request))
    values = values or {}
    for card in context["cards"]:  # each card as stored, or as typed when the form comes back
        n = card["person"].id
        now = card_shown(card["debrief"], n)
        typed = any(name in values for name in now)
        card["values"] = {name: values.get(name, "") for name in now} if typed else now
        # the version the card was opened with, kept until a Save sees what changed meanwhile
        card["version"] = (typed and values.get(f"{versions.FIELD}_{n}")) or versions.version(now)
    # a card typed for someone taken off the panel meanwhile: shown again, read only, to copy
    gone = [{"id": n, "name": name, "values": {key: values.get(key, "") for key in card_shown(None, n)}}
            for n, name in getattr(error, "gone", [])]
    return page(request, "debrief.html", status=status, error=error, values=values,
                stored=getattr(error, "stored", None) or {}, gone=gone,
                panel_error=panel_error, panel_values=panel or {}, **context)


# A card's fields in the form's order, as debrief.html labels them (a line names them so).
CARD_LABELS = {"topics": "Topics you discussed", "concerns": "Their concerns", "promises": "What you promised to send",
               "rapport": "Shared interests, small talk"}
CARD_FIELDS = {**CARD_LABELS, "next_steps": "Next steps", "decision_date": "Decision date"}


def card_shown(debrief: m.Debrief | None, n: int) -> dict[str, str]:
    """A card as the cards page fills it (`n`: its person's id; no debrief: an empty card): its
    version's fields (versions.py)."""
    from afterview.interfaces.web.views import lines

    d = debrief
    shown = {f"{k}_{n}": lines(getattr(d, k)) if d else "" for k in ("topics", "concerns", "promises", "rapport")}
    return {**shown, f"next_steps_{n}": d.next_steps if d else "",
            f"decision_date_{n}": d.decision_date.isoformat() if d and d.decision_date else ""}


def _check_cards(tx, interview: m.Interview, data: dict[str, str]) -> None:
    """Refuse the Save (versions.EditedMeanwhile) when a card the page showed changed since it was
    opened (in the terminal, another tab or desk): edited, written for the first time, or gone (an
    empty card now), each card by the version it was shown with (`version_N`). A card typed for
    someone taken off the panel meanwhile cannot be saved: said, and shown again (`gone`). A card
    of someone added to the panel meanwhile is not on the page and is left as it is. A form sent
    without versions (a script) is saved as before."""
    opened = {}
    for key, value in data.items():
        found = re.fullmatch(rf"{versions.FIELD}_(\d{{1,12}})", key)
        if found and value:
            opened[int(found.group(1))] = value
    if not opened:
        return
    on_panel = {p.person_id for p in interview.participants}
    stored = {d.person_id: d for d in tx.list(m.Debrief, interview_id=interview.id)}
    now = {n: card_shown(stored.get(n), n) for n in opened if n in on_panel}
    changed = [n for n in now if opened[n] != versions.version(now[n])]
    gone = [n for n in opened if n not in on_panel
            and versions.version({key: data.get(key, "") for key in card_shown(None, n)}) != opened[n]]
    if not changed and not gone:
        return
    names = {n: _name_or(tx, n) for n in opened}  # read only for a refusal: a normal Save asks nothing more
    err = None
    if changed:
        several = len(changed) > 1
        labels = {key: (key, f"{CARD_FIELDS[key.rsplit('_', 1)[0]]}{f' for {names[n]}' if several else ''}")
                  for n in changed for key in now[n]}
        whose = [names[n] for n in changed]
        what = f"{whose[0]}'s card" if not several else f"the cards of {', '.join(whose[:-1])} and {whose[-1]}"
        try:
            versions.check("-".join(opened[n] for n in changed), {k: v for n in changed for k, v in now[n].items()},
                           data, labels=labels, what=what)
        except versions.EditedMeanwhile as meanwhile:
            err = meanwhile
    line = str(err) if err else "Not saved."
    if gone:
        who = [names[n] for n in gone]
        listed = who[0] if len(who) == 1 else f"{', '.join(who[:-1])} and {who[-1]}"
        line += (f" {listed} {'was' if len(who) == 1 else 'were'} taken off this interview's panel since this page "
                 f"was opened: what you typed on {'their card' if len(who) == 1 else 'their cards'} cannot be "
                 "saved, and is shown below the cards, read only, to copy; Save again saves the others.")
    values = dict(err.values if err else data)
    for n in opened:  # each card's version as stored now (a card gone: none, it is not sent again)
        values.pop(f"{versions.FIELD}_{n}", None)
        if n in now:
            values[f"{versions.FIELD}_{n}"] = versions.version(now[n])
    refused = versions.EditedMeanwhile(line, values=values, stored=err.stored if err else {}, version="",
                                       field=err.field if err else f"topics_{gone[0]}")
    refused.gone = [(n, names[n]) for n in gone]
    raise refused


def _name_or(tx, person_id: int) -> str:
    """A person's name; one merged into another since is said so."""
    try:
        return _name(tx, person_id)
    except NotFound:
        return "someone merged into another person"


def save_debriefs(the_desk, interview_id: int, data: dict[str, str]) -> tuple[int, list[str], list[str]]:
    """Record every card of the form (replacing what was there); how many were filled, how
    each decision date typed in words ("next Friday") was read, and who is on the panel but had
    no card on the page (added since it was opened: their cards are left as they are).

    A card changed since the page was opened saves nothing (`_check_cards`); every bad field is
    said at once, each at its field, and nothing is saved (`common.Fields`)."""
    from afterview.domain.values import typed_notes
    from afterview.services import pipeline
    from afterview.services.delivery import employer_country

    now = the_desk.now()
    tz = the_desk.user_tz()

    read_as: list[str] = []
    unseen: list[str] = []  # added to the panel since the page was opened: their cards left as they are

    def use_case(tx):
        interview = tx.get(m.Interview, interview_id)
        # a card changed since the page was opened (the terminal, another tab): nothing saved (versions.py)
        _check_cards(tx, interview, data)
        filled = 0
        read_as.clear()  # (a retried transaction starts again)
        unseen.clear()
        if any(key.startswith(f"{versions.FIELD}_") for key in data):  # the page's cards: who was not on it
            unseen.extend(_name(tx, p.person_id) for p in interview.participants
                          if f"{versions.FIELD}_{p.person_id}" not in data and f"topics_{p.person_id}" not in data)
        # every field is read: what is wrong with each is said at once, at its field, and nothing
        # is saved (the transaction is undone)
        fields = Fields()
        for participant in interview.participants:
            n = participant.person_id
            lists = {k: items(data.get(f"{k}_{n}")) for k in ("topics", "rapport", "concerns", "promises")}
            for k, typed in lists.items():  # each list read on its own: an error names the card and the field
                with fields.at(f"{k}_{n}", f"{CARD_LABELS[k]} for {_name(tx, n)}"):
                    _check_card_list(k, data.get(f"{k}_{n}"), typed)
            next_steps = data.get(f"next_steps_{n}", "").strip()
            with fields.at(f"next_steps_{n}", f"{CARD_FIELDS['next_steps']} for {_name(tx, n)}"):
                typed_notes(next_steps, "next steps", pipeline.MAX_ITEM)  # as the service checks it
            decision_text = data.get(f"decision_date_{n}", "").strip()
            decision = None
            # three cards share the label: the error names the card's person, and says what a day looks like
            with fields.at(f"decision_date_{n}", f"Decision date for {_name(tx, n)}"):
                # on their calendar (business days, Christmas), as `debrief --decision-date` reads it
                country = employer_country(tx, tx.get(m.Person, n), the_desk.playbook()) if decision_text else ""
                decision = typed_decision_day(decision_text, now=now, tz=tz, country=country) if decision_text else None
                if decision is not None:  # as the service checks it, said as the other date errors are
                    pipeline.check_decision_date(interview, decision, what="")
            if fields.errors:
                continue  # nothing more is recorded: the cards after it are only read, for their errors
            if not any(lists.values()) and not next_steps and decision is None:
                continue
            # the card replaces what was there: a decision date taken off it is cleared
            pipeline.record_debrief(tx, interview_id, n, next_steps=next_steps, decision_date=decision,
                                    replace=True, clear_decision_date=decision is None, **lists)
            if decision is not None and decision_text != decision.isoformat():
                read_as.append(f"Decision date for {_name(tx, n)}: {decision:%a %d %b %Y} (from “{decision_text}”)")
            filled += 1
        fields.check()
        return filled

    return the_desk.write(use_case), read_as, unseen


def _name(tx, person_id: int) -> str:
    return tx.get(m.Person, person_id).name


def _check_card_list(name: str, text: str | None, typed: list[str]) -> None:
    """One list of a card as the service checks it (`pipeline.check_card_list`); an item too long is
    said with its line and first words, so that it can be found in the box ("the topic on line 3,
    “Kafka migration and the streaming …”, is 1,018 characters long: ...")."""
    from afterview.domain.values import first_words
    from afterview.services import pipeline

    try:
        pipeline.check_card_list(name, typed)
    except InvalidInput as err:
        word = pipeline.ITEM_WORDS[name]  # "a topic"
        if not str(err).startswith(f"{word} is "):
            raise
        for number, line in enumerate((text or "").splitlines(), 1):
            for item in (part.strip() for part in line.split(";") if part.strip()):
                try:
                    pipeline.check_card_list(name, [item])
                except InvalidInput as found:
                    if str(found).startswith(f"{word} is "):
                        where = f"the {word.partition(' ')[2]} on line {number}, “{first_words(item)}”,"
                        raise InvalidInput(where + str(found)[len(word):]) from None
        raise


# The cards' fields as debrief.html labels them, for an error about one of them.
async def debrief_submit(request):
    interview_id = path_id(request)
    data = await form(request)
    try:
        filled, read_as, unseen = await run(save_debriefs, desk(request), interview_id, data)
    except NotFound:
        raise
    except versions.EditedMeanwhile as err:  # the cards again: what was typed, and what changed meanwhile
        return await debrief_form(request, error=err, values=err.values, status=409)
    except AfterviewError as err:
        return await debrief_form(request, error=err, values=data, status=400)
    said = "".join(f" {line}." for line in read_as)  # so that a misread is seen at once
    due, coming = await run(_thank_yous, desk(request), interview_id)
    flash(request, f"Saved {_plural(filled, 'card')}.{said}{_where_on_today(due, coming)}")
    if unseen:  # added to the panel since the page was opened: nothing of theirs was touched
        from afterview.interfaces.web.views import page_link

        listed = unseen[0] if len(unseen) == 1 else f"{', '.join(unseen[:-1])} and {unseen[-1]}"
        flash(request, f"{listed} {'was' if len(unseen) == 1 else 'were'} added to the panel since the cards page was "
                       f"opened: {'their card was' if len(unseen) == 1 else 'their cards were'} left as stored. "
                       f"{page_link(f'/interviews/{interview_id}/debrief', 'Open the cards')}", "note")
    return redirect("/")


def _thank_yous(the_desk, interview_id: int) -> tuple[int, int]:
    """How many thank-you notes the plan has for the interview, (due now, coming up later): where
    Today shows them; none without a plan (Today says why)."""
    states = [a.state for a in the_desk.snapshot(unplanned=True).actions
              if a.interview_id == interview_id and a.kind == m.MessageKind.THANK_YOU]
    due = sum(1 for state in states if state in ("due", "overdue"))
    return due, len(states) - due


def _where_on_today(due: int, coming: int) -> str:
    """Where Today shows an interview's thank-you notes: " The thank-you note is on Today." (due),
    " The thank-you notes are under Coming up on Today (not due yet)." (a Friday interview's are
    planned for Monday), or both."""
    if not due and not coming:
        return ""
    if due and coming:
        return f" Thank-you notes: {due} due on Today, {coming} under Coming up (not due yet)."
    one = due + coming == 1
    where = "on Today" if due else "under Coming up on Today (not due yet)"
    return f" The thank-you {'note is' if one else 'notes are'} {where}."


async def draft_interview(request):
    """Draft every open action of an interview (the panel's thank-you notes)."""
    from afterview.services.drafting import draft_actions

    interview_id = path_id(request)
    the_desk = desk(request)

    def draft():
        now = the_desk.now()
        actions = the_desk.snapshot().actions
        return the_desk.write(lambda tx: draft_actions(tx, interview_id=interview_id, now=now,
                                                        config=the_desk.config, actions=actions))

    try:
        results = await run(draft)
    except NotFound as err:
        flash(request, str(err), "error")
        return redirect("/")
    flash(request, f"{_plural(len(results), 'draft')} ready for review.")
    # what each draft left out for want of an answer (a concern with none recorded): said once,
    # here, as drafting one action from Today says it; the gaps in a text the review shows
    for line in dict.fromkeys(gap.placeholder for result in results for gap in result.asks if gap.optional):
        flash(request, f"To consider: {line}", "note")
    return redirect(f"/drafts/{results[0].message.id}" if results else "/drafts")


# correcting or deleting an interview ---------------------------------------------------------
def shown_times(interview: m.Interview) -> dict[str, str]:
    """The interview's times as the edit form shows them, in its own zone ("15:00": the same day)."""
    from afterview.interfaces.web.views import iso_local

    start, end = iso_local(interview.start, interview.timezone), iso_local(interview.end, interview.timezone)
    return {"start": start, "end": end[-5:] if end[:10] == start[:10] else end, "timezone": interview.timezone}


def edit_values(interview: m.Interview) -> dict[str, str]:
    """The edit form filled with what is stored."""
    return {**shown_times(interview), "duration": "", "format": interview.format.value, "stage": interview.stage,
            "location": interview.location, "call_link": interview.call_link, "notes": interview.notes,
            "cancelled": "yes" if interview.cancelled else "", "opportunity": str(interview.opportunity_id)}


EDIT_FIELDS = {"start": ("start", "Start"), "end": ("end", "End"), "timezone": ("timezone", "Time zone"),
               "format": ("format", "Format"), "stage": ("stage", "Stage"), "location": ("location", "Location"),
               "call_link": ("call_link", "Call link"), "notes": ("notes", "Notes"),
               "cancelled": ("cancelled", "Cancelled"), "opportunity": ("opportunity", "Opportunity")}


def edit_shown(interview: m.Interview) -> dict[str, str]:
    """The stored fields of the edit form (not Duration, which is typed only): its version's."""
    values = edit_values(interview)
    return {name: values[name] for name in EDIT_FIELDS}


def changed_times(interview: m.Interview, data: dict[str, str]) -> dict[str, str | None]:
    """The time fields of the edit form as `edit_interview` takes them (None: kept as stored).

    What the form shows is what is saved: the start and end as they stand, in the zone given
    (a new zone reads the times shown again in it: 13:30 there, not 13:30 here). Fields left as
    shown are not passed when nothing about the times changed, and a duration replaces an end
    left as shown.
    """
    shown = shown_times(interview)
    start, end, duration, tz = (data.get(k, "").strip() for k in ("start", "end", "duration", "timezone"))
    new_zone = bool(tz) and tz != interview.timezone
    start_changed, end_changed = start != shown["start"], bool(end) and end != shown["end"]
    keep_end = not end or (duration and not end_changed) or not (start_changed or end_changed or new_zone)
    return {"start": start if start_changed or new_zone else None, "end": None if keep_end else end,
            "duration": duration or None, "tz": tz if new_zone else None}


def _edit_context(the_desk, interview_id: int) -> dict:
    from afterview.services.interviews import deletion

    def load(tx):
        found = deletion(tx, interview_id)
        opportunity = tx.get(m.Opportunity, found.interview.opportunity_id)
        company = tx.get(m.Company, opportunity.company_id) if opportunity.company_id else None
        names = {c.id: c.name for c in tx.list(m.Company)}
        # where it may be moved: every opportunity, the closed ones said so
        choices = [(o.id, f"{o.role}{f' at {names[o.company_id]}' if o.company_id in names else ''}"
                          f"{f' ({o.status.value})' if o.status.is_closed else ''}") for o in tx.list(m.Opportunity)]
        return {"interview": found.interview, "deletion": found, "opportunity": opportunity, "company": company,
                "opportunities": choices}

    return {**the_desk.read(load), "formats": list(m.InterviewFormat), "tz": the_desk.user_tz()}


async def interview_edit_form(request, *, error: str | AfterviewError = "", values: dict | None = None, status: int = 200):
    context = await run(_edit_context, desk(request), path_id(request))
    interview = context["interview"]
    back = safe_next(request.query_params.get("next"), f"/interviews/{interview.id}/debrief")
    shown = {"next": back, **edit_values(interview), versions.FIELD: versions.version(edit_shown(interview)),
             **(values or {})}
    stored = dict(getattr(error, "stored", None) or {})  # changed meanwhile, and typed otherwise (versions.py)
    if stored.get("opportunity"):  # said by its name, as the list says it
        stored["opportunity"] = dict((str(i), label) for i, label in context["opportunities"]).get(
            stored["opportunity"], stored["opportunity"])
    return page(request, "interview_edit.html", status=status, error=error, values=shown, stored=stored, **context)


def save_interview_edit(the_desk, interview_id: int, data: dict[str, str]):
    """Apply the edit form through the same use case as `afterview interview edit`."""
    from afterview.services.interviews import edit_interview

    now = the_desk.now()

    def use_case(tx):
        record = tx.get(m.Interview, interview_id)
        # changed since the page was opened (another tab, the terminal): nothing saved (versions.py)
        typed = {**data, "cancelled": data.get("cancelled", "")}  # an unticked box is not sent
        versions.check(data.get(versions.FIELD), edit_shown(record), typed, labels=EDIT_FIELDS,
                       what="this interview")
        given = {name: data.get(name) for name in ("stage", "location", "call_link", "notes")}
        moved_to = (data.get("opportunity") or "").strip()
        _check_edit(tx, record, data, now)
        return edit_interview(tx, interview_id, now=now, format=data.get("format") or None,
                              cancelled=data.get("cancelled") == "yes", **given, **changed_times(record, data),
                              opportunity=moved_to if moved_to and moved_to != str(record.opportunity_id) else None)

    return the_desk.write(use_case)


def _check_edit(tx, record: m.Interview, data: dict[str, str], now) -> None:
    """The edit form's fields read one at a time, as `edit_interview` reads them together, so
    that what is wrong names its field (the zone, the start, the end or duration, the opportunity,
    the format); what only the whole can refuse (the same interview twice) is the service's."""
    from afterview.domain.values import check_typed_timezone
    from afterview.services import pipeline
    from afterview.services.interviews import interview_times

    times = changed_times(record, data)
    if times["tz"]:
        with at_field("timezone", "Time zone"):
            check_typed_timezone(times["tz"])
    current = (record.start, record.end)

    def read(start, end, duration):
        return interview_times(start, end, duration, times["tz"] or record.timezone, now=now,
                               default_tz=record.timezone, current=current)

    if times["start"] is not None:
        with at_field("start", "Start"):
            read(times["start"], None, None)
    if times["end"] is not None:
        with at_field("end", "End"):
            read(times["start"], times["end"], None)
    if times["duration"] is not None:
        with at_field("duration", "Duration"):
            if times["end"] is not None:
                raise InvalidInput("give an end or a duration, not both")
            read(times["start"], None, times["duration"])
    if any(times.values()):
        begins, ends, _ = read(times["start"], times["end"], times["duration"])
        with at_field("duration" if times["duration"] else "end", "Duration" if times["duration"] else "End"):
            pipeline.check_interview_times(begins, ends)
    moved_to = (data.get("opportunity") or "").strip()
    if moved_to and moved_to != str(record.opportunity_id):
        with at_field("opportunity", "Opportunity"):
            try:
                tx.get(m.Opportunity, pipeline.parse_id(moved_to, "opportunity"))
            except NotFound as err:
                raise InvalidInput(str(err)) from None
    if data.get("format"):
        with at_field("format", "Format"):
            pipeline.parse_enum(m.InterviewFormat, data["format"], "format")
    if data.get("stage") is not None and data["stage"].strip() != record.stage:
        with at_field("stage", "Stage"):
            pipeline.single_line(data["stage"], "stage")
    if data.get("call_link") and data["call_link"].strip() != record.call_link:  # a web link, as every link field takes it
        with at_field("call_link", "Call link"):
            pipeline.web_link(data["call_link"])


def _saved(the_desk, edited) -> str:
    """"Saved: panel interview, Wed 02 Dec 2026, 09:00-10:30 America/New_York" """
    from afterview.interfaces.web.views import interview_span

    interview = edited.interview
    what = interview.stage or f"{interview.format.value} interview"
    text = f"Saved: {what}, {interview_span(interview)}"
    if interview.cancelled:
        text += " (cancelled: nothing is planned for it)"
    if edited.opportunity is not None:
        target = edited.opportunity
        company = the_desk.read(lambda tx: tx.get(m.Company, target.company_id).name if target.company_id else "")
        text += f", now for {target.role}{f' at {company}' if company else ''}"
        decisions, messages = edited.carried
        along = " and ".join(_plural(n, noun) for n, noun in ((messages, "message"), (decisions, "decision")) if n)
        if along:
            text += f" (its {along} moved with it)"
    return text + consequences(the_desk, edited)  # named as the desk names them, with the desk's way out


# How the desk says the ways to act on a note about a corrected interview (the CLI gives commands).
DESK_WORDS = {
    "redraft": "in the draft editor, Redraft writes it again from your notes",
    "undo": "use Undo under Recently decided on Today",
    "discard": "discard it in the draft editor",
    "status": "its page changes the status",
}


async def interview_edit_submit(request):
    from afterview.interfaces.web.pages import held_back_text

    interview_id = path_id(request)
    data = await form(request)
    the_desk = desk(request)
    try:
        edited = await run(save_interview_edit, the_desk, interview_id, data)
    except NotFound:
        raise
    except versions.EditedMeanwhile as err:  # the form again: what was typed, and what changed meanwhile
        return await interview_edit_form(request, error=err, values={**err.values, versions.FIELD: err.version},
                                         status=409)
    except AfterviewError as err:
        typed = {**data, "cancelled": data.get("cancelled", "")}  # an unticked box is not sent
        return await interview_edit_form(request, error=err, values=typed, status=400)
    withdrawn = await run(held_back_text, the_desk, the_desk.now())
    saved = await run(_saved, the_desk, edited)
    flash(request, _sentence(f"{saved}{withdrawn}"))
    back = safe_next(data.get("next"), f"/interviews/{interview_id}/debrief")
    if edited.left is not None and back == f"/opportunities/{edited.left.id}":
        back = f"/opportunities/{edited.opportunity.id}"  # back to where the interview now is
    return redirect(back)


# The desk's ways out of a refused deletion (services.interviews.DELETE_WORDS are the CLI's).
DELETE_WORDS = {"edit": "correct its start, end, zone or panel above", "cancel": "tick Cancelled above and save",
                "insist": "tick 'Delete it all the same' and delete again"}


async def interview_delete(request):
    """Delete an interview once the box saying so is ticked; its messages stay (see services.interviews).
    One with notes out is refused (Conflict, the form again) unless 'Delete it all the same' is ticked."""
    from afterview.interfaces.web.pages import held_back_text, held_text
    from afterview.interfaces.web.views import day
    from afterview.services.interviews import delete_interview

    interview_id = path_id(request)
    data = await form(request)
    the_desk = desk(request)
    typed = {name: data[name] for name in ("confirm", "forget_sent") if data.get(name)}
    if data.get("confirm") != "yes":
        await run(the_desk.read, lambda tx: tx.get(m.Interview, interview_id))  # an unknown id: 404 first
        return await interview_edit_form(
            request, status=400, values=typed,
            error=FormError.of("tick 'Yes, delete this interview' to delete it: nothing was deleted", "confirm"))
    forget_sent = data.get("forget_sent") == "yes"
    dropped = await run(_dropped, the_desk, interview_id)  # from the plan as it stands, before the deletion
    try:
        gone = await run(the_desk.write, lambda tx: delete_interview(tx, interview_id, now=the_desk.now(),
                                                                     forget_sent=forget_sent, words=DELETE_WORDS))
    except Conflict as err:  # notes out: nothing deleted, the ways out said
        return await interview_edit_form(request, status=409, values=typed,
                                         error=FormError.of(err, "forget_sent"))
    withdrawn = await run(held_text, the_desk, gone.held) + await run(held_back_text, the_desk, the_desk.now())
    interview = gone.interview
    kept = ""
    if gone.messages:
        kept = f"; its {_plural(gone.messages, 'message')} {'is' if gone.messages == 1 else 'are'} kept"
    cards = f"its {_plural(gone.debriefs, 'card')}" if gone.debriefs else "no cards"
    flash(request, _sentence(f"Deleted the {interview.stage or 'interview'} of "
                             f"{day(interview.start, interview.timezone)} with {cards}{kept}{withdrawn}"))
    for line in replace(gone, dropped=dropped).lines(the_desk.user_tz()):  # what it dropped and forgot
        flash(request, _sentence(f"{line[0].upper()}{line[1:]}"))
    return redirect(f"/opportunities/{interview.opportunity_id}")


def _dropped(the_desk, interview_id: int) -> list:
    """What the plan has about the interview (`planned_about`, from the desk's plan); [] when
    there is no plan (a playbook that cannot be read): the deletion is not refused for it."""
    from afterview.interfaces.web.desk import PlanUnavailable
    from afterview.services.interviews import planned_about

    try:
        actions = the_desk.snapshot().actions
    except PlanUnavailable:
        return []
    return the_desk.read(lambda tx: planned_about(tx, interview_id, now=the_desk.now(), actions=actions))


def _sentence(text: str) -> str:
    """A message that ends as a sentence does (with one full stop)."""
    return text if text.endswith((".", "!", "?")) else f"{text}."


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


ROUTES = [
    Route("/capture", capture_form),
    Route("/capture", capture_submit, methods=["POST"]),
    Route("/interviews/{id}/debrief", debrief_form),
    Route("/interviews/{id}/debrief", debrief_submit, methods=["POST"]),
    Route("/interviews/{id}/panel", panel_change, methods=["POST"]),
    Route("/interviews/{id}/draft", draft_interview, methods=["POST"]),
    Route("/interviews/{id}/edit", interview_edit_form),
    Route("/interviews/{id}/edit", interview_edit_submit, methods=["POST"]),
    Route("/interviews/{id}/delete", interview_delete, methods=["POST"]),
    *form_pages({"/interviews/{id}/panel": "/interviews/{id}/debrief", "/interviews/{id}/draft": "/interviews/{id}/debrief",
                 "/interviews/{id}/delete": "/interviews/{id}/edit"}),
]
