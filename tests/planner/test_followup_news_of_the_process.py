"""A status follow-up is about the process: news that matters to someone on its panel, or about
its company, is something new for it, whoever the follow-up goes to. A share of news or a
keep-warm touch still needs news that matters to its own recipient, and the process does not
hear one item twice within share_news.interval business days."""

from datetime import date

from afterview.domain.model import MessageKind, MessageState, Role
from afterview.planner import DEFAULT_PLAYBOOK, plan, plan_due

from tests.planner.builders import World, at, by_key

TZ = "America/Chicago"


def when(text: str):
    return at(text, TZ)


def northwind():
    """The tester's process: Carlos is the recruiter (the follow-ups go to him), Priya the hiring
    manager, who discussed moving batch jobs to streaming; the first follow-up went on Wed 9 Dec."""
    w = World(tz=TZ, country="US")
    company = w.company("Northwind Analytics Inc.")
    priya = w.person("Priya Raman", company)
    carlos = w.person("Carlos Reyes", company)
    opp = w.opportunity(company, "Senior Data Engineer")
    interview = w.interview(opp, when("2026-11-24 13:00"), when("2026-11-24 16:00"), priya, carlos,
                            roles={priya.id: Role.HIRING_MANAGER, carlos.id: Role.RECRUITER})
    w.debrief(interview, priya, topics=["moving nightly batch jobs to streaming"], decision_date=date(2026, 12, 7))
    w.debrief(interview, carlos, topics=["relocation timeline"])
    for person in (priya, carlos):
        w.sent(f"thank_you:i{interview.id}:p{person.id}", MessageKind.THANK_YOU, person, when("2026-11-24 18:00"), opp)
    ids = f"o{opp.id}:i{interview.id}:p{carlos.id}"
    w.sent(f"status_check.1:{ids}", MessageKind.STATUS_CHECK, carlos, when("2026-12-09 10:00"), opp)
    return w, opp, priya, carlos, f"status_check.2:{ids}"


def kafka(w):
    return w.news("Passed the Confluent Kafka developer certification", date(2026, 12, 15), ["Kafka", "streaming"])


def test_news_that_matters_to_the_hiring_manager_goes_with_the_recruiters_follow_up():
    """What the tester found: the second follow-up to Carlos kept its gap although the news
    matters to Priya, the hiring manager of the same process."""
    w, opp, priya, carlos, key = northwind()
    item = kafka(w)
    second = by_key(plan(w.facts, DEFAULT_PLAYBOOK, when("2026-12-21 10:00")))[key]
    assert second.news_id == item.id
    assert ("add something new: e.g. your news 'Passed the Confluent Kafka developer certification' "
            f"(news {item.id}), which matters to Priya Raman, on the panel of this process (streaming)") in second.note


def test_news_that_matters_to_the_recipient_says_so():
    w, opp, priya, carlos, key = northwind()
    carlos.tags = ["relocation"]
    item = w.news("Moved to Chicago", date(2026, 12, 16), ["relocation"])
    second = by_key(plan(w.facts, DEFAULT_PLAYBOOK, when("2026-12-21 10:00")))[key]
    assert second.news_id == item.id and "which matters to Carlos Reyes (relocation)" in second.note


def test_news_about_the_company_of_the_process_counts():
    w, opp, priya, carlos, key = northwind()
    carlos.company_id = priya.company_id = None  # they moved on: the process's company still counts
    item = w.news("Northwind Analytics opened a Chicago office", date(2026, 12, 16), ["offices"],
                  company_id=opp.company_id)
    second = by_key(plan(w.facts, DEFAULT_PLAYBOOK, when("2026-12-21 10:00")))[key]
    assert second.news_id == item.id
    assert "about Northwind Analytics Inc., the company of this process" in second.note


def test_news_that_matters_to_nobody_there_still_leaves_the_gap():
    w, opp, priya, carlos, key = northwind()
    w.news("Ran the Chicago half marathon", date(2026, 12, 15), ["running"])
    other = w.person("Lee Wong", w.company("Globex"), tags=["running"])  # on no panel of this process
    assert other.id
    second = by_key(plan(w.facts, DEFAULT_PLAYBOOK, when("2026-12-21 10:00")))[key]
    assert second.news_id is None and "needs something new" in second.note


