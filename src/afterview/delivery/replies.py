"""What a real reply says: quoted text and signatures stripped, then rejection, offer, next round.

Rejection outranks everything ("the process moved to the next step and your application was not
selected" is a rejection). Sentences in the conditional ("if you are selected we will contact
you") are not decisions. Weak signals ("congratulations" alone) go to needs_review: the user
confirms every status change anyway.
"""

from __future__ import annotations

import re

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
