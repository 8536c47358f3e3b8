"""What each kind of draft contains, built only from recorded facts."""

from __future__ import annotations

import dataclasses
import re
from datetime import datetime

import pytest

from afterview.composer import DraftRequest, compose
from afterview.composer.threads import reply_subject
from afterview.domain.model import (
    Channel, Debrief, Inbound, InboundKind, LinkedInAccount, Message, MessageState, NewsItem,
    ReplyClass,
)
from afterview.errors import InvalidInput, NotFound
from tests.composer.helpers import K, TEMPLATES, UTC, panel_facts, problems, review_drafts


def draft(facts, kind=K.THANK_YOU, person=1, tone="warm", **extra):
    extra.setdefault("opportunity_id", 1)
    if kind is K.THANK_YOU:
        extra.setdefault("interview_id", 1)
    return compose(facts, DraftRequest(kind=kind, person_id=person, **extra), tone, TEMPLATES)


def words(text: str) -> int:
    return len(text.split())


# -- thank-you notes ---------------------------------------------------------------------------


@pytest.mark.parametrize("tone", ["warm", "formal", "concise"])
def test_thank_you_follows_the_playbook(tone):
    facts = panel_facts()
    note = draft(facts, tone=tone)
    assert note.subject == "Thank you - Senior Data Engineer interview"
    assert "moving the nightly batch jobs to streaming" in note.body  # this interviewer's topic
    assert "Priya" in note.body.splitlines()[0]
    # the concern, addressed in the user's own words, never quoted from their note of it
    assert "Since then I have run Kafka in production for a client's order events." in note.body
    assert "side project" not in note.body and "->" not in note.body
    # nothing missing; only a hint that the concern note ("I have run Kafka only in a side
    # project ...") names no question the note could name
    assert all(g.optional and g.placeholder.startswith("the note answers your concern") for g in note.asks)
    assert "the write-up on schema evolution I mentioned" in note.body  # the promise
    assert "Confluent Certified Developer" in note.body  # the result tied to her interests
    core = note.body.split("\n\n")[1:-1]
    assert len(core) <= 3
    assert 90 <= words(note.body) <= 200
    assert note.body.rstrip().endswith("+1 555 0100")  # signature with phone
    assert "yesterday" not in note.body.lower()


def test_panel_notes_differ_in_substance_and_structure():
    facts = panel_facts()
    priya, tom = draft(facts, person=1), draft(facts, person=2)
    assert "moving the nightly batch jobs" in priya.body and "moving the nightly batch" not in tom.body
    assert "incident reviews" in tom.body and "incident reviews" not in priya.body
    first_sentence = lambda d: re.split(r"(?<=[.])\s", d.body.split("\n\n")[1])[0]
    opener = lambda d: first_sentence(d).split()[:3]
    assert opener(priya) != opener(tom)
    closing = lambda d: d.body.split("\n\n")[-2]
    assert closing(priya) != closing(tom)
    assert problems(review_drafts(facts, [priya, tom])) == []


def test_panel_members_get_different_achievements():
    facts = panel_facts()
    facts.news.append(NewsItem(id=9, title="Set up incident reviews for a team of twelve",
                               happened_on=datetime(2026, 10, 1).date(), tags=["incident reviews"]))
    priya, tom = draft(facts, person=1), draft(facts, person=2)
    assert "Confluent" in priya.body and "Confluent" not in tom.body
    assert "Set up incident reviews for a team of twelve" in tom.body


def test_recruiter_gets_a_thank_you_for_arranging():
    facts = panel_facts()
    note = draft(facts, person=3)
    assert note.template == "thank_you_recruiter"
    assert "arranging" in note.body and "Priya Raman and Tom Becker" in note.body


