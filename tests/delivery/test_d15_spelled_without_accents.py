"""Replies written without their accents read as those with them: German umlauts as ae/oe/ue and
ß as ss ("fuer eine andere Kandidatin", "Rueckmeldung", "Gruesse"), French, Spanish, Italian and
Swedish letters without theirs ("pas ete retenue", "escribio", "tyvarr"), for every phrase the
reader knows: decisions, out-of-office replies, "I have left", return dates, decision dates and
the words of timing. Text whose umlauts are decomposed (u + a combining diaeresis) reads too."""

import unicodedata
from datetime import date
from email.mime.text import MIMEText

import pytest

from afterview.delivery import autoreply, inbound, replies
from afterview.domain.model import ReplyClass

WRITTEN = date(2026, 11, 25)  # a Wednesday


def mail(text: str, *, subject: str = "AW: Ihre Bewerbung", headers: dict | None = None) -> bytes:
    msg = MIMEText(text, "plain", "utf-8")
    msg["From"] = "Katrin Schmidt <k.schmidt@mueller-logistik.example>"
    msg["To"] = "Alice Keller <alice@example.test>"
    msg["Subject"] = subject
    msg["Date"] = "Wed, 25 Nov 2026 16:00:00 +0100"
    msg["Message-ID"] = "<d15-1@mail.example>"
    for key, value in (headers or {}).items():
        msg[key] = value
    return msg.as_bytes()


# --- decisions ---------------------------------------------------------------------------------

REJECTIONS = [
    # the same German rejections as written with umlauts, each read as one
    "Leider muessen wir Ihnen mitteilen, dass wir uns fuer eine andere Kandidatin entschieden haben.",
    "Leider haben wir uns fuer einen anderen Bewerber entschieden.",
    "Leider koennen wir Ihnen keine positive Rueckmeldung geben.",
    "Leider koennen wir Ihre Bewerbung nicht weiter beruecksichtigen.",
    "Leider koennen wir Ihre Bewerbung nicht laenger beruecksichtigen.",
    "Leider haben wir uns fur eine andere Kandidatin entschieden.",  # the dots left off
    # French, Italian and Swedish without their accents
    "Malheureusement, votre candidature n'a pas ete retenue.",
    "Purtroppo la sua candidatura non e stata selezionata.",
    "Tyvarr har vi valt att ga vidare med en annan kandidat.",
]


@pytest.mark.parametrize("text", REJECTIONS)
def test_a_rejection_written_without_accents_is_a_rejection(text):
    assert replies.classify_reply(text) == (ReplyClass.REJECTION, text)


def test_a_whole_german_rejection_without_umlauts_is_read_as_with_them():
    written = ("Sehr geehrte Frau Keller,\n\nvielen Dank fuer Ihr Interesse und das freundliche Gespraech. "
               "Leider muessen wir Ihnen mitteilen, dass wir uns fuer eine andere Kandidatin entschieden "
               "haben.\n\nWir wuenschen Ihnen fuer Ihre weitere Suche alles Gute.\n\nMit freundlichen Gruessen\n"
               "Katrin Schmidt")
    with_umlauts = (written.replace("fuer", "für").replace("Gespraech", "Gespräch").replace("muessen", "müssen")
                    .replace("wuenschen", "wünschen").replace("Gruessen", "Grüßen"))
    for text in (written, with_umlauts):
        item = inbound.classify(mail(text), today=WRITTEN)
        assert item.classification == ReplyClass.REJECTION, text
        assert inbound.summary(item).startswith("rejection: Leider m")


@pytest.mark.parametrize("text, expected", [
    ("Wir wuerden Sie gern zum zweiten Gespraech in unser Buero bitten.", ReplyClass.NEXT_ROUND),
    ("Gerne wuerden wir mit Ihnen die naechste Runde planen.", ReplyClass.NEXT_ROUND),
    ("Nous aimerions passer a la prochaine etape avec vous.", ReplyClass.NEXT_ROUND),
    ("Herzlichen Glueckwunsch!", ReplyClass.NEEDS_REVIEW),  # a positive word alone, as "Glückwunsch"
    ("Felicitations !", ReplyClass.NEEDS_REVIEW),
    ("Tyvarr ar chefen bortrest den har veckan.", ReplyClass.NEEDS_REVIEW),  # a word of regret alone
])
def test_other_decisions_and_signals_without_accents(text, expected):
    assert replies.classify_reply(text)[0] == expected


