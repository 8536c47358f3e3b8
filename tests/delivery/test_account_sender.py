"""An account sends through the sender a plugin registers (`sender = NAME` in its section), and
a name no plugin registers is one line, never a send by another way.

Found by a tester: docs/plugins.md offered `register_senders`, but delivery always asked for
"smtp", so a plugin's sender could never be used.
"""

from dataclasses import replace

import pytest

from afterview import plugins
from afterview.delivery.accounts import from_section
from afterview.domain.model import Message, MessageState
from afterview.errors import ConfigError, DeliveryError
from afterview.services import delivery
from tests.delivery.conftest import NOW, add_message
from tests.plugins.test_manager import plugin

pytestmark = pytest.mark.mail


class Recorder:
    """A sender that keeps what it was given: the protocol of hookspecs.Sender."""

    sent: list = []

    def __init__(self, account):
        self.account, self.client = account, None

    def open(self):
        return self

    def send(self, sender, recipients, data) -> str:
        Recorder.sent.append((sender, tuple(recipients), data))
        return "recorded"

    def close(self):
        pass


@pytest.fixture
def recorder():
    plugins.reset()
    Recorder.sent = []
    plugins.get_plugin_manager().register(plugin("recorder", register_senders=lambda r: r("recorder", Recorder)))
    yield Recorder
    plugins.reset()


def test_the_setting_is_read_and_checked():
    account = from_section("home", {"preset": "gmail", "email": "a@example.test", "sender": "recorder"})
    assert (account.sender, account.mailbox) == ("recorder", "imap")
    with pytest.raises(ConfigError, match=r"\[accounts.home\] sender must be the name of a registered sender"):
        from_section("home", {"preset": "gmail", "email": "a@example.test", "sender": ""})


def test_an_approved_message_goes_through_the_plugins_sender(store, seeded, account, recorder):
    chosen = replace(account, sender="recorder", append_sent=False)
    message_id = add_message(store, seeded)
    with store.transaction() as tx:
        delivery.approve(tx, message_id, now=NOW, accounts={chosen.name: chosen})
    report = delivery.send_due(store, now=NOW, accounts={chosen.name: chosen})
    assert report.sent == [message_id]
    [(sender, recipients, data)] = recorder.sent
    assert sender == chosen.email and b"Thank you for today" in data
    with store.transaction() as tx:
        assert tx.get(Message, message_id).state == MessageState.SENT


def test_a_sender_no_plugin_registers_sends_nothing_and_says_so(store, seeded, account, mail):
    plugins.reset()
    chosen = replace(account, sender="postcard")
    message_id = add_message(store, seeded)
    with store.transaction() as tx:
        delivery.approve(tx, message_id, now=NOW, accounts={chosen.name: chosen})
    with pytest.raises(DeliveryError, match=r"^its setting sender = 'postcard': unknown sender 'postcard' \(known: smtp\)$"):
        delivery._sender(chosen)
    report = delivery.send_due(store, now=NOW, accounts={chosen.name: chosen})
    assert report.sent == [] and mail.messages("bob") == []
    [problem] = report.account_problems
    assert problem.line().startswith("account test cannot send: its setting sender = 'postcard': "
                                     "unknown sender 'postcard' (known: smtp); 1 due message stays")
    with store.transaction() as tx:
        assert tx.get(Message, message_id).state == MessageState.APPROVED  # waiting, not lost
