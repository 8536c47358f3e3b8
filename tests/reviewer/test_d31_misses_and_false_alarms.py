"""A tester's 61 notes: what the linter missed (another panel member addressed in the body, another
role, an attachment said but not carried, a complaint about the current employer, British and
American spellings mixed, the pipeline's companies read by `lint FILE`) and its false alarms
('lookups' -> 'hookups', a recruiter's short thank-you, shorthand given a wrong word, one topic
given two reasons)."""

from __future__ import annotations

import json

import pytest

from afterview.reviewer import ReviewContext, review
from tests.helpers import afterview

CONTEXT = dict(kind="thank_you", recipient_name="Maria Chen", company="Lumen Robotics Inc.",
               role="Staff Machine Learning Engineer")
TOPIC = ("Your questions about how the perception team moves models from research notebooks into the "
         "production fleet were the highlight of the day, and I have been thinking about the hand-off "
         "since. In my last role I built the model registry and rollout process that cut our release "
         "cycle from six weeks to five days, and I would bring that experience to the team.")


def _codes(body: str, subject: str | None = "Thank you - Staff Machine Learning Engineer interview",
           to: str = "Maria", **extra) -> dict[str, list]:
    found: dict[str, list] = {}
    text = f"Hi {to},\n\n{body}\n\nBest,\nSam Okafor"
    for finding in review(subject, text, ReviewContext(**{**CONTEXT, **extra})):
        found.setdefault(finding.code, []).append(finding)
    return found


# -- 2. another person of the process addressed in the body -----------------------------------
PANEL = ["Dev Patel|", "Aisha Rahman|", "Rafael Ortiz|"]


@pytest.mark.parametrize("sentence", [
    "Looking forward to it, Dev.",
    "Thanks again, Dev. I look forward to hearing about the next steps.",
    "Dev, I really appreciated how you explained the latency budget.",
    "It was great to meet you, Aisha, and to hear about the fleet.",
])
def test_another_panel_member_addressed_in_the_body_is_wrong_name(sentence):
    found = _codes(f"{TOPIC} {sentence}", other_people=PANEL)
    assert "wrong-name" in found, found
    assert "Maria Chen" in found["wrong-name"][0].message


@pytest.mark.parametrize("sentence", [
    "As Dev explained, the latency budget is tight.",
    "Please thank Rafael too.",
    "Hannah mentioned the vendor QA scoring.",
    "Thanks again, Maria.",
])
def test_a_mention_or_the_recipient_is_not_wrong_name(sentence):
    assert "wrong-name" not in _codes(f"{TOPIC} {sentence}", other_people=PANEL + ["Hannah Lindqvist|"])


# -- 3. wrong-role and attachment -------------------------------------------------------------
def test_your_own_news_in_a_keep_warm_note_is_not_wrong_role():
    found = _codes("I wanted to share that I joined Globex as ML Platform Lead last month, and I thought of "
                   "our talk about the fleet.", subject="News", kind="keep_warm", other_roles=["ML Platform Lead"],
                   news=["Joined Globex as ML Platform Lead"])
    assert "wrong-role" not in found, found


def test_your_other_role_at_this_company_is_not_wrong_role():
    found = _codes(f"{TOPIC} I look forward to the Perception Engineer role.", kind="rejection_reply",
                   company_roles=["Perception Engineer"])
    assert "wrong-role" not in found, found


def test_a_role_of_another_opportunity_is_an_error():
    found = _codes(f"Thank you for meeting me about the ML Platform Lead role. {TOPIC}",
                   other_roles=["ML Platform Lead"])
    assert [f.severity for f in found["wrong-role"]] == ["error"], found


def test_another_role_that_is_this_role_shortened_is_not_named_wrong():
    found = _codes(f"Thank you for meeting me about the Machine Learning Engineer role. {TOPIC}",
                   other_roles=["Machine Learning Engineer"])
    assert "wrong-role" not in found, found


def test_a_title_that_is_not_the_role_is_a_warning_in_subject_and_body():
    found = _codes(f"Thank you for meeting me about the ML Platform Lead role. {TOPIC}",
                   subject="Thank you - ML Platform Lead interview")
    assert {(f.field, f.severity) for f in found["wrong-role"]} == {("subject", "warning"), ("body", "warning")}


def test_subject_and_body_naming_different_roles_without_a_role_known():
    found = _codes(f"Thank you for meeting me about the ML Platform Lead role. {TOPIC}", role="")
    assert "wrong-role" in found and "subject" in found["wrong-role"][0].message, found


@pytest.mark.parametrize("sentence", [
    "Thank you for meeting me about the Staff ML Engineer role.",
    "Thank you for meeting me about the Machine Learning Engineer position.",
    "Thank you for my Tuesday interview and the Lumen Robotics interview day.",
])
def test_the_role_shortened_or_no_title_is_not_wrong_role(sentence):
    assert "wrong-role" not in _codes(f"{sentence} {TOPIC}")


