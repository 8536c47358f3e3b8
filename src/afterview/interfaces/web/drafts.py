"""The draft editor: live review findings, suggestions, the tone switch, and the ways out
(approve, send to the mailbox's Drafts folder, schedule, download an .eml; a note copied out
sent by SMTP instead; a note whose send's outcome is unknown marked sent, or sent again at the
user's word)."""

from __future__ import annotations

from dataclasses import replace

from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from afterview.domain import model as m
from afterview.errors import AfterviewError, Conflict, DeliveryError, InvalidInput, NotFound
from afterview.interfaces.web.app import flash, form_pages, keep, page, redirect, unconfirmed, write_then_redirect
from afterview.interfaces.web.common import FormError, Kept, at_field, desk, form, path_id, run, safe_next

ACTIONS = ("save", "approve", "send", "drafts", "schedule", "eml", "smtp_instead", "resend", "take_back",
           "withdraw")
# The live review (as you type) takes a subject and text of this many characters at most: about
# 3,500 words, ten times the longest note anyone sends after an interview, and still reviewed in a
# fraction of a second after each pause in typing. A longer text is reviewed in full when it is
# saved (and whenever the editor is opened); the editor says so in the review's status line.
MAX_REVIEW_CHARS = 20_000


def findings_json(findings: list) -> list[dict]:
    return [{**f.to_dict(), "field": f.field} for f in findings]


def _being_sent(the_desk, snap, message) -> dict[int, str]:
    """A note being sent, as every page says it (pages.being_sent); {} for any other note."""
    if message.state != m.MessageState.SENDING:
        return {}
    from afterview.delivery.outbox import sending_words
    from afterview.interfaces.web.pages import sending_desk_words
    from afterview.interfaces.web.views import when

    tz = the_desk.user_tz(snap.facts)
    return {message.id: sending_desk_words(sending_words(message, snap.now, lambda moment: when(moment, tz)))}


def _editor_context(the_desk, message_id: int, subject: str | None = None, body: str | None = None) -> dict:
    from afterview.composer import TONES
    from afterview.services.drafting import OPEN_STATES, review_message, text_version

    snap = the_desk.snapshot(unplanned=True)  # a note can be read and edited without a plan
    facts = snap.facts
    message = next((x for x in facts.messages if x.id == message_id), None)
    if message is None:
        raise NotFound(f"no draft with id {message_id}")
    shown = replace(message)
    if subject is not None:
        shown.subject = subject
    if body is not None:
        shown.body = body
    person = facts.people.get(message.person_id)
    held_earlier = _no_longer_holds(the_desk, message)
    if shown.last_error:  # why it is a draft again, with the desk's way to send it all the same
        from afterview.domain.model import message_named
        from afterview.interfaces.web.views import in_desk_words

        shown.last_error = in_desk_words(shown.last_error, message_id, message_named(
            message.kind, person.name if person else None), opened=True)
    opportunity = facts.opportunities.get(message.opportunity_id) if message.opportunity_id else None
    try:
        accounts = sorted(the_desk.accounts())
    except AfterviewError:
        accounts = []
    from afterview.services.delivery import COPY_HELD, copied_out, outcome_unknown, waits_for_account

    copied = message.state in (m.MessageState.DRAFTED, m.MessageState.FAILED) and copied_out(message)
    try:
        findings, review_problem = review_message(facts, shown, the_desk.config), ""
    except AfterviewError as err:  # (a plugin whose registration fails): the note can still be read and saved
        findings, review_problem = [], str(err)
    unknown = outcome_unknown(message)
    return {
        # approved or scheduled, but the outbox will hold it back when its round comes: why, and what to do
        "held": _held_back_row(the_desk, snap, message),
        # being sent: since when, or cut off (macros.sending_said), as Today's On their way says it
        "sending": _being_sent(the_desk, snap, message),
        # its last send may have arrived (interrupted after the server may have taken it): the
        # editor asks which it was, and sends nothing again but at the user's word
        "unknown": unknown, "has_key": bool(message.action_key),
        "unknown_at": message.updated_at if unknown and message.state == m.MessageState.FAILED else None,
        # its text as it went (the stored one: failed so, it is unchanged since that send; a draft
        # again, it was edited since), to copy out and look for in the Sent folder
        "sent_copy": _as_sent(message, person) if unknown else "",
        "sent_changed": unknown and message.state == m.MessageState.DRAFTED,
        "review_errors": any(f.severity == "error" for f in findings),
        "theirs": _their_zone(the_desk, message, person),
        "goes_to_now": _goes_to_now(message, person),
        "waiting": waits_for_account(message),  # its account could not send it: it waits for the account
        "copied": copied, "copy_in_drafts": copied and message.note.startswith("placed in "),
        "copy_where": message.note.split(";")[0] if copied else "",
        # a copy out that the plan no longer wants, which could not be taken back (`delivery.hold_copies`)
        "copy_held": copied and COPY_HELD in message.note,
        "message": shown, "person": person, "opportunity": opportunity,
        "version": text_version(message),  # the stored text's: a save checks nobody changed it meanwhile
        "company": facts.companies.get(opportunity.company_id) if opportunity else None,
        "findings": findings, "review_problem": review_problem, "tones": TONES,
        "editable": message.state in OPEN_STATES, "accounts": accounts,
        "tz": the_desk.user_tz(facts), "is_email": message.channel == m.Channel.EMAIL,
        "held_earlier": held_earlier,
        "rests_on": _rests_on(snap, message),
        "no_plan": snap.problem,  # the playbook cannot be read: said, and nothing said of the plan
        "next_draft": _next_draft(facts, message),
        "send_now_warnings": _send_now_warnings(the_desk, message, snap.now)
        if message.state in OPEN_STATES and message.channel == m.Channel.EMAIL and not unknown else [],
    }


def _next_draft(facts, message) -> dict | None:
    """The next draft, not approved yet, of the same interview (else of the same opportunity):
    after "Draft the notes", each of the panel's notes is opened in turn from the one before.
    The one drafted after this one, or from the last, the first left; None when there is no other.
    {"id": 12, "name": "the thank-you note to Tom Becker", "left": 2} ("left": the others)."""
    from afterview.domain.model import message_named

    if message.interview_id is not None:
        same = lambda x: x.interview_id == message.interview_id  # noqa: E731
    elif message.opportunity_id is not None:
        same = lambda x: x.opportunity_id == message.opportunity_id  # noqa: E731
    else:
        return None
    others = sorted((x for x in facts.messages if x.state == m.MessageState.DRAFTED and x.id != message.id
                     and same(x)), key=lambda x: x.id or 0)
    if not others:
        return None
    found = next((x for x in others if (x.id or 0) > (message.id or 0)), others[0])
    person = facts.people.get(found.person_id)
    return {"id": found.id, "name": message_named(found.kind, person.name if person else None),
            "left": len(others), "of": "interview" if message.interview_id is not None else "opportunity"}


def _held_back_row(the_desk, snap, message) -> dict | None:
    """An approved or scheduled note that the outbox will hold back when its round comes
    (`pages.held_back`, the one rule of every page): why it will not go and what to do, as the
    pages list it (`pages.held_rows`), the editor being open already; None for any other."""
    if message.state not in (m.MessageState.APPROVED, m.MessageState.SCHEDULED):
        return None
    from afterview.interfaces.web.pages import held_back, held_rows

    found = held_back(the_desk, snap).get(message.id)
    if found is None:
        return None
    [row] = held_rows(the_desk, snap, [found])
    return {**row, "then": row["then"].replace("open it and ", "").replace("open it, ", "")}


def _rests_on(snap, message) -> str:
    """The sender of the reply, not confirmed yet, that the note's planned action rests on
    (`Action.rests_on`, as its card says it: `views.resting_on`); "" for a note that has gone."""
    from afterview.interfaces.web.views import resting_on

    if message.state not in (m.MessageState.DRAFTED, m.MessageState.APPROVED, m.MessageState.SCHEDULED,
                             m.MessageState.FAILED):
        return ""
    action = snap.memo("actions_by_key", lambda s: {a.key: a for a in s.actions}).get(message.action_key)
    return resting_on(snap.facts, action) if action is not None else ""


