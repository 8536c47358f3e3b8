"""The desk: who told you of a rejection (the rejection page's "Told by"), and the note a status
change that reopens a closed process (or goes back a step) shows as its flash."""

import html
import re

import pytest

from afterview.domain import model as m

from tests.web.conftest import read


def _person(db_url, name):
    return read(db_url, lambda tx: next(p for p in tx.list(m.Person) if p.name == name))


@pytest.fixture
def jo(db_url):
    """Jo Park, a recruiter at Contoso (opportunity 2) who was on no panel."""
    def add(tx):
        contoso = tx.get(m.Opportunity, 2).company_id
        return tx.add(m.Person(name="Jo Park", emails=["jo.park@contoso.example"], company_id=contoso))

    return read(db_url, add)


def _options(page: str) -> list[str]:
    select = re.search(r'<select id="outcome-person" name="person_id">(.*?)</select>', page, re.S).group(1)
    return re.findall(r">([^<]+)</option>", select)


def test_the_rejection_page_lists_the_opportunitys_people(client, jo):
    page = client.get("/opportunities/2/rejection").text
    assert _options(page) == ["(not said)", "Marcus Webb", "Jo Park"]  # the panel, then the company


def test_a_rejection_told_by_someone_is_kept_and_the_reply_goes_to_them(client, csrf, db_url, jo):
    page = client.post("/opportunities/2/outcome",
                       data={"csrf": csrf, "outcome": "rejected", "note": "phoned", "person_id": str(jo.id)},
                       follow_redirects=True).text
    assert "Outcome recorded: rejected" in page
    opportunity = read(db_url, lambda tx: tx.get(m.Opportunity, 2))
    assert opportunity.status == m.OpportunityStatus.REJECTED
    assert (opportunity.history[-1].note, opportunity.history[-1].person_id) == ("phoned", jo.id)
    assert "told by Jo Park" in page
    assert f'name="key" value="rejection_reply:o2:p{jo.id}"' in page  # not Marcus, the panel's contact
    assert "rejection_reply:o2:p4" not in page
    assert re.search(rf'<option value="{jo.id}" selected>Jo Park</option>', page)
    assert "rejected (told by Jo Park) (phoned)" in html.unescape(client.get("/opportunities/2").text)


@pytest.mark.parametrize("person, fragment", [
    ("priya", "Priya Raman is neither at Contoso Health nor on a panel of opportunity 2"),
    ("999", "that person no longer exists (deleted, merged or forgotten, perhaps in another tab)"),
    ("Jo", "not a person id: &#39;Jo&#39;"),
])
def test_someone_else_is_refused_with_one_line_and_nothing_written(client, csrf, db_url, person, fragment):
    if person == "priya":
        person = str(_person(db_url, "Priya Raman").id)
    before = read(db_url, lambda tx: tx.get(m.Opportunity, 2))
    response = client.post("/opportunities/2/outcome",
                           data={"csrf": csrf, "outcome": "rejected", "person_id": person})
    assert response.status_code == 400
    assert fragment in response.text
    assert "Record the outcome" in response.text  # the page again, with the form
    assert read(db_url, lambda tx: tx.get(m.Opportunity, 2)) == before


def test_an_unknown_opportunity_stays_a_missing_page(client, csrf, jo):
    response = client.post("/opportunities/999/outcome", data={"csrf": csrf, "outcome": "rejected",
                                                                "person_id": str(jo.id)})
    assert response.status_code == 404


def test_reopening_on_the_opportunity_page_says_so(client, csrf, db_url):
    # Fabrikam (opportunity 3) was rejected in the demo, Wed 25 Nov in New York
    page = client.post("/opportunities/3/status", data={"csrf": csrf, "status": "interviewing"},
                       follow_redirects=True).text
    assert ("Status changed to interviewing. Note: this reopens an opportunity that was rejected on 25 Nov; "
            "it is planned as an open process again (Today).") in html.unescape(page)
    history = read(db_url, lambda tx: tx.get(m.Opportunity, 3).history)
    assert [c.status.value for c in history] == ["applied", "interviewing", "rejected", "interviewing"]
    page = client.post("/opportunities/3/status", data={"csrf": csrf, "status": "offer"}, follow_redirects=True).text
    assert "Status changed to offer." in page and "Note:" not in page  # forward: nothing to say


def test_a_rejection_recorded_again_from_someone_else_corrects_who_told_you(client, csrf, db_url, jo):
    marcus = _person(db_url, "Marcus Webb")
    client.post("/opportunities/2/outcome", data={"csrf": csrf, "outcome": "rejected", "person_id": str(marcus.id)})
    page = client.post("/opportunities/2/outcome",
                       data={"csrf": csrf, "outcome": "rejected", "note": "", "person_id": str(jo.id)},
                       follow_redirects=True).text
    assert ("Who told you is corrected: the rejection reply now goes to Jo Park, who told you "
            "(not Marcus Webb).") in html.unescape(page)
    history = read(db_url, lambda tx: tx.get(m.Opportunity, 2).history)
    assert [c.person_id for c in history if c.status == m.OpportunityStatus.REJECTED] == [jo.id]
    assert f'name="key" value="rejection_reply:o2:p{jo.id}"' in page
    assert f"rejection_reply:o2:p{marcus.id}" not in page


def test_once_the_reply_is_sent_who_told_you_is_left_as_it_was(client, csrf, db_url, jo):
    marcus = _person(db_url, "Marcus Webb")
    client.post("/opportunities/2/outcome", data={"csrf": csrf, "outcome": "rejected", "person_id": str(marcus.id)})
    client.post("/actions/done", data={"csrf": csrf, "key": f"rejection_reply:o2:p{marcus.id}", "note": "phoned"})
    before = read(db_url, lambda tx: tx.get(m.Opportunity, 2))
    response = client.post("/opportunities/2/outcome",
                           data={"csrf": csrf, "outcome": "rejected", "person_id": str(jo.id)})
    assert response.status_code == 400
    assert ("you marked the rejection reply to Marcus Webb done: who told you is left as it was"
            in html.unescape(response.text))
    assert read(db_url, lambda tx: tx.get(m.Opportunity, 2)) == before
