"""The playbook's `[linkedin_limits]` note lengths are the one limit: the planner notes it, the
composer fits a LinkedIn note to it, and the review (lint, show, drafts, the desk, approval)
checks against it; the defaults (200 free, 300 Premium) come from the playbook too."""

from __future__ import annotations

import json

import pytest

from afterview.composer import DraftRequest, compose
from afterview.domain.model import LinkedInAccount, Message, MessageKind
from afterview.planner import DEFAULT_PLAYBOOK, load_playbook
from afterview.reviewer.context import context_for_message
from tests.composer.helpers import TEMPLATES, panel_facts
from tests.helpers import afterview, assert_clean_error
from tests.web.conftest import landing

AT = ("--at", "2026-11-26T15:00:00Z")
KEY = "linkedin_note:p5"  # the demo's LinkedIn request to Grace Liu, after her rejection
LONG = ("Hi Grace, thank you for our conversation about forecasting grid load from smart-meter data "
        "during my Fabrikam interviews. Glad to stay in touch.")
N = len(LONG)  # 144 characters: within the default 200, over 120 by 24


def playbook(**limits):
    return load_playbook(None, config={"linkedin_limits": limits})


def note(facts=None, book=None):
    request = DraftRequest(kind=MessageKind.LINKEDIN_NOTE, person_id=1, opportunity_id=1, interview_id=1)
    return compose(facts or panel_facts(), request, "warm", TEMPLATES, playbook=book)


def test_the_limit_is_the_playbooks_for_the_account():
    from afterview.reviewer.context import linkedin_limit

    assert N == 144
    assert linkedin_limit(LinkedInAccount.FREE) == DEFAULT_PLAYBOOK["linkedin_limits"]["free_note_chars"] == 200
    assert linkedin_limit(LinkedInAccount.PREMIUM) == DEFAULT_PLAYBOOK["linkedin_limits"]["premium_note_chars"] == 300
    book = playbook(free_note_chars=120, premium_note_chars=250)
    assert (linkedin_limit(LinkedInAccount.FREE, book), linkedin_limit("premium", book)) == (120, 250)


def test_the_composer_fits_the_note_to_the_playbooks_limit():
    usual = note()
    assert 120 < len(usual.body) <= 200
    fitted = note(book=playbook(free_note_chars=120))
    assert len(fitted.body) <= 120 and fitted.body.startswith("Hi Priya, ") and fitted.body.endswith(". Alex")
    facts = panel_facts()
    facts.profile.linkedin_account = LinkedInAccount.PREMIUM
    assert len(note(facts, playbook(premium_note_chars=90)).body) <= 90


def test_the_review_context_takes_the_limit_from_the_playbook(afterview_home):
    facts = panel_facts()
    message = Message(id=9, kind=MessageKind.LINKEDIN_NOTE, channel="linkedin", person_id=1, opportunity_id=1,
                      body=LONG)
    assert context_for_message(facts, message, playbook(free_note_chars=120)).linkedin_limit == 120
    assert context_for_message(facts, message).linkedin_limit == 200
    # not given: the effective playbook (playbook.toml in the config folder)
    (afterview_home / "playbook.toml").write_text("[linkedin_limits]\nfree_note_chars = 130\n", encoding="utf-8")
    assert context_for_message(facts, message).linkedin_limit == 130
    # a playbook that cannot be read: the defaults (every planning command says what is wrong)
    (afterview_home / "playbook.toml").write_text("[linkedin_limits]\nfree_note_chars = -1\n", encoding="utf-8")
    assert context_for_message(facts, message).linkedin_limit == 200


# -- as a user meets it -----------------------------------------------------------------------


def av(*args, **kwargs):
    return afterview(*AT, *args, **kwargs)


@pytest.fixture
def limited(afterview_home):
    """The demo, with a playbook that lowers the free note limit to 120 characters."""
    (afterview_home / "playbook.toml").write_text("[linkedin_limits]\nfree_note_chars = 120\n", encoding="utf-8")
    assert av("demo", "--no-agenda").code == 0
    return afterview_home


def _draft_note() -> int:
    result = av("draft", KEY, "--json")
    assert result.code == 0, result.err
    return json.loads(result.out)[0]["message"]["id"]


def _store():
    from afterview.config import paths
    from afterview.storage import open_store

    return open_store("sqlite:///" + str(paths().default_db))


def _set_body(message_id: int, body: str) -> None:
    store = _store()
    try:
        with store.transaction() as tx:
            message = tx.get(Message, message_id)
            message.body = body
            tx.update(message)
    finally:
        store.close()


