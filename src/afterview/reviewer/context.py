"""The review context of a stored message, from the recorded facts (pure, but for the
playbook a late-looking thank-you's planned due moment is worked out with: see `_planned_due`)."""

from __future__ import annotations

from datetime import datetime, timedelta

from afterview.domain.model import (
    IN_PROCESS_STATUSES,
    Facts,
    InboundKind,
    Message,
    MessageKind,
    MessageState,
    Opportunity,
    OpportunityStatus,
    ReplyClass,
)
from afterview.composer.context import accepted_here
from afterview.reviewer.model import ReviewContext, on_linkedin


def context_for_message(facts: Facts, message: Message, playbook=None) -> ReviewContext:
    """Everything the reviewer should know about `message`: recipient, company, debrief, loop,
    and when it is to go out (`playbook`: the planner's, for a thank-you's due moment, a
    rejection reply's wait and a LinkedIn note's limit; the effective one when not given)."""
    person = facts.people.get(message.person_id)
    opportunity = facts.opportunities.get(message.opportunity_id) if message.opportunity_id else None
    interview = facts.interviews.get(message.interview_id) if message.interview_id else None
    if opportunity is None and interview is not None:
        opportunity = facts.opportunities.get(interview.opportunity_id)
    company_id = opportunity.company_id if opportunity else (person.company_id if person else None)
    company = facts.companies.get(company_id) if company_id is not None else None
    theirs = facts.companies.get(person.company_id) if person is not None and person.company_id is not None else None
    profile = facts.profile
    details, examples = _details(facts, message, opportunity)
    return ReviewContext(
        kind=str(message.kind),
        channel=str(message.channel) if str(message.channel) in ("email", "linkedin", "card") else "email",
        recipient_name=person.name if person else "",
        recipient_greet_as=person.greet_as if person else "",
        recipient_emails=list(person.emails) if person else [],
        company=company.name if company else "",
        role=opportunity.role if opportunity else "",
        details=details,
        examples=examples,
        topics=_topics(facts, message, opportunity),
        concerns=_topics(facts, message, opportunity, "concerns"),
        others_topics=others_topics(facts, message, opportunity),
        interview_id=message.interview_id,
        topic_interviews=_topic_interviews(facts, message, opportunity),
        siblings=siblings(facts, message),
        other_companies=_other_companies(facts, company_id, person),
        other_roles=other_roles(facts, opportunity),
        company_roles=other_roles(facts, opportunity, same_company=True),
        other_people=_other_people(facts, company_id, opportunity, person),
        attachments=list(message.attachments),
        recipient_company=theirs.name if theirs is not None and theirs.id != company_id else "",
        recipient_moved_to=_moved_to(facts, person, opportunity),
        accepted_with_them=accepted_here(facts, opportunity),
        former_company_names=_former_names(facts, company),
        linkedin_limit=_note_limit(message, profile.linkedin_account, playbook),
        send_at=message.scheduled_at,
        interview_end=interview.end if interview else None,
        planned_due=_due_of(facts, message, playbook),
        sent_already=message.state in (MessageState.SENT, MessageState.DONE_ELSEWHERE),
        **recipient_place(person, profile, playbook),
        known_words=_known_words(facts, company_id, person),
        sender_name=profile.name,
        sender_signature=profile.signature,
        news=_own_news(facts),
        thread_subject=_thread_subject(facts, message),
        rejection_at=_rejection_at(facts, message, opportunity, playbook),
        rejection_wait=lambda: _rejection_wait(playbook),
        **_gone_out(facts, message),
        spacing=lambda: _spacing(playbook),
        follow_up_wait=lambda: _follow_up_wait(message, opportunity, playbook),
    )


def _moved_to(facts: Facts, person, opportunity: Opportunity | None) -> str:
    """The company the recipient works at now when they were on a panel of the process (not as
    its recruiter or coordinator, who may well work elsewhere) and it is no longer the
    process's (`person edit --company`): "Contoso"; "" otherwise."""
    from afterview.planner.facts import moved_on

    if person is None or opportunity is None:
        return ""
    roles = {p.role for i in facts.interviews.values() if i.opportunity_id == opportunity.id
             for p in i.participants if p.person_id == person.id}
    if not any(moved_on(person, role, opportunity.company_id) for role in roles):
        return ""
    now_at = facts.companies.get(person.company_id)
    return now_at.name if now_at is not None else "another company"


