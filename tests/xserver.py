"""A real X server with a window manager, for GUI tests that need what offscreen cannot give:
window frames, maximising, placement, a taskbar, keyboard focus as a desktop hands it out.

``x_display(width, height)`` starts Xvfb (Debian's ``xvfb``) at that size on a display number of
its own (Xvfb picks a free one: several runs never meet), openbox (Debian's ``openbox``) on it
with a throw-away home (no one's own configuration is read), and a taskbar: a dock window 40 px
high along the bottom edge with ``_NET_WM_STRUT_PARTIAL``, as a Windows taskbar or a Linux panel
is.  openbox takes the strut off the work area (``_NET_WORKAREA``), which Qt reports as
``QScreen.availableGeometry()`` and into which it maximises windows.  Everything is ended when the
``with`` block (or the ``xdisplay`` fixture's test) ends.

The program under test runs in a subprocess, not in the test's own process: that process is
offscreen (tests/conftest.py) and has made its QApplication for the whole session, and one
process has one Qt platform.  ``XDisplay.run_python(code)`` runs Python code in this repository
with ``QT_QPA_PLATFORM=xcb`` and ``DISPLAY`` set, a profile folder of its own (``NIANBAO_HOME``),
and returns what it printed; ``XDisplay.environment()`` gives the environment for any other
program.  Such code cannot use the tests' fixtures: it drives the window itself (key and mouse
events to the focused widget, QTimer steps while modal dialogs run) and prints what it saw,
as JSON for the test to assert.

Without Xvfb or openbox here the test is skipped; with CI=true it fails instead (.ci/run installs
both, and a silent skip there would hide a broken install), as tests/libreoffice.py does.

Use::

    from tests import xserver
    from tests.xserver import XDisplay

    xdisplay = xserver.xdisplay  # the fixture, under the name the tests ask for

    @pytest.mark.parametrize("xdisplay", [(1280, 720), (1024, 768)], indirect=True)
    def test_something(xdisplay: XDisplay) -> None:
        result = xdisplay.run_python("from ui.app import ...")
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
TASKBAR = 40
"""The taskbar's height: Windows 10 and 11 at 100 %, and about a Linux panel's."""


@dataclass(frozen=True)
class XDisplay:
    """A running X display: its name (``:57``), its size, and the taskbar along its bottom."""

    name: str
    width: int
    height: int
    taskbar: int
    home: Path
    """A folder of this display's own: the window manager's home, and NIANBAO_HOME below it."""

    @property
    def available(self) -> tuple[int, int, int, int]:
        """The work area, as x, y, width, height: the screen less the taskbar."""
        return (0, 0, self.width, self.height - self.taskbar)

    def environment(self, **extra: str) -> dict[str, str]:
        """The environment for a program on this display: xcb, no Wayland, a profile of its own."""
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in ("WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "QT_SCALE_FACTOR")
        }
        env.update(
            DISPLAY=self.name,
            QT_QPA_PLATFORM="xcb",
            NIANBAO_HOME=str(self.home / "profile"),
            PYTHONIOENCODING="utf-8",
            # A desktop's own scaling would change the sizes measured: 1 logical px = 1 px.
            QT_ENABLE_HIGHDPI_SCALING="0",
        )
        env.update(extra)
        return env

    def run_python(
        self, code: str, *args: str, timeout: float = 180, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        """Run ``code`` with this repository's Python on this display (``sys.argv[1:]`` are
        ``args``); what it printed, whatever its exit status (the caller asserts)."""
        return subprocess.run(
            [sys.executable, "-c", code, *args],
            cwd=REPO,
            env=env or self.environment(),
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=timeout,
        )


def needed() -> None:
    """Skip the test if Xvfb or openbox is missing here; fail it under CI, which installs both."""
    missing = [name for name in ("Xvfb", "openbox") if shutil.which(name) is None]
    if not missing:
        return
    what = " and ".join(missing) + " (Debian's xvfb, openbox)"
    if os.environ.get("CI"):
        pytest.fail(f"{what} missing: .ci/run installs them")
    pytest.skip(f"{what} not installed here; .ci/run installs them")


@contextlib.contextmanager
def x_display(width: int, height: int, *, taskbar: int = TASKBAR) -> Iterator[XDisplay]:
    """Xvfb at ``width``×``height``, openbox and a ``taskbar`` px dock (0: none), all ended after.

    Yields once the window manager runs and the work area excludes the taskbar."""
    needed()
    home = Path(tempfile.mkdtemp(prefix="xserver-"))
    processes: list[subprocess.Popen[bytes]] = []
    try:
        read, write = os.pipe()
        processes.append(
            subprocess.Popen(
                [
                    "Xvfb",
                    "-displayfd",
                    str(write),
                    "-nolisten",
                    "tcp",
                    "-screen",
                    "0",
                    f"{width}x{height}x24",
                    "-dpi",
                    "96",
                ],
                pass_fds=(write,),
                stdout=subprocess.DEVNULL,
                stderr=(home / "xvfb.log").open("wb"),
            )
        )
        os.close(write)
        with os.fdopen(read) as numbers:
            number = numbers.readline().strip()
        if not number:
            raise AssertionError("Xvfb did not start: " + _log(home / "xvfb.log"))
        display = XDisplay(f":{number}", width, height, taskbar, home)
        env = display.environment(HOME=str(home), XDG_CONFIG_HOME=str(home / "config"))
        processes.append(
            subprocess.Popen(
                # --startup runs once openbox manages windows (its selection and
                # _NET_SUPPORTING_WM_CHECK come earlier, too early for the dock).
                ["openbox", "--sm-disable", "--startup", f"touch {home / 'wm-ready'}"],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=(home / "openbox.log").open("wb"),
            )
        )
        dock = subprocess.Popen(
            [sys.executable, "-c", _DOCK, str(width), str(height), str(taskbar), str(home)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=(home / "dock.log").open("wb"),
            stdin=subprocess.PIPE,
        )
        processes.append(dock)
        assert dock.stdout is not None
        ready = dock.stdout.readline().decode().strip()
        if ready != "ready":
            logs = "; ".join(_log(home / f"{n}.log") for n in ("openbox", "dock", "xvfb"))
            raise AssertionError(f"the window manager or the taskbar did not start: {logs}")
        yield display
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in reversed(processes):
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
        shutil.rmtree(home, ignore_errors=True)


def _log(path: Path) -> str:
    try:
        return f"{path.name}: {path.read_text(errors='replace').strip()[-2000:]}"
    except OSError:
        return f"{path.name}: (none)"


@pytest.fixture
def xdisplay(request: pytest.FixtureRequest) -> Iterator[XDisplay]:
    """A display of the size given by indirect parametrisation, ``(width, height)``, or
    1280×720; a taskbar of TASKBAR px along its bottom."""
    width, height = getattr(request, "param", (1280, 720))
    with x_display(width, height) as display:
        yield display


# The taskbar, through libX11 (ctypes): no tool beside Xvfb and openbox is needed.  It waits for
# the window manager (the file its --startup command makes), maps a dock window with its strut,
# waits until the work area leaves the strut out, says "ready" and stays until ended (its
# connection keeps the dock on the screen).
_DOCK = r"""
import ctypes, sys, time
import os
width, height, bar = (int(a) for a in sys.argv[1:4])
ready_file = os.path.join(sys.argv[4], "wm-ready")
X = ctypes.cdll.LoadLibrary("libX11.so.6")
ulong, long_, vp = ctypes.c_ulong, ctypes.c_long, ctypes.c_void_p
X.XOpenDisplay.restype = vp
X.XOpenDisplay.argtypes = [ctypes.c_char_p]
X.XDefaultRootWindow.restype = ulong
X.XDefaultRootWindow.argtypes = [vp]
X.XInternAtom.restype = ulong
X.XInternAtom.argtypes = [vp, ctypes.c_char_p, ctypes.c_int]
X.XGetWindowProperty.argtypes = [
    vp, ulong, ulong, long_, long_, ctypes.c_int, ulong, ctypes.POINTER(ulong),
    ctypes.POINTER(ctypes.c_int), ctypes.POINTER(ulong), ctypes.POINTER(ulong),
    ctypes.POINTER(ctypes.POINTER(long_)),
]
X.XCreateSimpleWindow.restype = ulong
X.XCreateSimpleWindow.argtypes = [vp, ulong, ctypes.c_int, ctypes.c_int, ctypes.c_uint,
                                  ctypes.c_uint, ctypes.c_uint, ulong, ulong]
