"""A note whose send's outcome is unknown, on the desk: never sent twice but at the user's word.

The send is made unknown for real: the desk's own *Send now*, against the test SMTP server told
to drop the connection at DATA (the client cannot know whether the server took it), as
tests/delivery/test_qa_rejection_unknown_outcome.py does with `drop_next`. Real SQLite file,
real SMTP and IMAP. The editor then says it may have arrived (a copy can be missing from Sent
after a crash) and offers two choices: *It arrived — mark it sent* (its action done; a note with
no action is taken off the drafts) and *It did not arrive — send it again* (only with its box
ticked). Approve, Send now, Schedule and the copies out are refused in the desk's words (no
command to type), from the editor and from a card on Today, and nothing goes out. The two
choices are also used in Chromium, with axe-core finding nothing on the page."""

from __future__ import annotations

import re
from datetime import timedelta
from html import unescape

import pytest

from afterview.domain import model as m
from afterview.services import delivery
from tests.web.conftest import NOW, draft, read

pytestmark = pytest.mark.mail

LATE = "thank_you:i4:p6"  # the demo's late note to Ana: its planned moment has passed
SUBJECT = "Thank you - Platform Engineer interview"
TEXT = "Hi Ana,\n\nThank you for the conversation about the migration plan.\n\nBest,\nAlex\n"


