"""The pipeline commands as a user types them: flows, --json, and every bad input."""

import json
import stat

import pytest

from tests.helpers import afterview, assert_clean_error


@pytest.fixture
def db(tmp_path):
    path = str(tmp_path / "afterview.db")

    def run(*args, input=None):
        return afterview("--db", path, "--at", "2026-11-26 10:00 America/New_York", *args, input=input)

    run.path = path
    return run


@pytest.fixture
def panel(db):
    assert db("opportunity", "add", "--company", "Initech", "--role", "Data Engineer").code == 0
    assert db("person", "add", "Dana Reyes", "--email", "dana@initech.test", "--company", "Initech",
              "--tz", "America/New_York", "--country", "us", "--tag", "data quality").code == 0
    assert db("person", "add", "Sam Ortiz", "--email", "sam@initech.test", "--company", "Initech").code == 0
    result = db("interview", "add", "--opportunity", "1", "--start", "2026-12-01 14:00 America/New_York", "--end", "15:00",
                "--with", "Dana Reyes:hiring-manager", "--with", "sam@initech.test", "--stage", "panel")
    assert result.code == 0, result.err
    return db


def test_a_panel_is_recorded_with_debriefs_per_person(panel):
    result = panel("debrief", "1", "--person", "Dana", "--topic", "streaming migration; data contracts",
                   "--concern", "no Kafka in production", "--decision-date", "2026-12-10")
    assert result.code == 0 and "recorded debrief for Dana Reyes" in result.out
    shown = json.loads(panel("interview", "show", "1", "--json").out)
    assert shown["start"] == "2026-12-01T19:00:00+00:00" and shown["timezone"] == "America/New_York"
    assert [p["role"] for p in shown["participants"]] == ["hiring_manager", "interviewer"]
    (debrief,) = shown["debriefs"]
    assert debrief["topics"] == ["streaming migration", "data contracts"]
    assert debrief["decision_date"] == "2026-12-10"
    opportunity = json.loads(panel("opportunity", "show", "1", "--json").out)
    assert opportunity["status"] == "interviewing"  # adding an interview moved it on


def test_debrief_from_a_file_for_the_whole_panel(panel, tmp_path):
    path = tmp_path / "debrief.toml"
    path.write_text(
        '[[debrief]]\nperson = "Dana Reyes"\ntopics = ["streaming"]\ndecision_date = 2026-12-10\n'
        '[[debrief]]\nperson = "sam@initech.test"\ntopics = ["on-call"]\nrapport = ["marathons"]\n'
    )
    result = panel("debrief", "1", "--file", str(path))
    assert result.code == 0, result.err
    debriefs = json.loads(panel("interview", "show", "1", "--json").out)["debriefs"]
    assert {d["person_id"]: d["topics"] for d in debriefs} == {1: ["streaming"], 2: ["on-call"]}


def test_the_debrief_file_in_the_help_works_as_shown(panel, tmp_path):
    shown = panel("debrief", "--help").out
    example = shown[shown.index("  [[debrief]]"):shown.index("  Keys may also")].splitlines()
    example = [line.strip() for line in example]
    path = tmp_path / "debrief.toml"
    path.write_text("\n".join(example) + "\n")
    result = panel("debrief", "1", "--file", str(path))
    assert result.code == 0, result.err
    [dana] = [d for d in json.loads(panel("interview", "show", "1", "--json").out)["debriefs"] if d["person_id"] == 1]
    assert dana["topics"] == ["data pipeline migration", "on-call rotation"] and dana["promises"]