@pytest.mark.parametrize("sentence", [
    "Please find attached my portfolio and the paper I mentioned.",
    "I have attached the paper on active learning.",
    "I've attached my references.",
])
def test_an_attachment_said_but_not_carried(sentence):
    carries_none = _codes(f"{TOPIC} {sentence}", attachments=[])
    assert [f.severity for f in carries_none["attachment"]] == ["warning"], carries_none
    assert "attachment" not in _codes(f"{TOPIC} {sentence}")  # a pasted text: what it carries is not known
    assert "attachment" not in _codes(f"{TOPIC} {sentence}", attachments=["portfolio.pdf"])


def test_attached_in_another_sense_is_no_attachment():
    assert "attachment" not in _codes(f"{TOPIC} I am attached to the team's blameless format.", attachments=[])


def test_a_linkedin_note_saying_attached_is_a_warning():
    found = _codes("Thank you for the talk on the fleet. I've attached my write-up.", subject=None,
                   kind="linkedin_note", channel="linkedin")
    assert [f.severity for f in found["attachment"]] == ["warning"], found


def test_a_stored_draft_s_attachments_reach_the_review():
    from afterview.domain.model import Company, Facts, Message, MessageKind, Opportunity, Person
    from afterview.reviewer.context import context_for_message

    facts = Facts(companies={1: Company(id=1, name="Lumen Robotics"), 2: Company(id=2, name="Brightwave Health")},
                  opportunities={1: Opportunity(id=1, company_id=1, role="Staff Machine Learning Engineer"),
                                 2: Opportunity(id=2, company_id=2, role="ML Platform Lead")},
                  people={1: Person(id=1, name="Maria Chen", company_id=1), 2: Person(id=2, name="Dev Patel", company_id=1)})
    message = Message(id=1, kind=MessageKind.THANK_YOU, person_id=1, opportunity_id=1, subject="s", body="b")
    facts.opportunities[3] = Opportunity(id=3, company_id=1, role="Perception Engineer")
    context = context_for_message(facts, message)
    assert context.attachments == [] and context.other_roles == ["ML Platform Lead"]
    assert context.company_roles == ["Perception Engineer"]
    assert context.other_people == ["Dev Patel|"]


# -- 4. complaints about the current employer -------------------------------------------------
@pytest.mark.parametrize("sentence", [
    "After three years of incompetent leadership at my current company, I am ready for a team that "
    "actually knows what it is doing.",
    "Unlike my current employer, your team seems to actually care about quality.",
    "I cannot wait to leave my toxic workplace.",
])
def test_a_complaint_about_the_current_employer_is_negative_tone(sentence):
    assert "negative-tone" in _codes(f"{TOPIC} {sentence}")


def test_the_current_company_named_kindly_is_not_negative():
    assert "negative-tone" not in _codes(f"{TOPIC} At my current company I led the team that built it.")


# -- 5. British and American spellings in one note --------------------------------------------
def test_british_and_american_spellings_mixed_once_per_note_naming_both():
    found = _codes("I realize the team is prioritizing color calibration, and I have organised similar "
                   f"work. {TOPIC} I look forward to learning about the team's behaviour and behavior.")
    assert len(found["spelling-mix"]) == 1, found
    message = found["spelling-mix"][0].message
    assert "'organised'" in message and "'realize'" in message and "'behaviour'" in message
    assert "'behavior'" in message


@pytest.mark.parametrize("body", [
    "I realise the team is prioritising colour calibration, and I would be glad to advise on it.",
    "I realize the team is prioritizing color calibration, and I would be glad to advise on it.",
    "I visited the Colour Labs office, and I realize how much the team has grown.",
])
def test_one_spelling_throughout_is_not_mixed(body):
    assert "spelling-mix" not in _codes(f"{body} {TOPIC}")


# -- 6. false alarms ---------------------------------------------------------------------------
def test_lookups_is_a_word_and_no_rude_word_is_suggested():
    from afterview.reviewer.rules.spelling import suggest

    assert "spelling" not in _codes(f"{TOPIC} I moved feature lookups into a shared cache.")
    assert suggest("hookupz") != "hookups"


@pytest.mark.parametrize("word", ["sched", "migr", "mgmt"])
def test_shorthand_is_said_to_be_shorthand_not_given_a_wrong_word(word):
    found = _codes(f"{TOPIC} We talked about the GPU {word} for the fleet.")
    [finding] = found["spelling"]
    assert "shorthand" in finding.message and "Did you mean" not in (finding.suggestion or ""), finding


def test_a_typo_still_gets_its_suggestion():
    [finding] = _codes(f"{TOPIC} I enjoyed the convresation.")["spelling"]
    assert "'conversation'" in finding.suggestion


RECRUITER = ("Thank you for arranging my onsite interviews on Tuesday and for keeping everything on "
             "schedule. It was a pleasure to meet Maria, Dev, Hannah and Rafael, and I came away even more "
             "interested in the Staff Machine Learning Engineer role. Please let me know if there is "
             "anything else you need from me, such as references.\n\nI look forward to hearing about the "
             "next steps.")


def test_a_short_thank_you_to_the_recruiter_for_arranging_is_not_too_short():
    assert "too-short" not in _codes(RECRUITER, to="Grace", recipient_name="Grace Kim")


