"""A first week of imports by someone in Berlin whose interviewers are in London, New York and
Bangalore, with the files as their calendars and LinkedIn wrote them (data/first_week/):

- a LinkedIn connection recorded without a zone or country takes them from the invitation that
  brings her in, as she takes its address, and the import says so; her thank-you is then planned in
  London's mornings around England's bank holidays. What someone recorded is kept;
- an Outlook invitation's Windows zone name gives the zone and that zone's country, as an IANA
  name does ("Eastern Standard Time": America/New_York, US): no German Easter Monday for New York;
  a zone is recorded by its current name (Asia/Kolkata, never Asia/Calcutta);
- a guest Google lists by address alone (CN=b.nakamura@waynedata.io) gets a name guessed from the
  address, which the import says, with the command that records theirs;
- "Company: Role - stage" titles, and company names the domain spells without umlauts
  (mueller-soehne.de: "Müller & Söhne"), which a later LinkedIn row then matches;
- "Dana Reyes (Recruiting)" is Dana Reyes, a coordinator;
- a LinkedIn re-import with a new position takes it when the title is the one the last import
  gave, and says so when it is not, with the command that takes it;
- the import report's times name their zone.
"""

from __future__ import annotations

import shutil
import warnings as python_warnings
from pathlib import Path

import pytest

from tests.helpers import afterview

FILES = Path(__file__).parent / "data" / "first_week"
AT = "2026-11-28 12:00"


@pytest.fixture
def cli(tmp_path):
    """`afterview --db ... --at AT ARGS` for a user in Berlin (DE-BE), and the files in tmp_path."""
    for path in FILES.iterdir():
        shutil.copy(path, tmp_path / path.name)
    db = str(tmp_path / "w.db")

    def run(*args: str, at: str = AT, code: int = 0):
        result = afterview("--db", db, "--at", at, *args)
        assert result.code == code, (result.out, result.err)
        assert "Traceback" not in result.out + result.err
        return result

    run("profile", "set", "--name", "Lena Vogel", "--email", "lena.vogel@gmail.example", "--tz", "Europe/Berlin",
        "--country", "DE-BE")
    run.dir = tmp_path
    return run


def warnings(result) -> list[str]:
    return [line.removeprefix("afterview: warning: ") for line in result.err.splitlines()]


# -- 1. a blank zone and country are filled from the invitation, as a blank address is ------------


def test_a_linkedin_connection_takes_the_invitations_zone_and_country_and_is_thanked_in_london(cli):
    connections = cli.dir / "one.csv"
    connections.write_text("Notes:\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
                           "Olivia,Hart,https://www.linkedin.com/in/olivia-hart,,Fenwick & Hale,Head of Data,"
                           "05 Nov 2026\n")
    cli("linkedin", "import", str(connections))
    result = cli("calendar", "import", str(cli.dir / "london_invite.ics"))
    assert warnings(result)[0] == (
        "london_invite.ics line 5: Olivia Hart: time zone Europe/London, country GB-ENG, from the invitation "
        "(blank before); correct with afterview person edit 1")
    shown = cli("person", "show", "1").out
    assert "olivia.hart@fenwickhale.co.uk" in shown
    assert "Europe/London" in shown and "GB-ENG" in shown
    why = cli("why", "thank_you:i1:p1").out
    # Thu 24 Dec 14:00 in London: Christmas Day and Boxing Day (observed Mon 28 Dec) are England's
    assert "Boxing Day" in why, why
    assert "Tue 29 Dec 08:00-09:00 their time (Europe/London)" in why, why


def test_a_zone_or_country_recorded_is_kept_and_a_blank_country_is_filled_only_with_its_zone(cli):
    connections = cli.dir / "two.csv"
    connections.write_text("Notes:\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
                           "Olivia,Hart,https://www.linkedin.com/in/olivia-hart,,Fenwick & Hale,Head of Data,"
                           "05 Nov 2026\n")
    cli("linkedin", "import", str(connections))
    cli("person", "edit", "1", "--country", "US")  # she is American: a country of several zones, no zone
    assert "time zone" not in cli("person", "show", "1").out
    result = cli("calendar", "import", str(cli.dir / "london_invite.ics"))
    assert warnings(result)[0] == (
        "london_invite.ics line 5: Olivia Hart: time zone Europe/London, from the invitation (blank before); "
        "country US kept as recorded; correct with afterview person edit 1")
    shown = cli("person", "show", "1").out
    assert "Europe/London" in shown and "US" in shown and "GB-ENG" not in shown

    cli("person", "edit", "1", "--tz", "America/New_York", "--country", "US")
    cli("interview", "delete", "1", "--yes")
    again = cli("calendar", "import", str(cli.dir / "london_invite.ics"), "--uid", "fh-final@google.com")
    assert not any("Olivia Hart: time zone" in w or "country" in w for w in warnings(again)), again.err
    shown = cli("person", "show", "1").out
    assert "America/New_York" in shown and "Europe/London" not in shown


