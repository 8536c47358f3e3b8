"""The review knows who is around a process: a note about it to a panel member who has since
moved to another company (`recipient-moved`), and a withdrawal from a process whose company's own
offer you accepted, worded as if you were leaving for another employer (`accepted-with-them`)."""

from afterview.reviewer import review
from afterview.reviewer.model import ReviewContext
from tests.helpers import completed

GENERIC = ("Hi Rita,\n\nThank you again for your time and for the conversations about the Data Engineer role. "
           "I wanted to let you know that I have accepted another offer, so I am withdrawing from the process. "
           "It was a pleasure meeting the team at Umbrella, and I would be glad to stay in touch.\n\nBest,\nAlex")


def codes(text, **context):
    return [f.code for f in review("Update on my application", text, ReviewContext(**context))]


def test_a_withdrawal_in_the_words_of_another_offer_is_an_error_when_the_offer_is_theirs():
    ctx = dict(kind="withdrawal", company="Umbrella", role="Data Engineer", recipient_name="Rita Gomez")
    assert "accepted-with-them" in codes(GENERIC, accepted_with_them="Data Scientist", **ctx)
    assert "accepted-with-them" not in codes(GENERIC, **ctx)  # an offer of another company
    said = GENERIC.replace("I have accepted another offer, so I am withdrawing from the process",
                           "now that I have accepted the Data Scientist role with you, I am withdrawing from the "
                           "Data Engineer process")
    assert "accepted-with-them" not in codes(said, accepted_with_them="Data Scientist", **ctx)


def test_a_note_about_the_process_to_someone_who_moved_is_a_warning():
    text = ("Hi Hank,\n\nThank you for the conversation about the Data Engineer role today. I am genuinely keen "
            "to join your team at Acme.\n\nBest,\nAlex")
    ctx = dict(kind="thank_you", company="Acme", role="Data Engineer", recipient_name="Hank Lee")
    found = [f for f in review("Thank you", text, ReviewContext(recipient_moved_to="Contoso", **ctx))
             if f.code == "recipient-moved"]
    assert found and found[0].severity == "warning"
    assert found[0].message.startswith("Hank Lee works at Contoso now, not at Acme"), found[0].message
    assert "recipient-moved" not in codes(text, **ctx)
    assert "recipient-moved" not in codes(text, recipient_moved_to="Contoso", sent_already=True, **ctx)


def cli(*args):
    done = completed(*args, env={"AFTERVIEW_AT": "2026-11-20T16:00:00+00:00"})
    assert "Traceback" not in done.stderr, done.stderr
    return done


def test_a_stored_thank_you_to_a_hiring_manager_who_moved_is_flagged(tmp_path):
    db = ("--db", str(tmp_path / "afterview.db"))
    cli(*db, "profile", "set", "--name", "Alex Morgan")
    cli(*db, "opportunity", "add", "--company", "Acme", "--role", "Data Engineer")
    cli(*db, "person", "add", "Hank Lee", "--company", "Acme", "--email", "hank@acme.test")
    cli(*db, "person", "add", "Rae Hart", "--company", "Hays", "--email", "rae@hays.test")
    cli(*db, "interview", "add", "--opportunity", "1", "--start", "2026-11-20 10:00",
        "--with", "Hank Lee:hiring_manager", "--with", "Rae Hart:recruiter")
    cli(*db, "draft", "thank_you:i1:p1")
    assert "recipient-moved" not in cli(*db, "lint", "--draft", "1").stdout
    cli(*db, "person", "edit", "Hank", "--company", "Contoso")
    assert "Hank Lee works at Contoso now, not at Acme" in cli(*db, "lint", "--draft", "1").stdout
    # an agency's recruiter works elsewhere by trade: nothing said
    assert cli(*db, "draft", "thank_you:i1:p2").returncode == 0
    linted = cli(*db, "lint", "--draft", "2")
    assert linted.stdout and "recipient-moved" not in linted.stdout, linted.stdout
