"""A cards page opened before a debrief was changed elsewhere never saves the old cards back.

`/interviews/ID/debrief` is an edit form like the others (versions.py): each card carries, in
`version_N`, the version of that person's card as the page showed it. Before, a card changed in
the terminal (`afterview debrief 1 --person Priya --topic ...`) after the page was opened was
overwritten by the stale page's Save, silently. Now the Save saves nothing (409), names whose
card and which fields changed, shows what is stored now and keeps what was typed.

The demo's interview 1 (Northwind) has Priya Raman (1), Tom Becker (2) and Lena Fischer (3).
"""

from __future__ import annotations

from afterview.domain import model as m
from tests.web.conftest import read
from tests.web.test_edit_meanwhile import cli, error_line, form_of

CARDS = "/interviews/1/debrief"


def debrief(db_url: str, person_id: int) -> m.Debrief | None:
    found = read(db_url, lambda tx: tx.list(m.Debrief, interview_id=1, person_id=person_id))
    return found[0] if found else None


def test_a_stale_cards_page_saves_nothing_and_keeps_what_was_typed(client, db_url):
    opened = form_of(client.get(CARDS).text, CARDS)
    assert opened["version_1"] and opened["version_2"]
    before = debrief(db_url, 1)
    cli(db_url, "debrief", "1", "--person", "Priya", "--topic", "the on-call rotation (CLI)",
        "--decision-date", "2026-12-11")

    typed = {**opened, "rapport_2": "Chicago marathon, and cycling"}  # Tom's card, changed here
    refused = client.post(CARDS, data=typed)
    assert refused.status_code == 409
    line = error_line(refused.text)
    assert line.startswith("Not saved: Priya Raman's card changed since this page was opened (in another tab, "
                           "in the terminal or on another desk): Topics you discussed and Decision date.")
    assert "keeps everything you typed" in line and "Tom Becker" not in line
    # nothing saved: the terminal's topic and date stand, Tom's card is as it was
    priya = debrief(db_url, 1)
    assert priya.topics == [*before.topics, "the on-call rotation (CLI)"]
    assert priya.decision_date.isoformat() == "2026-12-11"
    assert "cycling" not in " ".join(debrief(db_url, 2).rapport)

    # the cards again: Priya's as stored now, what was typed on Tom's kept, Priya's version new
    again = form_of(refused.text, CARDS)
    assert again["topics_1"].splitlines()[-1] == "the on-call rotation (CLI)"
    assert again["decision_date_1"] == "2026-12-11"
    assert again["rapport_2"] == "Chicago marathon, and cycling"
    assert again["version_1"] != opened["version_1"] and again["version_2"] == opened["version_2"]
    assert '<a href="#topics_1">Go to the field</a>' in refused.text  # the first field changed

    saved = client.post(CARDS, data=again)
    assert saved.status_code == 200 and "Saved 3 cards." in saved.text
    priya = debrief(db_url, 1)
    assert "the on-call rotation (CLI)" in priya.topics and priya.decision_date.isoformat() == "2026-12-11"
    assert debrief(db_url, 2).rapport == ["Chicago marathon, and cycling"]


def test_a_field_changed_here_and_there_keeps_what_was_typed_and_shows_what_is_stored(client, db_url):
    opened = form_of(client.get(CARDS).text, CARDS)
    cli(db_url, "debrief", "1", "--person", "Tom", "--concern", "no on-call experience (CLI)")
    cli(db_url, "debrief", "1", "--person", "Lena", "--next-steps", "a call on Friday (CLI)")
    refused = client.post(CARDS, data={**opened, "concerns_2": "team size -> I led a team of six"})
    assert refused.status_code == 409
    line = error_line(refused.text)
    assert line.startswith("Not saved: the cards of Tom Becker and Lena Fischer changed since this page was opened")
    assert "Their concerns for Tom Becker and Next steps for Lena Fischer" in line
    again = form_of(refused.text, CARDS)
    assert again["concerns_2"] == "team size -> I led a team of six"  # typed: kept
    assert again["next_steps_3"] == "a call on Friday (CLI)"  # left alone: as stored now
    assert "Stored now (changed meanwhile): <q>no on-call experience (CLI)</q>" in refused.text
    assert debrief(db_url, 2).concerns == ["no on-call experience (CLI)"]


