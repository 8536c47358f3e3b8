"""The QA tester's fourth round, in Debian's Chromium against the desk served for real: forms
sent twice at once (as two tabs or a retry send them: the same page's form, two requests in
flight together) save once, the other answered with one line and a link; *They replied* sent
again after Back saves nothing more; Capture booking someone into two interviews at one moment
is said at their row, with *Go to the field*; and Today wraps a company typed as one long word
at 375 px instead of scrolling sideways."""

from __future__ import annotations

from afterview.domain import model as m
from tests.web.conftest import read
from tests.web.live import login, wait_for_focus

TWICE = """async ([selector, fill]) => {
  const form = document.querySelector(selector);
  for (const [name, value] of Object.entries(fill)) { form.querySelector('[name=' + name + ']').value = value; }
  const send = () => fetch(form.action, {method: 'POST', body: new URLSearchParams(new FormData(form))})
    .then(async r => [r.status, await r.text()]);
  return await Promise.all([send(), send()]);
}"""


def sent_twice(page, url: str, selector: str, fill: dict) -> list:
    page.goto(url)
    answers = page.evaluate(TWICE, [selector, fill])
    statuses = sorted(status for status, _ in answers)
    assert statuses == [200, 409], statuses  # one saved (and its page after the redirect), one refused
    refused = next(text for status, text in answers if status == 409)
    assert "This form was sent already and saved at 10:00: nothing was done again" in refused
    assert "Open what was saved</a>" in refused
    return answers


def test_forms_sent_twice_at_once_save_once(page, live, db_url):
    login(page, live)
    history = len(read(db_url, lambda tx: tx.get(m.Opportunity, 5).history))
    sent_twice(page, f"{live.url}/news", "form[action='/news']",
               {"title": "Gave a talk at PyData", "kind": "achievement", "tags": "streaming"})
    sent_twice(page, f"{live.url}/opportunities/3/rejection", "form[action$='/feedback']",
               {"text": "More streaming experience would have helped."})
    sent_twice(page, f"{live.url}/opportunities/5", "form[action$='/replied']",
               {"says": "They said they will decide next week"})
    sent_twice(page, f"{live.url}/opportunities/5", "form[action$='/status']",
               {"status": "no-response", "note": "gone quiet"})
    news = read(db_url, lambda tx: [n.title for n in tx.list(m.NewsItem)])
    assert news.count("Gave a talk at PyData") == 1
    assert len(read(db_url, lambda tx: tx.list(m.Feedback, opportunity_id=3))) == 1
    assert len(read(db_url, lambda tx: tx.list(m.Inbound, opportunity_id=5))) == 1
    assert len(read(db_url, lambda tx: tx.get(m.Opportunity, 5).history)) == history + 1


def test_they_replied_sent_again_after_back_records_nothing_more(page, live, db_url):
    login(page, live)
    page.goto(f"{live.url}/opportunities/5")
    form = "form[action$='/replied']"
    page.fill(f"{form} [name=says]", "Back-button test")
    with page.expect_navigation():
        page.click(f"{form} button[type=submit]")
    assert "Reply from Ana Souza recorded" in page.locator(".flash-ok").first.inner_text()
    page.go_back()
    page.wait_for_selector(f"{form} [name=says]")
    with page.expect_navigation():
        page.click(f"{form} button[type=submit]")
    line = page.locator("#form-error").inner_text()
    assert line.startswith("The reply from Ana Souza on Thu 26 Nov 2026 is recorded already ('Back-button test')"), line
    assert "nothing was recorded again" in line and "see the Timeline" in line
    assert len(read(db_url, lambda tx: tx.list(m.Inbound))) == 1


def test_capture_says_someone_is_on_another_interview_then_at_their_row(page, live, db_url):
    login(page, live)
    page.goto(f"{live.url}/capture")
    page.select_option("#opportunity", "2")
    page.fill("#date", "2026-11-25")
    page.fill("#start", "13:30")
    page.fill("#end", "14:30")
    page.fill("#timezone", "America/New_York")
    page.select_option("#format", "video")
    page.fill("#name_1", "Priya Raman")
    page.fill("#email_1", "priya.raman@northwind.example")
    page.locator("#email_1").press("Enter")  # from the keyboard
    page.wait_for_selector("#form-error")
    assert wait_for_focus(page, "#form-error")
    line = page.locator("#form-error").inner_text()
    assert line.startswith("Name 1: Priya Raman is already on another interview that starts then"), line
    assert page.get_attribute("#name_1", "aria-invalid") == "true"
    page.get_by_role("link", name="Go to the field").click()
    assert wait_for_focus(page, "#name_1")
    assert read(db_url, lambda tx: tx.count(m.Interview)) == 4


def test_today_wraps_a_company_typed_as_one_long_word_at_375px(page, live, db_url):
    def long_names(tx):  # as an import before the limits, or another program, could have left them
        company = tx.get(m.Company, 1)
        company.name = "N" * 5000
        tx.update(company)
        person = tx.get(m.Person, 1)
        person.name = "P" * 200  # the longest a name may be typed
        tx.update(person)

    read(db_url, long_names)
    live.app.state.desk.changed()
    page.set_viewport_size({"width": 375, "height": 800})
    login(page, live)
    page.goto(f"{live.url}/")
    assert page.locator("article.action", has_text="N" * 50).count() > 0
    width, client = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert width <= client, (width, client)
