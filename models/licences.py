"""The licence and notice texts of every component the program ships (帮助 › 关于 › 开源许可).

They are gathered from what is installed, never typed: the licence files each distribution's
metadata names (License-File, dist-info/licenses/), Python's own LICENSE.txt, and for the
libraries inside a wheel the files that wheel carries — PDFium's notices inside pypdfium2's,
libxml2's and libxslt's inside lxml's.  Only where a wheel carries no text at all (PySide6 and
shiboken6, which are LGPL-3.0) are the FSF's verbatim texts taken from packaging/licenses/.

packaging/nianbao.spec gathers them when the program is frozen, from the very distributions it
freezes, and writes them into the bundle's ``licenses/`` folder (``write``), which the Windows
installer and the .deb carry; the about dialog reads that folder back (``shipped``).  In a
checkout there is no such folder and they are gathered on the spot.  No Qt here.
"""

from __future__ import annotations

import json
import re
import sys
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "licenses"
"""The gathered folder: in the frozen program beside models/ (the bundle's _internal/)."""
FALLBACK = ROOT / "packaging" / "licenses"
"""The texts no installed file carries (see the module's docstring); read only when gathering."""
INDEX = "index.json"

LICENCE_FILE = re.compile(r"(LICEN[CS]E|COPYING|NOTICE|AUTHORS|COPYRIGHT)", re.IGNORECASE)


@dataclass(frozen=True)
class LicenceText:
    name: str  # as the component names it: "LICENSE.txt", "BUILD_LICENSES/freetype.txt"
    text: str


@dataclass(frozen=True)
class Component:
    name: str
    version: str
    licence: str  # short: an SPDX expression where the component gives one
    purpose: str  # what it does in the program, for the clerk (Chinese)
    texts: tuple[LicenceText, ...] = field(default=())

    @property
    def folder(self) -> str:
        """Its folder under licenses/: the name, lower case, without spaces or brackets."""
        return re.sub(r"[^a-z0-9.+-]+", "-", self.name.lower()).strip("-")

    @property
    def title(self) -> str:
        return f"{self.name} {self.version}".strip()


class MissingLicence(Exception):
    """A shipped component whose licence text cannot be found: the build stops."""


# What each distribution is for, and how it is named in the list (its metadata's name else).
KNOWN = {
    "pyside6-essentials": ("Qt for Python (PySide6)", "窗口、打印和 PDF 输出"),
    "shiboken6": ("Shiboken6", "Qt for Python 的绑定层"),
    "pypdfium2": ("pypdfium2", "读取 PDF 的 Python 接口"),
    "lxml": ("lxml", "读取 Word 文档和网页"),
    "python-docx": ("python-docx", "读写 Word 文档"),
    "openpyxl": ("openpyxl", "读写 Excel 工作簿"),
    "et-xmlfile": ("et-xmlfile", "openpyxl 写 XML"),
    "platformdirs": ("platformdirs", "设置和自动保存的文件夹"),
    "typing-extensions": ("typing_extensions", "python-docx 的类型支持"),
    "pyinstaller": ("PyInstaller", "程序的启动器（bootloader）"),
}
LICENCE_OF = {
    # Where the metadata states no short name: what the distribution's own licence file says.
    "pyinstaller": "GPL-2.0-or-later WITH Bootloader-exception",
}
FALLBACK_TEXTS = {
    # Distributions without any licence file: the licence their metadata states, the FSF texts.
    "pyside6-essentials": ("LGPL-3.0-only", ("LGPL-3.0.txt", "GPL-3.0.txt")),
    "shiboken6": ("LGPL-3.0-only", ("LGPL-3.0.txt", "GPL-3.0.txt")),
}
PDFIUM_NOTICES = "BUILD_LICENSES/"
"""pypdfium2's licence files under this folder are PDFium's and its third parties' notices."""


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


# ----------------------------------------------------------------------------------------------
# which distributions


def project_distributions(pyproject: Path = ROOT / "pyproject.toml") -> list[str]:
    """The distributions the program runs with: pyproject.toml's dependencies and theirs."""
    with pyproject.open("rb") as file:
        wanted = [_requirement_name(r) for r in tomllib.load(file)["project"]["dependencies"]]
    return with_requirements(name for name in wanted if name)


def with_requirements(names: Iterable[str]) -> list[str]:
    """``names`` and every distribution they require (extras left out), installed ones only,
    normalised and sorted."""
    found: set[str] = set()
    queue = [normalise(n) for n in names]
    while queue:
        name = queue.pop()
        if name in found:
            continue
        try:
            distribution = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        found.add(name)
        for requirement in distribution.requires or []:
            if re.search(r"\bextra\s*==", requirement):  # only with an extra we do not ask for
                continue
            required = _requirement_name(requirement)
            if required:
                queue.append(normalise(required))
    return sorted(found)


