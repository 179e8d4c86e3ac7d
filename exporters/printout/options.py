"""What to print: shared by the renderer and the window's print dialogs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from models.checks.tables import Finding

PREAMBLE = "preamble"
"""The key that stands for the preamble in a choice of sections to print."""


@dataclass
class PrintOptions:
    """What to print: a draft or the final version, which parts, and the findings after it."""

    draft: bool = True
    sections: set[str] | None = None
    """Keys of the sections to print (and PREAMBLE for the preamble); None for all."""
    include_findings: bool = False
    findings: list[Finding] | None = None
    """The findings to list (the window's, which may include acknowledgements, and the checks
    against last year's report: ``exporters.findings_for``); None to run the report's own
    checks."""
    printed_at: dt.datetime = field(default_factory=lambda: dt.datetime.now())

    def wants(self, key: str) -> bool:
        return self.sections is None or key in self.sections
