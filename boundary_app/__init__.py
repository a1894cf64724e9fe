"""Boundary: a tray app that guards a clinician's work-hour boundaries.

`APP_ID` names Boundary to the desktop everywhere: the desktop entry and its icon, the
AppStream id, the notification's `desktop-entry` hint, the macOS bundle id and the
Windows AppUserModelID. `__version__` comes from the installed package's metadata
(pyproject.toml is its one source), looked up on first use.
"""

from __future__ import annotations

APP_ID = "org.boundaryapp.Boundary"


def __getattr__(name: str) -> str:
    # Lazy: importing importlib.metadata costs some 35 ms, too much for the way to the tray icon.
    if name == "__version__":
        from boundary_app.version import package_version

        return package_version()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
