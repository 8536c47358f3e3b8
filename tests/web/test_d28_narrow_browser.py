"""At 320 CSS px (a phone, or 400% zoom) Today's *On their way* table once started its When
column off-screen, and the Pipeline's headings were cut ("Interviewin"). The table's rows are
stacked there, each cell named, and the pipeline's columns are one under the other.

In Debian's Chromium, the desk served for real over the demo's records.
"""

from __future__ import annotations

from datetime import timedelta

from tests.web.conftest import NOW, draft, logged_in, make_app, mark_scheduled
from tests.web.live import login


def _scheduled(live, db_url) -> None:
    # drafted through another desk over the same database (the live one's login link is the page's)
    client, csrf = logged_in(make_app(db_url, demo=False))
    message_id = draft(client, csrf, "thank_you:i1:p2")
    mark_scheduled(db_url, message_id, at=NOW + timedelta(hours=20))
    live.app.state.desk.changed()


def test_on_their_way_and_the_pipeline_fit_at_320_px(page, live, db_url):
    _scheduled(live, db_url)
    login(page, live)
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(live.url + "/")
    when = page.locator("#out-h ~ .table-scroll td[data-label='When']").first
    box = when.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 320, box
    assert "Fri 27 Nov 2026" in when.inner_text() or "Thu 26 Nov 2026" in when.inner_text()
    assert when.evaluate("e => getComputedStyle(e, '::before').content") == '"When: "'
    page.goto(live.url + "/pipeline")
    for heading in page.locator(".column h2").all():
        edge = heading.bounding_box()
        assert edge["x"] >= 0 and edge["x"] + edge["width"] <= 320, (heading.inner_text(), edge)
        assert heading.evaluate("e => e.scrollWidth <= e.clientWidth"), heading.inner_text()
    assert "Interviewing" in page.locator(".column h2").all_inner_texts()[1]
