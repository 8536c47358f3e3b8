"""Findings of a writing-quality tester on `afterview lint` (20 good and 20 faulty notes).

1. Error-level wording rules missed common rephrasings: asking for the decision ("Has the team
   reached a verdict on my candidacy yet?"), arguing with a rejection ("what the person you hired
   has that I don't"), passive-aggressive reminders ("I haven't heard anything since my last two
   emails") and complaints about an employer ("my manager is useless").
2. Words of the debrief were never checked by spelling, so "becuase", "maintaing" and a
   lower-case "i" went out when a note repeated them.
3. Advice: too-short always said "Add the specific topic you discussed."; negative-tone gave a
   positive score as the reason; salary reported one stretch twice; "ngl" and "def" were
   misspellings rather than slang.
4. A role written in capitals by the employer ("Operations Lead (URGENT HIRE)") was shouting.
5. "SO excited" and "if that makes sense?" were let through.
6. The spelling cache left its temporary file behind when the write failed (a full disk).
"""

from __future__ import annotations

import errno
import os

import pytest

from afterview.reviewer import ReviewContext, review
from afterview.reviewer.rules import spelling

from .test_cli import run
from .test_rules import SUBJECT, codes, ctx, with_sentence


def note(sentence: str, kind: str) -> str:
    return (f"Hi Maya,\n\nThank you for your note about the Data Analyst role. {sentence} I hope the "
            "quarter is going well for the team.\n\nBest,\nJordan\n")


def loud(sentence: str, kind: str, **kw) -> set[str]:
    context = ReviewContext(kind=kind, recipient_name="Maya Lindqvist", company="Fabrikam", **kw)
    return {f.code for f in review(None, note(sentence, kind), context) if f.severity != "info"}


# 1. wording rules, by meaning ----------------------------------------------------------------

REPORTED = [
    # the tester's sentences
    ("asks-decision", "status_check", "Has the team reached a verdict on my candidacy yet?"),
    ("asks-decision", "status_check", "I would love to know if an offer is coming my way."),
    ("asks-decision", "status_check", "Should I expect an offer soon?"),
    ("asks-decision", "status_check", "Am I being moved forward to the final round?"),
    ("argues-rejection", "rejection_reply", "Could you tell me what the person you hired has that I don't?"),
    ("argues-rejection", "rejection_reply", "I'd like to understand why the other candidate was preferred."),
    ("argues-rejection", "rejection_reply", "I believe I was the strongest candidate you saw."),
    ("passive-aggressive", "status_check", "Did you get a chance to look at my previous note?"),
    ("passive-aggressive", "status_check", "As I said last week, I'd appreciate an update on the role."),
    ("passive-aggressive", "status_check", "I haven't heard anything since my last two emails."),
    ("passive-aggressive", "status_check", "I know you must be very busy, but a reply would be nice."),
    ("negative-tone", "thank_you",
     "My current employer is a nightmare and my manager is useless, which is why I am leaving."),
    # other wordings of the same meanings, written before the rules were widened
    ("asks-decision", "status_check", "Have you made a decision about my application yet?"),
    ("asks-decision", "status_check", "Could you let me know whether I will be receiving an offer?"),
    ("asks-decision", "status_check", "Will I be invited to the final interview?"),
    ("asks-decision", "status_check", "I'm wondering if I have made it through to the next stage."),
    ("asks-decision", "status_check", "Is an offer likely to come my way?"),
    ("asks-decision", "status_check", "Has a decision been made on my application?"),
    ("argues-rejection", "rejection_reply", "What did the successful applicant offer that I could not?"),
    ("argues-rejection", "rejection_reply", "I'd be curious to know why someone else was chosen over me."),
    ("argues-rejection", "rejection_reply", "I'm confident I was the best fit you interviewed."),
    ("argues-rejection", "rejection_reply", "Could you explain why the other applicant was selected instead?"),
    ("argues-rejection", "rejection_reply", "I am a much better fit than whoever you chose."),
    ("passive-aggressive", "status_check", "Have you had a chance to read my last email?"),
    ("passive-aggressive", "status_check", "I have now emailed you three times without a response."),
    ("passive-aggressive", "status_check", "As I wrote two weeks ago, I remain interested."),
    ("passive-aggressive", "status_check", "I realise you're swamped, but some acknowledgement would help."),
    ("passive-aggressive", "status_check", "This is my third email about the role."),
    ("passive-aggressive", "status_check", "I still haven't heard back since my previous message."),
    ("negative-tone", "thank_you", "My boss is terrible and the company is toxic, so I need to get out."),
    ("negative-tone", "thank_you", "I hate my current job and my team is incompetent."),
    ("negative-tone", "thank_you", "My previous employer was a disaster from start to finish."),
    # and two written while narrowing the rules against near-misses
    ("passive-aggressive", "status_check", "I have sent you two emails and had no answer."),
    ("passive-aggressive", "status_check", "Did you get the last email I sent?"),
]


