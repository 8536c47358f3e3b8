"""A name guessed from an address is no name to greet someone by.

An import that meets someone by their address alone guesses a name from it ("B. Nakamura" from
b.nakamura@, "Jsmith" from jsmith@) and says so. Notes greeted them by it ("Hi B Nakamura,",
"Hi Jsmith,"), and the review took "Dear B," and "Hi Jsmith,": now a guess with no first name in it
is greeted without a name, the draft says what to record, and the review reports a greeting by
it (guessed-name), as it does a greeting by an initial alone. Names people typed are greeted as
before.
"""

from __future__ import annotations

import pytest

from afterview.composer import DraftRequest, compose
from afterview.composer.draft import TONES
from afterview.domain.model import Message, MessageState, Person
from afterview.domain.names import call_name, given_name, unsure_name
from afterview.reviewer import ReviewContext, review
from afterview.reviewer.context import context_for_message
from tests.composer.helpers import K, TEMPLATES, panel_facts, review_drafts

BODY = "\n\nThank you for the conversation about streaming.\n\nAlex"


def _facts(name: str, email: str, greet_as: str = ""):
    facts = panel_facts()
    facts.people[1] = Person(id=1, name=name, emails=[email], company_id=1, greet_as=greet_as)
    return facts


def _name_codes(facts, draft) -> set[str]:
    """The review's findings about the greeting's name in a draft."""
    [(_, findings)] = review_drafts(facts, [draft])
    return {f.code for f in findings} & {"wrong-name", "guessed-name"}


def _draft(facts, tone: str = "warm", kind=K.THANK_YOU):
    request = DraftRequest(kind=kind, person_id=1, opportunity_id=1, interview_id=1, key=f"{kind.value}:i1:p1")
    return compose(facts, request, tone, TEMPLATES)


GUESSES = [
    ("Jsmith", "jsmith@northwind.example"),  # one word: the address's local part
    ("B. Nakamura", "b.nakamura@northwind.example"),  # an initial and a family name
    ("B Nakamura", "b.nakamura@northwind.example"),  # as imports recorded it before
    ("J. R. Smith", "j.r.smith@northwind.example"),
    ("Smith J.", "smith.j@northwind.example"),  # the family name may come first
]


@pytest.mark.parametrize("name, email", GUESSES)
def test_a_guess_without_a_first_name_is_greeted_without_a_name_in_every_tone(name, email):
    facts = _facts(name, email)
    for tone in TONES:
        for kind in (K.THANK_YOU, K.CARD, K.LINKEDIN_NOTE, K.STATUS_CHECK):
            draft = _draft(facts, tone, kind)
            assert draft.body.startswith("Hello,"), (tone, kind, draft.body)
            assert not _name_codes(facts, draft), (tone, kind, draft.body)


def test_the_draft_says_what_to_record():
    draft = _draft(_facts("Jsmith", "jsmith@northwind.example"))
    [told] = [g for g in draft.asks if g.field == "person.name"]
    assert told.optional and told.person_id == 1
    assert told.placeholder == (
        "the name of Jsmith <jsmith@northwind.example>: 'Jsmith' was guessed from the address and gives no "
        "first name, so the note greets them without a name; record theirs: afterview person edit 1 --name "
        "NAME (or the name to greet them by: afterview person edit 1 --greet-as NAME)")
    assert draft.gaps == []  # nothing left in the text


def test_a_template_of_your_own_that_prints_the_greeting_shows_a_gap():
    from afterview.composer.context import build_context

    facts = _facts("Jsmith", "jsmith@northwind.example")
    request = DraftRequest(kind=K.THANK_YOU, person_id=1, opportunity_id=1, interview_id=1, key="thank_you:i1:p1")
    recipient = build_context(facts, request, "warm").variables["recipient"]
    assert recipient["salutation"] == "Hello" and recipient["first_name"] == ""
    assert recipient["greeting"] == "[name to greet Jsmith by]" and recipient["is_person"]


@pytest.mark.parametrize("name, email, warm, formal", [
    ("Jane Doe", "jane.doe@northwind.example", "Hi Jane,", "Dear Jane Doe,"),  # a guess with a first name
    ("J. Robert Oppenheimer", "j.robert.oppenheimer@northwind.example", "Hi Robert,", "Dear J. Robert Oppenheimer,"),
    ("J. Oppenheimer", "oppie@northwind.example", "Hi J. Oppenheimer,", "Dear J. Oppenheimer,"),  # typed
    ("Priya Raman", "priya@northwind.example", "Hi Priya,", "Dear Priya Raman,"),
    ("李小龍", "li@northwind.example", "Hi 李小龍,", "Dear 李小龍,"),
])
def test_names_people_typed_are_greeted_as_before(name, email, warm, formal):
    facts = _facts(name, email)
    assert _draft(facts).body.splitlines()[0] == warm
    assert _draft(facts, "formal").body.splitlines()[0] == formal
    assert not [g for g in _draft(facts).asks if g.field == "person.name"]


