"""*Filed under the wrong person?* on the desk: an incoming message recorded under the wrong person
or opportunity (a reply on Today, an out-of-office reply or a bounce under *What came in* on a
person's or an opportunity's page) is re-filed as `afterview replies move` re-files it, through
the real app on the demo: what changed is said in the desk's words (where it is filed now, the
plan's changes by name, the notes held back), and each refusal at the field it is about, with
what was chosen kept and no command to type on the page. Whom it is from is typed (a name, an
address, a number), with the people near the message to pick from: a few dozen at most, however
large the pipeline."""

from __future__ import annotations

import html as html_lib
import re
from datetime import timedelta

import pytest

from afterview.domain import model as m
from tests.web.conftest import NOW, draft, landing, mark_scheduled, read
from tests.web.test_accessibility import assert_tied, control, error_line, invalid_ids

MARCUS = "marcus.webb@contoso.example"  # Marcus Webb (4), Contoso Health: opportunity 2 alone
TOM = "tom.becker@northwind.example"  # Tom Becker (2), Northwind Analytics: on interview 1's panel


def add_reply(db_url, client, *, kind=m.InboundKind.REPLY, person=1, opportunity=1, address=MARCUS,
              confirmed=False, **extra) -> int:
    """An incoming message recorded in the database, as an older version may have filed it."""
    def add(tx):
        return tx.add(m.Inbound(kind=kind, received_at=NOW - timedelta(hours=2), person_id=person,
                                opportunity_id=opportunity, from_address=address, subject="Re: Thank you",
                                summary=extra.pop("summary", "other: thanks, we will be in touch"),
                                classification=extra.pop("classification", m.ReplyClass.OTHER),
                                confirmed=confirmed, **extra)).id

    record = read(db_url, add)
    client.app.state.desk.changed()
    return record


def filed(db_url, record: int) -> tuple:
    return read(db_url, lambda tx: (lambda r: (r.person_id, r.opportunity_id, r.confirmed))(tx.get(m.Inbound, record)))


def flashes(page: str) -> list[tuple[str, str]]:
    found = re.findall(r'<p class="flash flash-(\w+)" role="\w+"[^>]*>(.*?)</p>', page, re.S)
    return [(level, html_lib.unescape(re.sub(r"<[^>]+>", "", text))) for level, text in found]


def box(page: str, record: int) -> str:
    found = re.search(rf'<details class="refile"[^>]*>(?:(?!</details>).)*action="/replies/{record}/move".*?</details>',
                      page, re.S)
    assert found, f"no box to re-file {record}"
    return found.group(0)


def chosen(page: str, ident: str) -> str:
    select = re.search(rf'<select\b[^>]*\bid="{ident}".*?</select>', page, re.S).group(0)
    picked = re.findall(r'<option value="([^"]*)" selected>', select)
    assert len(picked) <= 1, picked
    return picked[0] if picked else ""


def typed(page: str, ident: str) -> str:
    """What the text field holds."""
    return html_lib.unescape(re.search(r'\bvalue="([^"]*)"', control(page, ident)).group(1))


def offered(page: str, ident: str) -> list[tuple[str, str]]:
    """The people the field's list offers: (what picking one types, how the list says them)."""
    assert f'list="{ident}-list"' in control(page, ident)
    found = re.search(rf'<datalist id="{ident}-list">(.*?)</datalist>', page, re.S).group(1)
    return [(html_lib.unescape(value), html_lib.unescape(label))
            for value, label in re.findall(r'<option value="([^"]*)">([^<]*)</option>', found)]


def places(page: str, ident: str) -> list[tuple[str, str]]:
    """The opportunities the select offers, each with its group ("Open", "Closed")."""
    select = re.search(rf'<select\b[^>]*\bid="{ident}".*?</select>', page, re.S).group(0)
    return [(group, html_lib.unescape(option)) for group, options in
            re.findall(r'<optgroup label="(\w+)">(.*?)</optgroup>', select, re.S)
            for option in re.findall(r'<option value="\d+"[^>]*>([^<]*)</option>', options)]


