"""Greetings to names written in another script (found by a tester): `Hi Dmitry,` to "Дмитрий
Иванов", `Hi Mohammed,` to "محمد عبد الله", `Hi Eleni,` to "Ελένη Παπαδοπούλου" and `Hi Ming,` to
"李明" were errors that blocked approving and sending, while `Dear Mr. Smith,` to "李明" and `Dear
Ms. Ivanova,` to "Дмитрий Иванов" passed (any titled name in other letters did). A greeting is now
compared with a transliteration of the name: a spelling of it passes; one that matches none is a
warning (it may be the name they go by, which their greet-as name records), and only a wrong name
in the name's own script is an error."""

from __future__ import annotations

import pytest

from afterview.reviewer import ReviewContext, review
from tests.helpers import afterview

BODY = "\n\nThank you for the conversation about Kafka and the on-call load.\n\nBest,\nAlex\n"


def wrong_name(greeting: str, to: str, greet_as="") -> list:
    context = ReviewContext(kind="thank_you", recipient_name=to, recipient_greet_as=greet_as)
    return [f for f in review(None, greeting + BODY, context) if f.code == "wrong-name"]


@pytest.mark.parametrize("greeting, to", [
    ("Hi Dmitry,", "Дмитрий Иванов"), ("Hi Dmitri,", "Дмитрий Иванов"), ("Hi Dmitrij,", "Дмитрий Иванов"),
    ("Hi Mohammed,", "محمد عبد الله"), ("Hi Muhammad,", "محمد عبد الله"),
    ("Hi Eleni,", "Ελένη Παπαδοπούλου"), ("Hi Ming,", "李明"), ("Hi Li Ming,", "李明"),
    ("Dear Mr. Ivanov,", "Дмитрий Иванов"), ("Dear Ms. Papadopoulou,", "Ελένη Παπαδοπούλου"),
    ("Dear Mr. Li,", "李明"), ("Dear Mr. Lee,", "李明"), ("Dear Mr. Kim,", "김민준"), ("Hi Minjun,", "김민준"),
    ("Hi Alexander,", "Александр Петров"), ("Hi Yevgeny,", "Евгений Смирнов"), ("Hi Christos,", "Χρήστος Νικολάου"),
    ("Hi Yusuf,", "يوسف حداد"), ("Hi Priya,", "प्रिया शर्मा"), ("Dear Ms. Sharma,", "प्रिया शर्मा"),
    ("Dear Дмитрий,", "Dmitry Ivanov"),  # the other way round
    ("Dear Tanaka-san,", "田中花子"),  # a Japanese reading of kanji, which no table gives
])
def test_a_spelling_of_their_name_in_latin_letters_passes(greeting, to):
    assert wrong_name(greeting, to) == []


@pytest.mark.parametrize("greeting, to", [
    ("Dear Mr. Smith,", "李明"), ("Dear Ms. Ivanova,", "Дмитрий Иванов"), ("Hi Boris,", "Дмитрий Иванов"),
    ("Hi Bruce,", "李小龍"), ("Hi Li,", "李明"),  # the family name alone, without a title, as 李 alone is not
])
def test_a_name_no_transliteration_gives_is_a_warning(greeting, to):
    [found] = wrong_name(greeting, to)
    assert found.severity == "warning"
    assert "--greet-as" in found.suggestion, found.suggestion


def test_the_warning_names_the_transliteration_and_the_command_that_records_the_name():
    [found] = wrong_name("Hi Boris,", "Дмитрий Иванов")
    assert found.message == ("the greeting names 'Boris', which no spelling of Дмитрий Иванов in Latin letters "
                             "(Dmitriy Ivanov) gives: it may greet someone else")
    assert found.suggestion == ("Greet Дмитрий (Dmitriy), or by the name they go by in the letters you write; "
                                "record that name so that notes greet them by it: "
                                "afterview person edit ID --greet-as NAME.")


@pytest.mark.parametrize("greeting, to", [
    ("Hi Борис,", "Дмитрий Иванов"),  # their own script: sure
    ("Hi Tom,", "Priya Raman"), ("Hi Martin,", "Morton Lee"), ("Hi Carlo,", "Carla Rossi"),
])
def test_a_wrong_name_in_their_own_script_is_still_an_error(greeting, to):
    assert [f.severity for f in wrong_name(greeting, to)] == ["error"]


@pytest.mark.parametrize("greeting, to", [
    ("Hi Mohammed,", "Muhammad Khan"), ("Hi Ahmad,", "Ahmed Hassan"), ("Hi Hussein,", "Husain Ali"),
])
def test_another_spelling_of_a_transliterated_name_is_a_warning(greeting, to):
    [found] = wrong_name(greeting, to)
    assert found.severity == "warning" and "spelled otherwise" in found.message
    assert "--greet-as" in found.suggestion


def test_the_greet_as_name_is_asked_for_only_when_the_greeting_is_not_plainly_theirs():
    asked = []

    def greet_as():
        asked.append(1)
        return "Dima"

    assert wrong_name("Hi Dmitry,", "Дмитрий Иванов", greet_as) == [] and asked == []
    assert wrong_name("Hi Dima,", "Дмитрий Иванов", greet_as) == [] and asked == [1]


def test_lint_passes_a_latin_spelling_and_reads_the_stored_greet_as_name(afterview_home, tmp_path):
    note = tmp_path / "g.txt"
    note.write_text("Hi Dmitry," + BODY, encoding="utf-8")
    done = afterview("lint", str(note), "--kind", "thank_you", "--to", "Дмитрий Иванов")
    assert done.code == 0 and "wrong-name" not in done.out, done.out
    note.write_text("Hi Dima," + BODY, encoding="utf-8")
    done = afterview("lint", str(note), "--kind", "thank_you", "--to", "Дмитрий Иванов")
    assert done.code == 0 and "warning: the greeting names 'Dima'" in done.out, done.out
    assert "afterview person edit ID --greet-as NAME." in done.out, done.out
    assert afterview("person", "add", "Дмитрий Иванов").code == 0
    assert afterview("person", "edit", "Дмитрий Иванов", "--greet-as", "Dima").code == 0
    done = afterview("lint", str(note), "--kind", "thank_you", "--to", "Дмитрий Иванов")
    assert done.code == 0 and "wrong-name" not in done.out, done.out
