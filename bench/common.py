"""Helpers for the benchmark scripts (bench/bench_*.py): timing, memory, ports, one-line reports.

A bench script does its measurements and calls `report(...)` once per figure, e.g.

    base = timeit_cmd([sys.executable, "-c", "pass"])
    cold = timeit_cmd(afterview_argv("--help"), env=isolated_env(home))
    report("afterview --help", cold.median_ms, "ms", baseline=("python -c pass", base.median_ms), goal="6x")

prints `afterview --help: 84 ms (python -c pass: 19 ms, 4.4x; goal <= 6x) OK`.
"""

from __future__ import annotations

import json
import os
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

ROOT = Path(__file__).resolve().parent.parent
RESULTS_ENV = "AFTERVIEW_BENCH_RESULTS"  # bench/run.py collects each report() here (JSON lines)


class BenchError(RuntimeError):
    """A measured command failed; the message is one line."""


@dataclass(frozen=True)
class Timing:
    """Wall-clock samples of one measurement, in seconds."""

    samples: tuple[float, ...] = field(default_factory=tuple)

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def min(self) -> float:
        return min(self.samples)

    @property
    def max(self) -> float:
        return max(self.samples)

    @property
    def median_ms(self) -> float:
        return self.median * 1000

    @property
    def min_ms(self) -> float:
        return self.min * 1000


def timeit_cmd(argv: Sequence[str], runs: int = 7, *, warmup: int = 1, env: dict | None = None,
               cwd: str | Path | None = None, input: bytes | None = None) -> Timing:
    """Wall time of a subprocess, `runs` times after `warmup` unmeasured runs (page cache, pyc)."""
    samples = []
    for index in range(warmup + runs):
        started = time.perf_counter()
        _run_checked(argv, env=env, cwd=cwd, input=input)
        elapsed = time.perf_counter() - started
        if index >= warmup:
            samples.append(elapsed)
    return Timing(tuple(samples))


def interleaved(commands: Sequence[Sequence[str]], runs: int, *, env: dict | None = None) -> list[float]:
    """The median wall time in ms of each command, run in turn `runs` times after one unmeasured
    round (page cache, .pyc files, caches on disk): a busy neighbour slows them all alike, not
    one block of runs."""
    return [wall for wall, _ in interleaved_with_cpu(commands, runs, env=env)]


def interleaved_with_cpu(commands: Sequence[Sequence[str]], runs: int, *,
                         env: dict | None = None) -> list[tuple[float, float]]:
    """As `interleaved`, each command's median wall time and median CPU time (user + system of
    the process and its children), in ms. The CPU time hardly moves with a busy neighbour, so it
    is the figure to compare two versions by on a shared machine; goals stay judged by wall time,
    which is what a user waits."""
    import resource

    walls: list[list[float]] = [[] for _ in commands]
    cpus: list[list[float]] = [[] for _ in commands]
    for index in range(runs + 1):
        for argv, wall, cpu in zip(commands, walls, cpus):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            elapsed = timeit_cmd(argv, runs=1, warmup=0, env=env).median_ms
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            if index:
                wall.append(elapsed)
                cpu.append((after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000)
    return [(statistics.median(w), statistics.median(c)) for w, c in zip(walls, cpus)]


def best_of(fn: Callable[[], object], runs: int = 5) -> float:
    """The shortest wall time, in seconds, of calling fn() `runs` times."""
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - started)
    return best


def time_fn(fn: Callable[[], object], runs: int = 5) -> Timing:
    """All wall times, in seconds, of calling fn() `runs` times."""
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    return Timing(tuple(samples))


# Linux carries the forking process's peak memory over into a child's ru_maxrss, so the
# command is started from this small interpreter rather than from the (large) caller.
_RSS_LAUNCHER = """\
import os, subprocess, sys
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
_, status, usage = os.wait4(child.pid, 0)
print(os.waitstatus_to_exitcode(status), usage.ru_maxrss)
"""


def peak_rss_of_cmd(argv: Sequence[str], *, env: dict | None = None, cwd: str | Path | None = None) -> int:
    """Peak resident memory, in bytes, of one run of a command (floor: a bare interpreter's ~10 MB)."""
    done = subprocess.run([sys.executable, "-c", _RSS_LAUNCHER, *argv], capture_output=True, env=env, cwd=cwd,
                          check=False)
    try:
        status, maxrss_kb = (int(word) for word in done.stdout.split())
    except ValueError:
        raise BenchError(f"{_show(argv)} could not be measured: {_last_line(done.stderr)}") from None
    if status != 0:
        raise BenchError(f"{_show(argv)} failed (exit {status}): {_last_line(done.stderr)}")
    return maxrss_kb * 1024  # Linux reports kilobytes


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def afterview_argv(*args: str) -> list[str]:
    """The installed `afterview` command (what users run), with arguments."""
    script = Path(sys.executable).parent / "afterview"
    if script.exists():
        return [str(script), *args]
    return [sys.executable, "-m", "afterview", *args]


