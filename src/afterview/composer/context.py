"""The template variables for one request, built only from recorded facts.

Every value a template can print comes from here. Where a needed fact is missing, the value is
a visible gap (`[topic you discussed with Dana]`) and the gap is listed, so that the user (and
the reviewer's placeholder rule) sees it; nothing is ever made up.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from afterview.composer.draft import RECRUITER_THANK_YOU, DraftRequest, Gap
from afterview.composer.threads import _GONE_OUT, THREADED_KINDS, Thread, find_thread
from afterview.domain.companies import LEGAL_FORMS, common_name  # the company as a note names it
from afterview.domain.companies import names_company as _names_company
from afterview.domain.days import month_first  # notes to the United States write "January 13"
from afterview.domain.model import (
    UNKNOWN_COMPANY,
    UNKNOWN_ROLE,
    Channel,
    Debrief,
    Facts,
    Interview,
    Message,
    MessageKind,
    MessageState,
    NewsItem,
    NewsKind,
    Opportunity,
    OpportunityStatus,
    Person,
    Role,
    round_order,
    decision_date,
    stated_decision_dates,
)
from afterview.errors import InvalidInput, NotFound
from afterview.domain.names import call_name as names_call_name
from afterview.domain.names import first_name, leading_titles, spaceless_script, unsure_name
from afterview.reviewer.pay import about_pay
from afterview.reviewer.private import as_yours, private_life, someone_in, we_in

# Kinds that must be built on what this person discussed (so the topic is a needed fact).
TOPIC_KINDS = frozenset({MessageKind.THANK_YOU, MessageKind.CARD, MessageKind.LINKEDIN_NOTE})


@dataclass(slots=True)
class Context:
    """The variables for the template, the template's name, the gaps and the thread."""

    template: str
    variables: dict
    gaps: list[Gap]
    thread: Thread | None
    # each topic a note may use (`topic_phrase`), as recorded: where shorthand is looked for
    typed: dict[str, str] = dataclasses.field(default_factory=dict)
    # the facts the variables were built from: debriefs as items, without list markup (`as_listed`)
    facts: Facts | None = None


class _Gaps:
    def __init__(self):
        self.items: list[Gap] = []

    def add(self, placeholder: str, question: str, where: str, person_id=None, interview_id=None,
            optional: bool = False) -> str:
        if all(g.placeholder != placeholder for g in self.items):
            self.items.append(Gap(placeholder, question, where, person_id, interview_id, optional))
        return placeholder


@dataclass(slots=True)
class _Scene:
    """The records one draft is about."""

    person: Person
    interview: Interview | None
    opportunity: Opportunity | None
    debrief: Debrief | None
    panel: list[int]
    companies: list[str]  # the recorded companies' names (a "person" named like one is not one)
    us: bool = False  # the recipient is in the United States: "January 13" (see `month_first`)


def build_context(facts: Facts, request: DraftRequest, tone: str, playbook=None) -> Context:
    """Everything a template needs for this request, and what is missing (`playbook`: the
    effective one, for the LinkedIn note limit; the default one when not given)."""
    facts = as_listed(facts)
    person = _person(facts, request.person_id)
    interview = _interview(facts, request, person)
    opportunity = _opportunity(facts, request, interview)
    talk, work = rounds_spoken_of(facts, interview)
    debrief = (_debrief(facts, interview, person, opportunity) if talk is interview and work is None
               else _debrief_after_nobody(facts, interview, talk, person, opportunity))
    if request.interview_id is None:  # a note about the whole opportunity: every round's topics
        debrief = _every_round(facts, debrief, person, opportunity)
    country = recipient_country(facts, person, playbook)
    their_zone = recipient_zone(facts, person, playbook)
    scene = _Scene(person, interview, opportunity, debrief,
                   interviewers(interview) if interview else [person.id], _company_names(facts),
                   us=month_first(country))
    template = request.kind.value
    if request.kind is MessageKind.THANK_YOU and _role_in(interview, person) in (Role.RECRUITER, Role.COORDINATOR):
        template = RECRUITER_THANK_YOU
    gaps = _Gaps()
    stated = stated_decision(facts, interview)  # a status follow-up's: the round the plan anchored it on
    touch = max(touch_number(request), 1 + len(earlier_touches(facts, request)))
    of_opportunity = _opportunity_vars(facts, opportunity, gaps)
    news = _news_for(facts, request, person, opportunity, scene.debrief, gaps, scene.us)
    variables = {
        "kind": request.kind.value,
        "tone": tone,
        "me": _me(facts, request, gaps),
        "recipient": {**_recipient(person, tone, request.kind, scene.companies, country, gaps),
                      "company": _their_company(facts, person, of_opportunity["company"]),
                      "decides": decides(facts, interview, person, opportunity),
                      **_date_given(facts, person, stated[1], tone, scene.companies)},
        **of_opportunity,
        "interview": _interview_vars(talk, gaps, request.kind, scene.us, their_zone),
        "exercise": _exercise_vars(work, talk is work, scene.us, their_zone),
        **_debrief_vars(facts, request, scene, template, gaps),
        "decision_date": format_day(stated[0], scene.us) if stated[0] else "",
        "strength": _strength(facts, person, scene.panel, scene.us) or nothing(STRENGTH_FIELDS),
        "news": news,
        "met": [facts.people[p].name for p in scene.panel if p != person.id and p in facts.people],
        "conducted": _conducted(interview, person, scene.panel),
        "arranged": _role_in(interview, person) in (Role.RECRUITER, Role.COORDINATOR)
        and not _conducted(interview, person, scene.panel),
        "took_part": _took_part(facts, interview, person, scene.panel),
        "variant": (variant(facts, interview, person) if request.interview_id is not None or opportunity is None
                    else loop_variant(facts, opportunity, person, touch)),
        "sequence": touch,
        "ask_feedback": request.ask_feedback and feedback_wanted(facts, opportunity, playbook)
        and not after_offer(facts, opportunity),
        "after_offer": request.kind is MessageKind.REJECTION_REPLY and after_offer(facts, opportunity),
        "decision_from_them": _decision_from(facts, request, person, opportunity),
        "by_call": _by_call(facts, request, person, opportunity),
        "late": "late" in request.note.lower(),
        "said_day": said_day(request),
        "linkedin_limit": linkedin_limit(facts, playbook),
        "talked": _talked(facts, request, person, opportunity, news, their_zone),
        "other_open_role": (_other_open_role(facts, person, opportunity)
                            if request.kind is MessageKind.REJECTION_REPLY else ""),
        "joining": joining(facts, person, opportunity),
    }
    if request.kind in (MessageKind.KEEP_WARM, MessageKind.SHARE_NEWS):
        if news.get("discussed"):
            # the note cites the topic the news relates to, not simply the first one discussed
            variables["topic"] = news["match"]
        elif variables["topics"] and touch > 1:
            # a later keep-in-touch note recalls another of their topics than the one before
            topics = variables["topics"]
            variables["topic"] = topics[(touch - 1) % len(topics)]
    if request.kind is MessageKind.STATUS_CHECK:
        # "I remain very interested ..., especially after our conversation about X": X is a reason
        # for interest, never an arrangement ("relocation timeline", "the start date")
        variables["topic"] = next((t for t in variables["topics"] if not about_logistics(t)), "")
    thread = find_thread(facts, request, person) if request.kind in THREADED_KINDS else None
    variables["previous_subject"] = thread.subject if thread else ""
    return Context(template, variables, gaps.items, thread, _typed(facts, person), facts)


# The planner's note on a thank-you written on another day than the interview's next:
# "say 'thank you for our conversation on Thursday', not 'yesterday'"
_SAY_ON = re.compile(r"thank you for our conversation on ([^']+)'")


def said_day(request: DraftRequest) -> str:
    """The day a thank-you names the interview by, when the planner says it is not their
    yesterday (or today): "Thursday", or a date six days back or more ("November 24"); else ""."""
    if request.kind is not MessageKind.THANK_YOU:
        return ""
    found = _SAY_ON.search(request.note)
    return found.group(1).strip() if found else ""


def earlier_touches(facts: Facts, request: DraftRequest) -> list[Message]:
    """A keep-in-touch note's earlier notes of its kind to this person about the opportunity
    (another action's, or one that went out; not a cancelled one, nor the draft being written
    again): the note after them is a later touch, whatever its key says."""
    if request.kind is not MessageKind.KEEP_WARM or request.opportunity_id is None:
        return []
    return [m for m in facts.messages
            if m.kind is MessageKind.KEEP_WARM and m.person_id == request.person_id
            and m.opportunity_id == request.opportunity_id and m.state is not MessageState.CANCELLED
            and m.body.strip() and (m.action_key != request.key if request.key and m.action_key
                                    else m.state in _GONE_OUT)]


def after_offer(facts: Facts, opportunity: Opportunity | None) -> bool:
    """Whether the opportunity was rejected after an offer (see Opportunity.rejected_after_offer),
    its history read as the plan reads it: an offer taken back the same day was never made."""
    if opportunity is None:
        return False
    from afterview.planner.facts import in_force, safe_zone

    changes = in_force(opportunity.history, safe_zone(facts.profile.timezone, "UTC")).changes
    return opportunity.rejected_after_offer(changes)


def _took_part(facts: Facts, interview: Interview | None, person: Person, panel: list[int]) -> bool:
    """Whether a recruiter or coordinator who did not hold the interview alone sat on it: topics
    recorded in their debrief of it, or listed among its interviewers too. Their thank-you then
    thanks them as one of the people you met, never as if they were absent."""
    if interview is None or _role_in(interview, person) not in (Role.RECRUITER, Role.COORDINATOR):
        return False
    if _conducted(interview, person, panel):
        return False
    if any(p.person_id == person.id and p.role in (Role.INTERVIEWER, Role.HIRING_MANAGER)
           for p in interview.participants):
        return True
    return any(d.interview_id == interview.id and d.person_id == person.id and any(clean(t) for t in d.topics)
               for d in facts.debriefs)


def _typed(facts: Facts, person: Person) -> dict[str, str]:
    """Each recorded topic as a note uses it (`topic_phrase`) -> as typed, this person's first."""
    typed: dict[str, str] = {}
    for debrief in sorted(facts.debriefs, key=lambda d: d.person_id != person.id):
        for topic in debrief.topics:
            typed.setdefault(topic_phrase(topic), " ".join(str(topic).split()))
    return typed


_TOUCH = re.compile(r"^keep_warm\.(\d+):")


def touch_number(request: DraftRequest) -> int:
    """Which note of its kind to this person this is: a keep-in-touch note's touch (1 for the
    first after the close; the number in its action key, `keep_warm.2:o1:p3`, else the
    request's `sequence`), or a status check's `sequence` (2 for the second)."""
    if request.kind is MessageKind.KEEP_WARM:
        found = _TOUCH.match(request.key or "")
        if found:
            return max(1, int(found.group(1)))
    return max(1, request.sequence)


def _their_company(facts: Facts, person: Person, fallback: str) -> str:
    """Where the recipient works now: their recorded company (they may have moved on since the
    process: "the team at Ferrous Labs", not the employer you interviewed with), else the
    opportunity's (`fallback`, a gap when it is unknown too)."""
    company = facts.companies.get(person.company_id) if person.company_id is not None else None
    if company is not None and company.name.strip() and company.name != UNKNOWN_COMPANY:
        return common_name(company.name)
    return fallback


def feedback_wanted(facts: Facts, opportunity: Opportunity | None, playbook=None) -> bool:
    """Whether a rejection reply asks for feedback: when the playbook says so
    (`rejection_reply.feedback_request`, on by default), and once: not after feedback for the
    opportunity was recorded (`afterview feedback`) or a feedback request for it was sent. The
    planner's rule: it then drops its "include a feedback request" note too."""
    from afterview.planner.playbook import DEFAULT_PLAYBOOK

    book = playbook if playbook is not None else DEFAULT_PLAYBOOK
    if not book["rejection_reply"]["feedback_request"]:
        return False
    if opportunity is None:
        return True
    if any(f.opportunity_id == opportunity.id for f in facts.feedback):
        return False
    return not any(m.kind is MessageKind.FEEDBACK_REQUEST and m.state is MessageState.SENT
                   and m.opportunity_id == opportunity.id for m in facts.messages)


# The greeting of a note to a team, a mailbox or a company recorded as a person
# ("Fenwick & Hale Talent"): nobody there is greeted by a first name made from its name.
NEUTRAL_NAME = "Hiring Team"  # formal, and cards: "Dear Hiring Team,"
NEUTRAL_SALUTATION = "Hello"  # warm and concise: "Hello,"


def _company_names(facts: Facts) -> list[str]:
    return [c.name for c in facts.companies.values() if c.name and c.name != UNKNOWN_COMPANY]


def _recipient(person: Person, tone: str, kind: MessageKind, companies: list[str], country: str = "",
               gaps: "_Gaps | None" = None) -> dict:
    """The recipient's names, and the greeting a note opens with (without its comma).

    A person is greeted "Hi Priya" (warm, concise) or "Dear Priya Raman" (formal); a card says
    "Dear Priya" ("Dear Priya Raman" when formal). One with a greet-as name is greeted by it in
    every tone ("Hi Khai", "Dear Ms. Nguyen"); without one, by their first name as
    `Person.greeting_name` picks it (not an initial; a name in Chinese, Japanese or Korean
    characters whole). A name that is not a person's has no first name: the greeting is "Hello"
    (warm, concise) or "Dear Hiring Team" (formal, and cards). A name that is only a guess from
    their address with no first name in it ("Jsmith", "B. Nakamura": `names.unsure_name`) is no
    name to greet them by: "Hello" in every tone, and `gaps` gets what to record (a template of
    your own that prints `greeting` shows a gap).
    `country` is where they are (theirs, else yours: `recipient_country`), and `us` whether a
    note to them writes days and closings as Americans do ("January 13", no "Yours sincerely").
    """
    first = person.greeting_name(companies)
    person_like = bool(first)
    guessed = unsure_name(person.name, person.emails) if person_like and not person.greet_as.strip() else ""
    if guessed:
        gaps = gaps if gaps is not None else _Gaps()
        first, salutation = "", NEUTRAL_SALUTATION  # "Hello,": to a person, never "Dear Hiring Team"
        greeting = _unsure_name_gaps(person, guessed, gaps)
    elif person_like:
        own = not person.greet_as.strip()  # no greet-as name: the greeting is made from the name
        name = name_cased(person.name) if own else person.name
        first = name_cased(first) if name != person.name else first  # as the whole name is typed
        greeting = formal_name(name) if tone == "formal" and own else first
        if own and (country in TITLES_IN_ADDRESS and _academic_title(name) or _title_and_surname(name)):
            # "Prof. Dr. Anna Schmidt" in Berlin: "Dear Prof. Dr. Schmidt"; "Dr. Smith": "Dear Dr. Smith"
            greeting = formal_name(name)
        # a greeting that carries a title is never "Hi": "Dear Dr. Shankar", in every tone
        titled = leading_titles(greeting.split()) > 0
        opener = "Dear" if tone == "formal" or kind is MessageKind.CARD or titled else "Hi"
        salutation = f"{opener} {greeting}"
    else:
        greeting = NEUTRAL_NAME  # "Hi/Dear {{ recipient.greeting }}" in a template of your own
        formal = tone == "formal" or kind is MessageKind.CARD
        salutation = f"Dear {NEUTRAL_NAME}" if formal else NEUTRAL_SALUTATION
    return {
        "name": person.name,
        "first_name": first,
        "title": person.title,
        "greeting": greeting,
        "salutation": salutation,
        "is_person": person_like,
        "country": country,
        "us": month_first(country),
    }


