"""`afterview account edit` reaches what the desk's edit form reaches: the servers, their ports and
security, the login, the Drafts and Sent folders, and a new password, asked for with a hidden
prompt and kept in the keyring (never on the command line, never in config.toml). Each value is
checked as the desk checks it, in its words; bad input is one line, exit status 2, nothing
written; `--test` then connects to the real servers with what was saved."""

from __future__ import annotations

import subprocess
import sys
import tomllib

import pytest

from tests.helpers import afterview, assert_clean_error

WRONG = ('# my settings\ntimezone = "UTC"\n\n[accounts.home]\n# the personal one\nemail = "alice@example.test"\n'
         'smtp_host = "smtp.wrong.example"\nsmtp_tls = "implicit"\npassword_env = "AV_TEST_PASSWORD"\n\n'
         '[lint]\n# nothing yet\n')


def section(home, name: str = "home") -> dict:
    return tomllib.loads((home / "config.toml").read_text())["accounts"][name]


def to_the_servers(mail) -> list[str]:
    return ["--smtp-host", mail.host, "--smtp-port", str(mail.smtp_port), "--smtp-tls", "starttls",
            "--imap-host", mail.host, "--imap-port", str(mail.imap_port), "--imap-tls", "starttls",
            "--user", "alice", "--tls-ca-file", str(mail.cert_path)]


def servers_toml(mail, secret: str) -> str:
    return (f'# my settings\n[accounts.home]\n# the personal one\nemail = "alice@example.test"\n'
            f'smtp_host = "{mail.host}"\nsmtp_port = {mail.smtp_port}\nsmtp_tls = "starttls"\n'
            f'imap_host = "{mail.host}"\nimap_port = {mail.imap_port}\nimap_tls = "starttls"\nuser = "alice"\n'
            f'tls_ca_file = "{mail.cert_path}"\n{secret}\n')


def test_the_servers_ports_security_login_and_folders_are_changed_then_tested(mail, afterview_home, monkeypatch):
    monkeypatch.setenv("AV_TEST_PASSWORD", mail.users["alice"].password)
    config = afterview_home / "config.toml"
    config.write_text(WRONG)
    done = afterview("account", "edit", "home", *to_the_servers(mail), "--drafts-folder", "Drafts",
                     "--sent-folder", "Sent", "--test")
    assert done.code == 0, (done.out, done.err)
    assert done.out.splitlines()[0] == (
        f"saved account home in {config}: the SMTP server, the SMTP security, the SMTP port, the IMAP server, the "
        "IMAP security, the IMAP port, the login, the certificate authority file, the Drafts folder and the Sent "
        "folder changed")
    assert "SMTP: ok: " in done.out and "logged in as alice" in done.out
    [imap] = [line for line in done.out.splitlines() if line.startswith("IMAP: ")]
    assert imap.startswith("IMAP: ok: ") and "Drafts folder: Drafts (set by drafts_folder)" in imap, imap
    text = config.read_text()
    assert "# my settings" in text and "# the personal one" in text and "# nothing yet" in text
    assert section(afterview_home) == {
        "email": "alice@example.test", "smtp_host": mail.host, "password_env": "AV_TEST_PASSWORD",
        "smtp_port": mail.smtp_port, "imap_host": mail.host, "imap_port": mail.imap_port, "imap_tls": "starttls",
        "user": "alice", "tls_ca_file": str(mail.cert_path), "drafts_folder": "Drafts", "sent_folder": "Sent"}
    # a change that does not connect is saved all the same, and the test says so
    closed = afterview("account", "edit", "home", "--imap-port", str(mail.smtp_port), "--test")
    assert closed.code == 2 and "IMAP: FAILED" in closed.out, (closed.out, closed.err)
    assert closed.error_line == ("afterview: error: the account test failed (see above); the changes are saved: "
                                 "change them with afterview account edit home")
    assert section(afterview_home)["imap_port"] == mail.smtp_port


def test_a_new_password_is_asked_for_hidden_and_kept_in_the_keyring_only(mail, afterview_home, memory_keyring):
    password = mail.users["alice"].password
    config = afterview_home / "config.toml"
    config.write_text(servers_toml(mail, 'password_env = "AV_NOT_SET_HERE"'))
    done = afterview("account", "edit", "home", "--ask-password", "--test", input=f"{password}\n{password}\n")
    assert done.code == 0, (done.out, done.err)
    assert "New password (or app password):" in done.err and password not in done.out + done.err
    assert done.out.splitlines()[0] == (f"saved account home in {config}: where the password comes from and the "
                                        "password (in the keyring) changed")
    assert "SMTP: ok" in done.out and "IMAP: ok" in done.out
    assert memory_keyring == {("afterview", "home"): password}
    assert password not in config.read_text() and "# the personal one" in config.read_text()
    kept = section(afterview_home)
    assert kept["password_keyring"] is True and "password_env" not in kept
    # changed again: the keyring's password is replaced, and the old one works no more
    again = afterview("account", "edit", "home", "--ask-password", "--test", input="wrong-one\nwrong-one\n")
    assert again.code == 2 and "SMTP: FAILED" in again.out and "authentication failed" in again.out
    assert memory_keyring == {("afterview", "home"): "wrong-one"} and "wrong-one" not in again.out + again.err


