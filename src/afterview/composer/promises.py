"""A promise as a note says it: what you promised to send, whatever form it was typed in.

People type a promise as the thing ("the write-up on schema evolution"), as what they will do
("send her my portfolio link", "will send deck", "follow up w/ refs", "get you my references"),
or as a reminder with its day ("send the deck tmrw"). A note says it to its reader: "As promised,
I will get my portfolio link to you." So a promise is read as the thing to send, without the
verb, the person it goes to or the day (`promise_reading`); one that is no thing to send ("connect
her with my old manager") is said as what you will do, to "you".
"""

from __future__ import annotations

import re

# Shorthand typed in a promise, written out ("refs": "references"; "w/": "with").
_SHORTHAND = {
    "w/": "with", "w/o": "without", "refs": "references", "ref": "reference", "recs": "recommendations",
    "rec": "recommendation", "abt": "about", "u": "you", "ur": "your", "f/u": "follow up", "info": "information",
    "pls": "", "plz": "",
}
_SHORT = re.compile(r"(?<![\w/])(?:" + "|".join(sorted(map(re.escape, _SHORTHAND), key=len, reverse=True))
                    + r")(?![\w/])", re.IGNORECASE)
_READER = r"(?:her|him|them|you|u)"  # the person a note is written to, as a note to self names them
# "I will", "I'll", "will", "gonna", "need to" ...: how a note to self says it is to be done
_MODAL = re.compile(
    r"^(?:(?:i|we)\s*(?:['\u2019]ll|['\u2019]d)\s+|(?:(?:i|we)\s+)?(?:will|shall|would|promised(?: to)?|said i['\u2019]?d|"
    r"am going to|going to|gonna|need to|have to|must|should|to|can)\s+)", re.IGNORECASE)
# When it was to be done: a note goes out afterwards, so the day is left out
_WHEN = re.compile(
    r"\s+(?:asap|tmrw|tmr|tomorrow|today|tonight|later|soon|this week|next week|this weekend|over the weekend|"
    r"first thing|by (?:mon|tues|wednes|thurs|fri|satur|sun)day|by (?:eod|eow|cob)|by end of (?:day|week)|"
    r"after the call|after the interview)$", re.IGNORECASE)
# Verbs of sending: what follows them (after the reader, "over", "along") is the thing sent
_SEND = re.compile(
    r"^(?:send|get|share|forward|fwd|e-?mail|mail|pass(?:\s+(?:along|on))?|give|drop|shoot|provide|deliver|"
    r"hand|dig up and send|put together and send)\b\s*", re.IGNORECASE)
_FOLLOW_WITH = re.compile(rf"^follow(?:[- ]?up)\s+(?:with\s+{_READER}\s+)?with\s+", re.IGNORECASE)
_AROUND = re.compile(r"^(?:over|along|across|back)\s+", re.IGNORECASE)
_TO_READER = re.compile(rf"\s+(?:over\s+)?(?:to|for|with)\s+{_READER}(?:\s+(?:over|along))?$|\s+(?:over|along|across)$",
                        re.IGNORECASE)
# What a thing to send never starts with: the verb takes something else ("get back to her",
# "give him a call")
_NOT_A_THING = re.compile(r"^(?:back|in touch|to|on|about|a (?:call|ring|shout)|an? (?:update|answer) on)\b",
                          re.IGNORECASE)
# Words a noun phrase opens with and reads whole ("my references", "the deck", "two samples")
_WHOLE = frozenset(
    "the a an my our your this that these those some any all both each every his her their its one two three "
    "four five several a few more".split())
_MASS = frozenset("feedback information data code research documentation evidence advice".split())
# Your reader written of in the third person, in what you promised: "the article she asked for"
_THEY_VERB = re.compile(r"\b(?:she|he|they)\s+(asked|wanted|mentioned|requested|suggested|needed|liked|"
                        r"was asking|were asking|had asked)\b", re.IGNORECASE)
_FOR_THEM = re.compile(r"\b(to|for|with)\s+(?:her|him|them)\b", re.IGNORECASE)


def _written_out(text: str) -> str:
    spelled = _SHORT.sub(lambda m: _SHORTHAND[m.group().casefold()], text)
    return " ".join(spelled.split())


