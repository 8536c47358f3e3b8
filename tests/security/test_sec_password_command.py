"""A password command that runs code written in it is refused as one that prints its own words is
(found by a security tester: `python3 -c print("S3cretPw")` and `awk 'BEGIN{print "x"}'` were
taken, though the password is then in config.toml in plain text). The rule is a guard against a
common mistake, not a proof: an interpreter given its program on the command line (python -c,
perl -e, ruby -e, node -e, php -r, an awk program, a shell running one of those) is refused,
by `account add` and when config.toml is read; code in a script file, named by its path, is taken."""

from __future__ import annotations

import shlex
import shutil

import pytest

from afterview.delivery.accounts import command_problem, written_in
from tests.helpers import afterview, assert_clean_error

SECRET = "S3cretPw"
SERVERS = ["--smtp-host", "127.0.0.1", "--smtp-tls", "none", "--imap-host", "127.0.0.1", "--imap-tls", "none"]


@pytest.mark.parametrize("command, shown", [
    (f'python3 -c print("{SECRET}")', "python3 -c"),
    (f"python3.11 -c 'print(\"{SECRET}\")'", "python3.11 -c"),
    (f"/usr/bin/env python3 -Sc 'print(\"{SECRET}\")'", "python3 -Sc"),
    (f"awk 'BEGIN{{print \"{SECRET}\"}}'", "awk PROGRAM"),
    (f"busybox awk 'BEGIN{{print \"{SECRET}\"}}'", "awk PROGRAM"),
    (f"perl -e 'print \"{SECRET}\"'", "perl -e"),
    (f"perl -le 'print q({SECRET})'", "perl -le"),
    (f"ruby -e 'puts \"{SECRET}\"'", "ruby -e"),
    (f"node -e 'console.log(\"{SECRET}\")'", "node -e"),
    (f"node --eval='console.log(\"{SECRET}\")'", "node --eval"),
    (f"php -r 'echo \"{SECRET}\";'", "php -r"),
    (f"sh -c 'python3 -c \"print(1)\" && true'", "python3 -c"),
    (f"bash -c 'pass show mail >/dev/null; echo {SECRET}'", None),  # its second command prints
    (f"timeout 5 perl -e 'print 1'", "perl -e"),
])
def test_a_command_running_code_written_in_it_is_refused_without_repeating_it(command, shown, afterview_home):
    found = written_in(shlex.split(command))
    assert found == (f"runs code: {shown}" if shown else "prints"), found
    problem = command_problem("password_command", command)
    assert problem and SECRET not in problem
    if shown:
        assert f"runs code written in it ({shown} ...)" in problem and "script file" in problem
    result = afterview("account", "add", "home", "--email", "alex@example.test", *SERVERS,
                       "--password-command", command)
    assert_clean_error(result, "written in it")
    assert SECRET not in result.err + result.out
    config = afterview_home / "config.toml"
    assert not config.exists() or SECRET not in config.read_text()


@pytest.mark.parametrize("command", [
    "pass show mail/work", "cat /run/secrets/mail", "python3 /home/alex/bin/mail-password.py",
    "python3 -m keyring get mail alex", "perl /home/alex/bin/pw.pl", "perl -MEncode /home/alex/bin/pw.pl",
    "awk -f /home/alex/pw.awk /home/alex/.netrc", "sh -c 'pass show mail/work | head -n 1'",
    "gpg --quiet --decrypt /home/alex/.mail.gpg", "jq -r .password /home/alex/secrets.json",
])
def test_a_command_that_reads_the_password_from_elsewhere_is_not_refused(command):
    assert written_in(shlex.split(command)) == ""


def test_one_written_into_config_toml_by_hand_is_refused_when_the_file_is_read(afterview_home, tmp_path):
    assert shutil.which("python3")
    (afterview_home / "config.toml").write_text(
        '[accounts.home]\nemail = "alex@example.test"\nsmtp_host = "127.0.0.1"\nsmtp_tls = "none"\n'
        f"password_command = '''python3 -c print(\"{SECRET}\")'''\n")
    result = afterview("--db", str(tmp_path / "a.db"), "account", "list")
    assert_clean_error(result, "[accounts.home] password_command runs code written in it (python3 -c ...)",
                       "afterview account remove home")
    assert SECRET not in result.err + result.out
