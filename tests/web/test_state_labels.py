"""Every page labels a planned action by one rule (`views.action_state`): a note approved,
scheduled or being sent is on its way (nothing left to approve or schedule), else the action is
upcoming, due or overdue as of now, and Today, the pipeline, the opportunity, rejection and
person pages say the same."""

from __future__ import annotations

import re

from afterview.domain import model as m
from tests.web.conftest import draft, mark_scheduled, read

FRIDAY_8 = "Fri 27 Nov 2026, 08:00"


def _schedule(db_url, message_id, when=None):
    from datetime import datetime, timezone

    # for Friday 08:00 in New York unless said otherwise
    mark_scheduled(db_url, message_id, at=when or datetime(2026, 11, 27, 13, 0, tzinfo=timezone.utc))


def _card(html: str, title: str) -> str:
    """The action card with this title, or ""."""
    for card in re.findall(r'<article class="action.*?</article>', html, re.S):
        if f">{title}</h3>" in card:
            return card
    return ""


def _schedule_all_thank_yous(client, csrf, db_url) -> list[int]:
    ids = [draft(client, csrf, f"thank_you:i1:p{n}") for n in (1, 2, 3)]
    for message_id in ids:
        _schedule(db_url, message_id)
    return ids


def test_the_pipeline_says_what_today_says(client, csrf, db_url):
    _schedule_all_thank_yous(client, csrf, db_url)  # Northwind's three notes
    today = client.get("/").text.split('id="out-h"')[0]
    assert "Thank-you note to" not in today.replace("Thank-you note to Ana Souza", "")  # none of them due
    board = client.get("/pipeline").text
    card = _board_cards(board)["1"]
    assert "Thank-you note: due" not in card
    assert "Status follow-up: upcoming" in card  # the next thing left to do


def test_a_card_whose_only_action_is_on_its_way_says_so(client, csrf, db_url):
    message_id = draft(client, csrf, "status_check.1:o2:i2:p4")  # Contoso Health's one planned action
    _schedule(db_url, message_id)
    card = _board_cards(client.get("/pipeline").text)["2"]
    assert "Status follow-up: overdue" not in card
    assert "Status follow-up: on its way" in card


def _board_cards(html: str) -> dict[str, str]:
    return {re.search(r'href="/opportunities/(\d+)"', card).group(1): card
            for card in re.findall(r'<li class="opp-card">.*?</li>', html, re.S)}


def test_a_person_page_shows_a_scheduled_note_on_its_way_without_approve_or_schedule(client, csrf, db_url):
    message_id = draft(client, csrf, "thank_you:i1:p1")
    _schedule(db_url, message_id)
    html = client.get("/people/1").text  # Priya Raman
    assert _card(html, "Thank-you note to Priya Raman") == ""  # not an action card: nothing to do
    going = html.split('class="going-h"')[1].split("</ul>")[0]
    assert f'href="/drafts/{message_id}">Thank-you note to Priya Raman</a>' in going
    assert "on its way" in going and f"scheduled, goes out {FRIDAY_8}" in going
    assert f'action="/drafts/{message_id}"' not in html  # no Approve, no Schedule form for it
    # the timeline says the same, once: the scheduled note at the moment it goes, not its action too
    assert "Thank-you note to Priya Raman: scheduled" in html and "Thank-you note to Priya Raman (on its way)" not in html


def test_the_opportunity_page_shows_it_the_same_way(client, csrf, db_url):
    message_id = draft(client, csrf, "thank_you:i1:p1")
    _schedule(db_url, message_id)
    html = client.get("/opportunities/1").text
    assert _card(html, "Thank-you note to Priya Raman") == ""
    assert _card(html, "Thank-you note to Tom Becker")  # still to do
    going = html.split('class="going-h"')[1].split("</ul>")[0]
    assert "Thank-you note to Priya Raman" in going and FRIDAY_8 in going
    assert f'action="/drafts/{message_id}"' not in html


def test_a_failed_send_is_due_again_everywhere(client, csrf, db_url):
    message_id = draft(client, csrf, "thank_you:i1:p1")

    def fail(tx):
        message = tx.get(m.Message, message_id)
        message.state, message.last_error = m.MessageState.FAILED, "550 mailbox unavailable"
        tx.update(message)

    read(db_url, fail)
    for path in ("/", "/opportunities/1", "/people/1"):
        card = _card(client.get(path).text, "Thank-you note to Priya Raman")
        assert 'badge-due">due<' in card, path
        assert ">Approve<" in card, path


def test_every_page_gives_an_action_the_same_label(app, client, csrf, db_url):
    """Each action's badge on Today, its opportunity, the rejection page and its person's page, and
    the pipeline's label, are the one `action_state` gives as of now."""
    from afterview.interfaces.web.views import action_state

    _schedule(db_url, draft(client, csrf, "thank_you:i1:p2"))
    client.post("/opportunities/3/outcome", data={"csrf": csrf, "outcome": "rejected", "person_id": "5"})
    snap = app.state.desk.snapshot()
    messages = {x.id: x for x in snap.facts.messages}
    expected = {a.key: action_state(a, messages.get(a.message_id), snap.now) for a in snap.actions}
    assert set(expected.values()) >= {"due", "upcoming", "on its way"}
    pages = ["/", "/opportunities/3/rejection"]
    pages += [f"/opportunities/{i}" for i in snap.facts.opportunities]
    pages += [f"/people/{i}" for i in snap.facts.people]
    seen = 0
    for path in pages:
        html = client.get(path).text
        for state, key in re.findall(r'<article class="action state-([\w-]+)" aria-labelledby="act-([^"]+)"', html):
            matching = [k for k in expected if re.sub(r"[^A-Za-z0-9_-]", "-", k) == key]
            assert matching and expected[matching[0]] == state, (path, key, state)
            assert expected[matching[0]] != "on its way"
            seen += 1
    assert seen > 10
    for opportunity_id, card in _board_cards(client.get("/pipeline").text).items():
        label = re.search(r'<span class="next[^"]*">[^:<]*: ([^<]+)<', card)
        firsts = [a for a in snap.actions if a.opportunity_id == int(opportunity_id)]
        if not firsts:
            assert label is None, opportunity_id
            continue
        todo = [a for a in firsts if expected[a.key] != "on its way"]
        assert label.group(1) == expected[(todo or firsts)[0].key], opportunity_id
