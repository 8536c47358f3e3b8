"""A plugin's sender or mailbox that raises something other than a DeliveryError (any exception,
sys.exit() included) never stops the outbox, nor leaves a message in 'sending': failing to open
is the account's problem (the message waits), failing in send() is an unknown outcome (never sent
again on its own), failing to close is a warning, a failing Sent copy is noted. Ctrl-C passes.

Found by a tester: such a sender crashed `send --now`, `send-due`, the worker (exit 70) and the
desk's mail round, and stranded the message in 'sending'.
"""

from __future__ import annotations

import sys

import pytest

from afterview import plugins
from afterview.delivery.accounts import Account
from afterview.domain.model import Message, MessageState
from afterview.errors import DeliveryError
from afterview.services import delivery
from tests.delivery.conftest import NOW, add_message, seeded, store  # noqa: F401 (fixtures)
from tests.plugins.conftest import install

MODULE = "afterview_qa_mail"

# A sender and a mailbox as a third-party plugin would write them; how each misbehaves is set
# by the test through the module's MODE.
SOURCE = '''
import sys

from afterview.plugins import hookimpl

MODE = set()
WIRE = []
SENT_FOLDER = []
CALLS = []


class Sender:
    def __init__(self, account):
        if "factory-raise" in MODE:
            raise ValueError("no pipe for " + account.name)
        self.client = None

    def open(self):
        CALLS.append("open")
        if "open-raise" in MODE:
            raise RuntimeError("cannot open the pipe")
        if "open-exit" in MODE:
            sys.exit(4)
        if "open-none" in MODE:
            return None
        self.client = object()
        return self

    def send(self, sender, recipients, data):
        CALLS.append("send")
        if "send-print" in MODE:
            print("PLUGIN SAYS HELLO")
        if "raise-before" in MODE:
            raise RuntimeError("broken before delivering")
        WIRE.append(data)
        if "raise-after" in MODE:
            raise AttributeError("'NoneType' object has no attribute 'ok'")
        if "exit-after" in MODE:
            sys.exit(3)
        if "interrupt" in MODE:
            raise KeyboardInterrupt
        return "250 queued"

    def close(self):
        if "close-raise" in MODE:
            raise RuntimeError("close failed")
        self.client = None


class Box:
    def __init__(self, account):
        self.account = account
        self.client = None

    def open(self):
        self.client = object()
        return self

    def close(self):
        self.client = None

    def __enter__(self):
        return self.open()

    def __exit__(self, *exc):
        self.close()

    def drafts_folder(self):
        return "Drafts"

    def sent_folder(self):
        return "Sent"

    def append(self, folder, data, flags, when=None):
        if "append-raise" in MODE:
            raise OSError("disk of the fake mailbox is gone")
        if "append-exit" in MODE:
            raise SystemExit(2)
        SENT_FOLDER.append((folder, data))

    def contains_message_id(self, folder, message_id):
        return False

    def select(self, folder="INBOX"):
        return 1

    def uids_after(self, last_uid):
        return []

    def headers(self, uids):
        return {}

    def bodies(self, uids):
        return {}


@hookimpl
def register_senders(register):
    register("qafile", Sender)


@hookimpl
def register_mailboxes(register):
    register("qabox", Box)
'''


@pytest.fixture
def qa(tmp_path, on_path):
    """The plugin, installed through a real entry point; its module, to set its MODE."""
    on_path(install(tmp_path / "site", MODULE, SOURCE, entry_name="qa_mail"), MODULE)
    plugins.senders()  # loads it
    return sys.modules[MODULE]


ACCOUNT = Account(name="work", email="alex@example.org", sender="qafile", mailbox="qabox",
                  imap_host="mail.invalid", append_sent=True)
ACCOUNTS = {ACCOUNT.name: ACCOUNT}


def approved(store, seeded) -> int:
    message_id = add_message(store, seeded)
    with store.transaction() as tx:
        delivery.approve(tx, message_id, now=NOW, accounts=ACCOUNTS)
    return message_id


