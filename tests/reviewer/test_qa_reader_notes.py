"""Problems a reader found in hand-written notes: doubled words, its/it's, "just following up",
fixes that fit each cliché, greetings in other languages, repeated sentences, shouting typed
into a debrief."""

import pytest

from afterview.reviewer import ReviewContext, review


def _review(body, **context):
    context.setdefault("recipient_name", "Priya Raman")
    return review(None, f"Hi Priya,\n\n{body}\n\nBest regards,\nAlex Morgan", ReviewContext(**context))


def _codes(body, code, **context):
    return [f for f in _review(body, **context) if f.code == code]


# -- 1. doubled words ---------------------------------------------------------------------------

@pytest.mark.parametrize("text, word", [
    ("Thank you for the the conversation about streaming.", "the"),
    ("I enjoyed it, and and I believe I can help.", "and"),
    ("Thank you for for the conversation.", "for"),
    ("It is is clear that the team cares.", "is"),
    ("I enjoyed the\nthe conversation.", "the"),  # across a line break
    ("The The conversation was great.", "The"),  # a common word, capitalised twice
])
def test_a_doubled_word_is_reported_with_a_fix_that_removes_it(text, word):
    found = [f for f in _codes(text, "spelling") if f.message.startswith("repeated word")]
    assert len(found) == 1, found
    body = f"Hi Priya,\n\n{text}\n\nBest regards,\nAlex Morgan"
    assert body[found[0].start:found[0].end].split() == [word, word]
    assert found[0].suggestion == f"Delete the second {word!r}."
    assert found[0].severity == "warning"


@pytest.mark.parametrize("text", [
    "By then I had had two interviews with the team.",
    "I know that that approach worked for you.",
    "What it is is a pipeline that never sleeps.",
    "We said bye bye to the nightly batch jobs.",
    "My first concert was Duran Duran in Leeds.",
    "We cut the run from 10 10-minute jobs to one.",
    "It was a very very good conversation.",
    "I enjoyed the\n\nthe second part most.",  # a blank line between: two paragraphs
])
def test_repeats_that_english_means_are_not_reported(text):
    assert not [f for f in _codes(text, "spelling") if f.message.startswith("repeated word")]


def test_the_qa_note_gets_both_doubled_words():
    body = ("Thank you for the the conversation about moving nightly batch jobs to streaming. I enjoyed "
            "learning how the team handles schema changes, and and I believe my experience would help.")
    words = sorted(f.message for f in _codes(body, "spelling"))
    assert words == ["repeated word 'and and'", "repeated word 'the the'"]


# -- 2. its / it's ------------------------------------------------------------------------------

@pytest.mark.parametrize("text, shown", [
    ("Its clear that the team cares about quality.", "Its clear"),
    ("I think its been a good week for the team.", "its been"),
    ("Its a team I would like to join.", "Its a"),
    ("Meeting everyone, its great to see how you work.", "its great"),
])
def test_its_for_it_is_is_reported(text, shown):
    found = _codes(text, "spelling")
    assert len(found) == 1 and found[0].message.startswith(f"'{shown}':"), found
    right = "It's" if shown[0] == "I" else "it's"
    assert found[0].suggestion == f"Write '{right}'."


@pytest.mark.parametrize("text", [
    "I enjoyed hearing about the team and its roadmap.",
    "The company and its team have grown fast.",
    "Northwind is proud of its great culture.",
    "The platform has its clear strengths.",
    "We talked about ITS, the transit project.",
])
def test_possessive_its_is_not_reported(text):
    assert _codes(text, "spelling") == []


def test_its_own_with_an_apostrophe_is_reported():
    found = _codes("Each team runs it's own pipeline.", "spelling")
    assert len(found) == 1 and found[0].suggestion == "Write 'its'."


# -- 3 and 4. follow-up filler, and fixes that fit each cliché -------------------------------

@pytest.mark.parametrize("text", [
    "I'm just following up on the Data Engineer role.",
    "I just wanted to follow up on the Data Engineer role.",
    "Just checking in to see if there are any updates.",
])
def test_follow_up_filler_is_a_cliche_with_a_fix_that_asks_the_question(text):
    found = _codes(text, "cliche")
    assert len(found) == 1
    assert found[0].severity == "warning"
    assert "Say what you want to know" in found[0].suggestion
    assert "example" not in found[0].suggestion


