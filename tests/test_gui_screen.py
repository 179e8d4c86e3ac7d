"""Every window and dialog fits the screen: on a real X server with a window manager (Xvfb and
openbox, tests/xserver.py) at 1280×720 and 1024×768, each with a 40 px taskbar along its bottom
(a dock window whose strut openbox takes off the work area), so the available area is 1280×680
and 1024×728 as on a laptop with the Windows taskbar."""

from __future__ import annotations

import json

import pytest

from tests import xserver
from tests.xserver import XDisplay

xdisplay = xserver.xdisplay

SIZES = [(1280, 720), (1024, 768)]


@pytest.mark.parametrize("xdisplay", SIZES, indirect=True)
def test_the_display_has_a_taskbar_qt_sees(xdisplay: XDisplay) -> None:
    """The test display itself: Qt on it reports the screen and, without the taskbar, the
    available area that windows must fit."""
    shown = xdisplay.run_python(
        "import json\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "screen = app.primaryScreen()\n"
        "print(json.dumps([screen.geometry().getRect(), screen.availableGeometry().getRect()]))\n"
    )
    assert shown.returncode == 0, shown.stderr
    whole, available = json.loads(shown.stdout)
    assert whole == [0, 0, xdisplay.width, xdisplay.height]
    assert available == list(xdisplay.available)
