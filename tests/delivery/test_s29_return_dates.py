"""A return date in figures that reads two ways is not taken when the sender's order puts it far.

"I am out of the office until 12/7" from Britain on 29 November read day first is 12 July: a
thank-you was postponed by seven months. An absence is rarely longer than a few weeks: such a
date is taken in the sender's order only when that reading lies within 45 days of the note's day,
or the other reading does not; otherwise it has no return date, and `sync` says why.
"""

from datetime import date, timedelta

import pytest

from afterview.delivery import autoreply, inbound
from afterview.domain.model import Inbound, InboundKind, Person
from tests.delivery.conftest import NOW
from tests.delivery.test_crash import run_cli
from tests.delivery.test_s29_inbound_reading import sent  # noqa: F401 (a fixture)

NOTE_DAY = date(2026, 11, 29)
UNTIL_12_7 = "I am out of the office until 12/7 with limited access to email."


def reading(text: str, country: str, day: date = NOTE_DAY):
    return autoreply.return_reading(text, day, day_first=autoreply.day_first_in(country))


def test_until_12_7_from_britain_reads_two_ways_and_is_not_taken():
    back, two = reading(UNTIL_12_7, "GB")
    assert back is None
    assert two == autoreply.TwoWays("12/7", date(2027, 7, 12), date(2026, 12, 7))
    assert autoreply.return_date(UNTIL_12_7, NOTE_DAY, day_first=True) is None


@pytest.mark.parametrize("text, country, back", [
    (UNTIL_12_7, "US", date(2026, 12, 7)),  # month first: 7 December, near
    ("I am out of the office until 7/12.", "GB", date(2026, 12, 7)),  # day first and near
    ("I am back on 12/1.", "GB", date(2027, 1, 12)),  # both readings near: the sender's order
    ("I am out of the office until 12/7/2027.", "GB", date(2027, 7, 12)),  # the other one is past
    ("Until 12/7. I am back on December 8.", "GB", date(2026, 12, 8)),  # another cue gives a date
    ("I am on parental leave until 3/4.", "GB", date(2027, 4, 3)),  # 4 March is as far: theirs
])
def test_a_date_that_reads_one_way_or_is_near_in_their_order_is_taken(text, country, back):
    assert reading(text, country) == (back, None)


def test_two_ways_in_another_language_too():
    back, two = reading("Estoy fuera de la oficina hasta el 12/7.", "ES")
    assert back is None and (two.theirs, two.other) == (date(2027, 7, 12), date(2026, 12, 7))


def _ooo(text: str) -> bytes:
    return (f"From: Lena Fischer <lena.fischer@northwind.example>\r\nTo: me@example.org\r\n"
            f"Subject: Automatic reply: Thank you\r\nDate: Sun, 29 Nov 2026 13:44:00 -0000\r\n"
            f"Message-ID: <ooo-gb@northwind.example>\r\nAuto-Submitted: auto-replied\r\n\r\n{text}\r\n").encode()


def test_the_summary_names_both_readings_and_what_waits():
    item = inbound.classify(_ooo(UNTIL_12_7), today=NOTE_DAY, sender_country=lambda address: "GB")
    assert item.category == "auto_reply" and item.return_date is None
    said = inbound.summary(item)
    assert "12/7 reads two ways, Mon 7 Dec 2026 or Mon 12 Jul 2027" in said, said
    assert "out_of_office.without_date" in said and "\n" not in said
    us = inbound.classify(_ooo(UNTIL_12_7), today=NOTE_DAY, sender_country=lambda address: "US")
    assert us.return_date == date(2026, 12, 7) and inbound.summary(us).startswith("out of office, back 2026-12-07")


@pytest.mark.mail
def test_sync_takes_no_return_date_from_britain_and_says_why(mail, store, sent):  # noqa: F811
    db, _message_id, header = sent
    with store.transaction() as tx:
        [bob] = tx.list(Person)
        bob.country = "GB"
        tx.update(bob)
    written = NOW + timedelta(hours=1)
    mail.deliver_to_inbox("alice", (
        f"From: Bob Builder <bob@example.test>\r\nTo: Alice Seeker <alice@localhost.example>\r\n"
        f"Subject: Automatic reply: Thank you\r\nDate: {written:%a, %d %b %Y %H:%M:%S} +0000\r\n"
        f"Message-ID: <ooo-gb-1@example.test>\r\nIn-Reply-To: {header}\r\nAuto-Submitted: auto-replied\r\n"
        f"Content-Type: text/plain; charset=utf-8\r\n\r\n"
        f"I am out of the office until 12/7 with limited access to email.\r\n"))
    synced = run_cli(db, "sync", at=NOW + timedelta(hours=2))
    assert synced.returncode == 0, synced.stderr
    [line] = [ln for ln in synced.stdout.splitlines() if "auto_reply from bob@example.test" in ln]
    assert "12/7 reads two ways, Mon 7 Dec 2026 or Mon 12 Jul 2027" in line, synced.stdout
    assert "2027-07-12" not in synced.stdout and "back " not in line
    with store.transaction() as tx:
        [reply] = tx.list(Inbound)
    assert (reply.kind, reply.return_date) == (InboundKind.AUTO_REPLY, None)
