"""The desk's two missing pieces of delivery, against the real SMTP and Dovecot servers.

1. A note copied out (to the mailbox's Drafts folder, an .eml file) is sent by SMTP instead from
   its editor, as `afterview approve ID --smtp-instead` does: its copy in Drafts is removed first,
   it is approved behind the same review gate as Approve, and it then arrives once. A copy already
   sent from Drafts is marked sent, a mailbox that cannot be reached changes nothing, and a note
   not copied out, gone or unknown is refused in one line.
2. An account that cannot send (its login refused, its password unreadable, its server down):
   Send now and the desk's mail round say in one line that nothing was sent because of the
   account, to check it on the Settings page, and that the note waits; nothing fails for it.
"""

from __future__ import annotations

import html
import re

import pytest

from afterview.domain import model as m
from tests.web.conftest import draft, read
from tests.web.live import serve

pytestmark = pytest.mark.mail

ANA = "thank_you:i4:p6"  # the demo's late note to Ana: its planned moment has passed
PRIYA = "thank_you:i1:p1"  # planned for Friday morning
TEXT = "Hi {first},\n\nThank you for the conversation about the migration plan.\n\nBest,\nAlex\n"
COMMAND = re.compile(r"\bafterview [a-z][a-z-]*")


def lines(page) -> list[str]:
    """What a page says to the user: its flash lines and the form's error line, as text."""
    text = page if isinstance(page, str) else page.text
    found = re.findall(r'<p class="flash[^"]*"[^>]*>(.*?)</p>', text, re.S)
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", "", line)).split()) for line in found]


def one_line(page) -> str:
    """The one line a page says, after checking that no traceback or command to type reaches it."""
    text = page if isinstance(page, str) else page.text
    shown = html.unescape(re.sub(r"<[^>]+>", " ", text))
    assert "Traceback" not in shown and not COMMAND.findall(shown), COMMAND.findall(shown)
    said = lines(text)
    assert len(said) == 1, said
    return said[0]


def stored(db_url, message_id) -> m.Message:
    return read(db_url, lambda tx: tx.get(m.Message, message_id))


def readdress(db_url, person_id, address) -> None:
    """Give a demo person a mailbox on the test server, so that a note to them really arrives."""
    def change(tx):
        person = tx.get(m.Person, person_id)
        person.emails = [address]
        tx.update(person)

    read(db_url, change)


def submit(client, csrf, message_id, do, *, first="Ana", despite=True, **extra):
    data = {"csrf": csrf, "do": do, "subject": "Thank you - Data Analyst interview", "body": TEXT.format(first=first),
            **extra}
    if despite:
        data["despite"] = "yes"
    if do == "send":  # Send anyway: the demo's day is Thanksgiving, which Send now asks about once
        data.setdefault("anyway", "yes")
    return client.post(f"/drafts/{message_id}", data=data, follow_redirects=True)


def send_now(page) -> None:
    """Send now, then Send anyway when it asks once (warnings about this moment: a US holiday)."""
    page.get_by_role("button", name="Send now").click()
    page.locator(".flash").first.wait_for()
    anyway = page.get_by_role("button", name="Send anyway")
    if anyway.count():
        anyway.click()
        page.wait_for_load_state()


def put_in_sent(mail, raw: bytes) -> None:
    """The user sent the copy from their mail program: it is in their Sent folder."""
    client = mail.imap("alice")
    try:
        client.append("Sent", raw, flags=[b"\\Seen"])
    finally:
        client.logout()


@pytest.fixture
def desk(mail_desk, db_url):
    """A desk with alice's account on the test servers and its mail loop (not started: the test
    runs its rounds); Ana's address is bob's mailbox, Priya's carol's."""
    readdress(db_url, 6, "bob@example.test")
    readdress(db_url, 1, "carol@example.test")
    return mail_desk(mail_interval=3600)


