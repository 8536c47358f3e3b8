"""compose(): one draft from recorded facts, a request and a tone. Pure."""

from __future__ import annotations

from afterview.composer.context import build_context, linkedin_limit
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
    # what the draft left out for want of a fact (a concern with no answer): told, never shown
    optional = [g for g in context.gaps if g.optional]
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


def _channel(request: DraftRequest) -> Channel:
    if request.kind is MessageKind.LINKEDIN_NOTE:
        return Channel.LINKEDIN
    if request.kind is MessageKind.CARD:
        return Channel.CARD
    return request.channel


def _opp(facts: Facts, request: DraftRequest) -> int | None:
    interview = facts.interviews.get(request.interview_id) if request.interview_id is not None else None
    return interview.opportunity_id if interview else None