@pytest.mark.parametrize("code, kind, sentence", REPORTED)
def test_rephrasings_are_found(code, kind, sentence):
    assert code in loud(sentence, kind)


# what a status check, a feedback request or a thank-you legitimately says next to them
CLEAN = [
    ("status_check", "I wanted to check in on the timeline you mentioned."),
    ("status_check", "I know the team is busy with the launch."),
    ("status_check", "I know you are busy, so I will keep this short."),
    ("status_check", "Could you share when you expect to make a decision?"),
    ("status_check", "Is there any update on the timeline for the next stage?"),
    ("status_check", "If I am selected, I can start in May."),
    ("status_check", "Should I be selected, I could start in May."),
    ("status_check", "If an offer is made, I would need two weeks to give notice."),
    ("status_check", "Please let me know if I can send anything else."),
    ("status_check", "Will I be going through the take-home exercise with you?"),
    ("status_check", "An update would be much appreciated."),
    ("rejection_reply", "I'd welcome any feedback on how I could improve."),
    ("rejection_reply", "I understand the team chose a candidate with more retail experience."),
    ("rejection_reply", "I can see why she was chosen, and I wish her well."),
    ("rejection_reply", "Could you share one or two areas I could strengthen for future roles?"),
    ("rejection_reply", "I was the first candidate you saw that morning, so thank you for the coffee."),
    ("rejection_reply", "Thank you for letting me know the decision on my application."),
    ("rejection_reply", "I know the decision must have been a close one."),
    ("thank_you", "As I mentioned in the interview, I led the migration."),
    ("thank_you", "As I said on the call last week, I can start in June."),
    ("thank_you", "Did you get a chance to try the demo I showed?"),
    ("thank_you", "I read your previous article on cold-chain logistics."),
    ("thank_you", "My manager has been a great mentor, and I will miss the team."),
    ("thank_you", "It would be nice to meet the rest of the team."),
    ("thank_you", "Have I considered every edge case? Not yet, but I will."),
    ("thank_you", "As I said last week at the meetup, your talk on Kafka was excellent."),
    ("status_check", "I saw the last message from your scheduler and confirmed the slot."),
    ("status_check", "I received the previous email with the schedule, thank you."),
    ("status_check", "I have sent two emails to the scheduling team about the room."),
    ("status_check", "Will I be meeting the wider team in the final round?"),
    ("status_check", "Could you tell me if the next stage will include a case study?"),
    ("status_check", "If an offer comes my way elsewhere, I will let you know promptly."),
    ("rejection_reply", "I understand why they went with an internal candidate."),
    ("rejection_reply", "I hope whoever you hired enjoys the role."),
    ("thank_you", "My last role was the best job I have had, and I am leaving only to relocate."),
]


@pytest.mark.parametrize("kind, sentence", CLEAN)
def test_near_misses_stay_clean(kind, sentence):
    assert not loud(sentence, kind) & {"asks-decision", "argues-rejection", "passive-aggressive", "negative-tone"}


