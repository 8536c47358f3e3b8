"""What a tester found in three months of drafts: a result that matters to nobody cited in a
thank-you, a keep-in-touch note that forgot an earlier round's topics, and small wording slips
(British dates and closings for a US recipient, "round interview", a rapport line with no
subject, a capital after a dash, the company named twice at the end of a thank-you)."""

from __future__ import annotations

import re
from datetime import date, datetime, timezone

import pytest

from afterview.composer import DraftRequest, compose
from afterview.composer.context import build_context, interview_name
from afterview.composer.draft import TONES
from afterview.composer.templates import make_environment
from afterview.domain.model import (
    Company,
    Debrief,
    Facts,
    Interview,
    NewsItem,
    NewsKind,
    Opportunity,
    Participant,
    Person,
    Profile,
    Role,
)
from afterview.planner.facts import audience
from afterview.reviewer.text import SIGN_OFF
from tests.composer.helpers import K, TEMPLATES, panel_facts, problems, review_drafts

UTC = timezone.utc
detail = make_environment().filters["detail"]


# -- 1. "relevant to this person" is the planner's rule ------------------------------------------


def meridian() -> Facts:
    """Repro C: an achievement tagged kafka/streaming whose detail says "building"; the
    interviewer discussed "building a clinical data quality program"."""
    facts = Facts(profile=Profile(name="Jordan Lee", phone="+1 312 555 0188", email="j@mail.example",
                                  timezone="America/Chicago", country="US"))
    facts.companies[1] = Company(id=1, name="Meridian Health")
    facts.opportunities[1] = Opportunity(id=1, company_id=1, role="Analytics Engineer")
    facts.people[1] = Person(id=1, name="Ana Souza", emails=["ana@meridian.example"], company_id=1)
    start = datetime(2027, 2, 18, 16, tzinfo=UTC)
    facts.interviews[1] = Interview(id=1, opportunity_id=1, start=start, end=start.replace(hour=17),
                                    timezone="America/Chicago",
                                    participants=[Participant(person_id=1, role=Role.INTERVIEWER)])
    facts.debriefs.append(Debrief(id=1, interview_id=1, person_id=1,
                                  topics=["building a clinical data quality program"]))
    facts.news.append(NewsItem(id=1, title="Passed the Confluent Certified Developer for Apache Kafka exam",
                               tags=["kafka", "streaming"], happened_on=date(2027, 2, 5),
                               detail="Scored 91%; the prep included building a Flink job on a Kafka topic."))
    return facts


@pytest.mark.parametrize("tone", TONES)
def test_a_thank_you_cites_no_result_that_matters_to_nobody(tone):
    facts = meridian()
    count, _ = audience(facts.people.values(), facts.debriefs, facts.news)[1]
    assert count == 0  # `news show 1`: it matters to nobody
    body = compose(facts, DraftRequest(kind=K.THANK_YOU, person_id=1, opportunity_id=1, interview_id=1),
                   tone, TEMPLATES).body
    assert "Confluent" not in body and "priorities:" not in body
    assert "building a clinical data quality program" in body


def test_share_news_picks_no_item_that_matters_to_nobody():
    facts = meridian()
    note = compose(facts, DraftRequest(kind=K.SHARE_NEWS, person_id=1, opportunity_id=1), "warm", TEMPLATES)
    assert "Confluent" not in note.body
    assert "[news or a result of yours that Ana cares about]" in note.gaps


@pytest.mark.parametrize("tone", TONES)
def test_a_result_whose_tag_matches_what_they_discussed_is_cited(tone):
    facts = meridian()
    facts.news[0].tags = ["data quality"]  # both words in the topic: the planner's rule matches
    count, rows = audience(facts.people.values(), facts.debriefs, facts.news)[1]
    assert count == 1 and rows[0][1] == ["data quality"]
    body = compose(facts, DraftRequest(kind=K.THANK_YOU, person_id=1, opportunity_id=1, interview_id=1),
                   tone, TEMPLATES).body
    assert "Confluent" in body


