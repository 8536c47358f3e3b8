"""What a real reply says: quoted text and signatures stripped, then rejection, offer, next round.

Rejection outranks everything ("the process moved to the next step and your application was not
selected" is a rejection). Sentences in the conditional ("if you are selected we will contact
you") are not decisions. Weak signals ("congratulations" alone) go to needs_review: the user
confirms every status change anyway. A reply that decides nothing yet may say by when they will
("We expect to make a decision by 10 December"): `decision_date` reads that day, only offered to
the user (never recorded on its own).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from afterview.domain.model import ReplyClass

REPLY_LANGUAGES = ["en", "de", "fr", "es", "it", "nl", "sv"]

# A rejection is a statement of one: not selected, other candidates chosen, not moving forward,
# decided not to, the position filled ... A word of regret alone ("Unfortunately Sam is traveling
# this week", "we regret the wait") is no decision (see WEAK_REJECTION).
REJECTION = re.compile(
    r"regret to (?:inform|tell|advise|let you know|say)"
    r"|decided (?:to )?(?:move|moving) forward with other"
    r"|decided (?:not to|against) (?:move|moving|go|going|proceed|proceeding|progress|progressing|continu|pursu|advanc)"
    r"|not (?:to |be )?(?:(?:move|moving|go|going) (?:forward|further|ahead)|proceed|proceeding|progress|progressing)"
    r"(?: further| forward)? with (?:your|you)\b"
    r"|(?:go|gone|went|going|selected|chosen|chose|hired|offered the (?:role|position|job) to)"
    r" (?:with )?(?:(?:another|a different|other|a more \w+) (?:candidate|applicant)|(?:someone|somebody) else)"
    r"|(?:move|moving|go|going) ahead with (?:other|another|a different) (?:candidate|applicant)"
    r"|(?:not|n['’]t) (?:be )?(?:progressing|progress|taking|take) (?:your application|your candidacy|you)"
    r"(?: any)? (?:further|forward)"
    r"|(?:application|candidacy|you) (?:was|were|is|has been|have been) unsuccessful"
    r"|(?:application|candidacy|you) (?:was not|were not|wasn['’]t|weren['’]t|has not been|have not been"
    r"|hasn['’]t been|haven['’]t been) successful"
    r"|(?:move|moving|proceed|proceeding|go|going) forward with (?:other|another|a different) (?:candidate|applicant)"
    r"|decided to pursue other|position has (?:now )?been filled|role has (?:now )?been filled"
    r"|not (?:been )?selected|will not be (?:moving|proceeding) forward|won'?t be (?:moving|proceeding) forward"
    r"|not (?:be )?(?:moving|proceeding) forward with your|not to proceed with your|decided not to proceed"
    r"|other candidates whose|more closely match|closer match|absage"
    r"|nicht (?:weiter |mehr |länger )?berücksichtig(?:en|t)\b"
    r"|für (?:eine[nr]? )?andere[nr]? (?:kandidat|bewerber)|pas été retenue?|ne pas donner suite"
    r"|\bne (?:donnerons|pouvons|pourrons) pas donner suite|\bne donnerons pas suite|au regret de vous informer"
    r"|anderweitig besetzt|(?:stelle|position) (?:wurde|ist) (?:bereits |inzwischen )?(?:anderweitig )?besetzt"
    r"|keine positive (?:rückmeldung|nachricht)|keine zusage"
    r"|(?:poursuivre|continuer) avec (?:un autre|une autre|d'autres|d’autres) candidat"
    r"|retenu (?:un autre|une autre|d['’]autres) (?:candidat|profil)"
    r"|no (?:ha|has|han) sido seleccionad|decidido no (?:seguir|continuar|avanzar)"
    r"|no (?:seguir|continuar|avanzar) adelante con (?:tu|su)"
    r"|(?:seguir|continuar|avanzar) (?:adelante )?con otr[oa]s? (?:candidat|perfil)"
    r"|non è stat[ao] selezionat|(?:proseguire|procedere|continuare) con altr[ie] candidat"
    r"|afgewezen|niet verder (?:te )?gaan met (?:je|jouw|uw) sollicitatie"
    r"|(?:verder|door) (?:te )?gaan met (?:een )?andere? (?:kandida|sollicitant)"
    r"|(?:gekozen|kiezen) voor (?:een )?andere? (?:kandida|sollicitant)"
    r"|voor (?:een )?andere? (?:kandida\w*|sollicitant) (?:hebben |heeft )?gekozen|niet verder in behandeling"
    r"|(?:valt|gå vidare med) (?:en )?(?:annan|andra) (?:kandidat|sökande)"
    # an offer not made: "we will not be extending an offer", "unable to offer you the role"
    r"|(?:\bnot|n['’]t|\bunable|\bcannot|\bno longer) (?:to )?(?:be )?(?:able to )?(?:in a position to )?"
    r"(?:make|making|extend|extending|offer|offering)(?: you)? (?:an?|the|this|our) (?:[\w-]+ )?(?:offer|position|role|job)\b",
    re.I,
)
# What an offer is made in ("we're happy to make you an offer", "pleased to offer you the
# position", "we would like to extend an offer"): an offer made to you (made, extended,
# presented; "we will make an offer to one candidate" is none), or
# offering *you* a position, role or job (the object a few words on at most: "offer you the
# Staff Engineer position"), not "you" offered anything else ("happy to offer you some feedback",
# "offer you a second interview for the role", "we offer a competitive salary"). An offer letter
# promised ("an offer letter will follow after references") is an offer made pending its
# paperwork: read as an offer, which the user confirms. An offer refused or not made ("we will
# not be extending an offer", "unable to offer you the role") is a rejection (see REJECTION,
# which outranks it); one in the conditional ("should we decide to extend an offer") is not a
# decision (CONDITIONAL).
_OFFERED_ROLE = (r"(?:(?!(?:interview|call|chat|meeting|feedback|chance|time|slot|call-?back)\b)[\w'’-]+ ){0,3}?"
                 r"(?:position|role|job|post|place|opening|contract|opportunity to join)\b")
_AN_OFFER = r"(?:an?|the|this|our) (?:(?:formal|verbal|written|official|job|conditional|final) )?offer\b"
OFFER = re.compile(
    r"(?:make|making) you " + _AN_OFFER + r"|(?:make|making) " + _AN_OFFER + r" to you"
    r"|(?:extend|extending) (?:to )?(?:you )?" + _AN_OFFER + r"|(?:present|presenting) you with " + _AN_OFFER +
    r"|\boffer(?:ing)? you (?:an?|the|this|our) " + _OFFERED_ROLE + r"|\boffer(?:ing)? you employment\b"
    r"|offer letter|offer of employment|formal offer|job offer"
    r"|vertragsangebot|stellenangebot|freuen uns,? ihnen .{0,60}(?:anzubieten|anbieten zu können)"
    r"|offre d'emploi|proposition d'embauche|oferta de (?:empleo|trabajo)|offerta di lavoro|aanbod"
    r"|(?:vous|te) proposer (?:le|ce) poste|ofrecer(?:te|le) (?:el|este) puesto"
    r"|\b(?:je|jou|u) (?:de |een )?(?:functie|baan|positie|rol|job)\b.{0,60}aan (?:te )?bieden",
    re.I,
)
NEXT_ROUND = re.compile(
    r"invite you (?:to|for) (?:a |an |the )?(?:next|second|final|onsite|on-site|follow-up|technical)?\s*(?:round|interview|conversation|call|chat|stage)"
    r"|next (?:round|stage|step)s? (?:of|in) (?:the|our) (?:interview|process|hiring)|your availability|when (?:are|would) you (?:be )?available"
    r"|schedule (?:a|an|the|your) (?:call|interview|time|conversation|chat)|calendly\.com|cal\.com/|goodtime\.io"
    r"|take-?home|coding (?:challenge|exercise|assessment)|assessment link|hackerrank|codility|codesignal"
    r"|book a (?:time|slot)|pick a (?:time|slot)|move you forward|moving you forward|advance you to"
    r"|(?<!not )(?<!not be )(?<!n't )(?<!n't be )(?:move|moving|advance|advancing|progress|progressing|bring|bringing)"
    r" you (?:forward |on |through )?(?:to|into) (?:the |a |an |our )?(?:next|final|second|third|last|onsite|on-site)\b"
    r"|(?<!not )(?<!not be )(?<!n't )(?<!n't be )(?:move|moving|go|going) (?:forward|ahead) with you (?:to|into|for)"
    r" (?:the |a |an |our )?(?:next|final|second|third|last|onsite|on-site)\b"
    r"|(?:love|like|want|glad|happy) to (?:have|see|welcome) you (?:back|again|in) (?:for|to|at) (?:a |an |the |our )?"
    r"(?:onsite|on-site|final|second|third|next|further|another|panel|round)\b"
    r"|scheduling link|link to schedule"
    r"|zweiten gespräch|nächste runde|einladen|vous inviter|prochaine étape|segunda entrevista|secondo colloquio"
    r"|invitar(?:te|le|les)? a (?:una|la) (?:\w+ )?entrevista"
    r"|uitnodigen voor|uit te nodigen voor|(?:tweede|volgende|vervolg)(?:ge)? ?gesprek",
    re.I,
)
CONDITIONAL = re.compile(
    r"^\s*(?:if|should|in case|once|when|whether|unless|falls|sollten|wenn|si|en cas|caso|se)\b"
    r"|\bif (?:you are|you're|we|your)\b|\bshould you\b|\bin the event\b|\bwould be in touch\b",
    re.I,
)
# A word of regret is no decision: "Unfortunately I am travelling, could we meet Tuesday?",
# "Unfortunately Sam is traveling this week, so the decision will take longer", "we regret the
# wait". Alone (no rejection statement, no other decision), it makes a reply "needs review".
WEAK_REJECTION = re.compile(
    r"unfortunately|\bregret|leider|malheureusement|lamentablemente|purtroppo|helaas|tyvärr", re.I)
WEAK_POSITIVE = re.compile(r"congratulations|great news|good news|glückwunsch|félicitations|felicidades", re.I)
# A person asking to hear no more from you (English only, and only plain requests): never acted
# on, only said, with the command that records it (see `opt_out`).
OPT_OUT = re.compile(
    r"\b(?:take|remove|drop|delete|leave) me (?:off|out of|from)(?: of)?"
    r" (?:your |the |this |any |all |all of your |all the )?"
    r"(?:future |further |mailing |distribution |email |e-mail |contact )*"
    r"(?:list|lists|updates|emails|e-mails|mails|mailings|messages|notes|distribution|loop|contacts)\b"
    r"|\bunsubscribe me\b|\bplease unsubscribe\b"
    r"|\b(?:do not|don'?t|please stop|stop) (?:contacting|emailing|e-mailing|messaging|writing to|reaching out to) me\b"
    r"|\b(?:do not|don'?t) (?:contact|email|e-mail|message|write to|reach out to) me(?: again| anymore| any more"
    r"| in (?:the )?future)?$"
    r"|\bno longer (?:wish|want) to (?:be contacted|receive|hear from you|get)"
    r"|\b(?:i'?d|i would) (?:prefer|rather) not (?:to )?(?:be contacted|receive|hear from you|get)",
    re.I,
)
ASKS_NO_CONTACT = "asks not to be contacted"  # how a reply's summary says it (see inbound.summary)


def strip_reply(text: str) -> str:
    """The new text of a reply, without quoted history and signature."""
    if not text.strip():
        return ""
    try:
        from mailparser_reply import EmailReplyParser

        parsed = EmailReplyParser(languages=REPLY_LANGUAGES).read(text)
        replies = getattr(parsed, "replies", None) or []
        body = replies[0].body if replies else ""
        if body and body.strip():
            # what it leaves of a quote header it does not know ("Op ... schreef ...:") or of
            # a "-- " signature goes too
            return _simple_strip(body) or body.strip()
    except Exception:  # a parser failure must never lose the reply: fall back to our stripper
        pass
    return _simple_strip(text)


_QUOTE_HEAD = re.compile(
    r"^(?:On .{5,200} wrote:|Am .{5,200} schrieb .{0,80}:|Le .{5,200} a écrit\s*:|El .{5,200} escribió:"
    r"|Il .{5,200} ha scritto:|Op .{5,200} schreef\b.{0,120}:|-{2,}\s*Original Message\s*-{2,}"
    r"|-{2,}\s*Ursprüngliche Nachricht\s*-{2,}|From:\s.+|Von:\s.+|De\s*:\s.+|_{10,})\s*$",
    re.I,
)


def _simple_strip(text: str) -> str:
    """A careful small stripper: cut at the first quote header, drop '>' lines and the signature."""
    kept: list[str] = []
    lines = text.replace("\r\n", "\n").split("\n")
    for i, line in enumerate(lines):
        wrapped = f"{line.strip()} {lines[i + 1].strip()}" if i + 1 < len(lines) else ""  # "Op ... schreef X <\nx@y>:"
        if (_QUOTE_HEAD.match(line.strip()) or line.rstrip() == "--"  # a quote, or the "-- " signature
                or (line.strip() and not line.lstrip().startswith(">") and _QUOTE_HEAD.match(wrapped))):
            break
        if line.lstrip().startswith(">"):
            continue
        kept.append(line)
    return "\n".join(kept).strip()


def sentences(text: str) -> list[str]:
    """The sentences of a text; a paragraph (a greeting line, "Hi Alice,") ends one too."""
    found = []
    for paragraph in re.split(r"\n\s*\n", text):
        flat = " ".join(paragraph.split())
        found += [s for s in re.split(r"(?<=[.!?;])\s+|\s+[-–]\s+", flat) if s]
    return found


WEAK_REGRET = "a word of regret without a decision"  # how a summary says it (needs_review)
UNREAD_LANGUAGE = "in a language Afterview does not read"  # how a summary says it (needs_review)


def classify_reply(text: str) -> tuple[ReplyClass, str]:
    """(class, the sentence that decided it) for the stripped text of a real reply.

    A decision stated (a rejection, then an offer, then a next round) decides. Without one: a
    word of regret ("unfortunately", "leider") or a positive word alone, a decision said only in
    the conditional, or a text in a language not read (Japanese, Polish) is "needs review": the
    user reads it; anything else is "other"."""
    decided = [s for s in sentences(text) if not CONDITIONAL.search(s)]
    for reply_class, pattern in ((ReplyClass.REJECTION, REJECTION), (ReplyClass.OFFER, OFFER), (ReplyClass.NEXT_ROUND, NEXT_ROUND)):
        for sentence in decided:
            if pattern.search(sentence):
                return reply_class, sentence[:200]
    regret = next((s for s in decided if WEAK_REJECTION.search(s)), None)
    if regret is not None:
        return ReplyClass.NEEDS_REVIEW, f"{WEAK_REGRET}: {regret}"[:200]
    if any(WEAK_POSITIVE.search(s) for s in decided):
        return ReplyClass.NEEDS_REVIEW, "a positive word without a clear decision"
    conditional = [s for s in sentences(text) if CONDITIONAL.search(s)]
    if any(p.search(s) for s in conditional for p in (REJECTION, OFFER, NEXT_ROUND)):
        return ReplyClass.NEEDS_REVIEW, "only a conditional statement"
    if unread_language(text):
        return ReplyClass.NEEDS_REVIEW, f"{UNREAD_LANGUAGE}: {' '.join(text.split())}"[:200]
    return ReplyClass.OTHER, ""


# The commonest short words of the languages read (REPLY_LANGUAGES): a text of some length with
# almost none of them is in another language (Portuguese, Polish, Finnish ...).
_COMMON_WORDS = frozenset("""
the a an and or to of in on at for with from by is are was be been will would can could we you your our
i me my it this that not no have has had do as so if but please thanks thank hi hello dear best regards
der die das und oder ich sie wir ihnen ihr nicht mit für von zu ist sind ein eine einen den dem auf es
sich auch wie bei vielen dank gruß grüße bitte hallo sehr
le la les de des du et je vous nous est pour pas que qui un une avec en dans sur au aux ce merci bonjour
el los las y que por con para es su sus tu te le nos una gracias hola saludos lo del al
il lo di che per non sono ci grazie ciao gli della del nel
het een van ik je jij u wij niet met voor op te dat bedankt groet zijn wordt
och att det som ett är jag vi du för med på inte till av tack hej hälsningar
""".split())


def unread_language(text: str) -> bool:
    """Whether a text is in a language Afterview does not read (see REPLY_LANGUAGES): most of its
    letters in another script (Japanese, Cyrillic, Arabic ...), or, in Latin letters, a text of
    eight words or more with almost none of the commonest words of the languages read."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return False
    foreign = sum(1 for c in letters if not _latin(c))
    if foreign * 2 > len(letters):
        return True
    words = re.findall(r"[^\W\d_]+", text.casefold())
    if len(words) < 8:
        return False
    return sum(1 for w in words if w in _COMMON_WORDS) * 12 < len(words)


