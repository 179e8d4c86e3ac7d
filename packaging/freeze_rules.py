"""What goes into the frozen program: the rules the PyInstaller spec applies after its analysis.

PyInstaller's Qt hooks collect every plugin of every kind a used Qt module can load, and then every
library those plugins link — the virtual keyboard pulls in Qt Quick, the SVG plugins Qt SVG, the
GTK theme half of GTK.  This module keeps only the plugins the program uses, drops the libraries
nothing kept still links, keeps one translation, and on Linux leaves the desktop's own libraries
(X11/xcb, fontconfig, D-Bus, CUPS, OpenGL …) to the system, where the .deb depends on them.

Plain Python with no PyInstaller import, so the quick tests can check the rules.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import PurePosixPath

# Qt Python modules the program does not use.  Excluded so that no hook or stray import brings them
# (and their Qt libraries, plugins and translations) in.
UNUSED_QT_MODULES = (
    "Qt3DAnimation",
    "Qt3DCore",
    "Qt3DExtras",
    "Qt3DInput",
    "Qt3DLogic",
    "Qt3DRender",
    "QtAxContainer",
    "QtBluetooth",
    "QtCharts",
    "QtConcurrent",
    "QtDataVisualization",
    "QtDBus",
    "QtDesigner",
    "QtGraphs",
    "QtGraphsWidgets",
    "QtHelp",
    "QtHttpServer",
    "QtLocation",
    "QtMultimedia",
    "QtMultimediaWidgets",
    "QtNetwork",
    "QtNetworkAuth",
    "QtNfc",
    "QtOpenGL",
    "QtOpenGLWidgets",
    "QtPdf",
    "QtPdfWidgets",
    "QtPositioning",
    "QtQml",
    "QtQuick",
    "QtQuick3D",
    "QtQuickControls2",
    "QtQuickTest",
    "QtQuickWidgets",
    "QtRemoteObjects",
    "QtScxml",
    "QtSensors",
    "QtSerialBus",
    "QtSerialPort",
    "QtSpatialAudio",
    "QtSql",
    "QtStateMachine",
    "QtSvg",
    "QtSvgWidgets",
    "QtTest",
    "QtTextToSpeech",
    "QtUiTools",
    "QtWebChannel",
    "QtWebEngineCore",
    "QtWebEngineQuick",
    "QtWebEngineWidgets",
    "QtWebSockets",
    "QtWebView",
    "QtXml",
)
EXCLUDED_MODULES = (
    *(f"PySide6.{name}" for name in UNUSED_QT_MODULES),
    "PySide2",
    "PyQt5",
    "PyQt6",
    "shiboken2",
    "tkinter",
    "_tkinter",
    "test",
    "idlelib",
    "lib2to3",
    "pydoc_data",
    # Nothing here goes on the network or runs an event loop, and no one types at a Python
    # prompt: TLS (with OpenSSL's libraries), asyncio and readline are dead weight.  hashlib
    # itself stays — python-docx names pictures by their SHA-1 — and falls back to the built-in
    # _sha1/_sha256/_md5/_blake2 modules once OpenSSL's _hashlib is gone.
    "ssl",
    "_ssl",
    "_hashlib",
    "readline",
    "asyncio",
    "PySide6.QtAsyncio",
    # lxml's parts nothing imports: python-docx and openpyxl use lxml.etree only, the web-page
    # reader lxml.html (kept).
    "lxml.objectify",
    "lxml.isoschematron",
    "lxml.sax",
)

# Qt modules the program uses; QtPrintSupport is for printing and the PDF export.
USED_QT_MODULES = ("QtCore", "QtGui", "QtWidgets", "QtPrintSupport")

# Plugins kept, by kind and by name (file name without "lib" and extension).
KEPT_PLUGINS: dict[str, frozenset[str]] = {
    # The window on Windows and X11 (Wayland desktops run it through XWayland), and offscreen for
    # --smoke and headless use.
    "platforms": frozenset({"qwindows", "qxcb", "qoffscreen", "qminimal"}),
    # OpenGL on X11 is only asked for by Qt itself; the GLX/EGL glue keeps xcb from warning.
    "xcbglintegrations": frozenset({"qxcb-glx-integration", "qxcb-egl-integration"}),
    # Chinese input on Linux through IBus (Fcitx 5 also speaks IBus's protocol), and dead keys.
    "platforminputcontexts": frozenset(
        {"ibusplatforminputcontextplugin", "composeplatforminputcontextplugin"}
    ),
    # PNG is built into QtGui; .ico for the Windows icon, JPEG for pictures in reports.
    "imageformats": frozenset({"qico", "qjpeg"}),
    # Printing: the Windows spooler, CUPS on Linux.
    "printsupport": frozenset({"windowsprintersupport", "cupsprintersupport"}),
    # The native look on Windows 10/11 (the older name first, Qt 6.7+ the second).
    "styles": frozenset({"qwindowsvistastyle", "qmodernwindowsstyle"}),
}

# The one Qt translation the program loads (ui/app.py): the standard dialogs' buttons in Chinese.
KEPT_TRANSLATIONS = frozenset({"qtbase_zh_CN.qm"})

# On Linux these come from the system, not from the build machine: the display server's client
# libraries, fonts, D-Bus, GLib, CUPS, the C++ runtime and OpenGL.  A bundled copy of any of them
# can disagree with the system's configuration files, daemons or drivers.
LINUX_SYSTEM_LIBRARIES = re.compile(
    r"^lib("
    r"X11|X11-xcb|Xau|Xdmcp|Xext|Xrender|Xi|Xfixes|SM|ICE|xcb(-[a-z0-9-]+)?|xkbcommon(-x11)?"
    r"|fontconfig|freetype|png16|harfbuzz|graphite2|brotli(common|dec)|uuid"
    r"|dbus-1|systemd|glib-2\.0|gobject-2\.0|gthread-2\.0|gmodule-2\.0|gio-2\.0|pcre2-8"
    r"|cups|gnutls|avahi-(client|common)|gssapi_krb5|krb5|k5crypto|krb5support|com_err|keyutils"
    r"|idn2|unistring|tasn1|nettle|hogweed|gmp|p11-kit|gcrypt|gpg-error|lz4|zstd|cap|selinux"
    r"|mount|blkid|bsd|md"
    r"|stdc\+\+|gcc_s|GL|GLX|EGL|OpenGL|GLdispatch|wayland-[a-z]+|drm|gbm"
    r")\.so(\.[0-9.]+)?$"
)

# …except these, which Debian 10 (统信UOS 20's base) does not have: bundled instead.  Debian 10
# has only libxcb-util.so.0; Qt's xcb platform links libxcb-util.so.1 (a small library over
# libxcb).
LINUX_BUNDLED_LIBRARIES = frozenset({"libxcb-util.so.1"})


def kind_and_name(dest: str) -> tuple[str, str] | None:
    """For a plugin's destination path, its kind and its name; None for anything else."""
    parts = PurePosixPath(dest.replace("\\", "/")).parts
    if "plugins" not in parts or not parts[0].lower().startswith("pyside6"):
        return None
    index = parts.index("plugins")
    if len(parts) != index + 3:
        return None
    kind, file = parts[index + 1], parts[index + 2]
    name = file.split(".")[0]
    if name.startswith("lib") and not file.lower().endswith(".dll"):
        name = name[3:]
    return kind, name


