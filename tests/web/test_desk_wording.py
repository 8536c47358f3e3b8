"""What the desk says, said right: plurals, zones named, a full stop, the timeline in words, and
"Draft the notes" for a panel telling what each note left out."""

from __future__ import annotations

import html as html_lib
import re
from datetime import date, timedelta
from types import SimpleNamespace

from afterview.domain import model as m
from afterview.storage import open_store
from tests.web.conftest import NOW, landing, read


def flashes(page: str) -> list[str]:
    return [html_lib.unescape(text) for text in re.findall(r'<p class="flash flash-\w+" role="\w+">([^<]*)</p>', page)]


def capture(client, csrf, panel=("Hank Scorpio", "Frank Grimes"), **extra) -> int:
    data = {"csrf": csrf, "opportunity": "", "company": "Globex", "role": "Platform Engineer",
            "date": "2026-11-26", "start": "09:00", "end": "10:00", "timezone": "America/New_York",
            "format": "video", "stage": "panel"}
    for n, name in enumerate(panel, start=1):
        data.update({f"name_{n}": name, f"email_{n}": f"{name.split()[0].lower()}@globex.test",
                     f"role_{n}": "interviewer"})
    data.update(extra)
    response = client.post("/capture", data=data, follow_redirects=False)
    assert response.status_code == 303, response.text
    return int(re.search(r"/interviews/(\d+)/debrief", landing(response)).group(1))


def people(db_url) -> dict[str, int]:
    return read(db_url, lambda tx: {p.name: p.id for p in tx.list(m.Person)})


def add(db_url, client, *records):
    store = open_store(db_url)
    with store.transaction() as tx:
        added = [tx.add(r) for r in records]
    store.close()
    client.app.state.desk.changed()
    return added


# Draft the notes for a whole panel --------------------------------------------------------------
def test_draft_the_notes_says_what_each_note_left_out(client, csrf, db_url):
    interview_id = capture(client, csrf)
    ids = people(db_url)
    client.post(f"/interviews/{interview_id}/debrief", data={
        "csrf": csrf,
        f"topics_{ids['Hank Scorpio']}": "scaling the data platform",
        f"concerns_{ids['Hank Scorpio']}": "little Kubernetes experience",
        f"topics_{ids['Frank Grimes']}": "the on-call rota",
        f"concerns_{ids['Frank Grimes']}": "no Go in production",
    })
    page = client.post(f"/interviews/{interview_id}/draft", data={"csrf": csrf}, follow_redirects=True)
    said = flashes(page.text)
    assert said[0] == "2 drafts ready for review."
    considered = [line for line in said if line.startswith("To consider: ")]
    assert len(considered) == 2
    assert any("little Kubernetes experience" in line for line in considered)
    assert any("no Go in production" in line for line in considered)


def test_draft_the_notes_says_nothing_more_when_nothing_was_left_out(client, csrf, db_url):
    interview_id = capture(client, csrf, panel=("Hank Scorpio",))
    hank = people(db_url)["Hank Scorpio"]
    client.post(f"/interviews/{interview_id}/debrief", data={
        "csrf": csrf, f"topics_{hank}": "scaling the data platform",
        f"concerns_{hank}": "my Kubernetes experience -> I ran our clusters for a year"})
    said = flashes(client.post(f"/interviews/{interview_id}/draft", data={"csrf": csrf}, follow_redirects=True).text)
    assert said == ["1 draft ready for review."]


# the cards ----------------------------------------------------------------------------------------
def test_one_card_and_one_note_are_said_in_the_singular(client, csrf, db_url):
    interview_id = capture(client, csrf, panel=("Hank Scorpio",))
    hank = people(db_url)["Hank Scorpio"]
    today = client.post(f"/interviews/{interview_id}/debrief", data={"csrf": csrf, f"topics_{hank}": "scaling"},
                        follow_redirects=True).text
    assert "Saved 1 card. The thank-you note is under Coming up on Today (not due yet)." in flashes(today)


def test_one_card_for_a_panel_of_two_still_has_two_notes(client, csrf, db_url):
    interview_id = capture(client, csrf)
    hank = people(db_url)["Hank Scorpio"]
    today = client.post(f"/interviews/{interview_id}/debrief", data={"csrf": csrf, f"topics_{hank}": "scaling"},
                        follow_redirects=True).text
    assert "Saved 1 card. The thank-you notes are under Coming up on Today (not due yet)." in flashes(today)


def test_the_cards_page_names_the_interviews_zone(client, csrf, db_url):
    interview_id = capture(client, csrf, timezone="Europe/Berlin", start="14:00", end="15:30")
    page = client.get(f"/interviews/{interview_id}/debrief").text
    assert "Thu 26 Nov 2026, 14:00-15:30 Europe/Berlin" in page


def test_deleting_an_interview_without_cards_says_no_cards(client, csrf, db_url):
    interview_id = capture(client, csrf)
    page = client.post(f"/interviews/{interview_id}/delete", data={"csrf": csrf, "confirm": "yes"},
                       follow_redirects=True).text
    assert "Deleted the panel of Thu 26 Nov 2026 with no cards." in flashes(page)
    assert "0 cards" not in page


