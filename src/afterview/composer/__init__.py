"""The composer: drafts from recorded facts through Jinja2 templates; rewriters and their fact check.

>>> from afterview.composer import compose, DraftRequest
>>> draft = compose(facts, DraftRequest(kind=MessageKind.THANK_YOU, person_id=3, interview_id=7), "warm")
>>> draft.subject, draft.gaps
('Thank you - Data Engineer interview', [])
"""

from afterview.composer.card import card_html
from afterview.composer.compose import compose
from afterview.composer.draft import TEMPLATE_NAMES, TONES, Draft, DraftRequest, Gap
from afterview.composer.rewriter import (
    Rewriter,
    apply_rewrite,
    fact_check,
    register_rewriter,
    rewriter_from_config,
)
from afterview.composer.templates import TemplateSet

__all__ = [
    "TEMPLATE_NAMES", "TONES", "Draft", "DraftRequest", "Gap", "Rewriter", "TemplateSet",
    "apply_rewrite", "card_html", "compose", "fact_check", "register_rewriter",
    "rewriter_from_config",
]