def test_missing_topic_and_phone_become_visible_gaps():
    facts = panel_facts()
    facts.debriefs = [d for d in facts.debriefs if d.person_id != 2]
    facts.profile.phone = ""
    note = draft(facts, person=2)
    assert note.gaps == ["[topic you discussed with Tom]", "[your phone number]"]  # in text order
    assert all(gap in note.body for gap in note.gaps)
    assert {g.field for g in note.asks} == {"debrief.topics", "profile.phone"}
    topic_gap = next(g for g in note.asks if g.field == "debrief.topics")
    assert (topic_gap.person_id, topic_gap.interview_id) == (2, 1)
    findings = review_drafts(facts, [note])[0][1]
    assert any(f.code == "placeholder" and f.severity == "error" for f in findings)


def test_late_thank_you_never_says_yesterday():
    facts = panel_facts()
    for tone in ("warm", "formal", "concise"):
        note = draft(facts, tone=tone, note="late: 3 days after the interview")
        assert "yesterday" not in note.body.lower() and "today" not in note.body.lower()


# -- other kinds -------------------------------------------------------------------------------


@pytest.mark.parametrize("tone", ["warm", "formal", "concise"])
@pytest.mark.parametrize("topic", ["Go", "migrating the billing service to Kubernetes and the cloud"])
def test_cards_are_40_to_80_words_for_every_panel_member(tone, topic):
    from afterview.domain.model import Participant, Person
    from afterview.reviewer.text import Doc

    facts = panel_facts()
    facts.people = {i: Person(id=i, name=f"Pat{i} Smith", company_id=1) for i in range(1, 9)}
    facts.interviews[1].participants = [Participant(person_id=i) for i in facts.people]
    facts.debriefs = [Debrief(interview_id=1, person_id=i, topics=[topic]) for i in facts.people]
    for person in facts.people:
        note = draft(facts, K.CARD, person=person, tone=tone, interview_id=1)
        assert note.channel is Channel.CARD and note.subject == ""
        assert 40 <= Doc(note.body).word_count() <= 80


@pytest.mark.parametrize("account,limit", [(LinkedInAccount.FREE, 200), (LinkedInAccount.PREMIUM, 300)])
def test_linkedin_note_fits_the_account(account, limit):
    facts = panel_facts()
    facts.profile.linkedin_account = account
    facts.debriefs[0].topics[0] = "a very long topic " * 12
    note = draft(facts, K.LINKEDIN_NOTE)
    assert note.channel is Channel.LINKEDIN and note.subject == ""
    assert len(note.body) <= limit
    assert note.body.startswith("Hi Priya,") and note.body.endswith(". Alex")  # sign-off kept
    assert not re.search(r"\b(a|the|about|during|my)\.", note.body)  # cut at a sensible word


def test_first_status_check_names_role_date_and_asks_about_timeline():
    note = draft(panel_facts(), K.STATUS_CHECK)
    assert "Senior Data Engineer" in note.body and "24 November" in note.body
    assert "timeline" in note.body
    assert "4 December" in note.body  # the decision date she gave


def test_second_status_check_adds_something_new():
    facts = panel_facts()
    first_sent = Message(id=5, kind=K.STATUS_CHECK, person_id=1, opportunity_id=1, subject="x",
                         body="Hi Priya, ...", state=MessageState.SENT, message_id="<s1@mail.example>",
                         sent_at=datetime(2026, 11, 15, 10, tzinfo=UTC))
    facts.messages.append(first_sent)
    note = draft(facts, K.STATUS_CHECK, sequence=2)
    assert "share: I passed the Confluent Certified Developer" in note.body  # newer than the first check
    assert "Published an article" not in note.body  # older than the first check: not new


def test_second_status_check_without_anything_new_shows_a_gap():
    facts = panel_facts()
    facts.news = []
    note = draft(facts, K.STATUS_CHECK, sequence=2)
    assert note.gaps and note.gaps[0].startswith("[something new")