def _unsure_name_gaps(person: Person, address: str, gaps: "_Gaps") -> str:
    """What a note greeting someone without a name, as theirs is only a guess from `address`,
    tells the user (an optional gap: the command that records their name); and the gap a
    template of your own shows where it prints the name to greet them by."""
    edit = f"afterview person edit {person.id if person.id is not None else 'ID'}"
    gaps.add(f"the name of {person.name} <{address}>: '{person.name}' was guessed from the address and gives no "
             f"first name, so the note greets them without a name; record theirs: {edit} --name NAME (or the name "
             f"to greet them by: {edit} --greet-as NAME)",
             f"What is the name of {person.name} <{address}>?", "person.name", person.id, optional=True)
    return gaps.add(f"[name to greet {person.name} by]", f"What is the name of {person.name} <{address}>?",
                    "person.name", person.id)


# Where an academic title is part of how a person is addressed, in every tone (Germany, Austria,
# Switzerland, Liechtenstein): "Prof. Dr. Anna Schmidt" is greeted "Dear Prof. Dr. Schmidt", never
# "Hi Anna". Elsewhere a note greets her by her first name unless it is formal.
TITLES_IN_ADDRESS = frozenset({"DE", "AT", "CH", "LI"})
# titles of courtesy, not of degree or office ("Herr Klaus Müller" is still "Hi Klaus")
_COURTESY = frozenset({"mr", "mrs", "ms", "mx", "miss", "sir", "dame", "herr", "frau", "hr", "fr", "sr", "sra",
                       "srta", "dña", "dna", "m", "mme", "mlle", "me", "sig", "sigra", "dhr", "mevr", "shri", "smt"})


def _academic_title(name: str) -> bool:
    """Whether a name is recorded with a title of degree or office (Dr., Prof., Dr.-Ing., Mag.)
    among its leading titles, rather than only one of courtesy (Herr, Ms.)."""
    parts = name.split()
    return any(word.casefold().replace(".", "") not in _COURTESY for word in parts[:leading_titles(parts)])


def _title_and_surname(name: str) -> bool:
    """Whether a name is titles and one word ("Dr. Smith", "Ms Rao"): the word is their family
    name, greeted with the titles ("Dear Dr. Smith"), never alone ("Hi Smith")."""
    parts = name.split()
    titles = leading_titles(parts)
    return bool(titles) and len(parts) == titles + 1 and "," not in name


# The prefixes of a family name whose next letter is a capital too ("O'Neill", "McDonald",
# "D'Angelo"); "Mac" only before the stems below ("MacDonald", not "Machado" or "Macron").
_MAC_STEMS = ("donald", "dougall", "gregor", "leod", "kenzie", "millan", "intosh", "lean", "laren", "lachlan",
              "farlane", "pherson", "neil", "arthur", "allister", "aulay", "bride", "callum", "ewan", "innes",
              "iver", "lennan", "namara", "nab", "queen", "tavish", "allan", "kinnon", "kinlay", "dermott")


def _part_cased(part: str) -> str:
    """One part of a name (between hyphens) with its first letter a capital and the rest lower,
    keeping "O'"/"D'", "Mc" and "Mac" capitals right: "O'NEILL" is "O'Neill"."""
    low = part.lower()
    if not low:
        return part
    word = low[0].upper() + low[1:]
    if re.fullmatch(r"[a-z]['\u2019]\w+", low, re.ASCII) and low[0] in "od":
        return word[:2] + word[2:3].upper() + word[3:]
    if low.startswith("mc") and len(low) > 3:
        return "Mc" + low[2].upper() + low[3:]
    if low.startswith("mac") and low[3:].startswith(_MAC_STEMS):
        return "Mac" + low[3].upper() + low[4:]
    return word


def name_cased(name: str) -> str:
    """A name typed all in capitals or all in lower case as it is written ("MARY O'BRIEN" is
    "Mary O'Brien", "JEAN-PIERRE O'NEILL" "Jean-Pierre O'Neill", "mary jones" "Mary Jones"); a name
    typed in mixed case ("Ana de la Fuente", "DeShawn"), or with no letter to change, as typed.
    A particle ("van", "de") stays in lower case, a title keeps its stop ("DR. SMITH" is "Dr. Smith")."""
    letters = [c for c in name if c.isalpha()]
    if not letters or spaceless_script(name) or not (all(c.isupper() for c in letters)
                                                     or all(c.islower() for c in letters)):
        return name
    words = name.split()
    out = []
    for i, word in enumerate(words):
        if 0 < i < len(words) - 1 and word.lower() in _PARTICLES:
            out.append(word.lower())
        else:
            out.append("-".join(_part_cased(part) for part in word.split("-")))
    return " ".join(out)


def formal_name(name: str) -> str:
    """The name a formal greeting uses: the whole name ("Dear Priya Raman"), or, for a name
    recorded with titles (`names.leading_titles`), all the titles and, when one given name and
    one family name follow them, the family name: "Dr. Amélie Durand-Lefèvre" is greeted "Dear
    Dr. Durand-Lefèvre", "Prof. Dr.-Ing. Anna Schmidt" "Dear Prof. Dr.-Ing. Schmidt", "Dr. med.
    Anna Schmidt" "Dear Dr. med. Schmidt", and "Dr. Maria van der Berg" (a family name with its
    particles) "Dear Dr. van der Berg". With more words after the titles ("Dr. María José García
    Márquez": which are given names and which family names cannot be told) the titles and the
    whole name: "Dear Dr. María José García Márquez"."""
    text = " ".join(name.split())
    parts = text.split()
    titles = leading_titles(parts)
    if "," in text:  # "Smith, John": "John Smith"; "Tom Becker, PhD" as recorded
        before, after = (part.strip() for part in text.split(",", 1))
        given = after.split(",")[0].split()
        if before and given and not re.fullmatch(r"(?i)(?:jr|sr|ii|iii|iv|phd|ph\.d|md|mba|cpa|pe|esq)\.?", given[0]):
            return formal_name(" ".join(given) + " " + before)
        return text
    if not titles:
        return text
    rest = parts[titles:]
    family = rest[1:]
    # one given name, then one family name, after its particles if any ("van der Berg")
    if family and len([word for word in family if word.casefold() not in _PARTICLES]) == 1 \
            and family[-1].casefold() not in _PARTICLES \
            and all(word.casefold() in _PARTICLES for word in family[:-1]):
        return " ".join(parts[:titles] + family)
    return text


# the words a family name may start with, in lower case ("van der Berg", "de la Fuente", "von
# Weizsäcker", "da Silva", "di Marco", "bin Hamad", "al-Rashid" is one word)
_PARTICLES = frozenset({
    "van", "von", "der", "den", "de", "del", "della", "di", "da", "das", "dos", "do", "du", "la", "le",
    "lo", "ten", "ter", "te", "zu", "zum", "zur", "bin", "ibn", "bint", "al", "el", "st", "st.",
})


def _opportunity_vars(facts: Facts, opportunity: Opportunity | None, gaps: "_Gaps") -> dict:
    company = facts.companies.get(opportunity.company_id) if opportunity else None
    role = opportunity.role.strip() if opportunity else ""
    if role == UNKNOWN_ROLE:
        role = ""  # an import did not know it: a gap, not a name to write
    return {
        "company": common_name(company.name) if company and company.name != UNKNOWN_COMPANY else gaps.add(
            "[company name]", "Which company is this for?", "opportunity.company"),
        "role": role or gaps.add("[the role]", "Which role did you interview for?", "opportunity.role"),
        # they made you an offer (a withdrawal then declines it)
        "offered": bool(opportunity) and opportunity.status == OpportunityStatus.OFFER,
        # the role you accepted with this very company: a withdrawal says so, not "another offer"
        "accepted_here": accepted_here(facts, opportunity),
    }


def accepted_here(facts: Facts, opportunity: Opportunity | None) -> str:
    """The role of another process of the same company whose offer you accepted ("Data
    Scientist"), which a withdrawal from this one names ("now that I have accepted the Data
    Scientist role with you"); "" when the accepted offer, if any, is another company's."""
    if opportunity is None:
        return ""
    for other in facts.opportunities.values():
        if (other.id != opportunity.id and other.company_id == opportunity.company_id
                and other.status == OpportunityStatus.ACCEPTED):
            return other.role.strip() if other.role.strip() != UNKNOWN_ROLE else "other"
    return ""


# Arrangements, not the work: pay and benefits (`about_pay`), relocation, the hiring timeline,
# notice period, start date, visa; where and when the work is done (remote or hybrid work, office
# days, working hours, an on-call rota). No reason for interest in a role ("especially after our
# conversation about the relocation timeline"), and a status check asks about the timeline itself.
_LOGISTICS = re.compile(
    r"\b(?:relocat(?:ion|ing)(?! (?:of|the) (?:the )?(?:data|servers?|clusters?|services?|workloads?))|"
    r"(?:hiring |interview |decision |process |offer |start )?timelines?|notice period|start(?:ing)? date|"
    r"(?:work )?visas?|sponsorship|work permit|benefits(?! of)|"
    # where and when the work is done: remote or hybrid work, office days, hours, on-call duty
    # (not "remote sensing", "hybrid cloud", "office add-ins", "improving the on-call rotation")
    r"(?:fully |partly |partially )?remote(?:-| )(?:work(?:ing)?|first|friendly|policy|policies|set-?up|options?|"
    r"arrangements?|days?|roles?|positions?|jobs?|possibilit(?:y|ies)|setting)|(?:fully|partly|partially) remote|"
    r"work(?:ing)? remotely|work(?:ing)? from (?:home|anywhere)|wfh|"
    r"hybrid(?:-| )(?:schedules?|work(?:ing)?|model|policy|set-?up|arrangements?|patterns?|roles?|options?|"
    r"weeks?)|"
    r"(?:in-)?office days|days? (?:a |per |each )?(?:week )?(?:in|at) the office|in-office|"
    r"(?:return(?:ing)?|back) to (?:the )?office|rto|office attendance|"
    r"(?:working|work|core|flexible) hours|flexi-?time|flexible (?:working|schedules?)|"
    r"on-?call (?:rotas?|schedules?|pay|allowance|duty|duties|weeks?|shifts?)|shift (?:patterns?|work)|"
    r"(?:four|4)-day (?:work(?:ing)? )?weeks?|part-time|overtime|(?:the |my |a )?commute)\b", re.I)


def about_logistics(topic: str) -> bool:
    """Whether a topic is about the arrangements of a move to the job rather than the job:
    pay and benefits (`about_pay`), relocation, the timeline, a notice period, a start date,
    a visa, where and when the work is done ("relocation timeline", "my notice period", "the hybrid
    schedule", "on-call rota"; not "relocating the data centre", "remote sensing")."""
    return about_pay(topic) or bool(_LOGISTICS.search(str(topic)))


# Said when the only topics recorded with someone are about pay (see _debrief_vars).
PAY_STAYS_OUT = "Pay, benefits and relocation stay out of a note"


def _debrief_vars(facts: Facts, request: DraftRequest, scene: _Scene, template: str, gaps: "_Gaps") -> dict:
    """This person's topics, rapport, concern, promise and what the employer said.

    A topic about pay, benefits or relocation support ("the relocation package") is never the
    one a note praises: pay belongs to the offer stage (the reviewer's `salary` rule). The
    other topics are used; with none left, a rejection reply takes a topic of the team's, a
    LinkedIn note and a rejection reply say a neutral line, and a thank-you or a card (built on
    one topic of this person's) asks for another topic.
    """
    debrief, person = scene.debrief, scene.person
    recorded = [p for p in (topic_phrase(t) for t in debrief.topics if clean(t)) if p] if debrief else []
    recorded, asides = _without_asides(recorded)
    private = [t for t in recorded if private_life(t)]  # never quoted, to them or anyone else
    if private:
        gaps.items.extend(_private_hint(t, person.name, scene.interview.id if scene.interview else None, person)
                          for t in private)
    recorded = [t for t in recorded if t not in private]
    topics = [t for t in recorded if not about_pay(t)]
    only_pay = bool(recorded) and not topics
    topic_with = topic_at = ""
    if not topics and request.kind is MessageKind.LINKEDIN_NOTE:
        # none recorded in this process: what you discussed with them in another one of yours
        elsewhere, topic_at = _topics_elsewhere(facts, scene)
        if elsewhere:
            topics, only_pay = elsewhere, False
    if not topics and request.kind is MessageKind.REJECTION_REPLY:
        # A rejection often comes from the recruiter: a topic from the team's debriefs will do.
        skipped: list[tuple[str, str, int]] = []
        topics, topic_with = _team_topic(facts, scene, skipped=skipped)
        gaps.items.extend(_private_hint(t, who, interview, person) for t, who, interview in skipped)
        only_pay = only_pay or (not topics and _team_topic(facts, scene, pay=True)[0] != [])
    needs_topic = (request.kind in TOPIC_KINDS and template != RECRUITER_THANK_YOU) or (
        request.kind is MessageKind.REJECTION_REPLY)
    if request.kind is MessageKind.LINKEDIN_NOTE and _role_in(scene.interview, person) in (
            Role.RECRUITER, Role.COORDINATOR):
        needs_topic = False  # thanked for arranging the interviews (or, who held it, for the talk)
    if only_pay and request.kind in (MessageKind.LINKEDIN_NOTE, MessageKind.REJECTION_REPLY):
        needs_topic = False  # a neutral line: asking again would only bring the same topic back
    topic = topics[0] if topics else ""
    if not topic and needs_topic:
        name = call_name(person, scene.companies)
        question = (f"What else did you discuss with {person.name}? {PAY_STAYS_OUT} (one topic per line)"
                    if only_pay else
                    f"What did you discuss with {person.name}? (one topic per line)")
        topic = gaps.add(
            f"[topic you discussed with {name}]", question,
            "debrief.topics", person.id, scene.interview.id if scene.interview else None,
        )
    for phrase, left in asides.items():
        if phrase in (topic, topics[1] if len(topics) > 1 else None) and request.kind in TOPIC_KINDS:
            gaps.items.append(_aside_hint(phrase, left, person, scene.companies))
    concern, answer = _concern(debrief.concerns if debrief else [], request, scene, gaps)
    rapport, rapport_kind = _rapport(debrief, request, scene, gaps)
    return {
        "topic": topic,
        "topic2": topics[1] if len(topics) > 1 and not topic_with else "",
        "topics": topics,
        "topic_with": topic_with,
        "topic_at": topic_at,
        "rapport": rapport,
        "rapport_kind": rapport_kind,
        "concern": concern,
        "concern_answer": places_capitalised(answer_as_said(speakless(answer))),
        "concern_about": _concern_about(concern, answer, request, scene, gaps),
        **_promise(debrief),
        "next_steps": places_capitalised(clean(debrief.next_steps)) if debrief else "",
    }


