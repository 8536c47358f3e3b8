"""Whom the rejection reply goes to: the one who delivered the news.

The sender of a classified rejection email, or the person the user named on the status change
(the hiring manager phoned), the earliest such; else the contact of the last interview.
"""

from afterview.domain.model import MessageKind, OpportunityStatus, ReplyClass, Role, StatusChange
from afterview.domain.timeline import timeline
from afterview.planner import DEFAULT_PLAYBOOK, plan

from tests.planner.builders import World, at, by_key


def world():
    """Rita (recruiter, the usual contact) and Dana (hiring manager) interviewed; Lee works at Acme
    but was on no panel."""
    w = World()
    acme = w.company()
    rita = w.person("Rita Cole", acme)
    dana = w.person("Dana Reyes", acme)
    lee = w.person("Lee Park", acme)
    opp = w.opportunity(acme)
    w.interview(opp, at("2026-12-01 10:00"), at("2026-12-01 11:00"), dana, rita,
                roles={rita.id: Role.RECRUITER, dana.id: Role.HIRING_MANAGER})
    return w, opp, rita, dana, lee


def reject(opp, when: str, person=None):
    opp.status = OpportunityStatus.REJECTED
    opp.history.append(StatusChange(status=OpportunityStatus.REJECTED, at=at(when),
                                    person_id=person.id if person else None))


def replies_to(w, now="2026-12-03 12:00"):
    return sorted(a.person_id for a in plan(w.facts, DEFAULT_PLAYBOOK, at(now))
                  if a.kind == MessageKind.REJECTION_REPLY)


def test_the_reply_goes_to_who_told_you_rather_than_the_contact():
    # fails before the status change kept a person: the reply went to Rita, the recruiter
    w, opp, rita, dana, _ = world()
    reject(opp, "2026-12-03 09:00", dana)
    [reply] = [a for a in plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-03 12:00"))
               if a.kind == MessageKind.REJECTION_REPLY]
    assert reply.key == f"rejection_reply:o{opp.id}:p{dana.id}"
    assert reply.earliest == at("2026-12-03 11:00") and reply.due == at("2026-12-04 09:00")


def test_without_anyone_named_the_contact_of_the_last_interview_still_gets_it():
    w, opp, rita, dana, _ = world()
    reject(opp, "2026-12-03 09:00")
    assert replies_to(w) == [rita.id]


