"""The desk's recent mail rounds on Settings: not only the last one, but the last ten, newest
first, each with its time in the user's zone and what it did (sent N, replies read, what failed
and why), rounds in a row that did the same and nothing new said once with their span.

The rounds are those of the desk's own mail loop since it started: the store keeps no record of
mail rounds (the outbox records each message's state, attempts and last error, not the rounds).
Real SQLite file; the round with sends and replies runs against the real SMTP and Dovecot
servers, the desk's clock moved on between rounds."""

from __future__ import annotations

import re
from datetime import timedelta
from html import unescape

import pytest

from afterview.domain import model as m
from afterview.errors import InvalidInput
from tests.web.conftest import NOW, draft, read

LATE = "thank_you:i4:p6"  # the demo's late note to Ana: its planned moment has passed, so Approve sends it
SUBJECT = "Thank you - Platform Engineer interview"
TEXT = "Hi Ana,\n\nThank you for the conversation about the migration plan.\n\nBest,\nAlex\n"


def text_of(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def rounds_on(page: str) -> list[str]:
    """The recent rounds listed on Settings, newest first, one line each as read."""
    found = re.search(r'<ol class="rounds"[^>]*>(.*?)</ol>', page, re.S)
    assert found, "no list of recent rounds on Settings"
    return [" ".join(unescape(re.sub(r"<[^>]+>", "", item)).split())
            for item in re.findall(r"<li>(.*?)</li>", found.group(1), re.S)]


class Clock:
    """The desk's clock, moved on by the test (the desk starts at NOW: Thu 26 Nov 2026, 10:00 EST)."""

    def __init__(self, desk):
        self.at = NOW
        desk._clock = lambda: self.at

    def minutes(self, n: int) -> None:
        self.at = NOW + timedelta(minutes=n)


@pytest.mark.mail
def test_settings_lists_the_recent_rounds_newest_first_with_what_each_did(mail_desk, mail, db_url):
    app, client, csrf = mail_desk(mail_interval=3600)
    loop, clock = app.state.mail, Clock(app.state.desk)
    message_id = draft(client, csrf, LATE)
    approved = client.post(f"/drafts/{message_id}", data={"csrf": csrf, "do": "approve", "subject": SUBJECT,
                                                         "body": TEXT, "despite": "yes"}, follow_redirects=True)
    assert "Approved: the desk sends it within a minute." in approved.text
    clock.minutes(1)  # 10:01: the server asks to try later
    mail.smtp.fail_next(451, "Try again later")
    assert loop.run_round().said == ["nothing sent"]
    clock.minutes(3)  # 10:03: its next try goes out
    assert loop.run_round().said == ["sent 1"]
    for minute in (4, 5, 6):  # nothing new three times
        clock.minutes(minute)
        assert loop.run_round().said == ["nothing to send, no new replies"]
    sent = read(db_url, lambda tx: tx.get(m.Message, message_id))
    mail.deliver_to_inbox("alice", (
        f"From: Ana Souza <{sent.to_address}>\nTo: alice@example.test\nSubject: Re: {sent.subject}\n"
        f"Date: Thu, 26 Nov 2026 15:06:30 +0000\nMessage-ID: <rounds-reply-1@example.test>\n"
        f"In-Reply-To: {sent.message_id}\nReferences: {sent.message_id}\n"
        "Content-Type: text/plain; charset=utf-8\n\nThanks Alex, good to hear from you.\n"))
    clock.minutes(7)  # 10:07: the reply is read
    assert loop.run_round().said == ["1 new reply read"]

    page = client.get("/settings").text
    listed = rounds_on(page)
    assert listed[0] == "Thu 26 Nov 2026, 10:07: 1 new reply read."
    assert listed[1] == "Thu 26 Nov 2026, 10:04 to 10:06 (3 rounds): nothing to send, no new replies."
    assert listed[2] == "Thu 26 Nov 2026, 10:03: sent 1."
    assert listed[3].startswith("Thu 26 Nov 2026, 10:01: nothing sent. The thank-you note to Ana Souza: "), listed[3]
    assert "451" in listed[3] and "Try again later" in listed[3] and "tried again at 10:02" in listed[3]
    assert len(listed) == 4
    said = text_of(page)
    assert "Recent mail rounds" in said and "newest first, in your time (America/New_York)" in said
    assert 'datetime="2026-11-26T10:07:00-05:00"' in page  # machine-readable, in the user's zone
    assert len(mail.received) == 1


def test_ten_rounds_are_listed_and_the_same_quiet_round_again_is_one_line(app, client, monkeypatch):
    from afterview.interfaces.web.mail import MailLoop

    the_desk = app.state.desk
    loop = the_desk.mail = MailLoop(the_desk, 3600)  # (not started: the test runs its rounds)
    clock = Clock(the_desk)
    for minute in range(1, 4):  # no mail account: the same words each round
        clock.minutes(minute)
        loop.run_round()
    assert rounds_on(client.get("/settings").text) == [
        "Thu 26 Nov 2026, 10:01 to 10:03 (3 rounds): no mail account yet: add one below."]

    calls = iter(range(1, 100))

    def broken():  # config.toml that cannot be read: each round says why, in its own words
        raise InvalidInput(f"config.toml cannot be read (try {next(calls)})")

    monkeypatch.setattr(the_desk, "accounts", broken)
    for minute in range(4, 16):
        clock.minutes(minute)
        loop.run_round()
    listed = rounds_on(client.get("/settings").text)
    assert len(listed) == 10  # the last ten
    assert listed[0] == "Thu 26 Nov 2026, 10:15: config.toml cannot be read (try 12)"
    assert listed[-1] == "Thu 26 Nov 2026, 10:06: config.toml cannot be read (try 3)"
    said = text_of(client.get("/settings").text)
    assert "since it started (Thu 26 Nov 2026, 10:00)" in said


def test_a_round_across_midnight_names_both_days(app, client):
    from afterview.interfaces.web.mail import MailLoop

    the_desk = app.state.desk
    loop = the_desk.mail = MailLoop(the_desk, 3600)
    clock = Clock(the_desk)
    for minutes in (13 * 60 + 59, 14 * 60 + 1):  # 23:59 and 00:01, New York time
        clock.minutes(minutes)
        loop.run_round()
    assert rounds_on(client.get("/settings").text) == [
        "Thu 26 Nov 2026, 23:59 to Fri 27 Nov 2026, 00:01 (2 rounds): no mail account yet: add one below."]


def test_before_the_first_round_settings_says_so(app, client):
    from afterview.interfaces.web.mail import MailLoop

    app.state.desk.mail = MailLoop(app.state.desk, 3600)
    said = text_of(client.get("/settings").text)
    assert "Recent mail rounds" in said and "No round yet since the desk started (Thu 26 Nov 2026, 10:00)." in said


def test_the_rounds_in_chromium_with_axe_finding_nothing(browser, live):
    from afterview.interfaces.web.mail import MailLoop
    from tests.web.test_accessibility_browser import axe_page, violations

    the_desk = live.app.state.desk
    loop = the_desk.mail = MailLoop(the_desk, 3600)
    clock = Clock(the_desk)
    for minute in (1, 2, 3):
        clock.minutes(minute)
        loop.run_round()
    context, page = axe_page(browser, live, 1280)
    try:
        found = []
        for width in (1280, 320):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(live.url + "/settings")
            rounds = page.get_by_role("list", name="Recent mail rounds")
            assert rounds.get_by_role("listitem").all_inner_texts() == [
                "Thu 26 Nov 2026, 10:01 to 10:03 (3 rounds): no mail account yet: add one below."]
            found += violations(page)
            assert page.evaluate("document.documentElement.scrollWidth") <= width, width
        assert found == []
    finally:
        context.close()
