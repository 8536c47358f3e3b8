"""The etiquette linter: review a follow-up's subject and body against its context.

>>> from afterview.reviewer import review, ReviewContext
>>> [f.code for f in review("Thank you - Data Engineer interview", "Dear [Name],\\n\\nThanks!", ReviewContext())]
['placeholder']

Rule families live in `rules/`; codes, severities and explanations in `catalogue.py`; the
`[lint]` settings in `config.py`. The spelling dictionary, VADER and holidays are loaded on
first use only.
"""

from afterview.reviewer.catalogue import RULES, explain, get_rule
from afterview.reviewer.config import DEFAULT_LENGTHS, ReviewConfig
from afterview.reviewer.engine import register, review, worst
from afterview.reviewer.model import CHANNELS, KINDS, Finding, ReviewContext, Rule


def context_for_message(facts, message, playbook=None) -> ReviewContext:
    """The review context of a stored message (see reviewer/context.py); `playbook`: the
    effective one (its LinkedIn note limit, a thank-you's due moment), read when not given."""
    from afterview.reviewer.context import context_for_message as build

    return build(facts, message, playbook)


__all__ = [
    "CHANNELS",
    "DEFAULT_LENGTHS",
    "KINDS",
    "RULES",
    "Finding",
    "ReviewConfig",
    "ReviewContext",
    "Rule",
    "context_for_message",
    "explain",
    "get_rule",
    "register",
    "review",
    "worst",
]
