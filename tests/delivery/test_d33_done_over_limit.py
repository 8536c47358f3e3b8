"""A note marked sent by hand (`afterview done`, the desk's Done) whose stored text the review
finds errors in is said, as a warning: found by a tester, `done linkedin_note:p5` took a request
of 211 characters (LinkedIn's limit: 200) without a word, where LinkedIn would have cut it or
refused it. `services.delivery.marked_sent_warnings` is what `done` says (cli/planning.py)."""

from afterview.domain.model import Message
from afterview.services import delivery
from afterview.storage import open_store
from tests.helpers import afterview

AT = "2026-11-28T22:21:00+00:00"
KEY = "linkedin_note:p5"  # the demo's request to Grace Liu, after her rejection
LONG = ("Hi Grace, thank you for our conversation about forecasting grid load from smart-meter data during my "
        "Fabrikam Energy interviews. I would like to stay connected and follow your team's work on the power "
        "grid. Alex")


def run(db, *args):
    done = afterview("--db", str(db), "--at", AT, *args)
    assert done.code == 0, (done.out, done.err)
    return done


def warnings(db, key=KEY) -> list[str]:
    store = open_store(f"sqlite:///{db}")
    try:
        with store.reading() as tx:
            return delivery.marked_sent_warnings(tx, key)
    finally:
        store.close()


def drafted_long(db) -> int:
    """The request drafted, then made longer than LinkedIn takes: its message id."""
    run(db, "demo", "--no-agenda")
    run(db, "draft", KEY)
    store = open_store(f"sqlite:///{db}")
    try:
        with store.transaction() as tx:
            [message] = tx.list(Message, action_key=KEY)
            message.body = LONG
            tx.update(message)
    finally:
        store.close()
    return message.id


def test_a_linkedin_request_over_the_limit_marked_done_is_warned_about(tmp_path):
    db = tmp_path / "demo.db"
    message_id = drafted_long(db)
    assert len(LONG) == 211
    run(db, "done", KEY)
    assert warnings(db) == [
        f"message {message_id} (the LinkedIn request to Grace Liu), which you marked sent, has an error: 211 "
        "characters, over the LinkedIn limit of 200 by 11 [linkedin-limit]: LinkedIn would have cut it or refused "
        f"it; if it did not go as written, afterview undo {KEY} makes it a draft again, to shorten and send"]
    run(db, "undo", KEY)  # a draft again: nothing is counted as sent
    assert warnings(db) == []


def test_a_note_marked_done_with_no_error_is_not_warned_about(tmp_path):
    db = tmp_path / "demo.db"
    run(db, "demo", "--no-agenda")
    run(db, "draft", KEY)
    run(db, "done", KEY)
    assert warnings(db) == []
