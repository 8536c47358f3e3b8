"""The panel corrected on the cards page ("Take off the panel", "Add to the panel") goes through the
same use case as the interview's edit form and `afterview interview edit --with/--without`: notes
about someone taken off are held back with the real cause, drafts that name them are named, and
the same interview twice is refused (found by a tester in Chromium).

The demo's interview 1 is Northwind's panel of Wed 25 Nov 2026, 13:30-15:00 New York time (Priya
Raman, Tom Becker, Lena Fischer, each with a card); interview 4 is the City of Springfield's, with
Ana Souza, on Fri 20 Nov.
"""

from __future__ import annotations

import html
import re

from afterview.domain import model as m
from tests.web.conftest import draft, mark_scheduled, read


def flashes(page: str) -> list[str]:
    """The flash lines of a page as text (a draft named in one is a link: its text is kept)."""
    found = re.findall(r'<p class="flash flash-\w+" role="\w+"[^>]*>(.*?)</p>', page, re.S)
    return [html.unescape(re.sub(r"<[^>]+>", "", line)) for line in found]


def panel(db_url, interview_id=1) -> list[int]:
    return read(db_url, lambda tx: [p.person_id for p in tx.get(m.Interview, interview_id).participants])


def take_off(client, csrf, person_id, interview_id=1):
    return client.post(f"/interviews/{interview_id}/panel", data={"csrf": csrf, "remove": str(person_id)},
                       follow_redirects=True)


def test_taking_someone_off_holds_back_their_approved_thank_you_with_the_real_cause(client, csrf, db_url):
    lena = draft(client, csrf, "thank_you:i1:p3")
    mark_scheduled(db_url, lena)
    page = take_off(client, csrf, 3)
    assert page.status_code == 200 and page.url.path == "/interviews/1/debrief"
    assert panel(db_url) == [1, 2]
    message = read(db_url, lambda tx: tx.get(m.Message, lena))
    assert message.state == m.MessageState.DRAFTED and message.scheduled_at is None
    assert "Lena Fischer is no longer on the panel of interview 1" in message.last_error
    [line] = flashes(page.text)
    assert line.startswith("Taken off the panel: Lena Fischer. The thank-you note to Lena Fischer: not sent: "
                           "Lena Fischer is no longer on the panel of interview 1; a draft again")
    assert "(to send it all the same: open it and use Send to my Drafts folder)" in line
    assert "afterview" not in line and f"message {lena}" not in line.lower()


def test_taking_someone_off_names_the_drafts_that_mention_them_and_their_own(client, csrf, db_url):
    priya = draft(client, csrf, "thank_you:i1:p1")
    client.post(f"/drafts/{priya}", data={"csrf": csrf, "do": "save", "subject": "Thank you",
                                          "body": "Hi Priya,\n\nThank you, and please thank Lena too.\n\nAlex\n"})
    lena = draft(client, csrf, "thank_you:i1:p3")
    page = take_off(client, csrf, 3)
    [line] = flashes(page.text)
    assert ("Note: the thank-you note to Priya Raman was written before this change: check the people it names "
            "(Lena Fischer is no longer on the panel), or draft again (in the draft editor, Redraft writes it "
            "again from your notes)") in line
    assert ("Note: the thank-you note to Lena Fischer is a draft to someone no longer on the panel: discard it in "
            "the draft editor if you will not send it") in line
    # each named draft is a link to it
    assert f'<a href="/drafts/{priya}">the thank-you note to Priya Raman</a>' in page.text
    assert f'<a href="/drafts/{lena}">the thank-you note to Lena Fischer</a>' in page.text
    assert not re.search(r"drafts? \d", line)


def test_adding_someone_goes_through_the_same_use_case(client, csrf, db_url):
    page = client.post("/interviews/1/panel", data={"csrf": csrf, "name": "Sam Ortiz", "email": "sam@northwind.example",
                                                    "role": "interviewer"}, follow_redirects=True)
    assert page.status_code == 200
    assert flashes(page.text)[0].startswith("Added to the panel: Sam Ortiz")
    sam = read(db_url, lambda tx: next(p for p in tx.list(m.Person) if p.name == "Sam Ortiz"))
    assert panel(db_url) == [1, 2, 3, sam.id]
    assert sam.company_id == read(db_url, lambda tx: tx.get(m.Opportunity, 1).company_id)
    again = client.post("/interviews/1/panel", data={"csrf": csrf, "name": "Sam Ortiz", "role": "interviewer"})
    assert again.status_code == 400 and "Sam Ortiz is already on the panel" in again.text
    assert panel(db_url) == [1, 2, 3, sam.id]


def test_adding_someone_on_another_interview_at_that_moment_is_refused(client, csrf, db_url):
    # interview 4 moved to the start of interview 1 (another opportunity, another panel: allowed)
    moved = client.post("/interviews/4/edit", data={
        "csrf": csrf, "start": "2026-11-25 13:30", "end": "15:00", "duration": "", "timezone": "America/New_York",
        "format": "video", "stage": "", "location": "", "call_link": "", "notes": "", "opportunity": "5"},
        follow_redirects=True)
    assert moved.status_code == 200, moved.text
    people = read(db_url, lambda tx: len(tx.list(m.Person)))
    refused = client.post("/interviews/4/panel", data={"csrf": csrf, "name": "Priya Raman",
                                                       "email": "priya.raman@northwind.example", "role": "interviewer"})
    assert refused.status_code == 409
    line = html.unescape(re.search(r'id="form-error">([^<]*)<', refused.text).group(1))
    assert line.startswith("Priya Raman is already on interview 1 (Senior Data Engineer at Northwind Analytics), "
                           "which starts then too")
    assert "afterview" not in line
    # the form again, with what was typed
    assert 'id="panel-name" name="name" value="Priya Raman"' in refused.text
    assert 'value="priya.raman@northwind.example"' in refused.text
    assert panel(db_url, 4) == [6]
    assert read(db_url, lambda tx: len(tx.list(m.Person))) == people
    assert "thank_you:i4:p1" not in client.get("/").text


def test_the_same_name_at_another_company_is_someone_else_and_not_refused(client, csrf, db_url):
    client.post("/interviews/4/edit", data={
        "csrf": csrf, "start": "2026-11-25 13:30", "end": "15:00", "duration": "", "timezone": "America/New_York",
        "format": "video", "stage": "", "location": "", "call_link": "", "notes": "", "opportunity": "5"})
    # Priya by her name alone is someone new at the City of Springfield: nobody is on two panels
    page = client.post("/interviews/4/panel", data={"csrf": csrf, "name": "Priya Raman", "role": "interviewer"},
                       follow_redirects=True)
    assert page.status_code == 200
    assert len(panel(db_url, 4)) == 2


def test_a_person_taken_off_keeps_their_card_read_only(client, csrf, db_url):
    assert 'href="/interviews/1/debrief">Edit the card' in client.get("/people/3").text
    take_off(client, csrf, 3)
    page = client.get("/people/3").text
    section = page.split('id="db-h"')[1].split("</section>")[0]
    assert "Edit the card" not in section and 'href="/interviews/1/debrief"' not in section
    assert "no longer on the panel" in section
    assert "Topics:" in section  # what they said is kept
