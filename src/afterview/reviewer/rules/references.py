"""What a note refers to that is not there: an attachment it does not carry (attachment), and a
role that is not this note's (wrong-role)."""

from __future__ import annotations

import re

from afterview.reviewer.engine import Input, register
from afterview.reviewer.model import on_linkedin

# Saying a file comes with the note; not 'attached to the team', 'attached great importance'.
_ATTACHED = re.compile(
    r"\b(?:please\s+)?find\s+(?:\w+\s+){0,4}?(?:attached|enclosed)\b"
    r"|\b(?:i(?:'ve|\u2019ve|\s+have)?|we(?:'ve|\u2019ve|\s+have)?)\s+(?:also\s+|just\s+)?(?:attached|enclosed)\b"
    r"|\b(?:attached|enclosed)\s+(?:is|are|please find|you(?:'ll|\u2019ll| will) find)\b"
    r"|\b(?:is|are)\s+attached\b(?!\s+to\b)"
    r"|\b(?:see|in)\s+(?:the\s+)?attach(?:ed\s+(?:file|document|pdf|copy)|ment)s?\b"
    r"|\bi\s+(?:am|'m|\u2019m)\s+attaching\b",
    re.IGNORECASE,
)


def check_attachment(data: Input):
    carried = data.context.attachments
    no_files = on_linkedin(data.context.channel, data.kind) or data.context.channel == "card"
    if carried or (carried is None and not no_files):
        return  # the note carries a file, or what it carries is not known (a pasted text)
    found = _ATTACHED.search(data.doc.core)
    if found is None:
        return
    start = data.doc.core_start + found.start()  # found in `core`, which starts there
    end = start + len(found.group())
    if no_files:
        where = "a card" if data.context.channel == "card" else "a LinkedIn note"
        yield data.find("attachment", f"says something is attached ('{found.group()}'), but {where} "
                        "carries no file", start, end, "Give a link instead.")
        return
    # Afterview attaches no file to a note (no command adds one): a link is the fix it can send
    yield data.find("attachment", f"says something is attached ('{found.group()}'), but the note "
                    "carries no attachment", start, end,
                    "Give a link instead and take out the sentence that says it is attached (to send the "
                    "file itself, send the note from your own mail program, then mark it done).")


# A job title: capitalised words (an acronym, 'of', 'and', '&' between them) ending in a job
# word, written as the role ('the X role', 'X interview', 'position of X').
_JOB_WORDS = (
    "engineer|engineers|developer|manager|lead|leader|director|scientist|analyst|designer|architect|"
    "specialist|consultant|coordinator|administrator|researcher|officer|head|intern|associate|"
    "recruiter|accountant|writer|editor|strategist|advocate|representative|executive|vp|president|"
    "counsel|technician|programmer|sre|principal|fellow|assistant|planner|producer|marketer|nurse|"
    "teacher|owner|partner|advisor|adviser|auditor|controller|chemist|physician|pharmacist|therapist"
)
_TITLE_WORD = r"(?:[A-Z][\w+#/.'-]*)"
_TITLE = rf"{_TITLE_WORD}(?:\s+(?:(?:of|and|&|for|in)\s+)?{_TITLE_WORD}){{0,6}}"
_ROLE_MENTION = re.compile(
    rf"(?<![\w-])({_TITLE})\s+(?:role|position|opening|job|post|interview|interviews|vacancy)\b"
    rf"|\b(?:position|role|post)\s+(?:of|as)\s+(?:an?\s+|the\s+)?({_TITLE})"
)
_JOB = frozenset(_JOB_WORDS.split("|"))
_SMALL = frozenset("of and & for in the a an".split())
_LEADING = frozenset("the my our your this that a an thank thanks dear hi hello re".split())


def _words(text: str) -> list[str]:
    return [w.casefold().strip(".,") for w in re.split(r"[\s/-]+", text) if w and w.casefold() not in _SMALL]


def _mention(found: re.Match) -> tuple[str, int, int] | None:
    """A title as the role, without the words before it that are not the title ('Thank'); None
    when it does not end in a job word ('the Tuesday interview', 'my Lumen Robotics interview')."""
    group = 1 if found.group(1) else 2
    words = [w for w in re.finditer(r"\S+", found.group(group))]
    while words and words[0].group().casefold() in _LEADING:
        words.pop(0)
    if not words or words[-1].group().casefold().strip(".,") not in _JOB:
        return None
    start = found.start(group) + words[0].start()
    end = found.start(group) + words[-1].end()
    return found.string[start:end], start, end