def plugin_kept(dest: str) -> bool | None:
    """Whether a Qt plugin stays; None when ``dest`` is not a Qt plugin."""
    found = kind_and_name(dest)
    if found is None:
        return None
    kind, name = found
    return name in KEPT_PLUGINS.get(kind, frozenset())


def data_kept(dest: str) -> bool:
    """Data files: Qt translations other than the one the program loads are dropped."""
    path = PurePosixPath(dest.replace("\\", "/"))
    if (
        path.suffix == ".qm"
        and "translations" in path.parts
        and path.parts[0].startswith("PySide6")
    ):
        return path.name in KEPT_TRANSLATIONS
    return True


def _base(name: str) -> str:
    return PurePosixPath(name.replace("\\", "/")).name.lower()


Entry = tuple[str, str, str]  # PyInstaller's TOC entry: (destination, source, typecode)


CTYPES_LOADED = ("pypdfium2_raw/",)
"""Folders of libraries that Python loads with ctypes (PDFium, for reading published PDFs):
nothing links them, so the pruning would drop them; they are kept as roots."""


def prune_binaries(
    binaries: Iterable[Entry],
    imports_of: Callable[[str], Iterable[str]],
    *,
    linux: bool,
) -> tuple[list[Entry], list[str]]:
    """The binaries to keep, and the destinations dropped.

    Unused plugins go first; then every library no longer linked — directly or through another
    kept library — by a Python extension, a kept plugin or the Python library is dropped.
    ``imports_of(source)`` names the libraries a binary links (base names or paths).  On Linux the
    system libraries (LINUX_SYSTEM_LIBRARIES) are dropped as well, but those Debian 10 lacks
    (LINUX_BUNDLED_LIBRARIES).
    """
    entries = list(binaries)
    dropped: list[str] = []
    candidates: list[Entry] = []
    for entry in entries:
        if plugin_kept(entry[0]) is False:
            dropped.append(entry[0])
        else:
            candidates.append(entry)

    by_base: dict[str, list[Entry]] = {}
    for entry in candidates:
        by_base.setdefault(_base(entry[0]), []).append(entry)

    def is_root(entry: Entry) -> bool:
        dest, _, typecode = entry
        base = _base(dest)
        return (
            typecode == "EXTENSION"
            or plugin_kept(dest) is True
            or base.startswith(("libpython", "python3"))
            or base.endswith(".pyd")
            or dest.replace("\\", "/").startswith(CTYPES_LOADED)
        )

    reached: set[str] = set()
    queue = [entry for entry in candidates if is_root(entry)]
    for entry in queue:
        reached.add(_base(entry[0]))
    while queue:
        _dest, source, typecode = queue.pop()
        if typecode == "SYMLINK":
            continue
        for name in imports_of(source):
            base = _base(name)
            if base in reached or base not in by_base:
                continue
            reached.add(base)
            for other in by_base[base]:
                if other[2] == "SYMLINK":
                    # A symlink's source is its target's destination: follow it.
                    target = _base(other[1])
                    if target not in reached and target in by_base:
                        reached.add(target)
                        queue.extend(by_base[target])
                else:
                    queue.append(other)

    kept: list[Entry] = []
    for entry in candidates:
        base = _base(entry[0])
        if base not in reached:
            dropped.append(entry[0])
            continue
        name = PurePosixPath(entry[0]).name
        if linux and LINUX_SYSTEM_LIBRARIES.match(name) and name not in LINUX_BUNDLED_LIBRARIES:
            dropped.append(entry[0])
            continue
        kept.append(entry)
    return kept, dropped


def drop_dangling_symlinks(
    binaries: list[Entry], datas: list[Entry]
) -> tuple[list[Entry], list[Entry], list[str]]:
    """PyInstaller lists the top-level symlinks to PySide6/Qt/lib/* among the data files; drop
    those whose target was left out, so the folder has no dangling links."""
    present = {_norm(dest) for dest, _, typecode in (*binaries, *datas) if typecode != "SYMLINK"}
    dropped: list[str] = []

    def keep(entry: Entry) -> bool:
        dest, target, typecode = entry
        if typecode != "SYMLINK":
            return True
        if _norm(str(PurePosixPath(_norm(dest)).parent / _norm(target))) in present or (
            _norm(target) in present
        ):
            return True
        dropped.append(dest)
        return False

    return [e for e in binaries if keep(e)], [e for e in datas if keep(e)], dropped


def _norm(path: str) -> str:
    parts: list[str] = []
    for part in PurePosixPath(path.replace("\\", "/")).parts:
        if part == "..":
            if parts:
                parts.pop()
        elif part != ".":
            parts.append(part)
    return "/".join(parts)
