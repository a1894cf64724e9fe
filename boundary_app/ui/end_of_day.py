"""The end-of-day handoff: tick today's tasks, write tomorrow's, close the day (ui).

A calm, non-modal window. It comes to the front once when it opens and
never again while it stays open, so it cannot take the keyboard from
someone typing elsewhere. What the user types is saved as they type: tasks
at Enter, half-written lines as a draft within a second. "I'm done for the
day" (Ctrl+Enter) closes the day; "Not yet" (Esc) brings the window back in
ten minutes, a limited number of times.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from boundary_app.app.handoffs import Handoffs
from boundary_app.app.task_board import TaskBoard
from boundary_app.core.handoff import SNOOZE_MIN
from boundary_app.core.i18n import _, day_and_month, ngettext
from boundary_app.core.patterns import supervision_hint
from boundary_app.core.status_text import duration
from boundary_app.ui.labels import (
    bring_forward,
    day_name,
    fit_on_screen,
    heading,
    is_ctrl_enter,
    make_quiet,
    next_day_name,
    problem_label,
    push_button,
)
from boundary_app.ui.task_list import TaskList, Which

WIDTH = 560
DRAFT_DELAY_MS = 500  # what is typed reaches the disk within a second
CONFIRMATION_MS = 8_000  # the closing words stay this long


class EndOfDayWindow(QWidget):
    closed_day = Signal()
    snoozed = Signal()

    def __init__(self, board: TaskBoard, handoffs: Handoffs) -> None:
        super().__init__(None, Qt.WindowType.Window)
        self._board = board
        self._handoffs = handoffs
        self._intention: str | None = None
        self.setWindowTitle(_("Done for the day \u2013 Boundary"))
        self.setObjectName("end-of-day")
        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(DRAFT_DELAY_MS)
        self._draft_timer.timeout.connect(self.save_draft)
        self._close_timer = QTimer(self)
        self._close_timer.setSingleShot(True)
        self._close_timer.setInterval(CONFIRMATION_MS)
        self._close_timer.timeout.connect(self.hide)

        self.pages = QStackedWidget()
        self.pages.addWidget(self._build_handoff())
        self.pages.addWidget(self._build_confirmation())
        self._layout = QVBoxLayout(self)
        self._layout.addWidget(self.pages)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.on_done)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.on_not_yet)
        self.resize(WIDTH, 560)

    # -- building ----------------------------------------------------------------

    def _build_handoff(self) -> QWidget:
        self.heading = heading("")
        self.worked = QLabel()
        self.worked.setWordWrap(True)

        self.today = TaskList(
            self._board,
            Which.TODAY,
            can_add=False,
            remove_label=_("&Drop"),
            empty_text=_("Nothing was on today's list."),
        )
        self.today_hint = QLabel()
        self.today_hint.setWordWrap(True)
        today_box = QGroupBox(_("Today"))
        box = QVBoxLayout(today_box)
        box.addWidget(self.today_hint)
        box.addWidget(self.today)

        self.tomorrow = TaskList(
            self._board,
            Which.TOMORROW,
            empty_text=_("Nothing yet. One task per line; Enter adds it."),
            placeholder=_("Add a task for next time and press Enter"),
        )
        self.tomorrow.entry.textEdited.connect(self._draft_timer.start)
        self.tomorrow_box = QGroupBox()
        QVBoxLayout(self.tomorrow_box).addWidget(self.tomorrow)

        self.card = QFrame()
        self.card.setObjectName("reframe")
        self.card.setFrameShape(QFrame.Shape.StyledPanel)
        self.card.setBackgroundRole(self.card.backgroundRole().AlternateBase)
        self.card.setAutoFillBackground(True)
        self.card_title = heading("", 1.0)
        self.card_text = QLabel()
        self.card_text.setWordWrap(True)
        self.card_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.card_hint = make_quiet(QLabel())
        self.card_hint.setWordWrap(True)
        card = QVBoxLayout(self.card)
        card.addWidget(self.card_title)
        card.addWidget(self.card_text)
        card.addWidget(self.card_hint)

        self.evening = QLabel()
        self.evening.setWordWrap(True)
        self.evening.setTextFormat(Qt.TextFormat.PlainText)

        self.went_well = QLineEdit()
        self.went_well.setPlaceholderText(_("Optional"))
        self.went_well.setMaxLength(500)
        self.went_well.textEdited.connect(self._draft_timer.start)
        went_well_label = QLabel(_("One thing that went &well today"))
        went_well_label.setBuddy(self.went_well)

        self.problem = problem_label()

        self.not_yet_button = push_button(_("Not yet"))
        self.not_yet_button.clicked.connect(self.on_not_yet)
        self.done_button = push_button(_("I'm done for the day"))
        self.done_button.setDefault(True)
        font = self.done_button.font()
        font.setBold(True)
        self.done_button.setFont(font)
        self.done_button.setToolTip(_("Ctrl+Enter"))
        self.done_button.clicked.connect(self.on_done)
        buttons = QHBoxLayout()
        buttons.addWidget(self.not_yet_button)
        buttons.addStretch(1)
        buttons.addWidget(self.done_button)

        content = QWidget()
        self._content = content
        column = QVBoxLayout(content)
        column.addWidget(self.heading)
        column.addWidget(self.worked)
        column.addWidget(today_box)
        column.addWidget(self.tomorrow_box)
        column.addWidget(self.card)
        column.addWidget(self.evening)
        column.addWidget(went_well_label)
        column.addWidget(self.went_well)
        column.addStretch(1)
        scroll = QScrollArea()
        self._scroll = scroll
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(content)

        page = QWidget()
        outer = QVBoxLayout(page)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll, 1)
        outer.addWidget(self.problem)
        outer.addLayout(buttons)
        self.setTabOrder(self.tomorrow.entry, self.went_well)
        return page

    def _build_confirmation(self) -> QWidget:
        self.thanks = heading("", 1.4)
        self.thanks.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.thanks_detail = QLabel()
        self.thanks_detail.setWordWrap(True)
        self.thanks_detail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        close = push_button(_("Close"))
        close.clicked.connect(self.hide)
        self.close_button = close
        page = QWidget()
        column = QVBoxLayout(page)
        column.addStretch(1)
        column.addWidget(self.thanks)
        column.addWidget(self.thanks_detail)
        column.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(close)
        row.addStretch(1)
        column.addLayout(row)
        return page

    # -- showing -----------------------------------------------------------------

    def open(self) -> None:
        """Show the window; it comes to the front only when it was not already open."""
        if self.isVisible() and self.pages.currentIndex() == 0:
            self.refresh()
            return
        self._close_timer.stop()
        self.pages.setCurrentIndex(0)
        self.refresh()
        self._restore_draft()
        self.problem.hide()
        self._fit_to_content()
        bring_forward(self)
        self.tomorrow.entry.setFocus()
        QTimer.singleShot(0, self._settle)

    def _fit_to_content(self, content_height: int | None = None) -> None:
        """As tall as what it shows (no empty band, no needless scrolling), within the screen.

        Wrapped lines are only known once the width is: `_settle` measures
        the laid-out page and fits again, then scrolls the focused field into view.
        """
        footer = self.done_button.sizeHint().height() + self._layout.spacing()
        margins = self._layout.contentsMargins()
        footer += margins.top() + margins.bottom()
        if content_height is None:
            content_height = self._content.sizeHint().height()
        fit_on_screen(self, max(self.width(), WIDTH), content_height + footer)
        self._scroll.ensureWidgetVisible(self.tomorrow.entry)

    def _settle(self) -> None:
        if not self.isVisible() or self.pages.currentIndex() != 0:
            return
        column = self._content.layout()
        bottom = column.contentsMargins().bottom() if column is not None else 0
        self._fit_to_content(self.went_well.geometry().bottom() + 1 + bottom)

    def refresh(self) -> None:
        days = self._board.days()
        today, tomorrow = days.today, days.tomorrow
        self.heading.setText(
            # Translators: the end-of-day window's heading, like "Closing Friday, 27 November".
            _("Closing {weekday}, {date}").format(
                weekday=day_name(today), date=day_and_month(today)
            )
        )
        self.worked.setText(
            _("You have worked {duration} today.").format(
                duration=duration(self._board.worked_today())
            )
        )
        next_name = next_day_name(tomorrow, today)
        self.today_hint.setText(
            _(
                "Tick what you finished. Anything left moves to {day} by itself;"
                " drop what no longer needs doing."
            ).format(day=next_name)
        )
        # Translators: the box of tasks for the next work day, like "For Monday".
        self.tomorrow_box.setTitle(_("For {day}").format(day=next_name))
        pattern = self._board.pattern()
        card = self._board.reframe(pattern)
        self.card.setVisible(card is not None)
        if card is not None:
            self.card_title.setText(card.title)
            self.card_text.setText(card.text)
        self.card_hint.setVisible(pattern is not None)
        self.card_hint.setText(supervision_hint(pattern) if pattern is not None else "")
        self._intention = self._board.intention()
        self.evening.setVisible(self._intention is not None)
        self.evening.setText(
            _("For this evening: {intention}").format(intention=self._intention)
            if self._intention
            else ""
        )
        left = self._handoffs.snoozes_left()
        self.not_yet_button.setEnabled(left > 0)
        self.not_yet_button.setText(
            _("Not yet ({minutes} min)").format(minutes=SNOOZE_MIN)
            if left
            else _("Not yet (none left)")
        )
        self.not_yet_button.setToolTip(
            ngettext(
                "Esc: ask again in {minutes} minutes ({left} left today)",
                "Esc: ask again in {minutes} minutes ({left} left today)",
                left,
            ).format(minutes=SNOOZE_MIN, left=left)
            if left
            else _("You have put this off as often as your settings allow.")
        )

    def _draft_key(self) -> str:
        return f"end-of-day:{self._board.days().today.isoformat()}"

    def _restore_draft(self) -> None:
        draft = self._board.draft(self._draft_key())
        if draft.get("new_task") and not self.tomorrow.entry.text():
            self.tomorrow.entry.setText(draft["new_task"])
        if draft.get("went_well") and not self.went_well.text():
            self.went_well.setText(draft["went_well"])

    def save_draft(self) -> None:
        self._draft_timer.stop()
        fields = {"new_task": self.tomorrow.entry.text(), "went_well": self.went_well.text()}
        try:
            self._board.save_draft(self._draft_key(), fields)
        except Exception as exc:  # a draft that cannot be saved must not interrupt typing
            self._show_problem(
                _("What you are typing could not be kept: {reason}").format(reason=exc)
            )

    def _show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(bool(text))

    # -- the two answers ---------------------------------------------------------

    def on_done(self) -> None:
        if self.pages.currentIndex() != 0 or not self.isVisible():
            return
        if not self.tomorrow.add_pending():
            self._show_problem(
                _(
                    "The last task could not be saved, so the day is still open."
                    " It is still in the box above."
                )
            )
            return
        problem = self._handoffs.close_day(self.went_well.text().strip())
        if problem is None:
            self._board.clear_draft(self._draft_key())
        self._draft_timer.stop()
        self.went_well.clear()
        self._confirm(problem)
        self.closed_day.emit()

    def _confirm(self, problem: str | None) -> None:
        tomorrow = self._board.days().tomorrow
        waiting = len(self._board.waiting_next())
        self.thanks.setText(_("That's the day done."))
        if problem:
            detail = _(
                "Boundary will stay quiet tonight, but it could not save that the day"
                " is closed: {problem}"
            ).format(problem=problem)
        elif waiting:
            when = next_day_name(tomorrow, self._board.days().today)
            detail = ngettext(
                "{count} task is waiting for {day}. The rest of the day is yours.",
                "{count} tasks are waiting for {day}. The rest of the day is yours.",
                waiting,
            ).format(count=waiting, day=when)
        else:
            detail = _("Nothing is waiting for tomorrow. The rest of the day is yours.")
        if not problem and self._intention:
            detail += "\n\n" + _("You meant to make time for this: {intention}").format(
                intention=self._intention
            )
        self.thanks_detail.setText(detail)
        self.pages.setCurrentIndex(1)
        self.close_button.setFocus()
        if not problem:
            self._close_timer.start()

    def on_not_yet(self) -> None:
        if self.pages.currentIndex() != 0:
            self.hide()
            return
        self.save_draft()
        if self._handoffs.snooze():
            self.snoozed.emit()
            self.hide()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Ctrl+Enter and Esc from any field (the shortcuts need an active window)."""
        if is_ctrl_enter(event):
            self.on_done()
        elif event.key() == Qt.Key.Key_Escape:
            self.on_not_yet()
        else:
            super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._draft_timer.isActive():
            self.save_draft()
        super().closeEvent(event)
