"""An automatic reply saying its sender has left the company, read from the real Dovecot: its own
kind in the lists ("left"), said as "Jordan Lee has left Acme Corp; the reply names
recruiting@acme.example", with the commands that give them that address or take the old one
away. Nothing is done for the user: no address changes, nothing is rescheduled, and the
follow-up it stops is said to be stopped."""

import json

from afterview.domain.model import Message, MessageState, Person
from afterview.planner import DEFAULT_PLAYBOOK, plan
from afterview.services import delivery
from afterview.services.planning import explain
from tests.delivery.conftest import NOW, account_for
from tests.delivery.test_crash import run_cli, write_config
from tests.delivery.test_inbound_realworld_sync import mail_from, pipeline, recorded  # noqa: F401

LEFT = ("Thank you for your email. Please note that I have left Acme Corp and this mailbox is no longer monitored. "
        "For recruiting matters, please contact recruiting@acme.example.")


def deliver_left(mail, acme, n="left-1", text=LEFT) -> None:
    mail.deliver_to_inbox("alice", mail_from(
        "Jordan Lee <jordan.lee@acme.example>", "Automatic reply: Thank you - Backend Engineer interview", text, n,
        headers=f"Auto-Submitted: auto-replied\nIn-Reply-To: <ty-{acme['person']}@example.test>\n"))


def test_sync_and_replies_say_who_has_left_and_offer_what_to_do(mail, store, pipeline, afterview_home, tmp_path):
    acme = pipeline["Acme Corp"]
    person = acme["person"]
    write_config(afterview_home, mail)
    db = tmp_path / "afterview.db"
    deliver_left(mail, acme)
    synced = run_cli(db, "sync")
    assert synced.returncode == 0, synced.stderr
    [left] = recorded(store)
    assert left.return_date is None  # never postponed to a return that will not come
    assert ("  left from jordan.lee@acme.example: Please note that I have left Acme Corp and this mailbox is no longer "
            "monitored.; it points to recruiting@acme.example\n") in synced.stdout, synced.stdout
    notice = (f"reply {left.id}: Jordan Lee has left Acme Corp; the reply names recruiting@acme.example; "
              f"if recruiting@acme.example is their new address: afterview person edit {person} "
              f"--email recruiting@acme.example; if they are gone, so that nothing more goes to "
              f"jordan.lee@acme.example: afterview person edit {person} --no-email")
    assert notice in synced.stdout, synced.stdout
    # stopped, and said: the approved follow-up is a draft again, with why
    assert "not sent: Jordan Lee has left, says their automatic reply of Wed 25 Nov" in synced.stdout
    with store.transaction() as tx:
        assert tx.get(Message, pipeline["follow_up"]).state == MessageState.DRAFTED
        assert tx.get(Person, person).emails == ["jordan.lee@acme.example"]  # nothing changed for them
        facts = tx.facts()
    assert not [a for a in plan(facts, DEFAULT_PLAYBOOK, NOW)
                if a.opportunity_id == acme["opportunity"] and a.key.startswith("status_check")]

    listed = run_cli(db, "replies")
    assert listed.returncode == 0 and notice in listed.stdout
    row = next(line for line in listed.stdout.splitlines() if line.startswith(f"{left.id}\t"))
    assert row.split("\t")[2] == "left" and row.split("\t")[6] == "address"
    [as_json] = json.loads(run_cli(db, "replies", "--json").stdout)
    assert as_json["kind"] == "reply"  # kept as a reply: it stops what an out-of-office reply would postpone
    assert as_json["left"] == {
        "words": "Jordan Lee has left Acme Corp; the reply names recruiting@acme.example",
        "points_to": ["recruiting@acme.example"],
        "commands": [f"afterview person edit {person} --email recruiting@acme.example",
                     f"afterview person edit {person} --no-email"]}

    # the old address taken away with the command offered: said still, with nothing more to do
    gone = run_cli(db, "person", "edit", str(person), "--no-email")
    assert gone.returncode == 0, gone.stderr
    after = run_cli(db, "replies")
    assert f"reply {left.id}: Jordan Lee has left Acme Corp; the reply names recruiting@acme.example\n" in after.stdout
    assert "person edit" not in after.stdout


def test_why_names_what_to_do_and_an_address_kept_besides_the_old_one_stays(mail, store, pipeline, monkeypatch):
    acme = pipeline["Acme Corp"]
    person = acme["person"]
    with store.transaction() as tx:
        record = tx.get(Person, person)
        record.emails = ["jordan.lee@acme.example", "jordan@home.example"]
        tx.update(record)
    deliver_left(mail, acme, text="Jordan Lee is no longer with Acme Corp. This mailbox is not monitored.")
    monkeypatch.setenv("AV_TEST_PASSWORD", mail.users["alice"].password)
    said: list[str] = []
    delivery.read_first(store, now=NOW, accounts={"test": account_for(mail)}, say=said.append)
    [left] = recorded(store)
    assert (f"reply {left.id}: Jordan Lee has left Acme Corp; the reply names no other address; if they are gone, "
            f"so that nothing more goes to jordan.lee@acme.example: afterview person edit {person} "
            f"--email jordan@home.example") in said, said
    assert any(line.startswith("left from jordan.lee@acme.example: ") for line in said)
    with store.transaction() as tx:
        key = tx.get(Message, pipeline["follow_up"]).action_key
        found = explain(tx.facts(), DEFAULT_PLAYBOOK, key, NOW, "UTC")
    assert found.detail == (f"not planned now: Jordan Lee has left, says their automatic reply of Wed 25 Nov; "
                            f"if they are gone, so that nothing more goes to jordan.lee@acme.example: "
                            f"afterview person edit {person} --email jordan@home.example")
