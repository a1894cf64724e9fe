"""Picks up edits to the settings file while the app runs (app).

Editors save in different ways (in place, or a new file renamed over the
old), so both the file and its folder are watched, and a burst of changes
is read once, a moment after it ends. A file that does not read cleanly is
reported and left alone, never moved aside: the user may be halfway through
an edit. The settings in force stay until a good file arrives.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from boundary_app.core.fields import SettingsError
from boundary_app.core.settings import Settings
from boundary_app.storage.settings_file import read_settings
from boundary_app.storage.system_zone import system_zone

log = logging.getLogger(__name__)

SETTLE_MS = 400


class SettingsWatch(QObject):
    changed = Signal(object)  # the new Settings
    refused = Signal(str)  # what is wrong with the edited file

    def __init__(self, path: Path, current: Settings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self._current = current
        self._watcher = QFileSystemWatcher(self)
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self.reread)
        self._watcher.fileChanged.connect(self._on_change)
        self._watcher.directoryChanged.connect(self._on_change)
        self._watch()

    def _watch(self) -> None:
        folder = self.path.parent
        if folder.is_dir() and str(folder) not in self._watcher.directories():
            self._watcher.addPath(str(folder))
        if self.path.exists() and str(self.path) not in self._watcher.files():
            self._watcher.addPath(str(self.path))

    def note_applied(self, settings: Settings) -> None:
        """The app saved and applied these itself: the coming file change is no news."""
        self._current = settings

    def _on_change(self, _path: str) -> None:
        self._settle.start()

    def reread(self) -> None:
        """Read the file now; announce new settings, or why the file was refused."""
        self._watch()  # a file renamed into place is a new file to watch
        try:
            settings = read_settings(self.path, system_zone=system_zone())
        except SettingsError as exc:
            log.warning("edited settings not applied:\n%s", exc)
            self.refused.emit(str(exc))
            return
        if settings != self._current:
            self._current = settings
            log.info("settings changed in %s", self.path)
            self.changed.emit(settings)