def test_a_short_thank_you_to_an_interviewer_still_is():
    assert "too-short" in _codes("Thank you for the interview on Tuesday. I enjoyed our talk about the "
                                 "fleet and I look forward to hearing about the next steps.")


# -- 7. one reason for one topic, at draft and at edit time -------------------------------------
def test_a_topic_written_from_your_side_gets_the_reason_the_draft_gives():
    from afterview.composer.context import topic_advice

    topic = "She asked about my dbt testing approach"
    body = f"Our discussion of she asked about my dbt testing approach was the highlight. {TOPIC}"
    [finding] = _codes(body, topics=[topic])["topic-wording"]
    [advice] = topic_advice(topic)
    assert "written from your side ('She')" in advice and advice in finding.message, (advice, finding.message)
    assert "opens with a verb" not in finding.message


def test_a_topic_opening_with_your_own_verb_is_still_reported():
    body = f"Our discussion of I asked about the dbt tests was the highlight. {TOPIC}"
    [finding] = _codes(body, topics=["I asked about the dbt tests"])["topic-wording"]
    assert "opens with a verb ('I asked')" in finding.message


# -- 1. lint FILE reads the pipeline's other companies, roles and people ----------------------
NOTE = ("Subject: Thank you - Staff Machine Learning Engineer interview\n\nHi Maria,\n\n" + TOPIC +
        " I also enjoyed hearing how Brightwave Health handles this, and the ML Platform Lead role. "
        "Looking forward to it, Dev.\n\nBest,\nSam Okafor\n")


def _pipeline():
    for args in (("opportunity", "add", "--company", "Lumen Robotics Inc.", "--role", "Staff Machine Learning Engineer"),
                 ("opportunity", "add", "--company", "Brightwave Health", "--role", "ML Platform Lead"),
                 ("person", "add", "Maria Chen", "--company", "Lumen Robotics Inc."),
                 ("person", "add", "Dev Patel", "--company", "Lumen Robotics Inc.")):
        done = afterview(*args)
        assert done.code == 0, done.err


def test_lint_file_reads_the_other_companies_roles_and_people_from_the_database(tmp_path):
    _pipeline()
    note = tmp_path / "note.txt"
    note.write_text(NOTE, encoding="utf-8")
    done = afterview("lint", str(note), "--json", "--kind", "thank_you", "--to", "Maria Chen",
                     "--company", "Lumen Robotics Inc.", "--role", "Staff Machine Learning Engineer")
    codes = [f["code"] for f in json.loads(done.out)["findings"]]
    assert {"wrong-company", "wrong-role", "wrong-name"} <= set(codes), done.out + done.err


def test_lint_file_without_a_database_or_company_reads_nothing(tmp_path):
    note = tmp_path / "note.txt"
    note.write_text(NOTE, encoding="utf-8")
    done = afterview("lint", str(note), "--json", "--kind", "thank_you", "--to", "Maria Chen",
                     "--company", "Lumen Robotics Inc.")
    codes = {f["code"] for f in json.loads(done.out)["findings"]}
    assert not codes & {"wrong-company", "wrong-name"}, done.out + done.err
    given = afterview("lint", str(note), "--json", "--kind", "thank_you", "--to", "Maria Chen",
                      "--company", "Lumen Robotics Inc.", "--other-company", "Brightwave Health",
                      "--other-person", "Dev Patel", "--other-role", "ML Platform Lead")
    codes = {f["code"] for f in json.loads(given.out)["findings"]}
    assert {"wrong-company", "wrong-name", "wrong-role"} <= codes, given.out + given.err


def test_lint_file_stays_clear_of_sqlalchemy_with_a_database(tmp_path):
    import subprocess
    import sys

    _pipeline()
    note = tmp_path / "note.txt"
    note.write_text(NOTE, encoding="utf-8")
    code = ("import sys\nfrom afterview.interfaces.cli.main import main\n"
            "try:\n    main(['lint', sys.argv[1], '--kind', 'thank_you', '--to', 'Maria', "
            "'--company', 'Lumen Robotics Inc.'])\nexcept SystemExit:\n    pass\n"
            "print('SQLALCHEMY' if 'sqlalchemy' in sys.modules else 'LIGHT')")
    done = subprocess.run([sys.executable, "-c", code, str(note)], capture_output=True, text=True)
    assert done.stdout.strip().endswith("LIGHT"), done.stdout + done.stderr
    assert "wrong-company" in done.stdout


def test_an_eml_without_attachments_says_so(tmp_path):
    eml = tmp_path / "note.eml"
    eml.write_text("Subject: Thank you\nTo: Maria Chen <maria@lumen.example>\nContent-Type: text/plain\n\n"
                   f"Hi Maria,\n\n{TOPIC} Please find attached my portfolio.\n\nBest,\nSam\n", encoding="utf-8")
    done = afterview("lint", str(eml), "--json", "--kind", "thank_you")
    found = [f for f in json.loads(done.out)["findings"] if f["code"] == "attachment"]
    assert [f["severity"] for f in found] == ["warning"], done.out
