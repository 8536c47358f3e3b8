"""An account written wrong in config.toml (a port written as text, a misspelt key) on the desk.

Found by a tester: Settings said what was wrong with such an account but offered no Edit or
Remove for it, only commands; its Edit page answered "no mail account named 'me': it may have been
removed"; Today had no line about it, unlike `afterview today`, and the card of a note waiting on
it said to Test the connection, which cannot put a file right. Now Settings lists it with its Edit
(the section as written: a repair saved as `afterview account edit` saves it; a misspelt key the
form cannot show said with its line) and its Remove; Today says it first, in the terminal's words
with the desk's way; the card says to put the account right. The Snooze box suggests a moment
later than the action's start, since a snooze to before it is refused."""

from __future__ import annotations

import html
import re
import tomllib
from datetime import timedelta

from afterview.domain import model as m
from tests.web.conftest import NOW, csrf_of, draft, mark_scheduled, read
from tests.web.test_d24_account_edit import flashes, form_of

GOOD = ('[accounts.good]\nemail = "good@example.test"\nsmtp_host = "127.0.0.1"\nsmtp_tls = "none"\n'
        'password_env = "AV_D86"\n')
PORT_AS_TEXT = ('[accounts.me]\nemail = "me@example.test"\nsmtp_host = "127.0.0.1"\nsmtp_port = "30401"\n'
                'smtp_tls = "none"\npassword_env = "AV_D86"\n')
MISSPELT = '[accounts.typo]\nemial = "typo@example.test"\nsmtp_host = "127.0.0.1"\npassword_env = "AV_D86"\n'


def text_of(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split()).replace(" :", ":").replace(" .", ".")


def account_block(page: str, name: str) -> str:
    return page.split(f'id="account-{name}">')[1].split('<div class="account')[0].split("<details class=\"add-account")[0]


def test_settings_offers_edit_and_remove_for_an_account_written_wrong(client, afterview_home):
    config = afterview_home / "config.toml"
    config.write_text(f"{GOOD}\n{PORT_AS_TEXT}")
    page = client.get("/settings").text
    block = account_block(page, "me")
    assert '<a class="button" href="/settings/accounts/me/edit">Edit' in block
    assert 'action="/settings/accounts/me/remove"' in block
    assert "/settings/accounts/me/test" not in block  # it cannot be used: nothing to test yet
    said = text_of(block)
    assert "Account me cannot be used:" in said and "[accounts.me] smtp_port must be a port number" in said
    assert "afterview account" not in said  # the desk's way, not commands
    # its edit page opens with the section as written: the port as typed there
    edit = client.get("/settings/accounts/me/edit")
    assert edit.status_code == 200, edit.text
    data = form_of(edit.text)
    assert data["smtp_port"] == "30401" and data["account_email"] == "me@example.test"
    assert "smtp_port must be a port number" in text_of(edit.text)
    # saved as shown, the port is written as a number: the account can be used again
    done = client.post("/settings/accounts/me/edit", data=data, follow_redirects=True)
    assert done.status_code == 200, done.text
    assert "Saved the mail account me: the SMTP port changed." in flashes(done.text), flashes(done.text)
    written = tomllib.loads(config.read_text())["accounts"]
    assert written["me"] == {"email": "me@example.test", "smtp_host": "127.0.0.1", "smtp_port": 30401,
                             "smtp_tls": "none", "password_env": "AV_D86"}
    assert config.read_text().startswith(GOOD)  # the other account as written
    assert "/settings/accounts/me/test" in client.get("/settings").text


def test_a_misspelt_key_is_said_with_its_line_and_only_the_file_puts_it_right(client, afterview_home):
    config = afterview_home / "config.toml"
    config.write_text(f"{GOOD}\n{MISSPELT}")
    before = config.read_text()
    edit = client.get("/settings/accounts/typo/edit")
    assert edit.status_code == 200, edit.text
    said = text_of(edit.text)
    assert "This form cannot show emial (line 8): correct that line in config.toml" in said, said
    refused = client.post("/settings/accounts/typo/edit", data=form_of(edit.text), follow_redirects=True)
    assert refused.status_code == 400
    assert "correct that line in config.toml" in text_of(refused.text) and "nothing was saved" in text_of(refused.text)
    assert config.read_text() == before


