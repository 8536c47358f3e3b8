"""A reply told of on the desk's *They replied* form whose words give a decision date ("deciding
by 10 Dec") has that date offered, as `afterview replies add --says` and `sync` offer one: said
after the form, and offered beside the reply under *What came in* with *Record this decision
date*, never kept on its own. (Before, the desk stored the date and offered it nowhere: a told
reply is confirmed at once, so it never waits on Today, where the offer was.)"""

from __future__ import annotations

import html
import re

from afterview.domain import model as m

from tests.web.conftest import read


def test_a_date_in_the_words_of_a_told_reply_is_offered_then_kept_on_request(client, csrf, db_url):
    person = read(db_url, lambda tx: next(p for p in tx.list(m.Person) if p.name == "Priya Raman"))
    answer = client.post("/opportunities/1/replied", follow_redirects=True,
                         data={"csrf": csrf, "person_id": str(person.id), "day": "2026-11-26", "time": "09:15",
                               "says": "They are deciding by 10 December"})
    assert answer.status_code == 200
    text = html.unescape(answer.text)
    assert ("They said a decision by Thu 10 Dec 2026: to keep it, use Record this decision date under What came "
            "in.") in text, text[:3000]
    # offered, not kept
    debriefs = read(db_url, lambda tx: tx.list(m.Debrief, person_id=person.id))
    assert not any(d.decision_date is not None and d.decision_date.isoformat() == "2026-12-10" for d in debriefs)
    page = client.get("/opportunities/1").text
    reply = read(db_url, lambda tx: tx.list(m.Inbound))[0]
    assert f'action="/replies/{reply.id}/decision-date"' in page
    token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    kept = client.post(f"/replies/{reply.id}/decision-date", follow_redirects=True,
                       data={"csrf": token, "next": "/opportunities/1"})
    assert kept.status_code == 200 and "Decision date Thu 10 Dec 2026 kept for Priya Raman" in html.unescape(kept.text)
    debriefs = read(db_url, lambda tx: tx.list(m.Debrief, person_id=person.id))
    assert any(d.decision_date is not None and d.decision_date.isoformat() == "2026-12-10" for d in debriefs)
    # recorded: nothing more to offer
    assert f'action="/replies/{reply.id}/decision-date"' not in client.get("/opportunities/1").text


def test_words_without_a_date_offer_nothing(client, csrf, db_url):
    person = read(db_url, lambda tx: next(p for p in tx.list(m.Person) if p.name == "Priya Raman"))
    answer = client.post("/opportunities/1/replied", follow_redirects=True,
                         data={"csrf": csrf, "person_id": str(person.id), "says": "thanks, will be in touch"})
    assert answer.status_code == 200 and "Record this decision date" not in answer.text