def test_decomposed_umlauts_read_as_composed_ones():
    text = unicodedata.normalize("NFD", "Leider haben wir uns für eine andere Kandidatin entschieden.")
    assert replies.classify_reply(text)[0] == ReplyClass.REJECTION
    item = inbound.classify(mail(text), today=WRITTEN)
    assert item.classification == ReplyClass.REJECTION


def test_quote_headers_without_accents_are_cut():
    quoted = "Vielen Dank.\n\n-----Urspruengliche Nachricht-----\nVon: Alice\n\nHallo, ich habe eine Frage\n"
    assert replies.strip_reply(quoted) == "Vielen Dank."
    assert replies.strip_reply(
        "Gracias.\n\nEl mie, 25 nov 2026 a las 9:00, Alice <alice@example.test> escribio:\n> Hola\n") == "Gracias."


# --- timing and decision dates -----------------------------------------------------------------

@pytest.mark.parametrize("text, day", [
    ("Eine Rueckmeldung erhalten Sie bis zum 10.12.", date(2026, 12, 10)),
    ("Wir melden uns bis spaetestens Freitag.", date(2026, 11, 27)),
    ("Sie werden in fuenf Werktagen von uns hoeren.", date(2026, 12, 2)),
    ("Wir melden uns innerhalb von zwoelf Tagen.", date(2026, 12, 7)),
    ("Wir melden uns bis Ende naechster Woche.", date(2026, 12, 4)),
])
def test_a_decision_date_without_umlauts_is_read(text, day):
    assert replies.decision_date(text, WRITTEN, day_first=True) == (day, text)


def test_a_date_that_reads_two_ways_without_umlauts_still_gives_none():  # as "nächsten Freitag"
    assert replies.decision_date("Wir melden uns bis naechsten Freitag.", WRITTEN, day_first=True) == (None, "")


@pytest.mark.parametrize("text", [
    "Sie bekommen bald eine Rueckmeldung.",
    "Sie werden bald von uns hoeren.",
    "Eine Rueckmeldung bekommen Sie im Maerz.",
])
def test_timing_without_umlauts_is_timing(text):
    assert replies.timing_said(text) == text


# --- automatic replies -------------------------------------------------------------------------

def test_an_out_of_office_reply_without_umlauts_and_its_return_date():
    body = "Ich bin derzeit nicht im Buero und ab dem 4.1.2027 wieder erreichbar."
    automated = inbound.parse(mail(body, headers={"Auto-Submitted": "auto-generated"}))
    signals = autoreply.signals(automated, "Ihre Bewerbung", body)
    assert signals.out_of_office
    assert autoreply.return_date("Ich bin zurueck am 4.1.2027.", WRITTEN) == date(2027, 1, 4)
    assert autoreply.return_date("Ich bin bis einschliesslich 3. Maerz nicht erreichbar.", WRITTEN) == date(2027, 3, 3)
    assert autoreply.OOO_SUBJECT.search("Reponse automatique : absent")


@pytest.mark.parametrize("text", [
    "Ich bin nicht mehr fuer die Mueller Logistik GmbH taetig.",
    "Dieses Postfach wird nicht mehr ueberwacht.",
    "Je ne fais plus partie de la societe et j'ai quitte l'entreprise.",
    "Desde el lunes he dejado la compania.",
])
def test_i_have_left_without_accents(text):
    assert autoreply.left(text)[0] == text


# --- the spellings themselves ------------------------------------------------------------------

def test_any_spelling_leaves_classes_and_escapes_alone():
    from afterview.delivery.spelling import any_spelling, spellings

    assert any_spelling(r"für") == "f(?:ü|ue|u)r"
    assert any_spelling(r"[äö]\ß") == r"[äö]\ß"
    assert any_spelling("groß") == "gro(?:ß|ss)"
    assert any_spelling("été") == "(?:é|e)t(?:é|e)"
    assert spellings("grüße") >= {"grüße", "gruesse", "grüsse", "grusse"}
