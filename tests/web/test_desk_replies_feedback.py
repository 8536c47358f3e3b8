"""Replies on the desk, as the command line has them now: a reply that answers your request for
feedback says where to record what they said (the mail round, Today, and the rejection page the
link opens); a reply confirmed twice (two tabs) and a reply linked to no opportunity are said in
the desk's words, and the latter is confirmed with the opportunity chosen on Today. And the
account form's *Certificate authority file*, kept as `afterview account add --tls-ca-file` keeps
it, with the desk's words for a certificate that is not trusted.

Real SQLite file; the feedback reply is sent and read for real (the desk's Send now to the test
SMTP server, the reply delivered into Dovecot and read by *Check mail now*); Chromium with
axe-core for Today's new parts."""

from __future__ import annotations

import re
import tomllib
from datetime import timedelta
from html import unescape

import pytest

from afterview.domain import model as m
from tests.web.conftest import NOW, csrf_of, draft, read

REJECTION_REPLY = "rejection_reply:o3:p5"  # the demo's reply to Grace Liu, who told you of the rejection


def text_of(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def flash_error(html: str) -> str:
    found = re.search(r'<p class="flash flash-error"[^>]*>(.*?)</p>', html, re.S)
    assert found, "no error line on the page"
    return text_of(found.group(1))


def add_reply(db_url, **fields) -> int:
    defaults = {"kind": m.InboundKind.REPLY, "received_at": NOW - timedelta(hours=2), "person_id": 4,
                "from_address": "marcus.webb@contoso.example", "subject": "Re: Thank you"}

    def add(tx):
        return tx.add(m.Inbound(**{**defaults, **fields})).id

    return read(db_url, add)


# a reply to your request for feedback -----------------------------------------------------------
@pytest.mark.mail
def test_a_reply_to_your_feedback_request_says_where_to_record_it(mail_desk, mail, db_url):
    app, client, csrf = mail_desk(mail_interval=3600)
    message_id = draft(client, csrf, REJECTION_REPLY)
    sent = client.post(f"/drafts/{message_id}", data={"csrf": csrf, "do": "send", "despite": "yes", "anyway": "yes"},
                       follow_redirects=True)
    assert "Sent to grace.liu@fabrikam.example." in text_of(sent.text), text_of(sent.text)[:400]
    header = read(db_url, lambda tx: tx.get(m.Message, message_id).message_id)
    mail.deliver_to_inbox("alice", (
        "From: Grace Liu <grace.liu@fabrikam.example>\nTo: alice@example.test\nSubject: Re: Thank you\n"
        "Date: Thu, 26 Nov 2026 16:00:00 +0000\nMessage-ID: <grace-feedback-1@fabrikam.example>\n"
        f"In-Reply-To: {header}\nReferences: {header}\nContent-Type: text/plain; charset=utf-8\n\n"
        "Hi Alex,\n\nHappy to share: the panel wanted more depth on streaming pipelines.\n\nGrace\n"))
    checked = client.post("/settings/mail/check", data={"csrf": csrf}, follow_redirects=True)
    [reply] = read(db_url, lambda tx: tx.list(m.Inbound))
    assert reply.answers_message_id == message_id
    link = f'<a href="/opportunities/3/rejection?reply={reply.id}#fb-text">record what they said</a>'
    said = text_of(checked.text)
    assert ("Grace Liu's reply answers your rejection reply, which asked for feedback: record what they said"
            in said), said
    assert link in checked.text  # in the flash, and in the last round's line on Settings
    assert checked.text.count(link) == 2
    flashed = text_of(re.search(r'<p class="flash flash-ok"[^>]*>(.*?)</p>', checked.text, re.S).group(1))
    assert flashed.startswith("Mail checked: 1 new reply read; Grace Liu's reply answers"), flashed
    assert "afterview" not in flashed

    app.state.desk.changed()
    today = client.get("/").text
    assert "Grace Liu's reply answers your rejection reply, which asked for feedback:" in text_of(today)
    assert f'href="/opportunities/3/rejection?reply={reply.id}#fb-text"' in today
    # what it means, offered first: the status the process has (it is rejected), not a new round
    assert re.search(rf'id="reply-status-{reply.id}".*?<option value="rejected" selected>', today, re.S)

    page = client.get(f"/opportunities/3/rejection?reply={reply.id}").text
    assert 'id="fb-reply"' in page and "more depth on streaming pipelines" in page
    assert re.search(r'<option value="5" selected>Grace Liu</option>', page)  # From: who replied
    recorded = client.post("/opportunities/3/feedback", data={"csrf": csrf_of(page), "person_id": "5",
                                                             "text": "More depth on streaming pipelines"},
                           follow_redirects=True)
    assert "Feedback recorded." in recorded.text
    assert read(db_url, lambda tx: [(f.person_id, f.text) for f in tx.list(m.Feedback)]) == [
        (5, "More depth on streaming pipelines")]


def test_the_rejection_page_shows_no_reply_it_was_not_sent_about(client, db_url):
    other = add_reply(db_url, opportunity_id=2, classification=m.ReplyClass.OTHER, summary="other: hello")
    page = client.get(f"/opportunities/3/rejection?reply={other}").text
    assert 'id="fb-reply"' not in page  # a reply about another process is not shown beside this form
    assert client.get("/opportunities/3/rejection?reply=abc").status_code == 200


# a reply confirmed twice ------------------------------------------------------------------------
def test_confirming_a_reply_twice_is_said_in_desk_words(client, csrf, db_url):
    reply = add_reply(db_url, opportunity_id=2, classification=m.ReplyClass.REJECTION,
                      summary="rejection: we decided not to move forward")
    client.app.state.desk.changed()
    assert f"/replies/{reply}/confirm" in client.get("/").text  # the first tab and the second show it
    first = client.post(f"/replies/{reply}/confirm", data={"csrf": csrf, "status": "rejected"},
                        follow_redirects=True)
    assert "Status changed to rejected." in first.text
    second = client.post(f"/replies/{reply}/confirm", data={"csrf": csrf, "status": "rejected"},
                         follow_redirects=True)
    assert second.status_code == 200 and second.url.path == "/"
    line = flash_error(second.text)
    assert line == ("The reply from Marcus Webb is already confirmed: Analytics Engineer at Contoso Health is "
                    "rejected; nothing changed (to change its status: Change status, on the opportunity's page)"), line
    opportunity = read(db_url, lambda tx: tx.get(m.Opportunity, 2))
    assert opportunity.status == m.OpportunityStatus.REJECTED
    assert sum(c.status == m.OpportunityStatus.REJECTED for c in opportunity.history) == 1  # recorded once


# a reply linked to no opportunity ---------------------------------------------------------------
def test_a_reply_linked_to_no_opportunity_is_confirmed_with_the_one_chosen(client, csrf, db_url):
    reply = add_reply(db_url, opportunity_id=None, classification=m.ReplyClass.NEEDS_REVIEW,
                      summary="ambiguous: matches 2 candidates; rejection: we decided not to move forward")
    client.app.state.desk.changed()
    today = client.get("/").text
    box = f"reply-opp-{reply}"
    assert f'<label for="{box}">About which opportunity' in today
    assert re.search(rf'<select id="{box}" name="opportunity_id" required aria-describedby="{box}-why">', today)
    said = text_of(today)
    assert "Not linked to an opportunity: it may be about Analytics Engineer at Contoso Health (interviewing)" in said
    assert re.search(r'<optgroup label="It may be about"><option value="2">Analytics Engineer at Contoso Health '
                     r'\(Interviewing\)</option>', today)
    # read as its text says: a rejection
    assert re.search(rf'id="reply-status-{reply}".*?<option value="rejected" selected>', today, re.S)

    refused = client.post(f"/replies/{reply}/confirm", data={"csrf": csrf, "status": "rejected"},
                          follow_redirects=True)
    line = flash_error(refused.text)
    assert line.startswith("The reply from Marcus Webb is not linked to an opportunity: it may be about "
                           "Analytics Engineer at Contoso Health (interviewing)"), line
    assert line.endswith("choose it under About which opportunity, then Confirm, on Today"), line
    assert "afterview" not in line and "--opportunity" not in line
    assert re.search(rf'<select id="{box}" name="opportunity_id" required aria-invalid="true" '
                     rf'aria-describedby="form-error {box}-why">', refused.text)

    gone = client.post(f"/replies/{reply}/confirm", data={"csrf": csrf, "status": "rejected",
                                                         "opportunity_id": "99"}, follow_redirects=True)
    assert gone.status_code == 200 and "That opportunity no longer exists (deleted, perhaps in another tab)" in flash_error(gone.text)

    done = client.post(f"/replies/{reply}/confirm", data={"csrf": csrf, "status": "rejected", "opportunity_id": "2"},
                       follow_redirects=True)
    assert "Status changed to rejected." in done.text
    stored = read(db_url, lambda tx: tx.get(m.Inbound, reply))
    assert stored.opportunity_id == 2 and stored.confirmed
    assert read(db_url, lambda tx: tx.get(m.Opportunity, 2).status) == m.OpportunityStatus.REJECTED


def _feedback_reply(tx) -> None:
    """A rejection reply to Grace Liu sent, and her answer to it (as `sync` records one)."""
    sent = tx.add(m.Message(kind=m.MessageKind.REJECTION_REPLY, channel=m.Channel.EMAIL, person_id=5,
                            opportunity_id=3, action_key=REJECTION_REPLY, subject="Thank you",
                            body="Hi Grace, thank you for letting me know. Could you share any feedback?",
                            state=m.MessageState.SENT, to_address="grace.liu@fabrikam.example",
                            message_id="<sent-1@example.test>", created_at=NOW - timedelta(days=1),
                            sent_at=NOW - timedelta(days=1)))
    tx.add(m.Inbound(kind=m.InboundKind.REPLY, received_at=NOW - timedelta(hours=1), person_id=5, opportunity_id=3,
                     answers_message_id=sent.id, classification=m.ReplyClass.OTHER,
                     from_address="grace.liu@fabrikam.example", subject="Re: Thank you",
                     summary="other: the panel wanted more depth on streaming"))
    tx.add(m.Inbound(kind=m.InboundKind.REPLY, received_at=NOW - timedelta(hours=2), person_id=4,
                     opportunity_id=None, classification=m.ReplyClass.NEEDS_REVIEW,
                     from_address="marcus.webb@contoso.example", subject="Re: Thank you",
                     summary="ambiguous: matches 2 candidates; rejection: we decided not to move forward"))


def test_today_s_replies_in_chromium_with_axe_finding_nothing(browser, live, db_url):
    from tests.web.test_accessibility_browser import axe_page, violations

    read(db_url, _feedback_reply)
    live.app.state.desk.changed()
    context, page = axe_page(browser, live, 1280)
    try:
        found = []
        for width in (1280, 320):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(live.url + "/")
            page.get_by_role("heading", name="Replies to confirm").wait_for()
            found += violations(page)
            assert page.evaluate("document.documentElement.scrollWidth") <= width, width
        page.set_viewport_size({"width": 1280, "height": 900})
        # the unlinked reply, confirmed without choosing: the browser asks first; the desk too
        choose = page.get_by_label("About which opportunity (the reply from Marcus Webb)")
        page.get_by_role("button", name="Confirm (the reply from Marcus Webb)").click()
        assert choose.evaluate("e => e.validity.valueMissing")
        choose.evaluate("e => e.removeAttribute('required')")
        page.get_by_role("button", name="Confirm (the reply from Marcus Webb)").click()
        page.locator("#form-error").wait_for()
        assert "not linked to an opportunity" in page.locator("#form-error").inner_text()
        assert page.get_by_label("About which opportunity (the reply from Marcus Webb)").get_attribute("aria-invalid") == "true"
        found += violations(page)
        page.get_by_label("About which opportunity (the reply from Marcus Webb)").select_option(
            label="Analytics Engineer at Contoso Health (Interviewing)")
        page.get_by_role("button", name="Confirm (the reply from Marcus Webb)").click()
        page.get_by_text("Status changed to rejected.").wait_for()
        # the feedback reply: its link leads to the form, the reply beside it
        page.get_by_role("link", name="record what they said (Grace Liu)").click()
        page.locator("#fb-reply").wait_for()
        assert page.get_by_label("From").input_value() == "5"
        found += violations(page)
        assert found == []
    finally:
        context.close()
    assert read(db_url, lambda tx: tx.get(m.Opportunity, 2).status) == m.OpportunityStatus.REJECTED


# the account form's certificate authority file --------------------------------------------------
ACCOUNT = {"account_name": "home", "account_email": "alice@example.test", "display_name": "Alice Seeker",
           "preset": "", "smtp_host": "127.0.0.1", "smtp_port": "2525", "smtp_tls": "starttls",
           "imap_host": "127.0.0.1", "imap_port": "1143", "imap_tls": "starttls", "user": "alice",
           "tls_ca_file": "", "secret": "env", "password": "", "password_env": "AV_TEST_PASSWORD",
           "password_command": "", "token_command": ""}


def config_of(afterview_home) -> dict:
    path = afterview_home / "config.toml"
    return tomllib.loads(path.read_text()) if path.exists() else {}


@pytest.mark.parametrize("typed, said", [
    ("ca.pem", "Certificate authority file: give the file's full path (such as /home/you/ca.pem), not 'ca.pem'"),
    ("/nowhere/ca.pem", "Certificate authority file: no such file: /nowhere/ca.pem"),
])
def test_a_certificate_authority_file_that_is_not_there_is_refused_at_its_field(client, csrf, afterview_home,
                                                                               typed, said):
    page = client.post("/settings/accounts", data={**ACCOUNT, "csrf": csrf, "tls_ca_file": typed})
    assert page.status_code == 400
    assert text_of(re.search(r'id="form-error">(.*?)</p>', page.text, re.S).group(1)) == said
    assert re.search(r'id="a-ca"[^>]*aria-invalid="true" aria-describedby="form-error a-ca-hint"', page.text)
    assert config_of(afterview_home) == {}


def test_the_certificate_authority_file_is_kept_as_a_full_path(client, csrf, afterview_home, tmp_path, monkeypatch):
    home = tmp_path / "user-home"
    home.mkdir()
    import subprocess  # a real certificate: one that does not load is refused at the field

    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(home / "key.pem"),
                    "-out", str(home / "ca.pem"), "-days", "2", "-subj", "/CN=mail.home.example"],
                   check=True, capture_output=True)
    monkeypatch.setenv("HOME", str(home))
    page = client.post("/settings/accounts", data={**ACCOUNT, "csrf": csrf, "tls_ca_file": "~/ca.pem"},
                       follow_redirects=True)
    assert "Added the mail account home" in page.text
    assert config_of(afterview_home)["accounts"]["home"]["tls_ca_file"] == str(home / "ca.pem")
    settings = client.get("/settings").text
    assert '<label for="a-ca">Certificate authority file</label>' in settings
    assert "Only for a self-hosted server with its own certificate" in settings


