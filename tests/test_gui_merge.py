"""The window's Excel exchange and the 汇总 dialog, driven as a clerk drives them."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QMessageBox,
    QProgressDialog,
    QPushButton,
)

from exporters import read_report, xlsx
from models import project_file
from models.batch import merge
from models.report import new_report
from tests.conftest import ANSWERS, SAMPLE
from tests.test_merge import unit_report
from tests.window_parts import item_text, menu_actions
from ui.commands.merge_dialog import MergeDialog
from ui.document import ReportDocument
from ui.main_window import MainWindow


@pytest.fixture
def window(sample_window: MainWindow) -> MainWindow:
    return sample_window


@pytest.fixture
def dialog(qtbot) -> MergeDialog:
    widget = MergeDialog(None)
    qtbot.addWidget(widget)
    return widget


def save(folder: Path, name: str, agency: str, year: int = 2024, seed: int = 0) -> Path:
    path = folder / name
    project_file.save(unit_report(agency, year, seed), path)
    return path


def pick_files(monkeypatch: pytest.MonkeyPatch, paths: list[Path]) -> None:
    monkeypatch.setattr(
        QFileDialog,
        "getOpenFileNames",
        staticmethod(lambda *a, **k: ([str(p) for p in paths], "")),
    )


def row_texts(dialog: MergeDialog, row: int) -> list[str]:
    return [item_text(dialog.table, row, c) for c in range(dialog.table.columnCount())]


def menu_texts(window: MainWindow) -> dict[str, list[str]]:
    return {
        action.text(): [a.text() for a in menu_actions(action)]
        for action in window.menuBar().actions()
        if action.menu() is not None
    }


def test_the_menus(window: MainWindow) -> None:
    menus = menu_texts(window)
    assert "导出 Excel…" in menus["文件(&F)"] and "导入 Excel…" in menus["文件(&F)"]
    assert menus["工具(&T)"] == ["汇总多个单位的报告…", "批量审核…"]


DATA_HTML = Path(__file__).parent / "data" / "html"


# --- the dialog -----------------------------------------------------------------------------------


def test_units_are_listed_with_year_and_counts(
    dialog: MergeDialog, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, no_blocking_dialogs
) -> None:
    good = save(tmp_path, "甲.gknb", "甲局")
    bad_report = unit_report("乙局", seed=1)
    bad_report.values["t3.new.natural"] = None
    bad = tmp_path / "乙.gknb"
    project_file.save(bad_report, bad)
    broken = tmp_path / "坏.gknb"
    broken.write_text("{", encoding="utf-8")
    letter = tmp_path / "函.htm"  # a 工作要点 letter: read, and no report
    letter.write_bytes((DATA_HTML / "pingtan-2014-letter.htm").read_bytes())
    pick_files(monkeypatch, [good, bad, broken, letter])
    dialog.add_button.click()
    assert dialog.table.rowCount() == 4
    assert row_texts(dialog, 3)[0] == "（不是年度报告）" and "工作要点" in row_texts(dialog, 3)[5]
    assert "1 个文件无法读取、1 个文件不是政府信息公开工作年度报告" in dialog.status.text()
    dialog.table.selectRow(3)
    dialog.remove_button.click()
    assert dialog.table.rowCount() == 3
    warnings = str(merge.unit_of("", project_file.load(good)).warnings)  # findings on the text
    assert row_texts(dialog, 0)[:5] == ["甲局", "2024", "0", warnings, "甲.gknb"]
    assert row_texts(dialog, 1)[:5] == ["乙局", "2024", "1", warnings, "乙.gknb"]
    assert "1 个空白单元格" in row_texts(dialog, 1)[5]
    assert row_texts(dialog, 2)[0] == "（无法读取）" and "坏.gknb" in row_texts(dialog, 2)[5]
    assert "共 2 个单位（2024 年）；表格有错误的 1 个" in dialog.status.text()
    assert "1 个文件无法读取" in dialog.status.text()

    ANSWERS["warning"] = QMessageBox.StandardButton.Ok
    dialog.merge_button.click()
    assert dialog.merged is None and "无法读取" in no_blocking_dialogs[-1][1]

    dialog.table.selectRow(2)
    dialog.remove_button.click()
    assert dialog.table.rowCount() == 2 and "无法读取" not in dialog.status.text()

    dialog.expected.setPlainText("甲局\n乙局\n丙局\n")
    assert "未报送 1 个：丙局" in dialog.missing.text()
    dialog.agency.setText("某区政府办公室")
    dialog.merge_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    merged = dialog.merged
    assert merged is not None and merged.missing == ["丙局"]
    assert merged.report.agency == "某区政府办公室"
    assert merged.partly_blank == {"t3.new.natural": ["乙局"]}


def test_the_same_file_is_added_once(
    dialog: MergeDialog, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = save(tmp_path, "甲.gknb", "甲局")
    pick_files(monkeypatch, [path, path])
    dialog.add_button.click()
    dialog.add_button.click()
    assert dialog.table.rowCount() == 1
    assert "都已在列表中" in dialog.status.text()


@pytest.mark.parametrize(
    ("second", "message"),
    [(("甲局", 2024), "同一单位的报告选了不止一份"), (("乙局", 2023), "不是同一年度")],
)
def test_what_cannot_be_summed_is_refused(
    dialog: MergeDialog,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    no_blocking_dialogs,
    second: tuple[str, int],
    message: str,
) -> None:
    paths = [save(tmp_path, "1.gknb", "甲局"), save(tmp_path, "2.gknb", *second, seed=1)]
    pick_files(monkeypatch, paths)
    dialog.add_button.click()
    assert message in dialog.status.text()  # shown before the clerk even tries
    ANSWERS["warning"] = QMessageBox.StandardButton.Ok
    dialog.merge_button.click()
    assert dialog.merged is None
    assert no_blocking_dialogs[-1][0] == "warning" and message in no_blocking_dialogs[-1][1]
    assert dialog.result() != QDialog.DialogCode.Accepted


def held_reader(
    monkeypatch: pytest.MonkeyPatch, held: str, until: threading.Event
) -> tuple[list[bool], threading.Event]:
    """``exporters.read_report`` as 汇总 calls it, holding the file named ``held`` until
    ``until`` is set: what the window's thread does meanwhile shows it is not waiting for the
    reading.  Returns, for each file read, whether it was read on the window's thread, and the
    event set when the held file is reached."""
    on_window_thread: list[bool] = []
    reached = threading.Event()

    def read(path: Path):
        on_window_thread.append(threading.current_thread() is threading.main_thread())
        if path.name == held:
            reached.set()
            # Read on the window's thread, this would wait out the timeout and fail.
            assert until.wait(10), "the window did not go on while a report was read"
        return read_report(path)

    monkeypatch.setattr("exporters.read_report", read)
    return on_window_thread, reached


def test_reading_keeps_the_window_going(
    dialog: MergeDialog, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """While the reports are read, the window's timers fire (and it paints): only a timer of
    the window's thread lets the second file's reading go on."""
    paths = [save(tmp_path, f"{i}.gknb", f"单位{i}", seed=i) for i in range(3)]
    go_on = threading.Event()
    on_window_thread, _ = held_reader(monkeypatch, "1.gknb", go_on)
    ticks: list[int] = []

    def tick() -> None:
        ticks.append(1)
        if len(ticks) >= 3:
            go_on.set()

    timer = QTimer()
    timer.timeout.connect(tick)
    timer.start(10)
    pick_files(monkeypatch, paths)
    dialog.add_button.click()
    timer.stop()
    assert go_on.is_set() and len(ticks) >= 3
    assert on_window_thread == [False, False, False]
    assert dialog.table.rowCount() == 3
    assert "共 3 个单位（2024 年）" in dialog.status.text()


def press_cancel_while_reading(
    qtbot, dialog: MergeDialog, reached: threading.Event, label: str, pressed: threading.Event
) -> QTimer:
    """The clerk presses 取消 on the progress dialog once it says ``label`` and that file is
    being read."""

    def look() -> None:
        progress = dialog.findChild(QProgressDialog)
        if progress is None or not reached.is_set() or progress.labelText() != label:
            return
        timer.stop()
        button = progress.findChild(QPushButton)
        assert button is not None and button.text() == "取消"
        button.click()
        pressed.set()

    timer = QTimer()
    timer.timeout.connect(look)
    timer.start(10)
    return timer


def test_reading_can_be_cancelled(
    qtbot, dialog: MergeDialog, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """取消 while the third file is read: it is finished and kept, the fourth is not read."""
    paths = [save(tmp_path, f"{i}.gknb", f"单位{i}", seed=i) for i in range(4)]
    pressed = threading.Event()
    on_window_thread, reached = held_reader(monkeypatch, "2.gknb", pressed)
    timer = press_cancel_while_reading(
        qtbot, dialog, reached, "正在读取第 3 份，共 4 份：2.gknb", pressed
    )
    pick_files(monkeypatch, paths)
    dialog.add_button.click()
    timer.stop()
    assert pressed.is_set() and len(on_window_thread) == 3
    assert dialog.table.rowCount() == 3
    assert "已取消：读取了 3 份，其余 1 份没有加入" in dialog.status.text()


def test_a_folder_and_a_list_file(
    dialog: MergeDialog, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    folder = tmp_path / "各单位"
    folder.mkdir()
    for i in range(3):
        save(folder, f"{i}.gknb", f"单位{i}", seed=i)
    xlsx.write(unit_report("表格单位", seed=5), folder / "表格单位.xlsx", draft=True)
    from exporters.pdf import writer as pdf

    pdf.write(unit_report("公布单位", seed=6), folder / "公布单位.pdf", draft=False)
    (folder / "说明.txt").write_text("不是报告", encoding="utf-8")
    (folder / "~$表格单位.xlsx").write_bytes(b"lock")  # Office's lock file while it is open
    (folder / ".隐藏.gknb").write_bytes(b"{}")
    monkeypatch.setattr(
        QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(folder))
    )
    dialog.add_folder_button.click()
    assert dialog.table.rowCount() == 5
    shown = [item_text(dialog.table, r, 0) for r in range(5)]
    assert "公布单位" in shown and not any("隐藏" in s or "~$" in s for s in shown)
    names = tmp_path / "名单.txt"
    names.write_bytes("单位0\n单位1\n单位7\n".encode("gbk"))
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(names), ""))
    )
    dialog.load_list_button.click()
    assert dialog.expected.toPlainText() == "单位0\n单位1\n单位7"
    assert "未报送 1 个：单位7" in dialog.missing.text()
    assert "不在名单中的 3 个：单位2、公布单位、表格单位" in dialog.missing.text()


def test_a_folder_without_reports_says_which_kinds_it_looked_for(
    dialog: MergeDialog, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, no_blocking_dialogs
) -> None:
    (tmp_path / "说明.txt").write_text("不是报告", encoding="utf-8")
    monkeypatch.setattr(
        QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(tmp_path))
    )
    dialog.add_folder_button.click()
    assert dialog.table.rowCount() == 0
    kind, text = no_blocking_dialogs[-1]
    assert kind == "information" and "没有报告" in text
    assert "Word 文档" in text and "PDF 文档" in text and "网页" in text


# --- from the window ------------------------------------------------------------------------------


def test_the_result_opens_as_a_new_unsaved_report(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, no_blocking_dialogs
) -> None:
    paths = [save(tmp_path, f"{i}.gknb", f"单位{i}", seed=i) for i in range(3)]

    def drive(dialog: MergeDialog) -> int:
        dialog.add_paths(paths)
        dialog.agency.setText("某区政府办公室")
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(MergeDialog, "exec", drive)
    window.merge_action.trigger()
    report = window.document.report
    assert report.agency == "某区政府办公室" and report.year == 2024
    units = [project_file.load(p) for p in paths]
    for cell_id in ("t3.new.natural", "t3.result_total.total", "t2.fees.amount"):
        assert report.values[cell_id] == sum(u.values[cell_id] for u in units)  # type: ignore[misc]
    assert window.document.path is None and window.isWindowModified()
    kind, text = no_blocking_dialogs[-1]
    assert kind == "information" and "已汇总 3 个单位" in text and "还没有保存" in text


def files_under(folder: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_a_cancelled_merge_writes_nothing(
    qtbot,
    window: MainWindow,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """取消 while the reports are read, then 取消 on the dialog: the window keeps its report,
    and no file is written anywhere (no report, no autosave)."""
    paths = [save(tmp_path, f"{i}.gknb", f"单位{i}", seed=i) for i in range(3)]
    pressed = threading.Event()
    _, reached = held_reader(monkeypatch, "0.gknb", pressed)
    before = window.document
    shown: list[int] = []

    def drive(dialog: MergeDialog) -> int:
        timer = press_cancel_while_reading(
            qtbot, dialog, reached, "正在读取第 1 份，共 3 份：0.gknb", pressed
        )
        dialog.add_paths(paths)
        timer.stop()
        shown.append(dialog.table.rowCount())
        assert "已取消" in dialog.status.text()
        dialog.reject()
        return dialog.result()

    monkeypatch.setattr(MergeDialog, "exec", drive)
    files = files_under(tmp_path)
    window.merge_action.trigger()
    assert pressed.is_set() and shown == [1]  # the file in hand was finished, no other read
    assert window.document is before and not window.isWindowModified()
    assert files_under(tmp_path) == files


def test_cancelling_the_dialog_keeps_the_report(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = window.document
    monkeypatch.setattr(MergeDialog, "exec", lambda dialog: QDialog.DialogCode.Rejected)
    window.merge_action.trigger()
    assert window.document is before


def test_export_excel(window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    target = tmp_path / "表格"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), ""))
    )
    window.export_excel_action.trigger()
    saved = tmp_path / "表格.xlsx"
    assert read_report(saved).report.values == window.document.report.values
    assert "草稿" not in load_workbook(saved)["表三"]["A1"].value


def test_export_excel_with_errors_offers_a_draft(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, no_blocking_dialogs
) -> None:
    window.set_document(ReportDocument(new_report("某局", 2024)))
    target = tmp_path / "草稿.xlsx"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), ""))
    )
    ANSWERS["question"] = QMessageBox.StandardButton.No
    window.export_excel_action.trigger()
    assert not target.exists()
    assert "只能导出草稿" in no_blocking_dialogs[-1][1]
    ANSWERS["question"] = QMessageBox.StandardButton.Yes
    window.export_excel_action.trigger()
    assert "草稿" in load_workbook(target)["表三"]["A1"].value


def test_import_excel(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, no_blocking_dialogs
) -> None:
    sample = project_file.load(SAMPLE)
    path = tmp_path / "填好的.xlsx"
    xlsx.write(sample, path)
    book = load_workbook(path)
    sheet, where = next(iter(book.defined_names[xlsx.name_of("t3.new.natural")].destinations))
    book[sheet][where.replace("$", "")] = "５"
    sheet, where = next(iter(book.defined_names[xlsx.name_of("t3.new.business")].destinations))
    book[sheet][where.replace("$", "")] = "一"
    book.save(path)
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(path), ""))
    )
    window.import_excel_action.trigger()
    report = window.document.report
    assert report.values["t3.new.natural"] == 5 and report.values["t3.new.business"] is None
    assert report.agency == sample.agency
    assert window.document.path is None and window.isWindowModified()
    kind, text = no_blocking_dialogs[-1]
    assert kind == "information" and "“一”不是数字" in text


def test_import_a_foreign_workbook(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, no_blocking_dialogs
) -> None:
    from openpyxl import Workbook

    path = tmp_path / "别人的.xlsx"
    Workbook().save(path)
    before = window.document
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(path), ""))
    )
    window.import_excel_action.trigger()
    assert window.document is before
    kind, text = no_blocking_dialogs[-1]
    assert kind == "critical" and "不是年报助手导出的 Excel 表格" in text
