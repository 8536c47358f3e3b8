"""How real-world incoming mail is read (pure: no server): a company's newsletter is no reply, a
word of regret is no rejection, "I have left" is no out-of-office reply, a calendar invitation is
read, "5/1" by its sender's country, a language not read needs review, qmail's bounce text, and
company names compared without their legal form."""

from datetime import date

import pytest

from afterview.delivery.inbound import classify, summary
from afterview.delivery.reading import Index
from afterview.delivery.replies import classify_reply
from afterview.domain.model import Company, Facts, InboundKind, ReplyClass

TODAY = date(2026, 11, 28)
CALENDAR_IMPORT = "afterview calendar import FILE.ics"  # the .ics saved from the message
LEFT_SAID = "has left, says an automatic reply"


def mail(body: str, *, sender: str = "Acme Corp <news@acme.example>", subject: str = "Hello", headers: str = "",
         ctype: str = "text/plain; charset=utf-8") -> bytes:
    head = (f"From: {sender}\nTo: Alex Morgan <alex@mail.example>\nSubject: {subject}\n"
            "Date: Sat, 28 Nov 2026 07:00:00 -0600\nMessage-ID: <m-1@example.test>\n"
            f"{headers}MIME-Version: 1.0\nContent-Type: {ctype}\n\n")
    return (head + body).replace("\n", "\r\n").encode()


NEWSLETTER = ("This month at Acme: our platform team shipped streaming ingestion, and we're hiring! We would "
              "love to invite you to our open house on December 10.\n\nUnfortunately our Berlin office will be "
              "closed for the holidays.\n\nUnsubscribe: https://acme.example/u/abc\n")
REJECTION = ("Thank you for your interest in Initech. After careful consideration, we have decided to move "
             "forward with other candidates for the Platform Engineer position.\n")


# --- 1. mailing-list and bulk mail ----------------------------------------------------------------

@pytest.mark.parametrize("headers", [
    "List-Id: Acme Engineering Digest <digest.acme.example>\nList-Unsubscribe: <https://acme.example/u>\n"
    "Precedence: bulk\n",
    "List-Unsubscribe: <https://acme.example/unsub>\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\n"
    "Sender: bounce-123@bf.hubspotemail.net\n",
    "Precedence: list\n",
])
def test_a_companys_newsletter_is_bulk_mail_whatever_it_says(headers):
    item = classify(mail(NEWSLETTER, headers=headers), today=TODAY)
    assert item.category == "bulk"  # never a reply on its own (reading.record keeps only one in our thread)
    assert item.classification != ReplyClass.REJECTION  # "Unfortunately our office will be closed"


def test_a_newsletter_saying_its_office_is_closed_is_no_out_of_office_reply():
    item = classify(mail("Our office is closed, we are on holiday until 4 January.\n",
                         headers="List-Id: <digest.acme.example>\nAuto-Submitted: auto-generated\n"), today=TODAY)
    assert item.category == "bulk" and item.return_date is None


@pytest.mark.parametrize("sender,headers", [
    ("Initech Careers <donotreply@icims.com>", "Precedence: bulk\nAuto-Submitted: auto-generated\n"),
    ("Initech <careers@initech.example>", "Return-Path: <bounce+abc@greenhouse-mail.io>\n"
                                          "List-Unsubscribe: <https://greenhouse.io/u>\n"),
    ("Initech Recruiting <careers@initech.example>", "Sender: no-reply@us.greenhouse-mail.io\nPrecedence: bulk\n"),
])
def test_a_tracking_systems_rejection_with_bulk_headers_is_still_read(sender, headers):
    item = classify(mail(REJECTION, sender=sender, subject="Initech: Your application status", headers=headers),
                    today=TODAY)
    assert item.category == "automated" and item.classification == ReplyClass.REJECTION
    assert item.inbound_kind == InboundKind.REPLY


# --- 3. a word of regret is no rejection -----------------------------------------------------------

