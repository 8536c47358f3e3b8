"""The reviewer reads a note to its reader: 'he asked' about them, 'a LOT' from a debrief, 'lol',
and a concern the note leaves unanswered (the same in `afterview show` and the desk's editor)."""

from __future__ import annotations

from afterview.reviewer.engine import review
from afterview.reviewer.model import ReviewContext

TOPIC = "ab testing, how they pick metrics... he asked a LOT abt stats"
BODY = f"""Hi Dev,

Talking with you about {TOPIC} was a highlight of my interviews at Northwind Analytics; thank you for it.
I also enjoyed finding common ground: we are both from Ohio lol.

Best,
Alex"""


def _found(body=BODY, **context):
    ctx = ReviewContext(kind="thank_you", recipient_name="Dev Patel", company="Northwind Analytics",
                        details=[TOPIC], topics=[TOPIC], **context)
    return {(f.code, body[f.start:f.end] if f.start is not None else ""): f.severity
            for f in review("Thank you - Data Analyst interview", body, ctx)}


def test_the_reader_in_the_third_person_is_reported():
    assert _found()[("third-person", "he asked")] == "warning"


def test_someone_named_before_is_no_reader():
    body = BODY.replace(f"about {TOPIC}", "about ab testing. Priya mentioned that she leads the team, and the "
                                          "team said they are hiring")
    assert not [key for key in _found(body) if key[0] == "third-person"]


def test_shouted_emphasis_from_a_debrief_is_reported():
    assert ("all-caps", "LOT") in _found()


def test_laughing_text_speak_is_an_error():
    assert _found()[("slang", "lol")] == "error"
    assert _found(BODY.replace("lol", "tbh"))[("slang", "tbh")] == "warning"


def test_an_unanswered_concern_is_reported_where_the_note_is_reviewed():
    found = _found(concerns=["no healthcare experience"])
    assert [key for key in found if key[0] == "unanswered-concern"]
    addressed = BODY.replace("Best,", "I have since completed a healthcare analytics course.\n\nBest,")
    assert not [k for k in _found(addressed, concerns=["no healthcare experience"]) if k[0] == "unanswered-concern"]


def test_the_stored_draft_s_context_carries_its_concerns():
    from afterview.domain.model import Message, MessageKind
    from afterview.reviewer.context import context_for_message
    from tests.composer.helpers import panel_facts

    facts = panel_facts()
    message = Message(id=9, kind=MessageKind.THANK_YOU, person_id=1, opportunity_id=1, interview_id=1,
                      subject="Thank you", body="Hi Priya,\n\nThanks.\n\nBest,\nAlex")
    assert context_for_message(facts, message).concerns == facts.debriefs[0].concerns