def _latin(char: str) -> bool:
    """A letter of the Latin script (with its accented forms)."""
    import unicodedata

    return char.isascii() or unicodedata.name(char, "").startswith("LATIN")


def opt_out(text: str) -> str:
    """The sentence in which they ask not to be written to again ("please take me off any
    updates"), "" when there is none. Conservative: plain requests in English, not in the
    conditional ("if you would rather not hear from us ...")."""
    for sentence in sentences(text):
        if not CONDITIONAL.search(sentence) and OPT_OUT.search(sentence.rstrip(" .!")):
            return sentence[:200]
    return ""


# --- the date of a decision ------------------------------------------------------------------
# When a reply says by when they will decide ("We expect to make a decision by 10 December",
# "you'll hear from us by Friday", "Wir melden uns bis zum 10.12."): read from its own words
# (quotes and signature stripped), in English and German. Never a guess: a relative span ("within
# two weeks", "in the next few days", "early next week"), a quarter or a month's end, a date that
# reads two ways ("by 3/4" from someone whose country is not known), a weekday that does not match
# its date, a question, a request to the user, a sentence in the conditional or the negative,
# or two different dates said: nothing. The date is only offered to the user, never recorded.

# What a decision or news to come is said in: the employer (or the reply's writer) the one to act
_DECISION_WORDS = re.compile(
    r"\b(?<!your )(?<!their )(?:final )?decision\b|\bdecide\b|\bdeciding\b|\bmake (?:a|our|the|my) (?:final )?call\b"
    r"|\bhear (?:back )?from (?:us|me|the team|our team)\b|\bhear back\b|\bget back to you\b|\bcome back to you\b"
    r"|\brevert (?:back )?to you\b|\bbe in touch\b|\bget in touch with you\b|\breach out to you\b|\bcontact you\b"
    r"|\b(?:let|inform|tell|update|notify) you\b|\bfollow up with you\b|\bsend you (?:an? |our |the |some )?"
    r"(?:update|answer|decision|feedback|news|outcome)\b|\b(?:have|share|give you|provide) (?:an? |some |more |the )?"
    r"(?:update|news|answer|outcome|feedback|next steps)\b|\byou(?:'ll| will| should| can expect to) "
    r"(?:receive|get|have|hear)\b|\b(?:an? )?(?:update|answer|response|outcome) (?:from us|to you)\b"
    # German: "Wir melden uns", "eine Entscheidung", "Rückmeldung", "Bescheid", "auf Sie zukommen"
    r"|\bentscheidung\b|\bentscheiden\b|\bmelden? (?:uns|mich|wir|ich)\b|\b(?:wir|ich) melden\b|\bmeldet sich\b"
    r"|\brückmeldung\b|\bbescheid\b|\bauf sie zu(?:kommen)?\b|\bzurückkommen\b|\binformieren (?:sie|dich)\b"
    r"|\bin verbindung setzen\b|\bnächsten schritte\b|\bvon (?:uns|mir) hören\b|\bhören\b.{0,40}\bvon (?:uns|mir)\b",
    re.I,
)
# ... what is no promise of theirs: a question, a request to the user ("please send your feedback
# by Friday", "let us know by Friday"), the past ("we decided on 5 May"), a negation ("we will not
# be able to decide by Friday")
_NOT_A_PROMISE = re.compile(
    r"\?\s*$|\b(?:please|kindly|could you|can you|would you|bitte)\b(?! (?:note|be aware|bear in mind|beachten))"
    r"|\blet (?:us|me) know\b|\byour (?:feedback|decision|answer|response|availability)\b|\bgeben sie uns\b"
    r"|\bihre (?:entscheidung|rückmeldung|antwort)\b|\bteilen sie uns\b"
    r"|\b(?:was|were|has been|have been|had been) (?:made|taken|reached)\b|\b(?:made|took|reached) (?:a|the|our) decision\b"
    r"|\bdecided\b|\bwurde\b.*\bgetroffen\b"
    r"|\bnot\b|n['’]t\b|\bunable\b|\bno longer\b|\bnicht\b|\bkeine?\b",
    re.I,
)
# Where the date follows: "by", "before", "no later than", "on" (only where a decision is to
# come: "you'll hear from us on Monday"); "bis (zum)", "spätestens (am)", "am".
_BY = re.compile(
    r"\b(?:by|before|no later than|not later than|on or before|on)\b|\bbis(?: spätestens)?(?: zum| zur| am)?\b"
    r"|\bspätestens(?: am| bis(?: zum)?| zum)?\b|\bam\b",
    re.I,
)
_FILLER = re.compile(
    r"(?:\s|,)*(?:(?:the|this|this coming|coming|end of day|eod|cob|close of business|end of business|eob|on|"
    r"den|dem|der|diesen|diesem|kommenden|kommendem|zum|am)\b[\s,]*)*",
    re.I,
)
WEEKDAYS = {
    0: ("monday", "montag"), 1: ("tuesday", "dienstag"), 2: ("wednesday", "mittwoch"), 3: ("thursday", "donnerstag"),
    4: ("friday", "freitag"), 5: ("saturday", "samstag", "sonnabend"), 6: ("sunday", "sonntag"),
}
_WEEKDAY_NAMES = (r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|montag|dienstag|mittwoch"
                  r"|donnerstag|freitag|samstag|sonnabend|sonntag|mon|tues?|wed|thu(?:rs?)?|fri|mo|di|mi|do|fr)")