def test_a_debrief_file_takes_the_flags_names_as_keys(panel, tmp_path):
    path = tmp_path / "debrief.toml"
    path.write_text('[[debrief]]\nperson = "Dana Reyes"\ntopic = "streaming"\nconcern = ["no Go"]\n'
                    'promise = ["slides"]\n')
    result = panel("debrief", "1", "--file", str(path))
    assert result.code == 0, result.err
    [dana] = [d for d in json.loads(panel("interview", "show", "1", "--json").out)["debriefs"] if d["person_id"] == 1]
    assert dana["topics"] == ["streaming"] and dana["promises"] == ["slides"]
    path.write_text('[[debrief]]\nperson = "Dana Reyes"\ntopic = "a"\ntopics = ["b"]\n')
    assert_clean_error(panel("debrief", "1", "--file", str(path)), "'topic' and 'topics' are the same key")


def test_debrief_needs_a_person_when_the_panel_has_several(panel):
    assert_clean_error(panel("debrief", "1", "--topic", "x"), "2 participants", "--person")


def test_an_empty_topic_records_nothing_and_says_so(panel):
    # Found by a tester: `debrief 1 --topic ""` said "updated debrief" and recorded nothing.
    before = json.loads(panel("interview", "show", "1", "--json").out)["debriefs"]
    for flag in ("--topic", "--concern", "--promise", "--rapport"):
        assert_clean_error(panel("debrief", "1", "--person", "Dana Reyes", flag, " "), f"{flag} is empty",
                           "nothing was recorded")
    assert json.loads(panel("interview", "show", "1", "--json").out)["debriefs"] == before


def test_lists_and_shows_have_json(panel):
    for args in (["company", "list"], ["opportunity", "list"], ["person", "list"], ["interview", "list"],
                 ["company", "show", "Initech"], ["person", "show", "Dana Reyes"], ["opportunity", "show", "1"],
                 ["news", "list"], ["profile", "show"]):
        result = panel(*args, "--json")
        assert result.code == 0, (args, result.err)
        json.loads(result.out)


def test_edit_and_delete(panel):
    assert panel("person", "edit", "Sam Ortiz", "--title", "Staff Engineer", "--connection", "connected").code == 0
    sam = json.loads(panel("person", "show", "2", "--json").out)
    assert sam["title"] == "Staff Engineer" and sam["connection"] == "connected" and sam["connected_at"]
    assert panel("interview", "edit", "1", "--start", "2026-12-02 09:00", "--without", "Sam Ortiz").code == 0
    moved = json.loads(panel("interview", "show", "1", "--json").out)
    assert moved["start"] == "2026-12-02T14:00:00+00:00" and moved["end"] == "2026-12-02T15:00:00+00:00"
    assert [p["person_id"] for p in moved["participants"]] == [1]
    assert panel("person", "delete", "2", "--yes").code == 0
    assert_clean_error(panel("company", "delete", "Initech", "--yes"), "has 1 opportunity")
    assert panel("opportunity", "delete", "1", "--yes").code == 0
    assert panel("company", "delete", "Initech", "--yes").code == 0


def test_outcome_feedback_news_profile(panel):
    assert panel("outcome", "1", "rejected", "--note", "went with an internal candidate").code == 0
    assert panel("feedback", "1", "More streaming experience would have helped.", "--person", "Dana").code == 0
    assert panel("news", "add", "Passed the Kafka certification", "--tag", "kafka").code == 0
    assert panel("profile", "set", "--name", "Alex Morgan", "--tz", "America/Chicago", "--linkedin-account", "premium").code == 0
    profile = json.loads(panel("profile", "show", "--json").out)
    assert profile["timezone"] == "America/Chicago" and profile["linkedin_account"] == "premium"
    history = json.loads(panel("opportunity", "show", "1", "--json").out)["history"]
    assert [h["status"] for h in history] == ["applied", "interviewing", "rejected"]


