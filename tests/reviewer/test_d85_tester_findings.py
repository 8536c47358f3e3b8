"""A tester's findings on the review: `lint --company` without --role blamed "Data Engineer" inside
this note's own "Senior Data Engineer role" (another opportunity's role at Globex); private-topic
flagged "sick of flaky tests", "She is leaving the old warehouse behind" and "his family of
microservices", and missed "your husband's surgery", "your illness" and "her daughter's
graduation"; a greeting by joined initials ("Hi AJ," to A.J. Patel, "Hi JP," to Jean-Pierre
Martin) was a wrong name; "Hi danah," was called lower case to someone who goes by "danah"; and a
topic with "our" (the interviewer's words) went without a finding."""

from __future__ import annotations

import pytest

from afterview.reviewer import ReviewContext, review
from tests.foundation.test_d79_docs_findings import _lint, _walk_through

CLOSE = "\n\nI look forward to hearing about the next steps.\n\nBest regards,\nAlex Morgan"
TOPIC = "Thank you for the conversation about moving the nightly batch jobs to streaming."


def _found(body: str, code: str, **context) -> list:
    return [f for f in review(None, body, ReviewContext(**context)) if f.code == code]


# -- 1. another opportunity's role inside this company's role named in the note ----------------
SENIOR = ("Subject: Following up on the Senior Data Engineer role\n\nHi Priya,\n\nThank you again for the "
          "panel interview. I am still very excited about the Senior Data Engineer role at Northwind "
          "Analytics. Could you share an update on the timeline?\n\nBest regards,\nAlex Morgan\n")


def test_another_role_inside_this_companys_role_is_no_finding(tmp_path):
    av = _walk_through(tmp_path)
    assert av("opportunity", "add", "--company", "Globex", "--role", "Data Engineer").code == 0
    done = _lint(av, tmp_path, SENIOR, "--company", "Northwind Analytics")
    assert "wrong-role" not in done.out, done.out
    assert done.code == 0 and done.out == "no problems found\n", done.out


def test_another_role_named_on_its_own_is_still_an_error(tmp_path):
    av = _walk_through(tmp_path)
    assert av("opportunity", "add", "--company", "Globex", "--role", "Data Engineer").code == 0
    note = SENIOR.replace("the Senior Data Engineer role at Northwind Analytics", "the Data Engineer role")
    done = _lint(av, tmp_path, note, "--company", "Northwind Analytics")
    assert done.code == 1
    assert done.out.count("names 'Data Engineer', the role of another opportunity") == 1, done.out


def test_the_company_roles_of_the_context_are_consulted_without_a_role():
    body = f"Hi Priya,\n\nI am still very excited about the Senior Data Engineer role. {TOPIC}{CLOSE}"
    context = dict(recipient_name="Priya Raman", kind="status_check", other_roles=["Data Engineer"])
    assert _found(body, "wrong-role", **context)  # no role of this company known: it may be the other one
    assert not _found(body, "wrong-role", company_roles=["Senior Data Engineer"], **context)


# -- 2. private-topic: turns of phrase, and the reader's own health or family ------------------
@pytest.mark.parametrize("sentence", [
    "Tom said he was sick of flaky tests, and so am I.",
    "She is leaving the old warehouse behind.",
    "I liked hearing about his family of microservices.",
    "I hope you and your family have a good weekend.",
    "He is retiring the legacy pipeline next year.",
])
def test_a_turn_of_phrase_is_no_private_life(sentence):
    body = f"Hi Priya,\n\n{TOPIC} {sentence}{CLOSE}"
    assert not _found(body, "private-topic", recipient_name="Priya Raman", kind="thank_you")


@pytest.mark.parametrize("sentence, said", [
    ("I was glad to hear about her daughter's graduation.", "her daughter's graduation"),
    ("I understand that she is leaving the company.", "she is leaving"),
    ("Tom said he was off sick last week.", "he was off sick"),
])
def test_someone_elses_private_life_is_still_found(sentence, said):
    body = f"Hi Priya,\n\n{TOPIC} {sentence}{CLOSE}"
    [found] = _found(body, "private-topic", recipient_name="Priya Raman", kind="thank_you")
    assert found.message == f"the note tells of someone's private life ('{said}')"


