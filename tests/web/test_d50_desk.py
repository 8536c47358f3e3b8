"""The desk as a tester found it: Schedule's *Send at* on a card filled with the deadline itself
when the plan had no suggested slot (a note sent at its due minute is late); no way to take an
approval back from the editor, and Save on a scheduled note with its text unchanged saying "Draft
saved."; PUT, DELETE, PATCH and TRACE answered "403 Form expired"; a card's *due* without the
recipient's time, which the terminal says; and no way from one of a panel's drafts to the next."""

from __future__ import annotations

import html
import re
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from afterview.domain import model as m
from tests.web.conftest import csrf_of, draft, logged_in, make_app, mark_scheduled, read
from tests.web.test_desk_their_time import _in_berlin

NEW_YORK = ZoneInfo("America/New_York")  # the demo's user
TUESDAY = datetime(2026, 11, 24, 15, 0, tzinfo=timezone.utc)  # 10:00 in New York, a business day


def _text(markup: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", markup))).strip()


def _card(page: str, key: str) -> str:
    """The card of the planned action `key` on a page."""
    lid = re.sub(r"[^A-Za-z0-9_-]", "-", key)
    found = re.search(rf'<article class="action[^"]*" aria-labelledby="act-{re.escape(lid)}">.*?</article>', page, re.S)
    assert found, f"no card for {key}"
    return found.group(0)


def _send_at(card: str) -> str:
    return html.unescape(re.search(r'<input id="when-[^"]+" name="when" value="([^"]*)"', card).group(1))


def _action(app, key):
    return next(a for a in app.state.desk.snapshot().actions if a.key == key)


# 1. Schedule's Send at: the plan's suggested moment, else now; never the deadline ---------------

@pytest.fixture
def tuesday(db_url):
    app = make_app(db_url, now=TUESDAY)
    return (app, *logged_in(app))


def test_a_due_note_with_no_slot_to_wait_for_is_offered_now_not_its_deadline(tuesday):
    app, client, csrf = tuesday
    for key in ["status_check.1:o2:i2:p4", "rejection_reply:o3:p5"]:
        action = _action(app, key)
        assert action.state == "due" and action.send_at is None and action.due > TUESDAY  # no slot: now will do
        draft(client, csrf, key)
        offered = _send_at(_card(client.get("/").text, key))
        assert offered == "now", key  # not its deadline, e.g. "2026-11-24 11:30"


def test_now_as_offered_reads_as_this_very_moment():
    from afterview.domain.values import parse_when
    from afterview.interfaces.web.views import NOW_WORD

    assert parse_when(NOW_WORD, now=TUESDAY, tz="America/New_York") == TUESDAY


def test_a_note_planned_for_later_is_offered_its_start_not_its_due(client, csrf, app):
    # upcoming: from Tue 08 Dec 09:30 (their send window opens), due 11:30
    action = _action(app, "status_check.1:o1:i1:p3")
    assert action.state == "upcoming" and action.send_at is None
    draft(client, csrf, "status_check.1:o1:i1:p3")
    card = _card(client.get(f"/opportunities/{action.opportunity_id}").text, action.key)
    assert _send_at(card) == "2026-12-08 09:30"  # as Approve would send it, not "2026-12-08 11:30"


def test_the_plans_own_slot_is_offered_as_before(client, csrf, app):
    action = _action(app, "thank_you:i1:p1")
    assert action.send_at is not None and action.send_at > action.earliest
    draft(client, csrf, "thank_you:i1:p1")
    card = _card(client.get("/").text, action.key)
    assert _send_at(card) == action.send_at.astimezone(NEW_YORK).strftime("%Y-%m-%d %H:%M")


# 2. Withdraw approval in the editor; Save with nothing changed ----------------------------------

BODY = "Hi Priya,\n\nThank you for the conversation about the data platform.\n\nBest,\nAlex\n"


def _scheduled(client, csrf, db_url, key="thank_you:i1:p2", at=datetime(2026, 11, 30, 9, 0, tzinfo=NEW_YORK)):
    message_id = draft(client, csrf, key)
    mark_scheduled(db_url, message_id, at=at)
    return message_id


def _form(client, message_id):
    page = client.get(f"/drafts/{message_id}").text
    message = re.search(r'<form method="post" action="/drafts/\d+" class="stack" id="draft-form".*?</form>', page, re.S)
    return page, message.group(0)


def _stored(db_url, message_id):
    return read(db_url, lambda tx: tx.get(m.Message, message_id))


def test_the_editor_of_a_scheduled_note_offers_to_withdraw_its_approval(client, csrf, db_url):
    message_id = draft(client, csrf, "thank_you:i1:p1")
    assert 'value="withdraw"' not in _form(client, message_id)[1]  # a draft has no approval to take back
    mark_scheduled(db_url, message_id)
    page, form = _form(client, message_id)
    assert re.search(r'<button type="submit" name="do" value="withdraw">Withdraw approval</button>', form)
    stored = _stored(db_url, message_id)
    response = client.post(f"/drafts/{message_id}", data={
        "csrf": csrf_of(page), "do": "withdraw", "subject": stored.subject, "body": stored.body},
        follow_redirects=True)
    assert response.status_code == 200
    assert _stored(db_url, message_id).state == m.MessageState.DRAFTED
    said = _text(response.text)
    assert ("Taken back: the thank-you note to Priya Raman is a draft again (it was scheduled) and will not be "
            "sent until you approve or schedule it again.") in said
    assert "Your text is saved" not in said  # it was as stored
    assert 'value="withdraw"' not in _form(client, message_id)[1]


def test_withdraw_approval_keeps_the_text_typed_and_is_both_or_neither(client, csrf, db_url):
    message_id = _scheduled(client, csrf, db_url, "thank_you:i1:p1")
    stored = _stored(db_url, message_id)
    # an empty text is refused: the approval stays as it was
    refused = client.post(f"/drafts/{message_id}", data={"csrf": csrf, "do": "withdraw", "subject": stored.subject,
                                                         "body": " "}, follow_redirects=True)
    assert "the draft's body is empty" in _text(refused.text)
    assert _stored(db_url, message_id).state == m.MessageState.SCHEDULED
    response = client.post(f"/drafts/{message_id}", data={"csrf": csrf, "do": "withdraw", "subject": stored.subject,
                                                          "body": BODY}, follow_redirects=True)
    assert "is a draft again (it was scheduled)" in _text(response.text)
    assert "Your text is saved." in _text(response.text)
    after = _stored(db_url, message_id)
    assert (after.state, after.body) == (m.MessageState.DRAFTED, BODY)


def test_withdraw_approval_from_a_page_left_open_after_it_was_taken_back(client, csrf, db_url):
    message_id = _scheduled(client, csrf, db_url, "thank_you:i1:p1")
    page = client.get(f"/drafts/{message_id}").text
    stored = _stored(db_url, message_id)
    data = {"subject": stored.subject, "body": stored.body, "do": "withdraw"}
    client.post(f"/drafts/{message_id}", data={"csrf": csrf_of(page), **data})
    again = client.post(f"/drafts/{message_id}", data={"csrf": csrf_of(page), **data}, follow_redirects=True)
    said = _text(again.text)
    assert "Not taken back: the thank-you note to Priya Raman is drafted, not approved" in said
    assert "nothing was changed" in said


def test_save_with_nothing_changed_on_a_scheduled_note_says_it_is_still_scheduled(client, csrf, db_url):
    _in_berlin(db_url, "Tom Becker")
    message_id = _scheduled(client, csrf, db_url)  # Tom's thank-you, Mon 30 Nov 09:00 New York
    stored = _stored(db_url, message_id)
    response = client.post(f"/drafts/{message_id}", data={"csrf": csrf, "do": "save", "subject": stored.subject,
                                                          "body": stored.body}, follow_redirects=True)
    said = _text(response.text)
    assert "Draft saved." not in said
    assert ("Nothing changed: the text is as saved, and it is still scheduled for Mon 30 Nov 2026, 09:00 your time, "
            "15:00 their time (Europe/Berlin).") in said
    assert _stored(db_url, message_id).state == m.MessageState.SCHEDULED


def test_save_with_nothing_changed_on_an_approved_note_says_it_is_still_approved(client, csrf, db_url):
    message_id = draft(client, csrf, "thank_you:i1:p1")

    def approve(tx):
        message = tx.get(m.Message, message_id)
        message.state, message.approved_at, message.account = m.MessageState.APPROVED, TUESDAY, "personal"
        tx.update(message)

    read(db_url, approve)
    stored = _stored(db_url, message_id)
    response = client.post(f"/drafts/{message_id}", data={"csrf": csrf, "do": "save", "subject": stored.subject,
                                                          "body": stored.body}, follow_redirects=True)
    assert ("Nothing changed: the text is as saved, and it is still approved: it goes out with the next mail "
            "round.") in _text(response.text)


def test_save_of_a_draft_still_says_draft_saved(client, csrf, db_url):
    message_id = draft(client, csrf, "thank_you:i1:p1")
    stored = _stored(db_url, message_id)
    response = client.post(f"/drafts/{message_id}", data={"csrf": csrf, "do": "save", "subject": stored.subject,
                                                          "body": BODY}, follow_redirects=True)
    assert "Draft saved." in _text(response.text)


# 3. Methods the desk has no use for: 405, never "Form expired" ----------------------------------

@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH", "TRACE", "OPTIONS"])
def test_other_methods_are_not_allowed(client, csrf, db_url, method):
    message_id = draft(client, csrf, "thank_you:i1:p1")
    for address, allowed in [("/", "GET, HEAD"), (f"/drafts/{message_id}", "GET, HEAD, POST"),
                             ("/actions/done", "GET, HEAD, POST"), ("/api/review", "POST"),
                             ("/static/desk.css", "GET, HEAD")]:
        response = client.request(method, address, data={"csrf": csrf, "key": "thank_you:i1:p2", "do": "approve"})
        assert response.status_code == 405, (method, address, response.status_code)
        assert response.headers["allow"] == allowed
        assert "Form expired" not in response.text and "Not allowed" in response.text
    assert _stored(db_url, message_id).state == m.MessageState.DRAFTED  # nothing ran
    assert client.get("/").status_code == 200


# 4. A card's due in the recipient's time too, where their clock differs -------------------------

def test_a_cards_due_says_their_time_when_their_clock_differs(client, db_url, app):
    _in_berlin(db_url, "Tom Becker")
    page = client.get("/").text
    tom = _text(_card(page, "thank_you:i1:p2"))
    action = _action(app, "thank_you:i1:p2")
    due = action.due
    mine = due.astimezone(NEW_YORK)
    theirs = due.astimezone(ZoneInfo("Europe/Berlin"))
    there = f"{theirs:%H:%M}" if theirs.date() == mine.date() else f"{theirs:%a %d %b %Y, %H:%M}"
    assert f"due {mine:%a %d %b %Y, %H:%M} ({there} their time, 6 hours ago)" in tom, tom  # 10:00 in Berlin
    priya = _text(_card(page, "thank_you:i1:p1"))  # in New York, as you are
    assert "their time" not in priya.split(" · ")[-1].split(")")[0] and "due Fri 27 Nov 2026, 09:00 (in " in priya


def test_coming_up_says_their_time_too(client, db_url, app):
    _in_berlin(db_url, "Lena Fischer", "Sam Okafor", "Tom Becker", "Priya Raman")
    page = client.get("/").text
    up = page[page.index('id="up-h"'):]
    up = _text(up[:up.index("</section>")])
    assert re.search(r"due \w{3} \d\d \w{3} \d{4}, \d\d:\d\d \(\d\d:\d\d their time\)", up), up
