"""The tests render with the fonts they choose (tests/fonts.conf), not with whatever a machine
happens to have: a package that brings its own fonts along (openbox brings ghostscript's URW
fonts, Nimbus Roman among them) must not change which font stands in for Times New Roman or 仿宋,
or every line the render tests measure moves."""

from __future__ import annotations

import os
import shutil
import subprocess
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
    serif = subprocess.run(
        ["fc-match", "--format", "%{family}", "Times New Roman"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Nimbus" not in serif and "Liberation" not in serif, serif
