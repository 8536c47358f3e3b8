"""Your answer to a concern, pasted into a thank-you: led in without an echo, and unmangled.

A debrief concern recorded as `concern -> answer` puts a lead-in sentence of the template's
own before the answer, in the user's words. The lead-in must not collide with how answers
usually begin ("Since then ...", "I have since ...", "Now ...", "Today ..."); the answer is
pasted as written, without losing a name's capitals, with its quotes left out, and with no
full stop after an emoticon (which the reviewer then reports, as it does in `afterview lint`).
"""

from __future__ import annotations

import re

import pytest

from afterview.composer import DraftRequest, compose
from afterview.composer.draft import TONES
from afterview.composer.templates import _sentence, tidy
from afterview.domain.model import Debrief, Participant, Person, Role
from afterview.reviewer.engine import review
from tests.composer.helpers import K, TEMPLATES, panel_facts, problems, review_drafts

# How answers to a doubt usually begin.
OPENINGS = [
    "since then I have run Kafka in production for a client",
    "since May I have run Kafka in production for a client",
    "I have since run Kafka in production for a client",
    "now I run Kafka in production for a client",
    "today I run Kafka in production for a client",
]
# Words that place the lead-in in time, so that "Since then" or "Now" would echo it ("... I
# have thought about it since. Since then ..."), or say that you have been thinking it over.
TIMED = re.compile(r"\b(?:since|then|now|today|further thought|thought about it|reflected|been thinking)\b",
                   re.IGNORECASE)


def thank_you(facts, person: int, tone: str):
    return compose(facts, DraftRequest(kind=K.THANK_YOU, person_id=person, opportunity_id=1, interview_id=1),
                   tone, TEMPLATES)


def answering(answer: str, person: int = 1):
    """The panel, with `person` having noted a concern and recorded this answer."""
    facts = panel_facts()
    for debrief in facts.debriefs:
        debrief.concerns = [f"a doubt of theirs -> {answer}"] if debrief.person_id == person else []
    return facts


def big_panel(answer: str):
    """Four interviewers (every wording of the lead-in) and a coordinator, all with the answer."""
    facts = panel_facts()
    facts.people.update({i: Person(id=i, name=name, company_id=1)
                         for i, name in ((4, "Ana Souza"), (5, "Kenji Nakamura"))})
    facts.interviews[1].participants = [
        Participant(person_id=1, role=Role.HIRING_MANAGER), Participant(person_id=2),
        Participant(person_id=4), Participant(person_id=5), Participant(person_id=3, role=Role.COORDINATOR)]
    facts.debriefs = [Debrief(interview_id=1, person_id=p, topics=["how the team plans its roadmap"],
                              concerns=[f"a doubt of theirs -> {answer}"]) for p in (1, 2, 4, 5, 3)]
    return facts


def lead_in(body: str, sentence: str) -> str:
    """The sentence just before the answer."""
    before = body.split(sentence)[0].rstrip()
    assert before.endswith("."), before[-80:]
    return re.split(r"(?<=[.!?])\s+", before)[-1]


# -- 1. the lead-ins -----------------------------------------------------------------------------


@pytest.mark.parametrize("tone", TONES)
@pytest.mark.parametrize("answer", OPENINGS)
def test_no_lead_in_collides_with_how_an_answer_begins(tone, answer):
    facts = big_panel(answer)
    sentence = answer[0].upper() + answer[1:] + "."
    leads = {}
    for person in (1, 2, 4, 5, 3):  # every interviewer wording, and the recruiter's
        note = thank_you(facts, person, tone)
        assert sentence in note.body, note.body
        lead = lead_in(note.body, sentence)
        leads[person] = lead
        assert not TIMED.search(lead), (tone, lead)
        first_words = lambda text: [w.lower() for w in re.findall(r"[\w']+", text)[:2]]
        assert first_words(lead) != first_words(answer), (tone, lead)  # "I have ... I have since"
        assert lead.split()[-1].rstrip(".").lower() != answer.split()[0].lower()
    assert len({leads[p] for p in (1, 2, 4, 5)}) == 4  # the panel's notes still differ


def test_the_readme_answer_reads_without_an_echo():
    for tone in TONES:
        body = thank_you(answering("since then I have run Kafka in production for a client"), 1, tone).body
        assert "since. Since" not in body and "thought. Since" not in body
        assert "Since then I have run Kafka in production for a client." in body


# -- 2. the answer as written ----------------------------------------------------------------------


