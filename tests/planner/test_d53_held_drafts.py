"""`afterview today` counts the drafts held back earlier that it lists nowhere else.

Found by a tester: a note the outbox held back (made a draft again: "not sent: ...") whose action
the plan no longer has (it was skipped, the process closed, the plan moved on from a note gone
stale) was said once, when it was held back, and then never again: `today` lists a held-back draft
only with its action, so such drafts stayed silently held. Now one line after the listing counts
them and says what to do; a held-back draft whose action is still listed is said there, as before,
and not counted again.

The demo's pipeline at Mon 30 Nov 23:30 UTC, the user in Chicago (tests.planner.monday_demo); the
notes held back by the commands and the outbox's own hold-back."""

from __future__ import annotations

from afterview.domain.model import Message, MessageState
from tests.planner.monday_demo import av, demo, drafted  # noqa: F401 (demo: a fixture)
from tests.planner.test_d27_today_held_back import PRIYA, TOM, set_state


def _held(store, message_id: int) -> str:
    with store.transaction() as tx:
        message = tx.get(Message, message_id)
        assert message.state == MessageState.DRAFTED
        return message.last_error


def test_drafts_held_back_for_actions_no_longer_planned_are_counted_with_what_to_do(demo):
    priya, tom = drafted(PRIYA), drafted(TOM)
    assert "held back earlier" not in av("today").out  # nothing held back: nothing said

    set_state(demo, priya, MessageState.APPROVED)
    av("skip", PRIYA, "--reason", "called her instead")  # held back at once: a draft again
    assert _held(demo, priya).startswith("not sent: you skipped it (called her instead)")
    # Tom's note, held back as a note found stale is (its action still planned, and due)
    with demo.transaction() as tx:
        message = tx.get(Message, tom)
        message.last_error = ("not sent: it was to go out Mon 30 Nov 09:00 and no Afterview program sent it then; a "
                              "draft again")
        tx.update(message)

    out = av("today").out
    assert f"held back, a draft again (message {tom}): afterview show {tom} says why" in out  # listed with its action
    line = (f"1 draft held back earlier is not planned now, so not listed above (message {priya}): afterview show "
            f"{priya} says why and what to do; afterview discard {priya} throws it away (afterview drafts lists every "
            "draft)")
    assert line in out.splitlines()
    assert out.count("held back earlier") == 1
    assert "held back: you skipped it (called her instead)" in av("show", str(priya)).out  # what the line points to

    # the process closed: Tom's note is no longer planned either
    set_state(demo, tom, MessageState.APPROVED)
    av("outcome", "1", "rejected")
    assert _held(demo, tom).startswith("not sent: the process was closed")
    out = av("today").out
    assert (f"2 drafts held back earlier are not planned now, so not listed above (messages {priya}, {tom}): "
            f"afterview show ID says why and what to do (afterview show {priya}); afterview discard ID throws one "
            "away (afterview drafts lists every draft)") in out.splitlines()

    # thrown away, they are no longer counted
    av("discard", str(priya))
    av("discard", str(tom))
    assert "held back earlier" not in av("today").out
