"""Mail read by `sync` from the real Dovecot, from someone found only by the company of a process
(a friend at Acme who referred you: on no panel, nothing of ours went to them, no thread), or
from an address no one has at its domain, is filed as `replies add` files a reply told of
(services.delivery.counts_for_process): under no opportunity, so that it stops none of the
process's status follow-ups, and said with the command that files it there; unless its words
read as a status (a rejection, an offer, a next round) or it is in a thread of ours, which are
filed as ever (docs/delivery.md, docs/playbook.md stop_on_reply)."""

from afterview.domain.model import Company, Inbound, Message, MessageState, Person, ReplyClass
from tests.delivery.conftest import NOW
from tests.delivery.test_crash import run_cli, write_config
from tests.delivery.test_inbound_realworld_sync import mail_from, pipeline, recorded  # noqa: F401

REJECTION = ("Dear Alice,\n\nThank you for your time with the team. After careful consideration we have decided "
             "to move forward with other candidates.\n\nBest regards,\nAcme Talent\n")


def _with_ben(store) -> int:
    """Ben Pal, a friend at Acme Corp who referred you: on no panel, nothing sent to him."""
    with store.transaction() as tx:
        acme = next(c for c in tx.list(Company) if c.name == "Acme Corp")
        return tx.add(Person(name="Ben Pal", emails=["ben.pal@acme.example"], company_id=acme.id,
                             notes="friend who referred me")).id


def _sync(mail, afterview_home, tmp_path, *messages: str) -> str:
    write_config(afterview_home, mail)
    for message in messages:
        mail.deliver_to_inbox("alice", message)
    synced = run_cli(tmp_path / "afterview.db", "sync")
    assert synced.returncode == 0 and "Traceback" not in synced.stderr, (synced.stdout, synced.stderr)
    return synced.stdout


def _follow_up_stays(store, pipeline) -> None:
    with store.transaction() as tx:
        assert tx.get(Message, pipeline["follow_up"]).state == MessageState.SCHEDULED


def test_a_friend_at_the_company_is_filed_under_no_opportunity_and_told_how_to_file_it(
        mail, store, pipeline, afterview_home, tmp_path):
    acme = pipeline["Acme Corp"]
    ben = _with_ben(store)
    out = _sync(mail, afterview_home, tmp_path, mail_from(
        "Ben Pal <ben.pal@acme.example>", "Good luck!", "Heard it went well, fingers crossed for you!", "ben-1"))
    [reply] = recorded(store)
    assert (reply.person_id, reply.opportunity_id) == (ben, None)
    assert "placed by" not in reply.summary  # sync's own mark is never kept
    assert (f"  reply {reply.id}: Ben Pal is not one of the people of opportunity {acme['opportunity']} (Backend "
            f"Engineer at Acme Corp), only at Acme Corp: this process's status follow-ups go on; if the reply is the "
            f"employer's answer, file it there: afterview replies move {reply.id} --person {ben} --opportunity "
            f"{acme['opportunity']}") in out.splitlines(), out
    assert "no longer planned" not in out, out
    _follow_up_stays(store, pipeline)
    # filed there as it says, it counts
    moved = run_cli(tmp_path / "afterview.db", "replies", "move", str(reply.id), "--person", str(ben),
                    "--opportunity", str(acme["opportunity"]))
    assert moved.returncode == 0, moved.stderr
    assert "no longer planned" in moved.stdout or "not planned" in moved.stdout, moved.stdout


def test_a_friend_whose_words_read_as_a_status_is_filed_under_the_process(mail, store, pipeline, afterview_home,
                                                                          tmp_path):
    acme = pipeline["Acme Corp"]
    ben = _with_ben(store)
    out = _sync(mail, afterview_home, tmp_path, mail_from(
        "Ben Pal <ben.pal@acme.example>", "Your application", REJECTION, "ben-2"))
    [reply] = recorded(store)
    assert (reply.person_id, reply.opportunity_id, reply.classification) == (
        ben, acme["opportunity"], ReplyClass.REJECTION)
    assert "not one of the people" not in out, out


def test_a_friend_answering_in_a_thread_of_ours_is_filed_as_ever(mail, store, pipeline, afterview_home, tmp_path):
    acme = pipeline["Acme Corp"]
    _with_ben(store)
    out = _sync(mail, afterview_home, tmp_path, mail_from(
        "Ben Pal <ben.pal@acme.example>", "Re: Thank you - Backend Engineer interview",
        "Jordan forwarded me your note - all good on our side.", "ben-3",
        headers=f"In-Reply-To: <ty-{acme['person']}@example.test>\n"))
    [reply] = recorded(store)
    assert reply.opportunity_id == acme["opportunity"]
    assert "not one of the people" not in out, out


def test_an_address_no_one_has_at_its_domain_saying_a_rejection_is_the_processs(mail, store, pipeline,
                                                                                afterview_home, tmp_path):
    acme = pipeline["Acme Corp"]
    out = _sync(mail, afterview_home, tmp_path, mail_from(
        "Acme Careers <careers@acme.example>", "Your application", REJECTION, "careers-1"))
    [reply] = recorded(store)
    assert (reply.person_id, reply.opportunity_id, reply.classification) == (
        None, acme["opportunity"], ReplyClass.REJECTION)
    assert "no one recorded" not in out, out


def test_an_address_no_one_has_at_its_domain_saying_nothing_of_the_process_stops_nothing(
        mail, store, pipeline, afterview_home, tmp_path):
    acme = pipeline["Acme Corp"]
    out = _sync(mail, afterview_home, tmp_path, mail_from(
        "Acme News <news@acme.example>", "This month at Acme",
        "Hi Alice,\n\nOur platform team shipped streaming ingestion this month. Read more on our blog.", "news-1"))
    [reply] = recorded(store)
    assert (reply.person_id, reply.opportunity_id, reply.classification) == (None, None, ReplyClass.OTHER)
    line = (f"  reply {reply.id}: news@acme.example is no one recorded, only at the domain of Acme Corp (opportunity "
            f"{acme['opportunity']} (Backend Engineer at Acme Corp)): this process's status follow-ups go on; if the "
            f"reply is the employer's answer, file it there: afterview replies confirm {reply.id} --opportunity "
            f"{acme['opportunity']} --status none")
    assert line in out.splitlines(), out
    assert "no longer planned" not in out, out
    _follow_up_stays(store, pipeline)
    filed = run_cli(tmp_path / "afterview.db", "replies", "confirm", str(reply.id), "--opportunity",
                    str(acme["opportunity"]), "--status", "none")
    assert filed.returncode == 0, filed.stderr
    with store.transaction() as tx:
        assert tx.get(Inbound, reply.id).opportunity_id == acme["opportunity"]


def test_one_of_its_people_writing_outside_a_thread_is_filed_as_ever(mail, store, pipeline, afterview_home,
                                                                     tmp_path):
    acme = pipeline["Acme Corp"]
    out = _sync(mail, afterview_home, tmp_path, mail_from(
        "Jordan Lee <jordan.lee@acme.example>", "Quick note", "Thanks for your patience, more soon.", "jordan-1"))
    [reply] = recorded(store)
    assert (reply.person_id, reply.opportunity_id) == (acme["person"], acme["opportunity"])
    assert "not one of the people" not in out, out
