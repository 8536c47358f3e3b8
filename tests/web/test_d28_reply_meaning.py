"""A reply whose meaning is not known (read as needs review, linked to no opportunity) once came
with *What it means* pre-chosen as Interviewing: one click on Confirm, with a rejected process
chosen, reopened it. Nothing is pre-chosen now; Confirm with nothing chosen is refused at the
field, and a status that reopens a closed process is refused, saying so, until "Yes, reopen it"
is ticked. A refused box repeats its line under the field (Snooze, Schedule, Skip too), hidden
from screen readers, which read it once (the field is described by the line at the top).

Real SQLite file with the demo's records; the desk through Starlette's test client.
"""

from __future__ import annotations

import re
from html import unescape

from afterview.domain import model as m
from tests.web.conftest import read
from tests.web.test_desk_reply_outcomes import add_reply, flash_ok, text_of

COFFEE = ("needs_review: happy to grab a coffee when you are in town. Please take me off your mailing list")


def _unlinked(client, db_url) -> int:
    reply = add_reply(db_url, opportunity_id=None, summary=COFFEE)
    client.app.state.desk.changed()
    return reply


def _status_select(html: str, reply: int) -> str:
    found = re.search(rf'<select id="reply-status-{reply}"[^>]*>.*?</select>', html, re.S)
    assert found, "no What it means box"
    return found.group(0)


def _error(html: str) -> str:
    found = re.search(r'<p class="flash flash-error"[^>]*>(.*?)</p>', html, re.S)
    assert found, "no error line"
    return text_of(found.group(1))


def test_nothing_is_chosen_for_a_reply_of_unknown_meaning(client, db_url):
    reply = _unlinked(client, db_url)
    box = _status_select(client.get("/").text, reply)
    assert re.search(r'<option value="" selected>\(choose what it means\)</option>', box)
    assert box.count(" selected") == 1
    assert " required" in box.split(">")[0]


def test_confirm_with_nothing_chosen_is_refused_at_the_field(client, csrf, db_url):
    reply = _unlinked(client, db_url)
    page = client.post(f"/replies/{reply}/confirm", data={"csrf": csrf, "opportunity_id": "3", "status": ""},
                       follow_redirects=True)
    said = _error(page.text)
    assert said.startswith("Choose what the reply from Grace Liu means under What it means")
    assert "nothing changed" in said
    box = _status_select(page.text, reply)
    assert 'aria-invalid="true"' in box and 'aria-describedby="form-error"' in box
    # the line again under the field, for the eye only (read once, from the top)
    assert re.search(rf'id="reply-status-{reply}".*?</select>\s*<p class="field-error flash-error" '
                     r'aria-hidden="true">Choose what', page.text, re.S)
    # the opportunity chosen comes back chosen
    assert re.search(rf'<select id="reply-opp-{reply}".*?<option value="3" selected>', page.text, re.S)
    stored = read(db_url, lambda tx: tx.get(m.Inbound, reply))
    assert not stored.confirmed
    assert read(db_url, lambda tx: tx.get(m.Opportunity, 3)).status == m.OpportunityStatus.REJECTED


def test_reopening_a_rejected_process_is_said_before_and_needs_a_yes(client, csrf, db_url):
    reply = _unlinked(client, db_url)
    page = client.post(f"/replies/{reply}/confirm",
                       data={"csrf": csrf, "opportunity_id": "3", "status": "interviewing"}, follow_redirects=True)
    said = _error(page.text)
    assert said.startswith("Interviewing would reopen Data Engineer at Fabrikam Energy, which is rejected; "
                           "nothing changed")
    assert read(db_url, lambda tx: tx.get(m.Opportunity, 3)).status == m.OpportunityStatus.REJECTED
    assert re.search(r'<option value="interviewing" selected>', _status_select(page.text, reply))
    assert 'name="reopen" value="yes"' in page.text
    page = client.post(f"/replies/{reply}/confirm",
                       data={"csrf": csrf, "opportunity_id": "3", "status": "interviewing", "reopen": "yes"},
                       follow_redirects=True)
    done = flash_ok(page.text)
    assert done.startswith("Confirmed for Data Engineer at Fabrikam Energy. Status changed to interviewing.")
    assert "reopens" in done
    assert read(db_url, lambda tx: tx.get(m.Opportunity, 3)).status == m.OpportunityStatus.INTERVIEWING


def test_a_closing_status_on_a_closed_process_needs_no_yes(client, csrf, db_url):
    reply = _unlinked(client, db_url)
    page = client.post(f"/replies/{reply}/confirm",
                       data={"csrf": csrf, "opportunity_id": "3", "status": "rejected"}, follow_redirects=True)
    assert flash_ok(page.text).startswith("Confirmed for Data Engineer at Fabrikam Energy. Status unchanged")


def test_a_refused_snooze_repeats_its_line_under_the_field(client, csrf):
    page = client.post("/actions/snooze", data={"csrf": csrf, "key": "thank_you:i1:p2", "until": "nonsense",
                                                "next": "/"}, follow_redirects=True)
    found = re.search(r'<input id="(until-[^"]+)" name="until" value="nonsense" required([^>]*)>\s*'
                      r'<p class="field-error flash-error" aria-hidden="true">([^<]+)</p>', page.text)
    assert found, "the line is not under the field"
    assert 'aria-describedby="form-error"' in found.group(2)  # described once, by the line at the top
    assert unescape(found.group(3)) == _error(page.text)
