"""The keys of planned actions ("thank_you:i12:p5"): their forms, and the ids they name.

The planner makes them (afterview.planner.engine); decisions (done, snooze, skip) and messages
refer to an action by its key. A key is stored only in its canonical form, the planner's own:
ASCII digits without leading zeros, no spaces around it. A key typed by the user is read with
`canonical_key` (which takes "thank_you:i01:p1 " or full-width digits as thank_you:i1:p1) and
then used, checked and stored in that form only: a decision stored as typed would name no action
the planner makes, and change nothing while it said it did.
"""

from __future__ import annotations

import re

_ID = r"(?:0|[1-9][0-9]*)"  # ASCII digits, no leading zero: the planner's own form

# Every key the planner makes: kind, then the ids it is about (i: interview, o: opportunity,
# p: person, n: a sequence number or a news item).
KEY_FORMS = {
    "thank_you": re.compile(rf"^thank_you:i(?P<i>{_ID}):p(?P<p>{_ID})$"),
    "status_check": re.compile(rf"^status_check\.(?P<n>[12]):o(?P<o>{_ID}):i(?P<i>{_ID}):p(?P<p>{_ID})$"),
    "closing_the_loop": re.compile(rf"^closing_the_loop:o(?P<o>{_ID}):i(?P<i>{_ID}):p(?P<p>{_ID})$"),
    "rejection_reply": re.compile(rf"^rejection_reply:o(?P<o>{_ID}):p(?P<p>{_ID})$"),
    "linkedin_note": re.compile(rf"^linkedin_note:p(?P<p>{_ID})$"),
    "keep_warm": re.compile(rf"^keep_warm\.(?P<n>{_ID}):o(?P<o>{_ID}):p(?P<p>{_ID})$"),
    "share_news": re.compile(rf"^share_news:n(?P<n>{_ID}):p(?P<p>{_ID})$"),
    # the first chapter of a process has no number; after a reopening, its chapter's (2, 3 ...)
    "withdrawal": re.compile(rf"^withdrawal(?:\.(?P<n>[2-9]|[1-9][0-9]+))?:o(?P<o>{_ID}):p(?P<p>{_ID})$"),
}

# A number in a typed key: any decimal digits (full-width, Arabic-Indic ...), read as the number
# they write, as int() reads them
_TYPED_NUMBER = re.compile(r"\d+")


def parse_key(key: str) -> tuple[str, dict[str, int]] | None:
    """The kind of action a key is, and the ids it names by letter; None for a key not in its
    canonical form (see `canonical_key` for one typed by the user)."""
    if not isinstance(key, str):
        return None
    kind = key.partition(":")[0].partition(".")[0]
    form = KEY_FORMS.get(kind)
    match = form.fullmatch(key) if form is not None else None
    if match is None:
        return None
    return kind, {letter: int(value) for letter, value in match.groupdict().items() if value is not None}


def canonical_key(typed: str) -> str | None:
    """A key as typed, in its canonical form ("thank_you:i01:p1 " -> "thank_you:i1:p1"); None
    when it has none of the planner's forms ("thank_you:i1", "garbage")."""
    if not isinstance(typed, str):
        return None
    text = typed.strip()
    if len(text) > 200:  # far longer than any key (a pasted paragraph): no number read in it
        return None
    text = _TYPED_NUMBER.sub(lambda m: str(int(m.group())), text)
    return text if parse_key(text) is not None else None
