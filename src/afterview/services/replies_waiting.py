"""The replies that wait for you to say what they mean: `today`'s REPLIES TO CONFIRM and the
desk's Replies to confirm list them by this one rule.

Pure and light (the facts in, nothing read or written): `today` calls it on its fast path.
"""

from __future__ import annotations

from afterview.domain.model import Facts, Inbound, InboundKind, OpportunityStatus, ReplyClass

# what a reply that reads so suggests (services.delivery.SUGGESTED_STATUS, without importing it)
_SUGGESTS = {ReplyClass.REJECTION: OpportunityStatus.REJECTED, ReplyClass.OFFER: OpportunityStatus.OFFER,
             ReplyClass.NEXT_ROUND: OpportunityStatus.INTERVIEWING}


def to_confirm(facts: Facts) -> list[Inbound]:
    """The replies read or told that wait to be confirmed, newest first. Automatic replies and
    bounces decide nothing (`afterview replies` lists those); a reply overtaken by what you
    decided since (`overtaken`) waits no more. The reply itself is kept either way."""
    waiting = [r for r in facts.inbound if r.kind == InboundKind.REPLY and not r.confirmed]
    return sorted((r for r in waiting if not overtaken(facts, r)), key=lambda r: r.received_at, reverse=True)


def overtaken(facts: Facts, reply: Inbound) -> bool:
    """Whether what a reply would have you decide was decided since it came: its process closed
    (rejected, withdrawn, accepted, no response) by a status recorded after it, the status it
    suggests recorded after it, or the decision date it said recorded in a debrief of its process."""
    opportunity = facts.opportunities.get(reply.opportunity_id) if reply.opportunity_id is not None else None
    if opportunity is None:  # linked to none: it waits for the one it is about
        return False
    since = [change for change in opportunity.history if change.at >= reply.received_at]
    if opportunity.status.is_closed and any(change.status == opportunity.status for change in since):
        return True
    suggested = _SUGGESTS.get(reply.classification)
    if suggested is not None and any(change.status == suggested for change in since):
        return True
    return _date_recorded(facts, reply)


def _date_recorded(facts: Facts, reply: Inbound) -> bool:
    """Whether the decision date a reply said is recorded in a debrief of its process's interviews."""
    if "decision" not in (reply.summary or "").lower():  # (no date kept: the reply patterns not loaded)
        return False
    from afterview.delivery.replies import stated_decision

    day = stated_decision(reply.summary)
    if day is None:
        return False
    rounds = {i.id for i in facts.interviews.values() if i.opportunity_id == reply.opportunity_id}
    return any(d.decision_date == day and d.interview_id in rounds for d in facts.debriefs)


# how a reply to confirm reads, in the words of `today`'s REPLIES TO CONFIRM and the desk's list
READS = {ReplyClass.REJECTION: "it reads as a rejection", ReplyClass.NEXT_ROUND: "it reads as a next round",
         ReplyClass.OFFER: "it reads as an offer", ReplyClass.OTHER: "it reads as no decision",
         ReplyClass.NEEDS_REVIEW: "it is not clear what it means: say which status it means"}


def how_it_reads(facts: Facts, reply: Inbound) -> str:
    """How a reply to confirm reads ("it reads as a rejection"); one that decides nothing but
    gives the day they will decide by says so, with the command that records it, for the
    follow-ups to go by it: "it gives a decision date, Fri 18 Dec 2026: record it with afterview
    debrief 3 --person 1 --decision-date 2026-12-18" (the sender when on the panel of the
    process's latest round, else its first member)."""
    said = READS.get(reply.classification, reply.classification.value.replace("_", " "))
    if reply.classification not in (ReplyClass.OTHER, ReplyClass.NEEDS_REVIEW) \
            or "decision" not in (reply.summary or "").lower():
        return said
    from afterview.delivery.replies import stated_decision
    from afterview.domain.model import latest_round

    day = stated_decision(reply.summary)
    if day is None:
        return said
    dated = f"it gives a decision date, {day:%a} {day.day} {day:%b %Y}"
    round_ = latest_round(i for i in facts.interviews.values() if i.opportunity_id == reply.opportunity_id) \
        if reply.opportunity_id is not None else None
    if round_ is None or not round_.participants:
        return dated
    panel = [p.person_id for p in round_.participants]
    who = reply.person_id if reply.person_id in panel else panel[0]
    return (f"{dated}: record it with afterview debrief {round_.id} --person {who} "
            f"--decision-date {day.isoformat()}")


