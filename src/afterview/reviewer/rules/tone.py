"""negative-tone: the VADER sentiment lexicon over the whole message and each sentence."""

from __future__ import annotations

from functools import lru_cache

from afterview.reviewer.engine import Input, register


@lru_cache(maxsize=1)
def _analyzer():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer  # lexicon loads once

    return SentimentIntensityAnalyzer()


def score(text: str) -> float:
    """VADER's compound score, -1 (negative) to 1 (positive)."""
    return _analyzer().polarity_scores(text)["compound"]


def check_tone(data: Input):
    doc = data.doc
    if not doc.core.strip():
        return
    found = False
    for sentence in doc.sentences:
        value = score(sentence.text)
        if value <= data.config.negative_sentence:
            found = True
            yield data.find("negative-tone", f"negative sentence (sentiment {value:+.2f})",
                            sentence.start, sentence.end,
                            "Reframe it around what you appreciated or look forward to.")
    overall = score(doc.core)
    if not found and overall <= data.config.negative_tone:
        yield data.find("negative-tone", f"the message reads as negative overall (sentiment "
                        f"{overall:+.2f})", *doc.core_span,
                        "Lead with thanks and end on what you look forward to.")


register(("negative-tone",), check_tone)