def test_rejection_reply_feedback_request_is_optional():
    facts = panel_facts()
    with_request = draft(facts, K.REJECTION_REPLY)
    without = draft(facts, K.REJECTION_REPLY, ask_feedback=False)
    assert "one or two points" in with_request.body and "one or two points" not in without.body
    sentences = lambda d: len(re.findall(r"[.?]\s", d.body.split("\n\n", 1)[1].rsplit("\n\n", 1)[0] + " "))
    assert 3 <= sentences(without) <= sentences(with_request) <= 5


def test_share_news_matches_what_the_contact_cares_about():
    facts = panel_facts()
    tom_news = draft(facts, K.SHARE_NEWS, person=2)
    assert tom_news.gaps  # nothing recorded relates to Tom's interests: ask, never invent
    priya_news = draft(facts, K.SHARE_NEWS, person=1)
    assert "Confluent" in priya_news.body or "data contracts" in priya_news.body
    assert priya_news.gaps == []


def test_news_already_shared_is_not_shared_again():
    facts = panel_facts()
    first = draft(facts, K.SHARE_NEWS, person=1)
    facts.messages.append(Message(id=7, kind=K.SHARE_NEWS, person_id=1, opportunity_id=1,
                                  body=first.body, state=MessageState.SENT))
    second = draft(facts, K.SHARE_NEWS, person=1)
    assert second.body != first.body


# -- threading ---------------------------------------------------------------------------------


def sent(facts, message_id="<t1@mail.example>", references=(), subject="Thank you - Senior Data Engineer interview"):
    facts.messages.append(Message(
        id=len(facts.messages) + 1, kind=K.THANK_YOU, person_id=1, opportunity_id=1, interview_id=1,
        subject=subject, body="...", state=MessageState.SENT, message_id=message_id,
        references=list(references), sent_at=datetime(2026, 11, 25, 9, tzinfo=UTC),
    ))


@pytest.mark.parametrize("kind", [K.STATUS_CHECK, K.CLOSING_THE_LOOP, K.FEEDBACK_REQUEST])
def test_follow_ups_reply_in_the_original_thread(kind):
    facts = panel_facts()
    sent(facts, "<t2@mail.example>", references=["<t0@mail.example>"], subject="Re: Thank you - Senior Data Engineer interview")
    note = draft(facts, kind)
    assert note.subject == "Re: Thank you - Senior Data Engineer interview"
    assert note.in_reply_to == "<t2@mail.example>"
    assert note.references == ["<t0@mail.example>", "<t2@mail.example>"]


def test_the_last_sent_message_is_the_thread():
    facts = panel_facts()
    sent(facts, "<old@mail.example>")
    facts.messages.append(Message(id=9, kind=K.STATUS_CHECK, person_id=1, opportunity_id=1, subject="Update",
                                  state=MessageState.SENT, message_id="<new@mail.example>",
                                  sent_at=datetime(2026, 12, 8, 9, tzinfo=UTC)))
    assert draft(facts, K.CLOSING_THE_LOOP).in_reply_to == "<new@mail.example>"


def test_rejection_reply_answers_the_rejection_email():
    facts = panel_facts()
    sent(facts)
    facts.inbound.append(Inbound(id=1, kind=InboundKind.REPLY, received_at=datetime(2026, 12, 1, tzinfo=UTC),
                                 person_id=1, opportunity_id=1, classification=ReplyClass.REJECTION,
                                 subject="Your application", header_message_id="<rej@northwind.example>"))
    note = draft(facts, K.REJECTION_REPLY)
    assert (note.subject, note.in_reply_to, note.references) == (
        "Re: Your application", "<rej@northwind.example>", ["<rej@northwind.example>"])


def test_no_thread_without_a_sent_message_and_thank_yous_start_their_own():
    facts = panel_facts()
    assert draft(facts, K.STATUS_CHECK).in_reply_to == ""
    sent(facts)
    thanks = draft(facts)
    assert thanks.in_reply_to == "" and not thanks.subject.startswith("Re:")