def test_a_password_typed_differently_twice_or_not_at_all_writes_nothing(afterview_home, memory_keyring):
    config = afterview_home / "config.toml"
    config.write_text(WRONG)
    for typed in ("one\ntwo\n", ""):
        done = afterview("account", "edit", "home", "--ask-password", "--smtp-host", "smtp.right.example",
                         input=typed)
        assert done.code == 130 and "Traceback" not in done.err
        assert config.read_text() == WRONG and memory_keyring == {}


@pytest.mark.parametrize("args, line", [
    (["--smtp-port", "abc"], "--smtp-port: give a number from 1 to 65535, or leave it empty for the usual port, "
                             "not 'abc'"),
    (["--imap-port", "70000"], "--imap-port: give a number from 1 to 65535, or leave it empty for the usual port, "
                               "not '70000'"),
    (["--smtp-port", "0"], "--smtp-port: give a number from 1 to 65535"),
    (["--smtp-tls", "ssl"], "--smtp-tls: choose one of implicit, starttls, none"),
    (["--smtp-tls", "none"], 'smtp_tls = "none" would send the password unencrypted to smtp.wrong.example, which is '
                             "not this computer: choose \"starttls\" or \"implicit\" (no TLS is for a server on this "
                             "computer, such as a bridge on 127.0.0.1); to log in unencrypted all the same, say so: "
                             "afterview account edit home --insecure-login"),
    (["--smtp-host", ""], "--smtp-host: give the SMTP server"),
    (["--smtp-host", "smtp.example\nBcc: x"], "--smtp-host: must be one line of text, without control characters"),
    (["--user", "x" * 300], "--user: is 300 characters long: at most 255 are allowed"),
    (["--email", "alice@"], "--email: invalid email address"),
    (["--email", " "], "--email: give the address you send from"),
    (["--drafts-folder", "Drafts\nx"], '--drafts-folder: give a folder\'s name as your mail server lists it, such as '
                                       '"Entwürfe" (one line of text)'),
    (["--read-folder", "Jobs", "--read-folder", "a\tb"], "--read-folder: give folder names, one to each "
                                                         "--read-folder"),
    (["--tls-ca-file", "nope.pem"], "--tls-ca-file: no such file: nope.pem"),
    (["--password-env", "hunter2 is my password"], "password_env must be the name of an environment variable"),
    (["--password-command", "echo S3cret"], "password_command only prints text written in it"),
    (["--ask-password", "--password-env", "PW"], "give one place the password comes from, not 2: --ask-password, "
                                                 "--password-env"),
    (["--name", "X", "--profile-name"], "give one of --name TEXT (a name of its own) or --profile-name"),
    ([], "give one of --name TEXT or --profile-name, or another setting to change"),
    (["--ask-password", "--smtp-port", "abc"], "--smtp-port: give a number"),  # said before the password is asked
])
def test_bad_input_is_one_line_and_writes_nothing(afterview_home, memory_keyring, tmp_path, monkeypatch, args, line):
    monkeypatch.chdir(tmp_path)
    config = afterview_home / "config.toml"
    config.write_text(WRONG)
    memory_keyring[("afterview", "home")] = "kept"
    done = afterview("account", "edit", "home", *args, input="new-password\nnew-password\n")
    assert_clean_error(done, line)
    assert done.error_line.startswith(f"afterview: error: {line}"), done.error_line
    assert "S3cret" not in done.err and "hunter2" not in done.err and "password:" not in done.err.lower()
    assert config.read_text() == WRONG and memory_keyring == {("afterview", "home"): "kept"}


