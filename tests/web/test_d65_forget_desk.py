"""The person page's *Forget this person*: a box to tick, then the same erasure as `afterview
person forget`, and a message that says what was erased and what stays in the mailbox.

Real SQLite file with the demo's records; the desk through Starlette's test client.
"""

from __future__ import annotations

import re
from html import unescape

from afterview.domain import model as m
from tests.web.conftest import landing, read
from tests.web.test_notices_per_tab import flashes


def _priya(db_url):
    return read(db_url, lambda tx: next(p for p in tx.list(m.Person) if p.name == "Priya Raman"))


def test_the_person_page_has_a_forget_form_with_a_box_to_tick(client, db_url):
    priya = _priya(db_url)
    box = re.search(r'<section aria-labelledby="forget-h">.*?</section>', client.get(f"/people/{priya.id}").text, re.S)
    assert box, "no forget box"
    assert f'action="/people/{priya.id}/forget"' in box.group(0)
    assert re.search(r'<input type="checkbox" name="confirm" value="yes" required>', box.group(0))


def test_forget_without_the_box_ticked_changes_nothing(client, csrf, db_url):
    priya = _priya(db_url)
    page = client.post(f"/people/{priya.id}/forget", data={"csrf": csrf}, follow_redirects=True)
    assert "Not forgotten: tick the box to confirm." in [unescape(line) for line in flashes(page.text)]
    assert read(db_url, lambda tx: tx.get(m.Person, priya.id)).name == "Priya Raman"


def test_forget_erases_them_and_says_what_stays_in_the_mailbox(client, csrf, db_url):
    priya = _priya(db_url)
    response = client.post(f"/people/{priya.id}/forget", data={"csrf": csrf, "confirm": "yes"},
                           follow_redirects=False)
    assert response.status_code == 303 and landing(response) == "/people"
    said = [unescape(line) for line in flashes(client.get(response.headers["location"]).text)]
    assert said[0].startswith(f"Forgot Priya Raman (person {priya.id}): erased 1 person, 1 place on an interview "
                              "panel, 1 debrief"), said
    assert "Not erased: mail to and from them in your own mailbox" in said[0]
    facts = read(db_url, lambda tx: tx.facts())
    assert priya.id not in facts.people
    assert not [d for d in facts.debriefs if d.person_id == priya.id]
    assert client.get(f"/people/{priya.id}").status_code == 404
