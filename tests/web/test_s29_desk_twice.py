"""Two tabs, a page loaded twice, a desk killed mid-send, an editor left open after a forget.

Found by a desk tester: Snooze sent from two tabs recorded two live snoozes of one action, and
Undo of the one listed said "it is planned again" while the other still held it back; after a
send cut off, Today said "being sent now ... too late to take back" where the terminal said the
send may have been cut off; Send now from an editor whose person was forgotten said the note
was deleted "perhaps in another tab".
"""

from __future__ import annotations

import html
import re
from datetime import timedelta

from afterview.domain import model as m
from tests.web.conftest import NOW, draft, read
from tests.web.test_notices_per_tab import flashes

KEY = "thank_you:i1:p2"  # the thank-you note to Tom Becker; the desk's clock: Thu 26 Nov 2026, 10:00 New York
REFUSED = ("Could not snooze the thank-you note to Tom Becker: it is already snoozed until {until} since this page "
           "was shown; nothing changed: undo it first, or reload the page and snooze it again (when Today shows it no "
           "more: from its person's page or its opportunity's)")


def form_of(page: str, action: str, key: str) -> dict[str, str]:
    """The hidden fields of the form posting to `action` for `key` on `page`."""
    for found in re.findall(rf'<form method="post" action="{re.escape(action)}".*?</form>', page, re.S):
        if f'value="{key}"' in found:
            return {name: html.unescape(value)
                    for name, value in re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', found)}
    raise AssertionError(f"no {action} form for {key}")


def said(response) -> list[str]:
    return [html.unescape(line) for line in flashes(response.text)]


def live_snoozes(db_url) -> list[m.Decision]:
    return read(db_url, lambda tx: [d for d in tx.list(m.Decision, action_key=KEY, kind=m.DecisionKind.SNOOZE)
                                    if d.undone_at is None])


def test_a_snooze_from_a_page_shown_before_another_snooze_is_refused(client, db_url):
    first, second = (form_of(client.get("/").text, "/actions/snooze", KEY) for _ in range(2))
    one = client.post("/actions/snooze", data={**first, "until": "2026-11-30 10:00"}, follow_redirects=True)
    assert said(one)[0].startswith("Snoozed until Mon 30 Nov 2026, 10:00: Thank-you note to Tom Becker")
    two = client.post("/actions/snooze", data={**second, "until": "2026-12-01 10:00"}, follow_redirects=True)
    assert said(two) == [REFUSED.format(until="Mon 30 Nov 10:00")]
    assert [d.until for d in live_snoozes(db_url)] == [NOW.replace(day=30, hour=15)]  # one, the first


def test_recently_decided_undo_of_one_snooze_says_the_other_still_holds_it(client, db_url):
    # two live snoozes of one action, as a database made before one snooze replaced another holds them
    def twice(tx):
        for minutes, day in ((1, 30), (2, 29)):
            tx.add(m.Decision(action_key=KEY, kind=m.DecisionKind.SNOOZE, at=NOW + timedelta(minutes=minutes),
                              until=NOW.replace(day=day, hour=15)))

    read(db_url, twice)
    client.app.state.desk.changed()
    today = client.get("/").text
    assert today.count('action="/actions/undo"') == 1  # Recently decided lists the last
    undo = form_of(today, "/actions/undo", KEY)
    answer = client.post("/actions/undo", data=undo, follow_redirects=True)
    assert said(answer) == ["Undone: Thank-you note to Tom Becker is no longer snoozed; an earlier snooze still "
                            "holds it back, until Mon 30 Nov 10:00"]
    assert [d.until.day for d in live_snoozes(db_url)] == [30]


def test_a_snooze_again_from_the_page_as_it_is_now_replaces_the_one_in_force(client, db_url):
    first = form_of(client.get("/").text, "/actions/snooze", KEY)
    client.post("/actions/snooze", data={**first, "until": "2026-11-30 10:00"})
    page = client.get("/opportunities/1").text  # its card there, with the snooze in force
    again = form_of(page, "/actions/snooze", KEY)
    assert again["snoozed"] == str(live_snoozes(db_url)[0].id)
    answer = client.post("/actions/snooze", data={**again, "until": "2026-12-01 10:00"}, follow_redirects=True)
    assert said(answer)[0].startswith("Snoozed until Tue 01 Dec 2026, 10:00 (was snoozed until Mon 30 Nov 2026, "
                                      "10:00): Thank-you note to Tom Becker")
    assert [d.until.day for d in live_snoozes(db_url)] == [1]
    kept = read(db_url, lambda tx: tx.list(m.Decision, action_key=KEY))
    assert len(kept) == 2 and sum(d.undone_at is not None for d in kept) == 1  # the earlier kept, undone


def _sending(db_url, message_id: int, claimed) -> None:
    def sending(tx):
        message = tx.get(m.Message, message_id)
        message.state, message.approved_at, message.updated_at = m.MessageState.SENDING, NOW, claimed
        tx.update(message)

    read(db_url, sending)


def _text(page: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def test_a_send_cut_off_is_said_as_the_terminal_says_it_on_every_page(client, csrf, db_url):
    message_id = draft(client, csrf, "thank_you:i1:p1")
    _sending(db_url, message_id, NOW - timedelta(minutes=20))  # the desk killed mid-send, started again
    client.app.state.desk.changed()
    for address in ("/", "/opportunities/1", f"/drafts/{message_id}"):
        text = _text(client.get(address).text)
        assert "being sent now" not in text and "too late to take back" not in text, address
        assert "its send was cut off at Thu 26 Nov 2026, 09:40 and it may have gone out: do not send it again; " \
               "the next mail round looks for it in your Sent folder" in text, address


def test_a_send_under_way_says_since_when_and_from_when_a_cut_off_is_found_out(client, csrf, db_url):
    message_id = draft(client, csrf, "thank_you:i1:p1")
    _sending(db_url, message_id, NOW - timedelta(minutes=1))
    client.app.state.desk.changed()
    text = _text(client.get("/").text)
    assert ("being sent since Thu 26 Nov 2026, 09:59; if no Afterview program is sending it, the send was cut off, "
            "and the next mail round finds out from Thu 26 Nov 2026, 10:04 on whether it went out") in text
    assert "cannot be taken back: it is being sent, or its send was cut off and it may have gone out" in text


def test_send_now_from_an_editor_left_open_after_a_forget_names_every_cause(client, csrf, db_url):
    from afterview.services.privacy import forget_person

    message_id = draft(client, csrf, "thank_you:i1:p1")
    editor = client.get(f"/drafts/{message_id}").text
    fields = {name: html.unescape(value)
              for name, value in re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', editor)}
    person = read(db_url, lambda tx: tx.get(m.Message, message_id)).person_id
    read(db_url, lambda tx: forget_person(tx, person))
    answer = client.post(f"/drafts/{message_id}", data={**fields, "do": "send", "subject": "Thanks", "body": "Hi"})
    text = _text(answer.text)
    assert answer.status_code == 404
    assert "no longer exists (deleted or erased, perhaps in another tab or by a command" in text
    assert "(deleted, perhaps in another tab)" not in text
