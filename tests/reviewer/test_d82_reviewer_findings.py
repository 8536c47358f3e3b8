"""A tester's review of drafts and their review: a topic written from your side with "her", "his",
"their", "them" or "him", or with its pronoun after its second word, drew a `check:` line from
`draft` but nothing from the review; "they" standing for a plural noun of the topic ("data
contracts (and why they matter)") is no person; an interviewer's private life ("her divorce and
why she is leaving") quoted in a rejection reply to the recruiter went without a finding; every
note to AT&T had "repeated word 'at AT'"; and a greeting to "MARY", "mary" or "Smith" (to Dr.
Smith) was reviewed as fine."""

from __future__ import annotations

import dataclasses

import pytest

from afterview.domain.model import Debrief, Message, MessageKind, MessageState, Person
from afterview.reviewer import ReviewContext, review
from afterview.reviewer.context import context_for_message
from tests.composer.helpers import panel_facts

CLOSE = "\n\nI look forward to hearing about the next steps.\n\nBest regards,\nAlex Morgan"


def _found(body: str, code: str, **context) -> list:
    return [f for f in review(None, body, ReviewContext(**context)) if f.code == code]


# -- 1. topic-wording: every word for a person, anywhere in the topic ---------------------------
@pytest.mark.parametrize("topic, word", [
    ("her divorce and why she is leaving", "her"),
    ("his approach to code review", "his"),
    ("their on-call rotation", "their"),
    ("the migration plan and how to sell it to them", "them"),
    ("what the team expects from him", "him"),
    ("the roadmap and how she plans it", "she"),  # after the second word
    ("moving nightly jobs to streaming, which he owns", "he"),
])
def test_a_topic_written_from_your_side_is_found_wherever_its_pronoun_stands(topic, word):
    body = f"Hi Priya,\n\nThank you for our conversation about {topic}.{CLOSE}"
    [found] = _found(body, "topic-wording", recipient_name="Priya Raman", kind="thank_you", topics=[topic])
    assert f"written from your side ('{word}'); say it as you would to them ('you', 'your ...')" in found.message


@pytest.mark.parametrize("topic", [
    "Data contracts (and why they matter)",
    "data pipelines and how to test them",
    "the platform teams and their on-call rotation",
    "the team and how they run incident reviews",
])
def test_they_standing_for_a_plural_noun_of_the_topic_is_about_things(topic):
    body = f"Hi Priya,\n\nThank you for our conversation about {topic}.{CLOSE}"
    assert not _found(body, "topic-wording", recipient_name="Priya Raman", kind="thank_you", topics=[topic])


# -- 2. someone's private life, in any note; the advice by whom the note is to -----------------
PRIVATE = "her divorce and why she is leaving"
REJECTION = ("Hi Rita,\n\nThank you for letting me know, and for the time you and the team spent with me. "
             f"I especially valued the conversation with Priya Raman about {PRIVATE}.{CLOSE}")


def _rita_facts():
    """The panel, Priya's debrief holding a topic of her private life, and a rejection reply to
    the recruiter Rita quoting it."""
    facts = panel_facts()
    facts.people[4] = Person(id=4, name="Rita Alvarez", emails=["rita@northwind.example"], company_id=1)
    facts.debriefs = [dataclasses.replace(d, topics=[PRIVATE]) if d.person_id == 1 else d for d in facts.debriefs]
    message = Message(id=1, kind=MessageKind.REJECTION_REPLY, person_id=4, opportunity_id=1,
                      subject="Re: Your application", body=REJECTION, state=MessageState.DRAFTED)
    facts.messages.append(message)
    return facts, message


def test_a_note_to_the_recruiter_quoting_an_interviewers_private_life_is_flagged():
    facts, message = _rita_facts()
    context = context_for_message(facts, message)
    assert context.others_topics[PRIVATE] == ("Priya Raman", 1)
    findings = review(message.subject, message.body, context)
    [private] = [f for f in findings if f.code == "private-topic"]
    assert private.severity == "warning"
    assert private.message == (f"the topic '{PRIVATE}' repeats what Priya Raman told you of their private life, "
                               "in a note to Rita Alvarez ('her divorce')")
    assert message.body[private.start:private.end] == PRIVATE
    assert 'afterview debrief 1 --person "Priya Raman" --replace' in private.suggestion
    # her word stands after her name: no advice to say "you" to Rita
    assert not [f for f in findings if f.code == "topic-wording"]


def test_another_persons_topic_not_named_before_it_is_said_to_be_theirs_not_the_readers():
    topic = "how she runs incident reviews"
    body = f"Hi Rita,\n\nThank you for the time you and the team spent with me. I valued hearing about {topic}.{CLOSE}"
    [found] = _found(body, "topic-wording", recipient_name="Rita Alvarez", kind="rejection_reply",
                     others_topics={topic: ("Priya Raman", 1)})
    assert "written about Priya Raman ('she'); name them before it" in found.message
    assert "'you'" not in found.message
    assert '--person "Priya Raman"' in found.suggestion


