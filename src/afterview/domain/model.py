"""The domain model: plain data, no I/O, no clock reads.

Everything Afterview knows is one of these records. Storage maps them to tables, the planner
reads them as facts, the composer and the reviewer read them as context. Datetimes are always
timezone-aware (stored as UTC, shown in the user's or the recipient's zone); dates without a
time (a decision date) are `datetime.date`.

Ids are integers given by storage; a record not yet stored has `id = None`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum


class OpportunityStatus(StrEnum):
    APPLIED = "applied"
    INTERVIEWING = "interviewing"
    OFFER = "offer"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    NO_RESPONSE = "no-response"

    @property
    def is_closed(self) -> bool:
        return self in CLOSED_STATUSES


CLOSED_STATUSES = frozenset(
    {
        OpportunityStatus.ACCEPTED,
        OpportunityStatus.REJECTED,
        OpportunityStatus.WITHDRAWN,
        OpportunityStatus.NO_RESPONSE,
    }
)
# A process still running: applied, or interviewing (followed up, and a rejection email then
# still says no); the planner's and the review's alike.
IN_PROCESS_STATUSES = frozenset({OpportunityStatus.APPLIED, OpportunityStatus.INTERVIEWING})

# The notes of the status changes a note that went out makes (closing the loop, a withdrawal: see
# services.pipeline.loop_closed): such an ending was told to the employer, so it is never a slip
# taken back the same day (planner.facts.in_force), whatever comes after it.
LOOP_CLOSED = "closed the loop with no reply"
WITHDREW = "withdrew after accepting another offer"
TOLD_ENDINGS = frozenset({LOOP_CLOSED, WITHDREW})


def round_order(interview: Interview) -> tuple:
    """Interviews in the order of a process's rounds: by their end, then id."""
    return (interview.end, interview.id or 0)


def stated_decision_dates(round_: Interview, debriefs) -> list[date]:
    """The decision dates recorded for a round (`debriefs`: any, those of other rounds left out):
    those its panel stated (someone taken off the panel since, for a mistake, stated nothing), or,
    for a round with nobody on it (a take-home), those anyone of the process gave for it. The
    planner, the Why page and the replies that offer a date read them by this one rule."""
    panel = {p.person_id for p in round_.participants}
    return [d.decision_date for d in debriefs
            if d.decision_date and d.interview_id == round_.id and (d.person_id in panel or not panel)]


def decision_date(round_: Interview, debriefs) -> date | None:
    """The decision date a round's status follow-ups go by, and the date their notes cite: the
    latest of `stated_decision_dates` (None when none was stated)."""
    return max(stated_decision_dates(round_, debriefs), default=None)


def latest_round(interviews) -> Interview | None:
    """The round a process's status follow-ups are about: its last interview not cancelled."""
    return max((i for i in interviews if not i.cancelled), key=round_order, default=None)


# What an import records when its source does not say (a calendar event titled "Interview with
# Dana"): a note treats them as missing, a gap to fill, never as a name to write.
UNKNOWN_COMPANY = "(unknown company)"
UNKNOWN_ROLE = "(role unknown)"


class Pace(StrEnum):
    NORMAL = "normal"
    SLOW = "slow"  # government, academia, large enterprises: status timings stretched


class ConnectionState(StrEnum):
    NONE = "none"
    REQUESTED = "requested"
    CONNECTED = "connected"


class InterviewFormat(StrEnum):
    PHONE = "phone"
    VIDEO = "video"
    ONSITE = "onsite"


class Role(StrEnum):
    """The part a person plays in an interview."""

    INTERVIEWER = "interviewer"
    HIRING_MANAGER = "hiring_manager"
    RECRUITER = "recruiter"
    COORDINATOR = "coordinator"


class MessageKind(StrEnum):
    THANK_YOU = "thank_you"
    STATUS_CHECK = "status_check"
    CLOSING_THE_LOOP = "closing_the_loop"
    REJECTION_REPLY = "rejection_reply"
    FEEDBACK_REQUEST = "feedback_request"
    KEEP_WARM = "keep_warm"
    SHARE_NEWS = "share_news"
    LINKEDIN_NOTE = "linkedin_note"
    CARD = "card"  # a handwritten thank-you card text
    WITHDRAWAL = "withdrawal"  # you accepted another offer: withdrawing from this process, with thanks


