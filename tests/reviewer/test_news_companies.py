"""Your own news may name another company of your pipeline: a note that tells it is not a note
copied from another application (wrong-company), but any other mention of that company is.

"Joined Globex as Staff Data Engineer", recorded with `afterview news add`, is the reason for a
keep-warm note to Northwind that Afterview drafts itself; its own reviewer must let it pass.
"""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from afterview.composer import DraftRequest
from afterview.domain.model import (
    Company,
    Debrief,
    Interview,
    Message,
    MessageKind,
    MessageState,
    NewsItem,
    Opportunity,
    Participant,
    Person,
    Profile,
    Role,
)
from afterview.interfaces.cli.main import main
from afterview.reviewer import ReviewContext, context_for_message, review
from afterview.services import drafting
from afterview.storage import open_store

NEWS = "Joined Globex as Staff Data Engineer"
TOLD = "I joined Globex as Staff Data Engineer"  # as a note tells it, after a colon (the `inline` filter)
START = datetime(2026, 11, 24, 18, 30, tzinfo=timezone.utc)
END = datetime(2026, 11, 24, 20, 0, tzinfo=timezone.utc)


@pytest.fixture
def store(tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 'afterview.db'}")
    with store.transaction() as tx:
        tx.save_profile(Profile(name="Alex Morgan", phone="+1 555 0100", email="alex@mail.example"))
        northwind = tx.add(Company(name="Northwind Analytics"))
        globex = tx.add(Company(name="Globex"))
        opportunity = tx.add(Opportunity(company_id=northwind.id, role="Senior Data Engineer"))
        tx.add(Opportunity(company_id=globex.id, role="Staff Data Engineer"))
        priya = tx.add(Person(name="Priya Raman", emails=["priya@northwind.example"], company_id=northwind.id,
                              tags=["streaming"]))
        interview = tx.add(Interview(opportunity_id=opportunity.id, start=START, end=END,
                                     timezone="America/New_York", stage="panel interview",
                                     participants=[Participant(person_id=priya.id, role=Role.HIRING_MANAGER)]))
        tx.add(Debrief(interview_id=interview.id, person_id=priya.id,
                       topics=["moving the nightly batch jobs to streaming"]))
        tx.add(NewsItem(title=NEWS, happened_on=date(2027, 3, 1), tags=["streaming"]))
    yield store
    store.close()


def keep_warm(store, tone: str, edit=None) -> tuple[Message, list]:
    """The keep-warm note Afterview drafts on the news, stored, then reviewed as the desk does."""
    with store.transaction() as tx:
        facts = tx.facts()
        person = next(p for p in facts.people.values() if p.name == "Priya Raman")
        opportunity = next(o for o in facts.opportunities.values() if o.company_id == person.company_id)
        news = next(n for n in facts.news if n.title == NEWS)
        draft = drafting.compose_for(facts, DraftRequest(
            kind=MessageKind.KEEP_WARM, person_id=person.id, opportunity_id=opportunity.id, news_id=news.id,
            key=f"keep_warm.1:o{opportunity.id}:p{person.id}"), tone)
        assert draft.gaps == []
        body = edit(draft.body) if edit else draft.body
        message = tx.add(Message(kind=draft.kind, channel=draft.channel, person_id=person.id,
                                 opportunity_id=opportunity.id, action_key=draft.action_key,
                                 subject=draft.subject, body=body, tone=tone, state=MessageState.DRAFTED))
        ((stored, findings),) = [(m, f) for m, f in drafting.list_drafts(tx) if m.id == message.id]
        return stored, findings


def wrong_company(message: Message, findings: list) -> list[str]:
    return [message.body[f.start:f.end] for f in findings if f.code == "wrong-company"]


@pytest.mark.parametrize("tone", ["warm", "formal", "concise"])
def test_a_keep_warm_note_on_your_news_passes_its_own_review(store, tone):
    message, findings = keep_warm(store, tone)
    assert TOLD in message.body
    assert wrong_company(message, findings) == []
    assert [f for f in findings if f.severity in ("error", "warning")] == []


def test_another_mention_of_the_company_is_still_flagged(store):
    message, findings = keep_warm(store, "warm", lambda body: body.replace(
        "No need to reply;", "I hope to hear more about Globex from you. No need to reply;"))
    assert TOLD in message.body
    ((start, end),) = [(f.start, f.end) for f in findings if f.code == "wrong-company"]
    assert message.body[start:end] == "Globex"
    assert start > message.body.index("I hope to hear more")  # the other mention, not the news


def test_the_news_told_in_your_own_words_still_passes(store):
    message, findings = keep_warm(store, "warm", lambda body: body.replace(
        f"I wanted to share a milestone with you: {TOLD}.",
        "I wanted to share a milestone with you: in March I joined Globex as a Staff Data Engineer."))
    assert TOLD not in message.body and "joined Globex as a Staff" in message.body
    assert wrong_company(message, findings) == []


def test_afterview_lint_on_the_same_text_still_flags_the_company(store, tmp_path, capsys):
    message, _ = keep_warm(store, "warm")
    path = tmp_path / "note.txt"
    path.write_text(message.body, encoding="utf-8")
    with pytest.raises(SystemExit) as done:
        main(["lint", str(path), "--kind", "keep_warm", "--company", "Northwind Analytics",
              "--other-company", "Globex"])
    out, _ = capsys.readouterr()
    assert done.value.code == 1 and "wrong-company" in out and "'Globex'" in out


# -- the rule on its own ---------------------------------------------------------------------


def mentions(body: str, news: list[str]) -> list[str]:
    context = ReviewContext(kind="keep_warm", company="Northwind Analytics", other_companies=["Globex"],
                            news=news)
    return [body[f.start:f.end] for f in review(None, body, context) if f.code == "wrong-company"]


BODY = ("Hi Priya,\n\nI wanted to share a milestone with you: {news}. I hope all is well at "
        "Northwind Analytics.\n\nBest,\nAlex")


def test_only_a_company_named_in_the_news_is_let_stand():
    body = BODY.format(news="Joined Globex as Staff Data Engineer, after Initech")
    context = ReviewContext(kind="keep_warm", company="Northwind Analytics",
                            other_companies=["Globex", "Initech"], news=[NEWS])
    assert [body[f.start:f.end] for f in review(None, body, context) if f.code == "wrong-company"] == ["Initech"]


def test_a_sentence_that_does_not_tell_the_news_is_flagged():
    body = BODY.format(news="a new role") + "\n"
    body = body.replace("I hope all is well", "Globex was great. I hope all is well")
    assert mentions(body, [NEWS]) == ["Globex"]
    assert mentions(BODY.format(news=NEWS), []) == ["Globex"]  # no news known: as before
    assert mentions(BODY.format(news=NEWS), [NEWS]) == []


def test_the_news_told_twice_is_let_stand_where_told_and_nowhere_else():
    body = BODY.format(news=NEWS) + "\n"
    body = body.replace("I hope all is well", f"Again: {NEWS}! Globex aside, I hope all is well")
    found = mentions(body, [NEWS])
    assert found == ["Globex"] and body.count("Globex") == 3


def test_context_for_a_stored_message_carries_your_news():
    from afterview.domain.model import Facts

    facts = Facts(profile=Profile(name="Alex Morgan"),
                  news=[NewsItem(id=1, title=NEWS, detail="A team of six on the event platform.",
                                 happened_on=date(2027, 3, 1))])
    message = Message(id=1, kind=MessageKind.KEEP_WARM, person_id=1, body="Hi")
    assert context_for_message(facts, message).news == [NEWS, "A team of six on the event platform."]
