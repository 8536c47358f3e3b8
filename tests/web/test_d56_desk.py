"""The desk's three gaps and a fourth: Withdraw approval on Today for a note approved or scheduled
(until then only in its editor), said as `afterview approve N --withdraw` says it; a stop read in
a reply taken back on the person's page with one button (the do-not-contact box needed tick, save,
untick, save); the LinkedIn profile URL on the person's form, checked as `person edit --linkedin`
checks it, and linked; an account stopped after repeated failures said at the top of Today, with
the notes waiting on it."""

from __future__ import annotations

import html
import re
from datetime import datetime, timedelta, timezone

from afterview.domain import model as m
from afterview.planner.facts import NOT_A_STOP, no_contact_cause, stop_request
from tests.helpers import afterview
from tests.web.test_d34_held_back_everywhere import _approve as _approved  # approved from 'personal' at NOW
from tests.web.conftest import NOW, csrf_of, draft, landing, make_app, logged_in, mark_scheduled, read


def _text(markup: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", markup))).strip()


def _table(page: str, label: str) -> str:
    found = re.search(rf'<div class="table-scroll" role="region" tabindex="0" aria-label="{label}, table">.*?</table>',
                      page, re.S)
    assert found, f"no table {label}"
    return found.group(0)


def _row(table: str, message_id: int) -> str:
    found = re.search(rf'<tr>\s*<td data-label="Message"><a href="/drafts/{message_id}">.*?</tr>', table, re.S)
    assert found, f"no row for message {message_id}"
    return found.group(0)


def _withdraw_form(row: str) -> dict[str, str]:
    form = re.search(r'<form method="post" action="/drafts/\d+" class="inline-form withdraw">.*?</form>', row, re.S)
    assert form, row
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form.group(0)))


# 1. Withdraw approval on Today ---------------------------------------------------------------

def test_a_scheduled_note_on_its_way_is_withdrawn_from_todays_row(client, csrf, db_url):
    message_id = draft(client, csrf, "thank_you:i1:p1")
    mark_scheduled(db_url, message_id, at=NOW + timedelta(days=4))
    row = _row(_table(client.get("/").text, "On their way"), message_id)
    assert re.search(r'<button type="submit" name="do" value="withdraw" class="small">Withdraw approval'
                     r'<span class="visually-hidden"> \(the thank-you note to Priya Raman: a draft again, not sent\)'
                     r'</span></button>', row)
    fields = _withdraw_form(row)
    assert fields["next"] == "/" and fields["csrf"] and fields["once"]  # the card buttons' CSRF and one-time token
    response = client.post(f"/drafts/{message_id}", data={**fields, "do": "withdraw"}, follow_redirects=False)
    assert response.status_code == 303 and landing(response) == "/"
    assert read(db_url, lambda tx: tx.get(m.Message, message_id)).state == m.MessageState.DRAFTED
    page = client.get(response.headers["location"]).text
    said = _text(page)
    assert ("Taken back: the thank-you note to Priya Raman is a draft again (it was scheduled) and will not be sent "
            "until you approve or schedule it again.") in said
    assert f'action="/drafts/{message_id}" class="inline-form withdraw"' not in page


def test_an_approved_note_is_withdrawn_as_the_terminal_says_it(client, csrf, db_url, tmp_path):
    message_id = draft(client, csrf, "thank_you:i1:p1")
    _approved(db_url, message_id)
    fields = _withdraw_form(_row(_table(client.get("/").text, "On their way"), message_id))
    page = client.post(f"/drafts/{message_id}", data={**fields, "do": "withdraw"}).text
    assert "is a draft again (it was approved) and will not be sent until you approve" in _text(page)
    # the terminal's words for the same: "is a draft again (it was approved)"
    other = draft(client, csrf_of(client.get("/").text), "thank_you:i1:p2")
    _approved(db_url, other)
    path = db_url.removeprefix("sqlite:///")
    ran = afterview("--db", path, "--at", NOW.isoformat(), "approve", str(other), "--withdraw")
    assert ran.code == 0 and f"message {other} is a draft again (it was approved)" in ran.out


