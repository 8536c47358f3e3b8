"""A form refused before it could be saved keeps what was typed (found by a tester: after the desk
was started again, Save answered "Please log in", and a page opened before logging in again
answered "Form expired ... reload the page and try again", a page with no menu and no link; the
text typed was gone either way). The page says that nothing was saved and shows what was typed in
the form's free-text fields, escaped and read-only, to copy: never a password or a hidden field.
To a session the desk knows, the page has the desk's menu and a link back to the form's page."""

from __future__ import annotations

import html
import re

from tests.web.conftest import TOKEN, client_for, csrf_of, draft, make_app

TYPED = "Dear Priya,\n\nGrüße aus Köln – 東京 too.\n</textarea><script>alert(1)</script>"


def typed_fields(page: str) -> dict[str, str]:
    """The read-only copies on a refusal page: {label: text}."""
    section = re.search(r'<section class="typed-back"[^>]*>(.*?)</section>', page, re.S)
    assert section, "no copy of what was typed"
    found = {}
    for ident, label in re.findall(r'<label for="(typed-\d+)">([^<]*)</label>', section.group(1)):
        area = re.search(rf'<textarea id="{ident}" dir="auto" rows="\d+" readonly>(.*?)</textarea>', section.group(1),
                         re.S)
        assert area, f"{ident} is not a read-only text area"
        found[html.unescape(label)] = html.unescape(area.group(1))
    return found


def lead(page: str) -> str:
    return html.unescape(re.search(r'<p class="lead"[^>]*>(.*?)</p>', page, re.S).group(1))


def test_a_form_sent_after_the_desk_was_started_again_shows_what_was_typed(db_url, client, csrf):
    message_id = draft(client, csrf)
    # the desk started again: a new app over the same database; the browser's cookie names no session now
    restarted = make_app(db_url, demo=False)
    browser = client_for(restarted)
    browser.cookies = client.cookies
    refused = browser.post(f"/drafts/{message_id}", data={
        "csrf": csrf, "once": "a" * 22, "version": "v-123", "do": "save", "subject": "Thank you, Priya",
        "body": TYPED, "when": "tomorrow 9:00", "next": "/secret-next"},
        headers={"sec-fetch-site": "same-origin"})  # from a page of the desk, as the browser says
    assert refused.status_code == 401
    assert lead(refused.text).startswith("Nothing was saved: the desk does not know this browser any more (it was "
                                         "started again, or you logged out). Copy what you typed from below;")
    assert typed_fields(refused.text) == {"Subject": "Thank you, Priya", "Message": TYPED}
    # escaped, and nothing else of the form: its tokens, its version, where it goes back to
    assert "<script>alert(1)</script>" not in refused.text
    for hidden in (csrf, "a" * 22, "v-123", "/secret-next", "tomorrow 9:00"):
        assert hidden not in refused.text
    assert 'aria-label="Main"' not in refused.text and "Log out" not in refused.text  # not logged in: no menu
    headers = refused.headers
    assert "frame-ancestors 'none'" in headers["content-security-policy"] and headers["x-frame-options"] == "DENY"
    assert "script-src 'self'" in headers["content-security-policy"] and headers["cache-control"] == "no-store"
    # a page asked for (not a form): as before, nothing about a form
    asked = browser.get("/")
    assert asked.status_code == 401 and "Nothing was saved" not in asked.text and "typed-back" not in asked.text