@pytest.fixture
def in_drafts(desk, mail, db_url):
    """Ana's note drafted and placed in alice's Drafts folder from its editor: (app, client, csrf, id)."""
    app, client, csrf = desk
    message_id = draft(client, csrf, ANA)
    placed = submit(client, csrf, message_id, "drafts")
    assert "Placed in your mailbox's Drafts folder" in html.unescape(placed.text), lines(placed)
    assert len(mail.messages("alice", "Drafts")) == 1
    return app, client, csrf, message_id


# 1. sending a copied-out note by SMTP instead --------------------------------------------------
def test_a_note_in_drafts_is_sent_by_smtp_instead_once_and_its_drafts_copy_is_gone(in_drafts, mail, db_url):
    app, client, csrf, message_id = in_drafts
    editor = client.get(f"/drafts/{message_id}").text
    assert 'id="smtp-instead"' in editor and 'value="smtp_instead"' in editor
    assert "first removes that copy from your Drafts folder" in editor
    [copy] = mail.messages("alice", "Drafts")

    page = submit(client, csrf, message_id, "smtp_instead")
    assert page.status_code == 200
    assert one_line(page) == ("Its copy in your Drafts folder was removed, so it cannot go out from there too. "
                              "Approved: the desk sends it within a minute.")
    assert mail.messages("alice", "Drafts") == []  # gone from the real mailbox
    assert mail.received == []  # approving sends nothing by itself
    note = stored(db_url, message_id)
    assert note.state == m.MessageState.APPROVED and note.note.startswith("approved for SMTP instead of the copy")
    assert 'id="smtp-instead"' not in page.text  # no longer a copy out there

    state = app.state.mail.run_round()
    assert state.said == ["sent 1"] and state.problems == []
    assert len(mail.received) == 1 and mail.received[0].rcpt_tos == ["bob@example.test"]
    [arrived] = mail.messages("bob")
    assert arrived["Message-ID"] == copy["Message-ID"] == note.message_id  # the same message, once
    assert stored(db_url, message_id).state == m.MessageState.SENT
    app.state.mail.run_round()
    assert len(mail.received) == 1 and len(mail.messages("bob")) == 1 and mail.messages("alice", "Drafts") == []


def test_sent_by_smtp_instead_it_waits_for_the_planned_moment_and_send_now_sends_it(desk, mail, db_url):
    app, client, csrf = desk
    message_id = draft(client, csrf, PRIYA)
    submit(client, csrf, message_id, "drafts", first="Priya")
    page = submit(client, csrf, message_id, "smtp_instead", first="Priya")
    assert one_line(page) == ("Its copy in your Drafts folder was removed, so it cannot go out from there too. "
                              "Approved: it goes out Fri 27 Nov 08:00 (your time), the planned moment. "
                              "Send now sends it at once.")
    assert stored(db_url, message_id).state == m.MessageState.SCHEDULED
    assert app.state.mail.run_round().said == ["nothing to send, no new replies"]  # not before its moment
    sent = submit(client, csrf, message_id, "send", first="Priya")
    assert one_line(sent) == "Sent to carol@example.test."
    assert len(mail.messages("carol")) == 1 and mail.messages("alice", "Drafts") == []


def test_approve_on_a_copied_out_note_names_the_desks_way_to_send_it_by_smtp(in_drafts, mail, db_url):
    app, client, csrf, message_id = in_drafts
    refused = submit(client, csrf, message_id, "approve")
    assert refused.status_code == 400
    line = one_line(refused)
    assert line.startswith("The thank-you note to Ana Souza was already placed in Drafts of home")
    assert line.endswith("; or use Send by SMTP instead (the copy in Drafts is removed first)")
    # Approve on Today: the note is to be opened first
    today = client.post(f"/drafts/{message_id}", data={"csrf": csrf, "do": "approve", "next": "/"},
                        follow_redirects=True)
    assert "or open it and use Send by SMTP instead (the copy in Drafts is removed first)" in one_line(today)
    assert stored(db_url, message_id).state == m.MessageState.DRAFTED and len(mail.messages("alice", "Drafts")) == 1


