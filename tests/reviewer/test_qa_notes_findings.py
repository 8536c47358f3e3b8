"""A tester read the linter's output as a hiring manager would: one false alarm that blocked
approval, leverage, an ultimatum, needy lines, an argued rejection, a reproach and an accusation
that went unflagged, a debrief topic pasted into a sentence as typed that only `afterview draft`
mentioned (once), and a second status follow-up scheduled two business days after the first
without a word. The corpus holds these messages and their near-misses (`qa-*`); here each one
line by line, and the context a stored draft gets."""

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from afterview.domain.model import (
    Company, Debrief, Facts, Interview, Message, MessageKind, MessageState, Opportunity, Pace, Participant,
    Person, Profile,
)
from afterview.planner import DEFAULT_PLAYBOOK
from afterview.reviewer import ReviewContext, review
from afterview.reviewer.context import context_for_message

CONTEXT = dict(company="Northwind Analytics", role="Senior Data Engineer", recipient_name="Priya Raman",
               other_companies=["Brisk Analytics"])


def _found(sentence: str, kind: str = "status_check", **extra) -> dict[str, list]:
    body = f"Hi Priya,\n\n{sentence}\n\nBest,\nAlex"
    found: dict[str, list] = {}
    for finding in review(None, body, ReviewContext(kind=kind, **{**CONTEXT, **extra})):
        found.setdefault(finding.code, []).append(finding)
    return found


@pytest.mark.parametrize("sentence", [
    "You mentioned you hoped to decide by Friday; could you share whether that timeline still holds?",
    "As you said, the team would decide by Friday, so I wanted to ask whether that still holds.",
    "Your team expected to decide by the 10th; is that still the plan?",
])
def test_a_date_they_gave_is_not_a_deadline_set_on_them(sentence):
    assert "pushy" not in _found(sentence)


@pytest.mark.parametrize("sentence", [
    "Please decide by Friday.",
    "As you said, I need to know by Friday.",
])
def test_a_deadline_of_the_writers_own_still_is(sentence):
    assert [f.severity for f in _found(sentence)["pushy"]] == ["error"]


@pytest.mark.parametrize("sentence, quoted", [
    ("I have received an offer from another company and they want an answer soon, so it would help to know "
     "where Northwind stands.", "offer from another company"),
    ("I am in final rounds elsewhere and expect an offer next week, so I would appreciate knowing your "
     "timeline soon.", "in final rounds elsewhere"),
    ("Brisk Analytics has offered me a role and needs my answer by Monday.", "has offered me"),
])
def test_another_employers_offer_is_leverage(sentence, quoted):
    pushy = _found(sentence)["pushy"]
    assert any("leverage" in f.message and quoted in f.message for f in pushy), [f.message for f in pushy]


def test_another_companys_deadline_is_leverage_and_a_deadline():
    pushy = _found("Another company has asked me to confirm by Monday, so I would need to hear from Northwind "
                   "before then.")["pushy"]
    messages = " | ".join(f.message for f in pushy)
    assert "leverage: 'Another company has asked me'" in messages
    assert "deadline on the employer: 'need to hear from Northwind before then'" in messages


def test_a_pipeline_companys_offer_is_not_a_name_to_correct():
    found = _found("Brisk Analytics has offered me a role and needs my answer by Monday.")
    [named] = found["wrong-company"]
    assert "in a sentence about its offer" in named.message
    assert "Did you mean" not in named.suggestion and "Leave the other company out" in named.suggestion
    # a slip of a copied note keeps its fix
    [slip] = _found("I enjoyed hearing how Brisk Analytics plans the migration.")["wrong-company"]
    assert slip.suggestion == "Did you mean Northwind Analytics?"


@pytest.mark.parametrize("sentence", [
    "Thank you for having offered me the chance to meet the team.",
    "I enjoyed the final round with the team.",
    "If I can send anything else before then, I will do so right away.",
    "If I do not hear back by Friday, I will follow up again next week.",
    "Nobody told me the office had moved, but Jana found me in the lobby.",
    "I need to get my references in order before then.",
])
def test_near_misses_are_not_pushy(sentence):
    assert "pushy" not in _found(sentence)


