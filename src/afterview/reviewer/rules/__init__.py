"""The built-in rule families; importing this package registers their checks."""

from afterview.reviewer.rules import (  # noqa: F401
    content,
    dialect,
    identity,
    mechanics,
    phrases,
    reader,
    references,
    similarity,
    spelling,
    style,
    timing,
    tone,
)