@pytest.mark.parametrize(
    "args, fragments",
    [
        (["opportunity", "show", "99"], ["no opportunity with id 99"]),
        (["opportunity", "show", "abc"], ["not an opportunity id"]),
        (["interview", "show", "x1"], ["not an interview id"]),
        (["news", "show", "n"], ["not a news item id"]),
        (["person", "show", "Nobody"], ["no person"]),
        (["company", "show", "Globex"], ["no company named"]),
        (["interview", "show", "7"], ["no interview with id 7"]),
        (["interview", "add", "--opportunity", "1", "--start", "2026-02-30 10:00"], ["impossible date"]),
        (["interview", "add", "--opportunity", "1", "--start", "2026-12-01 10:00", "--end", "09:00"], ["ends", "before it starts"]),
        (["interview", "add", "--opportunity", "1", "--start", "whenever"], ["not a date/time"]),
        (["interview", "add", "--opportunity", "1", "--start", "2026-12-01 14:00 America/New_York", "--end", "15:00"],
         ["interview 1 of this opportunity already starts then"]),
        (["interview", "add", "--opportunity", "1", "--start", "2026-12-01 10:00", "--tz", "Mars/Base"], ["unknown time zone"]),
        (["interview", "add", "--opportunity", "1", "--start", "2026-12-01 10:00", "--with", "ghost@x.test"], ["no person"]),
        (["person", "add", "X", "--email", "not-an-address"], ["invalid email address"]),
        (["person", "add", "X", "--email", "x@y.test\r\nBcc: z@z.test"], ["invalid email address"]),
        (["person", "add", "X", "--country", "Atlantis"], ["unknown country"]),
        (["person", "add", "X", "--linkedin", "https://example.com/me"], ["not a linkedin profile"]),
        (["news", "add", "x", "--link", "javascript:alert(1)"], ["the link 'javascript:alert(1)' is not a web address"]),
        (["opportunity", "add", "--company", "Foo", "--role", "Bar", "--link", "javascript:alert(1)"],
         ["the link 'javascript:alert(1)' is not a web address"]),
        (["opportunity", "edit", "1", "--link", "javascript:alert(1)"], ["the link 'javascript:alert(1)' is not a web address"]),
        (["opportunity", "edit", "1", "--link", "see email"], ["the link 'see email' is not a web address"]),
        (["interview", "add", "--opportunity", "1", "--start", "2026-12-02 10:00", "--with", "Dana Reyes:boss"],
         ["unknown role 'boss' for Dana Reyes (interviewer, hiring_manager, recruiter, coordinator)"]),
        (["person", "add", "Y", "--email", "dana@initech.test"], ["Dana Reyes already has the address"]),
        (["opportunity", "add", "--company", "Initech", "--role", "X", "--status", "ghosted"], ["unknown status"]),
        (["opportunity", "status", "1", "hired"], ["unknown status"]),
        (["debrief", "1", "--person", "Dana", "--decision-date", "2026-13-45"], ["impossible date"]),
        (["debrief", "1", "--person", "Dana", "--decision-date", "2026-11-30"], ["decision date 2026-11-30 is before the interview (2026-12-01)"]),
        (["debrief", "1", "--topic", "x", "--person", "Nobody Here"], ["no person"]),
        (["profile", "set", "--tz", "Nowhere/City"], ["unknown time zone"]),
        (["profile", "set"], ["nothing to change"]),
        (["timeline"], ["--opportunity"]),
        (["feedback", "1", "  "], ["must not be empty"]),
    ],
)
def test_bad_input_is_one_line_and_exit_2(panel, args, fragments):
    before = panel("export").out
    assert_clean_error(panel(*args), *fragments)
    assert panel("export").out == before  # nothing was written


def test_at_that_is_not_a_time(db):
    assert_clean_error(afterview("--db", db.path, "--at", "the day after", "company", "list"), "not a date/time")


def test_a_database_that_is_not_one(tmp_path):
    fake = tmp_path / "fake.db"
    fake.write_bytes(b"%PDF-1.7 not a database" * 200)
    assert_clean_error(afterview("--db", str(fake), "company", "list"), "not an Afterview database")
    assert fake.read_bytes().startswith(b"%PDF")


