"""Which notification channels this desktop gets, in order of preference (ui).

Linux: freedesktop notifications over D-Bus (with action buttons where the
server offers them), then Boundary's popup. macOS and Windows (and a Linux
session without a bus): the tray balloon, then the popup. The popup never
fails, so a nudge always reaches the screen.

No tray balloon where D-Bus notifications are used: on a StatusNotifierItem
tray Qt sends the balloon to the same notification server over D-Bus and
does not say whether anyone showed it, so where the D-Bus channel has just
failed (no server) the balloon would vanish without a trace.
"""

from __future__ import annotations

import os
import sys

from boundary_app.ui.notifier import (
    Channel,
    DBusChannel,
    Notifier,
    PopupChannel,
    TrayMessageChannel,
)
from boundary_app.ui.tray import Tray


def build_notifier(tray: Tray) -> Notifier:
    channels: list[Channel] = []
    if sys.platform.startswith("linux") and os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        channels.append(DBusChannel())
    else:
        balloon = TrayMessageChannel(tray.icon)
        tray.icon_replaced.connect(balloon.use)  # a tray that appeared late gets a new icon
        channels.append(balloon)
    channels.append(PopupChannel())
    return Notifier(channels)
