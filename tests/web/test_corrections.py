"""Correcting records on the desk: what a correction does to the notes already written.

A person's new address reaches the unsent emails to them (as `afterview person edit` does);
deleting a news item takes back at once a note approved to share it; a decision date taken off
an interviewer's card is cleared.
"""

import html

from afterview.domain import model as m
from tests.web.conftest import draft, mark_scheduled, read


def _fields(db_url, csrf, person_id: int, **changes) -> dict:
    """The person form as the page fills it, with `changes`."""
    def load(tx):
        person = tx.get(m.Person, person_id)
        company = tx.get(m.Company, person.company_id).name if person.company_id else ""
        return {"csrf": csrf, "name": person.name, "emails": "\n".join(person.emails), "title": person.title,
                "company": company, "timezone": person.timezone, "country": person.country,
                "tags": ", ".join(person.tags)}

    return {**read(db_url, load), **changes}


def test_a_new_address_reaches_a_draft_already_written(client, csrf, db_url):
    message_id = draft(client, csrf, "thank_you:i1:p1")  # to Priya Raman
    page = client.post("/people/1/edit", data=_fields(db_url, csrf, 1, emails="priya@new.example"),
                       follow_redirects=True).text
    assert ("Saved: Priya Raman. The thank-you note to Priya Raman now goes to priya@new.example "
            "(was priya.raman@northwind.example)") in html.unescape(page)
    assert read(db_url, lambda tx: tx.get(m.Message, message_id).to_address) == "priya@new.example"


def test_a_new_address_takes_a_scheduled_note_back_to_a_draft(client, csrf, db_url):
    message_id = draft(client, csrf, "thank_you:i1:p2")  # to Tom Becker
    mark_scheduled(db_url, message_id)
    page = client.post("/people/2/edit", data=_fields(db_url, csrf, 2, emails="tom@new.example"),
                       follow_redirects=True).text
    assert ("The thank-you note to Tom Becker: not sent to tom.becker@northwind.example: Tom Becker's address is "
            "now tom@new.example; a draft again (read it, then approve it again)") in html.unescape(page)
    message = read(db_url, lambda tx: tx.get(m.Message, message_id))
    assert (message.state, message.to_address, message.scheduled_at) == (m.MessageState.DRAFTED,
                                                                         "tom@new.example", None)


def test_deleting_a_news_item_takes_back_the_note_sharing_it(client, csrf, db_url):
    def add(tx):  # a note sharing news item 1 with Priya, scheduled
        return tx.add(m.Message(kind=m.MessageKind.SHARE_NEWS, person_id=1, opportunity_id=1,
                                action_key="share_news:n1:p1", subject="News", body="Hi Priya,\n\nNews.\n",
                                state=m.MessageState.SCHEDULED, to_address="priya.raman@northwind.example",
                                account="personal"))

    shared = read(db_url, add)
    page = client.post("/news/1/delete", data={"csrf": csrf, "confirm": "yes"}, follow_redirects=True).text
    text = html.unescape(page)
    assert "Deleted: Passed the Confluent Certified Developer for Apache Kafka exam." in text
    assert ("not sent: the news item it shares (Passed the Confluent Certified Developer for Apache Kafka exam) "
            "was deleted; a draft again (to send it all the same: open it and use Send to my Drafts folder)") in text
    assert read(db_url, lambda tx: tx.get(m.Message, shared.id).state) == m.MessageState.DRAFTED


def test_a_decision_date_taken_off_a_card_is_cleared(client, csrf, db_url):
    card = {"csrf": csrf, "topics_1": "streaming", "decision_date_1": "2026-12-07"}
    client.post("/interviews/1/debrief", data=card)

    def decided(tx):
        return next(d.decision_date for d in tx.list(m.Debrief, interview_id=1) if d.person_id == 1)

    assert read(db_url, decided).isoformat() == "2026-12-07"
    client.post("/interviews/1/debrief", data={**card, "decision_date_1": ""})
    assert read(db_url, decided) is None


