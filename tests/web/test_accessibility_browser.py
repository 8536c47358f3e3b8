"""Accessibility in Debian's Chromium: axe-core (vendored, tests/web/vendor) finds nothing on the
desk's pages, wide and at 320 CSS px, in their error states too; nothing scrolls sideways; the
keyboard reaches a field in error from its message; what a page says after an action gets the
focus; the editor announces a change of its review in one line, and only then; and without
JavaScript a time typed in Send at is never dropped without a word.

What a screen reader is given is read from Chromium's own accessibility tree (the DevTools
protocol): a field's computed name, description and invalid state."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from afterview.domain import model as m
from tests.web.conftest import read
from tests.web.live import login, serve, wait_for_focus

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core-4.14.1.min.js"
PAGES = ("/", "/capture", "/interviews/1/debrief", "/interviews/1/edit", "/drafts", "/pipeline", "/people",
         "/people/1", "/news", "/insights", "/imports", "/settings", "/opportunities/1", "/opportunities/3/rejection",
         "/drafts/1")


def axe_page(browser, live, width: int):
    """A logged-in page of that width with axe-core loaded in every document (as DevTools loads a
    script: the desk's Content-Security-Policy, which allows no inline script, is not relaxed)."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    login(page, live)
    return context, page


def violations(page) -> list[str]:
    """axe's violations on the page as it is, every box opened first (the playbook's tables, the
    boxes on Today), one line each."""
    page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
    found = page.evaluate("""async () => (await axe.run(document, {resultTypes: ['violations']})).violations
        .map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '))""")
    return [f"{page.url}: {line}" for line in found]


def described(page, selector: str) -> dict:
    """The element's name, description and invalid state as Chromium's accessibility tree has them."""
    cdp = page.context.new_cdp_session(page)
    try:
        root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        tree = cdp.send("Accessibility.getPartialAXTree", {"nodeId": node, "fetchRelatives": False})["nodes"][0]
    finally:
        cdp.detach()
    props = {p["name"]: p["value"].get("value") for p in tree.get("properties", [])}
    return {"name": tree.get("name", {}).get("value", ""), "description": tree.get("description", {}).get("value", ""),
            "invalid": props.get("invalid", "false")}


def focused(page, on: str = "") -> dict:
    """The focused element; with `on` (a CSS selector), once an element matching it has the focus
    (desk.js moves the focus when the page is ready: `live.wait_for_focus`), else, after the wait,
    whatever has it, for the test's assertions to say."""
    if on:
        wait_for_focus(page, on)
    return page.evaluate("""() => { const e = document.activeElement; const box = e.getBoundingClientRect();
        return {id: e.id, tag: e.tagName, text: e.innerText, role: e.getAttribute('role'),
                inView: box.top >= -1 && box.bottom <= innerHeight + 1}; }""")


# axe-core ---------------------------------------------------------------------------------------
def test_the_vendored_axe_core_is_the_pinned_one():
    import hashlib

    data = AXE.read_bytes()
    assert data.startswith(b"/*! axe v4.14.1")
    assert hashlib.sha256(data).hexdigest() == "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"
    assert "Mozilla Public License" in (AXE.parent / "axe-core.LICENSE").read_text()


@pytest.mark.parametrize("width", [1280, 320])
def test_axe_finds_nothing_on_the_pages(browser, live, width):
    context, page = axe_page(browser, live, width)
    try:
        found = []
        for path in PAGES:
            page.goto(live.url + path)
            found += violations(page)
        assert found == []
    finally:
        context.close()


def test_axe_finds_nothing_in_error_states(browser, live):
    context, page = axe_page(browser, live, 375)
    try:
        found = []
        page.goto(live.url + "/capture")
        page.get_by_label("Company (new)").fill("Globex")
        page.get_by_label("Role (new)").fill("Platform Engineer")
        page.get_by_label("Date").fill("31/31/2026")
        page.get_by_label("Start").fill("10:00")
        page.get_by_label("Format").select_option("video")
        page.get_by_role("button", name="Save and write the cards").click()
        page.locator("#form-error").wait_for()
        found += violations(page)
        page.goto(live.url + "/")
        card = page.locator("article.action", has_text="Thank-you note to Tom Becker")
        card.locator("summary", has_text="Snooze").click()
        card.get_by_label("Until").fill("blah")
        card.get_by_label("Until").press("Enter")
        page.locator("#form-error").wait_for()
        found += violations(page)
        page.goto(live.url + "/opportunities/3/rejection")
        page.get_by_role("button", name="Record the feedback").click()
        page.locator("#form-error").wait_for()
        found += violations(page)
        assert found == []
    finally:
        context.close()


# no sideways scroll -----------------------------------------------------------------------------
def _long_address(tx):
    tx.add(m.Person(name="Maximilian Alexander Wolfeschlegelstein",
                    emails=["maximilian.alexander.wolfeschlegelstein@northwind-analytics.example"],
                    title="Principal Data Platform Engineer", company_id=tx.get(m.Person, 1).company_id))


def test_nothing_scrolls_sideways_at_320_px_or_at_200_percent_zoom(page, live, db_url):
    read(db_url, _long_address)
    live.app.state.desk.changed()
    login(page, live)
    for width, paths in ((320, PAGES), (640, ("/people", "/", "/settings", "/interviews/1/debrief"))):
        page.set_viewport_size({"width": width, "height": 800})  # 640: a 1280 px window at 200%
        for path in paths:
            page.goto(live.url + path)
            page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
            assert page.evaluate("document.documentElement.scrollWidth") <= width, (width, path)
    # the cards of the panel: one a row, each within the page
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(live.url + "/interviews/1/debrief")
    for box in page.locator("fieldset.card").all():
        edge = box.bounding_box()
        assert edge["x"] >= 0 and edge["x"] + edge["width"] <= 320, edge
    # the wide table scrolls inside its region, which the keyboard reaches and scrolls
    page.goto(live.url + "/people")
    region = page.get_by_role("region", name="People")
    assert region.evaluate("e => e.scrollWidth > e.clientWidth")
    region.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => document.querySelector('.table-scroll').scrollLeft > 0")


# a field in error, from its message --------------------------------------------------------------
def test_a_capture_error_is_read_then_leads_to_its_field(page, live):
    login(page, live)
    page.goto(live.url + "/capture")
    page.get_by_label("Company (new)").fill("Globex")
    page.get_by_label("Role (new)").fill("Platform Engineer")
    page.get_by_label("Date").fill("2026-11-25")
    page.get_by_label("Format").select_option("video")
    page.get_by_label("Start").fill("25:99")
    page.get_by_label("Start").press("Enter")
    page.locator("#form-error").wait_for()
    now = focused(page, on="#form-error")
    assert now["id"] == "form-error" and now["inView"]
    assert now["text"].startswith("Start: not a time of day: '25:99'")
    start = described(page, "#start")
    assert start["name"] == "Start (required)" and start["invalid"] == "true"
    assert start["description"] == now["text"]
    assert described(page, "#date")["invalid"] == "false"  # only the field in error
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Go to the field"
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "start"
    page.keyboard.press("Control+A")
    page.keyboard.type("10:00")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/interviews/\d+/debrief(\?n=[\w-]+)?$"))


def test_the_debrief_error_is_the_description_of_that_persons_date(page, live, db_url):
    tom = read(db_url, lambda tx: next(p.id for p in tx.list(m.Person) if p.name == "Tom Becker"))
    login(page, live)
    page.goto(live.url + "/interviews/1/debrief")
    field = page.locator(f"#decision_date_{tom}")
    field.fill("the 45th of Smarch")
    page.get_by_role("button", name="Save the cards").click()
    page.locator("#form-error").wait_for()
    assert focused(page, on="#form-error")["id"] == "form-error"
    date = described(page, f"#decision_date_{tom}")
    assert date["invalid"] == "true"
    assert date["description"].startswith("Decision date for Tom Becker: not a date: 'the 45th of Smarch'")
    assert page.locator("[aria-invalid=true]").count() == 1


def test_a_refused_snooze_is_focused_names_the_note_and_keeps_the_box(page, live):
    login(page, live)
    card = page.locator("article.action", has_text="Thank-you note to Tom Becker")
    summary = card.locator("summary", has_text="Snooze")
    summary.focus()
    page.keyboard.press("Enter")  # opened from the keyboard: the cursor goes into its field
    page.wait_for_function("() => document.activeElement.id === 'until-thank_you-i1-p2'")
    page.keyboard.press("Control+A")
    page.keyboard.type("the 45th of Smarch")
    page.keyboard.press("Enter")
    page.locator("#form-error").wait_for()
    now = focused(page, on="#form-error")
    assert now["id"] == "form-error" and now["role"] == "alert" and now["inView"]
    assert now["text"].startswith("Could not snooze the thank-you note to Tom Becker: not a date/time")
    box = described(page, "#until-thank_you-i1-p2")
    assert box["invalid"] == "true" and box["description"] == now["text"]
    assert box["name"] == "Until (snooze: Thank-you note to Tom Becker)"
    assert page.locator("#until-thank_you-i1-p2").input_value() == "the 45th of Smarch"
    assert page.locator("#until-thank_you-i1-p2").is_visible()  # its box open again
    assert page.title() == "Error: Today · Afterview"


def test_the_message_after_an_action_gets_the_focus(page, live):
    login(page, live)
    card = page.locator("article.action", has_text="Thank-you note to Lena Fischer")
    card.locator("button", has_text="Done").press("Enter")
    page.locator(".flash-ok").wait_for()
    now = focused(page, on="#main > .flash-ok[role]")
    assert now["role"] == "status" and now["text"].startswith("Marked done: Thank-you note to Lena Fischer")
    page.keyboard.press("Tab")  # and the keyboard goes on from there, into the page
    assert page.evaluate("() => document.querySelector('main').contains(document.activeElement)")


def test_a_connection_tests_results_get_the_focus_far_down_settings(page, db_url, afterview_home):
    from tests.fixtures.util import free_port

    closed = free_port()  # nothing listens there: the test fails at once, and says so
    (afterview_home / "config.toml").write_text(f'[accounts.home]\nemail = "me@example.test"\n'
                                                f'smtp_host = "127.0.0.1"\nsmtp_port = {closed}\nsmtp_tls = "none"\n'
                                                f'imap_host = "127.0.0.1"\nimap_port = {closed}\nimap_tls = "none"\n'
                                                'password_env = "AV_A11Y_PASSWORD"\n')
    with serve(db_url) as live:
        page.set_viewport_size({"width": 1280, "height": 700})
        login(page, live)
        page.goto(live.url + "/settings")
        page.get_by_role("button", name="Test the connection").click()
        page.locator("#checks-home").wait_for()
        now = focused(page, on="#checks-home")
        assert now["id"] == "checks-home" and now["inView"], now
        assert "failed" in now["text"]


def test_the_focus_ring_is_dark_on_the_page_and_light_in_the_header(page, live):
    login(page, live)
    page.locator("#main").focus()
    page.keyboard.press("Tab")
    ring = page.evaluate("() => { const s = getComputedStyle(document.activeElement); return [s.outlineColor, s.outlineWidth, s.boxShadow]; }")
    assert ring[0] == "rgb(29, 36, 48)" and ring[1] == "3px" and "rgb(255, 255, 255)" in ring[2], ring
    page.get_by_role("link", name="Capture", exact=True).focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # (from the keyboard: the ring shows)
    ring = page.evaluate("() => getComputedStyle(document.activeElement).outlineColor")
    assert ring == "rgb(255, 255, 255)"


# the editor's review, announced in one line, when it changes ------------------------------------
def test_the_review_announces_a_change_once_and_nothing_while_it_stays(page, live):
    login(page, live)
    page.locator("article.action", has_text="Thank-you note to Priya Raman").locator("button", has_text="Draft").click()
    page.wait_for_url(re.compile(r"/drafts/\d+(\?n=[\w-]+)?$"))
    page.wait_for_function("() => document.getElementById('draft-form').dataset.reviewed")
    assert page.locator("#findings").get_attribute("aria-live") is None
    page.evaluate("""() => { window.said = [];
        new MutationObserver(() => window.said.push(document.getElementById('review-summary').textContent))
            .observe(document.getElementById('review-summary'), {childList: true, characterData: true, subtree: true}); }""")
    before = page.locator("#review-summary").inner_text()
    body = page.get_by_label("Message")
    assert described(page, "#body")["description"] == before

    def reviewed_after(action):
        done = int(page.evaluate("() => document.getElementById('draft-form').dataset.reviewed"))
        action()
        page.wait_for_function(f"() => Number(document.getElementById('draft-form').dataset.reviewed) > {done}")

    body.press("Control+End")
    reviewed_after(lambda: body.type(" Best wishes"))
    assert page.evaluate("window.said") == []  # nothing changed: nothing said
    reviewed_after(lambda: body.type(" Thanks!!"))
    said = page.evaluate("window.said")
    assert len(said) == 1 and "error" in said[0] and said[0] != before
    assert described(page, "#body")["description"] == said[0]


# without JavaScript -------------------------------------------------------------------------------
def test_without_script_enter_in_send_at_keeps_the_time_and_says_so(browser, live):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        login(page, live)
        page.locator("article.action", has_text="Thank-you note to Priya Raman").locator("button", has_text="Draft").click()
        page.wait_for_url(re.compile(r"/drafts/\d+(\?n=[\w-]+)?$"))
        page.get_by_label("Send at").fill("tomorrow 8:30")
        page.get_by_label("Send at").press("Enter")  # the form's first button, Save, takes it
        page.locator(".flash-ok", has_text="Draft saved").wait_for()
        assert "It was not scheduled: the time in Send at (tomorrow 8:30) is kept below" in \
            page.locator(".flash-ok", has_text="Draft saved").inner_text()
        assert page.get_by_label("Send at").input_value() == "tomorrow 8:30"
    finally:
        context.close()
