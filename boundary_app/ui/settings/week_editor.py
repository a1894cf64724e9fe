"""The week's work blocks, day by day, and a from/until editor for one span (ui).

Part of the "Hours" settings page. The week is shown as seven rows (Monday
first) with a summary each; the selected day's blocks are listed beside it
and the selected block is edited with two time fields. Blocks keep the
order the user gave them, so a problem about ``week.tuesday[1]`` is the
second row of Tuesday's list.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import time

from PySide6.QtCore import QSize, Qt, QTime, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QListWidget,
    QTimeEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from boundary_app.core import i18n
from boundary_app.core.fields import parse_block
from boundary_app.core.i18n import _, capitalized, time_text, weekday_name
from boundary_app.core.settings import WEEKDAYS, Block, weekday_number
from boundary_app.ui.labels import make_quiet, push_button, time_format

log = logging.getLogger(__name__)

MIDNIGHT = time(0, 0)
NINE_TO_FIVE = Block(time(9, 0), time(17, 0))


def day_names() -> tuple[str, ...]:
    """The weekdays' names as a list shows them, Monday first: "Monday" (Spanish "Lunes")."""
    return tuple(capitalized(weekday_name(n)) for n in range(7))


def runs_overnight(block: Block) -> bool:
    """Whether the block runs into the next day (ending at midnight does not)."""
    return block.end != MIDNIGHT and block.end <= block.start


def span_text(block: Block) -> str:
    """ "09:00-17:00" (or "9:00 AM-5:00 PM"), en dash; a 24-hour end at midnight is "24:00"."""
    on_24 = i18n.time_style() is i18n.TimeStyle.H24
    end = "24:00" if block.end == MIDNIGHT and on_24 else time_text(block.end)
    return i18n.span_text(block.start, end)


def day_summary(blocks: list[Block]) -> str:
    """A day's row: "Day off", or its blocks, "(overnight)" after one ending the next day."""
    if not blocks:
        return _("Day off")
    return ", ".join(
        _("{span} (overnight)").format(span=span_text(b)) if runs_overnight(b) else span_text(b)
        for b in blocks
    )