_WEEKDAY = re.compile(r"(" + _WEEKDAY_NAMES + r")\b\.?", re.I)
_NEXT_WEEK = re.compile(r"^[\s,]*(?:(?:of|in) )?(?:next week|the following week|(?:in )?(?:der )?(?:nächsten|kommenden) woche"
                        r"|nächste[r]? woche|kommende[r]? woche)\b", re.I)
_WEEK_END = re.compile(r"^[\s,]*(?:the )?end of (?:the|this) week\b|^[\s,]*(?:zum )?ende (?:der|dieser) woche\b", re.I)
_NEXT_WEEK_END = re.compile(r"^[\s,]*(?:the )?end of (?:next|the following) week\b"
                            r"|^[\s,]*(?:zum )?ende (?:der )?(?:nächsten|kommenden) woche\b"
                            r"|^[\s,]*(?:zum )?ende (?:nächster|kommender) woche\b", re.I)
_TOMORROW = re.compile(r"^[\s,]*(?:tomorrow|morgen)\b(?!\s*(?:früh|morning))", re.I)
_ORDINAL = re.compile(r"^[\s,]*(?:the )?(\d{1,2})(?:st|nd|rd|th)\b(?!\s*(?:of\s+)?[A-Za-zÀ-ÿ]{3})", re.I)
_NOT_YET = re.compile(r"\b(?:after|following|once|nach|nachdem)\b", re.I)  # "decide after our panel on Friday"
SOONEST_YEARLESS = 92  # days: a date without its year further ahead is no decision date said in a reply
LATEST = 365  # days, with its year


