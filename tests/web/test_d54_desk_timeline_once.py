"""The opportunity page's timeline shows a note written for a planned action once: a draft as
the planned action saying it is drafted, a scheduled note as the message at its moment."""

from __future__ import annotations

import re
from datetime import timedelta

from afterview.domain import model as m

from tests.web.conftest import NOW, draft, mark_scheduled, read


def _timeline_rows(html: str, name: str) -> list[str]:
    section = html.split('<ol class="timeline">', 1)[1].split("</ol>", 1)[0]
    rows = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip() for row in section.split("<li")[1:]]
    return [row for row in rows if f"note to {name}" in row]


def test_a_draft_then_scheduled_note_is_one_row(client, csrf, db_url):
    message_id = draft(client, csrf, "thank_you:i1:p1")
    note = read(db_url, lambda tx: tx.get(m.Message, message_id))
    name = read(db_url, lambda tx: tx.get(m.Person, note.person_id).name)
    page = f"/opportunities/{note.opportunity_id}"
    [row] = _timeline_rows(client.get(page).text, name)
    assert f"planned Thank-you note to {name}" in row and ": drafted" in row, row
    mark_scheduled(db_url, message_id, at=NOW + timedelta(days=3))
    [row] = _timeline_rows(client.get(page).text, name)
    assert f"message Thank-you note to {name}: scheduled" in row, row  # at its moment, as the message
