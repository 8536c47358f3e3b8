"""The desk's Today says what `afterview today` says of the approved notes: those on their way,
and apart from them those the outbox will hold back at its next round, with why (one function,
`services.planning.outgoing`).

Found by a tester: Today listed under *On their way* every approved note, one whose action was
skipped since included (the outbox holds it back before it goes), while the terminal did not list
it at all. The decision here is recorded as a program records it when no hold-back follows at once
(the desk while its playbook cannot be read, another copy of the data).
"""

from __future__ import annotations

import re

from afterview.domain import model as m
from afterview.services import planning
from tests.helpers import afterview
from tests.web.conftest import NOW, draft, read

PRIYA, TOM = "thank_you:i1:p1", "thank_you:i1:p2"


def part(page: str, heading: str) -> str:
    return page.split(f'id="{heading}"')[1].split("</section>")[0] if f'id="{heading}"' in page else ""


def _approve(db_url, message_id, scheduled_at=None) -> None:
    def change(tx):
        message = tx.get(m.Message, message_id)
        message.state = m.MessageState.SCHEDULED if scheduled_at else m.MessageState.APPROVED
        message.approved_at, message.scheduled_at, message.account = NOW, scheduled_at, "personal"
        tx.update(message)

    read(db_url, change)


def test_today_lists_apart_what_the_outbox_will_hold_back_as_the_terminal_does(app, client, csrf, db_url):
    priya, tom = draft(client, csrf, PRIYA), draft(client, csrf, TOM)
    _approve(db_url, priya)
    _approve(db_url, tom)
    read(db_url, lambda tx: planning.skip(tx, PRIYA, "called her instead", NOW))
    app.state.desk.changed()

    today = client.get("/").text
    going, held = part(today, "out-h"), part(today, "held-h")
    assert f'href="/drafts/{tom}"' in going and f'href="/drafts/{priya}"' not in going
    assert f'href="/drafts/{priya}"' in held and "you skipped it (called her instead)" in held
    assert f'href="/drafts/{tom}"' not in held

    # the terminal's answer is the same
    done = afterview("--db", db_url.removeprefix("sqlite:///"), "--at", NOW.isoformat(), "today")
    assert done.code == 0, done.err
    listed = lambda heading: set(map(int, re.findall(r"\(message (\d+)\)", done.out.split(heading)[1].split("\n\n")[0])))
    assert listed("HELD BACK") == {priya} and listed("ON ITS WAY") == {tom}
