"""`review()`: run every enabled rule over a subject and body, apply the user's settings.

Every rule reads one form of the text: accents composed (NFC), the subject, the body and the
context alike, so that 'José' written with a separate accent mark (e + U+0301, as some Mac
programs paste it) is the same name and word as 'José' written as one character. What a rule
finds is placed in the text as written. The one thing counted as written is the text itself
where it is what goes out: the LinkedIn note limit counts the note as LinkedIn will
(`Input.written_body`, and `find(..., as_written=True)` for a span in it).

A plugin's check is someone else's code: when it fails (raises, or gives something other than
findings of the codes it registered) the review goes on without it and says so in one finding
of code `plugin` (a warning by default), naming the plugin and the check. Afterview's own checks
are not guarded: a failure there is a bug, reported as one.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Callable, Iterable

from afterview.reviewer.catalogue import PLUGIN_RULE, RULES
from afterview.reviewer.config import ReviewConfig
from afterview.reviewer.model import SEVERITIES, Finding, ReviewContext
from afterview.reviewer.text import Doc, Written, composed

_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
PLUGIN_FAILED = PLUGIN_RULE.code  # "plugin": the finding that says a plugin's check failed
_OWN = "afterview."  # the modules of Afterview's own checks (afterview.reviewer.rules.*)


@dataclass
class Input:
    """What a rule reads: the text, its structure, the context, the settings."""

    subject: str | None  # None: not known (a pasted body), so not checked
    doc: Doc
    context: ReviewContext
    config: ReviewConfig
    kind: str | None  # as given, or guessed from the text
    # the body as written, when the rules read another text (`body`, composed); None: the same
    written: str | None = None
    # the findings placed in written_body, by id (kept, so that an id is never another's)
    _as_written: dict[int, Finding] = field(default_factory=dict, repr=False)

    @property
    def body(self) -> str:
        return self.doc.text

    @property
    def written_body(self) -> str:
        """The body as written: what goes out, for what counts it as sent (the LinkedIn limit)."""
        return self.doc.text if self.written is None else self.written

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
        as_written: bool = False,
    ) -> Finding:
        """A finding of `code`; its span is in the field as the rules read it (composed), or
        with `as_written` in the body as written (`written_body`)."""
        rule = RULES.get(code)
        if rule is None:
            raise ValueError(f"unknown lint code {code!r} (define it with a Rule record)")
        finding = Finding(
            code=code,
            severity=severity or rule.severity,
            message=message,
            start=start,
            end=end,
            suggestion=suggestion,
            field=field,
        )
        if as_written:
            self._as_written[id(finding)] = finding
        return finding

    def fields(self) -> list[tuple[str, str]]:
        """(field name, text) pairs to scan: the subject when known, then the body."""
        pairs = [("subject", self.subject)] if self.subject else []
        return pairs + [("body", self.doc.text)]


Check = Callable[[Input], Iterable[Finding]]
CHECKS: list[tuple[tuple[str, ...], Check]] = []
# The plugin each check registered through the `register_lint_rules` hook came from, by the
# check's id (the check is kept with it, so that the id stays its own).
_PLUGIN_OF: dict[int, tuple[str, Check]] = {}


def register(codes: tuple[str, ...], check: Check, *, plugin: str | None = None) -> None:
    """Add a check producing findings with these codes (built-in rule families use this too).

    Plugins reach it through the `register_lint_rules` hook (afterview.plugins), which also
    accepts `Rule` records for new codes and gives the plugin's name (`plugin`), said when the
    check fails.
    """
    CHECKS.append((codes, check))
    if plugin is not None:
        _PLUGIN_OF[id(check)] = (plugin, check)


def unregister(codes: tuple[str, ...], check: Check) -> None:
    """Take back a check added with `register` (what `afterview.plugins.reset()` undoes)."""
    entry = (codes, check)
    if entry in CHECKS:
        CHECKS.remove(entry)
    if not any(c is check for _, c in CHECKS):
        _PLUGIN_OF.pop(id(check), None)


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
    context = _composed_context(context or ReviewContext())
    config = config or ReviewConfig()
    texts = {"body": Written(body or ""), "subject": Written(subject) if subject is not None else None}
    doc = Doc(texts["body"].text)
    subject = texts["subject"].text if texts["subject"] is not None else None
    kind = context.kind or guess_kind(subject or "", doc)
    data = Input(subject=subject, doc=doc, context=context, config=config, kind=kind,
                 written=texts["body"].written if texts["body"].changed else None)
    findings: list[Finding] = []
    seen: set[tuple] = set()
    for codes, check in CHECKS:
        if not any(config.enabled(code) for code in codes):
            continue
        found = check(data) if _own(check) else _guarded(check, codes, data)
        for finding in found:
            _place_as_written(finding, texts[finding.field], data)
            key = (finding.code, finding.field, finding.start, finding.end)
            if finding.start is None:  # no span (timing): told apart by what it says
                key += (finding.message,)
            if config.enabled(finding.code) and key not in seen:
                seen.add(key)
                finding.severity = config.severity(finding.code, finding.severity)
                findings.append(finding)
    findings.sort(key=_order)
    return findings


def _composed_context(context: ReviewContext) -> ReviewContext:
    """The context with its texts composed (names, company, details, the other notes...), as the
    message's own are: a copy when one of them changes."""
    changes = {}
    for item in dataclasses.fields(context):
        value = getattr(context, item.name)
        if isinstance(value, str):
            made = composed(value)
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            made = [composed(v) for v in value]
        else:
            continue
        if made != value:
            changes[item.name] = made
    return dataclasses.replace(context, **changes) if changes else context


