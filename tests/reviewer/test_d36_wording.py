"""The reviewer's words as a job seeker reads them: no doubled full stop after a name, shorthand in
a subject, advice a user can follow, and another panel member addressed in a text linted alone."""

from __future__ import annotations

import pytest

from afterview.reviewer import ReviewContext, review

BODY = "Hi Priya,\n\nThank you for the conversation about moving batch jobs to Kafka.\n\nBest,\nAlex"


def _found(subject, body, code, **context):
    return [f for f in review(subject, body, ReviewContext(**context)) if f.code == code]


# -- 1. a name that ends with a full stop ends the advice's sentence once ---------------------

def test_wrong_company_advice_about_an_offer_does_not_double_the_full_stop():
    body = ("Hi Priya,\n\nThank you for the interview. Brisk Analytics has offered me a role, so I "
            "would love to hear about your timeline.\n\nBest,\nAlex")
    [finding] = _found(None, body, "wrong-company", company="Fabrikam, Inc.", other_companies=["Brisk Analytics"])
    assert finding.suggestion == "Leave the other company out of a note to Fabrikam, Inc."
    assert ".." not in finding.suggestion


def test_no_finding_doubles_a_full_stop_after_a_name_that_ends_with_one():
    body = ("Hi Tom,\n\nThank you for the interview at Globex. Brisk Analytics has offered me a role. "
            "Thanks again, Dana.\n\nBest,\nAlex")
    findings = review("Thank you - Globex Data Engineer interview", body, ReviewContext(
        kind="thank_you", recipient_name="Priya Raman Jr.", company="Fabrikam, Inc.",
        other_companies=["Globex Corp.", "Brisk Analytics"], other_people=["Dana Smith Jr."],
        former_company_names=["Fabrikam Labs Inc."]))
    assert findings
    for finding in findings:
        assert ".." not in finding.message and ".." not in (finding.suggestion or ""), finding


def test_wrong_company_in_the_subject_gives_advice_without_a_company():
    [finding] = _found("Thank you - Globex interview", BODY, "wrong-company", other_companies=["Globex"])
    assert finding.field == "subject"
    assert finding.suggestion == "Check which company this note is for."


# -- 2. shorthand in a subject ----------------------------------------------------------------

@pytest.mark.parametrize("subject, meant", [
    ("thx for today", "thanks for today"),
    ("Thx!", "thanks"),
    ("ty for your time", "thank you for your time"),
    ("Ty for your time", "thank you for your time"),
    ("TY", "thank you"),
    ("Thx 4 today", "thanks for today"),
    ("f/u", "follow up"),
])
def test_a_generic_subject_in_shorthand_is_generic(subject, meant):
    [finding] = _found(subject, BODY, "subject", kind="thank_you")
    assert finding.message == f"generic subject {subject!r} ({meant!r}, in shorthand)"


@pytest.mark.parametrize("subject, word, fix", [
    ("Ty for your time", "Ty", "Write 'thank you'."),
    ("TY so much", "TY", "Write 'thank you'."),
    ("f/u on my interview", "f/u", "Write 'follow-up'."),
    ("thx for today", "thx", "Write 'thanks'."),
])
def test_shorthand_in_a_subject_is_text_speak(subject, word, fix):
    [finding] = [f for f in _found(subject, BODY, "slang", kind="thank_you") if f.field == "subject"]
    assert finding.message == f"text speak: '{word}'" and finding.suggestion == fix


def test_ty_as_a_name_is_not_text_speak():
    body = "Hi Priya,\n\nPlease thank Ty for the tour of the office.\n\nBest,\nAlex"
    assert _found("Thank you - Data Engineer interview", body, "slang", kind="thank_you") == []
    assert _found("Thank you - Data Engineer interview", BODY, "subject", kind="thank_you") == []


# -- 3. advice a job seeker can follow --------------------------------------------------------

@pytest.mark.parametrize("kind, name", [
    ("thank_you", "a thank-you"), ("linkedin_note", "a LinkedIn note"), ("closing_the_loop", "a note closing the loop"),
    ("keep_warm", "a keep-in-touch note"),
])
def test_length_findings_name_the_kind_as_people_say_it(kind, name):
    [finding] = _found(None, "Hi Priya,\n\nThanks.\n\nBest,\nAlex" if kind != "linkedin_note" else "Hi.", "too-short",
                       kind=kind)
    assert f" {name} reads best at " in finding.message


def test_text_speak_is_written_out_as_its_words_or_deleted():
    body = "Hi Priya,\n\nlol I am gonna send it tmrw, thx. Yeah, dude.\n\nBest,\nAlex"
    fixes = {f.message: f.suggestion for f in _found(None, body, "slang")}
    assert fixes["text speak: 'lol'"] == "Delete it."  # never 'laughing out loud'
    assert fixes["slang: 'gonna'"] == "Write 'going to'."
    assert fixes["text speak: 'tmrw'"] == "Write 'tomorrow'."
    assert fixes["text speak: 'thx'"] == "Write 'thanks'."
    assert fixes["slang: 'dude'"] == "Delete it."


