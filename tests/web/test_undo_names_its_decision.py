"""The desk's Undo takes back the decision it names, or nothing: a button labelled for one
decision (shown in a tab opened before it was undone) never takes back the one before it. And a
form sent with no CSRF token at all is told so, not that its page is older than the session."""

from __future__ import annotations

import html
import re
from datetime import timedelta

from afterview.domain import model as m
from tests.web.conftest import NOW, read


def _decide_twice(app, db_url) -> str:
    """A snooze, then a done, on the first planned action (as `snooze` then `done` would record
    them); its key."""
    from afterview.services import planning

    key = app.state.desk.snapshot().actions[0].key
    read(db_url, lambda tx: planning.snooze(tx, key, NOW + timedelta(days=3), NOW - timedelta(minutes=2)))
    read(db_url, lambda tx: planning.mark_done(tx, key, "phoned", NOW - timedelta(minutes=1)))
    app.state.desk.changed()
    return key


def _undo_form(page: str, key: str) -> dict[str, str]:
    """The hidden fields of the Undo form for `key` under Recently decided."""
    forms = re.findall(r'<form method="post" action="/actions/undo".*?</form>', page, re.S)
    mine = [f for f in forms if f'name="key" value="{key}"' in f]
    assert len(mine) == 1, forms
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', mine[0]))


def _in_force(db_url, key):
    return read(db_url, lambda tx: sorted(d.kind.value for d in tx.list(m.Decision, action_key=key)
                                          if d.undone_at is None))


def test_a_second_tabs_undo_changes_nothing_once_its_decision_is_undone(app, client, db_url):
    key = _decide_twice(app, db_url)
    first_tab, second_tab = client.get("/").text, client.get("/").text
    first, second = _undo_form(first_tab, key), _undo_form(second_tab, key)
    assert ", done)</span></button>" in html.unescape(first_tab)  # both buttons are labelled for the done

    undone = client.post("/actions/undo", data=first, follow_redirects=True)
    assert "is no longer marked done" in html.unescape(undone.text)
    assert _in_force(db_url, key) == ["snooze"]

    again = html.unescape(client.post("/actions/undo", data=second, follow_redirects=True).text)
    assert "that decision is already undone; nothing changed" in again
    assert "no longer snoozed" not in again
    assert _in_force(db_url, key) == ["snooze"]  # the snooze the button did not name is still in force
    done_id = read(db_url, lambda tx: next(d.id for d in tx.list(m.Decision, action_key=key)
                                           if d.kind == m.DecisionKind.DONE))
    assert first.get("decision") == second.get("decision") == str(done_id)  # what each button named


def test_undo_refuses_a_decision_that_is_no_longer_the_latest(app, client, db_url):
    from afterview.services import planning

    key = app.state.desk.snapshot().actions[0].key
    read(db_url, lambda tx: planning.snooze(tx, key, NOW + timedelta(days=3), NOW - timedelta(minutes=2)))
    app.state.desk.changed()
    shown = _undo_form(client.get("/").text, key)  # labelled for the snooze
    read(db_url, lambda tx: planning.mark_done(tx, key, "phoned", NOW - timedelta(minutes=1)))  # another tab
    app.state.desk.changed()
    refused = html.unescape(client.post("/actions/undo", data=shown, follow_redirects=True).text)
    assert "a later decision about it was made since this page was shown; nothing changed" in refused
    assert _in_force(db_url, key) == ["done", "snooze"]


def test_a_bad_decision_id_is_one_line_and_changes_nothing(app, client, db_url):
    key = _decide_twice(app, db_url)
    fields = {**_undo_form(client.get("/").text, key), "decision": "abc"}
    refused = html.unescape(client.post("/actions/undo", data=fields, follow_redirects=True).text)
    assert "no decision 'abc': reload the page and use Undo there" in refused
    assert _in_force(db_url, key) == ["done", "snooze"]


def test_a_decision_id_in_other_digits_is_one_line_too(app, client, db_url):
    """'²' and '١' pass str.isdigit(): the first crashed int() (the error page), the second read as 1."""
    key = _decide_twice(app, db_url)
    for odd in ("²", "١"):
        fields = {**_undo_form(client.get("/").text, key), "decision": odd}
        refused = html.unescape(client.post("/actions/undo", data=fields, follow_redirects=True).text)
        assert f"no decision '{odd}': reload the page and use Undo there" in refused, refused[-500:]
        assert "Something went wrong" not in refused
    assert _in_force(db_url, key) == ["done", "snooze"]


def test_a_form_with_no_token_at_all_is_told_so(client, csrf):
    for data in ({"key": "thank_you:i1:p1"}, {"key": "thank_you:i1:p1", "csrf": ""}):
        refused = client.post("/actions/undo", data=data)
        assert refused.status_code == 403
        text = html.unescape(refused.text)
        assert "this form came without the desk's token: reload the page and send it again" in text
        assert "older than the desk's session" not in text
    stale = client.post("/actions/undo", data={"key": "thank_you:i1:p1", "csrf": "from-before"})
    assert stale.status_code == 403 and "came without" not in html.unescape(stale.text)
    api = client.post("/api/review", json={"body": "x"})
    assert api.status_code == 403
    assert api.json()["error"] == "this request came without the desk's token: reload the page and send it again"
    # a forged token with characters outside ASCII is a wrong one (403), never an error of the desk
    assert client.post("/actions/undo", data={"key": "thank_you:i1:p1", "csrf": "é-forged"}).status_code == 403