def next_block(blocks: list[Block]) -> Block:
    """A sensible block to add: an hour after the last one ends, up to four hours long."""
    if not blocks:
        return NINE_TO_FIVE
    last = blocks[-1]
    end = 24 * 60 if last.end == MIDNIGHT else last.end.hour * 60 + last.end.minute
    start = min(end + 60, 23 * 60)
    finish = min(start + 4 * 60, 24 * 60) % (24 * 60)
    return Block(time(start // 60, start % 60), time(finish // 60, finish % 60))


def read_blocks(value: object, where: str) -> list[Block]:
    """Blocks from the document's list of "HH:MM-HH:MM" (or one such text)."""
    items = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    blocks: list[Block] = []
    for item in items:
        parsed = parse_block(item) if isinstance(item, str) else None
        if isinstance(parsed, Block):
            blocks.append(parsed)
        else:
            log.warning("%s: left out of the editor: %r", where, parsed or item)
    return blocks


def _qtime(value: time) -> QTime:
    return QTime(value.hour, value.minute)


def _time(value: QTime) -> time:
    return time(value.hour(), value.minute())


def time_edit(accessible_name: str) -> QTimeEdit:
    edit = QTimeEdit()
    edit.setDisplayFormat(time_format())
    edit.setWrapping(True)
    edit.setAccessibleName(accessible_name)
    return edit


class SpanEdit(QWidget):
    """From and until, as two time fields, and a note when the span ends the next day."""

    changed = Signal()  # the user changed a time

    def __init__(self, from_label: str, until_label: str, starts: str, ends: str) -> None:
        super().__init__()
        self.start = time_edit(starts)
        self.end = time_edit(ends)
        self.note = QLabel()
        make_quiet(self.note)
        start_label = QLabel(from_label)
        start_label.setBuddy(self.start)
        end_label = QLabel(until_label)
        end_label.setBuddy(self.end)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(start_label)
        row.addWidget(self.start)
        row.addSpacing(self.fontMetrics().horizontalAdvance("  "))
        row.addWidget(end_label)
        row.addWidget(self.end)
        row.addWidget(self.note)
        row.addStretch(1)
        self._filling = False
        self.start.timeChanged.connect(self._on_time_changed)
        self.end.timeChanged.connect(self._on_time_changed)
        self.set_block(None)

    def set_block(self, block: Block | None) -> None:
        """Show `block` without counting it as an edit; None empties and disables the fields."""
        self._filling = True
        shown = block or NINE_TO_FIVE
        self.start.setTime(_qtime(shown.start))
        self.end.setTime(_qtime(shown.end))
        self._filling = False
        self.setEnabled(block is not None)
        self._show_note()

    def block(self) -> Block:
        return Block(_time(self.start.time()), _time(self.end.time()))

    def _show_note(self) -> None:
        block = self.block()
        if not self.isEnabled():
            self.note.setText("")
        elif block.end == MIDNIGHT:
            self.note.setText(_("ends at midnight"))
        elif runs_overnight(block):
            self.note.setText(_("ends the next day"))
        else:
            self.note.setText("")

    def _on_time_changed(self, _value: QTime) -> None:
        self._show_note()
        if not self._filling:
            self.changed.emit()


def rows_height(view: QAbstractItemView, rows: int) -> int:
    """The height that shows `rows` rows of `view` (and its header), from its font."""
    # The first row's own height when there is one: the font's height plus a margin is
    # taller than the rows Fusion draws, and left two empty rows under Sunday.
    row = view.sizeHintForRow(0)
    if row <= 0:
        row = view.fontMetrics().height() + 4
    header = view.header().sizeHint().height() if isinstance(view, QTreeWidget) else 0
    return rows * row + header + 2 * view.frameWidth()


class ShortList(QListWidget):
    """A list that asks for as many rows as it has, within `least` and `most`.

    A row too long for the list wraps: a sideways scroll bar would hide its end
    and take the place of a row (a long break name at 200% scaling).
    """

    def __init__(self, least: int, most: int) -> None:
        super().__init__()
        self._least, self._most = least, most
        self.setWordWrap(True)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def minimumSizeHint(self) -> QSize:
        return QSize(super().minimumSizeHint().width(), rows_height(self, self._least))

    def sizeHint(self) -> QSize:
        rows = min(max(self.count(), self._least), self._most)
        return QSize(super().sizeHint().width(), rows_height(self, rows))


class ShortTree(QTreeWidget):
    """A list with columns that asks for as many rows as it has, within `least` and `most`."""

    def __init__(self, least: int, most: int) -> None:
        super().__init__()
        self._least, self._most = least, most
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setAllColumnsShowFocus(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)

    def minimumSizeHint(self) -> QSize:
        return QSize(super().minimumSizeHint().width(), rows_height(self, self._least))

    def sizeHint(self) -> QSize:
        rows = min(max(self.topLevelItemCount(), self._least), self._most)
        return QSize(super().sizeHint().width(), rows_height(self, rows))


class DayList(ShortTree):
    """The seven weekdays and their hours; always tall enough for all seven."""

    def __init__(self) -> None:
        super().__init__(7, 7)
        self.setColumnCount(2)
        self.setHeaderLabels([_("Day"), _("Hours")])
        self.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.header().setStretchLastSection(True)
        self.setWordWrap(True)
        self.rows = [QTreeWidgetItem([name, ""]) for name in day_names()]
        self.addTopLevelItems(self.rows)

    def ideal_width(self) -> int:
        """The width that shows every summary whole."""
        return self.sizeHintForColumn(0) + self.sizeHintForColumn(1) + 4 * self.frameWidth()


class WeekEditor(QWidget):
    """Work blocks per weekday: pick a day, then add, change or remove its blocks."""

    edited = Signal()

    def __init__(self) -> None:
        super().__init__()
        self._week: list[list[Block]] = [[] for _ in WEEKDAYS]

        self.days = DayList()
        self.days.setAccessibleName(_("Work days"))
        self.copy_button = push_button(_("Copy Mon&day to weekdays"))
        self.copy_button.setToolTip(_("Give Tuesday to Friday the same blocks as Monday"))
        self.copy_button.clicked.connect(lambda _c=False: self.copy_monday())

        self.blocks_caption = QLabel()
        self.blocks_caption.setWordWrap(True)
        self.blocks = ShortList(3, 3)
        self.blocks.setAccessibleName(_("Work blocks of the day"))
        self.span = SpanEdit(_("&From"), _("&Until"), _("Block starts"), _("Block ends"))
        self.add_button = push_button(_("&Add block"), self.add_block)
        self.remove_button = push_button(_("&Remove block"), self.remove_block)

        copy_row = QHBoxLayout()
        copy_row.addWidget(self.copy_button)
        copy_row.addStretch(1)
        left = QVBoxLayout()
        left.addWidget(self.days, 1)
        left.addLayout(copy_row)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.blocks_caption)
        right.addWidget(self.blocks, 1)
        right.addWidget(self.span)
        right.addLayout(buttons)
        # Side by side when the summaries fit whole, else the day's blocks go below.
        self._right = right
        self._row = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self._row.setContentsMargins(0, 0, 0, 0)
        self._row.addLayout(left, 3)
        self._row.addLayout(right, 2)

        self.days.currentItemChanged.connect(lambda *_: self._show_day())
        self.blocks.currentRowChanged.connect(lambda _row: self._show_block())
        self.span.changed.connect(self._on_span_changed)
        self._refresh_days()
        self.select(0)

    # -- the document ------------------------------------------------------------

    def set_week(self, week: Mapping[str, object]) -> None:
        self._week = [[] for _ in WEEKDAYS]
        for key, value in week.items():
            number = weekday_number(key)
            if number is None:
                log.warning("week.%s: not a weekday; left out of the editor", key)
                continue
            self._week[number] = read_blocks(value, f"week.{key}")
        self._refresh_days()
        self.select(self.current_day())

    def week_data(self) -> dict[str, list[str]]:
        """The week as the document holds it: full day names, days off left out."""
        return {
            WEEKDAYS[n]: [b.text() for b in blocks] for n, blocks in enumerate(self._week) if blocks
        }

    def blocks_of(self, day: int) -> list[Block]:
        return list(self._week[day])

    # -- what the user sees -------------------------------------------------------

    def current_day(self) -> int:
        item = self.days.currentItem()
        return 0 if item is None else self.days.indexOfTopLevelItem(item)

    def summary(self, day: int) -> str:
        return self.days.rows[day].text(1)

    def select(self, day: int, block: int | None = None) -> None:
        """Select a weekday (0 = Monday) and, optionally, one of its blocks."""
        self.days.setCurrentItem(self.days.rows[day])
        self._show_day()
        if block is not None and 0 <= block < self.blocks.count():
            self.blocks.setCurrentRow(block)

    def _refresh_days(self) -> None:
        for day, blocks in enumerate(self._week):
            self.days.rows[day].setText(1, day_summary(blocks))
            self.days.rows[day].setToolTip(1, day_summary(blocks))
        self.days.updateGeometry()
        self._arrange(self.width())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange(event.size().width())

    def _arrange(self, width: int) -> None:
        wanted = self.days.ideal_width() + self._row.spacing() + self._right.sizeHint().width()
        direction = (
            QBoxLayout.Direction.LeftToRight
            if width >= wanted
            else QBoxLayout.Direction.TopToBottom
        )
        if self._row.direction() != direction:
            self._row.setDirection(direction)

    def _show_day(self) -> None:
        day = self.current_day()
        name = weekday_name(day)
        # Translators: above the list of a day's work blocks, like "Monday's blocks".
        self.blocks_caption.setText(capitalized(_("{day}\u2019s blocks").format(day=name)))
        self.blocks.setAccessibleName(capitalized(_("{day}\u2019s work blocks").format(day=name)))
        self.blocks.blockSignals(True)
        self.blocks.clear()
        for block in self._week[day]:
            self.blocks.addItem(self._block_text(block))
        self.blocks.blockSignals(False)
        if self._week[day]:
            self.blocks.setCurrentRow(0)
        self._show_block()

    @staticmethod
    def _block_text(block: Block) -> str:
        if runs_overnight(block):
            return _("{span} (ends the next day)").format(span=span_text(block))
        return span_text(block)

    def _show_block(self) -> None:
        row = self.blocks.currentRow()
        blocks = self._week[self.current_day()]
        self.span.set_block(blocks[row] if 0 <= row < len(blocks) else None)
        self.remove_button.setEnabled(0 <= row < len(blocks))

    # -- edits ----------------------------------------------------------------------

    def _on_span_changed(self) -> None:
        day, row = self.current_day(), self.blocks.currentRow()
        if not 0 <= row < len(self._week[day]):
            return
        block = self.span.block()
        self._week[day][row] = block
        self.blocks.item(row).setText(self._block_text(block))
        self._refresh_days()
        self.edited.emit()

    def add_block(self) -> None:
        day = self.current_day()
        self._week[day].append(next_block(self._week[day]))
        self._refresh_days()
        self.select(day, len(self._week[day]) - 1)
        self.edited.emit()

    def remove_block(self) -> None:
        day, row = self.current_day(), self.blocks.currentRow()
        if not 0 <= row < len(self._week[day]):
            return
        del self._week[day][row]
        self._refresh_days()
        self.select(day, min(row, len(self._week[day]) - 1))
        self.edited.emit()

    def copy_monday(self) -> None:
        for day in range(1, 5):
            self._week[day] = list(self._week[0])
        self._refresh_days()
        self.select(self.current_day())
        self.edited.emit()
