"""A bounce warns about the address the mail bounced at, not the one its message was re-addressed
to afterwards: after a bounce, `person edit --email NEW`, `approve` (which re-addresses the failed
message to the new address) and `approve --withdraw`, no action for the person says "an email to
... bounced: check the address first" (the planner read the message's current address)."""

from datetime import timedelta

from afterview.delivery.bounces import bounced_address
from afterview.domain.model import Inbound, InboundKind, MessageState, Person
from afterview.planner import DEFAULT_PLAYBOOK, plan
from tests.delivery.conftest import NOW, add_interview, add_message


def bounce_notes(store, person_id: int) -> list[str]:
    with store.transaction() as tx:
        actions = plan(tx.facts(), DEFAULT_PLAYBOOK, NOW + timedelta(days=1))
    return sorted({n for a in actions if a.person_id == person_id for n in a.note.split("; ") if "bounced" in n})


def bounced(store, seeded, at: str) -> None:
    """Bob's thank-you bounced at `at`; his address is now bob@example.test, and the failed
    message was re-addressed to it (approved again, then withdrawn)."""
    add_interview(store, seeded, NOW - timedelta(days=3))
    message = add_message(store, seeded, state=MessageState.FAILED, to_address="bob@example.test",
                          sent_at=NOW - timedelta(days=2), last_error=f"bounced: {at}: 5.1.1 550 User unknown")
    with store.transaction() as tx:
        tx.add(Inbound(kind=InboundKind.BOUNCE, received_at=NOW - timedelta(days=2), person_id=seeded["person"],
                       opportunity_id=seeded["opportunity"], answers_message_id=message,
                       from_address="mailer-daemon@example.test",
                       summary=f"bounce: {at}: 5.1.1 550 5.1.1 User unknown"))
        person = tx.get(Person, seeded["person"])
        assert person.email == "bob@example.test"


def test_a_corrected_address_carries_no_bounce_warning(store, seeded):
    bounced(store, seeded, "bob@old.example")
    assert bounce_notes(store, seeded["person"]) == []


def test_the_address_that_bounced_still_warns(store, seeded):
    bounced(store, seeded, "bob@example.test")
    assert bounce_notes(store, seeded["person"]), "the setting-up no longer warns at all"


def test_the_bounced_address_is_read_from_the_summary():
    assert bounced_address("bounce: priya@old.example: 5.1.1 550 5.1.1 User unknown") == "priya@old.example"
    assert bounced_address("bounce: their mailbox was full, try again later; carla@globex.example: 4.2.2 full") \
        == "carla@globex.example"
    assert bounced_address("bounce: delivery failed") == ""
