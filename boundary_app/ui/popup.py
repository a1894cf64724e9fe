"""Boundary's own notification popup, the last fallback when neither D-Bus nor the tray can
show a nudge; ui layer.

A `Popup` is a small frameless window that never takes keyboard focus: the user may be typing
session notes when it appears. `PopupStack` places popups at the top right of the screen, one
under the other, and closes the oldest when the screen is full.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, QRect, Qt, QTimer, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QEnterEvent,
    QGuiApplication,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QScreen,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from boundary_app.core.i18n import _

log = logging.getLogger(__name__)

LIFETIME_MS = 30_000
WIDTH = 360
STRIPE = 4  # the accent bar on the left edge, in the palette's highlight colour

_FLAGS = (
    Qt.WindowType.Tool
    | Qt.WindowType.FramelessWindowHint
    | Qt.WindowType.WindowStaysOnTopHint
    | Qt.WindowType.WindowDoesNotAcceptFocus
)


def _primary_screen() -> QScreen | None:
    # The stubs say it always returns a screen; it returns None while no screen is attached.
    return QGuiApplication.primaryScreen()


class Popup(QWidget):
    """One notice: title, body, its action buttons and a close button.

    Clicking an action, or the popup's text (the action "default"), emits `action_invoked`
    and closes it. It closes by itself after `lifetime_ms` unless the pointer rests on it;
    a `lifetime_ms` of 0 keeps it until the user closes it.
    """

    action_invoked = Signal(str, str)  # notice key, action key
    closed = Signal(str)  # notice key; emitted however the popup went away

    def __init__(
        self,
        key: str,
        title: str,
        body: str,
        actions: Sequence[tuple[str, str]] = (),
        lifetime_ms: int = LIFETIME_MS,
    ) -> None:
        super().__init__(None, _FLAGS)
        self.key = key
        self._previous_active: QWidget | None = None
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setAccessibleDescription(body)
        self.setFixedWidth(WIDTH)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(lifetime_ms)
        self._timer.timeout.connect(self.close)
        self._lifetime_ms = lifetime_ms

        self.title_label = QLabel(title)
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)
        self.title_label.setWordWrap(True)
        font = self.title_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.title_label.setFont(font)

        self.close_button = QToolButton()
        self.close_button.setText("\N{MULTIPLICATION SIGN}")
        self.close_button.setAutoRaise(True)
        close_font = self.close_button.font()
        close_font.setPointSizeF(close_font.pointSizeF() * 1.3)
        self.close_button.setFont(close_font)
        self.close_button.setToolTip(_("Dismiss"))
        self.close_button.setAccessibleName(_("Dismiss notification"))
        self.close_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.close_button.clicked.connect(self.close)

        self.body_label = QLabel(body)
        self.body_label.setTextFormat(Qt.TextFormat.PlainText)
        self.body_label.setWordWrap(True)
        self.body_label.setVisible(bool(body))

        header = QHBoxLayout()
        header.setSpacing(8)
        header.addWidget(self.title_label, 1)
        header.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(STRIPE + 14, 12, 12, 12)
        layout.setSpacing(6)
        layout.addLayout(header)
        layout.addWidget(self.body_label)

        self.action_buttons: list[QPushButton] = []
        if actions:
            row = QHBoxLayout()
            row.setContentsMargins(0, 6, 0, 0)
            row.addStretch(1)
            for action_key, label in actions:
                button = QPushButton(label)
                button.setAccessibleName(label)
                # Translators: what a screen reader says of a notification's button.
                button.setAccessibleDescription(
                    _("{title}: {action}").format(title=title, action=label)
                )
                button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
                button.setAutoDefault(False)
                button.clicked.connect(lambda _=False, k=action_key: self.invoke(k))
                row.addWidget(button)
                self.action_buttons.append(button)
            layout.addLayout(row)
        self.adjustSize()

    def invoke(self, action_key: str) -> None:
        """Act as if the user chose `action_key`: report it and close."""
        self._timer.stop()
        self.action_invoked.emit(self.key, action_key)
        self.close()

    def showEvent(self, event: QShowEvent) -> None:
        active = QApplication.activeWindow()
        self._previous_active = None if isinstance(active, Popup) else active
        if self._lifetime_ms > 0 and not self.underMouse():
            self._timer.start()
        super().showEvent(event)

    def event(self, event: QEvent) -> bool:
        # The window flags ask not to be activated, but some platforms (offscreen, a few window
        # managers) activate it anyway; hand the keyboard back to where the user was typing.
        if event.type() == QEvent.Type.WindowActivate:
            previous = self._previous_active
            if previous is not None and previous.isVisible():
                previous.activateWindow()
        return super().event(event)

    def enterEvent(self, event: QEnterEvent) -> None:
        self._timer.stop()  # someone is reading it
        super().enterEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        if self._lifetime_ms > 0 and self.isVisible():
            self._timer.start()
        super().leaveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
            event.position().toPoint()
        ):
            self.invoke("default")
            return
        super().mouseReleaseEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._timer.stop()
        self.closed.emit(self.key)
        super().closeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        palette = self.palette()
        painter = QPainter(self)
        painter.fillRect(self.rect(), palette.window())
        painter.fillRect(QRect(0, 0, STRIPE, self.height()), palette.highlight())
        painter.setPen(palette.mid().color())
        painter.drawRect(self.rect().adjusted(0, 0, -1, -1))
        painter.end()


class PopupStack(QObject):
    """Shows popups at the top right of the primary screen, stacked downwards."""

    action_invoked = Signal(str, str)  # notice key, action key

    def __init__(
        self,
        lifetime_ms: int = LIFETIME_MS,
        margin: int = 16,
        spacing: int = 8,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._lifetime_ms = lifetime_ms
        self._margin = margin
        self._spacing = spacing
        self._popups: list[Popup] = []

    @property
    def popups(self) -> tuple[Popup, ...]:
        """The open popups, top first."""
        return tuple(self._popups)

    def show_popup(
        self,
        key: str,
        title: str,
        body: str,
        actions: Sequence[tuple[str, str]] = (),
        *,
        sticky: bool = False,
    ) -> Popup:
        """Show a popup; one already open for the same key is replaced. Raises RuntimeError
        when there is no screen. A `sticky` popup stays until the user closes it."""
        screen = _primary_screen()
        if screen is None:
            raise RuntimeError("there is no screen to show a popup on")
        for old in [p for p in self._popups if p.key == key]:
            old.close()
        popup = Popup(key, title, body, actions, lifetime_ms=0 if sticky else self._lifetime_ms)
        popup.action_invoked.connect(self.action_invoked)
        popup.closed.connect(lambda _key, p=popup: self._on_popup_closed(p))
        self._popups.append(popup)
        area = screen.availableGeometry()
        while len(self._popups) > 1 and self._stack_height() > area.height() - 2 * self._margin:
            oldest = self._popups[0]
            log.info("Screen full of popups: closing the oldest, %s", oldest.key)
            oldest.close()
        self._place()
        popup.show()
        return popup

    def close_all(self) -> None:
        for popup in list(self._popups):
            popup.close()

    def _stack_height(self) -> int:
        heights = [p.height() for p in self._popups]
        return sum(heights) + self._spacing * (len(heights) - 1)

    def _place(self) -> None:
        screen = _primary_screen()
        if screen is None:
            return
        area = screen.availableGeometry()
        top = area.top() + self._margin
        for popup in self._popups:
            popup.move(area.right() + 1 - self._margin - popup.width(), top)
            top += popup.height() + self._spacing

    def _on_popup_closed(self, popup: Popup) -> None:
        if popup in self._popups:
            self._popups.remove(popup)
            self._place()  # close the gap
