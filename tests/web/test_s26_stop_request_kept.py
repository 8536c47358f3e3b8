"""Correcting someone's details on the desk keeps a stop read in their reply ("please stop
emailing me"): the form's do-not-contact box, left unticked for someone not marked, asked to
take the stop back (as `person edit --may-contact` does), so fixing a title silently undid it and
keep-in-touch notes were planned again. Ticking then unticking the box still takes it back."""

from __future__ import annotations

from datetime import datetime, timezone

from afterview.domain import model as m
from afterview.planner.facts import NOT_A_STOP, stop_request
from tests.web.conftest import read

FIELDS = {"name": "Priya Raman", "emails": "priya.raman@northwind.example", "title": "Head of Data Platform",
          "company": "Northwind Analytics", "timezone": "", "country": "", "tags": ""}
STOP = "other: asks not to be contacted: Thanks, but please stop emailing me."


def _stop_reply(db_url) -> int:
    from afterview.storage import open_store

    store = open_store(db_url)
    try:
        with store.transaction() as tx:
            return tx.add(m.Inbound(kind=m.InboundKind.REPLY, received_at=datetime(2026, 11, 20, 9, tzinfo=timezone.utc),
                                    person_id=1, summary=STOP)).id
    finally:
        store.close()


def test_correcting_a_title_keeps_the_stop_read_in_their_reply(client, csrf, db_url):
    reply_id = _stop_reply(db_url)
    page = client.post("/people/1/edit", data={"csrf": csrf, **FIELDS, "title": "VP Data"})
    assert page.status_code in (200, 303), page.text[:500]
    person, reply = read(db_url, lambda tx: (tx.get(m.Person, 1), tx.get(m.Inbound, reply_id)))
    assert person.title == "VP Data"
    assert stop_request(reply) and NOT_A_STOP not in reply.summary


def test_unticking_the_box_after_ticking_it_takes_the_stop_back(client, csrf, db_url):
    reply_id = _stop_reply(db_url)
    client.post("/people/1/edit", data={"csrf": csrf, **FIELDS, "do_not_contact": "yes"})
    assert read(db_url, lambda tx: tx.get(m.Person, 1)).do_not_contact
    client.post("/people/1/edit", data={"csrf": csrf, **FIELDS})
    person, reply = read(db_url, lambda tx: (tx.get(m.Person, 1), tx.get(m.Inbound, reply_id)))
    assert not person.do_not_contact
    assert NOT_A_STOP in reply.summary
