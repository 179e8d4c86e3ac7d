"""Releases: signing through the configured command, the tag against the version, and the Windows
workflow that does both (issue 24).

The workflow runs only on GitHub's Windows runners; here its text is read and the steps that
decide what is published are checked.  Signing is tried with a stand-in signer that does what a
real one does to a program — appends a certificate table — and records what it was given.
"""

from __future__ import annotations

import importlib.util
import os
import re
import struct
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from models.app import VERSION

REPO = Path(__file__).resolve().parent.parent
WORKFLOW = REPO / ".github" / "workflows" / "windows.yml"


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"packaging_{name}", REPO / "packaging" / name)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


sign = _load("sign.py")
build = _load("build.py")

STAND_IN_SIGNER = """\
import struct, sys
from pathlib import Path

path = Path(sys.argv[1])
with open({record!r}, "a", encoding="utf-8") as record:
    record.write(f"{{path}}\\n")
data = bytearray(path.read_bytes())
(header,) = struct.unpack_from("<I", data, 0x3C)
optional = header + 24
(magic,) = struct.unpack_from("<H", data, optional)
entry = optional + {{0x10B: 96, 0x20B: 112}}[magic] + 8 * 4
data += bytes(-len(data) % 8)
certificate = struct.pack("<IHH", 16, 0x0200, 0x0002) + b"stand-in"
struct.pack_into("<II", data, entry, len(data), len(certificate))
path.write_bytes(bytes(data) + certificate)
"""


def stand_in_signer(folder: Path) -> tuple[str, Path]:
    """A SIGN_COMMAND that signs as a real tool does (a certificate table appended and entered
    in the PE header), and the file listing what it signed."""
    folder.mkdir(parents=True, exist_ok=True)
    record = folder / "signed.txt"
    script = folder / "stand_in_signer.py"
    script.write_text(STAND_IN_SIGNER.format(record=str(record)), encoding="utf-8")
    return f'"{sys.executable}" "{script}" {{file}}', record


def unsigned_program(path: Path, *, pe32_plus: bool = True) -> Path:
    """The headers of a Windows program, without a signature."""
    header = 0x40
    optional_size = 112 + 16 * 8 if pe32_plus else 96 + 16 * 8
    data = bytearray(header + 24 + optional_size)
    data[:2] = b"MZ"
    struct.pack_into("<I", data, 0x3C, header)
    data[header : header + 4] = b"PE\0\0"
    struct.pack_into("<H", data, header + 24, 0x20B if pe32_plus else 0x10B)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(bytes(data))
    return path


