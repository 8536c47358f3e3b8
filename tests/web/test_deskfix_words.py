"""What the desk says when something changed in another tab, and a few lines that said too little
(found by a tester driving the desk with many tabs): a record deleted elsewhere is said in the
desk's words, never by its internal id, with a link on; a note discarded elsewhere is named, with
the right verb; a text changed meanwhile links to its editor; Approve on a card names its note
and where Send now is; a topic too long says which; each card of the cards page is a heading;
the live review's limit is said with its numbers."""

from __future__ import annotations

import html
import re

from afterview.domain import model as m
from tests.web.conftest import HOSTS, NOW, TOKEN, client_for, csrf_of, draft, landing, read


def lead(page: str) -> str:
    """An error page's line, as text (its links' words kept)."""
    found = re.search(r'<p class="lead"[^>]*>(.*?)</p>', page, re.S)
    assert found, "no error line"
    return html.unescape(re.sub(r"<[^>]+>", "", found.group(1)))


def error_line(page: str) -> str:
    found = re.search(r'id="form-error">(.*?)</p>', page, re.S)
    assert found, "no error line"
    return html.unescape(re.sub(r"<[^>]+>", "", found.group(1)))


def flashes(page: str) -> list[str]:
    return [html.unescape(re.sub(r"<[^>]+>", "", text))
            for text in re.findall(r'<p class="flash[^"]*"[^>]*>(.*?)</p>', page, re.S)]


def test_a_news_item_deleted_in_another_tab_is_said_in_the_desks_words(client, csrf, db_url):
    added = client.post("/news", data={"csrf": csrf, "title": "Gave a talk", "kind": "achievement", "tags": "x"},
                        follow_redirects=False)
    assert added.status_code == 303
    item = read(db_url, lambda tx: max(n.id for n in tx.list(m.NewsItem)))
    form = {"csrf": csrf, "confirm": "yes"}
    assert client.post(f"/news/{item}/delete", data=form, follow_redirects=False).status_code == 303  # tab A
    again = client.post(f"/news/{item}/delete", data=form)  # tab B, opened before
    assert again.status_code == 404
    assert lead(again.text) == ("Nothing was changed: this news item no longer exists (deleted, perhaps in another "
                                "tab). Go to News.")
    assert '<a href="/news">Go to News</a>' in again.text
    assert "with id" not in again.text and f" {item}" not in lead(again.text)


def test_an_interview_deleted_in_another_tab_is_said_in_the_desks_words(client, csrf):
    delete = {"csrf": csrf, "confirm": "yes"}
    assert client.post("/interviews/1/delete", data=delete, follow_redirects=False).status_code == 303
    again = client.post("/interviews/1/delete", data=delete)
    assert again.status_code == 404
    assert lead(again.text) == ("Nothing was changed: this interview no longer exists (deleted, perhaps in another "
                                "tab). Go to Pipeline.")
    for path in ("/interviews/1/edit", "/interviews/1/debrief"):
        page = client.get(path)
        assert page.status_code == 404
        assert lead(page.text) == ("There is no such interview: it may have been deleted, perhaps in another tab. "
                                   "Go to Pipeline.")
    saved = client.post("/interviews/1/debrief", data={"csrf": csrf, "topics_1": "Kafka"})
    assert saved.status_code == 404 and "no interview with id" not in saved.text
    assert "no such record" not in client.get("/opportunities/abc").text


def test_a_note_discarded_twice_is_named_not_numbered(client, csrf, db_url):
    message_id = draft(client, csrf)
    form = {"csrf": csrf, "confirm": "yes"}
    assert landing(client.post(f"/drafts/{message_id}/discard", data=form, follow_redirects=False)) == "/drafts"
    again = client.post(f"/drafts/{message_id}/discard", data=form, follow_redirects=False)
    assert landing(again) == "/drafts"
    said = flashes(client.get(again.headers["location"]).text)
    assert said == ["Not discarded again: the thank-you note to Priya Raman was discarded already (perhaps in another "
                    "tab); nothing was changed."]
    assert read(db_url, lambda tx: tx.get(m.Message, message_id).state) == m.MessageState.CANCELLED


def test_a_note_discarded_elsewhere_is_refused_with_the_buttons_own_verb(client, csrf, db_url):
    message_id = draft(client, csrf)
    client.post(f"/drafts/{message_id}/discard", data={"csrf": csrf, "confirm": "yes"})  # in another tab
    typed = "Hi Priya,\n\nThank you for the talk about the streaming jobs. Typed in the old tab."
    for do, verb in (("approve", "approved"), ("save", "saved"), ("send", "sent"), ("schedule", "scheduled")):
        page = client.post(f"/drafts/{message_id}", data={"csrf": csrf, "do": do, "subject": "Thank you",
                                                          "body": typed, "when": "2026-11-30 09:00"})
        line = error_line(page.text)
        assert line.startswith(f"Not {verb}: the thank-you note to Priya Raman was discarded (perhaps in another "
                               "tab), so it can no longer change. Your text is kept on this page, to copy;"), line
        assert "only open drafts" not in line and "message " not in line and "edited" not in line
        assert html.escape(typed, quote=False) in page.text  # what was typed, still shown
    assert '<a href="/">Today</a> offers to draft the note again' in page.text
    # Approve on its card (Today, from before): named, the desk's verb
    card = client.post(f"/drafts/{message_id}", data={"csrf": csrf, "do": "approve", "next": "/"},
                       follow_redirects=True)
    assert flashes(card.text) == ["Not approved: the thank-you note to Priya Raman was discarded (perhaps in another "
                                  "tab), so it can no longer change. Today offers to draft the note again while it is "
                                  "planned"]
    assert read(db_url, lambda tx: tx.get(m.Message, message_id).state) == m.MessageState.CANCELLED


