"""Which do-not-disturb switch this session offers, read from its environment (integrations).

XDG_CURRENT_DESKTOP names the desktop, most specific first ("ubuntu:GNOME",
"KDE"); without it the session's name (XDG_SESSION_DESKTOP, DESKTOP_SESSION) is
used. A desktop Boundary knows still needs its means: the `gsettings` tool on
GNOME, jeepney and a session bus on KDE Plasma. Nothing here talks to the desktop.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from boundary_app.core.i18n import _
from boundary_app.integrations.quiet_evenings.common import Quiet
from boundary_app.integrations.quiet_evenings.gnome import GnomeQuiet, GSettingsTool
from boundary_app.integrations.quiet_evenings.kde import KdeQuiet

_GNOME = frozenset({"gnome", "gnome-classic", "gnome-flashback"})
_KDE = frozenset({"kde", "plasma", "plasmawayland", "plasmax11"})


@dataclass(frozen=True)
class _Finding:
    desktop: str  # "gnome", "kde" or "" for none usable
    reason: str  # why none is usable; "" when one is
    means: str = ""  # the gsettings path (GNOME) or the bus address (KDE)


def detect(environ: Mapping[str, str] = os.environ, *, state_file: Path) -> Quiet | None:
    """The desktop's do-not-disturb switch, or None when Boundary has none to use here.

    `state_file` is where GNOME's switch keeps the user's own value while quiet, e.g.
    `<data dir>/quiet-evenings.json`. Pass it even on KDE: the next session may be GNOME.
    """
    finding = _examine(environ)
    if finding.desktop == "gnome":
        env = None if environ is os.environ else environ  # None: follow the live environment
        return GnomeQuiet(state_file, GSettingsTool(env=env, command=finding.means))
    if finding.desktop == "kde":
        return KdeQuiet(bus_address=finding.means)
    return None


def unsupported_reason(environ: Mapping[str, str] = os.environ) -> str:
    """Why `detect()` finds no switch, in a sentence for people; "" when it finds one."""
    return _examine(environ).reason


def _examine(environ: Mapping[str, str]) -> _Finding:
    names, label = _desktop_names(environ)
    if not names:
        if sys.platform in ("darwin", "win32"):
            return _Finding(
                "",
                _(
                    "Do-not-disturb after work is for Linux desktops;"
                    " only GNOME and KDE Plasma are supported."
                ),
            )
        return _Finding(
            "",
            _(
                "Boundary cannot tell which desktop this is (XDG_CURRENT_DESKTOP is not set);"
                " only GNOME and KDE Plasma are supported."
            ),
        )
    for name in names:
        if name.casefold() in _GNOME:
            return _gnome(environ)
        if name.casefold() in _KDE:
            return _kde(environ)
    return _Finding(
        "",
        _(
            "Your desktop ({desktop}) has no do-not-disturb switch Boundary can use;"
            " only GNOME and KDE Plasma are supported."
        ).format(desktop=label),
    )


def _desktop_names(environ: Mapping[str, str]) -> tuple[list[str], str]:
    """The desktop's names, most specific first, and how to show them to people."""
    current = environ.get("XDG_CURRENT_DESKTOP", "").strip()
    if current:
        return [name for name in current.split(":") if name], current
    session = environ.get("XDG_SESSION_DESKTOP") or environ.get("DESKTOP_SESSION") or ""
    session = session.strip().rstrip("/").rsplit("/", 1)[-1]  # may be a path to an .desktop
    session = session.removesuffix(".desktop")
    if session:
        return [session], session
    if environ.get("KDE_FULL_SESSION") == "true":
        return ["KDE"], "KDE"
    return [], ""


def _gnome(environ: Mapping[str, str]) -> _Finding:
    gsettings = shutil.which("gsettings", path=environ.get("PATH", os.defpath))
    if gsettings is None:
        return _Finding(
            "",
            _(
                "GNOME's do-not-disturb needs the gsettings tool, which is not installed"
                " (on Debian and Ubuntu it comes with libglib2.0-bin)."
            ),
        )
    return _Finding("gnome", "", gsettings)


def _kde(environ: Mapping[str, str]) -> _Finding:
    version = environ.get("KDE_SESSION_VERSION", "")
    if version.isdigit() and int(version) < 5:
        return _Finding(
            "",
            _("KDE {version} cannot hold notifications back; KDE Plasma 5 or later can.").format(
                version=version
            ),
        )
    if importlib.util.find_spec("jeepney") is None:
        return _Finding(
            "",
            _(
                "KDE Plasma's do-not-disturb needs the jeepney Python package,"
                " which is not installed."
            ),
        )
    address = environ.get("DBUS_SESSION_BUS_ADDRESS", "")
    runtime = environ.get("XDG_RUNTIME_DIR", "")
    if not address and runtime and Path(runtime, "bus").exists():
        address = f"unix:path={Path(runtime, 'bus')}"  # systemd's user bus, when unannounced
    if not address:
        return _Finding(
            "",
            _(
                "KDE Plasma's do-not-disturb needs the session bus, and"
                " DBUS_SESSION_BUS_ADDRESS is not set."
            ),
        )
    return _Finding("kde", "", address)