def _send_now_warnings(the_desk, message, now) -> list[str]:
    """The review's warnings about sending the note now (their weekend or night, too soon after
    another note), each in one sentence, as `afterview send --now` says them before it sends:
    shown by Send now, so that they are read before it is pressed, never after."""
    from afterview.services.delivery import judge_moment

    try:
        judged = the_desk.read(lambda tx: judge_moment(tx, message, now, the_desk.config, now=now))
    except AfterviewError:  # (a plugin that fails): the review's own line says it
        return []
    return [f"{f.message[:1].upper()}{f.message[1:]}".rstrip(".") + "." for f in judged.warnings]


def _goes_to_now(message, person) -> str:
    """A failed send to an address no longer its person's keeps that address as its record
    (`pipeline.follow_addresses`): where it goes when sent again, said; "" otherwise."""
    if message.state != m.MessageState.FAILED or person is None or not message.to_address:
        return ""
    if message.to_address.casefold() in {e.casefold() for e in person.emails}:
        return ""
    if not person.email:
        return f"{person.name} has no address now: add one on their page"
    return f"sent again, it goes to {person.email}"


def _as_sent(message, person) -> str:
    """The note as a mail program shows it, to copy: its recipient (name and address), subject
    and text, from what is stored (never a text typed on the page and not saved)."""
    address = message.to_address or (person.email if person else "")
    name = person.name if person else ""
    to = f"{name} <{address}>" if name and address else address or name
    return f"To: {to}\nSubject: {message.subject}\n\n{message.body}"


def _their_zone(the_desk, message, person) -> str:
    """The zone the recipient's clock is in, as the note's card names it (`views.recipient_zone`)."""
    from afterview.interfaces.web.views import ActionView, recipient_zone

    snap = the_desk.snapshot(unplanned=True)  # without a plan: the person's own zone
    actions = snap.memo("actions_by_key", lambda s: {a.key: a for a in s.actions})
    action = actions.get(message.action_key) if message.action_key else None
    return recipient_zone(ActionView(action, person, None, None, message))


def _no_longer_holds(the_desk, message) -> str:
    """Why the reason a held-back draft keeps is out of date ("it is planned again and can be
    approved": its action, no longer planned then, is; "its text no longer names ..."), or "" while it
    holds: `delivery.hold_lapsed`, the rule `afterview show` says it by too."""
    from afterview.services.delivery import hold_lapsed, needs_plan

    planned = None
    if needs_plan(message):
        snap = the_desk.snapshot(unplanned=True)
        if snap.problem:  # no plan to tell by: the reason is said as it is
            return ""
        planned = snap.memo("actions_by_key", lambda s: {a.key: a for a in s.actions})
    return hold_lapsed(message, planned)


async def editor(request, *, error: str = "", subject: str | None = None, body: str | None = None,
                 status: int = 200, why_said: bool = False, when: str = "", despite: bool = False,
                 sure: bool = False, version: str | None = None):
    """The editor; `why_said`: the error line says why the note has not gone (Send now), so the
    line the note keeps about its last try is not said twice. After a refusal, `when`,
    `despite` and `sure` are Send at, the review's box and 'I am sure it did not arrive' as they were."""
    context = await run(_editor_context, desk(request), path_id(request), subject, body)
    if version:  # after a refusal: still the text the page was opened with (a Save again is refused again)
        context["version"] = version
    return page(request, "draft.html", status=status, error=error, why_said=why_said, when=when, despite=despite,
                sure=sure, **context)


async def drafts_list(request):
    from afterview.services.drafting import review_message

    the_desk = desk(request)

    def build():
        snap = the_desk.snapshot(unplanned=True)  # drafts are listed without a plan too
        facts = snap.facts
        from afterview.interfaces.web.views import open_messages

        planned = {a.key for a in snap.actions}
        rows = []
        for message in open_messages(facts)[:200]:
            findings = review_message(facts, message, the_desk.config)
            rows.append({"message": message, "person": facts.people.get(message.person_id),
                         "errors": sum(f.severity == "error" for f in findings),
                         "warnings": sum(f.severity == "warning" for f in findings),
                         # its action was dropped (a reply, a decision, a skip): likely not needed
                         # (not known without a plan)
                         "unplanned": bool(message.action_key) and message.action_key not in planned
                                      and not snap.problem})
        return rows, the_desk.user_tz(facts), snap.problem

    rows, tz, no_plan = await run(build)
    return page(request, "drafts.html", rows=rows, tz=tz, no_plan=no_plan)