def test_a_greet_as_name_is_theirs_to_greet_them_by():
    facts = _facts("Jsmith", "jsmith@northwind.example", greet_as="John")
    draft = _draft(facts)
    assert draft.body.startswith("Hi John,")
    assert not [g for g in draft.asks if g.field == "person.name"]
    assert not _name_codes(facts, draft)


def test_the_greeting_rules_never_greet_by_a_guessed_initial():
    assert given_name("B. Nakamura") == "B. Nakamura"  # never "B."
    assert given_name("B. Jane Doe") == "Jane"
    # nor a question asked about them (afterview debrief: "What did you discuss with B?")
    assert call_name("B. Nakamura") == "B. Nakamura" and call_name("J. Robert Oppenheimer") == "Robert"
    assert unsure_name("B. Nakamura", ["b.nakamura@waynedata.io"]) == "b.nakamura@waynedata.io"
    assert unsure_name("b nakamura", ["other@x.example", "b.nakamura@waynedata.io"]) == "b.nakamura@waynedata.io"
    assert unsure_name("Jsmith", ["jsmith+jobs@globex.example"]) == "jsmith+jobs@globex.example"
    assert unsure_name("Jane Doe", ["jane.doe@globex.example"]) == ""  # a first name to greet her by
    assert unsure_name("Bunta Nakamura", ["b.nakamura@waynedata.io"]) == ""  # their name, recorded
    assert unsure_name("Jsmith", []) == ""  # no address: a name typed


# -- the review ---------------------------------------------------------------------------------


def _found(greeting: str, to: str, emails=(), greet_as: str = "") -> list[tuple[str, str]]:
    context = ReviewContext(recipient_name=to, recipient_emails=list(emails), recipient_greet_as=greet_as)
    return [(f.code, f.suggestion) for f in review(None, greeting + BODY, context)
            if f.code in ("wrong-name", "guessed-name")]


GUESSED_HINT = ('Greet them without a name ("Hello,") until you record theirs: afterview person edit ID --name NAME '
                '(or the name to greet them by: --greet-as NAME).')


@pytest.mark.parametrize("greeting, to, email", [
    ("Hi Jsmith,", "Jsmith", "jsmith@globex.example"),
    ("Dear Ms. Jsmith,", "Jsmith", "jsmith@globex.example"),
    ("Hi Tom,", "Jsmith", "jsmith@globex.example"),  # whose name is not known: not "Greet Jsmith instead"
    ("Dear B,", "B. Nakamura", "b.nakamura@waynedata.io"),
    ("Dear B. Nakamura,", "B Nakamura", "b.nakamura@waynedata.io"),
])
def test_the_review_reports_a_greeting_by_a_guessed_name(greeting, to, email):
    assert _found(greeting, to, [email]) == [("guessed-name", GUESSED_HINT)]


@pytest.mark.parametrize("greeting, to, emails, greet_as", [
    ("Hello,", "Jsmith", ["jsmith@globex.example"], ""),
    ("Dear Mr. Nakamura,", "B. Nakamura", ["b.nakamura@waynedata.io"], ""),  # a title and their family name
    ("Hi John,", "Jsmith", ["jsmith@globex.example"], "John"),
    ("Hi Jane,", "Jane Doe", ["jane.doe@globex.example"], ""),
    ("Hi Robert,", "J. Robert Oppenheimer", [], ""),
    ("Dear J. Oppenheimer,", "J. Oppenheimer", [], ""),
    ("Hi 小龍,", "李小龍", ["li@x.example"], ""),
])
def test_the_review_takes_greetings_by_names_of_their_own(greeting, to, emails, greet_as):
    assert _found(greeting, to, emails, greet_as) == []


def test_the_review_reports_a_greeting_by_an_initial_alone():
    assert _found("Hi J.,", "J. Robert Oppenheimer") == [("guessed-name", "Greet Robert instead.")]
    assert _found("Dear B,", "B. Nakamura") == [("guessed-name", (
        'Greet them without a name ("Hello,"), or by their family name with a title, until you record their '
        'first name: afterview person edit ID --name NAME.'))]
    assert _found("Hi B,", "Bob Smith") == [("wrong-name", "Greet Bob instead.")]  # not theirs at all


def test_a_stored_draft_greeting_by_a_guess_is_reported_with_its_addresses():
    facts = _facts("Jsmith", "jsmith@northwind.example")
    message = Message(id=9, kind=K.THANK_YOU, person_id=1, opportunity_id=1, interview_id=1,
                      subject="Thank you", body="Hi Jsmith," + BODY, state=MessageState.DRAFTED)
    facts.messages.append(message)
    context = context_for_message(facts, message)
    assert context.recipient_emails == ["jsmith@northwind.example"]
    assert "guessed-name" in {f.code for f in review(message.subject, message.body, context)}
