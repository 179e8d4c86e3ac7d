"""What a message tells the reader to do depends on where it is read (issue 22): the window names
its menus and buttons, never a command-line option; the command line names its options, never a
menu or a button."""

from __future__ import annotations

from pathlib import Path

import pytest

import main
from exporters import ON_THE_COMMAND_LINE, docx, read_report
from models.checks.blank_marks import TO_ZERO
from tests.conftest import _window
from tests.test_gui_problems import dashed
from tests.test_review import GOVERNMENT, STREET, report_of
from ui.form.problems import MESSAGE_COLUMN
from ui.main_window import MainWindow


def command_words(text: str) -> bool:
    return "命令行" in text or "--" in text or "check " in text


@pytest.fixture
def published(tmp_path: Path) -> dict[str, Path]:
    """A whole government's report and a street's (whose kind cannot be told), as Word files."""
    paths = {"government": tmp_path / "区政府.docx", "street": tmp_path / "街道.docx"}
    docx.write(report_of(GOVERNMENT), paths["government"], draft=False)
    docx.write(report_of(STREET), paths["street"], draft=False)
    return paths


def test_the_readers_notes_name_the_menu_or_the_options(published: dict[str, Path]) -> None:
    (government,) = [n for n in read_report(published["government"]).notes if "本级政府" in n]
    assert "“年度”菜单" in government and not command_words(government)
    (street,) = [n for n in read_report(published["street"]).notes if "公布期限" in n]
    assert "“年度”菜单" in street and not command_words(street)
    said = read_report(published["government"], advice=ON_THE_COMMAND_LINE).notes
    (government,) = [n for n in said if "本级政府" in n]
    assert "--department" in government and "菜单" not in government
    said = read_report(published["street"], advice=ON_THE_COMMAND_LINE).notes
    (street,) = [n for n in said if "公布期限" in n]
    assert "--government" in street and "--department" in street and "菜单" not in street


def test_check_on_the_command_line_says_its_options(
    published: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main.main(["check", str(published["government"])])
    err = capsys.readouterr().err
    assert "--department" in err and "菜单" not in err
    # Cells written "—": the message and the option that fixes them.
    from models import project_file

    dashes = tmp_path / "横线.gknb"
    project_file.save(dashed(), dashes)
    main.main(["check", str(dashes)])
    out = capsys.readouterr().out
    assert "--dash-as-zero" in out


def test_the_window_names_no_command(
    qtbot,
    profile: Path,
    tmp_path: Path,
    published: dict[str, Path],
    no_blocking_dialogs: list[tuple[str, str]],
) -> None:
    for window in _window(qtbot, None):
        assert isinstance(window, MainWindow)
        for path in published.values():
            assert window.open_path(path, ask=False)  # imported, its notes shown
            kind, text = no_blocking_dialogs[-1]
            assert kind == "information" and "“年度”菜单" in text
            assert not command_words(text)
        from models import project_file

        dashes = tmp_path / "横线.gknb"
        project_file.save(dashed(), dashes)
        assert window.open_path(dashes, ask=False)
        panel = window.problems
        messages = [
            panel.model.index(r, MESSAGE_COLUMN).data() for r in range(panel.model.rowCount())
        ]
        assert any(f"点“{TO_ZERO}”一次改好。" in m for m in messages)
        assert not [m for m in messages if command_words(m)]
