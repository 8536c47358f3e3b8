"""Today's replies: a reply that said a decision date offers it, with a form (POST, CSRF) that
keeps it in the debrief of the round's interview, as `afterview debrief N --person P
--decision-date D` does; the follow-ups then go by it, and the offer is made no more. An
automatic reply saying its sender has left is said as such, with their page to act on. In
Debian's Chromium too: from the keyboard at 375 px, with nothing axe-core finds."""

from __future__ import annotations

import html
from datetime import date, timedelta

from afterview.delivery.replies import decision_marker
from afterview.domain import model as m
from afterview.planner import DEFAULT_PLAYBOOK, plan
from tests.web.conftest import NOW, read

SAID = "other: We will make a decision by 10 December."


def contoso(tx) -> tuple[int, int, int]:
    """The demo's Contoso process (gone quiet: its stated date passed): (opportunity, Marcus, interview)."""
    opportunity = next(o for o in tx.list(m.Opportunity) if o.role == "Analytics Engineer")
    marcus = next(p for p in tx.list(m.Person) if p.name == "Marcus Webb")
    [interview] = tx.list(m.Interview, opportunity_id=opportunity.id)
    return opportunity.id, marcus.id, interview.id


def add_reply(db_url, summary: str, **changes) -> int:
    def add(tx):
        opportunity, marcus, _ = contoso(tx)
        values = dict(kind=m.InboundKind.REPLY, received_at=NOW - timedelta(hours=2), person_id=marcus,
                      opportunity_id=opportunity, from_address="marcus.webb@contoso.example",
                      subject="Re: Thank you - Analytics Engineer interview", summary=summary)
        values.update(changes)
        return tx.add(m.Inbound(**values)).id

    return read(db_url, add)


def follow_ups(db_url) -> list:
    def found(tx):
        opportunity, _, _ = contoso(tx)
        return [a for a in plan(tx.facts(), DEFAULT_PLAYBOOK, NOW)
                if a.opportunity_id == opportunity and a.key.startswith(("status_check", "closing_the_loop"))]

    return read(db_url, found)


def stated(db_url) -> list:
    def found(tx):
        _, marcus, interview = contoso(tx)
        return [d.decision_date for d in tx.list(m.Debrief, interview_id=interview, person_id=marcus)]

    return read(db_url, found)


def test_today_offers_the_date_and_the_form_keeps_it(app, client, csrf, db_url):
    reply = add_reply(db_url, f"{SAID}; {decision_marker(date(2026, 12, 10))}")
    app.state.desk.changed()
    assert follow_ups(db_url) == []  # their reply stopped the follow-ups
    page = html.unescape(client.get("/").text)
    assert "They said a decision by Thu 10 Dec 2026. Recorded, it is kept with Marcus Webb's notes" in page
    assert f'action="/replies/{reply}/decision-date"' in page
    assert "We will make a decision by 10 December." in page and "decision said for" not in page
    # without its CSRF token: refused, nothing kept
    assert client.post(f"/replies/{reply}/decision-date", data={"next": "/"}).status_code == 403
    assert stated(db_url) == [date(2026, 11, 23)]  # the demo's date, passed
    done = client.post(f"/replies/{reply}/decision-date", data={"csrf": csrf, "next": "/"}, follow_redirects=True)
    assert done.status_code == 200
    assert "Decision date Thu 10 Dec 2026 kept for Marcus Webb: the follow-ups go by it." in html.unescape(done.text)
    assert stated(db_url) == [date(2026, 12, 10)]
    [first] = [a for a in follow_ups(db_url) if a.key.startswith("status_check.1")]
    assert first.earliest.date() >= date(2026, 12, 14) and "they said they would decide by Thu 10 Dec" in first.reason
    assert "They said a decision by" not in html.unescape(done.text)  # kept: offered no more
    # sent again (another tab): refused in one line, nothing changed
    again = client.post(f"/replies/{reply}/decision-date", data={"csrf": csrf, "next": "/"}, follow_redirects=True)
    said = html.unescape(again.text)
    assert "The reply from Marcus Webb has no decision date to record now: Thu 10 Dec 2026 is recorded already" in said
    assert client.post("/replies/9999/decision-date", data={"csrf": csrf, "next": "/"}).status_code == 404


