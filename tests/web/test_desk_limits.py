"""What a desk tester found of free text and refusal lines, and how the desk answers now:

- a status change's note of 300,000 characters, or with a control character or a bidi override
  (U+202E turned the line it was shown in around), was stored and shown whole: refused in one
  line, nothing recorded;
- a refusal repeated the whole value typed (a 300,000-character Short name, port, time zone,
  Until): it quotes its first words and its length (`values.shown`);
- a 300,000-character environment variable name was taken; a password command as long took
  seconds to be refused: both refused at once, in one line;
- a Snooze's "the 45th of Smarch" suggested "45 Dec", which it then refused;
- a refusal on Today named the note by its internal key, and a Draft from a tab opened before the
  note was marked done in another said only that no such action was planned;
- two refusal lines did not name their field (Capture's company, the account form's variable);
- the pipeline board scrolled sideways in no named, keyboard-reachable region;
- a People search for a NUL put it in the page's title.
"""

from __future__ import annotations

import html as html_lib
import re

from afterview.domain import model as m
from tests.web.conftest import NOW, read
from tests.web.test_accessibility import capture, error_line, title

HUGE = "z" * 300_000


def _status_notes(db_url, opportunity_id: int) -> list[str]:
    return read(db_url, lambda tx: [c.note for c in tx.get(m.Opportunity, opportunity_id).history])


def test_a_status_note_too_long_or_with_a_control_character_is_refused_in_one_line(client, csrf, db_url):
    before = _status_notes(db_url, 1)
    for note, said in ((HUGE, "note is 300,000 characters long: at most 1,000 are allowed"),
                       ("a\u202ed", "note contains the control character '\\u202e'"),
                       ("a\x00b", "note contains the control character '\\x00'")):
        page = client.post("/opportunities/1/status", data={"csrf": csrf, "status": "withdrawn", "note": note},
                           follow_redirects=True).text
        line = error_line(page)
        assert said in line, line
        assert len(line) < 300 and HUGE[:1000] not in page
        assert _status_notes(db_url, 1) == before  # nothing recorded
    fine = client.post("/opportunities/1/status", data={"csrf": csrf, "status": "withdrawn",
                                                        "note": "  they chose someone local  "},
                       follow_redirects=True).text
    assert 'id="form-error"' not in fine
    assert _status_notes(db_url, 1)[-1] == "they chose someone local"


def test_an_outcome_note_is_checked_as_a_status_note(client, csrf, db_url):
    before = _status_notes(db_url, 3)
    page = client.post("/opportunities/3/outcome", data={"csrf": csrf, "outcome": "rejected", "note": HUGE},
                       follow_redirects=True).text
    assert "note is 300,000 characters long: at most 1,000 are allowed" in error_line(page)
    assert _status_notes(db_url, 3) == before


def test_a_long_value_is_quoted_short_in_the_refusal(client, csrf):
    """Short name, SMTP and IMAP port (Settings), Time zone (Capture, the interview's edit), Until
    (Snooze): the line quotes the first words and the length, never the 300,000 characters."""
    from tests.web.test_account_form_ports import FORM

    shown = "“zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz …” (300,000 characters)"
    lines = []
    for field in ("account_name", "smtp_port", "imap_port"):
        page = client.post("/settings/accounts", data={**FORM, field: HUGE, "csrf": csrf}, follow_redirects=True).text
        lines.append(error_line(page))
    page = capture(client, csrf, timezone=HUGE).text
    lines.append(error_line(page))
    page = client.post("/interviews/1/edit", data={"csrf": csrf, "timezone": HUGE}, follow_redirects=True).text
    lines.append(error_line(page))
    page = client.post("/actions/snooze", data={"csrf": csrf, "key": "thank_you:i1:p2", "until": HUGE, "next": "/"},
                       follow_redirects=True).text
    lines.append(error_line(page))
    for line in lines:
        assert shown in line and len(line) < 400, line[:300]
    assert lines[0].startswith("Short name: invalid account name: “zzz")
    assert lines[1].startswith("SMTP port must be a number from 1 to 65535, not “zzz")
    assert lines[2].startswith("IMAP port must be a number from 1 to 65535, not “zzz")
    assert lines[3].startswith("Time zone: unknown time zone: “zzz")
    assert lines[5].startswith("Could not snooze the thank-you note to Tom Becker: not a date/time: “zzz")


def test_a_port_in_other_digits_is_refused_in_one_line(client, csrf):
    from tests.web.test_account_form_ports import FORM

    page = client.post("/settings/accounts", data={**FORM, "smtp_port": "５８７", "csrf": csrf}, follow_redirects=True)
    assert page.status_code == 400
    assert error_line(page.text) == "SMTP port must be a number from 1 to 65535, not '５８７'"


