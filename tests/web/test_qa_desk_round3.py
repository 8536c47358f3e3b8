"""The QA tester's third round on the desk: a note whose send's outcome is unknown (a stale *It
arrived* after *send it again* in another tab, the editor offering only what works, what Save says,
the box kept ticked, its state said as *may have arrived* and kept off *On their way*), one landmark
for *On their way*, a past time in *Send at* as that field's error, a certificate authority file
that is no certificate refused at its field, and a confirmed reply naming its opportunity.

Real SQLite file through the fixtures; the unknown outcome is set in the database as the outbox
records it (`delivery.UNKNOWN_OUTCOME`), and a note sent again as `delivery.approve(resend=True)`
leaves it (`delivery.RESENT_NOTE`), without a mail account."""

from __future__ import annotations

import re
from datetime import timedelta
from html import unescape

import pytest

from afterview.domain import model as m
from afterview.services import delivery
from tests.web.conftest import NOW, draft, mark_scheduled, read

KEY = "thank_you:i1:p1"
NEW_TEXT = "Hi Priya,\n\nThank you for your time today and for the conversation.\n\nBest,\nAlex\n"


def text_of(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def stored(db_url, message_id) -> m.Message:
    return read(db_url, lambda tx: tx.get(m.Message, message_id))


def unknown_note(client, csrf, db_url, key=KEY) -> int:
    """A note whose last send's outcome is unknown (failed so, as the outbox records it)."""
    message_id = draft(client, csrf, key)

    def cut_off(tx):
        message = tx.get(m.Message, message_id)
        message.state, message.last_error = m.MessageState.FAILED, delivery.UNKNOWN_OUTCOME
        message.updated_at, message.attempts, message.account = NOW - timedelta(hours=1), 1, "personal"
        tx.update(message)

    read(db_url, cut_off)
    client.app.state.desk.changed()
    assert delivery.outcome_unknown(stored(db_url, message_id))
    return message_id


def sent_again(db_url, message_id, state=m.MessageState.APPROVED, sent_at=None) -> None:
    """In another tab: 'I am sure it did not arrive', 'send it again' (approved again at the user's
    word, as `delivery.approve(resend=True)` leaves it), and maybe gone since."""
    def resend(tx):
        message = tx.get(m.Message, message_id)
        message.state, message.approved_at, message.last_error = state, NOW, ""
        message.note = f"{delivery.RESENT_NOTE}: its send of Thu 26 Nov 2026 09:00 may have arrived; you said it did not"
        message.sent_at = sent_at
        tx.update(message)

    read(db_url, resend)
    assert delivery.resent(stored(db_url, message_id))


def flash_of(html: str) -> str:
    """The lines said after an action (every flash with a role), in one string."""
    return " | ".join(text_of(x) for x in re.findall(r'<p class="flash[^"]*" role="(?:alert|status)"[^>]*>(.*?)</p>',
                                                     html, re.S))


# 1. a stale "It arrived" after "send it again" in another tab ------------------------------------

def test_a_stale_it_arrived_calls_off_the_send_again_and_marks_it_sent(client, csrf, db_url):
    message_id = unknown_note(client, csrf, db_url)
    sent_again(db_url, message_id)  # tab B
    client.app.state.desk.changed()
    page = client.post(f"/drafts/{message_id}/arrived", data={"csrf": csrf}, follow_redirects=True)  # tab A
    message = stored(db_url, message_id)
    assert message.state == m.MessageState.DONE_ELSEWHERE, (message.state, flash_of(page.text))
    said = flash_of(page.text)
    assert "sending it again (asked for in another tab) is called off" in said and "marked sent" in said
    assert "nothing was changed" not in said


def test_a_stale_it_arrived_after_it_was_sent_again_is_refused_saying_so(client, csrf, db_url):
    message_id = unknown_note(client, csrf, db_url)
    sent_again(db_url, message_id, m.MessageState.SENT, sent_at=NOW - timedelta(minutes=5))
    client.app.state.desk.changed()
    page = client.post(f"/drafts/{message_id}/arrived", data={"csrf": csrf}, follow_redirects=True)
    said = flash_of(page.text)
    assert "was sent again Thu 26 Nov 2026 09:55 (your time)" in said, said
    assert "in another tab you said its first send did not arrive" in said and "two copies" in said
    assert stored(db_url, message_id).state == m.MessageState.SENT


# 2. the editor of such a note offers only what works ---------------------------------------------

def test_the_editor_of_a_note_that_may_have_arrived_offers_only_what_works(client, csrf, db_url):
    message_id = unknown_note(client, csrf, db_url)
    page = client.get(f"/drafts/{message_id}").text
    form = re.search(r'<form [^>]*id="draft-form".*?</form>', page, re.S).group(0)
    for refused in ("approve", "send", "drafts", "eml", "schedule", "smtp_instead"):
        assert f'value="{refused}"' not in form, refused
    assert 'value="save"' in form and 'id="when"' not in form and 'id="despite"' not in form
    assert "Until you answer" in form
    assert 'value="drafts" class="primary"' not in page
    assert 'value="resend"' in page and "/arrived" in page  # the two choices stay


# 3. Save after "send it again" says it is back to the question ------------------------------------

def test_saving_a_changed_text_sent_again_says_it_is_back_to_the_question(client, csrf, db_url):
    message_id = unknown_note(client, csrf, db_url)
    sent_again(db_url, message_id)
    client.app.state.desk.changed()
    subject = stored(db_url, message_id).subject
    page = client.post(f"/drafts/{message_id}", data={"csrf": csrf, "do": "save", "subject": subject,
                                                      "body": NEW_TEXT}, follow_redirects=True)
    said = flash_of(page.text)
    assert "back to the question whether its first send arrived" in said, said
    assert "until you approve or schedule it again" not in said
    assert delivery.outcome_unknown(stored(db_url, message_id))


# 4. "I am sure it did not arrive" kept ticked after a refusal -------------------------------------

def test_the_sure_box_stays_ticked_after_a_refusal(client, csrf, db_url):
    message_id = unknown_note(client, csrf, db_url)
    # no mail account on this desk: sending it again is refused, the box was ticked
    page = client.post(f"/drafts/{message_id}", data={"csrf": csrf, "do": "resend", "resend": "yes"})
    assert page.status_code in (400, 409), page.status_code
    box = re.search(r'<input type="checkbox" id="resend"[^>]*>', page.text).group(0)
    assert " checked" in box
    assert delivery.outcome_unknown(stored(db_url, message_id))


# 5. its state said as "may have arrived", never under "On their way" ------------------------------

def test_a_note_that_may_have_arrived_is_said_so_and_not_on_its_way(client, csrf, db_url):
    message_id = unknown_note(client, csrf, db_url)
    message = stored(db_url, message_id)
    editor = client.get(f"/drafts/{message_id}").text
    assert re.search(r"<title>[^<]*\(may have arrived\)", editor)
    assert '<span class="badge">may have arrived</span>' in editor
    drafts = client.get("/drafts").text
    row = re.search(rf'<tr>\s*<td[^>]*><a href="/drafts/{message_id}">.*?</tr>', drafts, re.S).group(0)
    assert "may have arrived" in row and "failed" not in text_of(row)
    opportunity = client.get(f"/opportunities/{message.opportunity_id}").text
    assert re.search(rf'href="/drafts/{message_id}">[^<]*</a>: may have arrived', opportunity)
    person = client.get(f"/people/{message.person_id}").text
    assert re.search(rf'href="/drafts/{message_id}">[^<]*</a>: may have arrived', person)
    today = client.get("/").text
    assert 'id="out-h"' not in today or f'href="/drafts/{message_id}">' not in today.split('id="out-h"')[1]


def test_a_plain_failed_note_is_still_said_failed(client, csrf, db_url):
    message_id = draft(client, csrf)

    def failed(tx):
        message = tx.get(m.Message, message_id)
        message.state, message.last_error = m.MessageState.FAILED, "550 mailbox unavailable"
        tx.update(message)

    read(db_url, failed)
    client.app.state.desk.changed()
    assert '<span class="badge">failed</span>' in client.get(f"/drafts/{message_id}").text


# 6. one landmark for "On their way" ---------------------------------------------------------------

def test_on_their_way_is_one_landmark_by_its_name(client, csrf, db_url):
    mark_scheduled(db_url, draft(client, csrf), at=NOW + timedelta(days=1))
    client.app.state.desk.changed()
    today = client.get("/").text
    assert '<h2 id="out-h">On their way</h2>' in today
    assert today.count('aria-labelledby="out-h"') == 1
    assert re.search(r'<div class="table-scroll" role="region" tabindex="0" aria-label="On their way, table">',
                     today)


# 7. a past time in Send at is that field's error --------------------------------------------------

def test_a_past_time_in_send_at_is_the_fields_error(client, csrf, db_url):
    message_id = draft(client, csrf)
    mark_scheduled(db_url, message_id, at=NOW + timedelta(days=1))
    client.app.state.desk.changed()
    message = stored(db_url, message_id)
    page = client.post(f"/drafts/{message_id}", data={"csrf": csrf, "do": "schedule", "when": "2026-11-25 09:00",
                                                      "subject": message.subject, "body": message.body})
    assert page.status_code == 400
    line = text_of(re.search(r'id="form-error">(.*?)</p>', page.text, re.S).group(1))
    assert line.startswith("Send at: 2026-11-25 09:00 EST is in the past"), line
    assert re.search(r'<input id="when"[^>]*value="2026-11-25 09:00"[^>]*aria-invalid="true"', page.text)
    assert '<a href="#when">Go to the field</a>' in page.text
    assert stored(db_url, message_id).scheduled_at == message.scheduled_at


# 8. a certificate authority file that is no certificate -------------------------------------------

ACCOUNT = {"account_name": "home", "account_email": "alice@example.test", "display_name": "Alice Seeker",
           "preset": "", "smtp_host": "127.0.0.1", "smtp_port": "2525", "smtp_tls": "starttls",
           "imap_host": "127.0.0.1", "imap_port": "1143", "imap_tls": "starttls", "user": "alice",
           "tls_ca_file": "", "secret": "env", "password": "", "password_env": "AV_TEST_PASSWORD",
           "password_command": "", "token_command": ""}


def _ca_refusal(client, csrf, typed) -> str:
    page = client.post("/settings/accounts", data={**ACCOUNT, "csrf": csrf, "tls_ca_file": typed})
    assert page.status_code == 400, typed
    assert re.search(r'id="a-ca"[^>]*aria-invalid="true"', page.text)
    return text_of(re.search(r'id="form-error">(.*?)</p>', page.text, re.S).group(1))


def test_a_file_that_is_no_certificate_is_refused_at_its_field(client, csrf, afterview_home, tmp_path):
    not_one = tmp_path / "hostname"
    not_one.write_text("desk-host\n")
    key = tmp_path / "key.pem"
    key.write_text("-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n")
    assert _ca_refusal(client, csrf, str(not_one)) == \
        f"Certificate authority file: {not_one} is not a certificate file (PEM)"
    assert _ca_refusal(client, csrf, str(key)) == f"Certificate authority file: {key} is not a certificate file (PEM)"
    broken = tmp_path / "broken.pem"  # a certificate's first line, and nothing a mail program could use
    broken.write_text("-----BEGIN CERTIFICATE-----\n")
    assert _ca_refusal(client, csrf, str(broken)) == \
        f"Certificate authority file: {broken} is not a certificate file (PEM)"
    assert _ca_refusal(client, csrf, str(tmp_path)) == \
        f"Certificate authority file: {tmp_path} is a folder, not a certificate file (PEM)"
    long = "/" + "x" * 400
    said = _ca_refusal(client, csrf, long)
    assert long not in said and "x" * 199 + "…" in said and len(said) < 300
    assert not (afterview_home / "config.toml").exists() or "home" not in (afterview_home / "config.toml").read_text()


# 9. a reply linked to no opportunity, confirmed: the opportunity named ----------------------------

def test_confirming_an_unlinked_reply_names_the_opportunity(client, csrf, db_url):
    def add(tx):
        opportunity = tx.get(m.Opportunity, 2)
        company = tx.get(m.Company, opportunity.company_id).name
        reply = tx.add(m.Inbound(kind=m.InboundKind.REPLY, received_at=NOW, person_id=4, opportunity_id=None,
                                 classification=m.ReplyClass.REJECTION, from_address="marcus@contoso.example",
                                 subject="Re: Thank you", summary="rejection: we went with another candidate"))
        return reply.id, f"{opportunity.role} at {company}"

    reply_id, named = read(db_url, add)
    client.app.state.desk.changed()
    page = client.post(f"/replies/{reply_id}/confirm", data={"csrf": csrf, "status": "rejected",
                                                             "opportunity_id": "2"}, follow_redirects=True)
    said = flash_of(page.text)
    assert f"Confirmed for {named}. Status changed to rejected." in said, said


# two edits at once: the later save does not overwrite the other one's text ----------------------

def test_a_save_over_a_text_changed_meanwhile_is_refused_with_the_typed_text_kept(client, csrf, db_url):
    # Found by a tester (in the terminal; the desk had the same gap): two edits of one draft at
    # once, and the later save silently overwrote the other one's text.
    import re

    message_id = draft(client, csrf, "thank_you:i1:p2")
    opened = client.get(f"/drafts/{message_id}").text
    version = re.search(r'name="version" value="([0-9a-f]+)"', opened).group(1)

    def elsewhere(tx):  # meanwhile, the same note edited in the terminal
        message = tx.get(m.Message, message_id)
        message.body += "\nPS from the terminal"
        tx.update(message)
        return message.body

    theirs = read(db_url, elsewhere)
    client.app.state.desk.changed()
    mine = "Dear Tom,\n\nMy own text, typed in the desk.\n\nAlex"
    refused = client.post(f"/drafts/{message_id}", data={"csrf": csrf, "do": "save", "subject": "Thanks",
                                                          "body": mine, "version": version})
    assert refused.status_code == 400
    assert "was changed since you opened it" in refused.text and "My own text, typed in the desk." in refused.text
    assert f'name="version" value="{version}"' in refused.text  # a second Save is refused too, until reloaded
    assert read(db_url, lambda tx: tx.get(m.Message, message_id).body) == theirs
    # reloaded, the page has the new text and its version: a save then goes through
    fresh = client.get(f"/drafts/{message_id}").text
    now_version = re.search(r'name="version" value="([0-9a-f]+)"', fresh).group(1)
    assert now_version != version and "PS from the terminal" in fresh
    saved = client.post(f"/drafts/{message_id}", data={"csrf": csrf, "do": "save", "subject": "Thanks",
                                                        "body": mine, "version": now_version}, follow_redirects=False)
    assert saved.status_code == 303
    assert read(db_url, lambda tx: tx.get(m.Message, message_id).body) == mine


# Approve that sends at once: the recipient's time now, and the review's warnings for it ---------

@pytest.mark.mail
def test_approve_that_sends_at_once_says_their_time_and_the_moments_warnings(mail_desk, db_url):
    # Found by a tester: Approve of a note going at once said nothing of the recipient's clock
    # (00:05 in Tokyo); Schedule at the same minute warned of it. (Outside their waking hours,
    # 07:00-20:00, the plan suggests their morning, and Approve schedules it then; a thank-you on
    # their public holiday, by day, goes at once: 08:00 on Thanksgiving in Denver.)
    app, client, csrf = mail_desk()

    def to_denver(tx):
        person = tx.get(m.Person, 6)
        person.timezone = "America/Denver"
        tx.update(person)

    read(db_url, to_denver)
    app.state.desk.changed()
    message_id = draft(client, csrf, "thank_you:i4:p6")
    page = client.post(f"/drafts/{message_id}", data={"csrf": csrf, "do": "approve", "despite": "yes"},
                       follow_redirects=True).text
    said = " ".join(re.sub(r"<[^>]+>", " ", unescape(page)).split())
    assert "Approved:" in said and "It is 08:00 their time (America/Denver) now." in said, said[:2000]
    assert "Check the time: Going out now, it arrives on a public holiday in US: Thanksgiving Day" in said, \
        said[said.find("Approved"):][:600]
    assert read(db_url, lambda tx: tx.get(m.Message, message_id).state) == m.MessageState.APPROVED


@pytest.mark.mail
def test_an_approved_note_with_no_time_says_it_goes_with_the_next_mail_round(mail_desk, db_url):
    # Found by a tester: its When was empty on Today, and the opportunity page said only "approved".
    app, client, csrf = mail_desk()
    message_id = draft(client, csrf, "thank_you:i4:p6")  # overdue: approved, it goes at once
    client.post(f"/drafts/{message_id}", data={"csrf": csrf, "do": "approve", "despite": "yes"})
    assert read(db_url, lambda tx: tx.get(m.Message, message_id).scheduled_at) is None
    today = " ".join(re.sub(r"<[^>]+>", " ", unescape(client.get("/").text)).split())
    assert "approved with the next mail round" in today
    opportunity = read(db_url, lambda tx: tx.get(m.Message, message_id).opportunity_id)
    page = " ".join(re.sub(r"<[^>]+>", " ", unescape(client.get(f"/opportunities/{opportunity}").text)).split())
    assert "approved , goes out with the next mail round" in page or "approved, goes out with the next mail round" in page