def test_a_share_or_touch_to_the_recruiter_still_needs_news_that_matters_to_him():
    """Once his second follow-up went and the loop is closed, newer news that matters only to
    Priya is shared with her, not with Carlos."""
    w, opp, priya, carlos, key = northwind()
    w.sent(key, MessageKind.STATUS_CHECK, carlos, when("2026-12-22 10:00"), opp)
    w.sent(key.replace("status_check.2", "closing_the_loop"), MessageKind.CLOSING_THE_LOOP, carlos,
           when("2027-01-05 10:00"), opp)
    item = w.news("Spoke at Kafka Summit", date(2027, 1, 12), ["Kafka", "streaming"])
    shares = {a.person_id for a in plan(w.facts, DEFAULT_PLAYBOOK, when("2027-01-13 10:00"))
              if a.kind == MessageKind.SHARE_NEWS and a.news_id == item.id}
    assert shares == {priya.id}


def test_the_panel_member_hears_it_again_only_an_interval_after_the_follow_up():
    """The follow-up to Carlos names the news from Tue 22 Dec: the share of it to Priya (from
    Tue 15 Dec before) waits 7 business days after it, Mon 4 Jan (Christmas and New Year's Day
    are US holidays), before and after the follow-up went alike."""
    w, opp, priya, carlos, key = northwind()
    item = kafka(w)
    share_key = f"share_news:n{item.id}:p{priya.id}"
    for now in ("2026-12-16 10:00", "2026-12-21 10:00"):
        actions = by_key(plan(w.facts, DEFAULT_PLAYBOOK, when(now)))
        assert actions[key].news_id == item.id and actions[key].earliest == when("2026-12-22 09:30")
        share = actions[share_key]
        assert share.earliest == when("2027-01-04 09:00"), share.earliest
        assert ("waits: 'Passed the Confluent Kafka developer certification' reaches Senior Data Engineer at "
                f"Northwind Analytics Inc. with the status follow-up to Carlos Reyes ({key}) from Tue 22 Dec; "
                "shared 7 business days after it (share_news.interval)") in share.note, share.note
        # plan_due agrees: the share is not due before then
        due, _ = plan_due(w.facts, DEFAULT_PLAYBOOK, when(now))
        assert share_key not in {a.key for a in due}
    # once it went, the process hears no news until the loop is closed (docs/playbook.md, share_news)
    w.sent(key, MessageKind.STATUS_CHECK, carlos, when("2026-12-22 10:00"), opp)
    assert share_key not in by_key(plan(w.facts, DEFAULT_PLAYBOOK, when("2026-12-23 10:00")))


def test_a_share_that_leaves_no_fresh_day_after_the_follow_up_is_not_planned():
    w, opp, priya, carlos, key = northwind()
    item = w.news("Passed the Confluent Kafka developer certification", date(2026, 11, 25), ["streaming"])
    actions = by_key(plan(w.facts, DEFAULT_PLAYBOOK, when("2026-12-21 10:00")))
    assert actions[key].news_id == item.id
    # fresh until Fri 25 Dec; the process hears it on Tue 22 Dec: no second telling
    assert f"share_news:n{item.id}:p{priya.id}" not in actions


def test_news_just_shared_with_the_panel_member_is_not_named_to_the_recruiter_too_soon():
    w, opp, priya, carlos, key = northwind()
    item = kafka(w)
    w.sent(f"share_news:n{item.id}:p{priya.id}", MessageKind.SHARE_NEWS, priya, when("2026-12-16 10:00"), opp)
    # Wed 16 Dec + 7 business days is Mon 28 Dec: the follow-up from Tue 22 Dec is too soon
    second = by_key(plan(w.facts, DEFAULT_PLAYBOOK, when("2026-12-21 10:00")))[key]
    assert second.news_id is None and "needs something new" in second.note
    # a share on its way to her (approved) goes first: not named either
    w.facts.messages[-1].state, w.facts.messages[-1].sent_at = MessageState.APPROVED, None
    w.facts.messages[-1].approved_at = when("2026-12-16 09:00")
    actions = by_key(plan(w.facts, DEFAULT_PLAYBOOK, when("2026-12-21 10:00")))
    assert actions[key].news_id is None
    assert actions[f"share_news:n{item.id}:p{priya.id}"].note.count("waits:") == 0
    # shared with her long enough before, it may be named to him
    w.facts.messages[-1].state, w.facts.messages[-1].sent_at = MessageState.SENT, when("2026-12-10 10:00")
    w.facts.news[-1].happened_on = date(2026, 12, 9)
    second = by_key(plan(w.facts, DEFAULT_PLAYBOOK, when("2026-12-21 10:00")))[key]
    assert second.news_id == item.id
