"""Windows' AppUserModelID: set once at start on Windows, against a fake shell32 here."""

from __future__ import annotations

import logging
import sys

import pytest

from boundary_app.integrations import windows_identity
from boundary_app.integrations.windows_identity import set_app_user_model_id


class FakeShell32:
    def __init__(self, result: int = 0, error: Exception | None = None) -> None:
        self.calls: list[str] = []
        self.result = result
        self.error = error

    def SetCurrentProcessExplicitAppUserModelID(self, app_id: str, /) -> int:
        self.calls.append(app_id)
        if self.error is not None:
            raise self.error
        return self.result


def test_windows_gets_the_app_id() -> None:
    shell32 = FakeShell32()
    assert set_app_user_model_id(platform="win32", shell32=shell32)
    assert shell32.calls == ["org.boundaryapp.Boundary"]


def test_windows_shell32_is_loaded_through_ctypes(monkeypatch: pytest.MonkeyPatch) -> None:
    shell32 = FakeShell32()
    monkeypatch.setattr(windows_identity, "_shell32", lambda: shell32)
    assert set_app_user_model_id(platform="win32")
    assert shell32.calls == ["org.boundaryapp.Boundary"]


@pytest.mark.parametrize("platform", ["linux", "darwin", "freebsd14"])
def test_elsewhere_it_does_nothing(platform: str) -> None:
    shell32 = FakeShell32()
    assert not set_app_user_model_id(platform=platform, shell32=shell32)
    assert shell32.calls == []


@pytest.mark.skipif(sys.platform == "win32", reason="a no-op only off Windows")
def test_off_windows_the_real_call_is_a_no_op() -> None:
    assert not set_app_user_model_id()


def test_a_refusal_is_logged_and_start_up_goes_on(caplog: pytest.LogCaptureFixture) -> None:
    shell32 = FakeShell32(result=-2147024809)  # E_INVALIDARG as a signed HRESULT
    with caplog.at_level(logging.WARNING):
        assert not set_app_user_model_id(platform="win32", shell32=shell32)
    assert "HRESULT 0x80070057" in caplog.text


def test_a_missing_function_is_logged_and_start_up_goes_on(
    caplog: pytest.LogCaptureFixture,
) -> None:
    shell32 = FakeShell32(error=AttributeError("function not found"))
    with caplog.at_level(logging.WARNING):
        assert not set_app_user_model_id(platform="win32", shell32=shell32)
    assert "could not set the AppUserModelID org.boundaryapp.Boundary" in caplog.text


def test_start_up_sets_it_before_the_qt_application(monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows applies the id only to windows and icons made after it is set."""
    import PySide6.QtWidgets

    from boundary_app.app import boot

    order: list[str] = []

    class Stop(Exception):
        pass

    class FakeApplication:
        instance = staticmethod(PySide6.QtWidgets.QApplication.instance)  # for pytest-qt

        def __init__(self, argv: list[str]) -> None:
            order.append("QApplication")
            raise Stop

    monkeypatch.setattr(
        windows_identity, "set_app_user_model_id", lambda: bool(order.append("app id"))
    )
    monkeypatch.setattr(PySide6.QtWidgets, "QApplication", FakeApplication)
    with pytest.raises(Stop):
        boot._start_locked(boot.StartOptions(), ["boundary-app"])
    assert order == ["app id", "QApplication"]