def test_a_text_changed_meanwhile_links_to_the_editor_and_keeps_the_typed_text(client, csrf, db_url):
    message_id = draft(client, csrf)
    opened = re.search(r'name="version" value="([^"]+)"', client.get(f"/drafts/{message_id}").text).group(1)

    def edited_elsewhere(tx):
        message = tx.get(m.Message, message_id)
        message.body = message.body + "\nP.S. from the other tab"
        tx.update(message)

    read(db_url, edited_elsewhere)
    client.app.state.desk.changed()
    typed = "Hi Priya,\n\nMy own edit, typed in this tab."
    page = client.post(f"/drafts/{message_id}", data={"csrf": csrf, "do": "save", "subject": "Thank you",
                                                      "body": typed, "version": opened})
    assert page.status_code == 400
    assert f'copy it from below, then <a href="/drafts/{message_id}">open it again</a> to start from its new text' \
        in page.text
    assert html.escape(typed, quote=False) in page.text


def _mailing_desk(db_url):
    """The demo's desk with a mail account and its mail loop (not started: nothing is sent)."""
    from afterview.config import paths
    from afterview.interfaces.web.app import create_app
    from tests.web.conftest import make_app

    make_app(db_url)  # the demo
    config = paths().config_file
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('[accounts.home]\nemail = "alex@example.test"\nsmtp_host = "127.0.0.1"\n'
                      'imap_host = "127.0.0.1"\npassword_env = "NOPE"\n')
    app = create_app(db_url, now=lambda: NOW, token=TOKEN, allowed_hosts=HOSTS, mail_interval=3600)
    client = client_for(app)
    client.get(f"/login?token={TOKEN}")
    return client, csrf_of(client.get("/").text)


def test_approve_on_a_card_names_the_note_and_where_send_now_is(db_url):
    client, csrf = _mailing_desk(db_url)
    message_id = draft(client, csrf)
    page = client.post(f"/drafts/{message_id}", data={"csrf": csrf, "do": "approve", "next": "/"},
                       follow_redirects=True)
    assert page.url.path == "/"
    assert flashes(page.text)[0] == ("Approved: the thank-you note to Priya Raman goes out Fri 27 Nov 08:00 (your "
                                     "time), the planned moment. To send it at once, open it and use Send now.")
    assert f'<a href="/drafts/{message_id}">the thank-you note to Priya Raman</a>' in page.text
    # in its editor, where Send now is, the line stays as it was
    other = draft(client, csrf, "thank_you:i1:p2")
    editor = client.post(f"/drafts/{other}", data={"csrf": csrf, "do": "approve"}, follow_redirects=True)
    assert "Approved: it goes out Fri 27 Nov 08:00 (your time), the planned moment. Send now sends it at once." \
        in flashes(editor.text)


def test_a_topic_too_long_says_which(client, csrf):
    long_topic = "Kafka migration and the nightly batch jobs " + "x" * 980
    topics = f"Data contracts\nStreaming; on-call\n{long_topic}"
    page = client.post("/interviews/1/debrief", data={"csrf": csrf, "topics_2": topics})
    assert page.status_code == 400
    assert error_line(page.text) == ("Topics you discussed for Tom Becker: the topic on line 3, “Kafka migration "
                                     f"and the nightly batch …”, is {len(long_topic):,} characters long: at most "
                                     "1,000 are allowed")
    assert 'id="topics_2"' in page.text and re.search(r'id="topics_2"[^>]*aria-invalid="true"', page.text)


def test_each_card_on_the_cards_page_is_a_heading(client):
    page = client.get("/interviews/1/debrief").text
    panel = read_names(page)
    assert len(panel) >= 2
    headings = re.findall(r'<legend><h2 class="card-h" id="card-h-\d+">([^<]+) <span', page)
    assert headings == panel


def read_names(page: str) -> list[str]:
    """The panel's names, as the panel list below the cards gives them."""
    section = page.split('id="panel-h"')[1]
    return re.findall(r"<li>([^<(]+) \(", section)


def test_the_live_review_says_its_limit_with_the_text_length(client, csrf):
    from afterview.interfaces.web.drafts import MAX_REVIEW_CHARS

    message_id = draft(client, csrf)
    headers = {"X-CSRF-Token": csrf}
    text = "word " * 8000
    answer = client.post("/api/review", json={"message_id": message_id, "subject": "Hi", "body": text},
                         headers=headers)
    assert answer.status_code == 413
    assert answer.json() == {"error": f"the live review stops at {MAX_REVIEW_CHARS:,} characters and this text has "
                                      f"{len(text) + 2:,}: Save reviews it in full",
                             "limit": MAX_REVIEW_CHARS, "length": len(text) + 2}
    # Save does: every finding of the whole text, on the editor's page
    saved = client.post(f"/drafts/{message_id}", data={"csrf": csrf, "do": "save", "subject": "Hi", "body": text},
                        follow_redirects=True)
    assert saved.status_code == 200 and 'class="finding sev-' in saved.text