@pytest.mark.parametrize("text,expected", [
    ("Hi Alex,\n\nUnfortunately Sam is traveling this week, so the final decision will take a bit longer than "
     "planned. We expect to get back to you by December 11.\n\nBest,\nJordan", ReplyClass.NEEDS_REVIEW),
    ("Hi Alex,\n\nSorry for the slow reply, and we regret the wait. I'm happy to say the team would like to invite "
     "you to a final interview with our CTO. Could you share your availability for next week?\n\nJordan",
     ReplyClass.NEXT_ROUND),
    # rejections that say so stay rejections, in the languages read
    ("Unfortunately, we've decided not to move forward with your candidacy at this time.", ReplyClass.REJECTION),
    ("Helaas hebben we besloten om verder te gaan met een andere kandidaat.", ReplyClass.REJECTION),
    ("Lamentablemente, hemos decidido seguir adelante con otros candidatos.", ReplyClass.REJECTION),
    ("Unfortunately, we've gone with another candidate for the role.", ReplyClass.REJECTION),
    ("We regret that we are unable to offer you the position.", ReplyClass.REJECTION),
    ("Unfortunately your application was unsuccessful on this occasion.", ReplyClass.REJECTION),
    ("Tyvärr har vi valt att gå vidare med andra kandidater.", ReplyClass.REJECTION),
])
def test_a_rejection_needs_a_statement_of_one_not_a_word_of_regret(text, expected):
    found, said = classify_reply(text)
    assert found == expected, said


def test_a_word_of_regret_alone_says_so_in_its_summary():
    item = classify(mail("Hi Alex,\n\nUnfortunately Sam is traveling this week, so the final decision will take a "
                         "bit longer.\n\nJordan", sender="Jordan Lee <jordan.lee@acme.example>"), today=TODAY)
    assert summary(item).startswith("needs_review: a word of regret without a decision: Unfortunately Sam")


# --- 4. "I have left the company" --------------------------------------------------------------------

@pytest.mark.parametrize("text,headers", [
    ("Thank you for your email. Please note that I have left Acme Corp and this mailbox is no longer monitored. "
     "For recruiting matters, please contact recruiting@acme.example.",
     "X-Auto-Response-Suppress: All\nX-MS-Exchange-Inbox-Rules-Loop: jordan.lee@acme.example\n"
     "Auto-Submitted: auto-replied\n"),
    ("Jordan Lee is no longer with Acme Corp. Please direct recruiting questions to recruiting@acme.example.",
     "Auto-Submitted: auto-replied\n"),
    ("Jordan Lee no longer works at Acme Corp. Please write to recruiting@acme.example instead.",
     "Auto-Submitted: auto-generated\n"),
])
def test_an_automatic_reply_saying_they_left_is_no_out_of_office_reply(text, headers):
    item = classify(mail(text, sender="Jordan Lee <jordan.lee@acme.example>",
                         subject="Automatic reply: Thank you - Backend Engineer interview", headers=headers),
                    today=TODAY)
    assert item.category == "left" and item.return_date is None  # never postponed to "no date given"
    assert item.inbound_kind == InboundKind.REPLY and item.classification == ReplyClass.NEEDS_REVIEW
    assert item.points_to == ["recruiting@acme.example"]  # named, never written to on its own
    said = summary(item)
    assert said.startswith(f"needs_review: {LEFT_SAID}: ") and said.endswith("it points to recruiting@acme.example")


def test_an_out_of_office_reply_is_still_one_and_a_colleague_who_left_in_a_reply_is_not_their_own():
    away = classify(mail("I am out of the office until December 7 with limited access to email.",
                         sender="Jordan Lee <jordan.lee@acme.example>", subject="Automatic reply: Thanks",
                         headers="Auto-Submitted: auto-replied\n"), today=TODAY)
    assert away.category == "auto_reply" and away.return_date == date(2026, 12, 7)
    news = classify(mail("Hi Alex, Sam is no longer with Acme, so I am taking over. Could you share your "
                         "availability for a final round?", sender="Jordan Lee <jordan.lee@acme.example>",
                         subject="Re: Thanks"), today=TODAY)
    assert news.category == "reply" and news.classification == ReplyClass.NEXT_ROUND