def _requirement_name(requirement: str) -> str:
    match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", requirement)
    return match.group(1) if match else ""


# ----------------------------------------------------------------------------------------------
# gathering


def gather(distributions: Iterable[str] | None = None) -> list[Component]:
    """Python and each of ``distributions`` (by default the program's), with the libraries
    inside them named on their own: Qt in PySide6, PDFium in pypdfium2, libxml2 and libxslt in
    lxml.  Raises MissingLicence for a component without a text."""
    names = project_distributions() if distributions is None else sorted(set(distributions))
    components = [python_component()]
    for name in names:
        components += distribution_components(normalise(name))
    for component in components:
        if not any(text.text.strip() for text in component.texts):
            raise MissingLicence(f"no licence text found for {component.title}")
    return sorted(components, key=_listed_order)


LISTED_FIRST = (
    "Python",
    "Qt",
    "Qt for Python (PySide6)",
    "Shiboken6",
    "PDFium",
    "pypdfium2",
    "lxml",
    "libxml2",
    "libxslt",
    "libiconv",
    "python-docx",
    "openpyxl",
)


def _listed_order(component: Component) -> tuple[int, str]:
    """The big and well-known first, as the about dialog lists them; the rest by name."""
    if component.name in LISTED_FIRST:
        return LISTED_FIRST.index(component.name), ""
    return len(LISTED_FIRST), component.name.lower()


def python_component() -> Component:
    import sysconfig

    version = ".".join(str(n) for n in sys.version_info[:3])
    # Unix builds install it beside the standard library; Windows (the official installer,
    # python-build-standalone) at the top of the installation.
    for candidate in (
        Path(sysconfig.get_path("stdlib")) / "LICENSE.txt",
        Path(sys.base_prefix) / "LICENSE.txt",
        Path(sys.base_prefix) / "LICENSE",
    ):
        if candidate.is_file():
            text = LicenceText(
                "LICENSE.txt", candidate.read_text(encoding="utf-8", errors="replace")
            )
            return Component("Python", version, "PSF-2.0", "程序运行所用的 Python 解释器", (text,))
    raise MissingLicence(f"Python's LICENSE.txt is not in {sys.base_prefix}")


def distribution_components(name: str) -> list[Component]:
    distribution = metadata.distribution(name)
    version = distribution.version
    shown, purpose = KNOWN.get(name, (_first(distribution, "Name") or name, ""))
    texts = _licence_files(distribution)
    licence = LICENCE_OF.get(name) or _licence_of(distribution)
    if not texts and name in FALLBACK_TEXTS:
        licence, files = FALLBACK_TEXTS[name]
        texts = [_fallback(f) for f in files]
    if name == "pyside6-essentials":
        # Qt itself is inside the wheel, at the same version: its own entry, for the LGPL.
        qt = Component(
            "Qt",
            version,
            "LGPL-3.0-only",
            "图形界面、打印和 PDF 输出所用的 Qt 库",
            (*texts, _fallback("Qt-third-party.txt")),
        )
        return [qt, Component(shown, version, licence, purpose, tuple(texts))]
    if name == "pypdfium2":
        own = [t for t in texts if not t.name.startswith(PDFIUM_NOTICES)]
        notices = [t for t in texts if t.name.startswith(PDFIUM_NOTICES)]
        pdfium = Component(
            "PDFium",
            _pdfium_version(),
            "BSD-3-Clause 及其第三方组件的许可",
            "读取已发布的 PDF 报告",
            tuple(notices),
        )
        return [pdfium, Component(shown, version, licence, purpose, tuple(own))]
    if name == "lxml":
        bundled = [t for t in texts if "libxml2" in t.text]  # LICENSES.txt: the bundled libraries
        libxml2, libxslt, iconv = _libxml_versions()
        found = [
            Component(shown, version, licence, purpose, tuple(texts)),
            Component("libxml2", libxml2, "MIT", "lxml 中的 XML 和 HTML 解析库", tuple(bundled)),
            Component("libxslt", libxslt, "MIT", "lxml 中的 XSLT 库", tuple(bundled)),
        ]
        if iconv:  # built in on Windows; on Linux lxml uses the C library's iconv
            found.append(
                Component(
                    "libiconv",
                    iconv,
                    "LGPL-2.1-or-later",
                    "lxml 中的字符编码转换库",
                    (*bundled, _fallback("LGPL-2.1.txt")),
                )
            )
        return found
    return [Component(shown, version, licence, purpose, tuple(texts))]


