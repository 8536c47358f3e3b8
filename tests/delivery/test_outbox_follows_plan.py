"""Approvals follow the plan, on the demo as a tester ran it (America/Chicago, Sat 28 Nov 2026).

Approve schedules an upcoming note for the moment the planner gives once it is due (not the
recipient's weekend or night), and says the review's warnings for that moment. A playbook
change that moves an action's earliest past its note's moment holds the note back at send time
(`why` warns before then), unless the note was set earlier on purpose with the new plan in
force. Done on an approved note makes it done elsewhere, as on a draft. No way to send it all
the same is offered for someone who asked not to be contacted.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone

import pytest

from afterview.domain.model import Message, MessageState
from tests.helpers import afterview

AT = "2026-11-28T18:37:00Z"  # Sat 28 Nov, 12:37 in Chicago
CONFIG = '''timezone = "America/Chicago"

[accounts.home]
email = "me@example.test"
smtp_host = "127.0.0.1"
smtp_port = 1
smtp_tls = "none"
password_env = "AV_FOLLOWS_PLAN_PW"
'''
FOLLOW_UP = "status_check.1:o2:i2:p4"  # Marcus Webb: they said they would decide by Wed 25 Nov


@pytest.fixture
def demo(afterview_home):
    (afterview_home / "config.toml").write_text(CONFIG, encoding="utf-8")
    done = afterview("--at", AT, "demo", "--no-agenda")
    assert done.code == 0, done.err
    return afterview_home


def run(at: str, *args: str):
    done = afterview("--at", at, *args)
    assert done.code == 0, (args, done.out, done.err)
    return done


def drafted(at: str, key: str) -> int:
    found = re.search(r"#(\d+) ", run(at, "draft", key).out)
    assert found, key
    return int(found.group(1))


def stored(home, message_id: int) -> Message:
    from afterview.storage import open_store

    store = open_store(f"sqlite:///{home / 'afterview.db'}")
    try:
        with store.transaction() as tx:
            return tx.get(Message, message_id)
    finally:
        store.close()


def test_approve_schedules_an_upcoming_note_for_their_business_morning(demo):
    run(AT, "outcome", "1", "rejected", "--from", "Priya")
    message_id = drafted(AT, "rejection_reply:o1:p1")  # from Sat 14:37: their weekend
    approved = run(AT, "approve", str(message_id))
    assert "it goes out Mon 2026-11-30 09:00 your time (America/Chicago), the planned moment" in approved.out
    assert "Sat 2026-11-28" not in approved.out
    assert stored(demo, message_id).scheduled_at == datetime(2026, 11, 30, 15, 0, tzinfo=timezone.utc)
    why = run(AT, "why", "rejection_reply:o1:p1").out
    assert "it goes out Mon 2026-11-30 09:00 your time (America/Chicago)" in why


def _desk(demo, now: datetime):
    """A client of the desk over the demo's database, logged in, its clock at `now`."""
    from afterview.interfaces.web.app import create_app
    from tests.web.conftest import TOKEN, client_for

    client = client_for(create_app(f"sqlite:///{demo / 'afterview.db'}", now=lambda: now, token=TOKEN,
                                   allowed_hosts={"testserver"}))
    assert client.get(f"/login?token={TOKEN}", follow_redirects=False).status_code == 303
    return client


def test_the_desks_approve_schedules_it_for_the_same_moment(demo):
    import html

    from tests.web.conftest import csrf_of

    run(AT, "outcome", "1", "rejected", "--from", "Priya")
    message_id = drafted(AT, "rejection_reply:o1:p1")
    client = _desk(demo, datetime(2026, 11, 28, 18, 37, tzinfo=timezone.utc))
    page = client.get("/").text
    approved = client.post(f"/drafts/{message_id}", data={"csrf": csrf_of(page), "do": "approve", "next": "/",
                                                          "despite": "yes"}, follow_redirects=True)
    assert "goes out Mon 30 Nov 09:00 (your time), the planned moment" in html.unescape(approved.text)
    assert stored(demo, message_id).scheduled_at == datetime(2026, 11, 30, 15, 0, tzinfo=timezone.utc)


def test_approve_sets_the_planned_moment_in_their_waking_hours(demo):
    """The reply may go from 20:30, late in the evening for them: the plan suggests their next
    morning (domain.waking, one rule with the review's), and the review has nothing to say of it."""
    evening = "2026-12-01T18:30:00-06:00"  # the news on Tuesday evening: the reply from 20:30
    run(evening, "outcome", "1", "rejected", "--from", "Priya")
    message_id = drafted(evening, "rejection_reply:o1:p1")
    approved = run(evening, "approve", str(message_id))
    assert "it goes out Wed 2026-12-02 09:00 your time (America/Chicago), the planned moment" in approved.out
    assert "waking hours" not in approved.err


def _approved_then_waited_longer(demo) -> int:
    """The follow-up approved for Tue 1 Dec 09:30 (the planned moment), then two business days
    more after the decision date in the playbook: the plan has it from Tue 8 Dec 09:30."""
    message_id = drafted(AT, FOLLOW_UP)
    assert "it goes out Tue 2026-12-01 09:30" in run(AT, "approve", str(message_id)).out
    (demo / "playbook.toml").write_text("[status_check]\nafter_decision_date = 7\n", encoding="utf-8")
    return message_id


