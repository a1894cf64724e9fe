"""What every do-not-disturb switch shares: its protocol and its error (integrations)."""

from __future__ import annotations

from typing import Protocol


class QuietError(Exception):
    """Do-not-disturb could not be switched; the message says what and why, for people."""


class Quiet(Protocol):
    """One desktop's do-not-disturb switch, held by Boundary while the user is off work."""

    name: str  # the desktop, for people: "GNOME", "KDE Plasma"

    def quiet(self) -> None:
        """Turn do-not-disturb on; calling it again while quiet changes nothing."""
        ...

    def restore(self) -> None:
        """Give the user their own setting back; safe when never quieted, and repeatable."""
        ...
