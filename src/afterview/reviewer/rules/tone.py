"""negative-tone: the VADER sentiment lexicon over the whole message and each sentence."""

from __future__ import annotations

import math
import re
import string
from functools import lru_cache

from afterview.reviewer.engine import Input, register


@lru_cache(maxsize=1)
def _analyzer():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer  # lexicon loads once

    return SentimentIntensityAnalyzer()


def score(text: str) -> float:
    """VADER's compound score, -1 (negative) to 1 (positive).

    A sentence longer than `_LONGEST` words (a text without full stops, a pasted log) is scored
    in pieces of `_PIECE` words, from the sum of their valences as for the whole message: VADER
    reads the whole sentence again for each of its words, which is quadratic in its length.
    """
    if len(text) > 2 * _LONGEST and len(text.split(None, _LONGEST)) > _LONGEST:  # a word and a space each
        words = text.split()
        pieces = (" ".join(words[i:i + _PIECE]) for i in range(0, len(words), _PIECE))
        return _compound(sum(_valence(_score(piece)) for piece in pieces))
    return _score(text)


_LONGEST = 120  # words: longer than any sentence of a note
_PIECE = 60


def _score(text: str) -> float:
    analyzer = _analyzer()
    if text.isascii() and not _has_lexicon_word(text, analyzer.lexicon):
        return 0.0  # nothing VADER could score: skip its slow pass over the text
    return analyzer.polarity_scores(text)["compound"]


def _has_lexicon_word(text: str, lexicon: dict) -> bool:
    """Whether any token, as VADER cuts it (or more loosely), is in its lexicon."""
    for token in text.split():
        stripped = token.strip(string.punctuation)
        if token.lower() in lexicon or stripped.lower() in lexicon:
            return True
    return False


_ALPHA = 15  # VADER's normalisation constant: compound = x / sqrt(x^2 + alpha)


def _valence(compound: float) -> float:
    compound = max(-0.9999, min(0.9999, compound))
    return compound * math.sqrt(_ALPHA / (1 - compound * compound))


def _compound(valence: float) -> float:
    return valence / math.sqrt(valence * valence + _ALPHA)


