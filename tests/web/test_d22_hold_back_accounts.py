"""After a decision on the desk, notes the plan no longer has are held back with the desk's own
mail accounts (`hold_back_planned(accounts=...)`), so that a copy in Drafts is taken back from
the mailbox the desk uses, not from the accounts of another config.toml; and the *They replied*
form holds back such copies too, as `afterview replies add` does."""

from __future__ import annotations

from afterview.domain import model as m
from afterview.services import delivery
from tests.web.conftest import read


def _spy(monkeypatch) -> list:
    calls: list = []
    real = delivery.hold_back_planned

    def spy(store, **kwargs):
        calls.append(kwargs.get("accounts"))
        return real(store, **kwargs)

    monkeypatch.setattr(delivery, "hold_back_planned", spy)
    return calls


def test_a_skip_holds_back_with_the_desks_accounts(client, csrf, monkeypatch):
    calls = _spy(monkeypatch)
    client.post("/actions/skip", data={"csrf": csrf, "key": "thank_you:i1:p1", "reason": "wrote a card"})
    assert calls == [{}]  # no account on this desk: none, never those of the user's own config.toml (None)


def test_a_reply_told_of_holds_back_copies_out(client, csrf, db_url, monkeypatch):
    calls = _spy(monkeypatch)
    person = read(db_url, lambda tx: next(p for p in tx.list(m.Person) if p.name == "Priya Raman"))
    client.post("/opportunities/1/replied", data={"csrf": csrf, "person_id": str(person.id), "says": "Thanks!"})
    assert calls == [{}]