def test_an_exclamation_mark_in_a_subject_is_not_replaced_with_a_full_stop():
    [finding] = _found("Thank you - Data Engineer interview!", BODY, "exclamation")
    assert finding.suggestion == "Leave it out of the subject line."
    [body] = _found(None, BODY.replace("Kafka.", "Kafka!!"), "exclamation")
    assert body.suggestion == "Use a full stop."


def test_a_missing_attachment_is_not_fixed_by_attaching_a_file_afterview_cannot_send():
    body = "Hi Priya,\n\nPlease find attached my write-up on schema evolution.\n\nBest,\nAlex"
    [finding] = _found(None, body, "attachment", attachments=[])
    assert finding.suggestion.startswith("Give a link instead and take out the sentence")
    assert not finding.suggestion.startswith("Attach")


def test_a_near_duplicate_names_the_other_note_by_its_greeting_not_by_a_number():
    sibling = ("Hi Tom,\n\nThank you for the conversation about moving nightly batch jobs to streaming with "
               "Kafka and about how the team runs incident reviews.\n\nBest,\nAlex")
    body = sibling.replace("Hi Tom", "Hi Priya")
    [finding] = _found(None, body, "near-duplicate", recipient_name="Priya Raman", siblings=[sibling])
    assert finding.message == "100% the same as your note to Tom, another member of this interview loop"
    [unnamed] = _found(None, body, "near-duplicate", recipient_name="Priya Raman",
                       siblings=[sibling.replace("Hi Tom,\n\n", "")])
    assert "#" not in unnamed.message


# -- 4. another panel member addressed, in a text linted without a database -------------------

PANEL = ("Hi Priya,\n\nI enjoyed meeting you and Dana yesterday; our talk about moving batch jobs to Kafka "
         "stayed with me.\n\nThanks again, Dana.\n\nBest,\nAlex")


def test_a_panel_member_the_text_names_beside_the_reader_and_then_addresses_is_reported():
    [finding] = _found(None, PANEL, "wrong-name", recipient_name="Priya Raman")
    assert finding.message == ("the body addresses 'Dana', whom it names beside the reader ('you and Dana'), "
                               "but this note is to Priya Raman")
    assert PANEL[finding.start:finding.end] == "Dana" and finding.start > PANEL.index("Thanks again")
    assert finding.suggestion == "Address Priya here, or leave the name out."


def test_without_a_recipient_the_greeting_says_who_the_note_is_to():
    [finding] = _found(None, PANEL, "wrong-name")
    assert finding.message.endswith("but the note greets Priya")


@pytest.mark.parametrize("body", [
    PANEL.replace("Hi Priya,", "Hi Priya and Dana,"),  # a note to both
    PANEL.replace("Thanks again, Dana.", "Please thank Dana for the tour."),  # a mention
    PANEL.replace("you and Dana", "you and the team").replace("Thanks again, Dana.", "Thanks again, Priya."),
    "Hi Priya,\n\nYou and I agreed on the plan. Thanks again, Priya.\n\nBest,\nAlex",
])
def test_no_false_alarm_for_people_named_beside_the_reader(body):
    assert _found(None, body, "wrong-name", recipient_name="Priya Raman") == []


@pytest.mark.parametrize("said", ["Dana and you", "you, Tom and Dana", "both you and Dana"])
def test_the_panel_is_read_in_each_order(said):
    body = PANEL.replace("you and Dana", said)
    [finding] = _found(None, body, "wrong-name", recipient_name="Priya Raman")
    assert "'Dana'" in finding.message


def test_the_lint_command_catches_it_without_a_database(tmp_path, capsys):
    from afterview.interfaces.cli.main import main

    note = tmp_path / "note.txt"
    note.write_text("Subject: Thank you - Data Engineer interview\n\n" + PANEL, encoding="utf-8")
    with pytest.raises(SystemExit) as done:
        main(["lint", str(note), "--to", "Priya Raman"])
    out = capsys.readouterr().out
    assert done.value.code == 1, out
    assert "the body addresses 'Dana'" in out and "[wrong-name]" in out


def test_findings_in_the_body_after_a_greeting_point_at_their_words():
    body = ("Hi Priya,\n\nPlease find attached my write-up. I look forward to the ML Platform Lead role.\n\n"
            "Thanks again, Dana.\n\nBest,\nAlex")
    findings = review(None, body, ReviewContext(attachments=[], role="Data Engineer", recipient_name="Priya Raman",
                                                other_people=["Dana Smith"]))
    spans = {f.code: body[f.start:f.end] for f in findings}
    assert spans["attachment"] == "Please find attached"
    assert spans["wrong-role"] == "ML Platform Lead"
    assert spans["wrong-name"] == "Dana"
