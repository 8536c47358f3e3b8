"""How a note greets someone, and the interview's day as they lived it.

Found by an international tester: drafts greeted by the first word of the name ("Hi Nguyễn," to
Nguyễn Thị Minh Khai, whose family name comes first; "Hi J.," to J. Robert Oppenheimer); the
review reported the right greetings of a name written without spaces ("Hi 小龍," and "Dear Mr.
Li," to 李小龍); the address book filed her under "Khai". A person now has a greet-as name, used
by the greeting in every tone, accepted by `wrong-name` and followed by the vCard; without one,
an initial is skipped and a name in Chinese, Japanese or Korean characters is greeted whole.
And a note to someone in Sydney about an afternoon interview in Berlin names the next day, as
the plan does.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from afterview.composer import DraftRequest, compose
from afterview.composer.draft import TONES
from afterview.domain.model import Interview, Participant, Person, Profile, Role
from afterview.exporters.vcard import card
from afterview.reviewer import ReviewContext, review
from tests.composer.helpers import K, TEMPLATES, UTC, panel_facts, problems, review_drafts

KHAI = "Nguyễn Thị Minh Khai"


def _greeting(person: Person, tone: str = "warm", kind=K.THANK_YOU) -> str:
    """The first line of a note to `person` (as Priya, the panel's first interviewer)."""
    facts = panel_facts()
    person.id, person.company_id = 1, 1
    facts.people[1] = person
    request = DraftRequest(kind=kind, person_id=1, opportunity_id=1, interview_id=1, key="thank_you:i1:p1")
    return compose(facts, request, tone, TEMPLATES).body.splitlines()[0]


@pytest.mark.parametrize("name, warm, formal", [
    ("J. Robert Oppenheimer", "Hi Robert,", "Dear J. Robert Oppenheimer,"),
    ("Oppenheimer, J. Robert", "Hi Robert,", "Dear J. Robert Oppenheimer,"),  # "Last, First": turned round
    ("J Robert Oppenheimer", "Hi Robert,", "Dear J Robert Oppenheimer,"),
    ("J.R. Smith", "Hi J.R.,", "Dear J.R. Smith,"),  # initials written together: the name they go by
    ("J. Oppenheimer", "Hi J. Oppenheimer,", "Dear J. Oppenheimer,"),
    ("JR Smith", "Hi JR,", "Dear JR Smith,"),  # a name, not initials
    ("李小龍", "Hi 李小龍,", "Dear 李小龍,"),
    ("김민준", "Hi 김민준,", "Dear 김민준,"),
    ("Priya Raman", "Hi Priya,", "Dear Priya Raman,"),
])
def test_without_a_greet_as_name_an_initial_is_skipped_and_a_name_without_spaces_is_whole(name, warm, formal):
    assert _greeting(Person(name=name)) == warm
    assert _greeting(Person(name=name), "formal") == formal


@pytest.mark.parametrize("greet_as, warm, formal, card_line", [
    ("Khai", "Hi Khai,", "Dear Khai,", "Dear Khai,"),
    ("  Ms.   Nguyen ", "Dear Ms. Nguyen,", "Dear Ms. Nguyen,", "Dear Ms. Nguyen,"),  # a title: never "Hi"
])
def test_a_greet_as_name_greets_in_every_tone(greet_as, warm, formal, card_line):
    person = Person(name=KHAI, greet_as=greet_as)
    assert _greeting(person) == warm
    assert _greeting(person, "concise") == warm
    assert _greeting(person, "formal") == formal
    assert _greeting(person, "warm", K.CARD) == card_line
    assert _greeting(Person(name=KHAI)) == "Hi Nguyễn,"  # the first word, until told otherwise


def test_a_greet_as_name_makes_a_person_of_a_name_like_a_teams():
    assert _greeting(Person(name="Acme HR")) == "Hello,"
    assert _greeting(Person(name="Acme HR", greet_as="Dana")) == "Hi Dana,"


def test_a_question_about_them_uses_the_name_they_are_greeted_by():
    facts = panel_facts()
    facts.people[3] = Person(id=3, name="Kim Min-jun", company_id=1, greet_as="Min-jun")
    facts.debriefs = [d for d in facts.debriefs if d.person_id != 3]
    facts.interviews[1].participants[2] = Participant(person_id=3)
    draft = compose(facts, DraftRequest(kind=K.THANK_YOU, person_id=3, opportunity_id=1, interview_id=1,
                                        key="thank_you:i1:p3"), "warm", TEMPLATES)
    assert "[topic you discussed with Min-jun]" in draft.body


def _wrong_name(text: str, to: str, greet_as: str = "") -> list[str]:
    context = ReviewContext(recipient_name=to, recipient_greet_as=greet_as)
    return [f.suggestion for f in review(None, f"{text}\n\nThank you for the conversation.\n\nLena", context)
            if f.code == "wrong-name"]


@pytest.mark.parametrize("greeting, to", [
    ("Hi 小龍,", "李小龍"), ("Dear Mr. Li,", "李小龍"), ("Dear 李先生,", "李小龍"), ("Dear Mr. 李,", "李小龍"),
    ("Hi 李小龍,", "李小龍"), ("Dear Mr. Kim,", "Kim Min-jun"), ("Hi Min-jun,", "Kim Min-jun"),
    ("Dear Ms. Nguyen,", KHAI), ("Hi Khai,", KHAI), ("Hi Robert,", "J. Robert Oppenheimer"),
    ("Dear Mr. Li,", "Bruce Li"), ("Dear 李先生,", "Bruce Li"),
])
def test_the_review_takes_the_right_greetings_of_every_kind_of_name(greeting, to):
    assert _wrong_name(greeting, to) == []


@pytest.mark.parametrize("greeting, to, hint", [
    ("Hi 王,", "李小龍", "Greet 李小龍 instead."),
    ("Hi 李,", "李小龍", "Greet 李小龍 instead."),  # the family name alone, without a title
    ("Dear 王先生,", "李小龍", "Greet 李小龍 instead."),
    # another script, and no transliteration of theirs: perhaps the name they go by (a warning)
    ("Hi Bruce,", "李小龍", "Greet 李小龍 (Li Xiao Long), or by the name they go by in the letters you write; "
                          "record that name so that notes greet them by it: afterview person edit ID --greet-as NAME."),
    ("Hi Tom,", "J. Robert Oppenheimer", "Greet Robert instead."),
    # a family name first (as Vietnamese names are written): never "Greet Nguyễn", the family name
    ("Hi Tom,", KHAI, "Greet them by the name they go by: their first word may be their family name (record "
                      "the name: afterview person edit ID --greet-as NAME)."),
])
def test_the_review_still_reports_a_greeting_to_someone_else(greeting, to, hint):
    assert _wrong_name(greeting, to) == [hint]


def test_the_review_takes_the_greet_as_name_and_names_it_in_its_hint():
    assert _wrong_name("Hi Bruce,", "李小龍", "Bruce") == []
    assert _wrong_name("Hi Sunny,", "Park Seo-yeon", "Sunny") == []
    assert _wrong_name("Dear Ms. Park,", "Park Seo-yeon", "Sunny") == []  # their family name, still
    assert _wrong_name("Hi Tom,", "Park Seo-yeon", "Sunny") == ["Greet Sunny instead."]
    assert _wrong_name("Hi Tom,", KHAI, "Ms. Nguyen") == ["Greet Ms. Nguyen instead."]


def test_drafts_to_people_greeted_by_a_name_of_their_own_pass_the_review():
    facts = panel_facts()
    facts.people[1].name, facts.people[1].greet_as = "Park Seo-yeon", "Sunny"
    facts.people[2].name, facts.people[2].greet_as = KHAI, "Ms. Nguyen"
    facts.people[3].name = "李小龍"
    requests = [DraftRequest(kind=K.THANK_YOU, person_id=p, opportunity_id=1, interview_id=1,
                             key=f"thank_you:i1:p{p}") for p in (1, 2, 3)]
    for tone in TONES:
        drafts = [compose(facts, r, tone, TEMPLATES) for r in requests]
        assert [d.body.splitlines()[0] for d in drafts][:2] == (
            ["Dear Sunny,", "Dear Ms. Nguyen,"] if tone == "formal" else ["Hi Sunny,", "Dear Ms. Nguyen,"])
        assert not [p for p in problems(review_drafts(facts, drafts)) if "wrong-name" in p]


@pytest.mark.parametrize("greet_as, n_line", [
    ("Khai", "N:Nguyễn;Khai;Thị Minh;;"),
    ("Ms. Nguyen", "N:Nguyễn;Khai;Thị Minh;;"),
    ("", "N:Khai;Nguyễn Thị Minh;;;"),  # no word on the order: the last word is the family name
])
def test_the_address_book_files_her_as_the_greeting_has_it(greet_as, n_line):
    text = card(Person(id=1, name=KHAI, greet_as=greet_as))
    assert n_line in text.splitlines()
    assert "NICKNAME" not in text  # a given name, or a title and family name: no nickname


def test_the_address_book_splits_other_names_by_their_greeting_too():
    from afterview.exporters.vcard import name_parts

    assert name_parts(Person(name="Kim Min-jun", greet_as="Mr. Kim")) == ("Kim", "Min-jun", "")
    assert name_parts(Person(name="Kim Min-jun", greet_as="Min-jun")) == ("Kim", "Min-jun", "")
    assert name_parts(Person(name="李小龍", greet_as="小龍")) == ("李", "小龍", "")
    assert name_parts(Person(name="李小龍", greet_as="李先生")) == ("李", "小龍", "")
    assert name_parts(Person(name="李小龍")) == ("李小龍", "", "")
    assert name_parts(Person(name="Dana Reyes", greet_as="Ms. Reyes")) == ("Reyes", "Dana", "")
    text = card(Person(id=2, name="Robert Smith", greet_as="Bob"))
    assert "N:Smith;Robert;;;" in text.splitlines() and "NICKNAME:Bob" in text.splitlines()


# -- the interview's day, as the recipient lived it -----------------------------------------------


def _sydney_facts(zone: str = "Australia/Sydney", profile_zone: str = "Europe/Berlin"):
    """Thu 26 Feb 2026 16:00 in Berlin (15:00 UTC) is Fri 27 Feb 02:00 in Sydney."""
    facts = panel_facts()
    facts.profile = Profile(name="Lena Schäfer", phone="+49 30 1234567", timezone=profile_zone, country="DE")
    facts.people[4] = Person(id=4, name="Bruce Li", emails=["li@syd.example"], company_id=1, timezone=zone)
    facts.interviews[2] = Interview(
        id=2, opportunity_id=1, timezone="Europe/Berlin", stage="recruiter screen",
        start=datetime(2026, 2, 26, 15, 0, tzinfo=UTC), end=datetime(2026, 2, 26, 16, 0, tzinfo=UTC),
        participants=[Participant(person_id=4, role=Role.RECRUITER)])
    return facts


def _recruiter_note(facts) -> str:
    request = DraftRequest(kind=K.THANK_YOU, person_id=4, opportunity_id=1, interview_id=2, key="thank_you:i2:p4")
    return compose(facts, request, "warm", TEMPLATES).body


def test_a_note_names_the_interviews_day_in_the_recipients_zone():
    assert "on 27 February." in _recruiter_note(_sydney_facts())
    assert "on 26 February." in _recruiter_note(_sydney_facts("Europe/London"))  # 15:00 there


def test_without_a_zone_of_their_own_the_day_is_in_the_planners_fallback_zone():
    assert "on 27 February." in _recruiter_note(_sydney_facts("", profile_zone="Asia/Tokyo"))  # 00:00 Fri
    assert "on 26 February." in _recruiter_note(_sydney_facts("", profile_zone="Europe/Berlin"))


def test_a_status_check_names_the_day_and_weekday_they_lived():
    from afterview.composer.context import build_context

    facts = _sydney_facts()
    request = DraftRequest(kind=K.STATUS_CHECK, person_id=4, opportunity_id=1, interview_id=2, sequence=1,
                           key="status_check.1:o1:i2:p4")
    interview = build_context(facts, request, "warm").variables["interview"]
    assert (interview["day"], interview["weekday"]) == ("27 February", "Friday")


def test_a_note_naming_someone_by_their_greeting_name_is_found_naming_them():
    """`interviews.name_pattern` (a note about an interview that names someone taken off its panel
    is held back): "Hi Khai," names Nguyễn Thị Minh Khai when that is how she is greeted; "Hi J."
    is no name of J. Robert Oppenheimer's, "Robert" is."""
    from afterview.domain.model import Person
    from afterview.services.interviews import name_pattern

    khai = Person(name="Nguyễn Thị Minh Khai", greet_as="Khai")
    assert name_pattern(khai).search("Hi Khai, thank you") and name_pattern(khai).search("Nguyễn Thị Minh Khai")
    robert = Person(name="J. Robert Oppenheimer")
    assert name_pattern(robert).search("Dear Robert,") and not name_pattern(robert).search("J. said")
