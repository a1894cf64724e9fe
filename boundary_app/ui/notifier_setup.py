"""Which notification channels this desktop gets, in order of preference (ui).

Linux: freedesktop notifications over D-Bus (with action buttons where the
server offers them), then the tray's own balloon, then Boundary's popup.
macOS and Windows: the tray balloon, then the popup. The popup never fails,
so a nudge always reaches the screen.
"""

from __future__ import annotations

import os
import sys

from PySide6.QtWidgets import QSystemTrayIcon

from boundary_app.ui.notifier import (
    Channel,
    DBusChannel,
    Notifier,
    PopupChannel,
    TrayMessageChannel,
)


def build_notifier(tray_icon: QSystemTrayIcon) -> Notifier:
    channels: list[Channel] = []
    if sys.platform.startswith("linux") and os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        channels.append(DBusChannel())
    channels.append(TrayMessageChannel(tray_icon))
    channels.append(PopupChannel())
    return Notifier(channels)
