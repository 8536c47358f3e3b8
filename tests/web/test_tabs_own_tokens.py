"""Each tab gets forms of its own (found by a tester: a page served from the desk's page cache
carried the same one-time tokens in every tab and on every reload, so a person's details saved
in one tab and then other details saved in a second tab were taken for one form sent twice:
"This form was sent already ... nothing was done again", the second tab's edits lost with no
word). A page from the cache now has fresh tokens; the second Save is then the documented
*changed meanwhile* refusal, which keeps what was typed."""

from __future__ import annotations

import re

from afterview.domain import model as m
from tests.web.conftest import read
from tests.web.test_edit_meanwhile import error_line, form_of


def tokens(page: str) -> list[str]:
    return re.findall(r'name="once" value="([A-Za-z0-9_-]+)"', page)


def test_every_load_of_a_page_has_tokens_of_its_own(client):
    for path in ("/", "/people/2", "/opportunities/1"):
        first, second = tokens(client.get(path).text), tokens(client.get(path).text)
        assert first and len(first) == len(second)
        assert not set(first) & set(second), path
        assert len(set(second)) == len(second)  # and one per form


def test_two_tabs_saving_different_details_never_lose_the_second_in_silence(client, db_url):
    tab_a = form_of(client.get("/people/2").text, "/people/2/edit")
    tab_b = form_of(client.get("/people/2").text, "/people/2/edit")  # the cached page, a second tab
    saved = client.post("/people/2/edit", data={**tab_a, "title": "Head of Data"})
    assert saved.status_code in (200, 303) and "sent already" not in saved.text
    second = client.post("/people/2/edit", data={**tab_b, "title": "Principal Engineer", "tags": "sailing"})
    assert second.status_code == 409
    assert "sent already" not in second.text
    assert error_line(second.text).startswith("Not saved: Tom Becker's details changed since this page was opened")
    again = form_of(second.text, "/people/2/edit")
    assert again["tags"] == "sailing"  # what the second tab typed is kept
    assert read(db_url, lambda tx: tx.get(m.Person, 2)).title == "Head of Data"
