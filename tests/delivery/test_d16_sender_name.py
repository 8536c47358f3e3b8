"""The sender's name follows a corrected profile name (found by a tester: the account's
display_name, filled from the profile's name when the account was added, kept the From header on
the old name for good after `profile set --name` corrected it).

A --name that is merely your profile's is not written into the account; `profile set --name`
names an account that sends under a name of its own, with the command that changes it;
`account edit` changes it in config.toml, keeping the rest of the file."""

from __future__ import annotations

import email
import email.policy
import tomllib

from tests.helpers import afterview, assert_clean_error

AT = {"AFTERVIEW_AT": "2026-11-26 10:00"}


def _run(db, *args):
    return afterview("--db", str(db), *args, env=AT)


def _ok(db, *args):
    done = _run(db, *args)
    assert done.code == 0, (args, done.out, done.err)
    return done


def _add(db, name: str, *extra: str):
    return _ok(db, "account", "add", name, "--email", "alex@mail.example", "--smtp-host", "smtp.mail.example",
               "--password-env", "MAIL_PASSWORD", *extra)


def _section(home, name: str) -> dict:
    return tomllib.loads((home / "config.toml").read_text())["accounts"][name]


def _from_header(db, tmp_path) -> str:
    """The From of Priya's thank-you, written as an .eml file from the account."""
    _ok(db, "opportunity", "add", "--company", "Acme", "--role", "Engineer")
    _ok(db, "person", "add", "Priya Raman", "--email", "priya@acme.example", "--company", "Acme")
    _ok(db, "interview", "add", "--opportunity", "1", "--start", "2026-11-25 13:30", "--duration", "60m",
        "--with", "Priya Raman")
    _ok(db, "debrief", "1", "--person", "Priya", "--topic", "moving nightly batch jobs to streaming")
    _ok(db, "draft", "--interview", "1")
    target = tmp_path / "note.eml"
    _ok(db, "send", "1", "--eml", str(target), "--despite-errors")  # (the From is the point, not the text)
    return str(email.message_from_bytes(target.read_bytes(), policy=email.policy.default)["From"])


def test_the_profile_name_given_to_a_new_account_is_not_frozen_into_it(afterview_home, tmp_path):
    db = tmp_path / "afterview.db"
    _ok(db, "profile", "set", "--name", "Alex Morgon", "--email", "alex@mail.example", "--phone", "+1 555 0100",
        "--tz", "UTC", "--country", "GB")
    added = _add(db, "home", "--name", "Alex Morgon")
    assert "--name is your profile's name, so it is not written" in added.err
    assert "display_name" not in _section(afterview_home, "home")
    corrected = _ok(db, "profile", "set", "--name", "Alex Morgan")
    assert "sends under a name of its own" not in corrected.err
    assert _from_header(db, tmp_path) == "Alex Morgan <alex@mail.example>"


def test_a_new_profile_name_names_an_account_with_its_own_and_account_edit_changes_it(afterview_home, tmp_path):
    db = tmp_path / "afterview.db"
    _ok(db, "profile", "set", "--name", "Alex Morgon", "--email", "alex@mail.example", "--tz", "UTC")
    (afterview_home / "config.toml").write_text(  # as an older version (or the desk's form) wrote it
        "# my settings\ntimezone = \"UTC\"\n\n[accounts.home]\n# the personal one\nemail = \"alex@mail.example\"\n"
        "smtp_host = \"smtp.mail.example\"\npassword_env = \"MAIL_PASSWORD\"\ndisplay_name = \"Alex Morgon\"\n\n"
        "[lint]\n# nothing yet\n")
    corrected = _ok(db, "profile", "set", "--name", "Alex Morgan")
    assert corrected.err.strip() == (
        "afterview: warning: account home sends under a name of its own, Alex Morgon, your name before this change, "
        "not Alex Morgan: to send under your profile's name: afterview account edit home --profile-name (or give it "
        "another: afterview account edit home --name NAME)")
    edited = _ok(db, "account", "edit", "home", "--profile-name")
    assert edited.out.strip() == "account home sends under your profile's name (Alex Morgan), as it is when each note goes"
    text = (afterview_home / "config.toml").read_text()
    assert "display_name" not in text and "# the personal one" in text and "# nothing yet" in text
    assert _section(afterview_home, "home") == {"email": "alex@mail.example", "smtp_host": "smtp.mail.example",
                                                "password_env": "MAIL_PASSWORD"}
    _ok(db, "account", "edit", "home", "--name", "Alex M. (Acme)")
    assert _section(afterview_home, "home")["display_name"] == "Alex M. (Acme)"
    assert "sends under a name of its own, Alex M. (Acme), not Alex Morgan" in _ok(
        db, "profile", "set", "--name", "Alex Morgan").err
    assert _from_header(db, tmp_path) == "\"Alex M. (Acme)\" <alex@mail.example>"


def test_account_edit_refuses_in_one_line(afterview_home, tmp_path):
    db = tmp_path / "afterview.db"
    _add(db, "home")
    before = (afterview_home / "config.toml").read_text()
    assert_clean_error(_run(db, "account", "edit", "home"), "give one of --name")
    assert_clean_error(_run(db, "account", "edit", "home", "--name", "X", "--profile-name"), "give one of --name")
    assert_clean_error(_run(db, "account", "edit", "home", "--name", "  "), "--name is empty")
    assert_clean_error(_run(db, "account", "edit", "home", "--name", "Alex\nBcc: x@evil.example"), "one line")
    assert_clean_error(_run(db, "account", "edit", "work", "--profile-name"), "no account named 'work'")
    assert (afterview_home / "config.toml").read_text() == before
