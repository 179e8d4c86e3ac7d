"""Starting the window: Qt set-up (Chinese translations, fonts, scaling), then the main window.

main.py                       the start page (新建, 从上年报告新建, 打开, recent files, 打开示例)
main.py FILE                  open FILE
main.py --smoke               the real window offscreen with the sample; exit 0 once painted
main.py --smoke --real-window the same on the platform's own window system (Windows' desktop,
                              X11/Wayland, or QT_QPA_PLATFORM if set): a missing platform plugin
                              fails it, which offscreen cannot show
main.py --screenshots DIR     one PNG of each tab with the sample and one of the start page,
                              offscreen
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from models.running import hold_running_mutex

if TYPE_CHECKING:  # for annotations: at run time Qt is imported once the platform is chosen
    from PySide6.QtWidgets import QApplication

    from ui.main_window import MainWindow

SMOKE_TIMEOUT_MS = 30_000


class GuiArguments:
    """What the window was asked to do; parsed by hand so starting up needs no argparse."""

    def __init__(self, argv: Sequence[str]) -> None:
        self.file: Path | None = None
        self.smoke = False
        self.real_window = False
        self.screenshots: Path | None = None
        rest = list(argv)
        while rest:
            word = rest.pop(0)
            if word == "--smoke":
                self.smoke = True
            elif word == "--real-window":
                self.real_window = True
            elif word == "--screenshots":
                if not rest:
                    raise SystemExit(_usage("--screenshots 后面需要一个文件夹"))
                self.screenshots = Path(rest.pop(0))
            elif word.startswith("-") and word != "-":
                raise SystemExit(_usage(f"无法识别的选项 {word}"))
            elif self.file is None:
                self.file = Path(word)
            else:
                raise SystemExit(_usage(f"一次只能打开一个文件，多出了 {word}"))


def _usage(problem: str) -> int:
    print(
        f"命令行有误：{problem}\n用法：main.py [文件.gknb] | --smoke [--real-window]"
        " | --screenshots 文件夹\n"
        "用 main.py --help 查看全部命令。",
        file=sys.stderr,
    )
    return 2


def create_application(argv: Sequence[str] = ()) -> QApplication:
    """The QApplication, in Chinese, with a Chinese UI font; reused if one exists."""
    from PySide6.QtCore import QLocale, Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    from models.app import APP_ID, APP_NAME, VERSION
    from ui.qt_chinese import install_translations
    from ui.style import ui_font

    existing = QApplication.instance()
    if existing is not None:
        assert isinstance(existing, QApplication)  # the program and its tests make no other kind
        return existing
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )
    app = QApplication([sys.argv[0], *argv])
    app.setApplicationName(APP_ID)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(VERSION)
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    install_translations(app)
    font = ui_font()
    font.setPointSizeF(max(app.font().pointSizeF(), 10.0))
    app.setFont(font)
    _set_icon(app)
    return app


ICON_DIR = Path(__file__).resolve().parent.parent / "resources" / "icons"


def _set_icon(app: QApplication) -> None:
    """The program's icon (packaging/make_icon.py draws it) on every window; the desktop file name
    ties the window to the Linux menu entry that the .deb installs."""
    from PySide6.QtGui import QGuiApplication, QIcon

    from models.app import APP_ID

    icon = QIcon()
    for png in sorted(ICON_DIR.glob(f"{APP_ID}-*.png")):
        icon.addFile(str(png))  # loaded lazily, in the size a window asks for
    if not icon.isNull():
        app.setWindowIcon(icon)
    QGuiApplication.setDesktopFileName(APP_ID)


def _has_screen() -> bool:
    """Whether a window can be shown: always on Windows and macOS; on Linux a display server, or
    a platform chosen explicitly (QT_QPA_PLATFORM).  Without one Qt would abort with an English
    message."""
    if not sys.platform.startswith("linux"):
        return True
    return any(os.environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


def run_gui(argv: Sequence[str]) -> int:
    args = GuiArguments(argv)
    if args.real_window and not args.smoke:
        raise SystemExit(_usage("--real-window 只能与 --smoke 一起使用"))
    offscreen = (args.smoke and not args.real_window) or args.screenshots is not None
    if offscreen:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    elif not _has_screen():
        print(
            "没有可用的图形界面，无法打开窗口。请在桌面上运行年报助手；"
            "在命令行中可以用 check、export、import、merge 等命令（main.py --help 查看）。",
            file=sys.stderr,
        )
        return 2
    # Starting up creates some forty thousand objects (Qt's enums, the format, the window) that
    # live as long as the window: collecting garbage among them while starting is wasted time.
    # Once the window is up they are set aside (gc.freeze), so later collections skip them too.
    hold_running_mutex()
    gc.disable()
    try:
        return _start_window(args)
    finally:
        _settle_garbage_collector()


def _settle_garbage_collector() -> None:
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def _start_window(args: GuiArguments) -> int:
    from PySide6.QtCore import QTimer

    app = create_application()

    from ui.main_window import SAMPLE_PATH, WINDOW_SIZE, MainWindow

    QTimer.singleShot(0, _settle_garbage_collector)  # runs once the window has been shown
    if args.smoke or args.screenshots is not None:
        from models import project_file
        from models.files import FileProblem
        from ui.document import ReportDocument

        try:
            sample = project_file.load(SAMPLE_PATH)
        except FileProblem as problem:
            print(problem, file=sys.stderr)
            return 1
        window = MainWindow(ReportDocument(sample))
        if args.smoke or args.screenshots is None:
            return _smoke(app, window)
        return _screenshots(app, window, args.screenshots)
    window = MainWindow(start_page=args.file is None)
    if args.file is not None and not window.open_path(args.file, ask=False):
        window.show_start_page()
    from ui.screen_fit import show_main_window

    # Maximised on a small screen, else where the clerk left it, always within the screen.
    show_main_window(window, WINDOW_SIZE)
    QTimer.singleShot(0, window.offer_recovery)
    return int(app.exec())


def end_window_process(status: int) -> NoReturn:
    """Leave once the window has closed, without Python's slow clean-up pass.

    By now the clerk's work is saved or deliberately left, the autosave lock is released and the
    settings are written (QSettings writes when each use ends).  Python's own exit would then
    spend some twenty milliseconds freeing thousands of Qt wrappers one by one, which the
    operating system does at once.  Only the clipboard needs Qt: if cells copied from the window
    are still on it, destroying the application hands them to the system, so they can be pasted
    after exit.
    """
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if isinstance(app, QApplication) and app.clipboard().ownsClipboard():
        app.shutdown()
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:  # None in the Windows build, which has no console
            stream.flush()
    os._exit(status)


def _smoke(app: QApplication, window: MainWindow) -> int:
    """Show the window and quit as soon as it has painted; 1 if it never does."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    result = {"painted": False}

    class PaintWatcher(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and not result["painted"]:
                result["painted"] = True
                QTimer.singleShot(0, app.quit)
            return False

    watcher = PaintWatcher()
    window.installEventFilter(watcher)
    QTimer.singleShot(SMOKE_TIMEOUT_MS, app.quit)
    window.show()
    app.exec()
    window.removeEventFilter(watcher)
    window.recovery.close()
    if not result["painted"]:
        print("窗口没有在规定时间内完成绘制。", file=sys.stderr)
        return 1
    return 0


def _screenshots(app: QApplication, window: MainWindow, folder: Path) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    window.resize(1400, 1000)
    window.show()
    app.processEvents()
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        app.processEvents()
        title = window.pages[index].heading.text().split("、")[0]
        path = folder / f"{index:02d}-{title}.png"
        if not window.grab().save(str(path)):
            print(f"无法保存截图“{path}”。", file=sys.stderr)
            return 1
        print(path)
    window.show_start_page()
    app.processEvents()
    app.processEvents()  # the recent files are read once the page has been painted
    path = folder / "start.png"
    if not window.grab().save(str(path)):
        print(f"无法保存截图“{path}”。", file=sys.stderr)
        return 1
    print(path)
    window.recovery.close()
    return 0
