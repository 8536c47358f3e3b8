"""A mail account edited on the desk (Settings, Edit): what `afterview account add` gave it,
changed in place in config.toml (the rest of the file kept, a setting left alone left as
written), the password through the keyring as the add form keeps it, never shown and kept when
left empty; bad input said beside its field with nothing written; after a profile rename the
desk points to this form, not to removing the account and adding it again."""

from __future__ import annotations

import html
import re
import tomllib

import pytest

from afterview.delivery.accounts import from_section
from tests.helpers import afterview
from tests.web.conftest import csrf_of

HEAD = "# my mail\n"
HOME = ('[accounts.home]\nemail = "alice@example.test"  # the old address\nsmtp_host = "mail.example.test"\n'
        'smtp_tls = "implicit"\nimap_host = "mail.example.test"\npassword_keyring = true\n')
GMAIL = '\n[accounts.gm]\npreset = "gmail"\nemail = "alice@gmail.com"\npassword_env = "GMAIL_PW"\n'
PASSWORD = "correct horse"


@pytest.fixture
def config(afterview_home, memory_keyring):
    """config.toml with two accounts (one of a preset), the first's password in the keyring."""
    path = afterview_home / "config.toml"
    path.write_text(HEAD + HOME + GMAIL)
    memory_keyring[("afterview", "home")] = PASSWORD
    return path


def section(path, name="home") -> dict:
    return tomllib.loads(path.read_text())["accounts"][name]


def form_of(page: str) -> dict[str, str]:
    """The edit form as the page fills it in (what a browser would send back unchanged)."""
    form = re.search(r'<form[^>]*id="account-edit-form".*?</form>', page, re.S).group(0)
    inputs = re.findall(r'<input\b[^>]*?name="([^"]+)"[^>]*?value="([^"]*)"', form)
    data = {name: html.unescape(value) for name, value in inputs if name != "secret"}
    for name, value in re.findall(r'<input\b[^>]*type="(?:checkbox|radio)"[^>]*name="([^"]+)"[^>]*value="([^"]*)"'
                                  r'[^>]*checked', form):
        data[name] = value
    for name in ("insecure_login", "append_sent"):  # an unticked box is not sent
        if not re.search(rf'<input\b[^>]*name="{name}"[^>]*checked', form):
            data.pop(name, None)
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', form, re.S):
        data[name] = re.search(r'<option value="([^"]*)" selected', body).group(1)
    for name, value in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', form, re.S):
        data[name] = html.unescape(value)
    return data


def open_form(client, name="home") -> dict[str, str]:
    page = client.get(f"/settings/accounts/{name}/edit")
    assert page.status_code == 200, page.text
    return form_of(page.text)


def save(client, data: dict, name="home", **changes):
    return client.post(f"/settings/accounts/{name}/edit", data={**data, **changes}, follow_redirects=True)


def flashes(page: str) -> str:
    found = re.findall(r'<p class="flash[^"]*"[^>]*>(.*?)</p>', page, re.S)
    return " ".join(" ".join(html.unescape(re.sub(r"<[^>]+>", "", f)).split()) for f in found)


def beside(page: str, field: str) -> str:
    """The error line said beside a field (in its own block of the form), as read."""
    block = re.search(rf'<div class="(?:field|check)">(?:(?!<div class="(?:field|check)">).)*?id="{field}".*?</div>',
                      page, re.S)
    assert block, f"no field {field}"
    found = re.search(r'<p class="field-error[^"]*"[^>]*>(.*?)</p>', block.group(0), re.S)
    assert found, f"nothing said beside {field}: {block.group(0)}"
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", found.group(1))).split())