def test_a_person_entered_twice_is_merged_from_their_page(client, csrf, db_url):
    def add_twin(tx):
        priya = tx.get(m.Person, 1)
        twin = tx.add(m.Person(name="Priya Raman", emails=["p.raman@home.example"], company_id=priya.company_id))
        interview = tx.list(m.Interview)[0]
        interview.participants.append(m.Participant(person_id=twin.id))
        tx.update(interview)
        return twin.id

    twin = read(db_url, add_twin)
    page = client.get(f"/people/{twin}").text
    assert 'action="/people/%d/merge"' % twin in page
    assert page.index('<option value="1">Priya Raman') < page.index('<option value="2">')  # namesake first
    kept = client.post(f"/people/{twin}/merge", data={"csrf": csrf, "into": "1"}, follow_redirects=True)
    assert "Not merged: tick the box to confirm." in kept.text
    assert read(db_url, lambda tx: tx.get(m.Person, twin).id) == twin
    merged = client.post(f"/people/{twin}/merge", data={"csrf": csrf, "into": "1", "confirm": "yes"},
                         follow_redirects=True)
    assert merged.url.path == "/people/1"
    assert f"Merged Priya Raman (person {twin}) into Priya Raman: 1 interview panel moved over" in html.unescape(merged.text)
    assert read(db_url, lambda tx: tx.get(m.Person, 1).emails)[-1] == "p.raman@home.example"
    assert client.post(f"/people/{twin}/merge", data={"csrf": csrf, "into": "1", "confirm": "yes"}).status_code == 404


def test_a_new_name_names_the_drafts_and_takes_back_approved_notes(client, csrf, db_url):
    message_id = draft(client, csrf, "thank_you:i1:p2")  # to Tom Becker: "Hi Tom" or "Dear Tom"
    page = client.post("/people/2/edit", data=_fields(db_url, csrf, 2, name="Thomas Becker"),
                       follow_redirects=True).text
    assert "names Tom Becker: correct it, or draft it again" in html.unescape(page)
    mark_scheduled(db_url, message_id)
    page = client.post("/people/2/edit", data=_fields(db_url, csrf, 2, name="Tomas Becker"),
                       follow_redirects=True).text
    assert "is a draft again: it was written to Thomas Becker; read the greeting" in html.unescape(page)
    assert read(db_url, lambda tx: tx.get(m.Message, message_id).state) == m.MessageState.DRAFTED


def test_a_merge_on_the_desk_says_what_the_command_says(client, csrf, db_url):
    """The kept person's own details, where a moved draft goes and a draft naming the duplicate's
    name: said on the desk as `person merge` says them."""
    message_id = draft(client, csrf, "thank_you:i1:p2")  # to Tom Becker

    def add_typo_twin(tx):
        tom = tx.get(m.Person, 2)
        twin = tx.add(m.Person(name="Tmo Becker", emails=["tmo@home.example"], company_id=tom.company_id,
                               timezone="Asia/Tokyo"))
        note = tx.get(m.Message, message_id)
        note.person_id, note.to_address = twin.id, "tmo@home.example"
        note.body = note.body.replace("Tom", "Tmo")
        tx.update(note)
        return twin.id

    twin = read(db_url, add_typo_twin)
    merged = client.post(f"/people/{twin}/merge", data={"csrf": csrf, "into": "2", "confirm": "yes"},
                         follow_redirects=True)
    said = html.unescape(merged.text)
    assert f"Draft {message_id}: now to tom.becker@northwind.example, Tom Becker's first address (was " \
           f"tmo@home.example, Tmo Becker's)" in said
    assert f"Draft {message_id} names Tmo Becker, now Tom Becker: correct it, or draft it again" in said
    assert read(db_url, lambda tx: tx.get(m.Message, message_id).to_address) == "tom.becker@northwind.example"
