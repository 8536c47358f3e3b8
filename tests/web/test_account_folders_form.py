"""The Drafts and Sent folders on the desk's add-account form: written to config.toml as
`afterview account add --drafts-folder/--sent-folder` writes them, left out when empty (found on
the server), a value that is no folder's name refused at its field with nothing written."""

from __future__ import annotations

import re
import tomllib

import pytest

from tests.helpers import afterview
from tests.web.test_accessibility import assert_tied, control, error_line

FORM = {"account_name": "home", "account_email": "alice@example.test", "display_name": "Alice Seeker",
        "preset": "", "smtp_host": "127.0.0.1", "smtp_port": "2525", "smtp_tls": "none",
        "imap_host": "127.0.0.1", "imap_port": "1143", "imap_tls": "none", "user": "", "tls_ca_file": "",
        "drafts_folder": "", "sent_folder": "",
        "secret": "env", "password": "", "password_env": "MAIL_PW", "password_command": "", "token_command": ""}
# the same account as the command line adds it
CLI = ["account", "add", "home", "--email", "alice@example.test", "--name", "Alice Seeker",
       "--smtp-host", "127.0.0.1", "--smtp-port", "2525", "--smtp-tls", "none",
       "--imap-host", "127.0.0.1", "--imap-port", "1143", "--imap-tls", "none", "--password-env", "MAIL_PW"]


def test_both_folders_are_written_as_the_command_line_writes_them(client, csrf, afterview_home):
    config = afterview_home / "config.toml"
    data = {**FORM, "drafts_folder": "Entwürfe", "sent_folder": " INBOX.Gesendete Elemente ", "csrf": csrf}
    done = client.post("/settings/accounts", data=data, follow_redirects=False)
    assert done.status_code == 303, done.text
    section = tomllib.loads(config.read_text())["accounts"]["home"]
    assert section["drafts_folder"] == "Entwürfe" and section["sent_folder"] == "INBOX.Gesendete Elemente"
    from_desk = config.read_text()
    config.unlink()
    said = afterview(*CLI, "--drafts-folder", "Entwürfe", "--sent-folder", "INBOX.Gesendete Elemente")
    assert said.code == 0, said.err
    from_cli = config.read_text()
    assert tomllib.loads(from_cli) == tomllib.loads(from_desk)  # the same settings, key for key
    for line in ('drafts_folder = "Entwürfe"\n', 'sent_folder = "INBOX.Gesendete Elemente"\n'):
        assert line in from_cli and line in from_desk  # and the same lines


def test_empty_folders_are_left_out_to_be_found(client, csrf, afterview_home):
    done = client.post("/settings/accounts", data={**FORM, "sent_folder": "  ", "csrf": csrf}, follow_redirects=False)
    assert done.status_code == 303, done.text
    section = tomllib.loads((afterview_home / "config.toml").read_text())["accounts"]["home"]
    assert "drafts_folder" not in section and "sent_folder" not in section
    assert section["email"] == "alice@example.test"


@pytest.mark.parametrize("key, ident, label", [("drafts_folder", "a-drafts", "Drafts folder"),
                                               ("sent_folder", "a-sent", "Sent folder")])
@pytest.mark.parametrize("typed", ["Sent\nItems", "Entw\r\nürfe", "Tab\there"])
def test_a_value_that_is_no_folders_name_is_refused_at_its_field(client, csrf, afterview_home, key, ident, label,
                                                                  typed):
    config = afterview_home / "config.toml"
    before = '[accounts.work]\nemail = "alice@work.test"\nsmtp_host = "127.0.0.1"\nsmtp_tls = "none"\n'
    config.write_text(before)
    page = client.post("/settings/accounts", data={**FORM, key: typed, "csrf": csrf})
    assert page.status_code == 400
    assert error_line(page.text).startswith(f"{label}: give a folder's name as your mail server lists it")
    assert "(one line of text)" in error_line(page.text)
    assert_tied(page.text, ident, "a-folders-hint")
    assert re.search(r'<details class="add-account" open>', page.text)  # the form shown again, open
    assert config.read_text() == before  # nothing written


def test_the_fields_are_labelled_and_described_by_their_hint(client):
    page = client.get("/settings").text
    form = re.search(r'<form method="post" action="/settings/accounts".*?</form>', page, re.S).group(0)
    for ident, name, label in (("a-drafts", "drafts_folder", "Drafts folder"), ("a-sent", "sent_folder", "Sent folder")):
        assert f'<label for="{ident}">{label}</label>' in form
        tag = control(form, ident)
        assert f'name="{name}"' in tag and 'value=""' in tag
        assert re.search(r'aria-describedby="([^"]+)"', tag).group(1) == "a-folders-hint"
        assert "aria-invalid" not in tag
    hint = re.search(r'<p class="hint" id="a-folders-hint">(.*?)</p>', form, re.S)
    assert hint and "Leave these empty" in hint.group(1)
    assert "only when Test the connection says no Drafts or Sent folder was found" in hint.group(1)
