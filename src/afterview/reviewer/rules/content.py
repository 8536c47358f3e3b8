"""Content rules: no-specific, too-long, too-short, topic-wording, private-topic."""

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


# A thank-you to the recruiter or coordinator who arranged the interviews: it thanks them for the
# arranging, not for a discussion, and has no topic to tell, so it is shorter than one to an
# interviewer (the composer's thank_you_recruiter template holds about 50 words).
_ARRANGED = re.compile(
    r"\bthanks?(?: you)?\b[^.?!\n]{0,60}?\bfor\s+(?:(?:all\s+)?(?:your|the)\s+help\s+(?:with|in)\s+)?"
    r"(?:arranging|organi[sz]ing|coordinating|scheduling|setting up|lining up|booking|putting together)\b",
    re.IGNORECASE)
RECRUITER_LOW = 40  # words: the shortest a thank-you for arranging the interviews reads well at


def check_length(data: Input):
    bounds = data.config.lengths.get(data.kind or "")
    if bounds is None or not data.body.strip():
        return
    low, high = bounds
    if data.kind == "thank_you" and _ARRANGED.search(data.doc.core):
        low = min(low, RECRUITER_LOW)
    words = data.doc.word_count()
    span = data.doc.core_span
    from afterview.reviewer.rules.phrases import KIND_NAMES

    # "a thank-you", "a LinkedIn note"; the kinds with ranges of their own, each by its own name
    names = {**KIND_NAMES, "closing_the_loop": "a note closing the loop", "share_news": "a note sharing news"}
    name = names.get(data.kind, "a " + data.kind.replace("_", " "))
    if words > high:
        yield data.find("too-long", f"{words} words; {name} reads best "
                        f"at {low}-{high}", *span, f"Cut about {words - high} words.")
    elif words < low:
        short = low - words
        fill = _fill(data)
        yield data.find("too-short", f"{words} words; {name} reads best at {low}-{high} ({short} short)",
                        *span, f"{fill[:1].upper()}{fill[1:]} (about {short} more word{'' if short == 1 else 's'}).")


# -- topic-wording: a debrief topic pasted into a sentence where it cannot read as a phrase ----
# A note says a topic inside a sentence ("Our discussion of ...", "talking with you about ...");
# typed as a sentence of its own ("she asked about my dbt testing approach"), from the verb
# ("asked about ...") or in shorthand ("w/ the team's aws migr."), it makes the sentence
# ungrammatical. Only what `afterview draft` says once (its `check:` line) for the two worst
# cases, kept as a finding while the text holds it (docs/templates.md, Topics are used as you
# typed them).
_PRONOUNS = frozenset("i we she he they you".split())  # before a verb of telling ("she asked")
# what a debrief note says happened, not what was discussed (the composer's list)
_TOLD = frozenset("""
    talked discussed spoke chatted asked went mentioned explained described told said showed
    walked presented touched brainstormed debated whiteboarded grilled quizzed probed questioned dug
    covered raised wanted brought wondered
""".split())
_SHORT_WORDS = frozenset("w/ w/o b/c re: etc. e.g. i.e.".split())
# In a text without its debrief (lint FILE): the same, right after the word that brings a topic in
# ("discussion of she asked", "about w/ the", "on asked about").
_PASTED = re.compile(
    r"\b(?:of|about|on)\s+("
    r"(?:i|we|she|he|they)\s+(?:" + "|".join(sorted(_TOLD)) + r")\b"
    r"|(?:asked|talked|spoke|chatted|discussed|mentioned|went|walked)\s+(?:about|over|through|re)\b"
    r"|(?:w/o?|b/c)(?=\s)"
    r")",
    re.IGNORECASE,
)


def _opens_with_verb(phrase: str) -> str:
    """The verb a topic opens with, with its subject ("asked", "she asked"); "" when none."""
    words = phrase.split()
    first = words[0].casefold() if words else ""
    if first in _TOLD:
        return words[0]
    if first in _PRONOUNS and len(words) > 1 and words[1].casefold() in _TOLD:
        return f"{words[0]} {words[1]}"
    return ""


def _shorthand(typed: str) -> list[str]:
    """The shorthand in a topic as typed: 'w/', 'b/c', 're:', 'etc.', a word cut short ('migr.')."""
    words = (t.rstrip(",;)") for t in typed.split())
    return list(dict.fromkeys(w for w in words if w.casefold() in _SHORT_WORDS
                              or w.casefold().startswith(("w/", "b/c")) or _cut_short(w)))


