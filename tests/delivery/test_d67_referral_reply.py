"""A word from someone found only by the company of a process (the friend who referred you, on
no panel, who never told you a decision) is not the employer answering: it stops none of the
process's status follow-ups, and `replies add` says so with the command that files it there
(docs/playbook.md, stop_on_reply). Named with --opportunity, it counts."""

from tests.helpers import completed

AT = {"AFTERVIEW_AT": "2026-12-01T09:00:00+00:00"}


def cli(db, *args):
    done = completed("--db", str(db), *args, env=AT)
    assert done.returncode == 0 and "Traceback" not in done.stderr, (done.stdout, done.stderr)
    return done.stdout


def referred(tmp_path):
    db = tmp_path / "afterview.db"
    cli(db, "opportunity", "add", "--company", "Acme", "--role", "Data Engineer", "--source", "referral")
    cli(db, "person", "add", "Rae Hart", "--company", "Acme", "--email", "rae@acme.test")
    cli(db, "person", "add", "Ben Pal", "--company", "Acme", "--notes", "friend who referred me")
    cli(db, "interview", "add", "--opportunity", "1", "--start", "2026-11-30 10:00", "--with", "Rae Hart:recruiter")
    return db


def test_a_friend_at_the_company_stops_no_follow_up_and_is_told_how_to_make_it_count(tmp_path):
    db = referred(tmp_path)
    said = cli(db, "replies", "add", "Ben", "--says", "Heard it went well, fingers crossed!")
    assert "follow-ups stop" not in said, said
    assert ("Ben Pal is not one of the people of opportunity 1 (Data Engineer at Acme), only at Acme: this "
            "process's status follow-ups go on; if the reply is the employer's answer, file it there: "
            "afterview replies move 1 --person 2 --opportunity 1") in said, said
    assert cli(db, "why", "status_check.1:o1:i1:p1").startswith("status_check.1:o1:i1:p1: planned")
    # filed there, it counts
    cli(db, "replies", "move", "1", "--person", "2", "--opportunity", "1")
    assert "not planned" in cli(db, "why", "status_check.1:o1:i1:p1")


def test_named_with_its_opportunity_it_counts(tmp_path):
    db = referred(tmp_path)
    said = cli(db, "replies", "add", "Ben", "--opportunity", "1", "--says", "Heard it went well")
    assert "this process's pending status follow-ups stop" in said, said


def test_one_of_its_panel_still_stops_them(tmp_path):
    db = referred(tmp_path)
    said = cli(db, "replies", "add", "Rae", "--says", "Thanks, we will be in touch")
    assert "this process's pending status follow-ups stop" in said, said
