"""A short tag (an acronym: ML, QA, AI, UX) matches a topic or tag that has it as a whole word,
never as letters inside another word ("ml" in "html")."""

from afterview.planner.facts import interests, matches


def test_an_acronym_tag_reaches_a_topic_that_names_it():
    assert matches(["QA"], interests(("vendor QA",))) == ["QA"]
    assert matches(["ML"], interests(("growing the ML team",))) == ["ML"]
    assert matches(["ai"], interests(("AI",))) == ["ai"]
    assert matches(["AI/ML"], interests(("ML platform", "AI safety"))) == ["AI/ML"]


def test_an_acronym_never_matches_inside_a_word_nor_a_joining_word():
    assert matches(["ML"], interests(("HTML email templates",))) == []
    assert matches(["UX"], interests(("Linux kernels",))) == []
    assert matches(["of"], interests(("head of data",))) == []


def test_longer_tags_match_as_before():
    """A tag with longer words matches by those alone: "Head of data" as before."""
    assert matches(["Head of data"], interests(("data", "head coach"))) == ["Head of data"]


def test_news_tagged_qa_is_shared_with_the_person_whose_topic_is_vendor_qa():
    from datetime import date

    from afterview.domain.model import MessageKind
    from afterview.planner import DEFAULT_PLAYBOOK, plan

    from tests.planner.builders import World, at

    w = World()
    acme = w.company()
    hannah = w.person("Hannah Berg", acme)
    html = w.person("Hugo Marx", acme, tags=["HTML email"])
    opp = w.opportunity(acme)
    interview = w.interview(opp, at("2026-12-01 10:00"), at("2026-12-01 11:00"), hannah, html)
    w.debrief(interview, hannah, topics=["vendor QA"])
    news = w.news("Built an automated QA checker", date(2026, 12, 3), ["QA"])
    ml = w.news("Trained an ML model", date(2026, 12, 3), ["ML"])
    shares = {(a.person_id, a.news_id) for a in plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-04 10:00"))
              if a.kind == MessageKind.SHARE_NEWS}
    assert (hannah.id, news.id) in shares
    assert not any(person == html.id and item == ml.id for person, item in shares)
