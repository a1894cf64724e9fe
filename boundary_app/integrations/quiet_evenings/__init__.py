"""Quiet evenings: ask the desktop for do-not-disturb outside work hours (integrations).

While the user is off-hours or done for the day, Boundary turns off the desktop's
notification banners and gives the user their own setting back when work starts again.
Each desktop has its own switch, and its own module here:

- `gnome`: GNOME's `org.gnome.desktop.notifications show-banners` key, changed through
  the `gsettings` tool. The user's own value is kept in a small state file while Boundary
  holds the key, so that a crash mid-evening is undone by `restore()` at the next start.
- `kde`: KDE Plasma's `Inhibit` call on `org.freedesktop.Notifications`; the inhibition
  lasts while Boundary's bus connection stays open, so a crash undoes itself.
- `detect`: which of them this session can use, or why none.
- `common`: the `Quiet` protocol and `QuietError`.

Stdlib and jeepney only (jeepney is imported when a KDE switch is used); Qt-free.
"""

from __future__ import annotations

from boundary_app.integrations.quiet_evenings.common import Quiet, QuietError
from boundary_app.integrations.quiet_evenings.detect import detect, unsupported_reason
from boundary_app.integrations.quiet_evenings.gnome import (
    KEY,
    SCHEMA,
    BoolSettings,
    GnomeQuiet,
    GSettingsTool,
)
from boundary_app.integrations.quiet_evenings.kde import REASON, KdeQuiet

__all__ = [
    "KEY",
    "REASON",
    "SCHEMA",
    "BoolSettings",
    "GSettingsTool",
    "GnomeQuiet",
    "KdeQuiet",
    "Quiet",
    "QuietError",
    "detect",
    "unsupported_reason",
]
