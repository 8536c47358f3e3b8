"""The desk's Today line on an account written wrong says what to do in the desk's words, and for
a misspelt key (which its Edit form cannot rename) to correct the file's line."""

from __future__ import annotations

from afterview.interfaces.web.pages import PUT_RIGHT_ON_SETTINGS, broken_words_here
from afterview.services.holds_said import BrokenAccount


def test_a_wrong_value_is_put_right_on_the_settings_page():
    line = broken_words_here(BrokenAccount("me", "config.toml: [accounts.me] smtp_port must be a port number (line 4)",
                                           (3,)))
    assert line.startswith("account me cannot be used: config.toml: [accounts.me] smtp_port")
    assert line.endswith(f"What to do: {PUT_RIGHT_ON_SETTINGS}") and "afterview " not in line


def test_a_misspelt_key_is_corrected_in_the_file():
    line = broken_words_here(BrokenAccount("me", "config.toml: [accounts.me] unknown key 'emial' (line 3)", (3, 4)))
    assert "What to do: correct that line in config.toml" in line and "afterview " not in line
    assert "2 approved notes wait on it (messages 3, 4)" in line
