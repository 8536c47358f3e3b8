"""Adding and removing a mail account from the desk's Settings page: the password goes to the
keyring and never back to the browser; bad input is one line and writes nothing."""

from __future__ import annotations

import re
import tomllib

import pytest

from tests.web.conftest import csrf_of
from tests.web.live import serve

FORM = {"account_name": "home", "account_email": "alice@example.test", "display_name": "Alice Seeker",
        "preset": "", "smtp_host": "127.0.0.1", "smtp_port": "2525", "smtp_tls": "none",
        "imap_host": "127.0.0.1", "imap_port": "1143", "imap_tls": "none", "user": "", "tls_ca_file": "",
        "secret": "keyring", "password": "correct horse", "password_env": "", "password_command": "",
        "token_command": ""}


def config_of(afterview_home) -> dict:
    path = afterview_home / "config.toml"
    return tomllib.loads(path.read_text()) if path.exists() else {}


def test_without_a_keyring_the_form_offers_the_other_sources(client, monkeypatch):
    import keyring
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())  # as on a server with no desktop session
    try:
        html = client.get("/settings").text
    finally:
        keyring.set_keyring(previous)
    assert "Add a mail account" in html and "(none on this system)" in html
    assert re.search(r'id="s-keyring"[^>]*disabled', html)
    assert re.search(r'id="s-env"[^>]*checked', html)


def test_add_keeps_the_password_in_the_keyring_only(client, csrf, afterview_home, memory_keyring):
    response = client.post("/settings/accounts", data={**FORM, "csrf": csrf}, follow_redirects=True)
    assert response.status_code == 200
    assert "Added the mail account home" in response.text
    assert "keyring (afterview/home)" in response.text  # listed, with where its secret is
    assert "correct horse" not in response.text
    assert memory_keyring == {("afterview", "home"): "correct horse"}
    section = config_of(afterview_home)["accounts"]["home"]
    assert section == {"email": "alice@example.test", "display_name": "Alice Seeker", "smtp_host": "127.0.0.1",
                       "smtp_port": 2525, "smtp_tls": "none", "imap_host": "127.0.0.1", "imap_port": 1143,
                       "imap_tls": "none", "password_keyring": True}
    assert "correct horse" not in (afterview_home / "config.toml").read_text()


def test_a_provider_needs_no_servers_and_an_env_variable_no_keyring(client, csrf, afterview_home):
    data = {**FORM, "preset": "gmail", "smtp_host": "", "secret": "env", "password": "",
            "password_env": "GMAIL_APP_PASSWORD", "account_email": "alice@gmail.com"}
    response = client.post("/settings/accounts", data={**data, "csrf": csrf}, follow_redirects=True)
    assert "Added the mail account home" in response.text
    assert config_of(afterview_home)["accounts"]["home"] == {
        "email": "alice@gmail.com", "preset": "gmail", "display_name": "Alice Seeker",
        "password_env": "GMAIL_APP_PASSWORD"}
    assert "smtp.gmail.com" in response.text


@pytest.mark.parametrize("change, words", [
    ({"account_name": ""}, "give the account a short name"),
    ({"account_name": "my home"}, "invalid account name"),
    ({"account_email": "alice at example"}, "invalid email address"),
    ({"smtp_port": "25x"}, "SMTP port must be a number"),
    ({"smtp_host": ""}, "give the SMTP server"),
    ({"password": ""}, "type the password"),
    ({"secret": ""}, "choose where the password comes from"),
    ({"secret": "command", "password_command": " "}, "give the command that prints the password"),
])
def test_bad_input_is_one_line_keeps_the_form_and_writes_nothing(client, csrf, afterview_home, memory_keyring,
                                                                  change, words):
    response = client.post("/settings/accounts", data={**FORM, **change, "csrf": csrf})
    assert response.status_code == 400 and words in response.text
    assert "correct horse" not in response.text  # a password typed is never sent back
    if change.get("account_email"):
        assert 'value="alice at example"' in response.text  # the rest comes back as typed
    assert config_of(afterview_home) == {} and memory_keyring == {}


def test_an_existing_name_is_refused_and_its_password_kept(client, csrf, afterview_home, memory_keyring):
    client.post("/settings/accounts", data={**FORM, "csrf": csrf})
    again = client.post("/settings/accounts", data={**FORM, "password": "another", "csrf": csrf})
    assert again.status_code == 400 and "already exists" in again.text
    assert memory_keyring == {("afterview", "home"): "correct horse"}


def test_remove_needs_the_box_and_forgets_the_password(client, csrf, afterview_home, memory_keyring):
    client.post("/settings/accounts", data={**FORM, "csrf": csrf})
    kept = client.post("/settings/accounts/home/remove", data={"csrf": csrf, "forget": "yes"}, follow_redirects=True)
    assert "Not removed" in kept.text and "home" in config_of(afterview_home)["accounts"]
    gone = client.post("/settings/accounts/home/remove", data={"csrf": csrf, "confirm": "yes", "forget": "yes"},
                       follow_redirects=True)
    assert "Removed the mail account home and forgot its password" in gone.text
    assert config_of(afterview_home).get("accounts", {}) == {} and memory_keyring == {}
    missing = client.post("/settings/accounts/nobody/remove", data={"csrf": csrf, "confirm": "yes"})
    assert missing.status_code == 400 and "no account named" in missing.text


def test_add_an_account_in_the_browser_and_test_it_against_real_servers(page, db_url, mail, afterview_home,
                                                                       memory_keyring):
    """Chromium fills the form; the desk keeps the password in the keyring and the connection
    test logs in to the real SMTP and Dovecot servers with it."""
    with serve(db_url) as live:
        page.goto(live.login_url)
        page.wait_for_url(f"{live.url}/")
        page.get_by_role("link", name="Settings").click()
        page.get_by_label("Short name").fill("home")
        page.get_by_label("Address you send from").fill("alice@example.test")
        page.get_by_label("Provider").select_option("")
        page.get_by_label("SMTP server").fill(mail.host)
        page.get_by_label("SMTP port").fill(str(mail.smtp_port))
        page.get_by_label("SMTP security").select_option("starttls")
        page.get_by_label("IMAP server").fill(mail.host)
        page.get_by_label("IMAP port").fill(str(mail.imap_port))
        page.get_by_label("IMAP security").select_option("starttls")
        page.get_by_label("Login (when not the address)").fill("alice")
        page.get_by_label("Certificate authority file").fill(str(mail.cert_path))
        page.get_by_label("This computer's keyring").check()
        page.get_by_label("Password or app password").fill(mail.users["alice"].password)
        page.get_by_role("button", name="Add the account").click()
        assert "Added the mail account home" in page.locator(".flash").inner_text()
        assert memory_keyring == {("afterview", "home"): mail.users["alice"].password}
        assert mail.users["alice"].password not in page.content()
        page.get_by_role("button", name="Test the connection").click()
        checks = page.locator("ul.checks").inner_text()
        assert "SMTP works" in checks and "IMAP works" in checks, checks
        csrf_of(page.content())  # the page is a working form page after the test, too
