"""The LinkedIn column of `afterview person list` and the desk's person page say the connection
in words, and whether a profile is known when there is none: someone whose profile URL is
recorded reads "not connected (profile known)", never "none" beside it."""

from __future__ import annotations

import html
import re

from tests.helpers import afterview

AT = "2026-11-28 10:00"


def _people(db: str) -> None:
    for args in (
        ("Priya Raman", "--linkedin", "https://www.linkedin.com/in/priya-raman"),
        ("Tom Becker",),
        ("Ana Souza", "--linkedin", "https://www.linkedin.com/in/ana-souza"),
    ):
        done = afterview("--db", db, "--at", AT, "person", "add", *args)
        assert done.code == 0, done.err
    done = afterview("--db", db, "--at", AT, "person", "edit", "Ana Souza", "--connection", "connected")
    assert done.code == 0, done.err


def test_person_list_says_whether_a_profile_is_known(tmp_path):
    db = str(tmp_path / "p.db")
    _people(db)
    rows = [line.split("\t") for line in afterview("--db", db, "person", "list").out.splitlines()]
    assert rows[0][-1] == "linkedin"
    assert {row[1]: row[-1] for row in rows[1:]} == {
        "Priya Raman": "not connected (profile known)", "Tom Becker": "not connected", "Ana Souza": "connected"}


def test_the_person_page_says_it_in_the_same_words(tmp_path):
    from tests.web.conftest import client_for, make_app, TOKEN

    db = str(tmp_path / "p.db")
    _people(db)
    client = client_for(make_app(f"sqlite:///{db}", demo=False))
    assert client.get(f"/login?token={TOKEN}", follow_redirects=False).status_code == 303

    def said(person_id: int) -> str:
        page = client.get(f"/people/{person_id}").text
        sub = " ".join(html.unescape(re.search(r'<p class="sub">(.*?)</p>', page, re.S).group(1)).split())
        said = sub.split("LinkedIn: ", 1)[1]
        return re.sub(r" \(<a href=[^>]*>their profile<span[^>]*>[^<]*</span></a>\)$", "", said)

    # (the profile known is linked after it: "(their profile on LinkedIn (Priya Raman))", read aloud)
    assert said(1) == "not connected (profile known)"
    assert said(2) == "not connected"
    assert said(3) == "connected"
