"""Messages a tester found wanting: where a bad moment came from (--at or AFTERVIEW_AT), what
`afterview show` says about a LinkedIn note and how it wraps a finding, and zone abbreviations
given as a person's time zone."""

from __future__ import annotations

import json
import sys

import pytest

from tests.helpers import afterview, assert_clean_error

AT = ("--at", "2026-11-26T15:00:00Z")


def av(*args, **kwargs):
    return afterview(*AT, *args, **kwargs)


# --at and AFTERVIEW_AT ------------------------------------------------------------------------


def test_a_bad_afterview_at_names_the_variable():
    result = afterview("today", env={"AFTERVIEW_AT": "garbage"})
    assert_clean_error(result, "AFTERVIEW_AT: not a date/time: 'garbage'")
    assert "--at" not in result.error_line.split("(")[0]


def test_a_bad_at_option_names_the_option():
    result = afterview("--at", "garbage", "today")
    assert_clean_error(result, "--at: not a date/time: 'garbage'")
    assert "AFTERVIEW_AT" not in result.err


def test_an_abbreviation_in_afterview_at_names_the_variable():
    result = afterview("today", env={"AFTERVIEW_AT": "2026-12-03 10:00 EST"})
    assert_clean_error(result, "AFTERVIEW_AT: 'EST' in '2026-12-03 10:00 EST' is an abbreviation", "America/New_York")


def test_a_commands_own_at_is_named_as_the_option_even_with_the_variable_set():
    result = afterview("plan", "--at", "1 Jan 1800", env={"AFTERVIEW_AT": "2026-11-26 15:00 UTC"})
    assert_clean_error(result, "--at: '1 Jan 1800' is too far away")
    assert "AFTERVIEW_AT" not in result.err


def test_a_good_afterview_at_still_works():
    assert afterview("today", env={"AFTERVIEW_AT": "2026-11-26 15:00 UTC"}).code == 0


# show: a LinkedIn note --------------------------------------------------------------------------


LONG = ("I have since run Kafka in production for a client and would love to stay in touch as your "
        "team grows over the coming years. ")


@pytest.fixture(scope="session")
def linkedin_drafted(prebuilt):
    return prebuilt.build((*AT, "demo"), (*AT, "draft", "linkedin_note:p5", "--no-ask"))


@pytest.fixture
def linkedin_note(tmp_path, afterview_home, prebuilt, linkedin_drafted):
    """The demo's LinkedIn note to Grace Liu (person 5), drafted and made too long."""
    prebuilt.copy(linkedin_drafted, afterview_home)  # as `av("demo")`, `av("draft", "linkedin_note:p5", "--no-ask")` leave it
    [drafted] = json.loads(av("drafts", "--json").out)
    assert drafted["kind"] == "linkedin_note", drafted
    number = str(drafted["id"])
    script = tmp_path / "editor.py"
    script.write_text("import sys, pathlib\npath = pathlib.Path(sys.argv[1])\n"
                      f"path.write_text(path.read_text().replace('Alex', {LONG!r} + 'Alex'))\n", encoding="utf-8")
    edited = av("edit", number, env={"EDITOR": f"{sys.executable} {script}", "VISUAL": ""})
    assert edited.code == 0, edited.err
    return number


def test_show_a_linkedin_note_without_the_email_address(linkedin_note):
    shown = av("show", linkedin_note)
    assert shown.code == 0, shown.err
    assert shown.out.splitlines()[0] == f"#{linkedin_note} linkedin_note to Grace Liu · drafted · warm"
    assert "grace.liu@fabrikam.example" not in shown.out


def test_show_a_linkedin_note_with_the_profile_url(linkedin_note):
    assert av("person", "edit", "5", "--linkedin", "https://www.linkedin.com/in/grace-liu").code == 0
    shown = av("show", linkedin_note)
    assert shown.out.splitlines()[0] == (
        f"#{linkedin_note} linkedin_note to Grace Liu <https://www.linkedin.com/in/grace-liu> · drafted · warm")
    assert "@" not in shown.out.splitlines()[0]


def test_an_email_still_shows_its_address():
    assert av("demo").code == 0
    assert av("show", "1").out.splitlines()[0] == "#1 thank_you to Marcus Webb <marcus.webb@contoso.example> · sent · -"


def limit_finding(number) -> dict:
    """The linkedin-limit finding of the note, as `show --json` gives it (its words are the reviewer's)."""
    import json

    findings = json.loads(av("show", number, "--json").out)["findings"]
    [found] = [f for f in findings if f["code"] == "linkedin-limit"]
    assert found["suggestion"]
    return found


def test_a_finding_is_one_line_in_a_pipe(linkedin_note):
    found = limit_finding(linkedin_note)
    shown = av("show", linkedin_note)
    [finding] = [line for line in shown.out.splitlines() if "linkedin-limit" in line]
    assert finding == f"error   linkedin-limit: {found['message']} - {found['suggestion']}"


