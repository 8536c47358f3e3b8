"""The desk's add-account form and two checks of the account code (found by a security tester):
a password typed into the *Variable name* box is refused at that box and never shown again, and
a login without TLS to another computer needs its own tick; the notes `account add` prints
(a variable not set here, an unencrypted login) are said on the page."""

from __future__ import annotations

from tests.web.test_account_form import FORM, config_of

SECRET = "Hunter2!secret pw"


def test_a_password_typed_as_the_variable_name_is_refused_and_not_shown_again(client, csrf, afterview_home):
    data = {**FORM, "secret": "env", "password": "", "password_env": SECRET}
    response = client.post("/settings/accounts", data={**data, "csrf": csrf})
    assert response.status_code == 400
    assert "must be the name of an environment variable" in response.text
    assert 'id="a-env"' in response.text and 'aria-invalid="true"' in response.text.split('id="a-env"')[1][:400]
    assert SECRET not in response.text and "Hunter2" not in response.text
    assert config_of(afterview_home) == {}


def test_a_variable_that_is_not_set_here_is_added_with_a_note(client, csrf, afterview_home, monkeypatch):
    monkeypatch.delenv("AV_TEST_UNSET_PASSWORD", raising=False)
    data = {**FORM, "secret": "env", "password": "", "password_env": "AV_TEST_UNSET_PASSWORD"}
    response = client.post("/settings/accounts", data={**data, "csrf": csrf}, follow_redirects=True)
    assert "Added the mail account home" in response.text
    assert "the environment variable AV_TEST_UNSET_PASSWORD is not set here" in response.text
    assert config_of(afterview_home)["accounts"]["home"]["password_env"] == "AV_TEST_UNSET_PASSWORD"


def test_no_tls_to_another_computer_needs_its_own_tick(client, csrf, afterview_home, monkeypatch):
    monkeypatch.setenv("AV_TEST_PASSWORD", "x")
    data = {**FORM, "smtp_host": "mail.example.com", "imap_host": "mail.example.com", "secret": "env",
            "password": "", "password_env": "AV_TEST_PASSWORD"}
    refused = client.post("/settings/accounts", data={**data, "csrf": csrf})
    assert refused.status_code == 400
    assert "would send the password unencrypted to mail.example.com" in refused.text
    assert config_of(afterview_home) == {}
    ticked = client.post("/settings/accounts", data={**data, "insecure_login": "yes", "csrf": csrf},
                         follow_redirects=True)
    assert "Added the mail account home" in ticked.text
    assert "goes over the network unencrypted to mail.example.com" in ticked.text
    assert config_of(afterview_home)["accounts"]["home"]["insecure_login"] is True
