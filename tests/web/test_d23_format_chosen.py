"""How an interview was held (phone, video, onsite) is a fact the user gives on Capture, never one
made up: the form has no format chosen in advance, and one sent without it is refused at its
field, in one line, everything typed kept and nothing saved."""

from __future__ import annotations

import html
import re

from afterview.domain import model as m
from tests.web.conftest import read

FORM = {"opportunity": "2", "date": "2026-11-25", "start": "13:30", "end": "14:30", "timezone": "America/New_York",
        "stage": "screen", "name_1": "Mia Wong", "email_1": "mia@contoso.example", "role_1": "interviewer"}


def error_line(page: str) -> str:
    found = re.search(r'id="form-error">(.*?)</p>', page, re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", found.group(1))) if found else ""


def test_the_form_chooses_no_format_for_you(client):
    form = client.get("/capture").text
    select = re.search(r'<select id="format".*?</select>', form, re.S).group(0)
    assert " required" in select and '<option value="">Choose one</option>' in select
    assert "selected" not in select
    assert '<label for="format">Format <span class="req">(required)</span></label>' in form


def test_a_capture_without_a_format_is_refused_at_its_field(client, csrf, db_url):
    before = read(db_url, lambda tx: (tx.count(m.Interview), tx.count(m.Person)))
    for missing in ({}, {"format": ""}, {"format": "  "}):
        page = client.post("/capture", data={"csrf": csrf, **FORM, **missing})
        assert page.status_code == 400
        assert error_line(page.text) == "Format: choose how the interview was held: phone, video or onsite"
        assert 'id="format" name="format" required aria-invalid="true" aria-describedby="form-error"' in page.text
        assert 'value="Mia Wong"' in page.text and 'value="mia@contoso.example"' in page.text
        assert 'value="screen"' in page.text and 'value="13:30"' in page.text
    assert read(db_url, lambda tx: (tx.count(m.Interview), tx.count(m.Person))) == before


def test_the_format_chosen_is_the_one_recorded_and_kept_after_a_refusal(client, csrf, db_url):
    refused = client.post("/capture", data={"csrf": csrf, **FORM, "format": "onsite", "start": "25:00"})
    assert refused.status_code == 400
    assert '<option value="onsite" selected>onsite</option>' in refused.text
    saved = client.post("/capture", data={"csrf": csrf, **FORM, "format": "onsite"}, follow_redirects=False)
    assert saved.status_code == 303, error_line(saved.text)
    interview_id = int(saved.headers["location"].split("?")[0].split("/")[2])
    assert read(db_url, lambda tx: tx.get(m.Interview, interview_id).format) == m.InterviewFormat.ONSITE
