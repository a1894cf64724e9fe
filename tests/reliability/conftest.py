"""The reliability tier: the real program through faults, and a table of what became of nudges.

Every test here is marked `reliability` (registered below, so the tier works
with `--strict-markers` before `pyproject.toml` lists it); those on a harness
desktop are marked `desktop` too. The desktop fixtures are the desktop
tier's own (`tests/desktop/conftest.py`), imported, not copied.

Each scenario adds a row to `results`; the table is printed at the end of
the run (in `.ci/run`'s output too): faults tried, nudges planned,
delivered, missed by policy, lost and doubled (those two must be 0).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

# The desktop tier's fixtures, used here as they are.
from tests.desktop.conftest import (  # noqa: F401  # fixtures and a hook, found by name
    _artifacts_dir,
    _desktop_test,
    desktop,
    make_desktop,
    pytest_runtest_makereport,
)
from tests.desktop.conftest import _require_tools as require_desktop_tools
from tests.desktop.harness import Desktop

HERE = Path(__file__).resolve().parent
MARKER = "reliability: drives the real program through faults (tests/reliability)"


@dataclass(frozen=True)
class Row:
    scenario: str
    faults: int
    planned: int
    delivered: int
    missed: int
    lost: int
    doubled: int
    note: str = ""


_ROWS = pytest.StashKey[list[Row]]()


class Results:
    """The rows of the summary table, one per scenario."""

    def __init__(self, rows: list[Row]) -> None:
        self.rows = rows

    def add(self, row: Row) -> Row:
        self.rows.append(row)
        return row


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", MARKER)
    config.stash[_ROWS] = []


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.reliability)
            if {"desktop", "make_desktop", "long_desktop"} & set(getattr(item, "fixturenames", ())):
                item.add_marker(pytest.mark.desktop)


@pytest.fixture(scope="module")
def long_desktop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desktop]:
    """A desktop (SNI tray) whose programs outlive single tests: the module's tests share
    programs started together, so unlike `desktop` nothing is stopped between tests."""
    require_desktop_tools()
    base = tmp_path_factory.mktemp("desktop-long")
    running = Desktop(base, _artifacts_dir(base / "artifacts"), "sni")
    try:
        yield running
    finally:
        running.close()


@pytest.fixture(scope="session")
def results(pytestconfig: pytest.Config) -> Results:
    return Results(pytestconfig.stash[_ROWS])


def pytest_terminal_summary(
    terminalreporter: pytest.TerminalReporter, config: pytest.Config
) -> None:
    rows = config.stash.get(_ROWS, [])
    if not rows:
        return
    header = ("scenario", "faults", "planned", "delivered", "missed", "lost", "doubled", "note")
    lines = [
        (r.scenario, r.faults, r.planned, r.delivered, r.missed, r.lost, r.doubled, r.note)
        for r in rows
    ]
    totals = tuple(sum(int(line[i]) for line in lines) for i in range(1, 7))
    table = [tuple(map(str, line)) for line in [header, *lines, ("total", *totals, "")]]
    widths = [max(len(line[i]) for line in table) for i in range(len(header) - 1)]

    def text(line: tuple[str, ...]) -> str:
        cells = [line[0].ljust(widths[0])]
        cells += [cell.rjust(width) for cell, width in zip(line[1:-1], widths[1:], strict=True)]
        return "  ".join([*cells, line[-1]]).rstrip()

    terminalreporter.write_sep("=", "reliability: what became of the nudges")
    terminalreporter.write_line(text(table[0]))
    terminalreporter.write_line("  ".join("-" * w for w in widths))
    for line in table[1:-1]:
        terminalreporter.write_line(text(line))
    terminalreporter.write_line("  ".join("-" * w for w in widths))
    terminalreporter.write_line(text(table[-1]))
    terminalreporter.write_line(
        "missed = dropped by core.triage's rules (each one checked); lost and doubled must be 0"
    )


def require_tool(program: str, package: str) -> str:
    """The path of `program`; skip naming the Debian package (fail in CI) when it is missing."""
    found = shutil.which(program)
    if found is None:
        reason = f"needs {program} (Debian package {package})"
        if os.environ.get("BOUNDARY_REQUIRE_DESKTOP") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    return found
