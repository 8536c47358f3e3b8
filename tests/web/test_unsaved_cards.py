"""Leaving the debrief cards or Capture with typed, unsaved notes asks first (desk.js), as the
draft editor does: a stressed user who clicks away loses nothing without being asked."""

from __future__ import annotations

import pytest

from tests.web.live import login

pytestmark = pytest.mark.browser


def _leaving_asks(page, url: str) -> list[str]:
    """The kinds of dialog the browser showed on leaving for `url` (each dismissed: the user stays)."""
    asked: list[str] = []

    def stay(dialog):
        asked.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", stay)
    try:
        page.goto(url, timeout=3000)
    except Exception:  # staying on the page: the navigation never completes
        pass
    page.remove_listener("dialog", stay)
    return asked


def test_typed_debrief_notes_are_not_lost_by_leaving(page, live):
    login(page, live)
    page.goto(f"{live.url}/interviews/1/debrief")
    box = page.locator("form.cards textarea").first
    box.click()
    page.keyboard.type("asked about Kafka in production")
    assert _leaving_asks(page, f"{live.url}/") == ["beforeunload"]
    assert page.url.endswith("/interviews/1/debrief")
    assert "asked about Kafka in production" in box.input_value()


def test_a_page_with_nothing_typed_or_saved_leaves_at_once(page, live):
    login(page, live)
    page.goto(f"{live.url}/interviews/1/debrief")
    assert _leaving_asks(page, f"{live.url}/") == []  # nothing typed: no question
    page.goto(f"{live.url}/capture")
    page.get_by_label("Company").first.click()
    page.keyboard.type("Contoso")
    assert _leaving_asks(page, f"{live.url}/") == ["beforeunload"]
