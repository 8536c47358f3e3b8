"""Send now goes at once: the review's warnings about that moment (their day off, their night,
too soon after another note) are on the editor by the button, read before it is pressed, as
`afterview send --now` says them before it sends."""

from __future__ import annotations

import html
import re

from tests.web.conftest import draft
from tests.web.test_approve_timing import _capture_thanksgiving_interview


def test_the_editor_says_send_now_s_timing_warnings_by_the_button(client, csrf, db_url):
    key = _capture_thanksgiving_interview(client, csrf, db_url)  # the desk's clock: Thanksgiving, 10:00 New York
    page = client.get(f"/drafts/{draft(client, csrf, key)}").text
    button = re.search(r'<button type="submit" name="do" value="send"[^>]*>', page).group(0)
    assert 'aria-describedby="send-now-warnings"' in button
    said = html.unescape(re.search(r'id="send-now-warnings"><p class="note">(.*?)</p>', page).group(1))
    assert said.startswith("If you use Send now, check the time first: Going out now, it arrives on a public holiday")
    assert "Thanksgiving Day" in said
    assert page.index('id="send-now-warnings"') < page.index("Discard this draft")

