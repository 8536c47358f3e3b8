"""Hypothesis: generated pipelines (names, topics, concerns from realistic vocabularies) drafted
in every kind and tone pass the real reviewer with no error and no warning."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from afterview.composer.draft import TONES
from afterview.domain.model import (
    Company, Debrief, Facts, Interview, LinkedInAccount, NewsItem, NewsKind, Opportunity,
    Participant, Person, Profile, Role,
)
from tests.composer.helpers import compose_all, every_request, problems, record, review_drafts

FIRST = ["Dana", "Priya", "Tom", "Lena", "Marcus", "Grace", "Ana", "José", "Chloé", "Wei", "Oluwaseun",
         "Siobhan", "Mateo", "Aisha", "Kenji", "Ingrid", "Rahul", "Fatima", "Noah", "Zoe"]
LAST = ["Lee", "Raman", "Becker", "Fischer", "Webb", "Liu", "Souza", "García", "O'Brien", "Nakamura",
        "Okafor", "Schmidt", "Novak", "Haddad", "Kowalski"]
COMPANIES = ["Northwind Analytics", "Contoso Health", "Fabrikam Energy", "Tailspin Labs", "Globex",
             "Initech", "Umbrella Logistics", "Litware", "Adventure Works"]
ROLES = ["Data Engineer", "Senior Backend Engineer", "Product Designer", "Analytics Engineer",
         "Site Reliability Engineer", "Product Manager", "UX Researcher", "Machine Learning Engineer",
         "Staff Software Engineer", "Technical Writer"]
TOPICS = ["migrating the billing service to Kubernetes", "data contracts between product teams",
          "how the team runs incident reviews", "testing dbt models before deploys",
          "the design system rollout", "accessibility audits for the mobile app",
          "forecasting demand from sales data", "the move from batch jobs to streaming",
          "on-call rotations", "pricing experiments", "the onboarding flow redesign",
          "observability with OpenTelemetry", "the roadmap for the search team", "reducing cloud costs",
          "mentoring junior engineers", "GraphQL schema design", "user interviews for the checkout",
          "feature flags and gradual rollouts", "the public API deprecation plan",
          "privacy reviews for new features", "documentation for internal tools", "Python packaging"]
CONCERNS = ["limited experience with Terraform", "I have not managed people before",
            "whether I know healthcare data rules", "my short time at my last job",
            "no production experience with Kafka", "the commute to the office",
            "whether I would enjoy a smaller team",
            # with the user's answer ("concern -> answer"), which the thank-you uses
            "limited experience with Terraform -> I have since written Terraform modules for our test environments",
            "I have not managed people before -> this year I mentored two new engineers through their first releases",
            "no production experience with Kafka -> since the interview I have run Kafka for a client's event stream",
            "whether I would enjoy a smaller team -> my best years so far were in a team of five"]
RAPPORT = ["we both ran the Chicago marathon", "a shared love of jazz", "we grew up in the same region",
           "our favourite hiking trails", "board games on weekends"]
PROMISES = ["the link to my talk on schema evolution", "my portfolio case study",
            "the article on feature flags I mentioned", "a sample of my writing"]
ACHIEVEMENTS = [
    ("Passed the Certified Kubernetes Administrator exam", ["kubernetes", "cloud"]),
    ("Cut cloud costs by a third at my current job", ["cloud", "costs"]),
    ("Shipped an accessible checkout used by two million people", ["accessibility", "checkout"]),
    ("Led the move of nightly batch jobs to streaming", ["streaming", "batch"]),
    ("Published a case study on design systems", ["design system"]),
    ("Mentored four junior engineers to promotion", ["mentoring"]),
]
NEWS = [
    ("An article on incident reviews that work", ["incident reviews"]),
    ("A practical guide to data contracts", ["data contracts"]),
    ("A talk on pricing experiments at scale", ["pricing"]),
    ("A study of onboarding flows in mobile apps", ["onboarding"]),
]
ZONES = ["America/New_York", "Europe/Berlin", "Asia/Tokyo", "Europe/London", "America/Los_Angeles"]


@st.composite
def debriefs(draw, interview_id: int, person_id: int) -> Debrief:
    some = lambda items, low, high: draw(st.lists(st.sampled_from(items), min_size=low, max_size=high, unique=True))
    return Debrief(interview_id=interview_id, person_id=person_id, topics=some(TOPICS, 1, 3),
                   concerns=some(CONCERNS, 0, 2), rapport=some(RAPPORT, 0, 1), promises=some(PROMISES, 0, 1),
                   decision_date=draw(st.one_of(st.none(), st.just(date(2026, 12, 10)))))


@st.composite
def pipelines(draw) -> Facts:
    names = draw(st.lists(st.tuples(st.sampled_from(FIRST), st.sampled_from(LAST)), min_size=1, max_size=6,
                          unique_by=lambda n: n[0]))
    company = draw(st.sampled_from(COMPANIES))
    facts = Facts(profile=Profile(name="Alex Morgan", phone="+44 20 7946 0000", email="alex@mail.example",
                                  linkedin_account=draw(st.sampled_from(list(LinkedInAccount)))))
    facts.companies[1] = Company(id=1, name=company)
    facts.opportunities[1] = Opportunity(id=1, company_id=1, role=draw(st.sampled_from(ROLES)))
    start = datetime(2026, 11, 24, 15, tzinfo=timezone.utc) + timedelta(hours=draw(st.integers(0, 72)))
    roles = [Role.HIRING_MANAGER] + [Role.INTERVIEWER] * 5
    if len(names) > 1 and draw(st.booleans()):
        roles[len(names) - 1] = Role.RECRUITER
    participants = []
    for i, (first, last) in enumerate(names, start=1):
        facts.people[i] = Person(id=i, name=f"{first} {last}", company_id=1,
                                 tags=draw(st.lists(st.sampled_from(["kubernetes", "cloud", "streaming", "pricing",
                                                                      "onboarding", "mentoring", "accessibility"]),
                                                    max_size=2, unique=True)))
        participants.append(Participant(person_id=i, role=roles[i - 1]))
        facts.debriefs.append(draw(debriefs(1, i)))
    facts.interviews[1] = Interview(id=1, opportunity_id=1, start=start, end=start + timedelta(hours=1),
                                    timezone=draw(st.sampled_from(ZONES)), participants=participants,
                                    stage=draw(st.sampled_from(["", "panel interview", "second round"])))
    for n, (title, tags) in enumerate(draw(st.lists(st.sampled_from(ACHIEVEMENTS), max_size=3, unique_by=lambda a: a[0]))):
        facts.news.append(NewsItem(id=10 + n, title=title, tags=tags, happened_on=date(2026, 11, 1) + timedelta(days=n)))
    for n, (title, tags) in enumerate(draw(st.lists(st.sampled_from(NEWS), max_size=2, unique_by=lambda a: a[0]))):
        facts.news.append(NewsItem(id=20 + n, kind=NewsKind.NEWS, title=title, tags=tags,
                                   link=f"https://news.example/{n}", happened_on=date(2026, 11, 5)))
    # Something to share with the first person, always: keep-warm and share-news need a reason.
    facts.people[1].tags.append("mentoring")
    facts.news.append(NewsItem(id=30, title="Mentored four junior engineers to promotion", tags=["mentoring"],
                               happened_on=date(2026, 11, 20)))
    return facts


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(facts=pipelines(), tone=st.sampled_from(TONES))
def test_generated_pipelines_pass_the_reviewer(facts, tone):
    drafts = compose_all(facts, tone, every_request(facts))
    reviewed = review_drafts(facts, drafts)
    record(reviewed)
    found = problems(reviewed)
    assert not found, "\n\n".join(found)
    assert all(d.gaps == [] for d in drafts)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(facts=pipelines(), tone=st.sampled_from(TONES))
def test_generated_panels_never_look_duplicated(facts, tone):
    from afterview.composer import DraftRequest, compose
    from tests.composer.helpers import K, TEMPLATES

    panel = [p.person_id for p in facts.interviews[1].participants]
    drafts = [compose(facts, DraftRequest(kind=kind, person_id=p, opportunity_id=1, interview_id=1), tone, TEMPLATES)
              for p in panel for kind in (K.THANK_YOU, K.CARD)]
    findings = [f for _, fs in review_drafts(facts, drafts) for f in fs]
    assert [f for f in findings if f.code == "near-duplicate"] == []
    bodies = [d.body for d in drafts]
    assert len(set(bodies)) == len(bodies)
