"""The first tenth of a second: one instance, a Qt application and an icon in the tray (app).

Imports as little as it can, so the tray icon is there before the rest of
the program is even loaded; the composition root then takes the icon over
and draws the real state into it. A second start goes no further than the
instance lock: it asks the running one to come forward and exits.
"""

from __future__ import annotations

import math
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

    skip_pyside_source_scan()

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


def skip_pyside_source_scan() -> None:
    """Stop PySide reading the source of every module imported after it.

    PySide's import hook reads each new module's whole source file (through
    `linecache`, which keeps every line) to see whether the module selects a
    `__feature__` such as snake_case. Boundary selects none, so the answer
    never matters, and the reading costs about 4 MB of memory for as long as
    the app runs. A module the check skips is left out of feature switching,
    which with no feature selected changes nothing. A PySide without this
    private hook is left as it is.
    """
    feature = sys.modules.get("shibokensupport.feature")
    if feature is not None and callable(getattr(feature, "_mod_uses_pyside", None)):
        setattr(feature, "_mod_uses_pyside", lambda _module: False)  # noqa: B010 - a private name


def _first_icon() -> QIcon:
    """A plain ring in Boundary's blue, until the state is known.

    Drawn pixel by pixel rather than with QPainter: the first QPainter call
    that takes a pen makes PySide build every enum of the Qt namespace, about
    40 ms before the tray host hears of the icon. This takes about 5 ms.
    """
    from PySide6.QtGui import QIcon, QImage, QPixmap

    size, centre, inner, outer = 32, 16.0, 9.0, 14.0
    blue, green, red = 0xB2, 0x72, 0x00  # #0072B2, stored as premultiplied B, G, R, A
    pixels = bytearray(size * size * 4)
    for y in range(size):
        for x in range(size):
            distance = math.hypot(x + 0.5 - centre, y + 0.5 - centre)
            cover = min(distance - inner + 0.5, outer + 0.5 - distance)  # antialiased edges
            alpha = round(255 * max(0.0, min(1.0, cover)))
            if alpha:
                at = (y * size + x) * 4
                pixels[at : at + 4] = bytes(
                    (blue * alpha // 255, green * alpha // 255, red * alpha // 255, alpha)
                )
    data = bytes(pixels)  # the image reads this buffer, it does not copy it
    image = QImage(data, size, size, QImage.Format.Format_ARGB32_Premultiplied)
    return QIcon(QPixmap.fromImage(image))  # a copy: `data` may go after this
