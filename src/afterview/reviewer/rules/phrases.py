"""Rules found by wording: desperate, pushy, passive-aggressive, asks-decision,
argues-rejection, apology, hedging, cliche, slang, salary."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from afterview.reviewer import pay
from afterview.reviewer.engine import Input, register
from afterview.reviewer.model import KINDS


@dataclass(frozen=True)
class Phrase:
    code: str
    regex: str  # matched against lowercased text: much faster than IGNORECASE (compiled: `lower`)
    message: str
    suggestion: str | None = None
    kinds: frozenset[str] | None = None  # only for these kinds (None: all)
    needs: tuple[str, ...] = ()  # the pattern cannot match unless one of these is in the text
    # A match is no finding when this matches the start of its clause up to the match (the
    # lowercased text since the last full stop or line break): "I will answer them right away"
    # is the candidate's promise, "please answer right away" is pressure.
    unless_regex: str | None = None  # (compiled: `unless`)
    # matched against the text as written, where case tells words apart: "u" for "you" is
    # written in lower case, the "U" of "U.S." or "U of T" is not; "Hey Priya," greets, "the
    # Hey app" names a product
    cased: bool = False
    # the pattern cannot match unless one of these is a word of the (lowercased) text: exact,
    # where `needs` would find "u" in any text
    words: frozenset[str] = frozenset()
    # what each matched word stands for, for a suggestion that names it ("Write 'definitely'.")
    spelled_out: tuple[tuple[str, str], ...] = ()
    flags: int = 0

    # Compiled when first matched, not when the rules are loaded: most texts hold none of most
    # phrases' words (`needs`, `words`), and the 75 patterns took a seventh of a second to
    # compile in every command that reviews a draft.
    @cached_property
    def lower(self) -> re.Pattern:
        return re.compile(self.regex, self.flags)

    @cached_property
    def unless(self) -> re.Pattern | None:
        return re.compile(self.unless_regex) if self.unless_regex else None

    def finditer(self, text: str, lowered: str, words_of=None):
        """Its matches in `text` (`lowered`: the text in lower case; `words_of`: a function giving
        the text's words, lowercased, for `words`)."""
        # Most notes contain none of a phrase's words: a substring test skips the regex.
        if PREFILTER and self.needs and not any(word in lowered for word in self.needs):
            return iter(())
        if PREFILTER and self.words and words_of is not None and self.words.isdisjoint(words_of()):
            return iter(())
        if self.cased:
            matches = self.lower.finditer(text)
        elif len(lowered) == len(text):
            matches = self.lower.finditer(lowered)
        else:  # lower() lengthened a few non-ASCII letters: match the original, case-insensitively
            matches = re.finditer(self.lower.pattern, text, self.lower.flags | re.IGNORECASE)
        if self.unless is None:
            return matches
        return (m for m in matches if not self.unless.search(_clause_before(text, m.start())))


def _clause_before(text: str, start: int) -> str:
    """The lowercased clause before `start`: from the last sentence stop or line break (at most
    200 characters back)."""
    before = text[max(0, start - 200):start]
    cut = max(before.rfind(c) for c in ".?!\n")
    return before[cut + 1:].lower()


# Arguing with a decision only happens after one: not in thank-you notes, status checks, news.
_AFTER_DECISION = {"rejection_reply", "feedback_request", "closing_the_loop", "keep_warm", None}
# Saying you accepted another offer is the point of a withdrawal, not leverage.
_NOT_WITHDRAWING = (set(KINDS) - {"withdrawal"}) | {None}
# Pay and benefits belong to the offer stage: not in a thank-you, a card, a LinkedIn note, a
# status follow-up, a rejection reply or a keep-in-touch note. A withdrawal may decline an offer
# (its terms are then fair to name); a text of no known kind may be a negotiation.
_PAY_KINDS = set(KINDS) - {"withdrawal"}
# How a finding names the message ("pay or benefits in a rejection reply").
KIND_NAMES = {
    "thank_you": "a thank-you", "card": "a thank-you card", "linkedin_note": "a LinkedIn note",
    "status_check": "a status follow-up", "closing_the_loop": "a status follow-up",
    "rejection_reply": "a rejection reply", "feedback_request": "a feedback request",
    "keep_warm": "a keep-in-touch note", "share_news": "a keep-in-touch note", "withdrawal": "a withdrawal",
}


PREFILTER = True  # tests turn it off to check that `needs` never hides a match


def _p(code: str, regex: str, message: str, suggestion: str | None = None, kinds=None,
       needs: tuple[str, ...] = (), unless: str | None = None, cased: bool = False,
       words: tuple[str, ...] = (), spelled_out: dict[str, str] | None = None) -> Phrase:
    # A pattern anchored with ^ matches whole lines (a mobile signature).
    if code == "argues-rejection":
        kinds = _AFTER_DECISION
    flags = re.MULTILINE if regex.startswith("^") else 0
    return Phrase(code, regex, message, suggestion,
                  frozenset(kinds) if kinds is not None else None, needs,
                  unless or None, cased, frozenset(words),
                  tuple((spelled_out or {}).items()), flags)


# The words of a text, for `Phrase.words`: letters and digits, with inner apostrophes ("y'all").
_WORDS = re.compile(r"\w+(?:['\u2019]\w+)*")


# -- slang: text speak, casual words, over-familiar greetings, nicknames and sign-offs ---------
# Text speak, reported wherever it stands (the spelling rule leaves these words to this one).
TEXT_SPEAK = ("lol", "lmao", "rofl", "omg", "tbh", "btw", "imo", "imho", "idk", "ttyl", "brb", "smh",
              "fwiw", "thx", "thanx", "tnx", "thnx", "thnks", "thks", "tysm", "pls", "plz", "rn", "hmu",
              "ikr", "xoxo", "xo", "luv", "cuz", "coz", "dunno", "lemme", "gimme", "gotcha", "wassup",
              "yall", "cya", "l8r", "gr8", "m8", "ngl", "tbf", "afaik", "iirc", "nvm", "sry", "ppl", "tmrw",
              "srsly", "deffo", "defo", "prolly", "obvi")
CASUAL = ("gonna", "wanna", "gotta", "kinda", "sorta", "ya", "yeah", "yep", "yup", "nope", "nah", "dude",
          "bro", "stoked", "awesomesauce")
# Short words that are text speak only in lower case: "u" (you), "ur" (your), "ty" (thank you),
# "tho" (though), "def" (definitely); "U.S.", "U of T", "Ty Burrell", "Tho Nguyen" and "DEF" are not.
LOWER_ONLY = ("u", "ur", "ty", "tho", "def")
NICKNAMES = ("fam", "hun", "babe", "bud")
# What each is written out as, for a suggestion that names it ("Write 'thanks'."); "" for those
# that have no words worth writing out in a follow-up ('lol', 'omg', 'dude'): deleted instead.
SPELLED_OUT = {
    **dict.fromkeys(("lol", "lmao", "rofl", "omg", "smh", "hmu", "ikr", "xoxo", "xo", "wassup", "brb", "ttyl",
                     "cya", "l8r", "gotcha", "nvm", "ngl", "m8", "luv", "dude", "bro", "awesomesauce"), ""),
    **dict.fromkeys(("thx", "thanx", "tnx", "thnx", "thnks", "thks"), "thanks"),
    "tysm": "thank you so much", "tbh": "to be honest", "btw": "by the way", "imo": "in my opinion",
    "imho": "in my opinion", "idk": "I don't know", "fwiw": "for what it's worth", "pls": "please",
    "plz": "please", "rn": "right now", "cuz": "because", "coz": "because", "dunno": "don't know",
    "lemme": "let me", "gimme": "give me", "yall": "you all", "gr8": "great", "tbf": "to be fair",
    "afaik": "as far as I know", "iirc": "if I remember correctly", "sry": "sorry", "ppl": "people",
    "tmrw": "tomorrow", "srsly": "seriously", "deffo": "definitely", "defo": "definitely",
    "prolly": "probably", "obvi": "obviously", "gonna": "going to", "wanna": "want to", "gotta": "have to",
    "kinda": "kind of", "sorta": "sort of", "ya": "you", "yeah": "yes", "yep": "yes", "yup": "yes",
    "nope": "no", "nah": "no", "stoked": "delighted",
}
# Text speak that laughs or exclaims ('lol', 'omg'): in a note to someone of a hiring process (an
# interviewer, a recruiter) it embarrasses, so slang reports it as an error, not a warning.
EMBARRASSING = frozenset(("lol", "lmao", "rofl", "omg", "smh", "xoxo", "xo"))
# Words the slang rule reports: the spelling rule does not report them again as typos.
SLANG_WORDS = frozenset(TEXT_SPEAK + CASUAL + LOWER_ONLY + NICKNAMES)
# Nicknames and endearments said to the reader ("Thanks, mate", "Cheers buddy"): over-familiar
# for a hiring manager ("dude" and "bro" are slang wherever they stand).
_NICKNAMES = r"(?:mate|m8|buddy|bud|pal|man|hun|babe|sweetie|sweetheart|darling|love|luv|fam)"
_EDGE = r"(?![\w'\u2019&/@#)-]|\.\w)"  # the word ends: not "u.s.", "u-boat", "u2", "u@x", "(u)"
_START = r"(?<![\w.'\u2019&/@#(-])"


_APOS = "['\u2019]"
# "kind of" / "sort of" softening what follows ("it could be kind of useful", "I'm kind of
# interested", "I kind of hoped"): after a subject, a form of "be", a modal, a verb of seeming or
# an adverb. Not the noun's kind ("the kind of role", "what kind of team", "a new kind of tool",
# after other words), nor before a noun phrase ("it was kind of a long day": loose about the
# day, not about you) or a person ("it is kind of you").
_SOFTENED = "(?:" + "|".join(rf"(?<=\b{word} )" for word in (
    "i", "we", "it", "they", "he", "she", "am", "is", "are", "was", "were", "be", "been", "being",
    "could", "would", "might", "may", "will", "can", "do", "did", "does", "seem", "seems", "seemed",
    "feel", "feels", "felt", "look", "looks", "looked", "sound", "sounds", "sounded", "get", "got",
    "gets", "getting", "just", "really", "also", "still", "actually", "honestly")) + "|" + "|".join(
    rf"(?<={_APOS}{end} )" for end in ("m", "s", "re")) + ")"
# The candidate promising to act: "I will answer them right away", "we'll send an update as soon
# as possible" (not "I will need an answer right away", "I would be grateful if you replied asap").
_OWN_PROMISE = (
    r"\b(?:i|we)(?:'ll|\u2019ll|'d|\u2019d| will| would| can| could| shall| promise to"
    r"| (?:am|'m|\u2019m|are|'re|\u2019re) (?:happy|glad|going|ready) to)"
    r"(?: (?:be sure to|make sure to|try to|also|gladly|happily|certainly|definitely|then|always"
    r"|be (?:happy|glad) to))?"
    r" (?!(?:need|require|expect|want|demand|appreciate|like|love|prefer|hope|be|wait|insist)\b)"
    r"(?:(?!\b(?:if|when|once|until|unless|that|for|so)\b)[^.?!\n]){0,30}$"
)
# "the reading list you promised to share": the thing promised, not an accusation.
_RELATIVE = (r"\b(?:the|a|an|this|that|these|those|your|my|our|some|any)"
             r"(?: (?!(?:me|us|him|her|them|it|told|tells|said|says|mentioned|wrote|and|but)\b)[\w-]+){1,3}"
             r" (?:that |which )?$")
# A date said to be theirs: "You mentioned you hoped to decide by Friday", "as you said, the team
# would decide before the holidays", "your team expected to decide by the 10th" report their own
# timeline back to them; not "as you said, I need an answer by Friday" (the writer's, after it).
_THEIR_DATE = (
    r"(?:\byou(?: (?:also|already|kindly))? (?:mentioned|said|told me|wrote|explained|indicated|noted|hoped|expected"
    r"|planned|estimated|thought|were (?:hoping|planning|aiming|expecting))\b"
    r"|\bas you (?:said|mentioned|noted|explained|wrote|indicated)\b"
    r"|\byour (?:team|recruiter|panel|colleagues?|hr team|hiring team|company|manager) (?:expected|expects|hoped|hopes"
    r"|planned|plans|said|mentioned|aimed|aims|intended|intends|estimated|was hoping|were hoping|is hoping)\b)"
    r"(?:(?!\b(?:i|me|my|i'd|i'll|i'm)\b)[^.?!\n])*$"
)
_DEADLINE = (r"(?:by|before|no later than) (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday"
             r"|tomorrow|tonight|today|(?:the )?end of|eod|eow|next week|\d)")

# -- asks-decision: a question about the outcome for you ---------------------------------------
# Asked outright ("Will I get the job?", "Am I being moved forward?") or indirectly ("I would
# love to know if an offer is coming my way"); what is asked about is the job or an offer coming
# to you, being chosen, moving on to a next round, still being considered, or their decision
# about you. Not the timeline ("when you expect to make a decision"), nor a condition ("If I am
# selected, I can start in May", "Should I be selected, ...": only "should I expect" asks).
_ASKING_I = (
    r"(?:\b(?:am|will|have|did|was)\s+i|\b(?:should|can|could|may)\s+i(?=\s+expect\b)"
    # indirectly: "I'd love to know if I ...", "could you tell me whether I ..."
    r"|\b(?:know|knowing|wonder|wondering|wondered|ask|asking|tell me|let me know|hear|hearing|confirm|"
    r"curious|find out|check|checking|see|sure|share|update me|advise)\b[^.?!\n]{0,30}?\b(?:if|whether)"
    r"(?:\s+or\s+not)?\s+i(?:['\u2019](?:m|ve|ll|d))?)"
    # then auxiliaries and adverbs: "will I still be", "have I now been", "did I get"
    r"(?:\s+(?:am|was|will|would|have|has|had|did|do|be|been|being|going to|got|get|getting|managed to|"
    r"still|now|yet|already|actually|also|really|eventually|ever|soon|likely|definitely))*\s+"
)
_ORDINAL = r"(?:next|final|last|second|third|fourth|onsite|on-site|panel|later|following)"
# being chosen is said in the passive ("was I selected", "will I be chosen", "did I get picked"):
# "Have I chosen the right approach?" asks nothing of them
_PASSIVE = "(?:" + "|".join(rf"(?<=\b{word} )" for word in (
    "be", "been", "being", "get", "got", "getting", "am", "was", "were", "i'm", "i\u2019m")) + ")"
_OUTCOME = (
    r"(?:(?:get|getting|got|gotten|land|landed|landing|win|won|winning|receive|received|receiving|offered)"
    r"\s+(?:the|this|that|an?|your)\s+(?:job\s+)?(?:job|role|position|offer)\b"
    r"(?!\s+(?:description|title|posting|spec|specification|details|advert|letter))"
    r"|expect(?:ing)?\b[^.?!\n]{0,25}?\b(?:an?|the|your)\s+(?:job\s+|formal\s+|written\s+)?offer\b(?!\s+letter)"
    r"|" + _PASSIVE + r"(?:selected|chosen|picked|shortlisted|successful|hired|accepted|appointed"
    r"|the (?:successful|chosen|preferred|selected) candidate"
    r"|considered\b(?!\s+for\s+(?:other|another|future|any other|similar|a different)))\b"
    r"|(?:in the running|under consideration|in consideration|in contention|on (?:the|your) shortlist|still a candidate|a finalist)\b"
    # moving on: "moved forward to the final round", "make it through", "invited to the next stage"
    r"|(?:mov(?:e|ed|ing)|tak(?:e|en|ing)|put(?:ting)?|advanc(?:e|ed|ing)|progress(?:ed|ing)?|invit(?:e|ed|ing)|go(?:ne|ing)?|"
    r"get(?:ting)?|got|brought|(?:make|made|making) it)"
    r"(?:\s+(?:forward|through|on|ahead|up))?\s+(?:to|into|for)\s+(?:the|a|an)\s+(?:" + _ORDINAL + r"\s+)?"
    r"(?:round|stage|step|interview)s?\b"
    r"|(?:mov(?:e|ed|ing)|tak(?:e|en|ing)|put(?:ting)?|advanc(?:e|ed|ing)|progress(?:ed|ing)?|go(?:ne|ing)?|"
    r"get(?:ting)?|got|brought|(?:make|made|making) it)\s+(?:forward|through)"
    r"(?=\s*(?:[?.!,]|$|to\b|in\b|with (?:the|my) (?:process|application)))"
    r")"
)
# "Has the team reached a verdict?", "Have you made a decision about my application yet?", "Has a
# decision been made?" (a question: the auxiliary before its subject), and the same asked
# indirectly ("let me know whether you have made a decision"); not "the team has made a decision".
_DECIDED = (
    r"(?:made|reached|come to|arrived at|taken|settled on)\s+(?:a|the|any|your|their|its)\s+"
    r"(?:final\s+)?(?:verdict|decision|choice)\b"
)
_ASKS_DECIDED = (
    r"\b(?:have|has|did)\s+(?:you|they|the\s+[\w-]+(?:\s+[\w-]+)?)\s+(?:already\s+|yet\s+|now\s+|finally\s+)?"
    r"(?:make|reach|come to|arrive at|take|settle on|made|reached|come to|arrived at|taken|settled on)\s+"
    r"(?:a|the|any|your|their|its)\s+(?:final\s+)?(?:verdict|decision|choice)\b"
    r"|\b(?:has|have)\s+(?:a|the|any|your|their)\s+(?:final\s+)?(?:verdict|decision)\s+(?:already\s+|yet\s+)?"
    r"been\s+(?:made|reached|taken)\b"
    r"|\b(?:know|wonder|wondering|ask|asking|tell me|let me know|hear|confirm|curious|find out|check|"
    r"checking|see|share|update me)\b[^.?!\n]{0,30}?\b(?:if|whether)\s+(?:(?:you|they|the\s+[\w-]+(?:\s+[\w-]+)?)\s+"
    r"(?:have\s+|has\s+|had\s+)?(?:already\s+|yet\s+|now\s+)?" + _DECIDED +
    r"|(?:a|the|any)\s+(?:final\s+)?(?:verdict|decision)\s+(?:has\s+|have\s+|had\s+)?(?:already\s+|yet\s+)?"
    r"been\s+(?:made|reached|taken)\b)"
    # a question about their verdict on you: "What is the decision on my application?"
    r"|\b(?:verdict|decision|outcome|result)s?\s+(?:on|about|regarding|concerning|for|of)\s+"
    r"(?:me\b|my\s+(?:candidacy|candidature|application|interview))(?=[^.!?\n]*\?)"
    r"(?![^.?!\n]{0,40}\b(?:expected|due|timeline|timing|likely to be made)\b)"
)
# An offer coming to you, asked about: "if an offer is coming my way", "Is an offer on its way?"
_ASKS_OFFER = (
    r"\boffer\b[^.?!\n]{0,25}?\b(?:coming|headed|heading|likely to come|going to come|on (?:its|the) way)\s+"
    r"(?:my way|to me)\b"
    r"|\b(?:is|will)\s+(?:there\s+be\s+)?(?:an?|the|your)\s+(?:job\s+)?offer\b[^.?!\n]{0,20}?"
    r"\b(?:coming|on (?:its|the) way|for me|forthcoming)\b"
)
# the clause before a mention of the decision that makes it a question about the timeline
_TIMELINE_BEFORE = r"\b(?:when|timeline|timing|time ?frame|how long|by when|what date|schedule)\b"

# -- argues-rejection: comparing yourself with whoever was chosen, or disputing the choice ------
# Who was chosen, however named: "the other candidate", "the person you hired", "them".
_CHOSEN = (
    r"(?:someone else|somebody else|another (?:candidate|applicant|person)|other (?:candidates|applicants)"
    r"|the (?:other|successful|chosen|hired|preferred|selected|winning|new) (?:candidate|applicant|person|hire)"
    r"|the (?:person|candidate|applicant|one) (?:you|they|the (?:team|panel|committee)) (?:hired|chose|picked|selected|went with|appointed)"
    r"|whoever (?:you|they) (?:hired|chose|picked|selected|went with)|they|he|she|them|him|her)"
)
# "why the other candidate was preferred", "why you chose someone else": asked, not accepted
# ("I can see why she was chosen", "I understand why they went with an internal candidate").
_WHY_CHOSEN = (
    r"\bwhy\b[^.?!\n]{0,50}?\b" + _CHOSEN + r"\b[^.?!\n]{0,30}?"
    r"\b(?:chosen|selected|hired|picked|preferred|favou?red|appointed|offered|choose|select|hire|pick|prefer|went with|go with|got)\b"
    r"|\bwhy (?:you |they |the (?:team|panel|committee) )?(?:chose|picked|selected|hired|preferred|went with|favou?red) "
    + _CHOSEN + r"\b"
)
_ACCEPTING = (r"\b(?:i|we)(?:\s+(?:fully|completely|totally|entirely|can|could|do|now|certainly|quite|well))*"
              r"\s+(?:understand|see|appreciate|get|know|realise|realize|imagine)\s*$")
# "what the person you hired has that I don't", "what made them a better fit"
_WHAT_THEY_HAD = (
    r"\bwhat\b[^.?!\n]{1,50}?\b(?:had|has|have|brought|brings|bring|offered|offers|offer|did|does|showed|shows|had going)"
    r" that i (?:(?:didn|don|couldn|can|wasn|haven|hadn)" + _APOS + r"?t|did not|do not|lack(?:ed)?|could not|cannot|was not"
    r"|have not|had not)"
    r"|\bwhat (?:made|makes|set) " + _CHOSEN + r"\b[^.?!\n]{0,25}?\b(?:better|stronger|more (?:suitable|qualified|experienced)|"
    r"preferable|apart|the (?:better|stronger|right) (?:choice|fit|candidate))\b"
)
# "I believe I was the strongest candidate you saw", "a better fit than whoever you chose"
_BEST_CANDIDATE = (
    r"\bi(?:" + _APOS + r"m| am| was| were| would have been|" + _APOS + r"d have been)"
    r"(?:\s+(?:clearly|obviously|definitely|certainly|really|truly|easily|by far|undoubtedly|surely|still|honestly))*"
    r"\s+(?:the|your)\s+(?:strongest|best|most (?:qualified|experienced|suitable|capable|competent)|ideal|better|stronger|right|top|perfect)"
    r"\s+(?:candidate|applicant|person|choice|fit|hire|one|match)\b"
    r"|\b(?:more|better) (?:qualified|experienced|suited|suitable|skilled|prepared)(?: for (?:this|the) (?:role|job|position))? than\b"
    r"|\b(?:a|the|much) (?:much )?(?:better|stronger) (?:candidate|fit|choice|match|hire) than\b"
)

# -- passive-aggressive: pointing at the replies you have not had -------------------------------
# Your earlier messages, named as such: "my previous note", "my last two emails", "the last email
# I sent" (not "the last message from your scheduler": theirs).
_MESSAGES = r"(?:e-?mails?|messages?|notes?|letters?|voicemails?|follow-?ups?)\b"
_EARLIER = r"(?:\s+(?:last|previous|earlier|prior|first|original|other|recent|two|three|four|several|few|couple of|many))+"
_MY_EARLIER = (
    r"(?:my" + _EARLIER + r"\s+" + _MESSAGES + r"|the" + _EARLIER + r"\s+" + _MESSAGES +
    r"\s+(?:that\s+)?i\s+(?:sent|wrote|left))"
)
_NUMBER = r"(?:two|three|four|five|several|multiple|a few|a couple of|many|numerous|\d+)"
_POINTS_BACK = (
    # "Did you get a chance to look at my previous note?", "in case you didn't read my last email"
    r"\b(?:see|saw|seen|read|receive|received|get|got|gotten|look at|looked at|review|reviewed|open|opened|"
    r"notice|noticed|catch|caught)\s+" + _MY_EARLIER +
    # "I haven't heard anything since my last two emails"
    r"|\b(?:haven" + _APOS + r"?t|have not|hadn" + _APOS + r"?t|had not|didn" + _APOS + r"?t|did not|not|never)"
    r"(?:\s+yet)?\s+(?:heard|had|received|got|gotten)(?:\s+back)?"
    r"(?:\s+(?:anything|a (?:word|thing|reply|response|peep)|any (?:reply|response|news|word|answer|acknowledg(?:e)?ment)))?"
    r"(?:\s+back)?\b[^.?!\n]{0,20}?\b(?:since|after|to|from|about|regarding)\s+(?:either of |any of |both (?:of )?)?" + _MY_EARLIER +
    # "I have emailed you three times", "this is my third email"
    r"|\bi(?:" + _APOS + r"ve| have)?(?:\s+(?:now|already))?\s+(?:(?:sent|written|left)\s+(?:you|to you)\s+" + _NUMBER +
    r"\s+(?:e-?mails|messages|notes|voicemails)|(?:emailed|messaged|called|contacted|written(?: to you)?|tried)"
    r"(?:\s+you)?\s+" + _NUMBER + r"\s+times)\b"
    r"|\b(?:emailed|written to|messaged|called|contacted|chased|reached out to)\s+you\s+(?:twice|three times|four times|"
    r"several times|multiple times|a few times|repeatedly|again and again)\b"
    r"|\bthis is (?:now )?my (?:second|third|fourth|fifth|\d+(?:nd|rd|th)) (?:e-?mail|message|note|attempt|follow-?up|time)\b"
    # "As I said last week, ...": what you wrote before, not what you said in the interview
    r"|\bas i(?:\s+(?:already|previously|have|had|also))?\s+(?:said|mentioned|stated|noted|explained|wrote|written|asked|"
    r"indicated|told you|emailed|pointed out)(?:\s+you)?,?\s+(?:last (?:week|month|time|monday|tuesday|wednesday|"
    r"thursday|friday)|(?:a few|a couple of|two|three|four|several|some) (?:days|weeks) ago|earlier this (?:week|month)"
    r"|in my (?:last|previous|earlier|prior|first|other|e-?mail|message|note))\b"
    # said somewhere else than in writing: "last week on the phone screen", "at the meetup"
    r"(?!,?\s+(?:in|on|during|at|over|when|while|after)\b(?!\s+(?:my|the|an?|our)\s+" + _MESSAGES + r"))"
)
# "I know you must be very busy, but ...": the excuse made for them, then the reproach; "a reply
# would be nice". Not "I know the team is busy", "I know you are busy, so I will keep this short".
_BUSY_BUT = (
    r"\bi(?:" + _APOS + r"m| am)?\s+(?:know|realise|realize|understand|appreciate|imagine|sure|get that|can imagine|assume|suppose|gather|expect)"
    r"(?:\s+that)?\s+(?:you|you" + _APOS + r"re|you" + _APOS + r"ve|the team|everyone)"
    r"(?:\s+(?:are|have been|must be|must have been|may be|might be|is|has been|been))?"
    r"(?:\s+(?:very|really|super|extremely|incredibly|so|quite|terribly|awfully|crazy))?"
    r"\s+(?:busy|swamped|slammed|snowed under|inundated|flat out)\b,?(?:\s+[^.?!\n]{0,20}?)?\s+but\b"
    r"|\b(?:(?:a|an|some|any|even a)(?:\s+(?:short|quick|brief|simple))?(?:\s+kind of)?\s+"
    r"(?:reply|response|answer|acknowledg(?:e)?ment|word back)(?:\s+of some kind)?\s+(?:would|" + _APOS + r"d)\s+be\s+"
    r"(?:nice|polite|courteous|appreciated for once)"
    r"|(?:it|that)\s+(?:would|" + _APOS + r"d)\s+be\s+nice\s+to\s+(?:get|have|receive|hear)\b[^.?!\n]{0,25}?"
    r"\b(?:back|reply|response|answer|acknowledg(?:e)?ment|word|something)"
    r"|the courtesy of (?:a|an|some) (?:reply|response|answer))\b"
)

PHRASES: list[Phrase] = [
    # desperate
    _p("desperate", r"\bi (?:really |truly |desperately |badly |urgently |just )?need (?:this|the|a|any) (?:job|role|position|offer)\b(?! (?:description|title|posting|spec|details))|\b(?:really|desperately|badly|urgently) need (?:a |the |this |some )?(?:job|work|income|paycheck|pay cheque)\b",
       "pleading: saying you need the job", "Say why you want this role, once.", needs=('need',)),
    _p("desperate", r"\bdesperate(?:ly)?\b", "pleading", "State your interest calmly.", needs=('desperate',)),
    _p("desperate", r"\b(?:i(?:'m| am) )?begg?(?:ing|ged)?\b(?= you| for)|\bi beg\b",
       "pleading: begging", "State your interest once, with a reason.", needs=('beg',)),
    _p("desperate", r"\bplease(?:,)? (?:please(?:,)? )?(?:just )?(?:give me|grant me) (?:a|one|another) (?:chance|shot|opportunity)\b|\bjust (?:give|let) me (?:a|one) (?:chance|shot)\b",
       "pleading for a chance", "Restate what you would bring to the role.", needs=('give me', 'grant me', 'let me')),
    # "I will do anything", "I'd take anything": not "if I can do anything else to help" or "I
    # don't take anything for granted"
    _p("desperate", r"\bi(?:'ll|\u2019ll|'d|\u2019d| will| would|(?:'m|\u2019m| am) (?:willing|ready|prepared) to)(?: (?:really|truly|honestly|happily|gladly|literally))? (?:do|take) (?:absolutely |literally )?(?:anything|whatever it takes)\b(?! (?:else|i can|to help|that (?:would|might|could) help)\b)|\bany (?:position|role|job) at all\b|\bwhatever (?:role|position|job) (?:you have|is available)\b",
       "offering to do anything", "Name the role you want and why you fit it.", needs=('anything', 'at all', 'whatever')),
    _p("desperate", r"\bplease hire me\b|\b(?:my )?last (?:hope|chance)\b|\bi can" + _APOS + r"?t afford\b|\bcan(?:not|" + _APOS + r"t|" + _APOS + r"?t) (?:afford to )?pay (?:my |the |our )?(?:rent|bills|mortgage)\b|\bmy savings (?:are|have) (?:running out|run out|almost gone|gone|dried up)\b|\brunning out of (?:money|savings)\b|\bout of (?:work|a job) for (?:months|a year|over)\b|\bunemployed for\b|\bbills (?:are )?piling up\b",
       "pleading: personal hardship as a reason to hire you", "Keep the note about the role and what you offer.", needs=('hire me', 'last hope', 'last chance', 'afford', 'pay', 'out of work', 'out of a job', 'unemployed', 'piling', 'savings', 'running out')),
    _p("desperate", r"\bi promise (?:i|you) (?:won" + _APOS + r"t|will not|will never) (?:let you down|regret)\b|\bplease,? please\b|\bi(?:'m| am) begging\b",
       "pleading", "State your interest once, with a reason.", needs=('promise', 'please', 'begging')),
    # "I really need this.", "I need this so much": the need itself, said to them (not "I need this
    # information to prepare", "I need this weekend to finish the exercise")
    _p("desperate", r"\bi (?:really |truly |desperately |badly |so |just |honestly )*need this(?: (?:job|role|position|opportunity|one))?(?: (?:so much|so badly|more than anything))?(?=\s*(?:[.!]|$))",
       "pleading: saying you need the job", "Say why you want this role, once.", needs=('need',)),
    # waiting as suffering: "I keep checking my inbox every hour", "I cannot sleep waiting for
    # news", "Please, anything at all would put my mind at rest"
    _p("desperate", r"\bi (?:keep|kept|am|have been|(?:'m|\u2019m)) (?:constantly |always )?(?:checking|refreshing) my (?:inbox|e-?mails?|phone|messages)\b"
       r"|\bi (?:can(?:not|'t|\u2019t)|could(?:n't|\u2019t| not)|have(?:n't|\u2019t| not) been able to) sleep\b|\blosing sleep\b"
       r"|\b(?:please,? )?anything at all would (?:help|put my mind|mean)\b|\bput my mind at rest\b",
       "pleading: the wait told as suffering", "Ask about the timeline once, calmly.",
       needs=('checking', 'refreshing', 'sleep', 'anything at all', 'mind at rest')),
    # pushy
    _p("pushy", r"\bi (?:really |do )?(?:expect|need|require|must have|want|demand) (?:a|an|your) (?:answer|response|reply|decision|update)\b(?: (?:by|before|within|no later than)\b)?",
       "demanding an answer", "Ask politely whether they can share their timeline.", needs=('answer', 'response', 'reply', 'decision', 'update')),
    _p("pushy", r"\b(?:let me know|get back to me|respond|reply|answer me|decide) (?:by|before|no later than) (?:the )?(?:end of (?:the )?(?:day|week)|eod|eow|tomorrow|today|monday|tuesday|wednesday|thursday|friday|\d)",
       "setting a deadline on the employer", "Ask about their timeline instead of setting one.", needs=(' by ', ' before ', 'no later'),
       unless=_THEIR_DATE),
    _p("pushy", r"\b(?:need|must|have to|expect|want|require) (?:to (?:know|hear|have|get)|an? (?:answer|response|decision|reply|update))\b[^.?!\n]{0,40}\b(?:by|before) (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|tonight|today|(?:the )?end of|eod|eow|next week|\d)",
       "setting a deadline on the employer", "Ask about their timeline instead of setting one.", needs=(' by ', ' before '),
       unless=_THEIR_DATE),
    _p("pushy", r"\b(?:i have|there are|i've got) (?:other|several|a few|two|three|many) (?:companies|employers|firms|recruiters|options|offers)\b[^.?!\n]{0,25}\b(?:interested|in touch|pursuing|chasing|on the table|waiting)\b",
       "other employers used as leverage", "If a real deadline exists, mention it neutrally and ask about their timing.", needs=('interested', 'in touch', 'pursuing', 'chasing', 'on the table', 'waiting')),
    _p("pushy", r"\b(?:another|other|a competing|competing|a better) (?:job )?offers?\b(?! (?:you|the team) (?:make|made))|\bother companies (?:are|have been) (?:interested|calling|making)\b",
       "another offer used as leverage", "If a real deadline exists, mention it neutrally and ask about their timing.",
       kinds=_NOT_WITHDRAWING, needs=('offer', 'other companies')),
    # another employer's offer or deadline, told to this one: "I have received an offer from another
    # company and they want an answer soon", "Another company has asked me to confirm by Monday",
    # "I am in final rounds elsewhere", "Brisk Analytics has offered me a role" (whoever is named:
    # not "you have offered me", this employer's own offer)
    _p("pushy", r"\boffers? (?:from (?:another|a different|other|a competing|one of the other) (?:company|companies|employer|employers|firm|firms|organi[sz]ations?|team)|elsewhere)\b"
       r"|\b(?:another|a different|other|a competing|the other) (?:company|companies|employer|employers|firm|firms|organi[sz]ation|organi[sz]ations) "
       r"(?:has |have |is |are |just )?(?:asked me|offered me|(?:made|given) me an? (?:job |formal |verbal |written )?offer|wants? (?:me|an answer|my answer)|needs? (?:me|an answer|my answer)|expects? (?:me|an answer|my answer)|is waiting|are waiting|(?:has|have) set)\b"
       r"|\b(?:in|into|at|reached) (?:the )?(?:final|late|last|advanced|later) (?:rounds?|stages?)(?: of (?:interviews|interviewing|processes))? "
       r"(?:elsewhere|with (?:another|other|a different|several|two|three) (?:companies|company|employers?|firms?))\b"
       r"|\b(?:has|have|had|just) (?:offered me|made me an? (?:job |formal |verbal )?offer|extended (?:me )?an? (?:job )?offer)\b",
       "another offer used as leverage", "If a real deadline exists, mention it neutrally and ask about their timing.",
       kinds=_NOT_WITHDRAWING, needs=('offer', 'company', 'companies', 'employer', 'firm', 'organi', 'rounds', 'round', 'stage'),
       unless=r"\b(?:you|your|thank|thanks)\b[^,;]*$"),
    # their answer wanted by a date of someone else's, to hurry this employer: "so I would need to
    # hear from Northwind before then"
    _p("pushy", r"\b(?:need|must|have to|want) to (?:hear|know)\b[^.?!\n]{0,40}\bbefore (?:then|that date|that day|that deadline)\b",
       "setting a deadline on the employer", "Ask about their timeline instead of setting one.", needs=('before',),
       unless=_THEIR_DATE),
    # an ultimatum: "If I do not hear back by Wednesday I will assume I am no longer being considered
    # and withdraw"; not "If I can send anything before then, I will" nor "If you don't hear from me"
    _p("pushy", r"\b(?:if|unless) i (?:do not|don" + _APOS + r"?t|have not|haven" + _APOS + r"?t|still (?:do not|don" + _APOS + r"?t|have not|haven" + _APOS + r"?t)|cannot|can" + _APOS + r"?t) (?:hear|get|receive|have)\b"
       r"[^.?!\n]{0,60}?\bi(?:" + _APOS + r"ll| will| shall| must|" + _APOS + r"d have to| would have to| will have to)"
       r" (?:assume|withdraw|take (?:it|that)|consider (?:my|the|this|it)|move on|accept (?:another|the other|an?)|pursue|go with|look elsewhere)\b"
       r"|\bi(?:" + _APOS + r"ll| will| shall) (?:assume|take it) (?:that )?i(?:" + _APOS + r"m| am) (?:no longer|not) (?:being )?(?:considered|in the running|a candidate|under consideration)\b",
       "an ultimatum", "Ask about the timeline; if you decide to withdraw, say so in a note of its own.",
       needs=('assume', 'withdraw', 'take it', 'take that', 'consider', 'move on', 'accept', 'pursue', 'go with', 'elsewhere')),
    # an accusation of silence: "nobody has told me anything in three weeks", "candidates deserve
    # better communication"; not "nobody told me the office had moved"
    _p("pushy", r"\b(?:nobody|no ?one) (?:has |had |have )?(?:told|updated|contacted|informed|called|emailed|written to|got back to|gotten back to) me\b"
       r"(?=[^.?!\n]{0,25}\b(?:anything|since|yet|in (?:over )?(?:a|two|three|four|five|several|\d+) (?:days?|weeks?|months?)|for (?:over )?(?:a|two|three|four|five|several|\d+) (?:days?|weeks?|months?))\b)"
       r"|\bcandidates (?:deserve|are owed|should get) (?:better|more|a (?:reply|response|decision)|an answer|some|respect)\b"
       r"|\bi deserve (?:better|more|to (?:know|hear|be told))\b",
       "accusing the employer", "Leave out who failed to reply; ask the question itself.",
       needs=('nobody', 'no one', 'noone', 'deserve', 'owed', 'should get')),
    _p("pushy", r"\byou (?:promised|said you would|told me you would|were supposed to)\b",
       "accusing the employer", "Leave out who failed to reply; ask the question itself.",
       needs=('promised', 'said you would', 'told me you would', 'supposed to'), unless=_RELATIVE),
    _p("pushy", r"\byou (?:still )?(?:haven" + _APOS + r"?t|have not|never) (?:replied|responded|gotten back|answered|bothered)\b|\bno ?one (?:has )?(?:bothered|cared|replied)\b|\bnobody (?:has )?(?:bothered|replied|responded|got back)\b",
       "accusing the employer", "Leave out who failed to reply; ask the question itself.", needs=('replied', 'responded', 'gotten back', 'answered', 'bothered', 'cared', 'got back')),
    _p("pushy", r"\b(?:unprofessional|unacceptable|disrespectful|ridiculous)\b|\bi deserve (?:an?|some|the) (?:answer|response|reply|explanation|decision)\b|\bi demand\b|\bi(?:'m| am) (?:not )?(?:going to|gonna) wait (?:forever|much longer)\b|\bi will (?:have to )?(?:withdraw|move on) (?:unless|if)\b",
       "pressure or accusation", "Ask politely; timelines slip for reasons you cannot see.", needs=('unprofessional', 'unacceptable', 'disrespectful', 'ridiculous', 'deserve', 'demand', 'wait', 'withdraw', 'move on')),
    # the employer asked to hurry ("please reply asap"), not the candidate promising to
    _p("pushy", r"\b(?:respond|reply|answer|get back to me|let me know|hear back|hear from you|decision|response|reply|answer|update)\b[^.?!\n]{0,25}\b(?:immediately|asap|as soon as possible|right away|urgently)\b",
       "pressure or accusation", "Ask politely; timelines slip for reasons you cannot see.",
       needs=('immediately', 'asap', 'as soon as possible', 'right away', 'urgently'), unless=_OWN_PROMISE),
    _p("pushy", r"\bi (?:really |do )?expect to hear (?:back|from you)\b|\b(?:look(?:ing)? forward to|(?:would|'d|\u2019d) (?:appreciate|like|love)|hope to|expect to|want to)(?: to)?(?: (?:hearing|hear|receiving|receive|getting|get|having|have))? (?:back|from you|(?:a|an|your) (?:answer|response|reply|decision|update))\b[^.?!\n]{0,20}\b" + _DEADLINE,
       "setting a deadline on the employer", "Ask about their timeline instead of setting one.",
       needs=('expect to hear', ' by ', ' before ', 'no later'), unless=_THEIR_DATE),
    # passive-aggressive
    _p("passive-aggressive", r"\bnot sure (?:if|whether) you (?:saw|got|received|read) my\b|\bin case you (?:missed|didn" + _APOS + r"?t see|did not see)\b|\bin case my (?:last |previous |earlier )?(?:e-?mail|message|note) (?:got lost|was missed|slipped)\b",
       "implies they ignored you", "Restate your question in one friendly sentence.", needs=('not sure', 'in case')),
    _p("passive-aggressive", r"\b(?:as|per) (?:per )?my (?:last|previous|earlier) (?:e-?mail|message|note)\b|\bas (?:i )?(?:previously |already )?(?:mentioned|stated|said|noted|explained)(?: (?:before|earlier|previously))?,? in my (?:last|previous|earlier|prior|first) (?:e-?mail|message|note)\b|\bas (?:i have|i've) (?:already )?(?:said|mentioned|explained)\b|\bas previously (?:stated|mentioned)\b|\bas i (?:already |previously )?(?:mentioned|stated|said|noted|explained) (?:before|previously)\b|\bas i (?:already|previously) (?:mentioned|stated|said|noted|explained)\b",
       "reads as reproach", "Repeat the point itself, without referring back.", needs=('my last', 'my previous', 'my earlier', 'my prior', 'my first', 'i have', "i've", 'previously', 'before', 'already')),
    _p("passive-aggressive", r"\b(?:friendly|gentle|quick|another|second|final) reminder\b|\bstill waiting\b|\bfollowing up (?:again|once more|yet again)\b|\bbumping this\b|\b(?:writing|following up|emailing|chasing|contacting you|reaching out) (?:for the|a) (?:second|third|fourth|fifth|\d+(?:st|nd|rd|th)) time\b|\b(?:no|not had an?y?|haven't had an?y?|have not had an?y?|never got an?y?|received no) (?:reply|response|answer|acknowledg(?:e)?ment) to (?:my|either of my|any of my) (?:previous |last |earlier |other |first )?(?:\w+ )?(?:e-?mails?|messages?|notes?|calls?)\b|\bresending (?:this|my)\b|\bi(?:'m| am) sure you(?:'re| are| have been|'ve been) (?:very |really |super )?busy,? but\b",
       "passive-aggressive reminder", "Ask the question directly and warmly.", needs=('reminder', 'still waiting', 'again', 'once more', 'bumping', 'resending', 'busy', 'time', 'reply', 'response', 'answer', 'acknowledg')),
    _p("passive-aggressive", _POINTS_BACK, "points at the replies you have not had",
       "Ask the question itself, warmly, without referring back to earlier messages.",
       needs=('my', 'the', 'times', 'twice', 'repeatedly', 'again', 'as i', 'sent', 'written', 'left')),
    _p("passive-aggressive", _BUSY_BUT, "reads as reproach",
       "Leave out what they have not done; ask the question itself in one friendly sentence.",
       needs=('busy', 'swamped', 'slammed', 'snowed', 'inundated', 'flat out', 'would', "'d", '\u2019d', 'courtesy')),
    # asks-decision
    _p("asks-decision", r"\bdid i (?:get|land|win|receive) (?:the|this|that) (?:job|role|position|offer)\b(?! (?:letter|description|details|title))|\bdid i (?:get it|pass|make it|make the cut|get through)\b|\bhave i (?:got(?:ten)? the (?:job|role|position|offer)|been selected|passed)\b|\bwas i (?:successful|selected|chosen|picked|accepted)\b",
       "asks whether you got the job", "Ask about the timeline and next steps instead.", needs=('did i', 'have i', 'was i')),
    _p("asks-decision", r"\bam i (?:still )?(?:in the running|being considered|a candidate|in consideration|on the shortlist|shortlisted)\b|\bwhat are my (?:chances|odds)\b|\bhow did i do\b(?! (?:it|that|this|so))|\bis the (?:job|role|position|offer) mine\b|\b(?:are you|will you) (?:going to )?(?:hire|offer) me\b|\bhave you decided (?:on me|whether to hire me|if i)\b|\bwill i (?:get|be getting|receive) (?:an|the) offer\b",
       "asks for the outcome", "Ask about the timeline and offer more information.", needs=('am i', 'chances', 'odds', 'how did i', 'mine', 'hire me', 'offer me', 'decided', 'will i')),
    _p("asks-decision", _ASKING_I + _OUTCOME, "asks for the outcome",
       "Ask about the timeline and next steps, and offer more information.",
       needs=('job', 'role', 'position', 'offer', 'select', 'chosen', 'picked', 'shortlist', 'success',
              'hired', 'accepted', 'appointed', 'candidate', 'considered', 'running', 'consideration',
              'contention', 'finalist', 'round', 'stage', 'step', 'interview', 'forward', 'through')),
    _p("asks-decision", _ASKS_DECIDED, "asks for their decision",
       "Ask about the timeline instead ('Could you share when you expect to decide?').",
       needs=('verdict', 'decision', 'outcome', 'result', 'choice'), unless=_TIMELINE_BEFORE),
    _p("asks-decision", _ASKS_OFFER, "asks whether an offer is coming",
       "Ask about the timeline and next steps instead.", needs=('offer',)),
    _p("asks-decision", r"\b(?:whether|if) i(?:'m| am) still (?:in the running|being considered|under consideration|in contention|a candidate)\b|\bwhat my (?:chances|odds) are\b|\b(?:whether|if) i (?:got|have got|passed|was successful|was selected)\b|\b(?:whether|if) i (?:have|'ve) been (?:successful|unsuccessful|selected|chosen|shortlisted|offered)\b",
       "asks for the outcome", "Ask about the timeline and offer more information.", needs=('whether i', 'if i', 'chances', 'odds')),
    # argues-rejection
    _p("argues-rejection", _WHY_CHOSEN, "asks why someone else was chosen",
       "Ask for one or two points you could work on instead.", needs=('why',), unless=_ACCEPTING),
    _p("argues-rejection", _WHAT_THEY_HAD, "asks to be compared with the hired candidate",
       "Ask what would strengthen a future application instead.", needs=('that i', 'made', 'makes', 'set')),
    _p("argues-rejection", _BEST_CANDIDATE, "claims you were the better candidate",
       "Accept the decision gracefully; name one thing you valued in the process.",
       needs=('candidate', 'applicant', 'person', 'choice', 'fit', 'hire', 'one', 'match', ' than')),
    _p("argues-rejection", r"\b(?:i )?(?:strongly |respectfully |completely )?disagree with (?:your|the|this) (?:decision|assessment|feedback|outcome)\b|\b(?:please |to )?reconsider(?:ing)? (?:your|the|this|my) (?:decision|application|candidacy)\b|\bplease reconsider\b|\b(?:you|they|the (?:team|panel|committee)) (?:really |truly )?(?:should|ought to|must) (?:really |seriously )?reconsider\b|\b(?:(?:would|could|will|might|can) (?:you|they|the (?:team|panel|committee))|(?:whether|if) (?:you|they|the (?:team|panel|committee)) (?:would|could|will|might|can))(?: (?:be )?(?:willing|able|open) to| possibly| consider| ever)? reconsider\b|\breconsider (?:it|that|the (?:committee|panel)(?:'s|s')? decision|your choice)\b|\bwho (?:was|got|has been|you) (?:offered|given|hired|appointed|chose|selected)\b|\bchose (?:them|him|her|someone else|another candidate) over me\b|\bwhat (?:more|else) (?:you|the committee|the panel|they|the team) (?:was|were) looking for\b|\b(?:made|making) (?:a|the wrong) (?:mistake|wrong (?:decision|choice)|choice|decision)\b|\bwrong (?:decision|choice|call)\b|\b(?:got|get|have got|getting) (?:this|it|that)(?: one)? wrong\b",
       "disputes the decision", "Thank them for the decision; keep the door open.", needs=('disagree', 'reconsider', 'who ', 'chose', 'looking for', 'mistake', 'wrong')),
    _p("argues-rejection", r"\bhow do i compare\b|\bcompare(?:d)? (?:me )?(?:to|with) the (?:other|successful|hired|chosen) (?:candidate|person|applicant)\b|\bwho (?:did you|you) (?:hire|choose|pick|select)\b|\bwho got the (?:job|role|position|offer)\b|\b(?:isn" + _APOS + r"?t|is not|wasn" + _APOS + r"?t|was not|not) fair\b|\bunfair\b",
       "asks to be compared with the hired candidate or calls it unfair", "Ask what would strengthen a future application instead.", needs=('compare', 'who ', 'fair')),
    _p("argues-rejection", r"\bi (?:don" + _APOS + r"?t|do not|can" + _APOS + r"?t|cannot) (?:understand|believe|see) (?:why|how) (?:i|you|my)\b|\bi (?:don" + _APOS + r"?t|do not|can" + _APOS + r"?t|cannot|still (?:don" + _APOS + r"?t|do not)) (?:understand|accept|agree with) (?:the|your|this) (?:decision|choice|outcome|reasoning)\b|\bi was (?:clearly|obviously|definitely) the\b",
       "disputes the decision", "Accept the decision gracefully; ask for feedback if you want it.", needs=('understand', 'believe', 'see', 'accept', 'agree', 'clearly', 'obviously', 'definitely')),
    # apology
    _p("apology", r"\b(?:i(?:'m| am) )?(?:so |very |really |truly )?sorry (?:(?:about|for|that|if) )?(?:my|i|the way i|being|how i|not)\b(?! (?:to|for) (?:bother|trouble|disturb))|\b(?:i )?apologi[sz]e (?:for|that|if)\b|\bmy apologies (?:for|that)\b|\bplease (?:excuse|forgive) (?:my|me)\b",
       "apologising for your interview", "Add the better answer instead of apologising.", needs=('sorry', 'apologi', 'excuse', 'forgive')),
    _p("apology", r"\bi (?:was|got|felt) (?:a (?:little|bit) |very |so |quite |really |rather )?(?:nervous|flustered|tired|unprepared|rusty|distracted|sick|ill|under the weather)\b|\bi (?:blanked|froze|stumbled|fumbled|rambled|messed up|botched|bombed|choked)\b|\bmy mind went blank\b|\bwasn" + _APOS + r"?t at my best\b|\bwas not at my best\b|\b(?:didn" + _APOS + r"?t|did not) (?:do myself justice|perform (?:well|my best)|prepare (?:well|enough|properly))\b|\bhaving an off day\b|\b(?:entirely |all )?my (?:own )?fault\b",
       "an excuse for your performance", "Replace it with what you would add to that answer.", needs=('nervous', 'flustered', 'tired', 'unprepared', 'rusty', 'distracted', 'sick', 'ill', 'weather', 'blank', 'froze', 'stumbled', 'fumbled', 'rambled', 'messed', 'botched', 'bombed', 'choked', 'my best', 'justice', 'perform', 'prepare', 'off day', 'fault')),
    # hedging
    # "just" softening what you want, think or feel; not "just before the call", "a just decision"
    _p("hedging", r"\bjust\b(?= (?:wanted|want|checking|following|wondering|wonder|a quick|to|thought|think|feel|felt|believe|hope|hoped|hoping|reaching|writing|a note|curious)\b)",
       "'just' weakens the sentence", "Delete 'just'.", needs=('just',)),
    _p("hedging", r"\bsorry (?:to (?:bother|trouble|disturb|pester|bug)|for (?:bothering|the bother|troubling|disturbing|bugging))\b",
       "apologising for writing", "Delete it: following up is normal.", needs=('sorry',)),
    _p("hedging", r"\bi think maybe\b|\bmaybe perhaps\b|\bdoes (?:that|this) (?:make sense|sound ok)\b|\bi(?:'m| am) not sure (?:if|whether) (?:this|it) (?:is|would be|makes)\b|\bi guess\b|\bif (?:that" + _APOS + r"s|that is|it" + _APOS + r"s|it is) (?:ok|okay|alright|all right)\b|\bi (?:was )?wondering if (?:maybe|perhaps|possibly)\b|\bhopefully (?:that|this) (?:is|was) (?:ok|okay|fine)\b|\bi feel like\b"
       # "..., if that makes sense?", "hope that makes sense": doubting your own clarity; not the
       # condition "if that makes sense for your roadmap, I could ..."
       r"|\b(?:if|hope|hopefully|i hope) (?:that|this|it|all that|any of (?:that|this)) (?:makes|made) (?:any |some )?sense\b(?=[ \t]*(?:[?.!)]|\r?\n|$))",
       "hedging", "Say it directly.", needs=('maybe', 'perhaps', 'make sense', 'makes sense', 'made sense', 'sound ok', 'not sure', 'guess', 'ok', 'alright', 'all right', 'wondering', 'hopefully', 'feel like')),
    _p("hedging", _SOFTENED + r"(?:kind of|sort of|kinda|sorta)\b(?! (?:a|an|the|you|him|her|them|us|everyone|everybody)\b)",
       "hedging", "Say it directly.", needs=('kind of', 'sort of', 'kinda', 'sorta')),
    # cliche
    _p("cliche", r"\btak(?:e|ing|en) (?:the )?time out of your (?:busy |hectic )?(?:schedule|day)\b|\bout of your busy schedule\b",
       "cliché", "Thank them for the conversation itself.", needs=('time out of your', 'busy schedule')),
    _p("cliche", r"\bi hope (?:this|my) (?:e-?mail|message|note|letter) finds you (?:well|in good health)\b",
       "cliché", "Open with the reason you are writing.", needs=('finds you',)),
    # Each stock phrase with the fix that fits it: a claim about yourself wants an example, a
    # follow-up filler the question itself, a formula for a reply a plain request.
    _p("cliche", r"\b(?:perfect|ideal|great|excellent) (?:fit|match)\b|\bideal candidate\b|\bteam player\b|\bthink(?:ing)? outside (?:of )?the box\b|\bhit the ground running\b|\bgo-getter\b|\bself-starter\b|\bresults?-(?:driven|oriented)\b|\bhard-?working\b|\bhard worker\b|\bgo above and beyond\b|\bdream (?:job|company|role)\b|\bwear many hats\b|\bpassionate about\b",
       "cliché", "Replace it with a specific example of what you did or would do.",
       needs=('fit', 'match', 'candidate', 'team player', 'outside', 'ground running', 'go-getter', 'self-starter', 'driven', 'oriented', 'hard', 'above and beyond', 'dream', 'many hats', 'passionate')),
    # "just checking in", "I'm just following up", "just wanted to follow up": filler that says a
    # follow-up is a follow-up (PLAYBOOK: reintroduce the role and date, ask about the timeline)
    _p("cliche", r"\bjust checking in\b|\bchecking in to see\b|\bjust (?:following up|(?:wanted|want|writing|wanting|reaching out|emailing) to follow up|a (?:quick |friendly )?follow-up)\b|\btouch(?:ing)? base\b|\bcircl(?:e|ing) back\b",
       "cliché", "Say what you want to know: name the role and ask about the timeline "
       "('Could you share where the process for the role stands?').",
       needs=('checking in', 'follow', 'base', 'circl')),
    _p("cliche", r"\b(?:please advise )?at your earliest convenience\b|\bplease advise\b(?=[ \t]*(?:[.!?]|\r?\n|$))",
       "cliché", "Ask the question directly ('Could you let me know the next step?'), without the formula.",
       needs=('earliest convenience', 'please advise')),
    _p("cliche", r"\bsynerg(?:y|ies)\b|\bmove the needle\b|\bvalue[- ]add\b",
       "cliché", "State the point directly, in plain words.",
       needs=('synerg', 'needle', 'value')),
    # slang
    _p("slang", r"\b(?:" + "|".join(w.replace("yall", "y['\u2019]?all") for w in TEXT_SPEAK) + r")\b",
       "text speak", "Write the words out.",
       words=TEXT_SPEAK + ("y'all", "y\u2019all"), spelled_out=SPELLED_OUT),
    _p("slang", r"\b(?:" + "|".join(CASUAL) + r"|cool beans|crush(?:ed)? it|had a blast|super (?:excited|stoked|pumped))\b",
       "slang", "Use standard words.",
       words=CASUAL + ("beans", "crush", "crushed", "blast", "super"), spelled_out=SPELLED_OUT),
    # "u" for "you" and the like, in lower case; "U" in capitals only where it can only be "you"
    # ("Thank U", "U are"), never "U.S.", "U of T" or "Section U"
    _p("slang", _START + r"(?:u|ur|ty|tho|def|r(?= u\b)|(?:(?<=[Tt]hank )|(?<=THANK )|(?<=[Ss]ee )|(?<=[Ll]ove )|(?<=[Mm]iss ))U(?! of\b)"
       r"|U(?= (?:r|are|were|have|can|could|would|will|too|guys|all)\b))" + _EDGE,
       "text speak", "Write the words out.", words=LOWER_ONLY, cased=True,
       spelled_out={"u": "you", "ur": "your", "ty": "thank you", "tho": "though", "def": "definitely",
                    "r": "are"}),
    # "Ty for your time", "TY so much" opening a subject or a sentence: "thank you", written as a
    # subject's or a sentence's first word is (not "thanks to Ty for the tour", a name)
    _p("slang", r"(?<![\w'\u2019])(?:Ty|TY)(?=[ \t]+(?:so much|for|again|very much|in advance)\b)",
       "text speak", "Write 'thank you'.", words=("ty",), unless=r"\S", cased=True),
    # "f/u" for "follow-up" ("f/u on my interview"), not part of a path or a fraction
    _p("slang", r"(?<![\w/])f/u(?![\w/])", "text speak", "Write 'follow-up'.", needs=("f/u",)),
    # "Hey Priya," "Hiya!" "Yo," opening a note or a sentence: a greeting for friends. Not "the
    # Hey app" or a quoted '"Hey" campaign' (text before it in its clause), nor "Hey Google".
    _p("slang", r"\b(?:[Hh]ey|[Hh]iya|[Hh]eya|[Hh]owdy|[Yy]o|[Ss]up|[Ww]ass?up|[Ww]hat['\u2019]?s up)\b"
       r"(?=[ \t]*(?:[,!?:\u2014]|\r?\n|$)|[ \t]+(?:there|all|everyone|everybody|team|guys|folks|y['\u2019]?all)\b|[ \t]+[A-Z]"
       r"|[ \t]+[^\W\d_]+[ \t]*(?:[,!]|\r?\n|$))"
       r"(?![ \t]+(?:Google|Siri|Alexa|Jude)\b)",
       "over-familiar greeting", "Open with 'Hi' or 'Dear' and their name.",
       words=("hey", "hiya", "heya", "howdy", "yo", "sup", "wassup", "wasup", "up"), unless=r"\S", cased=True),
    # a nickname for the reader: "Thanks, mate", "Cheers buddy!", "... next week, hun."
    _p("slang", r"\b(?:thanks|thank you|thx|cheers|ta|hey|hi|hello|hiya|later|bye|see you|see ya|cya|sorry|"
       r"no worries|sounds good|nice one|love you)(?: (?:again|so much|a lot|a bunch|heaps|a million|loads))?,?"
       r"[ \t]+" + _NICKNAMES + r"\b(?=[ \t]*(?:[.!,?;:)\u2014]|\r?\n|$))"
       r"|,[ \t]*(?:mate|m8|buddy|pal|hun|babe|sweetie|sweetheart|darling|fam)\b(?=[ \t]*(?:[.!?]|\r?\n|$))",
       "over-familiar", "Leave out the nickname: thank them by name, or simply 'Thank you'.",
       words=("mate", "m8", "buddy", "bud", "pal", "man", "hun", "babe", "sweetie", "sweetheart", "darling",
              "love", "luv", "fam")),
    # a sign-off line for family and friends: "Love, Alex", "Hugs", "xx", "Cheers mate"
    # ("luv" is text speak and "Cheers mate" a nickname wherever they stand; "xx" a placeholder)
    _p("slang", r"^[ \t]*(?:love|lots of love|much love|all my love|hugs(?: and kisses)?|big hugs|kisses|x|"
       r"laters|peace(?: out)?|ta(?:-ta)?|toodles)"
       r"[ \t]*[,.!]*(?:[ \t]+[^\W\d_][\w'\u2019-]*)?[ \t]*\r?$",
       "over-familiar sign-off", "Sign off with 'Best regards,' or 'Thank you,'.",
       words=("love", "hugs", "kisses", "x", "laters", "peace", "ta", "toodles")),
    _p("slang", r"^[ \t]*(?:sent from my (?:iphone|ipad|android|samsung|galaxy|pixel|mobile|phone|blackberry)|sent from (?:outlook|yahoo mail|mail) for (?:ios|android)|get outlook for (?:ios|android))\b.*$",
       "mobile signature", "Remove the 'Sent from my ...' line.", needs=('sent from', 'get outlook')),
    # salary: in every follow-up but a withdrawal (see _PAY_KINDS); the words are shared with
    # the composer, which never praises a topic that speaks of them (afterview.reviewer.pay)
    _p("salary", pay.BENEFITS.pattern, "pay or benefits in {a_kind}", "Keep pay and benefits for the offer stage.",
       kinds=_PAY_KINDS, needs=pay.BENEFITS_NEEDS),
    _p("salary", pay.MONEY.pattern, "money in {a_kind}", "Keep pay for the offer stage.", kinds=_PAY_KINDS,
       needs=pay.MONEY_NEEDS),
]

_HEDGES = "hedging"


def _words_of(lowered: str):
    """A function giving the words of a lowercased text, read once, when first asked."""
    found: list[set[str]] = []

    def words() -> set[str]:
        if not found:
            found.append(set(_WORDS.findall(lowered)))
        return found[0]

    return words


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(start < e and s < end for s, e in spans)


# Lines only a body has: a subject "x" or "Love" is no sign-off, nor one "Sent from my iPhone" a
# signature (a subject is checked for everything else)
_BODY_ONLY = frozenset({"over-familiar sign-off", "mobile signature"})


def check_phrases(data: Input):
    """Every phrase match in the subject and body, with hedging raised when frequent."""
    hedges = []
    for field, text in data.fields():
        lowered = text.lower()
        words_of = _words_of(lowered)
        spans: dict[str, list[tuple[int, int]]] = {}  # code -> the spans reported in this field
        for phrase in PHRASES:
            if phrase.kinds is not None and data.kind not in phrase.kinds:
                continue
            if field == "subject" and phrase.message in _BODY_ONLY:
                continue
            if not data.config.enabled(phrase.code):
                continue
            message = phrase.message
            if "{a_kind}" in message:
                message = message.replace("{a_kind}", KIND_NAMES.get(data.kind or "", "a follow-up"))
            for match in phrase.finditer(text, lowered, words_of):
                if _overlaps(spans.setdefault(phrase.code, []), match.start(), match.end()):
                    continue  # one finding of a code per stretch of text ('compensation', '401k')
                spans[phrase.code].append((match.start(), match.end()))
                quoted = text[match.start():match.end()].strip()
                suggestion = phrase.suggestion
                out = dict(phrase.spelled_out).get(quoted.lower())
                severity = None
                if out == "":  # 'lol', 'omg': nothing a follow-up would say in words
                    suggestion = "Delete it."
                    if quoted.lower() in EMBARRASSING:
                        severity = "error"  # read by an interviewer, 'lol' embarrasses: never sent so
                elif out is not None:
                    suggestion = f"Write '{out}'."
                finding = data.find(phrase.code, f"{message}: '{quoted}'",
                                    match.start(), match.end(), suggestion, field=field, severity=severity)
                if phrase.code == _HEDGES:
                    hedges.append(finding)
                else:
                    yield finding
    if len(hedges) >= data.config.hedging_warn_at:
        for finding in hedges:
            finding.severity = "warning"
            finding.message += f" ({len(hedges)} hedge{'' if len(hedges) == 1 else 's'} in one message)"
    yield from hedges


register(
    ("desperate", "pushy", "passive-aggressive", "asks-decision", "argues-rejection", "apology",
     "hedging", "cliche", "slang", "salary"),
    check_phrases,
)