def test_someone_of_the_company_who_was_on_no_panel_gets_the_reply_and_a_linkedin_request():
    w, opp, rita, dana, lee = world()
    reject(opp, "2026-12-03 09:00", lee)
    actions = by_key(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-03 12:00")))
    assert f"rejection_reply:o{opp.id}:p{lee.id}" in actions
    assert f"linkedin_note:p{lee.id}" in actions


def test_the_earliest_of_an_email_sender_and_the_person_named_wins():
    # the email came first (the user confirmed it later, naming nobody): its sender
    w, opp, rita, dana, _ = world()
    w.reply(rita, at("2026-12-03 08:00"), opp, classification=ReplyClass.REJECTION)
    reject(opp, "2026-12-03 09:00")
    assert replies_to(w) == [rita.id]
    # the hiring manager phoned before the email arrived: her
    w, opp, rita, dana, _ = world()
    reject(opp, "2026-12-03 07:00", dana)
    w.reply(rita, at("2026-12-03 08:00"), opp, classification=ReplyClass.REJECTION)
    [reply] = [a for a in plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-03 12:00"))
               if a.kind == MessageKind.REJECTION_REPLY]
    assert reply.person_id == dana.id and reply.earliest == at("2026-12-03 09:00")
    # a nameless status change earlier than the email: the time is the status's, the sender the email's
    w, opp, rita, dana, _ = world()
    reject(opp, "2026-12-03 07:00")
    w.reply(dana, at("2026-12-03 08:00"), opp, classification=ReplyClass.REJECTION)
    [reply] = [a for a in plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-03 12:00"))
               if a.kind == MessageKind.REJECTION_REPLY]
    assert reply.person_id == dana.id and reply.earliest == at("2026-12-03 09:00")


def test_a_person_since_deleted_or_not_to_be_contacted_falls_back_to_the_contact():
    w, opp, rita, dana, _ = world()
    reject(opp, "2026-12-03 09:00", dana)
    dana.do_not_contact = True
    assert replies_to(w) == [rita.id]
    w, opp, rita, dana, _ = world()
    reject(opp, "2026-12-03 09:00", dana)
    del w.facts.people[dana.id]
    w.facts.interviews[next(iter(w.facts.interviews))].participants.pop(0)  # she was on the panel
    assert replies_to(w) == [rita.id]


def test_the_timeline_says_who_told_you():
    w, opp, rita, dana, _ = world()
    reject(opp, "2026-12-03 09:00", dana)
    opp.history[-1].note = "phoned"
    texts = [e.text for e in timeline(w.facts, opportunity_id=opp.id)]
    assert "Data Engineer: rejected (told by Dana Reyes) (phoned)" in texts
    del w.facts.people[dana.id]
    assert "Data Engineer: rejected (phoned)" in [e.text for e in timeline(w.facts, opportunity_id=opp.id)]


def test_a_rejection_email_before_the_process_was_reopened_no_longer_counts():
    # The email said no; the user recorded it, then reopened the process (they called back with
    # a new round). Before: the old email still counted as a rejection while the status was
    # open, so the rejection reply came back and no follow-up was planned.
    w, opp, rita, dana, _ = world()
    w.reply(dana, at("2026-12-02 09:00"), opp, classification=ReplyClass.REJECTION)
    reject(opp, "2026-12-02 10:00")
    opp.status = OpportunityStatus.INTERVIEWING
    opp.history.append(StatusChange(status=OpportunityStatus.INTERVIEWING, at=at("2026-12-03 09:00")))
    kinds = {a.kind for a in plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-03 12:00"))}
    assert MessageKind.REJECTION_REPLY not in kinds
    # a rejection email after the reopening counts again
    w.reply(rita, at("2026-12-04 09:00"), opp, classification=ReplyClass.REJECTION)
    assert replies_to(w, "2026-12-04 12:00") == [rita.id]


def test_an_open_status_set_after_an_unconfirmed_rejection_email_does_not_hide_it():
    # Only a reopening (closed, then open) sets the email aside: an interview recorded after a
    # rejection email the user has not confirmed yet leaves the email counting.
    w, opp, rita, dana, _ = world()
    w.reply(dana, at("2026-12-02 09:00"), opp, classification=ReplyClass.REJECTION)
    opp.status = OpportunityStatus.INTERVIEWING
    opp.history.append(StatusChange(status=OpportunityStatus.INTERVIEWING, at=at("2026-12-03 09:00")))
    assert replies_to(w) == [dana.id]


def test_reopened_after_a_rejection_the_old_round_is_not_thanked_again():
    # Found by a tester: the rejection answered, the process reopened a week later, and the
    # thank-yous of the interview before the rejection came back as overdue.
    w, opp, rita, dana, _ = world()
    reject(opp, "2026-12-01 15:00", dana)
    opp.status = OpportunityStatus.INTERVIEWING
    opp.history.append(StatusChange(status=OpportunityStatus.INTERVIEWING, at=at("2026-12-08 09:00")))
    keys = {a.key for a in plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-08 12:00"))}
    assert not [k for k in keys if k.startswith("thank_you")]
    # a new round after the reopening is thanked as usual
    w.interview(opp, at("2026-12-10 10:00"), at("2026-12-10 11:00"), dana, rita,
                roles={rita.id: Role.RECRUITER, dana.id: Role.HIRING_MANAGER})
    keys = {a.key for a in plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-10 12:00"))}
    assert len([k for k in keys if k.startswith("thank_you")]) == 2


def test_a_rejection_taken_back_before_the_thank_you_was_late_keeps_the_thank_yous():
    # Found by a tester: "rejected" recorded on the wrong process and set back to interviewing a
    # minute later; the round's thank-yous, not even due yet, were gone for good.
    w, opp, rita, dana, _ = world()
    reject(opp, "2026-12-01 17:00")
    opp.status = OpportunityStatus.INTERVIEWING
    opp.history.append(StatusChange(status=OpportunityStatus.INTERVIEWING, at=at("2026-12-01 17:01")))
    keys = {a.key for a in plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-01 17:02"))}
    assert len([k for k in keys if k.startswith("thank_you")]) == 2
    assert not [k for k in keys if k.startswith("rejection_reply")]
    # set back two days later (48 h after the end: late by then): the moment has passed
    opp.history[-1] = StatusChange(status=OpportunityStatus.INTERVIEWING, at=at("2026-12-03 11:00"))
    keys = {a.key for a in plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-03 12:00"))}
    assert not [k for k in keys if k.startswith("thank_you")]


def test_rejected_again_after_a_reopening_the_reply_goes_to_who_told_you_this_time():
    # Tom's rejection was taken back (the process reopened); Priya said no later: the reply goes
    # to her, dated from her news, not to Tom from the first one.
    w, opp, rita, dana, lee = world()
    reject(opp, "2026-12-01 15:00", lee)
    opp.status = OpportunityStatus.INTERVIEWING
    opp.history.append(StatusChange(status=OpportunityStatus.INTERVIEWING, at=at("2026-12-01 15:05")))
    reject(opp, "2026-12-02 10:00", dana)
    [reply] = [a for a in plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-02 12:00")) if a.kind == MessageKind.REJECTION_REPLY]
    assert reply.person_id == dana.id and "(Wed 2 Dec)" in reply.reason


def test_an_interview_moved_into_a_rejected_process_does_not_take_its_reply():
    # Found by a tester: an interview of another process moved (by mistake) under a rejected one,
    # later than the rejection; the reply to Rita became a reply to the moved interview's person.
    w, opp, rita, dana, lee = world()
    reject(opp, "2026-12-02 09:00")
    w.interview(opp, at("2026-12-03 10:00"), at("2026-12-03 11:00"), lee, roles={lee.id: Role.RECRUITER})
    actions = plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-03 12:00"))
    assert [a.person_id for a in actions if a.kind == MessageKind.REJECTION_REPLY] == [rita.id]
    assert lee.id not in [a.person_id for a in actions if a.kind == MessageKind.LINKEDIN_NOTE]


def test_a_reply_due_on_a_holiday_says_why_it_is_due_the_day_after():
    # Found by a tester: recorded Wed 25 Nov 19:30 (US), the reply was due Fri 19:30 while its
    # reason said "due within 24 h": Thursday was Thanksgiving, unsaid.
    w = World(tz="America/Chicago", country="US")
    acme = w.company()
    rita = w.person("Rita Cole", acme)
    opp = w.opportunity(acme)
    w.interview(opp, at("2026-11-20 10:00", "America/Chicago"), at("2026-11-20 11:00", "America/Chicago"), rita,
                roles={rita.id: Role.RECRUITER})
    opp.status = OpportunityStatus.REJECTED
    opp.history.append(StatusChange(status=OpportunityStatus.REJECTED, at=at("2026-11-25 19:30", "America/Chicago")))
    [reply] = [a for a in plan(w.facts, DEFAULT_PLAYBOOK, at("2026-11-25 20:00", "America/Chicago"))
               if a.kind == MessageKind.REJECTION_REPLY]
    assert reply.due == at("2026-11-27 19:30", "America/Chicago")
    assert reply.reason.endswith("; Thu 26 Nov is a public holiday (Thanksgiving Day), so due Fri 27 Nov.")
