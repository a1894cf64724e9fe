"""Days off and other hours on single dates (ui).

Part of the "Hours" settings page: a small form (date, day off or other
hours, an optional name) adds a date; the list below shows every date in
order, and its rows are the document's ``exceptions[i]`` in that order.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QRadioButton,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from boundary_app.core.fields import NAME_MAX, parse_block
from boundary_app.core.i18n import _, capitalized
from boundary_app.ui.labels import day_name, make_quiet, problem_label, push_button
from boundary_app.ui.settings.week_editor import ShortTree, span_text

log = logging.getLogger(__name__)

HOURS_EXAMPLE = "10:00-14:00, 15:00-17:00"


@dataclass
class ExceptionRow:
    day: date
    hours: list[str]  # blocks as the file writes them; empty: a day off
    name: str = ""

    def data(self) -> dict[str, Any]:
        entry: dict[str, Any] = {"date": self.day, "hours": list(self.hours)}
        if self.name.strip():
            entry["name"] = self.name.strip()
        return entry

    def what(self) -> str:
        shown = []
        for text in self.hours:
            block = parse_block(text)
            shown.append(text if isinstance(block, str) else span_text(block))
        hours = ", ".join(shown) if shown else _("Day off")
        if not self.name.strip():
            return hours
        # Translators: a date's hours and its name, like "Day off — Christmas Eve".
        return _("{hours} \u2014 {name}").format(hours=hours, name=self.name.strip())


def read_hours(text: str) -> list[str] | str:
    """Blocks typed as "10:00-14:00, 15:00-17:00", as the file writes them; or what is wrong."""
    blocks: list[str] = []
    for part in re.split(r"[,;]", text):
        if not part.strip():
            continue
        block = parse_block(part.strip())
        if isinstance(block, str):
            return block
        blocks.append(block.text())
    return blocks or _("Type the hours of that day, like {example}.").format(example=HOURS_EXAMPLE)


def read_exception(item: object, where: str) -> ExceptionRow | None:
    if not isinstance(item, dict):
        log.warning("%s: not a table; left out of the editor", where)
        return None
    value, hours, name = item.get("date"), item.get("hours"), item.get("name", "")
    day: date | None = value if isinstance(value, date) else None
    if isinstance(value, str):
        try:
            day = date.fromisoformat(value.strip())
        except ValueError:
            day = None
    texts = [hours] if isinstance(hours, str) else hours
    if day is None or not isinstance(texts, list) or not all(isinstance(t, str) for t in texts):
        log.warning("%s: could not be read; left out of the editor", where)
        return None
    return ExceptionRow(day, list(texts), name if isinstance(name, str) else "")


def _qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def _date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class ExceptionsEditor(QWidget):
    """A form to add a day off or other hours, and the dates added so far."""

    edited = Signal()

    def __init__(self, today: date) -> None:
        super().__init__()
        self._rows: list[ExceptionRow] = []
        self._items: list[QTreeWidgetItem] = []

        self.date = QDateEdit(_qdate(today))
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.date.setAccessibleName(_("Date"))
        self.date.dateChanged.connect(lambda _d: self._show_add_text())
        self.weekday = QLabel()
        make_quiet(self.weekday)
        self.day_off = QRadioButton(_("Da&y off"))
        self.other_hours = QRadioButton(_("Ot&her hours"))
        self.choice = QButtonGroup(self)
        self.choice.addButton(self.day_off)
        self.choice.addButton(self.other_hours)
        self.day_off.setChecked(True)
        self.hours = QLineEdit()
        self.hours.setAccessibleName(_("Other hours"))
        self.hours.setPlaceholderText(HOURS_EXAMPLE)
        self.hours.setEnabled(False)
        self.other_hours.toggled.connect(self.hours.setEnabled)
        self.name = QLineEdit()
        self.name.setMaxLength(NAME_MAX)
        self.name.setAccessibleName(_("Name of the date"))
        self.name.setPlaceholderText(_("Optional, e.g. Christmas Eve"))
        self.add_button = push_button("", self.add)
        self.hint = problem_label()  # what is wrong with the hours typed, before adding

        self.list = ShortTree(3, 10)
        self.list.setAccessibleName(_("Days off and other hours"))
        self.list.setColumnCount(3)
        self.list.setHeaderLabels([_("Date"), _("Day"), _("Hours")])
        for number in (0, 1):
            self.list.header().setSectionResizeMode(number, QHeaderView.ResizeMode.ResizeToContents)
        self.list.currentItemChanged.connect(lambda *_: self._on_row_selected())
        self.empty = QLabel(_("No dates yet: every day follows the week above."))
        make_quiet(self.empty)
        self.empty.setWordWrap(True)
        self.remove_button = push_button(_("Remo&ve date"), self.remove)

        date_row = QHBoxLayout()
        date_row.addWidget(self.date)
        date_row.addWidget(self.weekday)
        date_row.addStretch(1)
        hours_row = QHBoxLayout()
        hours_row.addWidget(self.day_off)
        hours_row.addWidget(self.other_hours)
        hours_row.addWidget(self.hours, 1)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        date_label = QLabel(_("Dat&e"))
        date_label.setBuddy(self.date)
        name_label = QLabel(_("Na&me"))
        name_label.setBuddy(self.name)
        form.addRow(date_label, date_row)
        form.addRow(_("Hours"), hours_row)
        form.addRow(name_label, self.name)
        add_row = QHBoxLayout()
        add_row.addStretch(1)
        add_row.addWidget(self.add_button)
        remove_row = QHBoxLayout()
        remove_row.addStretch(1)
        remove_row.addWidget(self.remove_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(form)
        column.addWidget(self.hint)
        column.addLayout(add_row)
        column.addWidget(self.list, 1)
        column.addWidget(self.empty)
        column.addLayout(remove_row)
        self._refresh()

    # -- the document ------------------------------------------------------------

    def set_exceptions(self, items: list[object]) -> None:
        rows = [read_exception(item, f"exceptions[{i}]") for i, item in enumerate(items)]
        self._rows = sorted((r for r in rows if r is not None), key=lambda r: r.day)
        self.hint.hide()
        self._refresh()

    def exceptions_data(self) -> list[dict[str, Any]]:
        return [row.data() for row in self._rows]

    def label_of(self, index: int) -> str:
        """How a row is named in messages: "Thursday 2026-12-24"."""
        if not 0 <= index < len(self._rows):
            return _("Date {number}").format(number=index + 1)
        day = self._rows[index].day
        return f"{capitalized(day_name(day))} {day.isoformat()}"

    # -- what the user sees -------------------------------------------------------

    def select(self, index: int) -> None:
        if 0 <= index < len(self._items):
            self.list.setCurrentItem(self._items[index])

    def _refresh(self, current: date | None = None) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        self._items = [
            QTreeWidgetItem([row.day.isoformat(), capitalized(day_name(row.day)), row.what()])
            for row in self._rows
        ]
        for item in self._items:  # a long name is cut short ("...") in a narrow window
            item.setToolTip(2, item.text(2))
        self.list.addTopLevelItems(self._items)
        self.list.blockSignals(False)
        self.list.updateGeometry()
        days = [row.day for row in self._rows]
        if current in days:
            self.list.setCurrentItem(self._items[days.index(current)])
        self.list.setVisible(bool(self._rows))
        self.empty.setVisible(not self._rows)
        self.remove_button.setEnabled(self.list.currentItem() is not None)
        self._show_add_text()

    def _show_add_text(self) -> None:
        day = _date(self.date.date())
        self.weekday.setText(capitalized(day_name(day)))
        taken = any(row.day == day for row in self._rows)
        self.add_button.setText(_("Replace da&te") if taken else _("Add da&te"))

    def _on_row_selected(self) -> None:
        """Show the selected date in the form, ready to change and add again."""
        item = self.list.currentItem()
        self.remove_button.setEnabled(item is not None)
        if item is None:
            return
        row = self._rows[self.list.indexOfTopLevelItem(item)]
        self.date.setDate(_qdate(row.day))
        (self.other_hours if row.hours else self.day_off).setChecked(True)
        self.hours.setText(", ".join(row.hours))
        self.name.setText(row.name)

    # -- edits ----------------------------------------------------------------------

    def add(self) -> None:
        """Add the date in the form (or replace what that date had)."""
        hours: list[str] | str = []
        if self.other_hours.isChecked():
            hours = read_hours(self.hours.text())
        if isinstance(hours, str):
            self.hint.setText(hours)
            self.hint.show()
            self.hours.setFocus()
            return
        self.hint.hide()
        row = ExceptionRow(_date(self.date.date()), hours, self.name.text().strip())
        others = [r for r in self._rows if r.day != row.day]
        self._rows = sorted([*others, row], key=lambda r: r.day)
        self._refresh(row.day)
        self.edited.emit()

    def remove(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        index = self.list.indexOfTopLevelItem(item)
        del self._rows[index]
        self._refresh()
        if self._rows:
            self.select(min(index, len(self._rows) - 1))
        self.edited.emit()