def _act(the_desk, message_id: int, data: dict[str, str]) -> tuple[str, bytes | None]:
    """Save the text, then do what the pressed button asks; (message for the user, .eml bytes)."""
    from afterview.services import delivery, drafting

    action = data.get("do", "save")
    if action not in ACTIONS:
        raise InvalidInput(f"unknown action {action!r}")
    if action != "smtp_instead":  # (which says what became of a note in its own words: `_smtp_instead`)
        _still_open(the_desk, message_id, action, typed="body" in data)
    if action == "withdraw":  # Take it back on a card, Withdraw approval in the editor
        # from the editor, the text as typed there is saved with it, a draft again: both or neither
        return _withdraw(the_desk, message_id, data if "body" in data else None), None
    if "body" in data:  # refused by drafting.edit_draft too: checked first to point at the field
        from afterview.domain.values import single_line

        with at_field("subject"):
            single_line(data.get("subject", ""), "the subject")
    if action in WITH_THE_PLAN:  # sent when the plan says, and only while it has the note: none, nothing
        from afterview.interfaces.web.desk import PlanUnavailable

        try:
            the_desk.snapshot()
        except PlanUnavailable as err:
            raise Conflict(f"Not {WITH_THE_PLAN[action]}: no plan can be made until this is corrected: "
                           f"{err}") from None
    if action == "smtp_instead":  # its own order: every check before the mailbox is touched
        return _smtp_instead(the_desk, message_id, data), None
    # Sent again after a send whose outcome is unknown: only with its box ticked, the user saying
    # it did not arrive (a second copy reaches them if it did): never by surprise
    resend = action == "resend"
    if resend and data.get("resend") != "yes":
        with at_field("resend"):  # (the line names the box)
            raise InvalidInput(f"Not sent again: tick '{RESEND_BOX}' first. If its first send did arrive, "
                               "sending it again gives them a second copy")
    if action == "send" and not the_desk.sends:
        raise InvalidInput("this desk runs at a made-up moment (--at) and sends nothing: "
                           "start it without --at to send")
    now = the_desk.now()
    if action == "send" and data.get("anyway") != "yes" and not data.get("next"):
        # Send now from the editor with warnings about this moment asks once (Send anyway)
        message = the_desk.read(lambda tx: tx.get(m.Message, message_id))
        warnings = _send_now_warnings(the_desk, message, now) if message.channel == m.Channel.EMAIL else []
        if warnings:
            with at_field(SEND_ANYWAY):
                raise InvalidInput("Not sent yet: check the time first (the warnings above the buttons). To send it "
                                   "now all the same, use Send anyway; Approve sends it at the planned moment instead")
    # a time to send at is read before anything is written: a bad one changes nothing
    if action == "schedule":
        with at_field("when", "Send at"):
            when = _when(the_desk, data.get("when", ""), now)
    else:
        when = now if action == "send" else None
    # Approve means "send at the planned moment": a thank-you planned for the next business
    # morning is not sent in the night it was approved in (Send now is for "at once")
    planned = _planned_moment(the_desk, message_id, now) if action in ("approve", "resend") else None
    if planned is not None:
        when = planned
    withdrawn = unknown_again = False
    # copied out again at once with this text (its copy in Drafts replaced, a new .eml file): a note
    # whose copy is out takes a new text only so (drafting.CopyIsOut), never to differ from that copy
    recopy = action in ("drafts", "eml", "take_back")
    if "body" in data:
        def edit(tx) -> tuple[bool, bool]:
            before = tx.get(m.Message, message_id)
            was, subject = before.state, data.get("subject", "").strip()
            if (was in (m.MessageState.APPROVED, m.MessageState.SCHEDULED) and delivery.resent(before)
                    and (before.subject, before.body) != (subject, data["body"])):
                # approved again at the user's word after an unknown outcome: its approval withdrawn
                # as `afterview approve --withdraw` withdraws it, back to "it may have arrived",
                # never a plain draft that hides the first send
                delivery.withdraw_approval(tx, message_id, now=now)
            saved, _, changed = drafting.edit_draft(tx, message_id, subject, data["body"], now=now,
                                                    config=the_desk.config, opened=data.get("version") or None,
                                                    recopy=recopy)
            return (changed and was in (m.MessageState.APPROVED, m.MessageState.SCHEDULED),
                    delivery.outcome_unknown(saved))

        if not recopy:  # (copied out with the copy, in one step: `delivery.to_drafts(edit=...)`, the .eml below)
            try:
                withdrawn, unknown_again = the_desk.write(edit)
            except drafting.CopyIsOut as err:
                name = the_desk.read(lambda tx: message_name(tx, message_id))
                raise Conflict(copy_is_out_words(name, err, VERBS.get(action, "saved"))) from None
    else:
        edit = None
    if action == "take_back":  # the copy out taken back (removed from Drafts), then the text as typed saved
        return _take_back(the_desk, message_id, edit, data.get("not_sent") == "yes"), None
    account = data.get("account") or None
    if action == "save":
        said = "Draft saved."
        if not withdrawn:  # approved or scheduled still: the text was as saved, so nothing changed
            still = _still_going(the_desk, message_id)
            said = still or said
        if withdrawn and unknown_again:  # sent again at the user's word, then changed: back to the question
            said = ("Draft saved. The text changed, so sending it again is called off: it is back to the question "
                    "whether its first send arrived (Did it arrive?, above). If you are sure it did not, tick "
                    f"'{RESEND_BOX}' and use {NOT_ARRIVED}; if it did, use {ARRIVED}.")
        elif withdrawn:
            said = "Draft saved. The text changed, so it will not be sent until you approve or schedule it again."
        if data.get("when", "").strip():  # Enter in "Send at" without the page's script: Save is the form's first button
            said += (f" It was not scheduled: the time in Send at ({data['when'].strip()}) is kept below; "
                     "use Schedule to send it then.")
        return said, None
    # Copying a note out is sending it: the review's errors stop it as they stop Approve, unless
    # its box is ticked (the same box)
    review = {"review": True, "despite_errors": data.get("despite") == "yes", "config": the_desk.config}
    if action in ("eml", "drafts"):
        try:
            playbook = _playbook_or_none(the_desk)
            if action == "eml":  # the text as typed and the file it goes in: both or neither
                # one the plan no longer has goes out all the same: its note says so, as `to_eml`'s
                # does, and a later hold-back leaves that copy alone (`delivery.hold_copies`)
                apart = "" if playbook is None else the_desk.read(lambda tx: delivery.out_all_the_same(
                    tx, tx.get(m.Message, message_id), now=now, playbook=playbook))

                def eml(tx):
                    if edit is not None:
                        edit(tx)
                    return delivery.eml_copy(tx, message_id, now=now, accounts=the_desk.accounts(), account=account,
                                             **review)

                built = the_desk.write(eml)
            else:
                folder = delivery.to_drafts(the_desk.store, message_id, now=now, accounts=the_desk.accounts(),
                                            account=account, edit=edit, playbook=playbook, **review)
        except delivery.ReviewErrors as err:
            with at_field("despite"):  # (the line names the box)
                raise InvalidInput(_desk_words(the_desk, message_id, f"{err}: tick 'despite the review's errors' to "
                                               "copy it out as it is", data)) from None
        except delivery.UnknownOutcome:
            raise _unknown(the_desk, message_id, data, "copied out") from None
        if action == "eml":
            the_desk.write(lambda tx: delivery.note_copy(tx, message_id, f"downloaded as an .eml file{apart}", now))
            return "", built.data
        the_desk.changed()
        again = " It replaces the earlier copy there." if getattr(folder, "replaced", 0) else ""
        return f"Placed in your mailbox's {folder} folder: send it from your mail program.{again}", None
    accounts, playbook = the_desk.accounts(), the_desk.playbook()
    judged = []  # the moment it goes out, as the review sees it (its warnings, the recipient's zone)
    asked = dict(now=now, accounts=accounts, account=account, playbook=playbook,
                 despite_errors=data.get("despite") == "yes", config=the_desk.config, at=when, resend=resend)

    def scheduled(tx, checked=None) -> None:  # the moment judged; a time typed in Send at that it refuses is that field's error
        try:
            judged[:] = delivery.schedule_checked(tx, message_id, when=when, now=now, config=the_desk.config,
                                                  checked=checked)[1:]
        except InvalidInput:
            if action != "schedule":
                raise
            with at_field("when", "Send at"):
                raise

    def rescheduled(tx) -> bool:  # approved already, and another moment given: only that moment changes
        return tx.get(m.Message, message_id).state == m.MessageState.SCHEDULED and when is not None

    def approve(tx) -> None:  # approved and scheduled in one transaction: both or neither
        if rescheduled(tx):
            scheduled(tx)
            return
        # judged at the moment it goes out (the planned one, the one typed, or now): by the check
        # made before, outside the write lock, while the facts are still those it read
        checked = found[0] if found and found[0].holds(tx, message_id, now=now, at=when,
                                                         despite_errors=asked["despite_errors"]) else None
        message = delivery.approve(tx, message_id, checked=checked, **asked)
        if when is not None:
            scheduled(tx, (message, checked.moment) if checked is not None else None)
        elif checked is not None:
            judged[:] = [checked.moment]
        else:  # it goes out at once: that moment judged too (their night, a weekend), as the CLI says it
            judged[:] = [delivery.judge_moment(tx, message, now, the_desk.config, now=now)]

    found = []  # the plan and the review, made outside the write lock (the slow part)
    try:
        if not the_desk.read(rescheduled):
            found[:] = [the_desk.read(lambda tx: delivery.check_approval(tx, message_id, **asked))]
        the_desk.write(approve)
    except delivery.ReviewErrors as err:
        with at_field("resend-despite" if resend else "despite"):  # (the line names the box)
            raise InvalidInput(_desk_words(the_desk, message_id, f"{err}: tick 'despite the review's errors' next to "
                                           f"{'It did not arrive' if resend else 'Approve'} to send it as it is",
                                           data)) from None
    except delivery.UnknownOutcome:
        raise _unknown(the_desk, message_id, data, VERBS.get(action, "sent")) from None
    except Conflict as err:  # not approvable (no longer planned, sent already): said as the desk says it
        gone = _sent_elsewhere(the_desk, message_id) if action == "send" else ""
        raise Conflict(gone or _desk_words(the_desk, message_id, str(err), data)) from None
    mail = the_desk.mail
    if action == "send":
        return _send_now(the_desk, message_id, now, accounts, card=bool(data.get("next"))), None
    at_once = _at_once(now, the_desk.user_tz(), judged[0]) if planned is None and judged else ""
    if planned is not None and judged:  # the planned moment's warnings (their night), as for one that goes at once
        at_once += _timing_warnings(judged[0])
    # from a copy of the database or a restore: it may have gone from there (as `afterview approve` warns)
    carried = the_desk.read(lambda tx: delivery.carried_note(tx, tx.get(m.Message, message_id), accounts))
    at_once += f" Check first: {carried}." if carried else ""
    if action == "approve":
        return _approved(the_desk, planned, message_id, card=bool(data.get("next"))) + at_once, None
    if action == "resend":
        return _approved(the_desk, planned, message_id).replace(
            "Approved:", "Approved again at your word (you said its first send did not arrive):", 1) + at_once, None
    shown = max(when, now).astimezone(_zone(the_desk.user_tz()))
    if mail is not None:
        said = f"Scheduled for {shown:%a %d %b %Y %H:%M %Z}: the desk sends it then, while it runs."
    else:
        said = f"Scheduled for {shown:%a %d %b %Y %H:%M %Z}: it goes out then, once mail sending is on. " \
               f"{no_desk_mail(the_desk)}"
    moment = judged[0] if judged else None
    return said + _whose_time(max(when, now), the_desk.user_tz(), moment) + _timing_warnings(moment) + (
        f" Check first: {carried}." if carried else ""), None


