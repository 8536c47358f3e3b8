"""Rules found by wording: desperate, pushy, passive-aggressive, asks-decision,
argues-rejection, apology, hedging, cliche, slang, salary."""

from __future__ import annotations

import re
from dataclasses import dataclass

from afterview.reviewer import pay
from afterview.reviewer.engine import Input, register
from afterview.reviewer.model import KINDS


@dataclass(frozen=True)
class Phrase:
    code: str
    lower: re.Pattern  # matched against lowercased text: much faster than IGNORECASE
    message: str
    suggestion: str | None = None
    kinds: frozenset[str] | None = None  # only for these kinds (None: all)
    needs: tuple[str, ...] = ()  # the pattern cannot match unless one of these is in the text
    # A match is no finding when this matches the start of its clause up to the match (the
    # lowercased text since the last full stop or line break): "I will answer them right away"
    # is the candidate's promise, "please answer right away" is pressure.
    unless: re.Pattern | None = None
    # matched against the text as written, where case tells words apart: "u" for "you" is
    # written in lower case, the "U" of "U.S." or "U of T" is not; "Hey Priya," greets, "the
    # Hey app" names a product
    cased: bool = False
    # the pattern cannot match unless one of these is a word of the (lowercased) text: exact,
    # where `needs` would find "u" in any text
    words: frozenset[str] = frozenset()

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
       words: tuple[str, ...] = ()) -> Phrase:
    # A pattern anchored with ^ matches whole lines (a mobile signature).
    if code == "argues-rejection":
        kinds = _AFTER_DECISION
    flags = re.MULTILINE if regex.startswith("^") else 0
    return Phrase(code, re.compile(regex, flags), message, suggestion,
                  frozenset(kinds) if kinds is not None else None, needs,
                  re.compile(unless) if unless else None, cased, frozenset(words))


# The words of a text, for `Phrase.words`: letters and digits, with inner apostrophes ("y'all").
_WORDS = re.compile(r"\w+(?:['\u2019]\w+)*")


# -- slang: text speak, casual words, over-familiar greetings, nicknames and sign-offs ---------
# Text speak, reported wherever it stands (the spelling rule leaves these words to this one).
TEXT_SPEAK = ("lol", "lmao", "rofl", "omg", "tbh", "btw", "imo", "imho", "idk", "ttyl", "brb", "smh",
              "fwiw", "thx", "thanx", "tnx", "thnx", "thnks", "thks", "tysm", "pls", "plz", "rn", "hmu",
              "ikr", "xoxo", "xo", "luv", "cuz", "coz", "dunno", "lemme", "gimme", "gotcha", "wassup",
              "yall", "cya", "l8r", "gr8", "m8")
CASUAL = ("gonna", "wanna", "gotta", "kinda", "sorta", "ya", "yeah", "yep", "yup", "nope", "nah", "dude",
          "bro", "stoked", "awesomesauce")
