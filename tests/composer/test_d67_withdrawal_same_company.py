"""A withdrawal to a recruiter of the company whose other role you just accepted says so, in
every tone ("now that I have accepted the Data Scientist role with you"), never "I have accepted
another offer"; and the review passes it."""

import pytest

from tests.helpers import completed

AT = {"AFTERVIEW_AT": "2026-12-01T09:00:00+00:00"}


def cli(db, *args):
    done = completed("--db", str(db), *args, env=AT)
    assert done.returncode == 0 and "Traceback" not in done.stderr, (done.stdout, done.stderr)
    return done.stdout


@pytest.fixture
def accepted(tmp_path):
    db = tmp_path / "afterview.db"
    cli(db, "profile", "set", "--name", "Alex Morgan")
    cli(db, "opportunity", "add", "--company", "Umbrella", "--role", "Data Engineer")
    cli(db, "opportunity", "add", "--company", "Umbrella", "--role", "Data Scientist")
    cli(db, "person", "add", "Rita Gomez", "--company", "Umbrella", "--email", "rita@umbrella.test")
    cli(db, "interview", "add", "--opportunity", "1", "--start", "2026-11-20 10:00", "--with", "Rita Gomez:recruiter")
    cli(db, "interview", "add", "--opportunity", "2", "--start", "2026-11-21 10:00", "--with", "Rita Gomez:recruiter")
    cli(db, "outcome", "2", "offer", "--from", "Rita")
    cli(db, "outcome", "2", "accepted")
    return db


@pytest.mark.parametrize("tone", ["warm", "formal", "concise"])
def test_the_withdrawal_names_the_role_accepted_with_them(accepted, tone):
    said = cli(accepted, "draft", "withdrawal:o1:p1", "--tone", tone)
    assert "(0 errors" in said, said
    body = cli(accepted, "show", "1")
    assert "another offer" not in body and "another position" not in body, body
    assert "accepted the Data Scientist " in body and " with you" in body, body
    assert "Data Engineer" in body, body


def test_an_offer_of_theirs_declined_for_the_role_accepted_with_them(accepted):
    cli(accepted, "outcome", "1", "offer", "--from", "Rita")
    cli(accepted, "draft", "withdrawal:o1:p1")
    body = cli(accepted, "show", "1")
    assert "Now that I have accepted the Data Scientist role with you, I must decline it." in body, body
