"""One rule for a company's legal form (`domain.companies`), and what each reader of a company's
name gets from it: mail placed by a company's name, the name a note says, the wrong-company
check, and a company recorded as a person."""

from __future__ import annotations

import subprocess
import sys

import pytest

from afterview.composer import compose
from afterview.composer.context import names_company as news_names_company
from afterview.composer.draft import DraftRequest
from afterview.delivery.matching import companies_named, company_core
from afterview.domain.companies import common_name, core_words, name_words, names_company
from afterview.domain.model import Company
from afterview.domain.names import first_name, is_organisation
from afterview.reviewer import ReviewContext, review
from tests.composer.helpers import TEMPLATES, K, panel_facts


@pytest.mark.parametrize("name, said", [
    ("Müller & Söhne GmbH", "Müller & Söhne"), ("Acme, Inc.", "Acme"), ("Inc.", "Inc."), ("The Company", "The Company"),
    ("acme robotics, inc", "acme robotics"), ("ACME ROBOTICS INC.", "ACME ROBOTICS"), ("Novo Nordisk A/S", "Novo Nordisk"),
    ("Sony Group Co.,Ltd.", "Sony Group"), ("Acme (Pvt) Ltd", "Acme"), ("Kahoot! AS", "Kahoot!"),
    ("Acme S. de R.L. de C.V.", "Acme"), ("株式会社ソニー", "ソニー"), ("㈱ソニー", "ソニー"), ("Fenwick & Co. Ltd", "Fenwick & Co."),
    ("Booking.com B.V.", "Booking.com"), ("  Brisk   Analytics  GmbH ", "Brisk Analytics"), ("GmbH & Co. KG", "GmbH"),
])
def test_the_common_name_keeps_the_users_own_writing_of_the_rest(name, said):
    assert common_name(name) == said


@pytest.mark.parametrize("names", [
    ["Acme", "Acme Corp", "Acme Corp.", "Acme Corporation", "ACME, Inc.", "acme incorporated", "Acme LLC", "Acme L.L.C."],
    ["Nestlé", "Nestlé S.A.", "Nestlé SA", "NESTLÉ s.a.", "Nestlé, S.A"],
    ["Sony Group", "Sony Group Co., Ltd.", "Sony Group Co Ltd", "SONY GROUP CO.,LTD"],
    ["Infosys", "Infosys Pvt Ltd", "Infosys Pvt. Ltd.", "Infosys Private Limited", "Infosys (P) Ltd"],
    ["Fenwick", "Fenwick & Co.", "Fenwick and Co", "Fenwick & Company", "Fenwick and Company Limited"],
    ["Müller Logistik", "Müller Logistik GmbH", "Müller Logistik GmbH & Co. KG", "MÜLLER LOGISTIK GMBH & CO KG"],
    ["Novo Nordisk", "Novo Nordisk A/S", "Novo Nordisk AS"],
    ["Allegro", "Allegro Sp. z o.o.", "Allegro sp. z o.o."],
    ["Rakuten", "Rakuten K.K.", "Rakuten KK", "Rakuten Kabushiki Kaisha", "Kabushiki Kaisha Rakuten"],
])
def test_a_name_has_one_core_whatever_its_forms_case_or_punctuation(names):
    assert {" ".join(core_words(name)) for name in names} == {" ".join(name_words(names[0]))}


@pytest.mark.parametrize("name", [
    "Incubator Labs", "Corpus Christi Health", "AGILE Systems", "Co-op Bank", "Plc Solutions", "Serenity Day Spa",
    "AB Volvo", "Limitless", "Johnson & Johnson", "Sabre Systems", "Cooperative Bank", "Just As",
])
def test_a_form_like_word_of_a_name_is_kept(name):
    assert common_name(name) == name
    assert core_words(name) == name_words(name)


@pytest.mark.parametrize("name", ["Inc.", "GmbH", "The Company", "& Co.", "The Limited"])
def test_a_name_that_is_only_a_form_is_never_taken_to_nothing(name):
    assert common_name(name) == name
    assert core_words(name) == name_words(name)