X.XChangeProperty.argtypes = [vp, ulong, ulong, ulong, ctypes.c_int, ctypes.c_int, vp,
                              ctypes.c_int]
X.XMapWindow.argtypes = [vp, ulong]
X.XFlush.argtypes = [vp]
X.XFree.argtypes = [vp]
X.XStoreName.argtypes = [vp, ulong, ctypes.c_char_p]

display = None
deadline = time.monotonic() + 30
while display is None and time.monotonic() < deadline:
    display = X.XOpenDisplay(None) or None
    if display is None:
        time.sleep(0.05)
if display is None:
    sys.exit("cannot open the display")
root = X.XDefaultRootWindow(display)
atom = lambda name: X.XInternAtom(display, name.encode(), 0)

def cardinals(window, name):
    kind, fmt, n, after = ulong(), ctypes.c_int(), ulong(), ulong()
    data = ctypes.POINTER(long_)()
    X.XGetWindowProperty(display, window, atom(name), 0, 64, 0, 0, ctypes.byref(kind),
                         ctypes.byref(fmt), ctypes.byref(n), ctypes.byref(after),
                         ctypes.byref(data))
    values = [data[i] for i in range(n.value)] if data and fmt.value == 32 else []
    if data:
        X.XFree(data)
    return values

while not os.path.exists(ready_file):
    if time.monotonic() > deadline:
        sys.exit("no window manager")
    time.sleep(0.05)