def test_plan_draft_and_show_agree_on_the_playbooks_limit(limited):
    assert "note limit: 120 characters (free account)" in av("plan").out
    message_id = _draft_note()
    shown = av("show", str(message_id))
    assert shown.code == 0, shown.err
    body = json.loads(av("show", str(message_id), "--json").out)["message"]["body"]
    assert len(body) <= 120
    assert f"{len(body)}/120 characters" in shown.out and "review: no findings" in shown.out
    _set_body(message_id, LONG)
    shown = av("show", str(message_id))
    assert f"linkedin-limit: {N} characters, over the LinkedIn limit of 120 by {N - 120}" in shown.out
    assert f"{N}/120 characters" in shown.out
    listed = {d["id"]: d for d in json.loads(av("drafts", "--json").out)}
    assert listed[message_id]["findings"]["error"] == 1
    linted = av("lint", "--draft", str(message_id))
    assert linted.code == 1 and "over the LinkedIn limit of 120" in linted.out


def test_premium_uses_the_playbooks_premium_limit(limited):
    (limited / "playbook.toml").write_text("[linkedin_limits]\npremium_note_chars = 130\n", encoding="utf-8")
    assert av("profile", "set", "--linkedin-account", "premium").code == 0
    message_id = _draft_note()
    _set_body(message_id, LONG)
    assert f"{N}/130 characters" in av("show", str(message_id)).out


def test_the_gate_before_a_note_leaves_checks_the_playbooks_limit(limited):
    from afterview.config import load_config
    from afterview.services.drafting import review_message

    message_id = _draft_note()
    _set_body(message_id, LONG)
    store = _store()
    try:
        with store.transaction() as tx:
            facts = tx.facts()
            message = tx.get(Message, message_id)
            # what approval and every copy out ask (services.delivery.require_reviewed)
            errors = [f for f in review_message(facts, message, load_config()) if f.severity == "error"]
    finally:
        store.close()
    assert [f.code for f in errors] == ["linkedin-limit"]


def test_lint_file_checks_the_playbooks_free_limit(tmp_path, afterview_home):
    text = tmp_path / "note.txt"
    text.write_text(LONG + "\n", encoding="utf-8")
    assert afterview("lint", str(text), "--kind", "linkedin_note").code == 0  # 144 <= 200
    (afterview_home / "playbook.toml").write_text("[linkedin_limits]\nfree_note_chars = 120\n", encoding="utf-8")
    linted = afterview("lint", str(text), "--kind", "linkedin_note", "--channel", "linkedin")
    assert linted.code == 1
    assert f"error: {N} characters, over the LinkedIn limit of 120 by {N - 120} [linkedin-limit]" in linted.out
    assert afterview("lint", str(text), "--kind", "linkedin_note", "--linkedin-limit", "300").code == 0
    # an email is checked without reading the playbook: a broken one does not stop it
    (afterview_home / "playbook.toml").write_text("[linkedin_limits]\nfree_note_chars = 0\n", encoding="utf-8")
    assert afterview("lint", str(text), "--kind", "thank_you").code in (0, 1)
    broken = afterview("lint", str(text), "--kind", "linkedin_note")
    assert_clean_error(broken, "playbook.toml", "free_note_chars")


def test_the_desk_checks_the_playbooks_limit(limited, tmp_path):
    from afterview.domain import model as m
    from tests.web.conftest import client_for, csrf_of, make_app, read, TOKEN

    url = f"sqlite:///{tmp_path / 'desk.db'}"
    app = make_app(url)
    client = client_for(app)
    client.get(f"/login?token={TOKEN}")
    csrf = csrf_of(client.get("/").text)
    made = client.post("/actions/draft", data={"csrf": csrf, "key": KEY}, follow_redirects=False)
    assert made.status_code == 303, made.text
    message_id = int(landing(made).rsplit("/", 1)[1])
    assert len(read(url, lambda tx: tx.get(m.Message, message_id).body)) <= 120
    saved = client.post(f"/drafts/{message_id}", data={"csrf": csrf, "do": "save", "body": LONG},
                        follow_redirects=True)
    assert saved.status_code == 200
    assert f"over the LinkedIn limit of 120 by {N - 120}" in saved.text
    typed = client.post("/api/review", json={"body": LONG, "message_id": message_id}, headers={"X-CSRF-Token": csrf})
    assert [f["message"] for f in typed.json()["findings"] if f["code"] == "linkedin-limit"] == [
        f"{N} characters, over the LinkedIn limit of 120 by {N - 120}"]
    assert client.get("/drafts").status_code == 200