@pytest.mark.parametrize("recorded, text", [
    ("Novo Nordisk A/S", "Thank you for applying to Novo Nordisk"),
    ("Allegro Sp. z o.o.", "Your application at Allegro"),
    ("Infosys Pvt Ltd", "Infosys Careers: your application"),
    ("Zoho Corporation Pvt. Ltd.", "Update from Zoho"),
    ("Grupo Bimbo S.A.B. de C.V.", "Grupo Bimbo - tu candidatura"),
    ("The Kroger Co.", "Kroger Talent Acquisition"),
    ("Acme", "ACME, Inc. received your application"),
    ("Acme Corp", "Acme Corporation: next steps"),
])
def test_mail_names_a_company_with_or_without_its_legal_form(recorded, text):
    assert companies_named({1: company_core(recorded)}, text) == {1}
    assert names_company(recorded, text)


def test_a_spa_is_not_a_societa_per_azioni():
    assert companies_named({1: company_core("Serenity Day Spa")}, "Book a day at Serenity Day") == set()
    assert companies_named({1: company_core("Luxottica SpA")}, "Your application at Luxottica") == {1}


def test_a_news_title_names_its_company_without_the_legal_form():
    assert news_names_company("Globex opens a Berlin office", "Globex Corporation")
    assert news_names_company("Fenwick and Hale win the Harbour contract", "Fenwick & Hale, Inc.")
    assert not news_names_company("Globexia opens a Berlin office", "Globex Corporation")


def wrong_company(body: str, other: str) -> list[str]:
    findings = review("Thank you", body, ReviewContext(kind="thank_you", recipient_name="Priya Raman",
                                                       company="Northwind Analytics", other_companies=[other]))
    return [body[f.start:f.end] for f in findings if f.code == "wrong-company"]


def test_the_wrong_company_check_looks_for_the_name_a_note_says():
    body = "Hi Priya,\n\nThank you for the talk. Fast answers matter at Northwind Analytics.\n\nBest,\nAlex"
    assert wrong_company(body, "Fast Company") == []  # not "Fast": "Company" is part of its name
    named = "Hi Priya,\n\nThank you for the talk; I also spoke to Toshiba last week.\n\nBest,\nAlex"
    assert wrong_company(named, "Kabushiki Kaisha Toshiba") == ["Toshiba"]
    grouped = "Hi Priya,\n\nThank you for the talk; I also spoke to Grab Holdings last week.\n\nBest,\nAlex"
    assert wrong_company(grouped, "Grab Holdings Pte. Ltd.") == ["Grab"]


@pytest.mark.parametrize("person, company", [
    ("Globex Corporation", "Globex"), ("Novo Nordisk A/S", "Novo Nordisk"), ("Muller Logistik", "Müller Logistik GmbH & Co. KG"),
    ("The Kroger Co.", "Kroger"),
])
def test_a_company_recorded_as_a_person_is_not_greeted_by_a_first_name(person, company):
    assert is_organisation(person, [company]) and first_name(person, [company]) == ""


def test_a_note_names_the_company_without_its_legal_form():
    facts = panel_facts()
    facts.companies[1] = Company(id=1, name="Infosys Pvt. Ltd.")
    note = compose(facts, DraftRequest(kind=K.THANK_YOU, person_id=3, opportunity_id=1, interview_id=1), "warm",
                   TEMPLATES)
    assert "Infosys" in note.body and "Pvt" not in note.body and "Ltd" not in note.body, note.body


def test_the_legal_forms_are_read_without_heavy_imports():
    """Only the standard library's modules come with it (the readers are on light paths)."""
    code = ("import sys, afterview.domain; before = set(sys.modules); import afterview.domain.companies; "
            "print(sorted(m for m in set(sys.modules) - before if m.split('.')[0] not in sys.stdlib_module_names))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['afterview.domain.companies']", out


@pytest.mark.parametrize("topic", ["the migration at Maxis Sdn. Bhd. in Penang", "the Kafka rollout at Grab Pte. Ltd.",
                                   "the Pix launch at Nubank Ltda. in Brazil", "the SAP rollout at Acme Pty. Ltd."])
def test_a_legal_form_in_a_topic_is_not_shorthand(topic):
    from afterview.composer.context import topic_advice

    assert topic_advice(topic) == []
    assert topic_advice("the migr. at Acme Pty. Ltd.") != []  # a word cut short still is
