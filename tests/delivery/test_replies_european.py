"""European replies read for real: encoded headers of applicant-tracking systems (through the
real Dovecot), German, Spanish and Dutch decisions, Dutch return dates, signatures and summaries."""

import unicodedata
from datetime import date
from email.header import Header
from email.mime.text import MIMEText
from email.utils import formataddr

import pytest

from afterview.delivery import inbound
from afterview.delivery.reading import Index, record, select_relevant
from afterview.domain.model import Company, InboundKind, Opportunity, OpportunityStatus, ReplyClass
from afterview.services import delivery
from afterview.services.delivery import SyncReport
from tests.delivery.conftest import NOW

TODAY = date(2026, 11, 28)


def message(text: str, *, sender: str = "Katrin Schmidt <k.schmidt@mueller-logistik.example>",
            subject: str = "AW: Thank you - Data Engineer interview", charset: str = "utf-8",
            headers: dict | None = None, tag: str = "1") -> bytes:
    """A message as a mail program writes it: non-ASCII names and subjects RFC 2047-encoded,
    the body quoted-printable or base64 as the charset asks."""
    msg = MIMEText(text, "plain", charset)
    name, address = sender.split(" <")
    msg["From"] = formataddr((name, address.rstrip(">")), charset="utf-8")
    msg["To"] = "Alice Keller <alice@example.test>"
    msg["Subject"] = Header(subject, "utf-8").encode() if not subject.isascii() else subject
    msg["Date"] = "Fri, 27 Nov 2026 16:00:00 +0100"
    msg["Message-ID"] = f"<eu-{tag}@mail.example>"
    for key, value in (headers or {}).items():
        msg[key] = value
    return msg.as_bytes()


def read(raw: bytes) -> inbound.Classified:
    return inbound.classify(raw, today=TODAY)


# --- 1. applicant-tracking systems naming a company with non-ASCII letters --------------------

ATS_MAILS = [
    # (sender, subject): the company named in the sender's name, the subject, or both
    ("Müller Logistik GmbH <noreply@personio.de>", "Ihre Bewerbung als Data Engineer bei Müller Logistik GmbH"),
    ("Recruiting <noreply@personio.de>", "Ihre Bewerbung bei Müller Logistik GmbH"),
    ("Müller Logistik GmbH <noreply@personio.de>", "Ihre Bewerbung"),
]


@pytest.fixture
def european(store, seeded):
    """Müller Logistik GmbH (its name recorded decomposed, as some programs write it: u + a
    combining diaeresis), Lumière Analytique SA and Polder Data BV, one opportunity at each."""
    ids = {}
    with store.transaction() as tx:
        for name in (unicodedata.normalize("NFD", "Müller Logistik GmbH"), "Lumière Analytique SA", "Polder Data BV"):
            company = tx.add(Company(name=name))
            opp = tx.add(Opportunity(company_id=company.id, role="Data Engineer", created_at=NOW,
                                     status=OpportunityStatus.INTERVIEWING))
            ids[unicodedata.normalize("NFC", name)] = (company.id, opp.id)
    return ids


@pytest.mark.parametrize("sender,subject", ATS_MAILS)
def test_ats_mail_naming_a_company_with_an_umlaut_is_selected_by_its_decoded_headers(store, european, sender, subject):
    raw = message("Leider müssen wir Ihnen mitteilen, dass wir uns für andere Bewerber entschieden haben.",
                  sender=sender, subject=subject, headers={"Auto-Submitted": "auto-generated"})
    head = raw.split(b"\n\n", 1)[0] + b"\n"
    assert b"=?utf-8?" in head  # encoded on the wire, as the tester's real mail was
    with store.transaction() as tx:
        index = Index.build(tx.facts())
    wanted = select_relevant({3: (head, len(raw), NOW)}, index)
    assert wanted[3].ats_company == european["Müller Logistik GmbH"][0]
    report = SyncReport("test")
    with store.transaction() as tx:
        record(tx, raw, wanted[3], facts=tx.facts(), now=NOW, report=report)
    [reply] = report.recorded
    assert reply.opportunity_id == european["Müller Logistik GmbH"][1]
    assert reply.classification == ReplyClass.REJECTION
    assert unicodedata.normalize("NFC", reply.summary).startswith(  # the name as recorded
        "from Müller Logistik GmbH's tracking system; rejection: Leider")


