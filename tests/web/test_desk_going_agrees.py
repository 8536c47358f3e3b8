"""The desk says what `afterview today` says of a note approved but not gone: one rule,
`services.planning.on_its_way`.

A note approved or scheduled that the outbox tried and could not send (retrying after an error,
or waiting for its mail account, its login refused) is not on its way: it needs the user. Today
shows it among what is due, on its card, with its error in the desk's words (the terminal's line,
with the desk's way in place of a command) and what to do (fix the account on Settings, Send
again now, Take it back), and never under *On their way*; the opportunity, person, rejection
and pipeline pages, the timelines and the lists of notes say the same.

The two cases made by the desk's own Send now against the real SMTP server (a 451 answer, a
refused login); the page-by-page agreement from states set in the database as the outbox
leaves them.
"""

from __future__ import annotations

import html
import json
import re
from datetime import timedelta

import pytest

from afterview.domain import model as m
from afterview.services import delivery
from tests.helpers import afterview
from tests.web.conftest import HOSTS, NOW, TOKEN, draft, logged_in, read

ANA = "thank_you:i4:p6"  # the demo's late note to Ana Souza: due now
PRIYA, TOM, THIRD = "thank_you:i1:p1", "thank_you:i1:p2", "thank_you:i1:p3"  # Northwind's panel
TEXT = "Hi {first},\n\nThank you for the conversation about the migration plan.\n\nBest,\nAlex\n"
RETRYING = "SMTP smtp.mail.example:465: 451 try again later"
WAITING = (f"{delivery.ACCOUNT_WAIT}SMTP smtp.mail.example:465: authentication failed for me; fix it "
           "(check it: afterview account test me), then it goes out")
COMMAND = re.compile(r"\bafterview [a-z][a-z-]*")


