"""Never pestering a company's process (found by a tester): after the second status follow-up to
the recruiter, a close-the-loop to her (Tue 5 Jan) and a share of news to the hiring manager (Wed
6 Jan) landed on adjacent days, the manager getting the achievement the follow-up had carried.
Once a process's second follow-up has gone, its people hear of no news until the loop is closed;
and a share never comes within share_news.interval business days of a note to someone else of
the same process."""

from __future__ import annotations

from datetime import date

from afterview.domain.model import MessageKind, OpportunityStatus, Role, StatusChange
from afterview.planner import DEFAULT_PLAYBOOK, plan, plan_due

from tests.planner.builders import World, at, by_key


def world():
    """Rita (recruiter) and Dana (hiring manager) interviewed us on Tue 1 Dec 2026 (Berlin);
    both care about Kafka; their thank-yous went that afternoon."""
    w = World()
    acme = w.company()
    rita = w.person("Rita Cole", acme, tags=["kafka"])
    dana = w.person("Dana Reyes", acme, tags=["kafka"])
    opp = w.opportunity(acme)
    opp.history.append(StatusChange(status=OpportunityStatus.INTERVIEWING, at=at("2026-11-20 09:00")))
    interview = w.interview(opp, at("2026-12-01 10:00"), at("2026-12-01 11:00"), rita, dana,
                            roles={rita.id: Role.RECRUITER, dana.id: Role.HIRING_MANAGER})
    for person in (rita, dana):
        w.sent(f"thank_you:i{interview.id}:p{person.id}", MessageKind.THANK_YOU, person, at("2026-12-01 15:00"), opp)
    return w, opp, interview, rita, dana


def shares(actions):
    return [a for a in actions if a.kind == MessageKind.SHARE_NEWS]


def test_after_the_second_follow_up_no_news_to_the_process_until_the_loop_is_closed():
    w, opp, interview, rita, dana = world()
    ids = f"o{opp.id}:i{interview.id}:p{rita.id}"
    w.sent(f"status_check.1:{ids}", MessageKind.STATUS_CHECK, rita, at("2026-12-10 09:30"), opp)
    w.news("Kafka certificate", date(2026, 12, 14), ["kafka"])
    w.sent(f"status_check.2:{ids}", MessageKind.STATUS_CHECK, rita, at("2026-12-22 09:45"), opp)
    w.news("Kafka talk", date(2026, 12, 28), ["kafka"])
    for now in ("2026-12-28 10:00", "2027-01-04 10:00", "2027-01-06 10:00", "2027-01-12 10:00"):
        actions = plan(w.facts, DEFAULT_PLAYBOOK, at(now))
        assert [a.key for a in actions] == [f"closing_the_loop:{ids}"], now  # no news beside it, to anyone
        assert shares(plan_due(w.facts, DEFAULT_PLAYBOOK, at(now))[0]) == [], now
    # the loop closed on Tue 5 Jan (its status not changed yet): news waits 7 business days after it
    w.sent(f"closing_the_loop:{ids}", MessageKind.CLOSING_THE_LOOP, rita, at("2027-01-05 09:45"), opp)
    later = shares(plan(w.facts, DEFAULT_PLAYBOOK, at("2027-01-07 10:00")))
    assert {a.person_id for a in later} == {rita.id, dana.id}
    assert all(a.earliest == at("2027-01-14 09:00") for a in later), [a.earliest for a in later]


def test_a_share_keeps_the_interval_from_a_note_to_someone_else_of_the_process():
    """News for Dana on Wed 2 Dec: before, it went on Fri 4 Dec (spacing kept it 3 business days
    from her own thank-you only), three days after Rita's thank-you and days before Rita's first
    follow-up (Thu 10 Dec). Now it keeps 7 business days from those too: Mon 21 Dec."""
    w, opp, interview, rita, dana = world()
    item = w.news("Kafka certificate", date(2026, 12, 2), ["kafka"])
    for now in ("2026-12-02 10:00", "2026-12-07 10:00"):
        actions = by_key(plan(w.facts, DEFAULT_PLAYBOOK, at(now)))
        follow_up = actions[f"status_check.1:o{opp.id}:i{interview.id}:p{rita.id}"]
        assert follow_up.earliest == at("2026-12-10 09:30"), now
        share = actions[f"share_news:n{item.id}:p{dana.id}"]
        assert share.earliest == at("2026-12-21 09:00"), (now, share.earliest)
        assert ("waits: keeps 7 business days after your note to Rita Cole about Data Engineer at Acme of "
                "Thu 10 Dec (share_news.interval)") in share.note, share.note
        assert share.key not in {a.key for a in plan_due(w.facts, DEFAULT_PLAYBOOK, at(now))[0]}
