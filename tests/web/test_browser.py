"""End to end in Debian's Chromium: capture a panel, see the thank-you notes due, draft one,
see a finding appear as you type and go when fixed, and place it in a real Dovecot Drafts folder."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.web.live import login

# `make screenshots` sets this to docs/screenshots; a plain test run keeps the tree clean.
SCREENSHOTS_ENV = "AFTERVIEW_SCREENSHOTS"


@pytest.fixture
def alice_account(afterview_home, mail, monkeypatch):
    """A mail account for alice on the test Dovecot and SMTP servers, in the user's config.toml."""
    monkeypatch.setenv("AV_TEST_PASSWORD", mail.users["alice"].password)
    (afterview_home / "config.toml").write_text(mail.account_toml("home", extra="rate_per_minute = 0\n"))
    return mail


def fill_capture(page):
    page.get_by_label("Company (new)").fill("Globex")
    page.get_by_label("Role (new)").fill("Platform Engineer")
    page.get_by_label("Date").fill("2026-11-25")
    page.get_by_label("Start").fill("14:00")
    page.get_by_label("End").fill("15:00")
    page.get_by_label("Time zone").fill("America/New_York")
    page.get_by_label("Format").select_option("video")
    page.get_by_label("Stage").fill("panel")
    page.get_by_label("Name 1").fill("Bob Baker")
    page.get_by_label("Email 1").fill("bob@example.test")
    page.get_by_label("Title 1").fill("Engineering Manager")
    page.get_by_label("Part 1").select_option("hiring_manager")
    page.get_by_label("Name 2").fill("Carol Chen")
    page.get_by_label("Email 2").fill("carol@example.test")


def test_capture_draft_review_and_send_to_drafts(page, live, alice_account):
    mail = alice_account
    login(page, live)
    page.get_by_role("link", name="Capture an interview").first.click()
    fill_capture(page)
    page.get_by_role("button", name="Save and write the cards").click()
    page.wait_for_url(re.compile(r"/interviews/\d+/debrief(\?n=[\w-]+)?$"))
    page.get_by_label("Topics you discussed").nth(0).fill("migrating the billing service to Postgres\nteam rituals")
    page.get_by_label("What you promised to send").nth(0).fill("the migration write-up")
    page.get_by_label("Next steps, as stated").nth(0).fill("recruiter calls next week")
    page.get_by_label("Topics you discussed").nth(1).fill("on-call rota and incident reviews")
    page.get_by_role("button", name="Save the cards").click()
    page.wait_for_url(re.compile(re.escape(f"{live.url}/") + r"(\?n=[\w-]+)?$"))

    # the thank-you notes for the panel are on Today, each with its reason
    bob = page.locator("article.action", has_text="Thank-you note to Bob Baker")
    carol = page.locator("article.action", has_text="Thank-you note to Carol Chen")
    assert bob.count() == 1 and carol.count() == 1
    assert "Thank Bob Baker" in bob.locator(".reason").inner_text()

    bob.get_by_role("button", name="Draft").click()
    page.wait_for_url(re.compile(r"/drafts/\d+(\?n=[\w-]+)?$"))
    body = page.get_by_label("Message")
    text = body.input_value()
    assert "Bob" in text and "billing service" in text

    # type a mistake: the finding appears while typing, highlighted in place
    body.press("Control+End")
    body.type("\nThanks again!!")
    finding = page.locator("#findings li.finding", has_text="exclamation")
    finding.wait_for()
    assert page.locator("#highlights mark.sev-error", has_text="!!").count() == 1
    finding.get_by_role("button", name="Show in the text").click()
    assert page.evaluate("() => { const b = document.getElementById('body'); return b.value.slice(b.selectionStart, b.selectionEnd); }") == "!!"

    # fix it: the finding goes away
    page.keyboard.press("Backspace")
    body.type(".")
    page.wait_for_function("() => !document.querySelector('#highlights mark.sev-error')")
    finding.wait_for(state="detached")
    assert body.input_value().endswith("Thanks again.")

    page.get_by_role("button", name="Send to my Drafts folder").click()
    page.wait_for_url(re.compile(r"/drafts/\d+(\?n=[\w-]+)?$"))
    assert "Placed in your mailbox's Drafts folder" in page.locator(".flash").inner_text()

    drafts = mail.messages("alice", "Drafts")
    assert len(drafts) == 1
    sent = drafts[0]
    assert sent["To"].addresses[0].addr_spec == "bob@example.test"
    assert sent["From"].addresses[0].addr_spec == "alice@example.test"
    content = sent.get_body(("plain",)).get_content()
    assert "billing service" in content and "Thanks again." in content and "!!" not in content

    # leaving with unsaved text asks first; staying keeps the text
    body.type(" P.S.")
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
    try:
        page.goto(f"{live.url}/drafts", timeout=3000)
    except Exception:  # the navigation was cancelled by staying on the page
        pass
    assert asked == ["beforeunload"] and "P.S." in body.input_value()

    # Carol's note: a time typed in "Send at" and Enter schedules it (not Save)
    page.goto(f"{live.url}/")
    page.locator("article.action", has_text="Thank-you note to Carol Chen").get_by_role("button", name="Draft").click()
    page.wait_for_url(re.compile(r"/drafts/\d+(\?n=[\w-]+)?$"))
    page.get_by_label("Send at").fill("tomorrow 8:30")
    page.get_by_label("Send at").press("Enter")
    page.locator(".flash").wait_for()
    assert "Scheduled for" in page.locator(".flash").inner_text()


