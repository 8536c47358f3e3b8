"""A tester's fourteen months of rejections and keep-in-touch notes with a real mailbox:

1. a rejection reply asked for feedback already recorded;
2. a note to someone who had changed jobs named their old company as theirs;
3. the keep-in-touch subject failed its own review (over 60 characters with a long role);
4. keep-in-touch notes to two people of one loop were near copies;
5. successive touches to one person were near copies, and "I still think back" eleven months on;
6. a rejection told on the phone was thanked "for letting me know";
7. a recruiter's notes and the topic of the round being thanked.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timezone

import pytest

from afterview.composer import DraftRequest, compose
from afterview.domain.model import (
    Company,
    Debrief,
    Facts,
    Feedback,
    Inbound,
    InboundKind,
    Interview,
    Message,
    MessageState,
    NewsItem,
    NewsKind,
    Opportunity,
    OpportunityStatus,
    Participant,
    Person,
    Profile,
    ReplyClass,
    Role,
    StatusChange,
)
from afterview.reviewer.rules.similarity import overlap, shingles
from afterview.reviewer.text import Doc
from tests.composer.helpers import (
    K, TEMPLATES, TONES, as_message, compose_all, panel_facts, problems, review_drafts,
)
from tests.helpers import afterview

UTC = timezone.utc
FEEDBACK_ASK = {"warm": "one or two points I could work on", "formal": "one or two points I could develop",
                "concise": "one or two points to work on"}


def year() -> Facts:
    """Two closed processes: Lumen Health (Dana, hiring manager; Raj, who has since moved to
    Ferrous Labs; Kim, the recruiter) and Corvid Systems (Mia, recruiter; Tobias, manager)."""
    facts = Facts(profile=Profile(name="Jordan Ellis", phone="+1 617 555 0142", email="jordan@ellis.example",
                                  timezone="America/New_York", country="US"))
    for cid, name in ((1, "Lumen Health"), (2, "Corvid Systems"), (7, "Ferrous Labs")):
        facts.companies[cid] = Company(id=cid, name=name)
    rejected = [StatusChange(status=OpportunityStatus.REJECTED, at=datetime(2027, 2, 1, 20, 10, tzinfo=UTC))]
    facts.opportunities[1] = Opportunity(id=1, company_id=1, role="Senior Data Platform Engineer",
                                         status=OpportunityStatus.REJECTED, history=list(rejected))
    facts.opportunities[2] = Opportunity(id=2, company_id=2, role="Backend Engineer (Payments)",
                                         status=OpportunityStatus.REJECTED, history=list(rejected))
    people = ((1, "Kim Ortega", 1), (2, "Dana Whitfield", 1), (3, "Raj Patel", 7), (4, "Mia Chen", 2),
              (5, "Tobias Grant", 2))
    for pid, name, company in people:
        first = name.split()[0].lower()
        facts.people[pid] = Person(id=pid, name=name, company_id=company, country="US",
                                   timezone="America/New_York", emails=[f"{first}@mail.example"])
    screen, final = datetime(2027, 1, 12, 15, tzinfo=UTC), datetime(2027, 1, 21, 15, tzinfo=UTC)
    facts.interviews[1] = Interview(id=1, opportunity_id=1, start=screen, end=screen.replace(hour=16),
                                    timezone="America/New_York", stage="recruiter screen",
                                    participants=[Participant(person_id=1, role=Role.RECRUITER)])
    facts.interviews[4] = Interview(id=4, opportunity_id=1, start=final, end=final.replace(hour=18),
                                    timezone="America/New_York", stage="final round",
                                    participants=[Participant(person_id=2, role=Role.HIRING_MANAGER),
                                                  Participant(person_id=3),
                                                  Participant(person_id=1, role=Role.COORDINATOR)])
    panel = datetime(2027, 1, 20, 15, tzinfo=UTC)
    facts.interviews[3] = Interview(id=3, opportunity_id=2, start=panel, end=panel.replace(hour=17),
                                    timezone="America/New_York", stage="panel",
                                    participants=[Participant(person_id=5, role=Role.HIRING_MANAGER),
                                                  Participant(person_id=4, role=Role.RECRUITER)])
    facts.debriefs += [
        Debrief(id=1, interview_id=1, person_id=1, topics=["why the platform team is growing this year"]),
        Debrief(id=5, interview_id=4, person_id=2, topics=["moving the claims pipeline from nightly batch to streaming",
                                                            "mentoring senior engineers into tech leads"]),
        Debrief(id=6, interview_id=4, person_id=3, topics=["data contracts between product teams and the platform"]),
        Debrief(id=7, interview_id=4, person_id=1, topics=["how the final round panel is put together"]),
        Debrief(id=3, interview_id=3, person_id=5, topics=["idempotent payment retries across the ledger service"]),
        Debrief(id=4, interview_id=3, person_id=4, topics=["the team's move to a four-day on-call rotation"]),
    ]
    facts.news += [
        NewsItem(id=1, kind=NewsKind.NEWS, company_id=2, title="Corvid Systems launches instant payouts for marketplaces",
                 link="https://news.example/corvid-payouts", happened_on=date(2027, 7, 1)),
        NewsItem(id=2, kind=NewsKind.NEWS, company_id=1, title="Lumen Health raises $80M Series C",
                 link="https://news.example/lumen-series-c", happened_on=date(2027, 5, 6)),
        NewsItem(id=3, title="Passed the Databricks data engineer professional exam", tags=["streaming"],
                 happened_on=date(2027, 12, 20)),
        NewsItem(id=4, kind=NewsKind.NEWS, company_id=2, title="Corvid Systems named to the Fintech 50",
                 happened_on=date(2027, 10, 8)),
        NewsItem(id=5, title="Spoke at a meetup on batch to streaming migrations", tags=["streaming"],
                 happened_on=date(2027, 3, 20)),
    ]
    return facts


def warm(person: int, opportunity: int, touch: int, news: int, day: date) -> DraftRequest:
    return DraftRequest(kind=K.KEEP_WARM, person_id=person, opportunity_id=opportunity, news_id=news, day=day,
                        key=f"keep_warm.{touch}:o{opportunity}:p{person}", sequence=touch)


def stored(facts: Facts, draft, when: datetime, state=MessageState.SENT) -> Message:
    """The draft saved as the drafting service saves it (the next one is composed against it)."""
    message = dataclasses.replace(as_message(draft, len(facts.messages) + 100), created_at=when, state=state,
                                  sent_at=when if state is MessageState.SENT else None)
    facts.messages.append(message)
    return message


def similarity(one: str, other: str) -> float:
    return overlap(shingles(Doc(one), set()), shingles(Doc(other), set()))


def clean(facts: Facts, drafts) -> list[str]:
    return problems(review_drafts(facts, list(drafts)))


# -- 1. the feedback request is asked once ----------------------------------------------------------


def _rejected_by_dana(facts: Facts) -> None:
    facts.opportunities[1].history[0].person_id = 2


@pytest.mark.parametrize("tone", TONES)
def test_a_rejection_reply_leaves_the_feedback_request_out_once_feedback_is_recorded(tone):
    facts = year()
    _rejected_by_dana(facts)
    request = DraftRequest(kind=K.REJECTION_REPLY, person_id=2, opportunity_id=1, key="rejection_reply:o1:p2")
    assert FEEDBACK_ASK[tone] in compose(facts, request, tone, TEMPLATES).body
    facts.feedback.append(Feedback(id=1, opportunity_id=1, person_id=2, text="more depth on event sourcing",
                                   received_at=datetime(2027, 2, 2, 12, tzinfo=UTC)))
    reply = compose(facts, request, tone, TEMPLATES)
    assert "one or two points" not in reply.body and "a moment" not in reply.body
    assert clean(facts, [reply]) == []
    # feedback for another opportunity changes nothing here
    facts.feedback[0].opportunity_id = 2
    assert FEEDBACK_ASK[tone] in compose(facts, request, tone, TEMPLATES).body


def test_a_feedback_request_sent_already_or_turned_off_in_the_playbook_is_not_asked_again():
    from afterview.planner import DEFAULT_PLAYBOOK

    facts = year()
    _rejected_by_dana(facts)
    request = DraftRequest(kind=K.REJECTION_REPLY, person_id=2, opportunity_id=1)
    off = DEFAULT_PLAYBOOK.override({"rejection_reply": {"feedback_request": False}}, "test")
    assert "one or two points" not in compose(facts, request, "warm", TEMPLATES, playbook=off).body
    facts.messages.append(Message(id=9, kind=K.FEEDBACK_REQUEST, person_id=1, opportunity_id=1,
                                  body="Hi Kim, ...", state=MessageState.SENT))
    assert "one or two points" not in compose(facts, request, "warm", TEMPLATES).body
    facts.messages[-1].state = MessageState.CANCELLED  # never sent: still to ask
    assert "one or two points" in compose(facts, request, "warm", TEMPLATES).body


def test_draft_again_after_recording_feedback_drops_the_request():
    # the tester's steps: outcome ... --from, feedback ... --person, draft (also --force)
    def av(at: str, *args):
        result = afterview("--at", at, *args)
        assert result.code == 0, result.err
        return result

    av("2026-11-26T15:00:00Z", "demo")
    av("2026-11-26T15:00:00Z", "outcome", "1", "rejected", "--from", "Priya")
    av("2026-11-27T15:00:00Z", "draft", "rejection_reply:o1:p1")
    first = av("2026-11-27T15:00:00Z", "drafts", "--json")
    import json

    [draft] = [d for d in json.loads(first.out) if d["action"] == "rejection_reply:o1:p1"]
    body = json.loads(av("2026-11-27T15:00:00Z", "show", str(draft["id"]), "--json").out)["message"]["body"]
    assert "one or two points" in body
    av("2026-11-27T15:00:00Z", "feedback", "1", "more depth on streaming", "--person", "Priya")
    av("2026-11-27T15:00:00Z", "draft", "rejection_reply:o1:p1", "--force")
    body = json.loads(av("2026-11-27T15:00:00Z", "show", str(draft["id"]), "--json").out)["message"]["body"]
    assert "one or two points" not in body and "Thank you for letting me know" in body


# -- 2. the recipient's company now ----------------------------------------------------------------


@pytest.mark.parametrize("tone", TONES)
@pytest.mark.parametrize("kind", [K.KEEP_WARM, K.SHARE_NEWS])
def test_a_note_to_someone_who_moved_on_names_their_company_now(tone, kind):
    facts = year()
    request = DraftRequest(kind=kind, person_id=3, opportunity_id=1, news_id=5, day=date(2027, 3, 25),
                           key="keep_warm.1:o1:p3" if kind is K.KEEP_WARM else "share_news:n5:p3")
    note = compose(facts, request, tone, TEMPLATES)
    assert "Ferrous Labs" in note.body, note.body
    assert "Lumen Health" not in note.body.split("\n\n")[1].rsplit(".", 2)[-2], note.body  # the close
    assert "at Lumen Health" not in note.body
    assert clean(facts, [note]) == []


@pytest.mark.parametrize("tone", TONES)
def test_news_of_their_former_employer_is_passed_on_not_congratulated(tone):
    facts = year()
    note = compose(facts, warm(3, 1, 1, 2, date(2027, 5, 10)), tone, TEMPLATES)
    assert "ongratulat" not in note.body + note.subject and "Lumen Health raises $80M Series C" in note.body
    assert "Ferrous Labs" in note.body
    # someone still there is congratulated, and the subject says so
    note = compose(facts, warm(2, 1, 1, 2, date(2027, 5, 10)), tone, TEMPLATES)
    assert "ongratulat" in note.body and not note.subject.startswith("An update since")
    assert clean(facts, [note]) == []


# -- 3. every subject passes the review --------------------------------------------------------------


@pytest.mark.parametrize("tone", TONES)
def test_a_long_role_names_the_company_in_the_subject_instead(tone):
    facts = panel_facts()
    facts.opportunities[1].role = "Senior Data Platform Engineer (Streaming)"
    drafts = compose_all(facts, tone)
    assert clean(facts, drafts) == []
    for draft in drafts:
        assert len(draft.subject) <= 60, draft.subject
    thanks = next(d for d in drafts if d.kind is K.THANK_YOU)
    assert thanks.subject == "Thank you - Northwind Analytics interview"


@pytest.mark.parametrize("tone", TONES)
def test_a_long_role_and_a_long_company_still_give_subjects_that_pass(tone):
    facts = panel_facts()
    facts.opportunities[1].role = "Senior Staff Software Engineer, Machine Learning Platform"
    facts.companies[1].name = "Northwind Analytics and Data Services International"
    drafts = compose_all(facts, tone)
    assert clean(facts, drafts) == []
    assert all(len(d.subject) <= 60 and not d.subject.endswith((" -", " and", " the")) for d in drafts)


@pytest.mark.parametrize("tone", TONES)
def test_the_keep_in_touch_subject_with_the_testers_role_passes(tone):
    # "An update since our Senior Data Platform Engineer conversation": 62 characters
    facts = year()
    for touch in range(1, 5):
        note = compose(facts, warm(2, 1, touch, 5, date(2027, 3, 25)), tone, TEMPLATES)
        assert len(note.subject) <= 60, note.subject
        assert clean(facts, [note]) == []


# -- 4. the notes of one loop differ ----------------------------------------------------------------


@pytest.mark.parametrize("tone", TONES)
def test_keep_in_touch_notes_to_one_loop_on_the_same_news_are_not_copies(tone):
    facts = year()
    day, when = date(2027, 7, 6), datetime(2027, 7, 6, 23, 5, tzinfo=UTC)
    mia = compose(facts, warm(4, 2, 1, 1, day), tone, TEMPLATES)
    stored(facts, mia, when, MessageState.DRAFTED)
    tobias = compose(facts, warm(5, 2, 1, 1, day), tone, TEMPLATES)
    assert similarity(mia.body, tobias.body) < 0.6
    assert mia.body.split("\n\n")[1].split(":")[0] != tobias.body.split("\n\n")[1].split(":")[0]
    facts.messages.clear()
    reviewed = review_drafts(facts, [mia, tobias])  # both stored: each is compared with the other
    assert problems(reviewed) == []


@pytest.mark.parametrize("tone", TONES)
def test_a_loop_whose_touches_drifted_apart_still_gets_different_notes(tone):
    # Raj's first touch went out three weeks after Dana's first, on the same news as her second:
    # their places in the loop would give the same wordings; the composer takes others
    facts = year()
    raj = compose(facts, warm(3, 1, 1, 5, date(2027, 3, 25)), tone, TEMPLATES)
    stored(facts, raj, datetime(2027, 3, 25, 14, tzinfo=UTC))
    dana = compose(facts, warm(2, 1, 2, 5, date(2027, 4, 1)), tone, TEMPLATES)
    assert similarity(raj.body, dana.body) < 0.6
    message = stored(facts, dana, datetime(2027, 4, 1, 14, tzinfo=UTC), MessageState.DRAFTED)
    from afterview.reviewer.context import context_for_message
    from afterview.reviewer.engine import review

    found = review(dana.subject, dana.body, context_for_message(facts, message))
    assert [f.code for f in found if f.severity != "info"] == []


@pytest.mark.parametrize("tone", TONES)
def test_share_news_to_a_panel_is_worded_differently_for_each(tone):
    facts = panel_facts()
    facts.news = [NewsItem(id=1, title="Passed the Kafka certification", tags=["streaming", "dbt"],
                           happened_on=date(2026, 11, 20))]
    facts.people[2].tags = ["streaming"]
    notes = []
    for person in (1, 2):
        note = compose(facts, DraftRequest(kind=K.SHARE_NEWS, person_id=person, opportunity_id=1, news_id=1),
                       tone, TEMPLATES)
        notes.append(note)
    assert similarity(notes[0].body, notes[1].body) < 0.6
    assert problems(review_drafts(facts, notes)) == []


# -- 5. touch after touch ----------------------------------------------------------------------------


@pytest.mark.parametrize("tone", TONES)
def test_successive_touches_to_one_person_rotate_subject_topic_and_wording(tone):
    facts = year()
    touches = [(5, date(2027, 3, 25)), (2, date(2027, 6, 1)), (5, date(2027, 9, 1)), (3, date(2027, 12, 21))]
    notes = []
    for touch, (news, day) in enumerate(touches, start=1):
        note = compose(facts, warm(2, 1, touch, news, day), tone, TEMPLATES)
        assert clean(facts, [note]) == [], note.body
        stored(facts, note, datetime.combine(day, datetime.min.time(), UTC).replace(hour=14))
        notes.append(note)
    assert len({n.subject for n in notes}) == len(notes), [n.subject for n in notes]
    for index, note in enumerate(notes):
        for other in notes[:index]:
            assert similarity(note.body, other.body) < 0.6, (note.body, other.body)
    # the second touch, on news about no topic of hers, recalls her other topic
    assert "mentoring senior engineers into tech leads" in notes[1].body
    assert "moving the claims pipeline" not in notes[1].body
    closes = [n.body.split("\n\n")[1].rsplit(". ", 1)[-1] for n in notes]
    assert len(set(closes)) == len(closes), closes


@pytest.mark.parametrize("tone", TONES)
def test_the_wording_suits_the_time_since_you_spoke(tone):
    facts = year()
    soon = compose(facts, warm(2, 1, 1, 5, date(2027, 2, 25)), tone, TEMPLATES)
    later = compose(facts, warm(2, 1, 1, 5, date(2027, 12, 21)), tone, TEMPLATES)
    assert "in January" not in soon.body
    assert "in January" in later.body and "still" not in later.body, later.body
    a_year = compose(facts, warm(2, 1, 1, 5, date(2028, 2, 1)), tone, TEMPLATES)
    assert "in January 2027" in a_year.body
    # drafted by the service, the day comes from the moment it is drafted
    assert DraftRequest.from_action(type("A", (), {"kind": "keep_warm", "person_id": 2, "key": "keep_warm.3:o1:p2"})(),
                                    day=date(2027, 12, 21)).day == date(2027, 12, 21)


def test_a_congratulation_is_never_titled_an_update():
    facts = year()
    for tone in TONES:
        for touch in range(1, 5):
            note = compose(facts, warm(4, 2, touch, 1, date(2027, 7, 6)), tone, TEMPLATES)
            assert "ongratulat" in note.body or "Well done" in note.subject or "news" in note.subject.lower()
            assert not note.subject.startswith("An update since"), note.subject


# -- 6. a rejection told on the phone -------------------------------------------------------------------


CALL = {"warm": "Thank you for the call, and", "formal": "Thank you for calling to inform me of the decision",
        "concise": "Thank you for the call, and"}


@pytest.mark.parametrize("tone", TONES)
def test_a_rejection_told_on_a_call_is_thanked_for_the_call(tone):
    facts = year()
    change = facts.opportunities[2].history[0]
    change.person_id, change.note = 4, "Mia called: they chose someone with more Go in production"
    request = DraftRequest(kind=K.REJECTION_REPLY, person_id=4, opportunity_id=2)
    reply = compose(facts, request, tone, TEMPLATES)
    assert CALL[tone] in reply.body
    assert clean(facts, [reply]) == []
    # told by her, but nothing says it was a call: as before
    for note in ("they chose someone with more Go in production", "Mia emailed after the call", ""):
        change.note = note
        body = compose(facts, request, tone, TEMPLATES).body
        assert CALL[tone] not in body and "call" not in body.split("\n\n")[1].split(".")[0]
    # a call, but to someone else: the reply to Mia does not thank her for it
    change.note, change.person_id = "Tobias called me", 5
    assert CALL[tone] not in compose(facts, request, tone, TEMPLATES).body


def test_a_call_then_her_email_is_answered_as_the_email():
    facts = year()
    change = facts.opportunities[2].history[0]
    change.person_id, change.note = 4, "Mia rang this afternoon"
    request = DraftRequest(kind=K.REJECTION_REPLY, person_id=4, opportunity_id=2)
    assert "Thank you for the call" in compose(facts, request, "warm", TEMPLATES).body
    facts.inbound.append(Inbound(id=1, kind=InboundKind.REPLY, classification=ReplyClass.REJECTION,
                                 received_at=datetime(2027, 2, 1, 21, tzinfo=UTC), person_id=4, opportunity_id=2,
                                 from_address="mia@mail.example", subject="Your application",
                                 header_message_id="<r1@corvid.example>"))
    reply = compose(facts, request, "warm", TEMPLATES)
    assert "Thank you for letting me know" in reply.body and reply.subject == "Re: Your application"


# -- 7. a recruiter's notes use the round being thanked ---------------------------------------------


@pytest.mark.parametrize("tone", TONES)
def test_the_recruiters_notes_use_the_topic_of_the_round_being_thanked(tone):
    facts = year()
    final = compose(facts, DraftRequest(kind=K.THANK_YOU, person_id=1, opportunity_id=1, interview_id=4),
                    tone, TEMPLATES)
    assert final.template == "thank_you_recruiter"
    assert "how the final round panel is put together" in final.body
    assert "why the platform team is growing" not in final.body
    screen = compose(facts, DraftRequest(kind=K.THANK_YOU, person_id=1, opportunity_id=1, interview_id=1),
                     tone, TEMPLATES)
    assert "why the platform team is growing this year" in screen.body
    for interview in (4, None):  # the note after the final round, or about the whole process
        note = compose(facts, DraftRequest(kind=K.LINKEDIN_NOTE, person_id=1, opportunity_id=1,
                                           interview_id=interview), tone, TEMPLATES)
        assert "final round panel" in note.body, note.body
    assert clean(facts, [final, screen]) == []


@pytest.mark.parametrize("tone", TONES)
def test_a_final_round_topic_about_pay_is_left_out_not_replaced_by_an_older_one(tone):
    # the tester's recruiter: her final-round topic was relocation support, which no note praises
    facts = year()
    facts.debriefs[3].topics = ["relocation support for the Chicago office"]
    final = compose(facts, DraftRequest(kind=K.THANK_YOU, person_id=1, opportunity_id=1, interview_id=4),
                    tone, TEMPLATES)
    assert "relocation" not in final.body and "why the platform team" not in final.body
    note = compose(facts, DraftRequest(kind=K.LINKEDIN_NOTE, person_id=1, opportunity_id=1), tone, TEMPLATES)
    assert "relocation" not in note.body and "why the platform team is growing this year" in note.body