# Short words that are text speak only in lower case: "u" (you), "ur" (your), "ty" (thank you),
# "tho" (though); "U.S.", "U of T", "Ty Burrell" and "Tho Nguyen" are not.
LOWER_ONLY = ("u", "ur", "ty", "tho")
NICKNAMES = ("fam", "hun", "babe", "bud")
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
_DEADLINE = (r"(?:by|before|no later than) (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday"
             r"|tomorrow|tonight|today|(?:the )?end of|eod|eow|next week|\d)")

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
    _p("desperate", r"\bplease hire me\b|\b(?:my )?last (?:hope|chance)\b|\bi can" + _APOS + r"?t afford\b|\bcan(?:not|'t) pay (?:my|the) (?:rent|bills)\b|\bout of (?:work|a job) for (?:months|a year|over)\b|\bunemployed for\b|\bbills (?:are )?piling up\b",
       "pleading: personal hardship as a reason to hire you", "Keep the note about the role and what you offer.", needs=('hire me', 'last hope', 'last chance', 'afford', 'pay', 'out of work', 'out of a job', 'unemployed', 'piling')),
    _p("desperate", r"\bi promise (?:i|you) (?:won" + _APOS + r"t|will not|will never) (?:let you down|regret)\b|\bplease,? please\b|\bi(?:'m| am) begging\b",
       "pleading", "State your interest once, with a reason.", needs=('promise', 'please', 'begging')),
    # pushy
    _p("pushy", r"\bi (?:really |do )?(?:expect|need|require|must have|want|demand) (?:a|an|your) (?:answer|response|reply|decision|update)\b(?: (?:by|before|within|no later than)\b)?",
       "demanding an answer", "Ask politely whether they can share their timeline.", needs=('answer', 'response', 'reply', 'decision', 'update')),
    _p("pushy", r"\b(?:let me know|get back to me|respond|reply|answer me|decide) (?:by|before|no later than) (?:the )?(?:end of (?:the )?(?:day|week)|eod|eow|tomorrow|today|monday|tuesday|wednesday|thursday|friday|\d)",
       "setting a deadline on the employer", "Ask about their timeline instead of setting one.", needs=(' by ', ' before ', 'no later')),
    _p("pushy", r"\b(?:need|must|have to|expect|want|require) (?:to (?:know|hear|have|get)|an? (?:answer|response|decision|reply|update))\b[^.?!\n]{0,40}\b(?:by|before) (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|tonight|today|(?:the )?end of|eod|eow|next week|\d)",
       "setting a deadline on the employer", "Ask about their timeline instead of setting one.", needs=(' by ', ' before ')),
    _p("pushy", r"\b(?:i have|there are|i've got) (?:other|several|a few|two|three|many) (?:companies|employers|firms|recruiters|options|offers)\b[^.?!\n]{0,25}\b(?:interested|in touch|pursuing|chasing|on the table|waiting)\b",
       "other employers used as leverage", "If a real deadline exists, mention it neutrally and ask about their timing.", needs=('interested', 'in touch', 'pursuing', 'chasing', 'on the table', 'waiting')),
    _p("pushy", r"\b(?:another|other|a competing|competing|a better) (?:job )?offers?\b(?! (?:you|the team) (?:make|made))|\bother companies (?:are|have been) (?:interested|calling|making)\b",
       "another offer used as leverage", "If a real deadline exists, mention it neutrally and ask about their timing.",
       kinds=_NOT_WITHDRAWING, needs=('offer', 'other companies')),
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
       needs=('expect to hear', ' by ', ' before ', 'no later')),
    # passive-aggressive
    _p("passive-aggressive", r"\bnot sure (?:if|whether) you (?:saw|got|received|read) my\b|\bin case you (?:missed|didn" + _APOS + r"?t see|did not see)\b|\bin case my (?:last |previous |earlier )?(?:e-?mail|message|note) (?:got lost|was missed|slipped)\b",
       "implies they ignored you", "Restate your question in one friendly sentence.", needs=('not sure', 'in case')),
    _p("passive-aggressive", r"\b(?:as|per) (?:per )?my (?:last|previous|earlier) (?:e-?mail|message|note)\b|\bas (?:i )?(?:previously |already )?(?:mentioned|stated|said|noted|explained)(?: (?:before|earlier|previously))?,? in my (?:last|previous|earlier|prior|first) (?:e-?mail|message|note)\b|\bas (?:i have|i've) (?:already )?(?:said|mentioned|explained)\b|\bas previously (?:stated|mentioned)\b|\bas i (?:already |previously )?(?:mentioned|stated|said|noted|explained) (?:before|previously)\b|\bas i (?:already|previously) (?:mentioned|stated|said|noted|explained)\b",
       "reads as reproach", "Repeat the point itself, without referring back.", needs=('my last', 'my previous', 'my earlier', 'my prior', 'my first', 'i have', "i've", 'previously', 'before', 'already')),
    _p("passive-aggressive", r"\b(?:friendly|gentle|quick|another|second|final) reminder\b|\bstill waiting\b|\bfollowing up (?:again|once more|yet again)\b|\bbumping this\b|\b(?:writing|following up|emailing|chasing|contacting you|reaching out) (?:for the|a) (?:second|third|fourth|fifth|\d+(?:st|nd|rd|th)) time\b|\b(?:no|not had an?y?|haven't had an?y?|have not had an?y?|never got an?y?|received no) (?:reply|response|answer|acknowledg(?:e)?ment) to (?:my|either of my|any of my) (?:previous |last |earlier |other |first )?(?:\w+ )?(?:e-?mails?|messages?|notes?|calls?)\b|\bresending (?:this|my)\b|\bi(?:'m| am) sure you(?:'re| are| have been|'ve been) (?:very |really |super )?busy,? but\b",
       "passive-aggressive reminder", "Ask the question directly and warmly.", needs=('reminder', 'still waiting', 'again', 'once more', 'bumping', 'resending', 'busy', 'time', 'reply', 'response', 'answer', 'acknowledg')),
    # asks-decision
    _p("asks-decision", r"\bdid i (?:get|land|win|receive) (?:the|this|that) (?:job|role|position|offer)\b|\bdid i (?:get it|pass|make it|make the cut|get through)\b|\bhave i (?:got(?:ten)? the (?:job|role|position|offer)|been selected|passed)\b|\bwas i (?:successful|selected|chosen|picked|accepted)\b",
       "asks whether you got the job", "Ask about the timeline and next steps instead.", needs=('did i', 'have i', 'was i')),
    _p("asks-decision", r"\bam i (?:still )?(?:in the running|being considered|a candidate|in consideration|on the shortlist|shortlisted)\b|\bwhat are my (?:chances|odds)\b|\bhow did i do\b(?! (?:it|that|this|so))|\bis the (?:job|role|position|offer) mine\b|\b(?:are you|will you) (?:going to )?(?:hire|offer) me\b|\bhave you decided (?:on me|whether to hire me|if i)\b|\bwill i (?:get|be getting|receive) (?:an|the) offer\b",
       "asks for the outcome", "Ask about the timeline and offer more information.", needs=('am i', 'chances', 'odds', 'how did i', 'mine', 'hire me', 'offer me', 'decided', 'will i')),
    _p("asks-decision", r"\b(?:whether|if) i(?:'m| am) still (?:in the running|being considered|under consideration|in contention|a candidate)\b|\bwhat my (?:chances|odds) are\b|\b(?:whether|if) i (?:got|have got|passed|was successful|was selected)\b|\b(?:whether|if) i (?:have|'ve) been (?:successful|unsuccessful|selected|chosen|shortlisted|offered)\b",
       "asks for the outcome", "Ask about the timeline and offer more information.", needs=('whether i', 'if i', 'chances', 'odds')),
    # argues-rejection
    _p("argues-rejection", r"\bwhy (?:did you|was|were|would you|has|have you)\b[^.?!\n]{0,40}\b(?:someone else|another candidate|the other candidate|other candidates?|them|him|her|they)\b[^.?!\n]{0,30}\b(?:chosen|selected|hired|picked|preferred|choose|select|hire|pick|prefer)\b|\bwhy (?:you )?(?:chose|picked|selected|hired|preferred) (?:someone else|another candidate|them|him|her)\b",
       "asks why someone else was chosen", "Ask for one or two points you could work on instead.", needs=('why',)),
    _p("argues-rejection", r"\b(?:i )?(?:strongly |respectfully |completely )?disagree with (?:your|the|this) (?:decision|assessment|feedback|outcome)\b|\b(?:please |to )?reconsider(?:ing)? (?:your|the|this|my) (?:decision|application|candidacy)\b|\bplease reconsider\b|\breconsider (?:it|that|the (?:committee|panel)(?:'s|s')? decision|your choice)\b|\bwho (?:was|got|has been|you) (?:offered|given|hired|appointed|chose|selected)\b|\bchose (?:them|him|her|someone else|another candidate) over me\b|\bwhat (?:more|else) (?:you|the committee|the panel|they|the team) (?:was|were) looking for\b|\b(?:made|making) (?:a|the wrong) (?:mistake|wrong (?:decision|choice)|choice|decision)\b|\bwrong (?:decision|choice|call)\b|\b(?:got|get|have got|getting) (?:this|it|that)(?: one)? wrong\b",
       "disputes the decision", "Thank them for the decision; keep the door open.", needs=('disagree', 'reconsider', 'who ', 'chose', 'looking for', 'mistake', 'wrong')),
    _p("argues-rejection", r"\bmore (?:qualified|experienced|suited) than (?:the|whoever|him|her|them|the person|the candidate)\b|\bwhat did (?:they|he|she|the other candidate|the successful candidate) have that i\b|\bwhat (?:the (?:other|successful|chosen|hired) (?:candidate|person|applicant)|they|he|she) (?:had|brought|offered|has|have) that i (?:didn|did not|don|do not|lack)|\bhow do i compare\b|\bcompare(?:d)? (?:me )?(?:to|with) the (?:other|successful|hired|chosen) (?:candidate|person|applicant)\b|\bwho (?:did you|you) (?:hire|choose|pick|select)\b|\bwho got the (?:job|role|position|offer)\b|\b(?:isn" + _APOS + r"?t|is not|wasn" + _APOS + r"?t|was not|not) fair\b|\bunfair\b",
       "asks to be compared with the hired candidate or calls it unfair", "Ask what would strengthen a future application instead.", needs=('qualified', 'experienced', 'suited', 'that i', 'compare', 'who ', 'fair')),
    _p("argues-rejection", r"\bi (?:don" + _APOS + r"?t|do not|can" + _APOS + r"?t|cannot) (?:understand|believe|see) (?:why|how) (?:i|you|my)\b|\bi was (?:clearly|obviously|definitely) the\b",
       "disputes the decision", "Accept the decision gracefully; ask for feedback if you want it.", needs=('understand', 'believe', 'see', 'clearly', 'obviously', 'definitely')),
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
    _p("hedging", r"\bi think maybe\b|\bmaybe perhaps\b|\bdoes (?:that|this) (?:make sense|sound ok)\b|\bi(?:'m| am) not sure (?:if|whether) (?:this|it) (?:is|would be|makes)\b|\bi guess\b|\bif (?:that" + _APOS + r"s|that is|it" + _APOS + r"s|it is) (?:ok|okay|alright|all right)\b|\bi (?:was )?wondering if (?:maybe|perhaps|possibly)\b|\bhopefully (?:that|this) (?:is|was) (?:ok|okay|fine)\b|\bi feel like\b",
       "hedging", "Say it directly.", needs=('maybe', 'perhaps', 'make sense', 'sound ok', 'not sure', 'guess', 'ok', 'alright', 'all right', 'wondering', 'hopefully', 'feel like')),
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
       words=TEXT_SPEAK + ("y'all", "y\u2019all")),
    _p("slang", r"\b(?:" + "|".join(CASUAL) + r"|cool beans|crush(?:ed)? it|had a blast|super (?:excited|stoked|pumped))\b",
       "slang", "Use standard words.",
       words=CASUAL + ("beans", "crush", "crushed", "blast", "super")),
    # "u" for "you" and the like, in lower case; "U" in capitals only where it can only be "you"
    # ("Thank U", "U are"), never "U.S.", "U of T" or "Section U"
    _p("slang", _START + r"(?:u|ur|ty|tho|r(?= u\b)|(?:(?<=[Tt]hank )|(?<=THANK )|(?<=[Ss]ee )|(?<=[Ll]ove )|(?<=[Mm]iss ))U(?! of\b)"
       r"|U(?= (?:r|are|were|have|can|could|would|will|too|guys|all)\b))" + _EDGE,
       "text speak", "Write the words out: 'you', 'your', 'thank you', 'though'.",
       words=LOWER_ONLY, cased=True),
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


def check_phrases(data: Input):
    """Every phrase match in the subject and body, with hedging raised when frequent."""
    hedges = []
    for field, text in data.fields():
        lowered = text.lower()
        words_of = _words_of(lowered)
        for phrase in PHRASES:
            if phrase.kinds is not None and data.kind not in phrase.kinds:
                continue
            if not data.config.enabled(phrase.code):
                continue
            message = phrase.message
            if "{a_kind}" in message:
                message = message.replace("{a_kind}", KIND_NAMES.get(data.kind or "", "a follow-up"))
            for match in phrase.finditer(text, lowered, words_of):
                quoted = text[match.start():match.end()].strip()
                finding = data.find(phrase.code, f"{message}: '{quoted}'",
                                    match.start(), match.end(), phrase.suggestion, field=field)
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