def _to_reader(text: str) -> str:
    """Your reader as "you": "the article she asked for" reads "the article you asked for"."""
    text = _THEY_VERB.sub(lambda m: "you " + {"was asking": "were asking"}.get(m.group(1).casefold(), m.group(1)),
                          text)
    return _FOR_THEM.sub(lambda m: f"{m.group(1)} you", text)


def _as_thing(rest: str) -> str:
    """The thing sent, read whole: "deck" is "the deck"; "my references", "references" and
    "the write-up" stay."""
    rest = _to_reader(_TO_READER.sub("", rest).strip(" ,.;"))
    words = rest.split()
    if not words:
        return ""
    first = words[0].casefold()
    plural = first.endswith("s") and not first.endswith(("ss", "us", "is")) and len(first) > 3
    if first in _WHOLE or " ".join(words[:2]).casefold() in _WHOLE or first[:1].isdigit() \
            or first in _MASS or (plural and len(words) == 1):
        return rest
    return "the " + rest


def _as_action(text: str) -> str:
    """What you will do, said to your reader: "connect her with my old manager" reads "connect
    you with my old manager"."""
    text = _to_reader(text)
    # an object after the verb: "connect her with", "introduce him to", "let them know"
    text = re.sub(r"^(\w+)\s+(?:her|him|them)\b", r"\1 you", text, count=1, flags=re.IGNORECASE)
    return text[:1].lower() + text[1:] if text[:1].isupper() and not text[1:2].isupper() else text


def promise_reading(typed: str) -> tuple[str, str]:
    """A promise as a note says it: (the thing to send, what you will do), one of them empty.

    >>> promise_reading("send her my portfolio link")
    ('my portfolio link', '')
    >>> promise_reading("will send deck")
    ('the deck', '')
    >>> promise_reading("connect her with my old manager")
    ('', 'connect you with my old manager')
    """
    text = _written_out(" ".join(str(typed).split()).strip(" .;,"))
    while True:
        stripped = _WHEN.sub("", _MODAL.sub("", text, count=1)).strip(" ,.;")
        if stripped == text or not stripped:
            break
        text = stripped
    if not text:
        return "", ""
    follow = _FOLLOW_WITH.match(text)
    if follow:
        return _as_thing(text[follow.end():]) or text, ""
    send = _SEND.match(text)
    if send:
        rest = text[send.end():]
        rest = re.sub(rf"^{_READER}\b\s*", "", rest, count=1, flags=re.IGNORECASE)
        rest = _AROUND.sub("", rest, count=1)
        if rest and not _NOT_A_THING.match(text[send.end():]) and not _NOT_A_THING.match(rest):
            thing = _as_thing(rest)
            if thing:
                return thing, ""
        return "", _as_action(text)
    intro = _INTRO.match(text)
    if intro:  # "intro to my old manager": an introduction of you, to them
        return "", f"introduce you {intro.group(1).lower()} {text[intro.end():]}"
    first = text.split()[0].casefold()
    if first in _ACTIONS or first in _DOING:
        return "", _as_action(text)
    thing = _to_reader(_TO_READER.sub("", text).strip(" ,.;"))
    if thing.split()[0] in ("The", "A", "An", "My", "Our"):
        return thing[:1].lower() + thing[1:], ""
    if len(thing.split()) <= 3 and re.fullmatch(r"[a-z][a-z -]*", thing):
        return _as_thing(thing), ""  # "portfolio link": "the portfolio link"
    if re.fullmatch(r"[a-z][a-z-]*", thing.split()[0]) and len(thing.split()) <= 8:
        return _as_thing(thing), ""  # "link to my talk": "the link to my talk"
    return thing, ""


_INTRO = re.compile(rf"^intro(?:duce)?\s+(?:{_READER}\s+)?(to|with)\s+(?=\S)", re.IGNORECASE)
_DOING = frozenset("dig pull make draft build do fix finish run test".split())


# Verbs a promise that is no thing to send opens with ("connect her with Sam", "check my dates")
_ACTIONS = frozenset("""
    connect introduce intro check ask confirm look think let reach find update follow circle reply call
    schedule set loop put write review read try share send talk speak come book arrange answer clarify
    research prepare see keep
""".split())