def test_an_ultimatum_is_pushy():
    pushy = _found("If I do not hear back by next Wednesday I will assume I am no longer being considered and "
                   "withdraw my application.")["pushy"]
    assert [f.message.split(":")[0] for f in pushy] == ["an ultimatum"]


@pytest.mark.parametrize("sentence", [
    "I really need this.",
    "My savings are running out and I cannot pay rent next month without this role.",
    "I keep checking my inbox every hour and I cannot sleep waiting for news.",
    "Please, anything at all would put my mind at rest.",
])
def test_needy_lines_are_desperate(sentence):
    assert _found(sentence)["desperate"][0].severity == "error"


@pytest.mark.parametrize("sentence", [
    "I need this information to prepare for the next round.",
    "I checked my calendar and I can make Tuesday.",
    "The project brought cost savings that are still running.",
    "Could you send the form again? I need it.",
])
def test_near_misses_are_not_desperate(sentence):
    assert "desperate" not in _found(sentence)


def test_arguing_with_a_rejection():
    found = _found("To be honest I do not understand the decision, since my Looker experience is stronger than "
                   "most people's. I think you should reconsider.", kind="rejection_reply")
    quoted = {f.message.split(": ", 1)[1] for f in found["argues-rejection"]}
    assert quoted == {"'I do not understand the decision'", "'you should reconsider'"}
    assert "argues-rejection" in _found("I cannot accept the decision.", kind="rejection_reply")
    assert "argues-rejection" not in _found("I understand the decision and thank you for telling me. Should you "
                                            "reconsider the team structure next year, I would be glad to hear "
                                            "from you.", kind="rejection_reply")


def test_an_assumption_that_they_are_busy_then_but_is_a_reproach():
    [finding] = _found("I assume you must be very busy, but it has now been two weeks.")["passive-aggressive"]
    assert finding.severity == "warning"
    assert "passive-aggressive" not in _found("I assume the team is busy with the quarter close, so I will keep "
                                              "this short.")


def test_an_accusation_of_silence_is_pushy():
    pushy = _found("Nobody has told me anything in three weeks; candidates deserve better communication.")["pushy"]
    assert {f.message for f in pushy} == {"accusing the employer: 'Nobody has told me'",
                                         "accusing the employer: 'candidates deserve better'"}
    assert all(f.severity == "error" for f in pushy)


# -- a topic pasted as typed ------------------------------------------------------------------

LENA = "Hi Lena,\n\nTalking with you about w/ the team's aws migr was a highlight of my interviews at Globex.\n"
SHE = "Hi Lena,\n\nOur discussion of she asked about my dbt testing approach was a highlight.\n"


def _wording(body: str, **context) -> list:
    return [f for f in review(None, body, ReviewContext(kind="thank_you", **context)) if f.code == "topic-wording"]


def test_a_topic_in_shorthand_is_named_with_what_to_change():
    [finding] = _wording(LENA, topics=["w/ the team's aws migr.", "mentoring"], recipient_name="Lena Fischer",
                         interview_id=1)
    assert finding.severity == "warning"
    assert finding.message == ("the topic 'w/ the team's aws migr.' is used as you typed it: shorthand ('w/', "
                               "'migr.'): write it out in words")
    assert LENA[finding.start:finding.end] == "w/ the team's aws migr"
    assert 'afterview debrief 1 --person "Lena Fischer" --replace --topic' in finding.suggestion


def test_a_topic_typed_as_a_sentence_is_named():
    [finding] = _wording(SHE, topics=["she asked about my dbt testing approach"])
    assert "written from your side ('she'); say it as you would to them ('you', 'your ...')" in finding.message
    assert SHE[finding.start:finding.end] == "she asked about my dbt testing approach"