def test_settings_links_each_account_to_its_form_filled_in_as_config_toml_has_it(client, config):
    settings = client.get("/settings").text
    assert '<a class="button" href="/settings/accounts/home/edit">Edit' in settings
    assert '<a class="button" href="/settings/accounts/gm/edit">Edit' in settings
    page = client.get("/settings/accounts/home/edit").text
    assert PASSWORD not in page
    data = form_of(page)
    assert data["account_email"] == "alice@example.test" and data["smtp_host"] == "mail.example.test"
    assert data["smtp_tls"] == "implicit" and data["secret"] == "keyring" and "password" not in data
    # a port the account does not give is empty, the one in use said in grey
    assert data["smtp_port"] == "" and re.search(r'id="e-smtp-port"[^>]*placeholder="465"', page)
    assert "leave it empty to keep the one in the keyring" in page
    gmail = client.get("/settings/accounts/gm/edit").text
    assert form_of(gmail)["smtp_host"] == "smtp.gmail.com" and "provider: Gmail" in gmail
    assert form_of(gmail)["password_env"] == "GMAIL_PW"


def test_a_save_changes_what_was_changed_in_place_and_keeps_the_rest(client, config, memory_keyring):
    data = open_form(client)
    done = save(client, data, smtp_host="smtp.example.test", smtp_port="2465", user="alice",
                drafts_folder="Entwürfe", read_folders="Jobs/Recruiters\r\n  \r\nJobs/Agencies\r\n",
                account_email="alice@new.example")
    assert done.status_code == 200
    said = flashes(done.text)
    assert ("Saved the mail account home: the address, the SMTP server, the SMTP port, the login, the Drafts "
            "folder and the other folders read changed.") in said, said
    text = config.read_text()
    assert text.startswith(HEAD) and "# the old address" not in text and GMAIL in text  # the other account as written
    assert section(config) == {"email": "alice@new.example", "smtp_host": "smtp.example.test", "smtp_tls": "implicit",
                               "imap_host": "mail.example.test", "password_keyring": True, "smtp_port": 2465,
                               "user": "alice", "drafts_folder": "Entwürfe",
                               "read_folders": ["Jobs/Recruiters", "Jobs/Agencies"]}
    assert memory_keyring == {("afterview", "home"): PASSWORD}  # left empty: the password kept
    assert PASSWORD not in done.text and PASSWORD not in text
    again = open_form(client)
    assert again["read_folders"] == "Jobs/Recruiters\nJobs/Agencies" and again["smtp_port"] == "2465"


def test_a_setting_left_alone_stays_as_written_and_a_port_follows_its_security(client, config):
    gmail = open_form(client, "gm")
    nothing = save(client, gmail, name="gm")
    assert "Nothing to save: the mail account gm is as it was." in flashes(nothing.text)
    assert section(config, "gm") == {"preset": "gmail", "email": "alice@gmail.com", "password_env": "GMAIL_PW"}
    # a provider's setting changed is written; set back to the provider's, it is taken out again
    save(client, open_form(client, "gm"), name="gm", imap_host="imap.example.test", append_sent="yes")
    assert section(config, "gm")["imap_host"] == "imap.example.test" and section(config, "gm")["append_sent"] is True
    save(client, open_form(client, "gm"), name="gm", imap_host="imap.gmail.com")
    assert "imap_host" not in section(config, "gm")
    # the port left empty: the usual one of the security chosen, none written
    save(client, open_form(client), smtp_tls="starttls")
    assert "smtp_port" not in section(config) and from_section("home", section(config)).smtp_port == 587


def test_the_name_it_sends_under_is_its_own_or_follows_the_profile_as_the_terminal_sets_it(client, config):
    said = flashes(save(client, open_form(client), display_name="  Alice   Seeker ").text)
    assert section(config)["display_name"] == "Alice Seeker"
    assert "It sends as Alice Seeker, a name of its own (your profile's is Alex Morgan)." in said, said
    said = flashes(save(client, open_form(client), display_name="Alex Morgan").text)  # your profile's: follows it
    assert "display_name" not in section(config)
    assert "It sends under your profile's name (Alex Morgan), as it is when each note goes." in said, said
    save(client, open_form(client), display_name="Alice Seeker")
    desk_section = section(config)
    config.write_text(HEAD + HOME + GMAIL)
    assert afterview("account", "edit", "home", "--name", "Alice Seeker").code == 0
    assert section(config) == desk_section  # as the command line writes it