def move(client, csrf, record: int, person: str = "", opportunity: str = "", back: str = "/"):
    return client.post(f"/replies/{record}/move", data={"csrf": csrf, "person": person,
                                                        "opportunity_id": opportunity, "next": back},
                       follow_redirects=True)


# on Today --------------------------------------------------------------------------------------
def test_today_offers_it_for_a_reply_with_each_control_labelled(client, db_url):
    record = add_reply(db_url, client)
    page = client.get("/").text
    found = box(page, record)
    assert re.search(r"<summary>Filed under the wrong person\?<span class=\"visually-hidden\"> \(the reply from "
                     r"Priya Raman\)</span></summary>", found)
    assert "(from marcus.webb@contoso.example) replied on" in page  # the card says the address is not hers
    person, place = f"mv-person-{record}", f"mv-opp-{record}"
    for ident in (person, place):
        assert re.search(rf'<label for="{ident}">', found), ident
    assert f'aria-describedby="{person}-hint {person}-how"' in control(found, person)
    assert (f'<p class="hint" id="{person}-how">Their name, their email address, or pick them from the list.</p>'
            in found)
    assert f'aria-describedby="{place}-hint"' in control(found, place)
    assert 'name="csrf"' in found and 'name="once"' in found  # a one-time form, as every desk form that saves
    # typed: the address it came from, its owner's; the list, the people near it: whose address it is,
    # whom it is filed under (said so), the people of their companies and the panel
    assert re.search(r'<input type="text" id="mv-person-\d+" name="person" value="marcus.webb@contoso.example" '
                     r'list="mv-person-\d+-list" required', found)
    assert typed(found, person) == MARCUS
    assert offered(found, person) == [
        (MARCUS, "Marcus Webb, Contoso Health"),
        ("priya.raman@northwind.example", "Priya Raman, Northwind Analytics (filed under now)"),
        (TOM, "Tom Becker, Northwind Analytics"),
        ("lena.fischer@northwind.example", "Lena Fischer, Northwind Analytics")]
    assert "It came from marcus.webb@contoso.example; it is filed under Priya Raman, about Senior Data Engineer at " \
           "Northwind Analytics." in found
    # their opportunities, the one it is about first; none of the rest of the pipeline
    assert places(found, place) == [("Open", "Senior Data Engineer at Northwind Analytics (Interviewing)"),
                                    ("Open", "Analytics Engineer at Contoso Health (Interviewing)")]
    assert chosen(found, place) == ""


def test_a_reply_moves_to_the_right_person_and_the_line_says_what_changed(client, csrf, db_url):
    record = add_reply(db_url, client)
    before = read(db_url, lambda tx: tx.count(m.Inbound))
    page = move(client, csrf, record, person=MARCUS)  # no opportunity: Marcus's only process
    assert page.url.path == "/"
    said = [text for level, text in flashes(page.text) if level == "ok"]
    assert said == ["Moved: the reply from marcus.webb@contoso.example is now filed under Marcus Webb, about "
                    "Analytics Engineer at Contoso Health (it was under Priya Raman, about Senior Data Engineer at "
                    "Northwind Analytics). The plan: the status follow-up to Marcus Webb is no longer planned."]
    assert filed(db_url, record) == (4, 2, False)
    assert read(db_url, lambda tx: tx.count(m.Inbound)) == before  # moved, not copied
    # still to confirm, now under Marcus's name, its box saying where it is
    assert "It came from marcus.webb@contoso.example; it is filed under Marcus Webb, about Analytics Engineer" \
        in box(page.text, record)
    assert "(from marcus.webb@contoso.example)" not in page.text  # his own address now