@pytest.mark.parametrize("sentence, said", [
    ("I hope your husband's surgery went well.", "your husband's surgery"),
    ("I hope you are feeling better after your illness.", "your illness"),
])
def test_a_well_wish_about_the_readers_own_health_is_a_warning_in_its_own_words(sentence, said):
    body = f"Hi Priya,\n\n{TOPIC} {sentence}{CLOSE}"
    [found] = _found(body, "private-topic", recipient_name="Priya Raman", kind="thank_you")
    assert found.severity == "warning"
    assert found.message == f"the note speaks of the reader's own private life ('{said}')"
    assert "kindly meant" in found.suggestion and "job search" in found.suggestion


# -- 3. initials written together are the name ---------------------------------------------------
@pytest.mark.parametrize("greeted, to", [
    ("AJ", "A.J. Patel"), ("A.J.", "A.J. Patel"), ("JP", "Jean-Pierre Martin"), ("J.P.", "Jean-Pierre Martin"),
])
def test_a_greeting_by_the_initials_of_the_given_name_is_their_name(greeted, to):
    body = f"Hi {greeted},\n\n{TOPIC}{CLOSE}"
    for code in ("wrong-name", "guessed-name", "greeting-form"):
        assert not _found(body, code, recipient_name=to, kind="thank_you"), code


@pytest.mark.parametrize("greeted, to", [("PJ", "Jean-Pierre Martin"), ("AB", "A.J. Patel"), ("BN", "B. Nakamura")])
def test_other_capitals_are_another_name(greeted, to):
    body = f"Hi {greeted},\n\n{TOPIC}{CLOSE}"
    assert _found(body, "wrong-name", recipient_name=to, kind="thank_you")


def test_lint_of_a_greeting_by_initials_to_a_stored_person(tmp_path):
    av = _walk_through(tmp_path)
    assert av("person", "add", "A.J. Patel", "--email", "aj@northwind.example", "--company",
              "Northwind Analytics").code == 0
    path = tmp_path / "aj.txt"
    path.write_text(SENIOR.replace("Hi Priya,", "Hi AJ,"), encoding="utf-8")
    done = av("lint", str(path), "--kind", "status_check", "--to", "A.J. Patel")
    assert done.out == "no problems found\n", done.out


# -- 4. a greet-as name in lower case, as they write it -------------------------------------------
def test_a_lower_case_greet_as_name_is_no_greeting_form_finding():
    body = f"Hi danah,\n\n{TOPIC}{CLOSE}"
    assert not _found(body, "greeting-form", recipient_name="danah boyd", recipient_greet_as="danah")
    assert not _found(body, "greeting-form", recipient_name="danah boyd", recipient_greet_as=lambda: "danah")
    assert _found(body, "greeting-form", recipient_name="danah boyd", recipient_greet_as=lambda: "")


def test_lint_to_a_stored_person_who_goes_by_a_lower_case_name(tmp_path):
    av = _walk_through(tmp_path)
    assert av("person", "add", "danah boyd", "--email", "danah@northwind.example", "--company",
              "Northwind Analytics", "--greet-as", "danah").code == 0
    path = tmp_path / "danah.txt"
    path.write_text(SENIOR.replace("Hi Priya,", "Hi danah,"), encoding="utf-8")
    done = av("lint", str(path), "--kind", "status_check", "--to", "danah boyd")
    assert "greeting-form" not in done.out and done.out == "no problems found\n", done.out


# -- 5. a topic from the interviewer's side ------------------------------------------------------
@pytest.mark.parametrize("topic, word, yours", [
    ("our team's parental leave policy", "our", "your team's parental leave policy"),
    ("how we run on-call", "we", "how you run on-call"),
])
def test_a_topic_with_our_or_we_is_written_from_the_interviewers_side(topic, word, yours):
    body = f"Hi Sam,\n\nTalking with you about {topic} was a highlight of my interviews.{CLOSE}"
    [found] = _found(body, "topic-wording", recipient_name="Sam Lee", kind="thank_you", topics=[topic])
    assert (f"written from the interviewer's side ('{word}'); say it as you would to them ('{yours}')"
            in found.message)


def test_the_us_in_capitals_is_a_country():
    topic = "expanding into the US market"
    body = f"Hi Sam,\n\nTalking with you about {topic} was a highlight of my interviews.{CLOSE}"
    assert not _found(body, "topic-wording", recipient_name="Sam Lee", kind="thank_you", topics=[topic])