def test_a_draft_with_review_errors_needs_the_despite_box(in_drafts, mail, db_url):
    app, client, csrf, message_id = in_drafts
    refused = submit(client, csrf, message_id, "smtp_instead", first="Priya", despite=False)  # the wrong name
    assert refused.status_code == 400
    line = one_line(refused)
    assert line.startswith("The thank-you note to Ana Souza has 1 error (wrong-name)")
    assert line.endswith("tick 'despite the review's errors' to send it by SMTP as it is")
    assert "Hi Priya" in refused.text  # the text as typed, kept in the form ...
    note = stored(db_url, message_id)  # ... and nothing changed: neither the note nor its copy in Drafts
    assert note.state == m.MessageState.DRAFTED and note.note.startswith("placed in Drafts")
    assert "Hi Ana" in note.body and len(mail.messages("alice", "Drafts")) == 1

    page = submit(client, csrf, message_id, "smtp_instead", first="Priya", despite=True)
    assert "Its copy in your Drafts folder was removed" in one_line(page)
    assert mail.messages("alice", "Drafts") == []
    note = stored(db_url, message_id)
    assert note.state == m.MessageState.APPROVED and "Hi Priya" in note.body  # the text as typed goes out


def test_a_copy_already_sent_from_drafts_is_marked_sent_and_not_sent_again(in_drafts, mail, db_url):
    app, client, csrf, message_id = in_drafts
    [raw] = mail.raw_messages("alice", "Drafts")
    put_in_sent(mail, raw)
    refused = submit(client, csrf, message_id, "smtp_instead")
    assert refused.status_code == 409
    assert one_line(refused) == ("The thank-you note to Ana Souza was already sent from your mail program (found in "
                                 "your Sent folder): marked sent, not approved")
    assert stored(db_url, message_id).state == m.MessageState.SENT
    app.state.mail.run_round()
    assert mail.received == []


def test_a_mailbox_that_cannot_be_reached_changes_nothing(in_drafts, mail, db_url, monkeypatch):
    app, client, csrf, message_id = in_drafts
    monkeypatch.setenv("AV_TEST_PASSWORD", "wrong")  # the IMAP login is refused
    refused = submit(client, csrf, message_id, "smtp_instead", first="Ana")
    assert refused.status_code == 409
    line = one_line(refused)
    assert line.startswith("Not sent by SMTP, and nothing changed: its copy in your Drafts folder could not be "
                           "removed (IMAP 127.0.0.1: authentication failed for alice")
    assert line.endswith("and it might still be sent from there. Check the account on the Settings page (Test the "
                         "connection), then try again")
    note = stored(db_url, message_id)
    assert note.state == m.MessageState.DRAFTED and note.note.startswith("placed in Drafts")
    assert len(mail.messages("alice", "Drafts")) == 1 and mail.received == []


def test_an_eml_download_cannot_be_taken_back_and_the_page_says_so(desk, mail, db_url):
    app, client, csrf = desk
    message_id = draft(client, csrf, ANA)
    downloaded = client.post(f"/drafts/{message_id}", data={"csrf": csrf, "do": "eml", "despite": "yes",
                                                             "subject": "Thank you", "body": TEXT.format(first="Ana")})
    assert downloaded.headers["content-type"].startswith("message/rfc822")
    editor = client.get(f"/drafts/{message_id}").text
    assert "A copy of this note was downloaded as an .eml file" in editor and "do not send it too" in editor
    page = submit(client, csrf, message_id, "smtp_instead")
    assert one_line(page) == ("It was downloaded as an .eml file: that copy cannot be taken back, so do not send it "
                              "too. Approved: the desk sends it within a minute.")
    app.state.mail.run_round()
    assert len(mail.messages("bob")) == 1


