"""A merge that moves a note being sent (or whose send was cut off) says it as `today` does
(outbox.sending_words), never "being sent right now" of a send no program is making."""

from __future__ import annotations

from datetime import timedelta

from afterview.domain.model import MessageState, Person
from tests.delivery.conftest import NOW, add_message
from tests.delivery.test_d83_outbox_more import run_cli


def _twin(store, seeded) -> int:
    with store.transaction() as tx:
        return tx.add(Person(name="Bob Builder", emails=["robert@example.test"], company_id=seeded["company"])).id


def _merged_line(store, seeded, tmp_path, claimed) -> tuple[int, str]:
    db = tmp_path / "afterview.db"
    kept = _twin(store, seeded)
    message_id = add_message(store, seeded, state=MessageState.SENDING, message_id="<merge@example.test>",
                             updated_at=claimed)
    done = run_cli(db, "person", "merge", str(seeded["person"]), "--into", str(kept), "--yes")
    assert done.code == 0, done.err
    [line] = [x for x in done.out.splitlines() if x.startswith(f"message {message_id} ")]
    return message_id, line


def test_a_merge_moving_a_send_cut_off_long_ago_says_it_was_cut_off(store, seeded, tmp_path, afterview_home):
    message_id, line = _merged_line(store, seeded, tmp_path, NOW - timedelta(hours=2))
    assert "being sent right now" not in line
    assert line.startswith(f"message {message_id} goes to bob@example.test, too late to change it: its send was cut "
                           "off at Thu 2026-11-26 08:00 and it may have gone out: do not send it again"), line


def test_a_merge_moving_a_send_under_way_says_since_when(store, seeded, tmp_path, afterview_home):
    message_id, line = _merged_line(store, seeded, tmp_path, NOW - timedelta(minutes=1))
    assert line == (f"message {message_id} goes to bob@example.test, too late to change it: being sent since Thu "
                    "2026-11-26 09:59; if no Afterview program is sending it, the send was cut off, and afterview "
                    "send-due finds out from Thu 2026-11-26 10:04 on whether it went out"), line
