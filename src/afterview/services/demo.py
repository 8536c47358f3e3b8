"""A demo pipeline, placed around `now`, so that a new user sees Afterview at work at once.

Five opportunities at different points: a panel interview yesterday (thank-you notes due, one
per interviewer), a process gone quiet after its stated decision date (a status follow-up due),
a rejection (a gracious reply with a feedback request due), an offer, and a slow government
process. Everything is invented; the addresses use the reserved `.example` domain.

The people are in the United States and on one of its clocks whatever the machine's zone: yours
when it is a zone of theirs, else `DEMO_ZONE` (`people_zone`). Their interviews are at their
office hours, and what is due for them falls in their mornings, said on your clock as for anyone.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from afterview.domain import model as m
from afterview.domain.values import zone
from afterview.errors import Conflict
from afterview.services import backup, pipeline

DEMO_ZONE = "America/Chicago"  # the demo people's zone when yours is not one of their country's (US)


def _business_days_back(day: date, count: int) -> date:
    while count > 0:
        day -= timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


def people_zone(tz: str) -> str:
    """The demo people's zone: `tz` (yours) when it is a zone of their country, the United States
    ("America/New_York"), else DEMO_ZONE (UTC, "Europe/Berlin": never a machine's zone that their
    country US contradicts, whose 08:00 would be their night)."""
    from afterview.importers.zones import zone_country

    return tz if zone_country(tz) == "US" else DEMO_ZONE


def _at(day: date, hour: int, minute: int, tz: str) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=zone(tz))


def load_demo(tx, *, now: datetime, tz: str) -> dict[str, int]:
    """Fill an empty database with the demo pipeline; returns counts."""
    if not backup.is_empty(tx):
        raise Conflict("the database already has data: run the demo on a new one (afterview --db demo.db demo)")
    theirs = people_zone(tz)
    # the story's days are those of its people (an interview "yesterday" is yesterday for them,
    # so always past, whatever your zone)
    today = now.astimezone(zone(theirs)).date()
    pipeline.update_profile(tx, {"timezone": tz})
    profile = tx.profile()
    profile.name, profile.email, profile.phone = "Alex Morgan", "alex.morgan@mail.example", "+1 555 0100"
    profile.signature = "Alex Morgan\n+1 555 0100\nlinkedin.com/in/alexmorgan-example"
    profile.country = "US"
    tx.save_profile(profile)

    def opportunity(company: str, role: str, days_ago: int, **extra) -> m.Opportunity:
        opp, _ = pipeline.add_opportunity(tx, company, role, now=now - timedelta(days=days_ago), **extra)
        return opp

    def person(name: str, email: str, company_id: int, title: str, tags=(), tz_name="") -> m.Person:
        return tx.add(m.Person(name=name, emails=[email], company_id=company_id, title=title,
                               tags=list(tags), timezone=tz_name or theirs, country="US"))

    def interview(opp: m.Opportunity, day: date, start: tuple[int, int], minutes: int, stage: str,
                  panel: list[tuple[m.Person, m.Role]], fmt: str = "video") -> m.Interview:
        begins = _at(day, *start, theirs)  # at their office hours
        return pipeline.add_interview(
            tx, opp.id, begins, begins + timedelta(minutes=minutes), timezone=theirs, now=begins, format=fmt,
            stage=stage, call_link="https://meet.example/abc-defg-hij" if fmt == "video" else "",
            participants=[m.Participant(person_id=p.id, role=r) for p, r in panel],
        )

    # 1. A panel yesterday: three thank-you notes due, each from its own debrief.
    north = opportunity("Northwind Analytics", "Senior Data Engineer", 20, source="referral",
                        link="https://jobs.example/northwind/senior-data-engineer")
    priya = person("Priya Raman", "priya.raman@northwind.example", north.company_id, "Head of Data Platform",
                   ["streaming", "data contracts"])
    tom = person("Tom Becker", "tom.becker@northwind.example", north.company_id, "Staff Engineer",
                 ["dbt", "incident reviews", "running"])
    lena = person("Lena Fischer", "lena.fischer@northwind.example", north.company_id, "Technical Recruiter")
    panel_day = _business_days_back(today, 1)
    panel = interview(north, panel_day, (13, 30), 90, "panel interview",
                      [(priya, m.Role.HIRING_MANAGER), (tom, m.Role.INTERVIEWER), (lena, m.Role.COORDINATOR)])
    decision = today + timedelta(days=10)
    pipeline.record_debrief(tx, panel.id, priya.id,
                            topics=["moving the nightly batch jobs to streaming", "data contracts between product teams"],
                            concerns=["I have run Kafka only in a side project, not in production"],
                            promises=["the write-up on schema evolution I mentioned"],
                            next_steps="Priya will decide after the reference checks", decision_date=decision)
    pipeline.record_debrief(tx, panel.id, tom.id,
                            topics=["how the team runs incident reviews", "testing dbt models before deploys"],
                            rapport=["we both ran the Chicago marathon this year"])
    pipeline.record_debrief(tx, panel.id, lena.id,
                            topics=["the hybrid schedule: two days a week in the office"],
                            next_steps="Lena will share the decision by email", decision_date=decision)

    # 2. Gone quiet: the stated decision date has passed; a status follow-up is due.
    contoso = opportunity("Contoso Health", "Analytics Engineer", 40)
    marcus = person("Marcus Webb", "marcus.webb@contoso.example", contoso.company_id, "Analytics Manager",
                    ["patient outcomes", "Looker"])
    quiet_day = _business_days_back(today, 9)
    quiet = interview(contoso, quiet_day, (10, 0), 60, "hiring manager interview", [(marcus, m.Role.HIRING_MANAGER)])
    pipeline.record_debrief(tx, quiet.id, marcus.id, topics=["rebuilding the readmission dashboard in Looker"],
                            concerns=["whether I know healthcare data rules"],
                            decision_date=_business_days_back(today, 3))
    sent_at = _at(quiet_day, 17, 30, tz)
    tx.add(m.Message(kind=m.MessageKind.THANK_YOU, person_id=marcus.id, opportunity_id=contoso.id,
                     interview_id=quiet.id, action_key=f"thank_you:i{quiet.id}:p{marcus.id}",
                     subject="Thank you - Analytics Engineer interview",
                     body=(
                         "Dear Marcus,\n\n"
                         "Thank you for taking the time to talk with me about the Analytics Engineer role. "
                         "I especially enjoyed hearing how your team plans to rebuild the readmission "
                         "dashboard in Looker, and what it will take to make the numbers trusted on the wards.\n\n"
                         "You asked whether I know the rules around healthcare data. In my last role I worked "
                         "under HIPAA controls every day: access reviews, de-identified extracts for analysts, "
                         "and audit trails on every model that touched patient records.\n\n"
                         "I would be glad to send an example of that work if it would help. I look forward to "
                         "hearing about the next steps.\n\n"
                         "Best regards,\nAlex Morgan\n+1 555 0100"
                     ),
                     state=m.MessageState.SENT, to_address=marcus.email, created_at=sent_at, updated_at=sent_at,
                     sent_at=sent_at, message_id="<demo-1@mail.example>"))

    # 3. A rejection yesterday: a gracious reply with a feedback request is due.
    fabrikam = opportunity("Fabrikam Energy", "Data Engineer", 35)
    grace = person("Grace Liu", "grace.liu@fabrikam.example", fabrikam.company_id, "Engineering Manager",
                   ["grid forecasting", "open source"])
    early = interview(fabrikam, _business_days_back(today, 8), (15, 0), 60, "technical interview",
                      [(grace, m.Role.HIRING_MANAGER)])
    pipeline.record_debrief(tx, early.id, grace.id, topics=["forecasting grid load from smart-meter data"],
                            rapport=["her team's open-source forecasting library"])
    pipeline.record_outcome(tx, fabrikam.id, "rejected", now=now - timedelta(hours=20),
                            note="Grace wrote that they chose a candidate with more energy-sector experience")

    # 4. An offer; 5. a slow public-sector process.
    tailspin = opportunity("Tailspin Labs", "Data Platform Engineer", 50)
    pipeline.record_outcome(tx, tailspin.id, "offer", now=now - timedelta(days=2), note="offer letter received")
    city = opportunity("City of Springfield", "Data Analyst", 30, pace="slow")
    ana = person("Ana Souza", "ana.souza@springfield.example", city.company_id, "IT Program Manager", ["open data"])
    civic = interview(city, _business_days_back(today, 4), (9, 0), 45, "screening call", [(ana, m.Role.HIRING_MANAGER)],
                      fmt="phone")
    pipeline.record_debrief(tx, civic.id, ana.id, topics=["publishing the city's open data portal"])

    # Things worth sharing later.
    pipeline.add_news(tx, "Passed the Confluent Certified Developer for Apache Kafka exam",
                      happened_on=today - timedelta(days=3), tags=["kafka", "streaming"])
    pipeline.add_news(tx, "Published an article on data contracts", happened_on=today - timedelta(days=12),
                      kind="news", link="https://blog.example/data-contracts", tags=["data contracts"])
    return {name: tx.count(cls) for name, cls in backup.SECTIONS if tx.count(cls)}
