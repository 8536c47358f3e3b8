"""`afterview replies add PERSON --says "deciding by 12 Feb"`: the decision date its words give is
offered with the command that keeps it, as `sync` offers one read in a mail (found by a tester:
it was recorded and the date left unsaid). Without --decision-date it is never kept on its own;
with it, nothing more is offered. A reply told of before a decision date in the notes lets the
follow-ups go on after that date, and says so (why they did not stop). Through the command line,
on a real SQLite file; the desk's reply list offers it by the same service.
"""

from __future__ import annotations

import json

from afterview.domain import model as m
from afterview.services import delivery
from afterview.storage import open_store

from tests.delivery.test_replies_add import DENVER, keys, pipeline, run


def test_the_date_in_its_words_is_offered_with_the_command_that_keeps_it(tmp_path):
    db = pipeline(tmp_path)
    said = run(db, "2027-02-02 14:00", "replies", "add", "Priya", "--says", "deciding by 12 Feb").out
    assert "reply 1 recorded" in said and "pending status follow-ups stop" in said
    assert ("reply 1: they said a decision by Fri 12 Feb 2027: for the follow-ups to go by it, record it: "
            "afterview debrief 1 --person 1 --decision-date 2027-02-12") in said
    # offered, never kept on its own: the follow-ups stay stopped until it is
    assert not [k for k in keys(db, "2027-02-20 10:00") if k.startswith(("status_check", "closing_the_loop"))]
    listed = run(db, "2027-02-03 10:00", "replies", "--all")
    assert "told by you: deciding by 12 Feb" in listed.out and "decision said for" not in listed.out
    assert "afterview debrief 1 --person 1 --decision-date 2027-02-12" in listed.out
    # kept with the command it gives: the follow-ups go by it, and it is offered no more
    run(db, "2027-02-03 10:00", "debrief", "1", "--person", "1", "--decision-date", "2027-02-12")
    assert [k for k in keys(db, "2027-02-20 10:00") if k.startswith("status_check")]
    assert "--decision-date 2027-02-12" not in run(db, "2027-02-03 10:00", "replies", "--all").out


def test_with_decision_date_given_nothing_more_is_offered(tmp_path):
    db = pipeline(tmp_path)
    said = run(db, "2027-02-02 14:00", "replies", "add", "Priya", "--says", "deciding by 12 Feb",
               "--decision-date", "2027-02-12").out
    assert "decision date Fri 12 Feb 2027 kept in their debrief; the follow-ups go on after it" in said
    assert "record it:" not in said


def test_words_with_no_date_offer_nothing(tmp_path):
    db = pipeline(tmp_path)
    said = run(db, "2027-02-02 14:00", "replies", "add", "Priya", "--says", "still deciding, will be in touch").out
    assert "reply 1 recorded" in said and "record it:" not in said
    store = open_store(f"sqlite:///{db}")
    try:
        with store.transaction() as tx:
            [reply] = tx.list(m.Inbound)
    finally:
        store.close()
    assert reply.summary == "told by you: still deciding, will be in touch"


def test_a_decision_date_in_the_notes_still_ahead_is_why_the_follow_ups_go_on(tmp_path):
    """The README's walk: the debrief gave a decision date later than the reply told of; the
    follow-ups then go on after that date (the planner's rule), and the line says so."""
    db = pipeline(tmp_path)
    said = run(db, "2027-01-25 14:00", "replies", "add", "Priya", "--says", "deciding by 12 Feb").out
    assert ("this process's status follow-ups go on after the decision date in your notes of the interview, "
            "Fri 29 Jan 2027 (the next on") in said
    assert "afterview debrief 1 --person 1 --decision-date 2027-02-12" in said
    data = json.loads(run(db, "2027-01-25 14:00", "plan", "--json").out)
    assert any(a["key"].startswith("status_check") for a in data["actions"])
    assert DENVER  # (the zone the pipeline's times are typed in)


# the desk's They replied form: the same service, the offer under What came in ------------------
from tests.web.conftest import app, client, csrf, db_url  # noqa: E402,F401  (the desk's fixtures)
from tests.web.conftest import read  # noqa: E402


def test_the_desks_they_replied_form_records_the_date_its_words_give_to_offer(client, csrf, db_url):
    import html

    person = read(db_url, lambda tx: next(p for p in tx.list(m.Person) if p.name == "Priya Raman"))
    answer = client.post("/opportunities/1/replied", follow_redirects=True,
                         data={"csrf": csrf, "person_id": str(person.id), "day": "2026-11-26", "time": "09:15",
                               "says": "we are deciding by 18 Dec"})
    assert answer.status_code == 200 and "Reply from Priya Raman recorded" in html.unescape(answer.text)
    [reply] = read(db_url, lambda tx: tx.list(m.Inbound))
    # recorded by the same service: the date its words give is there to offer, never kept on its own
    offer = read(db_url, lambda tx: delivery.decision_told(tx, reply))
    assert offer is not None and offer.day.isoformat() == "2026-12-18" and offer.person == "Priya Raman"
    assert not read(db_url, lambda tx: [d for d in tx.list(m.Debrief, person_id=person.id)
                                        if d.decision_date is not None and d.decision_date.isoformat() == "2026-12-18"])
    kept = client.post(f"/replies/{reply.id}/decision-date", follow_redirects=True,
                       data={"csrf": csrf, "next": "/opportunities/1"})
    assert "Decision date Fri 18 Dec 2026 kept for Priya Raman" in html.unescape(kept.text)
