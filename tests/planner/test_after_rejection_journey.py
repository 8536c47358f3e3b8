"""What a rejection journey with real mail found in the plan: keep-in-touch wording, a bounce's
warning, LinkedIn requests left long unsent, and requests the monthly cap queued."""

from datetime import date, timedelta

from afterview.domain.model import DecisionKind, InboundKind, MessageKind, MessageState
from afterview.planner import DEFAULT_PLAYBOOK, plan

from tests.planner.builders import at, by_key
from tests.planner.test_after_decision import assert_plan_due_is_the_due_part, rejected_panel, rejected_world


def requests(actions):
    return [a for a in actions if a.kind == MessageKind.LINKEDIN_NOTE]


def handled(w, opp, *people, when="2026-12-05 10:00"):
    """The rejection replied to and the LinkedIn requests made: only keep-warm is left."""
    for person in people:
        w.sent(f"rejection_reply:o{opp.id}:p{person.id}", MessageKind.REJECTION_REPLY, person, at(when), opp)
        w.decide(f"linkedin_note:p{person.id}", DecisionKind.DONE, at(when))


def test_a_later_keep_in_touch_names_the_close_and_the_last_touch():
    # The second touch said "closed 13 Jan 2027": the day of the first touch, not of the close.
    w, opp, _, rita, dana = rejected_world()
    handled(w, opp, rita, dana)
    w.news("Kafka certificate", date(2026, 12, 8), ["kafka"])
    [first] = plan(w.facts, DEFAULT_PLAYBOOK, at("2027-01-05 09:00"))
    assert "closed 4 Dec 2026)" in first.reason and "last in touch" not in first.reason
    w.sent(first.key, MessageKind.KEEP_WARM, dana, at("2027-01-13 10:00"), opp)
    w.news("Kafka talk at a meetup", date(2027, 4, 20), ["kafka"])
    [second] = plan(w.facts, DEFAULT_PLAYBOOK, at("2027-04-21 09:00"))
    assert second.sequence == 2
    assert "closed 4 Dec 2026; last in touch 13 Jan 2027)" in second.reason


def bounced_world():
    """Dana's rejection reply bounced on Mon 7 Dec; a keep-warm touch is due in January."""
    w, opp, _, rita, dana = rejected_world()
    dana.emails = ["dana@old.example"]
    handled(w, opp, rita)
    bounced = w.sent(f"rejection_reply:o{opp.id}:p{dana.id}", MessageKind.REJECTION_REPLY, dana,
                     at("2026-12-05 10:00"), opp, to_address="dana@old.example")
    w.decide(f"linkedin_note:p{dana.id}", DecisionKind.DONE, at("2026-12-05 10:00"))
    w.reply(dana, at("2026-12-07 09:00"), kind=InboundKind.BOUNCE, answers_message_id=bounced.id)
    w.news("Kafka certificate", date(2027, 1, 4), ["kafka"])
    return w, opp, dana


def dana_note(w, dana, now="2027-01-20 09:00"):
    [touch] = [a for a in plan(w.facts, DEFAULT_PLAYBOOK, at(now)) if a.person_id == dana.id]
    return touch.note


def test_a_bounce_is_not_forgotten_because_something_was_done_another_way():
    # Found with real mail: after a keep-in-touch "done" on LinkedIn, the next touch to the dead
    # address had no warning; a message merely scheduled cleared it as well.
    w, opp, dana = bounced_world()
    assert "bounced on Mon 7 Dec: check the address first" in dana_note(w, dana)
    w.decide("linkedin_note:p999", DecisionKind.DONE, at("2026-12-20 10:00"))  # done, by any way
    w.sent(f"keep_warm.9:o{opp.id}:p{dana.id}", MessageKind.KEEP_WARM, dana, at("2027-02-01 09:00"), opp,
           state=MessageState.SCHEDULED, to_address="dana@old.example")
    w.sent("elsewhere", MessageKind.SHARE_NEWS, dana, at("2026-12-21 10:00"), opp, state=MessageState.DONE_ELSEWHERE)
    w.sent("on.linkedin", MessageKind.LINKEDIN_NOTE, dana, at("2026-12-22 10:00"), channel="linkedin")
    assert "bounced on Mon 7 Dec" in dana_note(w, dana)


