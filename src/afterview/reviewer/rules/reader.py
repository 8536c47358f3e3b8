"""Rules about the note's reader: spoken of in the third person, and their concerns left unanswered."""

from __future__ import annotations

import re

from afterview.reviewer.engine import Input, register

# "he asked", "she kept asking", "they grilled me": what the reader did, told as of someone else
_TOLD = re.compile(
    r"\b(?P<who>[Hh]e|[Ss]he|[Tt]hey)\s+(?:(?:really|also|kept|even|then|just|clearly)\s+)?"
    r"(?P<verb>asked|kept asking|mentioned|explained|told me|said|grilled|quizzed|wanted|seemed|talked|spoke|"
    r"described|walked me|showed|pushed|probed|dug|drilled|pressed|emphasi[sz]ed|shared|loved|liked|cared)\b")
# Words before it that name someone else it may be about ("the CTO said ...", "your team ...")
_SOMEONE = re.compile(  # someone "he" or "she" may be
    r"\b(?:manager|recruiter|interviewer|colleague|engineer|ceo|cto|cfo|coo|vp|founder|lead|director|head|"
    r"partner|customer|client|user|boss|friend|mentor|husband|wife|brother|sister|father|mother|son|daughter)\b",
    re.IGNORECASE)
_SOME = re.compile(  # those "they" may be
    r"\b(?:team|teams|panel|company|managers|recruiters|interviewers|everyone|everybody|colleagues|engineers|"
    r"founders|people|folks|group|staff|customers|clients|users|leadership|they)\b", re.IGNORECASE)
_CAPITAL = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+\b")
_NOT_NAMES = frozenset("I Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May "
                       "June July August September October November December".split())


def _to_someone(data: Input) -> str:
    """The reader's first name when the note is to one person (its context, else its greeting)."""
    name = data.context.recipient_name.strip() or (data.doc.greeting_name.text if data.doc.greeting_name else "")
    words = name.split()
    if not words or words[-1].casefold() in ("team", "hiring", "all", "everyone", "madam"):
        return ""
    return words[0]


def check_third_person(data: Input):
    reader = _to_someone(data)
    if not reader:
        return
    own = {w.casefold() for w in (data.context.recipient_name + " " + data.context.sender_name).split()}
    own.add(reader.casefold())
    company = {w.casefold() for w in (data.context.company + " " + data.context.recipient_company).split()}
    own |= {w.casefold() for w in data.context.role.split()}  # "the Senior Data Engineer role"
    sentences = data.doc.sentences
    for index, sentence in enumerate(sentences):
        for match in _TOLD.finditer(sentence.text):
            before = sentence.text[:match.start()]
            if index:
                before = sentences[index - 1].text + " " + before
            # a company may be "they" ("Northwind said they ..."), never "he" or "she"
            skip = own if match.group("who").casefold() == "they" else own | company
            names = [w for w in _CAPITAL.findall(before) if w not in _NOT_NAMES and w.casefold() not in skip]
            someone = _SOME if match.group("who").casefold() == "they" else _SOMEONE
            if names or someone.search(before.replace(data.context.role, "") if data.context.role else before):
                continue  # said of someone else the note names ("Priya mentioned that she ...")
            start = sentence.start + match.start()
            end = sentence.start + match.end()
            said = match.group()
            yield data.find("third-person", f"'{said}' speaks of someone in the third person in a note to "
                            f"{reader}: if it is {reader}, it reads as a note about them, not to them",
                            start, end, f"Write it to {reader} ('you {match.group('verb')}'), or name whom it is about.")


# "concern -> answer", as a debrief records it
_ARROW = re.compile(r"\s*(?:-+>|\u2192)\s*")


def check_concerns(data: Input):
    if data.kind not in ("thank_you", "card") or not data.context.concerns:
        return
    from afterview.reviewer.pay import about_pay
    from afterview.reviewer.rules.content import keywords, mentions

    body = keywords(data.doc.core)
    for recorded in data.context.concerns:
        note, _, answer = _ARROW.sub(" -> ", recorded.strip(), count=1).partition(" -> ")
        note, answer = note.strip(), answer.strip()
        if not note and not answer:
            continue
        if about_pay(note) or about_pay(answer):
            continue  # pay stays out of a thank-you: the composer leaves such a concern out on purpose
        if answer and mentions(answer, body):
            continue
        if not answer and mentions(note, body):
            continue  # addressed in the note's own words
        if answer:
            message = f"the note does not give your answer to the concern you noted ('{note}')"
            fix = f"Add a sentence with your answer ('{answer}')."
        else:
            message = f"the note does not address the concern you noted ('{note}')"
            fix = ("Add a sentence that addresses it, or record your answer in the debrief as "
                   "'concern -> answer' and draft again.")
        yield data.find("unanswered-concern", message, *data.doc.core_span, fix)


register(("third-person",), check_third_person)
register(("unanswered-concern",), check_concerns)