def _licence_files(distribution: metadata.Distribution) -> list[LicenceText]:
    """The files the metadata names as licence files (License-File), else those in the
    dist-info folder whose name says so."""
    info = [f for f in distribution.files or [] if f.parts[0].endswith(".dist-info")]
    if not info:
        return []
    folder = Path(str(distribution.locate_file(info[0].parts[0])))
    names = distribution.metadata.get_all("License-File") or [
        "/".join(file.parts[1:])
        for file in info
        if len(file.parts) > 1 and LICENCE_FILE.search(file.name)
    ]
    texts = []
    for name in names:
        # Metadata 2.4 keeps them under licenses/; older wheels at the dist-info's top.
        for path in (folder / "licenses" / name, folder / name):
            if path.is_file():
                texts.append(LicenceText(name, _decoded(path.read_bytes())))
                break
    return texts


def _decoded(data: bytes) -> str:
    """A licence file's text: UTF-8, else Latin-1 (a few older ones write © so)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _first(distribution: metadata.Distribution, key: str) -> str:
    values = distribution.metadata.get_all(key) or []
    return str(values[0]).strip() if values else ""


def _licence_of(distribution: metadata.Distribution) -> str:
    """License-Expression; else License when it is a name, not a whole text; else the
    classifiers."""
    expression = _first(distribution, "License-Expression")
    if expression:
        return expression
    stated = _first(distribution, "License")
    if stated and "\n" not in stated and len(stated) <= 60:
        return stated
    classifiers = [
        c.rsplit("::", 1)[1].strip()
        for c in distribution.metadata.get_all("Classifier") or []
        if c.startswith("License ::") and c.count("::") >= 2
    ]
    return " / ".join(classifiers) or stated.split("\n", 1)[0][:60]


def _fallback(name: str) -> LicenceText:
    path = FALLBACK / name
    if not path.is_file():
        raise MissingLicence(f"{path} is missing")
    return LicenceText(name, path.read_text(encoding="utf-8"))


def _pdfium_version() -> str:
    """PDFium's version as pypdfium2_raw records it (Chromium's numbering: 159.0.8149.0)."""
    import importlib.util

    spec = importlib.util.find_spec("pypdfium2_raw")  # found, not imported (no PDFium loaded)
    if spec is None or spec.origin is None:
        return ""
    path = Path(spec.origin).parent / "version.json"
    if not path.is_file():
        return ""
    found = json.loads(path.read_text(encoding="utf-8"))
    return ".".join(str(found.get(part, 0)) for part in ("major", "minor", "build", "patch"))


def _libxml_versions() -> tuple[str, str, str]:
    """The versions of libxml2, libxslt and libiconv inside lxml ("" for no libiconv)."""
    from lxml import etree  # type: ignore[import-untyped]

    iconv = tuple(getattr(etree, "ICONV_COMPILED_VERSION", (0, 0)))
    return (
        ".".join(str(n) for n in etree.LIBXML_VERSION),
        ".".join(str(n) for n in etree.LIBXSLT_VERSION),
        ".".join(str(n) for n in iconv) if any(iconv) else "",
    )


# ----------------------------------------------------------------------------------------------
# the shipped folder


def write(components: Iterable[Component], folder: Path) -> Path:
    """The texts into ``folder`` (one folder per component), with index.json for the program
    and README.txt for people; returns ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    index = []
    lines = ["年报助手所含的开源软件及其许可 / Open-source components of this program", ""]
    for component in components:
        files = []
        for text in component.texts:
            relative = f"{component.folder}/{text.name}"
            target = folder / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text.text, encoding="utf-8")
            files.append(relative)
        index.append(
            {
                "name": component.name,
                "version": component.version,
                "licence": component.licence,
                "purpose": component.purpose,
                "files": files,
            }
        )
        lines.append(f"{component.title}  —  {component.licence}  —  {component.folder}/")
    (folder / INDEX).write_text(json.dumps(index, ensure_ascii=False, indent=1), encoding="utf-8")
    (folder / "README.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def shipped(folder: Path | None = None) -> list[Component]:
    """The components written into ``folder`` (the bundle's, by default) by ``write``, texts
    read back."""
    folder = SHIPPED if folder is None else folder
    entries = json.loads((folder / INDEX).read_text(encoding="utf-8"))
    components = []
    for entry in entries:
        texts = tuple(
            LicenceText(relative.split("/", 1)[1], (folder / relative).read_text(encoding="utf-8"))
            for relative in entry["files"]
        )
        components.append(
            Component(entry["name"], entry["version"], entry["licence"], entry["purpose"], texts)
        )
    return components


def components() -> list[Component]:
    """What the about dialog shows: the shipped folder, else (in a checkout) gathered now."""
    if (SHIPPED / INDEX).is_file():
        return shipped()
    return gather()