def _gone_out(facts: Facts, message: Message) -> dict:
    """What went out before, for the spacing and follow-up waits: the messages to this person
    sent or marked done (moment, kind), and the opportunity's status follow-ups among all of
    them (to anyone of its loop)."""
    from afterview.planner.facts import outgoing_moment

    gone = (MessageState.SENT, MessageState.DONE_ELSEWHERE)
    to_person, status = [], []
    for other in facts.messages:
        if other.id == message.id or other.state not in gone:
            continue
        moment = outgoing_moment(other)
        if moment is None:
            continue
        if other.person_id == message.person_id:
            to_person.append((moment, str(other.kind)))
        if other.kind == MessageKind.STATUS_CHECK and message.opportunity_id is not None \
                and other.opportunity_id == message.opportunity_id:
            status.append(moment)
    return {"sent_to_person": sorted(to_person), "status_checks_out": sorted(status)}


def _spacing(playbook=None) -> tuple[int, frozenset[str]]:
    """The playbook's spacing: business days between two messages to one person, and the kinds
    exempt from it (those that answer an event)."""
    rule = _effective(playbook)["spacing"]
    return int(rule["business_days"]), frozenset(str(k) for k in rule["exempt"])


def _follow_up_wait(message: Message, opportunity, playbook=None) -> int | None:
    """How many business days a status follow-up waits after the previous one (the second after
    the first; closing the loop after the second), as the planner counts them (a slow sector's
    factor too: `planner.playbook.paced`); None for other kinds."""
    from afterview.planner.playbook import paced

    values = _effective(playbook)
    kind = str(message.kind)
    if kind == "status_check":
        days = values["second_status_check"]["after_first"]
    elif kind == "closing_the_loop":
        days = values["close_the_loop"]["after_second"]
    else:
        return None
    return paced(values, opportunity, days)


def _other_companies(facts: Facts, company_id, person) -> list[str]:
    """The other companies of your pipeline, by name: those you have an opportunity with, but
    the note's own and the one the recipient works at now (someone met at Lumen Health who has
    moved to Ferrous Labs is written to at Ferrous Labs, even if you also applied there). A
    company recorded only as someone's employer (an agency, a former employer) is none."""
    pipeline = {o.company_id for o in facts.opportunities.values()}
    skip = {company_id, person.company_id if person is not None else None}
    return sorted(c.name for cid, c in facts.companies.items() if cid in pipeline and cid not in skip)


def _other_people(facts: Facts, company_id, opportunity, person) -> list[str]:
    """The people of the process but the recipient, as "name|greet-as": those at the company and
    those met in the opportunity's interviews (a recruiter of an agency)."""
    ids = {pid for pid, p in facts.people.items() if company_id is not None and p.company_id == company_id}
    if opportunity is not None:
        ids |= {part.person_id for i in facts.interviews.values() if i.opportunity_id == opportunity.id
                for part in i.participants}
    ids.discard(person.id if person is not None else None)
    return sorted(f"{p.name}|{p.greet_as}" for pid in ids if (p := facts.people.get(pid)) is not None)


def other_roles(facts: Facts, opportunity, same_company: bool = False) -> list[str]:
    """The roles of your opportunities at other companies (`same_company`: your other roles at
    this one), but those that are this one's role too (one title at two companies)."""
    if opportunity is None:
        return []
    own = " ".join((opportunity.role or "").split()).casefold()
    found = {" ".join((o.role or "").split()) for o in facts.opportunities.values()
             if o.id != opportunity.id and (o.company_id == opportunity.company_id) == same_company}
    return sorted(role for role in found if role and not role.startswith("(") and role.casefold() != own)


def _former_names(facts: Facts, company) -> list[str]:
    """The names the note's company went by before (`Company.former_names`), but one that a
    company has now (another company of that name since: wrong-company's to judge)."""
    if company is None or not company.former_names:
        return []
    now = {c.name.casefold() for c in facts.companies.values()}
    return [name for name in company.former_names if name.casefold() not in now]


def linkedin_limit(account, playbook=None) -> int:
    """The longest LinkedIn note, in characters, on this account (a `LinkedInAccount` or its
    value): the playbook's `[linkedin_limits]` free_note_chars or premium_note_chars (the
    default playbook's, 200 and 300, when none is given). The planner notes it, the composer fits
    a note to it and the review checks against it: one source, the playbook."""
    from afterview.planner.playbook import note_limit

    if playbook is None:
        from afterview.planner import DEFAULT_PLAYBOOK as playbook
    return note_limit(playbook, account)


