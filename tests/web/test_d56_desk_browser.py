"""In Debian's Chromium, against the desk served for real: Withdraw approval in Today's *On their
way* row takes a scheduled note back, says so, and leaves the row."""

from __future__ import annotations

from datetime import datetime, timezone

from afterview.domain import model as m
from tests.web.conftest import mark_scheduled, read
from tests.web.live import login


def test_withdraw_approval_on_today(page, live, db_url):
    login(page, live)
    page.locator("article[aria-labelledby='act-thank_you-i1-p1'] button:has-text('Draft')").click()
    page.wait_for_url("**/drafts/*")
    message_id = int(page.url.split("?")[0].rsplit("/", 1)[1])
    mark_scheduled(db_url, message_id, at=datetime(2026, 11, 30, 14, 0, tzinfo=timezone.utc))
    page.goto(f"{live.url}/")
    button = page.get_by_role("button", name="Withdraw approval (the thank-you note to Priya Raman: a draft again, "
                                             "not sent)")
    assert button.count() == 1
    button.click()
    page.wait_for_selector(".flash:has-text('Taken back')")
    assert ("Taken back: the thank-you note to Priya Raman is a draft again (it was scheduled) and will not be sent "
            "until you approve or schedule it again.") in page.inner_text(".flash:has-text('Taken back')")
    assert read(db_url, lambda tx: tx.get(m.Message, message_id)).state == m.MessageState.DRAFTED
    assert page.get_by_role("button", name="Withdraw approval").count() == 0
