"""The cards page (one card per interviewer) says every bad field at once, each beside its field
(marked, and described by its own line), with one line at the top saying how many and linking to
each; everything typed stays on the page and nothing is saved. A single bad field is said as
before: by the form's line."""

from __future__ import annotations

import html
import re

from afterview.domain import model as m
from tests.web.conftest import read


def text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", fragment)).split())


def cards(client) -> dict[str, str]:
    """The versions of the cards page as opened (what the page sends back with a Save)."""
    return dict(re.findall(r'name="(version_\d+)" value="([^"]*)"', client.get("/interviews/1/debrief").text))


def stored(db_url):
    return read(db_url, lambda tx: sorted((d.person_id, tuple(d.topics), d.next_steps, d.decision_date)
                                          for d in tx.list(m.Debrief, interview_id=1)))


def test_every_bad_field_is_said_at_once_beside_it(client, csrf, db_url):
    before = stored(db_url)
    typed = {"topics_1": "streaming ingestion", "decision_date_1": "someday", "concerns_2": "no German ->",
             "topics_3": "incident reviews", "decision_date_3": "2020-01-01", "next_steps_3": "x" * 1200}
    page = client.post("/interviews/1/debrief", data={"csrf": csrf, **cards(client), **typed})
    assert page.status_code == 400
    top = re.search(r'<p class="flash flash-error" role="alert" id="form-error">(.*?)</p>', page.text, re.S)
    assert text(top.group(1)) == (
        "Nothing was saved: 4 fields to correct (Decision date for Priya Raman, Their concerns for Tom Becker, "
        "Next steps for Lena Fischer and Decision date for Lena Fischer), each said at its field")
    beside = {field: text(line) for field, line in
              re.findall(r'<p class="field-error flash-error" id="([a-z_0-9]+)-error">(.*?)</p>', page.text, re.S)}
    assert beside == {
        "decision_date_1": "Decision date for Priya Raman: not a date: 'someday' (a date looks like 2026-11-20, 20 "
                           "Nov 2026, yesterday or last Friday)",
        "concerns_2": "Their concerns for Tom Becker: concern 'no German ->': write both sides of the arrow, 'what "
                      "they doubted -> what you would say about it' (or leave the arrow out)",
        "next_steps_3": "Next steps for Lena Fischer: next steps is 1,200 characters long: at most 1,000 are allowed",
        "decision_date_3": "Decision date for Lena Fischer: 2020-01-01 is before the interview (2026-11-25): check "
                           "the date they gave",
    }
    for field in beside:  # each marked, and described by its own line, which follows it
        tag = re.search(rf'<(?:input|textarea) id="{field}"[^>]*>', page.text).group(0)
        assert f'aria-invalid="true" aria-describedby="{field}-error"' in tag, tag
    for field in ("topics_1", "topics_3", "concerns_1", "next_steps_1"):  # the good ones are not
        tag = re.search(rf'<(?:input|textarea) id="{field}"[^>]*>', page.text).group(0)
        assert "aria-invalid" not in tag, tag
    links = re.search(r'<p class="to-field">(.*?)</p>', page.text, re.S).group(1)
    assert re.findall(r'href="#([a-z_0-9]+)"', links) == list(beside)
    # everything typed is on the page again
    assert ">streaming ingestion</textarea>" in page.text and ">incident reviews</textarea>" in page.text
    assert ">no German -&gt;</textarea>" in page.text and 'value="someday"' in page.text
    assert 'value="2020-01-01"' in page.text and 'value="' + "x" * 1200 + '"' in page.text
    assert stored(db_url) == before


def test_one_bad_field_is_said_by_the_forms_line_as_before(client, csrf, db_url):
    before = stored(db_url)
    page = client.post("/interviews/1/debrief", data={"csrf": csrf, **cards(client), "topics_1": "streaming",
                                                      "decision_date_2": "someday"})
    assert page.status_code == 400
    assert text(re.search(r'id="form-error">(.*?)</p>', page.text, re.S).group(1)).startswith(
        "Decision date for Tom Becker: not a date: 'someday'")
    assert 'id="decision_date_2" name="decision_date_2" placeholder="YYYY-MM-DD" value="someday" ' \
           'aria-invalid="true" aria-describedby="form-error"' in page.text
    assert 'class="field-error' not in page.text and '<a href="#decision_date_2">Go to the field</a>' in page.text
    assert stored(db_url) == before


def test_good_cards_are_saved_once_corrected(client, csrf, db_url):
    page = client.post("/interviews/1/debrief", data={"csrf": csrf, **cards(client), "topics_1": "streaming",
                                                      "decision_date_1": "2026-12-07", "topics_2": "incidents"},
                       follow_redirects=False)
    assert page.status_code == 303
    saved = {person: topics for person, topics, _, _ in stored(db_url)}
    assert saved[1] == ("streaming",) and saved[2] == ("incidents",)


def test_in_chromium_each_field_is_described_by_its_own_line_and_reached_from_the_top(browser, live):
    """What a screen reader is given (Chromium's accessibility tree), axe-core on the page, and the
    links from the line at the top to each field, from the keyboard."""
    from tests.web.test_accessibility_browser import axe_page, described, focused, violations

    context, page = axe_page(browser, live, 1280)
    try:
        page.goto(live.url + "/interviews/1/debrief")
        page.locator("#decision_date_1").fill("someday")
        page.locator("#concerns_2").fill("no German ->")
        page.locator("#topics_3").fill("incident reviews")
        page.get_by_role("button", name="Save the cards").click()
        page.locator("#form-error").wait_for()
        assert focused(page, on="#form-error")["text"].startswith("Nothing was saved: 2 fields to correct")
        date, concern = described(page, "#decision_date_1"), described(page, "#concerns_2")
        assert date["invalid"] == "true" and date["description"].startswith(
            "Decision date for Priya Raman: not a date: 'someday'")
        assert concern["invalid"] == "true" and concern["description"].startswith(
            "Their concerns for Tom Becker: concern 'no German ->'")
        assert described(page, "#topics_3")["invalid"] == "false"
        assert page.locator("#topics_3").input_value() == "incident reviews"  # what was typed, kept
        assert violations(page) == []
        page.keyboard.press("Tab")
        assert focused(page)["text"] == "Decision date for Priya Raman"
        page.keyboard.press("Tab")
        assert focused(page)["text"] == "Their concerns for Tom Becker"
        page.keyboard.press("Enter")
        assert focused(page)["id"] == "concerns_2"
    finally:
        context.close()
