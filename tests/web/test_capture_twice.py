"""Capture sent twice (Back in the browser, then Save again; or the same company and role typed
again): one application, one interview, and a refusal in the desk's words pointing to it."""

from __future__ import annotations

import html as html_lib
import re

from afterview.domain import model as m
from tests.web.conftest import landing, read

ROLE = "Senior Backend Engineer"


def capture(client, csrf, **extra):
    data = {"csrf": csrf, "opportunity": "", "company": "Zalando", "role": ROLE,
            "date": "2026-11-26", "start": "14:00", "end": "15:30", "timezone": "Europe/Berlin",
            "format": "video", "stage": "panel",
            "name_1": "Jana Vogel", "email_1": "jana@zalando.test", "title_1": "Engineering Manager",
            "role_1": "hiring_manager"}
    data.update(extra)
    return client.post("/capture", data=data, follow_redirects=False)


def zalando(db_url) -> list[m.Opportunity]:
    def load(tx):
        company = next(c for c in tx.list(m.Company) if c.name == "Zalando")
        return tx.list(m.Opportunity, company_id=company.id)

    return read(db_url, load)


def counts(db_url) -> tuple[int, int, int, int]:
    return read(db_url, lambda tx: (tx.count(m.Company), tx.count(m.Opportunity), tx.count(m.Interview),
                                    tx.count(m.Person)))


def interview_of(response) -> int:
    return int(re.search(r"/interviews/(\d+)/debrief", landing(response)).group(1))


def error_line(page: str) -> str:
    found = re.search(r'<p class="flash flash-error" role="alert" id="form-error">(.*?)</p>', page, re.S)
    assert found, "no error line on the form"
    return html_lib.unescape(found.group(1))


def test_back_and_save_again_is_refused_with_a_link_to_the_interview(client, csrf, db_url):
    first = capture(client, csrf)
    assert first.status_code == 303
    interview_id = interview_of(first)
    before = counts(db_url)
    again = capture(client, csrf)  # Back in the browser, Save again: the same form
    assert again.status_code == 409
    assert counts(db_url) == before  # no second application, interview or person
    assert len(zalando(db_url)) == 1
    line = error_line(again.text)
    assert line.startswith("This interview is recorded already: panel, Thu 26 Nov 2026, 14:00-15:30 Europe/Berlin, "
                           f"{ROLE} at Zalando.")
    assert f'<a href="/interviews/{interview_id}/debrief">Open the recorded interview</a>' in line
    assert "afterview" not in line  # desk words: no command to type
    assert 'value="Jana Vogel"' in again.text  # what was typed is kept


def test_the_same_company_and_role_typed_again_is_the_same_application(client, csrf, db_url):
    interview_id = interview_of(capture(client, csrf))
    before = counts(db_url)
    again = capture(client, csrf, company="  zalando ", role="senior   backend ENGINEER")
    assert again.status_code == 409 and f'href="/interviews/{interview_id}/debrief"' in again.text
    assert counts(db_url) == before


def test_a_later_round_typed_as_new_is_recorded_for_the_open_application(client, csrf, db_url):
    first = interview_of(capture(client, csrf))
    second = capture(client, csrf, company="Zalando", role=f"{ROLE} ", date="2026-12-03", stage="final round")
    assert second.status_code == 303
    [opportunity] = zalando(db_url)
    interviews = read(db_url, lambda tx: tx.list(m.Interview, opportunity_id=opportunity.id))
    assert sorted(i.id for i in interviews) == [first, interview_of(second)]
    page = client.get(second.headers["location"]).text
    assert f"Interview saved for your open application {ROLE} at Zalando." in page


def test_the_same_interview_chosen_from_the_list_is_refused_in_desk_words(client, csrf, db_url):
    interview_id = interview_of(capture(client, csrf))
    [opportunity] = zalando(db_url)
    again = capture(client, csrf, opportunity=str(opportunity.id), company="", role="")
    assert again.status_code == 409
    line = error_line(again.text)
    assert "recorded already" in line and f'href="/interviews/{interview_id}/debrief"' in line
    assert "afterview interview edit" not in line


def test_another_role_or_a_closed_application_is_a_new_one(client, csrf, db_url):
    capture(client, csrf)
    # (at another time: the same person at the same moment twice is refused, as the terminal does)
    other = capture(client, csrf, role="Staff Backend Engineer", start="16:00", end="17:00")
    assert other.status_code == 303 and len(zalando(db_url)) == 2
    # Fabrikam's process is closed (rejected) in the demo: applying again is a new application
    closed = read(db_url, lambda tx: tx.get(m.Opportunity, 3))
    assert closed.status.is_closed
    company = read(db_url, lambda tx: tx.get(m.Company, closed.company_id)).name
    before = read(db_url, lambda tx: tx.count(m.Opportunity))
    again = capture(client, csrf, company=company, role=closed.role, start="17:30", end="18:30")
    assert again.status_code == 303
    assert read(db_url, lambda tx: tx.count(m.Opportunity)) == before + 1


def test_a_cancelled_interview_at_that_time_does_not_block_a_new_one(client, csrf, db_url):
    interview_id = interview_of(capture(client, csrf))

    def cancel(tx):
        interview = tx.get(m.Interview, interview_id)
        interview.cancelled = True
        tx.update(interview)

    read(db_url, cancel)
    client.app.state.desk.changed()
    again = capture(client, csrf)
    assert again.status_code == 303 and interview_of(again) != interview_id
    assert len(zalando(db_url)) == 1