# A kind of message in words, as every interface says it: its label ("Thank-you note"), with its
# recipient ("Thank-you note to Tom Becker"), and in a sentence ("the thank-you note to Tom Becker").
KIND_LABEL = {
    "thank_you": "Thank-you note", "status_check": "Status follow-up",
    "closing_the_loop": "Closing the loop", "rejection_reply": "Rejection reply",
    "feedback_request": "Feedback request", "keep_warm": "Keeping in touch",
    "share_news": "Sharing news", "linkedin_note": "LinkedIn request", "card": "Thank-you card",
    "withdrawal": "Withdrawal",
}
_WITH = frozenset({"closing_the_loop", "keep_warm", "share_news"})  # "with" a person, not "to"


def _kind_key(kind) -> str:
    return str(getattr(kind, "value", kind))


def kind_label(kind) -> str:
    """A kind of message (a MessageKind or its key) as a label: "Thank-you note"; an unknown
    kind is its key in words ("some_kind": "some kind")."""
    return KIND_LABEL.get(_kind_key(kind), _kind_key(kind).replace("_", " "))


def addressed(kind, name: str | None) -> str:
    """A kind of message and its recipient in words: "Thank-you note to Tom Becker",
    "Keeping in touch with Priya Raman"."""
    return f"{kind_label(kind)} {'with' if _kind_key(kind) in _WITH else 'to'} {name or '?'}"


def message_named(kind, name: str | None) -> str:
    """A message in a sentence: "the thank-you note to Dana Weiss", "the LinkedIn request to
    Tom Becker", "the note keeping in touch with Priya Raman"."""
    label = addressed(kind, name)
    first, _, rest = label.partition(" ")
    if first[1:] == first[1:].lower():  # "Thank-you" but not "LinkedIn"
        label = f"{first.lower()} {rest}" if rest else first.lower()
    return f"the note {label}" if _kind_key(kind) in _WITH else f"the {label}"


class Channel(StrEnum):
    EMAIL = "email"
    LINKEDIN = "linkedin"
    CARD = "card"
    PHONE = "phone"


class MessageState(StrEnum):
    PLANNED = "planned"
    DRAFTED = "drafted"
    APPROVED = "approved"
    SCHEDULED = "scheduled"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    CANCELLED = "cancelled"
    DONE_ELSEWHERE = "done_elsewhere"

    @property
    def words(self) -> str:
        """The state as a sentence says it: "done elsewhere", "being sent right now"."""
        return "being sent right now" if self is MessageState.SENDING else self.value.replace("_", " ")

    @property
    def is_final(self) -> bool:
        return self in (MessageState.SENT, MessageState.CANCELLED, MessageState.DONE_ELSEWHERE)


class InboundKind(StrEnum):
    """What an incoming message turned out to be."""

    REPLY = "reply"
    AUTO_REPLY = "auto_reply"  # out of office
    BOUNCE = "bounce"


# How a reply's summary says its sender asks not to be contacted again, before their sentence
# (delivery.inbound writes it; planner.facts.stop_request reads it)
ASKS_NO_CONTACT = "asks not to be contacted"


class ReplyClass(StrEnum):
    """What a real reply says, as classified (the user confirms any status change)."""

    REJECTION = "rejection"
    NEXT_ROUND = "next_round"
    OFFER = "offer"
    OTHER = "other"
    NEEDS_REVIEW = "needs_review"


class DecisionKind(StrEnum):
    """What the user decided about a planned action."""

    DONE = "done"  # handled outside Afterview ("sent from my phone")
    SNOOZE = "snooze"  # not before `until`
    SKIP = "skip"  # never, with a reason


class LinkedInAccount(StrEnum):
    FREE = "free"
    PREMIUM = "premium"


class NewsKind(StrEnum):
    ACHIEVEMENT = "achievement"  # the user's own result, a certificate, a launch
    NEWS = "news"  # an article or event worth sharing


@dataclass(slots=True, kw_only=True)
class Company:
    id: int | None = None
    name: str
    website: str = ""
    sector: str = ""
    notes: str = ""
    # the names it went by before (`company edit --name`, a company merged into it), oldest
    # first: a note that still names one of them is said (lint's old-company-name)
    former_names: list[str] = field(default_factory=list)


@dataclass(slots=True, kw_only=True)
class StatusChange:
    status: OpportunityStatus
    at: datetime
    note: str = ""
    person_id: int | None = None  # who delivered the news (a rejection by phone): the reply goes to them


