"""A LinkedIn connection is to a person: none is planned for a team, a mailbox or a company
recorded as a person ("Brisk Talent Team"), by the rule drafts greet them by ("Dear Hiring
Team,"); `why` says so (`planner.facts.team_linkedin_cause`)."""

from afterview.domain.model import OpportunityStatus, Role, StatusChange
from afterview.planner import DEFAULT_PLAYBOOK, plan
from afterview.planner.facts import team_linkedin_cause

from tests.planner.builders import World, at


def _rejected_panel(*names, company="Brisk Analytics Ltd"):
    """A final round with these people on its panel (the last one its recruiter), rejected."""
    w = World(tz="Europe/London", country="GB-ENG")
    brisk = w.company(company)
    people = [w.person(name, brisk) for name in names]
    opp = w.opportunity(brisk, "Analytics Engineer", status=OpportunityStatus.REJECTED,
                        history=[StatusChange(status=OpportunityStatus.REJECTED, at=at("2026-11-20 10:00",
                                                                                     "Europe/London"))])
    w.interview(opp, at("2026-11-10 10:00", "Europe/London"), at("2026-11-10 12:00", "Europe/London"), *people,
                roles={people[-1].id: Role.RECRUITER})
    return w, people


def _requests(w, when="2026-11-23 10:00"):
    return {a.person_id for a in plan(w.facts, DEFAULT_PLAYBOOK, at(when, "Europe/London"))
            if a.key.startswith("linkedin_note:")}


def test_no_request_to_the_team_mailbox_after_a_rejection():
    """What the tester found: `linkedin_note:p11` to "Brisk Talent Team" after the rejection."""
    w, (james, sophie, team) = _rejected_panel("James Harris", "Sophie O'Brien", "Brisk Talent Team")
    assert _requests(w) == {james.id, sophie.id}
    # the team still gets the reply to the rejection: an email to a mailbox is fine
    keys = {a.key for a in plan(w.facts, DEFAULT_PLAYBOOK, at("2026-11-23 10:00", "Europe/London"))}
    assert any(k.startswith("rejection_reply:") and k.endswith(f":p{team.id}") for k in keys), keys


def test_careers_hr_an_ampersand_and_the_company_itself_are_not_people():
    w, people = _rejected_panel("Dana Reyes", "Acme Careers", "Globex HR", "Fenwick & Hale", "Brisk Analytics",
                                "Recruiting")
    assert _requests(w) == {people[0].id}


def test_a_greet_as_name_says_it_is_a_person():
    """A surname that is a team word ("Jobs") is greeted neutrally until you say how to greet
    them: then they are a person, and get a request like anyone."""
    w, (steve, team) = _rejected_panel("Steve Jobs", "Brisk Talent Team")
    assert _requests(w) == set()
    steve.greet_as = "Steve"
    assert _requests(w) == {steve.id}


def test_no_early_request_to_a_team_either():
    w = World(tz="Europe/London", country="GB-ENG", opt_in_early_linkedin=True)
    brisk = w.company("Brisk Analytics Ltd")
    james, team = w.person("James Harris", brisk), w.person("Brisk Talent Team", brisk)
    opp = w.opportunity(brisk)
    w.interview(opp, at("2026-11-10 10:00", "Europe/London"), at("2026-11-10 12:00", "Europe/London"), james, team,
                roles={team.id: Role.RECRUITER})
    assert _requests(w, "2026-11-16 10:00") == {james.id}


def test_why_says_a_team_is_not_a_person():
    w, (james, team) = _rejected_panel("James Harris", "Brisk Talent Team")
    said = team_linkedin_cause(w.facts, team)
    assert said.startswith("Brisk Talent Team is a team, a mailbox or a company, not a person"), said
    assert "a LinkedIn connection is to a person" in said and f"person edit {team.id} --greet-as" in said
    assert team_linkedin_cause(w.facts, james) == ""
    # the name of the company of a process they took part in, typed in as a person's
    w2, (globex,) = _rejected_panel("Brisk Analytics", company="Brisk Analytics Ltd")
    assert team_linkedin_cause(w2.facts, globex) != ""
