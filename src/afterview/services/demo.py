"""A demo pipeline, placed around `now`, so that a new user sees Afterview at work at once.

Five opportunities at different points: a panel interview on the last working day before
today (thank-you notes due, one per interviewer), a process gone quiet after its stated decision
date (a status follow-up due), a rejection (a gracious reply with a feedback request due), an
offer, and a slow government process. Everything is invented; the addresses use the reserved
`.example` domain.

The demo's companies and people carry `DEMO_MARK` in their notes, so that they are known as the
demo's wherever they go (an export and its import keep it): notes to them never go out through a
real mail server (`refuse_demo_mail`), and `remove_demo` takes the demo out of a database that
holds the user's own records too.

The people are in the United States and on one of its clocks whatever the machine's zone: yours
when it is a zone of theirs, else `DEMO_ZONE` (`people_zone`). Their interviews are at their
office hours, and what is due for them falls in their mornings, said on your clock as for anyone.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from afterview.domain import model as m
from afterview.domain.values import zone
from afterview.errors import Conflict

DEMO_ZONE = "America/Chicago"  # the demo people's zone when yours is not one of their country's (US)

# What marks a company or a person as invented by the demo (in its notes, shown with them).
DEMO_MARK = "Invented for the demo: notes to them never go out through a real mail server."
# The demo's opportunities, by company and role: `demo --remove` takes these and no other (one of
# your own added at a demo company is refused, not removed with it)
DEMO_OPPORTUNITIES = frozenset({("Northwind Analytics", "Senior Data Engineer"), ("Contoso Health", "Analytics Engineer"),
                                ("Fabrikam Energy", "Data Engineer"), ("Tailspin Labs", "Data Platform Engineer"),
                                ("City of Springfield", "Data Analyst")})
# Who the demo says you are, and the news it records for you: taken out again by `remove_demo`.
DEMO_PROFILE = {"name": "Alex Morgan", "email": "alex.morgan@mail.example", "phone": "+1 555 0100",
                "signature": "Alex Morgan\n+1 555 0100\nlinkedin.com/in/alexmorgan-example", "country": "US"}
DEMO_NEWS = ("Passed the Confluent Certified Developer for Apache Kafka exam", "Published an article on data contracts")
# The one kind of mail server that may take the demo's notes (a test server on this computer).
LOCAL_SERVERS = "a mail server on this computer (localhost, 127.0.0.1, ::1)"


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
    from afterview.services import backup, pipeline

    if not backup.is_empty(tx):
        raise Conflict("the database already has data: run the demo on a new one (afterview --db demo.db demo)")
    theirs = people_zone(tz)
    # the story's days are those of its people (an interview "yesterday" is yesterday for them,
    # so always past, whatever your zone)
    today = now.astimezone(zone(theirs)).date()
    pipeline.update_profile(tx, {"timezone": tz})
    profile = tx.profile()
    for name, value in DEMO_PROFILE.items():
        setattr(profile, name, value)
    tx.save_profile(profile)

    def opportunity(company: str, role: str, days_ago: int, **extra) -> m.Opportunity:
        opp, _ = pipeline.add_opportunity(tx, company, role, now=now - timedelta(days=days_ago), **extra)
        invented = tx.get(m.Company, opp.company_id)
        if not is_demo(invented):
            invented.notes = DEMO_MARK
            tx.update(invented)
        return opp

    def person(name: str, email: str, company_id: int, title: str, tags=(), tz_name="") -> m.Person:
        return tx.add(m.Person(name=name, emails=[email], company_id=company_id, title=title,
                               tags=list(tags), timezone=tz_name or theirs, country="US", notes=DEMO_MARK))

    def interview(opp: m.Opportunity, day: date, start: tuple[int, int], minutes: int, stage: str,
                  panel: list[tuple[m.Person, m.Role]], fmt: str = "video") -> m.Interview:
        begins = _at(day, *start, theirs)  # at their office hours
        return pipeline.add_interview(
            tx, opp.id, begins, begins + timedelta(minutes=minutes), timezone=theirs, now=begins, format=fmt,
            stage=stage, call_link="https://meet.example/abc-defg-hij" if fmt == "video" else "",
            participants=[m.Participant(person_id=p.id, role=r) for p, r in panel],
        )

    # 1. A panel on the last working day: three thank-you notes due, each from its own debrief.
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
    pipeline.add_news(tx, DEMO_NEWS[0], happened_on=today - timedelta(days=3), tags=["kafka", "streaming"])
    pipeline.add_news(tx, DEMO_NEWS[1], happened_on=today - timedelta(days=12),
                      kind="news", link="https://blog.example/data-contracts", tags=["data contracts"])
    return {name: tx.count(cls) for name, cls in backup.SECTIONS if tx.count(cls)}


def is_demo(record) -> bool:
    """Whether a company or a person is one the demo invented (its mark, in its notes)."""
    return DEMO_MARK in (getattr(record, "notes", "") or "")


def has_demo(tx) -> bool:
    """Whether the database holds the demo's companies or people."""
    return any(is_demo(record) for cls in (m.Company, m.Person) for record in tx.list(cls))


# --- the demo never reaches a real mail server ---------------------------------------------------

class DemoMail(Conflict):
    """A note to one of the demo's invented people, on its way to a real mail server."""


def on_this_computer(account, way: str = "smtp") -> bool:
    """Whether `account` sends (`way` "smtp") or keeps its Drafts ("imap") through a server of
    the built-in kind on this computer: a test server, never a mailbox out in the world."""
    from afterview.delivery.accounts import is_loopback

    host, built_in = ((account.smtp_host, account.sender == "smtp") if way == "smtp"
                      else (account.imap_host, account.mailbox == "imap"))
    return built_in and bool(host) and is_loopback(host)


