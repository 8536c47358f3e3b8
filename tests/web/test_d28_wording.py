"""Words a tester found unclear: "Open the draft (drafted)", a reply "needs review", headings
that read as bare numbers ("Due and overdue 7"), "despite the review's errors" with none, an
Outcome list saying "no-response", timeline lines "interview panel interview with ..." and
"message thank you to ...", a page title "Cards: ..." under the heading "What each of them said",
a step done shown by a tick alone, "held back, a draft again"; and links named by a subject alone.

Real SQLite file with the demo's records; the desk through Starlette's test client.
"""

from __future__ import annotations

import re

from tests.web.conftest import draft
from tests.web.test_desk_reply_outcomes import add_reply, text_of


def test_today_says_what_a_draft_and_a_reply_are(client, csrf, db_url):
    draft(client, csrf, "thank_you:i1:p1")
    add_reply(db_url, opportunity_id=None, summary="needs_review: happy to grab a coffee")
    client.app.state.desk.changed()
    page = client.get("/").text
    said = text_of(page)
    assert "Open the draft (not approved yet)" in said and "(drafted)" not in said
    assert "it is not clear what it means: say which status it means" in said and "needs review" not in said
    assert re.search(r'<h2 id="due-h">Due and overdue <span class="count"><span class="visually-hidden">\(</span>\d+'
                     r'<span class="visually-hidden"> notes?\)</span></span></h2>', page)


def test_links_by_subject_name_the_recipient(client, csrf):
    message = draft(client, csrf, "thank_you:i1:p1")
    page = client.get("/drafts").text
    link = re.search(rf'<a href="/drafts/{message}">(.*?)</a>', page, re.S).group(1)
    assert text_of(link).endswith("(to Priya Raman)")


def test_the_editor_offers_despite_only_with_errors(client, csrf):
    page = client.get(f"/drafts/{draft(client, csrf, 'thank_you:i4:p6')}").text
    label = re.search(r'<label class="inline-check" id="despite-label"[^>]*>', page).group(0)
    errors = re.search(r'id="review-summary"[^>]*>([^<]*)<', page)
    if errors and "error" not in errors.group(1):
        assert " hidden" in label
    assert re.search(r'Review <span class="count"><span class="visually-hidden">\(</span><span id="findings-count">\d+'
                     r'</span><span class="visually-hidden"> found\)</span></span>', page)


def test_the_rejection_page_says_outcomes_and_steps_in_words(client):
    page = client.get("/opportunities/3/rejection").text
    assert '<option value="no-response">No response</option>' in page
    assert re.search(r'<h2>Record the outcome <span class="badge[^"]*">done</span></h2>', page)


def test_timeline_lines_read_once(client, csrf):
    draft(client, csrf, "thank_you:i1:p1")
    said = text_of(client.get("/opportunities/1").text)
    assert "panel interview with" not in said and "panel, with Priya Raman" in said
    # the draft is said once, on its planned action (domain.timeline: a draft folded into its action)
    assert "thank you to Priya Raman" not in said and "Thank-you note to Priya Raman (due): drafted" in said


def test_titles_agree_and_the_delete_box_says_it_plainly(client):
    page = client.get("/interviews/1/debrief").text
    assert re.search(r"<title>What each of them said: panel interview, ", page)
    assert "held back, a draft again" not in client.get("/interviews/1/edit").text