def _still_open(the_desk, message_id: int, action: str, *, typed: bool = False) -> None:
    """A note discarded, sent or being sent (in another tab, by the mail round) is refused in the
    desk's words before anything is tried: what became of it, and that nothing was done ("Not
    approved: the thank-you note to Tom Becker was discarded, perhaps in another tab ..."), never
    the services' "message 7 is cancelled: only open drafts can be edited"."""
    from afterview.interfaces.web.views import page_link
    from afterview.services.drafting import OPEN_STATES

    message = the_desk.read(lambda tx: tx.get(m.Message, message_id))  # an unknown id: a 404
    if message.state in OPEN_STATES:
        return
    verb = VERBS.get(action, "saved")
    name = the_desk.read(lambda tx: message_name(tx, message_id))
    if message.state == m.MessageState.CANCELLED:
        kept = "Your text is kept on this page, to copy; " if typed else ""
        raise Conflict(f"Not {verb}: {name} was discarded (perhaps in another tab), so it can no longer change. "
                       f"{kept}{page_link('/', 'Today') if typed else 'Today'} offers to draft the note again while "
                       "it is planned")
    gone = _sent_elsewhere(the_desk, message_id)
    if gone and action != "send":
        gone = gone.replace("Not sent again:", f"Not {verb}:", 1)
    raise Conflict(gone or f"Not {verb}: {name} is {_state(message)}: it can no longer change")


# The editor's ways out that need the plan (the planned moment; a note the plan no longer has is not sent).
WITH_THE_PLAN = {"approve": "approved", "schedule": "scheduled", "send": "sent", "smtp_instead": "sent by SMTP",
                 "resend": "sent again"}
# What a refused way out did not do to the note, in a sentence ("it was not approved").
VERBS = {"approve": "approved", "schedule": "scheduled", "send": "sent", "smtp_instead": "sent by SMTP",
         "resend": "sent again", "drafts": "copied out", "eml": "copied out", "save": "saved",
         "take_back": "taken back", "withdraw": "taken back"}

# The editor's choices for a note whose last send's outcome is unknown (draft.html), as its lines name them.
ARRIVED = "It arrived — mark it sent"
NOT_ARRIVED = "It did not arrive — send it again"
RESEND_BOX = "I am sure it did not arrive"


def _unknown(the_desk, message_id: int, data: dict[str, str], verb: str) -> Conflict:
    """A way out refused because the note's last send may have arrived (`delivery.UnknownOutcome`),
    in the desk's words: why, and the editor's two choices (in its editor the choices by name, from
    a card on another page where to find them); its error is about the resend box."""
    try:
        name = the_desk.read(lambda tx: _named(tx, message_id))
    except NotFound:
        name = "This note"
    said = (f"{name} was not {verb}: it may have arrived already. Its last send was interrupted after the server "
            "may have taken it, so the desk does not send it again, nor copy it out, unless you say it did not "
            "arrive. Look in your Sent folder, though a copy that went out can be missing there after a crash")
    if data.get("next"):
        said += ". Open it and choose: It arrived, or It did not arrive (send it again)"
    else:
        said += (f". If it arrived, use {ARRIVED}; if you are sure it did not, tick '{RESEND_BOX}' and use "
                 f"{NOT_ARRIVED}")
    err = Conflict(said)
    if not data.get("next"):
        err.field = "resend"  # the box of the choice that sends it again
    return err


def _whose_time(moment, tz: str, judged=None) -> str:
    """" That is your time (Europe/Berlin), 02:00 their time (America/New_York)." : the
    recipient's clock when it differs from yours, as `afterview send --at` says it."""
    from afterview.interfaces.web.views import their_time

    theirs = judged.zone if judged is not None else ""
    there = their_time(moment, theirs, tz)
    return f" That is your time ({tz})" + (f", {there} their time ({theirs})." if there else ".")


def _at_once(now, tz: str, judged) -> str:
    """After an approval that sends a note at once: the recipient's time now, when their clock
    differs from yours, and the review's warnings about that moment ("" when there are none)."""
    from afterview.interfaces.web.views import their_time

    there = their_time(now, judged.zone, tz)
    said = f" It is {there} their time ({judged.zone}) now." if there else ""
    return said + _timing_warnings(judged)


def _timing_warnings(judged) -> str:
    """The review's warnings about that moment (their weekend, a public holiday, outside their
    waking hours, too soon after the interview or late), in plain words; "" when none."""
    if judged is None or not judged.warnings:
        return ""
    said = []
    for finding in judged.warnings:
        text = f"{finding.message[:1].upper()}{finding.message[1:]}".rstrip(".")
        if finding.suggestion:
            text += f": {finding.suggestion[:1].lower()}{finding.suggestion[1:]}"
        said.append(text.rstrip(".") + ".")
    return " Check the time: " + " ".join(said)


def no_desk_mail(the_desk) -> str:
    """On a desk that sends no mail (`serve --no-mail`, or a made-up moment: `--at`), what an
    approved or scheduled note waits for, said plainly: nothing goes out until mail sending is
    on; how, in the desk's words first, then the terminal's (the command it was started with,
    without the option that turned mail off)."""
    if not the_desk.sends:
        why, flag = "this desk runs at a made-up moment (for trying things out) and sends no mail", "--at"
    else:
        why, flag = "this desk was started with mail sending off", "--no-mail"
    # the desk names no command to type (its own way first); the hint is the one the user typed
    return (f"Nothing goes out yet: {why}. To send it, close the desk and start it again with mail sending on "
            f"(in the terminal you started it from: the same command without {flag}).")


def _approved(the_desk, planned, message_id: int | None = None, *, card: bool = False) -> str:
    """What Approve says: when the note goes out (the planned moment, or as soon as mail is sent);
    the planned moment on the recipient's clock too when it differs from yours (`views.both_clocks`).
    From a note's card (Today, an opportunity's page: `card`), the note is named, and Send now is
    said to be in its editor (a card has none)."""
    from afterview.interfaces.web.views import both_clocks, draft_link, their_time

    mail = the_desk.mail
    it = "it"
    if card and message_id is not None:
        try:
            it = draft_link(message_id, the_desk.read(lambda tx: message_name(tx, message_id)))
        except NotFound:
            pass
    if planned is not None:
        tz = the_desk.user_tz()
        theirs = _recipient_zone(the_desk, message_id) if message_id is not None else ""
        if their_time(planned, theirs, tz):
            at = f"{both_clocks(planned, theirs, tz)}, the planned moment"
        else:
            at = f"{planned.astimezone(_zone(tz)):%a %d %b %H:%M} (your time), the planned moment"
        if mail is not None:
            now = "to send it at once, open it and use Send now" if card else "Send now sends it at once"
            return f"Approved: {it} goes out {at}. {now[:1].upper()}{now[1:]}."
        return f"Approved: {it} goes out {at}, once mail sending is on. {no_desk_mail(the_desk)}"
    if mail is not None:
        mail.wake()
        return "Approved: the desk sends it within a minute." if it == "it" else \
            f"Approved: the desk sends {it} within a minute."
    return f"Approved: {it} goes out as soon as mail sending is on. {no_desk_mail(the_desk)}"


class _TrialOnly(Exception):
    """Ends a transaction that only checked what a change would do: it is rolled back."""