# -- 2. a Windows zone name gives its zone's country; zones by their current names ---------------


def test_an_outlook_eastern_standard_time_invitation_is_thanked_around_us_holidays(cli):
    result = cli("calendar", "import", str(cli.dir / "outlook2.ics"))
    assert (
        "outlook2.ics line 20: Tom Reid: time zone America/New_York, country US, from the invitation (the country "
        "of its main zone: the invitation names a Windows zone, which other countries share); correct with "
        "afterview person edit 2") in warnings(result)
    shown = cli("person", "show", "Tom Reid").out
    assert "America/New_York" in shown and "US" in shown
    why = cli("why", "thank_you:i1:p2").out
    # Fri 26 Mar 2027 is Good Friday and Mon 29 Mar Easter Monday in Germany, neither in the US
    assert "Good Friday" not in why and "Easter Monday" not in why, why
    assert "Mon 29 Mar 08:00-09:00 their time (America/New_York)" in why, why


@pytest.mark.parametrize("tzid", ["India Standard Time", "Asia/Calcutta", "/mozilla.org/20050126_1/Asia/Calcutta"])
def test_a_zone_is_recorded_by_its_current_name(cli, tzid):
    text = (cli.dir / "london_invite.ics").read_text().replace("TZID=Europe/London", f'TZID="{tzid}"')
    (cli.dir / "india.ics").write_text(text)
    with python_warnings.catch_warnings(record=True) as caught:  # a library's own words on stderr: none
        python_warnings.simplefilter("always")
        result = cli("calendar", "import", str(cli.dir / "india.ics"))
    assert [str(w.message) for w in caught if "TZID" in str(w.message)] == []
    assert "Olivia Hart: time zone Asia/Kolkata, country IN, from the invitation" in result.err, result.err
    assert "Asia/Calcutta" not in result.out + result.err
    assert "Asia/Kolkata" in cli("interview", "show", "1").out


# -- 3. a name made from an address is said to be a guess ----------------------------------------


def test_a_guest_listed_by_address_alone_gets_a_name_said_to_be_guessed(cli):
    result = cli("calendar", "import", str(cli.dir / "g_cn.ics"))
    people = cli("person", "list").out
    assert "B. Nakamura" in people
    [said] = [w for w in warnings(result) if "guessed" in w]
    assert said == ("g_cn.ics line 6: B. Nakamura: name guessed from the address b.nakamura@waynedata.io (the "
                    "invitation gives none); notes greet them without a name until you give theirs: afterview "
                    "person edit 1 --name NAME")


def test_a_trackers_contact_given_by_address_alone_is_said_to_be_guessed(cli):
    sheet = cli.dir / "tracker.csv"
    sheet.write_text("Company,Role,Status,Contact Email\nGlobex,Data Engineer,applied,b.nakamura@globex.com\n")
    result = cli("csv", "import", str(sheet))
    assert warnings(result) == [
        "tracker.csv line 2: B. Nakamura: name guessed from the address b.nakamura@globex.com (the sheet gives "
        "none); notes greet them without a name until you give theirs: afterview person edit 1 --name NAME"]


def test_a_name_the_invitation_gives_is_no_guess(cli):
    result = cli("calendar", "import", str(cli.dir / "outlook2.ics"))
    assert "guessed" not in result.err


# -- 4. and 5. the company and role a title gives; the name a domain spells ---------------------


def test_company_colon_role_dash_stage(cli):
    result = cli("calendar", "import", str(cli.dir / "g_cn.ics"))
    assert ("line 6: new: Wayne Data: Analytics Engineer - technical interview on 2026-12-08 16:00 Europe/Berlin: "
            "Wayne Data, Analytics Engineer") in result.out.splitlines(), result.out
    assert "Waynedata" not in cli("company", "list").out


def test_an_umlaut_company_is_named_as_written_and_a_linkedin_row_matches_it(cli):
    result = cli("calendar", "import", str(cli.dir / "mueller_soehne.ics"))
    assert ": Müller & Söhne, (role unknown)" in result.out, result.out
    connections = cli.dir / "ms.csv"
    connections.write_text("Notes:\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
                           "Katrin,Schulz,https://www.linkedin.com/in/katrin-schulz,,Müller & Söhne GmbH,"
                           "Head of Data,05 Nov 2026\n"
                           "Peter,Lang,https://www.linkedin.com/in/peter-lang,,Müller & Söhne GmbH,CTO,05 Nov 2026\n")
    linked = cli("linkedin", "import", str(connections))
    assert "ambiguous" not in linked.out
    assert "line 4: updated: Katrin Schulz: matched by name and company" in linked.out, linked.out
    companies = [line for line in cli("company", "list").out.splitlines()[1:] if line.strip()]
    assert len(companies) == 1 and "Müller & Söhne" in companies[0], companies
    assert "Mueller" not in cli("person", "list").out


