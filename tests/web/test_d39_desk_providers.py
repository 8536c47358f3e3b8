"""The desk's part of the mail providers' findings.

1. A note placed in Drafts whose copy is gone from there and from Sent is not sent by SMTP
   instead (nor taken back) without the user's word: one line, and the box *It was not sent from
   my mail program* to tick, as *I am sure it did not arrive*; a copy sent anew under another
   Message-ID is found in Sent by its address and subject, and marked sent.
2. The editor of an approved note the outbox will hold back says so, why, and what to do, not a
   plain "approved" (`pages.held_back`, the one rule of every page).
Real SQLite, Dovecot and aiosmtpd.
"""

from __future__ import annotations

import html
import re
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

import pytest

from afterview.domain import model as m
from afterview.services import planning
from tests.web.conftest import NOW, draft, read
from tests.delivery.test_d39_providers import empty_drafts
from tests.web.test_desk_smtp_instead import ANA, desk, in_drafts, lines, stored, submit  # noqa: F401 - fixtures
from tests.web.test_d34_held_back_everywhere import PRIYA, _approve, text_of


@pytest.mark.mail
def test_a_copy_gone_from_drafts_is_not_sent_by_smtp_without_the_box(in_drafts, mail, db_url):
    app, client, csrf, message_id = in_drafts
    empty_drafts(mail)
    before = stored(db_url, message_id)
    page = submit(client, csrf, message_id, "smtp_instead")
    assert page.status_code == 409
    [said] = lines(page)
    assert "its copy is no longer in Drafts and may have been sent from your mail program" in said
    assert "check your Sent folder" in said and "It was not sent from my mail program" in said
    assert 'id="not-sent"' in page.text and 'aria-invalid="true"' in page.text.split('id="not-sent"')[1][:200]
    assert stored(db_url, message_id) == before
    taken = submit(client, csrf, message_id, "take_back")  # nor taken back, to be approved after
    assert "its copy is no longer in Drafts" in " ".join(lines(taken)) and stored(db_url, message_id) == before
    app.state.mail.run_round()
    assert mail.received == []
    page = submit(client, csrf, message_id, "smtp_instead", not_sent="yes")  # at the user's word
    assert page.status_code == 200
    assert "you said it was not sent" in " ".join(lines(page))
    assert stored(db_url, message_id).state in (m.MessageState.APPROVED, m.MessageState.SCHEDULED)


@pytest.mark.mail
def test_a_copy_sent_anew_under_another_message_id_is_marked_sent(in_drafts, mail, db_url):
    app, client, csrf, message_id = in_drafts
    [placed] = mail.messages("alice", "Drafts")
    copy = EmailMessage()
    copy["From"], copy["To"], copy["Subject"] = placed["From"], placed["To"], placed["Subject"]
    copy["Date"], copy["Message-ID"] = format_datetime(NOW), make_msgid(domain="outlook.example")
    copy.set_content(placed.get_content())
    client_imap = mail.imap("alice")
    try:
        client_imap.append("Sent", copy.as_bytes(), flags=[b"\\Seen"])
    finally:
        client_imap.logout()
    empty_drafts(mail)
    page = submit(client, csrf, message_id, "smtp_instead")
    assert "already sent from your mail program" in " ".join(lines(page))
    assert stored(db_url, message_id).state == m.MessageState.SENT
    app.state.mail.run_round()
    assert mail.received == []


def test_the_editor_of_an_approved_note_held_back_says_why_and_what_to_do(app, client, csrf, db_url):
    priya = draft(client, csrf, PRIYA)
    _approve(db_url, priya)
    read(db_url, lambda tx: planning.skip(tx, PRIYA, "called her instead", NOW))
    app.state.desk.changed()
    page = client.get(f"/drafts/{priya}").text
    found = re.search(r'<p class="flash flash-error" id="held-back">(.*?)</p>', page, re.S)
    assert found is not None
    said = text_of(found.group(1))
    assert "It will not go as it is. Why: you skipped it (called her instead)." in said
    assert "What to do: discard it (Discard this draft)" in said
    assert "approved, held back" in html.unescape(page)
