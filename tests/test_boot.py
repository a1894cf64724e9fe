"""Start-up meets a held instance lock: come forward, wait, or start after all (app)."""

from __future__ import annotations

import threading

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
