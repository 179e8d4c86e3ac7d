"""The licences of what the frozen program really carries, for packaging/nianbao.spec.

models/licences.py knows how to gather a distribution's texts; this module decides which, from
PyInstaller's own lists after the spec's pruning: every Python module and every binary in the
bundle is traced to where it came from — the standard library and Python's own libraries (Python),
an installed distribution (its texts, and those of the libraries inside it), PyInstaller's
bootloader and run-time hooks, or on Linux a system library copied from the build machine (its
Debian package's copyright file).  Something that traces to nothing stops the build: a new
dependency cannot ship without its licence.

``deb_copyright`` writes the .deb's /usr/share/doc/nianbao-zhushou/copyright from the gathered
folder, naming every component.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path

from models import licences
from models.licences import Component, LicenceText

OWN_MODULES = {"main", "models", "exporters", "ui"}
PYINSTALLER_MODULES = re.compile(r"^(_?pyi_|pyimod\d|_pyi_rth)")
WINDOWS_RUNTIME = re.compile(r"^(msvcp|vcruntime|concrt|ucrtbase|api-ms-win-)", re.IGNORECASE)
"""The Visual C++ runtime's files, redistributable under Microsoft's licence terms (no notice)."""

Entry = tuple[str, str, str]  # PyInstaller's (destination, source, type code)


class Unattributed(Exception):
    pass


def _resolved(path: str) -> Path:
    return Path(os.path.realpath(path))


def _under(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def python_homes() -> list[Path]:
    """Where Python itself lives: the base installation (a venv's real interpreter's)."""
    homes = {_resolved(sys.base_prefix), _resolved(sys.base_exec_prefix)}
    return sorted(homes)


def site_folders() -> list[Path]:
    import site
    import sysconfig

    folders = {_resolved(p) for p in site.getsitepackages()}
    folders |= {_resolved(sysconfig.get_path(kind)) for kind in ("purelib", "platlib")}
    return sorted(folders, key=lambda p: -len(p.parts))


def distributions_of(
    pure: Iterable[Entry], binaries: Iterable[Entry]
) -> tuple[set[str], list[Entry]]:
    """The distributions the bundle's modules and binaries come from (PyInstaller's bootloader
    always), and the binaries from outside Python and its site folders (system libraries)."""
    owners = metadata.packages_distributions()
    standard = set(sys.stdlib_module_names)
    found = {"pyinstaller"}
    unknown: list[str] = []
    for name, _source, _kind in pure:
        top = name.split(".")[0]
        if top in OWN_MODULES or top in standard or top.startswith("_sysconfigdata"):
            continue
        if PYINSTALLER_MODULES.match(top):
            continue
        if top in owners:
            found.update(licences.normalise(d) for d in owners[top])
        else:
            unknown.append(name)
    homes, sites = python_homes(), site_folders()
    windows_folder = _resolved(os.environ.get("SYSTEMROOT", r"C:\Windows"))
    system: list[Entry] = []
    for entry in binaries:
        source = _resolved(entry[1])
        site = next((s for s in sites if _under(source, s)), None)
        if site is not None:
            top = source.relative_to(site).parts[0]
            if top in owners:
                found.update(licences.normalise(d) for d in owners[top])
                continue
            unknown.append(entry[0])
        elif any(_under(source, home) for home in homes):
            continue  # Python's own: its LICENSE.txt covers them
        elif sys.platform == "win32" and (
            WINDOWS_RUNTIME.match(source.name) or _under(source, windows_folder)
        ):
            continue  # Windows' own, or the Visual C++ runtime (redistributable, no notice)
        else:
            system.append(entry)
    if unknown:
        raise Unattributed(
            "these modules and libraries come from no known distribution, so their licence "
            "cannot be gathered: " + ", ".join(sorted(unknown))
        )
    return found, system


# ----------------------------------------------------------------------------------------------
# system libraries (Linux)


def debian_package(path: Path) -> str:
    """The Debian package that installed ``path``: asked by its exact path (a glob on the name
    could answer with another architecture's package), as given or resolved, with or without
    /usr (merged-/usr systems know some files by their old /lib path)."""
    candidates: list[str] = []
    for given in (str(path), str(_resolved(str(path)))):
        other = given[4:] if given.startswith("/usr/") else f"/usr{given}"
        candidates += [given, other]
    for candidate in dict.fromkeys(candidates):
        found = subprocess.run(["dpkg", "-S", candidate], capture_output=True, text=True)
        if found.returncode == 0 and found.stdout:
            return found.stdout.split(": ", 1)[0].split(",")[0].strip()  # zlib1g:amd64
    raise Unattributed(f"{path}: no Debian package owns it, so its licence cannot be gathered")


def debian_components(system: Iterable[Entry]) -> list[Component]:
    """One component per Debian package the system libraries come from: its copyright file."""
    packages: dict[str, list[str]] = {}
    for destination, source, _kind in system:
        packages.setdefault(debian_package(Path(source)), []).append(Path(destination).name)
    components = []
    for package, files in sorted(packages.items()):
        name = package.split(":")[0]  # without its architecture
        copyright_file = Path("/usr/share/doc") / name / "copyright"
        if not copyright_file.is_file():
            raise Unattributed(f"{copyright_file} is missing (a system without /usr/share/doc?)")
        version = subprocess.run(
            ["dpkg-query", "--show", "--showformat", "${Version}\n", package],
            capture_output=True,
            text=True,
        ).stdout.split("\n")[0]
        text = copyright_file.read_bytes().decode("utf-8", errors="replace")
        components.append(
            Component(
                name,
                version,
                _debian_licences(text),
                f"系统库 {'、'.join(sorted(files))}（取自 Debian）",
                (LicenceText("copyright", text),),
            )
        )
    return components


def _debian_licences(text: str) -> str:
    """The licences a machine-readable copyright file names (its License: fields)."""
    found = re.findall(r"^License:[ \t]*(\S[^\n]*)", text, re.MULTILINE)
    return " / ".join(dict.fromkeys(name.strip() for name in found)) or "见 copyright 文件"


# ----------------------------------------------------------------------------------------------


def gather_for_bundle(
    pure: Iterable[Entry], binaries: Iterable[Entry], folder: Path, *, linux: bool
) -> list[Entry]:
    """Gather the licences of everything in the bundle into ``folder``; returns the data entries
    that put it at the bundle's licenses/ (where models/licences.py reads it)."""
    distributions, system = distributions_of(pure, binaries)
    components = licences.gather(distributions)
    if system:
        if not linux:
            raise Unattributed("libraries from outside Python: " + ", ".join(e[1] for e in system))
        components += debian_components(system)
    if folder.exists():
        import shutil

        shutil.rmtree(folder)
    licences.write(components, folder)
    print(
        f"licences: {len(components)} components gathered into {folder}",
        file=sys.stderr,
    )
    return [
        (f"licenses/{path.relative_to(folder).as_posix()}", str(path), "DATA")
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    ]


def deb_copyright(folder: Path, *, install_prefix: str, title: str) -> str:
    """/usr/share/doc/<package>/copyright: the program, then every component it carries with
    its licence and where its texts are installed."""
    components = licences.shipped(folder)
    where = f"{install_prefix}/_internal/licenses"
    lines = [
        title,
        "",
        "This package bundles the third-party components below, each under its own licence.",
        "The full licence and notice texts of each are installed in",
        f"{where}/",
        "(one folder per component; README.txt lists them), and the program shows them under",
        "帮助 › 关于 › 开源许可.",
        "",
    ]
    for component in components:
        lines.append(f"Component: {component.title}")
        lines.append(f"License: {component.licence}")
        if component.purpose:
            lines.append(f"Comment: {component.purpose}")
        lines.append(f"Files-Texts: {where}/{component.folder}/")
        lines.append("")
    return "\n".join(lines)
