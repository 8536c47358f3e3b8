"""Drafting use cases: draft planned actions, edit a draft, list and show drafts, templates.

Each function takes an open transaction (`tx`) and the moment (`now`); the CLI and the web desk
call them inside `store.transaction()`. Every saved draft is reviewed at once. Drafting and the
review follow the user's effective playbook (`playbook`, else the one of `config`'s folder): a
LinkedIn note is fitted to, and checked against, its `[linkedin_limits]`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from afterview.composer import DraftRequest, TemplateSet, apply_rewrite, compose
from afterview.composer.draft import Draft, Gap
from afterview.domain.keys import parse_key
from afterview.domain.model import (
    Debrief,
    Facts,
    Message,
    MessageKind,
    MessageState,
)
from afterview.errors import Conflict, InvalidInput, NotFound
from afterview.domain.values import single_line

# Drafts that are still open: re-drafting their action replaces them only with force.
OPEN_STATES = frozenset(
    {MessageState.PLANNED, MessageState.DRAFTED, MessageState.APPROVED, MessageState.SCHEDULED,
     MessageState.FAILED}
)
# Action states that no longer need a draft.
_CLOSED_ACTION_STATES = frozenset({"done", "skipped", "skip", "sent", "cancelled", "superseded"})
_SOON = timedelta(days=1)


@dataclass
class DraftResult:
    """One drafted action: the saved message, its review, and the facts still missing."""

    message: Message
    findings: list = field(default_factory=list)
    asks: list[Gap] = field(default_factory=list)
    # created | replaced | kept (an open draft exists; use force) | copied (with force: a copy of
    # it is out, in Drafts, an .eml file or a link, and on its way from there: kept, see CopyIsOut)
    outcome: str = "created"


def templates_for(config) -> TemplateSet:
    """The template set: built-in templates, overridden by files in the config folder."""
    from afterview.config import paths

    folder = Path(config.path).parent / "templates" if config is not None and config.path else paths().templates
    return TemplateSet(folder)


def lint_config(config):
    from afterview.reviewer.config import ReviewConfig

    if config is None:
        return ReviewConfig()
    return ReviewConfig.from_mapping(config.section("lint"), str(config.path))


def load_playbook_for(config):
    from afterview.planner.playbook import load_playbook

    section = config.section("planner") if config is not None else None
    path = Path(config.path).parent / "playbook.toml" if config is not None and config.path else None
    from afterview.services.planning import reader_tz

    return load_playbook(path if path is not None and path.exists() else None, config=section,
                         reader_tz=reader_tz(config))


def review_playbook(config=None):
    """The effective playbook, for drafting and reviewing (a LinkedIn note's limit, a thank-you's
    due moment, a rejection reply's wait): config.toml's [planner], then playbook.toml, of
    `config`'s folder (the usual one when there is no config). The default playbook when it
    cannot be read: a draft is still shown and reviewed, and every planning command says what is
    wrong with the file."""
    from afterview.errors import AfterviewError

    try:
        if config is None:
            from afterview.services.planning import effective_playbook

            return effective_playbook()
        return load_playbook_for(config)
    except AfterviewError:
        from afterview.planner import DEFAULT_PLAYBOOK

        return DEFAULT_PLAYBOOK


def note_limit(facts: Facts, config=None, playbook=None) -> int:
    """The longest LinkedIn note on the user's account, in characters: the playbook's
    `[linkedin_limits]` (`playbook`, else `review_playbook(config)`)."""
    from afterview.composer.context import linkedin_limit

    return linkedin_limit(facts, playbook if playbook is not None else review_playbook(config))


# -- drafting ----------------------------------------------------------------------------------


def draft_actions(
    tx,
    *,
    keys: list[str] | tuple[str, ...] = (),
    interview_id: int | None = None,
    tone: str | None = None,
    now: datetime,
    config=None,
    force: bool = False,
    templates: TemplateSet | None = None,
    actions: list | None = None,
    playbook=None,
    facts=None,
) -> list[DraftResult]:
    """Draft each chosen action (by key, or all open ones of an interview) as a saved message.

    `actions`: the plan, when the caller has it (made with `playbook` from `facts`, this
    transaction's facts: loaded once); `playbook`: the effective one (else `config`'s), which the
    plan, the LinkedIn note limit and the review use.
    """
    if not keys and interview_id is None:
        raise InvalidInput("name the actions to draft, or give --interview ID")
    facts = facts if facts is not None else tx.facts()
    if actions is None:
        from afterview.planner import plan

        playbook = playbook if playbook is not None else load_playbook_for(config)
        actions = plan(facts, playbook, now)
    elif playbook is None:
        playbook = review_playbook(config)
    chosen = _choose(actions, list(keys), interview_id, facts, now)
    templates = templates or templates_for(config)
    results = [_draft_one(tx, facts, action, tone, now, force, templates, playbook) for action in chosen]
    review_all(tx, results, config, playbook)
    return results


def _choose(actions: list, keys: list[str], interview_id: int | None, facts: Facts, now: datetime) -> list:
    from afterview.domain.keys import canonical_key

    by_key = {a.key: a for a in actions}
    chosen = []
    for typed in keys:
        key = canonical_key(typed)  # as done and skip read it: "thank_you:i01:p1 " is thank_you:i1:p1
        if key not in by_key:
            shown = typed if len(typed) <= 80 else f"{typed[:77]}..."
            raise NotFound(f"no planned action {shown!r} (see `afterview plan`)")
        chosen.append(by_key[key])
    keys = [a.key for a in chosen]
    if interview_id is not None:
        if interview_id not in facts.interviews:
            raise NotFound(f"no interview with id {interview_id}")
        chosen += [
            a for a in actions
            if a.interview_id == interview_id and a.key not in keys and _draftable(a)
            and _open(a) and _soon(a, now)
        ]
        if not chosen:
            raise NotFound(f"nothing to draft for interview {interview_id} now: no action is due "
                           "(see `afterview plan`; draft a later one by its key)")
    return chosen


def _open(action) -> bool:
    return str(getattr(action.state, "value", action.state)).lower() not in _CLOSED_ACTION_STATES


def _soon(action, now: datetime) -> bool:
    """Due now, or starting within a day (the thank-yous of an interview that just ended)."""
    state = str(getattr(action.state, "value", action.state)).lower()
    earliest = getattr(action, "earliest", None)
    return state in ("due", "overdue") or earliest is None or earliest - now <= _SOON


def _draftable(action) -> bool:
    try:
        MessageKind(getattr(action.kind, "value", action.kind))
    except ValueError:
        return False
    return True


class CopyIsOut(Conflict):
    """A new text refused: a copy of the note left another way (your Drafts folder, an .eml file,
    a mailto: link) and is on its way by that route. Changed here, the text Afterview keeps (and
    records as sent) would differ from the copy that goes: take that copy back first
    (`delivery.take_back_copy`: `afterview approve ID --withdraw`), or change it where it is."""

    def __init__(self, message: Message):
        self.message_id, self.key = message.id, message.action_key
        self.where = message.note.split(";")[0]
        self.in_drafts = message.note.startswith("placed in ")
        number = message.id
        if self.in_drafts:
            ways = ("change it there, in your mail program (`afterview sync` records the text it finds sent), or "
                    f"take that copy back first: afterview approve {number} --withdraw removes it from your Drafts "
                    f"folder; then change it and place it again (afterview send {number} --to-drafts)")
        else:
            sent = (f"if you sent that copy, mark it done (afterview done {self.key})" if self.key else
                    f"if you sent that copy, take it off your drafts (afterview discard {number})")
            ways = (f"{sent}; if not, take it back first (afterview approve {number} --withdraw; then do not send "
                    "that copy), then change it and copy it out again")
        super().__init__(f"message {number} was {self.where}: that copy is the one on its way, so its text is not "
                         f"changed here (the two would differ): {ways}")


def _follow_up_number(facts: Facts, message: Message) -> int:
    """Which status follow-up a note is (1, 2): its action's key says it ("status_check.2:..."),
    else the follow-ups sent to that person about that process before it, plus one. (Counting
    only those sent made a second follow-up whose first was marked done a first one again.)"""
    if message.kind is not MessageKind.STATUS_CHECK:
        return 1
    parsed = parse_key(message.action_key or "")
    if parsed is not None and parsed[0] == "status_check":
        return parsed[1]["n"]
    return 1 + sum(1 for m in facts.messages if m.kind is MessageKind.STATUS_CHECK and m.state is MessageState.SENT
                   and m.person_id == message.person_id and m.opportunity_id == message.opportunity_id)


def _planned_news(facts: Facts, playbook, message: Message, now: datetime) -> int | None:
    """The news item the plan chose for a status follow-up's action (news that matters to the
    process's panel may go to its recruiter), so that a note drafted again names the news its
    first draft named, not only what its recipient cares about; None for other kinds, or when the
    plan no longer has the action (the composer then chooses, as for a note drafted by hand)."""
    if message.kind is not MessageKind.STATUS_CHECK or not message.action_key:
        return None
    from afterview.planner import plan

    action = next((a for a in plan(facts, playbook, now) if a.key == message.action_key), None)
    return action.news_id if action is not None else None


def copy_is_out(message: Message) -> bool:
    """Whether a copy of this open note is out (Drafts, an .eml file, a link) and on its way by
    that route: its text is then not changed here (`CopyIsOut`)."""
    from afterview.delivery.outbox import copied_out

    return message.state in (MessageState.DRAFTED, MessageState.FAILED) and copied_out(message)


def _draft_one(tx, facts: Facts, action, tone, now, force, templates, playbook=None) -> DraftResult:
    from afterview.delivery.outbox import outcome_unknown

    request = DraftRequest.from_action(action, day=now.date())
    # a note that may have arrived last: it is the one kept, or given the new text (and stays
    # "may have arrived"), never the one cancelled as an extra
    existing = sorted((m for m in facts.messages if m.action_key == request.key and m.state in OPEN_STATES),
                      key=outcome_unknown)
    if existing and not force:
        return DraftResult(existing[-1], outcome="kept")
    if existing and copy_is_out(existing[-1]):  # on its way as that copy: kept as it is, and said why
        return DraftResult(existing[-1], outcome="copied")
    if any(m.action_key == request.key and m.state is MessageState.SENDING for m in facts.messages):
        raise Conflict(f"action {request.key} is being sent right now: its draft cannot change")
    # no tone chosen: compose() falls back to the thread's tone (a reply), then the profile's
    draft = compose(facts, request, tone, templates, playbook=playbook)
    if existing:
        message = _apply(existing[-1], draft, now)
        message.state = MessageState.DRAFTED  # new text needs a new approval
        message.approved_at = message.scheduled_at = None
        tx.update(message)
        for extra in existing[:-1]:  # never two open drafts for one action
            if outcome_unknown(extra):  # (two that may have arrived: neither is thrown away)
                continue
            extra.state = MessageState.CANCELLED
            tx.update(extra)
        return DraftResult(message, asks=list(draft.asks), outcome="replaced")
    message = _apply(Message(kind=draft.kind, person_id=draft.person_id, created_at=now), draft, now)
    person = facts.people.get(draft.person_id)
    message.to_address = person.email if person else ""
    tx.add(message)
    facts.messages.append(message)  # the next panel note is reviewed against this one
    return DraftResult(message, asks=list(draft.asks))


def _apply(message: Message, draft: Draft, now: datetime) -> Message:
    message.kind = draft.kind
    message.channel = draft.channel
    message.opportunity_id = draft.opportunity_id
    message.interview_id = draft.interview_id
    message.action_key = draft.action_key
    message.subject = draft.subject
    message.body = draft.body
    message.tone = draft.tone
    message.in_reply_to = draft.in_reply_to
    message.references = list(draft.references)
    message.state = MessageState.DRAFTED
    message.updated_at = now
    return message


def compose_for(facts: Facts, request: DraftRequest, tone: str | None, config=None, playbook=None) -> Draft:
    """A draft without saving it (previews, the web desk)."""
    playbook = playbook if playbook is not None else review_playbook(config)
    return compose(facts, request, tone, templates_for(config), playbook=playbook)


# -- review ------------------------------------------------------------------------------------


def review_message(facts: Facts, message: Message, config=None, playbook=None) -> list:
    """The reviewer's findings for one stored message, with its full context (`playbook`: the
    effective one; else that of `config`, read when the message needs it: a LinkedIn note)."""
    from afterview.reviewer.engine import review

    context = _context(facts, message, playbook, config)
    subject = message.subject if message.channel.value == "email" else None
    return review(subject, message.body, context, lint_config(config))


def _context(facts: Facts, message: Message, playbook=None, config=None):
    from afterview.config import paths
    from afterview.reviewer.context import context_for_message
    from afterview.reviewer.model import on_linkedin
    from afterview.reviewer.personal import personal_words

    if playbook is None and on_linkedin(str(message.channel), str(message.kind)):
        playbook = review_playbook(config)  # the note limit (other messages ask only if needed)
    context = context_for_message(facts, message, playbook)
    context.known_words = context.known_words + personal_words(paths().config)
    return context


def review_all(tx, results: list[DraftResult], config=None, playbook=None) -> None:
    """Review every result against the facts as they are now (panel siblings included)."""
    if not results:
        return
    facts = tx.facts()
    for result in results:
        result.findings = review_message(facts, result.message, config, playbook)


# -- editing, listing, showing -------------------------------------------------------------------


def text_version(message: Message) -> str:
    """A short digest of a message's subject and body: what an editor opened it with, to tell at
    save whether someone else changed the text meanwhile (`edit_draft(opened=...)`)."""
    import hashlib

    return hashlib.sha256(f"{message.subject}\0{message.body}".encode()).hexdigest()[:16]


class ChangedMeanwhile(Conflict):
    """The text changed since the editor was opened: saving would lose the other change."""


def edit_draft(tx, message_id: int, subject: str, body: str, *, now: datetime, config=None, playbook=None,
               opened: str | None = None, recopy: bool = False):
    """Replace a draft's text (approval is withdrawn); return the message and its findings.

    Not the text of a note whose copy is out (Drafts, an .eml file, a link: `CopyIsOut`), unless
    `recopy`: the caller copies it out again with this text at once (its copy in Drafts replaced),
    or sends it by SMTP instead of that copy.

    `opened`: the `text_version` of the text the editor started from. When the stored text is
    another by now (edited in another window, the desk and the terminal at once, or drafted
    again with --force), nothing is saved: ChangedMeanwhile, rather than one edit silently
    overwriting the other. The review never undoes the save: a plugin's check that fails is a
    finding of its own."""
    message = tx.get(Message, message_id)
    if message.state not in OPEN_STATES:
        raise Conflict(f"message {message_id} is {message.state.words}: only open drafts can be edited")
    if subject != message.subject:  # a line break would end the Subject header and add another (Bcc: ...)
        subject = single_line(subject, "the subject")
    if not body.strip():
        raise InvalidInput("the draft's body is empty: nothing changed")
    from afterview.services.pipeline import MAX_TEXT, check_length

    check_length(body, "the draft's text", MAX_TEXT)
    if opened is not None and text_version(message) != opened and (message.subject, message.body) != (subject, body):
        raise ChangedMeanwhile(f"message {message_id} was changed since you opened it (in another window, or drafted "
                               "again): your text is not saved over that change; open it again to start from its "
                               "new text")
    if message.subject == subject and message.body == body:
        return message, review_message(tx.facts(), message, config, playbook), False
    if copy_is_out(message) and not recopy:
        raise CopyIsOut(message)
    from afterview.services.delivery import resent, withdraw_approval

    if message.state in (MessageState.APPROVED, MessageState.SCHEDULED) and resent(message):
        # approved again after an unknown outcome: withdrawn as such, so that the edited draft
        # still says its first send may have arrived (never a plain draft that hides it)
        message, _ = withdraw_approval(tx, message_id, now=now)
    message.subject, message.body = subject, body
    message.state, message.approved_at, message.scheduled_at = MessageState.DRAFTED, None, None
    message.updated_at = now
    tx.update(message)
    return message, review_message(tx.facts(), message, config, playbook), True


def unedited_draft(tx, message_id: int, *, config=None, playbook=None):
    """An editor closed with nothing typed: the message as it stands now and its findings, and
    False (nothing saved). What was done to it elsewhere while the editor was open (a new text,
    an approval, a send) stands: nothing was typed to save over it, so nothing is refused."""
    message = tx.get(Message, message_id)
    return message, review_message(tx.facts(), message, config, playbook), False


class MayHaveArrived(Conflict):
    """Discard refused: the note's last send may have arrived (its outcome is unknown) and it has
    an action, which would then be planned, drafted and sent again: a second copy. The ways on:
    it arrived (done), it did not (sent again), or the action is given up (skipped)."""

    def __init__(self, message: Message):
        self.message_id, self.key = message.id, message.action_key
        super().__init__(
            f"message {message.id} may have arrived already: its last send's outcome is unknown, so it is not "
            "discarded and nothing was changed (discarded, its action would be planned again, and a new note "
            f"could reach them twice): if it arrived, mark it done (afterview done {message.action_key}); if you "
            f"are sure it did not, send it again: afterview approve {message.id} --resend; to give the action up, "
            f"skip it (afterview skip {message.action_key} --reason ...)")


def discard_draft(tx, message_id: int, *, now: datetime) -> Message:
    """Throw a draft away (cancelled): an approved or scheduled one is then never sent.

    Not one on its way (sending) or gone (sent, done). Its action, when still planned, asks for a
    draft again; the text is kept with the cancelled message, as mail programs keep a bin. Nor
    one whose last send may have arrived and that has an action (`MayHaveArrived`): its action
    would be drafted and sent again. One with no action is taken off the drafts ("it arrived").
    """
    from afterview.delivery.outbox import outcome_unknown

    message = tx.get(Message, message_id)
    if message.state not in OPEN_STATES:
        if message.state == MessageState.SENDING:
            raise Conflict(f"message {message_id} is being sent right now: it cannot be discarded")

        raise Conflict(f"message {message_id} is {message.state.words}: only open drafts can be discarded")
    if message.action_key and outcome_unknown(message):
        raise MayHaveArrived(message)
    if copy_in_drafts(message):  # its copy would stay there, sendable
        raise Conflict(f"message {message_id} is {message.note.split(';')[0]}: discarded here, that copy would stay "
                       f"there and could still be sent; take it back: afterview approve {message_id} --withdraw "
                       "(your edits there are kept), then discard it")
    message.state, message.approved_at, message.scheduled_at = MessageState.CANCELLED, None, None
    message.updated_at = now
    return tx.update(message)


def copy_in_drafts(message: Message) -> bool:
    """Whether a note's copy waits in the Drafts folder and can be found there to be taken back:
    by its stored Message-ID, unless that is damaged (a hand-edited record, never sent to a server:
    nothing can be taken back, so the note may go another way)."""
    if not message.note.startswith("placed in ") or not message.message_id:
        return False
    from afterview.delivery.compose_email import message_id_problem

    return not message_id_problem(message.message_id)


def rewrite_draft(tx, message_id: int, instructions: str, rewriter, *, now: datetime, config=None,
                  playbook=None):
    """Rephrase a draft with the configured rewriter; rejected if it invents any detail."""
    message = tx.get(Message, message_id)
    facts = tx.facts()
    draft = Draft(subject=message.subject, body=message.body, kind=message.kind,
                  channel=message.channel, person_id=message.person_id,
                  opportunity_id=message.opportunity_id, interview_id=message.interview_id)
    body = apply_rewrite(rewriter, draft, instructions, facts)
    return edit_draft(tx, message_id, message.subject, body, now=now, config=config, playbook=playbook)


def list_drafts(tx, config=None, *, all_states: bool = False, facts: Facts | None = None,
                playbook=None) -> list[tuple[Message, list | None]]:
    """Open drafts (or every message) with their review findings, newest first (from `facts`
    when the caller has them already). Only open drafts are reviewed: a message sent or closed
    can no longer change, so its findings are None (reviewing every message ever sent took
    minutes on a large pipeline)."""
    from afterview.reviewer.model import on_linkedin

    facts = facts if facts is not None else tx.facts()
    messages = [m for m in facts.messages if all_states or m.state in OPEN_STATES]
    messages.sort(key=lambda m: m.id or 0, reverse=True)
    if playbook is None and any(on_linkedin(str(m.channel), str(m.kind)) for m in messages
                                if m.state in OPEN_STATES):
        playbook = review_playbook(config)  # read once for every LinkedIn note of the list
    return [(m, review_message(facts, m, config, playbook) if m.state in OPEN_STATES else None)
            for m in messages]


def still_planned(facts: Facts, playbook, now: datetime, messages) -> set[str]:
    """The action keys of these open drafts that the plan at `now` still has, planning only the
    part of the pipeline around their people and opportunities (`planner.around`); nothing is
    planned when no open draft has an action."""
    people: set[int] = set()
    opps: set[int] = set()
    for message in messages:
        if message.state not in OPEN_STATES or not message.action_key:
            continue
        ids = (parse_key(message.action_key) or ("", {}))[1]
        interview = facts.interviews.get(message.interview_id if message.interview_id is not None else ids.get("i"))
        people.update(i for i in (message.person_id, ids.get("p")) if i is not None)
        opps.update(i for i in (message.opportunity_id, ids.get("o"),
                                interview.opportunity_id if interview is not None else None) if i is not None)
    if not people and not opps:
        return set()
    from afterview.planner.around import plan_around

    return {a.key for a in plan_around(facts, playbook, now, person_ids=people, opportunity_ids=opps)}


def record_answer(tx, gap: Gap, answer: str) -> None:
    """Store what the user typed for a gap where it belongs (debrief, profile, opportunity)."""
    answer = answer.strip()
    if not answer:
        return
    if gap.field == "debrief.topics":
        _add_topics(tx, gap, [line.strip() for line in answer.splitlines() if line.strip()])
    elif gap.field in ("profile.phone", "profile.name"):
        profile = tx.profile()
        setattr(profile, gap.field.split(".")[1], answer)
        tx.save_profile(profile)
    else:
        raise InvalidInput(f"{gap.placeholder}: record this with the matching afterview command")


def _add_topics(tx, gap: Gap, topics: list[str]) -> None:
    if gap.interview_id is None or gap.person_id is None:
        raise InvalidInput(f"{gap.placeholder}: no interview to record it in")
    found = tx.list(Debrief, interview_id=gap.interview_id, person_id=gap.person_id)
    if found:
        debrief = found[-1]
        debrief.topics = list(debrief.topics) + [t for t in topics if t not in debrief.topics]
        tx.update(debrief)
    else:
        tx.add(Debrief(interview_id=gap.interview_id, person_id=gap.person_id, topics=topics))


def answerable(gap: Gap) -> bool:
    """Whether the CLI can record an answer for this gap itself."""
    return (gap.field == "debrief.topics" and gap.interview_id is not None) or gap.field in (
        "profile.phone", "profile.name")


def redraft_message(tx, message: Message, *, now: datetime, config=None, templates=None,
                    playbook=None) -> DraftResult:
    """Compose an open draft again from the current facts (after a gap was answered, in another
    tone). Not one whose copy is out (`CopyIsOut`)."""
    if copy_is_out(message):
        raise CopyIsOut(message)
    facts = tx.facts()
    playbook = playbook if playbook is not None else review_playbook(config)
    request = DraftRequest(kind=message.kind, person_id=message.person_id,
                           opportunity_id=message.opportunity_id, interview_id=message.interview_id,
                           channel=message.channel, key=message.action_key, day=now.date(),
                           sequence=_follow_up_number(facts, message),
                           news_id=_planned_news(facts, playbook, message, now))
    draft = compose(facts, request, message.tone or None, templates or templates_for(config), playbook=playbook)
    _apply(message, draft, now)
    tx.update(message)
    result = DraftResult(message, asks=list(draft.asks), outcome="replaced")
    review_all(tx, [result], config, playbook)
    return result
