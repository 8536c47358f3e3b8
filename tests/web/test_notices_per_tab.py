"""A notice belongs to the tab whose form said it (found by testers: notices were kept per
session, so a page loaded meanwhile in another tab showed "Added: ..." or a refusal meant for
the first tab, and took it away from it). The redirect after a form carries a tag of its notices
(`?n=...`, security.NoticeBox); a page shows its own tag's notices only, once."""

from __future__ import annotations

import re

from tests.web.conftest import landing


def flashes(page: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", text) for text in re.findall(r'<p class="flash[^"]*"[^>]*>(.*?)</p>', page, re.S)]


def test_a_notice_shows_in_the_tab_that_sent_the_form_only(client, csrf):
    sent = client.post("/news", data={"csrf": csrf, "title": "Gave a talk at PyData", "kind": "achievement",
                                      "tags": "streaming"}, follow_redirects=False)
    assert sent.status_code == 303
    assert landing(sent).startswith("/news#") and re.search(r"[?&]n=[A-Za-z0-9_-]{8,}", sent.headers["location"])
    # another tab opens pages meanwhile: no notice there, and it takes none away
    assert flashes(client.get("/").text) == []
    assert flashes(client.get("/news").text) == []
    # the tab that sent the form follows its redirect: the notice is there
    shown = client.get(sent.headers["location"]).text
    assert flashes(shown) == ["Added: Gave a talk at PyData"]
    # once: reloading that address shows it no more
    assert flashes(client.get(sent.headers["location"]).text) == []


def test_two_tabs_sending_forms_each_see_their_own_notice(client, csrf):
    first = client.post("/news", data={"csrf": csrf, "title": "First talk", "kind": "achievement", "tags": "x"},
                        follow_redirects=False)
    second = client.post("/news", data={"csrf": csrf, "title": "Second talk", "kind": "achievement", "tags": "x"},
                         follow_redirects=False)
    assert first.headers["location"] != second.headers["location"]
    assert flashes(client.get(second.headers["location"]).text) == ["Added: Second talk"]
    assert flashes(client.get(first.headers["location"]).text) == ["Added: First talk"]


def test_a_refused_box_keeps_what_was_typed_in_its_own_tab_only(client, csrf):
    refused = client.post("/actions/snooze", data={"csrf": csrf, "key": "thank_you:i1:p2", "until": "blah", "next": "/"},
                          follow_redirects=False)
    assert refused.status_code == 303 and landing(refused) == "/"
    # Today in another tab: neither the error line nor the typed value
    other = client.get("/").text
    assert 'value="blah"' not in other and 'id="form-error"' not in other
    own = client.get(refused.headers["location"]).text
    assert 'value="blah"' in own and 'id="form-error"' in own
    assert any(line.startswith("Could not snooze the thank-you note to Tom Becker") for line in flashes(own))


def test_a_page_with_a_tag_is_never_served_from_the_page_cache(client, csrf):
    client.get("/")  # Today rendered and cached without notices
    sent = client.post("/actions/snooze", data={"csrf": csrf, "key": "thank_you:i1:p2", "until": "2026-11-30 09:00",
                                                "next": "/"}, follow_redirects=False)
    to = sent.headers["location"]
    assert landing(sent) == "/" and to != "/"
    assert [line for line in flashes(client.get(to).text) if line.startswith("Snoozed")]  # not the cached page
    assert flashes(client.get("/").text) == []  # and the cached page never holds it


def test_an_unknown_or_malformed_tag_is_ignored(client):
    for tag in ("nonexistent12345", "<script>", "", "a" * 200):
        response = client.get("/", params={"n": tag})
        assert response.status_code == 200 and flashes(response.text) == []
