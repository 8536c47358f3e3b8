"""What a note says: list markers left out, "both ..." with a verb or "we are", nothing nobody
recorded, "the" before an organisation named for what it is, and no sentence opening as the one
before it did."""

from __future__ import annotations

import re

import pytest

from afterview.composer import DraftRequest, compose
from afterview.composer.context import build_context, list_items, rapport_reading
from afterview.composer.templates import the
from tests.composer.helpers import K, TEMPLATES, TONES, panel_facts
from tests.composer.test_every_variant_repeats import RAPPORT, VARIANTS, cases, flavours


def every_wording(facts, request, tone, variants=range(14)):
    """The note in each wording a panel or a series of notes can reach."""
    context = build_context(facts, request, tone)
    for variant in variants:
        yield TEMPLATES.render(context.template, tone, {**context.variables, "variant": variant}).body


THANK_PRIYA = DraftRequest(kind=K.THANK_YOU, person_id=1, opportunity_id=1, interview_id=1, key="thank_you:i1:p1")


# -- list markers ---------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", [
    ["- data labeling pipeline", "- vendor QA"],
    ["• data labeling pipeline", "• vendor QA"],
    ["* data labeling pipeline; * vendor QA".split("; ")[0], "* vendor QA"],
    ["- data labeling pipeline\n- vendor QA"],  # one item holding a new line
    ["- data labeling pipeline - vendor QA"],  # ... as a line of the CLI's joins it
    ["• data labeling pipeline • vendor QA"],
    ["1. data labeling pipeline", "2. vendor QA"],
])
@pytest.mark.parametrize("kind", [K.THANK_YOU, K.CARD, K.LINKEDIN_NOTE])
def test_list_markers_are_not_part_of_a_topic(typed, kind):
    facts = panel_facts()
    facts.debriefs[0].topics = list(typed)
    request = DraftRequest(kind=kind, person_id=1, opportunity_id=1, interview_id=1)
    for tone in TONES:
        for body in every_wording(facts, request, tone):
            assert not re.search(r"(?:^|\s)(?:[-*\u2022]|\d\.)\s+(?:data|vendor)", body), body
            assert "data labeling pipeline" in body or "vendor QA" in body, body
        note = compose(facts, request, tone, TEMPLATES)
        assert "- vendor" not in note.body and "\u2022" not in note.body
    assert facts.debriefs[0].topics == list(typed)  # what was recorded stays as it was


def test_list_items():
    assert list_items(["- a", "• b • c", "* d\n* e", "1. f 2. g", "plain - with an aside", "x-y"]) == [
        "a", "b", "c", "d", "e", "f", "g", "plain - with an aside", "x-y"]
    # a concern keeps a dash in its answer; only its marker and its lines go
    assert list_items(["- no Kafka -> I ran it - in production\n- no on-call"], split=False) == [
        "no Kafka -> I ran it - in production", "no on-call"]


# -- rapport --------------------------------------------------------------------------------------


@pytest.mark.parametrize("typed, said", [
    ("both into climbing", "we are both into climbing"),
    ("both huge Tigers fans", "we are both huge Tigers fans"),
    ("both from Ohio", "we are both from Ohio"),
    ("both interested in chess", "we are both interested in chess"),
    ("both born in Lagos", "we were both born in Lagos"),
    ("both grew up in Detroit", "we both grew up in Detroit"),
    ("both learned SQL from the same MOOC", "we both learned SQL from the same MOOC"),
    ("Both love jazz", "we both love jazz"),
    ("both have kids the same age", "we both have kids the same age"),
    ("both moved to Boston in 2019", "we both moved to Boston in 2019"),
    ("both of us ran the marathon", "both of us ran the marathon"),
])
def test_both_gets_a_verb_or_we_are(typed, said):
    assert rapport_reading(typed) == (said, "shared")


def test_a_rapport_without_a_verb_reads_as_a_sentence_in_the_note():
    facts = panel_facts()
    facts.debriefs[0].rapport = ["both into climbing"]
    for tone in TONES:
        body = compose(facts, THANK_PRIYA, tone, TEMPLATES).body
        assert "we are both into climbing" in body and "we both into" not in body


# -- nothing nobody recorded; no British spelling ---------------------------------------------------

INVENTED = re.compile(r"candou?r|coming year|ran smoothly|guidance|well-run|well prepared|knew what to expect|"
                      r"prepared with great care|handled with care|precise communication|"
                      r"organis|recognis|favour|colour|behaviour|honour|programme|centre", re.IGNORECASE)


@pytest.mark.parametrize("tone, context", list(cases()))
def test_no_built_in_wording_says_what_nobody_recorded(tone, context):
    for variables in flavours(context.template, context.variables):
        for variant in VARIANTS:
            body = TEMPLATES.render(context.template, tone, {**variables, "variant": variant}).body
            assert not INVENTED.search(body), body


def test_closing_the_loop_thanks_a_coordinator_for_help_not_for_a_conversation():
    facts = panel_facts()
    facts.debriefs[2].topics = []  # Lena, the coordinator, only arranged the day
    request = DraftRequest(kind=K.CLOSING_THE_LOOP, person_id=3, opportunity_id=1, interview_id=1)
    body = compose(facts, request, "warm", TEMPLATES).body
    assert "conversation" not in body and "your help with the process" in body
    to_priya = compose(facts, DraftRequest(kind=K.CLOSING_THE_LOOP, person_id=1, opportunity_id=1, interview_id=1),
                       "warm", TEMPLATES).body
    assert "Thank you again for the conversation" in to_priya