def _cut_short(word: str) -> bool:
    """A word cut short with a full stop ("migr.", "mgmt."): letters in lower case, not a word of
    the dictionary (not "etc." counted above, nor a sentence's last word)."""
    stem_ = word[:-1]
    if not word.endswith(".") or not stem_.isalpha() or not stem_.islower() or len(stem_) < 2:
        return False
    from afterview.reviewer.rules.spelling import is_word

    return not is_word(stem_)


def _as_used(topic: str) -> tuple[str, str]:
    """A topic as a draft puts it in a sentence (the composer's `topic_phrase`: one line, without
    its final full stop and a leading 're:', 'talked about', 'discussed'), and as typed without
    that leading part (where shorthand is looked for)."""
    from afterview.composer.context import drop_said, topic_phrase

    return topic_phrase(topic), drop_said(topic)


def _trouble(phrase: str, typed: str, about: str = "", named: bool = False) -> list[str]:
    """What is wrong with a topic as a note uses it, in the words `afterview draft` says it
    (the composer's `topic_advice`), so that one text gets one reason at draft and at edit time:
    its worst cases here, a verb or words from your side ("She asked ...": from your side),
    shorthand, and "our" or "we" from the interviewer's side ("our team's ...": to them, "your
    team's ..."). A word for a person (`private.someone_in`: not "they" after the plural noun
    it stands for, "data contracts and why they matter") is the reader's in their own topic,
    said to them as "you"; in the topic of someone else (`about`: their name) it is theirs, and
    wrong only where the note has not named them before it (`named`: `_named_before`)."""
    from afterview.composer.context import TOPIC_SHORTHAND, TOPIC_THEIR_SIDE, TOPIC_VERB, topic_advice
    from afterview.reviewer.private import someone_in

    found = [advice for advice in topic_advice(phrase, typed)
             if advice.startswith((TOPIC_SHORTHAND, TOPIC_VERB, TOPIC_THEIR_SIDE))]
    someone = someone_in(phrase) and (someone_in(typed) or someone_in(phrase))  # as typed ('She')
    if someone and not about:
        found.append(f"{TOPIC_YOUR_SIDE} ('{someone}'); say it as you would to them ('you', 'your ...')")
    elif someone and not named:
        found.append(f"written about {about} ('{someone}'); name them before it ('the conversation with "
                     f"{_first(about)} about ...')")
    verb = _opens_with_verb(phrase)
    if verb and not found:  # "I asked about ...", "we discussed ...": a verb after your own word
        found.append(f"{TOPIC_VERB} ('{verb}'): name only what you discussed")
    return found


TOPIC_YOUR_SIDE = "written from your side"  # the composer's words for it (composer.context)


def _first(name: str) -> str:
    from afterview.domain.names import call_name

    return call_name(name) or name


def _fix(data: Input, topic: str = "", whose: tuple[str, int | None] | None = None) -> str:
    """Where to change a topic: in the note, and in the debrief it came from (the command, with
    the interview and the person when known: the note's interview, else the one whose debrief
    holds the topic, else the only one its topics come from; `whose`: another person's topic,
    their name and interview)."""
    ctx = data.context
    if whose is not None:
        interview, person = whose[1] if whose[1] is not None else "INTERVIEW_ID", f'"{whose[0]}"'
    else:
        held = {" ".join(t.split()): i for t, i in ctx.topic_interviews.items()}
        only = set(held.values())
        interview = (ctx.interview_id if ctx.interview_id is not None else held.get(" ".join(topic.split()))
                     or (next(iter(only)) if len(only) == 1 else "INTERVIEW_ID"))
        person = f'"{ctx.recipient_name}"' if ctx.recipient_name else "NAME"
    return (f"Rewrite it in the note as what you discussed; correct the topic for later notes: "
            f"afterview debrief {interview} --person {person} --replace --topic \"...\" (each topic, as it "
            f"should read).")


def _topics(data: Input) -> dict[str, tuple[str, int | None] | None]:
    """The topics a note may quote, one line each: the recipient's own (None), then those of the
    other people of the process (their name and interview)."""
    found: dict[str, tuple[str, int | None] | None] = {}
    for topic in data.context.topics:
        if topic.strip():
            found.setdefault(" ".join(topic.split()), None)
    for topic, whose in data.context.others_topics.items():
        if topic.strip():
            found.setdefault(" ".join(topic.split()), whose if isinstance(whose, tuple) else (whose, None))
    return found


def _quoted(topic: str) -> str:
    return topic if len(topic.split()) <= 15 else " ".join(topic.split()[:8]) + " ..."


