"""The date a reply says they will decide by, read from its own words: explicit dates (day or
month first by the sender's country), weekdays after the reply's day (where it was written), a
week's end, in English and German. A relative span, a quarter, a question, a request, the past,
a negation, a conditional, quoted text and a signature give nothing, and so does anything that
reads two ways: never a guess."""

from datetime import date

import pytest

from afterview.delivery import inbound
from afterview.delivery.replies import decision_date, stated_decision, strip_reply, without_decision

WED = date(2026, 11, 25)  # the reply's day: a Wednesday


@pytest.mark.parametrize("text, expected", [
    ("We expect to make a decision by 10 December.", date(2026, 12, 10)),
    ("Thanks Alice! You'll hear from us by Friday.", date(2026, 11, 27)),
    ("Wir melden uns bis zum 10.12.", date(2026, 12, 10)),
    ("Wir melden uns bis zum 10. Dezember bei Ihnen.", date(2026, 12, 10)),
    ("We will let you know by Thursday, 10 December.", date(2026, 12, 10)),
    ("You will hear back by Monday, December 7.", date(2026, 12, 7)),
    ("We aim to have a final decision before 18 December 2026.", date(2026, 12, 18)),
    ("We'll get back to you by tomorrow.", date(2026, 11, 26)),
    ("We hope to get back to you by the 4th.", date(2026, 12, 4)),
    ("We'll let you know by Friday next week.", date(2026, 12, 4)),
    ("Die Entscheidung fällt am Montag.", date(2026, 11, 30)),
    ("Bis Ende der Woche erhalten Sie eine Rückmeldung.", date(2026, 11, 27)),
    ("Sie erhalten bis Ende nächster Woche eine Rückmeldung von uns.", date(2026, 12, 4)),
    ("Die finale Entscheidung treffen wir bis spätestens 9.12.2026.", date(2026, 12, 9)),
    ("We will decide by Dec. 10. Talk soon.", date(2026, 12, 10)),
    ("We will be in touch by end of day Friday.", date(2026, 11, 27)),
    ("Sie hören bis Freitag nächster Woche von uns.", date(2026, 12, 4)),
    ("We will share next steps by Tuesday.", date(2026, 12, 1)),
    ("Wir melden uns bis Donnerstag, den 10.12. bei Ihnen.", date(2026, 12, 10)),
    # the date after the decision is named is the one: not the end of the interviews before it
    ("We're interviewing until 3 December and will decide by 10 December.", date(2026, 12, 10)),
    ("We'll be in touch by 12/20.", date(2026, 12, 20)),  # only one way to read it
    ("Hi Alice,\n\nthanks for the lovely note. We are still meeting a few candidates.\n\n"
     "We expect to make a final decision no later than 11 December.\n\nBest,\nDana", date(2026, 12, 11)),
])
def test_a_stated_decision_date_is_read(text, expected):
    found, sentence = decision_date(text, WED)
    assert found == expected
    assert sentence and sentence in " ".join(text.split())  # the sentence that says it, for the summary


@pytest.mark.parametrize("text", [
    "We decided on 5 May to open the role.",
    "Our office is closed until Monday.",
    "We will make a decision by the end of Q1.",
    "We will get back to you within the next two weeks.",
    "You will hear from us in the next few days.",
    "You will hear from us early next week.",
    "We'll let you know by next Friday.",  # this coming Friday, or the one after?
    "We'll let you know by Friday, 10 December.",  # 10 December 2026 is a Thursday
    "We'll be in touch by 12/10.",  # 12 October or 10 December: the sender's country not known
    "We will not be able to make a decision by Friday.",
    "Please send us your feedback by Friday.",
    "Could you let us know your availability by Friday?",
    "If we decide by Friday, we will call you.",
    "We'll decide after our panel on Friday.",
    "We'll decide by Friday. The final decision will be communicated by 10 December.",  # two dates
    "Thanks for your time on 20 November.",
    "Our decision on the role was made on 5 May.",
    "Wir melden uns nächste Woche.",
    "Wir melden uns in den nächsten Tagen.",
    "Wir melden uns bis nächsten Freitag.",
    "Wir entscheiden bis zum 24.11.",  # before the reply
    "The interview with the team on Friday went well, and we will be in touch.",
    "We will make a decision by 10 December 2027.",  # more than a year ahead
    "Leider können wir Ihnen bis Freitag keine Entscheidung mitteilen.",
    "We will make a decision by mid-December.",
    "Will you be able to decide by Friday?",
])
def test_nothing_vague_or_ambiguous_is_read_as_a_date(text):
    assert decision_date(text, WED) == (None, "")


