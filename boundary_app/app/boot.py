"""The first tenth of a second: one instance, a Qt application and an icon in the tray (app).

Imports as little as it can, so the tray icon is there before the rest of
the program is even loaded; the composition root then takes the icon over
and draws the real state into it. A second start goes no further than the
instance lock: it asks the running one to come forward and exits.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from boundary_app import APP_ID
from boundary_app.app.instance_lock import InstanceLock
from boundary_app.storage import paths

if TYPE_CHECKING:
    from PySide6.QtGui import QIcon

EXIT_OK, EXIT_FAILED = 0, 1


@dataclass(frozen=True)
class StartOptions:
    pretend_now: datetime | None = None  # naive: wall time in the settings' zone
    speed: float = 1.0
    settings_path: Path | None = None


NO_DISPLAY = (
    "Boundary needs a graphical desktop, and this session has none (neither DISPLAY"
    " nor WAYLAND_DISPLAY is set). From a terminal, `boundary-app status` and"
    " `boundary-app plan` work without one."
)
EXIT_NO_DISPLAY = 2


def has_display(env: Mapping[str, str]) -> bool:
    """Whether Qt can open a window here (Linux and other X11/Wayland systems)."""
    if not sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return True
    if env.get("QT_QPA_PLATFORM", "").split(":")[0] in ("offscreen", "minimal", "vnc"):
        return True
    return bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))


def start(options: StartOptions, argv: list[str] | None = None) -> int:
    """Start Boundary, or bring the running one forward; returns the exit status."""
    if not has_display(os.environ):
        print(NO_DISPLAY, file=sys.stderr)  # Qt would abort with a cryptic message
        return EXIT_NO_DISPLAY
    lock = InstanceLock(paths.lock_path())
    if not lock.acquire():
        outcome = _bring_forward(lock)
        if outcome is not None:
            return outcome
    try:
        return _start_locked(options, argv or sys.argv[:1])
    finally:
        lock.release()


def _bring_forward(lock: InstanceLock, patience: float = 5.0) -> int | None:
    """Ask the running instance to come forward; None once `lock` is ours after all.

    The lock's holder may still be starting (its socket opens a moment after its lock),
    or be no instance at all: a command such as `status` holds the lock for an instant
    to see whether one runs, and a start in that instant must not give up.
    """
    import time

    from boundary_app import ipc

    deadline = time.monotonic() + patience
    while True:
        try:
            ipc.request(paths.socket_path(), "show")
        except ipc.NotRunningError as exc:
            if lock.acquire():
                return None  # it was only a command looking: this start goes on
            if time.monotonic() < deadline:
                time.sleep(0.1)
                continue
            print(f"Another Boundary holds the lock but does not answer: {exc}", file=sys.stderr)
            return EXIT_FAILED
        except ipc.ProtocolError as exc:
            print(f"The running Boundary refused: {exc}", file=sys.stderr)
            return EXIT_FAILED
        print("Boundary is already running; it has been brought forward.")
        return EXIT_OK


def _start_locked(options: StartOptions, argv: list[str]) -> int:
    from PySide6.QtWidgets import QApplication, QSystemTrayIcon

    from boundary_app.integrations.windows_identity import set_app_user_model_id

    set_app_user_model_id()  # Windows: before any window, or notifications say "Python"
    app = QApplication(argv)
    app.setApplicationName("Boundary")
    app.setApplicationDisplayName("Boundary")
    app.setDesktopFileName(APP_ID)  # Wayland's app id: finds packaging/linux's desktop entry
    app.setQuitOnLastWindowClosed(False)
    icon = QSystemTrayIcon(_first_icon())
    if QSystemTrayIcon.isSystemTrayAvailable():
        icon.show()  # the tray host hears of it now, while the rest loads

    from boundary_app.app.composition import run_shell

    return run_shell(app, icon, options)


def _first_icon() -> QIcon:
    """A plain ring in Boundary's blue, until the state is known (no Qt enums: cheap)."""
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap

    pixmap = QPixmap(32, 32)
    pixmap.fill(QColor(0, 0, 0, 0))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(QColor("#0072B2"))
    pen.setWidthF(5.0)
    painter.setPen(pen)
    painter.drawEllipse(QRectF(4.5, 4.5, 23.0, 23.0))
    painter.end()
    return QIcon(pixmap)