def test_withdraw_approval_from_a_page_left_open_changes_nothing_and_says_so(client, csrf, db_url):
    message_id = draft(client, csrf, "thank_you:i1:p1")
    mark_scheduled(db_url, message_id, at=NOW + timedelta(days=4))
    page = client.get("/").text
    first, second = (_withdraw_form(_row(_table(client.get("/").text, "On their way"), message_id)) for _ in range(2))
    client.post(f"/drafts/{message_id}", data={**first, "do": "withdraw"})
    again = client.post(f"/drafts/{message_id}", data={**second, "do": "withdraw"})
    assert again.status_code == 200 and "Not taken back: the thank-you note to Priya Raman is drafted, not approved" \
        in _text(again.text)
    assert read(db_url, lambda tx: tx.get(m.Message, message_id)).state == m.MessageState.DRAFTED
    assert page


def test_a_draft_or_a_note_being_sent_offers_no_withdraw(client, csrf, db_url):
    message_id = draft(client, csrf, "thank_you:i1:p1")
    assert 'value="withdraw"' not in client.get("/").text  # a draft: nothing to take back

    def sending(tx):
        message = tx.get(m.Message, message_id)
        message.state, message.approved_at = m.MessageState.SENDING, NOW
        tx.update(message)

    read(db_url, sending)
    row = _row(_table(client.get("/").text, "On their way"), message_id)
    assert 'value="withdraw"' not in row and "cannot be taken back: it is being sent, or its send was cut off" in _text(row)


# 2. A stop read in a reply, taken back with one button -----------------------------------------

STOP = "other: asks not to be contacted: Thanks, but please stop emailing me."


def _stop_reply(db_url, person_id=1) -> int:
    return read(db_url, lambda tx: tx.add(m.Inbound(
        kind=m.InboundKind.REPLY, received_at=datetime(2026, 11, 20, 9, tzinfo=timezone.utc), person_id=person_id,
        summary=STOP)).id)


def _stop_panel(page: str) -> str:
    found = re.search(r'<div class="panel reply-stop">.*?</div>', page, re.S)
    return found.group(0) if found else ""


def test_a_stop_read_in_a_reply_is_taken_back_with_one_button(client, csrf, db_url):
    reply_id = _stop_reply(db_url)
    page = client.get("/people/1").text
    panel = _stop_panel(page)
    assert ("Asked in a reply on Fri 20 Nov 2026 not to be contacted (<q>Thanks, but please stop emailing me.</q>): "
            "nothing is planned for them.") in panel
    assert "They may be contacted again" in panel
    # the box stays the user's own choice: not ticked for a stop read in a reply
    assert not re.search(r'name="do_not_contact" value="yes" checked', page)
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', panel))
    assert fields["csrf"] and fields["once"]
    response = client.post("/people/1/may-contact", data=fields, follow_redirects=False)
    assert response.status_code == 303 and landing(response) == "/people/1"
    person, reply = read(db_url, lambda tx: (tx.get(m.Person, 1), tx.get(m.Inbound, reply_id)))
    assert NOT_A_STOP in reply.summary and not stop_request(reply) and not person.do_not_contact
    assert not no_contact_cause(read(db_url, lambda tx: tx.facts()), person, None)  # as after --may-contact
    after = client.get(response.headers["location"]).text
    assert ("Priya Raman may be contacted again: their reply of Fri 20 Nov 2026 is no longer read as asking not to "
            "be contacted; notes to them are planned again.") in _text(after)
    assert not _stop_panel(after)


def test_they_may_be_contacted_again_from_a_page_left_open_changes_nothing(client, csrf, db_url):
    _stop_reply(db_url)
    panel = _stop_panel(client.get("/people/1").text)
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', panel))
    again = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"',
                            _stop_panel(client.get("/people/1").text)))
    client.post("/people/1/may-contact", data=fields)
    client.post("/people/1/edit", data={"csrf": csrf, "name": "Priya Raman", "do_not_contact": "yes",
                                        "emails": "priya.raman@northwind.example"})
    page = client.post("/people/1/may-contact", data=again).text
    assert "Nothing changed: no reply from Priya Raman asks not to be contacted now" in _text(page)
    assert read(db_url, lambda tx: tx.get(m.Person, 1)).do_not_contact  # their own choice stays


def test_no_stop_panel_for_someone_whose_reply_asks_nothing(client):
    assert not _stop_panel(client.get("/people/1").text)


# 3. The LinkedIn profile URL ------------------------------------------------------------------