# A part of a debrief note that tells what happened rather than names a topic, with your reader in
# the third person ("he asked a LOT abt stats", "she grilled me on SQL"): never pasted into a
# sentence to them, where it would read "talking with you about ... he asked a LOT abt stats".
_TOLD_OF_READER = re.compile(
    r"^(?:and\s+|but\s+|also\s+|then\s+)?(?:(?:he|she)(?:\s+(?:really|also|kept|then|even|just))?\s+"
    r"(?:asked|said|mentioned|explained|told|wanted|grilled|quizzed|probed|pushed|dug|drilled|pressed|loved|liked|"
    r"cares|cared)|they(?:\s+(?:really|also|kept))?\s+(?:asked|grilled|quizzed|probed|drilled|pressed))\b",
    re.IGNORECASE)
# "he asked a LOT abt stats": the topic it names, when the part is all there is ("stats")
_ASKED_ABOUT = re.compile(
    r"^(?:he|she|they)\s+(?:(?:really|also|kept)\s+)?(?:asked|grilled|quizzed|probed|pushed|drilled|pressed|"
    r"talked|spoke|dug)(?:\s+(?:me|us|into))?(?:\s+(?:a\s+lot|lots|loads|a\s+ton|tons|heaps|so\s+much|"
    r"a\s+bunch))?\s+(?:about|abt|re:?|on|around|regarding)\s+(?=\S)", re.IGNORECASE)
_PARTS = re.compile(r"\s*(?:\.{2,}|\u2026|;|,|\s[-\u2013\u2014]\s)\s*")


def _without_asides(topics: list[str]) -> tuple[list[str], dict[str, list[str]]]:
    """Each topic without the parts that tell what your reader did in the third person
    (`_TOLD_OF_READER`), and a shouted word of emphasis in lower case ("a LOT" is "a lot");
    with, by the topic kept, the parts left out. A topic that is only such a part keeps what it
    was about ("he asked a LOT abt stats" is "stats"), else it is left out."""
    kept: list[str] = []
    asides: dict[str, list[str]] = {}
    for topic in topics:
        topic = _unshouted(topic)
        parts = [p for p in _PARTS.split(topic) if p.strip()]
        told = [p for p in parts if _TOLD_OF_READER.match(p)]
        if not told:
            kept.append(topic)
            continue
        rest = [p for p in parts if p not in told]
        if not rest:
            about = [_ASKED_ABOUT.sub("", p, count=1) for p in told if _ASKED_ABOUT.match(p)]
            rest = [clean(_written_out(a)) for a in about if clean(a)]
            told = [p for p in told if not _ASKED_ABOUT.match(p)] if rest else told
        if not rest:
            continue
        phrase = rest[0] if len(rest) == 1 else ", ".join(rest[:-1]) + " and " + rest[-1]
        kept.append(phrase)
        if told:
            asides[phrase] = told
    return kept, asides


def _written_out(text: str) -> str:
    """Shorthand for "about" written out ("abt stats" is "about stats")."""
    return re.sub(r"\babt\b", "about", text)


def _unshouted(text: str) -> str:
    """A word of emphasis typed in capitals in lower case ("a LOT", "SO much"): a note never shouts."""
    from afterview.reviewer.rules.style import EMPHASIS

    if not any(c.isupper() for c in text):
        return text
    return re.sub(r"\b[A-Z]{2,}\b", lambda m: m.group().lower() if m.group() in EMPHASIS else m.group(), text)


def _aside_hint(phrase: str, left: list[str], person: Person, companies: list[str]) -> Gap:
    said = "; ".join(f"'{p}'" for p in left)
    return wording_hint(
        f"the topic is used as '{quoted_topic(phrase)}': {said} is left out, as it tells what "
        f"{call_name(person, companies)} did rather than what you discussed (edit the draft to say it to them, "
        f"or the topic in the debrief)", f"How would you say {said} to {person.name}?", person)


def _promise(debrief: Debrief | None) -> dict:
    """The first promise as a note says it (`promise_reading`): `promise`, the thing to send
    ("send her my portfolio link" is "my portfolio link"), or `promise_action`, what you will do
    when it is no thing to send ("connect you with my old manager")."""
    from afterview.composer.promises import promise_reading

    thing, action = promise_reading(speakless(_first(debrief.promises))) if debrief else ("", "")
    return {"promise": places_capitalised(thing), "promise_action": places_capitalised(action)}


def _concern(concerns: list[str], request: DraftRequest, scene: _Scene, gaps: "_Gaps") -> tuple[str, str]:
    """The concern a note addresses, as (your note of it, your answer), or ("", "").

    A recorded concern is the user's own shorthand ("Kafka only in a side project"), not the
    interviewer's words, so a note never quotes it: it addresses the first concern that carries
    the user's answer ("... -> I have since run Kafka in production"). When none does, a
    thank-you leaves the concern out and tells the user (an optional gap, not in the text).
    """
    noted = [pair for pair in map(split_concern, concerns) if any(pair)]
    # pay stays out of a note: a concern about pay, or answered about pay, is never addressed
    pay = [pair for pair in noted if about_pay(pair[0]) or about_pay(pair[1])]
    noted = [pair for pair in noted if pair not in pay]
    if pay and request.kind is MessageKind.THANK_YOU:
        person = scene.person
        for note, answer in dict.fromkeys(pay):
            gaps.items.append(wording_hint(
                f"the concern '{note or answer}' is left out: it is about pay, and pay, benefits and relocation "
                f"stay out of a thank-you; answer it when the offer is discussed (edit the draft to address "
                f"another point)", f"What else did {person.name} ask about?", person))
    answered = next((pair for pair in noted if pair[1]), None)
    # a note answers one concern: every other one is left out, and the user is told which
    left_out = list(dict.fromkeys(  # the same concern noted again with its answer is not left out
        note for note, _ in noted if note and (answered is None or note != answered[0])))
    if left_out and request.kind is MessageKind.THANK_YOU:
        person = scene.person
        notes = "; ".join(left_out)
        which = "the concern" if len(left_out) == 1 else "the concerns"
        also = f" (it answers '{answered[0]}')" if answered and answered[0] else ""
        gaps.add(
            f"your answer to {which} {call_name(person, scene.companies)} raised ({notes}): the note leaves "
            f"{'it' if len(left_out) == 1 else 'them'} out{also}; add a sentence that addresses "
            f"{'it' if len(left_out) == 1 else 'them'}, or record your answer in the debrief as "
            f"'concern {CONCERN_ARROW} answer'",
            f"What would you say to {person.name} about {which} you noted ({notes})?",
            "debrief.concerns", person.id, scene.interview.id if scene.interview else None, optional=True,
        )
    if answered:
        return answered
    return (noted[0][0] if noted else ""), ""


def _rapport(debrief: Debrief | None, request: DraftRequest, scene: _Scene, gaps: "_Gaps") -> tuple[str, str]:
    """The first rapport note (not about pay) as a note can say it, and how (`rapport_reading`),
    without its text speak (`without_text_speak`: "we are both from ohio lol" is "we are both
    from Ohio"). One no sentence can carry ("ex-Google", "omg same dog breed", "lol") is left
    out, and a thank-you tells the user (a hint, as for a topic)."""
    typed = _first([r for r in debrief.rapport if not about_pay(r)]) if debrief else ""
    if not typed:
        return "", ""
    kept, dropped = without_text_speak(typed)
    said, kind = rapport_reading(kept) if kept else ("", "")
    if not kind and request.kind is MessageKind.THANK_YOU:
        person = scene.person
        name = call_name(person, scene.companies)
        speak = ", ".join(f"'{w}'" for w in dict.fromkeys(dropped))
        why = (f"it is text speak ({speak}), which a note never pastes" if not kept else
               f"without its text speak ({speak}), '{kept}' does not read as something you shared with {name}"
               if dropped else
               f"it does not read as something you shared with {name} (a fact about them, someone else's, "
               f"or shorthand)")
        gaps.items.append(wording_hint(
            f"the rapport '{typed}' is left out: {why}; write it as what you talked about ('sailing') or as a "
            f"line of yours ('we both grew up in Detroit') (edit the draft, or the rapport in the debrief)",
            f"What connected you and {person.name}?", person))
    return said, kind


# -- rapport: text speak left out --------------------------------------------------------------
#
# A rapport note is typed fast, and often as one would text it: "we are both from ohio lol", "omg
# same dog breed", "haha we both love tacos!!". What laughs, exclaims or fills ('lol', 'omg',
# 'haha', 'tbh', an emoji) says nothing a note would say in words: it is left out (the review
# reports it as slang, 'lol' and 'omg' as errors); a word of text speak that stands for words is
# written out ("cuz" is "because", "luv" "love"); the punctuation around what was left out is
# tidied ("tacos!!" is "tacos"), as a note's sentence ends with its own full stop.

# laughter in any length: haha, hahaha, ahaha, bahaha, hehe, lol, lolol, lool, lolz, lmao, lmfao,
# rofl, rotfl, omg, omfg, omgg, xd
_LAUGH = re.compile(r"(?:[ab]?a?(?:ha){2,}h?|(?:he){2,}h?|(?:hi){2,}|lo+l(?:o*l)*z?|l+m+f*a+o+|ro+t?f+l+|o+m+f*g+|xd+)",
                    re.IGNORECASE)
# fillers that say nothing in a note, wherever they stand ('tbh', 'ngl', 'jk')
_FILLERS = frozenset("tbh ngl btw imo imho fwiw tbf iirc afaik srsly obvi jk ikr smh".split())
# words that open a line as one speaks ("oh", "yeah"): left out only at its start
_INTERJECTIONS = frozenset("oh ooh wow whoa woah yay aw aww awww ah yeah yep yup nah ok okay".split())
# text speak written out in a rapport note, besides the review's own (`SPELLED_OUT`)
_WRITTEN_OUT = {"luv": "love", "u": "you", "ur": "your", "def": "definitely"}
_SPEAK_WORD = re.compile(r"(?<![\w'\u2019/-])[a-z0-9]+(?![\w'\u2019/]|-\w)", re.IGNORECASE)  # not "u-boat"


def without_text_speak(text: str, typed_lower: bool = False) -> tuple[str, list[str]]:
    """A rapport note without its text speak, and the text speak left out (as typed). With
    `typed_lower`, a word typed with a capital is kept (but laughter: "LOL"): in a topic, "RN
    staffing" or "IMO rules" name something; and an emoji or emoticon is kept, for the review
    to report where it stands (`emoji`).

    >>> without_text_speak("we are both from ohio lol")
    ('we are both from ohio', ['lol'])
    >>> without_text_speak("omg, same dog breed!!")
    ('same dog breed', ['omg'])
    """
    from afterview.reviewer.rules.phrases import CASUAL, LOWER_ONLY, SPELLED_OUT, TEXT_SPEAK
    from afterview.reviewer.rules.style import EMOJI

    dropped: list[str] = []

    def word(found: re.Match) -> str:
        typed = found.group()
        low = typed.lower()
        at_start = not re.search(r"\w", found.string[:found.start()])
        if _LAUGH.fullmatch(typed) or ((low in _FILLERS or (at_start and low in _INTERJECTIONS))
                                       and not (typed_lower and typed != low)):
            dropped.append(typed)
            return "\x00"
        if typed_lower and typed != low:
            return typed
        lower_only = low in LOWER_ONLY and typed == low
        if low in _WRITTEN_OUT and (low not in LOWER_ONLY or lower_only):
            return _WRITTEN_OUT[low]
        if low in TEXT_SPEAK or low in CASUAL or lower_only:
            out = SPELLED_OUT.get(low)
            if out == "" or out is None:
                dropped.append(typed)
                return "\x00"
            return out
        return typed

    emoji = [] if typed_lower else [m.group() for m in EMOJI.finditer(text)]
    kept = text if typed_lower else EMOJI.sub("\x00", text)
    kept = _SPEAK_WORD.sub(word, kept)
    dropped = emoji + dropped if emoji else dropped
    return _tidied(kept), dropped


def speakless(text: str) -> str:
    """A topic, a concern's answer or a promise without the text speak typed in lower case in it
    (`without_text_speak`: "scaling the eng team lol" is "scaling the eng team", "cuz" is
    "because"); as typed when it has none, so that its punctuation stays as it was."""
    text = str(text)
    if not text.strip():
        return text
    kept, dropped = without_text_speak(text, typed_lower=True)
    if not dropped and re.findall(r"\w+", kept.casefold()) == re.findall(r"\w+", text.casefold()):
        return text
    return kept


def _tidied(text: str) -> str:
    """A rapport note's punctuation once text speak is out (each place marked \\x00): marks of
    exclamation, question or trailing off in a row ("!!", "?!", "...") are a comma within it and
    nothing at its ends; no comma doubled, none left at an end or before a gap."""
    text = re.sub(r"\s*(?:[!?]+|\.{2,}|\u2026)+\s*", " , ", text)
    text = re.sub(r"\(\s*[\x00\s,]*\)", " ", text)  # "(lol)", "( :) )"
    text = re.sub(r"[\s\x00]*\x00[\s\x00]*", " ", text)
    text = re.sub(r"\s*,(?:\s*,)+", ",", text)
    text = re.sub(r"\s+([,;:])", r"\1", text)
    text = " ".join(text.split())
    return text.strip(" ,;:-\u2013\u2014.")


def _concern_about(note: str, answer: str, request: DraftRequest, scene: _Scene, gaps: "_Gaps") -> str:
    """The subject of the question a thank-you answers, when the concern note names it as a
    phrase (`question_subject`: "leading on-call"); else "", and the user is told how to have it
    named (a concern about pay is never named: pay stays out of a note)."""
    if not answer or not note:
        return ""
    subject = question_subject(note)
    if not subject and request.kind is MessageKind.THANK_YOU and not about_pay(note):
        gaps.items.append(wording_hint(
            f"the note answers your concern '{note}' without naming {call_name(scene.person, scene.companies)}'s "
            f"question: to have it named, write the concern as the subject of their question, in a few words "
            f"before the arrow (for example 'my on-call experience {CONCERN_ARROW} ...') (edit the draft, or the "
            f"concern in the debrief)",
            f"What did {scene.person.name} ask about?", scene.person))
    return subject


# "concern -> answer": the arrow (or its typographic form) between your note and your answer
CONCERN_ARROW = "->"
CONCERN_ARROWS = re.compile(r"\s*(?:-+>|\u2192)\s*")


def split_concern(text: str) -> tuple[str, str]:
    """A recorded concern as (your note of it, what you would say about it; "" when not given).

    `"Kafka only in a side project -> I have since run Kafka in production"` gives both parts;
    the first arrow separates them (`->` or `→`), and each part is cleaned like any phrase.
    An answer written in quotes is the answer without them (see `answer_text`). A further
    arrow stays in the answer as written: the reviewer reports it in the note (placeholder).
    """
    note, answer = (CONCERN_ARROWS.split(str(text), maxsplit=1) + [""])[:2]
    return clean(note), answer_text(answer)


# One pair of quotes around a whole answer: straight, curly, or low-high („…“).
_QUOTES = {'"': '"\u201d\u201c', "\u201c": "\u201d\"", "\u201e": "\u201c\u201d", "\u201d": "\u201d",
           "'": "'\u2019", "\u2018": "\u2019'", "\u2019": "\u2019"}
