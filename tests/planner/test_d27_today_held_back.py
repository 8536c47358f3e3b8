"""`today` says what the outbox will hold back, as the desk's Today does: one answer.

Found by a tester: `afterview today` listed under ON ITS WAY only the notes of actions the plan
still wanted, while the desk's Today listed every approved note, one the outbox holds back at
its next round included (its action skipped in the meantime, their reply, the process closed):
two different answers. Both now ask one function, `services.planning.outgoing`, which asks the
outbox's own pre-send check (`delivery.unplanned`): a note it will hold back is listed under
HELD BACK with why, in one line, and what to do (throw it away, approve it again for the plan's
moment, or send it all the same), never as on its way; `agenda` and `plan` say the same. The
outbox's hold-back then holds back exactly those.

The demo's pipeline at Mon 30 Nov 23:30 UTC, the user in Chicago; the notes' states set in the
database as the outbox leaves them, and the decisions recorded as a program records them when
no hold-back follows at once (the desk while the playbook cannot be read, another copy of the
data): the note stays approved until a send round looks at it.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone


from afterview.domain.model import Message, MessageState
from afterview.planner import DEFAULT_PLAYBOOK
from afterview.services import delivery, planning
from tests.planner.monday_demo import av, demo, drafted  # noqa: F401 (demo: a fixture)

NOW = datetime(2026, 11, 30, 23, 30, tzinfo=timezone.utc)
TUESDAY_9_CHICAGO = datetime(2026, 12, 1, 15, 0, tzinfo=timezone.utc)
PRIYA, TOM = "thank_you:i1:p1", "thank_you:i1:p2"
GOING = "ON ITS WAY (nothing to do)"
HELD = "HELD BACK (approved, but it will not go as it is)"


def set_state(store, message_id: int, state: MessageState, *, scheduled_at=None) -> None:
    with store.transaction() as tx:
        message = tx.get(Message, message_id)
        message.state, message.scheduled_at = state, scheduled_at
        message.approved_at = datetime(2026, 11, 30, 23, 0, tzinfo=timezone.utc)
        tx.update(message)


def section(out: str, heading: str) -> str:
    """A listing's section from its heading to the blank line that ends it ("" when it has none)."""
    if heading not in out:
        return ""
    return out[out.index(heading):].split("\n\n")[0]


def held_by_the_outbox(store) -> set[int]:
    return {i for i, _ in delivery.hold_back_planned(store, now=NOW, playbook=DEFAULT_PLAYBOOK, accounts={})}


def test_a_note_whose_action_was_skipped_is_held_back_not_on_its_way(demo):
    priya, tom = drafted(PRIYA), drafted(TOM)
    set_state(demo, priya, MessageState.SCHEDULED, scheduled_at=TUESDAY_9_CHICAGO)
    set_state(demo, tom, MessageState.APPROVED)
    with demo.transaction() as tx:  # recorded with no hold-back after it
        planning.skip(tx, PRIYA, "called her instead", NOW)

    out = av("today").out
    assert section(out, HELD).splitlines() == [
        f"{HELD}: 1",
        f"  Priya Raman (email) scheduled (message {priya}): held back before it goes: you skipped it (called her "
        "instead)",
        "           Thank-you note (Senior Data Engineer at Northwind Analytics)",
        f"           then: afterview discard {priya} throws it away; to send it all the same: afterview approve "
        f"{priya} --withdraw, then afterview send {priya} --to-drafts",
        f"           key: {PRIYA}",
    ]
    going = section(out, GOING)
    assert going.startswith(f"{GOING}: 1\n") and f"(message {tom}): goes with the next send round" in going
    assert f"message {priya}" not in going
    assert out.index(HELD) < out.index(GOING)  # what needs you first
    # agenda and plan give the same answer
    for listing in (av("agenda", "--days", "3").out, av("plan").out):
        assert section(listing, HELD) == section(out, HELD) and section(listing, GOING) == going
    # --json: the action is not planned; the note on its way is marked so
    assert {r["key"]: r["on_its_way"] for r in json.loads(av("today", "--json").out)}[TOM] is True

    # what `today` said is what the next send round does: it holds back Priya's note, and only it
    assert held_by_the_outbox(demo) == {priya}
    after = av("today").out
    assert HELD not in after and f"(message {tom}): goes with the next send round" in section(after, GOING)


def test_a_note_set_to_go_before_its_snooze_ends_says_when_to_approve_it_again(demo):
    """Still planned, later: held back with the moment the plan has for it now; its action is
    listed with it (and --json marks it as needing you), not counted among those planned later."""
    tom = drafted(TOM)
    set_state(demo, tom, MessageState.SCHEDULED, scheduled_at=TUESDAY_9_CHICAGO)
    before = av("today").out.splitlines()[-1]
    with demo.transaction() as tx:
        planning.snooze(tx, TOM, datetime(2026, 12, 2, 16, 0, tzinfo=timezone.utc), NOW)

    out = av("today").out
    held = section(out, HELD)
    assert held.splitlines()[:2] == [
        f"{HELD}: 1",
        f"  Tom Becker (email) scheduled (message {tom}): held back before it goes: you snoozed it until Wed 2 Dec "
        "16:00",
    ]
    assert (f"then: to send it by the plan now, from Wed 2 Dec 16:00 on: afterview approve {tom} --withdraw, then "
            f"afterview approve {tom}; afterview discard {tom} throws it away") in held
    assert GOING not in out and f"key: {TOM}" not in out.split(HELD)[0]
    assert out.splitlines()[-1] == before  # listed, so not among those planned later
    record = next(r for r in json.loads(av("today", "--json").out) if r["key"] == TOM)
    assert (record["state"], record["on_its_way"], record["message_id"]) == ("upcoming", False, tom)
    assert held_by_the_outbox(demo) == {tom}


def test_the_desk_and_the_terminal_ask_one_function(demo):
    """`outgoing` over the whole plan (as the desk has it) and `today_plan` (the due part, the
    whole plan only when needed) give the same notes, held back for the same reasons."""
    priya, tom = drafted(PRIYA), drafted(TOM)
    third = drafted("thank_you:i1:p3")
    set_state(demo, priya, MessageState.SCHEDULED, scheduled_at=TUESDAY_9_CHICAGO)
    set_state(demo, tom, MessageState.APPROVED)
    set_state(demo, third, MessageState.SCHEDULED, scheduled_at=TUESDAY_9_CHICAGO)
    with demo.transaction() as tx:
        planning.skip(tx, PRIYA, "called her instead", NOW)
        planning.snooze(tx, "thank_you:i1:p3", datetime(2026, 12, 2, 16, 0, tzinfo=timezone.utc), NOW)
    with demo.reading() as tx:
        facts = tx.facts()
    actions = planning.current_plan(None, DEFAULT_PLAYBOOK, NOW, facts)
    with demo.reading() as tx:
        desk = planning.outgoing(tx, facts, DEFAULT_PLAYBOOK, NOW, actions)
    terminal = planning.today_plan(demo, facts, DEFAULT_PLAYBOOK, NOW).outgoing

    def said(out):
        return ({g.message.id for g in out.going}, {(h.message.id, h.why, h.then) for h in out.held})

    assert said(desk) == said(terminal)
    assert said(desk)[0] == {tom} and {i for i, _, _ in said(desk)[1]} == {priya, third}
    assert held_by_the_outbox(demo) == {priya, third}
