"""The desk says its own way to do things, never a command to type ("afterview undo ...", "afterview
account add ..."); it names messages as its pages do, never by a draft number; and a draft held back
earlier says why only while that still holds (found by a tester in Chromium).

Sentences from the services keep their command-line wording for the terminal: the desk translates
them (`views.in_desk_words`, the `words` of `Edited.notes`).
"""

from __future__ import annotations

import html
import re

import pytest

from afterview.domain import model as m
from tests.web.conftest import draft, mark_scheduled, read

COMMAND = re.compile(r"\bafterview [a-z][a-z-]*")
TEXT = "Hi {first},\n\nThank you for the conversation about the data platform.\n\nBest,\nAlex\n"
SHOWN = {"start": "2026-11-25 13:30", "end": "15:00", "duration": "", "timezone": "America/New_York",
         "format": "video", "stage": "panel interview", "location": "",
         "call_link": "https://meet.example/abc-defg-hij", "notes": ""}


def said(page) -> str:
    """What a page says to the user: its flash lines and the form's error line, as text."""
    text = page if isinstance(page, str) else page.text
    lines = re.findall(r'<p class="flash[^"]*"[^>]*>(.*?)</p>', text, re.S)
    return "\n".join(html.unescape(re.sub(r"<[^>]+>", "", line)) for line in lines)


def no_command(page) -> str:
    """The page's text, after checking that no command to type reaches it."""
    text = page if isinstance(page, str) else page.text
    shown = html.unescape(re.sub(r"<[^>]+>", " ", text))
    found = COMMAND.findall(shown)
    assert not found, (found, said(text))
    return said(text)


def edit(client, csrf, interview_id=1, **changes):
    data = {"csrf": csrf, **SHOWN, **changes}
    return client.post(f"/interviews/{interview_id}/edit", data=data, follow_redirects=True)


def approve(client, csrf, message_id, first="Priya", **extra):
    return client.post(f"/drafts/{message_id}", data={"csrf": csrf, "do": "approve", "subject": "Thank you",
                                                      "body": TEXT.format(first=first), "despite": "yes", **extra},
                       follow_redirects=True)


# 5. commands ---------------------------------------------------------------------------------
def test_the_main_correction_flows_say_the_desks_way_not_a_command(client, csrf, db_url):
    # approving without a mail account
    priya = draft(client, csrf, "thank_you:i1:p1")
    line = no_command(approve(client, csrf, priya))
    assert "no mail account set up: add one on the Settings page" in line
    # approving a note to someone with no address
    page = client.post("/people/1/edit", data={"csrf": csrf, "name": "Priya Raman", "emails": "", "title": "",
                                               "company": "Northwind Analytics", "timezone": "", "country": "",
                                               "tags": ""}, follow_redirects=True)
    no_command(page)
    line = no_command(approve(client, csrf, priya))
    assert "Priya Raman has no email address: add one first (on their page: Correct the details)" in line
    # a thank-you marked done, then the interview moved after it
    no_command(client.post("/actions/done", data={"csrf": csrf, "key": "thank_you:i1:p2", "next": "/"},
                           follow_redirects=True))
    line = no_command(edit(client, csrf, start="2026-12-02 10:00", end="11:00"))
    assert ("thank-you to Tom Becker was marked done on Thu 26 Nov 2026 10:00 America/New_York, before the "
            "interview's new time: use Undo under Recently decided on Today if it was not sent") in line
    # the same interview twice: another of the opportunity at that start
    added = client.post("/capture", data={"csrf": csrf, "opportunity": "1", "date": "2026-12-09", "start": "10:00",
                                          "end": "11:00", "timezone": "America/New_York", "format": "video",
                                          "stage": "final"}, follow_redirects=True)
    assert added.status_code == 200
    second = read(db_url, lambda tx: max(i.id for i in tx.list(m.Interview)))
    refused = edit(client, csrf, second, start="2026-12-02 10:00", end="11:00", stage="final", call_link="")
    assert refused.status_code == 400
    line = no_command(refused)
    assert f"keep one of interviews 1 and {second} (delete one of them on its page: correct or delete)" in line
    # the panel: someone on another interview at that moment
    refused = client.post(f"/interviews/{second}/panel", data={"csrf": csrf, "name": "x", "remove": "1"})
    no_command(refused)
    # Today: a stale button
    no_command(client.post("/actions/skip", data={"csrf": csrf, "key": "thank_you:i99:p1", "reason": "x",
                                                  "next": "/"}, follow_redirects=True))
    # the rejection: the reply marked done, then another teller
    client.post("/opportunities/2/outcome", data={"csrf": csrf, "outcome": "rejected", "person_id": "4"})
    client.post("/actions/done", data={"csrf": csrf, "key": "rejection_reply:o2:p4", "next": "/"})
    jo = read(db_url, lambda tx: tx.add(m.Person(name="Jo Park", company_id=tx.get(
        m.Opportunity, 2).company_id)))
    refused = client.post("/opportunities/2/outcome", data={"csrf": csrf, "outcome": "rejected",
                                                            "person_id": str(jo.id)})
    line = no_command(refused)
    assert "you marked the rejection reply to Marcus Webb done" in line and "(message" not in line


@pytest.fixture
def quiet(mail_desk):
    """A desk with a mail account but without its mail loop (`serve --no-mail`)."""
    return mail_desk(mail_interval=None)