_APOSTROPHE = re.compile(r"(?<=\w)['\u2019](?=\w)")  # client's, don't: not a quote


def answer_text(text: str) -> str:
    """Your answer to a concern, ready to be pasted as a sentence of its own.

    Cleaned like any phrase, and without one pair of quotes around the whole of it
    (`"I ran Kafka in production for a client".` is `I ran Kafka in production for a client`):
    a note says it in your voice, not as a quotation.
    """
    text = clean(text)
    if len(text) < 2 or text[0] not in _QUOTES or text[-1] not in _QUOTES[text[0]]:
        return text
    inner = text[1:-1]
    if any(mark in _APOSTROPHE.sub("", inner) for mark in text[0] + _QUOTES[text[0]]):
        return text  # "Kafka" and "Flink": quotes inside, not one pair around it all
    return clean(inner)


# An answer typed without its subject, as a note to self ("Mentored 3 juniors at my last job"):
# the verbs it may open with that read as yours once "I" is added; and the second clause of a
# comma splice that has a subject of its own ("..., two got promoted"), joined with "and".
_OWN_VERBS = frozenset("have had has am was will can did do would could".split())
_SPLICE = re.compile(
    r",\s+(?!and\b|but\b|so\b)(?=(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|both|all|most|some|several"
    r"|many|half|none|each|they|it|she|he)(?:\s+of\s+them)?\s+(?:got|were|was|are|is|have|has|had|went|became|"
    r"now|since|later|then|also|still|all|both|moved|earned|won|passed|stayed|left|joined)\b)", re.IGNORECASE)


def answer_as_said(answer: str) -> str:
    """Your answer to a concern as a sentence of yours: one typed without its subject gets "I"
    ("Mentored 3 juniors at my last job" reads "I mentored 3 juniors at my last job"; "Have since
    run Kafka" "I have since run Kafka"), and a second clause with a subject of its own after a
    comma is joined with "and" ("..., and two got promoted")."""
    from afterview.composer.templates import _inline

    text = answer.strip()
    if not text or CONCERN_ARROWS.search(text):
        return answer  # a further arrow: pasted as recorded, for the review to report
    first = text.split()[0]
    said = _inline(text)
    if said.startswith("I ") and not text.startswith("I "):
        text = said
    elif first.casefold() in _OWN_VERBS and (first.islower() or first[1:].islower()):
        text = "I " + first.lower() + text[len(first):]
    if " and " not in text.rsplit(",", 1)[-1]:
        text = _SPLICE.sub(", and ", text, count=1)
    return text


def _team_topic(facts: Facts, scene: _Scene, pay: bool = False,
                skipped: list[tuple[str, str, int]] | None = None) -> tuple[list[str], str]:
    """The first topic anyone on the panel discussed (not about pay: see `about_pay`; never one
    about someone's private life, `private.private_life`, which goes to `skipped` with whose it
    is and the interview), and with whom; with `pay`, the first one about pay (whether the team
    recorded only such topics)."""
    if scene.opportunity is None:
        return [], ""
    loop = {i.id: i for i in facts.interviews.values() if i.opportunity_id == scene.opportunity.id}
    for debrief in sorted((d for d in facts.debriefs if d.interview_id in loop),
                          key=lambda d: (loop[d.interview_id].start, d.person_id)):
        who = facts.people.get(debrief.person_id)
        if who is None or who.id == scene.person.id:
            continue
        topics = [p for p in (topic_phrase(t) for t in debrief.topics if clean(t) and about_pay(clean(t)) == pay) if p]
        private = [t for t in topics if private_life(t)]
        if skipped is not None:
            skipped.extend((t, who.name, debrief.interview_id) for t in private)
        topics = [t for t in topics if t not in private]
        if topics:
            return topics, who.name
    return [], ""


def _private_hint(topic: str, who: str, interview: int | None, person: Person) -> Gap:
    """The check line for a topic about someone's private life, left out of a note (see the
    review's `private-topic`): said once, with where to take it out of the topics."""
    return wording_hint(
        f"the topic '{quoted_topic(topic)}' is about someone's private life ('{private_life(topic)}'): left out, "
        f"as a note never repeats it; keep it out of the topics later notes quote: afterview debrief "
        f"{interview if interview is not None else 'INTERVIEW_ID'} --person \"{who}\" --replace --topic \"...\"",
        f"What else did you discuss with {who}?", person)


def _topics_elsewhere(facts: Facts, scene: _Scene) -> tuple[list[str], str]:
    """The topics recorded with this person in another of your processes (not about pay), from
    the most recent one that has any (its latest round first), and the company of that process
    when it is not this note's ("" when it is the same, or unknown): a LinkedIn note to someone
    with no topic in this process recalls one from there, and where ("during my Contoso
    interviews")."""
    this = scene.opportunity.id if scene.opportunity is not None else None
    rounds = sorted(
        ((facts.interviews[d.interview_id], d) for d in facts.debriefs
         if d.person_id == scene.person.id and d.interview_id in facts.interviews
         and facts.interviews[d.interview_id].opportunity_id != this),
        key=lambda pair: (pair[0].start, pair[1].id or 0), reverse=True)
    by_process: dict[int | None, list[str]] = {}
    for interview, debrief in rounds:
        found = by_process.setdefault(interview.opportunity_id, [])
        for topic in debrief.topics:
            phrase = topic_phrase(topic)
            if phrase and not about_pay(phrase) and not private_life(phrase) and \
                    phrase.casefold() not in {t.casefold() for t in found}:
                found.append(phrase)
    for opportunity_id, topics in by_process.items():  # the most recent process first
        if not topics:
            continue
        there = facts.opportunities.get(opportunity_id)
        here = scene.opportunity
        company = facts.companies.get(there.company_id) if there is not None else None
        if company is None or company.name == UNKNOWN_COMPANY or (
                here is not None and here.company_id == there.company_id):
            return topics, ""
        return topics, common_name(company.name)
    return [], ""


def joining(facts: Facts, person: Person, opportunity: Opportunity | None) -> bool:
    """Whether you accepted this opportunity's offer and the person works there (their company is
    the employer's, or none is recorded): a note to them looks forward to working together, not
    to "staying connected"."""
    if opportunity is None or opportunity.status != OpportunityStatus.ACCEPTED:
        return False
    return person.company_id is None or person.company_id == opportunity.company_id


def _decision_from(facts: Facts, request: DraftRequest, person: Person, opportunity: Opportunity | None) -> bool:
    """A rejection reply: whether the person written to gave you the decision themselves (their
    email, or you recorded that they told you), so that it may thank them "for letting me know".

    False when the rejection came from someone else or from a system that sends for the
    employer (an applicant-tracking system's no-reply address): the reply then goes to the
    contact, who never wrote. True when nothing says who told you (a status set by hand).
    """
    if request.kind is not MessageKind.REJECTION_REPLY or opportunity is None:
        return True
    from afterview.reviewer.context import rejections

    found = rejections(facts, opportunity)
    if not found:
        return True
    addresses = {e.strip().lower() for e in person.emails if e.strip()}
    if any(who == person.id or (address and address in addresses) for _, who, address in found):
        return True
    return not any(who is not None or address for _, who, address in found)


# A rejection recorded as told by phone (`afterview outcome ... --from Mia --note "Mia called:
# ..."`): words that say it was a call, and words that say it was written after all.
_CALLED = re.compile(
    r"\b(?:called|phoned|rang|voicemail|by phone|(?:over|on) the phone|phone call"
    r"|(?:on|in|during) (?:a|the) (?:short |quick |brief )?(?:phone )?call)\b", re.IGNORECASE)
_WRITTEN = re.compile(r"\b(?:e-?mail(?:ed|s)?|wrote|written|letter|messaged|inmail|texted)\b", re.IGNORECASE)


def _by_call(facts: Facts, request: DraftRequest, person: Person, opportunity: Opportunity | None) -> bool:
    """A rejection reply: whether the person written to told you the decision on a call, so that
    it may thank them "for the call". Only when the facts say so: the rejection you recorded as
    told by them (`outcome ... --from`) has a note that speaks of a call ("Mia called: ...",
    "told me on the phone"), and no email of theirs brought the decision (the reply then
    answers that email)."""
    if request.kind is not MessageKind.REJECTION_REPLY or opportunity is None:
        return False
    from afterview.reviewer.context import rejections

    addresses = {e.strip().lower() for e in person.emails if e.strip()}
    theirs = [(when, address) for when, who, address in rejections(facts, opportunity)
              if who == person.id or (address and address in addresses)]
    if not theirs or any(address for _, address in theirs):
        return False
    told = {when for when, _ in theirs}
    return any(change.at in told and change.person_id == person.id and _CALLED.search(change.note or "")
               and not _WRITTEN.search(change.note or "")
               for change in opportunity.history if change.status == OpportunityStatus.REJECTED)


def _talked(facts: Facts, request: DraftRequest, person: Person, opportunity: Opportunity | None,
            news: dict, their_zone: str = "") -> dict:
    """For a keep-in-touch or share-news note: how long ago you last spoke with this person (the
    latest interview of the opportunity they took part in, else its latest), so that the note
    says it as it is: `months` whole months until the note (drafted on `request.day`, else on the
    day of the item it is built on), and `when` to add after "our conversation": "" within two
    months, else "in January" (with its year after a year or more). The interview's day is the
    recipient's (`their_zone`), as `interview.day` is."""
    nothing = {"months": 0, "when": ""}
    if request.kind not in (MessageKind.KEEP_WARM, MessageKind.SHARE_NEWS) or opportunity is None:
        return nothing
    day = request.day or news.get("happened_on")
    loop = [i for i in facts.interviews.values() if i.opportunity_id == opportunity.id and not i.cancelled]
    theirs = [i for i in loop if any(p.person_id == person.id for p in i.participants)] or loop
    if day is None or not theirs:
        return nothing
    latest = max(theirs, key=lambda i: i.start)
    spoke = their_day(latest, their_zone).date()
    months = (day.year - spoke.year) * 12 + day.month - spoke.month - (1 if day.day < spoke.day else 0)
    months = max(0, months)
    if months < 2:
        return {"months": months, "when": ""}
    return {"months": months, "when": f"in {spoke:%B}" + (f" {spoke.year}" if months >= 12 else "")}


# -- looking things up -------------------------------------------------------------------------


def _other_open_role(facts: Facts, person: Person, opportunity: Opportunity | None) -> str:
    """The role of another process at the same company still open, with this person on one
    of its panels: a rejection reply to them then looks forward to that process, not to
    "future roles" (the earliest such role when there are several; "" when none)."""
    if opportunity is None:
        return ""
    roles = []
    for interview in facts.interviews.values():
        if interview.opportunity_id == opportunity.id or \
                all(p.person_id != person.id for p in interview.participants):
            continue
        other = facts.opportunities.get(interview.opportunity_id)
        if other is not None and other.company_id == opportunity.company_id and not other.status.is_closed \
                and other.role:
            roles.append((other.id or 0, other.role))
    return min(roles)[1] if roles else ""


def _person(facts: Facts, person_id: int) -> Person:
    person = facts.people.get(person_id)
    if person is None:
        raise NotFound(f"no person with id {person_id}")
    if not person.name.strip():
        raise InvalidInput(f"person {person_id} has no name: add one before drafting")
    return person


def _interview(facts: Facts, request: DraftRequest, person: Person) -> Interview | None:
    if request.interview_id is not None:
        interview = facts.interviews.get(request.interview_id)
        if interview is None:
            raise NotFound(f"no interview with id {request.interview_id}")
        return interview
    if request.opportunity_id is None:
        return None
    mine = [
        i for i in facts.interviews.values()
        if i.opportunity_id == request.opportunity_id and not i.cancelled
    ]
    with_person = [i for i in mine if any(p.person_id == person.id for p in i.participants)]
    pool = with_person or mine
    return max(pool, key=lambda i: i.start) if pool else None


def _opportunity(facts: Facts, request: DraftRequest, interview: Interview | None) -> Opportunity | None:
    oid = request.opportunity_id if request.opportunity_id is not None else (
        interview.opportunity_id if interview else None)
    if oid is None:
        return None
    opportunity = facts.opportunities.get(oid)
    if opportunity is None:
        raise NotFound(f"no opportunity with id {oid}")
    return opportunity


def _debrief_after_nobody(facts: Facts, round_: Interview, talk: Interview | None, person: Person,
                          opportunity: Opportunity | None) -> Debrief | None:
    """This person's debrief for a note about a round with nobody on it (a take-home, see
    `rounds_spoken_of`): what they discussed, from the interview the note names (`talk`; else
    their latest of the process before the round), and what the employer said of the timing (next
    steps, the decision date) from the round's own debrief only: a date stated at an earlier
    interview was about that round, and the follow-ups go by the round's (None and "" when it
    has none), as the planner's do."""
    mine = [d for d in facts.debriefs if d.person_id == person.id]
    own = next((d for d in reversed(mine) if d.interview_id == round_.id), None)
    loop = {i.id: i for i in facts.interviews.values() if opportunity is not None
            and i.opportunity_id == opportunity.id and i.id != round_.id}
    before = [d for d in mine if d.interview_id in loop]
    exact = [d for d in before if talk is not None and d.interview_id == talk.id]
    base = exact[-1] if exact else max(before, key=lambda d: round_order(loop[d.interview_id]), default=None)
    if base is None:
        return own
    return dataclasses.replace(base, next_steps=own.next_steps if own else "",
                               decision_date=own.decision_date if own else None)


def _debrief(facts, interview, person, opportunity) -> Debrief | None:
    """This person's debrief for the interview; else their latest one in the opportunity.

    A note about one interview (a thank-you, a card, a status check the planner ties to the
    last interview) is built on it alone; one about the whole opportunity takes the topics
    of every round too (see `_every_round`).
    """
    mine = [d for d in facts.debriefs if d.person_id == person.id]
    if interview is not None:
        exact = [d for d in mine if d.interview_id == interview.id]
        if exact:
            return exact[-1]
    if opportunity is None:
        return None
    same = [
        d for d in mine
        if d.interview_id in facts.interviews
        and facts.interviews[d.interview_id].opportunity_id == opportunity.id
    ]
    return max(same, key=lambda d: facts.interviews[d.interview_id].start) if same else None


def _every_round(facts: Facts, debrief: Debrief | None, person: Person,
                 opportunity: Opportunity | None) -> Debrief | None:
    """For a note about the whole opportunity (no interview named: a keep-in-touch note, a
    share-news note, a rejection reply): `debrief` (their latest) with the topics this person
    discussed in every round of the opportunity, the latest round's first, each once (the same
    topic typed again with other capitals or a final full stop is the same topic). Everything
    else (the decision date, the next steps) stays the latest round's.

    The reviewer's no-specific rule reads the same debriefs for such a note ("this person's
    debrief": every one of theirs in the opportunity), so a topic from round one that a note
    leaves out is one the note could have used: a hiring manager who only coordinated the
    second round is still written to about what they discussed in the first.
    """
    if opportunity is None:
        return debrief
    loop = {i.id: i for i in facts.interviews.values() if i.opportunity_id == opportunity.id}
    rounds = sorted((d for d in facts.debriefs if d.person_id == person.id and d.interview_id in loop),
                    key=lambda d: (loop[d.interview_id].start, d.id or 0), reverse=True)
    if debrief is None and not rounds:
        return None
    topics, seen = [], set()
    for one in ([debrief] if debrief is not None else []) + rounds:
        for topic in one.topics:
            key = clean(topic).casefold()
            if key and key not in seen:
                seen.add(key)
                topics.append(topic)
    return dataclasses.replace(debrief if debrief is not None else rounds[0], topics=topics)


