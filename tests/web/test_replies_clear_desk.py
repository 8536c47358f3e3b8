"""The desk takes back a reply told of by mistake, as `afterview replies remove` does: *Recorded by
mistake?* beside a reply you told of (They replied), under What came in on an opportunity's and a
person's page. A one-time form with its CSRF token and a Yes box; the follow-ups it stopped come
back, the status it set is taken back, and the line after says so; mail read from the mailbox has
no such button and is refused in one line (found by testers: a reply told under the wrong person
silently ended the follow-ups, with no way back)."""

from __future__ import annotations

import html
import re

from afterview.domain import model as m
from afterview.planner import DEFAULT_PLAYBOOK, plan

from tests.web.conftest import NOW, read

LATER = NOW.replace(month=12, day=20)


def _plan(db_url) -> list[tuple[str, str]]:
    return read(db_url, lambda tx: sorted((a.key, a.earliest.isoformat())
                                          for a in plan(tx.facts(), DEFAULT_PLAYBOOK, LATER)))


def _follow_ups(db_url) -> list[str]:
    return [k for k, _ in _plan(db_url) if k.startswith(("status_check", "closing_the_loop")) and ":o1:" in k]


def _priya(db_url) -> m.Person:
    return read(db_url, lambda tx: next(p for p in tx.list(m.Person) if p.name == "Priya Raman"))


def _box(page: str, reply_id: int) -> str:
    found = re.search(rf'<details class="refile">\s*<summary>Recorded by mistake\?.*?action="/replies/{reply_id}/'
                      r'remove".*?</details>', page, re.S)
    return found.group(0) if found else ""


def _said(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def test_a_reply_told_by_mistake_is_removed_from_the_opportunity_page(client, csrf, db_url):
    before = _plan(db_url)
    assert _follow_ups(db_url), "the demo plans a status follow-up for opportunity 1"
    person = _priya(db_url)
    answer = client.post("/opportunities/1/replied", follow_redirects=True,
                         data={"csrf": csrf, "person_id": str(person.id), "day": "2026-11-26", "time": "09:15",
                               "says": "wrong person"})
    assert answer.status_code == 200
    [reply] = read(db_url, lambda tx: tx.list(m.Inbound))

    page = client.get("/opportunities/1").text
    found = _box(page, reply.id)
    assert found, "Recorded by mistake? beside the reply told of"
    assert 'name="csrf"' in found and 'name="once"' in found and 'name="confirm" value="yes" required' in found
    assert _box(client.get(f"/people/{person.id}").text, reply.id), "and on their page"

    # the Yes box not ticked: nothing happens
    answer = client.post(f"/replies/{reply.id}/remove", data={"csrf": csrf, "next": "/opportunities/1"},
                         follow_redirects=True)
    assert "Not removed: tick the box to confirm." in _said(answer.text)
    # no CSRF token: refused
    assert client.post(f"/replies/{reply.id}/remove", data={"confirm": "yes"}).status_code == 403
    assert len(read(db_url, lambda tx: tx.list(m.Inbound))) == 1

    answer = client.post(f"/replies/{reply.id}/remove", follow_redirects=True,
                         data={"csrf": csrf, "confirm": "yes", "next": "/opportunities/1"})
    said = _said(answer.text)
    assert answer.status_code == 200 and answer.url.path == "/opportunities/1"
    assert "Removed: the reply from Priya Raman on " in said and "is no longer recorded" in said, said
    assert read(db_url, lambda tx: tx.list(m.Inbound)) == []
    assert _plan(db_url) == before  # as if it had never been recorded
    assert "Recorded by mistake?" not in client.get("/opportunities/1").text
    # gone: its address is unknown now
    assert client.post(f"/replies/{reply.id}/remove", data={"csrf": csrf, "confirm": "yes"}).status_code == 404


def test_the_status_it_set_is_taken_back(client, csrf, db_url):
    from afterview.services.delivery import record_reply

    status = read(db_url, lambda tx: tx.get(m.Opportunity, 1).status)
    history = read(db_url, lambda tx: tx.get(m.Opportunity, 1).history)
    before = _plan(db_url)
    person = _priya(db_url)
    reply = read(db_url, lambda tx: record_reply(tx, str(person.id), now=NOW.replace(day=25), opportunity_id=1,
                                                 status="rejected", playbook=DEFAULT_PLAYBOOK)[0])
    assert read(db_url, lambda tx: tx.get(m.Opportunity, 1).status) == m.OpportunityStatus.REJECTED
    answer = client.post(f"/replies/{reply.id}/remove", follow_redirects=True,
                         data={"csrf": csrf, "confirm": "yes", "next": "/opportunities/1"})
    said = _said(answer.text)
    assert f"is {status.value} again: the status it set (rejected) is taken back" in said, said
    assert "The plan: " in said and "is now planned from" in said and "is no longer planned" in said, said
    assert read(db_url, lambda tx: tx.get(m.Opportunity, 1).history) == history
    assert _plan(db_url) == before


def test_mail_read_from_the_mailbox_has_no_button_and_is_refused_in_one_line(client, csrf, db_url):
    person = _priya(db_url)
    [mail] = read(db_url, lambda tx: [tx.add(m.Inbound(
        kind=m.InboundKind.REPLY, received_at=NOW.replace(hour=12), person_id=person.id, opportunity_id=1,
        from_address=person.email, subject="Re: Thank you", summary="thanks, still deciding",
        header_message_id="<r-1@northwind.example>")).id])
    page = client.get("/opportunities/1").text
    assert f'action="/replies/{mail}/move"' in page and f'action="/replies/{mail}/remove"' not in page
    answer = client.post(f"/replies/{mail}/remove", follow_redirects=True,
                         data={"csrf": csrf, "confirm": "yes", "next": "/opportunities/1"})
    said = _said(answer.text)
    assert (f"Not removed: the reply from {person.email} was read from your mailbox, not told by you: it stays "
            "recorded; filed under the wrong person or opportunity, use Filed under the wrong person? beside it") \
        in said, said
    flashed = re.findall(r'<p class="flash[^"]*"[^>]*>(.*?)</p>', answer.text, re.S)
    assert flashed and not any("afterview" in line for line in flashed)  # the desk's way, no command
    assert len(read(db_url, lambda tx: tx.list(m.Inbound))) == 1
