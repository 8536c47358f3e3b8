"""Imported names lose the characters that show as nothing (a zero-width space, a direction
mark), as typed ones do: "Priya\u200b Raman" from a spreadsheet is Priya Raman, never a second
Priya who looks the same in every listing."""

from datetime import datetime, timezone

from afterview.domain import model as m
from afterview.services.imports import import_tracker

NOW = datetime(2026, 11, 28, 8, 0, tzinfo=timezone.utc)


def test_a_tracker_contact_and_company_lose_what_shows_as_nothing(store, tmp_path):
    path = tmp_path / "tracker.csv"
    path.write_text("Company,Role,Contact,Email\n"
                    "Um\u200bbrella,Analyst,Priya\u200b \u200eRaman,priya@umbrella.example\n", encoding="utf-8")
    report = import_tracker(store, path, now=NOW)
    assert report.summary().startswith("1 application")
    with store.transaction() as tx:
        assert [p.name for p in tx.list(m.Person)] == ["Priya Raman"]
        assert [c.name for c in tx.list(m.Company)] == ["Umbrella"]
