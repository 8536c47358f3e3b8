"""The review after a year of keep-in-touch notes (found by testers):

- `wrong-company` fired on the company the recipient had moved to ("the team at Ferrous
  Labs"): it counts only the other companies of your pipeline (those with an opportunity),
  never the recipient's own company now;
- keep-in-touch notes to two people of one loop, near copies, passed `lint --draft N` and the
  draft's review while `lint FILE --sibling OTHER` flagged them: such notes now have siblings;
- "A thank-you 930 h after the interview is late": beyond 48 h it says days.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

from afterview.domain.model import (
    Company, Facts, Interview, Message, MessageKind, MessageState, Opportunity, Participant, Person, Profile,
)
from afterview.reviewer import ReviewContext, review
from afterview.reviewer.context import context_for_message
from tests.helpers import afterview

UTC = timezone.utc
CLOSED = datetime(2027, 2, 1, 15, tzinfo=UTC)

MIA = ("Hi Mia,\n\nI saw the news at Corvid Systems, “Corvid Systems launches instant payouts for marketplaces”, "
       "and wanted to send my congratulations. I still think back to our conversation about the team's move to "
       "a four-day on-call rotation. I hope all is well with you and the team at Corvid Systems. No need to "
       "reply; I wanted to stay in touch.\n\nBest,\nJordan Ellis")
TOBIAS = MIA.replace("Hi Mia", "Hi Tobias").replace(
    "the team's move to a four-day on-call rotation", "idempotent payment retries across the ledger service")
RAJ = ("Hi Raj,\n\nI wanted to share a milestone with you: I passed the Databricks data engineer professional "
       "exam. It made me think back to our conversation about data contracts between product teams and the "
       "platform. I hope all is well with you and the team at Ferrous Labs. No need to reply; I wanted to stay "
       "in touch.\n\nBest,\nJordan Ellis")


def pipeline() -> Facts:
    """Lumen Health (Raj met there, now at Ferrous Labs) and Corvid Systems (Mia, Tobias); an
    agency known only as someone's employer."""
    facts = Facts(profile=Profile(name="Jordan Ellis", timezone="America/New_York", country="US"))
    for cid, name in ((1, "Lumen Health"), (2, "Corvid Systems"), (7, "Ferrous Labs"), (8, "Alder Talent")):
        facts.companies[cid] = Company(id=cid, name=name)
    facts.opportunities[1] = Opportunity(id=1, company_id=1, role="Senior Data Platform Engineer")
    facts.opportunities[2] = Opportunity(id=2, company_id=2, role="Backend Engineer (Payments)")
    facts.people[3] = Person(id=3, name="Raj Patel", company_id=7)
    facts.people[4] = Person(id=4, name="Mia Chen", company_id=2)
    facts.people[5] = Person(id=5, name="Tobias Grant", company_id=2)
    facts.people[6] = Person(id=6, name="Sara Alder", company_id=8)
    start = datetime(2027, 1, 20, 15, tzinfo=UTC)
    facts.interviews[1] = Interview(id=1, opportunity_id=1, start=start, end=start + timedelta(hours=1),
                                    timezone="America/New_York", participants=[Participant(person_id=3)])
    facts.interviews[2] = Interview(id=2, opportunity_id=2, start=start, end=start + timedelta(hours=1),
                                    timezone="America/New_York",
                                    participants=[Participant(person_id=4), Participant(person_id=5)])
    return facts


def keep_warm(message_id: int, person: int, opportunity: int, body: str, when: datetime,
              state=MessageState.DRAFTED) -> Message:
    return Message(id=message_id, kind=MessageKind.KEEP_WARM, person_id=person, opportunity_id=opportunity,
                   action_key=f"keep_warm.1:o{opportunity}:p{person}", subject="Staying in touch", body=body,
                   state=state, created_at=when)


def codes(facts: Facts, message: Message) -> list[str]:
    found = review(message.subject, message.body, context_for_message(facts, message))
    return [f.code for f in found if f.severity in ("error", "warning")]


# -- wrong-company ------------------------------------------------------------------------------------


def test_the_company_the_recipient_moved_to_is_not_another_company():
    facts = pipeline()
    raj = keep_warm(1, 3, 1, RAJ, CLOSED)
    facts.messages.append(raj)
    context = context_for_message(facts, raj)
    assert context.company == "Lumen Health" and context.recipient_company == "Ferrous Labs"
    assert context.other_companies == ["Corvid Systems"]  # the pipeline's, not the agency nor Raj's
    assert "wrong-company" not in codes(facts, raj)
    # even when you also applied at Ferrous Labs: it is where Raj is now
    facts.opportunities[3] = Opportunity(id=3, company_id=7, role="Staff Data Engineer")
    assert "Ferrous Labs" not in context_for_message(facts, raj).other_companies
    assert "wrong-company" not in codes(facts, raj)


def test_another_company_of_the_pipeline_is_still_flagged_and_one_outside_it_is_not():
    facts = pipeline()
    copied = keep_warm(1, 3, 1, RAJ.replace("the team at Ferrous Labs", "the team at Corvid Systems"), CLOSED)
    facts.messages.append(copied)
    assert "wrong-company" in codes(facts, copied)
    agency = keep_warm(1, 3, 1, RAJ.replace("the team at Ferrous Labs", "everyone at Alder Talent"), CLOSED)
    facts.messages[-1] = agency
    assert "wrong-company" not in codes(facts, agency)  # no opportunity there: not your pipeline
    assert "spelling" not in codes(facts, agency)  # still a name the review knows


