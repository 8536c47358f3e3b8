"""The add-account form's "Your name as recipients see it": not filled in with your profile's
name (which would then win over a corrected one for good); empty, or your profile's name, means
that the account sends under your profile's name, and nothing is written for it."""

from __future__ import annotations

import re
import tomllib

from tests.web.test_account_form import FORM


def section(afterview_home) -> dict:
    return tomllib.loads((afterview_home / "config.toml").read_text())["accounts"]["home"]


def test_the_field_is_not_filled_in_with_the_profile_name(client):
    html = client.get("/settings").text
    field = re.search(r'<input id="a-display"[^>]*>', html).group(0)
    assert 'value=""' in field and 'placeholder="Alex Morgan"' in field
    assert "Leave it empty to send under your profile's name (Alex Morgan)" in html


def test_the_profile_name_typed_is_not_written(client, csrf, afterview_home, memory_keyring):
    response = client.post("/settings/accounts", data={**FORM, "display_name": " Alex  Morgan ", "csrf": csrf},
                           follow_redirects=True)
    assert "Added the mail account home" in response.text
    assert "display_name" not in section(afterview_home)
    assert "a name of its own" not in response.text


def test_an_empty_field_writes_no_name(client, csrf, afterview_home, memory_keyring):
    client.post("/settings/accounts", data={**FORM, "display_name": "", "csrf": csrf}, follow_redirects=True)
    assert "display_name" not in section(afterview_home)


def test_a_name_of_its_own_is_kept_and_shown_on_the_account_line(client, csrf, afterview_home, memory_keyring):
    response = client.post("/settings/accounts", data={**FORM, "display_name": "Alex M. Consulting", "csrf": csrf},
                           follow_redirects=True)
    assert section(afterview_home)["display_name"] == "Alex M. Consulting"
    line = re.search(r"<strong>home</strong>:[^\n]*", response.text).group(0)
    assert "Alex M. Consulting &lt;alice@example.test&gt; (a name of its own)" in line
