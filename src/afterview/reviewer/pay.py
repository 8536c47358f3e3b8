"""Pay, benefits and relocation: the words of the offer stage.

One vocabulary for two uses: the reviewer's `salary` rule reports them in a follow-up, and the
composer never picks a recorded topic that speaks of them as the thing a note praises ("our
conversation about the relocation package"). Patterns are matched against lowercased text.
Importing this module registers nothing (unlike the rule families in `rules/`).
"""

from __future__ import annotations

import re

# Words that make "salary", "compensation" or "holiday time" a thing built or worked on, not
# pay: "the payroll and salary processing service", "motion compensation", "the holiday time
# deploy freeze".
_SYSTEM = (r"(?! (?:processing|system|systems|service|services|data|calculations?|engine|pipelines?|"
           r"module|platform|software|tool|tooling|records?|files?|database|reports?|reporting|api|apis|"
           r"integration|exports?|imports?|batch|jobs?|runs?|deploy\w*|releases?|freezes?|code freeze|"
           r"change freeze|traffic|peaks?|rush|sales?|season|launch\w*|shopping|spikes?|load|on-?call)\b)")
_TECHNICAL = "".join(f"(?<!{word} )" for word in (
    "motion", "drift", "phase", "latency", "lag", "delay", "error", "clock", "temperature", "skew",
    "offset", "jitter", "gravity", "lens", "exposure", "gain", "frequency", "dispersion", "loss"))

# Pay, benefits, time off, relocation support: named outright.
BENEFITS = re.compile(
    r"\b(?:(?:salary|salaries)" + _SYSTEM + "|" + _TECHNICAL + r"compensation" + _SYSTEM +
    r"|pay (?:range|band|scale|rate|package)|base pay|"
    r"(?:signing|sign-on|annual|performance|year-end) bonus|bonus (?:structure|scheme|plan|target)|"
    r"equity (?:package|stake|grant|component)|stock options?|rsus?|401\(?k\)?|"
    r"pension (?:scheme|plan|contributions?|match(?:ing|ed)?)|is the pension|benefits? package|"
    r"health (?:insurance|benefits)|dental (?:plan|insurance|cover)|"
    r"(?:vacation|holiday) (?:days|time|policy|allowance|entitlement)" + _SYSTEM + r"|paid vacation|weeks? of vacation|"
    r"how much vacation|paid time off|pto|(?:days off|annual leave) (?:policy|allowance|entitlement)|"
    r"relocation (?:package|assistance|support|help|budget|allowance|bonus|stipend|costs?|expenses|"
    r"benefits?|policy|payment|lump sum)|pay ri[sc]e|a raise)\b"
)
BENEFITS_NEEDS = ('salar', 'compensation', 'pay', 'bonus', 'equity', 'stock', 'rsu', '401', 'pension',
                  'benefit', 'health', 'dental', 'vacation', 'holiday', 'time off', 'pto', 'days off',
                  'leave', 'relocation', 'rise', 'raise')

# A yearly amount that is an achievement, not pay: "cut our cloud bill by $30k per year",
# "saved $400,000 a year in infrastructure costs".
_NOT_PAY_BEFORE = "".join(f"(?<!{word} )" for word in (
    "by", "saved", "save", "saves", "saving", "cut", "cuts", "of", "under", "over", "than", "to"))
_NOT_PAY_AFTER = (r"(?! (?:in|of|on) (?:[\w-]+ ){0,3}?(?:costs?|savings|spend|spending|fees|revenue|sales|"
                  r"licen[cs]es?|bills?|hosting|infrastructure|cloud))")

# An amount of money near a word about pay ("I would expect $120k", "90k a year"); a 401k is a
# retirement plan (BENEFITS), not an amount.
MONEY = re.compile(
    r"\b(?:base|salary|pay|paid|earn|earning|make|making|looking for|expect|expecting|asking|ask for|"
    r"package|offer(?: of)?|rate|compensation|comp)\b[^.?!\n]{0,30}"
    r"(?:[$\u20ac\u00a3]\s?\d[\d,.]*\s?k?\b|\b(?!401k)\d{2,3}k\b|\b\d[\d,.]* (?:dollars|euros|pounds))"
    r"|" + _NOT_PAY_BEFORE + r"(?:[$\u20ac\u00a3]\s?\d[\d,.]*\s?k?|(?<![$\u20ac\u00a3])\b(?!401k)\d{2,3}k)\b[^.?!\n]{0,20}"
    r"\b(?:a year|per year|per annum|salary|base|plus equity|plus bonus)\b" + _NOT_PAY_AFTER
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
