"""An action's times are labelled alike on every page: Today's Coming up and a card (the
opportunity's page) both say "from …, due …", as `afterview agenda` does."""

from __future__ import annotations

import html
import re

from afterview.interfaces.web.views import deadline, when


def test_coming_up_and_the_opportunity_page_say_from_and_due(app, client):
    snap = app.state.desk.snapshot()
    tz = app.state.desk.user_tz()
    upcoming = [a for a in snap.actions if a.earliest > snap.now and a.earliest != a.due and a.opportunity_id]
    assert upcoming, "the demo has an upcoming action"
    action = upcoming[0]
    said = f"from {when(action.earliest, tz)}, due {deadline(action.due, tz)}"
    today = client.get("/").text
    coming = today[today.index("Coming up"):]
    line = next(li for li in coming.split("<li>") if f"from {when(action.earliest, tz)}" in text(li))
    assert said in text(line.split("<details")[0])  # the line itself, not only its Why this timing
    page = client.get(f"/opportunities/{action.opportunity_id}").text
    wheres = [text(p) for p in re.findall(r'<p class="where">(.*?)</p>', page, re.S)]
    assert any(said in where for where in wheres), wheres


def text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", fragment)).split())
