"""Long lists on the desk (found by a tester on a 2,000-person pipeline): every form of Today's
page 2 and beyond comes back to that page, not the first; a refused box opens again on the page
where its card is, with what was typed; Today's and People's pages have a page to go to by its
number; People is paged (not cut at 500 with no way past them) and has a search."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from afterview.domain import model as m
from tests.web.conftest import NOW, landing, read


@pytest.fixture
def short_pages(monkeypatch):
    """Today two cards to a page: the demo's backlog is four pages."""
    from afterview.interfaces.web import pages

    monkeypatch.setattr(pages, "TODAY_PAGE", 2)


def due(html: str) -> str:
    """Today's *Due and overdue* section."""
    return html.split('id="due-h"')[1].split("</section>")[0]


def keys(html: str) -> list[str]:
    found = []
    for key in re.findall(r'name="key" value="([^"]*)"', html):
        if key not in found:
            found.append(key)
    return found


def flashes(html: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", text) for text in re.findall(r'<p class="flash[^"]*"[^>]*>(.*?)</p>', html, re.S)]


def test_every_form_on_a_later_page_of_today_comes_back_to_it(client, csrf, short_pages, db_url):
    def reply(tx):  # a reply to confirm: listed on every page of Today
        return tx.add(m.Inbound(kind=m.InboundKind.REPLY, received_at=NOW - timedelta(hours=2), person_id=1,
                                opportunity_id=1, classification=m.ReplyClass.NEXT_ROUND,
                                from_address="priya.raman@northwind.example", summary="next_round: Monday?",
                                confirmed=False)).id

    inbound = read(db_url, reply)
    client.app.state.desk.changed()
    page = client.get("/?page=3").text
    assert "Page 3 of 4" in page
    # every card's forms (Draft, Done, Snooze, Skip, Approve, Schedule), the reply's and its re-filing box
    assert set(re.findall(r'name="next" value="([^"]*)"', page)) == {"/?page=3"}
    first = keys(due(page))[0]
    done = client.post("/actions/done", data={"csrf": csrf, "key": first, "next": "/?page=3"}, follow_redirects=False)
    assert done.status_code == 303 and landing(done) == "/?page=3"
    after = client.get(done.headers["location"]).text
    assert any(line.startswith("Marked done") for line in flashes(after))
    # its Undo, under Recently decided, comes back to the page it is on too
    assert re.search(rf'name="key" value="{re.escape(first)}"><input type="hidden" name="next" value="/\?page=3">',
                     after)
    confirmed = client.post(f"/replies/{inbound}/confirm", data={"csrf": csrf, "status": "interviewing",
                                                                 "next": "/?page=3"}, follow_redirects=False)
    assert confirmed.status_code == 303 and landing(confirmed) == "/?page=3"
    # and never somewhere else: another site is the first page
    elsewhere = client.post("/actions/undo", data={"csrf": csrf, "key": first, "next": "//evil.example/"},
                            follow_redirects=False)
    assert landing(elsewhere) == "/"


def test_a_refused_snooze_opens_again_on_the_page_where_its_card_is(client, csrf, short_pages):
    third = keys(due(client.get("/?page=3").text))[0]
    typed = "the 45th of Smarch"
    refused = client.post("/actions/snooze", data={"csrf": csrf, "key": third, "until": typed, "next": "/?page=3"},
                          follow_redirects=False)
    assert refused.status_code == 303 and landing(refused) == "/?page=3"
    shown = client.get(refused.headers["location"]).text
    assert third in keys(due(shown))  # the card it names is on the page
    assert f'value="{typed}"' in shown and "<details class=\"inline\" open>" in shown
    assert 'aria-invalid="true"' in shown and flashes(shown)[0].startswith("Could not snooze the ")
    # a card on another page by now (the list moved on meanwhile): its page, not the form's
    fourth = keys(due(client.get("/?page=4").text))[0]
    moved = client.post("/actions/skip", data={"csrf": csrf, "key": fourth, "reason": "", "next": "/?page=3"},
                        follow_redirects=False)
    assert landing(moved) == "/?page=4"
    assert fourth in keys(due(client.get(moved.headers["location"]).text))
    # on the first page: "/"
    first = keys(due(client.get("/").text))[0]
    home = client.post("/actions/snooze", data={"csrf": csrf, "key": first, "until": "blah", "next": "/?page=2"},
                       follow_redirects=False)
    assert landing(home) == "/"


def test_a_refused_schedule_from_a_card_opens_again_where_the_card_is(client, csrf, short_pages):
    from tests.web.conftest import draft

    key = keys(due(client.get("/?page=2").text))[0]
    message_id = draft(client, csrf, key)
    page = client.get("/?page=2").text
    schedule = re.search(r'<form method="post" action="/drafts/\d+">((?:(?!</form>).)*name="box"(?:(?!</form>).)*)'
                         r'</form>', page, re.S).group(1)
    assert f'action="/drafts/{message_id}"' in page and '<input type="hidden" name="next" value="/?page=2">' in schedule
    box = re.search(r'<input type="hidden" name="box" value="(when-[^"]+)">', schedule).group(1)
    refused = client.post(f"/drafts/{message_id}", data={"csrf": csrf, "do": "schedule", "when": "someday soon",
                                                         "box": box, "next": "/?page=2"}, follow_redirects=False)
    assert landing(refused) == "/?page=2"
    shown = client.get(refused.headers["location"]).text
    assert 'value="someday soon"' in shown and f'id="{box}"' in shown


def test_todays_pages_can_be_gone_to_by_number(client, short_pages):
    page = client.get("/?page=2").text
    pager = re.search(r'<nav class="pager" aria-label="More due actions">(.*?)</nav>', page, re.S).group(1)
    assert 'href="/"' in pager and 'href="/?page=3"' in pager and "Page 2 of 4" in pager  # Previous, Next
    form = re.search(r'<form method="get" action="/"[^>]*>(.*?)</form>', pager, re.S).group(1)
    assert re.search(r'<label for="due-page">Go to page</label>', form)
    assert re.search(r'<input id="due-page" name="page" type="number" min="1" max="4" value="2"', form)
    assert "Page 4 of 4" in client.get("/?page=4").text
    assert "Page 4 of 4" in client.get("/?page=99999999999999999999").text


def _add_people(db_url, names: list[str]) -> None:
    def add(tx):
        for name in names:
            tx.add(m.Person(name=name))

    read(db_url, add)


def rows(html: str) -> list[str]:
    return re.findall(r'<tr><td><a href="/people/\d+">([^<]*)</a>', html)


def test_people_are_paged_and_everyone_can_be_reached(client, db_url):
    _add_people(db_url, [f"Person {n:04d}" for n in range(600)] + ["Zoë Zyx"])
    client.app.state.desk.changed()
    total = len(read(db_url, lambda tx: tx.list(m.Person)))
    from afterview.interfaces.web.pages import PEOPLE_PAGE

    pages = -(-total // PEOPLE_PAGE)
    first = client.get("/people").text
    assert len(rows(first)) == PEOPLE_PAGE
    assert f"1-{PEOPLE_PAGE} of {total}, by name." in first and f"Page 1 of {pages}" in first
    assert 'href="/people?page=2"' in first
    last = client.get(f"/people?page={pages}").text
    assert rows(last)[-1] == "Zoë Zyx"  # the last name, beyond 500, reached
    assert f'max="{pages}"' in last and f'value="{pages}"' in last
    assert "Showing 500" not in last


def test_people_are_found_by_name_address_or_company(client, db_url):
    _add_people(db_url, [f"Person {n:04d}" for n in range(150)] + ["Ángel Ruiz", "Łukasz Nowak"])
    client.app.state.desk.changed()
    found = client.get("/people?q=angel").text  # accents aside
    assert rows(found) == ["Ángel Ruiz"]
    assert "1 of " in found and "has “angel” in their name, address or company" in found
    assert 'value="angel"' in found and 'role="search"' in found
    assert rows(client.get("/people?q=LUKASZ").text) == ["Łukasz Nowak"]
    assert rows(client.get("/people?q=northwind").text)  # by company (and address): the demo's Northwind people
    many = client.get("/people?q=person").text
    assert len(rows(many)) == 100 and 'href="/people?q=person&amp;page=2"' in many  # the search kept
    assert '<input type="hidden" name="q" value="person">' in many  # in the form to go to a page too
    assert len(rows(client.get("/people?q=person&page=2").text)) == 50
    none = client.get("/people?q=nobody+at+all").text
    assert rows(none) == [] and "Nobody has “nobody at all” in their name, address or company." in none
    escaped = client.get("/people?q=%3Cscript%3E").text
    assert "<script>" not in escaped and "&lt;script&gt;" in escaped


def test_a_cards_forms_keep_the_query_of_the_page_they_are_on(client, csrf):
    # the rejection page beside a reply (?reply=N: its feedback form shows the reply) comes back to it
    client.post("/opportunities/1/outcome", data={"csrf": csrf, "outcome": "rejected", "person_id": "1"})
    page = client.get("/opportunities/1/rejection?reply=7").text
    nexts = set(re.findall(r'name="next" value="([^"]*)"', page))
    assert nexts == {"/opportunities/1/rejection?reply=7"}, nexts
    key = keys(page)[0]
    done = client.post("/actions/done", data={"csrf": csrf, "key": key, "next": "/opportunities/1/rejection?reply=7"},
                       follow_redirects=False)
    assert landing(done) == "/opportunities/1/rejection?reply=7"
