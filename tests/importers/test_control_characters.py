"""Control characters and bidirectional overrides in imported files never reach the records, nor
the drafts made from them; ordinary text (accents, CJK, emoji, right-to-left scripts) is kept as
it is. Real files, through the real import commands."""

import codecs
import re

from afterview.domain.model import Company, Interview, Message, Opportunity, Person
from tests.importers.conftest import cli_at, run, stored

# What a stored value may never hold: the C0 controls but tab and newline, DEL, the C1 controls,
# and the bidirectional embeddings, overrides and isolates.
ACTING = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
ESC, BEL, DEL, CSI, RLO, PDF, LRI, PDI = "\x1b", "\x07", "\x7f", "\x9b", "\u202e", "\u202c", "\u2066", "\u2069"
# Ordinary text that must come through unchanged: accents, CJK, an emoji ZWJ sequence, Arabic
# and Hebrew with a right-to-left mark.
PLAIN = ["Zoë Ødegård", "李小龙", "👩\u200d💻 Dev", "شكرا", "שלום\u200f"]


def everything_stored() -> list[str]:
    def read(tx):
        found = []
        for kind in (Company, Opportunity, Person, Interview, Message):
            for record in tx.list(kind):
                found += [getattr(record, f) for f in record.__dataclass_fields__ if isinstance(getattr(record, f), str)]
        return found
    return stored(read)


def ok(capsys, *argv) -> tuple[str, str]:
    code, out, err = run(capsys, *argv)
    assert code == 0, err
    return out, err


INVITE = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\nMETHOD:REQUEST\r\n"
    "BEGIN:VEVENT\r\nUID:ctl-1@globex.com\r\nDTSTAMP:20261120T101500Z\r\n"
    "DTSTART;TZID=America/New_York:20261203T100000\r\nDTEND;TZID=America/New_York:20261203T110000\r\n"
    f"ORGANIZER;CN=\"{RLO}Ola Nordmann{PDF}\":mailto:ola@globex.com\r\n"
    f"ATTENDEE;CN=\"Kai{ESC}[2J Fischer\";ROLE=REQ-PARTICIPANT:mailto:kai@globex.com\r\n"
    f"ATTENDEE;CN=\"{PLAIN[0]}\";ROLE=REQ-PARTICIPANT:mailto:zoe@globex.com\r\n"
    f"ATTENDEE;CN=\"{LRI}{PLAIN[1]}{PDI}\";ROLE=REQ-PARTICIPANT:mailto:li@globex.com\r\n"
    "ATTENDEE;CN=Sam Seeker:mailto:sam.seeker@gmail.com\r\n"
    f"SUMMARY:Globex | Data Engineer{BEL} - Technical Interview {PLAIN[2]}\r\n"
    f"LOCATION:Globex HQ{CSI}\\n1 Main St\r\n"
    f"DESCRIPTION:Join: https://zoom.us/j/123456789\\nAgenda{ESC}[31m: design\\n\\t{PLAIN[3]}\r\n"
    "END:VEVENT\r\nEND:VCALENDAR\r\n"
)


def test_a_calendar_invitation(tmp_path, capsys):
    path = tmp_path / "invite.ics"
    path.write_text(INVITE, encoding="utf-8", newline="")
    ok(capsys, "profile", "set", "--name", "Sam Seeker", "--email", "sam.seeker@gmail.com")
    ok(capsys, "calendar", "import", str(path))

    def read(tx):
        [interview] = tx.list(Interview)
        [opportunity] = tx.list(Opportunity)
        return interview, opportunity, {p.emails[0]: p.name for p in tx.list(Person)}

    interview, opportunity, people = stored(read)
    assert people == {"ola@globex.com": "Ola Nordmann", "kai@globex.com": "Kai[2J Fischer",
                      "zoe@globex.com": PLAIN[0], "li@globex.com": PLAIN[1]}
    assert opportunity.role == "Data Engineer"  # read from the title once plain
    assert interview.stage == "technical"
    assert interview.location == "Globex HQ\n1 Main St"
    assert interview.notes == f"From the calendar: Globex | Data Engineer - Technical Interview {PLAIN[2]}"
    for text in everything_stored():
        assert not ACTING.search(text), repr(text)


