"""Headless Chromium, as the tests use it: a real browser that renders our web page and, through a
contenteditable element, keeps a pasted fragment as a CMS editor does.  .ci/run installs Debian's
``chromium``.

Nothing it does reaches the network: background services, updates and sync are off, every host
name resolves to nothing, and each run has a throw-away profile."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

FLAGS = (
    "--headless",
    "--disable-gpu",
    "--no-sandbox",  # CI runs as root, where Chromium's sandbox refuses to start
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-extensions",
    "--disable-sync",
    "--hide-scrollbars",
    "--host-resolver-rules=MAP * ~NOTFOUND",
)


def program() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def needed() -> str:
    """The Chromium program; the test is skipped without it here, and fails without it in CI
    (where .ci/run installs it: a silent skip there would hide a broken install)."""
    found = program()
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing: .ci/run installs it (Debian's chromium package)")
        pytest.skip(
            "Chromium is not installed here (apt-get install chromium); .ci/run installs it"
        )
    return found


def _run(browser: str, *arguments: str) -> subprocess.CompletedProcess[str]:
    profile = Path(tempfile.mkdtemp(prefix="chromium-profile-"))
    try:
        return subprocess.run(
            [browser, *FLAGS, f"--user-data-dir={profile}", *arguments],
            capture_output=True,
            text=True,
            timeout=120,
            env=dict(os.environ, HOME=str(profile)),
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def dump_dom(browser: str, page: Path, *, width: int = 1200, height: int = 900) -> str:
    """The page's DOM after its scripts ran, serialised (laid out in a window ``width`` ×
    ``height`` CSS pixels, for a script that measures it)."""
    result = _run(
        browser,
        "--dump-dom",
        f"--window-size={width},{height}",
        "--force-device-scale-factor=1",
        page.as_uri(),
    )
    assert result.returncode == 0 and "<html" in result.stdout, result.stderr[-2000:]
    return result.stdout


def screenshot(browser: str, page: Path, png: Path, *, width: int, height: int) -> Path:
    """The page rendered in a window ``width`` × ``height`` CSS pixels, as a PNG."""
    result = _run(
        browser,
        f"--screenshot={png}",
        f"--window-size={width},{height}",
        "--force-device-scale-factor=1",
        page.as_uri(),
    )
    assert result.returncode == 0 and png.exists(), result.stderr[-2000:]
    return png


def print_to_pdf(browser: str, page: Path, pdf: Path) -> Path:
    """The page printed as the browser prints it (its @page and print styles), without the
    browser's own header and footer."""
    result = _run(browser, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", page.as_uri())
    assert result.returncode == 0 and pdf.exists(), result.stderr[-2000:]
    return pdf
