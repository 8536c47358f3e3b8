"""A bounced message approved again (to their address now) is the user's answer to the bounce
warning: the warning ends, as it does when a new address is recorded."""

from afterview.domain.model import InboundKind, MessageKind, MessageState
from afterview.planner import DEFAULT_PLAYBOOK, plan

from tests.planner.builders import World, at


def test_the_warning_ends_once_the_bounced_note_is_approved_again():
    w = World()
    acme = w.company()
    lee = w.person("Lee Stone", acme)
    opp = w.opportunity(acme)
    first = w.interview(opp, at("2026-12-01 10:00"), at("2026-12-01 11:00"), lee)
    w.interview(opp, at("2026-12-08 10:00"), at("2026-12-08 11:00"), lee)
    note = w.sent(f"thank_you:i{first.id}:p{lee.id}", MessageKind.THANK_YOU, lee, at("2026-12-01 15:00"), opp,
                  to_address=lee.email)
    w.reply(lee, at("2026-12-01 15:05"), opp, kind=InboundKind.BOUNCE, answers_message_id=note.id)
    warned = [a for a in plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-08 12:00")) if "bounced" in a.note]
    assert warned  # the next round's thank-you: check the address first
    note.state = MessageState.APPROVED  # taken up again and approved
    assert not [a for a in plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-08 12:00")) if "bounced" in a.note]
