"""One mechanism for every form of the desk that changes something: the form carries a one-time
token, spent by the transaction that saves it; the same form sent again (a double click, the
same page in two tabs, a retry, Back and send again) changes nothing and is answered with one
line and a link to what was recorded (found by a tester: *They replied*, News, the feedback and
Change status each saved twice when sent twice). A use that saved nothing (refused) leaves the
token unspent. A status changed to the status it has records nothing."""

from __future__ import annotations

import html as html_lib
import re

from afterview.domain import model as m
from tests.web.conftest import landing, read


def form_of(page: str, action: str) -> dict[str, str]:
    """The hidden fields (csrf, once) of the form sent to `action` on a page."""
    found = re.search(rf'<form[^>]*action="{re.escape(action)}"[^>]*>(.*?)</form>', page, re.S)
    assert found, f"no form for {action}"
    fields = dict(re.findall(r'<input type="hidden" name="(csrf|once)" value="([^"]+)">', found.group(1)))
    assert set(fields) == {"csrf", "once"}, f"the form for {action} has no one-time token"
    return fields


def lead(page: str) -> str:
    """The line of the page that says a form was sent already."""
    found = re.search(r'<p class="lead" role="alert">(.*?)</p>', page, re.S)
    assert found, "no line saying what happened"
    return html_lib.unescape(found.group(1))


def twice(client, path: str, action: str, data: dict) -> tuple:
    fields = form_of(client.get(path).text, action)
    first = client.post(action, data={**fields, **data}, follow_redirects=False)
    again = client.post(action, data={**fields, **data}, follow_redirects=False)
    return first, again


def sent_again(again, link: str) -> None:
    """The second use: nothing done, one line saying so, linked to what the first recorded."""
    assert again.status_code == 409, again.text[:300]
    said = lead(again.text)
    assert said.startswith("This form was sent already and saved at 10:00: nothing was done again"), said
    assert f'<a href="{link}">Open what was saved</a>' in again.text


def test_news_sent_twice_adds_one_item(client, db_url):
    first, again = twice(client, "/news", "/news", {"title": "Gave a talk at PyData", "kind": "achievement",
                                                    "tags": "streaming"})
    assert first.status_code == 303
    sent_again(again, landing(first))
    assert [n.title for n in read(db_url, lambda tx: tx.list(m.NewsItem))].count("Gave a talk at PyData") == 1


def test_feedback_sent_twice_is_recorded_once(client, db_url):
    first, again = twice(client, "/opportunities/3/rejection", "/opportunities/3/feedback",
                         {"text": "More streaming experience would have helped.", "person_id": "5"})
    assert first.status_code == 303
    sent_again(again, landing(first))
    assert len(read(db_url, lambda tx: tx.list(m.Feedback, opportunity_id=3))) == 1


def test_they_replied_sent_twice_is_recorded_once(client, db_url):
    first, again = twice(client, "/opportunities/5", "/opportunities/5/replied",
                         {"person_id": "6", "says": "They said they will decide next week"})
    assert first.status_code == 303
    sent_again(again, "/opportunities/5")
    assert len(read(db_url, lambda tx: tx.list(m.Inbound))) == 1


def test_change_status_sent_twice_is_one_change_in_the_timeline(client, db_url):
    before = len(read(db_url, lambda tx: tx.get(m.Opportunity, 5).history))
    first, again = twice(client, "/opportunities/5", "/opportunities/5/status",
                         {"status": "no-response", "note": "gone quiet"})
    assert first.status_code == 303
    sent_again(again, "/opportunities/5")
    history = read(db_url, lambda tx: tx.get(m.Opportunity, 5).history)
    assert len(history) == before + 1 and history[-1].status == m.OpportunityStatus.NO_RESPONSE


def test_the_status_it_has_records_nothing_even_with_a_note(client, csrf, db_url):
    """Two tabs each with their own page (two tokens): the second change is to the status the
    opportunity has by then, and adds nothing to the timeline (it used to add it again)."""
    tabs = [form_of(client.get("/opportunities/5").text, "/opportunities/5/status") for _ in range(2)]
    before = len(read(db_url, lambda tx: tx.get(m.Opportunity, 5).history))
    for fields in tabs:
        client.post("/opportunities/5/status", data={**fields, "status": "no-response", "note": "gone quiet"})
    assert len(read(db_url, lambda tx: tx.get(m.Opportunity, 5).history)) == before + 1
    page = client.post("/opportunities/5/status", data={"csrf": csrf, "status": "no-response", "note": "still quiet"},
                       follow_redirects=True).text
    assert ("Status unchanged (no-response). It is no-response already: nothing was recorded, your note included "
            "(a note goes with a change of status).") in html_lib.unescape(page)
    assert len(read(db_url, lambda tx: tx.get(m.Opportunity, 5).history)) == before + 1
    assert page.count("gone quiet") == 1 and "still quiet" not in page  # the timeline shows it once


def test_capture_and_done_and_an_outcome_sent_twice(client, db_url):
    data = {"opportunity": "", "company": "Globex", "role": "Platform Engineer", "date": "2026-11-25",
            "start": "14:00", "end": "15:00", "timezone": "America/New_York", "format": "video", "stage": "panel",
            "name_1": "Bob Baker", "email_1": "bob@globex.test", "role_1": "hiring_manager"}
    first, again = twice(client, "/capture", "/capture", data)
    assert first.status_code == 303
    sent_again(again, landing(first))  # the cards of the interview recorded
    assert read(db_url, lambda tx: tx.count(m.Interview)) == 5
    first, again = twice(client, "/", "/actions/done", {"key": "thank_you:i1:p1", "next": "/"})
    sent_again(again, "/")
    assert len(read(db_url, lambda tx: [d for d in tx.list(m.Decision) if d.action_key == "thank_you:i1:p1"])) == 1
    first, again = twice(client, "/opportunities/5/rejection", "/opportunities/5/outcome",
                         {"outcome": "rejected", "note": "by phone"})
    sent_again(again, "/opportunities/5/rejection")
    history = read(db_url, lambda tx: tx.get(m.Opportunity, 5).history)
    assert [c.status for c in history].count(m.OpportunityStatus.REJECTED) == 1


def test_a_refused_use_leaves_the_form_usable(client, db_url):
    """Bad input saves nothing: the same form, corrected, is saved (the token was not spent)."""
    fields = form_of(client.get("/news").text, "/news")
    refused = client.post("/news", data={**fields, "title": "", "kind": "achievement"})
    assert refused.status_code == 400
    saved = client.post("/news", data={**fields, "title": "Shipped the pipeline", "kind": "achievement"},
                        follow_redirects=False)
    assert saved.status_code == 303
    assert "Shipped the pipeline" in [n.title for n in read(db_url, lambda tx: tx.list(m.NewsItem))]


def test_every_form_that_changes_something_carries_a_token(client):
    """Each page's forms: a one-time token on every form but the few that may well be sent again."""
    again_allowed = {"/logout", "/settings/mail/check", "/imports/preview"}
    for path in ("/", "/capture", "/interviews/1/debrief", "/interviews/1/edit", "/opportunities/1",
                 "/opportunities/3/rejection", "/people/1", "/news", "/settings", "/imports", "/drafts"):
        page = client.get(path).text
        for action, body in re.findall(r'<form[^>]*action="([^"]+)"[^>]*>(.*?)</form>', page, re.S):
            if action in again_allowed or action.endswith("/test#checks-home"):
                continue
            assert 'name="once"' in body, (path, action)
