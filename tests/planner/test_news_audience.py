"""Whom a piece of news matters to: the planner's own rule, seen from the news item."""

from datetime import date

from afterview.planner import DEFAULT_PLAYBOOK, plan
from afterview.planner.facts import audience

from tests.planner.builders import World, at


def names(found):
    count, rows = found
    return count, [(p.name, hits) for p, hits in rows]


def test_tags_topics_phrases_company_and_do_not_contact():
    w = World()
    acme, globex = w.company("Acme"), w.company("Globex")
    dana = w.person("Dana Reyes", acme, tags=["Data Quality", "kafka"])
    sam = w.person("Sam Ortiz", globex)
    lee = w.person("Lee Wong", globex, do_not_contact=True, tags=["kafka"])
    ann = w.person("Ann Baker", None, tags=["data"])
    opp = w.opportunity(acme)
    interview = w.interview(opp, at("2026-12-01 10:00"), at("2026-12-01 11:00"), dana, sam)
    w.debrief(interview, sam, topics=["moving nightly batch jobs to streaming"])
    both = w.news("Kafka streaming talk", date(2026, 12, 2), ["kafka", "streaming"])
    phrase = w.news("Data quality award", date(2026, 12, 2), ["data quality"])  # all its words, or the phrase
    company = w.news("Globex raises a round", date(2026, 12, 2), ["funding"], company_id=globex.id)
    nobody = w.news("Allotment prize", date(2026, 12, 2), ["gardening"])
    found = audience(w.facts.people.values(), w.facts.debriefs, w.facts.news)
    assert names(found[both.id]) == (2, [("Dana Reyes", ["kafka"]), ("Sam Ortiz", ["streaming"])])
    # Ann cares about "data" only: a two-word tag needs both words (or the whole phrase)
    assert names(found[phrase.id]) == (1, [("Dana Reyes", ["data quality"])])
    # Sam works at Globex; Lee too, but asked not to be contacted
    assert names(found[company.id]) == (1, [("Sam Ortiz", ["their company"])])
    assert names(found[nobody.id]) == (0, [])
    assert ann.id not in {p.id for _, rows in found.values() for p, _ in rows}
    assert lee.id not in {p.id for _, rows in found.values() for p, _ in rows}


def test_most_matches_first_then_by_name_and_a_limit_keeps_the_count():
    w = World()
    for name, tags in (("Zoe Adams", ["kafka", "rust"]), ("Bea Cole", ["kafka"]), ("Al Diaz", ["rust"]),
                       ("Cy Evans", ["kafka", "rust"]), ("al diaz", ["kafka"])):
        w.person(name, tags=tags)
    item = w.news("Rust and Kafka", date(2026, 12, 2), ["kafka", "rust"])
    full = audience(w.facts.people.values(), [], [item])[item.id]
    assert names(full) == (5, [("Cy Evans", ["kafka", "rust"]), ("Zoe Adams", ["kafka", "rust"]),
                               ("Al Diaz", ["rust"]), ("al diaz", ["kafka"]), ("Bea Cole", ["kafka"])])
    for limit in (0, 1, 3, 9):
        count, rows = audience(w.facts.people.values(), [], [item], limit=limit)[item.id]
        assert count == 5 and rows == full[1][:limit]


def test_the_people_a_share_is_planned_for_are_in_the_audience():
    w = World()
    acme = w.company()
    rita = w.person("Rita Cole", acme, tags=["kafka"])
    dana = w.person("Dana Reyes", acme)
    opp = w.opportunity(acme)
    interview = w.interview(opp, at("2026-12-01 10:00"), at("2026-12-01 11:00"), rita, dana)
    w.debrief(interview, dana, topics=["stream processing"])
    item = w.news("Kafka certificate", date(2026, 12, 7), ["kafka", "stream processing"])
    shared = {a.person_id for a in plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-07 10:00")) if a.news_id == item.id}
    reached = {p.id for p, _ in audience(w.facts.people.values(), w.facts.debriefs, [item])[item.id][1]}
    assert shared == reached == {rita.id, dana.id}


def test_joining_words_are_not_interests():
    """'and', 'the', 'for' join a tag's words and say nothing of its subject: a person tagged
    'R and D' does not care about 'Q and A', and 'The Guardian' matters to one tagged 'guardian'."""
    w = World()
    acme = w.company("Acme")
    rd = w.person("Rae Dunn", acme, tags=["R and D"])
    reader = w.person("Gil Reed", acme, tags=["guardian"])
    qa = w.news("Q and A evening", date(2026, 12, 2), ["Q and A"])
    paper = w.news("Quoted in The Guardian", date(2026, 12, 2), ["The Guardian"])
    found = audience(w.facts.people.values(), w.facts.debriefs, w.facts.news)
    assert names(found[qa.id]) == (0, [])
    assert names(found[paper.id]) == (1, [("Gil Reed", ["The Guardian"])])
    assert rd.id not in {p.id for p, _ in found[paper.id][1]}