def _details(client, person_id=1) -> dict[str, str]:
    page = client.get(f"/people/{person_id}").text
    form = re.search(rf'<form method="post" action="/people/{person_id}/edit".*?</form>', page, re.S).group(0)
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))
    fields.update({k: html.unescape(v) for k, v in re.findall(r'<input id="p-[^"]+" name="([^"]+)" value="([^"]*)"',
                                                              form)})
    fields["emails"] = html.unescape(re.search(r'name="emails"[^>]*>([^<]*)</textarea>', form).group(1))
    return fields


def test_the_linkedin_profile_is_typed_checked_as_the_terminal_does_and_linked(client, db_url):
    fields = _details(client)
    assert "linkedin_url" in fields and 'for="p-linkedin">LinkedIn profile URL' in client.get("/people/1").text
    response = client.post("/people/1/edit", data={**fields, "linkedin_url": "www.linkedin.com/in/priya-raman"},
                           follow_redirects=True)
    assert response.status_code == 200
    assert read(db_url, lambda tx: tx.get(m.Person, 1)).linkedin_url == "https://www.linkedin.com/in/priya-raman"
    assert '<a href="https://www.linkedin.com/in/priya-raman" rel="noopener noreferrer">their profile' in response.text
    assert _details(client)["linkedin_url"] == "https://www.linkedin.com/in/priya-raman"


def test_a_link_not_on_linkedin_is_refused_at_its_field_as_the_terminal_refuses_it(client, db_url, tmp_path):
    fields = _details(client)
    refused = client.post("/people/1/edit", data={**fields, "linkedin_url": "https://example.com/priya"})
    assert refused.status_code == 400
    assert "not a LinkedIn profile URL: 'https://example.com/priya'" in _text(refused.text)
    assert re.search(r'<input id="p-linkedin" name="linkedin_url" value="https://example.com/priya"[^>]*'
                     r'aria-invalid="true"', refused.text)
    assert read(db_url, lambda tx: tx.get(m.Person, 1)).linkedin_url == ""
    ran = afterview("--db", db_url.removeprefix("sqlite:///"), "person", "edit", "1", "--linkedin",
                    "https://example.com/priya")
    assert ran.code == 2 and "not a LinkedIn profile URL: 'https://example.com/priya'" in ran.err


def test_a_form_without_the_field_keeps_the_profile(client, db_url):
    fields = _details(client)
    client.post("/people/1/edit", data={**fields, "linkedin_url": "https://www.linkedin.com/in/priya-raman"})
    fields = {k: v for k, v in _details(client).items() if k not in ("linkedin_url", "version")}
    client.post("/people/1/edit", data={**fields, "title": "VP Data"})
    person = read(db_url, lambda tx: tx.get(m.Person, 1))
    assert person.title == "VP Data" and person.linkedin_url == "https://www.linkedin.com/in/priya-raman"


# 4. An account stopped after repeated failures --------------------------------------------------

def test_an_account_paused_after_repeated_failures_is_said_on_today_with_its_notes(db_url, afterview_home):
    from afterview.services.delivery import HOLD_KEY, Hold

    (afterview_home / "config.toml").write_text(
        '[accounts.personal]\nemail = "alex@mail.example"\nsmtp_host = "127.0.0.1"\nsmtp_port = 9\n'
        'user = "alex"\npassword_env = "AV_NO_SUCH_PASSWORD"\n')
    app = make_app(db_url)
    client, csrf = logged_in(app)
    assert "stopped sending" not in client.get("/").text
    message_id = draft(client, csrf, "thank_you:i1:p1")
    _approved(db_url, message_id)
    until = NOW + timedelta(minutes=5)
    read(db_url, lambda tx: tx.set_state(HOLD_KEY + "personal", Hold(
        "personal", "its last 3 sends ended the same way: SMTP 127.0.0.1:9: connection dropped after the data",
        NOW - timedelta(minutes=1), until).stored()))
    page = client.get("/").text
    # the words of the terminal's `today` and of Settings (services.holds_said)
    said = _text(page)
    assert "account personal stopped sending on Thu 26 Nov 2026, 09:59 your time" in said
    assert f"1 approved note waits on it (message {message_id}); it is not tried before Thu 26 Nov 2026, 10:05" in said
    assert "check it (Test the connection, on the Settings page)" in said and "afterview account test" not in said
    row = _row(_table(page, "On their way"), message_id)
    assert "(waits: account personal stopped sending" in _text(row) and 'href="#paused"' in row
