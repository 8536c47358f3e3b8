"""The desk follows the corrections of the services: an interview (or opportunity) with notes out
is not deleted without a word, a new name or signature takes back the notes approved with the
old one, and a person's page says what a new address does not change and what a merge may get
wrong. The demo's interview 1 is Northwind's panel of Wed 25 Nov 2026 (opportunity 1) with Priya
Raman, Tom Becker and Lena Fischer."""

from __future__ import annotations

import re

from afterview.domain import model as m
from tests.web.conftest import draft, mark_scheduled, read
from tests.web.test_edit_meanwhile import form_of
from tests.web.test_interview_edit import flashes


def test_an_interview_with_notes_out_is_deleted_only_when_insisted_and_says_what_it_forgets(client, csrf, db_url):
    message_id = draft(client, csrf, "thank_you:i1:p1")
    mark_scheduled(db_url, message_id)
    page = client.get("/interviews/1/edit").text
    assert "Delete it all the same (forget the notes sent)" in page and 'name="forget_sent"' in page
    refused = client.post("/interviews/1/delete", data={"csrf": csrf, "confirm": "yes"})
    assert refused.status_code == 409 and refused.text.count('id="form-error"') == 1
    error = re.search(r'id="form-error"[^>]*>(.*?)</', refused.text, re.S).group(1)
    assert "interview 1 has notes out: the thank-you to Priya Raman (scheduled for" in error
    assert "correct its start, end, zone or panel above" in error and "tick Cancelled above and save" in error
    assert "--forget-sent" not in error and "afterview" not in error  # the desk's words, not the CLI's
    assert read(db_url, lambda tx: tx.count(m.Interview, id=1)) == 1  # nothing deleted
    page = client.post("/interviews/1/delete", data={"csrf": csrf, "confirm": "yes", "forget_sent": "yes"},
                       follow_redirects=True)
    assert page.url.path == "/opportunities/1"
    said = flashes(page.text)
    assert said[0].startswith("Deleted the panel interview of Wed 25 Nov 2026")
    assert any(line.startswith("No longer planned: the thank-you to Tom Becker") for line in said), said
    assert read(db_url, lambda tx: tx.count(m.Interview, id=1)) == 0


def test_a_new_name_in_settings_takes_back_the_notes_approved_with_the_old_one(client, csrf, db_url):
    message_id = draft(client, csrf, "thank_you:i1:p1")
    old = read(db_url, lambda tx: tx.profile().name)
    assert old and old in read(db_url, lambda tx: tx.get(m.Message, message_id).body)
    mark_scheduled(db_url, message_id)
    other = draft(client, csrf, "thank_you:i1:p2")  # a draft: named, to write again
    opened = form_of(client.get("/settings").text, "/settings/profile")
    page = client.post("/settings/profile", data={**opened, "csrf": csrf, "name": "Alexandra Morgan"},
                       follow_redirects=True)
    said = " ".join(flashes(page.text))
    assert said.startswith("Profile saved.")
    assert f"it is signed {old}, now Alexandra Morgan" in said
    assert "open it and use Redraft, or correct its text, then approve it" in said and "afterview" not in said
    assert read(db_url, lambda tx: tx.get(m.Message, message_id).state) == m.MessageState.DRAFTED
    assert "Written before this change: the thank-you note to Tom Becker has your name as" in said
    assert read(db_url, lambda tx: tx.get(m.Message, other).state) == m.MessageState.DRAFTED


def test_a_new_address_names_the_note_sent_to_the_old_one(client, csrf, db_url):
    from datetime import datetime, timezone

    person = read(db_url, lambda tx: next(p for p in tx.list(m.Person) if p.name == "Priya Raman"))
    old = person.emails[0]

    def sent(tx):
        return tx.add(m.Message(kind=m.MessageKind.THANK_YOU, person_id=person.id, opportunity_id=1, interview_id=1,
                                action_key=f"thank_you:i1:p{person.id}", subject="Thank you", body="Hi Priya,",
                                to_address=old, state=m.MessageState.SENT,
                                sent_at=datetime(2026, 11, 26, 14, 0, tzinfo=timezone.utc))).id

    message_id = read(db_url, sent)
    opened = form_of(client.get(f"/people/{person.id}").text, f"/people/{person.id}/edit")
    page = client.post(f"/people/{person.id}/edit", data={**opened, "csrf": csrf, "emails": "priya@new.example"},
                       follow_redirects=True)
    said = " ".join(flashes(page.text))
    assert (f"The thank-you note to Priya Raman was sent to {old} on Thu 26 Nov 2026, 09:00, the old address: a sent "
            "note is not sent again; if it did not reach them, copy its text into an email to priya@new.example") in said
    assert read(db_url, lambda tx: tx.get(m.Message, message_id).state) == m.MessageState.SENT


def test_the_merge_box_says_it_has_no_undo_and_why_the_pair_may_be_two_people(client, db_url):
    person = read(db_url, lambda tx: next(p for p in tx.list(m.Person) if p.name == "Priya Raman"))
    page = client.get(f"/people/{person.id}").text
    assert "a merge has no undo" in page
    doubts = re.search(r'<ul class="hint" id="merge-doubts">(.*?)</ul>', page, re.S).group(1)
    assert "their names differ (Priya Raman; Tom Becker): check that they are one person before merging" in doubts
