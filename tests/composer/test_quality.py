"""The quality bar: every kind in every tone passes the real reviewer with no error or warning."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from afterview.composer import compose
from afterview.composer.draft import TONES
from tests.composer.helpers import (
    K, TEMPLATES, compose_all, every_request, panel_facts, problems, record, review_drafts,
)


@pytest.mark.parametrize("tone", TONES)
def test_every_kind_passes_the_reviewer(tone):
    facts = panel_facts()
    drafts = compose_all(facts, tone)
    assert {d.kind for d in drafts} == set(K)
    assert {d.template for d in drafts} >= {"thank_you", "thank_you_recruiter"}
    reviewed = review_drafts(facts, drafts)
    record(reviewed)
    found = problems(reviewed)
    assert not found, "\n\n".join(found)
    assert all(d.gaps == [] for d in drafts)


@pytest.fixture(scope="module")
def demo_facts(tmp_path_factory):
    from afterview.services.demo import load_demo
    from afterview.storage import open_store

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    store = open_store(f"sqlite:///{path}")
    now = datetime(2026, 11, 26, 15, 0, tzinfo=timezone.utc)
    with store.transaction() as tx:
        load_demo(tx, now=now, tz="America/New_York")
    with store.transaction() as tx:
        facts = tx.facts()
    store.close()
    return facts


@pytest.mark.parametrize("tone", TONES)
def test_demo_pipeline_every_interview_every_kind(demo_facts, tone):
    from afterview.domain.names import call_name
    from afterview.planner.facts import audience

    # whom the demo's news matters to, by the planner's rule (`afterview news show`): a keep-in-touch
    # or share-news note to anyone else has nothing to tell (the planner plans none), and says so;
    # a second status follow-up to them leaves its "something new" to fill
    reached = {p.id for _, rows in audience(demo_facts.people.values(), demo_facts.debriefs,
                                            demo_facts.news).values() for p, _ in rows}
    drafted = without_news = 0
    for interview in demo_facts.interviews.values():
        requests = every_request(demo_facts, interview.id, interview.opportunity_id)
        nothing_to_tell = [r for r in requests if r.person_id not in reached and (
            r.kind in (K.KEEP_WARM, K.SHARE_NEWS) or (r.kind is K.STATUS_CHECK and r.sequence == 2))]
        for request in nothing_to_tell:
            person = demo_facts.people[request.person_id]
            gap = ("[something new since your last note: a result, an article or a portfolio piece]"
                   if request.kind is K.STATUS_CHECK else
                   f"[news or a result of yours that {call_name(person.name)} cares about]")
            assert compose(demo_facts, request, tone, TEMPLATES).gaps == [gap]
        requests = [r for r in requests if r not in nothing_to_tell]
        drafts = [compose(demo_facts, r, tone, TEMPLATES) for r in requests]
        reviewed = review_drafts(demo_facts, drafts)
        record(reviewed)
        drafted += len(drafts) + len(nothing_to_tell)
        without_news += len(nothing_to_tell)
        found = problems(reviewed)
        assert not found, "\n\n".join(found)
        assert [d.gaps for d in drafts] == [[] for _ in drafts]
    assert drafted == 13 + 3 * 11  # the panel: three thank-yous and ten more; eleven for each other interview
    assert without_news == 3 * 3  # the demo's news matters to Priya alone
