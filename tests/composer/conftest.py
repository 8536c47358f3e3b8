"""Print the composer's quality figures (drafts reviewed, findings by code) after a run."""

from __future__ import annotations


def pytest_terminal_summary(terminalreporter):
    from tests.composer.helpers import FIGURES

    if not FIGURES:
        return
    findings = {k: v for k, v in sorted(FIGURES.items()) if k != "drafts"}
    terminalreporter.write_line(
        f"composer quality: {FIGURES['drafts']} drafts reviewed; findings by code: {findings or 'none'}"
    )
