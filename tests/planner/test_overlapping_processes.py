"""Overlapping processes: two roles at one company sharing the recruiter Rita and the hiring
manager Hank, one rejected while the other goes on; news already told; an accepted offer
elsewhere and its withdrawal notes."""

from datetime import date, timedelta

from afterview.domain.model import DecisionKind, MessageKind, OpportunityStatus, Role, StatusChange
from afterview.planner import DEFAULT_PLAYBOOK, plan

from tests.planner.builders import World, at, by_key
from tests.planner.test_after_decision import assert_plan_due_is_the_due_part


def two_roles():
    """Data Engineer (Rita, Hank, Ivan) and Analytics Engineer (Rita, Hank, Jane) at Contoso,
    both interviewed Tue 10 Nov 2026 and thanked; Analytics Engineer rejected Tue 1 Dec 10:00."""
    w = World()
    contoso = w.company("Contoso")
    rita = w.person("Rita Gomez", contoso, tags=["streaming"])
    hank = w.person("Hank Lee", contoso, tags=["streaming"])
    ivan = w.person("Ivan Petrov", contoso, tags=["streaming"])
    jane = w.person("Jane Okafor", contoso, tags=["streaming"])
    data = w.opportunity(contoso, role="Data Engineer")
    analytics = w.opportunity(contoso, role="Analytics Engineer")
    for opp, start, third in ((data, "10:00", ivan), (analytics, "14:00", jane)):
        begin = at(f"2026-11-10 {start}")
        interview = w.interview(opp, begin, begin + timedelta(hours=1), rita, hank, third,
                                roles={rita.id: Role.RECRUITER, hank.id: Role.HIRING_MANAGER})
        for person in (rita, hank, third):
            w.sent(f"thank_you:i{interview.id}:p{person.id}", MessageKind.THANK_YOU, person,
                   at("2026-11-10 18:00"), opp)
    close(analytics, OpportunityStatus.REJECTED, "2026-12-01 10:00", rita)
    return w, data, analytics, (rita, hank, ivan, jane)


def close(opp, status, when, person=None):
    opp.status = status
    opp.history.append(StatusChange(status=status, at=at(when), person_id=person.id if person else None))


def of_kind(actions, kind):
    return {a.person_id: a for a in actions if a.kind == kind}


def test_no_keep_in_touch_with_someone_still_in_another_open_process():
    w, data, analytics, (rita, hank, ivan, jane) = two_roles()
    for person in (rita, hank, jane):
        w.sent(f"rejection_reply:o{analytics.id}:p{person.id}", MessageKind.REJECTION_REPLY, person,
               at("2026-12-01 15:00"), analytics)
    w.news("Streaming meetup talk", date(2027, 1, 5), ["streaming"])
    warm = of_kind(assert_plan_due_is_the_due_part(w, DEFAULT_PLAYBOOK, at("2027-01-06 10:00")), MessageKind.KEEP_WARM)
    # Jane was only in the closed process; Rita and Hank still decide about Data Engineer
    assert set(warm) == {jane.id}
    assert warm[jane.id].key == f"keep_warm.1:o{analytics.id}:p{jane.id}"
    # Data Engineer closes (no response, Fri 15 Jan): the cadence counts from that last close
    close(data, OpportunityStatus.NO_RESPONSE, "2027-01-15 10:00")
    w.news("Streaming course finished", date(2027, 2, 16), ["streaming"])
    warm = of_kind(assert_plan_due_is_the_due_part(w, DEFAULT_PLAYBOOK, at("2027-02-17 10:00")), MessageKind.KEEP_WARM)
    for person in (rita, hank, ivan):
        touch = warm[person.id]
        assert touch.key == f"keep_warm.1:o{data.id}:p{person.id}"
        assert touch.earliest == at("2027-02-16 09:00")  # 15 Jan + 30 days = 14 Feb, then the news day
        assert "(Data Engineer at Contoso closed 15 Jan 2027)" in touch.reason


def test_an_offer_not_decided_yet_is_an_open_process_too():
    w, data, analytics, (rita, hank, ivan, jane) = two_roles()
    close(data, OpportunityStatus.OFFER, "2026-12-20 10:00", hank)
    w.news("Streaming meetup talk", date(2027, 1, 5), ["streaming"])
    warm = of_kind(plan(w.facts, DEFAULT_PLAYBOOK, at("2027-01-06 10:00")), MessageKind.KEEP_WARM)
    assert set(warm) == {jane.id}


def test_the_linkedin_request_after_a_rejection_waits_for_the_other_process():
    w, data, analytics, (rita, hank, ivan, jane) = two_roles()
    requests = of_kind(assert_plan_due_is_the_due_part(w, DEFAULT_PLAYBOOK, at("2026-12-01 13:00")),
                       MessageKind.LINKEDIN_NOTE)
    # Rita and Hank still decide about Data Engineer: only Jane is asked to connect now
    assert set(requests) == {jane.id}
    assert "right after a rejection, together with your reply" in requests[jane.id].reason
    # Data Engineer rejected too (Mon 14 Dec): everyone's request comes with that reply
    close(data, OpportunityStatus.REJECTED, "2026-12-14 10:00", rita)
    requests = of_kind(assert_plan_due_is_the_due_part(w, DEFAULT_PLAYBOOK, at("2026-12-14 13:00")),
                       MessageKind.LINKEDIN_NOTE)
    assert set(requests) == {rita.id, hank.id, ivan.id, jane.id}
    for person in (rita, hank, ivan):
        assert requests[person.id].opportunity_id == data.id
        assert requests[person.id].earliest == at("2026-12-14 12:00")
        assert "right after a rejection, together with your reply" in requests[person.id].reason


