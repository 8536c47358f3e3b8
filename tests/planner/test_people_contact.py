"""Who gets what: the contact of a process's status follow-ups, its close, a reply to its
rejection and a withdrawal, and what the plan says about the people it writes to.

Found by a tester: a take-home assignment recorded as an interview with nobody on it ended every
status follow-up of its process without a word; a person with a LinkedIn profile only was planned
an email, and the user learnt it at `approve`; the follow-up went to the one panel member with no
address; someone who had moved to another company was still asked about the process; a two-day
on-site was "an afternoon interview" of its first day; a deadline at midnight their time read
"due Thu 00:00 their time".
"""

from __future__ import annotations

import json

from afterview.domain.model import DecisionKind, MessageKind, OpportunityStatus, Participant, Role, StatusChange
from afterview.planner import DEFAULT_PLAYBOOK, plan
from afterview.services.planning import explain

from tests.helpers import afterview
from tests.planner.builders import World, at, by_key


def thanked(w, interview, opp, *people):
    """Their thank-yous sent long before: out of the way of spacing."""
    for person in people:
        w.sent(f"thank_you:i{interview.id}:p{person.id}", MessageKind.THANK_YOU, person, at("2026-01-01 09:00"), opp)


def follow_ups(actions, opp):
    return [a for a in actions if a.opportunity_id == opp.id
            and a.kind in (MessageKind.STATUS_CHECK, MessageKind.CLOSING_THE_LOOP)]


# --- 1. a round with nobody on it (a take-home assignment) -----------------------------------------

def take_home_world():
    """Globex: a technical interview with Tom and Kim on Tue 1 Dec, then a take-home assignment
    with nobody on it on Fri 4 Dec, 09:00-13:00 (Berlin)."""
    w = World()
    globex = w.company("Globex")
    tom, kim = w.person("Tom Reid", globex), w.person("Kim Park", globex)
    opp = w.opportunity(globex)
    technical = w.interview(opp, at("2026-12-01 10:00"), at("2026-12-01 11:00"), tom, kim, stage="technical")
    thanked(w, technical, opp, tom, kim)
    take_home = w.interview(opp, at("2026-12-04 09:00"), at("2026-12-04 13:00"), stage="take-home assignment")
    return w, opp, tom, take_home


