"""Today's tasks: the morning handoff, and the list to tick off during the day (ui).

One small window in two roles. In the morning it says "From <the previous
work day>" and closes with "Start my day", which marks the handoff seen;
from the tray ("Today's tasks...") it is a plain list to tick and add to.
Like the end-of-day window it comes forward once when opened.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from boundary_app.app.task_board import TaskBoard
from boundary_app.core.i18n import _, capitalized
from boundary_app.ui.labels import (
    bring_forward,
    day_name,
    fit_on_screen,
    heading,
    is_ctrl_enter,
    push_button,
)
from boundary_app.ui.task_list import TaskList, Which

WIDTH = 480


class TasksWindow(QWidget):
    started_day = Signal()  # "Start my day" in the morning role

    def __init__(self, board: TaskBoard) -> None:
        super().__init__(None, Qt.WindowType.Window)
        self._board = board
        self._morning = False
        self.setObjectName("tasks")
        self.heading = heading("")
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.tasks = TaskList(
            board,
            Which.TODAY,
            remove_label=_("&Drop"),
            empty_text=_("Nothing on today's list."),
            placeholder=_("Add a task for today and press Enter"),
        )
        # Here the list is the window: it takes the room the window has.
        self.tasks.list.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        self.start_button = push_button(_("&Start my day"))
        self.start_button.clicked.connect(self.on_start)
        font = self.start_button.font()
        font.setBold(True)
        self.start_button.setFont(font)
        self.tasks.button_row.addWidget(self.start_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.intro)
        layout.addWidget(self.tasks, 1)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.on_start)
        self.resize(WIDTH, 320)

    def open_morning(self) -> None:
        """The morning handoff: what the previous work day left for today."""
        self._morning = True
        before = self._board.previous_workday()
        self.setWindowTitle(_("Good morning \u2013 Boundary"))
        self.heading.setText(
            # Translators: the morning window's heading, like "From Friday".
            _("From {day}").format(day=day_name(before)) if before else _("Waiting for you today")
        )
        self.intro.setText(
            _(
                "The list you left yourself. Tick what is already done, drop what no longer"
                " matters, and take the rest one at a time."
            )
        )
        self.start_button.setText(_("&Start my day"))
        self._show()

    def open_today(self) -> None:
        """The list of today's tasks, from the tray."""
        if self.isVisible() and self._morning:
            return
        self._morning = False
        today = self._board.days().today
        self.setWindowTitle(_("Today's tasks \u2013 Boundary"))
        # Translators: a heading, like "Friday's tasks".
        self.heading.setText(capitalized(_("{day}'s tasks").format(day=day_name(today))))
        self.intro.setText(_("Tick tasks off as you go. Anything left carries over by itself."))
        self.start_button.setText(_("&Close"))
        self._show()

    def _show(self) -> None:
        self.tasks.reload()
        if self.isVisible():
            return
        fit_on_screen(self, WIDTH, self.sizeHint().height())
        bring_forward(self)
        self.tasks.entry.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if is_ctrl_enter(event):
            self.on_start()
        elif event.key() == Qt.Key.Key_Escape:
            self.close()
        else:
            super().keyPressEvent(event)

    def on_start(self) -> None:
        if not self.isVisible() or not self.tasks.add_pending():
            return
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        # However the morning window is put away, it has been seen.
        if self._morning:
            self._morning = False
            self.started_day.emit()
        super().closeEvent(event)
