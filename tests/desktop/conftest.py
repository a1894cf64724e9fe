"""Fixtures of the desktop tier: desktops from `harness`, marked, cleaned, with evidence.

Every test in this folder is marked `desktop`. Missing tools make the tests
skip, naming the tool and its package; with BOUNDARY_REQUIRE_DESKTOP=1 (as
in CI) they fail instead.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable, Generator, Iterator
from pathlib import Path

import pytest

from tests.desktop.harness import HERE, Desktop, Tray, missing_tools


def _require_tools() -> None:
    missing = missing_tools()
    try:
        import jeepney  # noqa: F401
    except ImportError:
        missing.append("the jeepney Python package")
    if missing:
        reason = "desktop tier needs: " + ", ".join(missing)
        if os.environ.get("BOUNDARY_REQUIRE_DESKTOP") == "1":
            pytest.fail(reason)
        pytest.skip(reason)


def _artifacts_dir(fallback: Path) -> Path:
    folder = HERE / "artifacts"
    try:
        folder.mkdir(exist_ok=True)
        if os.access(folder, os.W_OK):
            return folder
    except OSError:
        pass
    fallback.mkdir(parents=True, exist_ok=True)
    return fallback


_LIVE: list[Desktop] = []
_CALL_REPORT = pytest.StashKey[pytest.TestReport]()


def _keep_evidence(node: pytest.Item, desktop: Desktop) -> None:
    """After a failed test: a screenshot and every process's log, next to the artefacts."""
    report = node.stash.get(_CALL_REPORT, None)
    if report is None or not report.failed:
        return
    stem = re.sub(r"[^\w.-]+", "_", f"{node.name}-failed-{desktop.base.name}")
    with contextlib.suppress(Exception):
        desktop.screenshot(stem)
    (desktop.artifacts_dir / f"{stem}.log").write_text(desktop.describe())


@contextlib.contextmanager
def _running_desktop(base: Path, tray: Tray) -> Iterator[Desktop]:
    _require_tools()
    desktop = Desktop(base, _artifacts_dir(base / "artifacts"), tray)
    _LIVE.append(desktop)
    try:
        yield desktop
    finally:
        _LIVE.remove(desktop)
        desktop.close()


@pytest.fixture(scope="module")
def desktop(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Desktop]:
    """One desktop per test module, SNI tray by default.

    Another tray: `@pytest.mark.parametrize("desktop", ["xembed"], indirect=True)`.
    Each test still starts clean: see `_desktop_test`.
    """
    tray: Tray = getattr(request, "param", "sni")
    with _running_desktop(tmp_path_factory.mktemp(f"desktop-{tray}"), tray) as running:
        yield running


@pytest.fixture
def make_desktop(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Callable[..., Desktop]]:
    """Fresh desktops of the test's own, torn down after it: `make_desktop(tray="xembed")`.

    `tray="none"` gives a desktop without a tray host; `start_tray()` adds one later.
    """
    made: list[Desktop] = []
    with contextlib.ExitStack() as stack:

        def make(tray: Tray = "sni") -> Desktop:
            base = tmp_path_factory.mktemp(f"desktop-{tray}")
            made.append(stack.enter_context(_running_desktop(base, tray)))
            return made[-1]

        yield make
        for desktop in made:
            _keep_evidence(request.node, desktop)


@pytest.fixture(autouse=True)
def _desktop_test(request: pytest.FixtureRequest) -> Iterator[None]:
    """Around each test, on each shared desktop: a clean screen before, evidence and
    a stop to the test's programs after."""
    shared = list(_LIVE)
    for desktop in shared:
        desktop.begin_test()
    yield
    for desktop in shared:
        _keep_evidence(request.node, desktop)
        desktop.end_test()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.desktop)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item,
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    if report.when == "call":
        item.stash[_CALL_REPORT] = report
    return report
