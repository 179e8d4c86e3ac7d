"""Draw the program's icon with QPainter and write it to resources/icons/.

    uv run packaging/make_icon.py            rewrite the committed icon files

The icon is drawn, not downloaded: a red square with rounded corners, a white report sheet with
the lines of a table on it, and a green tick — "the report, checked".  No text, so the result does
not depend on the fonts of the machine that draws it.

Written files (all committed, so that running from source and every build use the same ones):

    resources/icons/nianbao-zhushou-<N>.png    N = 16 … 256, for the window, the .deb, the .desktop
    resources/icons/nianbao-zhushou.ico        16 … 256 in one file, for the .exe and the installer
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ICON_DIR = REPO / "resources" / "icons"
NAME = "nianbao-zhushou"
SIZES = (16, 24, 32, 48, 64, 128, 256)

RED = "#c8161d"
RED_DARK = "#9e1016"
PAPER = "#ffffff"
LINE = "#9aa3ad"
HEADER = "#c8161d"
TICK = "#1e9e4a"


def draw(size: int):  # type: ignore[no-untyped-def]
    """One QImage of the icon at ``size`` × ``size`` pixels, drawn on a 256-unit canvas."""
    from PySide6.QtCore import QPointF, QRectF, Qt
    from PySide6.QtGui import QBrush, QColor, QImage, QPainter, QPainterPath, QPen, QPolygonF

    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.scale(size / 256, size / 256)
    small = size <= 24

    # Background: a red rounded square with a darker lower edge.
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(RED_DARK))
    p.drawRoundedRect(QRectF(8, 12, 240, 236), 44, 44)
    p.setBrush(QColor(RED))
    p.drawRoundedRect(QRectF(8, 8, 240, 232), 44, 44)

    # The report sheet with a folded corner.
    sheet = QPainterPath()
    sheet.moveTo(58, 36)
    sheet.lineTo(160, 36)
    sheet.lineTo(198, 74)
    sheet.lineTo(198, 220)
    sheet.lineTo(58, 220)
    sheet.closeSubpath()
    p.setBrush(QColor(PAPER))
    p.drawPath(sheet)
    fold = QPolygonF([QPointF(160, 36), QPointF(160, 74), QPointF(198, 74)])
    p.setBrush(QColor("#e3e6ea"))
    p.drawPolygon(fold)

    # The official table: a red title bar and grey rows.
    p.setBrush(QColor(HEADER))
    p.drawRect(QRectF(76, 60, 66, 14 if not small else 20))
    pen = QPen(QColor(LINE), 8 if not small else 14)
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    p.setPen(pen)
    rows = (100, 126, 152, 178) if not small else (112, 150)
    for y in rows:
        p.drawLine(QPointF(76, y), QPointF(180, y))
    if not small:
        p.drawLine(QPointF(120, 92), QPointF(120, 186))

    # The tick in a green disc, bottom right.
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QBrush(QColor("#ffffff")))
    p.drawEllipse(QPointF(186, 188), 50, 50)
    p.setBrush(QColor(TICK))
    p.drawEllipse(QPointF(186, 188), 42, 42)
    tick = QPen(QColor("#ffffff"), 14 if not small else 22)
    tick.setCapStyle(Qt.PenCapStyle.RoundCap)
    tick.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    p.setPen(tick)
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawPolyline(QPolygonF([QPointF(164, 190), QPointF(180, 206), QPointF(208, 172)]))
    p.end()
    return image


def png_bytes(image) -> bytes:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def dib_bytes(image) -> bytes:  # type: ignore[no-untyped-def]
    """A 32-bit BGRA device-independent bitmap as an .ico entry wants it: the header says twice
    the height (image + AND mask), rows bottom-up, then a 1-bit AND mask (all 0: alpha decides)."""
    from PySide6.QtGui import QImage

    image = image.convertToFormat(QImage.Format.Format_ARGB32)  # BGRA in memory, little-endian
    width, height = image.width(), image.height()
    header = struct.pack("<IiiHHIIiiII", 40, width, height * 2, 1, 32, 0, 0, 0, 0, 0, 0)
    rows = []
    for y in range(height - 1, -1, -1):
        line = image.constScanLine(y)
        rows.append(bytes(line)[: width * 4])
    mask_row = ((width + 31) // 32) * 4
    return header + b"".join(rows) + bytes(mask_row * height)


def ico_bytes(images: dict[int, object]) -> bytes:
    """A Windows .ico with every size: BMP entries up to 128 (what every Windows and NSIS read),
    PNG for 256 (the usual practice since Windows Vista)."""
    entries = []
    for size, image in sorted(images.items()):
        data = png_bytes(image) if size >= 256 else dib_bytes(image)
        entries.append((size, data))
    header = struct.pack("<HHH", 0, 1, len(entries))
    offset = 6 + 16 * len(entries)
    directory = b""
    blobs = b""
    for size, data in entries:
        side = 0 if size >= 256 else size
        directory += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
        blobs += data
    return header + directory + blobs


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841
    ICON_DIR.mkdir(parents=True, exist_ok=True)
    images = {size: draw(size) for size in SIZES}
    for size, image in images.items():
        path = ICON_DIR / f"{NAME}-{size}.png"
        path.write_bytes(png_bytes(image))
        print(path.relative_to(REPO))
    ico = ICON_DIR / f"{NAME}.ico"
    ico.write_bytes(ico_bytes({s: images[s] for s in (16, 24, 32, 48, 64, 128, 256)}))
    print(ico.relative_to(REPO))
    return 0


if __name__ == "__main__":
    sys.exit(main())
