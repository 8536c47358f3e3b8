"""Approving on a desk that sends no mail said "..., if mail is sent then: this desk sends none
(see Settings)". It says plainly that the note is approved but nothing goes out until mail
sending is on, how (the desk's words first, then the terminal's), and why (`--no-mail`, or a
made-up moment: `--at`), naming no command to type."""

from __future__ import annotations

import html
import re

import pytest

from tests.web.conftest import draft

TEXT = "Hi Ana,\n\nThank you for the conversation about the data platform.\n\nBest,\nAlex\n"


@pytest.fixture
def quiet(mail_desk):
    """A desk with a mail account but without its mail loop (`serve --no-mail`)."""
    return mail_desk(mail_interval=None)


def _approve(client, csrf) -> str:
    ana = draft(client, csrf, "thank_you:i4:p6")  # the demo's late note: it goes at once
    page = client.post(f"/drafts/{ana}", data={"csrf": csrf, "do": "approve", "subject": "Thank you", "body": TEXT,
                                               "despite": "yes"}, follow_redirects=True)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page.text)).split())


def test_no_mail_desk_says_nothing_goes_out_until_mail_is_on(quiet):
    app, client, csrf = quiet
    said = _approve(client, csrf)
    assert ("Approved: it goes out as soon as mail sending is on. Nothing goes out yet: this desk was started with "
            "mail sending off. To send it, close the desk and start it again with mail sending on (in the "
            "terminal you started it from: the same command without --no-mail).") in said
    assert "sends none" not in said and "afterview " not in said


def test_made_up_moment_desk_says_why(quiet):
    app, client, csrf = quiet
    app.state.desk.sends = False  # serve --at
    said = _approve(client, csrf)
    assert "Nothing goes out yet: this desk runs at a made-up moment (for trying things out) and sends no mail." in said
    assert "the same command without --at" in said
