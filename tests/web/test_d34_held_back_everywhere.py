"""A note the outbox will hold back reads the same on every page of the desk: one rule,
`services.planning.outgoing` (Today's *Approved, but held back*, the terminal's HELD BACK).

Found by a tester: Today listed a note approved for an action since skipped (or snoozed past its
moment) as held back, with why, while the opportunity's and the person's pages still listed it
under *On their way*, and the pipeline's card and the timelines called it on its way. Every page
now asks the same function: such a note is listed apart, with why it will not go (the outbox's
words) and what to do (the desk's ways), its action is no longer said to be on its way (held
back, on the pipeline and in the timelines), and the lists of messages mark it *held back*.

The decisions are recorded as a program records them when no hold-back follows at once (the
desk while its playbook cannot be read, another copy of the data): the notes stay approved until
a mail round looks at them. A real SQLite database, and the desk served for real in Chromium.
"""

from __future__ import annotations

import html
import re
from datetime import datetime, timedelta, timezone

from afterview.domain import model as m
from afterview.services import planning
from tests.helpers import afterview
from tests.web.conftest import NOW, draft, logged_in, make_app, read
from tests.web.live import login

PRIYA, TOM, THIRD = "thank_you:i1:p1", "thank_you:i1:p2", "thank_you:i1:p3"  # Northwind's panel
SNOOZED_TO = datetime(2026, 11, 30, 15, 0, tzinfo=timezone.utc)
COMMAND = re.compile(r"\bafterview [a-z][a-z-]*")


def text_of(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split()).replace(" :", ":")


def _approve(db_url, message_id) -> None:
    def change(tx):
        message = tx.get(m.Message, message_id)
        message.state, message.approved_at, message.account = m.MessageState.APPROVED, NOW, "personal"
        tx.update(message)

    read(db_url, change)


def _three_notes(client, csrf, db_url) -> tuple[int, int, int]:
    """Priya's note (its action skipped since), Tom's (snoozed past its moment since), and the
    third panelist's, which goes."""
    notes = tuple(draft(client, csrf, key) for key in (PRIYA, TOM, THIRD))
    for message_id in notes:
        _approve(db_url, message_id)
    read(db_url, lambda tx: planning.skip(tx, PRIYA, "called her instead", NOW))
    read(db_url, lambda tx: planning.snooze(tx, TOM, SNOOZED_TO, NOW))
    return notes


def going_of(page: str) -> str:
    """A page's *On their way* list under Planned ("" when it has none)."""
    found = re.search(r'<ul class="plain going">.*?</ul>', page, re.S)
    return found.group(0) if found else ""


def held_of(page: str) -> str:
    """A page's *Approved, but held back* list under Planned ("" when it has none)."""
    found = re.search(r'id="held-h".*?</ul>', page, re.S)
    return found.group(0) if found else ""


def messages_of(page: str) -> str:
    return page.split('id="msg-h"')[1].split("</section>")[0]


def timeline_of(page: str) -> str:
    return page.split('id="tl-h"')[1].split("</section>")[0]