def interviewers(interview: Interview) -> list[int]:
    """The panel of an interview: people who interviewed (not the recruiter), by id."""
    ids = [
        p.person_id for p in interview.participants
        if p.role in (Role.INTERVIEWER, Role.HIRING_MANAGER)
    ]
    return sorted(set(ids))


# One step from an interview's wordings to the next interview's: a multiple of every length a
# list of wordings is likely to have (1, 2, 3, 4, 6, 7, 12), so that moving a whole panel by
# steps keeps the notes of one panel as different from each other as they were (see
# templates._nth).
ROUND_STEP = 84
_SLOTS = range(10)  # the slots the built-in templates use
# How many wordings each of the built-in thank-you's slots has: the members of a panel up to
# this size share no sentence (each takes another wording at every place), and this many
# shifts give every combination from round to round.
_WORDINGS = 7


def loop_variant(facts: Facts, opportunity: Opportunity, person: Person, touch: int = 1) -> int:
    """The wording of a note about a whole opportunity (a keep-in-touch or share-news note, no
    interview named): this person's position among everyone the process brought you to meet
    (every participant of its interviews, by id), so that the notes of one round to several of
    them differ; moved on by one for each later keep-in-touch `touch`, so that the notes to one
    person differ from touch to touch."""
    people = sorted({p.person_id for i in facts.interviews.values()
                     if i.opportunity_id == opportunity.id and not i.cancelled for p in i.participants})
    base = people.index(person.id) if person.id in people else len(people)
    return base + max(0, touch - 1)


def variant(facts: Facts, interview: Interview | None, person: Person) -> int:
    """The wording of this person's note: their position in the panel, moved on for a later round.

    Every member of an interview's panel is moved by the same number of `ROUND_STEP`s, so the
    panel's notes keep differing from each other; the number is chosen, interview after
    interview of the opportunity (in order of time), so that each panel member's note differs
    most from the notes they had in earlier rounds (0 for the first interview). Deterministic:
    it depends only on the recorded interviews and their panels.
    """
    if interview is None:
        return person.id or 0
    shift = _round_shifts(facts, interview).get(interview.id, 0)
    panel = interviewers(interview)
    # the recruiters and coordinators come after the interviewers, each in a place of its own,
    # so that no two people of one interview get the same wording (a card, a LinkedIn note);
    # their thank-you counts its places from the first of them (`variant - met|length`)
    others = sorted({p.person_id for p in interview.participants} - set(panel))
    if person.id in panel:
        base = panel.index(person.id)
    else:
        base = len(panel) + others.index(person.id) if person.id in others else (person.id or 0)
    return base + ROUND_STEP * shift


def _round_shifts(facts: Facts, target: Interview) -> dict:
    """For each interview of the target's opportunity up to it, how many steps its panel moves."""
    loop = sorted(
        (i for i in facts.interviews.values()
         if i.opportunity_id == target.opportunity_id and (not i.cancelled or i.id == target.id)),
        key=lambda i: (i.start, i.id or 0),
    )
    shifts: dict = {}
    earlier: dict[int, list[int]] = {}  # person id -> the variants of their earlier notes
    for index, interview in enumerate(loop):
        panel = interviewers(interview)
        def overlap(shift: int) -> int:
            return sum(_same_wordings(position + ROUND_STEP * shift, before)
                       for position, pid in enumerate(panel) for before in earlier.get(pid, ()))
        shift = min(range(_WORDINGS), key=lambda s: (overlap(s), s)) if index else 0
        shifts[interview.id] = shift
        if interview.id == target.id:
            break
        for position, pid in enumerate(panel):
            earlier.setdefault(pid, []).append(position + ROUND_STEP * shift)
    return shifts


def _same_wordings(one: int, other: int) -> int:
    """How many of a note's choices (the opening counts three times) two variants share."""
    from afterview.composer.templates import _nth

    options = range(_WORDINGS)
    return sum((3 if slot == 0 else 1) for slot in _SLOTS
               if _nth(options, one, slot) == _nth(options, other, slot))


def _conducted(interview: Interview | None, person: Person, panel: list[int]) -> bool:
    """Whether this recruiter held the interview themselves (a phone screen with no panel).

    A recruiter on an interview with interviewers set it up, as a coordinator does: their
    thank-you is for arranging it. One with no one else on the panel was the interviewer:
    their thank-you is for the conversation.
    """
    return _role_in(interview, person) is Role.RECRUITER and not [p for p in panel if p != person.id]


def decides(facts: Facts, interview: Interview | None, person: Person, opportunity: Opportunity | None) -> bool:
    """Whether the person written to makes the hiring decision, so that a note may speak of
    "your decision": the hiring manager of the interview, or, someone not there as a recruiter
    or coordinator, of any round of the opportunity. An interviewer, a recruiter (who passes
    the decision on), a coordinator and anyone whose part was not recorded get wording that
    fits anyone ("hearing from the team", "the decision")."""
    role = _role_in(interview, person)
    if role is Role.HIRING_MANAGER:
        return True
    if role in (Role.RECRUITER, Role.COORDINATOR) or opportunity is None:
        return False
    return any(p.person_id == person.id and p.role is Role.HIRING_MANAGER
               for i in facts.interviews.values() if i.opportunity_id == opportunity.id and not i.cancelled
               for p in i.participants)


def stated_decision(facts: Facts, round_: Interview | None) -> tuple[date | None, list[int]]:
    """The decision date a note about `round_` cites, and who gave it (person ids, as recorded).

    The date is the one the status follow-ups go by: the latest of the round's stated dates, read
    by the planner's rule (`domain.model.decision_date`, as `Planner.decision_date` takes it), not the
    recipient's own debrief: Priya said 7 December, Tom's reply 18 December, and the follow-up
    planned after 18 December cites 18 December. Those who gave it: whoever's debrief of the
    round holds that date by the same rule (a date told with a reply is kept in the debrief of
    the person who replied)."""
    if round_ is None:
        return None, []
    theirs = [d for d in facts.debriefs if d.interview_id == round_.id]
    day = decision_date(round_, theirs)
    if day is None:
        return None, []
    return day, list(dict.fromkeys(d.person_id for d in theirs if stated_decision_dates(round_, [d]) == [day]))


def _date_given(facts: Facts, person: Person, givers: list[int], tone: str, companies: list[str]) -> dict:
    """Who gave the decision date, as a note to `person` says it: `gave_date` when they did
    themselves ("You mentioned December 18"); else `date_from`, the one other person who did,
    by the name a note calls them ("Tom mentioned December 18"; the whole name when formal);
    "" when several did or the name is none to write (the note then says it impersonally:
    "I understand a decision was expected around December 18")."""
    if person.id in givers:
        return {"gave_date": True, "date_from": ""}
    others = [facts.people[g] for g in givers if g in facts.people]
    if len(others) != 1 or len(givers) != 1:
        return {"gave_date": False, "date_from": ""}
    other = others[0]
    called = other.greeting_name(companies)
    if not called or (unsure_name(other.name, other.emails) and not other.greet_as.strip()):
        return {"gave_date": False, "date_from": ""}
    if tone == "formal" and not other.greet_as.strip():
        called = " ".join(other.name.split())
    return {"gave_date": False, "date_from": called}


def _role_in(interview: Interview | None, person: Person) -> Role | None:
    if interview is None:
        return None
    for participant in interview.participants:
        if participant.person_id == person.id:
            return participant.role
    return None


def clean(text: str) -> str:
    """A recorded phrase ready to sit inside a sentence: one line, no list marker before it
    ("- ", "• ", "1. "), no final punctuation."""
    return _MARKER.sub("", " ".join(str(text).split())).rstrip(".;, ")


# A list marker typed before an item ("- data labeling pipeline", "• vendor QA", "* hiring",
# "1. onboarding"): how the list was written, never a word of the item.
_MARKER = re.compile(r"^(?:[-*+\u2022\u00b7\u2023\u2043\u25aa\u25e6\u2013\u2014]|\d{1,2}[.)])\s+")
# What an item with list markup starts with (or holds: a new line). Most items have none, and
# their debriefs stay as they are, unread by a regular expression (as_listed runs on every draft).
_MARKED = frozenset("-*+\u2022\u00b7\u2023\u2043\u25aa\u25e6\u2013\u2014" "0123456789 \t")


def _marked(debrief: Debrief) -> bool:
    """Whether an item of the debrief may hold list markup (plain loops: this runs on every debrief)."""
    for items in (debrief.topics, debrief.rapport, debrief.concerns, debrief.promises):
        for item in items:
            if item[:1] in _MARKED or "\n" in item:
                return True
    return False


def list_items(items, split: bool = True) -> list[str]:
    """A debrief's list as items, each as typed but for the list markup around it: one item per
    line, without a list marker before it ("- data labeling pipeline" is "data labeling
    pipeline"); with `split`, an item that opens with a marker and holds the same marker again
    further on is a list written on one line ("- data labeling pipeline - vendor QA", or "• a
    • b": two items). Concerns are not split (`split=False`): an answer may hold a dash."""
    found: list[str] = []
    for item in items:
        for line in str(item).splitlines():
            line = line.strip()
            mark = _MARKER.match(line)
            parts = [line]
            if mark and split:
                sign = mark.group(0).strip()
                again = r"\d{1,2}[.)]" if sign[0].isdigit() else re.escape(sign)
                parts = re.split(rf"\s+{again}\s+", line[mark.end():])
            elif mark:
                parts = [line[mark.end():]]
            found.extend(part.strip() for part in parts if part.strip())
    return found


_DEBRIEF_LISTS = ("topics", "rapport", "concerns", "promises")


def as_listed(facts: Facts) -> Facts:
    """`facts` with each debrief's lists as items (`list_items`): what was recorded with list
    markup ("- data labeling pipeline; - vendor QA", "• a\n• b") reads as the items it holds.
    The same `facts` when no item holds any."""
    debriefs, changed = list(facts.debriefs), False
    for at, debrief in enumerate(debriefs):
        if not _marked(debrief):
            continue
        listed = {name: list_items(getattr(debrief, name), split=name != "concerns") for name in _DEBRIEF_LISTS}
        if any(listed[name] != getattr(debrief, name) for name in _DEBRIEF_LISTS):
            debriefs[at], changed = dataclasses.replace(debrief, **listed), True
    return dataclasses.replace(facts, debriefs=debriefs) if changed else facts


_LEADING = frozenset({"The", "A", "An", "Our", "Your", "Their", "My", "His", "Her", "Its", "This", "That"})


def as_phrase(text: str) -> str:
    """A topic as it sits inside a sentence ("talking with you about the Kubernetes upgrade"):
    a leading article or possessive typed with a capital ("The Kubernetes upgrade strategy") in
    lower case; the rest as typed (names keep their capitals)."""
    first, space, rest = text.partition(" ")
    if space and first in _LEADING and rest:
        return f"{first.lower()} {rest}"
    return text


# What a debrief note may open with that only says it was discussed: "re: data contracts",
# "talked about the migration", "we discussed hiring". A note already says it was discussed
# ("our conversation about ..."), so the prefix is left out; nothing else is rewritten.
_SAID = re.compile(
    r"^(?:(?:we|i)\s+)?(?:(?:talked|spoke|chatted)\s+(?:about|regarding|re:?)(?=\s)|discussed(?=\s)"
    r"|regarding(?=\s)|re(?::|(?=\s)))\s*", re.IGNORECASE)


def drop_said(text: str) -> str:
    """A topic without a leading "re:", "talked about", "discussed" ... (`_SAID`): "talked re
    k8s migr." is "k8s migr."; as typed when nothing would be left."""
    found = _SAID.match(text)
    rest = text[found.end():].strip() if found else ""
    return rest if rest else text


def topic_phrase(text: str) -> str:
    """A recorded topic as a note uses it inside a sentence: one line, no final full stop
    (`clean`), no leading "re:"/"talked about"/"discussed" (`drop_said`), no text speak
    (`speakless`), a leading article or possessive typed with a capital in lower case
    (`as_phrase`), and fitted to the middle of a sentence (`within_sentence`); "" when no word
    is left ("-")."""
    return places_capitalised(within_sentence(as_phrase(clean(drop_said(clean(speakless(text))))), text))


# An abbreviation whose stop belongs to it: "feature stores etc." keeps its stop inside a sentence
_ABBREVIATION = re.compile(r"(?:^|[\s,(])(etc|e\.g|i\.e|approx|incl|esp|cf|viz|vs|al)\.?$", re.IGNORECASE)
# The first words of a question typed as a topic ("Why we should use Rust?")
_QUESTION_WORDS = frozenset("""
    why what how when where who whom whose which whether should shall can could would will do does did is
    are was were has have""".split())
# Names of technologies that are also English words: a capital that opens a topic stays on them
_NAMED_WORDS = frozenset("""
    rust go python java ruby swift spark kafka flink beam storm hive pig presto airflow snowflake docker
    jenkins ansible chef puppet redis elastic oracle excel word teams slack jira confluence notion figma react
    angular vue node rails django flask spring scala julia dart perl elixir crystal mercury android windows
    azure pulsar looker tableau stripe apple amazon google meta amber delta iceberg hudi arrow polars pandas
    ray dagster prefect luigi superset metabase grafana prometheus loki envoy istio consul vault nomad packer
    helm argo flux tekton gradle maven ant bazel make git mercurial subversion linux unix mac office outlook
    sharepoint dynamics power fabric synapse lambda glue athena redshift kinesis aurora cloud bigquery spanner
    dataflow dataproc vertex sage sagemaker keras torch lightning jax bert llama claude gemini copilot
    cursor tensor sun solaris phoenix falcon sentry bugsnag heroku netlify vercel render railway fly
    """.split())


def within_sentence(phrase: str, typed: str = "") -> str:
    """A topic fitted to the middle of a sentence ("Our discussion of ... stayed with me"):
    without a final "?", "!" or full stop, but for an abbreviation's ("feature stores etc."); a
    question as what it asks ("Why we should use Rust?" is "why we should use Rust"); the capital
    of an ordinary word that opens it lowered ("Data contracts (and why they matter)" is "data
    contracts (and why they matter)"; "Kafka", "AWS", "Rust migration" keep theirs); "" when it
    holds no word ("-", "?")."""
    typed = " ".join(str(typed or phrase).split()).rstrip(" ;,")
    question = typed.rstrip(" !.\u2026").endswith("?")
    phrase = re.sub(r"[\s?!.\u2026]+$", "", phrase).rstrip(" ,;:")
    if not re.search(r"\w", phrase):
        return ""
    stop = _ABBREVIATION.search(typed.rstrip(" ?!"))
    if stop and phrase.casefold().endswith(stop.group(1).casefold()):
        phrase += "."
    first, space, rest = phrase.partition(" ")
    if not space or not re.fullmatch(r"[A-Z][a-z]+", first):
        return phrase
    if question and first.casefold() in _QUESTION_WORDS:
        return first.lower() + space + rest
    if rest[:1].isupper() or first.casefold() in _NAMED_WORDS:
        return phrase  # "Data Mesh Summit", "Rust migration": a name, or likely one
    from afterview.reviewer.rules.spelling import is_word

    return first.lower() + space + rest if is_word(first.casefold()) else phrase


