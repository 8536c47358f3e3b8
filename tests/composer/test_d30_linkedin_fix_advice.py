"""The review's topic-wording fix on a note about no one interview (a LinkedIn note) names the
interview whose debrief holds the topic, as a thank-you's does."""

from __future__ import annotations

from afterview.domain.model import Channel, Message, MessageState
from afterview.reviewer.context import context_for_message
from afterview.reviewer.engine import review
from tests.composer.helpers import K, panel_facts


def test_a_linkedin_notes_topic_fix_names_the_interview_of_its_debrief():
    facts = panel_facts()
    facts.debriefs[0].topics = ["asked about my Airflow experience"]
    note = Message(id=90, kind=K.LINKEDIN_NOTE, channel=Channel.LINKEDIN, person_id=1, opportunity_id=1,
                   state=MessageState.DRAFTED,
                   body="Hi Priya, thank you for our conversation about asked about my Airflow experience. Alex")
    findings = [f for f in review(None, note.body, context_for_message(facts, note)) if f.code == "topic-wording"]
    assert findings and all("afterview debrief 1 --person" in f.suggestion for f in findings), findings
    assert not any("INTERVIEW_ID" in f.suggestion for f in findings)