@pytest.mark.parametrize("summary, company, role", [
    ("Wayne Data: Analytics Engineer - technical interview", "Wayne Data", "Analytics Engineer"),
    ("Updated invitation: Wayne Data: Analytics Engineer - technical interview", "Wayne Data", "Analytics Engineer"),
    ("Product Hunt: Growth Marketer - final round", "Product Hunt", "Growth Marketer"),
    # the shapes covered before keep their readings
    ("Interview: Senior Data Analyst", "", "Senior Data Analyst"),
    ("Senior Data Engineer: Technical Interview", "", "Senior Data Engineer"),
    ("Reminder: Data Engineer - technical interview", "", "Data Engineer"),
    ("Interview with Jane: Data Engineer", "", "Data Engineer"),
    ("Fabrikam: chat with the hiring manager", "", "(role unknown)"),
    ("Globex | Data Engineer - Technical Interview", "", "Data Engineer"),
    ("Interview at Globex", "Globex", "(role unknown)"),
])
def test_the_company_and_role_of_a_title(summary, company, role):
    from afterview.importers.interviews import company_from_summary, role_from_summary

    assert (company_from_summary(summary), role_from_summary(summary)) == (company, role)


@pytest.mark.parametrize("texts, domain, name", [
    (["Vorstellungsgespräch Müller & Söhne", "Müller & Söhne GmbH"], "mueller-soehne.de", "Müller & Söhne"),
    (["Vorstellungsgespräch", "Müller & Söhne GmbH, Friedrichstraße 10"], "mueller-soehne.de", "Müller & Söhne"),
    (["Gespräch Müller und Söhne"], "mueller-soehne.de", "Müller und Söhne"),
    (["Straße & Weiß: Data Engineer"], "strasse-weiss.de", "Straße & Weiß"),
    (["Wayne Data: Analytics Engineer - technical interview"], "waynedata.io", "Wayne Data"),
    (["Fenwick & Hale | Lead Data Engineer"], "fenwickhale.co.uk", "Fenwick & Hale"),
    (["interview - globex"], "globex.com", ""),  # in small letters: the domain's own "Globex" is as good
    (["Technical interview"], "globex.com", ""),
])
def test_the_name_a_domain_spells(texts, domain, name):
    from afterview.importers.names import name_for_domain, spells_domain

    assert name_for_domain(texts, domain) == name
    if name:
        assert spells_domain(name, domain)


# -- 6. a remark after a name is no part of it ---------------------------------------------------


def test_a_remark_in_parentheses_is_taken_out_of_the_name_and_still_makes_a_coordinator(cli):
    cli("calendar", "import", str(cli.dir / "outlook2.ics"))
    assert "(Recruiting)" not in cli("person", "list").out
    shown = cli("interview", "show", "1").out
    assert "Dana Reyes (coordinator, person 1)" in shown, shown
    assert "Tom Reid (interviewer, person 2)" in shown, shown


@pytest.mark.parametrize("written, name, remark", [
    ("Dana Reyes (Recruiting)", "Dana Reyes", "Recruiting"),
    ("Tom Reid [External]", "Tom Reid", "External"),
    ("(Recruiting)", "(Recruiting)", ""),
    ("Tom Reid", "Tom Reid", ""),
])
def test_split_remark(written, name, remark):
    from afterview.importers.names import split_remark

    assert split_remark(written) == (name, remark)


# -- 7. a new position on LinkedIn ----------------------------------------------------------------


def test_a_new_position_follows_the_export_unless_the_title_was_changed_by_hand(cli):
    cli("linkedin", "import", str(cli.dir / "Connections.csv"))
    again = cli("linkedin", "import", str(cli.dir / "Connections_v2.csv"))
    assert "line 5: updated: Olivia Hart: matched by its row imported before: title Head of Data Platform -> VP Data" \
        in again.out.splitlines(), again.out
    assert "2 updated" in again.out
    assert "VP Data" in cli("person", "show", "Olivia Hart").out

    cli("person", "edit", "Olivia Hart", "--title", "Head of Data")  # by hand
    newer = cli.dir / "Connections_v3.csv"
    newer.write_text((cli.dir / "Connections_v2.csv").read_text().replace("VP Data", "SVP Data"))
    third = cli("linkedin", "import", str(newer))
    assert warnings(third) == [
        "Connections_v3.csv line 5: Olivia Hart: the export gives the position 'SVP Data', the title recorded is "
        "'Head of Data', kept (typed, or changed since the last import); to take the export's: afterview person "
        "edit 1 --title 'SVP Data'"]
    assert "Head of Data" in cli("person", "show", "Olivia Hart").out


# -- 8. the report's times name their zone --------------------------------------------------------


def test_the_report_names_the_zone_of_its_times(cli):
    result = cli("calendar", "import", str(cli.dir / "outlook2.ics"))
    assert "line 20: new: Initech | Data Engineer - Technical Interview on 2027-03-26 15:00 America/New_York: " \
           "Initech, Data Engineer" in result.out.splitlines(), result.out