def test_bad_requests_say_one_line_with_their_status_and_change_nothing(desk, mail, db_url):
    app, client, csrf = desk
    unknown = client.post("/drafts/999", data={"csrf": csrf, "do": "smtp_instead", "body": "x"})
    # said in the desk's words, never by its number (test_deskfix_words.py)
    assert unknown.status_code == 404 and "Nothing was changed: this note no longer exists" in unknown.text
    assert "Traceback" not in unknown.text

    message_id = draft(client, csrf, ANA)  # a draft never copied out
    body = stored(db_url, message_id).body
    refused = submit(client, csrf, message_id, "smtp_instead")
    assert refused.status_code == 409
    assert one_line(refused) == ("The thank-you note to Ana Souza was not copied out (to your Drafts folder, an .eml "
                                 "file or a link): use Approve or Send now to send it by SMTP")
    note = stored(db_url, message_id)
    assert note.state == m.MessageState.DRAFTED and note.body == body and note.note == ""  # not even the text saved

    submit(client, csrf, message_id, "send")  # sent: the button of a page left open is pressed again
    assert stored(db_url, message_id).state == m.MessageState.SENT
    again = submit(client, csrf, message_id, "smtp_instead")
    assert again.status_code == 409
    assert one_line(again) == ("The thank-you note to Ana Souza is sent already: there is no copy of it to send by "
                               "SMTP instead")
    assert len(mail.received) == 1 and stored(db_url, message_id).state == m.MessageState.SENT


# 2. an account that cannot send ---------------------------------------------------------------
def test_send_now_with_the_login_refused_says_the_account_and_the_note_waits(desk, mail, db_url, monkeypatch):
    app, client, csrf = desk
    message_id = draft(client, csrf, ANA)
    monkeypatch.setenv("AV_TEST_PASSWORD", "wrong")
    page = submit(client, csrf, message_id, "send")
    assert page.status_code == 400
    line = one_line(page)  # one line: the note's own "waiting" line is not said twice
    assert line.startswith("Not sent: the mail account home cannot send: SMTP 127.0.0.1: authentication failed for "
                           "alice: 535")
    assert line.endswith("Check it on the Settings page (Test the connection); the note stays approved and goes out "
                         "once the account works, with no new approval.")
    assert "wrong" not in page.text and mail.received == []
    note = stored(db_url, message_id)
    assert note.state in (m.MessageState.APPROVED, m.MessageState.SCHEDULED)
    assert note.last_error.startswith("waiting for its account: ")
    editor = client.get(f"/drafts/{message_id}").text  # reopened later: it still says why, in the desk's words
    assert one_line(editor).startswith("Not sent yet: waiting for its account: SMTP 127.0.0.1: authentication failed")
    app.state.desk.changed()
    today = client.get("/").text
    assert "waiting for its account</span>" in today and "once the account works" in today

    monkeypatch.setenv("AV_TEST_PASSWORD", mail.users["alice"].password)  # fixed: it goes out, no new approval
    assert app.state.mail.run_round().said == ["sent 1"]
    assert len(mail.messages("bob")) == 1 and stored(db_url, message_id).state == m.MessageState.SENT


def test_send_now_with_the_server_down_says_the_account_and_when_it_is_tried_again(mail_desk, mail, db_url,
                                                                                    afterview_home):
    from tests.fixtures.util import free_port

    app, client, csrf = mail_desk(mail_interval=3600)
    (afterview_home / "config.toml").write_text(mail.account_toml("home", extra="rate_per_minute = 0\n").replace(
        f"smtp_port = {mail.smtp_port}", f"smtp_port = {free_port()}"))
    message_id = draft(client, csrf, ANA)
    page = submit(client, csrf, message_id, "send")
    line = one_line(page)
    assert line.startswith("Not sent: the mail account home cannot reach its server: SMTP 127.0.0.1:")
    assert "connection refused" in line
    assert re.search(r"Check it on the Settings page \(Test the connection\); the note stays approved and is tried "
                     r"again at \d\d:\d\d\.$", line), line
    assert stored(db_url, message_id).state == m.MessageState.SCHEDULED and mail.received == []


