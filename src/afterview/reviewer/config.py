"""The `[lint]` section of config.toml: rules turned off, severities, thresholds.

```toml
[lint]
disable = ["hedging", "cliche"]
near_duplicate = 0.8          # share of overlap that counts as the same note
max_exclamations = 1
hedging_warn_at = 3
negative_tone = -0.35         # VADER compound score of the whole message
negative_sentence = -0.6      # ... of one sentence
subject_max = 60
min_gap_hours = 1
thank_you_late_hours = 48
waking_from = 7               # a send time before this hour, in the recipient's zone, is at night
waking_until = 20             # ... and after this one, late in the evening

[lint.severity]
salary = "error"

[lint.length]
thank_you = [90, 220]          # words
```
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from afterview.config import LINT_NUMBERS
from afterview.domain.waking import WAKING_FROM, WAKING_UNTIL
from afterview.errors import ConfigError
from afterview.reviewer.catalogue import PLUGIN_RULE, RULES
from afterview.reviewer.model import KINDS, SEVERITIES

# Word ranges per kind: the PLAYBOOK's content rules with some slack, so that a note a few
# words off the ideal is not flagged.
DEFAULT_LENGTHS: dict[str, tuple[int, int]] = {
    "thank_you": (80, 230),
    "status_check": (25, 130),
    "closing_the_loop": (25, 140),
    "rejection_reply": (35, 170),
    "feedback_request": (30, 170),
    "keep_warm": (25, 170),
    "share_news": (30, 180),
    "linkedin_note": (8, 70),
    "card": (35, 95),
    "withdrawal": (30, 140),
}

# (kind, lowest, highest) of each threshold: config.toml's reader checks them as the file is read
_NUMBERS = LINT_NUMBERS


# The longest subject the `subject` rule passes by default (mail clients cut longer ones); the
# composer fits every subject it writes to it.
SUBJECT_MAX = 60


@dataclass(frozen=True)
class ReviewConfig:
    """How the reviewer is tuned; the defaults follow the PLAYBOOK."""

    disabled: frozenset[str] = frozenset()
    severities: dict[str, str] = field(default_factory=dict)
    lengths: dict[str, tuple[int, int]] = field(default_factory=lambda: dict(DEFAULT_LENGTHS))
    near_duplicate: float = 0.8
    max_exclamations: int = 1
    hedging_warn_at: int = 3
    negative_tone: float = -0.35
    negative_sentence: float = -0.6
    subject_max: int = SUBJECT_MAX
    min_gap_hours: float = 1.0
    thank_you_late_hours: float = 48.0
    # the recipient's waking hours (hours of their day): a send time outside them arrives at
    # night or late in the evening. One rule with the planner's night (domain.waking): by default
    # nothing the plan suggests falls outside them
    waking_from: float = WAKING_FROM
    waking_until: float = WAKING_UNTIL

    def enabled(self, code: str) -> bool:
        return code not in self.disabled

    def severity(self, code: str, default: str) -> str:
        return self.severities.get(code, default)

    @classmethod
    def from_mapping(cls, data: dict[str, Any] | None, source: str = "config.toml") -> ReviewConfig:
        """Read a `[lint]` table; ConfigError naming the file and key for anything wrong."""
        data = data or {}
        if not isinstance(data, dict):
            raise ConfigError(f"{source}: [lint] must be a table")
        from afterview.config import SECTION_KEYS, unknown_name  # (the names config.toml's reader knows)

        known = SECTION_KEYS["lint"]
        for key in data:
            if key not in known:
                raise ConfigError(f"{source}: [lint] {unknown_name('key', key, known)}")
        values: dict[str, Any] = {}
        for key, spec in _NUMBERS.items():
            if key in data:
                values[key] = _number(data[key], key, spec, source)
        config = cls(**values)
        if config.waking_from >= config.waking_until:
            raise ConfigError(f"{source}: [lint] waking_from must be before waking_until, not "
                              f"{config.waking_from:g} and {config.waking_until:g}")
        return replace(
            config,
            disabled=frozenset(_disabled(data.get("disable", []), source)),
            severities=_severities(data.get("severity", {}), source),
            lengths={**DEFAULT_LENGTHS, **_lengths(data.get("length", {}), source)},
        )


def _number(value: Any, key: str, spec: tuple, source: str) -> int | float:
    kind, low, high = spec
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ConfigError(f"{source}: [lint] {key} must be a number, not {value!r}")
    if kind is int and not isinstance(value, int):
        raise ConfigError(f"{source}: [lint] {key} must be a whole number, not {value!r}")
    if not low <= value <= high:
        raise ConfigError(f"{source}: [lint] {key} must be between {low} and {high}, not {value}")
    return kind(value)


def _code(code: Any, where: str, source: str) -> str:
    if code == PLUGIN_RULE.code:  # a plugin's failed check: known with or without plugins
        return code
    if isinstance(code, str) and code not in RULES:
        from afterview.plugins import load_lint_rules

        load_lint_rules()  # a plugin's code: plugins load only when first needed
    if not isinstance(code, str) or code not in RULES:
        raise ConfigError(
            f"{source}: [lint] {where}: unknown lint code {code!r} (see afterview lint --list)"
        )
    return code


def _disabled(value: Any, source: str) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise ConfigError(f"{source}: [lint] disable must be a list of codes")
    return [_code(code, "disable", source) for code in value]


def _severities(value: Any, source: str) -> dict[str, str]:
    if not isinstance(value, dict):
        raise ConfigError(f"{source}: [lint.severity] must be a table of code = \"severity\"")
    result = {}
    for code, severity in value.items():
        _code(code, f"severity.{code}", source)
        if severity not in SEVERITIES:
            raise ConfigError(
                f"{source}: [lint.severity] {code} must be one of {', '.join(SEVERITIES)}, "
                f"not {severity!r}"
            )
        result[code] = severity
    return result


def _lengths(value: Any, source: str) -> dict[str, tuple[int, int]]:
    if not isinstance(value, dict):
        raise ConfigError(f"{source}: [lint.length] must be a table of kind = [min, max]")
    result = {}
    for kind, bounds in value.items():
        if kind not in KINDS:
            raise ConfigError(
                f"{source}: [lint.length] unknown message kind {kind!r} (known: {', '.join(KINDS)})"
            )
        ok = (
            isinstance(bounds, list)
            and len(bounds) == 2
            and all(isinstance(b, int) and not isinstance(b, bool) and b >= 0 for b in bounds)
            and bounds[0] <= bounds[1]
        )
        if not ok:
            raise ConfigError(
                f"{source}: [lint.length] {kind} must be [min, max] in words, min <= max, "
                f"not {bounds!r}"
            )
        result[kind] = (bounds[0], bounds[1])
    return result