@pytest.mark.parametrize("answer,sentence", [
    ("eBay-scale pipelines are what I ran at my last job", "eBay-scale pipelines are what I ran at my last job."),
    ("iOS apps with offline sync are my daily work", "iOS apps with offline sync are my daily work."),
    ("gRPC services between all our teams", "gRPC services between all our teams."),
    ("since then I have run Kafka in production", "Since then I have run Kafka in production."),
    ("i have since run Kafka in production", "I have since run Kafka in production."),
    ("Kafka is now my daily work", "Kafka is now my daily work."),
])
def test_only_an_all_lower_case_first_word_is_capitalised(answer, sentence):
    for tone in TONES:
        body = thank_you(answering(answer), 1, tone).body
        assert sentence in body
    assert "EBay" not in thank_you(answering(answer), 1, "warm").body


@pytest.mark.parametrize("quoted", [
    '"I ran Kafka in production for a client"',
    '"I ran Kafka in production for a client".',
    '"I ran Kafka in production for a client."',
    "\u201cI ran Kafka in production for a client\u201d.",
    "'I ran Kafka in production for a client'",
    "\u2018I ran Kafka in production for a client\u2019",
])
def test_quotes_around_the_answer_are_left_out(quoted):
    for tone in TONES:
        note = thank_you(answering(quoted), 1, tone)
        assert " I ran Kafka in production for a client. " in note.body + " ", note.body
        assert not re.search("[\"'\u201c\u201d\u2018\u2019]", note.body.split("\n\n")[1])
        assert problems(review_drafts(answering(quoted), [note])) == []


def test_quotes_inside_the_answer_stay():
    body = thank_you(answering('"Kafka" and "Flink" both, in production'), 1, "warm").body
    assert '"Kafka" and "Flink" both, in production.' in body
    body = thank_you(answering("'I ran it for a client's order events'"), 1, "warm").body
    assert " I ran it for a client's order events." in body


@pytest.mark.parametrize("answer,kept", [
    ("I ran Kafka in production for a client :)", "for a client :)"),
    ("I ran Kafka in production for a client:)", "for a client:)"),
    ("I ran Kafka in production for a client ;-)", "for a client ;-)"),
    ("I ran Kafka in production for a client \U0001F642", "for a client \U0001F642"),
])
def test_an_emoticon_keeps_its_space_gets_no_full_stop_and_is_reported(answer, kept):
    for tone in TONES:
        facts = answering(answer)
        note = thank_you(facts, 1, tone)
        assert kept + " " in note.body or note.body.split("\n\n")[1].endswith(kept), note.body
        assert kept + "." not in note.body
        ((_, findings),) = review_drafts(facts, [note])
        emoji = [f for f in findings if f.code == "emoji"]
        assert [f.severity for f in emoji] == ["error"]
        # the same finding as `afterview lint` gives on the same text
        assert [(f.code, f.start) for f in review(note.subject, note.body) if f.code == "emoji"] == [
            (f.code, f.start) for f in emoji]


def test_a_second_arrow_in_the_answer_is_reported_by_the_reviewer():
    facts = answering("ran it in production -> for a client")
    for tone in TONES:
        note = thank_you(facts, 1, tone)
        assert "Ran it in production -> for a client." in note.body  # pasted as recorded ...
        ((_, findings),) = review_drafts(facts, [note])
        arrows = [f for f in findings if f.code == "placeholder"]
        assert [note.body[f.start:f.end] for f in arrows] == ["->"]  # ... and not sent unnoticed
        assert arrows[0].severity == "error"


# -- the filters the templates use -----------------------------------------------------------------


@pytest.mark.parametrize("text,expected", [
    ("since then", "Since then."),
    ("eBay-scale", "eBay-scale."),
    ("iOS first", "iOS first."),
    ("done (since 2018)", "Done (since 2018)."),
    ("ratio 4:3", "Ratio 4:3."),
    ("at 10:30", "At 10:30."),
    ("he said \"yes.\"", "He said \"yes.\""),
    ("really?", "Really?"),
    ("ok :)", "Ok :)"),
    ("ok :D", "Ok :D"),
    ("ok <3", "Ok <3"),
    ("ok \u2728", "Ok \u2728"),
])
def test_sentence_filter(text, expected):
    assert _sentence(text) == expected


def test_tidy_keeps_the_space_before_an_emoticon_only():
    assert tidy("for a client :) Thanks , again . Next :") == "for a client :) Thanks, again. Next:"
    assert tidy("a ;-) b :( c :D d") == "a ;-) b :( c :D d"
    assert tidy("Note :Done") == "Note:Done"
