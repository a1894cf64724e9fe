"""A small window with the tray's status and commands, for desktops without a tray (ui)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QResizeEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from boundary_app.app.controller import Controller
from boundary_app.core.i18n import N_, _
from boundary_app.ui.actions import AppActions
from boundary_app.ui.labels import make_quiet
from boundary_app.ui.tray import icon_spec
from boundary_app.ui.tray_icon import make_icon

NO_TRAY_NOTE = N_(
    "Your desktop shows no system tray, so Boundary lives in this window."
    " It moves to the tray as soon as one appears."
)


def _button(action: QAction) -> QToolButton:
    button = QToolButton()
    button.setDefaultAction(action)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    return button


def _menu_button(text: str, actions: list[QAction], parent: QWidget) -> QPushButton:
    button = QPushButton(text)
    menu = QMenu(parent)
    for action in actions:
        menu.addAction(action)
    button.setMenu(menu)
    return button


class StatusWindow(QWidget):
    def __init__(self, controller: Controller, actions: AppActions) -> None:
        super().__init__()
        self._controller = controller
        self._actions = actions
        self.setWindowTitle("Boundary")
        self.state_label = QLabel()
        self.state_label.setWordWrap(True)
        self.state_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.state_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.state_label.setFont(font)
        note = QLabel(_(NO_TRAY_NOTE))
        note.setWordWrap(True)
        make_quiet(note)

        self.start_button = _menu_button(_("Start session"), actions.sessions, self)
        self.pause_button = _menu_button(_("Pause nudges"), actions.pauses, self)
        row1 = QHBoxLayout()
        row1.addWidget(self.start_button)
        row1.addWidget(_button(actions.end_session))
        row1.addWidget(self.pause_button)
        row1.addWidget(_button(actions.resume))
        row1.addStretch()
        row2 = QHBoxLayout()
        row2.addWidget(_button(actions.show_plan))
        row2.addWidget(_button(actions.tasks))
        row2.addWidget(_button(actions.done))
        row2.addStretch()
        row2.addWidget(_button(actions.settings))
        row2.addWidget(_button(actions.quit))

        layout = QVBoxLayout(self)
        self.setMinimumWidth(520)
        layout.addWidget(self.state_label)
        layout.addLayout(row1)
        layout.addLayout(row2)
        layout.addWidget(note)
        controller.changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        self._actions.update()
        self.state_label.setText(self._controller.describe())
        self._fit_height()
        self.start_button.setEnabled(any(a.isEnabled() for a in self._actions.sessions))
        self.setWindowIcon(make_icon(icon_spec(self._controller)))

    def _fit_height(self) -> None:
        """Grow (or shrink) to the wrapped text: Qt does not do it for a window."""
        layout = self.layout()
        if layout is None:
            return
        layout.activate()
        needed = layout.totalHeightForWidth(max(self.width(), self.minimumWidth()))
        if needed > 0:
            self.setMinimumHeight(needed)
            self.resize(self.width(), needed)

    def resizeEvent(self, event: QResizeEvent) -> None:  # Qt override
        super().resizeEvent(event)
        layout = self.layout()
        if layout is not None and layout.totalHeightForWidth(self.width()) != self.height():
            self._fit_height()

    def closeEvent(self, event: QCloseEvent) -> None:  # Qt override
        # Closing the window would leave no way back in: minimise instead.
        event.ignore()
        self.showMinimized()
