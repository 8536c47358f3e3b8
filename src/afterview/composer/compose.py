"""compose(): one draft from recorded facts, a request and a tone. Pure."""

from __future__ import annotations

import re

from afterview.composer.context import (
    LONG_TOPIC, build_context, linkedin_limit, quoted_topic, shared_topic_hints, topic_advice, topic_hints,
    wording_hint,
)
from afterview.composer.draft import TONES, Draft, DraftRequest
from afterview.composer.linkedin import clause_cuts, fit_note, fits, head_cuts, without_optional
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
    facts = context.facts  # "- data labeling pipeline; - vendor QA": the items, not their markup
    rendered = templates.render(context.template, tone, context.variables)
    if request.kind in (MessageKind.KEEP_WARM, MessageKind.SHARE_NEWS):
        rendered = _most_distinct(facts, request, context, templates, tone, rendered)
    channel = _channel(request)
    person = facts.people.get(request.person_id)
    variables, shortened = context.variables, []
    subject, body = rendered.subject, rendered.body
    if request.kind is MessageKind.LINKEDIN_NOTE or channel is Channel.LINKEDIN:
        limit = linkedin_limit(facts, playbook)
        # the topic shortened (never the ask cut) to fit the note limit; then fitted
        rendered, variables, shortened = _note_within(rendered, context, templates, tone, limit, person)
        body, subject = without_optional(rendered.body, limit), ""
        if not any(g.placeholder.startswith(TEMPLATE_TOO_LONG) for g in shortened):
            body = fit_note(body, limit)  # a template that cannot keep its ask is never cut: it is said
    elif request.kind is MessageKind.CARD or channel is Channel.CARD:
        subject = ""
    if variables.get("said_day") and templates.origin(context.template, tone) == "built-in":
        body = with_day(body, variables["said_day"])
    body = one_closing(body, variables["me"]["signature"])
    thread = context.thread
    if thread and thread.subject:
        subject = thread.subject
    text = subject + "\n" + body
    placeholders = sorted((g.placeholder for g in context.gaps if not g.optional and g.placeholder in text),
                          key=text.find)
    # what the draft left out for want of a fact (a concern with no answer), and each topic it
    # uses as typed that reads badly so ("relocation timeline"): told, never shown
    optional = ([g for g in context.gaps if g.optional] + shortened
                + topic_hints(variables, text, person, context.typed,
                              told=(variables["topic"],) if shortened else ())
                + shared_topic_hints(facts, request, variables, text))
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


# Where the opening of a built-in thank-you names the conversation, the day goes after it:
# "Thank you for our conversation on Thursday about the ... role", "Talking with you on Thursday".
_CONVERSATION = re.compile(
    r"\b(?:for (?:our|the) (?:conversation|discussion|talk)|for (?:talking|meeting|speaking) with me|for interviewing me|"
    r"(?:for|during) (?:our|the) (?:conversation|discussion|talk)|to have interviewed|that you met with me|"
    r"for (?:your|the) time(?: you gave me)?|to meet you|Talking with you|for talking|for taking the time to talk|"
    r"(?:Our|our) (?:conversation|discussion|talk|exchange)|talking with me|you made time|Meeting you|with you)"
    r"(?=[ ,.;])")


def with_day(body: str, day: str) -> str:
    """A thank-you written on another day than the one after the interview names its day in its
    opening sentence ("Thank you for our conversation on Thursday about ..."), as the planner's
    note asks: never "yesterday". As it is when its opening names no conversation."""
    lines = body.split("\n")
    # the opening: the first paragraph after the greeting
    at = next((i for i, line in enumerate(lines) if i and line.strip() and lines[i - 1].strip() == ""), None)
    if at is None:
        return body
    first = re.split(r"(?<=[.!?])\s", lines[at], maxsplit=1)
    found = _CONVERSATION.search(first[0])
    if not found or day in lines[at]:
        return body
    first[0] = first[0][:found.end()] + f" on {day}" + first[0][found.end():]
    lines[at] = " ".join(first)
    return "\n".join(lines)


def one_closing(body: str, signature: str) -> str:
    """The body without the template's closing line when your signature opens with a sign-off
    of its own: under a signature "Best," / "Alex Morgan", a note ending "Warm regards," / "Best,"
    / "Alex Morgan" ends "Best," / "Alex Morgan". The closings are the review's
    (`reviewer.text.CLOSINGS`), so what it would report as doubled is never drafted."""
    from afterview.reviewer.text import leads_to_name, opens_with_closing

    if not opens_with_closing(signature):
        return body
    first = " ".join(next(line for line in signature.splitlines() if line.strip()).split())
    lines = body.split("\n")
    # where the signature begins: its first line as the body has it, the last such line
    at = next((i for i in range(len(lines) - 1, 0, -1) if " ".join(lines[i].split()) == first), None)
    if at is None:
        return body
    before = at - 1
    while before > 0 and not lines[before].strip():
        before -= 1
    if not leads_to_name(lines[before]):
        return body
    return "\n".join(lines[:before] + lines[at:])


