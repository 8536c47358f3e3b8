"""`why` on an action that is not planned names the stop that applies, with the command that
takes it back (found by a tester: it said "a stop condition applies (a reply, a decision, ...)
or it has no reason yet" where a reply is named plainly: "Lee Park replied on Sat 28 Nov")."""

from __future__ import annotations

from afterview.domain.model import DecisionKind, OpportunityStatus, Role, StatusChange
from afterview.planner import DEFAULT_PLAYBOOK
from afterview.services.planning import explain

from tests.planner.builders import World, at
from tests.planner.test_taken_back import AT, _demo_in_chicago  # noqa: F401 (a fixture)

NOW = at("2026-12-03 12:00")


def world():
    """Rita (recruiter) and Dana (hiring manager) interviewed on Tue 1 Dec (Berlin)."""
    w = World()
    acme = w.company()
    rita = w.person("Rita Cole", acme)
    dana = w.person("Dana Reyes", acme)
    opp = w.opportunity(acme)
    opp.history.append(StatusChange(status=OpportunityStatus.INTERVIEWING, at=at("2026-11-20 09:00")))
    interview = w.interview(opp, at("2026-12-01 10:00"), at("2026-12-01 11:00"), dana, rita,
                            roles={rita.id: Role.RECRUITER, dana.id: Role.HIRING_MANAGER})
    return w, opp, interview, rita, dana


def record(opp, status, when: str, note: str = ""):
    opp.status = status
    opp.history.append(StatusChange(status=status, at=at(when), note=note))


def why(w, key, now=NOW):
    found = explain(w.facts, DEFAULT_PLAYBOOK, key, now, "Europe/Berlin")
    assert found.status == "not planned", (found.status, found.detail)
    return found.detail


def test_a_decision_is_named_with_its_day_and_the_command_that_takes_it_back():
    w, opp, interview, rita, dana = world()
    record(opp, OpportunityStatus.REJECTED, "2026-12-02 09:00")
    assert why(w, f"thank_you:i{interview.id}:p{dana.id}") == (
        f"not planned now: Data Engineer at Acme (opportunity {opp.id}) was rejected on Wed 2 Dec: a rejection "
        f"stops thank-you notes; recorded by mistake? afterview opportunity status {opp.id} interviewing takes it back")
    record(opp, OpportunityStatus.WITHDRAWN, "2026-12-02 10:00")
    assert why(w, f"status_check.1:o{opp.id}:i{interview.id}:p{rita.id}") == (
        f"not planned now: you withdrew from Data Engineer at Acme (opportunity {opp.id}) on Wed 2 Dec: that stops "
        f"status follow-ups; recorded by mistake? afterview opportunity status {opp.id} rejected takes it back")
    record(opp, OpportunityStatus.OFFER, "2026-12-02 11:00")
    said = why(w, f"status_check.1:o{opp.id}:i{interview.id}:p{rita.id}")
    assert "they made you an offer for Data Engineer at Acme" in said and "while it stands" in said
    record(opp, OpportunityStatus.ACCEPTED, "2026-12-02 12:00")
    said = why(w, f"thank_you:i{interview.id}:p{dana.id}")
    assert said.startswith("not planned now: you accepted the offer for Data Engineer at Acme")
    assert f"afterview opportunity status {opp.id} offer takes it back" in said


def test_a_loop_closed_by_a_done_is_taken_back_by_undoing_it():
    w, opp, interview, rita, dana = world()
    key = f"closing_the_loop:o{opp.id}:i{interview.id}:p{rita.id}"
    w.decide(key, DecisionKind.DONE, at("2026-12-02 09:00"))
    record(opp, OpportunityStatus.NO_RESPONSE, "2026-12-02 09:00", "closed the loop with no reply")
    said = why(w, f"thank_you:i{interview.id}:p{dana.id}")
    assert "counts as no response on Wed 2 Dec (the loop is closed)" in said
    assert said.endswith(f"afterview undo {key} takes it back")


def test_another_offer_accepted_leaves_only_the_withdrawal():
    w, opp, interview, rita, dana = world()
    other = w.opportunity(w.facts.companies[opp.company_id], role="Analyst", status=OpportunityStatus.ACCEPTED)
    other.history.append(StatusChange(status=OpportunityStatus.ACCEPTED, at=at("2026-12-02 15:00")))
    opp.created_at = at("2026-11-20 09:00")
    said = why(w, f"thank_you:i{interview.id}:p{dana.id}")
    assert said.startswith(f"not planned now: you accepted the offer for Analyst at Acme (opportunity {other.id}) "
                           "on Wed 2 Dec: of Data Engineer at Acme")
    assert f"(withdrawal:o{opp.id}:p{rita.id})" in said