def _same_role(mention: str, role: str, company: str = "") -> bool:
    """Whether a title names the role: its words are the role's, or initials of some ('ML'),
    or the company's ('the Lumen Staff Engineer role')."""
    said, own = _words(mention), _words(role)
    said = [w for w in said if w not in _words(company)] or said
    if not said or not own:
        return True
    initials = {"".join(w[0] for w in own[i:j]) for i in range(len(own)) for j in range(i + 2, len(own) + 1)}
    return all(w in own or w in initials for w in said)


# Notes that may tell your own news ('I joined Globex as Staff Data Engineer'): a title in them
# is not read as the role of the process.
_NEWS_KINDS = frozenset({"keep_warm", "share_news"})


def check_role(data: Input):
    ctx = data.context
    news = " ".join(ctx.news).casefold()
    mentions: list[tuple[str, str, int, int]] = []
    for field, text in data.fields():
        core = text if field == "subject" else data.doc.core
        offset = 0 if field == "subject" else data.doc.core_start
        own = _own_roles(core, ctx.company_roles)
        for other in ctx.other_roles:
            if (ctx.role and _same_role(other, ctx.role)) or other.casefold() in news:
                # words of this note's role too ('Data Engineer', to Senior Data Engineer: it may be
                # this role shortened), or the title of your own news
                continue
            for found in re.finditer(r"(?<![\w-])" + re.escape(other) + r"(?![\w-])", core, re.IGNORECASE):
                if any(start <= found.start() and found.end() <= end for start, end in own):
                    continue  # inside a role of this company the note names ('Senior Data Engineer role')
                yield data.find("wrong-role", f"names '{found.group()}', the role of another opportunity; this "
                                f"note is about {ctx.role or 'another role'}", offset + found.start(),
                                offset + found.end(), _fix(ctx.role), field=field)
        for found in _ROLE_MENTION.finditer(core):
            mention = _mention(found)
            if mention is not None and not any(o.casefold() == mention[0].casefold() or _same_role(mention[0], o)
                                               for o in ctx.other_roles + ctx.company_roles):
                mentions.append((field, mention[0], offset + mention[1], offset + mention[2]))
    if data.kind in _NEWS_KINDS:
        return
    if ctx.role:
        for field, title, start, end in mentions:
            if not _same_role(title, ctx.role, ctx.company):
                yield data.find("wrong-role", f"names the role '{title}', but this note is about {ctx.role}",
                                start, end, _fix(ctx.role), field=field, severity="warning")
        return
    first = next((m for m in mentions if m[0] == "subject"), None)
    if first is None:
        return
    for field, title, start, end in mentions:
        if field == "body" and not (_same_role(title, first[1]) or _same_role(first[1], title)):
            yield data.find("wrong-role", f"the body names the role '{title}', the subject '{first[1]}'",
                            start, end, "Name one role, as the posting gives it.", field=field,
                            severity="warning")


def _own_roles(core: str, roles: list[str]) -> list[tuple[int, int]]:
    """Where the note names a role of this note's company (its own, with no --role given, or
    another there): another opportunity's role inside one of them ('Data Engineer' in 'Senior
    Data Engineer role at Northwind') is that role's words, not the other opportunity."""
    return [(found.start(), found.end()) for role in roles if role.strip()
            for found in re.finditer(r"(?<![\w-])" + re.escape(role.strip()) + r"(?![\w-])", core, re.IGNORECASE)]


def _fix(role: str) -> str:
    return f"Write '{role}', and reread the note for other details of another application." if role else \
        "Write this note's role, and reread the note for other details of another application."


register(("attachment",), check_attachment)
register(("wrong-role",), check_role)


