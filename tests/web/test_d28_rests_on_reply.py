"""A rejection reply planned from a reply read as a rejection but not confirmed yet (it waits
under Replies to confirm) says so on its card and in its editor: it is due only if that reply is
a rejection, and where to confirm it. A rejection the user recorded says nothing of the kind.

Real SQLite file with the demo's records; the desk through Starlette's test client.
"""

from __future__ import annotations

import re
from datetime import timedelta

from afterview.domain import model as m
from tests.web.conftest import NOW, draft
from tests.web.test_desk_reply_outcomes import add_reply, text_of

LINE = ("This rests on a reply not confirmed yet: it is due only if the reply from Priya Raman is a rejection. "
        "Confirm it under Replies to confirm (the reply from Priya Raman) , on Today.")


def _rejection_from_priya(client, db_url) -> str:
    add_reply(db_url, person_id=1, opportunity_id=1, from_address="priya.raman@northwind.example",
              classification=m.ReplyClass.REJECTION, received_at=NOW - timedelta(hours=6),
              summary="rejection: we have decided to move forward with other candidates")
    client.app.state.desk.changed()
    action = next(a for a in client.app.state.desk.snapshot().actions
                  if a.kind == m.MessageKind.REJECTION_REPLY and a.opportunity_id == 1)
    return action.key


def test_the_card_and_the_editor_say_it_rests_on_an_unconfirmed_reply(client, csrf, db_url):
    key = _rejection_from_priya(client, db_url)
    today = client.get("/").text
    card = re.search(rf'<article class="action[^"]*" aria-labelledby="act-{re.escape(key.replace(":", "-"))}">'
                     r'.*?</article>', today, re.S)
    assert card, "no card for the rejection reply"
    assert LINE in text_of(card.group(0))
    assert '<a href="/#rep-h">Replies to confirm' in card.group(0)
    message = draft(client, csrf, key)
    assert LINE in text_of(client.get(f"/drafts/{message}").text)


def test_a_recorded_rejection_says_nothing_of_it(client, csrf, db_url):
    # the demo's rejection at Contoso was recorded by the user: its reply rests on nothing to confirm
    today = text_of(client.get("/").text)
    assert "This rests on a reply not confirmed yet" not in today