def recipient_place(person, profile, playbook) -> dict:
    """The recipient's zone and country for the timing checks: theirs, else the planner's
    fallback (`[calendar]`, else your profile's: `planner.playbook.fallback_place`), and whether
    the zone is theirs as recorded (else "their time" is not said of it)."""
    zone = person.timezone if person and person.timezone else ""
    country = person.country if person and person.country else ""
    if not (zone and country):
        from afterview.planner.playbook import fallback_place

        default_zone, default_country = fallback_place(_effective(playbook), profile)
        zone, country = zone or default_zone, country or default_country
    recorded = bool(person and person.timezone)
    return {"recipient_timezone": zone, "recipient_country": country, "recipient_zone_recorded": recorded}


def _note_limit(message: Message, account, playbook) -> int:
    """A LinkedIn note's limit (the effective playbook's when none is given); for any other
    message, where no rule reads it, the default one (nothing is read for it)."""
    if playbook is None and on_linkedin(str(message.channel), str(message.kind)):
        playbook = _effective(None)
    return linkedin_limit(account, playbook)


def _effective(playbook):
    """`playbook`, or the effective one (config.toml's [planner], playbook.toml); the defaults
    when it cannot be read (a broken playbook file is said by every planning command)."""
    from afterview.planner import DEFAULT_PLAYBOOK

    if playbook is not None:
        return playbook
    from afterview.errors import AfterviewError
    from afterview.services.planning import effective_playbook

    try:
        return effective_playbook()
    except AfterviewError:
        return DEFAULT_PLAYBOOK


def _thread_subject(facts: Facts, message: Message) -> str:
    """The subject of the message a reply answers (by its In-Reply-To): an email received (their
    rejection) or one of ours; "" when it answers none, or one not recorded."""
    wanted = message.in_reply_to.strip()
    if not wanted:
        return ""
    for inbound in facts.inbound:
        if inbound.header_message_id == wanted:
            return inbound.subject
    for other in facts.messages:
        if other.message_id == wanted and other.id != message.id:
            return other.subject
    return ""


def rejections(facts: Facts, opportunity: Opportunity, playbook=None) -> list[tuple[datetime, int | None, str]]:
    """How the rejection of an opportunity reached you, earliest first: (when, from whom (a
    person's id, or None), from which address ("" when not by email)).

    As the planner reads it: a reply classified as a rejection (tied to the opportunity, or from
    one of its people), and a "rejected" status with the person who told you; only the ones
    after the process was last reopened; none when a status you set says otherwise (an offer,
    a withdrawal). The status history is the planner's, in force (`planner.facts.in_force`): a
    status taken back the same day in your zone (`playbook`'s, the effective one when not
    given) is as if never recorded, a reopening taken back so too. Read by the review (the
    rejection reply waits) and the composer (whether the person written to is the one who told
    you).
    """
    status = opportunity.status
    if status not in IN_PROCESS_STATUSES and status != OpportunityStatus.REJECTED:
        return []
    found: list[tuple[datetime, int | None, str]] = []
    answered = None
    people = None
    for inbound in facts.inbound:
        if inbound.kind != InboundKind.REPLY or inbound.classification != ReplyClass.REJECTION:
            continue
        person, opp_id = inbound.person_id, inbound.opportunity_id
        if inbound.answers_message_id is not None and (person is None or opp_id is None):
            if answered is None:
                answered = {m.id: m for m in facts.messages}
            ours = answered.get(inbound.answers_message_id)
            if ours is not None:
                person = person if person is not None else ours.person_id
                opp_id = opp_id if opp_id is not None else ours.opportunity_id
        if opp_id is None and person is not None:
            if people is None:
                people = {p.person_id for i in facts.interviews.values() if i.opportunity_id == opportunity.id
                          for p in i.participants}
            opp_id = opportunity.id if person in people else None
        if opp_id == opportunity.id:
            found.append((inbound.received_at, person, inbound.from_address.strip().lower()))
    history = _in_force(facts, opportunity, playbook)
    if history.set_aside is not None:
        # reopened after a decision (a closing taken back the same day reopens it too): an email
        # from before no longer says no
        found = [f for f in found if f[0] > history.set_aside]
    if status == OpportunityStatus.REJECTED:
        # the rejections recorded since the last reopening in force, one at its very moment too
        found += [(c.at, c.person_id, "") for c in history.changes[history.since:]
                  if c.status == OpportunityStatus.REJECTED]
    return sorted(found, key=lambda f: (f[0], f[1] is None))