def test_a_long_variable_name_or_command_is_refused_at_once(client, csrf, afterview_home, monkeypatch):
    import shlex

    from afterview.delivery import accounts
    from tests.web.test_account_form_ports import FORM

    # "at once": its length is looked at before it is read word by word (which took ~10 s), so
    # nothing reads a command that long (no timing: a loaded machine makes any figure flaky)
    real_split, read = shlex.split, []

    def split(text, *args, **kwargs):
        read.append(len(text))
        return real_split(text, *args, **kwargs)

    monkeypatch.setattr(shlex, "split", split)
    real_printed = accounts.printed_secret

    def printed(key, command, **kwargs):
        read.append(len(command))
        return real_printed(key, command, **kwargs)

    monkeypatch.setattr(accounts, "printed_secret", printed)

    page = client.post("/settings/accounts", data={**FORM, "password_env": "A" * 300_000, "csrf": csrf},
                       follow_redirects=True).text
    line = error_line(page)
    assert line.startswith("Variable name: password_env is 300,000 characters long: the name of an environment "
                           "variable has at most 255"), line[:200]
    assert "A" * 300 not in page
    for source, field, label in (("command", "password_command", "Password command"),
                                 ("token", "token_command", "Token command")):
        page = client.post("/settings/accounts", data={**FORM, "secret": source, "password_env": "", field: HUGE,
                                                       "csrf": csrf}, follow_redirects=True).text
        line = error_line(page)
        assert line.startswith(f"{label}: {field} is 300,000 characters long: a command has at most 4,096"), line[:200]
        assert len(HUGE) not in read, read  # refused by its length alone, never read word by word
    assert not (afterview_home / "config.toml").exists() or "accounts" not in (afterview_home / "config.toml").read_text()


def test_an_empty_variable_name_and_an_empty_company_name_their_field(client, csrf):
    from tests.web.test_account_form_ports import FORM

    page = client.post("/settings/accounts", data={**FORM, "password_env": "", "csrf": csrf}, follow_redirects=True).text
    assert error_line(page) == "Variable name: say which environment variable holds the password"
    page = capture(client, csrf, company="", role="").text
    assert error_line(page) == "Company: choose an opportunity, or give the company and the role"
    page = capture(client, csrf, role="").text
    assert error_line(page) == "Role: choose an opportunity, or give the company and the role"


def test_snooze_suggests_no_impossible_date(client, csrf):
    page = client.post("/actions/snooze", data={"csrf": csrf, "key": "thank_you:i1:p2", "until": "the 45th of Smarch",
                                                "next": "/"}, follow_redirects=True).text
    line = error_line(page)
    assert "'45 Dec'" not in line and "no month has a day 45" in line and "e.g. '3 Dec'" in line


def _done_elsewhere(app, db_url, key: str) -> None:
    from afterview.services import planning

    read(db_url, lambda tx: planning.mark_done(tx, key, "phoned", NOW))
    app.state.desk.changed()


def test_a_refusal_names_the_note_not_its_key(app, client, csrf, db_url):
    key = "rejection_reply:o3:p5"
    assert key in client.get("/").text  # planned, with its Done, Skip and Draft
    _done_elsewhere(app, db_url, key)  # in another tab

    skipped = client.post("/actions/skip", data={"csrf": csrf, "key": key, "reason": "tab B", "next": "/"},
                          follow_redirects=True).text
    line = error_line(skipped)
    assert line == ("Could not skip the rejection reply to Grace Liu: it is already marked done (2026-11-26): "
                    "to change that, undo it first (Undo, under Recently decided on Today)"), line
    drafted = client.post("/actions/draft", data={"csrf": csrf, "key": key, "next": "/"}, follow_redirects=True).text
    line = html_lib.unescape(re.sub(r"<[^>]+>", "", re.search(r'class="flash flash-error"[^>]*>(.*?)</p>',
                                                              drafted, re.S).group(1)))
    assert line == ("Could not draft the rejection reply to Grace Liu: it is already marked done (2026-11-26): "
                    "to change that, undo it first (Undo, under Recently decided on Today)"), line
    for page in (skipped, drafted):
        assert key not in re.sub(r'value="[^"]*"', "", page)  # only in the forms' hidden fields


def test_the_terminal_keeps_the_key(app, db_url):
    from afterview.errors import Conflict
    from afterview.services import planning

    key = "rejection_reply:o3:p5"
    _done_elsewhere(app, db_url, key)
    try:
        read(db_url, lambda tx: planning.skip(tx, key, "again", NOW))
    except Conflict as err:
        assert str(err).startswith(f"{key} is already marked done")
    else:
        raise AssertionError("a second decision was recorded")


def test_the_board_is_a_named_region_reached_with_the_keyboard(client):
    page = client.get("/pipeline").text
    board = re.search(r'<div class="board"[^>]*>', page).group(0)
    assert 'role="region"' in board and 'tabindex="0"' in board
    assert re.search(r'aria-label="[^"]+"', board)


def test_a_search_drops_control_characters(client):
    page = client.get("/people?q=%00").text
    assert "\x00" not in page and title(page).startswith("People")
    assert "\x00" not in title(page)
    found = client.get("/people?q=Gr%00ace").text
    assert "Grace Liu" in found and "\x00" not in found


def test_a_skip_reason_with_a_control_character_or_too_long_is_refused_at_its_box(client, csrf, db_url):
    """(The check is `planning._decide`'s: `typed_note`, as the terminal's skip has it.)"""
    for reason, said in (("a\x00b\r\nc\u202ed", "the reason must be a single line"),
                         ("thanked \u202eby phone", "the reason contains the control character '\\u202e'"),
                         (HUGE, "the reason is 300,000 characters long: at most 1,000 are allowed")):
        page = client.post("/actions/skip", data={"csrf": csrf, "key": "thank_you:i1:p3", "reason": reason,
                                                  "next": "/"}, follow_redirects=True).text
        line = error_line(page)
        assert line.startswith(f"Could not skip the thank-you note to Lena Fischer: {said}"), line[:300]
        assert len(line) < 300  # (the box keeps what was typed, to correct it)
    assert read(db_url, lambda tx: tx.list(m.Decision, action_key="thank_you:i1:p3")) == []