@lru_cache(maxsize=8192)
def places_capitalised(text: str) -> str:
    """A phrase from your notes with each place's name typed in lower case given its capitals
    ("we are both from ohio" is "we are both from Ohio", "the london office" "the London
    office"): the review's list of place names (`reviewer.places`), which leaves out ordinary
    words that are also places ("reading", "nice", "orange")."""
    if not text or not any(c.islower() for c in text):
        return text
    from afterview.reviewer.places import with_capitals

    return with_capitals(text)


# After "both", words that make it the subject already ("both of us", "both our teams").
_BOTH_THEN = frozenset("of our us your my the a an their these those".split())


def rapport_phrase(text: str) -> str:
    """Rapport as it follows "common ground:" inside a sentence: a line that starts with "both"
    gets its subject, "we" before a verb ("both learned SQL from the same MOOC" reads "we both
    learned SQL ...") and "we are" before anything else ("both into climbing" reads "we are both
    into climbing", "both Detroit natives" "we are both Detroit natives"; "both born in Lagos"
    "we were both born in Lagos"), while "both of us ran ..." stays; a leading "We" or "Both"
    typed with a capital is lowered, as a leading article or possessive is (`as_phrase`).
    Nothing else changes."""
    first, space, rest = as_phrase(text).partition(" ")
    if first in ("We", "Both"):
        first = first.lower()
    if first == "both" and rest and rest.split()[0].lower() not in _BOTH_THEN:
        after = rest.split()[0].casefold().strip(",;:")
        if after in _BORN:
            return f"we were both {rest}"
        return f"we both {rest}" if _is_verb(after) else f"we are both {rest}"
    return f"{first}{space}{rest}"


# Past participles that say what was done to you ("both born in Lagos"): "we were both ..."
_BORN = frozenset("born raised bred brought adopted".split())
# Words in -ed that are no verb after "both": how you are ("both interested in ...", "both based in ...")
_STATE_ED = frozenset("""
    interested excited obsessed hooked based married engaged retired tired bored named qualified
    certified involved addicted fascinated
""".split())
# Verbs a rapport note says you both did or do, besides `_THEIR_VERBS` and their "you" forms
_SHARED_VERBS = frozenset("""
    are were did do can could will would got get had know knew use used prefer hate came come
    took take read ride rode drink drank brew brewed live grew run ran swim swam ski skied went go
    spend spent love like enjoy play watch support follow own speak sing dance bake cook climb hike
    cycle sail surf paint write build fix collect travel teach coach volunteer visit keep kept study
    started start worked work moved attended graduated learned learnt trained began
""".split())


def _is_verb(word: str) -> bool:
    """Whether the word after "both" in a rapport note is its verb ("learned", "love", "grew"),
    not how you are ("into", "from", "huge", "Detroit", "interested")."""
    if word in _STATE_ED:
        return False
    return (word in _SHARED_VERBS or word in _THEIR_VERBS or word in {you_form(v) for v in _THEIR_VERBS}
            or (word.endswith("ed") and len(word) > 4 and word.isalpha()))


# -- rapport: what the note can say of it ------------------------------------------------------
#
# A rapport note is the user's shorthand for what connected them ("both grew up in Detroit",
# "loves sailing", "sailing", "ex-Google"). A note never claims more than it says: not a shared
# interest (only "we both ..." says one is shared). Four readings (`rapport_kind`):
#   shared  a line with its own subject: "we both grew up in Detroit", "our kids are the same age"
#           ("I also enjoyed finding common ground: ...");
#   theirs  a line that opens with a verb, about them: "loves sailing" reads "you love sailing"
#           ("I also enjoyed finding out that ...");
#   topic   a thing talked about: "sailing", "the Detroit Tigers", "marathon training" ("I also
#           enjoyed our chat about ...");
#   ""      what no sentence can carry as typed: a fact about them ("ex-Google", "former
#           Googler"), a line about someone else ("she's ex-Google"), shorthand: left out, and
#           the user is told (a hint, as for a topic).

RAPPORT_SHARED, RAPPORT_THEIRS, RAPPORT_TOPIC = "shared", "theirs", "topic"
_WITH_SUBJECT = frozenset("we we're we've we'd you you're you've i i'm i've both our my your us".split())
# verbs a rapport note about them opens with; the -s forms read with "you" without it
_THEIR_VERBS = frozenset("""
    loves love likes like enjoys enjoy plays play has have is was does goes runs sails climbs cycles
    skis swims hikes reads cooks bakes collects supports follows coaches teaches volunteers lives
    lived grew studied went worked played ran used spent moved visited speaks spoke knows knew
    watches owns brews travels travelled traveled surfs paints writes builds fixes also recently
    came comes started starts keeps kept studies studied dances sings
""".split())
_YOU_FORM = {"has": "have", "is": "are", "was": "were", "does": "do", "goes": "go"}
# a fact about them, not something talked about: "ex-Google", "former Googler", "from Kyiv"
_FACT = re.compile(r"^(?:ex-|former(?:ly)?\b|previously\b|formerly\b|originally\b|from\b|based\b|native\b)",
                   re.IGNORECASE)
# ... or a word for what they are: "Tigers fan", "Google alum", "Detroit native"
_WHAT_THEY_ARE = frozenset("""
    fan fans native natives alum alumna alumnus alumni grad graduate veteran nerd geek enthusiast buff
    lover dad mom mum father mother parent expat
""".split())
_SHARED_ADJ = frozenset("shared common mutual".split())
# what a clipped line opens with, as typed in a hurry: "same dog breed" (the same what, of whom?),
# "so funny", "very cool": no topic, and no line of yours either
_CLIPPED = frozenset("same so very really super too such".split())


def you_form(verb: str) -> str:
    """A verb after "you": "loves" is "love", "has" "have", "watches" "watch", "studies"
    "study"; a past tense ("grew") as it is."""
    low = verb.lower()
    if low in _YOU_FORM:
        return _YOU_FORM[low]
    if low.endswith("ies") and len(low) > 4:
        return verb[:-3] + "y"
    if low.endswith(("ches", "shes", "sses", "xes", "zes", "oes")):
        return verb[:-2]
    if low.endswith("s") and not low.endswith(("ss", "us", "is")):
        return verb[:-1]
    return verb


def rapport_reading(text: str) -> tuple[str, str]:
    """A rapport note as (the words a note uses, how it reads: `rapport_kind`); ("", "") when
    no sentence can carry it as typed (a fact about them, someone else, shorthand)."""
    phrase = places_capitalised(rapport_phrase(clean(text)))
    words = phrase.split()
    if not words:
        return "", ""
    first = words[0].casefold().replace("\u2019", "'")
    if first in _WITH_SUBJECT:
        return phrase, RAPPORT_SHARED
    if _FACT.search(phrase) or _third_person(words) or _shorthand(text) or \
            _bare_word(words[-1]).casefold() in _WHAT_THEY_ARE or _bare_word(first) in _CLIPPED:
        return "", ""
    if first in _SHARED_ADJ:  # "shared love of jazz": a shared interest, said as recorded
        return (phrase if len(words) > 1 and words[1].casefold() in ("a", "an", "the") else "a " + phrase,
                RAPPORT_SHARED)
    if first in _THEIR_VERBS and len(words) > 1 and words[0] == words[0].lower():
        if first in ("also", "recently"):  # "also loves sailing": the verb is the next word
            if words[1].casefold() not in _THEIR_VERBS:
                return "", ""
            return " ".join(["you", words[0], you_form(words[1]), *words[2:]]), RAPPORT_THEIRS
        return " ".join(["you", you_form(words[0]), *words[1:]]), RAPPORT_THEIRS
    return phrase, RAPPORT_TOPIC


# -- a concern: naming their question ----------------------------------------------------------
#
# A concern note is the user's shorthand for a doubt ("Kafka only in a side project", "no on-call
# lead exp"), never quoted as their question. When it names the subject of the question as a
# phrase ("leading on-call", "my Kafka experience", "whether I have led a team"), the note names
# it ("On your question about leading on-call, ..."); otherwise the answer follows a lead-in
# that names no question, and the user is told how to have it named.

# words that make a note a judgement rather than the subject of a question
_JUDGING = frozenset("""
    no not only never lack lacking lacks lacked limited little few weak missing without too less
    insufficient worried concern concerns concerned doubt doubts unsure gap gaps short none nothing
    cannot can't isn't wasn't hasn't haven't doesn't didn't don't won't
""".split())


def question_subject(note: str) -> str:
    """The subject of their question as a note can name it ("On your question about ..."): the
    concern note as a phrase when it reads as one (no judgement words, no shorthand, no one
    else's words, not about pay, ten words at most, no question mark); else ""."""
    phrase = topic_phrase(note)
    words = phrase.split()
    if not words or len(words) > 10 or "?" in note or about_pay(phrase):
        return ""
    folded = [w.strip(",;:()\"'").casefold().replace("\u2019", "'") for w in words]
    if any(w in _JUDGING or w.endswith("n't") for w in folded) or folded[0] in ("i", "i'm", "i've", "we"):
        return ""
    if topic_advice(phrase, note):
        return ""
    return phrase


def _first(items: list[str]) -> str:
    return next((clean(i) for i in items if clean(i)), "")


def format_day(day: date, us: bool = False) -> str:
    """A day in a sentence: "13 January", or for a recipient in the United States (`us`, see
    `month_first`) "January 13"."""
    return f"{day:%B} {day.day}" if us else f"{day.day} {day:%B}"


# Where a day is written month first ("January 13") and a formal letter does not close with the
# British "Yours sincerely": the United States and its territories.


def recipient_zone(facts: Facts, person: Person, playbook=None) -> str:
    """The recipient's time zone (an IANA name): theirs, else the planner's fallback
    (`[calendar]` timezone, else yours: `fallback_place`); "" when none is recorded. A note
    names the interview's day in it, as the plan does ("the recruiter screen of Fri 27 Feb")."""
    if person.timezone.strip():
        return person.timezone.strip()
    from afterview.planner.playbook import DEFAULT_PLAYBOOK, fallback_place

    return fallback_place(playbook if playbook is not None else DEFAULT_PLAYBOOK, facts.profile)[0]


def their_day(interview: Interview, their_zone: str):
    """When the interview started, on the recipient's clock (`recipient_zone`): the day a note
    names is the one they lived (an afternoon in Berlin is the next morning in Sydney). With no
    zone known for them (or one that no longer parses), the interview's own, else UTC: the
    planner's `safe_zone` order."""
    from afterview.planner.facts import safe_zone

    return interview.start.astimezone(safe_zone(their_zone, interview.timezone))


def call_name(person: Person, companies: list[str]) -> str:
    """How a question or a gap refers to the recipient: the name a note greets them by
    (`Person.greeting_name`), else the whole name as recorded ("Fenwick & Hale Talent")."""
    return person.greeting_name(companies) or " ".join(person.name.split())


def recipient_country(facts: Facts, person: Person, playbook=None) -> str:
    """The recipient's country as an ISO code without its region ("US" for "US-NY"): theirs,
    else the planner's fallback (`[calendar]` country, else yours: `fallback_place`, as the
    review reads it too); "" when none is recorded."""
    code = (person.country or "").strip()
    if not code:
        from afterview.planner.playbook import DEFAULT_PLAYBOOK, fallback_place

        code = fallback_place(playbook if playbook is not None else DEFAULT_PLAYBOOK, facts.profile)[1]
    return code.upper().partition("-")[0]


def linkedin_limit(facts: Facts, playbook=None) -> int:
    """The longest LinkedIn note on the user's account: the playbook's `[linkedin_limits]` (the
    default playbook's when none is given), as the planner notes it and the review checks it."""
    from afterview.reviewer.context import linkedin_limit as limit

    return limit(facts.profile.linkedin_account, playbook)


# -- the pieces --------------------------------------------------------------------------------


def _me(facts: Facts, request: DraftRequest, gaps: _Gaps) -> dict:
    profile = facts.profile
    name = profile.name.strip() or gaps.add("[your name]", "Your name, as you sign:", "profile.name")
    phone = profile.phone.strip()
    # a thank-you's signature carries a phone number, unless you wrote your own signature
    # without one (not everyone wants to give it): then it is yours as written
    needs_phone = (request.channel is Channel.EMAIL and request.kind is MessageKind.THANK_YOU
                   and not profile.signature.strip())
    if not phone and needs_phone:
        phone = gaps.add("[your phone number]", "Your phone number, for the signature:", "profile.phone")
    signature = profile.signature.strip()
    if not signature:
        signature = "\n".join(line for line in (name, phone) if line)
    elif phone and _digits(phone) not in _digits(signature):
        signature = signature + "\n" + phone
    return {
        "name": name,
        "first_name": first_name(name),
        "phone": phone,
        "email": profile.email,
        "linkedin_url": profile.linkedin_url,
        "signature": signature,
    }


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _interview_vars(interview: Interview | None, gaps: _Gaps, kind: MessageKind, us: bool = False,
                    their_zone: str = "") -> dict:
    """The interview as a note names it: its day and weekday on the recipient's clock
    (`their_day`), its stage, format and what to call it."""
    if interview is None:
        needs = kind in (MessageKind.STATUS_CHECK, MessageKind.CLOSING_THE_LOOP)
        day = gaps.add("[date of your interview]", "When was your interview?", "interview") if needs else ""
        return {"day": day, "weekday": "", "stage": "", "format": "", "name": "interview"}
    local = their_day(interview, their_zone)
    return {
        "day": format_day(local.date(), us),
        "weekday": f"{local:%A}",
        "stage": interview.stage,
        "format": interview.format.value,
        "name": interview_name(interview.stage),
    }


# A round with nobody on it that is work you did, not a conversation: a take-home ("take-home
# assignment", "coding challenge", "case study", "technical test") ...
_WORK_WORDS = (r"take[- ]?homes?|home ?work|assignments?|exercises?|challenges?|case stud(?:y|ies)|tests?|tasks?|"
               r"assessments?|quiz(?:zes)?|projects?|work samples?")
_WORK = re.compile(rf"\b(?:{_WORK_WORDS})\b", re.I)
# ... and one that was a conversation all the same, whoever was on it not recorded
_CONVERSATION = re.compile(r"\b(?:interview|call|screen|screening|chat|conversation|meeting|presentation|"
                           r"on-?site)s?\b", re.I)
# The first word of a stage, when it is only typed with a capital ("Take-home assignment"):
# lowered inside a sentence ("the take-home assignment I completed"); a name is kept as typed
_PLAIN_FIRST = re.compile(rf"(?:take-?home|home|case|coding|technical|written|online|practical|programming|data|"
                          rf"design|system|short|final|skills?|{_WORK_WORDS})$", re.I)


