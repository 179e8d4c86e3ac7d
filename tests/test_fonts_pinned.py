"""The tests render with the fonts they choose (tests/fonts.conf), not with whatever a machine
happens to have: a package that brings its own fonts along (openbox brings ghostscript's URW
fonts, Nimbus Roman among them) must not change which font stands in for Times New Roman or 仿宋,
or every line the render tests measure moves."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PINNED = Path(__file__).resolve().parent / "fonts.conf"
DIRS = (
    "/usr/share/fonts/opentype/noto",
    "/usr/share/fonts/truetype/dejavu",
    "/usr/share/fonts/truetype/liberation2",
    "/usr/share/fonts/truetype/libreoffice",
)


def test_every_test_and_program_it_starts_reads_the_pinned_fonts() -> None:
    assert os.environ["FONTCONFIG_FILE"] == str(PINNED)


@pytest.mark.skipif(shutil.which("fc-list") is None, reason="fontconfig's tools are missing")
def test_only_the_chosen_fonts_are_seen() -> None:
    files = subprocess.run(
        ["fc-list", "--format", "%{file}\\n"], capture_output=True, text=True, check=True
    ).stdout.split()
    assert files and all(f.startswith(DIRS) for f in files), sorted(set(files))[:5]
    stand_ins = {
        "Times New Roman": "Liberation Serif",
        "仿宋_GB2312": "Noto Serif CJK SC",
        "方正小标宋简体": "Noto Serif CJK SC",
        "楷体_GB2312": "Noto Serif CJK SC",
        "宋体": "Noto Serif CJK SC",
        "黑体": "Noto Sans CJK SC",
    }
    for font, stand_in in stand_ins.items():
        family = subprocess.run(
            ["fc-match", "--format", "%{family[0]}", font],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert family == stand_in, (font, family)


def _words(pdf: Path) -> list[tuple[int, int, int, str]]:
    from tests.test_docx_render import words_by_page

    return [
        (page, round(w[0] * 10), round(w[1] * 10), w[4])
        for page, words in enumerate(words_by_page(pdf))
        for w in words
    ]


@pytest.mark.slow
def test_other_fonts_installed_change_nothing(tmp_path: Path) -> None:
    """The sample as LibreOffice renders our .docx, and as our own PDF, is word for word in
    the same places whether the fonts seen are only the pinned ones or every font of the
    machine besides (ghostscript's Nimbus Roman, another Times twin, where openbox brought it):
    the documents' fonts are given their stand-ins before the system's rules."""
    from exporters import export_report
    from models import project_file
    from tests import libreoffice
    from tests.conftest import REPO, SAMPLE

    program = libreoffice.needed()
    wide = tmp_path / "every-font.conf"
    wide.write_text(
        PINNED.read_text(encoding="utf-8").replace(
            "  <dir>/usr/share/fonts/opentype/noto</dir>",
            "  <dir>/usr/share/fonts</dir>\n  <dir>/usr/local/share/fonts</dir>\n"
            "  <dir>/usr/share/fonts/opentype/noto</dir>",
        ),
        encoding="utf-8",
    )
    seen = {}
    for config in (PINNED, wide):
        environment = dict(os.environ, FONTCONFIG_FILE=str(config))
        seen[config] = subprocess.run(
            ["fc-list", "--format", "%{family}\\n"],
            env=environment,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    assert len(set(seen[wide].split("\n"))) > len(set(seen[PINNED].split("\n")))
    source = tmp_path / "sample.docx"
    export_report(project_file.load(SAMPLE), source)
    results = {}
    for config in (PINNED, wide):
        folder = tmp_path / config.stem
        folder.mkdir()
        os.environ["FONTCONFIG_FILE"] = str(config)
        try:
            theirs = libreoffice.convert(program, source, "pdf", folder)
        finally:
            os.environ["FONTCONFIG_FILE"] = str(PINNED)
        ours = folder / "ours.pdf"
        subprocess.run(
            [sys.executable, "main.py", "export", str(SAMPLE), "-o", str(ours)],
            cwd=REPO,
            env=dict(os.environ, FONTCONFIG_FILE=str(config), QT_QPA_PLATFORM="offscreen"),
            check=True,
            capture_output=True,
            timeout=120,
        )
        results[config] = (_words(theirs), _words(ours))
    assert results[PINNED][0] and results[PINNED][1]
    assert results[wide] == results[PINNED]