def test_a_database_from_a_newer_afterview(tmp_path):
    import sqlite3

    path = tmp_path / "new.db"
    assert afterview("--db", str(path), "company", "add", "Acme").code == 0
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO afterview_migrations VALUES ('0042_future', '2030-01-01 00:00:00')")
    assert_clean_error(afterview("--db", str(path), "company", "list"), "newer version of Afterview")


def test_a_database_in_a_location_that_cannot_be_written():
    assert_clean_error(afterview("--db", "/proc/afterview.db", "company", "list"), "/proc/afterview.db")


def test_interactive_debrief_asks_per_participant(panel):
    # CliRunner's stdin is not a terminal, so the command refuses politely...
    assert_clean_error(panel("debrief", "1"), "run it in a terminal")


def test_help_lists_every_command_and_each_has_help():
    from afterview.interfaces.cli.main import COMMANDS

    top = afterview("--help")
    assert top.code == 0
    for name in COMMANDS:
        assert f"  {name}" in top.out


def test_version():
    result = afterview("--version")
    assert result.code == 0 and "afterview" in result.out


def test_timeline_joins_what_happened_with_what_is_planned(panel):
    assert panel("debrief", "1", "--person", "Dana", "--topic", "streaming").code == 0
    entries = json.loads(panel("timeline", "--opportunity", "1", "--json").out)
    kinds = [(e["kind"], e["planned"]) for e in entries]
    assert ("interview", False) in kinds and ("status", False) in kinds
    planned = [e["text"] for e in entries if e["planned"]]
    assert any("thank you to Dana Reyes" in t for t in planned)
    assert any("thank you to Sam Ortiz" in t for t in planned)
    # each planned entry carries its action's key apart; the text line shows it as the handle
    keys = [e["key"] for e in entries if e["planned"]]
    assert all(k.startswith(("thank_you:", "status_check", "linkedin_note:")) for k in keys) and keys
    assert all(e["key"] == "" for e in entries if not e["planned"])
    lines = panel("timeline", "--opportunity", "1").out.splitlines()
    assert any(line.endswith(f"[{keys[0]}]") and "planned thank you" in line for line in lines)
    assert [e["at"] for e in entries] == sorted(e["at"] for e in entries)
    sam = json.loads(panel("timeline", "--person", "Sam Ortiz", "--json").out)
    assert sam and all("Dana Reyes" not in e["text"] or e["kind"] == "interview" for e in sam)
    assert_clean_error(panel("timeline", "--opportunity", "42"), "no opportunity with id 42")


def test_timeline_says_feedback_once(panel):
    assert panel("outcome", "1", "rejected").code == 0
    for text in ("Feedback: more streaming experience would have helped.", "feedback - stronger SQL",
                 "FEEDBACK from Sam:\nask about the on-call rota", "Great energy; more Kafka next time."):
        assert panel("feedback", "1", text).code == 0
    entries = [e for e in json.loads(panel("timeline", "--opportunity", "1", "--json").out) if e["kind"] == "feedback"]
    assert sorted(e["text"] for e in entries) == sorted([
        "feedback: more streaming experience would have helped.", "feedback: stronger SQL",
        "feedback from Sam: ask about the on-call rota", "feedback: Great energy; more Kafka next time."])
    lines = [line for line in panel("timeline", "--opportunity", "1").out.splitlines() if "feedback" in line.lower()]
    assert len(lines) == 4 and all(line.lower().count("feedback") == 1 for line in lines)

@pytest.mark.parametrize(
    "args, fragment",
    [
        (["nonsense"], "no such command 'nonsense'"),
        (["company", "add"], "missing argument 'name'"),
        (["company", "list", "--colour"], "no such option"),
        (["outcome", "1", "ghosted"], "invalid value"),
    ],
)
def test_usage_errors_are_one_line_too(db, args, fragment):
    result = db(*args)
    assert_clean_error(result, fragment, "--help")


@pytest.mark.parametrize("args", [[], ["person"], ["calendar"]])
def test_a_group_alone_shows_its_help(args):
    result = afterview(*args)
    assert result.code == 0 and result.out.startswith("Usage: afterview") and result.err == ""


