"""The desk reads a decision date typed in words on the employer's calendar, as `replies add
--decision-date` does (tests.delivery.test_d26_dates): *They replied*'s "They will decide by"."""

from __future__ import annotations

import html
from datetime import date

from afterview.domain import model as m
from tests.web.conftest import app, client, csrf, db_url, read  # noqa: F401


def test_they_replied_counts_business_days_on_their_calendar(client, csrf, db_url):  # noqa: F811
    # Wed 25 Nov 2026; Thu 26 Nov is Thanksgiving where Priya works (US): two business days on
    # are Fri 27 and Mon 30 Nov (Monday to Friday said Fri 27 Nov)
    person = read(db_url, lambda tx: next(p for p in tx.list(m.Person) if p.name == "Priya Raman"))
    answer = client.post("/opportunities/1/replied", follow_redirects=True,
                         data={"csrf": csrf, "person_id": str(person.id), "day": "2026-11-25", "time": "10:00",
                               "decision_date": "within 2 business days"})
    assert answer.status_code == 200
    assert "decision date Mon 30 Nov 2026 kept in their debrief" in html.unescape(answer.text)
    debriefs = read(db_url, lambda tx: tx.list(m.Debrief, person_id=person.id))
    assert date(2026, 11, 30) in {d.decision_date for d in debriefs}