def test_approving_on_a_desk_without_mail_says_so_in_the_desks_words(quiet, db_url):
    app, client, csrf = quiet
    # Priya's note is planned for Friday morning: approved for then
    priya = draft(client, csrf, "thank_you:i1:p1")
    line = no_command(approve(client, csrf, priya))
    assert ("Approved: it goes out Fri 27 Nov 08:00 (your time), the planned moment, once mail sending is on. "
            "Nothing goes out yet: this desk was started with mail sending off. To send it, close the desk and start "
            "it again with mail sending on (in the terminal you started it from: the same command without "
            "--no-mail).") in line
    # the demo's late note to Ana: its moment has passed, it goes out at once
    ana = draft(client, csrf, "thank_you:i4:p6")
    line = no_command(approve(client, csrf, ana, first="Ana"))
    assert "Approved: it goes out as soon as mail sending is on. Nothing goes out yet: " in line
    tom = draft(client, csrf, "thank_you:i1:p2")
    line = no_command(client.post(f"/drafts/{tom}", data={"csrf": csrf, "do": "schedule", "when": "2026-11-30 09:00",
                                                           "subject": "Thank you", "body": TEXT.format(first="Tom"),
                                                           "despite": "yes"}, follow_redirects=True))
    assert ("Scheduled for Mon 30 Nov 2026 09:00 EST: it goes out then, once mail sending is on. Nothing goes out "
            "yet") in line


def test_service_sentences_are_said_in_the_desks_words():
    from afterview.interfaces.web.views import desk_words

    cases = {
        "no mail account set up: add one on the desk's Settings page, or run "
        "'afterview account add NAME --preset gmail --email you@gmail.com'":
            "no mail account set up: add one on the Settings page",
        "no mail account set up: run 'afterview account add NAME --preset gmail --email you@gmail.com'":
            "no mail account set up: add one on the Settings page",
        "Dana Reyes has no email address: add one first (afterview person edit 11 --email ..., or their page on "
        "the desk)": "Dana Reyes has no email address: add one first (on their page: Correct the details)",
        "keep one of interviews 1 and 3 (afterview interview delete ID, or its page on the desk)":
            "keep one of interviews 1 and 3 (delete one of them on its page: correct or delete)",
        "if it is this one, move it (afterview interview edit 1 --opportunity 2, or its page on the desk) instead":
            "if it is this one, move it (on its page: correct or delete) instead",
        "to change that, undo it first (afterview undo thank_you:i1:p3)":
            "to change that, undo it first (Undo, under Recently decided on Today)",
        "unknown action 'x' (keys look like thank_you:i12:p5; see 'afterview today')":
            "unknown action 'x' (keys look like thank_you:i12:p5; see Today)",
        "the rejection reply to Tom Becker was sent (message 4)": "the rejection reply to Tom Becker was sent",
        "account home cannot send: refused; 2 due messages will be retried (check it: afterview account test home)":
            "account home cannot send: refused; 2 due messages will be retried (check it: Test the connection, "
            "on the Settings page)",
        "nothing to share: record it with 'afterview news add' first":
            "nothing to share: record it on the News page first",
    }
    for service, desk in cases.items():
        assert desk_words(service) == desk, service


# 6. drafts by their names -------------------------------------------------------------------
def test_drafts_written_before_a_move_are_named_and_linked(client, csrf, db_url):
    tom = draft(client, csrf, "thank_you:i1:p2")
    lena = draft(client, csrf, "thank_you:i1:p3")
    page = edit(client, csrf, start="2026-11-24 10:00", end="11:00")
    line = no_command(page)
    assert ("Note: the thank-you note to Tom Becker and the thank-you note to Lena Fischer were written before this "
            "change: check the day it names, or draft again (in the draft editor, Redraft writes it again from "
            "your notes)") in line
    assert f'<a href="/drafts/{tom}">the thank-you note to Tom Becker</a>' in page.text
    assert f'<a href="/drafts/{lena}">the thank-you note to Lena Fischer</a>' in page.text
    assert not re.search(r"drafts? \d", line)


def test_a_name_in_a_flash_is_text_not_html(client, csrf, db_url):
    from afterview.services import pipeline

    read(db_url, lambda tx: pipeline.edit_record(tx, m.Person, 2, {"name": "<b>Tom</b>"}))
    tom = draft(client, csrf, "thank_you:i1:p2")
    page = edit(client, csrf, start="2026-11-24 10:00", end="11:00")
    assert f'<a href="/drafts/{tom}">the thank-you note to &lt;b&gt;Tom&lt;/b&gt;</a>' in page.text
    assert "<b>Tom</b>" not in page.text


# 7. why a draft is a draft again, while it holds ----------------------------------------------
def test_the_editor_says_why_it_was_held_back_only_while_that_holds(client, csrf, db_url):
    priya = draft(client, csrf, "thank_you:i1:p1")
    mark_scheduled(db_url, priya)
    edit(client, csrf, cancelled="yes")
    editor = html.unescape(client.get(f"/drafts/{priya}").text)
    why = re.search(r'id="last-error">([^<]*)<', editor).group(1)
    assert why.startswith("Why it is a draft again: not sent: interview 1 is cancelled")
    edit(client, csrf)  # the box unticked: it takes place after all
    editor = html.unescape(client.get(f"/drafts/{priya}").text)
    assert "interview 1 is cancelled" not in editor
    why = re.search(r'id="last-error">([^<]*)<', editor).group(1)
    assert why == ("It was held back earlier, for a reason that no longer holds: it is planned again and can be "
                   "approved.")
