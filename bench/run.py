"""Run every bench/bench_*.py in a fresh interpreter and summarise the figures.

    python bench/run.py              all benches
    python bench/run.py lint cli     only those whose file name contains "lint" or "cli"
    python bench/run.py --list       the benches it would run

One failing bench does not stop the others; the exit status is 1 when any failed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
TIMEOUT = float(os.environ.get("AFTERVIEW_BENCH_TIMEOUT", "900"))

# Runs one bench file: its main() if it has one (whether or not it guards on __main__).
LAUNCHER = """\
import runpy, sys
path = sys.argv[1]
sys.argv = [path]
sys.path[:0] = {paths!r}
namespace = runpy.run_path(path, run_name="__bench__")
main = namespace.get("main")
result = main() if callable(main) else None
sys.exit(result if type(result) is int else 0)
"""


@dataclass
class Outcome:
    """How one bench file went."""

    name: str
    ok: bool
    seconds: float
    error: str = ""


def main(argv: list[str] | None = None) -> int:
    """Run the selected benches and print a summary; 1 if any failed."""
    args = _parse(argv)
    benches = select(Path(args.dir), args.names)
    if args.list:
        print("\n".join(path.name for path in benches))
        return 0
    if not benches:
        print(f"no bench_*.py in {args.dir}" + (f" matching {' '.join(args.names)}" if args.names else ""))
        return 1
    print(f"Afterview benchmarks: Python {platform.python_version()}, {os.cpu_count()} cores, "
          f"{platform.machine()}, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}", flush=True)
    compile_sources()
    with tempfile.TemporaryDirectory(prefix="av-bench-") as tmp:
        results = Path(tmp) / "results.jsonl"
        outcomes = [run_one(path, results) for path in benches]
        figures = _read_results(results)
    print_summary(outcomes, figures)
    return 0 if all(outcome.ok for outcome in outcomes) else 1


def compile_sources() -> None:
    """Compile Afterview's modules first, as setup does: cold figures are of a program run as
    installed, not of one compiling the files edited since (with PYTHONDONTWRITEBYTECODE set,
    as in many shells and containers, a cold run would otherwise compile them every time and
    count 40-80 ms of it)."""
    import compileall

    compileall.compile_dir(str(ROOT / "src"), quiet=1)


def select(folder: Path, names: list[str]) -> list[Path]:
    """bench_*.py files in `folder`, sorted, filtered by substrings of their names."""
    found = sorted(folder.glob("bench_*.py"))
    if names:
        found = [path for path in found if any(name in path.stem for name in names)]
    return found


def run_one(path: Path, results: Path) -> Outcome:
    """Run one bench in its own interpreter; stdout streams through, stderr is kept for errors."""
    print(f"\n== {path.stem} ==", flush=True)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    env["AFTERVIEW_BENCH_RESULTS"] = str(results)
    code = LAUNCHER.format(paths=[str(path.parent), str(BENCH_DIR), str(ROOT)])
    started = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        try:
            done = subprocess.run([sys.executable, "-c", code, str(path)], cwd=ROOT, env=env,
                                  stderr=err, timeout=TIMEOUT, check=False)
            status = done.returncode
        except subprocess.TimeoutExpired:
            status = None
        err.seek(0)
        stderr = err.read().decode(errors="replace")
    seconds = time.perf_counter() - started
    if status == 0:
        return Outcome(path.stem, True, seconds)
    error = f"timed out after {TIMEOUT:.0f} s" if status is None else f"exit {status}: {_last_line(stderr)}"
    print(f"{path.stem} FAILED: {error}", flush=True)
    return Outcome(path.stem, False, seconds, error)


def print_summary(outcomes: list[Outcome], figures: list[dict]) -> None:
    """Which benches ran, how long they took, and which goals were missed."""
    print("\n== summary ==")
    for outcome in outcomes:
        state = "ok" if outcome.ok else f"FAILED ({outcome.error})"
        print(f"{outcome.name}: {state}, {outcome.seconds:.1f} s")
    judged = [row for row in figures if row.get("ok") is not None]
    missed = [row for row in judged if not row["ok"]]
    failed = sum(not outcome.ok for outcome in outcomes)
    print(f"{len(outcomes)} benches ({failed} failed), {len(figures)} figures, "
          f"{len(judged) - len(missed)} of {len(judged)} goals met")
    for row in missed:
        print(f"  goal missed: {row['name']}: {row['value']:.4g} {row['unit']} (goal {row['goal']})")


def _read_results(path: Path) -> list[dict]:
    if not path.exists():
        return []
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError:
            continue
    return rows


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else "no error output"


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Run Afterview's benchmarks.")
    parser.add_argument("names", nargs="*", help="run only benches whose file name contains one of these")
    parser.add_argument("--list", action="store_true", help="list the benches and exit")
    parser.add_argument("--dir", default=str(BENCH_DIR), help=argparse.SUPPRESS)
    return parser.parse_args(argv)


if __name__ == "__main__":
    sys.exit(main())
