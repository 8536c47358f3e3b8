"""No built-in wording repeats a word inside one note.

Every built-in template is rendered in every tone, for every variant a panel or a keep-in-touch
series can reach (0-97: each pair of places meets each pair of wordings, with and without the
second form of an opening), on a rich fixture: two topics or one, a result of yours (a
certificate, a result of your work) or none, a concern answered with its question named or not,
each kind of rapport line, a promise, the recruiter who arranged the day or held it alone. A
note fails when a content word (past a small list of function words and the words every note
is about: role, position, team) comes back in it, the greeting and the sign-off included:
"raised my interest in the role ... I am very interested", "Thanks again ..." above "Thanks,".
What you recorded (names, the role, the company, topics, your answer, your news) is left out
of the count: it is yours, not the template's. A thank can come twice (the opening's and "many
thanks" as the sign-off), never three times.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from afterview.composer.context import build_context
from afterview.composer.draft import TONES
from tests.composer.helpers import TEMPLATES, every_request, panel_facts

VARIANTS = range(98)

STOP = frozenset("""
a an the and or but nor so of to in on at by for from with about as into onto over after before than then
that this these those it its i me my mine we our us you your yours he she they them their is are was were
be been being am do does did have has had will would can could shall should may might must not no if when
where there which who whom whose what how why whether all any each every some more most much very also too
just only again once up out own same such both one two other others let please dear hi hello best regards
kind sincerely role position team s
""".split())

_WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019-]*")


def stem(word: str) -> str:
    """A rough stem, enough to see "interest" in "interested" and "join" in "joining"."""
    word = word.lower().replace("\u2019", "'").strip("'")
    if word.endswith("'s"):
        word = word[:-2]
    for suffix in ("ing", "ed", "es", "s", "ly"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    return word


def recorded(variables: dict) -> list[str]:
    """What the note says from your records, longest first (left out of the count)."""
    found = []
    for key in ("topic", "topic2", "role", "company", "rapport", "concern_answer", "concern_about", "promise",
                "previous_subject", "other_open_role", "topic_with", "topic_at"):
        found.append(variables.get(key))
    found += list(variables.get("topics") or []) + list(variables.get("met") or [])
    for group in ("me", "recipient", "strength", "news", "interview", "talked"):
        value = variables.get(group)
        if isinstance(value, dict):
            found += list(value.values())
    return sorted({f for f in found if isinstance(f, str) and f.strip()}, key=len, reverse=True)


def repeated(body: str, variables: dict) -> dict[str, int]:
    text = body
    for fact in recorded(variables):
        text = re.sub(re.escape(fact), " ", text, flags=re.IGNORECASE)
    words = [stem(w) for w in _WORD.findall(text) if w.lower() not in STOP]
    counts = Counter(w for w in words if w not in STOP and len(w) > 2)
    return {w: n for w, n in counts.items() if n > (2 if w == "thank" else 1)}


RAPPORT = [("shared", "we both ran the Chicago marathon"), ("theirs", "you love sailing"), ("topic", "sailing")]
NOTHING = {"title": "", "detail": "", "link": "", "kind": "", "day": "", "earned": False}
STRENGTHS = [
    False,
    {**NOTHING, "title": "Cut the pipeline's cloud costs by 30%", "kind": "achievement"},
    {**NOTHING, "title": "Earned the AWS Solutions Architect certification", "kind": "achievement", "earned": True},
]


def flavours(template: str, base: dict):
    """The variables a template is rendered with: as built, and varied where the note varies."""
    if template == "thank_you":
        for strength in STRENGTHS:
            for about in ("", "my Kafka experience"):
                for topic2 in ({base["topic2"] or "testing dbt models before deploys", ""}):
                    yield {**base, "strength": strength, "topic2": topic2,
                           "concern_answer": base["concern_answer"] or "I have since run Kafka in production",
                           "concern_about": about, "promise": base["promise"] or "the write-up on schema evolution"}
    elif template == "thank_you_recruiter":
        yield base
        yield {**base, "conducted": True, "arranged": False, "met": []}
        yield {**base, "concern_answer": "I have since run Kafka in production", "concern_about": ""}
    else:
        yield base


def cases():
    facts = panel_facts()
    for tone in TONES:
        seen = set()
        for request in every_request(facts):
            context = build_context(facts, request, tone)
            if (context.template, request.sequence) in seen:
                continue  # one note of each kind: the others render the same wordings
            seen.add((context.template, request.sequence))
            yield pytest.param(tone, context, id=f"{tone}-{context.template}-{request.sequence}")


@pytest.mark.parametrize("tone, context", list(cases()))
def test_no_word_comes_back_in_a_note(tone, context):
    problems = []
    for variables in flavours(context.template, context.variables):
        for variant in VARIANTS:
            kind, rapport = RAPPORT[variant % 3]
            rendered = TEMPLATES.render(context.template, tone, {
                **variables, "variant": variant, "rapport": rapport, "rapport_kind": kind})
            body = rendered.body
            again = repeated(body, {**variables, "rapport": rapport})
            if again:
                problems.append(f"variant {variant}: {again}\n{body}")
    assert not problems, f"{len(problems)} notes repeat a word; the first:\n" + problems[0]


def test_the_check_sees_a_repeat():
    """The check itself: a note that says "interest" twice fails, one that names the role twice does not."""
    variables = {"role": "Data Engineer", "company": "Northwind"}
    assert repeated("Hi Priya,\n\nIt raised my interest in the role. I am very interested.\n\nBest,\nAlex",
                    variables) == {"interest": 2}
    assert repeated("Hi Priya,\n\nThank you for the Data Engineer role. Thanks again.\n\nThanks,\nAlex",
                    variables) == {"thank": 3}
    assert repeated("Hi Priya,\n\nThe Data Engineer role at Northwind, the role I want.\n\nBest,\nAlex",
                    variables) == {}
