"""Closing the day: one calm question, "I'm done for the day" (ui).

A small non-modal window; the full handoff (tomorrow's tasks, a reframe
card) grows around it. It comes to the front once when opened and does not
steal focus again.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout

PROMPT = (
    "Anything left can wait for tomorrow. Close the day, and Boundary stays quiet"
    " until your next work day begins."
)


class CloseDayWindow(QDialog):
    confirmed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle("Done for the day \u2013 Boundary")
        self.setModal(False)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        prompt = QLabel(PROMPT)
        prompt.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.done_button = QPushButton("I'm done for the day")
        self.done_button.setDefault(True)
        buttons.addButton(self.done_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.later_button = buttons.addButton("Not yet", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self._on_done)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(prompt)
        layout.addWidget(buttons)
        self.setMinimumWidth(380)

    def ask(self, summary: str) -> None:
        """Show the window; it comes forward only if it was not already open."""
        self.summary.setText(summary)
        if self.isVisible():
            return
        self.show()
        self.raise_()
        self.activateWindow()

    def _on_done(self) -> None:
        self.confirmed.emit()
        self.close()