def _uses(phrase: str, text: str):
    return re.finditer(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", text, re.IGNORECASE)


def _named_before(name: str, text: str, start: int) -> bool:
    """Whether the sentence before `start` names the person (their first name or any word of
    their name), so that "her" after it is theirs: "the conversation with Priya about her ..."."""
    from afterview.reviewer.rules.identity import name_tokens
    from afterview.reviewer.text import fold

    sentence = re.split(r"[.!?]\s|\n\s*\n", text[:start])[-1]
    said = {fold(w) for w in re.findall(r"[^\W\d_]+", sentence)}
    return any(token in said for token in name_tokens(name) if len(token) > 1)


def check_topic_wording(data: Input):
    from afterview.reviewer.private import someone_in, we_in

    text = data.body
    seen: list[tuple[int, int]] = []
    for topic, whose in _topics(data).items():
        if not (_opens_with_verb(topic) or _shorthand(topic) or someone_in(topic) or we_in(topic)):
            continue  # most topics: nothing to look for, nothing imported
        phrase, typed = _as_used(topic)
        if not phrase:
            continue
        for match in _uses(phrase, text):
            about = whose[0] if whose else ""
            # "with Priya about her ...": her word stands after her name; the rest still counts
            trouble = _trouble(phrase, topic, about, bool(about) and _named_before(about, text, match.start()))
            if not trouble:
                continue
            seen.append((match.start(), match.end()))
            yield data.find("topic-wording", f"the topic '{_quoted(topic)}' is used as you typed it: "
                            + "; ".join(trouble), match.start(), match.end(), _fix(data, topic, whose))
    for match in _PASTED.finditer(text):
        start = match.start(1)
        if any(s <= start < e for s, e in seen):
            continue
        stop = re.search(r"[.,;:!?\n]| (?:was|is|stayed|has|and|as) ", text[start:])
        end = start + (stop.start() if stop else len(text) - start)
        pasted = text[start:end].strip()
        yield data.find("topic-wording", f"a topic that does not read as a phrase: "
                        f"'{text[match.start():end].strip()}'", start, start + len(pasted), _fix(data))


# -- private-topic: what someone shared of their private life, quoted in a note ----------------
# A debrief note may keep what an interviewer told of their life ("her divorce and why she is
# leaving"); a note never repeats it, least of all to someone else (the recruiter). The topics the
# note was drafted from are named; in any text, the words themselves ("his illness", "she is
# pregnant": `private.private_life`).
_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|$)", re.MULTILINE)


def check_private_topic(data: Input):
    from afterview.reviewer.private import private_life

    text, ctx = data.body, data.context
    seen: list[tuple[int, int]] = []
    for topic, whose in _topics(data).items():
        said = private_life(topic)
        if not said:
            continue
        phrase = _as_used(topic)[0]
        for match in _uses(phrase, text) if phrase else ():
            seen.append((match.start(), match.end()))
            if whose is None:
                told = f"what {ctx.recipient_name or 'they'} told you of their private life"
            else:
                told = f"what {whose[0]} told you of their private life"
                if ctx.recipient_name:
                    told += f", in a note to {ctx.recipient_name}"
            yield data.find("private-topic", f"the topic '{_quoted(topic)}' repeats {told} ('{said}')",
                            match.start(), match.end(), _private_hint(data, topic, whose))
    for sentence in _SENTENCE.finditer(text, data.doc.core_start, data.doc.core_end):
        said = private_life(sentence.group())
        if not said:
            continue
        start = sentence.start() + sentence.group().find(said)
        if any(s <= start < e for s, e in seen):
            continue
        if said[:4].casefold() == "your":  # a well-wish about the reader's own health or family
            yield data.find("private-topic", f"the note speaks of the reader's own private life ('{said}')",
                            start, start + len(said), READERS_HINT)
            continue
        yield data.find("private-topic", f"the note tells of someone's private life ('{said}')",
                        start, start + len(said), PRIVATE_HINT)


PRIVATE_HINT = ("Leave it out: what someone shared of their private life is not repeated in a note; name "
                "something of the role you discussed instead.")
READERS_HINT = ("Leave it out of a note about your application: however kindly meant, their own health or "
                "family is not for it; if you wish them well, do it apart from the job search.")


def _private_hint(data: Input, topic: str, whose) -> str:
    """Leave it out of the note, and out of the topics later notes are drafted from."""
    return (f"{PRIVATE_HINT} Keep it out of the topics later notes quote: "
            + _fix(data, topic, whose).split("correct the topic for later notes: ", 1)[1])


register(("no-specific",), check_specific)
register(("private-topic",), check_private_topic)
register(("topic-wording",), check_topic_wording)
register(("too-long", "too-short"), check_length)