# -- sentences in a row ----------------------------------------------------------------------------

SENTENCES = re.compile(r"(?<=[.!?])\s+(?=[A-Z\u201c])")


@pytest.mark.parametrize("tone, context", list(cases()))
def test_no_two_sentences_in_a_row_open_with_the_same_word(tone, context):
    """"Your view on X was very useful. Your perspective on the role ..." reads as a list; "I" may
    open two sentences in a row."""
    for variables in flavours(context.template, context.variables):
        for variant in VARIANTS:
            kind, rapport = RAPPORT[variant % 3]
            body = TEMPLATES.render(context.template, tone, {
                **variables, "variant": variant, "rapport": rapport, "rapport_kind": kind}).body
            for paragraph in body.split("\n\n"):
                sentences = SENTENCES.split(paragraph.strip())
                for one, two in zip(sentences, sentences[1:]):
                    first = one.split()[0]
                    assert first == "I" or first != two.split()[0], f"variant {variant}: {one!r} {two!r}"


@pytest.mark.parametrize("tone", TONES)
def test_a_share_of_your_result_recalls_the_conversation_once(tone):
    facts = panel_facts()  # the Kafka exam matters to Priya, who discussed streaming
    request = DraftRequest(kind=K.SHARE_NEWS, person_id=1, opportunity_id=1, news_id=1)
    context = build_context(facts, request, tone)
    assert context.variables["news"]["discussed"]
    for variant in range(12):
        body = TEMPLATES.render(context.template, tone, {**context.variables, "variant": variant}).body
        recalls = re.findall(r"\bour (?:talk|conversation|exchange|discussion)\b|\bwe (?:talked|spoke)\b",
                             body, re.IGNORECASE)
        assert len(recalls) == 1, (variant, recalls, body)


# -- "the" before an organisation named for what it is ----------------------------------------------


@pytest.mark.parametrize("name, said", [
    ("University of Edinburgh", "the University of Edinburgh"),
    ("Massachusetts Department of Revenue", "the Massachusetts Department of Revenue"),
    ("Home Office", "the Home Office"),
    ("Alan Turing Institute", "the Alan Turing Institute"),
    ("London School of Economics", "the London School of Economics"),
    ("NHS", "the NHS"),
    ("Google", "Google"),
    ("Stanford University", "Stanford University"),
    ("Bank of America", "Bank of America"),
    ("Khan Academy", "Khan Academy"),
    ("Brisk Office Supplies", "Brisk Office Supplies"),
    ("The Home Depot", "The Home Depot"),
    ("[company name]", "[company name]"),
])
def test_the(name, said):
    assert the(name) == said


@pytest.mark.parametrize("company, said", [("University of Edinburgh", "the University of Edinburgh"),
                                           ("Google", "Google")])
def test_every_note_names_the_organisation_as_a_sentence_does(company, said):
    """"joining the University of Edinburgh", "my University of Edinburgh interviews" (the name
    qualifies "interviews"), "at Google"."""
    facts = panel_facts()
    facts.companies[1].name = company
    facts.people[1].company_id = facts.people[3].company_id = None  # Priya and Lena: at the company of the process
    for tone in TONES:
        for request in [THANK_PRIYA,
                        DraftRequest(kind=K.THANK_YOU, person_id=3, opportunity_id=1, interview_id=1),
                        DraftRequest(kind=K.STATUS_CHECK, person_id=1, opportunity_id=1, interview_id=1),
                        DraftRequest(kind=K.CLOSING_THE_LOOP, person_id=1, opportunity_id=1, interview_id=1),
                        DraftRequest(kind=K.REJECTION_REPLY, person_id=1, opportunity_id=1),
                        DraftRequest(kind=K.WITHDRAWAL, person_id=1, opportunity_id=1),
                        DraftRequest(kind=K.KEEP_WARM, person_id=1, opportunity_id=1, news_id=1),
                        DraftRequest(kind=K.CARD, person_id=2, opportunity_id=1, interview_id=1)]:
            for body in every_wording(facts, request, tone, range(8)):
                assert "the Google" not in body and "the the " not in body.lower(), body
                for found in re.finditer(re.escape(company), body):
                    before = body[:found.start()].split()[-1:]
                    after = body[found.end():].split()[:1]
                    if said.startswith("the "):
                        assert before == ["the"] or after in (["interviews"], ["interviews."], ["team"]), body
                    else:
                        assert before != ["the"], body


def test_a_linkedin_note_leaves_out_where_you_met_with_its_article():
    facts = panel_facts()
    facts.companies[1].name = "Massachusetts Department of Revenue"
    topic = "moving the nightly reconciliation batch jobs behind the revenue dashboards onto streaming infrastructure"
    facts.debriefs[0].topics = [topic]
    request = DraftRequest(kind=K.LINKEDIN_NOTE, person_id=1, opportunity_id=1)
    for tone in ("warm", "concise"):  # a formal note is too long for the topic whole even so
        note = compose(facts, request, tone, TEMPLATES).body
        assert len(note) <= 200 and topic in note and "Revenue" not in note and " the." not in note, note
