"""The desktop harness itself, checked with a throwaway tray program and real parts."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.desktop.harness import Desktop

ICON_BLUE = "#1f6feb"
POPUP_BLUE = "#285577"  # dunst's normal-urgency background in the harness's dunstrc

TRAY_PROGRAM = '''
"""Shows a tray icon, then a message from it once the icon is visible."""
import sys

from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QSystemTrayIcon

app = QApplication(sys.argv)
app.setQuitOnLastWindowClosed(False)
pixmap = QPixmap(64, 64)
pixmap.fill(QColor("{icon}"))
painter = QPainter(pixmap)
painter.setBrush(QColor("#ffcc00"))
painter.drawEllipse(16, 16, 32, 32)
painter.end()
tray = QSystemTrayIcon(QIcon(pixmap))
tray.setToolTip("Harness tray")
tray.show()


def announce():
    if not tray.isVisible():
        QTimer.singleShot(100, announce)
        return
    print("icon visible", flush=True)
    information = QSystemTrayIcon.MessageIcon.Information
    tray.showMessage("Harness check", "Hello from the tray", information, 600000)
    print("message sent", flush=True)


QTimer.singleShot(500, announce)
QTimer.singleShot(120000, app.quit)  # never outlive a stuck test
sys.exit(app.exec())
'''


@pytest.fixture
def tray_program(tmp_path: Path) -> list[str]:
    script = tmp_path / "harness_tray.py"
    script.write_text(TRAY_PROGRAM.replace("{icon}", ICON_BLUE))
    return [sys.executable, str(script)]


def test_env_points_children_at_the_private_desktop(desktop: Desktop) -> None:
    env = desktop.env
    assert env["QT_QPA_PLATFORM"] == "xcb"
    assert env["DISPLAY"] == desktop.display
    assert env["DBUS_SESSION_BUS_ADDRESS"] == desktop.bus_address
    assert env["DBUS_SESSION_BUS_ADDRESS"] != os.environ.get("DBUS_SESSION_BUS_ADDRESS")
    for name in ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_RUNTIME_DIR"):
        assert Path(env[name]).is_relative_to(desktop.base), name
    assert desktop.tray_icon_count() == 0


def test_sni_tray_shows_the_icon_and_the_message_goes_over_the_bus(
    desktop: Desktop, tray_program: list[str], request: pytest.FixtureRequest
) -> None:
    started = time.time()
    program = desktop.spawn("harness-tray", tray_program)

    note = desktop.wait_for_notification(lambda n: n.summary == "Harness check", timeout=10)

    assert note.body == "Hello from the tray"
    assert note.received_at >= started
    assert note.urgency is not None
    (item,) = desktop.wait_for_tray_icons(1)
    # Qt flags the item NeedsAttention while its message shows; Passive would hide it.
    assert desktop.sni_item_property("Status", item) in {"Active", "NeedsAttention"}
    assert "message sent" in program.stdout_text()

    assert desktop.popup_count() == 1
    shot = desktop.wait_for_screen(lambda s: s.count(POPUP_BLUE) > 1000, request.node.name)
    assert shot.path.stat().st_size > 0
    assert len(shot.colours()) > 2, "the screenshot is blank"
    assert shot.count(ICON_BLUE, box=(0, 0, 1280, 40)) > 50, "no tray icon in the top bar"


def test_stopping_the_program_empties_the_tray(desktop: Desktop, tray_program: list[str]) -> None:
    program = desktop.spawn("harness-tray", tray_program)
    desktop.wait_for_tray_icons(1)

    program.stop()

    assert desktop.wait_for_tray_icons(0) == []


@pytest.mark.parametrize("desktop", ["xembed"], indirect=True)
def test_xembed_tray_embeds_the_icon_and_qt_draws_its_own_balloon(
    desktop: Desktop, tray_program: list[str], request: pytest.FixtureRequest
) -> None:
    program = desktop.spawn("harness-tray", tray_program)

    desktop.wait_for_tray_icons(1)
    program.wait_for_output("message sent")

    shot = desktop.wait_for_screen(
        lambda s: len(s.colours(box=(1000, 32, 280, 100))) > 2, request.node.name
    )
    assert shot.count(ICON_BLUE, box=(1180, 0, 100, 40)) > 50, "no icon at the tray's spot"
    # Without an SNI host, Qt shows its own balloon: nothing reaches the daemon.
    assert desktop.notifications() == []
    assert desktop.popup_count() == 0


def test_make_desktop_gives_a_test_its_own_desktop(
    desktop: Desktop, make_desktop: Callable[..., Desktop]
) -> None:
    own = make_desktop(tray="none")

    assert (own.display, own.bus_address) != (desktop.display, desktop.bus_address)
    assert own.tray_items() == []
    own.start_tray("xembed")
    assert own.tray == "xembed"
    assert own.tray_items() == []