def test_ats_mail_for_companies_with_accents_is_read_by_sync_from_dovecot(mail, store, european, account):
    texts = {
        "personio": message("Hallo Alice,\n\nvielen Dank für Ihre Bewerbung. Leider müssen wir Ihnen mitteilen, dass "
                            "wir uns für andere Bewerber entschieden haben.\n\nIhr Müller Logistik Team\n",
                            sender="Müller Logistik GmbH <noreply@personio.de>",
                            subject="Ihre Bewerbung als Data Engineer bei Müller Logistik GmbH",
                            headers={"Auto-Submitted": "auto-generated"}, tag="personio"),
        "greenhouse": message("Unfortunately, we have decided to move forward with other candidates.\n",
                              sender="Recruiting Team <no-reply@greenhouse.io>",
                              subject="Your application to Lumière Analytique SA", tag="greenhouse"),
        "control": message("Unfortunately, we have decided to move forward with other candidates.\n",
                           sender="Polder Data BV <no-reply@greenhouse.io>",
                           subject="Your application to Polder Data BV", tag="control"),
        "unknown": message("Leider müssen wir Ihnen mitteilen, dass wir uns für andere Bewerber entschieden haben.\n",
                           sender="Müller Bau AG <noreply@personio.de>", subject="Ihre Bewerbung bei Müller Bau AG",
                           tag="unknown"),
    }
    for raw in texts.values():
        mail.deliver_to_inbox("alice", raw)
    report = delivery.sync(store, now=NOW, account=account)
    assert report.scanned == 4 and report.fetched == 3  # the unknown company's mail is never read
    placed = {r.opportunity_id: r for r in report.recorded}
    assert set(placed) == {european[n][1] for n in ("Müller Logistik GmbH", "Lumière Analytique SA", "Polder Data BV")}
    for reply in report.recorded:
        assert reply.kind == InboundKind.REPLY and reply.classification == ReplyClass.REJECTION
    assert "Auto-Submitted" not in placed[european["Müller Logistik GmbH"][1]].summary


# --- 2. decisions in German, Spanish and Dutch --------------------------------------------------

DECISIONS = [
    ("Sehr geehrte Frau Keller,\n\nder Auswahlprozess ist in die nächste Phase übergegangen, Ihre Bewerbung "
     "wurde dabei jedoch nicht berücksichtigt.\n\nMit freundlichen Grüßen\nKatrin Schmidt",
     ReplyClass.REJECTION, "Ihre Bewerbung wurde dabei jedoch nicht berücksichtigt"),
    ("Sehr geehrte Frau Keller,\n\nwir haben uns entschieden, Ihre Bewerbung nicht weiter berücksichtigen zu können.\n",
     ReplyClass.REJECTION, "nicht weiter berücksichtigen"),
    ("Hola Alice,\n\nGracias. Tras valorar todas las candidaturas, hemos decidido no seguir adelante con tu "
     "candidatura. Te deseamos lo mejor.\n\nJavier",
     ReplyClass.REJECTION, "hemos decidido no seguir adelante con tu candidatura"),
    ("Hoi Alice,\n\nWe willen je graag uitnodigen voor een tweede gesprek met ons team. Wanneer schikt het jou "
     "volgende week?\n\nGroet,\nSanne",
     ReplyClass.NEXT_ROUND, "We willen je graag uitnodigen voor een tweede gesprek"),
    ("Hoi Alice,\n\nWe zijn blij je de functie van Data Engineer aan te bieden. Het arbeidsvoorwaardenvoorstel "
     "volgt per mail.\n\nGroet,\nSanne",
     ReplyClass.OFFER, "We zijn blij je de functie van Data Engineer aan te bieden"),
]


@pytest.mark.parametrize("text,expected,sentence", DECISIONS)
def test_european_decisions_are_read(text, expected, sentence):
    item = read(message(text, charset="iso-8859-1" if "ü" in text else "utf-8"))
    assert (item.category, item.classification) == ("reply", expected)
    assert sentence in inbound.summary(item)


@pytest.mark.parametrize("text", [
    # a conditional is no decision; quoted text is not theirs
    "Sehr geehrte Frau Keller,\n\nvielen Dank für Ihre Nachricht. Wir sind noch in Gesprächen mit weiteren "
    "Kandidaten. Falls Sie in die engere Auswahl kommen, melden wir uns bis Mitte Dezember bei Ihnen.\n",
    "Sehr geehrte Frau Keller,\n\nfalls Ihre Bewerbung nicht berücksichtigt wird, erhalten Sie Bescheid.\n",
    "Hoi Alice,\n\nDank je, we nemen eind volgende week een besluit.\n\nGroet,\nSanne\n\n"
    "Op za 28 nov. 2026 om 00:41 schreef Alice Keller <alice@example.test>:\n\n"
    "Hi Sanne, would you invite me for a second interview? They said we regret to inform you.\n",
])
def test_conditionals_and_quotes_are_no_decisions(text):
    item = read(message(text))
    # "other", or "needs review" for a decision said only in the conditional
    assert item.classification in (ReplyClass.OTHER, ReplyClass.NEEDS_REVIEW), inbound.summary(item)
    assert item.classification == (ReplyClass.NEEDS_REVIEW if "falls Ihre" in text else ReplyClass.OTHER)


