"""What a phrase says a person cares about: the "-ing" words that open a phrase of several words
are what was done ("running Spark on Kubernetes"), not a subject; a final "-ing" word is a noun
("trail running"). One rule (`afterview.planner.facts`), so the planner, `news add`, `news show`
and the composer agree."""

from __future__ import annotations

from datetime import date

import pytest

from afterview.domain.model import MessageKind
from afterview.planner import DEFAULT_PLAYBOOK, plan
from afterview.planner.facts import audience, interests

from tests.helpers import afterview
from tests.planner.builders import World, at


@pytest.mark.parametrize("phrase, words", [
    # an opening "-ing" word of several is the verb: left out
    ("running Spark on Kubernetes", {"spark", "kubernetes"}),
    ("Running Spark on Kubernetes", {"spark", "kubernetes"}),
    ("building pipelines", {"pipelines"}),
    ("migrating to k8s", {"k8s"}),
    ("scaling the team", {"team"}),
    ("building and running data pipelines", {"data", "pipelines"}),
    ("moving nightly batch jobs to streaming", {"nightly", "batch", "jobs", "streaming"}),
    # a final "-ing" word is a noun, and so is one alone: kept
    ("trail running", {"trail", "running"}),
    ("machine learning", {"machine", "learning"}),
    ("data engineering", {"data", "engineering"}),
    ("running", {"running"}),
    ("hiring", {"hiring"}),
    # "-ing" with no vowel before it is no verb's form
    ("Spring Boot", {"spring", "boot"}),
    ("string matching", {"string", "matching"}),
    # only the opening words: an "-ing" word after a subject stays
    ("the onboarding plan", {"onboarding", "plan"}),
])
def test_the_words_of_a_phrase(phrase, words):
    assert interests((phrase,)) == {phrase.lower(), *words}


def felix_world():
    w = World()
    quellwerk = w.company("Quellwerk")
    felix = w.person("Felix Wagner", quellwerk, tags=["kubernetes"])
    ana = w.person("Ana Trail", None, tags=["trail running"])
    opp = w.opportunity(quellwerk)
    interview = w.interview(opp, at("2026-10-01 10:00"), at("2026-10-01 11:30"), felix)
    w.debrief(interview, felix, topics=["running Spark on Kubernetes"])
    return w, felix, ana


def test_a_half_marathon_does_not_matter_to_whoever_runs_spark():
    w, felix, ana = felix_world()
    marathon = w.news("Ran the Berlin half marathon", date(2026, 10, 2), ["running"])
    spark = w.news("Spark talk accepted", date(2026, 10, 2), ["spark"])
    found = audience(w.facts.people.values(), w.facts.debriefs, w.facts.news)
    # "running" is the last word of Ana's "trail running": a noun, it is what she cares about
    assert [(p.name, hits) for p, hits in found[marathon.id][1]] == [("Ana Trail", ["running"])]
    assert [(p.name, hits) for p, hits in found[spark.id][1]] == [("Felix Wagner", ["spark"])]


def test_the_planner_shares_nothing_with_felix_for_a_half_marathon():
    w, felix, ana = felix_world()
    marathon = w.news("Ran the Berlin half marathon", date(2026, 10, 2), ["running"])
    actions = plan(w.facts, DEFAULT_PLAYBOOK, at("2026-10-05 10:00"))
    assert not [a for a in actions if a.kind == MessageKind.SHARE_NEWS and a.person_id == felix.id]
    # a tag he cares about is shared
    w.news("Spark talk accepted", date(2026, 10, 3), ["spark"])
    actions = plan(w.facts, DEFAULT_PLAYBOOK, at("2026-10-05 10:00"))
    shared = [a for a in actions if a.kind == MessageKind.SHARE_NEWS and a.person_id == felix.id]
    assert shared and all(a.news_id != marathon.id for a in shared)


def test_news_add_and_news_show_say_the_same(tmp_path):
    db = str(tmp_path / "av.db")

    def run(*args):
        result = afterview("--db", db, "--at", "2026-10-02 10:00", *args)
        assert result.code == 0, (args, result.out, result.err)
        return result.out

    run("person", "add", "Felix Wagner", "--email", "felix@quellwerk.example", "--company", "Quellwerk",
        "--tag", "kubernetes")
    run("opportunity", "add", "--company", "Quellwerk", "--role", "Data Platform Engineer")
    run("interview", "add", "--opportunity", "1", "--start", "2026-10-01 10:00", "--duration", "1h",
        "--with", "Felix Wagner:interviewer")
    run("debrief", "1", "--person", "Felix", "--topic", "running Spark on Kubernetes")
    assert "matters to nobody" in run("news", "add", "Ran the Berlin half marathon", "--tag", "running")
    assert "It matters to nobody yet" in run("news", "show", "1")
    added = run("news", "add", "Spark talk accepted", "--tag", "spark")
    assert "it matters to 1 person: Felix Wagner (spark)" in added, added
    assert "Felix Wagner (person 1): spark" in run("news", "show", "2")


def test_an_ing_noun_that_opens_a_phrase_stays_an_interest():
    # only the verbs of a list are left out: "streaming pipelines", "monitoring stack" and
    # "onboarding plan" are subjects, and news tagged with their first word matters
    from afterview.planner.facts import interests

    for phrase, word in [("streaming pipelines", "streaming"), ("monitoring stack", "monitoring"),
                         ("onboarding plan", "onboarding"), ("pricing model", "pricing")]:
        assert word in interests((phrase,)), phrase
    assert "running" not in interests(("running Spark on Kubernetes",))
