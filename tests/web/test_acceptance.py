"""Accepting an offer in the desk: the flash says what follows, and Today lists the withdrawals."""

from __future__ import annotations

from tests.web.conftest import read
from afterview.domain import model as m


def test_accepting_in_the_desk_plans_the_withdrawals(client, csrf, db_url):
    contoso = read(db_url, lambda tx: next(o for o in tx.list(m.Opportunity) if o.role == "Analytics Engineer"))
    page = client.post(f"/opportunities/{contoso.id}/status", data={"csrf": csrf, "status": "accepted"},
                       follow_redirects=True)
    assert "Status changed to accepted. Congratulations! Any other process still open gets a short withdrawal " \
           "note, with thanks, on Today." in page.text
    today = client.get("/").text
    assert "Withdrawal to Lena Fischer" in today and "Withdrawal to Ana Souza" in today