@pytest.mark.mail
def test_a_certificate_not_trusted_is_said_with_the_desk_s_way(client, csrf, mail, afterview_home, monkeypatch):
    monkeypatch.setenv("AV_TEST_PASSWORD", mail.users["alice"].password)
    fields = {**ACCOUNT, "csrf": csrf, "smtp_host": mail.host, "smtp_port": str(mail.smtp_port),
              "imap_host": mail.host, "imap_port": str(mail.imap_port)}
    assert "Added the mail account home" in client.post("/settings/accounts", data=fields, follow_redirects=True).text
    page = client.post("/settings/accounts/home/test", data={"csrf": csrf_of(client.get("/settings").text)})
    checks = text_of(re.search(r'<ul class="checks".*?</ul>', page.text, re.S).group(0))
    assert "the server's certificate is not trusted" in checks, checks
    assert ("trust it with its Certificate authority file: remove the account on the Settings page and add it "
            "again, giving that file (the CA certificate, PEM)") in checks
    assert "--tls-ca-file" not in checks and "config.toml" not in checks
    # with the servers' certificate as its file, the same account works
    client.post("/settings/accounts/home/remove", data={"csrf": csrf, "confirm": "yes"})
    added = client.post("/settings/accounts", data={**fields, "tls_ca_file": str(mail.cert_path)},
                        follow_redirects=True)
    assert "Added the mail account home" in added.text
    page = client.post("/settings/accounts/home/test", data={"csrf": csrf_of(added.text)})
    assert "SMTP</strong> works" in page.text and "IMAP</strong> works" in page.text