def test_reply_subject_never_stacks():
    assert reply_subject("RE: Re:  Thank you") == "Re: Thank you"
    assert reply_subject("Fwd: AW: x") == "Re: x"


# -- bad input ---------------------------------------------------------------------------------


def test_template_syntax_in_a_debrief_is_printed_literally():
    facts = panel_facts()
    facts.debriefs[0].topics = ["{{ 7*7 }} and {% for x in range(3) %}x{% endfor %}"]
    facts.debriefs[0].concerns = ["{{ concern }} -> <script>alert(1)</script>"]
    facts.people[1].name = "Priya {{ config }} Raman"
    note = draft(facts)
    assert "{{ 7*7 }}" in note.body and "49" not in note.body
    assert "{% for x in range(3) %}x{% endfor %}" in note.body
    assert "<script>alert(1)</script>" in note.body  # text, not escaped and not evaluated


def test_unknown_people_and_tones_are_errors():
    facts = panel_facts()
    with pytest.raises(NotFound, match="no person with id 99"):
        draft(facts, person=99)
    with pytest.raises(InvalidInput, match="unknown tone"):
        draft(facts, tone="cheeky")


def test_compose_is_pure():
    facts = panel_facts()
    before = dataclasses.asdict(facts)
    assert draft(facts) == draft(facts)
    assert dataclasses.asdict(facts) == before


def test_from_action_reads_a_planner_action():
    class Action:  # the planner's Action has these attribute names
        key, kind, person_id, opportunity_id, interview_id = "thank_you:i1:p2", "thank_you", 2, 1, 1
        channel, sequence, note = "email", 1, ""

    request = DraftRequest.from_action(Action())
    assert (request.kind, request.person_id, request.key) == (K.THANK_YOU, 2, "thank_you:i1:p2")
    note = compose(panel_facts(), request, "formal", TEMPLATES)
    assert note.action_key == "thank_you:i1:p2" and note.body.startswith("Dear Tom Becker,")


def test_the_planners_news_item_is_the_one_shared():
    facts = panel_facts()
    note = draft(facts, K.SHARE_NEWS, news_id=2)
    assert "Published an article on data contracts" in note.body and "Confluent" not in note.body


def test_rejection_reply_to_a_recruiter_cites_the_teams_conversation():
    facts = panel_facts()
    facts.debriefs = [d for d in facts.debriefs if d.person_id != 3]
    note = draft(facts, K.REJECTION_REPLY, person=3)
    assert "the conversation with Priya Raman about moving the nightly batch jobs to streaming" in note.body
    assert note.gaps == []
    assert problems(review_drafts(facts, [note])) == []


def test_interview_names_read_naturally():
    from afterview.composer.context import interview_name

    assert interview_name("panel interview") == "panel interview"
    assert interview_name("screening call") == "screening call"
    assert interview_name("round 2") == "round 2 interview"
    assert interview_name("") == "interview"
    note = draft(panel_facts(), person=3, tone="concise")
    assert "my panel interview for the" in note.body


@pytest.mark.parametrize("tone", ["warm", "formal", "concise"])
@pytest.mark.parametrize("kind", [K.THANK_YOU, K.CARD])
def test_a_panel_of_six_with_the_same_topic_still_gets_distinct_notes(tone, kind):
    from afterview.domain.model import Participant, Person

    facts = panel_facts()
    names = ["Dana Lee", "Sam Ortiz", "Kim Park", "Lou Diaz", "Ira Roth", "Ada Wong"]
    facts.people = {i: Person(id=i, name=n, company_id=1) for i, n in enumerate(names, 1)}
    facts.interviews[1].participants = [Participant(person_id=i) for i in facts.people]
    from afterview.domain.model import Debrief as D

    facts.debriefs = [D(interview_id=1, person_id=i, topics=["pricing experiments"]) for i in facts.people]
    notes = [compose(facts, DraftRequest(kind=kind, person_id=i, opportunity_id=1, interview_id=1), tone, TEMPLATES)
             for i in facts.people]
    assert len({n.body.split("\n", 1)[1] for n in notes}) == 6  # not only the greeting differs
    reviewed = review_drafts(facts, notes)
    assert [f.code for _, fs in reviewed for f in fs if f.severity != "info"] == []


