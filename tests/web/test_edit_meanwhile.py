"""An edit form opened before a change made elsewhere never saves the old values back.

Found by a tester on a career centre's shared database: the person form, opened in the desk,
then `afterview person edit 2 --title ... --tz ... --email ...` in a terminal, then Save on the
open form with a tag added, wrote the old title, zone and addresses back (and moved a draft to
the old address again); the interview form did the same to `afterview interview edit`. Every
edit form now carries the version of the record as the page showed it (versions.py): a Save
over a record changed meanwhile saves nothing (409), names what changed, shows what is stored
now, and keeps what was typed.

The demo's person 2 is Tom Becker (Northwind), interview 1 Northwind's panel of Wed 25 Nov 2026.
"""

from __future__ import annotations

import html
import re

from afterview.domain import model as m
from tests.helpers import afterview
from tests.web.conftest import draft, read


def form_of(page: str, action: str) -> dict[str, str]:
    """The fields of the form posting to `action` as a browser would send them unchanged."""
    found = re.search(rf'<form method="post" action="{re.escape(action)}".*?</form>', page, re.S)
    assert found, f"no form for {action}"
    form = found.group(0)
    data = {}
    for tag in re.findall(r"<input[^>]*>", form):
        name = re.search(r'name="(\w+)"', tag)
        if not name:
            continue
        if 'type="checkbox"' in tag:
            if " checked" in tag:
                value = re.search(r'value="([^"]*)"', tag)
                data[name.group(1)] = html.unescape(value.group(1)) if value else "on"
            continue
        value = re.search(r'value="([^"]*)"', tag)
        data[name.group(1)] = html.unescape(value.group(1)) if value else ""
    for name, text in re.findall(r'<textarea[^>]*name="(\w+)"[^>]*>(.*?)</textarea>', form, re.S):
        data[name] = html.unescape(text)
    for name, body in re.findall(r'<select[^>]*name="(\w+)"[^>]*>(.*?)</select>', form, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', body)
        data[name] = html.unescape(chosen.group(1)) if chosen else ""
    return data


def error_line(page: str) -> str:
    found = re.search(r'<p class="flash flash-error" role="alert" id="form-error">(.*?)</p>', page, re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", found.group(1))) if found else ""


def cli(db_url: str, *args: str):
    result = afterview("--db", db_url.removeprefix("sqlite:///"), *args)
    assert result.code == 0, result.stderr
    return result


def test_a_stale_person_form_saves_nothing_and_keeps_what_was_typed(client, db_url):
    csrf = form_of(client.get("/").text, "/actions/draft")["csrf"]
    message_id = draft(client, csrf, "thank_you:i1:p2")  # Tom's thank-you, to his address
    page = client.get("/people/2").text
    opened = form_of(page, "/people/2/edit")
    assert opened["version"]
    old_title, old_emails = opened["title"], opened["emails"]

    cli(db_url, "person", "edit", "2", "--title", "CLI-Title", "--tz", "Europe/Lisbon",
        "--email", "tom.new@northwind.example")
    address = read(db_url, lambda tx: tx.get(m.Message, message_id).to_address)
    assert address == "tom.new@northwind.example"  # the terminal readdressed the draft

    typed = {**opened, "tags": "kafka, streaming"}
    refused = client.post("/people/2/edit", data=typed)
    assert refused.status_code == 409
    line = error_line(refused.text)
    assert line.startswith("Not saved: Tom Becker's details changed since this page was opened")
    for label in ("Email addresses", "Title", "Time zone"):
        assert label in line
    # nothing saved: the terminal's change stands, the draft still goes to the new address
    person = read(db_url, lambda tx: tx.get(m.Person, 2))
    assert (person.title, person.timezone, person.emails) == ("CLI-Title", "Europe/Lisbon",
                                                              ["tom.new@northwind.example"])
    assert "kafka" not in person.tags
    assert read(db_url, lambda tx: tx.get(m.Message, message_id).to_address) == "tom.new@northwind.example"

    # the form again: the fields changed meanwhile as stored now, what was typed kept
    again = form_of(refused.text, "/people/2/edit")
    assert again["title"] == "CLI-Title" and again["timezone"] == "Europe/Lisbon"
    assert again["emails"] == "tom.new@northwind.example" and old_title != "CLI-Title" and old_emails
    assert again["tags"] == "kafka, streaming"
    assert again["version"] != opened["version"]

    # Save again, now from what the page shows: saved, the terminal's change kept
    saved = client.post("/people/2/edit", data=again)
    assert saved.status_code == 200 and "Saved: Tom Becker" in saved.text
    person = read(db_url, lambda tx: tx.get(m.Person, 2))
    assert (person.title, person.emails) == ("CLI-Title", ["tom.new@northwind.example"])
    assert "kafka" in person.tags
    assert read(db_url, lambda tx: tx.get(m.Message, message_id).to_address) == "tom.new@northwind.example"


def test_a_field_changed_here_and_there_keeps_what_was_typed_and_shows_what_is_stored(client, db_url):
    opened = form_of(client.get("/people/2").text, "/people/2/edit")
    cli(db_url, "person", "edit", "2", "--title", "CLI-Title")
    refused = client.post("/people/2/edit", data={**opened, "title": "Desk-Title"})
    assert refused.status_code == 409
    assert form_of(refused.text, "/people/2/edit")["title"] == "Desk-Title"
    assert "Stored now (changed meanwhile): <q>CLI-Title</q>" in refused.text
    assert read(db_url, lambda tx: tx.get(m.Person, 2).title) == "CLI-Title"


def test_an_unchanged_record_saves_at_once(client, db_url):
    opened = form_of(client.get("/people/2").text, "/people/2/edit")
    saved = client.post("/people/2/edit", data={**opened, "title": "Staff Engineer"})
    assert saved.status_code == 200
    assert read(db_url, lambda tx: tx.get(m.Person, 2).title) == "Staff Engineer"


def test_a_stale_interview_form_does_not_undo_the_terminals_change(client, db_url):
    opened = form_of(client.get("/interviews/1/edit").text, "/interviews/1/edit")
    assert opened["version"]
    before = read(db_url, lambda tx: tx.get(m.Interview, 1))
    cli(db_url, "interview", "edit", "1", "--start", "2026-11-25 15:00", "--location", "Room 4B (CLI)")
    moved = read(db_url, lambda tx: tx.get(m.Interview, 1))
    assert moved.start != before.start and moved.location == "Room 4B (CLI)"

    refused = client.post("/interviews/1/edit", data={**opened, "notes": "desk note"})
    assert refused.status_code == 409
    line = error_line(refused.text)
    assert line.startswith("Not saved: this interview changed since this page was opened")
    assert "Start" in line and "Location" in line
    after = read(db_url, lambda tx: tx.get(m.Interview, 1))
    assert (after.start, after.end, after.location, after.notes) == (moved.start, moved.end, "Room 4B (CLI)", "")

    again = form_of(refused.text, "/interviews/1/edit")
    assert again["start"] == "2026-11-25 15:00" and again["location"] == "Room 4B (CLI)"
    assert again["notes"] == "desk note"
    assert client.post("/interviews/1/edit", data=again).status_code == 200
    after = read(db_url, lambda tx: tx.get(m.Interview, 1))
    assert (after.start, after.location, after.notes) == (moved.start, "Room 4B (CLI)", "desk note")


def test_a_stale_profile_form_does_not_undo_the_terminals_change(client, db_url):
    opened = form_of(client.get("/settings").text, "/settings/profile")
    assert opened["version"]
    cli(db_url, "profile", "set", "--phone", "+1 555 0199")
    refused = client.post("/settings/profile", data={**opened, "signature": "Best,\nAlex"})
    assert refused.status_code == 409
    assert error_line(refused.text).startswith(
        "Not saved: your profile changed since this page was opened (in another tab, in the terminal or on another "
        "desk): Phone. The form shows what is stored now for it, and keeps everything you typed")
    profile = read(db_url, lambda tx: tx.profile())
    assert profile.phone == "+1 555 0199" and profile.signature != "Best,\nAlex"
    again = form_of(refused.text, "/settings/profile")
    assert again["phone"] == "+1 555 0199" and again["signature"] == "Best,\nAlex"
    assert client.post("/settings/profile", data=again).status_code == 200
    profile = read(db_url, lambda tx: tx.profile())
    assert (profile.phone, profile.signature) == ("+1 555 0199", "Best,\nAlex")
