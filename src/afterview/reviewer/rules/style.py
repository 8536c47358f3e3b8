"""Style rules: emoji, exclamation, all-caps, invisible characters."""

from __future__ import annotations

import re
from bisect import bisect_right

from afterview.reviewer import invisible
from afterview.reviewer.engine import Input, register
from afterview.reviewer.rules.mechanics import PLACEHOLDER
from afterview.reviewer.rules.spelling import is_word

_EMOJI_CHARS = ("[\U0001F300-\U0001FAFF\U00002600-\U000027BF\U0001F000-\U0001F2FF\U0001F900-\U0001F9FF"
                "\u2B50\u2B55\u2764\u263A\u2639\u270C\u2705\u274C\u2728\uFE0F]+"
                # the tags of a flag (England: U+1F3F4, tags, U+E007F), part of it
                "(?:[\U000E0020-\U000E007E]+\U000E007F)?")
_EMOJI = re.compile(
    # one emoji joined to the next by U+200D is one sequence ("woman technologist": one finding)
    f"{_EMOJI_CHARS}(?:\u200d{_EMOJI_CHARS})*"
    r"|(?<![\w:/])(?:[:;=8][-o^']?[)(DPpO3\]\[|*]|<3|\^_\^|xD|XD|:'\(|¯\\_\(ツ\)_/¯)(?![\w)(])"
    # glued to a word ("client:)"): after two letters, never a digit (10:30, 4:3, "1:") or a
    # lone letter (a drive "D:", a list's "a:"), and only a smile or a frown, so that
    # "https://", "C:\\Users" and "note:Done" are not emoticons
    r"|(?<=[^\W\d_]{2})[:;][-o^']?[)(DPp](?![\w)(\]\[])"
)
EMOJI = _EMOJI  # what the emoji rule reports: the composer never pastes it from your notes

# Acronyms and initialisms that are written in capitals on purpose.
_ACRONYMS = frozenset(
    """API APIS SQL AWS GCP CEO CFO CTO COO CMO CPO CIO CISO VP SVP EVP HR UX UI QA ML AI NLP
    ETL KPI KPIS OKR OKRS SAAS B2B B2C USA UK EU US NYC SF LA PHD MBA CV PR IT SRE DEVOPS GPU CPU
    REST JSON HTML CSS IOS SDK CRM ERP SEO SEM ROI FAQ PDF NASA IBM SAP SOC GDPR HIPAA PCI ISO
    AM PM EST PST CET UTC GMT BST EDT PDT CEST OK LLC LTD INC GMBH PLC CI CD CICD TDD BDD SLA SLO
    SLI RFC RFP HTTP HTTPS URL DNS VPN SSO IAM JWT OAUTH GIS ERP CAD NGO UN WHO NHS FTE MVP POC
    QBR ARR MRR NPS CSAT GTM PM PMM TPM EM IC ASAP FYI RSVP TBD TODO XXX FIXME PS NB RE FWD CC
    BCC ID IDE VS AB LGBTQ DEI ESG AR VR XR IOT ARM LLM LLMS RAG GPT""".split()
)
# Short words that are shouted, not abbreviations, when written in capitals ("take ANY role").
_SHOUTED_SHORT = frozenset("ANY ALL NOW NOT YOU YES WHY HOW TOO BIG WOW NEED MUST VERY SO DID WAS ARE HAS HAD OUR "
                           "LOT LOTS TON TONS ALOT SUPER HUGE MUCH LOVE LOVED".split())
# Words that are only ever emphasis in capitals ("a LOT", "REALLY", "SO much"): shouting even where
# your own notes write them so (a debrief's "he asked a LOT"), unlike a term written in capitals there
EMPHASIS = _SHOUTED_SHORT | frozenset(
    "REALLY TRULY TOTALLY ABSOLUTELY DEFINITELY EXTREMELY SERIOUSLY ACTUALLY AMAZING AWESOME GREAT BEST EVER "
    "NEVER ALWAYS EVERY EVERYTHING SUCH QUITE".split())
_CAPS_WORD = re.compile(r"\b[A-Z]{2,}(?:'[A-Z]+)?\b")


def check_emoji(data: Input):
    for field, text in data.fields():
        for match in _EMOJI.finditer(text):
            yield data.find("emoji", f"emoji or emoticon {match.group()!r}", match.start(),
                            match.end(), "Delete it.", field=field)


