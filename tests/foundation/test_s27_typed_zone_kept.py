"""A time the clocks skip, typed with a zone of its own ("2027-03-28 02:30 Europe/Berlin" by a
user on Chicago's clock), is refused with suggestions that keep that zone: typed as suggested,
each is one reading of the time typed, not the same wall time on the user's own clock (seven
hours later, on a Sunday for the recipient). Found by a tester with `send --at`."""

from __future__ import annotations

import re
from datetime import datetime, timezone

import pytest

from afterview.domain.values import parse_when
from afterview.errors import InvalidInput

NOW = datetime(2027, 3, 24, 23, 0, tzinfo=timezone.utc)
CHICAGO = "America/Chicago"


def _refusal(text: str, tz: str) -> str:
    with pytest.raises(InvalidInput) as refused:
        parse_when(text, now=NOW, tz=tz)
    return str(refused.value)


def test_the_suggestions_keep_the_zone_typed():
    message = _refusal("2027-03-28 02:30 Europe/Berlin", CHICAGO)
    suggested = re.findall(r"'(\d{4}-\d\d-\d\d \d\d:\d\d[^']*)'", message)[-2:]
    assert suggested == ["2027-03-28 03:30 Europe/Berlin", "2027-03-28 01:30 Europe/Berlin"], message
    readings = {parse_when(text, now=NOW, tz=CHICAGO).astimezone(timezone.utc) for text in suggested}
    # 02:30 at +01:00 and at +02:00: the two readings of what was typed
    assert readings == {datetime(2027, 3, 28, 1, 30, tzinfo=timezone.utc),
                        datetime(2027, 3, 28, 0, 30, tzinfo=timezone.utc)}


def test_a_time_on_the_users_own_clock_is_suggested_without_a_zone():
    message = _refusal("2027-03-14 02:30", CHICAGO)
    assert "'2027-03-14 03:30'" in message and "'2027-03-14 01:30'" in message, message
