"""Content rules: no-specific, too-long, too-short."""

from __future__ import annotations

import re

from afterview.reviewer.engine import Input, register
from afterview.reviewer.text import composed, fold, has_marks, marked_words

# Words every follow-up uses: a detail is not "mentioned" because the note says "team".
_COMMON = frozenset(
    """a an the and or but of to in on at for with about from by as is are was were be been
    being it its this that these those my your our their his her i you we they me us them
    what which who how when where why will would could should can may might must do did does
    have has had not no so very really also just more most some any all each every other into
    over under than then there here up out off new one two three first last next about
    team teams role roles position job work working company interview interviews interviewed
    conversation talk talked talking discuss discussed discussion chat meeting met time today
    yesterday thank thanks great good nice well enjoyed enjoy learn learned learning like
    mentioned said told asked question questions day week weeks month part way lot bit
    thing things something people person""".split()
)
_TOKEN = re.compile(r"[^\W_]+(?:['\u2019-][^\W_]+)*")  # of a text with composed accents (text.composed)
_RARE = 5_000  # below this many occurrences in the frequency list, a word is distinctive
# Notes that should carry something of this person's conversation; status checks, rejection
# replies and the like need not.
_KINDS = {"thank_you", "card", "linkedin_note", "keep_warm", "share_news", None}


def stem(word: str) -> str:
    """A crude stem: enough to match 'migrating' with 'migration', 'teams' with 'team'."""
    word = fold(word)
    return word[:6] if len(word) > 6 else word.rstrip("s") if len(word) > 3 else word


def _tokens(text: str) -> list[str]:
    """The words of a text, a combining mark kept in its word (Devanagari's vowel signs and
    virama: 'शर्मा' is one word, see text.marked_words), hyphens and apostrophes inside too."""
    text = composed(text)
    if has_marks(text):
        return marked_words("'\u2019-").findall(text)
    return _TOKEN.findall(text)


def keywords(text: str) -> set[str]:
    return {stem(w) for w in _tokens(text) if len(w) > 2 and fold(w) not in _COMMON}


def mentions(detail: str, body_stems: set[str]) -> bool:
    """Whether a debrief detail shows in the body: two of its keywords, or one distinctive one.

    'Kafka' or 'preceptorship' alone identifies a topic; 'jobs' or 'team' alone does not.
    """
    wanted = {stem(w): w for w in _tokens(detail) if len(w) > 2 and fold(w) not in _COMMON}
    found = [word for key, word in wanted.items() if key in body_stems]
    if len(found) >= min(2, len(wanted)) and found:
        return True
    return any(_distinctive(word) for word in found)


def _distinctive(word: str) -> bool:
    from afterview.reviewer.rules.spelling import frequency

    return frequency(fold(word)) < _RARE


def check_specific(data: Input):
    from afterview.reviewer.pay import about_pay

    details = [d for d in data.context.details if d.strip()]
    if not details or data.kind not in _KINDS:
        return
    body_stems = keywords(data.doc.core)
    if any(mentions(detail, body_stems) for detail in details):
        return
    # pay, benefits and relocation support are for the offer stage (salary): never a detail the
    # note is asked to add, so with nothing else recorded there is nothing to ask for
    fit = [d for d in details if not about_pay(d)]
    if not fit:
        return
    examples = fit if data.context.examples is None else [
        e for e in data.context.examples if e.strip() and not about_pay(e)]
    hint = "Add one sentence about something you discussed"
    yield data.find("no-specific", "mentions nothing from this person's debrief",
                    *data.doc.core_span,
                    f"{hint}, e.g.: {'; '.join(examples[:3])}" if examples else f"{hint}.")


# What a short note of each kind lacks, by the PLAYBOOK's content rules for it.
_FILL = {
    "status_check": "name the role and when you interviewed, say you remain interested, and ask about the "
                    "timeline",
    "closing_the_loop": "name the role and when you interviewed, and ask whether the process is still open",
    "rejection_reply": "thank them for the decision and the process, name one thing you valued, and say you "
                       "would welcome future openings",
    "feedback_request": "thank them, and ask one or two specific questions about what would strengthen a future "
                        "application",
    "keep_warm": "say what you have been doing since you spoke, and why it may interest them",
    "share_news": "say what the news is and why it may interest them",
    "linkedin_note": "add one detail you both discussed",
    "withdrawal": "thank them for their time, say plainly that you are withdrawing, and leave the door open",
}
_TOPICAL = ("thank_you", "card")


def _fill(data: Input) -> str:
    """What to add to a short note, by its kind: for a thank-you, the topic it names (or one
    recorded) and why you can help with it. Topics and shared interests only, as no-specific's
    hint: a concern is your own note of a doubt, and pay is for the offer stage."""
    kind = data.kind or ""
    if kind not in _TOPICAL:
        return _FILL.get(kind, "add what this person would want to know")
    from afterview.reviewer.pay import about_pay

    ctx = data.context
    topics = ctx.details if ctx.examples is None else ctx.examples
    details = [d for d in topics if d.strip() and not about_pay(d)]
    named = [d for d in details if mentions(d, keywords(data.doc.core))]
    if named:
        return f"say more about '{named[0]}': why it matters to you and how you could help with it"
    if details:
        return f"add the specific topic you discussed (such as '{details[0]}') and how you can help with it"
    return "add the specific topic you discussed and how you can help with it"


def check_length(data: Input):
    bounds = data.config.lengths.get(data.kind or "")
    if bounds is None or not data.body.strip():
        return
    low, high = bounds
    words = data.doc.word_count()
    span = data.doc.core_span
    name = data.kind.replace("_", " ")
    if words > high:
        yield data.find("too-long", f"{words} words; a {name} reads best "
                        f"at {low}-{high}", *span, f"Cut about {words - high} words.")
    elif words < low:
        short = low - words
        fill = _fill(data)
        yield data.find("too-short", f"{words} words; a {name} reads best at {low}-{high} ({short} short)",
                        *span, f"{fill[:1].upper()}{fill[1:]} (about {short} more word{'' if short == 1 else 's'}).")


register(("no-specific",), check_specific)
register(("too-long", "too-short"), check_length)