def check_exclamation(data: Input):
    for field, text in data.fields():
        marks = list(re.finditer(r"!+", text))
        # a subject line takes no full stop either: there the mark goes, it is not replaced
        fix = "Leave it out of the subject line." if field == "subject" else "Use a full stop."
        for match in marks:
            if len(match.group()) > 1:
                yield data.find("exclamation", f"repeated exclamation marks {match.group()!r}",
                                match.start(), match.end(), fix, field=field,
                                severity="error")
        single = [m for m in marks if len(m.group()) == 1]
        limit = data.config.max_exclamations if field == "body" else 0
        if len(single) > limit:
            for match in single[limit:]:
                marks_text = f"{len(single)} exclamation mark{'' if len(single) == 1 else 's'}"
                allowed = ("none in a subject line" if field == "subject" else
                           f"at most {limit} reads as warm, more as over-excited")
                yield data.find("exclamation", f"{marks_text} ({allowed})", match.start(),
                                match.end(), fix, field=field)


def check_caps(data: Input):
    names = _name_caps(data)
    known = {w.upper() for w in data.context.known_words} | _context_caps(data)
    greeted = data.doc.greeting_name
    for field, text in data.fields():
        fields = [m.span() for m in PLACEHOLDER.finditer(text)]  # in order, not overlapping
        starts = [start for start, _ in fields]
        for match in _CAPS_WORD.finditer(text):
            word = match.group()
            if word in _ACRONYMS or word == "I" or word in names:
                continue  # a word of the role, the company or a name as written there ("URGENT HIRE")
            if field == "body" and greeted is not None and greeted.start <= match.start() < greeted.end:
                continue  # the name greeted ("Hi MARY,"): greeting-form's
            if word in known and word not in EMPHASIS and not _shouted_run(text, match):
                continue  # a name or term of the context as written there (IBM, KPMG, SAP HANA)
            index = bisect_right(starts, match.start()) - 1
            if index >= 0 and match.start() < fields[index][1]:
                continue  # [TEAM NAME] is a template field, not shouting
            if (len(word) >= 4 and is_word(word.lower())) or word in _SHOUTED_SHORT or _shouted_pair(text, match):
                yield data.find("all-caps", f"{word!r} in capitals reads as shouting",
                                match.start(), match.end(), f"Write {word.capitalize()!r} or "
                                f"{word.lower()!r}.", field=field)


def _name_caps(data: Input) -> set[str]:
    """Words in capitals of the role, the companies and the names as the context writes them: the
    employer's title "Operations Lead (URGENT HIRE)" is theirs to write so, wherever the note
    repeats it."""
    ctx = data.context
    words = " ".join([ctx.company, ctx.recipient_company, ctx.role, ctx.recipient_name, ctx.sender_name,
                      *ctx.other_companies])
    return set(_CAPS_WORD.findall(words))


def _context_caps(data: Input) -> set[str]:
    """Words in capitals of your own notes (debrief details, news): a term written so there (a
    one-word 'KAFKA'), but not a run of shouted words (`_shouted_run`)."""
    ctx = data.context
    return {w for w in re.findall(r"\b[A-Z]{2,}\b", " ".join([*ctx.details, *ctx.news]))}


# A run of words in capitals, separated by spaces or hyphens ("KAFKA CONSUMER LAG").
_CAPS_RUN = re.compile(r"\b[A-Z]{2,}(?:'[A-Z]+)?(?:[ \t-]+[A-Z]{2,}(?:'[A-Z]+)?)+\b")


def _shouted_run(text: str, match: re.Match) -> bool:
    """Whether a word in capitals stands in a run of them with two long words that are no
    acronyms ('KAFKA CONSUMER LAG'): shouting, even where the context writes it so (a debrief
    typed in capitals). 'ML OPS', 'SAP HANA' or 'KPMG LLP' are not."""
    line_start = text.rfind("\n", 0, match.start()) + 1
    line_end = text.find("\n", match.end())
    line_end = len(text) if line_end < 0 else line_end
    for run in _CAPS_RUN.finditer(text, line_start, line_end):
        if run.start() <= match.start() and match.end() <= run.end():
            words = re.findall(r"[A-Z]{2,}(?:'[A-Z]+)?", run.group())
            return sum(1 for w in words if len(w) >= 4 and w not in _ACRONYMS) >= 2
    return False


def _shouted_pair(text: str, match: re.Match) -> bool:
    """Short capital words count when next to other capital words ('SO EXCITED', 'THANK YOU')."""
    around = text[max(0, match.start() - 12):match.end() + 12]
    return len([w for w in _CAPS_WORD.findall(around) if w not in _ACRONYMS]) >= 2


def check_invisible(data: Input):
    """Characters a reader never sees (see `reviewer.invisible`: what is flagged, what is not)."""
    for field, text in data.fields():
        for start, end, names in invisible.found(text):
            yield data.find("invisible-character", f"an invisible character: {names}", start, end,
                            "Delete it: retype the words around it, or paste them as plain text.", field=field)


register(("emoji",), check_emoji)
register(("invisible-character",), check_invisible)
register(("exclamation",), check_exclamation)
register(("all-caps",), check_caps)