def _place_as_written(finding: Finding, text: Written | None, data: Input) -> None:
    """Move a finding's span from the text the rules read to the text as written."""
    if data._as_written.pop(id(finding), None) is finding:
        return
    if text is None or not text.changed:
        return
    if finding.start is not None:
        finding.start = text.start(finding.start)
    if finding.end is not None:
        finding.end = text.end(finding.end)


def _own(check: Check) -> bool:
    """Afterview's own check (not a plugin's, nor one registered from outside Afterview)."""
    return id(check) not in _PLUGIN_OF and str(getattr(check, "__module__", "") or "").startswith(_OWN)


def _guarded(check: Check, codes: tuple[str, ...], data: Input) -> list[Finding]:
    """A plugin's findings, checked; when the check fails, one `plugin` finding saying so instead
    (and none of what it found before failing)."""
    try:
        result = check(data)
        if result is None or isinstance(result, (str, bytes, dict)) or not hasattr(result, "__iter__"):
            raise _Wrong(f"it returned {_what(result)}, not findings (yield them, or return a list)")
        found = list(result)
        for finding in found:
            _valid(finding, codes, data)
    except KeyboardInterrupt:
        raise
    except (Exception, SystemExit) as err:  # someone else's code: any failure is its own
        owner = _PLUGIN_OF.get(id(check))
        name = getattr(check, "__qualname__", None) or getattr(check, "__name__", None) or type(check).__name__
        if owner is None:  # registered with afterview.reviewer.register from outside Afterview
            who, advice = f"lint check {_dotted(check, name)!r}", ""
        else:
            who, advice = f"plugin {owner[0]!r} check {name!r}", _ADVICE
        return [Finding(code=PLUGIN_FAILED, severity=PLUGIN_RULE.severity,
                        message=f"{who} failed: {_why(err)}", start=None, end=None,
                        suggestion="The rest of the review is complete." + advice)]
    return found


_ADVICE = (" Tell the plugin's author; to review without the plugin, uninstall it or leave it out "
           "of AFTERVIEW_PLUGINS.")


class _Wrong(Exception):
    """A check gave something other than findings of its codes (said as it is, without a type)."""


def _valid(finding, codes: tuple[str, ...], data: Input) -> None:
    if not isinstance(finding, Finding):
        raise _Wrong(f"it gave {_what(finding)}, not a Finding (make them with data.find(...))")
    if finding.code not in codes:
        known = ", ".join(codes) or "none"
        raise _Wrong(f"it gave a finding of code {finding.code!r}, which it did not register (its codes: {known})")
    if finding.severity not in SEVERITIES:
        raise _Wrong(f"it gave a finding of severity {finding.severity!r} (one of: {', '.join(SEVERITIES)})")
    if finding.field not in ("subject", "body") or (finding.field == "subject" and data.subject is None):
        raise _Wrong(f"it gave a finding in field {finding.field!r} (subject, when known, or body)")
    if not isinstance(finding.message, str) or not isinstance(finding.suggestion, (str, type(None))):
        raise _Wrong("it gave a finding whose message or suggestion is not text")
    text = data.subject if finding.field == "subject" else data.body
    span = (finding.start, finding.end)
    if span != (None, None) and not (
        all(isinstance(x, int) and not isinstance(x, bool) for x in span)
        and 0 <= finding.start <= finding.end <= len(text or "")
    ):
        raise _Wrong(f"it gave a finding with the span {finding.start!r}-{finding.end!r}, not within the "
                     f"{finding.field} ({len(text or '')} characters)")


def _what(value) -> str:
    if value is None:
        return "None"
    name = type(value).__name__
    return f"{'an' if name[:1].lower() in 'aeiou' else 'a'} {name}"


def _why(err: BaseException) -> str:
    try:
        said = str(err)
    except Exception:  # an exception that cannot even say what it is
        said = ""
    text = said.strip().splitlines()[0].strip() if said.strip() else ""
    if isinstance(err, _Wrong):
        return text
    what = f"{type(err).__name__}: {text}" if text else type(err).__name__
    if isinstance(err, SystemExit):
        return f"it tried to end the program ({what})"
    return what


def _dotted(check, name: str) -> str:
    module = getattr(check, "__module__", None)
    return f"{module}.{name}" if module else name


def _order(f: Finding) -> tuple:
    return (f.field != "subject", f.start if f.start is not None else -1, _SEVERITY_ORDER[f.severity], f.code)


def worst(findings: list[Finding]) -> str | None:
    """The most severe severity among the findings, or None."""
    return min((f.severity for f in findings), key=_SEVERITY_ORDER.__getitem__, default=None)
