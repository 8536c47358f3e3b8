"""The Snooze line names the note, as Done and Skip do; the person page's merge box pre-selects
no one (it once offered "Keep: Lena Fischer" on Priya Raman's page while saying their names
differ), lists likely duplicates first, and is open only when there is one.

Real SQLite file with the demo's records; the desk through Starlette's test client.
"""

from __future__ import annotations

import re
from html import unescape

from afterview.domain import model as m
from tests.web.conftest import read
from tests.web.test_notices_per_tab import flashes


def test_snooze_names_the_note(client, csrf):
    page = client.post("/actions/snooze", data={"csrf": csrf, "key": "thank_you:i1:p2", "until": "2026-11-28",
                                                "next": "/"}, follow_redirects=True)
    said = [unescape(line) for line in flashes(page.text)]
    assert said[0].startswith("Snoozed until Sat 28 Nov 2026, 09:00: Thank-you note to Tom Becker"), said


def _merge_box(page: str) -> str:
    found = re.search(r'<section aria-labelledby="merge-h">.*?</section>', page, re.S)
    assert found, "no merge box"
    return found.group(0)


def test_no_one_is_chosen_and_the_box_is_closed_without_a_likely_duplicate(client, db_url):
    priya = read(db_url, lambda tx: next(p for p in tx.list(m.Person) if p.name == "Priya Raman"))
    box = _merge_box(client.get(f"/people/{priya.id}").text)
    assert "<details>" in box and "<details open>" not in box
    assert "(no likely duplicate found)" in box
    select = re.search(r'<select id="merge-into".*?</select>', box, re.S).group(0)
    assert re.search(r'<option value="" selected>\(choose the other record\)</option>', select)
    assert select.count(" selected") == 1
    assert 'aria-describedby="merge-doubts"' in select and " required" in select


def test_a_likely_duplicate_opens_the_box_first_in_its_list(client, db_url):
    priya = read(db_url, lambda tx: next(p for p in tx.list(m.Person) if p.name == "Priya Raman"))
    twin = read(db_url, lambda tx: tx.add(m.Person(name="Priya Raman", company_id=priya.company_id)))
    client.app.state.desk.changed()
    box = _merge_box(client.get(f"/people/{priya.id}").text)
    assert "<details open>" in box and "no likely duplicate" not in box
    likely = re.search(r'<optgroup label="Likely the same person">(.*?)</optgroup>', box, re.S).group(1)
    assert f'<option value="{twin.id}">Priya Raman (person {twin.id})' in likely
    assert '<optgroup label="Others: check first">' in box
    assert re.search(r'<option value="" selected>\(choose the other record\)</option>', box)


def test_merge_with_no_one_chosen_is_refused(client, csrf, db_url):
    priya = read(db_url, lambda tx: next(p for p in tx.list(m.Person) if p.name == "Priya Raman"))
    page = client.post(f"/people/{priya.id}/merge", data={"csrf": csrf, "into": "", "confirm": "yes"},
                       follow_redirects=True)
    assert "Not merged: choose the person to keep." in unescape(page.text)
    assert read(db_url, lambda tx: tx.get(m.Person, priya.id)).name == "Priya Raman"