def _smtp_instead(the_desk, message_id: int, data: dict[str, str]) -> str:
    """A note copied out (to the mailbox's Drafts folder, an .eml file, a mailto: link) is sent
    by SMTP instead, as `afterview approve ID --smtp-instead`: its copy in Drafts is removed, then
    it is approved (for the planned moment, as Approve does), with the text as typed.

    Everything that could refuse the approval (the review's errors without the box ticked, a note
    no longer planned, no address, no account) is checked first, in a transaction rolled back, so
    that a refusal leaves the copy in Drafts and the note as they were. A copy already sent from
    Drafts (found in Sent) is marked sent, and nothing is approved; a mailbox that cannot be
    reached changes nothing."""
    from afterview.services import delivery, drafting

    now = the_desk.now()
    before = the_desk.read(lambda tx: tx.get(m.Message, message_id))
    name = the_desk.read(lambda tx: _named(tx, message_id))
    if before.state not in (m.MessageState.DRAFTED, m.MessageState.FAILED):
        gone = {"approved": "approved already, to go out by SMTP", "scheduled": "scheduled already, to go out by SMTP",
                "sending": "being sent right now", "sent": "sent already", "done_elsewhere": "marked sent",
                "cancelled": "discarded"}.get(before.state.value, before.state.value)
        raise Conflict(f"{name} is {gone}: there is no copy of it to send by SMTP instead")
    if before.channel != m.Channel.EMAIL:
        raise Conflict(f"{name} is not sent by email: copy its text, send it yourself, then mark it sent here")
    if not delivery.copied_out(before):
        raise Conflict(f"{name} was not copied out (to your Drafts folder, an .eml file or a link): use Approve or "
                       "Send now to send it by SMTP")
    planned = _planned_moment(the_desk, message_id, now)
    accounts, playbook = the_desk.accounts(), the_desk.playbook()

    def approve(tx) -> None:  # the text as typed, approved and scheduled in one transaction
        if "body" in data:  # (the copy out is taken back first: by SMTP, this text goes)
            drafting.edit_draft(tx, message_id, data.get("subject", "").strip(), data["body"], now=now,
                                config=the_desk.config, recopy=True)
        delivery.approve(tx, message_id, now=now, accounts=accounts, account=data.get("account") or None,
                         playbook=playbook, despite_errors=data.get("despite") == "yes", config=the_desk.config,
                         instead_of_copy=True, at=planned)
        if planned is not None:
            delivery.schedule(tx, message_id, when=planned, now=now, config=the_desk.config)

    def trial(tx) -> None:
        approve(tx)
        raise _TrialOnly

    try:
        the_desk.read(trial)
    except _TrialOnly:
        pass
    except delivery.ReviewErrors as err:
        with at_field("despite"):  # (the line names the box)
            raise InvalidInput(f"{err}: tick 'despite the review's errors' to send it by SMTP as it is") from None
    except delivery.UnknownOutcome:
        raise _unknown(the_desk, message_id, data, "sent by SMTP") from None
    try:
        removed = delivery.withdraw_copy(the_desk.store, message_id, now=now, accounts=accounts,
                                         not_sent=data.get("not_sent") == "yes", again=NOT_SENT_AGAIN)
    except delivery.CopyVanished as err:  # gone from Drafts, not in Sent: sent from the mail program, perhaps
        with at_field("not-sent"):  # (the line names the box)
            raise Conflict(str(err)) from None
    except DeliveryError as err:  # the mailbox could not be reached: the copy may still go out from Drafts
        why = str(err).partition("(it might still be sent from there): ")[2] or str(err)
        raise DeliveryError(f"Not sent by SMTP, and nothing changed: its copy in your Drafts folder could not be "
                            f"removed ({why.rstrip('. ')}), and it might still be sent from there. Check the "
                            "account on the Settings page (Test the connection), then try again") from None
    finally:
        the_desk.changed()  # a copy already sent from Drafts was marked sent
    try:
        the_desk.write(approve)
    except AfterviewError as err:  # checked a moment ago: something changed meanwhile
        if removed:
            said = f"Its copy in your Drafts folder was removed, but it was not approved: {err}"
            raise (InvalidInput if isinstance(err, InvalidInput) else Conflict)(said) from None
        raise
    where = before.note.split(";")[0]
    if not before.note.startswith("placed in "):
        copy = f"It was {where}: that copy cannot be taken back, so do not send it too."
    elif removed:
        copy = "Its copy in your Drafts folder was removed, so it cannot go out from there too."
    else:  # gone from Drafts, and the user said it was not sent (the box)
        copy = ("No copy of it was found in your Drafts folder, and you said it was not sent: if your mail program "
                "keeps one there under another name, delete it, so that it does not go out twice.")
    return f"{copy} {_approved(the_desk, planned, message_id)}"


NOT_SENT_BOX = "It was not sent from my mail program"
# How a copy gone from Drafts, found in no Sent folder, is gone on with on the desk (`delivery.CopyVanished`)
NOT_SENT_AGAIN = f"tick '{NOT_SENT_BOX}' and use Send by SMTP instead (or Take the copy back) again"


def copy_is_out_words(name: str, err, verb: str = "saved") -> str:
    """A new text refused because a copy of the note (`name`) is out and on its way
    (`drafting.CopyIsOut`), in the desk's words: where that copy went, and the editor's ways on."""
    said = (f"Not {verb}: a copy of {name} was {err.where}, and that copy is the one on its way, so its text does "
            "not change here (the two would differ). ")
    if err.in_drafts:
        return said + ("Change it there, in your mail program (the text found sent is what is recorded); or use "
                       "Send to my Drafts folder to replace that copy with your text, or Send by SMTP instead; or "
                       "Take the copy back, below, first. Your text is kept below")
    return said + ("If you sent that copy, mark it done on Today. If not: Download .eml copies it out again with "
                   "your text, or use Send by SMTP instead; or Take the copy back, below, first (then do not send "
                   "that copy). Your text is kept below")


def _playbook_or_none(the_desk):
    """The desk's playbook; None when it cannot be read (a copy then goes out as any: no plan to tell)."""
    from afterview.errors import ConfigError

    try:
        return the_desk.playbook()
    except ConfigError:
        return None


def _take_back(the_desk, message_id: int, edit=None, data_not_sent: bool = False) -> str:
    """A note copied out becomes a plain draft again, as `afterview approve ID --withdraw` makes it
    (`delivery.take_back_copy`): its copy in Drafts removed (one sent from there already is marked
    sent instead); an .eml file cannot be taken back, so not to send it is said. Then the text as
    typed on the page is saved (`edit`), as Save saves it; after a refusal it stays on the page."""
    from afterview.services import delivery

    now = the_desk.now()
    name = the_desk.read(lambda tx: _named(tx, message_id))
    try:
        back = delivery.take_back_copy(the_desk.store, message_id, now=now, accounts=the_desk.accounts(),
                                       not_sent=data_not_sent, again=NOT_SENT_AGAIN)
    except delivery.CopyVanished as err:  # gone from Drafts, not in Sent: sent from the mail program, perhaps
        with at_field("not-sent"):
            raise Conflict(str(err)) from None
    except DeliveryError as err:  # the mailbox could not be reached: the copy may still go out from Drafts
        why = str(err).partition("(it might still be sent from there): ")[2] or str(err)
        raise DeliveryError(f"Not taken back, and nothing changed: its copy in your Drafts folder could not be "
                            f"removed ({why.rstrip('. ')}), and it might still be sent from there. Check the "
                            "account on the Settings page (Test the connection), then try again") from None
    finally:
        the_desk.changed()  # a copy already sent from Drafts was marked sent
    if back.in_drafts:
        copy = ("its copy was removed from your Drafts folder" if back.removed else
                "no copy of it was found in your Drafts folder, and you said it was not sent: if your mail program "
                "keeps one there under another name, delete it")
    else:
        copy = f"it was {back.where}: that copy cannot be taken back, so do not send it"
    if back.kept:  # edited in the mail program: those words are the note's now, not replaced by the page's
        return (f"{name} is a draft again: {copy}; your edits in Drafts were kept as its text (the text on this "
                "page was not saved over them). Look at it, then copy it out again, or approve it, when it is ready.")
    before = (back.message.subject, back.message.body)
    if edit is not None:
        the_desk.write(edit)
    after = the_desk.read(lambda tx: tx.get(m.Message, message_id))
    saved = " Your text is saved." if (after.subject, after.body) != before else ""
    return f"{name} is a draft again: {copy}.{saved} Copy it out again, or approve it, when it is ready."


def _still_going(the_desk, message_id: int) -> str:
    """Save on an approved or scheduled note whose text is as saved: nothing changed, and when it
    goes out ("Nothing changed: it is still scheduled for Mon 30 Nov 2026, 09:00 your time, 15:00
    their time (Europe/Berlin)."); "" for a note in any other state."""
    from afterview.interfaces.web.views import both_clocks

    message = the_desk.read(lambda tx: tx.get(m.Message, message_id))
    if message.state == m.MessageState.SCHEDULED and message.scheduled_at is not None:
        at = both_clocks(message.scheduled_at, _recipient_zone(the_desk, message_id), the_desk.user_tz())
        return f"Nothing changed: the text is as saved, and it is still scheduled for {at}."
    if message.state in (m.MessageState.APPROVED, m.MessageState.SCHEDULED):
        return "Nothing changed: the text is as saved, and it is still approved: it goes out with the next mail round."
    return ""


