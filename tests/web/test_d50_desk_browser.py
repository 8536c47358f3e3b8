"""In Debian's Chromium, against the desk served for real: a card's Schedule offers the plan's
moment or now, never the deadline; the editor's Withdraw approval takes a scheduled note back;
after Draft the notes, each of the panel's drafts is reached from the one before (Next draft)."""

from __future__ import annotations

import re
from datetime import datetime, timezone

import pytest

from afterview.domain import model as m
from tests.web.conftest import mark_scheduled, read
from tests.web.live import login, serve

TUESDAY = datetime(2026, 11, 24, 15, 0, tzinfo=timezone.utc)  # 10:00 in New York, a business day


@pytest.fixture
def tuesday_desk(db_url):
    with serve(db_url, now=TUESDAY) as desk:
        yield desk


def _card(page, key: str):
    return page.locator(f"article[aria-labelledby='act-{re.sub(r'[^A-Za-z0-9_-]', '-', key)}']")


def test_schedule_on_a_card_offers_now_not_the_deadline(page, tuesday_desk):
    login(page, tuesday_desk)
    card = _card(page, "status_check.1:o2:i2:p4")  # due 11:30 their time, nothing to wait for
    due = card.locator("p.where time").last.inner_text()
    card.locator("button:has-text('Draft')").click()
    page.wait_for_url("**/drafts/*")
    page.goto(f"{tuesday_desk.url}/")
    card = _card(page, "status_check.1:o2:i2:p4")
    card.locator("summary:has-text('Schedule')").click()
    box = card.get_by_label(re.compile("^Send at"))
    box.wait_for()
    assert box.input_value() == "now"
    assert due.endswith("11:30") and "11:30" not in box.input_value()


def test_withdraw_approval_in_the_editor(page, live, db_url):
    login(page, live)
    _card(page, "thank_you:i1:p1").locator("button:has-text('Draft')").click()
    page.wait_for_url("**/drafts/*")
    message_id = int(page.url.split("?")[0].rsplit("/", 1)[1])
    mark_scheduled(db_url, message_id, at=datetime(2026, 11, 30, 14, 0, tzinfo=timezone.utc))
    page.goto(f"{live.url}/drafts/{message_id}")
    assert "Scheduled: it goes out Mon 30 Nov 2026, 09:00 your time." in page.inner_text("#goes-out")
    page.fill("#body", page.input_value("#body") + "\nP.S. One more thing.\n")
    assert page.get_by_role("button", name="Withdraw approval").count() == 1
    page.get_by_role("button", name="Withdraw approval").click()
    page.wait_for_selector(".flash:has-text('Taken back')")
    said = page.inner_text(".flash:has-text('Taken back')")
    assert ("Taken back: the thank-you note to Priya Raman is a draft again (it was scheduled) and will not be sent "
            "until you approve or schedule it again. Your text is saved.") in said
    stored = read(db_url, lambda tx: tx.get(m.Message, message_id))
    assert stored.state == m.MessageState.DRAFTED and stored.body.endswith("P.S. One more thing.\n")
    assert page.get_by_role("button", name="Withdraw approval").count() == 0
    assert page.locator("#goes-out").count() == 0


def test_next_draft_leads_through_the_panels_notes(page, live):
    login(page, live)
    page.goto(f"{live.url}/opportunities/1")
    page.locator("button:has-text('Draft the notes')").first.click()
    page.wait_for_url("**/drafts/*")
    seen = [page.locator("h1").inner_text()]
    for _ in range(5):
        link = page.locator("#next-draft a")
        assert link.count() == 1, seen
        link.click()
        page.wait_for_load_state()
        title = page.locator("h1").inner_text()
        if title == seen[0]:
            break
        seen.append(title)
    assert seen[0] == page.locator("h1").inner_text()  # from the last, back to the first
    assert len(seen) == len(set(seen)) >= 3, seen
    assert {"Thank-you note to Priya Raman", "Thank-you note to Tom Becker"} <= set(seen), seen
