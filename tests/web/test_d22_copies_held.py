"""The desk follows the services on a copy out that the plan no longer wants (`delivery.hold_copies`):
the editor says so instead of calling that copy the one on its way; a copy downloaded as an .eml
file while the plan no longer has its action says it goes out all the same (as `to_eml` says it),
so that a later hold-back leaves it alone; and a copy in Drafts that could not be taken back is
said with the editor's *Take the copy back*, never the command."""

from __future__ import annotations

import html
import re

from afterview.domain import model as m
from afterview.interfaces.web.views import in_desk_words
from afterview.services import delivery
from tests.web.conftest import draft, read

PRIYA = "thank_you:i1:p1"


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _held(db_url, message_id: int, note: str, why: str) -> None:
    """The draft as `delivery.hold_copies` leaves a copy out it could not take back."""
    def hold(tx):
        message = tx.get(m.Message, message_id)
        message.note, message.last_error = note, why
        tx.update(message)

    read(db_url, hold)


def test_the_editor_says_a_held_eml_copy_is_not_to_be_sent(client, csrf, db_url):
    message_id = draft(client, csrf, PRIYA)
    client.post("/actions/skip", data={"csrf": csrf, "key": PRIYA, "reason": "wrote a card"})  # no longer planned
    _held(db_url, message_id, f"downloaded as an .eml file; {delivery.COPY_HELD}",
          "not sent: you skipped it; it was downloaded as an .eml file: a file or a link cannot be taken "
          f"back, so do not send that copy ({delivery.SEND_THAT_COPY})")
    text = _text(client.get(f"/drafts/{message_id}").text)
    assert "the plan no longer wants it" in text and "so do not send that copy" in text
    assert "That copy is the one on its way" not in text
    assert "for you to send yourself" not in text
    assert "Take the copy back" in text


def test_the_editor_says_a_held_copy_in_drafts_is_to_be_deleted_or_taken_back(client, csrf, db_url):
    message_id = draft(client, csrf, PRIYA)
    client.post("/actions/skip", data={"csrf": csrf, "key": PRIYA, "reason": "wrote a card"})  # no longer planned
    _held(db_url, message_id, f"placed in Drafts of home; {delivery.COPY_HELD}",
          f"not sent: you skipped it; {delivery.COPY_STILL}Drafts of home, and could not be taken back "
          f"(connection refused): delete it there, or take it back: afterview approve {message_id} --withdraw "
          f"({delivery.SEND_THAT_COPY})")
    text = _text(client.get(f"/drafts/{message_id}").text)
    assert "delete it from your Drafts folder, or use Take the copy back" in text
    assert "That copy is the one on its way" not in text
    assert "for you to send from your mail program" not in text
    # the reason shown above says the editor's button, not the command
    assert "delete it there, or use Take the copy back" in text and "--withdraw" not in text


def test_take_it_back_is_said_in_the_desks_words():
    line = "its copy is still in Drafts: delete it there, or take it back: afterview approve 7 --withdraw"
    assert in_desk_words(line, 7).endswith("delete it there, or open it and use Take the copy back")
    assert in_desk_words(line, 7, opened=True).endswith("delete it there, or use Take the copy back")
    assert in_desk_words(line).endswith("delete it there, or open it and use Take the copy back")


def test_an_eml_copy_of_a_note_the_plan_no_longer_has_goes_out_all_the_same(client, csrf, db_url):
    message_id = draft(client, csrf, PRIYA)
    client.post("/actions/skip", data={"csrf": csrf, "key": PRIYA, "reason": "wrote a card"})
    got = client.post(f"/drafts/{message_id}", data={"csrf": csrf, "do": "eml", "despite": "yes"})
    assert got.status_code == 200 and b"Subject:" in got.content
    note = read(db_url, lambda tx: tx.get(m.Message, message_id).note)
    assert note == f"downloaded as an .eml file; {delivery.OUT_ALL_THE_SAME}"
    assert message_id not in [x.id for x in read(db_url, delivery.copies_out)]  # a hold-back leaves it alone


def test_an_eml_copy_of_a_planned_note_is_on_its_way(client, csrf, db_url):
    message_id = draft(client, csrf, PRIYA)
    client.post(f"/drafts/{message_id}", data={"csrf": csrf, "do": "eml", "despite": "yes"})
    assert read(db_url, lambda tx: tx.get(m.Message, message_id).note) == "downloaded as an .eml file"