def _withdraw(the_desk, message_id: int, typed: dict[str, str] | None = None) -> str:
    """An approved or scheduled note taken back, as `afterview approve ID --withdraw` takes it
    (`delivery.withdraw_approval`): a draft again, which the outbox does not send; one approved
    again after a send whose outcome is unknown is back to that question. Refused in one line,
    nothing changed, when there is no approval to take back (taken back or sent meanwhile).
    `typed`: the editor's form, whose text is saved in the same transaction (a refused text
    leaves the approval as it was)."""
    from afterview.interfaces.web.views import draft_link
    from afterview.services import delivery, drafting

    name = the_desk.read(lambda tx: message_name(tx, message_id))
    now = the_desk.now()
    refused = []  # the withdrawal's own refusal, apart from one of the text's (ChangedMeanwhile is a Conflict too)

    def take_back(tx):
        try:
            message, was = delivery.withdraw_approval(tx, message_id, now=now)
        except Conflict:
            refused.append(True)
            raise
        saved = False
        if typed is not None:
            saved = drafting.edit_draft(tx, message_id, typed.get("subject", "").strip(), typed["body"], now=now,
                                        config=the_desk.config, opened=typed.get("version") or None)[2]
            message = tx.get(m.Message, message_id)
        return message, was, saved

    try:
        message, was, saved = the_desk.write(take_back)
    except Conflict:
        if not refused:
            raise
        message = the_desk.read(lambda tx: tx.get(m.Message, message_id))
        if message.state == m.MessageState.SENDING:
            raise Conflict(f"Not taken back: {name} is being sent right now (the desk's mail round, or Send now in "
                           "another tab), so its approval can no longer be taken back") from None
        said = "may have arrived" if delivery.outcome_unknown(message) else _state(message)
        raise Conflict(f"Not taken back: {name} is {said}, not approved (perhaps taken back in another tab): "
                       "there is no approval to take back; nothing was changed") from None
    linked = draft_link(message_id, name)
    if delivery.outcome_unknown(message):  # approved again at the user's word: back to the question
        return (f"Taken back: {linked} will not be sent again; it is back to the question whether its first send "
                "arrived (open it: Did it arrive?).")
    kept = " Your text is saved." if saved else ""
    return (f"Taken back: {linked} is a draft again (it was {was.value}) and will not be sent until you approve or "
            f"schedule it again.{kept}")


def _planned_moment(the_desk, message_id: int, now):
    """The moment the plan suggests for this message (its action's `send_at`, never before its
    earliest moment: `delivery.moment_of`), when that moment is still to come; else None (send it
    as soon as approved)."""
    snap = the_desk.snapshot()
    message = snap.memo("messages_by_id", lambda s: {x.id: x for x in s.facts.messages}).get(message_id)
    if message is None or not message.action_key:
        return None
    action = snap.memo("actions_by_key", lambda s: {a.key: a for a in s.actions}).get(message.action_key)
    if action is None:
        return None
    from afterview.services.delivery import moment_of

    # one still upcoming: as the plan has it once it is due (not on their weekend or night)
    return moment_of(snap.facts, the_desk.playbook(), action, now)


def _recipient_zone(the_desk, message_id: int) -> str:
    """The zone of the recipient's clock for this message, as its card names it ("" if unknown)."""
    snap = the_desk.snapshot(unplanned=True)
    message = snap.memo("messages_by_id", lambda s: {x.id: x for x in s.facts.messages}).get(message_id)
    if message is None:
        return ""
    return _their_zone(the_desk, message, snap.facts.people.get(message.person_id))


def _desk_words(the_desk, message_id: int, text: str, data: dict[str, str]) -> str:
    """A service's refusal about this message with its name instead of its id, and the desk's
    button instead of a command (see `views.in_desk_words`)."""
    from afterview.interfaces.web.views import in_desk_words

    try:
        name = the_desk.read(lambda tx: message_name(tx, message_id))
    except NotFound:  # gone meanwhile: the sentence without its name
        name = ""
    # "... is in the past: give a time to come, or send it now": the editor's Send now (a card
    # on Today or another page has none: open the note for it)
    text = text.replace(", or send it now", ", or use Send now" if not data.get("next")
                        else ", or open the note and use Send now")
    return in_desk_words(text, message_id, name, opened=not data.get("next"))


def message_name(tx, message_id: int) -> str:
    """"the thank-you note to Dana Weiss": a message as the desk names it in a sentence."""
    from afterview.domain.model import message_named

    message = tx.get(m.Message, message_id)
    try:
        person = tx.get(m.Person, message.person_id).name if message.person_id else None
    except NotFound:
        person = None
    return message_named(message.kind, person)


def _named(tx, message_id: int) -> str:
    """"The thank-you note to Dana Weiss", to begin a sentence."""
    name = message_name(tx, message_id)
    return f"{name[:1].upper()}{name[1:]}"


def _state(message) -> str:
    return {"done_elsewhere": "marked sent", "sending": "being sent right now"}.get(
        message.state.value, message.state.value)


def _send_now(the_desk, message_id: int, now, accounts, *, card: bool = False) -> str:
    """Send the message just approved, by SMTP, now; what happened, in one line (from a note's
    card, Send again now on a page that lists several: the note named)."""
    from afterview.services import delivery

    report = delivery.send_due(the_desk.store, now=now, accounts=accounts, only=[message_id],
                               playbook=the_desk.playbook())
    the_desk.changed()
    if message_id in report.sent:
        message = the_desk.read(lambda tx: tx.get(m.Message, message_id))
        if card:
            from afterview.interfaces.web.views import draft_link

            named = draft_link(message_id, the_desk.read(lambda tx: message_name(tx, message_id)))
            return f"Sent {named} to {message.to_address}."
        return f"Sent to {message.to_address}."
    problem = next((p for p in report.account_problems if message_id in p.messages), None)
    if problem is not None and message_id not in dict(report.failed):  # the account, not the note: it waits
        from afterview.domain.values import zone
        from afterview.interfaces.web.mail import account_line

        raise DeliveryError(account_line(problem, report, zone(the_desk.user_tz()), one=True))
    retry = next((r for r in report.retries if r.message_id == message_id), None)
    if retry is not None:
        from afterview.domain.values import zone

        at = retry.at.astimezone(zone(the_desk.user_tz()))
        raise DeliveryError(f"Not sent yet: {retry.error}. It stays approved and is tried again at {at:%H:%M}.")
    if message_id in dict(report.unknown):  # it may have gone: never said "not sent", nor tried again
        raise DeliveryError(f"Not known whether it was sent: the send was interrupted after the server may have "
                            f"taken it, and the desk does not send it again on its own. Choose below: {ARRIVED}, or, "
                            f"if you are sure it did not arrive, {NOT_ARRIVED}")
    why = next((reason for i, reason in report.failed + report.held_back if i == message_id), "")
    if not why:  # taken by another send meanwhile (Send now in another tab, the mail round)
        gone = _sent_elsewhere(the_desk, message_id)
        if gone:
            raise Conflict(gone)
    raise DeliveryError(f"Not sent: {why or 'it was not due (see its state below)'}")


def _sent_elsewhere(the_desk, message_id: int) -> str:
    """A note another send took first (Send now in another tab, the desk's mail round, a worker),
    said as the terminal says it: sent already (when), or being sent right now; "" otherwise."""
    from afterview.delivery.outbox import LEASE
    from afterview.interfaces.web.views import when

    message = the_desk.read(lambda tx: tx.get(m.Message, message_id))
    name = the_desk.read(lambda tx: _named(tx, message_id))
    if message.state in (m.MessageState.SENT, m.MessageState.DONE_ELSEWHERE):
        at = f" ({when(message.sent_at, the_desk.user_tz())}, your time)" if message.sent_at else ""
        return f"Not sent again: {name[:1].lower()}{name[1:]} was sent already{at}; nothing more to send"
    if message.state == m.MessageState.SENDING:
        if message.updated_at is not None and message.updated_at <= the_desk.now() - LEASE:
            return (f"Not sent again: {name[:1].lower()}{name[1:]} was being sent when that send was interrupted: "
                    "the desk's next mail round finds out whether it went out")
        return (f"Not sent again: {name[:1].lower()}{name[1:]} is being sent right now (Send now in another tab, "
                "or the desk's mail round), so it is not sent twice. Reload the page in a minute to see how it went")
    return ""