def test_unchanged_cards_save_at_once(client, db_url):
    opened = form_of(client.get(CARDS).text, CARDS)
    saved = client.post(CARDS, data={**opened, "promises_2": "the incident review template"})
    assert saved.status_code == 200 and "Saved 3 cards." in saved.text
    assert debrief(db_url, 2).promises == ["the incident review template"]


def test_a_card_deleted_meanwhile_is_a_card_emptied(client, db_url):
    """A debrief gone since (another desk on the same database): the card is empty now."""
    opened = form_of(client.get(CARDS).text, CARDS)
    lena = debrief(db_url, 3).id
    read(db_url, lambda tx: tx.delete(m.Debrief, lena))
    refused = client.post(CARDS, data={**opened, "topics_2": "incident reviews"})
    assert refused.status_code == 409
    assert error_line(refused.text).startswith(
        "Not saved: Lena Fischer's card changed since this page was opened (in another tab, in the terminal or on "
        "another desk): Topics you discussed, Next steps and Decision date.")
    again = form_of(refused.text, CARDS)
    assert (again["topics_3"], again["next_steps_3"], again["topics_2"]) == ("", "", "incident reviews")
    assert debrief(db_url, 3) is None
    assert client.post(CARDS, data=again).status_code == 200
    assert debrief(db_url, 3) is None and debrief(db_url, 2).topics == ["incident reviews"]


def test_someone_added_to_the_panel_meanwhile_keeps_their_card(client, db_url):
    opened = form_of(client.get(CARDS).text, CARDS)
    cli(db_url, "person", "add", "Sam Ortiz")
    cli(db_url, "interview", "edit", "1", "--with", "Sam Ortiz")
    cli(db_url, "debrief", "1", "--person", "Sam Ortiz", "--topic", "the migration plan (CLI)")
    saved = client.post(CARDS, data={**opened, "rapport_3": "hiking"})
    assert saved.status_code == 200 and "Saved 3 cards." in saved.text
    assert "Sam Ortiz was added to the panel since the cards page was opened: their card was left as stored." \
        in saved.text
    sam = read(db_url, lambda tx: tx.list(m.Debrief, interview_id=1))
    assert [d.topics for d in sam if d.person_id not in (1, 2, 3)] == [["the migration plan (CLI)"]]
    assert debrief(db_url, 3).rapport == ["hiking"]


def test_a_card_typed_for_someone_taken_off_the_panel_meanwhile_is_not_lost(client, db_url):
    opened = form_of(client.get(CARDS).text, CARDS)
    cli(db_url, "interview", "edit", "1", "--without", "Tom Becker")
    typed = {**opened, "promises_2": "the incident review template", "rapport_3": "hiking"}
    refused = client.post(CARDS, data=typed)
    assert refused.status_code == 409
    line = error_line(refused.text)
    assert "Tom Becker was taken off this interview's panel since this page was opened" in line
    assert "read only, to copy" in line
    assert 'name="promises_2" rows="2" readonly' in refused.text and "the incident review template" in refused.text
    assert debrief(db_url, 3).rapport == []  # nothing saved
    again = form_of(refused.text, CARDS)
    assert "version_2" not in again and again["rapport_3"] == "hiking"
    saved = client.post(CARDS, data=again)
    assert saved.status_code == 200 and "Saved 2 cards." in saved.text
    assert debrief(db_url, 3).rapport == ["hiking"] and debrief(db_url, 2).promises == []
    # untouched, such a card is no reason to refuse
    opened = form_of(client.get(CARDS).text, CARDS)
    cli(db_url, "interview", "edit", "1", "--without", "Lena Fischer")
    assert client.post(CARDS, data={**opened, "rapport_1": "coffee"}).status_code == 200


def test_a_form_without_versions_is_saved_as_before(client, db_url):
    opened = form_of(client.get(CARDS).text, CARDS)
    cli(db_url, "debrief", "1", "--person", "Tom", "--topic", "pairing (CLI)")
    plain = {k: v for k, v in opened.items() if not k.startswith("version_")}
    assert client.post(CARDS, data=plain).status_code == 200
