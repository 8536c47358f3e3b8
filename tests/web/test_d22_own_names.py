"""After your profile's name changes on Settings, each mail account that sends under a name of its
own (which wins over the profile's in the From of every mail) is said, as `afterview profile set`
says it (`delivery.own_names`), in the desk's words: the account linked to its place on Settings,
and no command to type."""

from __future__ import annotations

import html
import re

from tests.web.test_account_form import FORM


def _flash(page: str) -> str:
    found = re.findall(r'<p class="flash[^"]*"[^>]*>(.*?)</p>', page, re.S)
    return " ".join(" ".join(html.unescape(re.sub(r"<[^>]+>", "", f)).split()) for f in found)


def test_accounts_with_a_name_of_their_own_are_said_after_a_new_name(client, csrf, afterview_home, memory_keyring):
    client.post("/settings/accounts", data={**FORM, "display_name": "Alice Seeker", "csrf": csrf})
    with (afterview_home / "config.toml").open("a") as config:  # added when the profile's name was Alex Morgan
        config.write('\n[accounts.old]\nemail = "alex@example.test"\nsmtp_host = "127.0.0.1"\n'
                     'password_env = "OLD_PASSWORD"\ndisplay_name = "Alex Morgan"\n')
    page = client.post("/settings/profile", data={"name": "Alex Morgan-Reyes", "csrf": csrf}, follow_redirects=True)
    said = _flash(page.text)
    assert ("Account home sends under a name of its own, Alice Seeker, not Alex Morgan-Reyes: to send under your "
            "profile's name (or another), edit account home and leave Your name as recipients "
            "see it empty") in said, said
    assert "Account old sends under a name of its own, Alex Morgan, your name before this change" in said
    assert "afterview" not in said.replace("Afterview", "")
    assert '<a href="/settings#account-home">Account home</a>' in page.text
    assert 'id="account-home"' in page.text and 'id="account-old"' in page.text


def test_nothing_is_said_without_a_new_name_or_such_an_account(client, csrf, afterview_home, memory_keyring):
    client.post("/settings/accounts", data={**FORM, "display_name": "", "csrf": csrf})
    renamed = _flash(client.post("/settings/profile", data={"name": "Alex Morgan-Reyes", "csrf": csrf},
                                 follow_redirects=True).text)
    assert "name of its own" not in renamed and "Profile saved" in renamed
    client.post("/settings/accounts", data={**FORM, "account_name": "work", "display_name": "Alice Seeker",
                                            "csrf": csrf})
    same = _flash(client.post("/settings/profile", data={"name": "Alex Morgan-Reyes", "phone": "+1 555 0100",
                                                         "csrf": csrf}, follow_redirects=True).text)
    assert "name of its own" not in same and "Profile saved" in same
