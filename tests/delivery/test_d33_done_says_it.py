"""`afterview done` says, on standard error, what the review finds wrong in the note it counts as
sent: a LinkedIn request over the limit (found by a tester: it was taken without a word)."""

from tests.delivery.test_d33_done_over_limit import AT, KEY, drafted_long
from tests.helpers import afterview


def test_done_warns_of_a_linkedin_request_over_the_limit(tmp_path):
    db = tmp_path / "demo.db"
    message_id = drafted_long(db)
    done = afterview("--db", str(db), "--at", AT, "done", KEY)
    assert done.code == 0, done.err
    assert done.out == f"done: {KEY}\n"
    assert done.err.startswith(f"warning: message {message_id} (the LinkedIn request to Grace Liu), which you marked "
                               "sent, has an error: 211 characters, over the LinkedIn limit of 200 by 11"), done.err