def test_a_reply_with_no_date_has_no_form_and_is_refused_in_one_line(app, client, csrf, db_url):
    reply = add_reply(db_url, "other: thanks, we will be in touch")
    app.state.desk.changed()
    assert f'action="/replies/{reply}/decision-date"' not in client.get("/").text
    answer = client.post(f"/replies/{reply}/decision-date", data={"csrf": csrf, "next": "/"}, follow_redirects=True)
    assert "The reply from Marcus Webb says no decision date" in html.unescape(answer.text)


def test_an_automatic_reply_saying_they_left_is_said_with_their_page(app, client, db_url):
    add_reply(db_url, "needs_review: has left, says an automatic reply: I have left Contoso Health.; it points to "
                      "talent@contoso.example", classification=m.ReplyClass.NEEDS_REVIEW)
    app.state.desk.changed()
    page = html.unescape(client.get("/").text)
    marcus = read(db_url, lambda tx: contoso(tx)[1])
    assert ("Marcus Webb has left Contoso Health; the reply names talent@contoso.example: on "
            f'<a href="/people/{marcus}#edit-h">their page') in page


def test_the_form_from_the_keyboard_at_375px(browser, live, db_url):
    from tests.web.test_accessibility_browser import axe_page, violations

    reply = add_reply(db_url, f"{SAID}; {decision_marker(date(2026, 12, 10))}")
    live.app.state.desk.changed()
    context, page = axe_page(browser, live, 375)
    try:
        page.goto(f"{live.url}/")
        button = page.get_by_role("button", name="Record this decision date (the reply from Marcus Webb)")
        assert button.count() == 1
        assert "They said a decision by Thu 10 Dec 2026" in page.locator(f"#reply-decision-{reply}").inner_text()
        width, client = page.evaluate("() => [document.documentElement.scrollWidth, "
                                      "document.documentElement.clientWidth]")
        assert width <= client, (width, client)
        assert violations(page) == []
        button.focus()
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert "Decision date Thu 10 Dec 2026 kept for Marcus Webb" in page.content()
        assert page.get_by_role("button", name="Record this decision date (the reply from Marcus Webb)").count() == 0
        assert violations(page) == []
    finally:
        context.close()
    assert stated(db_url) == [date(2026, 12, 10)]


def test_the_desks_mail_round_says_the_date_read_with_a_link_to_today(mail_desk, mail, db_url):
    app, client, csrf = mail_desk(mail_interval=3600)
    mail.deliver_to_inbox("alice", (
        "From: Marcus Webb <marcus.webb@contoso.example>\nTo: alice@example.test\n"
        "Subject: Re: Thank you - Analytics Engineer interview\nDate: Thu, 26 Nov 2026 14:00:00 +0000\n"
        "Message-ID: <round-date-1@example.test>\nIn-Reply-To: <demo-1@mail.example>\n"
        "Content-Type: text/plain; charset=utf-8\n\nHi Alex,\n\nthanks for your patience. We will make a decision "
        "by 10 December.\n\nMarcus\n"))
    said = app.state.mail.run_round().said
    assert said[0] == "1 new reply read"
    [line] = [s for s in said if "they said a decision by" in s]
    assert line.startswith("Marcus Webb's reply: they said a decision by Thu 10 Dec 2026: ") and "/#rep-h" in line
    page = html.unescape(client.get("/settings").text)
    assert ("1 new reply read; Marcus Webb's reply: they said a decision by Thu 10 Dec 2026: "
            '<a href="/#rep-h">record it on Today</a>.') in page
    assert stated(db_url) == [date(2026, 11, 23)]  # offered, not kept