# -- wrong-name in the body: another person of the process addressed by name ------------------
# Addressed, not mentioned: "Dev, I really appreciated ...", "Thanks again, Dev.", "It was great
# to meet you, Aisha," (not "as Dev explained", "Please thank Rafael too").
def _addressed(name: str) -> re.Pattern:
    n = re.escape(name)
    return re.compile(
        rf"(?:^|(?<=[.!?:;])\s+|(?<=\n))({n}),\s"  # opening a sentence
        rf"|,\s+({n})[ \t]*(?=[.!?]|$)"  # closing one
        rf"|\byou,\s+({n})(?=\s*[,.!?;])",  # "you, Aisha,"
        re.MULTILINE,
    )


def _called(entry: str) -> set[str]:
    """The names a person is addressed by: their greet-as name, their first name."""
    from afterview.domain.names import first_name

    name, _, greet_as = entry.partition("|")
    found = {first_name(name)} | ({greet_as} if greet_as else set())
    return {n for n in found if n and len(n) >= 2}


# The people a note itself names as met with its reader ("I enjoyed meeting you and Dana", "Dana
# and you", "you, Dana and Tom"): the panel as the text tells it, for a text reviewed without
# your records (lint FILE with no database), where addressing one of them is addressing another
# person of the process. A name only: capitalised, not a word such as "The" or "I".
_NAME = r"[^\W\d_][\w'\u2019-]{0,40}"
_YOU_AND = re.compile(rf"\byou((?:,[ \t]+{_NAME})*,?[ \t]+and[ \t]+{_NAME})")  # "you and Dana", "you, Dana and Tom"
_AND_YOU = re.compile(r"[ \t]+and[ \t]+you\b")  # "Dana and you": the names are read back from it
_BEFORE = re.compile(rf"(?:{_NAME},[ \t]+)*{_NAME},?$")
_NOT_NAMES = frozenset("""
    i the a an your my our his her their its this that these those everyone everybody all both team
    and or mr mrs ms dr
""".split())


def _met_with_you(text: str) -> list[tuple[str, str]]:
    """(name, the words that name it with the reader) for each person the text names with 'you'."""
    if "you" not in text.lower():
        return []
    said = [(m.group(1), m.group()) for m in _YOU_AND.finditer(text)]
    for match in _AND_YOU.finditer(text):
        before = _BEFORE.search(text[max(0, match.start() - 120):match.start()])
        if before:
            said.append((before.group(), before.group() + match.group()))
    found: dict[str, str] = {}
    for listed, words in said:
        for name in re.findall(_NAME, listed):
            name = name.rstrip("'\u2019-")
            if name[:1].isupper() and name.casefold() not in _NOT_NAMES and not name.isupper():
                found.setdefault(name, " ".join(words.split()))
    return list(found.items())


def check_addressed(data: Input):
    ctx = data.context
    from afterview.domain.names import first_name

    greeting = data.doc.greeting_name.text if data.doc.greeting_name else ""
    # the note's reader: the recipient, else (a text without --to or a To: header) the one greeted
    recipient = ctx.recipient_name or greeting
    core, offset = data.doc.core, data.doc.core_start
    told = _met_with_you(core)
    if not (ctx.other_people or told) or not recipient:
        return
    greet_as = ctx.recipient_greet_as if isinstance(ctx.recipient_greet_as, str) else ""
    own = _called(f"{ctx.recipient_name}|{greet_as}") if ctx.recipient_name else set()
    theirs = greet_as or first_name(recipient) or recipient
    lowered = {o.casefold() for o in own} | {w.casefold() for w in re.findall(_NAME, greeting)}
    to = f"this note is to {ctx.recipient_name}" if ctx.recipient_name else f"the note greets {greeting}"
    said: set[str] = set()
    entries = [(entry, "") for entry in ctx.other_people] + [(name, words) for name, words in told]
    for entry, words in entries:
        for name in sorted(_called(entry)):
            if name.casefold() in lowered or name in said:
                continue  # the recipient's name too, or one greeted ("Hi Priya and Dana,")
            who = f", whom it names beside the reader ('{words}')," if words else f" ({entry.partition('|')[0]}),"
            for found in _addressed(name).finditer(core):
                said.add(name)
                group = next(g for g in (1, 2, 3) if found.group(g))
                start, end = offset + found.start(group), offset + found.end(group)
                yield data.find("wrong-name", f"the body addresses '{name}'{who} but {to}", start, end,
                                f"Address {theirs} here, or leave the name out.")


register(("wrong-name",), check_addressed)
