"""The desk's draft editor refuses a subject of two lines when it is saved ("Thanks\r\nBcc: ..."
would end the Subject header and add one), at its field, as the person form refuses a name of two
lines; nothing is saved, so it is never approved with it."""

from __future__ import annotations

import html
import re

from afterview.domain import model as m
from tests.web.conftest import draft, read


def test_a_subject_with_a_line_break_is_refused_at_save(client, csrf, db_url):
    message_id = draft(client, csrf)
    before = read(db_url, lambda tx: tx.get(m.Message, message_id))
    for subject in ("Thanks\r\nBcc: spy@evil.example", "Thanks\u2028Bcc: spy@evil.example", "Thanks\x1b[2J"):
        for action in ("save", "approve"):
            page = client.post(f"/drafts/{message_id}", data={"csrf": csrf, "do": action, "subject": subject,
                                                              "body": before.body})
            assert page.status_code == 400, (action, subject)
            line = html.unescape(re.search(r'id="form-error">([^<]*)<', page.text).group(1))
            assert "the subject" in line and ("single line" in line or "control character" in line), line
            assert re.search(r'<input id="subject"[^>]*aria-invalid="true"', page.text)
            after = read(db_url, lambda tx: tx.get(m.Message, message_id))
            assert (after.subject, after.state) == (before.subject, m.MessageState.DRAFTED)
    saved = client.post(f"/drafts/{message_id}", data={"csrf": csrf, "do": "save", "subject": " Thank you, Priya ",
                                                       "body": before.body}, follow_redirects=False)
    assert saved.status_code == 303
    assert read(db_url, lambda tx: tx.get(m.Message, message_id).subject) == "Thank you, Priya"
