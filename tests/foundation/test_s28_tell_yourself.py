"""A process an accepted offer leaves open with no one to write to (an application with no
contact) is said by `today` until it is closed, not only once by `outcome ... accepted`: under
TO TELL YOURSELF, in `--json` as a record of kind `tell_yourself`, and on the desk's Today.
Found by a tester: "tell them yourself" for such a process was said once and never again."""

from __future__ import annotations

import json

from tests.helpers import afterview
from tests.web.conftest import client_for, make_app, TOKEN

HOOLI = ("ML Engineer at Hooli (opportunity 2, applied) is still open since you accepted Data Engineer at Acme "
         "(Mon 2026-11-30 11:00), with no one to write to")


def _run(db, at, *args):
    done = afterview("--db", str(db), "--at", at, *args)
    assert done.code == 0, done.err
    return done.out


def _accepted(tmp_path):
    db = tmp_path / "t.db"
    for args in (("opportunity", "add", "--company", "Acme", "--role", "Data Engineer"),
                 ("person", "add", "Rita Cole", "--company", "Acme", "--email", "rita@acme.example"),
                 ("opportunity", "add", "--company", "Hooli", "--role", "ML Engineer"),
                 ("opportunity", "add", "--company", "Globex", "--role", "Platform Engineer"),
                 ("person", "add", "Gina Park", "--company", "Globex", "--email", "gina@globex.example"),
                 ("interview", "add", "--opportunity", "3", "--start", "2026-11-19 10:00", "--with",
                  "Gina Park:recruiter", "--format", "video")):
        _run(db, "2026-11-20 10:00", *args)
    said = _run(db, "2026-11-30 11:00", "outcome", "1", "accepted")
    assert "No one to write to for ML Engineer at Hooli" in said
    return db


def test_today_keeps_saying_the_process_left_open_with_no_one_to_write_to(tmp_path):
    db = _accepted(tmp_path)
    for at in ("2026-11-30 12:00", "2026-12-07 09:00"):  # the day after, and a week on
        out = _run(db, at, "today")
        section = out[out.index("TO TELL YOURSELF: 1"):]
        assert f"  {HOOLI}: tell them yourself, then close it: afterview outcome 2 withdrawn" in section, out
        # the process with someone to write to gets its note instead, and is not listed
        assert "Globex (opportunity 3" not in section
    records = json.loads(_run(db, "2026-11-30 12:00", "today", "--json"))
    told = [r for r in records if r["kind"] == "tell_yourself"]
    assert len(told) == 1 and told[0]["opportunity_id"] == 2 and told[0]["accepted_opportunity_id"] == 1
    assert told[0]["command"] == "afterview outcome 2 withdrawn" and told[0]["reason"].startswith(HOOLI)
    # closed, it is no longer listed
    _run(db, "2026-12-01 09:00", "outcome", "2", "withdrawn")
    assert "TO TELL YOURSELF" not in _run(db, "2026-12-01 10:00", "today")
    assert not [r for r in json.loads(_run(db, "2026-12-01 10:00", "today", "--json")) if r["kind"] == "tell_yourself"]


def test_nothing_accepted_lists_nothing_to_tell(tmp_path):
    db = tmp_path / "t.db"
    _run(db, "2026-11-20 10:00", "opportunity", "add", "--company", "Hooli", "--role", "ML Engineer")
    assert "TO TELL YOURSELF" not in _run(db, "2026-11-30 12:00", "today")


def test_the_desk_today_lists_it_with_a_link_to_its_page(tmp_path):
    from datetime import datetime, timezone

    db = _accepted(tmp_path)
    app = make_app(f"sqlite:///{db}", demo=False, now=datetime(2026, 11, 30, 12, 0, tzinfo=timezone.utc))
    client = client_for(app)
    assert client.get(f"/login?token={TOKEN}", follow_redirects=False).status_code == 303
    html = client.get("/").text
    assert '<h2 id="untold-h">To tell yourself' in html
    start = html.index('<section aria-labelledby="untold-h">')
    section = html[start:html.index("</section>", start)]
    assert "ML Engineer at Hooli (opportunity 2, applied) is still open since you accepted Data Engineer at Acme (" \
        in section and "), with no one to write to: tell them yourself, then close it: set its status to withdrawn on" in section
    assert 'href="/opportunities/2"' in section and "Globex" not in section


def test_a_process_whose_withdrawal_note_you_skipped_stays_listed_until_closed(tmp_path):
    """A skipped note closes nothing (only a note sent or marked done does): the process stays
    open, and today says so, with your reason, until you close it. Found by a tester: "skip
    withdrawal ... --reason 'told Gina by phone'" left Globex interviewing with nothing planned."""
    db = _accepted(tmp_path)
    _run(db, "2026-11-30 12:00", "skip", "withdrawal:o3:p2", "--reason", "told Gina by phone")
    out = _run(db, "2026-12-01 10:00", "today")
    section = out[out.index("TO TELL YOURSELF: 2"):]
    assert ("  Platform Engineer at Globex (opportunity 3, interviewing) is still open since you accepted Data "
            "Engineer at Acme (Mon 2026-11-30 11:00), and you skipped the note withdrawing from it (told Gina by "
            "phone): once they know, close it: afterview outcome 3 withdrawn") in section, out
    _run(db, "2026-12-01 11:00", "outcome", "3", "withdrawn")
    assert "Globex (opportunity 3" not in _run(db, "2026-12-01 12:00", "today")
