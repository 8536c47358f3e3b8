"""A note the outbox will hold back says what to do on Today and on the rejection page, as it does
on the opportunity's and the person's pages (`pages.held_rows`).

Found by a tester: Today's *Approved, but held back* table said why a note will not go, but not
what to do about it; the rejection page showed the reply's card badged *held back* and said
neither. Today's table now has a *What to do* column (the desk's ways, never a command), and the
rejection page lists its notes held back at its top, each with why and what to do, the card
pointing there. Today's two tables of approved notes are one macro (`macros.notes_table`): the
held one has its two columns, *On their way* its *When*, both stacked and named at a phone's width.

The decisions are recorded as a program records them when no hold-back follows at once (the desk
while its playbook cannot be read, another copy of the data). A real SQLite database, and the desk
served for real in Chromium.
"""

from __future__ import annotations

import html
import re
from datetime import datetime, timezone

from afterview.domain import model as m
from afterview.services import planning
from tests.web.conftest import NOW, draft, logged_in, make_app, read
from tests.web.test_accessibility_browser import axe_page, violations
from tests.web.test_d34_held_back_everywhere import _approve

PRIYA, TOM = "thank_you:i1:p1", "thank_you:i1:p2"  # Northwind's panel
REPLY = "rejection_reply:o3:p5"  # the reply to Grace Liu, Fabrikam Energy having said no
SNOOZED_TO = datetime(2026, 11, 30, 15, 0, tzinfo=timezone.utc)
COMMAND = re.compile(r"\bafterview [a-z][a-z-]*")


def text_of(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split()).replace(" :", ":")


def section(page: str, heading: str) -> str:
    return page.split(f'id="{heading}"')[1].split("</section>")[0] if f'id="{heading}"' in page else ""


def rows_of(table: str) -> list[dict[str, str]]:
    """A table's rows, each cell's text by its label (`data-label`)."""
    return [{label: text_of(cell) for label, cell in re.findall(r'<td data-label="([^"]+)">(.*?)</td>', row, re.S)}
            for row in re.findall(r"<tr>\s*<td.*?</tr>", table, re.S)]


def _held(client, csrf, db_url) -> dict[str, int]:
    """Priya's note (skipped since), the reply to Grace (snoozed past its moment since), and Tom's
    note, which goes: each approved first."""
    notes = {key: draft(client, csrf, key) for key in (PRIYA, REPLY, TOM)}
    for message_id in notes.values():
        _approve(db_url, message_id)
    read(db_url, lambda tx: planning.skip(tx, PRIYA, "called her instead", NOW))
    read(db_url, lambda tx: planning.snooze(tx, REPLY, SNOOZED_TO, NOW))
    return notes


def test_todays_held_back_table_says_what_to_do_for_each_note(app, client, csrf, db_url):
    notes = _held(client, csrf, db_url)
    app.state.desk.changed()
    today = client.get("/").text

    held = section(today, "held-h")
    assert re.findall(r'<th scope="col">([^<]+)</th>', held) == [
        "Message", "To", "State", "Why it will not go", "What to do"]
    rows = {row["To"]: row for row in rows_of(held)}
    assert set(rows) == {"Priya Raman", "Grace Liu"}
    assert rows["Priya Raman"]["Why it will not go"] == "you skipped it (called her instead)"
    assert rows["Priya Raman"]["What to do"] == (
        "open it and discard it (Discard this draft); to send it all the same, open it and use Send to my Drafts folder")
    assert rows["Grace Liu"]["Why it will not go"].startswith("you snoozed it until Mon 30 Nov")
    assert rows["Grace Liu"]["What to do"].startswith("open it and approve it again for the plan's moment, from Mon 30 Nov 2026")
    assert f'href="/drafts/{notes[PRIYA]}"' in held and f'href="/drafts/{notes[REPLY]}"' in held
    assert not COMMAND.findall(text_of(held))

    # On their way: the same table, its own column
    going = section(today, "out-h")
    assert re.findall(r'<th scope="col">([^<]+)</th>', going) == ["Message", "To", "State", "When", "Approval"]
    going_rows = rows_of(going)
    assert [{k: v for k, v in row.items() if k != "Approval"} for row in going_rows] == [
        {"Message": "Thank you - Senior Data Engineer interview (to Tom Becker)",
         "To": "Tom Becker", "State": "approved", "When": "with the next mail round"}]
    assert all(row["Approval"].startswith("Withdraw approval") for row in going_rows), going_rows
    for name in ("Approved, but held back", "On their way"):
        assert today.count(f'<div class="table-scroll" role="region" tabindex="0" aria-label="{name}, table">') == 1


def test_the_rejection_page_says_why_a_held_back_reply_will_not_go_and_what_to_do(app, client, csrf, db_url):
    notes = _held(client, csrf, db_url)
    app.state.desk.changed()
    page = client.get("/opportunities/3/rejection").text

    held = section(page, "held-h")
    said = text_of(held)
    assert f'href="/drafts/{notes[REPLY]}"' in held
    assert "held back Data Engineer role - thank you (to Grace Liu): approved." in said
    assert "Why it will not go: you snoozed it until Mon 30 Nov" in said
    assert "What to do: open it and approve it again for the plan's moment, from Mon 30 Nov 2026" in said
    # only the notes of this process: Northwind's thank-you is not listed here
    assert f'href="/drafts/{notes[PRIYA]}"' not in held
    # its card, badged held back, points to the reason
    card = re.search(r'<article class="action state-held back".*?</article>', page, re.S)
    assert card and "Rejection reply to Grace Liu" in card.group(0)
    assert re.search(r'Approved, but it will not go as it is: why, and what to do, are under <a href="#held-h">'
                     r'Approved, but held back<span class="visually-hidden"> \(Rejection reply to Grace Liu\)</span></a>',
                     card.group(0))
    assert not COMMAND.findall(text_of(page))

    # nothing held back (the reply a draft again): neither the list nor the pointer
    def withdraw(tx):
        message = tx.get(m.Message, notes[REPLY])
        message.state, message.approved_at = m.MessageState.DRAFTED, None
        tx.update(message)

    read(db_url, withdraw)
    app.state.desk.changed()
    page = client.get("/opportunities/3/rejection").text
    assert 'id="held-h"' not in page and "held-why" not in page


def test_in_chromium_the_held_rows_say_what_to_do_stacked_at_320_px_and_axe_finds_nothing(browser, live, db_url):
    client, csrf = logged_in(make_app(db_url, demo=False))
    _held(client, csrf, db_url)
    live.app.state.desk.changed()
    found = []
    context, page = axe_page(browser, live, 1280)  # (the login link is good once)
    try:
        for width in (1280, 320):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(live.url + "/")
            region = page.get_by_role("region", name="Approved, but held back, table")
            cell = region.locator("td[data-label='What to do']").first
            assert "open it and" in cell.inner_text()
            if width == 320:  # a block, labelled, within the page
                box = cell.bounding_box()
                assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 320, box
                assert cell.evaluate("e => getComputedStyle(e, '::before').content") == '"What to do: "'
                assert page.evaluate("document.documentElement.scrollWidth") <= 320
            found += violations(page)
            page.goto(live.url + "/opportunities/3/rejection")
            shown = page.locator("#held-h + .hint + ul.held").inner_text()
            assert "Why it will not go:" in shown and "What to do:" in shown, shown
            page.get_by_role("link", name="Approved, but held back (Rejection reply to Grace Liu)").click()
            page.wait_for_url("**#held-h")
            if width == 320:
                assert page.evaluate("document.documentElement.scrollWidth") <= 320
            found += violations(page)
    finally:
        context.close()
    assert found == []
