"""Boundary's own identity on Windows: its AppUserModelID (integrations).

Windows names a notification, a taskbar button and a jump list after the process's
AppUserModelID. A Python program without one is "Python" (or pythonw.exe), so Boundary
sets its own before Qt opens any window or tray icon: later calls do not reach what
is already shown. Windows takes the name and icon for that id from a Start-menu
shortcut carrying the same id (an installer's job); without one it shows the id.
Elsewhere this is a no-op. Qt-free; `ctypes` is loaded only on Windows.
"""

from __future__ import annotations

import logging
import sys
from typing import Protocol

from boundary_app import APP_ID

log = logging.getLogger(__name__)

S_OK = 0


class Shell32(Protocol):
    """The one function of `ctypes.windll.shell32` used here (a fake in tests)."""

    def SetCurrentProcessExplicitAppUserModelID(self, app_id: str, /) -> int: ...


def _shell32() -> Shell32:
    import ctypes

    shell32: Shell32 = ctypes.windll.shell32  # type: ignore[attr-defined,unused-ignore]
    return shell32


def set_app_user_model_id(
    app_id: str = APP_ID, platform: str = sys.platform, shell32: Shell32 | None = None
) -> bool:
    """Give this process `app_id` on Windows; True when Windows took it.

    A refusal is logged and otherwise ignored: Boundary works without it, its
    notifications are only labelled less well.
    """
    if platform != "win32":
        return False
    try:
        result = (shell32 or _shell32()).SetCurrentProcessExplicitAppUserModelID(app_id)
    except (OSError, AttributeError) as exc:
        log.warning("could not set the AppUserModelID %s: %s", app_id, exc)
        return False
    if result != S_OK:
        # An HRESULT: negative as a signed int, shown the way Windows documents it.
        log.warning(
            "Windows refused the AppUserModelID %s (HRESULT 0x%08X)", app_id, result & 0xFFFFFFFF
        )
        return False
    return True
