"""`afterview lint --draft ID` reviews a stored draft with its own context; an option that gives a
context of its own (--send-at, --to, --kind ...) was silently left out, so `lint --draft 5
--send-at ...` reviewed another moment than the one asked about (found by a tester). It is now
refused in one line, naming the way to review a moment (`send ID --at`)."""

from __future__ import annotations

import pytest

from tests.helpers import afterview

AT = "2026-11-26T15:00:00Z"


@pytest.fixture(scope="session")
def _demo_drafted(prebuilt):
    return prebuilt.build(("--at", AT, "demo", "--no-agenda"),
                          ("--at", AT, "draft", "thank_you:i1:p1", "--no-ask"))


@pytest.mark.parametrize("option", [("--send-at", "2026-12-01T09:00"), ("--to", "Tom Becker"),
                                    ("--kind", "thank_you"), ("--detail", "Kafka")])
def test_a_context_option_with_draft_is_refused_in_one_line(prebuilt, _demo_drafted, afterview_home, option):
    db = str(prebuilt.copy(_demo_drafted, afterview_home))
    done = afterview("--db", db, "--at", AT, "lint", "--draft", "1", *option)
    assert done.code == 2, done.out
    assert done.err == (f"afterview: error: --draft reviews the draft with its own context, so {option[0]} is not "
                        "taken with it (a moment to send it: afterview send 1 --at WHEN, which reviews that moment)\n")
    assert done.out == ""


def test_the_draft_alone_is_reviewed(prebuilt, _demo_drafted, afterview_home):
    db = str(prebuilt.copy(_demo_drafted, afterview_home))
    done = afterview("--db", db, "--at", AT, "lint", "--draft", "1")
    assert done.code == 0 and done.err == "", done.err
    assert done.out == "no problems found\n"