_WEEKDAY_WORDS = {name: number for number, names in WEEKDAYS.items() for name in names}
_WEEKDAY_WORDS.update({"mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3, "fri": 4,
                       "mo": 0, "di": 1, "mi": 2, "do": 3, "fr": 4})


def _after(day: date, weekday: int) -> date:
    """The first such weekday after `day` (a week on when it is that weekday)."""
    return day + timedelta(days=(weekday - day.weekday() - 1) % 7 + 1)


def _date_after_cue(window: str, written: date, day_first: bool | None) -> date | None | bool:
    """The one day `window` (the words after "by", "bis" ...) begins with; None when it names
    none, False when it names one ambiguously (a weekday that is not its date's, "by 3/4" where
    either is possible, "next Friday", which is this week's for some and next week's for others)."""
    from afterview.delivery.autoreply import date_at

    rest = window[_FILLER.match(window).end():]
    if re.match(r"(?:next|nächsten|nächster|nächstem)\s+" + _WEEKDAY_NAMES + r"\b", rest, re.I):
        return False  # "by next Friday": this coming one, or the one a week later?
    rest = re.sub(r"^(?:next|nächste[nrm]?)\s+(?=week|woche)", "next ", rest, flags=re.I)
    if _NEXT_WEEK_END.match(rest):
        return _after(written - timedelta(days=written.weekday()) + timedelta(days=6), 4)
    if _WEEK_END.match(rest):
        friday = written + timedelta(days=4 - written.weekday())
        return friday if friday > written else None
    if _TOMORROW.match(rest):
        return written + timedelta(days=1)
    ordinal = _ORDINAL.match(rest)
    if ordinal:  # "by the 15th": the next 15th
        day = int(ordinal.group(1))
        for months in range(0, 3):
            year, month = written.year + (written.month - 1 + months) // 12, (written.month - 1 + months) % 12 + 1
            try:
                candidate = date(year, month, day)
            except ValueError:
                continue
            if candidate > written:
                return candidate
        return None
    named = _WEEKDAY.match(rest)
    if named is not None:
        weekday = _WEEKDAY_WORDS[named.group(1).lower()]
        rest = rest[named.end():]
        explicit = date_at(re.sub(r"^[\s,]*(?:the\s+|den\s+)?", "", rest, flags=re.I), written,
                           day_first=day_first, soonest=SOONEST_YEARLESS)
        if explicit is False:
            return False
        if explicit is not None:  # "Thursday, 10 December": the date, if it is a Thursday
            return explicit if explicit.weekday() == weekday else False
        if _NEXT_WEEK.match(rest):  # "Friday next week": in the next calendar week
            monday = written - timedelta(days=written.weekday()) + timedelta(days=7)
            return monday + timedelta(days=weekday)
        return _after(written, weekday)
    return date_at(re.sub(r"^(?:the|den)\s+", "", rest, flags=re.I), written, day_first=day_first,
                   soonest=SOONEST_YEARLESS)