def test_a_date_written_both_ways_reads_by_the_senders_country():
    assert decision_date("We'll be in touch by 12/10.", WED, day_first=False)[0] == date(2026, 12, 10)  # US
    # day first (Germany) it is 12 October, gone already: nothing
    assert decision_date("We'll be in touch by 12/10.", WED, day_first=True)[0] is None
    assert decision_date("We'll be in touch by 3/12.", WED, day_first=True)[0] == date(2026, 12, 3)


def test_a_weekday_is_the_next_one_after_the_replys_day():
    friday = date(2026, 11, 27)
    assert decision_date("You'll hear from us by Friday.", friday)[0] == date(2026, 12, 4)
    assert decision_date("You'll hear from us by Monday.", friday)[0] == date(2026, 11, 30)


def test_quoted_text_and_a_signature_say_nothing():
    quoted = ("Thanks Alice, noted!\n\nOn Tue, 24 Nov 2026 at 09:00, Alice Seeker <alice@example.test> wrote:\n"
              "> Will you decide by 10 December?\n> I hope to hear from you by Friday, and we will decide by 2 Dec.\n")
    assert decision_date(strip_reply(quoted), WED) == (None, "")
    signed = ("Thanks, we'll be in touch.\n\n-- \nDana Reyes\nOut of office 10.12.-14.12.\n"
              "Acme GmbH · HRB 12345 · decisions by the board by 10 December\n")
    assert decision_date(strip_reply(signed), WED) == (None, "")


def reply(text: str, date_header: str) -> bytes:
    return (f"From: Dana Reyes <dana@acme.example>\nTo: alice@example.test\nSubject: Re: Thank you\n"
            f"Date: {date_header}\nMessage-ID: <d1@acme.example>\nContent-Type: text/plain; charset=utf-8\n\n"
            f"{text}\n").encode()


def test_a_reply_keeps_the_date_in_its_summary_and_reads_weekdays_in_the_senders_own_day():
    # Thursday evening in California is Friday in UTC: "by Friday" is the next day, not a week on
    late = inbound.classify(reply("Thanks Alice! You'll hear from us by Friday.", "Thu, 26 Nov 2026 23:30:00 -0800"),
                            today=date(2026, 11, 27))
    assert late.category == "reply" and late.decision_date == date(2026, 11, 27)
    summary = inbound.summary(late)
    assert stated_decision(summary) == date(2026, 11, 27)
    assert without_decision(summary) == "other: You'll hear from us by Friday."
    # a US sender's "12/10" is 10 December; without a country it says nothing
    us = inbound.classify(reply("We expect to decide by 12/10.", "Wed, 25 Nov 2026 09:00:00 -0500"),
                          today=WED, sender_country=lambda address: "US")
    assert us.decision_date == date(2026, 12, 10)
    unknown = inbound.classify(reply("We expect to decide by 12/10.", "Wed, 25 Nov 2026 09:00:00 -0500"), today=WED)
    assert unknown.decision_date is None and stated_decision(inbound.summary(unknown)) is None


def test_a_reply_that_decides_keeps_no_date():
    rejected = inbound.classify(reply("Unfortunately we have decided to move forward with other candidates. "
                                      "We will close the role by 10 December.", "Wed, 25 Nov 2026 09:00:00 +0000"),
                                today=WED)
    assert rejected.classification.value == "rejection" and rejected.decision_date is None
    assert stated_decision(inbound.summary(rejected)) is None
