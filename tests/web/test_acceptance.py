"""Accepting an offer in the desk: the flash says what follows, and Today lists the withdrawals."""

from __future__ import annotations

from tests.web.conftest import draft, mark_scheduled, read
from afterview.domain import model as m


def test_accepting_in_the_desk_plans_the_withdrawals(client, csrf, db_url):
    contoso = read(db_url, lambda tx: next(o for o in tx.list(m.Opportunity) if o.role == "Analytics Engineer"))
    page = client.post(f"/opportunities/{contoso.id}/status", data={"csrf": csrf, "status": "accepted"},
                       follow_redirects=True)
    assert "Status changed to accepted. Congratulations! Any other process still open gets a short withdrawal " \
           "note, with thanks, on Today." in page.text
    today = client.get("/").text
    assert "Withdrawal to Lena Fischer" in today and "Withdrawal to Ana Souza" in today


def test_a_status_change_holds_back_a_scheduled_note_and_says_so(client, csrf, db_url):
    message_id = draft(client, csrf)
    client.get(f"/drafts/{message_id}")  # the editor, as a browser opens it (and shows its messages)
    mark_scheduled(db_url, message_id)
    page = client.post("/opportunities/1/status", data={"csrf": csrf, "status": "withdrawn"}, follow_redirects=True)
    assert "Status changed to withdrawn. The thank-you note to Priya Raman: not sent: " in page.text
    assert read(db_url, lambda tx: tx.get(m.Message, message_id).state) == m.MessageState.DRAFTED
    assert "Why it is a draft again: not sent: " in client.get(f"/drafts/{message_id}").text
    same = client.post("/opportunities/1/status", data={"csrf": csrf, "status": "withdrawn"}, follow_redirects=True)
    assert "Status unchanged (withdrawn)." in same.text