@pytest.mark.parametrize("sentence, said", [
    ("It was lovely to hear about Dana's new baby.", "Dana's new baby"),
    ("I understand the decision may wait because of his father's illness.", "his father's illness"),
    ("I hope she is pregnant with good news.", "she is pregnant"),
])
def test_the_words_themselves_are_flagged_in_a_text_without_its_debrief(sentence, said):
    body = f"Hi Tom,\n\nThank you for walking me through the event model. {sentence}{CLOSE}"
    [found] = _found(body, "private-topic", recipient_name="Tom Becker")
    assert body[found.start:found.end] == said


@pytest.mark.parametrize("sentence", [
    "I hope your family is well.",
    "I built tools for the family leave policy at my last job.",
    "The engineers and their kids came to the open day.",
    "I enjoyed hearing about their health-tech platform.",
    "Kubernetes and its health checks came up too.",
])
def test_matters_of_work_and_your_own_life_are_not_flagged(sentence):
    body = f"Hi Tom,\n\nThank you for walking me through the event model. {sentence}{CLOSE}"
    assert not _found(body, "private-topic", recipient_name="Tom Becker")


def test_the_recipients_own_private_topic_is_flagged_in_a_note_to_them():
    body = f"Hi Priya,\n\nThank you for our conversation about {PRIVATE}.{CLOSE}"
    [found] = _found(body, "private-topic", recipient_name="Priya Raman", topics=[PRIVATE])
    assert found.message.startswith(f"the topic '{PRIVATE}' repeats what Priya Raman told you")


# -- 3. a word before a name or abbreviation it is part of is no doubled word -------------------
@pytest.mark.parametrize("text", [
    "I look forward to the Data Engineer role at AT&T and its network team.",
    "I wrote the checklist we used to TO/DO items.",
    "I lived in IN. for two years before moving to Chicago.",
    "I have followed AT&T at every conference since.",
])
def test_a_word_before_a_name_it_is_part_of_is_not_repeated(text):
    body = f"Hi Priya,\n\n{text}{CLOSE}"
    assert not [f for f in _found(body, "spelling", company="AT&T") if "repeated word" in f.message]


def test_a_word_typed_twice_still_is():
    body = f"Hi Priya,\n\nThank you for the the conversation about AT&T.{CLOSE}"
    [found] = [f for f in _found(body, "spelling", company="AT&T") if "repeated word" in f.message]
    assert found.message == "repeated word 'the the'"


# -- 5. the greeting's name in capitals, in lower case, a titled family name alone --------------
@pytest.mark.parametrize("greeting, to, said, hint", [
    ("Hi MARY,", "MARY JONES", "all in capitals", '--greet-as "Mary"'),
    ("Hi mary,", "mary jones", "all in lower case", '--greet-as "Mary"'),
    ("Dear PRIYA RAMAN,", "Priya Raman", "all in capitals", '--greet-as "Priya Raman"'),
    ("Hi Smith,", "Dr. Smith", "the family name of Dr. Smith without the title", '--greet-as "Dr. Smith"'),
    ("Hi Smith,", "Dr. Jane Smith", "the family name of Dr. Jane Smith without the title", '--greet-as "Dr. Smith"'),
])
def test_a_greeting_name_written_as_no_one_writes_it_is_flagged(greeting, to, said, hint):
    body = f"{greeting}\n\nThank you for the conversation about streaming.{CLOSE}"
    findings = review(None, body, ReviewContext(recipient_name=to))
    [found] = [f for f in findings if f.code == "greeting-form"]
    assert found.severity == "warning" and said in found.message
    assert f"afterview person edit ID {hint}" in found.suggestion
    assert not [f for f in findings if f.code == "all-caps"]  # said once, as the greeting's


@pytest.mark.parametrize("greeting, to, greet_as", [
    ("Hi Mary,", "MARY JONES", ""),
    ("Dear Dr. Smith,", "Dr. Jane Smith", ""),
    ("Hi Jane,", "Dr. Jane Smith", ""),
    ("Hi AJ,", "AJ Patel", ""),
    ("Hi danah,", "danah boyd", "danah"),
    ("Hi Tanaka-san,", "Dr. Kenji Tanaka", ""),
    ("Hello,", "Dr. Smith", ""),
    ("Hi 芳,", "王芳", ""),
])
def test_a_greeting_name_as_its_person_writes_it_is_not(greeting, to, greet_as):
    body = f"{greeting}\n\nThank you for the conversation about streaming.{CLOSE}"
    assert not _found(body, "greeting-form", recipient_name=to, recipient_greet_as=greet_as)