# --- 6. calendar invitations --------------------------------------------------------------------------

ICS = ("BEGIN:VCALENDAR\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\nVERSION:2.0\nMETHOD:{method}\n"
       "BEGIN:VEVENT\nDTSTART:20261208T160000Z\nDTEND:20261208T170000Z\nUID:final-round-acme-123@google.com\n"
       "SUMMARY:{title}\nDESCRIPTION:{description}\nEND:VEVENT\nEND:VCALENDAR\n")
DIRECTOR = "Final round with the engineering director."


def test_a_message_that_is_only_a_calendar_invitation_to_an_interview_is_a_next_round():
    raw = mail(ICS.format(method="REQUEST", title="Final round interview - Backend Engineer (Acme Corp)",
                          description=DIRECTOR),
               sender="Jordan Lee <jordan.lee@acme.example>", ctype='text/calendar; charset="UTF-8"; method=REQUEST',
               subject="Invitation: Final round interview - Backend Engineer (Acme Corp) @ Tue Dec 8, 2026")
    item = classify(raw, today=TODAY)
    assert item.unread == "" and "Final round with the engineering director" in item.text
    assert item.classification == ReplyClass.NEXT_ROUND
    assert summary(item) == ("next_round: a calendar invitation: Final round interview - Backend Engineer "
                             f"(Acme Corp); to add the interview: {CALENDAR_IMPORT}")


def test_googles_invitation_text_and_a_cancelled_or_other_invitation():
    google = ("You have been invited to the following event.\n\nTitle: Final round interview - Backend Engineer\n"
              "When: Tuesday Dec 8, 2026 10am - 11am Central Time - Chicago\n\nInvitation from Google Calendar: "
              "https://calendar.google.com/calendar/\n")
    item = classify(mail(google, sender="Jordan Lee <jordan.lee@acme.example>"), today=TODAY)
    assert item.classification == ReplyClass.NEXT_ROUND and "Final round interview - Backend Engineer" in item.said
    cancelled = classify(mail(ICS.format(method="CANCEL", title="Onsite interview", description=DIRECTOR),
                              ctype="text/calendar; method=CANCEL", sender="Jordan Lee <jordan.lee@acme.example>"),
                         today=TODAY)
    assert cancelled.classification == ReplyClass.NEEDS_REVIEW and "cancelled: Onsite interview" in cancelled.said
    coffee = classify(mail(ICS.format(method="REQUEST", title="Coffee", description="Catching up."),
                           ctype="text/calendar; method=REQUEST", sender="Jordan Lee <jordan.lee@acme.example>"),
                      today=TODAY)
    assert coffee.classification == ReplyClass.NEEDS_REVIEW and CALENDAR_IMPORT in coffee.said


# --- 7. "until 5/1" by the sender's country ---------------------------------------------------------

@pytest.mark.parametrize("text,country,back", [
    ("I am out of the office until 12/1 on holiday.", "DE", date(2027, 1, 12)),
    ("I am out of the office until 12/1 on holiday.", "US", date(2026, 12, 1)),
    ("I am out of the office until 12/1 on holiday.", "US-NY", date(2026, 12, 1)),
    ("I am out of the office until 12/1 on holiday.", "", date(2026, 12, 1)),  # no country: month first in English
    ("Estoy fuera de la oficina hasta el 5/1/2027 por vacaciones.", "US", date(2027, 1, 5)),  # Spanish: day first
])
def test_a_return_date_reads_by_the_senders_country(text, country, back):
    item = classify(mail(text, sender="Hans Müller <hans.mueller@umbrella.example>",
                         subject="Automatic reply: Thank you", headers="Auto-Submitted: auto-replied\n"),
                    today=TODAY, sender_country=lambda address: country)
    assert item.category == "auto_reply" and item.return_date == back


