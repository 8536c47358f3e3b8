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
from datetime import date, datetime, timedelta

from afterview.delivery.spelling import any_spelling, nfc, spellings
from afterview.domain.model import ASKS_NO_CONTACT, ReplyClass  # noqa: F401  (inbound writes it, as replies.ASKS_NO_CONTACT)

REPLY_LANGUAGES = ["en", "de", "fr", "es", "it", "nl", "sv"]


def _read(pattern: str, flags: int = 0) -> re.Pattern:
    """A pattern of the reader's that also reads its accented words written without their accents
    ("fuer eine andere Kandidatin", "pas ete retenue", "Rueckmeldung": `spelling.any_spelling`)."""
    return re.compile(any_spelling(pattern), flags)


# A rejection is a statement of one: not selected, other candidates chosen, not moving forward,
# decided not to, the position filled ... A word of regret alone ("Unfortunately Sam is traveling
# this week", "we regret the wait") is no decision (see WEAK_REJECTION).
REJECTION = _read(
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
    # "we will not be progressing your application" (British usage: no "further" needed)
    r"|(?:\bnot|n['’]t|\bunable to) (?:be )?(?:progressing|progress) (?:with )?(?:your (?:application|candidacy)|you)\b"
    # "The team has decided to close your candidacy", "your application has been closed"
    r"|(?:decided|decision|chosen) to (?:close|decline|reject|end|withdraw) (?:your|the) (?:candidacy|application)"
    r"|(?:your|the) (?:candidacy|application) (?:has been|was|is now|have been|will be) (?:closed|declined|rejected)"
    r"|(?:have|has) (?:now )?closed your (?:candidacy|application)"
    r"|(?:application|candidacy|you) (?:was|were|is|has been|have been) unsuccessful"
    r"|(?:application|candidacy|you) (?:was not|were not|wasn['’]t|weren['’]t|has not been|have not been"
    r"|hasn['’]t been|haven['’]t been) successful"
    r"|(?:move|moving|proceed|proceeding|go|going) forward with (?:other|another|a different) (?:candidate|applicant)"
    r"|decided to pursue other|position has (?:now )?been filled|role has (?:now )?been filled"
    r"|not (?:been )?selected|will not be (?:moving|proceeding) forward|won'?t be (?:moving|proceeding) forward"
    r"|not (?:be )?(?:moving|proceeding) forward with your|not to proceed with your|decided not to proceed"
    r"|other candidates whose|more closely match|closer match|absage"
    r"|nicht (?:weiter |mehr |länger )?berücksichtig(?:en|t)\b"
    # "Wir haben uns leider gegen Sie entschieden", "... gegen Ihre Bewerbung entschieden"
    r"|\bgegen (?:sie|dich|euch|ihre (?:bewerbung|kandidatur)|deine (?:bewerbung|kandidatur)"
    r"|eine (?:weitere |gemeinsame )?zusammenarbeit|eine einstellung)\b(?: \w+){0,3} entschieden"
    r"|entscheidung gegen (?:sie|dich|ihre bewerbung|deine bewerbung)\b"
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
    # "Helaas hebben we besloten om met een andere kandidaat verder te gaan."
    r"|met (?:een )?andere? (?:kandida\w*|sollicitant\w*|profiel\w*) (?:verder|door|in zee) (?:te )?gaan"
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
OFFER = _read(
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
NEXT_ROUND = _read(
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
WEAK_REJECTION = _read(
    r"unfortunately|\bregret|leider|malheureusement|lamentablemente|purtroppo|helaas|tyvärr", re.I)
WEAK_POSITIVE = _read(r"congratulations|great news|good news|glückwunsch|félicitations|felicidades", re.I)
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


def strip_reply(text: str) -> str:
    """The new text of a reply, without quoted history and signature."""
    if not text.strip():
        return ""
    text = nfc(text)
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


_QUOTE_HEAD = _read(
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
    text = nfc(text)
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
_COMMON_WORDS = frozenset(spelled for word in """
the a an and or to of in on at for with from by is are was be been will would can could we you your our
i me my it this that not no have has had do as so if but please thanks thank hi hello dear best regards
der die das und oder ich sie wir ihnen ihr nicht mit für von zu ist sind ein eine einen den dem auf es
sich auch wie bei vielen dank gruß grüße bitte hallo sehr
le la les de des du et je vous nous est pour pas que qui un une avec en dans sur au aux ce merci bonjour
el los las y que por con para es su sus tu te le nos una gracias hola saludos lo del al
il lo di che per non sono ci grazie ciao gli della del nel
het een van ik je jij u wij niet met voor op te dat bedankt groet zijn wordt
och att det som ett är jag vi du för med på inte till av tack hej hälsningar
""".split() for spelled in spellings(word))  # "für" and "fuer", "grüße" and "gruesse"


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
# "you'll hear from us by Friday", "Wir melden uns bis zum 10.12.", "within two weeks"): read from
# its own words (quotes and signature stripped), in English and German. Never a guess: a span with
# no count ("in the next few days", "early next week", "mid-December"), a quarter, a date that
# reads two ways ("by 3/4" from someone whose country is not known, "next Friday"), a weekday that
# does not match its date, a question, a request to the user, a sentence in the conditional or the
# negative, a date tied to another event ("wrap up interviews by Dec 4 and decide the week
# after"), or two different dates said ("by the 15th, but it may slip to the 18th"): nothing. A
# count from the day it was said ("within two weeks", "in 5-7 business days": the later end) is
# read from that day; "before Christmas" ("the holidays", "vor Weihnachten") as the last working
# day before 25 December where Christmas Day is a public holiday, on the sender's calendar; "the
# end of the year" as its last day. The date is only offered to the user, never recorded.

# What a decision or news to come is said in: the employer (or the reply's writer) the one to act
_DECISION_WORDS = _read(
    r"\b(?<!your )(?<!their )(?:final )?decisions?\b|\bdecide\b|\bdeciding\b|\bmake (?:a|our|the|my) (?:final )?call\b"
    r"|\bhear (?:back )?from (?:us|me|the team|our team)\b|\bhear back\b|\bget back to you\b|\bcome back to you\b"
    r"|\brevert (?:back )?to you\b|\bbe in touch\b|\bget in touch with you\b|\breach out to you\b|\bcontact you\b"
    r"|\b(?:let|inform|tell|update|notify) you\b|\bfollow up with you\b|\bsend you (?:an? |our |the |some )?"
    r"(?:update|answer|decision|feedback|news|outcome)\b|\b(?:have|share|give you|provide) (?:an? |some |more |the )?"
    r"(?:update|news|answer|outcome|feedback|next steps)\b|\byou(?:'ll| will| should| can expect to) "
    r"(?:receive|get|have|hear)\b|\b(?:an? )?(?:update|answer|response|outcome) (?:from us|to you)\b"
    r"|\bexpect (?:an? |our |the )?(?:answer|decision|update|response|news|outcome|feedback)\b"
    r"|\b(?:notify|inform|contact|update|tell|let) (?:all |the |our |each |every )?(?:candidates|applicants|finalists)\b"
    r"|\b(?:make|making|extend|extending) (?:an? |our |the |final |job )*offers?\b|\bcircle back\b|\btouch base\b"
    # German: "Wir melden uns", "eine Entscheidung", "Rückmeldung", "Bescheid", "auf Sie zukommen"
    r"|\bentscheidung\b|\bentscheiden\b|\bmelden? (?:uns|mich|wir|ich)\b|\b(?:wir|ich) melden\b|\bmeldet sich\b"
    r"|\brückmeldung\b|\bbescheid\b|\bauf sie zu(?:kommen)?\b|\bzurückkommen\b|\binformieren (?:sie|dich)\b"
    r"|\bin verbindung setzen\b|\bnächsten schritte\b|\bvon (?:uns|mir) hören\b|\bhören\b.{0,40}\bvon (?:uns|mir)\b",
    re.I,
)
# ... and in the user's own notes of what they said (a debrief's next steps: "they'll let me know by
# Friday", "their decision by 10 Dec", "I should hear back by Monday")
_NOTES_WORDS = re.compile(
    r"\btheir (?:final )?decisions?\b|\b(?:get|come|revert|write) back to (?:me|us)\b|\blet (?:me|us) know\b"
    r"|\b(?:tell|inform|update|notify|contact|email|e-mail|call|ping) (?:me|us)\b|\breach out to (?:me|us)\b"
    r"|\bget in touch with (?:me|us)\b|\bhear (?:back )?from (?:them|her|him|the team|the recruiter)\b"
    r"|\b(?:i|we)(?:'ll| will| should| shall| would)? (?:hear|get|receive|have) (?:an? |the |their )?"
    r"(?:back|answer|decision|update|response|news|outcome|feedback)\b|\bmelden sich\b|\bmeldet sich\b",
    re.I,
)
# ... what is no promise of theirs: a question, a request to the user ("please send your feedback
# by Friday", "let us know by Friday"), the past ("we decided on 5 May"), a negation ("we will not
# be able to decide by Friday")
_REQUEST = (r"\?\s*$|\b(?:please|kindly|could you|can you|would you|bitte)\b(?! (?:note|be aware|bear in mind|beachten))"
            r"|\bgeben sie uns\b|\bteilen sie uns\b")
_NOT_A_PROMISE = _read(
    _REQUEST + r"|\blet (?:us|me) know\b|\byour (?:feedback|decision|answer|response|availability)\b"
    r"|\bihre (?:entscheidung|rückmeldung|antwort)\b"
    r"|\b(?:was|were|has been|have been|had been) (?:made|taken|reached)\b|\b(?:made|took|reached) (?:a|the|our) decision\b"
    r"|\bdecided\b|\bwurde\b.*\bgetroffen\b"
    r"|\bnot\b|n['’]t\b|\bunable\b|\bno longer\b|\bnicht\b|\bkeine?\b",
    re.I,
)
_NOTES_NOT_A_PROMISE = re.compile(  # in your own notes "they'll let me know" is their promise
    _REQUEST + r"|\b(?:was|were|has been|have been|had been) (?:made|taken|reached)\b"
    r"|\b(?:made|took|reached) (?:a|the|their) decision\b|\bdecided\b"
    r"|\bnot\b|n['’]t\b|\bunable\b|\bno longer\b|\bnicht\b|\bkeine?\b",
    re.I,
)
# Where the date follows: "by", "before", "no later than", "targeting", "on" and "(on or) around"
# (those two only where a decision is to come: "you'll hear from us on Monday"); "bis (zum)",
# "spätestens (am)", "am"; "or", "possibly" and "may slip to" name another date ("by Friday or
# Monday", "by the 15th, possibly the 18th").
_BY = _read(
    r"\b(?:by|before|ahead of|prior to|no later than|not later than|on or before|on or around|on or about|around|on"
    r"|targeting|target(?:ing)? date (?:is|of)|aiming for|aim for|(?:planned|scheduled|slated|expected) for"
    r"|(?:or|possibly|perhaps|maybe|if not|oder|eventuell|vielleicht)(?: (?:by|before|on|maybe|possibly|perhaps|even"
    r"|bis|am))?"
    r"|(?:slip|slips|slide|slides|be pushed|push|pushed|move|moved|be moved|be delayed|delayed|be postponed|postponed"
    r"|extend|extended|be extended|go|run)(?: back| out)? (?:to|until|till|into))\b"
    r"|\bbis(?: spätestens)?(?: zum| zur| am)?\b|\bspätestens(?: am| bis(?: zum)?| zum)?\b|\bam\b"
    # "vor" only before the days off at the year's end ("vor Weihnachten"): "vor zwei Wochen" is two weeks ago
    r"|\b(?:noch )?vor(?= (?:weihnachten|den (?:weihnachts)?feiertagen|dem jahresende|jahresende|ende des jahres)\b)",
    re.I,
)
_NEAR_ONLY = ("on", "am", "around", "on or around", "on or about")  # cues read only right after the decision words
_FILLER = re.compile(
    r"(?:\s|,)*(?:(?:the|this|this coming|coming|end of day|eod|cob|close of business|end of business|eob|on|"
    r"around|about|approximately|approx\.|roughly|den|dem|der|diesen|diesem|kommenden|kommendem|zum|am)\b[\s,]*)*",
    re.I,
)
WEEKDAYS = {
    0: ("monday", "montag"), 1: ("tuesday", "dienstag"), 2: ("wednesday", "mittwoch"), 3: ("thursday", "donnerstag"),
    4: ("friday", "freitag"), 5: ("saturday", "samstag", "sonnabend"), 6: ("sunday", "sonntag"),
}
_WEEKDAY_NAMES = (r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|montag|dienstag|mittwoch"
                  r"|donnerstag|freitag|samstag|sonnabend|sonntag|mon|tues?|wed|thu(?:rs?)?|fri|mo|di|mi|do|fr)")
_WEEKDAY = re.compile(r"(" + _WEEKDAY_NAMES + r")\b\.?", re.I)
_NEXT_WEEKDAY = _read(r"(?:next|nächsten|nächster|nächstem)\s+" + _WEEKDAY_NAMES + r"\b", re.I)
_NEXT_WEEK = _read(r"^[\s,]*(?:(?:of|in) )?(?:next week|the following week|(?:in )?(?:der )?(?:nächsten|kommenden) woche"
                   r"|nächste[r]? woche|kommende[r]? woche)\b", re.I)
_WEEK_END = _read(r"^[\s,]*(?:the )?end of (?:the|this) week\b|^[\s,]*(?:zum )?ende (?:der|dieser) woche\b", re.I)
_NEXT_WEEK_END = _read(r"^[\s,]*(?:the )?end of (?:next|the following) week\b"
                       r"|^[\s,]*(?:zum )?ende (?:der )?(?:nächsten|kommenden) woche\b"
                       r"|^[\s,]*(?:zum )?ende (?:nächster|kommender) woche\b", re.I)
_MONTH_END = _read(r"^[\s,]*(?:the )?end of (?:the|this) month\b|^[\s,]*(?:zum )?(?:ende (?:des|dieses) monats"
                   r"|monatsende)\b", re.I)
_NEXT_MONTH_END = _read(r"^[\s,]*(?:the )?end of (?:next|the following) month\b"
                        r"|^[\s,]*(?:zum )?ende (?:des )?(?:nächsten|kommenden) monats\b", re.I)
# The year's end: "the end of the year" (its last day, as "the end of the month" is), "year-end",
# "the end of 2026", "Jahresende", "Ende des Jahres"
_YEAR_END = _read(r"^[\s,]*(?:the )?(?:end of (?:the |this )?(?:year|(\d{4}))|year[\s-]?end|year['’]s end)\b"
                  r"|^[\s,]*(?:zum |dem )?(?:ende (?:des|dieses) jahres|jahresende|ende (\d{4}))\b", re.I)
# Christmas named ("before Christmas", "by the Christmas break", "vor Weihnachten"), and the days
# off of the year's end unnamed ("before the holidays", "the holiday season", "vor den
# Feiertagen"): read as the last working day before 25 December (`_before_christmas`)
_CHRISTMAS = _read(r"^[\s,]*(?:the |den |dem )?(?:christmas|xmas|x-mas|weihnachten|festive (?:season|break|period))"
                   r"(?: (?:break|holidays?|period|shutdown|season|vacation|time))?\b"
                   r"|^[\s,]*(?:den |der )?weihnachts(?:feiertagen?|ferien|pause|zeit)\b", re.I)
_THE_HOLIDAYS = _read(r"^[\s,]*(?:the |den )?(?:(?:winter|year[\s-]?end|end[\s-]of[\s-]year) (?:holidays|break|shutdown)"
                      r"|holidays|holiday (?:season|break|period)|feiertagen?|jahresendpause)\b", re.I)
_TOMORROW = _read(r"^[\s,]*(?:tomorrow|morgen)\b(?!\s*(?:früh|morning))", re.I)
_ORDINAL = re.compile(r"^[\s,]*(?:the )?(\d{1,2})(?:st|nd|rd|th)\b(?!\s*(?:of\s+)?[A-Za-zÀ-ÿ]{3})", re.I)
_NOT_YET = re.compile(r"\b(?:after|following|once|nach|nachdem)\b", re.I)  # "decide after our panel on Friday"
# A decision's own day named right after its words, with no "by": "we'll get back to you tomorrow"
_BARE = _read(r"[\s,]*(?:(?:this|this coming|coming|next|nächsten|diesen|kommenden|am)\s+)?"
              r"(?:tomorrow|morgen|" + _WEEKDAY_NAMES + r")\b", re.I)
# Another event a date before the decision's words may be tied to ("we wrap up interviews by Dec 4
# and decide the week after"), and a decision that has a time of its own, not read ("... decide
# the week after", "... entscheiden danach"): the date before is not the decision's
_OTHER_EVENT = _read(
    r"\b(?:interview\w*|panel|board|meet|meets|meeting|round|wrap\w*|finish\w*|complet\w*|conclud\w*|close[sd]?"
    r"|closing|screen\w*|references?|background|assessment|on-?site|deadline|applications?|gespräch\w*|bewerbung\w*)\b",
    re.I)
_OWN_TIME = _read(r"\b(?:(?:the |in the )?(?:week|day|month) after|the following (?:week|day|month)|after that"
                  r"|afterwards?|thereafter|then|later|(?:shortly|soon) after|next (?:week|month)|danach"
                  r"|anschließend|darauf)\b", re.I)
# A sentence of its own that moves the decision's date ("It may slip to the 18th."), not another
# thing's ("The start date may slip to January 4.")
_MOVED = re.compile(r"^(?:but |and |though |although |however,? )?(?:it|this|that|which|things|timing|the timing"
                    r"|the timeline|the date|that date|the decision|our decision)\b", re.I)
_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fourteen": 14, "ein": 1, "eine": 1, "einer": 1, "einem": 1,
    "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8, "neun": 9, "zehn": 10,
    "elf": 11, "zwölf": 12, "vierzehn": 14,
}
_NUMBER_WORDS = {spelled: n for word, n in _NUMBER_WORDS.items() for spelled in spellings(word)}  # "fuenf"
_NUMBER = r"(\d{1,3}|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")"
# A count from the day it was said: "within two weeks", "in about three weeks", "in 5-7 business
# days" (the later end), "in etwa zwei Wochen", "innerhalb von 10 Werktagen"; not one counted from
# another event ("within two weeks of the final interview"), nor hours ("within 48 hours" is
# working hours for some: a weekend in between makes it a day or two later)
_SPAN = _read(
    r"\b(?:within|in|inside(?: of)?|innerhalb(?: von| der)?|binnen)\s+"
    r"(?:(?:the|den|der)\s+(?:next|coming|nächsten|kommenden)\s+|(?:next|nächsten)\s+)?"
    r"(?:(?:about|around|approximately|approx\.|roughly|some|another|etwa|ca\.|circa|ungefähr|rund)\s+)?"
    + _NUMBER + r"(?:\s*(?:-|–|to|or|bis|oder)\s*" + _NUMBER + r")?\s+"
    r"((?:business|working|work)[\s-]+days?|days?|weeks?|(?:werk|arbeits)tag(?:e|en)?|tag(?:e|en)?|wochen?)\b"
    r"(?!\s+(?:of|after|from|following|nach|ab)\b)",
    re.I,
)
SOONEST_YEARLESS = 92  # days: a date without its year further ahead is no decision date said in a reply
LATEST = 365  # days, with its year


_WEEKDAY_WORDS = {name: number for number, names in WEEKDAYS.items() for name in names}
_WEEKDAY_WORDS.update({"mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3, "fri": 4,
                       "mo": 0, "di": 1, "mi": 2, "do": 3, "fr": 4})


def _after(day: date, weekday: int) -> date:
    """The first such weekday after `day` (a week on when it is that weekday)."""
    return day + timedelta(days=(weekday - day.weekday() - 1) % 7 + 1)


def _month_end(day: date, months: int = 0) -> date:
    """The last day of the month `months` after the one of `day`."""
    year, month = day.year + (day.month - 1 + months + 1) // 12, (day.month - 1 + months + 1) % 12 + 1
    return date(year, month, 1) - timedelta(days=1)


def _span_day(span: re.Match, written: date, country: str = "") -> date | None:
    """The day a count said on `written` ends on (`_SPAN`: the later end of a range); business
    days are counted by the calendar of `country` (its weekend and public holidays: Sunday to
    Thursday in Israel), Monday to Friday when it is "" or has no calendar."""
    count = max(_count(span.group(1)), _count(span.group(2)) if span.group(2) else 0)
    unit = span.group(3).casefold()
    if unit.startswith(("business", "working", "work", "werk", "arbeits")):
        from afterview.domain.days import calendar

        return calendar((country or "").strip().upper()).add(written, count) if count > 0 else written
    if unit.startswith(("week", "woche")):
        return written + timedelta(days=7 * count)
    return written + timedelta(days=count)


def later_end(text: str) -> str:
    """The range a decision date was read from by its later end, as the text says it ("two to
    three weeks", "5-7 business days": `_SPAN`), for the line that says the date to say so; ""
    when the text's count is one number ("within two weeks"), or none. `text`: the sentence
    that says it, or a recorded reply's summary (which keeps that sentence)."""
    for sentence in _decision_sentences(nfc(without_decision(text or ""))[:20_000]):
        if not _DECISION_WORDS.search(sentence):
            continue
        for span in _SPAN.finditer(sentence):
            if span.group(2) and _count(span.group(1)) != _count(span.group(2)):
                return " ".join(sentence[span.start(1):span.end(3)].split())
    return ""


def _count(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBER_WORDS[word.casefold()]


def _relative_day(rest: str, written: date, country: str = "") -> tuple[date | bool | None, int]:
    """(The day the relative words `rest` begins with name, where they end): "tomorrow",
    "Friday" (the next one after `written`), "Friday next week", "the end of (next) week", "the
    end of the month", "the end of the year" (its last day), "Christmas" and "the holidays" (the
    last working day before 25 December on `country`'s calendar: `_before_christmas`), "the
    15th" (the next 15th). (False, end) when they read two ways ("next Friday"; on a Sunday, "the
    end of next week", which begins that day for some and the next day for others); (None, end)
    when they name no day to go by (Christmas where it is no public holiday); (None, 0) when they
    name none."""
    sunday = written.weekday() == 6
    found = _NEXT_WEEKDAY.match(rest)
    if found:
        return False, found.end()  # "by next Friday": this coming one, or the one a week later?
    for pattern, day in ((_NEXT_WEEK_END, None if sunday else _after(written - timedelta(days=written.weekday() - 6), 4)),
                         (_WEEK_END, written + timedelta(days=4 - written.weekday())),
                         (_NEXT_MONTH_END, _month_end(written, 1)), (_MONTH_END, _month_end(written)),
                         (_TOMORROW, written + timedelta(days=1))):
        found = pattern.match(rest)
        if found:
            if day is None:
                return False, found.end()
            return (day if day > written else None), found.end()
    found = _CHRISTMAS.match(rest) or _THE_HOLIDAYS.match(rest)
    if found:
        return _before_christmas(written, country, named=found.re is _CHRISTMAS)[0], found.end()
    found = _YEAR_END.match(rest)
    if found:
        day = date(int(found.group(1) or found.group(2) or written.year), 12, 31)
        return (day if day > written else None), found.end()
    found = _ORDINAL.match(rest)
    if found:  # "by the 15th": the next 15th
        number = int(found.group(1))
        for months in range(0, 3):
            year, month = written.year + (written.month - 1 + months) // 12, (written.month - 1 + months) % 12 + 1
            try:
                candidate = date(year, month, number)
            except ValueError:
                continue
            if candidate > written:
                return candidate, found.end()
        return None, found.end()
    found = _WEEKDAY.match(rest)
    if found:
        weekday = _WEEKDAY_WORDS[found.group(1).lower()]
        next_week = _NEXT_WEEK.match(rest[found.end():])
        if next_week:  # "Friday next week": in the next calendar week (on a Sunday: which one?)
            monday = written - timedelta(days=written.weekday()) + timedelta(days=7)
            day = monday + timedelta(days=weekday)
            if sunday and day != written + timedelta(days=7 + (weekday + 1) % 7):
                return False, found.end() + next_week.end()  # the week from tomorrow, or from next Sunday
            return day, found.end() + next_week.end()
        return _after(written, weekday), found.end()
    return None, 0


def _before_christmas(written: date, country: str, *, named: bool = True) -> tuple[date | None, str]:
    """(The last working day before 25 December of `written`'s year on `country`'s calendar, "")
    for "before Christmas": only where Christmas Day is a public holiday (not in Japan or Israel,
    nor with no country known). Unnamed ("before the holidays": `named` False) only when no
    other public holiday of theirs comes first (in the United States in early November,
    Thanksgiving may be the one meant) and Christmas is at most SOONEST_YEARLESS days on. (None,
    why and what to give instead) when they name no day to go by."""
    from afterview.domain.days import calendar

    code = (country or "").strip().upper()
    days = calendar(code)
    christmas = date(written.year, 12, 25)
    if not code:
        return None, ("their country is not known, so neither is whether Christmas is a day off there: give the "
                      "day they named, or record their country")
    if not days.holiday_name(christmas):
        said = "" if named else "'the holidays' are read as Christmas, and "
        return None, f"{said}Christmas Day is no public holiday in {code}: give the day they named"
    day = christmas - timedelta(days=1)
    while day > written and not days.is_business_day(day):
        day -= timedelta(days=1)
    if day <= written:
        return None, "the last working day before Christmas is past: give the day they named"
    if not named:
        first = next((written + timedelta(days=n) for n in range(1, (day - written).days)
                      if days.holiday_name(written + timedelta(days=n))), None)
        if first is not None:
            return None, (f"'the holidays' may be {days.holiday_name(first)} ({first:%a} {first.day} {first:%b}) "
                          "as well as Christmas: give the day they named")
        if (christmas - written).days > SOONEST_YEARLESS:
            return None, "'the holidays' may be other days off than Christmas, months away: give the day they named"
    return day, ""


_NEXT_WEEK_WORD = _read(r"^(?:next|nächste[nrm]?)\s+(?=week|woche)", re.I)  # "nächste Woche": "next week"
# After "or", "possibly" ...: a later time with no day ("by Friday or early next week")
_VAGUE_LATER = _read(r"[\s,]*(?:(?:by|before|on)\s+)?(?:early|mid|late|next|the following|later|the week|the end|end"
                     r"|anfang|mitte|ende|nächste\w*|später)\b", re.I)


def _date_after_cue(window: str, written: date, day_first: bool | None, country: str = "") -> date | None | bool:
    """The one day `window` (the words after "by", "bis" ...) begins with; None when it names
    none, False when it names one ambiguously (a weekday that is not its date's, "by 3/4" where
    either is possible, "next Friday", which is this week's for some and next week's for others).
    `country`: whose calendar "Christmas" is read on (`_before_christmas`)."""
    from afterview.delivery.autoreply import date_at

    rest = window[_FILLER.match(window).end():]
    rest = _NEXT_WEEK_WORD.sub("next ", rest)
    named = _WEEKDAY.match(rest)
    if named is not None and not _NEXT_WEEKDAY.match(rest):
        explicit = date_at(re.sub(r"^[\s,]*(?:the\s+|den\s+)?", "", rest[named.end():], flags=re.I), written,
                           day_first=day_first, soonest=SOONEST_YEARLESS)
        if explicit is False:
            return False
        if explicit is not None:  # "Thursday, 10 December": the date, if it is a Thursday
            return explicit if explicit.weekday() == _WEEKDAY_WORDS[named.group(1).lower()] else False
    value, end = _relative_day(rest, written, country)
    if value is not None or end:
        return value
    return date_at(re.sub(r"^(?:the|den)\s+", "", rest, flags=re.I), written, day_first=day_first,
                   soonest=SOONEST_YEARLESS)


_SPLIT = re.compile(
    r"(?<=[.!?;:])(?<!\b\d\.)(?<!\b\d\d\.)(?<!\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Dez|Okt|Mär)\.)"
    r"(?<!\bMaer\.)(?<!\bSept\.)(?<!\b(?:Mon|Tue|Wed|Thu|Fri)\.)(?<!\b(?:Mo|Di|Mi|Do|Fr|Sa|So)\.)(?<!\bca\.)(?<!\bapprox\.)\s+")


def _decision_sentences(text: str) -> list[str]:
    """The sentences of a text as a decision date is read from them: not cut after a day's dot
    ("bis zum 10. Dezember") or a month's abbreviation ("by Dec. 10")."""
    found = []
    for paragraph in re.split(r"\n\s*\n", text):
        flat = " ".join(paragraph.split())
        found += [s for s in _SPLIT.split(flat) if s]
    return found


def _said_in(sentence: str, words: list[re.Match], written: date,
             day_first: bool | None, country: str = "") -> list[tuple[int, date | bool]]:
    """(Where, what) each day `sentence` names after a cue ("by", "bis" ..., a count from the day
    it was said), and right after the decision's words ("we'll get back to you tomorrow")."""
    said: list[tuple[int, date | bool]] = []
    for cue in _BY.finditer(sentence):
        word = " ".join(cue.group(0).lower().split())
        if word in _NEAR_ONLY and not any(
                0 <= cue.start() - w.end() <= 30 and not _NOT_YET.search(sentence[w.end():cue.start()])
                for w in words):
            continue  # "on" only right after the decision is named: "we'll decide on Monday"
        window = sentence[cue.end():cue.end() + 60]
        value = _date_after_cue(window, written, day_first, country)
        vague = word.split()[0] in ("or", "possibly", "perhaps", "maybe", "oder") and _VAGUE_LATER.match(window)
        if value is None and vague:
            value = False  # "by Friday or early next week": which one?
        if value is not None:
            said.append((cue.start(), value))
    for span in _SPAN.finditer(sentence):
        said.append((span.start(), _span_day(span, written, country) or False))
    for w in words:
        bare = _BARE.match(sentence, w.end())
        if bare and not any(at >= w.end() and at <= bare.end() for at, _ in said):
            value = _date_after_cue(sentence[w.end():w.end() + 60], written, day_first, country)
            if value is not None:
                said.append((w.end(), value))
    return said


def decision_date(text: str, written: date, *, day_first: bool | None = None,
                  notes: bool = False, country: str = "") -> tuple[date | None, str]:
    """(The day a reply says they will decide or tell by, the sentence that says it) from its new
    text (quotes and signature stripped); (None, "") when it says none, or nothing certain.

    `written`: the reply's day where its sender wrote it (a weekday, "by Friday", is the next
    one after it; a date without its year the next one after it, at most SOONEST_YEARLESS days
    on; "within two weeks" two weeks after it). `day_first`: how its sender writes "3/4"
    (`autoreply.day_first_in` their country); None when not known: a date that reads two ways is
    no date. `notes`: the text is the user's own notes of what they said (a debrief's next
    steps: "they'll decide by 10 Dec and let me know"). `country`: the sender's (else yours),
    whose weekend and public holidays "within 5 business days" skips and on whose calendar
    "before Christmas" is read; "" counts Monday to Friday and reads no Christmas."""
    text = nfc(text)
    found: dict[date, str] = {}
    later = False  # a sentence with no decision's words that moves one ("it may slip to the 18th")
    for sentence in _decision_sentences(text[:20_000]):
        if CONDITIONAL.search(sentence) or (_NOTES_NOT_A_PROMISE if notes else _NOT_A_PROMISE).search(sentence):
            continue
        words = [*_DECISION_WORDS.finditer(sentence), *(_NOTES_WORDS.finditer(sentence) if notes else ())]
        words.sort(key=lambda w: w.start())
        said = _said_in(sentence, words, written, day_first, country) if words else []
        if not words:
            later = later or bool(_MOVED.match(sentence)) and any(
                c.group(0).lower().split()[-1] in ("to", "until", "till", "into")
                and _date_after_cue(sentence[c.end():c.end() + 60], written, day_first, country)
                for c in _BY.finditer(sentence))
            continue
        after = [v for at, v in said if at >= words[0].start()]
        before = [v for at, v in said if at < words[0].start()]
        if not after and before and (_OTHER_EVENT.search(sentence[:words[0].start()])
                                     or _OWN_TIME.search(sentence[words[0].end():])):
            continue  # the date is another event's; the decision comes after it
        values = after or before
        if any(v is False for v in values):
            return None, ""
        for value in values:
            if isinstance(value, date) and written < value <= written + timedelta(days=LATEST):
                found.setdefault(value, sentence[:200])
            elif isinstance(value, date):
                return None, ""  # a date in the past, or far off: not one to go by
    if len(found) != 1 or later:
        return None, ""
    [(value, sentence)] = found.items()
    return value, sentence


# A month or a day named, as timing: its name or abbreviation, not a word that begins like one
# ("decision" is no "Dec", "junior" no "Jun"); "may" next to a number or after "in" ("in May",
# "May 5"), not "we may"; the two-letter German days ("Do", "Fr") with a date after them, not "we
# do hope"
_TIMING_MONTHS = (r"(?:jan(?:uary|uar)?|jänner|feb(?:ruary|ruar)?|mar(?:ch)?|märz?|apr(?:il)?|may(?=\s+\d)"
                  r"|(?<=\d )may|(?<=\bin )may|mai|june?|juni|july?|juli|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?"
                  r"|okt(?:ober)?|nov(?:ember)?|dec(?:ember)?|dez(?:ember)?)")
_TIMING_DAYS = (r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|montag|dienstag|mittwoch|donnerstag"
                r"|freitag|samstag|sonnabend|sonntag|mon|tues?|wed|thu(?:rs?)?|fri"
                r"|(?:mo|di|mi|do|fr)(?=\.?,?\s*\d))")
# Timing spoken of, whether or not a date could be read from it: a count, a span, a day, a month
_TIMING = _read(
    r"\b(?:by|before|within|until|till|no later than|in (?:a|an|\d+|the next|the coming|a few|a couple|about|around"
    r"|" + "|".join(w for w in _NUMBER_WORDS if len(w) > 2) + r")|next|this week|soon|shortly|early|mid|late|end of"
    r"|after|following|tomorrow|today|weeks?|days?|months?|hours?|the new year|holidays?|christmas|q[1-4]|quarter"
    r"|" + _TIMING_DAYS + r"|" + _TIMING_MONTHS + r"|\d{1,2}(?:st|nd|rd|th)|bis|innerhalb|binnen|nächste\w*"
    r"|kommende\w*|wochen?"
    r"|tage?n?|monat\w*|ende|anfang|mitte|bald|morgen)\b|\b\d{1,2}[./]\d{1,2}\b",
    re.I,
)


def timing_said(text: str, *, notes: bool = False) -> str:
    """The sentence of a text that speaks of when they will decide or tell ("we'll get back to
    you within two weeks", "a decision before Christmas"), whether or not a date can be read from
    it (`decision_date`); "" when none does. A question or a request to the user ("let us know by
    Friday") is not theirs to keep. `notes`: as for `decision_date`. A sentence longer than
    TIMING_ROOM characters is given by its part that says it (a summary keeps no more of it)."""
    text = nfc(text)
    requests = re.compile(_REQUEST + ("" if notes else r"|\blet (?:us|me) know\b"), re.I)
    for sentence in _decision_sentences(text[:20_000]):
        if requests.search(sentence):
            continue
        words = _DECISION_WORDS.search(sentence) or (_NOTES_WORDS.search(sentence) if notes else None)
        if words:
            timing = min(_TIMING.finditer(sentence), key=lambda t: abs(t.start() - words.start()), default=None)
            if timing is not None:
                return _part_saying(sentence, min(words.start(), timing.start()), max(words.end(), timing.end()))
    return ""


TIMING_ROOM = 160  # characters of a sentence that speaks of timing: what a reply's summary keeps of it


def _part_saying(sentence: str, start: int, end: int) -> str:
    """`sentence`, or when longer than TIMING_ROOM, that much of it from a word's start: from its
    characters `start` to `end` (its decision's and timing's words) on, and the words before them
    that the room leaves."""
    if len(sentence) <= TIMING_ROOM:
        return sentence
    begin = min(start, len(sentence) - TIMING_ROOM)
    if begin > 0 and not sentence[begin - 1].isspace() and begin < start:
        begin = sentence.find(" ", begin, start) + 1 or start  # from the start of a word
    return sentence[begin:begin + TIMING_ROOM].strip()


# Words typed for a decision date (`typed_decision_date`) that name no one day
_SPAN_WORDS = _read(
    r"^(?:(?:early|mid|late|middle of|the middle of|sometime|some time)[\s-]+)?"
    r"(?:(?:next|this|the following|the coming|coming|the)\s+)?(?:week|month|year|weekend|quarter)$"
    r"|^(?:(?:early|mid|late|middle of|the middle of|end of|the end of)[\s-]+)(?!year\b)[A-Za-zÄÖÜäöü]+\.?$"
    r"|^(?:(?:in|within)\s+)?(?:the\s+next\s+|a\s+)?(?:few|couple(?:\s+of)?)\s+(?:days|weeks|months)$"
    r"|^(?:soon|shortly|asap|in the new year|after the holidays|q[1-4]|(?:next|nächste\w*) woche|nächsten monat)$",
    re.I,
)
_TYPED_CUE = _read(r"^(?:by|before|ahead of|prior to|no later than|on or before|on|bis(?: spätestens)?(?: zum| am)?"
                        r"|spätestens(?: am)?|(?:noch )?vor)\s+", re.I)


def spoken_day(text: str, today: date, country: str = "", *, meant: str = "they meant") -> tuple[date | None, str]:
    """The one day words typed for a decision date name, read as a reply's words are after "by"
    ("Friday", "by Tuesday", "tomorrow", "the 15th", "end of next week", "Friday next week",
    "within two weeks", "in 5 business days", "before Christmas", "the end of the year"), from
    `today`: (day, ""). (None, why and what to type instead) when they name no one day: a span
    ("next week", "mid-January"), words that read two ways ("next Friday"; on a Sunday "end of
    next week", as weeks begin on Sunday for some, on Monday for others), Christmas where it is
    no public holiday. (None, "") when they are none of these words (a date for the date parser:
    "2026-12-10", "10 Dec"). Business days and Christmas are read on `country`'s calendar (the
    employer's: `decision_date`). `meant`: whose meaning words that read two ways ask for ("give the date
    they meant"; the desk's Snooze box, of your own words: "you mean")."""
    words = " ".join(text.split()).rstrip(".")
    cue = _TYPED_CUE.match(words)
    words = words[cue.end():] if cue else words
    if _SPAN_WORDS.match(words):
        example = today + timedelta(days=10)
        return None, (f"a span of days, not one day: give the day they named (e.g. {example.isoformat()} "
                      f"or '{example.day} {example:%b}')")
    if _NEXT_WEEKDAY.match(words):
        first = _after(today, _WEEKDAY_WORDS[words.split()[1].lower()])
        return None, _two_ways(first, first + timedelta(days=7), meant)
    value, end = _relative_day(words, today, country)
    if value is False and end == len(words):  # on a Sunday: the week from tomorrow, or from next Sunday?
        weekday = 4 if _NEXT_WEEK_END.match(words) else _WEEKDAY_WORDS[_WEEKDAY.match(words).group(1).lower()]
        return None, "said on a Sunday, " + _two_ways(today + timedelta(days=1 + weekday),
                                                      today + timedelta(days=7 + (weekday + 1) % 7), meant)
    if end and end == len(words):
        holidays = _CHRISTMAS.match(words) or _THE_HOLIDAYS.match(words)
        if holidays and not value:  # why Christmas gives no day here
            return None, _before_christmas(today, country, named=holidays.re is _CHRISTMAS)[1]
        return (value, "") if value else (None, "it names no day after today: give the day they named")
    span = _SPAN.fullmatch(words)
    if span:
        return _span_day(span, today, country), ""
    return None, ""


def _two_ways(one: date, other: date, meant: str = "they meant") -> str:
    return (f"it reads two ways, {one:%a} {one.day} {one:%b} or {other:%a} {other.day} {other:%b}: "
            f"give the date {meant} ({one.isoformat()} or {other.isoformat()})")


def typed_decision_date(typed: str, now: datetime, tz: str, country: str = "") -> date:
    """A decision date typed (`afterview debrief --decision-date`; `replies add --decision-date`
    from the reply's day), from `now` in `tz`: words a reply is read by after "by" (`spoken_day`:
    "Friday", "by Tuesday", "the 15th", "end of next week", "within two weeks", "before
    Christmas"), else any date typed ("2026-12-10", "10 Dec", "in 10 days": `values.parse_date`).
    Refused in one line (InvalidInput): a span ("next week"), words that read two ways ("next
    Friday"), Christmas where it is no public holiday, a date more than LATEST days ahead (a
    typing mistake, as a reply's date past it is no date to go by). `country`: the employer's,
    whose calendar "in 5 business days" and "before Christmas" are read on (the person who gave
    the date, else the planner's fallback: `services.delivery.employer_country`); "" counts
    Monday to Friday and reads no Christmas."""
    from afterview.domain.values import parse_date, zone
    from afterview.errors import InvalidInput

    words = " ".join(typed.split())
    today = now.astimezone(zone(tz)).date()
    day, why = spoken_day(words, today, country)
    if why:
        raise InvalidInput(f"decision date {words!r}: {why}")
    if day is None:  # ("next friday", parse_date's example for other dates, is refused here)
        day = parse_date(typed, now=now, tz=tz, examples="try 2026-12-03, '3 Dec 2026', '3 Dec' or 'Friday'")
    if day > today + timedelta(days=LATEST):
        raise InvalidInput(f"decision date {words!r} is {day:%a} {day.day} {day:%b %Y}, more than a year ahead: "
                           "check the year they gave")
    return day


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