def test_keyboard_only_capture(page, live):
    """Tab through the capture form, typing into each field, and submit with Enter."""
    login(page, live)
    page.goto(f"{live.url}/capture")
    typed = {"company": "Initech", "role": "Data Analyst", "date": "2026-11-25", "start": "13:00",
             "end": "13:45", "stage": "phone screen", "name_1": "Bill Lumbergh", "email_1": "bill@initech.test"}
    page.locator("#main").focus()  # where "Skip to the content" lands
    reached = []
    for _ in range(40):
        page.keyboard.press("Tab")
        current = page.evaluate("() => document.activeElement.id")
        reached.append(current)
        if current in typed:
            page.keyboard.press("Control+A")
            page.keyboard.type(typed[current])
        if current == "format":  # none is chosen for you: typing a choice's first letters picks it
            page.keyboard.type("video")
        if current == "email_1":
            break
    for field in ("opportunity", "company", "role", "date", "start", "end", "timezone", "format", "stage",
                  "name_1", "email_1"):
        assert field in reached, f"{field} cannot be reached with Tab (reached: {reached})"
    assert reached.index("company") < reached.index("date") < reached.index("name_1")  # in reading order
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/interviews/\d+/debrief(\?n=[\w-]+)?$"))
    assert "Bill Lumbergh" in page.content()


def test_focus_is_visible_and_every_field_is_labelled(page, live):
    login(page, live)
    for path in ("/", "/capture", "/interviews/1/debrief", "/drafts/1", "/settings", "/imports",
                 "/opportunities/3/rejection", "/opportunities/1"):
        page.goto(live.url + path)
        unlabelled = page.evaluate("""() => Array.from(document.querySelectorAll(
                'input:not([type=hidden]), select, textarea'))
            .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label'))
            .map(e => e.name || e.id)""")
        assert unlabelled == [], (path, unlabelled)
    page.goto(live.url + "/capture")
    page.locator("#main").focus()
    page.keyboard.press("Tab")
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none")


def test_no_console_errors_or_csp_violations(page, live):
    problems = []
    page.on("console", lambda msg: problems.append(f"{msg.text} {msg.location}") if msg.type == "error" else None)
    page.on("response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.on("pageerror", lambda err: problems.append(str(err)))
    login(page, live)
    for path in ("/", "/capture", "/drafts/1", "/pipeline", "/insights", "/settings", "/opportunities/1"):
        page.goto(live.url + path)
        page.wait_for_load_state("networkidle")
    assert problems == []


def test_screenshots_of_the_main_pages(page, live, tmp_path):
    """Screenshots for docs/web.md, taken from the demo pipeline."""
    import os

    folder = Path(os.environ.get(SCREENSHOTS_ENV) or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1280, "height": 860})
    login(page, live)
    page.locator("article.action", has_text="Thank-you note to Priya Raman").get_by_role("button", name="Draft").click()
    page.wait_for_url(re.compile(r"/drafts/\d+(\?n=[\w-]+)?$"))
    body = page.get_by_label("Message")
    body.press("Control+End")
    body.type("\nSorry to bother you, I just wanted to say thanks again!!")
    page.locator("#findings li.finding", has_text="exclamation").wait_for()
    shots = {"draft-editor": None, "today": "/", "capture": "/capture", "debrief": "/interviews/1/debrief",
             "pipeline": "/pipeline", "opportunity": "/opportunities/1", "rejection": "/opportunities/3/rejection",
             "news": "/news", "insights": "/insights", "settings": "/settings"}
    for name, path in shots.items():
        if path:
            page.goto(live.url + path)
        target = folder / f"{name}.png"
        page.screenshot(path=str(target), full_page=name not in ("settings",))
        assert target.stat().st_size > 10_000


