"""A note that is gone (discarded, marked sent by hand) is said as such by every way out that
meets it: `send --now`, `send --at`, `approve`, the copies out, and the services the desk's Send
now and Schedule go through; never "message 7 is cancelled and cannot be scheduled" (found by a
tester: `afterview discard 7; afterview send 7 --now`)."""

from datetime import timedelta

import pytest

from afterview.services import delivery
from tests.delivery.conftest import NOW, add_interview, add_message
from tests.helpers import completed

WAYS = [("send", "{id}", "--now"), ("send", "{id}", "--at", "2026-11-27 09:00"), ("approve", "{id}"),
        ("send", "{id}", "--to-drafts"), ("send", "{id}", "--eml", "{dir}"), ("send", "{id}", "--mailto")]


def cli(db, *args):
    """`afterview --db DB ARGS...` at NOW, in this process."""
    return completed("--db", str(db), *args, env={"AFTERVIEW_AT": NOW.isoformat()})


def refused(done) -> str:
    """The one line a refusal says (exit status 2, nothing on standard output)."""
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr and done.stdout == ""
    [line] = done.stderr.strip().splitlines()
    return line.removeprefix("afterview: error: ")


def drafted(store, seeded) -> tuple[int, str]:
    """Bob's thank-you for yesterday's interview, drafted: (message id, action key)."""
    found = add_interview(store, seeded, NOW - timedelta(days=1))
    return add_message(store, seeded, action_key=found["key"]), found["key"]


@pytest.mark.parametrize("way", WAYS, ids=lambda way: " ".join(way[2:]) or way[0])
def test_a_discarded_note_is_said_discarded_whichever_way_out(way, store, seeded, tmp_path):
    message_id, key = drafted(store, seeded)
    db = tmp_path / "afterview.db"
    assert cli(db, "discard", str(message_id)).returncode == 0
    line = refused(cli(db, *[part.format(id=message_id, dir=tmp_path) for part in way]))
    assert line == (f"message {message_id} was discarded (afterview discard): nothing to send; it is still "
                    f"planned: afterview draft {key} drafts it again")


def test_a_discarded_note_no_longer_planned_says_so(store, seeded, tmp_path):
    message_id, key = drafted(store, seeded)
    db = tmp_path / "afterview.db"
    assert cli(db, "discard", str(message_id)).returncode == 0
    assert cli(db, "skip", key, "--reason", "not needed").returncode == 0
    assert refused(cli(db, "send", str(message_id), "--now")) == (
        f"message {message_id} was discarded (afterview discard): nothing to send, and it is no longer planned")


def test_a_discarded_note_drafted_again_names_the_note_it_has_now(store, seeded, tmp_path):
    message_id, key = drafted(store, seeded)
    db = tmp_path / "afterview.db"
    assert cli(db, "discard", str(message_id)).returncode == 0
    again = add_message(store, seeded, action_key=key)  # `afterview draft KEY` again
    assert refused(cli(db, "send", str(message_id), "--at", "2026-11-27 09:00")) == (
        f"message {message_id} was discarded (afterview discard): nothing to send; message {again} is its note now "
        f"(drafted: afterview show {again})")


def test_a_note_marked_done_says_it_was_marked_sent(store, seeded, tmp_path):
    message_id, key = drafted(store, seeded)
    db = tmp_path / "afterview.db"
    assert cli(db, "done", key).returncode == 0
    for way in WAYS[:3]:
        assert refused(cli(db, *[part.format(id=message_id, dir=tmp_path) for part in way])) == (
            f"message {message_id} was marked sent outside Afterview (afterview done {key}): nothing more to send")


def test_the_desks_send_now_and_schedule_meet_the_same_words(store, seeded):
    """The desk's Send now and Schedule check and approve through these services (then its own
    words name the note instead of its number: `views.in_desk_words`)."""
    message_id, key = drafted(store, seeded)
    with store.transaction() as tx:
        from afterview.services.drafting import discard_draft

        discard_draft(tx, message_id, now=NOW)
    wanted = (f"message {message_id} was discarded (afterview discard): nothing to send; it is still planned: "
              f"afterview draft {key} drafts it again")
    with store.reading() as tx:
        with pytest.raises(delivery.NotSendable) as approving:
            delivery.check_approval(tx, message_id, now=NOW, accounts={})
        with pytest.raises(delivery.NotSendable) as scheduling:
            delivery.check_schedule(tx, message_id, when=NOW + timedelta(hours=1), now=NOW)
    assert str(approving.value) == str(scheduling.value) == wanted
