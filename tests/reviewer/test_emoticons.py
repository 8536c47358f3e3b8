"""An emoticon glued to a word ("for a client:)") is an emoticon; a time, a URL, a list label or
a Windows path is not."""

from __future__ import annotations

import pytest

from afterview.interfaces.cli.main import main
from afterview.reviewer import ReviewContext, review


def emoji(sentence: str) -> list[str]:
    body = f"Hi Priya,\n\n{sentence}\n\nBest,\nAlex"
    return [body[f.start:f.end] for f in review(None, body, ReviewContext()) if f.code == "emoji"]


@pytest.mark.parametrize("sentence,found", [
    ("I have run Kafka in production for a client:)", ":)"),
    ("I have run Kafka in production for a client:).", ":)"),
    ("I have run Kafka in production for a client:) Thanks again.", ":)"),
    ("Thanks for the chat;)", ";)"),
    ("Thanks for the chat:-)", ":-)"),
    ("Sorry to miss the demo:(", ":("),
    ("That was fun:D", ":D"),
    ("Great talk:P see you soon.", ":P"),
    ("I have run Kafka in production for a client :)", ":)"),  # as before
])
def test_an_emoticon_glued_to_a_word_is_found(sentence, found):
    assert emoji(sentence) == [found]


@pytest.mark.parametrize("sentence", [
    "See you at 10:30 on Tuesday.",
    "We agreed on 9:00) as the start (or 9:30).",
    "The screen ratio is 16:9 or 4:3.",
    "My talk is at https://talks.example/kafka:streams and http://x.example/a.",
    "Steps: 1: install it; 2: run it. Options a: yes, b: no.",
    "Answers (a:) and (b:) are both right.",
    r"The export is saved in C:\Users\alex\Documents and D:\data\2026.",
    "The export is saved in C:/Users/alex (on drive D:) as before.",
    "Subject line was Re:Project Kafka, mailto:Dana@northwind.example.",
    "The fields were note:Done and status:Pending.",
    "In C++ we wrote std::map and Foo::Bar().",
])
def test_times_urls_lists_and_paths_are_not_emoticons(sentence):
    assert emoji(sentence) == []


def test_afterview_lint_reports_a_glued_emoticon(tmp_path, capsys):
    path = tmp_path / "note.txt"
    path.write_text("Hi Priya,\n\nThank you for the conversation. I have run Kafka in production "
                    "for a client:)\n\nBest,\nAlex\n", encoding="utf-8")
    with pytest.raises(SystemExit) as done:
        main(["lint", str(path)])
    out, _ = capsys.readouterr()
    assert done.value.code == 1 and "emoji" in out and "':)'" in out