def test_a_bad_ca_file_and_a_missing_keyring_are_said_before_anything(afterview_home, tmp_path, monkeypatch):
    import keyring.core
    from keyring.backends import fail

    monkeypatch.setattr(keyring.core, "_keyring_backend", fail.Keyring())  # this machine's: no keyring
    config = afterview_home / "config.toml"
    config.write_text(WRONG)
    not_a_cert = tmp_path / "ca.pem"
    not_a_cert.write_text("not a certificate\n")
    assert_clean_error(afterview("account", "edit", "home", "--tls-ca-file", str(not_a_cert)),
                       f"--tls-ca-file: {not_a_cert} is not a certificate file (PEM)")
    assert_clean_error(afterview("account", "edit", "home", "--tls-ca-file", str(tmp_path)),
                       f"--tls-ca-file: {tmp_path} is a folder, not a certificate file (PEM)")
    # no keyring: said before a password is typed for nothing
    assert_clean_error(afterview("account", "edit", "home", "--ask-password", input="pw\npw\n"),
                       "this system has no keyring")
    assert_clean_error(afterview("account", "edit", "work", "--smtp-host", "x.example"), "no account named 'work'")
    assert config.read_text() == WRONG


@pytest.mark.parametrize("field, option, typed", [
    ("smtp_port", "--smtp-port", "abc"), ("imap_port", "--imap-port", "0"), ("smtp_tls", "--smtp-tls", "tls"),
    ("smtp_host", "--smtp-host", ""), ("imap_host", "--imap-host", "a\nb"), ("user", "--user", "u" * 256),
    ("account_email", "--email", "alice@"), ("drafts_folder", "--drafts-folder", "a\x07"),
    ("tls_ca_file", "--tls-ca-file", "/no/such/ca.pem"),
])
def test_each_value_is_refused_in_the_desks_words(afterview_home, field, option, typed):
    from afterview.delivery.account_edit import read_section
    from afterview.delivery.accounts import from_section
    from afterview.errors import InvalidInput
    from afterview.interfaces.web.settings import _edit_values, account_shown

    config = afterview_home / "config.toml"
    config.write_text(WRONG)
    stored = read_section(config, "home")
    account = from_section("home", stored)
    with pytest.raises(InvalidInput) as desk:
        _edit_values({**account_shown(stored, account), field: typed}, account, "")
    done = afterview("account", "edit", "home", option, typed)
    assert_clean_error(done)
    assert done.error_line == f"afterview: error: {option}: {desk.value.unlabelled}"


def test_a_setting_goes_back_to_its_default_and_a_written_port_stays_with_a_note(afterview_home):
    config = afterview_home / "config.toml"
    config.write_text(WRONG)
    done = afterview("account", "edit", "home", "--smtp-port", "2525", "--drafts-folder", "Entwürfe")
    assert done.code == 0 and section(afterview_home)["smtp_port"] == 2525
    moved = afterview("account", "edit", "home", "--smtp-tls", "starttls")
    assert moved.code == 0, moved.err
    assert ("note: the SMTP port stays 2525, as written in [accounts.home]; for the usual port of its security: "
            '--smtp-port ""') in moved.err
    back = afterview("account", "edit", "home", "--smtp-port", "", "--drafts-folder", "")
    assert back.code == 0, back.err
    assert section(afterview_home) == {"email": "alice@example.test", "smtp_host": "smtp.wrong.example",
                                       "password_env": "AV_TEST_PASSWORD"}  # starttls, 587: the usual ones
    same = afterview("account", "edit", "home", "--smtp-tls", "starttls")
    assert same.code == 0 and same.out.splitlines()[0] == "account home is as it was: nothing changed"


def test_account_edit_help_loads_nothing_heavy():
    code = ("import sys\nfrom afterview.interfaces.cli.main import main\n"
            "try:\n    main(['account', 'edit', '--help'])\nexcept SystemExit:\n    pass\n"
            "heavy = ('sqlalchemy', 'jinja2', 'starlette', 'keyring', 'imapclient', 'tomli_w', 'afterview.delivery')\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy or m.startswith(heavy)))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "--ask-password" in done.stdout and done.stdout.splitlines()[-1] == "[]"


def test_a_password_source_changed_away_from_the_keyring_forgets_its_password(mail, afterview_home, memory_keyring,
                                                                              monkeypatch):
    monkeypatch.setenv("AV_TEST_PASSWORD", mail.users["alice"].password)
    config = afterview_home / "config.toml"
    config.write_text(servers_toml(mail, "password_keyring = true"))
    memory_keyring[("afterview", "home")] = "an old one"
    done = afterview("account", "edit", "home", "--password-env", "AV_TEST_PASSWORD", "--test")
    assert done.code == 0, (done.out, done.err)
    assert "note: its old password was deleted from the keyring" in done.err and "SMTP: ok" in done.out
    assert memory_keyring == {} and section(afterview_home)["password_env"] == "AV_TEST_PASSWORD"
    assert "password_keyring" not in section(afterview_home)
