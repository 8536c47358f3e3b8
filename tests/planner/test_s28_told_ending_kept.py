"""A withdrawal that went out (the process withdrawn by its note) and a reopening the same
evening: the employer was told, so it is no slip taken back the same day. The reopening starts a
new chapter, and a later acceptance plans a new note (withdrawal.2). Found by a tester: reopened
the same day, the old note stood for the new chapter, and nothing was planned or said."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from afterview.domain.model import WITHDREW, MessageKind, OpportunityStatus, StatusChange
from afterview.planner.facts import chapter, in_force, withdrawal_key

from tests.planner.builders import at
from tests.planner.test_d66_withdrawal_chapter import _set, _withdrawals, _world

BERLIN = ZoneInfo("Europe/Berlin")


def _reopened_the_same_day(note: str):
    w, (acme, globex, initech), (rita, gina, ivan) = _world()
    _set(acme, OpportunityStatus.OFFER, "2026-11-23 10:00", rita)
    _set(acme, OpportunityStatus.ACCEPTED, "2026-11-30 09:00")
    w.sent(f"withdrawal:o{globex.id}:p{gina.id}", MessageKind.WITHDRAWAL, gina, at("2026-11-30 15:10"), globex)
    globex.status = OpportunityStatus.WITHDRAWN
    globex.history.append(StatusChange(status=OpportunityStatus.WITHDRAWN, at=at("2026-11-30 15:10"), note=note))
    _set(globex, OpportunityStatus.INTERVIEWING, "2026-11-30 18:00")  # they called back that evening
    _set(acme, OpportunityStatus.OFFER, "2026-12-01 10:00")  # the acceptance taken back
    _set(initech, OpportunityStatus.OFFER, "2026-12-03 09:00", ivan)
    _set(initech, OpportunityStatus.ACCEPTED, "2026-12-07 10:00")
    return w, globex, gina


def test_a_withdrawal_that_went_out_and_a_reopening_the_same_day_make_a_new_chapter():
    w, globex, gina = _reopened_the_same_day(WITHDREW)
    assert len(in_force(globex.history, BERLIN).changes) == len(globex.history)  # nothing taken back
    assert chapter(in_force(globex.history, BERLIN).changes) == 2
    assert withdrawal_key(globex.id, gina.id, 2) in _withdrawals(w, "2026-12-07 12:00")


def test_a_withdrawn_status_set_by_hand_and_taken_back_the_same_day_is_still_a_slip():
    """The guard: a status you set by mistake and set back at once is no chapter."""
    w, globex, gina = _reopened_the_same_day("")
    assert chapter(in_force(globex.history, BERLIN).changes) == 1