def test_remove_takes_an_account_written_wrong_out(client, afterview_home):
    config = afterview_home / "config.toml"
    config.write_text(f"{GOOD}\n{MISSPELT}")
    page = client.get("/settings").text
    block = account_block(page, "typo")
    csrf = csrf_of(block)
    done = client.post("/settings/accounts/typo/remove", data={"csrf": csrf, "confirm": "yes"}, follow_redirects=True)
    assert done.status_code == 200 and "Removed the mail account typo" in flashes(done.text)
    assert "typo" not in tomllib.loads(config.read_text())["accounts"]


def test_today_says_first_the_account_notes_wait_on_and_what_to_do_on_the_desk(app, client, csrf, db_url,
                                                                            afterview_home):
    from afterview.services import delivery
    from afterview.storage import open_store

    (afterview_home / "config.toml").write_text(f"{GOOD}\n{PORT_AS_TEXT}")
    message_id = draft(client, csrf, key="thank_you:i1:p2")
    mark_scheduled(db_url, message_id, at=NOW - timedelta(minutes=5), account="me")
    page = client.get("/").text
    top = re.search(r'<div class="panel paused-accounts broken-accounts" id="broken">(.*?)</div>', page, re.S)
    assert top, "no line about the account written wrong"
    said = text_of(top.group(1))
    assert said.startswith("cannot be used account me cannot be used: ")
    assert "[accounts.me] smtp_port must be a port number" in said
    assert f"1 approved note waits on it (message {message_id})" in said
    assert "What to do: Edit it on the Settings page" in said and "afterview account" not in said
    assert page.index('id="broken"') < page.index('id="due-h"')
    # the outbox's round finds it: the note waits for its account, and its card says to put it right
    store = open_store(db_url)
    try:
        delivery.send_due(store, now=NOW, accounts=app.state.desk.accounts())
    finally:
        store.close()
    assert read(db_url, lambda tx: tx.get(m.Message, message_id).state) == m.MessageState.SCHEDULED
    card = re.search(r'<div class="not-sent-yet">(.*?)</div>', client.get("/").text, re.S)
    assert card, "no card of the note waiting"
    words = text_of(card.group(1))
    assert "Put the account right on the Settings page (its Edit" in words, words
    assert "Test the connection): it goes out" not in words and "afterview account edit" not in words


def test_the_snooze_box_suggests_a_moment_a_snooze_moves_the_action_to(client, csrf):
    key, box = "thank_you:i1:p2", "until-thank_you-i1-p2"
    moved = client.post("/actions/snooze", data={"csrf": csrf, "key": key, "until": "2026-12-02 10:00", "next": "/"},
                        follow_redirects=True)
    assert "Snoozed until" in flashes(moved.text), flashes(moved.text)
    page = next(text for text in (client.get(f"/opportunities/{n}").text for n in range(1, 12))
                if f'id="{box}"' in text)
    suggested = html.unescape(re.search(rf'id="{box}" name="until" value="([^"]*)"', page).group(1))
    assert suggested == "2026-12-03 09:00"  # the business morning after it starts (Wed 2 Dec, 10:00)
    again = client.post("/actions/snooze", data={"csrf": csrf_of(page), "key": key, "until": suggested,
                                                 "snoozed": re.search(r'name="snoozed" value="(\d+)"', page.split(
                                                     f'id="{box}"')[0].rsplit("<form", 1)[1]).group(1),
                                                 "next": "/"}, follow_redirects=True)
    said = flashes(again.text)
    assert "Snoozed until Thu 03 Dec 2026, 09:00" in said and "Could not" not in said, said


def test_the_suggestion_skips_a_weekend_and_is_tomorrow_for_an_action_begun():
    from types import SimpleNamespace

    from afterview.interfaces.web.views import snooze_from

    begun = SimpleNamespace(earliest=NOW - timedelta(days=1))
    assert snooze_from(begun, NOW, "UTC") == "tomorrow 9:00"  # Thursday: Friday morning
    friday = SimpleNamespace(earliest=NOW + timedelta(days=1))  # starts Friday: Monday morning
    assert snooze_from(friday, NOW, "UTC") == "2026-11-30 09:00"