@dataclass(slots=True, kw_only=True)
class Opportunity:
    id: int | None = None
    company_id: int
    role: str
    source: str = ""
    link: str = ""
    status: OpportunityStatus = OpportunityStatus.APPLIED
    pace: Pace = Pace.NORMAL
    notes: str = ""
    created_at: datetime | None = None
    history: list[StatusChange] = field(default_factory=list)

    def rejected_after_offer(self, changes: list[StatusChange] | None = None) -> bool:
        """Rejected after an offer (`outcome offer`, then `outcome rejected`: an offer withdrawn):
        the reply thanks them for the offer and asks for no feedback on interviews. `changes`:
        the history as the plan reads it (planner.facts.in_force: an offer recorded by mistake
        and taken back the same day was never made); the history as recorded when not given."""
        if self.status is not OpportunityStatus.REJECTED:
            return False
        changes = self.history if changes is None else changes  # oldest first
        rejected = [i for i, c in enumerate(changes) if c.status is OpportunityStatus.REJECTED]
        last = rejected[-1] if rejected else len(changes)
        return any(c.status in (OpportunityStatus.OFFER, OpportunityStatus.ACCEPTED) for c in changes[:last])


@dataclass(slots=True, kw_only=True)
class Person:
    id: int | None = None
    name: str
    emails: list[str] = field(default_factory=list)
    company_id: int | None = None
    title: str = ""
    linkedin_url: str = ""
    connection: ConnectionState = ConnectionState.NONE
    connection_requested_at: datetime | None = None
    connected_at: datetime | None = None
    timezone: str = ""  # IANA name; empty means the user's own
    country: str = ""  # ISO 3166 alpha-2, for public holidays; empty means the user's own
    tags: list[str] = field(default_factory=list)  # interests, what they care about
    notes: str = ""
    do_not_contact: bool = False  # they asked not to be contacted: nothing more is planned
    # the name a note greets them by ("Khai" for Nguyễn Thị Minh Khai, "Ms. Nguyen", "Bob"); empty:
    # their first name as `greeting_name` picks it
    greet_as: str = ""

    @property
    def email(self) -> str:
        return self.emails[0] if self.emails else ""

    def name_order(self) -> tuple[str, str]:
        """How people are listed by name (`afterview person list`, the desk's People): as
        `values.alphabetical` lists names, case and accents aside."""
        from afterview.domain.values import alphabetical

        return alphabetical(self.name)

    def greeting_name(self, companies: list[str] | tuple[str, ...] = ()) -> str:
        """The name a note greets them by: their greet-as name when recorded, else their first
        name ("" for a team, a mailbox or a company recorded as a person: `names.first_name`).

        The first name is the first word of the name (`names.first_name`: after a title, or
        after the comma of "Becker, Tom"), but not an initial: "J. Robert Oppenheimer" is greeted
        "Robert" (and "J. Oppenheimer", with no given name but an initial, by the whole name). A
        name written in a script without spaces between its parts (Chinese, Japanese, Korean:
        "李小龍") is greeted by the whole name: which part is the given name cannot be told. Nor
        can it be for "Nguyễn Thị Minh Khai" or "Kim Min-jun", whose family name comes first:
        record how to greet them (`greet_as`).
        """
        greet_as = " ".join(self.greet_as.split())
        if greet_as:
            return greet_as
        from afterview.domain.names import given_name

        return given_name(self.name, companies)


@dataclass(slots=True, kw_only=True)
class Participant:
    person_id: int
    role: Role = Role.INTERVIEWER


@dataclass(slots=True, kw_only=True)
class Interview:
    id: int | None = None
    opportunity_id: int
    start: datetime
    end: datetime
    timezone: str  # the zone the interview was given in, for display
    format: InterviewFormat = InterviewFormat.VIDEO
    stage: str = ""  # "phone screen", "panel", "round 2" ...
    location: str = ""
    call_link: str = ""
    participants: list[Participant] = field(default_factory=list)
    external_uid: str = ""  # the iCalendar UID it was imported from, for re-imports
    external_sequence: int = 0  # its SEQUENCE: an older copy of an invitation never undoes a newer one
    cancelled: bool = False
    notes: str = ""


