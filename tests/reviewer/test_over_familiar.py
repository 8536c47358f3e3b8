"""Over-familiar words in a note to an interviewer are `slang` (PLAYBOOK: slang, text speak):
a 'Hey' or 'Yo' opening the note, a nickname for the reader ('Cheers mate'), a sign-off for
friends ('Love,'), 'luv', 'u' for 'you'. Their look-alikes are not: 'U.S.', 'U of T', a product
called 'Hey' quoted or named mid-sentence, 'Tho Nguyen', 'my teammate'."""

from __future__ import annotations

import pytest

from afterview.reviewer import review

from .test_rules import GOOD_THANKS, SUBJECT, ctx, with_sentence


def slang(body: str, subject: str | None = SUBJECT) -> list[str]:
    return [f.message for f in review(subject, body, ctx()) if f.code == "slang"]


def greeted(greeting: str) -> str:
    return GOOD_THANKS.replace("Hi Priya,", greeting, 1)


def signed(sign_off: str) -> str:
    return GOOD_THANKS.replace("Best regards,\nAlex Chen", sign_off)


GREETINGS = [
    ("Hey Priya,", "Hey"), ("hey priya,", "hey"), ("Hey there!", "Hey"), ("Hiya Priya,", "Hiya"),
    ("Heya Priya!", "Heya"), ("Yo Priya,", "Yo"), ("Howdy Priya,", "Howdy"), ("Hey,", "Hey"),
]


@pytest.mark.parametrize("greeting, word", GREETINGS)
def test_an_over_familiar_greeting_is_slang(greeting, word):
    findings = [f for f in review(SUBJECT, greeted(greeting), ctx()) if f.code == "slang"]
    assert [f.message for f in findings] == [f"over-familiar greeting: '{word}'"]
    assert findings[0].severity == "warning" and "Hi" in findings[0].suggestion
    # the greeting is still the greeting: 'Yo Priya' does not greet someone called 'Yo Priya'
    assert "wrong-name" not in {f.code for f in review(SUBJECT, greeted(greeting), ctx())}


WORDS = [
    ("Thanks a bunch, mate.", "Thanks a bunch, mate"),
    ("Cheers mate!", "Cheers mate"),
    ("Thanks buddy.", "Thanks buddy"),
    ("Thank you so much, pal.", "Thank you so much, pal"),
    ("Talk soon, hun.", ", hun"),
    ("Thanks, love.", "Thanks, love"),
    ("Thanks man!", "Thanks man"),
    ("Hey, one more thing: the runbook is attached.", "Hey"),
    ("I would luv to hear more.", "luv"),
    ("xoxo", "xoxo"),
    ("Thx for the tour.", "Thx"),
    ("I'm gonna send the deck.", "gonna"),
    ("I wanna hear more.", "wanna"),
    ("It was great to meet u.", "u"),
    ("Thank u for the tour.", "u"),
    ("Thank U for the tour.", "U"),
    ("I can send ur team the deck.", "ur"),
    ("Will u share the slides?", "u"),
    ("ty for the tour.", "ty"),
    ("I liked it tho.", "tho"),
    ("Let me know cuz I can start soon.", "cuz"),
    ("I dunno the date yet.", "dunno"),
    ("See y'all next week.", "y'all"),
]


@pytest.mark.parametrize("sentence, quoted", WORDS)
def test_over_familiar_words_are_slang(sentence, quoted):
    messages = slang(with_sentence(sentence))
    assert len(messages) == 1 and messages[0].endswith(f": '{quoted}'"), messages


SIGN_OFFS = [
    ("Love,\nAlex", "Love,"), ("Love, Alex", "Love, Alex"), ("Lots of love,\nAlex", "Lots of love,"),
    ("Hugs,\nAlex", "Hugs,"), ("Best,\nAlex\nx", "x"), ("Cheers mate,\nAlex", "Cheers mate"),
    ("Ta,\nAlex", "Ta,"), ("Luv,\nAlex", "Luv"), ("Love,\r\nAlex", "Love,"),
]