def test_the_mail_round_says_an_unreadable_password_in_one_line(desk, mail, db_url, monkeypatch):
    app, client, csrf = desk
    message_id = draft(client, csrf, ANA)
    submit(client, csrf, message_id, "approve")
    monkeypatch.delenv("AV_TEST_PASSWORD")
    page = client.post("/settings/mail/check", data={"csrf": csrf}, follow_redirects=True)
    said = lines(page)
    assert said[0] == ("Nothing was sent from the mail account home, which cannot send: environment variable "
                       "AV_TEST_PASSWORD is not set. Check it on the Settings page (Test the connection); the "
                       "thank-you note to Ana Souza waits, still approved, and goes out once the account works, "
                       "with no new approval.")
    assert said[-1] == "Mail checked: nothing sent."
    shown = html.unescape(re.sub(r"<[^>]+>", " ", page.text))
    assert "Traceback" not in shown and not COMMAND.findall(shown)
    settings = html.unescape(client.get("/settings").text)  # the last round, on the Settings page
    assert said[0] in " ".join(re.sub(r"<[^>]+>", " ", settings).split())
    assert not COMMAND.findall(re.sub(r"<code>[^<]*</code>", "", settings))
    assert stored(db_url, message_id).state == m.MessageState.APPROVED and mail.received == []


# in Chromium ---------------------------------------------------------------------------------
@pytest.fixture
def alice(afterview_home, mail, monkeypatch):
    monkeypatch.setenv("AV_TEST_PASSWORD", mail.users["alice"].password)
    (afterview_home / "config.toml").write_text(mail.account_toml("home", extra="rate_per_minute = 0\n"))
    return mail


def test_in_the_browser_a_note_in_drafts_is_sent_by_smtp_instead(page, alice, db_url, tmp_path):
    mail = alice
    with serve(db_url) as live:
        readdress(db_url, 6, "bob@example.test")
        page.goto(live.login_url)
        page.wait_for_url(f"{live.url}/")
        page.locator("article.action", has_text="Thank-you note to Ana Souza").get_by_role("button",
                                                                                          name="Draft").click()
        page.wait_for_url(re.compile(r"/drafts/\d+$"))
        page.get_by_role("button", name="Send to my Drafts folder").click()
        page.locator(".flash").wait_for()
        assert len(mail.messages("alice", "Drafts")) == 1
        block = page.locator("#smtp-instead")
        assert "first removes that copy from your Drafts folder" in block.inner_text()
        page.screenshot(path=str(tmp_path / "smtp-instead-before.png"), full_page=True)

        block.get_by_role("button", name="Send by SMTP instead").click()
        page.locator(".flash").wait_for()
        assert "Its copy in your Drafts folder was removed" in page.locator(".flash").inner_text()
        assert mail.messages("alice", "Drafts") == [] and page.locator("#smtp-instead").count() == 0
        page.screenshot(path=str(tmp_path / "smtp-instead-after.png"), full_page=True)

        send_now(page)
        page.wait_for_selector(".flash >> text=Sent to bob@example.test.")
        assert len(mail.messages("bob")) == 1 and len(mail.received) == 1



def test_in_the_browser_send_now_with_the_login_refused_says_the_account_in_one_line(page, alice, db_url, tmp_path,
                                                                                     monkeypatch):
    with serve(db_url) as live:
        page.goto(live.login_url)
        page.wait_for_url(f"{live.url}/")
        page.locator("article.action", has_text="Thank-you note to Ana Souza").get_by_role("button",
                                                                                          name="Draft").click()
        page.wait_for_url(re.compile(r"/drafts/\d+$"))
        monkeypatch.setenv("AV_TEST_PASSWORD", "wrong")
        send_now(page)
        page.locator("#form-error", has_text="Not sent:").wait_for()
        page.screenshot(path=str(tmp_path / "send-now-account.png"), full_page=True)
        [line] = page.locator(".flash").all_inner_texts()
        assert line.startswith("Not sent: the mail account home cannot send: SMTP 127.0.0.1: authentication failed")
        assert "Check it on the Settings page (Test the connection)" in line and "stays approved" in line
        assert alice.received == []