def _in_force(facts: Facts, opportunity: Opportunity, playbook=None):
    """The opportunity's status history as the planner reads it (`planner.facts.in_force`, in
    the zone it counts your days in); a history of one change has nothing to take back."""
    from afterview.planner.facts import InForce, in_force, safe_zone

    if len(opportunity.history) < 2:
        return InForce(opportunity.history, None, None)
    from afterview.planner.playbook import fallback_place

    zone = safe_zone(fallback_place(_effective(playbook), facts.profile)[0], "UTC")
    return in_force(opportunity.history, zone)


def _rejection_at(facts: Facts, message: Message, opportunity, playbook=None) -> datetime | None:
    """For a rejection reply with a moment to go out: when the rejection it answers arrived."""
    if str(message.kind) != "rejection_reply" or message.scheduled_at is None or opportunity is None:
        return None
    found = rejections(facts, opportunity, playbook)
    return found[0][0] if found else None


def _rejection_wait(playbook=None):
    """How long after a rejection its reply waits: the playbook's rejection_reply.not_before."""
    return _effective(playbook)["rejection_reply"]["not_before"]


def _due_of(facts: Facts, message: Message, playbook):
    """For a thank-you set to go out at a moment: a function giving the due moment the planner
    sets for it (asked only when the note would otherwise be late, as planning costs a plan)."""
    if str(message.kind) != "thank_you" or message.scheduled_at is None or message.interview_id is None:
        return None
    return lambda: _planned_due(facts, message, message.scheduled_at, playbook)


def _planned_due(facts: Facts, message: Message, at: datetime, playbook=None) -> datetime | None:
    """The due moment of the note's action in the plan as it stands when the note goes out
    (`at`): the planner's own rule (the Friday, pre-holiday and afternoon slots, a snooze or an
    out-of-office reply that moved it), so that the review calls late only what the plan does.
    None when the plan has no such action then (the review falls back on its hours). A note that
    went out is judged by the plan as it stood while it waited to go: once gone, the plan has no
    action for it."""
    from dataclasses import replace

    from afterview.planner import plan_due

    playbook = _effective(playbook)
    key = message.action_key or f"thank_you:i{message.interview_id}:p{message.person_id}"
    if message.state in (MessageState.SENT, MessageState.DONE_ELSEWHERE):
        waiting = replace(message, state=MessageState.SCHEDULED, sent_at=None)
        same = (lambda m: m.id == message.id) if message.id is not None else (lambda m: m is message)
        facts = replace(facts, messages=[waiting if same(m) else m for m in facts.messages])
    actions, _ = plan_due(facts, playbook, at)
    return next((action.due for action in actions if action.key == key), None)


def _details(facts: Facts, message: Message, opportunity) -> tuple[list[str], list[str]]:
    """This person's debrief details, for the message's interview, else for the whole
    opportunity; and those a hint may quote as examples (topics and rapport).

    A note that touches a concern or a promise is specific, so both count as details; but a
    concern is the user's own shorthand for a doubt ("salary expectations above the band"),
    and a promise is for the note's closing, so neither is offered as something to write about.
    """
    if message.interview_id is not None:
        interviews = {message.interview_id}
    elif opportunity is not None:
        interviews = {i.id for i in facts.interviews.values() if i.opportunity_id == opportunity.id}
    else:
        interviews = set()
    details: list[str] = []
    examples: list[str] = []
    for debrief in facts.debriefs:
        if debrief.person_id == message.person_id and debrief.interview_id in interviews:
            details += [*debrief.topics, *debrief.rapport, *debrief.concerns, *debrief.promises]
            examples += [*debrief.topics, *debrief.rapport]
    return [d for d in details if d.strip()], [e for e in examples if e.strip()]


def _topics(facts: Facts, message: Message, opportunity, items: str = "topics") -> list[str]:
    """This person's debrief topics as recorded (of the message's interview, else of the whole
    opportunity): those a draft puts inside a sentence (topic-wording); or another list of the
    debriefs (`items`: "concerns")."""
    if message.interview_id is not None:
        interviews = {message.interview_id}
    elif opportunity is not None:
        interviews = {i.id for i in facts.interviews.values() if i.opportunity_id == opportunity.id}
    else:
        return []
    return [t for d in facts.debriefs if d.person_id == message.person_id and d.interview_id in interviews
            for t in getattr(d, items) if t.strip()]


