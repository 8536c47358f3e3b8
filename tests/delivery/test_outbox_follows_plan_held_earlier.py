"""A held-back note's reason, once it no longer holds, is said as such by one rule
(`delivery.hold_lapsed`), the one the desk's editor says it by: an interview no longer
cancelled, a person who may be contacted again, a process reopened, a note drafted again after
a role rename. While the reason holds, it is said as it is."""

from __future__ import annotations

import html
from datetime import datetime, timezone

import pytest

from afterview.domain.model import Message, MessageState
from tests.delivery.test_outbox_follows_plan import AT, FOLLOW_UP, demo, drafted, run  # noqa: F401 (fixture)

NOW = datetime(2026, 11, 28, 18, 37, tzinfo=timezone.utc)


def lapsed(home, message_id: int) -> tuple[Message, str]:
    from afterview.services import delivery
    from afterview.services.planning import effective_playbook
    from afterview.storage import open_store

    store = open_store(f"sqlite:///{home / 'afterview.db'}")
    try:
        with store.reading() as tx:
            message = tx.get(Message, message_id)
            return message, delivery.lapsed_hold(tx, message, now=NOW, playbook=effective_playbook())
    finally:
        store.close()


@pytest.mark.parametrize("hold, release, cause", [
    (("interview", "edit", "2", "--cancelled"), ("interview", "edit", "2", "--not-cancelled"),
     "interview 2 is cancelled"),
    (("person", "edit", "4", "--do-not-contact"), ("person", "edit", "4", "--may-contact"),
     "Marcus Webb asked not to be contacted"),
    (("opportunity", "status", "2", "rejected"), ("opportunity", "status", "2", "interviewing"),
     "the process was closed: rejected on"),
])
def test_a_reason_that_no_longer_holds_is_said_so(demo, hold, release, cause):
    message_id = drafted(AT, FOLLOW_UP)
    run(AT, "approve", str(message_id))
    run(AT, *hold)
    message, said = lapsed(demo, message_id)
    assert message.state == MessageState.DRAFTED and cause in message.last_error
    assert said == ""  # it holds: said as it is
    run(AT, *release)
    message, said = lapsed(demo, message_id)
    assert cause in message.last_error and said == "it is planned again and can be approved"


def test_a_note_drafted_again_after_a_role_rename_no_longer_names_the_old_role(demo):
    message_id = drafted(AT, FOLLOW_UP)
    run(AT, "approve", str(message_id))
    run(AT, "opportunity", "edit", "2", "--role", "Analytics Lead")
    message, said = lapsed(demo, message_id)
    assert message.last_error.startswith("not sent: it names the role Analytics Engineer, now Analytics Lead")
    assert said == ""
    run(AT, "draft", FOLLOW_UP, "--force")

    # the desk's editor says it by the rule `show` says it by
    from tests.web.conftest import TOKEN, client_for

    from afterview.interfaces.web.app import create_app

    app = create_app(f"sqlite:///{demo / 'afterview.db'}", now=lambda: NOW, token=TOKEN,
                     allowed_hosts={"testserver"})
    client = client_for(app)
    assert client.get(f"/login?token={TOKEN}", follow_redirects=False).status_code == 303
    page = html.unescape(client.get(f"/drafts/{message_id}").text)
    assert ("It was held back earlier, for a reason that no longer holds: its text no longer names Analytics "
            "Engineer, so it can be approved.") in page
    assert "Why it is a draft again" not in page
    message, said = lapsed(demo, message_id)
    assert "Analytics Lead" in message.body  # (its subject is its thread's: "Re: Thank you - Analytics Engineer ...")
    assert said == "its text no longer names Analytics Engineer, so it can be approved"