if bar:
    dock = X.XCreateSimpleWindow(display, root, 0, height - bar, width, bar, 0, 0, 0x2B2F36)
    X.XStoreName(display, dock, b"taskbar")
    class SizeHints(ctypes.Structure):  # XSizeHints, up to the fields set here
        _fields_ = [("flags", long_)] + [(n, ctypes.c_int) for n in ("x", "y", "w", "h")] + [
            ("rest", ctypes.c_int * 13)]
    # USPosition | PPosition: the window manager keeps it along the bottom edge
    hints = SizeHints(flags=1 | 4, x=0, y=height - bar, w=width, h=bar)
    X.XSetWMNormalHints.argtypes = [vp, ulong, ctypes.POINTER(SizeHints)]
    X.XSetWMNormalHints(display, dock, ctypes.byref(hints))
    def put(name, kind, values):
        array = (long_ * len(values))(*values)
        X.XChangeProperty(display, dock, atom(name), atom(kind), 32, 0, array, len(values))
    put("_NET_WM_WINDOW_TYPE", "ATOM", [atom("_NET_WM_WINDOW_TYPE_DOCK")])
    put("_NET_WM_DESKTOP", "CARDINAL", [0xFFFFFFFF])  # on every desktop, as a taskbar is
    put("_NET_WM_STRUT", "CARDINAL", [0, 0, 0, bar])
    put("_NET_WM_STRUT_PARTIAL", "CARDINAL", [0, 0, 0, bar, 0, 0, 0, 0, 0, 0, 0, width - 1])
    X.XMapWindow(display, dock)
    X.XFlush(display)
    while cardinals(root, "_NET_WORKAREA")[:4] != [0, 0, width, height - bar]:
        if time.monotonic() > deadline:
            sys.exit(f"work area stays {cardinals(root, '_NET_WORKAREA')[:4]}")
        time.sleep(0.05)
print("ready", flush=True)
sys.stdin.read()
"""