def test_the_opportunity_and_person_pages_list_a_held_back_note_as_today_does(app, client, csrf, db_url):
    priya, tom, third = _three_notes(client, csrf, db_url)
    app.state.desk.changed()

    today = client.get("/").text
    today_held = today.split('id="held-h"')[1].split("</section>")[0]
    assert all(f'href="/drafts/{i}"' in today_held for i in (priya, tom))

    opportunity = client.get("/opportunities/1").text
    going, held = going_of(opportunity), held_of(opportunity)
    assert f'href="/drafts/{third}"' in going
    assert f'href="/drafts/{priya}"' not in going and f'href="/drafts/{tom}"' not in going
    said = text_of(held)
    assert f'href="/drafts/{priya}"' in held and f'href="/drafts/{tom}"' in held
    assert "Why it will not go: you skipped it (called her instead). What to do: open it and discard it" in said
    assert "to send it all the same, open it and use Send to my Drafts folder" in said
    assert "Why it will not go: you snoozed it until Mon 30 Nov" in said
    assert "What to do: open it and approve it again for the plan's moment, from Mon 30 Nov 2026" in said
    assert not COMMAND.findall(text_of(opportunity))
    listed = text_of(messages_of(opportunity))
    assert "Thank-you note to Priya Raman: approved, held back" in listed
    assert "Thank-you note to Tom Becker: approved, held back" in listed
    assert "Thank-you note to Lena Fischer: approved Thank" in listed  # the third panelist's goes
    # the timeline: Tom's action is planned, held back, not on its way
    timeline = text_of(timeline_of(opportunity))
    assert "Thank-you note to Tom Becker (held back)" in timeline and "Tom Becker (on its way)" not in timeline

    for person, held_id, why in ((1, priya, "you skipped it (called her instead)"),
                                 (2, tom, "you snoozed it until Mon 30 Nov")):
        page = client.get(f"/people/{person}").text
        assert f'href="/drafts/{held_id}"' not in going_of(page)
        assert f'href="/drafts/{held_id}"' in held_of(page) and why in text_of(held_of(page))
        assert "approved, held back" in text_of(messages_of(page))
        assert not COMMAND.findall(text_of(page))
    third_page = client.get("/people/3").text
    assert f'href="/drafts/{third}"' in going_of(third_page) and held_of(third_page) == ""
    assert "approved, held back" not in text_of(messages_of(third_page))

    # the pipeline's card names Northwind's next action as held back, not on its way
    board = client.get("/pipeline").text
    assert "Thank-you note: held back" in text_of(board)

    # the terminal's answer is the same
    done = afterview("--db", db_url.removeprefix("sqlite:///"), "--at", NOW.isoformat(), "today")
    assert done.code == 0, done.err
    def listed(heading):
        return set(map(int, re.findall(r"\(message (\d+)\)", done.out.split(heading)[1].split("\n\n")[0])))

    assert listed("HELD BACK") == {priya, tom} and listed("ON ITS WAY") == {third}


def test_a_note_to_an_address_that_bounced_since_reads_held_back_on_its_pages(app, client, csrf, db_url):
    """The outbox's other holds are foreseen too (`planning.changed_since`): here a bounce."""
    tom = draft(client, csrf, TOM)
    _approve(db_url, tom)
    address = read(db_url, lambda tx: tx.get(m.Message, tom)).to_address
    read(db_url, lambda tx: tx.add(m.Message(
        kind=m.MessageKind.STATUS_CHECK, person_id=2, state=m.MessageState.FAILED, to_address=address,
        subject="Checking in", body="Hi Tom", created_at=NOW - timedelta(days=3), updated_at=NOW + timedelta(minutes=1),
        last_error="bounced: 550 5.1.1 no such user")))
    app.state.desk.changed()

    for address_of_page in ("/", "/opportunities/1", "/people/2"):
        page = client.get(address_of_page).text
        assert "bounced (550 5.1.1 no such user): check the address first" in text_of(page), address_of_page
        assert f'href="/drafts/{tom}"' not in going_of(page)
    said = text_of(held_of(client.get("/people/2").text))
    assert f"What to do: check {address} (on their page: Correct the details); if it is right" in said


def test_each_page_in_chromium_says_it_held_back(page, live, db_url):
    client, csrf = logged_in(make_app(db_url, demo=False))
    priya, tom, third = _three_notes(client, csrf, db_url)
    live.app.state.desk.changed()
    login(page, live)
    for where in ("/opportunities/1", "/people/1", "/people/2"):
        page.goto(live.url + where)
        held = page.locator("#held-h + .hint + ul.held")
        assert held.count() == 1, where
        shown = held.inner_text()
        assert "held back" in shown and "Why it will not go:" in shown and "What to do:" in shown, shown
        going = page.locator("ul.going")
        if going.count():
            assert "Priya Raman" not in going.inner_text() and "Tom Becker" not in going.inner_text()
    page.goto(live.url + "/opportunities/1")
    assert page.locator("ul.going").inner_text().count("on its way") == 1  # the third panelist's alone
    page.goto(live.url + "/pipeline")
    assert "Thank-you note: held back" in page.locator("main").inner_text()