@dataclass(slots=True, kw_only=True)
class Debrief:
    """What one participant discussed in one interview, as the user recorded it."""

    id: int | None = None
    interview_id: int
    person_id: int
    topics: list[str] = field(default_factory=list)
    rapport: list[str] = field(default_factory=list)  # shared interests, small talk worth recalling
    concerns: list[str] = field(default_factory=list)  # their doubts about the candidate
    promises: list[str] = field(default_factory=list)  # what the candidate promised to send
    next_steps: str = ""  # as stated by the employer
    decision_date: date | None = None  # as stated by the employer
    notes: str = ""


@dataclass(slots=True, kw_only=True)
class Message:
    """An outgoing message, from first plan to delivery."""

    id: int | None = None
    kind: MessageKind
    channel: Channel = Channel.EMAIL
    person_id: int
    opportunity_id: int | None = None
    interview_id: int | None = None
    action_key: str = ""  # the planned action it fulfils (see planner)
    subject: str = ""
    body: str = ""
    tone: str = ""
    state: MessageState = MessageState.DRAFTED
    to_address: str = ""
    account: str = ""  # the sending identity's name
    created_at: datetime | None = None
    updated_at: datetime | None = None
    approved_at: datetime | None = None
    scheduled_at: datetime | None = None  # send not before this
    sent_at: datetime | None = None
    message_id: str = ""  # our Message-ID header, fixed when first built
    in_reply_to: str = ""
    references: list[str] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)  # file paths
    attempts: int = 0
    last_error: str = ""
    note: str = ""  # e.g. "sent from my phone"


@dataclass(slots=True, kw_only=True)
class Inbound:
    """An incoming message that concerns the pipeline: a reply, an auto-reply or a bounce."""

    id: int | None = None
    kind: InboundKind
    received_at: datetime
    person_id: int | None = None
    opportunity_id: int | None = None
    answers_message_id: int | None = None  # our Message it answers
    classification: ReplyClass = ReplyClass.OTHER
    return_date: date | None = None  # for out-of-office replies
    from_address: str = ""
    subject: str = ""
    summary: str = ""
    header_message_id: str = ""  # its own Message-ID, to never record it twice
    confirmed: bool = False  # the user confirmed the suggested status change


@dataclass(slots=True, kw_only=True)
class Feedback:
    """Feedback received after a decision."""

    id: int | None = None
    opportunity_id: int
    person_id: int | None = None
    received_at: datetime
    text: str


@dataclass(slots=True, kw_only=True)
class NewsItem:
    """The user's own achievement or a piece of news worth sharing, with tags to match contacts."""

    id: int | None = None
    kind: NewsKind = NewsKind.ACHIEVEMENT
    title: str
    detail: str = ""
    link: str = ""
    happened_on: date
    tags: list[str] = field(default_factory=list)
    company_id: int | None = None  # news about a company in the pipeline


@dataclass(slots=True, kw_only=True)
class Decision:
    """What the user decided about one planned action (a fact the planner reads)."""

    id: int | None = None
    action_key: str
    kind: DecisionKind
    at: datetime
    until: datetime | None = None  # for snooze
    note: str = ""  # reason for skip, "sent from my phone" for done
    # when the user took it back (`afterview undo`): kept for the record (the timeline shows it),
    # read by nothing that plans
    undone_at: datetime | None = None


@dataclass(slots=True, kw_only=True)
class Profile:
    """The job seeker."""

    name: str = ""
    email: str = ""
    phone: str = ""
    signature: str = ""
    timezone: str = "UTC"
    country: str = ""
    linkedin_account: LinkedInAccount = LinkedInAccount.FREE
    linkedin_url: str = ""
    default_tone: str = "warm"
    opt_in_early_linkedin: bool = False  # connect 3+ days after an interview, before a decision


@dataclass(slots=True, kw_only=True)
class Facts:
    """Everything recorded, as the planner, the composer and the timeline read it."""

    profile: Profile = field(default_factory=Profile)
    companies: dict[int, Company] = field(default_factory=dict)
    opportunities: dict[int, Opportunity] = field(default_factory=dict)
    people: dict[int, Person] = field(default_factory=dict)
    interviews: dict[int, Interview] = field(default_factory=dict)
    debriefs: list[Debrief] = field(default_factory=list)
    messages: list[Message] = field(default_factory=list)
    inbound: list[Inbound] = field(default_factory=list)
    feedback: list[Feedback] = field(default_factory=list)
    news: list[NewsItem] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)  # those in force
    undone: list[Decision] = field(default_factory=list)  # those taken back (the timeline's)
