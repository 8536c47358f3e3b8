"""The etiquette linter: cold `afterview lint FILE` and warm notes per second.

Figures (one machine):
- cold `afterview lint FILE` on a real thank-you note against `python -c pass`; goal: under 1 s
  (the spelling dictionary, VADER and holidays load lazily, once); measured with the
  dictionary cache in place, and for the very first run, which builds it;
- warm: every note of the labelled corpus (tests/reviewer/corpus) reviewed with its full context
  in one process, repeated; goal: at least 200 notes per second. Suggestion caches are cleared
  between rounds so misspellings cost what they cost the first time.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "bench"), str(ROOT / "src"), str(ROOT)]

from common import afterview_argv, isolated_env, report, timeit_cmd  # noqa: E402

NOTE = ROOT / "tests" / "reviewer" / "corpus" / "good-ty-northwind-priya.txt"
ROUNDS = 10


def cold() -> None:
    base = timeit_cmd([sys.executable, "-c", "pass"])
    with tempfile.TemporaryDirectory() as home:
        # a clean note (exit status 0) with its context: every rule runs, the dictionary loads
        argv = afterview_argv("lint", str(NOTE), "--kind", "thank_you", "--company", "Northwind Logistics",
                              "--other-company", "Contoso Bank", "--detail", "Kafka migration")
        lint = timeit_cmd(argv, env=isolated_env(home))
    report("cold afterview lint FILE", lint.median_ms, "ms", goal="< 1000", baseline=("python -c pass", base.median_ms))
    # the very first run also builds the dictionary cache in the data folder
    first = []
    for _ in range(3):
        with tempfile.TemporaryDirectory() as home:
            first.append(timeit_cmd(argv, runs=1, warmup=0, env=isolated_env(home)).median_ms)
    report("cold afterview lint FILE, first run (no dictionary cache)", sorted(first)[1], "ms", goal="< 1000",
           baseline=("python -c pass", base.median_ms))


def warm() -> None:
    from afterview.reviewer import review
    from afterview.reviewer.rules import spelling
    from tests.reviewer.quality import load_cases

    cases = load_cases()
    for case in cases:  # load the dictionary and lexicon once, as a long-running process would
        review(case.subject, case.body, case.context)
    started = time.perf_counter()
    for _ in range(ROUNDS):
        spelling.suggest.cache_clear()
        for case in cases:
            review(case.subject, case.body, case.context)
    elapsed = time.perf_counter() - started
    report(f"warm review ({len(cases)} corpus notes x {ROUNDS})", len(cases) * ROUNDS / elapsed, "notes/s", goal=">= 200")


def main() -> int:
    cold()
    warm()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
