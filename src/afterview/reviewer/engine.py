"""`review()`: run every enabled rule over a subject and body, apply the user's settings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable

from afterview.reviewer.catalogue import RULES
from afterview.reviewer.config import ReviewConfig
from afterview.reviewer.model import Finding, ReviewContext
from afterview.reviewer.text import Doc

_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


@dataclass
class Input:
    """What a rule reads: the text, its structure, the context, the settings."""

    subject: str | None  # None: not known (a pasted body), so not checked
    doc: Doc
    context: ReviewContext
    config: ReviewConfig
    kind: str | None  # as given, or guessed from the text

    @property
    def body(self) -> str:
        return self.doc.text

    def find(
        self,
        code: str,
        message: str,
        start: int | None,
        end: int | None,
        suggestion: str | None = None,
        *,
        field: str = "body",
        severity: str | None = None,
    ) -> Finding:
        return Finding(
            code=code,
            severity=severity or RULES[code].severity,
            message=message,
            start=start,
            end=end,
            suggestion=suggestion,
            field=field,
        )

    def fields(self) -> list[tuple[str, str]]:
        """(field name, text) pairs to scan: the subject when known, then the body."""
        pairs = [("subject", self.subject)] if self.subject else []
        return pairs + [("body", self.doc.text)]


Check = Callable[[Input], Iterable[Finding]]
CHECKS: list[tuple[tuple[str, ...], Check]] = []


def register(codes: tuple[str, ...], check: Check) -> None:
    """Add a check producing findings with these codes (built-in rule families use this too).

    Plugins reach it through the `register_lint_rules` hook (afterview.plugins), which also
    accepts `Rule` records for new codes.
    """
    CHECKS.append((codes, check))


def review(
    subject: str | None,
    body: str,
    context: ReviewContext | None = None,
    config: ReviewConfig | None = None,
) -> list[Finding]:
    """All findings for one message: the subject's first, then in text order.

    `subject=None` means the subject is unknown (a pasted body) and is not checked; `""` is an
    empty subject. Offsets of each finding are into its `field` (subject or body).
    """
    from afterview.plugins import load_lint_rules
    from afterview.reviewer.kinds import guess_kind

    load_lint_rules()  # the built-in rule families and plugins' rules, through the same hook
    context = context or ReviewContext()
    config = config or ReviewConfig()
    doc = Doc(body or "")
    kind = context.kind or guess_kind(subject or "", doc)
    data = Input(subject=subject, doc=doc, context=context, config=config, kind=kind)
    findings: list[Finding] = []
    seen: set[tuple] = set()
    for codes, check in CHECKS:
        if not any(config.enabled(code) for code in codes):
            continue
        for finding in check(data):
            key = (finding.code, finding.field, finding.start, finding.end)
            if finding.start is None:  # no span (timing): told apart by what it says
                key += (finding.message,)
            if config.enabled(finding.code) and key not in seen:
                seen.add(key)
                finding.severity = config.severity(finding.code, finding.severity)
                findings.append(finding)
    findings.sort(key=_order)
    return findings


def _order(f: Finding) -> tuple:
    return (f.field != "subject", f.start if f.start is not None else -1, _SEVERITY_ORDER[f.severity], f.code)


def worst(findings: list[Finding]) -> str | None:
    """The most severe severity among the findings, or None."""
    return min((f.severity for f in findings), key=_SEVERITY_ORDER.__getitem__, default=None)