def test_the_dutch_gmail_quote_header_ends_the_reply():
    item = read(message("Hoi Alice,\n\nDank voor je bericht, ik kom erop terug.\n\nGroet,\nSanne\n\n"
                        "Op za 28 nov. 2026 om 00:41 schreef Alice Keller <\nalice@example.test>:\n\n"
                        "Hi Sanne, thank you for the second interview.\n",
                        sender="Sanne de Vries <sanne@polderdata.example>"))
    assert "Hi Sanne" not in item.text and "schreef" not in item.text
    assert item.text.endswith("Sanne") and item.classification == ReplyClass.OTHER


# --- 3. Dutch return dates and iCloud's endDate -------------------------------------------------

@pytest.mark.parametrize("text,back", [
    ("Ik ben t/m 04-01-2027 niet op kantoor.", date(2027, 1, 4)),
    ("Ik ben afwezig tot en met 04-01-2027. Je e-mail wordt niet doorgestuurd.", date(2027, 1, 4)),
    ("Ik ben tot en met 8-1-2027 met vakantie.", date(2027, 1, 8)),
])
def test_dutch_out_of_office_return_dates(text, back):
    item = read(message(text, sender="Sanne de Vries <sanne@polderdata.example>", subject="Afwezig",
                        headers={"X-Autoreply": "yes"}))
    assert item.category == "auto_reply" and item.return_date == back


def test_icloud_vacation_end_date_in_its_property_list_form():
    item = read(message("Op vakantie.", sender="Sanne de Vries <sanne@polderdata.example>", subject="Re: Thank you",
                        headers={"X-Apple-Action": "VACATION", "Auto-Submitted": "auto-replied",
                                 "X-Apple-Criteria": "<dict><key>endDate</key><date>2027-01-08T23:00:00Z</date></dict>"}))
    assert item.category == "auto_reply" and item.return_date == date(2027, 1, 8)


# --- 4. signatures and summaries ------------------------------------------------------------------

@pytest.mark.parametrize("dashes", ["-- ", "--"])  # the standard delimiter, and as many programs write it
def test_the_signature_is_not_read_for_a_decision(dashes):
    item = read(message("Hallo Frau Keller,\n\ndanke, wir haben Ihre Unterlagen erhalten und melden uns nächste "
                        f"Woche.\n\nViele Grüße\nKatrin Schmidt\n\n{dashes}\nMüller Logistik GmbH, Sitz Hamburg, "
                        "Registergericht Hamburg HRB 123456\nDISCLAIMER: This e-mail is confidential. If you have "
                        "received it in error, unfortunately we must ask you to notify the sender and delete it. We "
                        "regret any inconvenience. The company is not liable and you were not selected as the "
                        "intended recipient.\n"))
    assert item.classification == ReplyClass.OTHER
    assert "Registergericht" not in item.text and "DISCLAIMER" not in item.text
    assert inbound.summary(item).endswith("Viele Grüße Katrin Schmidt")


@pytest.mark.parametrize("text,expected,said,not_said", [
    ("Sehr geehrte Frau Keller,\n\nLeider müssen wir Ihnen mitteilen, dass wir uns nach sorgfältiger Prüfung für "
     "eine andere Kandidatin entschieden haben. Diese Absage ist keine Bewertung Ihrer Qualifikation.\n\n"
     "Mit freundlichen Grüßen\nKatrin Schmidt",
     ReplyClass.REJECTION, "für eine andere Kandidatin entschieden", "keine Bewertung"),
    ("Liebe Frau Keller,\n\nwir freuen uns, Ihnen die Stelle als Data Engineer anbieten zu können. Das "
     "Vertragsangebot erhalten Sie separat per Post.\n\nHerzliche Grüße\nKatrin Schmidt",
     ReplyClass.OFFER, "Ihnen die Stelle als Data Engineer anbieten zu können", "separat per Post"),
])
def test_the_summary_gives_the_sentence_with_the_decision(text, expected, said, not_said):
    item = read(message(text, charset="iso-8859-1"))
    summary = inbound.summary(item)
    assert item.classification == expected and said in summary and not_said not in summary


@pytest.mark.parametrize("text", [
    "Bonjour Alice,\n\nNous vous remercions pour l'intérêt porté au poste. Après une étude attentive, nous "
    "sommes au regret de vous informer que nous ne donnerons pas suite à votre candidature.\n",
    "Bonjour Alice,\n\nMerci pour votre candidature, nous l'avons bien reçue.\n",
])
def test_an_automated_mails_summary_never_gives_its_headers(text):
    item = read(message(text, sender="Lumière Analytique SA <no-reply@us.greenhouse-mail.io>",
                        subject="Votre candidature chez Lumière Analytique SA",
                        headers={"Auto-Submitted": "auto-generated"}))
    assert item.category == "automated"
    summary = inbound.summary(item)
    assert "Auto-Submitted" not in summary and "auto-generated" not in summary
    assert summary.split(": ", 1)[1].startswith(("Après une étude", "Bonjour Alice"))
    assert "Auto-Submitted" in item.evidence  # why it is automated stays known