@pytest.mark.parametrize("sign_off, quoted", SIGN_OFFS)
def test_a_sign_off_for_friends_is_slang(sign_off, quoted):
    assert [m.split(": ", 1)[1] for m in slang(signed(sign_off))] == [f"'{quoted}'"]


LOOK_ALIKES = [
    "We grew the U.S. business by a third.",
    "I studied at U of T and worked in the U.K. office.",
    "I would love to see U of T's lab.",
    "Section U of the form is done, and I saw U2 live.",
    "The u-boat museum and /u/alex are mine.",
    "We discussed section 5(u) of the rule.",
    'I led the "Hey Tracker" launch.',
    '"Hey" was the name of the campaign.',
    "\u201cHey Priya\u201d was the name of our chat bot.",
    "I worked on the Hey email app.",
    "HEY is the email app I built.",
    "Hey Google support was my first project.",
    "Tho Nguyen and Ty Burrell send their regards.",
    "I want to thank Ty for the tour.",
    "My teammate and I shipped it; he is a great man.",
    "It was checkmate, and I love the team.",
    "Thank you, Manuel, and thanks to the man who built it.",
    "My mate Sam referred me.",
    "I met Yo-Yo Ma once.",
    "Thanks, Hon. Smith, for chairing.",
    "You guys were great.",
]


@pytest.mark.parametrize("sentence", LOOK_ALIKES)
def test_look_alikes_are_not_slang(sentence):
    assert slang(with_sentence(sentence)) == []


@pytest.mark.parametrize("sign_off", ["Best regards,\nAlex Chen", "Cheers,\nAlex", "Warmly,\nAlex",
                                      "Thanks so much,\nAlex", "With gratitude,\nAlex"])
def test_ordinary_sign_offs_are_not_slang(sign_off):
    assert slang(signed(sign_off)) == []


def test_slang_is_not_also_a_typo():
    findings = review(SUBJECT, with_sentence("Thanks, fam. I would luv to hear more, bro."), ctx())
    assert {f.code for f in findings} - {"hedging"} == {"slang"}, [(f.code, f.message) for f in findings]


def test_the_quick_word_test_never_hides_a_match(monkeypatch):
    """Each pattern's `needs` words only skip texts it cannot match."""
    from afterview.reviewer.rules import phrases

    bodies = ([greeted(g) for g, _ in GREETINGS] + [with_sentence(s) for s, _ in WORDS] +
              [signed(s) for s, _ in SIGN_OFFS] + [with_sentence(s) for s in LOOK_ALIKES])

    def run():
        return [[(f.code, f.start, f.end) for f in review(SUBJECT, body, ctx())] for body in bodies]

    with_filter = run()
    monkeypatch.setattr(phrases, "PREFILTER", False)
    assert run() == with_filter


def test_a_note_with_crlf_line_breaks_gets_the_findings_of_the_same_note_with_lf():
    from dataclasses import replace

    from tests.reviewer.quality import load_cases

    for case in load_cases():
        context = replace(case.context, siblings=[s.replace("\n", "\r\n") for s in case.context.siblings])
        lf = [(f.code, f.message) for f in review(case.subject, case.body, case.context)]
        crlf = [(f.code, f.message) for f in review(case.subject, case.body.replace("\n", "\r\n"), context)]
        assert crlf == lf, case.file


@pytest.mark.parametrize("closing", ["With best regards,", "Sincerely yours,"])
def test_formal_closings_end_the_body(closing):
    """'With best regards,' (a formal card's closing) and 'Sincerely yours,' end the body: the
    signature after them is not reviewed as body text (found by a helper drafting US closings)."""
    from afterview.reviewer.text import SIGN_OFF

    assert SIGN_OFF.match(closing)
