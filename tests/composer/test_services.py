"""The drafting use cases against a real SQLite store, with the real planner and reviewer."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from afterview.config import Config
from afterview.domain.model import Debrief, Interview, Message, MessageKind, MessageState
from afterview.errors import ConfigError, Conflict, InvalidInput, NotFound
from afterview.services import drafting
from afterview.services.demo import load_demo
from afterview.storage import open_store

NOW = datetime(2026, 11, 26, 15, 0, tzinfo=timezone.utc)


@pytest.fixture
def config(tmp_path):
    return Config(path=tmp_path / "config" / "config.toml")


@pytest.fixture
def store(tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 'afterview.db'}")
    with store.transaction() as tx:
        load_demo(tx, now=NOW, tz="America/New_York")
    yield store
    store.close()


def panel_id(store) -> int:
    with store.transaction() as tx:
        return next(i.id for i in tx.list(Interview) if i.stage == "panel interview")


def draft(store, config, **options):
    options.setdefault("now", NOW)
    with store.transaction() as tx:
        return drafting.draft_actions(tx, config=config, **options)


def test_an_interview_drafts_one_reviewed_note_per_participant(store, config):
    results = draft(store, config, interview_id=panel_id(store))
    kinds = sorted((r.message.kind.value, r.message.person_id) for r in results)
    assert [k for k, _ in kinds] == ["thank_you"] * 3
    for result in results:
        assert result.outcome == "created" and result.message.state is MessageState.DRAFTED
        assert result.message.action_key.startswith("thank_you:")
        assert result.message.to_address.endswith(".example")
        assert [f for f in result.findings if f.severity != "info"] == []
    with store.transaction() as tx:
        stored = tx.list(Message, state=MessageState.DRAFTED)
    assert sorted(m.id for m in stored) == sorted(r.message.id for r in results)


def test_every_due_action_of_the_demo_drafts_cleanly(store, config):
    from afterview.planner import DEFAULT_PLAYBOOK, plan

    with store.transaction() as tx:
        keys = [a.key for a in plan(tx.facts(), DEFAULT_PLAYBOOK, NOW)]
    for tone in ("warm", "formal", "concise"):
        results = draft(store, config, keys=keys, tone=tone, force=True)
        assert len(results) == len(keys)
        bad = [(r.message.action_key, f.code) for r in results for f in r.findings if f.severity != "info"]
        assert bad == []


def test_redrafting_keeps_an_open_draft_unless_forced(store, config):
    key = draft(store, config, interview_id=panel_id(store))[0].message.action_key
    first = draft(store, config, keys=[key])[0]
    assert first.outcome == "kept"
    forced = draft(store, config, keys=[key], force=True, tone="formal")[0]
    assert forced.outcome == "replaced" and forced.message.id == first.message.id
    assert forced.message.body.startswith("Dear ") and forced.message.tone == "formal"
    with store.transaction() as tx:
        assert len(tx.list(Message, action_key=key)) == 1


def test_forcing_a_new_text_withdraws_the_approval(store, config):
    result = draft(store, config, interview_id=panel_id(store))[0]
    with store.transaction() as tx:
        message = tx.get(Message, result.message.id)
        message.state, message.approved_at = MessageState.APPROVED, NOW
        tx.update(message)
    again = draft(store, config, keys=[result.message.action_key], force=True)[0]
    assert again.message.state is MessageState.DRAFTED and again.message.approved_at is None


def test_bad_requests(store, config):
    with pytest.raises(InvalidInput, match="name the actions"):
        draft(store, config)
    with pytest.raises(NotFound, match="no planned action 'nope:1'"):
        draft(store, config, keys=["nope:1"])
    with pytest.raises(NotFound, match="no interview with id 999"):
        draft(store, config, interview_id=999)


def test_a_broken_user_template_saves_nothing(store, config):
    folder = config.path.parent / "templates" / "warm"
    folder.mkdir(parents=True)
    (folder / "thank_you.txt.j2").write_text("Subject: x\n\n{{ broken }\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"thank_you.txt.j2:3: template syntax error"):
        draft(store, config, interview_id=panel_id(store), tone="warm")
    with store.transaction() as tx:
        assert tx.list(Message, state=MessageState.DRAFTED) == []


def test_edit_rereviews_and_withdraws_approval(store, config):
    result = draft(store, config, interview_id=panel_id(store))[0]
    with store.transaction() as tx:
        message, findings, changed = drafting.edit_draft(
            tx, result.message.id, "hey", "Hi Priya,\n\nI really need this job!!\n\nAlex", now=NOW, config=config)
    assert changed and message.state is MessageState.DRAFTED
    codes = {f.code for f in findings}
    assert {"desperate", "exclamation", "subject"} <= codes
    with store.transaction() as tx:
        assert tx.get(Message, result.message.id).subject == "hey"


def test_edit_refuses_empty_bodies_and_sent_messages(store, config):
    result = draft(store, config, interview_id=panel_id(store))[0]
    with store.transaction() as tx:
        with pytest.raises(InvalidInput, match="empty"):
            drafting.edit_draft(tx, result.message.id, "x", "  \n", now=NOW)
        sent = next(m for m in tx.list(Message) if m.state is MessageState.SENT)
        with pytest.raises(Conflict, match="only open drafts"):
            drafting.edit_draft(tx, sent.id, "x", "y", now=NOW)


def test_a_gap_answered_is_recorded_in_the_debrief_and_filled(store, config):
    panel = panel_id(store)
    with store.transaction() as tx:
        tom = next(d for d in tx.list(Debrief, interview_id=panel) if d.rapport)
        tx.delete(Debrief, tom.id)
    results = draft(store, config, interview_id=panel)
    gapped = next(r for r in results if any(not g.optional for g in r.asks))
    assert gapped.asks[0].placeholder.startswith("[topic you discussed with Tom")
    assert any(f.code == "placeholder" for f in gapped.findings)
    with store.transaction() as tx:
        for gap in gapped.asks:
            assert drafting.answerable(gap)
            drafting.record_answer(tx, gap, "pairing on flaky tests\nthe release calendar")
        message = tx.get(Message, gapped.message.id)
        again = drafting.redraft_message(tx, message, now=NOW, config=config)
        recorded = tx.list(Debrief, interview_id=panel, person_id=gapped.message.person_id)
    assert recorded[0].topics == ["pairing on flaky tests", "the release calendar"]
    assert again.asks == [] and "pairing on flaky tests" in again.message.body
    assert [f for f in again.findings if f.severity != "info"] == []


def test_list_drafts_with_findings(store, config):
    draft(store, config, interview_id=panel_id(store))
    with store.transaction() as tx:
        listed = drafting.list_drafts(tx, config)
        everything = drafting.list_drafts(tx, config, all_states=True)
    assert len(listed) == 3 and all(m.state is MessageState.DRAFTED for m, _ in listed)
    assert len(everything) == 4  # and the demo's sent thank-you
    assert [m.id for m, _ in listed] == sorted((m.id for m, _ in listed), reverse=True)


def test_rewrite_draft_rejects_inventions_and_keeps_the_text(store, config):
    from tests.composer.test_rewriter import Inventing, Rephrasing

    result = draft(store, config, interview_id=panel_id(store))[0]
    with store.transaction() as tx:
        with pytest.raises(InvalidInput, match="Acme"):
            drafting.rewrite_draft(tx, result.message.id, "warmer", Inventing(), now=NOW, config=config)
    with store.transaction() as tx:
        assert tx.get(Message, result.message.id).body == result.message.body
        message, findings, changed = drafting.rewrite_draft(tx, result.message.id, "warmer", Rephrasing(),
                                                            now=NOW, config=config)
    assert changed and message.body != result.message.body


def test_message_kinds_are_all_draftable():
    assert all(drafting._draftable(type("A", (), {"kind": k})) for k in MessageKind)


def test_redrafting_share_news_keeps_its_news_item(store, config):
    from afterview.domain.model import Message as M
    from afterview.domain.model import Person

    with store.transaction() as tx:
        priya = next(p for p in tx.list(Person) if p.name == "Priya Raman")
        message = tx.add(M(kind=MessageKind.SHARE_NEWS, person_id=priya.id, opportunity_id=1, tone="warm"))
        first = drafting.redraft_message(tx, message, now=NOW, config=config)
        second = drafting.redraft_message(tx, tx.get(M, message.id), now=NOW, config=config)
    assert first.asks == [] and ("Confluent" in first.message.body or "data contracts" in first.message.body)
    assert second.message.body == first.message.body


def test_a_follow_up_drafted_again_names_the_news_the_plan_chose_for_it(store, config):
    """The second status follow-up goes to the recruiter (Lena) with news that matters to the
    hiring manager (Priya) on the panel: the plan chooses it (planner: news of the process). Drafted
    again (a gap answered, another tone), it named no news and kept the gap, as the composer chose
    news by the recipient alone; it now asks the plan which news its action carries."""
    from afterview.domain.model import Decision, DecisionKind, NewsItem
    from datetime import date

    later = datetime(2026, 12, 22, 15, 0, tzinfo=timezone.utc)
    with store.transaction() as tx:
        tx.add(Decision(action_key="status_check.1:o1:i1:p3", kind=DecisionKind.DONE,
                        at=datetime(2026, 12, 10, 15, 0, tzinfo=timezone.utc)))
        tx.add(NewsItem(title="Passed the Confluent Kafka developer certification", tags=["streaming", "Kafka"],
                        happened_on=date(2026, 12, 15)))
    [first] = draft(store, config, keys=["status_check.2:o1:i1:p3"], now=later)
    assert "Confluent Kafka" in first.message.body, first.message.body
    with store.transaction() as tx:
        again = drafting.redraft_message(tx, tx.get(Message, first.message.id), now=later, config=config)
    assert "Confluent Kafka" in again.message.body and "[" not in again.message.body, again.message.body