def test_please_advise_gets_a_fix_about_asking_directly():
    found = _codes("Please advise at your earliest convenience.", "cliche")
    assert len(found) == 1
    assert "Ask the question directly" in found[0].suggestion
    assert "example" not in found[0].suggestion


def test_a_claim_about_yourself_still_asks_for_an_example():
    found = _codes("I am a team player.", "cliche")
    assert len(found) == 1 and "specific example" in found[0].suggestion


def test_following_up_without_just_is_not_a_cliche():
    assert _codes("I'm following up on the Data Engineer role I interviewed for on March 10.", "cliche") == []


# -- 5. greetings in other languages ------------------------------------------------------------

@pytest.mark.parametrize("greeting", ["Hola", "Hallo", "Bonjour", "Ciao", "Olá", "Hej", "Hoi", "Guten Tag",
                                      "Buenos días", "Buongiorno", "Salut", "Hei", "Moin"])
def test_a_greeting_in_another_language_greets_the_recipient(greeting):
    body = f"{greeting} José,\n\nThank you for the conversation about Kafka.\n\nBest regards,\nAlex"
    findings = review(None, body, ReviewContext(recipient_name="José García"))
    assert [f for f in findings if f.code == "wrong-name"] == []


def test_a_greeting_in_another_language_to_someone_else_is_still_wrong_name():
    body = "Hola Tom,\n\nThank you for the conversation about Kafka.\n\nBest regards,\nAlex"
    found = [f for f in review(None, body, ReviewContext(recipient_name="José García")) if f.code == "wrong-name"]
    assert len(found) == 1 and "'Tom'" in found[0].message


# -- 6. repeated sentences ----------------------------------------------------------------------

def test_a_sentence_repeated_thirty_times_is_reported_once():
    line = "Thank you again for the conversation about moving nightly batch jobs to streaming."
    body = "Hi Priya,\n\n" + "\n".join([line] * 30) + "\n\nBest regards,\nAlex"
    found = [f for f in review(None, body, ReviewContext(recipient_name="Priya Raman")) if f.code == "repeated-sentence"]
    assert len(found) == 1
    assert "30 times" in found[0].message and found[0].severity == "warning"
    assert found[0].start == body.index(line, body.index(line) + 1)
    assert found[0].end == body.rindex(line) + len(line)


def test_a_sentence_twice_in_other_case_and_spacing_is_reported():
    body = "I enjoyed the talk about Kafka. I would like to join the team.  i would like to  JOIN the team."
    found = _codes(body, "repeated-sentence")
    assert len(found) == 1 and "twice" in found[0].message


def test_short_or_different_sentences_are_not_repeats():
    body = "Thank you. I enjoyed the talk about Kafka and the team. Thank you."
    assert _codes(body, "repeated-sentence") == []


# -- 7. shouting typed into a debrief -----------------------------------------------------------

def test_a_shouted_run_from_the_debrief_is_still_shouting():
    found = _codes("I enjoyed our talk about KAFKA CONSUMER LAG and how to fix it.", "all-caps",
                   details=["KAFKA CONSUMER LAG"])
    assert {f.message.split("'")[1] for f in found} == {"KAFKA", "CONSUMER", "LAG"}


@pytest.mark.parametrize("text, detail", [
    ("I enjoyed our talk about ML OPS on your team.", "ML OPS"),
    ("I enjoyed our talk about the SAP HANA migration.", "SAP HANA migration"),
    ("I enjoyed our talk about AWS SQS queues.", "AWS SQS"),
    ("I enjoyed our talk about KPMG LLP audits.", "KPMG LLP"),
    ("I enjoyed our talk about KAFKA at your team.", "KAFKA"),  # one word, as the debrief writes it
])
def test_acronyms_and_single_terms_from_the_debrief_are_not_shouting(text, detail):
    assert _codes(text, "all-caps", details=[detail]) == []
