"""LibreOffice, headless, as the tests use it: an independent producer that converts our .docx to
PDF or HTML (what a published report often is) and recalculates our workbooks as Excel and WPS
do.  .ci/run installs it (libreoffice-writer-nogui, libreoffice-calc-nogui)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def needed() -> str:
    """The LibreOffice program; the test is skipped without it here, and fails without it in CI
    (where .ci/run installs it: a silent skip there would hide a broken install)."""
    program = soffice()
    if program is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is missing: .ci/run installs it")
        pytest.skip("LibreOffice (soffice) is not installed here; .ci/run installs it")
    return program


def convert(program: str, source: Path, to: str, folder: Path, *, suffix: str = "") -> Path:
    """``source`` converted by LibreOffice into ``folder`` with the filter ``to`` ("pdf", "html",
    "xlsx", or a filter with options such as "pdf:writer_pdf_Export:{…}"); the file it wrote,
    named like ``source`` with ``suffix`` (by default the filter's name).  Each conversion has a
    throw-away profile, so runs never share or leave LibreOffice's settings."""
    profile = Path(tempfile.mkdtemp(prefix="lo-profile-"))
    try:
        result = subprocess.run(
            [
                program,
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                "--norestore",
                "--convert-to",
                to,
                "--outdir",
                str(folder),
                str(source),
            ],
            capture_output=True,
            text=True,
            timeout=180,
            env=dict(os.environ, HOME=str(profile)),
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    made = folder / f"{source.stem}.{suffix or to.partition(':')[0]}"
    assert result.returncode == 0 and made.exists(), result.stdout + result.stderr
    return made