def test_delete_asks_first_and_keeps_the_record_on_no(panel):
    assert panel("interview", "delete", "1", input="n\n").code == 130
    assert json.loads(panel("interview", "show", "1", "--json").out)["id"] == 1
    result = panel("interview", "delete", "1", input="y\n")
    assert result.code == 0 and "deleted interview 1" in result.out
    assert_clean_error(panel("interview", "show", "1"), "no interview with id 1")


def test_a_company_is_found_by_the_first_words_of_its_name(db):
    assert db("opportunity", "add", "--company", "Northwind Analytics", "--role", "Data Engineer").code == 0
    added = db("person", "add", "Priya Raman", "--company", "northwind", "--json")
    assert added.code == 0, added.err
    assert json.loads(added.out)["company_id"] == 1
    assert len(json.loads(db("company", "list", "--json").out)) == 1  # no near-duplicate "northwind"
    assert db("company", "add", "Northwind Traders").code == 0
    unsure = db("person", "add", "Tom Becker", "--company", "Northwind")
    assert_clean_error(unsure, "'Northwind' could be Northwind Analytics (1), Northwind Traders (2)")
    assert db("person", "add", "Tom Becker", "--company", "Northwind Traders").code == 0
    # not the first whole words of a name: nothing guessed, a new company as asked
    assert db("person", "add", "Lena Fischer", "--company", "North").code == 0
    assert "North" in [c["name"] for c in json.loads(db("company", "list", "--json").out)]


def test_out_of_range_numbers_binary_input_and_folders_are_one_line(panel, tmp_path):
    binary = tmp_path / "photo.jpg"
    binary.write_bytes(bytes(range(256)) * 4)
    for args, words in ((("show", "99999999999999999999999"), "no message with id"),
                        (("opportunity", "show", "99999999999999999999999"), "no opportunity with id"),
                        (("agenda", "--days", "99999999999"), "--days must be at most 3660"),
                        (("feedback", "1", "--file", str(binary)), "not UTF-8 text"),
                        (("vcard", "export", "-o", str(tmp_path)), "is a folder"),
                        (("csv", "export", "people", "-o", str(tmp_path)), "is a folder"),
                        (("calendar", "export", "-o", ""), "no file name given"),
                        (("interview", "add", "--opportunity", "1", "--start", ""), "say when it starts"),
                        (("plan", "--at", ""), "empty date/time"),  # not "now" in disguise
                        (("interview", "add", "--opportunity", "1", "--start", "tomorrow 10:00", "--end", ""),
                         "--end is empty")):
        assert_clean_error(panel(*args), words)
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]  # no half-written export left behind


def test_edits_keep_addresses_and_company_names_unique(panel):
    assert_clean_error(panel("person", "edit", "Dana Reyes", "--email", "sam@initech.test"),
                       "Sam Ortiz already has the address sam@initech.test")
    assert panel("person", "edit", "Dana Reyes", "--email", "dana@initech.test", "--email", "d@initech.test").code == 0
    assert panel("company", "add", "Globex").code == 0
    assert_clean_error(panel("company", "edit", "Globex", "--name", "initech"), "a company named 'initech' already exists")
    assert panel("company", "edit", "Globex", "--name", "Globex Corp").code == 0


def _header(out: str) -> list[str]:
    """The lines of a show command's header: those before its first indented line."""
    lines = out.splitlines()
    return lines[:next(i for i, line in enumerate(lines) if line.startswith(" "))]


