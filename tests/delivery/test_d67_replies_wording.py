"""How a reply waiting to be confirmed reads (`today`'s REPLIES TO CONFIRM): one that says the
day they will decide by says that date, with the command that records it, not "it reads as no
decision"; one whose meaning is unclear asks in a whole sentence (not "you say")."""

from datetime import datetime, timezone

from afterview.domain.model import Facts, Inbound, InboundKind, Interview, Participant, ReplyClass, Role
from afterview.services.replies_waiting import how_it_reads

T = datetime(2026, 12, 9, 10, 0, tzinfo=timezone.utc)


def facts() -> Facts:
    f = Facts()
    f.interviews = {3: Interview(id=3, opportunity_id=1, start=T, end=T, timezone="UTC",
                                 participants=[Participant(person_id=2, role=Role.HIRING_MANAGER),
                                               Participant(person_id=1, role=Role.RECRUITER)])}
    return f


def reply(classification=ReplyClass.OTHER, summary="", **kw) -> Inbound:
    values = dict(id=1, kind=InboundKind.REPLY, received_at=T, person_id=1, opportunity_id=1,
                  classification=classification, summary=summary)
    return Inbound(**{**values, **kw})


def test_a_reply_with_a_decision_date_says_it_with_the_command():
    said = how_it_reads(facts(), reply(summary="other: They will make a decision by Friday 18 December and I'll "
                                               "call you then.; decision said for 2026-12-18"))
    assert said == ("it gives a decision date, Fri 18 Dec 2026: record it with afterview debrief 3 --person 1 "
                    "--decision-date 2026-12-18")


def test_the_other_readings_are_whole_sentences():
    assert how_it_reads(facts(), reply(summary="other: thanks")) == "it reads as no decision"
    assert how_it_reads(facts(), reply(ReplyClass.NEEDS_REVIEW, "needs_review: coffee?")) == (
        "it is not clear what it means: say which status it means")
    assert how_it_reads(facts(), reply(ReplyClass.REJECTION, "rejection: sorry")) == "it reads as a rejection"


def test_linked_to_no_opportunity_it_gives_the_date_alone():
    said = how_it_reads(facts(), reply(summary="other: by Friday; decision said for 2026-12-18", opportunity_id=None))
    assert said == "it gives a decision date, Fri 18 Dec 2026"