def test_a_new_password_goes_to_the_keyring_only_and_another_source_deletes_it(client, config, memory_keyring):
    changed = save(client, open_form(client), secret="keyring", password="battery staple")
    assert "the password (in the keyring) changed" in flashes(changed.text)
    assert memory_keyring == {("afterview", "home"): "battery staple"}
    assert "battery staple" not in config.read_text() and "battery staple" not in changed.text
    moved = save(client, open_form(client), secret="env", password_env="HOME_PW")
    said = flashes(moved.text)
    assert "where the password comes from changed" in said and "its old password was deleted from the keyring" in said
    assert memory_keyring == {}
    assert section(config)["password_env"] == "HOME_PW" and "password_keyring" not in section(config)
    # back to the keyring: a password is needed, said beside its field, nothing written
    before = config.read_bytes()
    refused = save(client, open_form(client), secret="keyring", password="")
    assert refused.status_code == 400
    assert beside(refused.text, "e-password") == ("Password or app password: type the password (or app password) to "
                                                   "keep in the keyring")
    assert config.read_bytes() == before and memory_keyring == {}


@pytest.mark.parametrize("change, field, words", [
    ({"account_email": "alice at example"}, "e-email", "Address you send from: invalid email address"),
    ({"smtp_port": "99999"}, "e-smtp-port", "SMTP port: give a number from 1 to 65535"),
    ({"smtp_host": " "}, "e-smtp", "SMTP server: give the SMTP server"),
    ({"drafts_folder": "Drafts\tOld"}, "e-drafts", "Drafts folder: give a folder's name as your mail server lists it"),
    ({"display_name": "Alice\nSeeker"}, "e-display", "Your name as recipients see it: must be one line"),
    ({"tls_ca_file": "/no/such/ca.pem"}, "e-ca", "Certificate authority file: no such file: /no/such/ca.pem"),
    ({"smtp_tls": "none"}, "e-smtp-tls",
     'SMTP security: "none" would send the password unencrypted to mail.example.test'),
    ({"secret": "env", "password_env": "Hunter2!secret"}, "e-env",
     "Variable name: password_env must be the name of an environment variable"),
    ({"secret": "command", "password_command": "echo Hunter2!secret"}, "e-command",
     "Password command: password_command only prints text written in it"),
])
def test_bad_input_is_said_beside_its_field_and_nothing_is_written(client, config, memory_keyring, change, field,
                                                                   words):
    before = config.read_bytes()
    refused = save(client, open_form(client), password="typed but refused", **change)
    assert refused.status_code == 400
    assert beside(refused.text, field).startswith(words), beside(refused.text, field)
    assert re.search(rf'id="{field}"[^>]*aria-invalid="true"', refused.text)
    assert refused.text.count('id="form-error"') == 1  # one line, beside the field
    assert config.read_bytes() == before and memory_keyring == {("afterview", "home"): PASSWORD}
    assert "typed but refused" not in refused.text and "Hunter2" not in refused.text
    assert "afterview" not in flashes(refused.text).replace("Afterview", "")


def test_several_bad_fields_are_each_said_beside_it(client, config):
    before = config.read_bytes()
    refused = save(client, open_form(client), smtp_port="x", imap_port="0")
    assert refused.status_code == 400
    assert "Nothing was saved: 2 fields to correct (SMTP port and IMAP port)" in refused.text
    assert beside(refused.text, "e-smtp-port").startswith("SMTP port: give a number")
    assert beside(refused.text, "e-imap-port").startswith("IMAP port: give a number")
    assert config.read_bytes() == before


def test_nothing_is_half_saved_when_the_file_cannot_be_changed_in_place(client, afterview_home, memory_keyring):
    path = afterview_home / "config.toml"
    path.write_text('[accounts]\nhome = { email = "alice@example.test", smtp_host = "mail.example.test", '
                    'password_keyring = true }\n')  # written inline: not changed in place
    memory_keyring[("afterview", "home")] = PASSWORD
    before = path.read_bytes()
    refused = save(client, open_form(client), user="alice", secret="keyring", password="battery staple")
    assert refused.status_code == 400
    assert "is not written as a table of its own: change it there by hand" in refused.text
    assert path.read_bytes() == before
    assert memory_keyring == {("afterview", "home"): PASSWORD}  # the new password taken back


