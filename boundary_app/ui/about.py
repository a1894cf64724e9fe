"""The "About Boundary" box: the version, what the app is for, the licence (ui)."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from boundary_app import __version__
from boundary_app.core.i18n import _


def about_text(data_folder: str) -> str:
    """What the box says, as plain text (also for tests and screen readers)."""
    return "\n\n".join(
        [
            _("Boundary {version}").format(version=__version__),
            _(
                "Guards the edges of your work day: paced sessions, email at the times you"
                " chose, and a short handoff that leaves the evening to you."
            ),
            _(
                "Everything stays on this computer, in {folder}. Nothing is sent anywhere"
                " unless you point Boundary at your own calendar or mail server."
            ).format(folder=data_folder),
            _("Free software under the GNU General Public License, version 3 or later."),
        ]
    )


def show_about(data_folder: str, parent: QWidget | None = None) -> QMessageBox:
    """Open the box without blocking the app; returns it (it closes itself)."""
    box = QMessageBox(
        QMessageBox.Icon.Information,
        _("About Boundary"),
        about_text(data_folder),
        QMessageBox.StandardButton.Close,
        parent,
    )
    box.setModal(False)
    box.show()  # not open(): that makes a box modal
    return box