def test_show_headers_are_broken_between_their_parts_on_a_narrow_terminal(db):
    assert db("opportunity", "add", "--company", "Northwind Analytics International",
              "--role", "Senior Data Platform Engineer").code == 0
    assert db("person", "add", "Dr. Maximiliane Katharina von Oberhauser-Lindqvist",
              "--company", "Northwind Analytics International").code == 0
    assert db("interview", "add", "--opportunity", "1", "--start", "2026-12-01 14:00", "--stage",
              "final round with the VP of Engineering and two staff engineers",
              "--with", "Dr. Maximiliane Katharina von Oberhauser-Lindqvist:hiring-manager").code == 0
    assert db("news", "add", "Passed the Confluent Certified Developer for Apache Kafka exam").code == 0
    titles = {
        ("opportunity", "show", "1"): "Senior Data Platform Engineer at Northwind Analytics International (opportunity 1)",
        ("person", "show", "1"): "Dr. Maximiliane Katharina von Oberhauser-Lindqvist (person 1)",
        ("company", "show", "1"): "Northwind Analytics International (company 1)",
        ("interview", "show", "1"): "Interview 1: final round with the VP of Engineering and two staff engineers",
        ("news", "show", "1"): "news item 1: Passed the Confluent Certified Developer for Apache Kafka exam",
    }
    for args, title in titles.items():
        wide = afterview("--db", db.path, *args, env={"COLUMNS": "200"})
        assert wide.code == 0 and _header(wide.out) == [title]  # as before where it fits
        assert _header(afterview("--db", db.path, *args).out) == [title]  # a pipe: one line per header
        for columns in (60, 80):
            shown = afterview("--db", db.path, *args, env={"COLUMNS": str(columns)})
            lines = _header(shown.out)
            assert shown.code == 0 and all(len(line) <= columns for line in lines), (args, columns, lines)
            assert " ".join(lines) == title  # broken between words, none lost or cut
            if len(title) <= columns:
                assert lines == [title]
            assert not any(line.endswith(("(opportunity", "(person", "(company", "at")) for line in lines)
    narrow = _header(afterview("--db", db.path, "opportunity", "show", "1", env={"COLUMNS": "60"}).out)
    assert narrow == ["Senior Data Platform Engineer",
                      "at Northwind Analytics International (opportunity 1)"]
    panel_line = [line for line in afterview("--db", db.path, "interview", "show", "1", env={"COLUMNS": "60"}).out
                  .splitlines() if "Maximiliane" in line or "(hiring manager" in line]
    assert panel_line == ["  Dr. Maximiliane Katharina von Oberhauser-Lindqvist",
                          "  (hiring manager, person 1)"]

def test_news_says_whom_it_matters_to(panel):
    assert panel("debrief", "1", "--person", "Sam", "--topic", "moving nightly batch jobs to streaming").code == 0
    added = panel("news", "add", "Passed the Kafka certification", "--tag", "streaming", "--tag", "Data Quality")
    assert added.code == 0, added.err
    # Dana's own interest (a tag) and Sam's discussed topic (a word of it), most matches first
    assert added.out.splitlines()[1] == "it matters to 2 people: Dana Reyes (Data Quality), Sam Ortiz (streaming)"
    lonely = panel("news", "add", "Won the allotment prize", "--tag", "gardening")
    assert "it matters to nobody yet: give it a --tag" in lonely.out
    listed = panel("news", "list").out.splitlines()
    assert listed[0].split("\t")[-1] == "matters to" and listed[1].endswith("\t2") and listed[2].endswith("\t0")
    shown = panel("news", "show", "1")
    assert shown.code == 0 and "It matters to 2 people:" in shown.out and "Sam Ortiz (person 2): streaming" in shown.out
    data = json.loads(panel("news", "show", "1", "--json").out)
    assert data["news"]["title"] == "Passed the Kafka certification"
    assert [p["name"] for p in data["matters_to"]] == ["Dana Reyes", "Sam Ortiz"]
    # do-not-contact people are nobody's audience: listed apart, as not contacted
    assert panel("person", "edit", "Sam Ortiz", "--do-not-contact").code == 0
    audience, _, apart = panel("news", "show", "1").out.partition("Not contacted (they asked not to be):")
    assert "Sam Ortiz" not in audience and "Sam Ortiz (person 2): streaming; marked do not contact" in apart
    for bad, fragment in ((["news", "show", "9"], "no news item with id 9"), (["news", "show", "x"], "not a news item id")):
        assert_clean_error(panel(*bad), fragment)