def test_a_held_request_comes_when_the_other_process_closes_without_a_decision():
    w, data, analytics, (rita, hank, ivan, jane) = two_roles()
    close(data, OpportunityStatus.NO_RESPONSE, "2026-12-14 10:00")
    requests = of_kind(assert_plan_due_is_the_due_part(w, DEFAULT_PLAYBOOK, at("2026-12-14 13:00")),
                       MessageKind.LINKEDIN_NOTE)
    assert set(requests) == {rita.id, hank.id, jane.id}  # none after "no response" for Ivan alone
    for person in (rita, hank):
        request = requests[person.id]
        assert request.opportunity_id == analytics.id and request.state == "due"
        assert request.earliest == at("2026-12-14 10:00")  # from the close, not 1 Dec
        assert "after the rejection for Analytics Engineer at Contoso, held until Data Engineer closed too" \
            in request.reason


WARM_SOON = DEFAULT_PLAYBOOK.override({"keep_warm": {"first_after": "10d", "every": "10d"}}, "test")


def rejected_jane():
    """Jane alone, Analytics Engineer rejected Tue 1 Dec 2026, answered: touches from 11 Dec."""
    w = World()
    contoso = w.company("Contoso")
    jane = w.person("Jane Okafor", contoso, tags=["kafka"])
    opp = w.opportunity(contoso, role="Analytics Engineer")
    w.interview(opp, at("2026-11-10 10:00"), at("2026-11-10 11:00"), jane, roles={jane.id: Role.RECRUITER})
    close(opp, OpportunityStatus.REJECTED, "2026-12-01 10:00", jane)
    w.sent(f"rejection_reply:o{opp.id}:p{jane.id}", MessageKind.REJECTION_REPLY, jane, at("2026-12-01 15:00"), opp)
    w.decide(f"linkedin_note:p{jane.id}", DecisionKind.DONE, at("2026-12-01 15:00"))
    return w, opp, jane


def warm_news(w, now, playbook=WARM_SOON):
    return [a.news_id for a in plan(w.facts, playbook, at(now)) if a.kind == MessageKind.KEEP_WARM]


def test_keep_warm_never_reuses_news_shared_with_them():
    w, opp, jane = rejected_jane()
    told = w.news("Kafka talk", date(2026, 12, 8), ["kafka", "talks"])
    other = w.news("Kafka blog post", date(2026, 12, 9), ["kafka"])
    assert warm_news(w, "2026-12-11 10:00") == [told.id]  # the most relevant
    w.sent(f"share_news:n{told.id}:p{jane.id}", MessageKind.SHARE_NEWS, jane, at("2026-12-02 10:00"), opp)
    assert warm_news(w, "2026-12-11 10:00") == [other.id]
    w.decide(f"share_news:n{other.id}:p{jane.id}", DecisionKind.DONE, at("2026-12-10 10:00"))
    assert warm_news(w, "2026-12-11 10:00") == []  # nothing new to say
    w.facts.decisions[-1].kind = DecisionKind.SKIP  # a share skipped told nothing
    assert warm_news(w, "2026-12-11 10:00") == [other.id]


def test_keep_warm_never_reuses_news_from_before_a_second_follow_up_or_a_touch():
    w, opp, jane = rejected_jane()
    w.news("Kafka talk", date(2026, 12, 8), ["kafka"])
    later = w.news("Kafka blog post", date(2026, 12, 15), ["kafka"])
    # a second follow-up of another process went to her on Wed 9 Dec: it carried what was new
    other = w.opportunity(w.facts.companies[jane.company_id], role="Data Engineer")
    w.sent(f"status_check.2:o{other.id}:i99:p{jane.id}", MessageKind.STATUS_CHECK, jane, at("2026-12-09 10:00"), other)
    close(other, OpportunityStatus.NO_RESPONSE, "2026-12-01 09:00")
    assert warm_news(w, "2026-12-11 10:00") == [later.id]
    # a first touch sent Tue 15 Dec (the news of that day was its reason): the next one has none
    w.sent(f"keep_warm.1:o{opp.id}:p{jane.id}", MessageKind.KEEP_WARM, jane, at("2026-12-15 10:00"), opp)
    assert warm_news(w, "2026-12-28 10:00") == []
    newer = w.news("Kafka certificate", date(2026, 12, 29), ["kafka"])
    assert warm_news(w, "2026-12-28 10:00") == [newer.id]


