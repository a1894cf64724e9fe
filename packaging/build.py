"""Build Boundary as a one-folder bundle with PyInstaller (packaging).

    .venv/bin/pip install -e '.[package]'   # once: PyInstaller (this script installs nothing)
    .venv/bin/python packaging/build.py

Steps: compile the translations, render the icons from the one SVG (packaging/icons.py),
run PyInstaller on packaging/boundary.spec, then on Linux lay the desktop entry, the
AppStream metainfo and the icons into the bundle's `share/` tree. Prints the time taken
and the bundle's size. The result is `dist/boundary-app/`; work files go to `build/`.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"
SPEC = PACKAGING / "boundary.spec"
BUILD = ROOT / "build"
ICONS = BUILD / "icons"  # boundary.spec reads the .ico and .icns from here
DIST = ROOT / "dist"
BUNDLE = DIST / "boundary-app"
APP_ID = "org.boundaryapp.Boundary"

LOCALE_SOURCE = ROOT / "boundary_app" / "resources" / "locale"  # the .po catalogues, in git
LOCALE_BUILD = BUILD / "locale"  # their .mo files; boundary.spec bundles this folder
# The translations' compiler, "module:function", called as function(LOCALE_SOURCE,
# LOCALE_BUILD) to write <lang>/LC_MESSAGES/*.mo. The one line to change if it moves:
TRANSLATIONS_COMPILER = "boundary_app.storage.po_files:compile_all"


def step(message: str) -> None:
    print(f"==> {message}", flush=True)


def compile_translations() -> None:
    """Compile the catalogues into build/locale; say so plainly when there is no compiler."""
    module_name, _, function_name = TRANSLATIONS_COMPILER.partition(":")
    shutil.rmtree(LOCALE_BUILD, ignore_errors=True)
    try:
        compiler = getattr(importlib.import_module(module_name), function_name)
    except (ImportError, AttributeError):
        step(f"no {TRANSLATIONS_COMPILER} yet: the bundle speaks English only")
        return
    written = compiler(LOCALE_SOURCE, LOCALE_BUILD)
    languages = sorted({path.relative_to(LOCALE_BUILD).parts[0] for path in written})
    step(f"compiled {len(written)} translations: {', '.join(languages) or 'none yet'}")


def check_prerequisites() -> None:
    """PyInstaller installed, and the package's metadata as new as pyproject.toml."""
    if importlib.util.find_spec("PyInstaller") is None:
        sys.exit(
            "PyInstaller is not installed in this environment; install it with\n"
            f"    {sys.executable} -m pip install -e '.[package]'"
        )
    from importlib import metadata

    with (ROOT / "pyproject.toml").open("rb") as file:
        wanted = tomllib.load(file)["project"]["version"]
    try:
        installed = metadata.version("boundary-app")
    except metadata.PackageNotFoundError:
        installed = None
    if installed != wanted:
        # The bundle copies the installed metadata: a stale one would mislabel it.
        sys.exit(
            f"the installed boundary-app is {installed or 'missing'}, pyproject.toml says"
            f" {wanted}; reinstall it:\n    {sys.executable} -m pip install -e '.[package]'"
        )


def render_icons() -> None:
    step("rendering icons from boundary_app/resources/icons/boundary.svg")
    shutil.rmtree(ICONS, ignore_errors=True)
    subprocess.run([sys.executable, str(PACKAGING / "icons.py"), str(ICONS)], check=True)


def run_pyinstaller() -> None:
    step("running PyInstaller")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            str(SPEC),
            "--noconfirm",
            "--clean",
            "--log-level=WARN",
            f"--distpath={DIST}",
            f"--workpath={BUILD / 'pyinstaller'}",
        ],
        cwd=ROOT,
        check=True,
    )


def add_desktop_files() -> None:
    """The freedesktop files under `share/`, as they install into ~/.local/share or /usr."""
    step("adding share/: desktop entry, metainfo, icons, install script")
    share = BUNDLE / "share"
    shutil.rmtree(share, ignore_errors=True)
    shutil.copytree(ICONS / "share", share)
    applications = share / "applications"
    metainfo = share / "metainfo"
    applications.mkdir(parents=True)
    metainfo.mkdir(parents=True)
    linux = PACKAGING / "linux"
    shutil.copy2(linux / f"{APP_ID}.desktop", applications)
    shutil.copy2(linux / f"{APP_ID}.metainfo.xml", metainfo)
    shutil.copy2(PACKAGING / "install-desktop-files.sh", BUNDLE)


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def largest(folder: Path, count: int) -> list[tuple[int, Path]]:
    files = [(p.stat().st_size, p) for p in folder.rglob("*") if p.is_file() and not p.is_symlink()]
    return sorted(files, reverse=True)[:count]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--largest", type=int, default=8, help="list this many biggest files")
    args = parser.parse_args(argv)
    started = time.monotonic()
    check_prerequisites()
    compile_translations()
    render_icons()
    run_pyinstaller()
    if sys.platform.startswith("linux"):
        add_desktop_files()
    seconds = time.monotonic() - started
    size = folder_size(BUNDLE)
    print(f"\nBuilt {BUNDLE.relative_to(ROOT)}/ in {seconds:.0f} s: {size / 2**20:.1f} MiB")
    for file_size, path in largest(BUNDLE, args.largest):
        print(f"  {file_size / 2**20:6.1f} MiB  {path.relative_to(BUNDLE)}")
    if sys.platform == "darwin":
        print(f"macOS app: {(DIST / 'Boundary.app').relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
