"""Words about a person in a topic, and topics about someone's private life.

A debrief topic is your own note, written about the interviewer ("how she handles on-call",
"her divorce and why she is leaving"). A note to them says it to them ("you", "your ..."); a note
to anyone else never repeats what someone shared of their private life. Read by the review
(topic-wording, private-topic) and by whatever drafts a note from a topic.

>>> someone_in("Data contracts (and why they matter)")
''
>>> someone_in("the roadmap and how she plans it")
'she'
>>> private_life("her divorce and why she is leaving")
'her divorce'
"""

from __future__ import annotations

import re

# Words for a person other than the writer and the reader, always
_SINGULAR = frozenset("""
    she he her his him hers herself himself she's he's she'd he'd she'll he'll
""".split())
# ... and these, unless a plural noun before them in the same text is what they stand for
# ("data contracts and why they matter": the contracts)
_PLURAL = frozenset("they their them theirs themselves they're theyre they've they'd they'll".split())
# Nouns for a group that takes "they" ("the team and how they run on-call"): a group, not one person
_GROUPS = frozenset("""
    team company org organisation organization business department group board panel firm startup
    staff crew squad function unit management leadership
""".split())
# Words ending in "s" that are no plural nouns
_NOT_PLURAL = frozenset("""
    this was has does is its yes thus plus less unless always perhaps sometimes across whereas
    besides towards afterwards upwards forwards backwards various previous serious famous nervous
    obvious anxious curious numerous generous enormous continuous analysis basis crisis process
    access success business status focus bonus campus census virus bus gas lens news series
    physics mathematics economics politics ethics logistics analytics kubernetes jenkins postgres
    redis aws his hers ours yours theirs us
""".split())
_WORD = re.compile(r"[^\W\d_][\w'\u2019-]*")


def _bare(word: str) -> str:
    return word.replace("\u2019", "'").casefold()


def _plural_noun(word: str) -> bool:
    """Whether a word reads as a plural noun or a group ("contracts", "pipelines", "the team")."""
    low = _bare(word)
    if low in _GROUPS or low.rstrip("s") in _GROUPS:
        return True
    return (len(low) > 3 and low.endswith("s") and not low.endswith(("ss", "us", "is", "'s"))
            and low not in _NOT_PLURAL and low.isalpha())


def someone_in(text: str) -> str:
    """The first word of `text` for a person other than you and the reader ("she", "his",
    "they" with nothing before it that it may stand for), as typed; "" when none."""
    words = _WORD.findall(text)
    for index, word in enumerate(words):
        low = _bare(word)
        if low in _SINGULAR:
            return word
        if low in _PLURAL and not any(_plural_noun(w) for w in words[:index]):
            return word
    return ""


# Words for "we" in a topic: your own note, written from the interviewer's side ("our team's
# parental leave policy", as they said it); in a note to them it is the reader's ("your team's")
_WE = {"we": "you", "our": "your", "ours": "yours", "us": "you", "ourselves": "yourselves", "we're": "you're",
       "we've": "you've", "we'd": "you'd", "we'll": "you'll"}


def we_in(text: str) -> str:
    """The first word of `text` for "we" ("our", "we", "us"), as typed; "" when none ("US", in
    capitals, is the country).

    >>> we_in("our team's parental leave policy")
    'our'
    >>> we_in("expanding into the US market")
    ''
    """
    for word in _WORD.findall(text):
        if _bare(word) in _WE and word != "US":
            return word
    return ""


def as_yours(text: str) -> str:
    """A topic written from the interviewer's side as said to them: "our team's parental leave
    policy" -> "your team's parental leave policy"."""
    def swap(match: re.Match) -> str:
        word = match.group()
        said = _WE.get(_bare(word))
        if said is None or word == "US":
            return word
        return said.capitalize() if word[:1].isupper() else said
    return _WORD.sub(swap, text)


