"""The desk's own mail: while it runs it sends what was approved (once, never twice), sends at
once on "Send now", and reads replies, against the real SMTP and Dovecot servers."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from afterview.domain import model as m
from tests.web.conftest import draft, read


@pytest.fixture
def mailing(mail_desk):
    """A desk over the demo, with alice's account on the test servers and its mail loop (not
    started: the test runs its rounds), and a logged-in client."""
    return mail_desk(mail_interval=3600)


LATE = "thank_you:i4:p6"  # the demo's late note to Ana: its planned moment has passed, so Approve sends it


def _submit(client, csrf, message_id, do, first="Priya"):
    body = client.get(f"/drafts/{message_id}").text
    subject = "Thank you - Platform Engineer interview"
    text = f"Hi {first},\n\nThank you for the conversation about the migration plan.\n\nBest,\nAlex\n"
    assert "<textarea" in body
    # Send anyway: Send now asks once about this moment (the demo's day is Thanksgiving)
    return client.post(f"/drafts/{message_id}", data={"csrf": csrf, "do": do, "subject": subject, "body": text,
                                                      "despite": "yes", "anyway": "yes"}, follow_redirects=True)


def test_an_approved_note_goes_out_in_the_next_round_once(mailing, mail, db_url):
    app, client, csrf = mailing
    message_id = draft(client, csrf, LATE)
    page = _submit(client, csrf, message_id, "approve", first="Ana")
    assert "Approved: the desk sends it within a minute." in page.text
    assert mail.received == []  # approving sends nothing by itself
    state = app.state.mail.run_round()
    assert state.said[0] == "sent 1" and state.problems == []
    assert len(mail.received) == 1
    assert read(db_url, lambda tx: tx.get(m.Message, message_id).state) == m.MessageState.SENT
    again = app.state.mail.run_round()
    assert len(mail.received) == 1 and "sent" not in " ".join(again.said)  # never a second copy


def test_send_now_sends_at_once_and_says_so(mailing, mail, db_url):
    app, client, csrf = mailing
    message_id = draft(client, csrf)
    page = _submit(client, csrf, message_id, "send")
    to = read(db_url, lambda tx: tx.get(m.Message, message_id).to_address)
    assert f"Sent to {to}." in page.text
    assert len(mail.received) == 1 and mail.received[0].rcpt_tos == [to]
    assert mail.received[0].message["Subject"] == "Thank you - Platform Engineer interview"
    assert read(db_url, lambda tx: tx.get(m.Message, message_id).state) == m.MessageState.SENT
    app.state.mail.run_round()
    assert len(mail.received) == 1


def test_send_now_that_fails_says_why_and_keeps_it_approved(mailing, mail, db_url):
    app, client, csrf = mailing
    message_id = draft(client, csrf)
    mail.smtp.fail_next(451, "Try again later")
    page = _submit(client, csrf, message_id, "send")
    assert page.status_code == 400 and "Not sent yet" in page.text and "tried again" in page.text
    assert mail.received == []
    editor = client.get(f"/drafts/{message_id}").text  # reopened later: it still says why
    assert 'id="last-error"' in editor and "Not sent yet, tried again from" in editor and "451" in editor
    app.state.desk.changed()
    today = client.get("/").text  # its card among what is due says it is retrying
    assert "retrying</span>" in today and "next try " in today and "451" in today
    assert read(db_url, lambda tx: tx.get(m.Message, message_id).state) in (m.MessageState.APPROVED,
                                                                            m.MessageState.SCHEDULED)


def test_check_mail_now_reads_a_reply(mailing, mail, db_url):
    app, client, csrf = mailing
    message_id = draft(client, csrf)
    _submit(client, csrf, message_id, "send")
    sent = read(db_url, lambda tx: tx.get(m.Message, message_id))
    mail.deliver_to_inbox("alice", (
        f"From: Priya Raman <{sent.to_address}>\nTo: alice@example.test\nSubject: Re: {sent.subject}\n"
        f"Date: Thu, 26 Nov 2026 16:00:00 +0000\nMessage-ID: <desk-reply-1@example.test>\n"
        f"In-Reply-To: {sent.message_id}\nReferences: {sent.message_id}\n"
        "Content-Type: text/plain; charset=utf-8\n\nThanks Alex, we will be in touch next week.\n"))
    page = client.post("/settings/mail/check", data={"csrf": csrf}, follow_redirects=True)
    assert "Mail checked: 1 new reply read." in page.text
    assert re.search(r'<ol class="rounds".*?<li><time [^>]*>Thu 26 Nov 2026, 10:00</time>: 1 new reply read\.</li>',
                     page.text, re.S)  # the round, under Recent mail rounds
    inbound = read(db_url, lambda tx: tx.list(m.Inbound))
    assert [(i.kind, i.answers_message_id) for i in inbound] == [(m.InboundKind.REPLY, message_id)]


def test_a_desk_without_mail_says_how_mail_goes_out(client, csrf):
    page = client.get("/settings").text
    assert "neither sends nor reads mail" in page
    refused = client.post("/settings/mail/check", data={"csrf": csrf})
    assert refused.status_code == 400 and "afterview send-due" in refused.text


def test_serve_says_it_handles_mail_and_stops_cleanly(tmp_path):
    env = {**os.environ, "AFTERVIEW_HOME": str(tmp_path / "home"), "PYTHONUNBUFFERED": "1"}
    db = str(tmp_path / "desk.db")
    subprocess.run([sys.executable, "-m", "afterview", "--db", db, "company", "add", "Acme"], env=env, check=True,
                   capture_output=True)
    process = subprocess.Popen([sys.executable, "-m", "afterview", "--db", db, "serve", "--no-browser", "--port", "0"],
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        lines = [process.stdout.readline() for _ in range(4)]
    finally:
        process.terminate()
        out, err = process.communicate(timeout=30)
    assert any("the desk reads replies and then sends the notes you approve" in line for line in lines), lines
    assert process.returncode in (0, -15) and "Traceback" not in err, err


def test_the_background_loop_sends_without_being_asked_and_stops(mailing, mail, db_url):
    import time

    app, client, csrf = mailing
    message_id = draft(client, csrf, LATE)
    _submit(client, csrf, message_id, "approve", first="Ana")
    loop = app.state.mail
    loop.start()
    try:
        deadline = time.monotonic() + 30
        while not mail.received and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        loop.stop()
    assert not loop.running
    assert len(mail.received) == 1
    assert read(db_url, lambda tx: tx.get(m.Message, message_id).state) == m.MessageState.SENT


def test_a_desk_at_a_made_up_moment_sends_nothing_even_when_asked(mail_desk, mail, db_url):
    app, client, csrf = mail_desk(sends=False)  # serve --at
    message_id = draft(client, csrf)
    page = _submit(client, csrf, message_id, "send")
    assert page.status_code == 400 and "made-up moment (--at) and sends nothing" in page.text
    assert mail.received == []
    assert read(db_url, lambda tx: tx.get(m.Message, message_id).state) == m.MessageState.DRAFTED