def test_keep_warm_cites_the_topic_the_items_tag_matched_not_a_shared_word():
    facts = meridian()
    debrief = facts.debriefs[0]
    debrief.topics = ["building a clinical data quality program", "Kafka consumer lag"]
    note = compose(facts, DraftRequest(kind=K.KEEP_WARM, person_id=1, opportunity_id=1, news_id=1), "warm",
                   TEMPLATES)
    # the tag "kafka" matches the second topic; the first shares only "building" with the detail
    assert "our conversation about Kafka consumer lag" in note.body
    assert "building a clinical data quality program" not in note.body


# -- 2. a note about the whole opportunity uses every round's topics -----------------------------


def kraftwerk() -> Facts:
    """Repro D: Lena was hiring manager in round 1 (a topic) and coordinator in round 2 (only a
    decision date); Jonas interviewed in round 2."""
    facts = Facts(profile=Profile(name="Jordan Lee", phone="+1 312 555 0188", email="j@mail.example",
                                  timezone="America/Chicago", country="US"))
    facts.companies[1] = Company(id=1, name="Kraftwerk Mobility")
    facts.opportunities[1] = Opportunity(id=1, company_id=1, role="Data Platform Engineer")
    facts.people[1] = Person(id=1, name="Lena Fischer", emails=["lena@kraftwerk.example"], company_id=1,
                             timezone="Europe/Berlin", country="DE")
    facts.people[2] = Person(id=2, name="Jonas Weber", emails=["jonas@kraftwerk.example"], company_id=1,
                             timezone="Europe/Berlin", country="DE")
    one, two = datetime(2027, 1, 12, 15, tzinfo=UTC), datetime(2027, 2, 2, 15, tzinfo=UTC)
    facts.interviews[1] = Interview(id=1, opportunity_id=1, start=one, end=one.replace(hour=16),
                                    timezone="Europe/Berlin",
                                    participants=[Participant(person_id=1, role=Role.HIRING_MANAGER)])
    facts.interviews[2] = Interview(id=2, opportunity_id=1, start=two, end=two.replace(hour=16),
                                    timezone="Europe/Berlin", stage="technical round",
                                    participants=[Participant(person_id=2, role=Role.INTERVIEWER),
                                                  Participant(person_id=1, role=Role.COORDINATOR)])
    facts.debriefs += [
        Debrief(id=1, interview_id=1, person_id=1, topics=["migrating Kafka ingestion to Flink"]),
        Debrief(id=2, interview_id=2, person_id=2, topics=["backfilling GPS events"]),
        Debrief(id=3, interview_id=2, person_id=1, decision_date=date(2027, 2, 12),
                next_steps="references, then an offer call"),
    ]
    facts.news.append(NewsItem(id=1, kind=NewsKind.NEWS, title="Kraftwerk Mobility raised a Series C",
                               company_id=1, happened_on=date(2027, 3, 23)))
    return facts


@pytest.mark.parametrize("tone", TONES)
def test_keep_warm_remembers_what_an_earlier_round_discussed(tone):
    facts = kraftwerk()
    note = compose(facts, DraftRequest(kind=K.KEEP_WARM, person_id=1, opportunity_id=1, news_id=1,
                                       key="keep_warm.1:o1:p1"), tone, TEMPLATES)
    assert "migrating Kafka ingestion to Flink" in note.body
    assert problems(review_drafts(facts, [note])) == []  # no "no-specific" warning