DATA = Path(__file__).resolve().parents[1] / "importers" / "data"


def test_rejection_flow_in_the_browser(page, live):
    login(page, live)
    page.get_by_role("link", name="Pipeline").click()
    page.get_by_role("link", name="Analytics Engineer").click()
    page.get_by_role("link", name="Record a decision (rejection, offer…)").click()
    page.get_by_label("Outcome").select_option("rejected")
    page.get_by_role("button", name="Record", exact=True).click()
    assert "Outcome recorded: rejected" in page.locator(".flash").inner_text()
    reply = page.locator("article.action", has_text="Rejection reply to Marcus Webb")
    reply.get_by_role("button", name="Draft").click()
    page.wait_for_url(re.compile(r"/drafts/\d+(\?n=[\w-]+)?$"))
    assert "Marcus" in page.get_by_label("Message").input_value()
    page.go_back()
    page.reload()
    page.get_by_label("From").select_option(label="Marcus Webb")
    page.get_by_label("What they said").fill("Strong SQL; we wanted more healthcare data experience.")
    page.get_by_role("button", name="Record the feedback").click()
    assert "Feedback recorded" in page.locator(".flash").inner_text()
    assert page.locator("blockquote", has_text="healthcare data experience").count() == 1
    page.get_by_role("link", name="Marcus Webb").first.click()
    page.wait_for_url(re.compile(r"/people/\d+$"))
    entry = page.locator(".timeline li.kind-feedback")
    assert entry.locator(".tl-kind").inner_text().lower() == "feedback"
    assert entry.locator(".tl-text").inner_text().startswith("Strong SQL")  # the label says "feedback", once


def test_settings_feed_and_imports_in_the_browser(page, live):
    login(page, live)
    page.get_by_role("link", name="Settings").click()
    page.get_by_label("Signature").fill("Alex Morgan\n+1 555 0100")
    page.get_by_label("LinkedIn account").select_option("premium")
    page.get_by_role("button", name="Save", exact=True).click()
    assert "Profile saved" in page.locator(".flash").inner_text()
    assert page.get_by_label("LinkedIn account").input_value() == "premium"
    page.get_by_role("button", name="Make a feed address").click()
    feed = page.get_by_label("Your feed address (shown once: copy it now)").input_value()
    assert feed.startswith(live.url + "/calendar/")
    calendar = page.request.get(feed)  # as a calendar program would fetch it
    assert calendar.ok and "BEGIN:VCALENDAR" in calendar.text()

    page.get_by_role("link", name="Imports").click()
    page.get_by_label("What it is").select_option("csv")
    page.get_by_label("File", exact=True).set_input_files(str(DATA / "tracker_sheets.csv"))
    page.get_by_role("button", name="Preview").click()
    assert "dry run, nothing written" in page.locator(".lead").inner_text()
    page.get_by_role("button", name="Import it").click()
    page.wait_for_url(re.compile(re.escape(f"{live.url}/pipeline") + r"(\?n=[\w-]+)?$"))
    assert "Imported tracker_sheets.csv" in page.locator(".flash").inner_text()
    page.get_by_role("link", name="Insights").click()
    # count() does not wait: wait for the new page's second chart before counting
    page.wait_for_url(f"{live.url}/insights")
    page.locator("table.chart").nth(1).wait_for()
    assert page.locator("table.chart").count() >= 2


def test_news_in_the_browser_reaches_the_people_it_matters_to(page, live, db_url):
    login(page, live)
    page.get_by_role("link", name="News").click()
    page.get_by_text("Add an achievement or a piece of news").click()
    page.get_by_label("What happened").fill("Shipped the open data portal")
    page.get_by_label("When").fill("yesterday")
    page.get_by_label("Topics it relates to (comma-separated)").fill("open data")
    page.get_by_role("button", name="Add", exact=True).click()
    assert "Added: Shipped the open data portal" in page.locator(".flash").inner_text()
    item = page.locator("section.panel", has_text="Shipped the open data portal")
    assert "Wed 25 Nov 2026" in item.inner_text()  # "yesterday" as of the desk's Thursday
    assert item.locator("article.action", has_text="Sharing news with Ana Souza").count() == 1
    item.locator("p", has_text="Matters to").get_by_role("link", name="Ana Souza").click()
    page.wait_for_url(re.compile(r"/people/\d+$"))