@pytest.mark.parametrize("name, greeted", [
    ("Becker, Tom", "Tom"), ("Dr. Tom Becker", "Tom"), ("Tom Becker, PhD", "Tom"), ("Becker, Tom, PhD", "Tom"),
    ("Zoë Brontë-Şahin", "Zoë"), ("王伟", "王伟"), ("Alexandra-Katharina von Hohenberg-Sinclair", "Alexandra-Katharina"),
])
def test_every_gap_left_for_any_name_is_an_error_before_sending(name, greeted):
    # A gap the reviewer cannot see could be approved and sent: for names as address books give
    # them, with titles, in any script and of any length, every gap is a placeholder error.
    facts = panel_facts()
    facts.people[2].name = name
    facts.debriefs = [d for d in facts.debriefs if d.person_id != 2]
    facts.news = []
    for kind, extra in ((K.THANK_YOU, {}), (K.STATUS_CHECK, {"sequence": 2}), (K.SHARE_NEWS, {}),
                        (K.KEEP_WARM, {})):
        note = draft(facts, kind=kind, person=2, **extra)
        assert note.gaps, (kind, note.body)
        assert f"{greeted}," in note.body.split("\n", 1)[0] or kind is K.KEEP_WARM, note.body
        found = {note.body[f.start:f.end] for f in review_drafts(facts, [note])[0][1]
                 if f.code == "placeholder" and f.severity == "error" and f.field == "body"}
        assert set(note.gaps) <= found, (kind, note.gaps, found)


def test_a_company_or_role_an_import_did_not_know_is_a_gap_not_a_name():
    from afterview.domain.model import UNKNOWN_COMPANY, UNKNOWN_ROLE

    facts = panel_facts()
    opportunity = facts.opportunities[1]
    facts.companies[opportunity.company_id].name = UNKNOWN_COMPANY
    opportunity.role = UNKNOWN_ROLE
    note = draft(facts)
    assert UNKNOWN_COMPANY not in note.body + note.subject and UNKNOWN_ROLE not in note.body + note.subject
    assert {"[company name]", "[the role]"} <= set(note.gaps)
    findings = review_drafts(facts, [note])[0][1]
    assert any(f.code == "placeholder" and f.severity == "error" for f in findings)


@pytest.mark.parametrize("tone", ["warm", "formal", "concise"])
def test_news_about_their_own_company_is_congratulated_not_passed_on(tone):
    from datetime import date

    from afterview.domain.model import NewsKind

    facts = panel_facts()
    facts.news = [NewsItem(id=9, kind=NewsKind.NEWS, title="Northwind opens an Amsterdam office",
                           happened_on=date(2026, 11, 20), tags=["offices"],
                           company_id=facts.opportunities[1].company_id)]
    for kind in (K.KEEP_WARM, K.SHARE_NEWS):
        body = draft(facts, kind=kind, tone=tone, news_id=9).body
        assert "ongratulations" in body and "Northwind opens an Amsterdam office" in body, (kind, body)
        assert "came across" not in body and "might enjoy" not in body and "might be useful" not in body


def test_a_signature_of_your_own_needs_no_phone_number():
    facts = panel_facts()
    facts.profile.phone = ""
    assert "[your phone number]" in draft(facts).gaps  # the default signature is name and phone
    facts.profile.signature = "Alex Morgan\nlinkedin.com/in/alexmorgan"
    note = draft(facts)
    assert "[your phone number]" not in note.body and note.body.rstrip().endswith("linkedin.com/in/alexmorgan")
