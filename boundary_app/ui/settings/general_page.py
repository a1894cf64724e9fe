"""Settings page "General": start at login, your data, export, defaults, version (ui)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
)

from boundary_app import __version__
from boundary_app.core.fields import Problem
from boundary_app.core.i18n import N_, _
from boundary_app.ui.labels import make_quiet, push_button
from boundary_app.ui.settings.page import Document, SettingsPage


class GeneralPage(SettingsPage):
    title = N_("General")
    keys = ()
    open_folder_requested = Signal()
    export_requested = Signal()
    reset_requested = Signal()

    def __init__(self, data_folder: str, settings_file: str) -> None:
        super().__init__()
        self.autostart = QCheckBox(_("&Start Boundary when I log in"))
        self.autostart.toggled.connect(lambda _on: self.edited.emit())
        self.autostart_note = QLabel()
        self.autostart_note.setWordWrap(True)
        make_quiet(self.autostart_note)
        login = QGroupBox(_("At login"))
        column = QVBoxLayout(login)
        column.addWidget(self.autostart)
        column.addWidget(self.autostart_note)

        data = QGroupBox(_("Your data"))
        column = QVBoxLayout(data)
        where = QLabel(
            _(
                "Tasks, closed days and sessions are kept on this computer only, in"
                " {folder}.\nSettings: {file}"
            ).format(folder=data_folder, file=settings_file)
        )
        where.setWordWrap(True)
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_folder = push_button(_("&Open data folder"))
        self.open_folder.clicked.connect(lambda _c=False: self.open_folder_requested.emit())
        self.export = push_button(_("&Export settings\u2026"))
        self.export.clicked.connect(lambda _c=False: self.export_requested.emit())
        self.reset = push_button(_("&Reset to defaults"))
        self.reset.setToolTip(
            _("Fills every page with the built-in settings; nothing is saved until Apply")
        )
        self.reset.clicked.connect(lambda _c=False: self.reset_requested.emit())
        row = QHBoxLayout()
        row.addWidget(self.open_folder)
        row.addWidget(self.export)
        row.addStretch(1)
        # On a line of its own: beside the other two it made the page scroll sideways
        # at 200% scaling, and it is set apart from them anyway.
        reset_row = QHBoxLayout()
        reset_row.addStretch(1)
        reset_row.addWidget(self.reset)
        column.addWidget(where)
        column.addLayout(row)
        column.addLayout(reset_row)

        version = QLabel(_("Boundary {version}").format(version=__version__))
        make_quiet(version)
        layout = QVBoxLayout(self)
        layout.addWidget(login)
        layout.addWidget(data)
        layout.addStretch(1)
        layout.addWidget(version)

    def show_autostart(self, enabled: bool, note: str, available: bool) -> None:
        self.autostart.blockSignals(True)
        self.autostart.setChecked(enabled)
        self.autostart.blockSignals(False)
        self.autostart.setEnabled(available)
        self.autostart_note.setText(note)

    def load(self, document: Document) -> None:
        """Nothing of the settings file lives here."""

    def store(self, document: Document) -> None:
        """Nothing of the settings file lives here."""

    def show_problems(self, problems: list[Problem]) -> None:
        """No settings-file fields here."""
