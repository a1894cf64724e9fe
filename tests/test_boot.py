"""Start-up: the instance lock (come forward, wait, start after all); a lean first load."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest

from boundary_app import ipc
from boundary_app.app import boot
from boundary_app.app.instance_lock import InstanceLock
from boundary_app.storage import paths


@pytest.fixture
def held() -> InstanceLock:
    """The lock, held as a command line holds it for an instant to see whether one runs."""
    other = InstanceLock(paths.lock_path())
    assert other.acquire()
    return other


def test_a_start_while_a_command_only_looks_goes_on(held: InstanceLock) -> None:
    mine = InstanceLock(paths.lock_path())
    assert not mine.acquire()
    threading.Timer(0.3, held.release).start()  # the command is done looking
    try:
        assert boot._bring_forward(mine, patience=10.0) is None
        assert not InstanceLock(paths.lock_path()).acquire()  # this start holds it now
    finally:
        mine.release()


def test_a_holder_that_never_answers_is_reported(
    held: InstanceLock, capsys: pytest.CaptureFixture[str]
) -> None:
    mine = InstanceLock(paths.lock_path())
    try:
        assert boot._bring_forward(mine, patience=0.3) == boot.EXIT_FAILED
    finally:
        held.release()
    assert "Another Boundary holds the lock but does not answer" in capsys.readouterr().err


def test_a_running_instance_is_brought_forward(
    held: InstanceLock, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    asked: list[str] = []
    monkeypatch.setattr(ipc, "request", lambda path, command: asked.append(command) or {})
    mine = InstanceLock(paths.lock_path())
    try:
        assert boot._bring_forward(mine) == boot.EXIT_OK
    finally:
        held.release()
    assert asked == ["show"]
    assert "brought forward" in capsys.readouterr().out


@pytest.mark.parametrize("skip", [True, False])
def test_modules_loaded_after_qt_leave_no_source_text_in_memory(skip: bool, tmp_path: Path) -> None:
    (tmp_path / "planted.py").write_text("import PySide6\n" + "# words\n" * 5000, "utf-8")
    script = f"""
import linecache, sys
import PySide6.QtCore
from boundary_app.app.boot import skip_pyside_source_scan
if {skip}:
    skip_pyside_source_scan()
sys.path.insert(0, {str(tmp_path)!r})
import planted
print(any(name.endswith("planted.py") for name in linecache.cache))
"""
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == str(not skip)  # without the skip, PySide keeps it all
