"""The desk's cached plan: remade after writes (its own or another program's), restated as time passes."""

from __future__ import annotations

import re
import time
from datetime import timedelta

from afterview.domain import model as m
from afterview.interfaces.web.desk import Desk
from afterview.services.demo import load_demo
from afterview.storage import open_store
from tests.web.conftest import NOW


class Clock:
    def __init__(self, now):
        self.now = now

    def __call__(self):
        return self.now


def _desk(db_url, clock):
    store = open_store(db_url)
    with store.transaction() as tx:
        load_demo(tx, now=NOW, tz="America/New_York")
    return Desk(store, clock=clock), store


def test_the_plan_is_reused_until_something_changes(db_url):
    desk, _ = _desk(db_url, Clock(NOW))
    first = desk.snapshot()
    assert desk.snapshot() is first
    desk.write(lambda tx: tx.add(m.Company(name="New Co")))
    second = desk.snapshot()
    assert second is not first and any(c.name == "New Co" for c in second.facts.companies.values())


def test_a_write_by_another_program_is_noticed(db_url):
    desk, _ = _desk(db_url, Clock(NOW))
    first = desk.snapshot()
    time.sleep(0.01)
    other = open_store(db_url)  # the CLI or the worker, writing the same file
    with other.transaction() as tx:
        tx.add(m.Company(name="From the CLI"))
    other.close()
    assert any(c.name == "From the CLI" for c in desk.snapshot().facts.companies.values())
    assert desk.snapshot() is not first


def test_states_follow_the_clock_between_plans(db_url):
    clock = Clock(NOW)
    desk, _ = _desk(db_url, clock)
    base = desk.snapshot()
    due = next(a for a in base.actions if a.state == "due")
    clock.now = due.due + timedelta(minutes=5)
    later = desk.snapshot()
    assert next(a for a in later.actions if a.key == due.key).state == "overdue"
    assert later.now == clock.now


def test_an_old_plan_is_remade_in_the_background(db_url):
    clock = Clock(NOW)
    desk, _ = _desk(db_url, clock)
    first = desk.snapshot()
    clock.now = NOW + timedelta(minutes=5)
    served = desk.snapshot()  # served at once from the last plan, restated
    assert served.facts is first.facts
    deadline = time.monotonic() + 20
    while desk._base is first and time.monotonic() < deadline:
        time.sleep(0.05)
    assert desk._base is not first and desk._base.now == clock.now


def test_today_pages_through_a_long_backlog(client, db_url, monkeypatch):
    from afterview.interfaces.web import pages

    monkeypatch.setattr(pages, "TODAY_PAGE", 2)
    first = client.get("/").text
    assert first.count('<article class="action') == 2 and "Page 1 of 4" in first
    last = client.get("/?page=4").text
    assert last.count('<article class="action') == 1 and "Previous" in last
    assert "Page 1 of 4" in client.get("/?page=abc").text
    assert "Page 4 of 4" in client.get("/?page=99").text


def test_pages_are_served_again_until_something_changes(client, csrf, db_url):
    first = client.get("/opportunities/2")
    assert len(client.app.state.pages._pages) >= 1
    again = client.get("/opportunities/2").text
    assert again != first.text  # each serving has forms of its own (fresh one-time tokens) ...
    unspent = re.compile(r'name="once" value="[A-Za-z0-9_-]+"')
    assert unspent.sub("", again) == unspent.sub("", first.text)  # ... and is otherwise the page kept
    other = open_store(db_url)  # another program changes the opportunity
    time.sleep(0.01)
    with other.transaction() as tx:
        opp = tx.get(m.Opportunity, 2)
        opp.role = "Lead Analytics Engineer"
        tx.update(opp)
    other.close()
    assert "Lead Analytics Engineer" in client.get("/opportunities/2").text


def test_a_page_with_a_message_is_never_taken_from_the_cache(client, csrf):
    client.get("/")
    page = client.post("/actions/done", data={"csrf": csrf, "key": "thank_you:i1:p1"}, follow_redirects=True)
    assert "Marked done" in page.text
    assert "Marked done" not in client.get("/").text  # shown once


def test_an_account_added_while_the_desk_runs_is_seen_with_a_config_given_at_start(tmp_path, afterview_home):
    # `afterview serve` reads config.toml and hands it to the desk; `afterview account add` in
    # another terminal then writes the file: the desk's next page must see the account.
    from afterview.config import load_config, paths
    from afterview.interfaces.web.desk import Desk
    from afterview.storage import open_store

    where = paths()
    desk = Desk(open_store(f"sqlite:///{tmp_path / 'd.db'}"), paths=where, config=load_config(where))
    assert desk.accounts() == {}
    where.config_file.parent.mkdir(parents=True, exist_ok=True)
    where.config_file.write_text('[accounts.home]\nemail = "alice@example.test"\nsmtp_host = "127.0.0.1"\n'
                                 'imap_host = "127.0.0.1"\npassword_env = "NOPE"\n')
    assert list(desk.accounts()) == ["home"]