def _zone(name: str):
    from afterview.domain.values import zone

    return zone(name)


SEND_ANYWAY = "send-anyway"  # the editor's button that sends at once despite the warnings about now


def _when(the_desk, text: str, now):
    from afterview.domain.values import parse_when

    if not text.strip():
        raise InvalidInput("say when to send it (e.g. 'tomorrow 8:30' or 2026-12-01 09:00)")
    return parse_when(text.strip(), now=now, tz=the_desk.user_tz())


def _note_gone() -> str:
    """A note gone while its editor was open, said for every way it goes: discarded and deleted in
    another tab, or erased with its person (Forget this person, `afterview person forget`)."""
    from afterview.interfaces.web.views import page_link

    return ("Nothing was changed: this note no longer exists (deleted or erased, perhaps in another tab or by a "
            f"command, such as forgetting its person). {page_link('/drafts', 'Go to Drafts')}.")


async def editor_submit(request):
    message_id = path_id(request)
    data = await form(request)
    if request.query_params.get("anyway") == "yes":  # Send anyway, after the warnings were said
        data = {**data, "anyway": "yes"}
    back = safe_next(data.get("next"), "") if data.get("next") else ""
    try:
        text, eml = await run(_act, desk(request), message_id, data)
    except AfterviewError as err:
        if isinstance(err, NotFound) and str(err).startswith(f"no message with id {message_id}"):
            raise NotFound(_note_gone()) from None
        said = await run(_desk_words, desk(request), message_id, str(err), data)  # by its name, the desk's way
        if back:  # a button on Today or an opportunity page: say it there, naming the note, its box open again
            said = await run(_from_a_box, desk(request), message_id, err, data)
            flash(request, said, "error", field=data.get("box", "") if getattr(err, "field", "") == "when" else "",
                  value=data.get("when"))
            return redirect(await run(_card_back, desk(request), back, message_id))
        from afterview.services.drafting import ChangedMeanwhile

        if isinstance(err, ChangedMeanwhile):  # the typed text stays below; the stored one a click away
            from afterview.interfaces.web.views import page_link

            said = said.replace("; open it again", "; copy it from below, then "
                                + page_link(f"/drafts/{message_id}", "open it again"), 1)
        # the form again with its line; sending a note by SMTP instead says what forbids it as the desk's
        # other refusals do (409: the note's state, its mailbox)
        status = 409 if data.get("do") == "smtp_instead" and not isinstance(err, InvalidInput) else 400
        return await editor(request, error=FormError.of(said, getattr(err, "field", "")), subject=data.get("subject"),
                            body=data.get("body"), when=data.get("when", ""), despite=data.get("despite") == "yes",
                            sure=data.get("resend") == "yes", version=data.get("version"), status=status,
                            why_said=data.get("do") == "send" and isinstance(err, DeliveryError))
    if eml is not None:
        return Response(eml, media_type="message/rfc822",
                        headers={"content-disposition": f'attachment; filename="message-{message_id}.eml"'})
    flash(request, text)
    if data.get("do", "save") == "save" and data.get("when", "").strip() and not back:
        # the time typed in Send at, kept for Schedule (never dropped without a word)
        keep(request, Kept("when", data["when"].strip()))
    return redirect(back or f"/drafts/{message_id}")


def _card_back(the_desk, back: str, message_id: int) -> str:
    """Where a refusal from a note's card goes back to: on Today, the page its card is on now."""
    from afterview.interfaces.web.pages import card_page

    try:
        key = the_desk.read(lambda tx: tx.get(m.Message, message_id)).action_key
    except NotFound:
        return back
    return card_page(the_desk, back, key or "")


# What a button on a note's card does, for a refusal said on the page the card is on.
BOX_VERBS = {"approve": "approve", "schedule": "schedule", "send": "send", "save": "save", "withdraw": "take back"}


def _from_a_box(the_desk, message_id: int, err: AfterviewError, data: dict[str, str]) -> str:
    """A refusal from a note's card (Approve, Schedule on Today, an opportunity or person page),
    naming the note when the sentence does not ("Could not schedule the thank-you note to Tom
    Becker: not a date/time: ..."); the field's label, said in the editor, is left out here."""
    bare = getattr(err, "unlabelled", "") or str(err)
    said = _desk_words(the_desk, message_id, bare, data)
    try:
        name = the_desk.read(lambda tx: message_name(tx, message_id))
    except NotFound:
        return said
    if name.lower() in said.lower():
        return said
    return f"Could not {BOX_VERBS.get(data.get('do', ''), 'do that with')} {name}: {said}"


async def switch_tone(request):
    """Compose the draft again in another tone (the text is replaced)."""
    from afterview.composer import TONES
    from afterview.services.drafting import OPEN_STATES, CopyIsOut, copy_is_out, redraft_message

    message_id = path_id(request)
    data = await form(request)
    tone = data.get("tone", "")
    the_desk = desk(request)

    def redraft(tx):
        if tone not in TONES:
            raise InvalidInput(f"unknown tone {tone!r} (one of: {', '.join(TONES)})")
        message = tx.get(m.Message, message_id)
        if message.state not in OPEN_STATES:
            raise InvalidInput(f"{_named(tx, message_id)} is {_state(message)}: its text can no longer change")
        if copy_is_out(message):  # on its way as that copy: said in the desk's words, nothing changed
            raise Conflict(copy_is_out_words(message_name(tx, message_id), CopyIsOut(message), "redrafted").replace(
                " Your text is kept below", ""))
        message.tone = tone
        return redraft_message(tx, message, now=the_desk.now(), config=the_desk.config)

    return await write_then_redirect(request, redraft, done=f"Redrafted in the {tone} tone.",
                                     to=f"/drafts/{message_id}")


async def mark_sent_elsewhere(request):
    """A LinkedIn note or card the user sent by hand: the message and its action are done."""
    from afterview.services import delivery, planning
    from afterview.services.drafting import OPEN_STATES

    message_id = path_id(request)
    data = await form(request)
    the_desk = desk(request)

    def done(tx):
        message = tx.get(m.Message, message_id)
        if message.state not in OPEN_STATES:
            raise InvalidInput(f"{_named(tx, message_id)} is {_state(message)} already")
        note = data.get("note", "").strip() or f"sent by hand ({message.channel.value})"
        if message.action_key:
            try:
                planning.mark_done(tx, message.action_key, note, the_desk.now())
            except Conflict:
                pass  # its action was marked done already: the message is what is left to mark
        message.state, message.note, message.updated_at = m.MessageState.DONE_ELSEWHERE, note, the_desk.now()
        tx.update(message)
        # what the review finds wrong in the text you said went (a LinkedIn request over the limit)
        return delivery.marked_sent_warnings(tx, message.action_key, config=the_desk.config)

    def said(warned: list[str]) -> str:
        import re

        from afterview.interfaces.web.views import desk_words

        # by its name, not its number ("message 5 (the LinkedIn request to Grace Liu), which ...")
        named = [re.sub(r"^message \d+ \((.+?)\), ", lambda f: f"{f.group(1)[:1].upper()}{f.group(1)[1:]}, ", w)
                 for w in warned]
        return "Marked as sent." + "".join(f" Note: {desk_words(w)}." for w in named)

    return await write_then_redirect(request, done, done=said, to=f"/drafts/{message_id}")