def stored(store, message_id: int) -> Message:
    with store.reading() as tx:
        return tx.get(Message, message_id)


@pytest.mark.parametrize("mode, said", [
    ("raise-before", "RuntimeError: broken before delivering"),
    ("raise-after", "AttributeError: 'NoneType' object has no attribute 'ok'"),
    ("exit-after", "it tried to end the program (SystemExit: 3)"),
])
def test_a_send_that_raises_is_an_unknown_outcome_never_sent_again(qa, store, seeded, mode, said):
    qa.MODE = {mode}
    message_id = approved(store, seeded)
    report = delivery.send_due(store, now=NOW, accounts=ACCOUNTS)
    assert report.sent == [] and [i for i, _ in report.unknown] == [message_id]
    message = stored(store, message_id)
    assert message.state == MessageState.FAILED  # not left in 'sending'
    assert delivery.outcome_unknown(message)
    assert message.last_error.startswith(
        "outcome unknown: plugin 'qa_mail': sender 'qafile' failed while sending (whether it had delivered the "
        f"message is not known): {said}; ")
    assert "never sends it again on its own" in message.last_error
    # a later run does not send it again, whatever the plugin would do now
    qa.MODE = set()
    again = delivery.send_due(store, now=NOW, accounts=ACCOUNTS)
    assert again.sent == [] and qa.CALLS.count("send") == 1
    assert stored(store, message_id).state == MessageState.FAILED


@pytest.mark.parametrize("mode, said", [
    ("open-raise", "failed to open: RuntimeError: cannot open the pipe"),
    ("open-exit", "failed to open: it tried to end the program (SystemExit: 4)"),
    ("open-none", "failed to open: its open() returned None, not the opened sender (return self)"),
    ("factory-raise", "failed to open: ValueError: no pipe for work"),
])
def test_a_sender_that_cannot_open_is_the_accounts_problem_and_the_message_waits(qa, store, seeded, mode, said):
    qa.MODE = {mode}
    message_id = approved(store, seeded)
    report = delivery.send_due(store, now=NOW, accounts=ACCOUNTS)
    assert report.sent == [] and report.unknown == [] and report.failed == []
    [problem] = report.account_problems
    assert problem.error == f"plugin 'qa_mail': sender 'qafile' {said}"
    assert problem.line().startswith(f"account work cannot send: plugin 'qa_mail': sender 'qafile' {said}; "
                                     "1 due message stays approved")
    assert stored(store, message_id).state == MessageState.APPROVED  # waits; goes out once fixed
    qa.MODE = set()
    assert delivery.send_due(store, now=NOW, accounts=ACCOUNTS).sent == [message_id]


def test_a_close_that_raises_is_a_warning_and_the_send_stands(qa, store, seeded, capsys):
    qa.MODE = {"close-raise"}
    message_id = approved(store, seeded)
    report = delivery.send_due(store, now=NOW, accounts=ACCOUNTS)
    assert report.sent == [message_id]
    assert stored(store, message_id).state == MessageState.SENT
    err = capsys.readouterr().err
    assert ("afterview: warning: plugin 'qa_mail': sender 'qafile' failed to close: RuntimeError: close failed "
            "(what it did stands)") in err


@pytest.mark.parametrize("mode, said", [
    ("append-raise", "OSError: disk of the fake mailbox is gone"),
    ("append-exit", "it tried to end the program (SystemExit: 2)"),
])
def test_a_sent_copy_that_fails_in_a_plugin_mailbox_is_noted_and_the_send_stands(qa, store, seeded, mode, said):
    qa.MODE = {mode}
    message_id = approved(store, seeded)
    report = delivery.send_due(store, now=NOW, accounts=ACCOUNTS)
    assert report.sent == [message_id] and len(qa.WIRE) == 1
    [(copied, note)] = report.uncopied
    assert copied == message_id
    assert note == ("sent; the copy for the Sent folder \"Sent\" failed: "
                    f"plugin 'qa_mail': mailbox 'qabox' failed in append: {said}")
    assert stored(store, message_id).state == MessageState.SENT