TEMPLATE_TOO_LONG = "your template"  # how the hint opens that a template of yours cannot fit a LinkedIn note


def _note_within(rendered, context, templates: TemplateSet, tone: str, limit: int, person=None):
    """A LinkedIn note that keeps every sentence (its ask to connect above all) within `limit`,
    with the topic shortened rather than the note cut. Tried in turn, each as rendered and then
    without where you met ("during my Northwind interviews", "at Northwind": `_without_where`):
    the topic as recorded, when it has at most `LONG_TOPIC` words; another topic of theirs; the
    longest whole phrase of a topic, cut at a comma, a semicolon or an "and"/"or" that starts a
    list item (`clause_cuts`), then before a preposition (`head_cuts`: "moving the batch jobs to
    streaming" is "moving the batch jobs"); else no topic (the note's line for none, without where
    you met when it is too long with it). Each is judged without its optional sentences (see
    `linkedin.without_optional`: never the first, nor one that asks to connect). A template of
    your own, which may say nothing in place of a topic, is never tried without one: when it
    cannot fit keeping its ask, it is kept whole and the hint says so (`TEMPLATE_TOO_LONG`).
    Returns the rendering, its variables, and a hint when the topic was shortened (a list)."""
    from afterview.composer.templates import Rendered

    variables = context.variables
    topic = variables.get("topic") or ""
    topics = [t for t in variables.get("topics") or [] if t] or [topic]

    def within(body: str) -> bool:  # once its optional sentences are dropped
        return fits(without_optional(body, limit), limit)

    if not topic or topic.startswith("[") or (within(rendered.body) and len(topic.split()) <= LONG_TOPIC):
        return rendered, variables, []
    # a template of your own (or a plugin's) may say nothing in place of a topic left out
    builtin = templates.origin(context.template, tone) == "built-in"
    candidates = [t for t in topics if len(t.split()) <= LONG_TOPIC]
    candidates += [cut for t in topics for cut in clause_cuts(t) if len(cut.split()) <= LONG_TOPIC]
    candidates += [cut for t in topics for cut in head_cuts(t) if len(cut.split()) <= LONG_TOPIC]
    where = variables.get("topic_at") or variables.get("company") or ""
    for shorter in [*dict.fromkeys(candidates), *([""] if builtin else [])]:
        tried = {**variables, "topic": shorter,
                 "topic2": "" if variables.get("topic2") == shorter else variables.get("topic2", "")}
        candidate = templates.render(context.template, tone, tried)
        if not within(candidate.body):
            candidate = Rendered(candidate.subject, _without_where(candidate.body, where))
        if within(candidate.body) or not shorter:
            if shorter == topic:
                return candidate, tried, []
            advice = topic_advice(shorter, context.typed.get(shorter, shorter)) if shorter else []
            said = (f"it names '{shorter}' instead" + (f" ({'; '.join(advice)})" if advice else "") if shorter
                    else "the note leaves it out")
            why = "long" if len(topic.split()) > LONG_TOPIC else f"too long for a LinkedIn note of {limit} characters"
            hint = wording_hint(
                f"the topic '{quoted_topic(topic)}' is {why}: {said} (edit the draft, or the topic in the debrief)",
                f"How would you name '{quoted_topic(topic)}' in a few words?", person)
            return candidate, tried, [hint]
    if not builtin and len(topic.split()) <= LONG_TOPIC:
        # the note as written, but for its optional sentences: never cut mid-phrase, nor without its ask
        path = templates.path(context.template, tone)
        from afterview.reviewer.text import linkedin_length

        over = linkedin_length(without_optional(rendered.body, limit)) - limit
        return rendered, variables, [wording_hint(
            f"{TEMPLATE_TOO_LONG} {path} cannot fit the LinkedIn note limit of {limit} characters and keep its ask "
            f"to connect: the note is {over} character{'s' if over != 1 else ''} over; shorten the template, or "
            f"edit the draft", f"How would you say it in {limit} characters?", person)]
    return rendered, variables, []


def _without_where(body: str, company: str) -> str:
    """A note's first sentence without where you met, as the built-in LinkedIn notes say it
    ("during my Northwind interviews", "after my Northwind interviews", "during my interviews at
    Northwind", "at Northwind"): the topic matters more to a short note than the company, which
    its reader works at. The body as it is when none is found."""
    if not company:
        return body
    name = re.escape(company)
    where = re.compile(rf"\s+(?:(?:during|after) my (?:{name} interviews|interviews at (?:the )?{name})"
                       rf"|at (?:the )?{name})(?=[ .]|$)")
    first, stop, rest = body.partition(". ")
    return where.sub("", first, count=1) + stop + rest


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
