"""帮助 › 关于 lists every shipped open-source component and shows its licence texts (开源许可)."""

from __future__ import annotations

from pathlib import Path

import pytest

from models import licences
from models.app import VERSION
from tests.test_licences import SHIPPED
from ui.commands.about import AboutDialog


def test_about_lists_the_components_and_shows_their_texts(empty_window) -> None:
    empty_window.about_action.trigger()
    dialog = empty_window.findChild(AboutDialog, "aboutDialog")
    assert isinstance(dialog, AboutDialog) and dialog.isVisible()
    assert VERSION in dialog.about_text.text()
    listed = [dialog.components_list.item(i).text() for i in range(dialog.components_list.count())]
    for name, _phrase in SHIPPED:
        assert any(line.startswith(f"{name} ") for line in listed), name
    assert dialog.components_list.currentRow() == 0  # Python, its licence shown at once
    assert "PYTHON SOFTWARE FOUNDATION LICENSE" in dialog.licence_text.toPlainText()
    for name, phrase in SHIPPED:
        row = next(i for i, line in enumerate(listed) if line.startswith(f"{name} "))
        dialog.components_list.setCurrentRow(row)
        text = dialog.licence_text.toPlainText()
        assert text.startswith(name) and phrase.lower() in text.lower(), name
    # Asked again, the same window comes forward.
    empty_window.about_action.trigger()
    assert len(empty_window.findChildren(AboutDialog)) == 1


def test_the_frozen_program_reads_the_shipped_folder(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where the build wrote licenses/ (the frozen program's _internal/), that folder is read:
    nothing is gathered at run time."""
    component = licences.Component(
        "Stand-in", "1.0", "MIT", "测试", (licences.LicenceText("LICENSE", "stand-in text\n"),)
    )
    folder = licences.write([component], tmp_path / "licenses")
    monkeypatch.setattr(licences, "SHIPPED", folder)
    monkeypatch.setattr(licences, "gather", lambda *a: pytest.fail("gathered at run time"))
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    assert dialog.components_list.count() == 1
    assert "stand-in text" in dialog.licence_text.toPlainText()


def test_a_missing_folder_is_said_in_chinese(qtbot, monkeypatch: pytest.MonkeyPatch) -> None:
    def missing() -> list[licences.Component]:
        raise licences.MissingLicence("licenses/index.json")

    monkeypatch.setattr(licences, "components", missing)
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    assert dialog.components_list.count() == 0
    assert "找不到开源许可的文本" in dialog.licence_text.toPlainText()