def test_a_bounce_warning_ends_with_an_email_sent_or_a_new_address():
    w, opp, dana = bounced_world()
    w.sent("manual", MessageKind.SHARE_NEWS, dana, at("2026-12-21 10:00"), opp, to_address="dana@old.example")
    assert "bounced" not in dana_note(w, dana)
    w, opp, dana = bounced_world()
    dana.emails = ["dana.reyes@new.example"]  # the user's answer to the warning
    assert "bounced" not in dana_note(w, dana)


def test_a_linkedin_request_not_sent_leaves_the_plan_after_sixty_days():
    # Found: the request "right after a rejection" was still OVERDUE a year later.
    w, opp, _, rita, dana = rejected_world()
    for person in (rita, dana):
        w.sent(f"rejection_reply:o{opp.id}:p{person.id}", MessageKind.REJECTION_REPLY, person, at("2026-12-05 10:00"), opp)
    assert len(requests(plan(w.facts, DEFAULT_PLAYBOOK, at("2027-01-20 09:00")))) == 2
    assert requests(plan(w.facts, DEFAULT_PLAYBOOK, at("2027-02-03 09:00"))) == []  # 4 Dec 18:00 + 60 days
    assert_plan_due_is_the_due_part(w, DEFAULT_PLAYBOOK, at("2027-02-03 09:00"))
    longer = DEFAULT_PLAYBOOK.override({"linkedin_connection": {"expires_after": "120d"}}, "test")
    assert len(requests(plan(w.facts, longer, at("2027-02-03 09:00")))) == 2


