"""What a tester found in the drafts a user gets: a pay concern answered in a thank-you, interest
tied to a work arrangement, greetings from names as typed, a topic's punctuation inside a
sentence, a LinkedIn note of your own cut mid-phrase, Jinja's words for an unknown field, and a
late thank-you that never names the day."""

from __future__ import annotations

import re

import pytest

from afterview.composer import DraftRequest, TemplateSet, compose
from afterview.composer.context import TOPIC_WORDING, about_logistics, topic_phrase
from afterview.domain.model import Person
from afterview.errors import ConfigError
from tests.composer.helpers import K, TEMPLATES, panel_facts, problems, review_drafts

TONES = ("warm", "formal", "concise")


def thank_you(facts, person: int, tone: str = "warm", templates=TEMPLATES, note: str = ""):
    return compose(facts, DraftRequest(kind=K.THANK_YOU, person_id=person, opportunity_id=1, interview_id=1,
                                       note=note), tone, templates)


def checks(draft) -> list[str]:
    return [g.placeholder for g in draft.asks if g.optional and g.field == TOPIC_WORDING]


# -- 1. a concern about pay stays out of a thank-you ----------------------------------------------


@pytest.mark.parametrize("tone", TONES)
@pytest.mark.parametrize("concern", [
    "salary expectations too high -> I am flexible on compensation",
    "salary expectations too high",
    "whether I would relocate -> I am fine with the relocation package they offer",
])
def test_a_pay_concern_is_left_out_of_a_thank_you_and_said_why(tone, concern):
    facts = panel_facts()
    facts.debriefs[0].concerns = [concern]
    note = thank_you(facts, 1, tone)
    for word in ("compensation", "salary", "relocation", "flexible", "question"):
        assert word not in note.body.lower(), note.body
    assert not [g for g in note.asks if g.field == "debrief.concerns"]  # never "add a sentence" about it
    (said,) = [c for c in checks(note) if "about pay" in c]
    assert said.startswith(f"the concern '{concern.split(' ->')[0]}' is left out: it is about pay")
    assert problems(review_drafts(facts, [note])) == []


def test_a_pay_concern_gives_way_to_one_about_the_work():
    facts = panel_facts()
    facts.debriefs[0].concerns = ["salary expectations too high -> I am flexible on compensation",
                                  "my Kafka experience -> I have since run Kafka in production for a client"]
    note = thank_you(facts, 1)
    assert "I have since run Kafka in production for a client." in note.body
    assert "compensation" not in note.body


# -- 2. interest is never tied to an arrangement ---------------------------------------------------


@pytest.mark.parametrize("topic", [
    "the hybrid schedule: two days a week in the office", "remote work policy", "working remotely",
    "three days in the office", "the return to office plan", "working hours", "core hours", "the on-call rota",
    "WFH days", "a four-day week", "part-time options", "a remote-first culture", "fully remote roles",
])
def test_work_arrangements_are_logistics(topic):
    assert about_logistics(topic)


@pytest.mark.parametrize("topic", [
    "remote sensing pipelines", "office add-ins for Excel", "hybrid cloud migration", "remote procedure calls",
    "improving the on-call rotation", "office hours for juniors", "moving the batch jobs to streaming",
])
def test_technical_topics_are_not_logistics(topic):
    assert not about_logistics(topic)


@pytest.mark.parametrize("tone", TONES)
def test_a_status_check_never_ties_interest_to_the_hybrid_schedule(tone):
    facts = panel_facts()  # Lena's only topic: "the hybrid schedule with two office days"
    facts.debriefs[2].topics = ["the hybrid schedule: two days a week in the office"]
    note = compose(facts, DraftRequest(kind=K.STATUS_CHECK, person_id=3, opportunity_id=1, interview_id=1,
                                       key="status_check.1:o1:i1:p3"), tone, TEMPLATES)
    assert "hybrid" not in note.body and "office" not in note.body, note.body


# -- 3. greetings from names as typed --------------------------------------------------------------


