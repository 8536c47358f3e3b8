"""A note saved as an .eml file is not saved as a second, other file: two files could both be
sent, and taking the note back named only the last. The same file again is written again.
Found by a tester: `send 5 --eml out5.eml`, then `--eml out5b.eml`; `approve 5 --withdraw` then
named only out5b.eml."""

from __future__ import annotations

import pytest

from afterview.errors import Conflict
from afterview.services import delivery
from tests.delivery.conftest import NOW, add_message


def test_a_second_file_is_refused_and_the_same_file_is_written_again(tmp_path, store, seeded, accounts):
    message_id = add_message(store, seeded)
    first = delivery.to_eml(store, message_id, tmp_path / "out5.eml", now=NOW, accounts=accounts)
    with pytest.raises(Conflict, match=rf"^message {message_id} was saved as {first} already: one way out per "
                                       rf"message, so it is not saved as {tmp_path / 'out5b.eml'} too; write it "
                                       rf"there again \(afterview send {message_id} --eml {first}\)"):
        delivery.to_eml(store, message_id, tmp_path / "out5b.eml", now=NOW, accounts=accounts)
    assert not (tmp_path / "out5b.eml").exists()
    again = delivery.to_eml(store, message_id, tmp_path / "out5.eml", now=NOW, accounts=accounts, force=True)
    assert again == first and first.read_bytes()


def test_sending_a_draft_copied_out_names_the_ways_left_not_approve(tmp_path, store, seeded, accounts):
    """`send --now` (or `--at`) of a draft saved as a file said "approve it first", and approving
    it is refused (one way out per message): the hint went in a circle. Found by a tester."""
    message_id = add_message(store, seeded)
    saved = delivery.to_eml(store, message_id, tmp_path / "out5.eml", now=NOW, accounts=accounts)
    with store.transaction() as tx, pytest.raises(Conflict) as refused:
        delivery.check_schedule(tx, message_id, when=NOW, now=NOW)
    said = str(refused.value)
    assert said == (f"message {message_id} is a draft saved as {saved}: send that copy, or have Afterview send it "
                    f"instead (afterview approve {message_id} --smtp-instead), or take the copy back first "
                    f"(afterview approve {message_id} --withdraw)")
    assert "approve it first" not in said
