"""A tester's 76 phrasings of when an employer will decide, said on Fri 27 Nov 2026 by a US sender,
each with the day the reader must give (None: nothing, as docs/delivery.md says); the words that
speak of timing whether or not a date is read (`timing_said`); the user's own notes of what they
said (a debrief's next steps); and the words typed for a decision date (`spoken_day`,
`typed_decision_date`): read as the reader reads them, a span or two readings refused."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from afterview.delivery.replies import decision_date, spoken_day, timing_said, typed_decision_date
from afterview.errors import InvalidInput

FRIDAY = date(2026, 11, 27)
D = date

CORPUS = [
    ("We'll get back to you within two weeks.", D(2026, 12, 11)),  # a count from the day it was said
    ("We will make a decision by end of next week.", D(2026, 12, 4)),
    ("You'll hear from us by EOD Friday.", D(2026, 12, 4)),  # said on a Friday: the next one
    ("We expect to decide early next month.", None),
    ("We'll have an update for you mid-January.", None),
    ("You should hear back in 5-7 business days.", D(2026, 12, 8)),  # the later end, Monday to Friday
    ("We will decide after our board meets on the 14th.", None),
    ("We are still interviewing and expect to decide in about three weeks.", D(2026, 12, 18)),
    ("You should hear from us by Tuesday.", D(2026, 12, 1)),
    ("We aim to make a decision by the end of Q1.", None),
    ("We'll be in touch next week sometime.", None),
    ("We won't have news before the 10th.", None),
    ("We'll get back to you sometime after Thanksgiving.", None),
    ("We will let you know by 03/04.", None),  # more than 92 days ahead without its year
    ("We will let you know by 12/10.", D(2026, 12, 10)),
    ("We'll decide by December 10.", D(2026, 12, 10)),
    ("We expect to make a decision by 10 December.", D(2026, 12, 10)),
    ("You'll hear from us by Friday.", D(2026, 12, 4)),
    ("We will get back to you by Monday.", D(2026, 11, 30)),
    ("We'll be in touch by the 15th.", D(2026, 12, 15)),
    ("We will let you know by November 20.", None),  # gone
    ("A decision will be made by 2026-12-18.", D(2026, 12, 18)),
    ("The hiring manager will make the final call by Thursday.", D(2026, 12, 3)),
    ("We hope to have an answer for you by mid-December.", None),
    ("We'll get back to you by the end of the month.", D(2026, 11, 30)),
    ("We plan to wrap up interviews by Dec 4 and decide the week after.", None),  # Dec 4 is the interviews'
    ("Interviews close on Friday; we'll decide the following week.", None),
    ("Our panel meets on December 9, so you can expect to hear from us by December 11.", D(2026, 12, 11)),
    ("We'll decide by Friday, December 11.", D(2026, 12, 11)),
    ("We'll decide by Thursday, December 11.", None),  # 11 December is a Friday
    ("Please let us know by Friday if you are still interested.", None),
    ("If everything goes well we'll decide by Friday.", None),
    ("Can we get back to you by Wednesday?", None),
    ("We'll get back to you tomorrow.", D(2026, 11, 28)),
    ("You'll hear from us by tomorrow.", D(2026, 11, 28)),
    ("We'll decide by next Friday.", None),  # this coming one, or the one after?
    ("We'll have an update by Friday next week.", D(2026, 12, 4)),
    ("We should be able to decide by the end of the week.", None),  # said on the Friday: the week is over
    ("We'll get back to you in the new year.", None),
    ("We'll let you know before Christmas.", None),  # a holiday's name is not read
    ("We'll be in touch by January 8th.", D(2027, 1, 8)),
    ("Expect an answer by 8 Jan 2027.", D(2027, 1, 8)),
    ("We'll notify all candidates by December 15.", D(2026, 12, 15)),
    ("Decisions will be communicated by 12/15/2026.", D(2026, 12, 15)),
    ("We're aiming to make offers by 12/11.", D(2026, 12, 11)),
    ("The team will reconvene Monday and get back to you by Wednesday.", D(2026, 12, 2)),
    ("We'll get back to you by COB Tuesday.", D(2026, 12, 1)),
    ("We'll get back to you no later than 4 December.", D(2026, 12, 4)),
    ("We'll get back to you on or before December 4th.", D(2026, 12, 4)),
    ("We will decide by Dec. 4.", D(2026, 12, 4)),
    ("We'll circle back by the 1st.", D(2026, 12, 1)),
    ("I'll reach out to you by Tuesday with next steps.", D(2026, 12, 1)),
    ("We will make our decision on 12/9.", D(2026, 12, 9)),
    ("Wir melden uns bis zum 10.12. bei Ihnen.", D(2026, 12, 10)),
    ("Sie hören bis Ende nächster Woche von uns.", D(2026, 12, 4)),
    ("Wir werden bis Freitag entscheiden.", D(2026, 12, 4)),
    ("Eine Entscheidung fällt voraussichtlich Mitte Dezember.", None),
    ("Wir geben Ihnen bis spätestens 15. Dezember Bescheid.", D(2026, 12, 15)),
    ("Sie bekommen in etwa zwei Wochen eine Rückmeldung.", D(2026, 12, 11)),
    ("We laten u uiterlijk vrijdag 4 december weten of u door bent.", None),  # Dutch: dates not read
    ("Nous vous donnerons une réponse d'ici le 4 décembre.", None),  # French: dates not read
    ("We'll get back to you within 48 hours.", None),  # hours: working hours, for some
    ("We'll let you know by Dec 2.", D(2026, 12, 2)),
    ("We'll decide by 11/20.", None),
    ("We'll have a decision by the 1st of December.", D(2026, 12, 1)),
    ("Not before the 10th, I'm afraid.", None),
    ("We will get back to you by Friday the 4th.", D(2026, 12, 4)),
    ("We'll be in touch after the holidays, probably the first week of January.", None),
    ("Expect to hear from us by Monday Nov 30.", D(2026, 11, 30)),
    ("We'll get back to you by Friday. If not, December 11 at the latest.", D(2026, 12, 4)),  # a conditional is not read
    ("We'll decide by Friday, or by Monday at the latest.", None),  # two dates
    ("Thanks so much for your time, we really enjoyed meeting you!", None),
    ("We'll decide by the 3rd.", D(2026, 12, 3)),
    ("We are targeting December 7 for a decision.", D(2026, 12, 7)),
    ("Our decision is expected on or around December 9.", D(2026, 12, 9)),
    ("We'll let you know by Wednesday 12/2.", D(2026, 12, 2)),
]


@pytest.mark.parametrize("text, expected", CORPUS)
def test_the_testers_phrasings_give_their_day_or_nothing(text, expected):
    assert decision_date(text, FRIDAY, day_first=False)[0] == expected


def test_the_corpus_is_the_testers_whole():
    assert len(CORPUS) == 76 and len({text for text, _ in CORPUS}) == 76


@pytest.mark.parametrize("text", [
    "We'll get back to you within 48 hours.",
    "We'll let you know before Christmas.",
    "We expect to decide early next month.",
    "We'll be in touch next week sometime.",
    "We'll decide by next Friday.",
    "Interviews close on Friday; we'll decide the following week.",
])
def test_timing_unread_is_still_timing_said(text):
    assert decision_date(text, FRIDAY, day_first=False)[0] is None
    assert timing_said(text)


@pytest.mark.parametrize("text", [
    "Thanks so much for your time, we really enjoyed meeting you!",
    "We'll be in touch.",
    "Please let us know by Friday if you are still interested.",
    "Can we get back to you by Wednesday?",
    "The office is closed on Friday.",
])
def test_no_timing_of_theirs_is_said(text):
    assert timing_said(text) == ""


TUESDAY = date(2026, 11, 24)  # the interview's day, where the next steps were said


@pytest.mark.parametrize("notes, expected", [
    ("They'll decide by December 10 and get back to me", D(2026, 12, 10)),
    ("Rita will let me know by Friday", D(2026, 11, 27)),
    ("their decision by 10 Dec", D(2026, 12, 10)),
    ("Decision expected by Dec 10", D(2026, 12, 10)),
    ("I should hear back within two weeks", D(2026, 12, 8)),
    ("Send them the slides by Friday", None),  # a to-do of yours
    ("they'll get back to me in a couple of weeks", None),
])
def test_next_steps_in_your_own_words_are_read(notes, expected):
    assert decision_date(notes, TUESDAY, notes=True)[0] == expected


def test_next_steps_spoken_of_in_your_words_without_a_date_are_timing_said():
    assert timing_said("they'll get back to me in a couple of weeks", notes=True)
    assert not timing_said("a system design round with the team", notes=True)


MONDAY = date(2026, 11, 30)


@pytest.mark.parametrize("typed, expected", [
    ("Friday", D(2026, 12, 4)), ("by Friday", D(2026, 12, 4)), ("tomorrow", D(2026, 12, 1)),
    ("the 15th", D(2026, 12, 15)), ("end of next week", D(2026, 12, 11)), ("Friday next week", D(2026, 12, 11)),
    ("within two weeks", D(2026, 12, 14)), ("in 5 business days", D(2026, 12, 7)),
    ("2026-12-10", None), ("10 Dec", None),  # dates: for the date parser
])
def test_typed_words_are_read_as_the_reader_reads_them(typed, expected):
    assert spoken_day(typed, MONDAY) == (expected, "")


@pytest.mark.parametrize("typed, today, said", [
    ("next week", MONDAY, "a span of days"),
    ("mid-January", MONDAY, "a span of days"),
    ("early next month", MONDAY, "a span of days"),
    ("Q1", MONDAY, "a span of days"),
    ("next Friday", MONDAY, "it reads two ways, Fri 4 Dec or Fri 11 Dec: give the date they meant (2026-12-04 or 2026-12-11)"),
    ("end of next week", D(2026, 11, 29), "said on a Sunday, it reads two ways, Fri 4 Dec or Fri 11 Dec"),
    ("Friday next week", D(2026, 11, 29), "said on a Sunday, it reads two ways, Fri 4 Dec or Fri 11 Dec"),
])
def test_a_span_or_two_readings_is_refused_with_the_day_to_give(typed, today, said):
    day, why = spoken_day(typed, today)
    assert day is None and said in why


NOW = datetime(2026, 11, 30, 10, 0, tzinfo=ZoneInfo("America/Chicago"))


def test_a_typed_decision_date_more_than_a_year_ahead_is_refused():
    with pytest.raises(InvalidInput, match=r"'2029-01-01' is Mon 1 Jan 2029, more than a year ahead"):
        typed_decision_date("2029-01-01", NOW, "America/Chicago")
    assert typed_decision_date("2027-03-31", NOW, "America/Chicago") == D(2027, 3, 31)
    assert typed_decision_date("in 10 days", NOW, "America/Chicago") == D(2026, 12, 10)


def test_a_date_not_understood_suggests_no_next_friday():
    with pytest.raises(InvalidInput) as refused:
        typed_decision_date("blah", NOW, "America/Chicago")
    assert "next friday" not in str(refused.value).lower()
