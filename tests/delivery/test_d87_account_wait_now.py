"""A note waiting for its account is said against the account as config.toml reads now: put right
since, it goes with the next send round (not the mistake stored when it waited); written wrong
another way since, the mistake it has now."""

from __future__ import annotations

from afterview.delivery.accounts import Accounts
from afterview.domain.model import Message, MessageKind, MessageState
from afterview.services.delivery import ACCOUNT_WAIT, account_wait_words

STORED = (f"{ACCOUNT_WAIT}account me is written wrong in config.toml: config.toml: [accounts.me] smtp_port must be a "
          "port number (line 4); put it right (afterview account edit me), then it goes out")


def _waiting(error: str = STORED, state=MessageState.APPROVED) -> Message:
    return Message(id=3, kind=MessageKind.THANK_YOU, person_id=1, subject="Thanks", body="Hi", to_address="bob@example.test", account="me",
                   state=state, attempts=1, last_error=error)


def test_put_right_since_it_goes_with_the_next_round():
    said = account_wait_words(_waiting(), Accounts({"me": object()}))
    assert said == ("waited for its account me, which was written wrong in config.toml; it is put right now: it goes "
                    "with the next send round")
    assert "smtp_port" not in said


def test_written_wrong_another_way_since_says_the_mistake_it_has_now():
    now = Accounts(broken={"me": "config.toml: [accounts.me] smtp_host: give the server's name alone (line 3)"})
    said = account_wait_words(_waiting(state=MessageState.SCHEDULED), now)
    assert said == (f"{ACCOUNT_WAIT}account me is written wrong in config.toml: config.toml: [accounts.me] smtp_host: "
                    "give the server's name alone (line 3); put it right (afterview account edit me), then it goes out")
    # a login refused then, the account written wrong now: what is wrong now, too
    refused = _waiting(f"{ACCOUNT_WAIT}SMTP 127.0.0.1: authentication failed; fix it, then it goes out")
    assert "smtp_host: give the server's name alone" in account_wait_words(refused, now)


def test_a_reason_known_only_by_trying_is_kept_and_a_note_not_waiting_says_nothing():
    refused = _waiting(f"{ACCOUNT_WAIT}SMTP 127.0.0.1: authentication failed; fix it, then it goes out")
    assert account_wait_words(refused, Accounts({"me": object()})) == refused.last_error  # known again by trying
    assert account_wait_words(_waiting(), None) == STORED  # accounts not read: as stored
    assert account_wait_words(_waiting("SMTP 451 greylisted"), Accounts({"me": object()})) == ""