def test_topics_of_the_opportunity_come_newest_first_without_repeats():
    facts = kraftwerk()
    facts.debriefs[0].topics = ["migrating Kafka ingestion to Flink", "the schema registry"]  # round 1
    facts.debriefs[2].topics = ["the on-call rotation", "Migrating Kafka ingestion to Flink."]  # round 2
    request = DraftRequest(kind=K.STATUS_CHECK, person_id=1, opportunity_id=1)
    variables = build_context(facts, request, "warm").variables
    assert variables["topics"] == ["the on-call rotation", "Migrating Kafka ingestion to Flink", "the schema registry"]
    assert variables["decision_date"]  # the latest round's decision date, as before
    body = compose(facts, request, "warm", TEMPLATES).body
    assert "especially after our conversation about the on-call rotation" in body


def test_a_note_about_one_interview_keeps_that_interviews_topics():
    facts = kraftwerk()
    facts.interviews[2].participants[1].role = Role.INTERVIEWER
    facts.debriefs[2].topics = ["the on-call rotation"]
    request = DraftRequest(kind=K.THANK_YOU, person_id=1, opportunity_id=1, interview_id=2)
    assert build_context(facts, request, "warm").variables["topics"] == ["the on-call rotation"]


# -- 3. wording ----------------------------------------------------------------------------------


def status_check(facts, person: int, tone: str = "warm") -> str:
    return compose(facts, DraftRequest(kind=K.STATUS_CHECK, person_id=person, opportunity_id=1), tone,
                   TEMPLATES).body


@pytest.mark.parametrize("country, profile, day, decided", [
    ("US-NY", "", "January 12", "February 12"),  # the recipient's country, region and all
    ("", "US", "January 12", "February 12"),  # none recorded for them: yours
    ("DE", "US", "12 January", "12 February"),
    ("", "", "12 January", "12 February"),
])
def test_dates_are_written_the_way_the_recipients_country_writes_them(country, profile, day, decided):
    facts = kraftwerk()
    facts.profile.country = profile
    facts.people[1].country = country
    facts.interviews[2].participants = [Participant(person_id=2)]  # Lena's last interview is round 1
    facts.debriefs[0].decision_date = date(2027, 2, 12)
    body = status_check(facts, 1)
    assert f"I interviewed for on {day}." in body
    assert f"You mentioned {decided} for the next steps" in body


@pytest.mark.parametrize("kind", [K.THANK_YOU, K.CARD])
@pytest.mark.parametrize("country", ["US", "US-CA", "GB", ""])
def test_a_us_recipient_gets_an_american_closing(kind, country):
    facts = panel_facts()
    facts.people[1].country = country
    context = build_context(facts, DraftRequest(kind=kind, person_id=1, opportunity_id=1, interview_id=1), "formal")
    closings = {TEMPLATES.render(context.template, "formal", {**context.variables, "variant": v}).body
                .rsplit("\n\n", 1)[-1].split("\n")[0] for v in range(48)}
    american = "With appreciation," if kind is K.THANK_YOU else "Sincerely,"  # not already one of the four
    if country.startswith("US"):
        assert "Yours sincerely," not in closings and american in closings
    else:
        assert "Yours sincerely," in closings
    # still as many different closings as a panel has places: seven for a thank-you, four for a card
    assert len(closings) == (7 if kind is K.THANK_YOU else 4)
    assert SIGN_OFF.match(american)  # the reviewer knows it for a sign-off


def test_a_stage_that_says_round_is_not_called_a_round_interview():
    assert interview_name("technical round") == "technical round"
    assert interview_name("Final round") == "Final round"
    assert interview_name("interview round 2") == "interview round 2"
    assert interview_name("round 2") == "round 2 interview"  # as before
    facts = kraftwerk()
    body = compose(facts, DraftRequest(kind=K.THANK_YOU, person_id=1, opportunity_id=1, interview_id=2),
                   "warm", TEMPLATES).body
    assert "arranging my technical round for the Data Platform Engineer role" in body


