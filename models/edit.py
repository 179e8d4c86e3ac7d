"""Edits of a report: a set of changes written in one step, which says what it changed.

Every change the window makes goes through ``apply``: it writes the changes (and the totals that
follow from changed cells), and returns the new and the old value of every address that really
changed, so the caller can undo it exactly and tell the views what changed without copying the
report.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from models.format.spec import BASIC_LABELS
from models.narrative.fields import BASIC, FieldAddress
from models.report import Acknowledgement, Report, SectionText
from models.values import BlankMark, CellValue

SETTINGS = frozenset({"year", "report_date", "style", "agency_kind", "previous_file"})
"""The Report attributes other than texts, cells, sections and 已核实 that an Edit may change."""

BASIC_TEXT_FIELDS = tuple(key for key in BASIC_LABELS if key not in SETTINGS)
"""The basic facts that are text (机关名称, 联系科室, 地址, 电话, 前言): the year and the date are
settings."""


@dataclass
class Edit:
    """Changes to a report, by address.  Cells by id; texts by ``FieldAddress``; sections whole
    (intro and parts); settings by attribute name (``SETTINGS``); 已核实 by finding key (None
    withdraws it).  With ``totals_follow`` the totals that depend on a changed cell are worked
    out again; the Edits that undo and redo one are exact instead.

    ``marks`` are the readers' notes of what a blank cell held ("—", "/" …, ``Report.blank_marks``;
    None removes one).  Writing a cell drops its mark, so a cell the clerk has typed into and
    cleared again is an ordinary blank, not "填的是“—”"; undoing the edit brings the mark back."""

    values: dict[str, CellValue | None] = field(default_factory=dict)
    texts: dict[FieldAddress, str] = field(default_factory=dict)
    sections: dict[str, SectionText] = field(default_factory=dict)
    settings: dict[str, object] = field(default_factory=dict)
    acknowledged: dict[str, Acknowledgement | None] = field(default_factory=dict)
    marks: dict[str, BlankMark | None] = field(default_factory=dict)
    totals_follow: bool = True

    def __bool__(self) -> bool:
        return bool(
            self.values
            or self.texts
            or self.sections
            or self.settings
            or self.acknowledged
            or self.marks
        )


@dataclass(frozen=True)
class Applied:
    """What ``apply`` changed: ``done`` holds the new value of every changed address (the totals
    that followed included), ``undone`` the value before.  Both are exact Edits: applying one
    and then the other goes back and forth.  Addresses that did not change are in neither."""

    done: Edit
    undone: Edit


def apply(report: Report, edit: Edit) -> Applied:
    """Write ``edit`` into ``report``; returns what changed, with the values before."""
    done, undone = Edit(totals_follow=False), Edit(totals_follow=False)
    _apply_values(report, edit, done, undone)
    for address, text in edit.texts.items():
        old = read_text(report, address)
        if old != text:
            write_text(report, address, text)
            done.texts[address], undone.texts[address] = text, old
    for key, section in edit.sections.items():
        current = report.sections[key]
        if current != section:
            undone.sections[key] = current.copy()
            # Changed in place: whoever holds the section's text sees the new one.
            current.intro, current.parts = section.intro, section.copy().parts
            done.sections[key] = section.copy()
    for name, value in edit.settings.items():
        if name not in SETTINGS:
            raise KeyError(f"not a report setting: {name}")
        old_setting = getattr(report, name)
        if old_setting != value:
            setattr(report, name, value)
            done.settings[name], undone.settings[name] = value, old_setting
    for key, acknowledgement in edit.acknowledged.items():
        old_acknowledgement = report.acknowledged.get(key)
        if old_acknowledgement != acknowledgement:
            if acknowledgement is None:
                del report.acknowledged[key]
            else:
                report.acknowledged[key] = acknowledgement
            done.acknowledged[key] = acknowledgement
            undone.acknowledged[key] = old_acknowledgement
    return Applied(done, undone)


def _apply_values(report: Report, edit: Edit, done: Edit, undone: Edit) -> None:
    values = report.values

    marks = report.blank_marks

    def write(cell_id: str, value: CellValue | None) -> None:
        undone.values[cell_id] = values[cell_id]
        values[cell_id] = done.values[cell_id] = value
        if cell_id in marks and cell_id not in edit.marks:
            undone.marks[cell_id] = marks.pop(cell_id)
            done.marks[cell_id] = None

    changed = [k for k, v in edit.values.items() if values[k] != v]
    for cell_id in changed:
        write(cell_id, edit.values[cell_id])
    if edit.totals_follow and changed:
        # Totals given in the edit are written as given; the others follow their parts.
        for cell_id, value in report.totals_following(set(changed)).items():
            if cell_id not in edit.values and values[cell_id] != value:
                write(cell_id, value)
    for cell_id, mark in edit.marks.items():
        old_mark = marks.get(cell_id)
        if old_mark != mark:
            if mark is None:
                del marks[cell_id]
            else:
                marks[cell_id] = mark
            done.marks[cell_id], undone.marks[cell_id] = mark, old_mark


def read_text(report: Report, address: FieldAddress) -> str:
    """The text at ``address`` (a basic fact that is not a text reads as empty)."""
    if address.section == BASIC:
        value = getattr(report, address.name)
        return value if isinstance(value, str) else ""
    text = report.sections[address.section]
    if address.part is None:
        return text.intro
    part = text.parts[address.part]
    return part.heading if address.heading else part.text


def write_text(report: Report, address: FieldAddress, value: str) -> None:
    """Write the text at ``address`` (``apply`` does, for an undoable edit)."""
    if address.section == BASIC:
        if address.name not in BASIC_TEXT_FIELDS:
            raise KeyError(f"not a text field: {address.name}")
        setattr(report, address.name, value)
        return
    text = report.sections[address.section]
    if address.part is None:
        text.intro = value
        return
    part = text.parts[address.part]
    if address.heading:
        part.heading = value
    else:
        part.text = value