@pytest.mark.parametrize("columns", [60, 45])
def test_a_finding_is_wrapped_between_words_and_indented_on_a_narrow_terminal(linkedin_note, columns):
    lines = av("show", linkedin_note, env={"COLUMNS": str(columns)}).out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("error   linkedin-limit: "))
    end = next(i for i, line in enumerate(lines) if line.endswith("/200 characters"))
    finding = lines[start:end]
    assert len(finding) > 1
    assert all(len(line) <= columns for line in finding)
    assert all(line.startswith(" " * 8) and not line.startswith(" " * 9) for line in finding[1:])
    assert not any(line.rstrip().endswith(" -") or line.strip().startswith("- ") for line in finding)
    found = limit_finding(linkedin_note)
    assert " ".join(line.strip() for line in finding) == (
        f"error   linkedin-limit: {found['message']} - {found['suggestion']}")


# a person's time zone ---------------------------------------------------------------------------


@pytest.mark.parametrize("tz, suggested", [
    ("EST", "'America/New_York'"), ("MST", "'America/Denver' (US Mountain), or America/Phoenix (Arizona)"),
    ("HST", "'Pacific/Honolulu'"), ("EST5EDT", "'America/New_York'"), ("CST6CDT", "'America/Chicago'"),
    ("PST8PDT", "'America/Los_Angeles'"), ("est", "'America/New_York'"), ("PST", "'America/Los_Angeles'"),
    ("CET", "'Europe/Berlin'"),
])
def test_person_add_refuses_zone_abbreviations(tz, suggested):
    result = av("person", "add", "Dana Weiss", "--tz", tz)
    assert_clean_error(result, f"time zone {tz!r} is an abbreviation", f"give the zone's name, e.g. {suggested}")
    assert "Dana Weiss" not in av("person", "list").out


def test_the_fixed_offset_of_a_legacy_zone_is_said():
    result = av("person", "add", "Dana Weiss", "--tz", "EST")
    assert_clean_error(result, "(in the tz database a fixed -05:00 all year, without daylight saving)")


def test_person_edit_refuses_zone_abbreviations_and_keeps_the_zone():
    assert av("person", "add", "Dana Weiss", "--tz", "America/New_York").code == 0
    assert_clean_error(av("person", "edit", "Dana Weiss", "--tz", "EST"), "time zone 'EST' is an abbreviation")
    assert "America/New_York" in av("person", "show", "Dana Weiss").out


@pytest.mark.parametrize("tz", ["America/New_York", "US/Eastern", "UTC", "Etc/GMT+5", "Europe/Berlin"])
def test_zone_names_are_still_accepted(tz):
    assert av("person", "add", "Dana Weiss", "--tz", tz).code == 0


def test_an_unknown_zone_is_still_unknown():
    assert_clean_error(av("person", "add", "Dana Weiss", "--tz", "Mars/Olympus"), "unknown time zone: 'Mars/Olympus'")


def test_the_desks_person_form_refuses_zone_abbreviations(tmp_path):
    from tests.web.conftest import logged_in, make_app

    client, csrf = logged_in(make_app(f"sqlite:///{tmp_path / 'desk.db'}"))
    data = {"csrf": csrf, "name": "Priya Raman", "emails": "priya.raman@northwind.example", "title": "",
            "company": "Northwind Analytics", "timezone": "EST", "country": "", "tags": ""}
    page = client.post("/people/1/edit", data=data)
    assert page.status_code == 400
    assert "Time zone: time zone &#39;EST&#39; is an abbreviation" in page.text or \
        "Time zone: time zone 'EST' is an abbreviation" in page.text
    assert "America/New_York" in page.text


def test_every_typed_zone_refuses_abbreviations(tmp_path):
    """The profile's zone, an interview's --tz and the playbook's [calendar] timezone go through
    the same check as a person's (values.check_typed_timezone)."""
    assert_clean_error(av("profile", "set", "--tz", "EST"), "time zone 'EST' is an abbreviation", "America/New_York")
    assert_clean_error(av("interview", "add", "--opportunity", "1", "--start", "2026-12-03 10:00", "--tz", "CST6CDT"),
                       "time zone 'CST6CDT' is an abbreviation", "America/Chicago")
    book = tmp_path / "playbook.toml"
    book.write_text("[calendar]\ntimezone = 'EST'\n")
    assert_clean_error(av("playbook", "check", str(book)), "[calendar] timezone: time zone 'EST' is an abbreviation")


def test_an_invitations_zone_is_not_a_typed_one():
    from afterview.domain.values import check_timezone

    assert check_timezone("EST") == "EST"  # what a file says is read as it is (see check_typed_timezone)
