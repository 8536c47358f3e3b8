"""A person's timeline of several opportunities names the opportunity of each line."""

import json

from afterview.domain.model import DecisionKind, MessageKind
from afterview.domain.timeline import timeline

from tests.helpers import afterview
from tests.planner.builders import World, at


def _rita():
    """Rita, the recruiter on the panels of two processes at Contoso, thanked for both (by phone)
    at one same minute."""
    w = World()
    contoso = w.company("Contoso")
    rita = w.person("Rita Gomez", contoso)
    data = w.opportunity(contoso, "Data Engineer")
    analytics = w.opportunity(contoso, "Analytics Engineer")
    first = w.interview(data, at("2026-11-10 10:00"), at("2026-11-10 11:00"), rita)
    second = w.interview(analytics, at("2026-11-11 10:00"), at("2026-11-11 11:00"), rita)
    for interview in (first, second):
        w.decide(f"thank_you:i{interview.id}:p{rita.id}", DecisionKind.DONE, at("2026-11-11 12:00"),
                 note="sent from phone")
    return w, rita, data, analytics


def test_two_lines_alike_of_two_opportunities_say_which_is_which():
    # Found by a tester: "thank you to Rita Gomez: marked done (sent from phone)" twice at one
    # minute, with nothing to tell the two processes apart.
    w, rita, data, analytics = _rita()
    decided = [(e.text, e.about) for e in timeline(w.facts, person_id=rita.id) if e.kind == "decision"]
    assert decided == [("thank you to Rita Gomez: marked done (sent from phone)", "Data Engineer at Contoso"),
                       ("thank you to Rita Gomez: marked done (sent from phone)", "Analytics Engineer at Contoso")]
    interviews = [e.about for e in timeline(w.facts, person_id=rita.id) if e.kind == "interview"]
    assert interviews == ["Data Engineer at Contoso", "Analytics Engineer at Contoso"]
    # one opportunity's timeline (or a person's of one process) names none: it is the page's
    assert {e.about for e in timeline(w.facts, opportunity_id=data.id)} == {""}
    del w.facts.opportunities[analytics.id]
    assert {e.about for e in timeline(w.facts, person_id=rita.id)} == {""}


def test_one_role_twice_at_one_company_is_told_apart_by_its_id():
    w, rita, data, analytics = _rita()
    analytics.role = "Data Engineer"  # applied again, a year later
    abouts = {e.about for e in timeline(w.facts, person_id=rita.id)}
    assert abouts == {f"Data Engineer at Contoso (opportunity {data.id})",
                      f"Data Engineer at Contoso (opportunity {analytics.id})"}


def test_every_kind_of_line_names_it():
    w, rita, data, analytics = _rita()
    w.sent(f"rejection_reply:o{data.id}:p{rita.id}", MessageKind.REJECTION_REPLY, rita, at("2026-11-20 10:00"), data)
    w.reply(rita, at("2026-11-19 10:00"), data)
    entries = {e.kind: e.about for e in timeline(w.facts, person_id=rita.id)}
    assert entries == {"interview": "Analytics Engineer at Contoso", "decision": "Analytics Engineer at Contoso",
                       "reply": "Data Engineer at Contoso", "message": "Data Engineer at Contoso"}


def test_the_command_line_and_json_name_the_opportunity(tmp_path):
    path = str(tmp_path / "afterview.db")

    def run(*args):
        result = afterview("--db", path, "--at", "2026-11-11 12:00 America/Chicago", *args)
        assert result.code == 0, result.err
        return result.out

    run("profile", "set", "--name", "Alex Morgan", "--email", "alex@mail.example", "--tz", "America/Chicago",
        "--country", "US")
    run("opportunity", "add", "--company", "Contoso", "--role", "Data Engineer")
    run("opportunity", "add", "--company", "Contoso", "--role", "Analytics Engineer")
    run("person", "add", "Rita Gomez", "--email", "rita@contoso.example", "--company", "Contoso")
    run("interview", "add", "--opportunity", "1", "--start", "2026-11-10 10:00", "--duration", "1h",
        "--with", "Rita Gomez:recruiter")
    run("interview", "add", "--opportunity", "2", "--start", "2026-11-11 10:00", "--duration", "1h",
        "--with", "Rita Gomez:recruiter")
    run("done", "thank_you:i1:p1", "--note", "sent from phone")
    run("done", "thank_you:i2:p1", "--note", "sent from phone")
    lines = [line for line in run("timeline", "--person", "Rita").splitlines() if "marked done" in line]
    assert lines == [
        "Wed 2026-11-11 12:00  thank you to Rita Gomez: marked done (sent from phone) · Data Engineer at Contoso",
        "Wed 2026-11-11 12:00  thank you to Rita Gomez: marked done (sent from phone) · Analytics Engineer at Contoso",
    ]
    planned = [line for line in run("timeline", "--person", "Rita").splitlines() if "planned" in line]
    assert planned and all(" · " in line and line.endswith("]") for line in planned)  # before the key
    entries = json.loads(run("timeline", "--person", "Rita", "--json"))
    assert [e["about"] for e in entries if e["kind"] == "decision"] == ["Data Engineer at Contoso",
                                                                        "Analytics Engineer at Contoso"]
    assert " · " not in run("timeline", "--opportunity", "1")


def test_a_status_confirmed_from_a_reply_names_its_person_and_your_day():
    """Found by a tester: "(from the reply of katrin.schmidt84@gmail.com (2026-11-27))", an
    address for a reply filed under a person, and the day in UTC where the timeline is in
    Berlin time (the 28th)."""
    from datetime import datetime, timezone

    from afterview.domain.model import OpportunityStatus, ReplyClass, StatusChange
    from afterview.domain.timeline import reply_status_note

    w = World()
    w.facts.profile.timezone = "Europe/Berlin"
    company = w.company("Müller Logistik")
    katrin = w.person("Katrin Schmidt", company)
    opp = w.opportunity(company, "Data Engineer")
    reply = w.reply(katrin, datetime(2026, 11, 27, 23, 41, tzinfo=timezone.utc), opp,
                    classification=ReplyClass.NEXT_ROUND, from_address="katrin.schmidt84@gmail.com", confirmed=True)
    opp.history.append(StatusChange(status=OpportunityStatus.INTERVIEWING, at=reply.received_at,
                                    note=reply_status_note(reply)))
    [status] = [e.text for e in timeline(w.facts, opportunity_id=opp.id) if e.kind == "status"]
    assert status == "Data Engineer: interviewing (from Katrin Schmidt's reply of Sat 28 Nov 2026)"


def test_a_reply_from_another_address_names_that_address():
    # Found by a tester: recruiting@... answering in Tom's thread read "Tom Becker wrote back".
    w, rita, data, analytics = _rita()
    w.reply(rita, at("2026-11-12 09:00"), data, from_address="recruiting@contoso.example")
    w.reply(rita, at("2026-11-12 10:00"), data, from_address="RITA@example.com")  # hers, in another case
    said = [e.text for e in timeline(w.facts, person_id=rita.id) if e.kind == "reply"]
    assert said == ["recruiting@contoso.example (filed under Rita Gomez) wrote back", "Rita Gomez wrote back"]
