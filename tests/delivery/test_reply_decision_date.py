"""The date a reply says they will decide by, read from its own words: explicit dates (day or
month first by the sender's country), weekdays after the reply's day (where it was written), a
week's or a month's end, a count of days or weeks from that day, in English and German. A span
with no count, a quarter, a question, a request, the past, a negation, a conditional, a date of
another event, quoted text and a signature give nothing, and so does anything that reads two
ways or names two dates: never a guess."""

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
    # a count from the reply's day: that many days on (business days Monday to Friday, the later end)
    ("We will get back to you within the next two weeks.", date(2026, 12, 9)),
    ("We expect to decide in about three weeks.", date(2026, 12, 16)),
    ("You should hear back in 5-7 business days.", date(2026, 12, 4)),
    ("Sie bekommen in etwa zwei Wochen eine Rückmeldung.", date(2026, 12, 9)),
    ("We'll get back to you by the end of the month.", date(2026, 11, 30)),
    # a decision's words: telling all candidates, making offers, circling back, an answer expected
    ("We'll notify all candidates by December 15.", date(2026, 12, 15)),
    ("Decisions will be communicated by 12/15/2026.", date(2026, 12, 15)),
    ("Expect an answer by 8 Jan 2027.", date(2027, 1, 8)),
    ("We'll circle back by the 1st.", date(2026, 12, 1)),
    ("We are targeting December 7 for a decision.", date(2026, 12, 7)),
    ("Our decision is expected on or around December 9.", date(2026, 12, 9)),
    ("We'll get back to you tomorrow.", date(2026, 11, 26)),
    ("We'll get back to you Monday.", date(2026, 11, 30)),
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
    "You will hear from us in the next few days.",
    "We'll get back to you within 48 hours.",  # working hours, for some
    "We'll decide within two weeks of the final interview.",  # counted from another event
    # a date before the decision's words that is another event's: the decision comes after it
    "We plan to wrap up interviews by Dec 4 and decide the week after.",
    "Interviews close on Friday; we'll decide the following week.",
    # two dates, the later one said as a hedge: never the earlier
    "We're hoping to make a decision by the 15th, but it may slip to the 18th.",
    "We'll decide by the 15th. It may slip to the 18th.",
    "We'll decide by the 15th, possibly the 18th.",
    "We'll decide by Friday or Monday.",
    "We'll decide by Friday or early next week.",
    "We'll let you know before Christmas.",  # a holiday's name is not read
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


def test_a_us_senders_month_first_date_is_read():
    assert decision_date("We're aiming to make offers by 12/11.", WED, day_first=False)[0] == date(2026, 12, 11)


def test_on_a_sunday_next_weeks_end_reads_two_ways():
    """Some weeks begin on Sunday, others on Monday: "the end of next week" said on Sunday 29 Nov
    is Fri 4 Dec for some and Fri 11 Dec for others."""
    sunday = date(2026, 11, 29)
    assert decision_date("We'll decide by the end of next week.", sunday) == (None, "")
    assert decision_date("We'll have an update by Friday next week.", sunday) == (None, "")
    assert decision_date("We'll decide by the end of next week.", date(2026, 11, 28))[0] == date(2026, 12, 4)  # Saturday
    assert decision_date("We'll decide by Friday.", sunday)[0] == date(2026, 12, 4)


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