@pytest.mark.parametrize("name,warm,formal", [
    ("Dr. Smith", "Dear Dr. Smith,", "Dear Dr. Smith,"),
    ("Ms Rao", "Dear Ms Rao,", "Dear Ms Rao,"),
    ("Smith, John", "Hi John,", "Dear John Smith,"),
    ("MARY O'BRIEN", "Hi Mary,", "Dear Mary O'Brien,"),
    ("JEAN-PIERRE O'NEILL", "Hi Jean-Pierre,", "Dear Jean-Pierre O'Neill,"),
    ("mary jones", "Hi Mary,", "Dear Mary Jones,"),
    ("ROSS MCDONALD", "Hi Ross,", "Dear Ross McDonald,"),
    ("ANA DE LA FUENTE", "Hi Ana,", "Dear Ana de la Fuente,"),
    ("JR Smith", "Hi JR,", "Dear JR Smith,"),  # mixed case: as typed
])
def test_greetings_from_names_as_typed(name, warm, formal):
    facts = panel_facts()
    facts.people[2] = Person(id=2, name=name, emails=["tom@northwind.example"], company_id=1)
    drafts = [thank_you(facts, 2, tone) for tone in TONES]
    assert drafts[0].body.startswith(warm + "\n")
    assert drafts[1].body.startswith(formal + "\n")
    assert drafts[2].body.startswith(warm + "\n")
    assert problems(review_drafts(facts, drafts)) == []


def test_a_greet_as_name_is_used_as_typed():
    facts = panel_facts()
    facts.people[2] = Person(id=2, name="mary jones", greet_as="mary", emails=["tom@northwind.example"],
                             company_id=1)
    assert thank_you(facts, 2).body.startswith("Hi mary,\n")


# -- 4. a topic fitted to the middle of a sentence -------------------------------------------------


@pytest.mark.parametrize("typed,phrase", [
    ("streaming?", "streaming"),
    ("Why we should use Rust?", "why we should use Rust"),
    ("what I'd do in my first 90 days!", "what I'd do in my first 90 days"),
    ("ML ops, e.g. feature stores etc.", "ML ops, e.g. feature stores etc."),
    ("Data contracts (and why they matter)", "data contracts (and why they matter)"),
    ("Kafka consumer lag", "Kafka consumer lag"),
    ("AWS IAM policies", "AWS IAM policies"),
    ("Rust migration", "Rust migration"),
    ("Rust", "Rust"),
    ("-", ""),
    ("?", ""),
])
def test_a_topic_reads_inside_a_sentence(typed, phrase):
    assert topic_phrase(typed) == phrase


@pytest.mark.parametrize("tone", TONES)
@pytest.mark.parametrize("typed,said", [
    ("streaming?", "streaming"), ("Why we should use Rust?", "why we should use Rust"),
    ("what I'd do in my first 90 days!", "what I'd do in my first 90 days"),
    ("ML ops, e.g. feature stores etc.", "ML ops, e.g. feature stores etc."),
    ("Data contracts (and why they matter)", "data contracts (and why they matter)"),
])
def test_a_thank_you_uses_the_topic_without_its_marks(tone, typed, said):
    facts = panel_facts()
    facts.debriefs[1].topics = [typed]
    body = thank_you(facts, 2, tone).body
    assert said in body, body
    assert typed == said or typed not in body, body
    assert "?" not in body and "!" not in body and ".." not in body, body
    assert re.search(r"\betc(?!\.)", body) is None, body  # "etc." keeps its stop


def test_a_topic_of_no_word_is_a_gap_as_a_full_stop_is():
    facts = panel_facts()
    facts.debriefs[1].topics = ["-"]
    note = thank_you(facts, 2)
    assert " - " not in note.body.split("\n\n")[1]
    assert note.gaps == ["[topic you discussed with Tom]"]


# -- 5. a LinkedIn note of your own keeps its ask to connect ---------------------------------------

LONG_NOTE = ("{{ recipient.salutation }}, it was a real pleasure to meet you during my {{ company }} interviews and to "
             "talk about {{ topic }} in such depth, which I keep thinking about. Your perspective on {{ topic }} was "
             "really useful to me. I would like to stay connected. {{ me.first_name }}")