# --- 8. a language not read -----------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "アレックス様\n\n先日は面接にお越しいただき、ありがとうございました。\n"
    "誠に残念ながら、今回は採用を見送らせていただくことになりました。\n\n田中\n",
    "Olá Alex,\n\nObrigado pelo seu interesse na vaga. Infelizmente, decidimos seguir com outros candidatos "
    "neste momento.\n\nAtenciosamente,\nJoão\n",
])
def test_a_reply_in_a_language_not_read_needs_review(text):
    found, said = classify_reply(text)
    assert found == ReplyClass.NEEDS_REVIEW and said.startswith("in a language Afterview does not read: ")


def test_short_or_plain_replies_in_a_language_read_stay_other():
    assert classify_reply("Thanks Alex! Really enjoyed our chat too. Jordan will follow up on next steps.")[0] \
        == ReplyClass.OTHER
    assert classify_reply("Danke für die Nachricht. Wir melden uns bis Mitte Dezember.")[0] == ReplyClass.OTHER
    assert classify_reply("Merci !")[0] == ReplyClass.OTHER


# --- 9. qmail's bounce --------------------------------------------------------------------------------------

def test_a_qmail_bounce_gives_its_own_words():
    text = ("Hi. This is the qmail-send program at mx.cyberdyne.example.\nI'm afraid I wasn't able to deliver your "
            "message to the following addresses.\nThis is a permanent error; I've given up. Sorry it didn't work "
            "out.\n\n<miles.dyson@cyberdyne.example>:\nSorry, no mailbox here by that name. (#5.1.1)\n\n--- Below "
            "this line is a copy of the message.\n\nFrom: Alex Morgan <alex@mail.example>\n"
            "Message-ID: <ty-1@mail.example>\n")
    item = classify(mail(text, sender="MAILER-DAEMON@mx.cyberdyne.example", subject="failure notice",
                         headers="Return-Path: <>\n"), today=TODAY)
    assert item.category == "bounce"
    assert item.bounce.reason == "miles.dyson@cyberdyne.example: 5.1.1 Sorry, no mailbox here by that name. (#5.1.1)"
    assert item.bounce.original_message_id == "<ty-1@mail.example>"


# --- 2. company names, their legal form aside --------------------------------------------------------------

def named(recorded: list[str], text: str) -> set[str]:
    """The recorded company an applicant-tracking system's text names (as sync looks for it)."""
    facts = Facts(companies={i: Company(id=i, name=name) for i, name in enumerate(recorded, 1)})
    found = Index.build(facts).ats_company(text)
    return {facts.companies[found].name} if found is not None else set()


@pytest.mark.parametrize("recorded,text", [
    ("Acme Corp", "Your application to Acme"),
    ("Acme Corp", "Your application to Acme Corporation"),
    ("Soylent SA", "Soylent <no-reply@greenhouse.io>"),
    ("Globex", "Globex Corporation"),
    ("Wayne Enterprises", "Wayne Enterprises, Inc."),
    ("Müller Logistik GmbH & Co. KG", "Ihre Bewerbung bei MÜLLER LOGISTIK"),
    ("Lumière Analytique S.A.", "Votre candidature chez Lumière Analytique SA"),
])
def test_company_names_match_both_ways_without_their_legal_form(recorded, text):
    assert named([recorded, "Initech"], text) == {recorded}


def test_a_company_name_inside_a_longer_one_named_is_the_longer_ones():
    recorded = ["Acme Corp", "Acme Health Inc.", "Initech"]
    assert named(recorded, "Your application to Acme Health") == {"Acme Health Inc."}
    assert named(recorded, "Your application to Acme Corporation") == {"Acme Corp"}
    assert named(recorded, "Acmeology and Initechnica") == set()  # whole words only
    assert named(["HP Inc", "Acme"], "HP Enterprise") == set()  # too short without its form: its whole name