def rounds_spoken_of(facts: Facts, interview: Interview | None) -> tuple[Interview | None, Interview | None]:
    """How a note speaks of the round it is about: (the interview it names as yours, the work
    it names besides). A round with nobody on it (a take-home: the planner's follow-ups are about
    it) was no conversation with anyone: the note names the latest interview of the process
    before it with someone on its panel, the last time you spoke with people, and, when its stage
    says it is work you did ("take-home assignment", "coding challenge": `_WORK`), that work as
    what it is (the work alone when no interview came before it: then both are the round). A
    round with nobody recorded on it whose stage says it was a conversation ("phone interview"),
    one with people on it, and a round with nothing before it and no work named, are named as
    they are: (interview, None)."""
    if interview is None or interview.participants or _CONVERSATION.search(interview.stage):
        return interview, None
    work = interview if _WORK.search(interview.stage) else None
    before = [i for i in facts.interviews.values()
              if i.opportunity_id == interview.opportunity_id and i.participants and not i.cancelled
              and round_order(i) < round_order(interview)]
    talk = max(before, key=round_order, default=None)
    if talk is None:
        return interview, work
    return talk, work


EXERCISE_FIELDS = ("name", "day", "alone")


def _exercise_vars(work: Interview | None, alone: bool, us: bool = False, their_zone: str = "") -> dict:
    """The work a note names after a round with nobody on it (`rounds_spoken_of`): what to call it
    ("take-home assignment"), the day it ended on the recipient's clock (the day you sent it; a
    deadline at midnight is the day before's), and whether no interview came before it (`alone`).
    False, with each of these empty, for any other note."""
    if work is None:
        return nothing(EXERCISE_FIELDS)
    from datetime import timedelta

    from afterview.planner.facts import safe_zone

    ends = work.end.astimezone(safe_zone(their_zone, work.timezone))
    day = ends.date()
    if (ends.hour, ends.minute, ends.second) == (0, 0, 0) and work.end > work.start:
        day -= timedelta(days=1)
    return {"name": work_name(work.stage), "day": format_day(day, us), "alone": alone}


def work_name(stage: str) -> str:
    """A take-home's stage as it sits after "the" in a sentence: "Take-home assignment" is
    "take-home assignment", "a coding challenge" "coding challenge"; a name keeps its capitals
    ("HackerRank test")."""
    words = clean(stage).split()
    if len(words) > 1 and words[0].casefold() in ("a", "an", "the", "my", "our", "your"):
        words = words[1:]
    if words and words[0][:1].isupper() and words[0][1:] == words[0][1:].lower() and _PLAIN_FIRST.match(words[0]):
        words[0] = words[0].lower()
    return " ".join(words)


def interview_name(stage: str) -> str:
    """What to call it in a sentence: "panel interview", "screening call", "round 2 interview";
    a stage that ends with "round" or says "interview" is not called an interview again
    ("technical round", "interview round 2")."""
    stage = clean(stage)
    if not stage:
        return "interview"
    # a stage that already says what it is ("technical round", "interview round 2"): as it is
    if re.search(r"\b(interview|call|screen|screening|chat|conversation|meeting|round)s?$", stage, re.I) or (
            re.search(r"\binterviews?\b", stage, re.I)):
        return stage
    return f"{stage} interview"


# -- what matters to a person: the planner's rule ------------------------------------------------
#
# A note cites a result or a news item only when it matters to the person by the rule the planner
# plans with and `afterview news show` reports (afterview.planner.facts): one of the item's tags
# matches their tags or a topic they discussed (as a phrase, or by all its words). An item's
# title and detail never count: a word they share with a topic ("building", "data") says nothing
# about what the person cares about. Two rules would let a note call a result "relevant to your
# priorities" that `news show` says matters to nobody.


def cares_about(facts: Facts, person: Person) -> frozenset[str]:
    """What a person cares about, as the planner reads it: their tags and every topic they
    discussed (`afterview.planner.facts.interests`)."""
    from afterview.planner.facts import interests

    topics = [topic for d in facts.debriefs if d.person_id == person.id for topic in d.topics]
    return interests((*person.tags, *topics))


def matched_tags(item: NewsItem, cared: frozenset[str]) -> list[str]:
    """The item's tags that match what a person cares about (`cares_about`): none means it does
    not matter to them (`afterview.planner.facts.matches`)."""
    from afterview.planner.facts import matches

    return matches(item.tags, cared)


def _strength(facts: Facts, person: Person, panel: list[int], us: bool = False) -> dict | None:
    """An achievement that matters to this interviewer (a tag that matches their tags or a topic
    they discussed: `matched_tags`), different for each panel member; the best matched first."""
    achievements = sorted(
        (n for n in facts.news if n.kind is NewsKind.ACHIEVEMENT), key=lambda n: (n.happened_on, n.title)
    )
    used: set[int] = set()
    order = panel if person.id in panel else [person.id]
    for pid in order:
        who = facts.people.get(pid)
        if who is None:
            continue
        cared = cares_about(facts, who)
        scored = [(len(matched_tags(a, cared)), i) for i, a in enumerate(achievements) if i not in used]
        scored = [s for s in scored if s[0] > 0]
        pick = max(scored)[1] if scored else None
        if pid == person.id:
            return _item(achievements[pick], us) if pick is not None else None
        if pick is not None:
            used.add(pick)
    return None


class Nothing(dict):
    """A `strength` or `news` when there is none: false, so that `{% if strength %}` leaves it out,
    and with each of its attributes empty, so that `{{ strength.title }}` is "" rather than an
    error (docs/templates.md: "empty when none does")."""

    __slots__ = ()

    def __bool__(self) -> bool:
        return False


STRENGTH_FIELDS = ("title", "detail", "link", "kind", "day", "earned")
NEWS_FIELDS = STRENGTH_FIELDS + ("happened_on", "match", "discussed", "theirs", "company", "names_company", "newer")


def nothing(fields: tuple[str, ...]) -> Nothing:
    return Nothing.fromkeys(fields, "")


# An exam or a certification passed is something new of yours, not "a result of my own work"
_EARNED = re.compile(r"\b(?:exams?|examination|certifi(?:ed|cates?|cations?)|accredit\w*)\b", re.I)


def _item(item: NewsItem, us: bool = False) -> dict:
    return {
        "title": item.title,
        "detail": item.detail,
        "link": item.link,
        "kind": item.kind.value,
        "day": format_day(item.happened_on, us),
        # its title names an exam or a certification: a thank-you says "something new" of it
        "earned": bool(_EARNED.search(item.title)),
    }


def _already_told(facts: Facts, person: Person, item: NewsItem) -> bool:
    return any(
        m.person_id == person.id and item.title.lower() in (m.body or "").lower()
        # sent, or marked done (sent from your own mail program); an open draft being
        # redrafted may keep its item
        and m.state in _GONE_OUT
        for m in facts.messages
    )


def _news_for(facts, request, person, opportunity, debrief, gaps: _Gaps, us: bool = False) -> dict:
    """The news or result a share-news, keep-warm or second status check is built on."""
    kind = request.kind
    wants = kind in (MessageKind.SHARE_NEWS, MessageKind.KEEP_WARM) or (
        kind is MessageKind.STATUS_CHECK and request.sequence >= 2
    )
    if not wants:
        return nothing(NEWS_FIELDS)
    chosen = next((n for n in facts.news if request.news_id is not None and n.id == request.news_id), None)
    # news about the recipient's own company is congratulated, not passed on as if new to them:
    # the company they are at now (someone who has moved on since the process is not
    # congratulated on their former employer's news), else the opportunity's
    theirs = {person.company_id} - {None} or {opportunity.company_id if opportunity else None} - {None}
    since = _last_note_day(facts, person, opportunity)
    if chosen is not None:
        return _news_item(facts, person, debrief, chosen, theirs, opportunity, us, since)
    cared = cares_about(facts, person)
    fresh = [n for n in facts.news if not _already_told(facts, person, n)]
    if kind is MessageKind.STATUS_CHECK:
        fresh = [n for n in fresh if since is None or n.happened_on >= since]
    # only news that matters to them (see "what matters to a person"), for a second follow-up
    # too: an item that matters to nobody it goes to leaves the gap that no news leaves
    company_id = opportunity.company_id if opportunity else person.company_id
    candidates = [
        (len(matched_tags(n, cared)) + (3 if company_id and n.company_id == company_id else 0),
         n.happened_on, n.title, n)
        for n in fresh
    ]
    candidates = [c for c in candidates if c[0] > 0]
    if candidates:
        chosen = max(candidates, key=lambda c: c[:3])[3]
        return _news_item(facts, person, debrief, chosen, theirs, opportunity, us, since)
    first = call_name(person, _company_names(facts))
    if kind is MessageKind.STATUS_CHECK:
        text = "[something new since your last note: a result, an article or a portfolio piece]"
    else:
        text = f"[news or a result of yours that {first} cares about]"
    gap = gaps.add(text, f"What news or result of yours would interest {person.name}?", "news", person.id)
    return {"title": gap, "detail": "", "link": "", "kind": "", "day": "", "match": "", "theirs": False,
            "discussed": False, "names_company": False, "company": "", "happened_on": None, "newer": True}


def _news_item(facts: Facts, person: Person, debrief, item: NewsItem, theirs: set, opportunity,
               us: bool = False, since: date | None = None) -> dict:
    """The chosen item, with what it relates to, whether it names the company it is about, and
    whether it happened after the day of the last note this person received (`since`): only then
    may a note call it new "since my last note"."""
    match = _match(facts, person, debrief, item)
    topics = [clean(t) for t in debrief.topics] if debrief else []
    # the match is a topic this person discussed (not one of their tags): "our conversation about"
    discussed = bool(match) and clean(match) in topics
    if match and not discussed:
        match = _tag_as_written(facts, item, match)
    companies = [facts.companies[c].name for c in (
        opportunity.company_id if opportunity else None, item.company_id) if c in facts.companies]
    return {
        **_item(item, us),
        "happened_on": item.happened_on,
        # the company the item is about, by name ("" for none): a congratulation names it
        "company": common_name(facts.companies[item.company_id].name) if item.company_id in facts.companies else "",
        "match": topic_phrase(match) if discussed else clean(match),
        "discussed": discussed,
        "theirs": item.company_id in theirs,
        "names_company": any(names_company(item.title, name) for name in companies),
        "newer": since is None or item.happened_on > since,
    }


def names_company(text: str, company: str) -> bool:
    """Whether a text names the company, its legal form aside ("Fenwick & Hale wins ..." names
    Fenwick & Hale, Inc.; "Globex opens ..." Globex Corporation): `domain.companies.names_company`."""
    return company.strip() != UNKNOWN_COMPANY and _names_company(company, text)


def _match(facts: Facts, person: Person, debrief, item: NewsItem) -> str:
    """The recorded interest of this person that the item relates to, as they said it: the
    first of their topics (the latest round's first), then of their tags, that one of the
    item's tags matches by the planner's rule (see `matched_tags`); "" when none does alone."""
    from afterview.planner.facts import interests

    texts = (list(debrief.topics) if debrief else []) + list(person.tags)
    for text in texts:
        if not about_pay(text) and matched_tags(item, interests((text,))):
            return text
    return ""


def _tag_as_written(facts: Facts, item: NewsItem, tag: str) -> str:
    """The interest a person's tag matched, as a note names it: the item's own tag that matched
    it (as the news has it), each word in lower case written as you wrote it elsewhere with a
    capital ("kubernetes" is "Kubernetes" when a title or a topic of yours says "Kubernetes")."""
    from afterview.planner.facts import interests

    said = next(iter(matched_tags(item, interests((tag,)))), tag)
    forms = _capitalised_forms([item.title, item.detail, *(t for d in facts.debriefs for t in d.topics),
                                *(n.title for n in facts.news), *(n.detail for n in facts.news)])
    return _WORDS.sub(lambda m: forms.get(m.group(0), m.group(0)) if m.group(0).islower() else m.group(0),
                      clean(said))


_WORDS = re.compile(r"[^\W_][\w+#-]*")
_SENTENCE_END = re.compile(r"[.!?:;]\s+")


def _capitalised_forms(texts) -> dict[str, str]:
    """Each word you wrote with a capital (a name: "Kubernetes", "PySpark", "CKA"), by its lower
    case, from texts of yours. The first word of a sentence says nothing (any word is capitalised
    there), nor does a text in title case or capitals (every word of four letters or more
    capitalised: "Kafka Summit Talk Accepted")."""
    forms: dict[str, str] = {}
    for text in texts:
        words = _WORDS.findall(text or "")
        if not any(w.islower() for w in words if len(w) >= 4):
            continue
        for sentence in _SENTENCE_END.split(text):
            for word in _WORDS.findall(sentence)[1:]:
                if (not word.islower() and not word.isupper()) or (1 < len(word) <= 5 and word.isupper()):
                    forms.setdefault(word.lower(), word)
    return forms


def _last_note_day(facts: Facts, person: Person, opportunity) -> date | None:
    """The day (on your clock) of the last note this person received about the opportunity
    (`_last_sent_at`); None when none did."""
    when = _last_sent_at(facts, person, opportunity)
    if when is None:
        return None
    from afterview.planner.facts import safe_zone

    return when.astimezone(safe_zone(facts.profile.timezone, "UTC")).date()


def _last_sent_at(facts: Facts, person: Person, opportunity):
    """When our last note to this person about the opportunity went out: its sending, or for
    one marked done (sent from your own mail program) the moment you marked it (`updated_at`),
    else when it was written; None when none did."""
    moments = [m.sent_at or (m.updated_at if m.state is MessageState.DONE_ELSEWHERE else None) or m.created_at
               for m in _sent_to(facts, person, opportunity)]
    moments = [when for when in moments if when is not None]
    return max(moments) if moments else None


def _sent_to(facts: Facts, person: Person, opportunity) -> list[Message]:
    """Our notes this person received about the opportunity: sent by Afterview, or by you from
    your own mail program and marked done (state done_elsewhere), as threading counts them."""
    return [
        m for m in facts.messages
        if m.person_id == person.id and m.state in _GONE_OUT
        and (opportunity is None or m.opportunity_id == opportunity.id)
    ]


# -- topics as typed: what to check ------------------------------------------------------------
#
# A note uses a recorded topic as typed (the user's words are never rewritten, but for a leading
# "re:", "talked about" or "discussed": `drop_said`), so a topic that reads badly inside a
# sentence is pointed out with the draft, as a concern the note leaves out is: an optional gap
# (told, never in the text), one line per topic naming what to change:
# shorthand ("re:", "w/", "+", "&", "etc.", a cut word such as "migr."), a leading verb ("asked
# about ..."), a word for someone else (he, she, they ... anywhere: "how they handle upgrades",
# in a note to them; not "they" after a plural noun it stands for, "data contracts and why they
# matter"; in a note to someone else quoting another person's topic, written about that person
# unless the sentence names them before it), "our", "we" or "us" (the interviewer's words: "our
# team's parental leave policy" is said to them "your team's ..."), capitals ("KAFKA CONSUMER LAG"), length (more than `LONG_TOPIC` words),
# and, when nothing else is wrong, a bare singular common noun ("relocation timeline": "what
# you said on relocation timeline"). Anything that reads fine bare is left alone: names and
# acronyms, plurals, mass nouns ("data pipelines", "hiring", "security"), and a phrase that
# opens with an article, a possessive, a quantifier, "how/what/why" or a gerund.

