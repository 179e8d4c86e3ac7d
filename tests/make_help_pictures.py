"""Takes the pictures of the guide (resources/help/*.png) from the real window — a script, not a
test (pytest does not collect it).  Run it again when the window changes:

    QT_QPA_PLATFORM=offscreen uv run python tests/make_help_pictures.py

The window is laid out at 1280×720 (a clerk's laptop) with the sample open, grabbed as the
screenshot mode of main.py does (QWidget.grab), and saved at 760 px wide in 8-bit colour, so the
pictures stay small.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
HELP = REPO / "resources" / "help"
WIDTH = 760


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["NIANBAO_HOME"] = tempfile.mkdtemp(prefix="nianbao-help-")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage
    from PySide6.QtWidgets import QApplication

    from ui.app import create_application
    from ui.main_window import SAMPLE_PATH, MainWindow

    create_application()
    window = MainWindow()
    window.resize(1280, 720)
    window.show()
    # The start page with a recent file: a copy of the sample under a clerk's kind of name.
    folder = Path(tempfile.mkdtemp(prefix="报告-"))
    recent = folder / "硚口区行政审批局2024年报告.gknb"
    recent.write_bytes(SAMPLE_PATH.read_bytes())
    window._remember(recent)
    window.show_start_page()

    def save(name: str) -> None:
        window.statusBar().clearMessage()  # not the temporary folder's name
        for _ in range(3):
            QApplication.processEvents()
        image = window.grab().toImage()
        image = image.scaledToWidth(WIDTH, Qt.TransformationMode.SmoothTransformation)
        # Threshold, not diffusion: a dithered plain background looks like grain and packs worse.
        image = image.convertToFormat(
            QImage.Format.Format_Indexed8, Qt.ImageConversionFlag.ThresholdDither
        )
        path = HELP / f"{name}.png"
        if not image.save(str(path), b"PNG", 9):
            raise SystemExit(f"无法保存图片“{path}”。")
        print(f"{path}  {path.stat().st_size // 1024} KB")

    save("start")
    window.open_path(recent, ask=False)
    save("basic")
    table3 = next(i for i, s in enumerate(window.sections) if s and s.table and s.key == "requests")
    window.tabs.setCurrentIndex(table3)
    save("table")
    window.recovery.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