async def arrived(request):
    """A note whose last send's outcome is unknown did arrive, the user says: its action is done
    (as Done on Today, `afterview done KEY`: the note is then the one that went, marked sent), or,
    for a note no action planned, it is taken off the drafts (`afterview discard ID`). Nothing is
    sent; back to the note."""
    from afterview.interfaces.web.pages import held_back_text
    from afterview.services import delivery, planning
    from afterview.services.drafting import discard_draft

    message_id = path_id(request)
    await form(request)  # (its CSRF field, checked by the middleware)
    the_desk = desk(request)
    now = the_desk.now()

    def settle(tx) -> tuple[str, bool]:
        message = tx.get(m.Message, message_id)
        name = _named(tx, message_id)
        called_off = ""
        if delivery.resent(message) and message.state in (m.MessageState.APPROVED, m.MessageState.SCHEDULED):
            # sent again at the user's word (another tab) and not gone yet: the newer word wins,
            # that approval is withdrawn (back to "it may have arrived"), then settled as arrived
            try:
                delivery.withdraw_approval(tx, message_id, now=now)
            except Conflict:  # claimed by the mail round this very moment
                raise Conflict(f"{name} is being sent again right now (you said in another tab that its first "
                               "send did not arrive), so it can no longer be marked as arrived: nothing was "
                               "changed. Reload this page in a minute to see how it went") from None
            message = tx.get(m.Message, message_id)
            called_off = " sending it again (asked for in another tab) is called off, and"
        elif delivery.resent(message) and message.state in (m.MessageState.SENDING, m.MessageState.SENT):
            # too late: the copy asked for in another tab is going or gone
            if message.state == m.MessageState.SENDING:
                raise Conflict(f"{name} is being sent again right now: in another tab you said its first send did "
                               "not arrive, and that word was acted on, so nothing was changed here. Reload this "
                               "page in a minute to see how it went; if the first send did arrive too, they get "
                               "two copies, and a short word to them settles it")
            from afterview.planner.facts import safe_zone

            tz = safe_zone(tx.profile().timezone or "UTC", "UTC")
            at = f" {message.sent_at.astimezone(tz):%a %d %b %Y %H:%M} (your time)" if message.sent_at else ""
            raise Conflict(f"{name} was sent again{at}: in another tab you said its first send did not arrive, so "
                           "it went once more, and nothing was changed here. If the first send did arrive too, "
                           "they received two copies: a short word to them settles it")
        if not delivery.outcome_unknown(message):  # said twice (two tabs), or settled meanwhile
            raise Conflict(f"{name} is {_state(message)}: whether it arrived is not in question, so nothing "
                           "was changed")
        if not message.action_key:
            discard_draft(tx, message_id, now=now)
            return f"{name} arrived, you said:{called_off} it is taken off your drafts, and nothing is sent again.", False
        try:
            planning.mark_done(tx, message.action_key, "it arrived (its send's outcome was unknown; you said it did)",
                               now)
        except Conflict:  # its action is settled already (done, skipped, another note sent): the note is left
            message = tx.get(m.Message, message_id)
            message.state, message.updated_at = m.MessageState.DONE_ELSEWHERE, now
            tx.update(message)
            return f"{name} arrived, you said:{called_off} it is marked sent, and nothing is sent again.", False
        message = tx.get(m.Message, message_id)
        if delivery.outcome_unknown(message):  # not marked with its action: it is the note that went
            message.state, message.updated_at = m.MessageState.DONE_ELSEWHERE, now
            tx.update(message)
        return (f"{name} arrived, you said:{called_off} it is marked sent and its action done, and nothing is sent again "
                "(Undo, under Recently decided on Today, if you find it did not).", True)

    try:
        said, done = await run(the_desk.write, settle)
    except NotFound:
        raise
    except AfterviewError as err:
        flash(request, str(err), "error")
        return redirect(f"/drafts/{message_id}")
    if done:  # as Done on Today: what the plan no longer has is held back
        said = said.rstrip(".") + await run(held_back_text, the_desk, now) + "."
    flash(request, said)
    return redirect(f"/drafts/{message_id}")


async def discard(request):
    """Throw the draft away (an approved or scheduled one is then never sent); back to Drafts.

    A note that may have arrived and has an action is not (its editor offers no Discard for it;
    from a page loaded before, it is refused): back to its editor, with the desk's ways on."""
    from afterview.services.drafting import MayHaveArrived, discard_draft

    message_id = path_id(request)
    data = await form(request)
    refused = unconfirmed(request, data, "Not discarded: tick the box to confirm.", f"/drafts/{message_id}")
    if refused is not None:
        return refused
    the_desk = desk(request)
    try:
        message = await run(the_desk.write, lambda tx: discard_draft(tx, message_id, now=the_desk.now()))
    except NotFound:
        raise
    except MayHaveArrived:
        name = await run(the_desk.read, lambda tx: message_name(tx, message_id))
        flash(request, f"Not discarded: {name} may have arrived already, and discarded, its action would be "
                       "planned again, so a new note could reach them twice. Nothing was changed. Answer Did it "
                       "arrive? below: It arrived (its action is then done), or It did not arrive (send it again); "
                       "to give the action up, use Skip on Today.", "error")
        return redirect(f"/drafts/{message_id}")
    except AfterviewError as err:  # discarded already (another tab), sent, being sent: in the desk's words
        said, back = await run(_not_discarded, the_desk, message_id, err)
        flash(request, said, "error")
        return redirect(back)
    flash(request, f"Discarded: {message.subject or 'the draft'}")
    return redirect("/drafts")


def _not_discarded(the_desk, message_id: int, err: AfterviewError) -> tuple[str, str]:
    """A Discard refused, naming the note and saying what became of it; and where to go: Drafts for
    a note discarded already (nothing is left to do with it), else back to the note."""
    from afterview.interfaces.web.views import in_desk_words

    message = the_desk.read(lambda tx: tx.get(m.Message, message_id))
    name = the_desk.read(lambda tx: message_name(tx, message_id))
    if message.state == m.MessageState.CANCELLED:
        return (f"Not discarded again: {name} was discarded already (perhaps in another tab); nothing was changed.",
                "/drafts")
    if message.state in (m.MessageState.SENT, m.MessageState.DONE_ELSEWHERE, m.MessageState.SENDING):
        gone = _sent_elsewhere(the_desk, message_id)
        if gone:
            return gone.replace("Not sent again:", "Not discarded:", 1), f"/drafts/{message_id}"
    return f"Not discarded: {in_desk_words(str(err), message_id, name)}", f"/drafts/{message_id}"


async def api_review(request):
    """Findings for the text being typed: {subject, body, message_id} -> {findings: [...]}."""
    try:
        data = await request.json()
    except ValueError:
        return JSONResponse({"error": "expected a JSON body"}, status_code=400)
    if not isinstance(data, dict):
        return JSONResponse({"error": "expected a JSON object"}, status_code=400)
    subject, body = str(data.get("subject") or ""), str(data.get("body") or "")
    length = len(subject) + len(body)
    if length > MAX_REVIEW_CHARS:  # (editor.js says it in the review's status line, with both numbers)
        return JSONResponse({"error": f"the live review stops at {MAX_REVIEW_CHARS:,} characters and this text has "
                                      f"{length:,}: Save reviews it in full",
                             "limit": MAX_REVIEW_CHARS, "length": length}, status_code=413)
    the_desk = desk(request)

    def review():
        from afterview.reviewer.engine import review as run_review
        from afterview.reviewer.model import ReviewContext
        from afterview.services.drafting import lint_config, review_message

        message_id = data.get("message_id")
        if message_id is None:
            return run_review(subject or None, body, ReviewContext(), lint_config(the_desk.config))
        facts = the_desk.snapshot(unplanned=True).facts
        stored = next((x for x in facts.messages if x.id == message_id), None)
        if stored is None:
            raise NotFound(f"no draft with id {message_id}")
        shown = replace(stored)
        shown.subject, shown.body = subject, body
        return review_message(facts, shown, the_desk.config)

    findings = await run(review)
    return JSONResponse({"findings": findings_json(findings)})


ROUTES = [
    Route("/drafts", drafts_list),
    Route("/drafts/{id}", editor),
    Route("/drafts/{id}", editor_submit, methods=["POST"]),
    Route("/drafts/{id}/tone", switch_tone, methods=["POST"]),
    Route("/drafts/{id}/done", mark_sent_elsewhere, methods=["POST"]),
    Route("/drafts/{id}/discard", discard, methods=["POST"]),
    Route("/drafts/{id}/arrived", arrived, methods=["POST"]),
    Route("/api/review", api_review, methods=["POST"]),
    *form_pages({"/drafts/{id}/tone": "/drafts/{id}", "/drafts/{id}/done": "/drafts/{id}",
                 "/drafts/{id}/discard": "/drafts/{id}", "/drafts/{id}/arrived": "/drafts/{id}"}),
]
