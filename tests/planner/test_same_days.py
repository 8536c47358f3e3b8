"""One person owed two notes of one kind for two of your processes on the same days (the
recruiter of two roles thanked twice in one afternoon, two withdrawals to one contact): each
note names the other, so the user can send one covering both and mark the other done."""

from datetime import timedelta

from afterview.domain.model import MessageKind, OpportunityStatus, Role, StatusChange
from afterview.planner import DEFAULT_PLAYBOOK, plan

from tests.planner.builders import World, at, by_key
from tests.planner.test_after_decision import assert_plan_due_is_the_due_part


def two_roles(second_day="2026-11-10"):
    """Data Engineer (Rita, Ivan) at 10:00 on Tue 10 Nov and Analytics Engineer (Rita, Jane) at
    14:00 on `second_day`, both at Contoso, Rita the recruiter of both."""
    w = World()
    contoso = w.company("Contoso")
    rita, ivan, jane = (w.person(name, contoso) for name in ("Rita Gomez", "Ivan Petrov", "Jane Okafor"))
    data = w.opportunity(contoso, role="Data Engineer")
    analytics = w.opportunity(contoso, role="Analytics Engineer")
    interviews = []
    for opp, begin, other in ((data, at("2026-11-10 10:00"), ivan), (analytics, at(f"{second_day} 14:00"), jane)):
        interviews.append(w.interview(opp, begin, begin + timedelta(hours=1), rita, other,
                                      roles={rita.id: Role.RECRUITER}))
    return w, (data, analytics), interviews, (rita, ivan, jane)


def test_two_thank_yous_to_one_recruiter_on_one_day_name_each_other():
    w, (data, analytics), (first, second), (rita, ivan, jane) = two_roles()
    actions = by_key(assert_plan_due_is_the_due_part(w, DEFAULT_PLAYBOOK, at("2026-11-10 16:00")))
    to_data, to_analytics = (actions[f"thank_you:i{i.id}:p{rita.id}"] for i in (first, second))
    assert (f"Rita Gomez is also owed a thank-you for Analytics Engineer at Contoso on the same days "
            f"(thank_you:i{second.id}:p{rita.id}): one note covering both reads better than two") in to_data.note
    assert f"for Data Engineer at Contoso on the same days (thank_you:i{first.id}:p{rita.id})" in to_analytics.note
    # the interviewers of one process each are owed one note: nothing to say
    for person, interview in ((ivan, first), (jane, second)):
        assert "also owed" not in actions[f"thank_you:i{interview.id}:p{person.id}"].note


def test_notes_a_week_apart_or_one_already_sent_are_left_alone():
    w, _, (first, second), (rita, _, _) = two_roles(second_day="2026-11-17")
    actions = by_key(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-11-17 16:00")))
    assert not [a for a in actions.values() if "also owed" in a.note]
    w, (data, _), (first, second), (rita, _, _) = two_roles()
    w.sent(f"thank_you:i{first.id}:p{rita.id}", MessageKind.THANK_YOU, rita, at("2026-11-10 12:00"), data)
    actions = by_key(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-11-10 16:00")))
    assert "also owed" not in actions[f"thank_you:i{second.id}:p{rita.id}"].note


def test_two_withdrawals_to_one_contact_name_each_other():
    w, (data, analytics), (first, second), (rita, _, _) = two_roles()
    for interview, opp in ((first, data), (second, analytics)):
        w.sent(f"thank_you:i{interview.id}:p{rita.id}", MessageKind.THANK_YOU, rita, at("2026-11-10 18:00"), opp)
    globex = w.company("Globex")
    accepted = w.opportunity(globex, role="Platform Engineer", status=OpportunityStatus.ACCEPTED,
                             history=[StatusChange(status=OpportunityStatus.ACCEPTED, at=at("2026-11-20 16:00"))])
    assert accepted.id
    actions = by_key(assert_plan_due_is_the_due_part(w, DEFAULT_PLAYBOOK, at("2026-11-23 10:00")))
    one, other = (actions[f"withdrawal:o{opp.id}:p{rita.id}"] for opp in (data, analytics))
    assert f"also owed a withdrawal for Analytics Engineer at Contoso on the same days (withdrawal:o{analytics.id}" in one.note
    assert f"also owed a withdrawal for Data Engineer at Contoso on the same days (withdrawal:o{data.id}" in other.note