TOPIC_BARE = "add 'the' or rephrase"
TOPIC_CAPITALS = "written in capitals"
TOPIC_YOUR_SIDE = "written from your side"
TOPIC_THEIR_SIDE = "written from the interviewer's side"  # "our team's ...": in a note, the writer's team
TOPIC_ABOUT = "written about"  # another person's topic, in a note to someone else
TOPIC_SHORTHAND = "shorthand"
TOPIC_VERB = "opens with a verb"
TOPIC_LONG = "long"
TOPIC_WORDING = "debrief.topic_wording"  # the hint's `Gap.field`: nothing to answer, a wording to check
# A topic of more words than this is not pasted whole into a subject or a LinkedIn note.
LONG_TOPIC = 15

# verbs a debrief note opens with that say what happened, not what was discussed
_TOLD = frozenset("""
    talked discussed spoke chatted asked went mentioned explained described told said showed
    walked presented touched brainstormed debated whiteboarded grilled quizzed probed questioned dug
""".split())
# shorthand as a word of its own
_SHORT_WORDS = frozenset("re re: etc etc. e.g. e.g i.e. i.e eg. ie. esp. approx. incl. cf. viz.".split())
_SYMBOLS = frozenset("+ = ~ @ ->".split())
# abbreviations with a full stop that read fine in a sentence
_TITLES = frozenset("dr mr mrs ms prof st jr sr vs no mt ft".split())  # and the legal forms ("Pvt.", "Ltd.")


def _bare_word(word: str) -> str:
    return word.strip(",;:.!?()[]\"'\u201c\u201d\u2018").replace("\u2019", "'")


def _third_person(words: list[str]) -> str:
    """The first word for someone else ("she's", "they", "his"; not "they" after a plural noun
    it stands for: `private.someone_in`), as typed; "" when none."""
    return _bare_word(someone_in(" ".join(words)))


def _shorthand(typed: str) -> list[str]:
    """The shorthand in a note as typed: "re:", "w/", "b/c", "etc.", "+", "&" between words in
    lower case ("hiring & team structure"; not "Fenwick & Hale"), a word cut short with a
    full stop ("migr."; not "Inc.", "Dr." or "U.S.", and not a whole word ending a sentence),
    the review's shorthand of prose ("eng", "in H2", "by Q3": `reviewer.shorthand`), and a count
    standing for a noun after a comma ("team of 6, 2 in Poland")."""
    tokens = " ".join(str(typed).split()).split(" ")
    found = []
    for index, token in enumerate(tokens):
        word = token.rstrip(",;)")
        low = word.casefold()
        if low in _SHORT_WORDS or low.startswith(("w/", "b/c")) or word in _SYMBOLS:
            found.append(word)
        elif word == "&":
            around = tokens[max(0, index - 1):index] + tokens[index + 1:index + 2]
            if around and all(w[:1].islower() for w in around):
                found.append(word)
        elif word.endswith(".") and _cut_short(word[:-1]):
            found.append(word)
    from afterview.reviewer.shorthand import shorthand_in

    found += [short.word for short in shorthand_in(" ".join(tokens))]  # "the eng team", "in H2"
    found += [m.group(1) for m in _COUNT_ALONE.finditer(" ".join(tokens))]  # "team of 6, 2 in Poland"
    return list(dict.fromkeys(found))


# A count standing for a noun after a comma, as in a note to self: "team of 6, 2 in Poland"
_COUNT_ALONE = re.compile(r"[,;]\s*(\d+\s+(?:in|at|from|on|remote|abroad|offshore)\b[^,;]*)")


def _cut_short(stem: str) -> bool:
    """Whether a word typed with a full stop is a word cut short ("migr", "mgmt", "Dept"):
    letters only, in lower case or of four letters at most (a longer name may end a sentence:
    "Kubernetes."), not in capitals (an acronym), not a title or a legal form, and not an
    English word (the review's dictionary)."""
    if not stem.isalpha() or stem.isupper() or stem.casefold() in _TITLES or (stem.casefold(),) in LEGAL_FORMS:
        return False
    if not stem.islower() and len(stem) > 4:
        return False
    from afterview.reviewer.rules.spelling import is_word

    return not is_word(stem.casefold())


def topic_advice(topic: str, typed: str = "", about: str = "", named: bool = False) -> list[str]:
    """What to change about a topic as a note uses it (`topic`; `typed`: as recorded, where
    shorthand is looked for), each said in a few words; [] when it reads fine inside a
    sentence. See the comment above for the cases. `about`: the person whose topic it is, when
    that is not the reader (a rejection reply's `topic_with`): a word for someone in it is
    theirs, wrong only where the sentence does not name them before it (`named`)."""
    words = clean(topic).split()
    if not words:
        return []
    found = []
    short = _shorthand(drop_said(" ".join((typed or topic).split())))  # not the "re" a note leaves out
    if short:
        found.append(f"{TOPIC_SHORTHAND} ({', '.join(repr(w) for w in short)}): write it out in words")
    if words[0].casefold() in _TOLD:
        found.append(f"{TOPIC_VERB} ('{words[0]}'): name only what you discussed")
    someone = _third_person(words)
    if someone and about:
        if not named:
            found.append(f"{TOPIC_ABOUT} {about} ('{someone}'); name them before it ('the conversation with "
                         f"{names_call_name(about)} about ...')")
    elif someone:
        found.append(f"{TOPIC_YOUR_SIDE} ('{someone}'); say it as you would to them ('you', 'your ...')")
    ours = we_in(" ".join(words))
    if ours:  # "our team's ...": their team, as they said it
        found.append(f"{TOPIC_THEIR_SIDE} ('{_bare_word(ours)}'); say it as you would to them "
                     f"('{as_yours(' '.join(words))}')")
    if _in_capitals(words):
        found.append(f"{TOPIC_CAPITALS}; write it in lower case")
    if len(words) > LONG_TOPIC:
        found.append(f"{TOPIC_LONG} ({len(words)} words): say it in a few words (a subject or a LinkedIn "
                     f"note never carries it whole)")
    if not found and _bare_singular(words):
        found.append(TOPIC_BARE)
    return found


def quoted_topic(topic: str) -> str:
    """A topic as a hint quotes it: whole (an abbreviation's stop kept: "monitoring, etc."), or
    its first words and "..." when it is long."""
    words = _with_stop(topic).split()
    return " ".join(words) if len(words) <= LONG_TOPIC else " ".join(words[:8]) + " ..."


# words a phrase may open with and read whole: articles, possessives, demonstratives and
# quantifiers, question words
_DETERMINERS = frozenset(
    "the a an our your my its this that these those some any each every all both no one two three "
    "several many much more most other another either neither such "
    "how what why when where whether which who whose".split())
_PREPOSITIONS = frozenset(
    "of on in for with at to from between across into about over under versus vs vs. via around "
    "behind within without through during after before against among per than".split())
_CONJUNCTIONS = frozenset("and or & / +".split())
# common nouns that read fine without an article ("talking about security")
_MASS = frozenset(
    "data security privacy compliance hiring infrastructure architecture culture software hardware "
    "firmware middleware research feedback code design quality performance reliability scalability "
    "observability governance leadership management ownership strategy growth revenue tooling "
    "latency throughput traffic mentorship documentation automation analytics engineering marketing "
    "sales finance product operations support work life balance music travel sport football soccer "
    "cooking art history science math maths physics chemistry biology law health healthcare "
    "education training energy weather coffee tea food technology tech debt equity diversity "
    "inclusion accessibility safety risk fraud storage compute networking tennis golf running "
    "hiking cycling climbing chess photography literature philosophy economics policy "
    "content commerce ecommerce e-commerce logistics manufacturing retail banking insurance "
    "infra ops devops mlops secops devsecops uptime downtime scale speed cost spend pricing "
    "communication collaboration teamwork onboarding offboarding recruiting remote reuse use abuse "
    "response review search waste progress change".split())
# -tion/-sion words that are counted, not mass: "talking about position" needs an article
_COUNTED_TION = frozenset(
    "question decision position solution application function presentation section option "
    "transaction connection exception notification definition condition relation session "
    "version mission vision division conversation discussion suggestion proposition "
    "election station portion partition promotion".split())
_MASS_SUFFIXES = ("ing", "ity", "ness", "ics", "ism", "ance", "ence", "ship", "ware", "age", "tion",
                  "sion", "ment", "dom", "hood", "acy", "ery")


def _in_capitals(words: list[str]) -> bool:
    """Words typed in capitals: every letter upper case, with a word of five letters or more
    among two or more ("KAFKA CONSUMER LAG", "AWS LAMBDA"), or one word of eight or more
    ("KUBERNETES"); acronyms ("AWS IAM", "SQL", "GDPR") are not."""
    lettered = [w for w in words if any(c.isalpha() for c in w)]
    if lettered and lettered[0].casefold() in _DETERMINERS and lettered[0].islower():
        lettered = lettered[1:]  # "the KAFKA CONSUMER LAG"
    if not lettered or any(c.isalpha() and not c.isupper() for w in lettered for c in w):
        return False
    longest = max(sum(c.isalpha() for c in w) for w in lettered)
    return longest >= (5 if len(lettered) > 1 else 8)


def _bare_singular(words: list[str]) -> bool:
    """A phrase of common nouns in lower case whose head (the words before a preposition, two
    or more) is one counted thing: "relocation timeline", "team structure", "platform team
    roadmap"; names after a preposition are fine ("team move to GitHub Actions")."""
    lowered = [w.casefold() for w in words]
    if lowered[0] in _DETERMINERS or (lowered[0].endswith("ing") and len(lowered[0]) > 4):
        return False  # "the ...", "how ...", "scaling the team"
    head = []
    for word, low in zip(words, lowered):
        if low in _PREPOSITIONS:
            break
        if low in _CONJUNCTIONS or word.endswith(","):
            return False  # "hiring and team structure": a list reads fine bare
        head.append(word)
    if len(head) < 2 or any(c.isupper() for w in head for c in w):
        # a name, a product or an acronym ("Kafka", "GitHub Actions", "CI pipeline"); one word
        # alone may be one typed in lower case ("dbt", "python"): left alone too
        return False
    if any(not re.fullmatch(r"[a-z0-9][a-z0-9'\u2019-]*", w) for w in head):
        return False  # anything but plain words: left alone
    last = head[-1].casefold()
    if last in _MASS or last.split("-")[-1] in _MASS:
        return False
    if last.endswith("s") and not last.endswith(("ss", "us", "is")):
        return False  # a plural
    if last.endswith(_MASS_SUFFIXES) and last not in _COUNTED_TION and len(last) > 5:
        return False  # "onboarding", "scalability", "migration", "storage": fine bare
    return True


def _with_stop(text: str) -> str:
    """A phrase as `clean` makes it, but for an abbreviation's stop, which the note keeps
    ("the rollout plan, monitoring, etc.")."""
    phrase = clean(text)
    whole = " ".join(str(text).split()).rstrip(" ;,")
    if whole.endswith(".") and whole[:-1] == phrase and _ABBREVIATION.search(whole):
        return whole
    return phrase


def topic_hints(variables: dict, text: str, person: Person | None = None,
                typed: dict[str, str] | None = None, told: tuple[str, ...] = ()) -> list[Gap]:
    """A hint (an optional gap: told with the draft, never in it) for each topic the note uses
    that reads badly as typed (see `topic_advice`): the topic, what to change, and where to
    change it. Only a topic found in `text` (the subject and body) counts; `typed` gives each
    topic as recorded (`Context.typed`), where shorthand is looked for; `told`: topics a hint
    already covers (a LinkedIn note's shortened topic)."""
    typed = typed or {}
    found = [(phrase, []) for phrase in told]
    news = variables.get("news") or {}
    about = variables.get("topic_with") or ""  # the topic is another person's (a rejection reply's)
    for raw in (variables.get("topic", ""), variables.get("topic2", ""), news.get("match", "")):
        phrase = _with_stop(raw or "")
        if not phrase or phrase.startswith("[") or phrase in (t for t, _ in found):
            continue
        used = re.search(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", text)
        if not used:
            continue
        whose = about if about and raw == variables.get("topic") else ""
        advice = topic_advice(phrase, typed.get(phrase, phrase), whose,
                              bool(whose) and named_before(whose, text, used.start()))
        if advice:
            found.append((phrase, advice))
    return [wording_hint(f"the topic '{quoted_topic(phrase)}' is used as you typed it: {'; '.join(advice)} "
                         f"(edit the draft, or the topic in the debrief)",
                         f"How would you say '{quoted_topic(phrase)}' in a sentence to "
                         f"{person.name if person else 'them'}?", person)
            for phrase, advice in found if advice]


def named_before(name: str, text: str, start: int) -> bool:
    """Whether the sentence of `text` before `start` names the person (any word of their name),
    so that "her" after it is theirs: "the conversation with Priya Raman about her ..."."""
    sentence = re.split(r"[.!?]\s|\n\s*\n", text[:start])[-1]
    said = {w.casefold() for w in re.findall(r"[^\W\d_]+", sentence)}
    return any(w.casefold() in said for w in re.findall(r"[^\W\d_]+", name) if len(w) > 1)


def wording_hint(told: str, question: str, person: Person | None = None) -> Gap:
    """A wording to check, told with the draft (`check:` after `afterview draft`, "To consider"
    on the desk): an optional gap with the field `TOPIC_WORDING`, never in the text."""
    return Gap(told, question, TOPIC_WORDING, person.id if person else None, optional=True)


def shared_topic_hints(facts: Facts, request: DraftRequest, variables: dict, text: str) -> list[Gap]:
    """A hint for each topic a note about one interview uses (a thank-you, a card) that other
    members of its panel discussed too: their notes name the same point, and people of one
    panel compare notes. Told, never in the text."""
    interview = facts.interviews.get(request.interview_id) if request.interview_id is not None else None
    person = facts.people.get(request.person_id)
    if interview is None or person is None or request.kind not in TOPIC_KINDS:
        return []
    panel = [p for p in interviewers(interview) if p != person.id and p in facts.people]
    companies = _company_names(facts)
    hints = []
    for phrase in dict.fromkeys(t for t in (variables.get("topic", ""), variables.get("topic2", "")) if t):
        if phrase.startswith("[") or not re.search(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", text):
            continue
        key = phrase.casefold()
        others = [pid for pid in panel if any(
            d.interview_id == interview.id and d.person_id == pid
            and any(topic_phrase(t).casefold() == key for t in d.topics) for d in facts.debriefs)]
        if not others:
            continue
        names = [call_name(facts.people[pid], companies) for pid in others]
        who = _and_more(names)
        me = call_name(person, companies)
        hints.append(wording_hint(
            f"your {'note' if len(others) == 1 else 'notes'} to {who} {'names' if len(others) == 1 else 'name'} "
            f"the topic '{quoted_topic(phrase)}' too: people on one panel compare notes, and they will read the "
            f"same point; add something you discussed only with {me} (afterview debrief {interview.id} --person "
            f"{person.id}), or edit the draft",
            f"What else did you discuss with {person.name}?", person))
    return hints


def _and_more(names: list[str], most: int = 3) -> str:
    """"A", "A and B", "A, B and C", "A, B, C and 4 others"."""
    if len(names) > most:
        return ", ".join(names[:most]) + f" and {len(names) - most} others"
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