# What a topic says of someone's private life: their family, health, a separation, a pregnancy,
# a loss, their leaving. After a possessive ("her divorce", "his mother's illness", "Priya's new
# baby", "her daughter's graduation"), or a state after "she"/"he"/"they" ("why she is leaving",
# "he's been ill").
_KIN = r"husband|wife|spouse|kids?|children|child|baby|son|daughter|mother|father|mom|mum|dad|parents?"
# "his family of microservices": a set of things ("his family of four" is his family)
_FAMILY = r"family(?!\s+of\s+(?!(?:two|three|four|five|six|seven|eight|nine|ten|\d+)\b))"
_PRIVATE_NOUNS = (
    r"divorce|separation|marriage|wedding|husband|wife|spouse|ex|" + _FAMILY + r"|kids|children|child|baby|son"
    r"|daughter|mother|father|mom|mum|dad|parents?|pregnancy|maternity|paternity|miscarriage|illness|sickness"
    r"|disease|cancer|diagnosis|surgery|health|therapy|breakdown|burnout|funeral|death|bereavement|grief"
    r"|resignation|departure"
)
# The reader's own: their health, a loss, a separation, or their family's ("your illness", "your
# husband's surgery"); not "your family" of a well-wish ("you and your family"), a matter of
# courtesy rather than what they told you
_READERS = (
    r"divorce|separation|miscarriage|pregnancy|illness|sickness|disease|cancer|diagnosis|surgery|health"
    r"|therapy|breakdown|burnout|funeral|death|bereavement|grief|loss|recovery|operation|treatment"
)
# a person of someone's family and what of theirs is said ("daughter's graduation")
_KIN_THING = r"(?:" + _KIN + r")['\u2019]s\s+[^\W\d_][\w'\u2019-]*"
# nouns after one of the above that make it a matter of work ("family leave policy", "health data")
_WORK_AFTER = (
    r"leave|policy|policies|benefits?|plans?|insurance|coverage|programs?|programmes?|business|firms?|office"
    r"|friendly|owned|tech|data|records?|apps?|platforms?|products?|systems?|sector|industry|care|clients?"
    r"|customers?|market|domain|space|vertical|startups?|checks?|monitoring|metrics?|dashboards?|endpoints?"
)
# What one leaves, quits or retires that is no workplace: "she is leaving the old warehouse behind",
# "he is retiring the legacy pipeline" (not "leaving the company", "leaving Globex", "leaving")
_WORKPLACES = (
    r"company|team|firm|business|job|role|post|position|organisation|organization|org|group|department|industry"
    r"|field|profession|startup|workforce|bank|agency|lab|office"
)
_OF_A_THING = (r"(?!\s+(?:behind\b|(?:the|a|an|this|that|these|those|its|our|some|all)\s+(?!(?:"
               + _WORKPLACES + r")\b)))")
_STATES = (
    r"(?:leaving|quitting|retiring)" + _OF_A_THING + r"|resigning|pregnant|expecting|divorced|divorcing"
    r"|separating|separated|(?:sick|ill)(?!\s+(?:of|and\s+tired|to\s+death)\b)|unwell|dying(?!\s+(?:to|for)\b)"
    r"|grieving|bereaved|on\s+leave|off\s+sick|burn(?:ed|t)\s+out|in\s+hospital"
)
_AFTER = r"\b(?![-'\u2019]\w)(?!\s+(?:" + _WORK_AFTER + r")\b)"
_POSSESSIVE = re.compile(
    r"\b(?P<who>her|his|their|[^\W\d_]+['\u2019]s)\s+(?:(?P<between>[\w'\u2019-]+)\s+)??"
    r"(?P<what>" + _KIN_THING + r"|" + _PRIVATE_NOUNS + r")" + _AFTER,
    re.IGNORECASE,
)
_YOURS = re.compile(
    r"\b(?P<who>your)\s+(?:(?P<between>[\w-]+)\s+)??(?P<what>" + _KIN_THING + r"|" + _READERS + r")" + _AFTER,
    re.IGNORECASE,
)
_STATE = re.compile(
    r"\b(?P<who>she|he|they)(?:['\u2019]s|['\u2019]re)?(?:\s+(?:is|was|are|were|has|have|had|got|been|being|just"
    r"|recently|now|soon|about|to|getting|going|be|will|would|might|may|still|also|currently))*\s+"
    r"(?P<what>" + _STATES + r")\b",
    re.IGNORECASE,
)


def private_life(text: str) -> str:
    """The words of `text` that speak of someone's private life ("her divorce", "she is
    leaving", and the reader's own health or loss: "your illness", "your husband's surgery"), as
    written; "" when none. "They" and "their" after a plural noun they may stand for ("engineers
    and their kids") are left alone, as a group is no one person.

    >>> private_life("I hope your husband's surgery went well.")
    "your husband's surgery"
    >>> private_life("Tom said he was sick of flaky tests")
    ''
    """
    for pattern in (_POSSESSIVE, _YOURS, _STATE):
        for match in pattern.finditer(text):
            who = _bare(match.group("who"))
            if who.endswith("'s") and not match.group("who")[:1].isupper():
                continue  # "the company's family leave": of a thing, not of a person named
            between = _bare(match.group("between") or "") if "between" in pattern.groupindex else ""
            if between.removesuffix("'s") in _GROUPS:
                continue  # "his team's health": the team's
            if who in _PLURAL and any(_plural_noun(w) for w in _WORD.findall(text[:match.start()])):
                continue
            if who.endswith("'s") and who[:-2] in _GROUPS:
                continue
            return match.group(0)
    return ""
