"""The keys of planned actions ("thank_you:i12:p5"): their forms, and the ids they name.

The planner makes them (afterview.planner.engine); decisions (done, snooze, skip) and messages
refer to an action by its key.
"""

from __future__ import annotations

import re

# Every key the planner makes: kind, then the ids it is about (i: interview, o: opportunity,
# p: person, n: a sequence number or a news item).
KEY_FORMS = {
    "thank_you": re.compile(r"^thank_you:i(?P<i>\d+):p(?P<p>\d+)$"),
    "status_check": re.compile(r"^status_check\.(?P<n>[12]):o(?P<o>\d+):i(?P<i>\d+):p(?P<p>\d+)$"),
    "closing_the_loop": re.compile(r"^closing_the_loop:o(?P<o>\d+):i(?P<i>\d+):p(?P<p>\d+)$"),
    "rejection_reply": re.compile(r"^rejection_reply:o(?P<o>\d+):p(?P<p>\d+)$"),
    "linkedin_note": re.compile(r"^linkedin_note:p(?P<p>\d+)$"),
    "keep_warm": re.compile(r"^keep_warm\.(?P<n>\d+):o(?P<o>\d+):p(?P<p>\d+)$"),
    "share_news": re.compile(r"^share_news:n(?P<n>\d+):p(?P<p>\d+)$"),
    "withdrawal": re.compile(r"^withdrawal:o(?P<o>\d+):p(?P<p>\d+)$"),
}


def parse_key(key: str) -> tuple[str, dict[str, int]] | None:
    """The kind of action a key is, and the ids it names by letter; None for no known form."""
    text = key.strip()
    for kind, form in KEY_FORMS.items():
        match = form.match(text)
        if match:
            return kind, {letter: int(value) for letter, value in match.groupdict().items()}
    return None
