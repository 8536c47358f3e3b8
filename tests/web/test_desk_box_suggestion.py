"""Opening a Snooze box from the keyboard selects its suggestion ("tomorrow 9:00"): what the user
types replaces it. With the cursor at its start, "next friday" became "next fridaytomorrow 9:00"
and was refused with words about a text the user never typed."""

from __future__ import annotations

from tests.web.live import login


def test_typing_into_an_opened_snooze_box_replaces_its_suggestion(page, live):
    login(page, live)
    card = page.locator("article.action", has_text="Thank-you note to Tom Becker")
    card.locator("summary", has_text="Snooze").focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement.id === 'until-thank_you-i1-p2'")
    field = page.locator("#until-thank_you-i1-p2")
    assert field.input_value() == "tomorrow 9:00"
    page.keyboard.type("2026-12-01 10:00")
    assert field.input_value() == "2026-12-01 10:00"


def test_an_arrow_key_keeps_the_suggestion(page, live):
    login(page, live)
    card = page.locator("article.action", has_text="Thank-you note to Tom Becker")
    card.locator("summary", has_text="Snooze").focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement.id === 'until-thank_you-i1-p2'")
    page.keyboard.press("End")
    page.keyboard.type(" please")
    assert page.locator("#until-thank_you-i1-p2").input_value() == "tomorrow 9:00 please"
