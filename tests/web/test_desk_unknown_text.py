"""A note whose send's outcome is unknown: its text as it was sent (recipient, subject, body) is
on its editor, under *Did it arrive?*, read-only, labelled, reached with the keyboard and copied
whole, so that the user can look for it in their Sent folder or paste it elsewhere. Once its text
is changed and saved, the page says that the text shown is no longer the one that was sent.

The send is made unknown for real (the test SMTP server drops the connection at DATA), as in
test_desk_unknown_outcome.py; the copy is made in Chromium with axe-core finding nothing."""

from __future__ import annotations

import re
from html import unescape

import pytest

from tests.web.test_desk_unknown_outcome import SUBJECT, TEXT, post, stored, text_of, unknown_send

pytestmark = pytest.mark.mail


def sent_text(db_url, message_id) -> str:
    message = stored(db_url, message_id)
    return f"To: Ana Souza <{message.to_address}>\nSubject: {SUBJECT}\n\n{TEXT}"


def copy_box(html: str) -> tuple[str, str]:
    """(its label, its text) of the read-only copy of the note on the editor."""
    box = re.search(r'<textarea id="sent-text"([^>]*)>(.*?)</textarea>', html, re.S)
    assert box, "no copy of the note as it was sent"
    assert " readonly" in box.group(1)
    label = re.search(r'<label for="sent-text">(.*?)</label>', html, re.S)
    assert label, "the copy has no label"
    return text_of(label.group(1)), unescape(box.group(2))


@pytest.fixture
def desk_with_mail(mail_desk):
    return mail_desk(mail_interval=3600)


def test_the_text_as_sent_is_on_the_editor_to_copy(desk_with_mail, mail, db_url):
    app, client, csrf = desk_with_mail
    message_id, page = unknown_send(client, csrf, mail, db_url)
    for html in (page.text, client.get(f"/drafts/{message_id}").text):  # at once, and reopened
        label, text = copy_box(html)
        assert label == "The note as it was sent (to copy)"
        assert text == sent_text(db_url, message_id)
        panel = re.search(r'<section class="panel unknown-outcome".*?</section>', html, re.S).group(0)
        assert 'id="sent-text"' in panel  # beside the question it helps to answer


def test_once_changed_the_copy_says_it_is_not_the_text_that_was_sent(desk_with_mail, mail, db_url):
    app, client, csrf = desk_with_mail
    message_id, _ = unknown_send(client, csrf, mail, db_url)
    changed = TEXT.replace("migration plan", "migration plan and the on-call rota")
    saved = post(client, csrf, message_id, "save", subject=SUBJECT, body=changed, version="")
    assert saved.status_code == 200 and "Did it arrive?" in text_of(saved.text)
    html = client.get(f"/drafts/{message_id}").text
    label, text = copy_box(html)
    assert label == "The note as saved since (to copy)"
    assert re.search(r'<textarea id="sent-text"[^>]* aria-describedby="sent-text-hint"', html)
    hint = text_of(re.search(r'<p class="hint" id="sent-text-hint">(.*?)</p>', html, re.S).group(1))
    assert hint.startswith("Its text was changed after that send: this is not exactly the text that may have "
                           "arrived."), hint
    assert "on-call rota" in text and text.startswith("To: Ana Souza <")


def test_a_note_whose_outcome_is_known_has_no_such_copy(desk_with_mail, mail, db_url):
    from tests.web.conftest import draft

    app, client, csrf = desk_with_mail
    message_id = draft(client, csrf, "thank_you:i4:p6")
    assert 'id="sent-text"' not in client.get(f"/drafts/{message_id}").text


def test_in_chromium_the_copy_is_reached_with_the_keyboard_and_selected_whole(browser, desk_with_mail, mail,
                                                                             db_url):
    from tests.web.live import login, serve
    from tests.web.test_accessibility_browser import AXE, described, violations

    app, client, csrf = desk_with_mail
    message_id, _ = unknown_send(client, csrf, mail, db_url)
    expected = sent_text(db_url, message_id)
    with serve(db_url, demo=False) as live:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.add_init_script(path=str(AXE))
        page = context.new_page()
        try:
            login(page, live)
            found = []
            for width in (320, 1280):
                page.set_viewport_size({"width": width, "height": 900})
                page.goto(f"{live.url}/drafts/{message_id}")
                page.get_by_role("heading", name="Did it arrive?").wait_for()
                found += violations(page)
                assert page.evaluate("document.documentElement.scrollWidth") <= width, width
            copy = page.get_by_label("The note as it was sent (to copy)")
            assert copy.input_value() == expected
            assert described(page, "#sent-text")["name"] == "The note as it was sent (to copy)"
            # the keyboard reaches it from the choice before it, and selects it whole
            page.get_by_role("button", name="It did not arrive — send it again").focus()
            page.keyboard.press("Tab")
            assert page.evaluate("document.activeElement.id") == "sent-text"
            page.keyboard.press("ControlOrMeta+a")
            selected = page.evaluate("(() => { const e = document.activeElement; "
                                     "return e.value.substring(e.selectionStart, e.selectionEnd); })()")
            assert selected == expected
            page.keyboard.type("typed over")  # read-only: typing changes nothing
            assert copy.input_value() == expected
            assert found == []
        finally:
            context.close()