def test_news_dated_after_today_is_kept_with_one_warning(db):
    # news is what has already happened: a later date (a typo, "friday" read as the next one) is
    # kept as given, like an application dated after today in an import, with one line that says so
    later = db("news", "add", "Spoke at PyData", "--date", "2026-12-03")
    assert later.code == 0 and later.out.splitlines()[0] == "added achievement 1: Spoke at PyData"
    assert later.err.splitlines() == ["afterview: warning: news item 1: happened on 2026-12-03, "
                                      "after today (2026-11-26); check the date"]
    assert json.loads(db("news", "show", "1", "--json").out)["news"]["happened_on"] == "2026-12-03"
    next_week = db("news", "add", "Kafka certificate", "--date", "next week", "--json")
    assert next_week.code == 0 and json.loads(next_week.out)["happened_on"] == "2026-12-03"
    assert len(next_week.err.splitlines()) == 1 and "after today (2026-11-26)" in next_week.err
    for date in ("2026-11-26", "yesterday", "2026-10-01"):
        assert db("news", "add", f"Done on {date}", "--date", date).err == ""
    assert db("news", "add", "No date given").err == ""
    # today is the one of --at, in your time zone
    assert db("--at", "2026-12-04 09:00", "news", "add", "Talk", "--date", "2026-12-03").err == ""
    assert db("profile", "set", "--tz", "America/Chicago").code == 0
    evening = db("--at", "2026-11-27 03:00 UTC", "news", "add", "Late one", "--date", "2026-11-27")
    assert "after today (2026-11-26)" in evening.err

def test_discard_a_draft(panel):
    assert panel("debrief", "1", "--person", "Dana", "--topic", "streaming migration").code == 0
    drafted = panel("draft", "thank_you:i1:p1")
    assert drafted.code == 0, drafted.err
    draft_id = drafted.out.split()[0].lstrip("#")
    result = panel("discard", draft_id)
    assert result.code == 0 and result.out.splitlines() == [
        f"#{draft_id} discarded",
        "its action is still planned: `afterview draft thank_you:i1:p1` drafts it again, "
        "or `afterview skip thank_you:i1:p1 --reason ...`"]
    assert panel("drafts").out.startswith("no drafts")
    assert_clean_error(panel("discard", draft_id), "only open drafts can be discarded")
    assert_clean_error(panel("discard", "77"), "no message with id 77")
    assert_clean_error(panel("discard", "x"), "not a draft id")


def test_today_says_when_a_note_is_already_on_its_way(panel):
    from afterview.domain.model import Message, MessageState
    from afterview.storage import open_store

    later = ("--at", "2026-12-01 18:00 America/New_York")
    assert panel("debrief", "1", "--person", "Dana", "--topic", "streaming migration").code == 0
    draft_id = int(panel(*later, "draft", "thank_you:i1:p1").out.split()[0].lstrip("#"))
    assert f"a draft exists (message {draft_id})" in panel(*later, "today").out
    store = open_store(f"sqlite:///{panel.path}")
    for state, words in ((MessageState.SCHEDULED, f"scheduled (message {draft_id}): goes with the next send round"),
                         (MessageState.FAILED, f"its send failed (message {draft_id}): afterview show {draft_id}")):
        with store.transaction() as tx:
            message = tx.get(Message, draft_id)
            message.state = state
            tx.update(message)
        assert words in panel(*later, "today").out
    store.close()


def test_a_cancelled_interview_says_so_and_asks_for_no_debrief(panel):
    assert "no debrief yet: afterview debrief 1 --person 1" in panel("interview", "show", "1").out
    assert panel("interview", "edit", "1", "--cancelled").code == 0
    shown = panel("interview", "show", "1").out
    assert "  cancelled    yes" in shown and "no debrief yet" not in shown
    assert panel("interview", "list").out.splitlines()[1].split("\t")[4] == "panel (cancelled)"
    assert "America/New_York (cancelled)" in panel("opportunity", "show", "1").out


