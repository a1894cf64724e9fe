"""A list of tasks the user can tick, add to, edit, reorder and remove (ui).

Every change goes straight to the `TaskBoard` (and so to the journal);
when it cannot be saved the list says why under itself and keeps what the
user typed. Keys: Enter in the entry line adds a task, F2 or a double
click edits one, Alt+Up / Alt+Down move it, Delete removes it; tasks can
also be dragged into a new order.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRectF,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QKeyEvent, QPainter, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from boundary_app.app.journal_calls import NotSaved
from boundary_app.app.task_board import TaskBoard
from boundary_app.core.i18n import _
from boundary_app.core.tasks import Task
from boundary_app.ui.labels import make_quiet, problem_label, push_button

_ID = Qt.ItemDataRole.UserRole
_TEXT = Qt.ItemDataRole.UserRole + 1


_MAX_ROWS_SHOWN = 8  # a longer list scrolls


class _Rows(QListWidget):
    """A list as tall as its tasks (up to a limit), so short lists leave no empty box."""

    def _rows_height(self, limit: int) -> int:
        """The height of the first `limit` rows as laid out now (wrapped rows included)."""
        frame = 2 * self.frameWidth()
        if self.count() == 0:
            return frame
        self.executeDelayedItemsLayout()
        model = self.model()
        first = self.rectForIndex(model.index(0, 0))
        last = self.rectForIndex(model.index(min(self.count(), limit) - 1, 0))
        return last.bottom() - first.top() + 1 + 2 * self.spacing() + frame

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(hint.width(), self._rows_height(_MAX_ROWS_SHOWN))

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        return QSize(hint.width(), self._rows_height(2))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.updateGeometry()  # wrapped rows change height with the width


class _VisibleChecks(QStyledItemDelegate):
    """Draws a rim around each check box in the text colour.

    Some styles (Fusion with a dark palette) draw an empty box in a shade
    that vanishes against the list; a task must always show it can be ticked.
    """

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        super().paint(painter, option, index)
        if index.data(Qt.ItemDataRole.CheckStateRole) is None:
            return
        item = QStyleOptionViewItem(option)
        self.initStyleOption(item, index)
        widget = option.widget
        style = widget.style() if widget is not None else QApplication.style()
        box = style.subElementRect(QStyle.SubElement.SE_ItemViewItemCheckIndicator, item, widget)
        colour = QColor(option.palette.color(QPalette.ColorRole.Text))
        colour.setAlphaF(0.55)
        painter.save()
        painter.setPen(colour)
        # Half a pixel in: the line falls on the box's own edge at any scale.
        painter.drawRect(QRectF(box).adjusted(0.5, 0.5, -0.5, -0.5))
        painter.restore()


class Which(Enum):
    TODAY = "today"
    TOMORROW = "tomorrow"


class TaskList(QWidget):
    """Today's tasks (with check boxes) or tomorrow's (reorderable), with an entry line."""

    problem_shown = Signal(str)

    def __init__(
        self,
        board: TaskBoard,
        which: Which,
        *,
        can_add: bool = True,
        remove_label: str | None = None,
        empty_text: str | None = None,
        placeholder: str | None = None,
    ) -> None:
        super().__init__()
        remove_label = _("Remove") if remove_label is None else remove_label
        empty_text = _("No tasks.") if empty_text is None else empty_text
        placeholder = _("Add a task and press Enter") if placeholder is None else placeholder
        self._board = board
        self._which = which
        self._reload_pending = False
        self.list = _Rows()
        self.list.setSpacing(2)
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.list.setItemDelegate(_VisibleChecks(self.list))
        self.list.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.list.setAccessibleName(
            _("Today's tasks") if which is Which.TODAY else _("Tomorrow's tasks")
        )
        self.list.setWordWrap(True)
        self.list.setUniformItemSizes(False)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        # Today's list keeps the order tasks came in (carried ones first); tomorrow's
        # is the user's to arrange.
        self._reorderable = which is Which.TOMORROW
        if self._reorderable:
            self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
            self.list.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.list.itemChanged.connect(self._on_item_changed)
        # A reload put off while a task was being edited runs once the editor closes.
        self.list.itemDelegate().closeEditor.connect(self._after_edit)
        self.list.model().rowsMoved.connect(self._on_rows_moved)
        self.list.currentRowChanged.connect(lambda _row: self._update_buttons())
        self.list.installEventFilter(self)
        self.empty = QLabel(empty_text)
        make_quiet(self.empty)
        self.entry = QLineEdit()
        self.entry.setPlaceholderText(placeholder)
        self.entry.setAccessibleName(placeholder)
        self.entry.setClearButtonEnabled(True)
        self.entry.returnPressed.connect(self._on_entry_return)
        self.entry.setVisible(can_add)
        self.up_button = push_button(_("Move &up"), lambda: self.move_current(-1))
        self.down_button = push_button(_("Move dow&n"), lambda: self.move_current(1))
        self.remove_button = push_button(remove_label, self.remove_current)
        self.problem = problem_label()

        buttons = QHBoxLayout()
        self.button_row = buttons  # a window may add its own button at the end
        buttons.addWidget(self.up_button)
        buttons.addWidget(self.down_button)
        buttons.addStretch(1)
        buttons.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)
        layout.addWidget(self.empty)
        layout.addWidget(self.entry)
        layout.addLayout(buttons)
        layout.addWidget(self.problem)
        self.up_button.setVisible(self._reorderable)
        self.down_button.setVisible(self._reorderable)
        board.changed.connect(self.reload)
        self.reload()

    def tasks(self) -> list[Task]:
        if self._which is Which.TODAY:
            return self._board.today()
        return self._board.tomorrow()

    def reload(self) -> None:
        """Show the board's tasks again, keeping the selection (not while one is edited)."""
        if self.list.state() is QAbstractItemView.State.EditingState:
            self._reload_pending = True
            return
        self._reload_pending = False
        current = self.current_id()
        tasks = self.tasks()
        self.list.blockSignals(True)
        self.list.clear()
        for task in tasks:
            self.list.addItem(self._item(task))
            if task.id == current:
                self.list.setCurrentRow(self.list.count() - 1)
        self.list.blockSignals(False)
        self.list.setVisible(bool(tasks))
        self.empty.setVisible(not tasks)
        self.list.updateGeometry()
        self._update_buttons()

    def _item(self, task: Task) -> QListWidgetItem:
        item = QListWidgetItem(task.text)
        item.setData(_ID, task.id)
        item.setData(_TEXT, task.text)
        item.setToolTip(task.text if len(task.text) > 80 else "")
        flags = (
            Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable
        )
        if self._reorderable:
            flags |= Qt.ItemFlag.ItemIsDragEnabled
        if self._which is Which.TODAY:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
            item.setCheckState(Qt.CheckState.Checked if task.done else Qt.CheckState.Unchecked)
            font = item.font()
            font.setStrikeOut(task.done)
            item.setFont(font)
            if task.done:
                item.setForeground(self.palette().placeholderText())
        item.setFlags(flags)
        return item

    def _update_buttons(self) -> None:
        row = self.list.currentRow()
        has = row >= 0
        self.up_button.setEnabled(has and row > 0)
        self.down_button.setEnabled(has and row < self.list.count() - 1)
        self.remove_button.setEnabled(has)
        shown = self.list.count() > 0
        self.up_button.setVisible(shown and self._reorderable)
        self.down_button.setVisible(shown and self._reorderable)
        self.remove_button.setVisible(shown)

    def current_id(self) -> int | None:
        item = self.list.currentItem()
        return None if item is None else int(item.data(_ID))

    def ids(self) -> list[int]:
        return [int(self.list.item(i).data(_ID)) for i in range(self.list.count())]

    def texts(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    def show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(bool(text))
        if text:
            self.problem_shown.emit(text)

    # -- changing ----------------------------------------------------------------

    def _attempt(self, change: Callable[[], object]) -> bool:
        try:
            change()
        except NotSaved as exc:
            self.show_problem(str(exc))
            return False
        self.show_problem("")
        return True

    def add_pending(self) -> bool:
        """Add what is in the entry line (if anything); False if it could not be saved."""
        text = self.entry.text()
        if not text.strip():
            self.entry.clear()
            return True
        tomorrow = self._which is Which.TOMORROW
        if self._attempt(lambda: self._board.add(text, tomorrow=tomorrow)):
            self.entry.clear()
            self.list.scrollToBottom()
            return True
        return False

    def _on_entry_return(self) -> None:
        self.add_pending()

    def _on_item_changed(self, item: QListWidgetItem) -> None:
        task_id = int(item.data(_ID))
        if item.flags() & Qt.ItemFlag.ItemIsUserCheckable:
            done = item.checkState() is Qt.CheckState.Checked
            was_done = item.font().strikeOut()
            if done != was_done:
                self._attempt(lambda: self._board.set_done(task_id, done))
                return
        if item.text() != item.data(_TEXT):
            text = item.text()
            if not text.strip():
                self.show_problem(_("A task needs some text; use Remove to take it off the list."))
                self._restore_text(item)
            elif self._attempt(lambda: self._board.edit(task_id, text)):
                if self._reload_pending:  # still the same item: remember the saved text
                    self.list.blockSignals(True)
                    item.setData(_TEXT, text)
                    self.list.blockSignals(False)
            else:
                self._restore_text(item)

    def _after_edit(self, *_args: object) -> None:
        if self._reload_pending:
            QTimer.singleShot(0, self.reload)

    def _restore_text(self, item: QListWidgetItem) -> None:
        self.list.blockSignals(True)
        item.setText(str(item.data(_TEXT)))
        self.list.blockSignals(False)

    def _on_rows_moved(self, *_args: object) -> None:
        ids = self.ids()
        self._attempt(lambda: self._board.reorder(ids))

    def move_current(self, step: int) -> None:
        row = self.list.currentRow()
        target = row + step
        if not self._reorderable or row < 0 or not 0 <= target < self.list.count():
            return
        ids = self.ids()
        ids.insert(target, ids.pop(row))
        moved = ids[target]
        if self._attempt(lambda: self._board.reorder(ids)):
            for i in range(self.list.count()):
                if int(self.list.item(i).data(_ID)) == moved:
                    self.list.setCurrentRow(i)

    def remove_current(self) -> None:
        task_id = self.current_id()
        if task_id is not None:
            row = self.list.currentRow()
            if self._attempt(lambda: self._board.drop(task_id)) and self.list.count():
                self.list.setCurrentRow(min(row, self.list.count() - 1))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Delete removes the current task; Alt+Up / Alt+Down move it."""
        if (
            watched is self.list
            and isinstance(event, QKeyEvent)
            and event.type() is QEvent.Type.KeyPress
            and self.list.state() is not QAbstractItemView.State.EditingState
        ):
            key, alt = event.key(), event.modifiers() & Qt.KeyboardModifier.AltModifier
            if key == Qt.Key.Key_Delete:
                self.remove_current()
                return True
            if alt and key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
                self.move_current(-1 if key == Qt.Key.Key_Up else 1)
                return True
        return super().eventFilter(watched, event)
