"""The report's text fields and the one way to address them.

A finding about a text, a check that reads the texts, an edit and the form's text boxes all name
the field by a ``FieldAddress``: the section (or ``BASIC`` for the basic facts) and, within a
section, its intro or one of its parts (a part's text, or its heading).  ``TextField`` is a field
with its text and the names a clerk knows it by; ``text_fields`` lists them all.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from models.report import Report, part_number

BASIC = "basic"
"""The section key of the basic facts (机关名称, 年度, 联系方式, 前言 …), which no section holds."""

INTRO = "intro"


@dataclass(frozen=True)
class FieldAddress:
    """Where a text is: a section's intro (``part`` None), one of its parts (``part`` its index;
    its text, or with ``heading`` its 小标题), or a basic fact (section ``BASIC``, ``name`` the
    Report attribute: ``agency``, ``preamble``, ``year``, ``report_date`` …)."""

    section: str
    part: int | None = None
    name: str = INTRO
    heading: bool = False
    """A part's heading rather than its text: the form edits it, no finding is about it."""

    def __post_init__(self) -> None:
        if self.part is not None and (self.section == BASIC or self.name != INTRO):
            raise ValueError(f"a part belongs to a section's text, not to {self.name!r}")
        if self.heading and self.part is None:
            raise ValueError("only a part has a heading")

    @classmethod
    def basic(cls, name: str) -> FieldAddress:
        return cls(BASIC, name=name)

    @classmethod
    def part_heading(cls, section: str, part: int) -> FieldAddress:
        return cls(section, part, heading=True)

    @property
    def stored(self) -> str:
        """The field as 已核实 keys in project files write it: ``intro``, ``part:2``, ``agency``.

        Never change it: old project files must keep their marks.  A heading has no key: no
        finding is about one.
        """
        if self.heading:
            raise ValueError("no finding is about a part's heading")
        return self.name if self.part is None else f"part:{self.part}"


@dataclass(frozen=True)
class TextField:
    """One text field of the report: where it is, its text and the headings that name it."""

    address: FieldAddress
    text: str
    heading: str = ""
    """The section's heading (empty for the preamble)."""
    part_heading: str = ""

    @property
    def section(self) -> str:
        return self.address.section

    @property
    def place(self) -> str:
        """The name a clerk knows the field by: 前言, 三、收到和处理…, 一、总体情况（二）…"""
        if self.section == BASIC:
            return "前言"
        if self.address.part is None:
            return self.heading
        return f"{self.heading}{part_number(self.address.part)}{self.part_heading.strip()}"


def text_fields(report: Report) -> Iterator[TextField]:
    """The preamble and every intro and part text."""
    yield TextField(FieldAddress.basic("preamble"), report.preamble)
    for spec in report.format.sections:
        text = report.sections[spec.key]
        yield TextField(FieldAddress(spec.key), text.intro, spec.heading)
        for index, part in enumerate(text.parts):
            yield TextField(FieldAddress(spec.key, index), part.text, spec.heading, part.heading)


def paragraphs(text: str) -> list[tuple[int, str]]:
    """(offset, paragraph) of each non-blank paragraph of a text field."""
    result = []
    offset = 0
    for line in text.split("\n"):
        if line.strip():
            result.append((offset, line))
        offset += len(line) + 1
    return result
