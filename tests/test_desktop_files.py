"""Linux desktop integration from one source: the app id, the entry, the metainfo, the icons.

The desktop entry and the AppStream file are checked with the real validators
(`desktop-file-validate` from desktop-file-utils, `appstreamcli` from appstream) where
they are installed; without them those tests skip and say which is missing, and with
`BOUNDARY_REQUIRE_DESKTOP=1` (as in CI) they fail instead. Every icon size is rendered
from the one SVG, and the user install script is run into a private data folder.
"""

from __future__ import annotations

import configparser
import os
import shutil
import stat
import struct
import subprocess
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from boundary_app import APP_ID
from tests.packaging_scripts import PACKAGING, ROOT, load
from tests.test_autostart import split_exec

icons = load("icons")

LINUX = PACKAGING / "linux"
DESKTOP_FILE = LINUX / f"{APP_ID}.desktop"
METAINFO_FILE = LINUX / f"{APP_ID}.metainfo.xml"


def tool(name: str, package: str) -> str:
    found = shutil.which(name)
    if found is None:
        reason = f"needs {name} (Debian package {package})"
        if os.environ.get("BOUNDARY_REQUIRE_DESKTOP") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    return found


def pyproject() -> dict[str, object]:
    with (ROOT / "pyproject.toml").open("rb") as file:
        project: dict[str, object] = tomllib.load(file)["project"]
    return project