def test_drafts_after_the_interview_hold_no_control_character(tmp_path, capsys):
    path = tmp_path / "invite.ics"
    path.write_text(INVITE, encoding="utf-8", newline="")
    ok(capsys, "profile", "set", "--name", "Sam Seeker", "--email", "sam.seeker@gmail.com")
    ok(capsys, "calendar", "import", str(path))
    code, out, err = cli_at(capsys, "2026-12-03 18:00 UTC", "draft", "--interview", "1", "--no-ask")
    assert code == 0, err
    messages = stored(lambda tx: tx.list(Message))
    # A thank-you to each interviewer, greeting them by the name as it shows.
    assert {m.body.splitlines()[0] for m in messages} == {"Hi Ola,", "Hi Kai[2J,", "Hi Zoë,", f"Hi {PLAIN[1]},"}
    for message in messages:
        assert message.subject == "Thank you - Data Engineer interview"
        assert not ACTING.search(message.subject + message.body), repr(message.body)


TRACKER = (
    "Company,Role,Status,Date Applied,Link,Source,Notes,Contact,Contact Email,Location\r\n"
    f"Initech{ESC}[1m,Engineer{RLO},Rej{DEL}ected,2026-10-01,N/A{CSI},Referral{ESC},"
    f"\"first line\r\nsecond{ESC}[31m line\ttabbed\",Bill{RLO} Lumbergh,bill@initech.com,\"Austin{LRI}, TX{PDI}\"\r\n"
    f"{PLAIN[0]} AG,{PLAIN[1]},Applied,2026-10-02,https://jobs.example.com/42,{PLAIN[2]},{PLAIN[3]} {PLAIN[4]},,,\r\n"
)


def test_a_spreadsheet_tracker(tmp_path, capsys):
    path = tmp_path / "tracker.csv"
    path.write_text(TRACKER, encoding="utf-8", newline="")
    ok(capsys, "csv", "import", str(path))

    def read(tx):
        companies = {c.id: c.name for c in tx.list(Company)}
        return ({companies[o.company_id]: o for o in tx.list(Opportunity)}, [p.name for p in tx.list(Person)])

    opportunities, people = stored(read)
    assert set(opportunities) == {"Initech[1m", f"{PLAIN[0]} AG"}
    initech = opportunities["Initech[1m"]
    assert (initech.role, initech.status.value, initech.source) == ("Engineer", "rejected", "Referral")
    assert initech.notes == ("first line\nsecond[31m line\ttabbed\nLink in the spreadsheet: N/A\nLocation: Austin, TX")
    assert people == ["Bill Lumbergh"]
    plain = opportunities[f"{PLAIN[0]} AG"]
    assert (plain.role, plain.source, plain.notes) == (PLAIN[1], PLAIN[2], f"{PLAIN[3]} {PLAIN[4]}")
    for text in everything_stored():
        assert not ACTING.search(text), repr(text)


def test_a_linkedin_export(tmp_path, capsys):
    path = tmp_path / "Connections.csv"
    path.write_bytes(codecs.BOM_UTF8 + (
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
        f"{RLO}Ann,Lee{ESC},https://www.linkedin.com/in/ann-lee,,Globex{BEL},Data{LRI} Engineer{PDI},12 Mar 2024\r\n"
        f"Zoë,Ødegård,https://www.linkedin.com/in/zoe,,{PLAIN[1]},{PLAIN[3]},13 Mar 2024\r\n"
    ).encode())
    ok(capsys, "linkedin", "import", str(path))

    def read(tx):
        companies = {c.id: c.name for c in tx.list(Company)}
        return {p.name: (companies.get(p.company_id), p.title) for p in tx.list(Person)}

    assert stored(read) == {"Ann Lee": ("Globex", "Data Engineer"), "Zoë Ødegård": (PLAIN[1], PLAIN[3])}