# Complaints about the process or the employer that the lexicon scores too mildly ("a bit
# disappointing"), and bitterness it does not know ("gutted"); a plain "I am disappointed"
# about one's own outcome is gracious, not negative.
_PROCESS_COMPLAINT = (
    r"\b(?:is|was|has been|have been|been|find (?:this|it|that)|found (?:this|it|that)|it's|that's|this is)"
    r"\s+(?:(?:honestly|really|quite|very|a bit|a little|rather|extremely|so|pretty|frankly|just)\s+)*"
    r"(?:disappointing|frustrating|annoying|unacceptable|ridiculous|a waste of (?:my )?time|"
    r"disorgani[sz]ed|chaotic|rude|insulting|a joke|a mess|a shambles|exhausting|unprofessional|"
    r"disrespectful|appalling|poor form|a nightmare)\b"
    r"|\bi(?:'m| am) (?:(?:honestly|really|absolutely|so|quite|just)\s+)*(?:gutted|devastated|crushed|"
    r"furious|livid|heartbroken|fed up|sick of)\b"
)
# Complaints about an employer, a manager or colleagues, past or present ("my current employer
# is a nightmare", "my manager is useless", "I hate my job"): the lexicon may score the sentence
# as positive when it also says something kind, and "useless" alone is no complaint ("a
# dashboard is useless without trusted data").
_WORKPLACE = (
    r"(?:employer|company|job|workplace|manager|boss|line manager|supervisor|director|team|team lead|colleagues|"
    r"co-?workers|firm|organi[sz]ation|department|management|leadership|ceo|cto|owners?)"
)
_EMPLOYER_COMPLAINT = (
    r"\bmy\s+(?:(?:current|present|previous|former|last|old|ex-?)\s+)?" + _WORKPLACE +
    r"\b[^.?!;\n]{0,40}?\b(?:is|was|are|were|has been|have been|['\u2019]s|seems|seemed|can be|could be)\s+"
    r"(?:(?:honestly|really|quite|very|a bit|a little|so|just|completely|totally|utterly|such|frankly|pretty|"
    r"absolutely|basically|an absolute|a complete|a total|a real)\s+)*(?:an?\s+|the\s+)?"
    r"(?:nightmare|useless|terrible|awful|toxic|horrible|horrendous|incompetent|clueless|hopeless|worst|disaster|"
    r"joke|mess|miserable|unbearable|impossible|lazy|rubbish|dysfunctional|chaotic|disorgani[sz]ed|shambles|"
    r"abusive|unprofessional|micromanag\w*|hell|hellish|dreadful|appalling|pathetic|stupid|idiots?|hostile|"
    r"clown show|sinking ship|dead end|dead-end)(?![\w-])"
    r"|\bi(?:\s+(?:hate|can['\u2019]t stand|cannot stand|despise|loathe)|(?:['\u2019]m|\s+am)\s+(?:sick of|tired of|fed up with))\s+"
    r"(?:my\s+(?:(?:current|present|previous|former|last|old)\s+)?" + _WORKPLACE + r"|working\s+(?:for|at|with|there|here))\b"
)
# The same complaint said in passing: an insult as an adjective ("my toxic workplace", "three
# years of incompetent leadership at my current company") or a comparison that runs the employer
# down ("Unlike my current employer, your team seems to care").
_INSULT = (
    r"(?:toxic|incompetent|clueless|useless|terrible|awful|horrible|horrendous|dysfunctional|chaotic|abusive|"
    r"hostile|miserable|lazy|pathetic|stupid|hellish|dreadful|appalling|disorgani[sz]ed|unprofessional|"
    r"micromanaging|inept|corrupt|spineless|petty|backstabbing|soul-?crushing|dead-?end)"
)
_MINE = r"my\s+(?:(?:current|present|previous|former|last|old|ex-?)\s+)?"
_EMPLOYER_ASIDE = (
    r"\b" + _MINE + _INSULT + r"\s+(?:(?:current|present|previous|former|last|old)\s+)?" + _WORKPLACE + r"\b"
    r"|\b(?:" + _INSULT + r"|poor|bad|weak)\s+(?:leadership|management|managers?|bosses|boss|colleagues|co-?workers|"
    r"culture|team|direction)\s+(?:at|in|of)\s+" + _MINE + _WORKPLACE + r"\b"
    r"|\bunlike\s+(?:at\s+)?" + _MINE + _WORKPLACE + r"\b"
)
_COMPLAINT = re.compile(_PROCESS_COMPLAINT + "|" + _EMPLOYER_COMPLAINT + "|" + _EMPLOYER_ASIDE, re.IGNORECASE)


def check_tone(data: Input):
    doc = data.doc
    if not doc.core.strip():
        return
    found = False
    total = 0.0
    for sentence in doc.sentences:
        value = score(sentence.text)
        total += _valence(value)
        complaint = _COMPLAINT.search(sentence.text)
        negative = value <= data.config.negative_sentence
        if negative or complaint:
            found = True
            # say what made it negative: the complaint quoted, the score only when the score did
            reasons = [f"a complaint: '{complaint.group().strip()}'"] if complaint else []
            if negative:
                reasons.append(f"a negative sentence (sentiment {value:+.2f})")
            yield data.find("negative-tone", "; ".join(reasons), sentence.start, sentence.end,
                            "Reframe it around what you appreciated or look forward to.")
    # The whole message's score is VADER's normalisation of the summed sentence valences: what
    # scoring the whole text again would give, at no extra cost.
    overall = _compound(total)
    if not found and overall <= data.config.negative_tone:
        yield data.find("negative-tone", f"the message reads as negative overall (sentiment "
                        f"{overall:+.2f})", *doc.core_span,
                        "Lead with thanks and end on what you look forward to.")


register(("negative-tone",), check_tone)
