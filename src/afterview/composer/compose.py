"""compose(): one draft from recorded facts, a request and a tone. Pure."""

from __future__ import annotations

from afterview.composer.context import build_context, linkedin_limit, topic_hints
from afterview.composer.draft import TONES, Draft, DraftRequest
from afterview.composer.linkedin import fit_note
from afterview.composer.templates import TemplateSet
from afterview.composer.threads import thread_tone
from afterview.domain.model import Channel, Facts, MessageKind
from afterview.errors import InvalidInput


def compose(facts: Facts, request: DraftRequest, tone: str | None = None,
            templates: TemplateSet | None = None, *, playbook=None) -> Draft:
    """Draft the message `request` asks for, in `tone`, from `facts` only.

    With no `tone` chosen, a follow-up that replies in a thread keeps the tone of our message it
    replies to; anything else uses the profile's default tone (else warm). A LinkedIn note is
    fitted to the note limit of `playbook` (the user's effective playbook; the default one, 200
    characters or 300 with Premium, when not given).
    """
    tone = tone or thread_tone(facts, request) or facts.profile.default_tone or "warm"
    if tone not in TONES:
        raise InvalidInput(f"unknown tone: {tone!r} (use one of: {', '.join(TONES)})")
    templates = templates or TemplateSet()
    context = build_context(facts, request, tone, playbook)
    rendered = templates.render(context.template, tone, context.variables)
    if request.kind in (MessageKind.KEEP_WARM, MessageKind.SHARE_NEWS):
        rendered = _most_distinct(facts, request, context, templates, tone, rendered)
    subject, body = rendered.subject, rendered.body
    channel = _channel(request)
    if request.kind is MessageKind.LINKEDIN_NOTE or channel is Channel.LINKEDIN:
        body, subject = fit_note(body, linkedin_limit(facts, playbook)), ""
    elif request.kind is MessageKind.CARD or channel is Channel.CARD:
        subject = ""
    thread = context.thread
    if thread and thread.subject:
        subject = thread.subject
    text = subject + "\n" + body
    placeholders = sorted((g.placeholder for g in context.gaps if not g.optional and g.placeholder in text),
                          key=text.find)
    # what the draft left out for want of a fact (a concern with no answer), and each topic it
    # uses as typed that reads badly so ("relocation timeline"): told, never shown
    optional = [g for g in context.gaps if g.optional] + topic_hints(
        context.variables, text, facts.people.get(request.person_id))
    return Draft(
        subject=subject,
        body=body,
        kind=request.kind,
        channel=channel,
        person_id=request.person_id,
        opportunity_id=request.opportunity_id if request.opportunity_id is not None else _opp(facts, request),
        interview_id=request.interview_id,
        action_key=request.key,
        tone=tone,
        template=context.template,
        in_reply_to=thread.in_reply_to if thread else "",
        references=list(thread.references) if thread else [],
        gaps=placeholders,
        asks=sorted((g for g in context.gaps if not g.optional and g.placeholder in placeholders),
                    key=lambda g: placeholders.index(g.placeholder)) + optional,
    )


# How many wordings a keep-in-touch or share-news note tries: its variant and the next ones
# (the built-in templates have four of each sentence, and `nth` combines them differently from
# one set of four variants to the next); the one that repeats least of the notes it must differ
# from is kept.
_TRIES = 12


def _most_distinct(facts: Facts, request: DraftRequest, context, templates: TemplateSet, tone: str, rendered):
    """A keep-in-touch or share-news note in the wording (its `variant`, then the next ones)
    that repeats least of the notes it must not look like: the same kind of note to the other
    people of the loop around the same time (the review's `near-duplicate` siblings) and the
    earlier ones of its kind to this person for the opportunity (touch after touch). Its body's
    share of word pairs found in one of theirs counts, with a fifth more for each sentence one
    of them has word for word ("No need to reply.") and a half more for a subject one of them
    had. The first wording is kept when nothing is to be compared, or on a tie: the same facts
    give the same note."""
    others = notes_to_differ_from(facts, request)
    if not others:
        return rendered
    from afterview.reviewer.rules.similarity import overlap, shingles
    from afterview.reviewer.text import Doc

    docs = [Doc(message.body) for message in others]
    theirs = [shingles(doc, set()) for doc in docs]
    said = {sentence.text.strip().casefold() for doc in docs for sentence in doc.sentences}
    subjects = {message.subject.strip().casefold() for message in others if message.subject.strip()}

    def repeats(text) -> float:
        doc = Doc(text.body)
        mine = shingles(doc, set())
        again = 0.5 if text.subject.strip().casefold() in subjects else 0.0
        same = sum(0.2 for sentence in doc.sentences if sentence.text.strip().casefold() in said)
        return max(overlap(mine, other) for other in theirs) + again + same

    best, score = rendered, repeats(rendered)
    start = context.variables["variant"]
    for step in range(1, _TRIES):
        if score == 0:
            break
        candidate = templates.render(context.template, tone, {**context.variables, "variant": start + step})
        found = repeats(candidate)
        if found < score:
            best, score = candidate, found
    return best


def notes_to_differ_from(facts: Facts, request: DraftRequest) -> list:
    """The notes (messages) a keep-in-touch or share-news note must not repeat: its siblings in
    the loop (as the review finds them: `reviewer.context.sibling_notes`), and this person's
    other notes of the same kind about the opportunity (another action's, or one that went out;
    not a cancelled one, nor the draft being written again)."""
    from datetime import datetime, time, timezone

    from afterview.domain.model import Message, MessageState
    from afterview.reviewer.context import sibling_notes

    opportunity_id = request.opportunity_id if request.opportunity_id is not None else _opp(facts, request)
    if opportunity_id is None:
        return []
    when = datetime.combine(request.day, time(12), timezone.utc) if request.day else None
    this = Message(kind=request.kind, person_id=request.person_id, opportunity_id=opportunity_id,
                   interview_id=request.interview_id, action_key=request.key, created_at=when)
    gone = (MessageState.SENT, MessageState.SENDING, MessageState.DONE_ELSEWHERE)
    earlier = [m for m in facts.messages
               if m.kind == request.kind and m.person_id == request.person_id
               and m.opportunity_id == opportunity_id and m.state != MessageState.CANCELLED and m.body.strip()
               # gone out, or another action's note: never the draft being written again
               and (m.action_key != request.key if request.key and m.action_key else m.state in gone)]
    return sibling_notes(facts, this) + earlier


def _channel(request: DraftRequest) -> Channel:
    if request.kind is MessageKind.LINKEDIN_NOTE:
        return Channel.LINKEDIN
    if request.kind is MessageKind.CARD:
        return Channel.CARD
    return request.channel


def _opp(facts: Facts, request: DraftRequest) -> int | None:
    interview = facts.interviews.get(request.interview_id) if request.interview_id is not None else None
    return interview.opportunity_id if interview else None