def test_a_working_plugin_sends_and_files_its_copy(qa, store, seeded):
    qa.MODE = set()
    message_id = approved(store, seeded)
    assert delivery.send_due(store, now=NOW, accounts=ACCOUNTS).sent == [message_id]
    assert len(qa.WIRE) == 1 and [folder for folder, _ in qa.SENT_FOLDER] == ["Sent"]


def test_what_a_sender_prints_goes_to_stderr(qa, store, seeded, capsys):
    qa.MODE = {"send-print"}
    message_id = approved(store, seeded)
    assert delivery.send_due(store, now=NOW, accounts=ACCOUNTS).sent == [message_id]
    out, err = capsys.readouterr()
    assert "PLUGIN SAYS HELLO" not in out and "PLUGIN SAYS HELLO" in err


def test_ctrl_c_in_a_plugin_sender_is_not_caught(qa, store, seeded):
    qa.MODE = {"interrupt"}
    approved(store, seeded)
    with pytest.raises(KeyboardInterrupt):
        delivery.send_due(store, now=NOW, accounts=ACCOUNTS)


def test_account_test_says_a_plugin_sender_that_cannot_open(qa):
    qa.MODE = {"open-raise"}
    smtp = next(c for c in delivery.test_account(ACCOUNT) if c.what == "SMTP")
    assert not smtp.ok
    assert smtp.detail == "plugin 'qa_mail': sender 'qafile' failed to open: RuntimeError: cannot open the pipe"


def test_only_plugins_senders_and_mailboxes_are_guarded(qa):
    from afterview.delivery.imap import ImapConnection
    from afterview.delivery.smtp import SmtpConnection
    from afterview.plugins.guard import GuardedMailbox, GuardedSender

    assert isinstance(plugins.sender("qafile")(ACCOUNT), GuardedSender)
    assert isinstance(plugins.mailbox("qabox")(ACCOUNT), GuardedMailbox)
    assert type(plugins.sender("smtp")(ACCOUNT)) is SmtpConnection
    assert type(plugins.mailbox("imap")(ACCOUNT)) is ImapConnection


def test_a_guarded_mailbox_keeps_its_protocol(qa):
    box = plugins.mailbox("qabox")(ACCOUNT)
    assert box.client is None
    with box as opened:
        assert opened is box and box.client is not None
        assert box.sent_folder() == "Sent" and box.account is ACCOUNT
        assert getattr(box, "find_folder", None) is None  # optional: absent as it is absent
        box.append("Sent", b"x", (b"\\Seen",))
    assert box.client is None
    qa.MODE = {"append-raise"}
    with box, pytest.raises(DeliveryError, match="^plugin 'qa_mail': mailbox 'qabox' failed in append: OSError: "):
        box.append("Sent", b"x", ())


def test_a_method_of_the_protocol_a_plugin_lacks_is_its_failure():
    from afterview.plugins.guard import guarded_factory

    class Bare:  # a mailbox with open() and close() only
        client = None

        def open(self):
            self.client = object()
            return self

        def close(self):
            self.client = None

    box = guarded_factory("mailbox", "qa_mail", "bare", lambda account: Bare())(ACCOUNT)
    with box:
        with pytest.raises(DeliveryError) as raised:
            box.select("INBOX")
        assert str(raised.value) == ("plugin 'qa_mail': mailbox 'bare' has no select() method (see the Mailbox "
                                     "protocol in afterview.plugins.hookspecs)")
        assert getattr(box, "find_folder", None) is None
    sender = guarded_factory("sender", "qa_mail", "bare", lambda account: Bare())(ACCOUNT)
    with pytest.raises(DeliveryError, match=r"^plugin 'qa_mail': sender 'bare' has no send\(\) method"):
        sender.open().send("a@example.org", ["b@example.org"], b"x")