def test_an_out_of_office_reply_moved_from_a_persons_page_holds_back_the_note_and_says_so(client, csrf, db_url):
    message = draft(client, csrf, "thank_you:i1:p2")  # Tom's thank-you, scheduled to go in an hour
    mark_scheduled(db_url, message, at=NOW + timedelta(hours=1))
    record = add_reply(db_url, client, kind=m.InboundKind.AUTO_REPLY, address=TOM, summary="out of office",
                       return_date=(NOW + timedelta(days=7)).date())  # filed under Priya, as an older version did
    page = client.get("/people/1").text
    assert "Automatic reply" in page and "What came in" in page
    found = box(page, record)
    assert '<input type="hidden" name="next" value="/people/1">' in found
    assert typed(found, f"mv-person-{record}") == TOM  # the address is his
    page = move(client, csrf, record, person="Tom Becker", back="/people/1")
    assert page.url.path == "/people/1"
    [said] = [text for level, text in flashes(page.text) if level == "ok"]
    assert said == ("Moved: the automatic reply from tom.becker@northwind.example is now filed under Tom Becker, "
                    "about Senior Data Engineer at Northwind Analytics (it was under Priya Raman). The plan: the "
                    "thank-you note to Priya Raman is now planned from Wed 25 Nov 2026, 16:00, not Fri 04 Dec 2026, "
                    "09:00; the thank-you note to Tom Becker is now planned from Fri 04 Dec 2026, 09:00, not Wed 25 "
                    "Nov 2026, 16:00 (postponed: out of office, back Thu 3 Dec or the business day after). The thank-you note to Tom Becker: "
                    "not sent: they are out of office, back Thu 3 Dec or the business day after; a draft again (approve it and schedule it "
                    "again from Fri 4 Dec 09:00 on)."), said
    assert "afterview" not in said and "message " not in said
    assert read(db_url, lambda tx: tx.get(m.Message, message).state) == m.MessageState.DRAFTED
    assert filed(db_url, record)[:2] == (2, 1)
    assert "What came in" not in page.text  # nothing left filed under Priya


def test_several_processes_is_said_at_the_opportunity_with_the_person_kept_then_moved(client, csrf, db_url):
    def on_a_second_panel(tx):  # Tom on Contoso's interview too: two open processes
        interview = tx.get(m.Interview, 2)
        interview.participants.append(m.Participant(person_id=2))
        tx.update(interview)

    read(db_url, on_a_second_panel)
    record = add_reply(db_url, client, person=5, opportunity=3, address=TOM)
    page = move(client, csrf, record, person="tom").text  # a name as typed: the only Tom
    line = error_line(page)
    assert line == ("Could not move the reply from tom.becker@northwind.example: Tom Becker is part of 2 open "
                    "processes (Senior Data Engineer at Northwind Analytics and Analytics Engineer at Contoso Health): "
                    "say which it is about (choose it under About which opportunity); nothing changed"), line
    assert_tied(page, f"mv-opp-{record}", f"mv-opp-{record}-hint")
    found = box(page, record)
    assert found.startswith('<details class="refile" open>')
    assert typed(found, f"mv-person-{record}") == "tom" and chosen(found, f"mv-opp-{record}") == ""
    # both of his processes to choose from, open ones first (it is about Fabrikam's, closed)
    assert [name for _, name in places(found, f"mv-opp-{record}")][:2] == [
        "Senior Data Engineer at Northwind Analytics (Interviewing)",
        "Analytics Engineer at Contoso Health (Interviewing)"]
    assert filed(db_url, record) == (5, 3, False)
    page = move(client, csrf, record, person="tom", opportunity="2").text
    assert filed(db_url, record) == (2, 2, False)
    assert flashes(page)[0][1].startswith("Moved: the reply from tom.becker@northwind.example is now filed under Tom "
                                          "Becker, about Analytics Engineer at Contoso Health (it was under Grace Liu, "
                                          "about Data Engineer at Fabrikam Energy)")


