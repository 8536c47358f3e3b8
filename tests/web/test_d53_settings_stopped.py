"""The desk's Settings page says, in the account's section, that the outbox stopped the account.

Found by a tester: an account whose server dropped the connection after each message's data was
stopped by the outbox across rounds (services.delivery.Hold), but the Settings page showed the
account as if nothing were wrong, and its approved notes as going. Now the account's section says
since when it stopped, its last error, when it is tried again (your time), the notes that wait on
it and what to do, next to its Test the connection, which, as `afterview account test NAME` does,
ends the pause once its SMTP check passes (it did not). A real aiosmtpd drops the connection
after DATA; the desk is the app itself, through its test client."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest

from afterview.domain import model as m
from afterview.services import delivery
from tests.web.conftest import NOW, csrf_of, read

pytestmark = pytest.mark.mail

BROKE = "SMTP 127.0.0.1: the connection broke after the whole message was sent, before the server's answer"


def text_of(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split()).replace(" :", ":")


def account_section(page: str, name: str = "home") -> str:
    return page.split(f'<div class="account" id="account-{name}">')[1].split('<div class="account"')[0]


def _approved(db_url, app, count: int) -> list[int]:
    """`count` notes to a person of the demo, approved to go through the account home now."""
    accounts = app.state.desk.accounts()

    def add(tx):
        person = next(p for p in tx.list(m.Person) if p.emails)
        ids = [tx.add(m.Message(kind=m.MessageKind.THANK_YOU, person_id=person.id, subject=f"Thank you ({n})",
                                body=f"Dear {person.name.split()[0]},\nthank you for the conversation.\nAlex\n",
                                to_address=person.emails[0], created_at=NOW)).id for n in range(count)]
        for message_id in ids:
            delivery.approve(tx, message_id, now=NOW, accounts=accounts)
        return ids

    return read(db_url, add)


def _send_due(db_url, app, at=NOW):
    from afterview.storage import open_store

    store = open_store(db_url)
    try:
        return delivery.send_due(store, now=at, accounts=app.state.desk.accounts())
    finally:
        store.close()


def _stopped(mail_desk, mail, db_url):
    """The desk, and five notes approved through home, whose server drops the first three after
    their data: the outbox stops the account, two notes wait (all their ids)."""
    app, client, csrf = mail_desk(mail_interval=None)
    assert 'id="stopped-home"' not in client.get("/settings").text  # nothing held: nothing said
    ids = _approved(db_url, app, 5)
    mail.smtp.drop_next(stage="DATA", times=3)
    first = _send_due(db_url, app)
    assert first.account_problems[0].halted and [i for i, _ in first.unknown] == ids[:3]
    return app, client, ids


def test_settings_says_the_account_stopped_next_to_its_test(mail_desk, mail, db_url):
    app, client, ids = _stopped(mail_desk, mail, db_url)
    page = client.get("/settings").text
    section = account_section(page)
    said = text_of(re.search(r'<p class="flash flash-error" id="stopped-home">.*?</p>', section, re.S).group(0))
    zone = "your time (America/New_York)"
    assert said == (
        f"Account home stopped sending on Thu 26 Nov 2026, 10:00 {zone}: its sends ended the same "
        f"way again and again (last: {BROKE}); 2 approved notes wait on it (messages {ids[3]}, {ids[4]}); they are "
        f"not tried before Thu 26 Nov 2026, 10:05 {zone}, then one first, and the others once the server takes it. "
        "What to do: check it (Test the connection, just below); once its SMTP check passes, the next round tries "
        f"one at once, without waiting for Thu 26 Nov 2026, 10:05 {zone}. Only a message its server takes ends the "
        "stop: nothing else clears it")
    assert section.index('id="stopped-home"') < section.index('action="/settings/accounts/home/test')

    # the server takes a message: the stop ends, and the page says nothing more of it
    mail.smtp.clear_failures()
    assert _send_due(db_url, app, NOW + timedelta(minutes=5)).sent == ids[3:]  # the pause over: one, then the rest
    assert 'id="stopped-home"' not in client.get("/settings").text


def test_the_desks_test_of_the_connection_ends_the_pause_as_the_command_does(mail_desk, mail, db_url):
    app, client, ids = _stopped(mail_desk, mail, db_url)
    page = client.get("/settings").text
    assert "Pause ended" not in page

    # Test the connection: its SMTP check passes, so the next round tries one at once, as the command does
    tested = client.post("/settings/accounts/home/test", data={"csrf": csrf_of(page)})
    assert tested.status_code == 200
    assert read(db_url, lambda tx: delivery.account_hold(tx, "home")).until == NOW  # the pause ended
    checks = text_of(re.search(r'<ul class="checks".*?</ul>', tested.text, re.S).group(0))
    assert "SMTP works" in checks, checks
    assert ("Pause ended: account home was stopped (its last 3 sends ended the same way: " + BROKE + "): the next "
            "round (afterview send-due, the worker, the desk) tries one of its due messages at once, and the others "
            "once the server takes it") in checks, checks
    with_pause_ended = text_of(account_section(tested.text))
    assert ("the next send round (afterview send-due, the worker, the desk) tries one at once, and the others once "
            "the server takes it. What to do: check it (Test the connection, just below); it says what is wrong with "
            "its server or its settings.") in with_pause_ended
    # the next round, at the same minute, tries one, and the others follow
    mail.smtp.clear_failures()
    assert _send_due(db_url, app).sent == ids[3:]
