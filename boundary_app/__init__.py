"""Boundary: a tray app that guards a clinician's work-hour boundaries."""

__version__ = "0.1.0"