@pytest.mark.parametrize("person, opportunity, field, said", [
    ("", "", "person", "Whom it is from: type their name or email address, or pick them from the list"),
    ("999", "", "person", "Whom it is from: no person '999': type their name or email address, or pick them from "
                          "the list"),
    ("zoe@nowhere.example", "", "person", "Whom it is from: no person 'zoe@nowhere.example': type their name or "
                                          "email address, or pick them from the list"),
    ("Priya Raman", "", "person", "it is already filed under Priya Raman, Senior Data Engineer at Northwind "
                                  "Analytics: nothing changed"),
    (MARCUS, "1", "opp", "Marcus Webb is neither at Northwind Analytics nor on a panel of Senior Data Engineer at "
                         "Northwind Analytics: their reply cannot be filed there; nothing changed"),
    ("4", "x", "opp", "About which opportunity: not an opportunity: 'x'"),
])
def test_a_refusal_is_said_at_its_field_with_what_was_chosen_kept(client, csrf, db_url, person, opportunity,
                                                                   field, said):
    record = add_reply(db_url, client)
    page = move(client, csrf, record, person=person, opportunity=opportunity).text
    line = error_line(page)
    assert line.startswith(f"Could not move the reply from {MARCUS}: {said}"), line
    ident = f"mv-{field}-{record}"
    assert_tied(page, ident, f"{ident}-hint", *([f"{ident}-how"] if field == "person" else []))
    found = box(page, record)
    assert found.startswith('<details class="refile" open>')
    assert typed(found, f"mv-person-{record}") == person  # as typed
    assert chosen(found, f"mv-opp-{record}") == (opportunity if opportunity == "1" else "")
    assert filed(db_url, record) == (1, 1, False)  # nothing changed
    # the page after: the box closed again, nothing kept
    again = client.get("/").text
    assert invalid_ids(again) == [] and box(again, record).startswith('<details class="refile">')
    assert typed(again, f"mv-person-{record}") == MARCUS



def company_id(tx, name: str) -> int:
    return next(c.id for c in tx.list(m.Company) if c.name == name)


def test_a_name_two_people_share_is_said_at_the_field_and_the_list_offers_both(client, csrf, db_url):
    def two_danas(tx):
        tx.add(m.Person(name="Dana Reyes", emails=["dana.reyes@contoso.example"],
                        company_id=company_id(tx, "Contoso Health")))
        return tx.add(m.Person(name="Dana Cole", company_id=company_id(tx, "Fabrikam Energy"))).id  # no address

    cole = read(db_url, two_danas)
    record = add_reply(db_url, client)  # Marcus's, filed under Priya
    person, place = f"mv-person-{record}", f"mv-opp-{record}"
    assert "Dana Cole" not in box(client.get("/").text, record)  # at none of the companies near it
    page = move(client, csrf, record, person="dana").text
    line = error_line(page)
    assert line == (f"Could not move the reply from {MARCUS}: Whom it is from: 2 people are called 'dana': type their "
                    "email address, or pick them from the list"), line
    assert "id" not in line.split(": ", 1)[1]
    assert_tied(page, person, f"{person}-hint", f"{person}-how")
    found = box(page, record)
    assert found.startswith('<details class="refile" open>') and typed(found, person) == "dana"
    # both listed first, each by what names them alone: her address, her name (she has no address)
    assert offered(found, person)[:3] == [("dana.reyes@contoso.example", "Dana Reyes, Contoso Health"),
                                          ("Dana Cole", "Dana Cole, Fabrikam Energy"),
                                          (MARCUS, "Marcus Webb, Contoso Health")]
    assert ("Closed", "Data Engineer at Fabrikam Energy (Rejected)") in places(found, place)  # hers too now
    assert filed(db_url, record) == (1, 1, False)
    page = move(client, csrf, record, person="Dana Cole").text  # picked from the list
    assert flashes(page)[0][1].startswith(f"Moved: the reply from {MARCUS} is now filed under Dana Cole, about Data "
                                          "Engineer at Fabrikam Energy (it was under Priya Raman, about Senior Data "
                                          "Engineer at Northwind Analytics)")
    assert filed(db_url, record) == (cole, 3, False)


