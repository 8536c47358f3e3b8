"""Text typed in Arabic or Hebrew is edited right to left (found by a tester: the draft editor,
the debrief cards and the other free-text fields had no direction, so an Arabic note was edited
left to right): free-text fields take their direction from what is typed in them (dir="auto")."""

from __future__ import annotations

import re

from tests.web.conftest import draft


def field(page: str, field_id: str) -> str:
    found = re.search(rf'<(?:textarea|input)[^>]*\bid="{field_id}"[^>]*>', page)
    assert found, f"no field {field_id}"
    return found.group(0)


def test_the_editor_and_the_cards_take_the_direction_of_their_text(client, csrf):
    message_id = draft(client, csrf)
    editor = client.get(f"/drafts/{message_id}").text
    for field_id in ("subject", "body"):
        assert 'dir="auto"' in field(editor, field_id)
    cards = client.get("/interviews/1/debrief").text
    assert 'dir="auto"' in field(cards, "topics_1")
    settings = client.get("/settings").text
    assert 'dir="auto"' in field(settings, "p-sig")
