"""The reviewer's records: what a text is reviewed against, and what it finds."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Callable

# One list each, kept by config.toml's reader (which checks [lint] without loading the reviewer)
from afterview.config import LINT_SEVERITIES as SEVERITIES
from afterview.config import MESSAGE_KINDS as KINDS

CHANNELS = ("email", "linkedin", "card")


def on_linkedin(channel: str | None, kind: str | None) -> bool:
    """Whether the LinkedIn note limit applies: a note sent on LinkedIn, or a LinkedIn note."""
    return channel == "linkedin" or kind == "linkedin_note"


@dataclass
class ReviewContext:
    """Everything known about a message besides its text; every field is optional."""

    kind: str | None = None  # a MessageKind value
    channel: str = "email"  # email | linkedin | card
    recipient_name: str = ""
    # the name a note greets them by (Person.greet_as), or a function giving it, asked only when a
    # greeting does not plainly greet their name (`afterview lint FILE --to NAME`: the stored person's)
    recipient_greet_as: str | Callable[[], str] = ""
    # the recipient's addresses (Person.emails): a name guessed from one of them with no first name
    # in it ("Jsmith" from jsmith@) is no name to greet them by (guessed-name)
    recipient_emails: list[str] = field(default_factory=list)
    company: str = ""
    role: str = ""
    details: list[str] = field(default_factory=list)  # this recipient's debrief details
    # the debrief topics the details hold, as recorded: a draft built from one says it inside a
    # sentence, where one typed as a sentence or in shorthand does not read (topic-wording)
    topics: list[str] = field(default_factory=list)
    # the debrief topics of the other people of the process, as recorded -> whose debrief holds
    # each (their name, and the interview's id; or the name alone): a note that quotes one about
    # its person's private life is `private-topic`, and a word for that person in it is theirs,
    # not the reader's (topic-wording)
    others_topics: dict[str, tuple[str, int] | str] = field(default_factory=dict)
    # this recipient's concerns as recorded ("no healthcare experience", "concern -> answer"): a
    # thank-you that addresses none of one is told (unanswered-concern), wherever it is reviewed
    concerns: list[str] = field(default_factory=list)
    interview_id: int | None = None  # the interview the note is about, for a hint's command
    # for a note about no one interview (a LinkedIn note, a keep-in-touch note): each topic (as in
    # `topics`) -> the interview whose debrief holds it, for a hint's command
    topic_interviews: dict[str, int] = field(default_factory=dict)
    # what a hint may quote as an example of a detail (topics, rapport); None: the details.
    # A concern is the user's own note of a doubt, never an example of what to write.
    examples: list[str] | None = None
    siblings: list[str] = field(default_factory=list)  # bodies of the other notes of the loop
    # the other companies of your pipeline (those you have an opportunity with): naming one is
    # `wrong-company`; never the note's own company nor the recipient's (`recipient_company`)
    other_companies: list[str] = field(default_factory=list)
    # the other people of the process (the panel, the recruiter, the company's people), by
    # name, or "name|greet-as": addressing one in the body ("Thanks again, Dev.") is `wrong-name`
    other_people: list[str] = field(default_factory=list)
    # the roles of your opportunities at other companies: naming one is `wrong-role`; and your
    # other roles at this company, which a note may name ("I look forward to the Analytics
    # Engineer process") without naming a wrong role
    other_roles: list[str] = field(default_factory=list)
    company_roles: list[str] = field(default_factory=list)
    # the files the message carries (names or paths); None: unknown (a pasted text), so what a
    # note says is attached is judged only where no file can go (a LinkedIn note, a card)
    attachments: list[str] | None = None
    # where the recipient works now, when recorded (they may have moved on since the process):
    # a note may name it ("the team at Ferrous Labs") without it being another employer
    recipient_company: str = ""
    # the company a panel member of the process (not a recruiter or coordinator) works at now,
    # when it is no longer the process's (`person edit --company`): `recipient-moved`
    recipient_moved_to: str = ""
    # the role of another process of this company whose offer you accepted: a withdrawal says
    # so, not "another offer" (`accepted-with-them`)
    accepted_with_them: str = ""
    # the names the note's company went by before (renamed, or a company merged into it), that
    # no company has now: naming one is `old-company-name`
    former_company_names: list[str] = field(default_factory=list)
    # the longest LinkedIn note: the playbook's [linkedin_limits] for the account (reviewer/
    # context.py `linkedin_limit`); read by the review only for a LinkedIn note. The default
    # playbook's free limit when not given (the planner's table holds it; not imported here)
    linkedin_limit: int = 200
    send_at: datetime | None = None  # planned send time (aware)
    interview_end: datetime | None = None
    # a thank-you's due moment as the planner sets it (a Friday's note: Monday's morning slot),
    # or a function giving it, asked only when the note would otherwise be late; None: unknown
    planned_due: datetime | Callable[[], datetime | None] | None = None
    sent_already: bool = False  # the note went out (sent, or marked done): no hint says to send it
    recipient_timezone: str = ""  # IANA, for weekend checks
    recipient_zone_recorded: bool = True  # False: none is recorded for them (the planner's fallback, assumed)
    recipient_country: str = ""  # ISO alpha-2, for public holidays
    known_words: list[str] = field(default_factory=list)  # never flagged by spelling
    # the user's own news and achievements as recorded (titles, details): where a note tells
    # one (a keep-warm, a share-news, a thank-you's result), a company it names is not another
    # employer named by mistake
    news: list[str] = field(default_factory=list)
    # your name and signature as your profile has them now: a note signed with another name
    # (one written before `profile set --name`, a misspelling of yours) is `wrong-name`
    sender_name: str = ""
    sender_signature: str = ""
    # the subject of the message a reply answers (their rejection email, our last note), as it
    # was sent: a "Re: ..." subject that keeps it is theirs, not the user's to shorten; "":
    # unknown (a pasted text), and the part after "Re:" may be theirs
    thread_subject: str = ""
    # a rejection reply: when the rejection it answers arrived, and how long the playbook waits
    # before replying (its rejection_reply.not_before; a function giving it, asked only when
    # needed; None: the default playbook's 2 h)
    rejection_at: datetime | None = None
    rejection_wait: timedelta | Callable[[], timedelta] | None = None
    # what went out to this person before (sent, or marked done): (moment, kind), for the
    # playbook's spacing between messages to one person; and the moments the opportunity's
    # status follow-ups went out, for its wait after the previous one
    sent_to_person: list[tuple[datetime, str]] = field(default_factory=list)
    status_checks_out: list[datetime] = field(default_factory=list)
    # the playbook's spacing (business days between messages to one person, the kinds exempt
    # from it) and, for a status follow-up or closing the loop, its wait in business days after
    # the previous status follow-up; functions giving them, asked only when needed; None: the
    # default playbook's
    spacing: tuple[int, frozenset[str]] | Callable[[], tuple[int, frozenset[str]]] | None = None
    follow_up_wait: int | Callable[[], int] | None = None


@dataclass
class Finding:
    """One problem: a stable code, a severity, and the span of text concerned."""

    code: str
    severity: str  # "error" | "warning" | "info"
    message: str
    start: int | None  # offsets into the reviewed field
    end: int | None
    suggestion: str | None = None
    field: str = "body"  # "subject" | "body"

    def to_dict(self) -> dict:
        return {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "start": self.start,
            "end": self.end,
            "suggestion": self.suggestion,
        }


@dataclass(frozen=True)
class Rule:
    """A review code with what `--explain` says about it."""

    code: str
    severity: str
    title: str
    catches: str
    why: str
    source: str
    fix: str
    family: str
    settings: str = ""  # the config keys that tune it, for the docs
