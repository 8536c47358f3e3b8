"""Names and words, right for more people: a greeting of one character in Chinese, Japanese or
Korean (the greet-as name itself, or a part of the name) was a wrong name; a note signed with
your name as it was before `profile set --name` went out with no finding; the employer's German
subject after "Re:" and a German company name ("Müller und Partner") drew spelling warnings;
half of a compound given name ("Hi María," to María José García-Núñez) was greeted silently."""

from __future__ import annotations

import json

import pytest

from afterview.reviewer import ReviewContext, review
from afterview.reviewer.rules.identity import NO, YES, greeting_fit
from tests.helpers import afterview

AT = ("--at", "2026-11-25T18:00:00-06:00")
TEXT = ("Thank you for the conversation about the Senior Data Engineer role at Northwind Analytics and "
        "about moving nightly batch jobs to streaming; I enjoyed hearing how the team works.")


def _found(body: str, subject: str | None = None, **context) -> list:
    return review(subject, body, ReviewContext(**context))


def _codes(findings) -> list[str]:
    return [f.code for f in findings]


# -- 1. a greeting of one character in a script without letter case -----------------------------
@pytest.mark.parametrize("greeted, name", [
    ("芳", "芳"),  # the greet-as name itself
    ("健", "佐藤 健"),  # a part of the name as written
    ("민", "민"),
    ("芳", "王芳"),  # the given name after the family name, as "Fang" greets 王芳
    ("明", "李明"),
    ("小龍", "李小龍"),
    ("李先生", "李小龍"),
])
def test_a_greeting_equal_to_the_name_or_one_of_its_parts_fits_whatever_its_length(greeted, name):
    assert greeting_fit(greeted, name) == YES


@pytest.mark.parametrize("greeted, name", [
    ("王", "王芳"),  # the family name alone, without a title
    ("李", "李小龍"),
    ("小", "李小龍"),  # one character inside the name
    ("藤", "佐藤 健"),
    ("王先生", "李小龍"),
])
def test_a_single_character_that_is_no_part_of_the_name_still_does_not_fit(greeted, name):
    assert greeting_fit(greeted, name) == NO


@pytest.mark.parametrize("greeting, name, code", [
    ("Hi J,", "John Smith", "wrong-name"),
    ("Hi J.,", "J. Robert Oppenheimer", "guessed-name"),
    ("Dear B.,", "B. Nakamura", "guessed-name"),
])
def test_a_latin_initial_is_still_no_name_to_greet_by(greeting, name, code):
    found = _found(f"{greeting}\n\n{TEXT}\n\nBest,\nAlex", recipient_name=name)
    assert [(f.code, f.severity) for f in found if f.code in ("wrong-name", "guessed-name")] == [(code, "error")]


def test_the_greet_as_name_of_one_character_is_not_a_wrong_name():
    assert "wrong-name" not in _codes(_found("Hi 芳,\n\nThanks.\n", recipient_name="王芳", recipient_greet_as="芳"))
    assert "wrong-name" not in _codes(_found("Hi 芳,\n\nThanks.\n", recipient_name="王芳"))


def test_a_draft_greeting_by_a_greet_as_name_of_one_character_passes_its_own_review():
    for command in (
        ("profile", "set", "--name", "Alex Morgan", "--email", "alex@mail.example", "--phone", "+1 555 0100",
         "--tz", "America/Chicago", "--country", "US"),
        ("opportunity", "add", "--company", "Northwind Analytics", "--role", "Senior Data Engineer"),
        ("person", "add", "王芳", "--greet-as", "芳", "--email", "fang@northwind.example",
         "--company", "Northwind Analytics"),
        ("interview", "add", "--opportunity", "1", "--start", "2026-11-25 13:30", "--duration", "90m",
         "--with", "王芳"),
        ("debrief", "1", "--person", "王芳", "--topic", "moving nightly batch jobs to streaming"),
    ):
        assert afterview(*AT, *command).code == 0, command
    drafted = afterview(*AT, "draft", "--interview", "1")
    assert drafted.code == 0, drafted.err
    assert "(0 errors" in drafted.out, drafted.out
    assert afterview(*AT, "show", "1").out.count("Hi 芳,") == 1
    linted = afterview(*AT, "lint", "-", "--to", "王芳", input="Subject: x\n\nHi 芳,\n\nThanks.\n")
    assert "wrong-name" not in linted.out, linted.out
    assert linted.code == 0, linted.out


