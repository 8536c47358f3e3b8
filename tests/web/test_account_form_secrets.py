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


TOKEN = "ya29.CanaryTok-7781-QwErTy"


def test_a_token_pasted_as_the_command_is_refused_and_not_shown_again(client, csrf, afterview_home):
    """A secret pasted into *Token command* (or *Password command*): its program is not found
    here, so it is refused at that box, never repeated, and the box is not filled again."""
    for source, field, value in (("token", "token_command", TOKEN),
                                 ("command", "password_command", f"/nonexistent/{SECRET}")):
        data = {**FORM, "secret": source, "password": "", field: value}
        response = client.post("/settings/accounts", data={**data, "csrf": csrf})
        assert response.status_code == 400
        assert f"{field} names a program that is not found here" in response.text
        assert "what was given is not shown here" in response.text
        assert f'id="a-{source}"' in response.text
        assert 'aria-invalid="true"' in response.text.split(f'id="a-{source}"')[1][:400]
        assert value not in response.text and "Canary" not in response.text and "Hunter2" not in response.text
        assert config_of(afterview_home) == {}


def test_a_command_found_here_is_given_back_after_another_error(client, csrf, afterview_home):
    data = {**FORM, "account_email": "not an address", "secret": "command", "password": "",
            "password_command": "cat /home/me/.mail-password"}
    response = client.post("/settings/accounts", data={**data, "csrf": csrf})
    assert response.status_code == 400 and 'value="cat /home/me/.mail-password"' in response.text
    assert config_of(afterview_home) == {}


def test_remove_says_what_became_of_the_password(client, csrf, afterview_home, memory_keyring):
    client.post("/settings/accounts", data={**FORM, "csrf": csrf})
    kept = client.post("/settings/accounts/home/remove", data={"csrf": csrf, "confirm": "yes"}, follow_redirects=True)
    assert ("Removed the mail account home; its password stays in the keyring (to delete it: keyring del "
            "afterview home).") in kept.text
    assert memory_keyring == {("afterview", "home"): "correct horse"}
