"""From INBOX messages to facts, without a server: what is read, what is recorded, and how."""

from datetime import timedelta

from afterview.delivery.reading import Candidate, Index, record, select_relevant
from afterview.domain.model import Company, Inbound, InboundKind, Opportunity, Person, ReplyClass
from afterview.services.delivery import SyncReport
from tests.delivery.conftest import NOW, add_message

NEWSLETTER = (b"From: Acme News <news@acme.example>\r\nSubject: Our December newsletter\r\n"
              b"Message-ID: <nl1@acme.example>\r\nPrecedence: bulk\r\nAuto-Submitted: auto-generated\r\n\r\n"
              b"Read about our new office.\r\n")
ATS = (b"From: Acme Talent <no-reply@us.greenhouse-mail.io>\r\nSubject: Your application to Acme\r\n"
       b"Message-ID: <ats1@greenhouse-mail.io>\r\nAuto-Submitted: auto-generated\r\n\r\n"
       b"We regret to inform you that the position has been filled.\r\n")


def run(store, raw: bytes, uid: int = 1, ats_company=None):
    report = SyncReport("test")
    with store.transaction() as tx:
        facts = tx.facts()
        record(tx, raw, Candidate(uid, NOW, len(raw), ats_company), facts=facts, now=NOW, report=report)
    return report


def test_automated_mail_from_the_employer_without_a_decision_is_not_an_answer(store, seeded):
    with store.transaction() as tx:
        bob = tx.get(Person, seeded["person"])
        bob.emails = ["bob@acme.example"]  # the newsletter comes from his company's domain
        tx.update(bob)
    assert run(store, NEWSLETTER).recorded == []


def test_ats_mail_is_matched_by_company_name_only_when_unique(store, seeded):
    with store.transaction() as tx:
        index = Index.build(tx.facts())
    head = ATS.split(b"\r\n\r\n")[0] + b"\r\n"
    wanted = select_relevant({7: (head, len(ATS), NOW)}, index)
    assert wanted[7].ats_company == seeded["company"]
    report = run(store, ATS, ats_company=wanted[7].ats_company)
    [fact] = report.recorded
    assert fact.kind == InboundKind.REPLY and fact.classification == ReplyClass.REJECTION
    assert fact.opportunity_id == seeded["opportunity"]
    with store.transaction() as tx:
        tx.add(Opportunity(company_id=seeded["company"], role="Second role", created_at=NOW))
    again = run(store, ATS.replace(b"ats1", b"ats2"), ats_company=seeded["company"])
    assert again.recorded[0].opportunity_id is None and again.recorded[0].summary.startswith("ambiguous")


def test_unrelated_headers_are_not_selected(store, seeded):
    with store.transaction() as tx:
        tx.add(Company(name="Globex"))
        index = Index.build(tx.facts())
    headers = {
        1: (b"From: shop@store.example\r\nSubject: Sale\r\n", 100, NOW),
        2: (b"From: friend@gmail.com\r\nSubject: Acme party?\r\n", 100, NOW),  # webmail is never matched by name
        3: (b"From: bob@example.test\r\nSubject: Hi\r\n", 100, NOW),
        4: (b"From: MAILER-DAEMON@mx.example\r\nSubject: Undeliverable\r\n", 100, NOW),
        5: (b"\xff\xfe\x00garbage", 100, NOW),
    }
    assert sorted(select_relevant(headers, index)) == [3]  # no Message-IDs of ours yet: bounces cannot be ours
    add_message(store, seeded, message_id="<m1@example.test>")
    with store.transaction() as tx:
        index = Index.build(tx.facts())
    assert 4 in select_relevant(headers, index)


def test_the_same_message_is_never_recorded_twice(store, seeded):
    message_id = add_message(store, seeded, message_id="<m1@example.test>")
    reply = (b"From: Bob <bob@example.test>\r\nSubject: Re: Thank you\r\nMessage-ID: <r1@example.test>\r\n"
             b"In-Reply-To: <m1@example.test>\r\n\r\nThanks!\r\n")
    assert len(run(store, reply).recorded) == 1
    assert run(store, reply, uid=2).recorded == []
    with store.transaction() as tx:
        [fact] = tx.list(Inbound)
    assert fact.answers_message_id == message_id and fact.received_at <= NOW + timedelta(seconds=1)