def test_requests_the_cap_queued_are_due_from_their_month_not_overdue_from_the_old_one():
    # Found: eight requests after rejections on Mon 16 Nov, five of them sent in November; on
    # 1 Dec the other three showed as OVERDUE, due 18 Nov, and no longer as queued.
    w, people = rejected_panel(8)
    w.facts.inbound[0].received_at = at("2026-11-16 09:00")
    for interview in w.facts.interviews.values():
        interview.start, interview.end = at("2026-11-10 10:00"), at("2026-11-10 11:00")
    keys = sorted((f"linkedin_note:p{p.id}" for p in people), key=lambda k: int(k.rsplit("p", 1)[1]))
    before = by_key(requests(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-11-17 09:00"))))
    assert [k for k in keys if "queued" in before[k].note] == keys[5:]
    for key in keys[:5]:
        w.decide(key, DecisionKind.DONE, at("2026-11-17 10:00"))
    actions = assert_plan_due_is_the_due_part(w, DEFAULT_PLAYBOOK, at("2026-12-01 09:30"))
    later = requests(actions)
    assert sorted(a.key for a in later) == sorted(keys[5:])
    for action in later:
        assert action.earliest == at("2026-12-01 09:00") and action.due == at("2026-12-03 17:00")
        assert action.state == "due" and "queued" in action.note


def test_requests_left_unsent_take_this_months_invitations_first():
    # None of the nine sent: the five of November go now, in December; the other four wait
    # for January, as December's five invitations are theirs.
    w, people = rejected_panel(9)
    w.facts.inbound[0].received_at = at("2026-11-16 09:00")
    for interview in w.facts.interviews.values():
        interview.start, interview.end = at("2026-11-10 10:00"), at("2026-11-10 11:00")
    actions = requests(assert_plan_due_is_the_due_part(w, DEFAULT_PLAYBOOK, at("2026-12-02 09:30")))
    overdue = [a for a in actions if a.state == "overdue"]
    queued = [a for a in actions if a.state == "upcoming"]
    assert len(overdue) == 5 and len(queued) == 4
    assert all(a.earliest == at("2027-01-04 09:00") and "queued" in a.note for a in queued)
    # in time order, then by person: person 9 before person 10 (not "p10" < "p9" as text)
    ids = sorted(p.id for p in people)
    assert ids[-1] >= 10 > ids[0]
    assert {a.person_id for a in overdue} == set(ids[:5])


def test_a_request_recorded_on_the_person_counts_towards_the_cap():
    # Found: `person edit --connection requested` did not count, so a sixth December request
    # was planned.
    from afterview.domain.model import ConnectionState

    w, people = rejected_panel(6)
    others = [w.person(f"Other {n}", w.facts.companies[people[0].company_id]) for n in range(5)]
    for n, other in enumerate(others[:3]):
        w.sent(f"linkedin_note:p{other.id}", MessageKind.LINKEDIN_NOTE, other, at(f"2026-12-0{n + 1} 09:00"))
    others[4].connection = ConnectionState.REQUESTED
    others[4].connection_requested_at = at("2026-12-07 09:00")
    # one request both sent and recorded on its person counts once
    others[0].connection, others[0].connection_requested_at = ConnectionState.REQUESTED, at("2026-12-01 09:00")
    queued = [a for a in requests(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-10 10:00"))) if "queued" in a.note]
    # December: three sent and one recorded on its person leave room for one
    assert len(queued) == 5


def test_a_linkedin_request_marked_done_shows_on_its_person_and_why_says_so(tmp_path):
    # Found: `done linkedin_note:pN` left the person at "linkedin none", and `why` gave the
    # generic "a stop condition applies" for someone already connected.
    from afterview.domain.model import ConnectionState, Person
    from afterview.planner.playbook import DEFAULT_PLAYBOOK as BOOK
    from afterview.services import planning
    from afterview.storage import open_store

    store = open_store(f"sqlite:///{tmp_path / 'av.db'}")
    try:
        with store.transaction() as tx:
            dana = tx.add(Person(name="Dana Reyes"))
            rita = tx.add(Person(name="Rita Cole", connection=ConnectionState.CONNECTED,
                                 connected_at=at("2024-03-12 10:00")))
        now = at("2026-12-10 10:00")
        with store.transaction() as tx:
            planning.mark_done(tx, f"linkedin_note:p{dana.id}", "", now)
            person = tx.get(Person, dana.id)
            assert person.connection == ConnectionState.REQUESTED and person.connection_requested_at == now
            said = planning.explain(tx.facts(), BOOK, f"linkedin_note:p{rita.id}", now, "Europe/Berlin")
            assert said.detail == "not planned now: you are connected with Rita Cole on LinkedIn since 12 Mar 2024"
        with store.transaction() as tx:
            planning.undo(tx, f"linkedin_note:p{dana.id}", now + timedelta(hours=1))
            person = tx.get(Person, dana.id)
            assert person.connection == ConnectionState.NONE and person.connection_requested_at is None
            said = planning.explain(tx.facts(), BOOK, f"linkedin_note:p{dana.id}", now, "Europe/Berlin")
            assert said.detail.endswith("a connection request not sent also leaves the plan 60d after the moment it fitted")
    finally:
        store.close()


def test_why_this_timing_of_a_second_follow_up_names_the_holidays_it_met():
    # The desk explains every card with shaped_by: it looks up each person's place alone (not an
    # index of all the facts per card), and a second follow-up counts from the first.
    from collections import defaultdict

    from afterview.services.planning import shaped_by
    from tests.planner.test_follow_ups import setup

    w, opp, interview, rita, dana = setup()
    first = f"status_check.1:o{opp.id}:i{interview.id}:p{rita.id}"
    w.sent(first, MessageKind.STATUS_CHECK, rita, at("2026-12-17 10:00"), opp)
    [second] = [a for a in plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-18 09:00")) if a.sequence == 2]
    by_interview = defaultdict(list)
    for debrief in w.facts.debriefs:
        by_interview[debrief.interview_id].append(debrief)
    said = shaped_by(w.facts, DEFAULT_PLAYBOOK, second)
    assert said == shaped_by(w.facts, DEFAULT_PLAYBOOK, second, debriefs=by_interview)
    assert any("Christmas" in str(s) for s in said), said