def own_templates(tmp_path, text: str) -> tuple[TemplateSet, object]:
    path = tmp_path / "warm" / "linkedin_note.txt.j2"
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    return TemplateSet(tmp_path), path


def linkedin(facts, templates):
    return compose(facts, DraftRequest(kind=K.LINKEDIN_NOTE, person_id=2, opportunity_id=1, interview_id=1),
                   "warm", templates)


def test_a_long_note_of_your_own_drops_a_whole_optional_sentence_not_its_ask(tmp_path):
    templates, _ = own_templates(tmp_path, LONG_NOTE)
    facts = panel_facts()
    facts.debriefs[1].topics = ["incident reviews"]
    note = linkedin(facts, templates)
    assert note.body == ("Hi Tom, it was a real pleasure to meet you during my Northwind Analytics interviews and to "
                         "talk about incident reviews in such depth, which I keep thinking about. I would like to "
                         "stay connected. Alex")
    assert not any("too long" in c for c in checks(note))
    assert problems(review_drafts(facts, [note])) == []


def test_a_note_of_your_own_that_cannot_fit_is_said_in_one_line_not_cut(tmp_path):
    text = LONG_NOTE.replace("which I keep thinking about", "which I keep thinking about every single day since "
                             "we met in the office that afternoon")
    templates, path = own_templates(tmp_path, text)
    facts = panel_facts()
    facts.debriefs[1].topics = ["incident reviews"]
    note = linkedin(facts, templates)
    assert note.body.endswith("that afternoon. I would like to stay connected. Alex")
    assert "incident reviews in such depth" in note.body and "Your perspective" not in note.body
    (said,) = [c for c in checks(note) if str(path) in c]
    over = len(note.body) - 200
    assert said == (f"your template {path} cannot fit the LinkedIn note limit of 200 characters and keep its ask "
                    f"to connect: the note is {over} characters over; shorten the template, or edit the draft")
    assert not any("too long for a LinkedIn note" in c for c in checks(note))


# -- 6. an unknown field of a variable, said plainly -----------------------------------------------


def test_an_unknown_field_is_named_with_the_variable_and_what_it_has(tmp_path):
    path = tmp_path / "warm" / "thank_you.txt.j2"
    path.parent.mkdir(parents=True)
    path.write_text("Subject: Thanks\n\nHi {{ recipient.first_name }},\n\nThanks.\n{{ recipient.first_nam }}\n",
                    encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        thank_you(panel_facts(), 2, templates=TemplateSet(tmp_path))
    message = str(err.value)
    assert "\n" not in message and "dict object" not in message
    assert message.startswith(f"{path}:6: unknown field 'first_nam' of 'recipient' (known: ")
    assert "first_name" in message


def test_an_unknown_field_of_a_nested_variable(tmp_path):
    path = tmp_path / "warm" / "thank_you.txt.j2"
    path.parent.mkdir(parents=True)
    path.write_text("Subject: Thanks\n\n{{ me.signature }}\n{{ interview.weekdy }}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        thank_you(panel_facts(), 2, templates=TemplateSet(tmp_path))
    assert str(err.value).startswith(f"{path}:4: unknown field 'weekdy' of 'interview' (known: ")


# -- 7. a late thank-you names the day -------------------------------------------------------------

LATE = "late: say 'thank you for our conversation on Thursday', not 'yesterday'"


@pytest.mark.parametrize("tone", TONES)
@pytest.mark.parametrize("person", [1, 2])  # the coordinator's note names the date already
def test_a_late_thank_you_names_the_weekday(tone, person):
    facts = panel_facts()
    note = thank_you(facts, person, tone, note=LATE)
    opening = note.body.split("\n\n")[1]
    assert opening.count(" on Thursday") == 1, opening
    assert "yesterday" not in note.body.lower()
    on_time = thank_you(facts, person, tone)
    assert "Thursday" not in on_time.body
    assert problems(review_drafts(facts, [note])) == []