def test_a_slow_double_click_saves_once(page, live, db_url, monkeypatch):
    import time

    from afterview.domain import model as m
    from afterview.services import pipeline
    from tests.web.conftest import read

    record = pipeline.record_feedback

    def slowly(*args, **kwargs):  # a desk that takes a second to answer: the user clicks again
        time.sleep(1)
        return record(*args, **kwargs)

    monkeypatch.setattr(pipeline, "record_feedback", slowly)
    login(page, live)
    page.goto(live.url + "/opportunities/3/rejection")
    page.get_by_label("What they said").fill("More forecasting depth next time.")
    button = page.get_by_role("button", name="Record the feedback")
    # two clicks 150 ms apart, as a hurried user makes them (from the page itself: Playwright's
    # own clicks wait for the page to settle in between)
    button.evaluate("b => { b.click(); setTimeout(() => b.click(), 150); }")
    page.wait_for_url(re.compile(r"/opportunities/3/rejection$"))
    page.locator(".flash", has_text="Feedback recorded").wait_for()
    saved = read(db_url, lambda tx: [f.text for f in tx.list(m.Feedback)])
    assert saved.count("More forecasting depth next time.") == 1
    # the page came back: its forms can be sent again
    page.get_by_label("What they said").fill("And more SQL.")
    page.get_by_role("button", name="Record the feedback").click()
    page.locator(".flash", has_text="Feedback recorded").wait_for()
    assert read(db_url, lambda tx: len(tx.list(m.Feedback))) == len(saved) + 1


def test_no_page_is_wider_than_a_phone(page, live):
    page.set_viewport_size({"width": 375, "height": 800})
    login(page, live)
    for path in ("/", "/capture", "/drafts", "/pipeline", "/people", "/news", "/insights", "/imports", "/settings",
                 "/opportunities/1", "/opportunities/3/rejection", "/people/1", "/interviews/1/debrief"):
        page.goto(live.url + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, path
    # the draft editor: one column, the message box as wide as the page, "Send at" inside it
    page.goto(live.url + "/")
    page.locator("article.action", has_text="Thank-you note to Priya Raman").get_by_role("button", name="Draft").click()
    page.wait_for_url(re.compile(r"/drafts/\d+(\?n=[\w-]+)?$"))
    page.locator("details", has_text="Discard this draft").locator("summary").click()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375, "the draft editor"
    form = page.locator("#draft-form").bounding_box()
    body = page.get_by_label("Message").bounding_box()
    assert body["width"] >= 300, body  # not squeezed beside "Discard this draft"
    discard = page.locator("details", has_text="Discard this draft").bounding_box()
    assert discard["y"] >= form["y"] + form["height"] - 1, (discard, form)  # below the form, not beside it
    review = page.locator("aside.findings").bounding_box()
    assert review["y"] >= form["y"] + form["height"] - 1, (review, form)
    for part in ("#when", "button[value=schedule]", "details summary"):
        box = page.locator(part).first.bounding_box()
        assert box["x"] + box["width"] <= form["x"] + form["width"] + 0.5, (part, box, form)


def test_show_in_the_text_scrolls_a_long_draft_to_the_finding(page, live):
    login(page, live)
    page.locator("article.action", has_text="Thank-you note to Priya Raman").get_by_role("button", name="Draft").click()
    page.wait_for_url(re.compile(r"/drafts/\d+(\?n=[\w-]+)?$"))
    body = page.get_by_label("Message")
    # a greeting to someone else at the top, then a long text: the box is scrolled to its end
    filler = "\n".join(f"Line {n} of a long note about the data platform." for n in range(60))
    body.fill("Hi Dana,\n\n" + filler + "\n\nBest,\nAlex")
    finding = page.locator("#findings li.finding", has_text="wrong-name")
    finding.wait_for()
    page.evaluate("() => { const b = document.getElementById('body'); b.scrollTop = b.scrollHeight; }")
    assert page.evaluate("() => document.getElementById('body').scrollTop") > 200
    finding.get_by_role("button", name="Show in the text").click()
    assert page.evaluate("() => { const b = document.getElementById('body'); return b.value.slice(b.selectionStart, b.selectionEnd); }") == "Dana"
    assert page.evaluate("() => document.getElementById('body').scrollTop") < 40  # the greeting is in sight