def isolated_env(home: str | Path, **extra: str) -> dict:
    """The environment with AFTERVIEW_HOME in `home`, so a bench never touches real data."""
    env = dict(os.environ, AFTERVIEW_HOME=str(home), TZ="UTC")
    env.pop("AFTERVIEW_DB", None)
    env.pop("AFTERVIEW_AT", None)
    env.update(extra)
    return env


def report(name: str, value: float, unit: str, goal: float | str | None = None,
           baseline: tuple[str, float] | None = None) -> bool | None:
    """Print one figure as a line; returns whether the goal is met (None without a goal).

    goal: a number (the value must be at most that, in `unit`), a string "< N", "<= N", "> N",
    ">= N" (in `unit`), or "Nx" (at most N times the baseline's value).
    baseline: (label, value in `unit`) of what the figure is compared with.
    """
    ok, goal_text = evaluate_goal(value, goal, baseline)
    line = format_report(name, value, unit, goal_text, baseline, ok)
    print(line, flush=True)
    _record({"name": name, "value": value, "unit": unit, "goal": goal_text, "ok": ok,
             "baseline": list(baseline) if baseline else None})
    return ok


def evaluate_goal(value: float, goal: float | str | None,
                  baseline: tuple[str, float] | None) -> tuple[bool | None, str | None]:
    """Whether `value` meets `goal`, and the goal as shown in the report."""
    if goal is None:
        return None, None
    if isinstance(goal, (int, float)):
        return value <= goal, f"<= {_number(goal)}"
    text = goal.strip()
    if text.endswith("x"):
        if baseline is None or baseline[1] <= 0:
            raise ValueError(f"goal {goal!r} is a ratio and needs a positive baseline")
        factor = float(text[:-1])
        return value <= factor * baseline[1], f"<= {_number(factor)}x"
    for op in ("<=", ">=", "<", ">"):
        if text.startswith(op):
            limit = float(text[len(op):])
            met = {"<=": value <= limit, ">=": value >= limit, "<": value < limit, ">": value > limit}[op]
            return met, f"{op} {_number(limit)}"
    raise ValueError(f"goal {goal!r} is not a number, '< N', '>= N' or 'Nx'")


def format_report(name: str, value: float, unit: str, goal_text: str | None,
                  baseline: tuple[str, float] | None, ok: bool | None) -> str:
    """`name: value unit (baseline: value unit, ratio; goal ...) OK|MISSED`."""
    details = []
    if baseline is not None:
        label, base = baseline
        ratio = f", {value / base:.1f}x" if base else ""
        details.append(f"{label}: {_number(base)} {unit}{ratio}")
    if goal_text is not None:
        details.append(f"goal {goal_text}" + ("" if goal_text.endswith("x") else f" {unit}"))
    line = f"{name}: {_number(value)} {unit}"
    if details:
        line += f" ({'; '.join(details)})"
    if ok is not None:
        line += " OK" if ok else " MISSED"
    return line


def _number(value: float) -> str:
    """Readable precision: 3 significant digits for small values, whole numbers for large ones."""
    if value == int(value) and abs(value) >= 1:
        return str(int(value))
    if abs(value) >= 100:
        return f"{value:.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.3g}"


def _record(row: dict) -> None:
    path = os.environ.get(RESULTS_ENV)
    if path:
        with open(path, "a", encoding="utf-8") as out:
            out.write(json.dumps(row) + "\n")


def _run_checked(argv: Sequence[str], *, env: dict | None, cwd: str | Path | None, input: bytes | None) -> None:
    done = subprocess.run(list(argv), input=input, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          env=env, cwd=cwd, check=False)
    if done.returncode != 0:
        raise BenchError(f"{_show(argv)} failed (exit {done.returncode}): {_last_line(done.stderr)}")


def _show(argv: Sequence[str]) -> str:
    return " ".join(str(part) for part in argv)


def _last_line(data: bytes) -> str:
    lines = [line.strip() for line in data.decode(errors="replace").splitlines() if line.strip()]
    return lines[-1] if lines else "no output"
