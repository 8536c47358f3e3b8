"""A message named in a sentence ("the thank-you note to Priya Raman") is the domain's: the
command line and the worker name their messages with it without loading the desk's modules."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from afterview.domain.model import MessageKind, addressed, kind_label, message_named


@pytest.mark.parametrize("kind, name, said", [
    (MessageKind.THANK_YOU, "Priya Raman", "the thank-you note to Priya Raman"),
    ("status_check", "Tom Becker", "the status follow-up to Tom Becker"),
    (MessageKind.LINKEDIN_NOTE, "Tom Becker", "the LinkedIn request to Tom Becker"),
    (MessageKind.KEEP_WARM, "Priya Raman", "the note keeping in touch with Priya Raman"),
    ("closing_the_loop", "Dana Weiss", "the note closing the loop with Dana Weiss"),
    (MessageKind.CARD, "Dana Weiss", "the thank-you card to Dana Weiss"),
    ("rejection_reply", None, "the rejection reply to ?"),
    ("some_new_kind", "Dana Weiss", "the some new kind to Dana Weiss"),
])
def test_a_message_in_a_sentence(kind, name, said):
    assert message_named(kind, name) == said


def test_its_label_and_recipient():
    assert kind_label(MessageKind.SHARE_NEWS) == "Sharing news"
    assert addressed("keep_warm", "Priya Raman") == "Keeping in touch with Priya Raman"
    assert addressed(MessageKind.THANK_YOU, "") == "Thank-you note to ?"


def test_the_desk_says_it_as_the_domain_does():
    from afterview.interfaces.web import views

    assert views.message_named is message_named and views.kind_label is kind_label
    # a note whose person is gone (deleted in another tab) is named by its kind alone on the desk
    assert views.action_named("thank_you:i1:p9", _NoPeople()) == "the thank-you note"


class _NoPeople:
    people: dict = {}


def test_the_command_line_names_messages_without_the_desk(tmp_path):
    """`send-due` and the worker name what they sent ("sent message 1, thank-you note to ...")
    with the domain's words: the desk's view module is not loaded for it."""
    script = textwrap.dedent(f"""
        import sys
        from datetime import datetime, timezone
        from afterview.domain.model import Message, Person
        from afterview.services.demo import load_demo
        from afterview.storage import open_store
        from afterview.interfaces.cli.delivery import _named

        store = open_store("sqlite:///{tmp_path / 'a.db'}")
        with store.transaction() as tx:
            load_demo(tx, now=datetime(2026, 11, 26, 15, 0, tzinfo=timezone.utc), tz="Europe/Berlin")
            message = tx.list(Message)[0]
            name = tx.get(Person, message.person_id).name

        class Env:
            def store(self):
                return store

        said = _named(Env(), [message.id])
        assert said == {{message.id: ", thank-you note to " + name}}, said
        assert "afterview.interfaces.web.views" not in sys.modules, "the desk's views were loaded"
        print("ok")
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr
