"""What the composer takes (a request, usually a planner action) and gives (a draft)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from afterview.domain.model import Channel, MessageKind

TONES = ("warm", "formal", "concise")

# Template names: one per message kind, plus the thank-you to a recruiter or coordinator.
RECRUITER_THANK_YOU = "thank_you_recruiter"
TEMPLATE_NAMES = (
    "thank_you",
    RECRUITER_THANK_YOU,
    "card",
    "linkedin_note",
    "status_check",
    "closing_the_loop",
    "rejection_reply",
    "feedback_request",
    "keep_warm",
    "share_news",
    "withdrawal",
)


@dataclass(frozen=True, slots=True, kw_only=True)
class DraftRequest:
    """One message to draft: the planner's action, or the same fields given by hand."""

    kind: MessageKind
    person_id: int
    opportunity_id: int | None = None
    interview_id: int | None = None
    channel: Channel = Channel.EMAIL
    key: str = ""
    # 2 for the second status check, which must add something new; a keep-in-touch note's touch
    # (its key says it too: keep_warm.2:o1:p3)
    sequence: int = 1
    note: str = ""  # the planner's note, e.g. that a thank-you is late
    # rejection reply: include the feedback request (never once feedback for the opportunity is
    # recorded, or when the playbook turns it off: see composer.context.feedback_wanted)
    ask_feedback: bool = True
    news_id: int | None = None  # the news item the planner chose as the reason to write
    # the day the note is written, for what a keep-in-touch note says of the time since you
    # spoke; None: the day of the news item it is built on
    day: date | None = None

    @classmethod
    def from_action(cls, action, *, ask_feedback: bool = True, day: date | None = None) -> "DraftRequest":
        """The request for a planner `Action` (any object with the same attribute names), written
        on `day` (drafting's today)."""
        return cls(
            kind=MessageKind(action.kind),
            person_id=action.person_id,
            opportunity_id=getattr(action, "opportunity_id", None),
            interview_id=getattr(action, "interview_id", None),
            channel=Channel(getattr(action, "channel", None) or Channel.EMAIL),
            key=getattr(action, "key", "") or "",
            sequence=getattr(action, "sequence", 1) or 1,
            note=getattr(action, "note", "") or "",
            ask_feedback=ask_feedback,
            news_id=getattr(action, "news_id", None),
            day=day,
        )


@dataclass(frozen=True, slots=True)
class Gap:
    """A fact the draft needs but nobody recorded; `field` says where an answer belongs.

    An `optional` gap is not in the text: the draft is complete without the fact and leaves
    the sentence out (a concern you noted but recorded no answer to). Its `placeholder` is
    then what to tell the user, not text to find in the draft.
    """

    placeholder: str  # the visible text in the draft, e.g. "[topic you discussed with Dana]"
    question: str  # what to ask the user
    field: str  # "debrief.topics", "profile.phone", "news", "debrief.concerns" ...
    person_id: int | None = None
    interview_id: int | None = None
    optional: bool = False  # not in the text: a sentence the draft leaves out for want of it


@dataclass(slots=True, kw_only=True)
class Draft:
    """A composed message, ready to be saved as a drafted `Message` and reviewed."""

    subject: str
    body: str
    kind: MessageKind
    channel: Channel
    person_id: int
    opportunity_id: int | None = None
    interview_id: int | None = None
    action_key: str = ""
    tone: str = "warm"
    template: str = ""  # the template name used, e.g. "thank_you_recruiter"
    in_reply_to: str = ""
    references: list[str] = field(default_factory=list)
    gaps: list[str] = field(default_factory=list)  # the visible placeholders left in the text
    # the same gaps, with where answers belong; then the optional ones (not in the text)
    asks: list[Gap] = field(default_factory=list)
