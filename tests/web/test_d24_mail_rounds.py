"""The desk's mail rounds after a mail account is added: Settings said "no mail account yet: add
one below" under the account just added, until the loop's next round (a minute later, an hour
with a long interval): the round's words were kept and nothing told the loop the accounts had
changed. Now adding, editing or removing an account on Settings wakes the loop, whose next round
uses it at once, and a round that found no account is said as past once there is one (added on
Settings or in the terminal)."""

from __future__ import annotations

import html
import re
import time

from tests.web.conftest import HOSTS, NOW, TOKEN, client_for, csrf_of
from tests.web.test_account_form_ports import FORM

NO_ACCOUNT = "no mail account yet: add one below"


def rounds_on(page: str) -> list[str]:
    found = re.search(r'<ol class="rounds"[^>]*>(.*?)</ol>', page, re.S)
    assert found, "no list of recent rounds on Settings"
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", "", item)).split())
            for item in re.findall(r"<li>(.*?)</li>", found.group(1), re.S)]


def desk(db_url, interval: float):
    from afterview.interfaces.web.app import create_app
    from afterview.services.demo import load_demo
    from afterview.storage import open_store

    store = open_store(db_url)
    with store.transaction() as tx:
        load_demo(tx, now=NOW, tz="America/New_York")
    store.close()
    return create_app(db_url, now=lambda: NOW, token=TOKEN, allowed_hosts=HOSTS, mail_interval=interval)


def add_account(client, **changes):
    page = client.get("/settings").text
    once = re.search(r'name="once" value="([^"]+)"', page.split('id="account-form"')[1]).group(1)
    done = client.post("/settings/accounts", data={**FORM, "imap_host": "", "csrf": csrf_of(page), "once": once,
                                                   **changes}, follow_redirects=True)
    assert "Added the mail account home" in done.text, done.text
    return done


def test_a_round_without_an_account_is_said_as_past_once_one_is_added(db_url, afterview_home):
    app = desk(db_url, 3600)  # (no lifespan: the loop's rounds are run by the test)
    loop = app.state.mail
    client = client_for(app)
    client.get(f"/login?token={TOKEN}")
    assert loop.run_round().said == [NO_ACCOUNT]
    assert rounds_on(client.get("/settings").text) == [f"Thu 26 Nov 2026, 10:00: {NO_ACCOUNT}."]
    added = add_account(client)
    assert rounds_on(added.text) == ["Thu 26 Nov 2026, 10:00: no mail account then (one has been added since)."]
    assert NO_ACCOUNT not in added.text
    assert loop._wake.is_set()  # the loop's next round comes now, not in an hour
    loop._wake.clear()
    client.post("/settings/accounts/home/remove", data={"csrf": csrf_of(added.text), "confirm": "yes"})
    assert loop._wake.is_set()
    assert rounds_on(client.get("/settings").text) == [f"Thu 26 Nov 2026, 10:00: {NO_ACCOUNT}."]  # none again


def test_an_account_added_in_the_terminal_is_not_asked_for_either(db_url, afterview_home):
    app = desk(db_url, 3600)
    client = client_for(app)
    client.get(f"/login?token={TOKEN}")
    app.state.mail.run_round()
    (afterview_home / "config.toml").write_text('[accounts.home]\nemail = "alice@example.test"\n'
                                                'smtp_host = "mail.example.test"\npassword_env = "MAIL_PASSWORD"\n')
    page = client.get("/settings").text
    assert rounds_on(page) == ["Thu 26 Nov 2026, 10:00: no mail account then (one has been added since)."]


def test_the_running_loop_uses_an_account_as_soon_as_it_is_added(db_url, afterview_home):
    """The desk's own mail loop (lifespan), a round an hour: the account added is used at once."""
    app = desk(db_url, 3600)
    with client_for(app) as client:
        client.get(f"/login?token={TOKEN}")
        deadline = time.monotonic() + 10
        while not app.state.mail.rounds and time.monotonic() < deadline:
            time.sleep(0.05)
        assert [r.said for r in app.state.mail.rounds] == [[NO_ACCOUNT]]
        add_account(client)
        deadline = time.monotonic() + 10
        while len(app.state.mail.rounds) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        listed = rounds_on(client.get("/settings").text)
        assert listed[0] == "Thu 26 Nov 2026, 10:00: nothing to send, no new replies.", listed
        assert listed[1:] == ["Thu 26 Nov 2026, 10:00: no mail account then (one has been added since)."]