def test_a_topic_rephrased_or_read_fine_gives_nothing():
    assert not _wording("Hi Lena,\n\nOur discussion of your approach to dbt testing was a highlight.\n",
                        topics=["she asked about my dbt testing approach"])
    # "re:" is left out by the draft: the topic as used reads fine
    assert not _wording("Hi Marcus,\n\nOur discussion of spark cost overruns stayed with me, as did your "
                        "thoughts on mentoring.\n", topics=["re: spark cost overruns", "mentoring"])


def test_without_its_topics_the_visible_pattern_is_found():
    [she] = _wording(SHE)
    assert she.message == "a topic that does not read as a phrase: 'of she asked about my dbt testing approach'"
    [short] = _wording(LENA)
    assert LENA[short.start:short.end] == "w/ the team's aws migr"
    assert not _wording("Hi Lena,\n\nI thought more about what she asked about my testing approach, and about "
                        "how we talked through the plan.\n")


def _loop_facts(*, pace=Pace.NORMAL) -> Facts:
    chicago = ZoneInfo("America/Chicago")
    end = datetime(2026, 12, 1, 13, 0, tzinfo=chicago)
    return Facts(
        profile=Profile(name="Alex Morgan", timezone="America/Chicago", country="US"),
        companies={1: Company(id=1, name="Globex Corporation")},
        opportunities={1: Opportunity(id=1, company_id=1, role="Engineering Manager, Data", pace=pace)},
        people={1: Person(id=1, name="Marcus Ellis", company_id=1, timezone="America/Chicago", country="US"),
                2: Person(id=2, name="Lena Fischer", company_id=1, timezone="America/Chicago", country="US")},
        interviews={1: Interview(id=1, opportunity_id=1, start=end - timedelta(hours=3), end=end,
                                 timezone="America/Chicago",
                                 participants=[Participant(person_id=1), Participant(person_id=2)])},
        debriefs=[Debrief(id=1, interview_id=1, person_id=2, topics=["w/ the team's aws migr.", "mentoring"])],
        messages=[
            Message(id=2, kind=MessageKind.THANK_YOU, person_id=2, opportunity_id=1, interview_id=1,
                    action_key="thank_you:i1:p2", body=LENA, state=MessageState.DONE_ELSEWHERE,
                    created_at=end, updated_at=datetime(2026, 12, 2, 15, 0, tzinfo=timezone.utc)),
            # the first status follow-up, marked done on Friday 11 December
            Message(id=4, kind=MessageKind.STATUS_CHECK, person_id=1, opportunity_id=1, interview_id=1,
                    action_key="status_check.1:o1:i1:p1", body="Hi Marcus, ...", state=MessageState.DONE_ELSEWHERE,
                    created_at=datetime(2026, 12, 11, 16, 0, tzinfo=timezone.utc),
                    updated_at=datetime(2026, 12, 11, 16, 0, tzinfo=timezone.utc)),
            Message(id=5, kind=MessageKind.STATUS_CHECK, person_id=1, opportunity_id=1, interview_id=1,
                    action_key="status_check.2:o1:i1:p1", subject="Engineering Manager, Data - next steps",
                    body="Hi Marcus,\n\nI wanted to follow up once more on the Engineering Manager, Data role I "
                         "interviewed for on December 1. I remain very interested in joining Globex, and I would "
                         "be grateful for any update on the timeline.\n\nBest,\nAlex Morgan\n",
                    state=MessageState.SCHEDULED, scheduled_at=datetime(2026, 12, 15, 10, 0, tzinfo=chicago)),
        ],
    )


def test_a_stored_drafts_topics_come_from_its_debrief():
    f = _loop_facts()
    context = context_for_message(f, f.messages[0], DEFAULT_PLAYBOOK)
    assert context.topics == ["w/ the team's aws migr.", "mentoring"] and context.interview_id == 1
    [finding] = [x for x in review(None, LENA, context) if x.code == "topic-wording"]
    assert 'afterview debrief 1 --person "Lena Fischer"' in finding.suggestion


