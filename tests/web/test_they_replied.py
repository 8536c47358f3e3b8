"""The desk's *They replied* form on an opportunity's page: a reply Afterview could not read (a
call, a mail read on the phone) is recorded as `afterview replies add` records it, so that the
pending status follow-ups stop (found by a tester: without a mail account there was no way to
say they replied)."""

from __future__ import annotations

import html

from afterview.domain import model as m
from afterview.planner import DEFAULT_PLAYBOOK, plan

from tests.web.conftest import NOW, read


def _status_checks(db_url, opportunity_id: int) -> list[str]:
    def keys(tx):
        return [a.key for a in plan(tx.facts(), DEFAULT_PLAYBOOK, NOW.replace(month=12, day=20))
                if a.key.startswith(("status_check", "closing_the_loop")) and f":o{opportunity_id}:" in a.key]
    return read(db_url, keys)


def test_the_form_records_the_reply_and_the_follow_ups_stop(client, csrf, db_url):
    assert _status_checks(db_url, 1), "the demo plans a status follow-up for opportunity 1"
    page = client.get("/opportunities/1").text
    assert 'id="rp-h">They replied</h2>' in page and 'action="/opportunities/1/replied"' in page
    person = read(db_url, lambda tx: next(p for p in tx.list(m.Person) if p.name == "Priya Raman"))
    answer = client.post("/opportunities/1/replied", follow_redirects=True,
                         data={"csrf": csrf, "person_id": str(person.id), "day": "2026-11-26", "time": "09:15",
                               "says": "still deciding, by 4 Dec", "decision_date": "2026-12-04"})
    assert answer.status_code == 200
    # the demo's panel gave a later decision date: the plan goes on after it, as the terminal says
    assert ("Reply from Priya Raman recorded: decision date Fri 4 Dec 2026 kept in their debrief; the follow-ups "
            "go on after it (the next on ") in answer.text
    replies = read(db_url, lambda tx: tx.list(m.Inbound))
    assert len(replies) == 1 and replies[0].opportunity_id == 1 and replies[0].person_id == person.id
    # the date told with it is kept in its summary, so that `replies remove` can offer to clear it
    assert replies[0].summary == "told by you: still deciding, by 4 Dec; decision said for 2026-12-04"
    assert "wrote back" in client.get("/opportunities/1").text
    debriefs = read(db_url, lambda tx: tx.list(m.Debrief, person_id=person.id))
    assert any(d.decision_date is not None and d.decision_date.isoformat() == "2026-12-04" for d in debriefs)


def test_bad_input_is_one_line_and_records_nothing(client, csrf, db_url):
    person = read(db_url, lambda tx: next(p for p in tx.list(m.Person) if p.name == "Priya Raman"))
    for data, words in [({"person_id": ""}, "choose who replied"),
                        ({"person_id": str(person.id), "day": "someday"}, "not a date: 'someday'"),
                        ({"person_id": str(person.id), "day": "2026-11-27", "time": "10:00"},
                         "a reply cannot arrive later than now"),
                        ({"person_id": str(person.id), "decision_date": "soonish"}, "not a date: 'soonish'"),
                        ({"person_id": "9999"}, "that person no longer exists")]:
        answer = client.post("/opportunities/1/replied", data={"csrf": csrf, **data}, follow_redirects=True)
        assert answer.status_code == 200 and words in html.unescape(answer.text), (data, words)
    assert read(db_url, lambda tx: tx.list(m.Inbound)) == []
    assert client.post("/opportunities/999/replied", data={"csrf": csrf, "person_id": "1"}).status_code == 404
