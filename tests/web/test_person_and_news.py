"""The person page and the news form, as a tester found them in Chromium: a bad value in *Correct the
details* keeps what was typed, the header of someone with no title, the page on a phone with the
merge form open, and the dates the news form reads."""

from __future__ import annotations

import html
import re

import pytest

from afterview.domain import model as m
from tests.web.conftest import read
from tests.web.live import serve

FIELDS = {"name": "Priya Raman", "emails": "priya.raman@northwind.example", "title": "Head of Data Platform",
          "company": "Northwind Analytics", "timezone": "", "country": "", "tags": ""}


# 4. a bad value keeps what was typed --------------------------------------------------------
def test_a_bad_value_in_the_details_keeps_what_was_typed_and_opens_them(client, csrf, db_url):
    before = read(db_url, lambda tx: tx.get(m.Person, 1))
    page = client.post("/people/1/edit", data={"csrf": csrf, **FIELDS, "emails": "bad@@x",
                                               "title": "Principal Engineer", "tags": "kafka, dbt",
                                               "do_not_contact": "yes"})
    assert page.status_code == 400
    details = page.text.split('id="edit-h"')[1].split("</section>")[0]
    assert "<details open>" in details
    line = html.unescape(re.search(r'id="form-error">([^<]*)<', details).group(1))
    assert "bad@@x" in line
    assert '<textarea id="p-emails" name="emails" rows="2" aria-invalid="true" aria-describedby="form-error">bad@@x</textarea>' in details
    assert 'id="p-title" name="title" value="Principal Engineer"' in details
    assert 'id="p-tags" name="tags" value="kafka, dbt"' in details
    assert 'name="do_not_contact" value="yes" checked' in details
    assert read(db_url, lambda tx: tx.get(m.Person, 1)) == before  # nothing written
    # the page itself still shows what is stored
    assert "Head of Data Platform at Northwind Analytics" in page.text


# 9. the header of someone with no title -------------------------------------------------------
def test_a_person_without_a_title_is_not_said_at_their_company(client, csrf, db_url):
    def hank(tx):
        company = tx.add(m.Company(name="Globex"))
        return tx.add(m.Person(name="Hank Scorpio", emails=["hank@globex.example"], company_id=company.id))

    person = read(db_url, hank)
    page = client.get(f"/people/{person.id}").text
    sub = " ".join(html.unescape(re.search(r'<p class="sub">(.*?)</p>', page, re.S).group(1)).split())
    assert sub.startswith("Globex · hank@globex.example")
    assert "Head of Data Platform at Northwind Analytics · priya" in html.unescape(client.get("/people/1").text)


# 10. news dates ------------------------------------------------------------------------------
def news(client, csrf, when):
    return client.post("/news", data={"csrf": csrf, "title": "Gave a talk", "kind": "achievement",
                                      "happened_on": when, "tags": "", "company": "", "detail": "", "link": ""},
                       follow_redirects=True)


def test_a_date_that_is_not_one_says_what_a_date_looks_like(client, csrf, db_url):
    page = news(client, csrf, "someday")
    assert page.status_code == 400
    line = html.unescape(re.search(r'id="form-error">([^<]*)<', page.text).group(1))
    assert line.startswith("When: not a date: 'someday'")  # the field's label first
    assert "2026-11-20" in line and "yesterday" in line
    assert "10:00" not in line and "Europe/Berlin" not in line  # no time or zone for a day


@pytest.mark.parametrize("typed, said", [
    ("11/25/2026", "Added: Gave a talk, dated 25 Nov 2026"),  # month/day (25 is no month): said, so it is seen
    ("yesterday", "Added: Gave a talk, dated 25 Nov 2026"),
])
def test_a_date_not_typed_as_iso_is_said_as_read(client, csrf, typed, said):
    page = news(client, csrf, typed)
    assert said in html.unescape(page.text)


def test_a_date_whose_day_and_month_could_be_swapped_is_refused_on_its_field(client, csrf):
    # 11/12/2026 is 12 November in the US and 11 December elsewhere: asked, never guessed
    page = news(client, csrf, "11/12/2026")
    assert page.status_code == 400
    line = html.unescape(re.search(r'id="form-error">([^<]*)<', page.text).group(1))
    assert line.startswith("When: ") and "ambiguous" in line and "2026-11-12" in line and "2026-12-11" in line
    assert 'aria-invalid="true"' in page.text


def test_an_iso_date_is_not_said_again(client, csrf):
    page = html.unescape(news(client, csrf, "2026-11-20").text)
    assert "Added: Gave a talk" in page and "dated" not in page.split("Added: Gave a talk")[1].split("</p>")[0]


# 8. a phone, with the merge form open ------------------------------------------------------
def _long_colleague(tx):
    """A colleague of Priya's with a long address: the merge form's option for them is long."""
    northwind = tx.get(m.Person, 1).company_id
    tx.add(m.Person(name="Maximilian Alexander Wolfeschlegelstein",
                    emails=["maximilian.alexander.wolfeschlegelstein@northwind-analytics.example"],
                    company_id=northwind))


def test_the_person_page_fits_a_phone_with_the_merge_form_open(page, db_url):
    with serve(db_url) as live:
        read(db_url, _long_colleague)
        page.set_viewport_size({"width": 375, "height": 800})
        page.goto(live.login_url)
        page.wait_for_url(f"{live.url}/")
        page.goto(f"{live.url}/people/1")
        page.locator("summary", has_text="Merge Priya Raman into another person").click()
        keep = page.get_by_label("Keep")
        assert "Wolfeschlegelstein" in keep.inner_text()
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        box = keep.bounding_box()
        assert box["x"] + box["width"] <= 375
        page.locator("summary", has_text="Correct the details").click()
        assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_a_news_link_that_is_not_a_web_address_is_refused(client, csrf, db_url):
    before = read(db_url, lambda tx: len(tx.list(m.NewsItem)))
    page = client.post("/news", data={"csrf": csrf, "title": "Gave a talk", "kind": "achievement",
                                      "happened_on": "2026-11-20", "tags": "", "company": "", "detail": "",
                                      "link": "javascript:alert(1)"}, follow_redirects=True)
    assert page.status_code == 400
    line = html.unescape(re.search(r'id="form-error">([^<]*)<', page.text).group(1))
    assert line.startswith("Link: the link 'javascript:alert(1)' is not a web address")  # the field's label first
    assert read(db_url, lambda tx: len(tx.list(m.NewsItem))) == before  # nothing written