def test_a_stale_page_of_a_known_session_keeps_the_menu_and_a_way_back(client, csrf):
    message_id = draft(client, csrf)
    refused = client.post(f"/drafts/{message_id}", data={"csrf": "from-before-the-restart", "do": "save",
                                                         "subject": "Thank you", "body": TYPED})
    assert refused.status_code == 403
    page = refused.text
    assert lead(page).startswith("Nothing was saved: this form comes from a page opened before the desk was started "
                                 "again, or before you logged in again")
    assert typed_fields(page) == {"Subject": "Thank you", "Message": TYPED}
    assert 'aria-label="Main"' in page and "Log out" in page  # the desk's menu
    assert f'<a href="/drafts/{message_id}">Open the page again</a>' in page and '<a href="/">Back to Today</a>' in page
    assert csrf_of(page) == csrf  # the menu's Log out works
    assert "<script>alert(1)</script>" not in page
    # no missing token either
    assert client.post(f"/drafts/{message_id}", data={"do": "save", "body": "x"}).status_code == 403


def test_cards_and_rows_are_numbered_in_the_forms_order_and_secrets_are_never_shown(client, csrf):
    cards = client.post("/interviews/1/debrief", data={
        "csrf": "stale", "version_2": "abc", "topics_2": "Kafka migration", "concerns_2": "no German -> B1 classes",
        "decision_date_2": "next Friday", "topics_1": "Data contracts", "next_steps_1": "Second round"})
    assert cards.status_code == 403
    assert typed_fields(cards.text) == {
        "Topics you discussed (card 1)": "Kafka migration", "Their concerns (card 1)": "no German -> B1 classes",
        "Topics you discussed (card 2)": "Data contracts", "Next steps, as stated (card 2)": "Second round"}
    capture = client.post("/capture", data={
        "csrf": "stale", "company": "Cyberdyne Systems", "role": "ML Engineer", "date": "2026-11-27", "start": "11:00",
        "format": "video", "name_1": "Miles Dyson", "email_1": "miles@cyberdyne.example", "role_1": "hiring_manager",
        "name_2": "Sarah Connor", "title_2": "Security"})
    assert typed_fields(capture.text) == {
        "Company": "Cyberdyne Systems", "Role": "ML Engineer", "Name 1": "Miles Dyson",
        "Email 1": "miles@cyberdyne.example", "Name 2": "Sarah Connor", "Title 2": "Security"}
    news = client.post("/news", data={"csrf": "stale", "title": "Passed the exam", "company": "3", "kind": "achievement"})
    assert typed_fields(news.text) == {"Title": "Passed the exam"}  # a company chosen from a list is no text typed
    account = client.post("/settings/accounts", data={
        "csrf": "stale", "account_name": "home", "password": "hunter2-secret", "password_command": "pass show mail",
        "token_command": "oauth2 get", "password_env": "MAIL_PW", "user": "alex"})
    assert account.status_code == 403
    for secret in ("hunter2-secret", "pass show mail", "oauth2 get", "MAIL_PW"):
        assert secret not in account.text
    assert "typed-back" not in account.text  # nothing typed to keep


def test_an_upload_refused_shows_its_text_fields_not_its_file(client):
    sent = client.post("/imports/preview", data={"csrf": "stale", "kind": "csv", "note": "from my tracker"},
                       files={"file": ("tracker.csv", b"Company,Role\nSecretCo,Engineer\n", "text/csv")})
    assert sent.status_code == 403
    assert typed_fields(sent.text) == {"Note": "from my tracker"}
    assert "SecretCo" not in sent.text


def test_the_live_review_is_answered_in_json_when_refused(app, client, csrf):
    stale = client.post("/api/review", json={"body": "x"}, headers={"X-CSRF-Token": "old"})
    assert stale.status_code == 403 and stale.headers["content-type"].startswith("application/json")
    assert "older than the desk's session" in stale.json()["error"]
    stranger = client_for(app).post("/api/review", json={"body": "x"}, headers={"X-CSRF-Token": csrf})
    assert stranger.status_code == 401 and "does not know this browser" in stranger.json()["error"]


def test_logging_in_again_still_works_after_a_refused_form(db_url):
    app = make_app(db_url)
    browser = client_for(app)
    browser.post("/drafts/1", data={"csrf": "x", "body": "typed"})
    assert browser.get(f"/login?token={TOKEN}", follow_redirects=False).status_code == 303