def accepted_elsewhere():
    """The two Contoso roles open, Rita thanked Tue 17 Nov; Fabrikam's offer accepted Wed 18 Nov
    17:30 Berlin (10:30 in Chicago)."""
    w = World()
    contoso, fabrikam = w.company("Contoso"), w.company("Fabrikam")
    rita = w.person("Rita Gomez", contoso, timezone="America/Chicago", country="US")
    paula = w.person("Paula Chen", fabrikam)
    roles = [w.opportunity(contoso, role="Data Engineer"), w.opportunity(contoso, role="Analytics Engineer")]
    for opp in roles:
        interview = w.interview(opp, at("2026-11-16 10:00", "America/Chicago"), at("2026-11-16 11:00", "America/Chicago"),
                                rita, roles={rita.id: Role.RECRUITER})
        w.sent(f"thank_you:i{interview.id}:p{rita.id}", MessageKind.THANK_YOU, rita,
               at("2026-11-17 09:00", "America/Chicago"), opp)
    offer = w.opportunity(fabrikam, role="Senior Data Engineer")
    w.interview(offer, at("2026-11-12 10:00"), at("2026-11-12 11:00"), paula, roles={paula.id: Role.HIRING_MANAGER})
    close(offer, OpportunityStatus.ACCEPTED, "2026-11-18 17:30")
    for opp in (*roles, offer):
        opp.created_at = at("2026-11-01 09:00")
    return w, roles, rita


def test_withdrawals_go_promptly_whatever_the_spacing_and_in_the_recipients_zone():
    w, roles, rita = accepted_elsewhere()
    actions = assert_plan_due_is_the_due_part(w, DEFAULT_PLAYBOOK, at("2026-11-18 18:00"))
    withdrawals = [a for a in actions if a.kind == MessageKind.WITHDRAWAL]
    assert [a.opportunity_id for a in withdrawals] == [roles[0].id, roles[1].id]
    chicago = at("2026-11-18 10:30", "America/Chicago")
    for action in withdrawals:
        # the same working day in Chicago, not held back 3 business days by the thank-you of
        # yesterday or by the other withdrawal
        assert action.earliest == chicago and action.state == "due" and "moved" not in action.note
        assert action.earliest.utcoffset() == chicago.utcoffset()  # Chicago's zone, not UTC
        assert action.earliest.tzinfo == chicago.tzinfo


def test_a_withdrawal_the_day_after_a_thank_you_to_them_keeps_its_day():
    w, roles, rita = accepted_elsewhere()
    actions = by_key(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-11-19 09:00", "America/Chicago")))
    key = f"withdrawal:o{roles[0].id}:p{rita.id}"
    assert actions[key].earliest == at("2026-11-18 10:30", "America/Chicago")
    assert not any(a.kind == MessageKind.STATUS_CHECK for a in actions.values())


def test_why_says_a_touch_waits_for_the_other_process():
    from tests.planner.test_why_keep_warm import why

    w, data, analytics, (rita, hank, ivan, jane) = two_roles()
    for person in (rita, hank, jane):
        w.sent(f"rejection_reply:o{analytics.id}:p{person.id}", MessageKind.REJECTION_REPLY, person,
               at("2026-12-01 15:00"), analytics)
    w.news("Streaming meetup talk", date(2027, 1, 5), ["streaming"])
    said = why(w, f"keep_warm.1:o{analytics.id}:p{hank.id}", "2027-01-06 10:00")
    assert (f"Hank Lee is still in opportunity {data.id} (Data Engineer) with you, which is not closed: "
            "keep-in-touch comes after it closes") in said


def test_a_confirmed_next_round_outweighs_an_unconfirmed_rejection_email_before_it():
    """Found by a tester: a tracking system's rejection (left unconfirmed), then the recruiter's
    "please ignore that, third round", confirmed as interviewing: no rejection reply is planned."""
    from afterview.domain.model import ReplyClass

    w = World()
    contoso = w.company("Contoso")
    katrin = w.person("Katrin Schmidt", contoso)
    opp = w.opportunity(contoso, role="Data Engineer")
    interview = w.interview(opp, at("2026-11-10 10:00"), at("2026-11-10 11:00"), katrin)
    w.sent(f"thank_you:i{interview.id}:p{katrin.id}", MessageKind.THANK_YOU, katrin, at("2026-11-10 18:00"), opp)
    w.reply(katrin, at("2026-11-20 09:00"), opp, classification=ReplyClass.REJECTION)
    now = at("2026-11-23 10:00")
    assert f"rejection_reply:o{opp.id}:p{katrin.id}" in by_key(plan(w.facts, DEFAULT_PLAYBOOK, now))
    w.reply(katrin, at("2026-11-21 09:00"), opp, classification=ReplyClass.NEXT_ROUND, confirmed=True)
    keys = by_key(assert_plan_due_is_the_due_part(w, DEFAULT_PLAYBOOK, now))
    assert not [k for k in keys if k.startswith(("rejection_reply:", "linkedin_note:"))], sorted(keys)
    # a rejection after the confirmed reply still counts
    w.reply(katrin, at("2026-11-22 09:00"), opp, classification=ReplyClass.REJECTION)
    assert f"rejection_reply:o{opp.id}:p{katrin.id}" in by_key(plan(w.facts, DEFAULT_PLAYBOOK, now))