def test_drafts_marks_those_no_longer_planned(panel):
    assert panel("debrief", "1", "--person", "Dana", "--topic", "streaming migration").code == 0
    assert panel("draft", "thank_you:i1:p1").code == 0
    assert "no longer planned" not in panel("drafts").out
    assert panel("outcome", "1", "rejected").code == 0
    listed = panel("drafts")
    assert "drafted (no longer planned)" in listed.out and "afterview discard N" in listed.err
    assert json.loads(panel("drafts", "--json").out)[0]["no_longer_planned"] is True


def test_timeline_shows_done_skip_and_snooze_with_their_notes(panel):
    later = ("--at", "2026-12-01 18:00 America/New_York")
    assert panel(*later, "done", "thank_you:i1:p1", "--note", "sent from my phone").code == 0
    assert panel(*later, "skip", "thank_you:i1:p2", "--reason", "wrote a card").code == 0
    entries = [e for e in json.loads(panel(*later, "timeline", "--opportunity", "1", "--json").out)
               if e["kind"] == "decision"]
    assert [e["text"] for e in entries] == ["thank you to Dana Reyes: marked done (sent from my phone)",
                                            "thank you to Sam Ortiz: skipped (wrote a card)"]
    sam = json.loads(panel(*later, "timeline", "--person", "Sam Ortiz", "--json").out)
    assert any(e["kind"] == "decision" and "skipped" in e["text"] for e in sam)
    # taken back: the history keeps the skip, and says when it was undone; the plan has it again
    undone_at = ("--at", "2026-12-02 09:00 America/New_York")
    assert panel(*undone_at, "undo", "thank_you:i1:p2").code == 0
    entries = [e for e in json.loads(panel(*undone_at, "timeline", "--opportunity", "1", "--json").out)
               if e["kind"] == "decision"]
    assert [(e["at"], e["text"]) for e in entries] == [
        ("2026-12-01T23:00:00+00:00", "thank you to Dana Reyes: marked done (sent from my phone)"),
        ("2026-12-01T23:00:00+00:00", "thank you to Sam Ortiz: skipped (wrote a card)"),
        ("2026-12-02T14:00:00+00:00", "thank you to Sam Ortiz: undone (was skipped)")]
    assert "thank_you:i1:p2" in panel(*undone_at, "today").out
    # and a second undo finds nothing in force to take back
    again = panel(*undone_at, "undo", "thank_you:i1:p2")
    assert again.code != 0 and "nothing to undo for 'thank_you:i1:p2'" in again.err


def test_timeline_keeps_the_order_things_happened_in_at_one_moment(panel):
    # Found by a tester: a day's commands all run with one --at came back sorted by kind and text
    # ("marked done" before the rejection it followed, Dana's decision before Sam's made earlier).
    now = ("--at", "2026-12-03 10:00 America/New_York")
    assert panel(*now, "outcome", "1", "rejected", "--from", "Dana Reyes").code == 0
    assert panel(*now, "feedback", "1", "more depth in SQL").code == 0
    assert panel(*now, "skip", "thank_you:i1:p2", "--reason", "wrote a card").code == 0
    assert panel(*now, "done", "thank_you:i1:p1", "--note", "sent from my phone").code == 0
    entries = json.loads(panel(*now, "timeline", "--opportunity", "1", "--json").out)
    happened = [(e["kind"], e["text"]) for e in entries if not e["planned"] and e["at"] >= "2026-12-03"]
    assert happened == [
        ("status", "Data Engineer: rejected (told by Dana Reyes)"),
        ("feedback", "feedback: more depth in SQL"),
        ("decision", "thank you to Sam Ortiz: skipped (wrote a card)"),
        ("decision", "thank you to Dana Reyes: marked done (sent from my phone)"),
    ]