def test_a_longer_wait_in_the_playbook_holds_back_a_note_approved_for_before(demo):
    message_id = _approved_then_waited_longer(demo)
    due = afterview("--at", "2026-12-01T09:35:00-06:00", "send-due")  # (its server is not there)
    assert f"message {message_id}: not sent: the plan now has it from Tue 8 Dec 09:30" in due.out, due.out
    message = stored(demo, message_id)
    assert message.state == MessageState.DRAFTED and message.scheduled_at is None and message.sent_at is None
    assert "held back: the plan now has it from Tue 8 Dec 09:30" in run("2026-12-01T09:36:00-06:00", "show",
                                                                        str(message_id)).out


def test_why_warns_before_then(demo):
    message_id = _approved_then_waited_longer(demo)
    from afterview.services import delivery
    from afterview.services.planning import effective_playbook
    from afterview.storage import open_store

    store = open_store(f"sqlite:///{demo / 'afterview.db'}")
    try:
        with store.reading() as tx:  # what `why` warns of before then
            warning = delivery.held_back_then(tx, FOLLOW_UP, now=datetime(2026, 11, 28, 18, 37, tzinfo=timezone.utc),
                                              playbook=effective_playbook())
    finally:
        store.close()
    assert warning.startswith(f"message {message_id} is held back before it goes: the plan now has it from Tue 8 Dec "
                              "09:30 (the playbook or the records it is planned from changed since it was set to go "
                              "out Tue 1 Dec 09:30)")
    assert f"afterview approve {message_id} --withdraw, then afterview approve {message_id}" in warning


def test_a_note_set_earlier_on_purpose_under_the_new_plan_is_yours(demo):
    message_id = drafted(AT, FOLLOW_UP)
    (demo / "playbook.toml").write_text("[status_check]\nafter_decision_date = 7\n", encoding="utf-8")
    assert "it goes out Tue 2026-12-08 09:30" in run(AT, "approve", str(message_id)).out
    run(AT, "send", str(message_id), "--at", "2026-12-01 10:00")  # on purpose, the new plan in force
    tried = afterview("--at", "2026-12-01T10:01:00-06:00", "send-due")  # (its server is not there: it waits)
    assert "not sent:" not in tried.out + tried.err  # not held back: it went on to its account
    assert (f"message {message_id} waits for account home, whose server cannot be reached now: it stays scheduled"
            in tried.out), tried.out
    message = stored(demo, message_id)
    assert message.state == MessageState.SCHEDULED and message.last_error.startswith("waiting for its account: ")
    # the plan moving later again after that choice holds it back, as for any note set before it
    (demo / "playbook.toml").write_text("[status_check]\nafter_decision_date = 9\n", encoding="utf-8")
    due = run("2026-12-01T10:05:00-06:00", "send-due")
    assert f"message {message_id}: not sent: the plan now has it from Wed 9 Dec 09:30" in due.out
    assert stored(demo, message_id).state == MessageState.DRAFTED


def test_done_on_a_scheduled_note_counts_it_as_done_elsewhere(demo):
    message_id = drafted(AT, FOLLOW_UP)
    run(AT, "approve", str(message_id))
    done = run(AT, "done", FOLLOW_UP, "--note", "phoned")
    assert f"message {message_id}: not sent: you marked it done (phoned); it counts as done elsewhere" in done.out
    assert "--to-drafts" not in done.out + done.err
    message = stored(demo, message_id)
    assert (message.state, message.approved_at, message.scheduled_at) == (MessageState.DONE_ELSEWHERE, None, None)
    assert "send" not in message.last_error
    run(AT, "undo", FOLLOW_UP)  # taken back: a draft again, with nothing held against it
    message = stored(demo, message_id)
    assert (message.state, message.last_error) == (MessageState.DRAFTED, "")


def test_no_way_to_send_it_all_the_same_for_someone_who_asked_not_to_be_contacted(demo):
    message_id = drafted(AT, FOLLOW_UP)
    run(AT, "approve", str(message_id))
    person = stored(demo, message_id).person_id
    edited = run(AT, "person", "edit", str(person), "--do-not-contact")
    said = edited.out + edited.err
    assert f"message {message_id}: not sent: Marcus Webb asked not to be contacted" in said
    assert "--to-drafts" not in said and "all the same" not in said
    refused = afterview("--at", AT, "approve", str(message_id))
    assert refused.code != 0 and "--to-drafts" not in refused.err
    assert "nothing goes to them while they ask not to be contacted" in refused.err


def test_the_desks_schedule_before_the_earliest_is_set_on_purpose(demo):
    import html

    from afterview.services import delivery
    from afterview.services.planning import effective_playbook
    from afterview.storage import open_store
    from tests.web.conftest import csrf_of

    message_id = drafted(AT, FOLLOW_UP)  # planned from Tue 1 Dec 09:30
    url = f"sqlite:///{demo / 'afterview.db'}"
    client = _desk(demo, datetime(2026, 11, 28, 18, 37, tzinfo=timezone.utc))
    page = client.get(f"/drafts/{message_id}").text
    message = stored(demo, message_id)
    sent = client.post(f"/drafts/{message_id}", data={
        "csrf": csrf_of(page), "do": "schedule", "when": "2026-11-30 10:00", "subject": message.subject,
        "body": message.body, "version": re.search(r'name="version" value="([^"]+)"', page).group(1)},
        follow_redirects=True)
    assert "Scheduled for Mon 30 Nov 2026 10:00" in html.unescape(sent.text), sent.text
    store = open_store(url)
    try:
        later = datetime(2026, 11, 30, 16, 1, tzinfo=timezone.utc)
        with store.reading() as tx:
            assert delivery.held_back_then(tx, FOLLOW_UP, now=later, playbook=effective_playbook()) == ""
        assert delivery.hold_back_planned(store, now=later, playbook=effective_playbook()) == []
    finally:
        store.close()
    assert stored(demo, message_id).state == MessageState.SCHEDULED
