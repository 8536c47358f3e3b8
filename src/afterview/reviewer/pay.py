"""Pay, benefits and relocation: the words of the offer stage.

One vocabulary for two uses: the reviewer's `salary` rule reports them in a follow-up, and the
composer never picks a recorded topic that speaks of them as the thing a note praises ("our
conversation about the relocation package"). Patterns are matched against lowercased text.
Importing this module registers nothing (unlike the rule families in `rules/`).
"""

from __future__ import annotations

import re

# Pay, benefits, time off, relocation support: named outright.
BENEFITS = re.compile(
    r"\b(?:salary|salaries|compensation|pay (?:range|band|scale|rate|package)|base pay|"
    r"(?:signing|sign-on|annual|performance|year-end) bonus|bonus (?:structure|scheme|plan|target)|"
    r"equity (?:package|stake|grant|component)|stock options?|rsus?|401\(?k\)?|"
    r"pension (?:scheme|plan|contributions?|match(?:ing|ed)?)|is the pension|benefits? package|"
    r"health (?:insurance|benefits)|dental (?:plan|insurance|cover)|"
    r"(?:vacation|holiday) (?:days|time|policy|allowance|entitlement)|paid vacation|weeks? of vacation|"
    r"how much vacation|paid time off|pto|(?:days off|annual leave) (?:policy|allowance|entitlement)|"
    r"relocation (?:package|assistance|support|help|budget|allowance|bonus|stipend|costs?|expenses|"
    r"benefits?|policy|payment|lump sum)|pay ri[sc]e|a raise)\b"
)
BENEFITS_NEEDS = ('salar', 'compensation', 'pay', 'bonus', 'equity', 'stock', 'rsu', '401', 'pension',
                  'benefit', 'health', 'dental', 'vacation', 'holiday', 'time off', 'pto', 'days off',
                  'leave', 'relocation', 'rise', 'raise')

# An amount of money near a word about pay ("I would expect $120k", "90k a year").
MONEY = re.compile(
    r"\b(?:base|salary|pay|paid|earn|earning|make|making|looking for|expect|expecting|asking|ask for|"
    r"package|offer(?: of)?|rate|compensation|comp)\b[^.?!\n]{0,30}"
    r"(?:[$\u20ac\u00a3]\s?\d[\d,.]*\s?k?\b|\b\d{2,3}k\b|\b\d[\d,.]* (?:dollars|euros|pounds))"
    r"|(?:[$\u20ac\u00a3]\s?\d[\d,.]*\s?k?|\b\d{2,3}k)\b[^.?!\n]{0,20}"
    r"\b(?:a year|per year|per annum|salary|base|plus equity|plus bonus)\b"
)
MONEY_NEEDS = ('$', '€', '£', 'dollar', 'euro', 'pound', '0k', '1k', '2k', '3k', '4k', '5k', '6k', '7k',
               '8k', '9k')


def about_pay(text: str) -> bool:
    """Whether a phrase speaks of pay, benefits, time off or relocation support (what the
    `salary` rule reports): "the relocation package and the team's hybrid schedule" does,
    "relocating the data centre" or "health equity" does not."""
    lowered = str(text).lower()
    return bool((any(w in lowered for w in BENEFITS_NEEDS) and BENEFITS.search(lowered))
                or (any(w in lowered for w in MONEY_NEEDS) and MONEY.search(lowered)))
