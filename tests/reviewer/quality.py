"""Measure the reviewer on the labelled corpus: per-code recall, clean share of good messages.

Run `python tests/reviewer/quality.py` to print the figures, or with `--write FILE` to write the
Markdown published in docs/reviewer-quality.md.
"""

from __future__ import annotations

import sys
import tomllib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

CORPUS = Path(__file__).parent / "corpus"
HELD_OUT = {
    "holdout": "First held-out set, written after the rules were tuned",
    "holdout2": "Second held-out set, written after the fixes prompted by the first",
    "qa": "A tester's misses and their near-misses, added with the fixes they prompted",
}


@dataclass
class Case:
    file: str
    subject: str | None
    body: str
    context: object
    expect: set[str]
    set_name: str = "tuning"  # "holdout": written after the rules were tuned
    found: dict[str, str] = field(default_factory=dict)  # code -> worst severity

    @property
    def good(self) -> bool:
        return not self.expect


def load_cases() -> list[Case]:
    """Every labelled message with its review context."""
    from afterview.reviewer import ReviewContext
    from afterview.reviewer.source import display_name, parse_text

    labels = tomllib.loads((CORPUS / "labels.toml").read_text("utf-8"))
    cases = []
    for item in labels["message"]:
        source = parse_text((CORPUS / item["file"]).read_text("utf-8"))
        base = dict(labels["who"].get(item.get("who", ""), {}))
        details = item.get("details", [])
        if isinstance(details, str):
            details = labels["details"][details]
        siblings = [parse_text((CORPUS / f).read_text("utf-8")).body for f in item.get("siblings", [])]
        context = ReviewContext(
            kind=item.get("kind"),
            channel=item.get("channel", "email"),
            recipient_name=item.get("to") or display_name(source.to),
            recipient_emails=list(item.get("emails", [])),  # as recorded for them (guessed-name)
            company=base.get("company", ""),
            role=base.get("role", ""),
            details=list(details),
            siblings=siblings,
            other_companies=base.get("other_companies", []),
            former_company_names=item.get("former_company_names", base.get("former_company_names", [])),
            recipient_moved_to=item.get("recipient_moved_to", ""),
            accepted_with_them=item.get("accepted_with_them", ""),
            linkedin_limit=item.get("linkedin_limit", 200),
            send_at=_moment(item.get("send_at")),
            interview_end=_moment(item.get("interview_end")),
            recipient_timezone=base.get("recipient_timezone", ""),
            recipient_country=base.get("recipient_country", ""),
            sender_name=base.get("sender_name", ""),
            topics=list(item.get("topics", [])),
            concerns=list(item.get("concerns", [])),
            sent_to_person=[(_moment(when), kind) for when, kind in item.get("sent_to_person", [])],
            status_checks_out=[_moment(when) for when in item.get("status_checks_out", [])],
        )
        cases.append(Case(item["file"], source.subject, source.body, context, set(item["expect"]),
                          item.get("set", "tuning")))
    return cases


def _moment(value: str | None):
    return datetime.fromisoformat(value) if value else None


def evaluate(cases: list[Case]) -> list[Case]:
    from afterview.reviewer import review

    order = {"error": 0, "warning": 1, "info": 2}
    for case in cases:
        case.found = {}
        for f in review(case.subject, case.body, case.context):
            if f.code not in case.found or order[f.severity] < order[case.found[f.code]]:
                case.found[f.code] = f.severity
    return cases


@dataclass
class Figures:
    recall: dict[str, tuple[int, int]]  # code -> (found, labelled)
    good_clean: tuple[int, int]  # good messages with no warning or error, good messages
    unexpected: dict[str, int]  # code -> findings (warning or error) not labelled, bad messages
    misses: list[tuple[str, str]]  # (file, code) labelled but not found
    noisy: list[tuple[str, str]]  # (file, code) found on a good message

    def precision(self, code: str) -> float | None:
        """Of the messages where `code` was found (a labelled one at any severity, any other at
        warning or error), the share labelled with it; None when it was found nowhere."""
        hit, _ = self.recall[code]
        wrong = self.unexpected[code] + sum(1 for _, c in self.noisy if c == code)
        return hit / (hit + wrong) if hit + wrong else None


def figures(cases: list[Case]) -> Figures:
    from afterview.reviewer import RULES

    recall = {code: (0, 0) for code in RULES}
    unexpected = {code: 0 for code in RULES}
    misses, noisy = [], []
    clean = 0
    for case in cases:
        loud = {c for c, s in case.found.items() if s != "info"}
        if case.good:
            clean += not loud
            noisy += [(case.file, c) for c in sorted(loud)]
        for code in case.expect:
            hit, total = recall[code]
            recall[code] = (hit + (code in case.found), total + 1)
            if code not in case.found:
                misses.append((case.file, code))
        if not case.good:
            for code in loud - case.expect:
                unexpected[code] += 1
    good = sum(1 for c in cases if c.good)
    return Figures(recall, (clean, good), unexpected, misses, noisy)


def markdown(cases: list[Case], result: Figures) -> str:
    bad = [c for c in cases if not c.good]
    clean, good = result.good_clean
    lines = [
        f"Corpus: {len(cases)} messages in tests/reviewer/corpus ({good} good, {len(bad)} with "
        f"problems; {sum(len(c.expect) for c in bad)} labelled problems, up to "
        f"{max(len(c.expect) for c in bad)} in one message).",
        "",
        f"Good messages with no warning or error: **{clean}/{good} ({clean / good:.0%})** (goal: 95%).",
        "",
        "| code | labelled | found | recall | unlabelled findings on problem messages | false alarms on good messages | precision |",
        "|---|---|---|---|---|---|---|",
    ]
    for code, (hit, total) in result.recall.items():
        share = f"{hit / total:.2f}" if total else "n/a"
        alarms = sum(1 for _, c in result.noisy if c == code)
        precision = result.precision(code)
        exact = f"{precision:.2f}" if precision is not None else "n/a"
        lines.append(f"| {code} | {total} | {hit} | {share} | {result.unexpected[code]} | {alarms} | {exact} |")
    lines.append("")
    for name, what in HELD_OUT.items():
        held = [c for c in cases if c.set_name == name]
        if not held:
            continue
        found = sum(len(c.expect & set(c.found)) for c in held)
        labelled = sum(len(c.expect) for c in held)
        h_good = [c for c in held if c.good]
        h_clean = sum(1 for c in h_good if all(s == "info" for s in c.found.values()))
        lines.append(
            f"{what} ({len(held)} messages, `{name}-*`, included above): {found}/{labelled} "
            f"labelled problems found, {h_clean}/{len(h_good)} good messages clean."
        )
        lines.append("")
    if result.misses:
        lines.append("Missed: " + ", ".join(f"{code} in {file}" for file, code in result.misses))
    else:
        lines.append("Missed: none.")
    if result.noisy:
        lines.append("False alarms on good messages: " + ", ".join(f"{code} in {file}" for file, code in result.noisy))
    else:
        lines.append("False alarms on good messages: none.")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    cases = evaluate(load_cases())
    text = markdown(cases, figures(cases))
    if argv[:1] == ["--write"] and len(argv) == 2:
        target = Path(argv[1])
        current = target.read_text("utf-8") if target.exists() else ""
        start, end = "<!-- figures -->\n", "<!-- /figures -->"
        if start in current and end in current:
            head, rest = current.split(start, 1)
            text = head + start + text + end + rest.split(end, 1)[1]
        target.write_text(text, "utf-8")
    else:
        print(text, end="")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))
    raise SystemExit(main())
