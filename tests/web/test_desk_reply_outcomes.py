"""Replies on the desk, after what testers found:

- a friendly reply on a closed process could only leave Today by inventing a status: *Just note
  it* confirms it as read with no status change (nothing in the status history);
- a reply that asks not to be contacted again says so on Today, with the person's page to set it;
- a reply whose feedback was recorded no longer offers to record it;
- *They replied* with a decision date said "the follow-ups of this process stop" while the page
  still listed a follow-up after that date: it says what the terminal says;
- a failed message to an address no longer theirs keeps it (the record), and says where it goes
  when sent again.

Real SQLite file with the demo's records; the desk through Starlette's test client.
"""

from __future__ import annotations

import re
from datetime import timedelta
from html import unescape
from zoneinfo import ZoneInfo

from afterview.domain import model as m
from tests.web.conftest import NOW, read
from tests.web.test_they_replied import _status_checks


def text_of(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def flash_ok(html: str) -> str:
    found = re.search(r'<p class="flash flash-ok"[^>]*>(.*?)</p>', html, re.S)
    assert found, "no message line on the page"
    return text_of(found.group(1))


def add_reply(db_url, **fields) -> int:
    defaults = {"kind": m.InboundKind.REPLY, "received_at": NOW - timedelta(hours=2), "person_id": 5,
                "opportunity_id": 3, "from_address": "grace.liu@fabrikam.example", "subject": "Re: Thank you",
                "classification": m.ReplyClass.NEEDS_REVIEW}
    return read(db_url, lambda tx: tx.add(m.Inbound(**{**defaults, **fields})).id)


def test_just_note_it_clears_a_reply_with_no_status_change(client, csrf, db_url):
    before = read(db_url, lambda tx: tx.get(m.Opportunity, 3))
    assert before.status == m.OpportunityStatus.REJECTED  # the demo's closed process with Grace Liu
    reply = add_reply(db_url, summary="needs_review: happy to grab a coffee when you are in town")
    client.app.state.desk.changed()
    today = client.get("/").text
    assert re.search(rf'<form method="post" action="/replies/{reply}/confirm".*?<button type="submit" '
                     r'name="meaning" value="none" formnovalidate>Just note it<span class="visually-hidden"> '
                     r'\(the reply from Grace Liu: no status change\)</span></button>', today, re.S)
    page = client.post(f"/replies/{reply}/confirm", data={"csrf": csrf, "status": "rejected", "meaning": "none"},
                       follow_redirects=True)
    assert flash_ok(page.text) == ("Noted the reply from Grace Liu about Data Engineer at Fabrikam Energy: no status "
                                   "changed.")
    assert f"/replies/{reply}/confirm" not in page.text  # off the list
    stored = read(db_url, lambda tx: tx.get(m.Inbound, reply))
    assert stored.confirmed and stored.classification == m.ReplyClass.OTHER
    after = read(db_url, lambda tx: tx.get(m.Opportunity, 3))
    assert (after.status, after.history) == (before.status, before.history)  # no second rejection


def test_a_reply_linked_to_no_opportunity_can_be_just_noted(client, csrf, db_url):
    reply = add_reply(db_url, opportunity_id=None, summary="needs_review: thanks again, all the best")
    client.app.state.desk.changed()
    page = client.post(f"/replies/{reply}/confirm", data={"csrf": csrf, "opportunity_id": "", "status": "interviewing",
                                                          "meaning": "none"}, follow_redirects=True)
    assert flash_ok(page.text) == "Noted the reply from Grace Liu: no status changed."
    assert read(db_url, lambda tx: tx.get(m.Inbound, reply).confirmed)


def test_a_reply_asking_not_to_be_contacted_says_so_with_their_page(client, csrf, db_url):
    reply = add_reply(db_url, summary="needs_review: Thanks. Please take me off your mailing list.")
    client.app.state.desk.changed()
    today = client.get("/").text
    hint = re.search(r'<p class="no-contact-hint">(.*?)</p>', today, re.S)
    assert hint, "no opt-out hint on Today"
    assert text_of(hint.group(1)) == ('Grace Liu asks not to be contacted again ("Please take me off your mailing '
                                      'list."): nothing more is planned for them; to keep it on their record on their '
                                      'page (Grace Liu) : Correct the details, '
                                      'then tick do not contact.')
    assert '<a href="/people/5#edit-h">their page' in hint.group(1)
    assert "afterview" not in text_of(hint.group(1))
    read(db_url, lambda tx: tx.update(_marked(tx.get(m.Person, 5))))  # set on their page
    client.app.state.desk.changed()
    assert 'class="no-contact-hint"' not in client.get("/").text
    assert f"/replies/{reply}/confirm" in client.get("/").text  # the reply itself still waits


def _marked(person):
    person.do_not_contact = True
    return person


def test_a_reply_whose_feedback_is_recorded_offers_it_no_more(client, db_url):
    from tests.web.test_desk_replies_feedback import _feedback_reply

    read(db_url, _feedback_reply)
    client.app.state.desk.changed()
    assert "record what they said" in client.get("/").text
    read(db_url, lambda tx: tx.add(m.Feedback(opportunity_id=3, person_id=5, received_at=NOW,
                                               text="More depth on streaming")))
    client.app.state.desk.changed()
    today = client.get("/").text
    assert "record what they said" not in today and "Replies to confirm" in today


def _they_replied(client, csrf, db_url, decision_date: str):
    person = read(db_url, lambda tx: next(p for p in tx.list(m.Person) if p.name == "Priya Raman"))
    answer = client.post("/opportunities/1/replied", follow_redirects=True,
                         data={"csrf": csrf, "person_id": str(person.id), "day": "2026-11-26", "time": "09:15",
                               "says": "still deciding", "decision_date": decision_date})
    return flash_ok(answer.text)


def _next_follow_up(db_url) -> str:
    from afterview.planner import DEFAULT_PLAYBOOK, plan

    def first(tx):
        going = [a.earliest for a in plan(tx.facts(), DEFAULT_PLAYBOOK, NOW) if a.opportunity_id == 1
                 and a.kind in (m.MessageKind.STATUS_CHECK, m.MessageKind.CLOSING_THE_LOOP)]
        day = min(going).astimezone(ZoneInfo(tx.profile().timezone))
        return f"{day:%a} {day.day} {day:%b %Y}"

    return read(db_url, first)


def test_they_replied_with_a_later_decision_date_says_the_follow_ups_go_on(client, csrf, db_url):
    said = _they_replied(client, csrf, db_url, "2026-12-04")
    assert _status_checks(db_url, 1), "a status follow-up is still planned, after the date"
    assert said == ("Reply from Priya Raman recorded: decision date Fri 4 Dec 2026 kept in their debrief; the "
                    f"follow-ups go on after it (the next on {_next_follow_up(db_url)}).")


def test_they_replied_says_the_follow_ups_stop_only_when_the_plan_has_none(client, csrf, db_url):
    def no_dates(tx):  # the demo's panel gave a decision date of its own: taken away here
        for debrief in tx.list(m.Debrief):
            debrief.decision_date = None
            tx.update(debrief)

    read(db_url, no_dates)
    said = _they_replied(client, csrf, db_url, "2026-11-26")  # the day of the reply: no later date
    assert _status_checks(db_url, 1) == []
    assert said == ("Reply from Priya Raman recorded: decision date Thu 26 Nov 2026 kept in their debrief; this "
                    "process's pending status follow-ups stop.")


def test_a_failed_message_says_where_it_goes_when_sent_again(client, db_url):
    def failed(tx):
        person = tx.get(m.Person, 4)
        return tx.add(m.Message(kind=m.MessageKind.THANK_YOU, channel=m.Channel.EMAIL, person_id=4, opportunity_id=2,
                                subject="Thank you", body="Hi", to_address="marcus@old.example",
                                state=m.MessageState.FAILED, last_error="bounced: 550 5.1.1 no such user",
                                created_at=NOW)).id, person.email

    message_id, now_to = read(db_url, failed)
    client.app.state.desk.changed()
    head = text_of(re.search(r'<p class="sub">(.*?)</p>', client.get(f"/drafts/{message_id}").text, re.S).group(1))
    assert f"email to marcus@old.example (sent again, it goes to {now_to})" in head