def others_topics(facts: Facts, message: Message, opportunity) -> dict[str, tuple[str, int]]:
    """The debrief topics of the other people of the note's process (of every interview of its
    opportunity) -> the name of the person each is about and the interview, for a note that may
    quote one (a rejection reply to the recruiter names the conversation with an interviewer)."""
    if opportunity is None:
        return {}
    loop = {i.id for i in facts.interviews.values() if i.opportunity_id == opportunity.id}
    found: dict[str, tuple[str, int]] = {}
    for debrief in facts.debriefs:
        if debrief.interview_id not in loop or debrief.person_id == message.person_id:
            continue
        person = facts.people.get(debrief.person_id)
        for topic in debrief.topics:
            if topic.strip() and person is not None:
                found.setdefault(topic, (person.name, debrief.interview_id))
    return found


def _topic_interviews(facts: Facts, message: Message, opportunity) -> dict[str, int]:
    """For a note about no one interview: each of this person's topics in the opportunity ->
    the interview whose debrief holds it (the latest such), so that a hint names the command
    that corrects it (`afterview debrief 3 --person ...`), as it does for a thank-you."""
    if message.interview_id is not None or opportunity is None:
        return {}
    loop = {i.id: i for i in facts.interviews.values() if i.opportunity_id == opportunity.id}
    found: dict[str, int] = {}
    for debrief in sorted((d for d in facts.debriefs if d.person_id == message.person_id and d.interview_id in loop),
                          key=lambda d: (loop[d.interview_id].start, d.id or 0)):
        for topic in debrief.topics:
            if topic.strip():
                found[topic] = debrief.interview_id
    return found


def _own_news(facts: Facts) -> list[str]:
    """The user's own news and achievements, as recorded: what a keep-warm, a share-news, a
    second status check or a thank-you's result tells (the wrong-company rule lets a company
    named in it stand where the note tells it)."""
    return [text for item in facts.news for text in (item.title, item.detail) if text.strip()]


# Notes about a whole process rather than one interview, sent to several people of its loop at
# about the same time (a keep-in-touch round after a rejection, a result shared with the panel):
# they are compared with each other as a panel's thank-yous are.
LOOP_KINDS = frozenset({MessageKind.KEEP_WARM, MessageKind.SHARE_NEWS})
# "About the same time": notes of one round of keep-in-touch (the planner plans the loop's
# touches from the same close, each on its news) are days apart; the next round months later.
SIBLING_WINDOW = timedelta(days=30)


def siblings(facts: Facts, message: Message) -> list[str]:
    """Bodies of the same kind of note to the other people of the same interview loop: of the
    same interview (thank-yous, cards); for a keep-in-touch or share-news note (no interview),
    of the same opportunity, written within `SIBLING_WINDOW` of it (its send time, else when it
    was drafted; a note with neither is taken as of the same time)."""
    return [other.body for other in sibling_notes(facts, message)]


def sibling_notes(facts: Facts, message: Message) -> list[Message]:
    """The messages `siblings` gives the bodies of (the composer makes a new keep-in-touch note
    differ from them)."""
    if message.interview_id is None and not (message.kind in LOOP_KINDS and message.opportunity_id is not None):
        return []
    if message.interview_id is not None:
        def same_loop(other: Message) -> bool:
            return other.interview_id == message.interview_id
    else:
        when = _moment(message)

        def same_loop(other: Message) -> bool:
            if other.opportunity_id != message.opportunity_id or other.interview_id is not None:
                return False
            theirs = _moment(other)
            return when is None or theirs is None or abs(theirs - when) <= SIBLING_WINDOW
    return [
        other
        for other in facts.messages
        if other.kind == message.kind
        and other.person_id != message.person_id
        and other.id != message.id
        and other.state != MessageState.CANCELLED
        and other.body.strip()
        and same_loop(other)
    ]


def _moment(message: Message) -> datetime | None:
    """When a note goes (or went) out: sent, else scheduled, else drafted."""
    return message.sent_at or message.scheduled_at or message.created_at


def _known_words(facts: Facts, company_id, person) -> list[str]:
    """Names that spelling must accept: the people of this company, the user, the person's tags,
    and every company recorded (one that is not in your pipeline, such as an agency, is still a
    name). The user's own news (follow-ups quote their titles) is the context's `news`, read by
    spelling as the debrief is: its names and terms, not its lower-case typos."""
    words = [facts.profile.name, *(c.name for c in facts.companies.values())]
    words += [p.name for p in facts.people.values() if company_id is not None and p.company_id == company_id]
    if person is not None:
        words += [person.title, *person.tags]
    return [w for w in words if w]
