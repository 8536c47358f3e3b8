"""Thank-you timing: per person, 1 h after, 24 h, afternoon, Friday, holidays, late, zones, DST."""

from datetime import date, timezone

from afterview.domain.model import DecisionKind, MessageKind, MessageState, OpportunityStatus, Role
from afterview.planner import DEFAULT_PLAYBOOK, plan

from tests.planner.builders import World, at, by_key


def panel(tz="Europe/Berlin", country="DE", start="2026-12-01 10:00", end="2026-12-01 11:00", person_kw=None):
    person_kw = person_kw or {}
    w = World(tz=tz, country=country)
    acme = w.company()
    dana = w.person("Dana Reyes", acme, **person_kw)
    omar = w.person("Omar Haddad", acme, **person_kw)
    rita = w.person("Rita Cole", acme, **person_kw)
    opp = w.opportunity(acme)
    interview = w.interview(opp, at(start, tz), at(end, tz), dana, omar, rita,
                            roles={rita.id: Role.COORDINATOR})
    return w, interview, (dana, omar, rita)


def thank_yous(actions):
    return {a.person_id: a for a in actions if a.kind == MessageKind.THANK_YOU}


def test_one_note_per_interviewer_and_the_coordinator_with_1h_and_24h():
    w, interview, (dana, omar, rita) = panel()
    actions = thank_yous(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-01 11:30")))
    assert set(actions) == {dana.id, omar.id, rita.id}
    note = actions[dana.id]
    assert note.key == f"thank_you:i{interview.id}:p{dana.id}"
    assert note.earliest == at("2026-12-01 12:00") and note.due == at("2026-12-02 11:00")
    assert note.state == "upcoming" and note.rule == "thank_you"
    assert note.reason == "Thank Dana Reyes for the panel interview of Tue 1 Dec; due within 24 h of its end."
    assert "TopResume" in note.source
    assert plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-01 12:00"))[0].state == "due"


def test_roles_setting_limits_recipients():
    w, _, (dana, omar, rita) = panel()
    book = DEFAULT_PLAYBOOK.override({"thank_you": {"roles": ["coordinator"]}}, "test")
    assert set(thank_yous(plan(w.facts, book, at("2026-12-01 12:00")))) == {rita.id}


def test_afternoon_interview_goes_to_next_business_morning():
    w, _, (dana, _, _) = panel(start="2026-12-01 14:00", end="2026-12-01 15:00")
    note = thank_yous(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-01 15:30")))[dana.id]
    assert note.rule == "afternoon_thank_you"
    assert note.earliest == at("2026-12-01 16:00")
    assert note.send_at == at("2026-12-02 08:00") and note.due == at("2026-12-02 10:00")


def test_a_move_past_the_suggested_slot_says_the_slot_no_longer_holds():
    w, interview, (dana, omar, _) = panel(start="2026-12-01 14:00", end="2026-12-01 15:00")
    key = f"thank_you:i{interview.id}:p{dana.id}"
    w.decide(key, DecisionKind.SNOOZE, at("2026-12-01 16:00"), until=at("2026-12-03 09:00"))
    # a short snooze that keeps the slot (Wed 08:00) needs no word about it
    w.decide(f"thank_you:i{interview.id}:p{omar.id}", DecisionKind.SNOOZE, at("2026-12-01 16:00"),
             until=at("2026-12-01 18:00"))
    notes = thank_yous(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-01 16:30")))
    moved, kept = notes[dana.id], notes[omar.id]
    assert "schedule it for the next business morning, Wed 2 Dec 08:00-10:00" in moved.reason  # the rule's own
    assert moved.note == "snoozed until Thu 3 Dec 09:00; send it from then, not at the time the reason suggests"
    assert moved.send_at == moved.earliest == at("2026-12-03 09:00")
    assert kept.note == "snoozed until Tue 1 Dec 18:00" and kept.send_at == at("2026-12-02 08:00")


def test_afternoon_is_judged_in_the_recipients_zone():
    # 14:00-15:00 in Berlin is 08:00-09:00 in New York: a morning interview for this person.
    w, _, (dana, _, _) = panel(start="2026-12-01 14:00", end="2026-12-01 15:00",
                               person_kw={"timezone": "America/New_York", "country": "US"})
    note = thank_yous(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-01 15:30")))[dana.id]
    assert note.rule == "thank_you"
    assert note.due == at("2026-12-02 09:00", "America/New_York")
    assert str(note.due.tzinfo) == "America/New_York"


def test_friday_afternoon_same_day_or_monday_morning():
    w, _, (dana, _, _) = panel(start="2026-12-04 14:00", end="2026-12-04 15:00")
    note = thank_yous(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-04 15:30")))[dana.id]
    assert note.rule == "friday_thank_you" and "Friday" in note.reason
    assert note.send_at == at("2026-12-04 16:00")  # ready before 17:00: the same day
    assert note.due == at("2026-12-07 09:00")


def test_late_friday_interview_is_scheduled_for_monday_0800():
    w, _, (dana, _, _) = panel(start="2026-12-04 16:30", end="2026-12-04 17:30")
    note = thank_yous(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-04 18:00")))[dana.id]
    assert note.send_at == at("2026-12-07 08:00") and note.due == at("2026-12-07 09:00")


def test_before_us_thanksgiving():
    ny = "America/New_York"
    w, _, (dana, _, _) = panel(tz=ny, country="US", start="2026-11-25 15:00", end="2026-11-25 16:00")
    note = thank_yous(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-11-25 16:30", ny)))[dana.id]
    assert note.rule == "friday_thank_you" and "Thanksgiving" in note.reason
    assert note.due == at("2026-11-27 09:00", ny)


def test_before_a_german_holiday_ascension_day():
    w, _, (dana, _, _) = panel(start="2026-05-13 10:00", end="2026-05-13 11:00")
    note = thank_yous(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-05-13 11:30")))[dana.id]
    assert note.rule == "friday_thank_you"
    assert note.due == at("2026-05-15 09:00")


def test_the_recipients_country_decides_the_holiday():
    # Thanksgiving is no holiday in Germany: a Berlin recipient gets the normal 24 h.
    ny = "America/New_York"
    w, _, (dana, _, _) = panel(tz=ny, country="US", start="2026-11-25 09:00", end="2026-11-25 10:00",
                               person_kw={"timezone": "Europe/Berlin", "country": "DE"})
    note = thank_yous(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-11-25 10:30", ny)))[dana.id]
    assert note.rule == "afternoon_thank_you"  # 16:00 in Berlin
    assert note.due == at("2026-11-26 10:00")


def test_a_region_brings_its_own_holidays_easter_monday_in_england():
    # Thursday 25 March 2027 is the day before Good Friday; Easter Monday (29 March) is a bank
    # holiday in England but not in Scotland, and the United Kingdom as a whole has only the
    # holidays its four nations share.
    london = "Europe/London"
    due = {}
    for country in ("GB-ENG", "GB-SCT", "GB"):
        w, _, (dana, _, _) = panel(tz=london, country=country, start="2027-03-25 15:00", end="2027-03-25 16:00")
        note = thank_yous(plan(w.facts, DEFAULT_PLAYBOOK, at("2027-03-25 16:30", london)))[dana.id]
        due[country] = note.due.astimezone(note.due.tzinfo).date().isoformat()
    assert due == {"GB-ENG": "2027-03-30", "GB-SCT": "2027-03-29", "GB": "2027-03-29"}


def test_late_after_48h_says_not_yesterday():
    w, _, (dana, _, _) = panel()
    early = thank_yous(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-02 12:00")))[dana.id]
    assert early.state == "overdue" and early.note == ""
    late = thank_yous(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-03 12:00")))[dana.id]
    assert late.state == "overdue"
    assert "not 'yesterday'" in late.note and "Tuesday" in late.note


def test_completion_by_sent_message_or_done_decision_and_progress_by_draft():
    w, interview, (dana, omar, rita) = panel()
    now = at("2026-12-01 13:00")
    w.sent(f"thank_you:i{interview.id}:p{dana.id}", MessageKind.THANK_YOU, dana, at("2026-12-01 12:30"))
    w.decide(f"thank_you:i{interview.id}:p{omar.id}", DecisionKind.DONE, now, note="sent from my phone")
    draft = w.sent(f"thank_you:i{interview.id}:p{rita.id}", MessageKind.THANK_YOU, rita, now,
                   state=MessageState.DRAFTED)
    actions = thank_yous(plan(w.facts, DEFAULT_PLAYBOOK, now))
    assert set(actions) == {rita.id}
    assert actions[rita.id].message_id == draft.id


def test_cancelled_interview_and_closed_opportunity_plan_no_thank_you():
    w, interview, _ = panel()
    interview.cancelled = True
    assert not thank_yous(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-01 12:00")))
    w2, _, _ = panel()
    next(iter(w2.facts.opportunities.values())).status = OpportunityStatus.WITHDRAWN
    assert not thank_yous(plan(w2.facts, DEFAULT_PLAYBOOK, at("2026-12-01 12:00")))


def test_do_not_contact_gets_nothing():
    w, _, (dana, _, _) = panel()
    dana.do_not_contact = True
    assert dana.id not in thank_yous(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-01 12:00")))


def test_one_hour_is_elapsed_time_across_the_autumn_dst_change():
    # Sunday 25 Oct 2026 in Berlin: 03:00 CEST becomes 02:00 CET. An interview ending at 02:30
    # CEST (the first 02:30) is thanked no earlier than 02:30 CET, one real hour later.
    w = World()
    acme = w.company()
    dana = w.person("Dana Reyes", acme)
    opp = w.opportunity(acme)
    end = at("2026-10-25 02:30")  # fold=0: the CEST one
    w.interview(opp, at("2026-10-25 01:30"), end, dana)
    note = thank_yous(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-10-25 05:00")))[dana.id]
    # (aware datetimes of one zone subtract as wall times in Python: compare in UTC)
    assert (note.earliest.astimezone(timezone.utc) - end.astimezone(timezone.utc)).total_seconds() == 3600
    assert note.earliest.utcoffset().total_seconds() == 3600  # now CET
    assert note.due == at("2026-10-26 09:00")  # Sunday: next business morning


def test_future_interview_plans_an_upcoming_note():
    w, _, (dana, _, _) = panel(start="2026-12-10 10:00", end="2026-12-10 11:00")
    note = thank_yous(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-01 09:00")))[dana.id]
    assert note.state == "upcoming" and note.earliest == at("2026-12-10 12:00")


def test_later_interview_with_the_same_person_supersedes_the_earlier_note():
    w, first, (dana, _, _) = panel()
    second = w.interview(w.facts.opportunities[first.opportunity_id], at("2026-12-08 10:00"),
                         at("2026-12-08 11:00"), dana, stage="round 2")
    keys = by_key(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-08 12:00")))
    assert f"thank_you:i{second.id}:p{dana.id}" in keys
    assert f"thank_you:i{first.id}:p{dana.id}" not in keys
    assert keys[f"thank_you:i{second.id}:p{dana.id}"].reason.startswith(
        "Thank Dana Reyes for the round 2 interview of Tue 8 Dec")
    assert date(2026, 12, 8).weekday() == 1


def test_a_snoozed_note_keeps_the_time_of_day_of_its_due():
    # Afternoon interview Tue 1 Dec: from 16:00, due Wed 2 Dec 10:00. Snoozed to Thu 3 Dec 09:00,
    # two calendar days on: due Fri 4 Dec 10:00. By elapsed time (the 18 h between start and due)
    # it would have been due Fri 03:00, which no one would choose.
    w, interview, (dana, _, _) = panel(start="2026-12-01 14:00", end="2026-12-01 15:00")
    key = f"thank_you:i{interview.id}:p{dana.id}"
    w.decide(key, DecisionKind.SNOOZE, at("2026-12-01 16:30"), until=at("2026-12-03 09:00"))
    note = thank_yous(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-01 16:30")))[dana.id]
    assert note.earliest == at("2026-12-03 09:00") and note.due == at("2026-12-04 10:00")
    assert note.send_at == at("2026-12-03 09:00")
    # snoozed late in the day, past the due's time: the due stays ahead of the start, a day on
    w.decide(key, DecisionKind.SNOOZE, at("2026-12-01 16:40"), until=at("2026-12-03 18:00"))
    note = thank_yous(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-01 16:40")))[dana.id]
    assert note.earliest == at("2026-12-03 18:00") and note.due == at("2026-12-04 10:00")
    # onto a weekend: Fri 4 Dec 09:00 + 2 days is Sun 10:00, so Monday 10:00
    w.decide(key, DecisionKind.SNOOZE, at("2026-12-01 16:50"), until=at("2026-12-04 09:00"))
    note = thank_yous(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-01 16:50")))[dana.id]
    assert note.due == at("2026-12-07 10:00")


def test_a_snooze_stored_until_year_9999_does_not_stop_the_plan():
    # typed snoozes are limited to five years, but one stored before that (or restored from an
    # old backup) must not make every plan overflow: it counts as until the first moment of 2200
    from datetime import datetime

    w, interview, (dana, omar, _) = panel()
    key = f"thank_you:i{interview.id}:p{dana.id}"
    w.decide(key, DecisionKind.SNOOZE, at("2026-12-01 11:30"),
             until=datetime(9999, 12, 31, 23, 59, tzinfo=timezone.utc))
    actions = thank_yous(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-01 12:30")))
    assert actions[dana.id].earliest == datetime(2200, 1, 1, tzinfo=timezone.utc)
    assert actions[dana.id].state == "upcoming" and actions[omar.id].state == "due"


def test_the_reason_offers_only_what_is_still_possible_in_the_recipients_time():
    # Oliver is in Los Angeles, the user in Berlin; a Friday interview ending 15:45 there.
    w = World(tz="Europe/Berlin", country="DE")
    acme = w.company()
    oliver = w.person("Oliver Stone", acme, timezone="America/Los_Angeles", country="US")
    opp = w.opportunity(acme)
    la = "America/Los_Angeles"
    w.interview(opp, at("2026-10-30 15:00", la), at("2026-10-30 15:45", la), oliver)

    def reason(when):
        return plan(w.facts, DEFAULT_PLAYBOOK, at(when, la))[0].reason

    # ready at 16:45 there, before 17:00: the same day is still possible
    assert "so send it the same day or schedule it for Mon 2 Nov 08:00-09:00 their time (America/Los_Angeles)." in reason("2026-10-30 16:00")
    # at 17:30 it is not
    assert reason("2026-10-30 17:30").endswith("so schedule it for Mon 2 Nov 08:00-09:00 their time (America/Los_Angeles).")
    # after Monday 09:00 there: it was due
    assert reason("2026-11-02 10:00").endswith("so it was due by Mon 2 Nov 09:00 their time (America/Los_Angeles).")


def test_a_fridays_note_on_monday_morning_is_not_late_but_never_says_yesterday():
    # Friday 4 Dec 2026, 15:00-16:00 in Berlin: the note's slot is Monday 08:00-09:00.
    from afterview.composer import DraftRequest, compose
    from afterview.composer.templates import TemplateSet

    w, interview, (dana, _, _) = panel(start="2026-12-04 15:00", end="2026-12-04 16:00")
    monday = thank_yous(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-07 07:30")))[dana.id]
    assert monday.note == "say 'thank you for our conversation on Friday', not 'yesterday'"  # not "late"
    later = thank_yous(plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-07 10:00")))[dana.id]
    assert later.note == "late: say 'thank you for our conversation on Friday', not 'yesterday'"
    w.debrief(interview, dana, topics=["the data platform"])
    for tone in ("warm", "formal", "concise"):
        body = compose(w.facts, DraftRequest.from_action(monday), tone, TemplateSet(None)).body.lower()
        assert "yesterday" not in body and "today" not in body, body
