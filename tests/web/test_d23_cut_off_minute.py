"""The minute from which a send whose outcome is unknown is looked for in the Sent folder ("from ...
on") is said on the user's clock on the desk, as the terminal says it with the user's zone, never
in UTC: after Send now when the server took the note but the database could not record it (real
SMTP and IMAP, another program holding the database's lock), and in a mail round's line on
Settings. The demo's user is in America/New_York; the desk's clock is 15:00 UTC (10:00 there)."""

from __future__ import annotations

import html
import re

import pytest

from afterview.services import delivery
from tests.web.conftest import HOSTS, NOW, TOKEN, draft, logged_in

TEXT = "Hi Ana,\n\nThank you for the conversation about the open data portal.\n\nBest,\nAlex\n"


def text_of(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


@pytest.mark.mail
def test_send_now_that_could_not_be_recorded_says_the_minute_on_your_clock(mail_desk, mail, db_url, monkeypatch):
    from tests.delivery.test_unrecorded_send import Lock

    monkeypatch.setattr(delivery, "RECORD_WAIT", 1.0)
    # its result cannot be kept beside the database either (the disk full): the Sent folder is the way
    monkeypatch.setattr(delivery, "_keep_aside", lambda store, entries: None)
    app, client, csrf = mail_desk(mail_interval=3600)
    message_id = draft(client, csrf, "thank_you:i4:p6")
    lock = Lock(db_url.removeprefix("sqlite:///"))
    mail.smtp.before_250 = lock.take  # another program takes the lock the moment the server accepts
    try:
        page = client.post(f"/drafts/{message_id}", data={"csrf": csrf, "do": "send", "subject": "Thank you, Ana",
                                                          "body": TEXT, "despite": "yes", "anyway": "yes"})
    finally:
        lock.release()
        mail.smtp.before_250 = None
    assert lock.taken.is_set()
    line = text_of(re.search(r'id="form-error">(.*?)</p>', page.text, re.S).group(1))
    assert line.startswith("The thank-you note to Ana Souza went out (the mail server accepted it), but could not "
                           "be recorded"), line
    # claimed at 15:00 UTC and a moment: looked for from the minute after 15:05 UTC, 10:06 in New York
    assert line.endswith("Do not send it again: from Thu 26 Nov 2026, 10:06 on, the mail round looks for it in your "
                         "Sent folder and records it as sent"), line
    assert "UTC" not in line and "afterview" not in line


def test_a_mail_rounds_line_on_settings_says_it_on_your_clock(db_url):
    from afterview.interfaces.web.app import create_app
    from afterview.interfaces.web.mail import MailState
    from tests.web.conftest import make_app

    make_app(db_url)  # the demo, its user in America/New_York
    app = create_app(db_url, now=lambda: NOW, token=TOKEN, allowed_hosts=HOSTS, mail_interval=3600)
    app.state.mail.rounds = (MailState(at=NOW, said=["nothing sent"], problems=[
        "message 4 went out (the mail server accepted it), but could not be recorded: the database is busy. Do not "
        "send it again: from 2026-11-26 15:05 UTC on, afterview send-due (or the worker) looks for it in the Sent "
        "folder and records it as sent"]),)
    client, _ = logged_in(app)
    page = text_of(client.get("/settings").text)
    assert ("Do not send it again: from Thu 26 Nov 2026, 10:05 on, the mail round looks for it in your Sent folder "
            "and records it as sent") in page
    assert "15:05 UTC" not in page


def test_the_minute_on_your_clock():
    from afterview.interfaces.web.views import on_your_clock

    line = "from 2026-11-28 01:16 UTC on, it is looked for; next try 2026-11-28 01:20 UTC"
    assert on_your_clock(line, "Europe/Berlin") == ("from Sat 28 Nov 2026, 02:16 on, it is looked for; next try "
                                                    "Sat 28 Nov 2026, 02:20")
    assert on_your_clock(line, "") == line  # no zone to say it in: as the service said it
    typed = "you typed '2026-11-28 01:16 UTC'"  # a minute quoted from what was typed is left as it is
    assert on_your_clock(typed, "Europe/Berlin") == typed
    assert on_your_clock("from 2026-02-30 01:16 UTC on", "Europe/Berlin") == "from 2026-02-30 01:16 UTC on"
@pytest.mark.mail
def test_send_now_whose_result_is_kept_beside_the_database_names_no_command(mail_desk, mail, db_url, monkeypatch):
    """Kept in afterview.db-unrecorded (services.delivery): the desk says the next mail round records
    it, in its own words, not the terminal's commands."""

    from tests.delivery.test_unrecorded_send import Lock

    monkeypatch.setattr(delivery, "RECORD_WAIT", 1.0)
    app, client, csrf = mail_desk(mail_interval=3600)
    message_id = draft(client, csrf, "thank_you:i4:p6")
    lock = Lock(db_url.removeprefix("sqlite:///"))
    mail.smtp.before_250 = lock.take
    try:
        page = client.post(f"/drafts/{message_id}", data={"csrf": csrf, "do": "send", "subject": "Thank you, Ana",
                                                          "body": TEXT, "despite": "yes", "anyway": "yes"})
    finally:
        lock.release()
        mail.smtp.before_250 = None
    line = text_of(re.search(r'id="form-error">(.*?)</p>', page.text, re.S).group(1))
    assert "could not be recorded yet" in line and ".db-unrecorded" in line, line
    assert "afterview send-due" not in line and "(afterview" not in line, line
    assert line.endswith("records it as sent first"), line
