"""What the windows share: headings, problem labels, day names, time fields, keys, sizing (ui)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QKeyEvent, QPalette
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from boundary_app.core.i18n import TimeStyle, date_text, time_style, weekday_name


def heading(text: str, scale: float = 1.25) -> QLabel:
    """A bold, larger label that wraps (never clipped at large text sizes)."""
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * scale)
    label.setFont(font)
    label.setWordWrap(True)
    return label


def make_quiet(label: QLabel) -> QLabel:
    """Secondary text (hints, notes) in a softer colour that still reads well.

    Not `setEnabled(False)`: a disabled label is drawn at about 1.6:1 contrast
    in a light palette (found in the screenshots), and screen readers call it
    unavailable. This blends the text colour 70% into the background: about
    8:1 on light, 7:1 on dark.
    """
    palette = label.palette()
    text = palette.color(QPalette.ColorRole.WindowText)
    back = palette.color(QPalette.ColorRole.Window)
    soft = QColor(
        round(text.red() * 0.7 + back.red() * 0.3),
        round(text.green() * 0.7 + back.green() * 0.3),
        round(text.blue() * 0.7 + back.blue() * 0.3),
    )
    palette.setColor(QPalette.ColorRole.WindowText, soft)
    label.setPalette(palette)
    return label


def push_button(text: str, on_click: Callable[[], object] | None = None) -> QPushButton:
    """A button that never fires on Enter typed elsewhere in the window (not auto-default)."""
    button = QPushButton(text)
    button.setAutoDefault(False)
    if on_click is not None:
        # `clicked` passes a `checked` flag the actions do not take
        button.clicked.connect(lambda _checked=False: on_click())
    return button


def problem_label() -> QLabel:
    """A hidden label that says, on a red band readable in light and dark, what went wrong."""
    label = QLabel()
    label.setWordWrap(True)
    label.setObjectName("problem")
    label.setStyleSheet("color: white; background: #b3261e; padding: 6px; border-radius: 3px;")
    label.hide()
    return label


def day_name(day: date) -> str:
    """The weekday's name as it reads inside a sentence: "Friday" (Spanish "viernes")."""
    return weekday_name(day.weekday())


def next_day_name(day: date, since: date) -> str:
    """The name of the next work day as seen from `since`: "Monday", or with its date."""
    if 0 < (day - since).days < 7:
        return day_name(day)
    return date_text(day)


def time_format() -> str:
    """The display format of the windows' time fields: "HH:mm", or "h:mm AP" on a 12-hour clock."""
    return "h:mm AP" if time_style() is TimeStyle.H12 else "HH:mm"


def is_ctrl_enter(event: QKeyEvent) -> bool:
    """Ctrl+Return or Ctrl+Enter (the keypad's), the windows' "primary action" keys."""
    ctrl = event.modifiers() & Qt.KeyboardModifier.ControlModifier
    return bool(ctrl) and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def bring_forward(window: QWidget) -> None:
    """Show `window` in front of the others, with the keyboard (the desktop may refuse focus)."""
    window.show()
    window.raise_()
    window.activateWindow()


def fit_on_screen(window: QWidget, width: int, height: int) -> None:
    """Resize `window` to the size it wants, but never past 90% of its screen.

    At 200% scaling a screen may be only 640x400 in Qt's units: a window sized
    in fixed numbers would hang off it (found in the Xvfb screenshots).
    """
    room = window.screen().availableGeometry()
    window.resize(min(width, int(room.width() * 0.9)), min(height, int(room.height() * 0.9)))