def rested_on(facts: Facts, action) -> Inbound | None:
    """The reply, not confirmed yet, an action of the plan rests on (`Action.rests_on`: the planner
    has it only because it reads that reply as a rejection: the reply to it, a LinkedIn request
    after it, a touch counted from it); None for any other. `today`, `why` and the desk's card say
    it in one wording (`resting_words`)."""
    reply_id = getattr(action, "rests_on", None)
    if reply_id is None:
        return None
    return next((r for r in facts.inbound if r.id == reply_id), None)


def resting_words(facts: Facts, reply: Inbound) -> str:
    """What an action resting on a reply not confirmed yet says of it, with the commands that
    settle it: `today`'s and `why`'s line (the desk's card says the same, its link for the commands)."""
    return (f"this rests on a reply not confirmed yet: it is due only if the reply from {sender_of(facts, reply)} "
            f"is a rejection (afterview replies confirm {reply.id}; if it is not one: afterview replies confirm "
            f"{reply.id} --status none)")


def holds_back_finder(facts: Facts, playbook, now):
    """What a reply to confirm holds back while it reads as a rejection (planner.engine.held_back_by:
    the thank-you notes it would be, were it no rejection), for the replies of one listing: a
    function of a reply, the facts indexed once, and only when a reply may hold something back
    (most replies to confirm stop nothing)."""
    finder = None

    def held(reply: Inbound) -> list:
        nonlocal finder
        if reply.classification != ReplyClass.REJECTION or reply.confirmed:
            return []
        if finder is None:
            from afterview.planner.engine import held_back_finder

            finder = held_back_finder(facts, playbook, now)
        return finder(reply)

    return held


def holds_back_words(facts: Facts, held: list, now, zone) -> str:
    """What a reply to confirm holds back, said on it by `today`'s REPLIES TO CONFIRM and the desk's
    Replies to confirm: "until you confirm it, it holds back the thank-you notes to Priya Raman,
    Tom Becker and Lena Fischer (due Mon 30 Nov 09:00 their time if it is no rejection)"; ""
    when it holds back none. The due moments are the recipients' (yours when you share a zone)."""
    if not held:
        return ""
    names = [facts.people[a.person_id].name if a.person_id in facts.people else f"person {a.person_id}"
             for a in held]
    dues = [_moment(a.due, zone) for a in held]
    late = all(a.due < now for a in held)
    if len(set(dues)) == 1:
        who = _and(names)
        when = f" (due {dues[0]} if it is no rejection{': overdue already' if late else ''})"
    else:
        who = _and([f"{name} (due {due})" for name, due in zip(names, dues)])
        when = " if it is no rejection"
    notes = "the thank-you note" if len(held) == 1 else "the thank-you notes"
    return f"until you confirm it, it holds back {notes} to {who}{when}"


def _moment(moment, zone) -> str:
    """"Mon 30 Nov 09:00 their time", or without "their time" in your own zone."""
    theirs = f"{moment:%a} {moment.day} {moment:%b} {moment:%H:%M}"
    mine = moment.astimezone(zone)
    return theirs if mine.utcoffset() == moment.utcoffset() else f"{theirs} their time"


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def sender_of(facts: Facts, reply: Inbound) -> str:
    """Who sent a reply: their name when known, else the address it came from."""
    person = facts.people.get(reply.person_id) if reply.person_id is not None else None
    return person.name if person is not None else reply.from_address
