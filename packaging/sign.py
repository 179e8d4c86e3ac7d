"""Sign Windows programs in place with the command the repository configures.

    SIGN_COMMAND='signtool sign … {file}' uv run packaging/sign.py FILE…

SIGN_COMMAND is one command line that signs one file in place, with ``{file}`` where the file's
path goes (quoted here); it is run by the shell (cmd.exe on Windows) once for each file.  Any tool
that signs in place will do, so the key may stay where it has to since June 2023 — on a hardware
token or in a cloud signing service — instead of in an exportable .pfx (each one line):

    signtool sign /sha1 THUMBPRINT /fd sha256 /tr http://timestamp.digicert.com /td sha256 {file}
    signtool sign /fd sha256 /tr http://timestamp.acs.microsoft.com /td sha256
        /dlib Azure.CodeSigning.Dlib.dll /dmdf metadata.json {file}   (Azure Trusted Signing)
    CodeSignTool sign -username=… -password=… -totp_secret=… -input_file_path={file} -override

The timestamp server belongs in the command (a signature without a timestamp expires with the
certificate); the workflow checks the timestamp afterwards.  makensis runs this script for the
uninstaller it embeds (!uninstfinalize) and for the installer (!finalize): build.py nsis --sign.

A file is taken as signed only if it comes back with a certificate table (the PE security
directory): a command that exits 0 without signing — a typo, a tool that only prints its usage —
fails the build here instead of publishing an unsigned installer.  Exit status 0 when every file
was signed; 1 otherwise, with the reason.  The command itself is never printed: it may hold
credentials.
"""

from __future__ import annotations

import os
import shlex
import struct
import subprocess
import sys
from pathlib import Path

PLACEHOLDER = "{file}"
SECURITY_DIRECTORY = 4
"""IMAGE_DIRECTORY_ENTRY_SECURITY: where a PE file's Authenticode signature is found."""
DIRECTORIES_AT = {0x10B: 96, 0x20B: 112}
"""Where the data directories begin in the optional header of a PE32 and a PE32+ program."""


class SigningFailed(Exception):
    pass


def has_signature(path: Path) -> bool:
    """Whether the Windows program ``path`` carries a certificate table (any Authenticode
    signature; whether it is valid and timestamped only Windows can tell)."""
    data = path.read_bytes()
    if data[:2] != b"MZ" or len(data) < 0x40:
        return False
    (header,) = struct.unpack_from("<I", data, 0x3C)
    if data[header : header + 4] != b"PE\0\0":
        return False
    optional = header + 24  # after the signature and the 20-byte COFF header
    (magic,) = struct.unpack_from("<H", data, optional)
    if magic not in DIRECTORIES_AT:
        return False
    entry = optional + DIRECTORIES_AT[magic] + 8 * SECURITY_DIRECTORY
    if entry + 8 > len(data):
        return False
    offset, size = struct.unpack_from("<II", data, entry)
    return bool(size > 0 and offset + size <= len(data))  # unpack_from's values are untyped


def command_for(template: str, path: Path) -> str:
    """The configured command with the file put in, quoted for the shell that runs it."""
    if sys.platform == "win32":
        quoted = f'"{path}"'  # a Windows path holds no quote character
    else:
        quoted = shlex.quote(str(path))
    # Quoted in the template already ("{file}") or not: quoted once.
    return template.replace(f'"{PLACEHOLDER}"', quoted).replace(PLACEHOLDER, quoted)


def sign(path: Path, template: str) -> None:
    if not path.is_file():
        raise SigningFailed(f"no file to sign: {path}")
    started = path.stat().st_mtime_ns, path.stat().st_size
    done = subprocess.run(command_for(template, path), shell=True, check=False)
    if done.returncode != 0:
        raise SigningFailed(f"SIGN_COMMAND exited {done.returncode} for {path}")
    if (path.stat().st_mtime_ns, path.stat().st_size) == started or not has_signature(path):
        raise SigningFailed(f"SIGN_COMMAND exited 0 but {path} carries no signature")
    print(f"signed: {path}", flush=True)


def main(argv: list[str] | None = None) -> int:
    files = [Path(name) for name in (sys.argv[1:] if argv is None else argv)]
    template = os.environ.get("SIGN_COMMAND", "").strip()
    if not files:
        print("usage: packaging/sign.py FILE…  (SIGN_COMMAND in the environment)", file=sys.stderr)
        return 1
    if not template:
        print("SIGN_COMMAND is not set: nothing can be signed", file=sys.stderr)
        return 1
    if PLACEHOLDER not in template:
        print(f"SIGN_COMMAND has no {PLACEHOLDER} where the file goes", file=sys.stderr)
        return 1
    try:
        for path in files:
            sign(path.resolve(), template)
    except SigningFailed as failure:
        print(f"signing failed: {failure}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
