"""Notes to the demo's invented people never go out through a real mail server: the guard itself
(services.demo.refuse_demo_mail), which every way out by mail asks before anything is sent."""

from __future__ import annotations

import pytest

from afterview.delivery.accounts import Account
from afterview.domain.model import Person
from afterview.services.demo import DEMO_MARK, DemoMail, demo_mail_refusal, refuse_demo_mail

PRIYA = Person(id=1, name="Priya Raman", emails=["priya.raman@northwind.example"], notes=DEMO_MARK)
OWN = Person(id=7, name="Dana Reyes", emails=["dana@acme.example"])


def account(host: str, **changes) -> Account:
    return Account(name="personal", email="me@mail.example", smtp_host=host, imap_host=host, **changes)


@pytest.mark.parametrize("host", ["smtp.gmail.com", "10.0.0.5", "192.168.1.2", "mail.example", ""])
def test_a_real_server_is_refused_in_one_line(host):
    with pytest.raises(DemoMail) as refused:
        refuse_demo_mail(PRIYA, account(host), message_id=2)
    said = str(refused.value)
    assert said.startswith("Priya Raman is one of the demo's invented people")
    assert "afterview send 2 --eml FILE" in said and "\n" not in said
    assert (f"({host} of account personal)" if host else "(account personal)") in said


@pytest.mark.parametrize("host", ["127.0.0.1", "::1", "[::1]", "localhost", "LOCALHOST.", "127.0.0.53"])
def test_a_server_on_this_computer_takes_the_demo(host):
    assert demo_mail_refusal(PRIYA, account(host)) == ""
    assert demo_mail_refusal(PRIYA, account(host), way="imap") == ""


def test_your_own_people_are_not_concerned():
    assert demo_mail_refusal(OWN, account("smtp.gmail.com")) == ""
    assert demo_mail_refusal(None, account("smtp.gmail.com")) == ""


def test_drafts_go_by_the_imap_server():
    mixed = Account(name="home", email="me@mail.example", smtp_host="127.0.0.1", imap_host="imap.gmail.com")
    assert demo_mail_refusal(PRIYA, mixed) == ""
    assert demo_mail_refusal(PRIYA, mixed, way="imap").startswith("not placed in your Drafts folder: Priya Raman")


def test_a_plugins_sender_is_no_local_server():
    assert demo_mail_refusal(PRIYA, account("127.0.0.1", sender="carrier-pigeon"))
    assert demo_mail_refusal(PRIYA, account("127.0.0.1", mailbox="jmap"), way="imap")