def text_of(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def stored(db_url, message_id) -> m.Message:
    return read(db_url, lambda tx: tx.get(m.Message, message_id))


def due_part(page: str) -> str:
    return page.split('id="due-h"')[1].split("</section>")[0]


def going_part(page: str) -> str:
    """Today's *On their way* ("" when it has none)."""
    return page.split('id="out-h"')[1].split("</section>")[0] if 'id="out-h"' in page else ""


def card(page: str, title: str) -> str:
    """The action card with this title, or ""."""
    for found in re.findall(r'<article class="action.*?</article>', page, re.S):
        if f">{title}</h3>" in found:
            return found
    return ""


def flashes(page: str) -> list[str]:
    return [text_of(x) for x in re.findall(r'<p class="flash[^"]*"[^>]*>(.*?)</p>', page, re.S)]


def terminal_line(db_url: str, message_id: int) -> str:
    """What `afterview today` says of the note's message, among what needs you."""
    done = afterview("--db", db_url.removeprefix("sqlite:///"), "--at", NOW.isoformat(), "today")
    assert done.code == 0, done.err
    todo = done.out.split("ON ITS WAY")[0]
    found = re.search(rf"^\s+(\w+) \(message {message_id}\): (.*?) \(afterview show {message_id}\)$", todo, re.M)
    assert found, done.out
    return found.group(1), found.group(2)


def send_now(client, csrf, message_id, first="Ana"):
    return client.post(f"/drafts/{message_id}", data={
        "csrf": csrf, "do": "send", "despite": "yes", "anyway": "yes", "subject": "Thank you - Platform Engineer interview",
        "body": TEXT.format(first=first)}, follow_redirects=True)


@pytest.fixture
def mailing(mail_desk):
    """A desk over the demo with alice's account on the test servers (its mail loop not started)."""
    return mail_desk(mail_interval=3600)


# 1. retrying after an error (a 451 from the real server) -------------------------------------
@pytest.mark.mail
def test_a_note_retrying_after_an_error_needs_you_on_today_not_on_its_way(mailing, mail, db_url):
    app, client, csrf = mailing
    message_id = draft(client, csrf, ANA)
    mail.smtp.fail_next(451, "Try again later")
    assert send_now(client, csrf, message_id).status_code == 400
    note = stored(db_url, message_id)
    assert note.state in (m.MessageState.APPROVED, m.MessageState.SCHEDULED) and note.attempts == 1
    app.state.desk.changed()

    today = client.get("/").text
    assert f'href="/drafts/{message_id}"' not in going_part(today)  # not on its way
    shown = card(due_part(today), "Thank-you note to Ana Souza")
    assert shown, "its card is among what is due"
    said = text_of(shown)
    state, error = terminal_line(db_url, message_id)  # "scheduled", "retrying after an error: SMTP ...: 451 ..."
    assert error.startswith("retrying after an error: SMTP ") and "451" in error
    assert f"retrying {state.capitalize()}, {error}; next try " in said  # its badge, then the terminal's words
    assert "Send again now" in said and "Take it back" in said and 'href="/settings#acc-h"' in shown
    assert not COMMAND.findall(text_of(today))

    # Send again now, from its card: it goes, once, and the page names it
    page = client.post(f"/drafts/{message_id}", data={"csrf": csrf, "do": "send", "next": "/"},
                       follow_redirects=True)
    to = stored(db_url, message_id).to_address
    assert flashes(page.text) == [f"Sent the thank-you note to Ana Souza to {to}."]
    assert stored(db_url, message_id).state == m.MessageState.SENT and len(mail.received) == 1
    assert card(page.text, "Thank-you note to Ana Souza") == ""


# 2. waiting for its account (the login refused by the real server) ---------------------------
@pytest.mark.mail
def test_a_note_waiting_for_its_account_needs_you_and_can_be_taken_back(mailing, mail, db_url, monkeypatch):
    app, client, csrf = mailing
    message_id = draft(client, csrf, ANA)
    monkeypatch.setenv("AV_TEST_PASSWORD", "wrong")
    assert send_now(client, csrf, message_id).status_code == 400
    assert stored(db_url, message_id).last_error.startswith(delivery.ACCOUNT_WAIT)
    app.state.desk.changed()

    today = client.get("/").text
    assert f'href="/drafts/{message_id}"' not in going_part(today)
    shown = card(due_part(today), "Thank-you note to Ana Souza")
    said = text_of(shown)
    state, error = terminal_line(db_url, message_id)  # "waiting for its account: ...; fix it (check it: afterview ...)"
    assert error.startswith("waiting for its account: SMTP 127.0.0.1: authentication failed")
    # the terminal's words up to its command, then the desk's way in its place
    before, _, _ = error.partition(" (check it: afterview account test")
    assert (f"waiting for its account {state.capitalize()}, {before} (check it: Test the connection, on the Settings "
            "page), then it goes out.") in said
    assert "Fix the account on the Settings page (Test the connection): it goes out once the account works" in said
    assert 'href="/settings#acc-h"' in shown and "Send again now" in said and "Take it back" in said
    assert not COMMAND.findall(text_of(today))
    drafts = text_of(client.get("/drafts").text)
    assert f"{state} (waiting for its account)" in drafts  # as `afterview drafts` marks it

    # Take it back, from its card: a draft again, nothing sent, even once the account works
    page = client.post(f"/drafts/{message_id}", data={"csrf": csrf, "do": "withdraw", "next": "/"},
                       follow_redirects=True)
    assert flashes(page.text) == [f"Taken back: the thank-you note to Ana Souza is a draft again (it was {state}) and "
                                  "will not be sent until you approve or schedule it again."]
    assert stored(db_url, message_id).state == m.MessageState.DRAFTED
    again = card(page.text, "Thank-you note to Ana Souza")
    assert ">Approve<" in again and "Take it back" not in again
    monkeypatch.setenv("AV_TEST_PASSWORD", mail.users["alice"].password)
    app.state.mail.run_round()
    assert mail.received == [] and stored(db_url, message_id).state == m.MessageState.DRAFTED

    # the same button from a page left open: one line, nothing changed
    stale = client.post(f"/drafts/{message_id}", data={"csrf": csrf, "do": "withdraw", "next": "/"},
                        follow_redirects=True)
    assert flashes(stale.text) == ["Not taken back: the thank-you note to Ana Souza is drafted, not approved (perhaps "
                                   "taken back in another tab): there is no approval to take back; nothing was "
                                   "changed"]
    assert stored(db_url, message_id).state == m.MessageState.DRAFTED


# 3. every page by the one rule ---------------------------------------------------------------
def _set(db_url, message_id, state, *, attempts=0, last_error="", scheduled_at=None) -> None:
    def change(tx):
        message = tx.get(m.Message, message_id)
        message.state, message.attempts, message.last_error = state, attempts, last_error
        message.approved_at, message.scheduled_at, message.account = NOW, scheduled_at, "personal"
        tx.update(message)

    read(db_url, change)


@pytest.fixture
def three(app, client, csrf, db_url):
    """Northwind's three thank-you notes: Priya's retrying, Tom's waiting for its account, the
    third scheduled and on its way; their message ids."""
    ids = {key: draft(client, csrf, key) for key in (PRIYA, TOM, THIRD)}
    _set(db_url, ids[PRIYA], m.MessageState.SCHEDULED, attempts=2, last_error=RETRYING,
         scheduled_at=NOW + timedelta(minutes=10))
    _set(db_url, ids[TOM], m.MessageState.APPROVED, attempts=1, last_error=WAITING)
    _set(db_url, ids[THIRD], m.MessageState.SCHEDULED, scheduled_at=NOW + timedelta(hours=18))
    app.state.desk.changed()
    return ids


def test_today_lists_what_the_terminal_lists(app, client, csrf, db_url, three):
    failed, sending = draft(client, csrf, ANA), draft(client, csrf, "status_check.1:o2:i2:p4")
    _set(db_url, failed, m.MessageState.FAILED, attempts=1, last_error="SMTP smtp.mail.example:465: 550 no such user")
    _set(db_url, sending, m.MessageState.SENDING, attempts=1)
    app.state.desk.changed()
    today = client.get("/").text
    due, going = due_part(today), going_part(today)
    for key in (PRIYA, TOM):
        assert f'href="/drafts/{three[key]}"' not in going, key
        assert f'action="/drafts/{three[key]}"' in due, key
    assert f'href="/drafts/{three[THIRD]}"' in going and f'action="/drafts/{three[THIRD]}"' not in due
    assert f'href="/drafts/{failed}"' not in going and f'action="/drafts/{failed}"' in due  # a failed send: due
    row = re.search(rf'<tr>\s*<td[^>]*><a href="/drafts/{sending}">.*?</tr>', going, re.S)  # being sent: on its way
    assert row and "being sent since" in text_of(row.group(0)) and "being sent now" not in text_of(row.group(0))
    priya = text_of(card(due, "Thank-you note to Priya Raman"))
    assert ("retrying Scheduled, retrying after an error: SMTP smtp.mail.example:465: 451 try again later; next try "
            "Thu 26 Nov 2026, 10:10 your time.") in priya
    assert "It is tried again by itself" in priya
    tom = text_of(card(due, "Thank-you note to Tom Becker"))
    assert ("waiting for its account Approved, waiting for its account: SMTP smtp.mail.example:465: authentication "
            "failed for me; fix it (check it: Test the connection, on the Settings page), then it goes out.") in tom
    assert not COMMAND.findall(text_of(today))

    # `afterview today --json` marks the same notes on their way
    done = afterview("--db", db_url.removeprefix("sqlite:///"), "--at", NOW.isoformat(), "today", "--json")
    flags = {r["message_id"]: r["on_its_way"] for r in json.loads(done.out)
             if r["message_id"] in (*three.values(), failed, sending)}
    assert flags == {three[PRIYA]: False, three[TOM]: False, three[THIRD]: True, failed: False, sending: True}


def test_every_page_follows_the_one_rule(app, client, db_url, three):
    from afterview.interfaces.web.views import ON_ITS_WAY, action_state
    from afterview.services.planning import on_its_way

    snap = app.state.desk.snapshot()
    messages = {x.id: x for x in snap.facts.messages}
    for action in snap.actions:  # the desk's label and the terminal's rule agree on every action
        message = messages.get(action.message_id)
        assert (action_state(action, message, snap.now) == ON_ITS_WAY) == (message is not None
                                                                            and on_its_way(message)), action.key
    for path, names in (("/opportunities/1", ("Priya Raman", "Tom Becker")), ("/people/1", ("Priya Raman",)),
                        ("/people/2", ("Tom Becker",))):
        page = client.get(path).text
        going = page.split('class="going-h"')[1].split("</ul>")[0] if 'class="going-h"' in page else ""
        for name in names:
            shown = card(page, f"Thank-you note to {name}")
            assert shown and ('badge-overdue">retrying<' in shown or 'badge-overdue">waiting for its account<' in shown)
            assert f"Thank-you note to {name}</a>" not in going, (path, name)
            assert f"thank you to {name} (on its way)" not in page, (path, name)  # nor its timeline
        assert not COMMAND.findall(text_of(page)), path
    opportunity = client.get("/opportunities/1").text
    assert "goes out" in opportunity.split('class="going-h"')[1] and "next try" not in opportunity.split(
        'class="going-h"')[1]  # the third one, on its way
    said = text_of(opportunity)  # its list of messages says each note's state as `afterview drafts` does
    assert "scheduled (retrying after an error)" in said and "approved (waiting for its account)" in said
    board = client.get("/pipeline").text
    northwind = next(c for c in re.findall(r'<li class="opp-card">.*?</li>', board, re.S)
                     if 'href="/opportunities/1"' in c)
    assert "on its way" not in northwind and re.search(r"Thank-you note: (due|overdue)", northwind)


def test_the_rejection_page_shows_a_reply_that_could_not_go_as_a_card(app, client, csrf, db_url):
    client.post("/opportunities/3/outcome", data={"csrf": csrf, "outcome": "rejected", "person_id": "5"})
    key = next(a.key for a in app.state.desk.snapshot().actions
               if a.kind == m.MessageKind.REJECTION_REPLY and a.opportunity_id == 3)
    message_id = draft(client, csrf, key)
    _set(db_url, message_id, m.MessageState.APPROVED, attempts=1, last_error=WAITING)
    app.state.desk.changed()
    page = client.get("/opportunities/3/rejection").text
    assert f'href="/drafts/{message_id}">Your reply to' not in page  # not "on its way"
    shown = next(c for c in re.findall(r'<article class="action.*?</article>', page, re.S)
                 if f'/drafts/{message_id}"' in c)
    assert "waiting for its account Approved, waiting for its account:" in text_of(shown)


def test_a_desk_that_sends_nothing_offers_no_send_again(db_url, three):
    from afterview.interfaces.web.app import create_app

    made_up = create_app(db_url, now=lambda: NOW, token=TOKEN, allowed_hosts=HOSTS, sends=False)
    client, _ = logged_in(made_up)
    shown = card(due_part(client.get("/").text), "Thank-you note to Priya Raman")
    assert "Take it back" in text_of(shown) and "Send again now" not in text_of(shown)


def test_one_whose_action_is_still_upcoming_says_so_under_coming_up(app, client, csrf, db_url):
    snap = app.state.desk.snapshot()
    later = next(a for a in snap.actions if a.state == "upcoming" and a.channel == m.Channel.EMAIL)
    message_id = draft(client, csrf, later.key)
    _set(db_url, message_id, m.MessageState.SCHEDULED, attempts=1, last_error=RETRYING,
         scheduled_at=NOW + timedelta(minutes=10))
    app.state.desk.changed()
    today = client.get("/").text
    assert f'href="/drafts/{message_id}"' not in going_part(today)
    coming = today.split('id="up-h"')[1].split("</section>")[0]
    entry = next(x for x in re.findall(r"<li>.*?</li>", coming, re.S) if f'href="/drafts/{message_id}"' in x)
    assert "retrying Scheduled, retrying after an error: SMTP smtp.mail.example:465: 451 try again later" in text_of(entry)
    assert f'<a href="/drafts/{message_id}">open it' in entry
    assert "it goes out" not in text_of(entry)  # its Why this timing does not take the next try for its time
