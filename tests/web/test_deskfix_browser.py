"""In Debian's Chromium, against the desk served for real: the editor's live review above its limit
(found by a tester: a 39,000-character text kept the findings of an older text, or "No findings: it
reads well", because the review answered 413 and the page ignored it), the Send at field at 360 px
(its placeholder was cut to "tomorrow 8:3"), and the new pages' accessibility: a form refused
before it could be saved, People's search and pages, Today's pages, the cards' headings."""

from __future__ import annotations

import random

from afterview.domain import model as m
from tests.web.conftest import read
from tests.web.live import login
from tests.web.test_accessibility_browser import axe_page, violations

WORDS = "the team platform data pipeline kafka reliability thanks conversation roadmap design review latency".split()


def long_text(paragraphs: int = 50) -> str:
    random.seed(1)
    body = "\n\n".join(" ".join(random.choice(WORDS) for _ in range(100)) + "." for _ in range(paragraphs))
    return f"Hi Priya,\n\n{body}\n\nlol TERRIBLE, thx\nAlex"


def summary(page) -> str:
    return page.inner_text("#review-summary").strip()


def open_draft(page, live) -> int:
    login(page, live)
    page.click("article:has(h3:text('Thank-you note to Priya Raman')) button:has-text('Draft')")
    page.wait_for_url("**/drafts/*")
    page.locator("#findings li").first.wait_for()
    return int(page.url.split("?")[0].rsplit("/", 1)[1])


def test_a_text_above_the_live_reviews_limit_is_said_and_never_reads_well(page, live):
    open_draft(page, live)
    page.fill("#body", "Hi Priya, a short text, TERRIBLE.")
    page.wait_for_function("() => document.querySelectorAll('#findings li.finding').length > 0")
    text = long_text()
    page.fill("#body", text)
    page.wait_for_function("() => document.getElementById('review-summary').textContent.startsWith('Not reviewed')")
    length = len(text) + len(page.input_value("#subject"))
    assert summary(page) == (f"Not reviewed as you type: the live review stops at 20,000 characters and this text has "
                             f"{length:,}. Save reviews it in full and lists what it finds here.")
    # the findings of the short text are gone, and nothing says it reads well
    assert page.locator("#findings li").count() == 0
    assert page.locator("#findings-count").is_hidden()
    assert page.locator("#highlights mark").count() == 0
    assert "reads well" not in page.inner_text("aside.findings")
    # a short text again: reviewed as you type, as before
    page.fill("#body", "Hi Priya,\n\nThanks for the talk, lol.\n\nAlex")
    page.wait_for_function("() => !document.getElementById('review-summary').textContent.startsWith('Not reviewed')")
    assert page.locator("#findings li.finding").count() > 0 and page.locator("#findings-count").is_visible()


def test_a_long_note_opened_keeps_its_full_review_until_it_changes(page, live, db_url):
    message_id = open_draft(page, live)
    text = long_text()

    def stored_long(tx):
        message = tx.get(m.Message, message_id)
        message.body = text
        tx.update(message)

    read(db_url, stored_long)
    live.app.state.desk.changed()
    page.goto(f"{live.url}/drafts/{message_id}")
    page.wait_for_function("() => document.getElementById('review-summary').textContent.includes('reviewed in full')")
    listed = page.locator("#findings li.finding").count()
    assert listed > 100  # the server's review of the whole text, on the page
    assert summary(page).endswith("(reviewed in full when the page was opened). The live review stops at 20,000 "
                                  f"characters and this text has {len(text) + len(page.input_value('#subject')):,}: "
                                  "a change to it is reviewed when you save it.")
    assert page.inner_text("#findings-count") == str(listed)
    page.type("#body", " more")
    page.wait_for_function("() => document.getElementById('review-summary').textContent.startsWith('Not reviewed')")
    assert page.locator("#findings li").count() == 0


def test_the_live_review_says_when_the_desk_no_longer_knows_the_page(page, live):
    open_draft(page, live)
    page.evaluate("() => { document.getElementById('draft-form').dataset.csrf = 'stale'; }")
    page.fill("#body", "Hi Priya, changed after the desk was started again.")
    page.wait_for_function("() => document.getElementById('review-summary').textContent.startsWith('The live review "
                           "stopped')")
    assert "older than the desk's session" in summary(page)
    assert page.locator("#findings li").count() == 0


def test_send_at_shows_its_whole_placeholder_at_360_px(browser, live):
    context = browser.new_context(viewport={"width": 360, "height": 800})
    try:
        page = context.new_page()
        open_draft(page, live)
        fits = page.evaluate("""() => { const i = document.getElementById('when'); const cs = getComputedStyle(i);
            const c = document.createElement('canvas').getContext('2d'); c.font = cs.font;
            const inner = i.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
            return [c.measureText(i.placeholder).width, inner, document.documentElement.scrollWidth, innerWidth]; }""")
        text, inner, scroll, width = fits
        assert text <= inner, fits
        assert scroll <= width, fits  # and nothing scrolls sideways for it
    finally:
        context.close()


def test_the_new_pages_and_states_pass_axe(browser, live, db_url):
    def people(tx):
        for n in range(130):
            tx.add(m.Person(name=f"Person {n:03d}"))

    read(db_url, people)
    live.app.state.desk.changed()
    context, page = axe_page(browser, live, 1280)
    try:
        for width in (1280, 320):
            page.set_viewport_size({"width": width, "height": 900})
            found = []
            for path in ("/people", "/people?q=person&page=2", "/people?q=nobody", "/interviews/1/debrief"):
                page.goto(live.url + path)
                found += violations(page)
            # a form refused as stale, with what was typed in it, and the menu
            page.goto(live.url + "/interviews/1/debrief")
            page.fill("#topics_1", "Data contracts\nStreaming")
            page.evaluate("() => { document.querySelector('form.cards input[name=csrf]').value = 'stale'; }")
            with page.expect_navigation():
                page.click("button:has-text('Save the cards')")
            assert page.locator("textarea[readonly]#typed-1").input_value() == "Data contracts\nStreaming"
            assert page.get_by_role("link", name="Open the page again").count() == 1
            found += violations(page)
            assert found == []
    finally:
        context.close()