def test_do_not_contact_and_a_cancelled_interview_say_how_to_take_them_back():
    w, opp, interview, rita, dana = world()
    dana.do_not_contact = True
    assert why(w, f"thank_you:i{interview.id}:p{dana.id}") == (
        f"not planned now: Dana Reyes asked not to be contacted (afterview person edit {dana.id} --may-contact "
        "takes it back)")
    interview.cancelled = True
    assert why(w, f"thank_you:i{interview.id}:p{rita.id}") == (
        f"not planned now: interview {interview.id} is cancelled (afterview interview edit {interview.id} "
        "--not-cancelled takes it back)")


def test_a_deleted_interview_is_said_for_a_key_the_records_knew():
    w, opp, interview, rita, dana = world()
    key = f"thank_you:i{interview.id}:p{dana.id}"
    w.decide(key, DecisionKind.SNOOZE, at("2026-12-01 12:00"), until=at("2026-12-02 09:00"))
    del w.facts.interviews[interview.id]
    assert why(w, key) == f"not planned now: interview {interview.id} was deleted"


def test_skipped_and_done_say_undo():
    w, opp, interview, rita, dana = world()
    key = f"thank_you:i{interview.id}:p{dana.id}"
    w.decide(key, DecisionKind.SKIP, at("2026-12-01 12:00"), note="wrote a card")
    found = explain(w.facts, DEFAULT_PLAYBOOK, key, NOW, "Europe/Berlin")
    assert found.status == "skipped"
    assert found.detail.endswith(f"(wrote a card); afterview undo {key} takes it back")


def test_the_steps_of_the_follow_ups_say_what_comes_first_or_who_gets_them():
    w, opp, interview, rita, dana = world()
    ids = f"o{opp.id}:i{interview.id}"
    assert why(w, f"status_check.1:{ids}:p{dana.id}") == (
        f"not planned now: the status follow-ups of this round go to Rita Cole (status_check.1:{ids}:p{rita.id}, "
        f"afterview why status_check.1:{ids}:p{rita.id})")
    assert why(w, f"status_check.2:{ids}:p{rita.id}") == (
        f"not planned now: it comes after status_check.1:{ids}:p{rita.id}, which is not sent or marked done yet")
    w.decide(f"status_check.1:{ids}:p{rita.id}", DecisionKind.SKIP, at("2026-12-08 10:00"), note="no")
    assert why(w, f"closing_the_loop:{ids}:p{rita.id}", at("2026-12-09 10:00")) == (
        f"not planned now: you skipped status_check.1:{ids}:p{rita.id}, which ends the sequence (afterview undo "
        f"status_check.1:{ids}:p{rita.id} takes it back)")
    later = w.interview(opp, at("2026-12-02 10:00"), at("2026-12-02 11:00"), rita, roles={rita.id: Role.RECRUITER})
    assert why(w, f"status_check.2:{ids}:p{rita.id}") == (
        f"not planned now: the status follow-ups of Data Engineer at Acme are about its latest round, interview "
        f"{later.id} of Wed 2 Dec (status_check.1:o{opp.id}:i{later.id}:p{rita.id}, afterview why "
        f"status_check.1:o{opp.id}:i{later.id}:p{rita.id})")
    assert why(w, f"thank_you:i{interview.id}:p{rita.id}") == (
        f"not planned now: a later interview with Rita Cole (interview {later.id} of Wed 2 Dec) takes its place: "
        f"thank_you:i{later.id}:p{rita.id}")


def test_no_reason_yet_is_said_as_such():
    w, opp, interview, rita, dana = world()
    assert why(w, f"rejection_reply:o{opp.id}:p{rita.id}") == (
        f"not planned now: no rejection is recorded for Data Engineer at Acme: nothing to reply to yet (afterview "
        f"outcome {opp.id} rejected records one)")
    assert why(w, f"withdrawal:o{opp.id}:p{rita.id}").startswith("not planned now: no reason yet: ")


def test_a_round_before_a_reopening_says_its_moment_passed():
    w, opp, interview, rita, dana = world()
    record(opp, OpportunityStatus.REJECTED, "2026-12-01 15:00")
    record(opp, OpportunityStatus.INTERVIEWING, "2026-12-08 09:00")
    said = why(w, f"thank_you:i{interview.id}:p{dana.id}", at("2026-12-08 12:00"))
    assert said.startswith("not planned now: Data Engineer at Acme was opened again on Tue 8 Dec, after a decision "
                           "that stood past its day, when this note was late already"), said


def test_the_command_names_the_withdrawal_on_the_testers_demo(prebuilt, _demo_in_chicago, tmp_path):
    from tests.helpers import afterview

    (tmp_path / "home").mkdir()
    db = str(prebuilt.copy(_demo_in_chicago, tmp_path / "home"))
    assert afterview("--db", db, "--at", AT, "outcome", "5", "withdrawn").code == 0
    said = afterview("--db", db, "--at", AT, "why", "thank_you:i4:p6")
    assert said.code == 0, said.err
    assert said.out.splitlines() == [
        "thank_you:i4:p6: not planned",
        "not planned now: you withdrew from Data Analyst at City of Springfield (opportunity 5) on Sat 28 Nov: that "
        "stops thank-you notes; recorded by mistake? afterview opportunity status 5 interviewing takes it back"]