def text_of(html: str) -> str:
    """The page's words, without its tags (what a reader is told)."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def post(client, csrf, message_id, do, **fields):
    data = {"csrf": csrf, "do": do, **fields}
    if do == "send":  # Send anyway: Send now asks once about this moment (the demo's day is Thanksgiving)
        data.setdefault("anyway", "yes")
    return client.post(f"/drafts/{message_id}", data=data, follow_redirects=True)


def stored(db_url, message_id) -> m.Message:
    return read(db_url, lambda tx: tx.get(m.Message, message_id))


def unknown_send(client, csrf, mail, db_url, key=LATE) -> tuple[int, object]:
    """Draft the note for `key` on the desk and Send it now, the connection dropped at DATA: its
    outcome is unknown. (The message's id, the page Send now gave.)"""
    message_id = draft(client, csrf, key)
    mail.smtp.drop_next(stage="DATA")
    page = post(client, csrf, message_id, "send", subject=SUBJECT, body=TEXT, despite="yes")
    assert page.status_code == 400, page.text
    message = stored(db_url, message_id)
    assert message.state == m.MessageState.FAILED and delivery.outcome_unknown(message), message.last_error
    assert mail.received == []  # dropped at DATA: nothing arrived here, but the desk cannot know that
    return message_id, page


@pytest.fixture
def desk_with_mail(mail_desk):
    """A desk over the demo with alice's account on the test servers and its mail loop (not
    started: the test runs its rounds), a logged-in client, and its CSRF token."""
    return mail_desk(mail_interval=3600)


def test_send_now_cut_off_says_it_may_have_gone_not_that_it_was_not_sent(desk_with_mail, mail, db_url):
    app, client, csrf = desk_with_mail
    message_id, page = unknown_send(client, csrf, mail, db_url)
    line = text_of(re.search(r'id="form-error">(.*?)</p>', page.text, re.S).group(1))
    assert line.startswith("Not known whether it was sent: the send was interrupted after the server may have "
                           "taken it, and the desk does not send it again on its own."), line
    assert "Not sent" not in line and "afterview" not in line
    assert "Did it arrive?" in text_of(page.text)  # the choices, at once


def test_the_editor_says_it_may_have_arrived_and_offers_two_choices(desk_with_mail, mail, db_url):
    app, client, csrf = desk_with_mail
    message_id, _ = unknown_send(client, csrf, mail, db_url)
    page = client.get(f"/drafts/{message_id}")
    assert page.status_code == 200
    said = text_of(page.text)
    assert "Did it arrive?" in said and "This note may have arrived already." in said
    assert "a copy that went out can be missing there after a crash" in said
    assert "It arrived — mark it sent" in said and "It did not arrive — send it again" in said
    assert "I am sure it did not arrive" in said and "they get a second copy" in said
    assert "Its action is then done, as Done on Today does" in said
    assert 'id="resend" name="resend" value="yes" required' in page.text
    assert 'action="/drafts/%d/arrived"' % message_id in page.text
    assert "Not sent:" not in said  # it may have gone: never said "not sent"
    assert "afterview" not in said.replace("Afterview", "") and "--resend" not in said


@pytest.mark.parametrize("do, fields", [
    ("approve", {}), ("send", {}), ("schedule", {"when": "2026-11-27 09:00"}), ("drafts", {}), ("eml", {}),
])
def test_every_way_out_is_refused_in_desk_words_and_sends_nothing(desk_with_mail, mail, db_url, do, fields):
    app, client, csrf = desk_with_mail
    message_id, _ = unknown_send(client, csrf, mail, db_url)
    page = post(client, csrf, message_id, do, subject=SUBJECT, body=TEXT, despite="yes", **fields)
    assert page.status_code == 400, page.status_code  # a refusal, never a 500
    assert page.headers["content-type"].startswith("text/html")  # no .eml downloaded
    line = text_of(re.search(r'<p class="flash flash-error" role="alert" id="form-error">(.*?)</p>', page.text,
                             re.S).group(1))
    assert line.startswith("The thank-you note to Ana Souza was not "), line
    assert "it may have arrived already" in line and "missing there after a crash" in line
    assert "use It arrived — mark it sent" in line and "tick 'I am sure it did not arrive'" in line
    assert "afterview" not in line and "--resend" not in line and "message " not in line
    # the line is about the box of the choice that sends it again: marked and linked
    assert re.search(r'id="resend"[^>]*aria-invalid="true"', page.text)
    assert '<a href="#resend">Go to the field</a>' in page.text
    message = stored(db_url, message_id)
    assert message.state == m.MessageState.FAILED and delivery.outcome_unknown(message)
    app.state.mail.run_round()
    assert mail.received == [] and mail.messages("alice", "Drafts") == []


def test_its_card_on_today_asks_and_an_approve_from_an_older_page_is_refused(desk_with_mail, mail, db_url):
    app, client, csrf = desk_with_mail
    message_id, _ = unknown_send(client, csrf, mail, db_url)
    today = client.get("/").text
    # its card asks whether it arrived, and offers no Approve or Schedule (Done says it arrived)
    assert f'href="/drafts/{message_id}">Did it arrive? Open the draft' in today
    assert f'action="/drafts/{message_id}"' not in today
    # an Approve from a page opened before the send (another tab): refused, in the desk's words
    page = client.post(f"/drafts/{message_id}", data={"csrf": csrf, "do": "approve", "next": "/"},
                       follow_redirects=True)
    assert page.status_code == 200 and page.url.path == "/"
    line = text_of(re.search(r'<p class="flash flash-error"[^>]*>(.*?)</p>', page.text, re.S).group(1))
    assert line.startswith("The thank-you note to Ana Souza was not approved: it may have arrived already"), line
    assert line.endswith("Open it and choose: It arrived, or It did not arrive (send it again)")
    assert "afterview" not in line
    assert stored(db_url, message_id).state == m.MessageState.FAILED


def test_send_it_again_needs_its_box_then_goes_out_once_more(desk_with_mail, mail, db_url):
    app, client, csrf = desk_with_mail
    message_id, _ = unknown_send(client, csrf, mail, db_url)
    refused = post(client, csrf, message_id, "resend")  # the box not ticked (a browser asks for it first)
    assert refused.status_code == 400
    said = text_of(refused.text)
    assert "Not sent again: tick 'I am sure it did not arrive' first" in said
    assert re.search(r'id="resend"[^>]*aria-invalid="true"', refused.text)
    assert stored(db_url, message_id).state == m.MessageState.FAILED
    app.state.mail.run_round()
    assert mail.received == []

    page = post(client, csrf, message_id, "resend", resend="yes")
    assert page.status_code == 200 and page.url.path == f"/drafts/{message_id}"
    said = text_of(page.text)
    assert "Approved again at your word (you said its first send did not arrive)" in said
    message = stored(db_url, message_id)
    assert message.state in (m.MessageState.APPROVED, m.MessageState.SCHEDULED)
    assert message.note.startswith(delivery.RESENT_NOTE)
    assert "Did it arrive?" not in said  # asked and answered
    app.state.mail.run_round()
    assert len(mail.received) == 1  # the one copy the user asked for
    assert stored(db_url, message_id).state == m.MessageState.SENT
    app.state.mail.run_round()
    assert len(mail.received) == 1


def test_sending_again_a_note_the_review_finds_errors_in_asks_for_its_box_there(desk_with_mail, mail, db_url):
    app, client, csrf = desk_with_mail
    message_id, _ = unknown_send(client, csrf, mail, db_url, "thank_you:i1:p1")  # "Hi Ana" to Priya: an error
    editor = client.get(f"/drafts/{message_id}").text
    assert '<input type="checkbox" id="resend-despite" name="despite" value="yes">' in editor
    refused = post(client, csrf, message_id, "resend", resend="yes")
    assert refused.status_code == 400
    assert "tick 'despite the review's errors' next to It did not arrive" in text_of(refused.text)
    assert re.search(r'id="resend-despite"[^>]*aria-invalid="true"', refused.text)
    assert delivery.outcome_unknown(stored(db_url, message_id))
    sent = post(client, csrf, message_id, "resend", resend="yes", despite="yes")
    assert "Approved again at your word" in text_of(sent.text)


def test_changing_the_text_sent_again_withdraws_it_back_to_the_question(desk_with_mail, mail, db_url):
    # as `afterview approve --withdraw` does: never a plain draft that hides the first send
    app, client, csrf = desk_with_mail
    message_id, _ = unknown_send(client, csrf, mail, db_url)
    post(client, csrf, message_id, "resend", resend="yes")
    saved = post(client, csrf, message_id, "save", subject=SUBJECT, body=TEXT.replace("plan.", "plan, thanks."))
    said = text_of(saved.text)
    assert "it is back to the question whether its first send arrived" in said
    assert "Did it arrive?" in said
    assert delivery.outcome_unknown(stored(db_url, message_id))
    refused = post(client, csrf, message_id, "approve")
    assert refused.status_code == 400 and "it may have arrived already" in text_of(refused.text)
    app.state.mail.run_round()
    assert mail.received == []


def test_it_arrived_marks_it_sent_and_its_action_done(desk_with_mail, mail, db_url):
    app, client, csrf = desk_with_mail
    message_id, _ = unknown_send(client, csrf, mail, db_url)
    page = client.post(f"/drafts/{message_id}/arrived", data={"csrf": csrf}, follow_redirects=True)
    assert page.status_code == 200 and page.url.path == f"/drafts/{message_id}"
    said = text_of(page.text)
    assert "The thank-you note to Ana Souza arrived, you said: it is marked sent and its action done" in said
    assert "Did it arrive?" not in said
    assert stored(db_url, message_id).state == m.MessageState.DONE_ELSEWHERE
    decisions = read(db_url, lambda tx: [(d.action_key, d.kind) for d in tx.list(m.Decision)])
    assert (LATE, m.DecisionKind.DONE) in decisions
    # a second tab says it again: one line, nothing changed, never a 500
    again = client.post(f"/drafts/{message_id}/arrived", data={"csrf": csrf}, follow_redirects=True)
    assert again.status_code == 200
    assert "is marked sent: whether it arrived is not in question, so nothing was changed" in text_of(again.text)
    app.state.mail.run_round()
    assert mail.received == []


def test_it_arrived_takes_a_note_with_no_action_off_the_drafts(desk_with_mail, mail, db_url):
    app, client, csrf = desk_with_mail
    message_id, _ = unknown_send(client, csrf, mail, db_url)

    def no_action(tx):  # a note no action planned (set in the database: the demo plans every note)
        message = tx.get(m.Message, message_id)
        message.action_key = None
        tx.update(message)

    read(db_url, no_action)
    app.state.desk.changed()
    editor = text_of(client.get(f"/drafts/{message_id}").text)
    assert "It is then taken off your drafts, and nothing is sent." in editor
    page = client.post(f"/drafts/{message_id}/arrived", data={"csrf": csrf}, follow_redirects=True)
    assert "arrived, you said: it is taken off your drafts, and nothing is sent again." in text_of(page.text)
    assert stored(db_url, message_id).state == m.MessageState.CANCELLED
    app.state.mail.run_round()
    assert mail.received == []


def test_the_mail_round_names_it_linked_to_its_editor(desk_with_mail, mail, db_url):
    app, client, csrf = desk_with_mail
    message_id = draft(client, csrf, LATE)
    approved = post(client, csrf, message_id, "approve", subject=SUBJECT, body=TEXT, despite="yes")
    assert "Approved: the desk sends it within a minute." in approved.text
    mail.smtp.drop_next(stage="DATA")
    state = app.state.mail.run_round()
    [line] = [x for x in state.problems if "outcome unknown" in x]
    assert line.endswith("so Afterview never sends it again on its own. Open it to say whether it arrived."), line
    assert "afterview " not in line.replace("Afterview", "")
    settings = client.get("/settings").text
    assert f'<a href="/drafts/{message_id}">The thank-you note to Ana Souza</a>: outcome unknown' in settings
    assert delivery.outcome_unknown(stored(db_url, message_id)) and mail.received == []
    app.state.mail.run_round()  # never again on its own
    assert mail.received == []


def test_a_note_whose_outcome_is_known_has_no_such_choice(desk_with_mail, mail, db_url):
    app, client, csrf = desk_with_mail
    message_id = draft(client, csrf, LATE)
    page = client.get(f"/drafts/{message_id}").text
    assert "Did it arrive?" not in page and "/arrived" not in page
    refused = client.post(f"/drafts/{message_id}/arrived", data={"csrf": csrf}, follow_redirects=True)
    assert "is drafted: whether it arrived is not in question, so nothing was changed" in text_of(refused.text)
    assert stored(db_url, message_id).state == m.MessageState.DRAFTED


# in Chromium ------------------------------------------------------------------------------------
@pytest.fixture
def two_unknown(mail_desk, mail, db_url):
    """Two notes sent with Send now, each connection dropped at DATA: (note to Ana, note to Priya)."""
    app, client, csrf = mail_desk(mail_interval=3600)
    first, _ = unknown_send(client, csrf, mail, db_url, LATE)
    second, _ = unknown_send(client, csrf, mail, db_url, "thank_you:i1:p1")
    return first, second


def test_the_two_choices_in_chromium_with_axe_finding_nothing(browser, two_unknown, mail, db_url):
    from tests.web.live import login, serve, wait_for_focus
    from tests.web.test_accessibility_browser import AXE, violations

    resend_id, arrived_id = two_unknown
    with serve(db_url, demo=False) as live:
        found = []
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.add_init_script(path=str(AXE))  # (the login link works once: one browser context)
        page = context.new_page()
        try:
            login(page, live)
            for width in (320, 1280):
                page.set_viewport_size({"width": width, "height": 900})
                page.goto(f"{live.url}/drafts/{resend_id}")
                page.get_by_role("heading", name="Did it arrive?").wait_for()
                found += violations(page)
                assert page.evaluate("document.documentElement.scrollWidth") <= width, width
            again = page.get_by_role("button", name="It did not arrive — send it again")
            again.click()  # the box not ticked: the browser asks for it, nothing is sent
            assert page.evaluate("document.getElementById('resend').validity.valueMissing")
            assert page.url == f"{live.url}/drafts/{resend_id}"
            assert stored(db_url, resend_id).state == m.MessageState.FAILED
            page.get_by_label("I am sure it did not arrive").check()
            again.click()
            page.get_by_text("Approved again at your word").wait_for()
            found += violations(page)
            assert stored(db_url, resend_id).state in (m.MessageState.APPROVED, m.MessageState.SCHEDULED)

            page.goto(f"{live.url}/drafts/{arrived_id}")
            assert page.get_by_role("button", name="Approve", exact=True).count() == 0  # refused ways not offered
            page.evaluate("document.getElementById('resend').required = false")  # the desk refuses it too
            page.get_by_role("button", name="It did not arrive — send it again").click()
            page.locator("#form-error").wait_for()
            line = page.locator("#form-error").inner_text()
            assert "tick 'I am sure it did not arrive' first" in line and "afterview" not in line
            found += violations(page)
            page.get_by_role("link", name="Go to the field").click()  # the keyboard reaches the choice
            assert wait_for_focus(page, "#resend")
            page.get_by_role("button", name="It arrived — mark it sent").click()
            page.get_by_text("arrived, you said: it is marked sent").wait_for()
            found += violations(page)
            assert stored(db_url, arrived_id).state == m.MessageState.DONE_ELSEWHERE
        finally:
            context.close()
        assert found == []
        # the one the user said did not arrive goes out once more; the other never does
        the_desk = live.app.state.desk
        # at its moment (two days on, the outbox would review a moment long passed: services.delivery)
        due = stored(db_url, resend_id).scheduled_at or NOW
        report = delivery.send_due(the_desk.store, now=max(due, NOW) + timedelta(minutes=1),
                                   accounts=the_desk.accounts(), playbook=the_desk.playbook())
    assert report.sent == [resend_id]
    assert len(mail.received) == 1