def test_a_box_offers_a_few_dozen_however_large_the_pipeline(client, db_url, monkeypatch):
    """2,000 people, all at the company the reply's address is at, and 100 of its opportunities: each
    box lists the nearest 60 people and 40 opportunities, from lookups made once for the facts read."""
    def crowd(tx):
        contoso = company_id(tx, "Contoso Health")
        for n in range(2_000):
            tx.add(m.Person(name=f"Colleague {n}", emails=[f"colleague{n}@contoso.example"], company_id=contoso))
        for n in range(100):
            tx.add(m.Opportunity(company_id=contoso, role=f"Role {n}",
                                 status=m.OpportunityStatus.REJECTED if n % 5 else m.OpportunityStatus.APPLIED))

    read(db_url, crowd)
    records = [add_reply(db_url, client), add_reply(db_url, client, address="hr@contoso.example")]
    page = client.get("/").text
    for record in records:
        found = box(page, record)
        assert found.count("<option") == 60 + 40 + 1, found.count("<option")  # and "(as it is, or their only one)"
        assert len(found) < 20_000, len(found)
        person, place = f"mv-person-{record}", f"mv-opp-{record}"
        people = offered(found, person)
        assert len(people) == 60
        assert len(places(found, place)) == 40
        # whom it is filed under still fits, after half the list from the address's domain
        assert people[30] == ("priya.raman@northwind.example", "Priya Raman, Northwind Analytics (filed under now)")
        assert places(found, place)[0] == ("Open", "Senior Data Engineer at Northwind Analytics (Interviewing)")
        groups = [group for group, _ in places(found, place)]
        assert groups == ["Open"] * 22 + ["Closed"] * 18  # open ones first: 20 of Contoso's, its 2 of the demo
    assert offered(box(page, records[0]), f"mv-person-{records[0]}")[0] == (MARCUS, "Marcus Webb, Contoso Health")
    assert typed(box(page, records[1]), f"mv-person-{records[1]}") == ""  # an address no one has
    assert len(page) < 200_000, len(page)

    from afterview.interfaces.web import refile

    built = []

    class Counted(refile.Near):
        def __init__(self, facts):
            built.append(facts)
            super().__init__(facts)

    monkeypatch.setattr(refile, "Near", Counted)
    client.app.state.desk.changed()  # the facts read again
    client.get("/")
    assert len(built) == 1  # once for the page, not for each box
    client.get("/people/1")  # the same facts (the page's own): the same lookups
    client.get("/?page=2")
    assert len(built) == 1 and built[0] is client.app.state.desk.snapshot().facts


def test_a_status_that_stands_is_said_in_the_desks_words_on_the_opportunitys_page(client, csrf, db_url):
    record = add_reply(db_url, client, person=4, opportunity=2, address="ana.souza@springfield.example",
                       classification=m.ReplyClass.REJECTION, summary="rejection: we went another way")
    client.post(f"/replies/{record}/confirm", data={"csrf": csrf, "status": "rejected"})
    page = client.get("/opportunities/2").text
    assert '<input type="hidden" name="next" value="/opportunities/2">' in box(page, record)
    page = move(client, csrf, record, person="ana.souza@springfield.example", back="/opportunities/2").text
    line = error_line(page)
    assert line == ("Could not move the reply from ana.souza@springfield.example: it made Analytics Engineer at "
                    "Contoso Health rejected when you confirmed it, and that status stands: set it back first (Change "
                    "status to interviewing, on the opportunity's page), then move the reply; nothing changed"), line
    assert_tied(page, f"mv-opp-{record}", f"mv-opp-{record}-hint")
    assert typed(box(page, record), f"mv-person-{record}") == "ana.souza@springfield.example"
    assert filed(db_url, record) == (4, 2, True)
    # set back, it moves, and waits on Today to be confirmed for its new opportunity
    client.post("/opportunities/2/status", data={"csrf": csrf, "status": "interviewing", "note": ""})
    page = move(client, csrf, record, person="6", back="/opportunities/2").text  # a person's number is taken too
    [said] = [text for level, text in flashes(page) if level == "ok"]
    assert ("It changed the status of Analytics Engineer at Contoso Health when you confirmed it there: say what it "
            "means for Data Analyst at City of Springfield under Replies to confirm, on Today") in said
    assert filed(db_url, record) == (6, 5, False)
    assert box(client.get("/").text, record)


