"""A reply read by `sync` (and the worker) from the real Dovecot that speaks of when they will
tell, with no date to read, later in its text than its first words: the hint to give the date
they named is said all the same, read from the reply's whole new text (not its quoted history nor
its signature), and the reply's summary keeps no more of it than before: the sentence that says
when, in place of its first words."""

from afterview.delivery.replies import timing_said
from afterview.domain.model import ReplyClass
from afterview.services import delivery
from tests.delivery.conftest import NOW, account_for
from tests.delivery.test_crash import run_cli, write_config
from tests.delivery.test_inbound_realworld_sync import THANKS, mail_from, pipeline, recorded  # noqa: F401
from tests.delivery.test_reply_decision_date_sync import acme_round

PARAGRAPH = ("Thank you for your note, and for your patience with us. The whole panel enjoyed meeting you, and "
             "your questions about the streaming migration started a good discussion in the team afterwards. We "
             "are still meeting two more people this week.")
OPENING = f"Hi Alice,\n\n{PARAGRAPH}\n\n"
WHEN = "We will get back to you in a couple of weeks."
SIGNED = "\n\nBest,\nJordan\n\n-- \nJordan Lee | Recruiting, Acme Corp\n"
QUOTED = ("\nOn Wed, Nov 18, 2026 at 9:00 AM Alice Seeker <alice@example.test> wrote:\n"
          "> Thank you again for the interview.\n")


def deliver(mail, acme, text: str, n: str) -> None:
    mail.deliver_to_inbox("alice", mail_from(
        "Jordan Lee <jordan.lee@acme.example>", f"Re: {THANKS}", text, n,
        headers=f"In-Reply-To: <ty-{acme['person']}@example.test>\n"))


def hint(reply_id: int, store, acme) -> str:
    return (f"reply {reply_id}: no date could be read from their words; if they gave one: afterview debrief "
            f"{acme_round(store, acme)} --person {acme['person']} --decision-date DATE")


def test_sync_says_the_hint_for_timing_said_after_the_replys_first_words(mail, store, pipeline, afterview_home,
                                                                         tmp_path):
    acme = pipeline["Acme Corp"]
    write_config(afterview_home, mail)
    assert not timing_said(" ".join(OPENING.split())[:160])  # its first words say nothing of when
    deliver(mail, acme, OPENING + WHEN + SIGNED + QUOTED, "timing-1")
    synced = run_cli(tmp_path / "afterview.db", "sync")
    assert synced.returncode == 0, synced.stderr
    [reply] = recorded(store)
    assert reply.classification == ReplyClass.OTHER
    assert f"  {hint(reply.id, store, acme)}" in synced.stdout.splitlines(), synced.stdout
    # no more of the mail is kept than before: the sentence that says when, not its first words
    assert reply.summary == f"other: {WHEN}"
    assert f"from jordan.lee@acme.example: other: {WHEN}" in synced.stdout


def test_the_worker_says_it_for_a_reply_to_review_whose_timing_comes_after_its_word_of_regret(mail, store, pipeline,
                                                                                             monkeypatch):
    acme = pipeline["Acme Corp"]
    regret = "Unfortunately our hiring manager is travelling this month, so things move slower than we hoped."
    deliver(mail, acme, f"Hi Alice,\n\n{regret}\n\n{PARAGRAPH}\n\n{WHEN}{SIGNED}{QUOTED}",
            "timing-2")
    monkeypatch.setenv("AV_TEST_PASSWORD", mail.users["alice"].password)
    said: list[str] = []
    delivery.read_first(store, now=NOW, accounts={"test": account_for(mail)}, say=said.append)
    [reply] = recorded(store)
    assert reply.classification == ReplyClass.NEEDS_REVIEW
    assert hint(reply.id, store, acme) in said, said
    assert reply.summary == f"needs_review: a word of regret without a decision: {regret}; {WHEN}"
    assert len(reply.summary) <= 300


def test_timing_only_in_the_quoted_history_or_the_signature_says_nothing(mail, store, pipeline, afterview_home,
                                                                       tmp_path):
    acme = pipeline["Acme Corp"]
    write_config(afterview_home, mail)
    deliver(mail, acme, "Hi Alice,\n\nthanks, good to hear from you!\n\nBest,\nJordan\n\n-- \nJordan Lee | Acme "
                        "Recruiting\nWe will get back to every candidate within a few weeks.\n"
                        "\nOn Wed, Nov 18, 2026 at 9:00 AM Alice Seeker <alice@example.test> wrote:\n"
                        "> Thank you.\n>\n> On Tue, Nov 17, 2026 Jordan Lee wrote:\n> > " + WHEN + "\n", "timing-3")
    synced = run_cli(tmp_path / "afterview.db", "sync")
    assert synced.returncode == 0, synced.stderr
    [reply] = recorded(store)
    assert "no date could be read" not in synced.stdout, synced.stdout
    assert "couple of weeks" not in reply.summary and "few weeks" not in reply.summary


# --- what is timing ----------------------------------------------------------------------------

def test_a_word_that_begins_like_a_month_or_a_day_is_no_timing():
    # "decision" is no "Dec", "junior" no "Jun", "we may" no May, "we do" no Donnerstag: without
    # them, every reply that speaks of a decision (a word of regret's summary says "without a
    # decision") would ask for a date no one gave
    for words in ("Thank you for your patience while we reach a decision.", "Our junior team will get back to you.",
                  "We may get back to you.", "We do hope to get back to you.",
                  "a word of regret without a decision: Unfortunately Sam is away."):
        assert timing_said(words) == "", words
    for words in ("We will get back to you in May.", "We will get back to you by 5 May.", "We will decide in Dec.",
                  "Wir melden uns am Do, 10.12.", "We will make a decision soon."):
        assert timing_said(words) == words, words


def test_a_long_sentence_is_given_by_its_part_that_says_when():
    sentence = ("Thank you so much for taking the time to speak with our team last week about the Senior Data "
                "Engineer position, we really enjoyed it and we will get back to you within the next couple of weeks "
                "once everyone has had a chance to share their thoughts with the hiring manager.")
    part = timing_said(sentence)
    assert len(part) <= 160 and "we will get back to you within the next couple of weeks" in part
    assert part.startswith("we really") and timing_said(part) == part  # read again from a summary, it still says so