# insights -----------------------------------------------------------------------------------------
def test_one_reply_in_half_an_hour_is_said_as_such(client, db_url):
    sent = NOW - timedelta(days=2)
    [message] = add(db_url, client, m.Message(kind=m.MessageKind.THANK_YOU, person_id=1, opportunity_id=1,
                                              state=m.MessageState.SENT, sent_at=sent, subject="s", body="b"))
    add(db_url, client, m.Inbound(kind=m.InboundKind.REPLY, received_at=sent + timedelta(minutes=30), person_id=1,
                                  opportunity_id=1, answers_message_id=message.id))
    html = client.get("/insights").text
    assert "Median: 30 min over 1 reply." in html


# the timeline -------------------------------------------------------------------------------------
def _timeline(page: str) -> list[str]:
    part = page[page.index('<ol class="timeline">'):]
    part = part[:part.index("</ol>")]
    return [" ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", li)).split())
            for li in re.findall(r"<li.*?</li>", part, re.S)]


def test_a_reply_is_named_by_its_sender_and_comes_before_the_status_it_gave(client, csrf, db_url):
    # (confirmed as an offer, the reply reads as one: what the user confirms is what it means)
    # the reply's Date (the sender's clock) is a little after the moment it is confirmed
    [reply] = add(db_url, client, m.Inbound(
        kind=m.InboundKind.REPLY, received_at=NOW + timedelta(seconds=30), person_id=4, opportunity_id=2,
        classification=m.ReplyClass.NEXT_ROUND, from_address="marcus.webb@contoso.example", subject="Re: Thank you"))
    client.post(f"/replies/{reply.id}/confirm", data={"csrf": csrf, "status": "offer"})
    rows = _timeline(client.get("/opportunities/2").text)
    replied = [n for n, row in enumerate(rows) if "Marcus Webb wrote back (offer)" in row]
    offered = [n for n, row in enumerate(rows) if "Analytics Engineer: offer" in row]
    assert replied and offered and replied[0] < offered[0], rows
    assert not any("reply from" in row for row in rows)


def test_an_out_of_office_and_a_bounce_in_words(client, db_url):
    add(db_url, client,
        m.Inbound(kind=m.InboundKind.AUTO_REPLY, received_at=NOW - timedelta(hours=2), person_id=4, opportunity_id=2,
                  return_date=date(2026, 12, 1), from_address="marcus.webb@contoso.example"),
        m.Inbound(kind=m.InboundKind.BOUNCE, received_at=NOW - timedelta(hours=1), person_id=4, opportunity_id=2,
                  from_address="mailer-daemon@contoso.example"))
    rows = " | ".join(_timeline(client.get("/opportunities/2").text))
    assert "automatic answer from Marcus Webb (back 2026-12-01)" in rows
    assert "mail to Marcus Webb bounced" in rows and "mailer-daemon" not in rows


# settings and small helpers -----------------------------------------------------------------------
def test_settings_names_the_zone_of_the_last_mail_round(client):
    from afterview.interfaces.web.mail import MailState

    client.app.state.desk.mail = SimpleNamespace(rounds=(MailState(at=NOW, said=["nothing to send"]),), started=NOW)
    page = client.get("/settings").text
    assert '<time datetime="2026-11-26T10:00:00-05:00">Thu 26 Nov 2026, 10:00</time>: nothing to send.' in page
    assert "in your time (America/New_York)" in page


def test_a_weekend_or_holiday_reads_as_the_first_business_day_after_it():
    from afterview.interfaces.web.views import business_day

    assert business_day(date(2026, 12, 27)) == "Mon 28 Dec 2026"  # a Sunday
    assert business_day(date(2026, 12, 25), country="us") == "Mon 28 Dec 2026"  # Christmas Day, a Friday
    assert business_day(date(2026, 12, 23), country="US") == "Wed 23 Dec 2026"


def test_review_errors_say_it_for_one_and_them_for_several():
    from afterview.services.delivery import ReviewErrors

    one = str(ReviewErrors(9, [SimpleNamespace(code="placeholder")]))
    assert one == "message 9 has 1 error (placeholder): fix the text first, or approve it despite it"
    two = str(ReviewErrors(9, [SimpleNamespace(code="placeholder"), SimpleNamespace(code="wrong-name")]))
    assert two.endswith("2 errors (placeholder, wrong-name): fix the text first, or approve it despite them")


def test_a_timeline_entry_does_not_repeat_its_label():
    from afterview.interfaces.web.views import after_label

    assert after_label("feedback: more SQL depth", "feedback") == "more SQL depth"
    assert after_label("feedback from Sam: more SQL depth", "feedback") == "from Sam: more SQL depth"
    assert after_label("feedback", "feedback") == "feedback"  # nothing else to say: kept
    assert after_label("Dana Ruiz wrote back", "reply") == "Dana Ruiz wrote back"
