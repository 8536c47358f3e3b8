"""The desk says what a reply read as a rejection, not confirmed yet, holds back and starts, in
`today`'s words: under Replies to confirm, the thank-yous it holds back until you confirm it; on
the card of every action the plan has only because of that reading (a LinkedIn request after the
rejection, not only the reply to it), that it rests on the reply. Recently decided says until
when a snooze runs, and when you decided it.

Real SQLite file with the demo's records; the desk through Starlette's test client.
"""

from __future__ import annotations

import re
from datetime import timedelta

from afterview.domain import model as m
from tests.web.conftest import NOW
from tests.web.test_d28_rests_on_reply import LINE, _rejection_from_priya
from tests.web.test_desk_reply_outcomes import text_of


def _card(page: str, key: str) -> str:
    found = re.search(rf'<article class="action[^"]*" aria-labelledby="act-{re.escape(key.replace(":", "-"))}">'
                      r'.*?</article>', page, re.S)
    assert found, f"no card for {key}"
    return text_of(found.group(0))


def test_replies_to_confirm_say_what_the_reply_holds_back(client, csrf, db_url):
    _rejection_from_priya(client, db_url)
    page = client.get("/").text
    section = text_of(page[page.index('id="rep-h"'):])
    held = re.search(r"Until you confirm it, it holds back the thank-you notes? to [^.]*? if it is no rejection[^.]*\.",
                     section)
    assert held, section[:800]
    for name in ("Priya Raman", "Tom Becker"):
        assert name in held.group(0), held.group(0)


def test_a_request_after_the_rejection_says_it_rests_on_the_reply(client, csrf, db_url):
    _rejection_from_priya(client, db_url)
    snap = client.app.state.desk.snapshot()
    requests = [a for a in snap.actions if a.kind == m.MessageKind.LINKEDIN_NOTE and a.opportunity_id == 1]
    assert requests and all(a.rests_on is not None for a in requests)
    page = client.get("/opportunities/1").text
    for action in requests:
        assert LINE in _card(page, action.key), action.key


def test_recently_decided_says_until_when_a_snooze_runs(client, csrf, db_url):
    back = client.post("/actions/snooze", data={"csrf": csrf, "key": "thank_you:i1:p1",
                                                 "until": "2026-12-02 10:00", "next": "/"})
    assert back.status_code in (200, 303), back.text[:400]
    page = client.get("/").text
    decided = text_of(page[page.index('id="dec-h"'):page.index("</section>", page.index('id="dec-h"'))])
    assert re.search(r"snoozed until Wed 02 Dec 2026, 10:00 \(on Thu 26 Nov 2026, \d\d:\d\d\)", decided), decided
