"""Names and words from abroad: honorifics written after a name (Tanaka-san, Arjun ji), titles of
other languages (Sra., Dr.-Ing., Herr, Shri), a hyphenated given name written without its hyphen
(Minjun for Min-jun), the advice for a wrong greeting (the first name, not a title; no family
name of a family-name-first name), and words of other scripts, never spell-checked nor split at
their combining marks (Devanagari vowel signs and virama)."""

from __future__ import annotations

import pytest

from afterview.reviewer import review
from afterview.reviewer.text import Doc

from .test_rules import SUBJECT, ctx


def greeting(line: str, to: str) -> list:
    body = f"{line}\n\nThank you for the conversation about Kafka and the on-call load.\n\nBest,\nJörg\n"
    return [f for f in review(SUBJECT, body, ctx(recipient_name=to)) if f.code == "wrong-name"]


@pytest.mark.parametrize("line, to", [
    ("Dear Tanaka-san,", "田中花子"),
    ("Dear Tanaka-san,", "Tanaka Hanako"),
    ("Dear Tanaka san,", "Tanaka Hanako"),
    ("Dear Sato-san,", "Sato Kenji"),
    ("Dear Kenji-sama,", "Sato Kenji"),
    ("Dear Tanaka-sensei,", "Tanaka Hanako"),
    ("Hi Arjun ji,", "Arjun Venkataraman"),
    ("Dear Arjun-ji,", "Arjun Venkataraman"),
    ("Estimada Sra. García,", "María José García Márquez"),
    ("Dear Herr Müller,", "Dr.-Ing. Klaus Müller"),
    ("Hi Minjun,", "Kim Min-jun"),
    ("Hi Min Jun,", "Kim Min-jun"),
    ("Dear Minjun-ssi,", "Kim Min-jun"),
    ("Hi Jackie Chan,", "Jackie Chan"),
    ("Dear Ms. García,", "María José García Márquez"),
    ("田中様", "田中花子"),
])
def test_honorific_forms_greet_the_recipient(line, to):
    assert greeting(line, to) == []


@pytest.mark.parametrize("line, to", [
    ("Dear Suzuki-san,", "Tanaka Hanako"),  # another family name with an honorific
    ("Hi Tom-san,", "Priya Raman"),
    ("Hi Chan,", "Priya Raman"),  # alone, Chan is a name, not an honorific
    ("Hi Jackie Chan,", "Jackie Wong"),  # after a space too
    ("Dear Sra. López,", "María José García Márquez"),
    ("Hi Minjung,", "Kim Min-jun"),
    ("Hi Ing,", "Anna Svensson"),
])
def test_other_names_with_honorifics_are_still_wrong(line, to):
    assert [f.severity for f in greeting(line, to)] == ["error"]


@pytest.mark.parametrize("to, first", [
    ("Dr.-Ing. Klaus Müller", "Klaus"),
    ("Dipl.-Ing. Jörg Weiß", "Jörg"),
    ("Herr Klaus Müller", "Klaus"),
    ("Frau Anna Weber", "Anna"),
    ("Sra. María García", "María"),
    ("Mag. Eva Huber", "Eva"),
    ("Shri Arjun Venkataraman", "Arjun"),
    ("Smt. Priya Sharma", "Priya"),
    ("Sig.ra Giulia Rossi", "Giulia"),
    ("Dott. Marco Bianchi", "Marco"),
    ("Ing Svensson", "Ing"),  # a given name, not "Ing." the title
])
def test_the_advice_is_the_first_name_not_a_title(to, first):
    [found] = greeting("Hi Zed,", to)
    assert found.suggestion == f"Greet {first} instead."


@pytest.mark.parametrize("to", ["Nguyễn Thị Minh Khai", "Kim Min-jun", "Tanaka Hanako"])
def test_a_family_name_first_is_not_offered(to):
    [found] = greeting("Hi Zed,", to)
    family = to.split()[0]
    assert family not in found.suggestion
    assert "--greet-as" in found.suggestion and "name they go by" in found.suggestion


def test_a_recorded_greet_as_name_is_the_advice():
    body = "Hi Zed,\n\nThank you for the conversation about Kafka and the on-call load.\n\nBest,\nJörg\n"
    findings = review(SUBJECT, body, ctx(recipient_name="Nguyễn Thị Minh Khai", recipient_greet_as="Khai"))
    assert [f.suggestion for f in findings if f.code == "wrong-name"] == ["Greet Khai instead."]


def spelling(subject: str, sentence: str) -> list:
    body = f"Hi Priya,\n\nThank you for the conversation about Kafka. {sentence}\n\nBest,\nJörg\n"
    return [f for f in review(subject, body, ctx()) if f.code == "spelling"]


@pytest.mark.parametrize("sentence", [
    "It was great to meet 张伟 and 田中花子, and ليلى حداد and प्रिया शर्मा too.",
    "My notes say नमस्ते and शर्मा, and Αθήνα and Москва for the other offices.",
    "Jörg Weiß and Nguyễn Văn An built the lakehouse.",
])
def test_words_of_other_scripts_are_not_spell_checked(sentence):
    assert spelling(SUBJECT, sentence) == []


def test_a_katakana_subject_word_is_not_flagged():
    assert spelling("Thank you - ロンドン interview", "It was a pleasure.") == []


def test_latin_typos_next_to_other_scripts_are_still_found():
    found = spelling(SUBJECT, "It was grate to meet प्रिया शर्मा and discus the roadmpa.")
    assert [f.message for f in found] == ["unknown word 'roadmpa'"]


def test_combining_marks_stay_inside_their_word():
    doc = Doc("नमस्ते प्रिया जी,\n\nThank you, शर्मा ji, and ٱلسَّلَامُ and café.\n")
    assert [w.text for w in doc.words] == ["नमस्ते", "प्रिया", "जी", "Thank", "you", "शर्मा", "ji", "and",
                                           "ٱلسَّلَامُ", "and", "café"]
