"""A form refused before its route runs (the desk started again, or a page older than the session)
offers to copy what was typed only when the form carried text the user typed: after a button
(Done, Approve) there is nothing to copy, and the page does not say "Copy what you typed"."""

from __future__ import annotations

import html
import re

import pytest

from tests.web.conftest import client_for, make_app


def said(page: str) -> str:
    main = re.search(r"<main.*?</main>", page, re.S).group(0)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", main)).split())


@pytest.fixture
def restarted(app, client, csrf, db_url):
    """The same browser (its cookie and an old page's token) against the desk started again."""
    again = client_for(make_app(db_url, demo=False))
    again.cookies = client.cookies
    return again


def test_a_done_button_after_a_restart_offers_nothing_to_copy(restarted, csrf):
    page = restarted.post("/actions/done", data={"csrf": csrf, "key": "thank_you:i1:p1", "next": "/"})
    assert page.status_code == 401
    assert said(page.text) == (
        "Please log in Nothing was saved: the desk does not know this browser any more (it was started again, or "
        "you logged out). Open the link that 'afterview serve' printed in your terminal (it works once), or start "
        "the desk again for a new one, and send it again from there.")
    assert "What you typed" not in page.text


def test_a_skip_with_its_reason_typed_still_offers_it_to_copy(restarted, csrf):
    page = restarted.post("/actions/skip", data={"csrf": csrf, "key": "thank_you:i1:p1", "next": "/",
                                                 "reason": "met them at lunch"},
                          headers={"sec-fetch-site": "same-origin"})  # from a page of the desk
    assert page.status_code == 401
    assert "Copy what you typed from below; then open the link" in said(page.text)
    assert "What you typed (not saved)" in page.text and ">met them at lunch</textarea>" in page.text


def test_a_stale_page_s_button_offers_nothing_to_copy(client):
    page = client.post("/actions/done", data={"csrf": "a-token-of-an-older-session", "key": "thank_you:i1:p1"})
    assert page.status_code == 403
    line = said(page.text)
    assert "Nothing was saved: this form comes from a page opened before the desk was started again" in line
    assert "Copy what you typed" not in line and "Open the page again and send it from there." in line
    typed = client.post("/actions/skip", data={"csrf": "a-token-of-an-older-session", "key": "thank_you:i1:p1",
                                               "reason": "met them at lunch"})
    assert "Copy what you typed from below, then open the page again" in said(typed.text)
