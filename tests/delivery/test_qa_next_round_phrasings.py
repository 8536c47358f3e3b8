"""Next-round phrasings testers saw read as `other`; the conditional is still no decision."""

import pytest

from afterview.delivery.replies import classify_reply
from afterview.domain.model import ReplyClass


@pytest.mark.parametrize("text", [
    "We are moving you to the final round; Carla will send a scheduling link.",
    "The team would love to have you back for an onsite.",
    "We'd like to move forward with you to the next stage.",
    "Carla will send you a scheduling link shortly.",
])
def test_next_round_phrasings_are_read(text):
    assert classify_reply(text)[0] == ReplyClass.NEXT_ROUND


@pytest.mark.parametrize("text, expected", [
    ("If you are selected, we would love to have you back for an onsite.", ReplyClass.NEEDS_REVIEW),
    ("Should the team decide to move you to the next round, Carla will reach out.", ReplyClass.NEEDS_REVIEW),
    ("We will not be moving you to the final round.", ReplyClass.OTHER),
    ("We won't move forward with you to the next stage.", ReplyClass.OTHER),
])
def test_conditional_or_negated_wording_is_no_next_round(text, expected):
    assert classify_reply(text)[0] == expected