_SPLIT = re.compile(
    r"(?<=[.!?;:])(?<!\b\d\.)(?<!\b\d\d\.)(?<!\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Dez|Okt|Mär)\.)"
    r"(?<!\bSept\.)(?<!\b(?:Mon|Tue|Wed|Thu|Fri)\.)(?<!\b(?:Mo|Di|Mi|Do|Fr|Sa|So)\.)\s+")


def _decision_sentences(text: str) -> list[str]:
    """The sentences of a text as a decision date is read from them: not cut after a day's dot
    ("bis zum 10. Dezember") or a month's abbreviation ("by Dec. 10")."""
    found = []
    for paragraph in re.split(r"\n\s*\n", text):
        flat = " ".join(paragraph.split())
        found += [s for s in _SPLIT.split(flat) if s]
    return found


def decision_date(text: str, written: date, *, day_first: bool | None = None) -> tuple[date | None, str]:
    """(The day a reply says they will decide or tell by, the sentence that says it) from its new
    text (quotes and signature stripped); (None, "") when it says none, or nothing certain.

    `written`: the reply's day where its sender wrote it (a weekday, "by Friday", is the next
    one after it; a date without its year the next one after it, at most SOONEST_YEARLESS days
    on). `day_first`: how its sender writes "3/4" (`autoreply.day_first_in` their country);
    None when not known: a date that reads two ways is no date."""
    found: dict[date, str] = {}
    for sentence in _decision_sentences(text[:20_000]):
        if CONDITIONAL.search(sentence) or _NOT_A_PROMISE.search(sentence):
            continue
        words = [m for m in _DECISION_WORDS.finditer(sentence)]
        if not words:
            continue
        said: list[tuple[int, date | bool]] = []
        for cue in _BY.finditer(sentence):
            word = cue.group(0).lower()
            if word in ("on", "am") and not any(
                    0 <= cue.start() - w.end() <= 30 and not _NOT_YET.search(sentence[w.end():cue.start()])
                    for w in words):
                continue  # "on" only right after the decision is named: "we'll decide on Monday"
            value = _date_after_cue(sentence[cue.end():cue.end() + 60], written, day_first)
            if value is None:
                continue
            said.append((cue.start(), value))
        after = [v for at, v in said if at >= words[0].start()]
        values = after or [v for _, v in said]
        if any(v is False for v in values):
            return None, ""
        for value in values:
            if isinstance(value, date) and written < value <= written + timedelta(days=LATEST):
                found.setdefault(value, sentence[:200])
            elif isinstance(value, date):
                return None, ""  # a date in the past, or far off: not one to go by
    if len(found) != 1:
        return None, ""
    [(value, sentence)] = found.items()
    return value, sentence


# How a recorded reply's summary keeps the date it said (see inbound.summary): "...; decision
# said for 2026-12-10", read again by `stated_decision` (no column of its own: it is only offered).
DECISION_SAID = "decision said for"
_DECISION_MARK = re.compile(r"(?:^|; )" + DECISION_SAID + r" (\d{4}-\d{2}-\d{2})(?=;|$)")


def decision_marker(day: date) -> str:
    return f"{DECISION_SAID} {day.isoformat()}"


def stated_decision(summary: str) -> date | None:
    """The decision date a recorded reply's summary keeps (`decision_marker`), None when none."""
    found = _DECISION_MARK.search(summary or "")
    if found is None:
        return None
    try:
        return date.fromisoformat(found.group(1))
    except ValueError:
        return None


def without_decision(summary: str) -> str:
    """A recorded reply's summary without the decision date it keeps (said in words of its own)."""
    return _DECISION_MARK.sub("", summary or "")