def demo_mail_refusal(person, account, *, way: str = "smtp", message_id: int | None = None) -> str:
    """Why a note to `person` must not go out through `account` ("" when it may): the demo's
    people are invented, and only a mail server on this computer may take their notes."""
    if person is None or not is_demo(person) or on_this_computer(account, way):
        return ""
    server = account.smtp_host if way == "smtp" else account.imap_host
    where = f"{server} of account {account.name}" if server else f"account {account.name}"
    # by SMTP it is refused where the note is approved, sent now or found due: said as a fact,
    # which reads right for each ("not sent" would be wrong for an approval)
    done = "" if way == "smtp" else "not placed in your Drafts folder: "
    eml = f" (afterview send {message_id} --eml FILE)" if message_id else ""
    return (f"{done}{person.name} is one of the demo's invented people, and their notes never go through a "
            f"real mail server ({where}); only {LOCAL_SERVERS} takes them, and an .eml file{eml} shows the note")


def refuse_demo_mail(person, account, *, way: str = "smtp", message_id: int | None = None) -> None:
    """DemoMail (one line) when a note to `person` would go out through a real mail server;
    called by every way out by mail (SMTP now, scheduled, the outbox's rounds; IMAP Drafts)
    before anything is sent or placed."""
    why = demo_mail_refusal(person, account, way=way, message_id=message_id)
    if why:
        raise DemoMail(why)


# --- taking the demo out again ---------------------------------------------------------------------

def remove_demo(tx) -> dict[str, int]:
    """Take the demo out of the database: its companies with everything about them, its people
    with their notes, replies and decisions, its news, and the profile it set (what you changed
    since is kept). Records of your own stay. Returns the counts removed, by export section.
    Conflict when one of the demo's people is on an interview of your own (take them off first)."""
    from afterview.services import backup

    named_companies = {c.id: c.name for c in tx.list(m.Company) if is_demo(c)}
    companies = set(named_companies)
    people = {p.id for p in tx.list(m.Person) if is_demo(p)}
    opportunities = set()
    for opp in tx.list(m.Opportunity):
        if opp.company_id not in companies:
            continue
        if (named_companies[opp.company_id], opp.role) not in DEMO_OPPORTUNITIES:  # one you added there
            raise Conflict(f"opportunity {opp.id} ({opp.role}) is one of your own, at {named_companies[opp.company_id]}, "
                           f"a company the demo invented, which would go with the demo: delete it first if it was "
                           f"a try (afterview opportunity delete {opp.id}), or keep the demo; nothing was removed")
        opportunities.add(opp.id)
    for person in tx.list(m.Person):
        if person.company_id in companies and person.id not in people:
            raise Conflict(f"{person.name} (person {person.id}) is one of your own, at "
                           f"{named_companies[person.company_id]}, a company the demo invented: move them to a company "
                           f"of your own first (afterview person edit {person.id} --company NAME), then afterview demo "
                           "--remove again; nothing was removed")
    interviews = set()
    for interview in tx.list(m.Interview):
        if interview.opportunity_id in opportunities:
            interviews.add(interview.id)
        elif any(p.person_id in people for p in interview.participants):
            raise Conflict(f"interview {interview.id} is one of your own but has one of the demo's people on its "
                           f"panel: take them off it first (afterview interview edit {interview.id}), then "
                           "afterview demo --remove again")
    news = {n.id for n in tx.list(m.NewsItem) if n.title in DEMO_NEWS}
    messages = {x.id for x in tx.list(m.Message) if x.person_id in people or x.opportunity_id in opportunities
                or x.interview_id in interviews}
    named = {"i": interviews, "o": opportunities, "p": people, "n": news}
    gone = {
        "decisions": [d.id for d in tx.list(m.Decision) if _names(d.action_key, named)],
        "feedback": [f.id for f in tx.list(m.Feedback) if f.opportunity_id in opportunities or f.person_id in people],
        "inbound": [x.id for x in tx.list(m.Inbound) if x.person_id in people or x.opportunity_id in opportunities
                    or x.answers_message_id in messages],
        "messages": sorted(messages),
        "debriefs": [d.id for d in tx.list(m.Debrief) if d.interview_id in interviews or d.person_id in people],
        "interviews": sorted(interviews),
        "opportunities": sorted(opportunities),
        "people": sorted(people),
        "companies": sorted(companies),
        "news": sorted(news),
    }
    kinds = dict(backup.SECTIONS)
    for section, ids in gone.items():  # those that refer to others first
        for record_id in ids:
            tx.delete(kinds[section], record_id)
    _forget_profile(tx)
    return {name: len(gone[name]) for name, _ in backup.SECTIONS if gone.get(name)}


def _names(key: str, named: dict[str, set[int]]) -> bool:
    """Whether an action's key names one of the records in `named` (by the key's letters)."""
    from afterview.domain.keys import parse_key

    parsed = parse_key(key)
    return parsed is not None and any(value in named.get(letter, ()) for letter, value in parsed[1].items()
                                      if letter != "n" or parsed[0] == "share_news")


def _forget_profile(tx) -> None:
    """The profile as it was before the demo, where it still says what the demo set."""
    profile, blank = tx.profile(), m.Profile()
    for name, value in DEMO_PROFILE.items():
        if getattr(profile, name) == value:
            setattr(profile, name, getattr(blank, name))
    tx.save_profile(profile)
