"""The labelled corpus meets the quality goal: recall >= 0.9 per code, >= 95% of good notes clean."""

import pytest

from afterview.reviewer import RULES
from tests.reviewer.quality import evaluate, figures, load_cases, markdown


@pytest.fixture(scope="module")
def result():
    cases = evaluate(load_cases())
    return cases, figures(cases)


def test_corpus_size_and_coverage(result):
    cases, _ = result
    assert len(cases) >= 60
    good_kinds = {c.context.kind for c in cases if c.good}
    assert good_kinds >= {"thank_you", "status_check", "closing_the_loop", "rejection_reply",
                          "feedback_request", "keep_warm", "share_news", "linkedin_note", "card"}
    labelled = {code for c in cases for code in c.expect}
    assert labelled == set(RULES), f"codes without a bad example: {set(RULES) - labelled}"
    assert any(len(c.expect) >= 3 for c in cases)


@pytest.mark.parametrize("code", list(RULES))
def test_recall_per_code(result, code):
    _, figures_ = result
    hit, total = figures_.recall[code]
    assert total >= 3, f"{code}: only {total} labelled examples"
    assert hit / total >= 0.9, f"{code}: recall {hit}/{total}; missed {[f for f, c in figures_.misses if c == code]}"


def test_good_messages_are_clean(result):
    _, figures_ = result
    clean, good = figures_.good_clean
    assert clean / good >= 0.95, f"noisy good messages: {figures_.noisy}"


def test_the_published_figures_are_current(result):
    cases, figures_ = result
    from pathlib import Path

    doc = Path(__file__).resolve().parents[2] / "docs" / "reviewer-quality.md"
    assert markdown(cases, figures_) in doc.read_text("utf-8"), (
        "docs/reviewer-quality.md is out of date: run "
        ".venv/bin/python tests/reviewer/quality.py --write docs/reviewer-quality.md"
    )