# -- 2. a note signed with another name than the profile's -------------------------------------
def _signed(signature: str, name: str = "Alex Morgan", own_signature: str = "") -> list:
    body = f"Hi Priya,\n\n{TEXT}\n\n{signature}\n+1 555 0100\n"
    return [f for f in _found(body, recipient_name="Priya Raman", sender_name=name, sender_signature=own_signature)
            if f.code == "wrong-name"]


def test_a_note_signed_with_your_name_as_it_was_is_an_error():
    found = _signed("Best,\nAlex Morgon")
    assert [f.severity for f in found] == ["error"]
    assert "'Alex Morgon'" in found[0].message and "Alex Morgan" in found[0].message


def test_a_note_signed_with_another_name_is_a_warning_that_names_the_signature():
    found = _signed("Kind regards,\nSam Lee")
    assert [f.severity for f in found] == ["warning"]
    assert "profile set --signature" in found[0].suggestion


@pytest.mark.parametrize("signature, name, own", [
    ("Best,\nAlex Morgan", "Alex Morgan", ""),
    ("Best, Alex", "Alex Morgan", ""),
    ("Best,\nAlex M.", "Alex Morgan", ""),
    ("Best,\nA. Morgan", "Alex Morgan", ""),
    ("Cheers,\nBob", "Robert Smith", ""),  # a short form of your name
    ("Best,\nSasha", "Alexander Morgan", ""),
    ("Thanks,\nJose Garcia", "José García", ""),  # without its accents
    ("Best regards,\nAlex Morgan | Data Engineer", "Alex Morgan", ""),
    ("Best,\n张伟", "张伟", ""),
    ("Best,\nKiki Morgan", "Kristina Morgan", "Best,\nKiki Morgan"),  # the name your signature carries
    ("Best,\nBest,\nAlex Morgan", "Alex Morgan", ""),  # a doubled closing: the name under it
    ("Best,\nAlex Morgon", "", ""),  # no name in the profile: nothing to compare with
])
def test_a_note_signed_with_your_name_or_a_form_of_it_is_not_flagged(signature, name, own):
    assert _signed(signature, name, own) == []


def test_a_draft_written_before_profile_set_name_is_flagged_by_show_and_lint():
    for command in (
        ("profile", "set", "--name", "Alex Morgon", "--email", "alex@mail.example", "--phone", "+1 555 0100",
         "--tz", "America/Chicago", "--country", "US"),
        ("opportunity", "add", "--company", "Northwind Analytics", "--role", "Senior Data Engineer"),
        ("person", "add", "Priya Raman", "--email", "priya.raman@northwind.example", "--company",
         "Northwind Analytics"),
        ("interview", "add", "--opportunity", "1", "--start", "2026-11-25 13:30", "--duration", "90m",
         "--with", "Priya Raman:hiring_manager"),
        ("debrief", "1", "--person", "Priya", "--topic", "moving nightly batch jobs to streaming"),
        ("draft", "--interview", "1"),
        ("profile", "set", "--name", "Alex Morgan"),
    ):
        assert afterview(*AT, *command).code == 0, command
    linted = afterview(*AT, "lint", "--draft", "1", "--json")
    found = [f for f in json.loads(linted.out)["findings"] if f["code"] == "wrong-name"]
    assert [f["severity"] for f in found] == ["error"], linted.out
    assert "Alex Morgon" in found[0]["message"]
    assert linted.code == 1
    assert "Alex Morgon" in afterview(*AT, "show", "1").out.split("review:")[-1]