@pytest.mark.parametrize("tone", ["warm", "formal"])
@pytest.mark.parametrize("rapport, said", [
    ("both learned SQL from the same Stanford MOOC", "we both learned SQL from the same Stanford MOOC"),
    ("Both learned SQL from the same Stanford MOOC", "we both learned SQL from the same Stanford MOOC"),
    ("We both bike to work year-round", "we both bike to work year-round"),
    ("both of us ran the Chicago marathon", "both of us ran the Chicago marathon"),
    ("we both contribute to Apache Airflow", "we both contribute to Apache Airflow"),
])
def test_a_rapport_line_has_its_subject(tone, rapport, said):
    facts = panel_facts()
    facts.debriefs[1].rapport = [rapport]
    body = compose(facts, DraftRequest(kind=K.THANK_YOU, person_id=2, opportunity_id=1, interview_id=1), tone,
                   TEMPLATES).body
    assert f": {said}." in body


@pytest.mark.parametrize("text, joined", [
    ("Scored 91%; the prep included building a Flink job", " — scored 91%; the prep included building a Flink job"),
    ("With a score of 91%", " — with a score of 91%"),
    ("Used daily by 300 analysts", " — used daily by 300 analysts"),
    # a name, a title or an acronym keeps its capital
    ("Certified Developer for Apache Kafka, after running Kafka in production",
     " — Certified Developer for Apache Kafka, after running Kafka in production"),
    ("Kafka streams in production", " — Kafka streams in production"),
    ("AWS costs down a third", " — AWS costs down a third"),
    ("Beijing office, two teams", " — Beijing office, two teams"),
    ("Ted helped with the review", " — Ted helped with the review"),
])
def test_a_detail_after_a_dash_continues_the_sentence(text, joined):
    assert detail(text) == joined


def test_the_reported_thank_you_reads_scored_in_lower_case():
    facts = meridian()
    facts.news[0].tags = ["data quality"]
    bodies = [compose(facts, DraftRequest(kind=K.THANK_YOU, person_id=1, opportunity_id=1, interview_id=1),
                      tone, TEMPLATES).body for tone in ("warm", "formal")]
    for body in bodies:
        assert "exam — scored 91%; the prep included building a Flink job on a Kafka topic." in body


@pytest.mark.parametrize("tone", TONES)
@pytest.mark.parametrize("with_result", [True, False])
def test_the_end_of_a_thank_you_names_the_company_once(tone, with_result):
    # "I would welcome the chance to bring my experience to Hudson Ledger. / I am excited about
    # the chance to contribute to Hudson Ledger, ..."
    facts = panel_facts()
    if not with_result:
        facts.news = []
    company = facts.companies[1].name
    for person in (1, 2):
        context = build_context(facts, DraftRequest(kind=K.THANK_YOU, person_id=person, opportunity_id=1,
                                                    interview_id=1), tone)
        for variant in range(48):
            body = TEMPLATES.render(context.template, tone, {**context.variables, "variant": variant}).body
            after_opening = "\n\n".join(body.split("\n\n")[2:])
            assert after_opening.count(company) <= 1, (variant, after_opening)
            assert len(re.findall(r"\bthe chance\b", body)) <= 1, (variant, body)


@pytest.mark.parametrize("calendar_country, profile, day", [
    ("US", "", "January 12"),  # none for them, none in your profile: your playbook's [calendar]
    ("US", "GB", "January 12"),  # [calendar] before your profile, as the planner reads it
    ("GB", "US", "12 January"),
])
def test_a_recipient_without_a_country_is_placed_as_the_planner_places_them(calendar_country, profile, day):
    from afterview.planner import DEFAULT_PLAYBOOK

    facts = kraftwerk()
    facts.profile.country = profile
    facts.people[1].country = ""
    facts.interviews[2].participants = [Participant(person_id=2)]
    book = DEFAULT_PLAYBOOK.override({"calendar": {"country": calendar_country}}, "playbook.toml")
    body = compose(facts, DraftRequest(kind=K.STATUS_CHECK, person_id=1, opportunity_id=1), "warm",
                   TEMPLATES, playbook=book).body
    assert f"I interviewed for on {day}." in body
