"""The desk says which reading a time in the hour the clocks go back is.

On Sun 1 Nov 2026 Chicago's clocks go from 01:59 CDT back to 01:00 CST: 06:30Z is 01:30 CDT and
07:30Z, an hour later, 01:30 CST. The desk's time filters (`when`, `interview_span`,
`zoned_time`, and `typed_local` for a field a time is typed back into) give each its reading,
on every page that shows one; every other time reads as before.
"""

from __future__ import annotations

import html
import re
from datetime import datetime, timezone

from afterview.domain import model as m
from afterview.domain.values import parse_when
from afterview.interfaces.web import views
from tests.web.conftest import read

UTC = timezone.utc
FIRST = datetime(2026, 11, 1, 6, 30, tzinfo=UTC)  # 01:30 CDT
SECOND = datetime(2026, 11, 1, 7, 30, tzinfo=UTC)  # 01:30 CST, an hour later
ORDINARY = datetime(2026, 12, 1, 16, 0, tzinfo=UTC)  # 10:00 CST
CHICAGO = "America/Chicago"


def test_the_time_filters_say_the_reading():
    assert views.when(FIRST, CHICAGO) == "Sun 01 Nov 2026, 01:30 CDT"
    assert views.when(SECOND, CHICAGO) == "Sun 01 Nov 2026, 01:30 CST"
    assert views.when(ORDINARY, CHICAGO) == "Tue 01 Dec 2026, 10:00"
    assert views.when(FIRST, "Europe/Berlin") == "Sun 01 Nov 2026, 07:30"  # a clock that shows it once
    assert views.when(None, CHICAGO) == ""
    assert views.zoned_time(FIRST, CHICAGO) == "01:30 CDT America/Chicago"
    assert views.zoned_time(SECOND, CHICAGO) == "01:30 CST America/Chicago"
    assert views.zoned_time(ORDINARY, CHICAGO) == "10:00 America/Chicago"
    assert views.zoned_time(None, CHICAGO) == ""
    # the templates' names for them
    assert views.FILTERS["when"] is views.when and views.FILTERS["zoned_time"] is views.zoned_time
    assert views.FILTERS["typed_local"] is views.typed_local


def test_a_time_typed_back_into_a_field_says_its_reading_as_it_is_typed():
    """Schedule's Send at is filled with the suggested moment: in the repeated hour with its offset
    (a zone's letters are refused there), so that sending the field as it stands is that moment."""
    now = datetime(2026, 10, 30, 12, 0, tzinfo=UTC)
    assert views.typed_local(FIRST, CHICAGO) == "2026-11-01 01:30-05:00"
    assert views.typed_local(SECOND, CHICAGO) == "2026-11-01 01:30-06:00"
    assert views.typed_local(ORDINARY, CHICAGO) == "2026-12-01 10:00"
    assert views.typed_local(None, CHICAGO) == ""
    for moment in (FIRST, SECOND, ORDINARY):  # (as moments: PEP 495 says a time in a fold equals none in UTC)
        assert parse_when(views.typed_local(moment, CHICAGO), now=now, tz=CHICAGO).astimezone(UTC) == moment


def _in_chicago(db_url):
    """The user in Chicago; the demo's interview 1 moved to 01:30 CDT-01:15 CST, interview 2 to
    01:30 CST-02:00 CST, both in Chicago."""
    def move(tx):
        profile = tx.profile()
        profile.timezone = CHICAGO
        tx.save_profile(profile)
        for number, start, end in ((1, FIRST, datetime(2026, 11, 1, 7, 15, tzinfo=UTC)),
                                   (2, SECOND, datetime(2026, 11, 1, 8, 0, tzinfo=UTC))):
            interview = tx.get(m.Interview, number)
            interview.start, interview.end, interview.timezone = start, end, CHICAGO
            tx.update(interview)
        return tx.get(m.Interview, 2).opportunity_id

    return read(db_url, move)


def _text(page: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


def test_pages_tell_two_interviews_at_the_same_reading_apart(client, db_url):
    second_opportunity = _in_chicago(db_url)
    first = _text(client.get("/interviews/1/debrief").text)
    assert "Sun 01 Nov 2026, 01:30 CDT-01:15 CST America/Chicago" in first, first
    second = _text(client.get("/interviews/2/debrief").text)
    assert "Sun 01 Nov 2026, 01:30 CST-02:00 America/Chicago" in second, second
    edit = _text(client.get("/interviews/2/edit").text)
    assert "Sun 01 Nov 2026, 01:30 CST America/Chicago" in edit, edit
    opportunity = _text(client.get(f"/opportunities/{second_opportunity}").text)
    assert "Sun 01 Nov 2026, 01:30 CST" in opportunity, opportunity
    # the rest of the desk's times as before: today's date line (Thu 26 Nov 2026, 09:00 in Chicago)
    today = _text(client.get("/").text)
    assert "Thu 26 Nov 2026, 09:00 · America/Chicago" in today, today[:600]
