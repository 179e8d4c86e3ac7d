"""What the commands print reaches the clerk readable, whatever the system's code page (issue 24).

Windows' code pages are stood in for by a locale of the same encoding: en_US.CP1252 compiled
with localedef into a temporary folder (LOCPATH), so Python starts exactly as on an English
Windows — stdout in cp1252, which has no Chinese — and nothing on the machine changes.  The
frozen program is run the same way in tests/test_packaging.py.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import main

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "resources" / "samples" / "qiaokou-2024.gknb"


class _Terminal(io.BytesIO):
    """The bytes under a stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def _stream(encoding: str, *, terminal: bool = False) -> io.TextIOWrapper:
    raw = _Terminal() if terminal else io.BytesIO()
    return io.TextIOWrapper(raw, encoding=encoding, errors="strict")


def _printed(stream: io.TextIOWrapper, text: str) -> bytes:
    stream.write(text)
    stream.flush()
    raw = stream.buffer
    assert isinstance(raw, io.BytesIO)
    return raw.getvalue()


def _set_streams(
    monkeypatch: pytest.MonkeyPatch, out: io.TextIOWrapper | None, err: io.TextIOWrapper | None
) -> None:
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)


def test_a_pipe_on_a_code_page_without_chinese_gets_utf8(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PYTHONIOENCODING", raising=False)
    out, err = _stream("cp1252"), _stream("cp1252")
    _set_streams(monkeypatch, out, err)
    main._use_utf8_output()
    assert _printed(out, "没有发现问题。").decode("utf-8") == "没有发现问题。"
    assert _printed(err, "命令行有误").decode("utf-8") == "命令行有误"


def test_a_pipe_gets_utf8_even_where_the_code_page_has_chinese(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The same bytes on every machine: a script reading the output need not guess."""
    monkeypatch.delenv("PYTHONIOENCODING", raising=False)
    out = _stream("gbk")
    _set_streams(monkeypatch, out, None)
    main._use_utf8_output()
    assert _printed(out, "年报").decode("utf-8") == "年报"


def test_a_terminal_keeps_an_encoding_that_writes_chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    # "utf-8" is what a Windows console's stream says (WindowsConsoleIO: WriteConsoleW, whatever
    # the console's code page); GB18030 a Linux terminal in such a locale.
    monkeypatch.delenv("PYTHONIOENCODING", raising=False)
    for encoding in ("utf-8", "gb18030"):
        out = _stream(encoding, terminal=True)
        _set_streams(monkeypatch, out, None)
        main._use_utf8_output()
        assert _printed(out, "年报").decode(encoding) == "年报"
    # A terminal in a code page without Chinese: UTF-8 rather than "??".
    out = _stream("cp1252", terminal=True)
    _set_streams(monkeypatch, out, None)
    main._use_utf8_output()
    assert _printed(out, "年报").decode("utf-8") == "年报"


def test_pythonioencoding_is_obeyed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Python obeys it on its own; the frozen program (isolated) only through main.py."""
    monkeypatch.setenv("PYTHONIOENCODING", "gbk")
    out = _stream("cp1252")
    _set_streams(monkeypatch, out, None)
    main._use_utf8_output()
    assert _printed(out, "年报✓").decode("gbk") == "年报?"  # never an exception
    monkeypatch.setenv("PYTHONIOENCODING", ":strict")  # errors only: UTF-8, as by default
    out = _stream("cp1252")
    _set_streams(monkeypatch, out, None)
    main._use_utf8_output()
    assert out.errors == "strict" and _printed(out, "年报").decode("utf-8") == "年报"
    monkeypatch.setenv("PYTHONIOENCODING", "no-such-codec")
    out = _stream("cp1252")
    _set_streams(monkeypatch, out, None)
    main._use_utf8_output()
    assert _printed(out, "年报").decode("utf-8") == "年报"


def test_the_windowed_program_has_no_streams(monkeypatch: pytest.MonkeyPatch) -> None:
    """A windowed Windows program (pythonw, the frozen window) has sys.stdout None."""
    _set_streams(monkeypatch, None, None)
    main._use_utf8_output()


def cp1252_locale(folder: Path) -> dict[str, str]:
    """The environment of a process started in an en_US.CP1252 locale (compiled into ``folder``),
    with nothing telling Python otherwise; skips when glibc's localedef or its data is missing."""
    if shutil.which("localedef") is None or not Path("/usr/share/i18n/locales/en_US").is_file():
        pytest.skip("localedef or /usr/share/i18n (Debian's locales/libc-bin) is missing")
    folder.mkdir(parents=True, exist_ok=True)
    made = subprocess.run(
        ["localedef", "-i", "en_US", "-f", "CP1252", str(folder / "en_US.CP1252")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    if made.returncode not in (0, 1) or not (folder / "en_US.CP1252").exists():
        pytest.skip(f"localedef could not make en_US.CP1252: {made.stderr}")
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("LC_", "PYTHONIOENCODING", "PYTHONUTF8", "LANG"))
    }
    env.update({"LOCPATH": str(folder), "LC_ALL": "en_US.CP1252", "PYTHONCOERCECLOCALE": "0"})
    return env


def test_main_py_in_a_cp1252_locale_prints_utf8(tmp_path: Path) -> None:
    env = cp1252_locale(tmp_path)
    env["NIANBAO_HOME"] = str(tmp_path / "home")
    probe = [sys.executable, "-c", "import sys; print(sys.stdout.encoding)"]
    stand_in = subprocess.run(probe, env=env, capture_output=True, text=True, timeout=60)
    assert stand_in.stdout.strip() == "cp1252"  # the stand-in is what an English Windows has
    checked = subprocess.run(
        [sys.executable, REPO / "main.py", "check", SAMPLE],
        env=env,
        capture_output=True,
        timeout=120,
    )
    assert checked.returncode == 0, checked.stderr
    assert "没有发现问题" in checked.stdout.decode("utf-8")
    wrong = subprocess.run(
        [sys.executable, REPO / "main.py", "check"], env=env, capture_output=True, timeout=60
    )
    assert wrong.returncode == 2
    assert "命令行有误" in wrong.stderr.decode("utf-8")
