"""The desk's person page: the greet-as name set, shown, cleared and checked in *Correct the details*;
a time zone saved for someone with no country gives the zone's, said after saving; the People page
lists names case and accents aside (as `afterview person list` does)."""

from __future__ import annotations

import html
import re

from afterview.domain import model as m
from tests.web.conftest import read

KHAI = "Nguyễn Thị Minh Khai"


def _add(db_url, **fields) -> int:
    return read(db_url, lambda tx: tx.add(m.Person(**fields)).id)


def _form(person_id: int, db_url, **changes) -> dict:
    """The details form as the page fills it, with `changes` typed in."""
    person = read(db_url, lambda tx: tx.get(m.Person, person_id))
    return {"name": person.name, "emails": "\n".join(person.emails), "title": person.title, "company": "",
            "timezone": person.timezone, "country": person.country, "greet_as": person.greet_as,
            "tags": ", ".join(person.tags), **changes}


def _said(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def test_greet_as_is_set_shown_and_cleared_on_the_person_page(client, csrf, db_url):
    khai = _add(db_url, name=KHAI, emails=["khai@acme.example"])
    page = client.get(f"/people/{khai}").text
    assert ('<label for="p-greet">Greet as</label><input id="p-greet" name="greet_as" value="" '
            'aria-describedby="p-greet-hint">') in page
    saved = client.post(f"/people/{khai}/edit", data={"csrf": csrf, **_form(khai, db_url, greet_as=" Khai ")},
                        follow_redirects=True)
    assert saved.status_code == 200 and f"Saved: {KHAI}" in _said(saved.text)
    assert read(db_url, lambda tx: tx.get(m.Person, khai).greet_as) == "Khai"
    assert 'id="p-greet" name="greet_as" value="Khai"' in client.get(f"/people/{khai}").text

    client.post(f"/people/{khai}/edit", data={"csrf": csrf, **_form(khai, db_url, greet_as="")})
    assert read(db_url, lambda tx: tx.get(m.Person, khai).greet_as) == ""


def test_a_greet_as_name_of_two_lines_is_refused_at_its_field(client, csrf, db_url):
    khai = _add(db_url, name=KHAI, greet_as="Khai")
    page = client.post(f"/people/{khai}/edit", data={"csrf": csrf, **_form(khai, db_url, greet_as="Khai\nBcc: x")})
    assert page.status_code == 400
    details = page.text.split('id="edit-h"')[1].split("</section>")[0]
    line = html.unescape(re.search(r'id="form-error">([^<]*)<', details).group(1))
    assert "Greet as" in line and "single line" in line
    assert ('id="p-greet" name="greet_as" value="Khai\nBcc: x" aria-invalid="true" '
            'aria-describedby="form-error p-greet-hint"') in details
    assert read(db_url, lambda tx: tx.get(m.Person, khai).greet_as) == "Khai"  # nothing written


def test_a_zone_saved_without_a_country_gives_the_zones_and_says_so(client, csrf, db_url):
    ravi = _add(db_url, name="Ravi Kumar")
    saved = client.post(f"/people/{ravi}/edit", data={"csrf": csrf, **_form(ravi, db_url, timezone="Asia/Kolkata")},
                        follow_redirects=True)
    assert "Saved: Ravi Kumar. Country IN, from the time zone Asia/Kolkata" in _said(saved.text)
    assert read(db_url, lambda tx: tx.get(m.Person, ravi).country) == "IN"
    # a country typed in the same save wins; one kept as it was is not said again
    anna = _add(db_url, name="Anna Roy")
    client.post(f"/people/{anna}/edit",
                data={"csrf": csrf, **_form(anna, db_url, timezone="Asia/Kolkata", country="DE-BY")})
    assert read(db_url, lambda tx: tx.get(m.Person, anna).country) == "DE-BY"
    saved = client.post(f"/people/{ravi}/edit", data={"csrf": csrf, **_form(ravi, db_url, title="CTO")},
                        follow_redirects=True)
    assert "Saved: Ravi Kumar" in _said(saved.text) and "from the time zone" not in _said(saved.text)


def test_the_people_page_lists_names_case_and_accents_aside(client, db_url):
    for name in ["Zed Shaw", "ada lovelace", "Ángel Ruiz", "Åsa Lind", "Émile Zola", "Łukasz Nowak"]:
        _add(db_url, name=name)
    page = html.unescape(client.get("/people").text)
    names = ["ada lovelace", "Ángel Ruiz", "Åsa Lind", "Émile Zola", "Łukasz Nowak", "Zed Shaw"]
    places = [page.index(f">{name}<") for name in names]
    assert places == sorted(places)


def test_a_country_given_without_its_region_is_said_once_when_saved(client, csrf, db_url):
    """`values.country_note` on the desk, as `person edit --country` says it: when the country
    changes (saving the form again with it unchanged says nothing more)."""
    brit = _add(db_url, name="Brit One", emails=["brit@example.co.uk"])
    saved = _said(client.post(f"/people/{brit}/edit", data={"csrf": csrf, **_form(brit, db_url, country="UK")},
                              follow_redirects=True).text)
    assert ("Saved: Brit One. Time zone Europe/London, from the country GB. UK is kept as GB (GB is the United "
            "Kingdom's ISO code); GB alone has only") in saved
    assert "give the region instead, GB-ENG (England)" in saved
    again = _said(client.post(f"/people/{brit}/edit", data={"csrf": csrf, **_form(brit, db_url)},
                              follow_redirects=True).text)
    assert "Saved: Brit One" in again and "GB alone" not in again
    profile = _said(client.post("/settings/profile", data={"csrf": csrf, "country": "GB"}, follow_redirects=True).text)
    assert "Profile saved. GB alone has only the public holidays all of its regions share" in profile
