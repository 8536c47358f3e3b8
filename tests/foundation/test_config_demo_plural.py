"""`afterview demo` counted what it loaded as "1 messages": one of a kind is said in the singular."""

from __future__ import annotations

from afterview.interfaces.cli.demo import _counted
from tests.helpers import afterview


def test_the_demo_counts_in_words(afterview_home):
    done = afterview("demo", "--no-agenda")
    assert done.code == 0, done.err
    line = done.out.splitlines()[1].strip()
    assert line == "5 companies, 5 opportunities, 6 people, 4 interviews, 6 debriefs, 1 message, 2 news items"


def test_one_and_many_of_each_section():
    assert [_counted(1, n) for n in ("companies", "opportunities", "people", "interviews", "debriefs", "messages",
                                     "inbound", "feedback", "news", "decisions")] == [
        "1 company", "1 opportunity", "1 person", "1 interview", "1 debrief", "1 message", "1 reply received",
        "1 feedback", "1 news item", "1 decision"]
    assert [_counted(2, n) for n in ("people", "inbound", "news", "feedback")] == [
        "2 people", "2 replies received", "2 news items", "2 feedback"]