def test_the_rule_never_counts_the_recipients_company_when_told_both():
    body = RAJ
    context = ReviewContext(kind="keep_warm", company="Lumen Health", recipient_company="Ferrous Labs",
                            other_companies=["Ferrous Labs", "Corvid Systems"], recipient_name="Raj Patel")
    assert [f for f in review(None, body, context) if f.code == "wrong-company"] == []
    context.recipient_company = ""
    assert [body[f.start:f.end] for f in review(None, body, context) if f.code == "wrong-company"] == ["Ferrous Labs"]


# -- near-duplicate for keep-in-touch notes ------------------------------------------------------------


def test_a_keep_in_touch_note_is_compared_with_the_loops_notes_of_the_same_round():
    facts = pipeline()
    mia = keep_warm(1, 4, 2, MIA, CLOSED, MessageState.SENT)
    tobias = keep_warm(2, 5, 2, TOBIAS, CLOSED + timedelta(days=3))
    facts.messages += [mia, tobias]
    assert context_for_message(facts, tobias).siblings == [MIA]
    assert "near-duplicate" in codes(facts, tobias)
    # months apart (the next round), cancelled, another opportunity, another kind: not siblings
    for change in (dict(created_at=CLOSED - timedelta(days=91)), dict(state=MessageState.CANCELLED),
                   dict(opportunity_id=1), dict(kind=MessageKind.SHARE_NEWS)):
        other = Message(**{**{f: getattr(mia, f) for f in ("id", "kind", "person_id", "opportunity_id", "body",
                                                           "state", "created_at")}, **change})
        facts.messages[0] = other
        assert context_for_message(facts, tobias).siblings == [], change
    # the moment a note goes out counts before the one it was drafted
    facts.messages[0] = Message(id=1, kind=MessageKind.KEEP_WARM, person_id=4, opportunity_id=2, body=MIA,
                                state=MessageState.SENT, created_at=CLOSED - timedelta(days=91),
                                sent_at=CLOSED + timedelta(days=1))
    assert context_for_message(facts, tobias).siblings == [MIA]


def test_share_news_notes_of_a_loop_are_siblings_too():
    facts = pipeline()
    one = Message(id=1, kind=MessageKind.SHARE_NEWS, person_id=4, opportunity_id=2, body=MIA, created_at=CLOSED)
    two = Message(id=2, kind=MessageKind.SHARE_NEWS, person_id=5, opportunity_id=2, body=TOBIAS, created_at=CLOSED)
    facts.messages += [one, two]
    assert context_for_message(facts, two).siblings == [MIA]


def test_lint_draft_reports_the_near_copy_as_lint_with_sibling_does(tmp_path):
    from afterview.config import database_url, load_config, paths
    from afterview.storage import open_store

    facts = pipeline()
    store = open_store(database_url(None, load_config(), paths()))
    with store.transaction() as tx:
        ids = {}
        for cid, company in facts.companies.items():
            ids[cid] = tx.add(Company(name=company.name)).id
        opportunity = tx.add(Opportunity(company_id=ids[2], role="Backend Engineer (Payments)"))
        mia = tx.add(Person(name="Mia Chen", company_id=ids[2]))
        tobias = tx.add(Person(name="Tobias Grant", company_id=ids[2]))
        start = datetime(2027, 1, 20, 15, tzinfo=UTC)
        tx.add(Interview(opportunity_id=opportunity.id, start=start, end=start + timedelta(hours=1), timezone="UTC",
                         participants=[Participant(person_id=mia.id), Participant(person_id=tobias.id)]))
        tx.add(Message(kind=MessageKind.KEEP_WARM, person_id=mia.id, opportunity_id=opportunity.id, body=MIA,
                       subject="Staying in touch", state=MessageState.SENT, created_at=CLOSED, sent_at=CLOSED))
        draft = tx.add(Message(kind=MessageKind.KEEP_WARM, person_id=tobias.id, opportunity_id=opportunity.id,
                               body=TOBIAS, subject="Staying in touch", created_at=CLOSED))
    store.close()
    result = afterview("lint", "--draft", str(draft.id), "--json")
    assert result.code == 1, (result.out, result.err)
    found = json.loads(result.out)["findings"]
    assert "near-duplicate" in {f["code"] for f in found}
    mine, theirs = tmp_path / "tobias.txt", tmp_path / "mia.txt"
    mine.write_text(TOBIAS, encoding="utf-8")
    theirs.write_text(MIA, encoding="utf-8")
    pasted = afterview("lint", str(mine), "--kind", "keep_warm", "--sibling", str(theirs), "--json")
    assert "near-duplicate" in {f["code"] for f in json.loads(pasted.out)["findings"]}


# -- timing: days, not hundreds of hours ---------------------------------------------------------------


@pytest.mark.parametrize("after, said", [(timedelta(hours=930), "a thank-you 39 days after the interview is late"),
                                         (timedelta(hours=50), "a thank-you 2 days after the interview is late"),
                                         (timedelta(hours=47), None)])
def test_a_late_thank_you_says_how_late_in_days_beyond_two_days(after, said):
    end = datetime(2027, 3, 1, 16, tzinfo=UTC)
    context = ReviewContext(kind="thank_you", send_at=end + after, interview_end=end,
                            recipient_timezone="America/New_York", recipient_country="US")
    found = [f.message for f in review("Thank you - Data Engineer interview", "Hi Jon,\n\nThank you.\n\nBest,\nAl",
                                       context) if f.code == "timing"]
    late = [m for m in found if "is late" in m]
    if said is None:
        assert late == [], found
    else:
        assert len(late) == 1 and late[0].startswith(said) and "(over 48 h" in late[0], late
