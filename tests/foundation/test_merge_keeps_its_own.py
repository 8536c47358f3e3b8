"""A merge keeps the kept person's own: their first address, their details; and says what it took,
where each unsent email moved over goes, and which drafts name the duplicate's name."""

import json
from datetime import datetime, timedelta, timezone

import pytest

from afterview.domain import model as m
from afterview.services.merge import merge_people

from tests.helpers import afterview

T0 = datetime(2026, 11, 23, 15, 0, tzinfo=timezone.utc)


@pytest.fixture
def hank(tmp_path):
    """Hank Lee entered twice at Contoso, the second time as "Hnak Lee" (another address, a time
    zone), who was on the second panel and got a thank-you draft greeting "Hnak"."""
    path = str(tmp_path / "afterview.db")

    def run(*args, at="2026-11-09 09:00 America/Chicago"):
        result = afterview("--db", path, "--at", at, *args)
        assert result.code == 0, result.err
        return result.out

    run("profile", "set", "--name", "Alex Morgan", "--email", "alex@mail.example", "--phone", "+1 555 0100",
        "--tz", "America/Chicago", "--country", "US")
    run("opportunity", "add", "--company", "Contoso", "--role", "Data Engineer")
    run("opportunity", "add", "--company", "Contoso", "--role", "Analytics Engineer")
    run("person", "add", "Rita Gomez", "--email", "rita@contoso.example", "--company", "Contoso")
    run("person", "add", "Hank Lee", "--email", "hank@contoso.example", "--company", "Contoso", "--tag", "streaming")
    run("person", "add", "Hnak Lee", "--email", "hlee@contoso.example", "--company", "Contoso",
        "--tz", "America/New_York", "--tag", "dashboards")
    run("interview", "add", "--opportunity", "1", "--start", "2026-11-10 10:00", "--duration", "1h",
        "--with", "Rita Gomez:recruiter", "--with", "Hank Lee:hiring_manager")
    run("interview", "add", "--opportunity", "2", "--start", "2026-11-11 10:00", "--duration", "1h",
        "--with", "Rita Gomez:recruiter", "--with", "Hnak Lee:hiring_manager")
    run("debrief", "2", "--person", "Hnak", "--topic", "finance dashboards")
    run("draft", "thank_you:i2:p3", "--no-ask", at="2026-11-11 12:00 America/Chicago")
    [n] = [x["id"] for x in json.loads(run("drafts", "--json")) if x["action"] == "thank_you:i2:p3"]
    draft = json.loads(run("show", str(n), "--json"))["message"]
    assert draft["to_address"] == "hlee@contoso.example" and "Hi Hnak" in draft["body"]
    run.draft_id = n
    return run


def test_the_kept_persons_first_address_and_the_drafts_that_name_the_duplicate(hank):
    # Found by a tester: the merge said only what moved; the moved draft still greeted "Hnak",
    # and drafted again it went to the duplicate's address, not Hank's.
    n = hank.draft_id
    out = hank("person", "merge", "3", "--into", "2", "--yes", at="2026-11-11 12:00 America/Chicago")
    assert out.splitlines() == [
        "merged person 3 into person 2 (Hank Lee): 1 interview panel, 1 debrief, 1 message moved over",
        "Hank Lee's addresses: hank@contoso.example (first, as before), then hlee@contoso.example (Hnak Lee's)",
        "taken from Hnak Lee, as Hank Lee had none: time zone America/New_York, country US",
        f"draft {n}: now to hank@contoso.example, Hank Lee's first address (was hlee@contoso.example, Hnak Lee's)",
        f"note: draft {n} names Hnak Lee, now Hank Lee: correct it, or draft it again "
        "(afterview draft thank_you:i2:p2 --force)",
    ]
    kept = json.loads(hank("person", "show", "2", "--json"))
    assert kept["emails"] == ["hank@contoso.example", "hlee@contoso.example"]
    hank("draft", "thank_you:i2:p2", "--force", "--no-ask", at="2026-11-11 12:05 America/Chicago")
    shown = hank("show", str(n))
    assert shown.splitlines()[0].startswith(f"#{n} thank_you to Hank Lee <hank@contoso.example>")
    assert "Hi Hank," in shown and "Hnak" not in shown


