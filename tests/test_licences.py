"""The licence texts of every shipped component are gathered from what is installed (issue 24).

models/licences.py gathers them; packaging/bundle_licences.py decides, from PyInstaller's lists,
which components the frozen program carries and writes the .deb's copyright file.  The frozen
folder itself is checked in tests/test_packaging.py (slow).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from models import licences
from models.licences import Component, LicenceText

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "packaging"))
import bundle_licences  # noqa: E402

SHIPPED = (
    # name in the list: a phrase its texts must hold (the real text, not a stand-in)
    ("Python", "PYTHON SOFTWARE FOUNDATION LICENSE"),
    ("Qt", "GNU LESSER GENERAL PUBLIC LICENSE"),
    ("Qt for Python (PySide6)", "GNU LESSER GENERAL PUBLIC LICENSE"),
    ("Shiboken6", "GNU LESSER GENERAL PUBLIC LICENSE"),
    ("PDFium", "PDFium Authors"),
    ("pypdfium2", "Apache License"),
    ("lxml", "Infrae"),
    ("libxml2", "Daniel Veillard"),
    ("libxslt", "Daniel Veillard"),
    ("python-docx", "Permission is hereby granted"),
    ("openpyxl", "Permission is hereby granted"),
    ("et-xmlfile", "Permission is hereby granted"),
    ("platformdirs", "Permission is hereby granted"),
    ("typing_extensions", "PYTHON SOFTWARE FOUNDATION LICENSE"),
)


@pytest.fixture(scope="module")
def gathered() -> list[Component]:
    return licences.gather()


def test_every_shipped_component_has_its_real_text(gathered: list[Component]) -> None:
    by_name = {c.name: c for c in gathered}
    for name, phrase in SHIPPED:
        assert name in by_name, name
        component = by_name[name]
        assert component.licence, name
        assert component.texts and all(t.text.strip() for t in component.texts), name
        assert any(phrase.lower() in t.text.lower() for t in component.texts), (name, phrase)
    assert [c.name for c in gathered][:2] == ["Python", "Qt"]
    # PDFium's third parties each have their notice (FreeType, libjpeg-turbo, …).
    pdfium = by_name["PDFium"]
    assert len(pdfium.texts) > 10
    assert any("freetype" in t.name.lower() for t in pdfium.texts)
    assert not any(t.name.startswith("BUILD_LICENSES/") for t in by_name["pypdfium2"].texts)
    # Qt's versions are PySide6's (Qt for Python is released with the Qt it wraps).
    assert by_name["Qt"].version == by_name["Qt for Python (PySide6)"].version
    # libiconv is inside lxml only where lxml was built with it (Windows): then with the LGPL.
    from lxml import etree  # type: ignore[import-untyped]

    if any(getattr(etree, "ICONV_COMPILED_VERSION", (0, 0))):
        assert "GNU LESSER" in by_name["libiconv"].texts[-1].text
    else:
        assert "libiconv" not in by_name


def test_the_program_s_distributions_are_its_dependencies_and_theirs() -> None:
    names = licences.project_distributions()
    assert {"pyside6-essentials", "shiboken6", "python-docx", "openpyxl", "et-xmlfile"} <= set(
        names
    )
    assert {"lxml", "pypdfium2", "platformdirs", "typing-extensions"} <= set(names)
    for tool in ("pytest", "mypy", "ruff", "pyinstaller", "hypothesis"):
        assert tool not in names  # the development tools are not shipped


def test_fallback_texts_are_the_fsf_s_verbatim() -> None:
    common = Path("/usr/share/common-licenses")
    for ours, debian in (("LGPL-3.0", "LGPL-3"), ("GPL-3.0", "GPL-3"), ("LGPL-2.1", "LGPL-2.1")):
        text = (licences.FALLBACK / f"{ours}.txt").read_text(encoding="utf-8")
        assert len(text) > 5000
        if (common / debian).is_file():
            assert text == (common / debian).read_text(encoding="utf-8"), ours


def test_written_and_read_back(gathered: list[Component], tmp_path: Path) -> None:
    folder = licences.write(gathered, tmp_path / "licenses")
    assert licences.shipped(folder) == gathered
    readme = (folder / "README.txt").read_text(encoding="utf-8")
    for component in gathered:
        assert component.title in readme
        assert (folder / component.folder).is_dir()
    copyright_text = bundle_licences.deb_copyright(
        folder, install_prefix="/opt/nianbao-zhushou", title="年报助手"
    )
    for component in gathered:
        assert f"Component: {component.title}\n" in copyright_text
        assert f"/opt/nianbao-zhushou/_internal/licenses/{component.folder}/" in copyright_text
    assert "PDFium" in copyright_text


def test_a_component_without_text_stops_the_build(monkeypatch: pytest.MonkeyPatch) -> None:
    real = licences.distribution_components

    def without_texts(name: str) -> list[Component]:
        found = real(name)
        if name == "openpyxl":
            return [Component(c.name, c.version, c.licence, c.purpose, ()) for c in found]
        return found

    monkeypatch.setattr(licences, "distribution_components", without_texts)
    with pytest.raises(licences.MissingLicence, match="openpyxl"):
        licences.gather()


def test_every_module_and_library_of_the_bundle_is_traced(tmp_path: Path) -> None:
    site = bundle_licences.site_folders()[0]
    pure = [
        ("docx.document", str(site / "docx" / "document.py"), "PYMODULE"),
        ("json", "", "PYMODULE"),
        ("models.report", "", "PYMODULE"),
        ("_pyi_rth_utils", "", "PYMODULE"),
    ]
    binaries = [
        ("PySide6/Qt/lib/libQt6Core.so.6", str(site / "PySide6" / "Qt" / "lib" / "x.so"), "BINARY"),
        ("pypdfium2_raw/libpdfium.so", str(site / "pypdfium2_raw" / "libpdfium.so"), "BINARY"),
        ("libpython3.so", str(Path(sys.base_prefix) / "lib" / "libpython3.so"), "BINARY"),
        ("libz.so.1", "/lib/x86_64-linux-gnu/libz.so.1", "BINARY"),
    ]
    found, system = bundle_licences.distributions_of(pure, binaries)
    assert found == {"python-docx", "pyside6-essentials", "pypdfium2", "pyinstaller"}
    assert [entry[0] for entry in system] == ["libz.so.1"]
    with pytest.raises(bundle_licences.Unattributed, match="nowhere_from"):
        bundle_licences.distributions_of([("nowhere_from", "", "PYMODULE")], [])


def test_a_system_library_brings_its_debian_copyright() -> None:
    library = Path("/lib/x86_64-linux-gnu/libz.so.1")
    if not library.exists() or not Path("/usr/share/doc/zlib1g/copyright").is_file():
        pytest.skip("not a Debian x86_64 system with zlib1g's copyright file")
    (zlib,) = bundle_licences.debian_components([("libz.so.1", str(library), "BINARY")])
    assert zlib.name == "zlib1g" and zlib.version
    assert "Zlib" in zlib.licence
    assert zlib.texts == (
        LicenceText("copyright", Path("/usr/share/doc/zlib1g/copyright").read_text("utf-8")),
    )