def test_a_take_home_with_nobody_on_it_keeps_the_status_follow_up_timed_from_its_end():
    # before: nothing at all (the round's contact was None, and the sequence returned)
    w, opp, tom, take_home = take_home_world()
    [first] = follow_ups(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-15 10:00")), opp)
    # about the latest round (a new round, a new sequence), to the contact of the round before it
    assert first.key == f"status_check.1:o{opp.id}:i{take_home.id}:p{tom.id}"
    # 7 business days after Fri 4 Dec is Tue 15 Dec, in the send window
    assert (first.earliest, first.due) == (at("2026-12-15 09:30"), at("2026-12-15 11:30"))
    assert first.state == "due"
    assert ("Ask Tom Reid about the status of Data Engineer at Globex: no decision date was stated; "
            "7 business days after the take-home assignment (ended Fri 4 Dec), in the send window.") == first.reason


def test_after_a_take_home_the_second_follow_up_and_the_close_go_on():
    w, opp, tom, take_home = take_home_world()
    ids = f"o{opp.id}:i{take_home.id}:p{tom.id}"
    w.decide(f"status_check.1:{ids}", DecisionKind.DONE, at("2026-12-15 10:00"))
    assert [a.key for a in follow_ups(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-16 10:00")), opp)] == [
        f"status_check.2:{ids}"]
    w.decide(f"status_check.2:{ids}", DecisionKind.DONE, at("2027-01-05 10:00"))
    assert [a.key for a in follow_ups(plan(w.facts, DEFAULT_PLAYBOOK, at("2027-01-06 10:00")), opp)] == [
        f"closing_the_loop:{ids}"]


def test_a_rejection_after_a_take_home_is_answered_to_the_contact_of_the_round_before():
    w, opp, tom, _ = take_home_world()
    opp.status = OpportunityStatus.REJECTED
    opp.history.append(StatusChange(status=OpportunityStatus.REJECTED, at=at("2026-12-10 09:00")))
    actions = by_key(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-10 12:00")))
    assert f"rejection_reply:o{opp.id}:p{tom.id}" in actions


def test_a_withdrawal_after_a_take_home_goes_to_the_contact_of_the_round_before():
    w, opp, tom, _ = take_home_world()
    acme = w.company("Acme")
    rita = w.person("Rita Cole", acme)
    accepted = w.opportunity(acme, "Platform Engineer")
    w.interview(accepted, at("2026-11-20 10:00"), at("2026-11-20 11:00"), rita, roles={rita.id: Role.RECRUITER})
    accepted.status = OpportunityStatus.ACCEPTED
    accepted.history.append(StatusChange(status=OpportunityStatus.ACCEPTED, at=at("2026-12-10 16:00")))
    actions = by_key(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-10 17:00")))
    assert f"withdrawal:o{opp.id}:p{tom.id}" in actions


def test_the_take_home_s_follow_up_can_be_marked_done_and_explained(tmp_path):
    """Through the commands: an interview added with nobody on it, its follow-up listed, marked
    done (the key names someone of the round before: not refused), and `why` of the step after."""
    db = str(tmp_path / "av.db")

    def run(*args, when="2026-11-20 10:00"):
        return afterview("--db", db, "--at", f"{when} Europe/Berlin", *args)

    for step in [("profile", "set", "--name", "Sam Lee", "--tz", "Europe/Berlin", "--country", "DE"),
                 ("person", "add", "Tom Reid", "--email", "tom@globex.example", "--company", "Globex"),
                 ("opportunity", "add", "--company", "Globex", "--role", "Data Engineer"),
                 ("interview", "add", "--opportunity", "1", "--start", "2026-12-01 10:00", "--duration", "1h",
                  "--stage", "technical", "--with", "Tom Reid"),
                 ("interview", "add", "--opportunity", "1", "--start", "2026-12-04 09:00", "--duration", "4h",
                  "--stage", "take-home assignment")]:
        result = run(*step)
        assert result.code == 0, (step, result.err)
    assert run("done", "thank_you:i1:p1", when="2026-12-01 12:00").code == 0
    today = run("today", when="2026-12-15 10:00")
    assert "key: status_check.1:o1:i2:p1" in today.out, today.out
    assert run("done", "status_check.1:o1:i2:p1", when="2026-12-15 10:00").code == 0
    why = run("why", "status_check.2:o1:i2:p1", when="2026-12-16 10:00")
    assert why.code == 0 and "ask Tom Reid once more about Data Engineer" in why.out, why.out + why.err
    # a key about someone who is on no panel of the process stays refused
    run("person", "add", "Lee Park", "--email", "lee@initech.example")
    refused = run("why", "status_check.1:o1:i2:p2", when="2026-12-16 10:00")
    assert refused.code == 2 and "is not on the panel of interview 2 nor of another of its opportunity" in refused.err


# --- 2 and 3. no email address -----------------------------------------------------------------------

def panel_world():
    """Fabrikam: a technical interview on Tue 24 Nov with three interviewers; Olivia, the first
    named, has a LinkedIn profile and no email address."""
    w = World()
    fabrikam = w.company("Fabrikam")
    olivia = w.person("Olivia Hart", fabrikam, linkedin_url="https://www.linkedin.com/in/oliviahart")
    olivia.emails = []
    dana, yuki = w.person("Dana Reyes", fabrikam), w.person("Yuki Tanaka", fabrikam)
    opp = w.opportunity(fabrikam, "Platform Engineer")
    interview = w.interview(opp, at("2026-11-24 14:00"), at("2026-11-24 15:00"), olivia, dana, yuki,
                            stage="technical")
    return w, opp, interview, olivia, dana, yuki


def test_an_email_to_someone_with_no_address_says_so_with_the_command():
    # before: planned as an email with nothing said; `approve` was the first to tell
    w, opp, interview, olivia, dana, _ = panel_world()
    actions = by_key(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-11-25 09:00")))
    note = actions[f"thank_you:i{interview.id}:p{olivia.id}"].note
    assert note.startswith(f"Olivia Hart has no email address: add one first (afterview person edit {olivia.id} "
                           f"--email ADDRESS), or send it another way and mark it done (afterview done "
                           f"thank_you:i{interview.id}:p{olivia.id})"), note
    assert "no email address" not in actions[f"thank_you:i{interview.id}:p{dana.id}"].note


def test_no_address_is_said_by_today_and_why(tmp_path):
    db = str(tmp_path / "av.db")

    def run(*args):
        return afterview("--db", db, "--at", "2026-11-25 09:00 Europe/Berlin", *args)

    for step in [("profile", "set", "--name", "Sam Lee", "--tz", "Europe/Berlin", "--country", "DE"),
                 ("person", "add", "Olivia Hart", "--linkedin", "https://www.linkedin.com/in/oliviahart",
                  "--company", "Fabrikam"),
                 ("opportunity", "add", "--company", "Fabrikam", "--role", "Platform Engineer"),
                 ("interview", "add", "--opportunity", "1", "--start", "2026-11-24 14:00", "--duration", "1h",
                  "--with", "Olivia Hart")]:
        assert run(*step).code == 0, step
    said = "Olivia Hart has no email address: add one first (afterview person edit 1 --email ADDRESS)"
    assert said in run("today").out
    assert said in run("why", "thank_you:i1:p1").out
    listed = json.loads(run("plan", "--json").out)["actions"]
    assert said in next(a["note"] for a in listed if a["key"] == "thank_you:i1:p1")


def test_the_follow_up_goes_to_a_panel_member_with_an_email_address():
    # before: to Olivia, the first interviewer named, who cannot be emailed
    w, opp, _, olivia, dana, _ = panel_world()
    [first] = follow_ups(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-03 10:00")), opp)
    assert first.person_id == dana.id
    detail = explain(w.facts, DEFAULT_PLAYBOOK, first.key.replace(f":p{dana.id}", f":p{olivia.id}"),
                     at("2026-12-03 10:00")).detail
    assert detail.endswith("Olivia Hart has no email address"), detail


def test_an_address_never_passes_over_a_contact_of_higher_standing():
    """The recruiter without an address stays the contact over a hiring manager with one (the
    plan says what is missing); a coordinator with one is of the recruiter's standing and is
    chosen instead."""
    w = World()
    acme = w.company()
    rita, dana = w.person("Rita Cole", acme), w.person("Dana Reyes", acme)
    rita.emails = []
    opp = w.opportunity(acme)
    interview = w.interview(opp, at("2026-12-01 10:00"), at("2026-12-01 11:00"), dana, rita,
                            roles={rita.id: Role.RECRUITER, dana.id: Role.HIRING_MANAGER})
    thanked(w, interview, opp, rita, dana)
    [first] = follow_ups(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-10 10:00")), opp)
    assert first.person_id == rita.id
    assert first.note.startswith("Rita Cole has no email address"), first.note
    cleo = w.person("Cleo Park", acme)
    interview.participants.append(Participant(person_id=cleo.id, role=Role.COORDINATOR))
    [first] = follow_ups(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-10 10:00")), opp)
    assert first.person_id == cleo.id and "no email address" not in first.note


def test_when_nobody_of_the_panel_has_an_address_the_first_gets_it_and_the_plan_says_so():
    w, opp, _, olivia, dana, yuki = panel_world()
    dana.emails, yuki.emails = [], []
    [first] = follow_ups(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-03 10:00")), opp)
    assert first.person_id == olivia.id
    assert first.note.startswith("Olivia Hart has no email address"), first.note


# --- 4. someone who moved to another company ---------------------------------------------------------

def moved_world():
    """Contoso: Hank (hiring manager), Sam and Bo (interviewers) on Tue 24 Nov; Hank has moved to
    Globex since (`person edit Hank --company Globex`). Rita recruits for Contoso from an agency."""
    w = World()
    contoso, globex, agency = w.company("Contoso"), w.company("Globex"), w.company("TalentBridge")
    hank = w.person("Hank Lee", globex)
    sam, bo = w.person("Sam Patel", contoso), w.person("Bo Nakamura", contoso)
    rita = w.person("Rita Gomez", agency)
    opp = w.opportunity(contoso)
    interview = w.interview(opp, at("2026-11-24 10:00"), at("2026-11-24 11:00"), hank, sam, bo,
                            roles={hank.id: Role.HIRING_MANAGER})
    thanked(w, interview, opp, hank, sam, bo)
    return w, opp, interview, hank, sam, rita


def test_someone_who_moved_away_is_not_asked_about_the_process_when_someone_still_there_is_known():
    # before: "Ask Hank Lee about the status of Data Engineer at Contoso"
    w, opp, interview, hank, sam, _ = moved_world()
    [first] = follow_ups(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-03 10:00")), opp)
    assert first.key == f"status_check.1:o{opp.id}:i{interview.id}:p{sam.id}"
    assert first.reason.startswith("Ask Sam Patel about the status of Data Engineer at Contoso")
    detail = explain(w.facts, DEFAULT_PLAYBOOK, f"status_check.1:o{opp.id}:i{interview.id}:p{hank.id}",
                     at("2026-12-03 10:00")).detail
    assert detail.endswith("Hank Lee works at Globex now"), detail
    # the thank-you owed for the interview he gave stays
    w.facts.messages.clear()
    assert f"thank_you:i{interview.id}:p{hank.id}" in by_key(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-11-24 15:00")))


def test_someone_still_there_from_an_earlier_round_is_asked_instead():
    w, opp, interview, hank, sam, _ = moved_world()
    interview.participants = [p for p in interview.participants if p.person_id != hank.id]
    round_two = w.interview(opp, at("2026-12-07 10:00"), at("2026-12-07 11:00"), hank,
                            roles={hank.id: Role.HIRING_MANAGER}, stage="round 2")
    thanked(w, round_two, opp, hank)
    [first] = follow_ups(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-16 10:00")), opp)
    assert first.key == f"status_check.1:o{opp.id}:i{round_two.id}:p{sam.id}"


def test_when_nobody_still_there_is_known_the_plan_says_he_has_moved():
    w, opp, interview, hank, sam, _ = moved_world()
    interview.participants = [p for p in interview.participants if p.person_id == hank.id]
    [first] = follow_ups(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-03 10:00")), opp)
    assert first.person_id == hank.id
    assert first.note == ("Hank Lee works at Globex now, not at Contoso, and nobody else at Contoso is known in "
                          "this process: write to Hank Lee anyway, or add someone who is to its panel "
                          f"(afterview interview edit {interview.id} --with NAME:recruiter)")


def test_an_agency_recruiter_stays_the_contact():
    """A recruiter (or coordinator) speaks for the employer from another company: not moved."""
    w, opp, interview, hank, sam, rita = moved_world()
    interview.participants.append(Participant(person_id=rita.id, role=Role.RECRUITER))
    thanked(w, interview, opp, rita)
    [first] = follow_ups(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-03 10:00")), opp)
    assert first.person_id == rita.id and not first.note


# --- 5. wording: an interview of several days, a deadline at midnight ------------------------------

def test_a_two_day_onsite_names_its_days_and_is_not_an_afternoon_interview():
    # before: "the onsite interview of Mon 7 Dec; an afternoon interview: ..."
    w = World()
    fh = w.company("Fenwick & Hale")
    lucy = w.person("Lucy Recruiting", fh)
    opp = w.opportunity(fh, "Senior Analyst")
    onsite = w.interview(opp, at("2026-12-07 00:00"), at("2026-12-08 23:59"), lucy,
                         roles={lucy.id: Role.COORDINATOR}, stage="onsite")
    note = by_key(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-07 12:00")))[f"thank_you:i{onsite.id}:p{lucy.id}"]
    assert note.reason == ("Thank Lucy Recruiting for the onsite interview of Mon 7-Tue 8 Dec; an interview over "
                           "two days: schedule it for the next business morning, Wed 9 Dec 08:00-10:00."), note.reason
    assert (note.send_at, note.due) == (at("2026-12-09 08:00"), at("2026-12-09 10:00"))  # the timing as before
    late = by_key(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-09 12:00")))[f"thank_you:i{onsite.id}:p{lucy.id}"]
    assert "Mon 7-Tue 8 Dec; an interview over two days, so it was due by the next business morning" in late.reason
    onsite.start, onsite.end = at("2026-11-30 00:00"), at("2026-12-02 23:59")
    note = by_key(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-11-30 12:00")))[f"thank_you:i{onsite.id}:p{lucy.id}"]
    assert "onsite interview of Mon 30 Nov-Wed 2 Dec; an interview over three days:" in note.reason, note.reason


def test_a_deadline_at_midnight_their_time_reads_as_the_end_of_the_day_before(tmp_path):
    """Yuki in Tokyo: an interview ending at 00:00 there (09:00 in Chicago) makes the thank-you
    due at 00:00 on Thursday, their time: said as the end of Wednesday, the moment kept."""
    db = str(tmp_path / "av.db")

    def run(*args):
        return afterview("--db", db, "--at", "2026-11-25 08:00 America/Chicago", *args)

    for step in [("profile", "set", "--name", "Alex Morgan", "--tz", "America/Chicago", "--country", "US"),
                 ("person", "add", "Yuki Tanaka", "--email", "yuki@fabrikam.example", "--company", "Fabrikam",
                  "--tz", "Asia/Tokyo", "--country", "JP"),
                 ("opportunity", "add", "--company", "Fabrikam", "--role", "Platform Engineer"),
                 ("interview", "add", "--opportunity", "1", "--start", "2026-11-24 08:00", "--duration", "1h",
                  "--with", "Yuki Tanaka")]:
        assert run(*step).code == 0, step
    today = run("today").out
    assert "due Wed 2026-11-25 09:00 (end of Wed their time)" in today, today
    assert "00:00 their time" not in today
    why = run("why", "thank_you:i1:p1").out
    assert "due end of Wed 2026-11-25 (Asia/Tokyo, where the rules apply)" in why, why
    [action] = [a for a in json.loads(run("plan", "--json").out)["actions"] if a["key"] == "thank_you:i1:p1"]
    assert action["due"].startswith("2026-11-26T00:00:00+09:00")