def test_the_kept_persons_own_details_win_and_the_merge_says_so(hank):
    # Found by a tester: Hank silently took the duplicate's time zone.
    hank("person", "edit", "Hank Lee", "--tz", "America/Chicago", "--title", "Engineering Manager")
    hank("person", "edit", "Hnak Lee", "--title", "Manager")
    out = hank("person", "merge", "Hnak Lee", "--into", "Hank Lee", "--yes", at="2026-11-11 12:00 America/Chicago")
    assert ("Hank Lee's own kept: title Engineering Manager (Hnak Lee had Manager), "
            "time zone America/Chicago (Hnak Lee had America/New_York)") in out.splitlines()
    assert "taken from" not in out  # Hank had a country (from his zone), as the duplicate
    kept = json.loads(hank("person", "show", "2", "--json"))
    assert (kept["timezone"], kept["title"]) == ("America/Chicago", "Engineering Manager")
    assert kept["tags"] == ["streaming", "dashboards"]


def _two(tx, **kept):
    priya = tx.add(m.Person(name="Priya Raman", **kept))
    twin = tx.add(m.Person(name="Pria Raman", emails=["p.raman@home.example"], timezone="Europe/Berlin",
                           do_not_contact=True))
    return priya, twin


def _note(tx, person, state, key, body="Hi Priya,", **kw):
    return tx.add(m.Message(kind=m.MessageKind.THANK_YOU, person_id=person.id, action_key=key, subject="Hello",
                            body=body, to_address="p.raman@home.example", state=state, **kw))


def test_each_unsent_email_says_where_it_goes(store):
    with store.transaction() as tx:
        priya, twin = _two(tx, emails=["priya@northwind.example"])
        approved = _note(tx, twin, m.MessageState.APPROVED, f"thank_you:i1:p{twin.id}", approved_at=T0)
        failed = _note(tx, twin, m.MessageState.FAILED, f"thank_you:i2:p{twin.id}", last_error="bounced: 550")
        drafted = _note(tx, twin, m.MessageState.DRAFTED, f"thank_you:i3:p{twin.id}", body="Hi Pria,")
        sent = _note(tx, twin, m.MessageState.SENT, f"thank_you:i4:p{twin.id}", sent_at=T0)
    with store.transaction() as tx:
        merged = merge_people(tx, twin.id, priya.id, now=T0 + timedelta(hours=1))
    notes = merged.notes()
    assert notes[0].startswith(f"message {approved.id}: not sent: it was written to Pria Raman")
    assert notes[1:] == [
        f"draft {approved.id}: now to priya@northwind.example, Priya Raman's first address "
        "(was p.raman@home.example, Pria Raman's)",
        f"message {failed.id} (failed) went to p.raman@home.example, an address of Priya Raman's now: "
        "approved again, it goes there",
        f"draft {drafted.id}: now to priya@northwind.example, Priya Raman's first address "
        "(was p.raman@home.example, Pria Raman's)",
        f"note: draft {drafted.id} names Pria Raman, now Priya Raman: correct it, or draft it again "
        f"(afterview draft thank_you:i3:p{priya.id} --force)",
    ]
    assert merged.details == [
        "Priya Raman's addresses: priya@northwind.example (first, as before), then p.raman@home.example (Pria Raman's)",
        "taken from Pria Raman, as Priya Raman had none: time zone Europe/Berlin",
        "do not contact: Pria Raman was marked so, and so is Priya Raman now",
    ]
    with store.transaction() as tx:
        addresses = {x.id: (x.state, x.to_address) for x in tx.list(m.Message)}
    assert addresses == {
        approved.id: (m.MessageState.DRAFTED, "priya@northwind.example"),
        failed.id: (m.MessageState.FAILED, "p.raman@home.example"),  # the record of that send
        drafted.id: (m.MessageState.DRAFTED, "priya@northwind.example"),
        sent.id: (m.MessageState.SENT, "p.raman@home.example"),
    }


def test_a_kept_person_without_an_address_takes_the_duplicates(store):
    with store.transaction() as tx:
        priya, twin = _two(tx)
        drafted = _note(tx, twin, m.MessageState.DRAFTED, f"thank_you:i1:p{twin.id}")
    with store.transaction() as tx:
        merged = merge_people(tx, twin.id, priya.id, now=T0)
    assert merged.notes() == [f"draft {drafted.id} goes to p.raman@home.example"]  # greets "Priya": the kept name
    assert not [line for line in merged.details if "addresses" in line]
    with store.transaction() as tx:
        assert tx.get(m.Person, priya.id).emails == ["p.raman@home.example"]
        assert tx.get(m.Message, drafted.id).to_address == "p.raman@home.example"