def test_an_account_changed_meanwhile_is_not_overwritten(client, config):
    from afterview.config import set_account_setting

    data = open_form(client)
    set_account_setting(config, "home", "user", "alice@corp")  # in the terminal, meanwhile
    refused = client.post("/settings/accounts/home/edit", data={**data, "smtp_port": "2465"})
    assert refused.status_code == 409
    assert "Not saved: the mail account home changed since this page was opened" in refused.text
    assert section(config)["user"] == "alice@corp" and "smtp_port" not in section(config)
    again = form_of(refused.text)
    assert again["user"] == "alice@corp" and again["smtp_port"] == "2465"  # what is stored now, what was typed
    saved = client.post("/settings/accounts/home/edit", data={**again, "csrf": csrf_of(refused.text)},
                        follow_redirects=True)
    assert "Saved the mail account home: the SMTP port changed" in flashes(saved.text)
    assert section(config)["user"] == "alice@corp" and section(config)["smtp_port"] == 2465


def test_an_account_that_is_not_there_is_one_line(client, config):
    missing = client.get("/settings/accounts/nobody/edit")
    assert missing.status_code == 404 and "no mail account named 'nobody'" in html.unescape(missing.text)
    assert '<a href="/settings#acc-h">See the mail accounts</a>' in missing.text and "Traceback" not in missing.text
    gone = client.post("/settings/accounts/nobody/edit", data={"csrf": csrf_of(client.get("/settings").text)})
    assert gone.status_code == 404 and config.read_text() == HEAD + HOME + GMAIL


def test_after_a_profile_rename_the_desk_points_to_the_edit_form(client, csrf, config):
    save(client, open_form(client), display_name="Alice Seeker")
    page = client.post("/settings/profile", data={"name": "Alex Morgan-Reyes", "csrf": csrf}, follow_redirects=True)
    said = flashes(page.text)
    assert ("Account home sends under a name of its own, Alice Seeker, not Alex Morgan-Reyes: to send under your "
            "profile's name (or another), edit account home and leave Your name as recipients see it empty (or type "
            "the name to use)") in said, said
    assert '<a href="/settings/accounts/home/edit#e-display">edit account home</a>' in page.text
    assert "remove the account" not in said and "afterview" not in said.replace("Afterview", "")


def test_edit_an_account_in_the_browser(page, db_url, afterview_home, memory_keyring):
    """Chromium: Edit from Settings, a bad port said beside its field and focused, then saved."""
    from tests.web.live import serve

    path = afterview_home / "config.toml"
    path.write_text(HEAD + HOME)
    memory_keyring[("afterview", "home")] = PASSWORD
    with serve(db_url) as live:
        page.goto(live.login_url)
        page.wait_for_url(f"{live.url}/")
        page.goto(f"{live.url}/settings")
        page.get_by_role("link", name="Edit home").click()
        page.get_by_label("SMTP port").fill("2465x")
        page.get_by_label("Login (when not the address)").fill("alice")
        page.get_by_role("button", name="Save the account").click()
        line = page.locator("#form-error")
        assert line.inner_text().startswith("SMTP port: give a number from 1 to 65535")
        # the page moves the focus once loaded: the line exists a moment before that
        page.wait_for_function("document.activeElement && document.activeElement.id === 'form-error'", timeout=5000)
        assert page.evaluate("document.activeElement.id") == "form-error"
        assert page.locator("#e-smtp-port").get_attribute("aria-invalid") == "true"
        assert page.get_by_label("Login (when not the address)").input_value() == "alice"  # as typed
        page.get_by_label("SMTP port").fill("2465")
        page.get_by_role("button", name="Save the account").click()
        page.wait_for_url(re.compile(r".*/settings(\?.*)?$"))
        assert "Saved the mail account home: the SMTP port and the login changed" in page.locator(".flash").inner_text()
        assert section(path)["smtp_port"] == 2465 and section(path)["user"] == "alice"
        assert PASSWORD not in page.content() and memory_keyring == {("afterview", "home"): PASSWORD}
