"""What a reader of every generated draft found, second round: topics used as typed that read
badly (told with the draft, never rewritten), a LinkedIn note with no topic in this process
though one was recorded in another, "stay connected" to the people you are about to work with,
and a note marked done that did not count as received."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from afterview.composer import DraftRequest, compose
from afterview.composer.context import TOPIC_WORDING
from afterview.domain.model import (
    Company, Debrief, Interview, Message, MessageState, NewsItem, Opportunity, OpportunityStatus, Participant,
    Person, Role,
)
from tests.composer.helpers import K, TEMPLATES, TONES, UTC, panel_facts, problems, review_drafts


def _thank_you(facts, tone="warm", person_id=1):
    return compose(facts, DraftRequest(kind=K.THANK_YOU, person_id=person_id, opportunity_id=1, interview_id=1),
                   tone, TEMPLATES)


def _hints(draft) -> list[str]:
    # the topics' hints (the fixture's concern note names no question: told as well, not here)
    return [g.placeholder for g in draft.asks if g.optional and g.field == TOPIC_WORDING
            and g.placeholder.startswith("the topic ")]


# -- 1. topics as typed ------------------------------------------------------------------------


@pytest.mark.parametrize("topic, advice", [
    ("relocation timeline", "add 'the' or rephrase"),
    ("team structure", "add 'the' or rephrase"),
    ("KAFKA CONSUMER LAG", "written in capitals"),
    ("Their move from Jenkins to GitHub Actions.", "written from your side"),
    ("they are moving to GitHub Actions", "written from your side"),
    ("she leads the platform team", "written from your side"),
    # a word for someone else anywhere in it: in a note to them, "they" are the team they are in
    ("why they moved off Airflow", "written from your side"),
])
@pytest.mark.parametrize("tone", TONES)
def test_a_topic_that_reads_badly_as_typed_gets_a_hint_and_is_not_rewritten(topic, advice, tone):
    facts = panel_facts()
    facts.debriefs[0].topics = [topic]
    draft = _thank_you(facts, tone)
    typed = topic.rstrip(".")
    typed = typed[0].lower() + typed[1:] if typed.startswith("Their") else typed  # as a phrase
    assert typed in draft.body, draft.body  # the user's words, as typed
    hints = _hints(draft)
    assert len(hints) == 1, hints
    assert f"'{typed}'" in hints[0] and advice in hints[0], hints[0]
    assert draft.gaps == []  # a hint is not a gap in the text: it does not stop the note


@pytest.mark.parametrize("topic", [
    "Kafka", "GitHub Actions", "AWS IAM", "SQL", "data pipelines", "hiring", "security",
    "the relocation timeline", "how the team runs incident reviews",
    "what a good on-call week looks like", "why the team moved off Airflow", "moving the batch jobs to streaming",
    "onboarding", "data migration", "hiring and team structure", "terraform module reuse",
    "incident response", "scalability of the ingestion layer", "Kafka consumer lag", "dbt",
])
def test_no_hint_for_a_topic_that_reads_fine_bare(topic):
    facts = panel_facts()
    facts.debriefs[0].topics = [topic]
    for tone in TONES:
        draft = _thank_you(facts, tone)
        assert _hints(draft) == [], (topic, draft.body)


def test_the_panel_fixture_topics_get_no_hint():
    facts = panel_facts()
    for person in (1, 2):
        for tone in TONES:
            assert _hints(_thank_you(facts, tone, person)) == []


def test_a_topic_the_note_does_not_use_gets_no_hint():
    facts = panel_facts()
    # a card names one topic: the second, in capitals, is not in it
    facts.debriefs[0].topics = ["data contracts", "KAFKA CONSUMER LAG"]
    card = compose(facts, DraftRequest(kind=K.CARD, person_id=1, opportunity_id=1, interview_id=1), "warm",
                   TEMPLATES)
    assert "KAFKA" not in card.body
    assert _hints(card) == []


@pytest.mark.parametrize("tone", TONES)
def test_a_share_news_subject_in_capitals_is_pointed_out(tone):
    facts = panel_facts()
    facts.debriefs[0].topics = ["KAFKA CONSUMER LAG"]
    facts.news = [NewsItem(id=1, title="Passed the Kafka certification", tags=["kafka consumer lag"],
                           happened_on=date(2026, 11, 20))]
    note = compose(facts, DraftRequest(kind=K.SHARE_NEWS, person_id=1, opportunity_id=1), tone, TEMPLATES)
    assert "KAFKA CONSUMER LAG" in note.subject + note.body
    hints = _hints(note)
    assert len(hints) == 1 and "'KAFKA CONSUMER LAG'" in hints[0] and "written in capitals" in hints[0], hints


def test_the_hint_is_what_afterview_draft_says_as_missing():
    """The hint travels as the concern reminder does (`Draft.asks`, optional): `afterview draft`
    prints it, and the CLI asks nothing for it (it is not an answerable gap)."""
    from afterview.services.drafting import answerable

    facts = panel_facts()
    facts.debriefs[0].topics = ["relocation timeline"]
    gap = next(g for g in _thank_you(facts).asks if g.field == TOPIC_WORDING)
    assert gap.optional and not answerable(gap) and gap.person_id == 1


# -- 2. a LinkedIn note: topics from another process with them ---------------------------------


def _second_process(facts, company_id: int):
    facts.opportunities[2] = Opportunity(id=2, company_id=company_id, role="Staff Data Engineer")
    facts.interviews[2] = Interview(
        id=2, opportunity_id=2, timezone="UTC", stage="screening call",
        start=datetime(2027, 1, 12, 15, tzinfo=UTC), end=datetime(2027, 1, 12, 16, tzinfo=UTC),
        participants=[Participant(person_id=1, role=Role.HIRING_MANAGER)])


@pytest.mark.parametrize("tone", TONES)
def test_a_linkedin_note_uses_the_topics_of_another_process_when_this_one_has_none(tone):
    facts = panel_facts()
    _second_process(facts, company_id=1)  # the same company, another role: no debrief yet
    note = compose(facts, DraftRequest(kind=K.LINKEDIN_NOTE, person_id=1, opportunity_id=2), tone, TEMPLATES)
    assert "[topic you discussed" not in note.body
    assert note.gaps == []
    assert "moving the nightly batch jobs to streaming" in note.body, note.body
    assert problems(review_drafts(facts, [note])) == []


def test_the_most_recent_other_process_comes_first_and_names_its_company():
    facts = panel_facts()
    _second_process(facts, company_id=1)
    # a third process, at Contoso and later than the first, where Priya discussed something else
    facts.opportunities[3] = Opportunity(id=3, company_id=2, role="Data Engineer")
    facts.interviews[3] = Interview(
        id=3, opportunity_id=3, timezone="UTC", stage="technical interview",
        start=datetime(2026, 12, 15, 15, tzinfo=UTC), end=datetime(2026, 12, 15, 16, tzinfo=UTC),
        participants=[Participant(person_id=1)])
    facts.debriefs.append(Debrief(id=9, interview_id=3, person_id=1, topics=["event sourcing"]))
    for tone in TONES:
        note = compose(facts, DraftRequest(kind=K.LINKEDIN_NOTE, person_id=1, opportunity_id=2), tone, TEMPLATES)
        assert "event sourcing" in note.body, note.body
        assert "Contoso Health" in note.body and "Northwind" not in note.body, note.body


def test_a_linkedin_note_with_no_topic_anywhere_still_asks_for_one():
    facts = panel_facts()
    _second_process(facts, company_id=1)
    facts.debriefs = [d for d in facts.debriefs if d.person_id != 1]
    note = compose(facts, DraftRequest(kind=K.LINKEDIN_NOTE, person_id=1, opportunity_id=2), "warm", TEMPLATES)
    assert note.gaps == ["[topic you discussed with Priya]"]


# -- 3. after you accepted their offer -----------------------------------------------------------


_STAY = ("stay connected", "stay in touch", "keep in touch", "remain in contact", "remain connected",
         "stay in contact", "glad to connect", "happy to connect")


@pytest.mark.parametrize("tone", TONES)
@pytest.mark.parametrize("person_id", [1, 2, 3])
def test_a_linkedin_note_to_your_future_colleagues_looks_forward_to_working_together(tone, person_id):
    facts = panel_facts()
    facts.opportunities[1].status = OpportunityStatus.ACCEPTED
    note = compose(facts, DraftRequest(kind=K.LINKEDIN_NOTE, person_id=person_id, opportunity_id=1), tone,
                   TEMPLATES)
    lowered = note.body.lower()
    assert not any(phrase in lowered for phrase in _STAY), note.body
    assert "working together" in lowered or "working with you" in lowered or "work together" in lowered, note.body
    assert problems(review_drafts(facts, [note])) == []


def test_an_agency_recruiter_of_the_accepted_process_is_not_a_future_colleague():
    facts = panel_facts()
    facts.opportunities[1].status = OpportunityStatus.ACCEPTED
    facts.companies[3] = Company(id=3, name="Fenwick Talent")
    facts.people[4] = Person(id=4, name="Mia Stone", emails=["mia@fenwick.example"], company_id=3)
    facts.interviews[1].participants.append(Participant(person_id=4, role=Role.RECRUITER))
    facts.debriefs.append(Debrief(id=4, interview_id=1, person_id=4, topics=["the hiring timeline"]))
    note = compose(facts, DraftRequest(kind=K.LINKEDIN_NOTE, person_id=4, opportunity_id=1), "warm", TEMPLATES)
    assert "working" not in note.body.lower(), note.body


# -- 4. a note marked done is a note they received -------------------------------------------------


def _done_thank_you(state: MessageState) -> Message:
    at = datetime(2026, 11, 25, 9, tzinfo=UTC)
    return Message(
        id=1, kind=K.THANK_YOU, person_id=1, opportunity_id=1, interview_id=1,
        subject="Thank you - Senior Data Engineer interview",
        body="Hi Priya,\n\nThank you. I passed the Confluent Certified Developer for Apache Kafka exam.",
        state=state, created_at=at, updated_at=at, sent_at=at if state is MessageState.SENT else None)


@pytest.mark.parametrize("state", [MessageState.SENT, MessageState.DONE_ELSEWHERE])
def test_the_second_status_check_adds_only_what_is_new_since_a_note_marked_done(state):
    facts = panel_facts()
    facts.news = [NewsItem(id=1, title="Published an article on data contracts", tags=["data contracts"],
                           happened_on=date(2026, 11, 20))]  # before the note of 25 November
    facts.messages.append(_done_thank_you(state))
    check = compose(facts, DraftRequest(kind=K.STATUS_CHECK, person_id=1, opportunity_id=1, sequence=2),
                    "warm", TEMPLATES)
    assert check.gaps == ["[something new since your last note: a result, an article or a portfolio piece]"]


@pytest.mark.parametrize("state", [MessageState.SENT, MessageState.DONE_ELSEWHERE])
def test_share_news_does_not_bring_again_what_a_note_marked_done_told(state):
    facts = panel_facts()
    facts.messages.append(_done_thank_you(state))
    note = compose(facts, DraftRequest(kind=K.SHARE_NEWS, person_id=1, opportunity_id=1), "warm", TEMPLATES)
    assert "Confluent" not in note.body, note.body


def test_afterview_draft_says_the_hint_as_a_check_not_as_missing(tmp_path):
    from tests.helpers import afterview

    def run(*args):
        return afterview("--db", str(tmp_path / "a.db"), "--at", "2026-11-25 19:00 America/Chicago", *args)

    assert run("profile", "set", "--name", "Alex Morgan", "--email", "alex@mail.example", "--phone", "+1 555 0100",
               "--tz", "America/Chicago", "--country", "US").code == 0
    assert run("opportunity", "add", "--company", "Northwind", "--role", "Data Engineer").code == 0
    assert run("person", "add", "Priya Raman", "--email", "p@northwind.example", "--company", "Northwind").code == 0
    assert run("interview", "add", "--opportunity", "1", "--start", "2026-11-25 13:30", "--duration", "60m",
               "--with", "Priya Raman:hiring_manager").code == 0
    assert run("debrief", "1", "--person", "Priya", "--topic", "relocation timeline").code == 0
    drafted = run("draft", "--interview", "1")
    assert drafted.code == 0, drafted.err
    assert drafted.out.splitlines()[1:] == [
        "    check: the topic 'relocation timeline' is used as you typed it: add 'the' or rephrase (edit the draft, "
        "or the topic in the debrief)"]
