"""A record deleted (or merged) while a page that names it stays open in another tab: whatever
that page's forms do is refused in the desk's words, by one rule for every form (app.gone_within):
that record no longer exists (deleted, perhaps in another tab), nothing was changed, and where to
go (Today after a decision on a planned action). Never "no interview with id 2"."""

from __future__ import annotations

import html
import re

import pytest

from afterview.domain import model as m
from tests.web.conftest import NOW, read


def flashes(page: str) -> list[str]:
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", "", text)).split())
            for text in re.findall(r'<p class="flash[^"]*"[^>]*>(.*?)</p>', page, re.S)]


def delete_interview(app, db_url, interview_id: int) -> None:
    """Delete an interview as another tab (or the terminal) does, while this page stays open."""
    from afterview.services.interviews import delete_interview as delete

    read(db_url, lambda tx: delete(tx, interview_id, now=NOW, forget_sent=True))
    app.state.desk.changed()


@pytest.mark.parametrize("action, fields, verb", [
    ("done", {}, "mark the thank-you note to Priya Raman done"),
    ("snooze", {"until": "tomorrow 9:00"}, "snooze the thank-you note to Priya Raman"),
    ("skip", {"reason": "wrote a card"}, "skip the thank-you note to Priya Raman"),
])
def test_a_decision_on_a_note_whose_interview_was_deleted_meanwhile(app, client, csrf, db_url, action, fields,
                                                                       verb):
    assert "thank_you:i1:p1" in client.get("/").text  # the page open in the old tab
    delete_interview(app, db_url, 1)
    before = read(db_url, lambda tx: tx.count(m.Decision))
    page = client.post(f"/actions/{action}", data={"csrf": csrf, "key": "thank_you:i1:p1", "next": "/", **fields},
                       follow_redirects=True)
    [said] = [line for line in flashes(page.text) if line.startswith("Could not")]
    assert said == (f"Could not {verb}: that interview no longer exists (deleted, perhaps in another tab); nothing "
                    "was changed. Go to Today.")
    assert "with id" not in page.text and "no such note" not in said
    assert '<a href="/">Go to Today</a>' in page.text
    assert read(db_url, lambda tx: tx.count(m.Decision)) == before


def test_a_person_merged_meanwhile_is_said_so_and_their_note_named_by_its_kind(app, client, csrf, db_url):
    from afterview.services import pipeline
    from afterview.services.merge import merge_people

    kept = read(db_url, lambda tx: pipeline.add_person(tx, "Grace Liu", emails=["grace.liu@elsewhere.example"]))
    read(db_url, lambda tx: merge_people(tx, 5, kept.id, now=NOW))  # Grace Liu (5), merged in another tab
    app.state.desk.changed()
    page = client.post("/actions/done", data={"csrf": csrf, "key": "linkedin_note:p5", "next": "/"},
                       follow_redirects=True)
    assert ("Could not mark the LinkedIn request done: that person no longer exists (deleted, merged or forgotten, perhaps in "
            "another tab); nothing was changed. Go to Today.") in flashes(page.text)
    assert "to ?" not in page.text and "with id" not in page.text


def test_drafting_an_interview_deleted_meanwhile(app, client, csrf, db_url):
    delete_interview(app, db_url, 1)
    page = client.post("/interviews/1/draft", data={"csrf": csrf}, follow_redirects=True)
    assert ("This interview no longer exists (deleted, perhaps in another tab); nothing was changed. Go to "
            "Pipeline.") in flashes(page.text)
    assert "with id" not in page.text


def test_an_opportunity_deleted_while_the_capture_form_was_open(app, client, csrf, db_url):
    from afterview.services import pipeline

    read(db_url, lambda tx: pipeline.remove_opportunity(tx, 2, now=NOW, forget_sent=True))
    app.state.desk.changed()
    before = read(db_url, lambda tx: tx.count(m.Interview))
    page = client.post("/capture", data={"csrf": csrf, "opportunity": "2", "date": "2026-11-25", "start": "10:00",
                                         "format": "video", "stage": "screening call", "name_1": "Mia Wong"})
    assert page.status_code == 400
    line = re.search(r'id="form-error">(.*?)</p>', page.text, re.S).group(1)
    assert html.unescape(re.sub(r"<[^>]+>", "", line)) == (
        "Opportunity: that opportunity no longer exists (deleted, perhaps in another tab); nothing was changed. "
        "Go to Pipeline.")
    assert 'id="opportunity" name="opportunity" aria-invalid="true"' in page.text
    assert 'value="screening call"' in page.text and 'value="Mia Wong"' in page.text  # what was typed, kept
    assert read(db_url, lambda tx: tx.count(m.Interview)) == before


def test_an_error_page_naming_a_record_gone_inside_it(app, client, csrf):
    """The rule for an error page too: a line that names a record not found within it."""
    from starlette.requests import Request

    from afterview.interfaces.web.app import gone
    from afterview.interfaces.web.views import page_link

    scope = {"type": "http", "method": "POST", "path": "/opportunities/3/outcome", "query_string": b"",
             "headers": [], "app": app}
    said = gone(Request(scope), "could not record it: no person with id 7")
    assert said == ("Could not record it: that person no longer exists (deleted, merged or forgotten, perhaps in another tab); "
                    f"nothing was changed. {page_link('/people', 'Go to People')}.")
    assert gone(Request(scope), "no opportunity with id 3").startswith("Nothing was changed: this opportunity no "
                                                                       "longer exists")
    assert gone(Request(scope), "a date looks like 2026-11-20") == "a date looks like 2026-11-20"