def read_entry(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys keep their case
    parser.read_string(path.read_text(encoding="utf-8"))
    return parser["Desktop Entry"]


# --------------------------------------------------------------------------- one app id


def test_every_place_names_the_same_app_id() -> None:
    assert APP_ID == "org.boundaryapp.Boundary"
    assert icons.APP_ID == APP_ID
    assert load("build").APP_ID == APP_ID
    assert f'APP_ID = "{APP_ID}"' in (PACKAGING / "boundary.spec").read_text(encoding="utf-8")
    assert f"APP_ID={APP_ID}\n" in (PACKAGING / "install-desktop-files.sh").read_text(
        encoding="utf-8"
    )


def test_the_desktop_entry_starts_the_command_and_shows_the_icon() -> None:
    entry = read_entry(DESKTOP_FILE)
    scripts = pyproject()["scripts"]
    assert isinstance(scripts, dict)
    assert entry["Exec"] in scripts  # the console script pip installs: boundary-app
    assert entry["Icon"] == APP_ID
    assert entry["Name"] == "Boundary"
    assert entry["Terminal"] == "false"


def test_the_metainfo_names_the_entry_the_binary_and_this_release() -> None:
    root = ET.parse(METAINFO_FILE).getroot()
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == DESKTOP_FILE.name
    assert root.findtext("provides/binary") == read_entry(DESKTOP_FILE)["Exec"]
    assert root.findtext("project_license") == pyproject()["license"]
    newest = root.find("releases/release")
    assert newest is not None
    # A version bump in pyproject.toml needs a release entry here too.
    assert newest.get("version") == pyproject()["version"] == "0.2.0"
    assert newest.get("date") == "2026-11-27"
    assert root.find("content_rating") is not None
    assert root.findtext("url[@type='homepage']")
    assert root.findtext("developer/name")


# --------------------------------------------------------------------------- validators


def test_desktop_file_validate_accepts_the_entry() -> None:
    validator = tool("desktop-file-validate", "desktop-file-utils")
    done = subprocess.run([validator, str(DESKTOP_FILE)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout + done.stderr == ""  # not even a hint


def test_appstreamcli_accepts_the_metainfo() -> None:
    appstreamcli = tool("appstreamcli", "appstream")
    done = subprocess.run(
        [appstreamcli, "validate", "--no-net", "--no-color", str(METAINFO_FILE)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    problems = [line for line in done.stdout.splitlines() if line[:2] in ("E:", "W:")]
    assert problems == []


# --------------------------------------------------------------------------- icons


def test_the_icon_sizes_are_the_hicolor_ones() -> None:
    assert icons.HICOLOR_SIZES == (16, 22, 24, 32, 48, 64, 128, 256, 512)


@pytest.mark.parametrize("size", [16, 22, 24, 32, 48, 64, 128, 256, 512])
def test_every_size_renders_from_the_svg(size: int) -> None:
    image: QImage = icons.render(size)
    assert not image.isNull()
    assert (image.width(), image.height()) == (size, size)
    alphas = [image.pixelColor(x, y).alpha() for y in range(size) for x in range(size)]
    covered = sum(a > 0 for a in alphas) / len(alphas)
    assert 0.6 < covered < 0.9, f"{covered:.0%} of the square drawn: a round mark fills ~75%"
    assert image.pixelColor(0, 0).alpha() == 0  # a round mark: clear corners
    centre = image.pixelColor(size // 2, size // 2)
    assert (centre.alpha(), centre.blue() > centre.red()) == (255, True)  # the blue dot


def test_a_broken_svg_is_an_error_not_a_blank_icon(tmp_path: Path) -> None:
    broken = tmp_path / "broken.svg"
    broken.write_text("<svg", encoding="utf-8")
    with pytest.raises(ValueError, match="not an SVG image Qt can draw"):
        icons.renderer(broken)


def test_the_icon_files_for_every_platform(tmp_path: Path) -> None:
    written = icons.write_all(tmp_path)
    share = tmp_path / "share"
    for size in icons.HICOLOR_SIZES:
        png = QImage(str(icons.hicolor_path(share, size)))
        assert (png.width(), png.height()) == (size, size)
    assert (share / "icons/hicolor/scalable/apps" / f"{APP_ID}.svg").is_file()

    ico = (tmp_path / "boundary.ico").read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", ico)
    assert (reserved, kind, count) == (0, 1, len(icons.ICO_SIZES))
    for index, size in enumerate(icons.ICO_SIZES):
        side, _, _, _, _, bits, length, offset = struct.unpack_from(
            "<BBBBHHII", ico, 6 + 16 * index
        )
        assert (side or 256, bits) == (size, 32)
        assert QImage.fromData(ico[offset : offset + length], "PNG").width() == size

    icns = (tmp_path / "boundary.icns").read_bytes()
    assert icns[:4] == b"icns"
    assert struct.unpack_from(">I", icns, 4)[0] == len(icns)
    offset, kinds = 8, []
    while offset < len(icns):
        kinds.append(icns[offset : offset + 4])
        offset += struct.unpack_from(">I", icns, offset + 4)[0]
    assert kinds == [kind for kind, _ in icons.ICNS_TYPES]
    assert len(written) == len(icons.HICOLOR_SIZES) + 3


# --------------------------------------------------------------------------- user install


@pytest.fixture
def fake_bundle(tmp_path: Path) -> Path:
    """A bundle's layout without PyInstaller: a stand-in executable and the share/ tree."""
    bundle = tmp_path / "My Apps $HOME 100%" / "boundary-app"
    icons.write_all(bundle)
    for folder, source in (("applications", DESKTOP_FILE), ("metainfo", METAINFO_FILE)):
        (bundle / "share" / folder).mkdir(parents=True)
        shutil.copy2(source, bundle / "share" / folder)
    executable = bundle / "boundary-app"
    executable.write_text("#!/bin/sh\n", encoding="utf-8")
    executable.chmod(0o755)
    return bundle


def install(bundle: Path, data_home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XDG_DATA_HOME": str(data_home)}
    return subprocess.run(
        ["sh", str(PACKAGING / "install-desktop-files.sh"), *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def test_the_install_script_puts_boundary_in_the_users_menu(
    fake_bundle: Path, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    done = install(fake_bundle, data, str(fake_bundle))
    assert done.returncode == 0, done.stderr

    entry_path = data / "applications" / f"{APP_ID}.desktop"
    entry = read_entry(entry_path)
    assert split_exec(entry["Exec"]) == [str(fake_bundle / "boundary-app")]
    assert entry["Icon"] == APP_ID
    assert (data / "metainfo" / f"{APP_ID}.metainfo.xml").is_file()
    for size in icons.HICOLOR_SIZES:
        assert icons.hicolor_path(data, size).is_file()
    link = Path.home() / ".local" / "bin" / "boundary-app"
    assert link.is_symlink()
    assert link.resolve() == (fake_bundle / "boundary-app").resolve()
    if shutil.which("desktop-file-validate"):
        checked = subprocess.run(
            ["desktop-file-validate", str(entry_path)], capture_output=True, text=True
        )
        assert checked.returncode == 0, checked.stdout

    done = install(fake_bundle, data, "--uninstall")
    assert done.returncode == 0, done.stderr
    assert not entry_path.exists()
    assert not icons.hicolor_path(data, 48).exists()
    assert not link.exists()


def test_the_install_script_refuses_a_folder_that_is_no_bundle(tmp_path: Path) -> None:
    done = install(tmp_path, tmp_path / "data", str(tmp_path))
    assert done.returncode == 2
    assert "is not a Boundary bundle" in done.stderr
    assert not (tmp_path / "data" / "applications").exists()


def test_the_install_script_is_executable() -> None:
    # build.py copies it into each bundle with its mode: people run it from there.
    assert (PACKAGING / "install-desktop-files.sh").stat().st_mode & stat.S_IXUSR
