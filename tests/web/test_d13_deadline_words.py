"""A deadline at midnight on a clock is said on the desk as the end of the day before, as the
terminal says it (`afterview why`, `today`): "due end of Wed 25 Nov 2026", never "due Thu 26 Nov
2026, 00:00" (which reads as Thursday's, though nothing of Thursday is left to it). The moment
stays; only the words change. Starts (from, a scheduled time) are moments, said as ever."""

from __future__ import annotations

import html
import re
from datetime import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from tests.helpers import afterview
from tests.web.conftest import TOKEN, client_for

TOKYO, CHICAGO = ZoneInfo("Asia/Tokyo"), ZoneInfo("America/Chicago")


def _text(markup: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", markup))).strip()


def _desk(tmp_path, user_tz: str, user_country: str, at: str, start: str):
    """Yuki Tanaka in Tokyo, interviewed for an hour from `start` (the user's time), the thank-you
    due 24 h after its end: 00:00 on Thursday in Tokyo. Returns the database and a logged-in
    client of a desk at `at`."""
    db = str(tmp_path / "av.db")
    for step in [("profile", "set", "--name", "Alex Morgan", "--tz", user_tz, "--country", user_country),
                 ("person", "add", "Yuki Tanaka", "--email", "yuki@fabrikam.example", "--company", "Fabrikam",
                  "--tz", "Asia/Tokyo", "--country", "JP"),
                 ("opportunity", "add", "--company", "Fabrikam", "--role", "Platform Engineer"),
                 ("interview", "add", "--opportunity", "1", "--start", start, "--duration", "1h",
                  "--with", "Yuki Tanaka")]:
        done = afterview("--db", db, "--at", at, *step)
        assert done.code == 0, (step, done.err)
    from afterview.domain.values import parse_when
    from afterview.interfaces.web.app import create_app

    now = parse_when(at, now=datetime.now(TOKYO), tz=user_tz)
    client = client_for(create_app(f"sqlite:///{db}", now=lambda: now, token=TOKEN,
                                   allowed_hosts={"testserver"}))
    assert client.get(f"/login?token={TOKEN}", follow_redirects=False).status_code == 303
    return db, client


def _why(page: str) -> str:
    found = re.search(r'<div class="why-body">(.*?)</div>', page, re.S)
    assert found, page[:2000]
    return _text(found.group(1))


def _card(page: str) -> str:
    found = re.search(r'<p class="where">(.*?)</p>', page, re.S)
    assert found, page[:2000]
    return _text(found.group(1))


def test_why_says_their_midnight_deadline_as_the_terminal_does(tmp_path):
    at = "2026-11-25 08:00 America/Chicago"
    db, client = _desk(tmp_path, "America/Chicago", "US", at, "2026-11-24 08:00")
    terminal = afterview("--db", db, "--at", at, "why", "thank_you:i1:p1").out
    assert "due end of Wed 2026-11-25 (Asia/Tokyo, where the rules apply)" in terminal, terminal
    for path in ("/", "/opportunities/1", "/people/1"):
        why = _why(client.get(path).text)
        assert ("Their time (Asia/Tokyo, where the rules apply): from Wed 25 Nov 2026, 01:00, "
                "due end of Wed 25 Nov 2026.") in why, (path, why)
        assert "00:00" not in why, (path, why)
        # your clock shows 09:00 then: said as it is
        assert "Your time (America/Chicago): from Tue 24 Nov 2026, 10:00, due Wed 25 Nov 2026, 09:00." in why
        # a start at their 09:00 is a moment, said as one
        assert "Suggested send time: Wed 25 Nov 2026, 18:00 your time, Thu 26 Nov 2026, 09:00 their time" in why


def test_a_midnight_deadline_on_your_own_clock_is_the_end_of_the_day_before(tmp_path):
    # you in Tokyo as Yuki is: the deadline is at midnight on your clock too
    _, client = _desk(tmp_path, "Asia/Tokyo", "JP", "2026-11-25 22:00 Asia/Tokyo", "2026-11-24 23:00")
    page = client.get("/").text
    card = _card(page)
    assert "due end of Wed 25 Nov 2026 (in 2 hours)" in card, card
    assert 'datetime="2026-11-26T00:00:00+09:00"' in page  # the moment stays
    why = _why(page)
    assert "Your time (Asia/Tokyo): from Wed 25 Nov 2026, 01:00, due end of Wed 25 Nov 2026." in why, why
    assert "Their time" not in why and "00:00" not in why, why


def test_the_deadline_filter():
    from afterview.interfaces.web.views import deadline

    midnight = datetime(2026, 11, 26, 0, 0, tzinfo=TOKYO)
    assert deadline(midnight, "Asia/Tokyo") == "end of Wed 25 Nov 2026"
    assert deadline(midnight, "America/Chicago") == "Wed 25 Nov 2026, 09:00"  # not midnight there
    assert deadline(midnight.replace(minute=1), "Asia/Tokyo") == "Thu 26 Nov 2026, 00:01"
    assert deadline(None, "Asia/Tokyo") == ""


@pytest.mark.parametrize("tz, said", [
    ("Asia/Tokyo", "Your time (Asia/Tokyo): from Mon 23 Nov 2026, 09:00, due end of Wed 25 Nov 2026, "
                   "at the latest end of Fri 27 Nov 2026."),
    ("America/Chicago", "Their time (Asia/Tokyo, where the rules apply): from Mon 23 Nov 2026, 09:00, "
                        "due end of Wed 25 Nov 2026, at the latest end of Fri 27 Nov 2026."),
])
def test_why_says_the_latest_moment_at_midnight_as_the_end_of_the_day_before(tz, said):
    from afterview.interfaces.web.app import Renderer

    renderer = Renderer()
    action = SimpleNamespace(earliest=datetime(2026, 11, 23, 9, 0, tzinfo=TOKYO),
                             due=datetime(2026, 11, 26, 0, 0, tzinfo=TOKYO),
                             latest=datetime(2026, 11, 28, 0, 0, tzinfo=TOKYO), send_at=None)
    why = SimpleNamespace(zone="Asia/Tokyo", rule_title="A rule", source="A source", heuristic=False, shaped_by=[])
    renderer.env.globals["explain"] = lambda view: why
    view = SimpleNamespace(title="Thank-you note to Yuki Tanaka", action=action, message=None)
    shown = renderer.env.from_string('{% import "macros.html" as ui %}{{ ui.why_timing(view, tz) }}').render(
        view=view, tz=tz)
    assert said in _text(shown), _text(shown)
