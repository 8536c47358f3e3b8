"""The desk's account form, after what a tester found: the port fields came filled with 587 and
993 whatever TLS mode was chosen (implicit TLS on 587 fails); the newer presets had no labels;
and the Certificate authority file was read only for "another provider", so the Proton Mail
Bridge preset could not be given Bridge's certificate.

Now the ports are left empty (the account takes the TLS mode's usual port, as `afterview account
add` does), every preset has a label, and the certificate file is read whatever the provider.
"""

from __future__ import annotations

import re
import subprocess
import tomllib

from afterview.delivery.accounts import from_section
from tests.web.conftest import csrf_of

FORM = {"account_name": "home", "account_email": "alice@example.test", "display_name": "Alice Seeker",
        "preset": "", "smtp_host": "mail.example.test", "smtp_port": "", "smtp_tls": "implicit",
        "imap_host": "mail.example.test", "imap_port": "", "imap_tls": "implicit", "user": "", "tls_ca_file": "",
        "secret": "env", "password": "", "password_env": "MAIL_PASSWORD", "password_command": "",
        "token_command": ""}


def config_of(afterview_home) -> dict:
    path = afterview_home / "config.toml"
    return tomllib.loads(path.read_text()) if path.exists() else {}


def test_the_port_fields_are_empty_with_the_usual_ports_said(client):
    html = client.get("/settings").text
    smtp = re.search(r'<input id="a-smtp-port"[^>]*>', html).group(0)
    imap = re.search(r'<input id="a-imap-port"[^>]*>', html).group(0)
    assert 'value=""' in smtp and 'placeholder="465 with implicit TLS, 587 otherwise"' in smtp
    assert 'value=""' in imap and 'placeholder="993 with implicit TLS, 143 otherwise"' in imap


def test_every_preset_has_its_label(client):
    html = client.get("/settings").text
    options = dict(re.findall(r'<option value="([a-z0-9-]+)"[^>]*>([^<]+)</option>',
                              re.search(r'<select id="a-preset".*?</select>', html, re.S).group(0)))
    assert options == {"gmail": "Gmail", "outlook": "Outlook.com", "microsoft365": "Microsoft 365 (work or school)",
                       "fastmail": "Fastmail", "icloud": "iCloud Mail", "proton-bridge": "Proton Mail Bridge"}


def test_empty_ports_take_the_tls_mode_s_ports(client, csrf, afterview_home):
    page = client.post("/settings/accounts", data={**FORM, "csrf": csrf}, follow_redirects=True)
    assert "Added the mail account home" in page.text
    section = config_of(afterview_home)["accounts"]["home"]
    assert "smtp_port" not in section and "imap_port" not in section
    account = from_section("home", section)
    assert (account.smtp_port, account.imap_port) == (465, 993)


def test_the_certificate_file_is_kept_with_a_preset(client, csrf, afterview_home, tmp_path):
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(tmp_path / "key.pem"),
                    "-out", str(tmp_path / "bridge.pem"), "-days", "2", "-subj", "/CN=127.0.0.1"],
                   check=True, capture_output=True)
    html = client.get("/settings").text
    servers = re.search(r"<legend>Servers \(only for another provider\)</legend>.*?</fieldset>", html, re.S).group(0)
    assert 'id="a-ca"' not in servers and 'id="a-ca"' in html  # not only for another provider
    data = {**FORM, "preset": "proton-bridge", "smtp_host": "", "imap_host": "", "smtp_tls": "starttls",
            "imap_tls": "starttls", "tls_ca_file": str(tmp_path / "bridge.pem"), "password_env": "BRIDGE_PASSWORD"}
    page = client.post("/settings/accounts", data={**data, "csrf": csrf_of(html)}, follow_redirects=True)
    assert "Added the mail account home" in page.text
    assert "uses its own certificate" not in page.text  # no note asking for the certificate given
    section = config_of(afterview_home)["accounts"]["home"]
    assert section["preset"] == "proton-bridge" and section["tls_ca_file"] == str(tmp_path / "bridge.pem")
    assert from_section("home", section).smtp_port == 1025  # the preset's own


def test_a_missing_certificate_file_is_refused_at_its_field_with_a_preset(client, csrf, afterview_home):
    data = {**FORM, "preset": "proton-bridge", "smtp_host": "", "tls_ca_file": "/nowhere/bridge.pem"}
    page = client.post("/settings/accounts", data={**data, "csrf": csrf})
    assert page.status_code == 400 and "no such file: /nowhere/bridge.pem" in page.text
    assert re.search(r'id="a-ca"[^>]*aria-invalid="true"', page.text)
    assert config_of(afterview_home) == {}