# -- 3. their words are theirs -----------------------------------------------------------------
REJECTION = ("Dear Ms. Weber,\n\nThank you for letting me know about your decision, and for the time you and "
             "the team gave me over the past weeks. I enjoyed learning about your work and would welcome "
             "hearing about future openings.\n\nBest regards,\nAlex Morgan\n")


@pytest.mark.parametrize("thread", ["", "Ihre Bewerbung bei Contoso"])
def test_their_subject_after_re_is_not_spell_checked(thread):
    found = _found(REJECTION, "Re: Ihre Bewerbung bei Contoso", kind="rejection_reply", company="Contoso",
                   recipient_name="Anna Weber", thread_subject=thread)
    assert "spelling" not in _codes(found), [f.message for f in found]


def test_what_you_add_after_their_known_subject_is_still_checked():
    found = _found(REJECTION, "Re: Ihre Bewerbung bei Contoso - thnak you", kind="rejection_reply",
                   company="Contoso", recipient_name="Anna Weber", thread_subject="Ihre Bewerbung bei Contoso")
    assert [f.message for f in found if f.code == "spelling"] == ["unknown word 'thnak'"]


def test_their_mail_quoted_in_the_body_is_not_spell_checked():
    body = REJECTION.replace("\n\nBest regards", "\n\nAm 3. Mai schrieb Anna Weber:\n> leider muessen wir Ihnen "
                             "mitteilen, dass wir uns fuer einen anderen Bewerber entschieden haben.\n\nBest regards")
    found = _found(body, kind="rejection_reply", recipient_name="Anna Weber")
    assert "spelling" not in _codes(found), [f.message for f in found]


def test_a_joining_word_inside_a_capitalised_name_is_not_shorthand():
    body = REJECTION.replace("learning about your work", "learning about your work at Müller und Partner")
    assert "spelling" not in _codes(_found(body, recipient_name="Anna Weber"))
    eml = ("From: Alex Morgan <alex@mail.example>\nTo: Anna Weber <anna@mueller.example>\nSubject: Thank you - "
           "interview\nContent-Type: text/plain; charset=utf-8\n\n" + body)
    linted = afterview("lint", "-", input=eml)
    assert "'und'" not in linted.out, linted.out
    # the same word in a sentence of your own is still a word to check
    own = REJECTION.replace("learning about your work", "learning und talking about your work")
    assert "'und' reads as shorthand" in [f.message for f in _found(own, recipient_name="Anna Weber")]


# -- 4. half of a compound given name --------------------------------------------------------
@pytest.mark.parametrize("greeted, name, compound", [
    ("María", "María José García-Núñez", "María José"),
    ("José", "José María Aznar", "José María"),
    ("Jean", "Jean Pierre Martin", "Jean Pierre"),
])
def test_half_of_a_compound_given_name_is_a_guessed_name_warning(greeted, name, compound):
    found = [f for f in _found(f"Hi {greeted},\n\n{TEXT}\n\nBest,\nAlex", recipient_name=name)
             if f.code in ("guessed-name", "wrong-name")]
    assert [(f.code, f.severity) for f in found] == [("guessed-name", "warning")]
    assert f'--greet-as "{compound}"' in found[0].suggestion


@pytest.mark.parametrize("greeted, name, greet_as", [
    ("María José", "María José García-Núñez", ""),
    ("Ms. García-Núñez", "María José García-Núñez", ""),
    ("María", "María José García-Núñez", "María"),  # the name they go by, recorded
    ("María", "María García", ""),
    ("Juan", "Juan García López", ""),
])
def test_a_whole_compound_name_a_recorded_greet_as_or_a_plain_name_is_not_flagged(greeted, name, greet_as):
    found = _found(f"Hi {greeted},\n\n{TEXT}\n\nBest,\nAlex", recipient_name=name, recipient_greet_as=greet_as)
    assert not {"guessed-name", "wrong-name"} & set(_codes(found))
