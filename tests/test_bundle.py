"""The PyInstaller bundle works: packaging/smoke_test.py's steps, under pytest.

The bundle tests need `dist/boundary-app` (or the folder `BOUNDARY_BUNDLE` names), built
by `.venv/bin/python packaging/build.py`. Without one they skip and say so; with
`BOUNDARY_REQUIRE_BUNDLE=1` (as in CI) they fail instead. The same steps also run on the
checkout's own program, bundle or not, so a failure there is the program's, not the
bundle's. A bundle is tested as it was built: rebuild it after changing the code.
"""

from __future__ import annotations

import gettext
import os
import sys
from pathlib import Path

import pytest

from boundary_app import APP_ID
from tests.packaging_scripts import ROOT, load

smoke_test = load("smoke_test")
icons = load("icons")


@pytest.fixture
def bundle() -> Path:
    folder = Path(os.environ.get("BOUNDARY_BUNDLE") or ROOT / "dist" / "boundary-app")
    if not (folder / "boundary-app").is_file():
        reason = f"no bundle in {folder}: build one with `.venv/bin/python packaging/build.py`"
        if os.environ.get("BOUNDARY_REQUIRE_BUNDLE") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    return folder


@pytest.fixture
def program(bundle: Path) -> list[str]:
    command: list[str] = smoke_test.bundle_command(bundle)
    return command


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    private: dict[str, str] = smoke_test.private_env(tmp_path / "home")
    return private


@pytest.mark.bundle
def test_the_bundle_knows_its_version(program: list[str], env: dict[str, str]) -> None:
    assert (
        smoke_test.check_version(program, env) == f"boundary-app {smoke_test.pyproject_version()}"
    )


@pytest.mark.bundle
def test_the_bundle_plans_a_day_as_json(program: list[str], env: dict[str, str]) -> None:
    nudges = smoke_test.check_plan(program, env)
    assert [n["kind"] for n in nudges] == [
        "day.start",
        "break.start",
        "day.wrapup",
        "day.end",
        "day.overtime",
    ]


@pytest.mark.bundle
def test_the_bundle_speaks_every_language_with_a_catalogue(
    program: list[str], env: dict[str, str]
) -> None:
    assert smoke_test.check_translations(program, env) == smoke_test.languages()


@pytest.mark.bundle
def test_the_bundled_tray_app_answers_its_own_command_line_and_quits(
    program: list[str], env: dict[str, str], tmp_path: Path
) -> None:
    status = smoke_test.check_tray_app(program, env, tmp_path / "app.log")
    assert status["running"] is True
    assert status["state"] == "wrap-up"  # 16:58 on a Friday, the default day ends at 17:00


@pytest.mark.bundle
def test_the_bundle_carries_its_desktop_files_and_icons(bundle: Path) -> None:
    share = bundle / "share"
    assert (share / "applications" / f"{APP_ID}.desktop").is_file()
    assert (share / "metainfo" / f"{APP_ID}.metainfo.xml").is_file()
    for size in icons.HICOLOR_SIZES:
        assert icons.hicolor_path(share, size).stat().st_size > 0, size
    assert (share / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg").is_file()
    assert os.access(bundle / "install-desktop-files.sh", os.X_OK)


@pytest.mark.bundle
def test_the_bundle_has_the_resources_and_leaves_out_unused_qt(bundle: Path) -> None:
    internal = bundle / "_internal"
    assert (internal / "boundary_app" / "resources" / "reframes.toml").is_file()
    assert (internal / "boundary_app" / "resources" / "icons" / "boundary.svg").is_file()
    names = {p.name for p in internal.rglob("*")}
    for unused in ("QtNetwork", "QtQml", "QtQuick", "QtWebEngineCore", "Qt3DCore", "QtMultimedia"):
        assert not any(n.startswith((f"{unused}.", f"libQt6{unused[2:]}.")) for n in names), unused
    assert "libgtk-3.so.0" not in names  # the GTK theme plugin and its stack stay out
    assert not list(internal.rglob("*.po")), "translation sources are not shipped"


@pytest.mark.skipif(sys.platform == "win32", reason="the smoke test's private user is POSIX")
def test_the_checkout_passes_the_same_smoke_test(tmp_path: Path) -> None:
    """The steps themselves, on `python -m boundary_app`: no bundle needed."""
    passed = smoke_test.smoke([sys.executable, "-m", "boundary_app"], tmp_path)
    assert len(passed) == 5
    assert passed[-1] == "quit: the app stopped cleanly"


@pytest.mark.bundle
def test_the_bundle_carries_every_catalogue_compiled(bundle: Path) -> None:
    source = ROOT / "boundary_app" / "resources" / "locale"
    locale = bundle / "_internal" / "boundary_app" / "resources" / "locale"
    for po in source.glob("*/LC_MESSAGES/*.po"):
        assert (locale / po.relative_to(source).with_suffix(".mo")).is_file(), po


def test_the_build_compiles_the_catalogues_with_the_translations_compiler(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    build = load("build")
    source, target = tmp_path / "locale", tmp_path / "build-locale"
    po = source / "de" / "LC_MESSAGES" / "boundary.po"
    po.parent.mkdir(parents=True)
    po.write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Quit Boundary"\nmsgstr "Boundary beenden"\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(build, "LOCALE_SOURCE", source)
    monkeypatch.setattr(build, "LOCALE_BUILD", target)
    build.compile_translations()
    with (target / "de" / "LC_MESSAGES" / "boundary.mo").open("rb") as file:
        assert gettext.GNUTranslations(file).gettext("Quit Boundary") == "Boundary beenden"
    assert "compiled 1 translations: de" in capsys.readouterr().out


def test_without_a_translations_compiler_the_build_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    build = load("build")
    monkeypatch.setattr(build, "TRANSLATIONS_COMPILER", "boundary_app.storage.nothing:here")
    monkeypatch.setattr(build, "LOCALE_BUILD", tmp_path / "build-locale")
    build.compile_translations()
    assert "the bundle speaks English only" in capsys.readouterr().out