def test_the_quick_word_filter_never_hides_a_match(monkeypatch):
    """Each phrase skips a text without one of its `needs` words: none of these sentences may be
    found differently without that shortcut."""
    from afterview.reviewer.rules import phrases

    extra = [("status_check", "I have sent you two emails."), ("status_check", "I've called three times.")]
    cases = [(kind, sentence) for _, kind, sentence in REPORTED] + CLEAN + extra

    def run():
        return [sorted((f.code, f.start) for f in review(None, note(s, k), ReviewContext(kind=k))) for k, s in cases]

    with_filter = run()
    monkeypatch.setattr(phrases, "PREFILTER", False)
    assert run() == with_filter


# 2. spelling of what comes from the debrief --------------------------------------------------

def test_lower_case_misspellings_from_the_debrief_are_reported():
    body = with_sentence("I enjoyed maintaing the pipeline becuase it mattered.")
    details = ["maintaing the pipeline becuase of late scans"]
    found = [f for f in review(SUBJECT, body, ctx(details=details)) if f.code == "spelling"]
    assert {body[f.start:f.end] for f in found} == {"maintaing", "becuase"}


def test_names_and_terms_of_the_debrief_are_still_known():
    # written in lower case in the note, as a name (a capital) or a term (mixed case) in the debrief
    body = with_sentence("The flinkster jobs write parquetz files through kafkapipe.")
    details = ["Flinkster jobs", "ParquetZ files", "kafkaPipe"]
    assert "spelling" in codes(body)
    assert "spelling" not in codes(body, details=details)


def test_a_lower_case_i_is_reported_wherever_it_comes_from():
    body = with_sentence("Also i think i'd enjoy the on-call work, i.e. the rota, as i said.")
    found = [f for f in review(SUBJECT, body, ctx(details=["i said so"])) if f.code == "spelling"]
    shown = sorted((body[f.start:f.end], f.suggestion) for f in found)
    assert shown == [("i", "Write 'I'."), ("i'd", "Write 'I'd'.")]
    assert "(2 times)" in next(f.message for f in found if body[f.start:f.end] == "i")


# 3. advice -----------------------------------------------------------------------------------

def test_too_short_says_how_short_and_what_fits_the_kind():
    thanks = "Hi Priya,\n\nThank you for the talk about moving the shipment-tracking pipeline to Kafka.\n\nBest,\nAlex\n"
    finding = next(f for f in review(SUBJECT, thanks, ctx()) if f.code == "too-short")
    assert "14 words" in finding.message and "(66 short)" in finding.message
    assert "moving the shipment-tracking pipeline to Kafka" in finding.suggestion
    assert "about 66 more words" in finding.suggestion
    status = "Hi Priya,\n\nCould you share where the process stands?\n\nBest,\nAlex\n"
    finding = next(f for f in review(None, status, ctx(kind="status_check")) if f.code == "too-short")
    assert "topic" not in finding.suggestion and "timeline" in finding.suggestion
    rejection = "Hi Priya,\n\nThank you for letting me know.\n\nBest,\nAlex\n"
    finding = next(f for f in review(None, rejection, ctx(kind="rejection_reply")) if f.code == "too-short")
    assert "topic" not in finding.suggestion and "future openings" in finding.suggestion


def test_negative_tone_says_what_triggered_it():
    sentence = "My current employer is a nightmare, which is why I need out."
    finding = next(f for f in review(SUBJECT, with_sentence(sentence), ctx()) if f.code == "negative-tone")
    assert "complaint" in finding.message and "nightmare" in finding.message
    assert "sentiment +" not in finding.message
    harsh = "The whole experience was awful, horrible and deeply upsetting."
    finding = next(f for f in review(SUBJECT, with_sentence(harsh), ctx()) if f.code == "negative-tone")
    assert "sentiment -" in finding.message