def _timing(f: Facts, message: Message, playbook=DEFAULT_PLAYBOOK) -> list:
    context = context_for_message(f, message, playbook)
    return [x for x in review(message.subject, message.body, context) if x.code == "timing"]


def test_a_second_status_follow_up_two_business_days_after_the_first_warns():
    f = _loop_facts()
    [finding] = _timing(f, f.messages[2])
    assert finding.severity == "warning"  # warns, never blocks
    assert finding.message == ("a second status follow-up 2 business days after the previous status follow-up "
                               "(Fri 2026-12-11); the playbook waits 7 business days "
                               "(second_status_check.after_first)")
    assert finding.suggestion == "Schedule it for Tue 2026-12-22 or later, their time."


def test_after_the_playbooks_wait_nothing_is_said():
    f = _loop_facts()
    f.messages[2].scheduled_at = datetime(2026, 12, 22, 10, 0, tzinfo=ZoneInfo("America/Chicago"))
    assert _timing(f, f.messages[2]) == []


def test_a_slow_sector_waits_longer():
    f = _loop_facts(pace=Pace.SLOW)
    f.messages[2].scheduled_at = datetime(2026, 12, 22, 10, 0, tzinfo=ZoneInfo("America/Chicago"))
    [finding] = _timing(f, f.messages[2])
    assert "the playbook waits 11 business days" in finding.message  # 7 x 1.5, rounded up


def test_spacing_after_the_last_message_to_that_person_comes_from_the_playbook():
    f = _loop_facts()
    chicago = ZoneInfo("America/Chicago")
    news = Message(id=6, kind=MessageKind.SHARE_NEWS, person_id=1, opportunity_id=1, subject="A write-up",
                   body="Hi Marcus,\n\nI published a short write-up on cutting Spark costs.\n\nBest,\nAlex Morgan\n",
                   state=MessageState.SCHEDULED, scheduled_at=datetime(2026, 12, 15, 10, 0, tzinfo=chicago))
    f.messages.append(news)
    [finding] = _timing(f, news)
    assert finding.message == ("2 business days after your last message to Marcus Ellis (the status follow-up, "
                               "Fri 2026-12-11); the playbook keeps 3 business days between messages to one "
                               "person (spacing.business_days)")
    news.scheduled_at = datetime(2026, 12, 16, 10, 0, tzinfo=chicago)
    assert _timing(f, news) == []
    wider = DEFAULT_PLAYBOOK.override({"spacing": {"business_days": 5}}, "test")
    [finding] = _timing(f, news, wider)
    assert "the playbook keeps 5 business days" in finding.message
    assert finding.suggestion == "Schedule it for Fri 2026-12-18 or later, their time."


def test_a_kind_exempt_from_spacing_is_not_held_to_it():
    f = _loop_facts()
    chicago = ZoneInfo("America/Chicago")
    reply = Message(id=7, kind=MessageKind.WITHDRAWAL, person_id=1, opportunity_id=1, subject="Withdrawing",
                    body="Hi Marcus,\n\nThank you for your time; I am withdrawing my application.\n\nAlex Morgan\n",
                    state=MessageState.SCHEDULED, scheduled_at=datetime(2026, 12, 14, 10, 0, tzinfo=chicago))
    f.messages.append(reply)
    assert _timing(f, reply) == []


def test_a_message_the_same_day_says_so():
    f = _loop_facts()
    chicago = ZoneInfo("America/Chicago")
    news = Message(id=6, kind=MessageKind.KEEP_WARM, person_id=1, opportunity_id=1, subject="A write-up",
                   body="Hi Marcus,\n\nI published a short write-up on cutting Spark costs.\n\nBest,\nAlex Morgan\n",
                   state=MessageState.SCHEDULED, scheduled_at=datetime(2026, 12, 11, 14, 0, tzinfo=chicago))
    f.messages.append(news)
    [finding] = _timing(f, news)
    assert finding.message.startswith("on the same business day as your last message to Marcus Ellis")