def run_sign(files: list[Path], command: str | None) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key != "SIGN_COMMAND"}
    if command is not None:
        env["SIGN_COMMAND"] = command
    return subprocess.run(
        [sys.executable, REPO / "packaging" / "sign.py", *files],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


# ----------------------------------------------------------------------------------------------
# packaging/sign.py


def test_a_signature_is_seen_in_the_programs_header(tmp_path: Path) -> None:
    for pe32_plus in (True, False):
        program = unsigned_program(tmp_path / f"p{pe32_plus}.exe", pe32_plus=pe32_plus)
        assert not sign.has_signature(program)
        command, _ = stand_in_signer(tmp_path / "signer")
        assert run_sign([program], command).returncode == 0
        assert sign.has_signature(program)
    (tmp_path / "text.exe").write_text("not a program", encoding="utf-8")
    assert not sign.has_signature(tmp_path / "text.exe")


def test_sign_signs_each_file_with_the_configured_command(tmp_path: Path) -> None:
    command, record = stand_in_signer(tmp_path / "signer")
    programs = [
        unsigned_program(tmp_path / "dist" / "年报 助手.exe"),  # a space and Chinese, quoted
        unsigned_program(tmp_path / "dist" / "nianbao-zhushou-cli.exe"),
    ]
    done = run_sign(programs, command)
    assert done.returncode == 0, done.stderr
    assert record.read_text(encoding="utf-8").splitlines() == [str(p) for p in programs]
    assert all(sign.has_signature(p) for p in programs)
    assert command not in done.stdout + done.stderr  # it may hold credentials


def test_sign_refuses_what_would_publish_an_unsigned_program(tmp_path: Path) -> None:
    program = unsigned_program(tmp_path / "setup.exe")
    for command, said in (
        (None, "SIGN_COMMAND is not set"),
        ("   ", "SIGN_COMMAND is not set"),
        (f'"{sys.executable}" -c pass', "no {file}"),
        (f'"{sys.executable}" -c "import sys; sys.exit(3)" {{file}}', "exited 3"),
        # Exits 0 and signs nothing: a tool that only printed its usage.
        (f'"{sys.executable}" -c pass {{file}}', "carries no signature"),
    ):
        done = run_sign([program], command)
        assert done.returncode == 1, command
        assert said in done.stderr, (command, done.stderr)
        assert not sign.has_signature(program)
    done = run_sign([tmp_path / "missing.exe"], stand_in_signer(tmp_path / "s")[0])
    assert done.returncode == 1 and "no file to sign" in done.stderr


def test_nsis_without_a_sign_command_is_refused_before_building(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("SIGN_COMMAND", raising=False)
    with pytest.raises(SystemExit, match="SIGN_COMMAND is not set"):
        build.sign_command()
    monkeypatch.setenv("SIGN_COMMAND", "signtool sign {file}")
    assert build.sign_command().endswith('sign.py"')


def test_the_tag_must_be_v_and_the_version() -> None:
    assert build.check_tag(f"v{VERSION}") == 0
    for wrong in (VERSION, f"v{VERSION}.1", "v0.0.0-not-this", "", f"V{VERSION}"):
        assert build.check_tag(wrong) == 1, wrong


# ----------------------------------------------------------------------------------------------
# .github/workflows/windows.yml, read as text (no YAML parser among the project's packages)


def workflow_steps() -> dict[str, str]:
    """Each step of the workflow by its name (or its action), with its whole text."""
    text = WORKFLOW.read_text(encoding="utf-8")
    steps: dict[str, str] = {}
    for block in re.split(r"(?m)^(?=      - )", text)[1:]:
        block = re.split(r"(?m)^(?=  \w)", block)[0]  # the next job ends the last step
        named = re.match(r"      - (?:name|uses): (.+)", block)
        assert named, block[:80]
        steps[named.group(1).strip()] = block
    return steps


def step(fragment: str) -> str:
    found = [text for name, text in workflow_steps().items() if fragment in name]
    assert len(found) == 1, (fragment, list(workflow_steps()))
    return found[0]


def test_workflow_signs_through_the_configured_command_only() -> None:
    text = WORKFLOW.read_text(encoding="utf-8")
    for gone in (
        "signing.pfx",
        "FromBase64String",
        "WINDOWS_SIGNING_CERT",
        "WINDOWS_SIGNING_PASSWORD",
        "SIGNING_TIMESTAMP_URL",
    ):
        assert gone not in text, gone
    # Tags always sign: signing is not skipped because a variable is missing.
    assert "SIGN: ${{ startsWith(github.ref, 'refs/tags/') }}" in text
    # The secret reaches only the steps that sign; the check sees only whether it is set.
    users = [name for name, body in workflow_steps().items() if "secrets.SIGN_COMMAND" in body]
    assert sorted(users) == sorted(
        [
            step_name("Release checks"),
            step_name("Sign the programs"),
            step_name("Installer (NSIS; makensis signs"),
        ]
    )
    programs = step("Sign the programs")
    assert "if: env.SIGN == 'true'" in programs
    assert "SIGN_COMMAND: ${{ secrets.SIGN_COMMAND }}" in programs
    assert re.search(
        r"packaging/sign\.py .*nianbao-zhushou\.exe .*nianbao-zhushou-cli\.exe", programs
    )
    installer = step("Installer (NSIS; makensis signs")
    assert "packaging/build.py nsis --sign" in installer
    assert "SIGN_COMMAND: ${{ secrets.SIGN_COMMAND }}" in installer
    unsigned = step("Installer (NSIS, unsigned)")
    assert "if: env.SIGN != 'true'" in unsigned and "secrets." not in unsigned
    # Installed on a tag: every program signed and timestamped, the uninstaller too.
    installed = step("Install silently")
    for signed in ("$setup.FullName", "uninstall.exe", "nianbao-zhushou.exe", "-cli.exe"):
        assert signed in installed.split("$env:SIGN -eq 'true'")[1], signed
    assert "TimeStamperCertificate" in installed
    # And carries the licence texts (the installer copies the frozen folder's licenses/).
    assert "_internal\\licenses\\index.json" in installed


def step_name(fragment: str) -> str:
    (name,) = [name for name in workflow_steps() if fragment in name]
    return name


def test_workflow_checks_the_tag_and_signing_before_building() -> None:
    names = list(workflow_steps())
    checks = step("Release checks")
    assert "if: env.SIGN == 'true'" in checks
    assert "TAG: ${{ github.ref_name }}" in checks
    assert "packaging/build.py check-tag $env:TAG" in checks
    assert (
        "secrets.SIGN_COMMAND != ''" in checks
        and "contains(secrets.SIGN_COMMAND, '{file}')" in checks
    )
    assert checks.count("throw") >= 3  # the tag, no SIGN_COMMAND, no {file}
    assert "SIGN_COMMAND: ${{" not in checks  # never the secret itself
    assert names.index(step_name("Release checks")) < names.index(step_name("Tests"))


def test_workflow_release_can_be_run_again() -> None:
    release = WORKFLOW.read_text(encoding="utf-8").split("\n  release:\n")[1]
    assert "gh release view" in release
    create = release.index("gh release create")
    assert release.rfind("if !", 0, create) > release.rfind("fi\n", 0, create)  # only if missing
    assert re.search(r"gh release upload \"\$TAG\" assets/\* .*--clobber", release)
    assert "needs: installer" in release


def test_workflow_checks_the_console_twin_as_a_clerk_would_see_it() -> None:
    smoke = step("Smoke-test the frozen program")
    # The frozen program's own choice is what is checked: nothing in the job tells it UTF-8.
    assert "Remove-Item Env:PYTHONIOENCODING" in smoke
    assert smoke.index("Remove-Item Env:PYTHONIOENCODING") < smoke.index("& $cli")
    assert "[Console]::OutputEncoding = [Text.Encoding]::UTF8" in smoke
    # Into a file: the bytes must be UTF-8 (a strict decoder throws on anything else).
    assert "-RedirectStandardOutput" in smoke and "[Text.UTF8Encoding]::new($false, $true)" in smoke
    # Every native command's exit status is looked at (pwsh does not stop on one).
    for line in smoke.splitlines():
        if re.search(r"= & \$cli ", line):
            assert "LASTEXITCODE" in smoke[smoke.index(line) :].split("\n", 2)[1], line