def test_salary_reports_one_stretch_of_text_once():
    for sentence in ("I appreciated learning about the compensation structure: the 401k match is generous.",
                     "I would expect a salary of $120k."):
        found = [f for f in review(SUBJECT, with_sentence(sentence), ctx()) if f.code == "salary"]
        spans = [(f.start, f.end) for f in found]
        assert spans and all(a[1] <= b[0] for a, b in zip(spans, spans[1:])), [f.message for f in found]


def test_text_speak_is_slang_not_a_misspelling():
    body = with_sentence("It was ngl the best interview, def the team I want.")
    found = [f for f in review(SUBJECT, body, ctx()) if body[f.start:f.end] in ("ngl", "def")]
    assert {f.code for f in found} == {"slang"} and len(found) == 2
    assert next(f for f in found if body[f.start:f.end] == "def").suggestion == "Write 'definitely'."
    assert "slang" not in codes(with_sentence("The DEF team shipped it."))


# 4. the employer's own capitals --------------------------------------------------------------

def test_a_role_in_capitals_is_not_shouting(note_file, capsys):
    role = "Operations Lead (URGENT HIRE)"
    text = (f"Subject: {role} - interview on 2 June\n\nHi Tom,\n\nThank you again for our conversation on "
            f"2 June about the {role} opening. I remain very interested and can start at short notice. "
            "Could you let me know how the process is moving on your side?\n\nBest regards,\nJordan\n")
    code, out, _ = run([note_file(text), "--kind", "status_check", "--to", "Tom Becker", "--company",
                        "Fenwick", "--role", role], capsys)
    assert "all-caps" not in out and code == 0, out
    # shouting of your own still is
    code, out, _ = run([note_file(text.replace("remain very", "remain VERY")), "--kind", "status_check",
                        "--to", "Tom Becker", "--company", "Fenwick", "--role", role], capsys)
    assert out.count("[all-caps]") == 1 and "'VERY'" in out


@pytest.fixture
def note_file(tmp_path):
    def write(text: str) -> str:
        path = tmp_path / "note.txt"
        path.write_text(text, encoding="utf-8")
        return str(path)

    return write


# 5. one shouted word; a hedge on your own clarity ----------------------------------------------

def test_one_word_in_capitals_for_emphasis_is_shouting():
    assert "all-caps" in codes(with_sentence("I am SO excited about the role."))
    assert "all-caps" not in codes(with_sentence("I worked with the SOC team."))


def test_if_that_makes_sense_is_a_hedge():
    found = {f.code for f in review(SUBJECT, with_sentence("My background could fit, if that makes sense?"), ctx())}
    assert "hedging" in found
    plain = with_sentence("I could start with ingestion, if that makes sense for your roadmap.")
    assert "hedging" not in {f.code for f in review(SUBJECT, plain, ctx())}


# 6. the spelling cache leaves no temporary file ----------------------------------------------

@pytest.mark.parametrize("fail", ["replace", "write"])
def test_a_failed_cache_write_leaves_no_temporary_file(tmp_path, monkeypatch, fail):
    target = tmp_path / "cache" / "spelling-0123456789abcdef.marshal"

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    if fail == "replace":
        monkeypatch.setattr(os, "replace", full)
    else:
        real = os.fdopen

        class Full:
            def __init__(self, fd, mode):
                self.file = real(fd, mode)

            def __enter__(self):
                return self

            def __exit__(self, *exc):
                self.file.close()

            def write(self, data):
                self.file.write(data[: len(data) // 2])  # half written, then the disk is full
                self.file.flush()
                full()

        monkeypatch.setattr(os, "fdopen", Full)
    spelling._write_cache(target, b"x" * 400_000)  # a full disk only costs speed: no error
    assert not target.exists()
    assert list((tmp_path / "cache").iterdir()) == []


def test_a_cache_write_that_works_leaves_only_the_cache(tmp_path):
    target = tmp_path / "cache" / "spelling-0123456789abcdef.marshal"
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "spelling-old.marshal").write_bytes(b"old")
    spelling._write_cache(target, b"data")
    assert [p.name for p in (tmp_path / "cache").iterdir()] == [target.name]
    assert target.read_bytes() == b"data"