def test_who_told_you_follows_a_reply_moved_within_its_opportunity(client, csrf, db_url):
    record = add_reply(db_url, client, person=2, opportunity=1, address="priya.raman@northwind.example",
                       classification=m.ReplyClass.REJECTION, summary="rejection: not this time")
    client.post(f"/replies/{record}/confirm", data={"csrf": csrf, "status": "rejected"})
    page = move(client, csrf, record, person="Priya Raman", back="/opportunities/1").text
    [said] = [text for level, text in flashes(page) if level == "ok"]
    assert said.startswith("Moved: the reply from priya.raman@northwind.example is now filed under Priya Raman, "
                           "about Senior Data Engineer at Northwind Analytics (it was under Tom Becker). Senior Data "
                           "Engineer at Northwind Analytics is rejected: who told you is now Priya Raman"), said
    assert "rejection reply to Priya Raman is now planned" in said
    assert filed(db_url, record) == (1, 1, True)


def test_a_bounce_moves_from_the_opportunitys_page_and_a_form_sent_twice_moves_once(client, csrf, db_url):
    record = add_reply(db_url, client, kind=m.InboundKind.BOUNCE, address="mailer-daemon@northwind.example",
                       summary="bounced: user unknown")
    page = client.get("/opportunities/1").text
    assert re.search(r"<strong>Bounce</strong> [^<]* from mailer-daemon@northwind\.example, filed under "
                     r'<a href="/people/1">Priya Raman</a>', page)
    found = box(page, record)
    assert "(bounce from mailer-daemon@northwind.example, Thu 26 Nov 2026, 08:00)" in found
    once = re.search(r'name="once" value="([^"]+)"', found).group(1)
    data = {"csrf": csrf, "once": once, "person": "lena.fischer@northwind.example", "opportunity_id": "",
            "next": "/opportunities/1"}
    first = client.post(f"/replies/{record}/move", data=data, follow_redirects=True)
    assert flashes(first.text)[0][1].startswith("Moved: the bounce from mailer-daemon@northwind.example is now filed "
                                                "under Lena Fischer, about Senior Data Engineer at Northwind Analytics "
                                                "(it was under Priya Raman)")
    assert filed(db_url, record)[:2] == (3, 1)
    def filed_back(tx):  # as it was: the same form sent again (Back, another tab) must not move it
        bounce = tx.get(m.Inbound, record)
        bounce.person_id = 1
        tx.update(bounce)

    read(db_url, filed_back)
    second = client.post(f"/replies/{record}/move", data=data)
    assert second.status_code == 409 and "sent already" in second.text
    assert filed(db_url, record)[:2] == (1, 1)  # not moved again


def test_an_unknown_reply_is_not_found_and_the_address_opened_goes_to_today(client, csrf):
    assert client.post("/replies/999/move", data={"csrf": csrf, "person": "1"}).status_code == 404
    assert client.post("/replies/abc/move", data={"csrf": csrf, "person": "1"}).status_code == 404
    page = client.get("/replies/5/move", follow_redirects=False)
    assert page.status_code == 303 and landing(page) == "/"
    assert client.post("/replies/1/move", data={"person": "1"}).status_code == 403  # no CSRF token


def test_no_command_reaches_the_page():
    from afterview.interfaces.web.views import desk_words

    said = desk_words("reply 5 made opportunity 1 rejected when you confirmed it, and that status stands: set it "
                      "back first (afterview opportunity status 1 no-response), then move the reply; nothing changed")
    assert "(Change status to no-response, on the opportunity's page)" in said and "afterview" not in said
    assert desk_words("set it back first (afterview opportunity status 1 STATUS), then") == (
        "set it back first (Change status, on the opportunity's page), then")
